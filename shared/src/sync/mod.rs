//! The sync engine, the same for every kind of item, one collection at a
//! time: push the outbox (If-Match / If-None-Match) → list changes
//! (RFC 6578 sync-collection, or getctag + etag listing; a first pull asks
//! for every resource's data in one query instead) → plan what to fetch →
//! fetch what the listing did not bring, in batches → apply each batch to the store in one
//! transaction → commit deletions and the sync token last. A crash
//! anywhere leaves the old token, so the next run lists the same changes
//! again and skips what already arrived (equal etags): no duplicates, no
//! losses. What differs between kinds is asked of [`crate::kinds::Kind`].
//!
//! The engine knows nothing of the app: it is generic over the event
//! type and reports progress through a function the caller gives.

pub mod collections;
mod fetch;
mod list;
mod moves;
pub mod plan;
mod push;
mod renames;

use futures::StreamExt;

use crate::dav::client::{Ctx, DavClient};
use crate::effects::store::{command as store, Account, ApplySummary, Collection, PullBatch};
use crate::effects::NowRequest;
use crate::failure::Failure;
use crate::kinds::ALL_KINDS;

/// Resources per multiget: small enough for slow phones and proxies with
/// body limits, large enough to keep round trips few.
pub const MULTIGET_BATCH: usize = 100;

/// Batches asked at once: the next is on its way while one is applied, and
/// a server with several workers answers both together. Two keep a slow
/// phone's memory to two batches in hand.
pub const BATCHES_IN_FLIGHT: usize = 2;

/// Items already in hand (a first query's answer) applied per transaction.
/// Each commit writes again every index page its batch touched, so fewer,
/// larger transactions write less: 20,000 events applied in 0.65 s instead
/// of 1.0 s with batches of 100 (the store benchmark). A crash loses at
/// most one batch's progress, fetched again by the next sync.
pub const APPLY_BATCH: usize = 1_000;

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
    /// Server resources that cannot be read: stored as they are.
    pub unreadable: u32,
    /// Hrefs the server named outside the collection: ignored.
    pub out_of_scope: u32,
    /// Collections that could not be synced while others were; each kept
    /// what it had.
    pub failed: Vec<CollectionFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionFailure {
    /// The collection's name, as the member knows it.
    pub collection: String,
    pub failure: Failure,
}

/// Failures that would meet every other collection the same way (the
/// network, the password, a busy server, the local store): the sync stops
/// there. Anything else fails one collection and the others go on.
fn stops_everything(failure: &Failure) -> bool {
    use crate::dav::client::RemoteError as R;
    match failure {
        Failure::Local(_) => true,
        Failure::Remote(e) => {
            matches!(e, R::Unauthorized | R::Unreachable(_) | R::Tls(_) | R::Server { status: 429 | 503, .. })
        }
    }
}

impl SyncReport {
    /// What a fetch counted on its own: unreadable and out of scope.
    fn count(&mut self, other: &SyncReport) {
        self.unreadable += other.unreadable;
        self.out_of_scope += other.out_of_scope;
    }

    fn add(&mut self, s: &ApplySummary) {
        self.applied.added += s.added;
        self.applied.updated += s.updated;
        self.applied.deleted += s.deleted;
        self.applied.conflicts += s.conflicts;
    }
}

/// What a sync step needs besides the collection: the context, the client
/// and how to report progress.
pub struct Engine<'a, Ev: Send + 'static> {
    pub ctx: &'a Ctx<Ev>,
    pub client: &'a DavClient,
    pub progress: fn(Progress) -> Ev,
}

impl<Ev: Send + 'static> Engine<'_, Ev> {
    fn report(&self, progress: Progress) {
        self.ctx.send_event((self.progress)(progress));
    }

    async fn now(&self) -> i64 {
        self.ctx.request_from_shell(NowRequest).await.0
    }
}

