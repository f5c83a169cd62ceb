// The notes screen in a real headless Chromium against real servers on one
// origin (Radicale, and wsgidav serving the Notes folder under /files/):
// naming the folder, the seeded notes (a category, tasks, accents), search
// without accents, a task ticked and its one byte on disk, edit, delete, a
// note created offline that survives a reload and lands on disk named after
// its title, and a note whose Markdown carries scripts that must stay inert.
// Screenshots at phone and desktop sizes go to web/test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { USER, boxOf, chromiumOptions, startStack, web } from "./stack.mjs";

const shots = join(web, "test-results");
const NNBSP = "\u202f";

const AG = `# Assemblée générale 2027

Le **samedi 8 mai** à *Namur*, salle \`B2\` ; inscription sur [le site](https://nubo.test/ag).

## À préparer

- [x] Réserver la salle
- [ ] Envoyer la convocation
  1. en français
  2. en néerlandais

> Quorum : un dixième des coopérateurs.
`;
const COURSES = "- [ ] café équitable\n- [x] pain complet\n- [ ] légumes de saison\n";
const TRAP = `# Piège

<script>window.__pwned = "script"</script>

<img src="x" onerror="window.__pwned = 'img'">

[clique ici](javascript:window.__pwned='link') ou [là](  JaVaScRiPt:window.__pwned='case') ou <a href="javascript:window.__pwned='a'">brut</a>

[le site sûr](https://nubo.test/)
`;

/** The Notes folder: a category, tasks, accents, a text file, hostile Markdown, bytes that are not text; oldest last. */
async function seedNotes(files) {
  const notes = join(files, "alice", "Notes");
  await mkdir(join(notes, "Coopérative"), { recursive: true });
  await mkdir(join(notes, "Archives"));
  const now = Date.now() / 1000;
  const put = async (path, body, hoursAgo) => {
    await writeFile(join(notes, path), body);
    await utimes(join(notes, path), now - hoursAgo * 3600, now - hoursAgo * 3600);
  };
  await put("Coopérative/Assemblée générale 2027.md", AG, 1);
  await put("Courses.md", COURSES, 2);
  await put("Coopérative/Idées pour le site.txt", "Une page « Rejoindre » plus claire.\nDes photos de l’AG.\n", 3);
  await put("Piège.md", TRAP, 4);
  await put("Scan.md", Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]), 5);
  return notes;
}

