#!/usr/bin/env python3
"""The iOS shell's JSON types against the core's contract, without Swift.

No Swift toolchain runs here, so ios/Nubo/ViewModel.swift is read as text:
its structs (stored properties, CodingKeys, hand-written decoders), its
String enums and the keys its Event encoder writes. They are compared with
shared/contract/*.json, which the core's own test (shared/tests/contract.rs)
writes from real view models and events:

- every key of every view model example is a key of the Swift struct that
  decodes it, and every Swift key is in the examples, with a Swift type that
  fits the JSON value (string, number, bool, list, object, null);
- no key is read leniently: no `decodeIfPresent`, and a struct with an
  Optional field has a written-out decoder that reads every key;
- the String enums have the core's variants;
- every Event case writes the tag and keys of the core's example.

Run: python3 scripts/contract/check_swift.py (unittest; standard library only).
"""

from __future__ import annotations

import json
import re
import sys
import unittest
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SWIFT = ROOT / "ios/Nubo/ViewModel.swift"
CONTRACT = ROOT / "shared/contract"

INTEGERS = {"Int", "Int32", "Int64", "UInt", "UInt32", "UInt64"}
DECIMALS = {"Double", "Float"}


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # Line comments, but not "//" inside a string literal ("https://…").
    out = []
    for line in text.split("\n"):
        in_string = False
        for i, ch in enumerate(line):
            if ch == '"' and (i == 0 or line[i - 1] != "\\"):
                in_string = not in_string
            if not in_string and line.startswith("//", i):
                line = line[:i]
                break
        out.append(line)
    return "\n".join(out)


