//! Kept occurrences against a fresh expansion of the same store: after
//! server edits, local edits and deletes, a change of zone, an edit made
//! while a view was being expanded, and for events that cannot be kept.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use shared::agenda::index::event_index;
use shared::agenda::view::{assemble, build, Agenda};

use super::*;

const BRUSSELS: Tz = Tz::Europe__Brussels;

fn ics(uid: &str, body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n")
}

fn remote_event(uid: &str, data: &str) -> RemoteItem {
    let index = event_index(data).map(ItemIndex::Event).unwrap_or_else(|_| {
        ItemIndex::Event(EventIndex {
            uid: uid.into(),
            summary: uid.into(),
            first_start: 0,
            last_end: Some(0),
            alarms: true,
        })
    });
    RemoteItem { href: format!("{CALENDAR}{uid}.ics"), etag: Some("\"1\"".into()), data: data.into(), index }
}

/// The member's calendar: a weekly series with a moved and a cancelled
/// date, events in Toronto and floating, all-day and multi-day ones, a
/// moment (no length), a ten-day event, a series changed from one date on,
/// one every quarter hour (too many to keep over a window), and one that
/// cannot be read.
fn seed() -> Vec<RemoteItem> {
    let series = "RRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=Europe/Brussels:20270316T190000\r\n";
    let weekly = format!(
        "SUMMARY:Permanence\r\nDTSTART;TZID=Europe/Brussels:20270105T190000\r\nDTEND;TZID=Europe/Brussels:20270105T210000\r\n{series}\
END:VEVENT\r\nBEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=Europe/Brussels:20270309T190000\r\nSUMMARY:Permanence (déplacée)\r\n\
DTSTART;TZID=Europe/Brussels:20270310T180000\r\nDTEND;TZID=Europe/Brussels:20270310T200000\r\n"
    );
    vec![
        remote_event("weekly", &ics("weekly", &weekly)),
        remote_event(
            "toronto",
            &ics(
                "toronto",
                "SUMMARY:Appel Toronto\r\nDTSTART;TZID=America/Toronto:20270302T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=40\r\n",
            ),
        ),
        remote_event("floating", &ics("floating", "SUMMARY:Café\r\nDTSTART:20270313T100000\r\nDTEND:20270313T113000\r\n")),
        remote_event(
            "allday",
            &ics("allday", "SUMMARY:Congé\r\nDTSTART;VALUE=DATE:20270329\r\nDTEND;VALUE=DATE:20270403\r\n"),
        ),
        remote_event("moment", &ics("moment", "SUMMARY:Rappel\r\nDTSTART:20270401T000000Z\r\n")),
        remote_event(
            "long",
            &ics("long", "SUMMARY:Festival\r\nDTSTART:20270220T090000Z\r\nDTEND:20270302T090000Z\r\n"),
        ),
        remote_event(
            "often",
            &ics("often", "SUMMARY:Sonde\r\nDTSTART:20270301T000000Z\r\nDURATION:PT5M\r\nRRULE:FREQ=MINUTELY;INTERVAL=15\r\n"),
        ),
        // From 18 March on, Fridays at 15:00 and renamed (RANGE=THISANDFUTURE).
        remote_event(
            "club",
            &ics(
                "club",
                "SUMMARY:Club lecture\r\nDTSTART;TZID=Europe/Brussels:20270304T140000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=8\r\n\
END:VEVENT\r\nBEGIN:VEVENT\r\nUID:club\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Brussels:20270318T140000\r\n\
SUMMARY:Club lecture (vendredi)\r\nDTSTART;TZID=Europe/Brussels:20270319T150000\r\nDURATION:PT1H\r\n",
            ),
        ),
        remote_event("unplaced", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:unplaced\r\nDTSTART:nonsense\r\nEND:VEVENT\r\n"),
        remote_event(
            "broken",
            &ics("broken", "SUMMARY:Règle illisible\r\nDTSTART:20270301T090000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=1TU€\r\n"),
        ),
    ]
}

fn ms(y: i32, m: u32, d: u32) -> i64 {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap().timestamp_millis()
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

/// A view as the core reads it now: kept occurrences plus what it expands,
/// the expansion then kept. Returns the agenda and how many events it had
/// to expand.
fn view(s: &mut Store, from: i64, to: i64, zone: Tz) -> (Agenda, usize) {
    let StoreResponse::Occurrences(page) =
        s.handle(StoreRequest::ListOccurrences { from, to, zone: zone.name().into() })
    else {
        panic!("no occurrences")
    };
    let expanded = page.expand.iter().filter(|e| matches!(e.expand_for, ExpandFor::Window { .. })).count();
    let (agenda, keep) = assemble(page, at(from), at(to), zone);
    if !keep.items.is_empty() {
        assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
    }
    (agenda, expanded)
}

/// The same view expanded from scratch, as before occurrences were kept.
fn fresh(s: &mut Store, from: i64, to: i64, zone: Tz) -> Agenda {
    let StoreResponse::Items(items) = s.handle(StoreRequest::ListEvents { from, to, only_with_alarms: false }) else {
        panic!()
    };
    build(&items, at(from), at(to), zone)
}

/// Every view a member may open over spring 2027, kept equal to fresh.
fn assert_same(s: &mut Store, zone: Tz, when: &str) {
    let views = [
        (ms(2027, 3, 1), ms(2027, 4, 1)),
        (ms(2027, 3, 8), ms(2027, 3, 15)),
        (ms(2027, 3, 10), ms(2027, 3, 11)),
        (ms(2027, 2, 1), ms(2027, 3, 1)),
        (ms(2027, 4, 1), ms(2027, 5, 1)),
        (ms(2027, 3, 31), ms(2027, 4, 1)),
    ];
    for (from, to) in views {
        let (kept, _) = view(s, from, to, zone);
        let expected = fresh(s, from, to, zone);
        assert!(!expected.occurrences.is_empty() || from >= ms(2027, 4, 1), "{when}: an empty view proves nothing");
        // What waits to be sent is counted over every window, beside the occurrences.
        assert_eq!(Agenda { pending_events: 0, ..kept }, expected, "{when}: {} – {} in {zone}", at(from), at(to));
    }
}

fn id_of(s: &mut Store, uid: &str) -> i64 {
    let StoreResponse::Items(items) =
        s.handle(StoreRequest::ListEvents { from: i64::MIN, to: i64::MAX, only_with_alarms: false })
    else {
        panic!()
    };
    items.iter().find(|i| i.uid == uid).map(|i| i.id).unwrap_or_else(|| panic!("no {uid}"))
}

#[test]
fn kept_occurrences_equal_a_fresh_expansion_through_edits_deletes_and_a_new_zone() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed(), ..Default::default() });
    assert_same(&mut s, BRUSSELS, "first views");

    // Kept: the month again expands nothing but the event kept per view.
    let (again, expanded) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert_eq!(expanded, 0, "everything in the window is kept");
    assert_eq!(again.unreadable, 1, "the broken rule, still said");
    assert_eq!(again.occurrences.iter().filter(|o| o.summary == "Sonde").count(), 31 * 24 * 4, "every quarter hour");
    let club: Vec<String> = again
        .occurrences
        .iter()
        .filter(|o| o.summary.starts_with("Club"))
        .map(|o| format!("{} {}", o.occurrence.as_deref().unwrap_or(""), o.summary))
        .collect();
    assert_eq!(
        club[1..4],
        [
            "2027-03-11T13:00:00Z Club lecture",
            "2027-03-18T13:00:00Z Club lecture (vendredi)",
            "2027-03-25T13:00:00Z Club lecture (vendredi)",
        ],
        "kept under the rule's dates, moved and renamed from the 18th"
    );

    // The server moves the series to Wednesdays and renames the café.
    let moved = seed()[0].data.replace("BYDAY=TU", "BYDAY=WE").replace("20270105", "20270106");
    let cafe = seed()[2].data.replace("Café", "Café des coopérateurs");
    pull_events(
        &mut s,
        PullBatch {
            upserts: vec![remote_event("weekly", &moved), remote_event("floating", &cafe)],
            ..Default::default()
        },
    );
    let (_, expanded) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert_eq!(expanded, 2, "only the two events the server changed");
    assert_same(&mut s, BRUSSELS, "after server edits");

    // The member moves the Toronto call and deletes the festival, offline.
    let toronto = id_of(&mut s, "toronto");
    let call = seed()[1].data.replace("T100000", "T120000");
    let index = ItemIndex::Event(event_index(&call).unwrap());
    s.handle(StoreRequest::SaveItem { id: Some(toronto), collection: CALENDAR.into(), data: call, index });
    let festival = id_of(&mut s, "long");
    assert_eq!(s.handle(StoreRequest::DeleteItem { id: festival }), StoreResponse::Done);
    assert_same(&mut s, BRUSSELS, "after local edits");
    let (month, _) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert!(month.occurrences.iter().all(|o| o.summary != "Festival"));
    assert!(month.occurrences.iter().any(|o| o.summary == "Appel Toronto" && o.pending));
    // Both wait to be sent, whichever window is looked at (the member's count).
    assert_eq!(month.pending_events, 2);
    assert_eq!(view(&mut s, ms(2030, 1, 1), ms(2030, 2, 1), BRUSSELS).0.pending_events, 2);

    // Sent: the call is no longer waiting, without its text changing.
    let StoreResponse::Outbox(queued) = s.handle(StoreRequest::Outbox { collection: CALENDAR.into() }) else {
        panic!()
    };
    let sent = queued.iter().find(|q| q.item_id == toronto).expect("the call is queued");
    let stored = PushOutcome::Stored {
        item_id: toronto,
        revision: sent.revision,
        href: format!("{CALENDAR}toronto.ics"),
        etag: Some("\"2\"".into()),
    };
    assert_eq!(s.handle(StoreRequest::PushDone(stored)), StoreResponse::Done);
    assert_same(&mut s, BRUSSELS, "after the push");
    assert_eq!(
        view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS).0.pending_events,
        1,
        "the festival's delete still waits"
    );
    let (month, _) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert!(month.occurrences.iter().any(|o| o.summary == "Appel Toronto" && !o.pending));

    // The member travels: every view in the new zone, then back home.
    assert_same(&mut s, Tz::America__New_York, "in New York");
    assert_same(&mut s, BRUSSELS, "back in Brussels");

    // Far from the window, and back.
    let (_, expanded) = view(&mut s, ms(2028, 1, 1), ms(2028, 2, 1), BRUSSELS);
    assert!(expanded >= 1, "a new window expands what it shows");
    assert_same(&mut s, BRUSSELS, "after a new window");
}

