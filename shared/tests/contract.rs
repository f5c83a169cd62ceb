//! The JSON contract between the core and its shells.
//!
//! The Kotlin, Swift and TypeScript shells read the `ViewModel` and write
//! `Event`s as JSON, each with types of its own. This test drives the real
//! core through `update` into the states a member meets and writes what
//! crosses the boundary to `shared/contract/`:
//!
//! - `view_models.json`: example name → the `ViewModel` a shell receives;
//!   together the examples give every field a non-default value and every
//!   `AgendaSpan` once (checked below);
//! - `events.json`: every `Event` variant a shell may send → one example,
//!   as the core reads it;
//! - `enums.json`: the variants of the enums that cross the boundary as
//!   strings, as serde names them.
//!
//! The shells check themselves against these files:
//! `android/shell-jvm-test` (`ContractTest`), `web/tests/contract.test.mjs`,
//! `scripts/contract/check_swift.py`. This test fails when the files differ
//! from what the core produces; `NUBO_UPDATE_CONTRACT=1 cargo test -p shared
//! --test contract` rewrites them, and the shells' checks then say what to
//! change.
//!
//! The core is driven as a shell and the runtime drive it: every effect is
//! answered, the store's answers written as JSON so that this file names
//! few of the core's internal types (only `Progress`, for a sync caught
//! mid-way). Everything that knows the store's shapes is in `World`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crux_core::capability::Operation;
use crux_core::{App, Command, Request};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use shared::sync::Progress;
use shared::{Effect, Event, Model, NuboApp, ViewModel};

const UPDATE_VAR: &str = "NUBO_UPDATE_CONTRACT";

// ------------------------------------------------------------ the world

const SERVER: &str = "https://cloud.nubo.coop/remote.php/dav";
const BOOK: &str = "https://cloud.nubo.coop/remote.php/dav/addressbooks/users/helene/contacts/";
const SHARED_BOOK: &str = "https://cloud.nubo.coop/remote.php/dav/addressbooks/users/helene/cooperateurs_shared_by_ca/";
const AGENDA: &str = "https://cloud.nubo.coop/remote.php/dav/calendars/helene/personal/";
const BOARD: &str = "https://cloud.nubo.coop/remote.php/dav/calendars/helene/assemblees_shared_by_ca/";

/// 1 June 2027, 08:30 in Brussels: a Tuesday, the day of the monthly assembly.
const NOW_MS: i64 = 1_811_831_400_000;

const GA_SERIES: &str = include_str!("../../scripts/seed/calendar/assemblee-generale.ics");
const PERMANENCE: &str = include_str!("../../scripts/seed/calendar/permanence.ics");
const FETE: &str = include_str!("../../scripts/seed/calendar/fete.ics");

/// Every field the app shows, as a member's phone writes it (vCard 4).
const MARIE: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:5b1c0d9e-2f43-4a7e-9c1d-0e8f6a2b3c4d\r\n\
FN:Marie Lambert\r\nN:Lambert;Marie;;;\r\nEMAIL;TYPE=work:marie.lambert@repaircafe-namur.be\r\n\
EMAIL;TYPE=home:marie@lambert.be\r\nTEL;VALUE=uri;TYPE=cell:tel:+32-478-12-34-56\r\n\
ORG:Repair Café Namur\r\nTITLE:Coordinatrice\r\nNOTE:Préfère être contactée le matin.\r\n\
ADR;TYPE=home:;;Rue de Fer 12;Namur;;5000;Belgique\r\nBDAY:1984-05-21\r\n\
PHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==\r\n\
END:VCARD\r\n";

/// The server's version of Jan's card (vCard 3, as Nextcloud serves it).
const JAN_SERVER: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan-peeters@nubo.coop\r\nFN:Jan Peeters\r\n\
N:Peeters;Jan;;;\r\nEMAIL;TYPE=INTERNET,WORK:jan.peeters@telenet.be\r\nTEL;TYPE=CELL:+32 475 98 76 54\r\n\
ORG:Nubo\r\nEND:VCARD\r\n";

/// The member's version of Jan's card, kept when the server's changed too.
const JAN_MINE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jan-peeters@nubo.coop\r\nFN:Jan Peeters\r\n\
N:Peeters;Jan;;;\r\nEMAIL;TYPE=INTERNET,WORK:jan@nubo.coop\r\nTEL;TYPE=CELL:+32 475 11 22 33\r\n\
ORG:Nubo\r\nTITLE:Trésorier\r\nNOTE:Nouveau numéro depuis mai.\r\n\
ADR;TYPE=WORK:;;Rue de l'Étuve 52;Bruxelles;;1000;Belgique\r\nBDAY:1979-11-03\r\n\
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r\nEND:VCARD\r\n";

const SOPHIE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:sophie-claes@nubo.coop\r\nFN:Sophie Claes\r\n\
N:Claes;Sophie;;;\r\nEMAIL;TYPE=INTERNET:sophie.claes@nubo.coop\r\nORG:Nubo\r\nTITLE:Présidente\r\nEND:VCARD\r\n";

/// Sent by a partner whose client names its zone as nothing explains.
const PARTNER_CALL: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:partner-call@example.org\r\n\
DTSTAMP:20270528T090000Z\r\nSUMMARY:Appel avec le partenaire\r\nDTSTART;TZID=Heure de l'atelier:20270920T150000\r\n\
DURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Exported by a client that writes UNTIL as a date beside a zoned start:
/// read as other calendar apps read it, and said.
const EXPORTED_MARKET: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:marche-export@example.org\r\n\
DTSTAMP:20270528T090000Z\r\nSUMMARY:Marché des producteurs\r\nDTSTART;TZID=Europe/Brussels:20270906T100000\r\n\
DURATION:PT2H\r\nRRULE:FREQ=WEEKLY;UNTIL=20270927\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Made offline, not yet on the server.
const ATELIER: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo//Companion//EN\r\nBEGIN:VEVENT\r\n\
UID:4f0c9a1e-atelier@nubo.coop\r\nDTSTAMP:20270528T090000Z\r\nSUMMARY:Atelier « Quitter les GAFAM »\r\n\
LOCATION:Bibliothèque de Namur\r\nDTSTART;TZID=Europe/Brussels:20270609T183000\r\n\
DTEND;TZID=Europe/Brussels:20270609T200000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const NOTES: &str = "https://cloud.nubo.coop/remote.php/dav/files/helene/Notes/";
const NOTES_COOP: &str = "https://cloud.nubo.coop/remote.php/dav/files/helene/Notes/Coop%C3%A9rative/";
const NOTES_ARCHIVE: &str = "https://cloud.nubo.coop/remote.php/dav/files/helene/Notes/Archives%20du%20CA/";

