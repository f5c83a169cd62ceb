// Contacts: search, the list grouped by initial (a letter index down the
// side on a phone), and the open contact in a sheet (full screen on a
// phone, a side panel wider) from ./contact. Everything the member changes
// is an event to the core.
import type { ContactInitial, ContactRow, ViewModel } from "../bridge/view_model";
import type { Labels } from "../i18n";
import { contactSheet, leaving, type ContactsUi } from "./contact";
import type { Handler } from "./context";
import { h } from "./html";

/**
 * The core's rows in its runs of one initial ("É" under "E"; "#" may
 * recur): each run's index, letter and the rows of it listed so far.
 */
function groups(rows: ContactRow[], initials: ContactInitial[]): [number, string, ContactRow[]][] {
  const out: [number, string, ContactRow[]][] = [];
  initials.forEach((run, i) => {
    const end = Math.min(initials[i + 1]?.first ?? rows.length, rows.length);
    if (run.first < end) out.push([i, run.letter, rows.slice(run.first, end)]);
  });
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
let drawn: { rows: ContactRow[]; initials: string; words: string; list: HTMLElement; index: HTMLElement | null; openId: number | null; stop: () => void } | null = null;

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

/** `more`: asks the core for the next page, when the row saying more are coming nears the screen. */
function buildList(view: ViewModel, t: Labels, more: () => void): { list: HTMLElement; index: HTMLElement | null; stop: () => void } {
  const rows = view.contacts;
  const grouped = groups(rows, view.contact_initials);
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
  // The core lists a page at a time: this line, near the screen, asks for the next.
  const coming = view.contacts_coming ? h("p", { id: "contacts-coming", class: "rows-coming", role: "status" }, view.contacts_coming) : null;
  const list = h("div", { class: "contact-groups" }, ...grouped.map(([run, letter, rows]) =>
    h("section", { class: "contact-group", "aria-labelledby": `group-${run}` },
      h("h3", { id: `group-${run}`, class: "group-letter", tabindex: -1 }, letter),
      h("ul", { class: "contact-list" }, ...items(rows)))), coming);
  // The waiting rows, drawn once they come within a screen of the view.
  const observer = waiting.size || coming ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      if (entry.target === coming) {
        more();
        continue;
      }
      const part = waiting.get(entry.target);
      if (!part) continue;
      observer?.unobserve(entry.target);
      waiting.delete(entry.target);
      entry.target.replaceWith(...part.map((c) => rowItem(c, t)));
      if (drawn?.list === list) markOpen(list, drawn.openId);
    }
  }, { rootMargin: "100% 0px" }) : null;
  for (const placeholder of waiting.keys()) observer?.observe(placeholder);
  if (coming) observer?.observe(coming);
  // Every letter of the whole list, down the side of a phone's list: each
  // jumps to its first run, listed yet or not.
  const letters = view.contact_initials.map((run, i) => ({ ...run, run: i }))
    .filter((run, i, all) => all.findIndex((r) => r.letter === run.letter) === i);
  const index = letters.length > 1
    ? h("nav", { class: "az-index", "aria-label": t.contactIndex },
      ...letters.map(({ letter, first, run }) => h("button", { type: "button", class: "az", "data-letter": letter, "data-run": run,
        "data-first": first, "aria-label": `${t.jumpTo} ${letter}` }, letter)))
    : null;
  return { list, index, stop: () => observer?.disconnect() };
}

/** Once the page is drawn: a letter chosen before its rows were listed, shown now that they are. */
export function afterDraw(ui: ContactsUi): void {
  if (ui.jumpTo !== null && showGroup(ui.jumpTo)) ui.jumpTo = null;
}

/** The run's heading brought to the top and focused; false when it is not listed yet. */
function showGroup(run: number): boolean {
  const heading = document.getElementById(`group-${run}`);
  if (!heading) return false;
  // A group not drawn yet has a guessed height (content-visibility, in
  // style.css) until it is: rows just listed above the heading grow once
  // drawn and push it down. Scrolled again, frame by frame, while it moves.
  let frames = 10;
  const settle = () => {
    heading.scrollIntoView({ block: "start" });
    if (--frames > 0 && Math.abs(heading.getBoundingClientRect().top) > 1) requestAnimationFrame(settle);
  };
  settle();
  heading.focus({ preventScroll: true });
  return true;
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
export function contacts(view: ViewModel, t: Labels, search: string, ui: ContactsUi, more: (through: number | null) => void): HTMLElement {
  const writable = view.address_books.some((b) => !b.read_only);
  const words = [t.pending, t.contactIndex, t.jumpTo, view.contacts_coming ?? ""].join("\n");
  const initials = JSON.stringify(view.contact_initials);
  if (!drawn || drawn.words !== words || drawn.initials !== initials || !sameRows(drawn.rows, view.contacts)) {
    drawn?.stop();
    drawn = { rows: view.contacts, initials, words, openId: null, ...buildList(view, t, () => more(null)) };
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
    const run = Number(button.dataset.run);
    if (!showGroup(run)) {
      // Not listed yet: the core lists through its first contact, then it is shown.
      ui.jumpTo = run;
      ctx.core.send({ ShowMoreContacts: { through: Number(button.dataset.first) } });
    }
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
