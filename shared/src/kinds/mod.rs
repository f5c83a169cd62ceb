//! What differs between the kinds of item the app syncs. The sync engine,
//! the store and the features ask a [`Kind`]; nothing outside this module
//! (and the store's kind registry) branches on the kind. A new kind of item
//! is a new file here plus its index in the store.

pub mod contact;
pub mod event;
pub mod note;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::dav::xml::{DavProps, DavResponse};
use crate::effects::store::Account;
use crate::i18n::Text;

pub use contact::ContactKind;
pub use event::EventKind;
pub use note::{NoteIndex, NoteKind};

/// What a synced collection holds. Stored as its [`ItemKind::tag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    Contact,
    Event,
    Note,
}

impl ItemKind {
    /// Every kind, in sync order: address books first, so a calendar
    /// problem never holds contacts back; notes, on another server part
    /// (plain WebDAV files), last.
    pub const ALL: [ItemKind; 3] = [ItemKind::Contact, ItemKind::Event, ItemKind::Note];

    /// The name the store keeps in its `kind` columns.
    pub fn tag(self) -> &'static str {
        match self {
            ItemKind::Contact => "contact",
            ItemKind::Event => "event",
            ItemKind::Note => "note",
        }
    }

    pub fn from_tag(tag: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// Whether two versions of an item say the same: equal bytes, or the
    /// same meaning as a server spells it again. A kind the store does not
    /// know compares by bytes only.
    pub fn same_content(kind: Option<ItemKind>, server: &str, ours: &str) -> bool {
        server == ours || kind.is_some_and(|k| k.behaviour().same_item(server, ours))
    }

    /// How this kind is synced, indexed and shown.
    pub fn behaviour(self) -> &'static dyn Kind {
        match self {
            ItemKind::Contact => &ContactKind,
            ItemKind::Event => &EventKind,
            ItemKind::Note => &NoteKind,
        }
    }
}

/// Every kind, in sync order (see [`ItemKind::ALL`]).
pub const ALL_KINDS: [ItemKind; 3] = ItemKind::ALL;

/// How the resources of a collection are downloaded.
#[derive(Clone, Copy)]
pub enum Fetch {
    /// A REPORT naming many hrefs at once (CardDAV, CalDAV): the body for
    /// a list of paths, and where each response carries the resource;
    /// `query_all` asks for every resource of the collection at once.
    Multiget { body: fn(&[String]) -> String, query_all: fn() -> String, data: fn(DavProps) -> Option<String> },
    /// One GET per resource (plain WebDAV files).
    Get,
}

/// Where a kind's collections are in its home.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Each collection directly inside the home (address books, calendars).
    InHome,
    /// The home itself and every folder below it, at any depth (notes:
    /// a category is a folder, nested categories nested folders).
    FolderTree,
}

/// The member's version of an item rewritten to stand beside the server's
/// (a conflict resolved as "keep both"): its new text and index.
pub type Rewritten = (String, ItemIndex);

pub trait Kind: Sync {
    fn item_kind(&self) -> ItemKind;
    /// `Content-Type` of a PUT.
    fn media_type(&self) -> &'static str;
    /// File name suffix of a new resource.
    fn extension(&self) -> &'static str;
    /// The home set collections of this kind live in.
    fn home<'a>(&self, account: &'a Account) -> Option<&'a str>;
    /// Whether a Depth-1 entry of the home is a collection of this kind.
    fn is_collection(&self, entry: &DavResponse) -> bool;
    fn layout(&self) -> Layout {
        Layout::InHome
    }
    /// Whether a resource listed in a collection is one of this kind's
    /// (a Notes folder also holds pictures and other files).
    fn accepts(&self, _href: &str) -> bool {
        true
    }
    /// Where a new item with this UID goes in `collection`.
    fn new_resource_url(&self, collection: &str, uid: &str) -> String {
        crate::dav::url::member_url(collection, uid, self.extension())
    }
    fn fetch(&self) -> Fetch;
    /// Resources larger than this (bytes, as listed) are not downloaded.
    fn max_size(&self) -> Option<u64> {
        None
    }
    /// The index of a resource too large to download: listed with its size.
    fn oversized_index(&self, file_name: &str, _bytes: u64) -> ItemIndex {
        self.unreadable_index(file_name)
    }
    /// What the store indexes of a readable resource at `href`.
    fn index(&self, href: &str, data: &str) -> Option<ItemIndex>;
    /// The index of a resource that cannot be read: findable by its file
    /// name, never dropped.
    fn unreadable_index(&self, file_name: &str) -> ItemIndex;
    /// Whether the server's copy is our own push, re-serialised: servers
    /// rewrite what they store, so compare meaning, not bytes.
    fn same_item(&self, server: &str, ours: &str) -> bool;
    /// The member's version (`index` as it was kept) under a fresh UID,
    /// stamped `now` (ms).
    fn with_new_uid(&self, data: &str, index: &ItemIndex, uid: &str, now: i64, zone: Tz) -> Option<Rewritten>;
    /// Said once a change of this kind is saved.
    fn saved(&self) -> Text;
    /// Said when a collection of this kind may not be changed.
    fn read_only(&self) -> Text;
}

