//! Expanding a series into occurrences inside a window, in the member's
//! time zone, with the `rrule` crate. Always bounded: at most
//! [`MAX_PER_SERIES`] occurrences per call, and rrule's own iteration limit
//! stops pathological rules (FREQ=SECONDLY without end) early.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

use super::ical::{
    floating_until_in, local, parse_nominal_duration, read_when, zone, Series, Trigger, VEvent, When, Zones,
};
use crate::formats::content_line::unfold;

pub const MAX_PER_SERIES: u16 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// All-day, end exclusive.
    Dates(NaiveDate, NaiveDate),
    Times(DateTime<Tz>, DateTime<Tz>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub uid: String,
    pub summary: String,
    pub location: String,
    pub span: Span,
    /// Set on an occurrence that an override moved or changed.
    pub overridden: bool,
    /// Which instance of the series this is (its RECURRENCE-ID): the start
    /// the rule gave it, before any override moved it. `None` for an event
    /// that does not recur.
    pub recurrence_id: Option<When>,
    /// The zone the event is set in (its DTSTART's TZID), when it has one.
    pub zone: Option<Tz>,
}

impl Occurrence {
    /// Start instant in the member's zone (all-day: local midnight).
    pub fn start(&self, viewer: Tz) -> DateTime<Tz> {
        match &self.span {
            Span::Times(s, _) => *s,
            Span::Dates(d, _) => When::Date(*d).instant(viewer),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    pub occurrences: Vec<Occurrence>,
    /// More occurrences exist in the window than were produced.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("unreadable recurrence rule: {0}")]
    Rule(String),
    #[error("recurrence too frequent to expand ({0} steps before the window ends)")]
    TooFrequent(i64),
    #[error("{0} recurrence rules in one event (at most {MAX_RULES} are read)")]
    TooManyRules(usize),
}

/// Steps the rrule iterator may take to the window's end, counted from
/// where each walk starts. A walk that must start at DTSTART (a COUNT
/// counts from there) of a rule like FREQ=SECONDLY from years ago would
/// take minutes; such a rule is refused instead. Half a million is an
/// hourly rule over 57 years, a quarter-hourly one over 14; two million
/// cost a second or more per series on a phone (7 s in a debug build,
/// where the fuzzer found it).
pub const MAX_STEPS: i64 = 500_000;

/// The steps of every walk to `to`: each RRULE is walked on its own, so
/// their steps add up (a harmless first rule must not let a SECONDLY
/// second one through).
fn steps_until(walks: &[RRuleSet], to: DateTime<Utc>) -> i64 {
    walks
        .iter()
        .flat_map(|walk| {
            let span = (to - walk.get_dt_start().with_timezone(&Utc)).num_seconds().max(0);
            walk.get_rrule().iter().map(move |rule| span / rule_step_seconds(rule))
        })
        .fold(0i64, i64::saturating_add)
}

/// The shortest time between two steps of one RRULE, in seconds (a month
/// counted short, so the guard errs on the side of refusing).
fn rule_step_seconds(rule: &rrule::RRule) -> i64 {
    frequency_seconds(rule.get_freq()).saturating_mul(i64::from(rule.get_interval().max(1)))
}

fn frequency_seconds(frequency: rrule::Frequency) -> i64 {
    use rrule::Frequency;
    match frequency {
        Frequency::Secondly => 1,
        Frequency::Minutely => 60,
        Frequency::Hourly => 3_600,
        Frequency::Daily => 86_400,
        Frequency::Weekly => 7 * 86_400,
        Frequency::Monthly | Frequency::Yearly => 28 * 86_400,
    }
}

/// RRULEs one event may carry. RFC 5545 says one; a few more are read,
/// but not hundreds, each walked from DTSTART (found by fuzzing: 185
/// monthly rules since 1997 took seconds per event).
pub const MAX_RULES: usize = 8;

/// The recurrence lines once each: a line repeated adds nothing to the set
/// (RFC 5545 §3.8.5.3), only work.
fn distinct_lines(event: &VEvent) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    event.recurrence_lines.iter().filter(|l| seen.insert(l.as_str())).collect()
}

/// The recurrence lines as rrule reads them: every TZID an IANA name
/// (vendor prefixes removed, unknown zones read as the member's), floating
/// times pinned to the member's zone rather than the machine's.
fn rule_text(event: &VEvent, viewer: Tz) -> String {
    let floating = matches!(event.start, When::Floating(_));
    let mut lines: Vec<String> = distinct_lines(event)
        .into_iter()
        .filter(|line| !is_period_rdate(line))
        .map(|line| {
            let (head, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
            let mut params: Vec<String> = head.split(';').map(str::to_string).collect();
            let name = params.remove(0).to_ascii_uppercase();
            if name == "RRULE" {
                // A floating DTSTART is pinned to the member's zone below;
                // its floating UNTIL (as RFC 5545 wants it) goes with it, in
                // UTC, else the rrule crate refuses the pair.
                return if floating { pinned_until(line, viewer) } else { line.clone() };
            }
            let mut has_tz = false;
            for p in params.iter_mut() {
                if let Some(id) = p.strip_prefix("TZID=").or_else(|| p.strip_prefix("tzid=")) {
                    let z = zone(id.trim_matches('"')).unwrap_or(viewer);
                    *p = format!("TZID={}", z.name());
                    has_tz = true;
                }
            }
            let is_date = params.iter().any(|p| p.eq_ignore_ascii_case("VALUE=DATE"));
            if floating && !has_tz && !is_date && !value.ends_with('Z') {
                params.push(format!("TZID={}", viewer.name()));
            }
            let params: String = params.iter().map(|p| format!(";{p}")).collect();
            format!("{name}{params}:{value}")
        })
        .collect();
    // Without a rule, DTSTART is the first instance and the RDATEs the
    // others (RFC 5545 §3.8.5.2); rrule's set counts DTSTART only with a
    // rule, so it is given as one more date.
    if !lines.iter().any(|l| l.starts_with("RRULE")) {
        if let Some(start) = lines.iter().find_map(|l| l.strip_prefix("DTSTART")) {
            let as_date = format!("RDATE{start}");
            lines.push(as_date);
        }
    }
    lines.join("\n")
}

fn pinned_until(rule: &str, viewer: Tz) -> String {
    let (head, value) = rule.split_once(':').unwrap_or((rule, ""));
    let parts: Vec<String> = value
        .split(';')
        .map(|p| match p.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") && v.contains('T') && !v.trim().ends_with('Z') => {
                floating_until_in(v, viewer).map_or_else(|| p.to_string(), |u| format!("UNTIL={u}"))
            }
            _ => p.to_string(),
        })
        .collect();
    format!("{head}:{}", parts.join(";"))
}

