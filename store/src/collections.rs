//! Collections of every kind (address books, calendars) in one table, with
//! the sync token and ctag of their last complete pull.

use rusqlite::{params, Transaction};
use shared::effects::store::{Collection, ItemKind};
use shared::kinds::ALL_KINDS;

use super::items::remove_row;
use super::kinds::kind_of_tag;
use super::state::ItemState;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Replaces the list of collections of one kind. Tokens and ctags already
/// stored are kept unless the new entry carries its own.
pub fn save(tx: &Transaction, kind: ItemKind, collections: &[Collection]) -> Result<()> {
    for c in collections.iter().filter(|c| c.kind == kind) {
        tx.execute(
            "INSERT INTO collections (href, kind, display_name, color, read_only, supports_sync, sync_token, ctag)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (href) DO UPDATE SET
               display_name = excluded.display_name,
               color = excluded.color,
               read_only = excluded.read_only,
               supports_sync = excluded.supports_sync,
               sync_token = COALESCE(excluded.sync_token, sync_token),
               ctag = COALESCE(excluded.ctag, ctag)
             WHERE kind = excluded.kind",
            params![c.href, kind.tag(), c.display_name, c.color, c.read_only, c.supports_sync, c.sync_token, c.ctag],
        )?;
    }
    let listed: Vec<&str> = collections.iter().map(|c| c.href.as_str()).collect();
    forget_unlisted(tx, kind, &listed)
}

/// Collections gone from the server: so are their items, and pending
/// deletes are moot. Unsynced creates and edits stay, with their
/// collection, so they are not lost.
fn forget_unlisted(tx: &Transaction, kind: ItemKind, listed: &[&str]) -> Result<()> {
    let known: Vec<String> = tx
        .prepare("SELECT href FROM collections WHERE kind = ?1")?
        .query_map([kind.tag()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for href in known.into_iter().filter(|h| !listed.contains(&h.as_str())) {
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM items WHERE collection = ?1 AND state IN (?2, ?3)")?
            .query_map(params![href, ItemState::Clean, ItemState::Deleted], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            remove_row(tx, id)?;
        }
        tx.execute(
            "DELETE FROM collections WHERE href = ?1 AND NOT EXISTS (SELECT 1 FROM items WHERE collection = ?1)",
            [&href],
        )?;
    }
    Ok(())
}

/// Every collection, by kind (in sync order) then name.
pub fn list(tx: &Transaction) -> Result<Vec<Collection>> {
    let mut stmt = tx.prepare(
        "SELECT kind, href, display_name, color, read_only, supports_sync, sync_token, ctag FROM collections
         ORDER BY display_name, href",
    )?;
    let rows: Vec<(String, Collection)> = stmt
        .query_map([], |r| {
            let collection = Collection {
                // Set from the tag below, where an unknown tag is an error.
                kind: ALL_KINDS[0],
                href: r.get(1)?,
                display_name: r.get(2)?,
                color: r.get(3)?,
                read_only: r.get(4)?,
                supports_sync: r.get(5)?,
                sync_token: r.get(6)?,
                ctag: r.get(7)?,
            };
            Ok((r.get(0)?, collection))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = Vec::with_capacity(rows.len());
    for (tag, collection) in rows {
        all.push(Collection { kind: kind_of_tag(&tag)?, ..collection });
    }
    all.sort_by_key(|c| ALL_KINDS.iter().position(|k| *k == c.kind));
    Ok(all)
}

/// Marks a pull complete: the token and ctag it ended with.
pub fn commit_pull(tx: &Transaction, href: &str, sync_token: Option<&str>, ctag: Option<&str>) -> Result<()> {
    if let Some(token) = sync_token {
        tx.execute("UPDATE collections SET sync_token = ?2 WHERE href = ?1", params![href, token])?;
    }
    if let Some(ctag) = ctag {
        tx.execute("UPDATE collections SET ctag = ?2 WHERE href = ?1", params![href, ctag])?;
    }
    Ok(())
}
