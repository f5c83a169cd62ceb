// What a member reads when something goes wrong, in French and Dutch, in a
// real headless Chromium against real servers: a wrong password (a server
// that needs one: tests/servers/nextcloud_like.py), the network gone while
// syncing, the server down behind its proxy (serve.mjs answers 502), and a
// mistake in the event form, and a calendar the member may only read. Each is the core's (or the shell's) sentence in
// the member's language, with nothing from the browser, a library or the
// protocol in it. Screenshots at phone size in web/test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");
const PASSWORD = "le bon mot de passe";
/** Words that must never reach a French or Dutch member. */
const FOREIGN = /\b(error|failed|fetch|TypeError|network|HTTP|CardDAV|CalDAV|href|token|unreachable|request)\b/i;

const WORDS = {
  fr: {
    signIn: "Se connecter", email: "Adresse Nubo", password: /Mot de passe/, sync: "Synchroniser maintenant", newEvent: "Nouvel événement",
    startTime: "Heure de début", endTime: "Heure de fin", save: "Enregistrer", edit: "Modifier", upToDate: /Synchronisé/,
    wrongPassword: "Adresse ou mot de passe incorrect. Si votre nom d’utilisateur n’est pas votre adresse, indiquez-le aussi.",
    offline: /Le serveur est injoignable\. Vérifiez votre connexion à internet/, serverDown: /serveur/i,
    endBeforeStart: "La fin est avant le début\u202f: corrigez l’une des deux.",
    emailNeeded: "Indiquez votre adresse Nubo (nom@domaine).", passwordNeeded: "Indiquez votre mot de passe.",
  },
  nl: {
    signIn: "Aanmelden", email: "Nubo-adres", password: /Wachtwoord/, sync: "Nu synchroniseren", newEvent: "Nieuwe afspraak",
    startTime: "Beginuur", endTime: "Einduur", save: "Bewaren", edit: "Bewerken", upToDate: /Gesynchroniseerd/,
    wrongPassword: "Verkeerd adres of wachtwoord. Is je gebruikersnaam niet je adres, vul hem dan ook in.",
    offline: /De server is onbereikbaar\. Controleer je internetverbinding/, serverDown: /server/i,
    endBeforeStart: "Het einde ligt voor het begin: pas een van beide aan.",
    emailNeeded: "Vul je Nubo-adres in (naam@domein).", passwordNeeded: "Vul je wachtwoord in.",
  },
};

