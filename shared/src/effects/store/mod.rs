//! The local store effect: the member's data at rest, the truth the UI reads.
//!
//! Operations are domain-level (not SQL) so that each platform can implement
//! them with what it has: SQLite through `rusqlite` natively (the runtime
//! crate), IndexedDB or SQLite-wasm in the browser. Every operation is atomic:
//! the runtime applies it in one transaction.
//!
//! The core extracts everything the store indexes (`ItemIndex`), so the
//! store never parses vCards or iCalendar. `command` holds typed helpers:
//! one per request, each answering exactly what that request returns.

pub mod command;

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

pub use crate::announcements::{Announcement, SourceError, SourceState};
pub use crate::kinds::{ContactIndex, EventIndex, ItemIndex, ItemKind, NoteIndex};

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
    /// `None` when the server offers no address books (CalDAV only).
    #[serde(default)]
    pub addressbook_home: Option<String>,
    /// `None` when the server offers no calendars (CardDAV only).
    #[serde(default)]
    pub calendar_home: Option<String>,
    /// The WebDAV folder of the member's notes (Nextcloud: `files/<login>/Notes/`
    /// under the DAV root); `None` until known.
    #[serde(default)]
    pub notes_folder: Option<String>,
    /// The cooperative's feeds were looked for (once, after sign-in).
    #[serde(default)]
    pub news_discovered: bool,
    /// The calendar the server puts new events in (RFC 6638
    /// `schedule-default-calendar-URL`), when it names one of the home's.
    #[serde(default)]
    pub default_calendar: Option<String>,
    /// When the last sync that reached every collection ended (ms since
    /// the epoch), so a restart still says how fresh the data is. Written
    /// only by [`StoreRequest::SaveSyncedAt`]: `SaveAccount` keeps what is
    /// stored (a copy of the account taken before the sync ended must not
    /// turn it back).
    #[serde(default)]
    pub last_synced: Option<i64>,
    /// The server's origin asked for Basic credentials (a 401 with a Basic
    /// challenge) at sign-in or at a sync: later sessions send them with
    /// their first request, as RFC 7617 lets a client do in a protection
    /// space it knows, instead of being refused once per session (a round
    /// trip; Radicale also waits 0.5–1.5 s before each such 401). Still
    /// only to this origin.
    #[serde(default)]
    pub credentials_asked: bool,
}

impl Account {
    pub fn secret_key(&self) -> String {
        format!("nubo:{}", self.email)
    }
}

/// An address book or a calendar (or any collection the app syncs): one
/// type and one table for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub kind: ItemKind,
    /// Absolute URL of the collection, ending in `/`.
    pub href: String,
    pub display_name: String,
    /// As the server gives it, e.g. "#0082C9" or "#0082C9FF" (calendars).
    pub color: Option<String>,
    /// Shared or subscribed collections: shown, never edited.
    pub read_only: bool,
    /// RFC 6578 support advertised in `supported-report-set`.
    pub supports_sync: bool,
    /// Last sync token committed after a complete pull.
    pub sync_token: Option<String>,
    /// Last `getctag` committed after a complete pull.
    pub ctag: Option<String>,
}

impl Collection {
    /// A writable collection without RFC 6578, nothing synced yet.
    pub fn new(kind: ItemKind, href: &str, display_name: &str) -> Self {
        Collection {
            kind,
            href: href.to_string(),
            display_name: display_name.to_string(),
            color: None,
            read_only: false,
            supports_sync: false,
            sync_token: None,
            ctag: None,
        }
    }
}

/// A contact or event resource as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteItem {
    /// Absolute URL of the resource.
    pub href: String,
    pub etag: Option<String>,
    /// The vCard or iCalendar text, as received.
    pub data: String,
    pub index: ItemIndex,
}

/// One step of a pull, applied in one transaction. Items in `upserts`
/// replace clean local copies; a local copy with unsynced edits is never
/// overwritten: the server version becomes the item and the member's
/// version is kept as a conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullBatch {
    /// The address book or calendar.
    pub collection: String,
    pub upserts: Vec<RemoteItem>,
    /// Hrefs deleted on the server. A local copy with unsynced edits is kept
    /// and becomes a new item to create.
    pub deletes: Vec<String>,
    /// After a full listing: every href the server has. Clean local items
    /// not in this list are deleted (dirty ones become creates).
    pub keep_only: Option<Vec<String>>,
    /// Set only on the last batch of a pull: committing it marks the pull done.
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
    /// Now, ms since the epoch: stamps any conflict this batch finds.
    pub now: i64,
}

