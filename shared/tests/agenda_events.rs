//! What a member sees of an event besides its times: people (read-only)
//! and reminders, which the shell turns into notifications.

use chrono::{DateTime, Utc};
use shared::agenda::ical::parse_resource;
use shared::agenda::recurrence::reminders;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

const GA: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:ga@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Assemblée générale\r\n\
DTSTART;TZID=Europe/Brussels:20260106T190000\r\nDTEND;TZID=Europe/Brussels:20260106T210000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=4\r\n\
ORGANIZER;CN=Conseil d'administration:mailto:ca@nubo.coop\r\n\
ATTENDEE;CN=Hélène Dubœuf;PARTSTAT=ACCEPTED:mailto:helene@nubo.coop\r\n\
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:jan@nubo.coop\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Fin\r\nTRIGGER;RELATED=END:-PT10M\r\nEND:VALARM\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ga@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Assemblée générale (déplacée)\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20260203T190000\r\n\
DTSTART;TZID=Europe/Brussels:20260205T200000\r\nDTEND;TZID=Europe/Brussels:20260205T220000\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT1H\r\nEND:VALARM\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ga@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Assemblée générale\r\nSTATUS:CANCELLED\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20260303T190000\r\n\
DTSTART;TZID=Europe/Brussels:20260303T190000\r\nDTEND;TZID=Europe/Brussels:20260303T210000\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn organizer_and_attendees_are_read_for_display() {
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let series = parse_resource(GA, viewer).unwrap();
    let master = series[0].master.as_ref().unwrap();
    let organizer = master.organizer.as_ref().unwrap();
    assert_eq!((organizer.name.as_str(), organizer.email.as_str()), ("Conseil d'administration", "ca@nubo.coop"));
    let people: Vec<(&str, &str, &str)> =
        master.attendees.iter().map(|p| (p.name.as_str(), p.email.as_str(), p.status.as_str())).collect();
    assert_eq!(people, vec![("Hélène Dubœuf", "helene@nubo.coop", "ACCEPTED"), ("", "jan@nubo.coop", "NEEDS-ACTION")]);
}

#[test]
fn reminders_follow_moved_occurrences_and_skip_cancelled_ones() {
    let viewer: chrono_tz::Tz = "Europe/Brussels".parse().unwrap();
    let series = parse_resource(GA, viewer).unwrap();
    let due = reminders(&series[0], at("2026-01-01T00:00:00Z"), at("2026-05-01T00:00:00Z"), viewer).unwrap();
    let times: Vec<String> = due.iter().map(|r| r.at.format("%Y-%m-%dT%H:%MZ").to_string()).collect();
    assert_eq!(
        times,
        vec![
            // January: 30 min before the start (19:00 CET), 10 min before the end.
            "2026-01-06T17:30Z",
            "2026-01-06T19:50Z",
            // February: moved to the 5th at 20:00, with its own one-hour alarm.
            "2026-02-05T18:00Z",
            // March: cancelled, nothing. April: summer time, 19:00 CEST.
            "2026-04-07T16:30Z",
            "2026-04-07T18:50Z",
        ]
    );
    assert_eq!(due[2].summary, "Assemblée générale (déplacée)");
    // A window in the middle only holds what is due in it.
    let due = reminders(&series[0], at("2026-01-06T18:00:00Z"), at("2026-01-07T00:00:00Z"), viewer).unwrap();
    assert_eq!(due.len(), 1);
}
