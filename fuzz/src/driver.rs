//! The driver. A *supervisor* process starts a *worker* (this same binary)
//! and watches it; the worker loads the seed corpus, runs it, then mutates
//! inputs until its time or run budget is spent:
//!
//! - a panic is caught (`catch_unwind`), its input saved as
//!   `artifacts/<target>/crash-<signature>-<input>` with a `.txt` holding the
//!   message and backtrace, and the run goes on;
//! - an input that runs longer than the per-input limit is a hang: the
//!   worker's watchdog thread saves it as `timeout-…`, reports, and exits;
//! - an abort (allocation failure, stack overflow) kills the worker: the
//!   supervisor saves the input the worker wrote to `.last-input` before
//!   running it as `died-…`;
//!
//! after a hang or an abort the supervisor starts a new worker for the time
//! left. Inputs slower than `--slow-ms` are kept as `slow-…` (not a crash).
//! The supervisor prints one `report {json}` line at the end.

use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::FileExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::mutate::{mutate, Shape, MAX_LEN};
use crate::rng::Rng;
use crate::targets::Target;

/// Exit code of a worker whose watchdog caught a hang.
pub const EXIT_HANG: i32 = 3;
/// Parents kept in memory, seeds included.
const MAX_CORPUS: usize = 4_096;
/// Slow inputs saved per worker (more are only counted).
const MAX_SLOW_SAVED: u64 = 5;
/// Workers started one after the other when hangs or aborts end them.
const MAX_WORKERS: u32 = 8;

#[derive(Debug, Clone)]
pub struct Options {
    pub target: &'static Target,
    pub seconds: f64,
    pub max_runs: Option<u64>,
    pub seed: u64,
    pub corpus: PathBuf,
    pub artifacts: PathBuf,
    /// Longer than this, an input is a hang.
    pub timeout: Duration,
    /// Longer than this, an input is kept as slow.
    pub slow: Duration,
    /// Inputs (by [`short_hash`]) not to run again: those that hung or
    /// killed an earlier worker of the same run.
    pub skip: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub executions: u64,
    /// Distinct panic sites, plus every hang and every abort.
    pub crashes: u64,
    /// Inputs that panicked (several may share a site).
    pub crash_inputs: u64,
    pub hangs: u64,
    pub deaths: u64,
    pub slow: u64,
    /// Distinct outcome signatures seen.
    pub outcomes: u64,
    pub corpus: u64,
    pub seeds: u64,
}

impl Report {
    pub fn to_json(&self, target: &str, seed: u64, seconds: f64) -> String {
        format!(
            "{{\"target\":\"{target}\",\"executions\":{},\"crashes\":{},\"crash_inputs\":{},\"hangs\":{},\"deaths\":{},\"slow\":{},\"outcomes\":{},\"corpus\":{},\"seeds\":{},\"seed\":{seed},\"seconds\":{seconds:.1}}}",
            self.executions, self.crashes, self.crash_inputs, self.hangs, self.deaths, self.slow, self.outcomes, self.corpus, self.seeds
        )
    }

    /// Reads back what [`Report::to_json`] wrote (missing keys are 0).
    pub fn from_json(line: &str) -> Self {
        let get = |key: &str| json_number(line, key).unwrap_or(0);
        Self {
            executions: get("executions"),
            crashes: get("crashes"),
            crash_inputs: get("crash_inputs"),
            hangs: get("hangs"),
            deaths: get("deaths"),
            slow: get("slow"),
            outcomes: get("outcomes"),
            corpus: get("corpus"),
            seeds: get("seeds"),
        }
    }
}

/// The unsigned number after `"key":` in a flat JSON object.
pub fn json_number(line: &str, key: &str) -> Option<u64> {
    let pattern = format!("\"{key}\":");
    let start = line.find(&pattern)? + pattern.len();
    let digits: String = line[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A caught panic: where, what, and the first frame in the project's code.
#[derive(Debug, Clone)]
pub struct Panic {
    pub location: String,
    pub message: String,
    pub backtrace: String,
}

impl Panic {
    /// Where it comes from in our code: the first frame under `shared/`,
    /// `store/` or `fuzz/` (a panic inside a library is filed under the
    /// call that reached it), then the panic's own location.
    pub fn signature(&self) -> String {
        let ours = self
            .backtrace
            .lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix("at "))
            .filter(|l| !l.contains("/fuzz/src/driver.rs"))
            .find(|l| ["/shared/src/", "/store/src/", "/fuzz/src/"].iter().any(|d| l.contains(d)))
            .map(|l| {
                let frame = project_relative(l);
                // file:line:column → file:line, as panic locations are written.
                match frame.rsplit_once(':') {
                    Some((head, column)) if head.contains(':') && column.chars().all(|c| c.is_ascii_digit()) => {
                        head.to_string()
                    }
                    _ => frame.to_string(),
                }
            });
        match ours {
            Some(frame) if frame != self.location => format!("{frame} -> {}", self.location),
            _ => self.location.clone(),
        }
    }
}

fn project_relative(path: &str) -> &str {
    ["shared/src/", "store/src/", "fuzz/src/"]
        .iter()
        .filter_map(|d| path.find(d).map(|i| &path[i..]))
        .next()
        .or_else(|| path.find("/src/").map(|i| &path[i + 1..]))
        .unwrap_or(path)
}

static LAST_PANIC: Mutex<Option<Panic>> = Mutex::new(None);

/// Replaces the default hook (which prints every panic) with one that keeps
/// the panic for the driver.
pub fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string panic payload)".to_string());
        let location =
            info.location().map(|l| format!("{}:{}", project_relative(l.file()), l.line())).unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(Panic { location, message, backtrace });
        }
    }));
}

