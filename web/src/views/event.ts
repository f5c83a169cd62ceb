// The open event (or a new one): detail and edit form. Times as the core
// reads them, in the member's zone.
import type { ViewModel } from "../bridge/view_model";
import { labels, type Labels } from "../i18n";
import type { Handler } from "./context";
import { ask } from "./document";
import { esc, inputValue } from "./html";

/** "2027-05-08T10:00" or "2027-05-08" (a whole day) as the pickers hold it. */
function split(when: string): { date: string; time: string } {
  const [date, time = ""] = when.split("T");
  return { date: date ?? "", time: time.slice(0, 5) };
}

/** A new event: the next full hour today, for an hour. */
function nextHour(): { start: string; end: string } {
  const at = new Date();
  at.setMinutes(0, 0, 0);
  at.setHours(at.getHours() + 1);
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}T${String(d.getHours()).padStart(2, "0")}:00`;
  return { start: local(at), end: local(new Date(at.getTime() + 3_600_000)) };
}

/** One date of a series: the change applies to it only, or to it and the following ones. */
function scopeChoice(t: Labels): string {
  return `<fieldset class="scope"><legend>${t.applyTo}</legend>
    <label><input type="radio" name="e-scope" id="e-scope-one" checked>${t.thisDateOnly}</label>
    <label><input type="radio" name="e-scope" id="e-scope-following">${t.thisDateAndFollowing}</label></fieldset>`;
}

export function eventForm(view: ViewModel, t: Labels, creatingEvent: boolean): string {
  const e = view.event;
  if (!e && !creatingEvent) return "";
  const f = e?.fields ?? { summary: "", location: "", description: "", ...nextHour() };
  const ro = e?.read_only ? "readonly" : "";
  const field = (id: string, label: string, value: string) =>
    `<label>${label}<input id="${id}" value="${esc(value)}" ${ro}></label>`;
  // Native pickers: the member's own calendar and clock, in their language;
  // nothing to type in a format.
  const allDay = f.start !== "" && !f.start.includes("T");
  const [from, to] = [split(f.start), split(f.end || f.start)];
  const picker = (id: string, label: string, type: "date" | "time", value: string, time = false) =>
    `<label class="${time ? "time" : "date"}"${time && allDay ? " hidden" : ""}>${label}<input type="${type}" id="${id}" value="${esc(value)}" ${ro}></label>`;
  const when = `<div class="when-fields">
    <label class="all-day"><input type="checkbox" id="e-all-day" ${allDay ? "checked" : ""} ${e?.read_only ? "disabled" : ""}>${t.allDay}</label>
    <div class="pair">${picker("e-start-date", t.startDate, "date", from.date)}${picker("e-start-time", t.startTime, "time", from.time, true)}</div>
    <div class="pair">${picker("e-end-date", t.endDate, "date", to.date)}${picker("e-end-time", t.endTime, "time", to.time, true)}</div>
    <p class="error" id="e-when-error" role="alert" hidden></p></div>`;
  const remove = e && !e.read_only
    ? `<button type="button" id="delete-event">${e.occurrence ? t.cancelOccurrence : t.deleteEvent}</button>` : "";
  return `<form id="event" class="panel" data-id="${e?.id ?? ""}" data-occurrence="${esc(e?.occurrence ?? "")}" aria-label="${esc(f.summary || t.newEvent)}">
    ${e?.time_label ? `<p class="when">${esc(e.time_label)}</p>` : ""}${e?.read_only ? `<p class="hint" id="e-read-only">${t.eventReadOnly}</p>` : ""}${field("e-summary", t.title, f.summary)}${e?.zone_note ? `<p class="error zone-note">${esc(e.zone_note)}</p>` : ""}${e?.repair_note ? `<p class="error repair-note">${esc(e.repair_note)}</p>` : ""}
    ${when}
    ${field("e-location", t.place, f.location)}${e?.recurring && e.occurrence && !e.read_only ? scopeChoice(t) : ""}
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

