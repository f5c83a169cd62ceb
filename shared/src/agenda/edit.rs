//! Offline edits of an iCalendar resource: a new event, a changed series,
//! one occurrence moved or changed (a RECURRENCE-ID override in the same
//! resource) or cancelled (an EXDATE). Only the lines of the edited
//! properties are rewritten; every other line — unknown properties,
//! VTIMEZONEs, alarms, other overrides — is kept as received. SEQUENCE is
//! raised and DTSTAMP / LAST-MODIFIED set on every edited component
//! (RFC 5545 §3.8.7.4).
//!
//! By hand over content lines rather than through an iCalendar writer for
//! the reason given in `formats::content_line`: writers re-serialise what
//! they did not understand.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ical::{local, logical_lines, parse_when, zone, When};
use crate::formats::content_line::{escape_text, Line};
use crate::i18n::EventProblem;

/// What a member fills in. Times are wall-clock in the member's zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFields {
    pub summary: String,
    pub location: String,
    pub description: String,
    /// "2027-05-08T10:00", or "2027-05-08" for an all-day event.
    pub start: String,
    /// Timed: the end, "2027-05-08T12:00" (empty: one hour). All-day: the
    /// last day, inclusive (empty: one day).
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("unreadable date or time: {0}")]
    BadTime(String),
    #[error("the end comes before the start")]
    EndBeforeStart,
    #[error("the event to change is not in this resource")]
    NotFound,
    #[error("a summary is needed")]
    NoSummary,
}

impl From<&EditError> for EventProblem {
    fn from(e: &EditError) -> Self {
        match e {
            EditError::BadTime(t) => EventProblem::Time(t.clone()),
            EditError::EndBeforeStart => EventProblem::EndBeforeStart,
            EditError::NotFound => EventProblem::Gone,
            EditError::NoSummary => EventProblem::NoTitle,
        }
    }
}

/// Which part of a resource an edit applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The event, or the whole series.
    Series,
    /// One occurrence, named by its RECURRENCE-ID.
    Occurrence(When),
    /// That occurrence and every later one: see [`edit_and_following`].
    AndFollowing(When),
}

/// What a change to one occurrence of a series applies to, as the member
/// chose it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditScope {
    /// That occurrence only.
    #[default]
    Occurrence,
    /// That occurrence and every later one.
    AndFollowing,
    /// The whole series, from one of its occurrences: see [`series_fields`].
    Series,
}

// ------------------------------------------------------------ occurrence keys

/// An occurrence's RECURRENCE-ID as the shells carry it: "2027-05-08" for
/// all-day, "2027-05-08T08:00:00Z" for a moment, no "Z" for floating.
pub fn occurrence_key(id: &When) -> String {
    match id {
        When::Date(d) => d.format("%Y-%m-%d").to_string(),
        When::Zoned(t) => t.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        When::Floating(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

pub fn parse_occurrence_key(key: &str) -> Option<When> {
    if let Ok(d) = NaiveDate::parse_from_str(key, "%Y-%m-%d") {
        return Some(When::Date(d));
    }
    if let Some(utc) = key.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y-%m-%dT%H:%M:%S").ok()?;
        return Some(When::Zoned(chrono_tz::UTC.from_utc_datetime(&t)));
    }
    NaiveDateTime::parse_from_str(key, "%Y-%m-%dT%H:%M:%S").ok().map(When::Floating)
}

use chrono::TimeZone;

// ------------------------------------------------------------ fields

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
        .filter(|t| TYPED_YEARS.contains(&t.year()))
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().filter(|d| TYPED_YEARS.contains(&d.year()))
}

/// The years iCalendar spells (four digits). A server's times lie in
/// `ical`'s calendar years (these, and one more for an end), so the sums
/// and differences an edit makes of typed and received times (a series
/// moved by as much as one date) stay far inside chrono's range.
const TYPED_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// Start and end the member typed, read in their zone.
pub fn times(fields: &EventFields, viewer: Tz) -> Result<(When, When), EditError> {
    let start = fields.start.trim();
    if let Some(day) = parse_day(start) {
        let last = match fields.end.trim() {
            "" => day,
            end => parse_day(end).ok_or_else(|| EditError::BadTime(end.into()))?,
        };
        if last < day {
            return Err(EditError::EndBeforeStart);
        }
        return Ok((When::Date(day), When::Date(last + Duration::days(1))));
    }
    let s = parse_local(start).ok_or_else(|| EditError::BadTime(start.into()))?;
    let e = match fields.end.trim() {
        "" => s + Duration::hours(1),
        end => parse_local(end).ok_or_else(|| EditError::BadTime(end.into()))?,
    };
    if e < s {
        return Err(EditError::EndBeforeStart);
    }
    Ok((When::Zoned(local(viewer, s)), When::Zoned(local(viewer, e))))
}

fn stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A time written in the form of `template` (a DTSTART line): the same
/// zone name, UTC, floating or date, so RECURRENCE-ID and EXDATE match
/// what other clients computed from that DTSTART.
fn format_like(template: Option<&Line>, when: &When, viewer: Tz) -> (String, String) {
    let instant = |w: &When| w.instant(viewer);
    let Some(template) = template else { return plain(when, viewer) };
    let value = template.value();
    let value = value.trim();
    let is_date = template.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        let day = match when {
            When::Date(d) => *d,
            other => instant(other).date_naive(),
        };
        return (";VALUE=DATE".into(), day.format("%Y%m%d").to_string());
    }
    if value.ends_with('Z') {
        return (String::new(), instant(when).with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string());
    }
    match template.param("TZID") {
        Some(id) => {
            let z = zone(&id).unwrap_or(viewer);
            (format!(";TZID={id}"), instant(when).with_timezone(&z).format("%Y%m%dT%H%M%S").to_string())
        }
        None => (String::new(), instant(when).naive_local().format("%Y%m%dT%H%M%S").to_string()),
    }
}

