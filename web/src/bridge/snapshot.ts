// The store's bytes in IndexedDB as one whole snapshot, written after each
// change: how every version before the paged store kept it, and still the
// fallback where that store cannot be had. Also read once to hand an old
// snapshot over to the paged store, then erased.
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

function run<T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(request.result as T); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
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

  save(bytes: Uint8Array): Promise<void> {
    this.writing = this.writing.then(async () => {
      await run("readwrite", (s) => s.put(bytes, KEY));
      document.documentElement.dataset.saved = String(Date.now());
    });
    return this.writing;
  }
}
