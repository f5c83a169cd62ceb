//! The engine on its own, driven step by step under an event type of the
//! test's (not the app's): each guard a regression would remove is pinned
//! here — 507 paging, If-None-Match on creates, weak etags, a 412 on a
//! delete, unreadable resources counted, answers outside the collection.

use crux_core::Command;

use super::{sync_collection, Engine, Progress, SyncReport};
use crate::dav::client::{Credentials, DavClient};
use crate::effects::store::{
    ApplySummary, ChangeKind, Collection, OutboxItem, PushOutcome, StoreRequest, StoreResponse,
};
use crate::effects::{Effect, HttpRequest, HttpResponse, Instant};
use crate::failure::Failure;
use crate::kinds::{ContactKind, StaticKind};

const SERVER: &str = "https://dav.test";
const BOOK: &str = "https://dav.test/dav/ilse/book/";

#[derive(Debug)]
enum Seen {
    Progress(Progress),
    Done(Result<SyncReport, Failure>),
    Walked(Result<super::collections::Found, crate::dav::client::RemoteError>),
}

fn book(token: Option<&str>) -> Collection {
    Collection {
        kind: ContactKind::KIND,
        href: BOOK.into(),
        display_name: "Famille".into(),
        color: None,
        read_only: false,
        supports_sync: true,
        sync_token: token.map(str::to_string),
        ctag: None,
    }
}

/// One collection synced by the engine alone.
struct Run {
    command: Command<Effect, Seen>,
    result: Option<Result<SyncReport, Failure>>,
    progress: Vec<Progress>,
    walked: Option<Result<super::collections::Found, crate::dav::client::RemoteError>>,
}

impl Run {
    fn start(collection: Collection) -> Self {
        let command = Command::new(|ctx| async move {
            let credentials = Credentials { username: "ilse".into(), password: "pw".into() };
            let client = DavClient::new(credentials, SERVER);
            let engine = Engine { ctx: &ctx, client: &client, progress: Seen::Progress };
            let mut report = SyncReport::default();
            let result = sync_collection(&engine, &collection, &mut report).await.map(|()| report);
            ctx.send_event(Seen::Done(result));
        });
        Run { command, result: None, progress: Vec::new(), walked: None }
    }

    /// A folder tree's walk (notes), then the sync of its first folder with
    /// what the walk listed.
    fn walk_then_sync(home: &'static str) -> Self {
        let command = Command::new(move |ctx| async move {
            let credentials = Credentials { username: "ilse".into(), password: "pw".into() };
            let client = DavClient::new(credentials, SERVER);
            let found =
                super::collections::find(&ctx, &client, home, crate::kinds::ItemKind::Note, &mut Default::default())
                    .await;
            let first = found.as_ref().ok().and_then(|f| f.collections.first().cloned());
            let mut listings = found.as_ref().map(|f| f.listings.clone()).unwrap_or_default();
            ctx.send_event(Seen::Walked(found));
            if let Some(folder) = first {
                let engine = Engine { ctx: &ctx, client: &client, progress: Seen::Progress };
                let mut report = SyncReport::default();
                let listed = listings.remove(&folder.href);
                let result =
                    super::sync_collection_listed(&engine, &folder, &mut report, listed).await.map(|()| report);
                ctx.send_event(Seen::Done(result));
            }
        });
        Run { command, result: None, progress: Vec::new(), walked: None }
    }

    /// The next request, answering the clock on the way.
    fn next(&mut self) -> Effect {
        loop {
            self.take_events();
            let Some(effect) = self.command.effects().next() else {
                panic!("the engine asks for nothing more; it ended with {:?}", self.result);
            };
            match effect {
                Effect::Time(mut t) => t.resolve(Instant(1_764_000_000_000)).unwrap(),
                other => return other,
            }
        }
    }

    fn http(&mut self) -> crux_core::Request<HttpRequest> {
        match self.next() {
            Effect::Http(r) => r,
            other => panic!("expected HTTP, got {other:?}"),
        }
    }

    fn store(&mut self) -> crux_core::Request<StoreRequest> {
        match self.next() {
            Effect::Store(r) => r,
            other => panic!("expected the store, got {other:?}"),
        }
    }

    fn answer_store(&mut self, response: StoreResponse) -> StoreRequest {
        let mut r = self.store();
        let request = r.operation.clone();
        r.resolve(response).unwrap();
        request
    }

    fn answer_http(&mut self, response: HttpResponse) -> HttpRequest {
        let mut r = self.http();
        let request = r.operation.clone();
        r.resolve(Ok(response)).unwrap();
        request
    }

    fn take_events(&mut self) {
        for event in self.command.events() {
            match event {
                Seen::Done(r) => self.result = Some(r),
                Seen::Progress(p) => self.progress.push(p),
                Seen::Walked(w) => self.walked = Some(w),
            }
        }
    }

    fn finish(mut self) -> Result<SyncReport, Failure> {
        self.take_events();
        assert!(self.command.is_done(), "the engine still asks for something");
        self.result.expect("the engine reported its end")
    }
}

fn multistatus(inner: &str) -> HttpResponse {
    HttpResponse::new(207).body(format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/">{inner}</d:multistatus>"#
    ))
}

fn ctag(value: &str) -> HttpResponse {
    multistatus(&format!(
        r#"<d:response><d:href>/dav/ilse/book/</d:href><d:propstat><d:prop><cs:getctag>{value}</cs:getctag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#
    ))
}

fn vcard(uid: &str, name: &str) -> String {
    format!("BEGIN:VCARD&#13;\nVERSION:3.0&#13;\nUID:{uid}&#13;\nFN:{name}&#13;\nEND:VCARD&#13;\n")
}

fn card_response(href: &str, etag: &str, data: &str) -> String {
    format!(
        r#"<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:getetag>{etag}</d:getetag><card:address-data>{data}</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#
    )
}

fn outbox_item(kind: ChangeKind, href: Option<&str>, etag: Option<&str>) -> OutboxItem {
    OutboxItem {
        item_id: 7,
        collection: BOOK.into(),
        kind,
        href: href.map(str::to_string),
        etag: etag.map(str::to_string),
        uid: "ilse".into(),
        data: "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ilse\r\nFN:Ilse Peeters\r\nEND:VCARD\r\n".into(),
        revision: 3,
        sent: vec![],
    }
}

