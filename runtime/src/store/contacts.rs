//! Account, address books and contacts with their sync state.
//!
//! A contact row is the member's current version. `state` says what the
//! server has not seen yet: `created` (never pushed), `modified`, `deleted`
//! (hidden, waiting for the DELETE), or `clean`.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use shared::effects::store::{
    Account, AddressBook, ApplySummary, Calendar, ChangeKind, ConflictChoice, ConflictRecord, ContactIndex,
    ContactRecord, ContactSummary, LocalEtag, OutboxItem, PullBatch, PushOutcome, RemoteContact,
};

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
        "DELETE FROM conflicts; DELETE FROM contacts; DELETE FROM contacts_fts;
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
    let listed: HashSet<&str> = books.iter().map(|b| b.href.as_str()).collect();
    let known: Vec<String> = tx
        .prepare("SELECT href FROM address_books")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for href in known.into_iter().filter(|h| !listed.contains(h.as_str())) {
        // A book gone from the server still holding unsynced edits stays,
        // so those edits are not lost.
        let dirty: i64 = tx.query_row(
            "SELECT COUNT(*) FROM contacts WHERE book = ?1 AND state != 'clean'",
            [&href],
            |r| r.get(0),
        )?;
        if dirty == 0 {
            tx.execute("DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM contacts WHERE book = ?1)", [&href])?;
            tx.execute("DELETE FROM contacts WHERE book = ?1", [&href])?;
            tx.execute("DELETE FROM address_books WHERE href = ?1", [&href])?;
        }
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
    let listed: Vec<&str> = calendars.iter().map(|c| c.href.as_str()).collect();
    let known: Vec<String> = tx
        .prepare("SELECT href FROM calendars")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for href in known.into_iter().filter(|h| !listed.contains(&h.as_str())) {
        tx.execute("DELETE FROM calendars WHERE href = ?1", [&href])?;
    }
    Ok(())
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

pub fn local_etags(tx: &Transaction, book: &str) -> Result<Vec<LocalEtag>> {
    let mut stmt = tx.prepare_cached("SELECT href, etag FROM contacts WHERE book = ?1 AND href IS NOT NULL")?;
    let rows = stmt
        .query_map([book], |r| Ok(LocalEtag { href: r.get(0)?, etag: r.get(1)? }))?
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

/// Phone tokens as members type them: the digits alone, and for Belgian
/// numbers the national form too ("+32 470 12" is found by "0470 12").
fn phone_terms(phones: &[String]) -> String {
    let mut terms = Vec::new();
    for phone in phones {
        terms.push(phone.clone());
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            if let Some(national) = digits.strip_prefix("32") {
                terms.push(format!("0{national}"));
            }
            terms.push(digits);
        }
    }
    terms.join(" ")
}

fn index_row(tx: &Transaction, id: i64, index: &ContactIndex) -> Result<()> {
    tx.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?.execute([id])?;
    tx.prepare_cached("INSERT INTO contacts_fts (rowid, display_name, emails, phones, org) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, index.display_name, index.emails.join(" "), phone_terms(&index.phones), index.org])?;
    Ok(())
}

fn remove_row(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM contacts WHERE id = ?1")?.execute([id])?;
    Ok(())
}

fn next_queue_position(tx: &Transaction) -> Result<i64> {
    Ok(tx.query_row("SELECT COALESCE(MAX(queued_at), 0) + 1 FROM contacts", [], |r| r.get(0))?)
}

fn insert_contact(
    tx: &Transaction,
    book: &str,
    href: Option<&str>,
    etag: Option<&str>,
    vcard: &str,
    index: &ContactIndex,
    state: &str,
) -> Result<i64> {
    let queued = if state == "clean" { 0 } else { next_queue_position(tx)? };
    tx.prepare_cached(
        "INSERT INTO contacts (book, href, etag, uid, vcard, display_name, sort_key, emails, phones, org, state, revision, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12)",
    )?
    .execute(params![
        book,
        href,
        etag,
        index.uid,
        vcard,
        index.display_name,
        index.sort_key,
        json(&index.emails),
        json(&index.phones),
        index.org,
        state,
        queued
    ])?;
    let id = tx.last_insert_rowid();
    index_row(tx, id, index)?;
    Ok(id)
}

/// Replaces a row's content with the server's version, clean.
fn take_server_version(tx: &Transaction, id: i64, remote: &RemoteContact) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET href = ?2, etag = ?3, uid = ?4, vcard = ?5, display_name = ?6, sort_key = ?7,
           emails = ?8, phones = ?9, org = ?10, state = 'clean', revision = revision + 1, queued_at = 0
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        remote.href,
        remote.etag,
        remote.index.uid,
        remote.vcard,
        remote.index.display_name,
        remote.index.sort_key,
        json(&remote.index.emails),
        json(&remote.index.phones),
        remote.index.org
    ])?;
    index_row(tx, id, &remote.index)
}

