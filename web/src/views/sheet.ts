// The sheet a screen opens its item in (a note, an announcement, a
// contact, an event): full screen on a phone with the rest of the page
// inert, a side panel wider; a history entry so that the browser's back
// closes it; the focus moved in, and back to what opened it on closing.
// Each screen keeps only its own keys and focus targets.
import type { AppContext, Tab } from "./context";

/** Up to this width the sheet covers the page. */
export const phone = matchMedia("(max-width: 47.99rem)");

/** What a screen remembers of its sheet between draws. */
export interface SheetUi {
  /** The id of what opened the sheet, for the focus when it closes. */
  opener: string | null;
  /** What the sheet shows, as the screen names it; null: closed. */
  shown: string | null;
}

export class Sheet {
  /** Set when the page itself goes back in history to drop the sheet's entry. */
  private leaving = false;

  /** `marker`: the history state's key; `pane`: the screen's part the sheet covers on a phone. */
  constructor(private readonly tab: Tab, private readonly marker: string, private readonly pane: string) {}

  /**
   * After a draw, with `key`, what the sheet shows now. On a phone the page
   * around an open sheet is inert. When the sheet closed: its history entry
   * goes and the focus returns to the opener (else `fallback`). Returns
   * what was shown before when the sheet opened or changed, for the
   * screen to move the focus; undefined otherwise.
   */
  settle(ui: SheetUi, key: string | null, fallback: () => HTMLElement | null): { before: string | null } | undefined {
    const covered = key !== null && phone.matches;
    for (const el of document.querySelectorAll<HTMLElement>(`#app > header, #app > nav, #app > p, #${this.pane}`)) el.inert = covered;
    document.body.classList.toggle("sheet-open", covered);
    const before = ui.shown;
    if (key === before) return undefined;
    ui.shown = key;
    if (key === null) {
      if (history.state?.[this.marker]) {
        this.leaving = true;
        history.back();
      }
      ((ui.opener && document.getElementById(ui.opener)) || fallback())?.focus();
      ui.opener = null;
      return undefined;
    }
    if (before === null) this.reenter();
    return { before };
  }

  /** The sheet's history entry again: the member went back but chose to stay. */
  reenter(): void {
    history.pushState({ [this.marker]: true }, "");
  }

  /** Escape closes the open sheet, unless a question is open; true when taken. */
  onKey(ctx: AppContext, e: KeyboardEvent, ui: SheetUi, close: () => void): boolean {
    if (e.key !== "Escape" || ctx.ui.tab !== this.tab || ui.shown === null || document.querySelector("dialog[open]")) return false;
    e.preventDefault();
    close();
    return true;
  }

  /** The browser's back while the sheet is open closes it (not the page's own going back). */
  onHistory(ctx: AppContext, ui: SheetUi, close: () => void): void {
    if (this.leaving) {
      this.leaving = false;
      return;
    }
    if (ctx.ui.tab === this.tab && ui.shown !== null) close();
  }
}
