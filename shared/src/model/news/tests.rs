//! The announcements step by step: every request the core makes is
//! checked and answered with the seed site's real files.

use crate::announcements::SourceError;
use crate::effects::store::{NewsApply, NewsRecord, NewsSource, NewsSourceKind, StoreRequest as R};
use crate::effects::{Notification, NotifyRequest};
use crate::i18n::Text;
use crate::model::test_support::*;

const FR: &str = "https://nubo.coop/fr/actualites/feed.atom";
const FR_ATOM: &str = include_str!("../../../../scripts/seed/news/fr/actualites/feed.atom");
const FR_EDITED: &str = include_str!("../../../../scripts/seed/news/variants/fr-feed-edited.atom");
const NL_ATOM: &str = include_str!("../../../../scripts/seed/news/nl/nieuws/feed.atom");
const HOME: &str = include_str!("../../../../scripts/seed/news/index.html");
const ICS: &str = include_str!("../../../../scripts/seed/news/events/ag-2027.ics");
/// What `Driver::answer_time` answers.
const NOW: i64 = 1_764_000_000_000;
const HOUR: i64 = 3_600_000;

fn source(url: &str, language: &str, added_at: i64) -> NewsSource {
    NewsSource {
        url: url.into(),
        kind: NewsSourceKind::Feed,
        language: Some(language.into()),
        title: None,
        added_by_member: false,
        added_at,
        state: Default::default(),
        next_poll: None,
        last_error: None,
    }
}

/// Sends `PollNews`, answers the time and the stored sources.
fn start_poll(d: &mut Driver, sources: Vec<NewsSource>) {
    d.send(Event::PollNews);
    d.answer_time();
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources);
    r.resolve(StoreResponse::NewsSources(sources)).unwrap();
}

fn answer_stored(d: &mut Driver, records: Vec<NewsRecord>) {
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNews);
    r.resolve(StoreResponse::News(records)).unwrap();
}

fn take_apply(d: &mut Driver) -> NewsApply {
    let mut r = d.store();
    let R::ApplyNews(apply) = r.operation.clone() else { panic!("expected ApplyNews, got {:?}", r.operation) };
    r.resolve(StoreResponse::Done).unwrap();
    *apply
}

/// The notifications asked for before the poll ends, each answered.
fn notifications(d: &mut Driver) -> Vec<Notification> {
    notifications_after(d, vec![])
}

