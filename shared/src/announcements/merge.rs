//! Folding what a source returned into what the device keeps.
//!
//! - One copy per id, whichever source it came from: the same entry in the
//!   French feed and the all-languages feed, or in the Atom and the RSS
//!   variant, is kept once (under the source that brought it first).
//! - An edit (same id, other content) replaces the kept copy in place. From
//!   the same source, the newest poll wins unless it is older (`updated`)
//!   than what is kept; from another source, only a newer `updated` wins.
//! - Read state always comes from the kept copy: a re-poll or an edit never
//!   makes an entry unread again.
//! - An id never kept before is new, unread, and notified once, unless its
//!   date (published, else updated) is before the account was created, or it
//!   has no date at all (nothing then tells it from old news). An edit is
//!   never notified: its id is already kept.
//! - A feed is a window on the latest entries: what it no longer lists is
//!   kept. A complete OCS listing is the whole truth: what it no longer lists
//!   was deleted.
//!
//! Whatever is dropped from the store must keep its id somewhere for as long
//! as a source may still list it, or it will be new again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Announcement;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnnouncement {
    pub announcement: Announcement,
    pub read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listing {
    /// The latest entries only (a feed, or an OCS listing cut short).
    Window,
    /// Everything the source has (an OCS listing read to its empty page).
    Complete,
}

/// What one poll of one source returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetched {
    pub source: String,
    pub listing: Listing,
    pub entries: Vec<Announcement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeResult {
    /// Everything to keep: newest first (by date, undated last, then id).
    pub entries: Vec<StoredAnnouncement>,
    /// Ids seen for the first time.
    pub added: Vec<String>,
    /// Ids kept before whose content changed.
    pub updated: Vec<String>,
    /// Ids of the new entries that deserve a notification, each exactly once.
    pub notify: Vec<String>,
    /// Ids the source (a complete listing) no longer has: not in `entries`.
    pub deleted: Vec<String>,
}

pub fn merge(stored: &[StoredAnnouncement], fetched: &Fetched, account_created_at: i64) -> MergeResult {
    let mut entries: Vec<StoredAnnouncement> = Vec::with_capacity(stored.len() + fetched.entries.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for kept in stored {
        if !index.contains_key(&kept.announcement.id) {
            index.insert(kept.announcement.id.clone(), entries.len());
            entries.push(kept.clone());
        }
    }

    let (mut added, mut updated, mut notify) = (Vec::new(), Vec::new(), Vec::new());
    for entry in latest_per_id(&fetched.entries) {
        match index.get(&entry.id) {
            Some(&at) => {
                let kept = &mut entries[at];
                let wins = if kept.announcement.source == entry.source {
                    *entry != kept.announcement && entry.updated >= kept.announcement.updated
                } else {
                    entry.updated > kept.announcement.updated
                };
                if wins {
                    let source = std::mem::take(&mut kept.announcement.source);
                    kept.announcement = Announcement { source, ..entry.clone() };
                    if !updated.contains(&entry.id) {
                        updated.push(entry.id.clone());
                    }
                }
            }
            None => {
                index.insert(entry.id.clone(), entries.len());
                entries.push(StoredAnnouncement { announcement: entry.clone(), read: false });
                added.push(entry.id.clone());
                if entry.date().is_some_and(|date| date >= account_created_at) {
                    notify.push(entry.id.clone());
                }
            }
        }
    }

    let mut deleted = Vec::new();
    if fetched.listing == Listing::Complete {
        let listed: std::collections::HashSet<&str> = fetched.entries.iter().map(|e| e.id.as_str()).collect();
        entries.retain(|kept| {
            let gone = kept.announcement.source == fetched.source && !listed.contains(kept.announcement.id.as_str());
            if gone {
                deleted.push(kept.announcement.id.clone());
            }
            !gone
        });
    }

    entries.sort_by(|a, b| {
        let (a, b) = (&a.announcement, &b.announcement);
        // Newest first; undated (None) after every date.
        b.date().cmp(&a.date()).then_with(|| a.id.cmp(&b.id))
    });
    MergeResult { entries, added, updated, notify, deleted }
}

/// One entry per id: the most recently updated (the first on ties).
fn latest_per_id(entries: &[Announcement]) -> Vec<&Announcement> {
    let mut latest: Vec<&Announcement> = Vec::with_capacity(entries.len());
    let mut index: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        match index.get(entry.id.as_str()) {
            Some(&at) if entry.updated > latest[at].updated => latest[at] = entry,
            Some(_) => {}
            None => {
                index.insert(&entry.id, latest.len());
                latest.push(entry);
            }
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: i64 = 1_800_000_000_000;

    fn entry(source: &str, id: &str, date: Option<i64>) -> Announcement {
        Announcement {
            source: source.into(),
            id: id.into(),
            title: id.into(),
            link: None,
            published: date,
            updated: date,
            language: None,
            summary: None,
            content: None,
            attachments: Vec::new(),
            author: None,
        }
    }

    fn window(source: &str, entries: Vec<Announcement>) -> Fetched {
        Fetched { source: source.into(), listing: Listing::Window, entries }
    }

    #[test]
    fn undated_entries_are_shown_but_not_notified_and_sort_last() {
        let result = merge(
            &[],
            &window("fr", vec![entry("fr", "undated", None), entry("fr", "dated", Some(ACCOUNT + 1))]),
            ACCOUNT,
        );
        assert_eq!(result.notify, vec!["dated"]);
        let order: Vec<_> = result.entries.iter().map(|e| e.announcement.id.as_str()).collect();
        assert_eq!(order, vec!["dated", "undated"]);
    }

    #[test]
    fn another_source_wins_only_with_a_newer_update() {
        let stored = merge(&[], &window("fr", vec![entry("fr", "ag", Some(ACCOUNT + 10))]), ACCOUNT).entries;
        let mut same_age = entry("all", "ag", Some(ACCOUNT + 10));
        same_age.title = "différent".into();
        let result = merge(&stored, &window("all", vec![same_age.clone()]), ACCOUNT);
        assert_eq!(result.entries[0].announcement.title, "ag");
        assert!(result.updated.is_empty() && result.added.is_empty() && result.notify.is_empty());
        same_age.updated = Some(ACCOUNT + 20);
        let result = merge(&stored, &window("all", vec![same_age]), ACCOUNT);
        assert_eq!(result.entries[0].announcement.title, "différent");
        assert_eq!(result.entries[0].announcement.source, "fr", "kept under the source that brought it");
    }

    #[test]
    fn a_stale_copy_from_the_same_source_does_not_undo_an_edit() {
        let mut edited = entry("fr", "ag", Some(ACCOUNT + 10));
        edited.updated = Some(ACCOUNT + 50);
        edited.title = "AG (salle changée)".into();
        let stored = merge(&[], &window("fr", vec![edited]), ACCOUNT).entries;
        let stale = entry("fr", "ag", Some(ACCOUNT + 10));
        let result = merge(&stored, &window("fr", vec![stale]), ACCOUNT);
        assert_eq!(result.entries[0].announcement.title, "AG (salle changée)");
    }
}
