//! The cooperative's announcements: sources (feeds found at sign-in on the
//! account domain's home page or added by the member, and the Announcement
//! Center of a Nextcloud account), polled with each sync and on the shells'
//! schedules, merged into the store with the member's read state, one
//! notification per new entry; what the member reads, marks read, and puts
//! in the agenda.
//!
//! Feeds live on other sites than the account's: they are asked with plain
//! requests, never with the account's credentials, and a redirect is
//! followed only on the feed's own origin. Only the Announcement Center,
//! on the account's origin, goes through the account's [`DavClient`].

use std::collections::HashSet;

use crux_core::render::render;
use crux_core::Command;

use super::{Cmd, Ctx, Event, Model};
use crate::agenda::edit as event_edit;
use crate::agenda::index::event_index;
use crate::announcements::ocs::{OcsError, OcsListing, ANNOUNCEMENTS_PATH};
use crate::announcements::poll::{self, FailureReason, PollDecision, PollOutcome, Trigger};
use crate::announcements::{
    discover_feeds, merge, parse_feed, Announcement, BodyFormat, EventAttachment, FeedSource, Fetched, Listing,
    SourceError, SourceState, StoredAnnouncement,
};
use crate::dav::client::{check_transport, Credentials, DavClient, RemoteError};
use crate::dav::url::{authority, is_downgrade, resolve, same_origin};
use crate::document::{html, markdown, Document};
use crate::effects::store::{
    command as store, Account, Collection, ItemIndex, NewsApply, NewsRecord, NewsSource, NewsSourceKind,
};
use crate::effects::{HttpError, HttpRequest, HttpResponse, NewUid, Notification, NotifyRequest, NowRequest};
use crate::failure::{Failure, LocalError};
use crate::i18n::{Locale, Text};
use crate::kinds::EventKind;

/// What a feed request accepts.
pub const FEED_ACCEPT: &str = "application/atom+xml, application/rss+xml, application/feed+json, \
     application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
/// The largest calendar file an announcement may carry.
pub const MAX_ICS_BYTES: usize = 512 * 1024;
/// The longest a notification's text is.
const NOTIFICATION_CHARS: usize = 160;

/// An announcement as the model keeps it: the stored record and its body
/// already turned into a document (never HTML for a view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsEntry {
    pub record: NewsRecord,
    pub document: Document,
}

impl NewsEntry {
    pub fn new(record: NewsRecord) -> Self {
        let document = document_of(&record.announcement);
        Self { record, document }
    }

    pub fn id(&self) -> i64 {
        self.record.id
    }

    pub fn announcement(&self) -> &Announcement {
        &self.record.announcement
    }

    /// The calendar file the announcement carries, if any.
    pub fn event(&self) -> Option<&EventAttachment> {
        self.record.announcement.attachments.first()
    }
}

/// The body (content, else summary) as a document: HTML through the
/// sanitizer, Markdown (Nextcloud) and text through the Markdown reader.
pub fn document_of(announcement: &Announcement) -> Document {
    let Some(body) = announcement.content.as_ref().or(announcement.summary.as_ref()) else {
        return Document::default();
    };
    let base =
        announcement.link.as_deref().or(Some(announcement.source.as_str())).and_then(|l| url::Url::parse(l).ok());
    match body.format {
        BodyFormat::Html => html::parse(&body.raw, base.as_ref()),
        BodyFormat::Markdown => markdown::parse(&body.raw),
        BodyFormat::Text => text_document(&body.raw),
    }
}

