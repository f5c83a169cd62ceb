// The open contact, in a sheet (full screen on a phone, a side panel
// wider) like an announcement: read first (every field the core reads,
// phones to call, addresses to mail, addresses on a map), then "Edit": a
// form where every phone and e-mail can be changed, added or removed. The
// fields the form does not show go back as the core gave them. A new
// contact opens the same form, empty. Focus moves in and back, Escape and
// the browser's back button close it.
import type { ContactFields, ContactView, Labeled, ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { AppContext, Handler } from "./context";
import { ask, askDiscard } from "./document";
import { h } from "./html";
import { phone, Sheet } from "./sheet";

/** What the page keeps of the contacts screen between renders (the core holds the rest). */
export interface ContactsUi {
  /** The element that opened the sheet, focused again when it closes. */
  opener: string | null;
  /** What the sheet shows now ("contact:12", "edit:12", "edit:new" or null): focus moves when it changes. */
  shown: string | null;
  /** The form being filled in: a contact's fields (`id` null for a new one), as typed so far, and as the form opened. */
  draft: { id: number | null; fields: ContactFields; original: ContactFields } | null;
  /** What the core said when this sheet's form was saved: the one notice the sheet repeats (not "signed in", nor another contact's). */
  said: string | null;
  /** A save sent, its outcome not yet in (a second press sends nothing). */
  saving: boolean;
  /** The run of the letter index chosen before its rows were listed: shown once they are. */
  jumpTo: number | null;
}

export const contactsUi = (): ContactsUi => ({ opener: null, shown: null, draft: null, said: null, saving: false, jumpTo: null });

// ------------------------------------------------------------------ drawing

export function contactSheet(view: ViewModel, t: Labels, ui: ContactsUi): HTMLElement | null {
  const s = view.selected;
  if (ui.draft && ui.draft.id !== null && ui.draft.id !== s?.id) ui.draft = null; // closed or changed meanwhile
  if (!ui.draft && !s) return null;
  const modal = phone.matches;
  const editing = ui.draft !== null;
  const sheet = h("section", { id: "contact-sheet", class: "sheet contact-sheet", role: "dialog", "aria-modal": modal ? "true" : null,
    "aria-labelledby": "contact-title" },
    h("div", { class: "sheet-bar" },
      h("button", { type: "button", id: "close-contact", class: "quiet back" }, h("span", { "aria-hidden": "true" }, "‹ "), t.close),
      !editing && s && !s.read_only && h("button", { type: "button", id: "edit-contact" }, t.edit),
      !editing && s && !s.read_only && h("button", { type: "button", id: "delete-contact", class: "quiet danger" }, t.deleteContact)),
    // On a phone the sheet covers the page's message line: what the core says (saved, or why not) is said here.
    modal && view.error ? h("p", { role: "alert", class: "error" }, view.error) : null,
    modal && !view.error && view.notice && view.notice === ui.said ? h("p", { role: "status", class: "notice" }, view.notice) : null);
  if (ui.draft) sheet.append(contactForm(ui.draft, s, t));
  else if (s) sheet.append(...contactDetail(view, s, t));
  return sheet;
}

/** A number as a `tel:` address: digits and a leading "+" only. */
const telHref = (number: string): string => `tel:${number.trim().replace(/(?!^\+)[^\d]/g, "")}`;

/** The address on OpenStreetMap's search: no tracker, no account. */
const mapHref = (address: string): string => `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;

function labeledList(id: string, title: string, items: Labeled[], link: (l: Labeled) => HTMLElement): HTMLElement | null {
  if (items.length === 0) return null;
  return h("section", { class: "contact-field", "aria-labelledby": `${id}-heading` },
    h("h3", { id: `${id}-heading` }, title),
    h("ul", { id }, ...items.map((l) => h("li", {}, link(l), l.label && h("span", { class: "field-label" }, l.label)))));
}

function contactDetail(view: ViewModel, s: ContactView, t: Labels): HTMLElement[] {
  const f = s.fields;
  const book = view.address_books.find((b) => b.href === s.book);
  const meta = [f.title, f.org].filter((x) => x.trim()).join(" · ");
  return [
    // The name beside it says who: the picture itself needs no words.
    s.photo ? h("img", { id: "contact-photo", class: "contact-photo", src: s.photo, alt: "" }) : null,
    h("h2", { id: "contact-title", tabindex: -1 }, f.full_name || [f.given_name, f.family_name].join(" ").trim() || f.org),
    h("p", { class: "note-meta" }, [meta, book?.name, s.pending ? t.pending : "", s.read_only ? t.readOnly : ""].filter(Boolean).join(" · ")),
    // One the app cannot show (at an address on the web, too large, not an image): said, not fetched.
    f.has_photo && !s.photo ? h("p", { class: "note-meta" }, t.hasPhoto) : null,
    labeledList("contact-phones", t.phones, f.phones, (l) =>
      h("a", { href: telHref(l.value), class: "field-link", "aria-label": `${t.call} ${l.value}${l.label ? ` (${l.label})` : ""}` }, l.value)),
    labeledList("contact-emails", t.emails, f.emails, (l) =>
      h("a", { href: `mailto:${l.value.trim()}`, class: "field-link", "aria-label": `${t.writeTo} ${l.value}` }, l.value)),
    labeledList("contact-addresses", t.addresses, f.addresses, (l) =>
      h("span", { class: "address" }, h("span", {}, l.value), " ",
        h("a", { href: mapHref(l.value), class: "map-link", target: "_blank", rel: "noopener noreferrer", "aria-label": `${t.onMap}: ${l.value}` }, t.onMap))),
    f.birthday ? h("section", { class: "contact-field" }, h("h3", {}, t.birthday), h("p", { id: "contact-birthday" }, f.birthday)) : null,
    f.note.trim() ? h("section", { class: "contact-field" }, h("h3", {}, t.noteField), h("p", { id: "contact-note", class: "contact-note" }, f.note)) : null,
  ].filter((x): x is HTMLElement => x !== null);
}

/** One editable list: a label and a value per row, each removable, and a row to add. */
function rows(kind: "phones" | "emails", items: Labeled[], t: Labels): HTMLElement {
  const [title, type, add, remove] = kind === "phones"
    ? [t.phones, "tel", t.addPhone, t.removePhone]
    : [t.emails, "email", t.addEmail, t.removeEmail];
  return h("fieldset", { class: "contact-rows", id: `f-${kind}` }, h("legend", {}, title),
    ...items.map((l, i) => h("div", { class: "contact-row" },
      h("label", { class: "row-value" }, type === "tel" ? t.phone : t.emailAddress,
        h("input", { id: `f-${kind}-${i}`, type, value: l.value, autocomplete: "off", "data-row": `${kind}:${i}:value` })),
      h("label", { class: "row-label" }, t.kind,
        h("input", { id: `f-${kind}-label-${i}`, value: l.label, placeholder: t.kindHint, "data-row": `${kind}:${i}:label` })),
      h("button", { type: "button", class: "quiet danger remove-row", "data-remove": `${kind}:${i}`,
        "aria-label": fill(remove, { value: l.value || String(i + 1) }) }, "✕"))),
    h("button", { type: "button", class: "quiet add-row", "data-add": kind }, `+ ${add}`));
}

function contactForm(draft: NonNullable<ContactsUi["draft"]>, s: ContactView | null, t: Labels): HTMLElement {
  const f = draft.fields;
  const form = h("form", { id: "contact", "data-id": draft.id ?? "new", class: "contact-form", "aria-labelledby": "contact-title" },
    h("h2", { id: "contact-title", tabindex: -1 }, draft.id === null ? t.newContact : f.full_name),
    h("label", {}, t.name, h("input", { id: "f-name", value: f.full_name, autocomplete: "off", "data-field": "full_name" })),
    h("label", {}, t.org, h("input", { id: "f-org", value: f.org, "data-field": "org" })),
    h("label", {}, t.jobTitle, h("input", { id: "f-title", value: f.title, "data-field": "title" })),
    rows("phones", f.phones, t),
    rows("emails", f.emails, t),
    h("label", {}, t.noteField, h("textarea", { id: "f-note", "data-field": "note", rows: 3 }, f.note)));
  // What the form cannot change yet is shown, and kept as it is.
  if (s && (f.addresses.length > 0 || f.birthday)) {
    form.append(h("p", { class: "hint kept" }, t.keptAsIs, " ",
      [...f.addresses.map((a) => a.value), f.birthday].filter(Boolean).join(" · ")));
  }
  form.append(h("div", { class: "form-actions" },
    h("button", { type: "submit", id: "save-contact" }, t.save),
    h("button", { type: "button", id: "cancel-contact", class: "quiet" }, t.cancel)));
  return form;
}

// ------------------------------------------------------------------ after each draw

const SHEET = new Sheet("contacts", "nubo-contact-sheet", "contacts-pane");

function shownKey(view: ViewModel, ui: ContactsUi): string | null {
  if (ui.draft) return `edit:${ui.draft.id ?? "new"}`;
  return view.selected ? `contact:${view.selected.id}` : null;
}

/** As the other screens: focus into the sheet and back, a history entry for "back", the rest inert on a phone. */
export function afterDraw(view: ViewModel, ui: ContactsUi): void {
  const key = shownKey(view, ui);
  if (!SHEET.settle(ui, key, () => document.getElementById("contacts-heading")) || key === null) return;
  const target = key.startsWith("edit:") ? document.getElementById("f-name") : document.getElementById("contact-title");
  target?.focus();
}

/** The rows the member filled in, without the empty ones (the save leaves those out too). */
const filled = (f: ContactFields): string => JSON.stringify({ ...f,
  phones: f.phones.filter((p) => p.value.trim() || p.label.trim()), emails: f.emails.filter((e) => e.value.trim() || e.label.trim()) });

/**
 * Then `leave`, at once when nothing was typed in the form, else once the
 * member says to discard it. Kept editing after the browser's back
 * (`fromHistory`), the sheet's history entry comes back.
 */
export function leaving(ctx: AppContext, leave: () => void, fromHistory = false): void {
  const draft = ctx.ui.contacts.draft;
  if (!draft || filled(draft.fields) === filled(draft.original)) return leave();
  const t = labels(ctx.core.view().locale);
  const field = document.activeElement instanceof HTMLElement && document.activeElement.closest("form#contact") ? document.activeElement : document.getElementById("f-name");
  void askDiscard(t.discardContactQuestion, t, field).then((yes) => {
    if (yes) leave();
    else if (fromHistory) SHEET.reenter();
  });
}

function closeSheet(ctx: AppContext): void {
  ctx.ui.contacts.draft = null;
  ctx.ui.contacts.said = null;
  if (ctx.core.view().selected) ctx.core.send("CloseContact");
  ctx.redraw();
}

/** Editing an existing contact goes back to reading it; a new one, or reading, closes. */
function back(ctx: AppContext): void {
  const ui = ctx.ui.contacts;
  if (ui.draft && ui.draft.id !== null) {
    ui.draft = null;
    ctx.redraw();
  } else closeSheet(ctx);
}

// ------------------------------------------------------------------ what the member does

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (ctx.ui.tab !== "contacts") return false;
  const ui = ctx.ui.contacts;
  const view = ctx.core.view();
  const t = labels(view.locale);
  if (button.id === "close-contact") leaving(ctx, () => closeSheet(ctx));
  else if (button.id === "cancel-contact") leaving(ctx, () => back(ctx));
  else if (button.id === "edit-contact" && view.selected) {
    ui.draft = { id: view.selected.id, fields: structuredClone(view.selected.fields), original: structuredClone(view.selected.fields) };
    ctx.core.send("MoveOn");
  } else if (button.id === "delete-contact" && view.selected) {
    const { id, fields } = view.selected;
    void ask({ question: fill(t.deleteContactQuestion, { name: fields.full_name }), detail: t.deleteContactDetail,
      confirm: t.deleteContactConfirm, cancel: t.deleteContactKeep, danger: true })
      .then((yes) => {
        if (yes) {
          ui.opener = null; // its row goes with it: the focus goes to the list's heading
          ctx.core.send({ DeleteContact: { id } });
          ctx.redraw();
        } else document.getElementById("delete-contact")?.focus();
      });
  } else if (button.dataset.add && ui.draft) {
    const kind = button.dataset.add as "phones" | "emails";
    ui.draft.fields[kind].push({ label: "", value: "" });
    ctx.redraw();
    document.getElementById(`f-${kind}-${ui.draft.fields[kind].length - 1}`)?.focus();
  } else if (button.dataset.remove && ui.draft) {
    const [kind, i] = button.dataset.remove.split(":") as ["phones" | "emails", string];
    ui.draft.fields[kind].splice(Number(i), 1);
    ctx.redraw();
    document.querySelector<HTMLElement>(`#f-${kind} [data-add]`)?.focus();
  } else return false;
  return true;
};

