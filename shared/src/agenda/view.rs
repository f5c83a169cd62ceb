//! The agenda the member looks at: which window a view covers (upcoming,
//! day, week, month, in the member's zone), every occurrence of every
//! stored event in it, and those occurrences laid out day by day — an
//! event that crosses midnight shows on each day it touches.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::edit::occurrence_key;
use super::ical::{read_resource, When};
use super::recurrence::{expand, overlaps, Span};
use crate::effects::store::{
    ExpandFor, ExpandedItem, ExpandedOccurrences, ItemRecord, OccurrencePage, OccurrenceRow, StoredOccurrence, ToExpand,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaSpan {
    /// From now, the next [`UPCOMING_DAYS`] days.
    #[default]
    Upcoming,
    Day,
    /// Monday to Sunday, as in Belgium.
    Week,
    Month,
    /// From `date` to `until`, both days included.
    Range,
}

/// What the member asked to see: a span around a date ("2027-05-08";
/// `None`: today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaRange {
    pub span: AgendaSpan,
    #[serde(default)]
    pub date: Option<String>,
    /// Last day of a [`AgendaSpan::Range`].
    #[serde(default)]
    pub until: Option<String>,
}

/// At most this many days in one range: a year, and a bit.
pub const MAX_RANGE_DAYS: i64 = 400;

pub const UPCOMING_DAYS: i64 = 30;

/// The window `[from, to)` a range covers; `None` for an unreadable date.
pub fn window(range: &AgendaRange, now: DateTime<Utc>, viewer: Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let today = now.with_timezone(&viewer).date_naive();
    let anchor = match range.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?,
        None => today,
    };
    let day =
        |d: Option<&str>| d.map(str::trim).filter(|d| !d.is_empty()).map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"));
    let (from, to) = match range.span {
        AgendaSpan::Range => {
            let until = match day(range.until.as_deref()) {
                Some(d) => d.ok()?,
                None => anchor + Duration::days(UPCOMING_DAYS - 1),
            };
            if until < anchor || (until - anchor).num_days() >= MAX_RANGE_DAYS {
                return None;
            }
            (midnight(anchor, viewer), midnight(until + Duration::days(1), viewer))
        }
        AgendaSpan::Upcoming => {
            let from = if anchor == today { now } else { midnight(anchor, viewer) };
            (from, midnight(anchor + Duration::days(UPCOMING_DAYS), viewer))
        }
        AgendaSpan::Day => (midnight(anchor, viewer), midnight(anchor + Duration::days(1), viewer)),
        AgendaSpan::Week => {
            let monday = anchor - Duration::days(i64::from(anchor.weekday().num_days_from_monday()));
            (midnight(monday, viewer), midnight(monday + Duration::days(7), viewer))
        }
        AgendaSpan::Month => {
            let first = anchor.with_day(1)?;
            (midnight(first, viewer), midnight(first.checked_add_months(Months::new(1))?, viewer))
        }
    };
    Some((from, to))
}

/// Kept ahead after a sync: this many months from the current one.
pub const MONTHS_AHEAD: u32 = 12;

/// The quarters of the [`MONTHS_AHEAD`] months from the current one (its
/// first day on), in the member's zone: the views the core expands and
/// keeps after a sync, a quarter at a time so that one quarter's
/// occurrences are in memory at once.
pub fn quarters_ahead(now: DateTime<Utc>, viewer: Tz) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let first = now.with_timezone(&viewer).date_naive().with_day(1).unwrap_or_default();
    let month = |n: u32| midnight(first.checked_add_months(Months::new(n)).unwrap_or(first), viewer);
    (0..MONTHS_AHEAD).step_by(3).map(|n| (month(n), month(n + 3))).collect()
}

/// The start of day `d` in the member's zone (the hour after a DST gap).
fn midnight(d: NaiveDate, viewer: Tz) -> DateTime<Utc> {
    When::Date(d).instant(viewer).with_timezone(&Utc)
}

