//! Announcements on a real SQLite file: read state through re-polls and
//! edits, a source that moves, sign-out forgetting everything.

use super::*;

const FR: &str = "https://nubo.coop/fr/actualites/feed.atom";
const NL: &str = "https://nubo.coop/nl/nieuws/feed.atom";

fn source(url: &str, language: &str) -> NewsSource {
    NewsSource {
        url: url.into(),
        kind: NewsSourceKind::Feed,
        language: Some(language.into()),
        title: None,
        added_by_member: false,
        added_at: 1_000,
        state: SourceState::default(),
        next_poll: None,
        last_error: None,
    }
}

fn entry(source: &str, id: &str, title: &str, published: i64) -> Announcement {
    Announcement {
        source: source.into(),
        id: id.into(),
        title: title.into(),
        link: Some(format!("https://nubo.coop/{id}")),
        published: Some(published),
        updated: Some(published),
        language: Some("fr".into()),
        summary: None,
        content: Some(shared::announcements::Body {
            format: shared::announcements::BodyFormat::Html,
            raw: format!("<p>{title}</p>"),
        }),
        attachments: vec![],
        author: None,
    }
}

fn apply(s: &mut Store, source: NewsSource, upserts: Vec<Announcement>, notified: &[&str]) {
    let request = StoreRequest::ApplyNews(Box::new(NewsApply {
        source,
        moved_from: None,
        upserts,
        deleted: vec![],
        notified: notified.iter().map(|s| s.to_string()).collect(),
    }));
    assert_eq!(s.handle(request), StoreResponse::Done);
}

fn news(s: &mut Store) -> Vec<NewsRecord> {
    match s.handle(StoreRequest::ListNews) {
        StoreResponse::News(n) => n,
        other => panic!("{other:?}"),
    }
}

fn sources(s: &mut Store) -> Vec<NewsSource> {
    match s.handle(StoreRequest::ListNewsSources) {
        StoreResponse::NewsSources(n) => n,
        other => panic!("{other:?}"),
    }
}

#[test]
fn read_state_survives_a_repoll_an_edit_and_a_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nubo.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.handle(StoreRequest::SaveNewsSource(Box::new(source(FR, "fr")))), StoreResponse::Done);
        let ag = entry(FR, "urn:ag-2027", "Assemblée générale", 5_000);
        let maint = entry(FR, "urn:maintenance", "Maintenance", 4_000);
        apply(&mut s, source(FR, "fr"), vec![ag.clone(), maint], &["urn:ag-2027", "urn:maintenance"]);
        let listed = news(&mut s);
        assert_eq!(
            listed.iter().map(|n| n.announcement.title.as_str()).collect::<Vec<_>>(),
            ["Assemblée générale", "Maintenance"]
        );
        assert!(listed.iter().all(|n| !n.read && n.notified));
        assert_eq!(s.handle(StoreRequest::MarkNewsRead { id: Some(listed[0].id) }), StoreResponse::Done);

        // The same entry again (a re-poll), then edited: one row, still read.
        apply(&mut s, source(FR, "fr"), vec![ag.clone()], &[]);
        let edited = Announcement { title: "Assemblée générale (lieu changé)".into(), updated: Some(6_000), ..ag };
        apply(&mut s, source(FR, "fr"), vec![edited], &[]);
        let listed = news(&mut s);
        assert_eq!(listed.len(), 2);
        assert_eq!((listed[0].announcement.title.as_str(), listed[0].read), ("Assemblée générale (lieu changé)", true));
        assert!(!listed[1].read);
    }
    let mut s = Store::open(&path).unwrap();
    let listed = news(&mut s);
    assert_eq!(listed.iter().map(|n| n.read).collect::<Vec<_>>(), [true, false], "kept across a restart");
    assert_eq!(s.handle(StoreRequest::MarkNewsRead { id: None }), StoreResponse::Done);
    assert!(news(&mut s).iter().all(|n| n.read));
    assert_eq!(s.handle(StoreRequest::MarkNewsRead { id: Some(999) }), StoreResponse::Error(StoreError::NotFound));
}

#[test]
fn a_source_keeps_its_state_moves_with_its_entries_and_goes_with_them() {
    let (_dir, mut s) = store();
    let mut failing = source(FR, "fr");
    apply(&mut s, failing.clone(), vec![entry(FR, "urn:a", "A", 1)], &[]);
    failing.state.etag = Some("\"v1\"".into());
    failing.state.consecutive_failures = 2;
    failing.state.failing_since = Some(7_000);
    failing.last_error = Some(SourceError::Status(503));
    failing.next_poll = Some(9_000);
    assert_eq!(s.handle(StoreRequest::SaveNewsSource(Box::new(failing.clone()))), StoreResponse::Done);
    assert_eq!(sources(&mut s), vec![failing.clone()]);

    // A permanent redirect: the source and its entries under the new URL.
    let moved = NewsSource { url: NL.into(), ..failing };
    let request = StoreRequest::ApplyNews(Box::new(NewsApply {
        source: moved.clone(),
        moved_from: Some(FR.into()),
        upserts: vec![],
        deleted: vec![],
        notified: vec![],
    }));
    assert_eq!(s.handle(request), StoreResponse::Done);
    assert_eq!(sources(&mut s), vec![moved]);
    assert_eq!(news(&mut s)[0].announcement.title, "A");

    // A complete listing that no longer names an entry deletes it.
    let request = StoreRequest::ApplyNews(Box::new(NewsApply {
        source: source(NL, "nl"),
        moved_from: None,
        upserts: vec![],
        deleted: vec!["urn:a".into()],
        notified: vec![],
    }));
    assert_eq!(s.handle(request), StoreResponse::Done);
    assert!(news(&mut s).is_empty());

    apply(&mut s, source(NL, "nl"), vec![entry(NL, "urn:b", "B", 2)], &[]);
    assert_eq!(s.handle(StoreRequest::RemoveNewsSource { url: NL.into() }), StoreResponse::Done);
    assert!(sources(&mut s).is_empty());
    assert!(news(&mut s).is_empty(), "a removed source takes its entries along");
    assert_eq!(s.handle(StoreRequest::RemoveNewsSource { url: NL.into() }), StoreResponse::Error(StoreError::NotFound));
}

#[test]
fn signing_out_forgets_sources_and_announcements() {
    let (_dir, mut s) = store();
    apply(&mut s, source(FR, "fr"), vec![entry(FR, "urn:a", "A", 1)], &["urn:a"]);
    assert_eq!(s.handle(StoreRequest::DeleteAccount), StoreResponse::Done);
    assert!(sources(&mut s).is_empty());
    assert!(news(&mut s).is_empty());
}

#[test]
fn a_store_of_release_10_gains_the_news_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::create_at_version(&mut conn, 10).unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(schema::version(&s.conn).unwrap(), schema::CURRENT);
    assert!(sources(&mut s).is_empty());
}
