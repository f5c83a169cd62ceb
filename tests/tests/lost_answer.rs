//! A push the server took but whose answer never reached the device (out
//! of coverage, a timeout, the app killed): the kill loop found that what
//! the member does next can turn the member's own earlier version, now on
//! the server, into "a version changed elsewhere" (kill_loop seeds 31 and
//! 51). Each case here loses one answer on purpose, the same way on every
//! run: the proxy holds the PUT longer than `nubo` waits, and the server
//! stores it after the device gave up. Then the member does one more
//! thing, and syncs.
//!
//! Right behaviour: nothing to choose between (only this device ever
//! changed the item), the member's last word on the server, a delete
//! stays deleted. Run by `scripts/faults.sh`; counts go to
//! `target/faults/lost_answer.json`.

mod common;
mod sync_oracle;

use std::time::{Duration, Instant};

use common::Device;
use nubo_tests::faults::{Report, Rng};
use nubo_tests::{Fault, ProxyMode, ProxyServer};
use sync_oracle::*;

const SUITE: &str = "lost_answer";
/// How long `nubo` waits for an answer here, and how long the proxy holds
/// the PUT: longer.
const CLIENT_TIMEOUT_S: &str = "1";
const HELD_MS: u64 = 2500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum First {
    /// An edit of a contact the server has.
    Edit,
    /// A new contact.
    Create,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Nothing: the next sync sends the same version again.
    Nothing,
    Edit,
    Delete,
}

#[derive(Default)]
struct Counts {
    conflicts_with_itself: u64,
    deletes_undone: u64,
    lost: u64,
    problems: Vec<String>,
}

/// The server's copy of the contact whose NOTE holds `note`, if any.
fn on_server(dav: &nubo_tests::DavClient, note: &str) -> Option<(String, String)> {
    server_items(dav, Kind::Contact)
        .into_iter()
        .find(|s| property(&s.data, "NOTE").is_some_and(|n| n.split(' ').any(|w| w == note)))
        .map(|s| (s.path, s.data))
}

fn case(first: First, then: Then, counts: &mut Counts) {
    let name = format!("{first:?} whose answer was lost, then {then:?}");
    let dir = tempfile::tempdir().unwrap();
    let server = seeded_server(dir.path(), 3, 0, &mut Rng::new(1));
    let dav = server.client().clone();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "x", &format!("{}/", proxy.base_url));
    let ok = |args: &[&str]| {
        let run = phone.run(args);
        assert!(run.ok, "{name}: nubo {args:?}: {}{}", run.stdout, run.stderr);
    };

    match first {
        First::Edit => {
            let id = local_items(phone.data_dir()).unwrap().iter().find(|i| i.uid == "seed-c0000").unwrap().id;
            ok(&["contacts", "edit", &id.to_string(), "--note", "first"]);
        }
        First::Create => ok(&["contacts", "add", "--name", "Lost Answer", "--note", "first"]),
    }
    proxy.inject_on("PUT", Fault::Delay { ms: HELD_MS, count: 1 });
    let lost = phone.run(&["--timeout", CLIENT_TIMEOUT_S, "--json", "sync"]);
    assert!(!lost.ok, "{name}: the answer should have been lost: {}", lost.stdout);
    let deadline = Instant::now() + Duration::from_secs(20);
    let path = loop {
        if let Some((path, _)) = on_server(&dav, "first") {
            break path;
        }
        assert!(Instant::now() < deadline, "{name}: the server never stored the first version");
        std::thread::sleep(Duration::from_millis(100));
    };

    let item = local_items(phone.data_dir()).unwrap().into_iter().find(|i| i.data.contains("NOTE:first")).unwrap();
    let expected_note = match then {
        Then::Nothing => Some("first"),
        Then::Edit => {
            ok(&["contacts", "edit", &item.id.to_string(), "--note", "first second"]);
            Some("first second")
        }
        Then::Delete => {
            ok(&["contacts", "rm", &item.id.to_string()]);
            None
        }
    };
    let view = phone.sync();
    if view["sync"]["failed"] != false {
        counts.problems.push(format!("{name}: the sync failed: {}", view["sync"]));
        return;
    }
    let conflicts = view["conflicts"].as_array().map_or(0, Vec::len);
    if conflicts > 0 {
        counts.conflicts_with_itself += conflicts as u64;
        counts.problems.push(format!(
            "{name}: only this phone ever changed the contact, yet {conflicts} conflict(s): {}",
            view["conflicts"][0]["message"]
        ));
    }
    let (status, body, _) = server.get(&path);
    match expected_note {
        Some(note) if !body.contains(&format!("NOTE:{note}\r\n")) => {
            // Kept as a conflict (counted above), or lost.
            let kept =
                local_conflicts(phone.data_dir()).unwrap().iter().any(|c| c.data.contains(&format!("NOTE:{note}\r\n")));
            if !kept {
                counts.lost += 1;
                counts.problems.push(format!("{name}: the member's last version is lost; the server has:\n{body}"));
            }
        }
        None if status != 404 => {
            counts.deletes_undone += 1;
            counts.problems.push(format!("{name}: the member deleted it and nobody else changed it, yet:\n{body}"));
        }
        _ => {}
    }
    for item in local_items(phone.data_dir()).unwrap().iter().filter(|i| i.state != "clean") {
        counts.problems.push(format!("{name}: {} still {} after the sync", item.uid, item.state));
    }
}

#[test]
#[ignore = "a fault suite: run by scripts/faults.sh"]
fn what_a_member_does_after_a_push_whose_answer_was_lost_is_not_turned_against_them() {
    let cases = [
        (First::Edit, Then::Nothing),
        (First::Edit, Then::Edit),
        (First::Edit, Then::Delete),
        (First::Create, Then::Nothing),
        (First::Create, Then::Edit),
        (First::Create, Then::Delete),
    ];
    let mut counts = Counts::default();
    for (first, then) in cases {
        case(first, then, &mut counts);
    }
    let report = Report {
        scenarios: Some(cases.len() as u64),
        faults_injected: Some(cases.len() as u64),
        items_compared: Some(cases.len() as u64),
        items_lost: Some(counts.lost),
        extra: vec![
            ("conflicts_with_itself".into(), counts.conflicts_with_itself.to_string()),
            ("deletes_undone".into(), counts.deletes_undone.to_string()),
        ],
        ..Default::default()
    };
    report.write(SUITE);
    assert!(counts.problems.is_empty(), "{}", counts.problems.join("\n\n"));
}
