//! The store on real SQLite files: what a member would notice.

use shared::effects::store::*;

use super::{schema, Store};

fn index(uid: &str, name: &str, emails: &[&str], phones: &[&str], org: &str) -> ItemIndex {
    ItemIndex::Contact(ContactIndex {
        uid: uid.into(),
        display_name: name.into(),
        sort_key: shared::contacts::text::fold(name),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        phones: phones.iter().map(|s| s.to_string()).collect(),
        org: org.into(),
    })
}

const BOOK: &str = "https://dav.test/alice/contacts/";

fn remote(name: &str, uid: &str, etag: &str, phone: &str) -> RemoteItem {
    RemoteItem {
        href: format!("{BOOK}{uid}.vcf"),
        etag: Some(etag.into()),
        data: format!("BEGIN:VCARD\r\nUID:{uid}\r\nFN:{name}\r\nTEL:{phone}\r\nEND:VCARD\r\n"),
        index: index(uid, name, &[&format!("{uid}@nubo.coop")], &[phone], "Nubo"),
    }
}

fn book() -> AddressBook {
    AddressBook {
        href: BOOK.into(),
        display_name: "Coopérateurs".into(),
        read_only: false,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("nubo.sqlite3")).unwrap();
    assert_eq!(s.handle(StoreRequest::SaveAddressBooks(vec![book()])), StoreResponse::Done);
    (dir, s)
}

fn pull(s: &mut Store, batch: PullBatch) -> ApplySummary {
    match s.handle(StoreRequest::ApplyPull(PullBatch { collection: BOOK.into(), ..batch })) {
        StoreResponse::Applied(a) => a,
        other => panic!("{other:?}"),
    }
}

fn names(r: StoreResponse) -> Vec<String> {
    match r {
        StoreResponse::Contacts(c) => c.into_iter().map(|c| c.display_name).collect(),
        other => panic!("{other:?}"),
    }
}

fn search(s: &mut Store, q: &str) -> Vec<String> {
    names(s.handle(StoreRequest::SearchContacts { query: q.into() }))
}

fn outbox(s: &mut Store) -> Vec<OutboxItem> {
    match s.handle(StoreRequest::Outbox { collection: BOOK.into() }) {
        StoreResponse::Outbox(o) => o,
        other => panic!("{other:?}"),
    }
}

fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = store();
    let summary = pull(
        &mut s,
        PullBatch {
            upserts: vec![
                remote("Hélène Dubœuf", "helene", "\"h1\"", "+32 470 12 34 56"),
                remote("Jan Van den Broeck", "jan", "\"j1\"", "+32 2 555 01 02"),
                remote("Françoise Lambert", "francoise", "\"f1\"", ""),
            ],
            ..Default::default()
        },
    );
    assert_eq!(summary.added, 3);
    (dir, s)
}

/// Every table, as text: to see that a refused operation changed nothing.
fn dump(s: &Store) -> String {
    let mut out = String::new();
    for table in ["account", "address_books", "calendars", "items", "event_series", "conflicts", "contacts_fts"] {
        let sql = format!("SELECT * FROM {table} ORDER BY rowid");
        let mut stmt = s.conn.prepare(&sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<String> = (0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
            out += &format!("{table}: {}\n", values.join(" | "));
        }
    }
    out
}

fn id_of(s: &mut Store, name: &str) -> i64 {
    match s.handle(StoreRequest::ListContacts) {
        StoreResponse::Contacts(c) => c.into_iter().find(|c| c.display_name == name).unwrap().id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn search_ignores_accents_and_case_and_reads_belgian_numbers() {
    let (_d, mut s) = seeded();
    assert_eq!(search(&mut s, "helene"), vec!["Hélène Dubœuf"]);
    assert_eq!(search(&mut s, "HÉLÈNE"), vec!["Hélène Dubœuf"]);
    assert_eq!(search(&mut s, "fran"), vec!["Françoise Lambert"]);
    assert_eq!(search(&mut s, "van broeck"), vec!["Jan Van den Broeck"]);
    assert_eq!(search(&mut s, "0470 12"), vec!["Hélène Dubœuf"]);
    assert_eq!(search(&mut s, "32470123456"), vec!["Hélène Dubœuf"]);
    assert_eq!(search(&mut s, "jan@nubo"), vec!["Jan Van den Broeck"]);
    assert_eq!(search(&mut s, "nubo").len(), 3);
    for hostile in ["\"", "*", "-", "OR", "(", "NEAR(a b)", "a AND", "\u{0}"] {
        assert!(
            matches!(s.handle(StoreRequest::SearchContacts { query: hostile.into() }), StoreResponse::Contacts(_)),
            "{hostile}"
        );
    }
    assert_eq!(search(&mut s, "  ").len(), 3, "an empty query lists everyone");
}

#[test]
fn contacts_are_listed_by_name_without_accents_mattering() {
    let (_d, mut s) = seeded();
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts)),
        vec!["Françoise Lambert", "Hélène Dubœuf", "Jan Van den Broeck"]
    );
}

