// The bridge to the core in WebAssembly: events in, the page's requests
// out (HTTP, secrets, notifications, render), answers back. No logic here
// beyond carrying each request out.
import init, { NuboWeb } from "./pkg/nubo_web.js";
import { loadSnapshot, saveSnapshot } from "./snapshot";

type HttpRequest = { method: string; url: string; headers: [string, string][]; body: number[] };
type SecretRequest = { Get: { key: string } } | { Set: { key: string; value: string } } | { Delete: { key: string } };
type NotifyRequest = { id: string; title: string; body: string; at: number | null };
type PageRequest =
  | { kind: "Http"; id: number; request: HttpRequest }
  | { kind: "Secret"; id: number; request: SecretRequest }
  | { kind: "Notify"; id: number; request: NotifyRequest }
  | { kind: "Render" };

export type View = Record<string, any>;

export class Core {
  private constructor(private core: NuboWeb, private onRender: (view: View) => void) {}

  static async start(onRender: (view: View) => void): Promise<Core> {
    await init();
    const core = new Core(new NuboWeb(await loadSnapshot()), onRender);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    core.send({ Start: { locale: localStorage.getItem("nubo-locale") ?? navigator.language, time_zone: zone } });
    return core;
  }

  view(): View {
    return JSON.parse(this.core.view());
  }

  send(event: unknown): void {
    this.handle(this.core.update(JSON.stringify(event)));
  }

  private answer(id: number, output: unknown): void {
    this.handle(this.core.resolve(id, JSON.stringify(output)));
  }

  private handle(json: string): void {
    const requests: PageRequest[] = JSON.parse(json);
    for (const r of requests) {
      switch (r.kind) {
        case "Render":
          this.onRender(this.view());
          break;
        case "Http":
          http(r.request).then((result) => this.answer(r.id, result));
          break;
        case "Secret":
          this.answer(r.id, secret(r.request));
          break;
        case "Notify":
          notify(r.request);
          this.answer(r.id, null);
          break;
      }
    }
    const snapshot = this.core.takeSnapshot();
    if (snapshot) void saveSnapshot(snapshot);
  }
}

// HTTP through fetch, same origin only (the server sends no CORS headers);
// redirects are not followed, as the core decides on them.
async function http(request: HttpRequest): Promise<unknown> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body.length ? new Uint8Array(request.body) : undefined,
      redirect: "manual",
      cache: "no-store",
      credentials: "omit",
    });
    if (response.type === "opaqueredirect") {
      return { Err: { Connect: "redirect not followed by the browser" } };
    }
    const body = Array.from(new Uint8Array(await response.arrayBuffer()));
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    return { Ok: { status: response.status, headers, body } };
  } catch (e) {
    return { Err: { Connect: navigator.onLine ? String(e) : "offline" } };
  }
}

// The browser has no keychain a page can use: the password stays in this
// origin's localStorage, never in the database or a cookie.
function secret(request: SecretRequest): unknown {
  if ("Get" in request) return { Value: localStorage.getItem("nubo-secret:" + request.Get.key) };
  if ("Set" in request) {
    localStorage.setItem("nubo-secret:" + request.Set.key, request.Set.value);
    return "Done";
  }
  localStorage.removeItem("nubo-secret:" + request.Delete.key);
  return "Done";
}

// Reminders while the page is open; the browser cannot wake a closed page.
const scheduled = new Map<string, number>();
function notify(request: NotifyRequest): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  clearTimeout(scheduled.get(request.id));
  const delay = Math.max(0, (request.at ?? Date.now()) - Date.now());
  if (delay > 2 ** 31 - 1) return;
  scheduled.set(request.id, window.setTimeout(() => new Notification(request.title, { body: request.body, tag: request.id }), delay));
}
