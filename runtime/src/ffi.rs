//! The surface the Android and iOS shells see, through uniffi. Messages are
//! Crux's JSON format (`JsonFfiFormat`): Kotlin and Swift decode them with
//! their standard JSON libraries, and the messages are readable in logs of
//! a debug build. Only render, secret and notification requests (and, on
//! phones, DNS look-ups) cross; HTTP and the store stay in Rust.

use std::sync::{Arc, OnceLock};

use crux_core::bridge::{EffectId, JsonFfiFormat};
use crux_core::effects::routes::Serialized;
use crux_core::macros::effect;
use crux_core::render::RenderOperation;
use shared::effects::{DnsRequest, NotifyRequest, SecretRequest};

use crate::{Runtime, RuntimeConfig, Shell, ShellEffect};

/// The effects a native shell carries out, as they cross the FFI.
#[effect(typegen)]
#[derive(Debug)]
pub enum ShellBoundEffect {
    Render(RenderOperation),
    Secret(SecretRequest),
    Notify(NotifyRequest),
    /// Asked only of a core made with `platform_dns`: answer with
    /// [`dns_answer`] from what [`dns_query`] names.
    Dns(DnsRequest),
}

/// Implemented in Kotlin / Swift.
#[uniffi::export(with_foreign)]
pub trait ShellCallback: Send + Sync {
    /// JSON `[{"id": n, "effect": {"Secret": {...}}}, ...]`.
    fn process_effects(&self, requests: String);
}

#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CoreError {
    #[error("{0}")]
    Start(String),
    #[error("bad message from the shell: {0}")]
    Message(String),
}

type Lane = Arc<Serialized<shared::NuboApp, crate::NativeRoutes, JsonFfiFormat>>;

struct ForeignShell {
    callback: Arc<dyn ShellCallback>,
    lane: OnceLock<Lane>,
}

impl Shell for ForeignShell {
    fn effect(&self, effect: ShellEffect) {
        let effect = match effect {
            ShellEffect::Render(r) => ShellBoundEffect::Render(r),
            ShellEffect::Secret(r) => ShellBoundEffect::Secret(r),
            ShellEffect::Notify(r) => ShellBoundEffect::Notify(r),
            ShellEffect::Dns(r) => ShellBoundEffect::Dns(r),
        };
        let Some(lane) = self.lane.get() else { return };
        if let Ok(bytes) = lane.serialize(effect) {
            self.callback.process_effects(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
}

#[derive(uniffi::Object)]
pub struct NuboCore {
    runtime: Runtime,
    lane: Lane,
}

#[uniffi::export]
impl NuboCore {
    /// `database_path`: the app's private SQLite file. `platform_dns`: the
    /// shell answers DNS look-ups (`Dns` requests), as phones must.
    #[uniffi::constructor]
    pub fn new(
        database_path: String,
        shell: Arc<dyn ShellCallback>,
        platform_dns: bool,
    ) -> Result<Arc<Self>, CoreError> {
        let foreign = Arc::new(ForeignShell { callback: shell, lane: OnceLock::new() });
        let config = RuntimeConfig { database: Some(database_path.into()), platform_dns, ..RuntimeConfig::default() };
        let runtime = Runtime::new(config, foreign.clone()).map_err(|e| CoreError::Start(e.to_string()))?;
        let lane = runtime.serialized();
        let _ = foreign.lane.set(lane.clone());
        Ok(Arc::new(Self { runtime, lane }))
    }

    /// An `Event` as JSON, e.g. `{"Search":{"query":"helene"}}`.
    pub fn update(&self, event: String) -> Result<(), CoreError> {
        let event = serde_json::from_str(&event).map_err(|e| CoreError::Message(e.to_string()))?;
        self.runtime.update(event);
        Ok(())
    }

    /// The shell's answer (JSON) to request `id`.
    pub fn resolve(&self, id: u32, output: String) -> Result<(), CoreError> {
        let result = self.lane.resolve(EffectId(id), output.as_bytes()).map_err(|e| CoreError::Message(e.to_string()));
        self.runtime.shell_effect_done();
        result
    }

    /// The `ViewModel` as JSON.
    pub fn view(&self) -> String {
        serde_json::to_string(&self.runtime.view()).unwrap_or_default()
    }

    /// Blocks until no effect is outstanding, at most `timeout_ms`; for
    /// background sync jobs (WorkManager, BGTaskScheduler) and tests.
    pub fn wait_idle(&self, timeout_ms: u64) -> bool {
        self.runtime.wait_idle(std::time::Duration::from_millis(timeout_ms))
    }
}

/// What a `Dns` request asks the platform's resolver: a name and a record
/// type (33 SRV, 16 TXT).
#[derive(Debug, uniffi::Record)]
pub struct DnsQuery {
    pub name: String,
    pub record_type: u16,
}

/// The query for a `Dns` request (its JSON, as in `process_effects`).
#[uniffi::export]
pub fn dns_query(request: String) -> Result<DnsQuery, CoreError> {
    let request = dns_request(&request)?;
    let (name, record_type) = crate::dns::platform_query(&request);
    Ok(DnsQuery { name: name.to_string(), record_type })
}

/// The JSON answer to a `Dns` request from the DNS message the platform
/// received (`answer`, empty when the look-up failed): parsed here, so no
/// shell reads DNS by hand.
#[uniffi::export]
pub fn dns_answer(request: String, answer: Vec<u8>) -> Result<String, CoreError> {
    dns_json(crate::dns::from_platform_answer(&dns_request(&request)?, &answer))
}

/// The JSON answer to a `Dns` request from the data of each record the
/// platform found (iOS's dnssd hands records one by one).
#[uniffi::export]
pub fn dns_answer_from_records(request: String, records: Vec<Vec<u8>>) -> Result<String, CoreError> {
    dns_json(crate::dns::from_platform_records(&dns_request(&request)?, &records))
}

fn dns_request(json: &str) -> Result<DnsRequest, CoreError> {
    serde_json::from_str(json).map_err(|e| CoreError::Message(e.to_string()))
}

fn dns_json(response: shared::effects::DnsResponse) -> Result<String, CoreError> {
    serde_json::to_string(&response).map_err(|e| CoreError::Message(e.to_string()))
}
