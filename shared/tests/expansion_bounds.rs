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

// What one view holds over every event: MAX_PER_VIEW.

use chrono_tz::Tz;
use shared::agenda::view::{assemble, build, MAX_PER_VIEW};
use shared::effects::store::{ExpandFor, ItemRecord, OccurrencePage, OccurrenceRow, StoredOccurrence, ToExpand};

const BRUSSELS: Tz = chrono_tz::Europe::Brussels;

fn event(id: i64, rule: &str) -> ItemRecord {
    ItemRecord {
        id,
        collection: "https://dav.test/alice/agenda/".into(),
        href: Some(format!("https://dav.test/alice/agenda/{id}.ics")),
        etag: None,
        uid: format!("e{id}"),
        data: format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e{id}\r\nSUMMARY:Sonde {id}\r\nDTSTART:20270101T000000Z\r\n\
DURATION:PT1M\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
        pending: false,
    }
}

fn ms(s: &str) -> i64 {
    utc(s).timestamp_millis()
}

#[test]
fn endless_series_by_the_dozen_fill_one_view_up_to_the_bound_and_it_says_so() {
    // 21 series, each at its own bound of 5,000 in January: 105,000.
    let items: Vec<ItemRecord> = (1..=21).map(|id| event(id, "FREQ=MINUTELY;INTERVAL=5")).collect();
    let agenda = build(&items, utc("2027-01-01T00:00:00Z"), utc("2027-02-01T00:00:00Z"), BRUSSELS);
    assert_eq!(MAX_PER_VIEW, 100_000);
    assert_eq!(agenda.occurrences.len(), MAX_PER_VIEW);
    assert!(agenda.truncated);
}

#[test]
fn kept_rows_beyond_the_bound_are_not_shown_and_it_says_so() {
    let row = |n: i64| OccurrenceRow {
        occurrence: StoredOccurrence {
            item_id: 1 + n % 7,
            start: ms("2027-01-01T00:00:00Z") + n * 1_000,
            end: ms("2027-01-01T00:00:00Z") + n * 1_000 + 60_000,
            days: None,
            summary: "Sonde".into(),
            location: String::new(),
            occurrence: None,
            recurring: true,
            zone: None,
        },
        calendar: "https://dav.test/alice/agenda/".into(),
        pending: false,
    };
    let (from, to) = (utc("2027-01-01T00:00:00Z"), utc("2027-02-01T00:00:00Z"));
    let page = |rows: i64| OccurrencePage {
        rows: (0..rows).map(row).collect(),
        expand: Vec::new(),
        window: (from.timestamp_millis(), to.timestamp_millis()),
        pending_events: 0,
    };
    let (agenda, _) = assemble(page(MAX_PER_VIEW as i64 + 1), from, to, BRUSSELS);
    assert_eq!(agenda.occurrences.len(), MAX_PER_VIEW);
    assert!(agenda.truncated);
    let (agenda, _) = assemble(page(MAX_PER_VIEW as i64), from, to, BRUSSELS);
    assert_eq!(agenda.occurrences.len(), MAX_PER_VIEW);
    assert!(!agenda.truncated, "all of them shown");
}

#[test]
fn a_window_keeps_at_most_one_view_of_occurrences_and_the_rest_is_expanded_for_the_view() {
    // 30 hourly series over a window of 150 days (3,600 hours each, under
    // the series bound): 108,000 to keep, more than a view holds.
    let items: Vec<ItemRecord> = (1..=30).map(|id| event(id, "FREQ=HOURLY")).collect();
    let window = (ms("2027-01-01T00:00:00Z"), ms("2027-05-31T00:00:00Z"));
    let page = OccurrencePage {
        rows: Vec::new(),
        expand: items
            .iter()
            .map(|item| ToExpand { item: item.clone(), expand_for: ExpandFor::Window { generation: 1, kept: None } })
            .collect(),
        window,
        pending_events: 0,
    };
    let (from, to) = (utc("2027-03-01T00:00:00Z"), utc("2027-03-08T00:00:00Z"));
    let (agenda, keep) = assemble(page, from, to, BRUSSELS);
    let kept: usize = keep.items.iter().map(|i| i.occurrences.as_ref().map_or(0, Vec::len)).sum();
    assert!(kept <= MAX_PER_VIEW, "{kept} kept");
    assert!(keep.items.len() < items.len(), "some left to expand: {} kept", keep.items.len());
    assert!(keep.items.iter().all(|i| i.occurrences.is_some()), "none turned view-only for good");
    // The member's week is whole all the same: every event, every hour.
    assert_eq!(agenda, build(&items, from, to, BRUSSELS));
    assert_eq!(agenda.occurrences.len(), 30 * 7 * 24);
    assert!(!agenda.truncated);
}