/// `RDATE;VALUE=PERIOD:start/end,start/duration`: instances with their own
/// length, which the rrule crate does not read; see [`periods`].
fn is_period_rdate(line: &str) -> bool {
    let (head, value) = line.split_once(':').unwrap_or((line, ""));
    head.to_ascii_uppercase().starts_with("RDATE")
        && (head.to_ascii_uppercase().contains("VALUE=PERIOD") || value.contains('/'))
}

/// The instances an event's period RDATEs name: each start with its own
/// end (or duration). Periods that cannot be read are left out.
fn periods(event: &VEvent, viewer: Tz) -> Vec<(When, When)> {
    let mut out = Vec::new();
    for line in event.lines.iter().filter(|l| l.name == "RDATE" && is_period_rdate(&unfold(&l.raw))) {
        for period in line.value().split(',') {
            let Some((start, end)) = period.trim().split_once('/') else { continue };
            let mut unknown = None;
            let Ok(start_when) = read_when(line, start, viewer, &Zones::default(), &mut unknown) else { continue };
            let end_when = if end.trim_start_matches(['+', '-']).starts_with('P') {
                parse_nominal_duration(end).and_then(|d| start_when.checked_add_nominal(d))
            } else {
                read_when(line, end, viewer, &Zones::default(), &mut unknown).ok()
            };
            if let Some(end_when) = end_when {
                out.push((start_when, end_when));
            }
        }
    }
    out
}

/// Overrides once per RECURRENCE-ID: the highest SEQUENCE, else the first
/// (a resource may carry the same override twice).
fn latest_overrides(all: &[VEvent], viewer: Tz) -> Vec<&VEvent> {
    let sequence = |e: &VEvent| -> i64 {
        e.lines.iter().find(|l| l.name == "SEQUENCE").and_then(|l| l.value().trim().parse().ok()).unwrap_or(0)
    };
    let mut kept: Vec<&VEvent> = Vec::new();
    for o in all {
        let id = o.recurrence_id.map(|w| w.instant(viewer));
        match kept.iter_mut().find(|k| k.recurrence_id.map(|w| w.instant(viewer)) == id) {
            Some(k) if sequence(o) > sequence(k) => *k = o,
            Some(_) => {}
            None => kept.push(o),
        }
    }
    kept
}

/// The instance of `master` that starts at `date`, as the master writes its
/// start (all-day, in its zone, or floating).
fn instance_when(master: &VEvent, date: DateTime<rrule::Tz>, viewer: Tz) -> When {
    match master.start {
        When::Date(_) => When::Date(date.date_naive()),
        When::Zoned(start) => When::Zoned(date.with_timezone(&start.timezone())),
        When::Floating(_) => When::Floating(date.with_timezone(&viewer).naive_local()),
    }
}

fn to_rrule_tz(t: DateTime<Utc>) -> DateTime<rrule::Tz> {
    t.with_timezone(&rrule::Tz::Tz(chrono_tz::UTC))
}

/// Whether an occurrence shows in `[from, to)`: a moment in it, or a span
/// crossing it (the store keeps the same rule).
pub fn overlaps(span: &Span, from: DateTime<Utc>, to: DateTime<Utc>, viewer: Tz) -> bool {
    let (s, e) = match span {
        Span::Times(s, e) => (s.with_timezone(&Utc), e.with_timezone(&Utc)),
        Span::Dates(a, b) => {
            (When::Date(*a).instant(viewer).with_timezone(&Utc), When::Date(*b).instant(viewer).with_timezone(&Utc))
        }
    };
    if s == e {
        s >= from && s < to
    } else {
        s < to && e > from
    }
}

fn span_of(event: &VEvent, viewer: Tz) -> Span {
    match (event.start, event.end) {
        (When::Date(a), When::Date(b)) => Span::Dates(a, b.max(a)),
        (a, b) => Span::Times(a.instant(viewer), b.instant(viewer).max(a.instant(viewer))),
    }
}

/// Whether an occurrence starting at `start` is the one `recurrence_id` names.
fn same_instance(recurrence_id: &When, start: &Span, viewer: Tz) -> bool {
    match (recurrence_id, start) {
        (When::Date(d), Span::Dates(s, _)) => d == s,
        (id, Span::Times(s, _)) => id.instant(viewer) == *s,
        (id, Span::Dates(s, _)) => id.instant(viewer).date_naive() == *s,
    }
}

/// The `RANGE=THISANDFUTURE` override in force for the instance `id`: the
/// latest one before it (the instance it names is its own, and a plain
/// override of a later instance still wins over it). A cancelled one
/// cancels the instances it governs.
pub fn governing<'a>(overrides: &[&'a VEvent], id: &When, viewer: Tz) -> Option<&'a VEvent> {
    let at = id.instant(viewer);
    overrides
        .iter()
        .copied()
        .filter(|o| o.this_and_future)
        .filter_map(|o| o.recurrence_id.map(|r| (r.instant(viewer), o)))
        .filter(|(r, _)| *r < at)
        .max_by_key(|(r, _)| *r)
        .map(|(_, o)| o)
}