/// Syncs every collection of every kind in the account's home sets, kind
/// by kind, in [`ALL_KINDS`] order.
pub async fn sync_account<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    account: &Account,
) -> Result<SyncReport, Failure> {
    let mut report = SyncReport::default();
    let mut any_synced = false;
    let mut listed = collections::HomeListings::new();
    for kind in ALL_KINDS {
        let Some(home) = kind.behaviour().home(account) else { continue };
        let mut found = collections::find(engine.ctx, engine.client, home, kind, &mut listed).await?;
        store::save_collections(engine.ctx, kind, std::mem::take(&mut found.collections)).await?;
        let stored = store::list_collections(engine.ctx).await?;
        if kind.behaviour().layout() == crate::kinds::Layout::FolderTree {
            let folders: Vec<Collection> = stored.iter().filter(|c| c.kind == kind).cloned().collect();
            for folder in moves::send(engine, kind, &folders, &mut report).await? {
                found.listings.remove(&folder);
            }
            renames::follow(engine, kind, &found, &mut report).await?;
        }
        for collection in stored.iter().filter(|c| c.kind == kind) {
            let listed = found.listings.remove(&collection.href);
            match sync_collection_listed(engine, collection, &mut report, listed).await {
                Ok(()) => any_synced = true,
                Err(e) if stops_everything(&e) => return Err(e),
                Err(failure) => {
                    report.failed.push(CollectionFailure { collection: collection.display_name.clone(), failure })
                }
            }
        }
    }
    // Nothing synced at all: the sync failed, for the first reason.
    if !any_synced && !report.failed.is_empty() {
        return Err(report.failed.swap_remove(0).failure);
    }
    Ok(report)
}

pub async fn sync_collection<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    report: &mut SyncReport,
) -> Result<(), Failure> {
    sync_collection_listed(engine, collection, report, None).await
}

/// One collection; `listed` is what finding it already listed (a folder
/// tree's walk), used when nothing was pushed since.
async fn sync_collection_listed<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    report: &mut SyncReport,
    mut listed: Option<plan::Listing>,
) -> Result<(), Failure> {
    if !collection.read_only {
        // A second round sends at once what the first turned into creates
        // (an edit of something the server deleted meanwhile).
        let mut rounds = 0;
        loop {
            let (again, handled) = push::push(engine, collection, report).await?;
            if handled > 0 {
                // The walk's listing is older than what was just sent.
                listed = None;
            }
            if again == push::Again::No || rounds >= 1 {
                break;
            }
            rounds += 1;
        }
    }
    pull(engine, collection, report, listed).await
}