/// Plain text: one paragraph per blank-line-separated block, nothing read
/// as markup.
fn text_document(text: &str) -> Document {
    use crate::document::{Block, Span};
    let blocks = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph { spans: vec![Span::Text(p)] })
        .collect();
    Document { blocks }
}

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::PollNews => poll_now(model, Trigger::Scheduled),
        Event::NewsPolled => {
            model.news_polling = false;
            let again = std::mem::take(&mut model.news_poll_again);
            let mut commands = vec![reload(), render()];
            if again {
                commands.push(poll_now(model, Trigger::Member));
            }
            Command::all(commands)
        }
        Event::NewsLoaded(Ok((sources, records))) => {
            model.news_sources = sources;
            model.news = records.into_iter().map(NewsEntry::new).collect();
            render()
        }
        Event::NewsLoaded(Err(e)) => {
            model.error = Some(e.into());
            render()
        }
        Event::ShowNews { unread_only, language } => {
            model.news_unread_only = unread_only;
            model.news_language = language.map(|l| l.trim().to_ascii_lowercase()).filter(|l| !l.is_empty());
            Command::all([reload(), render()])
        }
        Event::OpenAnnouncement { id } => {
            model.news_open = Some(id);
            if let Some(entry) = model.news.iter_mut().find(|e| e.id() == id) {
                entry.record.read = true;
            }
            Command::new(move |ctx| async move {
                match store::mark_news_read(&ctx, Some(id)).await {
                    Ok(()) => {}
                    Err(e) => ctx.send_event(Event::LocalChangeDone(Err(Failure::from(e)))),
                }
                ctx.send_event(Event::NewsLoaded(load(&ctx).await));
            })
            .and(render())
        }
        Event::CloseAnnouncement => {
            model.news_open = None;
            render()
        }
        Event::MarkAllNewsRead => {
            for entry in &mut model.news {
                entry.record.read = true;
            }
            Command::new(|ctx| async move {
                let result = store::mark_news_read(&ctx, None).await.map(|()| Text::NewsAllRead).map_err(Failure::from);
                ctx.send_event(Event::LocalChangeDone(result));
                ctx.send_event(Event::NewsLoaded(load(&ctx).await));
            })
            .and(render())
        }
        Event::AddFeed { url } => add_feed(model, &url),
        Event::FindNewsFeeds => {
            if model.account.is_none() {
                return refuse(model, Text::NotSignedIn);
            }
            model.news_discover_pending = true;
            model.news_discover_asked = true;
            Command::all([poll_now(model, Trigger::Member), render()])
        }
        Event::RemoveFeed { url } => {
            let url = url.trim().to_string();
            let Some(source) = model.news_sources.iter().find(|s| s.url == url || s.url == normalized(&url)) else {
                return refuse(model, Text::NoSuchFeed(url));
            };
            let url = source.url.clone();
            Command::new(|ctx| async move {
                match store::remove_news_source(&ctx, &url).await {
                    Ok(()) => ctx.send_event(Event::LocalChangeDone(Ok(Text::FeedRemoved(url)))),
                    Err(e) => ctx.send_event(Event::LocalChangeDone(Err(e.into()))),
                }
                ctx.send_event(Event::NewsLoaded(load(&ctx).await));
            })
        }
        Event::AddAnnouncementToAgenda { id, calendar } => {
            let Some(entry) = model.news.iter().find(|e| e.id() == id) else {
                return Command::event(Event::LocalChangeDone(Err(LocalError::NotFound.into())));
            };
            let Some(attachment) = entry.event().cloned() else {
                return refuse(model, Text::AnnouncementWithoutEvent);
            };
            let calendars: Vec<Collection> = model.collections_of::<EventKind>().cloned().collect();
            let zone = model.zone();
            Command::new(move |ctx| async move {
                let result = add_to_agenda(&ctx, &attachment, calendar.as_deref(), &calendars, zone).await;
                ctx.send_event(match result {
                    Ok(Ok(text)) => Event::LocalChangeDone(Ok(text)),
                    Ok(Err(refused)) => Event::LocalChangeRefused(refused),
                    Err(e) => Event::LocalChangeDone(Err(e)),
                });
            })
        }
        _ => Command::done(),
    }
}

fn refuse(model: &mut Model, text: Text) -> Cmd {
    model.notice = None;
    model.refusal = Some(text);
    render()
}

/// Sources and announcements as stored.
async fn load(ctx: &Ctx) -> Result<(Vec<NewsSource>, Vec<NewsRecord>), crate::effects::store::StoreError> {
    let sources = store::news_sources(ctx).await?;
    let records = store::news(ctx).await?;
    Ok((sources, records))
}

/// Re-reads the sources and announcements.
pub fn reload() -> Cmd {
    Command::new(|ctx| async move {
        ctx.send_event(Event::NewsLoaded(load(&ctx).await));
    })
}

