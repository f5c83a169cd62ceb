//! The core walked step by step with Crux's command testing: every HTTP
//! request the core makes is checked (method, URL, headers, body), answered
//! with what a real server sends, and the view model checked at the end.

use crux_core::{App, Command};
use shared::app::{Event, Model, NuboApp, SyncState, ViewModel};
use shared::dav::client::Credentials;
use shared::effects::store::{
    Account, AddressBook, ApplySummary, ChangeKind, ItemIndex, LocalEtag, OutboxItem, PushOutcome, StoreRequest,
    StoreResponse,
};
use shared::effects::{
    DnsRequest, DnsResponse, Effect, HttpRequest, HttpResponse, Instant, SecretRequest, SecretResponse, SrvRecord,
};

const SERVER: &str = "https://dav.test";
const BOOK: &str = "https://dav.test/alice@nubo.test/contacts/";

/// Drives one app through its commands, feeding the events the commands
/// send back into `update`, like the real core does.
struct Driver {
    app: NuboApp,
    model: Model,
    commands: Vec<Command<Effect, Event>>,
    events_seen: Vec<String>,
}

impl Driver {
    fn new(model: Model) -> Self {
        Self { app: NuboApp, model, commands: Vec::new(), events_seen: Vec::new() }
    }

    fn send(&mut self, event: Event) {
        self.events_seen.push(format!("{event:?}").chars().take(40).collect());
        let command = self.app.update(event, &mut self.model);
        self.commands.push(command);
    }

    /// The next effect that is not a render, processing events on the way.
    fn next_effect(&mut self) -> Effect {
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
                return effect;
            }
            if events.is_empty() {
                panic!("no effect pending; events so far: {:?}", self.events_seen);
            }
            for event in events {
                self.send(event);
            }
        }
    }

    /// Processes the remaining events; asserts nothing else is asked.
    fn settle(&mut self) {
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

    fn http(&mut self) -> crux_core::Request<HttpRequest> {
        match self.next_effect() {
            Effect::Http(r) => r,
            other => panic!("expected HTTP, got {other:?}"),
        }
    }

    fn store(&mut self) -> crux_core::Request<StoreRequest> {
        match self.next_effect() {
            Effect::Store(r) => r,
            other => panic!("expected store, got {other:?}"),
        }
    }

    fn answer_time(&mut self) {
        match self.next_effect() {
            Effect::Time(mut r) => r.resolve(Instant(1_764_000_000_000)).unwrap(),
            other => panic!("expected time, got {other:?}"),
        }
    }

    fn view(&self) -> ViewModel {
        self.app.view(&self.model)
    }
}

/// After a failed sync the core only reloads what the view shows: no
/// store write happens. Answers those reads and returns the final view.
fn view_after_failed_sync(d: &mut Driver) -> ViewModel {
    answer_reloads(d, vec![book(Some("t1"))]);
    d.settle();
    let view = d.view();
    assert!(view.sync.failed);
    assert!(!view.sync.running);
    view
}

/// Answers the reads that refresh the view (books, calendars, contacts,
/// conflicts, the agenda's events and the reminders' — each after asking
/// the time; they run side by side, in any order) and fails on anything
/// else, such as a write.
fn answer_reloads(d: &mut Driver, books: Vec<AddressBook>) {
    let pending = vec![
        StoreRequest::ListAddressBooks,
        StoreRequest::ListCalendars,
        StoreRequest::ListContacts,
        StoreRequest::ListConflicts,
    ];
    answer_reads(d, pending, 2, books);
}

/// Answers exactly these reads and `event_reads` agenda reads, in any order.
fn answer_reads(d: &mut Driver, mut pending: Vec<StoreRequest>, mut event_reads: usize, books: Vec<AddressBook>) {
    while !pending.is_empty() || event_reads > 0 {
        let mut r = match d.next_effect() {
            Effect::Store(r) => r,
            Effect::Time(mut t) => {
                t.resolve(Instant(1_764_000_000_000)).unwrap();
                continue;
            }
            other => panic!("unexpected {other:?}"),
        };
        if let StoreRequest::ListEvents { from, to } = r.operation {
            assert!(from < to && event_reads > 0, "{:?}", r.operation);
            event_reads -= 1;
            r.resolve(StoreResponse::Items(vec![])).unwrap();
            continue;
        }
        let position =
            pending.iter().position(|p| *p == r.operation).unwrap_or_else(|| panic!("unexpected {:?}", r.operation));
        let answer = match pending.remove(position) {
            StoreRequest::ListAddressBooks => StoreResponse::AddressBooks(books.clone()),
            StoreRequest::ListCalendars => StoreResponse::Calendars(vec![]),
            StoreRequest::ListContacts => StoreResponse::Contacts(vec![]),
            _ => StoreResponse::Conflicts(vec![]),
        };
        r.resolve(answer).unwrap();
    }
}

/// Answers the Depth-0 PROPFIND that reads the book's getctag.
fn answer_ctag(d: &mut Driver, ctag: &str) {
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

fn multistatus(inner: &str) -> HttpResponse {
    HttpResponse::new(207)
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/">{inner}</multistatus>"#
        ))
}

fn body_text(r: &HttpRequest) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

fn basic(user: &str, pass: &str) -> String {
    use base64::Engine as _;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))
}

