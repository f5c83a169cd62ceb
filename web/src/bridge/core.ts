// The bridge to the core in WebAssembly: events in, the page's requests
// out (HTTP, secrets, notifications, pauses, render), answers back. No logic here
// beyond carrying each request out.
import init, { NuboWeb, flushPagedStore, importSnapshot, installPagedStore } from "../pkg/nubo_web.js";
import type { Event } from "./events";
import { http, type HttpRequest } from "./http";
import { requestDone, watchWrites } from "./idb";
import { Notifier, type NotifyRequest } from "./notify";
import { secret, type SecretRequest } from "./secrets";
import { SnapshotWriter, eraseSnapshot, loadSnapshot } from "./snapshot";
import { TabLock } from "./tab_lock";
import type { ViewModel } from "./view_model";

/** What the page must do: `PageRequest` in web/core/src/lib.rs (serde, tagged by `kind`). */
type PageRequest =
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

/** Where the paged store's VFS keeps its pages: `PAGED_VFS` in web/core, the object store sqlite-wasm-vfs names. */
const PAGED_DATABASE = "nubo-pages";
const PAGED_BLOCKS = "blocks";

/** Set while an account is stored: lets the page choose its first paint before the wasm is there. */
export const ACCOUNT_STORED = "nubo-account-stored";

/**
 * The store page by page in IndexedDB. A snapshot still kept (an older
 * version's, or one whose hand-over was cut short) is taken over first and
 * erased only once every page of it landed. Throws where the paged store
 * cannot be had, or not shared safely with other tabs (no Web Locks).
 */
async function openPaged(lock: TabLock | null): Promise<NuboWeb> {
  if (!lock) throw new Error("no Web Locks in this browser");
  await installPagedStore();
  const snapshot = await loadSnapshot();
  if (snapshot.length > 0) {
    await importSnapshot(snapshot);
    localStorage.setItem(ACCOUNT_STORED, "1");
    // Kept, it would be taken over again at the next start, over newer pages.
    await eraseSnapshot();
  }
  return NuboWeb.openPaged();
}

/** Whether the paged store holds any page; true when it cannot be told. */
async function pagesStored(): Promise<boolean> {
  const databases = await indexedDB.databases?.().catch(() => undefined);
  if (!databases) return true;
  // Not opened when absent: opening would create it without the VFS's object store.
  if (!databases.some((d) => d.name === PAGED_DATABASE)) return false;
  try {
    const db = await requestDone(indexedDB.open(PAGED_DATABASE));
    try {
      return db.objectStoreNames.contains(PAGED_BLOCKS) && (await requestDone(db.transaction(PAGED_BLOCKS).objectStore(PAGED_BLOCKS).count())) > 0;
    } finally {
      db.close();
    }
  } catch {
    return true;
  }
}

/**
 * Today's snapshots where the paged store fails. But if pages are stored,
 * this session cannot see them: it keeps its store in memory only, since a
 * snapshot of it would be taken over those pages next time. In memory only
 * too where IndexedDB fails.
 */
async function openSnapshot(): Promise<{ nubo: NuboWeb; writeSnapshots: boolean }> {
  const nubo = new NuboWeb(await loadSnapshot().catch(() => new Uint8Array()));
  return { nubo, writeSnapshots: !(await pagesStored()) };
}

export class Core {
  private readonly notifier = new Notifier();
  private readonly snapshots = new SnapshotWriter();
  /** Secrets being read or written: the password is loaded once these are answered. */
  private readonly secrets = new Set<Promise<void>>();
  /** The paged store's writes so far, landed (resolves when they are). */
  private flushed: Promise<void> = Promise.resolve();
  private syncRunning = false;
  /** What `ACCOUNT_STORED` was last set to by this page (null: not yet). */
  private accountStored: boolean | null = null;
  /** Another tab keeps the store now: nothing reaches this core any more. */
  private stopped = false;
  /**
   * IndexedDB refused a page of this session's store (a full disk): the
   * pages may no longer make a whole database, so from now on each change
   * is also kept as a whole snapshot, which the next start takes over them.
   */
  private pagesFailed = false;
  /** Whether the last change reached this device's storage (null: no change yet). */
  private lastSaved: boolean | null = null;

  private constructor(
    private readonly core: NuboWeb,
    private readonly writeSnapshots: boolean,
    private readonly onRender: (view: ViewModel) => void,
    private readonly onSaved: (saved: boolean) => void,
  ) {}