#[test]
fn an_offline_create_is_queued_then_clean_once_pushed() {
    let (_d, mut s) = seeded();
    let StoreResponse::Saved { id } = s.handle(StoreRequest::SaveItem {
        id: None,
        collection: BOOK.into(),
        data: "BEGIN:VCARD\r\nUID:ilse\r\nFN:Ilse Peeters\r\nEND:VCARD\r\n".into(),
        index: index("ilse", "Ilse Peeters", &[], &[], ""),
    }) else {
        panic!()
    };
    let queued = outbox(&mut s);
    assert_eq!(queued.len(), 1);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].revision), (ChangeKind::Create, None, 1));
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: id,
        revision: 1,
        href: format!("{BOOK}ilse.vcf"),
        etag: Some("\"i1\"".into()),
    }));
    assert!(outbox(&mut s).is_empty());
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!((c.etag.as_deref(), c.pending), (Some("\"i1\""), false));
}

#[test]
fn an_edit_made_while_its_push_was_in_flight_stays_queued() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    let edit = |s: &mut Store, phone: &str| {
        s.handle(StoreRequest::SaveItem {
            id: Some(id),
            collection: BOOK.into(),
            data: format!("FN:Jan\r\nTEL:{phone}"),
            index: index("jan", "Jan Van den Broeck", &[], &[phone], ""),
        })
    };
    edit(&mut s, "1");
    let item = outbox(&mut s).remove(0);
    assert_eq!((item.kind, item.etag.as_deref()), (ChangeKind::Update, Some("\"j1\"")));
    edit(&mut s, "2");
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: id,
        revision: item.revision,
        href: item.href.clone().unwrap(),
        etag: Some("\"j2\"".into()),
    }));
    let again = outbox(&mut s);
    assert_eq!(again.len(), 1, "the second edit still has to go");
    assert_eq!(again[0].etag.as_deref(), Some("\"j2\""), "and it will be sent against the new etag");
    assert!(again[0].data.contains("TEL:2"));
}

#[test]
fn a_412_keeps_both_versions() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], ""),
    });
    let server = remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11");
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: id, server: Some(server.clone()), now: 5 })),
        StoreResponse::Done
    );
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(c.data, server.data);
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].local_data.as_str(), conflicts[0].found_at), ("MINE", 5));
    assert_eq!(conflicts[0].local_index, index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], ""));
    assert!(outbox(&mut s).is_empty(), "nothing is pushed until the member chooses");

    s.handle(StoreRequest::ResolveConflict { conflict_id: conflicts[0].id, choice: ConflictChoice::KeepMine, now: 6 });
    let queued = outbox(&mut s);
    assert_eq!((queued[0].data.as_str(), queued[0].etag.as_deref()), ("MINE", Some("\"h2\"")));
}

#[test]
fn keep_both_creates_the_members_version_as_a_new_contact() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("jan", "Jan Van den Broeck", &[], &[], ""),
    });
    pull(
        &mut s,
        PullBatch {
            upserts: vec![remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 1")],
            now: 9,
            ..Default::default()
        },
    );
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    s.handle(StoreRequest::ResolveConflict {
        conflict_id: conflicts[0].id,
        choice: ConflictChoice::KeepBoth {
            uid: "jan-2".into(),
            data: "MINE WITH NEW UID".into(),
            index: index("jan-2", "Jan Van den Broeck", &[], &[], ""),
        },
        now: 10,
    });
    assert_eq!(names(s.handle(StoreRequest::ListContacts)).iter().filter(|n| *n == "Jan Van den Broeck").count(), 2);
    let queued = outbox(&mut s);
    assert_eq!((queued.len(), queued[0].kind, queued[0].uid.as_str()), (1, ChangeKind::Create, "jan-2"));
}

