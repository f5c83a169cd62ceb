//! VEVENTs out of an iCalendar resource: the master event of each UID and
//! its RECURRENCE-ID overrides, with the raw recurrence lines handed to the
//! `rrule` crate unchanged. Lines are kept as received for later edits.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::formats::content_line::{unescape_text, unfold, Line};

/// When an event starts or ends, as the resource says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// All-day (`VALUE=DATE`).
    Date(NaiveDate),
    /// A moment in a named zone (UTC included).
    Zoned(DateTime<Tz>),
    /// Floating: the same wall-clock time wherever the member is.
    Floating(NaiveDateTime),
}

impl When {
    /// The instant this stands for, floating and all-day times read in `viewer`.
    pub fn instant(&self, viewer: Tz) -> DateTime<Tz> {
        match self {
            When::Zoned(t) => t.with_timezone(&viewer),
            When::Floating(t) => local(viewer, *t),
            When::Date(d) => local(viewer, d.and_hms_opt(0, 0, 0).unwrap_or_default()),
        }
    }

    /// What a clock on the wall in `zone` shows at this time: a date at its
    /// midnight, a floating time as written (neither belongs to a zone).
    pub fn wall_clock(&self, zone: Tz) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            When::Zoned(t) => t.with_timezone(&zone).naive_local(),
            When::Floating(t) => *t,
        }
    }

    /// This plus a duration, `None` past what a calendar can name.
    pub fn checked_add(&self, d: Duration) -> Option<When> {
        let sum = match self {
            When::Date(x) => When::Date(x.checked_add_signed(d)?),
            When::Zoned(x) => When::Zoned(x.checked_add_signed(d)?),
            When::Floating(x) => When::Floating(x.checked_add_signed(d)?),
        };
        sum.in_calendar_range().then_some(sum)
    }

    /// This plus a DURATION: its days on the calendar (the same wall-clock
    /// time, however many hours that is across a DST change), then its
    /// exact part. `None` past what a calendar can name.
    pub fn checked_add_nominal(&self, d: NominalDuration) -> Option<When> {
        let days = Duration::try_days(d.days)?;
        let moved = match self {
            When::Zoned(x) => When::Zoned(local(x.timezone(), x.naive_local().checked_add_signed(days)?)),
            other => other.checked_add(days)?,
        };
        moved.checked_add(d.exact)
    }

    /// Within the years an iCalendar date can spell (four digits). Every
    /// later sum with a duration of such dates stays inside chrono's range,
    /// so no date a server sends can make the agenda overflow.
    fn in_calendar_range(&self) -> bool {
        let year = match self {
            When::Date(x) => x.year(),
            When::Zoned(x) => x.naive_utc().year(),
            When::Floating(x) => x.year(),
        };
        CALENDAR_YEARS.contains(&year)
    }
}

/// Years a date may fall in: RFC 5545 spells years with four digits, and
/// a DTEND or DURATION may run one year past the last of them.
const CALENDAR_YEARS: std::ops::RangeInclusive<i32> = 0..=10_000;