test("error states in French and Dutch: wrong password, offline, server down, a mistake in a form", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const browser = await chromium.launch(chromiumOptions);
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });

  for (const lang of ["fr", "nl"]) {
    const w = WORDS[lang];
    const { origin, davServer, stop } = await startStack(cards, { nextcloud: { password: PASSWORD } });
    t.after(stop);
    const context = await browser.newContext({ locale: `${lang}-BE`, timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
    const shot = (name) => page.screenshot({ path: join(shots, `error-${name}-${lang}.png`) });
    const readable = (text, what) => assert.doesNotMatch(text, FOREIGN, `${what} in ${lang}: ${text}`);

    // Nothing typed yet: said in the member's language, not the browser's.
    await page.goto(origin + "/app/");
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    // Pressed before the core was there, the form is held and checked once it is.
    await page.locator("#sign-in-error", { hasText: w.emailNeeded }).waitFor();
    assert.equal(await page.locator("#sign-in-error").textContent(), w.emailNeeded);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "email");
    // The page is drawn again (here by going offline; the core's start-up
    // may end after the check): the sentence stays until the form is sent.
    await page.evaluate(() => dispatchEvent(new Event("offline")));
    assert.equal(await page.locator("#sign-in-error").textContent(), w.emailNeeded);
    await page.getByLabel(w.email).fill(USER);
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    assert.equal(await page.locator("#sign-in-error").textContent(), w.passwordNeeded);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
    await shot("missing-password");
    // The server's address may come without https:// (the core adds it).
    assert.notEqual(await page.locator("#server").getAttribute("type"), "url");

    // A wrong password.
    await page.getByLabel(w.password).fill("pas le bon");
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    await page.waitForFunction(() => document.querySelector("#sign-in-error")?.textContent);
    const refused = await page.locator("#sign-in-error").textContent();
    assert.equal(refused, w.wrongPassword);
    readable(refused, "wrong password");
    assert.equal(await page.getByLabel(w.email).inputValue(), USER, "what was typed stays");
    await shot("wrong-password");

    // The right one, then the network gone while syncing.
    await page.getByLabel(w.password).fill(PASSWORD);
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
    await context.setOffline(true);
    await page.getByRole("button", { name: w.sync }).click();
    await page.waitForSelector("#status.error");
    const offline = await page.locator("#status").textContent();
    assert.match(offline, w.offline);
    readable(offline, "offline");
    await shot("offline");
    await context.setOffline(false);

    // A mistake in the event form: said before anything is sent.
    await page.getByRole("button", { name: w.newEvent }).click();
    await page.locator("#e-summary").fill("Permanence");
    // The start at 10:00 (a new event's default is the next hour, which after
    // 23:00 ends the next day), then an end before it on the same day.
    await page.getByLabel(w.startTime).fill("10:00");
    await page.getByLabel(w.endTime).fill("09:05");
    await page.getByRole("button", { name: w.save }).click();
    assert.equal(await page.locator("#e-when-error").textContent(), w.endBeforeStart);
    assert.equal(await page.locator("#e-summary").inputValue(), "Permanence", "what was typed stays");
    // A sync ending meanwhile redraws the page: the message and the fields stay.
    await page.evaluate(() => { document.getElementById("e-when-error").dataset.before = "redraw"; document.getElementById("sync").click(); });
    await page.waitForFunction(() => document.querySelector("#e-when-error")?.dataset.before === undefined && !document.querySelector("#sync")?.disabled, null, { timeout: 30_000 });
    assert.equal(await page.locator("#e-when-error").textContent(), w.endBeforeStart, "said until the member changes something");
    assert.equal(await page.locator("#e-summary").inputValue(), "Permanence");
    await shot("validation");

    // The server down behind its proxy: serve.mjs answers 502.
    davServer.kill();
    await new Promise((resolve) => davServer.once("exit", resolve));
    await page.reload();
    await page.getByRole("button", { name: w.sync }).waitFor();
    await page.getByRole("button", { name: w.sync }).click();
    await page.waitForSelector("#status.error");
    const down = await page.locator("#status").textContent();
    assert.match(down, w.serverDown);
    readable(down, "server down");
    await shot("server-down");
    assert.deepEqual(errors, []);
    await context.close();
  }

  // A calendar the server lets the member read, not change: the event says so, and offers no save.
  const { origin, stop } = await startStack(cards, { nextcloud: { password: PASSWORD }, readOnly: "agenda" });
  t.after(stop);
  for (const [lang, sentence] of [
    ["fr", "Cet agenda est en lecture seule\u202f: vous pouvez consulter cet événement, pas le modifier."],
    ["nl", "Deze agenda kun je alleen bekijken: je kunt deze afspraak niet wijzigen."],
  ]) {
    const w = WORDS[lang];
    const context = await browser.newContext({ locale: `${lang}-BE`, timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(origin + "/app/");
    await page.getByLabel(w.email).fill(USER);
    await page.getByLabel(w.password).fill(PASSWORD);
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""), w.upToDate.source, { timeout: 60_000 });
    assert.equal(await page.getByRole("button", { name: w.newEvent }).count(), 0, "no calendar to write to: no new event");
    await page.locator("button.entry").first().click();
    assert.equal(await page.locator("#e-read-only").textContent(), sentence);
    // Shown, with nothing to change it: no edit, no save, no delete.
    assert.equal(await page.getByRole("button", { name: w.save }).count(), 0);
    assert.equal(await page.getByRole("button", { name: w.edit }).count(), 0);
    assert.equal(await page.locator("#delete-event, #e-summary").count(), 0);
    await page.screenshot({ path: join(shots, `error-read-only-${lang}.png`) });
    await context.close();
  }
});
