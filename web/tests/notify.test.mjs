// The page's reminders (src/bridge/notify.ts), without the wasm: the module
// is compiled with TypeScript and driven with node's mocked timers and a
// stand-in for the browser's Notification. Each set the core sends replaces
// the one before: a moved or deleted event's reminder never shows.
// Run: node --test tests/notify.test.mjs (needs `npm ci` for TypeScript).
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(resolve(WEB, "src/bridge/notify.ts"), "utf8");
const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const { Notifier } = await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`);

const shown = [];
globalThis.Notification = class {
  static permission = "granted";
  constructor(title, options) {
    shown.push(`${options.tag} ${title}: ${options.body}`);
  }
};

const MIN = 60_000;

test("a moved event's reminder shows at its new time only; a deleted one and all at sign-out never", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  try {
    shown.length = 0;
    const n = new Notifier();
    const permanence = { id: "permanence@6300", title: "Permanence", body: "19:00", at: 105 * MIN };
    const atelier = { id: "atelier@13500", title: "Atelier", body: "21:00", at: 225 * MIN };
    const moved = { id: "permanence@9900", title: "Permanence", body: "20:00", at: 165 * MIN };
    const cafe = { id: "cafe@18000", title: "Café", body: "22:00", at: 300 * MIN };
    n.notify({ Reminders: [permanence, atelier, cafe] });
    assert.deepEqual(n.pending().sort(), [atelier.id, cafe.id, permanence.id]);
    // The permanence moved an hour later; the café deleted.
    n.notify({ Reminders: [moved, atelier] });
    assert.deepEqual(n.pending().sort(), [atelier.id, moved.id]);
    mock.timers.tick(110 * MIN);
    assert.deepEqual(shown, [], "not at the old time");
    mock.timers.tick(60 * MIN);
    assert.deepEqual(shown, ["permanence@9900 Permanence: 20:00"]);
    // Sign-out: the empty set.
    n.notify({ Reminders: [] });
    assert.deepEqual(n.pending(), []);
    mock.timers.tick(200 * MIN);
    assert.deepEqual(shown, ["permanence@9900 Permanence: 20:00"], "nothing after sign-out");
    // An announcement shows at once.
    n.notify({ Show: { id: "news:2", title: "AG", body: "8 mai" } });
    assert.deepEqual(shown.at(-1), "news:2 AG: 8 mai");
  } finally {
    mock.timers.reset();
  }
});
