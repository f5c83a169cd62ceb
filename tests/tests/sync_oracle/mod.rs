//! What the fault suites (`kill_loop`, `three_clients`) check after their
//! runs, and the edits they make on both sides, through a record of every
//! edit that lets them prove nothing was lost.
//!
//! Every edit, by a member through `nubo` or by another device straight on
//! the server, adds a fresh token (`tok000123z`) to the item: to a
//! contact's NOTE, an event's DESCRIPTION, and to the name of a new item.
//! Edits append and never remove, so at the end each token must be found
//! in what the server holds or in a version a client kept as a conflict.
//! A delete lets go only of the tokens in the copy that was deleted (read
//! just before: the member's copy and its kept versions, or the server's
//! copy, deleted with `If-Match` on exactly that version); a token the
//! deleting side had not seen must survive (an edit wins over a delete).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nubo_tests::faults::Rng;
use nubo_tests::{header, percent_decode, xml_escape, xml_texts, DavClient, Radicale};

use crate::common::Device;

pub const USER: &str = "alice@nubo.test";
pub const BOOK: &str = "/alice@nubo.test/contacts/";
pub const CAL: &str = "/alice@nubo.test/agenda/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Contact,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Contact, Kind::Event];

    /// The tag the store keeps in `items.kind`.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Event => "event",
        }
    }

    /// The one collection of this kind in the suites' account.
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Contact => BOOK,
            Kind::Event => CAL,
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Kind::Contact => "text/vcard; charset=utf-8",
            Kind::Event => "text/calendar; charset=utf-8",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Contact => ".vcf",
            Kind::Event => ".ics",
        }
    }

    /// The property edits append their tokens to.
    fn notes(self) -> &'static str {
        match self {
            Kind::Contact => "NOTE",
            Kind::Event => "DESCRIPTION",
        }
    }

    fn end_of_item(self) -> &'static str {
        match self {
            Kind::Contact => "END:VCARD",
            Kind::Event => "END:VEVENT",
        }
    }
}

// ------------------------------------------------------------ tokens

/// Every edit's token, who made it, and the tokens a delete let go of.
#[derive(Default)]
pub struct Tokens(Mutex<TokenBook>);

#[derive(Default)]
struct TokenBook {
    next: u64,
    written: BTreeMap<String, String>,
    excused: BTreeSet<String>,
    /// Who changed or deleted each item (by UID): a member's device, or
    /// "server" for another device editing the server directly.
    changed_by: BTreeMap<String, BTreeSet<String>>,
    /// Who deleted each item.
    deleted_by: BTreeMap<String, BTreeSet<String>>,
    /// What happened, in order, to explain a loss.
    journal: Vec<String>,
}

impl Tokens {
    /// A token never used before, recorded as written by `what`.
    pub fn fresh(&self, what: &str) -> String {
        let mut book = self.0.lock().unwrap();
        book.next += 1;
        let token = format!("tok{:06}z", book.next);
        book.written.insert(token.clone(), what.to_string());
        book.journal.push(format!("{token}: {what}"));
        token
    }

    /// Adds a line to the journal (a sync starting or ending, say).
    pub fn note(&self, line: String) {
        self.0.lock().unwrap().journal.push(line);
    }

    /// The journal from the line that wrote `token` on: lines that name
    /// `uid` or no item at all (syncs).
    pub fn story(&self, token: &str, uid: &str) -> Vec<String> {
        let book = self.0.lock().unwrap();
        let from = book.journal.iter().position(|l| l.starts_with(token)).unwrap_or(0);
        book.journal[from..].iter().filter(|l| l.contains(uid) || l.contains(" sync ")).cloned().collect()
    }

    /// The edit did not happen (refused): its token is not owed.
    pub fn forget(&self, token: &str) {
        self.0.lock().unwrap().written.remove(token);
    }

    /// A delete of this copy: its tokens may go.
    pub fn excuse_all_in(&self, text: &str) {
        self.excuse(uid_of(text).as_deref(), text);
    }

    /// A delete of item `uid` as `nubo` showed it (`shown`, its output):
    /// the tokens shown may go.
    pub fn excuse_shown(&self, uid: &str, shown: &str) {
        self.excuse(Some(uid), shown);
    }

    fn excuse(&self, uid: Option<&str>, text: &str) {
        let found = tokens_in(text);
        let mut book = self.0.lock().unwrap();
        if let Some(uid) = uid {
            book.journal.push(format!("  deleting {uid} lets go of {found:?}"));
        }
        book.excused.extend(found);
    }

    /// `who` changed (or deleted) the item with this UID.
    pub fn changed(&self, uid: &str, who: &str) {
        self.note(format!("  {who} changed {uid}"));
        self.0.lock().unwrap().changed_by.entry(uid.to_string()).or_default().insert(who.to_string());
    }

    /// `who` deleted the item with this UID.
    pub fn deleted(&self, uid: &str, who: &str) {
        self.changed(uid, who);
        self.0.lock().unwrap().deleted_by.entry(uid.to_string()).or_default().insert(who.to_string());
    }

    /// Whether nobody but `who` ever changed this item (its creator aside):
    /// then the server only ever held `who`'s versions of it.
    pub fn only_changed_by(&self, uid: &str, who: &str) -> bool {
        self.0.lock().unwrap().changed_by.get(uid).is_none_or(|all| all.iter().all(|w| w == who))
    }

    /// Items deleted by a member, with who deleted them.
    pub fn deletes(&self) -> Vec<(String, BTreeSet<String>)> {
        self.0.lock().unwrap().deleted_by.iter().map(|(u, w)| (u.clone(), w.clone())).collect()
    }

