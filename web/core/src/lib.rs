//! The web shell's core: the Crux app and the SQLite store compiled to
//! WebAssembly. Store, time, UID and DNS requests are answered here, in
//! Rust, exactly as the native runtime answers them; HTTP (fetch),
//! secrets, notifications, pauses (a timer) and rendering go to the page as JSON requests,
//! which it answers with `resolve`. The page keeps the store's snapshot in
//! IndexedDB (`takeSnapshot` after changes; the bytes go back into `new`).

use std::collections::HashMap;

use crux_core::{Core, Request};
use nubo_store::Store;
use serde::Serialize;
use shared::effects::{DnsResponse, HttpRequest, Instant, NotifyRequest, SecretRequest, WaitRequest};
use shared::{Effect, Event, NuboApp};
use wasm_bindgen::prelude::*;

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
    pending: HashMap<u32, Pending>,
    next_id: u32,
    changed: bool,
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl NuboWeb {
    /// `snapshot`: the bytes `takeSnapshot` gave last time, or empty.
    #[wasm_bindgen(constructor)]
    pub fn new(snapshot: &[u8]) -> Result<NuboWeb, JsError> {
        let store = Store::from_snapshot(snapshot).map_err(js_error)?;
        Ok(NuboWeb { core: Core::new(), store, pending: HashMap::new(), next_id: 1, changed: false })
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

    /// The whole store as bytes when it changed since the last call.
    #[wasm_bindgen(js_name = takeSnapshot)]
    pub fn take_snapshot(&mut self) -> Result<Option<Vec<u8>>, JsError> {
        if !std::mem::take(&mut self.changed) {
            return Ok(None);
        }
        self.store.snapshot().map(Some).map_err(js_error)
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