/// Where a `RANGE=THISANDFUTURE` override puts a later instance that the
/// rule starts at `instance`: moved as the override moved its own (RFC
/// 5545 §3.8.4.4), on the wall clock when both times are in one zone (a
/// Saturday moved to the Sunday stays at its hour across DST, as the
/// reference reads it), and lasting as long as the override. `None` past
/// what a calendar can name.
pub fn shifted(instance: &When, by: &VEvent, viewer: Tz) -> Option<Span> {
    let original = by.recurrence_id?;
    let start = match (original, by.start, *instance) {
        (When::Date(a), When::Date(b), When::Date(d)) => When::Date(d.checked_add_signed(b - a)?),
        (When::Floating(a), When::Floating(b), When::Floating(t)) => When::Floating(t.checked_add_signed(b - a)?),
        (When::Zoned(a), When::Zoned(b), When::Zoned(t)) if a.timezone() == b.timezone() => {
            let wall = b.naive_local() - a.naive_local();
            let zone = t.timezone();
            When::Zoned(local(zone, t.naive_local().checked_add_signed(wall)?))
        }
        (a, b, When::Date(d)) => {
            When::Date(d.checked_add_signed(Duration::try_days((b.instant(viewer) - a.instant(viewer)).num_days())?)?)
        }
        (a, b, t) => When::Zoned(t.instant(viewer).checked_add_signed(b.instant(viewer) - a.instant(viewer))?),
    };
    // Within the years a calendar can spell, as every read time is.
    let start = start.checked_add(Duration::zero())?;
    let end = match by.nominal_duration {
        Some(nominal) => start.checked_add_nominal(nominal)?,
        None => start.checked_add(by.duration(viewer))?,
    };
    Some(match (start, end) {
        (When::Date(a), When::Date(b)) => Span::Dates(a, b.max(a)),
        (a, b) => Span::Times(a.instant(viewer), b.instant(viewer).max(a.instant(viewer))),
    })
}

/// How far before and after the window the rule must be walked for the
/// instances `RANGE=THISANDFUTURE` overrides move into it: the largest
/// move each way, their length, and a day for DST and zones.
fn reach(overrides: &[&VEvent], viewer: Tz) -> (Duration, Duration) {
    let mut back = Duration::zero();
    let mut ahead = Duration::zero();
    for o in overrides.iter().filter(|o| o.this_and_future) {
        let Some(original) = o.recurrence_id else { continue };
        let moved = o.start.instant(viewer) - original.instant(viewer);
        let length = o.duration(viewer).max(Duration::zero());
        let (later, earlier) =
            if moved > Duration::zero() { (moved, Duration::zero()) } else { (Duration::zero(), -moved) };
        let slack = Duration::days(2);
        let b = later.checked_add(&length).and_then(|x| x.checked_add(&slack)).unwrap_or(Duration::MAX);
        let a = earlier.checked_add(&slack).unwrap_or(Duration::MAX);
        back = back.max(b);
        ahead = ahead.max(a);
    }
    (back, ahead)
}

/// The walks that yield a set's instances: each RRULE on its own (the
/// RDATEs with the first, the EXDATEs with each), started near the window
/// when that changes nothing ([`walked_from_near`]). The union of the
/// walks is the set (RFC 5545 §3.8.5.3), and a rule begun decades ago
/// beside another no longer walks from its first date (found by fuzzing:
/// a minutely rule since 1997 beside a monthly one took a second). A set
/// with an EXRULE is walked whole from DTSTART: its exclusions count from there.
fn walks(set: RRuleSet, earliest: DateTime<Utc>) -> Vec<RRuleSet> {
    if set.get_rrule().len() <= 1 || !set.get_exrule().is_empty() {
        return vec![walked_from_near(set, earliest)];
    }
    let start = *set.get_dt_start();
    set.get_rrule()
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let one = RRuleSet::new(start).set_rrules(vec![rule.clone()]).set_exdates(set.get_exdate().clone());
            let one = if i == 0 { one.set_rdates(set.get_rdate().clone()) } else { one };
            walked_from_near(one, earliest)
        })
        .collect()
}