const BOOKS_LISTING: &str = r#"
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

#[test]
fn sign_in_with_a_server_url_discovers_principal_home_and_address_books() {
    let mut d = Driver::new(Model::default());
    d.send(Event::Start { locale: "fr-BE".into(), time_zone: Some("Europe/Brussels".into()) });
    let mut load = d.store();
    assert_eq!(load.operation, StoreRequest::LoadAccount);
    load.resolve(StoreResponse::Account(None)).unwrap();
    let mut books = d.store();
    assert_eq!(books.operation, StoreRequest::ListAddressBooks);
    books.resolve(StoreResponse::AddressBooks(vec![])).unwrap();
    let mut calendars = d.store();
    assert_eq!(calendars.operation, StoreRequest::ListCalendars);
    calendars.resolve(StoreResponse::Calendars(vec![])).unwrap();
    d.settle();
    assert!(!d.view().signed_in);

    d.send(Event::SignIn {
        email: "alice@nubo.test".into(),
        password: "s3cret".into(),
        server_url: Some(format!("{SERVER}/")),
        accept_host: None,
    });
    assert!(d.view().signing_in);

    // No credentials until the server asks for them.
    let mut r = d.http();
    assert_eq!(r.operation.method, "PROPFIND");
    assert_eq!(r.operation.url, format!("{SERVER}/"));
    assert_eq!(r.operation.header_value("Authorization"), None);
    r.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", r#"Basic realm="Radicale - Password Required""#)))
        .unwrap();
    let mut r = d.http();
    assert_eq!(r.operation.method, "PROPFIND");
    assert_eq!(r.operation.url, format!("{SERVER}/"));
    assert_eq!(r.operation.header_value("Depth"), Some("0"));
    assert_eq!(r.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "s3cret").as_str()));
    assert!(body_text(&r.operation).contains("current-user-principal"));
    r.resolve(Ok(multistatus(
        r#"<response><href>/</href><propstat><prop><current-user-principal><href>/alice%40nubo.test/</href></current-user-principal></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
    )))
    .unwrap();

    let mut r = d.http();
    assert_eq!(r.operation.method, "PROPFIND");
    assert_eq!(r.operation.url, format!("{SERVER}/alice@nubo.test/"));
    assert_eq!(r.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "s3cret").as_str()));
    assert!(body_text(&r.operation).contains("addressbook-home-set"));
    r.resolve(Ok(multistatus(
        r#"<response><href>/alice@nubo.test/</href><propstat><prop><C:addressbook-home-set><href>/alice@nubo.test/</href></C:addressbook-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
    )))
    .unwrap();

    let mut r = d.http();
    assert_eq!(r.operation.url, format!("{SERVER}/alice@nubo.test/"));
    assert_eq!(r.operation.header_value("Depth"), Some("1"));
    r.resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();

    // The password goes to secure storage, and only there.
    match d.next_effect() {
        Effect::Secret(mut s) => {
            assert_eq!(s.operation, SecretRequest::Set { key: "nubo:alice@nubo.test".into(), value: "s3cret".into() });
            s.resolve(SecretResponse::Done).unwrap();
        }
        other => panic!("expected secret, got {other:?}"),
    }
    let mut save = d.store();
    let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
    assert_eq!(account.addressbook_home, format!("{SERVER}/alice@nubo.test/"));
    assert_eq!(account.server_url, SERVER);
    assert!(!format!("{account:?}").contains("s3cret"));
    save.resolve(StoreResponse::Done).unwrap();
    let mut save_books = d.store();
    let StoreRequest::SaveAddressBooks(books) = &save_books.operation else { panic!() };
    assert_eq!(books.len(), 2);
    save_books.resolve(StoreResponse::Done).unwrap();
    let mut save_calendars = d.store();
    assert_eq!(save_calendars.operation, StoreRequest::SaveCalendars(vec![]), "this server has no calendar home");
    save_calendars.resolve(StoreResponse::Done).unwrap();
    // Then the contacts and the agenda (upcoming, from now) are read.
    answer_reads(&mut d, vec![StoreRequest::ListContacts, StoreRequest::ListConflicts], 1, vec![]);

    // Signing in starts the first sync: it lists the books again.
    let r = d.http();
    assert_eq!(r.operation.method, "PROPFIND");

    let view = d.view();
    assert!(view.signed_in);
    assert_eq!(view.account_email.as_deref(), Some("alice@nubo.test"));
    let names: Vec<(&str, bool)> = view.address_books.iter().map(|b| (b.name.as_str(), b.read_only)).collect();
    assert_eq!(names, vec![("Conseil d'administration", true), ("Coopérateurs", false)]);
    assert_eq!(view.sync.status, "Synchronisation…");
}

