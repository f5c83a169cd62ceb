// The web shell's types against the core's contract, without the wasm:
// shared/contract/*.json (written by shared/tests/contract.rs from real view
// models and events) must be exactly what web/src/contract/view_model.ts
// describes. The fixtures are written into a TypeScript file as literals
// typed with those interfaces and compiled: a fixture key the types lack is
// an excess property, a type field the fixtures lack is a missing one.
// Run: node --test tests/contract.test.mjs (needs `npm ci` for TypeScript).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONTRACT = resolve(WEB, "../shared/contract");
const TYPES = join(WEB, "src/contract/view_model.ts");

const fixture = (name) => JSON.parse(readFileSync(join(CONTRACT, name), "utf8"));

/** Writes `value` as pretty JSON, one entry per line with the JSON path it shows. */
function write(value, path, out, indent = "", prefix = "", suffix = "") {
  const keys = value !== null && typeof value === "object" ? Object.keys(value) : [];
  if (keys.length === 0) {
    out.push({ text: `${indent}${prefix}${JSON.stringify(value)}${suffix}`, path });
    return;
  }
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  out.push({ text: `${indent}${prefix}${open}`, path });
  keys.forEach((key, i) => {
    const comma = i < keys.length - 1 ? "," : "";
    if (Array.isArray(value)) write(value[i], `${path}[${i}]`, out, indent + "  ", "", comma);
    else write(value[key], `${path}.${key}`, out, indent + "  ", `${JSON.stringify(key)}: `, comma);
  });
  out.push({ text: `${indent}${close}${suffix}`, path });
}

