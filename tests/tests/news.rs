//! The cooperative's announcements through the real `nubo` binary, against
//! a real HTTP server on loopback (`tests/servers/feed_server.py`) serving
//! the seed site's feed files from a folder the test edits, answering
//! conditional requests with 304, and told to answer 503 + Retry-After, to
//! move a feed (301) on its origin or to another one, or to cut a feed.
//! The account itself is on a real Radicale.
//!
//! Nextcloud's Announcement Center: no Nextcloud runs on this machine.
//! `tests/servers/nextcloud_like.py` puts Radicale under `/remote.php/dav/`
//! and answers the Announcement Center's API from recorded announcements in
//! its documented shape (paging, a deletion, the OCS error envelope); the
//! core's step tests (`shared/src/model/news/tests.rs`) do the same with
//! every request asserted.

mod common;

use std::path::{Path, PathBuf};

use common::Device;
use nubo_tests::{http, PythonServer, Radicale};
use serde_json::{json, Value};

const USER: &str = "marc";

struct Site {
    server: PythonServer,
    other_port: u16,
    root: tempfile::TempDir,
}

impl Site {
    /// The seed site, copied so the test can edit it.
    fn start() -> Self {
        let root = tempfile::tempdir().unwrap();
        copy_dir(&nubo_tests::repo_root().join("scripts/seed/news"), root.path());
        let other_port = nubo_tests::free_port();
        let other = other_port.to_string();
        let dir = root.path().to_str().unwrap().to_string();
        let server = PythonServer::start(&[
            "tests/servers/feed_server.py",
            "--port",
            "{port}",
            "--other-port",
            &other,
            "--root",
            &dir,
        ]);
        Self { server, other_port, root }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port)
    }

    fn file(&self, path: &str) -> PathBuf {
        self.root.path().join(path.trim_start_matches('/'))
    }

    fn rule(&self, rule: Value) {
        let (status, _, _) = http(&self.url(""), "POST", "/_rule", &[], rule.to_string().as_bytes());
        assert_eq!(status, 204);
    }

    /// Every request the site (and the other origin) received.
    fn log(&self) -> Vec<Value> {
        let (_, _, body) = http(&self.url(""), "GET", "/_log", &[], b"");
        serde_json::from_slice::<Value>(&body).unwrap().as_array().cloned().unwrap()
    }

    fn requests_for(&self, path: &str) -> Vec<Value> {
        self.log().into_iter().filter(|r| r["path"] == path && r["port"] == self.server.port).collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const FR: &str = "/fr/actualites/feed.atom";
const NL: &str = "/nl/nieuws/feed.atom";
const EN: &str = "/en/news/feed.atom";

fn bells(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("🔔")).collect()
}

/// The announcements shown in every language.
fn all_news(phone: &Device) -> Vec<Value> {
    phone.json(&["news", "--all-languages"])["news"]["announcements"].as_array().cloned().unwrap()
}

fn sync(phone: &Device) -> common::Run {
    let run = phone.run(&["sync"]);
    assert!(run.ok, "sync failed:\n{}\n{}", run.stdout, run.stderr);
    run
}

fn sources(phone: &Device) -> Vec<Value> {
    phone.json(&["news", "feeds"])["news"]["sources"].as_array().cloned().unwrap()
}

/// An entry dated an hour from now, in the cooperative's Atom shape.
fn new_entry(id: &str, title: &str) -> String {
    let when = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 3600;
    let date = rfc3339(when);
    format!(
        "<entry>\n    <id>{id}</id>\n    <title>{title}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"https://nubo.coop/fr/actualites/{id}/\"/>\n    <published>{date}</published>\n    <updated>{date}</updated>\n    <content type=\"html\">&lt;p&gt;{title}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>\n  </entry>\n  "
    )
}

