// What screens share, passed to them explicitly: the core handle, the
// page's own state (what the core does not hold), and a way to draw again.
import type { Core } from "../bridge/core";
import type { ContactsUi } from "./contact";
import type { AgendaUi } from "./agenda";
import type { NewsUi } from "./news";
import type { NotesUi } from "./notes";

export type Tab = "agenda" | "contacts" | "notes" | "news";

/** The page's state between renders: the section shown, whether an empty new-event form is open, the notes and news screens'. */
export interface UiState {
  tab: Tab;
  creatingEvent: boolean;
  agenda: AgendaUi;
  notes: NotesUi;
  news: NewsUi;
  contacts: ContactsUi;
}

export interface AppContext {
  readonly core: Core;
  readonly ui: UiState;
  /** Draws the core's current view model again (after a change to `ui`). */
  redraw(): void;
}

/** A screen's answer to a click, a submit, an input or a change: true when it was its own. */
export type Handler<E extends HTMLElement> = (ctx: AppContext, element: E) => boolean;
