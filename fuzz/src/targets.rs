//! One target per parser. A target takes the raw bytes of an input and
//! returns a coarse *outcome signature* (what kind of result the input
//! led to: error kind, counts in buckets); the driver keeps inputs with a
//! new signature as parents for later mutations (behaviour feedback in
//! place of the coverage feedback a nightly toolchain would give).
//!
//! Beyond "does not panic", targets assert properties a member relies on;
//! a failed assertion is reported like a crash:
//! - `dav_xml`: every href the sync plan would fetch or delete lies
//!   directly inside the collection (GUIDE §2c);
//! - `vcard`: what the app writes reads back, unedited properties come
//!   back as they were (after an edit too: only the edited fields change),
//!   and an edit's e-mail addresses are the ones typed;
//! - `recurrence`: an expansion stays bounded;
//! - `feeds`: a feed, a home page's feed links or a Nextcloud announcements
//!   page gives at most its bound of entries, and only http(s) links;
//! - `documents`: a note (Markdown) or an announcement (HTML) becomes
//!   blocks whose links are only http(s) or mailto; ticking a task keeps
//!   every other byte of the note;
//! - `news_store`: a feed polled again and again through the core's plan
//!   and the real store (SQLite in memory) notifies each entry at most
//!   once ever, none older than the source, keeps one copy per entry and
//!   never makes a read entry unread or drops one a feed stops listing;
//! - `note_paths`: whatever title a member types or a server lists, a
//!   note's file stays directly inside its folder (new, renamed, moved),
//!   its title reads back from its file name, and a title made unique is
//!   not one already taken.
//!
//! The parameters a target needs besides the document (viewer zone,
//! window, the edit to apply) come from the input's last bytes, read
//! backwards through `arbitrary`, so a saved input replays exactly.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use arbitrary::Unstructured;
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use shared::agenda::ical::{parse_resource, Series, When};
use shared::agenda::index::event_index;
use shared::agenda::recurrence::{expand, reminders, MAX_PER_SERIES};
use shared::contacts::vcard::{ContactFields, Labeled, RawProperty, VCardDoc, VCardVersion};
use shared::dav::url::resolve;
use shared::dav::xml::{parse_error_condition, parse_multistatus};
use shared::formats::content_line::{escape_text, unescape_text};
use shared::sync::plan::{plan_incoming, Listing};

use nubo_store::Store;
use shared::announcements::{discover_feeds, ocs, parse_feed, FeedSource, Fetched, Listing as NewsListing};
use shared::document::{html, markdown, Block, Document, Span};
use shared::effects::store::{NewsRecord, NewsSource, NewsSourceKind, StoreRequest, StoreResponse};
use shared::i18n::Locale;
use shared::model::news;

use crate::mutate::Shape;

pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]) -> u64,
    pub shape: Shape,
    /// Tokens and whole content lines the mutator inserts.
    pub dictionary: &'static [&'static str],
    /// Internal targets that test the driver itself; not listed.
    pub selftest: bool,
}

pub const TARGETS: &[Target] = &[
    Target { name: "dav_xml", run: dav_xml, shape: Shape::Xml, dictionary: XML_DICTIONARY, selftest: false },
    Target { name: "vcard", run: vcard, shape: Shape::ContentLines, dictionary: VCARD_DICTIONARY, selftest: false },
    Target { name: "ical", run: ical, shape: Shape::ContentLines, dictionary: ICAL_DICTIONARY, selftest: false },
    Target {
        name: "recurrence",
        run: recurrence,
        shape: Shape::ContentLines,
        dictionary: ICAL_DICTIONARY,
        selftest: false,
    },
    Target { name: "feeds", run: feeds, shape: Shape::Xml, dictionary: FEED_DICTIONARY, selftest: false },
    Target { name: "documents", run: documents, shape: Shape::Xml, dictionary: DOCUMENT_DICTIONARY, selftest: false },
    Target { name: "news_store", run: news_store, shape: Shape::Xml, dictionary: FEED_DICTIONARY, selftest: false },
    Target {
        name: "note_paths",
        run: note_paths,
        shape: Shape::ContentLines,
        dictionary: NOTE_DICTIONARY,
        selftest: false,
    },
    Target { name: "selftest-panic", run: selftest_panic, shape: Shape::ContentLines, dictionary: &[], selftest: true },
    Target { name: "selftest-hang", run: selftest_hang, shape: Shape::ContentLines, dictionary: &[], selftest: true },
    Target { name: "selftest-abort", run: selftest_abort, shape: Shape::ContentLines, dictionary: &[], selftest: true },
];

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

pub fn by_name(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// The targets a full run goes through.
pub fn real_targets() -> impl Iterator<Item = &'static Target> {
    TARGETS.iter().filter(|t| !t.selftest)
}

/// Builds an outcome signature.
struct Signature(DefaultHasher);

