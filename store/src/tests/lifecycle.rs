//! The store across failures, restarts, upgrades and sign-out.

use super::*;

#[test]
fn a_failing_operation_changes_nothing() {
    let (_d, mut s) = seeded();
    let helene = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveItem {
        id: Some(helene),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &[], ""),
    });
    let before = dump(&s);
    for missing in [
        PushOutcome::Stored { item_id: 999, revision: 1, href: format!("{BOOK}x.vcf"), etag: None },
        PushOutcome::Conflict { item_id: 999, server: Some(remote("X", "x", "e", "")), now: 0 },
        PushOutcome::Conflict { item_id: 999, server: None, now: 0 },
    ] {
        let response = s.handle(StoreRequest::PushDone(missing));
        assert!(matches!(response, StoreResponse::Error(_)), "{response:?}");
    }
    // Jan's push answered with an href whose holder has unsynced edits:
    // refused after Jan's row was already checked, and Jan is untouched.
    let id = id_of(&mut s, "Jan Van den Broeck");
    let response = s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: id,
        revision: 1,
        href: format!("{BOOK}helene.vcf"),
        etag: None,
    }));
    assert!(matches!(response, StoreResponse::Error(_)), "{response:?}");
    for refused in [
        StoreRequest::SaveItem {
            id: Some(999),
            collection: BOOK.into(),
            data: "X".into(),
            index: ItemIndex::Contact(ContactIndex::default()),
        },
        StoreRequest::DeleteItem { id: 999 },
        StoreRequest::ResolveConflict { conflict_id: 999, choice: ConflictChoice::KeepMine, now: 0 },
    ] {
        assert!(matches!(s.handle(refused), StoreResponse::Error(_)));
    }
    assert_eq!(dump(&s), before);
}

#[test]
fn a_pull_failing_halfway_applies_nothing() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveItem {
        id: Some(jan),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("jan", "Jan Van den Broeck", &[], &[], ""),
    });
    let before = dump(&s);
    // The disk fills up at the very last write of the batch.
    s.conn
        .execute_batch(
            "CREATE TEMP TRIGGER full BEFORE UPDATE ON collections BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let mut upserts: Vec<RemoteItem> =
        (0..500).map(|i| remote(&format!("Nieuw {i}"), &format!("n{i}"), "\"1\"", "")).collect();
    upserts.push(remote("Jan Van den Broeck", "jan", "\"j2\"", ""));
    let response = s.handle(StoreRequest::ApplyPull(PullBatch {
        collection: BOOK.into(),
        upserts,
        deletes: vec![format!("{BOOK}francoise.vcf")],
        sync_token: Some("t9".into()),
        ..Default::default()
    }));
    assert!(matches!(&response, StoreResponse::Error(e) if e.to_string().contains("disk full")), "{response:?}");
    assert_eq!(dump(&s), before, "no contact added, no conflict, no delete, no token");
    s.conn.execute_batch("DROP TRIGGER full;").unwrap();
    assert!(
        matches!(s.handle(StoreRequest::ListContacts { shown: usize::MAX }), StoreResponse::Contacts(c) if c.shown.len() == 3)
    );
}

