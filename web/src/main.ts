// The page: draws the core's view model and turns what the member does
// into the core's events. Nothing is decided here.
import { Core, View } from "./core";
import { labels } from "./i18n";
import "./style.css";

const app = document.getElementById("app")!;
let core: Core;
let tab: "agenda" | "contacts" = "agenda";

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

let agendaShown = false;

function draw(view: View): void {
  const t = labels(view.locale || navigator.language);
  document.documentElement.lang = (view.locale || "en").slice(0, 2);
  const focused = document.activeElement?.id;
  const search = (document.getElementById("search") as HTMLInputElement | null)?.value ?? view.query;
  app.innerHTML = view.signed_in ? signedIn(view, t, search) : signInForm(view, t);
  // For the load benchmark: when the first agenda with events is on screen.
  if (!agendaShown && view.signed_in && view.agenda.days.length > 0 && tab === "agenda") {
    agendaShown = true;
    performance.mark("nubo-first-agenda");
  }
  if (focused) {
    const el = document.getElementById(focused) as HTMLInputElement | null;
    el?.focus();
    if (el && "selectionStart" in el && el.type === "search") el.setSelectionRange(el.value.length, el.value.length);
  }
}

function signInForm(view: View, t: ReturnType<typeof labels>): string {
  return `<main class="narrow"><h1>Nubo</h1>
    <form id="sign-in" aria-describedby="sign-in-error">
      <label>${t.email}<input id="email" name="email" type="email" autocomplete="username" required></label>
      <label>${t.password}<input id="password" name="password" type="password" autocomplete="current-password" required></label>
      <label>${t.server}<input id="server" name="server" type="url" value="${esc(location.origin + "/")}"></label>
      <button type="submit" ${view.signing_in ? "disabled" : ""}>${t.signIn}</button>
      <p id="sign-in-error" role="alert" class="error">${esc(view.sign_in_error)}</p>
    </form>${languagePicker(view, t)}</main>`;
}

function languagePicker(view: View, t: ReturnType<typeof labels>): string {
  const current = (view.locale || "en").slice(0, 2);
  const option = (code: string, name: string) => `<option value="${code}" ${current === code ? "selected" : ""}>${name}</option>`;
  return `<label class="lang">${t.language} <select id="lang">${option("fr", "Français")}${option("nl", "Nederlands")}${option("en", "English")}</select></label>`;
}

function signedIn(view: View, t: ReturnType<typeof labels>, search: string): string {
  const status = `<p id="status" role="status" class="${view.sync.failed ? "error" : ""}">${esc(view.sync.status)}${
    navigator.onLine ? "" : ` — ${t.offline}`}${view.pending_changes ? ` (${view.pending_changes} ${t.pending})` : ""}</p>`;
  const message = view.error ? `<p role="alert" class="error">${esc(view.error)}</p>` : view.notice ? `<p class="notice">${esc(view.notice)}</p>` : "";
  const tabs = `<nav aria-label="sections"><button id="tab-agenda" aria-pressed="${tab === "agenda"}">${t.agenda}</button>
    <button id="tab-contacts" aria-pressed="${tab === "contacts"}">${t.contacts}</button></nav>`;
  return `<header><h1>Nubo</h1><button id="sync" ${view.sync.running ? "disabled" : ""}>${t.sync}</button>
    ${languagePicker(view, t)}<button id="sign-out" class="quiet">${t.signOut}</button></header>
    ${tabs}${status}${message}<main>${tab === "agenda" ? agenda(view, t) : contacts(view, t, search)}</main>`;
}

function agenda(view: View, t: ReturnType<typeof labels>): string {
  const a = view.agenda;
  const spans = (["Upcoming", "Day", "Week", "Month"] as const)
    .map((s) => `<button data-span="${s}" aria-pressed="${a.span === s}">${t[s.toLowerCase() as "day"]}</button>`).join("");
  const days = a.days.length
    ? a.days.map((d: any) => `<section class="day"><h3>${esc(d.label)}</h3><ul>${d.entries.map((e: any) =>
        `<li class="event${e.pending ? " pending" : ""}"><button class="entry" data-event="${e.event_id}" data-occurrence="${esc(e.occurrence ?? "")}">
         <span class="dot" style="background:${esc(e.color ?? "#0082c9")}"></span><span class="time">${esc(e.time)}</span> <strong>${esc(e.title)}</strong>${
         e.location ? ` <span class="place">${esc(e.location)}</span>` : ""}</button></li>`).join("")}</ul></section>`).join("")
    : `<p>${t.noEvents}</p>`;
  const move = a.span === "Upcoming" ? "" :
    `<button data-go="${esc(shiftDay(a.from, -1))}" aria-label="${t.previous}">‹</button><button data-go="${esc(shiftDay(a.to, 1))}" aria-label="${t.next}">›</button>`;
  const writable = view.calendars.some((c: any) => !c.read_only);
  return `${eventForm(view, t)}<h2 id="agenda-title">${esc(a.title)}</h2><div class="spans" role="group">${spans}${move}${
    writable ? `<button id="new-event">${t.newEvent}</button>` : ""}</div>${a.note ? `<p>${esc(a.note)}</p>` : ""}${days}`;
}

let creatingEvent = false;

