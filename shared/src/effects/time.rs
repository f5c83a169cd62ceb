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
