//! The sync engine for CardDAV address books and CalDAV calendars alike,
//! one collection at a time:
//! push the outbox (If-Match / If-None-Match) → list changes (RFC 6578
//! sync-collection, or getctag + etag listing) → multiget in batches →
//! apply each batch to the store in one transaction → commit the sync token
//! last. A crash anywhere leaves the old token, so the next run lists the
//! same changes again and skips what already arrived (equal etags): no
//! duplicates, no losses.

use std::collections::HashMap;

pub mod kinds;

use crate::app::Event;
use crate::dav::client::{check_status, propfind, report, Ctx, DavClient, RemoteError};
use crate::dav::url::{member_url, path_of, resolve};
use crate::dav::xml::{body, parse_error_condition, parse_multistatus};
use crate::effects::store::{
    ApplySummary, ChangeKind, ItemKind, OutboxItem, PullBatch, PushOutcome, RemoteItem, StoreRequest, StoreResponse,
};
use crate::effects::{HttpRequest, HttpResponse, NowRequest};
pub use kinds::Collection;
use kinds::{data_of, extension, media_type, multiget_body, remote_item, same_item};

/// Resources per multiget: small enough for slow phones and proxies with
/// body limits, large enough to keep round trips few.
pub const MULTIGET_BATCH: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Pushing { done: usize, total: usize },
    Listing { collection: String },
    Fetching { done: usize, total: usize },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub applied: ApplySummary,
    pub pushed: u32,
    /// Server resources that are not valid vCards or iCalendar: stored as
    /// they are.
    pub unreadable: u32,
}

impl SyncReport {
    fn add(&mut self, s: &ApplySummary) {
        self.applied.added += s.added;
        self.applied.updated += s.updated;
        self.applied.deleted += s.deleted;
        self.applied.conflicts += s.conflicts;
    }
}

pub async fn store(ctx: &Ctx<Event>, request: StoreRequest) -> Result<StoreResponse, RemoteError> {
    match ctx.request_from_shell(request).await {
        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
        other => Ok(other),
    }
}

async fn now(ctx: &Ctx<Event>) -> i64 {
    ctx.request_from_shell(NowRequest).await.0
}

/// Syncs every address book in the account's home set, then every calendar.
pub async fn sync_account(
    ctx: &Ctx<Event>,
    client: &DavClient,
    home: &str,
    calendar_home: Option<&str>,
) -> Result<SyncReport, RemoteError> {
    let books = crate::account::discovery::list_address_books(ctx, client, home).await?;
    store(ctx, StoreRequest::SaveAddressBooks(books)).await?;
    let StoreResponse::AddressBooks(books) = store(ctx, StoreRequest::ListAddressBooks).await? else {
        return Err(RemoteError::Store("unexpected answer".into()));
    };
    let mut report = SyncReport::default();
    for book in &books {
        sync_collection(ctx, client, &book.into(), &mut report).await?;
    }
    // Last, so a calendar problem never holds contacts back.
    if let Some(calendar_home) = calendar_home {
        let calendars = crate::account::discovery::list_calendars(ctx, client, calendar_home).await?;
        store(ctx, StoreRequest::SaveCalendars(calendars)).await?;
        let StoreResponse::Calendars(calendars) = store(ctx, StoreRequest::ListCalendars).await? else {
            return Err(RemoteError::Store("unexpected answer".into()));
        };
        for calendar in &calendars {
            sync_collection(ctx, client, &calendar.into(), &mut report).await?;
        }
    }
    Ok(report)
}

pub async fn sync_collection(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
    report: &mut SyncReport,
) -> Result<(), RemoteError> {
    if !book.read_only {
        push(ctx, client, book, report).await?;
    }
    pull(ctx, client, book, report).await
}

// ---------------------------------------------------------------- push

enum Pushed {
    Outcome(PushOutcome),
    /// The member deleted it but the server changed it: the server's newer
    /// version is kept (applied like a pull).
    ServerWins(RemoteItem),
    /// Not pushable yet (no etag known): the next pull learns it.
    Skip,
}