/// A new time with no form to follow: dates as dates, moments in UTC
/// (valid without a VTIMEZONE, shown right by every client).
fn plain(when: &When, viewer: Tz) -> (String, String) {
    match when {
        When::Date(d) => (";VALUE=DATE".into(), d.format("%Y%m%d").to_string()),
        other => (String::new(), other.instant(viewer).with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()),
    }
}

// ------------------------------------------------------------ the document

/// A resource as logical lines, and where its VEVENTs are.
struct Doc {
    lines: Vec<Line>,
}

struct EventAt {
    begin: usize,
    end: usize,
    recurrence_id: Option<When>,
}

impl Doc {
    fn parse(text: &str) -> Self {
        Doc { lines: logical_lines(text).into_iter().map(Line::parse).collect() }
    }

    fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(&l.raw);
            out.push_str("\r\n");
        }
        out
    }

    fn events(&self, viewer: Tz) -> Vec<EventAt> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut begin = None;
        for (i, l) in self.lines.iter().enumerate() {
            let value = l.value().trim().to_ascii_uppercase();
            match l.name.as_str() {
                "BEGIN" => {
                    depth += 1;
                    if depth == 2 && value == "VEVENT" {
                        begin = Some(i);
                    }
                }
                "END" => {
                    if depth == 2 && value == "VEVENT" {
                        if let Some(b) = begin.take() {
                            let recurrence_id = self
                                .own(b, i, "RECURRENCE-ID")
                                .and_then(|j| parse_when(&self.lines[j], viewer, &mut None).ok());
                            out.push(EventAt { begin: b, end: i, recurrence_id });
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        out
    }

    /// Indexes of the event's own lines (not inside a VALARM).
    fn own_lines(&self, begin: usize, end: usize) -> Vec<usize> {
        let mut depth = 0;
        let mut out = Vec::new();
        for i in begin + 1..end {
            match self.lines[i].name.as_str() {
                "BEGIN" => depth += 1,
                "END" => depth -= 1,
                _ if depth == 0 => out.push(i),
                _ => {}
            }
        }
        out
    }

    fn own(&self, begin: usize, end: usize, name: &str) -> Option<usize> {
        self.own_lines(begin, end).into_iter().find(|&i| self.lines[i].name == name)
    }

    fn find(&self, target: &Target, viewer: Tz) -> Option<EventAt> {
        self.events(viewer).into_iter().find(|e| match (target, &e.recurrence_id) {
            (Target::Series, None) => true,
            (Target::Occurrence(want), Some(have)) => same_instant(want, have, viewer),
            _ => false,
        })
    }

    /// Replaces the event's own `name` line, or adds it before the first
    /// sub-component (or END:VEVENT).
    fn set(&mut self, target: &Target, viewer: Tz, line: Line) -> Result<(), EditError> {
        let at = self.find(target, viewer).ok_or(EditError::NotFound)?;
        match self.own(at.begin, at.end, &line.name) {
            Some(i) => self.lines[i] = line,
            None => {
                let slot = (at.begin + 1..at.end).find(|&i| self.lines[i].name == "BEGIN").unwrap_or(at.end);
                self.lines.insert(slot, line);
            }
        }
        Ok(())
    }

    fn remove(&mut self, target: &Target, viewer: Tz, names: &[&str]) -> Result<(), EditError> {
        let at = self.find(target, viewer).ok_or(EditError::NotFound)?;
        let doomed: Vec<usize> = self
            .own_lines(at.begin, at.end)
            .into_iter()
            .filter(|&i| names.contains(&self.lines[i].name.as_str()))
            .collect();
        for i in doomed.into_iter().rev() {
            self.lines.remove(i);
        }
        Ok(())
    }

    fn value_of(&self, target: &Target, viewer: Tz, name: &str) -> Option<String> {
        let at = self.find(target, viewer)?;
        self.own(at.begin, at.end, name).map(|i| self.lines[i].value())
    }

    fn line_of(&self, target: &Target, viewer: Tz, name: &str) -> Option<Line> {
        let at = self.find(target, viewer)?;
        self.own(at.begin, at.end, name).map(|i| self.lines[i].clone())
    }

    /// SEQUENCE + 1, DTSTAMP and LAST-MODIFIED now.
    fn touch(&mut self, target: &Target, viewer: Tz, now: DateTime<Utc>) -> Result<(), EditError> {
        let sequence: i64 = self.value_of(target, viewer, "SEQUENCE").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        self.set(target, viewer, Line::new(None, "SEQUENCE", "", &(sequence + 1).to_string()))?;
        self.set(target, viewer, Line::new(None, "DTSTAMP", "", &stamp(now)))?;
        self.set(target, viewer, Line::new(None, "LAST-MODIFIED", "", &stamp(now)))
    }

    /// A series moved by some wall-clock time: its EXDATEs and its
    /// overrides' RECURRENCE-IDs name instances at the old times, so they
    /// move by the same amount and keep naming the same occurrences.
    fn shift_instances(&mut self, old_start: &Line, new_start: &When, viewer: Tz) -> Result<(), EditError> {
        let mut unknown = None;
        let old = parse_when(old_start, viewer, &mut unknown).map_err(|_| EditError::BadTime(old_start.value()))?;
        // In the series' own zone, so DST does not shift instances by an hour.
        let zone = match old {
            When::Zoned(t) => t.timezone(),
            _ => viewer,
        };
        let delta = new_start.wall_clock(zone) - old.wall_clock(zone);
        if delta.is_zero() {
            return Ok(());
        }
        let shift = |w: When| match w {
            When::Date(d) => When::Date(d + Duration::days(delta.num_days())),
            When::Zoned(t) => When::Zoned(local(zone, t.with_timezone(&zone).naive_local() + delta)),
            When::Floating(t) => When::Floating(t + delta),
        };
        let new_template = {
            let (p, v) = format_like(Some(old_start), &shift(old), viewer);
            Line::new(None, "DTSTART", &p, &v)
        };
        let master = self.find(&Target::Series, viewer).ok_or(EditError::NotFound)?;
        for i in self.own_lines(master.begin, master.end) {
            if self.lines[i].name != "EXDATE" {
                continue;
            }
            let line = self.lines[i].clone();
            let head =
                crate::formats::content_line::head_of(&crate::formats::content_line::unfold(&line.raw)).to_string();
            let mut values = Vec::new();
            for value in line.value().split(',') {
                let one = Line::parse(format!("{head}:{}", value.trim()));
                let when = parse_when(&one, viewer, &mut None).map_err(|_| EditError::BadTime(value.into()))?;
                values.push(format_like(Some(&new_template), &shift(when), viewer).1);
            }
            self.lines[i] =
                Line::parse(crate::formats::content_line::fold_line(&format!("{head}:{}", values.join(","))));
        }
        for at in self.events(viewer) {
            let (Some(id), Some(i)) = (at.recurrence_id, self.own(at.begin, at.end, "RECURRENCE-ID")) else { continue };
            let (p, v) = format_like(Some(&new_template), &shift(id), viewer);
            self.lines[i] = Line::new(None, "RECURRENCE-ID", &p, &v);
        }
        Ok(())
    }

    /// Keeps, of the series' EXDATE and RDATE values, those `keep` wants
    /// (an unreadable one counts as `unreadable`); a line left with none goes.
    fn keep_dates(&mut self, viewer: Tz, keep: impl Fn(&When) -> bool, unreadable: bool) -> Result<(), EditError> {
        use crate::formats::content_line::{fold_line, head_of, unfold};
        let master = self.find(&Target::Series, viewer).ok_or(EditError::NotFound)?;
        let mut emptied = Vec::new();
        for i in self.own_lines(master.begin, master.end) {
            if !matches!(self.lines[i].name.as_str(), "EXDATE" | "RDATE") {
                continue;
            }
            let line = self.lines[i].clone();
            let head = head_of(&unfold(&line.raw)).to_string();
            let values: Vec<String> = line
                .value()
                .split(',')
                .map(str::trim)
                .filter(|value| {
                    // A period keeps or goes with its start.
                    let start = value.split('/').next().unwrap_or(value);
                    match parse_when(&Line::parse(format!("{head}:{start}")), viewer, &mut None) {
                        Ok(when) => keep(&when),
                        Err(_) => unreadable,
                    }
                })
                .map(str::to_string)
                .collect();
            if values.is_empty() {
                emptied.push(i);
            } else {
                self.lines[i] = Line::parse(fold_line(&format!("{head}:{}", values.join(","))));
            }
        }
        for i in emptied.into_iter().rev() {
            self.lines.remove(i);
        }
        Ok(())
    }

    /// Removes the overrides whose RECURRENCE-ID `doomed` names.
    fn drop_overrides(&mut self, viewer: Tz, doomed: impl Fn(&When) -> bool) {
        let mut gone: Vec<(usize, usize)> = self
            .events(viewer)
            .into_iter()
            .filter(|at| at.recurrence_id.as_ref().is_some_and(&doomed))
            .map(|at| (at.begin, at.end))
            .collect();
        gone.sort();
        for (begin, end) in gone.into_iter().rev() {
            self.lines.drain(begin..=end);
        }
    }

    /// Rewrites every RRULE of the series with `change` (its parts).
    fn change_rules(&mut self, viewer: Tz, change: impl Fn(Vec<String>) -> Vec<String>) -> Result<(), EditError> {
        let master = self.find(&Target::Series, viewer).ok_or(EditError::NotFound)?;
        for i in self.own_lines(master.begin, master.end) {
            if self.lines[i].name != "RRULE" {
                continue;
            }
            let line = &self.lines[i];
            let parts = change(line.value().trim().split(';').map(str::to_string).collect());
            let head =
                crate::formats::content_line::head_of(&crate::formats::content_line::unfold(&line.raw)).to_string();
            self.lines[i] = Line::parse(format!("{head}:{}", parts.join(";")));
        }
        Ok(())
    }

    fn write_fields(&mut self, target: &Target, fields: &EventFields, viewer: Tz) -> Result<(), EditError> {
        let (start, end) = times(fields, viewer)?;
        let template = self.line_of(target, viewer, "DTSTART");
        // Keep the zone the series is written in, unless the kind changes
        // (timed ↔ all-day).
        let same_kind = template.as_ref().is_some_and(|t| {
            let date = t.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || t.value().trim().len() == 8;
            date == matches!(start, When::Date(_))
        });
        let form = if same_kind { template.as_ref() } else { None };
        if let (Target::Series, Some(old)) = (target, form) {
            self.shift_instances(old, &start, viewer)?;
        }
        let (p, v) = format_like(form, &start, viewer);
        self.set(target, viewer, Line::new(None, "DTSTART", &p, &v))?;
        let (p, v) = format_like(form, &end, viewer);
        self.remove(target, viewer, &["DURATION"])?;
        self.set(target, viewer, Line::new(None, "DTEND", &p, &v))?;
        self.set(target, viewer, Line::new(None, "SUMMARY", "", &escape_text(fields.summary.trim())))?;
        for (name, value) in [("LOCATION", &fields.location), ("DESCRIPTION", &fields.description)] {
            if value.trim().is_empty() {
                self.remove(target, viewer, &[name])?;
            } else {
                self.set(target, viewer, Line::new(None, name, "", &escape_text(value.trim())))?;
            }
        }
        Ok(())
    }
}

fn same_instant(a: &When, b: &When, viewer: Tz) -> bool {
    match (a, b) {
        (When::Date(x), When::Date(y)) => x == y,
        (When::Date(x), other) | (other, When::Date(x)) => other.instant(viewer).date_naive() == *x,
        (x, y) => x.instant(viewer) == y.instant(viewer),
    }
}

// ------------------------------------------------------------ edits

pub fn new_event(uid: &str, fields: &EventFields, viewer: Tz, now: DateTime<Utc>) -> Result<String, EditError> {
    if fields.summary.trim().is_empty() {
        return Err(EditError::NoSummary);
    }
    // Times in the member's zone, named (a placeholder DTSTART gives the
    // form): a client that later makes the event repeat keeps its
    // wall-clock time across DST, which a UTC time would not.
    let form = if viewer == chrono_tz::UTC {
        String::new()
    } else {
        format!("DTSTART;TZID={}:20000101T000000\r\n", viewer.name())
    };
    let skeleton = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo//Nubo companion//EN\r\nBEGIN:VEVENT\r\nUID:{}\r\nDTSTAMP:{}\r\nCREATED:{}\r\n{form}END:VEVENT\r\nEND:VCALENDAR\r\n",
        escape_text(uid),
        stamp(now),
        stamp(now)
    );
    let mut doc = Doc::parse(&skeleton);
    doc.write_fields(&Target::Series, fields, viewer)?;
    doc.set(&Target::Series, viewer, Line::new(None, "SEQUENCE", "", "0"))?;
    Ok(with_timezones(doc.to_text()))
}

/// The VTIMEZONE of every zone the text names, from the tz database
/// (calcard builds them: observances with their rules), placed before the
/// first VEVENT; the rest of the text as it was.
fn with_timezones(text: String) -> String {
    if !text.contains(";TZID=") {
        return text;
    }
    let Ok(mut calendar) = calcard::icalendar::ICalendar::parse(&text) else { return text };
    if calendar.add_missing_timezones() == 0 {
        return text;
    }
    let written = calendar.to_string().replace("\r\n", "\n").replace('\n', "\r\n");
    let (Some(from), Some(to)) = (written.find("BEGIN:VTIMEZONE"), written.rfind("END:VTIMEZONE\r\n")) else {
        return text;
    };
    let zones = &written[from..to + "END:VTIMEZONE\r\n".len()];
    match text.find("BEGIN:VEVENT") {
        Some(at) => format!("{}{zones}{}", &text[..at], &text[at..]),
        None => text,
    }
}

/// Changes the event or the whole series, or one occurrence (creating its
/// override from the series when it has none yet).
/// What a member typed on one occurrence (`id`), as it applies to the
/// whole series: the series moves by as much as they moved that occurrence
/// on the wall clock (none if they left its time alone) and lasts as long
/// as they made it last; the other fields are theirs as typed. Written
/// with [`Target::Series`], which moves the series' exceptions with it.
pub fn series_fields(text: &str, id: &When, fields: &EventFields, viewer: Tz) -> Result<EventFields, EditError> {
    let doc = Doc::parse(text);
    let start_of = |target: &Target| {
        let at = doc.find(target, viewer)?;
        let line = &doc.lines[doc.own(at.begin, at.end, "DTSTART")?];
        parse_when(line, viewer, &mut None).ok()
    };
    let series = start_of(&Target::Series).ok_or(EditError::NotFound)?;
    // Where the form showed the occurrence: its own start if it was moved, else its place in the series.
    let shown = start_of(&Target::Occurrence(*id)).unwrap_or(*id);
    let (new_start, new_end) = times(fields, viewer)?;
    let wall = |w: &When| w.wall_clock(viewer);
    let start = wall(&series) + (wall(&new_start) - wall(&shown));
    let (start, end) = match (&new_start, &new_end) {
        // All day: the end the form carries is the last day, inclusive.
        (When::Date(first), When::Date(after)) => {
            let last = start.date() + (*after - *first) - Duration::days(1);
            (start.date().format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string())
        }
        _ => {
            let end = start + (wall(&new_end) - wall(&new_start));
            (start.format("%Y-%m-%dT%H:%M").to_string(), end.format("%Y-%m-%dT%H:%M").to_string())
        }
    };
    Ok(EventFields { start, end, ..fields.clone() })
}

pub fn edit(
    text: &str,
    target: &Target,
    fields: &EventFields,
    viewer: Tz,
    now: DateTime<Utc>,
) -> Result<String, EditError> {
    if fields.summary.trim().is_empty() {
        return Err(EditError::NoSummary);
    }
    let mut doc = Doc::parse(text);
    if let Target::Occurrence(id) = target {
        if doc.find(target, viewer).is_none() {
            add_override(&mut doc, id, viewer)?;
        }
    }
    doc.write_fields(target, fields, viewer)?;
    doc.touch(target, viewer, now)?;
    Ok(doc.to_text())
}

/// A copy of the series' event for one instance, placed after the last
/// VEVENT: same properties and alarms, no rule, its own RECURRENCE-ID.
fn add_override(doc: &mut Doc, id: &When, viewer: Tz) -> Result<(), EditError> {
    let master = doc.find(&Target::Series, viewer).ok_or(EditError::NotFound)?;
    let template = doc.own(master.begin, master.end, "DTSTART").map(|i| doc.lines[i].clone());
    let own = doc.own_lines(master.begin, master.end);
    // SEQUENCE is kept: the override starts from the series' and goes above it.
    let skip = ["RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID", "DTSTAMP", "LAST-MODIFIED"];
    let mut copy: Vec<Line> = Vec::new();
    for i in master.begin..=master.end {
        let line = &doc.lines[i];
        if own.contains(&i) && skip.contains(&line.name.as_str()) {
            continue;
        }
        copy.push(line.clone());
    }
    let (p, v) = format_like(template.as_ref(), id, viewer);
    // Right after BEGIN:VEVENT.
    copy.insert(1, Line::new(None, "RECURRENCE-ID", &p, &v));
    let last_end = doc.events(viewer).iter().map(|e| e.end).max().ok_or(EditError::NotFound)?;
    for (k, line) in copy.into_iter().enumerate() {
        doc.lines.insert(last_end + 1 + k, line);
    }
    Ok(())
}

/// The resources a "this and following" change leaves: the series as it
/// was up to that occurrence, and the new series from it on (`None` when
/// the change starts at the first occurrence: then it is the whole series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub old: String,
    pub new: Option<String>,
}

/// Changes the occurrence `id` and every later one, as phone calendars do
/// (Google, Apple, Android's calendar under DAVx⁵): the series ends just
/// before it (UNTIL, or COUNT when it counted), and a new series under
/// `new_uid` starts there with the member's fields. Later EXDATEs, RDATEs
/// and overrides go with the new series, moved with it; the override of
/// `id` itself is what the member changed. A new UID, not the old one
/// again: a server may refuse a UID it keeps in its trash bin.
pub fn edit_and_following(
    text: &str,
    id: &When,
    fields: &EventFields,
    new_uid: &str,
    viewer: Tz,
    now: DateTime<Utc>,
) -> Result<Split, EditError> {
    if fields.summary.trim().is_empty() {
        return Err(EditError::NoSummary);
    }
    let doc = Doc::parse(text);
    let template = doc.line_of(&Target::Series, viewer, "DTSTART").ok_or(EditError::NotFound)?;
    let first = parse_when(&template, viewer, &mut None).map_err(|_| EditError::BadTime(template.value()))?;
    let later = |w: &When| !before(w, id, viewer);
    if !before(&first, id, viewer) {
        return Ok(Split { old: edit(text, &Target::Series, fields, viewer, now)?, new: None });
    }
    // COUNT counts the rule's instances (EXDATEs among them, RFC 5545
    // §3.8.5.3): the same engine that shows the series counts those before.
    let counted = instances_before(text, id, viewer);
    let count = |parts: &[String]| -> Option<u64> {
        parts.iter().find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("COUNT").then(|| v.trim().parse::<u64>().ok()).flatten()
        })
    };
    let is = |p: &String, key: &str| p.split_once('=').is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case(key));

    let mut old = Doc::parse(text);
    let until = until_before(&template, id, viewer);
    old.change_rules(viewer, |mut parts| {
        match (count(&parts), counted) {
            (Some(n), Some(before)) if n > 0 => {
                for p in parts.iter_mut().filter(|p| is(p, "COUNT")) {
                    *p = format!("COUNT={before}");
                }
            }
            _ => {
                parts.retain(|p| !is(p, "COUNT") && !is(p, "UNTIL"));
                parts.push(format!("UNTIL={until}"));
            }
        }
        parts
    })?;
    old.keep_dates(viewer, |w| !later(w), true)?;
    old.drop_overrides(viewer, later);
    old.touch(&Target::Series, viewer, now)?;

    let mut new = Doc::parse(text);
    new.change_rules(viewer, |mut parts| {
        if let (Some(n), Some(before)) = (count(&parts), counted) {
            for p in parts.iter_mut().filter(|p| is(p, "COUNT")) {
                *p = format!("COUNT={}", n.saturating_sub(before).max(1));
            }
        }
        parts
    })?;
    new.keep_dates(viewer, later, false)?;
    new.drop_overrides(viewer, |w| !later(w) || same_instant(w, id, viewer));
    // Starts at that instance: the member's change then moves the later
    // EXDATEs and overrides with it (as a whole-series edit does).
    let (p, v) = format_like(Some(&template), id, viewer);
    new.set(&Target::Series, viewer, Line::new(None, "DTSTART", &p, &v))?;
    new.write_fields(&Target::Series, fields, viewer)?;
    for at in new.events(viewer) {
        if let Some(i) = new.own(at.begin, at.end, "UID") {
            new.lines[i] = Line::new(None, "UID", "", &escape_text(new_uid));
        }
    }
    for (name, value) in [("SEQUENCE", "0".to_string()), ("DTSTAMP", stamp(now)), ("CREATED", stamp(now))] {
        new.set(&Target::Series, viewer, Line::new(None, name, "", &value))?;
    }
    new.set(&Target::Series, viewer, Line::new(None, "LAST-MODIFIED", "", &stamp(now)))?;
    Ok(Split { old: old.to_text(), new: Some(new.to_text()) })
}

