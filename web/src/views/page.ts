// The page: draws the core's view model, and sends each click, submit,
// input or change to the screen it belongs to. Nothing is decided here.
import type { Core } from "../bridge/core";
import type { ViewModel } from "../bridge/view_model";
import { labels, type Labels } from "../i18n";
import { agenda, onClick as agendaClick } from "./agenda";
import { onClick as contactClick, onSubmit as contactSubmit } from "./contact";
import { contacts, onClick as contactsClick, onInput as contactsInput } from "./contacts";
import type { AppContext, Handler, UiState } from "./context";
import { onClick as eventClick, onSubmit as eventSubmit } from "./event";
import { header, onClick as headerClick } from "./header";
import { onChange as languageChange } from "./language";
import { onSubmit as signInSubmit, signInForm } from "./sign_in";

const clicks: Handler<HTMLButtonElement>[] = [headerClick, contactClick, eventClick, agendaClick, contactsClick];
const submits: Handler<HTMLFormElement>[] = [signInSubmit, eventSubmit, contactSubmit];
const inputs: Handler<HTMLInputElement>[] = [contactsInput];
const changes: Handler<HTMLSelectElement>[] = [languageChange];

export class Page {
  private readonly ui: UiState = { tab: "agenda", creatingEvent: false };
  /** For the load benchmark: the first agenda with events was drawn. */
  private agendaShown = false;

  constructor(private readonly root: HTMLElement) {}

  /** The whole page again from the view model; the focused field keeps the focus. */
  draw(view: ViewModel): void {
    const t = labels(view.locale || navigator.language);
    document.documentElement.lang = (view.locale || "en").slice(0, 2);
    const focused = document.activeElement?.id;
    const search = (document.getElementById("search") as HTMLInputElement | null)?.value ?? view.query;
    this.root.innerHTML = view.signed_in ? this.signedIn(view, t, search) : signInForm(view, t);
    // For the load benchmark: when the first agenda with events is on screen.
    if (!this.agendaShown && view.signed_in && view.agenda.days.length > 0 && this.ui.tab === "agenda") {
      this.agendaShown = true;
      performance.mark("nubo-first-agenda");
    }
    if (focused) {
      const el = document.getElementById(focused) as HTMLInputElement | null;
      el?.focus();
      if (el && "selectionStart" in el && el.type === "search") el.setSelectionRange(el.value.length, el.value.length);
    }
  }

  private signedIn(view: ViewModel, t: Labels, search: string): string {
    const tab = this.ui.tab;
    return `${header(view, t, tab)}<main>${tab === "agenda" ? agenda(view, t, this.ui) : contacts(view, t, search)}</main>`;
  }

  /** From now on, what the member does goes to `core`: one listener per kind for the whole page, redrawn on every render. */
  listen(core: Core): AppContext {
    const ctx: AppContext = { core, ui: this.ui, redraw: () => this.draw(core.view()) };
    this.root.addEventListener("click", (e) => {
      const button = (e.target as HTMLElement).closest("button");
      if (button) clicks.some((handle) => handle(ctx, button));
    });
    this.root.addEventListener("submit", (e) => {
      e.preventDefault();
      submits.some((handle) => handle(ctx, e.target as HTMLFormElement));
    });
    this.root.addEventListener("input", (e) => inputs.some((handle) => handle(ctx, e.target as HTMLInputElement)));
    this.root.addEventListener("change", (e) => changes.some((handle) => handle(ctx, e.target as HTMLSelectElement)));
    return ctx;
  }
}