#[test]
fn going_back_and_forth_between_two_months_widens_the_window_instead_of_trading_it() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed(), ..Default::default() });
    let march = (ms(2027, 3, 1), ms(2027, 4, 1));
    let september = (ms(2027, 9, 1), ms(2027, 10, 1));
    // Today's screen, then a month ahead: each expanded once...
    view(&mut s, march.0, march.1, BRUSSELS);
    view(&mut s, september.0, september.1, BRUSSELS);
    view(&mut s, march.0, march.1, BRUSSELS);
    // ...then both are kept, as each start of the app goes from one to the other.
    assert_eq!(view(&mut s, september.0, september.1, BRUSSELS).1, 0, "September was dropped");
    assert_eq!(view(&mut s, march.0, march.1, BRUSSELS).1, 0, "March was dropped");
    assert_same(&mut s, BRUSSELS, "after widening");
    // Years away, the window starts anew: March is not kept any more.
    view(&mut s, ms(2030, 3, 1), ms(2030, 4, 1), BRUSSELS);
    assert!(view(&mut s, march.0, march.1, BRUSSELS).1 > 0, "a window of years kept");
}

#[test]
fn an_event_written_while_a_view_was_expanded_is_not_kept_from_its_old_text() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed()[..1].to_vec(), ..Default::default() });
    let (from, to) = (ms(2027, 3, 1), ms(2027, 4, 1));
    let StoreResponse::Occurrences(page) =
        s.handle(StoreRequest::ListOccurrences { from, to, zone: BRUSSELS.name().into() })
    else {
        panic!()
    };
    // A sync changes the series before the view's expansion is kept.
    let moved = seed()[0].data.replace("BYDAY=TU", "BYDAY=WE").replace("20270105", "20270106");
    pull_events(&mut s, PullBatch { upserts: vec![remote_event("weekly", &moved)], ..Default::default() });
    let (_, keep) = assemble(page, at(from), at(to), BRUSSELS);
    assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
    let (agenda, expanded) = view(&mut s, from, to, BRUSSELS);
    assert_eq!(expanded, 1, "the old expansion was not kept");
    assert_eq!(agenda, fresh(&mut s, from, to, BRUSSELS));
    assert!(agenda.occurrences.iter().all(|o| matches!(&o.span,
        shared::agenda::recurrence::Span::Times(s, _) if s.format("%a").to_string() == "Wed")));
}