/// Polls every source that is due (`Scheduled`: the shells' schedules) or
/// not held back by its server (`Member`: a sync the member asked for);
/// one poll at a time, a request meanwhile runs after it.
pub fn poll_now(model: &mut Model, trigger: Trigger) -> Cmd {
    let Some(account) = model.account.clone() else { return Command::done() };
    if model.news_polling {
        model.news_poll_again = true;
        return Command::done();
    }
    model.news_polling = true;
    let discover = std::mem::take(&mut model.news_discover_pending);
    let report = discover && std::mem::take(&mut model.news_discover_asked);
    let credentials = model.credentials.clone();
    let locale = model.locale;
    let language = locale.tag().split('-').next().unwrap_or("en").to_string();
    Command::new(move |ctx| async move {
        if discover {
            let added = add_discovered(&ctx, &account, &language).await;
            // Once: kept with the account, so a later start does not look
            // again, and a kill or a store failure before this point does.
            if added.is_ok() {
                let _ = store::save_account(&ctx, Account { news_discovered: true, ..account.clone() }).await;
            }
            if report {
                let said = added.map(|(added, home)| match home {
                    Some(domain) if added == 0 => Text::NewsHomeUnreadable(domain),
                    _ => Text::NewsFeedsFound(added),
                });
                ctx.send_event(Event::LocalChangeDone(said.map_err(Failure::from)));
            }
        }
        poll_all(&ctx, &account, credentials, trigger, locale).await;
        ctx.send_event(Event::NewsPolled);
    })
}

async fn poll_all(ctx: &Ctx, account: &Account, credentials: Option<Credentials>, trigger: Trigger, locale: Locale) {
    let now = ctx.request_from_shell(NowRequest).await.0;
    let Ok(sources) = store::news_sources(ctx).await else { return };
    for source in sources {
        let PollDecision::Poll { headers } = poll::should_poll(&source.state, now, trigger) else { continue };
        let polled = match source.kind {
            NewsSourceKind::Feed => poll_feed(ctx, &source, &headers, now).await,
            NewsSourceKind::Ocs => {
                // The Announcement Center is on the account's origin only.
                let Some(credentials) = credentials.clone() else { continue };
                if !same_origin(&source.url, &account.server_url) {
                    continue;
                }
                poll_ocs(ctx, &source, DavClient::for_account(credentials, account), now).await
            }
        };
        // A store failure leaves the source as it was: the next poll asks again.
        let _ = record(ctx, polled, locale).await;
    }
}

/// What one poll of one source gave.
/// What one poll of one source brought back.
pub struct Polled {
    /// The source's new state (validators, failures, next poll).
    pub source: NewsSource,
    /// Its URL before a permanent redirect on its origin.
    pub moved_from: Option<String>,
    /// The entries, when the source answered with some (not on a 304 or a failure).
    pub fetched: Option<Fetched>,
}

fn next_poll(state: &SourceState, now: i64) -> Option<i64> {
    match poll::should_poll(state, now, Trigger::Scheduled) {
        PollDecision::Wait { until, .. } => Some(until),
        PollDecision::Poll { .. } => Some(now),
    }
}

/// The source after a success.
fn succeeded(source: &NewsSource, state: SourceState, now: i64) -> NewsSource {
    NewsSource { next_poll: next_poll(&state, now), state, last_error: None, ..source.clone() }
}

/// The source after a failure: what it gave stays, its error is kept.
fn failed(source: &NewsSource, state: SourceState, now: i64, error: SourceError) -> Polled {
    let source = NewsSource { next_poll: next_poll(&state, now), state, last_error: Some(error), ..source.clone() };
    Polled { source, moved_from: None, fetched: None }
}

fn failure_error(reason: FailureReason) -> SourceError {
    match reason {
        FailureReason::Network => SourceError::Network(String::new()),
        FailureReason::Status(status) => SourceError::Status(status),
        FailureReason::RedirectElsewhere(to) => SourceError::MovedElsewhere(authority(&to).unwrap_or(to)),
        FailureReason::BadRedirect => SourceError::BadRedirect,
        FailureReason::Unreadable => SourceError::Unreadable(String::new()),
    }
}

fn network_detail(e: &HttpError) -> String {
    match e {
        HttpError::Connect(d) | HttpError::Tls(d) | HttpError::Body(d) | HttpError::Other(d) => d.clone(),
        HttpError::Timeout => "timeout".into(),
        HttpError::TooLarge { limit_bytes } => format!("more than {limit_bytes} bytes"),
    }
}

