// The bridge to the core in WebAssembly: events in, the page's requests
// out (the store, HTTP, secrets, notifications, pauses, render), answers
// back. No logic here beyond carrying each request out. The store runs in
// its own worker (bridge/store.ts), from the same compiled wasm.
import init, { NuboWeb } from "../pkg/nubo_web.js";
import wasmUrl from "../pkg/nubo_web_bg.wasm?url";
import type { Event } from "./events";
import { http, type HttpRequest } from "./http";
import { Notifier, type NotifyRequest } from "./notify";
import { secret, type SecretRequest } from "./secrets";
import { StoreWorker } from "./store";
import { TabLock } from "./tab_lock";
import type { ViewModel } from "./view_model";

/** What the page must do: `PageRequest` in web/core/src/lib.rs (serde, tagged by `kind`). `Store`'s request is JSON, for the worker as it is. */
type PageRequest =
  | { kind: "Store"; id: number; request: string }
  | { kind: "Http"; id: number; request: HttpRequest }
  | { kind: "Secret"; id: number; request: SecretRequest }
  | { kind: "Notify"; id: number; request: NotifyRequest }
  | { kind: "Wait"; id: number; ms: number }
  | { kind: "Render" };

/** The device's IANA zone ("Europe/Brussels"), sent with `Start`. */
export const timeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Where the language the member picked is kept between visits. */
const LOCALE_KEY = "nubo-locale";
/** The language to start in: the one picked last, else the browser's. One place, so the sign-in drawn before the core and the core never disagree. */
export const startLocale = (): string => localStorage.getItem(LOCALE_KEY) ?? navigator.language;
export const rememberLocale = (locale: string): void => localStorage.setItem(LOCALE_KEY, locale);

/** Set while an account is stored: lets the page choose its first paint before the wasm is there. */
export const ACCOUNT_STORED = "nubo-account-stored";

