// The agenda: the span buttons (upcoming, day, week, month), moving
// back and forth, the days with their entries; the open event on top.
import type { AgendaSpan, ViewModel } from "../bridge/view_model";
import type { Labels } from "../i18n";
import type { Handler, UiState } from "./context";
import { eventForm } from "./event";
import { esc } from "./html";

export function agenda(view: ViewModel, t: Labels, ui: UiState): string {
  const a = view.agenda;
  const spans = (["Upcoming", "Day", "Week", "Month"] as const)
    .map((s) => `<button data-span="${s}" aria-pressed="${a.span === s}">${t[s.toLowerCase() as "day"]}</button>`).join("");
  const days = a.days.length
    ? a.days.map((d) => `<section class="day"><h3>${esc(d.label)}</h3><ul>${d.entries.map((e) =>
        `<li class="event${e.pending ? " pending" : ""}"><button class="entry" data-event="${e.event_id}" data-occurrence="${esc(e.occurrence ?? "")}">
         <span class="dot" data-color="${esc(e.color ?? "#0082c9")}"></span><span class="time">${esc(e.time)}</span> <strong>${esc(e.title)}</strong>${
         e.location ? ` <span class="place">${esc(e.location)}</span>` : ""}</button></li>`).join("")}</ul></section>`).join("")
    : `<p>${t.noEvents}</p>`;
  const move = a.span === "Upcoming" ? "" :
    `<button data-go="${esc(shiftDay(a.from, -1))}" aria-label="${t.previous}">‹</button><button data-go="${esc(shiftDay(a.to, 1))}" aria-label="${t.next}">›</button>`;
  const writable = view.calendars.some((c) => !c.read_only);
  return `${eventForm(view, t, ui.creatingEvent)}<h2 id="agenda-title">${esc(a.title)}</h2><div class="spans" role="group">${spans}${move}${
    writable ? `<button id="new-event">${t.newEvent}</button>` : ""}</div>${a.note ? `<p>${esc(a.note)}</p>` : ""}${days}`;
}

/** The day before or after "2027-05-01": the core picks the window around it. */
function shiftDay(date: string, days: number): string {
  const d = new Date(date + "T12:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An entry opens its event (or occurrence); a span or an arrow asks the core for that window. */
export const onClick: Handler<HTMLButtonElement> = ({ core, ui }, button) => {
  if (button.dataset.event) {
    ui.creatingEvent = false;
    core.send({ OpenEvent: { id: Number(button.dataset.event), occurrence: button.dataset.occurrence || null } });
  }
  else if (button.dataset.span) core.send({ ShowAgenda: { range: { span: button.dataset.span as AgendaSpan, date: null, until: null } } });
  else if (button.dataset.go) core.send({ ShowAgenda: { range: { span: core.view().agenda.span, date: button.dataset.go, until: null } } });
  else return false;
  return true;
};