/// One feed: a plain GET (no credentials: it is another site), validators
/// from the last answer, redirects followed only on the feed's origin and
/// never from https to http; a permanent move renames the source.
async fn poll_feed(ctx: &Ctx, source: &NewsSource, validators: &[(String, String)], now: i64) -> Polled {
    let mut url = source.url.clone();
    let mut key = source.url.clone();
    let mut state = source.state.clone();
    let mut permanent_so_far = true;
    for hop in 0..=poll::MAX_REDIRECTS {
        if check_transport(&url).is_err() {
            return failed(source, state, now, SourceError::Insecure(authority(&url).unwrap_or(url)));
        }
        let mut request = HttpRequest::new("GET", url.clone()).header("Accept", FEED_ACCEPT);
        if hop == 0 {
            for (name, value) in validators {
                request = request.header(name, value.clone());
            }
        }
        let response: HttpResponse = match ctx.request_from_shell(request).await {
            Ok(response) => response,
            Err(e) => {
                let (state, _) = poll::on_network_error(&state, now);
                return failed(source, state, now, SourceError::Network(network_detail(&e)));
            }
        };
        let (next, outcome) = poll::on_response(&state, now, &url, response.status, &response.headers);
        match outcome {
            PollOutcome::Fetched => {
                let feed = FeedSource { id: &key, url: &url, declared_language: source.language.as_deref() };
                return match parse_feed(&feed, &response.body) {
                    Ok(parsed) => {
                        let mut updated = succeeded(source, next, now);
                        updated.url = key.clone();
                        updated.title = updated.title.or(parsed.title);
                        updated.language = updated.language.or(parsed.language);
                        let moved_from = (key != source.url).then(|| source.url.clone());
                        let fetched = Fetched { source: key, listing: Listing::Window, entries: parsed.entries };
                        Polled { source: updated, moved_from, fetched: Some(fetched) }
                    }
                    Err(e) => {
                        let (state, _) = poll::on_unreadable_body(&source.state, now);
                        failed(source, state, now, SourceError::Unreadable(e.to_string()))
                    }
                };
            }
            PollOutcome::NotModified => {
                let mut updated = succeeded(source, next, now);
                updated.url = key.clone();
                let moved_from = (key != source.url).then(|| source.url.clone());
                return Polled { source: updated, moved_from, fetched: None };
            }
            PollOutcome::Redirect { to, permanent } => {
                if is_downgrade(&url, &to) {
                    let (state, _) = poll::on_unreadable_body(&state, now);
                    return failed(source, state, now, SourceError::Insecure(authority(&to).unwrap_or(to)));
                }
                permanent_so_far &= permanent;
                if permanent_so_far {
                    key = to.clone();
                }
                state = next;
                url = to;
            }
            PollOutcome::Failed { reason, .. } => return failed(source, next, now, failure_error(reason)),
        }
    }
    let (state, _) = poll::on_unreadable_body(&state, now);
    failed(source, state, now, SourceError::BadRedirect)
}

