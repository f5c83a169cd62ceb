#!/usr/bin/env python3
"""The shells' own French and Dutch labels, read as a Belgian translator would.

Reads web/src/i18n.ts, Android values-{fr,nl}/strings.xml and iOS
{fr,nl}.lproj/Localizable.strings and fails on: English words, protocol
words, ISO dates, French without a narrow no-break space before : ; ? ! »
(or after «), a straight apostrophe in French, "(s)"/"(en)" plurals, the
"u" register or an emphatic "jij" in Dutch, and a label that does not use
the term GLOSSARY.md gives for its concept (or uses one it rules out).
The core's sentences get the same rules in shared/src/i18n/words.rs.
Run: python3 scripts/check-words.py (exit 1 on a problem); --self-test
checks that each rule catches what it is for.
"""

import re
import sys
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# English words that are not also French or Dutch words ("was" is Dutch).
ENGLISH = {
    "the", "error", "request", "unexpected", "invalid", "failed", "failure", "timeout", "summary", "sending",
    "response", "peer", "certificate", "unreadable", "needed", "missing", "unknown", "cannot", "could",
    "should", "with", "without", "your", "please", "not", "found", "expected", "url", "connection", "refused",
    "while", "occurred", "decode", "body", "header", "status", "cell", "home", "work",
}
JARGON = {
    "carddav", "caldav", "webdav", "http", "href", "token", "ctag", "etag", "propfind", "vcard", "icalendar",
    "ics", "utf",
}
# The register is "je": no "u"/"uw", and no emphatic "jij".
DUTCH_AVOIDED = {"u", "uw", "jij"}
NBSP = "\u202f\u00a0"


def labels_web():
    text = (ROOT / "web/src/i18n.ts").read_text(encoding="utf-8")
    out = {}
    for lang in ("fr", "nl"):
        block = re.search(r"^  %s: \{\n(.*?)^  \},$" % lang, text, re.S | re.M).group(1)
        out[lang] = {k: v for k, v in re.findall(r'(\w+): "((?:[^"\\]|\\.)*)"', block)}
    return out


def labels_android():
    out = {}
    for lang in ("fr", "nl"):
        root = ET.parse(ROOT / f"android/app/src/main/res/values-{lang}/strings.xml").getroot()
        found = {}
        for s in root.iter("string"):
            found[s.get("name")] = s.text or ""
        for p in root.iter("plurals"):
            for item in p.iter("item"):
                found[f"{p.get('name')}.{item.get('quantity')}"] = item.text or ""
        out[lang] = found
    return out


def labels_ios():
    out = {}
    for lang in ("fr", "nl"):
        text = (ROOT / f"ios/Nubo/{lang}.lproj/Localizable.strings").read_text(encoding="utf-8")
        found = {}
        for key, value in re.findall(r'^"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)";', text, re.M):
            found[key.split(" ")[0]] = value
        out[lang] = found
    return out


def without_exceptions(text):
    """Placeholders out; addresses (a "/" and no space) out; schemes out."""
    text = re.sub(r"%(\d+\$)?[sd@]|%@|\{\w+\}", "X", text)
    text = re.sub(r"\S*/\S*", " ", text)
    return text.replace("https://", " ").replace("http://", " ")


def problems(lang, text):
    found = []
    plain = without_exceptions(text)
    words = [w.lower() for w in re.split(r"[^\w]+", plain) if w]
    for w in sorted(ENGLISH | JARGON):
        if w in words:
            found.append(f"“{w}”")
    if re.search(r"\d{4}-\d{2}-\d{2}", text):
        found.append("an ISO date")
    if "HTTP" in plain:
        found.append("“HTTP”")
    if lang == "fr":
        for i, c in enumerate(plain):
            before = plain[i - 1] if i else ""
            after = plain[i + 1] if i + 1 < len(plain) else ""
            time = c == ":" and before.isdigit()
            if c in ":;?!»" and not time and (before == "" or before not in NBSP):
                found.append(f"no narrow no-break space before “{c}”")
            if c == "«" and (after == "" or after not in NBSP):
                found.append("no narrow no-break space after “«”")
        if "'" in text:
            found.append("a straight apostrophe")
        if "(s)" in text:
            found.append("a “(s)” plural")
    if lang == "nl":
        if "(en)" in text:
            found.append("a “(en)” plural")
        for w in sorted(DUTCH_AVOIDED):
            if w in words:
                found.append(f"“{w}” (the register is je)")
    return found


