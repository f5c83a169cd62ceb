// The news screen in a real headless Chromium: the cooperative's real
// feeds (scripts/seed/news) served by tests/servers/feed_server.py under
// /news/ on the app's origin, added through the screen's form, beside a
// feed whose entry carries scripts that must stay inert. The list, the
// unread count on the tab, an announcement opened (and so read), its
// event put in the agenda, other languages on request, mark all read, a
// feed removed. Screenshots at phone and desktop sizes in web/test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";
import { USER, boxOf, chromiumOptions, repo, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");
const NNBSP = "\u202f";

const TRAP = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <id>tag:piege.test,2027:feed</id>
  <title>Piège</title>
  <updated>2027-04-20T08:00:00+02:00</updated>
  <entry>
    <id>tag:piege.test,2027:1</id>
    <title>Annonce piégée &lt;script&gt;window.__pwned = "title"&lt;/script&gt;</title>
    <link rel="alternate" type="text/html" href="javascript:window.__pwned='alternate'"/>
    <published>2027-04-20T08:00:00+02:00</published>
    <updated>2027-04-20T08:00:00+02:00</updated>
    <content type="html">&lt;p&gt;Bonjour&lt;/p&gt;
&lt;script&gt;window.__pwned = "script"&lt;/script&gt;
&lt;img src="x" onerror="window.__pwned = 'img'"&gt;
&lt;p&gt;&lt;a href="javascript:window.__pwned='link'"&gt;clique ici&lt;/a&gt; ou &lt;a href="  JaVaScRiPt:window.__pwned='case'"&gt;là&lt;/a&gt;&lt;/p&gt;
&lt;p onclick="window.__pwned='onclick'"&gt;&lt;a href="https://nubo.test/sur"&gt;le site sûr&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
</feed>
`;

/** The seed site under `news/`, its root-relative links to the calendar file following it there; and the trap feed. */
async function seedFeeds() {
  const root = await mkdtemp(join(tmpdir(), "nubo-feeds-"));
  const site = join(root, "news");
  await cp(join(repo, "scripts/seed/news"), site, { recursive: true });
  const fr = join(site, "fr/actualites/feed.atom");
  await writeFile(fr, (await readFile(fr, "utf8")).replaceAll('href="/events/', 'href="/news/events/'));
  await writeFile(join(site, "piege.atom"), TRAP);
  return root;
}

test("news: feeds added, unread count, open marks read, add to agenda, other languages, inert scripts, mark all read", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const { origin, files, stop } = await startStack(cards, { feeds: await seedFeeds() });
  t.after(stop);
  const browser = await chromium.launch({ ...chromiumOptions,
    args: [...chromiumOptions.args, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] });
  t.after(() => browser.close());
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
  const opened = [];
  // Other sites: "elsewhere"; the account domain's home page what the test puts there.
  let homePage = "<p>ailleurs</p>";
  await context.route((url) => url.hostname !== "127.0.0.1", (route) => {
    if (route.request().isNavigationRequest()) opened.push(route.request().url());
    const home = new URL(route.request().url()).hostname === USER.split("@")[1];
    return route.fulfill({ status: 200, contentType: "text/html", body: home ? homePage : "<p>ailleurs</p>",
      headers: { "Access-Control-Allow-Origin": "*" } });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  await mkdir(shots, { recursive: true });
  const shot = (name) => page.screenshot({ path: join(shots, `news-${name}.png`) });
  const upToDate = () => page.waitForFunction(() => /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
  const titles = () => page.locator("button.announcement .note-title").allTextContents();
  const rows = (n) => page.waitForFunction((n) => document.querySelectorAll("button.announcement").length === n, n, { timeout: 30_000 });
  const badge = async () => (await page.locator("#news-unread").count()) ? Number(await page.locator("#news-unread").textContent()) : 0;
  const row = (text) => page.locator("button.announcement", { has: page.locator(".note-title", { hasText: text }) });
  const sheet = page.locator("#news-sheet");
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
  const addFeed = async (path) => {
    await page.getByLabel("Adresse d’un flux").fill(origin + path);
    await page.getByRole("button", { name: "Ajouter ce flux" }).click();
  };

  await page.goto(origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await upToDate();

  // No source yet (Radicale's domain has no website): the screen says how to add one.
  await page.getByRole("button", { name: /^Actualités/ }).click();
  await page.getByText(`Aucune source d’actualités pour l’instant${NNBSP}: ajoutez un flux ci-dessous.`).waitFor();
  await addFeed("/news/fr/actualites/feed.atom");
  await rows(4);
  // Newest first, each with its source and date, all unread; the count on the tab.
  assert.deepEqual(await titles(), [
    "Maintenance du cloud le mardi 20 avril, de 20 h à 23 h",
    "Assemblée générale ordinaire le samedi 8 mai 2027",
    "Lettre d'information n° 27 – mars 2027",
    "Assemblée générale extraordinaire le 14 novembre 2026",
  ]);
  assert.match(await row("Maintenance").locator(".note-meta").textContent(), / · lundi 12 avril 2027$/);
  assert.equal(await page.locator("button.announcement.unread").count(), 4);
  assert.equal(await badge(), 4);
  assert.match(await page.locator("#tab-news").textContent(), /4 non lues/);
  await shot("1-list-phone");

  // The trap: listed, its title as text; nothing of it runs, on the list or opened.
  await addFeed("/news/piege.atom");
  await rows(5);
  assert.equal(await badge(), 5);
  assert.equal((await titles())[0], 'Annonce piégée <script>window.__pwned = "title"</script>');
  assert.match(await page.locator("#app > p.notice").textContent(), /Flux ajouté/);
  await row("Annonce piégée").click();
  await sheet.waitFor();
  assert.equal(await badge(), 4, "opened, so read: the count drops");
  // "Feed added" ended when the member opened the announcement: no stale notice, on the page or its sheet.
  assert.equal(await page.locator("#app > p.notice").count(), 0);
  assert.equal(await sheet.locator(".notice").count(), 0);
  assert.equal(await sheet.locator("script, img, [onclick], [onerror]").count(), 0);
  const hrefs = await sheet.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  // The image becomes a link to its address (asked before opening, as any link); no javascript: anywhere, the page link neither.
  assert.ok(hrefs.includes("https://nubo.test/sur"), hrefs.join(" "));
  assert.ok(hrefs.every((href) => /^https?:\/\//.test(href)), hrefs.join(" "));
  await sheet.getByText("clique ici").click();
  await shot("2-trap-phone");
  // The safe link asks first; staying here opens nothing.
  await sheet.getByRole("link", { name: "le site sûr" }).click();
  await page.getByText(`Ouvrir ce lien dans un nouvel onglet${NNBSP}?`).waitFor();
  await page.getByRole("button", { name: "Rester ici" }).click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // Escape closes it and gives the focus back to its row, now read.
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  assert.match(await focusedId(), /^news-\d+$/);
  assert.equal(await row("Annonce piégée").evaluate((b) => b.classList.contains("unread")), false);

  // The general assembly: opened on a phone it covers the screen, the focus on its title; its event goes to the agenda.
  await row("Assemblée générale ordinaire").click();
  await sheet.waitFor();
  assert.equal(await focusedId(), "announcement-title");
  assert.equal(await badge(), 3);
  await sheet.getByText("Ordre du jour").waitFor();
  await shot("3-announcement-phone");
  await sheet.getByRole("button", { name: "Ajouter à mon agenda" }).click();
  // Said in the sheet, which covers the page's message line on a phone.
  await sheet.locator(".notice", { hasText: /ajouté à l’agenda «.Agenda Nubo.»/ }).waitFor();
  await shot("3b-added-to-agenda-phone");
  // The browser's back button closes it too.
  await page.goBack();
  await sheet.waitFor({ state: "detached" });
  // Sent at the next sync (a copy with its own UID): then in Radicale's storage, beside `files`.
  await page.getByRole("button", { name: "Synchroniser" }).click();
  await upToDate();
  const agenda = join(dirname(files), "storage/collection-root", USER, "agenda");
  const ics = await Promise.all((await readdir(agenda)).filter((f) => f.endsWith(".ics")).map((f) => readFile(join(agenda, f), "utf8")));
  assert.ok(ics.some((text) => text.includes("20270508T140000")), "the event is in the calendar on the server");

  // Only the unread ones, then all again.
  await page.getByLabel("Non lues seulement").check();
  await rows(3);
  await page.getByLabel("Non lues seulement").uncheck();
  await rows(5);

  // A Dutch feed: its Dutch announcements are left out and said; shown on request, the member's language first.
  await addFeed("/news/nl/nieuws/feed.atom");
  await page.locator(".other-languages").filter({ hasText: /3/ }).waitFor({ timeout: 30_000 });
  await rows(6);
  await page.getByRole("button", { name: "Les afficher" }).click();
  await rows(9);
  await shot("4-all-languages-phone");
  await page.getByRole("button", { name: "Seulement les actualités dans ma langue" }).click();
  await rows(6);

  // Mark all read: the count leaves the tab.
  await page.getByRole("button", { name: "Tout marquer comme lu" }).click();
  await page.locator("#news-unread").waitFor({ state: "detached" });
  assert.equal(await page.locator("button.announcement.unread").count(), 0);
  await shot("5-all-read-phone");

  // Desktop: the announcement in a side panel beside the list.
  await page.setViewportSize({ width: 1280, height: 800 });
  await row("Maintenance du cloud").click();
  await sheet.waitFor();
  // Laid out for the new width once the page has drawn at it (the resize and the click may share a frame).
  await page.waitForFunction(() => {
    const [panel, list] = ["news-sheet", "news-pane"].map((id) => document.getElementById(id)?.getBoundingClientRect());
    return panel && list && panel.x >= list.x + list.width;
  }, null, { timeout: 5_000 }).catch(() => {});
  const panel = await boxOf(sheet);
  const list = await boxOf(page.locator("#news-pane"));
  assert.ok(panel.x >= list.x + list.width && panel.width < 1280, "a side panel, beside the list");
  await shot("6-announcement-desktop");
  await page.getByRole("button", { name: "Fermer" }).click();
  await sheet.waitFor({ state: "detached" });

  // The trap feed removed, after a question: its announcement goes with it.
  await page.getByRole("button", { name: `Retirer la source ${origin}/news/piege.atom` }).click();
  await page.getByText(`Ne plus suivre «${NNBSP}Piège${NNBSP}»${NNBSP}?`).waitFor();
  await shot("8-remove-question-desktop");
  await page.getByRole("button", { name: "Ne plus suivre" }).click();
  await rows(5);
  assert.ok(!(await titles()).some((title) => title.startsWith("Annonce piégée")));
  // A feed that is not there: kept, and its line says since when and why it fails.
  await addFeed("/news/absente.atom");
  const absent = page.locator("#news-sources li", { hasText: "absente.atom" });
  await absent.locator(".source-error").waitFor({ timeout: 30_000 });
  assert.match(await absent.locator(".source-error").textContent(), /n’existe pas \(ou plus\) à cette adresse/);
  // The status code is beside the sentence, not in it.
  assert.match(await absent.locator(".source-detail").textContent(), /404/);
  await shot("7-sources-desktop");
  // Looking again for the cooperative's feeds: the address's domain's home page names an English feed, now followed.
  homePage = `<link rel="alternate" type="application/atom+xml" hreflang="en" href="${origin}/news/en/news/feed.atom">`;
  await page.getByRole("button", { name: "Rechercher à nouveau les actualités de la coopérative" }).click();
  await page.getByText("1 nouvelle source d’annonces suivie.").waitFor();
  await page.locator("#news-sources li", { hasText: "/news/en/news/feed.atom" }).waitFor();

  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  assert.deepEqual(opened, [], "nothing left this machine's names");
});