/// Ten days from the 5th of every month (many cross an edge of a window).
const EXHIBITION: &str =
    "SUMMARY:Exposition\r\nDTSTART;TZID=Europe/Brussels:20270105T100000\r\nDURATION:P10D\r\nRRULE:FREQ=MONTHLY\r\n";

/// The seed, and events all year long: the exhibition and a birthday.
fn seed_for_a_year() -> Vec<RemoteItem> {
    let mut events = seed();
    events.push(remote_event("exhibition", &ics("exhibition", EXHIBITION)));
    events.push(remote_event(
        "birthday",
        &ics("birthday", "SUMMARY:Anniversaire\r\nDTSTART;VALUE=DATE:20270611\r\nRRULE:FREQ=YEARLY\r\n"),
    ));
    events
}

fn month(m: u32) -> (i64, i64) {
    (ms(2027, m, 1), if m == 12 { ms(2028, 1, 1) } else { ms(2027, m + 1, 1) })
}

#[test]
fn a_widened_window_expands_only_what_it_adds_and_shows_what_a_fresh_expansion_does() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed_for_a_year(), ..Default::default() });
    let rows =
        |s: &Store| s.conn.query_row("SELECT count(*) FROM occurrences", [], |r| r.get::<_, i64>(0)).unwrap() as usize;

    // The member goes through the year month by month.
    let mut handed_to_keep = std::collections::HashMap::<i64, usize>::new();
    let mut added = 0;
    for m in 1..=12 {
        let (from, to) = month(m);
        let StoreResponse::Occurrences(page) =
            s.handle(StoreRequest::ListOccurrences { from, to, zone: BRUSSELS.name().into() })
        else {
            panic!("no occurrences")
        };
        for e in &page.expand {
            // An event whose every occurrence is kept already is not parsed again.
            let ExpandFor::Window { kept: Some((a, b)), .. } = e.expand_for else { continue };
            let Ok(index) = event_index(&e.item.data) else { continue };
            let inside = a <= index.first_start && index.last_end.is_some_and(|end| end < b);
            assert!(!inside, "month {m}: {} is kept whole", e.item.uid);
        }
        let (agenda, keep) = assemble(page, at(from), at(to), BRUSSELS);
        for item in &keep.items {
            let Some((a, b)) = item.added_to else { continue };
            added += 1;
            // Nothing of the part already kept is expanded again.
            assert!(item.occurrences.iter().flatten().all(|o| o.end <= a || o.start >= b), "month {m}");
        }
        for item in &keep.items {
            match &item.occurrences {
                Some(new) => *handed_to_keep.entry(item.item_id).or_default() += new.len(),
                // Too many over the wider window: dropped, expanded per view.
                None => drop(handed_to_keep.remove(&item.item_id)),
            }
        }
        assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
        assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "month {m}");
    }
    assert!(added >= 8, "the kept events grew with the window: {added}");
    assert_eq!(handed_to_keep.values().sum::<usize>(), rows(&s), "every kept occurrence expanded once");
    let window: (i64, i64) =
        s.conn.query_row("SELECT from_ms, to_ms FROM occurrence_window", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(window.0, ms(2027, 1, 1) - 35 * 86_400_000, "one window, widened: {window:?}");
    assert!(window.1 >= ms(2028, 1, 1), "one window, widened: {window:?}");

    // Back through the year: all kept (the unreadable and the too-frequent
    // events are expanded for each view, as always).
    for m in 1..=12 {
        let (from, to) = month(m);
        let (agenda, expanded) = view(&mut s, from, to, BRUSSELS);
        assert_eq!(expanded, 0, "month {m}");
        assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "month {m} again");
    }

    // Events kept for part of the window lose that part with their rows:
    // the book club renamed by the server, and the Toronto call deleted
    // and back (its state leaves 'deleted' without its text changing).
    let club = seed()[7].data.replace("SUMMARY:Club lecture\r\nDTSTART", "SUMMARY:Club de lecture\r\nDTSTART");
    pull_events(&mut s, PullBatch { upserts: vec![remote_event("club", &club)], ..Default::default() });
    let toronto = id_of(&mut s, "toronto");
    s.conn.execute("UPDATE items SET state = 'deleted' WHERE id = ?1", [toronto]).unwrap();
    s.conn.execute("UPDATE items SET state = 'clean' WHERE id = ?1", [toronto]).unwrap();
    let (from, to) = month(3);
    let (agenda, expanded) = view(&mut s, from, to, BRUSSELS);
    assert_eq!(expanded, 2, "the two, over the whole window");
    assert!(agenda.occurrences.iter().any(|o| o.summary == "Club de lecture"));
    assert!(agenda.occurrences.iter().any(|o| o.summary == "Appel Toronto"));
    assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "March after both");

    // The server shortens the exhibition, the member deletes the birthday:
    // both expanded again over the whole window, nothing of before shown.
    let shorter = ics("exhibition", &EXHIBITION.replace("P10D", "P3D"));
    pull_events(&mut s, PullBatch { upserts: vec![remote_event("exhibition", &shorter)], ..Default::default() });
    let birthday = id_of(&mut s, "birthday");
    assert_eq!(s.handle(StoreRequest::DeleteItem { id: birthday }), StoreResponse::Done);
    for m in [6, 1, 12] {
        let (from, to) = month(m);
        let (agenda, _) = view(&mut s, from, to, BRUSSELS);
        assert!(agenda.occurrences.iter().all(|o| o.summary != "Anniversaire"));
        assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "month {m} after edits");
    }
}

