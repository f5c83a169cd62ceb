//! The native runtime: carries out, in-process, the effects every platform
//! needs the same way (HTTP with reqwest, the local store with rusqlite,
//! DNS, time, UIDs), so they never cross the FFI. Shells only render, keep
//! secrets and show notifications.
//!
//! Built on Crux's `EffectRouter`: each effect the core emits is routed to
//! a lane — HTTP and DNS to a tokio pool, store/time/UIDs to one store
//! thread (one SQLite connection, operations in order), and the rest to the
//! shell.

pub mod android_tls;
pub mod dns;
#[cfg(feature = "ffi")]
pub mod ffi;
#[cfg(feature = "ffi")]
uniffi::setup_scaffolding!();
pub mod http;

use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crossbeam_channel::{unbounded, Sender};
use crux_core::bridge::JsonFfiFormat;
use crux_core::effects::routes::Serialized;
use crux_core::effects::{EffectRouter, ResolveSink, Routes};
use crux_core::render::RenderOperation;
use crux_core::{Core, Request};
use shared::effects::{DnsRequest, DnsResponse, HttpError, Instant, NotifyRequest, SecretRequest, SecretResponse};
use shared::{Effect, Event, NuboApp, ViewModel};

pub use nubo_store::Store;

/// Effects only a platform can carry out.
pub enum ShellEffect {
    Render(Request<RenderOperation>),
    Secret(Request<SecretRequest>),
    Notify(Request<NotifyRequest>),
    /// Only with [`RuntimeConfig::platform_dns`].
    Dns(Request<DnsRequest>),
}

/// The platform side. Called on whichever thread produced the effect.
pub trait Shell: Send + Sync + 'static {
    fn effect(&self, effect: ShellEffect);
}

pub struct RuntimeConfig {
    /// The SQLite file; `None` keeps everything in memory (tests, demos).
    pub database: Option<PathBuf>,
    /// Longest time one HTTP request may take, from sending it to the last
    /// byte of its answer (a server trickling bytes cannot hold it longer).
    pub http_timeout: Duration,
    /// DNS look-ups go to the shell as [`ShellEffect::Dns`] (phones: no
    /// `/etc/resolv.conf` to read; the platform knows the device's DNS),
    /// answered with [`dns::from_platform_answer`] (a DNS message) or
    /// [`dns::from_platform_records`] (each record's data).
    pub platform_dns: bool,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self { database: None, http_timeout: Duration::from_secs(30), platform_dns: false }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("cannot open the local store: {0}")]
    Store(String),
    #[error("cannot start the network layer: {0}")]
    Network(String),
}

type Router = EffectRouter<NuboApp, NativeRoutes>;

enum StoreJob {
    Store(Box<Request<shared::effects::StoreRequest>>),
    Now(Request<shared::effects::NowRequest>),
    Uid(Request<shared::effects::NewUid>),
    /// Close the store, then say so.
    Close(std::sync::mpsc::Sender<()>),
}

/// The lanes. Cloned into the routing closure; the heavy parts are shared.
#[derive(Clone)]
pub struct NativeRoutes {
    router: Weak<Router>,
    /// The JSON lane for shells behind an FFI.
    pub serialized: Arc<Serialized<NuboApp, NativeRoutes, JsonFfiFormat>>,
    inner: Arc<std::sync::OnceLock<Lanes>>,
}

/// Effects routed but not yet resolved. Zero means the core is idle: no
/// command is waiting on anything, so nothing more will happen by itself.
#[derive(Default)]
struct InFlight {
    count: std::sync::Mutex<usize>,
    idle: std::sync::Condvar,
}

impl InFlight {
    fn start(&self) {
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    }

    fn finish(&self) {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        *count = count.saturating_sub(1);
        if *count == 0 {
            self.idle.notify_all();
        }
    }

    fn wait_idle(&self, timeout: Duration) -> bool {
        let count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        let (count, _) = self.idle.wait_timeout_while(count, timeout, |c| *c > 0).unwrap_or_else(|e| e.into_inner());
        *count == 0
    }
}

