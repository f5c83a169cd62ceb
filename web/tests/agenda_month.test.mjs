// The agenda as a member uses a phone calendar, in a real headless
// Chromium against a real Radicale (the demo calendar): the month grid
// (Monday first, today marked, the demo's events on their days), "today",
// a date chosen in the picker and kept when the span changes, the arrow
// keys, a sideways swipe, the open event in a sheet that takes the focus
// and gives it back (Escape, the browser's back), the question before
// leaving its form with something typed, and the questions before deleting an event
// or cancelling one date, after which the server holds an EXDATE and no
// override. French on a phone, Dutch on a desktop; light and dark
// screenshots in web/test-results/ (not committed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, boxOf, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");

const WORDS = {
  fr: {
    signIn: "Se connecter", email: "Adresse Nubo", password: /Mot de passe/, upToDate: /Synchronisé/, sync: "Synchroniser maintenant",
    month: "Mois", week: "Semaine", day: "Jour", today: "Aujourd’hui", next: "Suivant", close: "Fermer", edit: "Modifier",
    may: "mai 2027", june: "juin 2027", monday: "lundi", tuesday11: "mardi 11 mai 2027",
    cancelDate: "Annuler cette date", keep: "Garder", deleteEvent: "Supprimer", keepEvent: "Garder l’événement",
    cancelQuestion: "Annuler seulement cette date\u202f? Les autres dates de la série restent.",
    discardQuestion: "Abandonner vos modifications de cet événement\u202f?", keepEditing: "Continuer à modifier", discard: "Abandonner les modifications",
    newEvent: "Nouvel événement", title: "Titre", startDate: "Date de début", save: "Enregistrer", cancel: "Annuler",
    startTime: "Heure de début", wholeSeries: "Toute la série",
  },
  nl: {
    signIn: "Aanmelden", email: "Nubo-adres", password: /Wachtwoord/, upToDate: /Gesynchroniseerd/, sync: "Nu synchroniseren",
    month: "Maand", week: "Week", day: "Dag", today: "Vandaag", next: "Volgende", close: "Sluiten", edit: "Bewerken",
    may: "mei 2027", june: "juni 2027", monday: "maandag", tuesday11: "dinsdag 11 mei 2027",
    discardQuestion: "Je wijzigingen aan deze afspraak weggooien?", keepEditing: "Verder bewerken", discard: "Wijzigingen weggooien",
  },
};

async function signIn(page, origin, w) {
  await page.goto(origin + "/app/");
  await page.getByLabel(w.email).fill(USER);
  await page.getByLabel(w.password).fill("mot de passe");
  await page.getByRole("button", { name: w.signIn, exact: true }).click();
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
}

const title = (page) => page.locator("#agenda-title").textContent();
const titleIs = (page, text) => page.waitForFunction((t) => document.querySelector("#agenda-title")?.textContent === t, text)
  .catch(async (e) => { throw new Error(`title: ${await title(page)}, wanted ${text}: ${e.message}`); });
const focused = (page) => page.evaluate(() => document.activeElement?.id ?? "");
/** One day's cell of the month grid (its button, and the titles beside it). */
const td = (date) => `td:has(> #cell-${date})`;
/** The titles in one day's cell of the month grid. */
const cell = (page, date) => page.locator(`${td(date)} .chip-title`).allTextContents();

