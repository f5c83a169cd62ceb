//! Drives the app through its commands step by step with Crux's command
//! testing, as the real core does: every request the core makes is
//! checked, answered with what a real server sends, and the view model
//! checked at the end. The feature modules' tests use it.

#![allow(dead_code)]

pub use crux_core::{App, Command};

pub use crate::app::NuboApp;
pub use crate::dav::client::Credentials;
pub use crate::effects::store::{
    Account, ApplySummary, ChangeKind, Collection, ItemIndex, LocalEtag, OutboxItem, PushOutcome, ReminderPage,
    StoreRequest, StoreResponse,
};
pub use crate::effects::{
    DnsRequest, DnsResponse, Effect, HttpRequest, HttpResponse, Instant, NotifyRequest, Reminder, SecretRequest,
    SecretResponse, SrvRecord,
};
pub use crate::kinds::{ContactKind, EventKind, StaticKind};
pub use crate::model::{Event, Model, SyncState};
pub use crate::view::ViewModel;

pub const SERVER: &str = "https://dav.test";
pub const BOOK: &str = "https://dav.test/alice@nubo.test/contacts/";

/// Drives one app through its commands, feeding the events the commands
/// send back into `update`, like the real core does.
pub struct Driver {
    pub app: NuboApp,
    pub model: Model,
    pub commands: Vec<Command<Effect, Event>>,
    pub events_seen: Vec<String>,
    /// The writes `answer_reads` accepted beside the reads: the time of
    /// a sync that reached every collection.
    pub kept: Vec<StoreRequest>,
}

impl Driver {
    pub fn new(model: Model) -> Self {
        Self { app: NuboApp, model, commands: Vec::new(), events_seen: Vec::new(), kept: Vec::new() }
    }

    pub fn send(&mut self, event: Event) {
        self.events_seen.push(format!("{event:?}").chars().take(40).collect());
        let command = self.app.update(event, &mut self.model);
        self.commands.push(command);
    }

    /// The next effect that is not a render, processing events on the way.
    pub fn next_effect(&mut self) -> Effect {
        self.try_next_effect().unwrap_or_else(|| panic!("no effect pending; events so far: {:?}", self.events_seen))
    }

    /// The next effect that is not a render, or `None` once nothing more
    /// is asked.
    pub fn try_next_effect(&mut self) -> Option<Effect> {
        loop {
            let mut found = None;
            let mut events = Vec::new();
            for command in self.commands.iter_mut() {
                events.extend(command.events());
                if found.is_none() {
                    for effect in command.effects() {
                        if effect.is_render() {
                            continue;
                        }
                        found = Some(effect);
                        break;
                    }
                }
            }
            if let Some(effect) = found {
                for event in events {
                    self.send(event);
                }
                return Some(effect);
            }
            if events.is_empty() {
                return None;
            }
            for event in events {
                self.send(event);
            }
        }
    }

    /// Processes the remaining events; asserts nothing else is asked.
    pub fn settle(&mut self) {
        loop {
            let mut events = Vec::new();
            for command in self.commands.iter_mut() {
                events.extend(command.events());
                for effect in command.effects() {
                    assert!(effect.is_render(), "unexpected effect {effect:?}");
                }
            }
            if events.is_empty() {
                return;
            }
            for event in events {
                self.send(event);
            }
        }
    }

    pub fn http(&mut self) -> crux_core::Request<HttpRequest> {
        match self.next_effect() {
            Effect::Http(r) => r,
            other => panic!("expected HTTP, got {other:?}"),
        }
    }

    pub fn store(&mut self) -> crux_core::Request<StoreRequest> {
        match self.next_effect() {
            Effect::Store(r) => r,
            other => panic!("expected store, got {other:?}"),
        }
    }