#[test]
fn a_new_window_or_a_second_widening_never_adds_to_rows_it_does_not_hold() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed(), ..Default::default() });
    let list = |s: &mut Store, from: i64, to: i64, zone: Tz| {
        let StoreResponse::Occurrences(page) =
            s.handle(StoreRequest::ListOccurrences { from, to, zone: zone.name().into() })
        else {
            panic!("no occurrences")
        };
        assemble(page, at(from), at(to), zone).1
    };
    let save =
        |s: &mut Store, keep| assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);

    // Two views widen the same window at once (two screens, or a sync
    // between a view and its save): the second's expansion was made for
    // rows the first has changed since, so it is not kept.
    view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    let first = list(&mut s, ms(2027, 5, 20), ms(2027, 6, 20), BRUSSELS);
    let second = list(&mut s, ms(2027, 6, 15), ms(2027, 7, 15), BRUSSELS);
    assert!(second.window.0 <= first.window.0 && first.window.1 <= second.window.1);
    save(&mut s, first);
    save(&mut s, second);
    for (from, to) in [month(5), month(6), month(7), month(8), month(9)] {
        let (agenda, _) = view(&mut s, from, to, BRUSSELS);
        assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "{}", at(from));
    }

    // Kept for part of a window (the café, before the widening to May),
    // then a new window in another zone: what it held is gone with it.
    let (_, expanded) = view(&mut s, ms(2027, 3, 8), ms(2027, 3, 15), BRUSSELS);
    assert_eq!(expanded, 0, "the café is kept for March");
    assert_same(&mut s, Tz::America__New_York, "in New York after a widening");
    assert_same(&mut s, BRUSSELS, "back in Brussels");
}

