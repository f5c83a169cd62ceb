// Contacts: search, the sorted list, and the open contact beside it.
import type { ViewModel } from "../bridge/view_model";
import type { Labels } from "../i18n";
import { contactForm } from "./contact";
import type { Handler } from "./context";
import { esc } from "./html";

/** `search`: what is in the search field now (kept while the member types), else the core's query. */
export function contacts(view: ViewModel, t: Labels, search: string): string {
  const list = view.contacts.map((c) =>
    `<li><button class="contact" data-id="${c.id}">${esc(c.name)}<small>${esc(c.detail)}${c.pending ? ` · ${t.pending}` : ""}</small></button></li>`).join("");
  const detail = contactForm(view.selected, t);
  // An empty list says why: nothing yet, or nothing that matches.
  const empty = view.contacts.length ? "" : `<p class="empty">${view.query.trim() ? t.noContactsFound : t.noContacts}</p>`;
  return `<label class="search">${t.search}<input id="search" type="search" value="${esc(search)}"></label>
    <div class="contacts"><ul id="contact-list">${list}</ul>${empty}${detail}</div>`;
}

export const onClick: Handler<HTMLButtonElement> = ({ core }, button) => {
  if (!button.dataset.id) return false;
  core.send({ OpenContact: { id: Number(button.dataset.id) } });
  return true;
};

export const onInput: Handler<HTMLInputElement> = ({ core }, input) => {
  if (input.id !== "search") return false;
  core.send({ Search: { query: input.value } });
  return true;
};