#[test]
fn everything_survives_reopening_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(save_books(vec![book()]));
        pull(
            &mut s,
            PullBatch {
                upserts: vec![remote("Hélène Dubœuf", "helene", "\"h1\"", "")],
                sync_token: Some("t".into()),
                ..Default::default()
            },
        );
        s.handle(StoreRequest::SaveAccount(Account {
            email: "alice@nubo.test".into(),
            username: "alice@nubo.test".into(),
            server_url: "https://dav.test".into(),
            principal_url: "https://dav.test/alice/".into(),
            addressbook_home: Some("https://dav.test/alice/".into()),
            calendar_home: Some("https://dav.test/alice/".into()),
            notes_folder: None,
            news_discovered: false,
            default_calendar: Some("https://dav.test/alice/agenda/".into()),
            last_synced: None,
            credentials_asked: true,
        }));
        s.handle(save_calendars(vec![Collection {
            kind: EventKind::KIND,
            href: "https://dav.test/alice/agenda/".into(),
            display_name: "Agenda Nubo".into(),
            color: Some("#0082C9".into()),
            read_only: false,
            supports_sync: true,
            sync_token: None,
            ctag: None,
        }]));
    }
    {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(search(&mut s, "helene"), vec!["Hélène Dubœuf"]);
        let StoreResponse::Account(Some(account)) = s.handle(StoreRequest::LoadAccount) else { panic!() };
        assert_eq!(account.calendar_home.as_deref(), Some("https://dav.test/alice/"));
        assert_eq!(account.default_calendar.as_deref(), Some("https://dav.test/alice/agenda/"));
        assert!(account.credentials_asked, "the server's challenge is remembered");
        let calendars = collections_of(&mut s, EventKind::KIND);
        assert_eq!(
            (calendars[0].display_name.as_str(), calendars[0].color.as_deref()),
            ("Agenda Nubo", Some("#0082C9"))
        );
        assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
        s.conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path).err().expect("newer schema refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    let version: i64 =
        rusqlite::Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 99, "never downgraded");
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "this is not a database, it is a text file of some length".repeat(100)).unwrap();
    let err = Store::open(&junk).err().expect("junk refused");
    assert!(matches!(err, crate::StoreError::Corrupt(_)), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
}

fn alice(email: &str) -> Account {
    Account {
        email: email.into(),
        username: email.into(),
        server_url: "https://dav.test".into(),
        principal_url: "https://dav.test/alice/".into(),
        addressbook_home: Some("https://dav.test/alice/".into()),
        calendar_home: None,
        notes_folder: None,
        news_discovered: false,
        default_calendar: None,
        last_synced: None,
        credentials_asked: false,
    }
}

fn last_synced(s: &mut Store) -> Option<i64> {
    match s.handle(StoreRequest::LoadAccount) {
        StoreResponse::Account(Some(account)) => account.last_synced,
        other => panic!("{other:?}"),
    }
}

/// After a restart the member still sees when the data was last synced;
/// a copy of the account saved later (taken before the sync ended) does
/// not turn it back, and it goes with the account.
#[test]
fn the_last_sync_time_is_kept_with_the_account_until_sign_out() {
    const AT: i64 = 1_764_000_000_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.handle(StoreRequest::SaveAccount(alice("alice@nubo.test"))), StoreResponse::Done);
        assert_eq!(last_synced(&mut s), None, "never synced");
        assert_eq!(s.handle(StoreRequest::SaveSyncedAt { at: AT }), StoreResponse::Done);
        // The news' first look saves the account as it was before the sync ended.
        let stale = Account { news_discovered: true, ..alice("alice@nubo.test") };
        assert_eq!(s.handle(StoreRequest::SaveAccount(stale)), StoreResponse::Done);
        assert_eq!(last_synced(&mut s), Some(AT));
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(last_synced(&mut s), Some(AT), "kept across a restart");
    let StoreResponse::Account(Some(account)) = s.handle(StoreRequest::LoadAccount) else { panic!() };
    assert!(account.news_discovered, "the other settings were saved all the same");

    // Another account taking the row does not inherit it.
    s.handle(StoreRequest::SaveAccount(alice("bob@nubo.test")));
    assert_eq!(last_synced(&mut s), None);
    s.handle(StoreRequest::SaveSyncedAt { at: AT + 1 });
    assert_eq!(last_synced(&mut s), Some(AT + 1));

    // Signed out: gone; a sync ending after the sign-out keeps nothing.
    s.handle(StoreRequest::DeleteAccount);
    assert_eq!(s.handle(StoreRequest::SaveSyncedAt { at: AT + 2 }), StoreResponse::Done);
    assert_eq!(s.handle(StoreRequest::LoadAccount), StoreResponse::Account(None));
    s.handle(StoreRequest::SaveAccount(alice("bob@nubo.test")));
    assert_eq!(last_synced(&mut s), None, "signed in again: not synced yet");
}

