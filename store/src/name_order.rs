//! Every contact's place in the list by name, kept in memory between
//! searches. A search then ranks its matches by merging two lists of ids
//! and reads only the rows of the page it shows. Looking up every match in
//! the table to sort it cost 0.5–0.7 ms for a few hundred matches at
//! 50,000 contacts, and walking the list by name for a broad search up to
//! 1.2 ms; SQLite has no index from a full-text match to a place by name.
//! Reading the order costs 12 ms at 50,000: it is read for the second
//! search after a change, not the first.

use rusqlite::{params, Transaction};
use shared::effects::store::{ContactList, ContactSummary};
use shared::kinds::ContactKind;
use shared::kinds::StaticKind;

use crate::items::{contact_by_id_sql, pending, runs, summary};
use crate::state::ItemState;
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// The order as last read, dropped at each write of this store's own.
#[derive(Default)]
pub struct NamesKept {
    order: Option<NameOrder>,
    /// The file's version (see [`NamesKept::current`]) a search last found
    /// no order for.
    searched_without: Option<i64>,
}

impl NamesKept {
    /// This store changed the file: the order may be wrong now.
    pub fn wrote(&mut self) {
        *self = Self::default();
    }

    /// The order as the file has it in `tx`, if it pays to have it: the
    /// kept one, unless another connection has committed since it was read
    /// (`PRAGMA data_version` changes then, and only then). The first
    /// search after a change goes without (a terminal command searches once
    /// and never pays for the order); the second reads it, for the ones a
    /// member types after.
    pub fn current(&mut self, tx: &Transaction) -> Result<Option<&NameOrder>> {
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.order.as_ref().is_some_and(|kept| kept.version == version) {
            return Ok(self.order.as_ref());
        }
        self.order = None;
        if self.searched_without != Some(version) {
            self.searched_without = Some(version);
            return Ok(None);
        }
        Ok(Some(self.order.insert(NameOrder::read(tx, version)?)))
    }

    /// Whether an order is kept, read or not since.
    #[cfg(test)]
    pub fn kept(&self) -> bool {
        self.order.is_some()
    }
}

/// The contacts not deleted, by name, with where each is.
pub struct NameOrder {
    /// Other connections' commits when read.
    version: i64,
    /// Ids by place in the list.
    by_place: Vec<i64>,
    /// (id, place), by id: merged with the full-text index's ids, which
    /// come by id too.
    by_id: Vec<(i64, u32)>,
}

impl NameOrder {
    /// The order as the file has it now: one walk of the name index.
    fn read(tx: &Transaction, version: i64) -> Result<Self> {
        let by_place: Vec<i64> = tx
            .prepare_cached("SELECT id FROM items WHERE kind = ?1 AND state != ?2 ORDER BY sort_key, id")?
            .query_map(params![ContactKind::KIND.tag(), ItemState::Deleted], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut by_id: Vec<(i64, u32)> =
            by_place.iter().enumerate().map(|(place, &id)| (id, u32::try_from(place).unwrap_or(u32::MAX))).collect();
        by_id.sort_unstable();
        Ok(Self { version, by_place, by_id })
    }

    /// The places of `matches` (ascending ids), the deleted ones left out.
    fn places(&self, matches: &[i64]) -> Vec<u32> {
        let mut out = Vec::with_capacity(matches.len().min(self.by_id.len()));
        let mut listed = self.by_id.iter().peekable();
        for id in matches {
            while listed.next_if(|(listed_id, _)| listed_id < id).is_some() {}
            if let Some(&(_, place)) = listed.next_if(|(listed_id, _)| listed_id == id) {
                out.push(place);
            }
        }
        out
    }

    /// The first `shown` of `matches` by name, and how many there are.
    pub fn first_of(&self, tx: &Transaction, matches: &[i64], shown: usize) -> Result<ContactList> {
        let mut places = self.places(matches);
        let found = places.len();
        if shown < places.len() {
            places.select_nth_unstable(shown);
            places.truncate(shown);
        }
        places.sort_unstable();
        let mut row = tx.prepare_cached(&contact_by_id_sql())?;
        let first: Vec<ContactSummary> = places
            .iter()
            // Every place came from `by_id`, built from `by_place`.
            .map(|&place| row.query_row([self.by_place[place as usize]], summary))
            .collect::<rusqlite::Result<_>>()?;
        Ok(ContactList { initials: runs(&first), shown: first, found, pending: pending(tx, ContactKind::KIND)? })
    }
}