#[test]
fn a_507_on_the_collection_asks_again_with_the_new_token_until_done() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    let first = run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/a.vcf</d:href><d:propstat><d:prop><d:getetag>"a1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>
           <d:sync-token>t2</d:sync-token>"#,
    ));
    assert!(String::from_utf8_lossy(&first.body).contains("<d:sync-token>t1</d:sync-token>"));
    assert!(!String::from_utf8_lossy(&first.body).contains("limit"), "never DAV:limit");
    let second = run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/b.vcf</d:href><d:propstat><d:prop><d:getetag>"b1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:sync-token>t3</d:sync-token>"#,
    ));
    assert!(String::from_utf8_lossy(&second.body).contains("<d:sync-token>t2</d:sync-token>"), "asked again from t2");
    run.answer_store(StoreResponse::Etags(vec![]));
    let multiget = run.answer_http(multistatus(&format!(
        "{}{}",
        card_response("/dav/ilse/book/a.vcf", "\"a1\"", &vcard("a", "A")),
        card_response("/dav/ilse/book/b.vcf", "\"b1\"", &vcard("b", "B"))
    )));
    let asked = String::from_utf8_lossy(&multiget.body).into_owned();
    assert!(asked.contains("/dav/ilse/book/a.vcf") && asked.contains("/dav/ilse/book/b.vcf"), "{asked}");
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(batch.upserts.len(), 2);
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(last.sync_token.as_deref(), Some("t3"), "the last page's token is committed");
    assert_eq!(last.ctag.as_deref(), Some("c2"), "with the getctag read before the listing");
    run.take_events();
    assert_eq!(run.progress.last(), Some(&Progress::Fetching { done: 2, total: 2 }));
    run.finish().unwrap();
}

#[test]
fn a_server_that_pages_forever_is_stopped_with_a_clear_error() {
    let mut run = Run::start(book(Some("t0")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    for page in 1..=super::list::MAX_SYNC_ROUNDS {
        run.answer_http(multistatus(&format!(
            r#"<d:response><d:href>/dav/ilse/book/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response><d:sync-token>t{page}</d:sync-token>"#
        )));
    }
    let Err(Failure::Remote(e)) = run.finish() else { panic!("the sync must fail") };
    let bound = super::list::MAX_SYNC_ROUNDS;
    assert_eq!(e, crate::dav::client::RemoteError::TooMuch(crate::i18n::Limit::Pages(bound)));
}

/// A book pulled whole by a first query: a getctag, no token yet.
fn book_pulled_by_query(ctag: &str) -> Collection {
    Collection { ctag: Some(ctag.into()), ..book(None) }
}

#[test]
fn a_first_pull_takes_the_data_in_one_query_and_leaves_the_token_for_later() {
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    let query = run.answer_http(multistatus(&format!(
        r#"<d:response><d:href>/dav/ilse/book/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>{}{}{}"#,
        card_response("/dav/ilse/book/a.vcf", "\"a1\"", &vcard("a", "A")),
        card_response("/dav/ilse/book/b.vcf", "\"b1\"", &vcard("b", "B")),
        card_response("/dav/jan/book/secret.vcf", "\"s\"", &vcard("s", "Not ours")),
    )));
    let asked = String::from_utf8_lossy(&query.body).into_owned();
    assert_eq!((query.method.as_str(), query.header_value("Depth")), ("REPORT", Some("1")));
    assert!(asked.contains("addressbook-query") && asked.contains("address-data"), "{asked}");
    // A crash in an earlier first pull left a.vcf stored: not applied again.
    let kept = crate::effects::store::LocalEtag { href: format!("{BOOK}a.vcf"), etag: Some("\"a1\"".into()) };
    run.answer_store(StoreResponse::Etags(vec![kept]));
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    let stored: Vec<&str> = batch.upserts.iter().map(|u| u.href.as_str()).collect();
    assert_eq!(stored, vec![format!("{BOOK}b.vcf")], "no multiget: the query brought it");
    assert!(batch.upserts[0].data.contains("FN:B"));
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(last.sync_token, None, "no sync-collection on a first pull");
    assert_eq!(last.ctag.as_deref(), Some("c1"), "the getctag read before the query");
    assert_eq!(last.keep_only, Some(vec![format!("{BOOK}a.vcf"), format!("{BOOK}b.vcf")]));
    assert_eq!(run.finish().unwrap().out_of_scope, 1, "the other user's card is counted, not kept");

    // Nothing changed since: one request.
    let mut run = Run::start(book_pulled_by_query("c1"));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    assert_eq!(run.finish().unwrap(), SyncReport::default());
}

#[test]
fn a_query_answered_without_a_resources_data_fetches_that_one() {
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus(&format!(
        r#"{}<d:response><d:href>/dav/ilse/book/b.vcf</d:href><d:propstat><d:prop><d:getetag>"b1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#,
        card_response("/dav/ilse/book/a.vcf", "\"a1\"", &vcard("a", "A")),
    )));
    run.answer_store(StoreResponse::Etags(vec![]));
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    let multiget = run.answer_http(multistatus(&card_response("/dav/ilse/book/b.vcf", "\"b1\"", &vcard("b", "B"))));
    let asked = String::from_utf8_lossy(&multiget.body).into_owned();
    assert!(asked.contains("addressbook-multiget") && asked.contains("/dav/ilse/book/b.vcf"), "{asked}");
    assert!(!asked.contains("a.vcf"), "{asked}");
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(batch.upserts.len(), 1);
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    run.take_events();
    assert_eq!(run.progress.last(), Some(&Progress::Fetching { done: 2, total: 2 }));
    run.finish().unwrap();
}

#[test]
fn a_resource_a_query_answers_twice_is_applied_once() {
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus(&format!(
        "{}{}{}",
        card_response("/dav/ilse/book/a.vcf", "\"a1\"", &vcard("a", "First")),
        card_response("/dav/ilse/book/b.vcf", "\"b1\"", &vcard("b", "B")),
        card_response("/dav/ilse/book/a.vcf", "\"a2\"", &vcard("a", "Second")),
    )));
    run.answer_store(StoreResponse::Etags(vec![]));
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    let stored: Vec<(&str, Option<&str>)> =
        batch.upserts.iter().map(|u| (u.href.as_str(), u.etag.as_deref())).collect();
    assert_eq!(
        stored,
        [(format!("{BOOK}a.vcf").as_str(), Some("\"a1\"")), (format!("{BOOK}b.vcf").as_str(), Some("\"b1\""))]
    );
    assert!(batch.upserts[0].data.contains("FN:First"));
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert!(last.upserts.is_empty(), "nothing fetched again");
    run.finish().unwrap();
}