async fn push(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
    report: &mut SyncReport,
) -> Result<(), RemoteError> {
    let StoreResponse::Outbox(items) = store(ctx, StoreRequest::Outbox { collection: book.href.clone() }).await? else {
        return Err(RemoteError::Store("unexpected answer".into()));
    };
    let total = items.len();
    for (done, item) in items.into_iter().enumerate() {
        ctx.send_event(Event::SyncProgress(Progress::Pushing { done, total }));
        match push_one(ctx, client, book, &item).await? {
            Pushed::Outcome(outcome) => {
                store(ctx, StoreRequest::PushDone(outcome)).await?;
                report.pushed += 1;
            }
            Pushed::ServerWins(remote) => {
                let batch = PullBatch {
                    collection: book.href.clone(),
                    upserts: vec![remote],
                    now: now(ctx).await,
                    ..Default::default()
                };
                if let StoreResponse::Applied(s) = store(ctx, StoreRequest::ApplyPull(batch)).await? {
                    report.add(&s);
                }
            }
            Pushed::Skip => {}
        }
    }
    Ok(())
}

fn put(kind: ItemKind, url: &str, data: &str) -> HttpRequest {
    HttpRequest::new("PUT", url).header("Content-Type", media_type(kind)).body(data.as_bytes().to_vec())
}

/// A weak etag cannot guard a later If-Match: treat it as unknown.
fn strong_etag(response: &HttpResponse) -> Option<String> {
    response.header_value("ETag").filter(|e| !e.starts_with("W/")).map(str::to_string)
}

async fn push_one(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
    item: &OutboxItem,
) -> Result<Pushed, RemoteError> {
    let stored = |href: String, response: &HttpResponse| {
        Pushed::Outcome(PushOutcome::Stored {
            item_id: item.item_id,
            revision: item.revision,
            href,
            etag: strong_etag(response),
        })
    };
    match item.kind {
        ChangeKind::Create => {
            let href = item.href.clone().unwrap_or_else(|| member_url(&book.href, &item.uid, extension(book.kind)));
            let (response, _) =
                client.send(ctx, put(book.kind, &href, &item.data).header("If-None-Match", "*")).await?;
            match response.status {
                200..=299 => Ok(stored(href, &response)),
                // Already there: our own earlier push that a crash kept us
                // from recording, or someone else's contact.
                412 => on_precondition_failed(ctx, client, book.kind, item, &href).await,
                _ => Err(check_status(response).unwrap_err()),
            }
        }
        ChangeKind::Update => {
            let (Some(href), Some(etag)) = (&item.href, &item.etag) else { return Ok(Pushed::Skip) };
            let (response, _) =
                client.send(ctx, put(book.kind, href, &item.data).header("If-Match", etag.clone())).await?;
            match response.status {
                200..=299 => Ok(stored(href.clone(), &response)),
                412 | 404 => on_precondition_failed(ctx, client, book.kind, item, href).await,
                _ => Err(check_status(response).unwrap_err()),
            }
        }
        ChangeKind::Delete => {
            let (Some(href), Some(etag)) = (&item.href, &item.etag) else { return Ok(Pushed::Skip) };
            let request = HttpRequest::new("DELETE", href).header("If-Match", etag.clone());
            let (response, _) = client.send(ctx, request).await?;
            match response.status {
                200..=299 | 404 | 410 => Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id })),
                412 => match fetch(ctx, client, book.kind, href).await? {
                    Some(remote) => Ok(Pushed::ServerWins(remote)),
                    None => Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id })),
                },
                _ => Err(check_status(response).unwrap_err()),
            }
        }
    }
}

/// The server's copy differs from what the member edited: keep both.
async fn on_precondition_failed(
    ctx: &Ctx<Event>,
    client: &DavClient,
    kind: ItemKind,
    item: &OutboxItem,
    href: &str,
) -> Result<Pushed, RemoteError> {
    let server = fetch(ctx, client, kind, href).await?;
    if let Some(remote) = &server {
        if same_item(kind, &remote.data, &item.data) {
            return Ok(Pushed::Outcome(PushOutcome::Stored {
                item_id: item.item_id,
                revision: item.revision,
                href: href.to_string(),
                etag: remote.etag.clone(),
            }));
        }
    }
    Ok(Pushed::Outcome(PushOutcome::Conflict { item_id: item.item_id, server, now: now(ctx).await }))
}

