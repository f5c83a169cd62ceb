//! TZIDs as clients write them, read as IANA zones:
//!
//! - IANA names, also behind a vendor prefix ("/mozilla.org/…/Europe/Brussels");
//! - Windows names (Outlook, Exchange: "Romance Standard Time"), by
//!   calcard's copy of CLDR's windowsZones table;
//! - any other id, by the resource's own VTIMEZONE: its location properties
//!   (X-LIC-LOCATION, Exchange's X-MICROSOFT-CDO-TZID), else the IANA zone
//!   whose offsets match its observances (STANDARD/DAYLIGHT with their
//!   rules) across two years, so a recurring event keeps its wall-clock time
//!   across DST as its author meant.
//!
//! Matching rather than evaluating the observances ourselves: every time in
//! the app is a `chrono_tz::Tz`, and a zone with the same rules gives the
//! same instants. No library computes offsets from a VTIMEZONE's rules for
//! chrono (calcard only guesses the zone by name).

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

use crate::formats::content_line::{unfold, Line};

/// A zone named in the TZID itself: IANA (maybe behind a vendor prefix) or
/// Windows.
pub fn zone(tzid: &str) -> Option<Tz> {
    iana(tzid).or_else(|| windows(tzid))
}

fn iana(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim();
    if let Ok(z) = tzid.parse::<Tz>() {
        return Some(z);
    }
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..parts.len()).find_map(|i| parts[i..].join("/").parse::<Tz>().ok())
}

/// Windows names and Outlook's "(UTC+01:00) Brussels, …" display names;
/// for an unknown display name calcard falls back on its fixed offset.
fn windows(tzid: &str) -> Option<Tz> {
    match calcard::common::timezone::Tz::from_str(tzid.trim()) {
        Ok(calcard::common::timezone::Tz::Tz(z)) => Some(z),
        _ => None,
    }
}

/// The zones one resource's TZIDs name, its VTIMEZONEs included.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    described: HashMap<String, Tz>,
}

impl Zones {
    /// `vtimezones`: each VTIMEZONE's lines, its sub-components' included.
    pub fn from_vtimezones(vtimezones: &[Vec<Line>]) -> Self {
        let mut described = HashMap::new();
        for lines in vtimezones {
            let Some(tzid) = lines.iter().find(|l| l.name == "TZID").map(|l| l.value().trim().to_string()) else {
                continue;
            };
            // A VTIMEZONE says more than a guess from a display name.
            if iana(&tzid).is_some() {
                continue;
            }
            if let Some(z) = located(lines).or_else(|| matching(lines)) {
                described.insert(tzid, z);
            }
        }
        Zones { described }
    }

    pub fn resolve(&self, tzid: &str) -> Option<Tz> {
        iana(tzid).or_else(|| self.described.get(tzid.trim()).copied()).or_else(|| windows(tzid))
    }

    /// `line` (unfolded) with its TZID naming the IANA zone it resolves to,
    /// unquoted: the recurrence code reads lines by name and splits them at
    /// the first colon, which a quoted "(UTC+01:00) Brussels" would defeat.
    pub fn rewrite(&self, line: &str) -> String {
        let Some(colon) = value_colon(line) else { return line.to_string() };
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        if !head.to_ascii_uppercase().contains("TZID=") {
            return line.to_string();
        }
        let head: Vec<String> = split_params(head)
            .into_iter()
            .map(|p| match p.split_once('=') {
                Some((name, id)) if name.eq_ignore_ascii_case("TZID") => match self.resolve(id.trim_matches('"')) {
                    Some(z) => format!("TZID={}", z.name()),
                    None => p.to_string(),
                },
                _ => p.to_string(),
            })
            .collect();
        format!("{}:{value}", head.join(";"))
    }
}

/// Where the value starts: the first colon outside double quotes.
fn value_colon(line: &str) -> Option<usize> {
    let mut quoted = false;
    line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })
}

/// A property's name and parameters, split at semicolons outside quotes.
fn split_params(head: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, c) in head.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&head[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&head[start..]);
    parts
}