impl Signature {
    fn new() -> Self {
        Self(DefaultHasher::new())
    }

    fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Counts in buckets: 0, 1, 2, 3-4, 5-8, 9+.
    fn count(&mut self, n: usize) -> &mut Self {
        let bucket = match n {
            0..=2 => n,
            3..=4 => 3,
            5..=8 => 4,
            _ => 5,
        };
        self.add(bucket)
    }

    /// The kind of an error: its text up to the first ':' (no data).
    fn error(&mut self, message: &str) -> &mut Self {
        let kind: String = message.split(':').next().unwrap_or("").chars().take(40).collect();
        self.add(kind)
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The input's last 64 bytes, backwards: the target's parameters.
fn tail(data: &[u8]) -> Vec<u8> {
    data.iter().rev().take(64).copied().collect()
}

const ZONES: &[Tz] = &[
    Tz::Europe__Brussels,
    Tz::UTC,
    Tz::America__New_York,
    Tz::Pacific__Kiritimati,
    Tz::Etc__GMTPlus12,
    Tz::Australia__Lord_Howe,
    Tz::Asia__Kathmandu,
    Tz::America__Sao_Paulo,
];

fn viewer(u: &mut Unstructured) -> Tz {
    u.choose(ZONES).copied().unwrap_or(Tz::Europe__Brussels)
}

// ---------------------------------------------------------------- dav_xml

/// Collections a listing is planned against: plain, percent-encoded
/// non-ASCII, loopback with a port.
const COLLECTIONS: &[&str] = &[
    "https://dav.test/dav/addressbooks/ilse/family/",
    "https://cloud.example.org/remote.php/dav/calendars/h%C3%A9l%C3%A8ne/perso/",
    "http://127.0.0.1:5232/user/cal/",
];

fn dav_xml(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let params = tail(data);
    let mut u = Unstructured::new(&params);
    sig.add(parse_error_condition(data).is_some());
    let status = match parse_multistatus(data) {
        Ok(status) => status,
        Err(e) => return sig.add("err").error(&e.to_string()).finish(),
    };
    sig.add("ok").count(status.responses.len()).add(status.sync_token.is_some());
    let collection = u.choose(COLLECTIONS).copied().unwrap_or(COLLECTIONS[0]);
    let mut listing = Listing {
        complete: u.arbitrary().unwrap_or(false),
        sync_token: status.sync_token.clone(),
        ..Listing::default()
    };
    let mut local = HashMap::new();
    for response in &status.responses {
        let p = &response.props;
        sig.add(p.etag.is_some())
            .add(p.address_data.is_some())
            .add(p.calendar_data.is_some())
            .count(p.resource_types.len())
            .add(p.privileges.as_ref().map(Vec::len));
        if response.status == Some(404) {
            listing.deleted.push(response.href.clone());
        } else {
            listing.changed.push((response.href.clone(), p.etag.clone()));
        }
        // Some hrefs are already stored, under the same etag or another.
        if let Some(url) = resolve(collection, &response.href) {
            if u.arbitrary().unwrap_or(false) {
                local.insert(url, if u.arbitrary().unwrap_or(false) { p.etag.clone() } else { None });
            }
        }
    }
    let plan = plan_incoming(collection, &listing, &local);
    let canonical = resolve(collection, "").expect("the collections above are URLs");
    let named = plan.fetch.iter().chain(&plan.delete).chain(plan.keep_only.iter().flatten());
    for href in named {
        let name = href.strip_prefix(canonical.as_str());
        assert!(
            name.is_some_and(|n| !n.is_empty() && !n.contains('/') && n != "." && n != ".."),
            "sync plan names {href:?}, which is not directly inside {canonical}"
        );
    }
    sig.count(plan.fetch.len()).count(plan.delete.len()).count(plan.out_of_scope as usize).finish()
}

// ---------------------------------------------------------------- vcard

const TEXTS: &[&str] = &[
    "",
    " ",
    "Hélène",
    "Dubœuf, Jan; Piet",
    "back\\slash",
    "two\nlines",
    "carriage\rreturn",
    "  padded  ",
    "helene.duboeuf@nubo.coop",
    "x@y",
    "+32 470 12 34 56",
    "tel:+32-2-555-01-02",
    "tel:",
    "_$!<Work>!$_",
    "item1.EMAIL",
    "a:b;c=d,e",
    "\"quoted\"",
    "😀 Ĳsselmeer",
    "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
];

const LABELS: &[&str] = &[
    "",
    "work",
    "HOME",
    "cell",
    "voice",
    "pref",
    "Coopérative",
    "my label",
    "a;b",
    "x-custom",
    "_$!<Mobile>!$_",
    "iphone",
    "item2",
];

fn text(u: &mut Unstructured) -> String {
    u.choose(TEXTS).copied().unwrap_or("").to_string()
}

/// An edit as a member could make it in the app: starting from what the
/// app shows, a few fields changed, values added, removed, relabelled.
fn edit_of(current: &ContactFields, u: &mut Unstructured) -> ContactFields {
    let mut f = current.clone();
    let edits = u.int_in_range(0..=4).unwrap_or(0);
    for _ in 0..edits {
        let list = if u.arbitrary().unwrap_or(false) { &mut f.emails } else { &mut f.phones };
        match u.int_in_range(0..=9).unwrap_or(0) {
            0 => f.full_name = text(u),
            1 => f.given_name = text(u),
            2 => f.family_name = text(u),
            3 => f.org = text(u),
            4 => f.note = text(u),
            5 => {
                let label = u.choose(LABELS).copied().unwrap_or("").to_string();
                list.push(Labeled { label, value: text(u) });
            }
            6 if !list.is_empty() => {
                let i = u.choose_index(list.len()).unwrap_or(0);
                list.remove(i);
            }
            7 if !list.is_empty() => {
                let i = u.choose_index(list.len()).unwrap_or(0);
                list[i].value = text(u);
            }
            8 if !list.is_empty() => {
                let i = u.choose_index(list.len()).unwrap_or(0);
                list[i].label = u.choose(LABELS).copied().unwrap_or("").to_string();
            }
            _ if list.len() > 1 => {
                let last = list.len() - 1;
                list.swap(0, last);
            }
            _ => {}
        }
    }
    f
}

/// What the app shows of a typed e-mail address once written and read.
/// Carriage returns are left out: the writer drops those typed, and a line
/// kept unedited keeps any it had.
fn as_stored(value: &str) -> String {
    unescape_text(&escape_text(value.trim())).trim().replace('\r', "")
}

fn sorted(mut values: Vec<String>) -> Vec<String> {
    values.sort();
    values
}

/// The properties an edit in the app may rewrite, add or remove (with the
/// Apple `X-AB*` companions of removed values).
const EDITED: &[&str] = &["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE"];

fn untouched(properties: &[RawProperty]) -> Vec<&RawProperty> {
    properties.iter().filter(|p| !EDITED.contains(&p.name.as_str()) && !p.name.starts_with("X-AB")).collect()
}

fn vcard(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let text = String::from_utf8_lossy(data);
    let doc = match VCardDoc::parse(&text) {
        Ok(doc) => doc,
        Err(e) => return sig.add("err").error(&e.to_string()).finish(),
    };
    let fields = doc.fields();
    let index = doc.index();
    sig.add("ok")
        .add(doc.version() == VCardVersion::V4)
        .add(doc.uid().is_some())
        .count(fields.emails.len())
        .count(fields.phones.len())
        .count(fields.addresses.len())
        .add(fields.has_photo)
        .add(index.display_name == "?");
    let properties = doc.properties();
    sig.count(properties.len());

    let written = doc.to_vcard_string();
    let again =
        VCardDoc::parse(&written).unwrap_or_else(|e| panic!("the vCard the app writes does not read back: {e}"));
    assert!(again.properties() == properties, "a vCard written back unedited changed its properties");

    let params = tail(data);
    let mut u = Unstructured::new(&params);
    let wanted = edit_of(&fields, &mut u);
    let mut edited = doc.clone();
    edited.apply(&wanted);
    let written = edited.to_vcard_string();
    let read = VCardDoc::parse(&written).unwrap_or_else(|e| panic!("an edited vCard does not read back: {e}"));
    let got = read.fields();
    assert!(!read.index().display_name.is_empty(), "an edited contact has an empty display name");
    // What the edit does not cover comes back as it was, in order: BDAY,
    // ADR, PHOTO, UID, unknown X- properties, groups and parameters.
    assert!(untouched(&read.properties()) == untouched(&properties), "an edit changed properties it does not cover");
    let typed: Vec<String> = wanted.emails.iter().map(|e| as_stored(&e.value)).filter(|v| !v.is_empty()).collect();
    assert_eq!(
        sorted(got.emails.iter().map(|e| e.value.replace('\r', "")).collect()),
        sorted(typed),
        "the e-mail addresses after an edit are not the ones typed"
    );
    sig.add(wanted == fields).count(got.phones.len()).finish()
}

// ---------------------------------------------------------------- ical

fn ical(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let text = String::from_utf8_lossy(data);
    let params = tail(data);
    let mut u = Unstructured::new(&params);
    let viewer = viewer(&mut u);
    match parse_resource(&text, viewer) {
        Ok(all) => {
            sig.add("ok").count(all.len());
            for series in &all {
                sig.add(series.master.is_some()).count(series.overrides.len());
                for event in series.master.iter().chain(&series.overrides) {
                    sig.add(event.recurs())
                        .add(event.cancelled)
                        .add(event.unknown_zone.is_some())
                        .count(event.attendees.len())
                        .count(event.alarms.len())
                        .add(std::mem::discriminant(&event.start));
                    event.start.instant(viewer);
                    event.end.instant(viewer);
                    event.duration(viewer);
                }
            }
        }
        Err(e) => {
            sig.add("err").error(&e.to_string());
        }
    }
    match event_index(&text) {
        Ok(index) => sig.add("index").add(index.last_end.is_some()),
        Err(e) => sig.add("no index").error(&e.to_string()),
    };
    sig.finish()
}

// ---------------------------------------------------------------- recurrence

/// Windows the app can ask for: a member navigates between 1900 and 2200.
fn window(series: &Series, u: &mut Unstructured) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let earliest = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).single()?;
    let latest = Utc.with_ymd_and_hms(2200, 1, 1, 0, 0, 0).single()?;
    let event = series.master.as_ref().or(series.overrides.first())?;
    let anchor = match event.start {
        When::Zoned(t) => t.with_timezone(&Utc),
        When::Floating(t) => Utc.from_utc_datetime(&t),
        When::Date(d) => Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?),
    };
    let anchor = if u.ratio(1, 8).unwrap_or(false) || anchor < earliest || anchor > latest {
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single()?
    } else {
        anchor
    };
    let offset = Duration::days(u.int_in_range(-400..=4000).unwrap_or(0));
    let length = match u.int_in_range(0..=9).unwrap_or(0) {
        0 => Duration::hours(48),
        1 => Duration::days(3660),
        n => Duration::days(i64::from(n) * 40),
    };
    let from = anchor.checked_add_signed(offset)?.clamp(earliest, latest);
    let to = from.checked_add_signed(length)?.min(latest);
    Some((from, to))
}