/// What the core does after a sync: the quarters ahead expanded and kept.
/// Returns how many events it expanded, and how many kept rows it was sent.
fn keep_ahead(s: &mut Store, quarters: &[(i64, i64)], zone: Tz) -> (usize, usize) {
    let (mut expanded, mut rows) = (0, 0);
    for &(from, to) in quarters {
        let StoreResponse::Occurrences(page) =
            s.handle(StoreRequest::OccurrencesAhead { from, to, zone: zone.name().into() })
        else {
            panic!("no occurrences")
        };
        expanded += page.expand.iter().filter(|e| matches!(e.expand_for, ExpandFor::Window { .. })).count();
        rows += page.rows.len();
        let (_, keep) = assemble(page, at(from), at(to), zone);
        if !keep.items.is_empty() {
            assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
        }
    }
    (expanded, rows)
}

#[test]
fn the_year_kept_ahead_after_a_sync_makes_every_later_month_a_read_equal_to_a_fresh_expansion() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    let mut events = seed_for_a_year();
    events.push(remote_event("market", &ics("market", "SUMMARY:Marché de Noël\r\nDTSTART;VALUE=DATE:20261212\r\n")));
    pull_events(&mut s, PullBatch { upserts: events, ..Default::default() });
    let quarters =
        [(ms(2027, 3, 1), ms(2027, 6, 1)), (ms(2027, 6, 1), ms(2027, 9, 1)), (ms(2027, 9, 1), ms(2027, 12, 1))];
    let stale = |s: &Store| {
        s.conn
            .query_row("SELECT count(*) FROM occurrence_items WHERE state = 'stale'", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };

    // The sync's own view (March), then the year ahead. The month after a
    // view is inside the window it keeps.
    view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert_eq!(view(&mut s, ms(2027, 4, 1), ms(2027, 5, 1), BRUSSELS).1, 0, "April is kept with March");
    let (expanded, rows) = keep_ahead(&mut s, &quarters, BRUSSELS);
    assert!(expanded >= 5, "the series, each quarter: {expanded}");
    assert_eq!(rows, 0, "nobody looks at the quarters: no row is read");
    assert_eq!(stale(&s), 0, "nothing of the year is left to expand");
    // Every month of it is then a read, and shows what a fresh expansion does.
    for m in 3..=11 {
        let (from, to) = month(m);
        let (agenda, expanded) = view(&mut s, from, to, BRUSSELS);
        assert_eq!(expanded, 0, "month {m} was kept ahead");
        assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, from, to, BRUSSELS), "month {m}");
    }

    // The next sync changed nothing: nothing to expand.
    assert_eq!(keep_ahead(&mut s, &quarters, BRUSSELS), (0, 0));
    // The server changed one series: that one only, over the whole window.
    let club = seed()[7].data.replace("SUMMARY:Club lecture\r\nDTSTART", "SUMMARY:Club de lecture\r\nDTSTART");
    pull_events(&mut s, PullBatch { upserts: vec![remote_event("club", &club)], ..Default::default() });
    assert_eq!(keep_ahead(&mut s, &quarters, BRUSSELS).0, 1);
    assert_eq!(stale(&s), 0, "saved in the same window: every other event stays kept");
    let (agenda, expanded) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert_eq!(expanded, 0);
    assert!(agenda.occurrences.iter().any(|o| o.summary == "Club de lecture"));
    assert_same(&mut s, BRUSSELS, "after the year was kept ahead");

    // December 2026 (the market) widens the window backwards: the series that reach
    // beyond it wait, kept for the part they cover, and a month inside
    // that part does not parse them again.
    view(&mut s, ms(2026, 12, 1), ms(2027, 1, 1), BRUSSELS);
    assert!(stale(&s) >= 2, "the weekly series and the exhibition");
    let (agenda, expanded) = view(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS);
    assert_eq!(expanded, 0, "March is held by what they cover");
    assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, ms(2027, 3, 1), ms(2027, 4, 1), BRUSSELS));

    // The member looks at 2029: keeping the year ahead does not take that
    // window away (it is not widened that far, nor replaced).
    let far = (ms(2029, 6, 1), ms(2029, 7, 1));
    view(&mut s, far.0, far.1, BRUSSELS);
    assert_eq!(keep_ahead(&mut s, &quarters, BRUSSELS), (0, 0));
    assert_eq!(view(&mut s, far.0, far.1, BRUSSELS).1, 0, "June 2029 is still kept");
    // In another zone, nothing is kept yet: the year ahead starts the window.
    let (expanded, _) = keep_ahead(&mut s, &quarters, Tz::America__New_York);
    assert!(expanded >= 4, "{expanded}");
    assert_eq!(view(&mut s, ms(2027, 7, 1), ms(2027, 8, 1), Tz::America__New_York).1, 0);
    assert_same(&mut s, Tz::America__New_York, "kept ahead in New York");
}

