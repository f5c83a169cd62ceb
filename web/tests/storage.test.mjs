// Where the web shell keeps its store, in a real headless Chromium against
// a real Radicale: on the origin private file system (OPFS) through the store
// worker, page by page; in memory with whole snapshots in IndexedDB where the
// browser has no OPFS.
// - synced data is there after a reload with the network off;
// - one small edit writes a few pages, where a snapshot writes the whole database;
// - what an older version kept (a snapshot, or pages in IndexedDB) is taken over once, every item kept;
// - a write the disk refuses is said to the member, and the store is kept whole as a snapshot;
// - sign-out leaves nothing of the account in OPFS or IndexedDB (nor the marker in localStorage);
// - two tabs never hold the store at once.
// A browser without OPFS is had by removing it from the page (see `instrument`);
// the worker's writes are counted, and refused, by `instrumentWorker`.
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
 * Runs in the page before its scripts: while localStorage says
 * `test-refuse-opfs`, the page has no origin private file system, as a
 * browser without it: the store worker must then keep snapshots.
 */
function instrument() {
  // Kept for the test's own look at OPFS (`opfsContents`).
  window.__getDirectory = StorageManager.prototype.getDirectory;
  if (localStorage.getItem("test-refuse-opfs")) delete StorageManager.prototype.getDirectory;
}

/**
 * Runs in the store worker: counts the bytes written to OPFS files
 * (`__opfsWritten`, and the furthest each file was written, `__opfsExtent`)
 * and to IndexedDB (`__idbPutBytes`); refuses, as a full disk, the writes
 * that would grow an OPFS file while `__fullDisk` holds "opfs", and aborts
 * the IndexedDB writes to the databases it names.
 */
function instrumentWorker() {
  if (self.__instrumented) return;
  self.__instrumented = true;
  const size = (v) => (ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? v.byteLength : v && typeof v === "object" && "data" in v ? size(v.data) : 0);
  self.__opfsWritten = 0;
  self.__opfsExtent = 0;
  self.__idbPutBytes = 0;
  self.__fullDisk = new Set();
  const write = FileSystemSyncAccessHandle.prototype.write;
  FileSystemSyncAccessHandle.prototype.write = function (buffer, options) {
    const end = (options?.at ?? 0) + buffer.byteLength;
    if (self.__fullDisk.has("opfs") && end > this.getSize()) throw new DOMException("the disk is full (test)", "QuotaExceededError");
    self.__opfsWritten += buffer.byteLength;
    self.__opfsExtent = Math.max(self.__opfsExtent, end);
    return write.call(this, buffer, options);
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    self.__idbPutBytes += size(args[0]);
    const request = put.apply(this, args);
    if (self.__fullDisk.has(this.transaction.db.name)) this.transaction.abort();
    return request;
  };
}

