//! Launch, sign-in and sign-out: the account, its password in secure
//! storage, and its collections.

use crux_core::render::render;
use crux_core::Command;

use super::{agenda, contacts, news, notes, Cmd, Event, Model, Screen};
use crate::account::discovery::{discover, start_login_flow};
use crate::account::login_flow::{self, dav_root, LoginFlow, Polled};
use crate::dav::client::{Credentials, RemoteError};
use crate::effects::store::{command as store, Account};
use crate::effects::{NotifyRequest, SecretRequest, SecretResponse, WaitRequest};
use crate::failure::{Failure, LocalError};
use crate::i18n::{Locale, Text};
use crate::kinds::{ContactKind, EventKind, StaticKind, ALL_KINDS};

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::Start { locale, time_zone, screens } => {
            model.locale = Locale::from_tag(&locale);
            model.time_zone = time_zone.and_then(|z| z.trim().parse().ok());
            model.start_screens = screens;
            Command::all([
                Command::new(|ctx| async move {
                    ctx.send_event(Event::AccountLoaded(store::load_account(&ctx).await));
                }),
                load_collections(),
            ])
        }
        // No account (never signed in, signed out, local data reset): no
        // reminder may stay scheduled, even one a killed sign-out left.
        Event::AccountLoaded(Ok(None)) => {
            model.account_looked_up = true;
            Command::all([agenda::cancel_reminders(), render()])
        }
        Event::AccountLoaded(Ok(Some(account))) => {
            model.account_looked_up = true;
            let key = account.secret_key();
            // Killed before the first sync after sign-in ended: look now.
            model.news_discover_pending = !account.news_discovered;
            model.account = Some(account);
            let shows = |screen| model.start_screens.as_ref().is_none_or(|asked| asked.contains(&screen));
            let read = |screen, command: Cmd| if shows(screen) { command } else { Command::done() };
            // The agenda first: the screen every shell opens on. A store
            // that answers in order (the web's worker) would otherwise
            // draw it only after reading every contact.
            Command::all([
                Command::request_from_shell(SecretRequest::Get { key }).then_send(Event::PasswordLoaded),
                read(Screen::Agenda, agenda::reload(model)),
                read(Screen::Contacts, contacts::reload(model)),
                // Every shell schedules reminders, whatever it shows first.
                agenda::schedule_reminders(model),
                read(Screen::Notes, notes::reload(&model.notes_query)),
                read(Screen::Notes, notes::reopen(model)),
                read(Screen::News, news::reload()),
                render(),
            ])
        }
        Event::AccountLoaded(Err(e)) | Event::CollectionsLoaded(Err(e)) => {
            // The error is what the member sees then; the sign-in below it.
            model.account_looked_up = true;
            model.error = Some(e.into());
            render()
        }
        Event::CollectionsLoaded(Ok(collections)) => {
            model.collections = collections;
            render()
        }
        Event::PasswordLoaded(response) => {
            if let (SecretResponse::Value(Some(password)), Some(account)) = (response, &model.account) {
                model.credentials = Some(Credentials { username: account.username.clone(), password });
            }
            render()
        }
        Event::SignIn { email, password, server_url, accept_host, username } => {
            model.signing_in = true;
            model.sign_in_error = None;
            let username = username.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
            let as_email = username.is_none();
            let credentials = Credentials { username: username.unwrap_or_else(|| email.trim().to_string()), password };
            Command::all([sign_in(email, credentials, server_url, accept_host, as_email), render()])
        }
        e @ (Event::SignInWithBrowser { .. }
        | Event::CancelBrowserSignIn
        | Event::LoginFlowStarted(..)
        | Event::LoginFlowPolled(..)) => browser_sign_in(e, model),
        Event::SignedIn(Ok((discovered, credentials))) => {
            model.signing_in = false;
            let account = discovered.account.clone();
            let key = account.secret_key();
            let password = credentials.password.clone();
            model.account = Some(account.clone());
            model.credentials = Some(credentials);
            model.collections = discovered.collections.clone();
            let save = Command::new(|ctx| async move {
                let email = account.email.clone();
                // The password goes to secure storage, never the database.
                let result = match ctx.request_from_shell(SecretRequest::Set { key, value: password }).await {
                    SecretResponse::Error(e) => Err(LocalError::SecureStorage(e).into()),
                    _ => save_account(&ctx, account, discovered.collections).await.map(|()| Text::SignedIn(email)),
                };
                ctx.send_event(Event::LocalChangeDone(result));
                ctx.send_event(Event::Sync);
            });
            // The cooperative's news (its feeds and, on Nextcloud, the
            // Announcement Center) are looked for before the first poll.
            model.news_discover_pending = true;
            Command::all([save, render()])
        }
        Event::SignedIn(Err(e)) => {
            model.signing_in = false;
            model.sign_in_error = Some(e);
            render()
        }
        Event::SignOut => {
            let key = model.account.as_ref().map(Account::secret_key);
            // Known now: there is no account (the sign-in shows, not a blank page).
            *model = Model { locale: model.locale, account_looked_up: true, ..Model::default() };
            Command::new(|ctx| async move {
                if let Some(key) = key {
                    ctx.request_from_shell(SecretRequest::Delete { key }).await;
                }
                // Nothing to tell the member if it fails: the next start
                // finds the account and they can sign out again.
                let _ = store::delete_account(&ctx).await;
                // The account's reminders go with it, none fires later.
                ctx.request_from_shell(NotifyRequest::cancel_reminders()).await;
            })
            .and(render())
        }
        _ => Command::done(),
    }
}

