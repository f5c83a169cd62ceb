// Contacts: search, the list grouped by initial (a letter index down the
// side on a phone), and the open contact in a sheet (full screen on a
// phone, a side panel wider) from ./contact. Everything the member changes
// is an event to the core.
import type { ContactRow, ViewModel } from "../bridge/view_model";
import type { Labels } from "../i18n";
import { contactSheet, leaving, type ContactsUi } from "./contact";
import type { Handler } from "./context";
import { h } from "./html";

/** The group a name is listed under: its first letter without accents ("É" under "E"), "#" for the rest. */
export function initial(name: string): string {
  const first = name.trim().normalize("NFD").replace(/\p{M}/gu, "").charAt(0).toLocaleUpperCase();
  return /^\p{L}$/u.test(first) ? first : "#";
}

/** The core's sorted rows, in runs of one initial each. */
function groups(rows: ContactRow[]): [string, ContactRow[]][] {
  const out: [string, ContactRow[]][] = [];
  for (const row of rows) {
    const letter = initial(row.name);
    const last = out.find(([l]) => l === letter);
    if (last) last[1].push(row);
    else out.push([letter, [row]]);
  }
  return out;
}

/**
 * The list last drawn, kept across draws while its rows and words stay the
 * same: the whole page is drawn again at every view the core sends (a
 * sync's progress too), and rebuilding 10,000 rows each time took half a
 * second. Forgotten at sign-out.
 */
let drawn: { rows: ContactRow[]; words: string; list: HTMLElement; index: HTMLElement | null } | null = null;

export function forgetList(): void {
  drawn = null;
}

const sameRows = (a: ContactRow[], b: ContactRow[]): boolean =>
  a.length === b.length && a.every((r, i) => r.id === b[i].id && r.name === b[i].name && r.detail === b[i].detail &&
    r.pending === b[i].pending && r.conflict === b[i].conflict);

function buildList(rows: ContactRow[], t: Labels): { list: HTMLElement; index: HTMLElement | null } {
  const grouped = groups(rows);
  const list = h("div", { class: "contact-groups" }, ...grouped.map(([letter, rows]) =>
    h("section", { class: "contact-group", "aria-labelledby": `group-${letter}` },
      h("h3", { id: `group-${letter}`, class: "group-letter", tabindex: -1 }, letter),
      h("ul", { class: "contact-list" }, ...rows.map((c) => h("li", {},
        h("button", { type: "button", class: "contact", id: `contact-${c.id}`, "data-id": c.id },
          h("span", { class: "contact-name" }, c.name),
          (c.detail || c.pending) && h("small", {}, [c.detail, c.pending ? t.pending : ""].filter(Boolean).join(" · ")))))))));
  // The letters present, down the side of a phone's list: each jumps to its group.
  const index = grouped.length > 1
    ? h("nav", { class: "az-index", "aria-label": t.contactIndex },
      ...grouped.map(([letter]) => h("button", { type: "button", class: "az", "data-letter": letter, "aria-label": `${t.jumpTo} ${letter}` }, letter)))
    : null;
  return { list, index };
}

/** The open contact's row marked, and only it. */
function markOpen(list: HTMLElement, openId: number | null): void {
  for (const row of list.querySelectorAll("button.contact.open")) {
    row.classList.remove("open");
    row.removeAttribute("aria-current");
  }
  const open = openId === null ? null : list.querySelector(`#contact-${openId}`);
  open?.classList.add("open");
  open?.setAttribute("aria-current", "true");
}

/** `search`: what is in the search field now (kept while the member types), else the core's query. */
export function contacts(view: ViewModel, t: Labels, search: string, ui: ContactsUi): HTMLElement {
  const writable = view.address_books.some((b) => !b.read_only);
  const words = [t.pending, t.contactIndex, t.jumpTo].join("\n");
  if (!drawn || drawn.words !== words || !sameRows(drawn.rows, view.contacts)) {
    drawn = { rows: view.contacts, words, ...buildList(view.contacts, t) };
  }
  const { list, index } = drawn;
  markOpen(list, view.selected?.id ?? null);
  // An empty list says why: nothing yet, or nothing that matches.
  const empty = view.contacts.length ? null : h("p", { class: "empty" }, view.query.trim() ? t.noContactsFound : t.noContacts);
  const pane = h("section", { id: "contacts-pane", class: "notes-pane contacts-pane", "aria-labelledby": "contacts-heading" },
    h("div", { class: "notes-heading" }, h("h2", { id: "contacts-heading", tabindex: -1 }, t.contacts),
      writable && h("button", { type: "button", id: "new-contact" }, t.newContact)),
    h("label", { class: "search" }, t.search, h("input", { id: "search", type: "search", value: search, autocomplete: "off" })),
    // A broad search lists its first matches and says, under the field, how many more it found.
    view.contacts_more && h("p", { id: "contacts-more", class: "more-found" }, view.contacts_more),
    empty, h("div", { class: "contact-columns" }, list, index));
  const sheet = contactSheet(view, t, ui);
  return h("div", { class: `notes contacts${sheet ? " has-sheet" : ""}` }, pane, sheet);
}

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (ctx.ui.tab !== "contacts") return false;
  const ui = ctx.ui.contacts;
  if (button.dataset.letter) {
    const heading = document.getElementById(`group-${button.dataset.letter}`);
    heading?.scrollIntoView({ block: "start" });
    heading?.focus({ preventScroll: true });
    return true;
  }
  // Another contact or a new one, with something typed in the form open beside the list: asked first.
  if (button.id === "new-contact") {
    leaving(ctx, () => {
      ui.opener = button.id;
      ui.said = null;
      const fields = { full_name: "", given_name: "", family_name: "", emails: [], phones: [{ label: "", value: "" }],
        org: "", title: "", note: "", addresses: [], birthday: "", has_photo: false };
      ui.draft = { id: null, fields, original: structuredClone(fields) };
      // Closing moves on too: one event, one drawing.
      ctx.core.send(ctx.core.view().selected ? "CloseContact" : "MoveOn");
    });
    return true;
  }
  if (!button.dataset.id) return false;
  const id = Number(button.dataset.id);
  leaving(ctx, () => {
    ui.opener = button.id;
    ui.draft = null;
    ui.said = null;
    ctx.core.send({ OpenContact: { id } });
  });
  return true;
};

export const onInput: Handler<HTMLInputElement> = ({ core }, input) => {
  if (input.id !== "search") return false;
  core.send({ Search: { query: input.value } });
  return true;
};