/** The core's wasm compiled once, for the page and the store worker. */
async function compileCore(): Promise<WebAssembly.Module> {
  const response = await fetch(wasmUrl);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    // A server that does not say application/wasm: compiled from the bytes.
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

export class Core {
  private readonly notifier = new Notifier();
  /** Secrets being read or written: the password is loaded once these are answered. */
  private readonly secrets = new Set<Promise<void>>();
  private syncRunning = false;
  /** What `ACCOUNT_STORED` was last set to by this page (null: not yet). */
  private accountStored: boolean | null = null;
  /** Another tab keeps the store now: nothing reaches this core any more. */
  private stopped = false;
  /** Whether the last change reached this device's storage (null: no change yet). */
  private lastSaved: boolean | null = null;
  private readonly core = new NuboWeb();
  private store!: StoreWorker;
  /** Store requests sent and not yet answered, and who waits for there to be none. */
  private storeWaiting = 0;
  private settled: (() => void)[] = [];
  /** Who waits for the stored account to be read. */
  private loaded: (() => void)[] = [];

  private constructor(
    private readonly onRender: (view: ViewModel) => void,
    private readonly onSaved: (saved: boolean) => void,
  ) {}

  /**
   * Loads the wasm, starts the store's worker once this tab may keep the
   * store, then sends `Start`. `onStopped`: another tab took the store
   * over, this one's writes have landed. `onSaved`: whether changes reach
   * this device's storage, told when that changes (false: they are only in
   * this page, and the server once synced).
   */
  static async start(onRender: (view: ViewModel) => void, onStopped: () => void, onSaved: (saved: boolean) => void): Promise<Core> {
    // Without Web Locks, a second tab finds the files held by the first: its store stays in memory.
    const lock = TabLock.take().catch(() => null);
    const module = await compileCore();
    await init({ module_or_path: module });
    performance.mark("nubo-wasm-ready");
    const opened = new Core(onRender, onSaved);
    const held = await lock;
    opened.store = new StoreWorker(module, (saved, error) => opened.saved(saved, error));
    held?.whenAsked(async () => {
      opened.stopped = true;
      await opened.store.close();
      onStopped();
    });
    performance.mark("nubo-core-open");
    opened.send({ Start: { locale: startLocale(), time_zone: timeZone(), screens: null } });
    return opened;
  }

  /**
   * Resolves once the stored account is read and its password loaded: the
   * store and the secrets have answered all the core asked since `Start`.
   */
  async started(): Promise<void> {
    if (!this.view().loaded) await new Promise<void>((resolve) => this.loaded.push(resolve));
    while (this.storeWaiting > 0 || this.secrets.size > 0) {
      await this.storeSettled();
      await Promise.allSettled([...this.secrets]);
    }
  }

  /** Resolves once no store request is waiting for its answer. */
  private async storeSettled(): Promise<void> {
    if (this.storeWaiting > 0) await new Promise<void>((resolve) => this.settled.push(resolve));
  }

  view(): ViewModel {
    return JSON.parse(this.core.view()) as ViewModel;
  }

  send(event: Event): void {
    if (this.stopped) return;
    this.handle(this.core.update(JSON.stringify(event)));
  }

  /**
   * Sends `event`; resolves once the store has answered every request it
   * led to, so that its outcome (saved, or why not) is in the view.
   */
  async sendAndSettle(event: Event): Promise<void> {
    this.send(event);
    await this.storeSettled();
  }

  /** Answers request `id` with its output as JSON. */
  private answer(id: number, outputJson: string): void {
    if (this.stopped) return;
    this.handle(this.core.resolve(id, outputJson));
  }

  private handle(json: string): void {
    const requests = JSON.parse(json) as PageRequest[];
    for (const r of requests) {
      switch (r.kind) {
        case "Render":
          this.render();
          break;
        case "Store":
          this.storeWaiting++;
          this.store.request(r.request).then((response) => {
            // Answered first: the requests it leads to are counted before this one is taken off.
            this.answer(r.id, response);
            if (--this.storeWaiting === 0) this.settled.splice(0).forEach((resolve) => resolve());
          });
          break;
        case "Http":
          http(r.request).then((result) => this.answer(r.id, JSON.stringify(result)));
          break;
        case "Secret": {
          const answered: Promise<void> = secret(r.request).then((answer) => this.answer(r.id, JSON.stringify(answer))).finally(() => this.secrets.delete(answered));
          this.secrets.add(answered);
          break;
        }
        case "Notify":
          this.notifier.notify(r.request);
          this.answer(r.id, "null");
          break;
        case "Wait":
          setTimeout(() => this.answer(r.id, "null"), r.ms);
          break;
      }
    }
  }

  private saved(saved: boolean, error?: string): void {
    if (saved) document.documentElement.dataset.saved = String(Date.now());
    else console.error("store not saved:", error);
    if (saved === this.lastSaved) return;
    this.lastSaved = saved;
    this.onSaved(saved);
  }

  private render(): void {
    const view = this.view();
    if (view.loaded) this.loaded.splice(0).forEach((resolve) => resolve());
    // Written when it changes, not at every render (localStorage is synchronous).
    const stored = view.signed_in ? true : view.loaded ? false : null;
    if (stored !== null && stored !== this.accountStored) {
      if (stored) localStorage.setItem(ACCOUNT_STORED, "1");
      else localStorage.removeItem(ACCOUNT_STORED);
      this.accountStored = stored;
    }
    // A sync is said done only once what it stored is saved.
    const syncEnded = this.syncRunning && !view.sync.running;
    this.syncRunning = view.sync.running;
    if (syncEnded) {
      void this.store.flush().then(() => {
        this.onRender(this.view());
        // For the load benchmark: a sync (the one at start too) has ended and is drawn.
        performance.mark("nubo-sync-ended");
      });
    } else {
      this.onRender(view);
    }
  }
}
