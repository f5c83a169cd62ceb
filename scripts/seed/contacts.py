"""A Belgian cooperative's address book, generated deterministically.

    python scripts/seed/contacts.py --count 300 --out DIR [--seed 42]

Writes one <uid>.vcf per contact (the same files for the same count and
seed, on any machine): French, Dutch, German and other names found in
Belgium, with accents (Hélène, Dubœuf, Jürgen, Weiß, Søren, Łukasz);
Belgian mobiles (+32 4xx) and landlines in the zone of the member's city,
written the ways people write them; e-mail addresses (many at nubo.coop);
Belgian cooperatives, ASBL/VZW and communes; street addresses; birthdays,
notes, categories, nicknames and web sites for some; a few organisations
without a person. About 60% vCard 3.0 and 40% vCard 4.0, in the styles of
the clients that wrote them (iPhone, Nextcloud, Thunderbird, DAVx5), about
10% with a small real JPEG photo (a generated mosaic avatar), Apple-style
grouped properties (item1.EMAIL + item1.X-ABLabel) and unknown X- properties
for some. Lines are folded at 75 octets, never inside a UTF-8 character,
and end with CRLF.

Always present, whatever the count (at least 5) and seed; tests rely on them:

  file / UID              name                 e-mail                       phone
  helene-duboeuf          Hélène Dubœuf        helene.duboeuf@nubo.coop     +32 470 12 34 56
  jan-vandenbroeck        Jan Van den Broeck   jan.vandenbroeck@nubo.coop   +32 2 555 01 02
  francoise-lambert       Françoise Lambert    francoise.lambert@nubo.coop  (none)
  jurgen-weiss            Jürgen Weiß          juergen.weiss@skynet.be      +32 87 55 44 33
  genevieve-desmet        Geneviève De Smet    genevieve.desmet@nubo.coop   +32 495 98 76 54

  Hélène: vCard 3.0, ORG Nubo SCRL, TITLE Coordinatrice, CATEGORIES
    Coopérateur + Conseil d'administration, BDAY 1978-05-12, Ixelles address.
  Jan: vCard 3.0, ORG Cooperatieve Ecopower, CATEGORIES Coöperant; his
    number is a Brussels landline (TEL;TYPE=WORK).
  Françoise: vCard 3.0, ORG ASBL Lire et Écrire, no phone.
  Jürgen: vCard 4.0, a year-less BDAY (--0312), Eupen address, CATEGORIES
    Bénévole.
  Geneviève: vCard 3.0 with a PHOTO (ENCODING=b JPEG, 64x64), Apple-style
    item1.EMAIL + item1.X-ABLabel "Coopérative", X-NUBO-COOPERATOR-NUMBER
    BE-0042 (X-SHARES=4), a NOTE on two lines.
Every other contact's UID ends with its number or is a UUID, so all differ.

Radicale 3.9 (through vobject) destroys vCard 4 data-URI photos: it stores
and serves `PHOTO:data:image/jpeg\\;base64`, without the image (Kozea/Radicale
issues 648, 1795, 1863). vCard 3 photos survive; the known member with a
photo is therefore vCard 3.
"""

import argparse
import base64
import os
import random
import struct
import unicodedata
import uuid