/** Light and dark, the same screen. */
async function shotBoth(page, name) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `agenda-${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Every visible button and field of the agenda is at least 44 × 44 px. */
async function assertTouchTargets(page, where) {
  const small = await page.locator(`${where} button, ${where} input`).evaluateAll((els) => els
    .filter((e) => e.offsetParent !== null)
    .map((e) => ({ what: e.id || e.textContent.trim().slice(0, 20), ...e.getBoundingClientRect().toJSON() }))
    .filter((r) => r.width < 44 || r.height < 44).map((r) => `${r.what} ${Math.round(r.width)}×${Math.round(r.height)}`));
  assert.deepEqual(small, [], "touch targets under 44 px");
}

test("the agenda: month grid, today, a chosen date kept, arrow keys, the event in a sheet, questions before deleting", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const board = join(cards, "..", "board");
  await mkdir(board);
  await writeFile(join(board, "ca-fevrier.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo//test//FR\r\nBEGIN:VEVENT\r\n" +
    "UID:ca-2028-02\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;TZID=Europe/Brussels:20280210T190000\r\nDTEND;TZID=Europe/Brussels:20280210T210000\r\n" +
    "SUMMARY:Conseil d'administration\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const { dav, origin, stop } = await startStack(cards, { board });
  t.after(stop);
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });

  // ---------------------------------------------------------------- French, on a phone
  const w = WORDS.fr;
  // A phone: a touch screen too, for the sideways swipe.
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  await signIn(page, origin, w);

  // The month of today: today marked, weeks from Monday.
  await page.getByRole("button", { name: w.month, exact: true }).click();
  await page.waitForSelector(".month-grid");
  assert.equal(await page.getByRole("button", { name: w.month, exact: true }).getAttribute("aria-pressed"), "true");
  const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; });
  assert.equal(await page.locator(`#cell-${today}`).getAttribute("aria-current"), "date");
  assert.equal(await page.locator(".month-grid th abbr").first().getAttribute("title"), w.monday);

  // A date chosen in the picker: May 2027, where the general assembly moved from the 4th to the 11th.
  await page.locator("#agenda-date").fill("2027-05-11");
  await titleIs(page, w.may);
  assert.deepEqual(await cell(page, "2027-05-11"), ["Assemblée générale annuelle"]);
  assert.deepEqual(await cell(page, "2027-05-04"), [], "not on its old day");
  for (const wednesday of ["2027-05-05", "2027-05-12", "2027-05-19", "2027-05-26"]) {
    assert.deepEqual(await cell(page, wednesday), ["Permanence d'aide aux membres"], wednesday);
  }
  // Six weeks' rows from Monday 26 April to Sunday 6 June; April's and June's days dimmed and empty.
  const rows = await page.locator(".month-grid tbody tr").evaluateAll((trs) => trs.map((tr) => tr.querySelector("button")?.dataset.day));
  assert.deepEqual(rows, ["2027-04-26", "2027-05-03", "2027-05-10", "2027-05-17", "2027-05-24", "2027-05-31"]);
  assert.equal(await page.locator("td.outside").count(), 5 + 6);
  assert.equal(await page.locator("td.outside .chip").count(), 0);
  // A phone shows dots, not titles; the cell says the day and how many in words.
  assert.equal(await page.locator(`${td("2027-05-11")} .chip-title`).isVisible(), false);
  assert.equal(await page.locator(`${td("2027-05-11")} .dot`).isVisible(), true);
  assert.equal(await page.locator("#cell-2027-05-11").getAttribute("aria-label"), "mardi 11 mai 2027, 1 événement");
  await assertTouchTargets(page, "#agenda-pane");
  await shotBoth(page, "month-fr-390");

  // The span changes, the date stays.
  await page.getByRole("button", { name: w.week, exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".day h3")].some((h) => h.textContent === "mardi 11 mai 2027"));
  assert.equal(await page.locator("#agenda-date").inputValue(), "2027-05-11");
  await page.getByRole("button", { name: w.day, exact: true }).click();
  await titleIs(page, w.tuesday11);
  await page.getByRole("button", { name: w.month, exact: true }).click();
  await titleIs(page, w.may);

  // Arrow keys when no field has the focus: next and previous month; in a field, they stay the field's.
  await page.locator("#agenda-title").focus();
  await page.keyboard.press("ArrowRight");
  await titleIs(page, w.june);
  assert.equal(await focused(page), "agenda-title", "the focus is not lost to <body>");
  await page.keyboard.press("ArrowLeft");
  await titleIs(page, w.may);
  await page.locator("#agenda-date").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await title(page), w.may);

  // A sideways swipe, as a finger does it (touch events from the browser's own input): left → next, right → previous.
  const cdp = await context.newCDPSession(page);
  const swipe = async (from, to) => {
    const steps = 6;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: from[0], y: from[1] }] });
    for (let i = 1; i <= steps; i++) {
      const [x, y] = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y }] });
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  };
  await page.evaluate(() => scrollTo(0, 0));
  const grid = await boxOf(page.locator(".month-grid"));
  const middle = grid.y + grid.height / 2;
  await swipe([330, middle], [60, middle + 10]);
  await titleIs(page, w.june);
  await swipe([60, middle], [330, middle - 10]);
  await titleIs(page, w.may);
  // Mostly downwards (a scroll), or too short: the period stays.
  await swipe([200, middle - 100], [120, middle + 150]);
  await swipe([200, middle], [160, middle]);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await title(page), w.may);

  // Today, in the span shown.
  await page.getByRole("button", { name: w.today }).click();
  await page.waitForSelector(`#cell-${today}[aria-current="date"]`);
  assert.equal(await page.locator("#agenda-date").inputValue(), today);

  // A day tapped in the grid: that day's entries.
  await page.locator("#agenda-date").fill("2027-05-11");
  await titleIs(page, w.may);
  await page.locator("#cell-2027-05-11").click();
  await titleIs(page, w.tuesday11);
  assert.equal(await page.getByRole("button", { name: w.day, exact: true }).getAttribute("aria-pressed"), "true");

  // The event opens in a sheet that takes the focus; Escape gives it back to the entry.
  const entry = page.locator("button.entry", { hasText: "Assemblée générale annuelle" });
  const entryId = await entry.getAttribute("id");
  await entry.click();
  await page.waitForSelector("#event-sheet");
  assert.equal(await focused(page), "event-title");
  const box = await boxOf(page.locator("#event-sheet"));
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.height > 400, JSON.stringify(box));
  const detail = await page.locator(".event-detail").textContent();
  for (const part of ["Assemblée générale annuelle", "Mundo-B", "Conseil d'administration", "Hélène Dubœuf"]) assert.ok(detail.includes(part), `${part} in ${detail}`);
  assert.equal(await page.locator(".event-detail .reminders").count(), 0);
  await shotBoth(page, "event-fr-390");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#event-sheet", { state: "detached" });
  assert.equal(await focused(page), entryId);
  // The browser's back button closes it too.
  await entry.click();
  await page.waitForSelector("#event-sheet");
  await page.goBack();
  await page.waitForSelector("#event-sheet", { state: "detached" });
  assert.equal(await focused(page), entryId);
  assert.equal(await title(page), w.tuesday11, "back closed the event, nothing else");

  // A series' own description, shown; the edit form only once asked for.
  await page.locator("#agenda-date").fill("2027-06-01");
  await titleIs(page, "mardi 1er juin 2027");
  await page.locator("button.entry", { hasText: "Assemblée du conseil coopératif" }).click();
  await page.waitForSelector(".event-detail");
  assert.match(await page.locator(".event-detail .description").textContent(), /Ordre du jour sur le wiki/);
  // Its reminder in words, under its heading; the moved annual assembly sets none of its own.
  assert.deepEqual(await page.locator(".event-detail .reminders li").allTextContents(), ["1\u00a0heure avant"]);
  assert.match(await page.locator(".event-detail .event-facts").textContent(), /Rappels/);
  await shotBoth(page, "event-reminders-fr-390");
  assert.equal(await page.locator("form#event").count(), 0);
  await page.getByRole("button", { name: w.edit }).click();
  assert.equal(await focused(page), "e-summary");
  assert.equal(await page.locator("#e-description").inputValue(), "Ordre du jour sur le wiki. Ouvert à tous les coopérateurs.");
  await page.keyboard.press("Escape");
  await page.waitForSelector(".event-detail");
  assert.equal(await page.locator("dialog.confirm").count(), 0, "nothing typed: closed at once");

  // Something typed, then Escape: asked first; "keep editing" keeps every letter, "discard" leaves the form.
  await page.getByRole("button", { name: w.edit }).click();
  await page.locator("#e-summary").fill("Assemblée du conseil (salle B2)");
  await page.keyboard.press("Escape");
  await page.waitForSelector("dialog.confirm[open]");
  assert.equal(await page.locator("dialog.confirm .question").textContent(), w.discardQuestion);
  await page.screenshot({ path: join(shots, "agenda-discard-question-fr-390.png") });
  await page.locator("dialog.confirm").getByRole("button", { name: w.keepEditing }).click();
  await page.waitForSelector("dialog.confirm", { state: "detached" });
  assert.equal(await page.locator("#e-summary").inputValue(), "Assemblée du conseil (salle B2)");
  assert.equal(await focused(page), "e-summary", "back where the member was typing");
  await page.keyboard.press("Escape");
  await page.locator("dialog.confirm").getByRole("button", { name: w.discard }).click();
  await page.waitForSelector(".event-detail");
  assert.equal(await page.locator(".event-detail h2").textContent(), "Assemblée du conseil coopératif", "nothing saved");
  // The browser's back with something typed asks too; kept, back asks again (the sheet's history entry came back).
  await page.getByRole("button", { name: w.edit }).click();
  await page.locator("#e-location").fill("Salle B2");
  await page.goBack();
  await page.locator("dialog.confirm").getByRole("button", { name: w.keepEditing }).click();
  assert.equal(await page.locator("#e-location").inputValue(), "Salle B2");
  await page.goBack();
  await page.locator("dialog.confirm").getByRole("button", { name: w.discard }).click();
  await page.waitForSelector("#event-sheet", { state: "detached" });
  assert.equal(await title(page), "mardi 1er juin 2027");

  // Deleting asks first, in French; "keep" keeps it.
  await page.locator("#agenda-date").fill("2027-06-19");
  await page.locator("button.entry", { hasText: "Fête de la coopérative" }).click();
  await page.getByRole("button", { name: w.deleteEvent, exact: true }).click();
  await page.waitForSelector("dialog.confirm[open]");
  await page.screenshot({ path: join(shots, "agenda-delete-question-fr-390.png") });
  await page.locator("dialog.confirm").getByRole("button", { name: w.keepEvent }).click();
  await page.waitForSelector("dialog.confirm", { state: "detached" });
  assert.equal(await page.locator(".event-detail h2").textContent(), "Fête de la coopérative");
  assert.equal(await focused(page), "delete-event");
  await page.getByRole("button", { name: w.close }).click();
  assert.equal(await page.locator("button.entry", { hasText: "Fête de la coopérative" }).count(), 1);

  // Cancelling one date asks too; once cancelled the event closes: nothing left to save over it.
  await page.locator("#agenda-date").fill("2027-05-19");
  await titleIs(page, "mercredi 19 mai 2027");
  await page.locator("button.entry", { hasText: "Permanence" }).click();
  await page.getByRole("button", { name: w.cancelDate }).click();
  assert.equal(await page.locator("dialog.confirm .question").textContent(), w.cancelQuestion);
  await page.locator("dialog.confirm").getByRole("button", { name: w.keep, exact: true }).click();
  assert.equal(await page.locator("#event-sheet").count(), 1, "kept: still open");
  await page.getByRole("button", { name: w.cancelDate }).click();
  await page.locator("dialog.confirm button.danger").click();
  await page.waitForSelector("#event-sheet", { state: "detached" });
  await page.waitForFunction(() => document.querySelectorAll("button.entry").length === 0);
  assert.equal(await page.locator("form#event").count(), 0);
  assert.equal(await focused(page), "agenda-title", "the cancelled date's entry is gone: the focus goes to the day's title");
  await page.getByRole("button", { name: w.sync }).click();
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
  const permanence = await (await fetch(`${dav}/${USER}/agenda/permanence.ics`)).text();
  assert.match(permanence, /EXDATE[^\r\n]*20270519T1[24]0000/);
  assert.doesNotMatch(permanence, /RECURRENCE-ID[^\r\n]*20270519/, "no override for the cancelled date");

  // A new event goes in the calendar the member chooses (by name), and that one is offered first next time.
  await page.getByRole("button", { name: w.newEvent }).click();
  assert.deepEqual(await page.locator("#e-calendar option").allTextContents(), ["Agenda Nubo", "Réunions du CA"]);
  await page.locator("#e-calendar").selectOption({ label: "Réunions du CA" });
  await page.getByLabel(w.title).fill("Bureau élargi");
  await page.getByLabel(w.startDate).fill("2028-03-09");
  await page.getByRole("button", { name: w.save }).click();
  await page.waitForSelector("form#event", { state: "detached" });
  // Saved, it is shown, in its calendar.
  assert.match(await page.locator(".event-facts").textContent(), /Réunions du CA/);
  await page.getByRole("button", { name: w.close }).click();
  await page.getByRole("button", { name: w.sync }).click();
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
  assert.match(await (await fetch(`${dav}/${USER}/ca/`)).text(), /SUMMARY:Bureau élargi/, "in the chosen calendar");
  assert.doesNotMatch(await (await fetch(`${dav}/${USER}/agenda/`)).text(), /Bureau élargi/);
  await page.getByRole("button", { name: w.newEvent }).click();
  assert.equal(await page.locator("#e-calendar option:checked").textContent(), "Réunions du CA");
  await shotBoth(page, "new-event-calendar-fr-390");
  await page.getByRole("button", { name: w.cancel, exact: true }).click();

  // One date of the weekly permanence changed for the whole series: renamed,
  // and an hour later every Wednesday from its first one (7 January 2026).
  await page.locator("#agenda-date").fill("2027-05-26");
  await titleIs(page, "mercredi 26 mai 2027");
  await page.locator("button.entry", { hasText: "Permanence" }).click();
  await page.getByRole("button", { name: w.edit }).click();
  await page.getByLabel(w.title).fill("Permanence des coopérateurs");
  await page.getByLabel(w.startTime).fill("15:00");
  await page.getByLabel(w.wholeSeries).check();
  await shotBoth(page, "whole-series-fr-390");
  await page.getByRole("button", { name: w.save }).click();
  await page.waitForSelector("form#event", { state: "detached" });
  await page.getByRole("button", { name: w.close }).click();
  await page.getByRole("button", { name: w.sync }).click();
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
  const series = await (await fetch(`${dav}/${USER}/agenda/permanence.ics`)).text();
  assert.match(series, /SUMMARY:Permanence des coopérateurs/);
  assert.match(series, /DTSTART;TZID=Europe\/Brussels:20260107T150000/, "the series moved from its first date");
  assert.match(series, /DTEND;TZID=Europe\/Brussels:20260107T170000/, "two hours, as before");
  assert.match(series, /EXDATE[^\r\n]*20270519T1[35]0000/, "the cancelled date moved with it");
  assert.doesNotMatch(series, /RECURRENCE-ID/, "no date of its own");
  assert.match(await page.locator("button.entry", { hasText: "Permanence des coopérateurs" }).textContent(), /15:00/, "shown so here too");
  assert.deepEqual(errors, []);
  await context.close();

  // ---------------------------------------------------------------- Dutch, on a desktop
  const n = WORDS.nl;
  const wide = await browser.newContext({ locale: "nl-BE", timezoneId: "Europe/Brussels", viewport: { width: 1280, height: 800 } });
  const desk = await wide.newPage();
  desk.setDefaultTimeout(20_000);
  desk.on("pageerror", (e) => errors.push(String(e)));
  await signIn(desk, origin, n);
  await desk.getByRole("button", { name: n.month, exact: true }).click();
  await desk.locator("#agenda-date").fill("2027-05-11");
  await titleIs(desk, n.may);
  assert.equal(await desk.locator(".month-grid th abbr").first().getAttribute("title"), n.monday);
  // Wider: short titles in the cells; the cancelled 19 May is gone here too once synced.
  assert.equal(await desk.locator(`${td("2027-05-11")} .chip-title`).isVisible(), true);
  assert.deepEqual(await cell(desk, "2027-05-11"), ["Assemblée générale annuelle"]);
  assert.deepEqual(await cell(desk, "2027-05-19"), []);
  await assertTouchTargets(desk, "#agenda-pane");
  await shotBoth(desk, "month-nl-1280");
  // The event in a side panel: the agenda stays usable beside it.
  const wideEntry = desk.locator("button.entry", { hasText: "Assemblée générale annuelle" });
  await wideEntry.click();
  await desk.waitForSelector("#event-sheet");
  assert.equal(await desk.evaluate(() => document.activeElement?.id), "event-title");
  assert.equal(await desk.locator("#agenda-pane").evaluate((p) => p.inert), false);
  const panel = await boxOf(desk.locator("#event-sheet"));
  assert.ok(panel.x > 640 && panel.x + panel.width <= 1280, JSON.stringify(panel));
  await shotBoth(desk, "event-nl-1280");
  await desk.keyboard.press("Escape");
  await desk.waitForSelector("#event-sheet", { state: "detached" });
  assert.equal(await desk.evaluate(() => document.activeElement?.id), await wideEntry.getAttribute("id"));
  // The agenda stays usable beside a form: another event, or another section,
  // with something typed asks first; "keep editing" keeps it.
  await wideEntry.click();
  await desk.getByRole("button", { name: n.edit }).click();
  await desk.locator("#e-summary").fill("Algemene vergadering (zaal B2)");
  // A date of a series: the change goes to it, to it and the following ones, or to the whole series.
  assert.deepEqual(await desk.locator("fieldset.scope label").allTextContents(), ["Alleen deze keer", "Deze keer en de volgende", "De hele reeks"]);
  const otherEntry = desk.locator("button.entry").filter({ hasNotText: "Assemblée générale annuelle" }).first();
  for (const leave of [() => otherEntry.click(), () => desk.locator("#tab-contacts").click()]) {
    await leave();
    await desk.waitForSelector("dialog.confirm[open]");
    assert.equal(await desk.locator("dialog.confirm .question").textContent(), n.discardQuestion);
    await desk.locator("dialog.confirm").getByRole("button", { name: n.keepEditing }).click();
    await desk.waitForSelector("dialog.confirm", { state: "detached" });
    assert.equal(await desk.locator("#e-summary").inputValue(), "Algemene vergadering (zaal B2)");
  }
  await otherEntry.click();
  await desk.locator("dialog.confirm").getByRole("button", { name: n.discard }).click();
  await desk.waitForSelector("#event-sheet .event-detail");
  assert.notEqual(await desk.locator("#event-title").textContent(), "Assemblée générale annuelle");
  await desk.keyboard.press("Escape");
  await desk.waitForSelector("#event-sheet", { state: "detached" });
  // A new event: the calendars the member can write to, by name, to choose from.
  await desk.getByRole("button", { name: "Nieuwe afspraak" }).click();
  assert.deepEqual(await desk.locator("#e-calendar option").allTextContents(), ["Agenda Nubo", "Réunions du CA"]);
  assert.equal(await desk.getByLabel("Agenda", { exact: true }).evaluate((e) => e.id), "e-calendar");
  await shotBoth(desk, "new-event-calendar-nl-1280");
  await desk.getByRole("button", { name: "Annuleren", exact: true }).click();
  await desk.waitForSelector("#event-sheet", { state: "detached" });
  // Next month with the arrow button, and back with the key.
  await desk.getByRole("button", { name: n.next }).click();
  await titleIs(desk, n.june);
  await desk.locator("#agenda-title").focus();
  await desk.keyboard.press("ArrowLeft");
  await titleIs(desk, n.may);
  assert.deepEqual(errors, []);
  await wide.close();
});
