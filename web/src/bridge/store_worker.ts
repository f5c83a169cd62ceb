// The store's own thread (a dedicated worker): the page's core sends it the
// store requests, in order, and it answers each once it ran, as the native
// runtime answers them off the UI thread. Here, and only here, SQLite can
// have the synchronous file handles of the origin private file system
// (OPFS): a change writes the pages it touched, a start reads only what a
// screen asks for. Where OPFS cannot be had, the store is kept in memory
// and written whole after each change, as a snapshot in IndexedDB (how
// every version before the paged store kept it). Types of the messages:
// bridge/store.ts.
import init, { StoreHost } from "../pkg/nubo_web.js";
import { readOldPages, eraseOldPages } from "./old_pages";
import { SnapshotWriter, eraseSnapshot, loadSnapshot } from "./snapshot";
import type { FromStore, ToStore } from "./store";

const tell = (message: FromStore): void => postMessage(message);

/** The OPFS folder the store's VFS keeps (`OPFS_FOLDER` in web/core). */
const OPFS_FOLDER = ".nubo-store";
/** What its VFS writes before a file's data: a file longer than this holds a store. */
const OPFS_HEADER = 4096;

/**
 * Whether OPFS holds a store this worker cannot open (another keeping
 * failed to): a snapshot written now would be taken over it at the next
 * start, and every change kept only there lost. True when it cannot be told.
 */
async function opfsHoldsStore(): Promise<boolean> {
  let folder: FileSystemDirectoryHandle;
  try {
    folder = await (await (await navigator.storage.getDirectory()).getDirectoryHandle(OPFS_FOLDER)).getDirectoryHandle(".opaque");
  } catch (e) {
    // No such folder: nothing kept there; no OPFS at all: nothing either.
    return !(e instanceof DOMException && (e.name === "NotFoundError" || e.name === "SecurityError")) && typeof navigator.storage?.getDirectory === "function";
  }
  try {
    for await (const handle of (folder as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
      if (handle.kind === "file" && (await (handle as FileSystemFileHandle).getFile()).size > OPFS_HEADER) return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** How the store is kept this session; `snapshots`: whether it may be written whole to IndexedDB once in memory. */
type Kept = { host: StoreHost; snapshots: boolean };

/**
 * On OPFS, after taking over what an older keeping left (a snapshot first:
 * one still kept is never older than the pages beside it); erased only once
 * the store is open on OPFS. Else in memory, from that same old store.
 */
async function open(module: WebAssembly.Module, opfs: boolean): Promise<Kept> {
  await init({ module_or_path: module });
  const snapshot = await loadSnapshot().catch(() => null);
  const pages = snapshot?.length ? null : await readOldPages().catch(() => null);
  const takeOver = snapshot?.length ? snapshot : pages;
  let host: StoreHost | null = null;
  try {
    if (!opfs) throw new Error("no origin private file system in this browser");
    host = await StoreHost.openOpfs(takeOver ?? undefined);
    if (snapshot?.length) await eraseSnapshot();
    await eraseOldPages();
    // Should OPFS refuse a write, the store goes to memory, and its snapshot is taken over OPFS at the next start.
    return { host, snapshots: snapshot !== null };
  } catch (e) {
    host?.close();
    console.warn("no store on OPFS, keeping it in memory:", e);
    // A snapshot is written only where one can be read, and where it cannot be taken over a newer store.
    return { host: StoreHost.inMemory(takeOver ?? new Uint8Array()), snapshots: snapshot !== null && !(await opfsHoldsStore()) };
  }
}

/** `StoreRequest::DeleteAccount` as JSON. */
const SIGN_OUT = JSON.stringify("DeleteAccount");

let kept: Promise<Kept> | null = null;
const snapshots = new SnapshotWriter();
/** The snapshots asked so far, written (or failed). */
let written: Promise<void> = Promise.resolve();
/** Messages are handled one after the other, in the order the page sent them. */
let queue: Promise<void> = Promise.resolve();

/** After a change: saved already (OPFS), or once its snapshot is written. */
function changed({ host, snapshots: mayWrite }: Kept): void {
  if (!host.inMemoryOnly) return tell({ kind: "saved", saved: true });
  if (!mayWrite) return tell({ kind: "saved", saved: false, error: "this session keeps its store in memory only" });
  written = snapshots.save(host.snapshot()).then(
    () => tell({ kind: "saved", saved: true }),
    (e) => tell({ kind: "saved", saved: false, error: String(e) }),
  );
}

async function handle(message: ToStore): Promise<void> {
  if (message.kind === "start") {
    kept = open(message.module, message.opfs);
    const { host, snapshots: mayWrite } = await kept;
    tell({ kind: "opened", onOpfs: !host.inMemoryOnly, snapshots: mayWrite });
    return;
  }
  if (!kept) throw new Error("the store worker was not started");
  const store = await kept;
  switch (message.kind) {
    case "request": {
      tell({ kind: "answer", id: message.id, response: store.host.handle(message.request) });
      if (store.host.takeChanged()) {
        // Sign-out: what older keepings left of the account goes too.
        if (message.request === SIGN_OUT) await eraseOldPages().catch(() => {});
        changed(store);
      }
      return;
    }
    case "flush":
      await written;
      tell({ kind: "flushed", id: message.id });
      return;
    case "close":
      await written;
      store.host.close();
      kept = null;
      tell({ kind: "closed" });
      return;
  }
}

/**
 * When this worker was busy opening the store and answering, as [from, to]
 * in ms since the epoch (`timeOrigin`-based, comparable with the page's):
 * read by the load benchmark (web/bench/load.mjs). The last 200 only.
 */
const busy = globalThis as { nuboStoreBusy?: [number, number][] };
busy.nuboStoreBusy = [];

addEventListener("message", (e: MessageEvent<ToStore>) => {
  const message = e.data;
  queue = queue.then(async () => {
    const began = performance.timeOrigin + performance.now();
    try {
      await handle(message);
    } finally {
      busy.nuboStoreBusy!.push([began, performance.timeOrigin + performance.now()]);
      busy.nuboStoreBusy!.splice(0, busy.nuboStoreBusy!.length - 200);
    }
  }).catch((error) => {
    // A request is answered all the same: the core tells the member (`StoreResponse::Error`).
    if (message.kind === "request") tell({ kind: "answer", id: message.id, response: JSON.stringify({ Error: { Failed: String(error) } }) });
    else tell({ kind: "failed", error: String(error) });
  });
});