async fn fetch(
    ctx: &Ctx<Event>,
    client: &DavClient,
    kind: ItemKind,
    href: &str,
) -> Result<Option<RemoteItem>, RemoteError> {
    let (response, _) = client.send(ctx, HttpRequest::new("GET", href)).await?;
    match response.status {
        404 | 410 => Ok(None),
        _ => {
            let response = check_status(response)?;
            let text = String::from_utf8_lossy(&response.body).into_owned();
            Ok(Some(remote_item(kind, href.to_string(), strong_etag(&response), text).0))
        }
    }
}

// ---------------------------------------------------------------- pull

/// What changed on the server since the last committed pull.
#[derive(Debug, Default)]
struct Listing {
    changed: Vec<(String, Option<String>)>,
    deleted: Vec<String>,
    /// Set after a full listing: every href the server has.
    keep_only: Option<Vec<String>>,
    sync_token: Option<String>,
    ctag: Option<String>,
}

async fn pull(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
    report: &mut SyncReport,
) -> Result<(), RemoteError> {
    ctx.send_event(Event::SyncProgress(Progress::Listing { collection: book.display_name.clone() }));
    let listing = if book.supports_sync {
        // A getctag that has not moved since the last complete pull means
        // nothing changed: one Depth-0 PROPFIND instead of a sync-collection
        // REPORT, which some servers (Radicale) answer by recording the
        // collection's whole state. Read before the listing, so a change
        // made meanwhile is seen next time.
        let ctag = collection_ctag(ctx, client, book).await?;
        if ctag.is_some() && ctag == book.ctag && book.sync_token.is_some() {
            return Ok(());
        }
        match list_by_sync_token(ctx, client, book).await? {
            Some(listing) => Listing { ctag, ..listing },
            None => match list_by_etags(ctx, client, book).await? {
                Some(listing) => listing,
                None => return Ok(()),
            },
        }
    } else {
        match list_by_etags(ctx, client, book).await? {
            Some(listing) => listing,
            None => return Ok(()),
        }
    };

    let StoreResponse::Etags(local) = store(ctx, StoreRequest::LocalEtags { collection: book.href.clone() }).await?
    else {
        return Err(RemoteError::Store("unexpected answer".into()));
    };
    let local: HashMap<String, Option<String>> = local.into_iter().map(|l| (l.href, l.etag)).collect();
    let to_fetch: Vec<String> = listing
        .changed
        .iter()
        .filter(|(href, etag)| etag.is_none() || local.get(href) != Some(etag))
        .map(|(href, _)| href.clone())
        .collect();

    let total = to_fetch.len();
    for (i, chunk) in to_fetch.chunks(MULTIGET_BATCH).enumerate() {
        ctx.send_event(Event::SyncProgress(Progress::Fetching { done: i * MULTIGET_BATCH, total }));
        let upserts = multiget(ctx, client, book, chunk, report).await?;
        let batch = PullBatch { collection: book.href.clone(), upserts, now: now(ctx).await, ..Default::default() };
        if let StoreResponse::Applied(s) = store(ctx, StoreRequest::ApplyPull(batch)).await? {
            report.add(&s);
        }
    }
    ctx.send_event(Event::SyncProgress(Progress::Fetching { done: total, total }));

    // Last: deletions and the new token, together.
    let batch = PullBatch {
        collection: book.href.clone(),
        upserts: Vec::new(),
        deletes: listing.deleted,
        keep_only: listing.keep_only,
        sync_token: listing.sync_token,
        ctag: listing.ctag,
        now: now(ctx).await,
    };
    if let StoreResponse::Applied(s) = store(ctx, StoreRequest::ApplyPull(batch)).await? {
        report.add(&s);
    }
    Ok(())
}

