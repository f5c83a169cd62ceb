//! Large address books, event ranges and snapshots.

use super::*;

#[test]
fn ten_thousand_contacts_in_batches_of_five_hundred() {
    let (_d, mut s) = store();
    let started = std::time::Instant::now();
    for batch in 0..20 {
        let upserts = (0..500)
            .map(|i| {
                let n = batch * 500 + i;
                remote(&format!("Lid {n:05}"), &format!("m{n}"), "\"1\"", &format!("+32 470 {n:05}"))
            })
            .collect();
        let summary = pull(&mut s, PullBatch { upserts, ..Default::default() });
        assert_eq!(summary.added, 500);
    }
    let keep: Vec<String> = (0..10_000).filter(|n| n % 10 != 0).map(|n| format!("{BOOK}m{n}.vcf")).collect();
    let summary = pull(&mut s, PullBatch { keep_only: Some(keep), sync_token: Some("t".into()), ..Default::default() });
    assert_eq!(summary.deleted, 1_000);
    assert_eq!(names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })).len(), 9_000);
    assert_eq!(search(&mut s, "lid 04321"), vec!["Lid 04321"]);
    assert_eq!(search(&mut s, "0470 04321"), vec!["Lid 04321"]);
    let StoreResponse::Etags(etags) = s.handle(StoreRequest::LocalEtags { collection: BOOK.into() }) else { panic!() };
    assert_eq!(etags.len(), 9_000);
    // Speed is the benchmark's business (scripts/bench), never a test's.
    println!("10,000 contacts stored, pruned and searched in {:?}", started.elapsed());
}

fn search_once(s: &mut Store, query: &str, shown: usize) -> (Vec<String>, usize) {
    match s.handle(StoreRequest::SearchContacts { query: query.into(), shown }) {
        StoreResponse::Contacts(list) => (list.shown.into_iter().map(|c| c.display_name).collect(), list.found),
        other => panic!("{other:?}"),
    }
}

/// What a search lists and counts: its first `shown` by name, without the
/// contacts deleted here, and how many match in all. Asked twice after a
/// write, and the same both ways: from the table, then by the order by
/// name the store reads for the second search after a change.
fn first_found(s: &mut Store, query: &str, shown: usize) -> (Vec<String>, usize) {
    // A write (one that changes no contact) drops the order kept.
    assert_eq!(s.handle(StoreRequest::SaveSyncedAt { at: 1 }), StoreResponse::Done);
    let by_table = search_once(s, query, shown);
    assert!(!s.names.kept(), "{query:?}: the first search after a change reads no order");
    let by_order = search_once(s, query, shown);
    assert!(s.names.kept(), "{query:?}: the second reads it, for the next ones");
    assert_eq!(by_table, by_order, "{query:?} from the table, then by the order kept");
    by_table
}