/** The page's store worker, instrumented (once it is there: it starts with the core). */
async function storeWorker(page) {
  for (let i = 0; i < 200; i++) {
    const worker = page.workers().find((w) => w.url().includes("store_worker"));
    if (worker) {
      await worker.evaluate(instrumentWorker);
      return worker;
    }
    await page.waitForTimeout(50);
  }
  throw new Error("no store worker");
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
      try { db = await request(indexedDB.open(name)); } catch { continue; }

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

/**
 * Every file of the origin's OPFS, read from a page of the origin that runs
 * no app (an open store holds its files): how many, their bytes, and which
 * `needles` (UTF-8) occur in them.
 */
function opfsContents(needles) {
  const binary = (bytes) => { let s = ""; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192)); return s; };
  const texts = needles.map((n) => binary(new TextEncoder().encode(n)));
  return (async () => {
    const out = { files: 0, bytes: 0, found: new Set() };
    const walk = async (folder) => {
      for await (const entry of folder.values()) {
        if (entry.kind === "directory") { await walk(entry); continue; }
        const bytes = new Uint8Array(await (await entry.getFile()).arrayBuffer());
        out.files++;
        out.bytes += bytes.length;
        const s = binary(bytes);
        texts.forEach((t, i) => { if (s.includes(t)) out.found.add(needles[i]); });
      }
    };
    await walk(await window.__getDirectory.call(navigator.storage));
    return { ...out, found: [...out.found] };
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
  if (process.env.NUBO_DEBUG) page.on("console", (m) => console.log("console", m.type(), m.text()));
  return { context, page, errors };
}

/** A page of the origin that runs no app: its store worker gone, OPFS's files can be read. */
const leaveApp = (page, origin) => page.goto(origin + "/app/icon.svg");

/** From here on the page has no OPFS (`instrument`); set on a file of the origin, before the app ever ran. */
async function refuseOpfs(page, origin) {
  await leaveApp(page, origin);
  await page.evaluate(() => localStorage.setItem("test-refuse-opfs", "1"));
}

/** The contacts listed: rows drawn, and rows a long list keeps waiting until they come near the screen. */
const listed = () => document.querySelectorAll("button.contact").length +
  [...document.querySelectorAll("li.rows-waiting")].reduce((n, li) => n + Number(li.dataset.rows), 0);
const contactCount = (page) => page.evaluate(listed);

/** One step down a long list, as a member scrolls: to the rows waiting, or to the end, where the core lists a page more. */
const scrollDown = () => (document.querySelector("li.rows-waiting") ?? document.getElementById("contacts-coming"))?.scrollIntoView({ block: "center" });

/** Every contact, scrolled through to the end of the list; how many. */
async function everyContact(page) {
  for (let i = 0; i < 100 && (await page.locator("#contacts-coming, li.rows-waiting").count()) > 0; i++) {
    await page.evaluate(scrollDown);
    await page.waitForTimeout(50);
  }
  return contactCount(page);
}

/** A contact's row, scrolled to as a member would: the list draws rows as they come near the screen. */
async function rowOf(page, name) {
  const row = page.locator("button.contact", { hasText: name });
  for (let i = 0; i < 100 && (await row.count()) === 0; i++) {
    // In one call: the observer may replace the placeholder at any moment.
    await page.evaluate(scrollDown);
    await page.waitForTimeout(50);
  }
  return row;
}

async function signInAndSync(page, origin) {
  await page.goto(origin + "/app/");
  // Counted from the first write on.
  await storeWorker(page);
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForFunction(() => !document.querySelector("#sync")?.disabled && /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 90_000 });
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
}

/**
 * Changes one contact's organisation offline; resolves to the bytes the
 * store worker wrote for it, to OPFS and to IndexedDB.
 */
async function editOneContact(page, organisation) {
  const worker = await storeWorker(page);
  await (await rowOf(page, "Hélène Dubœuf")).click();
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.getByLabel("Organisation").fill(organisation);
  // What the sync wrote last has landed by now: only the edit is counted.
  await page.waitForTimeout(1000);
  await worker.evaluate(() => { self.__opfsWritten = 0; self.__idbPutBytes = 0; });
  const saved = await page.evaluate(() => document.documentElement.dataset.saved);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-sheet .notice");
  await page.waitForFunction((before) => document.documentElement.dataset.saved !== before, saved);
  const written = await worker.evaluate(() => ({ opfs: self.__opfsWritten, idb: self.__idbPutBytes }));
  await page.getByRole("button", { name: "Fermer" }).click();
  return written;
}

async function showsEdit(page, organisation) {
  await (await rowOf(page, "Hélène Dubœuf")).click();
  await page.waitForSelector("#contact-sheet");
  assert.match(await page.locator("#contact-sheet").textContent(), new RegExp(organisation));
  await page.getByRole("button", { name: "Fermer" }).click();
}

/** The contacts tab, every contact listed. */
async function contactsShown(page) {
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  // "H", beyond the first page: the index has it, and shows Hélène once the core has listed through her.
  assert.equal(await page.locator("button.contact").count(), 100, "a page listed at first");
  await page.locator(".az-index").getByRole("button", { name: /H$/ }).click();
  await page.waitForFunction(() => document.activeElement?.matches("h3.group-letter") && document.activeElement.textContent === "H");
  // Her row drawn as it comes near the screen, under her letter.
  await page.locator("button.contact", { hasText: "Hélène Dubœuf" }).waitFor({ state: "visible", timeout: 5_000 });
  assert.equal(await everyContact(page), MEMBERS + 1, "every contact kept");
}

