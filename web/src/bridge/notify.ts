// Notifications while the page is open; the browser cannot wake a closed page.

/** `shared::effects::Notification`: shown now (a new announcement). */
export interface Shown {
  id: string;
  title: string;
  body: string;
}

/** `shared::effects::Reminder`: `at` in milliseconds since the epoch. */
export interface Reminder extends Shown {
  at: number;
}

/**
 * `shared::effects::NotifyRequest`: one shown now, or the complete set of
 * reminders, which replaces every one set before (empty: none, as at sign-out).
 */
export type NotifyRequest = { Show: Shown } | { Reminders: Reminder[] };

/** The longest delay `setTimeout` keeps (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1;

/** One timer per reminder id; a new set clears the timers of reminders not in it. */
export class Notifier {
  private scheduled = new Map<string, number>();

  notify(request: NotifyRequest): void {
    if ("Reminders" in request) {
      this.replaceReminders(request.Reminders);
    } else if ("Show" in request) {
      this.show(request.Show);
    }
  }

  /** The ids of the reminders whose timers are set (for tests). */
  pending(): string[] {
    return [...this.scheduled.keys()];
  }

  private show(n: Shown): void {
    if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
    new Notification(n.title, { body: n.body, tag: n.id });
  }

  private replaceReminders(set: Reminder[]): void {
    const next = new Map(set.map((r) => [r.id, r]));
    // An event moved or deleted (or a sign-out): its reminder never fires.
    for (const [id, timer] of this.scheduled) {
      clearTimeout(timer);
      this.scheduled.delete(id);
    }
    const now = Date.now();
    for (const r of next.values()) {
      const delay = r.at - now;
      if (delay <= 0 || delay > MAX_DELAY) continue;
      const timer = setTimeout(() => {
        this.scheduled.delete(r.id);
        this.show(r);
      }, delay);
      this.scheduled.set(r.id, timer as unknown as number);
    }
  }
}