    /// Tokens that must survive (written, not let go by a delete).
    pub fn owed(&self) -> BTreeSet<String> {
        let book = self.0.lock().unwrap();
        book.written.keys().filter(|t| !book.excused.contains(*t)).cloned().collect()
    }

    pub fn written(&self) -> usize {
        self.0.lock().unwrap().written.len()
    }

    /// Tokens owed but found in none of `texts`, with who wrote them.
    pub fn lost<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
        let found: BTreeSet<String> = texts.into_iter().flat_map(tokens_in).collect();
        let book = self.0.lock().unwrap();
        book.written
            .iter()
            .filter(|(t, _)| !found.contains(*t) && !book.excused.contains(*t))
            .map(|(t, w)| (t.clone(), w.clone()))
            .collect()
    }
}

/// Content lines with folding undone (CRLF or LF, then a space or tab).
pub fn unfold(text: &str) -> String {
    text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")
}

/// Every `tok000000z` in a resource, folding undone.
pub fn tokens_in(text: &str) -> Vec<String> {
    let text = unfold(text);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find("tok") {
        let start = i + at;
        let digits = &bytes[start + 3..(start + 9).min(bytes.len())];
        if digits.len() == 6 && digits.iter().all(u8::is_ascii_digit) && bytes.get(start + 9) == Some(&b'z') {
            out.push(text[start..start + 10].to_string());
            i = start + 10;
        } else {
            i = start + 3;
        }
    }
    out
}

// ------------------------------------------------------------ content

/// The value of the first `name` property (`NAME:` or `NAME;params:`).
pub fn property(text: &str, name: &str) -> Option<String> {
    unfold(text).lines().find_map(|l| {
        let l = l.trim_end_matches('\r');
        let (head, value) = l.split_once(':')?;
        let prop = head.split(';').next()?;
        prop.eq_ignore_ascii_case(name).then(|| value.to_string())
    })
}

pub fn uid_of(text: &str) -> Option<String> {
    property(text, "UID")
}

/// A resource as a sorted list of its unfolded lines: servers reorder
/// properties and change line ends, so this is what "the same content"
/// means here. Nothing else is left out.
pub fn normalized(text: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        unfold(text).lines().map(|l| l.trim_end_matches('\r').to_string()).filter(|l| !l.is_empty()).collect();
    lines.sort();
    lines
}

pub fn vcard(uid: &str, name: &str, note: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Nubo tests//other device//EN\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\nEMAIL:{uid}@nubo.test\r\nNOTE:{note}\r\nEND:VCARD\r\n"
    )
}

/// An event on day `day` (0 = 2027-01-01), an hour long, weekly four
/// times when `weekly`.
pub fn vevent(uid: &str, summary: &str, description: &str, day: u64, weekly: bool) -> String {
    let (month, dom) = (1 + (day / 28) % 12, 1 + day % 28);
    let hour = 8 + day % 10;
    let rule = if weekly { "RRULE:FREQ=WEEKLY;COUNT=4\r\n" } else { "" };
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo tests//other device//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:2027{month:02}{dom:02}T{hour:02}0000Z\r\nDTEND:2027{month:02}{dom:02}T{:02}0000Z\r\n{rule}SUMMARY:{summary}\r\nDESCRIPTION:{description}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        hour + 1
    )
}

/// The resource with `token` appended to its notes (added when missing),
/// in the first component only; every other line kept as it was.
pub fn with_token(kind: Kind, data: &str, token: &str) -> String {
    let lines: Vec<String> = unfold(data).lines().map(|l| l.trim_end_matches('\r').to_string()).collect();
    let notes = kind.notes();
    let mut out = Vec::with_capacity(lines.len() + 1);
    let mut done = false;
    for line in lines {
        let is_notes = line.split([':', ';']).next().is_some_and(|p| p.eq_ignore_ascii_case(notes));
        if !done && is_notes {
            out.push(format!("{line} {token}"));
            done = true;
        } else if !done && line.eq_ignore_ascii_case(kind.end_of_item()) {
            out.push(format!("{notes}:{token}"));
            out.push(line);
            done = true;
        } else {
            out.push(line);
        }
    }
    let mut text = out.join("\r\n");
    text.push_str("\r\n");
    text
}

// ------------------------------------------------------------ the server