/// Seconds since the epoch as RFC 3339 UTC (civil-from-days).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn add_first_entry(site: &Site, path: &str, entry: &str) {
    let file = site.file(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("<entry>").unwrap();
    let mut edited = text.clone();
    edited.insert_str(at, entry);
    std::fs::write(&file, edited).unwrap();
}

fn signed_in() -> (Radicale, Device) {
    let server = Radicale::start();
    server.create_addressbook(USER, "contacts", "Contacts");
    server.create_calendar(USER, "agenda", "Agenda Nubo", "#0082C9");
    let phone = Device::new();
    phone.sign_in(USER, "pw", &server.url());
    (server, phone)
}

#[test]
fn a_feed_is_fetched_then_asked_conditionally_and_each_new_entry_notified_once() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    let added = phone.run(&["news", "add-feed", &site.url(FR)]);
    assert!(added.ok, "{}\n{}", added.stdout, added.stderr);
    let first = bells(&added.stderr).len();
    assert!(first <= 3, "only entries newer than the feed's addition: {}", added.stderr);
    assert!(!added.stderr.contains("extraordinaire"), "the 2026 assembly is older: {}", added.stderr);

    let news = all_news(&phone);
    assert_eq!(news.len(), 4);
    let titles: Vec<&str> = news.iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert!(titles[0].starts_with("Maintenance du cloud"), "{titles:?}");
    assert!(news.iter().all(|n| n["read"] == false));
    let fetches = site.requests_for(FR);
    assert_eq!(fetches.len(), 1);
    assert!(fetches[0]["headers"].get("authorization").is_none(), "no credentials to a feed");

    // The next sync asks with the validators and gets 304: nothing new.
    let run = sync(&phone);
    assert!(bells(&run.stderr).is_empty(), "{}", run.stderr);
    let fetches = site.requests_for(FR);
    assert_eq!(fetches.len(), 2);
    assert!(fetches[1]["headers"]["if-none-match"].as_str().is_some_and(|t| t.starts_with('"')), "{fetches:?}");
    assert!(fetches[1]["headers"].get("if-modified-since").is_some());
    assert_eq!(all_news(&phone).len(), 4);

    // A background poll within the hour asks nothing at all.
    let poll = phone.run(&["news", "poll"]);
    assert!(poll.ok && bells(&poll.stderr).is_empty(), "{}", poll.stderr);
    assert_eq!(site.requests_for(FR).len(), 2);

    // A new entry: exactly one notification, then none on the next syncs.
    add_first_entry(&site, FR, &new_entry("tag:nubo.coop,2027:fr/actualites/nouveau", "Nouvelle permanence"));
    let run = sync(&phone);
    assert_eq!(bells(&run.stderr), ["🔔 Nouvelle permanence: Nouvelle permanence"], "{}", run.stderr);
    let run = sync(&phone);
    assert!(bells(&run.stderr).is_empty(), "{}", run.stderr);
    let news = all_news(&phone);
    assert_eq!(news.len(), 5);
    // Safe content: the script became nothing.
    let new = news.iter().find(|n| n["title"] == "Nouvelle permanence").unwrap();
    let shown = phone.json(&["news", "show", &new["id"].to_string()]);
    let document = shown["announcement"]["document"].to_string();
    assert!(!document.contains("script") && !document.contains("alert"), "{document}");
}