struct Lanes {
    inflight: Arc<InFlight>,
    tokio: tokio::runtime::Runtime,
    http: http::HttpClient,
    resolver: Option<Arc<hickory_resolver::TokioResolver>>,
    platform_dns: bool,
    store_jobs: Sender<StoreJob>,
    shell: Arc<dyn Shell>,
}

impl Routes<NuboApp> for NativeRoutes {
    fn new(router: Weak<Router>) -> Self {
        Self { serialized: Arc::new(Serialized::new(router.clone())), router, inner: Arc::default() }
    }
}

impl NativeRoutes {
    fn lanes(&self) -> &Lanes {
        self.inner.get().expect("routes are set up before the first event")
    }

    fn route(&self, effect: Effect) {
        let lanes = self.lanes();
        if !effect.is_render() {
            lanes.inflight.start();
        }
        match effect {
            Effect::Http(mut request) => {
                let client = lanes.http.clone();
                let router = self.router.clone();
                let inflight = lanes.inflight.clone();
                let operation = request.operation.clone();
                lanes.tokio.spawn(async move {
                    let output = answered_even_on_panic(async move { client.send(operation).await }, |why| {
                        Err(HttpError::Other(format!("the app's network layer failed: {why}")))
                    })
                    .await;
                    resolve(&router, &mut request, output);
                    inflight.finish();
                });
            }
            Effect::Dns(request) if lanes.platform_dns => lanes.shell.effect(ShellEffect::Dns(request)),
            Effect::Dns(mut request) => {
                let resolver = lanes.resolver.clone();
                let router = self.router.clone();
                let inflight = lanes.inflight.clone();
                let operation = request.operation.clone();
                lanes.tokio.spawn(async move {
                    let lookup = async move { dns::lookup(resolver.as_deref(), operation).await };
                    // No answer is what a lookup that found nothing gives.
                    let output = answered_even_on_panic(lookup, |_| DnsResponse::NotFound).await;
                    resolve(&router, &mut request, output);
                    inflight.finish();
                });
            }
            Effect::Store(request) => send_job(&lanes.store_jobs, StoreJob::Store(Box::new(request))),
            Effect::Time(request) => send_job(&lanes.store_jobs, StoreJob::Now(request)),
            Effect::Wait(mut request) => {
                let router = self.router.clone();
                let inflight = lanes.inflight.clone();
                let pause = Duration::from_millis(request.operation.ms);
                lanes.tokio.spawn(async move {
                    tokio::time::sleep(pause).await;
                    resolve(&router, &mut request, ());
                    inflight.finish();
                });
            }
            Effect::Uid(request) => send_job(&lanes.store_jobs, StoreJob::Uid(request)),
            Effect::Render(request) => lanes.shell.effect(ShellEffect::Render(request)),
            Effect::Secret(request) => lanes.shell.effect(ShellEffect::Secret(request)),
            Effect::Notify(request) => lanes.shell.effect(ShellEffect::Notify(request)),
        }
    }
}

/// Runs one effect's work as its own task, so that a panic in it (a TLS
/// layer set up wrong, a bug in a library) still answers the core, which
/// would otherwise wait for ever with the member's spinner turning.
async fn answered_even_on_panic<T, F>(work: F, on_panic: impl FnOnce(String) -> T) -> T
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::spawn(work).await {
        Ok(output) => output,
        Err(failure) => {
            let why = match failure.try_into_panic() {
                Ok(payload) => payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into()),
                Err(cancelled) => cancelled.to_string(),
            };
            on_panic(why)
        }
    }
}

fn send_job(jobs: &Sender<StoreJob>, job: StoreJob) {
    // The worker only stops when the runtime is dropped.
    let _ = jobs.send(job);
}

fn resolve<Op>(router: &Weak<Router>, request: &mut Request<Op>, output: Op::Output)
where
    Op: crux_core::capability::Operation,
{
    if let Some(router) = router.upgrade() {
        // An error here means the command that asked was cancelled.
        let _ = ResolveSink::<Op>::resolve_request(&*router, request, output);
    }
}

