// The store's bytes in IndexedDB as one whole snapshot, written after each
// change (by the store worker): how every version before the paged store
// kept it, and still the fallback where OPFS cannot be had. A snapshot
// still there at start is taken over onto OPFS, then erased.
import { transact } from "./idb";

const DB = "nubo";
const STORE = "snapshots";
const KEY = "store";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await transact<T>(db, STORE, mode, act);
  } finally {
    db.close();
  }
}

export async function loadSnapshot(): Promise<Uint8Array> {
  const kept = await run<ArrayBuffer | Uint8Array | undefined>("readonly", (s) => s.get(KEY));
  return kept ? new Uint8Array(kept) : new Uint8Array();
}

/** Whether an old snapshot is kept, without reading its bytes. */
export async function snapshotKept(): Promise<boolean> {
  return (await run<number>("readonly", (s) => s.count(KEY))) > 0;
}

export function eraseSnapshot(): Promise<void> {
  return run("readwrite", (s) => s.delete(KEY));
}

/** Writes snapshots in order, so an older one never lands after a newer one. */
export class SnapshotWriter {
  private writing: Promise<void> = Promise.resolve();

  /** Rejects when this one was not written; the next is written all the same. */
  save(bytes: Uint8Array): Promise<void> {
    const write = this.writing.then(() => run<void>("readwrite", (s) => s.put(bytes, KEY)));
    this.writing = write.catch(() => {});
    return write;
  }
}
