//! CalDAV sync end to end: the real `nubo` shell against a real Radicale on
//! loopback, with the cooperative's demo calendar (a monthly series with a
//! moved and a cancelled occurrence, a maintenance night across the spring
//! DST change, an all-day feast, calls set in Toronto time).

mod common;

use common::Device;
use nubo_tests::{venv_python, ProxyMode, ProxyServer, Radicale};
use serde_json::Value;

const USER: &str = "alice@nubo.test";
const CAL: &str = "/alice@nubo.test/agenda/";

const SERIES: &str = include_str!("../../scripts/seed/calendar/assemblee-generale.ics");
const MAINTENANCE: &str = include_str!("../../scripts/seed/calendar/maintenance-mars.ics");
const FEAST: &str = include_str!("../../scripts/seed/calendar/fete.ics");
const TORONTO: &str = include_str!("../../scripts/seed/calendar/montreal.ics");

fn server_with_agenda() -> Radicale {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Coopérateurs");
    server.create_calendar(USER, "agenda", "Agenda Nubo", "#0082C9");
    for (name, body) in
        [("ag.ics", SERIES), ("maintenance.ics", MAINTENANCE), ("fete.ics", FEAST), ("montreal.ics", TORONTO)]
    {
        server.put(&format!("{CAL}{name}"), "text/calendar", body);
    }
    server
}

fn signed_in(server: &Radicale) -> Device {
    let phone = Device::new();
    phone.sign_in(USER, "any", &server.url());
    phone
}

/// `nubo agenda` as (day, time, title) rows.
fn rows(view: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for day in view["agenda"]["days"].as_array().unwrap() {
        for e in day["entries"].as_array().unwrap() {
            out.push((
                day["date"].as_str().unwrap().into(),
                e["time"].as_str().unwrap().into(),
                e["title"].as_str().unwrap().into(),
            ));
        }
    }
    out
}

fn row(day: &str, time: &str, title: &str) -> (String, String, String) {
    (day.into(), time.into(), title.into())
}

fn agenda(phone: &Device, args: &[&str]) -> Value {
    let mut all = vec!["agenda"];
    all.extend_from_slice(args);
    phone.json(&all)
}

fn entry<'a>(view: &'a Value, day: &str, title: &str) -> &'a Value {
    view["agenda"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["date"] == day)
        .flat_map(|d| d["entries"].as_array().unwrap())
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no {title} on {day}: {view:#}"))
}