/** Each keystroke in the form goes into the draft, so that a render (a sync finishing) keeps it. */
export const onInput: Handler<HTMLInputElement> = (ctx, input) => {
  const draft = ctx.ui.contacts.draft;
  if (!draft || !input.closest("form#contact")) return false;
  if (input.dataset.field) {
    const field = input.dataset.field as "full_name" | "org" | "title" | "note";
    draft.fields[field] = input.value;
  } else if (input.dataset.row) {
    const [kind, i, part] = input.dataset.row.split(":") as ["phones" | "emails", string, "value" | "label"];
    const row = draft.fields[kind][Number(i)];
    if (row) row[part] = input.value;
  } else return false;
  return true;
};

export const onSubmit: Handler<HTMLFormElement> = (ctx, form) => {
  if (form.id !== "contact") return false;
  const ui = ctx.ui.contacts;
  const draft = ui.draft;
  if (!draft) return true;
  // Closed meanwhile (a sync, a sign-out): nothing to save.
  if (draft.id !== null && ctx.core.view().selected?.id !== draft.id) return true;
  const fields = structuredClone(draft.fields);
  fields.phones = fields.phones.filter((p) => p.value.trim());
  fields.emails = fields.emails.filter((e) => e.value.trim());
  // The form stays as typed until the store has answered.
  if (ui.saving) return true;
  ui.saving = true;
  void ctx.core.sendAndSettle({ SaveContact: { id: draft.id, fields } }).then(() => {
    ui.saving = false;
    // Refused (a read-only address book, a full disk): the core says why and everything typed stays.
    if (ctx.core.view().error === null) {
      ui.draft = null;
      ui.said = ctx.core.view().notice;
    }
    ctx.redraw();
  });
  return true;
};

/** Escape closes the sheet (or leaves the form for the contact), unless a question is open. */
export function onKey(ctx: AppContext, e: KeyboardEvent): boolean {
  return SHEET.onKey(ctx, e, ctx.ui.contacts, () => leaving(ctx, () => back(ctx)));
}

/** The browser's back button while a contact is open closes it. */
export function onHistory(ctx: AppContext): void {
  SHEET.onHistory(ctx, ctx.ui.contacts, () => leaving(ctx, () => closeSheet(ctx), true));
}
