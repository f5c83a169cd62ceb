// Contacts as a member uses them, in a real headless Chromium against a real
// Radicale: every field the core reads shown, with tel:, mailto: and map
// links; a phone changed, an e-mail added and one removed, all on the server
// with the fields the app does not show intact; a new contact; a delete
// that asks first; the list in groups by initial with the phone's letter
// index; the sheet taking the focus and giving it back on Escape and on
// the browser's back button, asking first when something was typed in
// its form; no stale notice on it. Freshness: a sync when the app opens, when it
// is back online, when it comes back to the foreground, and the status
// saying when, in words. Screenshots (phone and desktop, French and Dutch,
// light and dark) go to web/test-results/ (not committed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, boxOf, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");

const vcard = (uid, name, extra = "") =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(" ").reverse().join(";")};;;\r\n${extra}END:VCARD\r\n`;

const EMILE = "TEL;TYPE=CELL:+32 470 11 22 33\r\nTEL;TYPE=WORK:+32 2 555 66 77\r\nEMAIL;TYPE=HOME:emile@example.org\r\n" +
  "EMAIL;TYPE=WORK:zola@nubo.coop\r\nADR;TYPE=HOME:;;Rue Haute 12;Bruxelles;;1000;Belgique\r\nBDAY:1984-05-21\r\n" +
  "NOTE:Préfère être appelé le matin.\r\nORG:Nubo SCRL\r\nTITLE:Écrivain\r\nX-NUBO-MEMBER:7\r\n";

/** Émile's picture: a real PNG (the app's own icon); Eva's, an SVG with script in it, which is not shown. */
const PHOTO = (await readFile(join(web, "public/apple-touch-icon.png"))).toString("base64");
const SVG_PHOTO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><circle r="9"/></svg>').toString("base64");

/** Émile, and one contact per letter so that the list is longer than a phone's screen. */
async function seed() {
  const work = await mkdtemp(join(tmpdir(), "nubo-web-"));
  const cards = join(work, "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "emile.vcf"), vcard("emile", "Émile Zola", `${EMILE}PHOTO;ENCODING=b;TYPE=PNG:${PHOTO}\r\n`));
  await writeFile(join(cards, "anne.vcf"), vcard("anne", "Anne Arnaud", "EMAIL:anne@example.org\r\n"));
  const names = ["Bruno Bastin", "Chloé Collard", "David Dumont", "Eva Evrard", "Fatima Fares", "Guy Gilson", "Hugo Henry", "Inès Istasse",
    "Jan Janssens", "Karim Kaci", "Lotte Lambrecht", "Marc Mertens", "Olivier Otte", "Pauline Peeters", "Quentin Quoilin",
    "Rachid Rahmani", "Sofie Smets", "Thomas Thys", "Ursula Urbain", "Victor Vermeulen", "Wim Wouters", "Yasmine Yilmaz", "Zoé Zeller"];
  for (const [i, name] of names.entries()) {
    const photo = name === "Eva Evrard" ? `PHOTO;ENCODING=b;TYPE=JPEG:${SVG_PHOTO}\r\n` : "";
    await writeFile(join(cards, `c${i}.vcf`), vcard(`c${i}`, name, `TEL:+32 2 500 00 ${String(i).padStart(2, "0")}\r\n${photo}`));
  }
  return cards;
}

const WORDS = {
  fr: { email: "Adresse Nubo", password: /Mot de passe/, signIn: "Se connecter", contacts: "Contacts", synced: /Synchronisé/, sync: "Synchroniser maintenant",
    discardContact: "Abandonner vos modifications de ce contact\u202f?", keepEditing: "Continuer à modifier" },
  nl: { email: "Nubo-adres", password: /Wachtwoord/, signIn: "Aanmelden", contacts: "Contacten", synced: /Gesynchroniseerd/, sync: "Nu synchroniseren",
    discardContact: "Je wijzigingen aan dit contact weggooien?", keepEditing: "Verder bewerken" },
};

async function open(browser, origin, { lang = "fr", width = 390, height = 844, scheme = "light" } = {}) {
  const context = await browser.newContext({ locale: `${lang}-BE`, timezoneId: "Europe/Brussels", viewport: { width, height }, colorScheme: scheme });
  // The page's clock, moved forward by the test ("3 minutes later"): the core's time comes from the same Date.now.
  await context.addInitScript(() => {
    const real = Date.now.bind(Date);
    window.__skew = 0;
    Date.now = () => real() + window.__skew;
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  const w = WORDS[lang];
  await page.goto(origin + "/app/");
  await page.getByLabel(w.email).fill(USER);
  await page.getByLabel(w.password).fill("mot de passe");
  await page.getByRole("button", { name: w.signIn, exact: true }).click();
  await synced(page, w.synced);
  // What signing in said, until the member goes to another section.
  const signInNotice = await page.locator("#app > p.notice").textContent();
  await page.getByRole("button", { name: w.contacts, exact: true }).click();
  await page.waitForSelector("button.contact");
  return { context, page, errors, w, signInNotice };
}

/** No sync running, and the status says when the last one was. */
const synced = (page, re = /Synchronisé/) =>
  page.waitForFunction((source) => !document.querySelector("#sync")?.disabled &&
    new RegExp(source).test(document.querySelector("#status")?.textContent ?? ""), re.source, { timeout: 60_000 });

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

test("a contact shown entirely, edited, created and deleted; the list by initial; the sheet; freshness", async (t) => {
  const { dav, origin, stop } = await startStack(await seed());
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });
  const { context, page, errors, signInNotice } = await open(browser, origin);
  const shot = (name) => page.screenshot({ path: join(shots, name + ".png") });
  const onServer = async (name) => (await fetch(`${dav}/${USER}/contacts/${name}`)).text();

  // The list in groups by initial: "É" under "E", no group of its own.
  const groups = await page.locator(".contact-group").evaluateAll((els) =>
    els.map((g) => [g.querySelector("h3").textContent, [...g.querySelectorAll(".contact-name")].map((n) => n.textContent)]));
  assert.deepEqual(groups.find(([l]) => l === "E")?.[1], ["Émile Zola", "Eva Evrard"].sort((a, b) => a.localeCompare(b, "fr")));
  assert.ok(!groups.some(([l]) => l === "É"), JSON.stringify(groups.map(([l]) => l)));
  assert.deepEqual(groups.map(([l]) => l), [..."ABCDEFGHIJKLMOPQRSTUVWYZ"]);
  // The letter index on a phone jumps to its group.
  await shot("contacts-list-fr-phone");
  const index = page.locator(".az-index");
  assert.ok(await index.isVisible());
  const z = index.getByRole("button", { name: /Z$/ });
  const box = await boxOf(z);
  assert.ok(box.width >= 44 && box.height >= 44, `a letter is a 44 px target: ${JSON.stringify(box)}`);
  // Each heading's id names its run of the core's list.
  const headingOf = (letter) => page.evaluate((l) => [...document.querySelectorAll("h3.group-letter")].find((h) => h.textContent === l)?.id, letter);
  const [m, zId] = [await headingOf("M"), await headingOf("Z")];
  assert.ok(!(await page.locator(`#${zId}`).isVisible()) || (await boxOf(page.locator(`#${zId}`))).y > 844, "Z below the fold at first");
  // A letter in the middle comes to the top; the last one into view (nothing below it to scroll).
  await index.getByRole("button", { name: /M$/ }).click();
  await page.waitForFunction((id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 10; }, m);
  assert.equal(await focusedId(page), m);
  await z.click();
  await page.waitForFunction((id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }, zId);
  assert.equal(await focusedId(page), zId);
  await page.evaluate(() => scrollTo(0, 0));

  // Émile opens as a full-screen sheet that takes the focus.
  const row = page.locator("button.contact", { hasText: "Émile Zola" });
  const rowId = await row.getAttribute("id");
  // The sign-in's notice ended when the member went to the contacts: no stale notice, on the page or a sheet.
  assert.match(signInNotice, /Connexion réussie/);
  assert.equal(await page.locator("#app > p.notice").count(), 0, "the member moved on to another section");
  await row.click();
  await page.waitForSelector("#contact-sheet");
  assert.equal(await focusedId(page), "contact-title");
  assert.equal(await page.locator("#contact-sheet .notice").count(), 0, "no stale notice on the contact");
  const sheet = await boxOf(page.locator("#contact-sheet"));
  assert.deepEqual([sheet.x, sheet.y, sheet.width, sheet.height], [0, 0, 390, 844], "the whole screen");
  // The picture the card carries, drawn (not the sentence saying there is one).
  assert.ok(await page.locator("#contact-photo").evaluate((img) => img.complete && img.naturalWidth === 180 && img.src.startsWith("data:image/png;base64,")));
  assert.equal(await page.locator("#contact-sheet", { hasText: "Avec une photo" }).count(), 0);
  // Every field the core reads, with the right links.
  const hrefs = (sel) => page.locator(`${sel} a`).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(await hrefs("#contact-phones"), ["tel:+32470112233", "tel:+3225556677"]);
  assert.deepEqual(await hrefs("#contact-emails"), ["mailto:emile@example.org", "mailto:zola@nubo.coop"]);
  assert.match(await page.locator("#contact-phones").textContent(), /\+32 470 11 22 33GSM.*\+32 2 555 66 77travail/);
  assert.match(await page.locator("#contact-addresses").textContent(), /Rue Haute 12, 1000 Bruxelles, Belgique/);
  const [map] = await hrefs("#contact-addresses");
  assert.equal(map, "https://www.openstreetmap.org/search?query=" + encodeURIComponent("Rue Haute 12, 1000 Bruxelles, Belgique"));
  assert.equal(await page.locator("#contact-birthday").textContent(), "21 mai 1984");
  assert.equal(await page.locator("#contact-note").textContent(), "Préfère être appelé le matin.");
  assert.match(await page.locator("#contact-sheet .note-meta").first().textContent(), /Écrivain · Nubo SCRL/);
  await shot("contact-detail-fr-phone");
  // Escape closes it and gives the focus back to the row tapped.
  await page.keyboard.press("Escape");
  await page.waitForSelector("#contact-sheet", { state: "detached" });
  assert.equal(await focusedId(page), rowId);
  // So does the browser's back button.
  await row.click();
  await page.waitForSelector("#contact-sheet");
  await page.goBack();
  await page.waitForSelector("#contact-sheet", { state: "detached" });
  assert.equal(await focusedId(page), rowId);
  assert.ok(page.url().endsWith("/app/"), "still in the app: " + page.url());

  // Edit: the second phone changed, an e-mail added, the first one removed.
  await row.click();
  await page.getByRole("button", { name: "Modifier" }).click();
  assert.equal(await focusedId(page), "f-name");
  assert.equal(await page.locator("#f-phones-1").inputValue(), "+32 2 555 66 77");
  await page.locator("#f-phones-1").fill("+32 2 555 00 00");
  await page.getByRole("button", { name: "+ Ajouter une adresse e-mail" }).click();
  assert.equal(await focusedId(page), "f-emails-2", "the new row takes the focus");
  await page.locator("#f-emails-2").fill("emile@nubo.coop");
  await page.getByRole("button", { name: "Retirer l’adresse emile@example.org" }).click();
  assert.deepEqual(await page.locator("#f-emails input[type=email]").evaluateAll((els) => els.map((e) => e.value)), ["zola@nubo.coop", "emile@nubo.coop"]);
  // Escape with all this typed asks first; "keep editing" keeps it, the focus where it was.
  await page.locator("#f-emails-1").focus();
  await page.keyboard.press("Escape");
  await page.waitForSelector("dialog.confirm[open]");
  assert.equal(await page.locator("dialog.confirm .question").textContent(), "Abandonner vos modifications de ce contact\u202f?");
  await page.locator("dialog.confirm").getByRole("button", { name: "Continuer à modifier" }).click();
  await page.waitForSelector("dialog.confirm", { state: "detached" });
  assert.equal(await page.locator("#f-phones-1").inputValue(), "+32 2 555 00 00");
  assert.equal(await focusedId(page), "f-emails-1");
  await shot("contact-edit-fr-phone");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-phones");
  assert.deepEqual(await hrefs("#contact-phones"), ["tel:+32470112233", "tel:+3225550000"]);
  // Its own save's notice, on its sheet.
  assert.match(await page.locator("#contact-sheet .notice").textContent(), /Contact enregistré/);
  // The browser's back with something typed: asked; "discard" leaves the form, nothing kept.
  await page.getByRole("button", { name: "Modifier" }).click();
  assert.equal(await page.locator("#contact-sheet .notice").count(), 0, "editing again ended the saved notice");
  await page.locator("#f-org").fill("Autre SCRL");
  await page.goBack();
  await page.locator("dialog.confirm").getByRole("button", { name: "Abandonner les modifications" }).click();
  await page.waitForSelector("#contact-sheet", { state: "detached" });
  assert.equal(await focusedId(page), rowId);
  await row.click();
  assert.match(await page.locator("#contact-sheet .note-meta").first().textContent(), /Nubo SCRL/);
  await page.getByRole("button", { name: "Fermer" }).click();
  await page.getByRole("button", { name: "Synchroniser maintenant" }).click();
  await synced(page, /Synchronisé à l’instant/);
  const emile = await onServer("emile.vcf");
  assert.match(emile, /TEL;TYPE=WORK:\+32 2 555 00 00/);
  assert.match(emile, /TEL;TYPE=CELL:\+32 470 11 22 33/);
  assert.match(emile, /EMAIL[^\r\n]*:emile@nubo\.coop/);
  assert.doesNotMatch(emile, /emile@example\.org/);
  assert.match(emile, /X-NUBO-MEMBER:7/, "a property the app does not show survives");
  assert.match(emile, /BDAY:1984-05-21/);
  assert.match(emile, /ADR;TYPE=HOME:;;Rue Haute 12;Bruxelles;;1000;Belgique/);

  // A new contact reaches the server.
  await page.getByRole("button", { name: "Nouveau contact" }).click();
  await page.waitForSelector("form#contact");
  assert.equal(await focusedId(page), "f-name");
  await page.locator("#f-name").fill("Nadia Nour");
  await page.locator("#f-phones-0").fill("+32 471 00 00 01");
  await page.getByRole("button", { name: "+ Ajouter une adresse e-mail" }).click();
  await page.locator("#f-emails-0").fill("nadia@example.org");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#contact-phones");
  assert.equal(await page.locator("#contact-title").textContent(), "Nadia Nour");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Synchroniser maintenant" }).click();
  await synced(page, /Synchronisé à l’instant/);
  const book = await (await fetch(`${dav}/${USER}/contacts/`)).text();
  assert.match(book, /FN:Nadia Nour/);
  assert.match(book, /TEL[^\r\n]*:\+32 471 00 00 01/);
  assert.match(book, /EMAIL[^\r\n]*:nadia@example\.org/);

  // Delete asks first, in French; "keep" keeps it.
  await page.locator("button.contact", { hasText: "Anne Arnaud" }).click();
  await page.getByRole("button", { name: "Supprimer" }).click();
  const dialog = page.locator("dialog.confirm");
  assert.equal(await dialog.locator(".question").textContent(), "Supprimer le contact «\u202fAnne Arnaud\u202f»\u202f?");
  await shot("contact-delete-question-fr-phone");
  await dialog.getByRole("button", { name: "Garder le contact" }).click();
  assert.equal(await focusedId(page), "delete-contact");
  await page.getByRole("button", { name: "Supprimer" }).click();
  await dialog.getByRole("button", { name: "Supprimer le contact" }).click();
  await page.waitForSelector("#contact-sheet", { state: "detached" });
  // Gone from the list once the store has answered.
  await page.locator("button.contact", { hasText: "Anne Arnaud" }).waitFor({ state: "detached" });
  assert.equal(await focusedId(page), "contacts-heading", "the row is gone: the list's heading");
  await page.getByRole("button", { name: "Synchroniser maintenant" }).click();
  await synced(page, /Synchronisé à l’instant/);
  assert.equal((await fetch(`${dav}/${USER}/contacts/anne.vcf`)).status, 404);

  // Freshness in words: three minutes later, "il y a 3 minutes".
  await page.evaluate(() => { window.__skew = 3 * 60_000; });
  await page.getByRole("button", { name: "Agenda" }).click();
  assert.match(await page.locator("#status").textContent(), /^Synchronisé il y a 3 minutes/);
  await page.getByRole("button", { name: "Contacts" }).click();

  // A sync when the app comes back online, and when it comes back to the foreground.
  const aSync = () => page.waitForRequest((r) => r.method() === "PROPFIND", { timeout: 10_000 });
  await context.setOffline(true);
  await page.waitForFunction(() => /Hors ligne/.test(document.querySelector("#status")?.textContent ?? ""));
  let asked = aSync();
  await context.setOffline(false);
  await asked; // back online: a sync
  await synced(page, /^Synchronisé à l’instant$/);
  await page.evaluate(() => { window.__skew = 6 * 60_000; });
  asked = aSync();
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await asked; // back to the foreground: a sync
  await synced(page, /^Synchronisé à l’instant$/);

  // A change made elsewhere arrives when the app opens, without a tap.
  await fetch(`${dav}/${USER}/contacts/omar.vcf`, { method: "PUT", headers: { "content-type": "text/vcard" }, body: vcard("omar", "Omar Oukili") });
  await page.reload();
  await page.getByRole("button", { name: "Contacts" }).click();
  await page.waitForSelector("button.contact >> text=Omar Oukili", { timeout: 60_000 });
  assert.deepEqual(errors, []);
});