/// One occurrence placed in the agenda, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub item_id: i64,
    pub calendar: String,
    pub summary: String,
    pub location: String,
    pub span: Span,
    pub recurring: bool,
    /// The occurrence's RECURRENCE-ID as a shell carries it.
    pub occurrence: Option<String>,
    pub pending: bool,
    /// The zone the event is set in, when it has one.
    pub zone: Option<Tz>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    pub occurrences: Vec<Placed>,
    /// Resources that could not be read or expanded: kept, not shown.
    pub unreadable: usize,
    /// A series had more occurrences in the window than are shown.
    pub truncated: bool,
    /// Events waiting to be sent, in any window (from the store).
    pub pending_events: usize,
}

/// Occurrences one view holds at most, over every event (a busy month
/// holds a few thousand, a year some 40,000): a server sending thousands
/// of endless series fills neither memory nor the store. The store reads
/// at most one more, so that the cut is seen.
pub const MAX_PER_VIEW: usize = 100_000;

/// Every occurrence of `items` in `[from, to)`, sorted by start.
pub fn build(items: &[ItemRecord], from: DateTime<Utc>, to: DateTime<Utc>, viewer: Tz) -> Agenda {
    let mut agenda = Agenda::default();
    for item in items {
        place(item, from, to, viewer, &mut agenda);
    }
    sort(&mut agenda, viewer);
    agenda
}

/// Room left in `agenda` under [`MAX_PER_VIEW`] for `wanted` more; what
/// does not fit is said.
fn room(agenda: &mut Agenda, wanted: usize) -> usize {
    let room = MAX_PER_VIEW.saturating_sub(agenda.occurrences.len());
    agenda.truncated |= wanted > room;
    wanted.min(room)
}

/// One event's occurrences in `[from, to)`, added to `agenda`.
fn place(item: &ItemRecord, from: DateTime<Utc>, to: DateTime<Utc>, viewer: Tz, agenda: &mut Agenda) {
    let Ok(resource) = read_resource(&item.data, viewer) else {
        agenda.unreadable += 1;
        return;
    };
    // Its readable events show; the others are counted.
    agenda.unreadable += resource.unreadable;
    for series in &resource.series {
        let recurring = series.master.as_ref().is_some_and(|m| m.recurs()) || !series.overrides.is_empty();
        match expand(series, from, to, viewer) {
            Ok(expansion) => {
                agenda.truncated |= expansion.truncated;
                let fits = room(agenda, expansion.occurrences.len());
                agenda.occurrences.extend(expansion.occurrences.into_iter().take(fits).map(|o| Placed {
                    item_id: item.id,
                    calendar: item.collection.clone(),
                    summary: o.summary,
                    location: o.location,
                    occurrence: o.recurrence_id.as_ref().map(occurrence_key),
                    span: o.span,
                    recurring,
                    pending: item.pending,
                    zone: o.zone,
                }));
            }
            Err(_) => agenda.unreadable += 1,
        }
    }
}

/// By start, then title; then event and occurrence, so that the order
/// never depends on the order the events were read in.
fn sort(agenda: &mut Agenda, viewer: Tz) {
    // A month holds thousands: each start is computed once (a day's
    // midnight asks the zone), and the order is found on indices, so each
    // occurrence moves once.
    let placed = std::mem::take(&mut agenda.occurrences);
    let mut order: Vec<(DateTime<Utc>, usize)> =
        placed.iter().enumerate().map(|(i, p)| (start_of(&p.span, viewer), i)).collect();
    order.sort_by(|(start_a, a), (start_b, b)| {
        let (a, b) = (&placed[*a], &placed[*b]);
        start_a
            .cmp(start_b)
            .then_with(|| a.summary.cmp(&b.summary))
            .then_with(|| a.item_id.cmp(&b.item_id))
            .then_with(|| a.occurrence.cmp(&b.occurrence))
    });
    let mut slots: Vec<Option<Placed>> = placed.into_iter().map(Some).collect();
    agenda.occurrences = order.into_iter().filter_map(|(_, i)| slots[i].take()).collect();
}

