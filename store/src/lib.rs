//! The local store on SQLite: the truth every screen reads. Each
//! [`StoreRequest`] runs in one transaction; a failure rolls it back whole
//! and answers [`StoreResponse::Error`]. Schema changes are ordered
//! migrations keyed on `PRAGMA user_version`.

mod account;
mod collections;
mod conflicts;
mod items;
mod kinds;
mod name_order;
mod news;
mod occurrences;
mod reminders;
mod schema;
mod search;
mod state;
mod sync;
#[cfg(test)]
mod tests;

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use shared::effects::store::{StoreError as Answer, StoreRequest, StoreResponse};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the local data file is damaged or is not Nubo's ({0})")]
    Corrupt(rusqlite::Error),
    #[error("the local data was written by a newer version of the app (schema {found}, this app knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Refused(String),
}

impl StoreError {
    /// A write or read the storage refused (full, removed, failing).
    fn is_disk_failure(&self) -> bool {
        let StoreError::Sqlite(e) = self else { return false };
        matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::ReadOnly)
        )
    }

    /// The error as the core receives it.
    fn answer(self) -> Answer {
        match self {
            StoreError::NotFound => Answer::NotFound,
            StoreError::Refused(why) => Answer::Refused(why),
            StoreError::Corrupt(e) => Answer::Damaged(e.to_string()),
            StoreError::TooNew { found, known } => Answer::TooNew { found, known },
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => Answer::NotFound,
            e @ (StoreError::Sqlite(_) | StoreError::Invalid(_)) => Answer::Failed(e.to_string()),
        }
    }
}

pub struct Store {
    conn: Connection,
    /// The last request failed because the file could not be written (a
    /// full disk, the storage gone): see [`Store::take_disk_failure`].
    disk_failed: bool,
    /// The contacts' order by name, for searches (see [`name_order`]).
    names: name_order::NamesKept,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Connection::open(path).map_err(StoreError::from).and_then(|c| Self::setup(c, "NORMAL")).map_err(damaged)
    }

    /// The store in file `name` of the registered SQLite VFS `vfs` (the web
    /// shell's, over the browser's origin private file system).
    pub fn open_on_vfs(name: &str, vfs: &str) -> Result<Self, StoreError> {
        Connection::open_with_flags_and_vfs(name, OpenFlags::default(), vfs)
            .map_err(StoreError::from)
            .and_then(|c| Self::setup(c, "NORMAL"))
            .map_err(damaged)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?, "NORMAL")
    }

    /// An in-memory store from a [`Store::snapshot`] (empty: a new store),
    /// migrated to this version's schema.
    #[cfg(feature = "snapshot")]
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        if !bytes.is_empty() {
            let mut bytes = bytes.to_vec();
            // A snapshot of a WAL database says so in its header (file format
            // bytes 18-19 = 2); in memory it must read as a rollback journal.
            if let Some(versions @ [2, 2]) = bytes.get_mut(18..20) {
                versions.copy_from_slice(&[1, 1]);
            }
            conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes.as_slice(), bytes.len(), false)
                .map_err(StoreError::Corrupt)?;
        }
        Self::setup(conn, "NORMAL")
    }

    /// The whole database as bytes, for storage elsewhere.
    #[cfg(feature = "snapshot")]
    pub fn snapshot(&self) -> Result<Vec<u8>, StoreError> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    fn setup(mut conn: Connection, synchronous: &str) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers (another process, a widget) never block the writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", synchronous)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn, disk_failed: false, names: Default::default() })
    }

    pub fn handle(&mut self, request: StoreRequest) -> StoreResponse {
        // Writers take the lock up front: a deferred read-then-write can fail
        // with SQLITE_BUSY without waiting if another connection wrote.
        let writing = writes(&request);
        let behavior = if writing { TransactionBehavior::Immediate } else { TransactionBehavior::Deferred };
        if writing {
            self.names.wrote();
        }
        let names = &mut self.names;
        let result = self.conn.transaction_with_behavior(behavior).map_err(StoreError::from).and_then(|tx| {
            let response = dispatch(&tx, request, names)?;
            tx.commit()?;
            Ok(response)
        });
        self.disk_failed = result.as_ref().is_err_and(StoreError::is_disk_failure);
        result.unwrap_or_else(|e| StoreResponse::Error(e.answer()))
    }

    /// Whether the last request failed on the file itself, not on its data:
    /// the shell may then keep the store elsewhere and ask again.
    pub fn take_disk_failure(&mut self) -> bool {
        std::mem::take(&mut self.disk_failed)
    }
}
fn damaged(e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e)
            if matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)) =>
        {
            StoreError::Corrupt(e)
        }
        other => other,
    }
}

/// Whether a request changes the data (read-only ones need no write lock, and no new snapshot).
pub fn writes(request: &StoreRequest) -> bool {
    use StoreRequest as R;
    !matches!(
        request,
        R::LoadAccount
            | R::ListCollections
            | R::LocalEtags { .. }
            | R::Outbox { .. }
            | R::ListContacts { .. }
            | R::SearchContacts { .. }
            | R::ListNotes { .. }
            | R::PendingMoves { .. }
            | R::EditedBases { .. }
            | R::GetItem { .. }
            | R::ListEvents { .. }
            | R::ListOccurrences { .. }
            | R::OccurrencesAhead { .. }
            | R::ListReminders { .. }
            | R::ListConflicts
            | R::ListNewsSources
            | R::ListNews
    )
}