#[test]
fn a_search_lists_its_first_matches_by_name_and_counts_them_all() {
    let (_d, mut s) = store();
    // 2,400 "Lid" (a broad search: the contacts walked by name) and 300
    // "Vandamme" (a narrow one: every match sorted), each stored from the
    // end of the alphabet so that ids do not follow names.
    let upserts: Vec<RemoteItem> = (0..2_400)
        .rev()
        .map(|n| remote(&format!("Lid {n:04}"), &format!("lid{n}"), "\"1\"", "+32 470 00000"))
        .chain((0..300).rev().map(|n| remote(&format!("Vandamme {n:03}"), &format!("v{n}"), "\"1\"", "+32 470 00000")))
        // First by name, matching neither.
        .chain((0..20).map(|n| remote(&format!("Anna {n:02}"), &format!("a{n}"), "\"1\"", "+32 470 00000")))
        .collect();
    for batch in upserts.chunks(500) {
        pull(&mut s, PullBatch { upserts: batch.to_vec(), ..Default::default() });
    }
    // Deleted here, waiting to be sent: neither listed nor counted.
    for name in ["Lid 0003", "Vandamme 001"] {
        let id = id_of(&mut s, name);
        s.handle(StoreRequest::DeleteItem { id });
    }
    let lid = |range: std::ops::Range<usize>| range.filter(|n| *n != 3).map(|n| format!("Lid {n:04}")).collect();
    assert_eq!(first_found(&mut s, "lid", 100), (lid(0..101), 2_399));
    assert_eq!(first_found(&mut s, "LID", 5), (lid(0..6), 2_399), "any page size");
    let vandamme: Vec<String> = (0..101).filter(|n| *n != 1).map(|n| format!("Vandamme {n:03}")).collect();
    assert_eq!(first_found(&mut s, "vandamme", 100), (vandamme, 299));
    // Fewer than a page: every one, counted.
    assert_eq!(first_found(&mut s, "lid 0042", 100), (vec!["Lid 0042".to_string()], 1));
    assert!(!first_found(&mut s, "lid 0003", 100).0.contains(&"Lid 0003".to_string()));
    assert_eq!(first_found(&mut s, "nobody", 100), (vec![], 0));
    // What waits to be sent is counted whatever is listed: the two
    // deletions, though neither is listed, and by a search that lists
    // neither.
    for request in [
        StoreRequest::ListContacts { shown: usize::MAX },
        StoreRequest::SearchContacts { query: "anna".into(), shown: 5 },
    ] {
        let StoreResponse::Contacts(list) = s.handle(request) else { panic!() };
        assert_eq!(list.pending, 2);
    }
    // The prefixes of two and three letters a member types first.
    assert_eq!(first_found(&mut s, "va", 3).1, 299);
    assert_eq!(first_found(&mut s, "li", 3).1, 2_399);
}

/// Searches place their matches by an order by name kept between them:
/// every change, this store's own or another connection's (another
/// process on the same file), must show in the next search.
#[test]
fn a_search_after_a_change_places_and_counts_what_changed() {
    let (dir, mut s) = store();
    let lids = (0..300).rev().map(|n| remote(&format!("Lid {n:03}"), &format!("lid{n}"), "\"1\"", "+32 470 00000"));
    pull(&mut s, PullBatch { upserts: lids.collect(), ..Default::default() });
    assert_eq!(first_found(&mut s, "lid", 2), (vec!["Lid 000".into(), "Lid 001".into()], 300));
    // From the server, through this store: a new first name, one renamed
    // to the end, one deleted.
    pull(
        &mut s,
        PullBatch {
            upserts: vec![
                remote("Lid", "lid-new", "\"1\"", "+32 470 00000"),
                remote("Lid 999", "lid0", "\"2\"", "+32 470 00000"),
            ],
            deletes: vec![format!("{BOOK}lid1.vcf")],
            ..Default::default()
        },
    );
    assert_eq!(first_found(&mut s, "lid", 3), (vec!["Lid".into(), "Lid 002".into(), "Lid 003".into()], 300));
    // Deleted here, waiting to be sent.
    let id = id_of(&mut s, "Lid 002");
    s.handle(StoreRequest::DeleteItem { id });
    assert_eq!(first_found(&mut s, "lid", 2), (vec!["Lid".into(), "Lid 003".into()], 299));
    // Another connection on the same file (another process) adds one
    // first and deletes one, while this store keeps its order.
    assert!(s.names.kept());
    let mut other = Store::open(&dir.path().join("nubo.sqlite3")).unwrap();
    pull(
        &mut other,
        PullBatch { upserts: vec![remote("Lid 0", "lid-other", "\"1\"", "+32 470 00000")], ..Default::default() },
    );
    let id = id_of(&mut other, "Lid 003");
    other.handle(StoreRequest::DeleteItem { id });
    let now = (vec!["Lid".into(), "Lid 0".into(), "Lid 004".into()], 299);
    assert_eq!(search_once(&mut s, "lid", 3), now);
    assert_eq!(search_once(&mut s, "lid", 3), now, "by the order read again");
    assert!(s.names.kept());
    assert_eq!(first_found(&mut s, "lid 999", 3), (vec!["Lid 999".into()], 1));
}

