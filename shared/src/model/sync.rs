//! Sync on demand: one command runs the engine over the account, the
//! model shows its progress and its outcome.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use crux_core::render::render;
use crux_core::Command;

use super::{agenda, contacts, news, notes, session, Cmd, Event, Model};
use crate::dav::client::{DavClient, RemoteError};
use crate::effects::store::command as store;
use crate::effects::NowRequest;
use crate::failure::{Failure, LocalError};
use crate::i18n::Text;
use crate::sync::{self, Engine, Progress, SyncReport};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SyncState {
    #[default]
    Idle,
    Running(Option<Progress>),
    Done(SyncReport),
    Failed(Failure),
}

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::Sync => start(model),
        Event::SyncProgress(progress) => {
            model.sync = SyncState::Running(Some(progress));
            render()
        }
        Event::SyncSucceededAt(ms) => {
            // Signed out while it ran: nothing to keep it with.
            let Some(account) = model.account.as_mut() else { return Command::done() };
            account.last_synced = Some(ms);
            let keep = Command::new(move |ctx| async move {
                // Kept with the account for the next start. If the store
                // fails, this session still says it; nothing else is lost.
                let _ = store::save_synced_at(&ctx, ms).await;
            });
            Command::all([keep, render()])
        }
        Event::CredentialsAsked { server_url } => {
            // Signed out, or into another server, while it ran: not this account's.
            let Some(account) = model.account.as_mut().filter(|a| a.server_url == server_url) else {
                return Command::done();
            };
            account.credentials_asked = true;
            let account = account.clone();
            // If the store fails, the next session is refused once more, as before.
            Command::new(|ctx| async move {
                let _ = store::save_account(&ctx, account).await;
            })
        }
        Event::SyncFinished(result) => {
            // Every collection reached: the shells say when, in words.
            let succeeded = matches!(&result, Ok(report) if report.failed.is_empty());
            model.sync = match result {
                Ok(report) => SyncState::Done(report),
                Err(e) => SyncState::Failed(e),
            };
            let at = if succeeded {
                Command::new(|ctx| async move {
                    let now = ctx.request_from_shell(NowRequest).await.0;
                    ctx.send_event(Event::SyncSucceededAt(now));
                })
            } else {
                Command::done()
            };
            Command::all([
                at,
                session::load_collections(),
                contacts::reload(model),
                agenda::reload_and_keep_ahead(model),
                agenda::schedule_reminders(model),
                notes::reload(&model.notes_query),
                notes::reopen(model),
                // The announcements with each sync the member asked for.
                news::poll_now(model, crate::announcements::Trigger::Member),
                render(),
            ])
        }
        _ => Command::done(),
    }
}

fn start(model: &mut Model) -> Cmd {
    let (Some(account), Some(credentials)) = (&model.account, &model.credentials) else {
        model.error = Some(RemoteError::Unauthorized.into());
        model.notice = Some(Text::NotSignedIn);
        return render();
    };
    if matches!(model.sync, SyncState::Running(_)) {
        return Command::done();
    }
    model.sync = SyncState::Running(None);
    model.error = None;
    let client = DavClient::for_account(credentials.clone(), account);
    let account = account.clone();
    let run = Command::new(|ctx| async move {
        let engine = Engine { ctx: &ctx, client: &client, progress: Event::SyncProgress };
        let result = match Guarded::new(sync::sync_account(&engine, &account)).await {
            Ok(result) => result,
            Err(_panic) => Err(LocalError::Unexpected.into()),
        };
        // Asked, and the credentials let the sync through.
        if client.credentials_asked() && !account.credentials_asked && result.is_ok() {
            ctx.send_event(Event::CredentialsAsked { server_url: account.server_url.clone() });
        }
        ctx.send_event(Event::SyncFinished(result));
    });
    Command::all([run, render()])
}

/// A future whose panic is caught where it is polled: a bug meeting
/// unexpected server data ends the sync as a failure the member reads,
/// instead of unwinding through the shell (the app gone, or waiting for an
/// answer forever). The inner future is never polled again.
struct Guarded<F>(Option<Pin<Box<F>>>);

impl<F: Future> Guarded<F> {
    fn new(future: F) -> Self {
        Self(Some(Box::pin(future)))
    }
}

