// Reminders while the page is open; the browser cannot wake a closed page.

/** `shared::effects::NotifyRequest`: `at` in milliseconds since the epoch, null: now. */
export interface NotifyRequest {
  id: string;
  title: string;
  body: string;
  at: number | null;
}

/** Schedules reminders, one timer per reminder id (a new request replaces it). */
export class Notifier {
  private scheduled = new Map<string, number>();

  notify(request: NotifyRequest): void {
    if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
    clearTimeout(this.scheduled.get(request.id));
    const delay = Math.max(0, (request.at ?? Date.now()) - Date.now());
    if (delay > 2 ** 31 - 1) return;
    this.scheduled.set(request.id, window.setTimeout(() => new Notification(request.title, { body: request.body, tag: request.id }), delay));
  }
}