fn recurrence(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let text = String::from_utf8_lossy(data);
    let params = tail(data);
    let mut u = Unstructured::new(&params);
    let viewer = viewer(&mut u);
    let all = match parse_resource(&text, viewer) {
        Ok(all) => all,
        Err(e) => return sig.add("err").error(&e.to_string()).finish(),
    };
    for series in &all {
        let Some((from, to)) = window(series, &mut u) else { continue };
        match expand(series, from, to, viewer) {
            Ok(expansion) => {
                let bound = usize::from(MAX_PER_SERIES) + series.overrides.len();
                assert!(
                    expansion.occurrences.len() <= bound,
                    "{} occurrences, more than the bound of {bound}",
                    expansion.occurrences.len()
                );
                sig.add("expanded").count(expansion.occurrences.len()).add(expansion.truncated);
            }
            Err(e) => {
                sig.add("refused").error(&e.to_string());
            }
        }
        match reminders(series, from, to, viewer) {
            Ok(due) => sig.count(due.len()),
            Err(e) => sig.error(&e.to_string()),
        };
    }
    sig.finish()
}

// ---------------------------------------------------------------- driver self-tests

fn selftest_panic(data: &[u8]) -> u64 {
    if data.windows(4).any(|w| w == b"BOOM") {
        panic!("selftest: BOOM found");
    }
    data.len() as u64
}

