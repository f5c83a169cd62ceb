#!/usr/bin/env python3
"""Checks of the iOS shell that need no Xcode (none runs here), read as text:

- ios/project.yml's SWIFT_VERSION is a language mode Xcode accepts
  (4, 4.2, 5.0, 6.0), not a compiler version such as "5.9";
- no SwiftUI list edits rows through `$items[index]` over `items.indices`
  with `.onDelete` (a swipe-delete then reads a removed index and traps);
- no `Link(` for tel:/mailto: (its failure is silent: the member must be told);
- Localizable.strings has the same keys in en, fr and nl, and every plain
  key a view names (`Text("sign_in")`, `Button("stop_waiting")`, …, or a
  `return "key"` / `cond ? "key_a" : "key_b"` that chooses one) is in it:
  a missing key shows the member the key itself;
- the app icon is a 1024 px PNG without transparency (the App Store's rule).

Exits non-zero with one line per finding.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
IOS = ROOT / "ios"
problems = []

spec = (IOS / "project.yml").read_text(encoding="utf-8")
for version in re.findall(r"SWIFT_VERSION:\s*\"?([0-9.]+)\"?", spec):
    if version not in {"4", "4.0", "4.2", "5", "5.0", "6", "6.0"}:
        problems.append(f"ios/project.yml: SWIFT_VERSION {version} is not a Swift language mode (5.0 or 6.0)")

for swift in sorted((IOS / "Nubo").glob("*.swift")):
    text = swift.read_text(encoding="utf-8")
    name = swift.relative_to(ROOT)
    for m in re.finditer(r"ForEach\((\w+)\.indices[^{]*\{(.{0,600}?)\.onDelete", text, re.S):
        if f"${m.group(1)}[" in m.group(2):
            problems.append(f"{name}: ForEach({m.group(1)}.indices) binds ${m.group(1)}[index] with .onDelete (crashes on swipe-delete)")
    if re.search(r"\bLink\(destination:", text):
        problems.append(f"{name}: Link(destination:) fails silently when no app takes the URL; use openURL with a completion")

def keys(lang):
    text = (IOS / "Nubo" / f"{lang}.lproj" / "Localizable.strings").read_text(encoding="utf-8")
    return set(re.findall(r'^"([^"]+)"\s*=', text, re.M))

english = keys("en")
for lang in ("fr", "nl"):
    other = keys(lang)
    if other != english:
        problems.append(f"ios Localizable.strings: {lang} lacks {sorted(english - other)}, has extra {sorted(other - english)}")

# Plain snake_case keys given to SwiftUI views, which look them up.
VIEW_KEY = re.compile(r'\b(?:Text|Button|Label|TextField|SecureField|Toggle|Section|navigationTitle|confirmationDialog)\(\s*"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)"')
# Keys chosen in code: `case .x: return "key"` (a LocalizedStringKey property)
# and either side of a ternary (`Text(flag ? "key_a" : "key_b")`).
CHOSEN_KEY = re.compile(r'(?:\breturn|\?|[^\s?]\s:)\s*"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)"')
for swift in sorted((IOS / "Nubo").glob("*.swift")):
    source = swift.read_text(encoding="utf-8")
    for key in sorted(set(VIEW_KEY.findall(source)) | set(CHOSEN_KEY.findall(source))):
        if key not in english:
            problems.append(f"{swift.relative_to(ROOT)}: the key \"{key}\" is not in en.lproj/Localizable.strings")

# The App Store refuses an app without a 1024 px icon, and one with transparency.
import json
import struct
icons = IOS / "Nubo" / "Assets.xcassets" / "AppIcon.appiconset"
try:
    images = json.loads((icons / "Contents.json").read_text(encoding="utf-8"))["images"]
    big = [i for i in images if i.get("size") == "1024x1024" and i.get("filename")]
    if not big:
        problems.append("ios AppIcon: no 1024x1024 image")
    for image in big:
        head = (icons / image["filename"]).read_bytes()[:26]
        width, height, _, color_type = struct.unpack(">IIBB", head[16:26])
        if head[:8] != b"\x89PNG\r\n\x1a\n" or (width, height) != (1024, 1024) or color_type not in (0, 2):
            problems.append(f"ios AppIcon: {image['filename']} is not a 1024x1024 PNG without alpha")
except (OSError, KeyError, ValueError, struct.error) as e:
    problems.append(f"ios AppIcon: unreadable ({e})")

for p in problems:
    print(p)
print(f"check-ios: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
