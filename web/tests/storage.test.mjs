// Where the web shell keeps its store, in a real headless Chromium against
// a real Radicale: page by page in IndexedDB (the relaxed-idb SQLite VFS),
// the whole-snapshot writer of older versions as the fallback.
// - synced data is there after a reload with the network off;
// - one small edit writes a few pages, where a snapshot writes the whole database;
// - a snapshot an older version kept is taken over once, every item kept;
// - a write the disk refuses is said to the member, and the store is kept whole as a snapshot;
// - sign-out leaves nothing of the account in IndexedDB (nor the marker in localStorage).
// The fallback is had by making IndexedDB refuse the VFS's database (see `instrument`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");

const MEMBERS = 600;
const vcard = (uid, name, extra = "") =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(" ").reverse().join(";")};;;\r\n${extra}END:VCARD\r\n`;

/** An address book large enough that the whole database is far more than a few pages. */
async function addressBook() {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "helene.vcf"), vcard("helene", "Hélène Dubœuf", "EMAIL:helene@nubo.coop\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nORG:Nubo SCRL\r\n"));
  for (let i = 1; i <= MEMBERS; i++) {
    const n = String(i).padStart(4, "0");
    await writeFile(join(cards, `m${n}.vcf`), vcard(`m${n}`, `Coopératrice ${n}`, `EMAIL:membre${n}@nubo.coop\r\nTEL:+32 2 555 ${n}\r\nNOTE:Membre depuis l'assemblée de ${2010 + (i % 15)}\r\n`));
  }
  return cards;
}

/**
 * Runs in the page before its scripts: counts the bytes every IndexedDB
 * put() is given (`__idbPutBytes`), aborts the writes to the databases
 * named in `__fullDisk`, and, while localStorage says
 * `test-refuse-pages`, makes IndexedDB refuse the VFS's database, as a
 * browser without it would: the page must then keep snapshots.
 */
function instrument() {
  const size = (v) => (ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? v.byteLength : v && typeof v === "object" && "data" in v ? size(v.data) : 0);
  window.__idbPutBytes = 0;
  // Databases whose writes fail as on a full disk (the transaction aborts).
  window.__fullDisk = new Set();
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    window.__idbPutBytes += size(args[0]);
    const request = put.apply(this, args);
    if (window.__fullDisk.has(this.transaction.db.name)) this.transaction.abort();
    return request;
  };
  if (localStorage.getItem("test-refuse-pages")) {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name, ...rest) {
      if (name === "nubo-pages") throw new DOMException("refused by the test", "UnknownError");
      return open.call(this, name, ...rest);
    };
  }
}

/** Every IndexedDB store of the origin: its entries, the binary bytes in them, and which `needles` (UTF-8) occur in them. */
function idbContents(needles) {
  const binary = (bytes) => { let s = ""; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192)); return s; };
  const texts = needles.map((n) => binary(new TextEncoder().encode(n)));
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const walk = (v, found) => {
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    if (ArrayBuffer.isView(v)) {
      const s = binary(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      texts.forEach((t, i) => { if (s.includes(t)) found.add(needles[i]); });
      return v.byteLength;
    }
    if (typeof v === "string") { needles.forEach((n) => { if (v.includes(n)) found.add(n); }); return 0; }
    if (v && typeof v === "object" && !(v instanceof CryptoKey)) return Object.values(v).reduce((sum, x) => sum + walk(x, found), 0);
    return 0;
  };
  return (async () => {
    const out = {};
    for (const { name } of await indexedDB.databases()) {
      let db;
      try { db = await request(indexedDB.open(name)); } catch { continue; } // refused by `instrument`

      for (const store of db.objectStoreNames) {
        const values = await request(db.transaction(store).objectStore(store).getAll());
        const found = new Set();
        const bytes = walk(values, found);
        out[`${name}/${store}`] = { entries: values.length, bytes, found: [...found] };
      }
      db.close();
    }
    return out;
  })();
}

/** The stack on the address book and a browser, both stopped after test `t`. */
async function launched(t) {
  const { origin, stop } = await startStack(await addressBook());
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  return { origin, browser };
}