fn selftest_hang(data: &[u8]) -> u64 {
    if data.windows(4).any(|w| w == b"HANG") {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
    data.len() as u64
}

fn selftest_abort(data: &[u8]) -> u64 {
    if data.windows(5).any(|w| w == b"ABORT") {
        std::process::abort();
    }
    data.len() as u64
}

// ---------------------------------------------------------------- dictionaries

const XML_DICTIONARY: &[&str] = &[
    "<d:href>../other.vcf</d:href>",
    "<d:href>/</d:href>",
    "<d:href></d:href>",
    "<d:href>https://evil.test/x.vcf</d:href>",
    "<d:href>//evil.test/x</d:href>",
    "<d:href>%2e%2e/x.vcf</d:href>",
    "<d:href>a%2Fb.vcf</d:href>",
    "<d:href>sub/x.vcf</d:href>",
    "<d:href>.</d:href>",
    "<d:href>x.vcf?q=1#f</d:href>",
    "<d:href>%FF%FE.vcf</d:href>",
    "<d:href>h%C3%A9l%C3%A8ne.vcf</d:href>",
    "<d:href>javascript:alert(1)</d:href>",
    "<d:status>HTTP/1.1 404 Not Found</d:status>",
    "<d:status>HTTP/1.1 200 OK</d:status>",
    "<d:status>HTTP/1.1 507 Insufficient Storage</d:status>",
    "<d:status>HTTP/1.1 99999 X</d:status>",
    "<d:status></d:status>",
    "<d:getetag>\"1\"</d:getetag>",
    "<d:getetag></d:getetag>",
    "<d:sync-token>http://sabre.io/ns/sync/2</d:sync-token>",
    "<d:response><d:href>/dav/addressbooks/ilse/family/new.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>",
    "<d:resourcetype><d:collection/><c:addressbook xmlns:c=\"urn:ietf:params:xml:ns:carddav\"/></d:resourcetype>",
    "<d:current-user-privilege-set><d:privilege><d:write/></d:privilege></d:current-user-privilege-set>",
    "<d:prop/>",
    "<d:propstat>",
    "</d:propstat>",
    "<![CDATA[BEGIN:VCARD\r\nEND:VCARD]]>",
    "<![CDATA[",
    "]]>",
    "<!-- comment -->",
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
    "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">]>",
    "&a;",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x10FFFF;",
    "&#xD800;",
    "&#99999999999;",
    "&unknown;",
    "xmlns:d=\"DAV:\"",
    "xmlns=\"\"",
    "xmlns:x=\"\"",
    "<x:y>",
    "</d:response>",
    "<html>",
    "<d:error><d:valid-sync-token/></d:error>",
    "\u{feff}",
    "\0",
];

