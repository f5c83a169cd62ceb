//! The client SIGKILLed again and again, on a seeded schedule, over first
//! syncs, resyncs and pushes of an address book and a calendar; between
//! kills the member edits through `nubo` and another device changes the
//! server (sometimes while the sync runs). A proxy slows every request so
//! kills land mid-pull and mid-push: in a sync-collection, between
//! multiget batches, during a PUT or a DELETE, while a batch is applied.
//!
//! Each epoch starts a fresh device (a first sync killed a few times),
//! then kills its resyncs; every other epoch the proxy plays a server
//! without RFC 6578, so pulls are getctag + full etag listings. At the
//! end of an epoch, after a clean sync, client and server must hold the
//! same items (UID → content, every contact and event), every edit must
//! be on the server or kept as a conflict, and no UID may be held twice.
//! After every kill the store must open and pass SQLite's quick_check.
//!
//! Run by `scripts/faults.sh` (`NUBO_KILL_POINTS`, default 200; replay a
//! run's schedule with `NUBO_FAULT_SEED`: where a kill lands within a
//! request still depends on timing; `NUBO_FAULT_KEEP_GOING=1` goes on
//! after an epoch with problems, to see them all). Counts go to
//! `target/faults/kill_loop.json`.

mod common;
mod sync_oracle;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::Device;
use nubo_tests::faults::{self, Report, Rng};
use nubo_tests::{DavClient, Fault, ProxyMode, ProxyServer};
use sync_oracle::*;

const SUITE: &str = "kill_loop";
/// Kill points per epoch (one fresh device each).
const KILLS_PER_EPOCH: u64 = 40;
/// The server's address book and calendar at the start: a first sync
/// receives each in one query; later ones fetch changes by multiget. (A
/// first query applied over several transactions and killed between them
/// is `crash_resume`'s case, with 3,000 cards.)
const SEEDED_CONTACTS: u64 = 250;
const SEEDED_EVENTS: u64 = 130;
/// How many recently changed UIDs each side remembers.
const HOT: usize = 8;

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// Once the client has sent `n` requests, `extra_ms` later (the
    /// request in flight, or the batch being applied).
    AfterRequests { n: u64, extra_ms: u64 },
    /// After a time, wherever the run is.
    AfterMs(u64),
    /// Let it finish.
    Never,
}

/// A device's first sync (until one finishes), or a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    First,
    Resync,
}

enum Outcome {
    Killed { phase: String },
    Finished { ok: bool, took: Duration, stderr: String },
}

/// What a kind of run took the last time it finished, to aim kills in it.
#[derive(Debug, Clone, Copy)]
struct Estimate {
    requests: u64,
    ms: u64,
}

struct Loop {
    rng: Rng,
    /// In front of the server: as it is, and playing a server without
    /// RFC 6578 (getctag + etag listings); epochs take turns.
    proxies: [ProxyServer; 2],
    /// The proxy of this epoch's device.
    current: usize,
    dav: DavClient,
    tokens: Arc<Tokens>,
    delay_ms: u64,
    problems: Vec<String>,
    kill_points: u64,
    phases: BTreeMap<String, u64>,
    finished_syncs: u64,
    longest_s: f64,
    /// Which run that was.
    longest_what: String,
    member_edits: u64,
    server_changes: u64,
    /// UIDs each side changed last: the other side changes them first, so
    /// both often edit one item.
    member_hot: Vec<String>,
    server_hot: Vec<String>,
    /// Conflicts with nothing but the member's own versions.
    spurious_conflicts: u64,
    /// Deletes the member made that came back though nobody else changed
    /// the item.
    deletes_undone: u64,
    first: Estimate,
    resync: Estimate,
}

impl Loop {
    fn proxy(&self) -> &ProxyServer {
        &self.proxies[self.current]
    }