/// The same, when there are some: the core reads the rows just applied
/// (`stored`) to name each notification by the id OpenAnnouncement takes.
fn notifications_after(d: &mut Driver, stored: Vec<NewsRecord>) -> Vec<Notification> {
    let mut seen = Vec::new();
    let mut stored = Some(stored);
    loop {
        match d.next_effect() {
            Effect::Store(r) if r.operation == R::ListNews && stored.is_some() => {
                let mut r = r;
                r.resolve(StoreResponse::News(stored.take().unwrap())).unwrap();
            }
            Effect::Notify(mut n) => {
                let NotifyRequest::Show(shown) = n.operation.clone() else { panic!("{:?}", n.operation) };
                seen.push(shown);
                n.resolve(()).unwrap();
            }
            Effect::Store(mut r) => {
                // The poll ended: the sources and announcements are read again.
                assert_eq!(r.operation, R::ListNewsSources, "{:?}", r.operation);
                r.resolve(StoreResponse::NewsSources(vec![])).unwrap();
                return seen;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// After the poll: what the store now holds, read into the model.
fn reload(d: &mut Driver, records: Vec<NewsRecord>) {
    answer_stored(d, records);
    d.settle();
}

fn records(apply: &NewsApply, read: &[usize]) -> Vec<NewsRecord> {
    apply
        .upserts
        .iter()
        .enumerate()
        .map(|(i, a)| NewsRecord {
            id: i as i64 + 1,
            announcement: a.clone(),
            read: read.contains(&i),
            notified: apply.notified.contains(&a.id),
        })
        .collect()
}

fn feed_answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status)
        .header("Content-Type", "application/atom+xml")
        .header("ETag", "\"v1\"")
        .header("Last-Modified", "Mon, 12 Apr 2027 08:00:00 GMT")
        .body(body)
}

#[test]
fn a_feed_is_read_without_credentials_then_asked_conditionally_and_each_new_entry_notified_once() {
    let mut d = Driver::new(signed_in_model("fr-BE"));
    // Added on 1 January 2027: the extraordinary assembly of 2026 is older.
    let added = ms("2027-01-01T00:00:00Z");
    start_poll(&mut d, vec![source(FR, "fr", added)]);
    let mut get = d.http();
    assert_eq!((get.operation.method.as_str(), get.operation.url.as_str()), ("GET", FR));
    assert_eq!(get.operation.header_value("Authorization"), None, "a feed is another site: no credentials");
    assert_eq!(get.operation.header_value("If-None-Match"), None);
    assert!(get.operation.header_value("Accept").unwrap().contains("application/atom+xml"));
    get.resolve(Ok(feed_answer(200, FR_ATOM))).unwrap();
    answer_stored(&mut d, vec![]);
    let apply = take_apply(&mut d);
    assert_eq!(apply.upserts.len(), 4);
    assert_eq!(apply.source.state.etag.as_deref(), Some("\"v1\""));
    assert_eq!(apply.source.last_error, None);
    assert_eq!(apply.source.title.as_deref(), Some("Nubo – Actualités de la coopérative"));
    assert_eq!(
        apply.notified,
        [
            "tag:nubo.coop,2027:fr/actualites/maintenance-2027-04-20",
            "tag:nubo.coop,2027:fr/actualites/assemblee-generale-2027",
            "tag:nubo.coop,2027:fr/lettre/2027-03",
        ],
        "the 2026 assembly is older than the source: not notified"
    );
    let sent = notifications_after(&mut d, records(&apply, &[]));
    assert_eq!(sent.len(), 3, "exactly one per new entry");
    // The assembly is the second row: a tap sends OpenAnnouncement { id: 2 }.
    assert_eq!(sent[1].id, "news:2");
    assert_eq!(sent[1].title, "Assemblée générale ordinaire le samedi 8 mai 2027");
    assert!(!sent[1].body.is_empty() && !sent[1].body.contains('<'), "{}", sent[1].body);
    let stored = records(&apply, &[]);
    reload(&mut d, stored.clone());

    let view = d.view();
    assert_eq!(view.news.unread_count, 4);
    assert_eq!(view.news.announcements.len(), 4);
    let ag = &view.news.announcements[1];
    assert_eq!((ag.date.as_str(), ag.has_event, ag.read), ("mardi 6 avril 2027", true, false));
    let json = serde_json::to_string(&view.news).unwrap();
    assert!(!json.contains("<p") && !json.contains("<a "), "no HTML reaches a shell: {json}");

    // An hour later: asked with both validators; 304 changes nothing and notifies nothing.
    let mut polled = apply.source.clone();
    polled.state.last_success = Some(NOW - 2 * HOUR);
    start_poll(&mut d, vec![polled.clone()]);
    let mut get = d.http();
    assert_eq!(get.operation.header_value("If-None-Match"), Some("\"v1\""));
    assert_eq!(get.operation.header_value("If-Modified-Since"), Some("Mon, 12 Apr 2027 08:00:00 GMT"));
    get.resolve(Ok(HttpResponse::new(304))).unwrap();
    let apply = take_apply(&mut d);
    assert!(apply.upserts.is_empty() && apply.notified.is_empty());
    assert_eq!(apply.source.state.last_success, Some(NOW));
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, stored.clone());

    // The maintenance moved (same id, new `updated`): updated in place,
    // its read state kept by the store, no second notification.
    let mut read = stored.clone();
    read[0].read = true;
    start_poll(&mut d, vec![polled]);
    d.http().resolve(Ok(feed_answer(200, FR_EDITED))).unwrap();
    answer_stored(&mut d, read.clone());
    let apply = take_apply(&mut d);
    assert_eq!(apply.upserts.len(), 1);
    assert_eq!(apply.upserts[0].id, "tag:nubo.coop,2027:fr/actualites/maintenance-2027-04-20");
    assert!(apply.notified.is_empty());
    assert!(notifications(&mut d).is_empty(), "an edit is not news");
}

#[test]
fn a_busy_feed_keeps_its_entries_says_since_when_and_is_not_asked_before_retry_after() {
    let mut d = Driver::new(signed_in_model("en-BE"));
    let mut fr = source(FR, "fr", 0);
    fr.state.last_success = Some(NOW - 2 * HOUR);
    start_poll(&mut d, vec![fr]);
    d.http().resolve(Ok(HttpResponse::new(503).header("Retry-After", "3600"))).unwrap();
    // No entries to merge: only the source's state is written.
    let apply = take_apply(&mut d);
    assert!(apply.upserts.is_empty());
    assert_eq!(apply.source.last_error, Some(SourceError::Status(503)));
    assert_eq!(apply.source.state.failing_since, Some(NOW));
    assert_eq!(apply.source.state.retry_after_until, Some(NOW + HOUR));
    assert_eq!(apply.source.next_poll, Some(NOW + HOUR));
    assert!(notifications(&mut d).is_empty());
    let kept = NewsRecord {
        id: 1,
        announcement: crate::announcements::parse_feed(
            &crate::announcements::FeedSource { id: FR, url: FR, declared_language: Some("fr") },
            FR_ATOM.as_bytes(),
        )
        .unwrap()
        .entries
        .remove(0),
        read: false,
        notified: true,
    };
    let failing = apply.source.clone();
    // The reload: the failing source and what it gave before.
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNews);
    r.resolve(StoreResponse::News(vec![kept.clone()])).unwrap();
    d.settle();
    d.model.news_sources = vec![failing.clone()];
    d.model.news_language = Some("all".into());
    let view = d.view();
    assert_eq!(view.news.announcements.len(), 1, "a failing source keeps what it gave");
    assert_eq!(
        view.news.sources[0].failing.as_deref(),
        Some("nubo.coop: failing since Monday 24 November 2025, 17:00. Server busy. Nothing is lost; try again later.")
    );

    // Polled again within the hour, even at the member's request: not asked.
    d.send(Event::Sync);
    d.model.sync = SyncState::Idle;
    d.commands.clear();
    start_poll(&mut d, vec![failing]);
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources, "no request before Retry-After");
    r.resolve(StoreResponse::NewsSources(vec![])).unwrap();
    answer_stored(&mut d, vec![kept]);
    d.settle();
}

