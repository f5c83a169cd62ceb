// The agenda: the span buttons (upcoming, day, week, month), previous /
// today / next and a date to jump to, the month as a grid of weeks, the
// days with their entries; the open event in a sheet beside or over it.
// The core chooses the window and what is in it; the date arithmetic here
// only lays out the grid and names the date asked for.
import type { AgendaDayView, AgendaSpan, ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { AppContext, Handler, UiState } from "./context";
import { askDiscard } from "./document";
import { eventSheet, formChanged } from "./event";
import { esc } from "./html";
import { phone, Sheet } from "./sheet";

/** What the page keeps of the agenda between renders. */
export interface AgendaUi {
  /** The date the member went to ("2027-05-11"); null: today. Kept when the span changes. */
  date: string | null;
  /** Whether the open event shows its form (else its detail). */
  editing: boolean;
  /** The element that opened the sheet, focused again when it closes. */
  opener: string | null;
  /** The sheet drawn last ("event:3|…", "new" or null): focus moves when it changes. */
  shown: string | null;
  /** The calendar the member chose for their last new event (its href): offered first next time. */
  calendar: string | null;
}

export const agendaUi = (): AgendaUi => ({ date: null, editing: false, opener: null, shown: null, calendar: null });

// ------------------------------------------------------------------ dates, for layout only

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (date: string): Date => new Date(date + "T12:00:00Z");

/** Today in the browser's own zone, as the date picker holds it. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function shiftDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

/** The same day `months` later, or the month's last day ("31 January" + 1 → "28 February"). */
function shiftMonths(date: string, months: number): string {
  const d = utc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return iso(d);
}

/** The date the member is at: the one they chose if the core shows it, else the window's first day (or today). */
function anchor(view: ViewModel, ui: AgendaUi): string {
  const { from, to, span } = view.agenda;
  const chosen = ui.date ?? today();
  if (span === "Upcoming" || !from || !to || (chosen >= from && chosen <= to)) return chosen;
  return from;
}

/** The date one step before (-1) or after (+1) in the span shown. */
function step(span: AgendaSpan, date: string, dir: -1 | 1): string {
  if (span === "Month") return shiftMonths(date, dir);
  if (span === "Week") return shiftDays(date, 7 * dir);
  if (span === "Upcoming" || span === "Range") return shiftDays(date, 30 * dir);
  return shiftDays(date, dir);
}

// ------------------------------------------------------------------ drawing

export function agenda(view: ViewModel, t: Labels, ui: UiState): string {
  const a = view.agenda;
  const at = anchor(view, ui.agenda);
  const spans = (["Upcoming", "Day", "Week", "Month"] as const)
    .map((s) => `<button type="button" data-span="${s}" aria-pressed="${a.span === s}">${t[s.toLowerCase() as "day"]}</button>`).join("");
  const moves = a.span === "Upcoming" ? "" : `<button type="button" id="agenda-previous" class="quiet arrow" aria-label="${t.previous}">‹</button>`;
  const next = a.span === "Upcoming" ? "" : `<button type="button" id="agenda-next" class="quiet arrow" aria-label="${t.next}">›</button>`;
  const writable = view.calendars.some((c) => !c.read_only);
  const bar = `<div class="agenda-bar">
    <div class="spans" role="group" aria-label="${t.agendaView}">${spans}</div>
    <div class="agenda-moves">${moves}<button type="button" id="agenda-today" class="quiet">${t.today}</button>${next}
      <label class="jump"><span class="visually-hidden">${t.goToDate}</span><input type="date" id="agenda-date" value="${esc(at)}" aria-label="${t.goToDate}"></label>
      ${writable ? `<button type="button" id="new-event">${t.newEvent}</button>` : ""}</div></div>`;
  const days = a.days.length ? a.days.map((d) => dayList(d)).join("") : `<p class="empty">${t.noEvents}</p>`;
  const grid = a.span === "Month" && a.from && a.to ? monthGrid(view, t) : "";
  const sheet = eventSheet(view, t, ui, phone.matches);
  return `<div class="agenda${sheet ? " has-sheet" : ""}"><section id="agenda-pane" class="agenda-pane" aria-labelledby="agenda-title">${bar}
    <h2 id="agenda-title" tabindex="-1">${esc(a.title)}</h2>${a.note ? `<p>${esc(a.note)}</p>` : ""}${grid}<div class="day-list">${days}</div></section>${sheet}</div>`;
}

function dayList(d: AgendaDayView): string {
  return `<section class="day" id="day-${esc(d.date)}"><h3>${esc(d.label)}</h3><ul>${d.entries.map((e, i) =>
    `<li class="event${e.pending ? " pending" : ""}"><button type="button" class="entry" id="entry-${esc(d.date)}-${i}" data-event="${e.event_id}" data-occurrence="${esc(e.occurrence ?? "")}">
     <span class="dot" data-color="${esc(e.color ?? "#0082c9")}"></span><span class="time">${esc(e.time)}</span> <strong>${esc(e.title)}</strong>${
     e.location ? ` <span class="place">${esc(e.location)}</span>` : ""}</button></li>`).join("")}</ul></section>`;
}

