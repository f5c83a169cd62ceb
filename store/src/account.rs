//! The member's account (without its password: that is in secure storage).

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::Account;

use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub fn load(tx: &Transaction) -> Result<Option<Account>> {
    Ok(tx
        .query_row(
            "SELECT email, username, server_url, principal_url, addressbook_home, calendar_home, notes_folder, news_discovered,
                    default_calendar FROM account WHERE id = 1",
            [],
            |r| {
                Ok(Account {
                    email: r.get(0)?,
                    username: r.get(1)?,
                    server_url: r.get(2)?,
                    principal_url: r.get(3)?,
                    // Stored as "" when there is none (the column predates
                    // calendar-only accounts and cannot be NULL).
                    addressbook_home: Some(r.get::<_, String>(4)?).filter(|h| !h.is_empty()),
                    calendar_home: r.get(5)?,
                    notes_folder: r.get(6)?,
                    news_discovered: r.get(7)?,
                    default_calendar: r.get(8)?,
                })
            },
        )
        .optional()?)
}

pub fn save(tx: &Transaction, a: &Account) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO account (id, email, username, server_url, principal_url, addressbook_home, calendar_home, notes_folder,
           news_discovered, default_calendar)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            a.email,
            a.username,
            a.server_url,
            a.principal_url,
            a.addressbook_home.as_deref().unwrap_or(""),
            a.calendar_home,
            a.notes_folder,
            a.news_discovered,
            a.default_calendar
        ],
    )?;
    Ok(())
}

/// Signing out: the account and every local copy.
pub fn delete_everything(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM conflicts; DELETE FROM occurrences; DELETE FROM occurrence_window; DELETE FROM event_series;
         DELETE FROM items; DELETE FROM contacts_fts;
         DELETE FROM notes; DELETE FROM notes_fts;
         DELETE FROM collections; DELETE FROM announcements; DELETE FROM news_sources; DELETE FROM account;",
    )?;
    Ok(())
}