#[test]
fn a_redirect_is_followed_on_the_feeds_origin_only_and_a_move_renames_the_source() {
    let mut d = Driver::new(signed_in_model("fr-BE"));
    let moved = "https://nubo.coop/fr/news.atom";
    let elsewhere = "https://nubo.coop/nl/nieuws/feed.atom";
    start_poll(&mut d, vec![source(FR, "fr", 0), source(elsewhere, "nl", 0)]);
    let mut get = d.http();
    assert_eq!(get.operation.url, FR);
    get.resolve(Ok(HttpResponse::new(301).header("Location", "/fr/news.atom"))).unwrap();
    let mut get = d.http();
    assert_eq!(get.operation.url, moved);
    assert_eq!(get.operation.header_value("Authorization"), None);
    get.resolve(Ok(feed_answer(200, FR_ATOM))).unwrap();
    answer_stored(&mut d, vec![]);
    let apply = take_apply(&mut d);
    assert_eq!((apply.source.url.as_str(), apply.moved_from.as_deref()), (moved, Some(FR)));
    assert!(apply.upserts.iter().all(|a| a.source == moved));
    // The rows just applied, read to name the notifications.
    answer_stored(&mut d, records(&apply, &[]));
    for _ in 0..apply.notified.len() {
        match d.next_effect() {
            Effect::Notify(mut n) => n.resolve(()).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    // Another site: not followed, nothing sent there.
    let mut get = d.http();
    assert_eq!(get.operation.url, elsewhere);
    get.resolve(Ok(HttpResponse::new(301).header("Location", "https://news.example.org/feed.atom"))).unwrap();
    let apply = take_apply(&mut d);
    assert_eq!(apply.source.last_error, Some(SourceError::MovedElsewhere("news.example.org".into())));
    assert_eq!(apply.source.url, elsewhere);
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, vec![]);
}

#[test]
fn a_malformed_feed_is_said_and_what_it_gave_stays() {
    let mut d = Driver::new(signed_in_model("nl-BE"));
    let mut fr = source(FR, "fr", 0);
    fr.state.etag = Some("\"v1\"".into());
    fr.state.last_success = Some(NOW - 2 * HOUR);
    start_poll(&mut d, vec![fr]);
    let malformed = include_str!("../../../../scripts/seed/news/variants/fr-feed-malformed.atom");
    d.http().resolve(Ok(feed_answer(200, malformed))).unwrap();
    let apply = take_apply(&mut d);
    assert!(apply.upserts.is_empty() && apply.deleted.is_empty());
    assert!(matches!(apply.source.last_error, Some(SourceError::Unreadable(_))), "{:?}", apply.source.last_error);
    assert_eq!(apply.source.state.etag, None, "the next poll asks for the whole feed again");
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, vec![]);
}