    /// Answers the next request, which must be an empty reminder set: the
    /// shell cancels every reminder (no account, or signed out).
    pub fn answer_reminders_cancelled(&mut self) {
        match self.next_effect() {
            Effect::Notify(mut n) => {
                assert_eq!(n.operation, NotifyRequest::Reminders(vec![]), "an empty set: the shell cancels all");
                n.resolve(()).unwrap();
            }
            other => panic!("expected the reminders cancelled, got {other:?}"),
        }
    }

    pub fn answer_time(&mut self) {
        match self.next_effect() {
            Effect::Time(mut r) => r.resolve(Instant(1_764_000_000_000)).unwrap(),
            other => panic!("expected time, got {other:?}"),
        }
    }

    pub fn view(&self) -> ViewModel {
        self.app.view(&self.model)
    }
}

/// After a failed sync the core only reloads what the view shows: no
/// store write happens. Answers those reads and returns the final view.
pub fn view_after_failed_sync(d: &mut Driver) -> ViewModel {
    answer_reloads(d, vec![book(Some("t1"))]);
    d.settle();
    assert!(d.kept.is_empty(), "a failed sync keeps no time: {:?}", d.kept);
    let view = d.view();
    assert!(view.sync.failed);
    assert!(!view.sync.running);
    view
}

/// Answers the reads that refresh the view (books, calendars, contacts,
/// conflicts, notes, the agenda's events and the reminders' — each after asking
/// the time; they run side by side, in any order) and fails on anything
/// else, such as a write.
pub fn answer_reloads(d: &mut Driver, books: Vec<Collection>) {
    let pending = vec![
        StoreRequest::ListCollections,
        StoreRequest::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
        StoreRequest::ListConflicts,
        StoreRequest::ListNotes { query: String::new() },
        // The announcements are polled with each sync (no source here), then read.
        StoreRequest::ListNewsSources,
        StoreRequest::ListNewsSources,
        StoreRequest::ListNews,
    ];
    answer_reads(d, pending, 2, books);
}

/// Answers the lists read again after a change or a sign-in (contacts,
/// conflicts, notes, the agenda and the reminders), in any order.
pub fn answer_reads_after_a_change(d: &mut Driver) {
    let reads = vec![
        StoreRequest::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE },
        StoreRequest::ListConflicts,
        StoreRequest::ListNotes { query: String::new() },
    ];
    answer_reads(d, reads, 2, vec![]);
}

/// Answers exactly these reads and `event_reads` agenda reads, in any order.
pub fn answer_reads(d: &mut Driver, mut pending: Vec<StoreRequest>, mut event_reads: usize, books: Vec<Collection>) {
    // Each reminders read ends with the set it hands the shell.
    let mut sets = 0;
    while !pending.is_empty() || event_reads > 0 || sets > 0 {
        let mut r = match d.next_effect() {
            Effect::Store(r) => r,
            Effect::Time(mut t) => {
                t.resolve(Instant(1_764_000_000_000)).unwrap();
                continue;
            }
            // The reminders read (no event: an empty set, which cancels).
            Effect::Notify(mut n) => {
                assert!(sets > 0, "{:?}", n.operation);
                assert_eq!(n.operation, NotifyRequest::Reminders(vec![]));
                n.resolve(()).unwrap();
                sets -= 1;
                continue;
            }
            other => panic!("unexpected {other:?}"),
        };
        // None kept: computed from the events (none), then kept.
        if let StoreRequest::ListReminders { from, to, events_to, .. } = r.operation {
            assert!(from < to && to < events_to && event_reads > 0, "{:?}", r.operation);
            event_reads -= 1;
            sets += 1;
            r.resolve(StoreResponse::Reminders(ReminderPage::ToCompute { events: vec![], generation: 3 })).unwrap();
            continue;
        }
        if let StoreRequest::SaveReminders(computed) = &r.operation {
            assert_eq!((computed.generation, computed.reminders.len()), (3, 0), "{computed:?}");
            r.resolve(StoreResponse::Done).unwrap();
            continue;
        }
        // A sync that reached every collection keeps its time (its own
        // tests check when); the only write allowed here.
        if let StoreRequest::SaveSyncedAt { .. } = r.operation {
            d.kept.push(r.operation.clone());
            r.resolve(StoreResponse::Done).unwrap();
            continue;
        }
        if let StoreRequest::ListOccurrences { from, to, .. } = r.operation {
            assert!(from < to && event_reads > 0, "{:?}", r.operation);
            event_reads -= 1;
            r.resolve(empty_occurrences(from, to)).unwrap();
            continue;
        }
        // After a sync, the months ahead: nothing to expand.
        if let StoreRequest::OccurrencesAhead { from, to, .. } = r.operation {
            assert!(from < to, "{:?}", r.operation);
            r.resolve(empty_occurrences(from, to)).unwrap();
            continue;
        }
        let position =
            pending.iter().position(|p| *p == r.operation).unwrap_or_else(|| panic!("unexpected {:?}", r.operation));
        let answer = match pending.remove(position) {
            StoreRequest::ListCollections => StoreResponse::Collections(books.clone()),
            StoreRequest::ListContacts { .. } => StoreResponse::Contacts(Default::default()),
            StoreRequest::ListNotes { .. } => StoreResponse::Notes(Default::default()),
            StoreRequest::ListNewsSources => StoreResponse::NewsSources(vec![]),
            StoreRequest::ListNews => StoreResponse::News(vec![]),
            _ => StoreResponse::Conflicts(vec![]),
        };
        r.resolve(answer).unwrap();
    }
}

