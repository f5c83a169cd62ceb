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

fn event_in(tzid: &str, vtimezone: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{vtimezone}BEGIN:VEVENT\r\nUID:call\r\nSUMMARY:Appel\r\n\
DTSTART;TZID={tzid}:20270310T160000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// The "(10:00 – 11:00 Toronto)" beside an entry's times, for a viewer.
fn own_zone_line(text: &str, viewer: chrono_tz::Tz) -> Option<String> {
    use shared::agenda::view::{build, by_day};
    use shared::effects::store::ItemRecord;
    let item = ItemRecord {
        id: 1,
        collection: "c".into(),
        href: None,
        etag: None,
        uid: "call".into(),
        data: text.into(),
        pending: false,
    };
    let (from, to) = (at("2027-03-01T00:00:00Z"), at("2027-04-01T00:00:00Z"));
    let agenda = build(&[item], from, to, viewer);
    let days = by_day(&agenda, from, to, viewer);
    days[0].1[0].own_zone.clone()
}

#[test]
fn an_outlook_zone_is_read_as_its_place_and_its_own_times_shown_only_when_they_differ() {
    let paris = event_in("Romance Standard Time", "");
    // Paris and Brussels keep the same time: nothing to add.
    assert_eq!(own_zone_line(&paris, chrono_tz::Tz::Europe__Brussels), None);
    assert_eq!(own_zone_line(&paris, chrono_tz::Tz::Europe__London).as_deref(), Some("16:00 – 17:00 Paris"));
    let master = parse_resource(&paris, chrono_tz::Tz::Europe__London).unwrap()[0].master.clone().unwrap();
    assert_eq!(master.unknown_zone, None);
}

#[test]
fn a_zone_nothing_explains_is_read_in_the_members_and_said() {
    let text = event_in("Zone imaginaire", "");
    let master = parse_resource(&text, chrono_tz::Tz::Europe__Brussels).unwrap()[0].master.clone().unwrap();
    assert_eq!(master.unknown_zone.as_deref(), Some("Zone imaginaire"));
    assert_eq!(master.start.instant(chrono_tz::Tz::Europe__Brussels), at("2027-03-10T15:00:00Z"));
    let said = shared::i18n::Text::ZoneUnknown("Zone imaginaire".into()).in_locale(shared::i18n::Locale::Nl);
    assert!(said.contains("Zone imaginaire") && said.starts_with("Uren gelezen in je tijdzone"), "{said}");
    // Described by its own VTIMEZONE: known after all.
    let described = event_in(
        "Zone imaginaire",
        "BEGIN:VTIMEZONE\r\nTZID:Zone imaginaire\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0500\r\n\
TZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
    );
    let master = parse_resource(&described, chrono_tz::Tz::Europe__Brussels).unwrap()[0].master.clone().unwrap();
    assert_eq!(master.unknown_zone, None);
    assert_eq!(master.start.instant(chrono_tz::Tz::Europe__Brussels), at("2027-03-10T21:00:00Z"));
}

#[test]
fn a_file_with_one_unreadable_event_shows_the_others_and_counts_it() {
    use shared::agenda::view::build;
    use shared::effects::store::ItemRecord;
    let event = |uid: &str, start: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART;TZID=Europe/Brussels:{start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n")
    };
    let data = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}{}END:VCALENDAR\r\n",
        event("Un", "20270105T090000"),
        event("Illisible", "2027-01-06 10:00"),
        event("Trois", "20270107T140000")
    );
    let item =
        ItemRecord { id: 1, collection: "c".into(), href: None, etag: None, uid: "Un".into(), data, pending: false };
    let viewer = chrono_tz::Tz::Europe__Brussels;
    let agenda = build(&[item], at("2027-01-01T00:00:00Z"), at("2027-02-01T00:00:00Z"), viewer);
    let shown: Vec<&str> = agenda.occurrences.iter().map(|o| o.summary.as_str()).collect();
    assert_eq!((shown, agenda.unreadable), (vec!["Un", "Trois"], 1));
}