/// Wall-clock time in a zone. A time skipped by DST is read with the offset
/// before the gap, an ambiguous one takes the first occurrence (RFC 5545
/// §3.3.5).
pub fn local(zone: Tz, t: NaiveDateTime) -> DateTime<Tz> {
    match zone.from_local_datetime(&t) {
        chrono::LocalResult::Single(x) => x,
        chrono::LocalResult::Ambiguous(first, _) => first,
        chrono::LocalResult::None => {
            // Skipped by a DST change: use the offset in force just before.
            let before = t
                .checked_sub_signed(Duration::hours(6))
                .and_then(|earlier| zone.offset_from_local_datetime(&earlier).earliest())
                .map(|o| chrono::Offset::fix(&o).local_minus_utc())
                .unwrap_or(0);
            zone.from_utc_datetime(&t.checked_sub_signed(Duration::seconds(i64::from(before))).unwrap_or(t))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcalError {
    #[error("not an iCalendar resource: {0}")]
    Invalid(String),
    #[error("event without DTSTART")]
    MissingStart,
    #[error("unreadable date or time: {0}")]
    BadDate(String),
}

#[derive(Debug, Clone)]
pub struct VEvent {
    pub uid: String,
    pub summary: String,
    pub location: String,
    pub start: When,
    pub end: When,
    pub recurrence_id: Option<When>,
    /// `RECURRENCE-ID;RANGE=THISANDFUTURE` (RFC 5545 §3.2.13): this
    /// override's changes hold for its instance and every later one.
    pub this_and_future: bool,
    pub cancelled: bool,
    /// DTSTART, RRULE, RDATE, EXDATE as unfolded text, for the rrule crate.
    pub recurrence_lines: Vec<String>,
    /// The DURATION when the event gives one instead of a DTEND: each
    /// instance lasts these calendar days plus this exact time.
    pub nominal_duration: Option<NominalDuration>,
    /// A TZID that is no IANA zone: read as the member's zone instead.
    pub unknown_zone: Option<String>,
    /// What broke RFC 5545 and was read as other clients read it; said
    /// to the member, never silent.
    pub repairs: Vec<Repair>,
    /// Shown read-only: the app does not send invitations.
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub alarms: Vec<Alarm>,
    pub lines: Vec<Line>,
}

/// A departure from RFC 5545 that real exports make, and how it is read
/// (the way RFC 5545's errata and major clients read it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// `RRULE:` with nothing after it: no rule, the event happens once.
    EmptyRule,
    /// An UNTIL whose type is not DTSTART's: a DATE bounds through the end
    /// of that day in DTSTART's zone, a floating time is DTSTART's wall
    /// clock, a date-time with an all-day DTSTART is its date.
    UntilType,
    /// COUNT together with UNTIL: whichever ends first.
    CountWithUntil,
    /// COUNT=0 leaves DTSTART alone (it always counts, §3.3.10); a
    /// negative COUNT is no count (Atlassian Confluence writes -1).
    CountNotPositive,
    /// No UID: an event of its own, never merged with another.
    NoUid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// PARTSTAT as given (ACCEPTED, DECLINED, NEEDS-ACTION…); empty if none.
    pub status: String,
}

impl Person {
    fn from_line(line: &Line) -> Self {
        let value = line.value();
        let email = value
            .trim()
            .strip_prefix("mailto:")
            .or_else(|| value.trim().strip_prefix("MAILTO:"))
            .unwrap_or(value.trim());
        Self {
            name: line.param("CN").unwrap_or_default(),
            email: email.to_string(),
            status: line.param("PARTSTAT").unwrap_or_default().to_ascii_uppercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// Before (negative) or after the start, or the end with RELATED=END.
    Relative {
        offset: Duration,
        from_end: bool,
    },
    Absolute(DateTime<chrono::Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub trigger: Trigger,
}

/// The VALARMs among an event's lines (those not its own): when each
/// rings. Their DESCRIPTION is not read: clients fill it with their own
/// boilerplate; a reminder shows the event's summary.
fn read_alarms(lines: &[(Line, bool)]) -> Vec<Alarm> {
    let mut alarms = Vec::new();
    let mut current: Option<Option<Trigger>> = None;
    for (line, own) in lines {
        if *own {
            continue;
        }
        let value = line.value();
        match line.name.as_str() {
            "BEGIN" if value.trim().eq_ignore_ascii_case("VALARM") => current = Some(None),
            "END" if value.trim().eq_ignore_ascii_case("VALARM") => {
                if let Some(Some(trigger)) = current.take() {
                    alarms.push(Alarm { trigger });
                }
            }
            "TRIGGER" => {
                if let Some(trigger) = current.as_mut() {
                    let absolute = line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE-TIME"));
                    *trigger = if absolute {
                        NaiveDateTime::parse_from_str(value.trim().trim_end_matches('Z'), "%Y%m%dT%H%M%S")
                            .ok()
                            .map(|t| Trigger::Absolute(chrono::Utc.from_utc_datetime(&t)))
                    } else {
                        parse_duration(&value).map(|offset| Trigger::Relative {
                            offset,
                            from_end: line.param("RELATED").is_some_and(|r| r.eq_ignore_ascii_case("END")),
                        })
                    };
                }
            }
            _ => {}
        }
    }
    alarms
}

impl VEvent {
    pub fn recurs(&self) -> bool {
        self.recurrence_lines.iter().any(|l| l.starts_with("RRULE") || l.starts_with("RDATE"))
    }

    pub fn duration(&self, viewer: Tz) -> Duration {
        match (self.start, self.end) {
            (When::Date(a), When::Date(b)) => b - a,
            (a, b) => b.instant(viewer) - a.instant(viewer),
        }
    }
}

/// One UID: the series and its overridden occurrences.
#[derive(Debug, Clone)]
pub struct Series {
    pub master: Option<VEvent>,
    pub overrides: Vec<VEvent>,
}

pub use super::zones::{zone, Zones};

pub fn parse_when(line: &Line, viewer: Tz, unknown: &mut Option<String>) -> Result<When, IcalError> {
    parse_when_in(line, viewer, &Zones::default(), unknown)
}

/// As [`parse_when`], with the zones the resource's VTIMEZONEs describe.
pub fn parse_when_in(line: &Line, viewer: Tz, zones: &Zones, unknown: &mut Option<String>) -> Result<When, IcalError> {
    let value = line.value().trim().to_string();
    let when = read_when(line, &value, viewer, zones, unknown)?;
    if when.in_calendar_range() {
        Ok(when)
    } else {
        Err(IcalError::BadDate(value))
    }
}

pub(crate) fn read_when(
    line: &Line,
    value: &str,
    viewer: Tz,
    zones: &Zones,
    unknown: &mut Option<String>,
) -> Result<When, IcalError> {
    let bad = || IcalError::BadDate(value.to_string());
    let is_date = line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d").map(When::Date).map_err(|_| bad());
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
        return Ok(When::Zoned(chrono_tz::UTC.from_utc_datetime(&t)));
    }
    let t = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
    match line.param("TZID") {
        None => Ok(When::Floating(t)),
        Some(id) => match zones.resolve(&id) {
            Some(z) => Ok(When::Zoned(local(z, t))),
            None => {
                *unknown = Some(id);
                Ok(When::Zoned(local(viewer, t)))
            }
        },
    }
}

/// A DURATION as RFC 5545 §3.3.6 means it: weeks and days are nominal (a
/// day ends at the same wall-clock time the next day, 23 or 25 hours
/// across a DST change); hours, minutes and seconds are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NominalDuration {
    pub days: i64,
    pub exact: Duration,
}

/// RFC 5545 durations: `P1D`, `PT1H30M`, `-PT15M`, `P2W`, as nominal days
/// and an exact rest. (No library parses exactly this grammar.) `None` for
/// anything else, including durations too long for any calendar.
pub fn parse_nominal_duration(text: &str) -> Option<NominalDuration> {
    let (sign, rest) = match text.trim().strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text.trim().trim_start_matches('+')),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut days, mut seconds, mut number, mut in_time) = (0i64, 0i64, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                match (unit, in_time) {
                    ('W', false) => days = days.checked_add(n.checked_mul(7)?)?,
                    ('D', false) => days = days.checked_add(n)?,
                    ('H', true) => seconds = seconds.checked_add(n.checked_mul(3_600)?)?,
                    ('M', true) => seconds = seconds.checked_add(n.checked_mul(60)?)?,
                    ('S', true) => seconds = seconds.checked_add(n)?,
                    _ => return None,
                }
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    // Both parts must fit a calendar's span as exact time too.
    Duration::try_seconds(days.checked_mul(86_400)?.checked_add(seconds)?)?;
    Some(NominalDuration { days: sign * days, exact: Duration::try_seconds(sign * seconds)? })
}

/// A DURATION as exact time (a day counted as 24 hours): for alarms, whose
/// triggers RFC 5545 measures that way. `None` as for
/// [`parse_nominal_duration`]: checked arithmetic, never an overflow.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let d = parse_nominal_duration(text)?;
    Duration::try_days(d.days)?.checked_add(&d.exact)
}

/// An RRULE as other clients read it when it breaks RFC 5545 the way real
/// exports do; `None` when it names no rule beyond DTSTART. The `rrule`
/// crate refuses these (a DATE or floating UNTIL with a zoned DTSTART, a
/// negative COUNT, an empty value) or reads COUNT=0 as no instance at all,
/// so the rule is rewritten before it gets there.
fn lenient_rule(line: &str, start: &When, repairs: &mut Vec<Repair>) -> Option<String> {
    let (head, value) = line.split_once(':').unwrap_or((line, ""));
    if value.trim().is_empty() {
        repairs.push(Repair::EmptyRule);
        return None;
    }
    let mut parts: Vec<String> = value.split(';').map(str::to_string).collect();
    let key = |p: &String, k: &str| p.split_once('=').is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case(k));
    let mut changed = false;
    if let Some(i) = parts.iter().position(|p| key(p, "COUNT")) {
        match parts[i].split_once('=').and_then(|(_, n)| n.trim().parse::<i64>().ok()) {
            Some(0) => {
                repairs.push(Repair::CountNotPositive);
                return None;
            }
            Some(n) if n < 0 => {
                repairs.push(Repair::CountNotPositive);
                parts.remove(i);
                changed = true;
            }
            // The rrule crate ends at whichever comes first, as dateutil does.
            Some(_) if parts.iter().any(|p| key(p, "UNTIL")) => repairs.push(Repair::CountWithUntil),
            _ => {}
        }
    }
    if let Some(i) = parts.iter().position(|p| key(p, "UNTIL")) {
        let until = parts[i].split_once('=').map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        let is_date = until.len() == 8 && !until.contains('T');
        let coerced = match start {
            When::Date(_) if !is_date => until.get(..8).map(str::to_string),
            When::Zoned(at) if is_date => NaiveDate::parse_from_str(&until, "%Y%m%d")
                .ok()
                .and_then(|d| d.and_hms_opt(23, 59, 59))
                .map(|t| utc_until(local(at.timezone(), t))),
            When::Zoned(at) if !until.ends_with('Z') => floating_until_in(&until, at.timezone()),
            _ => None,
        };
        if let Some(coerced) = coerced {
            repairs.push(Repair::UntilType);
            parts[i] = format!("UNTIL={coerced}");
            changed = true;
        }
    }
    Some(if changed { format!("{head}:{}", parts.join(";")) } else { line.to_string() })
}

