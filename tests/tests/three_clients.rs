//! Three devices of one member (three data directories) on the same
//! address book and calendar, editing concurrently on a seeded schedule:
//! creates, edits and deletes of contacts and events, often of the same
//! item, while some of the devices sync at the same time (their requests
//! interleave on the server). Every few rounds all devices sync until
//! quiet (two full rounds with no change anywhere); then the three must
//! hold what the server holds (UID → content), every edit must be the
//! winner or a kept conflict (each edit carries a unique token, looked for
//! in the final data and in every kept version), and nothing may be held
//! twice.
//!
//! Run by `scripts/faults.sh` (`NUBO_CLIENT_ROUNDS`, default 40; replay
//! the schedule with `NUBO_FAULT_SEED`; which of two racing requests
//! the server takes first still depends on timing). Counts go to
//! `target/faults/three_clients.json`.

mod common;
mod sync_oracle;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use common::Device;
use nubo_tests::faults::{self, Report, Rng};
use nubo_tests::{DavClient, ProxyMode, ProxyServer};
use sync_oracle::*;

const SUITE: &str = "three_clients";
const NAMES: [&str; 3] = ["phone", "laptop", "tablet"];
/// Rounds between two checks of the end state.
const ROUNDS_PER_SCENARIO: u64 = 10;
/// Few items, so the devices often edit the same one.
const SEEDED_CONTACTS: u64 = 30;
const SEEDED_EVENTS: u64 = 15;
/// UIDs edited lately, which the other devices edit first.
const HOT: usize = 6;

/// The member's hands: the schedule, the record of edits, the UIDs edited
/// lately.
struct Editor {
    rng: Rng,
    /// Shared with the syncs running beside the edits (their journal).
    tokens: Arc<Tokens>,
    hot: Vec<String>,
    problems: Vec<String>,
    member_edits: u64,
    /// Edits made on a device while its own sync ran.
    edits_during_own_sync: u64,
}

impl Editor {
    fn edit(&mut self, devices: &[Device], i: usize) {
        let prefer = self.hot.clone();
        match member_change(&devices[i], &self.tokens, &mut self.rng, NAMES[i], &prefer) {
            MemberEdit::Done(uid) => {
                self.member_edits += 1;
                if let Some(uid) = uid {
                    remember(&mut self.hot, uid, HOT);
                }
            }
            MemberEdit::Nothing => {}
            MemberEdit::Failed(e) => self.problems.push(format!("{}: a member's edit failed: {e}", NAMES[i])),
        }
    }
}

struct Run {
    devices: Vec<Device>,
    editor: Editor,
    syncs: u64,
    concurrent_syncs: u64,
    longest_s: f64,
    /// Conflicts on items nobody else changed.
    spurious_conflicts: u64,
    /// Deletes that came back though nobody else changed the item.
    deletes_undone: u64,
}

impl Run {
    fn note_sync(&mut self, who: &str, run: &SyncRun) {
        self.syncs += 1;
        self.longest_s = self.longest_s.max(run.took.as_secs_f64());
        if !run.ok {
            self.editor.problems.push(format!("{who}: a sync against a sound server failed: {}", run.output));
        }
    }