/// A note with every block and span the document model has.
const AG_NOTE: &str = concat!(
    "# Assemblée générale 2027\n\n",
    "Le **samedi 8 mai** à *Namur*, salle `B2` ; inscription sur [le site](https://nubo.coop/ag).\\\n",
    "Covoiturage depuis Liège.\n\n",
    "## À préparer\n\n",
    "- [x] Réserver la salle\n",
    "- [ ] Envoyer la convocation\n",
    "  1. en français\n",
    "  2. en néerlandais\n\n",
    "> Quorum : un dixième des coopérateurs.\n\n",
    "```text\nordre du jour v3\n```\n\n---\n",
);

/// A resource no parser can read, kept as received.
const BROKEN: &str = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:broken@nubo.coop\r\nDTSTART:not-a-date\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

const FEED_FR: &str = "https://nubo.coop/fr/actualites/feed.atom";
const FEED_NL: &str = "https://nubo.coop/nl/nieuws/feed.atom";
const CENTER: &str = "https://cloud.nubo.coop/ocs/v2.php/apps/announcementcenter/api/v1/announcements";

/// A source of announcements as the store keeps it; failing since `failing`.
fn news_source(
    url: &str,
    kind: &str,
    language: Option<&str>,
    title: Option<&str>,
    by_member: bool,
    failing: Option<i64>,
) -> Value {
    json!({"url": url, "kind": kind, "language": language, "title": title, "added_by_member": by_member,
           "added_at": NOW_MS - 30 * 86_400_000,
           "state": {"etag": "\"5f3a\"", "last_modified": null, "last_success": NOW_MS - 20 * 3_600_000,
                     "consecutive_failures": if failing.is_some() { 3 } else { 0 }, "failing_since": failing,
                     "last_failure": failing, "retry_after_until": null, "max_age_until": null},
           "next_poll": NOW_MS - 3_600_000,
           "last_error": failing.map(|_| json!({"Refused": "Announcements are disabled"}))})
}

/// An announcement as the store keeps it, `days_ago` days old.
#[allow(clippy::too_many_arguments)]
fn announcement(
    id: i64,
    source: &str,
    uid: &str,
    title: &str,
    language: Option<&str>,
    format: &str,
    body: &str,
    days_ago: i64,
    read: bool,
) -> Value {
    let ocs = source == CENTER;
    json!({"id": id, "read": read, "notified": true, "announcement": {
        "source": source, "id": format!("{source}#{uid}"), "title": title,
        "link": format!("https://nubo.coop/actualites/{uid}/"),
        "published": NOW_MS - days_ago * 86_400_000, "updated": null, "language": language,
        "summary": null, "content": {"format": format, "raw": body},
        "attachments": if uid == "ag-2027" {
            json!([{"url": "https://nubo.coop/events/ag-2027.ics", "media_type": "text/calendar",
                    "title": "Assemblée générale 2027", "length": 1864}])
        } else { json!([]) },
        "author": ocs.then_some("Conseil d'administration")}})
}

/// The local store as the runtime would answer it, in the store's JSON
/// (the only place here that knows the shapes of `StoreResponse`).
#[derive(Clone)]
struct World {
    account: Value,
    books: Vec<Value>,
    calendars: Vec<Value>,
    contacts: Vec<Value>,
    conflicts: Vec<Value>,
    items: Vec<Value>,
    notes_folders: Vec<Value>,
    notes: Vec<Value>,
    news_sources: Vec<Value>,
    news: Vec<Value>,
    next_id: i64,
}

impl World {
    fn empty() -> Self {
        Self {
            account: Value::Null,
            books: vec![],
            calendars: vec![],
            contacts: vec![],
            conflicts: vec![],
            items: vec![],
            notes_folders: vec![],
            notes: vec![],
            news_sources: vec![],
            news: vec![],
            next_id: 100,
        }
    }

