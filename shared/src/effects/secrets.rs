//! Credentials live only in the platform's secure storage (Keychain,
//! Android Keystore, the browser's credential store); never in the local
//! database and never in logs.

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretRequest {
    Get { key: String },
    Set { key: String, value: String },
    Delete { key: String },
}

impl std::fmt::Debug for SecretRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Get { key } => write!(f, "Get({key})"),
            Self::Set { key, .. } => write!(f, "Set({key}, <redacted>)"),
            Self::Delete { key } => write!(f, "Delete({key})"),
        }
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretResponse {
    Value(Option<String>),
    Done,
    /// The secure storage refused (locked keychain, no keystore).
    Error(String),
}

impl std::fmt::Debug for SecretResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Value(Some(_)) => write!(f, "Value(<redacted>)"),
            Self::Value(None) => write!(f, "Value(None)"),
            Self::Done => write!(f, "Done"),
            Self::Error(e) => write!(f, "Error({e})"),
        }
    }
}

impl Operation for SecretRequest {
    type Output = SecretResponse;
}
