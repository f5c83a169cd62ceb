// The page: draws the core's view model, and sends each click, submit,
// input or change to the screen it belongs to. Nothing is decided here.
import { rememberLocale, type Core } from "../bridge/core";
import type { ViewModel } from "../bridge/view_model";
import { labels, type Labels } from "../i18n";
import * as agendaView from "./agenda";
import { agenda, onClick as agendaClick } from "./agenda";
import * as contact from "./contact";
import { afterDraw as afterListDrawn, contacts, forgetList, onClick as contactsClick, onInput as contactsInput } from "./contacts";
import type { AppContext, Handler, UiState } from "./context";
import { onChange as eventChange, onClick as eventClick, onSubmit as eventSubmit, rememberStart, showClocks } from "./event";
import { header, onClick as headerClick, onLink as headerLink } from "./header";
import { onChange as languageChange } from "./language";
import * as news from "./news";
import * as notes from "./notes";
import { onClick as signInClick, onSubmit as signInSubmit, signedOut, signInForm } from "./sign_in";

const clicks: Handler<HTMLButtonElement>[] = [signInClick, headerClick, contact.onClick, eventClick, agendaClick, contactsClick, notes.onClick, news.onClick];
const links: Handler<HTMLAnchorElement>[] = [headerLink, news.onLink, notes.onLink];
const submits: Handler<HTMLFormElement>[] = [signInSubmit, eventSubmit, contact.onSubmit, notes.onSubmit, news.onSubmit];
const inputs: Handler<HTMLInputElement>[] = [contactsInput, contact.onInput, notes.onInput, news.onInput];
const changes: Handler<HTMLSelectElement>[] = [languageChange];
/** Other fields' changes (a task ticked, a category chosen, "unread only", a calendar). */
const fieldChanges: Handler<HTMLInputElement | HTMLSelectElement>[] = [agendaView.onChange, eventChange, notes.onChange, news.onChange];

/** What the member typed in the open event or contact form, by form and item, and what the page told them there. */
type Typed = { form: string; item: string; values: Map<string, string | boolean>; said: Map<string, string> };

/**
 * A render (a sync finishing, a refusal) redraws the whole page: what the
 * member typed into an open form is put back if the same item is still open.
 */
function typedInForms(): Typed[] {
  // The contact form keeps its own draft (rows come and go): not here.
  return [...document.querySelectorAll<HTMLFormElement>("form#event, form#sign-in")].map((form) => ({
    form: form.id,
    item: `${form.dataset.id ?? ""}|${form.dataset.occurrence ?? ""}`,
    values: new Map([...form.querySelectorAll<HTMLInputElement>("input[id], textarea[id]")].map((i) =>
      [i.id, i.type === "checkbox" || i.type === "radio" ? i.checked : i.value])),
    // A check's message ("the end is before the start") stays until the member changes something.
    said: new Map([...form.querySelectorAll<HTMLElement>("[role=alert][id]")].filter((a) => !a.hidden && a.textContent).map((a) => [a.id, a.textContent ?? ""])),
  }));
}

function restoreTyped(typed: Typed[]): void {
  for (const { form: id, item, values, said } of typed) {
    const form = document.getElementById(id) as HTMLFormElement | null;
    if (!form || `${form.dataset.id ?? ""}|${form.dataset.occurrence ?? ""}` !== item) continue;
    for (const [field, value] of values) {
      const input = document.getElementById(field) as HTMLInputElement | null;
      if (!input || !form.contains(input)) continue;
      if (typeof value === "boolean") input.checked = value;
      else input.value = value;
    }
    for (const [alertId, text] of said) {
      const alert = document.getElementById(alertId);
      // Only the page's own messages (drawn hidden); the core's are redrawn from the view model.
      if (alert && form.contains(alert) && alert.hidden && !alert.textContent) { alert.textContent = text; alert.hidden = false; }
    }
    showClocks(form);
  }
}

/**
 * Each calendar's colour on its dots, set through the DOM: the page's
 * Content-Security-Policy allows no inline style. Only "#rrggbb" is taken.
 */
function paintDots(root: HTMLElement): void {
  for (const dot of root.querySelectorAll<HTMLElement>(".dot[data-color]")) {
    const color = dot.dataset.color ?? "";
    if (/^#[0-9a-fA-F]{6}$/.test(color)) dot.style.background = color;
  }
}

/** The page's language, and the manifest in it: before the core and at every drawing alike. */
function setLanguage(locale: string): void {
  document.documentElement.lang = locale.slice(0, 2);
  installIn(document.documentElement.lang);
}

/** The manifest in the page's language, so "install" names and describes the app in it. */
function installIn(lang: string): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  const href = import.meta.env.BASE_URL + (lang === "fr" || lang === "nl" ? `manifest.${lang}.webmanifest` : "manifest.webmanifest");
  if (link && link.getAttribute("href") !== href) link.setAttribute("href", href);
}

