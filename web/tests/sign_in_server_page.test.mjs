// Signing in on the server's own page (Nextcloud's Login Flow v2) in a
// real headless Chromium. No Nextcloud runs here: tests/servers/nextcloud_like.py
// plays the flow's documented endpoints in front of a real Radicale that
// needs the member's password or an app password, behind serve.mjs on the
// app's origin. The member taps the button, opens their server's page in a
// new tab, signs in there and allows the app; the app signs in by itself
// with its app password and shows the address book. Waiting can be
// stopped. The app password is kept sealed (never in localStorage), read
// back after a reload, erased at sign-out. Screenshots at phone and desktop
// sizes in web/test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");
const PASSWORD = "le mot de passe d’Alice";
/** The characters of a Nextcloud-style app password. */
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** In the page: what the app keeps of its secrets (run by page.evaluate). */
async function storedSecrets() {
  const legacy = Object.keys(localStorage).filter((k) => k.startsWith("nubo-secret:"));
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("nubo-secrets");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const read = (store, act) => new Promise((resolve) => {
    const request = act(db.transaction(store).objectStore(store));
    request.onsuccess = () => resolve(request.result);
  });
  const sealed = await read("secrets", (s) => s.getAll());
  const key = await read("keys", (s) => s.get("main"));
  return { legacy, sealed: sealed.map((r) => Array.from(new Uint8Array(r.data))), extractable: key?.extractable };
}

test("sign-in on the server's page: the member allows the app in another tab, it signs in with its own app password", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const { origin, dav, stop } = await startStack(cards, { nextcloud: { password: PASSWORD } });
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });

  for (const [locale, viewport, size] of [["fr-BE", { width: 390, height: 844 }, "phone"], ["nl-BE", { width: 1280, height: 800 }, "desktop"]]) {
    const context = await browser.newContext({ locale, timezoneId: "Europe/Brussels", viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
    const shot = (name) => page.screenshot({ path: join(shots, `sign-in-server-page-${name}-${locale.slice(0, 2)}-${size}.png`) });
    await page.goto(origin + "/app/");
    await page.fill("#email", USER);
    await shot("form");

    // Waiting can be stopped: the form comes back, nothing is signed in.
    await page.click("#sign-in-browser");
    await page.waitForSelector("#open-server-page");
    await page.click("#stop-waiting");
    await page.waitForSelector("#sign-in-browser");
    assert.equal(await page.locator("#server-page").count(), 0);

    await page.fill("#email", USER);
    await page.click("#sign-in-browser");
    const link = page.locator("#open-server-page");
    await link.waitFor();
    const href = await link.getAttribute("href");
    assert.ok(href.startsWith(`${origin}/login/v2/flow/`), href);
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.match(await link.getAttribute("rel"), /noopener/);
    await shot("waiting");

    // The member's tab on their server: signs in there, allows the app.
    const [serverTab] = await Promise.all([context.waitForEvent("page"), link.click()]);
    await serverTab.waitForLoadState();
    await serverTab.fill("input[name=user]", USER);
    await serverTab.fill("input[name=password]", PASSWORD);
    await Promise.all([serverTab.waitForLoadState(), serverTab.click("button")]);
    assert.match(await serverTab.textContent("h1"), /Account connected/);
    await serverTab.close();

    // The app signed in by itself: it says so, and shows the address book.
    await page.waitForSelector("#tab-contacts", { timeout: 30_000 });
    await page.waitForFunction((user) => document.body.textContent.includes(user), USER, { timeout: 30_000 });
    await page.click("#tab-contacts");
    await page.waitForFunction(() => document.body.textContent.includes("Jan Peeters"), null, { timeout: 30_000 });
    assert.equal(await page.locator("#server-page").count(), 0);
    await shot("signed-in");

    // The app password is kept sealed: one AES-GCM record under a key the
    // page cannot export, nothing in localStorage.
    const kept = await page.evaluate(storedSecrets);
    assert.deepEqual(kept.legacy, []);
    assert.equal(kept.sealed.length, 1);
    assert.equal(kept.extractable, false);
    assert.ok(kept.sealed[0].some((b) => !URL_SAFE.includes(String.fromCharCode(b))), "ciphertext, not the password's text");

    // After a reload it is read back: the server wants it for the next sync.
    const before = (await (await fetch(dav + "/test/log")).json()).length;
    await page.reload();
    await page.waitForSelector("#tab-contacts");
    await page.click("#sync");
    await page.waitForFunction(() => document.querySelector("#sync") && !document.querySelector("#sync").disabled, null, { timeout: 30_000 });
    assert.doesNotMatch(await page.locator("#status").textContent(), /mot de passe|wachtwoord/i, "no password refused");
    const after = (await (await fetch(dav + "/test/log")).json()).slice(before);
    assert.ok(after.length > 0 && after.every((r) => r.credential === "app-password" || r.credential === "none"), JSON.stringify(after));
    assert.ok(after.some((r) => r.credential === "app-password"));

    // Signing out erases it.
    await page.click("#sign-out");
    await page.locator("dialog.confirm button.danger").click();
    await page.waitForSelector("#sign-in-browser");
    assert.deepEqual((await page.evaluate(storedSecrets)).sealed, []);
    assert.deepEqual(errors, []);
    await context.close();
  }

  // Every request the app made to the DAV server carried the app password, never the member's.
  const log = await (await fetch(dav + "/test/log")).json();
  const used = new Set(log.map((r) => r.credential));
  assert.ok(used.has("app-password"), JSON.stringify([...used]));
  assert.ok(!used.has("password"), "the member's password never went through the app");
});