#[test]
fn a_sync_keeps_the_months_ahead_before_the_member_looks_at_them() {
    let server = server_with_agenda();
    // Six months from now: beyond the first screen and the window around it.
    let when = chrono::Utc::now() + chrono::Duration::days(182);
    let day = when.format("%Y%m%d");
    let ahead = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ahead@nubo.test\r\nSUMMARY:Permanence d'été\r\n\
DTSTART:{day}T120000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    server.put(&format!("{CAL}ahead.ics"), "text/calendar", &ahead);
    let phone = signed_in(&server);
    let db = phone.db();
    let kept = |uid: &str| -> i64 {
        db.query_row(
            "SELECT count(*) FROM occurrences o JOIN items i ON i.id = o.item_id WHERE i.uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .unwrap()
    };
    // The sync expanded and kept it (and every event of the coming year),
    // though no view has shown it: that month is then a read.
    assert_eq!(kept("ahead@nubo.test"), 1);
    // Nothing that meets the next twelve months (a day's margin for the
    // zone) is left to expand.
    let now = chrono::Utc::now();
    let (from, to) =
        ((now + chrono::Duration::days(1)).timestamp_millis(), (now + chrono::Duration::days(330)).timestamp_millis());
    let stale: i64 = db
        .query_row(
            "SELECT count(*) FROM occurrence_items s JOIN event_series e ON e.item_id = s.item_id
             WHERE s.state = 'stale' AND e.first_start < ?2 AND (e.last_end IS NULL OR e.last_end > ?1)",
            [from, to],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "nothing of the coming year left to expand");
    let view = agenda(&phone, &["--month", "--from", &when.format("%Y-%m-01").to_string()]);
    assert!(rows(&view).iter().any(|r| r.2 == "Permanence d'été"), "{view}");
}

#[test]
fn the_month_shows_series_dst_midnight_and_other_zones_in_brussels_time() {
    let server = server_with_agenda();
    let phone = signed_in(&server);
    let march = agenda(&phone, &["--month", "--from", "2027-03-01"]);
    assert_eq!(march["agenda"]["title"], "March 2027");
    assert_eq!(
        rows(&march),
        vec![
            row("2027-03-02", "19:00 – 21:00", "Assemblée du conseil coopératif"),
            // Toronto moves to summer time on 14 March, Brussels on 28 March.
            // Set in Toronto time: its own times beside.
            row("2027-03-10", "16:00 – 17:00 (10:00 – 11:00 Toronto)", "Appel avec les CHATONS de Montréal"),
            row("2027-03-17", "15:00 – 16:00 (10:00 – 11:00 Toronto)", "Appel avec les CHATONS de Montréal"),
            row("2027-03-24", "15:00 – 16:00 (10:00 – 11:00 Toronto)", "Appel avec les CHATONS de Montréal"),
            // Across midnight and the night Brussels moves its clocks forward.
            row("2027-03-27", "22:00 – …", "Maintenance des serveurs (Nextcloud indisponible)"),
            row("2027-03-28", "… – 04:00", "Maintenance des serveurs (Nextcloud indisponible)"),
        ]
    );
    let ga = entry(&march, "2027-03-02", "Assemblée du conseil coopératif");
    assert_eq!((ga["color"].as_str(), ga["recurring"].as_bool()), (Some("#0082C9"), Some(true)));

    // The moved occurrence is on its new day; the cancelled one is gone.
    let may = agenda(&phone, &["--month", "--from", "2027-05-01"]);
    assert_eq!(rows(&may), vec![row("2027-05-11", "19:30 – 21:30", "Assemblée générale annuelle")]);
    assert!(rows(&agenda(&phone, &["--month", "--from", "2027-08-01"])).is_empty());
    // All day, both days.
    let june = agenda(&phone, &["--week", "--from", "2027-06-19"]);
    let feast: Vec<_> = rows(&june).into_iter().filter(|r| r.2 == "Fête de la coopérative").collect();
    assert_eq!(
        feast,
        vec![
            row("2027-06-19", "All day", "Fête de la coopérative"),
            row("2027-06-20", "All day", "Fête de la coopérative")
        ]
    );
    // The whole series over a year: 12 minus the cancelled one.
    let year = agenda(&phone, &["--from", "2026-09-01", "--to", "2027-08-31"]);
    assert_eq!(rows(&year).iter().filter(|r| r.2.starts_with("Assemblée")).count(), 11);
}

#[test]
fn changes_and_deletions_on_the_server_arrive_at_the_next_sync() {
    let server = server_with_agenda();
    let proxy = ProxyServer::start(&server.base_url, ProxyMode::Passthrough);
    let phone = Device::new();
    phone.sign_in(USER, "any", &proxy.url());
    // Data first: one calendar-query brought every event; no token yet.
    assert_eq!(proxy.count_since(0, "REPORT", CAL), 1, "{:?}", proxy.log());
    assert_eq!(rows(&agenda(&phone, &["--day", "--from", "2027-03-27"])).len(), 1);
    server.put(
        &format!("{CAL}maintenance.ics"),
        "text/calendar",
        &MAINTENANCE.replace("T220000", "T230000").replace("(Nextcloud indisponible)", "(reportée)"),
    );
    assert_eq!(server.delete(&format!("{CAL}fete.ics")), 200);
    let seen = proxy.log().len();
    let synced = phone.sync();
    assert!(synced["sync"]["status"].as_str().unwrap().contains("1 updated"), "{synced:#}");
    assert_eq!(
        proxy.count_since(seen, "REPORT", CAL),
        2,
        "the token's full listing, then one multiget of what changed"
    );
    let march = agenda(&phone, &["--day", "--from", "2027-03-27"]);
    assert_eq!(rows(&march), vec![row("2027-03-27", "23:00 – …", "Maintenance des serveurs (reportée)")]);
    assert!(rows(&agenda(&phone, &["--month", "--from", "2027-06-01"]))
        .iter()
        .all(|r| r.2 != "Fête de la coopérative"));
}

/// An independent client's reading of the server's bytes: Python's
/// recurring-ical-events, occurrences in March to May 2027, Brussels time.
fn other_client_sees(ics: &str) -> Vec<String> {
    let script = r#"
import sys, datetime, icalendar, recurring_ical_events, zoneinfo
cal = icalendar.Calendar.from_ical(sys.stdin.read())
bru = zoneinfo.ZoneInfo("Europe/Brussels")
for e in recurring_ical_events.of(cal).between(datetime.date(2027, 3, 1), datetime.date(2027, 6, 1)):
    print(e["DTSTART"].dt.astimezone(bru).strftime("%Y-%m-%d %H:%M"), e["SUMMARY"])
"#;
    let mut child = std::process::Command::new(venv_python())
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn one_occurrence_moved_and_one_cancelled_offline_reach_the_server_and_other_clients() {
    let server = server_with_agenda();
    let phone = signed_in(&server);
    let march = agenda(&phone, &["--month", "--from", "2027-03-01"]);
    let ga = entry(&march, "2027-03-02", "Assemblée du conseil coopératif");
    let id = ga["event_id"].as_i64().unwrap().to_string();
    let march_key = ga["occurrence"].as_str().unwrap().to_string();
    assert_eq!(march_key, "2027-03-02T18:00:00Z");
    let april = agenda(&phone, &["--month", "--from", "2027-04-01"]);
    let april_key =
        entry(&april, "2027-04-06", "Assemblée du conseil coopératif")["occurrence"].as_str().unwrap().to_string();

    // Offline: the server is not asked until the sync.
    let moved = phone.json(&[
        "event",
        "edit",
        &id,
        "--occurrence",
        &march_key,
        "--start",
        "2027-03-09T19:00",
        "--end",
        "2027-03-09T21:00",
        "--location",
        "Salle Horta",
    ]);
    assert!(moved["error"].is_null(), "{moved:#}");
    phone.json(&["event", "rm", &id, "--occurrence", &april_key]);
    let offline = agenda(&phone, &["--from", "2027-03-01", "--to", "2027-04-30"]);
    let ga_rows: Vec<_> = rows(&offline).into_iter().filter(|r| r.2.starts_with("Assemblée")).collect();
    assert_eq!(ga_rows, vec![row("2027-03-09", "19:00 – 21:00", "Assemblée du conseil coopératif")]);
    assert_eq!(entry(&offline, "2027-03-09", "Assemblée du conseil coopératif")["pending"], true);

    phone.sync();
    let (status, stored, _) = server.get(&format!("{CAL}ag.ics"));
    assert_eq!(status, 200);
    assert!(stored.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T190000"), "{stored}");
    assert!(stored.contains("EXDATE;TZID=Europe/Brussels:20270406T190000"), "{stored}");
    assert!(
        stored.contains("X-NUBO-ROOM-BOOKING;X-STATUS=confirmed:salle-horta"),
        "unknown properties survive: {stored}"
    );
    assert_eq!(
        other_client_sees(&stored),
        vec!["2027-03-09 19:00 Assemblée du conseil coopératif", "2027-05-11 19:30 Assemblée générale annuelle",]
    );
    // Another device of the member's sees the same.
    let tablet = signed_in(&server);
    let seen = agenda(&tablet, &["--from", "2027-03-01", "--to", "2027-05-31"]);
    let ga_rows: Vec<_> =
        rows(&seen).into_iter().filter(|r| r.2.starts_with("Assemblée")).map(|r| (r.0, r.2)).collect();
    assert_eq!(
        ga_rows,
        vec![
            ("2027-03-09".to_string(), "Assemblée du conseil coopératif".to_string()),
            ("2027-05-11".to_string(), "Assemblée générale annuelle".to_string()),
        ]
    );
}

#[test]
fn a_new_event_and_an_edited_one_are_pushed_with_everything_else_kept() {
    let server = server_with_agenda();
    let phone = signed_in(&server);
    let added = phone.json(&[
        "event",
        "add",
        "--calendar",
        "Agenda Nubo",
        "--summary",
        "Café des coopérateurs",
        "--start",
        "2027-03-13T10:00",
        "--end",
        "2027-03-13T11:30",
        "--location",
        "Mundo-B",
    ]);
    assert!(added["error"].is_null(), "{added:#}");
    // The new event opens: its number is there to edit it next.
    assert_eq!(added["event"]["fields"]["summary"], "Café des coopérateurs");
    let printed = phone.run(&["event", "add", "--summary", "Permanence bis", "--start", "2027-03-20T10:00"]);
    assert!(printed.ok, "{}", printed.stderr);
    let new_id: i64 =
        printed.stdout.lines().next().unwrap_or_default().trim().parse().expect("the new event's number first");
    assert!(phone.run(&["event", "rm", &new_id.to_string()]).ok);
    let day = agenda(&phone, &["--day", "--from", "2027-03-27"]);
    let id = entry(&day, "2027-03-27", "Maintenance des serveurs (Nextcloud indisponible)")["event_id"]
        .as_i64()
        .unwrap()
        .to_string();
    phone.json(&["event", "edit", &id, "--summary", "Maintenance (prolongée)", "--end", "2027-03-28T06:00"]);
    let synced = phone.sync();
    assert!(synced["sync"]["status"].as_str().unwrap().contains("2 sent"), "{synced:#}");

    let hrefs = server.list_hrefs(CAL);
    assert_eq!(hrefs.len(), 5, "{hrefs:?}");
    let (_, maintenance, _) = server.get(&format!("{CAL}maintenance.ics"));
    assert!(maintenance.contains("SUMMARY:Maintenance (prolongée)"), "{maintenance}");
    assert!(maintenance.contains("DTEND;TZID=Europe/Brussels:20270328T060000"), "{maintenance}");
    assert!(maintenance.contains("SEQUENCE:1"), "{maintenance}");
    assert!(
        maintenance.contains("TZID:Europe/Brussels") && maintenance.contains("TZNAME:CEST"),
        "the VTIMEZONE stays: {maintenance}"
    );
    let new_href = hrefs
        .iter()
        .find(|h| !["ag.ics", "maintenance.ics", "fete.ics", "montreal.ics"].iter().any(|n| h.ends_with(n)))
        .unwrap();
    let (_, created, _) = server.get(new_href);
    // Written in the member's zone, with its VTIMEZONE from the tz database.
    assert!(
        created.contains("SUMMARY:Café des coopérateurs")
            && created.contains("DTSTART;TZID=Europe/Brussels:20270313T100000")
            && created.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels"),
        "{created}"
    );
    // Another client makes it weekly: every Saturday at 10:00, before and
    // after Brussels moves to summer time (28 March), for an independent
    // reader and for the app.
    let weekly = created.replacen("END:VEVENT", "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT", 1);
    server.put(new_href, "text/calendar", &weekly);
    let saturdays: Vec<String> =
        ["13", "20", "27"].iter().map(|d| format!("2027-03-{d} 10:00 Café des coopérateurs")).collect();
    let expected = [saturdays, vec!["2027-04-03 10:00 Café des coopérateurs".to_string()]].concat();
    assert_eq!(other_client_sees(&weekly), expected);
    phone.sync();
    let spring = agenda(&phone, &["--from", "2027-03-13", "--to", "2027-04-03"]);
    let cafe: Vec<_> = rows(&spring).into_iter().filter(|r| r.2 == "Café des coopérateurs").collect();
    assert_eq!(cafe.len(), 4, "{cafe:?}");
    assert!(cafe.iter().all(|r| r.1 == "10:00 – 11:30"), "{cafe:?}");
    // Nothing left to send, and the next sync changes nothing.
    let again = phone.sync();
    assert!(again["sync"]["status"].as_str().unwrap().contains("Everything is up to date."), "{again:#}");
}

#[test]
fn an_event_changed_on_both_sides_keeps_both_versions() {
    let server = server_with_agenda();
    let phone = signed_in(&server);
    let day = agenda(&phone, &["--day", "--from", "2027-03-27"]);
    let id = entry(&day, "2027-03-27", "Maintenance des serveurs (Nextcloud indisponible)")["event_id"]
        .as_i64()
        .unwrap()
        .to_string();
    phone.json(&["event", "edit", &id, "--summary", "Maintenance (version du membre)"]);
    server.put(
        &format!("{CAL}maintenance.ics"),
        "text/calendar",
        &MAINTENANCE.replace("(Nextcloud indisponible)", "(version du serveur)"),
    );
    phone.sync();
    let conflicts = phone.json(&["conflicts", "list"]);
    let listed = conflicts["conflicts"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{conflicts:#}");
    assert!(listed[0]["message"].as_str().unwrap().contains("Maintenance (version du membre)"));
    // The agenda shows the server's; the member's waits for a choice.
    let day = agenda(&phone, &["--day", "--from", "2027-03-27"]);
    assert_eq!(rows(&day)[0].2, "Maintenance des serveurs (version du serveur)");
    let conflict = listed[0]["id"].as_i64().unwrap().to_string();
    phone.json(&["conflicts", "resolve", &conflict, "both"]);
    phone.sync();
    assert_eq!(server.list_hrefs(CAL).len(), 5, "the member's version became its own event");
    let day = agenda(&phone, &["--day", "--from", "2027-03-27"]);
    let mut titles: Vec<String> = rows(&day).into_iter().map(|r| r.2).collect();
    titles.sort();
    assert_eq!(titles, vec!["Maintenance (version du membre)", "Maintenance des serveurs (version du serveur)"]);
}

#[test]
fn pathological_rules_are_bounded_and_lose_nothing() {
    let server = server_with_agenda();
    let ev = |uid: &str, rule: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{uid}\r\nDTSTART:20200101T000000Z\r\nDURATION:PT1S\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    };
    server.put(&format!("{CAL}secondly.ics"), "text/calendar", &ev("secondly", "FREQ=SECONDLY"));
    server.put(&format!("{CAL}many.ics"), "text/calendar", &ev("many", "FREQ=MINUTELY;COUNT=10000"));
    let phone = signed_in(&server);
    let march = agenda(&phone, &["--month", "--from", "2027-03-01"]);
    assert_eq!(rows(&march).len(), 6, "the other events are all there: {march:#}");
    assert!(march["agenda"]["note"].as_str().unwrap().contains("unreadable"), "{march:#}");
    // The 10,000-minute series is shown bounded in its own week.
    let first = agenda(&phone, &["--day", "--from", "2020-01-01"]);
    let many = rows(&first).into_iter().filter(|r| r.2 == "many").count();
    assert!(many > 1000 && many <= 5000, "{many}");
    // Nothing was dropped: both are still on the device for a later version.
    let second = phone.sync();
    assert!(second["error"].is_null());
}
