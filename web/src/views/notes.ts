// Notes: search, categories, the list (newest first, as the core sorts
// it), and the open note in a sheet (full screen on a phone, a side panel
// on a wider screen): its document drawn with DOM nodes, tasks to tick, an
// edit form, a new-note form, deletion. Everything here is built with
// `h()` — a note's words only ever become text nodes, never markup — and
// every change goes to the core as an event.
import type { Block, NoteView, Span, ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { AppContext, Handler } from "./context";
import { ask, documentNode, openExternal } from "./document";
import { h } from "./html";
import { phone, Sheet } from "./sheet";

/** The form being typed in: a note's new text (`id`), or a new note (`id: null`). */
export interface NoteDraft {
  id: number | null;
  title: string;
  /** A `CategoryView.path`. */
  category: string;
  text: string;
  /** The text when the form opened: what "changed" is measured against. */
  original: string;
}

/** What the page keeps of the notes screen between renders (the core holds the rest). */
export interface NotesUi {
  /** What is in the search field while the member types (null: the core's query). */
  search: string | null;
  /** The category shown (a `CategoryView.name`), null: all. */
  category: string | null;
  draft: NoteDraft | null;
  /** A save sent, its outcome not yet in (a second press sends nothing). */
  saving: boolean;
  /** What the notes-folder field holds, and whether its "change" section is open. */
  folder: string;
  folderOpen: boolean;
  /** The element that opened the sheet, focused again when it closes. */
  opener: string | null;
  /** The sheet drawn last ("note:31", "edit:31", "new" or null): focus moves when it changes. */
  shown: string | null;
}

export const notesUi = (): NotesUi => ({ search: null, category: null, draft: null, saving: false, folder: "", folderOpen: false, opener: null, shown: null });

// ------------------------------------------------------------------ drawing

export function notes(view: ViewModel, t: Labels, ui: NotesUi): HTMLElement {
  const sheet = noteSheet(view, t, ui);
  return h("div", { class: `notes${sheet ? " has-sheet" : ""}` }, listPane(view, t, ui), sheet);
}

function listPane(view: ViewModel, t: Labels, ui: NotesUi): HTMLElement {
  const n = view.notes;
  const writable = n.folder_known && n.categories.some((c) => !c.read_only);
  const pane = h("section", { id: "notes-pane", class: "notes-pane", "aria-labelledby": "notes-heading" },
    h("div", { class: "notes-heading" }, h("h2", { id: "notes-heading" }, t.notes),
      writable && h("button", { id: "new-note", type: "button" }, t.newNote)));
  if (!n.folder_known) {
    pane.append(folderForm(t, ui, t.folderUnknown));
    return pane;
  }
  pane.append(h("label", { class: "search" }, t.searchNotes,
    h("input", { id: "notes-search", type: "search", value: ui.search ?? n.query, autocomplete: "off" })));
  // Categories to filter by: shown only when there is more than one.
  const shown = ui.category !== null && n.categories.some((c) => c.name === ui.category) ? ui.category : null;
  if (n.categories.length > 1) {
    const chip = (i: number, name: string | null, label: string) => h("button",
      { type: "button", class: "chip", id: `category-${i}`, "data-category": name ?? "", "aria-pressed": String(shown === name) }, label);
    pane.append(h("div", { class: "chips", role: "group", "aria-label": t.categories },
      chip(0, null, t.allCategories), ...n.categories.map((c, i) => chip(i + 1, c.name, c.name))));
  }
  const rows = n.notes.filter((row) => shown === null || row.category === shown);
  if (rows.length === 0) pane.append(h("p", { class: "empty" }, n.query.trim() ? t.noNotesFound : t.noNotes));
  else {
    pane.append(h("ul", { id: "note-list", class: "note-list" }, ...rows.map((row) => h("li", {},
      h("button", { type: "button", class: `note${view.note?.id === row.id ? " open" : ""}`, id: `note-${row.id}`, "data-note": row.id,
        "aria-current": view.note?.id === row.id ? "true" : null },
        h("span", { class: "note-head" },
          h("span", { class: "note-title" }, row.title),
          row.pending && h("span", { class: "badge" }, t.pending),
          row.conflict && h("span", { class: "badge warn" }, t.conflict)),
        h("span", { class: "note-meta" }, `${row.category} · ${row.modified}`),
        preview(row.title, row.preview) && h("span", { class: "note-preview" }, preview(row.title, row.preview)))))));
  }
  const details = h("details", { class: "change-folder", open: ui.folderOpen }, h("summary", {}, t.changeFolder), folderForm(t, ui, null));
  // Kept open across renders ("toggle" does not bubble to the page's listeners).
  details.addEventListener("toggle", () => { ui.folderOpen = details.open; });
  pane.append(details);
  return pane;
}

/** A note's first lines without the first when it only repeats the title (a "# Title" line). */
function preview(title: string, text: string): string {
  const [first, ...rest] = text.split("\n");
  return first.trim() === title.trim() ? rest.join("\n") : text;
}

function folderForm(t: Labels, ui: NotesUi, sentence: string | null): HTMLElement {
  return h("form", { id: "notes-folder", class: sentence ? "panel" : "" },
    sentence && h("p", {}, sentence),
    h("label", {}, t.notesFolder,
      h("input", { id: "notes-folder-url", type: "url", required: true, value: ui.folder, placeholder: t.folderHint, autocomplete: "url" })),
    h("button", { type: "submit" }, t.useFolder));
}

/** Which sheet the view and the draft call for (see `NotesUi.shown`). */
function sheetKey(view: ViewModel, ui: NotesUi): string | null {
  if (ui.draft) return ui.draft.id === null ? "new" : `edit:${ui.draft.id}`;
  return view.note ? `note:${view.note.id}` : null;
}

function noteSheet(view: ViewModel, t: Labels, ui: NotesUi): HTMLElement | null {
  const key = sheetKey(view, ui);
  if (!key) return null;
  const modal = phone.matches;
  const sheet = h("section", { id: "note-sheet", class: "sheet", role: "dialog", "aria-modal": modal ? "true" : null,
    "aria-labelledby": "note-title" });
  const draft = ui.draft;
  if (draft) sheet.append(draftForm(view, t, draft));
  else if (view.note) sheet.append(...noteDetail(view.note, t, conflicts(view, view.note, t)));
  // Why a save or a tick was refused, beside the form: a phone's sheet
  // covers the page's message line (then it is the alert), and a form
  // must say it where the member types.
  if (view.error && (modal || draft)) {
    sheet.querySelector(".sheet-bar")?.after(h("p", { role: modal ? "alert" : null, class: "error" }, view.error));
  }
  return sheet;
}

/** The member's kept version of this note, to read before choosing. */
function conflicts(view: ViewModel, note: NoteView, t: Labels): HTMLElement[] {
  return view.conflicts.filter((c) => c.kind === "note" && c.contact_id === note.id).map((c) =>
    h("section", { class: "conflict", "aria-label": t.conflict },
      h("p", {}, c.message),
      h("p", { class: "note-meta" }, t.yourVersion),
      h("pre", { class: "mine" }, c.mine_text ?? ""),
      h("div", { class: "conflict-choices" },
        h("button", { type: "button", "data-resolve": "KeepMine", "data-conflict": String(c.id) }, t.keepMine),
        h("button", { type: "button", "data-resolve": "KeepServer", "data-conflict": String(c.id), class: "quiet" }, t.keepServer),
        h("button", { type: "button", "data-resolve": "KeepBoth", "data-conflict": String(c.id), class: "quiet" }, t.keepBoth))));
}

/** The note; `first` (a conflict to settle) right under its title. */
function noteDetail(note: NoteView, t: Labels, first: HTMLElement[]): HTMLElement[] {
  const editable = !note.read_only && note.unreadable === null;
  const bar = h("div", { class: "sheet-bar" },
    h("button", { type: "button", id: "close-note", class: "quiet back" }, h("span", { "aria-hidden": "true" }, "‹ "), t.close),
    editable && h("button", { type: "button", id: "edit-note" }, t.edit),
    !note.read_only && h("button", { type: "button", id: "delete-note", class: "quiet danger" }, t.deleteNote));
  const meta = [note.category, note.modified, note.pending ? t.pending : "", note.read_only && !note.unreadable ? t.readOnly : ""]
    .filter(Boolean).join(" · ");
  const body = note.unreadable !== null
    ? h("p", { class: "unreadable", role: "note" }, note.unreadable)
    : documentNode(withoutTitle(note), note.read_only);
  return [bar, h("h2", { id: "note-title", tabindex: -1 }, note.title), h("p", { class: "note-meta" }, meta), ...first, body];
}

function draftForm(view: ViewModel, t: Labels, draft: NoteDraft): HTMLElement {
  const isNew = draft.id === null;
  const form = h("form", { id: isNew ? "note-new" : "note-edit", class: "note-form" },
    h("div", { class: "sheet-bar" },
      h("button", { type: "button", id: "cancel-note", class: "quiet back" }, h("span", { "aria-hidden": "true" }, "‹ "), t.cancel),
      h("button", { type: "submit", id: "save-note" }, t.save)),
    h("h2", { id: "note-title", tabindex: -1 }, isNew ? t.newNote : draft.title));
  // A new note's name and category; an existing one's too, to rename or move it.
  {
    const writable = view.notes.categories.filter((c) => !c.read_only).map((c) => ({ path: c.path, name: c.name }));
    // A category gone meanwhile (a sync) stays chosen, as typed: the save
    // then says why it cannot be, and nothing shown differs from what is sent.
    if (!writable.some((c) => c.path === draft.category)) writable.push({ path: draft.category, name: draft.category });
    form.append(
      h("label", {}, t.title, h("input", { id: "note-new-title", value: draft.title, autocomplete: "off" })),
      // Beside its label, not in it: the select's name is then "Category" alone.
      h("label", { for: "note-new-category" }, t.category),
      h("select", { id: "note-new-category" },
        ...writable.map((c) => h("option", { value: c.path, selected: c.path === draft.category }, c.name))));
  }
  const text = h("textarea", { id: "note-text", rows: 14, spellcheck: "true" });
  text.value = draft.text;
  form.append(h("label", { class: "text" }, t.text, text));
  return form;
}

// ------------------------------------------------------------------ the document (drawn by ./document)

/** The note's blocks, without a first heading that only repeats the title shown above it. */
function withoutTitle(note: NoteView): Block[] {
  const [first, ...rest] = note.document.blocks;
  const plain = (list: Span[]): string => list.map((s) => s === "line_break" ? "\n"
    : "text" in s ? s.text : "code" in s ? s.code : "emphasis" in s ? plain(s.emphasis) : "strong" in s ? plain(s.strong) : plain(s.link.spans)).join("");
  return first && typeof first === "object" && "heading" in first && plain(first.heading.spans).trim() === note.title.trim() ? rest : note.document.blocks;
}

// ------------------------------------------------------------------ after each draw

const SHEET = new Sheet("notes", "nubo-note-sheet", "notes-pane");

/**
 * Once the notes screen is on the page: when the sheet opened, changed or
 * closed, move the focus (into it; back to what opened it), keep a
 * history entry for it (so "back" closes it), and on a phone make the rest
 * of the page inert while it covers the screen.
 */
export function afterDraw(view: ViewModel, ui: NotesUi): void {
  const key = sheetKey(view, ui);
  const moved = SHEET.settle(ui, key, () => document.getElementById("notes-search") || document.getElementById("new-note"));
  if (!moved || key === null) return;
  const { before } = moved;
  const target = key === "new" ? "note-new-title"
    : key.startsWith("edit:") ? "note-text"
    : before === `edit:${key.slice(5)}` ? "edit-note" : "note-title";
  const el = document.getElementById(target);
  el?.focus();
  if (el instanceof HTMLTextAreaElement) el.setSelectionRange(el.value.length, el.value.length);
}

// ------------------------------------------------------------------ leaving

const changed = (d: NoteDraft | null): boolean => d !== null && (d.text !== d.original || (d.id === null && d.title.trim() !== ""));

/** Leaves the form (after asking, if something was typed); false when the member keeps editing. */
async function leaveDraft(ctx: AppContext): Promise<boolean> {
  const t = labels(ctx.core.view().locale);
  if (changed(ctx.ui.notes.draft) &&
      !(await ask({ question: t.discardQuestion, confirm: t.discardConfirm, cancel: t.discardKeep, danger: true }))) {
    document.getElementById("note-text")?.focus();
    return false;
  }
  ctx.ui.notes.draft = null;
  return true;
}

/** Closes the sheet: an edit goes back to the note, anything else closes. */
async function closeSheet(ctx: AppContext, fromHistory: boolean): Promise<void> {
  const { notes: ui } = ctx.ui;
  const editing = ui.draft !== null && ui.draft.id !== null;
  if (ui.draft && !(await leaveDraft(ctx))) {
    if (fromHistory) SHEET.reenter();
    return;
  }
  if (editing && !fromHistory && ctx.core.view().note) return ctx.redraw();
  if (ctx.core.view().note) ctx.core.send("CloseNote");
  ctx.redraw();
}

// ------------------------------------------------------------------ what the member does

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  const ui = ctx.ui.notes;
  const view = ctx.core.view();
  const t = labels(view.locale);
  if (button.dataset.note) {
    const id = Number(button.dataset.note);
    void (async () => {
      if (ui.draft && !(await leaveDraft(ctx))) return;
      ui.opener = button.id;
      ctx.core.send({ OpenNote: { id } });
      ctx.redraw();
    })();
  } else if (button.dataset.category !== undefined && button.classList.contains("chip")) {
    ui.category = button.dataset.category || null;
    ctx.redraw();
  } else if (button.id === "new-note") {
    void (async () => {
      if (ui.draft && !(await leaveDraft(ctx))) return;
      const first = view.notes.categories.find((c) => !c.read_only);
      ui.opener = button.id;
      ui.draft = { id: null, title: "", category: first?.path ?? "", text: "", original: "" };
      // Closing moves on too: one event, one drawing.
      ctx.core.send(view.note ? "CloseNote" : "MoveOn");
    })();
  } else if (button.id === "edit-note" && view.note) {
    const category = view.notes.categories.find((c) => c.name === view.note?.category)?.path ?? "";
    ui.draft = { id: view.note.id, title: view.note.title, category, text: view.note.text, original: view.note.text };
    ctx.core.send("MoveOn");
  } else if (button.id === "close-note" || button.id === "cancel-note") void closeSheet(ctx, false);
  else if (button.dataset.resolve && button.dataset.conflict) {
    const resolution = button.dataset.resolve as "KeepMine" | "KeepServer" | "KeepBoth";
    ctx.core.send({ ResolveConflict: { conflict_id: Number(button.dataset.conflict), resolution } });
  } else if (button.id === "delete-note" && view.note) {
    const { id, title } = view.note;
    void ask({ question: fill(t.deleteQuestion, { title }), detail: t.deleteDetail, confirm: t.deleteConfirm, cancel: t.deleteKeep, danger: true })
      .then((yes) => {
        if (yes) ctx.core.send({ DeleteNote: { id } });
        else document.getElementById("delete-note")?.focus();
      });
  } else return false;
  return true;
};

