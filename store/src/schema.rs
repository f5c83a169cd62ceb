//! Ordered migrations. Never edit a shipped step; add the next one.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::StoreError;

enum Step {
    Sql(&'static str),
    /// For changes SQL alone cannot make (re-indexing with Rust folding).
    Code(fn(&Transaction) -> Result<(), StoreError>),
}

use Step::{Code, Sql};

const MIGRATIONS: &[Step] = &[
    // 1: account, address books, contacts with their sync state, conflicts,
    // full-text search.
    Sql(r#"
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
    "#),
    // 2: the calendar home and the list of calendars.
    Sql(r#"
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
    "#),
    // 3: the outbox position found by index, not by scanning every contact.
    Sql("CREATE INDEX contacts_by_queue ON contacts (queued_at);"),
    // 4: search text folded in Rust (ligatures, decomposed accents), so
    // rows indexed before must be indexed again.
    Code(super::search::reindex_all),
    // 5: contacts and events share one items table and its sync state;
    // events are indexed by the time span their occurrences cover.
    Sql(r#"
    ALTER TABLE contacts RENAME TO items;
    ALTER TABLE items RENAME COLUMN book TO collection;
    ALTER TABLE items RENAME COLUMN vcard TO data;
    ALTER TABLE items ADD COLUMN kind TEXT NOT NULL DEFAULT 'contact';
    DROP INDEX contacts_by_book;
    DROP INDEX contacts_by_name;
    DROP INDEX contacts_by_queue;
    CREATE INDEX items_by_collection ON items (collection, state);
    CREATE INDEX items_by_name ON items (kind, sort_key, id);
    CREATE INDEX items_by_queue ON items (queued_at);
    ALTER TABLE conflicts RENAME COLUMN contact_id TO item_id;
    ALTER TABLE conflicts RENAME COLUMN local_vcard TO local_data;
    DROP INDEX conflicts_by_contact;
    CREATE INDEX conflicts_by_item ON conflicts (item_id);
    UPDATE conflicts SET local_index = json_object('Contact', json(local_index));
    CREATE TABLE event_series (
        item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        first_start INTEGER NOT NULL,
        last_end INTEGER
    );
    CREATE INDEX event_series_by_start ON event_series (first_start, last_end);
    "#),
    // 6: one collections table for every kind, tokens and ctags kept.
    Sql(r#"
    CREATE TABLE collections (
        href TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        display_name TEXT NOT NULL,
        color TEXT,
        read_only INTEGER NOT NULL,
        supports_sync INTEGER NOT NULL,
        sync_token TEXT,
        ctag TEXT
    );
    INSERT INTO collections (href, kind, display_name, color, read_only, supports_sync, sync_token, ctag)
        SELECT href, 'contact', display_name, NULL, read_only, supports_sync, sync_token, ctag FROM address_books;
    INSERT OR IGNORE INTO collections (href, kind, display_name, color, read_only, supports_sync, sync_token, ctag)
        SELECT href, 'event', display_name, color, read_only, supports_sync, sync_token, ctag FROM calendars;
    DROP TABLE address_books;
    DROP TABLE calendars;
    "#),
    // 7: the versions pushes are sending (a JSON list), kept until an answer
    // is known, so a push whose answer was lost is recognised as the
    // member's own.
    Sql("ALTER TABLE items ADD COLUMN sent_data TEXT;"),
    // 8: conflict numbers are never given twice (AUTOINCREMENT): a member
    // resolving "conflict 3" must never reach a newer one that took its number.
    Sql(r#"
    CREATE TABLE conflicts_numbered (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        local_data TEXT NOT NULL,
        local_index TEXT NOT NULL,
        found_at INTEGER NOT NULL
    );
    INSERT INTO conflicts_numbered (id, item_id, local_data, local_index, found_at)
        SELECT id, item_id, local_data, local_index, found_at FROM conflicts;
    DROP TABLE conflicts;
    ALTER TABLE conflicts_numbered RENAME TO conflicts;
    CREATE INDEX conflicts_by_item ON conflicts (item_id);
    "#),
    // 9: notes (files in the member's Notes folder): their date and first
    // lines, full-text search over title and text; the account's folder.
    Sql(r#"
    ALTER TABLE account ADD COLUMN notes_folder TEXT;
    CREATE TABLE notes (
        item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        modified INTEGER NOT NULL,
        preview TEXT NOT NULL,
        unreadable INTEGER NOT NULL,
        too_large INTEGER
    );
    CREATE INDEX notes_by_modified ON notes (modified);
    CREATE VIRTUAL TABLE notes_fts USING fts5 (
        title, body,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    "#),
    // 10: a rename or change of folder waiting for its MOVE: the row stays
    // where the server has it until then.
    Sql(r#"
    ALTER TABLE items ADD COLUMN move_to TEXT;
    ALTER TABLE items ADD COLUMN move_to_collection TEXT;
    "#),
    // 11: the cooperative's announcements: their sources (feeds, the
    // Announcement Center) with what polling keeps, and the entries with
    // the member's read state. A source's URL is its key: a permanent
    // redirect renames it, and its entries follow.
    Sql(r#"
    CREATE TABLE news_sources (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('feed', 'ocs')),
        language TEXT,
        title TEXT,
        added_by_member INTEGER NOT NULL,
        added_at INTEGER NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_success INTEGER,
        failures INTEGER NOT NULL DEFAULT 0,
        failing_since INTEGER,
        last_failure INTEGER,
        retry_after_until INTEGER,
        max_age_until INTEGER,
        next_poll INTEGER,
        last_error TEXT
    );
    CREATE TABLE announcements (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL REFERENCES news_sources (url) ON DELETE CASCADE ON UPDATE CASCADE,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        link TEXT,
        published INTEGER,
        updated INTEGER,
        sort_date INTEGER,
        language TEXT,
        data TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        notified INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX announcements_by_date ON announcements (sort_date DESC, uid);
    CREATE INDEX announcements_by_source ON announcements (source);
    "#),
    // 12: the server's text an edit started from, so a file renamed on the
    // server meanwhile is recognised by its text and the edit follows it;
    // whether the cooperative's feeds were looked for, so a kill before the
    // first sync ends does not skip it.
    Sql(r#"
    ALTER TABLE items ADD COLUMN base_data TEXT;
    ALTER TABLE account ADD COLUMN news_discovered INTEGER NOT NULL DEFAULT 0;
    "#),
    // 13: occurrences kept, as Android's calendar keeps its instances: a
    // view reads a range instead of parsing and expanding every series. An
    // event written (its time span indexed again) loses its occurrences and
    // gets a new generation; the core expands it when a view needs it, and
    // its answer is kept only if that generation is still the event's.
    Sql(r#"
    CREATE TABLE occurrence_window (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        zone TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        longest INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE occurrence_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL
    );
    INSERT INTO occurrence_clock (id, generation) VALUES (1, 0);
    -- state: 'stale' (to expand), 'kept' (its rows cover the window),
    -- 'view_only' (unreadable or too many occurrences: expanded per view),
    -- 'outside' (not in the window: nothing to keep until it is).
    CREATE TABLE occurrence_items (
        item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('stale', 'kept', 'view_only', 'outside')),
        generation INTEGER NOT NULL
    );
    CREATE INDEX occurrence_items_by_state ON occurrence_items (state);
    CREATE TABLE occurrences (
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        first_day INTEGER,
        end_day INTEGER,
        summary TEXT NOT NULL,
        location TEXT NOT NULL,
        occurrence TEXT,
        recurring INTEGER NOT NULL,
        zone TEXT,
        -- The event's calendar and whether it waits to be sent, kept in
        -- step with its row by a trigger: a view never reads the events.
        calendar TEXT NOT NULL,
        pending INTEGER NOT NULL
    );
    CREATE INDEX occurrences_by_start ON occurrences (start_ms);
    CREATE INDEX occurrences_by_item ON occurrences (item_id);
    -- write_index replaces an event's row (INSERT OR REPLACE): every write
    -- of an event's text comes here.
    CREATE TRIGGER event_indexed AFTER INSERT ON event_series BEGIN
        UPDATE occurrence_clock SET generation = generation + 1;
        DELETE FROM occurrences WHERE item_id = NEW.item_id;
        INSERT INTO occurrence_items (item_id, state, generation)
            VALUES (NEW.item_id, 'stale', (SELECT generation FROM occurrence_clock))
            ON CONFLICT (item_id) DO UPDATE SET state = 'stale', generation = excluded.generation;
    END;
    CREATE TRIGGER event_state_changed AFTER UPDATE OF state, collection ON items
    WHEN NEW.kind = 'event' AND (NEW.state IS NOT OLD.state OR NEW.collection IS NOT OLD.collection) BEGIN
        UPDATE occurrences SET calendar = NEW.collection, pending = NEW.state != 'clean' WHERE item_id = NEW.id;
        -- Deleted, waiting for the server: out of every view; back (the
        -- member kept it after all): expanded again.
        DELETE FROM occurrences WHERE item_id = NEW.id AND (NEW.state = 'deleted' OR OLD.state = 'deleted');
        UPDATE occurrence_items SET state = 'stale'
            WHERE item_id = NEW.id AND (NEW.state = 'deleted' OR OLD.state = 'deleted');
    END;
    CREATE TRIGGER event_unindexed AFTER DELETE ON event_series BEGIN
        DELETE FROM occurrences WHERE item_id = OLD.item_id;
        DELETE FROM occurrence_items WHERE item_id = OLD.item_id;
    END;
    INSERT INTO occurrence_items (item_id, state, generation) SELECT item_id, 'stale', 0 FROM event_series;
    "#),
    // 14: the calendar the server puts new events in (RFC 6638), found at
    // sign-in; accounts signed in before have none (the app then chooses).
    Sql(r#"
    ALTER TABLE account ADD COLUMN default_calendar TEXT;
    "#),
    // 15: when the last sync that reached every collection ended, so a
    // restart still says how fresh the data is; none before the next one.
    Sql(r#"
    ALTER TABLE account ADD COLUMN last_synced INTEGER;
    "#),
    // 16: `kind` was added after `data`, so it sits behind the text's
    // overflow pages: counting one kind's pending items (each view) read
    // every item's whole text. The index answers it alone.
    // Reminders read only the events with an alarm; one indexed before
    // this is read to find out (1) until it is written again.
    Sql(r#"
    CREATE INDEX items_by_kind_state ON items (kind, state);
    ALTER TABLE event_series ADD COLUMN alarms INTEGER NOT NULL DEFAULT 1;
    "#),
    // 17: the reminders of the days ahead, computed once and read at each
    // start until an event is written (its row replaced), deleted, or its
    // state changes: each moves the clock on. One span, in one zone.
    Sql(r#"
    CREATE TABLE reminder_clock (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
    INSERT INTO reminder_clock (id, generation) VALUES (1, 0);
    CREATE TABLE reminder_span (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        zone TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        generation INTEGER NOT NULL
    );
    CREATE TABLE reminders (
        at_ms INTEGER NOT NULL,
        starts_ms INTEGER NOT NULL,
        ends_ms INTEGER NOT NULL,
        uid TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX reminders_by_time ON reminders (at_ms);
    CREATE TRIGGER reminders_event_written AFTER INSERT ON event_series BEGIN
        UPDATE reminder_clock SET generation = generation + 1;
    END;
    CREATE TRIGGER reminders_event_removed AFTER DELETE ON event_series BEGIN
        UPDATE reminder_clock SET generation = generation + 1;
    END;
    CREATE TRIGGER reminders_event_state_changed AFTER UPDATE OF state ON items
    WHEN NEW.kind = 'event' AND NEW.state IS NOT OLD.state BEGIN
        UPDATE reminder_clock SET generation = generation + 1;
    END;
    "#),
    // 18: a window widened keeps what it held: an event kept before is
    // 'stale' with the part its rows cover (`kept_from`, `kept_to`), and
    // only the rest is expanded when a view needs it. Every write that
    // drops an event's rows drops that part with them.
    Sql(r#"
    ALTER TABLE occurrence_items ADD COLUMN kept_from INTEGER;
    ALTER TABLE occurrence_items ADD COLUMN kept_to INTEGER;
    DROP TRIGGER event_indexed;
    CREATE TRIGGER event_indexed AFTER INSERT ON event_series BEGIN
        UPDATE occurrence_clock SET generation = generation + 1;
        DELETE FROM occurrences WHERE item_id = NEW.item_id;
        INSERT INTO occurrence_items (item_id, state, generation)
            VALUES (NEW.item_id, 'stale', (SELECT generation FROM occurrence_clock))
            ON CONFLICT (item_id) DO UPDATE
            SET state = 'stale', generation = excluded.generation, kept_from = NULL, kept_to = NULL;
    END;
    DROP TRIGGER event_state_changed;
    CREATE TRIGGER event_state_changed AFTER UPDATE OF state, collection ON items
    WHEN NEW.kind = 'event' AND (NEW.state IS NOT OLD.state OR NEW.collection IS NOT OLD.collection) BEGIN
        UPDATE occurrences SET calendar = NEW.collection, pending = NEW.state != 'clean' WHERE item_id = NEW.id;
        DELETE FROM occurrences WHERE item_id = NEW.id AND (NEW.state = 'deleted' OR OLD.state = 'deleted');
        UPDATE occurrence_items SET state = 'stale', kept_from = NULL, kept_to = NULL
            WHERE item_id = NEW.id AND (NEW.state = 'deleted' OR OLD.state = 'deleted');
    END;
    "#),
    // 19: a view reads the occurrences of a span: kept in start order
    // (clustered on it), a month is one run of pages, where a row table
    // behind an index cost one B-tree descent per occurrence. `seq` tells
    // apart an event's occurrences that start together. They are a cache:
    // dropped, and kept again by the next view or sync.
    Sql(r#"
    DROP TABLE occurrences;
    CREATE TABLE occurrences (
        start_ms INTEGER NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        first_day INTEGER,
        end_day INTEGER,
        summary TEXT NOT NULL,
        location TEXT NOT NULL,
        occurrence TEXT,
        recurring INTEGER NOT NULL,
        zone TEXT,
        calendar TEXT NOT NULL,
        pending INTEGER NOT NULL,
        PRIMARY KEY (start_ms, item_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX occurrences_by_item ON occurrences (item_id);
    DELETE FROM occurrence_window;
    UPDATE occurrence_items SET state = 'outside', kept_from = NULL, kept_to = NULL;
    "#),
    // 20: a contact's or a note's line in a list or a search (name, first
    // e-mail and phone, organisation, collection, state, a move waiting)
    // read from indexes alone. In the table these columns sit behind the
    // item's text, so a card with a photo (or a long note) made every list
    // walk the text's overflow pages first (a third of 50,000 cards with
    // 40 KB photos: a list ten times slower, a search twelve). By name for
    // the contacts' list; by id for search matches and notes.
    Sql(r#"
    DROP INDEX items_by_name;
    CREATE INDEX items_by_name ON items (kind, sort_key, id, state, collection, display_name, emails, phones, org);
    CREATE INDEX items_summary_by_id
        ON items (id, kind, state, sort_key, collection, display_name, emails, phones, org, move_to, move_to_collection);
    "#),
    // 21: prefix indexes of two and three characters, as members type a
    // search one letter at a time: "ma", "+32 470", "van den" read the
    // index's entries for the prefix instead of merging every word that
    // starts with it (at 50,000 contacts "32"* AND "470"* fell from 17 ms
    // to 0.4 ms). The text indexed is copied as it is, already folded.
    Sql(r#"
    CREATE VIRTUAL TABLE contacts_fts_prefixed USING fts5 (
        display_name, emails, phones, org,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    INSERT INTO contacts_fts_prefixed (rowid, display_name, emails, phones, org)
        SELECT rowid, display_name, emails, phones, org FROM contacts_fts;
    DROP TABLE contacts_fts;
    ALTER TABLE contacts_fts_prefixed RENAME TO contacts_fts;
    "#),
    // 22: whether the server's origin asked for credentials, so later
    // sessions send them with their first request; accounts signed in
    // before learn it at their next sync.
    Sql("ALTER TABLE account ADD COLUMN credentials_asked INTEGER NOT NULL DEFAULT 0;"),
    // 23: the groups a contact is filed under (vCard CATEGORIES) searched
    // too: the index gains a column, its rows copied as they are.
    Sql(r#"
    CREATE VIRTUAL TABLE contacts_fts_grouped USING fts5 (
        display_name, emails, phones, org, categories,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    INSERT INTO contacts_fts_grouped (rowid, display_name, emails, phones, org, categories)
        SELECT rowid, display_name, emails, phones, org, '' FROM contacts_fts;
    DROP TABLE contacts_fts;
    ALTER TABLE contacts_fts_grouped RENAME TO contacts_fts;
    "#),
    // 24: the contacts filed under groups indexed again from their vCards.
    Code(super::search::index_categories),
];

/// The schema version this code writes.
pub const CURRENT: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, CURRENT)
}

/// All pending steps in one transaction: a database is either fully
/// upgraded or untouched. IMMEDIATE, and the version read inside it, so two
/// processes opening the same file never run a step twice.
fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found > CURRENT {
        return Err(StoreError::TooNew { found, known: CURRENT });
    }
    if found >= target {
        return Ok(());
    }
    for step in &MIGRATIONS[found as usize..target as usize] {
        match step {
            Sql(sql) => tx.execute_batch(sql)?,
            Code(run) => run(&tx)?,
        }
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// An older database, as a previous release left it.
#[cfg(test)]
pub fn create_at_version(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    migrate_to(conn, target)
}