  /**
   * Loads the wasm, opens the store in it, then sends `Start`. `onStopped`:
   * another tab took the store over, this one's writes have landed.
   * `onSaved`: whether changes reach this device's storage, told when that
   * changes (false: they are only in this page, and the server once synced).
   */
  static async start(onRender: (view: ViewModel) => void, onStopped: () => void, onSaved: (saved: boolean) => void): Promise<Core> {
    let core: Core | null = null;
    watchWrites(PAGED_DATABASE, (e) => {
      console.error("a page of the store was not saved:", e);
      if (core) core.pagesFailed = true;
    });
    const [, lock] = await Promise.all([init().then(() => performance.mark("nubo-wasm-ready")), TabLock.take().catch(() => null)]);
    const { nubo, writeSnapshots } = await openPaged(lock).then((nubo) => ({ nubo, writeSnapshots: false }), (e) => {
      console.warn("paged store unavailable, keeping snapshots:", e);
      return openSnapshot();
    });
    const opened = new Core(nubo, writeSnapshots, onRender, onSaved);
    core = opened;
    if (lock && nubo.paged) {
      lock.whenAsked(async () => {
        opened.stopped = true;
        await flushPagedStore().catch(() => {});
        onStopped();
      });
    }
    performance.mark("nubo-core-open");
    opened.send({ Start: { locale: startLocale(), time_zone: timeZone(), screens: null } });
    return opened;
  }

  /** Resolves once every secret asked so far is answered (at start: the stored password is loaded). */
  async secretsAnswered(): Promise<void> {
    while (this.secrets.size > 0) await Promise.allSettled([...this.secrets]);
  }

  view(): ViewModel {
    return JSON.parse(this.core.view()) as ViewModel;
  }

  send(event: Event): void {
    if (this.stopped) return;
    this.handle(this.core.update(JSON.stringify(event)));
  }

  private answer(id: number, output: unknown): void {
    if (this.stopped) return;
    this.handle(this.core.resolve(id, JSON.stringify(output)));
  }

  private handle(json: string): void {
    const requests = JSON.parse(json) as PageRequest[];
    for (const r of requests) {
      switch (r.kind) {
        case "Render":
          this.render();
          break;
        case "Http":
          http(r.request).then((result) => this.answer(r.id, result));
          break;
        case "Secret": {
          const answered: Promise<void> = secret(r.request).then((answer) => this.answer(r.id, answer)).finally(() => this.secrets.delete(answered));
          this.secrets.add(answered);
          break;
        }
        case "Notify":
          this.notifier.notify(r.request);
          this.answer(r.id, null);
          break;
        case "Wait":
          setTimeout(() => this.answer(r.id, null), r.ms);
          break;
      }
    }
    if (this.core.takeChanged()) this.save();
  }

  /**
   * Paged: the VFS already writes what changed; this only learns when it
   * landed (and keeps a whole snapshot once a page was refused). Else a
   * whole snapshot, if this session may; if not, the change is in memory only.
   */
  private save(): void {
    if (!this.core.paged) {
      if (!this.writeSnapshots) this.saved(false, "this session keeps its store in memory only");
      else this.snapshots.save(this.core.snapshot()).then(() => this.saved(true), (e) => this.saved(false, e));
      return;
    }
    this.flushed = flushPagedStore().then(async () => {
      if (this.pagesFailed) await this.snapshots.save(this.core.snapshot());
      document.documentElement.dataset.saved = String(Date.now());
    }).then(() => this.saved(true), (e) => this.saved(false, e));
  }

  private saved(saved: boolean, error?: unknown): void {
    if (!saved) console.error("store not saved:", error);
    if (saved === this.lastSaved) return;
    this.lastSaved = saved;
    this.onSaved(saved);
  }

  private render(): void {
    const view = this.view();
    // Written when it changes, not at every render (localStorage is synchronous).
    const stored = view.signed_in ? true : view.loaded ? false : null;
    if (stored !== null && stored !== this.accountStored) {
      if (stored) localStorage.setItem(ACCOUNT_STORED, "1");
      else localStorage.removeItem(ACCOUNT_STORED);
      this.accountStored = stored;
    }
    // A sync is said done only once what it stored is in IndexedDB.
    const syncEnded = this.syncRunning && !view.sync.running;
    this.syncRunning = view.sync.running;
    if (syncEnded) void this.flushed.then(() => this.onRender(this.view()));
    else this.onRender(view);
  }
}