#[test]
fn a_large_first_query_is_applied_in_batches_with_progress() {
    let total = super::APPLY_BATCH + 50;
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    let cards: String = (0..total)
        .map(|i| card_response(&format!("/dav/ilse/book/{i}.vcf"), &format!("\"{i}\""), &vcard(&i.to_string(), "N")))
        .collect();
    run.answer_http(multistatus(&cards));
    run.answer_store(StoreResponse::Etags(vec![]));
    for size in [super::APPLY_BATCH, 50] {
        let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
            panic!()
        };
        assert_eq!(batch.upserts.len(), size);
    }
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    run.take_events();
    let fetching: Vec<Progress> =
        run.progress.iter().filter(|p| matches!(p, Progress::Fetching { .. })).cloned().collect();
    let done: Vec<usize> =
        fetching.iter().map(|p| if let Progress::Fetching { done, .. } = p { *done } else { 0 }).collect();
    assert_eq!(done, [0, super::APPLY_BATCH, total]);
    run.finish().unwrap();
}

#[test]
fn a_query_the_server_refuses_or_cannot_hold_falls_back_to_the_token_listing() {
    use crate::effects::HttpError;
    for refusal in [
        Ok(HttpResponse::new(501)),
        Ok(HttpResponse::new(403).body(r#"<d:error xmlns:d="DAV:"><d:need-privileges/></d:error>"#)),
        Ok(HttpResponse::new(207).body("<d:multistatus xmlns:d=\"DAV:\"><d:response>")),
        Err(HttpError::TooLarge { limit_bytes: 64 * 1024 * 1024 }),
    ] {
        let mut run = Run::start(book(None));
        run.answer_store(StoreResponse::Outbox(vec![]));
        run.answer_http(ctag("c1"));
        let mut query = run.http();
        query.resolve(refusal.clone()).unwrap();
        let listing = run.answer_http(multistatus("<d:sync-token>t1</d:sync-token>"));
        assert!(String::from_utf8_lossy(&listing.body).contains("<d:sync-token/>"), "{refusal:?}");
    }
    // An empty answer is checked by the token listing: a server that
    // ignores the query's body would make the book look empty until its
    // getctag moves.
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus(""));
    let listing = run.answer_http(multistatus("<d:sync-token>t1</d:sync-token>"));
    assert!(String::from_utf8_lossy(&listing.body).contains("<d:sync-token/>"));
    // A password the server no longer takes is said, not worked around.
    let mut run = Run::start(book(None));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(HttpResponse::new(401));
    let Err(Failure::Remote(e)) = run.finish() else { panic!("a 401 fails the sync") };
    assert_eq!(e, crate::dav::client::RemoteError::Unauthorized);
}

#[test]
fn once_the_getctag_moves_the_token_listing_compares_etags_and_prunes() {
    let mut run = Run::start(book_pulled_by_query("c1"));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    let listing = run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/a.vcf</d:href><d:propstat><d:prop><d:getetag>"a1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/b.vcf</d:href><d:propstat><d:prop><d:getetag>"b2"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:sync-token>t1</d:sync-token>"#,
    ));
    assert!(String::from_utf8_lossy(&listing.body).contains("<d:sync-token/>"), "asked from the start");
    // a.vcf unchanged since the query; b.vcf edited after it; stale.vcf deleted.
    let local = |name: &str, etag: &str| crate::effects::store::LocalEtag {
        href: format!("{BOOK}{name}"),
        etag: Some(format!("\"{etag}\"")),
    };
    run.answer_store(StoreResponse::Etags(vec![local("a.vcf", "a1"), local("b.vcf", "b1"), local("stale.vcf", "s")]));
    let multiget = run.answer_http(multistatus(&card_response("/dav/ilse/book/b.vcf", "\"b2\"", &vcard("b", "B"))));
    let asked = String::from_utf8_lossy(&multiget.body).into_owned();
    assert!(asked.contains("b.vcf") && !asked.contains("a.vcf"), "only what changed: {asked}");
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(last.keep_only, Some(vec![format!("{BOOK}a.vcf"), format!("{BOOK}b.vcf")]));
    assert_eq!((last.sync_token.as_deref(), last.ctag.as_deref()), (Some("t1"), Some("c2")));
    run.finish().unwrap();
}

#[test]
fn a_server_refusing_sync_collection_is_listed_by_etags_instead() {
    for refusal in [
        HttpResponse::new(501),
        HttpResponse::new(403).body(r#"<d:error xmlns:d="DAV:"><d:need-privileges/></d:error>"#),
    ] {
        let mut run = Run::start(book(Some("t1")));
        run.answer_store(StoreResponse::Outbox(vec![]));
        run.answer_http(ctag("c2"));
        run.answer_http(refusal.clone());
        // The Depth 1 etag listing, under the getctag already read: not an
        // error, not a restart from scratch. No size: a card has no bound.
        let listing = run.answer_http(multistatus(""));
        assert_eq!(
            (listing.method.as_str(), listing.header_value("Depth")),
            ("PROPFIND", Some("1")),
            "{}",
            refusal.status
        );
        let asked = String::from_utf8_lossy(&listing.body).into_owned();
        assert!(asked.contains("getetag") && !asked.contains("getcontentlength"), "{asked}");
    }
}

/// Pages of `count` members each, changed or deleted, the last one complete.
fn page(first: usize, count: usize, deleted: bool, more: bool) -> HttpResponse {
    let status = if deleted { "HTTP/1.1 404 Not Found" } else { "HTTP/1.1 200 OK" };
    let mut body: String = (first..first + count)
        .map(|i| {
            format!(r#"<d:response><d:href>/dav/ilse/book/{i}.vcf</d:href><d:status>{status}</d:status></d:response>"#)
        })
        .collect();
    if more {
        body += r#"<d:response><d:href>/dav/ilse/book/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>"#;
    }
    body += &format!("<d:sync-token>page-{first}</d:sync-token>");
    multistatus(&body)
}

#[test]
fn one_collection_lists_at_most_max_listed_changes_in_one_sync() {
    use crate::dav::xml::MAX_RESPONSES;
    let half = super::list::MAX_LISTED / 2;
    assert!(half <= MAX_RESPONSES);
    // Exactly the bound, changes and deletions together: listed. (Each
    // answer holds at most MAX_RESPONSES entries, the 507 one included.)
    let pages = |last: usize| {
        let mut run = Run::start(book(Some("t0")));
        run.answer_store(StoreResponse::Outbox(vec![]));
        run.answer_http(ctag("c2"));
        run.answer_http(page(0, half - 1, false, true));
        run.answer_http(page(half, half - 1, true, true));
        run.answer_http(page(2 * half, last, false, false));
        run
    };
    let mut run = pages(2);
    assert!(matches!(run.answer_store(StoreResponse::Etags(vec![])), StoreRequest::LocalEtags { .. }));
    // One more: the sync of this collection stops with the bound's sentence.
    let run = pages(3);
    let Err(Failure::Remote(e)) = run.finish() else { panic!("over the bound") };
    let bound = super::list::MAX_LISTED;
    assert_eq!(e, crate::dav::client::RemoteError::TooMuch(crate::i18n::Limit::Items(bound)));
}

#[test]
fn the_same_token_twice_ends_the_paging() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response><d:sync-token>t1</d:sync-token>"#,
    ));
    // No second REPORT: straight to the local etags.
    let request = run.answer_store(StoreResponse::Etags(vec![]));
    assert!(matches!(request, StoreRequest::LocalEtags { .. }));
}