fn utc_until(t: DateTime<Tz>) -> String {
    t.with_timezone(&chrono_tz::UTC).format("%Y%m%dT%H%M%SZ").to_string()
}

/// A floating UNTIL (`20260109T090000`) as the UTC time it is on `zone`'s
/// wall clock, the form the `rrule` crate accepts beside a zoned DTSTART.
pub(crate) fn floating_until_in(until: &str, zone: Tz) -> Option<String> {
    NaiveDateTime::parse_from_str(until.trim(), "%Y%m%dT%H%M%S").ok().map(|t| utc_until(local(zone, t)))
}

/// `lines`: the event's content lines with, for each, whether it is the
/// event's own (not inside a VALARM).
fn read_event(lines: Vec<(Line, bool)>, viewer: Tz, zones: &Zones) -> Result<VEvent, IcalError> {
    let mut unknown = None;
    let own: Vec<&Line> = lines.iter().filter(|(_, own)| *own).map(|(l, _)| l).collect();
    let first = |name: &str| own.iter().copied().find(|l| l.name == name);
    let start_line = first("DTSTART").ok_or(IcalError::MissingStart)?;
    let start = parse_when_in(start_line, viewer, zones, &mut unknown)?;
    let end = match (first("DTEND"), first("DURATION")) {
        (Some(l), _) => parse_when_in(l, viewer, zones, &mut unknown)?,
        (None, Some(d)) => parse_nominal_duration(&d.value())
            .and_then(|duration| start.checked_add_nominal(duration))
            .ok_or_else(|| IcalError::BadDate(d.value()))?,
        (None, None) => match start {
            When::Date(_) => start.checked_add(Duration::days(1)).ok_or(IcalError::BadDate("DTSTART".into()))?,
            other => other,
        },
    };
    // A DURATION's days stay nominal for every instance (RFC 5545
    // §3.8.5.3); a DTEND gives every instance the same exact length.
    let nominal_duration = match (first("DTEND"), first("DURATION")) {
        (None, Some(d)) => parse_nominal_duration(&d.value()),
        _ => None,
    };
    let recurrence_id = first("RECURRENCE-ID").map(|l| parse_when_in(l, viewer, zones, &mut unknown)).transpose()?;
    let this_and_future = first("RECURRENCE-ID")
        .and_then(|l| l.param("RANGE"))
        .is_some_and(|r| r.trim().eq_ignore_ascii_case("THISANDFUTURE"));
    let text = |name: &str| first(name).map(|l| unescape_text(&l.value())).unwrap_or_default();
    let mut repairs = Vec::new();
    let recurrence_lines = own
        .iter()
        .filter(|l| matches!(l.name.as_str(), "DTSTART" | "RRULE" | "RDATE" | "EXDATE"))
        // TZIDs as IANA names for the recurrence rules (Windows names, ids
        // only a VTIMEZONE describes, quoted ids).
        .filter_map(|l| {
            let line = zones.rewrite(&unfold(&l.raw));
            if l.name == "RRULE" {
                lenient_rule(&line, &start, &mut repairs)
            } else {
                Some(line)
            }
        })
        .collect();
    let uid = text("UID");
    if uid.trim().is_empty() {
        repairs.push(Repair::NoUid);
    }
    let alarms = read_alarms(&lines);
    Ok(VEvent {
        organizer: first("ORGANIZER").map(Person::from_line),
        attendees: own.iter().filter(|l| l.name == "ATTENDEE").map(|l| Person::from_line(l)).collect(),
        alarms,
        uid,
        summary: text("SUMMARY"),
        location: text("LOCATION"),
        start,
        end,
        recurrence_id,
        this_and_future,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        recurrence_lines,
        nominal_duration,
        unknown_zone: unknown,
        repairs,
        lines: lines.into_iter().map(|(l, _)| l).collect(),
    })
}

