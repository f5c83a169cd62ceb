// IndexedDB's callbacks as promises, for the few places that use it
// directly (snapshots, secrets, the look at the paged store's pages).

/** A request's result (an open, a read). */
export function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * What `act` asked of `store`, once its transaction has committed: a
 * write is then on disk as far as the browser says.
 */
export function transact<T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = act(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * Calls `onFailure` for every write transaction on `database` that does
 * not commit (a full disk aborts it). The paged store's VFS commits its
 * pages in the background and drops a failed commit's outcome, so this is
 * the only way to know; every other transaction is left as it is.
 */
export function watchWrites(database: string, onFailure: (error: DOMException | null) => void): void {
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>): IDBTransaction {
    const tx = transaction.apply(this, args);
    if (this.name === database && tx.mode !== "readonly") tx.addEventListener("abort", () => onFailure(tx.error));
    return tx;
  };
}