    /// One round: some devices sync at the same time while the others
    /// edit (their own stores only); then a few more edits or syncs, one
    /// device at a time.
    fn round(&mut self) {
        let syncing: Vec<usize> = (0..3).filter(|_| self.editor.rng.chance(40)).collect();
        if syncing.len() > 1 {
            self.concurrent_syncs += 1;
        }
        let devices = &self.devices;
        let editor = &mut self.editor;
        let runs: Vec<(usize, SyncRun)> = std::thread::scope(|scope| {
            let handles: Vec<_> = syncing
                .iter()
                .map(|&i| {
                    let device = &devices[i];
                    let tokens = Arc::clone(&editor.tokens);
                    (i, scope.spawn(move || logged_sync(device, &tokens, NAMES[i])))
                })
                .collect();
            // Meanwhile the members edit: on the other devices, and now and
            // then on a device in the middle of its own sync.
            let mut order = vec![0usize, 1, 2];
            for k in (1..order.len()).rev() {
                order.swap(k, editor.rng.below(k as u64 + 1) as usize);
            }
            for i in order {
                let edits = if syncing.contains(&i) { u64::from(editor.rng.chance(35)) } else { editor.rng.below(3) };
                if edits > 0 && syncing.contains(&i) {
                    std::thread::sleep(std::time::Duration::from_millis(editor.rng.below(250)));
                    editor.edits_during_own_sync += 1;
                }
                for _ in 0..edits {
                    editor.edit(devices, i);
                }
            }
            handles.into_iter().map(|(i, h)| (i, h.join().expect("sync thread"))).collect()
        });
        for (i, run) in runs {
            self.note_sync(NAMES[i], &run);
        }
        for _ in 0..self.editor.rng.between(1, 4) {
            let i = self.editor.rng.below(3) as usize;
            if self.editor.rng.chance(40) {
                let run = logged_sync(&self.devices[i], &self.editor.tokens, NAMES[i]);
                self.note_sync(NAMES[i], &run);
            } else {
                self.editor.edit(&self.devices, i);
            }
        }
    }

    fn fingerprint(&self, dav: &DavClient) -> Vec<String> {
        let mut all: Vec<String> = self
            .devices
            .iter()
            .map(|d| store_fingerprint(d.data_dir()).unwrap_or_else(|e| format!("unreadable: {e}")))
            .collect();
        for kind in Kind::ALL {
            let mut items: Vec<String> =
                server_items(dav, kind).into_iter().map(|s| format!("{} {:?}", s.path, s.etag)).collect();
            items.sort();
            all.extend(items);
        }
        all
    }

    /// Every device syncs, in a random order, until two full rounds in a
    /// row change nothing on any device or on the server.
    fn settle(&mut self, dav: &DavClient) -> bool {
        let mut before = self.fingerprint(dav);
        let mut quiet = 0;
        for _ in 0..12 {
            let mut order = vec![0usize, 1, 2];
            for k in (1..order.len()).rev() {
                order.swap(k, self.editor.rng.below(k as u64 + 1) as usize);
            }
            for i in order {
                let run = logged_sync(&self.devices[i], &self.editor.tokens, NAMES[i]);
                self.note_sync(NAMES[i], &run);
            }
            let after = self.fingerprint(dav);
            quiet = if after == before { quiet + 1 } else { 0 };
            before = after;
            if quiet == 2 {
                return true;
            }
        }
        self.editor.problems.push("the devices were still changing after 12 full rounds of syncs".into());
        false
    }
}