/// The Announcement Center: every page (only a complete listing tells a
/// deleted announcement), on the account's origin with its credentials.
/// `client` is the account's: the source is on its origin.
async fn poll_ocs(ctx: &Ctx, source: &NewsSource, client: DavClient, now: i64) -> Polled {
    let root = source.url.split('?').next().unwrap_or_default().trim_end_matches(ANNOUNCEMENTS_PATH).to_string();
    let mut listing = OcsListing::new(&source.url, &root);
    let state = source.state.clone();
    while let Some(spec) = listing.next_request() {
        let Some(url) = spec.url(&root) else { return failed(source, state, now, SourceError::BadRedirect) };
        let mut request = HttpRequest::new(&spec.method, url);
        for (name, value) in spec.headers {
            request = request.header(&name, value);
        }
        let (response, url) = match client.send(ctx, request).await {
            Ok(answer) => answer,
            Err(e) => {
                let (state, _) = poll::on_network_error(&state, now);
                let error = match e {
                    RemoteError::Unreachable(d) | RemoteError::Tls(d) | RemoteError::BadResponse(d) => {
                        SourceError::Network(d)
                    }
                    RemoteError::OtherOrigin { host } => SourceError::MovedElsewhere(host),
                    RemoteError::Insecure { host } => SourceError::Insecure(host),
                    _ => SourceError::BadRedirect,
                };
                return failed(source, state, now, error);
            }
        };
        if let Err(e) = listing.receive(response.status, &response.body) {
            let (state, _) = if response.is_success() {
                poll::on_unreadable_body(&state, now)
            } else {
                poll::on_response(&state, now, &url, response.status, &response.headers)
            };
            let error = match e {
                e if e.is_unauthorized() => SourceError::Unauthorized,
                OcsError::Refused { message, http_status, statuscode } if message.trim().is_empty() => {
                    SourceError::Refused(format!("HTTP {http_status}, OCS {statuscode}"))
                }
                OcsError::Refused { message, .. } => SourceError::Refused(message),
                OcsError::Http(status) => SourceError::Status(status),
                other => SourceError::Unreadable(other.to_string()),
            };
            return failed(source, state, now, error);
        }
    }
    let (next, _) = poll::on_response(&state, now, &source.url, 200, &[]);
    Polled { source: succeeded(source, next, now), moved_from: None, fetched: Some(listing.finish()) }
}

/// Folds a poll into the store, then notifies: once per new entry, since
/// the store marks it notified in the same transaction.
async fn record(ctx: &Ctx, polled: Polled, locale: Locale) -> Result<(), Failure> {
    let stored = if polled.fetched.is_some() { store::news(ctx).await? } else { Vec::new() };
    let (apply, mut notifications) = plan(&stored, polled, locale);
    store::apply_news(ctx, apply).await?;
    if !notifications.is_empty() {
        // Named by the local id OpenAnnouncement takes, so that a tap on
        // the notification can open it; the rows exist only once applied.
        let rows = store::news(ctx).await?;
        for request in &mut notifications {
            if let Some(row) =
                rows.iter().find(|r| Some(r.announcement.id.as_str()) == request.id.strip_prefix("news:"))
            {
                request.id = format!("news:{}", row.id);
            }
        }
    }
    for notification in notifications {
        ctx.request_from_shell(NotifyRequest::Show(notification)).await;
    }
    Ok(())
}

/// What a poll changes in the store (given what it holds), and the
/// notifications it sends: exactly one per new entry, ever. Pure, so the
/// fuzzer runs it against the real store.
pub fn plan(stored: &[NewsRecord], polled: Polled, locale: Locale) -> (NewsApply, Vec<Notification>) {
    let Polled { source, moved_from, fetched } = polled;
    let mut apply = NewsApply { source, moved_from, upserts: vec![], deleted: vec![], notified: vec![] };
    let mut notifications = Vec::new();
    if let Some(fetched) = fetched {
        let moved_from = apply.moved_from.clone();
        let kept: Vec<StoredAnnouncement> = stored
            .iter()
            .map(|r| {
                let mut announcement = r.announcement.clone();
                if moved_from.as_deref() == Some(announcement.source.as_str()) {
                    announcement.source = apply.source.url.clone();
                }
                StoredAnnouncement { announcement, read: r.read }
            })
            .collect();
        let result = merge(&kept, &fetched, apply.source.added_at);
        let changed: HashSet<&str> = result.added.iter().chain(&result.updated).map(String::as_str).collect();
        apply.upserts = result
            .entries
            .iter()
            .filter(|e| changed.contains(e.announcement.id.as_str()))
            .map(|e| e.announcement.clone())
            .collect();
        apply.deleted = result.deleted;
        let already: HashSet<&str> = stored.iter().filter(|r| r.notified).map(|r| r.announcement.id.as_str()).collect();
        apply.notified = result.notify.into_iter().filter(|id| !already.contains(id.as_str())).collect();
        let source_name = apply.source.title.clone().unwrap_or_else(|| source_name(&apply.source, locale));
        notifications = apply
            .notified
            .iter()
            .filter_map(|id| apply.upserts.iter().find(|a| &a.id == id))
            .map(|a| notification(a, &source_name))
            .collect();
    }
    (apply, notifications)
}

