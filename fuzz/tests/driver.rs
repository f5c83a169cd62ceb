//! The driver finds what it is meant to find: a panic, a hang and an abort
//! planted in internal self-test targets, each saved as an artifact that
//! replays, and the run exits non-zero. Runs the real binary (supervisor
//! and worker processes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str, seeds: &[&[u8]]) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("nubo-fuzz-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let corpus = root.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    for (i, seed) in seeds.iter().enumerate() {
        fs::write(corpus.join(format!("seed-{i}")), seed).unwrap();
    }
    (corpus, root.join("artifacts"))
}

fn fuzz(target: &str, corpus: &Path, artifacts: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nubo-fuzz"))
        .args(["run", target, "--seed", "1", "--corpus"])
        .arg(corpus)
        .arg("--artifacts")
        .arg(artifacts)
        .args(extra)
        .output()
        .unwrap()
}

fn report(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout.lines().rev().find_map(|l| l.strip_prefix("report ")).unwrap_or_default().to_string()
}

fn saved(artifacts: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(artifacts)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .filter(|p| p.extension().is_none())
        .collect();
    found.sort();
    found
}

#[test]
fn a_panic_is_caught_saved_and_fails_the_run() {
    let (corpus, artifacts) = scratch("panic", &[b"fine", b"xxBOOMxx"]);
    let out = fuzz("selftest-panic", &corpus, &artifacts, &["--runs", "500"]);
    assert!(!out.status.success());
    let r = report(&out);
    assert!(r.contains("\"crashes\":1,"), "{r}");
    assert!(r.contains("\"executions\":500,"), "the run goes on after a panic: {r}");
    let crashes = saved(&artifacts, "crash-");
    assert!(!crashes.is_empty());
    assert!(fs::read(&crashes[0]).unwrap().windows(4).any(|w| w == b"BOOM"));
    let notes = fs::read_to_string(crashes[0].with_extension("txt")).unwrap();
    assert!(notes.contains("selftest: BOOM found"), "{notes}");
    assert!(notes.contains("fuzz/src/targets.rs"), "{notes}");

    let replay = Command::new(env!("CARGO_BIN_EXE_nubo-fuzz"))
        .args(["repro", "selftest-panic"])
        .arg(&crashes[0])
        .output()
        .unwrap();
    assert!(!replay.status.success());
    assert!(String::from_utf8_lossy(&replay.stdout).contains("PANIC"));
}

#[test]
fn a_hang_is_stopped_by_the_watchdog_and_the_run_goes_on() {
    let (corpus, artifacts) = scratch("hang", &[b"fine", b"HANG"]);
    let out = fuzz("selftest-hang", &corpus, &artifacts, &["--seconds", "2", "--timeout-ms", "300"]);
    assert!(!out.status.success());
    let r = report(&out);
    assert!(r.contains("\"hangs\":1,"), "the hanging seed is skipped by the next worker: {r}");
    let hangs = saved(&artifacts, "timeout-");
    assert_eq!(hangs.len(), 1);
    assert_eq!(fs::read(&hangs[0]).unwrap(), b"HANG");
    let executions = nubo_fuzz::driver::json_number(&r, "executions").unwrap();
    assert!(executions > 100, "a second worker fuzzed after the hang: {r}");
}

#[test]
fn an_abort_kills_the_worker_but_not_the_run() {
    let (corpus, artifacts) = scratch("abort", &[b"fine", b"ABORT"]);
    let out = fuzz("selftest-abort", &corpus, &artifacts, &["--seconds", "1"]);
    assert!(!out.status.success());
    let r = report(&out);
    assert!(r.contains("\"deaths\":1,"), "{r}");
    let died = saved(&artifacts, "died-");
    assert_eq!(died.len(), 1);
    assert_eq!(fs::read(&died[0]).unwrap(), b"ABORT");
}

#[test]
fn a_clean_run_succeeds_and_counts_its_executions() {
    let (corpus, artifacts) = scratch("clean", &[b"fine"]);
    let out = fuzz("selftest-panic", &corpus, &artifacts, &["--runs", "300", "--seconds", "30"]);
    let r = report(&out);
    // "BOOM" cannot come out of "fine" in 300 mutations of these kinds.
    assert!(out.status.success(), "{r}");
    assert!(r.contains("\"executions\":300,") && r.contains("\"crashes\":0,"), "{r}");
}