#[test]
fn a_create_is_sent_with_if_none_match_and_an_edit_with_its_strong_etag() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![
        outbox_item(ChangeKind::Create, None, None),
        OutboxItem { item_id: 8, ..outbox_item(ChangeKind::Update, Some(&format!("{BOOK}jan.vcf")), Some("\"j1\"")) },
    ]));
    let sending = run.answer_store(StoreResponse::Done);
    assert!(matches!(sending, StoreRequest::PushSending { item_id: 7, .. }), "{sending:?}");
    let create = run.answer_http(HttpResponse::new(201).header("ETag", "\"i1\""));
    assert_eq!((create.method.as_str(), create.url.as_str()), ("PUT", "https://dav.test/dav/ilse/book/ilse.vcf"));
    assert_eq!(create.header_value("If-None-Match"), Some("*"));
    assert_eq!(create.header_value("If-Match"), None);
    let StoreRequest::PushDone(PushOutcome::Stored { etag, .. }) = run.answer_store(StoreResponse::Done) else {
        panic!()
    };
    assert_eq!(etag.as_deref(), Some("\"i1\""));
    run.answer_store(StoreResponse::Done);
    // A weak etag cannot guard the next If-Match: it is not kept.
    let edit = run.answer_http(HttpResponse::new(204).header("ETag", "W/\"j2\""));
    assert_eq!(edit.header_value("If-Match"), Some("\"j1\""));
    assert_eq!(edit.header_value("If-None-Match"), None);
    let StoreRequest::PushDone(PushOutcome::Stored { etag, .. }) = run.answer_store(StoreResponse::Done) else {
        panic!()
    };
    assert_eq!(etag, None, "a weak etag is treated as unknown");
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus("<d:sync-token>t1</d:sync-token>"));
    run.answer_store(StoreResponse::Etags(vec![]));
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    assert_eq!(run.finish().unwrap().pushed, 2, "both taken by the server: both counted as sent");
}

#[test]
fn an_etag_listing_leaves_sub_collections_out() {
    let mut collection = book(None);
    collection.supports_sync = false;
    collection.ctag = Some("c0".into());
    let mut run = Run::start(collection);
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/archive/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getetag>"f"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/a.vcf</d:href><d:propstat><d:prop><d:resourcetype/><d:getetag>"a"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#,
    ));
    run.answer_store(StoreResponse::Etags(vec![]));
    let multiget = run.answer_http(multistatus(&card_response("/dav/ilse/book/a.vcf", "\"a\"", &vcard("a", "A"))));
    let asked = String::from_utf8_lossy(&multiget.body).into_owned();
    assert!(asked.contains("/dav/ilse/book/a.vcf") && !asked.contains("archive"), "{asked}");
}

#[test]
fn a_412_on_a_delete_lets_the_servers_edit_win_and_deletes_nothing() {
    let mut run = Run::start(book(Some("t1")));
    let href = format!("{BOOK}jan.vcf");
    run.answer_store(StoreResponse::Outbox(vec![outbox_item(ChangeKind::Delete, Some(&href), Some("\"j1\""))]));
    let delete = run.answer_http(HttpResponse::new(412));
    assert_eq!((delete.method.as_str(), delete.header_value("If-Match")), ("DELETE", Some("\"j1\"")));
    let get = run.answer_http(
        HttpResponse::new(200)
            .header("ETag", "\"j2\"")
            .body("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan\r\nFN:Jan (edited elsewhere)\r\nEND:VCARD\r\n"),
    );
    assert_eq!((get.method.as_str(), get.url.as_str()), ("GET", href.as_str()));
    let request = run.answer_store(StoreResponse::Applied(ApplySummary { updated: 1, ..Default::default() }));
    let StoreRequest::ApplyPull(batch) = request else { panic!("a 412 on a delete is not a delete: {request:?}") };
    assert_eq!(batch.upserts[0].etag.as_deref(), Some("\"j2\""));
}

const EARLIER: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ilse\r\nFN:Ilse\r\nEND:VCARD\r\n";

/// The member's change, after an earlier push of `EARLIER` whose answer never came.
fn after_a_lost_answer(kind: ChangeKind, etag: Option<&str>) -> OutboxItem {
    OutboxItem { sent: vec![EARLIER.into()], ..outbox_item(kind, Some(&format!("{BOOK}ilse.vcf")), etag) }
}

fn the_server_has(data: &str, etag: &str) -> HttpResponse {
    HttpResponse::new(200).header("ETag", etag).body(data.to_string())
}

#[test]
fn an_edit_after_a_lost_answer_goes_over_the_members_own_earlier_version() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![after_a_lost_answer(ChangeKind::Update, Some("\"i0\""))]));
    run.answer_store(StoreResponse::Done);
    let first = run.answer_http(HttpResponse::new(412));
    assert_eq!(first.header_value("If-Match"), Some("\"i0\""));
    run.answer_http(the_server_has(EARLIER, "\"i1\""));
    run.answer_store(StoreResponse::Done);
    // Not a conflict: the same change again, against the etag of the version the member sent.
    let again = run.answer_http(HttpResponse::new(204).header("ETag", "\"i2\""));
    assert_eq!((again.method.as_str(), again.header_value("If-Match")), ("PUT", Some("\"i1\"")));
    let done = run.answer_store(StoreResponse::Done);
    assert!(
        matches!(done, StoreRequest::PushDone(PushOutcome::Stored { ref etag, .. }) if etag.as_deref() == Some("\"i2\"")),
        "{done:?}"
    );
}