impl PullBatch {
    /// A batch of fetched resources, before the listing is committed.
    pub fn upserts(collection: &str, upserts: Vec<RemoteItem>, now: i64) -> Self {
        PullBatch { collection: collection.to_string(), upserts, now, ..Default::default() }
    }
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
    pub item_id: i64,
    pub collection: String,
    pub kind: ChangeKind,
    /// `None` until the item has been created on the server.
    pub href: Option<String>,
    pub etag: Option<String>,
    pub uid: String,
    pub data: String,
    /// Local revision; a push only marks the item clean if the member has
    /// not edited it again meanwhile.
    pub revision: i64,
    /// Versions earlier pushes sent whose answers never came (a timeout,
    /// the app killed; the latest few, oldest first): if the server holds
    /// one of them, that is the member's own and no conflict.
    pub sent: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PushOutcome {
    /// Created or updated on the server. `etag` is `None` when the server did
    /// not return one: the next pull fetches the server's bytes.
    Stored {
        item_id: i64,
        revision: i64,
        href: String,
        etag: Option<String>,
    },
    Deleted {
        item_id: i64,
    },
    /// The server changed it meanwhile (412): `server` becomes the item,
    /// the member's version is kept as a conflict. `server` is `None` when the
    /// server deleted it: the member's version becomes a new item.
    Conflict {
        item_id: i64,
        server: Option<RemoteItem>,
        now: i64,
    },
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

/// The contacts the member looks at: every one, or a search's first
/// matches by name; `found` counts every match, shown or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactList {
    pub shown: Vec<ContactSummary>,
    pub found: usize,
    /// Contacts changed here and not yet sent, deletions included, whether
    /// listed or not.
    pub pending: usize,
    /// The runs of one initial, in order, with the position of each run's
    /// first contact: over the whole list, listed or not; for a search,
    /// over the matches listed.
    pub initials: Vec<ContactInitial>,
}

/// An initial of the contact list ("A", "Ł", "#" for names that do not
/// begin with a letter) and the position of its first contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInitial {
    pub letter: String,
    pub first: usize,
}

/// The notes the member looks at: every one, or a search's matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteList {
    pub notes: Vec<NoteSummary>,
    /// Notes changed, moved or deleted here and not yet sent, whether
    /// listed or not.
    pub pending: usize,
}

/// A rename or a change of folder the member made, waiting for a MOVE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMove {
    pub item_id: i64,
    /// Where the server has the file now.
    pub from: String,
    pub to: String,
    /// The etag of the version the member last saw at `from`.
    pub etag: Option<String>,
}

/// An edit waiting to be pushed, with the server's text it started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditedBase {
    pub item_id: i64,
    pub href: String,
    pub collection: String,
    pub base: String,
    /// The member's text.
    pub data: String,
}

/// How a MOVE ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveOutcome {
    /// The file is at its new place. `etag`: its etag there, when known;
    /// `server_changed`: the server's text had changed since the member
    /// last saw it (it moved along; the next pull brings it, a conflict if
    /// the member edited too).
    Moved { item_id: i64, etag: Option<String>, server_changed: bool },
    /// The server no longer has the file: the member's version is created
    /// at the new place.
    SourceGone { item_id: i64 },
}

/// A note as its list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSummary {
    pub id: i64,
    /// The folder it is in (its category).
    pub collection: String,
    pub title: String,
    pub preview: String,
    /// ms since the epoch.
    pub modified: i64,
    pub pending: bool,
    pub has_conflict: bool,
    pub unreadable: bool,
    /// Bytes of a file too large to download.
    pub too_large: Option<u64>,
}

/// Where announcements come from: a feed (Atom, RSS, JSON Feed) on any
/// site, or the Announcement Center of the account's Nextcloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewsSourceKind {
    Feed,
    Ocs,
}