#[test]
fn occurrences_of_one_event_that_start_together_are_all_kept() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    // The Tuesday of 9 March moved onto the Tuesday after it, same hour.
    let weekly = "SUMMARY:Permanence\r\nDTSTART;TZID=Europe/Brussels:20270302T190000\r\nDURATION:PT2H\r\n\
RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:weekly\r\n\
RECURRENCE-ID;TZID=Europe/Brussels:20270309T190000\r\nSUMMARY:Permanence (reportée)\r\n\
DTSTART;TZID=Europe/Brussels:20270316T190000\r\nDURATION:PT2H\r\n";
    pull_events(
        &mut s,
        PullBatch { upserts: vec![remote_event("weekly", &ics("weekly", weekly))], ..Default::default() },
    );
    let march = month(3);
    let (first, expanded) = view(&mut s, march.0, march.1, BRUSSELS);
    assert_eq!(expanded, 1);
    let (kept, expanded) = view(&mut s, march.0, march.1, BRUSSELS);
    assert_eq!(expanded, 0, "kept");
    assert_eq!(kept, first);
    let on_the_16th = kept.occurrences.iter().filter(|o| o.summary.starts_with("Permanence")).count();
    assert_eq!((kept.occurrences.len(), on_the_16th), (4, 4), "{:?}", kept.occurrences);
    assert_eq!(kept, fresh(&mut s, march.0, march.1, BRUSSELS));
}