#[test]
fn sign_in_from_the_address_alone_uses_dns_srv_and_txt() {
    let mut d = Driver::new(Model::default());
    // The member accepted the host the SRV record names; not the backup.
    d.send(Event::SignIn {
        email: "Bob@Nubo.Coop".into(),
        password: "pw".into(),
        server_url: None,
        accept_host: Some("cloud.nubo.coop:8443".into()),
    });
    match d.next_effect() {
        Effect::Dns(mut r) => {
            assert_eq!(r.operation, DnsRequest::Srv { name: "_carddavs._tcp.nubo.coop".into() });
            r.resolve(DnsResponse::Srv(vec![
                SrvRecord { priority: 20, weight: 0, port: 443, target: "backup.nubo.coop.".into() },
                SrvRecord { priority: 10, weight: 5, port: 8443, target: "cloud.nubo.coop.".into() },
            ]))
            .unwrap();
        }
        other => panic!("{other:?}"),
    }
    match d.next_effect() {
        Effect::Dns(mut r) => {
            assert_eq!(r.operation, DnsRequest::Txt { name: "_carddavs._tcp.nubo.coop".into() });
            r.resolve(DnsResponse::Txt(vec!["path=/remote.php/dav".into()])).unwrap();
        }
        other => panic!("{other:?}"),
    }
    // Lowest priority first, TXT path applied.
    let mut r = d.http();
    assert_eq!(r.operation.url, "https://cloud.nubo.coop:8443/remote.php/dav");
    r.resolve(Err(shared::effects::HttpError::Connect("connection refused".into()))).unwrap();
    // backup.nubo.coop was not accepted: never asked. The domain itself is.
    let mut r = d.http();
    assert_eq!(r.operation.url, "https://nubo.coop/.well-known/carddav");
    r.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"x\""))).unwrap();
    let mut r = d.http();
    assert_eq!(r.operation.url, "https://nubo.coop/.well-known/carddav");
    assert!(r.operation.header_value("Authorization").is_some());
    r.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"x\""))).unwrap();
    // A wrong password stops discovery: it is not sent to more hosts.
    d.settle();
    let view = d.view();
    assert!(!view.signed_in);
    assert!(!view.signing_in);
    assert_eq!(view.sign_in_error.as_deref(), Some("Wrong address or password."));
}

#[test]
fn well_known_redirect_to_another_host_is_followed_only_during_discovery_once_accepted() {
    let sign_in = |accept_host: Option<&str>| {
        let mut d = Driver::new(Model::default());
        d.send(Event::SignIn {
            email: "c@nubo.coop".into(),
            password: "pw".into(),
            server_url: Some("https://nubo.coop".into()),
            accept_host: accept_host.map(str::to_string),
        });
        let mut r = d.http();
        assert_eq!(r.operation.url, "https://nubo.coop/");
        r.resolve(Ok(HttpResponse::new(404))).unwrap();
        let mut r = d.http();
        assert_eq!(r.operation.url, "https://nubo.coop/.well-known/carddav");
        r.resolve(Ok(HttpResponse::new(301).header("Location", "https://cloud.nubo.coop/remote.php/dav/"))).unwrap();
        d
    };
    // Not accepted: nothing goes there, and the member is asked.
    let mut d = sign_in(None);
    d.settle();
    assert_eq!(
        d.view().sign_in_error.as_deref(),
        Some("Signing in leads to another server: cloud.nubo.coop. Your password was not sent there. Accept this server only if you trust it, then sign in again.")
    );
    // Accepted: followed, and the new host gets the credentials only once it asks.
    let mut d = sign_in(Some("cloud.nubo.coop"));
    let mut r = d.http();
    assert_eq!(r.operation.url, "https://cloud.nubo.coop/remote.php/dav/");
    assert_eq!(r.operation.header_value("Authorization"), None);
    r.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"Nextcloud\""))).unwrap();
    let r = d.http();
    assert_eq!(r.operation.url, "https://cloud.nubo.coop/remote.php/dav/");
    assert_eq!(r.operation.header_value("Authorization"), Some(basic("c@nubo.coop", "pw").as_str()));
}

fn signed_in_model(locale: &str) -> Model {
    Model {
        locale: shared::i18n::Locale::from_tag(locale),
        account: Some(Account {
            email: "alice@nubo.test".into(),
            username: "alice@nubo.test".into(),
            server_url: SERVER.into(),
            principal_url: format!("{SERVER}/alice@nubo.test/"),
            addressbook_home: format!("{SERVER}/alice@nubo.test/"),
            calendar_home: None,
        }),
        credentials: Some(Credentials { username: "alice@nubo.test".into(), password: "pw".into() }),
        ..Model::default()
    }
}

fn book(token: Option<&str>) -> AddressBook {
    AddressBook {
        href: BOOK.into(),
        display_name: "Coopérateurs".into(),
        read_only: false,
        supports_sync: true,
        sync_token: token.map(str::to_string),
        ctag: None,
    }
}

/// Sync up to the point where the book's outbox is asked for.
fn start_sync(d: &mut Driver, token: Option<&str>) {
    start_sync_with(d, book(token));
}

/// Sync up to the point where the book's outbox is asked for.
fn start_sync_with(d: &mut Driver, stored: AddressBook) {
    d.send(Event::Sync);
    let mut r = d.http();
    assert_eq!(r.operation.url, format!("{SERVER}/alice@nubo.test/"));
    r.resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();
    let mut save = d.store();
    assert!(matches!(save.operation, StoreRequest::SaveAddressBooks(_)));
    save.resolve(StoreResponse::Done).unwrap();
    let mut list = d.store();
    assert_eq!(list.operation, StoreRequest::ListAddressBooks);
    list.resolve(StoreResponse::AddressBooks(vec![stored])).unwrap();
}