/// The zone a VTIMEZONE names besides its TZID.
fn located(lines: &[Line]) -> Option<Tz> {
    lines.iter().find_map(|l| match l.name.as_str() {
        "X-LIC-LOCATION" => zone(&l.value()),
        "X-MICROSOFT-CDO-TZID" => match calcard::common::timezone::Tz::from_ms_cdo_zone_id(l.value().trim()) {
            Some(calcard::common::timezone::Tz::Tz(z)) => Some(z),
            _ => None,
        },
        _ => None,
    })
}

/// One STANDARD or DAYLIGHT block: from each onset on, `offset_to`.
struct Observance {
    /// Local wall-clock onsets, as the rule gives them.
    start: NaiveDateTime,
    rules: Vec<String>,
    offset_from: i32,
    offset_to: i32,
    /// A rule that is not a yearly change: the zone is not guessed.
    refused: bool,
}

/// `FREQ=YEARLY` with only the parts a DST rule uses.
fn yearly_rule(value: &str) -> bool {
    let mut yearly = false;
    for part in value.trim().split(';') {
        let (name, v) = part.split_once('=').unwrap_or((part, ""));
        match name.trim().to_ascii_uppercase().as_str() {
            "FREQ" => yearly = v.trim().eq_ignore_ascii_case("YEARLY"),
            "BYMONTH" | "BYDAY" | "BYMONTHDAY" | "UNTIL" | "COUNT" | "INTERVAL" | "WKST" => {}
            _ => return false,
        }
    }
    yearly
}

/// Zones tried first: the common ones, so a custom European zone reads as
/// Brussels, not as the first match in alphabetical order.
const PREFERRED: &[Tz] = &[
    Tz::Europe__Brussels,
    Tz::Europe__London,
    Tz::Europe__Lisbon,
    Tz::Europe__Helsinki,
    Tz::Europe__Moscow,
    Tz::America__New_York,
    Tz::America__Chicago,
    Tz::America__Denver,
    Tz::America__Phoenix,
    Tz::America__Los_Angeles,
    Tz::America__Toronto,
    Tz::America__Sao_Paulo,
    Tz::Asia__Tokyo,
    Tz::Asia__Shanghai,
    Tz::Asia__Kolkata,
    Tz::Australia__Sydney,
    Tz::UTC,
];

/// Sample instants: every 5 days over 2026 and 2027, and both sides of each
/// change the observances name then.
fn matching(lines: &[Line]) -> Option<Tz> {
    let observances = observances(lines);
    if observances.is_empty() || observances.iter().any(|o| o.refused) {
        return None;
    }
    let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single()?;
    let to = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).single()?;
    let changes = onsets(&observances, to);
    let mut samples: Vec<DateTime<Utc>> = (0..146).map(|i| from + chrono::Duration::days(5 * i)).collect();
    for (at, _) in changes.iter().filter(|(at, _)| *at >= from && *at < to) {
        samples.push(*at - chrono::Duration::minutes(1));
        samples.push(*at + chrono::Duration::minutes(1));
    }
    let expected: Vec<i32> = samples.iter().map(|t| offset_at(&changes, &observances, *t)).collect();
    let fits = |z: &Tz| {
        samples
            .iter()
            .zip(&expected)
            .all(|(t, want)| z.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc() == *want)
    };
    PREFERRED.iter().find(|z| fits(z)).or_else(|| chrono_tz::TZ_VARIANTS.iter().find(|z| fits(z))).copied()
}