/// A source of announcements and what its polls left behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSource {
    /// The feed's URL, or the Announcement Center's API URL: the key.
    pub url: String,
    pub kind: NewsSourceKind,
    /// The language the feed is published in (found by autodiscovery or
    /// the feed itself).
    pub language: Option<String>,
    pub title: Option<String>,
    /// Added by the member (else found at sign-in).
    pub added_by_member: bool,
    /// When the source was added, ms: nothing older is ever notified.
    pub added_at: i64,
    /// Validators, backoff and the rest of what polling decides on.
    pub state: SourceState,
    /// The earliest the next scheduled poll asks (ms), for shells' schedules.
    pub next_poll: Option<i64>,
    /// Why the last poll failed, while it fails.
    pub last_error: Option<SourceError>,
}

/// An announcement as kept on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsRecord {
    /// The local id, stable while the entry is kept.
    pub id: i64,
    /// As received: bodies raw, attachments; `announcement.source` is the
    /// source's URL.
    pub announcement: Announcement,
    pub read: bool,
    pub notified: bool,
}

/// One poll's outcome for one source, applied in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsApply {
    /// The source's new state (validators, failures).
    pub source: NewsSource,
    /// The source's URL before a permanent redirect moved it (its entries
    /// move with it).
    pub moved_from: Option<String>,
    /// New or edited entries, by their stable id; read state is kept.
    pub upserts: Vec<Announcement>,
    /// Stable ids no longer listed (a complete Announcement Center listing).
    pub deleted: Vec<String>,
    /// Stable ids whose notification goes out with this poll.
    pub notified: Vec<String>,
}

/// One occurrence of an event as the store keeps it, expanded in the
/// member's zone (the window's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOccurrence {
    pub item_id: i64,
    /// Start and end, ms since the epoch (all-day: midnights in the zone).
    pub start: i64,
    pub end: i64,
    /// All-day: the first day and the day after the last, in days from
    /// 0001-01-01 (chrono's `num_days_from_ce`).
    pub days: Option<(i32, i32)>,
    pub summary: String,
    pub location: String,
    /// The occurrence's RECURRENCE-ID as a shell carries it.
    pub occurrence: Option<String>,
    pub recurring: bool,
    /// The IANA name of the zone the event is set in.
    pub zone: Option<String>,
}

