//! What the store indexes of an event resource: its UID, summary and the
//! span of time its occurrences cover, so a day or month view reads only
//! the resources that can show in it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use super::ical::{parse_resource, IcalError, Series, VEvent, When};
use super::recurrence::expand;
use crate::effects::store::EventIndex;

/// Floating and all-day times move with the member's zone (UTC-12 to
/// UTC+14): the indexed span is widened by this much on each side.
const ZONE_SLACK: Duration = Duration::hours(26);

pub fn event_index(text: &str) -> Result<EventIndex, IcalError> {
    // Read in UTC; the slack covers every zone a member can be in.
    let all = parse_resource(text, Tz::UTC)?;
    let first = all.first().ok_or_else(|| IcalError::Invalid("no VEVENT".into()))?;
    let event =
        first.master.as_ref().or(first.overrides.first()).ok_or_else(|| IcalError::Invalid("no VEVENT".into()))?;
    let mut start: Option<DateTime<Utc>> = None;
    let mut end: Option<Option<DateTime<Utc>>> = Some(None);
    for series in &all {
        let (s, e) = span(series);
        start = Some(start.map_or(s, |x| x.min(s)));
        end = match (end, e) {
            (Some(acc), Some(e)) => Some(Some(acc.map_or(e, |x: DateTime<Utc>| x.max(e)))),
            _ => None,
        };
    }
    let start = start.unwrap_or_default();
    Ok(EventIndex {
        uid: event.uid.clone(),
        summary: event.summary.clone(),
        first_start: (start - ZONE_SLACK).timestamp_millis(),
        last_end: end.flatten().map(|e| (e + ZONE_SLACK).timestamp_millis()),
        alarms: all.iter().flat_map(|s| s.master.iter().chain(&s.overrides)).any(|e| !e.alarms.is_empty()),
    })
}

fn utc(w: &When) -> DateTime<Utc> {
    w.instant(Tz::UTC).with_timezone(&Utc)
}

/// A rule with neither COUNT nor UNTIL never ends.
fn endless(event: &VEvent) -> bool {
    event.recurrence_lines.iter().any(|l| {
        let upper = l.to_ascii_uppercase();
        upper.starts_with("RRULE") && !upper.contains("COUNT=") && !upper.contains("UNTIL=")
    })
}

/// First start and last end (`None`: no end) of one series, overrides
/// included (a moved occurrence can leave the rule's span).
fn span(series: &Series) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    let events = series.master.iter().chain(series.overrides.iter());
    let mut start = events.clone().map(|e| utc(&e.start)).min().unwrap_or_default();
    let mut end = events.clone().map(|e| utc(&e.end)).max();
    if let Some(master) = series.master.as_ref().filter(|m| m.recurs()) {
        if endless(master) {
            return (start, None);
        }
        let from = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).single().unwrap_or_default();
        let to = Utc.with_ymd_and_hms(2200, 1, 1, 0, 0, 0).single().unwrap_or_default();
        match expand(series, from, to, Tz::UTC) {
            Ok(expansion) if !expansion.truncated => {
                for o in &expansion.occurrences {
                    let (s, e) = match &o.span {
                        super::recurrence::Span::Times(s, e) => (s.with_timezone(&Utc), e.with_timezone(&Utc)),
                        super::recurrence::Span::Dates(a, b) => (utc(&When::Date(*a)), utc(&When::Date(*b))),
                    };
                    start = start.min(s);
                    end = Some(end.map_or(e, |x| x.max(e)));
                }
            }
            // Too many or unreadable: shown in every range it may touch.
            _ => return (start, None),
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ics(body: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:AG\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n")
    }

    fn ms(y: i32, m: u32, d: u32, h: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp_millis()
    }

    #[test]
    fn a_series_longer_than_an_expansion_holds_is_indexed_as_never_ending() {
        // 6,000 days: more occurrences than one expansion yields (5,000), so
        // its last end is unknown and every later view must find it.
        let i =
            event_index(&ics("DTSTART:20270101T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=6000\r\n")).unwrap();
        assert_eq!((i.first_start, i.last_end), (ms(2027, 1, 1, 9) - 26 * 3_600_000, None));
    }

    #[test]
    fn a_single_event_spans_its_start_and_end_widened_by_the_zone_slack() {
        let i = event_index(&ics("DTSTART:20260512T170000Z\r\nDTEND:20260512T190000Z\r\n")).unwrap();
        assert_eq!(i.uid, "u1");
        assert_eq!(i.summary, "AG");
        assert_eq!(i.first_start, ms(2026, 5, 12, 17) - 26 * 3_600_000);
        assert_eq!(i.last_end, Some(ms(2026, 5, 12, 19) + 26 * 3_600_000));
    }

    #[test]
    fn a_counted_series_ends_at_its_last_occurrence_and_an_endless_one_never() {
        let counted =
            event_index(&ics("DTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n")).unwrap();
        assert_eq!(counted.last_end, Some(ms(2026, 1, 19, 10) + 26 * 3_600_000));
        let endless = event_index(&ics("DTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\n")).unwrap();
        assert_eq!(endless.last_end, None);
        let until = event_index(&ics(
            "DTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;UNTIL=20260119T090000Z\r\n",
        ))
        .unwrap();
        assert_eq!(until.last_end, Some(ms(2026, 1, 19, 10) + 26 * 3_600_000), "a rule with UNTIL ends too");
    }

    #[test]
    fn the_index_says_whether_any_vevent_has_an_alarm() {
        let alarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\n";
        let plain = "DTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\n";
        assert!(!event_index(&ics(plain)).unwrap().alarms);
        assert!(event_index(&ics(&format!("{plain}{alarm}"))).unwrap().alarms);
        // Only a moved occurrence rings: the series is still read for reminders.
        let in_override = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\n{plain}END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID:20260106T090000Z\r\nDTSTART:20260106T100000Z\r\nDURATION:PT1H\r\n{alarm}END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        assert!(event_index(&in_override).unwrap().alarms);
    }

    #[test]
    fn an_override_moved_after_the_series_extends_its_span() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID:20260106T090000Z\r\nDTSTART:20260301T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let i = event_index(text).unwrap();
        assert_eq!(i.last_end, Some(ms(2026, 3, 1, 10) + 26 * 3_600_000));
    }

    #[test]
    fn a_thisandfuture_override_moving_later_instances_extends_the_span() {
        // The last of three daily instances, moved with the second by a week.
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID;RANGE=THISANDFUTURE:20260106T090000Z\r\nDTSTART:20260113T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let i = event_index(text).unwrap();
        assert_eq!(i.last_end, Some(ms(2026, 1, 14, 10) + 26 * 3_600_000));
    }

    #[test]
    fn a_resource_without_an_event_is_an_error_not_a_panic() {
        assert!(event_index("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").is_err());
        assert!(event_index("garbage").is_err());
    }
}
