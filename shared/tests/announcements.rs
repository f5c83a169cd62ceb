//! The cooperative's announcements end to end, without I/O: its website
//! feeds (fr/nl/en Atom, an RSS and a JSON Feed variant, an edit, a broken
//! and a cut feed), its home page, the general assembly's `.ics`, and the
//! Announcement Center's OCS pages across two polls; then what the device
//! keeps, shows as unread and notifies.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use shared::announcements::feed::{parse_feed, FeedError, FeedSource};
use shared::announcements::ocs::{parse_page, OcsError, OcsListing};
use shared::announcements::poll::{
    self, on_network_error, on_response, on_unreadable_body, should_poll, FailureReason, PollDecision, PollOutcome,
    SourceState, Trigger, WaitReason,
};
use shared::announcements::{
    discover_feeds, merge, Announcement, BodyFormat, FeedFormat, Fetched, Listing, StoredAnnouncement,
};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

fn ms(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc).timestamp_millis()
}

/// The member's account was created on 1 March 2027.
fn account_created() -> i64 {
    ms("2027-03-01T00:00:00+01:00")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/announcements")
}

fn site(path: &str) -> Vec<u8> {
    let path = fixtures().join("site").join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ocs(path: &str) -> Vec<u8> {
    let path = fixtures().join("ocs").join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const FR: FeedSource<'static> =
    FeedSource { id: "nubo-fr", url: "https://nubo.coop/fr/actualites/feed.atom", declared_language: Some("fr") };
const FR_RSS: FeedSource<'static> =
    FeedSource { id: "nubo-fr-rss", url: "https://nubo.coop/fr/actualites/feed.rss", declared_language: Some("fr") };
const NL: FeedSource<'static> =
    FeedSource { id: "nubo-nl", url: "https://nubo.coop/nl/nieuws/feed.atom", declared_language: Some("nl") };
const EN: FeedSource<'static> =
    FeedSource { id: "nubo-en", url: "https://nubo.coop/en/news/feed.atom", declared_language: Some("en") };
const EN_JSON: FeedSource<'static> =
    FeedSource { id: "nubo-en-json", url: "https://nubo.coop/en/news/feed.json", declared_language: Some("en") };

fn ids(entries: &[Announcement]) -> Vec<&str> {
    entries.iter().map(|e| e.id.as_str()).collect()
}

fn window(source: &str, entries: Vec<Announcement>) -> Fetched {
    Fetched { source: source.into(), listing: Listing::Window, entries }
}

fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_demo_serves_exactly_the_tested_files() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/seed/news");
    let tested = files_below(&fixtures().join("site"));
    let served: Vec<PathBuf> = files_below(&seed).into_iter().filter(|p| p != Path::new("README.md")).collect();
    assert_eq!(tested, served);
    for path in &tested {
        let a = std::fs::read(fixtures().join("site").join(path)).unwrap();
        let b = std::fs::read(seed.join(path)).unwrap();
        assert!(a == b, "{} differs between the fixtures and scripts/seed/news", path.display());
    }
}

#[test]
fn french_atom_feed() {
    let feed = parse_feed(&FR, &site("fr/actualites/feed.atom")).unwrap();
    assert_eq!(feed.format, FeedFormat::Atom);
    assert_eq!(feed.language.as_deref(), Some("fr"));
    assert_eq!(feed.title.as_deref(), Some("Nubo – Actualités de la coopérative"));
    assert_eq!(
        ids(&feed.entries),
        vec![
            "tag:nubo.coop,2027:fr/actualites/maintenance-2027-04-20",
            "tag:nubo.coop,2027:fr/actualites/assemblee-generale-2027",
            "tag:nubo.coop,2027:fr/lettre/2027-03",
            "tag:nubo.coop,2026:fr/actualites/assemblee-generale-extraordinaire-2026",
        ]
    );
    assert!(feed.entries.iter().all(|e| e.language.as_deref() == Some("fr") && e.source == "nubo-fr"));

    let ag = &feed.entries[1];
    assert_eq!(ag.title, "Assemblée générale ordinaire le samedi 8 mai 2027");
    assert_eq!(ag.link.as_deref(), Some("https://nubo.coop/fr/actualites/assemblee-generale-2027/"));
    assert_eq!(ag.published, Some(ms("2027-04-06T09:00:00+02:00")));
    assert_eq!(ag.updated, Some(ms("2027-04-06T09:00:00+02:00")));
    assert_eq!(ag.attachments.len(), 1);
    let ics = &ag.attachments[0];
    assert_eq!(ics.url, "https://nubo.coop/events/ag-2027.ics");
    assert_eq!(ics.media_type.as_deref(), Some("text/calendar"));
    assert_eq!(ics.title.as_deref(), Some("Assemblée générale 2027 (iCalendar)"));
    assert_eq!(ics.length, Some(site("events/ag-2027.ics").len() as u64));
    let content = ag.content.as_ref().unwrap();
    assert_eq!(content.format, BodyFormat::Html);
    assert!(content.raw.contains("<strong>assemblée générale ordinaire</strong>"), "{}", content.raw);
    assert_eq!(ag.summary.as_ref().unwrap().format, BodyFormat::Text);

    let newsletter = &feed.entries[2];
    assert_eq!(newsletter.title, "Lettre d'information n° 27 – mars 2027", "an HTML title, as text");
    let xhtml = newsletter.content.as_ref().unwrap();
    assert_eq!(xhtml.format, BodyFormat::Html);
    assert!(xhtml.raw.contains("<li>L'application compagnon arrive sur Android, iOS et le web</li>"), "{}", xhtml.raw);
    assert!(newsletter.attachments.is_empty());
}

#[test]
fn dutch_feed_with_an_entry_in_french() {
    let feed = parse_feed(&NL, &site("nl/nieuws/feed.atom")).unwrap();
    let languages: Vec<_> = feed.entries.iter().map(|e| e.language.as_deref()).collect();
    assert_eq!(languages, vec![Some("nl"), Some("nl"), Some("fr"), Some("nl")]);
    assert_eq!(feed.entries[1].attachments[0].url, "https://nubo.coop/events/ag-2027.ics");
}

#[test]
fn english_feed_takes_the_declared_language_and_resolves_dot_segments() {
    let feed = parse_feed(&EN, &site("en/news/feed.atom")).unwrap();
    assert_eq!(feed.language, None);
    assert!(feed.entries.iter().all(|e| e.language.as_deref() == Some("en")));
    let undeclared = FeedSource { declared_language: None, ..EN };
    assert!(parse_feed(&undeclared, &site("en/news/feed.atom")).unwrap().entries.iter().all(|e| e.language.is_none()));
    assert_eq!(feed.entries[1].attachments[0].url, "https://nubo.coop/events/ag-2027.ics");
    assert_eq!(feed.entries[1].link.as_deref(), Some("https://nubo.coop/en/news/general-assembly-2027/"));
}

#[test]
fn rss_variant_is_the_same_news() {
    let atom = parse_feed(&FR, &site("fr/actualites/feed.atom")).unwrap();
    let rss = parse_feed(&FR_RSS, &site("fr/actualites/feed.rss")).unwrap();
    assert_eq!(rss.format, FeedFormat::Rss);
    assert_eq!(rss.language.as_deref(), Some("fr-be"));
    assert_eq!(ids(&rss.entries), ids(&atom.entries));
    let ag = &rss.entries[1];
    assert_eq!(ag.published, atom.entries[1].published);
    assert_eq!(ag.attachments.len(), 1);
    assert_eq!(ag.attachments[0].url, "https://nubo.coop/events/ag-2027.ics");
    assert_eq!(ag.attachments[0].length, Some(1611));
    assert_eq!(ag.content.as_ref().unwrap().format, BodyFormat::Html);
    assert!(ag.content.as_ref().unwrap().raw.starts_with("<p>Le conseil d'administration"));
    assert_eq!(ag.summary.as_ref().unwrap().format, BodyFormat::Html, "RSS descriptions are HTML");
    assert_eq!(rss.entries[3].published, Some(ms("2026-10-15T12:00:00+02:00")));
}

#[test]
fn json_feed_variant_is_the_same_news() {
    let atom = parse_feed(&EN, &site("en/news/feed.atom")).unwrap();
    let json = parse_feed(&EN_JSON, &site("en/news/feed.json")).unwrap();
    assert_eq!(json.format, FeedFormat::JsonFeed);
    assert_eq!(ids(&json.entries), ids(&atom.entries));
    let ga = &json.entries[1];
    assert_eq!(ga.link.as_deref(), Some("https://nubo.coop/en/news/general-assembly-2027/"));
    assert_eq!(ga.attachments[0].url, "https://nubo.coop/events/ag-2027.ics");
    assert_eq!(ga.attachments[0].title.as_deref(), Some("General Assembly 2027 (iCalendar)"));
    assert_eq!(ga.published, Some(ms("2027-04-06T09:00:00+02:00")));
    let newsletter = &json.entries[2];
    assert_eq!(newsletter.language.as_deref(), Some("en-gb"), "the item's own language");
    assert_eq!(newsletter.content.as_ref().unwrap().format, BodyFormat::Text);
    assert_eq!(json.entries[0].language.as_deref(), Some("en"));
}

#[test]
fn the_general_assembly_ics_is_a_brussels_event() {
    let text = String::from_utf8(site("events/ag-2027.ics")).unwrap();
    assert!(text.lines().all(|line| line.len() <= 76), "folded at 75 octets");
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n"));
    assert!(text.contains("TZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    let viewer: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let series = shared::agenda::ical::parse_resource(&text, viewer).unwrap();
    assert_eq!(series.len(), 1);
    let event = series[0].master.as_ref().unwrap();
    assert_eq!(event.uid, "assemblee-generale-2027@nubo.coop");
    assert_eq!(event.summary, "Assemblée générale ordinaire de Nubo / Algemene vergadering van Nubo");
    // Saturday 8 May 2027, 14:00–17:30 in Brussels (CEST, UTC+2).
    assert_eq!(event.start.instant(viewer).with_timezone(&Utc).timestamp_millis(), ms("2027-05-08T12:00:00Z"));
    assert_eq!(event.end.instant(viewer).with_timezone(&Utc).timestamp_millis(), ms("2027-05-08T15:30:00Z"));
    assert!(event.unknown_zone.is_none());
}

#[test]
fn broken_feeds_are_typed_errors() {
    assert!(matches!(parse_feed(&FR, &site("variants/fr-feed-malformed.atom")), Err(FeedError::Malformed(_))));
    assert_eq!(parse_feed(&FR, &site("variants/fr-feed-truncated.atom")), Err(FeedError::Truncated));
    assert_eq!(parse_feed(&FR, &site("index.html")), Err(FeedError::NotAFeed));
    // Every cut of every feed: an error, never a partial list of entries.
    for (source, path) in
        [(FR, "fr/actualites/feed.atom"), (FR_RSS, "fr/actualites/feed.rss"), (EN_JSON, "en/news/feed.json")]
    {
        let bytes = site(path);
        let last = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).unwrap();
        for cut in (0..last).step_by(7) {
            match parse_feed(&source, &bytes[..cut]) {
                Err(FeedError::Truncated | FeedError::NotAFeed) => {}
                other => panic!("{path} cut at {cut}: {other:?}"),
            }
        }
    }
}

#[test]
fn an_edit_updates_in_place_keeps_read_state_and_is_not_notified_again() {
    let first = parse_feed(&FR, &site("fr/actualites/feed.atom")).unwrap();
    let polled = merge(&[], &window("nubo-fr", first.entries), account_created());
    assert_eq!(polled.added.len(), 4);
    assert_eq!(
        polled.notify,
        vec![
            "tag:nubo.coop,2027:fr/actualites/maintenance-2027-04-20",
            "tag:nubo.coop,2027:fr/actualites/assemblee-generale-2027",
            "tag:nubo.coop,2027:fr/lettre/2027-03",
        ],
        "the extraordinary assembly of 2026 predates the account"
    );
    assert!(polled.entries.iter().all(|e| !e.read));

    // The member reads the maintenance notice and the newsletter.
    let mut stored = polled.entries;
    for kept in &mut stored {
        if kept.announcement.id.ends_with("maintenance-2027-04-20") || kept.announcement.id.ends_with("lettre/2027-03")
        {
            kept.read = true;
        }
    }

    // The same feed again: nothing new, nothing changed.
    let again = parse_feed(&FR, &site("fr/actualites/feed.atom")).unwrap();
    let repolled = merge(&stored, &window("nubo-fr", again.entries), account_created());
    assert!(repolled.added.is_empty() && repolled.updated.is_empty() && repolled.notify.is_empty());
    assert_eq!(repolled.entries, stored_sorted(&stored));

    // The maintenance window moved: same id, new date, new title.
    let edited = parse_feed(&FR, &site("variants/fr-feed-edited.atom")).unwrap();
    let result = merge(&repolled.entries, &window("nubo-fr", edited.entries), account_created());
    assert_eq!(result.updated, vec!["tag:nubo.coop,2027:fr/actualites/maintenance-2027-04-20"]);
    assert!(result.added.is_empty() && result.notify.is_empty() && result.deleted.is_empty());
    assert_eq!(result.entries.len(), 4, "shown once");
    let maintenance = &result.entries[0];
    assert_eq!(
        maintenance.announcement.title,
        "Maintenance du cloud le mardi 20 avril, de 21 h à 23 h 30 (horaire modifié)"
    );
    assert_eq!(maintenance.announcement.updated, Some(ms("2027-04-15T16:30:00+02:00")));
    assert!(maintenance.read, "read before the edit, read after");
    let unread: Vec<_> = result.entries.iter().filter(|e| !e.read).map(|e| e.announcement.id.as_str()).collect();
    assert_eq!(
        unread,
        vec![
            "tag:nubo.coop,2027:fr/actualites/assemblee-generale-2027",
            "tag:nubo.coop,2026:fr/actualites/assemblee-generale-extraordinaire-2026",
        ]
    );
}

fn stored_sorted(stored: &[StoredAnnouncement]) -> Vec<StoredAnnouncement> {
    let mut sorted = stored.to_vec();
    sorted.sort_by(|a, b| {
        b.announcement.date().cmp(&a.announcement.date()).then(a.announcement.id.cmp(&b.announcement.id))
    });
    sorted
}

#[test]
fn the_atom_and_rss_variants_are_kept_once() {
    let atom = parse_feed(&FR, &site("fr/actualites/feed.atom")).unwrap();
    let stored = merge(&[], &window("nubo-fr", atom.entries), account_created()).entries;
    let rss = parse_feed(&FR_RSS, &site("fr/actualites/feed.rss")).unwrap();
    let result = merge(&stored, &window("nubo-fr-rss", rss.entries), account_created());
    assert!(result.added.is_empty() && result.notify.is_empty());
    assert_eq!(result.entries.len(), 4);
    assert!(result.entries.iter().all(|e| e.announcement.source == "nubo-fr"));
}

/// Drives a whole OCS listing from the fixture pages of one poll, checking
/// each request it asks for.
fn ocs_listing(poll: &str) -> Fetched {
    let mut listing = OcsListing::new("nubo-cloud", "https://cloud.nubo.coop/");
    let pages = [("page-1.json", None), ("page-2-offset-16.json", Some("16")), ("page-3-offset-14.json", Some("14"))];
    for (file, offset) in pages {
        let request = listing.next_request().expect("another page");
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/ocs/v2.php/apps/announcementcenter/api/v1/announcements");
        assert!(request.headers.iter().any(|(k, v)| k == "OCS-APIRequest" && v == "true"));
        let asked = request.query.iter().find(|(k, _)| k == "offset").map(|(_, v)| v.as_str());
        assert_eq!(asked, offset, "{poll}/{file}");
        listing.receive(200, &ocs(&format!("{poll}/{file}"))).unwrap();
    }
    assert!(listing.next_request().is_none(), "an empty page ends the listing");
    listing.finish()
}

fn announcement_id(n: u64) -> String {
    format!("https://cloud.nubo.coop/index.php/apps/announcementcenter/?announcement={n}")
}

#[test]
fn ocs_pages_deletion_and_notifications() {
    let first = ocs_listing("poll-1");
    assert_eq!(first.listing, Listing::Complete);
    assert_eq!(first.entries.len(), 9);
    let board = first.entries.iter().find(|e| e.id == announcement_id(22)).unwrap();
    assert_eq!(board.title, "Candidatures au conseil d'administration jusqu'au 30 avril");
    assert_eq!(board.content.as_ref().unwrap().format, BodyFormat::Markdown);
    assert_eq!(board.content.as_ref().unwrap().raw, "Envoyez votre candidature à <ca@nubo.coop> avant le 30 avril.");
    assert_eq!(board.published, Some(ms("2027-04-14T12:00:00+02:00")));
    assert_eq!(board.link.as_deref(), Some(announcement_id(22).as_str()));
    let newsletter = first.entries.iter().find(|e| e.id == announcement_id(18)).unwrap();
    assert_eq!(newsletter.author.as_deref(), Some("Hélène Dubois"));

    let polled = merge(&[], &first, account_created());
    let expected: Vec<String> = [22, 21, 20, 19, 18].map(announcement_id).to_vec();
    assert_eq!(polled.notify, expected, "14 to 17 predate the account");
    let mut stored = polled.entries;
    for kept in &mut stored {
        if kept.announcement.id == announcement_id(19) {
            kept.read = true;
        }
    }

    // Later: 20 was deleted, 23 posted.
    let second = ocs_listing("poll-2");
    let result = merge(&stored, &second, account_created());
    assert_eq!(result.deleted, vec![announcement_id(20)]);
    assert_eq!(result.added, vec![announcement_id(23)]);
    assert_eq!(result.notify, vec![announcement_id(23)]);
    assert!(result.updated.is_empty());
    assert_eq!(result.entries.len(), 9);
    assert!(!result.entries.iter().any(|e| e.announcement.id == announcement_id(20)));
    assert!(result.entries.iter().find(|e| e.announcement.id == announcement_id(19)).unwrap().read);

    // A listing cut short proves nothing about deletions.
    let mut partial = OcsListing::new("nubo-cloud", "https://cloud.nubo.coop");
    partial.receive(200, &ocs("poll-2/page-1.json")).unwrap();
    let cut = merge(&stored, &partial.finish(), account_created());
    assert!(cut.deleted.is_empty());
    assert_eq!(cut.entries.len(), 10);
}

#[test]
fn ocs_errors_are_typed() {
    let unauthorized = parse_page(401, &ocs("error-997-http-401.json"), None).unwrap_err();
    assert_eq!(
        unauthorized,
        OcsError::Refused { http_status: 401, statuscode: 997, message: "Current user is not logged in".into() }
    );
    assert!(unauthorized.is_unauthorized());
    let forbidden = parse_page(403, &ocs("error-403.json"), None).unwrap_err();
    assert_eq!(
        forbidden,
        OcsError::Refused { http_status: 403, statuscode: 403, message: "Logged in user must be an admin".into() }
    );
    assert!(!forbidden.is_unauthorized());
    let mut listing = OcsListing::new("nubo-cloud", "https://cloud.nubo.coop");
    assert!(listing.receive(401, &ocs("error-997-http-401.json")).is_err());
    assert_eq!(listing.next_request().unwrap().query.len(), 1, "a failed page is asked again, from the start");
}

#[test]
fn the_home_page_advertises_every_feed() {
    let page = site("index.html");
    for root in ["https://nubo.coop/", "http://127.0.0.1:8081/"] {
        let feeds = discover_feeds(root, &page);
        let found: Vec<_> =
            feeds.iter().map(|f| (f.url.strip_prefix(root).unwrap(), f.format, f.language.as_deref())).collect();
        assert_eq!(
            found,
            vec![
                ("fr/actualites/feed.atom", FeedFormat::Atom, Some("fr")),
                ("fr/actualites/feed.rss", FeedFormat::Rss, Some("fr")),
                ("nl/nieuws/feed.atom", FeedFormat::Atom, Some("nl")),
                ("en/news/feed.atom", FeedFormat::Atom, Some("en")),
                ("en/news/feed.json", FeedFormat::JsonFeed, Some("en")),
            ]
        );
        assert_eq!(feeds[2].title.as_deref(), Some("Nubo – Nieuws"));
    }
}

const URL: &str = "https://nubo.coop/fr/actualites/feed.atom";

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn poll_headers(decision: PollDecision) -> Vec<(String, String)> {
    match decision {
        PollDecision::Poll { headers } => headers,
        other => panic!("expected a poll, got {other:?}"),
    }
}

#[test]
fn conditional_requests_304_and_freshness() {
    let t0 = ms("2027-04-12T12:00:00+02:00");
    assert!(poll_headers(should_poll(&SourceState::default(), t0, Trigger::Scheduled)).is_empty());

    let answer = headers(&[
        ("ETag", "W/\"5f1e-2027-04-12\""),
        ("Last-Modified", "Mon, 12 Apr 2027 08:00:00 GMT"),
        ("Cache-Control", "public, max-age=7200"),
    ]);
    let (state, outcome) = on_response(&SourceState::default(), t0, URL, 200, &answer);
    assert_eq!(outcome, PollOutcome::Fetched);
    assert_eq!(state.max_age_until, Some(t0 + 2 * HOUR));

    // Fresh for two hours, for the schedule and the member alike.
    for trigger in [Trigger::Scheduled, Trigger::Member] {
        assert_eq!(
            should_poll(&state, t0 + 90 * MINUTE, trigger),
            PollDecision::Wait { until: t0 + 2 * HOUR, reason: WaitReason::Fresh }
        );
    }
    let conditional = poll_headers(should_poll(&state, t0 + 2 * HOUR, Trigger::Scheduled));
    assert_eq!(
        conditional,
        headers(&[("If-None-Match", "W/\"5f1e-2027-04-12\""), ("If-Modified-Since", "Mon, 12 Apr 2027 08:00:00 GMT")])
    );

    let t1 = t0 + 2 * HOUR;
    let (state, outcome) = on_response(&state, t1, URL, 304, &[]);
    assert_eq!(outcome, PollOutcome::NotModified);
    assert_eq!(state.etag.as_deref(), Some("W/\"5f1e-2027-04-12\""), "kept through a 304");
    assert_eq!(state.last_success, Some(t1));
    assert_eq!(state.max_age_until, None);
    // Without max-age, the schedule waits an hour; the member need not.
    assert_eq!(
        should_poll(&state, t1 + 30 * MINUTE, Trigger::Scheduled),
        PollDecision::Wait { until: t1 + poll::POLL_INTERVAL_MS, reason: WaitReason::Interval }
    );
    assert!(matches!(should_poll(&state, t1 + 30 * MINUTE, Trigger::Member), PollDecision::Poll { .. }));
}

#[test]
fn retry_after_is_honoured_by_everyone() {
    let t0 = ms("2027-04-20T20:05:00+02:00");
    let healthy = SourceState { last_success: Some(t0 - 3 * HOUR), ..SourceState::default() };
    let (state, outcome) = on_response(&healthy, t0, URL, 503, &headers(&[("Retry-After", "3600")]));
    assert_eq!(outcome, PollOutcome::Failed { reason: FailureReason::Status(503), since: t0, retry_at: t0 + HOUR });
    for trigger in [Trigger::Scheduled, Trigger::Member] {
        assert_eq!(
            should_poll(&state, t0 + 30 * MINUTE, trigger),
            PollDecision::Wait { until: t0 + HOUR, reason: WaitReason::RetryAfter }
        );
    }
    assert!(matches!(should_poll(&state, t0 + HOUR, Trigger::Scheduled), PollDecision::Poll { .. }));

    // The same as an HTTP date: the end of the maintenance window.
    let (state, _) = on_response(&healthy, t0, URL, 503, &headers(&[("Retry-After", "Tue, 20 Apr 2027 21:00:00 GMT")]));
    assert_eq!(state.retry_after_until, Some(ms("2027-04-20T23:00:00+02:00")));
}

#[test]
fn failures_back_off_exponentially_up_to_six_hours() {
    let t0 = ms("2027-04-20T20:00:00+02:00");
    let mut state = SourceState { last_success: Some(t0 - HOUR), ..SourceState::default() };
    let mut now = t0;
    let mut waits = Vec::new();
    for _ in 0..9 {
        let (next, outcome) = on_network_error(&state, now);
        let PollOutcome::Failed { since, retry_at, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(since, t0, "failing since the first failure");
        waits.push((retry_at - now) / MINUTE);
        assert_eq!(
            should_poll(&next, retry_at - 1, Trigger::Scheduled),
            PollDecision::Wait { until: retry_at, reason: WaitReason::Backoff }
        );
        assert!(matches!(should_poll(&next, retry_at - 1, Trigger::Member), PollDecision::Poll { .. }));
        state = next;
        now = retry_at;
    }
    assert_eq!(waits, vec![5, 10, 20, 40, 80, 160, 320, 360, 360]);
    let (state, outcome) = on_response(&state, now, URL, 200, &[]);
    assert_eq!(outcome, PollOutcome::Fetched);
    assert_eq!((state.consecutive_failures, state.failing_since), (0, None));
}

#[test]
fn moved_permanently_only_within_the_origin() {
    let state = SourceState {
        etag: Some("\"v1\"".into()),
        last_modified: Some("Mon, 12 Apr 2027 08:00:00 GMT".into()),
        last_success: Some(0),
        ..SourceState::default()
    };
    let now = ms("2027-04-12T12:00:00+02:00");
    let (moved, outcome) = on_response(&state, now, URL, 301, &headers(&[("Location", "/fr/news/atom.xml")]));
    assert_eq!(outcome, PollOutcome::Redirect { to: "https://nubo.coop/fr/news/atom.xml".into(), permanent: true });
    assert_eq!((moved.etag, moved.last_modified), (None, None), "validators belong to the old URL");

    let (_, outcome) = on_response(&state, now, URL, 308, &headers(&[("Location", "https://nubo.coop:443/feed")]));
    assert_eq!(outcome, PollOutcome::Redirect { to: "https://nubo.coop/feed".into(), permanent: true });
    let (kept, outcome) = on_response(&state, now, URL, 307, &headers(&[("Location", "/tmp/feed.atom")]));
    assert_eq!(outcome, PollOutcome::Redirect { to: "https://nubo.coop/tmp/feed.atom".into(), permanent: false });
    assert_eq!(kept, state);

    for elsewhere in
        ["https://evil.example/feed", "http://nubo.coop/fr/actualites/feed.atom", "https://nubo.coop:8443/f"]
    {
        let (next, outcome) = on_response(&state, now, URL, 301, &headers(&[("Location", elsewhere)]));
        assert!(
            matches!(&outcome, PollOutcome::Failed { reason: FailureReason::RedirectElsewhere(to), .. } if to == elsewhere
                || to.starts_with(elsewhere)),
            "{elsewhere}: {outcome:?}"
        );
        assert_eq!(next.consecutive_failures, 1);
    }
    let (_, outcome) = on_response(&state, now, URL, 301, &[]);
    assert!(matches!(outcome, PollOutcome::Failed { reason: FailureReason::BadRedirect, .. }));
}

#[test]
fn an_unreadable_body_forgets_the_validators() {
    let now = ms("2027-04-12T12:00:00+02:00");
    let before = SourceState { etag: Some("\"v1\"".into()), last_success: Some(now - HOUR), ..SourceState::default() };
    let (after, _) = on_response(&before, now, URL, 200, &headers(&[("ETag", "\"v2\"")]));
    assert_eq!(after.etag.as_deref(), Some("\"v2\""));
    let (failed, outcome) = on_unreadable_body(&before, now);
    assert!(matches!(outcome, PollOutcome::Failed { reason: FailureReason::Unreadable, .. }));
    assert_eq!(failed.etag, None);
    assert_eq!(failed.last_success, Some(now - HOUR));
    assert!(poll_headers(should_poll(&failed, now + HOUR, Trigger::Scheduled)).is_empty());
}

/// A small deterministic generator, so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPLICES: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"&#0;",
    b"]]>",
    b"<![CDATA[",
    b"<entry>",
    b"</entry>",
    b"<item>",
    b"xml:lang=\"",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"99999999999999999999999",
    b"\xC3",
    b"\xFF\xFE",
    b"\0",
    "»".as_bytes(),
    b"<itunes:duration xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">99999999999999999999:00:00</itunes:duration>",
    b"<author>a@b.be\xC2\xBB</author>",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] = rng.next() as u8;
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            3 => bytes.truncate(at),
            // Hostile values where feed-rs reads them: inside an entry.
            4 => {
                let starts: Vec<usize> = (0..bytes.len())
                    .filter(|&i| bytes[i..].starts_with(b"<entry") || bytes[i..].starts_with(b"<item"))
                    .filter_map(|i| bytes[i..].iter().position(|&b| b == b'>').map(|end| i + end + 1))
                    .collect();
                let to = starts.get(rng.below(starts.len())).copied().unwrap_or(at);
                let splice = SPLICES[rng.below(SPLICES.len())];
                bytes.splice(to..to, splice.iter().copied());
            }
            _ => {
                let splice = SPLICES[rng.below(SPLICES.len())];
                bytes.splice(at..at, splice.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn no_panic_on_mutated_input() {
    let inputs: Vec<Vec<u8>> = [
        "fr/actualites/feed.atom",
        "fr/actualites/feed.rss",
        "nl/nieuws/feed.atom",
        "en/news/feed.json",
        "variants/fr-feed-truncated.atom",
        "index.html",
    ]
    .into_iter()
    .map(site)
    .chain(["poll-1/page-1.json", "error-403.json"].into_iter().map(ocs))
    .collect();
    let mut rng = Rng(0x5eed_2027_0508_1400);
    for round in 0..400 {
        for input in &inputs {
            let seed = rng.0;
            let mutated = mutate(&mut rng, input);
            let parsed = parse_feed(&FR, &mutated);
            assert!(!matches!(parsed, Err(FeedError::Internal(_))), "round {round}, seed {seed:#x}: {parsed:?}");
            let _ = parse_page(200, &mutated, Some(17));
            let _ = discover_feeds("https://nubo.coop/", &mutated);
        }
    }
}
