//! The store on real SQLite files: what a member would notice.

use shared::effects::store::*;
use shared::kinds::{ContactKind, EventKind, StaticKind};

use super::{schema, Store};

mod lifecycle;
mod news;
mod notes;
mod occurrences;
mod reminders;
mod scale_and_events;
mod sync;

fn index(uid: &str, name: &str, emails: &[&str], phones: &[&str], org: &str) -> ItemIndex {
    ItemIndex::Contact(ContactIndex {
        uid: uid.into(),
        display_name: name.into(),
        sort_key: shared::contacts::text::fold(name),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        phones: phones.iter().map(|s| s.to_string()).collect(),
        org: org.into(),
        categories: Vec::new(),
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

fn book() -> Collection {
    Collection {
        kind: ContactKind::KIND,
        color: None,
        href: BOOK.into(),
        display_name: "Coopérateurs".into(),
        read_only: false,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

fn save_books(books: Vec<Collection>) -> StoreRequest {
    StoreRequest::SaveCollections { kind: ContactKind::KIND, collections: books }
}

fn save_calendars(calendars: Vec<Collection>) -> StoreRequest {
    StoreRequest::SaveCollections { kind: EventKind::KIND, collections: calendars }
}

fn collections_of(s: &mut Store, kind: ItemKind) -> Vec<Collection> {
    match s.handle(StoreRequest::ListCollections) {
        StoreResponse::Collections(all) => all.into_iter().filter(|c| c.kind == kind).collect(),
        other => panic!("{other:?}"),
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("nubo.sqlite3")).unwrap();
    assert_eq!(s.handle(save_books(vec![book()])), StoreResponse::Done);
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
        StoreResponse::Contacts(list) => list.shown.into_iter().map(|c| c.display_name).collect(),
        other => panic!("{other:?}"),
    }
}

fn search(s: &mut Store, q: &str) -> Vec<String> {
    names(s.handle(StoreRequest::SearchContacts { query: q.into(), shown: 100 }))
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
    for table in ["account", "collections", "items", "event_series", "conflicts", "contacts_fts"] {
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
    match s.handle(StoreRequest::ListContacts { shown: usize::MAX }) {
        StoreResponse::Contacts(list) => list.shown.into_iter().find(|c| c.display_name == name).unwrap().id,
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
            matches!(
                s.handle(StoreRequest::SearchContacts { query: hostile.into(), shown: 100 }),
                StoreResponse::Contacts(_)
            ),
            "{hostile}"
        );
    }
    assert_eq!(search(&mut s, "  ").len(), 3, "an empty query lists everyone");
}

#[test]
fn contacts_are_listed_by_name_without_accents_mattering() {
    let (_d, mut s) = seeded();
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Françoise Lambert", "Hélène Dubœuf", "Jan Van den Broeck"]
    );
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
        let r = s.handle(StoreRequest::SearchContacts { query: hostile.into(), shown: 100 });
        assert!(matches!(r, StoreResponse::Contacts(_)), "{hostile}: {r:?}");
    }
    assert_eq!(search(&mut s, "\"hel"), vec!["Hélène Dubœuf"]);
}

#[test]
fn contacts_are_found_by_the_groups_they_are_filed_under() {
    let (_d, mut s) = seeded();
    let card = |phone: &str| {
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ilse\r\nFN:Ilse Peeters\r\nTEL:{phone}\r\nCATEGORIES:Bénévole,Conseil d'administration\r\nEND:VCARD\r\n")
    };
    let filed = |uid: &str| {
        let ItemIndex::Contact(c) = index(uid, "Ilse Peeters", &[], &["+32 9 1"], "") else { unreachable!() };
        ItemIndex::Contact(ContactIndex {
            categories: vec!["Bénévole".into(), "Conseil d'administration".into()], ..c
        })
    };
    let id = save(&mut s, None, &card("+32 9 1"), filed("ilse"));
    for q in ["benevole", "Bénév", "conseil admin", "ilse conseil"] {
        assert_eq!(search(&mut s, q), vec!["Ilse Peeters"], "{q}");
    }
    assert!(search(&mut s, "benevole jan").is_empty(), "every word must match");

    // The member's version kept beside the server's keeps its groups, and
    // is found by them again once chosen.
    let server = RemoteItem {
        href: format!("{BOOK}ilse.vcf"),
        etag: Some("\"i2\"".into()),
        data: "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ilse\r\nFN:Ilse Peeters\r\nEND:VCARD\r\n".into(),
        index: index("ilse", "Ilse Peeters", &[], &[], ""),
    };
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: id, server: Some(server), now: 5 }));
    assert!(search(&mut s, "benevole").is_empty(), "the server's version is shown, without groups");
    let kept = conflicts(&mut s);
    assert_eq!(kept[0].local_index, filed("ilse"));
    s.handle(StoreRequest::ResolveConflict { conflict_id: kept[0].id, choice: ConflictChoice::KeepMine, now: 6 });
    assert_eq!(search(&mut s, "benevole"), vec!["Ilse Peeters"]);
}

// ------------------------------------------------------------ events

const CALENDAR: &str = "https://dav.test/alice/agenda/";

fn calendar() -> Collection {
    Collection {
        kind: EventKind::KIND,
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
        index: ItemIndex::Event(EventIndex {
            uid: uid.into(),
            summary: summary.into(),
            first_start,
            last_end,
            alarms: true,
        }),
    }
}

fn pull_events(s: &mut Store, batch: PullBatch) -> ApplySummary {
    match s.handle(StoreRequest::ApplyPull(PullBatch { collection: CALENDAR.into(), ..batch })) {
        StoreResponse::Applied(a) => a,
        other => panic!("{other:?}"),
    }
}

fn events_in(s: &mut Store, from: i64, to: i64) -> Vec<String> {
    match s.handle(StoreRequest::ListEvents { from, to, only_with_alarms: false }) {
        StoreResponse::Items(items) => items.into_iter().map(|i| i.uid).collect(),
        other => panic!("{other:?}"),
    }
}