#[test]
fn without_a_lost_answer_the_same_412_keeps_both_versions() {
    let mut run = Run::start(book(Some("t1")));
    let item = OutboxItem { sent: vec![], ..after_a_lost_answer(ChangeKind::Update, Some("\"i0\"")) };
    run.answer_store(StoreResponse::Outbox(vec![item]));
    run.answer_store(StoreResponse::Done);
    run.answer_http(HttpResponse::new(412));
    run.answer_http(the_server_has(EARLIER, "\"i1\""));
    let done = run.answer_store(StoreResponse::Done);
    assert!(matches!(done, StoreRequest::PushDone(PushOutcome::Conflict { server: Some(_), .. })), "{done:?}");
}

#[test]
fn a_delete_after_a_lost_answer_deletes_the_members_own_version() {
    // Deleted after an edit whose answer was lost: the DELETE meets a 412.
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![after_a_lost_answer(ChangeKind::Delete, Some("\"i0\""))]));
    run.answer_http(HttpResponse::new(412));
    run.answer_http(the_server_has(EARLIER, "\"i1\""));
    let again = run.answer_http(HttpResponse::new(204));
    assert_eq!((again.method.as_str(), again.header_value("If-Match")), ("DELETE", Some("\"i1\"")));
    assert_eq!(run.answer_store(StoreResponse::Done), StoreRequest::PushDone(PushOutcome::Deleted { item_id: 7 }));

    // A new contact deleted after its create's answer was lost: no etag
    // known, so look first; delete only the member's own version.
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![after_a_lost_answer(ChangeKind::Delete, None)]));
    let look = run.answer_http(the_server_has(EARLIER, "\"i1\""));
    assert_eq!(look.method, "GET");
    let delete = run.answer_http(HttpResponse::new(204));
    assert_eq!((delete.method.as_str(), delete.header_value("If-Match")), ("DELETE", Some("\"i1\"")));

    // …and if the create never arrived, there is nothing to delete.
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![after_a_lost_answer(ChangeKind::Delete, None)]));
    run.answer_http(HttpResponse::new(404));
    assert_eq!(run.answer_store(StoreResponse::Done), StoreRequest::PushDone(PushOutcome::Deleted { item_id: 7 }));
}

#[test]
fn an_edit_of_something_the_server_deleted_is_created_again_in_the_same_sync() {
    let mut run = Run::start(book(Some("t1")));
    let href = format!("{BOOK}ilse.vcf");
    run.answer_store(StoreResponse::Outbox(vec![outbox_item(ChangeKind::Update, Some(&href), Some("\"i1\""))]));
    run.answer_store(StoreResponse::Done);
    run.answer_http(HttpResponse::new(404));
    run.answer_http(HttpResponse::new(404));
    let gone = run.answer_store(StoreResponse::Done);
    assert!(matches!(gone, StoreRequest::PushDone(PushOutcome::Conflict { server: None, .. })), "{gone:?}");
    // A second round at once: the store made it a create.
    let again = run.answer_store(StoreResponse::Outbox(vec![outbox_item(ChangeKind::Create, None, None)]));
    assert!(matches!(again, StoreRequest::Outbox { .. }), "{again:?}");
    run.answer_store(StoreResponse::Done);
    let create = run.answer_http(HttpResponse::new(201).header("ETag", "\"i2\""));
    assert_eq!((create.method.as_str(), create.header_value("If-None-Match")), ("PUT", Some("*")));
    run.answer_store(StoreResponse::Done);
    let listing = run.answer_http(ctag("c2"));
    assert_eq!(listing.method, "PROPFIND", "then the pull");
}

#[test]
fn a_server_that_keeps_deleting_gets_one_extra_round_not_more() {
    let mut run = Run::start(book(Some("t1")));
    let href = format!("{BOOK}ilse.vcf");
    for round in 0..2 {
        let item = outbox_item(ChangeKind::Update, Some(&href), Some("\"i1\""));
        let asked = run.answer_store(StoreResponse::Outbox(vec![item]));
        assert!(matches!(asked, StoreRequest::Outbox { .. }), "round {round}: {asked:?}");
        run.answer_store(StoreResponse::Done);
        run.answer_http(HttpResponse::new(404));
        run.answer_http(HttpResponse::new(404));
        run.answer_store(StoreResponse::Done);
    }
    // No third round: the pull, and the change waits for the next sync.
    let listing = run.answer_http(ctag("c2"));
    assert_eq!(listing.method, "PROPFIND");
}