async fn pull<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    report: &mut SyncReport,
    listed: Option<plan::Listing>,
) -> Result<(), Failure> {
    engine.report(Progress::Listing { collection: collection.display_name.clone() });
    let listing = match listed {
        Some(listing) => listing,
        None => match list::changes(engine, collection).await? {
            Some(listing) => listing,
            None => return Ok(()),
        },
    };
    let kind = collection.kind.behaviour();
    let mut listing = plan::Listing {
        changed: listing.changed.into_iter().filter(|(href, _)| kind.accepts(href)).collect(),
        ..listing
    };
    let in_collection = plan::members_of(&collection.href);
    let answer = std::mem::take(&mut listing.answer);
    let local = store::local_etags(engine.ctx, &collection.href).await?;
    let local = local.into_iter().map(|l| (l.href, l.etag)).collect();
    let plan = plan::plan_incoming(&collection.href, &listing, &local);
    report.out_of_scope += plan.out_of_scope;

    // Too large to download: stored as listed, with their size.
    let oversized: std::collections::HashMap<String, u64> =
        listing.oversized.iter().filter_map(|(href, bytes)| Some((in_collection(href)?, *bytes))).collect();
    let (skipped, fetch): (Vec<String>, Vec<String>) =
        plan.fetch.into_iter().partition(|href| oversized.contains_key(href));
    if !skipped.is_empty() {
        // Their etags, as listed (only theirs: a first pull lists thousands).
        let etags: std::collections::HashMap<String, Option<String>> = listing
            .changed
            .iter()
            .filter_map(|(href, etag)| {
                in_collection(href).filter(|h| oversized.contains_key(h)).map(|h| (h, etag.clone()))
            })
            .collect();
        report.unreadable += u32::try_from(skipped.len()).unwrap_or(u32::MAX);
        let placeholders = skipped
            .into_iter()
            .map(|href| {
                let index = kind.oversized_index(&crate::kinds::file_name(&href), oversized[&href]);
                let etag = etags.get(&href).cloned().flatten();
                crate::effects::store::RemoteItem { href, etag, data: String::new(), index }
            })
            .collect();
        let batch = PullBatch::upserts(&collection.href, placeholders, engine.now().await);
        report.add(&store::apply_pull(engine.ctx, batch).await?);
    }

    // Planned: a first pull's thousands of listed hrefs and etags are not
    // held while its data is applied.
    drop((local, oversized));
    listing.changed = Vec::new();

    let total = fetch.len();
    let mut done = 0;
    // Applied from what the listing brought, in batches as fetched ones
    // are; what it lacked (no data in its answer) is fetched after.
    let to_fetch = if answer.is_empty() {
        fetch
    } else {
        apply_answer(engine, collection, &answer, fetch, &mut done, report).await?
    };
    drop(answer);
    if !to_fetch.is_empty() {
        // The next batch is on its way while one is applied; applied in
        // order. Owned chunks: see `fetch::fetch_batch`.
        let mut fetched = futures::stream::iter(to_fetch.chunks(MULTIGET_BATCH).map(<[String]>::to_vec))
            .map(|chunk| async move { (chunk.len(), fetch::fetch_batch(engine, collection, &chunk).await) })
            .buffered(BATCHES_IN_FLIGHT);
        engine.report(Progress::Fetching { done, total });
        while let Some((asked, answer)) = fetched.next().await {
            let (upserts, counted) = answer?;
            report.count(&counted);
            done += asked;
            let batch = PullBatch::upserts(&collection.href, upserts, engine.now().await);
            report.add(&store::apply_pull(engine.ctx, batch).await?);
            if done < total {
                engine.report(Progress::Fetching { done, total });
            }
        }
    }
    engine.report(Progress::Fetching { done: total, total });

    // Last: deletions and the new token, together.
    let batch = PullBatch {
        collection: collection.href.clone(),
        upserts: Vec::new(),
        deletes: plan.delete,
        keep_only: plan.keep_only,
        sync_token: listing.sync_token,
        ctag: listing.ctag,
        now: engine.now().await,
    };
    report.add(&store::apply_pull(engine.ctx, batch).await?);
    Ok(())
}

/// Applies what a first query's `answer` holds of `wanted` (canonical
/// hrefs), read again from its bytes [`APPLY_BATCH`] at a time; returns,
/// in their order, those it does not hold whole, to fetch. `done` counts
/// what was applied, for the progress.
async fn apply_answer<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    answer: &[u8],
    wanted: Vec<String>,
    done: &mut usize,
    report: &mut SyncReport,
) -> Result<Vec<String>, Failure> {
    let crate::kinds::Fetch::Multiget { data, .. } = collection.kind.behaviour().fetch() else { return Ok(wanted) };
    let in_collection = plan::members_of(&collection.href);
    let total = wanted.len();
    // Each taken once, the first time the answer holds it.
    let mut left: std::collections::HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut responses = crate::dav::xml::Responses::new(answer);
    let mut lacking = Vec::new();
    loop {
        let (mut hrefs, mut batch) = (Vec::new(), Vec::new());
        // The answer was read whole once already: an error cannot come
        // now, and if one did, whatever is left would be fetched.
        for response in responses.by_ref().map_while(Result::ok) {
            let Some(href) = in_collection(&response.href).filter(|h| left.remove(h.as_str())) else { continue };
            hrefs.push(href);
            batch.push(fetch::received(data, response));
            if hrefs.len() == APPLY_BATCH {
                break;
            }
        }
        if hrefs.is_empty() {
            break;
        }
        engine.report(Progress::Fetching { done: *done, total });
        let upserts = fetch::received_items(collection, &hrefs, batch, report);
        let applied: std::collections::HashSet<&str> = upserts.iter().map(|item| item.href.as_str()).collect();
        lacking.extend(hrefs.iter().filter(|href| !applied.contains(href.as_str())).cloned());
        *done += upserts.len();
        let batch = PullBatch::upserts(&collection.href, upserts, engine.now().await);
        report.add(&store::apply_pull(engine.ctx, batch).await?);
    }
    left.extend(lacking.iter().map(String::as_str));
    Ok(wanted.iter().filter(|href| left.contains(href.as_str())).cloned().collect())
}

#[cfg(test)]
mod tests;
