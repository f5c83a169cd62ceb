"""A Belgian cooperative's address book, generated deterministically.

    python scripts/seed/contacts.py --count 300 --out DIR [--seed 42]

Writes one <uid>.vcf per member: French, Dutch and German-speaking names
with accents, Belgian phone numbers and addresses, organisations, categories,
birthdays and notes for some, about 60% vCard 3.0 and 40% vCard 4.0, small
JPEG photos for about 10%, Apple-style grouped labels and unknown X-
properties for some. Lines are folded at 75 octets with CRLF.

Always present (tests and the demo rely on them):
  Hélène Dubœuf      helene.duboeuf@nubo.coop   +32 470 12 34 56
  Jan Van den Broeck jan.vandenbroeck@nubo.coop +32 2 555 01 02
  Françoise Lambert  francoise.lambert@nubo.coop
"""

import argparse
import base64
import os
import random

FIRST_FR = ["Hélène", "Françoise", "Geneviève", "Aurélie", "Théo", "Jérôme", "Benoît", "Cécile", "Amélie", "Noémie",
            "Rémi", "Loïc", "Maëlle", "Zoé", "Étienne", "Gaëlle", "Léa", "Chloé", "Raphaël", "Inès", "Marie-Claire", "Jean-Luc"]
FIRST_NL = ["Jan", "Pieter", "Liesbeth", "Annelies", "Wouter", "Sofie", "Koen", "Griet", "Lotte", "Bram", "Hanne",
            "Joris", "Sien", "Ruben", "Fien", "Tijs", "Ilse", "Geert", "Els", "Maarten"]
FIRST_DE = ["Jürgen", "Günther", "Jörg", "Käthe", "Björn", "Lüdger", "Dörte"]
LAST_FR = ["Dubœuf", "Lambert", "Dupont", "Lefèvre", "Lemaître", "Gérard", "Mercier", "Fontaine", "Renard", "Delcourt",
           "Château", "Bélanger", "Pâquet", "Noël", "Hénin", "Leroy", "Collignon", "Wéry"]
LAST_NL = ["Van den Broeck", "De Smet", "Peeters", "Janssens", "Maes", "Willems", "Claes", "Goossens", "Wouters",
           "De Vos", "Van Damme", "Verstraeten", "D'Hondt", "Vermeulen", "Van Acker", "Coppens"]
LAST_DE = ["Müller", "Schröder", "Weiß", "Groß", "Krämer", "Jößen"]
ORGS = ["Nubo SCRL", "Cooperatieve Ecopower", "Coopérative Cociter", "ASBL Lire et Écrire", "VZW Buurtwerk Noord",
        "Commune d'Ixelles", "Gemeente Gent", "Médor SCRL", "BeeBonds", "Färm", "Emis ASBL", "Ville de Liège",
        "Stad Leuven", "Université libre de Bruxelles", "KU Leuven", ""]
TITLES = ["Coordinatrice", "Administrateur", "Bénévole", "Trésorière", "Coördinator", "Vrijwilliger", "Développeur", ""]
CATEGORIES = ["Coopérateur", "Conseil d'administration", "Bénévole", "Coöperant", "Fondateur", "Support"]
STREETS_FR = ["Rue Haute", "Chaussée d'Ixelles", "Rue de la Loi", "Avenue Louise", "Rue Saint-Gilles", "Place du Marché",
              "Rue des Carmes", "Boulevard d'Avroy", "Rue de Namur"]
STREETS_NL = ["Veldstraat", "Korenmarkt", "Meir", "Brugsesteenweg", "Kerkstraat", "Stationsstraat", "Diestsestraat"]
CITIES_FR = [("1000", "Bruxelles"), ("1050", "Ixelles"), ("4000", "Liège"), ("5000", "Namur"), ("6000", "Charleroi"),
             ("1348", "Louvain-la-Neuve"), ("7000", "Mons")]
CITIES_NL = [("9000", "Gent"), ("2000", "Antwerpen"), ("3000", "Leuven"), ("8000", "Brugge"), ("2800", "Mechelen"),
             ("3500", "Hasselt")]
MAIL_PROVIDERS = ["nubo.coop", "nubo.coop", "nubo.coop", "mailo.com", "posteo.be", "skynet.be", "telenet.be",
                  "proximus.be", "gmx.net"]
NOTES = ["Présent·e à l'AG de mai", "Aanwezig op de algemene vergadering", "Rappeler pour la migration des mails",
         "Préfère le néerlandais; spreekt ook Frans", "A aidé au déménagement des serveurs, merci !",
         "Contact: ask about the Nextcloud training; line 2\nand a second line"]

# A valid 1x1 JPEG (white pixel).
JPEG = base64.b64encode(bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c"
    "20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100"
    "000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114"
    "328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63646566"
    "6768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3"
    "d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd0ffd9")).decode()