/// Runs one input; `Err` with the panic when it panicked.
pub fn run_one(target: &Target, data: &[u8]) -> Result<u64, Panic> {
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = None;
    }
    panic::catch_unwind(AssertUnwindSafe(|| (target.run)(data))).map_err(|_| {
        LAST_PANIC.lock().ok().and_then(|mut p| p.take()).unwrap_or(Panic {
            location: "unknown".into(),
            message: "panic without hook".into(),
            backtrace: String::new(),
        })
    })
}

/// FNV-1a, for artifact names.
pub fn short_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h & 0xffff_ffff_ffff)
}

pub fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| fs::read(p).ok())
        .map(|mut d| {
            d.truncate(MAX_LEN);
            d
        })
        .collect()
}

fn now_millis() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(1).max(1)
}

/// Counters the worker's watchdog thread reads.
#[derive(Default)]
struct Live {
    executions: AtomicU64,
    crashes: AtomicU64,
    crash_inputs: AtomicU64,
    slow: AtomicU64,
    outcomes: AtomicU64,
    corpus: AtomicU64,
    seeds: AtomicU64,
    /// When the running input started (ms since the epoch), 0 when idle.
    started: AtomicU64,
}

impl Live {
    fn report(&self) -> Report {
        Report {
            executions: self.executions.load(Ordering::Relaxed),
            crashes: self.crashes.load(Ordering::Relaxed),
            crash_inputs: self.crash_inputs.load(Ordering::Relaxed),
            slow: self.slow.load(Ordering::Relaxed),
            outcomes: self.outcomes.load(Ordering::Relaxed),
            corpus: self.corpus.load(Ordering::Relaxed),
            seeds: self.seeds.load(Ordering::Relaxed),
            ..Report::default()
        }
    }
}

fn last_input_path(artifacts: &Path) -> PathBuf {
    artifacts.join(".last-input")
}

/// Copies the input the worker was running to a named artifact.
fn keep_last_input(artifacts: &Path, kind: &str) -> Option<PathBuf> {
    let data = fs::read(last_input_path(artifacts)).ok()?;
    let path = artifacts.join(format!("{kind}-{}", short_hash(&data)));
    fs::write(&path, &data).ok()?;
    Some(path)
}

