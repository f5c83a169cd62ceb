//! Inputs the fuzzer found that crash or stall the core, kept as tests.
//! Each input is in `fuzz/regressions/<target>/`; each test is ignored
//! until the owner of the code fixes it: remove the `ignore` in the commit
//! that fixes it. Run them all with
//! `cargo test -p nubo-fuzz --test regressions -- --include-ignored`.
//!
//! All of these come from the server's side (an event on a CalDAV server
//! any client, or a hostile server, can write), so each one stops a sync or
//! the agenda for the member who has that event.

use std::path::Path;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;

use nubo_fuzz::driver::{install_panic_hook, run_one};
use nubo_fuzz::targets::by_name;
use shared::agenda::ical::parse_resource;
use shared::agenda::recurrence::{expand, RecurrenceError};

fn input(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The input runs through the target without a panic.
fn runs_clean(target: &str, name: &str) {
    install_panic_hook();
    let target = by_name(target).unwrap();
    if let Err(p) = run_one(target, &input(name)) {
        panic!("{name} still panics in {}: {} at {}", target.name, p.message, p.signature());
    }
}

/// `DURATION:PT9223372036854775807H`: `parse_duration` multiplies the
/// number by the unit unchecked (overflow panic with overflow checks on,
/// as in tests; a wrong duration without them).
#[test]
fn ical_duration_multiply_overflow() {
    runs_clean("ical", "ical/duration-multiply-overflow.ics");
}

/// `DURATION:P99999999999999D`: no overflow in the multiplication, but
/// `Duration::seconds` panics out of its range, in every build.
#[test]
fn ical_duration_out_of_range() {
    runs_clean("ical", "ical/duration-out-of-range.ics");
}

/// `DTSTART:99991231T000000Z` + `DURATION:P99999999D`: the end is past
/// chrono's last date and `start + duration` panics in `read_event`.
#[test]
fn ical_end_past_the_last_date() {
    runs_clean("ical", "ical/end-past-year-9999.ics");
}

/// `RRULE:FREQ=MONTHLY;BYDAY=1TU€`: the rrule crate (0.14.0,
/// src/core/rrule.rs:162) slices the BYDAY value at a byte that is not a
/// character boundary and panics; `recurrence::expand` hands it the rule
/// as received, so opening the agenda panics.
#[test]
fn recurrence_rule_with_a_non_ascii_weekday() {
    runs_clean("recurrence", "recurrence/rrule-non-ascii-byday.ics");
}

/// The same rule with a COUNT, as it arrives in a sync: `event_index`
/// expands bounded rules to index their span, so the pull itself panics,
/// every sync, for as long as the event is on the server.
#[test]
fn a_non_ascii_weekday_does_not_stop_the_pull() {
    runs_clean("ical", "ical/rrule-non-ascii-byday-at-pull.ics");
    let text = String::from_utf8(input("ical/rrule-non-ascii-byday-at-pull.ics")).unwrap();
    let indexed = std::panic::catch_unwind(|| shared::agenda::index::event_index(&text).is_ok());
    assert!(indexed.is_ok(), "event_index panics");
}

/// `RRULE:FREQ=DAILY;INTERVAL=144115188075855872;COUNT=3`: the step
/// guard's `unit * interval` (agenda/recurrence.rs) overflowed; without overflow checks 86,400 × 2^57 wraps to 0 and the
/// division by it panics in a release build too. Reached at pull time
/// (`event_index`) and in the agenda.
#[test]
fn a_huge_interval_does_not_overflow_the_step_guard() {
    runs_clean("ical", "ical/rrule-interval-overflow.ics");
    runs_clean("recurrence", "ical/rrule-interval-overflow.ics");
}

fn series_of(name: &str) -> shared::agenda::ical::Series {
    let text = String::from_utf8(input(name)).unwrap();
    parse_resource(&text, Tz::Europe__Brussels).unwrap().remove(0)
}

/// The control for the test below: one SECONDLY rule from January 2026,
/// asked for March 2026 (5 million steps away), is refused as too frequent
/// instead of walked.
#[test]
fn a_secondly_rule_from_years_ago_is_refused() {
    let text = String::from_utf8(input("recurrence/second-rrule-skips-step-guard.ics"))
        .unwrap()
        .replace("RRULE:FREQ=DAILY;COUNT=3\r\n", "");
    let series = parse_resource(&text, Tz::Europe__Brussels).unwrap().remove(0);
    let (from, to) =
        (Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap());
    assert!(matches!(expand(&series, from, to, Tz::Europe__Brussels), Err(RecurrenceError::TooFrequent(_))));
}

/// The same SECONDLY rule after a harmless first RRULE: `steps_until`
/// read only the first RRULE, so the guard let the set through and rrule
/// walked every second from DTSTART to the window; now every rule counts. Two months cost seconds
/// here; from a DTSTART in 2020 the same test ran 521 s in a debug build,
/// and the fuzzer's optimised build spent more than 10 s on one event.
/// (Also found: 201 copies of one every-20-minutes RRULE, each walked.)
#[test]
fn a_second_rrule_is_held_to_the_step_limit_too() {
    let series = series_of("recurrence/second-rrule-skips-step-guard.ics");
    let (from, to) =
        (Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap());
    let result = expand(&series, from, to, Tz::Europe__Brussels);
    assert!(matches!(result, Err(RecurrenceError::TooFrequent(_))), "{result:?}");
}

/// A MINUTELY rule from 1997 beside a counted monthly one, asked for a
/// window just under the old limit of two million steps: expanding it and
/// looking for its reminders walked about four million steps from 1997,
/// over 10 s on one input in the fuzzer's debug build (a second or more per
/// series on a phone). Each rule is now walked on its own, the minutely one
/// from near the window: a month costs a month of minutes, cut at the most
/// a series shows; two years of minutes are refused, not walked.
#[test]
fn a_minutely_rule_costs_the_window_not_its_age() {
    let text = String::from_utf8(input("recurrence/minutely-under-the-old-step-limit.ics")).unwrap();
    let series = parse_resource(&text, Tz::Europe__Brussels).unwrap().remove(0);
    let from = Utc.with_ymd_and_hms(2008, 12, 1, 0, 0, 0).unwrap();
    let month =
        expand(&series, from, Utc.with_ymd_and_hms(2009, 1, 1, 0, 0, 0).unwrap(), Tz::Europe__Brussels).unwrap();
    // Cut at the most a series yields (counted from a day before the window).
    assert!(month.truncated);
    let shown = month.occurrences.len();
    assert!(shown > 3_000 && shown <= usize::from(shared::agenda::recurrence::MAX_PER_SERIES), "{shown}");
    // The first shown lasts into the window: it began 59 minutes before it.
    let first = month.occurrences[0].start(Tz::Europe__Brussels).with_timezone(&Utc);
    assert_eq!(first, from - chrono::Duration::minutes(59));
    let years = expand(&series, from, Utc.with_ymd_and_hms(2011, 1, 1, 0, 0, 0).unwrap(), Tz::Europe__Brussels);
    assert!(matches!(years, Err(RecurrenceError::TooFrequent(_))), "{years:?}");
    runs_clean("recurrence", "recurrence/minutely-under-the-old-step-limit.ics");
}

/// One VEVENT carrying the same monthly RRULE 185 times, from 1997: each
/// copy was walked from DTSTART, 7 s for one event in a debug build.
/// Repeated lines now count once (they add nothing to the set), so it
/// expands as the single rule does; and more than `MAX_RULES` distinct
/// rules are refused rather than walked.
#[test]
fn a_rule_repeated_185_times_costs_what_one_rule_costs() {
    let repeated = series_of("recurrence/185-copies-of-one-monthly-rule.ics");
    let (from, to) =
        (Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap());
    let started = std::time::Instant::now();
    let dates = expand(&repeated, from, to, Tz::Europe__Brussels).unwrap().occurrences.len();
    // Third-to-last day of January and of February.
    assert_eq!(dates, 2);
    // Not a timing test: the work is bounded by the distinct rules; this only
    // keeps a regression to walking every copy from being slow unnoticed.
    println!("185 copies expanded in {:?}", started.elapsed());

    let text = String::from_utf8(input("recurrence/185-copies-of-one-monthly-rule.ics")).unwrap();
    let mut day = 0;
    let distinct = text
        .lines()
        .map(|line| {
            if line.starts_with("RRULE:") {
                day += 1;
                format!("RRULE:FREQ=MONTHLY;BYMONTHDAY=-{day}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let series = parse_resource(&distinct, Tz::Europe__Brussels).unwrap().remove(0);
    let result = expand(&series, from, to, Tz::Europe__Brussels);
    assert!(matches!(result, Err(RecurrenceError::TooManyRules(n)) if n > 8), "{result:?}");
}

/// A title whose leading dot came after a blank other than a space (an em
/// space): `safe_title` trimmed spaces, dots and `#` once, then other
/// blanks, so a dot was left first and the file would be hidden.
#[test]
fn note_title_dot_after_a_wide_blank() {
    runs_clean("note_paths", "note_paths/dot-after-a-wide-blank.txt");
}

/// A VTIMEZONE whose DAYLIGHT has `RRULE:FREQ=MINUTELY` from 1970, under a
/// TZID no table knows: matching it to a zone walked the rule minute by
/// minute (a hang). Only yearly rules are walked now.
#[test]
fn a_vtimezone_with_a_minutely_rule_is_not_walked() {
    let started = std::time::Instant::now();
    runs_clean("ical", "ical/vtimezone-minutely-rule.ics");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

/// A VTIMEZONE whose RRULE ends in a line separator (U+2028) after
/// `BYDAY=-1SU`: the rrule crate sliced it by byte and panicked while the
/// zone's offsets were computed. Rules outside ASCII are not walked now.
#[test]
fn a_vtimezone_rule_outside_ascii_does_not_panic() {
    runs_clean("ical", "ical/vtimezone-rule-non-ascii.ics");
}
