//! What the fault suites share: a seeded random schedule that can be
//! replayed, and the counts each suite writes to
//! `<target>/faults/<suite>.json` for `scripts/faults.sh` to sum.
//!
//! Suites that are run by `scripts/faults.sh` (not by `cargo test
//! --workspace`) are `#[ignore]`d and read their size from the
//! environment; the seed is printed first, so a failure can be replayed
//! with `NUBO_FAULT_SEED=<seed>`.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// SplitMix64: small, fast, and the same sequence for the same seed on
/// every machine (no crate, no platform randomness).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element, or `None` from an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len() as u64) as usize])
        }
    }

    /// A new generator whose sequence depends on this one's: for a thread
    /// of its own, so the main schedule does not depend on thread timing.
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next_u64())
    }
}

/// `NUBO_FAULT_SEED` when set (to replay a run), else one from the clock.
/// Printed, with how to replay it.
pub fn seed(suite: &str) -> u64 {
    let seed = match std::env::var("NUBO_FAULT_SEED") {
        Ok(s) => s.trim().parse().unwrap_or_else(|_| panic!("NUBO_FAULT_SEED={s:?} is not a number")),
        Err(_) => SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1),
    };
    println!("{suite}: seed {seed} (replay with NUBO_FAULT_SEED={seed})");
    seed
}

/// A size read from the environment, else `default`.
pub fn size_from_env(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(s) => s.trim().parse().unwrap_or_else(|_| panic!("{name}={s:?} is not a number")),
        Err(_) => default,
    }
}

/// `NUBO_FAULT_KEEP_GOING=1`: a suite goes on after finding problems (to
/// see them all in a long hunt) instead of stopping at the first check
/// that fails.
pub fn keep_going() -> bool {
    std::env::var("NUBO_FAULT_KEEP_GOING").is_ok_and(|v| v == "1")
}

/// The cargo target folder the tests were built in.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| crate::repo_root().join("target"))
}

/// A suite's counts, as `scripts/faults.sh` sums them. Only the keys a
/// suite sets are written (`None`: does not apply to this suite).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Independent end states checked (a scenario, a seed, an epoch).
    pub scenarios: Option<u64>,
    /// Faults the suite caused (a SIGKILL, a broken answer, …).
    pub faults_injected: Option<u64>,
    /// SIGKILLs that landed while the client was running.
    pub kill_points: Option<u64>,
    /// Items compared between a client and the server.
    pub items_compared: Option<u64>,
    /// Edits or items missing at the end (must be 0).
    pub items_lost: Option<u64>,
    /// Items held twice (one UID twice in a collection; one creation
    /// twice) (must be 0).
    pub duplicates: Option<u64>,
    /// Requests the client sent outside the account's origin (must be 0).
    pub requests_outside_origin: Option<u64>,
    /// Requests the client sent outside its collections (must be 0).
    pub requests_outside_collection: Option<u64>,
    pub peak_memory_mib: Option<f64>,
    /// The longest a client took to give up or finish, in seconds.
    pub longest_hang_s: Option<f64>,
    pub fuzz_executions: Option<u64>,
    pub fuzz_crashes: Option<u64>,
    /// Anything else the suite wants on record (not summed): written as
    /// they are, so they must be valid JSON values.
    pub extra: Vec<(String, String)>,
}

impl Report {
    pub fn to_json(&self) -> String {
        let mut fields: Vec<String> = Vec::new();
        let mut int = |k: &str, v: Option<u64>| {
            if let Some(v) = v {
                fields.push(format!("  \"{k}\": {v}"));
            }
        };
        int("scenarios", self.scenarios);
        int("faults_injected", self.faults_injected);
        int("kill_points", self.kill_points);
        int("items_compared", self.items_compared);
        int("items_lost", self.items_lost);
        int("duplicates", self.duplicates);
        int("requests_outside_origin", self.requests_outside_origin);
        int("requests_outside_collection", self.requests_outside_collection);
        int("fuzz_executions", self.fuzz_executions);
        int("fuzz_crashes", self.fuzz_crashes);
        for (k, v) in [("peak_memory_mib", self.peak_memory_mib), ("longest_hang_s", self.longest_hang_s)] {
            if let Some(v) = v {
                fields.push(format!("  \"{k}\": {v:.3}"));
            }
        }
        for (k, v) in &self.extra {
            fields.push(format!("  \"{k}\": {v}"));
        }
        format!("{{\n{}\n}}\n", fields.join(",\n"))
    }

    /// Writes `<target>/faults/<suite>.json` and says where.
    pub fn write(&self, suite: &str) -> PathBuf {
        let dir = target_dir().join("faults");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let path = dir.join(format!("{suite}.json"));
        std::fs::write(&path, self.to_json()).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        println!("{suite}: counts written to {}", path.display());
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_schedule() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let xs: Vec<u64> = (0..20).map(|_| a.below(1000)).collect();
        let ys: Vec<u64> = (0..20).map(|_| b.below(1000)).collect();
        assert_eq!(xs, ys);
        let mut c = Rng::new(43);
        assert_ne!(xs, (0..20).map(|_| c.below(1000)).collect::<Vec<_>>());
        assert!((0..1000).map(|_| a.between(3, 5)).all(|x| (3..=5).contains(&x)));
    }

    #[test]
    fn only_the_keys_set_are_written() {
        let report =
            Report { scenarios: Some(2), items_lost: Some(0), longest_hang_s: Some(1.5), ..Default::default() };
        let json = report.to_json();
        assert_eq!(json, "{\n  \"scenarios\": 2,\n  \"items_lost\": 0,\n  \"longest_hang_s\": 1.500\n}\n");
    }
}
