//! Fuzzing the core's parsers on the stable toolchain (no cargo-fuzz, which
//! needs nightly): `targets` (one per parser), `mutate` (byte-level,
//! splicing and structure-aware mutations), `driver` (the seeded loop with
//! panic capture, a hang watchdog and a supervisor for aborts). The binary
//! is `src/main.rs`; `scripts/fuzz.sh` runs every target.

pub mod driver;
pub mod mutate;
pub mod rng;
pub mod targets;