/// The same set, started on a boundary of its rule at least one period
/// before `earliest` instead of at DTSTART, when that changes nothing the
/// walk yields from `earliest` on: one RRULE without COUNT (which counts
/// from DTSTART) and no EXRULE. The rrule crate made the rule's implicit
/// parts (weekday, day, month, time of day) explicit from the real DTSTART
/// when it read it, and a start a whole number of periods later keeps the
/// INTERVAL's alignment; instances of that first period are before the
/// window. Hours, minutes and seconds are stepped on the local clock, as
/// the crate steps them, so a start moved by whole periods of it stays on
/// the rule's grid (save where the crate's own steps leave it, below).
/// An unending series begun years ago then costs the window it is shown
/// in, not its age (the reminders of every start and each new window
/// walked 253 such series from their first date).
fn walked_from_near(set: RRuleSet, earliest: DateTime<Utc>) -> RRuleSet {
    use chrono::{Datelike, Months, NaiveDateTime, TimeZone};
    use rrule::Frequency;
    let [rule] = set.get_rrule().as_slice() else { return set };
    if rule.get_count().is_some() || !set.get_exrule().is_empty() {
        return set;
    }
    let start = *set.get_dt_start();
    let zone = start.timezone();
    let first = start.naive_local();
    let target = earliest.with_timezone(&zone).naive_local();
    if target <= first {
        return set;
    }
    let interval = i64::from(rule.get_interval().max(1));
    // Whole periods between the first step and the target, less one.
    let periods = |elapsed: i64| (elapsed / interval - 1) * interval;
    let midnight = |day: NaiveDate| day.and_hms_opt(0, 0, 0);
    let (first_day, target_day) = (first.date(), target.date());
    let near: Option<NaiveDateTime> = match rule.get_freq() {
        Frequency::Daily => first_day
            .checked_add_signed(Duration::days(periods((target_day - first_day).num_days())))
            .and_then(midnight),
        Frequency::Weekly => first_day
            .checked_add_signed(Duration::weeks(periods((target_day - first_day).num_weeks())))
            .and_then(midnight),
        Frequency::Monthly | Frequency::Yearly => {
            let per = if rule.get_freq() == Frequency::Yearly { 12 } else { 1 };
            let months = i64::from(target_day.year() - first_day.year()) * 12 + i64::from(target_day.month())
                - i64::from(first_day.month());
            let shift = periods(months / per) * per;
            let boundary = if per == 12 { first_day.with_ordinal(1) } else { first_day.with_day(1) };
            boundary.and_then(|b| b.checked_add_months(Months::new(u32::try_from(shift).ok()?))).and_then(midnight)
        }
        // The crate jumps a minutely rule's filtered hours (a secondly
        // rule's hours and minutes) by whole hours off its grid, so where
        // such a walk is depends on every step before: walked from DTSTART.
        Frequency::Minutely if !rule.get_by_hour().is_empty() => None,
        Frequency::Secondly if !rule.get_by_hour().is_empty() || !rule.get_by_minute().is_empty() => None,
        sub_daily @ (Frequency::Hourly | Frequency::Minutely | Frequency::Secondly) => {
            let unit = frequency_seconds(sub_daily);
            let elapsed = (target - first).num_seconds() / unit;
            Duration::try_seconds(periods(elapsed).saturating_mul(unit)).and_then(|d| first.checked_add_signed(d))
        }
    };
    let Some(near) = near.filter(|n| *n > first) else { return set };
    // A local time a clock change skips names no instant: walked from DTSTART.
    let Some(near) = zone.from_local_datetime(&near).earliest() else { return set };
    RRuleSet::new(near)
        .set_rrules(vec![rule.clone()])
        .set_rdates(set.get_rdate().clone())
        .set_exdates(set.get_exdate().clone())
}

/// A notification the shell schedules for an alarm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub at: DateTime<Utc>,
    pub uid: String,
    pub summary: String,
    /// When the occurrence starts, for the notification's text.
    pub starts: DateTime<Tz>,
    /// When it ends: a reminder missed (the phone was off) is still worth
    /// showing late until then.
    pub ends: DateTime<Tz>,
}

/// Alarms are looked for this far around the window: a reminder a week
/// before is the longest members set.
const ALARM_REACH_DAYS: i64 = 8;

/// The reminders due in `[from, to)`: every alarm of every occurrence,
/// moved occurrences carrying their own alarms, cancelled ones none.
pub fn reminders(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    viewer: Tz,
) -> Result<Vec<Reminder>, RecurrenceError> {
    let reach = Duration::days(ALARM_REACH_DAYS);
    let expansion = expand(
        series,
        from.checked_sub_signed(reach).unwrap_or(from),
        to.checked_add_signed(reach).unwrap_or(to),
        viewer,
    )?;
    let mut out = Vec::new();
    for occurrence in &expansion.occurrences {
        let event = if occurrence.overridden {
            let live = latest_overrides(&series.overrides, viewer);
            series
                .overrides
                .iter()
                .find(|o| span_of(o, viewer) == occurrence.span)
                .or_else(|| occurrence.recurrence_id.as_ref().and_then(|id| governing(&live, id, viewer)))
        } else {
            series.master.as_ref()
        };
        let Some(event) = event else { continue };
        let (start, end) = match &occurrence.span {
            Span::Times(s, e) => (*s, *e),
            Span::Dates(a, b) => (When::Date(*a).instant(viewer), When::Date(*b).instant(viewer)),
        };
        for alarm in &event.alarms {
            // A trigger too far from its event to name a time rings never.
            let at = match &alarm.trigger {
                Trigger::Absolute(t) => *t,
                Trigger::Relative { offset, from_end: false } => match start.checked_add_signed(*offset) {
                    Some(t) => t.with_timezone(&Utc),
                    None => continue,
                },
                Trigger::Relative { offset, from_end: true } => match end.checked_add_signed(*offset) {
                    Some(t) => t.with_timezone(&Utc),
                    None => continue,
                },
            };
            if at >= from && at < to {
                out.push(Reminder {
                    at,
                    uid: event.uid.clone(),
                    summary: occurrence.summary.clone(),
                    starts: start,
                    ends: end,
                });
            }
        }
    }
    out.sort_by_key(|r| r.at);
    // An absolute trigger is one reminder, however many occurrences.
    out.dedup_by(|a, b| a.at == b.at && a.uid == b.uid);
    Ok(out)
}

/// The zone a start is set in; `None` for UTC, floating and all-day times.
fn own_zone(start: &When) -> Option<Tz> {
    match start {
        When::Zoned(at) if at.timezone() != chrono_tz::UTC => Some(at.timezone()),
        _ => None,
    }
}