fn store_worker(
    mut store: Store,
    jobs: crossbeam_channel::Receiver<StoreJob>,
    router: Weak<Router>,
    inflight: Arc<InFlight>,
) {
    while let Ok(job) = jobs.recv() {
        match job {
            StoreJob::Store(mut request) => {
                let output = store.handle(request.operation.clone());
                resolve(&router, &mut request, output);
            }
            StoreJob::Now(mut request) => {
                let millis = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                resolve(&router, &mut request, Instant(millis));
            }
            StoreJob::Uid(mut request) => {
                resolve(&router, &mut request, uuid::Uuid::new_v4().to_string());
            }
            StoreJob::Close(done) => {
                drop(store);
                let _ = done.send(());
                return;
            }
        }
        inflight.finish();
    }
}

/// The store holds the member's contacts and agenda: readable by them
/// alone (0600), created so before SQLite writes a byte. SQLite gives its
/// WAL and shared-memory files the database file's mode; those left by an
/// older version are narrowed too.
fn owner_only(database: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(database)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            match std::fs::set_permissions(&name, std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    #[cfg(not(unix))]
    let _ = database;
    Ok(())
}

/// The core with its native lanes. Cheap to share behind an `Arc`.
pub struct Runtime {
    router: Arc<Router>,
}

impl Runtime {
    pub fn new(config: RuntimeConfig, shell: Arc<dyn Shell>) -> Result<Self, RuntimeError> {
        let store = match &config.database {
            Some(path) => {
                owner_only(path).map_err(|e| RuntimeError::Store(format!("{}: {e}", path.display())))?;
                Store::open(path)
            }
            None => Store::open_in_memory(),
        }
        .map_err(|e| RuntimeError::Store(e.to_string()))?;
        let tokio = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("nubo-io")
            .enable_all()
            .build()
            .map_err(|e| RuntimeError::Network(e.to_string()))?;
        let http = http::HttpClient::new(config.http_timeout);
        let resolver = {
            let _guard = tokio.enter();
            if config.platform_dns {
                None
            } else {
                dns::system_resolver().map(Arc::new)
            }
        };

        let router =
            EffectRouter::new(Core::<NuboApp>::new(), |routes: NativeRoutes| move |effect| routes.route(effect));
        let (store_jobs, jobs) = unbounded();
        let weak = Arc::downgrade(&router);
        let inflight = Arc::new(InFlight::default());
        let worker_inflight = inflight.clone();
        std::thread::Builder::new()
            .name("nubo-store".into())
            .spawn(move || store_worker(store, jobs, weak, worker_inflight))
            .map_err(|e| RuntimeError::Store(e.to_string()))?;
        let lanes = Lanes { inflight, tokio, http, resolver, platform_dns: config.platform_dns, store_jobs, shell };
        if router.routes.inner.set(lanes).is_err() {
            unreachable!("lanes are set once");
        }
        Ok(Self { router })
    }

    pub fn update(&self, event: Event) {
        self.router.update(event);
    }

    pub fn view(&self) -> ViewModel {
        self.router.view()
    }

    /// The shell's answer to a secret-storage request.
    pub fn resolve_secret(&self, mut request: Request<SecretRequest>, output: SecretResponse) {
        resolve(&Arc::downgrade(&self.router), &mut request, output);
        self.router.routes.lanes().inflight.finish();
    }

    pub fn resolve_notify(&self, mut request: Request<NotifyRequest>) {
        resolve(&Arc::downgrade(&self.router), &mut request, ());
        self.router.routes.lanes().inflight.finish();
    }

    /// A shell answered a request through the serialized lane.
    pub fn shell_effect_done(&self) {
        self.router.routes.lanes().inflight.finish();
    }

    /// Blocks until no effect is outstanding (or the timeout passes; then
    /// `false`). Terminal shells and tests use it to know a command is over.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.router.routes.lanes().inflight.wait_idle(timeout)
    }

    /// Closes the store once what was asked of it is done: SQLite then
    /// folds its write-ahead log into the database and removes it. A
    /// process that ends without this leaves the log behind, and every
    /// later start reads all of it again (30 ms for the 28 MB a year of a
    /// large agenda writes). Nothing reaches the store afterwards.
    pub fn close(&self) {
        let (done, closed) = std::sync::mpsc::channel();
        if self.router.routes.lanes().store_jobs.send(StoreJob::Close(done)).is_ok() {
            let _ = closed.recv();
        }
    }

    /// The lane native shells use through the FFI.
    pub fn serialized(&self) -> Arc<Serialized<NuboApp, NativeRoutes, JsonFfiFormat>> {
        self.router.routes.serialized.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoShell;
    impl Shell for NoShell {
        fn effect(&self, _: ShellEffect) {}
    }

    #[test]
    fn work_that_panics_still_answers_and_says_why() {
        let tokio = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let answered = tokio.block_on(answered_even_on_panic(
            async { panic!("Expect rustls-platform-verifier to be initialized") },
            |why| format!("failed: {why}"),
        ));
        assert_eq!(answered, "failed: Expect rustls-platform-verifier to be initialized");
        let answered = tokio.block_on(answered_even_on_panic(async { "done".to_string() }, |why| why));
        assert_eq!(answered, "done");
    }

    #[cfg(unix)]
    #[test]
    fn the_store_is_readable_by_the_member_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("nubo-runtime-mode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let database = dir.join("nubo.sqlite3");
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let config = || RuntimeConfig { database: Some(database.clone()), ..RuntimeConfig::default() };
        drop(Runtime::new(config(), Arc::new(NoShell)).unwrap());
        assert_eq!(mode(&database), 0o600);
        // A store an older version left readable by all is narrowed.
        std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
        let runtime = Runtime::new(config(), Arc::new(NoShell)).unwrap();
        assert_eq!(mode(&database), 0o600);
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("nubo.sqlite3{suffix}"));
            if side.exists() {
                assert_eq!(mode(&side), 0o600, "{suffix}");
            }
        }
        drop(runtime);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_closed_store_leaves_no_write_ahead_log_behind() {
        let dir = std::env::temp_dir().join(format!("nubo-runtime-close-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let database = dir.join("nubo.sqlite3");
        let runtime = Runtime::new(
            RuntimeConfig { database: Some(database.clone()), ..RuntimeConfig::default() },
            Arc::new(NoShell),
        )
        .unwrap();
        let wal = dir.join("nubo.sqlite3-wal");
        assert!(wal.exists(), "the store writes ahead while open");
        runtime.close();
        assert!(!wal.exists(), "folded into the database at close");
        drop(runtime);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A shell that keeps every reminder set it is handed.
    #[derive(Default)]
    struct ReminderShell {
        runtime: std::sync::OnceLock<Weak<Runtime>>,
        sets: std::sync::Mutex<Vec<Vec<shared::effects::Reminder>>>,
    }

    impl Shell for ReminderShell {
        fn effect(&self, effect: ShellEffect) {
            let Some(runtime) = self.runtime.get().and_then(Weak::upgrade) else { return };
            match effect {
                ShellEffect::Notify(request) => {
                    if let NotifyRequest::Reminders(set) = &request.operation {
                        self.sets.lock().unwrap().push(set.clone());
                    }
                    std::thread::spawn(move || runtime.resolve_notify(request));
                }
                ShellEffect::Secret(request) => {
                    std::thread::spawn(move || runtime.resolve_secret(request, SecretResponse::Value(None)));
                }
                _ => {}
            }
        }
    }

    /// One start of the app on `database`: the reminders it handed over,
    /// as (id, when).
    fn reminders_at_start(database: &std::path::Path) -> Vec<(String, i64)> {
        let shell = Arc::new(ReminderShell::default());
        let config = RuntimeConfig { database: Some(database.into()), ..RuntimeConfig::default() };
        let runtime = Arc::new(Runtime::new(config, shell.clone()).unwrap());
        let _ = shell.runtime.set(Arc::downgrade(&runtime));
        let zone = Some("Europe/Brussels".into());
        runtime.update(Event::Start { locale: "fr-BE".into(), time_zone: zone, screens: Some(vec![]) });
        assert!(runtime.wait_idle(Duration::from_secs(30)));
        runtime.close();
        let sets = shell.sets.lock().unwrap().clone();
        assert_eq!(sets.len(), 1, "one complete set per start: {sets:?}");
        sets[0].iter().map(|r| (r.id.clone(), r.at)).collect()
    }

    #[test]
    fn the_reminders_one_start_keeps_are_the_next_starts_until_an_event_moves() {
        use shared::effects::store::*;
        use shared::kinds::{EventKind, StaticKind};
        let dir = std::env::temp_dir().join(format!("nubo-runtime-reminders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let database = dir.join("nubo.sqlite3");
        let calendar = "https://dav.test/alice/agenda/";
        // An assembly three hours from now, with a reminder 15 minutes before.
        let now = chrono::Utc::now().timestamp() / 60 * 60;
        let assembly = |starts: i64, etag: &str| {
            let at = chrono::DateTime::from_timestamp(starts, 0).unwrap().format("%Y%m%dT%H%M%SZ");
            let data = format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ag\r\nSUMMARY:AG\r\nDTSTART:{at}\r\nDURATION:PT2H\r\n\
                 BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            );
            let index = ItemIndex::Event(shared::agenda::index::event_index(&data).unwrap());
            let item = RemoteItem { href: format!("{calendar}ag.ics"), etag: Some(etag.into()), data, index };
            StoreRequest::ApplyPull(PullBatch {
                collection: calendar.into(),
                upserts: vec![item],
                ..PullBatch::default()
            })
        };
        let pull = |request: StoreRequest| {
            let mut store = Store::open(&database).unwrap();
            assert!(matches!(store.handle(request), StoreResponse::Applied(_)));
        };
        {
            let mut store = Store::open(&database).unwrap();
            let account = Account {
                email: "alice@nubo.test".into(),
                username: "alice@nubo.test".into(),
                server_url: "https://dav.test".into(),
                principal_url: "https://dav.test/alice/".into(),
                addressbook_home: None,
                calendar_home: Some("https://dav.test/alice/".into()),
                notes_folder: None,
                news_discovered: true,
                default_calendar: None,
                last_synced: None,
                credentials_asked: false,
            };
            assert_eq!(store.handle(StoreRequest::SaveAccount(account)), StoreResponse::Done);
            let calendars = vec![Collection {
                kind: EventKind::KIND,
                href: calendar.into(),
                display_name: "Nubo".into(),
                color: None,
                read_only: false,
                supports_sync: true,
                sync_token: None,
                ctag: None,
            }];
            let save = StoreRequest::SaveCollections { kind: EventKind::KIND, collections: calendars };
            assert_eq!(store.handle(save), StoreResponse::Done);
        }
        pull(assembly(now + 3 * 3600, "\"1\""));
        let rings = |starts: i64| vec![(format!("ag@{}", starts - 15 * 60), (starts - 15 * 60) * 1000)];
        assert_eq!(reminders_at_start(&database), rings(now + 3 * 3600));
        // Kept by that start: the next one reads them, computing nothing.
        let asked_now = chrono::Utc::now().timestamp_millis();
        let ask = StoreRequest::ListReminders {
            from: asked_now,
            to: asked_now + 3_600_000,
            zone: "Europe/Brussels".into(),
            events_to: asked_now + 3_600_000,
        };
        let kept = Store::open(&database).unwrap().handle(ask);
        assert!(matches!(kept, StoreResponse::Reminders(ReminderPage::Kept(_))), "{kept:?}");
        assert_eq!(reminders_at_start(&database), rings(now + 3 * 3600));
        // A sync moves the assembly an hour later: the next start says so.
        pull(assembly(now + 4 * 3600, "\"2\""));
        assert_eq!(reminders_at_start(&database), rings(now + 4 * 3600));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
