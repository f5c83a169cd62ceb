// News: the cooperative's announcements (newest first, the member's
// language first, the others on request), unread ones marked and counted on
// the tab; the open announcement in a sheet (full screen on a phone, a side
// panel wider), its document drawn with DOM nodes only (./document), "add to
// my agenda" when it carries an event; the sources, why one fails, and the
// member's own feeds to add or remove. Opening an announcement marks it read
// in the core; everything else is an event too.
import type { AnnouncementView, ViewModel } from "../bridge/view_model";
import { fill, labels, type Labels } from "../i18n";
import type { AppContext, Handler } from "./context";
import { ask, documentNode, openExternal } from "./document";
import { h } from "./html";
import { phone, Sheet } from "./sheet";

/** What the page keeps of the news screen between renders (the core holds the rest). */
export interface NewsUi {
  /** What the "add a feed" field holds. */
  feed: string;
  /** The calendar chosen for "add to my agenda" (a `CalendarView.href`). */
  calendar: string | null;
  /** The element that opened the sheet, focused again when it closes. */
  opener: string | null;
  /** The announcement shown last ("news:12" or null): focus moves when it changes. */
  shown: string | null;
  /**
   * The announcement whose event the member added, and the page's notice
   * before: the sheet repeats only a notice that came after (not "feed added").
   */
  asked: { id: number; before: string | null } | null;
}

export const newsUi = (): NewsUi => ({ feed: "", calendar: null, opener: null, shown: null, asked: null });

// ------------------------------------------------------------------ drawing

export function news(view: ViewModel, t: Labels, ui: NewsUi): HTMLElement {
  const sheet = view.announcement ? announcementSheet(view, view.announcement, t, ui) : null;
  return h("div", { class: `notes news${sheet ? " has-sheet" : ""}` }, listPane(view, t, ui), sheet);
}

function listPane(view: ViewModel, t: Labels, ui: NewsUi): HTMLElement {
  const n = view.news;
  const all = n.language === "all";
  const pane = h("section", { id: "news-pane", class: "notes-pane", "aria-labelledby": "news-heading" },
    h("div", { class: "notes-heading" }, h("h2", { id: "news-heading" }, t.news),
      n.unread_count > 0 && h("button", { id: "news-mark-all", type: "button", class: "quiet" }, t.markAllRead)),
    h("div", { class: "news-filters" },
      h("label", { class: "check" }, h("input", { type: "checkbox", id: "news-unread-only", checked: n.unread_only }), t.unreadOnly),
      n.polling && h("span", { class: "note-meta", role: "status" }, t.newsPolling)));
  if (n.announcements.length === 0) {
    pane.append(h("p", { class: "empty" }, n.sources.length === 0 ? t.noSources : n.unread_only ? t.noUnread : t.noNews));
  } else {
    pane.append(h("ul", { id: "news-list", class: "note-list" }, ...n.announcements.map((row) => h("li", {},
      h("button", { type: "button", class: `note announcement${row.read ? "" : " unread"}${view.announcement?.id === row.id ? " open" : ""}`,
        id: `news-${row.id}`, "data-announcement": row.id, "aria-current": view.announcement?.id === row.id ? "true" : null },
        h("span", { class: "note-head" },
          !row.read && h("span", { class: "unread-dot", "aria-hidden": "true" }),
          h("span", { class: "note-title" }, row.title),
          !row.read && h("span", { class: "badge" }, t.unread),
          row.has_event && h("span", { class: "badge" }, t.hasEvent),
          all && row.language && h("span", { class: "badge", lang: row.language }, row.language.toUpperCase())),
        h("span", { class: "note-meta" }, [row.source, row.date].filter(Boolean).join(" · ")),
        row.preview && h("span", { class: "note-preview" }, row.preview))))));
  }
  // The other languages: said, and shown on request; or back to the member's own.
  if (n.other_languages_note) {
    pane.append(h("p", { class: "other-languages" }, n.other_languages_note, " ",
      h("button", { type: "button", id: "news-all-languages", class: "quiet" }, t.showOtherLanguages)));
  } else if (all) {
    pane.append(h("p", { class: "other-languages" }, h("button", { type: "button", id: "news-my-language", class: "quiet" }, t.onlyMyLanguage)));
  }
  pane.append(sources(view, t, ui));
  return pane;
}