/// Finds the account's servers and collections with `credentials`.
fn sign_in(
    email: String,
    credentials: Credentials,
    server_url: Option<String>,
    accept_host: Option<String>,
    as_email: bool,
) -> Cmd {
    Command::new(move |ctx| async move {
        let result = discover(&ctx, &email, credentials.clone(), server_url.as_deref(), accept_host.as_deref())
            .await
            // Refused with the address as login name: the member's
            // server may know them by another name.
            .map_err(|e| match e {
                RemoteError::Unauthorized if as_email => RemoteError::UnauthorizedAsEmail,
                e => e,
            })
            .and_then(|d| {
                // An address book or a calendar: a server with only
                // one of them is an account all the same.
                let has_either = d.collections.iter().any(|c| c.kind == ContactKind::KIND || c.kind == EventKind::KIND);
                if has_either {
                    Ok(d)
                } else {
                    Err(RemoteError::NotDav)
                }
            })
            .map(|d| (d, credentials));
        ctx.send_event(Event::SignedIn(result));
    })
}

/// Signing in through the server's own page (Login Flow v2), while the
/// member approves the app in a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserSignIn {
    /// Which attempt: answers to a cancelled or earlier one are dropped.
    pub attempt: u64,
    pub email: String,
    /// Once the server opened it.
    pub flow: Option<LoginFlow>,
    pub polls: u32,
}

/// A pause between two polls, as Nextcloud's own clients do.
pub const POLL_EVERY_MS: u64 = 2_000;
/// Twenty minutes of polls: the lifetime of Nextcloud's flow token.
pub const MAX_POLLS: u32 = 600;

fn browser_sign_in(event: Event, model: &mut Model) -> Cmd {
    let attempt = model.browser_sign_ins;
    let current = |a: u64, model: &Model| a == attempt && model.browser_sign_in.is_some();
    match event {
        Event::SignInWithBrowser { email, server_url, accept_host } => {
            model.browser_sign_ins += 1;
            let attempt = model.browser_sign_ins;
            model.signing_in = true;
            model.sign_in_error = None;
            model.browser_sign_in =
                Some(BrowserSignIn { attempt, email: email.trim().to_string(), flow: None, polls: 0 });
            let start = Command::new(move |ctx| async move {
                let started = start_login_flow(&ctx, &email, server_url.as_deref(), accept_host.as_deref()).await;
                ctx.send_event(Event::LoginFlowStarted(attempt, started));
            });
            Command::all([start, render()])
        }
        Event::CancelBrowserSignIn => {
            // Later answers to this attempt find nothing to continue.
            model.browser_sign_ins += 1;
            model.browser_sign_in = None;
            model.signing_in = false;
            render()
        }
        Event::LoginFlowStarted(a, _) | Event::LoginFlowPolled(a, _) if !current(a, model) => Command::done(),
        Event::LoginFlowStarted(_, Ok(flow)) => {
            let state = model.browser_sign_in.as_mut().expect("checked as current");
            state.flow = Some(flow.clone());
            Command::all([poll_later(attempt, flow), render()])
        }
        Event::LoginFlowPolled(_, Ok(Polled::Approved { server, credentials })) => {
            let state = model.browser_sign_in.take().expect("checked as current");
            Command::all([sign_in(state.email, credentials, Some(dav_root(&server)), None, false), render()])
        }
        // Not approved yet; or the network or the server failed for a
        // moment (the member may be switching apps and networks): ask again.
        Event::LoginFlowPolled(_, result @ (Ok(Polled::Waiting) | Err(_)))
            if result.as_ref().err().is_none_or(RemoteError::is_transient) =>
        {
            let state = model.browser_sign_in.as_mut().expect("checked as current");
            state.polls += 1;
            match state.flow.clone() {
                Some(flow) if state.polls < MAX_POLLS => poll_later(attempt, flow),
                _ => stop_browser_sign_in(model, RemoteError::LoginFlowExpired),
            }
        }
        Event::LoginFlowStarted(_, Err(e)) | Event::LoginFlowPolled(_, Err(e)) => stop_browser_sign_in(model, e),
        _ => Command::done(),
    }
}