/// The agenda of `[from, to)` from what the store keeps and the events it
/// asks to expand; and what of that expansion it should keep. The same
/// occurrences as [`build`] over the same events, without parsing or
/// expanding what was expanded before.
pub fn assemble(
    page: OccurrencePage,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    viewer: Tz,
) -> (Agenda, ExpandedOccurrences) {
    let mut agenda = Agenda { pending_events: page.pending_events, ..Agenda::default() };
    let fits = room(&mut agenda, page.rows.len());
    agenda.occurrences.extend(page.rows.into_iter().take(fits).map(|row| placed_from(row, viewer)));
    let mut kept_total = 0;
    let window = (instant(page.window.0), instant(page.window.1));
    let mut keep = ExpandedOccurrences { zone: viewer.name().to_string(), window: page.window, items: Vec::new() };
    for ToExpand { item, expand_for } in page.expand {
        let ExpandFor::Window { generation, kept } = expand_for else {
            place(&item, from, to, viewer, &mut agenda);
            continue;
        };
        // Kept for part of the window (it was widened): only the rest is
        // expanded, less what meets that part (kept already).
        let spans = match kept {
            Some((a, b)) => [(window.0, instant(a)), (instant(b), window.1)],
            None => [window, (window.1, window.1)],
        };
        let mut whole = Agenda::default();
        for (a, b) in spans.into_iter().filter(|(a, b)| a < b) {
            place(&item, a, b, viewer, &mut whole);
        }
        if let Some((a, b)) = kept {
            whole.occurrences.retain(|p| !overlaps(&p.span, instant(a), instant(b), viewer));
        }
        if whole.unreadable > 0 || whole.truncated {
            // Kept as "view only": expanded for each view, as before.
            place_instead_of_kept(&item, from, to, viewer, &mut agenda);
            keep.items.push(ExpandedItem { item_id: item.id, generation, occurrences: None, added_to: kept });
            continue;
        }
        if kept_total + whole.occurrences.len() > MAX_PER_VIEW {
            // The window would keep more than a view may hold: this event
            // stays to expand (for this view only), and is asked again.
            place_instead_of_kept(&item, from, to, viewer, &mut agenda);
            continue;
        }
        kept_total += whole.occurrences.len();
        let stored = whole.occurrences.iter().map(|p| stored_from(p, viewer)).collect();
        keep.items.push(ExpandedItem { item_id: item.id, generation, occurrences: Some(stored), added_to: kept });
        let shown: Vec<Placed> =
            whole.occurrences.into_iter().filter(|p| overlaps(&p.span, from, to, viewer)).collect();
        let fits = room(&mut agenda, shown.len());
        agenda.occurrences.extend(shown.into_iter().take(fits));
    }
    sort(&mut agenda, viewer);
    (agenda, keep)
}

/// The event expanded over the view, in place of the rows kept for it
/// (which must not show twice).
fn place_instead_of_kept(item: &ItemRecord, from: DateTime<Utc>, to: DateTime<Utc>, viewer: Tz, agenda: &mut Agenda) {
    agenda.occurrences.retain(|p| p.item_id != item.id);
    place(item, from, to, viewer, agenda);
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn stored_from(p: &Placed, viewer: Tz) -> StoredOccurrence {
    let (start, end, days) = match &p.span {
        Span::Times(s, e) => (s.timestamp_millis(), e.timestamp_millis(), None),
        // The instants `overlaps` compares, so the store's filter is the same.
        Span::Dates(a, b) => (
            When::Date(*a).instant(viewer).timestamp_millis(),
            When::Date(*b).instant(viewer).timestamp_millis(),
            Some((a.num_days_from_ce(), b.num_days_from_ce())),
        ),
    };
    StoredOccurrence {
        item_id: p.item_id,
        start,
        end,
        days,
        summary: p.summary.clone(),
        location: p.location.clone(),
        occurrence: p.occurrence.clone(),
        recurring: p.recurring,
        zone: p.zone.map(|z| z.name().to_string()),
    }
}

fn placed_from(row: OccurrenceRow, viewer: Tz) -> Placed {
    let o = row.occurrence;
    let day = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default();
    let span = match o.days {
        Some((a, b)) => Span::Dates(day(a), day(b)),
        None => Span::Times(instant(o.start).with_timezone(&viewer), instant(o.end).with_timezone(&viewer)),
    };
    Placed {
        item_id: o.item_id,
        calendar: row.calendar,
        summary: o.summary,
        location: o.location,
        span,
        recurring: o.recurring,
        occurrence: o.occurrence,
        pending: row.pending,
        zone: o.zone.and_then(|z| z.parse().ok()),
    }
}

fn start_of(span: &Span, viewer: Tz) -> DateTime<Utc> {
    match span {
        Span::Times(s, _) => s.with_timezone(&Utc),
        Span::Dates(d, _) => midnight(*d, viewer),
    }
}

/// How one occurrence shows on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEntry<'a> {
    pub placed: &'a Placed,
    pub all_day: bool,
    /// "19:00" when it starts this day; `None` when all-day or begun before.
    pub starts: Option<String>,
    /// "21:00" when it ends this day; `None` when all-day or running on.
    pub ends: Option<String>,
    /// The times in the event's own zone when it is not the member's:
    /// "10:00 – 11:00 Toronto".
    pub own_zone: Option<String>,
}

