// The open event (or a new one): detail and edit form. Times as the core
// reads them, in the member's zone.
import type { ViewModel } from "../bridge/view_model";
import { labels, type Labels } from "../i18n";
import type { Handler } from "./context";
import { ask } from "./document";
import { esc, inputValue } from "./html";

export function eventForm(view: ViewModel, t: Labels, creatingEvent: boolean): string {
  const e = view.event;
  if (!e && !creatingEvent) return "";
  const f = e?.fields ?? { summary: "", location: "", description: "", start: "", end: "" };
  const ro = e?.read_only ? "readonly" : "";
  const field = (id: string, label: string, value: string, hint = "") =>
    `<label>${label}<input id="${id}" value="${esc(value)}" ${ro} ${hint ? `placeholder="${hint}"` : ""}></label>`;
  const remove = e && !e.read_only
    ? `<button type="button" id="delete-event">${e.occurrence ? t.cancelOccurrence : t.deleteEvent}</button>` : "";
  return `<form id="event" class="panel" data-id="${e?.id ?? ""}" data-occurrence="${esc(e?.occurrence ?? "")}" aria-label="${esc(f.summary || t.newEvent)}">
    ${e?.time_label ? `<p class="when">${esc(e.time_label)}</p>` : ""}${field("e-summary", t.title, f.summary)}${e?.zone_note ? `<p class="error zone-note">${esc(e.zone_note)}</p>` : ""}
    ${field("e-start", t.start, f.start, "2027-05-08T10:00")}${field("e-end", t.end, f.end)}
    ${field("e-location", t.place, f.location)}${e?.recurring && e.occurrence ? `<p>${t.thisOccurrence}</p>` : ""}
    ${e?.read_only ? "" : `<button type="submit">${t.save}</button>`}${remove}<button type="button" id="close-event">${t.close}</button></form>`;
}

/** New (an empty form), close, delete or cancel this occurrence. */
export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (button.id === "new-event") { ctx.ui.creatingEvent = true; ctx.core.send("CloseEvent"); ctx.redraw(); }
  else if (button.id === "close-event") { ctx.ui.creatingEvent = false; ctx.core.send("CloseEvent"); ctx.redraw(); }
  else if (button.id === "delete-event") {
    // Asked first; the buttons name the action and the way out (never two "Annuler").
    const form = button.closest("form") as HTMLFormElement;
    const t = labels(ctx.core.view().locale);
    const id = Number(form.dataset.id), occurrence = form.dataset.occurrence || null;
    const q = occurrence
      ? { question: t.cancelOccurrenceQuestion, confirm: t.cancelOccurrence, cancel: t.keep }
      : { question: t.deleteEventQuestion, detail: t.deleteEventDetail, confirm: t.deleteEventConfirm, cancel: t.deleteEventKeep };
    void ask({ ...q, danger: true }).then((yes) => {
      if (yes) ctx.core.send({ DeleteEvent: { id, occurrence } });
      else document.getElementById("delete-event")?.focus();
    });
  }
  else return false;
  return true;
};

/** Saved as typed; the core checks the times and queues the change. */
export const onSubmit: Handler<HTMLFormElement> = ({ core, ui }, form) => {
  if (form.id !== "event") return false;
  const fields = { summary: inputValue("e-summary"), start: inputValue("e-start"), end: inputValue("e-end"), location: inputValue("e-location"),
    description: core.view().event?.fields.description ?? "" };
  const id = form.dataset.id ? Number(form.dataset.id) : null;
  ui.creatingEvent = false;
  core.send({ SaveEvent: { id, calendar: null, occurrence: form.dataset.occurrence || null, fields } });
  return true;
};