#[test]
fn at_sign_in_the_home_page_gives_one_feed_per_language_the_members_first_and_nextcloud_its_center() {
    let mut model = signed_in_model("nl-BE");
    if let Some(account) = model.account.as_mut() {
        account.principal_url = format!("{SERVER}/remote.php/dav/principals/users/alice/");
    }
    model.news_discover_pending = true;
    let mut d = Driver::new(model);
    d.send(Event::PollNews);
    d.answer_time();
    let mut home = d.http();
    assert_eq!(home.operation.url, "https://nubo.test/");
    assert_eq!(home.operation.header_value("Authorization"), None);
    home.resolve(Ok(HttpResponse::new(200).header("Content-Type", "text/html").body(HOME))).unwrap();
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources);
    r.resolve(StoreResponse::NewsSources(vec![])).unwrap();
    let mut saved = Vec::new();
    for _ in 0..4 {
        let mut r = d.store();
        let R::SaveNewsSource(s) = r.operation.clone() else { panic!("{:?}", r.operation) };
        let s = *s;
        r.resolve(StoreResponse::Done).unwrap();
        saved.push((s.url, s.kind, s.language, s.added_at));
    }
    assert_eq!(
        saved,
        [
            (
                format!("{SERVER}/ocs/v2.php/apps/announcementcenter/api/v1/announcements"),
                NewsSourceKind::Ocs,
                None,
                NOW
            ),
            ("https://nubo.test/nl/nieuws/feed.atom".into(), NewsSourceKind::Feed, Some("nl".into()), NOW),
            ("https://nubo.test/fr/actualites/feed.atom".into(), NewsSourceKind::Feed, Some("fr".into()), NOW),
            ("https://nubo.test/en/news/feed.atom".into(), NewsSourceKind::Feed, Some("en".into()), NOW),
        ]
    );
    // Looked for once: kept with the account, so a later start does not
    // look again (and a kill before this point does).
    let mut r = d.store();
    let R::SaveAccount(account) = r.operation.clone() else { panic!("{:?}", r.operation) };
    assert!(account.news_discovered);
    r.resolve(StoreResponse::Done).unwrap();
    // Then the poll itself.
    d.answer_time();
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources);
    r.resolve(StoreResponse::NewsSources(vec![])).unwrap();
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, vec![]);
    assert!(!d.model.news_discover_pending, "only once");
}

const OCS_URL: &str = "https://dav.test/ocs/v2.php/apps/announcementcenter/api/v1/announcements";

