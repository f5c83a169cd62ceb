// Small helpers for markup drawn from strings.

/** Text made safe for HTML content and attribute values. */
export const esc = (s: unknown): string =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The value of the input with this id. */
export const inputValue = (id: string): string => (document.getElementById(id) as HTMLInputElement).value;
