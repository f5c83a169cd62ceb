//! Account, collections (address books, calendars) and their items
//! (contacts, events) with their sync state.
//!
//! An item row is the member's current version of one server resource.
//! `state` says what the server has not seen yet: `created` (never pushed),
//! `modified`, `deleted` (hidden, waiting for the DELETE), or `clean`.
//! Contacts and events share the row and its sync state; only their
//! indexes differ (full-text search for contacts, time span for events).

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use shared::effects::store::{
    Account, AddressBook, ApplySummary, Calendar, ChangeKind, ConflictChoice, ConflictRecord, ContactIndex,
    ContactSummary, EventIndex, ItemIndex, ItemRecord, LocalEtag, OutboxItem, PullBatch, PushOutcome, RemoteItem,
};

use super::search::index_item;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub fn load_account(tx: &Transaction) -> Result<Option<Account>> {
    Ok(tx
        .query_row(
            "SELECT email, username, server_url, principal_url, addressbook_home, calendar_home FROM account WHERE id = 1",
            [],
            |r| {
                Ok(Account {
                    email: r.get(0)?,
                    username: r.get(1)?,
                    server_url: r.get(2)?,
                    principal_url: r.get(3)?,
                    addressbook_home: r.get(4)?,
                    calendar_home: r.get(5)?,
                })
            },
        )
        .optional()?)
}

pub fn save_account(tx: &Transaction, a: &Account) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO account (id, email, username, server_url, principal_url, addressbook_home, calendar_home)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![a.email, a.username, a.server_url, a.principal_url, a.addressbook_home, a.calendar_home],
    )?;
    Ok(())
}

pub fn delete_everything(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM conflicts; DELETE FROM event_series; DELETE FROM items; DELETE FROM contacts_fts;
         DELETE FROM address_books; DELETE FROM calendars; DELETE FROM account;",
    )?;
    Ok(())
}

pub fn save_address_books(tx: &Transaction, books: &[AddressBook]) -> Result<()> {
    for b in books {
        tx.execute(
            "INSERT INTO address_books (href, display_name, read_only, supports_sync, sync_token, ctag)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (href) DO UPDATE SET
               display_name = excluded.display_name,
               read_only = excluded.read_only,
               supports_sync = excluded.supports_sync,
               sync_token = COALESCE(excluded.sync_token, sync_token),
               ctag = COALESCE(excluded.ctag, ctag)",
            params![b.href, b.display_name, b.read_only, b.supports_sync, b.sync_token, b.ctag],
        )?;
    }
    forget_unlisted(tx, "address_books", books.iter().map(|b| b.href.as_str()).collect())
}

