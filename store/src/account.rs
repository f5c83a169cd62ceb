//! The member's account (without its password: that is in secure storage).

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::Account;

use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub fn load(tx: &Transaction) -> Result<Option<Account>> {
    Ok(tx
        .query_row(
            "SELECT email, username, server_url, principal_url, addressbook_home, calendar_home, notes_folder, news_discovered,
                    default_calendar, last_synced, credentials_asked FROM account WHERE id = 1",
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
                    last_synced: r.get(9)?,
                    credentials_asked: r.get(10)?,
                })
            },
        )
        .optional()?)
}

/// The account's settings. The time of the last sync is not among them
/// (`save_synced_at` writes it): it stays as stored for the same account,
/// and goes when another account takes the row.
pub fn save(tx: &Transaction, a: &Account) -> Result<()> {
    tx.execute(
        "INSERT INTO account (id, email, username, server_url, principal_url, addressbook_home, calendar_home, notes_folder,
           news_discovered, default_calendar, credentials_asked)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET
           email = excluded.email, username = excluded.username, server_url = excluded.server_url,
           principal_url = excluded.principal_url, addressbook_home = excluded.addressbook_home,
           calendar_home = excluded.calendar_home, notes_folder = excluded.notes_folder,
           news_discovered = excluded.news_discovered, default_calendar = excluded.default_calendar,
           credentials_asked = excluded.credentials_asked,
           last_synced = CASE WHEN email = excluded.email THEN last_synced END",
        params![
            a.email,
            a.username,
            a.server_url,
            a.principal_url,
            a.addressbook_home.as_deref().unwrap_or(""),
            a.calendar_home,
            a.notes_folder,
            a.news_discovered,
            a.default_calendar,
            a.credentials_asked
        ],
    )?;
    Ok(())
}

/// A sync that reached every collection ended at `at` (ms). Without an
/// account (signed out while it ran) there is nothing to keep it with.
pub fn save_synced_at(tx: &Transaction, at: i64) -> Result<()> {
    tx.execute("UPDATE account SET last_synced = ?1 WHERE id = 1", [at])?;
    Ok(())
}

/// Signing out: the account and every local copy.
pub fn delete_everything(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM conflicts; DELETE FROM occurrences; DELETE FROM occurrence_window; DELETE FROM event_series;
         DELETE FROM reminders; DELETE FROM reminder_span;
         DELETE FROM items; DELETE FROM contacts_fts;
         DELETE FROM notes; DELETE FROM notes_fts;
         DELETE FROM collections; DELETE FROM announcements; DELETE FROM news_sources; DELETE FROM account;",
    )?;
    Ok(())
}
