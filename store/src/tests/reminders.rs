//! The reminders of the days ahead, kept between starts.

use super::*;

const ZONE: &str = "Europe/Brussels";

fn ring(uid: &str, at: i64) -> StoredReminder {
    StoredReminder { at, starts: at + 15, ends: at + 75, uid: uid.into(), summary: format!("{uid}!") }
}

fn ask(s: &mut Store, (from, to): (i64, i64), zone: &str) -> ReminderPage {
    match s.handle(StoreRequest::ListReminders { from, to, zone: zone.into(), events_to: to + 100 }) {
        StoreResponse::Reminders(page) => page,
        other => panic!("{other:?}"),
    }
}

fn kept(s: &mut Store, span: (i64, i64)) -> Option<Vec<(String, i64)>> {
    match ask(s, span, ZONE) {
        ReminderPage::Kept(due) => Some(due.into_iter().map(|r| (r.uid, r.at)).collect()),
        ReminderPage::ToCompute { .. } => None,
    }
}

/// Asks for `[100, 150)`, which nothing kept answers, and keeps what the
/// core would have computed for `[100, 300)` from the events it was given.
fn compute_and_keep(s: &mut Store) -> Vec<String> {
    let ReminderPage::ToCompute { events, generation } = ask(s, (100, 150), ZONE) else {
        panic!("nothing should be kept now")
    };
    let computed = vec![ring("rings", 110), ring("other", 140), ring("later", 250)];
    let keep = ComputedReminders { zone: ZONE.into(), span: (100, 300), generation, reminders: computed };
    assert_eq!(s.handle(StoreRequest::SaveReminders(Box::new(keep))), StoreResponse::Done);
    events.into_iter().map(|e| e.uid).collect()
}

fn event_id(s: &Store, uid: &str) -> i64 {
    s.conn.query_row("SELECT id FROM items WHERE uid = ?1", [uid], |r| r.get(0)).unwrap()
}

#[test]
fn reminders_kept_are_read_for_any_span_they_cover_in_their_zone() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("rings", "AG", 100, Some(200))], ..Default::default() });
    assert_eq!(compute_and_keep(&mut s), vec!["rings"], "the events with an alarm come with the question");
    let due = |v: &[(&str, i64)]| Some(v.iter().map(|(u, a)| (u.to_string(), *a)).collect::<Vec<_>>());
    assert_eq!(kept(&mut s, (100, 150)), due(&[("rings", 110), ("other", 140)]));
    assert_eq!(kept(&mut s, (120, 260)), due(&[("other", 140), ("later", 250)]), "a later start, the same days");
    assert_eq!(kept(&mut s, (260, 300)), due(&[]));
    assert_eq!(kept(&mut s, (120, 301)), None, "past the span kept");
    assert_eq!(kept(&mut s, (90, 150)), None, "before it (the clock went back)");
    assert!(matches!(ask(&mut s, (100, 150), "America/Toronto"), ReminderPage::ToCompute { .. }), "another zone");
    // A contact written does not touch them.
    pull(
        &mut s,
        PullBatch { upserts: vec![remote("Alice", "alice", "\"1\"", "+32 470 00 00 01")], ..Default::default() },
    );
    assert!(kept(&mut s, (100, 150)).is_some());
}

#[test]
fn any_event_written_deleted_or_changed_here_or_on_the_server_has_them_computed_again() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("ag", "AG", 100, Some(200))], ..Default::default() });
    let ag = event_id(&s, "ag");
    let index = event("ag", "AG (moved)", 120, Some(220)).index;
    type Change = Box<dyn Fn(&mut Store)>;
    let changes: Vec<(&str, Change)> = vec![
        (
            "a new event from the server",
            Box::new(|s| {
                pull_events(s, PullBatch { upserts: vec![event("new", "Nouveau", 100, None)], ..Default::default() });
            }),
        ),
        (
            "an event changed on the server",
            Box::new(|s| {
                let mut changed = event("new", "Nouveau", 100, None);
                changed.etag = Some("\"2\"".into());
                pull_events(s, PullBatch { upserts: vec![changed], ..Default::default() });
            }),
        ),
        (
            "an event edited here",
            Box::new(move |s| {
                let edit = StoreRequest::SaveItem {
                    id: Some(ag),
                    collection: CALENDAR.into(),
                    data: "MOVED".into(),
                    index: index.clone(),
                };
                assert_eq!(s.handle(edit), StoreResponse::Saved { id: ag });
            }),
        ),
        (
            "an event deleted here",
            Box::new(move |s| assert_eq!(s.handle(StoreRequest::DeleteItem { id: ag }), StoreResponse::Done)),
        ),
        (
            "an event deleted on the server",
            Box::new(|s| {
                let keep_only = Some(vec![format!("{CALENDAR}ag.ics")]);
                pull_events(s, PullBatch { keep_only, ..Default::default() });
            }),
        ),
    ];
    for (what, change) in changes {
        compute_and_keep(&mut s);
        assert!(kept(&mut s, (100, 150)).is_some(), "{what}: kept before");
        change(&mut s);
        assert_eq!(kept(&mut s, (100, 150)), None, "{what}: computed again");
    }
}

#[test]
fn reminders_computed_from_events_read_before_a_write_are_not_kept() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    let ReminderPage::ToCompute { generation, .. } = ask(&mut s, (100, 150), ZONE) else { panic!() };
    // A sync writes an event while the core computes.
    pull_events(&mut s, PullBatch { upserts: vec![event("ag", "AG", 100, Some(200))], ..Default::default() });
    let stale = ComputedReminders { zone: ZONE.into(), span: (100, 300), generation, reminders: vec![] };
    assert_eq!(s.handle(StoreRequest::SaveReminders(Box::new(stale))), StoreResponse::Done);
    assert_eq!(kept(&mut s, (100, 150)), None, "the empty set is not taken for the answer");
}

#[test]
fn signing_out_leaves_no_reminder_behind() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    compute_and_keep(&mut s);
    assert_eq!(s.handle(StoreRequest::DeleteAccount), StoreResponse::Done);
    let rows: i64 = s
        .conn
        .query_row("SELECT (SELECT count(*) FROM reminders) + (SELECT count(*) FROM reminder_span)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "the summaries of the member's events are gone with the account");
}