fn poll_later(attempt: u64, flow: LoginFlow) -> Cmd {
    Command::new(move |ctx| async move {
        ctx.request_from_shell(WaitRequest { ms: POLL_EVERY_MS }).await;
        let polled = login_flow::poll(&ctx, &flow).await;
        ctx.send_event(Event::LoginFlowPolled(attempt, polled));
    })
}

fn stop_browser_sign_in(model: &mut Model, error: RemoteError) -> Cmd {
    model.browser_sign_in = None;
    model.signing_in = false;
    model.sign_in_error = Some(error);
    render()
}

async fn save_account(
    ctx: &super::Ctx,
    account: Account,
    collections: Vec<crate::effects::store::Collection>,
) -> Result<(), Failure> {
    store::save_account(ctx, account).await?;
    for kind in ALL_KINDS {
        let of_kind = collections.iter().filter(|c| c.kind == kind).cloned().collect();
        store::save_collections(ctx, kind, of_kind).await?;
    }
    Ok(())
}

/// The collections as stored, into the model.
pub fn load_collections() -> Cmd {
    Command::new(|ctx| async move {
        ctx.send_event(Event::CollectionsLoaded(store::list_collections(&ctx).await));
    })
}

#[cfg(test)]
mod tests {
    use crate::kinds::NoteKind;
    use crate::model::test_support::*;
    use crate::model::Screen;

    /// `email` signs in on dav.test, which names their principal `principal`.
    fn signs_in(d: &mut Driver, email: &str, principal: &str) {
        d.send(Event::SignIn {
            email: email.into(),
            password: "pw".into(),
            server_url: Some(format!("{SERVER}/")),
            accept_host: None,
            username: None,
        });
        d.http()
            .resolve(Ok(multistatus(&format!(
                r#"<response><href>/</href><propstat><prop><current-user-principal><href>{principal}</href></current-user-principal></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#
            ))))
            .unwrap();
    }

    /// Discovery is over: the password goes to secure storage.
    fn password_stored(d: &mut Driver) {
        match d.next_effect() {
            Effect::Secret(mut s) => s.resolve(SecretResponse::Done).unwrap(),
            other => panic!("expected the password stored, got {other:?}"),
        }
    }

    #[test]
    fn signing_out_cancels_every_reminder_once_the_account_is_gone() {
        let mut d = Driver::new(signed_in_model("fr"));
        d.send(Event::SignOut);
        match d.next_effect() {
            Effect::Secret(mut r) => {
                assert_eq!(r.operation, SecretRequest::Delete { key: "nubo:alice@nubo.test".into() });
                r.resolve(SecretResponse::Done).unwrap();
            }
            other => panic!("{other:?}"),
        }
        let mut delete = d.store();
        assert_eq!(delete.operation, StoreRequest::DeleteAccount);
        delete.resolve(StoreResponse::Done).unwrap();
        d.answer_reminders_cancelled();
        d.settle();
        assert!(d.model.account.is_none());
        // The sign-in shows at once, not the blank page of a start.
        assert!(d.view().loaded && !d.view().signed_in);
    }

    #[test]
    fn a_start_without_an_account_cancels_reminders_a_killed_sign_out_left() {
        let mut d = Driver::new(Model::default());
        d.send(Event::AccountLoaded(Ok(None)));
        d.answer_reminders_cancelled();
        d.settle();
    }

