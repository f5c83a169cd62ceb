//! What the sync engine writes: pulled batches (never overwriting an
//! unsynced edit: it becomes a conflict), the outbox, and push outcomes.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::{
    ApplySummary, ChangeKind, EditedBase, ItemKind, LocalEtag, MoveOutcome, OutboxItem, PendingMove, PullBatch,
    PushOutcome, RemoteItem,
};

use super::collections::commit_pull;
use super::conflicts::{keep_local, take_kept};
use super::items::{become_create, claim_href, insert_item, remove_row, require_item, take_server_version};
use super::state::ItemState;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub fn local_etags(tx: &Transaction, collection: &str) -> Result<Vec<LocalEtag>> {
    let mut stmt = tx.prepare_cached("SELECT href, etag FROM items WHERE collection = ?1 AND href IS NOT NULL")?;
    let rows = stmt
        .query_map([collection], |r| Ok(LocalEtag { href: r.get(0)?, etag: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The renames and changes of folder of one kind still to send.
pub fn pending_moves(tx: &Transaction, kind: ItemKind) -> Result<Vec<PendingMove>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, href, move_to, etag FROM items
         WHERE kind = ?1 AND move_to IS NOT NULL AND href IS NOT NULL AND state != ?2 ORDER BY id",
    )?;
    let rows = stmt
        .query_map(params![kind.tag(), ItemState::Deleted], |r| {
            Ok(PendingMove { item_id: r.get(0)?, from: r.get(1)?, to: r.get(2)?, etag: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Edits of a kind waiting for a push, with the server text each began from.
pub fn edited_bases(tx: &Transaction, kind: ItemKind) -> Result<Vec<EditedBase>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, href, collection, base_data, data FROM items
         WHERE kind = ?1 AND state = ?2 AND href IS NOT NULL AND base_data IS NOT NULL AND move_to IS NULL",
    )?;
    let rows = stmt
        .query_map(params![kind.tag(), ItemState::Modified], |r| {
            Ok(EditedBase {
                item_id: r.get(0)?,
                href: r.get(1)?,
                collection: r.get(2)?,
                base: r.get(3)?,
                data: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The file an edit was made on was renamed or moved on the server: the
/// row follows it, still edited, so its push goes there.
pub fn renamed_on_server(
    tx: &Transaction,
    id: i64,
    href: &str,
    collection: &str,
    etag: Option<&str>,
    index: &shared::effects::store::ItemIndex,
) -> Result<()> {
    require_item(tx, id)?;
    claim_href(tx, id, href)?;
    let c = super::kinds::columns(index);
    tx.prepare_cached(
        "UPDATE items SET href = ?2, collection = ?3, etag = ?4, uid = ?5, display_name = ?6, sort_key = ?7 WHERE id = ?1",
    )?
    .execute(params![id, href, collection, etag, c.uid, c.display_name, c.sort_key])?;
    super::kinds::write_index(tx, id, index)
}

/// A MOVE ended: the row takes its new place.
pub fn move_done(tx: &Transaction, outcome: MoveOutcome) -> Result<()> {
    match outcome {
        MoveOutcome::Moved { item_id, etag, server_changed } => {
            let (state, _) = require_item(tx, item_id)?;
            let target: Option<String> =
                tx.query_row("SELECT move_to FROM items WHERE id = ?1", [item_id], |r| r.get(0))?;
            let Some(target) = target else { return Ok(()) };
            claim_href(tx, item_id, &target)?;
            // The etag of the moved file, unless the server's text moved in
            // place of the one the member saw: a clean copy then learns it
            // at the next pull; an edited one keeps its old etag, so its PUT
            // meets a 412 and both texts are kept.
            let keep_old_etag = server_changed && state != ItemState::Clean;
            tx.prepare_cached(
                "UPDATE items SET href = move_to, collection = move_to_collection, move_to = NULL,
                   move_to_collection = NULL, etag = CASE WHEN ?2 THEN etag ELSE ?3 END
                 WHERE id = ?1",
            )?
            .execute(params![item_id, keep_old_etag, if server_changed { None } else { etag }])?;
        }
        MoveOutcome::SourceGone { item_id } => {
            require_item(tx, item_id)?;
            tx.prepare_cached(
                "UPDATE items SET collection = COALESCE(move_to_collection, collection), move_to = NULL,
                   move_to_collection = NULL WHERE id = ?1",
            )?
            .execute([item_id])?;
            become_create(tx, item_id)?;
        }
    }
    Ok(())
}

/// The server no longer has this item. Clean copies and pending deletes
/// go; the member's unsynced edit, and any version of theirs kept as a
/// conflict, become new items to create. True if the row went.
fn server_deleted(tx: &Transaction, id: i64, state: ItemState) -> Result<bool> {
    if state == ItemState::Deleted {
        remove_row(tx, id)?;
        return Ok(true);
    }
    let collection: String =
        tx.prepare_cached("SELECT collection FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    for (data, index) in take_kept(tx, id)? {
        insert_item(tx, &collection, None, None, &data, &index, ItemState::Created)?;
    }
    if state == ItemState::Clean {
        remove_row(tx, id)?;
        return Ok(true);
    }
    become_create(tx, id)?;
    Ok(false)
}

/// The local row holding a server href, as far as a pull needs it.
struct LocalCopy {
    id: i64,
    kind: Option<ItemKind>,
    state: ItemState,
    etag: Option<String>,
    data: String,
    sent: Vec<String>,
}

impl LocalCopy {
    /// Whether the server's `theirs` is `ours` as this kind reads it (a
    /// server may reorder or refold what it stores).
    fn is_ours(&self, ours: &str, theirs: &str) -> bool {
        ItemKind::same_content(self.kind, theirs, ours)
    }

    fn sent_is(&self, theirs: &str) -> bool {
        self.sent.iter().any(|sent| self.is_ours(sent, theirs))
    }
}

fn local_copy(tx: &Transaction, href: &str) -> Result<Option<LocalCopy>> {
    Ok(tx
        .prepare_cached("SELECT id, kind, state, etag, data, sent_data FROM items WHERE href = ?1")?
        .query_row([href], |r| {
            Ok(LocalCopy {
                id: r.get(0)?,
                kind: ItemKind::from_tag(&r.get::<_, String>(1)?),
                state: r.get(2)?,
                etag: r.get(3)?,
                data: r.get(4)?,
                sent: in_flight(r.get(5)?),
            })
        })
        .optional()?)
}

/// The server holds an earlier version of the member's: its etag becomes
/// the one the waiting change is sent against; the change stays queued.
fn adopt_server_etag(tx: &Transaction, id: i64, remote: &RemoteItem) -> Result<()> {
    claim_href(tx, id, &remote.href)?;
    tx.prepare_cached(
        "UPDATE items SET href = ?2, etag = ?3, sent_data = NULL,
           state = CASE state WHEN ?4 THEN ?5 ELSE state END
         WHERE id = ?1",
    )?
    .execute(params![id, remote.href, remote.etag, ItemState::Created, ItemState::Modified])?;
    Ok(())
}

pub fn apply_pull(tx: &Transaction, batch: PullBatch) -> Result<ApplySummary> {
    let mut summary = ApplySummary::default();
    for remote in &batch.upserts {
        let Some(local) = local_copy(tx, &remote.href)? else {
            let (href, etag) = (Some(remote.href.as_str()), remote.etag.as_deref());
            insert_item(tx, &batch.collection, href, etag, &remote.data, &remote.index, ItemState::Clean)?;
            summary.added += 1;
            continue;
        };
        match local.state {
            // Same etag: the server has not changed it; the local change still goes.
            state if state != ItemState::Clean && remote.etag.is_some() && local.etag == remote.etag => {}
            // The server already holds the member's version (a push whose
            // answer was lost): nothing to choose between.
            state if state.is_member_edit() && local.is_ours(&local.data, &remote.data) => {
                take_server_version(tx, local.id, remote)?;
                summary.updated += 1;
            }
            // It holds a version the member sent before the one waiting
            // now: still only the member's work, which goes next.
            _ if local.state != ItemState::Clean && local.sent_is(&remote.data) => {
                adopt_server_etag(tx, local.id, remote)?;
            }
            state if state.is_member_edit() => {
                keep_local(tx, local.id, batch.now)?;
                take_server_version(tx, local.id, remote)?;
                summary.conflicts += 1;
            }
            // Clean, or deleted here while edited there: the newer server
            // version wins over a delete, so no edit is lost.
            _ => {
                take_server_version(tx, local.id, remote)?;
                summary.updated += 1;
            }
        }
    }
    let mut gone: Vec<String> = batch.deletes.clone();
    if let Some(keep) = &batch.keep_only {
        let keep: HashSet<&str> = keep.iter().map(String::as_str).collect();
        let mut stmt = tx.prepare("SELECT href FROM items WHERE collection = ?1 AND href IS NOT NULL")?;
        let local: Vec<String> = stmt.query_map([&batch.collection], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        gone.extend(local.into_iter().filter(|h| !keep.contains(h.as_str())));
    }
    for href in gone {
        let row: Option<(i64, ItemState)> = tx
            .prepare_cached("SELECT id, state FROM items WHERE href = ?1 AND collection = ?2")?
            .query_row([&href, &batch.collection], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, state)) = row {
            if server_deleted(tx, id, state)? {
                summary.deleted += 1;
            }
        }
    }
    commit_pull(tx, &batch.collection, batch.sync_token.as_deref(), batch.ctag.as_deref())?;
    Ok(summary)
}

pub fn outbox(tx: &Transaction, collection: &str) -> Result<Vec<OutboxItem>> {
    let mut stmt = tx.prepare(
        "SELECT id, collection, state, href, etag, uid, data, revision, sent_data FROM items
         WHERE collection = ?1 AND state != ?2 ORDER BY queued_at, id",
    )?;
    let items = stmt
        .query_map(params![collection, ItemState::Clean], |r| {
            Ok(OutboxItem {
                item_id: r.get(0)?,
                collection: r.get(1)?,
                kind: match r.get::<_, ItemState>(2)? {
                    ItemState::Created => ChangeKind::Create,
                    ItemState::Deleted => ChangeKind::Delete,
                    ItemState::Modified | ItemState::Clean => ChangeKind::Update,
                },
                href: r.get(3)?,
                etag: r.get(4)?,
                uid: r.get(5)?,
                data: r.get(6)?,
                revision: r.get(7)?,
                sent: in_flight(r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// Versions sent without an answer yet, kept: an answer lost twice in a
/// row (the app killed again before the first was known) must still find
/// either version on the server to be the member's.
const MAX_IN_FLIGHT: usize = 4;

/// `items.sent_data`: a JSON list of versions, oldest first.
fn in_flight(column: Option<String>) -> Vec<String> {
    column.map(|text| serde_json::from_str(&text).unwrap_or_else(|_| vec![text])).unwrap_or_default()
}

/// Records the version a PUT is about to send, beside those still without
/// an answer. A new item takes its href now, so that if the answer is lost
/// the next listing finds it as ours.
pub fn push_sending(tx: &Transaction, item_id: i64, href: &str, data: &str) -> Result<()> {
    require_item(tx, item_id)?;
    // Only a create has no href yet.
    let unplaced: bool = tx.query_row("SELECT href IS NULL FROM items WHERE id = ?1", [item_id], |r| r.get(0))?;
    if unplaced {
        claim_href(tx, item_id, href)?;
        tx.execute("UPDATE items SET href = ?2 WHERE id = ?1", params![item_id, href])?;
    }
    let column: Option<String> = tx.query_row("SELECT sent_data FROM items WHERE id = ?1", [item_id], |r| r.get(0))?;
    let mut sent = in_flight(column);
    if !sent.iter().any(|s| s == data) {
        sent.push(data.to_string());
    }
    let excess = sent.len().saturating_sub(MAX_IN_FLIGHT);
    sent.drain(..excess);
    let json = serde_json::to_string(&sent).map_err(|e| StoreError::Invalid(e.to_string()))?;
    tx.execute("UPDATE items SET sent_data = ?2 WHERE id = ?1", params![item_id, json])?;
    Ok(())
}

pub fn push_done(tx: &Transaction, outcome: PushOutcome) -> Result<()> {
    if let PushOutcome::Stored { item_id, .. } | PushOutcome::Conflict { item_id, .. } = &outcome {
        // The answer is known: nothing is in flight any more.
        tx.execute("UPDATE items SET sent_data = NULL WHERE id = ?1", [item_id])?;
    }
    match outcome {
        PushOutcome::Stored { item_id, revision, href, etag } => {
            require_item(tx, item_id)?;
            claim_href(tx, item_id, &href)?;
            // Changed again while the push was in flight (edited, or deleted):
            // stays queued, now against the server's new etag.
            tx.execute(
                "UPDATE items SET href = ?2, etag = ?3,
                   state = CASE WHEN revision = ?4 THEN ?5 WHEN state = ?6 THEN ?7 ELSE state END,
                   queued_at = CASE WHEN revision = ?4 THEN 0 ELSE queued_at END
                 WHERE id = ?1",
                params![item_id, href, etag, revision, ItemState::Clean, ItemState::Created, ItemState::Modified],
            )?;
        }
        PushOutcome::Deleted { item_id } => {
            // Already gone (a pull saw the delete first): nothing left to do.
            if require_item(tx, item_id).is_ok() {
                remove_row(tx, item_id)?;
            }
        }
        PushOutcome::Conflict { item_id, server: Some(server), now } => {
            let (state, _) = require_item(tx, item_id)?;
            // A delete meeting a newer server edit: the edit wins, as in a
            // pull, so nobody's work is lost and there is nothing to choose.
            if state != ItemState::Deleted {
                keep_local(tx, item_id, now)?;
            }
            take_server_version(tx, item_id, &server)?;
        }
        PushOutcome::Conflict { item_id, server: None, .. } => {
            let (state, _) = require_item(tx, item_id)?;
            if state == ItemState::Deleted {
                // Both sides deleted it.
                remove_row(tx, item_id)?;
            } else {
                become_create(tx, item_id)?;
            }
        }
    }
    Ok(())
}
