//! The same member's journeys against a second, independent CalDAV/CardDAV
//! server: Xandikos (git-backed, its own RFC 6578 tokens and ETags). What
//! works against Radicale alone could lean on Radicale's habits; these
//! show the app speaks the standards.

mod common;

use common::{lines_except, vcard, Device, RICH};
use nubo_tests::Xandikos;
use serde_json::Value;

const BOOK: &str = Xandikos::BOOK;
const CAL: &str = Xandikos::CALENDAR;
const EMAIL: &str = "alice@nubo.test";

const SERIES: &str = include_str!("../../scripts/seed/calendar/assemblee-generale.ics");

fn signed_in(server: &Xandikos) -> Device {
    let device = Device::new();
    device.sign_in(EMAIL, "any", &server.url());
    device
}

fn server_body(server: &Xandikos, path: &str) -> String {
    let (status, body, _) = server.client().get(path);
    assert_eq!(status, 200, "GET {path}: {}", server.stderr());
    body
}

fn status(view: &Value) -> String {
    assert_eq!(view["sync"]["failed"], false, "{:#}", view["sync"]);
    view["sync"]["status"].as_str().unwrap_or_default().to_string()
}

/// (day, title) of every occurrence from `from` to `to`.
fn occurrences(device: &Device, from: &str, to: &str) -> Vec<(String, String)> {
    let view = device.json(&["agenda", "--from", from, "--to", to]);
    let mut out = Vec::new();
    for day in view["agenda"]["days"].as_array().unwrap() {
        for e in day["entries"].as_array().unwrap() {
            out.push((day["date"].as_str().unwrap().to_string(), e["title"].as_str().unwrap().to_string()));
        }
    }
    out
}