FIRST = {
    "fr": ["Hélène", "Françoise", "Geneviève", "Aurélie", "Théo", "Jérôme", "Benoît", "Cécile", "Amélie", "Noémie",
           "Rémi", "Loïc", "Maëlle", "Zoé", "Étienne", "Gaëlle", "Léa", "Chloé", "Raphaël", "Inès", "Marie-Claire",
           "Jean-Luc", "Anne-Sophie", "Pierre-Yves", "Mélanie", "Sébastien", "Frédéric", "Séverine", "Valérie",
           "Thérèse", "Josée", "Agnès", "Noël", "Dominique", "Michel", "Nathalie", "Christophe", "Émilie", "Hugo",
           "Manon", "Louis", "Camille", "Arnaud", "Céline", "Grégoire", "Joëlle"],
    "nl": ["Jan", "Pieter", "Liesbeth", "Annelies", "Wouter", "Sofie", "Koen", "Griet", "Lotte", "Bram", "Hanne",
           "Joris", "Sien", "Ruben", "Fien", "Tijs", "Ilse", "Geert", "Els", "Maarten", "Jef", "Stijn", "Veerle",
           "Katrien", "Dirk", "Hilde", "Lieven", "Jolien", "Wannes", "Nele", "Sander", "Femke", "Arne", "Eline",
           "Jozef", "Mieke", "Bart", "Ann", "Tom", "Kristof", "Inge", "Seppe", "Noor", "Michiel", "Anneleen"],
    "de": ["Jürgen", "Günther", "Jörg", "Käthe", "Björn", "Lüdger", "Dörte", "Uwe", "Sabine", "Heike", "Matthias",
           "Jens", "Ute", "Klaus", "Bärbel"],
    "other": ["Søren", "Bjørn", "Åsa", "Łukasz", "Małgorzata", "Agnieszka", "Yasmina", "Mehmet", "Fatima", "Karim",
              "Nadia", "Ayşe", "Kofi", "Mireille", "Giulia", "Marco", "Ana", "José", "Ioana", "Dorota", "Zoë",
              "Sinéad", "Tomáš"],
}
LAST = {
    "fr": ["Dubœuf", "Lambert", "Dupont", "Lefèvre", "Lemaître", "Gérard", "Mercier", "Fontaine", "Renard",
           "Delcourt", "Château", "Bélanger", "Pâquet", "Noël", "Hénin", "Leroy", "Collignon", "Wéry", "Dubois",
           "Lejeune", "Massart", "Hubert", "Lecocq", "Laurent", "Mathieu", "Piérard", "Fraiture", "Deprez",
           "de Hemptinne", "d'Ursel", "Dumont-Lefèbvre", "Ghislain", "Moreau", "Simon", "Léonard", "François"],
    "nl": ["Van den Broeck", "De Smet", "Peeters", "Janssens", "Maes", "Willems", "Claes", "Goossens", "Wouters",
           "De Vos", "Van Damme", "Verstraeten", "D'Hondt", "Vermeulen", "Van Acker", "Coppens", "Mertens",
           "Jacobs", "Van de Velde", "Dewulf", "Vandenberghe", "Desmet", "Van der Linden", "De Clercq", "Hermans",
           "Verhoeven", "Van Hoof", "Declercq", "Vanhove", "Cools", "Aerts", "Lenaerts", "Verbruggen", "Ceulemans",
           "Van Goethem", "De Backer"],
    "de": ["Müller", "Schröder", "Weiß", "Groß", "Krämer", "Jößen", "Heinen", "Kessler", "Schmitz", "Brüll",
           "Lüdtke", "Förster"],
    "other": ["Østergaard", "Kowalczyk", "Nowak", "Wiśniewska", "El Amrani", "Benali", "Yılmaz", "Öztürk",
              "Mukendi", "Kabasele", "Rossi", "Esposito", "García", "Popescu", "Ó Briain", "Novák", "Haddad"],
}
# City, postcode, landline zone, language of the street names.
CITIES = [
    ("Bruxelles", "1000", "2", "fr"), ("Ixelles", "1050", "2", "fr"), ("Schaerbeek", "1030", "2", "fr"),
    ("Saint-Gilles", "1060", "2", "fr"), ("Anderlecht", "1070", "2", "fr"), ("Liège", "4000", "4", "fr"),
    ("Namur", "5000", "81", "fr"), ("Charleroi", "6000", "71", "fr"), ("Louvain-la-Neuve", "1348", "10", "fr"),
    ("Mons", "7000", "65", "fr"), ("Arlon", "6700", "63", "fr"), ("Verviers", "4800", "87", "fr"),
    ("Tournai", "7500", "69", "fr"), ("Gent", "9000", "9", "nl"), ("Antwerpen", "2000", "3", "nl"),
    ("Leuven", "3000", "16", "nl"), ("Brugge", "8000", "50", "nl"), ("Mechelen", "2800", "15", "nl"),
    ("Hasselt", "3500", "11", "nl"), ("Kortrijk", "8500", "56", "nl"), ("Aalst", "9300", "53", "nl"),
    ("Oostende", "8400", "59", "nl"), ("Eupen", "4700", "87", "de"), ("Sankt Vith", "4780", "80", "de"),
]
STREETS = {
    "fr": ["Rue Haute", "Chaussée d'Ixelles", "Rue de la Loi", "Avenue Louise", "Rue Saint-Gilles",
           "Place du Marché", "Rue des Carmes", "Boulevard d'Avroy", "Rue de Namur", "Rue de l'Église",
           "Chaussée de Wavre", "Rue du Pont", "Avenue des Cerisiers", "Rue Émile Féron", "Quai de la Batte"],
    "nl": ["Veldstraat", "Korenmarkt", "Meir", "Brugsesteenweg", "Kerkstraat", "Stationsstraat", "Diestsestraat",
           "Molenstraat", "Dorpsstraat", "Sint-Pietersnieuwstraat", "Oude Markt", "Vlaamsekaai", "Groenplaats"],
    "de": ["Klötzerbahn", "Gospertstraße", "Aachener Straße", "Hauptstraße", "Bergstraße", "Malmedyer Straße"],
}
COUNTRY = {"fr": "Belgique", "nl": "België", "de": "Belgien"}
# Name and web domain (the addresses are invented; nothing is ever sent there).
ORG_DOMAINS = {
    "Nubo SCRL": "nubo.coop", "Cooperatieve Ecopower": "ecopower.be", "Coopérative Cociter": "cociter.be",
    "ASBL Lire et Écrire": "lire-et-ecrire.be", "VZW Buurtwerk Noord": "buurtwerknoord.be",
    "Commune d'Ixelles": "ixelles.be", "Gemeente Gent": "stad.gent", "Médor SCRL": "medor.coop",
    "BeeBonds": "beebonds.com", "Färm": "farm.coop", "Emis ASBL": "emis.be", "Ville de Liège": "liege.be",
    "Stad Leuven": "leuven.be", "Université libre de Bruxelles": "ulb.be", "KU Leuven": "kuleuven.be",
    "Coopérative Paysanne de Namur": "cooppaysanne.be", "Molenbeek Rebel Bakery": "rebelbakery.be",
    "Credal SC": "credal.be", "NewB SC": "newb.coop", "VZW De Transformisten": "transformisten.be",
    "Les Grignoux ASBL": "grignoux.be", "CPAS de Charleroi": "cpascharleroi.be",
    "OCMW Antwerpen": "ocmw.antwerpen.be", "Gemeinde Eupen": "eupen.be", "Vlaamse Overheid": "vlaanderen.be",
    "SPW Wallonie": "spw.wallonie.be",
}
ORGS = list(ORG_DOMAINS)
DEPARTMENTS = ["Support", "Comptabilité", "Boekhouding", "Communication", "Informatique", "Accueil", "Direction"]
TITLES = ["Coordinatrice", "Administrateur", "Bénévole", "Trésorière", "Coördinator", "Vrijwilliger", "Développeur",
          "Secrétaire", "Voorzitter", "Animatrice", "Comptable", "Geschäftsführer", "Chargée de projets"]
