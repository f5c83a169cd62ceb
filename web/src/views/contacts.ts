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
 * Rows drawn with the list. A longer book's other rows wait, a hundred to a
 * placeholder of their height, until they come within a screen of the
 * view: building 10,000 rows took a phone a second before anything showed.
 */
const DRAWN_AT_ONCE = 300;
const ROWS_PER_PLACEHOLDER = 100;
/** A row's height with its detail line (style.css: `button.contact`), for the placeholders. */
const ROW_REM = 3.6;

/**
 * The list last drawn, kept across draws while its rows and words stay the
 * same: the whole page is drawn again at every view the core sends (a
 * sync's progress too), and rebuilding 10,000 rows each time took half a
 * second. Forgotten at sign-out.
 */
let drawn: { rows: ContactRow[]; words: string; list: HTMLElement; index: HTMLElement | null; openId: number | null; stop: () => void } | null = null;

export function forgetList(): void {
  drawn?.stop();
  drawn = null;
}

const sameRows = (a: ContactRow[], b: ContactRow[]): boolean =>
  a.length === b.length && a.every((r, i) => r.id === b[i].id && r.name === b[i].name && r.detail === b[i].detail &&
    r.pending === b[i].pending && r.conflict === b[i].conflict);

function rowItem(c: ContactRow, t: Labels): HTMLElement {
  return h("li", {},
    h("button", { type: "button", class: "contact", id: `contact-${c.id}`, "data-id": c.id },
      h("span", { class: "contact-name" }, c.name),
      (c.detail || c.pending) && h("small", {}, [c.detail, c.pending ? t.pending : ""].filter(Boolean).join(" · "))));
}

function buildList(rows: ContactRow[], t: Labels): { list: HTMLElement; index: HTMLElement | null; stop: () => void } {
  const grouped = groups(rows);
  const waiting = new Map<Element, ContactRow[]>();
  let budget = DRAWN_AT_ONCE;
  const items = (rows: ContactRow[]): HTMLElement[] => {
    const out: HTMLElement[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_PLACEHOLDER) {
      const part = rows.slice(i, i + ROWS_PER_PLACEHOLDER);
      if (budget > 0) {
        out.push(...part.map((c) => rowItem(c, t)));
        budget -= part.length;
        continue;
      }
      const placeholder = h("li", { class: "rows-waiting", "aria-hidden": "true", "data-rows": part.length });
      placeholder.style.height = `${part.length * ROW_REM}rem`;
      waiting.set(placeholder, part);
      out.push(placeholder);
    }
    return out;
  };
  const list = h("div", { class: "contact-groups" }, ...grouped.map(([letter, rows]) =>
    h("section", { class: "contact-group", "aria-labelledby": `group-${letter}` },
      h("h3", { id: `group-${letter}`, class: "group-letter", tabindex: -1 }, letter),
      h("ul", { class: "contact-list" }, ...items(rows)))));
  // The waiting rows, drawn once they come within a screen of the view.
  const observer = waiting.size ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const part = entry.isIntersecting ? waiting.get(entry.target) : undefined;
      if (!part) continue;
      observer?.unobserve(entry.target);
      waiting.delete(entry.target);
      entry.target.replaceWith(...part.map((c) => rowItem(c, t)));
      if (drawn?.list === list) markOpen(list, drawn.openId);
    }
  }, { rootMargin: "100% 0px" }) : null;
  for (const placeholder of waiting.keys()) observer?.observe(placeholder);
  // The letters present, down the side of a phone's list: each jumps to its group.
  const index = grouped.length > 1
    ? h("nav", { class: "az-index", "aria-label": t.contactIndex },
      ...grouped.map(([letter]) => h("button", { type: "button", class: "az", "data-letter": letter, "aria-label": `${t.jumpTo} ${letter}` }, letter)))
    : null;
  return { list, index, stop: () => observer?.disconnect() };
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
    drawn?.stop();
    drawn = { rows: view.contacts, words, openId: null, ...buildList(view.contacts, t) };
  }
  const { list, index } = drawn;
  drawn.openId = view.selected?.id ?? null;
  markOpen(list, drawn.openId);
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