    /// The store reads of a start with `screens`, once the account is
    /// found, in the order asked (each answered as empty).
    fn reads_at_start(screens: Option<Vec<Screen>>) -> Vec<String> {
        use crate::effects::{Effect, SecretResponse};
        let mut d = Driver::new(Model::default());
        d.send(Event::Start { locale: "fr-BE".into(), time_zone: None, screens });
        let account = signed_in_model("fr").account.unwrap();
        let mut reads = Vec::new();
        while let Some(effect) = d.try_next_effect() {
            match effect {
                Effect::Store(mut r) => {
                    let answer = match &r.operation {
                        StoreRequest::LoadAccount => StoreResponse::Account(Some(account.clone())),
                        StoreRequest::ListCollections => StoreResponse::Collections(vec![]),
                        StoreRequest::ListContacts { .. } => StoreResponse::Contacts(Default::default()),
                        StoreRequest::ListConflicts => StoreResponse::Conflicts(vec![]),
                        StoreRequest::ListOccurrences { from, to, .. } => empty_occurrences(*from, *to),
                        StoreRequest::ListReminders { .. } => StoreResponse::Reminders(ReminderPage::Kept(vec![])),
                        StoreRequest::ListNotes { .. } => StoreResponse::Notes(Default::default()),
                        StoreRequest::ListNewsSources => StoreResponse::NewsSources(vec![]),
                        StoreRequest::ListNews => StoreResponse::News(vec![]),
                        other => panic!("a start wrote or read {other:?}"),
                    };
                    let name = format!("{:?}", r.operation);
                    reads.push(name.split([' ', '{', '(']).next().unwrap_or_default().to_string());
                    r.resolve(answer).unwrap();
                }
                Effect::Secret(mut r) => r.resolve(SecretResponse::Value(None)).unwrap(),
                Effect::Time(mut r) => r.resolve(crate::effects::Instant(1_764_000_000_000)).unwrap(),
                Effect::Notify(mut r) => r.resolve(()).unwrap(),
                other => panic!("a start asked for {other:?}"),
            }
        }
        reads
    }

    #[test]
    fn a_start_reads_only_the_lists_of_the_screens_it_names() {
        let always = ["LoadAccount", "ListCollections", "ListReminders"];
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let expect = |extra: &[&str]| sorted(always.iter().chain(extra).map(|s| s.to_string()).collect());
        // Every screen by default (the shells whose tabs are all ready at once).
        assert_eq!(
            sorted(reads_at_start(None)),
            expect(&["ListContacts", "ListConflicts", "ListOccurrences", "ListNotes", "ListNews", "ListNewsSources"])
        );
        // Only the reminders' events beside the account: the shell asks for the rest.
        assert_eq!(sorted(reads_at_start(Some(vec![]))), expect(&[]));
        assert_eq!(sorted(reads_at_start(Some(vec![Screen::Contacts]))), expect(&["ListContacts", "ListConflicts"]));
        assert_eq!(sorted(reads_at_start(Some(vec![Screen::Agenda]))), expect(&["ListOccurrences"]));
    }

    #[test]
    fn a_start_asks_for_the_agenda_before_the_contacts() {
        use crate::effects::Effect;
        let mut d = Driver::new(Model { time_zone: Some(chrono_tz::Europe::Brussels), ..Model::default() });
        d.send(Event::AccountLoaded(Ok(signed_in_model("fr").account)));
        // In the order asked, none answered: the agenda's clock, then its
        // read, come before the contacts' read.
        let mut asked = Vec::new();
        while let Some(effect) = d.try_next_effect() {
            asked.push(match effect {
                Effect::Time(_) => "Time".to_string(),
                Effect::Store(r) => {
                    format!("{:?}", r.operation).split([' ', '{', '(']).next().unwrap_or_default().into()
                }
                _ => continue,
            });
        }
        let at = |name: &str| asked.iter().position(|a| a == name).unwrap_or(usize::MAX);
        assert!(at("Time") < at("ListContacts"), "{asked:?}");
    }

    #[test]
    fn the_news_feeds_are_looked_for_at_start_until_they_were_once() {
        for (discovered, pending) in [(false, true), (true, false)] {
            let mut account = signed_in_model("fr").account.unwrap();
            account.news_discovered = discovered;
            let mut d = Driver::new(Model::default());
            d.send(Event::AccountLoaded(Ok(Some(account))));
            assert_eq!(d.model.news_discover_pending, pending, "discovered before: {discovered}");
        }
    }

    #[test]
    fn a_server_with_calendars_and_no_address_book_is_signed_in_to() {
        let mut d = Driver::new(Model::default());
        signs_in(&mut d, "jan@nubo.test", "/jan/");
        // Only a calendar home: no address books on this server.
        let homes = d.http();
        assert_eq!(homes.operation.url, format!("{SERVER}/jan/"));
        let mut homes = homes;
        homes
            .resolve(Ok(multistatus(
                r#"<response><href>/jan/</href><propstat><prop><CAL:calendar-home-set xmlns:CAL="urn:ietf:params:xml:ns:caldav"><href>/jan/cal/</href></CAL:calendar-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
            )))
            .unwrap();
        let listing = d.http();
        assert_eq!(listing.operation.url, format!("{SERVER}/jan/cal/"), "the calendars are listed, no address book");
        let mut listing = listing;
        listing
            .resolve(Ok(multistatus(
                r#"<response><href>/jan/cal/work/</href><propstat><prop><resourcetype><collection/><CAL:calendar xmlns:CAL="urn:ietf:params:xml:ns:caldav"/></resourcetype><displayname>Travail</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
            )))
            .unwrap();
        password_stored(&mut d);
        let save = d.store();
        let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
        assert_eq!(account.addressbook_home, None);
        assert_eq!(account.calendar_home.as_deref(), Some(&*format!("{SERVER}/jan/cal/")));
    }

