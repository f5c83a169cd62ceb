//! The bounds that keep a hostile or careless series from costing a phone
//! its battery: at most `MAX_PER_SERIES` occurrences, said as truncated.

use chrono::{DateTime, Utc};
use shared::agenda::ical::parse_resource;
use shared::agenda::recurrence::{expand, MAX_PER_SERIES};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn an_endless_series_stops_at_the_bound_and_says_so() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:every-hour\r\nSUMMARY:Ping\r\nDTSTART:20270101T000000Z\r\nDURATION:PT5M\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let series = parse_resource(ics, chrono_tz::Europe::Brussels).unwrap().remove(0);
    // A year holds 8,760 hours: more than the bound.
    let all =
        expand(&series, utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"), chrono_tz::Europe::Brussels).unwrap();
    assert_eq!(MAX_PER_SERIES, 5_000);
    assert_eq!(all.occurrences.len(), usize::from(MAX_PER_SERIES));
    assert!(all.truncated);
    // Under the bound: every occurrence, not truncated.
    let month =
        expand(&series, utc("2027-01-01T00:00:00Z"), utc("2027-02-01T00:00:00Z"), chrono_tz::Europe::Brussels).unwrap();
    assert_eq!(month.occurrences.len(), 31 * 24);
    assert!(!month.truncated);
}

#[test]
fn a_rule_with_characters_outside_ascii_is_an_error_not_a_panic() {
    // Found by fuzzing: the rrule crate sliced "1TU€" inside the euro sign.
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:euro\r\nSUMMARY:AG\r\nDTSTART:20270104T180000Z\r\nDURATION:PT2H\r\nRRULE:FREQ=MONTHLY;COUNT=3;BYDAY=1TU€\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let series = parse_resource(ics, chrono_tz::Europe::Brussels).unwrap().remove(0);
    let expanded = std::panic::catch_unwind(|| {
        expand(&series, utc("2027-01-01T00:00:00Z"), utc("2027-12-31T00:00:00Z"), chrono_tz::Europe::Brussels)
    })
    .expect("no panic");
    assert!(expanded.is_err());
    // Nor at pull time, where the index expands bounded rules.
    assert!(std::panic::catch_unwind(|| shared::agenda::index::event_index(ics)).is_ok());
}