#[test]
fn a_large_listing_is_fetched_in_batches_with_progress_and_hrefs_outside_are_counted() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    let total = super::MULTIGET_BATCH + 20;
    let mut listing: String = (0..total)
        .map(|i| format!(r#"<d:response><d:href>/dav/ilse/book/{i}.vcf</d:href><d:propstat><d:prop><d:getetag>"{i}"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#))
        .collect();
    listing += r#"<d:response><d:href>/dav/jan/book/secret.vcf</d:href><d:propstat><d:prop><d:getetag>"s"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#;
    listing += "<d:sync-token>t2</d:sync-token>";
    run.answer_http(multistatus(&listing));
    run.answer_store(StoreResponse::Etags(vec![]));
    // Both batches are asked at once, before either is applied.
    let (first, second) = (run.http(), run.http());
    let asked = |r: &crux_core::Request<HttpRequest>| String::from_utf8_lossy(&r.operation.body).into_owned();
    assert!(asked(&first).contains("/dav/ilse/book/0.vcf") && !asked(&first).contains("/dav/ilse/book/100.vcf"));
    assert!(asked(&second).contains("/dav/ilse/book/100.vcf") && !asked(&second).contains("/dav/ilse/book/0.vcf"));
    for (mut request, batch) in [(first, 0..super::MULTIGET_BATCH), (second, super::MULTIGET_BATCH..total)] {
        let (first_card, count) = (format!("{BOOK}{}.vcf", batch.start), batch.len());
        let cards: String = batch
            .map(|i| {
                card_response(&format!("/dav/ilse/book/{i}.vcf"), &format!("\"{i}\""), &vcard(&i.to_string(), "N"))
            })
            .collect();
        request.resolve(Ok(multistatus(&cards))).unwrap();
        let StoreRequest::ApplyPull(applied) =
            run.answer_store(StoreResponse::Applied(ApplySummary { added: 1, ..Default::default() }))
        else {
            panic!()
        };
        assert_eq!((applied.upserts[0].href.as_str(), applied.upserts.len()), (first_card.as_str(), count), "in order");
    }
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    let fetching: Vec<Progress> =
        run.progress.iter().filter(|p| matches!(p, Progress::Fetching { .. })).cloned().collect();
    let report = run.finish().unwrap();
    assert_eq!(
        fetching,
        vec![
            Progress::Fetching { done: 0, total },
            Progress::Fetching { done: super::MULTIGET_BATCH, total },
            Progress::Fetching { done: total, total }
        ]
    );
    assert_eq!(report.out_of_scope, 1, "the other user's card is not fetched, and counted");
    assert_eq!(report.applied.added, 2, "each batch's summary adds up");
}

#[test]
fn a_card_that_is_not_utf8_is_kept_counted_and_the_batch_arrives() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/a.vcf</d:href><d:propstat><d:prop><d:getetag>"a"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/latin1.vcf</d:href><d:propstat><d:prop><d:getetag>"l"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:sync-token>t2</d:sync-token>"#,
    ));
    run.answer_store(StoreResponse::Etags(vec![]));
    let mut body = multistatus(&format!(
        "{}{}",
        card_response("/dav/ilse/book/a.vcf", "\"a\"", &vcard("a", "A")),
        card_response("/dav/ilse/book/latin1.vcf", "\"l\"", &vcard("l", "Fran\u{e7}oise"))
    ));
    // The second card in Latin-1: one byte for the ç, not UTF-8.
    let at = body.body.windows(2).position(|w| w == "ç".as_bytes()).unwrap();
    body.body.splice(at..at + 2, [0xe7]);
    run.answer_http(body);
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(batch.upserts.len(), 2, "the batch arrives whole");
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    assert_eq!(run.finish().unwrap().unreadable, 1);
}

#[test]
fn without_sync_collection_an_unmoved_getctag_costs_one_request() {
    let mut collection = book(None);
    collection.supports_sync = false;
    collection.ctag = Some("c1".into());
    let mut run = Run::start(collection.clone());
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    assert_eq!(run.finish().unwrap(), SyncReport::default(), "no listing, nothing applied");
    // A moved one lists the etags.
    let mut run = Run::start(collection);
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c2"));
    let listing = run.answer_http(multistatus(""));
    assert_eq!(listing.header_value("Depth"), Some("1"));
}

#[test]
fn changes_that_cannot_be_sent_yet_or_anywhere_ask_the_server_nothing() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![
        // Stored under another user's path by an older version: never sent there.
        OutboxItem {
            item_id: 8,
            ..outbox_item(ChangeKind::Update, Some("https://dav.test/dav/jan/book/x.vcf"), Some("\"x\""))
        },
        // A delete whose etag is unknown and that was never sent: waits for the pull.
        outbox_item(ChangeKind::Delete, Some(&format!("{BOOK}ilse.vcf")), None),
    ]));
    // Straight to the pull: no PUT, DELETE or GET.
    let next = run.answer_http(ctag("c1"));
    assert_eq!((next.method.as_str(), next.header_value("Depth")), ("PROPFIND", Some("0")));
    run.answer_http(multistatus("<d:sync-token>t1</d:sync-token>"));
    run.answer_store(StoreResponse::Etags(vec![]));
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    assert_eq!(run.finish().unwrap().out_of_scope, 1, "the change outside the collection is counted");
}

#[test]
fn a_412_whose_server_copy_is_the_members_version_is_no_conflict() {
    let mut run = Run::start(book(Some("t1")));
    let item = outbox_item(ChangeKind::Update, Some(&format!("{BOOK}ilse.vcf")), Some("\"i0\""));
    let data = item.data.clone();
    run.answer_store(StoreResponse::Outbox(vec![item]));
    run.answer_store(StoreResponse::Done);
    run.answer_http(HttpResponse::new(412));
    run.answer_http(the_server_has(&data, "\"i1\""));
    let done = run.answer_store(StoreResponse::Done);
    assert!(
        matches!(done, StoreRequest::PushDone(PushOutcome::Stored { ref etag, .. }) if etag.as_deref() == Some("\"i1\"")),
        "{done:?}"
    );
}

#[test]
fn a_delete_after_a_lost_create_leaves_someone_elses_version_alone() {
    let mut run = Run::start(book(Some("t1")));
    run.answer_store(StoreResponse::Outbox(vec![after_a_lost_answer(ChangeKind::Delete, None)]));
    let other = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ilse\r\nFN:Ilse (by Jan)\r\nEND:VCARD\r\n";
    run.answer_http(the_server_has(other, "\"j1\""));
    // Not the member's version: kept, as a pull would, and no DELETE.
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!("someone else's version must be kept")
    };
    assert_eq!(batch.upserts[0].data, other);
}

#[test]
fn unreadable_resources_are_kept_and_counted_and_answers_outside_the_collection_are_not() {
    let mut run = Run::start(book(Some("t0")));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_http(ctag("c1"));
    run.answer_http(multistatus(
        r#"<d:response><d:href>/dav/ilse/book/ok.vcf</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:response><d:href>/dav/ilse/book/broken.vcf</d:href><d:propstat><d:prop><d:getetag>"2"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
           <d:sync-token>t1</d:sync-token>"#,
    ));
    run.answer_store(StoreResponse::Etags(vec![]));
    run.answer_http(multistatus(&format!(
        "{}{}{}",
        card_response("/dav/ilse/book/ok.vcf", "\"1\"", &vcard("ok", "Readable")),
        card_response("/dav/ilse/book/broken.vcf", "\"2\"", "BEGIN:VCARD&#13;\nFN:Half"),
        card_response("/dav/other/secret.vcf", "\"3\"", &vcard("s", "Not asked for")),
    )));
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    let stored: Vec<&str> = batch.upserts.iter().map(|u| u.href.as_str()).collect();
    assert_eq!(stored, vec![format!("{BOOK}ok.vcf"), format!("{BOOK}broken.vcf")]);
    assert_eq!(batch.upserts[1].data, "BEGIN:VCARD\r\nFN:Half", "kept as received");
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    let report = run.finish().unwrap();
    assert_eq!((report.unreadable, report.out_of_scope), (1, 1));
}

