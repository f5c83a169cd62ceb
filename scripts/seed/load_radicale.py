"""Writes vCards straight into Radicale's filesystem storage: seconds for
10,000 contacts, where PUTting them one by one takes minutes.

    python scripts/seed/load_radicale.py --storage DIR --user USER --book NAME \
        --display-name "Coopérateurs" --vcards DIR
"""

import argparse
import json
import os
import shutil


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--storage", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--book", required=True)
    p.add_argument("--display-name", required=True)
    p.add_argument("--vcards", required=True)
    a = p.parse_args()
    root = os.path.join(a.storage, "collection-root", a.user)
    book = os.path.join(root, a.book)
    os.makedirs(book, exist_ok=True)
    with open(os.path.join(root, ".Radicale.props"), "w") as f:
        json.dump({}, f)
    with open(os.path.join(book, ".Radicale.props"), "w", encoding="utf-8") as f:
        json.dump({"tag": "VADDRESSBOOK", "D:displayname": a.display_name}, f, ensure_ascii=False)
    for name in sorted(os.listdir(a.vcards)):
        if name.endswith(".vcf"):
            shutil.copyfile(os.path.join(a.vcards, name), os.path.join(book, name))


if __name__ == "__main__":
    main()
