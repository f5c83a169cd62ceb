// Small helpers for markup drawn from strings.

/** Text made safe for HTML content and attribute values. */
export const esc = (s: unknown): string =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The value of the input with this id. */
export const inputValue = (id: string): string => (document.getElementById(id) as HTMLInputElement).value;

type Child = Node | string | null | undefined | false;

/**
 * An element built with the DOM, never from markup: attributes set one by
 * one (`true`: present, `false`/`null`: left out; no `on…` handlers) and
 * children appended as nodes, strings as text nodes. For anything that
 * comes from a member's data, such as a note's document.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string | number | boolean | null | undefined> = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name)) throw new Error(`no inline handler: ${name}`);
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}
