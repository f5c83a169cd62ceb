//! `nubo-fuzz`: fuzzing the core's parsers on the stable toolchain.
//!
//! ```text
//! nubo-fuzz list
//! nubo-fuzz run <target> [--seconds N] [--runs N] [--seed N] [--timeout-ms N] [--slow-ms N]
//!                        [--corpus DIR] [--artifacts DIR]
//! nubo-fuzz repro <target> <file>...          # runs saved inputs; exit 1 if one panics
//! nubo-fuzz minimize <target> <file> [--seconds N]   # writes <file>.min
//! ```
//!
//! Defaults: the corpus is `fuzz/corpus/<target>/`, artifacts go to
//! `fuzz/artifacts/<target>/`, 10 s, a hang after 10 s on one input.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nubo_fuzz::driver::{self, Options};
use nubo_fuzz::targets::{self, Target};

const USAGE: &str = "usage: nubo-fuzz list | run <target> [--seconds N] [--runs N] [--seed N] [--timeout-ms N] \
[--slow-ms N] [--corpus DIR] [--artifacts DIR] | repro <target> <file>... | minimize <target> <file> [--seconds N]";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target(name: Option<&String>) -> Result<&'static Target, String> {
    let name = name.ok_or("no target given")?;
    targets::by_name(name).ok_or_else(|| {
        let known: Vec<&str> = targets::real_targets().map(|t| t.name).collect();
        format!("no target {name:?}; known: {}", known.join(", "))
    })
}

fn options(target: &'static Target, args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        target,
        seconds: 10.0,
        max_runs: None,
        seed: SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1),
        corpus: crate_dir().join("corpus").join(target.name),
        artifacts: crate_dir().join("artifacts").join(target.name),
        timeout: Duration::from_secs(10),
        slow: Duration::from_secs(1),
        skip: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: &String| v.parse::<u64>().map_err(|_| format!("{flag}: not a number: {v}"));
        match flag.as_str() {
            "--seconds" => o.seconds = value()?.parse().map_err(|_| format!("{flag}: not a number"))?,
            "--runs" => o.max_runs = Some(number(value()?)?),
            "--seed" => o.seed = number(value()?)?,
            "--timeout-ms" => o.timeout = Duration::from_millis(number(value()?)?),
            "--slow-ms" => o.slow = Duration::from_millis(number(value()?)?),
            "--corpus" => o.corpus = PathBuf::from(value()?),
            "--artifacts" => o.artifacts = PathBuf::from(value()?),
            "--skip" => o.skip.push(value()?.clone()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("nubo-fuzz: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("list") => {
            for t in targets::real_targets() {
                println!("{}", t.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some("run") => {
            let o = options(target(args.get(1))?, &args[2..])?;
            eprintln!("fuzzing {} for {} s (seed {})", o.target.name, o.seconds, o.seed);
            let report = driver::supervise(&o);
            println!("report {}", report.to_json(o.target.name, o.seed, o.seconds));
            Ok(if report.crashes == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Some("worker") => {
            let o = options(target(args.get(1))?, &args[2..])?;
            let report = driver::worker(&o);
            Ok(if report.crashes == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Some("repro") => {
            let t = target(args.get(1))?;
            driver::install_panic_hook();
            let mut failed = false;
            for file in &args[2..] {
                let data = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
                match driver::run_one(t, &data) {
                    Ok(_) => println!("{file}: ok"),
                    Err(p) => {
                        failed = true;
                        println!("{file}: PANIC at {}\n  {}\n  signature: {}", p.location, p.message, p.signature());
                    }
                }
            }
            Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Some("minimize") => {
            let t = target(args.get(1))?;
            let file = args.get(2).ok_or("no file given")?;
            let o = options(t, &args[3..])?;
            let data = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
            match driver::minimize(t, &data, Duration::from_secs_f64(o.seconds)) {
                Some((small, p)) => {
                    let out = format!("{file}.min");
                    std::fs::write(&out, &small).map_err(|e| format!("{out}: {e}"))?;
                    println!(
                        "{} → {} bytes, {out}\n  {}\n  signature: {}",
                        data.len(),
                        small.len(),
                        p.message,
                        p.signature()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(format!("{file} does not panic in {}", t.name)),
            }
        }
        _ => Err("no command".into()),
    }
}