test("notes: folder, list, search, tasks, links, edit, delete, offline create, hostile Markdown", async (t) => {
  const cards = join(await mkdtemp(join(tmpdir(), "nubo-web-")), "vcards");
  await mkdir(cards);
  await writeFile(join(cards, "jan.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan Peeters\r\nN:Peeters;Jan;;;\r\nEND:VCARD\r\n");
  const { origin, files, stop } = await startStack(cards);
  t.after(stop);
  const notesDir = await seedNotes(files);
  // No name resolves except this machine's: a note's link can reach nothing outside.
  const browser = await chromium.launch({ ...chromiumOptions,
    args: [...chromiumOptions.args, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] });
  t.after(() => browser.close());
  const context = await browser.newContext({ locale: "fr-BE", timezoneId: "Europe/Brussels", viewport: { width: 390, height: 844 } });
  // A link opened after the member said yes: answered here, never fetched.
  const opened = [];
  await context.route((url) => url.hostname !== "127.0.0.1", (route) => {
    if (route.request().isNavigationRequest()) opened.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<p>ailleurs</p>" });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  await mkdir(shots, { recursive: true });
  const shot = (name) => page.screenshot({ path: join(shots, `notes-${name}.png`) });
  const upToDate = () => page.waitForFunction(() => /Synchronisé/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 60_000 });
  const sync = async () => { await page.getByRole("button", { name: "Synchroniser" }).click(); await upToDate(); };
  const titles = () => page.locator("button.note .note-title").allTextContents();
  // The row whose title is exactly this (a conflict's copy starts with the same words).
  const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const row = (title) => page.locator("button.note", { has: page.locator(".note-title", { hasText: exactly(title) }) });
  const sheet = page.locator("#note-sheet");
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
  const disk = (path) => readFile(join(notesDir, path), "utf8");

  await page.goto(origin + "/app/");
  await page.getByLabel("Adresse Nubo").fill(USER);
  await page.getByLabel(/Mot de passe/).fill("mot de passe");
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await upToDate();

  // Radicale is no Nextcloud: the screen says the folder is unknown, and the member names it.
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  await page.getByText("Le dossier de vos notes n’est pas encore connu").waitFor();
  await page.getByLabel("Dossier des notes").fill(`${origin}/files/alice/Notes/`);
  await shot("1-folder-unknown-phone");
  await page.getByRole("button", { name: "Utiliser ce dossier" }).click();
  await upToDate();
  await page.waitForFunction(() => document.querySelectorAll("button.note").length === 5);

  // Newest first, with their categories; the one that is not text says so.
  assert.deepEqual(await titles(), ["Assemblée générale 2027", "Courses", "Idées pour le site", "Piège", "Scan"]);
  assert.match(await row("Assemblée générale 2027").locator(".note-meta").textContent(), /^Coopérative · /);
  assert.match(await row("Courses").locator(".note-meta").textContent(), /^Sans catégorie · /);
  assert.match(await row("Scan").textContent(), /n’est pas du texte lisible/);
  await shot("2-list-phone");

  // A category as a filter; then all again.
  await page.getByRole("group", { name: "Catégories" }).getByRole("button", { name: "Coopérative" }).click();
  assert.deepEqual(await titles(), ["Assemblée générale 2027", "Idées pour le site"]);
  await page.getByRole("button", { name: "Toutes" }).click();
  assert.equal((await titles()).length, 5);

  // Search: a word typed without its accent finds the note that has it.
  await page.getByLabel("Rechercher dans les notes").fill("equitable");
  await page.waitForFunction(() => document.querySelectorAll("button.note").length === 1);
  assert.deepEqual(await titles(), ["Courses"]);
  await shot("3-search-phone");

  // Open it: a full-screen sheet, the focus in it; a task ticked is one byte on disk after the sync.
  await row("Courses").click();
  await sheet.waitFor();
  assert.equal(await focusedId(), "note-title");
  const box = await boxOf(sheet);
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 390, 844], "the sheet covers a phone's screen");
  const task = page.getByRole("checkbox", { name: "café équitable" });
  assert.equal(await task.isChecked(), false);
  assert.equal(await page.getByRole("checkbox", { name: "pain complet" }).isChecked(), true);
  await shot("4-note-phone");
  await task.check();
  await page.waitForFunction(() => document.querySelector("#note-sheet .note-meta")?.textContent.includes("en attente d’envoi"));
  assert.equal(await focusedId(), "task-0", "the ticked box keeps the focus");
  assert.equal(await disk("Courses.md"), COURSES, "nothing reaches the server before a sync");
  // Escape closes the sheet and gives the focus back to the note's row.
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  assert.match(await focusedId(), /^note-\d+$/);
  assert.equal(await page.evaluate(() => document.activeElement.querySelector(".note-title").textContent), "Courses");
  await sync();
  const ticked = await disk("Courses.md");
  assert.equal(ticked.length, COURSES.length);
  const differ = [...COURSES].flatMap((c, i) => (c === ticked[i] ? [] : [i]));
  assert.deepEqual(differ, [COURSES.indexOf("[ ] café") + 1], "exactly the box of that task changed");
  assert.equal(ticked[differ[0]], "x");
  await page.getByLabel("Rechercher dans les notes").fill("");
  await page.waitForFunction(() => document.querySelectorAll("button.note").length === 5);

  // A note's document drawn natively; its link asks first, then opens in a new tab without an opener.
  await row("Assemblée générale 2027").click();
  // "##" after the title left out: the first level under the sheet's h2, none skipped.
  await sheet.locator("h3", { hasText: "À préparer" }).waitFor();
  assert.equal(await sheet.getByText("Assemblée générale 2027").count(), 1, "a first heading that is the title is not said twice");
  assert.equal(await sheet.locator("strong").first().textContent(), "samedi 8 mai");
  assert.equal(await sheet.locator("blockquote").textContent(), "Quorum : un dixième des coopérateurs.");
  assert.deepEqual(await sheet.locator("li.task ol li").allTextContents(), ["en français", "en néerlandais"]);
  const link = sheet.getByRole("link", { name: "le site" });
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
  assert.equal(await link.getAttribute("target"), "_blank");
  await link.click();
  const question = page.getByRole("dialog", { name: `Ouvrir ce lien dans un nouvel onglet${NNBSP}?` });
  await question.waitFor();
  await shot("5-link-question-phone");
  await question.getByRole("button", { name: "Rester ici" }).click();
  await question.waitFor({ state: "detached" });
  assert.deepEqual(opened, [], "staying opens nothing");
  const [tab] = await Promise.all([context.waitForEvent("page"), (async () => {
    await link.click();
    await question.getByRole("button", { name: "Ouvrir le lien" }).click();
  })()]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), "https://nubo.test/ag");
  assert.equal(await tab.evaluate(() => window.opener), null, "the note's page cannot reach the app");
  await tab.close();

  // Edit: the file's text in a textarea; saved, drawn again, and on disk after a sync.
  await sheet.getByRole("button", { name: "Modifier" }).click();
  const text = page.getByLabel("Texte");
  assert.equal(await focusedId(), "note-text");
  assert.equal(await text.inputValue(), AG);
  await text.fill(AG + "\nCovoiturage depuis Liège.\n");
  await shot("6-edit-phone");
  // Escape with the text changed asks first; "keep editing" keeps every letter, the caret in the text.
  await page.keyboard.press("Escape");
  await page.getByRole("dialog", { name: `Abandonner vos modifications de cette note${NNBSP}?` })
    .getByRole("button", { name: "Continuer à modifier" }).click();
  await page.waitForSelector("dialog.confirm", { state: "detached" });
  assert.equal(await text.inputValue(), AG + "\nCovoiturage depuis Liège.\n");
  assert.equal(await focusedId(), "note-text");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await sheet.getByText("Covoiturage depuis Liège.").waitFor();
  assert.equal(await focusedId(), "edit-note", "back from the form, the focus is on its button");

  // Changed on the server too before the sync: both versions kept; the
  // member reads theirs on the note and keeps both.
  await writeFile(join(notesDir, "Coopérative/Assemblée générale 2027.md"), AG + "\nSalle changée : B3.\n");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  await sync();
  await row("Assemblée générale 2027").click();
  await sheet.getByText("Salle changée : B3.").waitFor();
  const conflict = sheet.getByRole("region", { name: "deux versions gardées" });
  await conflict.getByText("Votre version, gardée").waitFor();
  assert.match(await conflict.locator("pre.mine").textContent(), /Covoiturage depuis Liège\./);
  await shot("6b-conflict-phone");
  await conflict.getByRole("button", { name: "Garder les deux" }).click();
  await conflict.waitFor({ state: "detached" });
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  await sync();
  await row("Assemblée générale 2027").click();
  await sheet.waitFor();
  const copies = (await readdir(join(notesDir, "Coopérative"))).filter((f) => f.startsWith("Assemblée générale 2027 (conflict "));
  assert.equal(copies.length, 1, "the member's version beside the server's, named as Nextcloud names its copies");
  assert.match(await disk(`Coopérative/${copies[0]}`), /Covoiturage depuis Liège\./);

  // Back (the browser's) closes the sheet too.
  await page.goBack();
  await sheet.waitFor({ state: "detached" });
  assert.match(await focusedId(), /^note-\d+$/);

  // Markdown that tries to run something stays text: no script, image or javascript: link in the page.
  await row("Piège").click();
  await sheet.getByRole("link", { name: "le site sûr" }).waitFor();
  const trap = await sheet.evaluate((s) => ({
    scripts: s.querySelectorAll("script, img, iframe, object, embed, [onerror], [onclick]").length,
    hrefs: [...s.querySelectorAll("a")].map((a) => a.getAttribute("href")),
  }));
  assert.deepEqual(trap, { scripts: 0, hrefs: ["https://nubo.test/"] });
  assert.match(await sheet.locator(".document").textContent(), /<script>window\.__pwned = "script"<\/script>/, "shown as the text it is");
  for (const words of ["clique ici", "là", "brut"]) {
    const el = sheet.getByText(words, { exact: true });
    if (await el.count()) await el.first().click();
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.getByRole("dialog").count(), 1, "only the sheet: no link question for a dead link");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });

  // The note that is not text: the reason instead of the text, nothing to edit.
  await row("Scan").click();
  await sheet.locator(".unreadable", { hasText: "n’est pas du texte lisible" }).waitFor();
  assert.equal(await sheet.getByRole("button", { name: "Modifier" }).count(), 0);
  await shot("7-unreadable-phone");
  await page.keyboard.press("Escape");

  // Rename and move, from the edit form: the file moves on the server, its text kept.
  await row("Courses").click();
  await sheet.getByRole("button", { name: "Modifier" }).click();
  await page.getByLabel("Titre").fill("Courses du samedi");
  await page.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Coopérative" });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  // Saved: the form gives way to the note.
  await page.locator("form#note-edit").waitFor({ state: "detached" });
  await sheet.getByRole("heading", { name: "Courses du samedi" }).waitFor();
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  await sync();
  await assert.rejects(stat(join(notesDir, "Courses.md")), "the old name is gone");
  assert.equal(await disk("Coopérative/Courses du samedi.md"), ticked);

  // Delete: the question's buttons say what they do; keeping keeps it.
  await row("Idées pour le site").click();
  await sheet.getByRole("button", { name: "Supprimer" }).click();
  const del = page.getByRole("dialog", { name: `Supprimer la note «${NNBSP}Idées pour le site${NNBSP}»${NNBSP}?` });
  await del.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Garder la note", "the safe answer first");
  await shot("8-delete-question-phone");
  await del.getByRole("button", { name: "Garder la note" }).click();
  await del.waitFor({ state: "detached" });
  await sheet.getByRole("button", { name: "Supprimer" }).click();
  await del.getByRole("button", { name: "Supprimer la note" }).click();
  await sheet.waitFor({ state: "detached" });
  // Five left: the conflict's copy came, this one went.
  await page.waitForFunction(() => document.querySelectorAll("button.note").length === 5);
  await sync();
  await assert.rejects(stat(join(notesDir, "Coopérative/Idées pour le site.txt")), "deleted on the server");
  assert.match(await disk("Coopérative/Assemblée générale 2027.md"), /\nSalle changée : B3\.\n$/);

  // Offline: a new note in a category survives a reload, then lands on disk named after its title.
  await context.setOffline(true);
  await page.getByRole("button", { name: "Nouvelle note" }).click();
  assert.equal(await focusedId(), "note-new-title");
  assert.deepEqual(await page.getByLabel("Catégorie", { exact: true }).locator("option").allTextContents(), ["Sans catégorie", "Archives", "Coopérative"]);
  await page.getByLabel("Titre").fill("Réunion du CA");
  await page.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Coopérative" });
  const body = "Ordre du jour « budget » :\n\n- [ ] relire les statuts\n";
  await page.getByLabel("Texte").fill(body);
  await shot("9-new-phone");
  const saved = await page.evaluate(() => document.documentElement.dataset.saved);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await sheet.getByRole("checkbox", { name: "relire les statuts" }).waitFor();
  await page.waitForFunction((before) => document.documentElement.dataset.saved !== before, saved);
  await page.reload();
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  await row("Réunion du CA").waitFor();
  assert.match(await row("Réunion du CA").textContent(), /en attente d’envoi/);
  assert.match(await row("Réunion du CA").locator(".note-meta").textContent(), /^Coopérative · /);
  await context.setOffline(false);
  await sync();
  assert.equal(await disk("Coopérative/Réunion du CA.md"), body);

  // The same screen on a desktop: the note in a side panel beside the list.
  await page.setViewportSize({ width: 1280, height: 800 });
  await row("Assemblée générale 2027").click();
  await sheet.waitFor();
  const panel = await boxOf(sheet);
  const list = await boxOf(page.locator("#notes-pane"));
  assert.ok(panel.x >= list.x + list.width && panel.width < 1280, "a side panel, beside the list");
  await shot("10-note-desktop");
  await sheet.getByRole("button", { name: "Supprimer" }).click();
  await shot("11-delete-question-desktop");
  await page.getByRole("button", { name: "Garder la note" }).click();
  await sheet.getByRole("button", { name: "Modifier" }).click();
  await shot("12-edit-desktop");
  await page.getByRole("button", { name: "Annuler" }).click();
  await page.getByRole("button", { name: "Fermer" }).click();
  // A save refused keeps what was typed: the category chosen vanished on the server meanwhile.
  await page.getByRole("button", { name: "Nouvelle note" }).click();
  await page.getByLabel("Titre").fill("Brouillon");
  await page.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Archives" });
  await page.getByLabel("Texte").fill("À garder, quoi qu’il arrive.");
  await shot("13-new-desktop");
  await rm(join(notesDir, "Archives"), { recursive: true });
  await sync();
  assert.equal(await page.getByLabel("Texte").inputValue(), "À garder, quoi qu’il arrive.", "a sync leaves the form as typed");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await sheet.locator(".error", { hasText: "Archives" }).waitFor();
  assert.equal(await page.getByLabel("Titre").inputValue(), "Brouillon");
  assert.equal(await page.getByLabel("Texte").inputValue(), "À garder, quoi qu’il arrive.");
  await shot("14-refused-desktop");
  await page.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Coopérative" });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await sheet.getByText("À garder, quoi qu’il arrive.").waitFor();
  assert.equal(await page.locator("#note-title").textContent(), "Brouillon");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "detached" });
  await shot("15-list-desktop");

  assert.deepEqual(errors, []);
  assert.deepEqual(opened, ["https://nubo.test/ag"], "nothing else left this machine's names");
});
