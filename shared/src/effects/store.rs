//! The local store effect: the member's data at rest, the truth the UI reads.
//!
//! Operations are domain-level (not SQL) so that each platform can implement
//! them with what it has: SQLite through `rusqlite` natively (the runtime
//! crate), IndexedDB or SQLite-wasm in the browser. Every operation is atomic:
//! the runtime applies it in one transaction.
//!
//! The core extracts everything the store indexes (`ContactIndex`), so the
//! store never parses vCards.

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

/// The member's account as stored locally. The password is *not* here: it
/// lives in secure storage under [`Account::secret_key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    /// The login name sent in Basic auth (often the e-mail address).
    pub username: String,
    /// The server's base URL, after discovery (scheme, host, port).
    pub server_url: String,
    pub principal_url: String,
    pub addressbook_home: String,
    /// `None` when the server offers no calendars (CardDAV only).
    #[serde(default)]
    pub calendar_home: Option<String>,
}

impl Account {
    pub fn secret_key(&self) -> String {
        format!("nubo:{}", self.email)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressBook {
    /// Absolute URL of the collection, ending in `/`.
    pub href: String,
    pub display_name: String,
    pub read_only: bool,
    /// RFC 6578 support advertised in `supported-report-set`.
    pub supports_sync: bool,
    /// Last sync token committed after a complete pull.
    pub sync_token: Option<String>,
    /// Last `getctag` committed after a complete pull (fallback servers).
    pub ctag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Absolute URL of the collection, ending in `/`.
    pub href: String,
    pub display_name: String,
    /// As the server gives it, e.g. "#0082C9" or "#0082C9FF".
    pub color: Option<String>,
    /// Shared or subscribed calendars: shown, never edited.
    pub read_only: bool,
    pub supports_sync: bool,
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
}

/// What the store indexes for list, sort and search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactIndex {
    pub uid: String,
    pub display_name: String,
    /// Lower-case, accent-free key for sorting by name.
    pub sort_key: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: String,
}

/// A contact as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteContact {
    /// Absolute URL of the resource.
    pub href: String,
    pub etag: Option<String>,
    pub vcard: String,
    pub index: ContactIndex,
}

/// One step of a pull, applied in one transaction. Contacts in `upserts`
/// replace clean local copies; a local copy with unsynced edits is never
/// overwritten: the server version becomes the contact and the member's
/// version is kept as a conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullBatch {
    pub book: String,
    pub upserts: Vec<RemoteContact>,
    /// Hrefs deleted on the server. A local copy with unsynced edits is kept
    /// and becomes a new contact to create.
    pub deletes: Vec<String>,
    /// After a full listing: every href the server has. Clean local contacts
    /// not in this list are deleted (dirty ones become creates).
    pub keep_only: Option<Vec<String>>,
    /// Set only on the last batch of a pull: committing it marks the pull done.
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
    /// Now, ms since the epoch: stamps any conflict this batch finds.
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplySummary {
    pub added: u32,
    pub updated: u32,
    pub deleted: u32,
    /// Server changes that met unsynced local edits and became conflicts.
    pub conflicts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEtag {
    pub href: String,
    pub etag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Create,
    Update,
    Delete,
}

/// A local change waiting to be pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub contact_id: i64,
    pub book: String,
    pub kind: ChangeKind,
    /// `None` until the contact has been created on the server.
    pub href: Option<String>,
    pub etag: Option<String>,
    pub uid: String,
    pub vcard: String,
    /// Local revision; a push only marks the contact clean if the member has
    /// not edited it again meanwhile.
    pub revision: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PushOutcome {
    /// Created or updated on the server. `etag` is `None` when the server did
    /// not return one: the next pull fetches the server's bytes.
    Stored { contact_id: i64, revision: i64, href: String, etag: Option<String> },
    Deleted { contact_id: i64 },
    /// The server changed it meanwhile (412): `server` becomes the contact,
    /// the member's version is kept as a conflict. `server` is `None` when the
    /// server deleted it: the member's version becomes a new contact.
    Conflict { contact_id: i64, server: Option<RemoteContact>, now: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: i64,
    pub book: String,
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub org: String,
    /// Local changes not yet on the server.
    pub pending: bool,
    pub has_conflict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub id: i64,
    pub book: String,
    pub href: Option<String>,
    pub etag: Option<String>,
    pub uid: String,
    pub vcard: String,
    pub pending: bool,
}

/// The member's version of a contact that the server changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRecord {
    pub id: i64,
    pub contact_id: i64,
    pub local_vcard: String,
    pub local_index: ContactIndex,
    /// When the conflict was found, ms since the epoch.
    pub found_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictChoice {
    /// Push the member's version over the server's.
    KeepMine,
    /// Drop the member's version.
    KeepServer,
    /// Keep the server's and create the member's as a separate contact with
    /// a fresh UID (the core rewrites the vCard).
    KeepBoth { uid: String, vcard: String, index: ContactIndex },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreRequest {
    LoadAccount,
    SaveAccount(Account),
    /// Signing out: forget the account and every local copy.
    DeleteAccount,
    /// Replace the list of address books; books no longer listed are removed
    /// with their contacts unless those hold unsynced edits.
    SaveAddressBooks(Vec<AddressBook>),
    ListAddressBooks,
    /// Replace the list of calendars (events come with the agenda sync).
    SaveCalendars(Vec<Calendar>),
    ListCalendars,
    LocalEtags { book: String },
    ApplyPull(PullBatch),
    Outbox { book: String },
    PushDone(PushOutcome),
    /// All contacts, sorted by `sort_key`.
    ListContacts,
    /// Full-text, accent- and case-insensitive search over name, e-mail,
    /// phone and organisation; prefix matching per word.
    SearchContacts { query: String },
    GetContact { id: i64 },
    /// A local create (`id: None`) or edit, queued for push.
    SaveContact { id: Option<i64>, book: String, vcard: String, index: ContactIndex },
    /// A local delete, queued for push (or dropped if never pushed).
    DeleteContact { id: i64 },
    ListConflicts,
    ResolveConflict { conflict_id: i64, choice: ConflictChoice, now: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreResponse {
    Done,
    Account(Option<Account>),
    AddressBooks(Vec<AddressBook>),
    Calendars(Vec<Calendar>),
    Etags(Vec<LocalEtag>),
    Applied(ApplySummary),
    Outbox(Vec<OutboxItem>),
    Contacts(Vec<ContactSummary>),
    Contact(Option<ContactRecord>),
    Saved { id: i64 },
    Conflicts(Vec<ConflictRecord>),
    /// The store failed (disk full, corruption); nothing was changed.
    Error(String),
}

impl Operation for StoreRequest {
    type Output = StoreResponse;
}