/// Collections gone from the server: so are their items, and pending
/// deletes are moot. Unsynced creates and edits stay, with their
/// collection, so they are not lost.
fn forget_unlisted(tx: &Transaction, table: &str, listed: HashSet<&str>) -> Result<()> {
    let known: Vec<String> = tx
        .prepare(&format!("SELECT href FROM {table}"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for href in known.into_iter().filter(|h| !listed.contains(h.as_str())) {
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM items WHERE collection = ?1 AND state IN ('clean', 'deleted')")?
            .query_map([&href], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            remove_row(tx, id)?;
        }
        tx.execute(
            &format!("DELETE FROM {table} WHERE href = ?1 AND NOT EXISTS (SELECT 1 FROM items WHERE collection = ?1)"),
            [&href],
        )?;
    }
    Ok(())
}

pub fn list_address_books(tx: &Transaction) -> Result<Vec<AddressBook>> {
    let mut stmt = tx.prepare(
        "SELECT href, display_name, read_only, supports_sync, sync_token, ctag FROM address_books
         ORDER BY display_name, href",
    )?;
    let books = stmt
        .query_map([], |r| {
            Ok(AddressBook {
                href: r.get(0)?,
                display_name: r.get(1)?,
                read_only: r.get(2)?,
                supports_sync: r.get(3)?,
                sync_token: r.get(4)?,
                ctag: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(books)
}

pub fn save_calendars(tx: &Transaction, calendars: &[Calendar]) -> Result<()> {
    for c in calendars {
        tx.execute(
            "INSERT INTO calendars (href, display_name, color, read_only, supports_sync, sync_token, ctag)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (href) DO UPDATE SET
               display_name = excluded.display_name,
               color = excluded.color,
               read_only = excluded.read_only,
               supports_sync = excluded.supports_sync,
               sync_token = COALESCE(excluded.sync_token, sync_token),
               ctag = COALESCE(excluded.ctag, ctag)",
            params![c.href, c.display_name, c.color, c.read_only, c.supports_sync, c.sync_token, c.ctag],
        )?;
    }
    forget_unlisted(tx, "calendars", calendars.iter().map(|c| c.href.as_str()).collect())
}

pub fn list_calendars(tx: &Transaction) -> Result<Vec<Calendar>> {
    let mut stmt = tx.prepare(
        "SELECT href, display_name, color, read_only, supports_sync, sync_token, ctag FROM calendars ORDER BY display_name, href",
    )?;
    let calendars = stmt
        .query_map([], |r| {
            Ok(Calendar {
                href: r.get(0)?,
                display_name: r.get(1)?,
                color: r.get(2)?,
                read_only: r.get(3)?,
                supports_sync: r.get(4)?,
                sync_token: r.get(5)?,
                ctag: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(calendars)
}

pub fn local_etags(tx: &Transaction, collection: &str) -> Result<Vec<LocalEtag>> {
    let mut stmt = tx.prepare_cached("SELECT href, etag FROM items WHERE collection = ?1 AND href IS NOT NULL")?;
    let rows = stmt
        .query_map([collection], |r| Ok(LocalEtag { href: r.get(0)?, etag: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ------------------------------------------------------------ indexing

fn json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn remove_row(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM event_series WHERE item_id = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM items WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Outbox order: the place a change takes when it enters the queue.
fn next_queue_position(tx: &Transaction) -> Result<i64> {
    Ok(tx.prepare_cached("SELECT COALESCE(MAX(queued_at), 0) + 1 FROM items")?.query_row([], |r| r.get(0))?)
}

/// Gives `href` to item `id`. Another row holding it is a stale copy of
/// the same server resource (pulled before our push was recorded): it goes
/// if clean; with unsynced edits of its own it is refused, never dropped.
fn claim_href(tx: &Transaction, id: i64, href: &str) -> Result<()> {
    let holder: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, state FROM items WHERE href = ?1 AND id != ?2")?
        .query_row(params![href, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match holder {
        None => Ok(()),
        Some((other, state)) if state == "clean" => {
            tx.prepare_cached("UPDATE conflicts SET item_id = ?2 WHERE item_id = ?1")?.execute([other, id])?;
            remove_row(tx, other)
        }
        Some((other, _)) => {
            Err(StoreError::Invalid(format!("{href} is held by item {other}, which has unsynced changes")))
        }
    }
}

/// The columns every item has, from its index: contacts fill the contact
/// columns; an event's summary is its name.
struct Columns<'a> {
    kind: &'static str,
    uid: &'a str,
    display_name: &'a str,
    sort_key: String,
    emails: String,
    phones: String,
    org: &'a str,
}

fn columns(index: &ItemIndex) -> Columns<'_> {
    match index {
        ItemIndex::Contact(c) => Columns {
            kind: "contact",
            uid: &c.uid,
            display_name: &c.display_name,
            sort_key: c.sort_key.clone(),
            emails: json(&c.emails),
            phones: json(&c.phones),
            org: &c.org,
        },
        ItemIndex::Event(e) => Columns {
            kind: "event",
            uid: &e.uid,
            display_name: &e.summary,
            sort_key: shared::contacts::text::fold(&e.summary),
            emails: "[]".into(),
            phones: "[]".into(),
            org: "",
        },
    }
}

fn insert_item(
    tx: &Transaction,
    collection: &str,
    href: Option<&str>,
    etag: Option<&str>,
    data: &str,
    index: &ItemIndex,
    state: &str,
) -> Result<i64> {
    let queued = if state == "clean" { 0 } else { next_queue_position(tx)? };
    let c = columns(index);
    tx.prepare_cached(
        "INSERT INTO items (kind, collection, href, etag, uid, data, display_name, sort_key, emails, phones, org, state, revision, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13)",
    )?
    .execute(params![c.kind, collection, href, etag, c.uid, data, c.display_name, c.sort_key, c.emails, c.phones, c.org, state, queued])?;
    let id = tx.last_insert_rowid();
    index_item(tx, id, index)?;
    Ok(id)
}

/// Replaces a row's content with the server's version, clean.
fn take_server_version(tx: &Transaction, id: i64, remote: &RemoteItem) -> Result<()> {
    claim_href(tx, id, &remote.href)?;
    let c = columns(&remote.index);
    tx.prepare_cached(
        "UPDATE items SET href = ?2, etag = ?3, uid = ?4, data = ?5, display_name = ?6, sort_key = ?7,
           emails = ?8, phones = ?9, org = ?10, state = 'clean', revision = revision + 1, queued_at = 0
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        remote.href,
        remote.etag,
        c.uid,
        remote.data,
        c.display_name,
        c.sort_key,
        c.emails,
        c.phones,
        c.org
    ])?;
    index_item(tx, id, &remote.index)
}

/// A row's index as stored (events: with their indexed time span).
fn row_index(tx: &Transaction, id: i64) -> Result<ItemIndex> {
    let (kind, uid, display_name, sort_key, emails, phones, org): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = tx
        .prepare_cached("SELECT kind, uid, display_name, sort_key, emails, phones, org FROM items WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
    if kind == "event" {
        let (first_start, last_end) = tx
            .prepare_cached("SELECT first_start, last_end FROM event_series WHERE item_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((i64::MIN, None));
        return Ok(ItemIndex::Event(EventIndex { uid, summary: display_name, first_start, last_end }));
    }
    Ok(ItemIndex::Contact(ContactIndex {
        uid,
        display_name,
        sort_key,
        emails: from_json(&emails),
        phones: from_json(&phones),
        org,
    }))
}

fn index_json(index: &ItemIndex) -> Result<String> {
    serde_json::to_string(index).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn index_from_json(text: &str) -> Result<ItemIndex> {
    serde_json::from_str(text).map_err(|e| StoreError::Invalid(format!("saved version: {e}")))
}

/// Keeps the member's current version of an item as a conflict.
fn keep_local_as_conflict(tx: &Transaction, id: i64, now: i64) -> Result<()> {
    let data: String = tx.prepare_cached("SELECT data FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let index = index_json(&row_index(tx, id)?)?;
    tx.prepare_cached("INSERT INTO conflicts (item_id, local_data, local_index, found_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, data, index, now])?;
    Ok(())
}

/// The server no longer has this item. Clean copies and pending deletes
/// go; the member's unsynced edit, and any version of theirs kept as a
/// conflict, become new items to create. True if the row went.
fn server_deleted(tx: &Transaction, id: i64, state: &str) -> Result<bool> {
    if state == "deleted" {
        remove_row(tx, id)?;
        return Ok(true);
    }
    let pending: Vec<(String, String)> = tx
        .prepare_cached("SELECT local_data, local_index FROM conflicts WHERE item_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let collection: String =
        tx.prepare_cached("SELECT collection FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    for (data, index) in pending {
        insert_item(tx, &collection, None, None, &data, &index_from_json(&index)?, "created")?;
    }
    tx.prepare_cached("DELETE FROM conflicts WHERE item_id = ?1")?.execute([id])?;
    if state == "clean" {
        remove_row(tx, id)?;
        return Ok(true);
    }
    become_create(tx, id)?;
    Ok(false)
}

/// The server lost it: the member's version is pushed again as new.
fn become_create(tx: &Transaction, id: i64) -> Result<()> {
    let queued = next_queue_position(tx)?;
    tx.prepare_cached(
        "UPDATE items SET href = NULL, etag = NULL, state = 'created',
           queued_at = CASE WHEN queued_at = 0 THEN ?2 ELSE queued_at END
         WHERE id = ?1",
    )?
    .execute(params![id, queued])?;
    Ok(())
}

pub fn apply_pull(tx: &Transaction, batch: PullBatch) -> Result<ApplySummary> {
    let mut summary = ApplySummary::default();
    for remote in &batch.upserts {
        let existing: Option<(i64, String, Option<String>, String)> = tx
            .prepare_cached("SELECT id, state, etag, data FROM items WHERE href = ?1")?
            .query_row([&remote.href], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        match existing {
            None => {
                insert_item(
                    tx,
                    &batch.collection,
                    Some(&remote.href),
                    remote.etag.as_deref(),
                    &remote.data,
                    &remote.index,
                    "clean",
                )?;
                summary.added += 1;
            }
            // Same etag: the server has not changed it; the local change still goes.
            Some((_, state, etag, _)) if state != "clean" && remote.etag.is_some() && etag == remote.etag => {}
            // The server already holds exactly the member's version (a push
            // whose answer was lost): nothing to choose between.
            Some((id, state, _, data)) if (state == "created" || state == "modified") && data == remote.data => {
                take_server_version(tx, id, remote)?;
                summary.updated += 1;
            }
            Some((id, state, _, _)) if state == "created" || state == "modified" => {
                keep_local_as_conflict(tx, id, batch.now)?;
                take_server_version(tx, id, remote)?;
                summary.conflicts += 1;
            }
            // Clean, or deleted here while edited there: the newer server
            // version wins over a delete, so no edit is lost.
            Some((id, _, _, _)) => {
                take_server_version(tx, id, remote)?;
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
        let row: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, state FROM items WHERE href = ?1 AND collection = ?2")?
            .query_row([&href, &batch.collection], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, state)) = row {
            if server_deleted(tx, id, &state)? {
                summary.deleted += 1;
            }
        }
    }
    // A collection is an address book or a calendar, never both.
    for table in ["address_books", "calendars"] {
        if let Some(token) = &batch.sync_token {
            tx.execute(
                &format!("UPDATE {table} SET sync_token = ?2 WHERE href = ?1"),
                params![batch.collection, token],
            )?;
        }
        if let Some(ctag) = &batch.ctag {
            tx.execute(&format!("UPDATE {table} SET ctag = ?2 WHERE href = ?1"), params![batch.collection, ctag])?;
        }
    }
    Ok(summary)
}

pub fn outbox(tx: &Transaction, collection: &str) -> Result<Vec<OutboxItem>> {
    let mut stmt = tx.prepare(
        "SELECT id, collection, state, href, etag, uid, data, revision FROM items
         WHERE collection = ?1 AND state != 'clean' ORDER BY queued_at, id",
    )?;
    let items = stmt
        .query_map([collection], |r| {
            let state: String = r.get(2)?;
            Ok(OutboxItem {
                item_id: r.get(0)?,
                collection: r.get(1)?,
                kind: match state.as_str() {
                    "created" => ChangeKind::Create,
                    "deleted" => ChangeKind::Delete,
                    _ => ChangeKind::Update,
                },
                href: r.get(3)?,
                etag: r.get(4)?,
                uid: r.get(5)?,
                data: r.get(6)?,
                revision: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

fn require_item(tx: &Transaction, id: i64) -> Result<(String, i64)> {
    tx.query_row("SELECT state, revision FROM items WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no item {id}")))
}

pub fn push_done(tx: &Transaction, outcome: PushOutcome) -> Result<()> {
    match outcome {
        PushOutcome::Stored { item_id, revision, href, etag } => {
            require_item(tx, item_id)?;
            claim_href(tx, item_id, &href)?;
            // Changed again while the push was in flight (edited, or deleted):
            // stays queued, now against the server's new etag.
            tx.execute(
                "UPDATE items SET href = ?2, etag = ?3,
                   state = CASE WHEN revision = ?4 THEN 'clean' WHEN state = 'created' THEN 'modified' ELSE state END,
                   queued_at = CASE WHEN revision = ?4 THEN 0 ELSE queued_at END
                 WHERE id = ?1",
                params![item_id, href, etag, revision],
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
            if state != "deleted" {
                keep_local_as_conflict(tx, item_id, now)?;
            }
            take_server_version(tx, item_id, &server)?;
        }
        PushOutcome::Conflict { item_id, server: None, .. } => {
            let (state, _) = require_item(tx, item_id)?;
            if state == "deleted" {
                // Both sides deleted it.
                remove_row(tx, item_id)?;
            } else {
                become_create(tx, item_id)?;
            }
        }
    }
    Ok(())
}

const SUMMARY_COLUMNS: &str = "c.id, c.collection, c.display_name, c.emails, c.phones, c.org, c.state,
    EXISTS (SELECT 1 FROM conflicts k WHERE k.item_id = c.id)";

fn summary(r: &Row) -> rusqlite::Result<ContactSummary> {
    let state: String = r.get(6)?;
    Ok(ContactSummary {
        id: r.get(0)?,
        book: r.get(1)?,
        display_name: r.get(2)?,
        email: from_json(&r.get::<_, String>(3)?).into_iter().next(),
        phone: from_json(&r.get::<_, String>(4)?).into_iter().next(),
        org: r.get(5)?,
        pending: state != "clean",
        has_conflict: r.get(7)?,
    })
}

pub fn list_contacts(tx: &Transaction) -> Result<Vec<ContactSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM items c WHERE c.kind = 'contact' AND c.state != 'deleted' ORDER BY c.sort_key, c.id"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map([], summary)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn search_contacts(tx: &Transaction, query: &str) -> Result<Vec<ContactSummary>> {
    let Some(fts) = super::search::fts_query(query) else { return list_contacts(tx) };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM contacts_fts f JOIN items c ON c.id = f.rowid
         WHERE contacts_fts MATCH ?1 AND c.state != 'deleted' ORDER BY c.sort_key, c.id"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map([fts], summary)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn record(r: &Row) -> rusqlite::Result<ItemRecord> {
    Ok(ItemRecord {
        id: r.get(0)?,
        collection: r.get(1)?,
        href: r.get(2)?,
        etag: r.get(3)?,
        uid: r.get(4)?,
        data: r.get(5)?,
        pending: r.get::<_, String>(6)? != "clean",
    })
}

pub fn get_item(tx: &Transaction, id: i64) -> Result<Option<ItemRecord>> {
    Ok(tx
        .query_row(
            "SELECT id, collection, href, etag, uid, data, state FROM items WHERE id = ?1 AND state != 'deleted'",
            [id],
            record,
        )
        .optional()?)
}

/// Events that may have an occurrence in `[from, to)`: the index holds each
/// series' first start and last end, so a month reads only what can show.
pub fn list_events(tx: &Transaction, from: i64, to: i64) -> Result<Vec<ItemRecord>> {
    let mut stmt = tx.prepare_cached(
        "SELECT i.id, i.collection, i.href, i.etag, i.uid, i.data, i.state
         FROM event_series e JOIN items i ON i.id = e.item_id
         WHERE e.first_start < ?2 AND (e.last_end IS NULL OR e.last_end > ?1) AND i.state != 'deleted'
         ORDER BY e.first_start, i.id",
    )?;
    let rows = stmt.query_map([from, to], record)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn save_item(tx: &Transaction, id: Option<i64>, collection: &str, data: &str, index: &ItemIndex) -> Result<i64> {
    let Some(id) = id else {
        return insert_item(tx, collection, None, None, data, index, "created");
    };
    let (state, _) = require_item(tx, id)?;
    if state == "deleted" {
        return Err(StoreError::Invalid(format!("item {id} was deleted")));
    }
    write_member_version(tx, id, data, index)?;
    Ok(id)
}

/// The member's version becomes the row's content, queued for push. A row
/// pending delete comes back as an edit (only reached by KeepMine).
fn write_member_version(tx: &Transaction, id: i64, data: &str, index: &ItemIndex) -> Result<()> {
    let queued = next_queue_position(tx)?;
    let c = columns(index);
    tx.prepare_cached(
        "UPDATE items SET data = ?2, uid = ?3, display_name = ?4, sort_key = ?5, emails = ?6, phones = ?7,
           org = ?8, revision = revision + 1,
           queued_at = CASE WHEN queued_at = 0 THEN ?9 ELSE queued_at END,
           state = CASE state WHEN 'created' THEN 'created' ELSE 'modified' END
         WHERE id = ?1",
    )?
    .execute(params![id, data, c.uid, c.display_name, c.sort_key, c.emails, c.phones, c.org, queued])?;
    index_item(tx, id, index)
}

pub fn delete_item(tx: &Transaction, id: i64) -> Result<()> {
    let (state, _) = require_item(tx, id)?;
    match state.as_str() {
        // Never reached the server: nothing to tell it.
        "created" => remove_row(tx, id)?,
        "deleted" => {}
        _ => {
            let queued = next_queue_position(tx)?;
            tx.execute(
                "UPDATE items SET state = 'deleted', revision = revision + 1,
                   queued_at = CASE WHEN queued_at = 0 THEN ?2 ELSE queued_at END
                 WHERE id = ?1",
                params![id, queued],
            )?;
            // The member chose to delete it: no version left to choose.
            tx.execute("DELETE FROM conflicts WHERE item_id = ?1", [id])?;
        }
    }
    Ok(())
}

pub fn list_conflicts(tx: &Transaction) -> Result<Vec<ConflictRecord>> {
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

pub fn resolve_conflict(tx: &Transaction, conflict_id: i64, choice: ConflictChoice, _now: i64) -> Result<()> {
    let (item_id, data, index): (i64, String, String) = tx
        .query_row("SELECT item_id, local_data, local_index FROM conflicts WHERE id = ?1", [conflict_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no conflict {conflict_id}")))?;
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
            let index = match index {
                ItemIndex::Contact(c) => ItemIndex::Contact(ContactIndex { uid, ..c }),
                ItemIndex::Event(e) => ItemIndex::Event(EventIndex { uid, ..e }),
            };
            insert_item(tx, &collection, None, None, &data, &index, "created")?;
        }
    }
    tx.execute("DELETE FROM conflicts WHERE id = ?1", [conflict_id])?;
    Ok(())
}