impl<F: Future> Future for Guarded<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(inner) = this.0.as_mut() else { return Poll::Pending };
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => {
                this.0 = None;
                Poll::Ready(Ok(value))
            }
            Err(panic) => {
                this.0 = None;
                Poll::Ready(Err(panic))
            }
        }
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
        let mut future = std::pin::pin!(future);
        future.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop()))
    }

    #[test]
    fn a_panic_inside_the_sync_becomes_an_error_and_a_result_passes_through() {
        let panicking = Guarded::new(async { "not a number".parse::<u8>().expect("a parser bug") });
        assert!(matches!(poll_once(panicking), Poll::Ready(Err(_))));
        assert!(matches!(poll_once(Guarded::new(async { 7 })), Poll::Ready(Ok(7))));
        assert_eq!(
            Failure::from(LocalError::Unexpected).text().in_locale(crate::i18n::Locale::En),
            "An unexpected error in the app stopped the sync. Your data is intact; try again later or report it to Nubo."
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::test_support::*;

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
                sent: vec![],
            }]))
            .unwrap();

        // What is about to be sent is recorded first, in case the answer is lost.
        let mut sending = d.store();
        assert_eq!(
            sending.operation,
            StoreRequest::PushSending { item_id: 7, href: format!("{BOOK}helene.vcf"), data: MY_VCARD.into() }
        );
        sending.resolve(StoreResponse::Done).unwrap();

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
            .resolve(StoreResponse::Etags(vec![LocalEtag {
                href: format!("{BOOK}same.vcf"),
                etag: Some("\"s1\"".into()),
            }]))
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
        assert!(
            matches!(&batch.upserts[0].index, ItemIndex::Contact(c) if c.emails == vec!["jan@nubo.coop".to_string()])
        );
        assert_eq!(batch.sync_token, None, "the token is committed only with the last step");
        // Each batch's counts add up in the report.
        apply.resolve(StoreResponse::Applied(ApplySummary { added: 1, updated: 2, ..Default::default() })).unwrap();

        d.answer_time();
        let mut last = d.store();
        let StoreRequest::ApplyPull(batch) = &last.operation else { panic!() };
        assert_eq!(batch.deletes, vec![format!("{BOOK}gone.vcf")]);
        assert_eq!(batch.sync_token.as_deref(), Some("http://radicale.org/ns/sync/t2"));
        assert_eq!(batch.keep_only, None);
        let last_summary = ApplySummary { added: 1, updated: 1, deleted: 1, conflicts: 1 };
        last.resolve(StoreResponse::Applied(last_summary)).unwrap();

        // Then the lists are reloaded for the view.
        answer_reloads(&mut d, vec![book(Some("t2"))]);
        d.settle();

        assert!(matches!(d.model.sync, SyncState::Done(_)));
        let view = d.view();
        assert!(!view.sync.running);
        // The 412 sent nothing: it kept both versions, and says so.
        assert_eq!(
            view.sync.status,
            "Up to date: 2 added, 3 updated, 1 deleted. \
             2 changes were also made elsewhere: both versions are kept, choose one."
        );
    }

    #[test]
    fn a_challenge_met_during_a_sync_is_kept_with_the_account_and_the_next_sync_sends_credentials_first() {
        let mut d = Driver::new(signed_in_model("en"));
        d.send(Event::Sync);
        let mut first = d.http();
        assert_eq!(first.operation.header_value("Authorization"), None, "never asked yet");
        first.resolve(Ok(HttpResponse::new(401).header("WWW-Authenticate", r#"Basic realm="x""#))).unwrap();
        let mut again = d.http();
        assert_eq!(again.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "pw").as_str()));
        again.resolve(Ok(multistatus(BOOKS_LISTING))).unwrap();
        d.store().resolve(StoreResponse::Done).unwrap();
        d.store().resolve(StoreResponse::Collections(vec![])).unwrap();
        // Kept before anything else the end of the sync asks.
        let save = d.store();
        let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
        assert!(account.credentials_asked);
        assert!(d.model.account.as_ref().unwrap().credentials_asked);

        // The next session: the first request carries them.
        let mut model = signed_in_model("en");
        model.account.as_mut().unwrap().credentials_asked = true;
        let mut d = Driver::new(model);
        d.send(Event::Sync);
        let first = d.http();
        assert_eq!(first.operation.header_value("Authorization"), Some(basic("alice@nubo.test", "pw").as_str()));
    }

    #[test]
    fn a_challenge_met_by_a_sync_of_an_account_since_replaced_is_not_kept() {
        let mut d = Driver::new(signed_in_model("en"));
        d.send(Event::CredentialsAsked { server_url: "https://elsewhere.test".into() });
        d.settle();
        assert!(!d.model.account.as_ref().unwrap().credentials_asked);
        d.model.account = None;
        d.send(Event::CredentialsAsked { server_url: SERVER.into() });
        d.settle();
        assert!(d.model.account.is_none());
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
            .resolve(StoreResponse::Etags(vec![LocalEtag {
                href: format!("{BOOK}a.vcf"),
                etag: Some("\"a1\"".into()),
            }]))
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
        // Said as the server's request, not as a promise: nothing retries
        // until the shell's scheduler (or the member) syncs again.
        assert_eq!(
            view.sync.status,
            "Le serveur est surchargé et demande d’attendre 2\u{a0}minutes. Rien n’est perdu\u{202f}; réessayez ensuite."
        );
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
        assert!(view.sync.detail.is_some(), "the parser's words stay available beside the sentence");
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
        d.store().resolve(StoreResponse::Collections(vec![plain])).unwrap();
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
        assert_eq!(d.view().sync.status, "Everything is up to date.");
    }

    #[test]
    fn a_failing_collection_is_reported_and_the_others_are_still_synced() {
        let mut d = Driver::new(signed_in_model("en-BE"));
        let mut broken = book(Some("t1"));
        broken.display_name = "Conseil".into();
        broken.href = format!("{SERVER}/alice@nubo.test/board/");
        let mut fine = book(Some("t1"));
        fine.ctag = Some("c1".into());
        start_sync_with_all(&mut d, vec![broken.clone(), fine.clone()]);
        d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
        let mut state = d.http();
        assert_eq!(state.operation.url, broken.href);
        state.resolve(Ok(HttpResponse::new(500))).unwrap();
        // The next collection is still synced.
        let mut outbox = d.store();
        assert_eq!(outbox.operation, StoreRequest::Outbox { collection: BOOK.into() });
        outbox.resolve(StoreResponse::Outbox(vec![])).unwrap();
        answer_ctag(&mut d, "c1");
        answer_reloads(&mut d, vec![broken, fine]);
        d.settle();
        let view = d.view();
        assert!(view.sync.failed, "the member and the CLI see that not everything synced");
        assert_eq!(view.sync.status, "“Conseil” could not be synced. Server error. Nothing is lost; try again later.");
        // The status code is beside the sentence, for a "details" line.
        assert_eq!(view.sync.detail.as_deref(), Some("Conseil: HTTP 500"));
    }

    #[test]
    fn a_failure_that_would_meet_every_collection_stops_the_sync_at_once() {
        for (answer, said) in [
            (HttpResponse::new(503).header("Retry-After", "60"), "Server busy"),
            (HttpResponse::new(429), "Server busy"),
            (HttpResponse::new(401).header("WWW-Authenticate", "Basic realm=\"x\""), "Wrong address or password."),
        ] {
            let mut d = Driver::new(signed_in_model("en-BE"));
            let mut first = book(Some("t1"));
            first.href = format!("{SERVER}/alice@nubo.test/board/");
            let mut second = book(Some("t1"));
            second.ctag = Some("c1".into());
            start_sync_with_all(&mut d, vec![first, second]);
            d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
            let unauthorized = answer.status == 401;
            d.http().resolve(Ok(answer.clone())).unwrap();
            if unauthorized {
                // Asked once more (the challenge may be new), refused again.
                d.http().resolve(Ok(answer)).unwrap();
            }
            // Nothing asked of the second collection: the sync ends there.
            let view = view_after_failed_sync(&mut d);
            assert!(view.sync.status.starts_with(said), "{}", view.sync.status);
        }
    }

    #[test]
    fn when_every_collection_fails_the_sync_fails() {
        let mut d = Driver::new(signed_in_model("en-BE"));
        start_sync(&mut d, Some("t1"));
        d.store().resolve(StoreResponse::Outbox(vec![])).unwrap();
        d.http().resolve(Ok(HttpResponse::new(500))).unwrap();
        let view = view_after_failed_sync(&mut d);
        assert!(view.sync.status.starts_with("Server error."), "{}", view.sync.status);
        assert_eq!(view.sync.detail.as_deref(), Some("HTTP 500"));
    }
}

