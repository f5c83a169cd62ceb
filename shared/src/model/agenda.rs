//! The agenda: the window the member looks at, the open event, offline
//! event edits (a series, one occurrence, a cancellation) and reminders.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crux_core::render::render;
use crux_core::Command;

use super::{instant, Cmd, Ctx, Event, Model};
use crate::agenda::edit::{self as event_edit, parse_occurrence_key, EditScope, EventFields, Split, Target};
use crate::agenda::ical::parse_resource;
use crate::agenda::index::event_index;
use crate::agenda::recurrence::reminders;
use crate::agenda::view::{self as agenda_view};
use crate::dav::client::RemoteError;
use crate::effects::store::{
    command as store, Collection, ComputedReminders, ItemIndex, ItemRecord, ReminderPage, StoredReminder,
};
use crate::effects::{NewUid, NotifyRequest, NowRequest, Reminder};
use crate::failure::Failure;
use crate::i18n::{day_time_label, EventProblem, Locale, Text};
use crate::kinds::EventKind;

/// Reminders are scheduled this far ahead at each start and sync.
pub const REMINDER_HORIZON_HOURS: i64 = 48;

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::ShowAgenda { range } => {
            model.agenda_range = range;
            Command::all([reload(model), render()])
        }
        Event::AgendaLoaded { from, to, agenda: Ok(agenda) } => {
            model.agenda = agenda;
            model.agenda_window = Some((instant(from), instant(to)));
            render()
        }
        // The agenda stays as it was; the member is told.
        Event::AgendaLoaded { agenda: Err(e), .. } => {
            model.error = Some(e.into());
            render()
        }
        Event::OpenEvent { id, occurrence } => open(id, occurrence),
        Event::EventLoaded(record, occurrence) => {
            model.event = record.map(|r| (r, occurrence));
            render()
        }
        Event::CloseEvent => {
            model.event = None;
            render()
        }
        Event::SaveEvent { id, calendar, occurrence, fields, scope } => {
            let calendars = calendars(model);
            let server_default = model.account.as_ref().and_then(|a| a.default_calendar.clone());
            let zone = model.zone();
            // The event as the member opened it: what their form started from.
            let opened = model.event.as_ref().filter(|(r, _)| Some(r.id) == id).map(|(r, _)| r.data.clone());
            Command::new(|ctx| async move {
                let edit = Edit { id, calendar, server_default, occurrence, fields, scope, opened };
                let result = save(&ctx, edit, &calendars, zone).await;
                ctx.send_event(change_done(result));
            })
        }
        Event::DeleteEvent { id, occurrence } => {
            // The event (or the occurrence) closes: a cancelled date is no
            // longer there to edit, and a save from its form would write an
            // override beside its EXDATE. Whole, it is also the event as the
            // member saw it when they chose to delete it.
            let closed = model.event.take_if(|(r, open)| r.id == id && (occurrence.is_none() || *open == occurrence));
            let seen = match occurrence {
                None => closed.map(|(r, _)| r.data),
                Some(_) => None,
            };
            let calendars = calendars(model);
            let zone = model.zone();
            Command::new(|ctx| async move {
                let result = delete(&ctx, id, occurrence, seen, &calendars, zone).await;
                ctx.send_event(change_done(result));
            })
        }
        _ => Command::done(),
    }
}

fn calendars(model: &Model) -> Vec<Collection> {
    model.collections_of::<EventKind>().cloned().collect()
}

fn open(id: i64, occurrence: Option<String>) -> Cmd {
    Command::new(|ctx| async move {
        let event = match store::get_item(&ctx, id).await {
            Ok(record) => Event::EventLoaded(Some(record), occurrence),
            Err(_) => Event::EventLoaded(None, None),
        };
        ctx.send_event(event);
    })
}

/// Reads the open event again after a change, so the form shows it.
pub fn reopen(model: &Model) -> Cmd {
    match &model.event {
        Some((record, occurrence)) => open(record.id, occurrence.clone()),
        None => Command::done(),
    }
}

/// Reads the occurrences of the range the member looks at: those the store
/// keeps, and the events it asks the core to expand (then kept).
pub fn reload(model: &Model) -> Cmd {
    let range = model.agenda_range.clone();
    let zone = model.zone();
    Command::new(|ctx| async move {
        let now = instant(ctx.request_from_shell(NowRequest).await.0);
        load(&ctx, &range, now, zone).await;
    })
}

/// After a sync: the view again, then the months ahead expanded and kept
/// while nobody waits, so that the member's next views (and a terminal's
/// next commands) are range queries, as Android's calendar keeps its
/// instances. Only what the sync changed, or what was never kept, is
/// expanded; after a sync that changed nothing this is a few small reads.
pub fn reload_and_keep_ahead(model: &Model) -> Cmd {
    let range = model.agenda_range.clone();
    let zone = model.zone();
    Command::new(|ctx| async move {
        let now = instant(ctx.request_from_shell(NowRequest).await.0);
        load(&ctx, &range, now, zone).await;
        for (from, to) in agenda_view::quarters_ahead(now, zone) {
            let Ok(page) =
                store::occurrences_ahead(&ctx, from.timestamp_millis(), to.timestamp_millis(), zone.name()).await
            else {
                return;
            };
            if page.expand.is_empty() {
                continue;
            }
            // The quarter's layout is not looked at: only what it keeps.
            let (_, keep) = agenda_view::assemble(page, from, to, zone);
            // Not kept (a store failure): expanded when a view meets it.
            if !keep.items.is_empty() && store::save_occurrences(&ctx, keep).await.is_err() {
                return;
            }
        }
    })
}

async fn load(ctx: &Ctx, range: &agenda_view::AgendaRange, now: DateTime<Utc>, zone: Tz) {
    let Some((from, to)) = agenda_view::window(range, now, zone) else {
        ctx.send_event(Event::LocalChangeRefused(Text::BadEvent(EventProblem::Time(
            range.date.clone().unwrap_or_default(),
        ))));
        return;
    };
    let (start, end) = (from.timestamp_millis(), to.timestamp_millis());
    let agenda = match store::list_occurrences(ctx, start, end, zone.name()).await {
        Ok(page) => {
            let (agenda, keep) = agenda_view::assemble(page, from, to, zone);
            // Not kept (a store failure): expanded again next time, nothing lost.
            if !keep.items.is_empty() {
                let _ = store::save_occurrences(ctx, keep).await;
            }
            Ok(agenda)
        }
        Err(e) => Err(e),
    };
    ctx.send_event(Event::AgendaLoaded { from: start, to: end, agenda });
}

/// Hands the shell the complete set of reminders due in the next hours,
/// which replaces every one it scheduled before: the reminder of an event
/// moved or deleted since is cancelled, never shown. Ids are stable, so an
/// unchanged reminder is kept as it was. Nothing is sent when the store
/// cannot be read: the shell keeps what it has.
pub fn schedule_reminders(model: &Model) -> Cmd {
    let zone = model.zone();
    let locale = model.locale;
    Command::new(|ctx| async move {
        let now = instant(ctx.request_from_shell(NowRequest).await.0);
        if let Some(set) = upcoming_reminders(&ctx, now, zone, locale).await {
            ctx.request_from_shell(NotifyRequest::Reminders(set)).await;
        }
    })
}

