//! The web shell's core: the Crux app and the SQLite store compiled to
//! WebAssembly. Store, time, UID and DNS requests are answered here, in
//! Rust, exactly as the native runtime answers them; HTTP (fetch),
//! secrets, notifications, pauses (a timer) and rendering go to the page as JSON requests,
//! which it answers with `resolve`.
//!
//! The store lives in IndexedDB page by page (the relaxed-idb SQLite VFS:
//! read whole into memory at start, then only the pages a commit changed
//! are written, in the background): `installPagedStore`, then
//! `NuboWeb.openPaged`. Where that VFS cannot be had, the page keeps a
//! whole snapshot instead (`snapshot` when `takeChanged` says so; the bytes
//! go back into `new`), as every version before did.

use std::cell::RefCell;
use std::collections::HashMap;

use crux_core::{Core, Request};
use nubo_store::Store;
use serde::Serialize;
use shared::effects::StoreRequest;
use shared::effects::{DnsResponse, HttpRequest, Instant, NotifyRequest, SecretRequest, WaitRequest};
use shared::{Effect, Event, NuboApp};
use sqlite_wasm_vfs::relaxed_idb::{self, Preload, RelaxedIdbCfgBuilder, RelaxedIdbUtil};
use wasm_bindgen::prelude::*;

/// The VFS's name, and the name of its IndexedDB database.
const PAGED_VFS: &str = "nubo-pages";
/// Store files are `nubo-<generation>.sqlite3`: sign-out moves to the next
/// generation and deletes the old one, so no queued write of the old file
/// can land in the new one.
const FILE_PREFIX: &str = "nubo-";
const FILE_SUFFIX: &str = ".sqlite3";
/// Deleting this never-written file is a no-op queued behind every pending
/// write: its completion says they have all landed.
const FLUSH_MARKER: &str = "flush-marker";

thread_local! {
    static PAGES: RefCell<Option<RelaxedIdbUtil>> = const { RefCell::new(None) };
}

fn store_generation(file: &str) -> Option<u64> {
    file.strip_prefix(FILE_PREFIX)?.strip_suffix(FILE_SUFFIX)?.parse().ok()
}

fn store_file(generation: u64) -> String {
    format!("{FILE_PREFIX}{generation}{FILE_SUFFIX}")
}

/// The newest store file in the VFS, if any.
fn current_generation(pages: &RelaxedIdbUtil) -> Option<u64> {
    pages.list().iter().filter_map(|f| store_generation(f)).max()
}

fn with_pages<T>(act: impl FnOnce(&RelaxedIdbUtil) -> Result<T, JsError>) -> Result<T, JsError> {
    PAGES.with_borrow(|pages| act(pages.as_ref().ok_or_else(|| js_error("the paged store is not installed"))?))
}

/// Installs the IndexedDB VFS and reads every stored page into memory.
#[wasm_bindgen(js_name = installPagedStore)]
pub async fn install_paged_store() -> Result<(), JsError> {
    let config = RelaxedIdbCfgBuilder::new().vfs_name(PAGED_VFS).preload(Preload::All).build();
    let pages = relaxed_idb::install::<sqlite_wasm_rs::WasmOsCallback>(&config, false).await.map_err(js_error)?;
    PAGES.set(Some(pages));
    Ok(())
}

/// Takes over a whole snapshot as the newest store file (`openPaged`
/// deletes the older ones); resolves when every page of it is in
/// IndexedDB. A snapshot still kept is never older than the pages: an
/// older version's, or one whose import was cut short.
#[wasm_bindgen(js_name = importSnapshot)]
pub async fn import_snapshot(snapshot: Vec<u8>) -> Result<(), JsError> {
    let written = with_pages(|pages| {
        let next = current_generation(pages).map_or(1, |g| g + 1);
        pages.import_db(&store_file(next), &snapshot).map_err(js_error)
    })?;
    written.await.map_err(js_error)
}

/// Resolves once every page written so far is in IndexedDB.
#[wasm_bindgen(js_name = flushPagedStore)]
pub async fn flush_paged_store() -> Result<(), JsError> {
    with_pages(|pages| pages.delete_db(FLUSH_MARKER).map_err(js_error))?.await.map_err(js_error)
}

/// Where the store is kept.
enum Keeping {
    /// Page by page through the VFS, in file generation `.0`.
    Paged(u64),
    /// Whole snapshots the page writes.
    Snapshot,
}

/// What the page must do, with the id to answer it by.
#[derive(Serialize)]
#[serde(tag = "kind")]
enum PageRequest {
    Http {
        id: u32,
        request: HttpRequest,
    },
    Secret {
        id: u32,
        request: SecretRequest,
    },
    Notify {
        id: u32,
        request: NotifyRequest,
    },
    /// Answer request `id` after `ms` milliseconds.
    Wait {
        id: u32,
        ms: u64,
    },
    Render,
}

enum Pending {
    Http(Request<HttpRequest>),
    Secret(Request<SecretRequest>),
    Notify(Request<NotifyRequest>),
    Wait(Request<WaitRequest>),
}