const SERVER_VCARD: &str =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nEND:VCARD\r\n";
const MY_VCARD: &str =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 99 99 99\r\nEND:VCARD\r\n";

#[test]
fn sync_pushes_with_if_match_keeps_both_on_412_then_pulls_by_token() {
    let mut d = Driver::new(signed_in_model("en-BE"));
    start_sync(&mut d, Some("http://radicale.org/ns/sync/t1"));

    let mut outbox = d.store();
    assert_eq!(outbox.operation, StoreRequest::Outbox { collection: BOOK.into() });
    outbox
        .resolve(StoreResponse::Outbox(vec![OutboxItem {
            item_id: 7,
            collection: BOOK.into(),
            kind: ChangeKind::Update,
            href: Some(format!("{BOOK}helene.vcf")),
            etag: Some("\"e1\"".into()),
            uid: "helene".into(),
            data: MY_VCARD.into(),
            revision: 3,
        }]))
        .unwrap();

    let mut put = d.http();
    assert_eq!(put.operation.method, "PUT");
    assert_eq!(put.operation.url, format!("{BOOK}helene.vcf"));
    assert_eq!(put.operation.header_value("If-Match"), Some("\"e1\""));
    assert_eq!(put.operation.header_value("Content-Type"), Some("text/vcard; charset=utf-8"));
    assert_eq!(body_text(&put.operation), MY_VCARD);
    put.resolve(Ok(HttpResponse::new(412))).unwrap();

    // The server changed it meanwhile: fetch its version…
    let mut get = d.http();
    assert_eq!(get.operation.method, "GET");
    get.resolve(Ok(HttpResponse::new(200).header("ETag", "\"e2\"").body(SERVER_VCARD))).unwrap();
    d.answer_time();
    // …and keep both: the store gets the server's and keeps the member's.
    let mut done = d.store();
    match &done.operation {
        StoreRequest::PushDone(PushOutcome::Conflict { item_id: 7, server: Some(server), .. }) => {
            assert_eq!(server.etag.as_deref(), Some("\"e2\""));
            assert_eq!(server.data, SERVER_VCARD);
            assert_eq!(server.index.title(), "Hélène Dubœuf");
        }
        other => panic!("{other:?}"),
    }
    done.resolve(StoreResponse::Done).unwrap();

    // Pull: the collection's getctag moved, so sync-collection from the
    // stored token, never with DAV:limit.
    answer_ctag(&mut d, "c2");
    let mut report = d.http();
    assert_eq!(report.operation.method, "REPORT");
    assert_eq!(report.operation.url, BOOK);
    assert_eq!(report.operation.header_value("Depth"), Some("0"));
    let body = body_text(&report.operation);
    assert!(body.contains("http://radicale.org/ns/sync/t1"), "{body}");
    assert!(!body.contains("limit"), "{body}");
    report
        .resolve(Ok(multistatus(
            r#"<response><href>/alice%40nubo.test/contacts/jan.vcf</href><propstat><prop><getetag>"j2"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/alice@nubo.test/contacts/same.vcf</href><propstat><prop><getetag>"s1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/alice@nubo.test/contacts/gone.vcf</href><status>HTTP/1.1 404 Not Found</status></response>
<sync-token>http://radicale.org/ns/sync/t2</sync-token>"#,
        )))
        .unwrap();

    let mut etags = d.store();
    assert_eq!(etags.operation, StoreRequest::LocalEtags { collection: BOOK.into() });
    etags
        .resolve(StoreResponse::Etags(vec![LocalEtag { href: format!("{BOOK}same.vcf"), etag: Some("\"s1\"".into()) }]))
        .unwrap();

    // Only what changed is fetched.
    let mut multiget = d.http();
    assert_eq!(multiget.operation.method, "REPORT");
    let body = body_text(&multiget.operation);
    assert!(body.contains("addressbook-multiget"));
    assert!(body.contains("/alice@nubo.test/contacts/jan.vcf"));
    assert!(!body.contains("same.vcf"));
    multiget
        .resolve(Ok(multistatus(
            r#"<response><href>/alice@nubo.test/contacts/jan.vcf</href><propstat><prop><getetag>"j2"</getetag><C:address-data>BEGIN:VCARD&#13;
VERSION:4.0&#13;
UID:jan&#13;
FN:Jan Van den Broeck&#13;
EMAIL:jan@nubo.coop&#13;
END:VCARD&#13;
</C:address-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
        )))
        .unwrap();
    d.answer_time();
    let mut apply = d.store();
    let StoreRequest::ApplyPull(batch) = &apply.operation else { panic!() };
    assert_eq!(batch.upserts.len(), 1);
    assert_eq!(batch.upserts[0].href, format!("{BOOK}jan.vcf"));
    assert!(matches!(&batch.upserts[0].index, ItemIndex::Contact(c) if c.emails == vec!["jan@nubo.coop".to_string()]));
    assert_eq!(batch.sync_token, None, "the token is committed only with the last step");
    apply.resolve(StoreResponse::Applied(ApplySummary { added: 1, ..Default::default() })).unwrap();

    d.answer_time();
    let mut last = d.store();
    let StoreRequest::ApplyPull(batch) = &last.operation else { panic!() };
    assert_eq!(batch.deletes, vec![format!("{BOOK}gone.vcf")]);
    assert_eq!(batch.sync_token.as_deref(), Some("http://radicale.org/ns/sync/t2"));
    assert_eq!(batch.keep_only, None);
    last.resolve(StoreResponse::Applied(ApplySummary { deleted: 1, ..Default::default() })).unwrap();

    // Then the lists are reloaded for the view.
    answer_reloads(&mut d, vec![book(Some("t2"))]);
    d.settle();

    assert!(matches!(d.model.sync, SyncState::Done(_)));
    let view = d.view();
    assert!(!view.sync.running);
    assert_eq!(view.sync.status, "Up to date: 1 added, 0 updated, 1 deleted, 1 sent.");
}