fn notification(a: &Announcement, source_name: &str) -> Notification {
    let preview = document_of(a).preview(NOTIFICATION_CHARS);
    let (title, body) = match (a.title.is_empty(), preview.is_empty()) {
        (false, _) => (a.title.clone(), preview),
        (true, false) => (source_name.to_string(), preview),
        (true, true) => (source_name.to_string(), String::new()),
    };
    Notification { id: format!("news:{}", a.id), title, body }
}

/// A source as the member reads its name: its title, else its host.
pub fn source_name(source: &NewsSource, locale: Locale) -> String {
    match (&source.title, source.kind) {
        (Some(title), _) if !title.trim().is_empty() => title.clone(),
        (_, NewsSourceKind::Ocs) => Text::NewsCenterName.in_locale(locale),
        _ => authority(&source.url).unwrap_or_else(|| source.url.clone()),
    }
}

fn normalized(url: &str) -> String {
    url::Url::parse(url.trim()).map(String::from).unwrap_or_else(|_| url.trim().to_string())
}

fn add_feed(model: &mut Model, typed: &str) -> Cmd {
    if model.account.is_none() {
        return refuse(model, Text::NotSignedIn);
    }
    let url = normalized(typed);
    let web = url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if !web || check_transport(&url).is_err() {
        return refuse(model, Text::FeedAddressRefused(typed.trim().to_string()));
    }
    if model.news_sources.iter().any(|s| s.url == url) {
        return refuse(model, Text::FeedAlreadyThere(url));
    }
    let add = Command::new(move |ctx| async move {
        let now = ctx.request_from_shell(NowRequest).await.0;
        let source = new_source(url.clone(), NewsSourceKind::Feed, None, None, true, now);
        let result = store::save_news_source(&ctx, source).await.map(|()| Text::FeedAdded(url)).map_err(Failure::from);
        let added = result.is_ok();
        ctx.send_event(Event::LocalChangeDone(result));
        if added {
            ctx.send_event(Event::NewsSourcesChanged);
        }
    });
    Command::all([add, render()])
}

fn new_source(
    url: String,
    kind: NewsSourceKind,
    language: Option<String>,
    title: Option<String>,
    added_by_member: bool,
    now: i64,
) -> NewsSource {
    NewsSource {
        url,
        kind,
        language,
        title,
        added_by_member,
        added_at: now,
        state: SourceState::default(),
        next_poll: Some(now),
        last_error: None,
    }
}

/// The Nextcloud root of the account (`https://cloud.nubo.coop`, or with
/// its sub-path), when its DAV lives under `/remote.php/dav/`.
pub fn nextcloud_root(account: &Account) -> Option<String> {
    let principal = &account.principal_url;
    let at = principal.find("/remote.php/dav/")?;
    same_origin(principal, &account.server_url).then(|| principal[..at].to_string())
}

/// At sign-in (run before the first poll): the Announcement Center on a
/// Nextcloud account, and the feeds the account domain's home page
/// advertises (the member's language first). The home page is asked
/// without credentials. Sources already kept stay as they are.
/// Returns how many sources were new, and the domain whose home page could
/// not be read, if so.
async fn add_discovered(
    ctx: &Ctx,
    account: &Account,
    language: &str,
) -> Result<(u32, Option<String>), crate::effects::store::StoreError> {
    let (found, unread) = discover(ctx, account, language).await;
    if found.is_empty() {
        return Ok((0, unread));
    }
    let known = store::news_sources(ctx).await?;
    let mut added = 0;
    for source in found.into_iter().filter(|s| !known.iter().any(|k| k.url == s.url)) {
        store::save_news_source(ctx, source).await?;
        added += 1;
    }
    Ok((added, unread))
}