/// Whether `a` comes before the instance `b` (a date before a moment on
/// the same day counts as that day).
fn before(a: &When, b: &When, viewer: Tz) -> bool {
    match (a, b) {
        (When::Date(x), When::Date(y)) => x < y,
        _ => !same_instant(a, b, viewer) && a.instant(viewer) < b.instant(viewer),
    }
}

/// The UNTIL that ends a series just before the instance `id`, of the
/// type RFC 5545 §3.3.10 wants beside that DTSTART: the day before for
/// dates, a second before in UTC for zoned times, floating for floating.
fn until_before(template: &Line, id: &When, viewer: Tz) -> String {
    let value = template.value();
    let is_date = template.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.trim().len() == 8;
    let second = Duration::seconds(1);
    if is_date {
        let day = match id {
            When::Date(d) => *d,
            other => other.instant(viewer).date_naive(),
        };
        // Never before year 0: RFC 5545 spells four-digit years.
        return day.pred_opt().filter(|d| d.year() >= 0).unwrap_or(day).format("%Y%m%d").to_string();
    }
    if template.param("TZID").is_none() && !value.trim().ends_with('Z') {
        let wall = match id {
            When::Floating(t) => *t,
            other => other.instant(viewer).naive_local(),
        };
        let earlier = wall.checked_sub_signed(second).filter(|t| t.year() >= 0).unwrap_or(wall);
        return earlier.format("%Y%m%dT%H%M%S").to_string();
    }
    let at = id.instant(viewer).with_timezone(&Utc);
    at.checked_sub_signed(second).filter(|t| t.year() >= 0).unwrap_or(at).format("%Y%m%dT%H%M%SZ").to_string()
}

