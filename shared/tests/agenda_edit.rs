//! Offline edits of events, read back through the parser and the
//! expander: what every other client will compute from the same bytes.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use shared::agenda::edit::{
    cancel_occurrence, edit, new_event, occurrence_key, parse_occurrence_key, EventFields, Target,
};
use shared::agenda::ical::{parse_resource, When};
use shared::agenda::recurrence::{expand, Span};

const BRUSSELS: Tz = chrono_tz::Europe::Brussels;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-11-24T10:00:00Z")
}

/// Monthly general assembly, first Tuesday 19:00 Brussels, with an
/// unknown property, a VTIMEZONE and an alarm the app must keep.
const SERIES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nextcloud//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:ga@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:2\r\nSUMMARY:Assemblée générale\r\n\
DTSTART;TZID=Europe/Brussels:20270105T190000\r\nDTEND;TZID=Europe/Brussels:20270105T210000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6\r\nX-NUBO-ROOM-BOOKING:salle-2;confirmed\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

fn starts(text: &str) -> Vec<String> {
    let series = parse_resource(text, BRUSSELS).unwrap();
    let e = expand(&series[0], at("2026-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"), BRUSSELS).unwrap();
    e.occurrences
        .iter()
        .map(|o| match &o.span {
            Span::Times(s, _) => format!("{} {}", s.format("%Y-%m-%d %H:%M"), o.summary),
            Span::Dates(a, _) => format!("{a} {}", o.summary),
        })
        .collect()
}

fn fields(summary: &str, start: &str, end: &str) -> EventFields {
    EventFields { summary: summary.into(), start: start.into(), end: end.into(), ..Default::default() }
}

fn line_count(text: &str, prefix: &str) -> usize {
    text.split("\r\n").filter(|l| l.starts_with(prefix)).count()
}

#[test]
fn a_new_event_is_valid_icalendar_at_the_time_the_member_typed() {
    let text = new_event(
        "new-1",
        &EventFields {
            location: "Rue Royale 1, Bruxelles".into(),
            ..fields("Café des coopérateurs", "2027-03-28T10:00", "2027-03-28T11:30")
        },
        BRUSSELS,
        now(),
    )
    .unwrap();
    let series = parse_resource(&text, BRUSSELS).unwrap();
    let e = series[0].master.as_ref().unwrap();
    assert_eq!(
        (e.uid.as_str(), e.summary.as_str(), e.location.as_str()),
        ("new-1", "Café des coopérateurs", "Rue Royale 1, Bruxelles")
    );
    // 28 March 2027 is the day Brussels moves to summer time: 10:00 is UTC+2.
    assert_eq!(e.start.instant(BRUSSELS).with_timezone(&Utc), at("2027-03-28T08:00:00Z"));
    assert_eq!(e.end.instant(BRUSSELS).with_timezone(&Utc), at("2027-03-28T09:30:00Z"));
    assert!(text.contains("DTSTAMP:20261124T100000Z\r\n") && text.contains("SEQUENCE:0\r\n"));
    assert!(text.contains("\r\nLOCATION:Rue Royale 1\\, Bruxelles\r\n"), "text values are escaped: {text}");
    // In the member's zone, named, with its VTIMEZONE before the event.
    assert!(text.contains("DTSTART;TZID=Europe/Brussels:20270328T100000\r\n"), "{text}");
    assert!(text.contains("DTEND;TZID=Europe/Brussels:20270328T113000\r\n"), "{text}");
    let vtimezone = text.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n").expect("a VTIMEZONE");
    assert!(vtimezone < text.find("BEGIN:VEVENT").unwrap());
    assert!(text.contains("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"), "its summer time rule: {text}");
    assert_eq!(text.matches("DTSTART;TZID=").count(), 1, "the placeholder is gone: {text}");
}

#[test]
fn a_member_in_utc_writes_utc_and_an_all_day_event_needs_no_zone() {
    let utc = new_event("u", &fields("Appel", "2027-03-28T10:00", "2027-03-28T11:00"), chrono_tz::UTC, now()).unwrap();
    assert!(utc.contains("DTSTART:20270328T100000Z\r\n") && !utc.contains("VTIMEZONE"), "{utc}");
    let day = new_event("d", &fields("Fête", "2027-06-19", ""), BRUSSELS, now()).unwrap();
    assert!(!day.contains("TZID") && !day.contains("VTIMEZONE"), "{day}");
}

