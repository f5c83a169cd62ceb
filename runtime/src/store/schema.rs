//! Ordered migrations. Never edit a shipped step; add the next one.

use rusqlite::Connection;

use super::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: account, address books, contacts with their sync state, conflicts,
    // full-text search.
    r#"
    CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        email TEXT NOT NULL,
        username TEXT NOT NULL,
        server_url TEXT NOT NULL,
        principal_url TEXT NOT NULL,
        addressbook_home TEXT NOT NULL
    );
    CREATE TABLE address_books (
        href TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        read_only INTEGER NOT NULL,
        supports_sync INTEGER NOT NULL,
        sync_token TEXT,
        ctag TEXT
    );
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        book TEXT NOT NULL,
        href TEXT UNIQUE,
        etag TEXT,
        uid TEXT NOT NULL,
        vcard TEXT NOT NULL,
        display_name TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        emails TEXT NOT NULL,
        phones TEXT NOT NULL,
        org TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('clean', 'created', 'modified', 'deleted')),
        revision INTEGER NOT NULL DEFAULT 1,
        queued_at INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX contacts_by_book ON contacts (book, state);
    CREATE INDEX contacts_by_name ON contacts (sort_key, id);
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        local_vcard TEXT NOT NULL,
        local_index TEXT NOT NULL,
        found_at INTEGER NOT NULL
    );
    CREATE INDEX conflicts_by_contact ON conflicts (contact_id);
    CREATE VIRTUAL TABLE contacts_fts USING fts5 (
        display_name, emails, phones, org,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    "#,
    // 2: the calendar home and the list of calendars.
    r#"
    ALTER TABLE account ADD COLUMN calendar_home TEXT;
    CREATE TABLE calendars (
        href TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        color TEXT,
        read_only INTEGER NOT NULL,
        supports_sync INTEGER NOT NULL,
        sync_token TEXT,
        ctag TEXT
    );
    "#,
];

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}
