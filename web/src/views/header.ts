// The signed-in page's header: sync button, language, sign-out; the
// section tabs (the news one with its unread count); the sync status and the core's one-line message.
import type { ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { Handler, Tab } from "./context";
import { ask } from "./document";
import { esc } from "./html";
import { languagePicker } from "./language";
import * as agenda from "./agenda";
import * as news from "./news";

/**
 * When the last sync reaching everything ended, in words and in the member's
 * language: "à l’instant", "il y a 5 minutes", "aujourd’hui à 09:12",
 * "hier à 18:40", then the date. Redrawn each minute by `refreshFreshness`.
 */
export function syncedWhen(ms: number, locale: string, t: Labels, now = Date.now()): string {
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return t.syncedJustNow;
  if (minutes < 60) {
    return fill(t.syncedAgo, { when: new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(-minutes, "minute") });
  }
  const at = new Date(ms);
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(at);
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(new Date(now)) - day(at)) / 86_400_000);
  if (days === 0) return fill(t.syncedToday, { time });
  if (days === 1) return fill(t.syncedYesterday, { time });
  return fill(t.syncedOn, { date: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long" }).format(at), time });
}

/**
 * The sync line: while it runs, what the core says; after a sync that reached
 * everything, when that was in words (not counts); after a failure, why,
 * and when the last good one was. What waits to be sent is said too.
 */
function statusText(view: ViewModel, t: Labels): string {
  const s = view.sync;
  const last = s.last_success_ms === null ? null : syncedWhen(s.last_success_ms, view.locale, t);
  const main = s.running || (!s.failed && last === null) ? s.status
    : s.failed ? (last ? `${s.status} ${last}.` : s.status)
    : last!;
  // A success is said as its time, which drops the core's sentence: what stays true of it is said again here.
  const remarks = !s.running && !s.failed && last !== null ? s.remarks.join(" ") : "";
  const pending = view.pending_changes ? ` · ${fill(t.pendingCount, { count: String(view.pending_changes) })}` : "";
  return `${main}${remarks ? ` · ${remarks}` : ""}${navigator.onLine ? "" : ` — ${t.offline}`}${pending}`;
}

/** Keeps "2 minutes ago" true while nothing else redraws the page. */
export function refreshFreshness(view: ViewModel): void {
  const status = document.getElementById("status");
  if (!status || !view.signed_in) return;
  // Only a changed sentence: the line is a live region, read aloud at each change.
  const text = statusText(view, labels(view.locale));
  if (status.textContent !== text) status.textContent = text;
}

/** Two arrows turning: drawn, not a font's glyph (a phone's fonts may lack it). */
const SYNC_ICON = `<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 12a8 8 0 1 1-2.4-5.7M20 4v4.5h-4.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export function header(view: ViewModel, t: Labels, tab: Tab): string {
  const status = `<p id="status" role="status" class="${view.sync.failed ? "error" : ""}">${esc(statusText(view, t))}</p>`;
  const message = view.error ? `<p role="alert" class="error">${esc(view.error)}</p>` : view.notice ? `<p class="notice">${esc(view.notice)}</p>` : "";
  // The technical words (English) the sentences leave out, for a helper or a bug report.
  const detail = view.error ? view.error_detail : view.sync.failed ? view.sync.detail : null;
  const details = detail ? `<details class="detail"><summary>${t.details}</summary><code>${esc(detail)}</code></details>` : "";
  // The unread announcements, on the news tab: the number, and said in words to a screen reader.
  const count = view.news.unread_count;
  const unread = count > 0
    ? ` <span class="count" id="news-unread" aria-hidden="true">${count}</span><span class="visually-hidden">, ${esc(fill(t.unreadCount, { count: String(count) }))}</span>`
    : "";
  const tabs = `<nav aria-label="${t.sections}"><button id="tab-agenda" aria-pressed="${tab === "agenda"}">${t.agenda}</button>
    <button id="tab-contacts" aria-pressed="${tab === "contacts"}">${t.contacts}</button>
    <button id="tab-notes" aria-pressed="${tab === "notes"}">${t.notes}</button>
    <button id="tab-news" aria-pressed="${tab === "news"}">${t.news}${unread}</button></nav>`;
  // The skip link first in the tab order; on a phone the sync button is its icon (its words stay its name).
  return `<header><a id="skip-link" class="skip-link" href="#main">${t.skipToContent}</a><h1>Nubo</h1>
    <button id="sync" ${view.sync.running ? "disabled" : ""}>${SYNC_ICON}<span class="sync-label">${t.sync}</span></button>
    ${languagePicker(view, t)}<button id="sign-out" class="quiet">${t.signOut}</button></header>
    ${tabs}${status}${message}${details}`;
}

/** The skip link moves the focus into the screen without a history entry (a "#main" would add one, and "back" closes sheets). */
export const onLink: Handler<HTMLAnchorElement> = (_ctx, link) => {
  if (link.id !== "skip-link") return false;
  document.getElementById("main")?.focus();
  return true;
};

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (button.id === "sync") ctx.core.send("Sync");
  else if (button.id === "sign-out") {
    // Signing out removes this device's copy: said first, with a way out.
    const t = labels(ctx.core.view().locale);
    void ask({ question: t.signOutQuestion, detail: t.signOutDetail, confirm: t.signOut, cancel: t.cancel, danger: true })
      .then((yes) => { if (yes) ctx.core.send("SignOut"); else document.getElementById("sign-out")?.focus(); });
  }
  else if (button.id.startsWith("tab-")) {
    const tab = button.id.slice(4) as Tab;
    // An event form's typing lives in its fields only (the other screens keep a draft): asked before it goes.
    const leave = ctx.ui.tab === "agenda" && tab !== "agenda" ? agenda.leavingForm : (_: unknown, go: () => void) => go();
    leave(ctx, () => {
      ctx.ui.tab = tab;
      // Another section: the last action's notice ends (the core renders).
      ctx.core.send("MoveOn");
      if (tab === "news") news.opened(ctx);
    });
  }
  else return false;
  return true;
};