/** After a reload: every contact is there, with the unsent edit to Hélène's organisation. */
async function reloadedWithEdit(page, organisation) {
  await page.reload();
  await contactsShown(page);
  await showsEdit(page, organisation);
  assert.match(await (await rowOf(page, "Hélène Dubœuf")).textContent(), /en attente/, "the edit still waits to be sent");
}

/** Back in the app (after `leaveApp`), every contact there, Hélène with `organisation`, still to be sent. */
async function backWithEdit(page, origin, organisation) {
  await page.goto(origin + "/app/");
  await contactsShown(page);
  await showsEdit(page, organisation);
  assert.match(await (await rowOf(page, "Hélène Dubœuf")).textContent(), /en attente/, "the edit still waits to be sent");
}

test("synced data is there after a reload offline; one edit writes a few pages, not the database", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  await signInAndSync(page, origin);
  const worker = await storeWorker(page);
  // A long list comes a page at a time, the next as the member scrolls to
  // the end: Hélène, last by name, once the member has scrolled to her.
  const drawnAtFirst = await page.locator("button.contact").count();
  assert.equal(drawnAtFirst, 100, "a page listed at first");
  assert.match(await page.locator("#contacts-coming").textContent(), /Chargement d’autres contacts/);
  assert.equal(await page.locator("button.contact", { hasText: "Hélène Dubœuf" }).count(), 0, "not drawn before she comes near");
  const helene = await rowOf(page, "Hélène Dubœuf");
  assert.ok(await helene.isVisible(), "drawn once scrolled to");
  assert.equal(await everyContact(page), MEMBERS + 1, "each row drawn once");
  assert.equal(await page.locator("#contacts-coming").count(), 0, "nothing more said at the end");

  // The store's file, as far as the sync wrote it.
  const database = await worker.evaluate(() => self.__opfsExtent);
  assert.ok(database > 256 * 1024, `a database of some size: ${database} bytes`);

  await context.setOffline(true);
  const written = await editOneContact(page, "Coopérative Nubo");
  t.diagnostic(`one edit: ${written.opfs} bytes written to OPFS, ${written.idb} to IndexedDB; database ${database} bytes`);
  assert.ok(written.opfs > 0, "the edit was written");
  // Each page twice: the rollback journal keeps its old content until the commit.
  assert.ok(written.opfs * 2 < database, `one edit wrote ${written.opfs} bytes of a ${database}-byte database`);
  assert.equal(written.idb, 0, "no whole snapshot written");
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"]?.entries ?? 0, 0, "no snapshot kept");

  await reloadedWithEdit(page, "Coopérative Nubo");
  assert.deepEqual(errors, []);
});

/**
 * Writes `bytes` into IndexedDB as versions before OPFS kept the store (the
 * relaxed-idb VFS: database "nubo-pages", object store "blocks" keyed by
 * [path, offset], one 4 KiB page per record), as generation 3, beside an
 * older generation 2 of other bytes.
 */
