//! How an action can end badly: on the server's side ([`RemoteError`]) or
//! on this device ([`LocalError`]). Each turns into one sentence.

use crate::dav::client::RemoteError;
use crate::effects::store::{ItemKind, StoreError};
use crate::i18n::Text;

/// Something on this device said no; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalError {
    /// The item is gone (deleted meanwhile, or never existed).
    NotFound,
    /// The collection may not be changed.
    ReadOnly(ItemKind),
    /// The store failed; it kept what it had.
    Store(StoreError),
    /// The platform's secure storage (Keychain, Keystore) failed.
    SecureStorage(String),
    /// A bug in the app stopped the work (a panic, caught): nothing was
    /// written after it.
    Unexpected,
    /// The change cannot be made as asked (no such category, a note that
    /// is not text); nothing was written.
    Refused(Text),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Remote(RemoteError),
    Local(LocalError),
}

impl LocalError {
    pub fn text(&self) -> Text {
        match self {
            LocalError::NotFound | LocalError::Store(StoreError::NotFound) => Text::ItemGone,
            LocalError::ReadOnly(kind) => kind.behaviour().read_only(),
            LocalError::Store(e) => Text::StoreFailure(e.to_string()),
            LocalError::SecureStorage(e) => Text::StoreFailure(e.clone()),
            LocalError::Unexpected => Text::UnexpectedStop,
            LocalError::Refused(text) => text.clone(),
        }
    }
}

impl Failure {
    pub fn text(&self) -> Text {
        match self {
            Failure::Remote(e) => e.text(),
            Failure::Local(e) => e.text(),
        }
    }

    /// Seconds the server asked us to wait (503 Retry-After).
    pub fn retry_after_s(&self) -> Option<u64> {
        match self {
            Failure::Remote(RemoteError::Server { retry_after_s, .. }) => *retry_after_s,
            _ => None,
        }
    }
}

impl From<RemoteError> for Failure {
    fn from(e: RemoteError) -> Self {
        Failure::Remote(e)
    }
}

impl From<StoreError> for LocalError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => LocalError::NotFound,
            e => LocalError::Store(e),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Local(e.into())
    }
}

impl From<LocalError> for Failure {
    fn from(e: LocalError) -> Self {
        Failure::Local(e)
    }
}