test("the contact sheet and list at both sizes, in French and Dutch, light and dark", async (t) => {
  const { origin, stop } = await startStack(await seed());
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });
  for (const lang of ["fr", "nl"]) {
    for (const [width, height, size] of [[390, 844, "phone"], [1280, 800, "desktop"]]) {
      for (const scheme of ["light", "dark"]) {
        const { context, page, errors, w } = await open(browser, origin, { lang, width, height, scheme });
        const name = `${lang}-${size}-${scheme}`;
        await page.screenshot({ path: join(shots, `contacts-list-${name}.png`) });
        const row = page.locator("button.contact", { hasText: "Émile Zola" });
        const rowId = await row.getAttribute("id");
        await row.click();
        await page.waitForSelector("#contact-sheet");
        assert.equal(await focusedId(page), "contact-title", name);
        // The sheet is in view: full screen on a phone, a side panel beside the list wider.
        const sheet = await boxOf(page.locator("#contact-sheet"));
        assert.ok(sheet.x >= 0 && sheet.y >= 0 && sheet.x + sheet.width <= width + 1 && sheet.y < height, `${name}: ${JSON.stringify(sheet)}`);
        if (size === "desktop") assert.ok(sheet.x > 300, `${name}: beside the list`);
        if (lang === "nl") {
          assert.equal(await page.locator("#contact-birthday").textContent(), "21 mei 1984");
          assert.match(await page.locator("#status").textContent(), w.synced);
        }
        // Every link and button of the open contact is a 44 px target.
        const small = await page.locator("#contact-sheet a, #contact-sheet button").evaluateAll((els) =>
          els.filter((e) => { const r = e.getBoundingClientRect(); return r.height < 44; }).map((e) => e.textContent));
        assert.deepEqual(small, [], name);
        await page.screenshot({ path: join(shots, `contact-detail-${name}.png`) });
        await page.locator("#edit-contact").click();
        await page.screenshot({ path: join(shots, `contact-edit-${name}.png`), fullPage: size === "desktop" });
        if (size === "desktop") {
          // Beside the list, another contact with something typed asks first; "keep editing" keeps it.
          await page.locator("#f-org").fill("Autre SCRL");
          const other = page.locator("button.contact", { hasText: "Eva Evrard" });
          await other.click();
          await page.waitForSelector("dialog.confirm[open]");
          assert.equal(await page.locator("dialog.confirm .question").textContent(), w.discardContact, name);
          await page.locator("dialog.confirm").getByRole("button", { name: w.keepEditing }).click();
          await page.waitForSelector("dialog.confirm", { state: "detached" });
          assert.equal(await page.locator("#f-org").inputValue(), "Autre SCRL", name);
          await page.locator("#f-org").fill(await page.locator("#f-org").evaluate((f) => f.defaultValue));
          // Nothing changed any more: no question.
          await other.click();
          await page.waitForSelector("#contact-phones");
          assert.equal(await page.locator("#contact-title").textContent(), "Eva Evrard", name);
          // Her picture is an SVG with script: not shown, only said; nothing of it ran.
          assert.equal(await page.locator("#contact-photo").count(), 0, name);
          assert.match(await page.locator("#contact-sheet").textContent(), lang === "fr" ? /Avec une photo/ : /Met een foto/, name);
          assert.equal(await page.evaluate(() => window.__pwned), undefined, name);
          await row.click();
          await page.locator("#edit-contact").click();
        }
        await page.keyboard.press("Escape");
        await page.waitForSelector("#contact-phones");
        await page.keyboard.press("Escape");
        await page.waitForSelector("#contact-sheet", { state: "detached" });
        assert.equal(await focusedId(page), rowId, name);
        assert.deepEqual(errors, [], name);
        await context.close();
      }
    }
  }
});