/// Cancels every reminder the shell scheduled (no account, or signed out).
pub fn cancel_reminders() -> Cmd {
    Command::new(|ctx| async move {
        ctx.request_from_shell(NotifyRequest::cancel_reminders()).await;
    })
}

/// Reminders are computed this far ahead and kept: the starts of the next
/// days read them, instead of expanding every series with an alarm again.
const REMINDER_KEEP_DAYS: i64 = 7;

/// Every reminder due between `now` and the horizon, soonest first, each
/// once; `None` when the store could not be read.
async fn upcoming_reminders(ctx: &Ctx, now: DateTime<Utc>, zone: Tz, locale: Locale) -> Option<Vec<Reminder>> {
    let due = (now.timestamp_millis(), (now + chrono::Duration::hours(REMINDER_HORIZON_HOURS)).timestamp_millis());
    let keep_to = now + chrono::Duration::days(REMINDER_KEEP_DAYS);
    // Alarms fire up to a week before their event.
    let events_to = keep_to + chrono::Duration::days(8);
    let due_now = match store::list_reminders(ctx, due, zone.name(), events_to.timestamp_millis()).await.ok()? {
        ReminderPage::Kept(kept) => kept,
        ReminderPage::ToCompute { events, generation } => {
            let computed = compute_reminders(&events, now, keep_to, zone);
            let due_now = computed.iter().filter(|r| (due.0..due.1).contains(&r.at)).cloned().collect();
            let span = (due.0, keep_to.timestamp_millis());
            let keep = ComputedReminders { zone: zone.name().into(), span, generation, reminders: computed };
            // Not kept (the disk is full): computed again at the next start.
            let _ = store::save_reminders(ctx, keep).await;
            due_now
        }
    };
    Some(due_now.into_iter().map(|r| shell_reminder(r, zone, locale)).collect())
}

/// Every reminder of `events` due in `[from, to)`, soonest first, each once
/// (an event and its copy in another calendar ring once).
fn compute_reminders(events: &[ItemRecord], from: DateTime<Utc>, to: DateTime<Utc>, zone: Tz) -> Vec<StoredReminder> {
    let mut set = BTreeMap::new();
    for item in events {
        let Ok(all) = parse_resource(&item.data, zone) else { continue };
        for series in &all {
            for r in reminders(series, from, to, zone).unwrap_or_default() {
                set.entry(reminder_id(&r.uid, r.at.timestamp_millis())).or_insert(StoredReminder {
                    at: r.at.timestamp_millis(),
                    starts: r.starts.timestamp_millis(),
                    ends: r.ends.timestamp_millis(),
                    uid: r.uid,
                    summary: r.summary,
                });
            }
        }
    }
    let mut set: Vec<StoredReminder> = set.into_values().collect();
    set.sort_by_key(|r| r.at);
    set
}

/// The shell's id of a reminder: its event and when it rings (seconds).
fn reminder_id(uid: &str, at: i64) -> String {
    format!("{uid}@{}", at.div_euclid(1000))
}

fn shell_reminder(r: StoredReminder, zone: Tz, locale: Locale) -> Reminder {
    let starts = instant(r.starts).with_timezone(&zone).naive_local();
    Reminder {
        id: reminder_id(&r.uid, r.at),
        title: r.summary,
        body: Text::StartsAt(day_time_label(locale, starts)).in_locale(locale),
        at: r.at,
        until: r.ends,
    }
}

/// A change the core refused (`Ok(Err(text))`), made, or failed.
type ChangeResult = Result<Result<Text, Text>, Failure>;

/// A local change's outcome, as the event that reports it.
fn change_done(result: ChangeResult) -> Event {
    match result {
        Ok(Ok(text)) => Event::LocalChangeDone(Ok(text)),
        Ok(Err(refused)) => Event::LocalChangeRefused(refused),
        Err(e) => Event::LocalChangeDone(Err(e)),
    }
}

/// A `SaveEvent`, with the resource the member's form started from.
struct Edit {
    id: Option<i64>,
    calendar: Option<String>,
    /// The calendar the server puts new events in, if it named one.
    server_default: Option<String>,
    occurrence: Option<String>,
    fields: EventFields,
    scope: EditScope,
    opened: Option<String>,
}

/// Creates or edits an event, a whole series, one occurrence or one and
/// the following (a new series beside the old one), from the stored
/// resource so that nothing the app does not show is lost. When a sync
/// brought another version while the member edited, theirs is kept beside
/// it as a conflict, never written over it.
async fn save(ctx: &Ctx, edit: Edit, calendars: &[Collection], zone: Tz) -> ChangeResult {
    let Edit { id, calendar, server_default, occurrence, fields, scope, opened } = edit;
    let now_ms = ctx.request_from_shell(NowRequest).await.0;
    let now = instant(now_ms);
    let (calendar, data, started_from, following) = match id {
        Some(id) => {
            let mut record = store::get_item(ctx, id).await?;
            if let Some(opened) = opened {
                record.data = opened;
            }
            let (target, fields) = match (occurrence.as_deref().map(parse_occurrence_key), scope) {
                (None, _) => (Target::Series, fields),
                (Some(Some(when)), EditScope::Occurrence) => (Target::Occurrence(when), fields),
                (Some(Some(when)), EditScope::AndFollowing) => (Target::AndFollowing(when), fields),
                (Some(Some(when)), EditScope::Series) => {
                    match event_edit::series_fields(&record.data, &when, &fields, zone) {
                        Ok(fields) => (Target::Series, fields),
                        Err(e) => return Ok(Err(Text::BadEvent(EventProblem::from(&e)))),
                    }
                }
                (Some(None), _) => return Ok(Err(Text::BadEvent(EventProblem::Time(occurrence.unwrap_or_default())))),
            };
            let calendar = calendars.iter().find(|c| c.href == record.collection).cloned();
            let edited = match &target {
                Target::AndFollowing(when) => {
                    let uid = ctx.request_from_shell(NewUid).await;
                    event_edit::edit_and_following(&record.data, when, &fields, &uid, zone, now)
                }
                _ => event_edit::edit(&record.data, &target, &fields, zone, now).map(|old| Split { old, new: None }),
            };
            match edited {
                Ok(Split { old, new }) => (calendar, old, Some((id, record.data)), new),
                Err(e) => return Ok(Err(Text::BadEvent(EventProblem::from(&e)))),
            }
        }
        None => {
            let calendar = match &calendar {
                Some(href) => calendars.iter().find(|c| &c.href == href).cloned(),
                // The server's default if the member may write to it; else
                // the first they may write to, by name as they read it
                // (case and accents aside), not as the server listed it.
                None => {
                    let writable = || calendars.iter().filter(|c| !c.read_only);
                    writable()
                        .find(|c| server_default.as_ref() == Some(&c.href))
                        .or_else(|| {
                            writable().min_by_key(|c| (crate::contacts::text::fold(&c.display_name), c.href.clone()))
                        })
                        .cloned()
                }
            };
            let uid = ctx.request_from_shell(NewUid).await;
            match event_edit::new_event(&uid, &fields, zone, now) {
                Ok(data) => (calendar, data, None, None),
                Err(e) => return Ok(Err(Text::BadEvent(EventProblem::from(&e)))),
            }
        }
    };
    let Some(calendar) = calendar else { return Ok(Err(Text::NoCalendar)) };
    if calendar.read_only {
        return Ok(Err(Text::ReadOnlyCalendar));
    }
    let index = index_of(&data)?;
    if let Some((id, from)) = started_from {
        // The new series of a split first: should the second write fail,
        // the member sees those occurrences twice, never lost.
        let following = match following {
            Some(new) => {
                let new_index = index_of(&new)?;
                Some(store::save_item(ctx, None, calendar.href.clone(), new, new_index).await?)
            }
            None => None,
        };
        let edited = store::edit_item(ctx, id, calendar.href, data, index, from, now_ms).await?;
        // What the member changed is now the new series: it opens.
        if let Some(Ok(record)) = match following {
            Some(saved) => Some(store::get_item(ctx, saved).await),
            None => None,
        } {
            ctx.send_event(Event::EventLoaded(Some(record), None));
        }
        return Ok(Ok(edited.said(Text::EventSaved)));
    }
    let saved = store::save_item(ctx, None, calendar.href, data, index).await?;
    // A new event opens, as a new contact or note does: the member (and
    // `nubo event add`) sees it and its number.
    if let Ok(record) = store::get_item(ctx, saved).await {
        ctx.send_event(Event::EventLoaded(Some(record), None));
    }
    Ok(Ok(Text::EventSaved))
}