CATEGORIES = ["Coopérateur", "Conseil d'administration", "Bénévole", "Coöperant", "Fondateur", "Support",
              "AG 2024", "Groupe de travail Mail", "Werkgroep Agenda", "Fournisseur", "Presse"]
MAIL_PROVIDERS = ["nubo.coop"] * 6 + ["gmail.com", "gmail.com", "hotmail.com", "outlook.be", "skynet.be",
                                      "telenet.be", "proximus.be", "posteo.net", "mailo.com", "yahoo.fr", "gmx.net"]
NOTES = ["Présent·e à l'AG de mai", "Aanwezig op de algemene vergadering", "Rappeler pour la migration des mails",
         "Préfère le néerlandais; spreekt ook Frans", "A aidé au déménagement des serveurs, merci !",
         "Contact: ask about the Nextcloud training; line 2\nand a second line",
         "Clé du local: boîte aux lettres n°3, code 1942 — ne pas diffuser",
         "Wil graag meehelpen met de vertaling van de handleiding naar het Nederlands, vooral de hoofdstukken "
         "over agenda's en adresboeken; belt liefst na 18 u.",
         "Allergique aux noix. Végétarien·ne.\nVient à vélo.",
         "Parts: 3 × 25 €, payées le 12/03"]
PRODIDS = {
    "iphone": "-//Apple Inc.//iPhone OS 17.5.1//EN",
    "nextcloud": "-//Sabre//Sabre VObject 4.5.4//EN",
    "thunderbird": "-//Thunderbird//NONSGML Thunderbird 115.12.2//EN",
    "davx5": "ez-vcard 0.12.1",
}
MOBILE_PREFIXES = ["470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "483", "484", "485",
                   "486", "487", "488", "489", "490", "491", "492", "493", "494", "495", "496", "497", "498",
                   "499", "456", "460", "465", "466", "467", "468"]

