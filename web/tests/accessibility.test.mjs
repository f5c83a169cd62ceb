// Every screen read by axe-core (its default rules: WCAG 2 A/AA and best
// practices) in a real headless Chromium against the real servers: the
// sign-in; the agenda as upcoming, day, week and month; an open event and
// its form; the contacts, an open contact, its form and the question
// before deleting it; the notes and an open note; the news and an open
// announcement. At 390 × 844 and 1280 × 800, in French and Dutch, light
// and dark: four passes, each language at both sizes and in both themes.
// On a phone every visible control is also measured: at least 44 × 44 px.
// Besides: the skip link, the header on one row of a phone, and the
// status line counting what could not be read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, chromiumOptions, repo, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");
// Given to each page before its own scripts (a DevTools init script): the page's
// Content-Security-Policy stays as members get it, nothing inline is needed.
const AXE = await readFile(join(web, "node_modules/axe-core/axe.min.js"), "utf8");

const vcard = (uid, name, extra = "") =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(" ").reverse().join(";")};;;\r\n${extra}END:VCARD\r\n`;

async function seed() {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "emile.vcf"), vcard("emile", "Émile Zola", "TEL;TYPE=CELL:+32 470 11 22 33\r\nEMAIL;TYPE=HOME:emile@example.org\r\n" +
    "ADR;TYPE=HOME:;;Rue Haute 12;Bruxelles;;1000;Belgique\r\nBDAY:1984-05-21\r\nNOTE:Préfère être appelé le matin.\r\nORG:Nubo SCRL\r\nTITLE:Écrivain\r\n"));
  for (const [i, name] of ["Anne Arnaud", "Jan Janssens", "Sofie Smets"].entries()) await writeFile(join(cards, `c${i}.vcf`), vcard(`c${i}`, name, "TEL:+32 2 500 00 00\r\n"));
  const feeds = await mkdtemp(join(tmpdir(), "nubo-feeds-"));
  await cp(join(repo, "scripts/seed/news"), join(feeds, "news"), { recursive: true });
  const fr = join(feeds, "news/fr/actualites/feed.atom");
  await writeFile(fr, (await readFile(fr, "utf8")).replaceAll('href="/events/', 'href="/news/events/'));
  return { cards, feeds };
}

async function seedNotes(files) {
  const notes = join(files, "alice", "Notes");
  await mkdir(join(notes, "Coopérative"), { recursive: true });
  await writeFile(join(notes, "Coopérative/Assemblée générale 2027.md"),
    "# Assemblée générale 2027\n\nLe **samedi 8 mai** à Namur ; [le site](https://nubo.test/ag).\n\n## À préparer\n\n- [x] Réserver la salle\n- [ ] Envoyer la convocation\n\n> Quorum : un dixième des coopérateurs.\n");
  await writeFile(join(notes, "Courses.md"), "- [ ] café équitable\n- [x] pain complet\n");
  // Bytes that are not text: the sync keeps it and counts it as unreadable.
  await writeFile(join(notes, "Scan.md"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]));
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PASSES = [
  { lang: "fr", size: PHONE, scheme: "light" },
  { lang: "fr", size: DESKTOP, scheme: "dark" },
  { lang: "nl", size: PHONE, scheme: "dark" },
  { lang: "nl", size: DESKTOP, scheme: "light" },
];
const WORDS = {
  fr: { skip: "Aller au contenu", unreadable: "1 élément illisible, gardé tel quel.", synced: /Synchronisé/ },
  nl: { skip: "Naar de inhoud", unreadable: "1 onleesbaar item, ongewijzigd bewaard.", synced: /Gesynchroniseerd/ },
};

/** What axe finds, as one line per rule and the first nodes it names. */
const axeViolations = (page) => page.evaluate(async () => {
  const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`).join(" | ")}`);
});

/**
 * Visible controls smaller than 44 × 44 px. Not counted: what is inert or
 * out of sight (the skip link until focused); a checkbox or radio whose
 * label, the target a finger hits, is 44 px; links inside a document's
 * running text (WCAG 2.5.8's exception for inline links: they sit in lines of words).
 */
const smallTargets = (page) => page.evaluate(() => {
  const big = (r) => r.width >= 44 && r.height >= 44;
  return [...document.querySelectorAll("a, button, input, select, textarea, [role=button], summary")].filter((e) => {
    if (e.closest("[inert]") || !e.checkVisibility({ checkOpacity: true, visibilityProperty: true })) return false;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom + scrollY <= 0) return false;
    if (e.matches(".document p a, .document li a, .document blockquote a")) return false;
    if (e.matches("input[type=checkbox], input[type=radio]") && e.closest("label") && big(e.closest("label").getBoundingClientRect())) return false;
    return !big(r);
  }).map((e) => { const r = e.getBoundingClientRect(); return `${e.tagName.toLowerCase()}#${e.id || e.className || e.textContent.trim().slice(0, 20)} ${Math.round(r.width)}×${Math.round(r.height)}`; });
});

