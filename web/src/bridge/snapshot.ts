// The store's bytes in IndexedDB, so everything is there after a reload
// with the network off. One key, written whole after each change.
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

export async function loadSnapshot(): Promise<Uint8Array> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const get = db.transaction(STORE).objectStore(STORE).get(KEY);
    get.onsuccess = () => resolve(get.result ? new Uint8Array(get.result) : new Uint8Array());
    get.onerror = () => reject(get.error);
  });
}

/** Writes snapshots in order, so an older one never lands after a newer one. */
export class SnapshotWriter {
  private writing: Promise<void> = Promise.resolve();

  save(bytes: Uint8Array): Promise<void> {
    this.writing = this.writing.then(async () => {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, "readwrite");
        tx.objectStore(STORE).put(bytes, KEY);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      document.documentElement.dataset.saved = String(Date.now());
    });
    return this.writing;
  }
}