#[test]
fn an_occurrence_added_at_the_start_of_one_kept_is_kept_beside_it() {
    // The core never hands over such a pair (what it adds to a widened
    // window never meets the part kept); the store takes it all the same.
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed()[..1].to_vec(), ..Default::default() });
    let (march, later) = (month(3), month(9));
    view(&mut s, march.0, march.1, BRUSSELS);
    let StoreResponse::Occurrences(page) =
        s.handle(StoreRequest::ListOccurrences { from: later.0, to: later.1, zone: BRUSSELS.name().into() })
    else {
        panic!()
    };
    let (_, mut keep) = assemble(page, at(later.0), at(later.1), BRUSSELS);
    let widened = keep.items.iter_mut().find(|i| i.added_to.is_some()).expect("the series widened");
    let again = s
        .conn
        .query_row(
            "SELECT start_ms, end_ms, summary FROM occurrences WHERE item_id = ?1 AND seq = 0",
            [widened.item_id],
            |r| {
                Ok(StoredOccurrence {
                    item_id: widened.item_id,
                    start: r.get(0)?,
                    end: r.get(1)?,
                    days: None,
                    summary: r.get(2)?,
                    location: String::new(),
                    occurrence: None,
                    recurring: true,
                    zone: None,
                })
            },
        )
        .unwrap();
    let start = again.start;
    widened.occurrences = Some(vec![again]);
    assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
    let at_that_start: i64 =
        s.conn.query_row("SELECT count(*) FROM occurrences WHERE start_ms = ?1", [start], |r| r.get(0)).unwrap();
    assert_eq!(at_that_start, 2);
}

