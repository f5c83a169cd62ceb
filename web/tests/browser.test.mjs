// The web shell in a real headless Chromium against a real Radicale, on one
// origin through serve.mjs: sign in, agenda and contacts, search, an edit
// online, an edit offline that survives a reload (and so does the time of the
// last sync), and both on the server.
// Screenshots of each screen go to web/test-results/ (not committed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");

const vcard = (uid, name, extra = "") =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(" ").reverse().join(";")};;;\r\n${extra}END:VCARD\r\n`;

test("sign in, agenda, contacts, edits online and offline, reload offline", async (t) => {
  const work = await mkdtemp(join(tmpdir(), "nubo-web-"));
  const cards = join(work, "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "helene.vcf"), vcard("helene", "Hélène Dubœuf", "EMAIL:helene@nubo.coop\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nORG:Nubo SCRL\r\n"));
  await writeFile(join(cards, "jan.vcf"), vcard("jan", "Jan Van den Broeck", "TEL:+32 2 555 01 02\r\n"));
  await writeFile(join(cards, "francoise.vcf"), vcard("francoise", "Françoise Lambert", "ORG:Lire et Écrire\r\nX-NUBO-MEMBER:42\r\n"));
  const { dav, origin, stop } = await startStack(cards);
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The page's Content-Security-Policy refuses nothing the app does.
  page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  await mkdir(shots, { recursive: true });
  const shot = (name) => page.screenshot({ path: join(shots, name + ".png"), fullPage: true });
  const status = () => page.locator("#status");
  const upToDate = async () => {
    // No sync running, and the status says when the last one ended.
    await page.waitForFunction(() => !document.querySelector("#sync")?.disabled && /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
  };

  // The app's pages carry a strict Content-Security-Policy and the usual headers.
  const headers = (await fetch(origin + "/app/")).headers;
  assert.match(headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'; style-src 'self';.*frame-ancestors 'none'/);
  assert.equal(headers.get("x-content-type-options"), "nosniff");
  assert.equal(headers.get("referrer-policy"), "no-referrer");
  await page.goto(origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await shot("1-sign-in");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await upToDate();

  // The agenda: month by month to May 2027, where the general assembly
  // was moved from the 4th to the 11th; August has its cancelled one.
  await page.getByRole("button", { name: "Mois" }).click();
  for (let i = 0; i < 40 && (await page.locator("#agenda-title").textContent()) !== "mai 2027"; i++) {
    const before = await page.locator("#agenda-title").textContent();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.waitForFunction((b) => document.querySelector("#agenda-title")?.textContent !== b, before);
  }
  assert.equal(await page.locator("#agenda-title").textContent(), "mai 2027");
  const may = await page.locator(".day").evaluateAll((days) => days.map((d) => d.textContent.replace(/\s+/g, " ").trim()));
  assert.ok(may.some((d) => d.startsWith("mardi 11 mai 2027") && d.includes("19:30 – 21:30 Assemblée générale annuelle")), may.join("\n"));
  assert.ok(!may.some((d) => d.startsWith("mardi 4 mai")), "the moved occurrence is not on its old day");
  // Each entry in its calendar's colour, set without an inline style.
  assert.equal(await page.locator(".dot").first().evaluate((d) => getComputedStyle(d).backgroundColor), "rgb(0, 130, 201)");
  await shot("2-agenda-month");

  // That one occurrence moved again, offline-first: the page only sends the fields.
  await page.locator("button.entry", { hasText: "Assemblée générale annuelle" }).click();
  // Its detail first; the form once asked for.
  await page.getByRole("button", { name: "Modifier" }).click();
  // Native pickers, nothing typed in a format; moving the start moves the end with it.
  assert.deepEqual(await page.locator("#event input[type=date], #event input[type=time]").evaluateAll((els) => els.map((e) => e.value)),
    ["2027-05-11", "19:30", "2027-05-11", "21:30"]);
  await page.getByLabel("Date de début").fill("2027-05-12");
  assert.equal(await page.getByLabel("Date de fin").inputValue(), "2027-05-12", "the end follows the start");
  assert.equal(await page.getByLabel("Heure de fin").inputValue(), "21:30");
  // A sync finishing while the form is open redraws the page: what was chosen stays. (On a phone
  // the sheet covers the page, its header inert: the sync is started as the app's own timer would.)
  await page.evaluate(() => document.getElementById("sync").click());
  await upToDate();
  assert.equal(await page.getByLabel("Date de début").inputValue(), "2027-05-12");
  // A mistake is said before anything is sent, in French, and keeps what was chosen.
  await page.getByLabel("Heure de fin").fill("18:00");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  assert.equal(await page.locator("#e-when-error").textContent(), "La fin est avant le début\u202f: corrigez l’une des deux.");
  assert.equal(await page.getByLabel("Date de début").inputValue(), "2027-05-12");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "e-end-date");
  await page.getByLabel("Heure de fin").fill("21:30");
  await shot("2b-event-edit");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".day")].some((d) =>
    d.textContent.includes("mercredi 12 mai 2027") && d.textContent.includes("Assemblée générale annuelle")));
  await page.getByRole("button", { name: "Fermer" }).click();

  // One date of a weekly series and the following ones: renamed from 19 May on.
  await page.locator(".day", { hasText: "mercredi 19 mai 2027" }).locator("button.entry", { hasText: "Permanence" }).click();
  await page.getByRole("button", { name: "Modifier" }).click();
  assert.equal(await page.locator("#e-scope-one").isChecked(), true, "this date only, unless the member chooses");
  await page.locator("#e-summary").fill("Permanence (nouvelle formule)");
  await page.getByLabel("Cette date et les suivantes").check();
  await shot("2c-event-and-following");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".day")].some((d) =>
    d.textContent.includes("mercredi 26 mai 2027") && d.textContent.includes("Permanence (nouvelle formule)")));
  const permanence = await page.locator(".day").evaluateAll((days) => Object.fromEntries(days.map((d) => [d.querySelector("h3, h2")?.textContent ?? d.textContent.slice(0, 24), d.textContent])));
  const on = (day) => Object.entries(permanence).find(([title]) => title.includes(day))?.[1] ?? "";
  assert.match(on("mercredi 12 mai 2027"), /Permanence d'aide aux membres/, "before the split: unchanged");
  assert.match(on("mercredi 19 mai 2027"), /Permanence \(nouvelle formule\)/);
  assert.doesNotMatch(on("mercredi 19 mai 2027"), /Permanence d'aide aux membres/, "not twice");
  await page.getByRole("button", { name: "Fermer" }).click();

  // Contacts: sorted, searchable without accents.
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  const names = await page.locator("button.contact").evaluateAll((els) => els.map((e) => e.firstChild.textContent.trim()));
  assert.deepEqual(names, ["Françoise Lambert", "Hélène Dubœuf", "Jan Van den Broeck"]);
  await page.getByLabel("Rechercher un contact").fill("helene");
  await page.waitForFunction(() => document.querySelectorAll("button.contact").length === 1);
  await shot("3-contacts-search");
  await page.getByLabel("Rechercher un contact").fill("");
  await page.waitForFunction(() => document.querySelectorAll("button.contact").length === 3);

  // An edit online reaches the server at the next sync.
  await page.locator("button.contact", { hasText: "Jan Van den Broeck" }).click();
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.locator("#f-phones-0").fill("+32 470 99 88 77");
  await shot("4-contact-edit");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-sheet .notice");
  await page.getByRole("button", { name: "Fermer" }).click();
  await page.getByRole("button", { name: "Synchroniser" }).click();
  await upToDate();
  const onServer = async (name) => (await fetch(`${dav}/${USER}/contacts/${name}`)).text();
  assert.match(await onServer("jan.vcf"), /\+32 470 99 88 77/);
  const series = await (await fetch(`${dav}/${USER}/agenda/assemblee-generale.ics`)).text();
  assert.match(series, /RECURRENCE-ID;TZID=Europe\/Brussels:20270504T190000/);
  assert.match(series, /DTSTART;TZID=Europe\/Brussels:20270512T193000/);
  // The split series: the old one ends before 19 May, a new one starts there.
  assert.match(await (await fetch(`${dav}/${USER}/agenda/permanence.ics`)).text(), /RRULE:FREQ=WEEKLY;[^\r\n]*UNTIL=20270519/);
  assert.match(await (await fetch(`${dav}/${USER}/agenda/`)).text(), /SUMMARY:Permanence \(nouvelle formule\)/);

  // Offline: an edit is kept, survives a reload, and goes once online.
  await context.setOffline(true);
  await page.locator("button.contact", { hasText: "Françoise Lambert" }).click();
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.getByLabel("Organisation").fill("Nubo SCRL");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-sheet .notice");
  await page.waitForFunction(() => document.documentElement.dataset.saved);
  await page.reload();
  // Still offline, so no sync can end: the header says when the last one did, kept with the account.
  await page.waitForFunction(() => /Synchronisé (à l’instant|il y a)/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 10_000 });
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact");
  assert.match(await page.locator("button.contact", { hasText: "Françoise Lambert" }).textContent(), /en attente/);
  await shot("5-offline-after-reload");
  assert.doesNotMatch(await onServer("francoise.vcf"), /Nubo SCRL/);
  // Back online: the app sends it by itself.
  await context.setOffline(false);
  await page.waitForFunction(() => !/en attente/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
  await upToDate();
  const francoise = await onServer("francoise.vcf");
  assert.match(francoise, /ORG:Nubo SCRL/);
  assert.match(francoise, /X-NUBO-MEMBER:42/, "fields the app does not show survive");
  await shot("6-synced");
  assert.deepEqual(errors, []);
});