async function open(browser) {
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** From here on the page keeps snapshots (`instrument`); set on a file of the origin, before the app ever ran. */
async function refusePages(page, origin) {
  await page.goto(origin + "/app/icon.svg");
  await page.evaluate(() => localStorage.setItem("test-refuse-pages", "1"));
}

/** The contacts listed: rows drawn, and rows a long list keeps waiting until they come near the screen. */
const listed = () => document.querySelectorAll("button.contact").length +
  [...document.querySelectorAll("li.rows-waiting")].reduce((n, li) => n + Number(li.dataset.rows), 0);
const contactCount = (page) => page.evaluate(listed);

/** A contact's row, scrolled to as a member would: the list draws rows as they come near the screen. */
async function rowOf(page, name) {
  const row = page.locator("button.contact", { hasText: name });
  for (let i = 0; i < 50 && (await row.count()) === 0; i++) {
    // In one call: the observer may replace the placeholder at any moment.
    await page.evaluate(() => document.querySelector("li.rows-waiting")?.scrollIntoView({ block: "center" }));
    await page.waitForTimeout(50);
  }
  return row;
}

async function signInAndSync(page, origin) {
  await page.goto(origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForFunction(() => !document.querySelector("#sync")?.disabled && /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 90_000 });
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForFunction(`(${listed})() === ${MEMBERS + 1}`);
}

/** Changes one contact's organisation offline; resolves to the bytes IndexedDB was given for it. */
async function editOneContact(page, organisation) {
  await (await rowOf(page, "Hélène Dubœuf")).click();
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.getByLabel("Organisation").fill(organisation);
  // What the sync wrote last has landed by now: only the edit is counted.
  await page.waitForTimeout(1000);
  const saved = await page.evaluate(() => { window.__idbPutBytes = 0; return document.documentElement.dataset.saved; });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-sheet .notice");
  await page.waitForFunction((before) => document.documentElement.dataset.saved !== before, saved);
  const written = await page.evaluate(() => window.__idbPutBytes);
  await page.getByRole("button", { name: "Fermer" }).click();
  return written;
}

async function showsEdit(page, organisation) {
  await (await rowOf(page, "Hélène Dubœuf")).click();
  await page.waitForSelector("#contact-sheet");
  assert.match(await page.locator("#contact-sheet").textContent(), new RegExp(organisation));
  await page.getByRole("button", { name: "Fermer" }).click();
}

/** After a reload: every contact is there, with the unsent edit to Hélène's organisation. */
async function reloadedWithEdit(page, organisation) {
  await page.reload();
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  assert.equal(await contactCount(page), MEMBERS + 1, "every contact kept");
  await showsEdit(page, organisation);
  assert.match(await (await rowOf(page, "Hélène Dubœuf")).textContent(), /en attente/, "the edit still waits to be sent");
}

test("synced data is there after a reload offline; one edit writes a few pages, not the database", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  await signInAndSync(page, origin);
  // A long list draws its first rows at once, the others as they come near
  // the screen: Hélène, last by name, once the member has scrolled to her.
  const drawnAtFirst = await page.locator("button.contact").count();
  assert.ok(drawnAtFirst >= 300 && drawnAtFirst < MEMBERS + 1, `${drawnAtFirst} rows drawn at first`);
  assert.equal(await page.locator("button.contact", { hasText: "Hélène Dubœuf" }).count(), 0, "not drawn before she comes near");
  const helene = await rowOf(page, "Hélène Dubœuf");
  assert.ok(await helene.isVisible(), "drawn once scrolled to");
  assert.equal(await contactCount(page), MEMBERS + 1, "each row drawn once");

  const stored = await page.evaluate(idbContents, []);
  const database = stored["nubo-pages/blocks"]?.bytes ?? 0;
  assert.ok(database > 256 * 1024, `a database of some size: ${JSON.stringify(stored)}`);

  await context.setOffline(true);
  const written = await editOneContact(page, "Coopérative Nubo");
  t.diagnostic(`one edit: ${written} bytes written to IndexedDB, database ${database} bytes`);
  assert.ok(written > 0, "the edit was written");
  // The old writer wrote at least the database (the second test measures it).
  assert.ok(written * 4 < database, `one edit wrote ${written} bytes of a ${database}-byte database`);
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"]?.entries ?? 0, 0, "no whole snapshot written");

  await reloadedWithEdit(page, "Coopérative Nubo");
  assert.deepEqual(errors, []);
});

