//! Renames and changes of folder (notes): one MOVE each, before any folder
//! is pulled, so that no listing sees a file at both places.
//!
//! `If-Match` tells whether the server's text is still the one the member
//! saw; if not, the file is moved anyway (a rename never changes a text)
//! and the pull brings the server's text to the new name.

use super::plan::member_of;
use super::{Engine, SyncReport};
use crate::dav::client::{check_status, propfind, RemoteError};
use crate::dav::xml::{body, parse_multistatus};
use crate::effects::store::{command as store, Collection, MoveOutcome, PendingMove};
use crate::effects::HttpRequest;
use crate::failure::Failure;
use crate::kinds::ItemKind;

/// Sends the kind's pending moves; says which folders they touched (their
/// listings from the walk are stale).
pub async fn send<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    kind: ItemKind,
    folders: &[Collection],
    report: &mut SyncReport,
) -> Result<Vec<String>, Failure> {
    let mut touched = Vec::new();
    for pending in store::pending_moves(engine.ctx, kind).await? {
        // Both ends inside a folder of this kind, whatever the store holds.
        let folder_of =
            |href: &str| folders.iter().find(|f| member_of(&f.href, href).is_some()).map(|f| f.href.clone());
        let (Some(from), Some(to)) = (folder_of(&pending.from), folder_of(&pending.to)) else {
            report.out_of_scope += 1;
            continue;
        };
        match move_one(engine, &pending).await {
            Ok(outcome) => {
                store::move_done(engine.ctx, outcome).await?;
                report.pushed += 1;
                touched.extend([from, to]);
            }
            Err(e) if super::stops_everything(&e) => return Err(e),
            // Refused for this file only (a folder not writable, the name
            // taken): said, left to wait; the rest goes on.
            Err(failure) => {
                let file = crate::kinds::file_name(&pending.from);
                let name = percent_encoding::percent_decode_str(&file).decode_utf8_lossy().into_owned();
                report.failed.push(super::CollectionFailure { collection: name, failure });
            }
        }
    }
    Ok(touched)
}

fn request(pending: &PendingMove, guarded: bool) -> HttpRequest {
    let request =
        HttpRequest::new("MOVE", &pending.from).header("Destination", pending.to.clone()).header("Overwrite", "F");
    match (&pending.etag, guarded) {
        (Some(etag), true) => request.header("If-Match", etag.clone()),
        _ => request,
    }
}

async fn move_one<Ev: Send + 'static>(engine: &Engine<'_, Ev>, pending: &PendingMove) -> Result<MoveOutcome, Failure> {
    let item_id = pending.item_id;
    let (response, _) = engine.client.send(engine.ctx, request(pending, true)).await?;
    // Nextcloud says the moved file's etag in OC-ETag; others may in ETag.
    let told = ["OC-ETag", "ETag"]
        .iter()
        .find_map(|h| response.header_value(h))
        .filter(|e| !e.starts_with("W/"))
        .map(str::to_string);
    let server_changed = match response.status {
        201 | 204 => false,
        404 | 410 => return Ok(MoveOutcome::SourceGone { item_id }),
        // The text changed on the server (or, with Overwrite: F, the name
        // is taken): unguarded, a second 412 can only mean the name.
        412 => {
            let (again, _) = engine.client.send(engine.ctx, request(pending, false)).await?;
            match again.status {
                201 | 204 => true,
                404 | 410 => return Ok(MoveOutcome::SourceGone { item_id }),
                _ => return Err(check_status(again).unwrap_err().into()),
            }
        }
        _ => return Err(check_status(response).unwrap_err().into()),
    };
    let etag = match (server_changed, told) {
        (true, _) => None,
        (false, Some(etag)) => Some(etag),
        (false, None) => etag_at(engine, &pending.to).await?,
    };
    Ok(MoveOutcome::Moved { item_id, etag, server_changed })
}

/// The etag of the file now at `href` (servers may change it on a MOVE:
/// some derive it from the path).
async fn etag_at<Ev: Send + 'static>(engine: &Engine<'_, Ev>, href: &str) -> Result<Option<String>, RemoteError> {
    let response = engine.client.send_ok(engine.ctx, propfind(href, "0", body::etag_listing(false))).await?;
    Ok(parse_multistatus(&response.body)?.responses.into_iter().find_map(|r| r.props.etag))
}