fn observances(lines: &[Line]) -> Vec<Observance> {
    let mut found = Vec::new();
    let mut current: Option<Observance> = None;
    for line in lines {
        let value = line.value();
        match line.name.as_str() {
            "BEGIN" if matches!(value.trim().to_ascii_uppercase().as_str(), "STANDARD" | "DAYLIGHT") => {
                current = Some(Observance {
                    start: NaiveDateTime::default(),
                    rules: vec![],
                    offset_from: 0,
                    offset_to: 0,
                    refused: false,
                });
            }
            "END" => {
                if let Some(o) = current.take() {
                    found.push(o);
                }
            }
            "DTSTART" => {
                if let (Some(o), Ok(t)) =
                    (current.as_mut(), NaiveDateTime::parse_from_str(value.trim(), "%Y%m%dT%H%M%S"))
                {
                    o.start = t;
                }
            }
            "TZOFFSETFROM" | "TZOFFSETTO" => {
                if let (Some(o), Some(offset)) = (current.as_mut(), utc_offset(&value)) {
                    if line.name == "TZOFFSETFROM" {
                        o.offset_from = offset;
                    } else {
                        o.offset_to = offset;
                    }
                }
            }
            "RRULE" if !yearly_rule(&value) => {
                // A zone changes its offset once or twice a year: any other
                // rule (a hostile FREQ=MINUTELY from 1601) is not walked.
                if let Some(o) = current.as_mut() {
                    o.refused = true;
                }
            }
            "RRULE" | "RDATE" => {
                if let Some(o) = current.as_mut() {
                    o.rules.push(unfold(&line.raw).into_owned());
                }
            }
            _ => {}
        }
    }
    found
}

/// "+0100", "-0430", "+013000" in seconds east of UTC.
fn utc_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (1, text),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let seconds = n(0..2) * 3_600 + n(2..4) * 60 + n(4..6);
    (seconds < 24 * 3_600).then_some(sign * seconds)
}

/// Every change of offset up to `until`, as UTC instants with the index of
/// the observance that starts there, in order.
fn onsets(observances: &[Observance], until: DateTime<Utc>) -> Vec<(DateTime<Utc>, usize)> {
    let mut all = Vec::new();
    for (i, o) in observances.iter().enumerate() {
        // The onset is wall-clock time in the offset before it.
        let to_utc =
            |local: NaiveDateTime| Utc.from_utc_datetime(&(local - chrono::Duration::seconds(o.offset_from as i64)));
        all.push((to_utc(o.start), i));
        if o.rules.is_empty() {
            continue;
        }
        // Local times walked as if in UTC: the rule counts wall-clock dates.
        let text = format!("DTSTART:{}Z\n{}", o.start.format("%Y%m%dT%H%M%S"), o.rules.join("\n"));
        // RFC 5545 rules are ASCII; the rrule crate slices values by byte
        // and panics inside a multi-byte character (as in recurrence.rs).
        if !text.is_ascii() {
            continue;
        }
        let Ok(set) = text.parse::<RRuleSet>() else { continue };
        // Only the onsets near the samples: rules often start in 1601.
        let first = until.naive_utc() - chrono::Duration::days(3 * 366);
        let last = until.naive_utc() + chrono::Duration::days(1);
        let utc = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
        let result = set.after(utc(first)).before(utc(last)).all(100);
        all.extend(result.dates.into_iter().map(|d| (to_utc(d.naive_utc()), i)));
    }
    all.sort();
    all
}

