//! The recurrence corpus: every case's occurrences must equal what an
//! independent implementation computed (Python's recurring-ical-events,
//! see scripts/corpus/make_recurrence_corpus.py), in Europe/Brussels.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::Value;
use shared::agenda::ical::parse_resource;
use shared::agenda::recurrence::{expand, Span};

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn render(span: &Span) -> (String, String) {
    match span {
        Span::Dates(a, b) => (a.to_string(), b.to_string()),
        Span::Times(a, b) => (
            a.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            b.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ),
    }
}

/// Where the reference disagrees with RFC 5545 itself, the RFC wins: an
/// exact DURATION keeps its length across a DST gap (§3.3.6), so an hour
/// that starts at the gap ends an hour later; the reference adds it on the
/// wall clock. Only the end of that one occurrence is affected. The same
/// for `PT24H` across the spring change: 24 exact hours, not the next day's
/// 10:00 (which `P1D`, a nominal day, rightly gives).
const RFC_OVER_REFERENCE: &[(&str, &str, &str)] = &[
    ("dst-spring-weekly-0230-nonexistent", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"),
    ("duration-pt24h-stays-24-hours", "2026-03-28T09:00:00Z", "2026-03-29T09:00:00Z"),
];

#[test]
fn every_corpus_case_matches_the_independent_expansion() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recurrence");
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ics"))
        .collect();
    names.sort();
    for ics_path in names {
        let name = ics_path.file_stem().unwrap().to_string_lossy().to_string();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap()).unwrap();
        let from = instant(expected["window"][0].as_str().unwrap());
        let to = instant(expected["window"][1].as_str().unwrap());
        let ics = std::fs::read_to_string(&ics_path).unwrap();
        // The summary too: a THISANDFUTURE override renames later instances.
        let mut got: Vec<(String, String, String)> = Vec::new();
        let all = match parse_resource(&ics, viewer) {
            Ok(all) => all,
            Err(e) => {
                failures.push(format!("{name}: not read: {e}"));
                continue;
            }
        };
        for series in all {
            match expand(&series, from, to, viewer) {
                Ok(expansion) if expansion.truncated => failures.push(format!("{name}: truncated")),
                Ok(expansion) => got.extend(expansion.occurrences.iter().map(|o| {
                    let (start, end) = render(&o.span);
                    (start, end, o.summary.clone())
                })),
                Err(e) => failures.push(format!("{name}: not expanded: {e}")),
            }
        }
        got.sort();
        let mut want: Vec<(String, String, String)> = expected["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let text = |k: &str| o[k].as_str().unwrap().to_string();
                (text("start"), text("end"), text("summary"))
            })
            .map(|(s, e, summary)| match RFC_OVER_REFERENCE.iter().find(|(n, start, _)| *n == name && *start == s) {
                Some((_, _, rfc_end)) => (s, rfc_end.to_string(), summary),
                None => (s, e, summary),
            })
            .collect();
        want.sort();
        if got != want {
            let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).take(4).collect();
            let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).take(4).collect();
            failures.push(format!(
                "{name}: {} vs {} expected; missing {missing:?}; extra {extra:?}",
                got.len(),
                want.len()
            ));
        }
        cases += 1;
    }
    assert!(cases >= 60, "only {cases} cases");
    assert!(failures.is_empty(), "{} of {cases} cases differ:\n{}", failures.len(), failures.join("\n"));
}

fn one_event(lines: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n")
}

#[test]
fn hostile_or_broken_calendars_end_in_an_error_or_a_bounded_result() {
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let year = (instant("2026-01-01T00:00:00Z"), instant("2027-01-01T00:00:00Z"));

    assert!(parse_resource("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", viewer).is_err(), "truncated");
    assert!(parse_resource("hello", viewer).is_err());
    assert!(parse_resource(&one_event("SUMMARY:no start\r\n"), viewer).is_err(), "missing DTSTART");
    assert!(parse_resource(&one_event("DTSTART:2026-13-45\r\n"), viewer).is_err(), "bad date");

    // An unknown zone is read in the member's zone, and said.
    let series =
        parse_resource(&one_event("DTSTART;TZID=Mars/Olympus:20260601T100000\r\nDURATION:PT1H\r\n"), viewer).unwrap();
    let master = series[0].master.as_ref().unwrap();
    assert_eq!(master.unknown_zone.as_deref(), Some("Mars/Olympus"));
    let e = expand(&series[0], year.0, year.1, viewer).unwrap();
    assert_eq!(render(&e.occurrences[0].span).0, "2026-06-01T08:00:00Z");

    // Vendor-prefixed zone names resolve.
    let series = parse_resource(
        &one_event(
            "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Brussels:20260601T100000\r\nRRULE:FREQ=DAILY;COUNT=2\r\n",
        ),
        viewer,
    )
    .unwrap();
    assert_eq!(expand(&series[0], year.0, year.1, viewer).unwrap().occurrences.len(), 2);

    // A huge COUNT and an endless FREQ=SECONDLY stay bounded.
    let series =
        parse_resource(&one_event("DTSTART:20260101T000000Z\r\nRRULE:FREQ=MINUTELY;COUNT=1000000\r\n"), viewer)
            .unwrap();
    // Half a year of minutes: under the step limit, over the occurrence bound.
    let half_year = (year.0, year.0 + chrono::Duration::days(180));
    let e = expand(&series[0], half_year.0, half_year.1, viewer).unwrap();
    assert_eq!(e.occurrences.len(), usize::from(shared::agenda::recurrence::MAX_PER_SERIES));
    assert!(e.truncated);
    let series = parse_resource(&one_event("DTSTART:20200101T000000Z\r\nRRULE:FREQ=SECONDLY\r\n"), viewer).unwrap();
    let refused = expand(&series[0], year.0, year.1, viewer).unwrap_err();
    assert!(refused.to_string().starts_with("recurrence too frequent"), "{refused}");
    // A rule the library refuses is a clear error, not a panic.
    let series = parse_resource(&one_event("DTSTART:20260101T000000Z\r\nRRULE:FREQ=FORTNIGHTLY\r\n"), viewer).unwrap();
    assert!(expand(&series[0], year.0, year.1, viewer).is_err());
}

#[test]
fn alarms_stay_with_their_event_but_are_not_its_properties() {
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let ics = one_event("DTSTART;TZID=Europe/Brussels:20260601T100000\r\nSUMMARY:AG\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nSUMMARY:Rappel\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nX-NUBO-UNKNOWN;FOO=bar:kept\r\n");
    let series = parse_resource(&ics, viewer).unwrap();
    let event = series[0].master.as_ref().unwrap();
    assert_eq!(event.summary, "AG", "the alarm's SUMMARY is not the event's");
    let raw: Vec<&str> = event.lines.iter().map(|l| l.raw.as_str()).collect();
    assert!(raw.contains(&"TRIGGER:-PT15M"));
    assert!(raw.contains(&"X-NUBO-UNKNOWN;FOO=bar:kept"));
}

#[test]
fn a_component_nested_in_an_alarm_does_not_end_it() {
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let ics = one_event("DTSTART;TZID=Europe/Brussels:20260601T100000\r\nSUMMARY:AG\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nBEGIN:X-PROXIMITY\r\nX-RADIUS:100\r\nEND:X-PROXIMITY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n");
    let series = parse_resource(&ics, viewer).unwrap();
    assert_eq!(series[0].master.as_ref().unwrap().alarms.len(), 1, "the alarm and its trigger are read");
}