/// The event's number and, in a series, the occurrence's key.
fn occurrence_key(device: &Device, day: &str, title: &str) -> (String, String) {
    let view = device.json(&["agenda", "--day", "--from", day]);
    let entry = view["agenda"]["days"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no {title} on {day}: {view:#}"))
        .clone();
    (entry["event_id"].as_i64().unwrap().to_string(), entry["occurrence"].as_str().unwrap_or_default().to_string())
}

#[test]
fn contacts_travel_both_ways_and_keep_what_the_app_does_not_edit() {
    let server = Xandikos::start();
    let dav = server.client();
    dav.put(&format!("{BOOK}rich.vcf"), "text/vcard", RICH);
    dav.put(
        &format!("{BOOK}helene.vcf"),
        "text/vcard",
        &vcard("helene", "Hélène Dubœuf", "EMAIL:helene@nubo.coop\r\n"),
    );

    let phone = signed_in(&server);
    assert_eq!(phone.names(), vec!["Hélène Dubœuf", "Marie-Claire Dubois"]);
    let found = phone.json(&["contacts", "search", "dubœuf"]);
    assert_eq!(found["contacts"].as_array().unwrap().len(), 1);
    // By the group the card is filed under (CATEGORIES).
    let volunteers = phone.json(&["contacts", "search", "bénévole"]);
    assert_eq!(volunteers["contacts"][0]["name"], "Marie-Claire Dubois");

    // Edited and created offline, sent at the next sync.
    let rich = phone.id_of("Marie-Claire Dubois").to_string();
    assert!(phone.run(&["contacts", "edit", &rich, "--phone", "cell:+32 475 99 99 99"]).ok);
    assert!(phone.run(&["contacts", "add", "--name", "Françoise Lambert", "--email", "francoise@nubo.coop"]).ok);
    assert_eq!(status(&phone.sync()), "Up to date: 2 sent.");
    let stored = server_body(&server, &format!("{BOOK}rich.vcf"));
    assert!(stored.contains("+32 475 99 99 99"), "{stored}");
    assert_eq!(lines_except(&stored, &["TEL", "REV"]), lines_except(RICH, &["TEL", "REV"]));
    assert_eq!(dav.list_hrefs(BOOK).len(), 3);

    // Another device of the member's changes and deletes; the phone follows.
    let laptop = signed_in(&server);
    assert_eq!(laptop.names(), vec!["Françoise Lambert", "Hélène Dubœuf", "Marie-Claire Dubois"]);
    let helene = laptop.id_of("Hélène Dubœuf").to_string();
    assert!(laptop.run(&["contacts", "edit", &helene, "--email", "helene@dubœuf.be"]).ok);
    assert!(laptop.run(&["contacts", "rm", &laptop.id_of("Françoise Lambert").to_string()]).ok);
    assert_eq!(status(&laptop.sync()), "Up to date: 2 sent.");
    assert_eq!(dav.list_hrefs(BOOK).len(), 2);

    assert_eq!(status(&phone.sync()), "Up to date: 1 updated, 1 deleted.");
    assert_eq!(phone.names(), vec!["Hélène Dubœuf", "Marie-Claire Dubois"]);
    let shown = phone.show(phone.id_of("Hélène Dubœuf"));
    assert_eq!(shown["fields"]["emails"][0]["value"], "helene@dubœuf.be");
    // A change made straight on the server comes through the token too.
    dav.put(&format!("{BOOK}geert.vcf"), "text/vcard", &vcard("geert", "Geert De Smet", ""));
    assert_eq!(status(&phone.sync()), "Up to date: 1 added.");
    assert_eq!(status(&phone.sync()), "Everything is up to date.");
}

#[test]
fn a_contact_edited_on_two_devices_keeps_both_versions() {
    let server = Xandikos::start();
    server.client().put(
        &format!("{BOOK}helene.vcf"),
        "text/vcard",
        &vcard("helene", "Hélène Dubœuf", "TEL:+32 470 12 34 56\r\n"),
    );
    let phone = signed_in(&server);
    let laptop = signed_in(&server);

    assert!(
        phone.run(&["contacts", "edit", &phone.id_of("Hélène Dubœuf").to_string(), "--phone", "+32 470 11 11 11"]).ok
    );
    status(&phone.sync());
    let on_laptop = laptop.id_of("Hélène Dubœuf");
    assert!(laptop.run(&["contacts", "edit", &on_laptop.to_string(), "--phone", "+32 470 22 22 22"]).ok);
    let view = laptop.sync();
    status(&view);
    let conflicts = view["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "Xandikos refused the stale If-Match: {view:#}");
    assert_eq!(conflicts[0]["mine"]["phones"][0]["value"], "+32 470 22 22 22", "the laptop's edit is kept");
    assert_eq!(laptop.show(on_laptop)["fields"]["phones"][0]["value"], "+32 470 11 11 11");
    assert!(server_body(&server, &format!("{BOOK}helene.vcf")).contains("+32 470 11 11 11"), "no silent overwrite");

    let conflict = conflicts[0]["id"].as_i64().unwrap().to_string();
    assert!(laptop.run(&["conflicts", "resolve", &conflict, "both"]).ok);
    status(&laptop.sync());
    assert_eq!(server.client().list_hrefs(BOOK).len(), 2, "the laptop's version became a second contact");
}

#[test]
fn a_series_moved_and_cancelled_offline_reaches_the_server_and_the_other_device() {
    let server = Xandikos::start();
    server.client().put(&format!("{CAL}ag.ics"), "text/calendar", SERIES);
    let phone = signed_in(&server);
    let spring = occurrences(&phone, "2027-03-01", "2027-05-31");
    assert_eq!(
        spring,
        vec![
            ("2027-03-02".to_string(), "Assemblée du conseil coopératif".to_string()),
            ("2027-04-06".to_string(), "Assemblée du conseil coopératif".to_string()),
            ("2027-05-11".to_string(), "Assemblée générale annuelle".to_string()),
        ]
    );

    let (id, march) = occurrence_key(&phone, "2027-03-02", "Assemblée du conseil coopératif");
    let (_, april) = occurrence_key(&phone, "2027-04-06", "Assemblée du conseil coopératif");
    let moved = phone.json(&[
        "event",
        "edit",
        &id,
        "--occurrence",
        &march,
        "--start",
        "2027-03-09T19:00",
        "--end",
        "2027-03-09T21:00",
    ]);
    assert!(moved["error"].is_null(), "{moved:#}");
    phone.json(&["event", "rm", &id, "--occurrence", &april]);
    let added = phone.json(&["event", "add", "--summary", "Café des coopérateurs", "--start", "2027-03-13T10:00"]);
    assert!(added["error"].is_null(), "{added:#}");
    assert_eq!(status(&phone.sync()), "Up to date: 2 sent.");

    let stored = server_body(&server, &format!("{CAL}ag.ics"));
    assert!(stored.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T190000"), "{stored}");
    assert!(stored.contains("EXDATE;TZID=Europe/Brussels:20270406T190000"), "{stored}");
    assert!(stored.contains("X-NUBO-ROOM-BOOKING;X-STATUS=confirmed:salle-horta"), "unknown properties kept: {stored}");

    let tablet = signed_in(&server);
    let expected = vec![
        ("2027-03-09".to_string(), "Assemblée du conseil coopératif".to_string()),
        ("2027-03-13".to_string(), "Café des coopérateurs".to_string()),
        ("2027-05-11".to_string(), "Assemblée générale annuelle".to_string()),
    ];
    assert_eq!(occurrences(&tablet, "2027-03-01", "2027-05-31"), expected);

    // The tablet deletes the café; the phone's next sync takes it away.
    let (cafe, _) = occurrence_key(&tablet, "2027-03-13", "Café des coopérateurs");
    assert!(tablet.run(&["event", "rm", &cafe]).ok);
    assert_eq!(status(&tablet.sync()), "Up to date: 1 sent.");
    assert_eq!(status(&phone.sync()), "Up to date: 1 deleted.");
    assert_eq!(occurrences(&phone, "2027-03-01", "2027-05-31"), vec![expected[0].clone(), expected[2].clone()]);
}
