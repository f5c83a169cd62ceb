//! The store on real SQLite files: what a member would notice.

use shared::effects::store::*;

use super::{schema, Store};

fn index(uid: &str, name: &str, emails: &[&str], phones: &[&str], org: &str) -> ContactIndex {
    ContactIndex {
        uid: uid.into(),
        display_name: name.into(),
        sort_key: shared::contacts::text::fold(name),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        phones: phones.iter().map(|s| s.to_string()).collect(),
        org: org.into(),
    }
}

const BOOK: &str = "https://dav.test/alice/contacts/";

fn remote(name: &str, uid: &str, etag: &str, phone: &str) -> RemoteContact {
    RemoteContact {
        href: format!("{BOOK}{uid}.vcf"),
        etag: Some(etag.into()),
        vcard: format!("BEGIN:VCARD\r\nUID:{uid}\r\nFN:{name}\r\nTEL:{phone}\r\nEND:VCARD\r\n"),
        index: index(uid, name, &[&format!("{uid}@nubo.coop")], &[phone], "Nubo"),
    }
}

fn book() -> AddressBook {
    AddressBook { href: BOOK.into(), display_name: "Coopérateurs".into(), read_only: false, supports_sync: true, sync_token: None, ctag: None }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("nubo.sqlite3")).unwrap();
    assert_eq!(s.handle(StoreRequest::SaveAddressBooks(vec![book()])), StoreResponse::Done);
    (dir, s)
}

fn pull(s: &mut Store, batch: PullBatch) -> ApplySummary {
    match s.handle(StoreRequest::ApplyPull(PullBatch { book: BOOK.into(), ..batch })) {
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
    match s.handle(StoreRequest::Outbox { book: BOOK.into() }) {
        StoreResponse::Outbox(o) => o,
        other => panic!("{other:?}"),
    }
}

fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = store();
    let summary = pull(&mut s, PullBatch {
        upserts: vec![
            remote("Hélène Dubœuf", "helene", "\"h1\"", "+32 470 12 34 56"),
            remote("Jan Van den Broeck", "jan", "\"j1\"", "+32 2 555 01 02"),
            remote("Françoise Lambert", "francoise", "\"f1\"", ""),
        ],
        ..Default::default()
    });
    assert_eq!(summary.added, 3);
    (dir, s)
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
        assert!(matches!(s.handle(StoreRequest::SearchContacts { query: hostile.into() }), StoreResponse::Contacts(_)), "{hostile}");
    }
    assert_eq!(search(&mut s, "  ").len(), 3, "an empty query lists everyone");
}

#[test]
fn contacts_are_listed_by_name_without_accents_mattering() {
    let (_d, mut s) = seeded();
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Françoise Lambert", "Hélène Dubœuf", "Jan Van den Broeck"]);
}

#[test]
fn an_offline_create_is_queued_then_clean_once_pushed() {
    let (_d, mut s) = seeded();
    let StoreResponse::Saved { id } = s.handle(StoreRequest::SaveContact {
        id: None,
        book: BOOK.into(),
        vcard: "BEGIN:VCARD\r\nUID:ilse\r\nFN:Ilse Peeters\r\nEND:VCARD\r\n".into(),
        index: index("ilse", "Ilse Peeters", &[], &[], ""),
    }) else { panic!() };
    let queued = outbox(&mut s);
    assert_eq!(queued.len(), 1);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].revision), (ChangeKind::Create, None, 1));
    s.handle(StoreRequest::PushDone(PushOutcome::Stored { contact_id: id, revision: 1, href: format!("{BOOK}ilse.vcf"), etag: Some("\"i1\"".into()) }));
    assert!(outbox(&mut s).is_empty());
    let StoreResponse::Contact(Some(c)) = s.handle(StoreRequest::GetContact { id }) else { panic!() };
    assert_eq!((c.etag.as_deref(), c.pending), (Some("\"i1\""), false));
}

#[test]
fn an_edit_made_while_its_push_was_in_flight_stays_queued() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    let edit = |s: &mut Store, phone: &str| {
        s.handle(StoreRequest::SaveContact { id: Some(id), book: BOOK.into(), vcard: format!("FN:Jan\r\nTEL:{phone}"), index: index("jan", "Jan Van den Broeck", &[], &[phone], "") })
    };
    edit(&mut s, "1");
    let item = outbox(&mut s).remove(0);
    assert_eq!((item.kind, item.etag.as_deref()), (ChangeKind::Update, Some("\"j1\"")));
    edit(&mut s, "2");
    s.handle(StoreRequest::PushDone(PushOutcome::Stored { contact_id: id, revision: item.revision, href: item.href.clone().unwrap(), etag: Some("\"j2\"".into()) }));
    let again = outbox(&mut s);
    assert_eq!(again.len(), 1, "the second edit still has to go");
    assert_eq!(again[0].etag.as_deref(), Some("\"j2\""), "and it will be sent against the new etag");
    assert!(again[0].vcard.contains("TEL:2"));
}