/// The worker: fuzzes in this process, prints `progress`, `crash` and
/// `report` lines on stdout for the supervisor.
pub fn worker(opts: &Options) -> Report {
    install_panic_hook();
    let target = opts.target;
    fs::create_dir_all(&opts.artifacts).ok();
    let last = File::create(last_input_path(&opts.artifacts)).ok();
    let live = Arc::new(Live::default());

    {
        let live = Arc::clone(&live);
        let (artifacts, timeout, name, seed) = (opts.artifacts.clone(), opts.timeout, target.name, opts.seed);
        let started_run = Instant::now();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(50));
            let started = live.started.load(Ordering::Relaxed);
            if started != 0 && now_millis().saturating_sub(started) > timeout.as_millis() as u64 {
                let saved = keep_last_input(&artifacts, "timeout");
                eprintln!(
                    "hang: {name}: one input ran longer than {} ms; saved as {}",
                    timeout.as_millis(),
                    saved.map_or("(not saved)".into(), |p| p.display().to_string())
                );
                let mut report = live.report();
                report.hangs = 1;
                report.crashes += 1;
                println!("report {}", report.to_json(name, seed, started_run.elapsed().as_secs_f64()));
                std::process::exit(EXIT_HANG);
            }
        });
    }

    let mut rng = Rng::new(opts.seed);
    // Seeds that hung or killed an earlier worker are no parents either.
    let seeds: Vec<Vec<u8>> =
        load_corpus(&opts.corpus).into_iter().filter(|s| !opts.skip.contains(&short_hash(s))).collect();
    live.seeds.store(seeds.len() as u64, Ordering::Relaxed);
    let mut corpus: Vec<Vec<u8>> = if seeds.is_empty() { vec![Vec::new()] } else { seeds.clone() };
    let seed_count = corpus.len();
    let mut outcomes: HashSet<u64> = HashSet::new();
    let mut signatures: HashSet<String> = HashSet::new();
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(opts.seconds.max(0.0));
    let mut last_progress = Instant::now();
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    queue.reverse();

    loop {
        let executions = live.executions.load(Ordering::Relaxed);
        if opts.max_runs.is_some_and(|m| executions >= m) || (queue.is_empty() && Instant::now() >= deadline) {
            break;
        }
        let input = match queue.pop() {
            Some(seed) => seed,
            None => {
                let mut child = corpus[rng.below(corpus.len())].clone();
                mutate(&mut child, target.shape, target.dictionary, &corpus, &mut rng);
                child
            }
        };
        if !opts.skip.is_empty() && opts.skip.contains(&short_hash(&input)) {
            continue;
        }
        if let Some(f) = &last {
            f.set_len(0).ok();
            f.write_all_at(&input, 0).ok();
        }
        let began = Instant::now();
        live.started.store(now_millis(), Ordering::Relaxed);
        let result = run_one(target, &input);
        live.started.store(0, Ordering::Relaxed);
        let took = began.elapsed();
        live.executions.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok(outcome) => {
                if outcomes.insert(outcome) {
                    live.outcomes.store(outcomes.len() as u64, Ordering::Relaxed);
                    if corpus.len() < MAX_CORPUS {
                        corpus.push(input.clone());
                    } else {
                        let slot = seed_count + rng.below(MAX_CORPUS - seed_count);
                        corpus[slot] = input.clone();
                    }
                    live.corpus.store(corpus.len() as u64, Ordering::Relaxed);
                }
            }
            Err(p) => {
                live.crash_inputs.fetch_add(1, Ordering::Relaxed);
                let signature = p.signature();
                if signatures.insert(signature.clone()) {
                    live.crashes.fetch_add(1, Ordering::Relaxed);
                    let path = save_crash(&opts.artifacts, &signature, &p, &input);
                    eprintln!("crash: {}: {} — {}\n  saved as {}", target.name, signature, p.message, path.display());
                    println!("crash {signature}");
                }
            }
        }
        // Slow again when run a second time: not a pause of a shared machine.
        if took > opts.slow && slow_again(target, &input, opts.slow, &live) {
            let n = live.slow.fetch_add(1, Ordering::Relaxed);
            if n < MAX_SLOW_SAVED {
                let path = opts.artifacts.join(format!("slow-{}", short_hash(&input)));
                fs::write(&path, &input).ok();
                eprintln!("slow: {}: {} ms, saved as {}", target.name, took.as_millis(), path.display());
            }
        }
        if last_progress.elapsed() > Duration::from_secs(1) {
            last_progress = Instant::now();
            println!("progress {}", live.report().to_json(target.name, opts.seed, start.elapsed().as_secs_f64()));
        }
    }
    let report = live.report();
    println!("report {}", report.to_json(target.name, opts.seed, start.elapsed().as_secs_f64()));
    report
}

fn slow_again(target: &Target, input: &[u8], slow: Duration, live: &Live) -> bool {
    let began = Instant::now();
    live.started.store(now_millis(), Ordering::Relaxed);
    let _ = run_one(target, input);
    live.started.store(0, Ordering::Relaxed);
    began.elapsed() > slow
}

fn save_crash(artifacts: &Path, signature: &str, p: &Panic, input: &[u8]) -> PathBuf {
    let sig_hash = short_hash(signature.as_bytes());
    let path = artifacts.join(format!("crash-{}-{}", &sig_hash[..8], short_hash(input)));
    fs::write(&path, input).ok();
    let text = format!("signature: {signature}\nmessage: {}\nlocation: {}\n\n{}", p.message, p.location, p.backtrace);
    fs::write(path.with_extension("txt"), text).ok();
    path
}