#[test]
fn a_store_of_release_18_keeps_its_occurrences_again_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    let march = month(3);
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(save_calendars(vec![calendar()]));
        pull_events(&mut s, PullBatch { upserts: seed(), ..Default::default() });
        view(&mut s, march.0, march.1, BRUSSELS);
    }
    {
        // As release 18 left it: March kept, its rows in a rowid table
        // (and the index by name before release 20).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE kept AS SELECT * FROM occurrences;
             DROP TABLE occurrences;
             CREATE TABLE occurrences (
                 item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
                 start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, first_day INTEGER, end_day INTEGER,
                 summary TEXT NOT NULL, location TEXT NOT NULL, occurrence TEXT, recurring INTEGER NOT NULL,
                 zone TEXT, calendar TEXT NOT NULL, pending INTEGER NOT NULL);
             CREATE INDEX occurrences_by_start ON occurrences (start_ms);
             CREATE INDEX occurrences_by_item ON occurrences (item_id);
             INSERT INTO occurrences SELECT item_id, start_ms, end_ms, first_day, end_day, summary, location,
                 occurrence, recurring, zone, calendar, pending FROM kept;
             DROP TABLE kept;
             DROP INDEX items_summary_by_id;
             DROP INDEX items_by_name;
             CREATE INDEX items_by_name ON items (kind, sort_key, id);
             ALTER TABLE account DROP COLUMN credentials_asked;
             PRAGMA user_version = 18;",
        )
        .unwrap();
        let rows: i64 = conn.query_row("SELECT count(*) FROM occurrences", [], |r| r.get(0)).unwrap();
        assert!(rows > 40, "March was kept: {rows} rows");
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
    let (agenda, expanded) = view(&mut s, march.0, march.1, BRUSSELS);
    assert!(expanded > 3, "kept again, from the events: {expanded}");
    assert_eq!(Agenda { pending_events: 0, ..agenda }, fresh(&mut s, march.0, march.1, BRUSSELS));
    assert_eq!(view(&mut s, march.0, march.1, BRUSSELS).1, 0, "then read");
    assert_same(&mut s, BRUSSELS, "after the upgrade");
}

#[test]
fn a_view_reads_at_most_one_more_kept_occurrence_than_it_shows_the_earliest_first() {
    use shared::agenda::view::MAX_PER_VIEW;
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: seed()[..1].to_vec(), ..Default::default() });
    let march = month(3);
    let zone = BRUSSELS.name().to_string();
    let StoreResponse::Occurrences(page) =
        s.handle(StoreRequest::ListOccurrences { from: march.0, to: march.1, zone: zone.clone() })
    else {
        panic!()
    };
    let (_, mut keep) = assemble(page, at(march.0), at(march.1), BRUSSELS);
    // As a server's thousands of series would leave it: more than a view holds.
    let one = keep.items[0].occurrences.as_ref().unwrap()[0].clone();
    let many = MAX_PER_VIEW as i64 + 50;
    keep.items[0].occurrences = Some(
        (0..many)
            .rev()
            .map(|n| StoredOccurrence {
                start: march.0 + n * 10_000,
                end: march.0 + n * 10_000 + 60_000,
                ..one.clone()
            })
            .collect(),
    );
    assert_eq!(s.handle(StoreRequest::SaveOccurrences(Box::new(keep))), StoreResponse::Done);
    let StoreResponse::Occurrences(page) = s.handle(StoreRequest::ListOccurrences { from: march.0, to: march.1, zone })
    else {
        panic!()
    };
    assert_eq!(page.rows.len(), MAX_PER_VIEW + 1);
    let last = page.rows.iter().map(|r| r.occurrence.start).max().unwrap();
    assert_eq!(last, march.0 + MAX_PER_VIEW as i64 * 10_000, "the earliest are read");
}