    fn plan(&mut self, estimate: Estimate) -> Plan {
        match self.rng.below(100) {
            0..=64 => Plan::AfterRequests {
                n: self.rng.between(1, estimate.requests.max(1) + 1),
                extra_ms: self.rng.below(self.delay_ms + 40),
            },
            65..=91 => Plan::AfterMs(self.rng.below(estimate.ms.max(100) + 100)),
            _ => Plan::AfterMs(self.rng.below(120)),
        }
    }

    fn spawn(&self, device: &Device, first: bool, stderr: &Path) -> Child {
        let proxy_url = format!("{}/", self.proxy().base_url);
        let mut command = if first {
            let mut c = device.command(&["account", "add", "--email", USER, "--server", &proxy_url]);
            c.env("NUBO_PASSWORD", "x");
            c
        } else {
            device.command(&["sync"])
        };
        // Output to files: a full pipe must never be what holds a run up.
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(File::create(stderr).unwrap());
        command.spawn().expect("start nubo")
    }

    /// One run of `nubo` (a sign-in with its first sync, or a sync), killed
    /// as planned unless it finishes first.
    fn run(&mut self, device: &Device, plan: Plan, stage: Stage) -> Outcome {
        let first = !has_account(device.data_dir());
        // Beside the data folder: the CLI creates that folder itself, on the first run.
        let stderr_path = device.data_dir().with_file_name("last-stderr.txt");
        // Every earlier request has its answer (see `phase_of_kill`), so
        // the log's length is the count.
        let count_before = self.proxy().requests();
        let log_before = count_before as usize;
        let started = Instant::now();
        let mut child = self.spawn(device, first, &stderr_path);
        let mut reached_at: Option<Instant> = None;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let took = started.elapsed();
                let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                let requests = self.proxy().requests() - count_before;
                let estimate = Estimate { requests, ms: took.as_millis() as u64 };
                if status.success() {
                    if stage == Stage::First {
                        self.first = estimate;
                    } else {
                        self.resync = estimate;
                    }
                }
                return Outcome::Finished { ok: status.success(), took, stderr };
            }
            let due = match plan {
                Plan::Never => false,
                Plan::AfterMs(ms) => started.elapsed() >= Duration::from_millis(ms),
                Plan::AfterRequests { n, extra_ms } => {
                    if reached_at.is_none() && self.proxy().requests() - count_before >= n {
                        reached_at = Some(Instant::now());
                    }
                    reached_at.is_some_and(|at| at.elapsed() >= Duration::from_millis(extra_ms))
                }
            };
            if due {
                child.kill().expect("SIGKILL");
                child.wait().unwrap();
                self.kill_points += 1;
                let phase = self.phase_of_kill(log_before, stage);
                *self.phases.entry(phase.clone()).or_default() += 1;
                return Outcome::Killed { phase };
            }
            std::thread::sleep(Duration::from_millis(12));
        }
    }

    /// What the killed run was doing: the last request it sent (waiting
    /// until every request that reached the proxy has its answer, so a
    /// request still in flight lands before the next run starts).
    fn phase_of_kill(&self, log_before: usize, stage: Stage) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut log = self.proxy().log();
        while (log.len() as u64) < self.proxy().requests() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            log = self.proxy().log();
        }
        let ours = &log[log_before.min(log.len())..];
        let stage = match (stage, self.current) {
            (Stage::First, 0) => "first sync",
            (Stage::Resync, 0) => "resync",
            (Stage::First, _) => "first sync without RFC 6578",
            (Stage::Resync, _) => "resync without RFC 6578",
        };
        let Some((method, path, _)) = ours.last() else { return format!("{stage}: before any request") };
        let path = path_of(path);
        let what = match method.as_str() {
            "PUT" => "push PUT",
            "DELETE" => "push DELETE",
            "GET" => "push conflict GET",
            "REPORT" => {
                // The first REPORT after the collection's PROPFIND is its
                // sync-collection (when the server offers it); the ones
                // after it are multigets.
                let before = ours.len().checked_sub(2).map(|i| &ours[i]);
                match before {
                    Some((m, p, _)) if m == "PROPFIND" && path_of(p) == path && self.current == 0 => "sync-collection",
                    _ => "multiget",
                }
            }
            "PROPFIND" if Kind::ALL.iter().any(|k| path == k.collection()) => "collection ctag or etag listing",
            "PROPFIND" => "discovery and collections",
            _ => "other",
        };
        format!("{stage}: {what}")
    }

    /// After a kill: the store must open and be sound.
    fn check_store(&mut self, device: &Device, context: &str) {
        if let Err(e) = quick_check(device.data_dir()) {
            self.problems.push(format!("{context}: the store does not open soundly: {e}"));
        }
    }

    fn member_edits(&mut self, device: &Device, who: &str) {
        if !has_account(device.data_dir()) || !self.rng.chance(60) {
            return;
        }
        for _ in 0..self.rng.between(1, 3) {
            // What the server changed last, and what the member did.
            let prefer: Vec<String> = self.server_hot.iter().chain(&self.member_hot).cloned().collect();
            match member_change(device, &self.tokens, &mut self.rng, who, &prefer) {
                MemberEdit::Done(uid) => {
                    self.member_edits += 1;
                    if let Some(uid) = uid {
                        remember(&mut self.member_hot, uid, HOT);
                    }
                }
                MemberEdit::Nothing => {}
                MemberEdit::Failed(e) => self.problems.push(format!("{who}: a member's edit failed: {e}")),
            }
        }
    }

    fn server_changes(&mut self) {
        if !self.rng.chance(45) {
            return;
        }
        for _ in 0..self.rng.between(1, 3) {
            let prefer = self.member_hot.clone();
            let change = server_change(&self.dav, &self.tokens, &mut self.rng, &prefer);
            self.note_server_change(change);
        }
    }

    /// Sometimes another device changes the server while the sync runs.
    fn concurrent_server_change(&mut self) -> Option<std::thread::JoinHandle<ServerChange>> {
        if !self.rng.chance(20) {
            return None;
        }
        let (dav, tokens, mut rng) = (self.dav.clone(), self.tokens.clone(), self.rng.fork());
        let prefer = self.member_hot.clone();
        let wait = Duration::from_millis(rng.below(600));
        Some(std::thread::spawn(move || {
            std::thread::sleep(wait);
            server_change(&dav, &tokens, &mut rng, &prefer)
        }))
    }

    fn note_server_change(&mut self, change: ServerChange) {
        match change {
            ServerChange::Created(uid) | ServerChange::Edited(uid) | ServerChange::Deleted(uid) => {
                self.server_changes += 1;
                remember(&mut self.server_hot, uid, HOT);
            }
            ServerChange::Raced => {}
        }
    }

    /// One kill point (or a run that finished before it).
    fn cycle(&mut self, device: &Device, who: &str, stage: Stage) -> bool {
        let estimate = match stage {
            Stage::First => self.first,
            Stage::Resync => self.resync,
        };
        let plan = self.plan(estimate);
        let during = self.concurrent_server_change();
        let t = Instant::now();
        let outcome = self.run(device, plan, stage);
        if std::env::var_os("NUBO_FAULT_VERBOSE").is_some() {
            let what = match &outcome {
                Outcome::Killed { phase } => format!("killed in {phase}"),
                Outcome::Finished { ok, .. } => format!("finished ok={ok}"),
            };
            println!("{who}: {plan:?} → {what} after {} ms", t.elapsed().as_millis());
        }
        if let Some(handle) = during {
            let change = handle.join().expect("server change thread");
            self.note_server_change(change);
        }
        match outcome {
            Outcome::Killed { phase } => {
                self.check_store(device, &format!("{who}, killed in {phase}"));
                false
            }
            Outcome::Finished { ok, took, stderr } => {
                self.finished_syncs += 1;
                self.note_time(took, &format!("{who}, {stage:?} run, {plan:?}"));
                if !ok {
                    self.problems.push(format!("{who}: a sync against a sound server failed ({plan:?}): {stderr}"));
                }
                true
            }
        }
    }

    /// The longest a run took to finish.
    fn note_time(&mut self, took: Duration, what: &str) {
        if took.as_secs_f64() > self.longest_s {
            self.longest_s = took.as_secs_f64();
            self.longest_what = what.to_string();
        }
    }

    /// Syncs until two syncs in a row change nothing, here or on the server.
    fn settle(&mut self, device: &Device, who: &str) {
        let mut quiet = 0;
        let mut before = (store_fingerprint(device.data_dir()), self.server_fingerprint());
        for round in 1..=8 {
            let run = sync(device);
            self.finished_syncs += 1;
            self.note_time(run.took, &format!("{who}, final sync {round}"));
            if !run.ok {
                self.problems.push(format!("{who}: the final sync failed: {}", run.output));
                return;
            }
            let after = (store_fingerprint(device.data_dir()), self.server_fingerprint());
            quiet = if after == before { quiet + 1 } else { 0 };
            before = after;
            if quiet == 2 {
                return;
            }
        }
        self.problems.push(format!("{who}: still changing after 8 clean syncs"));
    }

    fn server_fingerprint(&self) -> Vec<String> {
        let mut hrefs: Vec<String> = Kind::ALL.iter().flat_map(|k| self.dav.list_hrefs(k.collection())).collect();
        hrefs.sort();
        hrefs
    }
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh (NUBO_KILL_POINTS=…)"]
fn kills_over_first_syncs_resyncs_and_pushes_lose_and_duplicate_nothing() {
    let target = faults::size_from_env("NUBO_KILL_POINTS", 200);
    let seed = faults::seed(SUITE);
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let dir = tempfile::tempdir().unwrap();
    let server = seeded_server(dir.path(), SEEDED_CONTACTS, SEEDED_EVENTS, &mut rng);
    let proxies = [
        ProxyServer::start(&server.base_url, ProxyMode::Passthrough),
        ProxyServer::start(&server.base_url, ProxyMode::NoSync),
    ];
    let mut lp = Loop {
        rng,
        proxies,
        current: 0,
        dav: server.client().clone(),
        tokens: Arc::new(Tokens::default()),
        delay_ms: 0,
        problems: Vec::new(),
        kill_points: 0,
        phases: BTreeMap::new(),
        finished_syncs: 0,
        longest_s: 0.0,
        longest_what: String::new(),
        member_edits: 0,
        server_changes: 0,
        member_hot: Vec::new(),
        server_hot: Vec::new(),
        spurious_conflicts: 0,
        deletes_undone: 0,
        first: Estimate { requests: 16, ms: 1500 },
        resync: Estimate { requests: 8, ms: 500 },
    };
    let mut findings = Findings::default();
    let mut devices: Vec<Device> = Vec::new();
    let mut epochs = 0;
    while lp.kill_points < target {
        epochs += 1;
        let who = format!("epoch {epochs}");
        let device = Device::new();
        lp.delay_ms = lp.rng.between(10, 40);
        // Odd epochs with RFC 6578, even ones without (full etag listings).
        lp.current = (epochs as usize + 1) % 2;
        lp.proxy().inject(Fault::Delay { ms: lp.delay_ms, count: 1_000_000 });
        let goal = (lp.kill_points + KILLS_PER_EPOCH).min(target);

        // The first sync, killed a few times before it may finish.
        let first_kills = lp.rng.between(2, 6);
        let mut done = false;
        for _ in 0..first_kills {
            if lp.cycle(&device, &who, Stage::First) {
                done = true;
                break;
            }
            lp.member_edits(&device, &who);
            lp.server_changes();
        }
        if !done {
            if let Outcome::Finished { ok, took, stderr } = lp.run(&device, Plan::Never, Stage::First) {
                lp.finished_syncs += 1;
                lp.note_time(took, &format!("{who}, first sync let finish"));
                if !ok {
                    lp.problems.push(format!("{who}: the first sync, let finish, failed: {stderr}"));
                }
            }
        }
        // Resyncs and pushes, killed.
        while lp.kill_points < goal {
            lp.member_edits(&device, &who);
            lp.server_changes();
            lp.cycle(&device, &who, Stage::Resync);
            if started.elapsed() > Duration::from_secs(3600) {
                lp.problems.push("gave up after an hour".into());
                break;
            }
        }

        lp.proxy().clear();
        lp.settle(&device, &who);
        let (state, server_findings) = server_state(&lp.dav);
        findings.add(server_findings);
        findings.add(compare_client(&who, device.data_dir(), &state));
        if epochs == 1 {
            if let Err(e) = checks_see_a_loss(&lp.tokens, &state, &who, device.data_dir()) {
                lp.problems.push(e);
            }
        }
        let spurious = conflicts_with_itself(&who, device.data_dir(), &lp.tokens);
        lp.spurious_conflicts += spurious.len() as u64;
        lp.problems.extend(spurious);
        let undone = deletes_undone(&lp.tokens, &state);
        lp.deletes_undone += undone.len() as u64;
        lp.problems.extend(undone);
        devices.push(device);
        let dirs: Vec<&Path> = devices.iter().map(|d| d.data_dir()).collect();
        let lost = lost_edits(&lp.tokens, &state, &dirs);
        println!(
            "{SUITE}: epoch {epochs}: {} kill points so far, delay {} ms, {} items on the server, {} edits owed, {} lost, {:.0} s",
            lp.kill_points,
            lp.delay_ms,
            state.values().map(Vec::len).sum::<usize>(),
            lp.tokens.written(),
            lost.lost,
            started.elapsed().as_secs_f64()
        );
        findings.add(lost);
        if (!findings.problems.is_empty() || !lp.problems.is_empty()) && !faults::keep_going() {
            break;
        }
    }

    let log: Vec<_> = lp.proxies.iter().flat_map(ProxyServer::log).collect();
    let outside = outside_collections(&log);
    let conflicts_kept: usize =
        devices.iter().map(|d| local_conflicts(d.data_dir()).map(|c| c.len()).unwrap_or(0)).sum();
    let phases: Vec<String> = lp.phases.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
    let report = Report {
        scenarios: Some(epochs),
        faults_injected: Some(lp.kill_points),
        kill_points: Some(lp.kill_points),
        items_compared: Some(findings.compared),
        items_lost: Some(findings.lost),
        duplicates: Some(findings.duplicates),
        requests_outside_collection: Some(outside.len() as u64),
        longest_hang_s: Some(lp.longest_s),
        extra: vec![
            ("seed".into(), format!("\"{seed}\"")),
            ("kill_phases".into(), format!("{{{}}}", phases.join(", "))),
            ("member_edits".into(), lp.member_edits.to_string()),
            ("server_changes".into(), lp.server_changes.to_string()),
            ("syncs_finished".into(), lp.finished_syncs.to_string()),
            ("conflicts_kept".into(), conflicts_kept.to_string()),
            ("conflicts_with_itself".into(), lp.spurious_conflicts.to_string()),
            ("deletes_undone".into(), lp.deletes_undone.to_string()),
            ("run_time_s".into(), format!("{:.1}", started.elapsed().as_secs_f64())),
        ],
        ..Default::default()
    };
    report.write(SUITE);
    println!("{SUITE}: kill points by phase: {:#?}", lp.phases);
    println!("{SUITE}: the longest run to finish took {:.1} s: {}", lp.longest_s, lp.longest_what);
    println!(
        "{SUITE}: {} kill points in {epochs} epochs, {} member edits, {} server changes, {} conflicts kept, {} items compared, {:.0} s",
        lp.kill_points,
        lp.member_edits,
        lp.server_changes,
        conflicts_kept,
        findings.compared,
        started.elapsed().as_secs_f64()
    );

    let mut problems = lp.problems;
    problems.extend(findings.problems);
    problems.extend(outside.iter().map(|r| format!("request outside the collections: {r}")));
    assert!(
        problems.is_empty(),
        "{} problems (replay with NUBO_FAULT_SEED={seed} NUBO_KILL_POINTS={target}):\n{}",
        problems.len(),
        problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n\n")
    );
}