/// Events the app wrote itself always index; should one not, it is not saved.
fn index_of(data: &str) -> Result<ItemIndex, Failure> {
    event_index(data).map(ItemIndex::Event).map_err(|e| RemoteError::BadResponse(e.to_string()).into())
}

/// Deletes an event or whole series, or cancels one occurrence (an
/// EXDATE, so the rest of the series stays).
/// A whole event the member saw (`seen`) that another device changed since
/// stays, shown again as it is now.
async fn delete(
    ctx: &Ctx,
    id: i64,
    occurrence: Option<String>,
    seen: Option<String>,
    calendars: &[Collection],
    zone: Tz,
) -> ChangeResult {
    let record = store::get_item(ctx, id).await?;
    if calendars.iter().any(|c| c.href == record.collection && c.read_only) {
        return Ok(Err(Text::ReadOnlyCalendar));
    }
    let Some(key) = occurrence else {
        if !store::delete_seen(ctx, id, seen).await? {
            ctx.send_event(Event::EventLoaded(Some(record), None));
            return Ok(Ok(Text::ChangedBeforeDelete));
        }
        return Ok(Ok(Text::EventDeleted));
    };
    let Some(when) = parse_occurrence_key(&key) else { return Ok(Err(Text::BadEvent(EventProblem::Time(key)))) };
    let now_ms = ctx.request_from_shell(NowRequest).await.0;
    let data = match event_edit::cancel_occurrence(&record.data, &when, zone, instant(now_ms)) {
        Ok(data) => data,
        Err(e) => return Ok(Err(Text::BadEvent(EventProblem::from(&e)))),
    };
    let index = index_of(&data)?;
    let edited = store::edit_item(ctx, id, record.collection, data, index, record.data, now_ms).await?;
    Ok(Ok(edited.said(Text::OccurrenceCancelled)))
}

#[cfg(test)]
mod tests {
    use crate::effects::store::{ExpandFor, OccurrencePage, StoredReminder, ToExpand};
    use crate::i18n::Locale;
    use crate::model::test_support::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn cancelling_the_open_occurrence_closes_it_and_leaves_others_open() {
        let key = "2027-03-02T18:00:00Z".to_string();
        let mut model = agenda_model(false);
        model.event = Some((stored_event(1, GA_SERIES), Some(key.clone())));
        let mut d = Driver::new(model);
        // Another date of the same series: the open one stays.
        d.send(Event::DeleteEvent { id: 1, occurrence: Some("2027-04-06T17:00:00Z".into()) });
        assert!(d.view().event.is_some());
        // The open one: its form closes at once, nothing left to save over the EXDATE.
        d.send(Event::DeleteEvent { id: 1, occurrence: Some(key) });
        assert!(d.view().event.is_none());
    }