    /// Hélène's phone after a few syncs: two address books (one shared
    /// read-only by the board), two calendars (same), contacts with an
    /// offline edit and a conflict, and a month of events.
    fn member() -> Self {
        let book = |href: &str, name: &str, read_only: bool| {
            json!({"kind": "Contact", "href": href, "display_name": name, "color": null, "read_only": read_only,
                   "supports_sync": true, "sync_token": "http://sabre.io/ns/sync/412", "ctag": null})
        };
        let calendar = |href: &str, name: &str, color: Option<&str>, read_only: bool| {
            json!({"kind": "Event", "href": href, "display_name": name, "color": color, "read_only": read_only,
                   "supports_sync": true, "sync_token": "http://sabre.io/ns/sync/97", "ctag": null})
        };
        let summary = |id: i64, book: &str, name: &str, email: Option<&str>, phone: Option<&str>, org: &str| {
            json!({"id": id, "book": book, "display_name": name, "email": email, "phone": phone, "org": org,
                   "pending": false, "has_conflict": false})
        };
        let item = |id: i64, collection: &str, uid: &str, data: &str, pending: bool| {
            json!({"id": id, "collection": collection, "href": (!pending).then(|| format!("{collection}{id}.vcf")),
                   "etag": (!pending).then_some("\"1\""), "uid": uid, "data": data, "pending": pending})
        };
        let folder = |href: &str, name: &str, read_only: bool| {
            json!({"kind": "Note", "href": href, "display_name": name, "color": null, "read_only": read_only,
                   "supports_sync": false, "sync_token": null, "ctag": null})
        };
        let note = |id: i64, folder: &str, title: &str, preview: &str, days_ago: i64, flags: (bool, bool, bool)| {
            let (pending, has_conflict, unreadable) = flags;
            json!({"id": id, "collection": folder, "title": title, "preview": preview,
                   "modified": NOW_MS - days_ago * 86_400_000, "pending": pending, "has_conflict": has_conflict,
                   "unreadable": unreadable})
        };
        let mut marie = summary(12, BOOK, "Marie Lambert", None, Some("+32-478-12-34-56"), "Repair Café Namur");
        marie["pending"] = json!(true);
        let mut jan = summary(11, BOOK, "Jan Peeters", Some("jan.peeters@telenet.be"), None, "Nubo");
        jan["has_conflict"] = json!(true);
        Self {
            account: json!({
                "email": "helene@nubo.coop",
                "username": "helene",
                "server_url": "https://cloud.nubo.coop",
                "principal_url": format!("{SERVER}/principals/users/helene/"),
                "addressbook_home": format!("{SERVER}/addressbooks/users/helene/"),
                "calendar_home": format!("{SERVER}/calendars/helene/"),
                "notes_folder": NOTES,
            }),
            books: vec![book(BOOK, "Contacts", false), book(SHARED_BOOK, "Coopérateurs (CA)", true)],
            calendars: vec![
                calendar(AGENDA, "Personnel", Some("#0082C9FF"), false),
                calendar(BOARD, "Assemblées (CA)", None, true),
            ],
            // As the store sorts them.
            contacts: vec![
                summary(13, SHARED_BOOK, "Sophie Claes", Some("sophie.claes@nubo.coop"), None, "Nubo"),
                marie,
                jan,
                summary(14, BOOK, "", None, None, "Repair Café Gent"),
            ],
            conflicts: vec![
                json!({
                    "id": 3,
                    "item_id": 11,
                    "local_data": JAN_MINE,
                    "local_index": {"Contact": {"uid": "jan-peeters@nubo.coop", "display_name": "Jan Peeters",
                        "sort_key": "jan peeters", "emails": ["jan@nubo.coop"], "phones": ["+32 475 11 22 33"],
                        "org": "Nubo"}},
                    "found_at": NOW_MS - 86_400_000,
                }),
                json!({
                    "id": 4,
                    "item_id": 32,
                    "local_data": "- [ ] café équitable\n- [ ] chicons\n",
                    "local_index": {"Note": {"title": "Courses", "preview": "• ☐ café équitable\n• ☐ chicons",
                        "modified": NOW_MS - 3_600_000, "unreadable": false, "too_large": null}},
                    "found_at": NOW_MS - 3_600_000,
                }),
            ],
            items: vec![
                item(11, BOOK, "jan-peeters@nubo.coop", JAN_SERVER, false),
                item(12, BOOK, "urn:uuid:5b1c0d9e-2f43-4a7e-9c1d-0e8f6a2b3c4d", MARIE, true),
                item(13, SHARED_BOOK, "sophie-claes@nubo.coop", SOPHIE, false),
                item(21, BOARD, "ag-mensuelle@nubo.coop", GA_SERIES, false),
                item(22, AGENDA, "permanence@nubo.coop", PERMANENCE, false),
                item(23, AGENDA, "fete-2027@nubo.coop", FETE, false),
                item(24, AGENDA, "4f0c9a1e-atelier@nubo.coop", ATELIER, true),
                item(25, AGENDA, "broken@nubo.coop", BROKEN, false),
                item(26, AGENDA, "partner-call@example.org", PARTNER_CALL, false),
                item(27, AGENDA, "marche-export@example.org", EXPORTED_MARKET, false),
                item(31, NOTES_COOP, "Assemblée générale 2027", AG_NOTE, true),
                item(32, NOTES, "Courses", "- [ ] café équitable\n", false),
                item(33, NOTES_ARCHIVE, "PV 2019", "PV caf\u{fffd} 2019", false),
            ],
            notes_folders: vec![
                folder(NOTES, "", false),
                folder(NOTES_COOP, "Coopérative", false),
                folder(NOTES_ARCHIVE, "Archives du CA", true),
            ],
            // Newest first, as the store sorts them.
            notes: vec![
                note(
                    31,
                    NOTES_COOP,
                    "Assemblée générale 2027",
                    "Assemblée générale 2027\nLe samedi 8 mai…",
                    1,
                    (true, false, false),
                ),
                note(32, NOTES, "Courses", "☐ café équitable", 2, (false, true, false)),
                note(33, NOTES_ARCHIVE, "PV 2019", "", 400, (false, false, true)),
            ],
            news_sources: vec![
                news_source(FEED_FR, "Feed", Some("fr"), Some("Nubo – Actualités"), false, None),
                news_source(FEED_NL, "Feed", Some("nl"), None, true, None),
                // The Announcement Center has not answered since yesterday evening.
                news_source(CENTER, "Ocs", None, None, false, Some(NOW_MS - 14 * 3_600_000)),
            ],
            // Newest first, as the store sorts them.
            news: vec![
                announcement(41, CENTER, "ocs-7", "Nouvelle version de Nextcloud", None, "Markdown", AG_NOTE, 1, false),
                announcement(
                    42,
                    FEED_FR,
                    "ag-2027",
                    "Assemblée générale ordinaire le samedi 8 mai 2027",
                    Some("fr"),
                    "Html",
                    "<p>Rendez-vous à <strong>14 h</strong> à la <a href=\"/salle\">Maison des associations</a>.</p>",
                    3,
                    false,
                ),
                announcement(
                    43,
                    FEED_NL,
                    "nieuwsbrief-27",
                    "Nieuwsbrief nr. 27",
                    Some("nl-be"),
                    "Html",
                    "<p>Het nieuws.</p>",
                    5,
                    false,
                ),
                announcement(
                    44,
                    FEED_FR,
                    "maintenance",
                    "Maintenance du cloud",
                    Some("fr"),
                    "Text",
                    "De 20 h à 23 h.",
                    9,
                    true,
                ),
            ],
            next_id: 100,
        }
    }

