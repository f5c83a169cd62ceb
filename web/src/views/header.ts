// The signed-in page's header: sync button, language, sign-out; the
// section tabs (the news one with its unread count); the sync status and the core's one-line message.
import type { ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { Handler, Tab } from "./context";
import { ask } from "./document";
import { esc } from "./html";
import { languagePicker } from "./language";
import * as news from "./news";

export function header(view: ViewModel, t: Labels, tab: Tab): string {
  const status = `<p id="status" role="status" class="${view.sync.failed ? "error" : ""}">${esc(view.sync.status)}${
    navigator.onLine ? "" : ` — ${t.offline}`}${view.pending_changes ? ` (${view.pending_changes} ${t.pending})` : ""}</p>`;
  const message = view.error ? `<p role="alert" class="error">${esc(view.error)}</p>` : view.notice ? `<p class="notice">${esc(view.notice)}</p>` : "";
  // The technical words (English) the sentences leave out, for a helper or a bug report.
  const detail = view.error ? view.error_detail : view.sync.failed ? view.sync.detail : null;
  const details = detail ? `<details class="detail"><summary>${t.details}</summary><code>${esc(detail)}</code></details>` : "";
  // The unread announcements, on the news tab: the number, and said in words to a screen reader.
  const count = view.news.unread_count;
  const unread = count > 0
    ? ` <span class="count" id="news-unread" aria-hidden="true">${count}</span><span class="visually-hidden">, ${esc(fill(t.unreadCount, { count: String(count) }))}</span>`
    : "";
  const tabs = `<nav aria-label="sections"><button id="tab-agenda" aria-pressed="${tab === "agenda"}">${t.agenda}</button>
    <button id="tab-contacts" aria-pressed="${tab === "contacts"}">${t.contacts}</button>
    <button id="tab-notes" aria-pressed="${tab === "notes"}">${t.notes}</button>
    <button id="tab-news" aria-pressed="${tab === "news"}">${t.news}${unread}</button></nav>`;
  return `<header><h1>Nubo</h1><button id="sync" ${view.sync.running ? "disabled" : ""}>${t.sync}</button>
    ${languagePicker(view, t)}<button id="sign-out" class="quiet">${t.signOut}</button></header>
    ${tabs}${status}${message}${details}`;
}

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  if (button.id === "sync") ctx.core.send("Sync");
  else if (button.id === "sign-out") {
    // Signing out removes this device's copy: said first, with a way out.
    const t = labels(ctx.core.view().locale);
    void ask({ question: t.signOutQuestion, detail: t.signOutDetail, confirm: t.signOut, cancel: t.cancel, danger: true })
      .then((yes) => { if (yes) ctx.core.send("SignOut"); else document.getElementById("sign-out")?.focus(); });
  }
  else if (button.id === "tab-agenda") { ctx.ui.tab = "agenda"; ctx.redraw(); }
  else if (button.id === "tab-contacts") { ctx.ui.tab = "contacts"; ctx.redraw(); }
  else if (button.id === "tab-notes") { ctx.ui.tab = "notes"; ctx.redraw(); }
  else if (button.id === "tab-news") { ctx.ui.tab = "news"; ctx.redraw(); news.opened(ctx); }
  else return false;
  return true;
};
