//! Downloading resources: a multiget REPORT per batch, or one GET each,
//! as the kind says. Every answer is scoped to the collection again.

use super::plan::{members_of, Received};
use super::{Engine, SyncReport};
use crate::dav::client::{check_status, report, RemoteError};
use crate::dav::url::path_of;
use crate::dav::xml::{for_each_response, http_date, DavProps, DavResponse};
use crate::effects::store::{Collection, RemoteItem};
use crate::effects::{HttpRequest, HttpResponse};
use crate::kinds::{index_remote, Fetch, Kind};

/// A weak etag cannot guard a later If-Match: treat it as unknown.
pub fn strong_etag(response: &HttpResponse) -> Option<String> {
    response.header_value("ETag").filter(|e| !e.starts_with("W/")).map(str::to_string)
}

/// A resource as received, indexed; unreadable ones are counted, kept.
fn remote_item(
    kind: &dyn Kind,
    href: String,
    etag: Option<String>,
    data: String,
    report: &mut SyncReport,
) -> RemoteItem {
    let (index, unreadable) = index_remote(kind, &href, &data);
    report.unreadable += u32::from(unreadable);
    RemoteItem { href, etag, data, index }
}

/// GET requests in flight at once for kinds fetched one resource at a
/// time (notes): on a phone's network their round trips overlap, and a
/// server with several workers (Nextcloud's PHP) answers them together.
pub const GETS_IN_FLIGHT: usize = 4;

/// The resources at `hrefs` (canonical members of the collection), with
/// what was counted on the way (unreadable, out of scope).
pub async fn fetch_batch<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    hrefs: &[String],
) -> Result<(Vec<RemoteItem>, SyncReport), RemoteError> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let mut counted = SyncReport::default();
    let kind = collection.kind.behaviour();
    let Fetch::Multiget { body, data, .. } = kind.fetch() else {
        // Owned hrefs: a future borrowing its item trips the compiler's
        // higher-ranked lifetimes in a Send command.
        let fetched: Vec<(Option<RemoteItem>, SyncReport)> = stream::iter(hrefs.to_vec())
            .map(|href| async move {
                let mut counted = SyncReport::default();
                Ok::<_, RemoteError>((fetch_one(engine, collection, &href, &mut counted).await?, counted))
            })
            .buffered(GETS_IN_FLIGHT)
            .try_collect()
            .await?;
        let mut items = Vec::with_capacity(hrefs.len());
        for (item, one) in fetched {
            counted.count(&one);
            items.extend(item);
        }
        return Ok((items, counted));
    };
    let paths: Vec<String> = hrefs.iter().filter_map(|h| path_of(h)).collect();
    let response = engine.client.send_ok(engine.ctx, report(&collection.href, "1", body(&paths))).await?;
    let mut answered = Vec::with_capacity(hrefs.len());
    for_each_response(&response.body, |r| {
        answered.push(received(data, r));
        Ok(())
    })?;
    let items = received_items(collection, hrefs, answered, &mut counted);
    Ok((items, counted))
}

/// What a multiget or query response holds of its resource; `data` is
/// the kind's (see [`Fetch::Multiget`]).
pub fn received(data: fn(DavProps) -> Option<String>, r: DavResponse) -> Received {
    let (etag, not_utf8) = (r.props.etag.clone(), r.props.data_not_utf8);
    Received { href: r.href, etag, data: data(r.props), not_utf8 }
}

/// The resources at `hrefs` out of multiget or query answers; anything
/// else an answer holds is counted, never kept. A response without the
/// resource's data gives no item.
pub fn received_items(
    collection: &Collection,
    hrefs: &[String],
    answered: Vec<Received>,
    report_: &mut SyncReport,
) -> Vec<RemoteItem> {
    let kind = collection.kind.behaviour();
    let mut items = Vec::with_capacity(hrefs.len());
    let in_collection = members_of(&collection.href);
    // A set: a first query's answer is applied a thousand at a time.
    let asked: std::collections::HashSet<&str> = hrefs.iter().map(String::as_str).collect();
    for r in answered {
        // Only what was asked for: a multiget answer cannot add resources.
        let Some(href) = in_collection(&r.href).filter(|h| asked.contains(h.as_str())) else {
            report_.out_of_scope += 1;
            continue;
        };
        let Some(text) = r.data else { continue };
        if r.not_utf8 {
            // Decoded with replacement characters: kept and findable, but
            // never read as the member's data (nor pushed back as such).
            report_.unreadable += 1;
            let index = kind.unreadable_index(&crate::kinds::file_name(&href));
            items.push(RemoteItem { href, etag: r.etag, data: text, index });
            continue;
        }
        items.push(remote_item(kind, href, r.etag, text, report_));
    }
    items
}

/// One resource by GET; `None` when the server no longer has it.
pub async fn fetch_one<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    collection: &Collection,
    href: &str,
    report_: &mut SyncReport,
) -> Result<Option<RemoteItem>, RemoteError> {
    let (response, _) = engine.client.send(engine.ctx, HttpRequest::new("GET", href)).await?;
    match response.status {
        404 | 410 => Ok(None),
        _ => {
            let response = check_status(response)?;
            let kind = collection.kind.behaviour();
            let etag = strong_etag(&response);
            let modified = response.header_value("Last-Modified").and_then(http_date);
            let mut item = match String::from_utf8(response.body) {
                Ok(text) => remote_item(kind, href.to_string(), etag, text, report_),
                Err(bytes) => {
                    // Kept (lossily decoded) and findable, never read as
                    // the member's text nor pushed back as such.
                    report_.unreadable += 1;
                    let text = String::from_utf8_lossy(bytes.as_bytes()).into_owned();
                    let index = kind.unreadable_index(&crate::kinds::file_name(href));
                    RemoteItem { href: href.to_string(), etag, data: text, index }
                }
            };
            item.index = item.index.with_modified(modified);
            Ok(Some(item))
        }
    }
}