    /// The store's answer to one request, both as JSON.
    fn answer(&mut self, request: &Value) -> Value {
        let (tag, body) = tagged(request);
        let calendars: Vec<&str> = self.calendars.iter().filter_map(|c| c["href"].as_str()).collect();
        match tag {
            "LoadAccount" => json!({ "Account": self.account }),
            "ListCollections" => {
                json!({ "Collections": self.books.iter().chain(&self.calendars).chain(&self.notes_folders).collect::<Vec<_>>() })
            }
            "ListNotes" => {
                let query = body["query"].as_str().unwrap_or_default().to_lowercase();
                let found: Vec<&Value> = self
                    .notes
                    .iter()
                    .filter(|n| n["title"].as_str().unwrap_or_default().to_lowercase().contains(&query))
                    .collect();
                let pending = self.notes.iter().filter(|n| n["pending"] == true).count();
                json!({ "Notes": { "notes": found, "pending": pending } })
            }
            "ListContacts" | "SearchContacts" => {
                let query = body["query"].as_str().unwrap_or_default().to_lowercase();
                let shown = body["shown"].as_u64().unwrap_or_default() as usize;
                let name = |c: &Value| c["display_name"].as_str().unwrap_or_default().to_string();
                let mut found: Vec<&Value> =
                    self.contacts.iter().filter(|c| name(c).to_lowercase().contains(&query)).collect();
                found.sort_by_key(|c| shared::contacts::text::fold(&name(c)));
                // The runs of one initial, as the store tells them: over the
                // whole list, or over a search's matches listed.
                let runs_over = if tag == "ListContacts" { found.len() } else { shown };
                let mut initials: Vec<Value> = Vec::new();
                for (first, c) in found.iter().take(runs_over).enumerate() {
                    let letter = shared::contacts::text::initial(&name(c));
                    if initials.last().is_none_or(|last| last["letter"] != letter.as_str()) {
                        initials.push(json!({ "letter": letter, "first": first }));
                    }
                }
                let pending = self.contacts.iter().filter(|c| c["pending"] == true).count();
                json!({ "Contacts": { "shown": found.iter().take(shown).collect::<Vec<_>>(), "found": found.len(),
                    "pending": pending, "initials": initials } })
            }
            "ListConflicts" => json!({ "Conflicts": self.conflicts }),
            "GetItem" => json!({ "Item": self.items.iter().find(|i| i["id"] == body["id"]) }),
            // Every event resource; the core expands them into the window.
            "ListEvents" => {
                let events: Vec<&Value> = self
                    .items
                    .iter()
                    .filter(|i| calendars.contains(&i["collection"].as_str().unwrap_or_default()))
                    .collect();
                json!({ "Items": events })
            }
            // No reminder kept: every event, to compute them from.
            "ListReminders" => {
                let events: Vec<&Value> = self
                    .items
                    .iter()
                    .filter(|i| calendars.contains(&i["collection"].as_str().unwrap_or_default()))
                    .collect();
                json!({ "Reminders": {"ToCompute": {"events": events, "generation": 1}} })
            }
            "SaveReminders" => json!("Done"),
            // Nothing kept: every event to expand, its occurrences "kept" by saying done.
            "ListOccurrences" => {
                let expand: Vec<Value> = self
                    .items
                    .iter()
                    .filter(|i| calendars.contains(&i["collection"].as_str().unwrap_or_default()))
                    .map(|i| json!({"item": i, "expand_for": {"Window": {"generation": 1}}}))
                    .collect();
                json!({ "Occurrences": {"rows": [], "expand": expand, "window": [body["from"], body["to"]]} })
            }
            // After a sync, the months ahead: kept already.
            "OccurrencesAhead" => {
                json!({ "Occurrences": {"rows": [], "expand": [], "window": [body["from"], body["to"]]} })
            }
            "SaveOccurrences" => json!("Done"),
            "SaveItem" => {
                let id = body["id"].as_i64().unwrap_or_else(|| {
                    self.next_id += 1;
                    self.next_id
                });
                self.items.retain(|i| i["id"] != json!(id));
                self.items.push(json!({"id": id, "collection": body["collection"], "href": null, "etag": null,
                    "uid": "", "data": body["data"], "pending": true}));
                json!({ "Saved": { "id": id } })
            }
            "DeleteItem" => {
                self.items.retain(|i| i["id"] != body["id"]);
                json!("Done")
            }
            "ListNewsSources" => json!({ "NewsSources": self.news_sources }),
            "ListNews" => json!({ "News": self.news }),
            "MarkNewsRead" => {
                for record in &mut self.news {
                    if body["id"].is_null() || record["id"] == body["id"] {
                        record["read"] = json!(true);
                    }
                }
                json!("Done")
            }
            // Kept with the account, as the real store does: the next start reads it.
            "SaveSyncedAt" => {
                if let Some(account) = self.account.as_object_mut() {
                    account.insert("last_synced".into(), body["at"].clone());
                }
                json!("Done")
            }
            "SaveAccount" | "SaveCollections" | "DeleteAccount" | "ResolveConflict" | "SaveNewsSource"
            | "ApplyNews" | "RemoveNewsSource" => json!("Done"),
            _ => panic!("the contract's store does not expect {request}"),
        }
    }
}