KNOWN = [
    ("helene-duboeuf", "Hélène", "Dubœuf", "helene.duboeuf@nubo.coop", "+32 470 12 34 56", "Nubo SCRL", "fr"),
    ("jan-vandenbroeck", "Jan", "Van den Broeck", "jan.vandenbroeck@nubo.coop", "+32 2 555 01 02", "Cooperatieve Ecopower", "nl"),
    ("francoise-lambert", "Françoise", "Lambert", "francoise.lambert@nubo.coop", "", "ASBL Lire et Écrire", "fr"),
]


def esc(value):
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line):
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
    table = str.maketrans("éèêëàâäîïôöûüùçœæßøÉÈÊÀÂÔÛÇÜÖÄ'", "eeeeaaaiioouuucoasoEEEAAOUCUOA ")
    return "".join(c for c in text.translate(table).lower().replace(" ", "") if c.isalnum() or c == "-")


def member(rng, i, known=None):
    if known:
        uid, given, family, email, phone, org, lang = known
    else:
        lang = rng.choices(["fr", "nl", "de"], weights=[50, 42, 8])[0]
        given = rng.choice({"fr": FIRST_FR, "nl": FIRST_NL, "de": FIRST_DE}[lang])
        family = rng.choice({"fr": LAST_FR, "nl": LAST_NL, "de": LAST_DE}[lang])
        uid = "%s-%s-%04d" % (ascii_slug(given), ascii_slug(family), i)
        email = "%s.%s@%s" % (ascii_slug(given), ascii_slug(family), rng.choice(MAIL_PROVIDERS))
        phone = rng.choice(["+32 4%d%d %02d %02d %02d", "+32 2 %d%d%d %02d %02d", "+32 9 %d%d%d %02d %02d", "04%d%d %02d %02d %02d"])
        phone = phone % tuple(rng.randint(0, 99) if "%02d" in p else rng.randint(0, 9) for p in phone.split("%")[1:])
        org = rng.choice(ORGS)
    v4 = known is None and rng.random() < 0.4
    lines = ["BEGIN:VCARD", "VERSION:%s" % ("4.0" if v4 else "3.0"), "PRODID:-//Nubo//seed//EN", "UID:%s" % uid,
             "FN:%s" % esc("%s %s" % (given, family)), "N:%s;%s;;;" % (esc(family), esc(given))]
    if known is None and rng.random() < 0.15:
        lines += ["item1.EMAIL;TYPE=INTERNET:%s" % email, "item1.X-ABLabel:_$!<Other>!$_"]
    else:
        lines.append(("EMAIL;TYPE=work:%s" if v4 else "EMAIL;TYPE=INTERNET,WORK:%s") % email)
    if phone:
        lines.append(("TEL;TYPE=cell:%s" if v4 else "TEL;TYPE=CELL:%s") % phone)
    if org:
        lines.append("ORG:%s" % esc(org))
    if known is None:
        title = rng.choice(TITLES)
        if title:
            lines.append("TITLE:%s" % esc(title))
        if rng.random() < 0.6:
            streets, cities = (STREETS_FR, CITIES_FR) if lang != "nl" else (STREETS_NL, CITIES_NL)
            code, city = rng.choice(cities)
            lines.append("ADR;TYPE=%s:;;%s %d;%s;;%s;Belgique" % ("home" if v4 else "HOME", esc(rng.choice(streets)), rng.randint(1, 250), esc(city), code))
        if rng.random() < 0.3:
            lines.append("BDAY:%04d-%02d-%02d" % (rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)))
        if rng.random() < 0.2:
            lines.append("NOTE:%s" % esc(rng.choice(NOTES)))
        if rng.random() < 0.7:
            lines.append("CATEGORIES:%s" % ",".join(esc(c) for c in rng.sample(CATEGORIES, rng.randint(1, 2))))
        if rng.random() < 0.25:
            lines.append("X-NUBO-COOPERATOR-NUMBER;X-SHARES=%d:BE-%04d" % (rng.randint(1, 20), i))
        if rng.random() < 0.1:
            lines.append("PHOTO:data:image/jpeg;base64,%s" % JPEG if v4 else "PHOTO;ENCODING=b;TYPE=JPEG:%s" % JPEG)
    lines.append("END:VCARD")
    return uid, "".join(fold(l) + "\r\n" for l in lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        # UIDs carry the member's number, so they are unique.
        uid, text = member(rng, i, KNOWN[i] if i < len(KNOWN) else None)
        with open(os.path.join(a.out, uid + ".vcf"), "w", encoding="utf-8", newline="") as f:
            f.write(text)


if __name__ == "__main__":
    main()