function sources(view: ViewModel, t: Labels, ui: NewsUi): HTMLElement {
  const list = view.news.sources;
  return h("section", { id: "news-sources", class: "news-sources", "aria-labelledby": "news-sources-heading" },
    h("h3", { id: "news-sources-heading" }, t.sources),
    list.length > 0 && h("ul", { class: "source-list" }, ...list.map((s, i) => h("li", { class: s.failing ? "failing" : "" },
      h("span", { class: "source-name" }, s.name),
      s.kind === "feed" && h("span", { class: "note-meta source-url" }, s.url),
      s.failing && h("span", { class: "error source-error" }, s.failing),
      // The server's or parser's words, in English, for a helper.
      s.failing_detail && h("small", { class: "source-detail" }, s.failing_detail),
      s.added_by_member && h("button", { type: "button", class: "quiet danger", id: `news-remove-${i}`, "data-feed": s.url,
        "aria-label": fill(t.removeFeedNamed, { name: s.kind === "feed" ? s.url : s.name }) }, t.removeFeed)))),
    h("p", {}, h("button", { type: "button", id: "news-find-feeds", class: "quiet", disabled: view.news.polling }, t.findFeeds)),
    h("form", { id: "news-add-feed", class: "add-feed" },
      h("label", {}, t.feedAddress, h("input", { id: "news-feed-url", type: "url", required: true, value: ui.feed, placeholder: "https://…/feed.atom", autocomplete: "url" })),
      h("button", { type: "submit" }, t.addFeed)));
}

function announcementSheet(view: ViewModel, a: AnnouncementView, t: Labels, ui: NewsUi): HTMLElement {
  const modal = phone.matches;
  const sheet = h("section", { id: "news-sheet", class: "sheet", role: "dialog", "aria-modal": modal ? "true" : null,
    "aria-labelledby": "announcement-title" },
    h("div", { class: "sheet-bar" },
      h("button", { type: "button", id: "close-announcement", class: "quiet back" }, h("span", { "aria-hidden": "true" }, "‹ "), t.close)),
    // On a phone the sheet covers the page's message line: what the core says (added to the agenda, or why not) is said here.
    modal && view.error ? h("p", { role: "alert", class: "error" }, view.error) : null,
    modal && !view.error && view.notice && ui.asked?.id === a.id && view.notice !== ui.asked.before ? h("p", { role: "status", class: "notice" }, view.notice) : null,
    h("h2", { id: "announcement-title", tabindex: -1, lang: a.language }, a.title),
    h("p", { class: "note-meta" }, [a.source, a.date, a.author].filter(Boolean).join(" · ")));
  if (a.event_url) sheet.append(agendaForm(view, a, t, ui));
  const body = documentNode(a.document.blocks, true);
  if (a.language) body.lang = a.language;
  sheet.append(body);
  if (a.link) {
    sheet.append(h("p", { class: "source-link" },
      h("a", { href: a.link, class: "external", target: "_blank", rel: "noopener noreferrer" }, t.readOnSite)));
  }
  return sheet;
}

/** "Add to my agenda", in a calendar the member can write to. */
function agendaForm(view: ViewModel, a: AnnouncementView, t: Labels, ui: NewsUi): HTMLElement {
  const writable = view.calendars.filter((c) => !c.read_only);
  const chosen = writable.find((c) => c.href === ui.calendar)?.href ?? writable[0]?.href ?? null;
  const form = h("form", { id: "news-add-to-agenda", class: "panel add-to-agenda" },
    h("p", {}, a.event_title ? fill(t.eventInAnnouncement, { title: a.event_title }) : t.eventInAnnouncementUntitled));
  if (writable.length === 0) {
    form.append(h("p", { class: "note-meta" }, t.noWritableCalendar));
    return form;
  }
  if (writable.length > 1) {
    form.append(h("label", { for: "news-calendar" }, t.calendar),
      h("select", { id: "news-calendar" }, ...writable.map((c) => h("option", { value: c.href, selected: c.href === chosen }, c.name))));
  }
  form.append(h("button", { type: "submit", id: "news-add-event" }, t.addToAgenda));
  return form;
}

// ------------------------------------------------------------------ after each draw

const SHEET = new Sheet("news", "nubo-news-sheet", "news-pane");

/** As the other screens: focus into the sheet and back, a history entry for "back", the rest inert on a phone. */
export function afterDraw(view: ViewModel, ui: NewsUi): void {
  const key = view.announcement ? `news:${view.announcement.id}` : null;
  if (SHEET.settle(ui, key, () => document.getElementById("news-heading"))) document.getElementById("announcement-title")?.focus();
}

