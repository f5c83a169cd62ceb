//! The web shell's core: the Crux app compiled to WebAssembly, and the
//! SQLite store it reads, in the same module but run apart.
//!
//! - [`NuboWeb`], in the page: time, UIDs and DNS are answered here, in
//!   Rust, as the native runtime answers them; the store, HTTP (fetch),
//!   secrets, notifications, pauses (a timer) and rendering go to the page
//!   as JSON requests, which it answers with `resolve`.
//! - [`StoreHost`], in a dedicated worker (bridge/store_worker.ts): the
//!   store, answering the page's store requests in order, as the native
//!   runtime answers them off the UI thread. Only a worker can have the
//!   synchronous file handles SQLite needs on the origin private file
//!   system (OPFS), where a commit writes only the pages it changed and a
//!   start reads only the pages a screen needs. Where OPFS cannot be had,
//!   or refuses a write, the store is kept in memory and the worker writes
//!   it whole, as a snapshot, to IndexedDB.

use std::collections::HashMap;

use crux_core::{Core, Request};
use nubo_store::Store;
use serde::Serialize;
use shared::effects::{
    DnsResponse, HttpRequest, Instant, NotifyRequest, SecretRequest, StoreRequest, StoreResponse, WaitRequest,
};
use shared::{Effect, Event, NuboApp};
use sqlite_wasm_vfs::sahpool::{self, OpfsSAHPoolCfgBuilder, OpfsSAHPoolUtil};
use wasm_bindgen::prelude::*;

/// The SQLite VFS on OPFS, and its folder there.
const OPFS_VFS: &str = "nubo-opfs";
const OPFS_FOLDER: &str = ".nubo-store";
/// Store files are `nubo-<generation>.sqlite3`: sign-out moves to the next
/// generation and deletes the old one; a store taken over from an older
/// keeping goes into a generation of its own.
const FILE_PREFIX: &str = "nubo-";
const FILE_SUFFIX: &str = ".sqlite3";

/// The generation of a store file, or of its rollback journal (SQLite
/// names it `<file>-journal`; a journal left by a closed tab is rolled back
/// into its file at the next open, so it goes only with it).
fn store_generation(file: &str) -> Option<u64> {
    let file = file.strip_suffix("-journal").unwrap_or(file);
    file.strip_prefix(FILE_PREFIX)?.strip_suffix(FILE_SUFFIX)?.parse().ok()
}