pub fn expand(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    viewer: Tz,
) -> Result<Expansion, RecurrenceError> {
    let mut out = Expansion::default();
    let live_overrides = latest_overrides(&series.overrides, viewer);
    if let Some(master) = &series.master {
        let one = |span: Span, recurrence_id: Option<When>| Occurrence {
            uid: master.uid.clone(),
            summary: master.summary.clone(),
            location: master.location.clone(),
            span,
            overridden: false,
            recurrence_id,
            zone: own_zone(&master.start),
        };
        if !master.recurs() {
            let span = span_of(master, viewer);
            if overlaps(&span, from, to, viewer) && !master.cancelled {
                out.occurrences.push(one(span, None));
            }
        } else {
            let rules = distinct_lines(master).iter().filter(|l| l.to_ascii_uppercase().starts_with("RRULE")).count();
            if rules > MAX_RULES {
                return Err(RecurrenceError::TooManyRules(rules));
            }
            // Instances a THISANDFUTURE override moves into the window
            // start outside it.
            let (back, ahead) = reach(&live_overrides, viewer);
            let to_walk = to.checked_add_signed(ahead).unwrap_or(DateTime::<Utc>::MAX_UTC);
            let text = rule_text(master, viewer);
            // RFC 5545 rules are ASCII; the rrule crate slices values by
            // byte and panics inside a multi-byte character ("BYDAY=1TU€").
            if !text.is_ascii() {
                return Err(RecurrenceError::Rule("characters outside ASCII in the rule".into()));
            }
            let set: RRuleSet = text.parse().map_err(|e: rrule::RRuleError| RecurrenceError::Rule(e.to_string()))?;
            let duration = master.duration(viewer);
            // Occurrences that started before the window may still run into it.
            let earliest = duration
                .max(Duration::zero())
                .max(back)
                .checked_add(&Duration::days(1))
                .and_then(|back| from.checked_sub_signed(back))
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            let walks = walks(set, earliest);
            let steps = steps_until(&walks, to_walk);
            if steps > MAX_STEPS {
                return Err(RecurrenceError::TooFrequent(steps));
            }
            let most = usize::from(MAX_PER_SERIES);
            let mut dates = Vec::new();
            for walk in walks {
                let result = walk.after(to_rrule_tz(earliest)).before(to_rrule_tz(to_walk)).all(MAX_PER_SERIES);
                out.truncated |= result.limited && result.dates.len() >= most;
                dates.extend(result.dates);
            }
            // An instant named twice (by two rules, or a rule and an RDATE)
            // is one instance (RFC 5545 §3.8.5.3).
            dates.sort();
            dates.dedup();
            if dates.len() > most {
                dates.truncate(most);
                out.truncated = true;
            }
            let mut spans: Vec<(Span, When)> = Vec::with_capacity(dates.len());
            for date in dates {
                let span = match master.start {
                    When::Date(_) => {
                        let day = date.date_naive();
                        let days = match master.end {
                            When::Date(end) => match master.start {
                                When::Date(start) => (end - start).num_days().max(1),
                                _ => 1,
                            },
                            _ => 1,
                        };
                        let Some(end) = Duration::try_days(days).and_then(|d| day.checked_add_signed(d)) else {
                            continue;
                        };
                        Span::Dates(day, end)
                    }
                    _ => {
                        let start = date.with_timezone(&viewer);
                        let end = match master.nominal_duration {
                            // Each instance's days on its own calendar: 23 or
                            // 25 hours when a DST change falls inside.
                            Some(nominal) => instance_when(master, date, viewer)
                                .checked_add_nominal(nominal)
                                .map(|end| end.instant(viewer)),
                            None => start.checked_add_signed(duration),
                        };
                        let Some(end) = end else { continue };
                        Span::Times(start, end)
                    }
                };
                spans.push((span, instance_when(master, date, viewer)));
            }
            // RDATE periods: instances with their own length.
            for (start, end) in periods(master, viewer) {
                let span = match (start, end) {
                    (When::Date(a), When::Date(b)) => Span::Dates(a, b.max(a)),
                    (a, b) => Span::Times(a.instant(viewer), b.instant(viewer).max(a.instant(viewer))),
                };
                spans.push((span, start));
            }
            for (span, id) in spans {
                if live_overrides
                    .iter()
                    .any(|o| o.recurrence_id.as_ref().is_some_and(|id| same_instance(id, &span, viewer)))
                {
                    continue;
                }
                let occurrence = match governing(&live_overrides, &id, viewer) {
                    None => one(span, Some(id)),
                    Some(by) if by.cancelled => continue,
                    Some(by) => {
                        let Some(span) = shifted(&id, by, viewer) else { continue };
                        Occurrence {
                            uid: by.uid.clone(),
                            summary: by.summary.clone(),
                            location: by.location.clone(),
                            span,
                            overridden: true,
                            recurrence_id: Some(id),
                            zone: own_zone(&by.start),
                        }
                    }
                };
                if overlaps(&occurrence.span, from, to, viewer) {
                    out.occurrences.push(occurrence);
                }
            }
        }
    }
    for o in live_overrides.into_iter().filter(|o| !o.cancelled) {
        let span = span_of(o, viewer);
        if overlaps(&span, from, to, viewer) {
            out.occurrences.push(Occurrence {
                uid: o.uid.clone(),
                summary: o.summary.clone(),
                location: o.location.clone(),
                span,
                overridden: true,
                recurrence_id: o.recurrence_id,
                zone: own_zone(&o.start),
            });
        }
    }
    out.occurrences.sort_by_key(|o| o.start(viewer));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::ical::parse_resource;
    use chrono::TimeZone;

    fn series(lines: &str) -> Series {
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:s\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        parse_resource(&text, Tz::UTC).unwrap().remove(0)
    }

    fn year_2027() -> (DateTime<Utc>, DateTime<Utc>) {
        (Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap())
    }

    /// Rules of every frequency, interval, BY-part and zone a member's
    /// calendars hold, begun years before the windows they are shown in.
    const NEAR_STARTS: &[&str] = &[
        "DTSTART;TZID=Europe/Brussels:20110103T090000\nRRULE:FREQ=DAILY",
        "DTSTART;TZID=Europe/Brussels:20110103T093000\nRRULE:FREQ=DAILY;INTERVAL=3",
        "DTSTART;TZID=Europe/Brussels:20120329T023000\nRRULE:FREQ=DAILY;INTERVAL=7",
        "DTSTART;TZID=Europe/Brussels:20110104T180000\nRRULE:FREQ=DAILY;BYDAY=MO,WE,FR;BYMONTH=3,10",
        "DTSTART;TZID=Europe/Brussels:20090106T100000\nRRULE:FREQ=WEEKLY",
        "DTSTART;TZID=Europe/Brussels:20090106T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "DTSTART;TZID=America/Toronto:20130308T230000\nRRULE:FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,FR",
        "DTSTART;TZID=Europe/Brussels:20100131T190000\nRRULE:FREQ=MONTHLY",
        "DTSTART;TZID=Europe/Brussels:20100115T190000\nRRULE:FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR",
        "DTSTART;TZID=Europe/Brussels:20100115T190000\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
        "DTSTART;TZID=Asia/Kolkata:20080229T120000\nRRULE:FREQ=YEARLY",
        "DTSTART;TZID=Europe/Brussels:20080512T080000\nRRULE:FREQ=YEARLY;INTERVAL=3;BYWEEKNO=20;BYDAY=MO",
        "DTSTART;TZID=Europe/Brussels:20080512T080000\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=2SU",
        "DTSTART:20100104T120000Z\nRRULE:FREQ=WEEKLY;UNTIL=20310101T000000Z;BYDAY=MO\nEXDATE:20270104T120000Z\nRDATE:20270106T120000Z",
        "DTSTART;VALUE=DATE:20120101\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1,-1",
        // Hours, minutes and seconds, across the clock changes of the windows.
        "DTSTART;TZID=Europe/Brussels:20110103T093000\nRRULE:FREQ=HOURLY;INTERVAL=5",
        "DTSTART;TZID=Europe/Brussels:20110103T021500\nRRULE:FREQ=HOURLY;BYHOUR=1,2,3;BYDAY=SU",
        "DTSTART;TZID=America/New_York:20240902T090000\nRRULE:FREQ=MINUTELY;INTERVAL=59",
        "DTSTART:20240101T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=59;BYHOUR=0,1,2,3,9",
        "DTSTART;TZID=Europe/Brussels:20240101T000007\nRRULE:FREQ=MINUTELY;INTERVAL=7;BYMONTH=3,10;BYDAY=SU",
        "DTSTART:20261201T000003Z\nRRULE:FREQ=SECONDLY;INTERVAL=97;BYMONTHDAY=1",
        "DTSTART:20261201T000003Z\nRRULE:FREQ=SECONDLY;INTERVAL=97;BYMINUTE=0;BYHOUR=12",
    ];

    /// Sets of several rules, each walked on its own.
    const SEVERAL_RULES: &[&str] = &[
        "DTSTART;TZID=America/New_York:20240902T090000\nRRULE:FREQ=MINUTELY;INTERVAL=59;BYHOUR=9,10\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
        "DTSTART;TZID=Europe/Brussels:20100104T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nRRULE:FREQ=MONTHLY;BYDAY=1MO\nEXDATE;TZID=Europe/Brussels:20270104T090000\nRDATE;TZID=Europe/Brussels:20270105T090000",
        "DTSTART:20050101T120000Z\nRRULE:FREQ=YEARLY\nRRULE:FREQ=HOURLY;INTERVAL=11;BYDAY=SA",
        "DTSTART:20050101T120000Z\nRRULE:FREQ=DAILY;INTERVAL=2\nEXRULE:FREQ=WEEKLY;BYDAY=SA",
    ];

    #[test]
    fn a_series_walked_from_near_the_window_yields_what_the_walk_from_its_first_date_does() {
        let windows = [(2027, 3, 20), (2027, 10, 25), (2030, 1, 1), (2014, 6, 1)];
        let (mut moved, mut shown) = (0, 0);
        for text in NEAR_STARTS {
            for (y, m, d) in windows {
                let from = Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
                let to = from + Duration::days(1500);
                let set: RRuleSet = text.parse().unwrap();
                let near = walked_from_near(set.clone(), from);
                moved += usize::from(near.get_dt_start() != set.get_dt_start());
                let all = |s: RRuleSet| s.after(to_rrule_tz(from)).before(to_rrule_tz(to)).all(MAX_PER_SERIES).dates;
                let expected = all(set);
                shown += usize::from(!expected.is_empty());
                assert_eq!(all(near), expected, "{text} from {from}");
            }
        }
        // Sub-daily series begun lately show in the later windows only.
        assert!(shown >= NEAR_STARTS.len() * 3, "windows with instances: {shown}");
        assert!(moved >= NEAR_STARTS.len() * 3, "the shortcut is taken: {moved}");
        let (mut moved, mut split) = (0, 0);
        for text in SEVERAL_RULES {
            for (y, m, d) in windows {
                let from = Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
                let to = from + Duration::days(40);
                let set: RRuleSet = text.parse().unwrap();
                let all =
                    |s: &RRuleSet| s.clone().after(to_rrule_tz(from)).before(to_rrule_tz(to)).all(MAX_PER_SERIES).dates;
                // An instant two rules name is one instance.
                let mut expected = all(&set);
                expected.dedup();
                let start = *set.get_dt_start();
                let walks = walks(set, from);
                split += usize::from(walks.len() > 1);
                moved += walks.iter().filter(|w| *w.get_dt_start() != start).count();
                let mut walked: Vec<_> = walks.iter().flat_map(all).collect();
                walked.sort();
                walked.dedup();
                assert_eq!(walked, expected, "{text} from {from}");
            }
        }
        // Each rule walked on its own (but under an EXRULE), some from near the window.
        assert_eq!(split, (SEVERAL_RULES.len() - 1) * windows.len());
        assert!(moved >= windows.len() * 3, "walks started near: {moved}");
        // A COUNT counts from DTSTART: never moved.
        let counted: RRuleSet = "DTSTART:20100104T120000Z\nRRULE:FREQ=DAILY;COUNT=9000".parse().unwrap();
        let later = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(walked_from_near(counted.clone(), later), counted);
    }

    #[test]
    fn an_alarm_too_far_from_its_event_rings_never_and_panics_never() {
        let (from, to) = year_2027();
        for trigger in ["-P999999999W", "P999999999W", "-PT9223372036854S"] {
            let s = series(&format!(
                "DTSTART:20270601T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:{trigger}\r\nEND:VALARM\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:{trigger}\r\nEND:VALARM\r\n"
            ));
            assert!(!s.master.as_ref().unwrap().alarms.is_empty(), "{trigger} is read");
            assert_eq!(reminders(&s, from, to, Tz::UTC).unwrap(), vec![], "{trigger}");
        }
    }

    #[test]
    fn each_frequency_counts_its_own_steps_toward_the_limit() {
        // A COUNT counts from DTSTART, so such a rule is walked from there:
        // 2027 is 70 years from 1957, 613,000 hours (refused), 36.8 million
        // minutes (refused), 25,500 days (walked); every six hours is
        // 102,000 steps (walked). An hourly rule counted as monthly would slip through.
        let (from, to) = year_2027();
        let counted = ";COUNT=99999999";
        for (rule, refused) in [
            ("FREQ=HOURLY", true),
            ("FREQ=MINUTELY;INTERVAL=30", true),
            ("FREQ=HOURLY;INTERVAL=6", false),
            ("FREQ=DAILY", false),
        ] {
            let s = series(&format!("DTSTART:19570101T000000Z\r\nDURATION:PT1M\r\nRRULE:{rule}{counted}\r\n"));
            let result = expand(&s, from, to, Tz::UTC);
            assert_eq!(matches!(result, Err(RecurrenceError::TooFrequent(_))), refused, "{rule}: {result:?}");
        }
        // Exactly the limit: 500,000 hours before the end of 1 January 2027.
        let s = series(&format!("DTSTART:19691218T160000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=HOURLY{counted}\r\n"));
        let day = (from, from + Duration::days(1));
        assert_eq!(expand(&s, day.0, day.1, Tz::UTC).map(|e| e.occurrences.len()).ok(), Some(24), "walked");
        // Without a COUNT the walk starts near the window: its steps are the window's.
        let every_half_hour =
            series("DTSTART:19570101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;INTERVAL=30\r\n");
        assert_eq!(expand(&every_half_hour, day.0, day.1, Tz::UTC).map(|e| e.occurrences.len()).ok(), Some(48));
        let every_second = series("DTSTART:20260101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\n");
        assert!(
            matches!(expand(&every_second, from, to, Tz::UTC), Err(RecurrenceError::TooFrequent(_))),
            "a year of seconds"
        );
        // Beside another rule too: each rule is walked on its own.
        let beside_yearly = series(
            "DTSTART:19570101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=YEARLY\r\nRRULE:FREQ=MINUTELY;INTERVAL=30\r\n",
        );
        assert_eq!(expand(&beside_yearly, day.0, day.1, Tz::UTC).map(|e| e.occurrences.len()).ok(), Some(48));
        // Steps add up over the rules, each walked on its own.
        let beside = series(
            "DTSTART:19570101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=YEARLY\r\nRRULE:FREQ=HOURLY;COUNT=99999999\r\n",
        );
        assert!(
            matches!(expand(&beside, from, to, Tz::UTC), Err(RecurrenceError::TooFrequent(_))),
            "a counted second rule"
        );
    }

    #[test]
    fn a_huge_interval_is_bounded_arithmetic_not_an_overflow() {
        let (from, to) = year_2027();
        for freq in ["SECONDLY", "WEEKLY", "MONTHLY"] {
            let s = series(&format!(
                "DTSTART:20200101T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ={freq};INTERVAL=9223372036854775807\r\n"
            ));
            // rrule may refuse such an interval; either way, no panic.
            if let Ok(e) = expand(&s, from, to, Tz::UTC) {
                assert!(e.occurrences.len() <= 1, "{freq}: {:?}", e.occurrences);
            }
        }
    }

    #[test]
    fn series_lasting_millennia_expand_without_overflow() {
        let (from, to) = year_2027();
        for lines in [
            "DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:99991231\r\nRRULE:FREQ=YEARLY;COUNT=3\r\n",
            "DTSTART:00010101T000000Z\r\nDTEND:99991231T000000Z\r\nRRULE:FREQ=YEARLY;COUNT=3\r\n",
            "DTSTART:20270101T000000Z\r\nDTEND:00010101T000000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n",
        ] {
            let s = series(lines);
            let _ = expand(&s, from, to, Tz::UTC);
            let _ = reminders(&s, from, to, Tz::UTC);
            let (far_from, far_to) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
            let _ = expand(&s, far_from, far_to, Tz::UTC);
            let _ = reminders(&s, far_from, far_to, Tz::UTC);
        }
    }

    fn resource(events: &[&str]) -> Series {
        let body: String = events.iter().map(|e| format!("BEGIN:VEVENT\r\nUID:x\r\n{e}END:VEVENT\r\n")).collect();
        parse_resource(&format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n"), Tz::UTC)
            .unwrap()
            .remove(0)
    }

    fn starts(e: &Expansion) -> Vec<String> {
        e.occurrences.iter().map(|o| o.start(Tz::UTC).format("%m-%d %H:%M").to_string()).collect()
    }

    #[test]
    fn a_floating_series_takes_exdates_in_utc_and_in_a_zone_at_their_own_instant() {
        // Floating 09:00, shown in Brussels (UTC+1 in January): the
        // instance of the 11th is 08:00 UTC, of the 18th 09:00 in Brussels.
        let brussels: Tz = "Europe/Brussels".parse().unwrap();
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:s\r\nDTSTART:20270104T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20270111T080000Z\r\nEXDATE;TZID=Europe/Brussels:20270118T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let s = parse_resource(text, brussels).unwrap().remove(0);
        let (from, to) = year_2027();
        let expansion = expand(&s, from, to, brussels).unwrap();
        assert_eq!(starts(&expansion), vec!["01-04 09:00", "01-25 09:00"], "in Brussels time");
    }

    #[test]
    fn eight_rules_are_read_and_a_ninth_is_refused() {
        let rules = |n: usize| {
            let lines: String = (1..=n).map(|h| format!("RRULE:FREQ=DAILY;COUNT=2;BYHOUR={h}\r\n")).collect();
            series(&format!("DTSTART:20270301T000000Z\r\n{lines}"))
        };
        let march =
            (Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap());
        let eight = expand(&rules(MAX_RULES), march.0, march.1, Tz::UTC).unwrap();
        assert!(eight.occurrences.len() >= MAX_RULES, "{}", eight.occurrences.len());
        assert!(matches!(
            expand(&rules(MAX_RULES + 1), march.0, march.1, Tz::UTC),
            Err(RecurrenceError::TooManyRules(9))
        ));
    }

    #[test]
    fn an_override_written_twice_counts_once_the_highest_sequence_else_the_first() {
        let s = resource(&[
            "DTSTART:20270301T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:s\r\n",
            // The 8th twice with the same SEQUENCE: the first written stands.
            "RECURRENCE-ID:20270308T100000Z\r\nDTSTART:20270308T120000Z\r\nDURATION:PT1H\r\nSUMMARY:first\r\n",
            "RECURRENCE-ID:20270308T100000Z\r\nDTSTART:20270308T140000Z\r\nDURATION:PT1H\r\nSUMMARY:second\r\n",
            // The 15th revised: SEQUENCE 1, then 2.
            "RECURRENCE-ID:20270315T100000Z\r\nSEQUENCE:1\r\nDTSTART:20270315T120000Z\r\nDURATION:PT1H\r\nSUMMARY:old\r\n",
            "RECURRENCE-ID:20270315T100000Z\r\nSEQUENCE:2\r\nDTSTART:20270315T160000Z\r\nDURATION:PT1H\r\nSUMMARY:new\r\n",
        ]);
        let march =
            (Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap());
        let e = expand(&s, march.0, march.1, Tz::UTC).unwrap();
        assert_eq!(starts(&e), vec!["03-01 10:00", "03-08 12:00", "03-15 16:00"]);
    }

    #[test]
    fn instances_a_thisandfuture_override_moves_into_a_window_show_in_it() {
        let day = |d: u32| {
            let from = Utc.with_ymd_and_hms(2027, 3, d, 0, 0, 0).unwrap();
            (from, from + Duration::days(1))
        };
        // Weekly on Mondays; from the 8th, four days later (Fridays).
        let later = resource(&[
            "DTSTART:20270301T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nSUMMARY:s\r\n",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20270308T100000Z\r\nDTSTART:20270312T100000Z\r\nDURATION:PT1H\r\nSUMMARY:t\r\n",
        ]);
        // The 19th: the rule's instance of the 15th, moved; nothing on the 15th.
        assert_eq!(starts(&expand(&later, day(19).0, day(19).1, Tz::UTC).unwrap()), vec!["03-19 10:00"]);
        assert_eq!(starts(&expand(&later, day(15).0, day(15).1, Tz::UTC).unwrap()), Vec::<String>::new());
        // From the 15th, four days earlier (Thursdays): the rule's 29th shows on the 25th.
        let earlier = resource(&[
            "DTSTART:20270301T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nSUMMARY:s\r\n",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20270315T100000Z\r\nDTSTART:20270311T100000Z\r\nDURATION:PT1H\r\nSUMMARY:t\r\n",
        ]);
        assert_eq!(starts(&expand(&earlier, day(25).0, day(25).1, Tz::UTC).unwrap()), vec!["03-25 10:00"]);
        let whole = expand(&earlier, day(1).0, day(31).1, Tz::UTC).unwrap();
        assert_eq!(starts(&whole), vec!["03-01 10:00", "03-08 10:00", "03-11 10:00", "03-18 10:00", "03-25 10:00"]);
        // Each moved instance is still named by the rule's time.
        let ids: Vec<Option<When>> = whole.occurrences.iter().map(|o| o.recurrence_id).collect();
        assert_eq!(ids[4], Some(When::Zoned(chrono_tz::UTC.with_ymd_and_hms(2027, 3, 29, 10, 0, 0).unwrap())));
        assert!(whole.occurrences[3].overridden && !whole.occurrences[1].overridden);
    }

    #[test]
    fn later_instances_ring_the_alarms_of_the_thisandfuture_override() {
        let s = resource(&[
            "DTSTART:20270301T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:s\r\n",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20270303T100000Z\r\nDTSTART:20270303T140000Z\r\nDURATION:PT1H\r\nSUMMARY:t\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n",
        ]);
        let (from, to) = year_2027();
        let at: Vec<String> =
            reminders(&s, from, to, Tz::UTC).unwrap().iter().map(|r| r.at.format("%d %H:%M").to_string()).collect();
        assert_eq!(at, vec!["03 13:30", "04 13:30", "05 13:30"]);
    }

    #[test]
    fn a_thisandfuture_move_no_calendar_can_name_is_bounded_not_a_panic() {
        let (from, to) = year_2027();
        for moved in ["99991231T100000Z", "00010101T100000Z"] {
            let s = resource(&[
                "DTSTART:20270301T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=400\r\nSUMMARY:s\r\n",
                &format!("RECURRENCE-ID;RANGE=THISANDFUTURE:20270303T100000Z\r\nDTSTART:{moved}\r\nDURATION:PT1H\r\n"),
            ]);
            let _ = expand(&s, from, to, Tz::UTC);
            let _ = reminders(&s, from, to, Tz::UTC);
            let _ = expand(&s, DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC, Tz::UTC);
        }
        let s = resource(&[
            "DTSTART;VALUE=DATE:20270301\r\nRRULE:FREQ=DAILY;COUNT=400\r\nSUMMARY:s\r\n",
            "RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20270303\r\nDTSTART;VALUE=DATE:99991231\r\n",
        ]);
        let e = expand(&s, from, to, Tz::UTC).unwrap();
        assert_eq!(e.occurrences.len(), 2, "later ones are moved past any calendar: not shown");
    }
}