const NOTES: &str = "https://dav.test/files/ilse/Notes/";

fn entry(href: &str, props: &str) -> String {
    format!(
        r#"<d:response><d:href>{href}</d:href><d:propstat><d:prop>{props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#
    )
}

const FOLDER: &str = "<d:resourcetype><d:collection/></d:resourcetype>";

fn file(etag: &str) -> String {
    format!("<d:resourcetype/><d:getetag>{etag}</d:getetag><d:getcontentlength>12</d:getcontentlength>")
}

#[test]
fn a_notes_folder_is_walked_one_propfind_per_folder_and_nothing_outside_it() {
    let mut run = Run::walk_then_sync(NOTES);
    let home = run.answer_http(multistatus(
        &[
            entry("/files/ilse/Notes/", &format!("{FOLDER}<d:getetag>\"h1\"</d:getetag>")),
            entry("/files/ilse/Notes/Courses.md", &file("c1")),
            entry("/files/ilse/Notes/photo.jpg", &file("\"p1\"")),
            entry("/files/ilse/Notes/Travail/", FOLDER),
            entry("/files/ilse/Notes/.attachments.7/", FOLDER),
            entry("/files/ilse/", FOLDER),
            entry("/files/other/Notes/", FOLDER),
            entry("https://evil.test/files/ilse/Notes/Spy/", FOLDER),
        ]
        .concat(),
    ));
    assert_eq!((home.method.as_str(), home.url.as_str(), home.header_value("Depth")), ("PROPFIND", NOTES, Some("1")));
    let work = run.answer_http(multistatus(
        &[
            entry("/files/ilse/Notes/Travail/", FOLDER),
            entry("/files/ilse/Notes/Travail/R%C3%A9union.md", &file("\"r1\"")),
            entry("/files/ilse/Notes/Travail/../../../ilse2/", FOLDER),
        ]
        .concat(),
    ));
    assert_eq!(work.url, format!("{NOTES}Travail/"), "only the folders inside, hidden ones left out");
    run.take_events();
    let found = run.walked.take().unwrap().unwrap();
    let names: Vec<(&str, &str)> =
        found.collections.iter().map(|c| (c.display_name.as_str(), c.href.as_str())).collect();
    assert_eq!(names, [("", NOTES), ("Travail", &*format!("{NOTES}Travail/"))]);
    assert_eq!(found.listings[NOTES].ctag.as_deref(), Some("\"h1\""));
    assert_eq!(
        found.listings[NOTES].changed,
        [
            ("/files/ilse/Notes/Courses.md".to_string(), Some("\"c1\"".to_string())),
            ("/files/ilse/Notes/photo.jpg".into(), Some("\"p1\"".into()))
        ],
        "a bare getetag is read quoted, as the ETag header gives it"
    );

    // Nothing to push: the walk's listing serves, no second PROPFIND; the
    // picture is not a note and is never fetched.
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_store(StoreResponse::Etags(vec![]));
    let get = run.http();
    assert_eq!((get.operation.method.as_str(), get.operation.url.as_str()), ("GET", &*format!("{NOTES}Courses.md")));
    let mut get = get;
    get.resolve(Ok(HttpResponse::new(200)
        .header("ETag", "\"c1\"")
        .header("Last-Modified", "Tue, 01 Jun 2027 06:30:00 GMT")
        .body("# Courses\n- [ ] lait\n")))
        .unwrap();
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(batch.upserts.len(), 1);
    let crate::kinds::ItemIndex::Note(index) = &batch.upserts[0].index else { panic!() };
    assert_eq!((index.title.as_str(), index.modified), ("Courses", 1_811_831_400_000));
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(last.keep_only, Some(vec![format!("{NOTES}Courses.md")]));
    assert_eq!(last.ctag.as_deref(), Some("\"h1\""), "the folder's etag is committed with the pull");
    run.finish().unwrap();
}

#[test]
fn notes_are_fetched_a_few_at_once_and_kept_in_their_order() {
    let mut run = Run::walk_then_sync(NOTES);
    let names: Vec<String> = (0..6).map(|i| format!("Note {i}.md")).collect();
    let mut listing = entry("/files/ilse/Notes/", FOLDER);
    for (i, name) in names.iter().enumerate() {
        listing += &entry(&format!("/files/ilse/Notes/{}", name.replace(' ', "%20")), &file(&format!("\"n{i}\"")));
    }
    run.answer_http(multistatus(&listing));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_store(StoreResponse::Etags(vec![]));
    let answer =
        |i: usize| Ok(HttpResponse::new(200).header("ETag", format!("\"n{i}\"")).body(format!("# Note {i}\n")));
    // Four asked before any answer; answered last first.
    let asked: Vec<_> = (0..super::fetch::GETS_IN_FLIGHT).map(|_| run.http()).collect();
    let urls: Vec<&str> = asked.iter().map(|r| r.operation.url.as_str()).collect();
    assert_eq!(urls, (0..4).map(|i| format!("{NOTES}Note%20{i}.md")).collect::<Vec<_>>());
    for (i, mut request) in asked.into_iter().enumerate().rev() {
        request.resolve(answer(i)).unwrap();
    }
    for i in 4..6 {
        let mut request = run.http();
        assert_eq!(request.operation.url, format!("{NOTES}Note%20{i}.md"));
        request.resolve(answer(i)).unwrap();
    }
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    let etags: Vec<&str> = batch.upserts.iter().filter_map(|u| u.etag.as_deref()).collect();
    assert_eq!(etags, ["\"n0\"", "\"n1\"", "\"n2\"", "\"n3\"", "\"n4\"", "\"n5\""]);
    assert!(batch.upserts[5].data.contains("# Note 5"));
}

#[test]
fn a_notes_folder_that_does_not_exist_yet_has_no_categories() {
    let mut run = Run::walk_then_sync(NOTES);
    run.answer_http(HttpResponse::new(404));
    run.take_events();
    assert!(run.walked.take().unwrap().unwrap().collections.is_empty());
    assert!(run.command.is_done());
}