/** The open event (or a new one): times as the core reads them, in the member's zone. */
function eventForm(view: View, t: ReturnType<typeof labels>): string {
  const e = view.event;
  if (!e && !creatingEvent) return "";
  const f = e?.fields ?? { summary: "", location: "", description: "", start: "", end: "" };
  const ro = e?.read_only ? "readonly" : "";
  const field = (id: string, label: string, value: string, hint = "") =>
    `<label>${label}<input id="${id}" value="${esc(value)}" ${ro} ${hint ? `placeholder="${hint}"` : ""}></label>`;
  const remove = e && !e.read_only
    ? `<button type="button" id="delete-event">${e.occurrence ? t.cancelOccurrence : t.deleteEvent}</button>` : "";
  return `<form id="event" class="panel" data-id="${e?.id ?? ""}" data-occurrence="${esc(e?.occurrence ?? "")}" aria-label="${esc(f.summary || t.newEvent)}">
    ${field("e-summary", t.title, f.summary)}${field("e-start", t.start, f.start, "2027-05-08T10:00")}${field("e-end", t.end, f.end)}
    ${field("e-location", t.place, f.location)}${e?.recurring && e.occurrence ? `<p>${t.thisOccurrence}</p>` : ""}
    ${e?.read_only ? "" : `<button type="submit">${t.save}</button>`}${remove}<button type="button" id="close-event">${t.close}</button></form>`;
}

/** The day before or after "2027-05-01": the core picks the window around it. */
function shiftDay(date: string, days: number): string {
  const d = new Date(date + "T12:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function contacts(view: View, t: ReturnType<typeof labels>, search: string): string {
  const list = view.contacts.map((c: any) =>
    `<li><button class="contact" data-id="${c.id}">${esc(c.name)}<small>${esc(c.detail)}${c.pending ? ` · ${t.pending}` : ""}</small></button></li>`).join("");
  const s = view.selected;
  const detail = s ? `<form id="contact" data-id="${s.id}" aria-label="${esc(s.fields.full_name)}">
      <label>${t.name}<input id="f-name" value="${esc(s.fields.full_name)}" ${s.read_only ? "readonly" : ""}></label>
      <label>${t.phone}<input id="f-phone" value="${esc(s.fields.phones[0]?.value ?? "")}" ${s.read_only ? "readonly" : ""}></label>
      <label>${t.org}<input id="f-org" value="${esc(s.fields.org)}" ${s.read_only ? "readonly" : ""}></label>
      ${s.read_only ? "" : `<button type="submit">${t.save}</button>`}<button type="button" id="close">${t.close}</button></form>` : "";
  return `<label class="search">${t.search}<input id="search" type="search" value="${esc(search)}"></label>
    <div class="contacts"><ul id="contact-list">${list}</ul>${detail}</div>`;
}

// One listener for the whole page: the markup is redrawn on every render.
app.addEventListener("click", (e) => {
  const target = (e.target as HTMLElement).closest("button");
  if (!target) return;
  if (target.id === "sync") core.send("Sync");
  else if (target.id === "sign-out") core.send("SignOut");
  else if (target.id === "tab-agenda") { tab = "agenda"; draw(core.view()); }
  else if (target.id === "tab-contacts") { tab = "contacts"; draw(core.view()); }
  else if (target.id === "close") core.send("CloseContact");
  else if (target.id === "new-event") { creatingEvent = true; core.send("CloseEvent"); draw(core.view()); }
  else if (target.id === "close-event") { creatingEvent = false; core.send("CloseEvent"); draw(core.view()); }
  else if (target.id === "delete-event") {
    const form = target.closest("form") as HTMLFormElement;
    core.send({ DeleteEvent: { id: Number(form.dataset.id), occurrence: form.dataset.occurrence || null } });
  }
  else if (target.dataset.event) {
    creatingEvent = false;
    core.send({ OpenEvent: { id: Number(target.dataset.event), occurrence: target.dataset.occurrence || null } });
  }
  else if (target.dataset.span) core.send({ ShowAgenda: { range: { span: target.dataset.span, date: null, until: null } } });
  else if (target.dataset.go) core.send({ ShowAgenda: { range: { span: core.view().agenda.span, date: target.dataset.go, until: null } } });
  else if (target.dataset.id) core.send({ OpenContact: { id: Number(target.dataset.id) } });
});

app.addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  if (form.id === "sign-in") {
    core.send({ SignIn: { email: value("email"), password: value("password"), server_url: value("server") || null } });
  } else if (form.id === "event") {
    const fields = { summary: value("e-summary"), start: value("e-start"), end: value("e-end"), location: value("e-location"),
      description: core.view().event?.fields.description ?? "" };
    const id = form.dataset.id ? Number(form.dataset.id) : null;
    creatingEvent = false;
    core.send({ SaveEvent: { id, calendar: null, occurrence: form.dataset.occurrence || null, fields } });
  } else if (form.id === "contact") {
    const fields = structuredClone(core.view().selected.fields);
    fields.full_name = value("f-name");
    fields.org = value("f-org");
    const phone = value("f-phone").trim();
    fields.phones = phone ? [{ label: fields.phones[0]?.label ?? "", value: phone }, ...fields.phones.slice(1)] : fields.phones.slice(1);
    core.send({ SaveContact: { id: Number(form.dataset.id), fields } });
  }
});

app.addEventListener("input", (e) => {
  const input = e.target as HTMLInputElement;
  if (input.id === "search") core.send({ Search: { query: input.value } });
});

app.addEventListener("change", (e) => {
  const select = e.target as HTMLSelectElement;
  if (select.id === "lang") {
    localStorage.setItem("nubo-locale", select.value);
    core.send({ Start: { locale: select.value, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone } });
  }
});

// Back online: send what waited.
addEventListener("online", () => core.send("Sync"));
addEventListener("offline", () => draw(core.view()));

core = await Core.start(draw);
draw(core.view());
// Installable and opening offline: the service worker keeps the files this
// page loaded (the script, the styles, the core's wasm) for next time.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(import.meta.env.BASE_URL + "sw.js").catch(() => {});
  navigator.serviceWorker.ready.then((registration) => {
    const files = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).pathname.startsWith(import.meta.env.BASE_URL));
    registration.active?.postMessage({ keep: [location.href, ...files] });
  });
}
