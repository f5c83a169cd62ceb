//! Killing the client in the middle of a sync and starting it again loses
//! nothing and duplicates nothing — pulling and pushing. A proxy slows the
//! server down so the kill lands mid-sync, decided by what the store holds.

mod common;

use std::process::Child;
use std::time::{Duration, Instant};

use common::Device;
use nubo_tests::{repo_root, venv_python, Fault, ProxyMode, ProxyServer, Radicale};

const USER: &str = "alice@nubo.test";
const MEMBERS: usize = 3000;

fn seeded_server(dir: &std::path::Path) -> Radicale {
    let vcards = dir.join("vcards");
    let storage = dir.join("storage");
    let run = |args: &[&str]| {
        let status = std::process::Command::new(venv_python()).args(args).current_dir(repo_root()).status().unwrap();
        assert!(status.success(), "{args:?}");
    };
    run(&["scripts/seed/contacts.py", "--count", &MEMBERS.to_string(), "--out", vcards.to_str().unwrap()]);
    run(&[
        "scripts/seed/load_radicale.py",
        "--storage",
        storage.to_str().unwrap(),
        "--user",
        USER,
        "--book",
        "contacts",
        "--display-name",
        "Coopérateurs",
        "--vcards",
        vcards.to_str().unwrap(),
    ]);
    let server = Radicale::start_on(&storage);
    // Radicale parses every item on first listing; do it before the clock matters.
    assert_eq!(server.list_hrefs("/alice@nubo.test/contacts/").len(), MEMBERS);
    server
}

fn count(device: &Device, sql: &str) -> i64 {
    device.db().query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

/// Waits until `ready` says the sync is well under way, then SIGKILLs it.
fn kill_when(mut child: Child, what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ready() {
        assert!(child.try_wait().unwrap().is_none(), "{what}: finished before it could be killed");
        assert!(Instant::now() < deadline, "{what}: never got under way");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_pull_killed_midway_resumes_without_losses_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let server = seeded_server(dir.path());
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();

    proxy.inject(Fault::Delay { ms: 150, count: 10_000 });
    let mut signing_in =
        phone.command(&["account", "add", "--email", USER, "--server", &format!("{}/", proxy.base_url)]);
    signing_in.env("NUBO_PASSWORD", "x");
    let child = signing_in.spawn().unwrap();
    kill_when(child, "first sync", || {
        phone.data_dir().join("nubo.sqlite3").exists()
            && count(&phone, "SELECT COUNT(*) FROM items WHERE kind = 'contact'") >= 500
    });
    let partial = count(&phone, "SELECT COUNT(*) FROM items WHERE kind = 'contact'");
    assert!(partial >= 500 && (partial as usize) < MEMBERS, "killed mid-pull with {partial} contacts");
    assert_eq!(
        count(&phone, "SELECT COUNT(*) FROM address_books WHERE sync_token IS NOT NULL"),
        0,
        "no token committed yet"
    );

    proxy.clear();
    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(count(&phone, "SELECT COUNT(*) FROM items WHERE kind = 'contact'"), MEMBERS as i64);
    assert_eq!(count(&phone, "SELECT COUNT(DISTINCT href) FROM items WHERE kind = 'contact'"), MEMBERS as i64);
    assert_eq!(count(&phone, "SELECT COUNT(DISTINCT uid) FROM items WHERE kind = 'contact'"), MEMBERS as i64);
    // "2,500": the count as the member reads it.
    let status = view["sync"]["status"].as_str().unwrap_or_default().replace(',', "");
    assert_eq!(status, format!("Up to date: {} added.", MEMBERS - partial as usize));
    let again = phone.sync();
    assert_eq!(again["sync"]["status"], "Everything is up to date.");
}

#[test]
fn a_push_killed_midway_resumes_without_losses_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let server = seeded_server(dir.path());
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "x", &format!("{}/", proxy.base_url));

    const NEW: usize = 30;
    for i in 0..NEW {
        let name = format!("Nouveau Membre {i:02}");
        let add = phone.run(&["contacts", "add", "--name", &name, "--email", &format!("nouveau{i}@nubo.coop")]);
        assert!(add.ok, "{}", add.stderr);
    }
    proxy.inject(Fault::Delay { ms: 150, count: 10_000 });
    let child = phone.command(&["sync"]).spawn().unwrap();
    kill_when(child, "push", || {
        count(&phone, "SELECT COUNT(*) FROM items WHERE kind = 'contact' AND state = 'clean' AND uid != '' AND display_name LIKE 'Nouveau%'") >= 5
    });
    let pushed = count(
        &phone,
        "SELECT COUNT(*) FROM items WHERE kind = 'contact' AND state = 'clean' AND display_name LIKE 'Nouveau%'",
    );
    assert!(pushed >= 5 && (pushed as usize) < NEW, "killed mid-push after {pushed}");

    proxy.clear();
    let view = phone.sync();
    assert_eq!(view["sync"]["failed"], false, "{}", view["sync"]);
    assert_eq!(view["pending_changes"], 0);
    assert!(
        view["conflicts"].as_array().unwrap().is_empty(),
        "a resumed push is not a conflict: {}",
        view["conflicts"]
    );
    let hrefs = server.list_hrefs("/alice@nubo.test/contacts/");
    assert_eq!(hrefs.len(), MEMBERS + NEW, "each new contact exactly once on the server");
    assert_eq!(count(&phone, "SELECT COUNT(*) FROM items WHERE kind = 'contact'"), (MEMBERS + NEW) as i64);
}