#[test]
fn a_pull_over_an_unsynced_edit_makes_a_conflict_not_an_overwrite() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &[], ""),
    });
    let summary = pull(
        &mut s,
        PullBatch {
            upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")],
            now: 1,
            ..Default::default()
        },
    );
    assert_eq!((summary.conflicts, summary.updated), (1, 0));
    let StoreResponse::Conflicts(c) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(c[0].local_data, "MINE");
}

#[test]
fn a_server_delete_of_an_edited_contact_keeps_it_as_a_create() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("jan", "Jan Van den Broeck", &[], &[], ""),
    });
    let summary = pull(
        &mut s,
        PullBatch { deletes: vec![format!("{BOOK}jan.vcf"), format!("{BOOK}francoise.vcf")], ..Default::default() },
    );
    assert_eq!(summary.deleted, 1, "only the clean one goes");
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Hélène Dubœuf", "Jan Van den Broeck"]);
    let queued = outbox(&mut s);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].data.as_str()), (ChangeKind::Create, None, "MINE"));
}

#[test]
fn keep_only_prunes_clean_contacts_the_server_no_longer_has() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id });
    let summary = pull(&mut s, PullBatch { keep_only: Some(vec![format!("{BOOK}helene.vcf")]), ..Default::default() });
    assert_eq!(summary.deleted, 2);
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Hélène Dubœuf"]);
}

#[test]
fn the_token_is_saved_only_by_the_batch_that_carries_it() {
    let (_d, mut s) = seeded();
    let token = |s: &mut Store| match s.handle(StoreRequest::ListAddressBooks) {
        StoreResponse::AddressBooks(b) => b[0].sync_token.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(token(&mut s), None);
    pull(&mut s, PullBatch { sync_token: Some("t1".into()), ..Default::default() });
    assert_eq!(token(&mut s).as_deref(), Some("t1"));
    s.handle(StoreRequest::SaveAddressBooks(vec![AddressBook { display_name: "Renamed".into(), ..book() }]));
    assert_eq!(token(&mut s).as_deref(), Some("t1"), "refreshing the list keeps the token");
}

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
            "CREATE TEMP TRIGGER full BEFORE UPDATE ON address_books BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
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
    assert!(matches!(&response, StoreResponse::Error(e) if e.contains("disk full")), "{response:?}");
    assert_eq!(dump(&s), before, "no contact added, no conflict, no delete, no token");
    s.conn.execute_batch("DROP TRIGGER full;").unwrap();
    assert!(matches!(s.handle(StoreRequest::ListContacts), StoreResponse::Contacts(c) if c.len() == 3));
}