#[cfg(test)]
mod last_success_tests {
    use crate::dav::client::RemoteError;
    use crate::model::test_support::*;
    use crate::sync::{CollectionFailure, SyncReport};

    const NOW: i64 = 1_764_000_000_000;

    /// The view's last success after a sync ends with `result`, and
    /// whether the store was asked to keep a time.
    fn after(result: Result<SyncReport, crate::failure::Failure>, before: Option<i64>) -> (Option<i64>, bool) {
        let mut model = signed_in_model("fr-BE");
        model.account.as_mut().unwrap().last_synced = before;
        let mut d = Driver::new(model);
        d.send(Event::SyncFinished(result));
        answer_reloads(&mut d, vec![book(Some("t1"))]);
        d.settle();
        let kept = d.kept.contains(&StoreRequest::SaveSyncedAt { at: NOW });
        (d.view().sync.last_success_ms, kept)
    }

    #[test]
    fn the_view_says_when_the_last_sync_reaching_every_collection_ended_and_the_store_keeps_it() {
        // Never synced: nothing to say.
        assert_eq!(Driver::new(signed_in_model("fr-BE")).view().sync.last_success_ms, None);
        // A sync that reached everything: the instant it ended, kept for the next start.
        assert_eq!(after(Ok(SyncReport::default()), None), (Some(NOW), true));
        // One collection failed, or the whole sync: the last success stays, nothing written.
        let partial = SyncReport {
            failed: vec![CollectionFailure {
                collection: "Perso".into(),
                failure: RemoteError::Unreachable("timeout".into()).into(),
            }],
            ..Default::default()
        };
        assert_eq!(after(Ok(partial), Some(42)), (Some(42), false));
        assert_eq!(after(Err(RemoteError::Unreachable("timeout".into()).into()), Some(42)), (Some(42), false));
    }