test("a snapshot an older version kept is taken over once, every contact kept", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  // Keeping snapshots as every older version did (the same writer, bytes and
  // key), told so before the app ever runs here (no pages stored).
  await refusePages(page, origin);
  await signInAndSync(page, origin);
  await context.setOffline(true);
  const written = await editOneContact(page, "Ancienne version");
  const old = await page.evaluate(idbContents, []);
  const snapshot = old["nubo/snapshots"].bytes;
  t.diagnostic(`one edit with snapshots: ${written} bytes written to IndexedDB, database ${snapshot} bytes`);
  assert.equal(old["nubo/snapshots"].entries, 1);
  assert.equal(old["nubo-pages/blocks"], undefined, "nothing paged yet");
  assert.ok(written >= snapshot, "the old writer rewrites the whole database for one edit");

  // The new build opens it, still offline, without the marker older versions never wrote.
  await page.evaluate(() => { localStorage.removeItem("test-refuse-pages"); localStorage.removeItem("nubo-account-stored"); });
  await page.reload();
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  assert.equal(await contactCount(page), MEMBERS + 1, "every contact kept");
  await showsEdit(page, "Ancienne version");
  assert.match(await (await rowOf(page, "Hélène Dubœuf")).textContent(), /en attente/, "the unsent edit still waits to be sent");
  await page.waitForFunction(() => localStorage.getItem("nubo-account-stored") === "1");
  const taken = await page.evaluate(idbContents, []);
  assert.equal(taken["nubo/snapshots"].entries, 0, "the snapshot erased once taken over");
  assert.ok(taken["nubo-pages/blocks"].bytes >= snapshot, "every page of it in the paged store");

  // Once only: the next start reads the pages.
  await page.reload();
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  assert.equal(await contactCount(page), MEMBERS + 1);

  // A session that cannot open the pages (it sees no account) and signs in
  // again writes no snapshot: one would be taken over the pages, and the
  // edit still waiting to be sent with them.
  await page.evaluate(() => localStorage.setItem("test-refuse-pages", "1"));
  await context.setOffline(false);
  await page.reload();
  await signInAndSync(page, origin);
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"].entries, 0, "no snapshot over the pages");
  await page.evaluate(() => localStorage.removeItem("test-refuse-pages"));
  await context.setOffline(true);
  await page.reload();
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  assert.match(await (await rowOf(page, "Hélène Dubœuf")).textContent(), /en attente/, "the unsent edit kept");
  await showsEdit(page, "Ancienne version");
  assert.deepEqual(errors, []);
});

test("a page the disk refuses is said, and the edit is kept whole for the next start", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  await signInAndSync(page, origin);
  await context.setOffline(true);
  const notSaved = page.locator("#store-not-saved");
  const fullDisk = (databases) => page.evaluate((names) => { window.__fullDisk = new Set(names); }, databases);
  const saveOrganisation = async (organisation) => {
    await page.getByRole("button", { name: "Modifier" }).click();
    await page.getByLabel("Organisation").fill(organisation);
    // Enter sends the form, as on a phone's keyboard (the alert may cover the foot of the form).
    await page.getByLabel("Organisation").press("Enter");
    await page.waitForFunction((o) => document.querySelector("#contact-sheet")?.textContent?.includes(o), organisation);
  };
  await (await rowOf(page, "Hélène Dubœuf")).click();

  // Nothing reaches the disk: the member is told, over the open contact; the edit is still on screen.
  await fullDisk(["nubo-pages", "nubo"]);
  await saveOrganisation("Disque plein");
  await notSaved.waitFor();
  assert.equal(await notSaved.getAttribute("role"), "alert");
  assert.match(await notSaved.textContent(), /n’a pas pu enregistrer vos dernières modifications/);
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "store-not-saved.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(shots, "store-not-saved-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });
  // Read, it can be dismissed (it covers the foot of the page).
  await page.getByRole("button", { name: "Compris" }).click();
  assert.equal(await notSaved.count(), 0);

  // Space again, but only for whole snapshots: the next edit is kept in one.
  await fullDisk(["nubo-pages"]);
  const before = await page.evaluate(() => document.documentElement.dataset.saved);
  await saveOrganisation("Disque libéré");
  await page.waitForFunction((b) => document.documentElement.dataset.saved !== b, before);
  assert.equal(await notSaved.count(), 0);
  // Refused again: said again; saved again: the alert goes by itself.
  await fullDisk(["nubo-pages", "nubo"]);
  await saveOrganisation("Encore plein");
  await notSaved.waitFor();
  await fullDisk(["nubo-pages"]);
  await saveOrganisation("Place retrouvée");
  await notSaved.waitFor({ state: "detached" });
  const kept = await page.evaluate(idbContents, ["Place retrouvée"]);
  assert.deepEqual(kept["nubo/snapshots"].found, ["Place retrouvée"], "the whole store kept as a snapshot");
  await page.getByRole("button", { name: "Fermer" }).click();

  // The next start takes the snapshot over the incomplete pages: nothing lost.
  await reloadedWithEdit(page, "Place retrouvée");
  assert.equal(await notSaved.count(), 0);
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"].entries, 0, "the snapshot erased once taken over");
  assert.deepEqual(errors, []);
});