/// At sign-in, the account domain's home page is read for feeds, without
/// credentials: here it has none (a 404).
pub fn answer_news_discovery(d: &mut Driver, home: &str) {
    d.answer_time();
    let mut r = d.http();
    assert_eq!((r.operation.method.as_str(), r.operation.url.as_str()), ("GET", home));
    assert_eq!(r.operation.header_value("Authorization"), None);
    r.resolve(Ok(HttpResponse::new(404))).unwrap();
}

/// Answers the Depth-0 PROPFIND that reads the book's getctag.
pub fn answer_ctag(d: &mut Driver, ctag: &str) {
    let mut r = d.http();
    assert_eq!(
        (r.operation.method.as_str(), r.operation.url.as_str(), r.operation.header_value("Depth")),
        ("PROPFIND", BOOK, Some("0"))
    );
    assert!(body_text(&r.operation).contains("getctag"));
    let body = format!(
        r#"<response><href>/alice@nubo.test/contacts/</href><propstat><prop><CS:getctag>{ctag}</CS:getctag></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#
    );
    r.resolve(Ok(multistatus(&body))).unwrap();
}

pub fn multistatus(inner: &str) -> HttpResponse {
    HttpResponse::new(207)
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/">{inner}</multistatus>"#
        ))
}

pub fn body_text(r: &HttpRequest) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

pub fn basic(user: &str, pass: &str) -> String {
    use base64::Engine as _;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))
}

pub const BOOKS_LISTING: &str = r#"
<response><href>/alice@nubo.test/</href><propstat><prop><resourcetype><collection/><principal/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/alice@nubo.test/contacts/</href><propstat><prop>
  <resourcetype><collection/><C:addressbook/></resourcetype>
  <displayname>Coopérateurs</displayname>
  <current-user-privilege-set><privilege><read/></privilege><privilege><write/></privilege></current-user-privilege-set>
  <supported-report-set><supported-report><report><sync-collection/></report></supported-report><supported-report><report><C:addressbook-multiget/></report></supported-report></supported-report-set>
  <CS:getctag>"c1"</CS:getctag><sync-token>http://radicale.org/ns/sync/t1</sync-token>
</prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/alice@nubo.test/shared-board/</href><propstat><prop>
  <resourcetype><collection/><C:addressbook/></resourcetype>
  <displayname>Conseil d'administration</displayname>
  <current-user-privilege-set><privilege><read/></privilege></current-user-privilege-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response>"#;