#[test]
fn signing_out_forgets_everything() {
    let (_d, mut s) = seeded();
    s.handle(StoreRequest::DeleteAccount);
    assert!(names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })).is_empty());
    assert!(search(&mut s, "helene").is_empty());
    assert_eq!(s.handle(StoreRequest::ListCollections), StoreResponse::Collections(vec![]));
}

#[test]
fn address_books_are_upserted_and_a_vanished_book_keeps_only_unsynced_work() {
    let (_d, mut s) = seeded();
    let work = Collection { href: "https://dav.test/alice/work/".into(), display_name: "Atelier".into(), ..book() };
    let gone = Collection { href: "https://dav.test/alice/gone/".into(), display_name: "Zebra".into(), ..book() };
    s.handle(save_books(vec![book(), work.clone(), gone.clone()]));
    let books = collections_of(&mut s, ContactKind::KIND);
    assert_eq!(
        books.iter().map(|b| b.display_name.as_str()).collect::<Vec<_>>(),
        vec!["Atelier", "Coopérateurs", "Zebra"]
    );
    for (b, name) in [(&work, "Clean Work"), (&gone, "Clean Gone")] {
        s.handle(StoreRequest::ApplyPull(PullBatch {
            collection: b.href.clone(),
            upserts: vec![RemoteItem {
                href: format!("{}{name}.vcf", b.href),
                etag: Some("1".into()),
                data: name.into(),
                index: index(name, name, &[], &[], ""),
            }],
            ctag: Some("c1".into()),
            ..Default::default()
        }));
    }
    let StoreResponse::Saved { .. } = s.handle(StoreRequest::SaveItem {
        id: None,
        collection: work.href.clone(),
        data: "N".into(),
        index: index("n", "Unsynced Work", &[], &[], ""),
    }) else {
        panic!()
    };
    // Both vanish from the server.
    s.handle(save_books(vec![Collection { ctag: None, ..book() }]));
    let books = collections_of(&mut s, ContactKind::KIND);
    assert_eq!(
        books.iter().map(|b| b.display_name.as_str()).collect::<Vec<_>>(),
        vec!["Atelier", "Coopérateurs"],
        "the book with unsynced work stays"
    );
    assert_eq!(books[0].ctag.as_deref(), Some("c1"));
    let list = names(s.handle(StoreRequest::ListContacts { shown: usize::MAX }));
    assert!(
        list.contains(&"Unsynced Work".to_string())
            && !list.contains(&"Clean Work".to_string())
            && !list.contains(&"Clean Gone".to_string()),
        "{list:?}"
    );
    assert!(search(&mut s, "clean").is_empty(), "the index forgets them too");
}

#[test]
fn an_older_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        // As release 2 left it: the search index holds the text unfolded.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::create_at_version(&mut conn, 2).unwrap();
        conn.execute_batch(
            r#"INSERT INTO contacts (id, book, href, etag, uid, vcard, display_name, sort_key, emails, phones, org, state, revision, queued_at)
               VALUES (1, 'b', 'b/1.vcf', '"1"', 'u1', 'V', 'Hélène Dubœuf', 'helene duboeuf', '["h@x.be"]', '["+32 470 12"]', '', 'modified', 2, 1);
               INSERT INTO contacts_fts (rowid, display_name, emails, phones, org) VALUES (1, 'Hélène Dubœuf', 'h@x.be', '+32 470 12', '');
               INSERT INTO conflicts (contact_id, local_vcard, local_index, found_at)
               VALUES (1, 'MINE', '{"uid":"u1","display_name":"Hélène Mine","sort_key":"helene mine","emails":[],"phones":[],"org":""}', 9);"#,
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
    // The member's kept version survives the move to the items table.
    let kept = conflicts(&mut s);
    assert_eq!((kept[0].item_id, kept[0].local_data.as_str(), kept[0].local_index.title()), (1, "MINE", "Hélène Mine"));
    assert_eq!(search(&mut s, "duboeuf"), vec!["Hélène Dubœuf"]);
    assert_eq!(search(&mut s, "047012"), vec!["Hélène Dubœuf"]);
    assert!(
        matches!(s.handle(StoreRequest::Outbox { collection: "b".into() }), StoreResponse::Outbox(o) if o.len() == 1 && o[0].revision == 2)
    );
}