/// Content lines with their folding kept (CRLF + space inside), blank
/// lines dropped; LF-only line ends accepted.
pub fn logical_lines(text: &str) -> Vec<String> {
    let mut raws: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some(last) = raws.last_mut() {
                last.push_str("\r\n");
                last.push_str(line);
            }
        } else if !line.trim().is_empty() {
            raws.push(line.to_string());
        }
    }
    raws
}

/// What a resource holds: its series, and how many of its VEVENTs could
/// not be read (left out; the others still show).
#[derive(Debug, Clone)]
pub struct Resource {
    pub series: Vec<Series>,
    pub unreadable: usize,
}

/// Every series in a resource (usually one). `viewer` reads floating times
/// and unknown zones. An error when nothing in it can be read.
pub fn parse_resource(text: &str, viewer: Tz) -> Result<Vec<Series>, IcalError> {
    read_resource(text, viewer).map(|r| r.series)
}

/// As [`parse_resource`], with the count of VEVENTs left out: one
/// malformed component does not hide the others of its file.
pub fn read_resource(text: &str, viewer: Tz) -> Result<Resource, IcalError> {
    let raws = logical_lines(text);
    if !raws.first().is_some_and(|l| l.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        return Err(IcalError::Invalid("no BEGIN:VCALENDAR".into()));
    }
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Vec<(Line, bool)>> = None;
    let mut read: Vec<Vec<(Line, bool)>> = Vec::new();
    // VTIMEZONEs may come after the events that name them: events are read
    // once every zone is known.
    let mut timezone: Option<Vec<Line>> = None;
    let mut timezones: Vec<Vec<Line>> = Vec::new();
    for raw in raws {
        let line = Line::parse(raw);
        let value = line.value().trim().to_ascii_uppercase();
        match line.name.as_str() {
            "BEGIN" => {
                if stack.len() >= 16 {
                    return Err(IcalError::Invalid("components nested too deep".into()));
                }
                if value == "VEVENT" && stack.len() == 1 {
                    current = Some(Vec::new());
                } else if value == "VTIMEZONE" && stack.len() == 1 {
                    timezone = Some(Vec::new());
                } else if let Some(c) = current.as_mut() {
                    c.push((line, false));
                } else if let Some(t) = timezone.as_mut() {
                    t.push(line);
                }
                stack.push(value);
            }
            "END" => {
                if stack.pop().as_deref() != Some(value.as_str()) {
                    return Err(IcalError::Invalid(format!("unbalanced END:{value}")));
                }
                if value == "VEVENT" && stack.len() == 1 {
                    read.extend(current.take());
                } else if value == "VTIMEZONE" && stack.len() == 1 {
                    timezones.extend(timezone.take());
                } else if let Some(c) = current.as_mut() {
                    c.push((line, false));
                } else if let Some(t) = timezone.as_mut() {
                    t.push(line);
                }
            }
            // Properties of sub-components (VALARM) stay with the event's
            // lines but are not the event's own.
            _ => {
                let own = stack.len() == 2;
                if let Some(c) = current.as_mut() {
                    c.push((line, own));
                } else if let Some(t) = timezone.as_mut() {
                    t.push(line);
                }
            }
        }
    }
    if !stack.is_empty() {
        return Err(IcalError::Invalid("truncated: unclosed components".into()));
    }
    let zones = Zones::from_vtimezones(&timezones);
    let (events, broken): (Vec<_>, Vec<_>) =
        read.into_iter().map(|lines| read_event(lines, viewer, &zones)).partition(Result::is_ok);
    let unreadable = broken.len();
    if events.is_empty() {
        if let Some(Err(first)) = broken.into_iter().next() {
            return Err(first);
        }
    }
    let mut series: Vec<Series> = Vec::new();
    for event in events.into_iter().flatten() {
        // Without a UID nothing ties two VEVENTs together.
        let same = |e: &VEvent| !event.uid.trim().is_empty() && e.uid == event.uid;
        let slot = match series.iter().position(|s| s.master.as_ref().or(s.overrides.first()).is_some_and(same)) {
            Some(i) => &mut series[i],
            None => {
                series.push(Series { master: None, overrides: Vec::new() });
                series.last_mut().expect("just pushed")
            }
        };
        if event.recurrence_id.is_some() {
            slot.overrides.push(event);
        } else {
            slot.master = Some(event);
        }
    }
    Ok(Resource { series, unreadable })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::index::event_index;

    fn one_event(lines: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n")
    }

    #[test]
    fn durations_too_long_for_any_calendar_are_none_not_an_overflow() {
        assert_eq!(parse_duration("P999999999999999999W"), None, "the multiplication overflows i64");
        assert_eq!(parse_duration("-P999999999999999999W"), None);
        assert_eq!(parse_duration("P1DT9223372036854775807S"), None, "the sum overflows i64");
        assert_eq!(parse_duration("PT9223372036854775807S"), None, "beyond chrono's range");
        assert_eq!(parse_duration("P99999999999999999999D"), None, "not a 64-bit number");
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("P2W"), Some(Duration::days(14)));
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
    }

    #[test]
    fn an_event_whose_end_no_calendar_can_name_is_unreadable_not_a_panic() {
        let cases = [
            "DTSTART:20270101T100000Z\r\nDURATION:P999999999999999999W\r\n",
            "DTSTART;VALUE=DATE:20270101\r\nDURATION:P999999999999999999W\r\n",
            "DTSTART:20270101T100000\r\nDURATION:-P999999999999999999W\r\n",
            "DTSTART:20270101T100000Z\r\nDURATION:PT9223372036854775807S\r\n",
            // Inside chrono's range (190,000 years), outside a calendar's.
            "DTSTART;TZID=Europe/Brussels:20270101T100000\r\nDURATION:P9999999W\r\n",
            // Ends an hour before chrono's last instant: indexing it (a day
            // of slack either side) would overflow.
            "DTSTART:20270101T000000Z\r\nDURATION:PT8208499644000S\r\n",
            "DTSTART;VALUE=DATE:99991231\r\nDURATION:P400D\r\n",
        ];
        for lines in cases {
            let text = one_event(lines);
            assert!(matches!(parse_resource(&text, Tz::UTC), Err(IcalError::BadDate(_))), "{lines}");
            assert!(event_index(&text).is_err(), "{lines}");
        }
    }

    #[test]
    fn dates_a_calendar_cannot_spell_are_refused_and_the_last_one_it_can_works() {
        for lines in [
            "DTSTART:+2621431231T235959Z\r\n",
            "DTSTART:-2621440101T000000Z\r\n",
            "DTSTART:+100000101T000000Z\r\n",
            "DTSTART:20270101T100000Z\r\nDTEND:+2621431231T235959Z\r\n",
            "DTSTART:20270101T100000Z\r\nRECURRENCE-ID:+2621431231T235959Z\r\n",
        ] {
            let text = one_event(lines);
            assert!(parse_resource(&text, Tz::UTC).is_err(), "{lines}");
            assert!(event_index(&text).is_err(), "{lines}");
        }
        let last = parse_resource(&one_event("DTSTART;VALUE=DATE:99991231\r\n"), Tz::UTC).unwrap();
        let master = last[0].master.as_ref().unwrap();
        assert_eq!(master.end, When::Date(NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()));
        assert!(event_index(&one_event("DTSTART;VALUE=DATE:99991231\r\n")).is_ok());
    }

    /// The master's repairs and the rule lines handed to the rrule crate.
    fn read(lines: &str) -> (Vec<Repair>, Vec<String>) {
        let series = parse_resource(&one_event(lines), Tz::UTC).unwrap();
        let master = series[0].master.clone().unwrap();
        let rules = master.recurrence_lines.iter().filter(|l| l.starts_with("RRULE")).cloned().collect();
        (master.repairs, rules)
    }

    #[test]
    fn rules_real_exports_break_are_read_as_other_clients_read_them_and_marked() {
        let zoned = "DTSTART;TZID=Europe/Brussels:20260105T090000\r\n";
        let cases: [(String, Vec<Repair>, Vec<&str>); 9] = [
            (format!("{zoned}RRULE:\r\n"), vec![Repair::EmptyRule], vec![]),
            (format!("{zoned}RRULE:  \r\n"), vec![Repair::EmptyRule], vec![]),
            // Through the end of the 9th in Brussels (UTC+1).
            (
                format!("{zoned}RRULE:FREQ=DAILY;UNTIL=20260109\r\n"),
                vec![Repair::UntilType],
                vec!["RRULE:FREQ=DAILY;UNTIL=20260109T225959Z"],
            ),
            // DTSTART's wall clock: 09:00 in New York is 14:00 UTC.
            (
                "DTSTART;TZID=America/New_York:20260105T090000\r\nRRULE:FREQ=DAILY;UNTIL=20260109T090000;BYHOUR=9\r\n"
                    .into(),
                vec![Repair::UntilType],
                vec!["RRULE:FREQ=DAILY;UNTIL=20260109T140000Z;BYHOUR=9"],
            ),
            (
                "DTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=DAILY;UNTIL=20260108T230000Z\r\n".into(),
                vec![Repair::UntilType],
                vec!["RRULE:FREQ=DAILY;UNTIL=20260108"],
            ),
            (
                format!("{zoned}RRULE:FREQ=DAILY;COUNT=3;UNTIL=20260120T000000Z\r\n"),
                vec![Repair::CountWithUntil],
                vec!["RRULE:FREQ=DAILY;COUNT=3;UNTIL=20260120T000000Z"],
            ),
            (format!("{zoned}RRULE:FREQ=DAILY;COUNT=0\r\n"), vec![Repair::CountNotPositive], vec![]),
            (
                format!("{zoned}RRULE:FREQ=WEEKLY;COUNT=-1;BYDAY=MO\r\n"),
                vec![Repair::CountNotPositive],
                vec!["RRULE:FREQ=WEEKLY;BYDAY=MO"],
            ),
            // As RFC 5545 wants it: untouched, nothing said.
            (
                format!("{zoned}RRULE:FREQ=DAILY;UNTIL=20260109T080000Z\r\n"),
                vec![],
                vec!["RRULE:FREQ=DAILY;UNTIL=20260109T080000Z"],
            ),
        ];
        for (lines, repairs, rules) in cases {
            assert_eq!(read(&lines), (repairs, rules.iter().map(|r| r.to_string()).collect()), "{lines}");
        }
        // An empty rule or COUNT=0 leaves a single event.
        let once = parse_resource(&one_event(&format!("{zoned}RRULE:FREQ=DAILY;COUNT=0\r\n")), Tz::UTC).unwrap();
        assert!(!once[0].master.as_ref().unwrap().recurs());
    }

    #[test]
    fn events_without_a_uid_are_each_their_own_and_marked() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n\