pub fn signed_in_model(locale: &str) -> Model {
    Model {
        locale: crate::i18n::Locale::from_tag(locale),
        account: Some(Account {
            email: "alice@nubo.test".into(),
            username: "alice@nubo.test".into(),
            server_url: SERVER.into(),
            principal_url: format!("{SERVER}/alice@nubo.test/"),
            addressbook_home: Some(format!("{SERVER}/alice@nubo.test/")),
            calendar_home: None,
            notes_folder: None,
            news_discovered: true,
            default_calendar: None,
            last_synced: None,
            credentials_asked: false,
        }),
        credentials: Some(Credentials { username: "alice@nubo.test".into(), password: "pw".into() }),
        ..Model::default()
    }
}

pub fn book(token: Option<&str>) -> Collection {
    Collection {
        kind: ContactKind::KIND,
        href: BOOK.into(),
        display_name: "Coopérateurs".into(),
        color: None,
        read_only: false,
        supports_sync: true,
        sync_token: token.map(str::to_string),
        ctag: None,
    }
}

/// Sync up to the point where the book's outbox is asked for.
pub fn start_sync(d: &mut Driver, token: Option<&str>) {
    start_sync_with(d, book(token));
}

/// Sync up to the point where the book's outbox is asked for.
pub fn start_sync_with(d: &mut Driver, stored: Collection) {
    start_sync_with_all(d, vec![stored]);
}

/// Sync up to the point where the first collection's outbox is asked for.
pub fn start_sync_with_all(d: &mut Driver, stored: Vec<Collection>) {
    d.send(Event::Sync);
    let mut r = d.http();
    assert_eq!(r.operation.url, format!("{SERVER}/alice@nubo.test/"));
    r.resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();
    let mut save = d.store();
    assert!(matches!(save.operation, StoreRequest::SaveCollections { kind: ContactKind::KIND, .. }));
    save.resolve(StoreResponse::Done).unwrap();
    let mut list = d.store();
    assert_eq!(list.operation, StoreRequest::ListCollections);
    list.resolve(StoreResponse::Collections(stored)).unwrap();
}

pub const SERVER_VCARD: &str =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nEND:VCARD\r\n";
pub const MY_VCARD: &str =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 99 99 99\r\nEND:VCARD\r\n";

pub const CALENDAR: &str = "https://dav.test/alice@nubo.test/agenda/";
pub const GA_SERIES: &str = include_str!("../../../scripts/seed/calendar/assemblee-generale.ics");
pub const MAINTENANCE: &str = include_str!("../../../scripts/seed/calendar/maintenance-mars.ics");

pub fn calendar(read_only: bool) -> Collection {
    Collection {
        kind: EventKind::KIND,
        href: CALENDAR.into(),
        display_name: "Agenda Nubo".into(),
        color: Some("#0082C9FF".into()),
        read_only,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

pub fn stored_event(id: i64, data: &str) -> crate::effects::store::ItemRecord {
    crate::effects::store::ItemRecord {
        id,
        collection: CALENDAR.into(),
        href: Some(format!("{CALENDAR}{id}.ics")),
        etag: Some("\"1\"".into()),
        uid: String::new(),
        data: data.into(),
        pending: false,
    }
}

pub fn agenda_model(read_only: bool) -> Model {
    Model { collections: vec![calendar(read_only)], time_zone: Some(chrono_tz::Europe::Brussels), ..Model::default() }
}

pub fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
}

/// The store's answer for a view with nothing in it.
pub fn empty_occurrences(from: i64, to: i64) -> StoreResponse {
    StoreResponse::Occurrences(crate::effects::store::OccurrencePage {
        rows: vec![],
        expand: vec![],
        window: (from, to),
        pending_events: 0,
    })
}