test("a broad search lists its first hundred and says how many more it found, in French and Dutch", async (t) => {
  const work = await mkdtemp(join(tmpdir(), "nubo-web-"));
  const cards = join(work, "vcards");
  await mkdir(cards);
  for (let i = 0; i < 130; i++) {
    const n = String(i).padStart(3, "0");
    await writeFile(join(cards, `m${n}.vcf`), vcard(`m${n}`, `Membre ${n}`, "ORG:Nubo\r\n"));
  }
  await writeFile(join(cards, "anne.vcf"), vcard("anne", "Anne Arnaud"));
  const { origin, stop } = await startStack(cards);
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });
  const sentence = {
    fr: "30 autres contacts trouvés ne sont pas affichés\u202f: précisez votre recherche.",
    nl: "Nog 30 contacten gevonden maar niet getoond: typ verder om te verfijnen.",
  };
  for (const [lang, size, scheme] of [["fr", [390, 844], "light"], ["nl", [1280, 800], "dark"]]) {
    const name = `${lang} ${size[0]}`;
    const { context, page, errors } = await open(browser, origin, { lang, width: size[0], height: size[1], scheme });
    // The whole list comes a page at a time: the next once the member nears its end, then nothing more said.
    assert.equal(await page.locator("button.contact").count(), 100, name);
    const coming = { fr: "Chargement d’autres contacts…", nl: "Meer contacten laden…" }[lang];
    assert.equal(await page.locator("#contacts-coming").textContent(), coming, name);
    await page.locator("#contacts-coming").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("button.contact").length === 131);
    assert.equal(await page.locator("#contacts-coming").count(), 0, name);
    assert.equal(await page.locator("#contacts-more").count(), 0, name);
    await page.evaluate(() => scrollTo(0, 0));
    // The page is drawn again at every view; the list's rows are kept while they are the same
    // (a long book is not rebuilt at each step of a sync), and only the open one is marked.
    const row = page.locator("button.contact", { hasText: "Membre 007" });
    await row.evaluate((b) => { b.dataset.kept = "yes"; });
    await row.click();
    await page.waitForSelector("#contact-sheet");
    assert.deepEqual(await row.evaluate((b) => [b.dataset.kept, b.classList.contains("open"), b.getAttribute("aria-current")]),
      ["yes", true, "true"], name);
    assert.equal(await page.locator("button.contact.open").count(), 1, name);
    await page.keyboard.press("Escape");
    await page.waitForSelector("#contact-sheet", { state: "detached" });
    assert.deepEqual(await row.evaluate((b) => [b.dataset.kept, b.classList.contains("open"), b.getAttribute("aria-current")]),
      ["yes", false, null], name);
    // "Nubo" is every member's organisation: the first hundred by name, then how many more.
    await page.locator("#search").fill("nubo");
    await page.waitForSelector("#contacts-more");
    assert.equal(await page.locator("button.contact").count(), 100, name);
    assert.equal(await page.locator("button.contact .contact-name").first().textContent(), "Membre 000", name);
    assert.equal(await page.locator("button.contact .contact-name").last().textContent(), "Membre 099", name);
    assert.equal(await page.locator("#contacts-more").textContent(), sentence[lang], name);
    assert.equal(await page.locator("button.contact", { hasText: "Membre 007" }).evaluate((b) => b.dataset.kept), undefined,
      `${name}: other rows, drawn anew`);
    await page.locator("#contacts-more").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `contacts-search-more-${lang}-${size[0]}-${scheme}.png`) });
    // Typing more narrows it: every match listed, nothing more said.
    await page.locator("#search").fill("nubo membre 12");
    await page.waitForFunction(() => document.querySelectorAll("button.contact").length === 10);
    assert.equal(await page.locator("#contacts-more").count(), 0, name);
    assert.deepEqual(errors, [], name);
    await context.close();
  }
});