#[test]
fn the_list_is_read_a_page_at_a_time_with_where_each_initial_begins() {
    let (_d, mut s) = store();
    // Stored out of order; "Eva" is deleted here (waiting to be sent).
    let names_stored = ["‘t Kind", "Zoë", "Łukasz", "Emma", "06 Dépannage", "Ørsted", "Élise", "Eva", "Alba"];
    let upserts = names_stored.iter().enumerate().map(|(i, n)| remote(n, &format!("u{i}"), "\"1\"", "+32 470 00000"));
    pull(&mut s, PullBatch { upserts: upserts.collect(), ..Default::default() });
    let id = id_of(&mut s, "Eva");
    s.handle(StoreRequest::DeleteItem { id });
    let first = |s: &mut Store, shown: usize| match s.handle(StoreRequest::ListContacts { shown }) {
        StoreResponse::Contacts(list) => list,
        other => panic!("{other:?}"),
    };
    let list = first(&mut s, 3);
    assert_eq!(
        list.shown.iter().map(|c| c.display_name.as_str()).collect::<Vec<_>>(),
        ["06 Dépannage", "Alba", "Élise"]
    );
    // Every contact but the deleted one, listed or not.
    assert_eq!(list.found, 8);
    let runs: Vec<(&str, usize)> = list.initials.iter().map(|i| (i.letter.as_str(), i.first)).collect();
    // By the folded name: "É" with "E"; "Ø" and "Ł" after "Z", as sorted;
    // "#" twice, for a digit before the letters and a quote after them.
    assert_eq!(runs, [("#", 0), ("A", 1), ("E", 2), ("Z", 4), ("Ø", 5), ("Ł", 6), ("#", 7)]);
    // Each run begins where the whole list has that name.
    let all = first(&mut s, usize::MAX);
    assert_eq!(all.shown.len(), 8);
    for (letter, at) in runs {
        assert_eq!(shared::contacts::text::initial(&all.shown[at].display_name), letter);
    }
    assert_eq!(all.initials, list.initials);
    // A search's runs are over the matches it lists.
    let StoreResponse::Contacts(found) = s.handle(StoreRequest::SearchContacts { query: "+32 470".into(), shown: 4 })
    else {
        panic!()
    };
    let runs: Vec<(&str, usize)> = found.initials.iter().map(|i| (i.letter.as_str(), i.first)).collect();
    assert_eq!((found.found, runs), (8, vec![("#", 0), ("A", 1), ("E", 2)]));
}

#[test]
fn a_list_or_a_search_never_reads_the_text_behind_a_photo_or_a_long_note() {
    let (_d, mut s) = store();
    // A card with a 60 KB photo: its text runs over many pages.
    let mut card = remote("Geneviève Photo", "photo", "\"1\"", "+32 470 00001");
    card.data =
        card.data.replace("END:VCARD", &format!("PHOTO;ENCODING=b;TYPE=JPEG:{}\r\nEND:VCARD", "A".repeat(60_000)));
    pull(
        &mut s,
        PullBatch { upserts: vec![card, remote("Jan Peeters", "jan", "\"1\"", "+32 470 00002")], ..Default::default() },
    );
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Geneviève Photo", "Jan Peeters"]
    );
    assert_eq!(search(&mut s, "genev"), vec!["Geneviève Photo"]);
    // Each line comes from an index alone, never from the table's rows
    // (alias c for contacts, i for notes).
    let statements = [
        (crate::items::list_contacts_sql(), vec!["contact", "deleted"]),
        (crate::items::contact_by_id_sql(), vec!["1"]),
        (crate::items::list_notes_sql(), vec!["deleted"]),
        (crate::items::search_notes_sql(), vec!["ordre*", "deleted"]),
    ];
    for (sql, params) in statements {
        let plan: Vec<String> = s
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let items: Vec<&String> = plan.iter().filter(|step| step.contains(" c ") || step.contains(" i ")).collect();
        // A search of the index (by name, or by id for each match), never a walk through every item.
        let from_index = |step: &&String| step.starts_with("SEARCH") && step.contains("COVERING INDEX");
        assert!(!items.is_empty() && items.iter().all(from_index), "{plan:?}");
    }
}