    #[test]
    fn a_month_reads_only_its_window_and_is_laid_out_in_the_members_zone() {
        use crate::agenda::view::{AgendaRange, AgendaSpan};
        let mut d = Driver::new(agenda_model(false));
        d.send(Event::ShowAgenda {
            range: AgendaRange { span: AgendaSpan::Month, date: Some("2027-03-01".into()), until: None },
        });
        d.answer_time();
        let mut read = d.store();
        // Midnight to midnight in Brussels: UTC+1 on 1 March, UTC+2 on 1 April.
        let (from, to) = (ms("2027-02-28T23:00:00Z"), ms("2027-03-31T22:00:00Z"));
        assert_eq!(read.operation, StoreRequest::ListOccurrences { from, to, zone: "Europe/Brussels".into() });
        // Nothing kept yet: both events to expand over a window around the month.
        let window = (from - 35 * DAY, to + 70 * DAY);
        let expand = [(1, GA_SERIES), (2, MAINTENANCE)].map(|(id, ics)| ToExpand {
            item: stored_event(id, ics),
            expand_for: ExpandFor::Window { generation: 7, kept: None },
        });
        read.resolve(StoreResponse::Occurrences(OccurrencePage {
            rows: vec![],
            expand: expand.into(),
            window,
            pending_events: 0,
        }))
        .unwrap();
        // What was expanded is kept: the series over the whole window (weekly
        // from January to June), the maintenance once.
        let mut keep = d.store();
        let StoreRequest::SaveOccurrences(kept) = keep.operation.clone() else { panic!("{:?}", keep.operation) };
        assert_eq!((kept.zone.as_str(), kept.window), ("Europe/Brussels", window));
        let counts: Vec<(i64, i64, usize)> =
            kept.items.iter().map(|i| (i.item_id, i.generation, i.occurrences.as_ref().map_or(0, Vec::len))).collect();
        assert_eq!(counts[1], (2, 7, 1));
        assert!(counts[0].0 == 1 && counts[0].2 >= 4, "{counts:?}");
        keep.resolve(StoreResponse::Done).unwrap();
        d.settle();
        let agenda = d.view().agenda;
        assert_eq!(
            (agenda.title.as_str(), agenda.from.as_str(), agenda.to.as_str()),
            ("March 2027", "2027-03-01", "2027-03-31")
        );
        let rows: Vec<(String, String, String)> = agenda
            .days
            .iter()
            .flat_map(|day| day.entries.iter().map(move |e| (day.date.clone(), e.time.clone(), e.title.clone())))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2027-03-02".into(), "19:00 – 21:00".into(), "Assemblée du conseil coopératif".into()),
                ("2027-03-27".into(), "22:00 – …".into(), "Maintenance des serveurs (Nextcloud indisponible)".into()),
                ("2027-03-28".into(), "… – 04:00".into(), "Maintenance des serveurs (Nextcloud indisponible)".into()),
            ]
        );
        let ga = &agenda.days[0].entries[0];
        assert_eq!(
            (ga.event_id, ga.occurrence.as_deref(), ga.color.as_deref()),
            (1, Some("2027-03-02T18:00:00Z"), Some("#0082C9"))
        );
        assert_eq!(agenda.days[0].label, "Tuesday 2 March 2027");
    }

    #[test]
    fn after_a_sync_the_year_ahead_is_expanded_and_kept_a_quarter_at_a_time() {
        let mut d = Driver::new(agenda_model(false));
        d.send(Event::SyncFinished(Ok(Default::default())));
        // "Now" is 24 November 2025, 17:00 in Brussels; the assembly series
        // meets once a month from September 2026.
        let (mut asked, mut kept) = (Vec::new(), Vec::new());
        play(&mut d, |effect| {
            let Effect::Store(mut r) = effect else { return answer_clock_or_notify(effect) };
            let answer = match r.operation.clone() {
                StoreRequest::ListOccurrences { from, to, .. } => {
                    asked.push(("view", from, to));
                    empty_occurrences(from, to)
                }
                StoreRequest::OccurrencesAhead { from, to, zone } => {
                    assert_eq!(zone, "Europe/Brussels");
                    asked.push(("ahead", from, to));
                    // The second quarter has nothing left to expand.
                    let expand = if asked.len() == 3 {
                        vec![]
                    } else {
                        vec![ToExpand {
                            item: stored_event(1, GA_SERIES),
                            expand_for: ExpandFor::Window { generation: 4, kept: None },
                        }]
                    };
                    StoreResponse::Occurrences(OccurrencePage {
                        rows: vec![],
                        expand,
                        window: (from, to),
                        pending_events: 0,
                    })
                }
                StoreRequest::SaveOccurrences(k) => {
                    let counts: Vec<_> =
                        k.items.iter().map(|i| (i.item_id, i.occurrences.as_ref().map(Vec::len))).collect();
                    kept.push((k.window, counts));
                    StoreResponse::Done
                }
                StoreRequest::ListReminders { .. } => {
                    StoreResponse::Reminders(ReminderPage::ToCompute { events: vec![], generation: 1 })
                }
                StoreRequest::SaveSyncedAt { .. } => StoreResponse::Done,
                StoreRequest::ListCollections => StoreResponse::Collections(vec![calendar(false)]),
                other => quiet_answer(&other).unwrap_or_else(|| panic!("unexpected {other:?}")),
            };
            r.resolve(answer).unwrap();
        });
        // The view first (the next 30 days), then the twelve months from
        // November 2025 by quarter, midnight to midnight in Brussels.
        let quarters = [
            ms("2025-10-31T23:00:00Z"),
            ms("2026-01-31T23:00:00Z"),
            ms("2026-04-30T22:00:00Z"),
            ms("2026-07-31T22:00:00Z"),
            ms("2026-10-31T23:00:00Z"),
        ];
        let mut expected = vec![("view", 1_764_000_000_000, 1_764_000_000_000 + 30 * DAY - 17 * 3_600_000)];
        expected.extend(quarters.windows(2).map(|q| ("ahead", q[0], q[1])));
        assert_eq!(asked, expected);
        // Kept quarter by quarter, the second (nothing to expand) not
        // written: the series' September and October meetings in the last.
        assert_eq!(
            kept,
            vec![
                ((quarters[0], quarters[1]), vec![(1, Some(0))]),
                ((quarters[2], quarters[3]), vec![(1, Some(0))]),
                ((quarters[3], quarters[4]), vec![(1, Some(2))]),
            ]
        );
    }

    /// The member saves (summary, start, end) for the assembly of 2 March 2027
    /// (one date of the stored series 1), for `scope`.
    fn edit_first_march_assembly(
        d: &mut Driver,
        (summary, start, end): (&str, &str, &str),
        scope: crate::agenda::edit::EditScope,
    ) {
        let fields = crate::agenda::edit::EventFields {
            summary: summary.into(),
            start: start.into(),
            end: end.into(),
            ..Default::default()
        };
        d.send(Event::SaveEvent {
            id: Some(1),
            calendar: None,
            occurrence: Some("2027-03-02T18:00:00Z".into()),
            fields,
            scope,
        });
    }

    #[test]
    fn moving_one_occurrence_offline_stores_an_override_with_its_new_span() {
        let mut d = Driver::new(agenda_model(false));
        edit_first_march_assembly(
            &mut d,
            ("Assemblée du conseil coopératif", "2027-03-09T19:00", "2027-03-09T21:00"),
            Default::default(),
        );
        d.answer_time();
        let mut get = d.store();
        assert_eq!(get.operation, StoreRequest::GetItem { id: 1 });
        get.resolve(StoreResponse::Item(Some(stored_event(1, GA_SERIES)))).unwrap();
        let mut save = d.store();
        // A conflict would be kept with the time the member saved, asked once.
        let StoreRequest::EditItem {
            id: 1,
            collection,
            data,
            index: ItemIndex::Event(index),
            started_from,
            now: 1_764_000_000_000,
        } = &save.operation
        else {
            panic!("{:?}", save.operation)
        };
        assert_eq!(started_from, GA_SERIES, "no event was open: the edit started from the stored one");
        assert_eq!(collection, CALENDAR);
        assert!(data.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T190000\r\n"), "{data}");
        assert!(data.contains("DTSTART;TZID=Europe/Brussels:20270309T190000\r\n"));
        assert_eq!(index.uid, "ag-mensuelle@nubo.coop");
        save.resolve(StoreResponse::Saved { id: 1 }).unwrap();
        // The lists are read again after the change, never before.
        answer_reads_after_a_change(&mut d);
        d.settle();
        assert!(d.view().notice.unwrap().starts_with("Event saved"));
    }

    #[test]
    fn changing_the_whole_series_from_one_occurrence_moves_it_from_its_first_date() {
        let mut d = Driver::new(agenda_model(false));
        let scope = crate::agenda::edit::EditScope::Series;
        edit_first_march_assembly(&mut d, ("Conseil coopératif", "2027-03-02T20:00", "2027-03-02T22:00"), scope);
        d.answer_time();
        d.store().resolve(StoreResponse::Item(Some(stored_event(1, GA_SERIES)))).unwrap();
        // One resource changed, no new one: the series an hour later from
        // September 2026, not from March, its rule whole.
        let mut save = d.store();
        let StoreRequest::EditItem { id: 1, data, .. } = save.operation.clone() else { panic!("{:?}", save.operation) };
        assert!(data.contains("DTSTART;TZID=Europe/Brussels:20260901T200000\r\n"), "{data}");
        assert!(data.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12\r\n"), "{data}");
        assert!(data.contains("SUMMARY:Conseil coopératif\r\n"), "{data}");
        assert!(!data.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302"), "no override for March: {data}");
        save.resolve(StoreResponse::Saved { id: 1 }).unwrap();
        answer_reads_after_a_change(&mut d);
        d.settle();
        assert!(d.view().notice.unwrap().starts_with("Event saved"));
    }

    #[test]
    fn changing_this_and_the_following_occurrences_offline_writes_both_series() {
        let mut d = Driver::new(agenda_model(false));
        let scope = crate::agenda::edit::EditScope::AndFollowing;
        edit_first_march_assembly(&mut d, ("Conseil coopératif", "2027-03-02T20:00", "2027-03-02T22:00"), scope);
        d.answer_time();
        d.store().resolve(StoreResponse::Item(Some(stored_event(1, GA_SERIES)))).unwrap();
        match d.next_effect() {
            Effect::Uid(mut r) => r.resolve("ag-nouvelle@nubo.coop".into()).unwrap(),
            other => panic!("{other:?}"),
        }
        // The new series first, a new resource queued like any new event:
        // from 2 March at 20:00, the six assemblies left of twelve.
        let mut save = d.store();
        let StoreRequest::SaveItem { id: None, collection, data: new, index: ItemIndex::Event(index) } =
            save.operation.clone()
        else {
            panic!("{:?}", save.operation)
        };
        assert_eq!((collection.as_str(), index.uid.as_str()), (CALENDAR, "ag-nouvelle@nubo.coop"));
        assert!(new.contains("DTSTART;TZID=Europe/Brussels:20270302T200000\r\n"), "{new}");
        assert!(new.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6\r\n"), "{new}");
        // The May override and the August EXDATE go with it, an hour later.
        assert!(new.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270504T200000\r\n"), "{new}");
        assert!(new.contains("EXDATE;TZID=Europe/Brussels:20270803T200000\r\n"), "{new}");
        save.resolve(StoreResponse::Saved { id: 2 }).unwrap();
        // Then the old one, through the edit that keeps a conflict: the six
        // assemblies before March.
        let mut edit = d.store();
        let StoreRequest::EditItem { id: 1, data: old, started_from, index: ItemIndex::Event(index), .. } =
            edit.operation.clone()
        else {
            panic!("{:?}", edit.operation)
        };
        assert_eq!(started_from, GA_SERIES);
        assert_eq!(index.uid, "ag-mensuelle@nubo.coop");
        assert!(old.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6\r\n"), "{old}");
        assert!(!old.contains("RECURRENCE-ID") && !old.contains("EXDATE"), "{old}");
        assert!(index.last_end.unwrap() < ms("2027-03-01T00:00:00Z"), "its span ends before March");
        edit.resolve(StoreResponse::Saved { id: 1 }).unwrap();
        // The new series opens: it is what the member changed.
        let mut get = d.store();
        assert_eq!(get.operation, StoreRequest::GetItem { id: 2 });
        get.resolve(StoreResponse::Item(Some(stored_event(2, &new)))).unwrap();
        // The lists read again, and the open event (now the new series).
        let mut reads = vec![
            StoreRequest::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
            StoreRequest::ListConflicts,
            StoreRequest::ListNotes { query: String::new() },
            StoreRequest::GetItem { id: 2 },
        ];
        let (mut agenda_read, mut reminders_sent) = (false, false);
        while !reads.is_empty() || !agenda_read || !reminders_sent {
            match d.next_effect() {
                Effect::Time(mut t) => t.resolve(Instant(1_764_000_000_000)).unwrap(),
                // The reminders of the next 48 hours (none: it is 2025 here).
                Effect::Notify(mut n) => {
                    assert_eq!(n.operation, NotifyRequest::Reminders(vec![]));
                    n.resolve(()).unwrap();
                    reminders_sent = true;
                }
                Effect::Store(mut r) => {
                    let answer = match r.operation.clone() {
                        StoreRequest::ListOccurrences { from, to, .. } => {
                            agenda_read = true;
                            empty_occurrences(from, to)
                        }
                        StoreRequest::ListReminders { .. } => StoreResponse::Reminders(ReminderPage::ToCompute {
                            events: vec![stored_event(2, &new)],
                            generation: 1,
                        }),
                        StoreRequest::SaveReminders(_) => StoreResponse::Done,
                        StoreRequest::ListContacts { .. } => StoreResponse::Contacts(Default::default()),
                        StoreRequest::ListConflicts => StoreResponse::Conflicts(vec![]),
                        StoreRequest::ListNotes { .. } => StoreResponse::Notes(Default::default()),
                        StoreRequest::GetItem { id: 2 } => StoreResponse::Item(Some(stored_event(2, &new))),
                        other => panic!("unexpected {other:?}"),
                    };
                    reads.retain(|x| *x != r.operation);
                    r.resolve(answer).unwrap();
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        d.settle();
        let view = d.view();
        assert!(view.notice.unwrap().starts_with("Event saved"));
        let opened = view.event.unwrap();
        assert_eq!((opened.id, opened.fields.start.as_str()), (2, "2027-03-02T20:00"));
    }

    #[test]
    fn an_older_shell_saving_without_a_scope_changes_that_occurrence_only() {
        let json = r#"{"SaveEvent":{"id":1,"calendar":null,"occurrence":"2027-03-02T18:00:00Z","fields":{"summary":"x","location":"","description":"","start":"2027-03-09T19:00","end":""}}}"#;
        let Event::SaveEvent { scope, .. } = serde_json::from_str::<Event>(json).unwrap() else { panic!() };
        assert_eq!(scope, crate::agenda::edit::EditScope::Occurrence);
    }

    /// The assembly series, changed from March 2027 on: a week later at
    /// 20:00 in another room (RANGE=THISANDFUTURE, as other clients write it).
    fn ga_changed_from_march() -> String {
        GA_SERIES.replace(
            "END:VCALENDAR",
            "BEGIN:VEVENT\r\nUID:ag-mensuelle@nubo.coop\r\nDTSTAMP:20260801T090000Z\r\nSEQUENCE:1\r\n\
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Brussels:20270302T190000\r\nSUMMARY:Conseil coopératif\r\n\
LOCATION:Mundo-B\r\nDTSTART;TZID=Europe/Brussels:20270309T200000\r\nDTEND;TZID=Europe/Brussels:20270309T220000\r\n\
END:VEVENT\r\nEND:VCALENDAR",
        )
    }

    #[test]
    fn an_occurrence_after_a_thisandfuture_change_opens_as_that_change_says() {
        let mut d = Driver::new(agenda_model(false));
        let record = stored_event(1, &ga_changed_from_march());
        // The rule's 6 April (17:00 UTC), shown on 13 April at 20:00.
        d.send(Event::EventLoaded(Some(record), Some("2027-04-06T17:00:00Z".into())));
        let fields = d.view().event.unwrap().fields;
        assert_eq!(
            (fields.summary.as_str(), fields.location.as_str(), fields.start.as_str(), fields.end.as_str()),
            ("Conseil coopératif", "Mundo-B", "2027-04-13T20:00", "2027-04-13T22:00")
        );
        // Before the change: the series as it was.
        d.send(Event::EventLoaded(
            Some(stored_event(1, &ga_changed_from_march())),
            Some("2027-02-02T18:00:00Z".into()),
        ));
        let fields = d.view().event.unwrap().fields;
        assert_eq!(
            (fields.summary.as_str(), fields.start.as_str()),
            ("Assemblée du conseil coopératif", "2027-02-02T19:00")
        );
    }

    #[test]
    fn the_open_event_says_its_reminders_in_words_a_moved_date_its_own() {
        const WITH_ALARMS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:ca@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Conseil\r\n\
DTSTART;TZID=Europe/Brussels:20270105T190000\r\nDTEND;TZID=Europe/Brussels:20270105T210000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=4\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:PT0S\r\nEND:VALARM\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DATE-TIME:20270104T080000Z\r\nEND:VALARM\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ca@nubo.coop\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Conseil\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20270202T190000\r\n\
DTSTART;TZID=Europe/Brussels:20270204T200000\r\nDTEND;TZID=Europe/Brussels:20270204T220000\r\n\
BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT2H\r\nEND:VALARM\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut model = agenda_model(false);
        model.locale = crate::i18n::Locale::Fr;
        let mut d = Driver::new(model);
        d.send(Event::EventLoaded(Some(stored_event(1, WITH_ALARMS)), Some("2027-01-05T18:00:00Z".into())));
        assert_eq!(
            d.view().event.unwrap().reminders,
            ["30\u{a0}minutes avant", "1\u{a0}jour avant", "À la fin", "lundi 4 janvier 2027 à 09:00"]
        );
        // The moved February date rings as it was changed to.
        d.send(Event::EventLoaded(Some(stored_event(1, WITH_ALARMS)), Some("2027-02-02T18:00:00Z".into())));
        assert_eq!(d.view().event.unwrap().reminders, ["2\u{a0}heures avant"]);
        let mut model = agenda_model(false);
        model.locale = crate::i18n::Locale::Nl;
        let mut d = Driver::new(model);
        d.send(Event::EventLoaded(Some(stored_event(1, WITH_ALARMS)), None));
        assert_eq!(
            d.view().event.unwrap().reminders,
            ["30 minuten vooraf", "1 dag vooraf", "Bij het einde", "maandag 4 januari 2027 om 09:00"]
        );
    }

    #[test]
    fn an_event_in_a_read_only_calendar_is_refused_before_anything_is_stored() {
        let mut d = Driver::new(agenda_model(true));
        let fields = crate::agenda::edit::EventFields {
            summary: "X".into(),
            start: "2027-03-09T19:00".into(),
            ..Default::default()
        };
        d.send(Event::SaveEvent {
            id: Some(1),
            calendar: None,
            occurrence: None,
            fields: fields.clone(),
            scope: Default::default(),
        });
        d.answer_time();
        d.store().resolve(StoreResponse::Item(Some(stored_event(1, MAINTENANCE)))).unwrap();
        // `settle` fails on any further effect: nothing is written.
        d.settle();
        assert_eq!(d.view().error.as_deref(), Some("This calendar is read-only: you can look at it, not change it."));

        // A new one with no calendar to write to, and a bad time: refused too.
        let mut d = Driver::new(agenda_model(true));
        d.send(Event::SaveEvent { id: None, calendar: None, occurrence: None, fields, scope: Default::default() });
        d.answer_time();
        match d.next_effect() {
            Effect::Uid(mut r) => r.resolve("new-uid".into()).unwrap(),
            other => panic!("{other:?}"),
        }
        d.settle();
        assert_eq!(d.view().error.as_deref(), Some("No editable calendar on this account."));
    }

    /// Where a new event without a chosen calendar is written, the server
    /// naming `server_default` as its default.
    fn new_event_lands_in(server_default: Option<&str>) -> String {
        let mut model = agenda_model(false);
        let named = |href: &str, name: &str, read_only: bool| Collection {
            read_only,
            ..Collection::new(EventKind::KIND, href, name)
        };
        // As a server may list them: not by name, capitals first, a shared one.
        model.collections = vec![
            named("https://dav.test/cal/zebre/", "Zèbre", false),
            named("https://dav.test/cal/board/", "Assemblées", true),
            named("https://dav.test/cal/perso/", "agenda perso", false),
        ];
        let account = signed_in_model("fr").account.unwrap();
        model.account = Some(Account { default_calendar: server_default.map(str::to_string), ..account });
        let mut d = Driver::new(model);
        let fields = crate::agenda::edit::EventFields {
            summary: "Café".into(),
            start: "2027-03-13T10:00".into(),
            end: "2027-03-13T11:00".into(),
            ..Default::default()
        };
        d.send(Event::SaveEvent { id: None, calendar: None, occurrence: None, fields, scope: Default::default() });
        d.answer_time();
        match d.next_effect() {
            Effect::Uid(mut r) => r.resolve("new-uid".into()).unwrap(),
            other => panic!("{other:?}"),
        }
        let save = d.store();
        let StoreRequest::SaveItem { collection, .. } = &save.operation else { panic!("{:?}", save.operation) };
        collection.clone()
    }

    #[test]
    fn a_new_event_without_a_calendar_goes_to_the_server_default_else_the_first_writable_one_by_name() {
        assert_eq!(new_event_lands_in(Some("https://dav.test/cal/zebre/")), "https://dav.test/cal/zebre/");
        assert_eq!(new_event_lands_in(None), "https://dav.test/cal/perso/");
        // A default the member may not write to, or no longer listed: by name.
        assert_eq!(new_event_lands_in(Some("https://dav.test/cal/board/")), "https://dav.test/cal/perso/");
        assert_eq!(new_event_lands_in(Some("https://dav.test/cal/gone/")), "https://dav.test/cal/perso/");
    }

    #[test]
    fn upcoming_reminders_become_notifications_the_shell_schedules() {
        // An event with a 15-minute alarm, starting two hours after "now".
        let now = 1_764_000_000_000_i64;
        let start = chrono::DateTime::from_timestamp_millis(now + 2 * 3_600_000).unwrap().format("%Y%m%dT%H%M%SZ");
        let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r1\r\nSUMMARY:Permanence\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let mut d = Driver::new(agenda_model(false));
        d.send(Event::SyncFinished(Ok(Default::default())));
        let notified: Vec<Reminder>;
        let mut reads = 0;
        loop {
            let effect = d.next_effect();
            match effect {
                Effect::Time(mut t) => t.resolve(Instant(now)).unwrap(),
                Effect::Store(mut r) => match r.operation.clone() {
                    StoreRequest::ListOccurrences { from, to, .. } => {
                        reads += 1;
                        r.resolve(empty_occurrences(from, to)).unwrap();
                    }
                    StoreRequest::OccurrencesAhead { from, to, .. } => {
                        r.resolve(empty_occurrences(from, to)).unwrap();
                    }
                    StoreRequest::ListReminders { .. } => {
                        reads += 1;
                        let events = vec![stored_event(5, &ics)];
                        r.resolve(StoreResponse::Reminders(ReminderPage::ToCompute { events, generation: 1 })).unwrap();
                    }
                    StoreRequest::SaveReminders(_) => r.resolve(StoreResponse::Done).unwrap(),
                    StoreRequest::ListCollections => {
                        r.resolve(StoreResponse::Collections(vec![calendar(false)])).unwrap()
                    }
                    StoreRequest::ListContacts { .. } => {
                        r.resolve(StoreResponse::Contacts(Default::default())).unwrap()
                    }
                    StoreRequest::ListConflicts => r.resolve(StoreResponse::Conflicts(vec![])).unwrap(),
                    StoreRequest::ListNotes { .. } => r.resolve(StoreResponse::Notes(Default::default())).unwrap(),
                    other => panic!("unexpected {other:?}"),
                },
                Effect::Notify(mut n) => {
                    let NotifyRequest::Reminders(set) = n.operation.clone() else { panic!("{:?}", n.operation) };
                    notified = set;
                    n.resolve(()).unwrap();
                    break;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(reads, 2, "the agenda and the reminders each read their window");
        assert_eq!(notified.len(), 1);
        assert_eq!(notified[0].title, "Permanence");
        assert_eq!(notified[0].at, now + 2 * 3_600_000 - 15 * 60_000);
        // Worth showing late until the hour-long event ends.
        assert_eq!(notified[0].until, now + 3 * 3_600_000);
        assert_eq!(notified[0].id, format!("r1@{}", (now + 2 * 3_600_000 - 15 * 60_000) / 1000));
    }

    const NOW: i64 = 1_764_000_000_000;

    /// An event `uid` with a 15-minute alarm, starting at `start` (UTC).
    fn with_alarm(uid: &str, start: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    }

    type Calendar = std::collections::BTreeMap<i64, String>;

    /// Plays the store and the shell until the core asks nothing more: the
    /// events in `calendar` (id → iCalendar), edited and deleted as asked.
    /// Returns every reminder set the shell was handed, in order.
    fn run_with_calendar(d: &mut Driver, calendar: &mut Calendar) -> Vec<Vec<Reminder>> {
        let mut sets = Vec::new();
        play(d, |effect| {
            let Effect::Store(mut r) = effect else {
                if let Effect::Notify(n) = &effect {
                    let NotifyRequest::Reminders(set) = n.operation.clone() else { panic!("{:?}", n.operation) };
                    sets.push(set);
                }
                return answer_clock_or_notify(effect);
            };
            let answer = match r.operation.clone() {
                StoreRequest::GetItem { id } => {
                    StoreResponse::Item(calendar.get(&id).map(|data| stored_event(id, data)))
                }
                StoreRequest::EditItem { id, data, .. } => {
                    calendar.insert(id, data);
                    StoreResponse::Saved { id }
                }
                StoreRequest::DeleteItem { id } => {
                    calendar.remove(&id);
                    StoreResponse::Done
                }
                StoreRequest::ListReminders { .. } => StoreResponse::Reminders(ReminderPage::ToCompute {
                    events: calendar.iter().map(|(id, data)| stored_event(*id, data)).collect(),
                    generation: 1,
                }),
                StoreRequest::ListOccurrences { from, to, .. } | StoreRequest::OccurrencesAhead { from, to, .. } => {
                    empty_occurrences(from, to)
                }
                StoreRequest::ListCollections => StoreResponse::Collections(vec![super_calendar()]),
                other => quiet_answer(&other).unwrap_or_else(|| panic!("unexpected {other:?}")),
            };
            r.resolve(answer).unwrap();
        });
        sets
    }

    /// Plays the shell until the core asks nothing more: every event sent
    /// back, every effect but renders handed to `answer`.
    fn play(d: &mut Driver, mut answer: impl FnMut(Effect)) {
        loop {
            let (mut events, mut effects) = (Vec::new(), Vec::new());
            for command in d.commands.iter_mut() {
                events.extend(command.events());
                effects.extend(command.effects().filter(|e| !e.is_render()));
            }
            if events.is_empty() && effects.is_empty() {
                return;
            }
            for event in events {
                d.send(event);
            }
            for effect in effects {
                answer(effect);
            }
        }
    }

    /// The clock says [`NOW`]; a notification is taken.
    fn answer_clock_or_notify(effect: Effect) {
        match effect {
            Effect::Time(mut t) => t.resolve(Instant(NOW)).unwrap(),
            Effect::Notify(mut n) => n.resolve(()).unwrap(),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// The store's answer to what these tests do not look at: empty lists,
    /// writes done.
    fn quiet_answer(request: &StoreRequest) -> Option<StoreResponse> {
        Some(match request {
            StoreRequest::ListContacts { .. } => StoreResponse::Contacts(Default::default()),
            StoreRequest::ListConflicts => StoreResponse::Conflicts(vec![]),
            StoreRequest::ListNotes { .. } => StoreResponse::Notes(Default::default()),
            StoreRequest::ListNewsSources => StoreResponse::NewsSources(vec![]),
            StoreRequest::ListNews => StoreResponse::News(vec![]),
            StoreRequest::SaveReminders(_) => StoreResponse::Done,
            _ => return None,
        })
    }

    fn super_calendar() -> Collection {
        calendar(false)
    }

    fn ids(set: &[Reminder]) -> Vec<&str> {
        set.iter().map(|r| r.id.as_str()).collect()
    }

    /// "permanence" at 18:00 UTC, "atelier" at 20:00 UTC; now is 16:00 UTC.
    fn two_events_synced() -> (Driver, Calendar, String, String) {
        let mut calendar = Calendar::from([
            (5, with_alarm("permanence", "20251124T180000Z")),
            (6, with_alarm("atelier", "20251124T200000Z")),
        ]);
        let permanence = format!("permanence@{}", ms("2025-11-24T17:45:00Z") / 1000);
        let atelier = format!("atelier@{}", ms("2025-11-24T19:45:00Z") / 1000);
        let mut d = Driver::new(agenda_model(false));
        d.send(Event::SyncFinished(Ok(Default::default())));
        let sets = run_with_calendar(&mut d, &mut calendar);
        assert_eq!(sets.len(), 1);
        assert_eq!(ids(&sets[0]), vec![permanence.as_str(), atelier.as_str()]);
        (d, calendar, permanence, atelier)
    }

    #[test]
    fn an_event_moved_here_has_its_reminder_moved_and_the_old_one_left_out() {
        let (mut d, mut calendar, old, atelier) = two_events_synced();
        // The member moves the permanence an hour later (20:00 in Brussels), offline.
        let fields = crate::agenda::edit::EventFields {
            summary: "permanence".into(),
            start: "2025-11-24T20:00".into(),
            end: "2025-11-24T21:00".into(),
            ..Default::default()
        };
        d.send(Event::SaveEvent { id: Some(5), calendar: None, occurrence: None, fields, scope: Default::default() });
        let sets = run_with_calendar(&mut d, &mut calendar);
        assert_eq!(sets.len(), 1, "one complete set after the change: {sets:?}");
        let new = format!("permanence@{}", ms("2025-11-24T18:45:00Z") / 1000);
        assert_eq!(ids(&sets[0]), vec![new.as_str(), atelier.as_str()]);
        assert!(!ids(&sets[0]).contains(&old.as_str()), "the old time is gone: the shell cancels it");
        assert_eq!(sets[0][0].at, ms("2025-11-24T18:45:00Z"));
        assert_eq!(sets[0][0].body, "Starts on Monday 24 November 2025, 20:00", "{:?}", sets[0][0]);
    }

    #[test]
    fn an_event_deleted_here_has_no_reminder_left() {
        let (mut d, mut calendar, _, atelier) = two_events_synced();
        d.send(Event::DeleteEvent { id: 5, occurrence: None });
        let sets = run_with_calendar(&mut d, &mut calendar);
        assert_eq!(sets.len(), 1, "{sets:?}");
        assert_eq!(ids(&sets[0]), vec![atelier.as_str()]);
        // And the last one: an empty set, which cancels everything.
        d.send(Event::DeleteEvent { id: 6, occurrence: None });
        assert_eq!(run_with_calendar(&mut d, &mut calendar), vec![vec![]]);
    }

    #[test]
    fn an_event_moved_on_the_server_has_its_reminder_moved_at_the_next_sync() {
        let (mut d, mut calendar, old, atelier) = two_events_synced();
        calendar.insert(5, with_alarm("permanence", "20251125T090000Z"));
        d.send(Event::SyncFinished(Ok(Default::default())));
        let sets = run_with_calendar(&mut d, &mut calendar);
        let new = format!("permanence@{}", ms("2025-11-25T08:45:00Z") / 1000);
        assert_eq!(sets.iter().map(|s| ids(s)).collect::<Vec<_>>(), vec![vec![atelier.as_str(), new.as_str()]]);
        assert!(!ids(&sets[0]).contains(&old.as_str()));
    }

    /// Runs `schedule_reminders` at `now`, the store answering `page` to its
    /// question; what the shell was handed and what the core kept.
    fn schedule_at(model: &Model, now: i64, page: ReminderPage) -> (Vec<Reminder>, Vec<StoreRequest>) {
        let mut command = super::schedule_reminders(model);
        let (mut notified, mut asked) = (Vec::new(), Vec::new());
        while !command.is_done() {
            for effect in command.effects().collect::<Vec<_>>() {
                match effect {
                    Effect::Time(mut t) => t.resolve(Instant(now)).unwrap(),
                    Effect::Store(mut r) => {
                        asked.push(r.operation.clone());
                        let answer = match r.operation {
                            StoreRequest::ListReminders { .. } => StoreResponse::Reminders(page.clone()),
                            _ => StoreResponse::Done,
                        };
                        r.resolve(answer).unwrap()
                    }
                    Effect::Notify(mut n) => {
                        let NotifyRequest::Reminders(set) = n.operation.clone() else { panic!("{:?}", n.operation) };
                        notified.extend(set);
                        n.resolve(()).unwrap()
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
        (notified, asked)
    }

    #[test]
    fn reminders_are_handed_over_for_the_next_48_hours_and_kept_for_the_week() {
        let now = 1_764_000_000_000_i64;
        let event = |uid: &str, starts_in_minutes: i64| {
            let start = chrono::DateTime::from_timestamp_millis(now + starts_in_minutes * 60_000)
                .unwrap()
                .format("%Y%m%dT%H%M%SZ");
            format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        };
        // Alarms at 47 h 55 min (inside), 48 h 5 min (outside, within the
        // week) and 7 days 5 min (beyond what is kept) from now.
        let (inside, outside, next_week) =
            (event("inside", 48 * 60 + 10), event("outside", 48 * 60 + 20), event("next-week", 7 * 24 * 60 + 20));
        let events = vec![stored_event(1, &inside), stored_event(2, &outside), stored_event(3, &next_week)];
        let (notified, asked) =
            schedule_at(&agenda_model(false), now, ReminderPage::ToCompute { events, generation: 41 });
        assert_eq!(notified.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), vec!["inside"]);
        let (hour, day) = (3_600_000, 86_400_000);
        let [StoreRequest::ListReminders { from, to, zone, events_to }, StoreRequest::SaveReminders(kept)] =
            asked.as_slice()
        else {
            panic!("{asked:?}")
        };
        assert_eq!((*from, *to, zone.as_str(), *events_to), (now, now + 48 * hour, "Europe/Brussels", now + 15 * day));
        assert_eq!((kept.zone.as_str(), kept.span, kept.generation), ("Europe/Brussels", (now, now + 7 * day), 41));
        let kept: Vec<(&str, i64)> = kept.reminders.iter().map(|r| (r.uid.as_str(), r.at - now)).collect();
        assert_eq!(kept, vec![("inside", (48 * 60 - 5) * 60_000), ("outside", (48 * 60 + 5) * 60_000)]);
    }

    #[test]
    fn kept_reminders_are_handed_over_in_the_members_words_without_reading_an_event() {
        let now = ms("2025-11-24T08:00:00Z");
        let kept = StoredReminder {
            at: ms("2025-11-24T17:45:00Z"),
            starts: ms("2025-11-24T18:00:00Z"),
            ends: ms("2025-11-24T19:00:00Z"),
            uid: "permanence".into(),
            summary: "Permanence".into(),
        };
        let mut model = agenda_model(false);
        model.locale = Locale::Fr;
        let (notified, asked) = schedule_at(&model, now, ReminderPage::Kept(vec![kept]));
        assert_eq!(asked.len(), 1, "one read, nothing written: {asked:?}");
        let expected = Reminder {
            id: format!("permanence@{}", ms("2025-11-24T17:45:00Z") / 1000),
            title: "Permanence".into(),
            body: "Commence le lundi 24 novembre 2025 à 19:00".into(),
            at: ms("2025-11-24T17:45:00Z"),
            until: ms("2025-11-24T19:00:00Z"),
        };
        assert_eq!(notified, vec![expected]);
    }
}
