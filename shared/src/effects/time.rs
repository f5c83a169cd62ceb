//! Wall-clock time, asked of the runtime so the core stays deterministic in tests.

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NowRequest;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instant(pub i64);

impl Operation for NowRequest {
    type Output = Instant;
}

/// Answered after `ms` milliseconds: a pause between two polls. The
/// runtime (or the page) waits; the core stays free of clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitRequest {
    pub ms: u64,
}

impl Operation for WaitRequest {
    type Output = ();
}