fn ocs_page(items: &str) -> HttpResponse {
    HttpResponse::new(200)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(format!(r#"{{"ocs":{{"meta":{{"status":"ok","statuscode":200,"message":"OK"}},"data":[{items}]}}}}"#))
}

#[test]
fn the_announcement_center_is_paged_with_the_accounts_credentials_and_a_deleted_one_goes() {
    let mut d = Driver::new(signed_in_model("fr-BE"));
    let center = NewsSource { kind: NewsSourceKind::Ocs, language: None, ..source(OCS_URL, "fr", 0) };
    start_poll(&mut d, vec![center]);
    let mut get = d.http();
    assert_eq!(get.operation.url, format!("{OCS_URL}?format=json"));
    assert_eq!(get.operation.header_value("OCS-APIRequest"), Some("true"));
    assert_eq!(get.operation.header_value("Authorization"), None, "not before the server asks");
    get.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"Nextcloud\""))).unwrap();
    let mut get = d.http();
    assert_eq!(get.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "pw").as_str()));
    get.resolve(Ok(ocs_page(
        r#"{"id":12,"author_id":"admin","author":"Nubo","time":1806912000,"subject":"Nouvelle version de Nextcloud","message":"Mise à jour **ce soir**.","groups":null,"comments":false},
           {"id":11,"author_id":"admin","author":"Nubo","time":1806825600,"subject":"Rappel : AG","message":"","groups":null,"comments":false}"#,
    )))
    .unwrap();
    let mut get = d.http();
    assert_eq!(get.operation.url, format!("{OCS_URL}?format=json&offset=11"));
    get.resolve(Ok(ocs_page(""))).unwrap();
    let gone = NewsRecord {
        id: 9,
        announcement: crate::announcements::Announcement {
            source: OCS_URL.into(),
            id: "https://dav.test/index.php/apps/announcementcenter/?announcement=10".into(),
            title: "Supprimée".into(),
            link: None,
            published: Some(1),
            updated: None,
            language: None,
            summary: None,
            content: None,
            attachments: vec![],
            author: None,
        },
        read: true,
        notified: false,
    };
    answer_stored(&mut d, vec![gone]);
    let apply = take_apply(&mut d);
    assert_eq!(apply.upserts.len(), 2);
    assert_eq!(apply.deleted, ["https://dav.test/index.php/apps/announcementcenter/?announcement=10"]);
    let sent = notifications(&mut d);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, "Mise à jour ce soir.");
    let stored = records(&apply, &[]);
    reload(&mut d, stored);
    d.model.news_sources = vec![apply.source];
    let view = d.view();
    assert_eq!(view.news.announcements[0].title, "Nouvelle version de Nextcloud");
    assert_eq!(view.news.announcements[0].source, "Annonces du serveur Nextcloud");
    assert_eq!(view.news.sources[0].kind, "ocs");
}

#[test]
fn the_announcement_center_gets_the_credentials_first_once_the_accounts_origin_asked_for_them() {
    let mut model = signed_in_model("fr-BE");
    model.account.as_mut().unwrap().credentials_asked = true;
    let mut d = Driver::new(model);
    let center = NewsSource { kind: NewsSourceKind::Ocs, language: None, ..source(OCS_URL, "fr", 0) };
    start_poll(&mut d, vec![center]);
    let get = d.http();
    assert_eq!(get.operation.url, format!("{OCS_URL}?format=json"));
    assert_eq!(get.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "pw").as_str()));
}

#[test]
fn an_ocs_error_envelope_is_said_and_nothing_is_deleted() {
    let mut d = Driver::new(signed_in_model("en-BE"));
    let center = NewsSource { kind: NewsSourceKind::Ocs, language: None, ..source(OCS_URL, "fr", 0) };
    start_poll(&mut d, vec![center]);
    d.http()
        .resolve(Ok(HttpResponse::new(403).body(
            r#"{"ocs":{"meta":{"status":"failure","statuscode":403,"message":"The app is disabled"},"data":[]}}"#,
        )))
        .unwrap();
    let apply = take_apply(&mut d);
    assert!(apply.upserts.is_empty() && apply.deleted.is_empty());
    assert_eq!(apply.source.last_error, Some(SourceError::Refused("The app is disabled".into())));
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, vec![]);
}