const ICAL_DICTIONARY: &[&str] = &[
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VALARM",
    "END:VALARM",
    "BEGIN:VTIMEZONE",
    "END:VTIMEZONE",
    "BEGIN:VTODO",
    "END:VCALENDAR",
    "UID:fuzz@nubo.coop",
    "UID:",
    "DTSTART:20260107T140000Z",
    "DTSTART:20260107T140000",
    "DTSTART;VALUE=DATE:20260229",
    "DTSTART;TZID=Europe/Brussels:20260329T023000",
    "DTSTART;TZID=Europe/Brussels:20261025T023000",
    "DTSTART;TZID=Romance Standard Time:20260107T140000",
    "DTSTART:99991231T235959Z",
    "DTSTART:00010101T000000Z",
    "DTSTART;VALUE=DATE:99991231",
    "DTSTART:2026",
    "DTEND:20260107T130000Z",
    "DTEND;VALUE=DATE:99991231",
    "DTEND:99991231T235959Z",
    "DURATION:PT1H",
    "DURATION:P9999999W",
    "DURATION:-P1D",
    "DURATION:P",
    "DURATION:PT99999999999S",
    "RRULE:FREQ=DAILY",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=MINUTELY;INTERVAL=1",
    "RRULE:FREQ=HOURLY;INTERVAL=0",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10",
    "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=31",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
    "RRULE:FREQ=YEARLY;BYYEARDAY=-366",
    "RRULE:FREQ=DAILY;BYSETPOS=-1",
    "RRULE:FREQ=DAILY;UNTIL=20261231T235959Z",
    "RRULE:FREQ=DAILY;UNTIL=20261231",
    "RRULE:FREQ=DAILY;COUNT=4294967296",
    "RRULE:FREQ=DAILY;INTERVAL=99999999999",
    "RRULE:FREQ=",
    "RRULE:",
    "RDATE:20260110T140000Z",
    "RDATE;VALUE=PERIOD:20260110T140000Z/PT1H",
    "RDATE;VALUE=DATE:20260110,20260111",
    "EXDATE:20260114T140000Z",
    "EXDATE;TZID=Europe/Brussels:20260114T140000",
    "RECURRENCE-ID:20260114T140000Z",
    "RECURRENCE-ID;VALUE=DATE:20260114",
    "RECURRENCE-ID;RANGE=THISANDFUTURE:20260114T140000Z",
    "STATUS:CANCELLED",
    "SUMMARY:Assemblée générale\\, Bruxelles",
    "LOCATION:Mundo-B\\; Ixelles",
    "TRIGGER:-PT15M",
    "TRIGGER;RELATED=END:PT0S",
    "TRIGGER;VALUE=DATE-TIME:20260107T130000Z",
    "TRIGGER:-P99999999W",
    "ACTION:DISPLAY",
    "DESCRIPTION:Rappel",
    "ATTENDEE;CN=\"Hélène\";PARTSTAT=ACCEPTED:mailto:helene@nubo.coop",
    "ORGANIZER:MAILTO:",
    "TZID:Europe/Brussels",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+1400",
    "X-UNKNOWN;X-P=1:kept",
    "BEGIN:VCALENDAR",
];

