//! The cooperative's announcements: sources with their polling state, and
//! entries keyed by their stable id, so that a re-poll or an edit updates
//! an entry in place and never touches the member's read state.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use shared::effects::store::{
    Announcement, NewsApply, NewsRecord, NewsSource, NewsSourceKind, SourceError, SourceState,
};

use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const SOURCE_COLUMNS: &str = "url, kind, language, title, added_by_member, added_at, etag, last_modified,
    last_success, failures, failing_since, last_failure, retry_after_until, max_age_until, next_poll, last_error";

fn source_row(r: &Row) -> rusqlite::Result<NewsSource> {
    let kind: String = r.get(1)?;
    let last_error: Option<String> = r.get(15)?;
    Ok(NewsSource {
        url: r.get(0)?,
        kind: if kind == "ocs" { NewsSourceKind::Ocs } else { NewsSourceKind::Feed },
        language: r.get(2)?,
        title: r.get(3)?,
        added_by_member: r.get(4)?,
        added_at: r.get(5)?,
        state: SourceState {
            etag: r.get(6)?,
            last_modified: r.get(7)?,
            last_success: r.get(8)?,
            consecutive_failures: r.get(9)?,
            failing_since: r.get(10)?,
            last_failure: r.get(11)?,
            retry_after_until: r.get(12)?,
            max_age_until: r.get(13)?,
        },
        next_poll: r.get(14)?,
        // Written by this code; an error we cannot read is still an error.
        last_error: last_error
            .map(|text| serde_json::from_str::<SourceError>(&text).unwrap_or(SourceError::Unreadable(text))),
    })
}

pub fn sources(tx: &Transaction) -> Result<Vec<NewsSource>> {
    let mut statement = tx.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM news_sources ORDER BY kind = 'ocs', url"))?;
    let rows = statement.query_map([], source_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn save_source(tx: &Transaction, s: &NewsSource) -> Result<()> {
    let kind = match s.kind {
        NewsSourceKind::Feed => "feed",
        NewsSourceKind::Ocs => "ocs",
    };
    let last_error = s.last_error.as_ref().map(|e| serde_json::to_string(e).unwrap_or_default());
    let st = &s.state;
    tx.execute(
        &format!(
            "INSERT INTO news_sources ({SOURCE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (url) DO UPDATE SET kind = ?2, language = ?3, title = ?4, added_by_member = ?5,
               added_at = ?6, etag = ?7, last_modified = ?8, last_success = ?9, failures = ?10,
               failing_since = ?11, last_failure = ?12, retry_after_until = ?13, max_age_until = ?14,
               next_poll = ?15, last_error = ?16"
        ),
        params![
            s.url,
            kind,
            s.language,
            s.title,
            s.added_by_member,
            s.added_at,
            st.etag,
            st.last_modified,
            st.last_success,
            st.consecutive_failures,
            st.failing_since,
            st.last_failure,
            st.retry_after_until,
            st.max_age_until,
            s.next_poll,
            last_error
        ],
    )?;
    Ok(())
}

/// The source and, through the foreign key, the entries it gave.
pub fn remove_source(tx: &Transaction, url: &str) -> Result<()> {
    if tx.execute("DELETE FROM news_sources WHERE url = ?1", [url])? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub fn list(tx: &Transaction) -> Result<Vec<NewsRecord>> {
    let mut statement = tx.prepare(
        "SELECT id, data, read, notified FROM announcements ORDER BY sort_date IS NULL, sort_date DESC, uid",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?, r.get::<_, bool>(3)?))
    })?;
    let mut records = Vec::new();
    for row in rows {
        let (id, data, read, notified) = row?;
        let announcement: Announcement =
            serde_json::from_str(&data).map_err(|e| StoreError::Invalid(format!("announcement {id}: {e}")))?;
        records.push(NewsRecord { id, announcement, read, notified });
    }
    Ok(records)
}

/// A poll's outcome: the source's state, then its entries, in one go.
pub fn apply(tx: &Transaction, apply: NewsApply) -> Result<()> {
    if let Some(old) = apply.moved_from.as_deref().filter(|old| *old != apply.source.url) {
        // The entries follow the source to its new URL (ON UPDATE CASCADE).
        let known = tx
            .query_row("SELECT 1 FROM news_sources WHERE url = ?1", [&apply.source.url], |_| Ok(()))
            .optional()?
            .is_some();
        if known {
            tx.execute("UPDATE announcements SET source = ?1 WHERE source = ?2", [&apply.source.url, old])?;
            tx.execute("DELETE FROM news_sources WHERE url = ?1", [old])?;
        } else {
            tx.execute("UPDATE news_sources SET url = ?1 WHERE url = ?2", [&apply.source.url, old])?;
        }
    }
    save_source(tx, &apply.source)?;
    for entry in &apply.upserts {
        let data = serde_json::to_string(entry).map_err(|e| StoreError::Invalid(e.to_string()))?;
        // An entry another source gave first stays with that source.
        let source = if entry.source.is_empty() { apply.source.url.as_str() } else { entry.source.as_str() };
        let source_known =
            tx.query_row("SELECT 1 FROM news_sources WHERE url = ?1", [source], |_| Ok(())).optional()?.is_some();
        let source = if source_known { source } else { apply.source.url.as_str() };
        tx.execute(
            "INSERT INTO announcements (source, uid, title, link, published, updated, sort_date, language, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (uid) DO UPDATE SET source = ?1, title = ?3, link = ?4, published = ?5, updated = ?6,
               sort_date = ?7, language = ?8, data = ?9",
            params![
                source,
                entry.id,
                entry.title,
                entry.link,
                entry.published,
                entry.updated,
                entry.date(),
                entry.language,
                data
            ],
        )?;
    }
    for uid in &apply.deleted {
        tx.execute("DELETE FROM announcements WHERE uid = ?1 AND source = ?2", [uid, &apply.source.url])?;
    }
    for uid in &apply.notified {
        tx.execute("UPDATE announcements SET notified = 1 WHERE uid = ?1", [uid])?;
    }
    Ok(())
}

pub fn mark_read(tx: &Transaction, id: Option<i64>) -> Result<()> {
    match id {
        Some(id) => {
            if tx.execute("UPDATE announcements SET read = 1 WHERE id = ?1", [id])? == 0 {
                return Err(StoreError::NotFound);
            }
        }
        None => {
            tx.execute("UPDATE announcements SET read = 1 WHERE read = 0", [])?;
        }
    }
    Ok(())
}