/// The days of `[from, to)` that hold something, each with its entries:
/// all-day first, then by start.
pub fn by_day<'a>(
    agenda: &'a Agenda,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    viewer: Tz,
) -> Vec<(NaiveDate, Vec<DayEntry<'a>>)> {
    let first = from.with_timezone(&viewer).date_naive();
    let last = (to - Duration::seconds(1)).with_timezone(&viewer).date_naive();
    let mut days: Vec<(NaiveDate, Vec<DayEntry<'a>>)> = Vec::new();
    let mut push = |day: NaiveDate, entry: DayEntry<'a>| {
        if day < first || day > last {
            return;
        }
        match days.iter_mut().find(|(d, _)| *d == day) {
            Some((_, entries)) => entries.push(entry),
            None => days.push((day, vec![entry])),
        }
    };
    for placed in &agenda.occurrences {
        match &placed.span {
            Span::Dates(a, b) => {
                let mut day = *a;
                while day < (*b).max(*a + Duration::days(1)) {
                    push(day, DayEntry { placed, all_day: true, starts: None, ends: None, own_zone: None });
                    day += Duration::days(1);
                }
            }
            Span::Times(s, e) => {
                // Another zone with the same time then (Paris for a member in
                // Brussels) says nothing new.
                let offset = |z: Tz| z.offset_from_utc_datetime(&s.naive_utc()).fix();
                let own_zone = placed.zone.filter(|z| offset(*z) != offset(viewer)).map(|z| {
                    let city = z.name().rsplit('/').next().unwrap_or(z.name()).replace('_', " ");
                    format!("{} – {} {city}", clock(&s.with_timezone(&z)), clock(&e.with_timezone(&z)))
                });
                let (s, e) = (s.with_timezone(&viewer), e.with_timezone(&viewer));
                let start_day = s.date_naive();
                // An end at midnight belongs to the day before.
                let end_day = if e > s && e.time() == chrono::NaiveTime::MIN {
                    e.date_naive() - Duration::days(1)
                } else {
                    e.date_naive()
                };
                let mut day = start_day;
                while day <= end_day.max(start_day) {
                    push(
                        day,
                        DayEntry {
                            placed,
                            all_day: false,
                            starts: (day == start_day).then(|| clock(&s)),
                            ends: (day == end_day).then(|| clock(&e)),
                            own_zone: own_zone.clone(),
                        },
                    );
                    day += Duration::days(1);
                }
            }
        }
    }
    days.sort_by_key(|(d, _)| *d);
    for (_, entries) in days.iter_mut() {
        // All-day first, then running-on events, then by start time.
        entries.sort_by(|a, b| {
            (!a.all_day, a.starts.is_some(), &a.starts).cmp(&(!b.all_day, b.starts.is_some(), &b.starts))
        });
    }
    days
}

/// "09:05": hours and minutes, as every locale of the app writes them (a
/// month shows thousands; strftime's pattern is parsed for each).
fn clock<Z: TimeZone>(t: &DateTime<Z>) -> String {
    let digit = |n: u32| char::from_digit(n % 10, 10).unwrap_or('0');
    let (h, m) = (t.hour(), t.minute());
    [digit(h / 10), digit(h), ':', digit(m / 10), digit(m)].into_iter().collect()
}