/// How many instances the series' rule gives before `id` (DTSTART's
/// included, EXDATEs counted), when it has one rule and they are few
/// enough to count; else `None`, and the series is ended by UNTIL.
fn instances_before(text: &str, id: &When, viewer: Tz) -> Option<u64> {
    use super::recurrence::expand;
    let mut series = super::ical::parse_resource(text, viewer).ok()?.into_iter().next()?;
    let master = series.master.as_mut()?;
    let rules = master.recurrence_lines.iter().filter(|l| l.starts_with("RRULE")).count();
    if rules != 1 {
        return None;
    }
    master.recurrence_lines.retain(|l| l.starts_with("DTSTART") || l.starts_with("RRULE"));
    master.lines.retain(|l| l.name != "RDATE");
    let from = master.start.instant(viewer).with_timezone(&Utc);
    let to = id.instant(viewer).with_timezone(&Utc);
    series.overrides.clear();
    let expansion = expand(&series, from, to, viewer).ok()?;
    if expansion.truncated {
        return None;
    }
    let n = expansion.occurrences.iter().filter(|o| o.recurrence_id.is_some_and(|r| before(&r, id, viewer))).count();
    u64::try_from(n).ok()
}

/// Cancels one occurrence: an EXDATE on the series in the form of its
/// DTSTART; an override of that occurrence goes.
pub fn cancel_occurrence(text: &str, id: &When, viewer: Tz, now: DateTime<Utc>) -> Result<String, EditError> {
    let mut doc = Doc::parse(text);
    if let Some(at) = doc.find(&Target::Occurrence(*id), viewer) {
        doc.lines.drain(at.begin..=at.end);
    }
    let master = doc.find(&Target::Series, viewer).ok_or(EditError::NotFound)?;
    let template = doc.own(master.begin, master.end, "DTSTART").map(|i| doc.lines[i].clone());
    let (p, v) = format_like(template.as_ref(), id, viewer);
    let slot = (master.begin + 1..master.end).find(|&i| doc.lines[i].name == "BEGIN").unwrap_or(master.end);
    doc.lines.insert(slot, Line::new(None, "EXDATE", &p, &v));
    doc.touch(&Target::Series, viewer, now)?;
    Ok(doc.to_text())
}