/**
 * The month as weeks, Monday first (Belgium): the core's window and only
 * the days that hold something; the rest of each week drawn dimmed. A day
 * opens as the Day span. Phones show a dot per entry, wider screens short titles.
 */
function monthGrid(view: ViewModel, t: Labels): string {
  const { from, to, days } = view.agenda;
  const locale = view.locale || navigator.language;
  const byDate = new Map(days.map((d) => [d.date, d]));
  const monday = utc("2024-01-01"); // a Monday
  const weekday = (style: "short" | "long") => new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" });
  const head = [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const d = new Date(monday.getTime() + i * 86_400_000);
    return `<th scope="col"><abbr title="${esc(weekday("long").format(d))}">${esc(weekday("short").format(d).replace(/\.$/, ""))}</abbr></th>`;
  }).join("");
  const long = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const now = today();
  let start = from;
  while (utc(start).getUTCDay() !== 1) start = shiftDays(start, -1);
  let rows = "";
  for (let week = start; week <= to; week = shiftDays(week, 7)) {
    let cells = "";
    for (let i = 0; i < 7; i++) {
      const date = shiftDays(week, i);
      const inside = date >= from && date <= to;
      const day = byDate.get(date);
      const n = day?.entries.length ?? 0;
      const count = n === 0 ? "" : `, ${n === 1 ? t.oneEvent : fill(t.eventsCount, { count: String(n) })}`;
      const shown = (day?.entries ?? []).slice(0, 3);
      const chips = shown.map((e) => `<span class="chip${e.all_day ? " all-day" : ""}"><span class="dot" data-color="${esc(e.color ?? "#0082c9")}"></span><span class="chip-title">${esc(e.title)}</span></span>`).join("");
      const more = n > shown.length ? `<span class="more">${esc(fill(t.moreEntries, { count: String(n - shown.length) }))}</span>` : "";
      // The titles beside the button, not in it: its name says the day and how many, and names what it shows (WCAG 2.5.3).
      // The button covers the cell; taps on the titles go through to it.
      cells += `<td class="${inside ? "" : "outside"}"><button type="button" class="cell" data-day="${date}" id="cell-${date}"${date === now ? ` aria-current="date"` : ""}
        aria-label="${esc(long.format(utc(date)) + count)}"><span class="num">${utc(date).getUTCDate()}</span></button>${n ? `<span class="chips" aria-hidden="true">${chips}${more}</span>` : ""}</td>`;
    }
    rows += `<tr>${cells}</tr>`;
  }
  return `<table class="month-grid" aria-labelledby="agenda-title"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

// ------------------------------------------------------------------ what the member does

function show(ctx: AppContext, span: AgendaSpan, date: string): void {
  ctx.ui.agenda.date = date;
  ctx.core.send({ ShowAgenda: { range: { span, date, until: null } } });
}

/** One step back or forth in the span shown (buttons, arrow keys, a swipe). */
function go(ctx: AppContext, dir: -1 | 1): void {
  const view = ctx.core.view();
  if (view.agenda.span === "Upcoming") return;
  show(ctx, view.agenda.span, step(view.agenda.span, anchor(view, ctx.ui.agenda), dir));
}

/** An entry opens its event (or occurrence); a span, a day, an arrow or "today" asks the core for that window. */
export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  const { core, ui } = ctx;
  if (button.dataset.event) {
    const open = { id: Number(button.dataset.event), occurrence: button.dataset.occurrence || null };
    leavingForm(ctx, () => {
      ui.creatingEvent = false;
      ui.agenda.editing = false;
      ui.agenda.opener = button.id || null;
      core.send({ OpenEvent: open });
    });
  }
  // The date the member is at stays: a week of May stays in May as a month.
  else if (button.dataset.span) show(ctx, button.dataset.span as AgendaSpan, anchor(core.view(), ui.agenda));
  else if (button.dataset.day) show(ctx, "Day", button.dataset.day);
  else if (button.id === "agenda-previous") go(ctx, -1);
  else if (button.id === "agenda-next") go(ctx, 1);
  else if (button.id === "agenda-today") show(ctx, core.view().agenda.span, today());
  else return false;
  return true;
};

/** A date chosen in the picker: that date, in the span shown. */
export const onChange: Handler<HTMLInputElement | HTMLSelectElement> = (ctx, input) => {
  if (input.id !== "agenda-date") return false;
  // Typing a year digit by digit passes through 0002, 0020, 0202: only a plausible year is asked for.
  const year = Number(input.value.slice(0, 4));
  if (/^\d{4}-\d{2}-\d{2}$/.test(input.value) && year >= 1900 && year <= 2200) show(ctx, ctx.core.view().agenda.span, input.value);
  return true;
};

/** Nothing open over the agenda, no question asked. */
const free = (ctx: AppContext): boolean =>
  ctx.ui.tab === "agenda" && ctx.ui.agenda.shown === null && !document.querySelector("dialog[open]");

/** ← and → go back and forth, unless the focus is in a field (where they move the caret). */
export function onKey(ctx: AppContext, e: KeyboardEvent): boolean {
  if ((e.key !== "ArrowLeft" && e.key !== "ArrowRight") || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !free(ctx)) return false;
  const target = e.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable]")) return false;
  e.preventDefault();
  go(ctx, e.key === "ArrowLeft" ? -1 : 1);
  // The page was drawn again: the focus goes to the new period's title, not to <body>.
  document.getElementById("agenda-title")?.focus();
  return true;
}

/** A sideways swipe on a touch screen: previous or next. */
export function listenSwipe(root: HTMLElement, ctx: AppContext): void {
  let start: { x: number; y: number } | null = null;
  root.addEventListener("touchstart", (e) => {
    const touch = e.touches[0];
    start = e.touches.length === 1 && touch && (e.target as HTMLElement).closest("#agenda-pane") ? { x: touch.clientX, y: touch.clientY } : null;
  }, { passive: true });
  root.addEventListener("touchend", (e) => {
    const touch = e.changedTouches[0];
    if (!start || !touch || !free(ctx)) return;
    const [dx, dy] = [touch.clientX - start.x, touch.clientY - start.y];
    start = null;
    if (Math.abs(dx) >= 60 && Math.abs(dx) > 2 * Math.abs(dy)) go(ctx, dx > 0 ? -1 : 1);
  }, { passive: true });
}

// ------------------------------------------------------------------ the sheet, after each draw

const SHEET = new Sheet("agenda", "nubo-event-sheet", "agenda-pane");

/** Which sheet the view and the page call for. */
function sheetKey(view: ViewModel, ui: UiState): string | null {
  if (view.event) return `event:${view.event.id}|${view.event.occurrence ?? ""}|${ui.agenda.editing ? "edit" : "view"}`;
  return ui.creatingEvent ? "new" : null;
}

/** As the other screens: focus into the sheet and back, a history entry for "back", the rest inert on a phone. */
export function afterDraw(view: ViewModel, ui: UiState): void {
  const key = sheetKey(view, ui);
  if (!SHEET.settle(ui.agenda, key, () => document.getElementById("agenda-title")) || key === null) return;
  const editing = key === "new" || key.endsWith("|edit");
  document.getElementById(editing ? "e-summary" : "event-title")?.focus();
}

/**
 * Closes the sheet: the form of an open event goes back to its detail,
 * anything else closes. With something typed in the form, asked first;
 * kept editing after the browser's back (`fromHistory`), the sheet's
 * history entry comes back.
 */
export function closeSheet(ctx: AppContext, all = false, fromHistory = false): void {
  leavingForm(ctx, () => close(ctx, all), () => { if (fromHistory) SHEET.reenter(); });
}

/**
 * Then `leave`: at once when nothing was typed in the event form, else once
 * the member says to discard it (`stay` when they keep editing). The form's
 * typing lives only in its fields: opening another event, a new one or
 * another section would drop it.
 */
export function leavingForm(ctx: AppContext, leave: () => void, stay: () => void = () => {}): void {
  if (!formChanged()) return leave();
  const t = labels(ctx.core.view().locale);
  const field = document.activeElement instanceof HTMLElement && document.activeElement.closest("form#event") ? document.activeElement : document.getElementById("e-summary");
  void askDiscard(t.discardEventQuestion, t, field).then((yes) => (yes ? leave() : stay()));
}

function close(ctx: AppContext, all: boolean): void {
  if (ctx.ui.agenda.editing && !all && ctx.core.view().event) ctx.ui.agenda.editing = false;
  else {
    ctx.ui.creatingEvent = false;
    ctx.ui.agenda.editing = false;
    if (ctx.core.view().event) ctx.core.send("CloseEvent");
  }
  ctx.redraw();
}

/** Escape closes the event (or leaves its form), unless a question is open. */
export function onSheetKey(ctx: AppContext, e: KeyboardEvent): boolean {
  return SHEET.onKey(ctx, e, ctx.ui.agenda, () => closeSheet(ctx));
}

/** The browser's back button while an event is open closes it. */
export function onHistory(ctx: AppContext): void {
  SHEET.onHistory(ctx, ctx.ui.agenda, () => closeSheet(ctx, true, true));
}