const VCARD_DICTIONARY: &[&str] = &[
    "BEGIN:VCARD",
    "END:VCARD",
    "VERSION:3.0",
    "VERSION:4.0",
    "VERSION:2.1",
    "FN:Hélène Dubœuf",
    "FN:",
    "N:Dubœuf;Hélène;;;",
    "N:;;;;",
    "N:a\\;b;c,d",
    "UID:helene-duboeuf",
    "UID:urn:uuid:0000",
    "EMAIL;TYPE=INTERNET,WORK:helene@nubo.coop",
    "EMAIL:",
    "item1.EMAIL;type=INTERNET;type=pref:a@b.c",
    "item1.X-ABLabel:Coopérative",
    "item1.X-ABLabel:_$!<Work>!$_",
    "item2.TEL:+32 2 555 01 02",
    "itemx.EMAIL:x@y",
    "item99999999999999999999.EMAIL:x@y",
    ".EMAIL:x@y",
    "a.b.c.EMAIL:x@y",
    "TEL;TYPE=cell:+32 470 12 34 56",
    "TEL;VALUE=uri;TYPE=\"voice,home\":tel:+32-470-12-34-56",
    "TEL:tel:",
    "ADR;TYPE=home:;;Rue Haute 1;Ixelles;;1050;Belgique",
    "ADR:;;;;;;;;;;;;",
    "ORG:Nubo SCRL;Conseil",
    "TITLE:Coordinatrice",
    "NOTE:deux\\nlignes",
    "NOTE:\\",
    "BDAY:1978-05-12",
    "BDAY:--0312",
    "BDAY:19780512",
    "BDAY;VALUE=text:circa 1800",
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ",
    "PHOTO:data:image/jpeg;base64,/9j/4AAQ",
    "CATEGORIES:Coopérateur,Conseil d'administration",
    "REV:2026-01-01T00:00:00Z",
    "X-NUBO-COOPERATOR-NUMBER;X-SHARES=4:BE-0042",
    "AGENT:BEGIN:VCARD",
    "KIND:org",
    "ALTID=1;LANGUAGE=fr",
    "PREF=1",
];

// ---------------------------------------------------------------- feeds

const FEED_DICTIONARY: &[&str] = &[
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "<entry><id>x</id><title>t</title><link href=\"javascript:alert(1)\"/></entry>",
    "<rss version=\"2.0\"><channel><item><guid>g</guid></item></channel></rss>",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"url\":\"data:x\"}]}",
    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"//evil/\" hreflang=\"fr\">",
    "{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200},\"data\":[{\"id\":1}]}}",
    "<updated>9999-99-99T99:99:99Z</updated>",
    "<![CDATA[<script>x</script>]]>",
    "&#x0;",
];

fn is_web_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn feeds(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let source =
        FeedSource { id: "fuzz", url: "https://nubo.coop/fr/actualites/feed.atom", declared_language: Some("fr") };
    match parse_feed(&source, data) {
        Ok(feed) => {
            assert!(feed.entries.len() <= shared::announcements::feed::MAX_ENTRIES, "more entries than the bound");
            for entry in &feed.entries {
                if let Some(link) = &entry.link {
                    assert!(is_web_url(link), "a feed entry links to {link:?}");
                }
                for body in entry.summary.iter().chain(&entry.content) {
                    sig.count(html::parse(&body.raw, None).blocks.len());
                }
            }
            sig.add("feed").add(format!("{:?}", feed.format)).count(feed.entries.len());
        }
        Err(e) => {
            sig.add("feed err").error(&e.to_string());
        }
    }
    let found = discover_feeds("https://nubo.coop/", data);
    for feed in &found {
        assert!(is_web_url(&feed.url), "a discovered feed at {:?}", feed.url);
    }
    sig.count(found.len());
    match ocs::parse_page(200, data, None) {
        Ok(page) => {
            for item in &page.items {
                let announcement = item.to_announcement("nextcloud", "https://cloud.nubo.coop/");
                if let Some(link) = &announcement.link {
                    assert!(is_web_url(link), "an announcement links to {link:?}");
                }
            }
            sig.add("ocs").count(page.items.len());
        }
        Err(e) => {
            sig.add("ocs err").error(&e.to_string());
        }
    }
    sig.finish()
}

// ---------------------------------------------------------------- news_store

const FEED_A: &str = "https://nubo.coop/fr/actualites/feed.atom";
const FEED_B: &str = "https://nubo.coop/fr/actualites/feed.rss";

fn news_source(url: &str, added_at: i64) -> NewsSource {
    NewsSource {
        url: url.into(),
        kind: NewsSourceKind::Feed,
        language: Some("fr".into()),
        title: None,
        added_by_member: false,
        added_at,
        state: Default::default(),
        next_poll: None,
        last_error: None,
    }
}

fn stored_news(store: &mut Store) -> Vec<NewsRecord> {
    match store.handle(StoreRequest::ListNews) {
        StoreResponse::News(records) => records,
        other => panic!("the store did not list the news: {other:?}"),
    }
}