fn stored_news() -> Vec<NewsRecord> {
    let mut all = Vec::new();
    for (url, text, lang) in [(FR, FR_ATOM, "fr"), ("https://nubo.coop/nl/nieuws/feed.atom", NL_ATOM, "nl")] {
        let parsed = crate::announcements::parse_feed(
            &crate::announcements::FeedSource { id: url, url, declared_language: Some(lang) },
            text.as_bytes(),
        )
        .unwrap();
        for a in parsed.entries {
            all.push(NewsRecord { id: all.len() as i64 + 1, announcement: a, read: false, notified: true });
        }
    }
    all.sort_by_key(|r| std::cmp::Reverse(r.announcement.date()));
    all
}

#[test]
fn the_members_language_first_the_others_on_request_and_opening_marks_read() {
    let mut d = Driver::new(signed_in_model("nl-BE"));
    d.send(Event::NewsLoaded(Ok((vec![source(FR, "fr", 0)], stored_news()))));
    d.settle();
    let view = d.view().news;
    assert_eq!(view.language, "nl");
    assert!(view.announcements.iter().all(|a| a.language.as_deref() == Some("nl")), "{:?}", view.announcements);
    assert!(view.other_languages > 0);
    assert_eq!(view.other_languages_note, Some(format!("{} berichten in andere talen.", view.other_languages)));
    let unread = view.unread_count;
    assert_eq!(unread, stored_news().len());

    d.send(Event::ShowNews { unread_only: false, language: Some("all".into()) });
    answer_stored_after_sources(&mut d, stored_news());
    let all = d.view().news;
    assert_eq!(all.announcements.len(), stored_news().len());
    let first_other = all.announcements.iter().position(|a| a.language.as_deref() != Some("nl")).unwrap();
    assert!(all.announcements[first_other..].iter().all(|a| a.language.as_deref() != Some("nl")), "nl first");

    let id = all.announcements[0].id;
    d.send(Event::OpenAnnouncement { id });
    let mut r = d.store();
    assert_eq!(r.operation, R::MarkNewsRead { id: Some(id) });
    r.resolve(StoreResponse::Done).unwrap();
    let mut marked = stored_news();
    marked.iter_mut().find(|r| r.id == id).unwrap().read = true;
    answer_stored_after_sources(&mut d, marked.clone());
    let view = d.view();
    let open = view.announcement.expect("open");
    assert!(open.read && !open.document.blocks.is_empty());
    assert_eq!(view.news.unread_count, unread - 1);

    d.send(Event::ShowNews { unread_only: true, language: Some("fr".into()) });
    answer_stored_after_sources(&mut d, marked);
    let view = d.view().news;
    assert!(view.announcements.iter().all(|a| !a.read && a.language.as_deref().is_none_or(|l| l == "fr")));
}

fn answer_stored_after_sources(d: &mut Driver, records: Vec<NewsRecord>) {
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources);
    r.resolve(StoreResponse::NewsSources(vec![source(FR, "fr", 0)])).unwrap();
    answer_stored(d, records);
    d.settle();
}

