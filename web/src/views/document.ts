// A document from the core (a note's, an announcement's) drawn with DOM
// nodes only: its words are text nodes, never markup; links only for
// http(s) and mailto, opened in a new tab once the member says yes. And
// the modal question the screens ask before anything that cannot be undone.
import type { Block, Span } from "../bridge/view_model";
import type { Labels } from "../i18n";
import { h } from "./html";

/** Only these schemes become links (the core already allows no other; this shell checks again). */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function spans(list: Span[]): Node[] {
  return list.map((s): Node => {
    if (s === "line_break") return h("br");
    if ("text" in s) return document.createTextNode(s.text);
    if ("emphasis" in s) return h("em", {}, ...spans(s.emphasis));
    if ("strong" in s) return h("strong", {}, ...spans(s.strong));
    if ("code" in s) return h("code", {}, s.code);
    const href = safeHref(s.link.href);
    const inner = spans(s.link.spans);
    return href
      ? h("a", { href, target: "_blank", rel: "noopener noreferrer", class: "external", title: href }, ...inner)
      : h("span", {}, ...inner);
  });
}

/** The blocks as DOM: a run of list items becomes nested lists by depth; tasks are checkboxes (disabled when `readOnly`). */
export function documentNode(blocks: Block[], readOnly: boolean): HTMLElement {
  const root = h("div", { class: "document" });
  draw(blocks, root, readOnly, { top: topLevel(blocks), last: 2 });
  return root;
}

/** The document's highest heading level (a note often starts at "##" once its title is left out). */
function topLevel(blocks: Block[]): number {
  let top = 6;
  for (const b of blocks) {
    if (typeof b !== "object") continue;
    if ("heading" in b) top = Math.min(top, b.heading.level);
    else if ("quote" in b) top = Math.min(top, topLevel(b.quote.blocks));
  }
  return top;
}

/**
 * Headings: the sheet's title is an h2, so the document's highest level
 * becomes h3, and none skips a level after the one before it (a screen
 * reader's outline has no holes).
 */
interface Outline { top: number; last: number }

function draw(blocks: Block[], parent: HTMLElement, readOnly: boolean, outline: Outline): void {
  // The open lists of the current run, outermost first.
  let lists: { depth: number; ordered: boolean; list: HTMLElement }[] = [];
  for (const block of blocks) {
    if (typeof block !== "string" && "list_item" in block) {
      const item = block.list_item;
      const ordered = item.marker !== "bullet";
      while (lists.length && lists[lists.length - 1].depth > item.depth) lists.pop();
      let top = lists[lists.length - 1];
      if (top && top.depth === item.depth && top.ordered !== ordered) {
        lists.pop();
        top = lists[lists.length - 1];
      }
      if (!top || top.depth < item.depth) {
        const list = ordered ? h("ol", { start: typeof item.marker === "object" ? item.marker.number : null }) : h("ul");
        ((top?.list.lastElementChild as HTMLElement | null) ?? parent).append(list);
        top = { depth: item.depth, ordered, list };
        lists.push(top);
      }
      const li = h("li", { value: typeof item.marker === "object" ? item.marker.number : null });
      if (item.task) {
        li.classList.add("task");
        li.append(h("label", { class: "task-row" },
          h("input", { type: "checkbox", id: `task-${item.task.index}`, "data-task": item.task.index, checked: item.task.checked, disabled: readOnly }),
          h("span", {}, ...spans(item.spans))));
      } else li.append(...spans(item.spans));
      top.list.append(li);
      continue;
    }
    lists = [];
    if (block === "rule") parent.append(h("hr"));
    else if ("heading" in block) {
      const level = Math.min(6, 3 + block.heading.level - outline.top, outline.last + 1);
      outline.last = Math.max(3, level);
      parent.append(h(`h${outline.last}` as "h3", {}, ...spans(block.heading.spans)));
    } else if ("paragraph" in block) parent.append(h("p", {}, ...spans(block.paragraph.spans)));
    else if ("quote" in block) {
      const quote = h("blockquote");
      draw(block.quote.blocks, quote, readOnly, outline);
      parent.append(quote);
    } else parent.append(h("pre", {}, h("code", { "data-language": block.code.language }, block.code.text)));
  }
}

// ------------------------------------------------------------------ confirmations

export interface Question {
  question: string;
  detail?: string;
  /** What the confirming button does, said on it. */
  confirm: string;
  /** What the other button does (the default: focused first, and Escape). */
  cancel: string;
  danger?: boolean;
}

/** A modal question outside the page's redrawn part; resolves true when confirmed. */
export function ask(q: Question): Promise<boolean> {
  const yes = h("button", { type: "button", class: q.danger ? "danger" : "" }, q.confirm);
  const no = h("button", { type: "button", class: "quiet" }, q.cancel);
  const dialog = h("dialog", { class: "confirm", "aria-labelledby": "confirm-question", "aria-describedby": q.detail ? "confirm-detail" : null },
    h("p", { id: "confirm-question", class: "question" }, q.question),
    q.detail && h("p", { id: "confirm-detail", class: "detail" }, q.detail),
    h("div", { class: "actions" }, no, yes));
  document.body.append(dialog);
  return new Promise((resolve) => {
    const done = (answer: boolean) => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); done(false); });
    dialog.showModal();
    no.focus();
  });
}

/**
 * Before a form with unsaved typing closes: "discard your changes?", the
 * buttons saying what they do. Kept editing: the focus goes back to `field`.
 */
export async function askDiscard(question: string, t: Labels, field: HTMLElement | null): Promise<boolean> {
  if (await ask({ question, confirm: t.discardConfirm, cancel: t.discardKeep, danger: true })) return true;
  if (field?.isConnected) field.focus();
  return false;
}

export async function openExternal(anchor: HTMLAnchorElement, t: Labels): Promise<void> {
  const href = safeHref(anchor.href);
  if (!href || !(await ask({ question: t.linkQuestion, detail: href, confirm: t.linkOpen, cancel: t.linkStay }))) {
    anchor.focus();
    return;
  }
  h("a", { href, target: "_blank", rel: "noopener noreferrer" }).click();
}