#[test]
fn a_412_keeps_both_versions() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveContact { id: Some(id), book: BOOK.into(), vcard: "MINE".into(), index: index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], "") });
    let server = remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11");
    assert_eq!(s.handle(StoreRequest::PushDone(PushOutcome::Conflict { contact_id: id, server: Some(server.clone()), now: 5 })), StoreResponse::Done);
    let StoreResponse::Contact(Some(c)) = s.handle(StoreRequest::GetContact { id }) else { panic!() };
    assert_eq!(c.vcard, server.vcard);
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].local_vcard.as_str(), conflicts[0].found_at), ("MINE", 5));
    assert_eq!(conflicts[0].local_index.phones, vec!["+32 470 99"]);
    assert!(outbox(&mut s).is_empty(), "nothing is pushed until the member chooses");

    s.handle(StoreRequest::ResolveConflict { conflict_id: conflicts[0].id, choice: ConflictChoice::KeepMine, now: 6 });
    let queued = outbox(&mut s);
    assert_eq!((queued[0].vcard.as_str(), queued[0].etag.as_deref()), ("MINE", Some("\"h2\"")));
}

#[test]
fn keep_both_creates_the_members_version_as_a_new_contact() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveContact { id: Some(id), book: BOOK.into(), vcard: "MINE".into(), index: index("jan", "Jan Van den Broeck", &[], &[], "") });
    pull(&mut s, PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 1")], now: 9, ..Default::default() });
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    s.handle(StoreRequest::ResolveConflict {
        conflict_id: conflicts[0].id,
        choice: ConflictChoice::KeepBoth { uid: "jan-2".into(), vcard: "MINE WITH NEW UID".into(), index: index("jan-2", "Jan Van den Broeck", &[], &[], "") },
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
    s.handle(StoreRequest::SaveContact { id: Some(id), book: BOOK.into(), vcard: "MINE".into(), index: index("helene", "Hélène Dubœuf", &[], &[], "") });
    let summary = pull(&mut s, PullBatch { upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")], now: 1, ..Default::default() });
    assert_eq!((summary.conflicts, summary.updated), (1, 0));
    let StoreResponse::Conflicts(c) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(c[0].local_vcard, "MINE");
}

#[test]
fn a_server_delete_of_an_edited_contact_keeps_it_as_a_create() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveContact { id: Some(id), book: BOOK.into(), vcard: "MINE".into(), index: index("jan", "Jan Van den Broeck", &[], &[], "") });
    let summary = pull(&mut s, PullBatch { deletes: vec![format!("{BOOK}jan.vcf"), format!("{BOOK}francoise.vcf")], ..Default::default() });
    assert_eq!(summary.deleted, 1, "only the clean one goes");
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), vec!["Hélène Dubœuf", "Jan Van den Broeck"]);
    let queued = outbox(&mut s);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].vcard.as_str()), (ChangeKind::Create, None, "MINE"));
}

#[test]
fn keep_only_prunes_clean_contacts_the_server_no_longer_has() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteContact { id });
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
    let before = names(s.handle(StoreRequest::ListContacts));
    let response = s.handle(StoreRequest::PushDone(PushOutcome::Conflict { contact_id: 999, server: Some(remote("X", "x", "e", "")), now: 0 }));
    assert!(matches!(response, StoreResponse::Error(_)), "{response:?}");
    // A refused write leaves the row exactly as it was.
    let id = id_of(&mut s, "Jan Van den Broeck");
    let response = s.handle(StoreRequest::PushDone(PushOutcome::Stored { contact_id: id, revision: 1, href: format!("{BOOK}helene.vcf"), etag: None }));
    assert!(matches!(response, StoreResponse::Error(_)), "an href taken by another contact is refused: {response:?}");
    let StoreResponse::Contact(Some(jan)) = s.handle(StoreRequest::GetContact { id }) else { panic!() };
    assert_eq!((jan.href, jan.etag), (Some(format!("{BOOK}jan.vcf")), Some("\"j1\"".to_string())));
    assert_eq!(names(s.handle(StoreRequest::ListContacts)), before);
}

#[test]
fn everything_survives_reopening_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.handle(StoreRequest::SaveAddressBooks(vec![book()]));
        pull(&mut s, PullBatch { upserts: vec![remote("Hélène Dubœuf", "helene", "\"h1\"", "")], sync_token: Some("t".into()), ..Default::default() });
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
        assert_eq!((calendars[0].display_name.as_str(), calendars[0].color.as_deref()), ("Agenda Nubo", Some("#0082C9")));
        assert_eq!(schema::version(&s.conn).unwrap(), 2);
        s.conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path).err().expect("newer schema refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    std::fs::write(dir.path().join("junk.sqlite3"), b"this is not a database, it is a text file of some length").unwrap();
    assert!(Store::open(&dir.path().join("junk.sqlite3")).is_err());
}

#[test]
fn signing_out_forgets_everything() {
    let (_d, mut s) = seeded();
    s.handle(StoreRequest::DeleteAccount);
    assert!(names(s.handle(StoreRequest::ListContacts)).is_empty());
    assert!(search(&mut s, "helene").is_empty());
    assert_eq!(s.handle(StoreRequest::ListAddressBooks), StoreResponse::AddressBooks(vec![]));
}
