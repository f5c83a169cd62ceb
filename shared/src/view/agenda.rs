//! The agenda screens: calendars, the window laid out day by day, and the
//! open event ready for its form.

use serde::{Deserialize, Serialize};

use super::rgb;
use crate::agenda::edit::{self as event_edit, parse_occurrence_key, EventFields};
use crate::agenda::ical::{parse_resource, Person, Series, Trigger, VEvent, When};
use crate::agenda::recurrence::{governing, shifted, Span};
use crate::agenda::view::{self as agenda_view, AgendaSpan};
use crate::effects::store::{Collection, ItemRecord};
use crate::i18n::{day_label, day_time_label, days_label, event_time_label, month_label, Locale, Text};
use crate::model::Model;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub href: String,
    pub name: String,
    /// "#RRGGBB", or `None` to let the shell pick one.
    pub color: Option<String>,
    pub read_only: bool,
}

impl From<&Collection> for CalendarView {
    fn from(c: &Collection) -> Self {
        CalendarView {
            href: c.href.clone(),
            name: c.display_name.clone(),
            color: rgb(&c.color),
            read_only: c.read_only,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgendaView {
    pub span: AgendaSpan,
    /// First and last day shown, "2027-05-01" and "2027-05-31".
    pub from: String,
    pub to: String,
    /// "mai 2027", "mardi 4 mai 2027", "4 – 10 mai 2027"…
    pub title: String,
    /// Only the days that hold something, in order.
    pub days: Vec<AgendaDayView>,
    /// Unreadable or truncated series, said plainly.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDayView {
    pub date: String,
    pub label: String,
    pub entries: Vec<AgendaEntryView>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntryView {
    pub event_id: i64,
    /// Names this occurrence of a series for OpenEvent / SaveEvent / DeleteEvent.
    pub occurrence: Option<String>,
    pub title: String,
    pub location: String,
    /// "19:00 – 21:00", "All day", "… – 02:00" for an event begun the day before.
    pub time: String,
    pub all_day: bool,
    pub calendar: String,
    pub color: Option<String>,
    pub recurring: bool,
    pub pending: bool,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub occurrence: Option<String>,
    pub fields: EventFields,
    /// When it takes place, in the member's words (`fields` has the times
    /// as the form edits them).
    pub time_label: String,
    pub calendar: String,
    pub calendar_name: String,
    pub recurring: bool,
    pub read_only: bool,
    pub pending: bool,
    /// Shown, never edited: the app sends no invitations.
    pub organizer: Option<String>,
    pub attendees: Vec<String>,
    /// Its reminders in words ("15 minutes avant"), as the event (or the
    /// changed occurrence) sets them.
    pub reminders: Vec<String>,
    /// Said when the event's time zone is unknown and its times were read
    /// in the member's.
    pub zone_note: Option<String>,
    /// Said when the event broke the iCalendar rules and was read as other
    /// calendar apps read it (its recurrence, its UID).
    pub repair_note: Option<String>,
}

impl From<&Model> for AgendaView {
    fn from(model: &Model) -> Self {
        let l = model.locale;
        let zone = model.zone();
        let Some((from, to)) = model.agenda_window else {
            return AgendaView { span: model.agenda_range.span, ..Default::default() };
        };
        let first = from.with_timezone(&zone).date_naive();
        let last = (to - chrono::Duration::seconds(1)).with_timezone(&zone).date_naive();
        let title = match model.agenda_range.span {
            AgendaSpan::Month => month_label(l, first),
            AgendaSpan::Day => day_label(l, first),
            _ => days_label(l, first, last),
        };
        let days = agenda_view::by_day(&model.agenda, from, to, zone)
            .into_iter()
            .map(|(date, entries)| AgendaDayView {
                date: date.format("%Y-%m-%d").to_string(),
                label: day_label(l, date),
                entries: entries
                    .into_iter()
                    .map(|e| {
                        let calendar = model.collection(&e.placed.calendar);
                        let time = if e.all_day {
                            Text::AllDay.in_locale(l)
                        } else {
                            let here = format!(
                                "{} – {}",
                                e.starts.as_deref().unwrap_or("…"),
                                e.ends.as_deref().unwrap_or("…")
                            );
                            // Set in another zone: its own times beside.
                            match &e.own_zone {
                                Some(own) => format!("{here} ({own})"),
                                None => here,
                            }
                        };
                        let title = if e.placed.summary.trim().is_empty() {
                            Text::Untitled.in_locale(l)
                        } else {
                            e.placed.summary.clone()
                        };
                        AgendaEntryView {
                            event_id: e.placed.item_id,
                            occurrence: e.placed.occurrence.clone(),
                            title,
                            location: e.placed.location.clone(),
                            time,
                            all_day: e.all_day,
                            calendar: e.placed.calendar.clone(),
                            color: calendar.and_then(|c| rgb(&c.color)),
                            recurring: e.placed.recurring,
                            pending: e.placed.pending,
                            read_only: calendar.is_some_and(|c| c.read_only),
                        }
                    })
                    .collect(),
            })
            .collect();
        let mut notes = Vec::new();
        if model.agenda.unreadable > 0 {
            notes.push(Text::UnreadableEvents(model.agenda.unreadable).in_locale(l));
        }
        if model.agenda.truncated {
            notes.push(Text::AgendaTruncated.in_locale(l));
        }
        AgendaView {
            span: model.agenda_range.span,
            from: first.format("%Y-%m-%d").to_string(),
            to: last.format("%Y-%m-%d").to_string(),
            title,
            days,
            note: (!notes.is_empty()).then(|| notes.join(" ")),
        }
    }
}

impl EventView {
    /// The event or occurrence as the edit form shows it.
    pub fn new(model: &Model, record: &ItemRecord, occurrence: Option<&str>) -> Option<EventView> {
        let zone = model.zone();
        let series = parse_resource(&record.data, zone).ok()?.into_iter().next()?;
        let master = series.master.as_ref().or(series.overrides.first())?;
        let id = occurrence.and_then(parse_occurrence_key);
        let overridden = id.as_ref().and_then(|id| {
            series.overrides.iter().find(|o| o.recurrence_id.is_some_and(|r| r.instant(zone) == id.instant(zone)))
        });
        let (fields, source) = match (overridden, id) {
            (Some(o), _) => (event_edit::fields_of(o, &o.start, &o.end, zone), o),
            (None, Some(id)) if governing_override(&series, &id, zone).is_some() => {
                // Changed from an earlier instance on (RANGE=THISANDFUTURE):
                // that override's fields, moved to this instance.
                let (by, span) = governing_override(&series, &id, zone)?;
                let (start, end) = match span {
                    Span::Dates(a, b) => (When::Date(a), When::Date(b)),
                    Span::Times(a, b) => (When::Zoned(a), When::Zoned(b)),
                };
                (event_edit::fields_of(by, &start, &end, zone), by)
            }
            (None, Some(id)) => {
                // Not overridden yet: the series' fields at this instance's time.
                let end = match (id, master.start, master.end) {
                    (When::Date(d), When::Date(a), When::Date(b)) => When::Date(d + (b - a)),
                    (When::Date(d), _, _) => When::Date(d + chrono::Duration::days(1)),
                    (other, _, _) => When::Zoned(other.instant(zone) + master.duration(zone)),
                };
                (event_edit::fields_of(master, &id, &end, zone), master)
            }
            (None, None) => (event_edit::fields_of(master, &master.start, &master.end, zone), master),
        };
        let calendar = model.collection(&record.collection);
        let time_label = event_time_label(model.locale, &fields.start, &fields.end);
        let person = |p: &Person| if p.name.is_empty() { p.email.clone() } else { format!("{} <{}>", p.name, p.email) };
        Some(EventView {
            id: record.id,
            occurrence: occurrence.map(str::to_string),
            fields,
            time_label,
            calendar: record.collection.clone(),
            calendar_name: calendar.map(|c| c.display_name.clone()).unwrap_or_default(),
            recurring: master.recurs() || !series.overrides.is_empty(),
            read_only: calendar.is_some_and(|c| c.read_only),
            pending: record.pending,
            organizer: master.organizer.as_ref().map(person),
            attendees: master.attendees.iter().map(person).collect(),
            reminders: source.alarms.iter().map(|a| reminder_label(model.locale, &a.trigger, zone)).collect(),
            zone_note: overridden
                .and_then(|o| o.unknown_zone.clone())
                .or_else(|| master.unknown_zone.clone())
                .map(|z| Text::ZoneUnknown(z).in_locale(model.locale)),
            // The series' rule gives every occurrence, so its repair counts too.
            repair_note: (overridden.is_some_and(|o| !o.repairs.is_empty()) || !master.repairs.is_empty())
                .then(|| Text::EventRepaired.in_locale(model.locale)),
        })
    }
}

fn reminder_label(locale: Locale, trigger: &Trigger, zone: chrono_tz::Tz) -> String {
    match trigger {
        Trigger::Relative { offset, from_end } => {
            Text::ReminderRelative { minutes: offset.num_minutes(), from_end: *from_end }.in_locale(locale)
        }
        Trigger::Absolute(at) => day_time_label(locale, at.with_timezone(&zone).naive_local()),
    }
}

/// The RANGE=THISANDFUTURE override in force at the instance `id`, and
/// where it puts that instance.
fn governing_override<'a>(series: &'a Series, id: &When, zone: chrono_tz::Tz) -> Option<(&'a VEvent, Span)> {
    let overrides: Vec<&VEvent> = series.overrides.iter().collect();
    let by = governing(&overrides, id, zone)?;
    Some((by, shifted(id, by, zone)?))
}