def block(text: str, open_at: int) -> tuple[str, int]:
    """The text between the brace at `open_at` and its match, and the end."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[open_at + 1 : i], i + 1
    raise ValueError("unbalanced braces")


def top_level(body: str) -> str:
    """The body with every nested { … } emptied, to see only its own lines."""
    out, depth = [], 0
    for ch in body:
        if ch == "}":
            depth -= 1
        if depth == 0 or ch == "\n":
            out.append(ch)
        if ch == "{":
            depth += 1
    return "".join(out)


@dataclass
class Struct:
    name: str
    conformances: str
    properties: dict[str, str] = field(default_factory=dict)  # Swift name → type
    coding_keys: dict[str, str] | None = None  # Swift name → JSON key
    decoder: str | None = None  # body of a written-out init(from:)

    def json_keys(self) -> dict[str, str]:
        """JSON key → Swift property."""
        if self.coding_keys is None:
            return {p: p for p in self.properties}
        return {key: name for name, key in self.coding_keys.items()}


@dataclass
class Tagged:
    """An enum read as serde writes an externally tagged snake_case enum:
    a unit case is a bare string, `case code(String)` is `{"code": …}`,
    `case link(href: String, spans: [Span])` is `{"link": {"href": …, "spans": …}}`."""

    cases: dict[str, list[tuple[str, str]]]  # JSON tag → [(JSON key or "", Swift type)]
    body: str  # the enum's text: its decoder must name every tag


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@dataclass
class Swift:
    structs: dict[str, Struct]
    enums: dict[str, dict[str, str]]  # String enums: case → raw value
    tagged: dict[str, Tagged]
    event_cases: dict[str, list[tuple[str, str]]]  # case → [(label, type)]
    event_encodings: dict[str, tuple[str, object]]  # case → (tag, keys: dict or None)
    text: str


def parse_coding_keys(body: str) -> dict[str, str]:
    keys = {}
    for statement in re.findall(r"\bcase\s+([^\n;]+)", body):
        for item in statement.split(","):
            item = item.strip()
            if not item:
                continue
            m = re.fullmatch(r'(\w+)\s*(?:=\s*"([^"]*)")?', item)
            if not m:
                raise ValueError(f"unreadable CodingKeys case: {item!r}")
            keys[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(1)
    return keys


def inferred_type(default: str) -> str | None:
    default = default.strip()
    if default.startswith('"'):
        return "String"
    if re.fullmatch(r"-?\d+", default):
        return "Int"
    if re.fullmatch(r"-?\d+\.\d+", default):
        return "Double"
    if default in ("true", "false"):
        return "Bool"
    m = re.fullmatch(r"(\w+)\(\)", default)
    return m.group(1) if m else None


def parse_properties(own: str, struct: str) -> dict[str, str]:
    properties = {}
    for line in own.split("\n"):
        m = re.match(r"\s*(?:private\s+|public\s+|internal\s+)?(var|let)\s+(\w+)\s*(:\s*([^={]+?))?\s*(=\s*(.+?))?\s*(\{\s*)?$", line)
        if not m or re.match(r"\s*static\b", line):
            continue
        name, annotated, default, computed = m.group(2), m.group(4), m.group(6), m.group(7)
        if computed is not None and default is None:
            continue  # `var id: String { href }`: not decoded
        swift_type = (annotated or "").strip() or inferred_type(default or "")
        if not swift_type:
            raise ValueError(f"{struct}.{name}: cannot tell its type from {line.strip()!r}")
        properties[name] = swift_type
    return properties


def parse(text: str) -> Swift:
    text = strip_comments(text)
    structs: dict[str, Struct] = {}
    enums: dict[str, dict[str, str]] = {}
    tagged: dict[str, Tagged] = {}
    extensions: dict[str, str] = {}
    event_body = ""
    for m in re.finditer(r"\b(struct|enum|extension)\s+(\w+)\s*(?::\s*([^{]*))?\{", text):
        kind, name, conformances = m.group(1), m.group(2), (m.group(3) or "").strip()
        body, _ = block(text, m.end() - 1)
        before = text[: m.start()]
        if before.count("{") != before.count("}"):
            continue  # nested (CodingKeys, private helpers): read with its parent
        own = top_level(body)
        if kind == "extension":
            extensions[name] = extensions.get(name, "") + body
        elif kind == "struct":
            s = Struct(name, conformances, parse_properties(own, name))
            ck = re.search(r"\benum\s+CodingKeys\b[^{]*\{", body)
            if ck:
                s.coding_keys = parse_coding_keys(block(body, ck.end() - 1)[0])
            structs[name] = s
        elif kind == "enum" and name == "Event":
            event_body = body
        elif kind == "enum" and re.match(r"String\b", conformances):
            cases = {}
            for statement in re.findall(r"\bcase\s+([^\n]+)", own):
                for item in statement.split(","):
                    cm = re.fullmatch(r'\s*(\w+)\s*(?:=\s*"([^"]*)")?\s*', item)
                    if cm:
                        cases[cm.group(1)] = cm.group(2) if cm.group(2) is not None else cm.group(1)
            enums[name] = cases
        elif kind == "enum" and re.search(r"\bDecodable\b", conformances):
            cases = {}
            for cm in re.finditer(r"\bcase\s+(\w+)(?:\(([^)]*)\))?", own):
                params = []
                for p in filter(None, (x.strip() for x in (cm.group(2) or "").split(","))):
                    label, colon, swift_type = p.partition(":")
                    params.append((snake(label.strip()), swift_type.strip()) if colon else ("", label.strip()))
                cases[snake(cm.group(1))] = params
            tagged[name] = Tagged(cases, body)
    for name, s in structs.items():
        for source in (s and text_of_struct(text, name), extensions.get(name, "")):
            init = re.search(r"\binit\s*\(\s*from\s+decoder\s*:\s*Decoder\s*\)\s*throws\s*\{", source or "")
            if init:
                s.decoder = block(source, init.end() - 1)[0]
    cases, encodings = parse_event(event_body)
    return Swift(structs, enums, tagged, cases, encodings, text)


def text_of_struct(text: str, name: str) -> str:
    m = re.search(rf"\bstruct\s+{name}\b[^{{]*\{{", text)
    return block(text, m.end() - 1)[0] if m else ""


def parse_event(body: str):
    own = top_level(body)
    cases = {}
    for m in re.finditer(r"\bcase\s+(\w+)(?:\(([^)]*)\))?", own):
        params = []
        for p in filter(None, (x.strip() for x in (m.group(2) or "").split(","))):
            label, _, swift_type = p.partition(":")
            params.append((label.strip(), swift_type.strip()))
        cases[m.group(1)] = params
    encodings = {}
    switch = re.search(r"\bswitch\s+self\s*\{", body)
    if not switch:
        return cases, encodings
    arms = block(body, switch.end() - 1)[0]
    for m in re.finditer(r"\bcase\s+\.(\w+)(?:\(([^)]*)\))?\s*:(.*?)(?=\bcase\s+\.|\Z)", arms, flags=re.S):
        name, bindings, arm = m.group(1), m.group(2) or "", m.group(3)
        names = [b.strip().removeprefix("let ").strip() for b in bindings.split(",") if b.strip()]
        types = {n: t for n, (_, t) in zip(names, cases.get(name, []))}
        r = re.search(r'return\s*\(\s*"(\w+)"\s*,\s*', arm)
        if not r:
            raise ValueError(f"Event.{name}: no `return (\"Tag\", …)` found")
        rest = arm[r.end() :].lstrip()
        if rest.startswith("nil"):
            encodings[name] = (r.group(1), None)
        else:
            keys, _ = parse_dict(rest, 0, types)
            encodings[name] = (r.group(1), keys)
    return cases, encodings


def parse_dict(text: str, i: int, types: dict[str, str]):
    """`["key": AnyEncodable(x), "range": AnyEncodable([…])]` → {key: type or nested dict}."""
    assert text[i] == "[", text[i : i + 40]
    i += 1
    out: dict[str, object] = {}
    while True:
        i = skip_space(text, i)
        if text[i] == "]":
            return out, i + 1
        m = re.compile(r'"(\w+)"\s*:\s*AnyEncodable\(\s*').match(text, i)
        if not m:
            raise ValueError(f"unreadable event dictionary at {text[i:i + 60]!r}")
        i = m.end()
        if text[i] == "[":
            value, i = parse_dict(text, i, types)
        else:
            v = re.compile(r"(\w+)").match(text, i)
            value, i = types.get(v.group(1), f"?{v.group(1)}"), v.end()
        i = skip_space(text, i)
        assert text[i] == ")", text[i : i + 40]
        out[m.group(1)] = value
        i = skip_space(text, i + 1)
        if text[i] == ",":
            i += 1


def skip_space(text: str, i: int) -> int:
    while text[i].isspace():
        i += 1
    return i


# ------------------------------------------------------------ the checks


class Checker:
    def __init__(self, swift: Swift, enums_fixture: dict[str, list[str]]):
        self.swift = swift
        self.enums_fixture = enums_fixture
        self.problems: list[str] = []
        self.structs_seen: set[str] = set()

    def value(self, swift_type: str, value, path: str):
        swift_type = swift_type.strip()
        if swift_type.endswith("?"):
            if value is not None:
                self.value(swift_type[:-1], value, path)
            return
        if value is None:
            self.problems.append(f"{path}: null in the core's JSON, but Swift's {swift_type} is not optional")
            return
        list_type = re.fullmatch(r"\[(.+)\]", swift_type)
        if list_type:
            if not isinstance(value, list):
                self.problems.append(f"{path}: Swift expects a list, the core sends {json.dumps(value)[:60]}")
                return
            for i, item in enumerate(value):
                self.value(list_type.group(1), item, f"{path}[{i}]")
            return
        ok = {
            "String": lambda v: isinstance(v, str),
            "Bool": lambda v: isinstance(v, bool),
        }
        if swift_type in ok:
            fits = ok[swift_type](value)
        elif swift_type in INTEGERS:
            fits = isinstance(value, int) and not isinstance(value, bool)
        elif swift_type in DECIMALS:
            fits = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif swift_type in self.swift.enums:
            fits = value in self.swift.enums[swift_type].values()
        elif swift_type in self.swift.tagged:
            self.tagged(swift_type, value, path)
            return
        elif swift_type in self.swift.structs:
            if isinstance(value, dict):
                self.struct(swift_type, value, path)
                return
            fits = False
        else:
            self.problems.append(f"{path}: Swift type {swift_type} is unknown to this check")
            return
        if not fits:
            self.problems.append(f"{path}: Swift reads {swift_type}, the core sends {json.dumps(value, ensure_ascii=False)[:60]}")

    def tagged(self, name: str, value, path: str):
        t = self.swift.tagged[name]
        for tag in t.cases:
            if f'"{tag}"' not in t.body:
                self.problems.append(f"{name}: its decoder never reads the tag \"{tag}\"")
        if isinstance(value, str):
            if t.cases.get(value) != []:
                self.problems.append(f"{path}: the core sends \"{value}\", Swift's {name} has no such unit case")
            return
        if not (isinstance(value, dict) and len(value) == 1):
            self.problems.append(f"{path}: Swift's {name} reads one tagged value, the core sends {json.dumps(value)[:60]}")
            return
        (tag, body), = value.items()
        params = t.cases.get(tag)
        if not params:
            self.problems.append(f"{path}.{tag}: no case of Swift's {name} carries it")
        elif len(params) == 1 and params[0][0] == "":
            self.value(params[0][1], body, f"{path}.{tag}")
        elif not isinstance(body, dict):
            self.problems.append(f"{path}.{tag}: Swift's {name} reads an object, the core sends {json.dumps(body)[:60]}")
        else:
            keys = dict(params)
            for key in body:
                if key not in keys:
                    self.problems.append(f"{path}.{tag}.{key}: in the core's JSON, not read by Swift's {name}")
            for key, swift_type in keys.items():
                if key not in body:
                    self.problems.append(f"{path}.{tag}.{key}: Swift's {name} reads it, the core's JSON has no such key")
                else:
                    self.value(swift_type, body[key], f"{path}.{tag}.{key}")

    def struct(self, name: str, obj: dict, path: str):
        self.structs_seen.add(name)
        s = self.swift.structs[name]
        keys = s.json_keys()
        for key in obj:
            if key not in keys:
                self.problems.append(f"{path}.{key}: in the core's JSON, not read by Swift's {name}")
        for key, prop in keys.items():
            if key not in obj:
                self.problems.append(f"{path}.{key}: Swift's {name} reads it, the core's JSON has no such key")
            elif prop not in s.properties:
                self.problems.append(f"{name}.CodingKeys.{prop}: no stored property of that name")
            else:
                self.value(s.properties[prop], obj[key], f"{path}.{key}")

    def strictness(self):
        """A missing key must fail decoding, not read as nil or a default."""
        if "decodeIfPresent" in self.swift.text:
            lines = [i + 1 for i, l in enumerate(self.swift.text.split("\n")) if "decodeIfPresent" in l]
            self.problems.append(f"decodeIfPresent reads a missing key as nil (lines {lines}): use decode(T?.self, forKey:)")
        for name in sorted(self.structs_seen):
            s = self.swift.structs[name]
            if s.decoder is None:
                optional = [p for p, t in s.properties.items() if t.strip().endswith("?")]
                if optional and "Decodable" in s.conformances or optional and "Codable" in s.conformances:
                    self.problems.append(
                        f"{name}: synthesized Decodable reads a missing {', '.join(optional)} as nil; write init(from:) with decode(T?.self, forKey:)"
                    )
                continue
            decoded = set(re.findall(r"\.decode(?:IfPresent)?\([^;\n]*?forKey:\s*\.(\w+)\)", s.decoder))
            for prop in s.json_keys().values():
                if prop not in decoded:
                    self.problems.append(f"{name}.init(from:): never decodes .{prop}, so it keeps its default")

    def enums(self):
        for name, variants in self.enums_fixture.items():
            if name not in self.swift.enums:
                self.problems.append(f"enum {name}: the core has it ({variants}), Swift has no String enum of that name")
                continue
            raw = sorted(self.swift.enums[name].values())
            if raw != sorted(variants):
                self.problems.append(f"enum {name}: the core's variants {sorted(variants)}, Swift's {raw}")

    def events(self, examples: dict[str, object]):
        tags = {tag: case for case, (tag, _) in self.swift.event_encodings.items()}
        for case in self.swift.event_cases:
            if case not in self.swift.event_encodings:
                self.problems.append(f"Event.{case}: no arm in encode(to:)")
        for tag in sorted(set(examples) | set(tags)):
            if tag not in tags:
                self.problems.append(f"events.{tag}: the core reads it, Swift's Event cannot send it")
                continue
            if tag not in examples:
                self.problems.append(f"Event.{tags[tag]}: sends {tag}, which the core does not read")
                continue
            _, keys = self.swift.event_encodings[tags[tag]]
            example = examples[tag]
            if keys is None:
                if example != tag:
                    self.problems.append(f"events.{tag}: Swift sends a bare \"{tag}\", the core expects {json.dumps(example)}")
                continue
            if not isinstance(example, dict) or tag not in example:
                self.problems.append(f"events.{tag}: Swift sends an object, the core expects {json.dumps(example)}")
                continue
            self.event_body(keys, example[tag], f"events.{tag}.{tag}")

    def event_body(self, keys: dict, body: dict, path: str):
        for key in body:
            if key not in keys:
                self.problems.append(f"{path}.{key}: the core reads it, Swift's Event does not write it")
        for key, swift in keys.items():
            if key not in body:
                self.problems.append(f"{path}.{key}: Swift's Event writes it, the core does not read it")
            elif isinstance(swift, dict):
                self.event_body(swift, body[key], f"{path}.{key}")
            elif swift.startswith("?"):
                self.problems.append(f"{path}.{key}: cannot tell the type of {swift[1:]}")
            else:
                self.value(swift, body[key], f"{path}.{key}")


def check(swift_text: str) -> list[str]:
    swift = parse(swift_text)
    view_models = json.loads((CONTRACT / "view_models.json").read_text())
    events = json.loads((CONTRACT / "events.json").read_text())
    enums = json.loads((CONTRACT / "enums.json").read_text())
    checker = Checker(swift, enums)
    if "ViewModel" not in swift.structs:
        return ["no struct ViewModel in ViewModel.swift"]
    for name, example in view_models.items():
        checker.struct("ViewModel", example, name)
    checker.strictness()
    checker.enums()
    checker.events(events)
    return list(dict.fromkeys(checker.problems))


class SwiftContract(unittest.TestCase):
    maxDiff = None

    def test_the_swift_types_read_and_write_exactly_the_core_json(self):
        problems = check(SWIFT.read_text())
        if problems:
            self.fail("ios/Nubo/ViewModel.swift and shared/contract disagree:\n  " + "\n  ".join(problems))

    def test_the_check_sees_drift(self):
        """Not vacuous: a renamed key, a lenient read and a changed event are caught."""
        text = SWIFT.read_text()
        drifted = text.replace('readOnly = "read_only" }\n}\n\nextension CalendarView', 'readOnly = "readonly" }\n}\n\nextension CalendarView', 1)
        drifted = drifted.replace("notice = try c.decode(String?.self, forKey: .notice)", "notice = try c.decodeIfPresent(String.self, forKey: .notice)", 1)
        drifted = drifted.replace('"conflict_id": AnyEncodable(id)', '"conflictId": AnyEncodable(id)', 1)
        drifted = drifted.replace('case upcoming = "Upcoming"', 'case upcoming = "Soon"', 1)
        drifted = drifted.replace("case listItem(depth: Int, marker:", "case listItem(level: Int, marker:", 1)
        self.assertNotEqual(text, drifted)
        problems = "\n".join(check(drifted))
        for expected in [
            "signed_in.calendars[0].read_only: in the core's JSON, not read by Swift's CalendarView",
            "signed_in.calendars[0].readonly: Swift's CalendarView reads it, the core's JSON has no such key",
            "decodeIfPresent reads a missing key as nil",
            "events.ResolveConflict.ResolveConflict.conflict_id: the core reads it, Swift's Event does not write it",
            "enum AgendaSpan: the core's variants",
            "notes.note.document.blocks[3].list_item.depth: in the core's JSON, not read by Swift's Block",
        ]:
            self.assertIn(expected, problems)


if __name__ == "__main__":
    sys.exit(unittest.main(verbosity=2))