fn dispatch(
    tx: &Transaction,
    request: StoreRequest,
    names: &mut name_order::NamesKept,
) -> Result<StoreResponse, StoreError> {
    use StoreRequest as R;
    use StoreResponse::Done;
    Ok(match request {
        R::LoadAccount => StoreResponse::Account(account::load(tx)?),
        R::SaveAccount(a) => account::save(tx, &a).map(|()| Done)?,
        R::DeleteAccount => account::delete_everything(tx).map(|()| Done)?,
        R::SaveSyncedAt { at } => account::save_synced_at(tx, at).map(|()| Done)?,
        R::SaveCollections { kind, collections: list } => collections::save(tx, kind, &list).map(|()| Done)?,
        R::ListCollections => StoreResponse::Collections(collections::list(tx)?),
        R::LocalEtags { collection } => StoreResponse::Etags(sync::local_etags(tx, &collection)?),
        R::ApplyPull(batch) => StoreResponse::Applied(sync::apply_pull(tx, batch)?),
        R::Outbox { collection } => StoreResponse::Outbox(sync::outbox(tx, &collection)?),
        R::PushSending { item_id, href, data } => sync::push_sending(tx, item_id, &href, &data).map(|()| Done)?,
        R::PushDone(outcome) => sync::push_done(tx, outcome).map(|()| Done)?,
        R::ListContacts { shown } => StoreResponse::Contacts(items::first_contacts(tx, shown)?),
        R::SearchContacts { query, shown } => {
            StoreResponse::Contacts(items::search_contacts(tx, &query, shown, names)?)
        }
        R::ListNotes { query } => StoreResponse::Notes(items::list_notes(tx, &query)?),
        R::GetItem { id } => StoreResponse::Item(items::get_item(tx, id)?),
        R::ListEvents { from, to, only_with_alarms } => {
            StoreResponse::Items(items::list_events(tx, from, to, only_with_alarms)?)
        }
        R::ListOccurrences { from, to, zone } => StoreResponse::Occurrences(occurrences::list(tx, from, to, &zone)?),
        R::OccurrencesAhead { from, to, zone } => StoreResponse::Occurrences(occurrences::ahead(tx, from, to, &zone)?),
        R::SaveOccurrences(expanded) => occurrences::save(tx, *expanded).map(|()| Done)?,
        R::ListReminders { from, to, zone, events_to } => {
            StoreResponse::Reminders(reminders::list(tx, (from, to), &zone, events_to)?)
        }
        R::SaveReminders(computed) => reminders::save(tx, *computed).map(|()| Done)?,
        R::SaveItem { id, collection, data, index } => {
            StoreResponse::Saved { id: items::save_item(tx, id, &collection, &data, &index)? }
        }
        R::EditItem { id, collection, data, index, started_from, now } => {
            match items::edit_item(tx, id, &collection, &data, &index, &started_from, now)? {
                true => StoreResponse::Saved { id },
                false => StoreResponse::KeptAsConflict { id },
            }
        }
        R::DeleteItem { id } => items::delete_item(tx, id).map(|()| Done)?,
        R::DeleteSeen { id, started_from } => match items::delete_seen(tx, id, &started_from)? {
            true => Done,
            false => StoreResponse::ChangedMeanwhile { id },
        },
        R::MoveItem { id, collection, href, index } => {
            items::move_item(tx, id, &collection, href.as_deref(), &index).map(|()| Done)?
        }
        R::PendingMoves { kind } => StoreResponse::Moves(sync::pending_moves(tx, kind)?),
        R::MoveDone(outcome) => sync::move_done(tx, outcome).map(|()| Done)?,
        R::EditedBases { kind } => StoreResponse::EditedBases(sync::edited_bases(tx, kind)?),
        R::RenamedOnServer { item_id, href, collection, etag, index } => {
            sync::renamed_on_server(tx, item_id, &href, &collection, etag.as_deref(), &index).map(|()| Done)?
        }
        R::ListConflicts => StoreResponse::Conflicts(conflicts::list(tx)?),
        R::ResolveConflict { conflict_id, choice, now: _ } => {
            conflicts::resolve(tx, conflict_id, choice).map(|()| Done)?
        }
        R::ListNewsSources => StoreResponse::NewsSources(news::sources(tx)?),
        R::SaveNewsSource(source) => news::save_source(tx, &source).map(|()| Done)?,
        R::RemoveNewsSource { url } => news::remove_source(tx, &url).map(|()| Done)?,
        R::ListNews => StoreResponse::News(news::list(tx)?),
        R::ApplyNews(apply) => news::apply(tx, *apply).map(|()| Done)?,
        R::MarkNewsRead { id } => news::mark_read(tx, id).map(|()| Done)?,
    })
}
