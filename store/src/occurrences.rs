//! Occurrences kept for a window around what the member looks at, in the
//! member's zone. Reading a view is one range query; only events written
//! since (a sync, an edit: see migration 13's triggers) or never expanded
//! in this window go back to the core.
//!
//! Listing never writes (a read, like every view). When the view leaves
//! the window but is near, the answer names the window widened to take it
//! in: what was kept stays, each event marked with the part its rows cover
//! (migration 18), and only the rest of the window is expanded, event by
//! event as views meet them. Far away, or in another zone, the answer
//! names a new window and asks for every event of the view; saving it
//! drops every other kept occurrence (expanded again when seen).

use rusqlite::{params, OptionalExtension, Transaction};
use shared::effects::store::{
    ExpandFor, ExpandedOccurrences, OccurrencePage, OccurrenceRow, StoredOccurrence, ToExpand,
};

use shared::kinds::{EventKind, StaticKind};

use super::items::{pending, record};
use super::state::ItemState;
use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const DAY_MS: i64 = 86_400_000;
/// A new window reaches this far before the view, and after: back a month,
/// ahead two, so moving around the next weeks reads kept occurrences.
const BEFORE: i64 = 35 * DAY_MS;
const AFTER: i64 = 70 * DAY_MS;
/// A view outside the window widens it to take both in, up to this span:
/// going from today to a month ahead and back (every start of the app,
/// the terminal's every command) then expands once, not at each move.
/// Farther, the window starts anew around the view.
const WIDEST: i64 = 550 * DAY_MS;

struct Window {
    zone: String,
    from: i64,
    to: i64,
    /// The longest occurrence kept (ms): a range query looks back this far.
    longest: i64,
}

fn window(tx: &Transaction) -> Result<Option<Window>> {
    Ok(tx
        .prepare_cached("SELECT zone, from_ms, to_ms, longest FROM occurrence_window WHERE id = 1")?
        .query_row([], |r| Ok(Window { zone: r.get(0)?, from: r.get(1)?, to: r.get(2)?, longest: r.get(3)? }))
        .optional()?)
}

/// How a view meets the kept window.
#[derive(Clone, Copy)]
enum Listing {
    /// Inside it: kept occurrences, and the few events not kept.
    Kept,
    /// Beside it, near enough to widen it: what it keeps stays, for the
    /// part it covers (`kept`), and only the rest is expanded.
    Widened { kept: (i64, i64) },
    /// Far from it, or in another zone: a new window.
    New,
}

pub fn list(tx: &Transaction, from: i64, to: i64, zone: &str) -> Result<OccurrencePage> {
    let (listing, window, longest) = listing(window_in(tx, zone)?.as_ref(), from, to);
    let expand = events_of_view(tx, from, to, listing)?;
    let rows = match listing {
        Listing::New => Vec::new(),
        Listing::Kept | Listing::Widened { .. } => kept_rows(tx, from, to, longest)?,
    };
    Ok(OccurrencePage { rows, expand, window, pending_events: pending(tx, EventKind::KIND)? })
}

/// The events to expand so that `[from, to)` is kept too, without the rows
/// (nobody looks at them): asked after a sync for the months ahead. A kept
/// window is only widened, never replaced: what the member looks at stays.
pub fn ahead(tx: &Transaction, from: i64, to: i64, zone: &str) -> Result<OccurrencePage> {
    let current = window_in(tx, zone)?;
    let (listing, window, _) = listing(current.as_ref(), from, to);
    let (expand, window) = match (listing, current) {
        (Listing::New, Some(w)) => (Vec::new(), (w.from, w.to)),
        _ => (events_of_view(tx, from, to, listing)?, window),
    };
    Ok(OccurrencePage { rows: Vec::new(), expand, window, pending_events: 0 })
}

fn window_in(tx: &Transaction, zone: &str) -> Result<Option<Window>> {
    Ok(window(tx)?.filter(|w| w.zone == zone))
}

/// How `[from, to)` meets the window kept (in the view's zone), the window
/// it leads to, and the longest occurrence kept.
fn listing(current: Option<&Window>, from: i64, to: i64) -> (Listing, (i64, i64), i64) {
    let around = (from.saturating_sub(BEFORE), to.saturating_add(AFTER));
    match current {
        Some(w) if w.from <= from && to <= w.to => (Listing::Kept, (w.from, w.to), w.longest),
        Some(w) if around.1.max(w.to).saturating_sub(around.0.min(w.from)) <= WIDEST => {
            (Listing::Widened { kept: (w.from, w.to) }, (around.0.min(w.from), around.1.max(w.to)), w.longest)
        }
        _ => (Listing::New, around, 0),
    }
}

