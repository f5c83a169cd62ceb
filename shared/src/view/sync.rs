//! The sync line every screen shows.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::model::{Model, SyncState};
use crate::sync::Progress;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncView {
    pub running: bool,
    /// 0.0 to 1.0 when known.
    pub progress: Option<f32>,
    pub status: String,
    pub failed: bool,
    /// Seconds the server asked us to wait (503 Retry-After).
    pub retry_after_s: Option<u64>,
    /// What went wrong in technical English (the library's or server's
    /// words, status codes), kept out of `status`: for a "details" line.
    pub detail: Option<String>,
    /// When the last sync that reached every collection ended (ms since
    /// the epoch), null before one: the shell says it in words
    /// ("synced 2 min ago") and keeps them current.
    #[serde(default)]
    pub last_success_ms: Option<i64>,
    /// What the last sync found that stays true after it (items kept
    /// unread, versions kept side by side), also in `status`: for a shell
    /// that says the sync as its time ("synced 2 min ago") instead.
    #[serde(default)]
    pub remarks: Vec<String>,
}

impl From<&Model> for SyncView {
    fn from(model: &Model) -> Self {
        // Kept with the account (`Account::last_synced`): known from the
        // start, before any new sync ends.
        let last_success_ms = model.account.as_ref().and_then(|a| a.last_synced);
        SyncView { last_success_ms, ..Self::now(model) }
    }
}

impl SyncView {
    fn now(model: &Model) -> Self {
        let l = model.locale;
        match &model.sync {
            SyncState::Idle => SyncView { status: Text::SyncNeverRan.in_locale(l), ..Default::default() },
            SyncState::Running(progress) => {
                let (status, fraction) = match progress {
                    None => (Text::SyncRunning, None),
                    Some(Progress::Pushing { done, total }) => (Text::SyncPushing { done: *done, total: *total }, None),
                    Some(Progress::Listing { collection }) => (Text::SyncListing(collection.clone()), None),
                    Some(Progress::Fetching { done, total }) => (
                        Text::SyncFetching { done: *done, total: *total },
                        (*total > 0).then(|| *done as f32 / *total as f32),
                    ),
                };
                SyncView { running: true, progress: fraction, status: status.in_locale(l), ..Default::default() }
            }
            SyncState::Done(report) => {
                let a = &report.applied;
                let nothing = a.added + a.updated + a.deleted + report.pushed == 0;
                // "Everything is up to date" only when it is: a collection
                // that failed says enough.
                let mut remarks = Vec::new();
                if report.unreadable > 0 {
                    remarks.push(Text::UnreadableItems(report.unreadable as usize).in_locale(l));
                }
                if a.conflicts > 0 {
                    remarks.push(Text::ConflictsKept(a.conflicts).in_locale(l));
                }
                let mut sentences = Vec::new();
                if !nothing || report.failed.is_empty() {
                    let done = Text::SyncDone {
                        added: a.added,
                        updated: a.updated,
                        deleted: a.deleted,
                        pushed: report.pushed,
                    };
                    sentences.push(done.in_locale(l));
                }
                sentences.extend(remarks.iter().cloned());
                let mut status = sentences.join(" ");
                let mut details = Vec::new();
                for f in &report.failed {
                    let text =
                        Text::CollectionNotSynced { name: f.collection.clone(), reason: Box::new(f.failure.text()) };
                    status =
                        if status.is_empty() { text.in_locale(l) } else { format!("{status} {}", text.in_locale(l)) };
                    details.extend(text.detail().map(|d| format!("{}: {d}", f.collection)));
                }
                SyncView {
                    status,
                    progress: Some(1.0),
                    failed: !report.failed.is_empty(),
                    detail: (!details.is_empty()).then(|| details.join("\n")),
                    remarks,
                    ..Default::default()
                }
            }
            SyncState::Failed(e) => SyncView {
                status: e.text().in_locale(l),
                detail: e.text().detail(),
                failed: true,
                retry_after_s: e.retry_after_s(),
                ..Default::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::sync::SyncReport;

    #[test]
    fn what_stays_true_after_a_sync_is_given_apart_from_its_counts() {
        let mut report = SyncReport { unreadable: 2, ..Default::default() };
        report.applied.added = 3;
        report.applied.conflicts = 1;
        let model = Model { sync: SyncState::Done(report), locale: Locale::Fr, ..Model::default() };
        let view = SyncView::from(&model);
        assert_eq!(
            view.remarks,
            [Text::UnreadableItems(2).in_locale(Locale::Fr), Text::ConflictsKept(1).in_locale(Locale::Fr)]
        );
        assert!(view.remarks.iter().all(|r| view.status.contains(r.as_str())), "{}", view.status);
        // A clean sync leaves nothing to say beside its time.
        let model = Model { sync: SyncState::Done(SyncReport::default()), ..Model::default() };
        assert!(SyncView::from(&model).remarks.is_empty());
    }
}