#[test]
fn everything_survives_reopening_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(StoreRequest::SaveAddressBooks(vec![book()]));
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
            addressbook_home: "https://dav.test/alice/".into(),
            calendar_home: Some("https://dav.test/alice/".into()),
        }));
        s.handle(StoreRequest::SaveCalendars(vec![Calendar {
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
        let StoreResponse::Calendars(calendars) = s.handle(StoreRequest::ListCalendars) else { panic!() };
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
    assert!(matches!(err, super::StoreError::Corrupt(_)), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn signing_out_forgets_everything() {
    let (_d, mut s) = seeded();
    s.handle(StoreRequest::DeleteAccount);
    assert!(names(s.handle(StoreRequest::ListContacts)).is_empty());
    assert!(search(&mut s, "helene").is_empty());
    assert_eq!(s.handle(StoreRequest::ListAddressBooks), StoreResponse::AddressBooks(vec![]));
}

fn save(s: &mut Store, id: Option<i64>, vcard: &str, idx: ItemIndex) -> i64 {
    match s.handle(StoreRequest::SaveItem { id, collection: BOOK.into(), data: vcard.into(), index: idx }) {
        StoreResponse::Saved { id } => id,
        other => panic!("{other:?}"),
    }
}

fn conflicts(s: &mut Store) -> Vec<ConflictRecord> {
    match s.handle(StoreRequest::ListConflicts) {
        StoreResponse::Conflicts(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn search_finds_ligatures_decomposed_accents_and_any_phone_grouping() {
    let (_d, mut s) = seeded();
    for q in ["dubœuf", "DUBŒUF", "duboeuf", "hele\u{300}ne", "Hélè Dub"] {
        assert_eq!(search(&mut s, q), vec!["Hélène Dubœuf"], "{q}");
    }
    // Stored as "+32 470 12 34 56".
    for q in ["047012", "0470 12", "0470 123 456", "0470/12.34.56", "0470-12-34", "+32470", "+32 470 12", "0032 470"] {
        assert_eq!(search(&mut s, q), vec!["Hélène Dubœuf"], "{q}");
    }
    // A national number is found by its international form too.
    save(&mut s, None, "X", index("luc", "Luc Janssens", &[], &["0496 55 44 33"], "Ateliers"));
    for q in ["+32 496 55", "0496554", "049655"] {
        assert_eq!(search(&mut s, q), vec!["Luc Janssens"], "{q}");
    }
    assert!(search(&mut s, "0470 99").is_empty(), "every word must match");
    assert_eq!(search(&mut s, "ateliers luc"), vec!["Luc Janssens"], "across fields");
    for hostile in ["\"hel", "hel*", "-hel", "hel OR jan", "(hel", "hel)", "NOT", "col:x", "^hel", "{a b}", "'"] {
        let r = s.handle(StoreRequest::SearchContacts { query: hostile.into() });
        assert!(matches!(r, StoreResponse::Contacts(_)), "{hostile}: {r:?}");
    }
    assert_eq!(search(&mut s, "\"hel"), vec!["Hélène Dubœuf"]);
}

#[test]
fn local_states_follow_the_members_changes() {
    let (_d, mut s) = seeded();
    let id = save(&mut s, None, "V1", index("ilse", "Ilse Peeters", &["ilse@nubo.coop"], &[], ""));
    assert_eq!(save(&mut s, Some(id), "V2", index("ilse", "Ilse Peeters", &[], &[], "")), id);
    let queued = outbox(&mut s);
    assert_eq!(
        (queued[0].kind, queued[0].revision, queued[0].data.as_str()),
        (ChangeKind::Create, 2, "V2"),
        "an edited create is still a create"
    );
    assert!(search(&mut s, "ilse@nubo").is_empty(), "the index follows the edit");
    s.handle(StoreRequest::DeleteItem { id });
    assert!(outbox(&mut s).is_empty(), "never pushed: nothing to tell the server");
    assert_eq!(s.handle(StoreRequest::GetItem { id }), StoreResponse::Item(None));

    let jan = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id: jan });
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Françoise Lambert", "Hélène Dubœuf"]);
    assert!(search(&mut s, "jan").is_empty());
    assert_eq!(s.handle(StoreRequest::GetItem { id: jan }), StoreResponse::Item(None));
    let queued = outbox(&mut s);
    assert_eq!((queued[0].kind, queued[0].etag.as_deref()), (ChangeKind::Delete, Some("\"j1\"")));
    assert!(matches!(
        s.handle(StoreRequest::SaveItem {
            id: Some(jan),
            collection: BOOK.into(),
            data: "X".into(),
            index: ItemIndex::Contact(ContactIndex::default())
        }),
        StoreResponse::Error(_)
    ));
    s.handle(StoreRequest::PushDone(PushOutcome::Deleted { item_id: jan }));
    assert!(outbox(&mut s).is_empty());
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Deleted { item_id: jan })),
        StoreResponse::Done,
        "a repeated answer is harmless"
    );

    let StoreResponse::Contacts(list) = s.handle(StoreRequest::ListContacts) else { panic!() };
    let helene = list.iter().find(|c| c.display_name == "Hélène Dubœuf").unwrap();
    assert_eq!(
        (helene.email.as_deref(), helene.phone.as_deref(), helene.pending, helene.has_conflict),
        (Some("helene@nubo.coop"), Some("+32 470 12 34 56"), false, false)
    );
}

#[test]
fn the_outbox_is_oldest_first_and_an_edit_keeps_its_place() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    save(&mut s, Some(jan), "J1", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let new = save(&mut s, None, "N", index("new", "Nieuw", &[], &[], ""));
    s.handle(StoreRequest::DeleteItem { id: helene });
    save(&mut s, Some(jan), "J2", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let order: Vec<i64> = outbox(&mut s).iter().map(|i| i.item_id).collect();
    assert_eq!(order, vec![jan, new, helene]);
    let other = "https://dav.test/alice/other/";
    assert!(
        matches!(s.handle(StoreRequest::Outbox { collection: other.into() }), StoreResponse::Outbox(o) if o.is_empty()),
        "per book"
    );
}

#[test]
fn a_delete_made_while_its_push_was_in_flight_still_goes() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "J1", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let item = outbox(&mut s).remove(0);
    s.handle(StoreRequest::DeleteItem { id: jan });
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: jan,
        revision: item.revision,
        href: item.href.unwrap(),
        etag: Some("\"j2\"".into()),
    }));
    let queued = outbox(&mut s);
    assert_eq!((queued.len(), queued[0].kind, queued[0].etag.as_deref()), (1, ChangeKind::Delete, Some("\"j2\"")));
    assert!(search(&mut s, "jan").is_empty(), "it does not come back");
}