/** A link in a note: opened in a new tab once the member said yes. */
export const onLink: Handler<HTMLAnchorElement> = (ctx, anchor) => {
  if (!anchor.classList.contains("external")) return false;
  void openExternal(anchor, labels(ctx.core.view().locale));
  return true;
};

export const onSubmit: Handler<HTMLFormElement> = (ctx, form) => {
  const ui = ctx.ui.notes;
  if (form.id === "notes-folder") {
    const url = (form.querySelector("#notes-folder-url") as HTMLInputElement).value.trim();
    void ctx.core.sendAndSettle({ SetNotesFolder: { url } }).then(() => {
      if (ctx.core.view().error !== null) return;
      ui.folder = "";
      ui.folderOpen = false;
      ctx.core.send("Sync");
    });
    return true;
  }
  const draft = ui.draft;
  if ((form.id !== "note-edit" && form.id !== "note-new") || !draft) return false;
  // The form stays as typed until the store has answered.
  if (ui.saving) return true;
  ui.saving = true;
  void saveNote(ctx, draft).finally(() => { ui.saving = false; });
  return true;
};

/** A new name or category is a move (the file keeps its text), then the text. */
async function saveNote(ctx: AppContext, draft: NoteDraft): Promise<void> {
  const view = ctx.core.view();
  let moved = true;
  if (draft.id !== null) {
    const path = view.notes.categories.find((c) => c.name === view.note?.category)?.path ?? "";
    const title = draft.title.trim() !== (view.note?.title ?? "") ? draft.title : null;
    const category = draft.category !== path ? draft.category : null;
    if (title !== null || category !== null) {
      await ctx.core.sendAndSettle({ MoveNote: { id: draft.id, title, category } });
      moved = ctx.core.view().error === null;
    }
  }
  if (moved) {
    const category = draft.id === null ? draft.category || null : null;
    await ctx.core.sendAndSettle({ SaveNote: { id: draft.id, category, title: draft.title, text: draft.text } });
  }
  // Refused (a read-only folder, a category gone, …): the core says why,
  // and what was typed stays in the form.
  if (ctx.core.view().error === null && ctx.ui.notes.draft === draft) ctx.ui.notes.draft = null;
  ctx.redraw();
}