/// What the store indexes of a contact for list, sort and search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactIndex {
    pub uid: String,
    pub display_name: String,
    /// Lower-case, accent-free key for sorting by name.
    pub sort_key: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: String,
    /// The groups it is filed under (vCard `CATEGORIES`): searched, so a
    /// member finds "Bénévole" as a name. Absent from an index kept before.
    #[serde(default)]
    pub categories: Vec<String>,
}

/// What the store indexes of an iCalendar resource (one UID: a series with
/// its overrides): enough to find the resources a date range can touch,
/// without parsing every resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventIndex {
    pub uid: String,
    pub summary: String,
    /// Earliest start of any occurrence, ms since the epoch (UTC); floating
    /// and all-day times are widened by a day so any zone is covered.
    pub first_start: i64,
    /// Latest end of any occurrence; `None` for a series without end.
    pub last_end: Option<i64>,
    /// Whether any of its VEVENTs has an alarm: reminders read only those.
    #[serde(default = "may_have_alarms")]
    pub alarms: bool,
}

/// An index written before alarms were indexed: read to find out.
fn may_have_alarms() -> bool {
    true
}

/// A resource's index, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemIndex {
    Contact(ContactIndex),
    Event(EventIndex),
    Note(NoteIndex),
}

impl ItemIndex {
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemIndex::Contact(_) => ItemKind::Contact,
            ItemIndex::Event(_) => ItemKind::Event,
            ItemIndex::Note(_) => ItemKind::Note,
        }
    }

    pub fn uid(&self) -> &str {
        match self {
            ItemIndex::Contact(c) => &c.uid,
            ItemIndex::Event(e) => &e.uid,
            ItemIndex::Note(n) => &n.title,
        }
    }

    /// The same index under another UID.
    pub fn with_uid(self, uid: String) -> ItemIndex {
        match self {
            ItemIndex::Contact(c) => ItemIndex::Contact(ContactIndex { uid, ..c }),
            ItemIndex::Event(e) => ItemIndex::Event(EventIndex { uid, ..e }),
            ItemIndex::Note(n) => ItemIndex::Note(NoteIndex { title: uid, ..n }),
        }
    }

    /// The name a member knows it by: a contact's name, an event's summary,
    /// a note's title.
    pub fn title(&self) -> &str {
        match self {
            ItemIndex::Contact(c) => &c.display_name,
            ItemIndex::Event(e) => &e.summary,
            ItemIndex::Note(n) => &n.title,
        }
    }

    /// The server's last-modified time, where the kind dates its items by
    /// it (notes).
    pub fn with_modified(self, modified: Option<i64>) -> ItemIndex {
        match (self, modified) {
            (ItemIndex::Note(n), Some(modified)) => ItemIndex::Note(NoteIndex { modified, ..n }),
            (index, _) => index,
        }
    }
}

/// The resource's last path segment: the name shown for something
/// unreadable.
pub fn file_name(href: &str) -> String {
    href.trim_end_matches('/').rsplit('/').next().unwrap_or("?").to_string()
}

/// Indexes a server resource; an unreadable one is kept as it is, never
/// dropped (second value `true`).
pub fn index_remote(kind: &dyn Kind, href: &str, data: &str) -> (ItemIndex, bool) {
    match kind.index(href, data) {
        Some(index) => (index, false),
        None => (kind.unreadable_index(&file_name(href)), true),
    }
}

/// A zero-sized marker for each kind, for code that names one statically
/// (`model.collections_of::<ContactKind>()`).
pub trait StaticKind: Kind + Default + 'static {
    const KIND: ItemKind;
}