/// A Radicale holding the account's address book and calendar with these
/// many items, written straight into its storage (as
/// `scripts/seed/load_radicale.py` does: seconds faster than PUTs).
pub fn seeded_server(dir: &Path, contacts: u64, events: u64, rng: &mut Rng) -> Radicale {
    let root = dir.join("storage/collection-root").join(USER);
    let write = |path: &Path, text: &str| std::fs::write(path, text).unwrap();
    std::fs::create_dir_all(&root).unwrap();
    write(&root.join(".Radicale.props"), "{}");
    let book = root.join("contacts");
    std::fs::create_dir_all(&book).unwrap();
    write(&book.join(".Radicale.props"), r#"{"tag": "VADDRESSBOOK", "D:displayname": "Coopérateurs"}"#);
    for i in 0..contacts {
        let uid = format!("seed-c{i:04}");
        write(&book.join(format!("{uid}.vcf")), &vcard(&uid, &format!("Seeded {i:04}"), &format!("s{i}")));
    }
    let cal = root.join("agenda");
    std::fs::create_dir_all(&cal).unwrap();
    write(
        &cal.join(".Radicale.props"),
        r##"{"tag": "VCALENDAR", "D:displayname": "Agenda Nubo", "ICAL:calendar-color": "#0082C9"}"##,
    );
    for i in 0..events {
        let uid = format!("seed-e{i:04}");
        let text = vevent(&uid, &format!("Seeded {i:04}"), &format!("s{i}"), rng.below(330), rng.chance(20));
        write(&cal.join(format!("{uid}.ics")), &text);
    }
    let server = Radicale::start_on(&dir.join("storage"));
    // Radicale parses every item on its first listing: do it now.
    assert_eq!(server.list_hrefs(BOOK).len() as u64, contacts);
    assert_eq!(server.list_hrefs(CAL).len() as u64, events);
    server
}

#[derive(Debug, Clone)]
pub struct ServerItem {
    /// Path, percent-decoded.
    pub path: String,
    pub etag: Option<String>,
    pub data: String,
}

/// Every resource of a collection with its content: a Depth-1 listing,
/// then one multiget for all of them.
pub fn server_items(dav: &DavClient, kind: Kind) -> Vec<ServerItem> {
    let collection = kind.collection();
    let hrefs = dav.list_hrefs(collection);
    if hrefs.is_empty() {
        return Vec::new();
    }
    let refs: String = hrefs.iter().map(|h| format!("<D:href>{}</D:href>", xml_escape(h))).collect();
    let body = match kind {
        Kind::Contact => format!(
            r#"<?xml version="1.0" encoding="utf-8"?><CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><CR:address-data/></D:prop>{refs}</CR:addressbook-multiget>"#
        ),
        Kind::Event => format!(
            r#"<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>{refs}</C:calendar-multiget>"#
        ),
    };
    let (status, _, text) = dav.raw(
        "REPORT",
        collection,
        &[("Depth", "1".into()), ("Content-Type", "application/xml; charset=utf-8".into())],
        body.as_bytes(),
    );
    assert_eq!(status, 207, "multiget {collection}: {}", String::from_utf8_lossy(&text));
    let text = String::from_utf8_lossy(&text).into_owned();
    let data_tag = match kind {
        Kind::Contact => "address-data",
        Kind::Event => "calendar-data",
    };
    let items: Vec<ServerItem> = responses(&text)
        .into_iter()
        .filter_map(|r| {
            let path = percent_decode(xml_texts(r, "href").first()?);
            let data = xml_texts(r, data_tag).into_iter().next()?;
            Some(ServerItem { path, etag: xml_texts(r, "getetag").into_iter().next(), data })
        })
        .collect();
    assert_eq!(items.len(), hrefs.len(), "every listed resource fetched: {text}");
    items
}

/// The `<response>` elements of a multistatus, as text.
fn responses(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = find_tag(rest, "response", false) {
        let after = &rest[start..];
        let Some(end) = find_tag(after, "response", true) else { break };
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Where `<[p:]name` (or `</[p:]name`) starts, as an element name.
fn find_tag(xml: &str, name: &str, closing: bool) -> Option<usize> {
    let mut from = 0;
    while let Some(lt) = xml[from..].find('<') {
        let at = from + lt;
        let tag = &xml[at + 1..];
        let tag = if closing { tag.strip_prefix('/') } else { Some(tag).filter(|t| !t.starts_with('/')) };
        if let Some(tag) = tag {
            let end = tag.find(|c: char| c == '>' || c.is_whitespace()).unwrap_or(tag.len());
            let local = tag[..end].trim_end_matches('/').rsplit(':').next().unwrap_or("");
            if local == name {
                return Some(at);
            }
        }
        from = at + 1;
    }
    None
}

/// What another device did on the server, for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerChange {
    /// Each with the item's UID.
    Created(String),
    Edited(String),
    Deleted(String),
    /// The resource changed under it (the client pushed meanwhile).
    Raced,
}

/// Another device creates an item on the server.
pub fn server_create(dav: &DavClient, kind: Kind, tokens: &Tokens, rng: &mut Rng) -> ServerChange {
    let token = tokens.fresh(&format!("server create ({})", kind.tag()));
    let uid = format!("srv-{token}");
    let data = match kind {
        Kind::Contact => vcard(&uid, &format!("Server {token}"), &token),
        Kind::Event => vevent(&uid, &format!("Server {token}"), &token, rng.below(300), rng.chance(25)),
    };
    let path = format!("{}{uid}{}", kind.collection(), kind.extension());
    let (status, _, body) = dav.raw(
        "PUT",
        &path,
        &[("Content-Type", kind.media_type().into()), ("If-None-Match", "*".into())],
        data.as_bytes(),
    );
    assert!((200..300).contains(&status), "server create {path}: {status} {}", String::from_utf8_lossy(&body));
    ServerChange::Created(uid)
}

/// Another device appends a token to an existing item: GET, then PUT with
/// `If-Match` on what it read (a race with the client leaves it undone).
pub fn server_edit(dav: &DavClient, kind: Kind, path: &str, tokens: &Tokens) -> ServerChange {
    let (status, headers, body) = dav.raw("GET", path, &[], b"");
    let Some(etag) = header(&headers, "ETag").filter(|_| status == 200).map(str::to_string) else {
        return ServerChange::Raced;
    };
    let token = tokens.fresh(&format!("server edit of {path}"));
    let before = String::from_utf8_lossy(&body).into_owned();
    // Recorded before the PUT: a sync racing with it may see it at once.
    tokens.changed(&uid_of(&before).unwrap_or_default(), "server");
    let data = with_token(kind, &before, &token);
    let (status, _, answer) =
        dav.raw("PUT", path, &[("Content-Type", kind.media_type().into()), ("If-Match", etag)], data.as_bytes());
    match status {
        200..=299 => ServerChange::Edited(uid_of(&before).unwrap_or_default()),
        412 => {
            tokens.forget(&token);
            ServerChange::Raced
        }
        _ => panic!("server edit {path}: {status} {}", String::from_utf8_lossy(&answer)),
    }
}

/// Another device deletes exactly the version it read.
pub fn server_delete(dav: &DavClient, path: &str, tokens: &Tokens) -> ServerChange {
    let (status, headers, body) = dav.raw("GET", path, &[], b"");
    let Some(etag) = header(&headers, "ETag").filter(|_| status == 200).map(str::to_string) else {
        return ServerChange::Raced;
    };
    let before = String::from_utf8_lossy(&body).into_owned();
    tokens.changed(&uid_of(&before).unwrap_or_default(), "server");
    let (status, _, answer) = dav.raw("DELETE", path, &[("If-Match", etag)], b"");
    match status {
        200..=299 => {
            tokens.excuse_all_in(&before);
            ServerChange::Deleted(uid_of(&before).unwrap_or_default())
        }
        412 | 404 => ServerChange::Raced,
        _ => panic!("server delete {path}: {status} {}", String::from_utf8_lossy(&answer)),
    }
}

/// One random change by another device: create, edit or delete; items
/// whose UID is in `prefer` first (the same item edited elsewhere).
pub fn server_change(dav: &DavClient, tokens: &Tokens, rng: &mut Rng, prefer: &[String]) -> ServerChange {
    let kind = if rng.chance(55) { Kind::Contact } else { Kind::Event };
    let roll = rng.below(100);
    if roll < 25 {
        return server_create(dav, kind, tokens, rng);
    }
    let hrefs = dav.list_hrefs(kind.collection());
    let stem = |href: &String| {
        let name = percent_decode(href.rsplit('/').next().unwrap_or(""));
        name.strip_suffix(kind.extension()).map(str::to_string).unwrap_or(name)
    };
    let preferred: Vec<String> = hrefs.iter().filter(|h| prefer.contains(&stem(h))).cloned().collect();
    let href = if !preferred.is_empty() && rng.chance(60) { rng.pick(&preferred) } else { rng.pick(&hrefs) };
    let Some(href) = href.cloned() else { return server_create(dav, kind, tokens, rng) };
    if roll < 85 {
        server_edit(dav, kind, &href, tokens)
    } else {
        server_delete(dav, &href, tokens)
    }
}

/// A short list of the UIDs changed last, newest at the end.
pub fn remember(hot: &mut Vec<String>, uid: String, size: usize) {
    hot.retain(|u| *u != uid);
    hot.push(uid);
    if hot.len() > size {
        hot.remove(0);
    }
}

// ------------------------------------------------------------ a client's store

#[derive(Debug, Clone)]
pub struct LocalItem {
    pub id: i64,
    pub kind: Kind,
    /// The collection's path, percent-decoded.
    pub collection: String,
    pub uid: String,
    pub data: String,
    pub state: String,
}

#[derive(Debug, Clone)]
pub struct LocalConflict {
    pub item_id: i64,
    pub data: String,
}

fn open(dir: &Path) -> Result<rusqlite::Connection, String> {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("nubo.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("open the store: {e}"))?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// The path of a URL (or the path itself), percent-decoded.
pub fn path_of(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    percent_decode(path)
}

/// Every item row, deleted-pending ones included.
pub fn local_items(dir: &Path) -> Result<Vec<LocalItem>, String> {
    let conn = open(dir)?;
    let mut stmt = conn
        .prepare("SELECT id, kind, collection, uid, data, state FROM items ORDER BY id")
        .map_err(|e| format!("read items: {e}"))?;
    let rows = stmt
        .query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(LocalItem {
                id: r.get(0)?,
                kind: if kind == "event" { Kind::Event } else { Kind::Contact },
                collection: path_of(&r.get::<_, String>(2)?),
                uid: r.get(3)?,
                data: r.get(4)?,
                state: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| format!("read items: {e}"))?;
    Ok(rows)
}

pub fn local_conflicts(dir: &Path) -> Result<Vec<LocalConflict>, String> {
    let conn = open(dir)?;
    let mut stmt =
        conn.prepare("SELECT item_id, local_data FROM conflicts ORDER BY id").map_err(|e| format!("conflicts: {e}"))?;
    let rows = stmt
        .query_map([], |r| Ok(LocalConflict { item_id: r.get(0)?, data: r.get(1)? }))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| format!("read conflicts: {e}"))?;
    Ok(rows)
}

/// The store opens and SQLite finds it sound.
pub fn quick_check(dir: &Path) -> Result<(), String> {
    if !dir.join("nubo.sqlite3").exists() {
        return Ok(());
    }
    let conn = open(dir)?;
    let verdict: String =
        conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| format!("quick_check: {e}"))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(format!("quick_check: {verdict}"))
    }
}

/// Whether the account was stored (a sign-in killed earlier may not have).
pub fn has_account(dir: &Path) -> bool {
    open(dir).ok().and_then(|c| c.query_row("SELECT COUNT(*) FROM account", [], |r| r.get::<_, i64>(0)).ok()) == Some(1)
}

/// A fingerprint of everything a sync could change in a store: rows,
/// states, etags and kept versions.
pub fn store_fingerprint(dir: &Path) -> Result<String, String> {
    let conn = open(dir)?;
    let mut stmt = conn
        .prepare(
            "SELECT group_concat(id || '|' || state || '|' || COALESCE(href, '') || '|' || COALESCE(etag, '') || '|' || length(data), ';')
             FROM (SELECT * FROM items ORDER BY id)",
        )
        .map_err(|e| e.to_string())?;
    let items: Option<String> = stmt.query_row([], |r| r.get(0)).map_err(|e| e.to_string())?;
    let conflicts: i64 =
        conn.query_row("SELECT COUNT(*) FROM conflicts", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    Ok(format!("{}#{conflicts}", items.unwrap_or_default()))
}

// ------------------------------------------------------------ a member's edits

/// A member's edit through `nubo`, its outcome for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberEdit {
    /// Done, on the item with this UID (unknown for a create: the app
    /// names it).
    Done(Option<String>),
    /// Nothing to edit or delete of that kind.
    Nothing,
    /// `nubo` refused or failed: a problem to report.
    Failed(String),
}

fn nubo(device: &Device, args: &[&str]) -> Result<(), String> {
    let run = device.run(args);
    if run.ok {
        Ok(())
    } else {
        Err(format!("nubo {args:?} failed:\n{}{}", run.stdout, run.stderr))
    }
}

/// A time in the member's zone on day `day` of 2027, for `event add/edit`.
fn local_time(day: u64, hour: u64) -> String {
    let (month, dom) = (1 + (day / 28) % 12, 1 + day % 28);
    format!("2027-{month:02}-{dom:02}T{hour:02}:00")
}

pub fn member_create(device: &Device, kind: Kind, tokens: &Tokens, rng: &mut Rng, who: &str) -> MemberEdit {
    let token = tokens.fresh(&format!("{who}: create ({})", kind.tag()));
    let result = match kind {
        Kind::Contact => nubo(
            device,
            &["contacts", "add", "--name", &format!("Member {token}"), "--note", &token, "--email", "m@nubo.test"],
        ),
        Kind::Event => {
            let (day, hour) = (rng.below(300), rng.between(8, 18));
            nubo(
                device,
                &[
                    "event",
                    "add",
                    "--summary",
                    &format!("Event {token}"),
                    "--start",
                    &local_time(day, hour),
                    "--end",
                    &local_time(day, hour + 1),
                    "--description",
                    &token,
                ],
            )
        }
    };
    match result {
        Ok(()) => MemberEdit::Done(None),
        Err(e) => {
            tokens.forget(&token);
            MemberEdit::Failed(e)
        }
    }
}

/// Appends a token to a random item's notes (sometimes changing another
/// field too).
pub fn member_edit(device: &Device, item: &LocalItem, tokens: &Tokens, rng: &mut Rng, who: &str) -> MemberEdit {
    let token = tokens.fresh(&format!("{who}: edit of {} {}", item.kind.tag(), item.uid));
    // The member adds a line to the note as the app shows it when they
    // edit (a sync may have changed it since `item` was read).
    let id = item.id.to_string();
    let result = match item.kind {
        Kind::Contact => {
            let mut args = vec!["contacts", "edit", &id, "--add-to-note", &token];
            let phone = format!("+32 470 {:02} {:02} {:02}", rng.below(100), rng.below(100), rng.below(100));
            if rng.chance(30) {
                args.extend(["--phone", &phone]);
            }
            nubo(device, &args)
        }
        Kind::Event => {
            let mut args = vec!["event", "edit", &id, "--add-to-description", &token];
            let (day, hour) = (rng.below(300), rng.between(8, 18));
            let (start, end) = (local_time(day, hour), local_time(day, hour + 1));
            if rng.chance(30) {
                args.extend(["--start", &start, "--end", &end]);
            }
            nubo(device, &args)
        }
    };
    match result {
        Ok(()) => {
            tokens.changed(&item.uid, who);
            MemberEdit::Done(Some(item.uid.clone()))
        }
        Err(e) => {
            tokens.forget(&token);
            gone_meanwhile(device, item, e)
        }
    }
}

/// An edit or delete `nubo` refused because the item is no longer on this
/// device: a sync running at the same time took in a delete from another
/// device after the member picked the item (or while `nubo` saved it). The member was told and had
/// typed nothing into the item, so nothing is owed. Anything else (the row
/// gone but its UID still here under another row, or another refusal) is
/// a problem.
fn gone_meanwhile(device: &Device, item: &LocalItem, error: String) -> MemberEdit {
    let refusal = format!("nubo: no {} {}", if item.kind == Kind::Contact { "contact" } else { "event" }, item.id);
    // The same refusal when the delete lands between `nubo` reading the
    // item and writing the edit: the core's words (`Text::ItemGone`).
    let gone_while_saving = "nubo: This item no longer exists: it was deleted meanwhile.";
    if !error.contains(&refusal) && !error.contains(gone_while_saving) {
        return MemberEdit::Failed(error);
    }
    match local_items(device.data_dir()) {
        Ok(items) if !items.iter().any(|i| i.id == item.id || (i.kind == item.kind && i.uid == item.uid)) => {
            MemberEdit::Nothing
        }
        Ok(_) => MemberEdit::Failed(format!(
            "{error}
(yet the item or its UID {} is still on this device)",
            item.uid
        )),
        Err(e) => MemberEdit::Failed(format!(
            "{error}
{e}"
        )),
    }
}

/// Deletes an item; what the member's copy held (and its kept versions)
/// may go. `nubo` shows the version it deleted: a sync running at the
/// same time may have brought a newer one after `item` was read, and the
/// member deleted what `nubo` showed, so its tokens may go too.
pub fn member_delete(
    device: &Device,
    item: &LocalItem,
    conflicts: &[LocalConflict],
    tokens: &Tokens,
    who: &str,
) -> MemberEdit {
    let id = item.id.to_string();
    let run = match item.kind {
        Kind::Contact => device.run(&["contacts", "rm", &id]),
        Kind::Event => device.run(&["event", "rm", &id]),
    };
    if !run.ok {
        // A newer version came in between `nubo` opening the item and
        // deleting it: nothing was deleted.
        if run.stderr.contains("nothing was deleted") {
            return MemberEdit::Nothing;
        }
        return gone_meanwhile(device, item, format!("nubo rm {id} failed:\n{}{}", run.stdout, run.stderr));
    }
    tokens.deleted(&item.uid, who);
    tokens.excuse_all_in(&item.data);
    tokens.excuse_shown(&item.uid, &run.stdout);
    for c in conflicts.iter().filter(|c| c.item_id == item.id) {
        tokens.excuse_all_in(&c.data);
    }
    MemberEdit::Done(Some(item.uid.clone()))
}

/// One random edit by the member: mostly edits, some creates and deletes,
/// of contacts and events; `prefer` names UIDs to pick first when the
/// device has them (the same item edited elsewhere).
pub fn member_change(device: &Device, tokens: &Tokens, rng: &mut Rng, who: &str, prefer: &[String]) -> MemberEdit {
    let kind = if rng.chance(55) { Kind::Contact } else { Kind::Event };
    let roll = rng.below(100);
    if roll < 25 {
        return member_create(device, kind, tokens, rng, who);
    }
    let (items, conflicts) = match (local_items(device.data_dir()), local_conflicts(device.data_dir())) {
        (Ok(i), Ok(c)) => (i, c),
        (Err(e), _) | (_, Err(e)) => return MemberEdit::Failed(e),
    };
    let live: Vec<&LocalItem> = items.iter().filter(|i| i.kind == kind && i.state != "deleted").collect();
    let preferred: Vec<&LocalItem> = live.iter().copied().filter(|i| prefer.contains(&i.uid)).collect();
    let item = if !preferred.is_empty() && rng.chance(60) { rng.pick(&preferred) } else { rng.pick(&live) };
    let Some(item) = item.copied() else { return MemberEdit::Nothing };
    if roll < 88 {
        member_edit(device, item, tokens, rng, who)
    } else {
        member_delete(device, item, &conflicts, tokens, who)
    }
}

// ------------------------------------------------------------ syncs

#[derive(Debug, Clone)]
pub struct SyncRun {
    pub ok: bool,
    pub took: Duration,
    pub output: String,
}

/// `nubo --json sync`, timed.
pub fn sync(device: &Device) -> SyncRun {
    let started = Instant::now();
    let run = device.run(&["--json", "sync"]);
    SyncRun { ok: run.ok, took: started.elapsed(), output: format!("{}{}", run.stdout, run.stderr) }
}

// ------------------------------------------------------------ the end state

/// What a comparison of one client with the server found.
#[derive(Debug, Default)]
pub struct Findings {
    pub compared: u64,
    /// Items on one side only, or with different content.
    pub lost: u64,
    pub duplicates: u64,
    pub problems: Vec<String>,
}

impl Findings {
    pub fn add(&mut self, other: Findings) {
        self.compared += other.compared;
        self.lost += other.lost;
        self.duplicates += other.duplicates;
        self.problems.extend(other.problems);
    }
}

/// The server's items by kind, and its duplicates: one UID twice in a
/// collection, or one creation's token naming two items.
pub fn server_state(dav: &DavClient) -> (BTreeMap<Kind, Vec<ServerItem>>, Findings) {
    let mut findings = Findings::default();
    let mut all = BTreeMap::new();
    for kind in Kind::ALL {
        let items = server_items(dav, kind);
        let mut by_uid: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let mut by_name_token: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for item in &items {
            let uid = uid_of(&item.data).unwrap_or_default();
            by_uid.entry(uid.clone()).or_default().push(&item.path);
            let name = property(&item.data, if kind == Kind::Contact { "FN" } else { "SUMMARY" }).unwrap_or_default();
            for token in tokens_in(&name) {
                by_name_token.entry(token).or_default().push(uid.clone());
            }
        }
        for (uid, paths) in by_uid.iter().filter(|(_, p)| p.len() > 1) {
            findings.duplicates += paths.len() as u64 - 1;
            findings.problems.push(format!("server: UID {uid} held by {paths:?}"));
        }
        for (token, uids) in by_name_token.iter_mut() {
            uids.sort();
            uids.dedup();
            if uids.len() > 1 {
                findings.duplicates += uids.len() as u64 - 1;
                findings
                    .problems
                    .push(format!("server: the item created as {token} is there {} times: {uids:?}", uids.len()));
            }
        }
        all.insert(kind, items);
    }
    (all, findings)
}

/// One client against the server: the same UIDs with the same content,
/// nothing pending, no UID twice.
pub fn compare_client(who: &str, dir: &Path, server: &BTreeMap<Kind, Vec<ServerItem>>) -> Findings {
    let mut findings = Findings::default();
    let items = match local_items(dir) {
        Ok(items) => items,
        Err(e) => {
            findings.problems.push(format!("{who}: {e}"));
            return findings;
        }
    };
    for item in items.iter().filter(|i| i.state != "clean") {
        findings.problems.push(format!(
            "{who}: {} {} still {} after the final sync",
            item.kind.tag(),
            item.uid,
            item.state
        ));
    }
    for kind in Kind::ALL {
        let mut local: BTreeMap<String, Vec<&LocalItem>> = BTreeMap::new();
        for item in items.iter().filter(|i| i.kind == kind && i.state != "deleted") {
            local.entry(item.uid.clone()).or_default().push(item);
        }
        for (uid, rows) in local.iter().filter(|(_, r)| r.len() > 1) {
            findings.duplicates += rows.len() as u64 - 1;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            findings.problems.push(format!("{who}: {} UID {uid} held by rows {ids:?}", kind.tag()));
        }
        let remote: BTreeMap<String, &ServerItem> =
            server[&kind].iter().map(|s| (uid_of(&s.data).unwrap_or_default(), s)).collect();
        for (uid, s) in &remote {
            findings.compared += 1;
            match local.get(uid).and_then(|rows| rows.first()) {
                None => {
                    findings.lost += 1;
                    findings.problems.push(format!("{who}: {} {uid} ({}) is on the server only", kind.tag(), s.path));
                }
                Some(l) if normalized(&l.data) != normalized(&s.data) => {
                    findings.lost += 1;
                    findings.problems.push(format!(
                        "{who}: {} {uid} differs from the server's\n--- client (row {}, {})\n{}\n--- server ({})\n{}",
                        kind.tag(),
                        l.id,
                        l.state,
                        l.data.trim_end(),
                        s.path,
                        s.data.trim_end()
                    ));
                }
                Some(_) => {}
            }
        }
        for (uid, rows) in local.iter().filter(|(uid, _)| !remote.contains_key(*uid)) {
            findings.compared += 1;
            findings.lost += 1;
            findings.problems.push(format!("{who}: {} {uid} (row {}) is on the client only", kind.tag(), rows[0].id));
        }
    }
    findings
}

/// Tokens owed and found nowhere: in no server resource and in no kept
/// version of any client.
pub fn lost_edits(tokens: &Tokens, server: &BTreeMap<Kind, Vec<ServerItem>>, clients: &[&Path]) -> Findings {
    let mut findings = Findings::default();
    let mut texts: Vec<String> = server.values().flatten().map(|s| s.data.clone()).collect();
    for dir in clients {
        match local_conflicts(dir) {
            Ok(c) => texts.extend(c.into_iter().map(|c| c.data)),
            Err(e) => findings.problems.push(e),
        }
    }
    for (token, what) in tokens.lost(texts.iter().map(String::as_str)) {
        findings.lost += 1;
        let uid = what.rsplit(' ').next().unwrap_or_default();
        findings.problems.push(format!(
            "edit lost: {token} ({what}) is neither on the server nor kept as a conflict; since it was written:\n{}\n{}",
            tokens.story(&token, uid).join("\n"),
            where_now(uid, server, clients)
        ));
    }
    findings
}

/// Where an item stands at the end, to explain a loss: the server's copy
/// and each device's rows and kept versions, by the tokens they hold.
fn where_now(uid: &str, server: &BTreeMap<Kind, Vec<ServerItem>>, clients: &[&Path]) -> String {
    let mut out = Vec::new();
    for item in server.values().flatten().filter(|s| uid_of(&s.data).as_deref() == Some(uid)) {
        out.push(format!("server {} {:?}: {:?}", item.path, item.etag, tokens_in(&item.data)));
    }
    for (i, dir) in clients.iter().enumerate() {
        let (Ok(items), Ok(conflicts)) = (local_items(dir), local_conflicts(dir)) else { continue };
        for item in items.iter().filter(|it| it.uid == uid) {
            out.push(format!("device {i} row {} {}: {:?}", item.id, item.state, tokens_in(&item.data)));
            for c in conflicts.iter().filter(|c| c.item_id == item.id) {
                out.push(format!("device {i} row {} kept: {:?}", item.id, tokens_in(&c.data)));
            }
        }
    }
    out.join("\n")
}

/// Conflicts on items nobody but this device ever changed: the server
/// held nothing but the member's own versions, so there was nothing to
/// choose between (a push whose answer was lost, edited again, is one).
pub fn conflicts_with_itself(who: &str, dir: &Path, tokens: &Tokens) -> Vec<String> {
    let (Ok(items), Ok(conflicts)) = (local_items(dir), local_conflicts(dir)) else {
        return vec![format!("{who}: cannot read the store")];
    };
    conflicts
        .iter()
        .filter_map(|c| {
            let item = items.iter().find(|i| i.id == c.item_id)?;
            tokens.only_changed_by(&item.uid, who).then(|| {
                format!(
                    "{who}: a conflict on {} {}, which nobody else changed\n--- kept\n{}\n--- item (row {}, {})\n{}",
                    item.kind.tag(),
                    item.uid,
                    c.data.trim_end(),
                    item.id,
                    item.state,
                    item.data.trim_end()
                )
            })
        })
        .collect()
}

/// Items a member deleted that are back on the server though nobody else
/// ever changed them (an edit elsewhere may undo a delete; nothing else).
pub fn deletes_undone(tokens: &Tokens, server: &BTreeMap<Kind, Vec<ServerItem>>) -> Vec<String> {
    let present: BTreeMap<String, &ServerItem> =
        server.values().flatten().map(|s| (uid_of(&s.data).unwrap_or_default(), s)).collect();
    tokens
        .deletes()
        .into_iter()
        .filter_map(|(uid, by)| {
            let item = present.get(&uid)?;
            let alone = by.iter().find(|who| tokens.only_changed_by(&uid, who))?;
            Some(format!(
                "{alone} deleted {uid}, which nobody else changed, yet the server has it again ({}):\n{}",
                item.path,
                item.data.trim_end()
            ))
        })
        .collect()
}

/// The checks, shown the real end state minus one item that carries an
/// edit: they must see it missing on the client's side and the edit lost.
/// (A check that cannot fail proves nothing.)
pub fn checks_see_a_loss(
    tokens: &Tokens,
    server: &BTreeMap<Kind, Vec<ServerItem>>,
    who: &str,
    dir: &Path,
) -> Result<(), String> {
    let owed = tokens.owed();
    let mut tampered = server.clone();
    let removed = tampered.values_mut().find_map(|items| {
        let at = items.iter().position(|s| tokens_in(&s.data).iter().any(|t| owed.contains(t)))?;
        Some(items.remove(at))
    });
    let Some(removed) = removed else { return Ok(()) };
    let on_client = compare_client(who, dir, &tampered);
    let edits = lost_edits(tokens, &tampered, &[]);
    if on_client.lost == 0 || edits.lost == 0 {
        return Err(format!(
            "the checks missed {} taken away from the server's state ({} and {} found)",
            removed.path, on_client.lost, edits.lost
        ));
    }
    Ok(())
}

/// The requests in a proxy log that left the account's collections:
/// anything but discovery, the principal and home, the collections, and
/// resources directly inside them.
pub fn outside_collections(log: &[(String, String, u16)]) -> Vec<String> {
    let home = format!("/{USER}/");
    log.iter()
        .filter(|(method, path, _)| {
            let path = percent_decode(path.split('?').next().unwrap_or(""));
            let in_collection =
                Kind::ALL.iter().any(|k| path.strip_prefix(k.collection()).is_some_and(|name| !name.contains('/')));
            let allowed = match method.as_str() {
                "PROPFIND" => in_collection || path == "/" || path == home || path.starts_with("/.well-known/"),
                "REPORT" => Kind::ALL.iter().any(|k| path == k.collection()),
                _ => in_collection && Kind::ALL.iter().all(|k| path != k.collection()),
            };
            !allowed
        })
        .map(|(m, p, s)| format!("{m} {p} {s}"))
        .collect()
}

// The checks themselves can fail: each is shown a loss, a duplicate, a
// stray request. (Pure; they run with every binary that includes this
// module, in `cargo test --workspace` too.)
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_across_folded_lines_and_only_whole() {
        let text = "NOTE:tok000001z tok0000\r\n 02z tok12z tok0000031 tok000004zz\r\n";
        assert_eq!(tokens_in(text), vec!["tok000001z", "tok000002z", "tok000004z"]);
    }

    #[test]
    fn an_edit_appends_its_token_and_keeps_every_other_line() {
        let card = vcard("u", "Ann", "tok000001z");
        let edited = with_token(Kind::Contact, &card, "tok000002z");
        assert!(edited.contains("NOTE:tok000001z tok000002z\r\n"), "{edited}");
        assert_eq!(normalized(&edited).len(), normalized(&card).len());
        let bare = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let edited = with_token(Kind::Event, bare, "tok000003z");
        assert!(edited.contains("DESCRIPTION:tok000003z\r\nEND:VEVENT"), "{edited}");
    }

    #[test]
    fn content_compares_by_lines_whatever_their_order_ends_and_folding() {
        let a = "BEGIN:VCARD\r\nUID:u\r\nFN:Ann\r\nNOTE:a long\r\n  note\r\nEND:VCARD\r\n";
        let b = "BEGIN:VCARD\nFN:Ann\nNOTE:a long note\nUID:u\nEND:VCARD\n";
        assert_eq!(normalized(a), normalized(b));
        assert_ne!(normalized(a), normalized(&b.replace("Ann", "Anne")));
    }

    #[test]
    fn an_edit_found_nowhere_is_lost_unless_a_delete_let_it_go() {
        let tokens = Tokens::default();
        let (kept, deleted, lost) = (tokens.fresh("a"), tokens.fresh("b"), tokens.fresh("c"));
        tokens.excuse_all_in(&format!("NOTE:{deleted}"));
        let found = format!("NOTE:{kept}");
        assert_eq!(tokens.lost([found.as_str()]), vec![(lost.clone(), "c".to_string())]);
        tokens.forget(&lost);
        assert!(tokens.lost([found.as_str()]).is_empty());
    }

    #[test]
    fn only_an_item_nobody_else_changed_is_a_conflict_with_itself() {
        let tokens = Tokens::default();
        tokens.changed("a", "phone");
        tokens.changed("b", "phone");
        tokens.changed("b", "server");
        assert!(tokens.only_changed_by("a", "phone"));
        assert!(tokens.only_changed_by("never-edited", "phone"));
        assert!(!tokens.only_changed_by("b", "phone"));
        tokens.deleted("a", "phone");
        let server = BTreeMap::from([(
            Kind::Contact,
            vec![ServerItem { path: format!("{BOOK}a.vcf"), etag: None, data: vcard("a", "A", "") }],
        )]);
        assert_eq!(deletes_undone(&tokens, &server).len(), 1);
        tokens.changed("a", "laptop");
        assert!(deletes_undone(&tokens, &server).is_empty(), "an edit elsewhere may undo a delete");
    }

    #[test]
    fn a_multistatus_is_read_response_by_response() {
        let xml = r#"<?xml version='1.0'?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/a%40b/agenda/x.ics</href><propstat><prop><getetag>"1"</getetag><C:calendar-data>BEGIN:VCALENDAR
UID:x
END:VCALENDAR
</C:calendar-data></prop></propstat></response><D:response xmlns:D="DAV:"><D:href>/a/agenda/y.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response></multistatus>"#;
        let found = responses(xml);
        assert_eq!(found.len(), 2);
        assert_eq!(xml_texts(found[0], "calendar-data"), vec!["BEGIN:VCALENDAR\nUID:x\nEND:VCALENDAR"]);
        assert_eq!(xml_texts(found[1], "href"), vec!["/a/agenda/y.ics"]);
    }

    #[test]
    fn requests_outside_the_collections_are_named() {
        let log: Vec<(String, String, u16)> = [
            ("PROPFIND", "/", 207),
            ("PROPFIND", "/alice%40nubo.test/", 207),
            ("REPORT", "/alice%40nubo.test/contacts/", 207),
            ("PUT", "/alice%40nubo.test/agenda/e.ics", 201),
            ("GET", "/alice%40nubo.test/contacts/c.vcf", 200),
            ("PUT", "/alice%40nubo.test/contacts/", 405),
            ("DELETE", "/alice%40nubo.test/other/c.vcf", 204),
            ("GET", "/alice%40nubo.test/contacts/sub/c.vcf", 200),
        ]
        .iter()
        .map(|(m, p, s)| (m.to_string(), p.to_string(), *s))
        .collect();
        assert_eq!(
            outside_collections(&log),
            vec![
                "PUT /alice%40nubo.test/contacts/ 405",
                "DELETE /alice%40nubo.test/other/c.vcf 204",
                "GET /alice%40nubo.test/contacts/sub/c.vcf 200"
            ]
        );
    }
}