#[test]
fn an_upgrade_makes_the_groups_of_contacts_kept_before_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        // As release 22 left it: an index without groups, one card filed
        // under two, one card that no longer parses.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::create_at_version(&mut conn, 22).unwrap();
        conn.execute_batch(
            r#"INSERT INTO items (id, kind, collection, href, etag, uid, data, display_name, sort_key, emails, phones, org, state)
               VALUES (1, 'contact', 'b', 'b/1.vcf', '"1"', 'ilse', 'BEGIN:VCARD
VERSION:3.0
UID:ilse
FN:Ilse Peeters
CATEGORIES:Bénévole,Conseil d''administration
END:VCARD
', 'Ilse Peeters', 'ilse peeters', '[]', '[]', '', 'clean'),
                      (2, 'contact', 'b', 'b/2.vcf', '"2"', 'half', 'CATEGORIES:Bénévole', 'Half Card', 'half card', '[]', '[]', 'Ateliers', 'clean');
               INSERT INTO contacts_fts (rowid, display_name, emails, phones, org) VALUES (1, 'ilse peeters', '', '', ''),
                      (2, 'half card', '', '', 'ateliers');"#,
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
    assert_eq!(search(&mut s, "benevole"), vec!["Ilse Peeters"]);
    assert_eq!(search(&mut s, "conseil"), vec!["Ilse Peeters"]);
    // What was indexed before is still found.
    assert_eq!(search(&mut s, "ilse"), vec!["Ilse Peeters"]);
    assert_eq!(search(&mut s, "ateliers"), vec!["Half Card"]);
}

#[test]
fn pending_work_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(save_books(vec![book()]));
        pull(
            &mut s,
            PullBatch {
                upserts: vec![
                    remote("Jan Van den Broeck", "jan", "\"j1\"", ""),
                    remote("Hélène Dubœuf", "helene", "\"h1\"", ""),
                ],
                ..Default::default()
            },
        );
        let jan = id_of(&mut s, "Jan Van den Broeck");
        save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
        pull(&mut s, PullBatch { upserts: vec![remote("Jan Server", "jan", "\"j2\"", "")], ..Default::default() });
        save(&mut s, None, "NEW", index("new", "Nieuw", &[], &[], ""));
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(conflicts(&mut s).len(), 1);
    assert_eq!(outbox(&mut s).iter().map(|i| i.data.as_str()).collect::<Vec<_>>(), vec!["NEW"]);
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Hélène Dubœuf", "Jan Server", "Nieuw"]
    );
}