/** The start and end as the core reads them: "2027-05-08T10:00", or the day alone. */
function chosenTimes(): { start: string; end: string } {
  const allDay = (document.getElementById("e-all-day") as HTMLInputElement).checked;
  const at = (date: string, time: string) => (allDay || !date ? date : `${date}T${time || "00:00"}`);
  return { start: at(inputValue("e-start-date"), inputValue("e-start-time")), end: at(inputValue("e-end-date"), inputValue("e-end-time")) };
}

/** Minutes since 1970 of a picker value, read as UTC: only differences matter. */
const minutes = (when: string): number => Date.parse(when.includes("T") ? `${when}:00Z` : `${when}T00:00:00Z`) / 60_000;

/** The clocks of the event form show unless the event takes whole days. */
export function showClocks(form: HTMLFormElement): void {
  const allDay = form.querySelector<HTMLInputElement>("#e-all-day");
  if (!allDay) return;
  for (const clock of form.querySelectorAll<HTMLElement>("label.time")) clock.hidden = allDay.checked;
}

/**
 * The all-day switch hides the clocks; moving the start moves the end with
 * it, so the event keeps its length (as every calendar does).
 */
export const onChange: Handler<HTMLInputElement | HTMLSelectElement> = (_ctx, input) => {
  const form = input.closest("form#event") as HTMLFormElement | null;
  if (!form) return false;
  if (input.id === "e-all-day") {
    showClocks(form);
    return true;
  }
  // A fresh choice: the last check's message no longer applies.
  const alert = document.getElementById("e-when-error");
  if (alert && input.closest(".when-fields")) alert.hidden = true;
  if (input.id === "e-start-date" || input.id === "e-start-time") {
    const { start, end } = chosenTimes();
    const before = form.dataset.start ?? "";
    if (before && start && end && !Number.isNaN(minutes(before)) && !Number.isNaN(minutes(start))) {
      const moved = new Date((minutes(end) + minutes(start) - minutes(before)) * 60_000).toISOString();
      (document.getElementById("e-end-date") as HTMLInputElement).value = moved.slice(0, 10);
      if (end.includes("T")) (document.getElementById("e-end-time") as HTMLInputElement).value = moved.slice(11, 16);
    }
    form.dataset.start = start;
    return true;
  }
  return false;
};

/** Records the start the form opened with, for `onChange`. */
export function rememberStart(): void {
  const form = document.getElementById("event") as HTMLFormElement | null;
  if (form && form.dataset.start === undefined) form.dataset.start = chosenTimes().start;
}

/**
 * Checked here first, in the member's language, so nothing typed is lost to
 * a refusal; the core checks again and queues the change.
 */
export const onSubmit: Handler<HTMLFormElement> = ({ core, ui }, form) => {
  if (form.id !== "event") return false;
  const t = labels(core.view().locale);
  const { start, end } = chosenTimes();
  const problem = !start ? t.startMissing : end && minutes(end) < minutes(start) ? t.endBeforeStart : "";
  const alert = document.getElementById("e-when-error") as HTMLElement;
  alert.textContent = problem;
  alert.hidden = !problem;
  if (problem) {
    (document.getElementById(start ? "e-end-date" : "e-start-date") as HTMLInputElement).focus();
    return true;
  }
  const fields = { summary: inputValue("e-summary"), start, end, location: inputValue("e-location"),
    description: core.view().event?.fields.description ?? "" };
  const id = form.dataset.id ? Number(form.dataset.id) : null;
  ui.creatingEvent = false;
  const following = (document.getElementById("e-scope-following") as HTMLInputElement | null)?.checked ?? false;
  core.send({ SaveEvent: { id, calendar: null, occurrence: form.dataset.occurrence || null, fields, scope: following ? "AndFollowing" : "Occurrence" } });
  return true;
};
