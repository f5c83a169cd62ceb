//! Versions of the member's kept when the server changed the same item:
//! nothing is overwritten silently; the member chooses.

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::{ConflictChoice, ConflictRecord, ItemIndex};

use super::items::{insert_item, write_member_version};
use super::kinds::read_index;
use super::state::ItemState;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

fn index_json(index: &ItemIndex) -> Result<String> {
    serde_json::to_string(index).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub fn index_from_json(text: &str) -> Result<ItemIndex> {
    serde_json::from_str(text).map_err(|e| StoreError::Invalid(format!("saved version: {e}")))
}

/// Keeps the member's current version of an item as a conflict.
pub fn keep_local(tx: &Transaction, id: i64, now: i64) -> Result<()> {
    let data: String = tx.prepare_cached("SELECT data FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    keep_version(tx, id, &data, &read_index(tx, id)?, now)
}

/// Keeps a version of the member's beside an item, as a conflict.
pub fn keep_version(tx: &Transaction, id: i64, data: &str, index: &ItemIndex, now: i64) -> Result<()> {
    tx.prepare_cached("INSERT INTO conflicts (item_id, local_data, local_index, found_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, data, index_json(index)?, now])?;
    Ok(())
}

/// The member's kept versions of an item, to become new items when the
/// server deleted it; the conflicts go.
pub fn take_kept(tx: &Transaction, id: i64) -> Result<Vec<(String, ItemIndex)>> {
    let pending: Vec<(String, String)> = tx
        .prepare_cached("SELECT local_data, local_index FROM conflicts WHERE item_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.prepare_cached("DELETE FROM conflicts WHERE item_id = ?1")?.execute([id])?;
    pending.into_iter().map(|(data, index)| Ok((data, index_from_json(&index)?))).collect()
}

pub fn list(tx: &Transaction) -> Result<Vec<ConflictRecord>> {
    let mut stmt =
        tx.prepare("SELECT id, item_id, local_data, local_index, found_at FROM conflicts ORDER BY found_at, id")?;
    let rows: Vec<(i64, i64, String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, item_id, local_data, index, found_at)| {
            Ok(ConflictRecord { id, item_id, local_data, local_index: index_from_json(&index)?, found_at })
        })
        .collect()
}

pub fn resolve(tx: &Transaction, conflict_id: i64, choice: ConflictChoice) -> Result<()> {
    let (item_id, data, index): (i64, String, String) = tx
        .query_row("SELECT item_id, local_data, local_index FROM conflicts WHERE id = ?1", [conflict_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
    match choice {
        ConflictChoice::KeepMine => {
            // The row keeps the server's etag: the push overwrites exactly
            // the version the member saw, or meets a new conflict.
            write_member_version(tx, item_id, &data, &index_from_json(&index)?)?;
        }
        ConflictChoice::KeepServer => {}
        ConflictChoice::KeepBoth { uid, data, index } => {
            let collection: String =
                tx.query_row("SELECT collection FROM items WHERE id = ?1", [item_id], |r| r.get(0))?;
            // The fresh UID names the new resource; the core sets both.
            insert_item(tx, &collection, None, None, &data, &index.with_uid(uid), ItemState::Created)?;
        }
    }
    tx.execute("DELETE FROM conflicts WHERE id = ?1", [conflict_id])?;
    Ok(())
}
