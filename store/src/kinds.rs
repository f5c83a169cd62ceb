//! The store's kind registry: how each kind's index is written to and read
//! from the shared `items` row and its own table (full-text search for
//! contacts, time spans for events). The only place here that knows kinds.

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::{ContactIndex, EventIndex, ItemIndex, ItemKind, NoteIndex};

use shared::contacts::text::fold;
use shared::contacts::vcard::VCardDoc;

use super::search::{index_contact, index_note};
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// The columns every item row has, from its index: contacts fill the
/// contact columns; an event's summary is its name.
pub struct Columns<'a> {
    pub kind: &'static str,
    pub uid: &'a str,
    pub display_name: &'a str,
    pub sort_key: String,
    pub emails: String,
    pub phones: String,
    pub org: &'a str,
}

pub fn columns(index: &ItemIndex) -> Columns<'_> {
    match index {
        ItemIndex::Contact(c) => Columns {
            kind: ItemKind::Contact.tag(),
            uid: &c.uid,
            display_name: &c.display_name,
            sort_key: c.sort_key.clone(),
            emails: json(&c.emails),
            phones: json(&c.phones),
            org: &c.org,
        },
        ItemIndex::Event(e) => Columns {
            kind: ItemKind::Event.tag(),
            uid: &e.uid,
            display_name: &e.summary,
            sort_key: fold(&e.summary),
            emails: "[]".into(),
            phones: "[]".into(),
            org: "",
        },
        ItemIndex::Note(n) => Columns {
            kind: ItemKind::Note.tag(),
            uid: &n.title,
            display_name: &n.title,
            sort_key: fold(&n.title),
            emails: "[]".into(),
            phones: "[]".into(),
            org: "",
        },
    }
}

/// Writes an item's own index: contacts into full-text search, events
/// into their time span.
pub fn write_index(tx: &Transaction, id: i64, index: &ItemIndex) -> Result<()> {
    match index {
        ItemIndex::Contact(contact) => index_contact(tx, id, contact),
        ItemIndex::Event(event) => {
            tx.prepare_cached(
                // Replaced, not updated: the insert trigger (migration 13)
                // drops the event's kept occurrences.
                "INSERT OR REPLACE INTO event_series (item_id, first_start, last_end, alarms) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, event.first_start, event.last_end, event.alarms])?;
            Ok(())
        }
        ItemIndex::Note(note) => {
            let too_large = note.too_large.map(|b| i64::try_from(b).unwrap_or(i64::MAX));
            tx.prepare_cached(
                "INSERT INTO notes (item_id, modified, preview, unreadable, too_large) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (item_id) DO UPDATE SET modified = excluded.modified, preview = excluded.preview,
                   unreadable = excluded.unreadable, too_large = excluded.too_large",
            )?
            .execute(params![id, note.modified, note.preview, note.unreadable, too_large])?;
            index_note(tx, id, note)
        }
    }
}

/// Removes an item's own index rows, whatever its kind.
pub fn remove_index(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM event_series WHERE item_id = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM notes WHERE item_id = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM notes_fts WHERE rowid = ?1")?.execute([id])?;
    Ok(())
}

/// A row's index as stored (events: with their indexed time span).
pub fn read_index(tx: &Transaction, id: i64) -> Result<ItemIndex> {
    type Row = (String, String, String, String, String, String, String);
    let (kind, uid, display_name, sort_key, emails, phones, org): Row = tx
        .prepare_cached("SELECT kind, uid, display_name, sort_key, emails, phones, org FROM items WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
    match ItemKind::from_tag(&kind) {
        Some(ItemKind::Event) => {
            let (first_start, last_end, alarms) = tx
                .prepare_cached("SELECT first_start, last_end, alarms FROM event_series WHERE item_id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
                .unwrap_or((i64::MIN, None, true));
            Ok(ItemIndex::Event(EventIndex { uid, summary: display_name, first_start, last_end, alarms }))
        }
        Some(ItemKind::Note) => {
            let (modified, preview, unreadable, too_large) = tx
                .prepare_cached("SELECT modified, preview, unreadable, too_large FROM notes WHERE item_id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<i64>>(3)?)))
                .optional()?
                .unwrap_or_default();
            let too_large = too_large.map(i64::unsigned_abs);
            Ok(ItemIndex::Note(NoteIndex { title: display_name, preview, modified, unreadable, too_large }))
        }
        Some(ItemKind::Contact) => {
            // Groups have no column of their own: read from the card (this
            // serves a conflict's kept version, not a list).
            let data: String =
                tx.prepare_cached("SELECT data FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
            let categories = VCardDoc::parse(&data).map(|doc| doc.categories()).unwrap_or_default();
            Ok(ItemIndex::Contact(ContactIndex {
                uid,
                display_name,
                sort_key,
                emails: from_json(&emails),
                phones: from_json(&phones),
                org,
                categories,
            }))
        }
        None => Err(StoreError::Invalid(format!("item {id} is of an unknown kind {kind:?}"))),
    }
}

/// The kind a stored `kind` column names.
pub fn kind_of_tag(tag: &str) -> Result<ItemKind> {
    ItemKind::from_tag(tag).ok_or_else(|| StoreError::Invalid(format!("unknown kind of item {tag:?}")))
}

pub fn json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