/// serde's externally tagged enum: `"Unit"` or `{"Variant": body}`.
fn tagged(value: &Value) -> (&str, &Value) {
    match value {
        Value::String(tag) => (tag, &Value::Null),
        Value::Object(map) if map.len() == 1 => {
            let (tag, body) = map.iter().next().unwrap();
            (tag, body)
        }
        other => panic!("not an externally tagged enum: {other}"),
    }
}

// ------------------------------------------------------------ the device

/// How the server answers: not yet (the request stays in flight), or
/// every request with one status.
enum Server {
    Silent,
    Answers {
        status: u16,
        headers: Vec<(&'static str, &'static str)>,
    },
    /// Every request: 200 with this JSON body.
    Json(&'static str),
}

/// The core with a runtime and a shell around it: every effect answered,
/// every event fed back, until nothing moves.
struct Device {
    app: NuboApp,
    model: Model,
    commands: Vec<Command<Effect, Event>>,
    world: World,
    server: Server,
    /// Requests left unanswered (a sign-in or a sync still under way).
    in_flight: Vec<Effect>,
}

impl Device {
    fn new(world: World) -> Self {
        Self {
            app: NuboApp,
            model: Model::default(),
            commands: Vec::new(),
            world,
            server: Server::Silent,
            in_flight: Vec::new(),
        }
    }

    /// A member's device after launch: the account, lists and agenda loaded.
    fn started(world: World, locale: &str) -> Self {
        let mut device = Self::new(world);
        device.send(shell(json!({"Start": {"locale": locale, "time_zone": "Europe/Brussels"}})));
        device
    }

    fn send(&mut self, event: Event) {
        let command = self.app.update(event, &mut self.model);
        self.commands.push(command);
        self.run();
    }

    fn run(&mut self) {
        for _ in 0..1000 {
            let mut events = Vec::new();
            let mut effects = Vec::new();
            for command in self.commands.iter_mut() {
                events.extend(command.events());
                effects.extend(command.effects());
            }
            self.commands.retain_mut(|c| !c.is_done());
            if events.is_empty() && effects.is_empty() {
                return;
            }
            for effect in effects {
                self.carry_out(effect);
            }
            for event in events {
                let command = self.app.update(event, &mut self.model);
                self.commands.push(command);
            }
        }
        panic!("the core did not settle");
    }

    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::Render(_) => {}
            Effect::Store(request) => {
                let answer = self.world.answer(&to_json(&request.operation));
                resolve(request, answer);
            }
            Effect::Time(request) => resolve(request, json!(NOW_MS)),
            Effect::Uid(request) => resolve(request, json!("0d6f1c2e-7b3a-4e59-a8c4-3f2e1d0c9b8a")),
            Effect::Secret(request) => {
                let answer = match tagged(&to_json(&request.operation)).0 {
                    "Get" => json!({"Value": "correct horse battery staple"}),
                    _ => json!("Done"),
                };
                resolve(request, answer);
            }
            Effect::Notify(request) => resolve(request, Value::Null),
            Effect::Http(request) => match &self.server {
                Server::Silent => self.in_flight.push(Effect::Http(request)),
                Server::Answers { status, headers } => {
                    let answer = json!({"Ok": {"status": status, "headers": headers, "body": []}});
                    resolve(request, answer);
                }
                Server::Json(body) => {
                    let answer = json!({"Ok": {"status": 200, "headers": [], "body": body.as_bytes()}});
                    resolve(request, answer);
                }
            },
            // A pause not over yet: what follows it waits.
            Effect::Wait(request) => self.in_flight.push(Effect::Wait(request)),
            other => panic!("unexpected effect {other:?}"),
        }
    }

    fn view(&self) -> Value {
        to_json(&self.app.view(&self.model))
    }
}

fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

fn resolve<Op>(mut request: Request<Op>, output: Value)
where
    Op: Operation + Serialize,
    Op::Output: DeserializeOwned,
{
    let operation = to_json(&request.operation);
    let output = serde_json::from_value(output.clone())
        .unwrap_or_else(|e| panic!("the answer {output} to {operation} does not fit: {e}"));
    request.resolve(output).expect("resolved");
}

/// An event as a shell sends it: JSON, read by the core.
fn shell(json: Value) -> Event {
    serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("the core does not read {json}: {e}"))
}

fn show_agenda(span: &str, date: Option<&str>, until: Option<&str>) -> Event {
    shell(json!({"ShowAgenda": {"range": {"span": span, "date": date, "until": until}}}))
}

// ------------------------------------------------------------ the examples

