//! DNS look-ups for service discovery (RFC 6764 SRV and TXT records).

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DnsRequest {
    Srv { name: String },
    Txt { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DnsResponse {
    Srv(Vec<SrvRecord>),
    Txt(Vec<String>),
    /// No such record, or no resolver on this platform (the web).
    NotFound,
}

impl Operation for DnsRequest {
    type Output = DnsResponse;
}