function writeOldPages(bytes) {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  return (async () => {
    const open = indexedDB.open("nubo-pages", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("blocks", { keyPath: ["path", "offset"] });
    const db = await request(open);
    const tx = db.transaction("blocks", "readwrite");
    const blocks = tx.objectStore("blocks");
    const data = new Uint8Array(bytes);
    for (let offset = 0; offset < data.length; offset += 4096) {
      blocks.put({ path: "nubo-3.sqlite3", offset, data: data.slice(offset, offset + 4096) });
      blocks.put({ path: "nubo-2.sqlite3", offset, data: new Uint8Array(4096) });
    }
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    db.close();
  })();
}

/** The whole snapshot kept in IndexedDB, as bytes (a plain array, to leave the page). */
function keptSnapshot() {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  return (async () => {
    const db = await request(indexedDB.open("nubo"));
    const bytes = await request(db.transaction("snapshots").objectStore("snapshots").get("store"));
    db.close();
    return [...new Uint8Array(bytes)];
  })();
}

test("what an older version kept, a snapshot or pages in IndexedDB, is taken over once, every contact kept", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  // Keeping snapshots as every version before the paged store did (the
  // same writer, bytes and key): a browser without OPFS does still.
  await refuseOpfs(page, origin);
  await signInAndSync(page, origin);
  await context.setOffline(true);
  const written = await editOneContact(page, "Ancienne version");
  const old = await page.evaluate(idbContents, []);
  const snapshot = old["nubo/snapshots"].bytes;
  t.diagnostic(`one edit with snapshots: ${written.idb} bytes written to IndexedDB, database ${snapshot} bytes`);
  assert.equal(old["nubo/snapshots"].entries, 1);
  assert.ok(written.idb >= snapshot, "a snapshot is the whole database for one edit");
  assert.equal(written.opfs, 0, "nothing on OPFS");
  const bytes = await page.evaluate(keptSnapshot);

  // The new build opens it with OPFS, still offline, without the marker older versions never wrote.
  await leaveApp(page, origin);
  await page.evaluate(() => { localStorage.removeItem("test-refuse-opfs"); localStorage.removeItem("nubo-account-stored"); });
  await backWithEdit(page, origin, "Ancienne version");
  await page.waitForFunction(() => localStorage.getItem("nubo-account-stored") === "1");
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"].entries, 0, "the snapshot erased once taken over");
  await leaveApp(page, origin);
  const onOpfs = await page.evaluate(opfsContents, ["Ancienne version"]);
  assert.deepEqual(onOpfs.found, ["Ancienne version"], "the store is on OPFS");

  // Once only: the next start reads OPFS.
  await backWithEdit(page, origin, "Ancienne version");

  // A browser without OPFS that signs in again (it sees no account) keeps
  // its store in memory only: a snapshot would be taken over the store on
  // OPFS, and the edit still waiting to be sent with it.
  await leaveApp(page, origin);
  await page.evaluate(() => localStorage.setItem("test-refuse-opfs", "1"));
  await context.setOffline(false);
  await signInAndSync(page, origin);
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"].entries, 0, "no snapshot over the store on OPFS");
  await leaveApp(page, origin);
  await page.evaluate(() => localStorage.removeItem("test-refuse-opfs"));
  await context.setOffline(true);
  await backWithEdit(page, origin, "Ancienne version");

  // The pages of the version before OPFS, in IndexedDB: the newest
  // generation of them taken over too, then erased.
  await leaveApp(page, origin);
  await page.evaluate(async () => {
    for (const name of [".nubo-store"]) await (await navigator.storage.getDirectory()).removeEntry(name, { recursive: true });
  });
  await page.evaluate(writeOldPages, bytes);
  await backWithEdit(page, origin, "Ancienne version");
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.ok(!databases.includes("nubo-pages"), `the old pages erased once taken over: ${databases}`);
  assert.deepEqual(errors, []);
});

test("a write the disk refuses is said, and the edit is kept whole for the next start", async (t) => {
  const { origin, browser } = await launched(t);
  const { context, page, errors } = await open(browser);
  await signInAndSync(page, origin);
  const worker = await storeWorker(page);
  await context.setOffline(true);
  const notSaved = page.locator("#store-not-saved");
  const fullDisk = (where) => worker.evaluate((names) => { self.__fullDisk = new Set(names); }, where);
  const saveOrganisation = async (organisation) => {
    await page.getByRole("button", { name: "Modifier" }).click();
    await page.getByLabel("Organisation").fill(organisation);
    // Enter sends the form, as on a phone's keyboard (the alert may cover the foot of the form).
    await page.getByLabel("Organisation").press("Enter");
    await page.waitForFunction((o) => document.querySelector("#contact-sheet")?.textContent?.includes(o), organisation);
  };
  await (await rowOf(page, "Hélène Dubœuf")).click();

  // Nothing reaches the disk: the member is told, over the open contact; the edit is still on screen.
  await fullDisk(["opfs", "nubo"]);
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
  await fullDisk(["opfs"]);
  const before = await page.evaluate(() => document.documentElement.dataset.saved);
  await saveOrganisation("Disque libéré");
  await page.waitForFunction((b) => document.documentElement.dataset.saved !== b, before);
  assert.equal(await notSaved.count(), 0);
  // Refused again: said again; saved again: the alert goes by itself.
  await fullDisk(["opfs", "nubo"]);
  await saveOrganisation("Encore plein");
  await notSaved.waitFor();
  await fullDisk(["opfs"]);
  await saveOrganisation("Place retrouvée");
  await notSaved.waitFor({ state: "detached" });
  const kept = await page.evaluate(idbContents, ["Place retrouvée"]);
  assert.deepEqual(kept["nubo/snapshots"].found, ["Place retrouvée"], "the whole store kept as a snapshot");
  await page.getByRole("button", { name: "Fermer" }).click();

  // The next start takes the snapshot over onto OPFS: nothing lost.
  await reloadedWithEdit(page, "Place retrouvée");
  assert.equal(await notSaved.count(), 0);
  assert.equal((await page.evaluate(idbContents, []))["nubo/snapshots"].entries, 0, "the snapshot erased once taken over");
  assert.deepEqual(errors, []);
});

