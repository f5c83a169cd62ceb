// The store as versions before OPFS kept it: page by page in IndexedDB,
// through the relaxed-idb SQLite VFS (database "nubo-pages", object store
// "blocks", one record `{ path, offset, data }` per page of each file
// `nubo-<generation>.sqlite3`). Read once, whole, to be taken over, then
// erased. Read here rather than through that VFS: running it would keep
// the database open, and its deletion would wait forever.
import { requestDone } from "./idb";

const DATABASE = "nubo-pages";
const BLOCKS = "blocks";
const FILE = /^nubo-(\d+)\.sqlite3$/;

type Block = { path: string; offset: number; data: Uint8Array | ArrayBuffer };

/** Whether the database is there, without creating it (opening would). */
async function present(): Promise<boolean> {
  const databases = await indexedDB.databases?.().catch(() => undefined);
  return !databases || databases.some((d) => d.name === DATABASE);
}

/** The newest store file those pages make, whole; null when there is none. */
export async function readOldPages(): Promise<Uint8Array | null> {
  if (!(await present())) return null;
  const db = await requestDone(indexedDB.open(DATABASE));
  let blocks: Block[];
  try {
    if (!db.objectStoreNames.contains(BLOCKS)) return null;
    blocks = await requestDone(db.transaction(BLOCKS).objectStore(BLOCKS).getAll()) as Block[];
  } finally {
    db.close();
  }
  const generation = (path: string) => Number(FILE.exec(path)?.[1] ?? -1);
  const newest = blocks.reduce((g, b) => Math.max(g, generation(b.path)), -1);
  const pages = blocks.filter((b) => generation(b.path) === newest && newest >= 0);
  if (pages.length === 0) return null;
  const bytes = new Uint8Array(pages.reduce((end, b) => Math.max(end, b.offset + b.data.byteLength), 0));
  for (const b of pages) bytes.set(b.data instanceof Uint8Array ? b.data : new Uint8Array(b.data), b.offset);
  return bytes;
}

/** Deletes the database, if it is there. */
export async function eraseOldPages(): Promise<void> {
  if (await present()) await requestDone(indexedDB.deleteDatabase(DATABASE));
}