/// The view models, each from the core driven into a state a member meets.
fn view_models() -> BTreeMap<&'static str, Value> {
    let mut examples = BTreeMap::new();

    let d = Device::started(World::empty(), "en-GB");
    examples.insert("signed_out", d.view());

    // The discovery's first request is still on its way.
    let mut d = Device::started(World::empty(), "nl-BE");
    d.send(shell(events()["SignIn"].clone()));
    assert!(!d.in_flight.is_empty());
    examples.insert("signing_in", d.view());

    let mut d = Device::started(World::empty(), "fr-BE");
    d.server = Server::Answers { status: 401, headers: vec![("WWW-Authenticate", "Basic realm=\"Nextcloud\"")] };
    d.send(shell(events()["SignIn"].clone()));
    examples.insert("sign_in_failed", d.view());

    // The server fails at sign-in: a sentence, and the status code beside it.
    let mut d = Device::started(World::empty(), "nl-BE");
    d.server = Server::Answers { status: 500, headers: vec![] };
    d.send(shell(events()["SignIn"].clone()));
    examples.insert("sign_in_server_error", d.view());

    // The server sends sign-in to another host: the member is asked first.
    let mut d = Device::started(World::empty(), "en-BE");
    d.server = Server::Answers { status: 301, headers: vec![("Location", "https://dav.hebergeur.be/remote.php/dav/")] };
    d.send(shell(events()["SignIn"].clone()));
    examples.insert("sign_in_elsewhere", d.view());

    // Signing in on the server's own page: the page to open, the app waiting.
    let mut d = Device::started(World::empty(), "fr-BE");
    d.server = Server::Json(
        r#"{"poll":{"token":"8cMhtjvA","endpoint":"https://cloud.nubo.coop/login/v2/poll"},"login":"https://cloud.nubo.coop/login/v2/flow/Xq3Lr9"}"#,
    );
    d.send(shell(events()["SignInWithBrowser"].clone()));
    assert!(!d.in_flight.is_empty(), "waiting to ask again");
    examples.insert("signing_in_on_server_page", d.view());

    // The month, an offline-edited contact open, one assembly of a series open.
    let mut d = Device::started(World::member(), "fr-BE");
    d.send(show_agenda("Month", Some("2027-06-01"), None));
    d.send(shell(json!({"OpenContact": {"id": 12}})));
    d.send(shell(json!({"OpenEvent": {"id": 21, "occurrence": "2027-06-01T17:00:00Z"}})));
    examples.insert("signed_in", d.view());

    // The server is slow: the first of four batches is in.
    let mut d = Device::started(World::member(), "nl-BE");
    d.send(show_agenda("Week", Some("2027-06-07"), None));
    d.send(shell(json!("Sync")));
    assert!(!d.in_flight.is_empty());
    d.send(Event::SyncProgress(Progress::Fetching { done: 100, total: 400 }));
    examples.insert("sync_running", d.view());

    let mut d = Device::started(World::member(), "en-BE");
    d.send(show_agenda("Day", Some("2027-06-09"), None));
    d.server = Server::Answers { status: 503, headers: vec![("Retry-After", "120")] };
    d.send(shell(json!("Sync")));
    examples.insert("sync_failed", d.view());

    // After a sync, an event made offline in a chosen range, shown open.
    let mut d = Device::started(World::member(), "fr-BE");
    d.send(Event::SyncFinished(Ok(Default::default())));
    d.send(show_agenda("Range", Some("2027-06-01"), Some("2027-06-20")));
    d.send(shell(json!({"SaveEvent": {"id": null, "calendar": AGENDA, "occurrence": null, "fields": {
        "summary": "Réunion du groupe local", "location": "Café Belga, Ixelles",
        "description": "Préparer la fête de la coopérative.", "start": "2027-06-15T19:00", "end": "2027-06-15T21:00"}}})));
    // The new event shows open, with what the save did: said until the
    // member moves on (opening it again would end the notice).
    examples.insert("notice", d.view());

    // An event whose time zone nothing explains: read in the member's, and
    // said; the sync before it met an item it could not read.
    let mut d = Device::started(World::member(), "nl-BE");
    d.send(Event::SyncFinished(Ok(shared::sync::SyncReport { unreadable: 1, ..Default::default() })));
    d.send(shell(json!({"OpenEvent": {"id": 26, "occurrence": null}})));
    examples.insert("event_in_unknown_zone", d.view());

    // A rule written against RFC 5545 as some exports write it: read as
    // other calendar apps read it, and said.
    let mut d = Device::started(World::member(), "fr-BE");
    d.send(Event::SyncFinished(Ok(Default::default())));
    d.send(shell(json!({"OpenEvent": {"id": 27, "occurrence": null}})));
    examples.insert("event_repaired", d.view());

    // A search, then an edit of a contact from the board's read-only book.
    let mut d = Device::started(World::member(), "nl-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"Search": {"query": "claes"}})));
    d.send(shell(json!({"OpenContact": {"id": 13}})));
    d.send(shell(json!({"SaveContact": {"id": 13, "fields": {
        "full_name": "Sophie Claes", "given_name": "Sophie", "family_name": "Claes",
        "emails": [{"label": "work", "value": "sophie@nubo.coop"}], "phones": [], "org": "Nubo",
        "title": "Présidente", "note": "", "addresses": [], "birthday": "", "has_photo": false}}})));
    examples.insert("error", d.view());

    // A search that finds more than a phone lists: the first by name, and
    // how many more, for the member to type more.
    let mut world = World::member();
    world.contacts.extend((0..103).map(|n| {
        json!({"id": 1000 + n, "book": SHARED_BOOK, "display_name": format!("Coopérateur {n:03}"), "email": null,
               "phone": null, "org": "Nubo", "pending": false, "has_conflict": false})
    }));
    let mut d = Device::started(world, "fr-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"Search": {"query": "coopérateur"}})));
    examples.insert("contacts_search_more", d.view());

    // A long list: its first page, the words of the row that asks for the
    // next as it comes into view, and the initials of the whole list.
    let mut world = World::member();
    world.contacts.extend((0..150).map(|n| {
        json!({"id": 2000 + n, "book": SHARED_BOOK, "display_name": format!("{} {n:03}", ["Anna", "Bert", "Zoë"][n % 3]),
               "email": null, "phone": null, "org": "Nubo", "pending": false, "has_conflict": false})
    }));
    let mut d = Device::started(world, "nl-BE");
    d.send(show_agenda("Upcoming", None, None));
    examples.insert("contacts_long_list", d.view());

    // Notes: a search, the assembly's note open (every block and span),
    // a task ticked offline.
    let mut d = Device::started(World::member(), "fr-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"SearchNotes": {"query": ""}})));
    d.send(shell(json!({"OpenNote": {"id": 31}})));
    examples.insert("notes", d.view());

    // A note that is not text, open: said why, not editable.
    let mut d = Device::started(World::member(), "nl-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"SearchNotes": {"query": "pv"}})));
    d.send(shell(json!({"OpenNote": {"id": 33}})));
    examples.insert("note_unreadable", d.view());

    // News: unread only, in the member's language (the Dutch letter left
    // out and counted), the Announcement Center failing since yesterday,
    // its latest announcement open (read now), a poll under way.
    let mut d = Device::started(World::member(), "fr-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"ShowNews": {"unread_only": true, "language": null}})));
    d.send(shell(json!({"OpenAnnouncement": {"id": 41}})));
    d.send(shell(json!("PollNews")));
    assert!(!d.in_flight.is_empty(), "the feeds are being asked");
    examples.insert("news", d.view());

    // Every language, the member's first; the assembly open with its .ics.
    let mut d = Device::started(World::member(), "nl-BE");
    d.send(show_agenda("Upcoming", None, None));
    d.send(shell(json!({"ShowNews": {"unread_only": false, "language": "all"}})));
    d.send(shell(json!({"OpenAnnouncement": {"id": 42}})));
    examples.insert("news_all_languages", d.view());

    examples
}

/// One example of every event a shell sends, as the core reads it.
fn events() -> BTreeMap<&'static str, Value> {
    let examples = [
        ("Start", json!({"Start": {"locale": "fr-BE", "time_zone": "Europe/Brussels", "screens": ["Agenda"]}})),
        (
            "SignIn",
            json!({"SignIn": {"email": "helene@nubo.coop", "password": "correct horse battery staple",
                "server_url": SERVER, "accept_host": "cloud.nubo.coop", "username": "helene"}}),
        ),
        (
            "SignInWithBrowser",
            json!({"SignInWithBrowser": {"email": "helene@nubo.coop", "server_url": SERVER,
                "accept_host": "cloud.nubo.coop"}}),
        ),
        ("CancelBrowserSignIn", json!("CancelBrowserSignIn")),
        ("SignOut", json!("SignOut")),
        ("Sync", json!("Sync")),
        ("Search", json!({"Search": {"query": "dubœuf"}})),
        ("ShowMoreContacts", json!({"ShowMoreContacts": {"through": 120}})),
        ("OpenContact", json!({"OpenContact": {"id": 12}})),
        ("CloseContact", json!("CloseContact")),
        (
            "SaveContact",
            json!({"SaveContact": {"id": 12, "fields": {
                "full_name": "Marie Lambert", "given_name": "Marie", "family_name": "Lambert",
                "emails": [{"label": "work", "value": "marie.lambert@repaircafe-namur.be"}],
                "phones": [{"label": "cell", "value": "+32 478 12 34 56"}],
                "org": "Repair Café Namur", "title": "Coordinatrice", "note": "Préfère être contactée le matin.",
                "addresses": [{"label": "home", "value": "Rue de Fer 12, 5000 Namur, Belgique"}],
                "birthday": "1984-05-21", "has_photo": true}}}),
        ),
        ("DeleteContact", json!({"DeleteContact": {"id": 14}})),
        ("ResolveConflict", json!({"ResolveConflict": {"conflict_id": 3, "resolution": "KeepBoth"}})),
        (
            "ShowAgenda",
            json!({"ShowAgenda": {"range": {"span": "Range", "date": "2027-06-01", "until": "2027-06-20"}}}),
        ),
        ("OpenEvent", json!({"OpenEvent": {"id": 21, "occurrence": "2027-06-01T17:00:00Z"}})),
        ("CloseEvent", json!("CloseEvent")),
        (
            "SaveEvent",
            json!({"SaveEvent": {"id": 22, "calendar": AGENDA, "occurrence": "2027-06-09T12:00:00Z", "fields": {
                "summary": "Permanence d'aide aux membres", "location": "Maison des associations",
                "description": "Désormais sur place.", "start": "2027-06-09T15:00", "end": "2027-06-09T17:00"},
                "scope": "AndFollowing"}}),
        ),
        ("DeleteEvent", json!({"DeleteEvent": {"id": 22, "occurrence": "2027-06-16T12:00:00Z"}})),
        ("SearchNotes", json!({"SearchNotes": {"query": "assemblée"}})),
        ("OpenNote", json!({"OpenNote": {"id": 31}})),
        ("CloseNote", json!("CloseNote")),
        (
            "SaveNote",
            json!({"SaveNote": {"id": 31, "category": "Coopérative", "title": "Assemblée générale 2027",
                "text": "# Assemblée générale 2027\n\n- [x] Réserver la salle\n"}}),
        ),
        ("ToggleNoteTask", json!({"ToggleNoteTask": {"id": 31, "task": 1}})),
        ("DeleteNote", json!({"DeleteNote": {"id": 32}})),
        ("MoveNote", json!({"MoveNote": {"id": 31, "title": "AG 2027 : ordre du jour", "category": "Coopérative"}})),
        ("SetNotesFolder", json!({"SetNotesFolder": {"url": NOTES}})),
        ("PollNews", json!("PollNews")),
        ("MoveOn", json!("MoveOn")),
        ("ShowNews", json!({"ShowNews": {"unread_only": true, "language": "nl"}})),
        ("OpenAnnouncement", json!({"OpenAnnouncement": {"id": 42}})),
        ("CloseAnnouncement", json!("CloseAnnouncement")),
        ("MarkAllNewsRead", json!("MarkAllNewsRead")),
        ("AddFeed", json!({"AddFeed": {"url": FEED_NL}})),
        ("FindNewsFeeds", json!("FindNewsFeeds")),
        ("RemoveFeed", json!({"RemoveFeed": {"url": FEED_NL}})),
        ("AddAnnouncementToAgenda", json!({"AddAnnouncementToAgenda": {"id": 42, "calendar": AGENDA}})),
        ("CreateNoteCategory", json!({"CreateNoteCategory": {"path": "Coopérative/AG 2028"}})),
    ];
    examples
        .into_iter()
        .map(|(name, example)| {
            // What the core reads, written back as it would write it.
            (name, to_json(&shell(example)))
        })
        .collect()
}

/// The enums that reach the shells as strings, named by serde itself.
fn enums() -> BTreeMap<&'static str, Vec<String>> {
    BTreeMap::from([
        ("AgendaSpan", variants_named_by_serde(r#"{"ShowAgenda": {"range": {"span": "\u0000"}}}"#)),
        ("Resolution", variants_named_by_serde(r#"{"ResolveConflict": {"conflict_id": 1, "resolution": "\u0000"}}"#)),
        (
            "EditScope",
            variants_named_by_serde(
                r#"{"SaveEvent": {"id": 1, "calendar": null, "occurrence": null, "scope": "\u0000", "fields": {}}}"#,
            ),
        ),
    ])
}

/// The variants serde expects where `json` holds an unknown one (its
/// "unknown variant …, expected one of …" message), so the lists need
/// no import of the enums and never fall behind them.
fn variants_named_by_serde(json: &str) -> Vec<String> {
    let error = serde_json::from_str::<Event>(json).expect_err("an unknown variant").to_string();
    let expected = error.split_once("expected").unwrap_or_else(|| panic!("unexpected serde message: {error}")).1;
    let variants: Vec<String> = expected.split('`').skip(1).step_by(2).map(str::to_string).collect();
    assert!(!variants.is_empty(), "no variants in serde's message: {error}");
    variants
}

// ------------------------------------------------------------ the files

fn contract_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contract")
}

/// Objects with sorted keys whatever serde_json's features, so the files
/// are the same on every machine.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> = map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            Value::Object(sorted.into_iter().collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Where `committed` and `produced` differ, one line each.
fn differences(path: &str, committed: &Value, produced: &Value, out: &mut Vec<String>) {
    match (committed, produced) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match b.get(key) {
                    Some(other) => differences(&here, value, other, out),
                    None => out.push(format!("{here}: no longer produced by the core (renamed or removed?)")),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                out.push(format!("{here}: new in the core"));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (a, b) if a != b => out.push(format!("{path}: committed {a}, the core now gives {b}")),
        _ => {}
    }
}

/// Compares a contract file with what the core produces, or rewrites it
/// under NUBO_UPDATE_CONTRACT=1.
fn check_file(name: &str, produced: Value) {
    let produced = canonical(produced);
    let path = contract_dir().join(name);
    let text = serde_json::to_string_pretty(&produced).expect("json") + "\n";
    if std::env::var(UPDATE_VAR).is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(contract_dir()).expect("contract dir");
        std::fs::write(&path, text).expect("write contract file");
        return;
    }
    let how = format!(
        "If the change is meant: {UPDATE_VAR}=1 cargo test -p shared --test contract, then make the shells \
         agree (./scripts/test-kotlin.sh, web/tests/contract.test.mjs, scripts/contract/check_swift.py)."
    );
    let committed =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("shared/contract/{name} cannot be read ({e}). {how}"));
    let committed: Value =
        serde_json::from_str(&committed).unwrap_or_else(|e| panic!("shared/contract/{name} is not JSON: {e}. {how}"));
    let mut diffs = Vec::new();
    differences("", &committed, &produced, &mut diffs);
    let shown = diffs.len().min(40);
    assert!(
        diffs.is_empty(),
        "shared/contract/{name} no longer matches what the core sends the shells ({} difference(s)):\n  {}{}\n{how}",
        diffs.len(),
        diffs[..shown].join("\n  "),
        if diffs.len() > shown { "\n  …" } else { "" },
    );
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(on_disk, text, "shared/contract/{name} holds the right values but not as written by this test. {how}");
}

#[test]
fn the_contract_files_match_the_core() {
    let view_models: Map<String, Value> = view_models().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let events: Map<String, Value> = events().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    check_file("view_models.json", Value::Object(view_models));
    check_file("events.json", Value::Object(events));
    check_file("enums.json", to_json(&enums()));
}

// ------------------------------------------------------------ coverage

/// A value a shell could show without the core having said anything.
fn is_default(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(_) => false,
    }
}

/// Every field path (`agenda.days[].entries[].color`) with whether some
/// example gives it a value other than the default.
fn field_paths(path: &str, value: &Value, seen: &mut BTreeMap<String, bool>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                *seen.entry(here.clone()).or_default() |= !is_default(value);
                field_paths(&here, value, seen);
            }
        }
        Value::Array(items) => {
            for item in items {
                field_paths(&format!("{path}[]"), item, seen);
            }
        }
        _ => {}
    }
}