/// The sources found, and the domain whose home page could not be read.
async fn discover(ctx: &Ctx, account: &Account, language: &str) -> (Vec<NewsSource>, Option<String>) {
    let now = ctx.request_from_shell(NowRequest).await.0;
    let mut found = Vec::new();
    if let Some(root) = nextcloud_root(account) {
        found.push(new_source(format!("{root}{ANNOUNCEMENTS_PATH}"), NewsSourceKind::Ocs, None, None, false, now));
    }
    let Some(domain) = account.email.rsplit_once('@').map(|(_, d)| d.trim().trim_end_matches('.').to_ascii_lowercase())
    else {
        return (found, None);
    };
    if domain.is_empty() {
        return (found, None);
    }
    let Some((page, body)) = get_plain(ctx, &format!("https://{domain}/"), "text/html", discover::MAX_PAGE_BYTES).await
    else {
        return (found, Some(domain));
    };
    let mut feeds = discover_feeds(&page, &body);
    // The member's language first, then the others, in the page's order.
    feeds.sort_by_key(|f| !f.language.as_deref().is_some_and(|l| same_language(l, language)));
    // The cooperative publishes the same news in several formats: one feed
    // per language is enough (the first the page names).
    let mut languages: Vec<Option<String>> = Vec::new();
    for feed in feeds {
        let language = feed.language.as_deref().map(|l| l.split('-').next().unwrap_or(l).to_string());
        if languages.contains(&language) {
            continue;
        }
        languages.push(language);
        if check_transport(&feed.url).is_ok() {
            found.push(new_source(feed.url, NewsSourceKind::Feed, feed.language, feed.title, false, now));
        }
    }
    (found, None)
}

use crate::announcements::discover;

/// Whether two language tags share their primary language (`nl-be`, `nl`).
pub fn same_language(a: &str, b: &str) -> bool {
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    primary(a) == primary(b)
}

/// A GET without credentials, following redirects on the same origin only,
/// never https → http; the final URL and the body of a 2xx answer.
async fn get_plain(ctx: &Ctx, url: &str, accept: &str, limit: usize) -> Option<(String, Vec<u8>)> {
    let mut url = url.to_string();
    for _ in 0..=poll::MAX_REDIRECTS {
        check_transport(&url).ok()?;
        let response =
            ctx.request_from_shell(HttpRequest::new("GET", url.clone()).header("Accept", accept)).await.ok()?;
        match response.status {
            200..=299 if response.body.len() <= limit => return Some((url, response.body)),
            301 | 302 | 303 | 307 | 308 => {
                let to = response.header_value("Location").and_then(|l| resolve(&url, l))?;
                if !same_origin(&url, &to) || is_downgrade(&url, &to) {
                    return None;
                }
                url = to;
            }
            _ => return None,
        }
    }
    None
}

/// Fetches the announcement's calendar file (no credentials: another
/// site) and saves its event, under a new UID, in the chosen calendar (or
/// the first writable one) through the normal event path.
async fn add_to_agenda(
    ctx: &Ctx,
    attachment: &EventAttachment,
    calendar: Option<&str>,
    calendars: &[Collection],
    zone: chrono_tz::Tz,
) -> Result<Result<Text, Text>, Failure> {
    let chosen = match calendar {
        Some(wanted) => calendars.iter().find(|c| c.href == wanted || c.display_name == wanted),
        None => calendars.iter().find(|c| !c.read_only),
    };
    let Some(chosen) = chosen.cloned() else { return Ok(Err(Text::NoCalendar)) };
    if chosen.read_only {
        return Ok(Err(Text::ReadOnlyCalendar));
    }
    let Some((_, body)) = get_plain(ctx, &attachment.url, "text/calendar", MAX_ICS_BYTES).await else {
        return Ok(Err(Text::AnnouncementEventUnreadable(attachment.url.clone())));
    };
    let Ok(text) = String::from_utf8(body) else {
        return Ok(Err(Text::AnnouncementEventUnreadable("UTF-8".into())));
    };
    // A calendar object resource carries no METHOD (RFC 4791 §4.1).
    let text: String =
        text.split_inclusive('\n').filter(|line| !line.to_ascii_uppercase().starts_with("METHOD:")).collect();
    if let Err(e) = event_index(&text) {
        return Ok(Err(Text::AnnouncementEventUnreadable(e.to_string())));
    }
    let now = super::instant(ctx.request_from_shell(NowRequest).await.0);
    let uid = ctx.request_from_shell(NewUid).await;
    let data = event_edit::with_uid(&text, &uid, zone, now);
    let index = match event_index(&data) {
        Ok(index) => index,
        Err(e) => return Ok(Err(Text::AnnouncementEventUnreadable(e.to_string()))),
    };
    store::save_item(ctx, None, chosen.href.clone(), data, ItemIndex::Event(index)).await?;
    Ok(Ok(Text::AnnouncementAddedToAgenda(chosen.display_name)))
}

#[cfg(test)]
mod tests;