fn offset_at(changes: &[(DateTime<Utc>, usize)], observances: &[Observance], t: DateTime<Utc>) -> i32 {
    match changes.iter().rev().find(|(at, _)| *at <= t) {
        Some((_, i)) => observances[*i].offset_to,
        // Before any onset: the offset the first one changes from.
        None => changes.first().map_or(0, |(_, i)| observances[*i].offset_from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::ical::logical_lines;

    fn vtimezone(text: &str) -> Vec<Line> {
        logical_lines(text).into_iter().map(Line::parse).collect()
    }

    #[test]
    fn windows_and_prefixed_names_are_iana_zones() {
        assert_eq!(zone("Romance Standard Time"), Some(Tz::Europe__Paris));
        assert_eq!(zone("W. Europe Standard Time"), Some(Tz::Europe__Berlin));
        assert_eq!(zone("Eastern Standard Time"), Some(Tz::America__New_York));
        assert_eq!(zone("/mozilla.org/20050126_1/Europe/Brussels"), Some(Tz::Europe__Brussels));
        assert_eq!(zone("Zone imaginaire"), None);
    }

    const CUSTOM: &str = "BEGIN:VTIMEZONE\r\nTZID:Custom Time Zone 1\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n\
END:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

    #[test]
    fn a_custom_id_is_the_zone_its_observances_describe() {
        let zones = Zones::from_vtimezones(&[vtimezone(CUSTOM)]);
        assert_eq!(zones.resolve("Custom Time Zone 1"), Some(Tz::Europe__Brussels));
        // As Outlook writes New York: both changes at 02:00 wall-clock time.
        let us = CUSTOM
            .replace("T030000", "T020000")
            .replace("+0200", "-0400")
            .replace("+0100", "-0500")
            .replace("BYDAY=-1SU;BYMONTH=10", "BYDAY=1SU;BYMONTH=11")
            .replace("BYDAY=-1SU;BYMONTH=3", "BYDAY=2SU;BYMONTH=3");
        assert_eq!(
            Zones::from_vtimezones(&[vtimezone(&us)]).resolve("Custom Time Zone 1"),
            Some(Tz::America__New_York)
        );
        // Fixed +05:45 all year: no preferred zone has it, Kathmandu does.
        let nepal = "BEGIN:VTIMEZONE\r\nTZID:Mon fuseau\r\nBEGIN:STANDARD\r\nDTSTART:19860101T000000\r\n\
TZOFFSETFROM:+0545\r\nTZOFFSETTO:+0545\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        assert_eq!(Zones::from_vtimezones(&[vtimezone(nepal)]).resolve("Mon fuseau"), Some(Tz::Asia__Kathmandu));
    }

    #[test]
    fn a_location_property_names_the_zone_and_nonsense_names_none() {
        let located = "BEGIN:VTIMEZONE\r\nTZID:Brussels-ish\r\nX-LIC-LOCATION:Europe/Brussels\r\nEND:VTIMEZONE\r\n";
        assert_eq!(Zones::from_vtimezones(&[vtimezone(located)]).resolve("Brussels-ish"), Some(Tz::Europe__Brussels));
        let odd = "BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0017\r\n\
TZOFFSETTO:+0017\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        assert_eq!(Zones::from_vtimezones(&[vtimezone(odd)]).resolve("Odd"), None, "no zone is 17 minutes east");
    }

    #[test]
    fn a_rule_no_zone_follows_is_not_walked() {
        let minutely = CUSTOM.replace("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "RRULE:FREQ=MINUTELY;INTERVAL=1");
        assert_eq!(Zones::from_vtimezones(&[vtimezone(&minutely)]).resolve("Custom Time Zone 1"), None);
        let seconds = CUSTOM.replace("BYDAY=-1SU;BYMONTH=3", "BYSECOND=1,2,3;BYMONTH=3");
        assert_eq!(Zones::from_vtimezones(&[vtimezone(&seconds)]).resolve("Custom Time Zone 1"), None);
    }

    #[test]
    fn rewriting_names_the_iana_zone_only_for_described_ids() {
        let zones = Zones::from_vtimezones(&[vtimezone(CUSTOM)]);
        assert_eq!(
            zones.rewrite("DTSTART;TZID=\"Custom Time Zone 1\":20270302T100000"),
            "DTSTART;TZID=Europe/Brussels:20270302T100000"
        );
        assert_eq!(
            zones.rewrite("EXDATE;TZID=Europe/Paris:20270302T100000"),
            "EXDATE;TZID=Europe/Paris:20270302T100000"
        );
        assert_eq!(
            zones.rewrite(
                "DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\";X-A=b:20270302T100000"
            ),
            "DTSTART;TZID=Europe/Berlin;X-A=b:20270302T100000"
        );
        assert_eq!(zones.rewrite("DTSTART;TZID=Nulle part:20270302T100000"), "DTSTART;TZID=Nulle part:20270302T100000");
        // Only TZID is a zone; another parameter naming one stays as it is.
        assert_eq!(
            zones.rewrite("DTSTART;X-ORIGINAL=Europe/Paris;TZID=\"Custom Time Zone 1\":20270302T100000"),
            "DTSTART;X-ORIGINAL=Europe/Paris;TZID=Europe/Brussels:20270302T100000"
        );
        // A quoted parameter value is text, whatever it holds.
        let label = "DTSTART;X-LABEL=\"salle 2;TZID=Custom Time Zone 1\";TZID=Europe/Paris:20270302T100000";
        assert_eq!(zones.rewrite(label), label);
    }
}