#[test]
fn an_edited_entry_is_updated_in_place_and_keeps_its_read_state() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    assert!(phone.run(&["news", "add-feed", &site.url(FR)]).ok);
    let news = all_news(&phone);
    let maintenance = news.iter().find(|n| n["title"].as_str().unwrap().starts_with("Maintenance")).unwrap();
    let maintenance_id = maintenance["id"].clone();
    let id = maintenance_id.to_string();
    let shown = phone.run(&["news", "show", &id]);
    assert!(shown.ok && shown.stdout.contains("Maintenance du cloud"), "{}", shown.stdout);
    let unread = phone.json(&["news", "--all-languages"])["news"]["unread_count"].as_i64().unwrap();
    assert_eq!(unread, 3);

    std::fs::copy(nubo_tests::repo_root().join("scripts/seed/news/variants/fr-feed-edited.atom"), site.file(FR))
        .unwrap();
    let run = sync(&phone);
    assert!(bells(&run.stderr).is_empty(), "an edit is not news: {}", run.stderr);
    let news = all_news(&phone);
    assert_eq!(news.len(), 4, "updated in place, not shown twice");
    let edited = news.iter().find(|n| n["id"] == maintenance_id).unwrap();
    assert_eq!(edited["read"], true, "read state kept: {edited}");
    assert_eq!(phone.json(&["news", "--all-languages"])["news"]["unread_count"], 3);

    // Read everything: kept through another poll.
    assert!(phone.run(&["news", "read", "--all"]).ok);
    sync(&phone);
    assert_eq!(phone.json(&["news", "--all-languages"])["news"]["unread_count"], 0);
}

#[test]
fn a_malformed_or_truncated_feed_is_said_and_the_entries_stay() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    assert!(phone.run(&["news", "add-feed", &site.url(FR)]).ok);
    assert_eq!(all_news(&phone).len(), 4);

    std::fs::copy(nubo_tests::repo_root().join("scripts/seed/news/variants/fr-feed-malformed.atom"), site.file(FR))
        .unwrap();
    sync(&phone);
    let failing = sources(&phone)[0]["failing"].as_str().unwrap_or_default().to_string();
    assert!(failing.contains("failing since") && failing.contains("not a readable feed"), "{failing}");
    assert_eq!(all_news(&phone).len(), 4, "what it gave stays");
    let listed = phone.run(&["news", "--all-languages"]);
    assert!(listed.stderr.contains("failing since"), "{}", listed.stderr);

    // Repaired, then cut in the middle: said as such, entries still there.
    std::fs::copy(nubo_tests::repo_root().join("scripts/seed/news/fr/actualites/feed.atom"), site.file(FR)).unwrap();
    sync(&phone);
    assert_eq!(sources(&phone)[0]["failing"], Value::Null, "{:?}", sources(&phone));
    site.rule(json!({"path": FR, "truncate": 1500}));
    // A changed file, so the validators do not answer 304.
    add_first_entry(&site, FR, "<!-- changed -->\n  ");
    sync(&phone);
    let source = &sources(&phone)[0];
    assert!(source["failing"].as_str().unwrap_or_default().contains("not a readable feed"), "{source}");
    // The parser's words stay beside the sentence.
    assert!(source["failing_detail"].as_str().unwrap_or_default().contains("ends before"), "{source}");
    assert_eq!(all_news(&phone).len(), 4);
}

#[test]
fn a_503_with_retry_after_is_respected() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    assert!(phone.run(&["news", "add-feed", &site.url(FR)]).ok);
    site.rule(json!({"path": FR, "status": 503, "retry_after": 3600}));
    sync(&phone);
    let asked = site.requests_for(FR).len();
    assert_eq!(asked, 2);
    let failing = sources(&phone)[0]["failing"].as_str().unwrap_or_default().to_string();
    assert!(failing.contains("failing since") && failing.contains("busy"), "{failing}");
    assert_eq!(all_news(&phone).len(), 4);

    // Even a sync the member asks for waits for the hour the server asked.
    site.rule(json!({"path": FR, "clear": true}));
    sync(&phone);
    let poll = phone.run(&["news", "poll"]);
    assert!(poll.ok);
    assert_eq!(site.requests_for(FR).len(), asked, "asked again before Retry-After");
}