#[wasm_bindgen]
pub struct NuboWeb {
    core: Core<NuboApp>,
    store: Store,
    keeping: Keeping,
    pending: HashMap<u32, Pending>,
    next_id: u32,
    changed: bool,
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl NuboWeb {
    /// A store kept by snapshots: `snapshot`, the bytes `snapshot()` gave last time, or empty.
    #[wasm_bindgen(constructor)]
    pub fn new(snapshot: &[u8]) -> Result<NuboWeb, JsError> {
        let store = Store::from_snapshot(snapshot).map_err(js_error)?;
        Ok(NuboWeb::with_store(store, Keeping::Snapshot))
    }

    /// The store on the paged VFS (after `installPagedStore`), its newest
    /// file; older ones are what an interrupted sign-out left, deleted now.
    #[wasm_bindgen(js_name = openPaged)]
    pub fn open_paged() -> Result<NuboWeb, JsError> {
        let generation = with_pages(|pages| {
            let newest = current_generation(pages).unwrap_or(1);
            for file in pages.list() {
                if store_generation(&file).is_some_and(|g| g != newest) {
                    drop(pages.delete_db(&file).map_err(js_error)?);
                }
            }
            Ok(newest)
        })?;
        let store = Store::open_on_vfs(&store_file(generation), PAGED_VFS).map_err(js_error)?;
        Ok(NuboWeb::with_store(store, Keeping::Paged(generation)))
    }

    fn with_store(store: Store, keeping: Keeping) -> NuboWeb {
        NuboWeb { core: Core::new(), store, keeping, pending: HashMap::new(), next_id: 1, changed: false }
    }

    /// Whether the store is kept page by page (else: by `snapshot`).
    #[wasm_bindgen(getter)]
    pub fn paged(&self) -> bool {
        matches!(self.keeping, Keeping::Paged(_))
    }

    /// An event from the page (the core's `Event` JSON); returns the
    /// requests for the page, as a JSON array.
    pub fn update(&mut self, event_json: &str) -> Result<String, JsError> {
        let event: Event = serde_json::from_str(event_json).map_err(js_error)?;
        let effects = self.core.process_event(event);
        self.run(effects)
    }

    /// The page's answer to request `id` (the operation's output as JSON).
    pub fn resolve(&mut self, id: u32, output_json: &str) -> Result<String, JsError> {
        let pending = self.pending.remove(&id).ok_or_else(|| js_error(format!("no request {id}")))?;
        let effects = match pending {
            Pending::Http(mut r) => self.core.resolve(&mut r, serde_json::from_str(output_json).map_err(js_error)?),
            Pending::Secret(mut r) => self.core.resolve(&mut r, serde_json::from_str(output_json).map_err(js_error)?),
            Pending::Notify(mut r) => self.core.resolve(&mut r, ()),
            Pending::Wait(mut r) => self.core.resolve(&mut r, ()),
        }
        .map_err(js_error)?;
        self.run(effects)
    }

    /// The view model, as JSON.
    pub fn view(&self) -> String {
        serde_json::to_string(&self.core.view()).unwrap_or_default()
    }

    /// Whether the store changed since the last call.
    #[wasm_bindgen(js_name = takeChanged)]
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The whole store as bytes (kept by snapshots).
    pub fn snapshot(&self) -> Result<Vec<u8>, JsError> {
        self.store.snapshot().map_err(js_error)
    }

    /// Sign-out: the account's data must leave no trace in the browser, and
    /// SQLite keeps deleted rows' bytes in free pages. So the store starts
    /// over as a new file (the old one's pages deleted) or an empty snapshot.
    fn start_over(&mut self) -> Result<(), JsError> {
        match self.keeping {
            Keeping::Paged(generation) => {
                let next = generation + 1;
                self.store = Store::open_on_vfs(&store_file(next), PAGED_VFS).map_err(js_error)?;
                // Dropping the wait: the delete is queued after the writes before it.
                with_pages(|pages| pages.delete_db(&store_file(generation)).map_err(js_error))?;
                self.keeping = Keeping::Paged(next);
            }
            Keeping::Snapshot => self.store = Store::from_snapshot(&[]).map_err(js_error)?,
        }
        Ok(())
    }

    /// Carries out what Rust can, until only the page's requests remain.
    fn run(&mut self, effects: Vec<Effect>) -> Result<String, JsError> {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        let mut out = Vec::new();
        let mut render = false;
        while let Some(effect) = queue.pop_front() {
            let more = match effect {
                Effect::Store(mut r) => {
                    self.changed |= nubo_store::writes(&r.operation);
                    let answer = self.store.handle(r.operation.clone());
                    if matches!(r.operation, StoreRequest::DeleteAccount) {
                        self.start_over()?;
                    }
                    self.core.resolve(&mut r, answer)
                }
                Effect::Time(mut r) => self.core.resolve(&mut r, Instant(js_sys::Date::now() as i64)),
                Effect::Uid(mut r) => self.core.resolve(&mut r, uuid::Uuid::new_v4().to_string()),
                // Browsers offer no SRV lookup: discovery goes on with
                // /.well-known and the server address the member gives.
                Effect::Dns(mut r) => self.core.resolve(&mut r, DnsResponse::NotFound),
                Effect::Render(_) => {
                    render = true;
                    continue;
                }
                Effect::Http(r) => {
                    let id = self.id();
                    out.push(PageRequest::Http { id, request: r.operation.clone() });
                    self.pending.insert(id, Pending::Http(r));
                    continue;
                }
                Effect::Secret(r) => {
                    let id = self.id();
                    out.push(PageRequest::Secret { id, request: r.operation.clone() });
                    self.pending.insert(id, Pending::Secret(r));
                    continue;
                }
                // The page answers once the pause has passed (a timer).
                Effect::Wait(r) => {
                    let id = self.id();
                    out.push(PageRequest::Wait { id, ms: r.operation.ms });
                    self.pending.insert(id, Pending::Wait(r));
                    continue;
                }
                Effect::Notify(r) => {
                    let id = self.id();
                    out.push(PageRequest::Notify { id, request: r.operation.clone() });
                    self.pending.insert(id, Pending::Notify(r));
                    continue;
                }
            };
            queue.extend(more.map_err(js_error)?);
        }
        if render {
            out.push(PageRequest::Render);
        }
        serde_json::to_string(&out).map_err(js_error)
    }

    fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        self.next_id
    }
}