#[test]
fn a_store_of_the_previous_release_keeps_books_calendars_tokens_outbox_and_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        // As release 5 left it: address books and calendars in tables of
        // their own, a book and a calendar mid-sync, an edited contact with
        // a kept conflict, a new event waiting to be pushed.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::create_at_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            r#"INSERT INTO account (id, email, username, server_url, principal_url, addressbook_home, calendar_home)
               VALUES (1, 'alice@nubo.test', 'alice', 'https://dav.test', 'https://dav.test/alice/', 'https://dav.test/alice/', 'https://dav.test/cal/');
               INSERT INTO address_books VALUES ('https://dav.test/alice/book/', 'Coopérateurs', 0, 1, 'book-token-7', '"ctag-b"');
               INSERT INTO address_books VALUES ('https://dav.test/alice/board/', 'Conseil', 1, 0, NULL, '"ctag-r"');
               INSERT INTO calendars VALUES ('https://dav.test/cal/agenda/', 'Agenda Nubo', '#0082C9FF', 0, 1, 'cal-token-3', '"ctag-c"');
               INSERT INTO items (id, kind, collection, href, etag, uid, data, display_name, sort_key, emails, phones, org, state, revision, queued_at)
               VALUES (1, 'contact', 'https://dav.test/alice/book/', 'https://dav.test/alice/book/h.vcf', '"h1"', 'h', 'BEGIN:VCARD', 'Hélène Dubœuf', 'helene duboeuf', '[]', '[]', '', 'modified', 3, 1);
               INSERT INTO contacts_fts (rowid, display_name, emails, phones, org) VALUES (1, 'helene duboeuf', '', '', '');
               INSERT INTO conflicts (item_id, local_data, local_index, found_at)
               VALUES (1, 'MINE', '{"Contact":{"uid":"h","display_name":"Hélène Mine","sort_key":"helene mine","emails":[],"phones":[],"org":""}}', 42);
               INSERT INTO items (id, kind, collection, href, etag, uid, data, display_name, sort_key, emails, phones, org, state, revision, queued_at)
               VALUES (2, 'event', 'https://dav.test/cal/agenda/', NULL, NULL, 'ag', 'BEGIN:VCALENDAR', 'Assemblée', 'assemblee', '[]', '[]', '', 'created', 1, 2);
               INSERT INTO event_series (item_id, first_start, last_end) VALUES (2, 100, 200);"#,
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
    let StoreResponse::Collections(all) = s.handle(StoreRequest::ListCollections) else { panic!() };
    let seen: Vec<_> = all
        .iter()
        .map(|c| {
            (
                c.kind,
                c.href.as_str(),
                c.display_name.as_str(),
                c.color.as_deref(),
                c.read_only,
                c.supports_sync,
                c.sync_token.as_deref(),
                c.ctag.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                ContactKind::KIND,
                "https://dav.test/alice/board/",
                "Conseil",
                None,
                true,
                false,
                None,
                Some("\"ctag-r\"")
            ),
            (
                ContactKind::KIND,
                "https://dav.test/alice/book/",
                "Coopérateurs",
                None,
                false,
                true,
                Some("book-token-7"),
                Some("\"ctag-b\"")
            ),
            (
                EventKind::KIND,
                "https://dav.test/cal/agenda/",
                "Agenda Nubo",
                Some("#0082C9FF"),
                false,
                true,
                Some("cal-token-3"),
                Some("\"ctag-c\"")
            ),
        ]
    );
    let StoreResponse::Outbox(book) =
        s.handle(StoreRequest::Outbox { collection: "https://dav.test/alice/book/".into() })
    else {
        panic!()
    };
    assert_eq!((book.len(), book[0].kind, book[0].revision), (1, ChangeKind::Update, 3));
    let StoreResponse::Outbox(cal) =
        s.handle(StoreRequest::Outbox { collection: "https://dav.test/cal/agenda/".into() })
    else {
        panic!()
    };
    assert_eq!((cal.len(), cal[0].kind, cal[0].uid.as_str()), (1, ChangeKind::Create, "ag"));
    let kept = conflicts(&mut s);
    assert_eq!((kept[0].item_id, kept[0].local_data.as_str(), kept[0].local_index.title()), (1, "MINE", "Hélène Mine"));
    assert!(
        matches!(s.handle(StoreRequest::ListEvents { from: 150, to: 160, only_with_alarms: false }), StoreResponse::Items(i) if i.len() == 1)
    );
    let StoreResponse::Account(Some(account)) = s.handle(StoreRequest::LoadAccount) else { panic!() };
    assert_eq!(account.calendar_home.as_deref(), Some("https://dav.test/cal/"));
}

