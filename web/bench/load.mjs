// The web shell's weight and start-up: the size of what a browser
// downloads (raw and gzip), and the time from navigation to the first
// agenda on screen, for a member already signed in (store in IndexedDB),
// over repeated loads in headless Chromium, online and offline.
//   node web/bench/load.mjs [--loads 10] [--contacts 300]
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { python, repo, startStack, USER, web, chromiumOptions } from "../tests/stack.mjs";

const arg = (name, fallback) => { const i = process.argv.indexOf("--" + name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const loads = arg("loads", 10);
const contacts = arg("contacts", 300);

const assets = join(web, "dist/assets");
const rows = [];
for (const name of (await readdir(assets)).sort()) {
  const bytes = await readFile(join(assets, name));
  rows.push([name.replace(/-[\w-]{8}\./, "."), bytes.length, gzipSync(bytes, { level: 9 }).length]);
}
const kib = (n) => (n / 1024).toFixed(1).padStart(8);
console.log("What a browser downloads (web/dist/assets):");
for (const [name, raw, gz] of rows) console.log(`  ${name.padEnd(24)} ${kib(raw)} KiB  gzip ${kib(gz)} KiB`);
const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
console.log(`  ${"total".padEnd(24)} ${kib(total[0])} KiB  gzip ${kib(total[1])} KiB`);

const cards = join(await mkdtemp(join(tmpdir(), "nubo-bench-")), "vcards");
execFileSync(python, [join(repo, "scripts/seed/contacts.py"), "--count", String(contacts), "--out", cards]);
const stack = await startStack(cards);
const browser = await chromium.launch(chromiumOptions);
try {
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  await page.goto(stack.origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("bench");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.waitForFunction(() => /À jour/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 120_000 });
  await page.waitForFunction(() => document.documentElement.dataset.saved);
  const measure = async (offline) => {
    await context.setOffline(offline);
    const times = [];
    for (let i = 0; i < loads; i++) {
      await page.reload();
      await page.waitForFunction(() => performance.getEntriesByName("nubo-first-agenda").length > 0, null, { timeout: 60_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName("nubo-first-agenda")[0].startTime));
    }
    times.sort((a, b) => a - b);
    return times;
  };
  const online = await measure(false);
  const offline = await measure(true);
  const show = (label, t) => console.log(`  ${label.padEnd(9)} median ${t[t.length >> 1].toFixed(0)} ms, fastest ${t[0].toFixed(0)} ms, slowest ${t[t.length - 1].toFixed(0)} ms`);
  console.log(`\nNavigation to the first agenda on screen, signed in with ${contacts} contacts and the demo calendar, ${loads} loads each (Chromium ${browser.version()}):`);
  show("online", online);
  show("offline", offline);
} finally {
  await browser.close();
  stack.stop();
}