/// A sync, its start and end in the journal that explains a loss.
fn logged_sync(device: &Device, tokens: &Tokens, who: &str) -> SyncRun {
    tokens.note(format!("{who} sync starts"));
    let run = sync(device);
    tokens.note(format!("{who} sync ends ({})", if run.ok { "ok" } else { "failed" }));
    run
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh (NUBO_CLIENT_ROUNDS=…)"]
fn three_devices_editing_at_once_converge_and_keep_every_edit() {
    let rounds = faults::size_from_env("NUBO_CLIENT_ROUNDS", 40);
    let seed = faults::seed(SUITE);
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let dir = tempfile::tempdir().unwrap();
    let server = seeded_server(dir.path(), SEEDED_CONTACTS, SEEDED_EVENTS, &mut rng);
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let dav = server.client().clone();
    let mut run = Run {
        devices: (0..3).map(|_| Device::new()).collect(),
        editor: Editor {
            rng,
            tokens: Arc::default(),
            hot: Vec::new(),
            problems: Vec::new(),
            member_edits: 0,
            edits_during_own_sync: 0,
        },
        syncs: 0,
        concurrent_syncs: 0,
        longest_s: 0.0,
        spurious_conflicts: 0,
        deletes_undone: 0,
    };
    for device in &run.devices {
        device.sign_in(USER, "x", &format!("{}/", proxy.base_url));
    }

    let mut findings = Findings::default();
    let mut scenarios = 0;
    for round in 1..=rounds {
        run.round();
        if round % ROUNDS_PER_SCENARIO != 0 && round != rounds {
            continue;
        }
        scenarios += 1;
        if !run.settle(&dav) {
            break;
        }
        let (state, server_findings) = server_state(&dav);
        findings.add(server_findings);
        for (i, device) in run.devices.iter().enumerate() {
            findings.add(compare_client(NAMES[i], device.data_dir(), &state));
        }
        let dirs: Vec<&Path> = run.devices.iter().map(|d| d.data_dir()).collect();
        if scenarios == 1 {
            if let Err(e) = checks_see_a_loss(&run.editor.tokens, &state, NAMES[0], run.devices[0].data_dir()) {
                run.editor.problems.push(e);
            }
        }
        for (i, device) in run.devices.iter().enumerate() {
            let spurious = conflicts_with_itself(NAMES[i], device.data_dir(), &run.editor.tokens);
            run.spurious_conflicts += spurious.len() as u64;
            run.editor.problems.extend(spurious);
        }
        let undone = deletes_undone(&run.editor.tokens, &state);
        run.deletes_undone += undone.len() as u64;
        run.editor.problems.extend(undone);
        let lost = lost_edits(&run.editor.tokens, &state, &dirs);
        println!(
            "{SUITE}: round {round}: {} items on the server, {} edits owed, {} lost, {} syncs ({} rounds with devices syncing at once), {:.0} s",
            state.values().map(Vec::len).sum::<usize>(),
            run.editor.tokens.written(),
            lost.lost,
            run.syncs,
            run.concurrent_syncs,
            started.elapsed().as_secs_f64()
        );
        findings.add(lost);
        if (!findings.problems.is_empty() || !run.editor.problems.is_empty()) && !faults::keep_going() {
            break;
        }
    }

    let outside = outside_collections(&proxy.log());
    let conflicts_kept: usize =
        run.devices.iter().map(|d| local_conflicts(d.data_dir()).map(|c| c.len()).unwrap_or(0)).sum();
    let report = Report {
        scenarios: Some(scenarios),
        faults_injected: Some(0),
        items_compared: Some(findings.compared),
        items_lost: Some(findings.lost),
        duplicates: Some(findings.duplicates),
        requests_outside_collection: Some(outside.len() as u64),
        longest_hang_s: Some(run.longest_s),
        extra: vec![
            ("seed".into(), format!("\"{seed}\"")),
            ("rounds".into(), rounds.to_string()),
            ("member_edits".into(), run.editor.member_edits.to_string()),
            ("syncs".into(), run.syncs.to_string()),
            ("rounds_with_concurrent_syncs".into(), run.concurrent_syncs.to_string()),
            ("edits_during_own_sync".into(), run.editor.edits_during_own_sync.to_string()),
            ("conflicts_with_itself".into(), run.spurious_conflicts.to_string()),
            ("deletes_undone".into(), run.deletes_undone.to_string()),
            ("conflicts_kept".into(), conflicts_kept.to_string()),
            ("run_time_s".into(), format!("{:.1}", started.elapsed().as_secs_f64())),
        ],
        ..Default::default()
    };
    report.write(SUITE);
    println!(
        "{SUITE}: {rounds} rounds, {scenarios} checks, {} edits, {} syncs, {} conflicts kept, {} items compared, {:.0} s",
        run.editor.member_edits,
        run.syncs,
        conflicts_kept,
        findings.compared,
        started.elapsed().as_secs_f64()
    );

    let mut problems = run.editor.problems;
    if findings.lost > 0 {
        // The server's side of the story: every request the devices made.
        let log = proxy.log();
        let path = std::env::temp_dir().join(format!("three_clients-{seed}.log"));
        let lines: Vec<String> = log.iter().map(|(m, p, s)| format!("{m} {p} {s}")).collect();
        if std::fs::write(&path, lines.join("\n")).is_ok() {
            println!("{SUITE}: the proxy's log of {} requests is in {}", lines.len(), path.display());
        }
    }
    problems.extend(findings.problems);
    problems.extend(outside.iter().map(|r| format!("request outside the collections: {r}")));
    assert!(
        problems.is_empty(),
        "{} problems (replay with NUBO_FAULT_SEED={seed} NUBO_CLIENT_ROUNDS={rounds}):\n{}",
        problems.len(),
        problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n\n")
    );
}