#[test]
fn the_examples_give_every_field_a_value_and_every_span_once() {
    let examples = view_models();
    let mut seen = BTreeMap::new();
    for view in examples.values() {
        field_paths("", view, &mut seen);
        // Every example is what the shells decode: a whole ViewModel.
        let _: ViewModel = serde_json::from_value(view.clone()).expect("a ViewModel");
    }
    let never: Vec<&String> = seen.iter().filter(|(_, set)| !**set).map(|(path, _)| path).collect();
    assert!(
        never.is_empty(),
        "no example gives these fields a value, so a shell that misreads them would pass: {never:?}; \
         drive the core into a state that shows them"
    );
    let spans: BTreeSet<&str> = examples.values().filter_map(|v| v["agenda"]["span"].as_str()).collect();
    let all = enums()["AgendaSpan"].clone();
    assert_eq!(spans, all.iter().map(String::as_str).collect(), "every agenda span in some example");
}

#[test]
fn every_event_a_shell_may_send_has_an_example() {
    // serde names the variants it reads; the core's own events are skipped.
    let sendable: BTreeSet<String> = variants_named_by_serde(r#""\u0000""#).into_iter().collect();
    let examples: BTreeSet<String> = events().keys().map(|k| k.to_string()).collect();
    assert_eq!(examples, sendable, "events.json needs one example of every Event a shell may send");
    for (name, example) in events() {
        assert_eq!(tagged(&example).0, name);
        // Optional fields are given, so the shells' encoders are seen to write them.
        let mut paths = BTreeMap::new();
        field_paths("", &example, &mut paths);
        let unset: Vec<&String> = paths.iter().filter(|(_, set)| !**set).map(|(p, _)| p).collect();
        assert!(unset.is_empty(), "the {name} example leaves {unset:?} unset");
    }
}
