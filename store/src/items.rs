//! Items (contacts, events) with their sync state: the rows every kind
//! shares, and the member's own reads and edits.
//!
//! An item row is the member's current version of one server resource;
//! its [`ItemState`] says what the server has not seen yet.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use shared::effects::store::{
    ContactInitial, ContactList, ContactSummary, ItemIndex, ItemRecord, NoteList, NoteSummary, RemoteItem,
};
use shared::kinds::{ContactKind, ItemKind, StaticKind};

use super::kinds::{columns, from_json, remove_index, write_index};
use super::name_order::NamesKept;
use super::state::ItemState;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub fn remove_row(tx: &Transaction, id: i64) -> Result<()> {
    remove_index(tx, id)?;
    tx.prepare_cached("DELETE FROM items WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Outbox order: the place a change takes when it enters the queue.
pub fn next_queue_position(tx: &Transaction) -> Result<i64> {
    Ok(tx.prepare_cached("SELECT COALESCE(MAX(queued_at), 0) + 1 FROM items")?.query_row([], |r| r.get(0))?)
}

/// The state and revision of an item, or `NotFound`.
pub fn require_item(tx: &Transaction, id: i64) -> Result<(ItemState, i64)> {
    tx.query_row("SELECT state, revision FROM items WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Gives `href` to item `id`. Another row holding it is a stale copy of
/// the same server resource (pulled before our push was recorded): it goes
/// if clean; with unsynced edits of its own it is refused, never dropped.
pub fn claim_href(tx: &Transaction, id: i64, href: &str) -> Result<()> {
    let holder: Option<(i64, ItemState)> = tx
        .prepare_cached("SELECT id, state FROM items WHERE href = ?1 AND id != ?2")?
        .query_row(params![href, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match holder {
        None => Ok(()),
        Some((other, ItemState::Clean)) => {
            tx.prepare_cached("UPDATE conflicts SET item_id = ?2 WHERE item_id = ?1")?.execute([other, id])?;
            remove_row(tx, other)
        }
        Some((other, _)) => {
            Err(StoreError::Invalid(format!("{href} is held by item {other}, which has unsynced changes")))
        }
    }
}

pub fn insert_item(
    tx: &Transaction,
    collection: &str,
    href: Option<&str>,
    etag: Option<&str>,
    data: &str,
    index: &ItemIndex,
    state: ItemState,
) -> Result<i64> {
    let queued = if state == ItemState::Clean { 0 } else { next_queue_position(tx)? };
    let c = columns(index);
    tx.prepare_cached(
        "INSERT INTO items (kind, collection, href, etag, uid, data, display_name, sort_key, emails, phones, org, state, revision, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13)",
    )?
    .execute(params![c.kind, collection, href, etag, c.uid, data, c.display_name, c.sort_key, c.emails, c.phones, c.org, state, queued])?;
    let id = tx.last_insert_rowid();
    write_index(tx, id, index)?;
    Ok(id)
}

/// Replaces a row's content with the server's version, clean.
pub fn take_server_version(tx: &Transaction, id: i64, remote: &RemoteItem) -> Result<()> {
    claim_href(tx, id, &remote.href)?;
    let c = columns(&remote.index);
    tx.prepare_cached(
        "UPDATE items SET href = ?2, etag = ?3, uid = ?4, data = ?5, display_name = ?6, sort_key = ?7,
           emails = ?8, phones = ?9, org = ?10, state = ?11, revision = revision + 1, queued_at = 0,
           sent_data = NULL
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
        c.org,
        ItemState::Clean
    ])?;
    write_index(tx, id, &remote.index)
}

/// The server lost it: the member's version is pushed again as new.
pub fn become_create(tx: &Transaction, id: i64) -> Result<()> {
    let queued = next_queue_position(tx)?;
    tx.prepare_cached(
        "UPDATE items SET href = NULL, etag = NULL, state = ?3, sent_data = NULL,
           queued_at = CASE WHEN queued_at = 0 THEN ?2 ELSE queued_at END
         WHERE id = ?1",
    )?
    .execute(params![id, queued, ItemState::Created])?;
    Ok(())
}

// ------------------------------------------------------------ reads

const SUMMARY_COLUMNS: &str = "c.id, c.collection, c.display_name, c.emails, c.phones, c.org, c.state,
    EXISTS (SELECT 1 FROM conflicts k WHERE k.item_id = c.id)";

pub(crate) fn summary(r: &Row) -> rusqlite::Result<ContactSummary> {
    Ok(ContactSummary {
        id: r.get(0)?,
        book: r.get(1)?,
        display_name: r.get(2)?,
        email: from_json(&r.get::<_, String>(3)?).into_iter().next(),
        phone: from_json(&r.get::<_, String>(4)?).into_iter().next(),
        org: r.get(5)?,
        pending: r.get::<_, ItemState>(6)? != ItemState::Clean,
        has_conflict: r.get(7)?,
    })
}

/// Every contact by name: from the index by name alone (migration 20).
pub(crate) fn list_contacts_sql() -> String {
    format!("SELECT {SUMMARY_COLUMNS} FROM items c WHERE c.kind = ?1 AND c.state != ?2 ORDER BY c.sort_key, c.id")
}

/// A contact's line, read from the index by id alone.
pub(crate) fn contact_by_id_sql() -> String {
    format!("SELECT {SUMMARY_COLUMNS} FROM items c INDEXED BY items_summary_by_id WHERE c.id = ?1")
}

/// Items of `kind` created, changed or deleted here and not yet sent: the
/// member's count of what waits, whatever a list, a search or a view shows.
pub(crate) fn pending(tx: &Transaction, kind: ItemKind) -> Result<usize> {
    let n: i64 = tx
        // Three short runs of the (kind, state) index; `!= 'clean'` would
        // walk every entry of the kind.
        .prepare_cached("SELECT count(*) FROM items WHERE kind = ?1 AND state IN (?2, ?3, ?4)")?
        .query_row(params![kind.tag(), ItemState::Created, ItemState::Modified, ItemState::Deleted], |r| r.get(0))?;
    Ok(n.try_into().unwrap_or_default())
}

/// Notes waiting to be sent: as [`pending`], and those otherwise unchanged
/// that wait only for a rename or a move.
fn pending_notes(tx: &Transaction) -> Result<usize> {
    let moved: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM notes n CROSS JOIN items i INDEXED BY items_summary_by_id ON i.id = n.item_id
             WHERE i.state = ?1 AND i.move_to IS NOT NULL",
        )?
        .query_row(params![ItemState::Clean], |r| r.get(0))?;
    Ok(pending(tx, ItemKind::Note)? + usize::try_from(moved).unwrap_or_default())
}

/// The first `shown` contacts by name, how many there are, and where each
/// initial begins. Reading every contact cost 53 ms at 50,000 after each
/// sync or edit, and the core, the bridge and the shells then held them all.
pub fn first_contacts(tx: &Transaction, shown: usize) -> Result<ContactList> {
    let limit = i64::try_from(shown).unwrap_or(i64::MAX);
    let shown = tx
        .prepare_cached(&format!("{} LIMIT ?3", list_contacts_sql()))?
        .query_map(params![ContactKind::KIND.tag(), ItemState::Deleted, limit], summary)?
        .collect::<rusqlite::Result<_>>()?;
    let (initials, found) = initials(tx)?;
    Ok(ContactList { shown, found, pending: pending(tx, ContactKind::KIND)?, initials })
}

/// The runs of one initial in the whole list, and how many contacts there
/// are. The first characters of the names are found by seeking the name
/// index one character past the last, and each run is counted alone:
/// together one walk of the name index (7 ms at 50,000 contacts), where
/// grouping by a computed initial walked it and sorted too (18 ms).
fn initials(tx: &Transaction) -> Result<(Vec<ContactInitial>, usize)> {
    let kind = ContactKind::KIND.tag();
    let mut next = tx.prepare_cached(
        "SELECT sort_key FROM items WHERE kind = ?1 AND sort_key >= ?2 AND state != ?3 ORDER BY sort_key LIMIT 1",
    )?;
    let mut count = tx.prepare_cached(
        "SELECT count(*) FROM items WHERE kind = ?1 AND sort_key >= ?2 AND sort_key < ?3 AND state != ?4",
    )?;
    let mut out: Vec<ContactInitial> = Vec::new();
    let (mut from, mut position) = (String::new(), 0);
    while let Some(key) =
        next.query_row(params![kind, from, ItemState::Deleted], |r| r.get::<_, String>(0)).optional()?
    {
        // The run of names beginning with `key`'s first character (an
        // empty name sorts first, alone).
        let start: String = key.chars().take(1).collect();
        // The next character, over the surrogates' gap; none after the last.
        let end = match key.chars().next() {
            Some(c) => (u32::from(c) + 1..=u32::from(char::MAX)).find_map(char::from_u32).map(String::from),
            None => Some("\u{1}".into()),
        };
        let n: i64 = match &end {
            Some(end) => count.query_row(params![kind, start, end, ItemState::Deleted], |r| r.get(0))?,
            None => tx
                .prepare_cached("SELECT count(*) FROM items WHERE kind = ?1 AND sort_key >= ?2 AND state != ?3")?
                .query_row(params![kind, start, ItemState::Deleted], |r| r.get(0))?,
        };
        add_run(&mut out, shared::contacts::text::initial(&key), position);
        position += usize::try_from(n).unwrap_or_default();
        let Some(end) = end else { break };
        from = end;
    }
    Ok((out, position))
}

/// A run of one initial, starting at `first`, unless the last run has the
/// same letter: names that begin differently may share one ("0…" and
/// "1…" are both under "#"). "#" may still recur further on: digits sort
/// before the letters, "‘" after them.
fn add_run(runs: &mut Vec<ContactInitial>, letter: String, first: usize) {
    if runs.last().is_none_or(|last| last.letter != letter) {
        runs.push(ContactInitial { letter, first });
    }
}

/// The runs of one initial among the contacts listed.
pub(crate) fn runs(listed: &[ContactSummary]) -> Vec<ContactInitial> {
    let mut out = Vec::new();
    for (position, c) in listed.iter().enumerate() {
        add_run(&mut out, shared::contacts::text::initial(&c.display_name), position);
    }
    out
}

/// The first `shown` contacts by name that match `query`, and how many
/// match in all (deleted ones left out of both): placed by the order by
/// name `names` keeps, or from the table.
pub fn search_contacts(tx: &Transaction, query: &str, shown: usize, names: &mut NamesKept) -> Result<ContactList> {
    let Some(fts) = super::search::fts_query(query) else {
        return first_contacts(tx, shown);
    };
    // The matches' ids, ascending: the full-text index reads them from its
    // lists of ids alone, without a row of either table.
    let matches: Vec<i64> = tx
        .prepare_cached("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1 ORDER BY rowid")?
        .query_map([&fts], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match names.current(tx)? {
        Some(order) => order.first_of(tx, &matches, shown),
        None => first_by_table(tx, &fts, &matches, shown),
    }
}

/// A search's first matches by name, each read from the index by id alone.
pub(crate) fn search_contacts_sql() -> String {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM contacts_fts f JOIN items c INDEXED BY items_summary_by_id ON c.id = f.rowid
         WHERE contacts_fts MATCH ?1 AND c.state != ?2 ORDER BY c.sort_key, c.id LIMIT ?3"
    )
}

/// Above this many matches a search's first page is read by walking the
/// contacts by name, each checked against the matches, rather than by
/// looking up and sorting every match: at 50,000 contacts, "nubo coop"
/// matches 17,000, and its first hundred lie within the first 300 names.
const SORT_EVERY_MATCH_UP_TO: usize = 1_000;

/// The first `shown` of `matches` (ascending ids, of the full-text query
/// `fts`) by name, without an order kept: from the table.
fn first_by_table(tx: &Transaction, fts: &str, matches: &[i64], shown: usize) -> Result<ContactList> {
    let pending = pending(tx, ContactKind::KIND)?;
    let matched = |id: &i64| matches.binary_search(id).is_ok();
    // Deleted contacts wait in the index for their deletion to be sent.
    let deleted = tx
        .prepare_cached("SELECT id FROM items WHERE kind = ?1 AND state = ?2")?
        .query_map(params![ContactKind::KIND.tag(), ItemState::Deleted], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let found = matches.len() - deleted.iter().filter(|id| matched(id)).count();
    if found <= SORT_EVERY_MATCH_UP_TO {
        let mut stmt = tx.prepare_cached(&search_contacts_sql())?;
        let limit = i64::try_from(shown).unwrap_or(i64::MAX);
        let first: Vec<ContactSummary> =
            stmt.query_map(params![fts, ItemState::Deleted, limit], summary)?.collect::<rusqlite::Result<_>>()?;
        return Ok(ContactList { initials: runs(&first), shown: first, found, pending });
    }
    let mut stmt = tx.prepare_cached(&list_contacts_sql())?;
    let mut rows = stmt.query(params![ContactKind::KIND.tag(), ItemState::Deleted])?;
    let mut first = Vec::with_capacity(shown.min(found));
    while first.len() < shown {
        let Some(row) = rows.next()? else { break };
        if matched(&row.get(0)?) {
            first.push(summary(row)?);
        }
    }
    Ok(ContactList { initials: runs(&first), shown: first, found, pending })
}

fn note_summary(r: &Row) -> rusqlite::Result<NoteSummary> {
    Ok(NoteSummary {
        id: r.get(0)?,
        collection: r.get(1)?,
        title: r.get(2)?,
        preview: r.get(3)?,
        modified: r.get(4)?,
        pending: r.get::<_, ItemState>(5)? != ItemState::Clean,
        has_conflict: r.get(6)?,
        unreadable: r.get(7)?,
        too_large: r.get::<_, Option<i64>>(8)?.map(|b| b.unsigned_abs()),
    })
}

const NOTE_COLUMNS: &str = "i.id, COALESCE(i.move_to_collection, i.collection), i.display_name, n.preview,
    n.modified, CASE WHEN i.move_to IS NULL THEN i.state ELSE 'modified' END,
    EXISTS (SELECT 1 FROM conflicts k WHERE k.item_id = i.id), n.unreadable, n.too_large";

/// Every note, newest first, each line read from the index by id alone.
pub(crate) fn list_notes_sql() -> String {
    format!(
        // CROSS JOIN: the notes drive, each looked up by id (left to itself,
        // SQLite would walk every item's entry to find the notes).
        "SELECT {NOTE_COLUMNS} FROM notes n CROSS JOIN items i INDEXED BY items_summary_by_id ON i.id = n.item_id
         WHERE i.state != ?1 ORDER BY n.modified DESC, i.sort_key, i.id"
    )
}

/// The notes a search finds, as [`list_notes_sql`] reads them.
pub(crate) fn search_notes_sql() -> String {
    format!(
        "SELECT {NOTE_COLUMNS} FROM notes_fts f JOIN notes n ON n.item_id = f.rowid
           JOIN items i INDEXED BY items_summary_by_id ON i.id = f.rowid
         WHERE notes_fts MATCH ?1 AND i.state != ?2 ORDER BY n.modified DESC, i.sort_key, i.id"
    )
}

/// Notes, newest first; a query keeps those whose title or text hold
/// every word it has (as contacts are searched).
pub fn list_notes(tx: &Transaction, query: &str) -> Result<NoteList> {
    let rows = match super::search::fts_query(query) {
        None => tx
            .prepare_cached(&list_notes_sql())?
            .query_map(params![ItemState::Deleted], note_summary)?
            .collect::<rusqlite::Result<_>>()?,
        Some(fts) => tx
            .prepare_cached(&search_notes_sql())?
            .query_map(params![fts, ItemState::Deleted], note_summary)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(NoteList { notes: rows, pending: pending_notes(tx)? })
}

pub fn record(r: &Row) -> rusqlite::Result<ItemRecord> {
    Ok(ItemRecord {
        id: r.get(0)?,
        collection: r.get(1)?,
        href: r.get(2)?,
        etag: r.get(3)?,
        uid: r.get(4)?,
        data: r.get(5)?,
        pending: r.get::<_, ItemState>(6)? != ItemState::Clean,
    })
}

pub fn get_item(tx: &Transaction, id: i64) -> Result<Option<ItemRecord>> {
    Ok(tx
        .query_row(
            "SELECT id, collection, href, etag, uid, data, state FROM items WHERE id = ?1 AND state != ?2",
            params![id, ItemState::Deleted],
            record,
        )
        .optional()?)
}

/// Events that may have an occurrence in `[from, to)`: the index holds each
/// series' first start and last end, and whether it has an alarm, so a
/// month reads only what can show and the reminders only what can ring.
pub fn list_events(tx: &Transaction, from: i64, to: i64, only_with_alarms: bool) -> Result<Vec<ItemRecord>> {
    let mut stmt = tx.prepare_cached(
        "SELECT i.id, i.collection, i.href, i.etag, i.uid, i.data, i.state
         FROM event_series e JOIN items i ON i.id = e.item_id
         WHERE (e.alarms OR NOT ?4) AND e.first_start < ?2 AND (e.last_end IS NULL OR e.last_end > ?1) AND i.state != ?3
         ORDER BY e.first_start, i.id",
    )?;
    let rows = stmt
        .query_map(params![from, to, ItemState::Deleted, only_with_alarms], record)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ------------------------------------------------------------ member edits

pub fn save_item(tx: &Transaction, id: Option<i64>, collection: &str, data: &str, index: &ItemIndex) -> Result<i64> {
    let Some(id) = id else {
        return insert_item(tx, collection, None, None, data, index, ItemState::Created);
    };
    let (state, _) = require_item(tx, id)?;
    if state == ItemState::Deleted {
        return Err(StoreError::Refused(format!("item {id} was deleted")));
    }
    write_member_version(tx, id, data, index)?;
    Ok(id)
}

/// A member's edit of an item that held `started_from` when they began.
/// A version a sync took in meanwhile (another device's) stays: the
/// member's is kept beside it as a conflict, for them to choose; writing it
/// over would drop the other edit without anyone knowing. The same content
/// as the server spells it again is no change. False when kept as a conflict.
pub fn edit_item(
    tx: &Transaction,
    id: i64,
    collection: &str,
    data: &str,
    index: &ItemIndex,
    started_from: &str,
    now: i64,
) -> Result<bool> {
    if changed_since(tx, id, started_from)?.is_some_and(|current| current != data) {
        super::conflicts::keep_version(tx, id, data, index, now)?;
        return Ok(false);
    }
    save_item(tx, Some(id), collection, data, index)?;
    Ok(true)
}

/// A member's delete of the item as they saw it (`started_from`). When
/// another version arrived since, nothing is deleted: the member sees that
/// version first, since nobody decided to drop it. False when so.
pub fn delete_seen(tx: &Transaction, id: i64, started_from: &str) -> Result<bool> {
    if changed_since(tx, id, started_from)?.is_some() {
        return Ok(false);
    }
    delete_item(tx, id)?;
    Ok(true)
}

/// The item's content when it is no longer what the member started from
/// (the same content as a server spells it again is no change).
fn changed_since(tx: &Transaction, id: i64, started_from: &str) -> Result<Option<String>> {
    let (kind, current): (String, String) = tx
        .prepare_cached("SELECT kind, data FROM items WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let unchanged = ItemKind::same_content(ItemKind::from_tag(&kind), &current, started_from);
    Ok((!unchanged).then_some(current))
}

/// The member's version becomes the row's content, queued for push. A row
/// pending delete comes back as an edit (only reached by KeepMine).
pub fn write_member_version(tx: &Transaction, id: i64, data: &str, index: &ItemIndex) -> Result<()> {
    let queued = next_queue_position(tx)?;
    let c = columns(index);
    tx.prepare_cached(
        "UPDATE items SET base_data = CASE WHEN state = 'clean' THEN data ELSE base_data END,
           data = ?2, uid = ?3, display_name = ?4, sort_key = ?5, emails = ?6, phones = ?7,
           org = ?8, revision = revision + 1,
           queued_at = CASE WHEN queued_at = 0 THEN ?9 ELSE queued_at END,
           state = CASE state WHEN ?10 THEN ?10 ELSE ?11 END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        data,
        c.uid,
        c.display_name,
        c.sort_key,
        c.emails,
        c.phones,
        c.org,
        queued,
        ItemState::Created,
        ItemState::Modified
    ])?;
    write_index(tx, id, index)
}

/// The member renames an item or puts it in another folder. Never on the
/// server yet: it is simply created there. Otherwise the row stays where
/// the server has it (so listings of its folder still match it) and the
/// MOVE waits in `move_to`; the list shows it at its new place at once.
pub fn move_item(tx: &Transaction, id: i64, collection: &str, href: Option<&str>, index: &ItemIndex) -> Result<()> {
    let (state, _) = require_item(tx, id)?;
    if state == ItemState::Deleted {
        return Err(StoreError::Refused(format!("item {id} was deleted")));
    }
    let current: Option<String> = tx.query_row("SELECT href FROM items WHERE id = ?1", [id], |r| r.get(0))?;
    let c = columns(index);
    match (current, href) {
        (Some(current), Some(target)) => {
            // Moved back where the server has it: nothing left to move.
            let back = current == target;
            tx.prepare_cached(
                "UPDATE items SET uid = ?2, display_name = ?3, sort_key = ?4,
                   move_to = CASE WHEN ?5 THEN NULL ELSE ?6 END,
                   move_to_collection = CASE WHEN ?5 THEN NULL ELSE ?7 END
                 WHERE id = ?1",
            )?
            .execute(params![id, c.uid, c.display_name, c.sort_key, back, target, collection])?;
        }
        _ => {
            tx.prepare_cached(
                "UPDATE items SET uid = ?2, display_name = ?3, sort_key = ?4, collection = ?5 WHERE id = ?1",
            )?
            .execute(params![id, c.uid, c.display_name, c.sort_key, collection])?;
        }
    }
    write_index(tx, id, index)
}

pub fn delete_item(tx: &Transaction, id: i64) -> Result<()> {
    let (state, _) = require_item(tx, id)?;
    let in_flight: bool = tx.query_row("SELECT sent_data IS NOT NULL FROM items WHERE id = ?1", [id], |r| r.get(0))?;
    match state {
        // Never reached the server: nothing to tell it.
        ItemState::Created if !in_flight => remove_row(tx, id)?,
        ItemState::Deleted => {}
        // Clean, edited, or sent without an answer (it may be on the
        // server): the server is told, with the etag it has.
        ItemState::Created | ItemState::Clean | ItemState::Modified => {
            let queued = next_queue_position(tx)?;
            tx.execute(
                "UPDATE items SET state = ?3, revision = revision + 1,
                   queued_at = CASE WHEN queued_at = 0 THEN ?2 ELSE queued_at END
                 WHERE id = ?1",
                params![id, queued, ItemState::Deleted],
            )?;
            // The member chose to delete it: no version left to choose.
            tx.execute("DELETE FROM conflicts WHERE item_id = ?1", [id])?;
        }
    }
    Ok(())
}
