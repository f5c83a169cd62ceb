// What a phone on a slow network gets: the app's files precompressed
// (brotli, else gzip), content-hashed files kept for good and later visits
// served by the service worker, the page painted before the core's wasm
// arrives, the wasm fetched once (preloaded beside the script), and a
// manifest with PNG icons in the member's language.
// Screenshots in web/test-results/ (not committed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");

/** One GET with exactly these headers: status, headers, the bytes as sent (not decoded). */
const get = (url, headers = {}) => new Promise((resolve, reject) => {
  request(url, { headers }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
  }).on("error", reject).end();
});

/** A PNG's width and height, from its header. */
const pngSize = (bytes) => {
  assert.equal(bytes.subarray(1, 4).toString(), "PNG");
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
};

test("the app's files: compressed, cached, painted early, installable in the member's language", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const { origin, appRequests, stop } = await startStack(cards);
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });

  // The page names the wasm it preloads; the server sends what the browser accepts.
  const html = (await get(origin + "/app/")).body.toString();
  const wasmPath = html.match(/<link rel="preload" href="([^"]+\.wasm)"/)?.[1];
  assert.ok(wasmPath, "the page preloads the core's wasm");
  const plain = await get(origin + wasmPath);
  const brotli = await get(origin + wasmPath, { "accept-encoding": "gzip, deflate, br, zstd" });
  const gzip = await get(origin + wasmPath, { "accept-encoding": "gzip, deflate" });
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.equal(brotli.headers["content-encoding"], "br");
  assert.equal(gzip.headers["content-encoding"], "gzip");
  assert.ok(brotli.body.length < plain.body.length * 0.4, `brotli: ${brotli.body.length} of ${plain.body.length} bytes`);
  assert.ok(brotli.body.length < gzip.body.length, "brotli is chosen because it is smaller");
  for (const answer of [plain, brotli, gzip]) {
    assert.equal(answer.headers["content-type"], "application/wasm", "streaming compilation needs the wasm type");
    assert.equal(answer.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(answer.headers.vary, "Accept-Encoding");
  }
  // The page itself is asked again each time, and answered 304 while unchanged.
  const page1 = await get(origin + "/app/", { "accept-encoding": "br" });
  assert.equal(page1.headers["cache-control"], "no-cache");
  assert.equal(page1.headers["content-encoding"], "br");
  assert.match(page1.headers["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal((await get(origin + "/app/", { "if-none-match": page1.headers.etag })).status, 304);

  for (const [locale, lang, description] of [["fr-BE", "fr", /Votre agenda, vos contacts/], ["nl-BE", "nl", /Je Nubo-agenda/]]) {
    const context = await browser.newContext({ locale, timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" || /preload/i.test(m.text())) errors.push(m.text()); });
    // The wasm held back: what a member on a slow network sees meanwhile.
    let releaseWasm;
    const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
    const wasmRequests = [];
    page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasmRequests.push(r.url()); });
    await page.route("**/*.wasm", async (route) => { await wasmHeld; await route.continue(); });
    await page.goto(origin + "/app/", { waitUntil: "domcontentloaded" });
    // A first visit (nothing stored): the sign-in form at once, in the
    // member's language, while the wasm is still on its way.
    await page.waitForSelector("form#sign-in");
    assert.equal(await page.locator("html").getAttribute("lang"), lang);
    assert.equal(await page.locator(".loading-bar").count(), 0);
    assert.equal(await page.locator("#app").getAttribute("aria-busy"), null);
    assert.equal(await page.evaluate(() => performance.getEntriesByName("nubo-wasm-ready").length), 0, "the wasm was held back");
    await page.screenshot({ path: join(shots, `load-before-wasm-${lang}-390.png`) });
    if (lang === "fr") {
      // Typed and sent before the core is there: kept, and sent once it is.
      await page.getByLabel("Adresse Nubo").fill(USER);
      await page.getByLabel(/Mot de passe/).fill("mot de passe");
      await page.getByRole("button", { name: "Se connecter", exact: true }).click();
      assert.ok(await page.getByRole("button", { name: "Se connecter", exact: true }).isDisabled(), "the held sign-in shows it waits");
      releaseWasm();
      await page.waitForFunction(() => /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
    } else {
      await page.getByLabel("Nubo-adres").fill(USER);
      releaseWasm();
      await page.waitForFunction(() => performance.getEntriesByName("nubo-core-open").length > 0);
      await page.waitForSelector("form#sign-in");
      assert.equal(await page.getByLabel("Nubo-adres").inputValue(), USER, "what was typed survives the core's first drawing");
    }
    assert.equal(wasmRequests.length, 1, "the preloaded wasm is the one the core uses: fetched once");

    // The manifest in the page's language, its icons as a phone needs them.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    assert.equal(manifestHref, `/app/manifest.${lang}.webmanifest`);
    const manifestUrl = new URL(manifestHref, origin + "/app/");
    const manifest = JSON.parse((await get(manifestUrl)).body.toString());
    assert.equal(manifest.lang, locale);
    assert.match(manifest.description, description);
    assert.equal(manifest.start_url, "./");
    const sizes = [];
    for (const icon of manifest.icons.filter((i) => i.type === "image/png")) {
      const answer = await get(new URL(icon.src, manifestUrl));
      assert.equal(answer.headers["content-type"], "image/png");
      assert.equal(pngSize(answer.body), icon.sizes);
      sizes.push(icon.sizes + (icon.purpose ? " " + icon.purpose : ""));
    }
    assert.deepEqual(sizes, ["192x192", "512x512", "512x512 maskable"]);
    const touchIcon = await get(new URL(await page.locator('link[rel="apple-touch-icon"]').getAttribute("href"), origin + "/app/"));
    assert.equal(pngSize(touchIcon.body), "180x180");
    // What signing in (French) logs by design: the server's 401 challenge
    // before the password is sent, and feed discovery on the test domain (no DNS).
    const bySigningIn = (e) => lang === "fr" && /status of 401 \(Unauthorized\)|ERR_NAME_NOT_RESOLVED/.test(e);
    assert.deepEqual(errors.filter((e) => !bySigningIn(e)), []);
    await context.close();
  }

  // A language picked before the core has loaded is the one it starts in.
  {
    const context = await browser.newContext({ locale: "en-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    let releaseWasm;
    const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
    await page.route("**/*.wasm", async (route) => { await wasmHeld; await route.continue(); });
    await page.goto(origin + "/app/", { waitUntil: "domcontentloaded" });
    await page.getByLabel("Nubo address").fill(USER);
    await page.getByRole("combobox").selectOption("nl");
    assert.equal(await page.getByLabel("Nubo-adres").inputValue(), USER, "redrawn in Dutch, what was typed kept");
    releaseWasm();
    await page.waitForFunction(() => performance.getEntriesByName("nubo-core-open").length > 0);
    await page.waitForSelector("form#sign-in");
    assert.equal(await page.locator("html").getAttribute("lang"), "nl");
    assert.equal(await page.getByRole("button", { name: "Aanmelden", exact: true }).count(), 1);
    await context.close();
  }

  // A later visit: the service worker answers for the content-hashed files,
  // only the page goes to the network.
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  await page.goto(origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForFunction(() => /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null || new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", () => r(true))));
  // The worker has been told which files this page loaded.
  await page.waitForFunction(async () => (await (await caches.open("nubo-app-v1")).keys()).some((r) => r.url.endsWith(".wasm")));
  // Even with the browser's HTTP cache emptied, as a phone short of space does.
  // A member is never shown the sign-in form, not even for a moment.
  await page.addInitScript(() => {
    new MutationObserver(() => { if (document.getElementById("sign-in")) window.signInSeen = true; })
      .observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  const before = appRequests().length;
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName("nubo-first-agenda").length > 0, null, { timeout: 60_000 });
  // Until the worker has handled what this visit loaded: it must not fetch it all again.
  await page.waitForFunction(() => performance.getEntriesByName("nubo-files-kept").length > 0, null, { timeout: 60_000 });
  const asked = appRequests().slice(before);
  assert.ok(asked.some((line) => / \/app\/$/.test(line)), `the page itself is asked: ${asked}`);
  assert.deepEqual(asked.filter((line) => line.includes("/app/assets/")), [], "no content-hashed file asked again");
  assert.equal(await page.evaluate(() => window.signInSeen ?? false), false, "the sign-in form flashed for a signed-in member");
  await context.close();
});