#[test]
fn a_delete_meeting_a_server_edit_gives_way_and_a_delete_meeting_a_server_delete_is_done() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::DeleteItem { id: jan });
    s.handle(StoreRequest::DeleteItem { id: helene });
    let server = remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 999");
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: jan, server: Some(server.clone()), now: 1 }));
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: helene, server: None, now: 1 }));
    assert!(conflicts(&mut s).is_empty(), "nothing for the member to choose");
    assert!(outbox(&mut s).is_empty());
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Françoise Lambert", "Jan Van den Broeck"]);
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id: jan }) else { panic!() };
    assert_eq!((c.data, c.etag, c.pending), (server.data, server.etag, false));
}

#[test]
fn a_412_on_an_update_whose_contact_the_server_deleted_pushes_it_again_as_new() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Van den Broeck", &[], &[], ""));
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: jan, server: None, now: 1 }));
    let queued = outbox(&mut s);
    assert_eq!(
        (queued[0].kind, queued[0].href.as_deref(), queued[0].etag.as_deref(), queued[0].data.as_str()),
        (ChangeKind::Create, None, None, "MINE")
    );
    let StoreResponse::Etags(etags) = s.handle(StoreRequest::LocalEtags { collection: BOOK.into() }) else { panic!() };
    assert_eq!(etags.len(), 2, "a contact with no href has no etag to compare");
}

#[test]
fn a_push_recorded_after_a_pull_already_brought_the_contact_makes_one_contact() {
    let (_d, mut s) = seeded();
    let id = save(&mut s, None, "ILSE", index("ilse", "Ilse Peeters", &[], &[], ""));
    let href = format!("{BOOK}ilse.vcf");
    // The server stored our create, but the answer was lost; a pull came first.
    pull(
        &mut s,
        PullBatch {
            upserts: vec![RemoteItem {
                href: href.clone(),
                etag: Some("\"i1\"".into()),
                data: "ILSE".into(),
                index: index("ilse", "Ilse Peeters", &[], &[], ""),
            }],
            ..Default::default()
        },
    );
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Stored {
            item_id: id,
            revision: 1,
            href: href.clone(),
            etag: Some("\"i1\"".into())
        })),
        StoreResponse::Done
    );
    assert_eq!(names(s.handle(StoreRequest::ListContacts)).iter().filter(|n| *n == "Ilse Peeters").count(), 1);
    assert!(outbox(&mut s).is_empty());
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(c.href, Some(href));
}

#[test]
fn a_pull_that_did_not_change_an_edited_contact_leaves_the_edit_alone() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let same = remote("Hélène Dubœuf", "helene", "\"h2\"", "");
    save(&mut s, Some(helene), &same.data, same.index.clone());
    let summary = pull(
        &mut s,
        PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j1\"", ""), same], ..Default::default() },
    );
    assert_eq!(summary, ApplySummary { updated: 1, ..Default::default() });
    assert!(conflicts(&mut s).is_empty());
    let queued = outbox(&mut s);
    assert_eq!(
        (queued.len(), queued[0].item_id, queued[0].data.as_str()),
        (1, jan, "MINE"),
        "Jan's edit still goes; Hélène's is already there"
    );
}