#[test]
fn a_moved_feed_is_followed_on_its_origin_only() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    std::fs::copy(site.file(NL), site.file("/nl/nieuws/moved.atom")).unwrap();
    site.rule(json!({"path": NL, "status": 301, "location": "/nl/nieuws/moved.atom"}));
    let elsewhere = format!("http://127.0.0.1:{}/en/feed.atom", site.other_port);
    site.rule(json!({"path": EN, "status": 301, "location": elsewhere}));

    assert!(phone.run(&["news", "add-feed", &site.url(NL)]).ok);
    assert!(phone.run(&["news", "add-feed", &site.url(EN)]).ok);
    let listed = sources(&phone);
    let urls: Vec<&str> = listed.iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert!(urls.contains(&site.url("/nl/nieuws/moved.atom").as_str()), "the move renames the source: {urls:?}");
    let en = listed.iter().find(|s| s["url"] == site.url(EN)).unwrap();
    assert!(en["failing"].as_str().unwrap().contains("moved to another site"), "{en}");
    assert!(
        site.log().iter().all(|r| r["port"] != site.other_port),
        "nothing was sent to the other origin: {:?}",
        site.log()
    );
    let news = all_news(&phone);
    assert!(!news.is_empty() && news.iter().all(|n| n["source"] != "elsewhere"));
    // The next poll asks the new address directly.
    sync(&phone);
    assert!(site.requests_for("/nl/nieuws/moved.atom").len() >= 2);
    assert_eq!(site.requests_for(NL).len(), 1);
}

#[test]
fn three_languages_the_members_first_and_the_others_on_request() {
    let site = Site::start();
    let (_server, phone) = signed_in();
    for path in [FR, NL, EN] {
        assert!(phone.run(&["news", "add-feed", &site.url(path)]).ok);
    }
    let dutch = phone.json(&["--lang", "nl", "news"])["news"].clone();
    let rows = dutch["announcements"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["language"] == "nl" || r["language"].is_null()), "{rows:?}");
    let others = dutch["other_languages"].as_u64().unwrap();
    assert!(others > 0);
    assert_eq!(dutch["other_languages_note"], format!("{others} berichten in andere talen."));

    let text = phone.run(&["--lang", "fr", "news"]);
    assert!(text.stdout.contains("Assemblée générale ordinaire"), "{}", text.stdout);
    assert!(text.stdout.contains("annonces dans d’autres langues"), "{}", text.stdout);

    let all =
        phone.json(&["--lang", "nl", "news", "--all-languages"])["news"]["announcements"].as_array().unwrap().clone();
    assert_eq!(all.len(), rows.len() + others as usize);
    let first_other = all.iter().position(|r| r["language"] != "nl" && !r["language"].is_null()).unwrap();
    assert!(all[first_other..].iter().all(|r| r["language"] != "nl"), "Dutch first");
}

#[test]
fn the_general_assembly_goes_into_the_agenda_from_its_ics() {
    let site = Site::start();
    let (server, phone) = signed_in();
    sync(&phone);
    assert!(phone.run(&["news", "add-feed", &site.url(FR)]).ok);
    let ag = all_news(&phone).into_iter().find(|n| n["has_event"] == true).expect("the assembly carries an .ics");
    let added = phone.run(&["news", "agenda", &ag["id"].to_string(), "--calendar", "Agenda Nubo"]);
    assert!(added.ok, "{}\n{}", added.stdout, added.stderr);
    assert!(added.stdout.contains("added to the calendar"), "{}", added.stdout);
    assert!(site.requests_for("/events/ag-2027.ics").iter().all(|r| r["headers"].get("authorization").is_none()));
    sync(&phone);
    let month = phone.run(&["agenda", "--month", "--from", "2027-05-01"]);
    assert!(month.stdout.contains("Assemblée générale"), "{}", month.stdout);
    // On the server too (Radicale answers a GET of the calendar with all of it).
    let (status, _, body) = server.client().raw("GET", &format!("/{USER}/agenda/"), &[], b"");
    let calendar = String::from_utf8_lossy(&body);
    assert_eq!(status, 200);
    assert!(calendar.contains("Assemblée générale") && !calendar.contains("METHOD:"), "{calendar}");
}