#[test]
fn an_expired_sync_token_restarts_with_a_full_listing_that_prunes() {
    let mut d = Driver::new(signed_in_model("nl-BE"));
    start_sync(&mut d, Some("old-token"));
    d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();

    answer_ctag(&mut d, "c2");
    let mut report = d.http();
    assert!(body_text(&report.operation).contains("old-token"));
    report
        .resolve(Ok(HttpResponse::new(403)
            .body(r#"<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>"#)))
        .unwrap();
    let mut report = d.http();
    let body = body_text(&report.operation);
    assert!(!body.contains("old-token"), "{body}");
    report
        .resolve(Ok(multistatus(
            r#"<response><href>/alice@nubo.test/contacts/a.vcf</href><propstat><prop><getetag>"a1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<sync-token>new-token</sync-token>"#,
        )))
        .unwrap();
    d.store()
        .resolve(StoreResponse::Etags(vec![LocalEtag { href: format!("{BOOK}a.vcf"), etag: Some("\"a1\"".into()) }]))
        .unwrap();
    d.answer_time();
    let mut last = d.store();
    let StoreRequest::ApplyPull(batch) = &last.operation else { panic!("{:?}", last.operation) };
    assert!(batch.upserts.is_empty());
    assert_eq!(batch.keep_only, Some(vec![format!("{BOOK}a.vcf")]));
    assert_eq!(batch.sync_token.as_deref(), Some("new-token"));
    last.resolve(StoreResponse::Applied(ApplySummary { deleted: 4, ..Default::default() })).unwrap();
}

#[test]
fn a_503_with_retry_after_ends_in_a_clear_state_and_touches_nothing() {
    let mut d = Driver::new(signed_in_model("fr-BE"));
    start_sync(&mut d, Some("t1"));
    d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
    let mut report = d.http();
    report.resolve(Ok(HttpResponse::new(503).header("Retry-After", "120"))).unwrap();
    let view = view_after_failed_sync(&mut d);
    assert_eq!(view.sync.retry_after_s, Some(120));
    assert_eq!(view.sync.status, "Serveur occupé : nouvel essai dans 120 s. Rien n'est perdu.");
}

#[test]
fn a_redirect_to_another_origin_during_sync_is_refused_without_sending_credentials() {
    let mut d = Driver::new(signed_in_model("en"));
    d.send(Event::Sync);
    let mut r = d.http();
    r.resolve(Ok(HttpResponse::new(302).header("Location", "https://evil.example/steal"))).unwrap();
    // No request to evil.example: the next effect is the view reload.
    let view = view_after_failed_sync(&mut d);
    assert!(view.sync.status.contains("another site"), "{}", view.sync.status);
}

#[test]
fn malformed_multistatus_fails_the_sync_without_store_writes() {
    let mut d = Driver::new(signed_in_model("en"));
    start_sync(&mut d, Some("t1"));
    d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
    let mut report = d.http();
    report.resolve(Ok(HttpResponse::new(207).body("<multistatus xmlns=\"DAV:\"><response><href>/x"))).unwrap();
    let view = view_after_failed_sync(&mut d);
    assert!(view.sync.status.starts_with("Unreadable server response"), "{}", view.sync.status);
}

#[test]
fn a_server_without_sync_collection_is_synced_by_ctag_and_etags() {
    let mut d = Driver::new(signed_in_model("en"));
    d.send(Event::Sync);
    d.http().resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();
    d.store().resolve(StoreResponse::Done).unwrap();
    let mut plain = book(None);
    plain.supports_sync = false;
    plain.ctag = Some("\"c1\"".into());
    d.store().resolve(StoreResponse::AddressBooks(vec![plain])).unwrap();
    d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
    let mut state = d.http();
    assert_eq!(state.operation.method, "PROPFIND");
    assert_eq!(state.operation.header_value("Depth"), Some("0"));
    state
        .resolve(Ok(multistatus(r#"<response><href>/alice@nubo.test/contacts/</href><propstat><prop><CS:getctag>"c2"</CS:getctag></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#)))
        .unwrap();
    let mut listing = d.http();
    assert_eq!(listing.operation.header_value("Depth"), Some("1"));
    listing
        .resolve(Ok(multistatus(
            r#"<response><href>/alice@nubo.test/contacts/</href><propstat><prop><resourcetype><collection/><C:addressbook/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/alice@nubo.test/contacts/a.vcf</href><propstat><prop><getetag>"a1"</getetag><resourcetype/></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
        )))
        .unwrap();
    d.store().resolve(StoreResponse::Etags(vec![])).unwrap();
    let mut multiget = d.http();
    assert!(body_text(&multiget.operation).contains("a.vcf"));
    multiget.resolve(Ok(multistatus(""))).unwrap();
    d.answer_time();
    d.store().resolve(StoreResponse::Applied(ApplySummary::default())).unwrap();
    d.answer_time();
    let last = d.store();
    let StoreRequest::ApplyPull(batch) = &last.operation else { panic!() };
    assert_eq!(batch.ctag.as_deref(), Some("\"c2\""));
    assert_eq!(batch.keep_only, Some(vec![format!("{BOOK}a.vcf")]));
    assert_eq!(batch.sync_token, None);
}

#[test]
fn an_edit_starts_from_the_stored_vcard_and_the_list_reloads_after_it() {
    let mut model = signed_in_model("en");
    model.books = vec![book(Some("t1"))];
    let mut d = Driver::new(model);
    let fields = shared::contacts::vcard::ContactFields {
        full_name: "Hélène Dubœuf".into(),
        phones: vec![shared::contacts::vcard::Labeled { label: "cell".into(), value: "+32 470 99 99 99".into() }],
        ..Default::default()
    };
    // No contact is open: the core must read it from the store first.
    d.send(Event::SaveContact { id: Some(7), fields });
    let mut get = d.store();
    assert_eq!(get.operation, StoreRequest::GetItem { id: 7 });
    let stored = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nX-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\nEND:VCARD\r\n";
    get.resolve(StoreResponse::Item(Some(shared::effects::store::ItemRecord {
        id: 7,
        collection: BOOK.into(),
        href: Some(format!("{BOOK}helene.vcf")),
        etag: Some("\"e1\"".into()),
        uid: "helene".into(),
        data: stored.into(),
        pending: false,
    })))
    .unwrap();
    d.answer_time();
    let mut save = d.store();
    let StoreRequest::SaveItem { id: Some(7), data: vcard, index: ItemIndex::Contact(index), .. } = &save.operation
    else {
        panic!("{:?}", save.operation)
    };
    assert!(vcard.contains("X-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\n"), "{vcard}");
    assert!(vcard.contains("TEL;TYPE=CELL:+32 470 99 99 99\r\n"), "{vcard}");
    assert_eq!(index.phones, vec!["+32 470 99 99 99".to_string()]);
    save.resolve(StoreResponse::Saved { id: 7 }).unwrap();
    d.store().resolve(StoreResponse::Item(None)).unwrap();
    // Only now is the list read again.
    let list = d.store();
    assert_eq!(list.operation, StoreRequest::ListContacts);
}

#[test]
fn a_read_only_address_book_refuses_edits_with_a_clear_message() {
    let mut model = signed_in_model("nl");
    let mut shared_book = book(None);
    shared_book.read_only = true;
    model.books = vec![shared_book];
    let mut d = Driver::new(model);
    d.send(Event::SaveContact { id: None, fields: Default::default() });
    match d.next_effect() {
        Effect::Uid(mut r) => r.resolve("new-uid".into()).unwrap(),
        other => panic!("{other:?}"),
    }
    // Nothing is written; the list is reloaded and the reason shown.
    let list = d.store();
    assert_eq!(list.operation, StoreRequest::ListContacts);
    assert_eq!(d.view().error.as_deref(), Some("Dit adresboek is alleen-lezen."));
}

#[test]
fn sign_in_lists_event_calendars_with_colour_and_rights() {
    let mut d = Driver::new(Model::default());
    d.send(Event::SignIn {
        email: "alice@nubo.test".into(),
        password: "pw".into(),
        server_url: Some(format!("{SERVER}/")),
        accept_host: None,
    });
    d.http()
        .resolve(Ok(multistatus(
            r#"<response><href>/</href><propstat><prop><current-user-principal><href>/alice@nubo.test/</href></current-user-principal></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
        )))
        .unwrap();
    let mut homes = d.http();
    let body = body_text(&homes.operation);
    assert!(
        body.contains("addressbook-home-set") && body.contains("calendar-home-set"),
        "one request for both homes: {body}"
    );
    homes
        .resolve(Ok(multistatus(
            r#"<response><href>/alice@nubo.test/</href><propstat><prop><C:addressbook-home-set><href>/alice@nubo.test/</href></C:addressbook-home-set><cal:calendar-home-set xmlns:cal="urn:ietf:params:xml:ns:caldav"><href>/calendars/alice/</href></cal:calendar-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
        )))
        .unwrap();
    d.http().resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();
    let mut calendars = d.http();
    assert_eq!(calendars.operation.url, format!("{SERVER}/calendars/alice/"));
    assert_eq!(calendars.operation.header_value("Depth"), Some("1"));
    calendars
        .resolve(Ok(multistatus(
            r##"<response xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:ical="http://apple.com/ns/ical/"><href>/calendars/alice/agenda/</href><propstat><prop>
  <resourcetype><collection/><cal:calendar/></resourcetype><displayname>Agenda</displayname><ical:calendar-color>#0082C9FF</ical:calendar-color>
  <cal:supported-calendar-component-set><cal:comp name="VEVENT"/></cal:supported-calendar-component-set>
  <current-user-privilege-set><privilege><all/></privilege></current-user-privilege-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response xmlns:cal="urn:ietf:params:xml:ns:caldav"><href>/calendars/alice/ag-nubo_shared_by_board/</href><propstat><prop>
  <resourcetype><collection/><cal:calendar/></resourcetype><displayname>Assemblées (CA)</displayname>
  <current-user-privilege-set><privilege><read/></privilege></current-user-privilege-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response xmlns:cal="urn:ietf:params:xml:ns:caldav"><href>/calendars/alice/tasks/</href><propstat><prop>
  <resourcetype><collection/><cal:calendar/></resourcetype><displayname>Tâches</displayname>
  <cal:supported-calendar-component-set><cal:comp name="VTODO"/></cal:supported-calendar-component-set>
</prop><status>HTTP/1.1 200 OK</status></propstat></response>"##,
        )))
        .unwrap();
    match d.next_effect() {
        Effect::Secret(mut s) => s.resolve(SecretResponse::Done).unwrap(),
        other => panic!("{other:?}"),
    }
    let mut save = d.store();
    let StoreRequest::SaveAccount(account) = &save.operation else { panic!() };
    assert_eq!(account.calendar_home.as_deref(), Some("https://dav.test/calendars/alice/"));
    save.resolve(StoreResponse::Done).unwrap();
    d.store().resolve(StoreResponse::Done).unwrap();
    let save_calendars = d.store();
    let StoreRequest::SaveCalendars(saved) = &save_calendars.operation else {
        panic!("{:?}", save_calendars.operation)
    };
    assert_eq!(saved.len(), 2, "the task list is not an agenda");
    let view = d.view();
    let shown: Vec<(&str, Option<&str>, bool)> =
        view.calendars.iter().map(|c| (c.name.as_str(), c.color.as_deref(), c.read_only)).collect();
    assert_eq!(shown, vec![("Agenda", Some("#0082C9"), false), ("Assemblées (CA)", None, true)]);
}

// ------------------------------------------------------------ agenda

const CALENDAR: &str = "https://dav.test/alice@nubo.test/agenda/";
const GA_SERIES: &str = include_str!("../../scripts/seed/calendar/assemblee-generale.ics");
const MAINTENANCE: &str = include_str!("../../scripts/seed/calendar/maintenance-mars.ics");

fn calendar(read_only: bool) -> shared::effects::store::Calendar {
    shared::effects::store::Calendar {
        href: CALENDAR.into(),
        display_name: "Agenda Nubo".into(),
        color: Some("#0082C9FF".into()),
        read_only,
        supports_sync: true,
        sync_token: None,
        ctag: None,
    }
}

fn stored_event(id: i64, data: &str) -> shared::effects::store::ItemRecord {
    shared::effects::store::ItemRecord {
        id,
        collection: CALENDAR.into(),
        href: Some(format!("{CALENDAR}{id}.ics")),
        etag: Some("\"1\"".into()),
        uid: String::new(),
        data: data.into(),
        pending: false,
    }
}

fn agenda_model(read_only: bool) -> Model {
    Model { calendars: vec![calendar(read_only)], time_zone: Some(chrono_tz::Europe::Brussels), ..Model::default() }
}

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
}

#[test]
fn a_month_reads_only_its_window_and_is_laid_out_in_the_members_zone() {
    use shared::agenda::view::{AgendaRange, AgendaSpan};
    let mut d = Driver::new(agenda_model(false));
    d.send(Event::ShowAgenda {
        range: AgendaRange { span: AgendaSpan::Month, date: Some("2027-03-01".into()), until: None },
    });
    d.answer_time();
    let mut read = d.store();
    // Midnight to midnight in Brussels: UTC+1 on 1 March, UTC+2 on 1 April.
    assert_eq!(
        read.operation,
        StoreRequest::ListEvents { from: ms("2027-02-28T23:00:00Z"), to: ms("2027-03-31T22:00:00Z") }
    );
    read.resolve(StoreResponse::Items(vec![stored_event(1, GA_SERIES), stored_event(2, MAINTENANCE)])).unwrap();
    d.settle();
    let agenda = d.view().agenda;
    assert_eq!(
        (agenda.title.as_str(), agenda.from.as_str(), agenda.to.as_str()),
        ("March 2027", "2027-03-01", "2027-03-31")
    );
    let rows: Vec<(String, String, String)> = agenda
        .days
        .iter()
        .flat_map(|day| day.entries.iter().map(move |e| (day.date.clone(), e.time.clone(), e.title.clone())))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2027-03-02".into(), "19:00 – 21:00".into(), "Assemblée du conseil coopératif".into()),
            ("2027-03-27".into(), "22:00 – …".into(), "Maintenance des serveurs (Nextcloud indisponible)".into()),
            ("2027-03-28".into(), "… – 04:00".into(), "Maintenance des serveurs (Nextcloud indisponible)".into()),
        ]
    );
    let ga = &agenda.days[0].entries[0];
    assert_eq!(
        (ga.event_id, ga.occurrence.as_deref(), ga.color.as_deref()),
        (1, Some("2027-03-02T18:00:00Z"), Some("#0082C9"))
    );
    assert_eq!(agenda.days[0].label, "Tuesday 2 March 2027");
}

#[test]
fn moving_one_occurrence_offline_stores_an_override_with_its_new_span() {
    let mut d = Driver::new(agenda_model(false));
    let fields = shared::agenda::edit::EventFields {
        summary: "Assemblée du conseil coopératif".into(),
        start: "2027-03-09T19:00".into(),
        end: "2027-03-09T21:00".into(),
        ..Default::default()
    };
    d.send(Event::SaveEvent { id: Some(1), calendar: None, occurrence: Some("2027-03-02T18:00:00Z".into()), fields });
    d.answer_time();
    let mut get = d.store();
    assert_eq!(get.operation, StoreRequest::GetItem { id: 1 });
    get.resolve(StoreResponse::Item(Some(stored_event(1, GA_SERIES)))).unwrap();
    let mut save = d.store();
    let StoreRequest::SaveItem { id: Some(1), collection, data, index: ItemIndex::Event(index) } = &save.operation
    else {
        panic!("{:?}", save.operation)
    };
    assert_eq!(collection, CALENDAR);
    assert!(data.contains("RECURRENCE-ID;TZID=Europe/Brussels:20270302T190000\r\n"), "{data}");
    assert!(data.contains("DTSTART;TZID=Europe/Brussels:20270309T190000\r\n"));
    assert_eq!(index.uid, "ag-mensuelle@nubo.coop");
    save.resolve(StoreResponse::Saved { id: 1 }).unwrap();
    // The lists are read again after the change, never before.
    answer_reads(&mut d, vec![StoreRequest::ListContacts, StoreRequest::ListConflicts], 1, vec![]);
    d.settle();
    assert!(d.view().notice.unwrap().starts_with("Event saved"));
}

#[test]
fn an_event_in_a_read_only_calendar_is_refused_before_anything_is_stored() {
    let mut d = Driver::new(agenda_model(true));
    let fields = shared::agenda::edit::EventFields {
        summary: "X".into(),
        start: "2027-03-09T19:00".into(),
        ..Default::default()
    };
    d.send(Event::SaveEvent { id: Some(1), calendar: None, occurrence: None, fields: fields.clone() });
    d.answer_time();
    d.store().resolve(StoreResponse::Item(Some(stored_event(1, MAINTENANCE)))).unwrap();
    // `settle` fails on any further effect: nothing is written.
    d.settle();
    assert_eq!(d.view().error.as_deref(), Some("This calendar is read-only."));

    // A new one with no calendar to write to, and a bad time: refused too.
    let mut d = Driver::new(agenda_model(true));
    d.send(Event::SaveEvent { id: None, calendar: None, occurrence: None, fields });
    d.answer_time();
    match d.next_effect() {
        Effect::Uid(mut r) => r.resolve("new-uid".into()).unwrap(),
        other => panic!("{other:?}"),
    }
    d.settle();
    assert_eq!(d.view().error.as_deref(), Some("No editable calendar on this account."));
}

#[test]
fn upcoming_reminders_become_notifications_the_shell_schedules() {
    // An event with a 15-minute alarm, starting two hours after "now".
    let now = 1_764_000_000_000_i64;
    let start = chrono::DateTime::from_timestamp_millis(now + 2 * 3_600_000).unwrap().format("%Y%m%dT%H%M%SZ");
    let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r1\r\nSUMMARY:Permanence\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let mut d = Driver::new(agenda_model(false));
    d.send(Event::SyncFinished(Ok(Default::default())));
    let mut notified = Vec::new();
    let mut reads = 0;
    loop {
        let effect = d.next_effect();
        match effect {
            Effect::Time(mut t) => t.resolve(Instant(now)).unwrap(),
            Effect::Store(mut r) => match r.operation.clone() {
                StoreRequest::ListEvents { .. } => {
                    reads += 1;
                    r.resolve(StoreResponse::Items(vec![stored_event(5, &ics)])).unwrap();
                }
                StoreRequest::ListAddressBooks => r.resolve(StoreResponse::AddressBooks(vec![])).unwrap(),
                StoreRequest::ListCalendars => r.resolve(StoreResponse::Calendars(vec![calendar(false)])).unwrap(),
                StoreRequest::ListContacts => r.resolve(StoreResponse::Contacts(vec![])).unwrap(),
                StoreRequest::ListConflicts => r.resolve(StoreResponse::Conflicts(vec![])).unwrap(),
                other => panic!("unexpected {other:?}"),
            },
            Effect::Notify(mut n) => {
                notified.push(n.operation.clone());
                n.resolve(()).unwrap();
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(reads, 2, "the agenda and the reminders each read their window");
    assert_eq!(notified.len(), 1);
    assert_eq!(notified[0].title, "Permanence");
    assert_eq!(notified[0].at, Some(now + 2 * 3_600_000 - 15 * 60_000));
    assert_eq!(notified[0].id, format!("r1@{}", (now + 2 * 3_600_000 - 15 * 60_000) / 1000));
}

#[test]
fn a_sync_whose_getctag_did_not_move_asks_for_no_listing() {
    let mut d = Driver::new(signed_in_model("en-BE"));
    let mut unchanged = book(Some("t1"));
    unchanged.ctag = Some("c1".into());
    start_sync_with(&mut d, unchanged.clone());
    d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
    answer_ctag(&mut d, "c1");
    // No REPORT, no store write: straight to the end of the sync.
    answer_reloads(&mut d, vec![unchanged]);
    d.settle();
    assert_eq!(d.view().sync.status, "Up to date: 0 added, 0 updated, 0 deleted, 0 sent.");
}
