//! The reminders of the days ahead, kept between starts. Computing them
//! means reading and expanding every series with an alarm (hundreds in a
//! large agenda); each start and sync asks for them, and between two event
//! writes the answer does not change. Kept for one span in one zone, and
//! only while `reminder_clock` (moved on by every event write, deletion or
//! state change; see migration 17) has not moved since the events were read.

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::{ComputedReminders, ReminderPage, StoredReminder};

use super::items::list_events;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

fn generation(tx: &Transaction) -> Result<i64> {
    Ok(tx.prepare_cached("SELECT generation FROM reminder_clock WHERE id = 1")?.query_row([], |r| r.get(0))?)
}

/// The kept reminders due in `[from, to)`, when the kept span takes it in,
/// in `zone`, with no event written since; else the events to compute
/// them from.
pub fn list(tx: &Transaction, (from, to): (i64, i64), zone: &str, events_to: i64) -> Result<ReminderPage> {
    let generation = generation(tx)?;
    let kept = tx
        .prepare_cached(
            "SELECT 1 FROM reminder_span
             WHERE id = 1 AND zone = ?1 AND from_ms <= ?2 AND ?3 <= to_ms AND generation = ?4",
        )?
        .query_row(params![zone, from, to, generation], |_| Ok(()))
        .optional()?;
    if kept.is_none() {
        return Ok(ReminderPage::ToCompute { events: list_events(tx, from, events_to, true)?, generation });
    }
    let mut due = tx.prepare_cached(
        "SELECT at_ms, starts_ms, ends_ms, uid, summary FROM reminders
         WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY at_ms, rowid",
    )?;
    let due = due
        .query_map(params![from, to], |r| {
            Ok(StoredReminder { at: r.get(0)?, starts: r.get(1)?, ends: r.get(2)?, uid: r.get(3)?, summary: r.get(4)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ReminderPage::Kept(due))
}

/// Keeps what the core computed, unless an event was written since it
/// read them (the next start computes them again).
pub fn save(tx: &Transaction, computed: ComputedReminders) -> Result<()> {
    if generation(tx)? != computed.generation {
        return Ok(());
    }
    tx.execute_batch("DELETE FROM reminders")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO reminders (at_ms, starts_ms, ends_ms, uid, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in &computed.reminders {
        insert.execute(params![r.at, r.starts, r.ends, r.uid, r.summary])?;
    }
    tx.execute(
        "INSERT INTO reminder_span (id, zone, from_ms, to_ms, generation) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET zone = ?1, from_ms = ?2, to_ms = ?3, generation = ?4",
        params![computed.zone, computed.span.0, computed.span.1, computed.generation],
    )?;
    Ok(())
}