test("sign-out leaves nothing of the account in OPFS or IndexedDB, with or without OPFS", async (t) => {
  const { origin, browser } = await launched(t);
  const traces = [USER, "Hélène", "Dubœuf", "helene@nubo.coop", "Coopératrice 0042", "membre0042@nubo.coop", "+32 2 555 0042", "assemblée de"];
  for (const opfs of [true, false]) {
    const { context, page, errors } = await open(browser);
    if (!opfs) await refuseOpfs(page, origin);
    await signInAndSync(page, origin);
    await leaveApp(page, origin);
    const before = opfs ? await page.evaluate(opfsContents, traces) : (await page.evaluate(idbContents, traces))["nubo/snapshots"];
    assert.deepEqual(before.found.sort(), [...traces].sort(), "the search finds the account's data while it is there");

    // Back in the app, once the sync it starts on opening has ended and
    // what follows it is saved: the next change saved is the sign-out's.
    await page.goto(origin + "/app/");
    await page.waitForFunction(() => !document.querySelector("#sync")?.disabled && /Synchronisé à l’instant/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 90_000 });
    let saved = null;
    for (let quiet = 0; quiet < 4; ) {
      const now = await page.evaluate(() => document.documentElement.dataset.saved);
      quiet = now === saved ? quiet + 1 : 0;
      saved = now;
      await page.waitForTimeout(250);
    }
    await page.click("#sign-out");
    await page.locator("dialog.confirm button.danger").click();
    await page.waitForSelector("#sign-in");
    await page.waitForFunction((b) => document.documentElement.dataset.saved !== b, saved);
    await leaveApp(page, origin);
    for (const [store, { found }] of Object.entries(await page.evaluate(idbContents, traces))) assert.deepEqual(found, [], `${store} after sign-out (${opfs ? "OPFS" : "snapshots"})`);
    assert.deepEqual((await page.evaluate(opfsContents, traces)).found, [], `OPFS after sign-out (${opfs ? "OPFS" : "snapshots"})`);
    assert.equal(await page.evaluate(() => localStorage.getItem("nubo-account-stored")), null);
    // Back, the app shows the sign-in form, nothing of the account.
    await page.goto(origin + "/app/");
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
  await second.waitForSelector("button.contact");
  await context.setOffline(true);
  const written = await editOneContact(second, "Modifié dans le deuxième onglet");
  assert.ok(written.opfs > 0 && written.idb === 0, `the second tab keeps the store on OPFS: ${JSON.stringify(written)}`);

  // Back to the first: it reloads, takes the store back, and shows what the second wrote.
  // (In front, as the tab a member clicks in is: a hidden tab draws no rows as they come near.)
  await first.bringToFront();
  await first.getByRole("button", { name: "L’utiliser ici" }).click();
  await second.waitForSelector("#store-elsewhere");
  await first.getByRole("button", { name: "Contacts" }).click();
  await first.waitForSelector("button.contact");
  assert.equal(await everyContact(first), MEMBERS + 1);
  await showsEdit(first, "Modifié dans le deuxième onglet");
  assert.equal(await first.locator("#store-elsewhere").count(), 0);
  assert.deepEqual(errors, []);
});