export class Page {
  private readonly ui: UiState = { tab: "agenda", creatingEvent: false, agenda: agendaView.agendaUi(), notes: notes.notesUi(), news: news.newsUi(), contacts: contact.contactsUi() };
  /** For the load benchmark: the first screen a member can use (sign-in or the app), the first agenda with events. */
  private firstScreenShown = false;
  private agendaShown = false;

  /** The core, once `listen` has it: a long contact list asks it for more as the member scrolls. */
  private core: Core | null = null;
  /** What index.html paints before the core runs, kept until the store has answered. */
  private readonly loading: string;

  /** The sign-in form was drawn before the core loaded (a first visit): never the loading skeleton over it. */
  private signInBeforeCoreShown = false;
  /** Until `listen`: the pre-core listeners, and the sign-in the member asked for meanwhile (the id of the form or button). */
  private beforeCore: { stop: AbortController; held: string | null } | null = null;

  constructor(private readonly root: HTMLElement) {
    this.loading = root.innerHTML;
  }

  /**
   * A first visit (nothing stored, so no account): the sign-in form drawn
   * at once, while the core's wasm is still downloading, so the member can
   * type. A sign-in asked for meanwhile waits for the core (`listen`).
   */
  signInBeforeCore(locale: string): void {
    if (this.firstScreenShown) return;
    const draw = (lang: string) => {
      const typed = typedInForms();
      setLanguage(lang);
      this.root.innerHTML = signInForm(signedOut(lang), labels(lang));
      restoreTyped(typed);
    };
    draw(locale);
    this.root.removeAttribute("aria-busy");
    this.signInBeforeCoreShown = true;
    this.firstScreenShown = true;
    performance.mark("nubo-first-screen");
    const early = { stop: new AbortController(), held: null as string | null };
    this.beforeCore = early;
    const { signal } = early.stop;
    const hold = (e: Event, id: string) => {
      e.preventDefault();
      early.held = id;
      this.root.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      document.getElementById("sign-in")?.setAttribute("aria-busy", "true");
    };
    this.root.addEventListener("submit", (e) => hold(e, (e.target as HTMLElement).id), { signal });
    this.root.addEventListener("click", (e) => {
      if ((e.target as HTMLElement).closest("button#sign-in-browser")) hold(e, "sign-in-browser");
    }, { signal });
    this.root.addEventListener("change", (e) => {
      const select = e.target as HTMLSelectElement;
      if (select.id !== "lang") return;
      rememberLocale(select.value);
      draw(select.value);
    }, { signal });
  }

  /**
   * Another tab took the store over: this one is stale and inert. Coming
   * back to it (or "use it here") reloads it, which takes the store back.
   */
  storeElsewhere(): void {
    const t = labels(document.documentElement.lang || navigator.language);
    const useHere = this.alertAbove("store-elsewhere", t.openElsewhere, t.useHere, () => location.reload());
    this.root.inert = true;
    // The page behind is out of use: the focus goes to the one way on.
    useHere.focus();
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") location.reload(); });
  }

  /**
   * Whether changes reach this device's storage: while they do not, an
   * alert says so and what keeps them (this page, a sync); it goes once a
   * change is saved again, or when the member dismisses it.
   */
  storeSaved(saved: boolean): void {
    document.getElementById("store-not-saved")?.remove();
    if (saved) return;
    const t = labels(document.documentElement.lang || navigator.language);
    // Dismissed once read (it covers the foot of the page); the next change not saved shows it again.
    this.alertAbove("store-not-saved", t.notSaved, t.understood, () => document.getElementById("store-not-saved")?.remove());
  }

  /** An alert outside the view model's page (it outlives its redraws), with one button; returns the button. */
  private alertAbove(id: string, sentence: string, action: string, act: () => void): HTMLButtonElement {
    const alert = document.createElement("p");
    alert.id = id;
    alert.setAttribute("role", "alert");
    const button = document.createElement("button");
    button.textContent = action;
    button.addEventListener("click", act);
    alert.append(sentence, " ", button);
    this.root.before(alert);
    return button;
  }

  /** The sign-in asked for before the core loaded, sent now through the core's own handlers. */
  sendHeld(): void {
    const held = this.beforeCore?.held;
    this.beforeCore = null;
    const target = held ? document.getElementById(held) : null;
    if (target instanceof HTMLFormElement) target.requestSubmit();
    else if (target instanceof HTMLButtonElement) target.click();
  }