#[test]
fn a_range_query_returns_only_the_series_that_can_occur_in_it() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    let batch = PullBatch {
        collection: CALENDAR.into(),
        upserts: vec![
            event("may", "Assemblée générale", 100, Some(200)),
            event("weekly", "Permanence", 150, None),
            event("old", "Ancienne réunion", 10, Some(50)),
            event("later", "Plus tard", 500, Some(600)),
        ],
        ..Default::default()
    };
    assert_eq!(
        s.handle(StoreRequest::ApplyPull(batch)),
        StoreResponse::Applied(ApplySummary { added: 4, ..Default::default() })
    );
    assert_eq!(events_in(&mut s, 120, 180), vec!["may", "weekly"]);
    assert_eq!(events_in(&mut s, 300, 400), vec!["weekly"], "an endless series reaches every later range");
    assert_eq!(events_in(&mut s, 0, 60), vec!["old"]);
    // Events are not contacts: neither listed nor found by search.
    assert!(names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })).iter().all(|n| !n.contains("Assemblée")));
    assert!(search(&mut s, "assemblee").is_empty());
}

#[test]
fn reminders_read_only_the_events_with_an_alarm() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    let silent = |uid: &str| {
        let mut e = event(uid, "Sans rappel", 100, Some(200));
        if let ItemIndex::Event(i) = &mut e.index {
            i.alarms = false;
        }
        e
    };
    let batch = vec![event("rings", "Avec rappel", 100, Some(200)), silent("silent"), silent("indexed-before")];
    pull_events(&mut s, PullBatch { upserts: batch, ..Default::default() });
    // A row indexed before alarms were, as migration 16 leaves it: read.
    s.conn
        .execute(
            "UPDATE event_series SET alarms = 1 WHERE item_id = (SELECT id FROM items WHERE uid = 'indexed-before')",
            [],
        )
        .unwrap();
    let alarmed =
        |s: &mut Store| match s.handle(StoreRequest::ListEvents { from: 120, to: 180, only_with_alarms: true }) {
            StoreResponse::Items(items) => items.into_iter().map(|i| i.uid).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
    assert_eq!(alarmed(&mut s), vec!["rings", "indexed-before"]);
    assert_eq!(events_in(&mut s, 120, 180).len(), 3, "a view still reads every event");
    // The index read back keeps the flag, so an edit does not lose it.
    let silent_id = s.conn.query_row("SELECT id FROM items WHERE uid = 'silent'", [], |r| r.get(0)).unwrap();
    assert!(matches!(
        super::super::kinds::read_index(&s.conn.transaction().unwrap(), silent_id).unwrap(),
        ItemIndex::Event(EventIndex { alarms: false, .. })
    ));
}

#[test]
fn an_event_edit_offline_moves_its_index_and_is_queued_for_its_calendar() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("may", "AG", 100, Some(200))], ..Default::default() });
    let StoreResponse::Items(items) = s.handle(StoreRequest::ListEvents { from: 0, to: 1000, only_with_alarms: false })
    else {
        panic!()
    };
    let id = items[0].id;
    let moved = ItemIndex::Event(EventIndex {
        uid: "may".into(),
        summary: "AG (moved)".into(),
        first_start: 700,
        last_end: Some(800),
        alarms: true,
    });
    s.handle(StoreRequest::SaveItem { id: Some(id), collection: CALENDAR.into(), data: "MOVED".into(), index: moved });
    assert!(events_in(&mut s, 100, 200).is_empty());
    assert_eq!(events_in(&mut s, 750, 760), vec!["may"]);
    let StoreResponse::Outbox(queued) = s.handle(StoreRequest::Outbox { collection: CALENDAR.into() }) else {
        panic!()
    };
    assert_eq!((queued.len(), queued[0].data.as_str(), queued[0].kind), (1, "MOVED", ChangeKind::Update));
    assert!(outbox(&mut s).is_empty(), "the address book's outbox holds no event");

    // The server changed it meanwhile: the member's version is kept as a conflict.
    pull_events(
        &mut s,
        PullBatch {
            upserts: vec![RemoteItem { etag: Some("\"2\"".into()), ..event("may", "AG (server)", 100, Some(200)) }],
            now: 3,
            ..Default::default()
        },
    );
    let kept = conflicts(&mut s);
    assert_eq!((kept[0].local_data.as_str(), kept[0].local_index.kind()), ("MOVED", EventKind::KIND));
    assert_eq!(events_in(&mut s, 150, 160), vec!["may"], "the server's version is what the agenda shows");

    // A deleted event leaves its index too.
    s.handle(StoreRequest::DeleteItem { id });
    assert!(events_in(&mut s, 0, 1000).is_empty());
}