    #[test]
    fn sign_in_with_a_server_url_discovers_principal_home_and_address_books() {
        let mut d = Driver::new(Model::default());
        d.send(Event::Start { locale: "fr-BE".into(), time_zone: Some("Europe/Brussels".into()), screens: None });
        let mut load = d.store();
        assert_eq!(load.operation, StoreRequest::LoadAccount);
        // Not known yet whether there is an account: no sign-in screen yet.
        assert!(!d.view().loaded);
        load.resolve(StoreResponse::Account(None)).unwrap();
        let mut collections = d.store();
        assert_eq!(collections.operation, StoreRequest::ListCollections);
        collections.resolve(StoreResponse::Collections(vec![])).unwrap();
        // No account: no reminder may stay scheduled.
        d.answer_reminders_cancelled();
        d.settle();
        assert!(d.view().loaded);
        assert!(!d.view().signed_in);

        d.send(Event::SignIn {
            email: "alice@nubo.test".into(),
            password: "s3cret".into(),
            server_url: Some(format!("{SERVER}/")),
            accept_host: None,
            username: None,
        });
        assert!(d.view().signing_in);

        // No credentials until the server asks for them.
        let mut r = d.http();
        assert_eq!(r.operation.method, "PROPFIND");
        assert_eq!(r.operation.url, format!("{SERVER}/"));
        assert_eq!(r.operation.header_value("Authorization"), None);
        r.resolve(Ok(
            HttpResponse::new(401).header("WWW-Authenticate", r#"Basic realm="Radicale - Password Required""#)
        ))
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
                assert_eq!(
                    s.operation,
                    SecretRequest::Set { key: "nubo:alice@nubo.test".into(), value: "s3cret".into() }
                );
                s.resolve(SecretResponse::Done).unwrap();
            }
            other => panic!("expected secret, got {other:?}"),
        }
        let mut save = d.store();
        let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
        assert_eq!(account.addressbook_home, Some(format!("{SERVER}/alice@nubo.test/")));
        assert_eq!(account.server_url, SERVER);
        assert!(!format!("{account:?}").contains("s3cret"));
        save.resolve(StoreResponse::Done).unwrap();
        let mut save_books = d.store();
        let StoreRequest::SaveCollections { kind: ContactKind::KIND, collections: books } = &save_books.operation
        else {
            panic!()
        };
        assert_eq!(books.len(), 2);
        save_books.resolve(StoreResponse::Done).unwrap();
        let mut save_calendars = d.store();
        assert_eq!(
            save_calendars.operation,
            StoreRequest::SaveCollections { kind: EventKind::KIND, collections: vec![] },
            "this server has no calendar home"
        );
        save_calendars.resolve(StoreResponse::Done).unwrap();
        let mut save_notes = d.store();
        assert_eq!(
            save_notes.operation,
            StoreRequest::SaveCollections { kind: NoteKind::KIND, collections: vec![] },
            "this server is not a Nextcloud: no Notes folder until the member names one"
        );
        save_notes.resolve(StoreResponse::Done).unwrap();
        // Then the contacts, notes and the agenda (upcoming, from now) are read.
        answer_reads_after_a_change(&mut d);

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
            username: None,
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
        r.resolve(Err(crate::effects::HttpError::Connect("connection refused".into()))).unwrap();
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
        assert_eq!(
            view.sign_in_error.as_deref(),
            Some("Wrong address or password. If your user name is not your address, give it too.")
        );
        assert_eq!(view.host_to_accept, None, "no other server to trust here");
    }

    #[test]
    fn a_refusal_that_protects_the_password_is_said_over_a_later_server_that_cannot_be_reached() {
        let mut d = Driver::new(Model::default());
        d.send(Event::SignIn {
            email: "bob@nubo.coop".into(),
            password: "pw".into(),
            server_url: None,
            accept_host: Some("cloud.nubo.coop".into()),
            username: None,
        });
        match d.next_effect() {
            Effect::Dns(mut r) => r
                .resolve(DnsResponse::Srv(vec![SrvRecord {
                    priority: 10,
                    weight: 0,
                    port: 443,
                    target: "cloud.nubo.coop.".into(),
                }]))
                .unwrap(),
            other => panic!("{other:?}"),
        }
        match d.next_effect() {
            Effect::Dns(mut r) => r.resolve(DnsResponse::Txt(vec![])).unwrap(),
            other => panic!("{other:?}"),
        }
        // The first server sends the app to plain http; every later one is down.
        let mut r = d.http();
        assert_eq!(r.operation.url, "https://cloud.nubo.coop/.well-known/carddav");
        r.resolve(Ok(HttpResponse::new(301).header("Location", "http://cloud.nubo.coop/dav/"))).unwrap();
        let mut later = 0;
        while let Some(Effect::Http(mut r)) = d.try_next_effect() {
            assert!(!r.operation.url.starts_with("http:"), "{}", r.operation.url);
            r.resolve(Err(crate::effects::HttpError::Connect("connection refused".into()))).unwrap();
            later += 1;
        }
        assert!(later > 0, "another server was tried");
        d.settle();
        assert!(
            matches!(d.model.sign_in_error, Some(crate::dav::client::RemoteError::InsecureRedirect)),
            "{:?}",
            d.model.sign_in_error
        );
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
                username: None,
            });
            let mut r = d.http();
            assert_eq!(r.operation.url, "https://nubo.coop/");
            r.resolve(Ok(HttpResponse::new(404))).unwrap();
            let mut r = d.http();
            assert_eq!(r.operation.url, "https://nubo.coop/.well-known/carddav");
            r.resolve(Ok(HttpResponse::new(301).header("Location", "https://cloud.nubo.coop/remote.php/dav/")))
                .unwrap();
            d
        };
        // Not accepted: nothing goes there, and the member is asked.
        let mut d = sign_in(None);
        d.settle();
        assert_eq!(
            d.view().sign_in_error.as_deref(),
            Some("Signing in leads to another server: cloud.nubo.coop. Your password was not sent there. Accept this server only if you trust it, then sign in again.")
        );
        // The shells offer a button for exactly that host.
        assert_eq!(d.view().host_to_accept.as_deref(), Some("cloud.nubo.coop"));
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

    #[test]
    fn sign_in_lists_event_calendars_with_colour_and_rights() {
        let mut d = Driver::new(Model::default());
        signs_in(&mut d, "alice@nubo.test", "/alice@nubo.test/");
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
        let StoreRequest::SaveCollections { kind: EventKind::KIND, collections: saved } = &save_calendars.operation
        else {
            panic!("{:?}", save_calendars.operation)
        };
        assert_eq!(saved.len(), 2, "the task list is not an agenda");
        let view = d.view();
        let shown: Vec<(&str, Option<&str>, bool)> =
            view.calendars.iter().map(|c| (c.name.as_str(), c.color.as_deref(), c.read_only)).collect();
        assert_eq!(shown, vec![("Agenda", Some("#0082C9"), false), ("Assemblées (CA)", None, true)]);
    }

    #[test]
    fn a_home_that_holds_both_address_books_and_calendars_is_listed_once() {
        let mut d = Driver::new(Model::default());
        signs_in(&mut d, "jan@nubo.test", "/jan/");
        // Radicale's shape: the principal is both homes.
        d.http()
            .resolve(Ok(multistatus(
                r#"<response><href>/jan/</href><propstat><prop><CR:addressbook-home-set xmlns:CR="urn:ietf:params:xml:ns:carddav"><href>/jan/</href></CR:addressbook-home-set><CAL:calendar-home-set xmlns:CAL="urn:ietf:params:xml:ns:caldav"><href>/jan/</href></CAL:calendar-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
            )))
            .unwrap();
        let mut listing = d.http();
        assert_eq!(listing.operation.url, format!("{SERVER}/jan/"));
        listing
            .resolve(Ok(multistatus(
                r#"<response><href>/jan/contacts/</href><propstat><prop><resourcetype><collection/><CR:addressbook xmlns:CR="urn:ietf:params:xml:ns:carddav"/></resourcetype><displayname>Contacts</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/jan/agenda/</href><propstat><prop><resourcetype><collection/><CAL:calendar xmlns:CAL="urn:ietf:params:xml:ns:caldav"/></resourcetype><displayname>Agenda</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
            )))
            .unwrap();
        // No second listing of the same home: the password is stored next.
        password_stored(&mut d);
        d.store().resolve(StoreResponse::Done).unwrap();
        let mut saved = Vec::new();
        for _ in 0..3 {
            let mut save = d.store();
            if let StoreRequest::SaveCollections { collections, .. } = &save.operation {
                saved.extend(collections.iter().map(|c| (c.kind, c.href.clone())));
            }
            save.resolve(StoreResponse::Done).unwrap();
        }
        assert_eq!(
            saved,
            [
                (ContactKind::KIND, format!("{SERVER}/jan/contacts/")),
                (EventKind::KIND, format!("{SERVER}/jan/agenda/"))
            ]
        );
    }

    #[test]
    fn the_calendar_the_server_puts_new_events_in_is_asked_of_its_scheduling_inbox() {
        for (named, kept) in [("/jan/cal/work/", Some("https://dav.test/jan/cal/work/")), ("/other/cal/", None)] {
            let mut d = Driver::new(Model::default());
            signs_in(&mut d, "jan@nubo.test", "/jan/");
            let mut homes = d.http();
            assert!(body_text(&homes.operation).contains("schedule-inbox-URL"));
            homes
                .resolve(Ok(multistatus(
                    r#"<response><href>/jan/</href><propstat><prop><CAL:calendar-home-set xmlns:CAL="urn:ietf:params:xml:ns:caldav"><href>/jan/cal/</href></CAL:calendar-home-set><CAL:schedule-inbox-URL xmlns:CAL="urn:ietf:params:xml:ns:caldav"><href>/jan/inbox/</href></CAL:schedule-inbox-URL></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
                )))
                .unwrap();
            let mut inbox = d.http();
            assert_eq!(inbox.operation.url, format!("{SERVER}/jan/inbox/"));
            assert_eq!(inbox.operation.header_value("Depth"), Some("0"));
            inbox
                .resolve(Ok(multistatus(&format!(
                    r#"<response><href>/jan/inbox/</href><propstat><prop><CAL:schedule-default-calendar-URL xmlns:CAL="urn:ietf:params:xml:ns:caldav"><href>{named}</href></CAL:schedule-default-calendar-URL></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#
                ))))
                .unwrap();
            d.http()
                .resolve(Ok(multistatus(
                    r#"<response><href>/jan/cal/work/</href><propstat><prop><resourcetype><collection/><CAL:calendar xmlns:CAL="urn:ietf:params:xml:ns:caldav"/></resourcetype><displayname>Travail</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>"#,
                )))
                .unwrap();
            password_stored(&mut d);
            let save = d.store();
            let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
            assert_eq!(account.default_calendar.as_deref(), kept, "named {named}: only a calendar of the home counts");
        }
    }

    // ---- signing in on the server's own page (Login Flow v2)

    use crate::dav::client::RemoteError;
    use crate::effects::WaitRequest;
    use crate::model::session::{MAX_POLLS, POLL_EVERY_MS};

    const PAGE: &str = "https://dav.test/login/v2/flow/page-42";

    fn json(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status).header("Content-Type", "application/json").body(body)
    }

    fn started(endpoint: &str) -> String {
        format!(r#"{{"poll":{{"token":"tok/en+1","endpoint":"{endpoint}"}},"login":"{PAGE}"}}"#)
    }

    /// `SignInWithBrowser` on dav.test, the flow opened with `endpoint`.
    fn flow_started(endpoint: &str) -> Driver {
        let mut d = Driver::new(Model::default());
        d.send(Event::SignInWithBrowser {
            email: "alice@nubo.test".into(),
            server_url: Some(format!("{SERVER}/")),
            accept_host: None,
        });
        let mut start = d.http();
        assert_eq!(start.operation.method, "POST");
        assert_eq!(start.operation.url, format!("{SERVER}/index.php/login/v2"));
        assert_eq!(start.operation.header_value("Authorization"), None, "there are no credentials yet");
        start.resolve(Ok(json(200, &started(endpoint)))).unwrap();
        d
    }

    fn wait(d: &mut Driver) {
        match d.next_effect() {
            Effect::Wait(mut w) => {
                assert_eq!(w.operation, WaitRequest { ms: POLL_EVERY_MS });
                w.resolve(()).unwrap()
            }
            other => panic!("expected a pause before the poll, got {other:?}"),
        }
    }

    fn poll(d: &mut Driver) -> crux_core::Request<HttpRequest> {
        wait(d);
        poll_request(d)
    }

    /// The poll after a pause already answered.
    fn poll_request(d: &mut Driver) -> crux_core::Request<HttpRequest> {
        let poll = d.http();
        assert_eq!(poll.operation.method, "POST");
        assert_eq!(poll.operation.url, format!("{SERVER}/login/v2/poll"));
        assert_eq!(body_text(&poll.operation), "token=tok%2Fen%2B1", "the token, form-encoded");
        assert_eq!(poll.operation.header_value("Authorization"), None);
        poll
    }

    #[test]
    fn the_member_allows_the_app_on_the_server_page_and_it_signs_in_with_the_app_password() {
        let mut d = flow_started(&format!("{SERVER}/login/v2/poll"));
        wait(&mut d);
        let view = d.view();
        assert_eq!(view.sign_in_page.as_deref(), Some(PAGE), "the shell opens this page");
        assert!(view.signing_in);
        // Not yet allowed; then the network fails for a moment: asked again.
        poll_request(&mut d).resolve(Ok(json(404, "[]"))).unwrap();
        poll(&mut d).resolve(Ok(json(503, ""))).unwrap();
        poll(&mut d)
            .resolve(Ok(json(200, r#"{"server":"https://dav.test","loginName":"alice","appPassword":"app-pw"}"#)))
            .unwrap();
        // Discovery on Nextcloud's DAV root, with the login name and the app password.
        let mut first = d.http();
        assert_eq!(first.operation.url, format!("{SERVER}/remote.php/dav/"));
        let challenge = HttpResponse::new(401).header("WWW-Authenticate", r#"Basic realm="Nextcloud""#);
        first.resolve(Ok(challenge)).unwrap();
        let again = d.http();
        assert_eq!(again.operation.header_value("Authorization"), Some(&*basic("alice", "app-pw")));
        assert_eq!(d.view().sign_in_page, None, "the page is done with");
    }

    #[test]
    fn a_server_without_the_flow_says_so_and_asks_nothing_more() {
        for answer in [json(404, "Not found"), json(200, "<html>a home page</html>"), json(405, "")] {
            let mut d = Driver::new(Model::default());
            d.send(Event::SignInWithBrowser {
                email: "alice@nubo.test".into(),
                server_url: Some(format!("{SERVER}/")),
                accept_host: None,
            });
            d.http().resolve(Ok(answer)).unwrap();
            // The well-known candidate is on the same server: not asked twice.
            d.settle();
            let view = d.view();
            assert!(!view.signing_in);
            assert_eq!(
                view.sign_in_error.as_deref(),
                Some("This server does not offer signing in through its own page. Sign in with your password.")
            );
        }
    }

    #[test]
    fn the_flow_never_leaves_the_server_it_started_on() {
        // A poll endpoint elsewhere: nothing is sent there.
        let mut d = flow_started("https://elsewhere.test/login/v2/poll");
        d.settle();
        assert_eq!(d.model.sign_in_error, Some(RemoteError::OtherOrigin { host: "elsewhere.test".into() }));
        assert_eq!(d.view().sign_in_page, None);

        // A grant naming another server: its credentials go nowhere.
        let mut d = flow_started(&format!("{SERVER}/login/v2/poll"));
        poll(&mut d)
            .resolve(Ok(json(200, r#"{"server":"https://evil.test","loginName":"alice","appPassword":"app-pw"}"#)))
            .unwrap();
        d.settle();
        assert_eq!(d.model.sign_in_error, Some(RemoteError::OtherOrigin { host: "evil.test".into() }));
        assert!(!d.view().signed_in);
    }

    #[test]
    fn a_cancelled_sign_in_ignores_what_is_still_on_its_way() {
        let mut d = flow_started(&format!("{SERVER}/login/v2/poll"));
        wait(&mut d);
        d.send(Event::CancelBrowserSignIn);
        let view = d.view();
        assert!(!view.signing_in);
        assert_eq!(view.sign_in_page, None);
        // The poll already under way is answered: it changes nothing.
        poll_request(&mut d)
            .resolve(Ok(json(200, r#"{"server":"https://dav.test","loginName":"alice","appPassword":"app-pw"}"#)))
            .unwrap();
        d.settle();
        assert!(!d.view().signed_in);
        assert!(d.model.credentials.is_none());
    }

    #[test]
    fn the_member_has_as_long_as_the_server_keeps_the_flow() {
        let mut d = flow_started(&format!("{SERVER}/login/v2/poll"));
        d.model.browser_sign_in.as_mut().unwrap().polls = MAX_POLLS - 2;
        poll(&mut d).resolve(Ok(json(404, "[]"))).unwrap();
        poll(&mut d).resolve(Ok(json(404, "[]"))).unwrap();
        d.settle();
        let view = d.view();
        assert_eq!(
            view.sign_in_error.as_deref(),
            Some("Access was not granted in time on the server’s page. Start again.")
        );
        assert!(!view.signing_in);
    }
}