#[test]
fn feeds_are_added_by_address_only_on_the_web_and_removed_with_their_entries() {
    let mut d = Driver::new(signed_in_model("en-BE"));
    for refused in ["javascript:alert(1)", "file:///etc/passwd", "http://news.example.org/feed", "pas une adresse"] {
        d.send(Event::AddFeed { url: refused.into() });
        d.settle();
        assert!(d.view().error.unwrap().contains("is not a feed address"), "{refused}");
    }
    d.send(Event::AddFeed { url: FR.into() });
    d.answer_time();
    let mut r = d.store();
    let R::SaveNewsSource(added) = r.operation.clone() else { panic!("{:?}", r.operation) };
    let added = *added;
    assert!(added.added_by_member && added.url == FR && added.added_at == NOW);
    r.resolve(StoreResponse::Done).unwrap();
    // Then read back and polled at once.
    let mut seen_get = false;
    loop {
        match d.next_effect() {
            Effect::Store(mut r) => match r.operation.clone() {
                R::ListNewsSources => r.resolve(StoreResponse::NewsSources(vec![added.clone()])).unwrap(),
                R::ListNews => {
                    r.resolve(StoreResponse::News(vec![])).unwrap();
                    if seen_get {
                        break;
                    }
                }
                R::ApplyNews(_) => r.resolve(StoreResponse::Done).unwrap(),
                other => {
                    // The reloads after a local change.
                    let answer = match other {
                        R::ListContacts { .. } => StoreResponse::Contacts(Default::default()),
                        R::ListNotes { .. } => StoreResponse::Notes(Default::default()),
                        R::ListReminders { .. } => StoreResponse::Reminders(ReminderPage::Kept(vec![])),
                        R::ListOccurrences { from, to, .. } => empty_occurrences(from, to),
                        R::ListConflicts => StoreResponse::Conflicts(vec![]),
                        other => panic!("{other:?}"),
                    };
                    r.resolve(answer).unwrap();
                }
            },
            Effect::Time(mut t) => t.resolve(crate::effects::Instant(NOW)).unwrap(),
            // The reminders after the change: none.
            Effect::Notify(mut n) => {
                assert_eq!(n.operation, NotifyRequest::Reminders(vec![]));
                n.resolve(()).unwrap()
            }
            Effect::Http(mut h) => {
                assert_eq!(h.operation.url, FR);
                seen_get = true;
                h.resolve(Ok(HttpResponse::new(404))).unwrap();
            }
            other => panic!("{other:?}"),
        }
    }
    d.settle();
    d.model.news_sources = vec![added];
    d.send(Event::AddFeed { url: FR.into() });
    d.settle();
    assert_eq!(d.view().error.as_deref(), Some(format!("This feed is already followed: {FR}").as_str()));

    d.send(Event::RemoveFeed { url: "https://nubo.coop/other.atom".into() });
    d.settle();
    assert!(d.view().error.unwrap().starts_with("No feed followed"));
    d.send(Event::RemoveFeed { url: FR.into() });
    let mut r = d.store();
    assert_eq!(r.operation, R::RemoveNewsSource { url: FR.into() });
    r.resolve(StoreResponse::Done).unwrap();
}

#[test]
fn an_announcements_event_goes_to_the_chosen_calendar_through_the_event_path() {
    let mut model = signed_in_model("fr-BE");
    model.collections = vec![calendar(false)];
    let mut d = Driver::new(model);
    d.send(Event::NewsLoaded(Ok((vec![], stored_news()))));
    d.settle();
    let ag = d.view().news.announcements.into_iter().find(|a| a.has_event).expect("the assembly carries its .ics");
    d.send(Event::AddAnnouncementToAgenda { id: ag.id, calendar: Some("Agenda Nubo".into()) });
    let mut get = d.http();
    assert_eq!(get.operation.url, "https://nubo.coop/events/ag-2027.ics");
    assert_eq!(get.operation.header_value("Authorization"), None);
    get.resolve(Ok(HttpResponse::new(200).header("Content-Type", "text/calendar").body(ICS))).unwrap();
    d.answer_time();
    match d.next_effect() {
        Effect::Uid(mut u) => u.resolve("new-uid-1".to_string()).unwrap(),
        other => panic!("{other:?}"),
    }
    let mut save = d.store();
    let R::SaveItem { id: None, collection, data, index } = save.operation.clone() else {
        panic!("{:?}", save.operation)
    };
    assert_eq!(collection, CALENDAR);
    assert!(data.contains("UID:new-uid-1") && data.contains("TZID=Europe/Brussels"), "{data}");
    assert!(!data.contains("METHOD:"));
    assert_eq!(index.title(), "Assemblée générale ordinaire de Nubo / Algemene vergadering van Nubo");
    save.resolve(StoreResponse::Saved { id: 40 }).unwrap();
    answer_reads(
        &mut d,
        vec![
            R::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
            R::ListConflicts,
            R::ListNotes { query: String::new() },
        ],
        2,
        vec![],
    );
    d.settle();
    assert_eq!(
        d.view().notice.as_deref(),
        Some("L’événement de l’annonce est ajouté à l’agenda «\u{202f}Agenda Nubo\u{202f}».")
    );
}