    #[test]
    fn a_start_shows_the_time_the_store_kept_before_any_sync_ends() {
        let mut account = signed_in_model("fr-BE").account.unwrap();
        account.last_synced = Some(NOW - 120_000);
        let mut d = Driver::new(Model::default());
        d.send(Event::Start { locale: "fr-BE".into(), time_zone: Some("Europe/Brussels".into()), screens: None });
        let mut load = d.store();
        assert_eq!(load.operation, StoreRequest::LoadAccount);
        load.resolve(StoreResponse::Account(Some(account))).unwrap();
        // The account is in the model; the rest of the start (the
        // password, the lists) is answered by other tests.
        let _next = d.next_effect();
        let view = d.view();
        assert!(view.signed_in);
        assert!(!view.sync.running);
        assert_eq!(view.sync.last_success_ms, Some(NOW - 120_000));
    }

    #[test]
    fn signing_out_forgets_the_time_and_a_sync_ending_after_it_keeps_nothing() {
        let mut model = signed_in_model("en");
        model.account.as_mut().unwrap().last_synced = Some(NOW - 60_000);
        let mut d = Driver::new(model);
        d.send(Event::SignOut);
        assert_eq!(d.view().sync.last_success_ms, None);
        // The sync that ran during the sign-out ends now: no account to keep it with.
        d.send(Event::SyncSucceededAt(NOW));
        assert_eq!(d.view().sync.last_success_ms, None);
        let mut kept = Vec::new();
        loop {
            match d.next_effect() {
                Effect::Secret(mut s) => s.resolve(SecretResponse::Done).unwrap(),
                Effect::Store(mut s) => {
                    kept.push(s.operation.clone());
                    s.resolve(StoreResponse::Done).unwrap();
                }
                Effect::Notify(mut n) => {
                    n.resolve(()).unwrap();
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        d.settle();
        // The account goes (its time with it), and nothing writes one back.
        assert_eq!(kept, vec![StoreRequest::DeleteAccount]);
    }
}

#[cfg(test)]
mod pending_tests {
    use crate::agenda::view::Agenda;
    use crate::model::test_support::*;

    #[test]
    fn events_waiting_to_be_sent_count_with_the_contacts_and_notes() {
        let mut d = Driver::new(agenda_model(false));
        assert_eq!(d.view().pending_changes, 0);
        // The store counts them over every window; the view adds them up.
        let agenda = Agenda { pending_events: 2, ..Agenda::default() };
        d.send(Event::AgendaLoaded { from: 0, to: 86_400_000, agenda: Ok(agenda) });
        d.settle();
        assert_eq!(d.view().pending_changes, 2);
    }
}