test("every screen passes axe, in French and Dutch, phone and desktop, light and dark; 44 px targets on a phone", async (t) => {
  const started = Date.now();
  const { cards, feeds } = await seed();
  const { origin, files, stop } = await startStack(cards, { feeds });
  t.after(stop);
  await seedNotes(files);
  const browser = await chromium.launch({ ...chromiumOptions,
    args: [...chromiumOptions.args, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] });
  t.after(() => browser.close());
  await mkdir(shots, { recursive: true });
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: PHONE });
  await context.addInitScript({ content: AXE });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });

  const found = [];
  let screens = 0, measured = 0;
  const check = async (pass, screen) => {
    const where = `${pass.lang} ${pass.size.width} ${pass.scheme} ${screen}`;
    for (const v of await axeViolations(page)) found.push(`${where}: ${v}`);
    if (pass.size === PHONE) {
      for (const s of await smallTargets(page)) found.push(`${where}: under 44 px: ${s}`);
      measured++;
    }
    screens++;
  };
  const set = async ({ size, scheme }) => {
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: scheme });
  };
  const synced = (re) => page.waitForFunction((source) => !document.querySelector("#sync")?.disabled &&
    new RegExp(source).test(document.querySelector("#status")?.textContent ?? ""), re.source, { timeout: 60_000 });

  // ------------------------------------------------------------ the sign-in, in each combination
  await page.goto(origin + "/app/");
  for (const pass of PASSES) {
    await set(pass);
    if ((await page.locator("#lang").inputValue()) !== pass.lang) {
      await page.locator("#lang").selectOption(pass.lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, pass.lang);
    }
    await page.waitForSelector("form#sign-in");
    await check(pass, "sign-in");
  }
  await page.locator("#lang").selectOption("fr");
  await page.waitForFunction(() => document.documentElement.lang === "fr");
  await set(PASSES[0]);
  await page.locator("#email").fill(USER);
  await page.locator("#password").fill("mot de passe");
  await page.locator("form#sign-in button[type=submit]").click();
  await synced(WORDS.fr.synced);

  // The notes folder and the two feeds, once.
  await page.locator("#tab-notes").click();
  await page.locator("#notes-folder-url").fill(`${origin}/files/alice/Notes/`);
  await page.locator("#notes-folder button[type=submit]").click();
  await page.waitForFunction(() => document.querySelectorAll("button.note").length === 3, null, { timeout: 60_000 });
  await synced(WORDS.fr.synced);
  // The sync's unreadable note, the core's words beside its time (the core's own count sentence is replaced by the time).
  const status = await page.locator("#status").textContent();
  assert.ok(/^Synchronisé/.test(status) && status.endsWith(` · ${WORDS.fr.unreadable}`), status);
  await page.locator("#tab-news").click();
  for (const feed of ["/news/fr/actualites/feed.atom", "/news/nl/nieuws/feed.atom"]) {
    await page.locator("#news-feed-url").fill(origin + feed);
    await page.locator("#news-add-feed button[type=submit]").click();
    await page.waitForFunction(() => !document.querySelector("#news-feed-url")?.value, null, { timeout: 30_000 });
  }
  await page.waitForFunction(() => document.querySelectorAll("button.announcement").length >= 4, null, { timeout: 30_000 });

  // One dark theme: a single media block (two had drifted apart, the second silently winning).
  const darkBlocks = await page.evaluate(() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules])
    .filter((rule) => rule instanceof CSSMediaRule && /prefers-color-scheme:\s*dark/.test(rule.conditionText)).length);
  assert.equal(darkBlocks, 1, "dark-theme blocks");

  // ------------------------------------------------------------ every screen, pass by pass
  for (const pass of PASSES) {
    const w = WORDS[pass.lang];
    if (pass.lang !== (await page.evaluate(() => document.documentElement.lang))) {
      await page.locator("#lang").selectOption(pass.lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, pass.lang);
      await synced(w.synced);
    }
    await page.locator("#tab-agenda").click();
    await set(pass);
    const name = `${pass.lang}-${pass.size.width}-${pass.scheme}`;

    // The skip link: first in the tab order, seen once focused, and it leads into the screen.
    // From the top of the document, as after a page load (the focus on <body> moves the Tab's starting point there).
    await page.evaluate(() => { scrollTo(0, 0); document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute("tabindex"); });
    await page.keyboard.press("Tab");
    // Read in one go in the page: a header drawn again between two protocol
    // calls (a sync's status) would detach the element a locator resolved.
    const skip = await page.evaluate(() => {
      const focused = document.activeElement;
      const box = focused?.getBoundingClientRect();
      return { id: focused?.id, text: focused?.textContent, y: box?.y, height: box?.height };
    });
    assert.equal(skip.id, "skip-link", name);
    assert.equal(skip.text, w.skip);
    assert.ok(skip.y >= 0 && skip.height >= 44, `the focused skip link is in view: ${JSON.stringify(skip)}`);
    await check(pass, "skip link focused");
    if (pass.size === PHONE) await page.screenshot({ path: join(shots, `a11y-skip-link-${name}.png`) });
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    assert.ok(page.url().endsWith("/app/"), "no history entry: " + page.url());

    // The header: one row, nothing sticking out.
    const row = await page.locator("#app > header").evaluate((h) => ({
      tops: [...h.children].filter((c) => c.id !== "skip-link").map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)),
      height: h.getBoundingClientRect().height, overflow: h.scrollWidth - h.clientWidth,
      right: Math.max(...[...h.children].map((c) => c.getBoundingClientRect().right)),
    }));
    assert.ok(new Set(row.tops).size === 1 && row.height < 64 && row.overflow <= 0 && row.right <= pass.size.width, `${name}: header on one row: ${JSON.stringify(row)}`);

    // The agenda: each span, then an event and its form.
    await page.locator("[data-span=Upcoming]").click();
    await page.waitForSelector("[data-span=Upcoming][aria-pressed=true]");
    await check(pass, "agenda upcoming");
    await page.locator("[data-span=Day]").click();
    await page.locator("#agenda-date").fill("2027-05-11");
    await page.waitForSelector("button.entry");
    await check(pass, "agenda day");
    await page.locator("[data-span=Week]").click();
    await page.waitForSelector("[data-span=Week][aria-pressed=true]");
    await check(pass, "agenda week");
    await page.locator("[data-span=Month]").click();
    await page.waitForSelector(".month-grid");
    await check(pass, "agenda month");
    await page.screenshot({ path: join(shots, `a11y-month-${name}.png`) });
    await page.locator("button.entry", { hasText: "Assemblée générale annuelle" }).click();
    await page.waitForSelector(".event-detail");
    await check(pass, "event");
    await page.locator("#edit-event").click();
    await page.waitForSelector("form#event");
    await check(pass, "event form");
    await page.screenshot({ path: join(shots, `a11y-event-form-${name}.png`) });
    await page.locator("#close-event").click();
    await page.waitForSelector("#event-sheet", { state: "detached" });

    // Contacts: the list, Émile, his form, the question before deleting him.
    await page.locator("#tab-contacts").click();
    await page.waitForSelector("button.contact");
    await check(pass, "contacts");
    await page.locator("button.contact", { hasText: "Émile Zola" }).click();
    await page.waitForSelector("#contact-phones");
    await check(pass, "contact");
    await page.screenshot({ path: join(shots, `a11y-contact-${name}.png`) });
    await page.locator("#delete-contact").click();
    await page.waitForSelector("dialog.confirm[open]");
    await check(pass, "question");
    await page.locator("dialog.confirm button.quiet").click();
    await page.waitForSelector("dialog.confirm", { state: "detached" });
    await page.locator("#edit-contact").click();
    await page.waitForSelector("form#contact");
    await check(pass, "contact form");
    await page.locator("#close-contact").click();
    await page.waitForSelector("#contact-sheet", { state: "detached" });

    // Notes: the list and a note.
    await page.locator("#tab-notes").click();
    await page.waitForSelector("button.note");
    await check(pass, "notes");
    await page.locator("button.note", { hasText: "Assemblée générale 2027" }).click();
    await page.waitForSelector("#note-sheet .document");
    await check(pass, "note");
    await page.locator("#close-note").click();
    await page.waitForSelector("#note-sheet", { state: "detached" });

    // News: the list and an announcement with its event.
    await page.locator("#tab-news").click();
    await page.waitForSelector("button.announcement");
    await check(pass, "news");
    await page.locator("button.announcement").first().click();
    await page.waitForSelector("#news-sheet");
    await check(pass, "announcement");
    await page.screenshot({ path: join(shots, `a11y-announcement-${name}.png`) });
    await page.locator("#close-announcement").click();
    await page.waitForSelector("#news-sheet", { state: "detached" });
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`accessibility: ${screens} screens checked by axe in ${PASSES.length} passes (fr, nl × 390, 1280 × light, dark), ${measured} of them measured for 44 px targets, ${found.length} problems, ${seconds} s`);
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
});