test("sign-out leaves nothing of the account in IndexedDB, paged or with snapshots", async (t) => {
  const { origin, browser } = await launched(t);
  const traces = [USER, "Hélène", "Dubœuf", "helene@nubo.coop", "Coopératrice 0042", "membre0042@nubo.coop", "+32 2 555 0042", "assemblée de"];
  for (const snapshots of [false, true]) {
    const { context, page, errors } = await open(browser);
    if (snapshots) await refusePages(page, origin);
    await signInAndSync(page, origin);
    const where = snapshots ? "nubo/snapshots" : "nubo-pages/blocks";
    const before = await page.evaluate(idbContents, traces);
    assert.deepEqual(before[where].found.sort(), [...traces].sort(), "the search finds the account's data while it is there");

    const saved = await page.evaluate(() => document.documentElement.dataset.saved);
    await page.click("#sign-out");
    await page.locator("dialog.confirm button.danger").click();
    await page.waitForSelector("#sign-in");
    await page.waitForFunction((b) => document.documentElement.dataset.saved !== b, saved);
    const after = await page.evaluate(idbContents, traces);
    for (const [store, { found }] of Object.entries(after)) assert.deepEqual(found, [], `${store} after sign-out (${snapshots ? "snapshots" : "paged"})`);
    assert.equal(await page.evaluate(() => localStorage.getItem("nubo-account-stored")), null);
    // A reload shows the sign-in form, nothing of the account.
    await page.reload();
    await page.waitForSelector("#sign-in");
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("two tabs never keep the store at once: the one opened last takes it, the other stops and can take it back", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page: first, errors } = await open(browser);
  await signInAndSync(first, origin);

  const second = await context.newPage();
  second.on("pageerror", (e) => errors.push(String(e)));
  await second.goto(origin + "/app/");
  await first.waitForSelector("#store-elsewhere");
  assert.match(await first.locator("#store-elsewhere").textContent(), /Nubo est ouvert dans un autre onglet/);
  assert.equal(await first.evaluate(() => document.getElementById("app").inert), true, "the stale tab takes no edit");
  assert.equal(await first.evaluate(() => document.activeElement?.textContent), "L’utiliser ici", "the focus is on the way on");
  await second.getByRole("button", { name: "Contacts" }).click();
  await second.waitForFunction(`(${listed})() === ${MEMBERS + 1}`);
  await context.setOffline(true);
  await editOneContact(second, "Modifié dans le deuxième onglet");

  // Back to the first: it reloads, takes the store back, and shows what the second wrote.
  // (In front, as the tab a member clicks in is: a hidden tab draws no rows as they come near.)
  await first.bringToFront();
  await first.getByRole("button", { name: "L’utiliser ici" }).click();
  await second.waitForSelector("#store-elsewhere");
  await first.getByRole("button", { name: "Contacts" }).click();
  await first.waitForSelector("button.contact");
  assert.equal(await contactCount(first), MEMBERS + 1);
  await showsEdit(first, "Modifié dans le deuxième onglet");
  assert.equal(await first.locator("#store-elsewhere").count(), 0);
  assert.deepEqual(errors, []);
});
