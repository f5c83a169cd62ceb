//! Listing what changed on the server: RFC 6578 sync-collection from the
//! stored token, or getctag + a Depth-1 etag listing for servers without it.

use url::Url;

use super::plan::Listing;
use super::Engine;
use crate::dav::client::{check_status, propfind, report, RemoteError};
use crate::dav::url::{canonical, resolve_on};
use crate::dav::xml::{body, for_each_response, parse_error_condition, parse_multistatus, DavResponse};
use crate::effects::store::Collection;
use crate::i18n::Limit;
use crate::kinds::Fetch;

/// Rounds of "507: ask again" one sync follows. A real server pages a few
/// times; a hostile one would page forever.
pub const MAX_SYNC_ROUNDS: usize = 50;

/// Changes one collection may list in one sync (over all its pages): five
/// times the largest collection a cooperative member has.
pub const MAX_LISTED: usize = 100_000;

/// The changes since the last complete pull; `None` when the collection
/// did not change (or nothing can be listed).
pub async fn changes<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
) -> Result<Option<Listing>, RemoteError> {
    // A getctag that has not moved since the last complete pull means
    // nothing changed: one Depth-0 PROPFIND instead of a listing (a
    // sync-collection REPORT some servers, Radicale, answer by recording
    // the collection's whole state). Read before the listing or the data,
    // so a change made meanwhile is seen next time.
    let ctag = ctag(engine, collection).await?;
    if ctag.is_some() && ctag == collection.ctag {
        return Ok(None);
    }
    // Never pulled whole: the member's data first, the token later. The
    // first sync-collection is what costs a server most; it is asked when
    // the getctag first moves, and that full listing's etags catch
    // whatever changed after this query. Without a getctag there would be
    // no "later": the token comes now.
    let first_pull = collection.sync_token.is_none() && collection.ctag.is_none();
    if first_pull && ctag.is_some() {
        if let Some(listing) = everything(engine, collection).await? {
            return Ok(Some(Listing { ctag, ..listing }));
        }
    }
    if !collection.supports_sync {
        return by_etags(engine, collection, ctag).await.map(Some);
    }
    match by_sync_token(engine, collection).await? {
        Some(listing) => Ok(Some(Listing { ctag, ..listing })),
        None => by_etags(engine, collection, ctag).await.map(Some),
    }
}

/// RFC 6578. `Ok(None)` when the server turns out not to support it.
async fn by_sync_token<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
) -> Result<Option<Listing>, RemoteError> {
    let mut token = collection.sync_token.clone();
    let mut listing = Listing { complete: token.is_none(), ..Default::default() };
    let this = canonical(&collection.href);
    let mut rounds = 0;
    loop {
        rounds += 1;
        if rounds > MAX_SYNC_ROUNDS {
            return Err(RemoteError::TooMuch(Limit::Pages(MAX_SYNC_ROUNDS)));
        }
        let request = report(&collection.href, "0", body::sync_collection(token.as_deref()));
        let (response, _) = engine.client.send(engine.ctx, request).await?;
        match response.status {
            207 => {}
            403 | 409 | 400 => {
                let condition = parse_error_condition(&response.body);
                if condition.as_deref() == Some("DAV:valid-sync-token") && token.is_some() {
                    // Token expired: list everything again, keep local edits.
                    token = None;
                    listing = Listing { complete: true, ..Default::default() };
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
        let mut more = false;
        let sync_token = for_each_response(&response.body, |r| {
            if crate::dav::url::resolve(&collection.href, &r.href) == this {
                // RFC 6578 §3.6: 507 on the collection means "ask again".
                more |= r.status == Some(507);
                return Ok(());
            }
            match r.status {
                Some(404) | Some(410) => listing.deleted.push(r.href),
                _ => listing.changed.push((r.href, r.props.etag)),
            }
            Ok(())
        })?;
        if listing.changed.len() + listing.deleted.len() > MAX_LISTED {
            return Err(RemoteError::TooMuch(Limit::Items(MAX_LISTED)));
        }
        let new_token =
            sync_token.ok_or_else(|| RemoteError::BadResponse("sync-collection without sync-token".into()))?;
        // The same token twice: the server makes no progress; stop here.
        let repeated = token.as_deref() == Some(new_token.as_str());
        token = Some(new_token);
        if !more || repeated {
            break;
        }
    }
    listing.sync_token = token;
    Ok(Some(listing))
}

/// Every resource of the collection with its data, in one query.
/// `Ok(None)` when the kind has no such query, the server will not answer
/// it whole (refused, too large, too many entries) or answers nothing: the
/// caller then lists as it would have.
async fn everything<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
) -> Result<Option<Listing>, RemoteError> {
    let Fetch::Multiget { query_all, .. } = collection.kind.behaviour().fetch() else { return Ok(None) };
    let response = match engine.client.send(engine.ctx, report(&collection.href, "1", query_all())).await {
        Ok((response, _)) => response,
        Err(RemoteError::TooMuch(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    match response.status {
        207 => {}
        401 | 429 | 503 => return Err(check_status(response).unwrap_err()),
        _ => return Ok(None),
    }
    let own = OwnEntries::of(collection);
    let mut listing = Listing { complete: true, ..Default::default() };
    // Here only what each resource is; its data is read when applied.
    let read = for_each_response(&response.body, |r| {
        if !own.holds(&r) && !matches!(r.status, Some(404 | 410)) {
            listing.changed.push((r.href, r.props.etag));
        }
        Ok(())
    });
    // Nothing at all is checked by a listing: a server that ignores the
    // query's body would otherwise make the collection look empty until
    // its getctag moves.
    if read.is_err() || listing.changed.is_empty() {
        return Ok(None);
    }
    listing.answer = response.body;
    Ok(Some(listing))
}

async fn ctag<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
) -> Result<Option<String>, RemoteError> {
    let response = engine.client.send_ok(engine.ctx, propfind(&collection.href, "0", body::collection_state())).await?;
    Ok(parse_multistatus(&response.body)?.responses.iter().find_map(|r| r.props.ctag.clone()))
}

/// A full etag listing (servers without RFC 6578), committed with the
/// getctag read before it.
async fn by_etags<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    ctag: Option<String>,
) -> Result<Listing, RemoteError> {
    let max = collection.kind.behaviour().max_size();
    let listing = body::etag_listing(max.is_some());
    let response = engine.client.send_ok(engine.ctx, propfind(&collection.href, "1", listing)).await?;
    let status = parse_multistatus(&response.body)?;
    let own = OwnEntries::of(collection);
    let mut listing = Listing { complete: true, ctag, ..Default::default() };
    for r in status.responses {
        if own.holds(&r) {
            continue;
        }
        if let (Some(max), Some(bytes)) = (max, r.props.content_length) {
            if bytes > max {
                listing.oversized.push((r.href.clone(), bytes));
            }
        }
        listing.changed.push((r.href, r.props.etag));
    }
    Ok(listing)
}

/// The collection itself or a folder inside it, as a Depth-1 answer lists
/// them beside the resources: neither is a resource to sync.
struct OwnEntries {
    /// The collection's URL, parsed once for every entry of the answer.
    base: Option<Url>,
    /// Its canonical form.
    this: Option<String>,
}

impl OwnEntries {
    fn of(collection: &Collection) -> Self {
        OwnEntries { base: Url::parse(&collection.href).ok(), this: canonical(&collection.href) }
    }

    fn holds(&self, r: &DavResponse) -> bool {
        r.props.resource_types.iter().any(|t| t == "DAV:collection")
            || self.base.as_ref().and_then(|base| resolve_on(base, &r.href)) == self.this
    }
}