SUMMARY:Permanence\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART:20260107T140000Z\r\nSUMMARY:Atelier\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260108T140000Z\r\nSUMMARY:Avec UID\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let series = parse_resource(text, Tz::UTC).unwrap();
        let masters: Vec<(&str, &[Repair])> = series
            .iter()
            .map(|s| s.master.as_ref().map(|m| (m.summary.as_str(), m.repairs.as_slice())).unwrap_or(("", &[])))
            .collect();
        assert_eq!(
            masters,
            vec![("Permanence", &[Repair::NoUid][..]), ("Atelier", &[Repair::NoUid][..]), ("Avec UID", &[][..])]
        );
        assert!(series.iter().all(|s| s.overrides.is_empty()));
    }

    #[test]
    fn one_unreadable_event_leaves_the_others_and_is_counted() {
        let event = |uid: &str, start: &str| {
            format!(
                "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID=Europe/Brussels:{start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            )
        };
        let text = format!(
            "BEGIN:VCALENDAR\r\n{}{}{}END:VCALENDAR\r\n",
            event("one", "20260105T090000"),
            event("bad", "2026-01-06 10:00"),
            event("three", "20260107T140000")
        );
        let resource = read_resource(&text, Tz::UTC).unwrap();
        let uids: Vec<&str> =
            resource.series.iter().filter_map(|s| s.master.as_ref()).map(|m| m.uid.as_str()).collect();
        assert_eq!((uids, resource.unreadable), (vec!["one", "three"], 1));
        // Nothing readable at all is still an error, as before.
        let text = format!("BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n", event("bad", "2026-01-06 10:00"));
        assert_eq!(read_resource(&text, Tz::UTC).unwrap_err(), IcalError::BadDate("2026-01-06 10:00".into()));
    }
}