fn store_file(generation: u64) -> String {
    format!("{FILE_PREFIX}{generation}{FILE_SUFFIX}")
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Where the worker keeps the store.
enum Keeping {
    /// On OPFS, in file generation `generation`.
    Opfs { pool: OpfsSAHPoolUtil, generation: u64 },
    /// In memory: the worker writes snapshots.
    Memory,
}

/// The store, in the store worker.
#[wasm_bindgen]
pub struct StoreHost {
    store: Store,
    keeping: Keeping,
    changed: bool,
}

#[wasm_bindgen]
impl StoreHost {
    /// The store on OPFS (only in a dedicated worker). `take_over`: the
    /// whole store an older keeping left (a snapshot, or the pages of the
    /// IndexedDB VFS of earlier versions), put in a new generation; the
    /// caller erases it once this is open. Older generations are what an
    /// interrupted sign-out or take-over left: deleted now.
    #[wasm_bindgen(js_name = openOpfs)]
    pub async fn open_opfs(take_over: Option<Vec<u8>>) -> Result<StoreHost, JsError> {
        let config = OpfsSAHPoolCfgBuilder::new().vfs_name(OPFS_VFS).directory(OPFS_FOLDER).build();
        let pool = sahpool::install::<sqlite_wasm_rs::WasmOsCallback>(&config, false).await.map_err(js_error)?;
        // Paused by a `close` of this worker before: the files again.
        pool.unpause_vfs().await.map_err(js_error)?;
        let newest = pool.list().iter().filter_map(|f| store_generation(f)).max();
        let generation = match take_over {
            Some(bytes) => {
                let next = newest.map_or(1, |g| g + 1);
                pool.import_db(&store_file(next), &bytes).map_err(js_error)?;
                next
            }
            None => newest.unwrap_or(1),
        };
        for file in pool.list() {
            if store_generation(&file) != Some(generation) {
                pool.delete_db(&file).map_err(js_error)?;
            }
        }
        let store = Store::open_on_vfs(&store_file(generation), OPFS_VFS).map_err(js_error)?;
        Ok(StoreHost { store, keeping: Keeping::Opfs { pool, generation }, changed: false })
    }

    /// The store in memory, from `snapshot` (empty: a new store).
    #[wasm_bindgen(js_name = inMemory)]
    pub fn in_memory(snapshot: &[u8]) -> Result<StoreHost, JsError> {
        let store = Store::from_snapshot(snapshot).map_err(js_error)?;
        Ok(StoreHost { store, keeping: Keeping::Memory, changed: false })
    }

    /// Whether the store is kept in memory (the worker then writes snapshots).
    #[wasm_bindgen(getter, js_name = inMemoryOnly)]
    pub fn in_memory_only(&self) -> bool {
        matches!(self.keeping, Keeping::Memory)
    }

    /// One store request (the core's `StoreRequest` JSON); its answer as JSON.
    /// A write OPFS refuses (a full disk) moves the store into memory, as it
    /// was before that request, and asks again there: the member's change
    /// is kept, and the worker writes snapshots from then on.
    pub fn handle(&mut self, request_json: &str) -> Result<String, JsError> {
        let request: StoreRequest = serde_json::from_str(request_json).map_err(js_error)?;
        let writes = nubo_store::writes(&request);
        let answer = if matches!(request, StoreRequest::DeleteAccount) {
            self.start_over()?;
            StoreResponse::Done
        } else {
            let answer = self.store.handle(request);
            if self.store.take_disk_failure() && writes && matches!(self.keeping, Keeping::Opfs { .. }) {
                // Read again rather than copied before every write: this is rare.
                self.to_memory()?;
                self.store.handle(serde_json::from_str(request_json).map_err(js_error)?)
            } else {
                answer
            }
        };
        self.changed |= writes;
        serde_json::to_string(&answer).map_err(js_error)
    }

    /// Whether the store changed since the last call.
    #[wasm_bindgen(js_name = takeChanged)]
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The whole store as bytes.
    pub fn snapshot(&self) -> Result<Vec<u8>, JsError> {
        self.store.snapshot().map_err(js_error)
    }

    /// Closes the store and lets go of its OPFS files, for another tab.
    pub fn close(self) -> Result<(), JsError> {
        let StoreHost { store, keeping, .. } = self;
        drop(store);
        if let Keeping::Opfs { pool, .. } = keeping {
            pool.pause_vfs().map_err(js_error)?;
        }
        Ok(())
    }

    fn to_memory(&mut self) -> Result<(), JsError> {
        self.store = Store::from_snapshot(&self.store.snapshot().map_err(js_error)?).map_err(js_error)?;
        self.keeping = Keeping::Memory;
        Ok(())
    }

    /// Sign-out: the account's data must leave no trace in the browser, and
    /// SQLite keeps deleted rows' bytes in free pages. So the store starts
    /// over, empty: a new file, then the old one deleted (a tab closed in
    /// between leaves both, and the next start keeps the newer), or an empty
    /// snapshot. Nothing is deleted row by row, which a closed tab could cut
    /// short and the next start roll back.
    fn start_over(&mut self) -> Result<(), JsError> {
        match &mut self.keeping {
            Keeping::Opfs { pool, generation } => {
                let old = *generation;
                *generation += 1;
                // The old file is closed as the new store takes its place.
                self.store = Store::open_on_vfs(&store_file(*generation), OPFS_VFS).map_err(js_error)?;
                for file in pool.list() {
                    if store_generation(&file) == Some(old) {
                        pool.delete_db(&file).map_err(js_error)?;
                    }
                }
            }
            Keeping::Memory => self.store = Store::from_snapshot(&[]).map_err(js_error)?,
        }
        Ok(())
    }
}

/// What the page must do, with the id to answer it by.
#[derive(Serialize)]
#[serde(tag = "kind")]
enum PageRequest {
    /// For the store worker: `request` is the `StoreRequest` as JSON, which
    /// the page passes on as it is (a sync's batch is large: neither read
    /// nor written again there). Answered with its `StoreResponse` JSON.
    Store {
        id: u32,
        request: String,
    },
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
    Store(Request<StoreRequest>),
    Http(Request<HttpRequest>),
    Secret(Request<SecretRequest>),
    Notify(Request<NotifyRequest>),
    Wait(Request<WaitRequest>),
}

#[wasm_bindgen]
pub struct NuboWeb {
    core: Core<NuboApp>,
    pending: HashMap<u32, Pending>,
    next_id: u32,
}

impl Default for NuboWeb {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl NuboWeb {
    #[wasm_bindgen(constructor)]
    pub fn new() -> NuboWeb {
        NuboWeb { core: Core::new(), pending: HashMap::new(), next_id: 1 }
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
            Pending::Store(mut r) => self.core.resolve(&mut r, serde_json::from_str(output_json).map_err(js_error)?),
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

    /// Carries out what Rust can, until only the page's requests remain.
    /// What an answer here leads to goes first: a command's next step keeps
    /// its place among the requests, so the store (which answers in order)
    /// reads what the core asked first, first.
    fn run(&mut self, effects: Vec<Effect>) -> Result<String, JsError> {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        let mut out = Vec::new();
        let mut render = false;
        let next = |queue: &mut std::collections::VecDeque<Effect>, more: Vec<Effect>| {
            more.into_iter().rev().for_each(|e| queue.push_front(e));
        };
        while let Some(effect) = queue.pop_front() {
            let (id, request, pending) = match effect {
                Effect::Time(mut r) => {
                    next(&mut queue, self.core.resolve(&mut r, Instant(js_sys::Date::now() as i64)).map_err(js_error)?);
                    continue;
                }
                Effect::Uid(mut r) => {
                    next(&mut queue, self.core.resolve(&mut r, uuid::Uuid::new_v4().to_string()).map_err(js_error)?);
                    continue;
                }
                // Browsers offer no SRV lookup: discovery goes on with
                // /.well-known and the server address the member gives.
                Effect::Dns(mut r) => {
                    next(&mut queue, self.core.resolve(&mut r, DnsResponse::NotFound).map_err(js_error)?);
                    continue;
                }
                Effect::Render(_) => {
                    render = true;
                    continue;
                }
                Effect::Store(r) => {
                    let id = self.id();
                    let request = serde_json::to_string(&r.operation).map_err(js_error)?;
                    (id, PageRequest::Store { id, request }, Pending::Store(r))
                }
                Effect::Http(r) => {
                    let id = self.id();
                    (id, PageRequest::Http { id, request: r.operation.clone() }, Pending::Http(r))
                }
                Effect::Secret(r) => {
                    let id = self.id();
                    (id, PageRequest::Secret { id, request: r.operation.clone() }, Pending::Secret(r))
                }
                // The page answers once the pause has passed (a timer).
                Effect::Wait(r) => {
                    let id = self.id();
                    (id, PageRequest::Wait { id, ms: r.operation.ms }, Pending::Wait(r))
                }
                Effect::Notify(r) => {
                    let id = self.id();
                    (id, PageRequest::Notify { id, request: r.operation.clone() }, Pending::Notify(r))
                }
            };
            self.pending.insert(id, pending);
            out.push(request);
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