function closeSheet(ctx: AppContext): void {
  if (ctx.core.view().announcement) ctx.core.send("CloseAnnouncement");
  ctx.redraw();
}

// ------------------------------------------------------------------ what the member does

/** Entering the screen: the sources that are due are asked. */
export function opened(ctx: AppContext): void {
  if (!ctx.core.view().news.polling) ctx.core.send("PollNews");
}

export const onClick: Handler<HTMLButtonElement> = (ctx, button) => {
  const ui = ctx.ui.news;
  const view = ctx.core.view();
  const t = labels(view.locale);
  const show = (language: string | null) => ctx.core.send({ ShowNews: { unread_only: view.news.unread_only, language } });
  if (button.dataset.announcement) {
    ui.opener = button.id;
    ctx.core.send({ OpenAnnouncement: { id: Number(button.dataset.announcement) } });
    ctx.redraw();
  } else if (button.id === "close-announcement") closeSheet(ctx);
  else if (button.id === "news-mark-all") ctx.core.send("MarkAllNewsRead");
  else if (button.id === "news-find-feeds") ctx.core.send("FindNewsFeeds");
  else if (button.id === "news-all-languages") show("all");
  else if (button.id === "news-my-language") show(null);
  else if (button.dataset.feed) {
    const url = button.dataset.feed;
    const name = view.news.sources.find((s) => s.url === url)?.name ?? url;
    void ask({ question: fill(t.removeFeedQuestion, { name }), detail: t.removeFeedDetail, confirm: t.removeFeedConfirm, cancel: t.removeFeedKeep, danger: true })
      .then((yes) => {
        if (yes) ctx.core.send({ RemoveFeed: { url } });
        else document.getElementById(button.id)?.focus();
      });
  } else return false;
  return true;
};

/** The announcement's page, or a link in its text: after a question. */
export const onLink: Handler<HTMLAnchorElement> = (ctx, anchor) => {
  if (ctx.ui.tab !== "news" || !anchor.classList.contains("external")) return false;
  void openExternal(anchor, labels(ctx.core.view().locale));
  return true;
};

export const onSubmit: Handler<HTMLFormElement> = (ctx, form) => {
  const ui = ctx.ui.news;
  if (form.id === "news-add-feed") {
    const url = (form.querySelector("#news-feed-url") as HTMLInputElement).value.trim();
    void ctx.core.sendAndSettle({ AddFeed: { url } }).then(() => {
      // Refused (not a web address, already followed): the core says why and the address stays typed.
      if (ctx.core.view().error === null) ui.feed = "";
      ctx.redraw();
    });
    return true;
  }
  const a = ctx.core.view().announcement;
  if (form.id === "news-add-to-agenda" && a) {
    const select = form.querySelector<HTMLSelectElement>("#news-calendar");
    const first = ctx.core.view().calendars.find((c) => !c.read_only)?.href ?? null;
    if (ui.asked?.id !== a.id) ui.asked = { id: a.id, before: ctx.core.view().notice };
    ctx.core.send({ AddAnnouncementToAgenda: { id: a.id, calendar: select?.value ?? first } });
    return true;
  }
  return false;
};

export const onInput: Handler<HTMLInputElement> = (ctx, input) => {
  if (input.id !== "news-feed-url") return false;
  ctx.ui.news.feed = input.value;
  return true;
};

export const onChange: Handler<HTMLInputElement | HTMLSelectElement> = (ctx, input) => {
  const view = ctx.core.view();
  if (input.id === "news-unread-only" && input instanceof HTMLInputElement) {
    const language = view.news.language === "all" ? "all" : null;
    ctx.core.send({ ShowNews: { unread_only: input.checked, language } });
  } else if (input.id === "news-calendar") ctx.ui.news.calendar = input.value;
  else return false;
  return true;
};

/** Escape closes the announcement, unless a question is open. */
export function onKey(ctx: AppContext, e: KeyboardEvent): boolean {
  return SHEET.onKey(ctx, e, ctx.ui.news, () => closeSheet(ctx));
}

/** The browser's back button while an announcement is open closes it. */
export function onHistory(ctx: AppContext): void {
  SHEET.onHistory(ctx, ctx.ui.news, () => closeSheet(ctx));
}