fn current_index(row: &Row) -> rusqlite::Result<ContactIndex> {
    Ok(ContactIndex {
        uid: row.get("uid")?,
        display_name: row.get("display_name")?,
        sort_key: row.get("sort_key")?,
        emails: from_json(&row.get::<_, String>("emails")?),
        phones: from_json(&row.get::<_, String>("phones")?),
        org: row.get("org")?,
    })
}

/// Keeps the member's current version of a contact as a conflict.
fn keep_local_as_conflict(tx: &Transaction, id: i64, now: i64) -> Result<()> {
    let (vcard, index): (String, ContactIndex) =
        tx.query_row("SELECT * FROM contacts WHERE id = ?1", [id], |r| Ok((r.get("vcard")?, current_index(r)?)))?;
    tx.execute(
        "INSERT INTO conflicts (contact_id, local_vcard, local_index, found_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, vcard, serde_json::to_string(&index).unwrap_or_default(), now],
    )?;
    Ok(())
}

/// The server no longer has this contact. Clean copies go; the member's
/// unsynced edit and any conflict version become new contacts to create.
fn server_deleted(tx: &Transaction, id: i64, state: &str) -> Result<bool> {
    let pending: Vec<(String, String)> = tx
        .prepare_cached("SELECT local_vcard, local_index FROM conflicts WHERE contact_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let book: String = tx.query_row("SELECT book FROM contacts WHERE id = ?1", [id], |r| r.get(0))?;
    for (vcard, index) in pending {
        let index: ContactIndex = serde_json::from_str(&index).unwrap_or_default();
        insert_contact(tx, &book, None, None, &vcard, &index, "created")?;
    }
    tx.execute("DELETE FROM conflicts WHERE contact_id = ?1", [id])?;
    if state == "modified" {
        let queued = next_queue_position(tx)?;
        tx.execute(
            "UPDATE contacts SET href = NULL, etag = NULL, state = 'created', queued_at = ?2 WHERE id = ?1",
            params![id, queued],
        )?;
        Ok(false)
    } else {
        remove_row(tx, id)?;
        Ok(true)
    }
}

pub fn apply_pull(tx: &Transaction, batch: PullBatch) -> Result<ApplySummary> {
    let mut summary = ApplySummary::default();
    for remote in &batch.upserts {
        let existing: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, state FROM contacts WHERE href = ?1")?
            .query_row([&remote.href], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match existing {
            None => {
                insert_contact(tx, &batch.book, Some(&remote.href), remote.etag.as_deref(), &remote.vcard, &remote.index, "clean")?;
                summary.added += 1;
            }
            Some((id, state)) if state == "created" || state == "modified" => {
                keep_local_as_conflict(tx, id, batch.now)?;
                take_server_version(tx, id, remote)?;
                summary.conflicts += 1;
            }
            // Clean, or deleted here while edited there: the newer server
            // version wins over a delete, so no edit is lost.
            Some((id, _)) => {
                take_server_version(tx, id, remote)?;
                summary.updated += 1;
            }
        }
    }
    let mut gone: Vec<String> = batch.deletes.clone();
    if let Some(keep) = &batch.keep_only {
        let keep: HashSet<&str> = keep.iter().map(String::as_str).collect();
        let mut stmt = tx.prepare("SELECT href FROM contacts WHERE book = ?1 AND href IS NOT NULL")?;
        let local: Vec<String> = stmt.query_map([&batch.book], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        gone.extend(local.into_iter().filter(|h| !keep.contains(h.as_str())));
    }
    for href in gone {
        let row: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, state FROM contacts WHERE href = ?1")?
            .query_row([&href], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, state)) = row {
            if server_deleted(tx, id, &state)? {
                summary.deleted += 1;
            }
        }
    }
    if let Some(token) = &batch.sync_token {
        tx.execute("UPDATE address_books SET sync_token = ?2 WHERE href = ?1", params![batch.book, token])?;
    }
    if let Some(ctag) = &batch.ctag {
        tx.execute("UPDATE address_books SET ctag = ?2 WHERE href = ?1", params![batch.book, ctag])?;
    }
    Ok(summary)
}

pub fn outbox(tx: &Transaction, book: &str) -> Result<Vec<OutboxItem>> {
    let mut stmt = tx.prepare(
        "SELECT id, book, state, href, etag, uid, vcard, revision FROM contacts
         WHERE book = ?1 AND state != 'clean' ORDER BY queued_at, id",
    )?;
    let items = stmt
        .query_map([book], |r| {
            let state: String = r.get(2)?;
            Ok(OutboxItem {
                contact_id: r.get(0)?,
                book: r.get(1)?,
                kind: match state.as_str() {
                    "created" => ChangeKind::Create,
                    "deleted" => ChangeKind::Delete,
                    _ => ChangeKind::Update,
                },
                href: r.get(3)?,
                etag: r.get(4)?,
                uid: r.get(5)?,
                vcard: r.get(6)?,
                revision: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

fn require_contact(tx: &Transaction, id: i64) -> Result<(String, i64)> {
    tx.query_row("SELECT state, revision FROM contacts WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no contact {id}")))
}

pub fn push_done(tx: &Transaction, outcome: PushOutcome) -> Result<()> {
    match outcome {
        PushOutcome::Stored { contact_id, revision, href, etag } => {
            let (_, current) = require_contact(tx, contact_id)?;
            // Edited again while the push was in flight: stays queued.
            let state = if current == revision { "clean" } else { "modified" };
            tx.execute(
                "UPDATE contacts SET href = ?2, etag = ?3, state = ?4,
                   queued_at = CASE WHEN ?4 = 'clean' THEN 0 ELSE queued_at END
                 WHERE id = ?1",
                params![contact_id, href, etag, state],
            )?;
        }
        PushOutcome::Deleted { contact_id } => {
            if require_contact(tx, contact_id).is_ok() {
                remove_row(tx, contact_id)?;
            }
        }
        PushOutcome::Conflict { contact_id, server: Some(server), now } => {
            require_contact(tx, contact_id)?;
            keep_local_as_conflict(tx, contact_id, now)?;
            take_server_version(tx, contact_id, &server)?;
        }
        PushOutcome::Conflict { contact_id, server: None, .. } => {
            require_contact(tx, contact_id)?;
            let queued = next_queue_position(tx)?;
            tx.execute(
                "UPDATE contacts SET href = NULL, etag = NULL, state = 'created', queued_at = ?2 WHERE id = ?1",
                params![contact_id, queued],
            )?;
        }
    }
    Ok(())
}

const SUMMARY_COLUMNS: &str = "c.id, c.book, c.display_name, c.emails, c.phones, c.org, c.state,
    EXISTS (SELECT 1 FROM conflicts k WHERE k.contact_id = c.id)";

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
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM contacts c WHERE c.state != 'deleted' ORDER BY c.sort_key, c.id");
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map([], summary)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each word a quoted prefix term, all required: what a member types can
/// never be read as FTS syntax.
fn fts_query(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-')).collect::<String>())
        .map(|w| w.trim_matches(['.', '-', '_']).to_string())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

pub fn search_contacts(tx: &Transaction, query: &str) -> Result<Vec<ContactSummary>> {
    let Some(fts) = fts_query(query) else { return list_contacts(tx) };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM contacts_fts f JOIN contacts c ON c.id = f.rowid
         WHERE contacts_fts MATCH ?1 AND c.state != 'deleted' ORDER BY c.sort_key, c.id"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map([fts], summary)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get_contact(tx: &Transaction, id: i64) -> Result<Option<ContactRecord>> {
    Ok(tx
        .query_row(
            "SELECT id, book, href, etag, uid, vcard, state FROM contacts WHERE id = ?1 AND state != 'deleted'",
            [id],
            |r| {
                Ok(ContactRecord {
                    id: r.get(0)?,
                    book: r.get(1)?,
                    href: r.get(2)?,
                    etag: r.get(3)?,
                    uid: r.get(4)?,
                    vcard: r.get(5)?,
                    pending: r.get::<_, String>(6)? != "clean",
                })
            },
        )
        .optional()?)
}

pub fn save_contact(tx: &Transaction, id: Option<i64>, book: &str, vcard: &str, index: &ContactIndex) -> Result<i64> {
    let Some(id) = id else {
        return insert_contact(tx, book, None, None, vcard, index, "created");
    };
    let (state, _) = require_contact(tx, id)?;
    if state == "deleted" {
        return Err(StoreError::Invalid(format!("contact {id} was deleted")));
    }
    let queued = next_queue_position(tx)?;
    tx.execute(
        "UPDATE contacts SET vcard = ?2, uid = ?3, display_name = ?4, sort_key = ?5, emails = ?6, phones = ?7,
           org = ?8, revision = revision + 1, queued_at = ?9,
           state = CASE state WHEN 'clean' THEN 'modified' ELSE state END
         WHERE id = ?1",
        params![id, vcard, index.uid, index.display_name, index.sort_key, json(&index.emails), json(&index.phones), index.org, queued],
    )?;
    index_row(tx, id, index)?;
    Ok(id)
}

pub fn delete_contact(tx: &Transaction, id: i64) -> Result<()> {
    let (state, _) = require_contact(tx, id)?;
    match state.as_str() {
        // Never reached the server: nothing to tell it.
        "created" => remove_row(tx, id)?,
        "deleted" => {}
        _ => {
            let queued = next_queue_position(tx)?;
            tx.execute(
                "UPDATE contacts SET state = 'deleted', revision = revision + 1, queued_at = ?2 WHERE id = ?1",
                params![id, queued],
            )?;
        }
    }
    Ok(())
}

pub fn list_conflicts(tx: &Transaction) -> Result<Vec<ConflictRecord>> {
    let mut stmt = tx.prepare("SELECT id, contact_id, local_vcard, local_index, found_at FROM conflicts ORDER BY found_at, id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ConflictRecord {
                id: r.get(0)?,
                contact_id: r.get(1)?,
                local_vcard: r.get(2)?,
                local_index: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                found_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn resolve_conflict(tx: &Transaction, conflict_id: i64, choice: ConflictChoice, _now: i64) -> Result<()> {
    let (contact_id, vcard, index): (i64, String, String) = tx
        .query_row("SELECT contact_id, local_vcard, local_index FROM conflicts WHERE id = ?1", [conflict_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no conflict {conflict_id}")))?;
    match choice {
        ConflictChoice::KeepMine => {
            let index: ContactIndex = serde_json::from_str(&index).unwrap_or_default();
            let book: String = tx.query_row("SELECT book FROM contacts WHERE id = ?1", [contact_id], |r| r.get(0))?;
            // The row keeps the server's etag: the push overwrites exactly
            // the version the member saw, or meets a new conflict.
            save_contact(tx, Some(contact_id), &book, &vcard, &index)?;
        }
        ConflictChoice::KeepServer => {}
        ConflictChoice::KeepBoth { vcard, index, .. } => {
            let book: String = tx.query_row("SELECT book FROM contacts WHERE id = ?1", [contact_id], |r| r.get(0))?;
            insert_contact(tx, &book, None, None, &vcard, &index, "created")?;
        }
    }
    tx.execute("DELETE FROM conflicts WHERE id = ?1", [conflict_id])?;
    Ok(())
}
