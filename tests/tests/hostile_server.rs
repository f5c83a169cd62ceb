//! What a wrong or hostile server must not obtain, end to end: the real
//! `nubo` shell against `tests/servers/hostile_dav.py`, whose second
//! listener is "another origin" that records every request it receives.
//! A fault suite: `scripts/faults.sh` runs it (in CI too) and tables the
//! counts it writes to `target/faults/hostile_*.json`.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::Device;
use nubo_tests::faults::Report;
use nubo_tests::{http, repo_root, PythonServer};
use serde_json::Value;

const USER: &str = "alice@nubo.test";
const PASSWORD: &str = "correct horse battery";

struct Hostile {
    server: PythonServer,
    main: String,
    other_port: u16,
    tls_port: Option<u16>,
}

#[derive(Debug, Clone)]
struct Seen {
    listener: String,
    method: String,
    path: String,
    auth: bool,
    status: u16,
}

impl Hostile {
    fn start() -> Self {
        Self::launch(&[])
    }

    fn with_tls(cert: &Path, key: &Path) -> Self {
        Self::launch(&["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()])
    }

    fn launch(extra: &[&str]) -> Self {
        let script = repo_root().join("tests/servers/hostile_dav.py");
        let mut args = vec![script.to_str().unwrap(), "--port", "{port}"];
        args.extend_from_slice(extra);
        let server = PythonServer::start(&args);
        let main = format!("http://127.0.0.1:{}", server.port);
        let (_, _, body) = http(&main, "GET", "/__info", &[], b"");
        let info: Value = serde_json::from_slice(&body).unwrap();
        let other_port = info["other"].as_u64().unwrap() as u16;
        let tls_port = info["tls"].as_u64().map(|p| p as u16);
        Self { server, main, other_port, tls_port }
    }

    /// The main listener's behaviour, and the extra items it serves
    /// ("latin1", "overflow").
    fn scenario(&self, name: &str, interval_s: f64, extra: &[&str]) {
        let extra: Vec<String> = extra.iter().map(|e| format!("\"{e}\"")).collect();
        let body = format!(r#"{{"name":"{name}","interval":{interval_s},"extra":[{}]}}"#, extra.join(","));
        let (status, _, _) = http(&self.main, "POST", "/__scenario", &[], body.as_bytes());
        assert_eq!(status, 200);
    }

    fn log(&self) -> Vec<Seen> {
        let (_, _, body) = http(&self.main, "GET", "/__log", &[], b"");
        let all: Vec<Value> = serde_json::from_slice(&body).unwrap();
        all.iter()
            .map(|e| Seen {
                listener: e["listener"].as_str().unwrap().into(),
                method: e["method"].as_str().unwrap().into(),
                path: e["path"].as_str().unwrap().into(),
                auth: e["auth"].as_bool().unwrap(),
                status: e["status"].as_u64().unwrap() as u16,
            })
            .collect()
    }

    fn seen_by(&self, listener: &str) -> Vec<Seen> {
        self.log().into_iter().filter(|s| s.listener == listener).collect()
    }

    fn url(&self) -> String {
        format!("{}/", self.main)
    }

    fn other_host(&self) -> String {
        format!("127.0.0.1:{}", self.other_port)
    }
}

struct Attempt {
    ok: bool,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Attempt {
    /// A finished run, checked for the one thing every run must not do.
    fn of(out: Output, started: Instant) -> Self {
        let run = Attempt {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            took: started.elapsed(),
        };
        assert!(!run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD), "the password is never printed");
        run
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

fn attempt(device: &Device, args: &[&str], env: &[(&str, &str)]) -> Attempt {
    let mut c = device.command(args);
    c.env("NUBO_PASSWORD", PASSWORD);
    for (k, v) in env {
        c.env(k, v);
    }
    let started = Instant::now();
    Attempt::of(c.output().expect("run nubo"), started)
}

fn sign_in(device: &Device, server: &str, extra: &[&str]) -> Attempt {
    let mut args = vec!["account", "add", "--email", USER, "--server", server];
    args.extend_from_slice(extra);
    attempt(device, &args, &[])
}

fn no_secret_kept(device: &Device) {
    assert!(!device.data_dir().join("secrets.json").exists(), "a refused sign-in keeps no password");
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn a_principal_or_home_set_on_another_origin_is_refused_and_that_origin_never_asked() {
    let hostile = Hostile::start();
    for scenario in ["home-elsewhere", "calendar-elsewhere", "principal-elsewhere"] {
        hostile.scenario(scenario, 0.0, &[]);
        let phone = Device::new();
        let run = sign_in(&phone, &hostile.url(), &[]);
        assert!(!run.ok, "{scenario}: {}", run.stdout);
        let expected = format!(
            "The server points to another site ({}) for your data: refused, your credentials were not sent there.",
            hostile.other_host()
        );
        assert!(run.stderr.contains(&expected), "{scenario}: {}", run.stderr);
        assert_eq!(hostile.seen_by("other").len(), 0, "{scenario}: {:?}", hostile.seen_by("other"));
        no_secret_kept(&phone);
        // A later sync has no account to send anything with.
        assert!(!attempt(&phone, &["sync"], &[]).ok);
        assert_eq!(hostile.seen_by("other").len(), 0, "{scenario}");
    }
    Report {
        scenarios: Some(3),
        faults_injected: Some(3),
        requests_outside_origin: Some(hostile.seen_by("other").len() as u64),
        ..Default::default()
    }
    .write("hostile_origins");
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn a_redirect_at_sign_in_to_another_origin_waits_for_the_member_and_then_for_a_challenge() {
    let hostile = Hostile::start();
    hostile.scenario("redirect", 0.0, &[]);
    let phone = Device::new();
    let run = sign_in(&phone, &hostile.url(), &["--lang", "nl"]);
    assert!(!run.ok);
    let expected = format!(
        "Aanmelden leidt naar een andere server: {}. Je wachtwoord is daar niet naartoe gestuurd.",
        hostile.other_host()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    // The terminal's way to trust it names exactly that host.
    let offer = format!("--accept-host {}", hostile.other_host());
    assert!(run.stderr.contains(&offer), "{}", run.stderr);
    assert!(hostile.seen_by("other").is_empty(), "{:?}", hostile.seen_by("other"));
    no_secret_kept(&phone);

    // The member accepts that host: signed in there, and it gets the
    // credentials only once it asks for them.
    let run = sign_in(&phone, &hostile.url(), &["--json", "--accept-host", &hostile.other_host()]);
    assert!(run.ok, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["sync"]["failed"], false, "{}", run.stdout);
    let other = hostile.seen_by("other");
    assert!((other[0].auth, other[0].status) == (false, 401), "{other:?}");
    assert!(other.iter().all(|s| s.auth || s.status == 401), "asked, then sent with each request: {other:?}");
    let main = hostile.seen_by("main");
    assert!(!main.is_empty() && main.iter().all(|s| !s.auth && s.status == 301), "{main:?}");
}

/// A test certificate authority and a certificate for 127.0.0.1 it signed.
fn certificates(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let (ca, ca_key, cert, key, csr, ext) = (
        dir.join("ca.pem"),
        dir.join("ca.key"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
        dir.join("cert.csr"),
        dir.join("ext.cnf"),
    );
    std::fs::write(&ext, "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n").unwrap();
    let openssl = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("openssl");
        assert!(status.success(), "openssl {args:?}");
    };
    let p = |p: &Path| p.to_str().unwrap().to_string();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=Nubo test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout",
        &p(&ca_key),
        "-out",
        &p(&ca),
    ]);
    openssl(&["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", &p(&key), "-out", &p(&csr)]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &p(&csr),
        "-CA",
        &p(&ca),
        "-CAkey",
        &p(&ca_key),
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        &p(&ext),
        "-out",
        &p(&cert),
    ]);
    (ca, cert, key)
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn https_never_falls_back_to_http_even_to_an_accepted_host() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let hostile = Hostile::with_tls(&cert, &key);
    let tls = format!("https://127.0.0.1:{}/", hostile.tls_port.unwrap());
    let main_host = format!("127.0.0.1:{}", hostile.server.port);
    let trust = [("SSL_CERT_FILE", ca.to_str().unwrap())];
    let phone = Device::new();
    // The TLS server redirects to plain http on this device.
    for accept in [None, Some(main_host.as_str())] {
        let mut args = vec!["account", "add", "--email", USER, "--server", &tls];
        args.extend(accept.iter().flat_map(|host| ["--accept-host", host]));
        let run = attempt(&phone, &args, &trust);
        assert!(!run.ok, "{accept:?}: {}", run.stdout);
        let refusal = "The server redirects to an unencrypted address (http://): refused, nothing was sent there.";
        assert!(run.stderr.contains(refusal), "{accept:?}: {}", run.stderr);
        // The TLS server was reached (so the refusal is no certificate
        // error), and nothing went over plain http.
        assert!(!hostile.seen_by("tls").is_empty());
        assert!(hostile.seen_by("main").is_empty(), "{accept:?}: {:?}", hostile.seen_by("main"));
        no_secret_kept(&phone);
    }
    // Without the test authority the same server is refused as untrusted.
    let run = sign_in(&phone, &tls, &[]);
    assert!(run.stderr.contains("Insecure connection refused"), "{}", run.stderr);
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn plain_http_to_a_host_that_is_not_this_device_is_refused_before_connecting() {
    let phone = Device::new();
    // 192.0.2.1 is a documentation address: a connection would hang.
    let run = sign_in(&phone, "http://192.0.2.1:5232/", &["--lang", "fr"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains(
            "Refusé\u{202f}: 192.0.2.1:5232 serait joint sans chiffrement (http://). Utilisez une adresse https://."
        ),
        "{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(10), "refused, not timed out: {:?}", run.took);
    no_secret_kept(&phone);
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn credentials_go_only_after_the_server_asks_and_never_to_one_that_does_not() {
    let hostile = Hostile::start();
    let phone = Device::new();
    let run = sign_in(&phone, &hostile.url(), &[]);
    assert!(run.ok, "{}", run.stderr);
    let log = hostile.seen_by("main");
    assert!((log[0].auth, log[0].status) == (false, 401), "the first request carries none: {log:?}");
    for (i, seen) in log.iter().enumerate() {
        if seen.status == 401 {
            // Asked: the same request again, with them.
            let next = &log[i + 1];
            assert!(!seen.auth && next.auth && (&next.method, &next.path) == (&seen.method, &seen.path), "{log:?}");
        }
        if seen.auth {
            assert!(log[..i].iter().any(|s| s.status == 401), "sent before any challenge: {log:?}");
        }
    }
    // Asked once, at discovery; the sign-in's sync knew it already.
    assert_eq!(log.iter().filter(|s| s.status == 401).count(), 1, "{log:?}");
    assert!(log.iter().any(|s| s.method == "REPORT"), "signing in synced: {log:?}");

    // A later session remembers that this origin asked: no refused request first.
    let before = log.len();
    assert!(attempt(&phone, &["sync"], &[]).ok);
    let log = hostile.seen_by("main");
    assert!(log.len() > before && log[before..].iter().all(|s| s.auth && s.status != 401), "{:?}", &log[before..]);

    // A server that never asks never gets them.
    let open = Hostile::start();
    open.scenario("open", 0.0, &[]);
    let tablet = Device::new();
    let run = sign_in(&tablet, &open.url(), &[]);
    assert!(run.ok, "{}", run.stderr);
    let log = open.seen_by("main");
    assert!(log.len() > 3 && log.iter().all(|s| !s.auth), "{log:?}");
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn a_server_trickling_its_answer_is_cut_off_at_the_deadline() {
    let hostile = Hostile::start();
    let phone = Device::new();
    assert!(sign_in(&phone, &hostile.url(), &[]).ok);
    // One byte every 3 s: each read is quick, the answer would take hours.
    hostile.scenario("trickle", 3.0, &[]);
    let run = attempt(&phone, &["--json", "--timeout", "5", "sync"], &[]);
    assert!(!run.ok);
    assert!(run.took < Duration::from_secs(12), "the deadline is for the whole answer: {:?}", run.took);
    let sync = &run.json()["sync"];
    let status = sync["status"].as_str().unwrap().to_string();
    assert!(status.starts_with("Server unreachable."), "{status}");
    // The library's word stays beside the sentence, not inside it.
    assert_eq!(sync["detail"], "timeout", "{sync}");
    assert!(hostile.seen_by("main").iter().any(|s| s.status == 207 && s.auth));
    let hang = Some(run.took.as_secs_f64());
    Report { scenarios: Some(1), faults_injected: Some(1), longest_hang_s: hang, ..Default::default() }
        .write("hostile_trickle");
}

/// Runs `nubo` under a small Python parent that reports the child's peak
/// resident memory (getrusage, exact, no sampling), in MiB.
fn attempt_measuring_memory(device: &Device, args: &[&str]) -> (Attempt, f64) {
    let nubo = device.command(args);
    let report = tempfile::NamedTempFile::new().unwrap();
    let parent = "import resource, subprocess, sys\n\
        code = subprocess.call(sys.argv[2:])\n\
        open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n\
        sys.exit(code)";
    let mut c = std::process::Command::new("python3");
    c.args(["-c", parent]).arg(report.path()).arg(nubo.get_program()).args(nubo.get_args());
    c.env("NUBO_PASSWORD", PASSWORD);
    let started = Instant::now();
    let run = Attempt::of(c.output().expect("run nubo under python3"), started);
    let kib: f64 = std::fs::read_to_string(report.path()).unwrap().trim().parse().unwrap();
    (run, kib / 1024.0)
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn a_flood_of_tiny_entries_is_refused_within_bounded_memory_and_the_calendar_still_syncs() {
    let hostile = Hostile::start();
    hostile.scenario("flood", 0.0, &[]);
    let phone = Device::new();
    let args = ["--json", "account", "add", "--email", USER, "--server", &hostile.url()];
    let (run, peak_mib) = attempt_measuring_memory(&phone, &args);
    println!("peak memory under a 60 MB listing of tiny entries: {peak_mib:.1} MiB");
    // A bound hit is a failure the member reads, and a non-zero exit.
    assert!(!run.ok, "{}", run.stdout);
    let status = run.json()["sync"]["status"].as_str().unwrap_or_default().to_string();
    assert!(status.contains("more than 50,000 entries in one answer"), "{status}");
    assert!(peak_mib <= 128.0, "peak memory {peak_mib:.1} MiB");
    // Nothing of the flood is stored; the calendar, synced after the
    // failing address book, arrived.
    assert!(phone.names().is_empty(), "{:?}", phone.names());
    let agenda = phone.json(&["agenda", "--from", "2027-05-01", "--to", "2027-05-31"]);
    assert_eq!(agenda["agenda"]["days"].as_array().map(Vec::len), Some(1), "{}", agenda["agenda"]);
    Report { scenarios: Some(1), faults_injected: Some(1), peak_memory_mib: Some(peak_mib), ..Default::default() }
        .write("hostile_flood");
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn an_event_whose_duration_overflows_does_not_crash_the_sync() {
    let hostile = Hostile::start();
    hostile.scenario("dav", 0.0, &["overflow"]);
    let phone = Device::new();
    // A short timeout: a crashed core would leave the shell waiting.
    let run = sign_in(&phone, &hostile.url(), &["--json", "--timeout", "5"]);
    assert!(run.ok, "{}\n{}", run.stdout, run.stderr);
    let view = run.json();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    // Kept as it is and counted, not dropped.
    assert!(view["sync"]["status"].as_str().unwrap().contains(" 1 unreadable "), "{}", view["sync"]);
    // The readable event shows; the agenda still opens.
    let agenda = phone.json(&["agenda", "--from", "2027-05-01", "--to", "2027-05-31"]);
    let titles: Vec<&str> = agenda["agenda"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()))
        .collect();
    assert_eq!(titles, vec!["Assemblee generale"]);
    // And the next sync still goes through.
    assert_eq!(phone.sync()["sync"]["failed"], false);
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn one_contact_that_is_not_utf8_does_not_fail_its_batch() {
    let hostile = Hostile::start();
    hostile.scenario("dav", 0.0, &["latin1"]);
    let phone = Device::new();
    let run = sign_in(&phone, &hostile.url(), &["--json"]);
    assert!(run.ok, "{}\n{}", run.stdout, run.stderr);
    let view = run.json();
    assert_eq!(view["sync"]["failed"], false);
    // Both contacts of the multiget arrived; the Latin-1 one is kept as
    // received under its file name and said to be unreadable, never read
    // as (or pushed back as) the member's data.
    let names = phone.names();
    assert_eq!(names, vec!["Hélène Dubœuf", "latin1.vcf"]);
    let status = view["sync"]["status"].as_str().unwrap_or_default();
    assert!(status.contains("1 unreadable item, kept as it is."), "{status}");
}