#[test]
fn a_pull_over_a_local_delete_keeps_the_servers_newer_version() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id: jan });
    let summary = pull(
        &mut s,
        PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 1")], ..Default::default() },
    );
    assert_eq!((summary.updated, summary.conflicts), (1, 0));
    assert!(outbox(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Van den Broeck"]);
}

#[test]
fn resolving_conflicts() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
    pull(&mut s, PullBatch { upserts: vec![remote("Jan Server", "jan", "\"j2\"", "")], now: 7, ..Default::default() });
    let StoreResponse::Contacts(list) = s.handle(StoreRequest::ListContacts) else { panic!() };
    let row = list.iter().find(|c| c.id == jan).unwrap();
    assert_eq!((row.display_name.as_str(), row.pending, row.has_conflict), ("Jan Server", false, true));
    let c = conflicts(&mut s).remove(0);
    assert_eq!((c.item_id, c.local_index.title(), c.found_at), (jan, "Jan Mine", 7));
    s.handle(StoreRequest::ResolveConflict { conflict_id: c.id, choice: ConflictChoice::KeepServer, now: 8 });
    assert!(conflicts(&mut s).is_empty());
    assert!(outbox(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Server"]);
    assert!(
        matches!(
            s.handle(StoreRequest::ResolveConflict { conflict_id: c.id, choice: ConflictChoice::KeepServer, now: 9 }),
            StoreResponse::Error(_)
        ),
        "resolved once"
    );
}

#[test]
fn the_server_deleting_a_contact_with_a_pending_conflict_keeps_the_members_version() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
    pull(&mut s, PullBatch { upserts: vec![remote("Jan Server", "jan", "\"j2\"", "")], ..Default::default() });
    pull(&mut s, PullBatch { deletes: vec![format!("{BOOK}jan.vcf")], ..Default::default() });
    assert!(conflicts(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Mine"]);
    assert_eq!(outbox(&mut s)[0].data, "MINE");
}

#[test]
fn address_books_are_upserted_and_a_vanished_book_keeps_only_unsynced_work() {
    let (_d, mut s) = seeded();
    let work = AddressBook { href: "https://dav.test/alice/work/".into(), display_name: "Atelier".into(), ..book() };
    let gone = AddressBook { href: "https://dav.test/alice/gone/".into(), display_name: "Zebra".into(), ..book() };
    s.handle(StoreRequest::SaveAddressBooks(vec![book(), work.clone(), gone.clone()]));
    let StoreResponse::AddressBooks(books) = s.handle(StoreRequest::ListAddressBooks) else { panic!() };
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
    s.handle(StoreRequest::SaveAddressBooks(vec![AddressBook { ctag: None, ..book() }]));
    let StoreResponse::AddressBooks(books) = s.handle(StoreRequest::ListAddressBooks) else { panic!() };
    assert_eq!(
        books.iter().map(|b| b.display_name.as_str()).collect::<Vec<_>>(),
        vec!["Atelier", "Coopérateurs"],
        "the book with unsynced work stays"
    );
    assert_eq!(books[0].ctag.as_deref(), Some("c1"));
    let list = names(s.handle(StoreRequest::ListContacts));
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
fn pending_work_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(StoreRequest::SaveAddressBooks(vec![book()]));
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
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Hélène Dubœuf", "Jan Server", "Nieuw"]);
}

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
    assert_eq!(names(s.handle(StoreRequest::ListContacts)).len(), 9_000);
    assert_eq!(search(&mut s, "lid 04321"), vec!["Lid 04321"]);
    assert_eq!(search(&mut s, "0470 04321"), vec!["Lid 04321"]);
    let StoreResponse::Etags(etags) = s.handle(StoreRequest::LocalEtags { collection: BOOK.into() }) else { panic!() };
    assert_eq!(etags.len(), 9_000);
    // Generous: a debug build on a slow machine; release is far faster.
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
}

// ------------------------------------------------------------ events

const CALENDAR: &str = "https://dav.test/alice/agenda/";

fn calendar() -> Calendar {
    Calendar {
        href: CALENDAR.into(),
        display_name: "Nubo".into(),
        color: Some("#0082C9".into()),
        read_only: false,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

fn event(uid: &str, summary: &str, first_start: i64, last_end: Option<i64>) -> RemoteItem {
    RemoteItem {
        href: format!("{CALENDAR}{uid}.ics"),
        etag: Some("\"1\"".into()),
        data: format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
        index: ItemIndex::Event(EventIndex { uid: uid.into(), summary: summary.into(), first_start, last_end }),
    }
}

fn pull_events(s: &mut Store, batch: PullBatch) -> ApplySummary {
    match s.handle(StoreRequest::ApplyPull(PullBatch { collection: CALENDAR.into(), ..batch })) {
        StoreResponse::Applied(a) => a,
        other => panic!("{other:?}"),
    }
}

fn events_in(s: &mut Store, from: i64, to: i64) -> Vec<String> {
    match s.handle(StoreRequest::ListEvents { from, to }) {
        StoreResponse::Items(items) => items.into_iter().map(|i| i.uid).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_range_query_returns_only_the_series_that_can_occur_in_it() {
    let (_d, mut s) = store();
    s.handle(StoreRequest::SaveCalendars(vec![calendar()]));
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
    assert!(names(s.handle(StoreRequest::ListContacts)).iter().all(|n| !n.contains("Assemblée")));
    assert!(search(&mut s, "assemblee").is_empty());
}

#[test]
fn an_event_edit_offline_moves_its_index_and_is_queued_for_its_calendar() {
    let (_d, mut s) = store();
    s.handle(StoreRequest::SaveCalendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("may", "AG", 100, Some(200))], ..Default::default() });
    let StoreResponse::Items(items) = s.handle(StoreRequest::ListEvents { from: 0, to: 1000 }) else { panic!() };
    let id = items[0].id;
    let moved = ItemIndex::Event(EventIndex {
        uid: "may".into(),
        summary: "AG (moved)".into(),
        first_start: 700,
        last_end: Some(800),
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
    assert_eq!((kept[0].local_data.as_str(), kept[0].local_index.kind()), ("MOVED", ItemKind::Event));
    assert_eq!(events_in(&mut s, 150, 160), vec!["may"], "the server's version is what the agenda shows");

    // A deleted event leaves its index too.
    s.handle(StoreRequest::DeleteItem { id });
    assert!(events_in(&mut s, 0, 1000).is_empty());
}

#[test]
fn a_calendar_gone_from_the_server_takes_its_clean_events_and_keeps_unsynced_ones() {
    let (_d, mut s) = store();
    s.handle(StoreRequest::SaveCalendars(vec![calendar()]));
    pull_events(&mut s, PullBatch { upserts: vec![event("a", "A", 100, Some(200))], ..Default::default() });
    let new =
        ItemIndex::Event(EventIndex { uid: "b".into(), summary: "B".into(), first_start: 100, last_end: Some(200) });
    s.handle(StoreRequest::SaveItem { id: None, collection: CALENDAR.into(), data: "B".into(), index: new });
    s.handle(StoreRequest::SaveCalendars(vec![]));
    assert_eq!(events_in(&mut s, 0, 1000), vec!["b"]);
    assert!(
        matches!(s.handle(StoreRequest::ListCalendars), StoreResponse::Calendars(c) if c.len() == 1),
        "kept while it holds unsynced work"
    );
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
    assert_eq!(names(copy.handle(StoreRequest::ListContacts)), vec!["Jan Mine"]);
    assert_eq!(outbox(&mut copy).len(), 1);
    assert_eq!(search(&mut copy, "jan"), vec!["Jan Mine"]);
    // A new store from nothing, and garbage refused rather than half-read.
    assert!(matches!(
        Store::from_snapshot(&[]).unwrap().handle(StoreRequest::LoadAccount),
        StoreResponse::Account(None)
    ));
    assert!(Store::from_snapshot(b"not a database at all, not at all, not at all, no").is_err());
}
