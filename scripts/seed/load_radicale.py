"""Writes items straight into Radicale's filesystem storage: about a second
for 10,000 contacts, where PUTting them one by one takes minutes.

    python scripts/seed/load_radicale.py --storage DIR --user USER --book NAME \\
        --display-name "Coopérateurs" --vcards DIR
    python scripts/seed/load_radicale.py --storage DIR --user USER --book agenda \\
        --kind calendar --display-name "Agenda" --color "#0082C9" --vcards DIR_OF_ICS

Layout (Radicale 3 "multifilesystem"): collection-root/<user>/<book>/ holds
one file per item, named as its href, and .Radicale.props with the
collection's tag and properties. Radicale reads it as is, whether it is
running or not; items are parsed (and cached) on first listing. Loading
again into the same collection adds and replaces items, keeping the others.
"""

import argparse
import json
import os
import shutil
import sys

KINDS = {"addressbook": ("VADDRESSBOOK", ".vcf"), "calendar": ("VCALENDAR", ".ics")}


def main():
    p = argparse.ArgumentParser(description="Load .vcf (or .ics) files into Radicale's filesystem storage.")
    p.add_argument("--storage", required=True, help="Radicale's [storage] filesystem_folder")
    p.add_argument("--user", required=True)
    p.add_argument("--book", required=True, help="collection name (last path segment)")
    p.add_argument("--display-name", required=True)
    p.add_argument("--vcards", required=True, help="folder of items, one per file")
    p.add_argument("--kind", choices=sorted(KINDS), default="addressbook")
    p.add_argument("--color", help="calendar colour, e.g. #0082C9")
    a = p.parse_args()
    for part in (a.user, a.book):
        if not part or part.startswith(".") or "/" in part:
            p.error("not a safe collection path segment: %r" % part)
    tag, ext = KINDS[a.kind]

    root = os.path.join(a.storage, "collection-root", a.user)
    book = os.path.join(root, a.book)
    os.makedirs(book, exist_ok=True)
    principal_props = os.path.join(root, ".Radicale.props")
    if not os.path.exists(principal_props):
        with open(principal_props, "w", encoding="utf-8") as f:
            json.dump({}, f)
    props = {"tag": tag, "D:displayname": a.display_name}
    if a.color:
        props["ICAL:calendar-color"] = a.color
    with open(os.path.join(book, ".Radicale.props"), "w", encoding="utf-8") as f:
        json.dump(props, f, ensure_ascii=False)
    # Radicale's item cache would be stale for replaced items; it rebuilds it.
    shutil.rmtree(os.path.join(book, ".Radicale.cache"), ignore_errors=True)

    count = 0
    for name in sorted(os.listdir(a.vcards)):
        if name.endswith(ext) and not name.startswith("."):
            shutil.copyfile(os.path.join(a.vcards, name), os.path.join(book, name))
            count += 1
    if count == 0:
        sys.exit("no %s files in %s" % (ext, a.vcards))


if __name__ == "__main__":
    main()