#[test]
fn a_calendar_gone_from_the_server_takes_its_clean_events_and_keeps_unsynced_ones() {
    let (_d, mut s) = store();
    s.handle(save_calendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("a", "A", 100, Some(200))], ..Default::default() });
    let new = ItemIndex::Event(EventIndex {
        uid: "b".into(),
        summary: "B".into(),
        first_start: 100,
        last_end: Some(200),
        alarms: true,
    });
    s.handle(StoreRequest::SaveItem { id: None, collection: CALENDAR.into(), data: "B".into(), index: new });
    s.handle(save_calendars(vec![]));
    assert_eq!(events_in(&mut s, 0, 1000), vec!["b"]);
    assert!(collections_of(&mut s, EventKind::KIND).len() == 1, "kept while it holds unsynced work");
}

#[cfg(feature = "snapshot")]
#[test]
fn a_snapshot_restores_every_contact_event_and_pending_change() {
    let (_d, mut s) = store();
    pull(
        &mut s,
        PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j1\"", "+32 470 11")], ..Default::default() },
    );
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
    let mut copy = Store::from_snapshot(&s.snapshot().unwrap()).unwrap();
    assert_eq!(names(copy.handle(StoreRequest::ListContacts { shown: usize::MAX })), vec!["Jan Mine"]);
    assert_eq!(outbox(&mut copy).len(), 1);
    assert_eq!(search(&mut copy, "jan"), vec!["Jan Mine"]);
    // A new store from nothing, and garbage refused rather than half-read.
    assert!(matches!(
        Store::from_snapshot(&[]).unwrap().handle(StoreRequest::LoadAccount),
        StoreResponse::Account(None)
    ));
    assert!(Store::from_snapshot(b"not a database at all, not at all, not at all, no").is_err());
}

#[test]
fn a_store_on_a_named_vfs_keeps_its_data_and_syncs_at_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    let path = path.to_str().unwrap();
    let mut s = Store::open_on_vfs(path, "unix").unwrap();
    // NORMAL: a commit reaches the browser's file before it is answered.
    let synchronous: i64 = s.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    assert_eq!(synchronous, 1);
    assert_eq!(s.handle(save_books(vec![book()])), StoreResponse::Done);
    pull(&mut s, PullBatch { upserts: vec![remote("Jan", "jan", "\"j1\"", "+32 470 11")], ..Default::default() });
    drop(s);
    let mut again = Store::open_on_vfs(path, "unix").unwrap();
    assert_eq!(names(again.handle(StoreRequest::ListContacts { shown: usize::MAX })), vec!["Jan"]);
    assert!(Store::open_on_vfs(path, "no-such-vfs").is_err());
}

#[test]
fn a_full_disk_is_told_apart_from_a_refused_request() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.handle(save_books(vec![book()])), StoreResponse::Done);
    assert!(!s.take_disk_failure());
    // No page more may be written: as a full disk, SQLite answers SQLITE_FULL.
    let pages: i64 = s.conn.pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
    s.conn.pragma_update(None, "max_page_count", pages).unwrap();
    let many = (0..200).map(|i| remote(&format!("Membre {i}"), &format!("m{i}"), "\"1\"", "+32 2 555")).collect();
    let answer =
        s.handle(StoreRequest::ApplyPull(PullBatch { collection: BOOK.into(), upserts: many, ..Default::default() }));
    assert!(matches!(answer, StoreResponse::Error(_)), "{answer:?}");
    assert!(s.take_disk_failure(), "the full disk is said");
    assert!(!s.take_disk_failure(), "once");
    // Nothing of the batch was kept, and an error of the data is not the disk's.
    assert_eq!(names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })), Vec::<String>::new());
    assert!(matches!(s.handle(StoreRequest::DeleteItem { id: 999_999 }), StoreResponse::Error(_)));
    assert!(!s.take_disk_failure());
}