/// The supervisor: runs workers until the time (or run budget) is spent.
pub fn supervise(opts: &Options) -> Report {
    fs::create_dir_all(&opts.artifacts).ok();
    let exe = std::env::current_exe().expect("the path of this program");
    let start = Instant::now();
    let mut total = Report::default();
    let mut signatures: BTreeSet<String> = BTreeSet::new();
    let mut seed = opts.seed;
    let mut skip = opts.skip.clone();
    for round in 0..MAX_WORKERS {
        let left = opts.seconds - start.elapsed().as_secs_f64();
        let runs_left = opts.max_runs.map(|m| m.saturating_sub(total.executions));
        if round > 0 && (left <= 0.2 || runs_left == Some(0)) {
            break;
        }
        let mut command = Command::new(&exe);
        command
            .arg("worker")
            .arg(opts.target.name)
            .args(["--seconds", &format!("{:.3}", left.max(0.0))])
            .args(["--seed", &seed.to_string()])
            .args(["--timeout-ms", &opts.timeout.as_millis().to_string()])
            .args(["--slow-ms", &opts.slow.as_millis().to_string()])
            .arg("--corpus")
            .arg(&opts.corpus)
            .arg("--artifacts")
            .arg(&opts.artifacts)
            .stdout(Stdio::piped());
        if let Some(runs) = runs_left {
            command.args(["--runs", &runs.to_string()]);
        }
        for hash in &skip {
            command.args(["--skip", hash]);
        }
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => {
                eprintln!("cannot start a worker: {e}");
                total.deaths += 1;
                total.crashes += 1;
                break;
            }
        };
        let mut last_seen = Report::default();
        let mut finished = None;
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(json) = line.strip_prefix("progress ") {
                    last_seen = Report::from_json(json);
                } else if let Some(json) = line.strip_prefix("report ") {
                    finished = Some(Report::from_json(json));
                } else if let Some(signature) = line.strip_prefix("crash ") {
                    signatures.insert(signature.to_string());
                }
            }
        }
        let status = child.wait();
        let clean = status.as_ref().is_ok_and(|s| s.success());
        match finished {
            Some(r) => {
                add(&mut total, &r);
                if clean {
                    break;
                }
                if r.hangs > 0 {
                    skip.extend(fs::read(last_input_path(&opts.artifacts)).ok().map(|d| short_hash(&d)));
                }
            }
            None => {
                // Died without a report: an abort, a stack overflow, a kill.
                add(&mut total, &last_seen);
                total.deaths += 1;
                skip.extend(fs::read(last_input_path(&opts.artifacts)).ok().map(|d| short_hash(&d)));
                let saved = keep_last_input(&opts.artifacts, "died");
                eprintln!(
                    "died: {}: the worker ended with {}; the input it was running is saved as {}",
                    opts.target.name,
                    status.map_or_else(|e| e.to_string(), |s| s.to_string()),
                    saved.map_or("(not saved)".into(), |p| p.display().to_string())
                );
            }
        }
        seed = seed.wrapping_add(0x5851_F42D_4C95_7F2D);
    }
    total.crashes = signatures.len() as u64 + total.hangs + total.deaths;
    fs::remove_file(last_input_path(&opts.artifacts)).ok();
    total
}

fn add(total: &mut Report, r: &Report) {
    total.executions += r.executions;
    total.crash_inputs += r.crash_inputs;
    total.hangs += r.hangs;
    total.deaths += r.deaths;
    total.slow += r.slow;
    total.outcomes = total.outcomes.max(r.outcomes);
    total.corpus = total.corpus.max(r.corpus);
    total.seeds = r.seeds;
}

/// Shrinks a panicking input while it keeps the same signature: whole
/// lines first, then ever smaller byte ranges. Time-boxed.
pub fn minimize(target: &Target, input: &[u8], budget: Duration) -> Option<(Vec<u8>, Panic)> {
    install_panic_hook();
    let first = run_one(target, input).err()?;
    let signature = first.signature();
    let still = |candidate: &[u8]| run_one(target, candidate).err().filter(|p| p.signature() == signature);
    let start = Instant::now();
    let mut best = input.to_vec();
    let mut best_panic = first;
    if target.shape == Shape::ContentLines || target.shape == Shape::Xml {
        let mut i = 0;
        loop {
            let lines: Vec<&[u8]> = best.split_inclusive(|&b| b == b'\n').collect();
            if i >= lines.len() || start.elapsed() > budget {
                break;
            }
            let candidate: Vec<u8> =
                lines.iter().enumerate().filter(|(k, _)| *k != i).flat_map(|(_, l)| l.iter().copied()).collect();
            match still(&candidate) {
                Some(p) => {
                    best = candidate;
                    best_panic = p;
                }
                None => i += 1,
            }
        }
    }
    let mut chunk = best.len() / 2;
    while chunk >= 1 && start.elapsed() < budget {
        let mut at = 0;
        let mut shrunk = false;
        while at + chunk <= best.len() && start.elapsed() < budget {
            let mut candidate = best.clone();
            candidate.drain(at..at + chunk);
            match still(&candidate) {
                Some(p) => {
                    best = candidate;
                    best_panic = p;
                    shrunk = true;
                }
                None => at += chunk,
            }
        }
        if !shrunk {
            chunk /= 2;
        }
    }
    Some((best, best_panic))
}