/// RFC 6578. `Ok(None)` when the server turns out not to support it.
async fn list_by_sync_token(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
) -> Result<Option<Listing>, RemoteError> {
    let mut token = book.sync_token.clone();
    let mut listing = Listing::default();
    let mut full = token.is_none();
    // A hostile server could page forever; a real one ends well before.
    for _ in 0..10_000 {
        let request = report(&book.href, "0", body::sync_collection(token.as_deref()));
        let (response, _) = client.send(ctx, request).await?;
        match response.status {
            207 => {}
            403 | 409 | 400 => {
                let condition = parse_error_condition(&response.body);
                if condition.as_deref() == Some("DAV:valid-sync-token") && token.is_some() {
                    // Token expired: list everything again, keep local edits.
                    token = None;
                    full = true;
                    listing = Listing::default();
                    continue;
                }
                if response.status != 409 {
                    return Ok(None);
                }
                return Err(check_status(response).unwrap_err());
            }
            501 => return Ok(None),
            _ => return Err(check_status(response).unwrap_err()),
        }
        let status = parse_multistatus(&response.body)?;
        let mut more = false;
        for r in &status.responses {
            let Some(href) = resolve(&book.href, &r.href) else { continue };
            if href == book.href {
                // RFC 6578 §3.6: 507 on the collection means "ask again".
                more |= r.status == Some(507);
                continue;
            }
            match r.status {
                Some(404) | Some(410) => listing.deleted.push(href),
                _ => listing.changed.push((href, r.props.etag.clone())),
            }
        }
        let new_token =
            status.sync_token.ok_or_else(|| RemoteError::BadResponse("sync-collection without sync-token".into()))?;
        let repeated = token.as_deref() == Some(new_token.as_str());
        token = Some(new_token);
        if !more || repeated {
            break;
        }
    }
    if full {
        listing.keep_only = Some(listing.changed.iter().map(|(h, _)| h.clone()).collect());
    }
    listing.sync_token = token;
    Ok(Some(listing))
}

async fn collection_ctag(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
) -> Result<Option<String>, RemoteError> {
    let response = client.send_ok(ctx, propfind(&book.href, "0", body::collection_state())).await?;
    Ok(parse_multistatus(&response.body)?.responses.iter().find_map(|r| r.props.ctag.clone()))
}

/// getctag + a full etag listing, for servers without RFC 6578.
/// `Ok(None)` when the ctag says nothing changed.
async fn list_by_etags(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
) -> Result<Option<Listing>, RemoteError> {
    let ctag = collection_ctag(ctx, client, book).await?;
    if ctag.is_some() && ctag == book.ctag {
        return Ok(None);
    }
    let response = client.send_ok(ctx, propfind(&book.href, "1", body::etag_listing())).await?;
    let status = parse_multistatus(&response.body)?;
    let mut listing = Listing { ctag, ..Default::default() };
    for r in &status.responses {
        let Some(href) = resolve(&book.href, &r.href) else { continue };
        if href == book.href || r.props.resource_types.iter().any(|t| t == "DAV:collection") {
            continue;
        }
        listing.changed.push((href, r.props.etag.clone()));
    }
    listing.keep_only = Some(listing.changed.iter().map(|(h, _)| h.clone()).collect());
    Ok(Some(listing))
}

async fn multiget(
    ctx: &Ctx<Event>,
    client: &DavClient,
    book: &Collection,
    hrefs: &[String],
    report_: &mut SyncReport,
) -> Result<Vec<RemoteItem>, RemoteError> {
    let paths: Vec<String> = hrefs.iter().filter_map(|h| path_of(h)).collect();
    let response = client.send_ok(ctx, report(&book.href, "1", multiget_body(book.kind, &paths))).await?;
    let status = parse_multistatus(&response.body)?;
    let mut items = Vec::with_capacity(hrefs.len());
    for r in status.responses {
        let Some(href) = resolve(&book.href, &r.href) else { continue };
        let etag = r.props.etag.clone();
        let Some(data) = data_of(book.kind, r.props) else { continue };
        let (item, unreadable) = remote_item(book.kind, href, etag, data);
        report_.unreadable += u32::from(unreadable);
        items.push(item);
    }
    Ok(items)
}
