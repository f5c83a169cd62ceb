//! Pushing the outbox: creates with `If-None-Match: *`, edits and deletes
//! with `If-Match: <etag>`. A conflict keeps both versions: the server's
//! becomes the item, the member's is kept for them to choose.

use super::fetch::{fetch_one, strong_etag};
use super::plan::{member_of, push_answer, PushAnswer};
use super::{Engine, Progress, SyncReport};
use crate::dav::client::{check_status, RemoteError};
use crate::dav::url::member_url;
use crate::effects::store::{command as store, ChangeKind, Collection, OutboxItem, PullBatch, PushOutcome, RemoteItem};
use crate::effects::{HttpRequest, HttpResponse};
use crate::failure::Failure;

enum Pushed {
    Outcome(PushOutcome),
    /// The member deleted it but the server changed it: the server's newer
    /// version is kept (applied like a pull).
    ServerWins(RemoteItem),
    /// Not pushable yet (no etag known): the next pull learns it.
    Skip,
}

/// Whether a push left new work for another round now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Again {
    Yes,
    No,
}

pub async fn push<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    report: &mut SyncReport,
) -> Result<Again, Failure> {
    let items = store::outbox(engine.ctx, &collection.href).await?;
    let total = items.len();
    let mut again = Again::No;
    for (done, item) in items.into_iter().enumerate() {
        engine.report(Progress::Pushing { done, total });
        match push_one(engine, collection, &item, report).await? {
            Pushed::Outcome(outcome) => {
                // Only what the server took counts as sent; a conflict is
                // counted as one, and an edit of something the server
                // deleted becomes a create for the next round.
                match &outcome {
                    PushOutcome::Stored { .. } | PushOutcome::Deleted { .. } => report.pushed += 1,
                    PushOutcome::Conflict { server: Some(_), .. } => report.applied.conflicts += 1,
                    PushOutcome::Conflict { server: None, .. } => again = Again::Yes,
                }
                store::push_done(engine.ctx, outcome).await?;
            }
            Pushed::ServerWins(remote) => {
                let batch = PullBatch::upserts(&collection.href, vec![remote], engine.now().await);
                report.add(&store::apply_pull(engine.ctx, batch).await?);
            }
            Pushed::Skip => {}
        }
    }
    Ok(again)
}

fn put(collection: &Collection, url: &str, data: &str) -> HttpRequest {
    HttpRequest::new("PUT", url)
        .header("Content-Type", collection.kind.behaviour().media_type())
        .body(data.as_bytes().to_vec())
}

/// The URL the change goes to: never outside the collection, whatever
/// the store holds (an href learnt from an older, unscoped version).
fn target(collection: &Collection, item: &OutboxItem) -> Option<String> {
    match &item.href {
        Some(href) => member_of(&collection.href, href),
        None => Some(member_url(&collection.href, &item.uid, collection.kind.behaviour().extension())),
    }
}

async fn push_one<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    item: &OutboxItem,
    report: &mut SyncReport,
) -> Result<Pushed, RemoteError> {
    if item.kind != ChangeKind::Create && item.href.is_none() {
        return Ok(Pushed::Skip);
    }
    let Some(href) = target(collection, item) else {
        report.out_of_scope += 1;
        return Ok(Pushed::Skip);
    };
    let request = match (item.kind, &item.etag) {
        (ChangeKind::Create, _) => put(collection, &href, &item.data).header("If-None-Match", "*"),
        (ChangeKind::Update, Some(etag)) => put(collection, &href, &item.data).header("If-Match", etag.clone()),
        (ChangeKind::Delete, Some(etag)) => HttpRequest::new("DELETE", &href).header("If-Match", etag.clone()),
        (_, None) => return Ok(Pushed::Skip),
    };
    let (response, _) = engine.client.send(engine.ctx, request).await?;
    match (push_answer(item.kind, response.status), item.kind) {
        (PushAnswer::Accepted, ChangeKind::Delete) | (PushAnswer::AlreadyGone, _) => {
            Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id }))
        }
        (PushAnswer::Accepted, _) => Ok(Pushed::Outcome(stored(item, href, &response))),
        (PushAnswer::Conflict, ChangeKind::Delete) => match fetch_one(engine, collection, &href, report).await? {
            Some(remote) => Ok(Pushed::ServerWins(remote)),
            None => Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id })),
        },
        // Already there on a create: our own earlier push that a crash
        // kept us from recording, or someone else's resource.
        (PushAnswer::Conflict, _) => on_precondition_failed(engine, collection, item, &href, report).await,
        (PushAnswer::Failed, _) => Err(check_status(response).unwrap_err()),
    }
}

fn stored(item: &OutboxItem, href: String, response: &HttpResponse) -> PushOutcome {
    PushOutcome::Stored { item_id: item.item_id, revision: item.revision, href, etag: strong_etag(response) }
}

/// The server's copy differs from what the member edited: keep both.
async fn on_precondition_failed<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    item: &OutboxItem,
    href: &str,
    report: &mut SyncReport,
) -> Result<Pushed, RemoteError> {
    let server = fetch_one(engine, collection, href, report).await?;
    if let Some(remote) = &server {
        if collection.kind.behaviour().same_item(&remote.data, &item.data) {
            return Ok(Pushed::Outcome(PushOutcome::Stored {
                item_id: item.item_id,
                revision: item.revision,
                href: href.to_string(),
                etag: remote.etag.clone(),
            }));
        }
    }
    Ok(Pushed::Outcome(PushOutcome::Conflict { item_id: item.item_id, server, now: engine.now().await }))
}