# (uid, given, family, e-mail, phone, org, language); more fields in known_extras().
KNOWN = [
    ("helene-duboeuf", "Hélène", "Dubœuf", "helene.duboeuf@nubo.coop", "+32 470 12 34 56", "Nubo SCRL", "fr"),
    ("jan-vandenbroeck", "Jan", "Van den Broeck", "jan.vandenbroeck@nubo.coop", "+32 2 555 01 02",
     "Cooperatieve Ecopower", "nl"),
    ("francoise-lambert", "Françoise", "Lambert", "francoise.lambert@nubo.coop", "", "ASBL Lire et Écrire", "fr"),
    ("jurgen-weiss", "Jürgen", "Weiß", "juergen.weiss@skynet.be", "+32 87 55 44 33", "Gemeinde Eupen", "de"),
    ("genevieve-desmet", "Geneviève", "De Smet", "genevieve.desmet@nubo.coop", "+32 495 98 76 54",
     "Coopérative Cociter", "fr"),
]


# --- A small baseline JPEG encoder: flat 8x8 blocks (DC only), enough for a
# --- real, decodable mosaic avatar without any image library.

DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # ITU T.81 Annex K.3, luminance DC
DC_VALS = list(range(12))


def _huffman_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length, n in enumerate(bits, start=1):
        for _ in range(n):
            codes[vals[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return codes


DC_CODES = _huffman_codes(DC_BITS, DC_VALS)


class _Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def _segment(marker, payload):
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def mosaic_jpeg(cells, size=8):
    """A JPEG of size x size flat 8x8-pixel cells; cells[row][col] = (Y, Cb, Cr)."""
    px = size * 8
    bits, previous = _Bits(), [0, 0, 0]
    for row in range(size):
        for col in range(size):
            for c in range(3):
                # Quantiser 8 on a flat block: the DC coefficient is the level-shifted value.
                dc = cells[row][col][c] - 128
                diff, previous[c] = dc - previous[c], dc
                category = abs(diff).bit_length()
                bits.put(*DC_CODES[category])
                if category:
                    bits.put(diff if diff > 0 else diff + (1 << category) - 1, category)
                bits.put(0, 1)  # end of block: the AC table's only code
    return b"".join([
        b"\xff\xd8",
        _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xDB, b"\x00" + bytes([8] * 64)),
        _segment(0xC0, struct.pack(">BHHB", 8, px, px, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"),
        _segment(0xC4, b"\x00" + bytes(DC_BITS) + bytes(DC_VALS)),
        _segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00"),
        _segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00"),
        bits.flush(),
        b"\xff\xd9",
    ])


def avatar(rng):
    """A symmetric identicon in one hue on a light background, as photo apps make."""
    fg = (rng.randint(60, 150), rng.randint(70, 190), rng.randint(70, 190))
    bg = (235, 128, 128)
    cells = [[None] * 8 for _ in range(8)]
    for row in range(8):
        for col in range(4):
            on = 1 <= row <= 6 and 1 <= col and rng.random() < 0.55
            shade = (max(0, fg[0] - 6 * row), fg[1], fg[2]) if on else bg
            cells[row][col] = cells[row][7 - col] = shade
    return mosaic_jpeg(cells)


# --- vCard text.

def esc(value):
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line):
    """RFC 6350 §3.2: at most 75 octets a line, never inside a character."""
    out, width, parts = [], 0, []
    for ch in line:
        n = len(ch.encode("utf-8"))
        if width + n > 75:
            out.append("".join(parts))
            parts, width = [" "], 1
        parts.append(ch)
        width += n
    out.append("".join(parts))
    return "\r\n".join(out)


def ascii_slug(text):
    special = {"œ": "oe", "Œ": "Oe", "æ": "ae", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i"}
    text = "".join(special.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text.lower() if c.isalnum() or c == "-")


def mobile(rng, style):
    prefix, digits = rng.choice(MOBILE_PREFIXES), [rng.randint(0, 99) for _ in range(3)]
    return {
        "intl": "+32 %s %02d %02d %02d" % (prefix, *digits),
        "compact": "+32%s%02d%02d%02d" % (prefix, *digits),
        "national": "0%s %02d %02d %02d" % (prefix, *digits),
        "slash": "0%s/%02d.%02d.%02d" % (prefix, *digits),
    }[style]


def landline(rng, zone, style):
    if len(zone) == 1:
        number = "%03d %02d %02d" % (rng.randint(200, 799), rng.randint(0, 99), rng.randint(0, 99))
    else:
        number = "%02d %02d %02d" % (rng.randint(20, 89), rng.randint(0, 99), rng.randint(0, 99))
    if style in ("intl", "compact"):
        return "+32 %s %s" % (zone, number)
    return "0%s %s" % (zone, number) if style == "national" else "0%s/%s" % (zone, number.replace(" ", "."))


def rev(rng):
    return "20%02d%02d%02dT%02d%02d%02dZ" % (rng.randint(19, 25), rng.randint(1, 12), rng.randint(1, 28),
                                              rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


class Card:
    """Lines of one vCard in one client's style."""

    def __init__(self, version, client):
        self.v4, self.client, self.lines, self.groups = version == "4.0", client, [], 0

    def add(self, name, value, *params, group=None):
        self.lines.append("%s%s%s:%s" % (group + "." if group else "", name, "".join(";" + p for p in params), value))

    def types(self, *types):
        """TYPE parameters as this client writes them."""
        if self.client == "iphone":
            return ["type=%s" % t.upper() for t in types]
        if self.v4:
            # vCard 4 has no TYPE=pref (PREF=1) nor TYPE=internet.
            out = [t.lower() for t in types if t not in ("pref", "internet")]
            return (["TYPE=%s" % ",".join(out)] if out else []) + (["PREF=1"] if "pref" in types else [])
        return ["TYPE=%s" % ",".join(t.upper() for t in types)]

    def grouped(self, name, value, label, *params):
        """Apple's custom label: itemN.PROP + itemN.X-ABLabel."""
        self.groups += 1
        group = "item%d" % self.groups
        self.add(name, value, *params, group=group)
        self.add("X-ABLabel", label, group=group)

    def text(self):
        return "".join(fold(line) + "\r\n" for line in ["BEGIN:VCARD"] + self.lines + ["END:VCARD"])


def known_extras(uid, card, rng):
    if uid == "helene-duboeuf":
        card.add("TITLE", "Coordinatrice")
        card.add("ADR", ";;Rue du Trône 112;Ixelles;;1050;Belgique", *card.types("home"))
        card.add("BDAY", "1978-05-12")
        card.add("CATEGORIES", "Coopérateur,Conseil d'administration")
    elif uid == "jan-vandenbroeck":
        card.add("CATEGORIES", "Coöperant")
    elif uid == "jurgen-weiss":
        card.add("ADR", ";;Klötzerbahn 27;Eupen;;4700;Belgien", *card.types("home"))
        card.add("BDAY", "--0312")
        card.add("CATEGORIES", "Bénévole")
    elif uid == "genevieve-desmet":
        card.add("X-NUBO-COOPERATOR-NUMBER", "BE-0042", "X-SHARES=4")
        card.add("NOTE", esc("Membre fondatrice.\nPréfère être appelée le matin."))
        card.add("PHOTO", b64(avatar(rng)), "ENCODING=b", "TYPE=JPEG")


def b64(data):
    return base64.b64encode(data).decode()


def organisation(rng, i, name, version, client):
    """A contact that is an organisation, not a person."""
    city, code, zone, lang = rng.choice(CITIES)
    uid = "%s-%05d" % (ascii_slug(name.replace(" ", "-")), i)
    card = Card(version, client)
    card.add("VERSION", version)
    card.add("PRODID", PRODIDS[client])
    card.add("UID", uid)
    if card.v4:
        card.add("KIND", "org")
    card.add("FN", esc(name))
    card.add("N", ";;;;")
    card.add("ORG", esc(name))
    if not card.v4 and client == "iphone":
        card.add("X-ABShowAs", "COMPANY")
    card.add("TEL", landline(rng, zone, "intl"), *card.types("work"))
    domain = ORG_DOMAINS[name]
    card.add("EMAIL", "info@" + domain, *card.types("work"))
    card.add("URL", "https://%s/" % domain)
    card.add("ADR", ";;%s %d;%s;;%s;%s" % (esc(rng.choice(STREETS[lang])), rng.randint(1, 250), esc(city), code,
                                           COUNTRY[lang]), *card.types("work"))
    card.add("REV", rev(rng))
    return uid, card.text()


def unique_email(rng, used_emails, local, domain):
    email = "%s@%s" % (local, domain)
    while email in used_emails:  # homonyms get a number, as providers do
        email = "%s%d@%s" % (local, rng.randint(2, 999), domain)
    used_emails.add(email)
    return email


def member(rng, i, used_emails, used_orgs, known=None):
    if known:
        uid, given, family, email, phone, org, lang = known
        version = "4.0" if uid == "jurgen-weiss" else "3.0"
        client = "nextcloud"
        city, is_mobile = None, uid != "jan-vandenbroeck"
    else:
        if rng.random() < 0.03 and len(used_orgs) < len(ORGS):
            # Each organisation at most once, as its own contact.
            name = rng.choice([o for o in ORGS if o not in used_orgs])
            used_orgs.add(name)
            return organisation(rng, i, name, "4.0" if rng.random() < 0.4 else "3.0", rng.choice(list(PRODIDS)))
        lang = rng.choices(["fr", "nl", "de", "other"], weights=[46, 40, 5, 9])[0]
        given, family = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
        version = "4.0" if rng.random() < 0.4 else "3.0"
        client = rng.choice(["iphone", "nextcloud", "thunderbird", "davx5"] if version == "3.0"
                            else ["nextcloud", "thunderbird", "davx5"])
        if client == "iphone" or rng.random() < 0.2:
            uid = str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
        else:
            uid = "%s-%s-%05d" % (ascii_slug(given), ascii_slug(family), i)
        city = rng.choice([c for c in CITIES if (c[3] == lang) or lang == "other" or rng.random() < 0.1])
        local = rng.choice(["%s.%s", "%s.%s", "%s%s", "%.1s%s"]) % (ascii_slug(given), ascii_slug(family))
        email = unique_email(rng, used_emails, local, rng.choice(MAIL_PROVIDERS))
        style = rng.choice(["intl", "intl", "compact", "national", "slash"])
        is_mobile = rng.random() < 0.85
        phone = mobile(rng, style) if is_mobile else landline(rng, city[2], style)
        org = rng.choice(ORGS + [""] * 8)
    used_emails.add(email)

    card = Card(version, client)
    card.add("VERSION", version)
    card.add("PRODID", PRODIDS[client])
    card.add("UID", uid)
    prefix = "" if known or rng.random() > 0.04 else rng.choice(["Dr", "Me", "Prof."])
    card.add("FN", esc(" ".join(p for p in (prefix, given, family) if p)))
    card.add("N", "%s;%s;;%s;" % (esc(family), esc(given), esc(prefix)))
    if known is None and rng.random() < 0.12:
        card.grouped("EMAIL", email, rng.choice(["Coopérative", "_$!<Other>!$_", "Bénévolat"]),
                     *card.types("internet", "pref"))
    elif known and known[0] == "genevieve-desmet":
        card.grouped("EMAIL", email, "Coopérative", *card.types("internet", "pref"))
    else:
        card.add("EMAIL", email, *card.types("internet", "work"))
    if known is None and rng.random() < 0.2:
        private = unique_email(rng, used_emails, "%s.%s" % (ascii_slug(given), ascii_slug(family)),
                               rng.choice(MAIL_PROVIDERS[6:]))
        card.add("EMAIL", private, *card.types("internet", "home"))
    if phone:
        if card.v4 and known is None and rng.random() < 0.3:
            digits = "".join(c for c in phone if c.isdigit())
            card.add("TEL", "tel:+32" + (digits[2:] if phone.startswith("+") else digits[1:]), "VALUE=uri",
                     *card.types("cell" if is_mobile else "work"))
        elif is_mobile:
            card.add("TEL", phone, *card.types("cell", "voice") if client == "iphone" else card.types("cell"))
        else:
            card.add("TEL", phone, *card.types("work", "voice") if client == "iphone" else card.types("work"))
    if org:
        card.add("ORG", esc(org) + (";" + esc(rng.choice(DEPARTMENTS)) if known is None and rng.random() < 0.15 else ""))

    if known:
        known_extras(uid, card, rng)
    else:
        if rng.random() < 0.3:
            card.add("TEL", landline(rng, city[2], rng.choice(["intl", "national"])), *card.types("home"))
        if org and rng.random() < 0.5:
            card.add("TITLE", esc(rng.choice(TITLES)))
        if rng.random() < 0.6:
            street = rng.choice(STREETS[city[3]])
            number = str(rng.randint(1, 250)) + (rng.choice([" bte 3", " bus 2", "A"]) if rng.random() < 0.1 else "")
            card.add("ADR", ";;%s %s;%s;;%s;%s" % (esc(street), number, esc(city[0]), city[1],
                                                   COUNTRY[city[3]]), *card.types("home"))
        if rng.random() < 0.3:
            year, month, day = rng.randint(1940, 2006), rng.randint(1, 12), rng.randint(1, 28)
            if card.v4 and rng.random() < 0.3:
                card.add("BDAY", "--%02d%02d" % (month, day))
            else:
                card.add("BDAY", ("%04d%02d%02d" if card.v4 else "%04d-%02d-%02d") % (year, month, day))
        if card.v4 and rng.random() < 0.1:
            card.add("ANNIVERSARY", "20%02d%02d%02d" % (rng.randint(10, 24), rng.randint(1, 12), rng.randint(1, 28)))
        if rng.random() < 0.08:
            card.add("NICKNAME", esc(given[:3] if len(given) > 4 else given + "ke"))
        if rng.random() < 0.2:
            card.add("NOTE", esc(rng.choice(NOTES)))
        if rng.random() < 0.7:
            card.add("CATEGORIES", ",".join(esc(c) for c in rng.sample(CATEGORIES, rng.randint(1, 3))))
        if rng.random() < 0.25:
            card.add("X-NUBO-COOPERATOR-NUMBER", "BE-%04d" % i, "X-SHARES=%d" % rng.randint(1, 20))
        if rng.random() < 0.05:
            card.add("URL", "https://%s.%s.be/" % (ascii_slug(given), ascii_slug(family)))
        if client == "iphone" and rng.random() < 0.1:
            card.grouped("URL", "https://mastodon.social/@%s" % ascii_slug(given), "_$!<HomePage>!$_")
            card.add("X-SOCIALPROFILE", "https://mastodon.social/@%s" % ascii_slug(given), "type=mastodon")
        if client == "thunderbird" and rng.random() < 0.3:
            card.add("X-MOZILLA-HTML", "FALSE")
        if card.v4 and rng.random() < 0.2:
            card.add("LANG", {"fr": "fr-BE", "nl": "nl-BE", "de": "de-BE"}.get(lang, "en"), "PREF=1")
        if rng.random() < 0.1:
            jpeg = b64(avatar(rng))
            if card.v4:
                card.add("PHOTO", "data:image/jpeg;base64," + jpeg)
            else:
                card.add("PHOTO", jpeg, "ENCODING=b", "TYPE=JPEG")
    card.add("REV", rev(rng))
    return uid, card.text()


def main():
    p = argparse.ArgumentParser(description="Deterministic Belgian cooperative address book (one .vcf a contact).")
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    if a.count < len(KNOWN):
        p.error("--count must be at least %d (the known members)" % len(KNOWN))
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    used_emails, used_orgs = set(), set()
    for i in range(a.count):
        uid, text = member(rng, i, used_emails, used_orgs, KNOWN[i] if i < len(KNOWN) else None)
        with open(os.path.join(a.out, uid + ".vcf"), "w", encoding="utf-8", newline="") as f:
            f.write(text)


if __name__ == "__main__":
    main()