/// The kept occurrences that meet `[from, to)`; `longest` says how far
/// before `from` one may start.
fn kept_rows(tx: &Transaction, from: i64, to: i64, longest: i64) -> Result<Vec<OccurrenceRow>> {
    let mut rows = tx.prepare_cached(
        "SELECT item_id, start_ms, end_ms, first_day, end_day, summary, location, occurrence, recurring, zone,
                calendar, pending
         FROM occurrences
         WHERE start_ms >= ?1 AND start_ms < ?3
           AND (CASE WHEN start_ms = end_ms THEN start_ms >= ?2 ELSE end_ms > ?2 END)
         ORDER BY start_ms LIMIT ?4",
    )?;
    // One more than a view holds: the core then says some are not shown.
    let most = shared::agenda::view::MAX_PER_VIEW as i64 + 1;
    let rows = rows
        .query_map(params![from.saturating_sub(longest), from, to, most], |r| {
            let days = match (r.get::<_, Option<i32>>(3)?, r.get::<_, Option<i32>>(4)?) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            Ok(OccurrenceRow {
                occurrence: StoredOccurrence {
                    item_id: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    days,
                    summary: r.get(5)?,
                    location: r.get(6)?,
                    occurrence: r.get(7)?,
                    recurring: r.get(8)?,
                    zone: r.get(9)?,
                },
                calendar: r.get(10)?,
                pending: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The events of the view to expand, and over what: in a kept window,
/// those not kept (stale) or never kept (view only); in a widened one,
/// every event of the view but those kept for all of it and those whose
/// every occurrence lies in the part kept; in a new one,
/// every event of the view, over the whole window.
fn events_of_view(tx: &Transaction, from: i64, to: i64, listing: Listing) -> Result<Vec<ToExpand>> {
    // In a kept window, the few events not kept are found first (by state),
    // not by scanning every event that starts before the view.
    let sql = if matches!(listing, Listing::Kept) {
        "SELECT i.id, i.collection, i.href, i.etag, i.uid, i.data, i.state, s.state, s.generation, s.kept_from, s.kept_to,
                e.first_start, e.last_end
         FROM occurrence_items s JOIN event_series e ON e.item_id = s.item_id JOIN items i ON i.id = s.item_id
         WHERE s.state IN ('stale', 'view_only') AND e.first_start < ?2 AND (e.last_end IS NULL OR e.last_end > ?1)
           AND i.state != ?3
         ORDER BY e.first_start, i.id"
    } else {
        "SELECT i.id, i.collection, i.href, i.etag, i.uid, i.data, i.state, s.state, s.generation, s.kept_from, s.kept_to,
                e.first_start, e.last_end
         FROM event_series e JOIN items i ON i.id = e.item_id JOIN occurrence_items s ON s.item_id = e.item_id
         WHERE e.first_start < ?2 AND (e.last_end IS NULL OR e.last_end > ?1) AND i.state != ?3
         ORDER BY e.first_start, i.id"
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let found = stmt
        .query_map(params![from, to, ItemState::Deleted], |r| {
            let item = record(r)?;
            let (state, generation): (String, i64) = (r.get(7)?, r.get(8)?);
            let covered = match (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<i64>>(10)?) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            // Every occurrence of the event (its indexed span) lies inside
            // `[a, b)`: rows kept for that part hold them all.
            let span: (i64, Option<i64>) = (r.get(11)?, r.get(12)?);
            let all_inside = |(a, b): (i64, i64)| a <= span.0 && span.1.is_some_and(|end| end < b);
            let expand_for = match (listing, state.as_str()) {
                (Listing::New, _) => Some(ExpandFor::Window { generation, kept: None }),
                (_, "view_only") => Some(ExpandFor::ViewOnly),
                (Listing::Widened { kept }, "kept") if all_inside(kept) => None,
                (Listing::Widened { kept }, "kept") => Some(ExpandFor::Window { generation, kept: Some(kept) }),
                // Its rows hold all of this view already.
                _ if covered.is_some_and(|(a, b)| a <= from && to <= b) => None,
                _ => Some(ExpandFor::Window { generation, kept: covered }),
            };
            Ok(expand_for.map(|expand_for| ToExpand { item, expand_for }))
        })?
        .filter_map(|found| found.transpose())
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found)
}

/// The events outside the kept window that meet `[from, to)` wait to be
/// expanded (a view looks for them among the few, not among every event).
fn wake_events_meeting(tx: &Transaction, from: i64, to: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE occurrence_items SET state = 'stale' WHERE state = 'outside' AND item_id IN
           (SELECT item_id FROM event_series WHERE first_start < ?2 AND (last_end IS NULL OR last_end > ?1))",
    )?
    .execute(params![from, to])?;
    Ok(())
}

/// An event whose expansion is kept, and what its rows repeat of it.
struct ClaimedEvent {
    item_id: i64,
    calendar: String,
    pending: bool,
}

/// Keeps what the core expanded. Another window than the kept one starts
/// it anew; an event written since it was listed (another generation) is
/// left to be expanded again.
pub fn save(tx: &Transaction, expanded: ExpandedOccurrences) -> Result<()> {
    let (from, to) = expanded.window;
    let current = window_in(tx, &expanded.zone)?;
    match current {
        Some(w) if w.from == from && w.to == to => {}
        Some(w) if from <= w.from && w.to <= to => {
            // Widened: what was kept stays, for the part it covers. An event
            // whose every occurrence lies inside that part (its indexed
            // span) has them all kept: it stays kept, never parsed again.
            tx.prepare_cached(
                "UPDATE occurrence_items SET state = 'stale', kept_from = ?1, kept_to = ?2 WHERE state = 'kept'
                   AND item_id IN (SELECT item_id FROM event_series
                                   WHERE NOT (first_start >= ?1 AND last_end IS NOT NULL AND last_end < ?2))",
            )?
            .execute(params![w.from, w.to])?;
            wake_events_meeting(tx, from, to)?;
            tx.prepare_cached("UPDATE occurrence_window SET from_ms = ?1, to_ms = ?2 WHERE id = 1")?
                .execute(params![from, to])?;
        }
        _ => {
            // A new window: nothing kept, only what meets it waits.
            tx.execute_batch(
                "DELETE FROM occurrences;
                 UPDATE occurrence_items SET state = 'outside', kept_from = NULL, kept_to = NULL;",
            )?;
            wake_events_meeting(tx, from, to)?;
            tx.execute(
                "INSERT INTO occurrence_window (id, zone, from_ms, to_ms, longest) VALUES (1, ?1, ?2, ?3, 0)
                 ON CONFLICT (id) DO UPDATE SET zone = ?1, from_ms = ?2, to_ms = ?3, longest = 0",
                params![expanded.zone, from, to],
            )?;
        }
    }
    // The rows of every event claimed, written in start order: the table
    // is clustered on it, and in-order inserts fill pages instead of
    // splitting them.
    let mut rows: Vec<(usize, i64, StoredOccurrence)> = Vec::new();
    let mut claimed_events: Vec<ClaimedEvent> = Vec::new();
    for item in expanded.items {
        // Kept only if the event is as it was listed: the same generation,
        // and its rows the same part of the window they were.
        let claimed = tx
            .prepare_cached(
                "UPDATE occurrence_items SET state = ?3, kept_from = NULL, kept_to = NULL
                 WHERE item_id = ?1 AND generation = ?2 AND state != 'kept' AND kept_from IS ?4 AND kept_to IS ?5",
            )?
            .execute(params![
                item.item_id,
                item.generation,
                if item.occurrences.is_some() { "kept" } else { "view_only" },
                item.added_to.map(|p| p.0),
                item.added_to.map(|p| p.1),
            ])?;
        if claimed == 0 {
            continue;
        }
        // Only an event kept for part of the window holds rows here (every
        // other state lost them): added to, or dropped when it turns view only.
        let Some(occurrences) = item.occurrences else {
            tx.prepare_cached("DELETE FROM occurrences WHERE item_id = ?1")?.execute([item.item_id])?;
            continue;
        };
        let event = tx
            .prepare_cached("SELECT collection, state != 'clean' FROM items WHERE id = ?1")?
            .query_row([item.item_id], |r| {
                Ok(ClaimedEvent { item_id: item.item_id, calendar: r.get(0)?, pending: r.get(1)? })
            })?;
        // Numbered after the rows it holds (a widened event keeps some).
        let held: i64 = tx
            .prepare_cached("SELECT coalesce(max(seq) + 1, 0) FROM occurrences WHERE item_id = ?1")?
            .query_row([item.item_id], |r| r.get(0))?;
        let at = claimed_events.len();
        claimed_events.push(event);
        rows.extend((held..).zip(occurrences).map(|(seq, o)| (at, seq, o)));
    }
    rows.sort_by_key(|(at, seq, o)| (o.start, claimed_events[*at].item_id, *seq));
    let mut insert = tx.prepare_cached(
        "INSERT INTO occurrences (item_id, seq, start_ms, end_ms, first_day, end_day, summary, location,
           occurrence, recurring, zone, calendar, pending)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut longest = 0;
    for (at, seq, o) in rows {
        let event = &claimed_events[at];
        longest = longest.max(o.end.saturating_sub(o.start));
        insert.execute(params![
            event.item_id,
            seq,
            o.start,
            o.end,
            o.days.map(|d| d.0),
            o.days.map(|d| d.1),
            o.summary,
            o.location,
            o.occurrence,
            o.recurring,
            o.zone,
            event.calendar,
            event.pending
        ])?;
    }
    tx.prepare_cached("UPDATE occurrence_window SET longest = max(longest, ?1) WHERE id = 1")?.execute([longest])?;
    Ok(())
}