  /** The whole page again from the view model; the focused field keeps the focus. */
  draw(view: ViewModel): void {
    const t = labels(view.locale || navigator.language);
    setLanguage(view.locale || "en");
    const active = document.activeElement as HTMLInputElement | null;
    const focused = active?.id;
    // Where the caret was in the focused field, so a render while typing moves nothing.
    const caret = active && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd ?? active.selectionStart] : null;
    const scrolled = document.getElementById(this.ui.tab === "news" ? "news-sheet" : this.ui.tab === "contacts" ? "contact-sheet" : "note-sheet")?.scrollTop ?? 0;
    const search = (document.getElementById("search") as HTMLInputElement | null)?.value ?? view.query;
    const typed = typedInForms();
    // Until the store has answered, neither the sign-in nor the app (no sign-in flash for members).
    this.root.innerHTML = view.signed_in ? this.signedIn(view, t) : view.loaded || this.signInBeforeCoreShown ? signInForm(view, t) : this.loading;
    if (view.signed_in || view.loaded) this.root.removeAttribute("aria-busy");
    restoreTyped(typed);
    paintDots(this.root);
    rememberStart();
    document.body.classList.remove("sheet-open");
    if (!view.signed_in) {
      Object.assign(this.ui.notes, notes.notesUi());
      Object.assign(this.ui.news, news.newsUi());
      Object.assign(this.ui.contacts, contact.contactsUi());
      forgetList();
      Object.assign(this.ui.agenda, agendaView.agendaUi());
    }
    if (view.signed_in && this.ui.tab === "contacts") {
      const more = (through: number | null) => this.core?.send({ ShowMoreContacts: { through } });
      document.getElementById("main")!.append(contacts(view, t, search, this.ui.contacts, more));
      const sheet = document.getElementById("contact-sheet");
      if (sheet) sheet.scrollTop = scrolled;
    }
    if (view.signed_in && this.ui.tab === "notes") {
      document.getElementById("main")!.append(notes.notes(view, t, this.ui.notes));
      const sheet = document.getElementById("note-sheet");
      if (sheet) sheet.scrollTop = scrolled;
    }
    if (view.signed_in && this.ui.tab === "news") {
      document.getElementById("main")!.append(news.news(view, t, this.ui.news));
      const sheet = document.getElementById("news-sheet");
      if (sheet) sheet.scrollTop = scrolled;
    }
    // For the load benchmark: when the first usable screen, and the first agenda with events, are on screen.
    if (!this.firstScreenShown && (view.signed_in || view.loaded)) {
      this.firstScreenShown = true;
      performance.mark("nubo-first-screen");
    }
    if (!this.agendaShown && view.signed_in && view.agenda.days.length > 0 && this.ui.tab === "agenda") {
      this.agendaShown = true;
      performance.mark("nubo-first-agenda");
    }
    if (focused) {
      const el = document.getElementById(focused) as HTMLInputElement | null;
      el?.focus({ preventScroll: true });
      if (el && caret && typeof el.selectionStart === "number") el.setSelectionRange(Math.min(caret[0], el.value.length), Math.min(caret[1], el.value.length));
    }
    if (view.signed_in && this.ui.tab === "agenda") agendaView.afterDraw(view, this.ui);
    if (view.signed_in && this.ui.tab === "notes") notes.afterDraw(view, this.ui.notes);
    if (view.signed_in && this.ui.tab === "news") news.afterDraw(view, this.ui.news);
    if (view.signed_in && this.ui.tab === "contacts") {
      contact.afterDraw(view, this.ui.contacts);
      afterListDrawn(this.ui.contacts);
    }
  }

  private signedIn(view: ViewModel, t: Labels): string {
    const tab = this.ui.tab;
    // The contacts, notes and news screens are built with DOM nodes (a note's words never pass through markup): appended to <main> by `draw`.
    const screen = tab === "agenda" ? agenda(view, t, this.ui) : "";
    // tabindex: the skip link moves the focus here.
    return `${header(view, t, tab)}<main id="main" tabindex="-1">${screen}</main>`;
  }

  /** From now on, what the member does goes to `core`: one listener per kind for the whole page, redrawn on every render. */
  listen(core: Core): AppContext {
    const ctx: AppContext = { core, ui: this.ui, redraw: () => this.draw(core.view()) };
    this.core = core;
    this.beforeCore?.stop.abort();
    this.root.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      const button = target.closest("button");
      if (button) clicks.some((handle) => handle(ctx, button));
      const link = target.closest("a");
      if (link && links.some((handle) => handle(ctx, link))) e.preventDefault();
    });
    // A middle click on a note's or an announcement's link asks first too.
    this.root.addEventListener("auxclick", (e) => {
      const link = (e.target as HTMLElement).closest("a");
      if (link && links.some((handle) => handle(ctx, link))) e.preventDefault();
    });
    this.root.addEventListener("submit", (e) => {
      e.preventDefault();
      submits.some((handle) => handle(ctx, e.target as HTMLFormElement));
    });
    this.root.addEventListener("input", (e) => inputs.some((handle) => handle(ctx, e.target as HTMLInputElement)));
    this.root.addEventListener("change", (e) => {
      const target = e.target as HTMLInputElement | HTMLSelectElement;
      if (!(target instanceof HTMLSelectElement && changes.some((handle) => handle(ctx, target)))) fieldChanges.some((handle) => handle(ctx, target));
    });
    document.addEventListener("keydown", (e) => notes.onKey(ctx, e) || news.onKey(ctx, e) || contact.onKey(ctx, e) || agendaView.onSheetKey(ctx, e) || agendaView.onKey(ctx, e));
    agendaView.listenSwipe(this.root, ctx);
    addEventListener("popstate", () => { notes.onHistory(ctx); news.onHistory(ctx); contact.onHistory(ctx); agendaView.onHistory(ctx); });
    notes.onLayout(() => ctx.redraw());
    return ctx;
  }
}