#[test]
fn looking_again_for_feeds_on_request_follows_only_the_new_ones_and_says_how_many() {
    let mut model = signed_in_model("fr-BE");
    if let Some(account) = model.account.as_mut() {
        account.news_discovered = true;
    }
    let mut d = Driver::new(model);
    d.send(Event::FindNewsFeeds);
    d.answer_time();
    let home = d.http();
    assert_eq!(home.operation.url, "https://nubo.test/");
    let mut home = home;
    home.resolve(Ok(HttpResponse::new(200).header("Content-Type", "text/html").body(HOME))).unwrap();
    // The French feed is followed already; the Dutch and English ones were removed by the member.
    let mut r = d.store();
    assert_eq!(r.operation, R::ListNewsSources);
    r.resolve(StoreResponse::NewsSources(vec![source("https://nubo.test/fr/actualites/feed.atom", "fr", 0)])).unwrap();
    let mut saved = Vec::new();
    for _ in 0..2 {
        let mut r = d.store();
        let R::SaveNewsSource(s) = r.operation.clone() else { panic!("{:?}", r.operation) };
        r.resolve(StoreResponse::Done).unwrap();
        saved.push(s.url);
    }
    assert_eq!(saved, ["https://nubo.test/nl/nieuws/feed.atom", "https://nubo.test/en/news/feed.atom"]);
    let mut r = d.store();
    assert!(matches!(r.operation, R::SaveAccount(_)), "{:?}", r.operation);
    r.resolve(StoreResponse::Done).unwrap();
    // The member reads what was found, then the poll goes on as usual.
    let reads = vec![
        R::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
        R::ListConflicts,
        R::ListNotes { query: String::new() },
        R::ListNewsSources,
    ];
    answer_reads(&mut d, reads, 2, vec![]);
    assert_eq!(d.model.notice, Some(Text::NewsFeedsFound(2)));
    assert_eq!(d.view().notice.as_deref(), Some("2 nouvelles sources d’annonces suivies."));
    assert!(!d.model.news_discover_asked && !d.model.news_discover_pending);
    assert!(notifications(&mut d).is_empty());
    reload(&mut d, vec![]);
}

#[test]
fn looking_for_feeds_needs_an_account() {
    let mut d = Driver::new(Model::default());
    d.send(Event::FindNewsFeeds);
    assert_eq!(d.model.refusal, Some(Text::NotSignedIn));
    assert!(!d.model.news_discover_pending);
}

#[test]
fn looking_again_when_the_home_page_cannot_be_read_says_so_instead_of_nothing_found() {
    let mut d = Driver::new(signed_in_model("nl-BE"));
    d.send(Event::FindNewsFeeds);
    d.answer_time();
    let mut home = d.http();
    assert_eq!(home.operation.url, "https://nubo.test/");
    home.resolve(Ok(HttpResponse::new(503))).unwrap();
    let mut r = d.store();
    assert!(matches!(r.operation, R::SaveAccount(_)), "{:?}", r.operation);
    r.resolve(StoreResponse::Done).unwrap();
    let reads = vec![
        R::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
        R::ListConflicts,
        R::ListNotes { query: String::new() },
        R::ListNewsSources,
    ];
    answer_reads(&mut d, reads, 2, vec![]);
    assert_eq!(d.model.notice, Some(Text::NewsHomeUnreadable("nubo.test".into())));
    assert_eq!(
        d.view().notice.as_deref(),
        Some("De startpagina van nubo.test kon niet gelezen worden; probeer later opnieuw.")
    );
}