def glossary():
    """Rows of GLOSSARY.md's terms table: (concept, fr, nl, {shell: [keys]}, not_fr, not_nl)."""
    rows = []
    text = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    table = text.split("## Terms", 1)[1].split("\n\n", 2)[1]
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7:
            continue
        concept, _en, fr, nl, where, not_fr, not_nl = cells
        keys = {}
        for ref in where.split():
            shell, key = ref.split(":", 1)
            keys.setdefault(shell, []).append(key)
        split = lambda s: [t.strip() for t in s.split(",") if t.strip()]
        rows.append((concept, split(fr), split(nl), keys, split(not_fr), split(not_nl)))
    return rows


def check():
    out = []
    shells = {"web": labels_web(), "android": labels_android(), "ios": labels_ios()}
    for shell, langs in shells.items():
        for lang, labels in langs.items():
            for key, value in labels.items():
                for p in problems(lang, value):
                    out.append(f"{shell} {lang} {key}: {value!r}: {p}")
    for concept, fr, nl, keys, not_fr, not_nl in glossary():
        for lang, terms, avoided in (("fr", fr, not_fr), ("nl", nl, not_nl)):
            for shell, names in keys.items():
                for key in names:
                    value = shells[shell][lang].get(key)
                    if value is None:
                        out.append(f"{shell} {lang} {key}: missing (glossary: {concept})")
                    elif not any(t.lower() in value.lower() for t in terms):
                        out.append(f"{shell} {lang} {key}: {value!r} does not say {' or '.join(terms)} ({concept})")
            for shell, langs in shells.items():
                for key, value in langs[lang].items():
                    for a in avoided:
                        if re.search(r"\b%s\b" % re.escape(a), value, re.I):
                            out.append(f"{shell} {lang} {key}: {value!r} says “{a}”; the glossary says {' or '.join(terms)}")
    return out


class Rules(unittest.TestCase):
    def test_each_rule_catches_what_it_is_for(self):
        self.assertTrue(problems("fr", "Serveur injoignable (error sending request)"))
        self.assertTrue(problems("fr", "Erreur (HTTP 412)"))
        self.assertTrue(problems("fr", "Le 2027-05-08"))
        self.assertTrue(problems("fr", "Supprimer ce contact ?"))
        self.assertTrue(problems("fr", "« Conseil\u202f»"))
        self.assertTrue(problems("fr", "Aucun carnet d'adresses"))
        self.assertTrue(problems("fr", "1 contact(s)"))
        self.assertTrue(problems("nl", "Controleer uw verbinding"))
        self.assertTrue(problems("nl", "terwijl jij het wijzigde"))
        self.assertTrue(problems("nl", "De CardDAV-server"))
        self.assertEqual(problems("fr", "Supprimer la note «\u202f%1$s\u202f»\u202f?"), [])
        self.assertEqual(problems("fr", "https://…/remote.php/dav/files/votre-identifiant/Notes/"), [])
        self.assertEqual(problems("fr", "Début à 14:30"), [])
        self.assertEqual(problems("nl", "Je versie: {name}"), [])

    def test_the_glossary_is_read(self):
        rows = {r[0]: r for r in glossary()}
        self.assertIn("upcoming", rows)
        self.assertEqual(rows["upcoming"][2], ["Binnenkort"])
        self.assertEqual(rows["upcoming"][3]["android"], ["upcoming"])
        self.assertIn("Komend", rows["upcoming"][5])


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        sys.argv.remove("--self-test")
        sys.exit(unittest.main(verbosity=2))
    found = check()
    for p in found:
        print(p)
    if found:
        print(f"{len(found)} label(s) to fix (see GLOSSARY.md)", file=sys.stderr)
        sys.exit(1)
    print("French and Dutch labels: web, Android and iOS follow GLOSSARY.md")
