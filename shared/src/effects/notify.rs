//! A local notification, shown by the shell (fire and forget).

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyRequest {
    pub id: String,
    pub title: String,
    pub body: String,
    /// When to show it, milliseconds since the epoch; `None` means now.
    pub at: Option<i64>,
}

impl Operation for NotifyRequest {
    type Output = ();
}
