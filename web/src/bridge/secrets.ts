// The browser has no keychain a page can use. The account's secret (an app
// password when the member signed in on their server's page) is kept in
// this origin's IndexedDB, encrypted with AES-GCM under a key the page made
// non-extractable: storage read from disk, a backup or an extension that
// dumps it shows only ciphertext, and the key's bytes never exist in
// JavaScript. Never in localStorage (an older version kept it there: it is
// moved, then erased), the database or a cookie; erased at sign-out.
// Types mirror shared/src/effects/secrets.rs (serde JSON).
import { transact } from "./idb";

/** `shared::effects::SecretRequest`. */
export type SecretRequest = { Get: { key: string } } | { Set: { key: string; value: string } } | { Delete: { key: string } };

/** `shared::effects::SecretResponse`. */
export type SecretResponse = { Value: string | null } | "Done" | { Error: string };

const DB = "nubo-secrets";
const KEYS = "keys";
const SECRETS = "secrets";
const LEGACY_PREFIX = "nubo-secret:";

type Sealed = { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(KEYS);
      request.result.createObjectStore(SECRETS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}


/** This origin's key, made once; a CryptoKey is stored as is, never its bytes. */
async function sealingKey(db: IDBDatabase): Promise<CryptoKey> {
  const kept = await transact<CryptoKey | undefined>(db, KEYS, "readonly", (s) => s.get("main"));
  if (kept) return kept;
  const made = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  await transact(db, KEYS, "readwrite", (s) => s.put(made, "main"));
  return made;
}

async function seal(db: IDBDatabase, name: string, value: string): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await sealingKey(db), new TextEncoder().encode(value));
  await transact(db, SECRETS, "readwrite", (s) => s.put({ iv, data } satisfies Sealed, name));
}

async function unseal(db: IDBDatabase, name: string): Promise<string | null> {
  const sealed = await transact<Sealed | undefined>(db, SECRETS, "readonly", (s) => s.get(name));
  if (!sealed) return null;
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, await sealingKey(db), sealed.data);
  return new TextDecoder().decode(plain);
}

export async function secret(request: SecretRequest): Promise<SecretResponse> {
  try {
    const db = await open();
    if ("Get" in request) {
      const legacy = localStorage.getItem(LEGACY_PREFIX + request.Get.key);
      if (legacy !== null) {
        await seal(db, request.Get.key, legacy);
        localStorage.removeItem(LEGACY_PREFIX + request.Get.key);
      }
      return { Value: await unseal(db, request.Get.key) };
    }
    if ("Set" in request) {
      await seal(db, request.Set.key, request.Set.value);
      localStorage.removeItem(LEGACY_PREFIX + request.Set.key);
      return "Done";
    }
    await transact(db, SECRETS, "readwrite", (s) => s.delete(request.Delete.key));
    localStorage.removeItem(LEGACY_PREFIX + request.Delete.key);
    return "Done";
  } catch (e) {
    return { Error: `secret storage: ${e}` };
  }
}