/// One poll of `url` answering `body`, planned by the core and applied to
/// the store; returns the ids notified.
fn poll_into(store: &mut Store, url: &str, added_at: i64, body: &[u8]) -> Vec<String> {
    let source = news_source(url, added_at);
    let feed = FeedSource { id: url, url, declared_language: Some("fr") };
    let fetched = parse_feed(&feed, body).ok().map(|parsed| Fetched {
        source: url.into(),
        listing: NewsListing::Window,
        entries: parsed.entries,
    });
    let stored = stored_news(store);
    let (apply, notifications) = news::plan(&stored, news::Polled { source, moved_from: None, fetched }, Locale::Fr);
    let notified = apply.notified.clone();
    assert_eq!(notifications.len(), notified.len(), "one notification per entry marked notified");
    match store.handle(StoreRequest::ApplyNews(Box::new(apply))) {
        StoreResponse::Done => {}
        other => panic!("the store refused a poll: {other:?}"),
    }
    notified
}

fn news_store(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let tail = tail(data);
    let mut u = Unstructured::new(&tail);
    let mut store = Store::open_in_memory().expect("a store in memory");
    for url in [FEED_A, FEED_B] {
        let added = store.handle(StoreRequest::SaveNewsSource(Box::new(news_source(url, 0))));
        assert!(matches!(added, StoreResponse::Done), "{added:?}");
    }
    // The account's age: every dated entry is news, only those from 2027 on, or none (2100).
    let added_at = [0, 1_798_761_600_000, 4_102_444_800_000][usize::from(u.arbitrary::<u8>().unwrap_or(0) % 3)];
    let cut = data.len() * usize::from(u.arbitrary::<u8>().unwrap_or(128)) / 256;
    // An edit: one lower-case letter from a chosen point on made upper-case
    // (a title, a body, a date's 'T' or an id: whatever it hits).
    let mut edited = data.to_vec();
    let from = data.len() * usize::from(u.arbitrary::<u8>().unwrap_or(0)) / 256;
    if let Some(letter) = edited.iter_mut().skip(from).find(|b| b.is_ascii_lowercase()) {
        letter.make_ascii_uppercase();
    }
    // The same feed polled again, cut short (a window that no longer lists
    // some entries, or a truncated answer), edited, then the same entries
    // from a second feed of the site.
    let polls: [(&str, &[u8]); 5] =
        [(FEED_A, data), (FEED_A, data), (FEED_A, &data[..cut]), (FEED_A, &edited), (FEED_B, data)];
    let mut notified_ever: HashMap<String, usize> = HashMap::new();
    let mut read_before: Vec<String> = Vec::new();
    let mut kept_before: Vec<String> = Vec::new();
    for (round, (url, body)) in polls.into_iter().enumerate() {
        let notified = poll_into(&mut store, url, added_at, body);
        let after = stored_news(&mut store);
        let ids: Vec<&str> = after.iter().map(|r| r.announcement.id.as_str()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "an entry kept twice");
        for id in &kept_before {
            assert!(ids.contains(&id.as_str()), "{id:?} dropped because a feed stopped listing it");
        }
        for id in &read_before {
            assert!(after.iter().any(|r| &r.announcement.id == id && r.read), "{id:?} unread again");
        }
        for id in &notified {
            *notified_ever.entry(id.clone()).or_default() += 1;
            assert_eq!(notified_ever[id], 1, "{id:?} notified twice");
            let record = after.iter().find(|r| &r.announcement.id == id).expect("a notified entry is kept");
            assert!(record.announcement.date().is_some_and(|d| d >= added_at), "{id:?} older than the account");
        }
        if round == 1 {
            assert!(notified.is_empty(), "the same feed again notified {notified:?}");
        }
        for record in &after {
            if let Some(link) = &record.announcement.link {
                assert!(is_web_url(link), "a kept entry links to {link:?}");
            }
        }
        // The member reads some: all, the newest, or none.
        match u.arbitrary::<u8>().unwrap_or(0) % 3 {
            0 => {
                store.handle(StoreRequest::MarkNewsRead { id: None });
            }
            1 => {
                if let Some(first) = after.first() {
                    store.handle(StoreRequest::MarkNewsRead { id: Some(first.id) });
                }
            }
            _ => {}
        }
        let now = stored_news(&mut store);
        read_before = now.iter().filter(|r| r.read).map(|r| r.announcement.id.clone()).collect();
        kept_before = now.iter().map(|r| r.announcement.id.clone()).collect();
        sig.count(notified.len());
    }
    sig.count(kept_before.len()).count(read_before.len());
    sig.finish()
}

// ---------------------------------------------------------------- documents

const DOCUMENT_DICTIONARY: &[&str] = &[
    "- [ ] ",
    "- [x] ",
    "[link](javascript:alert(1))",
    "![img](data:image/png;base64,AAAA)",
    "<a href=\" java\tscript:x\">",
    "<img src=\"//x/y.png\" alt=\"a\">",
    "```rust\n",
    "> ",
    "<ol start=\"18446744073709551615\"><li>",
    "<blockquote><blockquote><blockquote>",
    "<script>alert(1)</script>",
];

