// The open event (or a new one): detail and edit form. Times as the core
// reads them, in the member's zone.
import type { ViewModel } from "../bridge/view_model";
import { labels, type Labels } from "../i18n";
import { closeSheet, leavingForm } from "./agenda";
import type { Handler, UiState } from "./context";
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
    <label><input type="radio" name="e-scope" id="e-scope-following">${t.thisDateAndFollowing}</label>
    <label><input type="radio" name="e-scope" id="e-scope-series">${t.wholeSeries}</label></fieldset>`;
}

/** The open event (or a new one) in a sheet: its detail, or its form when editing or new. */
export function eventSheet(view: ViewModel, t: Labels, ui: UiState, modal: boolean): string {
  const e = view.event;
  if (!e && !ui.creatingEvent) return "";
  const editing = !e || ui.agenda.editing;
  const bar = `<div class="sheet-bar"><button type="button" id="close-event" class="quiet back"><span aria-hidden="true">‹ </span>${t.close}</button>${
    !editing && e && !e.read_only ? `<button type="button" id="edit-event">${t.edit}</button>` : ""}</div>`;
  // On a phone the sheet covers the page's message line: what went wrong is said here (a notice
  // such as "signed in" is not about this event).
  const said = modal && view.error ? `<p role="alert" class="error">${esc(view.error)}</p>` : "";
  return `<section id="event-sheet" class="sheet" role="dialog"${modal ? ` aria-modal="true"` : ""} aria-labelledby="event-title">${bar}${said}${
    editing ? eventForm(view, t, ui) : eventDetail(view, t)}</section>`;
}

/** What the core reads of the event, to look at: when, where, what, who; changed with "Edit". */
function eventDetail(view: ViewModel, t: Labels): string {
  const e = view.event!;
  const f = e.fields;
  const color = view.calendars.find((c) => c.href === e.calendar)?.color ?? "#0082c9";
  const fact = (label: string, value: string, cls = "") => (value ? `<dt>${label}</dt><dd class="${cls}">${value}</dd>` : "");
  const people = e.attendees.length ? `<ul class="attendees">${e.attendees.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>` : "";
  const reminders = e.reminders.length ? `<ul class="reminders">${e.reminders.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>` : "";
  const remove = e.read_only ? "" : `<div class="actions"><button type="button" id="delete-event" class="quiet danger">${e.occurrence ? t.cancelOccurrence : t.deleteEvent}</button></div>`;
  return `<article class="event-detail" data-id="${e.id}" data-occurrence="${esc(e.occurrence ?? "")}">
    <h2 id="event-title" tabindex="-1">${esc(f.summary)}</h2>
    <p class="when">${esc(e.time_label)}</p>${e.pending ? `<p class="note-meta">${t.pending}</p>` : ""}
    ${e.zone_note ? `<p class="error zone-note">${esc(e.zone_note)}</p>` : ""}${e.repair_note ? `<p class="error repair-note">${esc(e.repair_note)}</p>` : ""}
    ${e.read_only ? `<p class="hint" id="e-read-only">${t.eventReadOnly}</p>` : ""}
    <dl class="event-facts">${fact(t.calendar, `<span class="dot" data-color="${esc(color)}"></span>${esc(e.calendar_name)}`)}${fact(t.place, esc(f.location))}${
    fact(t.description, esc(f.description), "description")}${fact(t.organizer, esc(e.organizer ?? ""))}${fact(t.attendees, people)}${
    fact(t.reminders, reminders)}</dl>${remove}</article>`;
}

/**
 * Where a new event goes, when the member can write to more than one
 * calendar: the one chosen last time, else the first by name.
 */
function calendarChoice(view: ViewModel, t: Labels, last: string | null): string {
  const writable = view.calendars.filter((c) => !c.read_only).sort((a, b) => a.name.localeCompare(b.name, view.locale));
  if (writable.length < 2) return "";
  const chosen = writable.find((c) => c.href === last)?.href ?? writable[0].href;
  // Named by a label of its own: one around it would add the chosen calendar's name to it.
  return `<label for="e-calendar" class="select-label">${t.calendar}</label><select id="e-calendar">${writable.map((c) =>
    `<option value="${esc(c.href)}"${c.href === chosen ? " selected" : ""}>${esc(c.name)}</option>`).join("")}</select>`;
}

function eventForm(view: ViewModel, t: Labels, ui: UiState): string {
  const e = view.event;
  const f = e?.fields ?? { summary: "", location: "", description: "", ...nextHour() };
  const field = (id: string, label: string, value: string) =>
    `<label>${label}<input id="${id}" value="${esc(value)}"></label>`;
  // Native pickers: the member's own calendar and clock, in their language;
  // nothing to type in a format.
  const allDay = f.start !== "" && !f.start.includes("T");
  const [from, to] = [split(f.start), split(f.end || f.start)];
  const picker = (id: string, label: string, type: "date" | "time", value: string, time = false) =>
    `<label class="${time ? "time" : "date"}"${time && allDay ? " hidden" : ""}>${label}<input type="${type}" id="${id}" value="${esc(value)}"></label>`;
  const when = `<div class="when-fields">
    <label class="all-day"><input type="checkbox" id="e-all-day" ${allDay ? "checked" : ""}>${t.allDay}</label>
    <div class="pair">${picker("e-start-date", t.startDate, "date", from.date)}${picker("e-start-time", t.startTime, "time", from.time, true)}</div>
    <div class="pair">${picker("e-end-date", t.endDate, "date", to.date)}${picker("e-end-time", t.endTime, "time", to.time, true)}</div>
    <p class="error" id="e-when-error" role="alert" hidden></p></div>`;
  return `<h2 id="event-title" tabindex="-1">${e ? t.editEvent : t.newEvent}</h2>
    <form id="event" data-id="${e?.id ?? ""}" data-occurrence="${esc(e?.occurrence ?? "")}" aria-labelledby="event-title">
    ${e?.time_label ? `<p class="when">${esc(e.time_label)}</p>` : ""}${field("e-summary", t.title, f.summary)}${e ? "" : calendarChoice(view, t, ui.agenda.calendar)}${e?.zone_note ? `<p class="error zone-note">${esc(e.zone_note)}</p>` : ""}
    ${when}
    ${field("e-location", t.place, f.location)}<label>${t.description}<textarea id="e-description" rows="3">${esc(f.description)}</textarea></label>${
    e?.recurring && e.occurrence ? scopeChoice(t) : ""}
    <div class="actions"><button type="submit">${t.save}</button><button type="button" id="cancel-edit" class="quiet">${t.cancel}</button></div></form>`;
}

/** New (an empty form), edit, close, delete or cancel this occurrence (asked first). */
export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (button.id === "new-event") leavingForm(ctx, () => {
    ctx.ui.creatingEvent = true;
    ctx.ui.agenda.editing = false;
    ctx.ui.agenda.opener = button.id;
    // Closing moves on too: one event, one drawing.
    ctx.core.send(ctx.core.view().event ? "CloseEvent" : "MoveOn");
  });
  else if (button.id === "edit-event") { ctx.ui.agenda.editing = true; ctx.core.send("MoveOn"); }
  else if (button.id === "close-event") closeSheet(ctx, true);
  else if (button.id === "cancel-edit") closeSheet(ctx);
  else if (button.id === "delete-event") {
    // Asked first, in the member's language; the buttons name the action and the way out (never two "Annuler").
    const detail = button.closest<HTMLElement>(".event-detail")!;
    const t = labels(ctx.core.view().locale);
    const id = Number(detail.dataset.id), occurrence = detail.dataset.occurrence || null;
    const q = occurrence
      ? { question: t.cancelOccurrenceQuestion, confirm: t.cancelOccurrence, cancel: t.keep }
      : { question: t.deleteEventQuestion, detail: t.deleteEventDetail, confirm: t.deleteEventConfirm, cancel: t.deleteEventKeep };
    void ask({ ...q, danger: true }).then((yes) => {
      // The core closes the event (or the cancelled date): nothing is left to save over it.
      if (yes) {
        // Its entry goes with it: the focus will go to the agenda's title.
        ctx.ui.agenda.opener = null;
        ctx.core.send({ DeleteEvent: { id, occurrence } });
      }
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

/**
 * Whether the member changed a field of the open event form: each field is
 * drawn with the event's value as its default, and what was typed survives
 * a redraw as the field's value.
 */
export function formChanged(): boolean {
  const form = document.getElementById("event") as HTMLFormElement | null;
  return !!form && [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")].some((f) =>
    f instanceof HTMLInputElement && (f.type === "checkbox" || f.type === "radio") ? f.checked !== f.defaultChecked : f.value !== f.defaultValue);
}

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
  const fields = { summary: inputValue("e-summary"), start, end, location: inputValue("e-location"), description: inputValue("e-description") };
  const id = form.dataset.id ? Number(form.dataset.id) : null;
  ui.creatingEvent = false;
  // An event edited shows its detail again; a new one closes.
  ui.agenda.editing = false;
  const checked = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.checked ?? false;
  const scope = checked("e-scope-following") ? "AndFollowing" : checked("e-scope-series") ? "Series" : "Occurrence";
  // None to choose from (one calendar): the core takes the one the member can write to.
  const calendar = id === null ? (document.getElementById("e-calendar") as HTMLSelectElement | null)?.value ?? null : null;
  if (calendar) ui.agenda.calendar = calendar;
  core.send({ SaveEvent: { id, calendar, occurrence: form.dataset.occurrence || null, fields, scope } });
  return true;
};
