//! Pushing the outbox: creates with `If-None-Match: *`, edits and deletes
//! with `If-Match: <etag>`. A conflict keeps both versions: the server's
//! becomes the item, the member's is kept for them to choose.

use super::fetch::{fetch_one, strong_etag};
use super::plan::{member_of, push_answer, PushAnswer};
use super::{Engine, Progress, SyncReport};
use crate::dav::client::check_status;
use crate::effects::store::{command as store, ChangeKind, Collection, OutboxItem, PullBatch, PushOutcome, RemoteItem};
use crate::effects::HttpRequest;
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

/// Pushes a collection's outbox; also says how many changes it held.
pub async fn push<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    report: &mut SyncReport,
) -> Result<(Again, usize), Failure> {
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
    Ok((again, total))
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
        None => Some(collection.kind.behaviour().new_resource_url(&collection.href, &item.uid)),
    }
}

async fn push_one<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    item: &OutboxItem,
    report: &mut SyncReport,
) -> Result<Pushed, Failure> {
    if item.kind != ChangeKind::Create && item.href.is_none() {
        return Ok(Pushed::Skip);
    }
    let Some(href) = target(collection, item) else {
        report.out_of_scope += 1;
        return Ok(Pushed::Skip);
    };
    let kind = collection.kind.behaviour();
    let ours = |remote: &RemoteItem| kind.same_item(&remote.data, &item.data);
    // An earlier push of the member's whose answer never came.
    let sent_earlier = |remote: &RemoteItem| item.sent.iter().any(|sent| kind.same_item(&remote.data, sent));
    let mut etag = item.etag.clone();
    // Twice at most: again only once the server turned out to hold the
    // member's own earlier version, against that version's etag.
    for attempt in 0..2 {
        let request = match (item.kind, &etag) {
            (ChangeKind::Create, None) => put(collection, &href, &item.data).header("If-None-Match", "*"),
            (ChangeKind::Create | ChangeKind::Update, Some(etag)) => {
                put(collection, &href, &item.data).header("If-Match", etag.clone())
            }
            (ChangeKind::Delete, Some(etag)) => HttpRequest::new("DELETE", &href).header("If-Match", etag.clone()),
            // Sent once without an answer, then deleted: what is there?
            (ChangeKind::Delete, None) if !item.sent.is_empty() && attempt == 0 => {
                match fetch_one(engine, collection, &href, report).await? {
                    None => return Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id })),
                    Some(remote) if sent_earlier(&remote) && remote.etag.is_some() => {
                        etag = remote.etag;
                        continue;
                    }
                    Some(remote) => return Ok(Pushed::ServerWins(remote)),
                }
            }
            (ChangeKind::Update | ChangeKind::Delete, None) => return Ok(Pushed::Skip),
        };
        if item.kind != ChangeKind::Delete {
            store::push_sending(engine.ctx, item.item_id, &href, &item.data).await?;
        }
        let (response, _) = engine.client.send(engine.ctx, request).await?;
        match (push_answer(item.kind, response.status), item.kind) {
            (PushAnswer::Accepted, ChangeKind::Delete) | (PushAnswer::AlreadyGone, _) => {
                return Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id }))
            }
            (PushAnswer::Accepted, _) => return Ok(Pushed::Outcome(stored(item, href, strong_etag(&response)))),
            (PushAnswer::Failed, _) => return Err(check_status(response).unwrap_err().into()),
            // Not the copy the change was made against (or, on a create,
            // already there: our own earlier push, or someone else's).
            (PushAnswer::Conflict, _) => {}
        }
        let server = fetch_one(engine, collection, &href, report).await?;
        match (server, item.kind) {
            (None, ChangeKind::Delete) => return Ok(Pushed::Outcome(PushOutcome::Deleted { item_id: item.item_id })),
            (Some(remote), ChangeKind::Create | ChangeKind::Update) if ours(&remote) => {
                return Ok(Pushed::Outcome(stored(item, href, remote.etag)))
            }
            (Some(remote), _) if attempt == 0 && sent_earlier(&remote) && remote.etag.is_some() => {
                etag = remote.etag;
            }
            // The member deleted it but the server changed it: the newer
            // server version is kept, as in a pull.
            (Some(remote), ChangeKind::Delete) => return Ok(Pushed::ServerWins(remote)),
            (server, _) => {
                let now = engine.now().await;
                return Ok(Pushed::Outcome(PushOutcome::Conflict { item_id: item.item_id, server, now }));
            }
        }
    }
    // Not reached (the second try always ends above); left for the next sync.
    Ok(Pushed::Skip)
}

fn stored(item: &OutboxItem, href: String, etag: Option<String>) -> PushOutcome {
    PushOutcome::Stored { item_id: item.item_id, revision: item.revision, href, etag }
}