#[test]
fn an_all_day_event_ends_the_day_after_its_last_day() {
    let text =
        new_event("fete", &fields("Fête de la coopérative", "2027-06-19", "2027-06-20"), BRUSSELS, now()).unwrap();
    assert!(
        text.contains("DTSTART;VALUE=DATE:20270619\r\n") && text.contains("DTEND;VALUE=DATE:20270621\r\n"),
        "{text}"
    );
    assert_eq!(starts(&text), vec!["2027-06-19 Fête de la coopérative"]);
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    assert!(new_event("x", &fields("", "2027-01-01T10:00", ""), BRUSSELS, now()).is_err());
    assert!(new_event("x", &fields("A", "demain", ""), BRUSSELS, now()).is_err());
    assert!(new_event("x", &fields("A", "2027-01-01T10:00", "2027-01-01T09:00"), BRUSSELS, now()).is_err());
}

#[test]
fn moving_the_whole_series_keeps_its_zone_rule_alarm_and_unknown_properties() {
    let text = edit(
        SERIES,
        &Target::Series,
        &fields("Assemblée générale", "2027-01-05T20:00", "2027-01-05T22:00"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    assert!(text.contains("DTSTART;TZID=Europe/Brussels:20270105T200000\r\n"), "{text}");
    assert!(text.contains("X-NUBO-ROOM-BOOKING:salle-2;confirmed\r\n"));
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n"));
    assert!(text.contains("TRIGGER:-PT30M\r\n"));
    assert!(text.contains("SEQUENCE:3\r\n") && text.contains("DTSTAMP:20261124T100000Z\r\n"));
    let s = starts(&text);
    assert_eq!(s.len(), 6);
    // Summer time in June: still 20:00 on the wall clock.
    assert_eq!(s[5], "2027-06-01 20:00 Assemblée générale");
}

#[test]
fn one_occurrence_moved_becomes_an_override_in_the_same_resource() {
    let march = When::Zoned(BRUSSELS.with_ymd_and_hms(2027, 3, 2, 19, 0, 0).unwrap());
    let key = occurrence_key(&march);
    assert_eq!(key, "2027-03-02T18:00:00Z");
    let id = parse_occurrence_key(&key).unwrap();
    let text = edit(
        SERIES,
        &Target::Occurrence(id),
        &fields("AG (salle Horta)", "2027-03-04T19:30", "2027-03-04T21:30"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    assert!(text.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T190000\r\n"), "in the series' own form: {text}");
    assert_eq!(line_count(&text, "RRULE"), 1, "the override carries no rule");
    assert_eq!(line_count(&text, "X-NUBO-ROOM-BOOKING"), 2, "the override keeps what the series had");
    assert_eq!(
        starts(&text),
        vec![
            "2027-01-05 19:00 Assemblée générale",
            "2027-02-02 19:00 Assemblée générale",
            "2027-03-04 19:30 AG (salle Horta)",
            "2027-04-06 19:00 Assemblée générale",
            "2027-05-04 19:00 Assemblée générale",
            "2027-06-01 19:00 Assemblée générale",
        ]
    );
    // Editing it again changes the same override, not a second one.
    let again = edit(
        &text,
        &Target::Occurrence(id),
        &fields("AG (salle Horta)", "2027-03-04T19:00", "2027-03-04T21:00"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    assert_eq!(line_count(&again, "RECURRENCE-ID"), 1);
    assert!(again.contains("SEQUENCE:4\r\n"), "two edits above the series' 2: {again}");
    assert_eq!(starts(&again)[2], "2027-03-04 19:00 AG (salle Horta)");
}

#[test]
fn one_occurrence_cancelled_becomes_an_exdate_and_drops_its_override() {
    let march = When::Zoned(BRUSSELS.with_ymd_and_hms(2027, 3, 2, 19, 0, 0).unwrap());
    let moved =
        edit(SERIES, &Target::Occurrence(march), &fields("AG (salle Horta)", "2027-03-04T19:30", ""), BRUSSELS, now())
            .unwrap();
    let text = cancel_occurrence(&moved, &march, BRUSSELS, now()).unwrap();
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20270302T190000\r\n"), "{text}");
    assert_eq!(line_count(&text, "RECURRENCE-ID"), 0);
    let s = starts(&text);
    assert_eq!(s.len(), 5);
    assert!(s.iter().all(|o| !o.starts_with("2027-03")));
}

#[test]
fn an_all_day_series_is_cancelled_by_date() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m\r\nSUMMARY:Maintenance\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let day = parse_occurrence_key("2027-01-08").unwrap();
    let out = cancel_occurrence(text, &day, BRUSSELS, now()).unwrap();
    assert!(out.contains("EXDATE;VALUE=DATE:20270108\r\n"), "{out}");
    assert_eq!(starts(&out), vec!["2027-01-01 Maintenance", "2027-01-15 Maintenance"]);
}

#[test]
fn an_all_day_series_written_loosely_keeps_its_dates_when_cancelled_and_moved() {
    // DTSTART a bare date without VALUE=DATE (some clients write it so),
    // and the alarm before the event's own lines.
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15H\r\nEND:VALARM\r\n\
SUMMARY:Maintenance\r\nDTSTART:20270101\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let day = parse_occurrence_key("2027-01-08").unwrap();
    let cancelled = cancel_occurrence(text, &day, BRUSSELS, now()).unwrap();
    assert!(cancelled.contains("EXDATE;VALUE=DATE:20270108\r\n"), "{cancelled}");
    assert_eq!(starts(&cancelled), vec!["2027-01-01 Maintenance", "2027-01-15 Maintenance"]);
    // The whole series two days later, renamed: the cancelled date moves
    // with it, and the summary after the alarm is the one changed.
    let moved = edit(
        &cancelled,
        &Target::Series,
        &fields("Maintenance (serveurs)", "2027-01-03", "2027-01-03"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    assert!(moved.contains("EXDATE;VALUE=DATE:20270110\r\n"), "{moved}");
    assert_eq!(line_count(&moved, "SUMMARY"), 1, "{moved}");
    assert_eq!(starts(&moved), vec!["2027-01-03 Maintenance (serveurs)", "2027-01-17 Maintenance (serveurs)"]);
}

#[test]
fn moving_a_series_moves_its_cancelled_and_moved_occurrences_with_it() {
    let march = When::Zoned(BRUSSELS.with_ymd_and_hms(2027, 3, 2, 19, 0, 0).unwrap());
    let june = When::Zoned(BRUSSELS.with_ymd_and_hms(2027, 6, 1, 19, 0, 0).unwrap());
    let moved = edit(
        SERIES,
        &Target::Occurrence(march),
        &fields("AG (salle Horta)", "2027-03-04T19:30", "2027-03-04T21:30"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    let cancelled = cancel_occurrence(&moved, &june, BRUSSELS, now()).unwrap();
    // The whole series one hour later, from January (winter) into summer time.
    let text = edit(
        &cancelled,
        &Target::Series,
        &fields("Assemblée générale", "2027-01-05T20:00", "2027-01-05T22:00"),
        BRUSSELS,
        now(),
    )
    .unwrap();
    assert!(text.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T200000\r\n"), "{text}");
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20270601T200000\r\n"), "{text}");
    assert_eq!(
        starts(&text),
        vec![
            "2027-01-05 20:00 Assemblée générale",
            "2027-02-02 20:00 Assemblée générale",
            "2027-03-04 19:30 AG (salle Horta)",
            "2027-04-06 20:00 Assemblée générale",
            "2027-05-04 20:00 Assemblée générale",
        ],
        "the override still replaces its occurrence and June stays cancelled"
    );
}

// ------------------------------------------------------------ this and following

use shared::agenda::edit::{edit_and_following, Split};

/// Weekly on Mondays at 10:00 in Brussels from 4 January 2027, with a
/// cancelled and a moved Monday before 1 February and after it.
const WEEKLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nextcloud//EN\r\n\
BEGIN:VEVENT\r\nUID:perm@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:3\r\nSUMMARY:Permanence\r\n\
DTSTART;TZID=Europe/Brussels:20270104T100000\r\nDTEND;TZID=Europe/Brussels:20270104T110000\r\n\
RRULE:FREQ=WEEKLY;UNTIL=20270329T220000Z\r\n\
EXDATE;TZID=Europe/Brussels:20270111T100000,20270215T100000\r\nX-NUBO-ROOM-BOOKING:salle-2\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:perm@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:4\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20270118T100000\r\nSUMMARY:Permanence (mardi)\r\n\
DTSTART;TZID=Europe/Brussels:20270119T100000\r\nDTEND;TZID=Europe/Brussels:20270119T110000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:perm@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:4\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20270301T100000\r\nSUMMARY:Permanence (mercredi)\r\n\
DTSTART;TZID=Europe/Brussels:20270303T140000\r\nDTEND;TZID=Europe/Brussels:20270303T150000\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

fn split(text: &str, key: &str, f: &EventFields) -> Split {
    edit_and_following(text, &parse_occurrence_key(key).unwrap(), f, "new-series-1", BRUSSELS, now()).unwrap()
}

#[test]
fn this_and_following_ends_the_series_before_and_starts_a_new_one_there() {
    // From 1 February (09:00 UTC) on: at 11:00, in the other room.
    let f = EventFields {
        location: "Salle 3".into(),
        ..fields("Permanence (nouvel horaire)", "2027-02-01T11:00", "2027-02-01T12:00")
    };
    let Split { old, new } = split(WEEKLY, "2027-02-01T09:00:00Z", &f);
    let new = new.expect("a new series");

    // The old series: up to a second before that Monday, in UTC as RFC
    // 5545 wants beside a TZID; what came after it went with the new one.
    assert!(old.contains("RRULE:FREQ=WEEKLY;UNTIL=20270201T085959Z\r\n"), "{old}");
    assert!(old.contains("EXDATE;TZID=Europe/Brussels:20270111T100000\r\n"), "{old}");
    assert!(old.contains("SEQUENCE:4\r\n") && old.contains("UID:perm@nubo.coop\r\n"));
    assert!(old.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270118T100000"));
    assert!(!old.contains("20270301T100000") && !old.contains("20270215"), "{old}");
    assert!(old.contains("X-NUBO-ROOM-BOOKING:salle-2") && old.contains("TRIGGER:-PT30M"));

    // The new one: its own UID everywhere, from that Monday at 11:00, the
    // same end, later EXDATE and override moved with it; the rest kept.
    assert_eq!(line_count(&new, "UID:new-series-1"), 2, "{new}");
    assert!(!new.contains("perm@nubo.coop"));
    assert!(new.contains("DTSTART;TZID=Europe/Brussels:20270201T110000\r\n"), "{new}");
    assert!(new.contains("RRULE:FREQ=WEEKLY;UNTIL=20270329T220000Z\r\n"));
    assert!(new.contains("EXDATE;TZID=Europe/Brussels:20270215T110000\r\n"), "{new}");
    assert!(new.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270301T110000\r\n"), "{new}");
    assert!(!new.contains("20270118") && !new.contains("20270111"), "{new}");
    assert!(new.contains("SEQUENCE:0\r\n") && new.contains("CREATED:20261124T100000Z\r\n"));
    assert!(new.contains("LOCATION:Salle 3\r\n") && new.contains("X-NUBO-ROOM-BOOKING:salle-2"));
    assert!(new.contains("TRIGGER:-PT30M"));
}

#[test]
fn the_split_pair_gives_the_old_occurrences_before_and_the_changed_ones_after() {
    let f = fields("Permanence (nouvel horaire)", "2027-02-01T11:00", "2027-02-01T12:00");
    let Split { old, new } = split(WEEKLY, "2027-02-01T09:00:00Z", &f);
    let before: Vec<String> = starts(WEEKLY).into_iter().filter(|s| s.as_str() < "2027-02-01").collect();
    assert_eq!(starts(&old), before);
    assert_eq!(
        before,
        ["2027-01-04 10:00 Permanence", "2027-01-19 10:00 Permanence (mardi)", "2027-01-25 10:00 Permanence"]
    );
    // After: an hour later and renamed; the cancelled Monday still
    // cancelled, the Monday moved to a Wednesday still there.
    assert_eq!(
        starts(&new.unwrap()),
        [
            "2027-02-01 11:00 Permanence (nouvel horaire)",
            "2027-02-08 11:00 Permanence (nouvel horaire)",
            "2027-02-22 11:00 Permanence (nouvel horaire)",
            "2027-03-03 14:00 Permanence (mercredi)",
            "2027-03-08 11:00 Permanence (nouvel horaire)",
            "2027-03-15 11:00 Permanence (nouvel horaire)",
            "2027-03-22 11:00 Permanence (nouvel horaire)",
            "2027-03-29 11:00 Permanence (nouvel horaire)",
        ]
    );
}

#[test]
fn a_counted_series_is_counted_again_on_both_sides() {
    // SERIES: six first Tuesdays from January; from the fourth (6 April) on.
    let f = fields("Assemblée générale", "2027-04-06T19:00", "2027-04-06T21:00");
    let Split { old, new } = split(SERIES, "2027-04-06T17:00:00Z", &f);
    let new = new.unwrap();
    assert!(old.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3\r\n"), "{old}");
    assert!(new.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3\r\n"), "{new}");
    let mut both = starts(&old);
    both.extend(starts(&new));
    assert_eq!(both, starts(SERIES), "the same six, three on each side");
}

#[test]
fn an_all_day_series_ends_the_day_before_and_a_floating_one_a_floating_second_before() {
    let allday = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:market\r\nSUMMARY:Marché\r\nDTSTART;VALUE=DATE:20270106\r\n\
DTEND;VALUE=DATE:20270107\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let Split { old, new } = split(allday, "2027-01-20", &fields("Marché bio", "2027-01-20", "2027-01-20"));
    assert!(old.contains("RRULE:FREQ=WEEKLY;UNTIL=20270119\r\n"), "{old}");
    let new = new.unwrap();
    assert!(new.contains("DTSTART;VALUE=DATE:20270120\r\n") && new.contains("RRULE:FREQ=WEEKLY\r\n"), "{new}");
    assert_eq!(starts(&old), ["2027-01-06 Marché", "2027-01-13 Marché"]);
    assert_eq!(starts(&new)[..2], ["2027-01-20 Marché bio".to_string(), "2027-01-27 Marché bio".to_string()]);

    let floating = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:yoga\r\nSUMMARY:Yoga\r\nDTSTART:20270104T070000\r\n\
DURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=10\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let Split { old, new } = split(floating, "2027-01-07T07:00:00", &fields("Yoga", "2027-01-07T08:00", ""));
    assert!(old.contains("RRULE:FREQ=DAILY;COUNT=3\r\n"), "{old}");
    assert!(new.unwrap().contains("DTSTART:20270107T080000\r\n"));
}

#[test]
fn this_and_following_from_the_first_occurrence_is_the_whole_series() {
    let f = fields("Assemblée générale", "2027-01-05T20:00", "2027-01-05T22:00");
    let Split { old, new } = split(SERIES, "2027-01-05T18:00:00Z", &f);
    assert_eq!(new, None);
    assert_eq!(old, edit(SERIES, &Target::Series, &f, BRUSSELS, now()).unwrap());
}

#[test]
fn this_and_following_refuses_what_an_edit_refuses_and_never_panics() {
    let id = parse_occurrence_key("2027-02-01T09:00:00Z").unwrap();
    let refused = edit_and_following(WEEKLY, &id, &fields(" ", "2027-02-01T11:00", ""), "n", BRUSSELS, now());
    assert!(refused.is_err());
    let no_series = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nRECURRENCE-ID:20270201T090000Z\r\n\
DTSTART:20270201T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert!(edit_and_following(no_series, &id, &fields("x", "2027-02-01T11:00", ""), "n", BRUSSELS, now()).is_err());
    for text in [
        "garbage",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:00010101T000000Z\r\nRRULE:FREQ=SECONDLY;COUNT=99999999\r\nEXDATE:nonsense,99991231T235959Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:00000101\r\nRRULE:FREQ=YEARLY;COUNT=-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ] {
        for key in ["0000-01-01", "9999-12-31T23:59:59Z", "2027-02-01T09:00:00"] {
            let id = parse_occurrence_key(key).unwrap();
            let _ = edit_and_following(text, &id, &fields("x", "2027-02-01T11:00", ""), "n", BRUSSELS, now());
        }
    }
}