export const onInput: Handler<HTMLInputElement> = (ctx, input) => {
  const ui = ctx.ui.notes;
  if (input.id === "notes-search") {
    ui.search = input.value;
    ctx.core.send({ SearchNotes: { query: input.value } });
  } else if (input.id === "notes-folder-url") ui.folder = input.value;
  else if (input.id === "note-text" && ui.draft) ui.draft.text = input.value;
  else if (input.id === "note-new-title" && ui.draft) ui.draft.title = input.value;
  else return false;
  return true;
};

/** A task ticked, or the new note's category chosen. */
export const onChange: Handler<HTMLInputElement | HTMLSelectElement> = (ctx, input) => {
  const ui = ctx.ui.notes;
  const note = ctx.core.view().note;
  if (input.dataset.task !== undefined && note) {
    ctx.core.send({ ToggleNoteTask: { id: note.id, task: Number(input.dataset.task) } });
  } else if (input.id === "note-new-category" && ui.draft) ui.draft.category = input.value;
  else return false;
  return true;
};

/** Escape closes the sheet (or leaves the edit form), unless a question is open. */
export function onKey(ctx: AppContext, e: KeyboardEvent): boolean {
  return SHEET.onKey(ctx, e, ctx.ui.notes, () => void closeSheet(ctx, false));
}

/** The browser's back button while the sheet is open closes it. */
export function onHistory(ctx: AppContext): void {
  SHEET.onHistory(ctx, ctx.ui.notes, () => void closeSheet(ctx, true));
}

/** A phone turned, a window resized: the sheet's layout may change. */
export function onLayout(listener: () => void): void {
  phone.addEventListener("change", listener);
}
