//! The local store on SQLite: the truth every screen reads. Each
//! [`StoreRequest`] runs in one transaction; a failure rolls it back whole
//! and answers [`StoreResponse::Error`]. Schema changes are ordered
//! migrations keyed on `PRAGMA user_version`.

mod items;
mod schema;
mod search;
#[cfg(test)]
mod tests;

use std::path::Path;

use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};
use shared::effects::store::{StoreRequest, StoreResponse};

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
}

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::setup(Connection::open(path)?).map_err(|e| match e {
            StoreError::Sqlite(e)
                if matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)) =>
            {
                StoreError::Corrupt(e)
            }
            other => other,
        })
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?)
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
            if bytes.len() >= 20 && bytes[18] == 2 && bytes[19] == 2 {
                bytes[18] = 1;
                bytes[19] = 1;
            }
            conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes.as_slice(), bytes.len(), false)
                .map_err(StoreError::Corrupt)?;
        }
        Self::setup(conn)
    }

    /// The whole database as bytes, for storage elsewhere.
    #[cfg(feature = "snapshot")]
    pub fn snapshot(&self) -> Result<Vec<u8>, StoreError> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    fn setup(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers (another process, a widget) never block the writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    pub fn handle(&mut self, request: StoreRequest) -> StoreResponse {
        // Writers take the lock up front: a deferred read-then-write can fail
        // with SQLITE_BUSY without waiting if another connection wrote.
        let behavior = if writes(&request) { TransactionBehavior::Immediate } else { TransactionBehavior::Deferred };
        let result = self.conn.transaction_with_behavior(behavior).map_err(StoreError::from).and_then(|tx| {
            let response = dispatch(&tx, request)?;
            tx.commit()?;
            Ok(response)
        });
        result.unwrap_or_else(|e| StoreResponse::Error(e.to_string()))
    }
}
/// Whether a request changes the data (read-only ones need no write lock, and no new snapshot).
pub fn writes(request: &StoreRequest) -> bool {
    use StoreRequest as R;
    !matches!(
        request,
        R::LoadAccount
            | R::ListAddressBooks
            | R::ListCalendars
            | R::LocalEtags { .. }
            | R::Outbox { .. }
            | R::ListContacts
            | R::SearchContacts { .. }
            | R::GetItem { .. }
            | R::ListEvents { .. }
            | R::ListConflicts
    )
}

fn dispatch(tx: &Transaction, request: StoreRequest) -> Result<StoreResponse, StoreError> {
    use items as c;
    Ok(match request {
        StoreRequest::LoadAccount => StoreResponse::Account(c::load_account(tx)?),
        StoreRequest::SaveAccount(account) => {
            c::save_account(tx, &account)?;
            StoreResponse::Done
        }
        StoreRequest::DeleteAccount => {
            c::delete_everything(tx)?;
            StoreResponse::Done
        }
        StoreRequest::SaveAddressBooks(books) => {
            c::save_address_books(tx, &books)?;
            StoreResponse::Done
        }
        StoreRequest::ListAddressBooks => StoreResponse::AddressBooks(c::list_address_books(tx)?),
        StoreRequest::SaveCalendars(calendars) => {
            c::save_calendars(tx, &calendars)?;
            StoreResponse::Done
        }
        StoreRequest::ListCalendars => StoreResponse::Calendars(c::list_calendars(tx)?),
        StoreRequest::LocalEtags { collection } => StoreResponse::Etags(c::local_etags(tx, &collection)?),
        StoreRequest::ApplyPull(batch) => StoreResponse::Applied(c::apply_pull(tx, batch)?),
        StoreRequest::Outbox { collection } => StoreResponse::Outbox(c::outbox(tx, &collection)?),
        StoreRequest::PushDone(outcome) => {
            c::push_done(tx, outcome)?;
            StoreResponse::Done
        }
        StoreRequest::ListContacts => StoreResponse::Contacts(c::list_contacts(tx)?),
        StoreRequest::SearchContacts { query } => StoreResponse::Contacts(c::search_contacts(tx, &query)?),
        StoreRequest::GetItem { id } => StoreResponse::Item(c::get_item(tx, id)?),
        StoreRequest::ListEvents { from, to } => StoreResponse::Items(c::list_events(tx, from, to)?),
        StoreRequest::SaveItem { id, collection, data, index } => {
            StoreResponse::Saved { id: c::save_item(tx, id, &collection, &data, &index)? }
        }
        StoreRequest::DeleteItem { id } => {
            c::delete_item(tx, id)?;
            StoreResponse::Done
        }
        StoreRequest::ListConflicts => StoreResponse::Conflicts(c::list_conflicts(tx)?),
        StoreRequest::ResolveConflict { conflict_id, choice, now } => {
            c::resolve_conflict(tx, conflict_id, choice, now)?;
            StoreResponse::Done
        }
    })
}
