//! Local notifications, carried out by the shell.
//!
//! Two operations, as they cross to the shells (Crux's JSON):
//!
//! - `{"Show":{"id","title","body"}}`: show one now (a new announcement);
//! - `{"Reminders":[{"id","title","body","at","until"}, ...]}`: the complete set of
//!   reminders the shell must have scheduled from now on. The shell cancels
//!   every reminder it scheduled before whose id is not in the set, and
//!   schedules (or replaces) the others, so that the reminder of an event
//!   moved or deleted never fires. An empty set cancels them all (sign-out).

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotifyRequest {
    /// Shown now; `id` names it (`news:<id>` for an announcement).
    Show(Notification),
    /// Every reminder due from now on, replacing all those sent before.
    Reminders(Vec<Reminder>),
}

impl NotifyRequest {
    /// Cancels every reminder the shell scheduled.
    pub fn cancel_reminders() -> Self {
        Self::Reminders(Vec::new())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Stable for one alarm of one occurrence (`<uid>@<seconds>`): a
    /// moved event's reminder gets a new id, the old one is cancelled.
    pub id: String,
    pub title: String,
    pub body: String,
    /// When to show it, milliseconds since the epoch.
    pub at: i64,
    /// Until when it is still worth showing late (the occurrence's end),
    /// when `at` passed while the device was off: milliseconds.
    pub until: i64,
}

impl Operation for NotifyRequest {
    type Output = ();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape the shells parse (Kotlin `ShellRequest.parse`, Swift
    /// `ShellRequests`, the web's `notify.ts`): a change here is theirs too.
    #[test]
    fn notifications_cross_to_the_shells_in_this_json() {
        let show = NotifyRequest::Show(Notification { id: "news:2".into(), title: "t".into(), body: "b".into() });
        assert_eq!(serde_json::to_string(&show).unwrap(), r#"{"Show":{"id":"news:2","title":"t","body":"b"}}"#);
        let set = NotifyRequest::Reminders(vec![Reminder {
            id: "r1@1700000000".into(),
            title: "Réunion".into(),
            body: "À 10 h".into(),
            at: 1_700_000_000_000,
            until: 1_700_003_600_000,
        }]);
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"{"Reminders":[{"id":"r1@1700000000","title":"Réunion","body":"À 10 h","at":1700000000000,"until":1700003600000}]}"#
        );
        assert_eq!(serde_json::to_string(&NotifyRequest::cancel_reminders()).unwrap(), r#"{"Reminders":[]}"#);
    }
}