#[test]
fn after_a_push_a_notes_folder_is_listed_again() {
    let mut run = Run::walk_then_sync(NOTES);
    run.answer_http(multistatus(&entry("/files/ilse/Notes/", FOLDER)));
    let new_note = OutboxItem {
        item_id: 4,
        collection: NOTES.into(),
        kind: ChangeKind::Create,
        href: None,
        etag: None,
        uid: "Idées café".into(),
        data: "un café".into(),
        revision: 1,
        sent: vec![],
    };
    run.answer_store(StoreResponse::Outbox(vec![new_note]));
    run.answer_store(StoreResponse::Done); // PushSending
    let put = run.answer_http(HttpResponse::new(201));
    assert_eq!(put.url, format!("{NOTES}Id%C3%A9es%20caf%C3%A9.md"), "named after its title");
    assert_eq!(put.header_value("If-None-Match"), Some("*"));
    run.answer_store(StoreResponse::Done); // PushDone
                                           // The walk's listing predates the new file: listed again.
    let listing = run.answer_http(multistatus(&entry("/files/ilse/Notes/Id%C3%A9es%20caf%C3%A9.md", &file("\"n1\""))));
    assert_eq!((listing.method.as_str(), listing.header_value("Depth")), ("PROPFIND", Some("0")));
    // Then every file, with its size: one too large for a note is never fetched.
    let files = run.answer_http(multistatus(""));
    let asked = String::from_utf8_lossy(&files.body).into_owned();
    assert_eq!(files.header_value("Depth"), Some("1"));
    assert!(asked.contains("getcontentlength"), "{asked}");
}

/// A Nextcloud Notes folder as Nextcloud (sabre/dav) answers a Depth-1
/// PROPFIND: `oc:`/`nc:` namespaces, quoted etags written as `&quot;`,
/// lower-case percent-encoding, absent properties in a 404 propstat, the
/// Notes app's hidden attachments folder and a picture. Written in the shape
/// Nextcloud's WebDAV documentation gives (no Nextcloud runs here).
const NEXTCLOUD_NOTES: &str = "https://dav.test/remote.php/dav/files/ilse.peeters/Notes/";

#[test]
fn a_nextcloud_notes_folder_is_read_as_nextcloud_writes_it() {
    let mut run = Run::walk_then_sync(NEXTCLOUD_NOTES);
    let xml = include_str!("../../tests/fixtures/dav/nextcloud-notes-folder.xml");
    run.answer_http(HttpResponse::new(207).body(xml));
    let sub = run.answer_http(multistatus(&entry("/remote.php/dav/files/ilse.peeters/Notes/Co%c3%b6peratie/", FOLDER)));
    assert_eq!(sub.url, format!("{NEXTCLOUD_NOTES}Co%C3%B6peratie/"), "hidden folders are not walked");
    run.take_events();
    let found = run.walked.take().unwrap().unwrap();
    let names: Vec<&str> = found.collections.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(names, ["", "Coöperatie"]);
    assert!(!found.collections[0].read_only);
    run.answer_store(StoreResponse::Outbox(vec![]));
    // The stored etag is the listed one: nothing to fetch.
    run.answer_store(StoreResponse::Etags(vec![crate::effects::store::LocalEtag {
        href: format!("{NEXTCLOUD_NOTES}R%C3%A9union%20du%20CA%20(mai).md"),
        etag: Some("\"a6f0e2c41d7b8e3f0c9d2a1b5e4f3c2d\"".into()),
    }]));
    let StoreRequest::ApplyPull(last) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    assert_eq!(last.keep_only, Some(vec![format!("{NEXTCLOUD_NOTES}R%C3%A9union%20du%20CA%20(mai).md")]));
    run.finish().unwrap();
}

fn note_edit() -> OutboxItem {
    OutboxItem {
        item_id: 9,
        collection: NEXTCLOUD_NOTES.into(),
        kind: ChangeKind::Update,
        href: Some(format!("{NEXTCLOUD_NOTES}Courses.md")),
        etag: Some("\"e1\"".into()),
        uid: "Courses".into(),
        data: "- [x] lait".into(),
        revision: 2,
        sent: vec![],
    }
}

#[test]
fn a_locked_note_or_a_full_quota_fails_the_folder_and_keeps_the_edit() {
    for (status, said) in [(423, "423"), (507, "507")] {
        let mut run = Run::walk_then_sync(NEXTCLOUD_NOTES);
        run.answer_http(multistatus(&entry("/remote.php/dav/files/ilse.peeters/Notes/", FOLDER)));
        run.answer_store(StoreResponse::Outbox(vec![note_edit()]));
        run.answer_store(StoreResponse::Done); // PushSending
        let put = run.answer_http(HttpResponse::new(status));
        assert_eq!((put.method.as_str(), put.header_value("If-Match")), ("PUT", Some("\"e1\"")));
        // No PushDone: the edit stays queued for the next sync.
        let failure = run.finish().unwrap_err();
        assert!(format!("{failure:?}").contains(said), "{failure:?}");
        let sentence = failure.text().in_locale(crate::i18n::Locale::En);
        assert!(sentence.contains("your change is kept"), "{sentence}");
    }
}

#[test]
fn a_file_too_large_for_a_note_is_listed_with_its_size_and_never_downloaded() {
    let mut run = Run::walk_then_sync(NOTES);
    let big = "<d:resourcetype/><d:getetag>\"b1\"</d:getetag><d:getcontentlength>5242880</d:getcontentlength>";
    run.answer_http(multistatus(
        &[entry("/files/ilse/Notes/", FOLDER), entry("/files/ilse/Notes/Export.md", big)].concat(),
    ));
    run.answer_store(StoreResponse::Outbox(vec![]));
    run.answer_store(StoreResponse::Etags(vec![]));
    // No GET: the placeholder is stored straight from the listing.
    let StoreRequest::ApplyPull(batch) = run.answer_store(StoreResponse::Applied(ApplySummary::default())) else {
        panic!()
    };
    let placeholder = &batch.upserts[0];
    assert_eq!(
        (placeholder.href.as_str(), placeholder.etag.as_deref(), placeholder.data.as_str()),
        (&*format!("{NOTES}Export.md"), Some("\"b1\""), "")
    );
    let crate::kinds::ItemIndex::Note(index) = &placeholder.index else { panic!() };
    assert_eq!((index.title.as_str(), index.unreadable, index.too_large), ("Export", true, Some(5_242_880)));
    run.answer_store(StoreResponse::Applied(ApplySummary::default()));
    assert_eq!(run.finish().unwrap().unreadable, 1);
}