/** Compiles the fixtures typed with the web shell's types; returns the errors, each with its JSON path. */
function typeCheck({ viewModels, events, enums }) {
  const keysOf = (variants) => Object.fromEntries(variants.map((v) => [v, true]));
  const out = [
    { text: `import type { AgendaSpan, EditScope, EventVariants, Resolution, ViewModel } from ${JSON.stringify(TYPES)};`, path: "" },
  ];
  const declare = (name, type, value) => {
    out.push({ text: `export const ${name}: ${type} =`, path: name });
    write(value, name, out, "", "", ";");
  };
  declare("view_models", "{ [example: string]: ViewModel }", viewModels);
  declare("events", "EventVariants", events);
  // Every variant of the core's enums, and no other: the keys of a mapped type.
  declare("enums.AgendaSpan", "{ [span in AgendaSpan]: true }", keysOf(enums.AgendaSpan));
  declare("enums.Resolution", "{ [resolution in Resolution]: true }", keysOf(enums.Resolution));
  declare("enums.EditScope", "{ [scope in EditScope]: true }", keysOf(enums.EditScope));
  const source = out.map((l) => l.text.replace(/^export const enums\.(\w+)/, "export const enum_$1")).join("\n") + "\n";

  const dir = mkdtempSync(join(tmpdir(), "nubo-contract-"));
  try {
    const file = join(dir, "fixtures.ts");
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
    });
    const ours = program.getSourceFile(file);
    const at = (node) => out[ours.getLineAndCharacterOfPosition(node.getStart(ours)).line].path;
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n    ");
      if (d.file !== ours) return `${d.file ? d.file.fileName : "tsc"}: ${message}`;
      const { line } = ours.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${out[line].path}  (${out[line].text.trim()})\n    ${message}`;
    });
    // tsc stops at the first problem of a literal; the key sets, compared
    // object by object, name every key on either side.
    const checker = program.getTypeChecker();
    const keysOf = (type) => new Set(checker.getPropertiesOfType(type).map((p) => p.name));
    // The object shapes a literal may take: a union's object members (an
    // externally tagged enum: one shape per variant), never a string's
    // methods (`"line_break".link`) or a function.
    const shapes = (type) => (type.isUnion() ? type.types : [type])
      .filter((t) => t.flags & ts.TypeFlags.Object && !checker.getSignaturesOfType(t, ts.SignatureKind.Call).length);
    const visit = (node) => {
      if (ts.isObjectLiteralExpression(node)) {
        const contextual = checker.getContextualType(node);
        const type = contextual && checker.getNonNullableType(contextual);
        const given = new Set(node.properties.map((p) => JSON.parse(p.name.getText(ours))));
        const variants = type ? shapes(type) : [];
        if (variants.length > 1) {
          // A variant of a union: its keys must be exactly one member's.
          const same = (a, b) => a.size === b.size && [...a].every((k) => b.has(k));
          if (!variants.some((v) => same(keysOf(v), given))) {
            errors.push(`${at(node)}: {${[...given].join(", ")}} in the core's JSON is no variant of the TypeScript ${checker.typeToString(type)}`);
          }
        } else if (type && !checker.getIndexInfosOfType(type).length) {
          const shape = variants[0] ?? type;
          const name = checker.typeToString(shape);
          const wanted = keysOf(shape);
          for (const key of given) if (!wanted.has(key)) errors.push(`${at(node)}.${key}: in the core's JSON, not in the TypeScript ${name}`);
          for (const key of wanted) if (!given.has(key)) errors.push(`${at(node)}.${key}: in the TypeScript ${name}, not in the core's JSON`);
        } else if (!type) {
          errors.push(`${at(node)}: no TypeScript type describes this object`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(ours);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const contract = () => ({
  viewModels: fixture("view_models.json"),
  events: fixture("events.json"),
  enums: fixture("enums.json"),
});

test("the web shell's types are exactly the core's view models and events", () => {
  const errors = typeCheck(contract());
  if (errors.length > 0) {
    assert.fail(`web/src/contract/view_model.ts and shared/contract/*.json disagree:\n${errors.join("\n")}`);
  }
});

test("the types leave nothing to chance: no optional field, any, unknown or index signature", () => {
  const source = ts.createSourceFile(TYPES, readFileSync(TYPES, "utf8"), ts.ScriptTarget.ES2022, true);
  const loose = [];
  const visit = (node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (ts.isPropertySignature(node) && node.questionToken) loose.push(`line ${line}: optional ${node.name.getText()}`);
    if (ts.isIndexSignatureDeclaration(node)) loose.push(`line ${line}: index signature`);
    if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword) {
      loose.push(`line ${line}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  assert.deepEqual(loose, [], "a loose type would accept a field the core renamed");
});

test("the check sees a renamed and a dropped field (it is not vacuous)", () => {
  const drifted = structuredClone(contract());
  const example = drifted.viewModels.signed_in;
  example.agenda.days[0].entries[0].colour = example.agenda.days[0].entries[0].color;
  delete example.agenda.days[0].entries[0].color;
  delete drifted.viewModels.signed_out.sync.retry_after_s;
  drifted.events.OpenEvent.OpenEvent.occurence = null;
  drifted.enums.AgendaSpan.push("Year");
  // In a note's document: a field of a variant, and a variant's tag.
  const blocks = drifted.viewModels.notes.note.document.blocks;
  const item = blocks.find((b) => b.list_item?.task).list_item;
  item.task.done = item.task.checked;
  delete item.task.checked;
  const paragraph = blocks.findIndex((b) => b.paragraph);
  blocks[paragraph] = { para: blocks[paragraph].paragraph };
  const errors = typeCheck(drifted).join("\n");
  const expected = [
    // tsc itself,
    /\.colour .*\n.*'"colour"' does not exist in type 'AgendaEntryView'/,
    /Property 'retry_after_s' is missing .* required in type 'SyncView'/,
    // and the key sets, both ways.
    /\.entries\[0\]\.colour: in the core's JSON, not in the TypeScript AgendaEntryView/,
    /\.entries\[0\]\.color: in the TypeScript AgendaEntryView, not in the core's JSON/,
    /view_models\.signed_out\.sync\.retry_after_s: in the TypeScript SyncView, not in the core's JSON/,
    /events\.OpenEvent\.OpenEvent\.occurence: in the core's JSON, not in the TypeScript/,
    /enums\.AgendaSpan\.Year: in the core's JSON, not in the TypeScript/,
    /\.list_item\.task\.done: in the core's JSON, not in the TypeScript Task/,
    /\.list_item\.task\.checked: in the TypeScript Task, not in the core's JSON/,
    /document\.blocks\[1\]: \{para\} in the core's JSON is no variant of the TypeScript Block/,
  ];
  for (const pattern of expected) assert.match(errors, pattern);
});