/// The same resource under a new UID (every VEVENT of it), for keeping
/// the member's version of a conflict as a separate event.
pub fn with_uid(text: &str, uid: &str, viewer: Tz, now: DateTime<Utc>) -> String {
    let mut doc = Doc::parse(text);
    for at in doc.events(viewer) {
        if let Some(i) = doc.own(at.begin, at.end, "UID") {
            doc.lines[i] = Line::new(None, "UID", "", &escape_text(uid));
        }
    }
    let _ = doc.touch(&Target::Series, viewer, now);
    doc.to_text()
}

/// The fields of the series or of one occurrence, as the edit form shows
/// them (the occurrence's own start when it has no override yet).
pub fn fields_of(event: &super::ical::VEvent, start: &When, end: &When, viewer: Tz) -> EventFields {
    let text = |name: &str| {
        // The event's own lines come before its first VALARM.
        event
            .lines
            .iter()
            .take_while(|l| l.name != "BEGIN")
            .find(|l| l.name == name)
            .map(|l| crate::formats::content_line::unescape_text(&l.value()))
            .unwrap_or_default()
    };
    let (start, end) = match (start, end) {
        (When::Date(a), When::Date(b)) => {
            let last = if b > a { *b - Duration::days(1) } else { *a };
            (a.format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string())
        }
        (a, b) => (
            a.instant(viewer).format("%Y-%m-%dT%H:%M").to_string(),
            b.instant(viewer).format("%Y-%m-%dT%H:%M").to_string(),
        ),
    };
    EventFields {
        summary: event.summary.clone(),
        location: event.location.clone(),
        description: text("DESCRIPTION"),
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GA_SERIES: &str = include_str!("../../../scripts/seed/calendar/assemblee-generale.ics");

    fn on_series(key: &str, summary: &str, start: &str, end: &str) -> EventFields {
        let fields =
            EventFields { summary: summary.into(), start: start.into(), end: end.into(), ..Default::default() };
        series_fields(GA_SERIES, &parse_occurrence_key(key).unwrap(), &fields, chrono_tz::Europe::Brussels).unwrap()
    }

    #[test]
    fn a_change_to_the_whole_series_from_one_occurrence_moves_the_series_by_as_much() {
        let march = "2027-03-02T18:00:00Z";
        // The title alone: the series keeps its times (from 1 September 2026).
        let kept = on_series(march, "Conseil coopératif", "2027-03-02T19:00", "2027-03-02T21:00");
        assert_eq!(kept.summary, "Conseil coopératif");
        assert_eq!((kept.start.as_str(), kept.end.as_str()), ("2026-09-01T19:00", "2026-09-01T21:00"));
        // (occurrence, what the form now says, where the series goes)
        let moves = [
            // An hour later, and half an hour longer.
            (march, ("2027-03-02T20:00", "2027-03-02T22:30"), ("2026-09-01T20:00", "2026-09-01T22:30")),
            // A week later: from the series' own first date a week on.
            (march, ("2027-03-09T19:00", "2027-03-09T21:00"), ("2026-09-08T19:00", "2026-09-08T21:00")),
            // From the moved May assembly, as the form showed it (the 11th
            // at 19:30): left as it was, the series does not move.
            (
                "2027-05-04T17:00:00Z",
                ("2027-05-11T19:30", "2027-05-11T21:30"),
                ("2026-09-01T19:00", "2026-09-01T21:00"),
            ),
            // All day, then timed again.
            (march, ("2027-03-02", "2027-03-03"), ("2026-09-01", "2026-09-02")),
            (march, ("2027-03-02T10:00", "2027-03-02T11:00"), ("2026-09-01T10:00", "2026-09-01T11:00")),
        ];
        for (key, (start, end), want) in moves {
            let got = on_series(key, "x", start, end);
            assert_eq!((got.start.as_str(), got.end.as_str()), want, "{key}: {start} to {end}");
        }
    }

    #[test]
    fn the_whole_series_written_from_one_occurrence_keeps_its_rule_and_moves_its_exceptions() {
        let brussels = chrono_tz::Europe::Brussels;
        let fields = on_series("2027-03-02T18:00:00Z", "Conseil coopératif", "2027-03-02T20:00", "2027-03-02T22:00");
        let now = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap();
        let text = edit(GA_SERIES, &Target::Series, &fields, brussels, now).unwrap();
        for line in [
            "SUMMARY:Conseil coopératif\r\n",
            "DTSTART;TZID=Europe/Brussels:20260901T200000\r\n",
            "DTEND;TZID=Europe/Brussels:20260901T220000\r\n",
            "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12\r\n",
            // The cancelled August date and the moved May one still name theirs.
            "EXDATE;TZID=Europe/Brussels:20270803T200000\r\n",
            "RECURRENCE-ID;TZID=Europe/Brussels:20270504T200000\r\n",
            // The moved May assembly keeps its own title and time.
            "SUMMARY:Assemblée générale annuelle\r\n",
            "DTSTART;TZID=Europe/Brussels:20270511T193000\r\n",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }

    #[test]
    fn a_year_no_calendar_spells_is_refused_not_a_panic() {
        let brussels = chrono_tz::Europe::Brussels;
        let typed = |start: &str, end: &str| EventFields {
            summary: "x".into(),
            start: start.into(),
            end: end.into(),
            ..Default::default()
        };
        let key = parse_occurrence_key("2027-03-02T18:00:00Z").unwrap();
        for (start, end) in [
            ("+262143-12-31", ""),
            ("+262143-12-31T23:30", ""),
            ("99999-03-02T19:00", "99999-03-02T21:00"),
            ("-0001-03-02T19:00", ""),
            ("2027-03-02T19:00", "12027-03-02T21:00"),
        ] {
            let fields = typed(start, end);
            assert!(matches!(times(&fields, brussels), Err(EditError::BadTime(_))), "{start} {end}");
            assert!(matches!(series_fields(GA_SERIES, &key, &fields, brussels), Err(EditError::BadTime(_))));
            let now = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap();
            assert!(matches!(edit(GA_SERIES, &Target::Series, &fields, brussels, now), Err(EditError::BadTime(_))));
        }
        // The last year four digits spell is a year like any other.
        assert!(times(&typed("9999-12-31T23:30", ""), brussels).is_ok());
        assert!(times(&typed("9999-12-31", ""), brussels).is_ok());
    }

    fn until(dtstart: &str, key: &str) -> String {
        let template = Line::parse(dtstart.to_string());
        until_before(&template, &parse_occurrence_key(key).unwrap(), chrono_tz::Europe::Brussels)
    }

    #[test]
    fn until_is_of_the_type_rfc_5545_wants_beside_dtstart_and_just_before_the_split() {
        assert_eq!(until("DTSTART;TZID=Europe/Brussels:20270104T100000", "2027-02-01T09:00:00Z"), "20270201T085959Z");
        assert_eq!(until("DTSTART:20270104T090000Z", "2027-02-01T09:00:00Z"), "20270201T085959Z");
        assert_eq!(until("DTSTART;VALUE=DATE:20270106", "2027-01-20"), "20270119");
        // A date written without VALUE=DATE (as some clients do) is a date.
        assert_eq!(until("DTSTART:20270106", "2027-01-20"), "20270119");
        assert_eq!(until("DTSTART:20270104T070000", "2027-01-07T07:00:00"), "20270107T065959");
        // Nothing before year 0 is written: RFC 5545 years have four digits.
        assert_eq!(until("DTSTART;VALUE=DATE:00000101", "0000-01-01"), "00000101");
        assert_eq!(until("DTSTART:00000101T000000Z", "0000-01-01T00:00:00Z"), "00000101T000000Z");
    }

    #[test]
    fn before_compares_instances_whatever_their_type() {
        let brussels = chrono_tz::Europe::Brussels;
        let key = |k: &str| parse_occurrence_key(k).unwrap();
        assert!(before(&key("2027-01-19"), &key("2027-01-20"), brussels));
        assert!(!before(&key("2027-01-20"), &key("2027-01-20"), brussels));
        assert!(before(&key("2027-02-01T08:59:59Z"), &key("2027-02-01T09:00:00Z"), brussels));
        // A date and a moment that day are the same instance.
        assert!(!before(&key("2027-02-01"), &key("2027-02-01T09:00:00Z"), brussels));
    }
}
