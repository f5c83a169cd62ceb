//! Drives the real `nubo` terminal shell as a member would, each client
//! with its own data directory (its own device).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// Builds the CLI once per test binary with the cargo that runs the tests.
pub fn nubo_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let root = nubo_tests::repo_root();
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "nubo-cli", "--bin", "nubo"])
            .current_dir(&root)
            .status()
            .expect("cargo build");
        assert!(status.success(), "building nubo failed");
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
        target.join("debug").join("nubo")
    })
    .clone()
}

pub struct Device {
    pub dir: tempfile::TempDir,
    data: PathBuf,
}

pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
}

impl Device {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("nubo");
        Self { dir, data }
    }

    /// A folder the CLI creates itself on first use (as on a member's
    /// machine), inside a temporary one.
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The device's store, read only, as another process sees it.
    pub fn db(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_with_flags(
            self.data.join("nubo.sqlite3"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
        conn
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(nubo_bin());
        c.arg("--data-dir")
            .arg(self.data_dir())
            .args(["--lang", "en", "--tz", "Europe/Brussels", "--timeout", "60"])
            .args(args);
        c.env_remove("NUBO_PASSWORD");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = self.command(args).output().expect("run nubo");
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `--json` run that must succeed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.ok, "nubo {args:?} failed:\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        run.json()
    }

    pub fn sign_in(&self, email: &str, password: &str, server: &str) -> Value {
        let mut c = self.command(&["--json", "account", "add", "--email", email, "--server", server]);
        c.env("NUBO_PASSWORD", password);
        let out = c.output().expect("run nubo");
        assert!(
            out.status.success(),
            "sign-in failed:\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }

    pub fn sync(&self) -> Value {
        self.json(&["sync"])
    }

    pub fn contacts(&self) -> Vec<Value> {
        self.json(&["contacts", "list"])["contacts"].as_array().cloned().unwrap_or_default()
    }

    pub fn names(&self) -> Vec<String> {
        self.contacts().iter().map(|c| c["name"].as_str().unwrap_or_default().to_string()).collect()
    }

    pub fn id_of(&self, name: &str) -> i64 {
        self.contacts()
            .iter()
            .find(|c| c["name"] == name)
            .and_then(|c| c["id"].as_i64())
            .unwrap_or_else(|| panic!("no contact named {name}: {:?}", self.names()))
    }

    pub fn show(&self, id: i64) -> Value {
        self.json(&["contacts", "show", &id.to_string()])["selected"].clone()
    }
}

pub fn vcard(uid: &str, name: &str, extra: &str) -> String {
    let (given, family) = name.split_once(' ').unwrap_or((name, ""));
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{family};{given};;;\r\n{extra}END:VCARD\r\n")
}

/// A card as an iPhone writes it, with properties the app does not edit
/// (labels, categories, a photo, the cooperative's own X- properties).
pub const RICH: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nUID:rich\r\nN:Dubois;Marie-Claire;;;\r\nFN:Marie-Claire Dubois\r\nORG:Coopérative Nubo;Conseil\r\nitem1.EMAIL;type=INTERNET;type=pref:mc@nubo.coop\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nTEL;type=CELL;type=VOICE;type=pref:+32 475 00 00 01\r\nADR;type=HOME;type=pref:;;Rue Haute 12;Bruxelles;;1000;Belgique\r\nCATEGORIES:Coopérateur,Bénévole\r\nX-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\nX-SOCIALPROFILE;type=mastodon:https://mastodon.social/@mcd\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==\r\nNOTE:Présidente de l'AG 2025\\, à rappeler\r\nEND:VCARD\r\n";

/// Unfolded content lines minus the ones an edit is meant to change.
pub fn lines_except(text: &str, changed: &[&str]) -> Vec<String> {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut lines: Vec<String> = unfolded
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty() && !changed.iter().any(|c| l.to_ascii_uppercase().starts_with(c)))
        .collect();
    lines.sort();
    lines
}