/// Every link of the document, at any depth.
fn links(blocks: &[Block], out: &mut Vec<String>) {
    fn in_spans(spans: &[Span], out: &mut Vec<String>) {
        for span in spans {
            match span {
                Span::Link { href, spans } => {
                    out.push(href.clone());
                    in_spans(spans, out);
                }
                Span::Emphasis(inner) | Span::Strong(inner) => in_spans(inner, out),
                Span::Text(_) | Span::Code(_) | Span::LineBreak => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => {
                in_spans(spans, out)
            }
            Block::Quote { blocks } => links(blocks, out),
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn check_links(document: &Document) -> usize {
    let mut all = Vec::new();
    links(&document.blocks, &mut all);
    for href in &all {
        assert!(is_web_url(href) || href.starts_with("mailto:"), "a document links to {href:?}");
    }
    all.len()
}

fn documents(data: &[u8]) -> u64 {
    let mut sig = Signature::new();
    let text = String::from_utf8_lossy(data);
    let note = markdown::parse(&text);
    sig.add("md").count(note.blocks.len()).count(check_links(&note));
    let base = url::Url::parse("https://nubo.coop/fr/actualites/").ok();
    let page = html::parse(&text, base.as_ref());
    sig.add("html").count(page.blocks.len()).count(check_links(&page));
    sig.count(markdown::preview(&text, 200).chars().count().min(201));
    sig.add(markdown::title_from_first_line(&text).is_some());
    // Ticking a task changes that checkbox and nothing else.
    let params = tail(data);
    let mut u = Unstructured::new(&params);
    let index = u.int_in_range(0..=7u8).unwrap_or(0) as usize;
    if let Some(ticked) = markdown::toggle_task(&text, index) {
        assert_eq!(ticked.len(), text.len(), "ticking a task changed the note's length");
        let changed = ticked.bytes().zip(text.bytes()).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 1, "ticking a task changed {changed} bytes");
        sig.add("ticked");
    }
    sig.finish()
}

// ---------------------------------------------------------------- note paths

const NOTE_DICTIONARY: &[&str] = &[
    "../",
    "..",
    "/",
    "\\",
    "%2F",
    "%2e%2e",
    ".md",
    ".TXT",
    ".attachments.1/",
    "CON",
    "nul.md",
    "#",
    "?",
    "%",
    "Réunion du CA",
    " (2)",
    "\u{202e}",
    "\u{0}",
    ":",
    "*",
    "\"",
    "<>",
    "|",
];

const NOTE_FOLDERS: &[&str] = &[
    "https://cloud.nubo.coop/remote.php/dav/files/ilse/Notes/",
    "https://cloud.nubo.coop/remote.php/dav/files/ilse/Notes/Co%C3%B6peratie/",
    "http://127.0.0.1:8080/files/a%20b/Notes/Travail/Projets/",
];

fn note_paths(data: &[u8]) -> u64 {
    use shared::kinds::note::{moved_url, safe_title, unique_title};
    use shared::kinds::{index_remote, Kind, NoteKind};
    use shared::sync::plan::member_of;

    let mut sig = Signature::new();
    let params = tail(data);
    let mut u = Unstructured::new(&params);
    let text = String::from_utf8_lossy(data);
    let folder = u.choose(NOTE_FOLDERS).copied().unwrap_or(NOTE_FOLDERS[0]);
    let other = u.choose(NOTE_FOLDERS).copied().unwrap_or(NOTE_FOLDERS[1]);
    for typed in text.lines().take(8) {
        // As a member types a title.
        let Some(title) = safe_title(typed) else {
            sig.add("no title");
            continue;
        };
        assert!(!title.contains('/') && !title.contains('\\') && !title.starts_with('.'), "unsafe title {title:?}");
        let url = NoteKind.new_resource_url(folder, &title);
        let inside = member_of(folder, &url);
        assert!(inside.is_some(), "a new note {title:?} goes to {url}, outside {folder}");
        let (index, _) = index_remote(&NoteKind, &inside.unwrap(), "");
        assert_eq!(index.title(), title, "the title does not read back from {url}");
        let moved = moved_url(other, &title, &url);
        assert!(member_of(other, &moved).is_some(), "a note moved as {title:?} goes to {moved}, outside {other}");
        let taken = vec![title.clone(), format!("{title} (2)")];
        let unique = unique_title(&title.to_uppercase(), &taken);
        assert!(!taken.iter().any(|t| t.to_lowercase() == unique.to_lowercase()), "{unique:?} is taken");
        sig.add("title").count(title.chars().count().min(101));
        // As a server lists a file name.
        let listed = format!("{folder}{typed}");
        let accepted = NoteKind.accepts(&listed);
        if let Some(href) = member_of(folder, &listed).filter(|_| accepted) {
            let (index, _) = index_remote(&NoteKind, &href, &text);
            assert!(!index.title().contains('/'), "a listed note is titled {:?}", index.title());
        }
        sig.add(accepted);
    }
    sig.finish()
}