/// Nextcloud's Announcement Center as the app's API answers (recorded
/// shape: `id`, `author_id`, `author`, `time` in seconds, `subject`,
/// `message` in Markdown, `groups`, `comments`), nine of them.
fn recorded_announcements() -> Vec<Value> {
    (1..=9)
        .map(|id| {
            json!({"id": id, "author_id": "admin", "author": "Conseil d'administration",
                   "time": 1_806_912_000 + id * 86_400, "subject": format!("Annonce n° {id}"),
                   "message": format!("Texte de l'annonce **{id}**.\n\n<script>alert({id})</script>"),
                   "groups": null, "comments": false})
        })
        .collect()
}

/// No Nextcloud runs here: `tests/servers/nextcloud_like.py` serves Radicale
/// under `/remote.php/dav/` and recorded Announcement Center pages beside it.
#[test]
fn the_announcement_center_of_a_nextcloud_account_is_paged_and_a_deleted_one_goes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("radicale.conf");
    std::fs::write(
        &config,
        format!("[auth]\ntype = none\n[storage]\nfilesystem_folder = {}\n", dir.path().join("storage").display()),
    )
    .unwrap();
    let recorded = dir.path().join("announcements.json");
    std::fs::write(&recorded, Value::Array(recorded_announcements()).to_string()).unwrap();
    let server = PythonServer::start(&[
        "tests/servers/nextcloud_like.py",
        "{port}",
        config.to_str().unwrap(),
        recorded.to_str().unwrap(),
    ]);
    let dav = format!("http://127.0.0.1:{}/remote.php/dav", server.port);
    let mkcol = r#"<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>"#;
    let auth = [("Authorization", "Basic bWFyYzpwdw==".to_string())]; // marc:pw
    let (status, _, _) = http(&dav, "MKCOL", &format!("/remote.php/dav/{USER}/contacts/"), &auth, mkcol.as_bytes());
    assert_eq!(status, 201);
    let phone = Device::new();
    phone.sign_in(USER, "pw", &format!("{dav}/"));

    let listed = sources(&phone);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["kind"], "ocs");
    let news = all_news(&phone);
    assert_eq!(news.len(), 9, "both pages read: {news:?}");
    assert_eq!(news[0]["title"], "Annonce n° 9");
    let shown = phone.json(&["news", "show", &news[0]["id"].to_string()])["announcement"].clone();
    assert_eq!(shown["author"], "Conseil d'administration");
    // Markdown's raw HTML stays text: shown as typed, never run.
    let blocks = shown["document"]["blocks"].as_array().unwrap();
    assert_eq!(blocks[1], json!({"paragraph": {"spans": [{"text": "<script>alert(9)</script>"}]}}), "{shown}");

    // Announcement 4 deleted on the server: gone after the next complete listing.
    let kept: Vec<Value> = recorded_announcements().into_iter().filter(|a| a["id"] != 4).collect();
    std::fs::write(&recorded, Value::Array(kept).to_string()).unwrap();
    let run = sync(&phone);
    assert!(bells(&run.stderr).is_empty(), "{}", run.stderr);
    let titles: Vec<String> = all_news(&phone).iter().map(|n| n["title"].as_str().unwrap().to_string()).collect();
    assert_eq!(titles.len(), 8);
    assert!(!titles.contains(&"Annonce n° 4".to_string()));

    // The app refused: said, and nothing deleted.
    std::fs::write(
        &recorded,
        r#"{"error": {"http": 403, "statuscode": 403, "message": "Announcements are disabled"}}"#,
    )
    .unwrap();
    sync(&phone);
    let source = &sources(&phone)[0];
    assert!(source["failing"].as_str().unwrap_or_default().contains("refused"), "{source}");
    assert!(source["failing_detail"].as_str().unwrap_or_default().contains("Announcements are disabled"), "{source}");
    assert_eq!(all_news(&phone).len(), 8);
}