/// A kept occurrence with what its event's row says now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceRow {
    pub occurrence: StoredOccurrence,
    pub calendar: String,
    pub pending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpandFor {
    /// Over the whole kept window, then saved; `generation` names the
    /// version of the event it was asked for. `kept`: the part of the
    /// window its kept occurrences already cover (the window was widened
    /// since), so only the rest is expanded and added to them.
    Window {
        generation: i64,
        #[serde(default)]
        kept: Option<(i64, i64)>,
    },
    /// Over the view only, never kept: an event that could not be read or
    /// expanded over the window (too many occurrences in it).
    ViewOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToExpand {
    pub item: ItemRecord,
    pub expand_for: ExpandFor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrencePage {
    /// Kept occurrences in the view.
    pub rows: Vec<OccurrenceRow>,
    /// Events of the view the store holds no occurrences for.
    pub expand: Vec<ToExpand>,
    /// The window `[from, to)` (ms) kept for this zone.
    pub window: (i64, i64),
    /// Events created, changed or deleted here and not sent yet, in any
    /// window: counted with the contacts and notes waiting.
    #[serde(default)]
    pub pending_events: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpandedOccurrences {
    /// The zone and window they were expanded for.
    pub zone: String,
    pub window: (i64, i64),
    pub items: Vec<ExpandedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpandedItem {
    pub item_id: i64,
    pub generation: i64,
    /// `None`: the event could not be expanded over the window; it is
    /// expanded for each view instead.
    pub occurrences: Option<Vec<StoredOccurrence>>,
    /// The part of the window it was already kept for (as listed): the
    /// occurrences are the rest, added to those kept.
    #[serde(default)]
    pub added_to: Option<(i64, i64)>,
}

/// A reminder as the store keeps it between starts: computed once for the
/// days ahead, read at each start until an event changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReminder {
    /// When it rings, and its occurrence's start and end (ms since the epoch).
    pub at: i64,
    pub starts: i64,
    pub ends: i64,
    pub uid: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReminderPage {
    /// The kept reminders due in the span asked, soonest first.
    Kept(Vec<StoredReminder>),
    /// None kept for that span and zone, or an event changed since: the
    /// events with an alarm to compute them from, and the generation of
    /// the events that read (see [`ComputedReminders`]).
    ToCompute { events: Vec<ItemRecord>, generation: i64 },
}

/// What the core computed from a [`ReminderPage::ToCompute`]: every reminder
/// due in `span` for `zone`. Kept unless an event changed since the read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedReminders {
    pub zone: String,
    pub span: (i64, i64),
    pub generation: i64,
    pub reminders: Vec<StoredReminder>,
}

/// A stored contact or event resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub id: i64,
    pub collection: String,
    pub href: Option<String>,
    pub etag: Option<String>,
    pub uid: String,
    pub data: String,
    pub pending: bool,
}

/// The member's version of an item that the server changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRecord {
    pub id: i64,
    pub item_id: i64,
    pub local_data: String,
    pub local_index: ItemIndex,
    /// When the conflict was found, ms since the epoch.
    pub found_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictChoice {
    /// Push the member's version over the server's.
    KeepMine,
    /// Drop the member's version.
    KeepServer,
    /// Keep the server's and create the member's as a separate item with
    /// a fresh UID (the core rewrites it).
    KeepBoth { uid: String, data: String, index: Box<ItemIndex> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreRequest {
    LoadAccount,
    SaveAccount(Account),
    /// Signing out: forget the account and every local copy.
    DeleteAccount,
    /// A sync that reached every collection ended at `at` (ms): kept with
    /// the account (nothing when there is none: signed out meanwhile).
    SaveSyncedAt {
        at: i64,
    },
    /// Replace the list of collections of one kind; those no longer listed
    /// are removed with their items unless those hold unsynced edits.
    SaveCollections {
        kind: ItemKind,
        collections: Vec<Collection>,
    },
    /// Every collection, by kind then name.
    ListCollections,
    LocalEtags {
        collection: String,
    },
    ApplyPull(PullBatch),
    Outbox {
        collection: String,
    },
    /// Before a PUT: the version about to be sent, and where, kept until
    /// the answer is recorded by `PushDone`.
    PushSending {
        item_id: i64,
        href: String,
        data: String,
    },
    PushDone(PushOutcome),
    /// The first `shown` contacts by `sort_key`, how many there are, and
    /// where each initial begins.
    ListContacts {
        shown: usize,
    },
    /// Full-text, accent- and case-insensitive search over name, e-mail,
    /// phone and organisation; prefix matching per word. Answered with the
    /// first `shown` matches by name and how many there are.
    SearchContacts {
        query: String,
        shown: usize,
    },
    /// Notes, newest first; with a query, those whose title or text hold
    /// every word (accent- and case-insensitive prefixes).
    ListNotes {
        query: String,
    },
    GetItem {
        id: i64,
    },
    /// A local create (`id: None`) or edit, queued for push.
    SaveItem {
        id: Option<i64>,
        collection: String,
        data: String,
        index: ItemIndex,
    },
    /// A member's edit of an item they opened when it held `started_from`.
    /// If a sync took in another version meanwhile, that version stays and
    /// the member's is kept beside it as a conflict (found `now`), never
    /// written over it: `KeptAsConflict`.
    EditItem {
        id: i64,
        collection: String,
        data: String,
        index: ItemIndex,
        started_from: String,
        now: i64,
    },
    /// A local delete, queued for push (or dropped if never pushed).
    DeleteItem {
        id: i64,
    },
    /// A member's delete of the item as they saw it (`started_from`): if
    /// another version arrived since, nothing is deleted
    /// (`ChangedMeanwhile`).
    DeleteSeen {
        id: i64,
        started_from: String,
    },
    /// A rename or a change of folder (notes): to `collection`, under
    /// `href` (`None` while the item was never on the server) and `index`.
    MoveItem {
        id: i64,
        collection: String,
        href: Option<String>,
        index: ItemIndex,
    },
    /// The moves of one kind still to send.
    PendingMoves {
        kind: ItemKind,
    },
    MoveDone(MoveOutcome),
    /// Edits of one kind waiting to be pushed, with the text each started from.
    EditedBases {
        kind: ItemKind,
    },
    /// The server renamed or moved the file an edit was made on: the item
    /// follows it (its href, folder and etag there).
    RenamedOnServer {
        item_id: i64,
        href: String,
        collection: String,
        etag: Option<String>,
        index: ItemIndex,
    },
    /// Event resources of which an occurrence may fall in `[from, to)` (ms
    /// since the epoch), found by their index; only those with an alarm
    /// when asked (the reminders).
    ListEvents {
        from: i64,
        to: i64,
        only_with_alarms: bool,
    },
    /// The reminders due in `[from, to)` in `zone` if kept, else the events
    /// with an alarm that may ring in `[from, events_to)`.
    ListReminders {
        from: i64,
        to: i64,
        zone: String,
        events_to: i64,
    },
    /// Keeps what the core computed for a [`StoreRequest::ListReminders`].
    SaveReminders(Box<ComputedReminders>),
    /// The occurrences kept for `[from, to)` in `zone`, and the events the
    /// core must expand first (new or changed since, or never expanded in
    /// this window). The store widens the window it keeps as the member
    /// looks further, and starts again in another zone.
    ListOccurrences {
        from: i64,
        to: i64,
        zone: String,
    },
    /// What [`StoreRequest::ListOccurrences`] would ask to expand for
    /// `[from, to)`, without reading the kept rows: the core keeps the
    /// months ahead after a sync, while nobody waits, so that the member's
    /// next views are range queries. It only widens the kept window: where
    /// that would mean a new one (far from what the member looks at), it
    /// names nothing.
    OccurrencesAhead {
        from: i64,
        to: i64,
        zone: String,
    },
    /// What the core expanded for a [`StoreRequest::ListOccurrences`] or
    /// [`StoreRequest::OccurrencesAhead`]: kept unless the window or an
    /// event changed meanwhile.
    SaveOccurrences(Box<ExpandedOccurrences>),
    ListConflicts,
    ResolveConflict {
        conflict_id: i64,
        choice: ConflictChoice,
        now: i64,
    },
    /// Every source of announcements, feeds first then by URL.
    ListNewsSources,
    /// Adds a source, or replaces its settings and state.
    SaveNewsSource(Box<NewsSource>),
    /// Forgets a source and the announcements it gave.
    RemoveNewsSource {
        url: String,
    },
    /// Every announcement kept, newest first.
    ListNews,
    /// A poll's outcome: the source's state and its entries, together.
    ApplyNews(Box<NewsApply>),
    /// Marks one announcement (`Some(id)`) or all of them read.
    MarkNewsRead {
        id: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreResponse {
    Done,
    Account(Option<Account>),
    Collections(Vec<Collection>),
    Etags(Vec<LocalEtag>),
    Applied(ApplySummary),
    Outbox(Vec<OutboxItem>),
    Contacts(ContactList),
    Notes(NoteList),
    Moves(Vec<PendingMove>),
    EditedBases(Vec<EditedBase>),
    Item(Option<ItemRecord>),
    Items(Vec<ItemRecord>),
    Saved {
        id: i64,
    },
    /// An edit met a version that arrived while it was being made: see
    /// `EditItem`.
    KeptAsConflict {
        id: i64,
    },
    /// See `DeleteSeen`.
    ChangedMeanwhile {
        id: i64,
    },
    Conflicts(Vec<ConflictRecord>),
    NewsSources(Vec<NewsSource>),
    News(Vec<NewsRecord>),
    Occurrences(OccurrencePage),
    Reminders(ReminderPage),
    /// The store failed or refused; nothing was changed.
    Error(StoreError),
}

/// Why the store answered no. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreError {
    /// The item, conflict or collection asked for is not (or no longer) there.
    NotFound,
    /// The change contradicts the stored state (e.g. an edit of a deleted item).
    Refused(String),
    /// The data file is damaged or not the app's.
    Damaged(String),
    /// Written by a newer version of the app.
    TooNew { found: i64, known: i64 },
    /// Anything else (disk full, I/O): the store's own words, for the log.
    Failed(String),
    /// The store answered something the request does not call for.
    UnexpectedAnswer,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Refused(why) => write!(f, "refused: {why}"),
            StoreError::Damaged(why) => write!(f, "the local data file is damaged or is not Nubo's ({why})"),
            StoreError::TooNew { found, known } => write!(
                f,
                "the local data was written by a newer version of the app (schema {found}, this app knows {known})"
            ),
            StoreError::Failed(why) => f.write_str(why),
            StoreError::UnexpectedAnswer => f.write_str("unexpected answer from the store"),
        }
    }
}

impl std::error::Error for StoreError {}

impl Operation for StoreRequest {
    type Output = StoreResponse;
}