/// `writes` decides the lock a request takes and whether the web shell
/// saves a new snapshot after it: every request that changed the data
/// must say so, and the reads must not.
#[test]
fn every_request_that_changes_the_data_is_known_as_a_write() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let reads = [
        StoreRequest::LoadAccount,
        StoreRequest::ListCollections,
        StoreRequest::LocalEtags { collection: BOOK.into() },
        StoreRequest::Outbox { collection: BOOK.into() },
        StoreRequest::ListContacts { shown: usize::MAX },
        StoreRequest::SearchContacts { query: "jan".into(), shown: 100 },
        StoreRequest::GetItem { id: jan },
        StoreRequest::ListEvents { from: 0, to: i64::MAX, only_with_alarms: false },
        StoreRequest::ListConflicts,
    ];
    for request in reads {
        assert!(!super::super::writes(&request), "{request:?} only reads");
        let before = dump(&s);
        s.handle(request.clone());
        assert_eq!(before, dump(&s), "{request:?} changed the data");
    }
    let changes = [
        StoreRequest::SaveItem {
            id: Some(jan),
            collection: BOOK.into(),
            data: "BEGIN:VCARD\r\nUID:jan\r\nFN:Jan\r\nEND:VCARD\r\n".into(),
            index: index("jan", "Jan", &[], &[], ""),
        },
        StoreRequest::PushSending { item_id: jan, href: format!("{BOOK}jan.vcf"), data: "sent".into() },
        StoreRequest::PushDone(PushOutcome::Stored {
            item_id: jan,
            revision: 2,
            href: format!("{BOOK}jan.vcf"),
            etag: Some("\"j2\"".into()),
        }),
        StoreRequest::DeleteItem { id: jan },
        StoreRequest::ApplyPull(PullBatch {
            collection: BOOK.into(),
            upserts: vec![remote("Ilse", "ilse", "\"i1\"", "")],
            ..Default::default()
        }),
        StoreRequest::SaveAccount(alice("alice@nubo.test")),
        StoreRequest::SaveSyncedAt { at: 1_764_000_000_000 },
        StoreRequest::DeleteAccount,
        StoreRequest::SaveCollections { kind: ContactKind::KIND, collections: vec![book()] },
    ];
    for request in changes {
        let before = dump(&s);
        assert!(super::super::writes(&request), "{request:?} writes");
        s.handle(request.clone());
        assert_ne!(before, dump(&s), "{request:?} was expected to change something here");
    }
}

/// A deleted item's search entry goes with it: the next item may take its
/// row number, and must not be found by the old one's words.
#[test]
fn a_deleted_contact_is_not_found_through_the_next_one_that_takes_its_place() {
    let (_d, mut s) = store();
    let save = |s: &mut Store, uid: &str, name: &str| {
        let StoreResponse::Saved { id } = s.handle(StoreRequest::SaveItem {
            id: None,
            collection: BOOK.into(),
            data: format!("BEGIN:VCARD\r\nUID:{uid}\r\nFN:{name}\r\nEND:VCARD\r\n"),
            index: index(uid, name, &[], &[], ""),
        }) else {
            panic!()
        };
        id
    };
    let old = save(&mut s, "zoe", "Zoë Vandermeulen");
    s.handle(StoreRequest::DeleteItem { id: old });
    // An event takes the freed row number (SQLite gives it again): it has
    // no search entry of its own to overwrite a stale one.
    let event = ItemIndex::Event(EventIndex {
        uid: "ag".into(),
        summary: "AG".into(),
        first_start: 1,
        last_end: None,
        alarms: true,
    });
    let StoreResponse::Saved { id: new } =
        s.handle(StoreRequest::SaveItem { id: None, collection: BOOK.into(), data: "AG".into(), index: event })
    else {
        panic!()
    };
    assert_eq!(new, old, "the case this guards: a reused row number");
    assert_eq!(search(&mut s, "vandermeulen"), Vec::<String>::new());
    save(&mut s, "ilse", "Ilse Peeters");
    assert_eq!(search(&mut s, "ilse"), vec!["Ilse Peeters"]);
}

#[test]
fn a_file_that_cannot_be_opened_is_a_failure_not_damaged_data() {
    let dir = tempfile::tempdir().unwrap();
    let Err(e) = Store::open(&dir.path().join("no such folder").join("nubo.sqlite3")) else { panic!() };
    assert!(matches!(e.answer(), StoreError::Failed(_)), "a missing folder is not a damaged store");
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let Err(e) = Store::open(&junk) else { panic!() };
    assert!(matches!(e.answer(), StoreError::Damaged(_)), "not a database: damaged");
}
