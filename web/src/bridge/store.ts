// The page's side of the store worker (bridge/store_worker.ts): store
// requests out, their answers back in the order sent, and word of whether
// each change reached this device's storage.
import workerUrl from "./store_worker.ts?worker&url";

/** The page to the worker. */
export type ToStore =
  /**
   * The core's compiled wasm, so the worker neither downloads nor compiles
   * it again; `opfs`: whether this browser has the origin private file
   * system at all (else the worker does not look for it).
   */
  | { kind: "start"; module: WebAssembly.Module; opfs: boolean }
  /** `request`: the core's `StoreRequest`, as JSON. */
  | { kind: "request"; id: number; request: string }
  /** Answered once every change so far is saved, or failed to be. */
  | { kind: "flush"; id: number }
  /** Let go of the files, for another tab. */
  | { kind: "close" };

/** The worker to the page. */
export type FromStore =
  | { kind: "opened"; onOpfs: boolean; snapshots: boolean }
  /** `response`: the store's `StoreResponse`, as JSON. */
  | { kind: "answer"; id: number; response: string }
  | { kind: "saved"; saved: boolean; error?: string }
  | { kind: "flushed"; id: number }
  | { kind: "closed" }
  | { kind: "failed"; error: string };

/** The worker's script, for the service worker to keep. */
export const STORE_WORKER_URL = new URL(workerUrl, location.href).href;

export class StoreWorker {
  private readonly worker = new Worker(workerUrl, { type: "module" });
  private readonly waiting = new Map<number, (message: FromStore) => void>();
  private nextId = 1;
  private closed: (() => void) | null = null;

  /**
   * `onSaved`: whether the last change reached this device's storage
   * (false: it is in this page's memory only, with why).
   */
  constructor(module: WebAssembly.Module, private readonly onSaved: (saved: boolean, error?: string) => void) {
    this.worker.addEventListener("message", (e: MessageEvent<FromStore>) => this.received(e.data));
    this.worker.addEventListener("error", (e) => console.error("the store worker failed:", e.message));
    this.post({ kind: "start", module, opfs: typeof navigator.storage?.getDirectory === "function" });
  }

  /** Runs one store request (JSON); resolves to its answer (JSON). */
  request(request: string): Promise<string> {
    const id = this.nextId++;
    this.post({ kind: "request", id, request });
    return new Promise((resolve) => this.waiting.set(id, (m) => resolve(m.kind === "answer" ? m.response : "")));
  }

  /** Resolves once every change asked so far is saved (or failed to be). */
  flush(): Promise<void> {
    const id = this.nextId++;
    this.post({ kind: "flush", id });
    return new Promise((resolve) => this.waiting.set(id, () => resolve()));
  }

  /** Closes the store, letting go of its files; resolves once they are. */
  close(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.closed = resolve));
    this.post({ kind: "close" });
    return done.then(() => this.worker.terminate());
  }

  private post(message: ToStore): void {
    this.worker.postMessage(message);
  }

  private received(message: FromStore): void {
    switch (message.kind) {
      case "answer":
      case "flushed":
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
        break;
      case "saved":
        this.onSaved(message.saved, message.error);
        break;
      case "opened":
        // Kept in memory only: the member is told at the first change.
        if (!message.onOpfs) console.warn(`store kept in memory${message.snapshots ? ", written as snapshots" : " only"}`);
        break;
      case "closed":
        this.closed?.();
        break;
      case "failed":
        console.error("the store worker failed:", message.error);
        break;
    }
  }
}
