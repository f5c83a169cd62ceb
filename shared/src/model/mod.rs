//! The app's state and how each event changes it, split by feature. The
//! shell-facing [`Event`] stays flat (one JSON shape for every shell);
//! [`update`] routes each event to the feature that owns it.

pub mod agenda;
pub mod conflicts;
pub mod contacts;
pub mod news;
pub mod notes;
pub mod session;
pub mod sync;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use crux_core::Command;
use serde::{Deserialize, Serialize};

use crate::account::discovery::Discovered;
use crate::account::login_flow::{LoginFlow, Polled};
use crate::agenda::edit::{EditScope, EventFields};
use crate::agenda::view::{Agenda, AgendaRange};
use crate::contacts::vcard::ContactFields;
use crate::dav::client::{Credentials, RemoteError};
use crate::effects::store::{
    Account, Collection, ConflictRecord, ContactList, ContactSummary, ItemRecord, NewsRecord, NewsSource, NoteList,
    NoteSummary, StoreError,
};
use crate::effects::{Effect, SecretResponse};
use crate::failure::Failure;
use crate::i18n::{Locale, Text};
use crate::kinds::{ItemKind, StaticKind};
use crate::sync::{Progress, SyncReport};

pub use conflicts::Resolution;
pub use sync::SyncState;

/// The zone shown when the shell gives none or an unknown one: the
/// cooperative's own.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Brussels;

pub type Cmd = Command<Effect, Event>;
pub type Ctx = crate::dav::client::Ctx<Event>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    // ---- from the shell
    /// First event after launch: the device locale and IANA time zone
    /// ("Europe/Brussels"), then local data loads.
    Start {
        locale: String,
        #[serde(default)]
        time_zone: Option<String>,
        /// The screens whose lists this start reads from the store; `None`
        /// (the default) reads them all, for an app whose every tab is
        /// ready at once. A shell that shows one thing first (the terminal
        /// shell's commands, which then ask for their own) names only
        /// that, or none, so a start reads no more than it shows.
        #[serde(default)]
        screens: Option<Vec<Screen>>,
    },
    SignIn {
        email: String,
        password: String,
        server_url: Option<String>,
        /// A host the member accepted after `HostNeedsApproval` named it.
        #[serde(default)]
        accept_host: Option<String>,
        /// The login name, when it is not the e-mail address (a plain user
        /// name on Cyrus, Baïkal and many LDAP servers).
        #[serde(default)]
        username: Option<String>,
    },
    /// Signs in through the server's own page (Nextcloud's Login Flow
    /// v2), found from `email` or `server_url` as `SignIn` does: the member
    /// approves the app in a browser (`ViewModel::sign_in_page`); the app
    /// receives its own app password and never sees the member's.
    SignInWithBrowser {
        email: String,
        #[serde(default)]
        server_url: Option<String>,
        #[serde(default)]
        accept_host: Option<String>,
    },
    /// Stops waiting for the approval on the server's page.
    CancelBrowserSignIn,
    SignOut,
    Sync,
    Search {
        query: String,
    },
    /// The member scrolled to the end of the contacts listed (`through`:
    /// `None`), or wants the one at position `through` (an initial of the
    /// index): the list grows to hold it and a page more.
    ShowMoreContacts {
        #[serde(default)]
        through: Option<usize>,
    },
    OpenContact {
        id: i64,
    },
    CloseContact,
    /// Create (`id: None`) or edit a contact; queued for the next sync.
    SaveContact {
        id: Option<i64>,
        fields: ContactFields,
    },
    DeleteContact {
        id: i64,
    },
    ResolveConflict {
        conflict_id: i64,
        resolution: Resolution,
    },
    /// Upcoming, or the day, week or month around a date.
    ShowAgenda {
        range: AgendaRange,
    },
    /// An event, or one occurrence of a series (its key from the agenda).
    OpenEvent {
        id: i64,
        occurrence: Option<String>,
    },
    CloseEvent,
    /// Create (`id: None`, in `calendar` or the first writable one) or
    /// edit an event: the whole series, or one occurrence when
    /// `occurrence` names it (with `scope: AndFollowing`, it and every later
    /// one). Queued for the next sync.
    SaveEvent {
        id: Option<i64>,
        calendar: Option<String>,
        occurrence: Option<String>,
        fields: EventFields,
        /// Absent in what older shells send: that occurrence only.
        #[serde(default)]
        scope: EditScope,
    },
    /// Delete an event or whole series, or cancel one occurrence.
    DeleteEvent {
        id: i64,
        occurrence: Option<String>,
    },
    /// All notes (empty query), or those holding every word typed.
    SearchNotes {
        query: String,
    },
    OpenNote {
        id: i64,
    },
    CloseNote,
    /// A new note (`id: None`: `title` names its file, `category` its
    /// folder, none for the Notes folder itself) or a note's new text.
    /// Queued for the next sync.
    SaveNote {
        id: Option<i64>,
        #[serde(default)]
        category: Option<String>,
        #[serde(default)]
        title: String,
        text: String,
    },
    /// Ticks or unticks a note's task (its `index` in the note's document).
    ToggleNoteTask {
        id: i64,
        task: usize,
    },
    DeleteNote {
        id: i64,
    },
    /// Renames a note (`title`) or puts it in another category (its path,
    /// "" for none); what is not given stays.
    MoveNote {
        id: i64,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        category: Option<String>,
    },
    /// A new category (its path, "Travail/Projets"): its folders are made on
    /// the server at once (MKCOL), so it needs a connection.
    CreateNoteCategory {
        path: String,
    },
    /// The WebDAV folder of the member's notes, on the account's server.
    SetNotesFolder {
        url: String,
    },
    /// Polls the sources of announcements that are due (the shells'
    /// background schedules; a sync polls them too).
    PollNews,
    /// The member went somewhere only the shell draws: another tab, or an
    /// edit form. What their last action did ("Contact saved") is behind
    /// them, so its notice ends; a refusal stays with the item being
    /// changed.
    MoveOn,
    /// The announcements: all or only the unread ones; in `language`
    /// ("fr", "nl", "en"), "all" for every language (the member's first),
    /// none for the member's language.
    ShowNews {
        #[serde(default)]
        unread_only: bool,
        #[serde(default)]
        language: Option<String>,
    },
    /// Opens an announcement and marks it read.
    OpenAnnouncement {
        id: i64,
    },
    CloseAnnouncement,
    MarkAllNewsRead,
    /// Follows a feed (Atom, RSS, JSON Feed) by its address.
    AddFeed {
        url: String,
    },
    /// Looks again for the cooperative's feeds on the account domain's home
    /// page (and Nextcloud's Announcement Center), as at sign-in; sources
    /// already followed stay as they are, a removed one comes back.
    FindNewsFeeds,
    /// Stops following a feed; its announcements go with it.
    RemoveFeed {
        url: String,
    },
    /// Puts the event an announcement carries (its .ics) in `calendar`
    /// (its href or name), else the first writable calendar.
    AddAnnouncementToAgenda {
        id: i64,
        #[serde(default)]
        calendar: Option<String>,
    },

    // ---- from effects (never sent by a shell)
    #[serde(skip)]
    AccountLoaded(Result<Option<Account>, StoreError>),
    #[serde(skip)]
    CollectionsLoaded(Result<Vec<Collection>, StoreError>),
    #[serde(skip)]
    PasswordLoaded(SecretResponse),
    #[serde(skip)]
    SignedIn(Result<(Discovered, Credentials), RemoteError>),
    /// The server opened a Login Flow (for attempt N), or could not.
    #[serde(skip)]
    LoginFlowStarted(u64, Result<LoginFlow, RemoteError>),
    #[serde(skip)]
    LoginFlowPolled(u64, Result<Polled, RemoteError>),
    #[serde(skip)]
    SyncProgress(Progress),
    #[serde(skip)]
    SyncFinished(Result<SyncReport, Failure>),
    /// The account's origin asked for the credentials during a sync: later
    /// sessions send them from their first request.
    #[serde(skip)]
    CredentialsAsked {
        server_url: String,
    },
    /// A sync that reached every collection ended at this instant (ms).
    #[serde(skip)]
    SyncSucceededAt(i64),
    #[serde(skip)]
    ContactsLoaded(Result<(ContactList, Vec<ConflictRecord>), StoreError>),
    #[serde(skip)]
    ContactLoaded(Option<ItemRecord>),
    #[serde(skip)]
    LocalChangeDone(Result<Text, Failure>),
    /// A change the core refused before storing anything (bad input).
    #[serde(skip)]
    LocalChangeRefused(Text),
    #[serde(skip)]
    AgendaLoaded {
        from: i64,
        to: i64,
        agenda: Result<crate::agenda::view::Agenda, StoreError>,
    },
    #[serde(skip)]
    EventLoaded(Option<ItemRecord>, Option<String>),
    #[serde(skip)]
    NotesLoaded(Result<NoteList, StoreError>),
    #[serde(skip)]
    NoteLoaded(Option<ItemRecord>),
    #[serde(skip)]
    NewsLoaded(Result<(Vec<NewsSource>, Vec<NewsRecord>), StoreError>),
    #[serde(skip)]
    NewsPolled,
    /// A source was added (by the member or at sign-in): poll it.
    #[serde(skip)]
    NewsSourcesChanged,
}

/// A screen whose list a start may read (see `Event::Start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screen {
    Agenda,
    /// The contacts and, with them, the conflicts.
    Contacts,
    Notes,
    News,
}

#[derive(Debug, Default)]
pub struct Model {
    pub locale: Locale,
    pub account: Option<Account>,
    /// The store has said whether there is an account (until then a shell
    /// shows neither the sign-in nor the app: no sign-in flash at start).
    pub account_looked_up: bool,
    /// What the start asked to read once the account is loaded (`None`:
    /// every screen).
    pub start_screens: Option<Vec<Screen>>,
    /// In memory only; at rest it lives in the platform's secure storage.
    pub credentials: Option<Credentials>,
    /// Every collection of every kind, as stored.
    pub collections: Vec<Collection>,
    pub signing_in: bool,
    pub sign_in_error: Option<RemoteError>,
    /// Signing in through the server's page, while the member approves.
    pub browser_sign_in: Option<session::BrowserSignIn>,
    /// How many such sign-ins were begun or cancelled (names the attempt).
    pub browser_sign_ins: u64,
    pub sync: SyncState,
    pub query: String,
    /// The contacts listed, by name: the first of all, or of a search's
    /// matches, as far as the member scrolled.
    pub contacts: Vec<ContactSummary>,
    /// How many there are (or the search found), listed or not.
    pub contacts_found: usize,
    /// How many contacts the list holds as far as the member scrolled
    /// (whole pages of `contacts::CONTACTS_PAGE`; 0 before the first).
    pub contacts_wanted: usize,
    /// Where each initial begins in the whole list (not for a search).
    pub contact_initials: Vec<crate::effects::store::ContactInitial>,
    /// How many contacts wait to be sent, listed or not.
    pub contacts_pending: usize,
    /// How many notes wait to be sent, listed or not.
    pub notes_pending: usize,
    pub conflicts: Vec<ConflictRecord>,
    pub selected: Option<contacts::OpenedContact>,
    pub notice: Option<Text>,
    pub error: Option<Failure>,
    pub refusal: Option<Text>,
    /// The device's zone; `None` until the shell says (then Brussels).
    pub time_zone: Option<Tz>,
    pub agenda_range: AgendaRange,
    pub agenda_window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub agenda: Agenda,
    /// The open event and, for one occurrence of a series, its key.
    pub event: Option<(ItemRecord, Option<String>)>,
    pub notes_query: String,
    pub notes: Vec<NoteSummary>,
    /// The open note.
    pub note: Option<ItemRecord>,
    pub news_sources: Vec<NewsSource>,
    /// Every announcement kept, newest first, bodies as documents.
    pub news: Vec<news::NewsEntry>,
    pub news_unread_only: bool,
    /// The language asked for ("all" for every one); `None`: the member's.
    pub news_language: Option<String>,
    /// The open announcement.
    pub news_open: Option<i64>,
    pub news_polling: bool,
    /// A poll was asked for during another: run one more after it.
    pub news_poll_again: bool,
    /// Signed in just now: the next poll first looks for the sources.
    pub news_discover_pending: bool,
    /// The member asked for that look: say what it found.
    pub news_discover_asked: bool,
}

impl Model {
    pub fn zone(&self) -> Tz {
        self.time_zone.unwrap_or(DEFAULT_ZONE)
    }

    /// The collections of one kind (`model.collections_of::<EventKind>()`).
    pub fn collections_of<K: StaticKind>(&self) -> impl Iterator<Item = &Collection> {
        self.collections.iter().filter(|c| c.kind == K::KIND)
    }

    pub fn collection(&self, href: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.href == href)
    }

    /// Whether the item's collection may not be changed.
    pub fn read_only(&self, href: &str) -> bool {
        self.collection(href).is_some_and(|c| c.read_only)
    }
}

impl Event {
    /// The member starts something else: opens or closes an item, changes
    /// the agenda's span or date, searches, shows other announcements.
    /// Background events (a sync and its steps, a poll, store answers, a
    /// shell's schedule) are not: they never end what the member reads.
    pub fn moves_on(&self) -> bool {
        use Event as E;
        self.leaves_item()
            || matches!(
                self,
                E::Search { .. } | E::SearchNotes { .. } | E::ShowAgenda { .. } | E::ShowNews { .. } | E::MoveOn
            )
    }

    /// The member leaves the item they had open, or opens another.
    fn leaves_item(&self) -> bool {
        use Event as E;
        matches!(
            self,
            E::OpenContact { .. }
                | E::CloseContact
                | E::OpenEvent { .. }
                | E::CloseEvent
                | E::OpenNote { .. }
                | E::CloseNote
                | E::OpenAnnouncement { .. }
                | E::CloseAnnouncement
        )
    }
}

/// Routes an event to the feature that owns it.
pub fn update(event: Event, model: &mut Model) -> Cmd {
    // A notice ("Contact saved", "Feed added: …") says what the member's
    // last action did: it ends when they move on. What stays:
    // - `error`, a failure (the store, the server, not signed in): it
    //   needs action (try again, sign in) and moving on does not make it
    //   moot; the next success or sync ends it, as before;
    // - `refusal`, a change the core refused (what was typed, a folder
    //   gone): about the item being changed, so it ends only when the
    //   member opens or closes an item, leaving that change behind; a
    //   search or another span may happen beside the open form.
    if event.moves_on() {
        model.notice = None;
        if event.leaves_item() {
            model.refusal = None;
        }
    }
    use Event as E;
    match event {
        e @ (E::Start { .. }
        | E::AccountLoaded(_)
        | E::CollectionsLoaded(_)
        | E::PasswordLoaded(_)
        | E::SignIn { .. }
        | E::SignedIn(_)
        | E::SignInWithBrowser { .. }
        | E::CancelBrowserSignIn
        | E::LoginFlowStarted(..)
        | E::LoginFlowPolled(..)
        | E::SignOut) => session::update(e, model),
        e
        @ (E::Sync | E::SyncProgress(_) | E::SyncFinished(_) | E::SyncSucceededAt(_) | E::CredentialsAsked { .. }) => {
            sync::update(e, model)
        }
        e @ (E::Search { .. }
        | E::ShowMoreContacts { .. }
        | E::ContactsLoaded(_)
        | E::OpenContact { .. }
        | E::ContactLoaded(_)
        | E::CloseContact
        | E::SaveContact { .. }
        | E::DeleteContact { .. }) => contacts::update(e, model),
        e @ (E::ResolveConflict { .. } | E::LocalChangeDone(_) | E::LocalChangeRefused(_)) => {
            conflicts::update(e, model)
        }
        e @ (E::ShowAgenda { .. }
        | E::AgendaLoaded { .. }
        | E::OpenEvent { .. }
        | E::EventLoaded(..)
        | E::CloseEvent
        | E::SaveEvent { .. }
        | E::DeleteEvent { .. }) => agenda::update(e, model),
        e @ (E::SearchNotes { .. }
        | E::NotesLoaded(_)
        | E::OpenNote { .. }
        | E::NoteLoaded(_)
        | E::CloseNote
        | E::SaveNote { .. }
        | E::ToggleNoteTask { .. }
        | E::DeleteNote { .. }
        | E::MoveNote { .. }
        | E::CreateNoteCategory { .. }
        | E::SetNotesFolder { .. }) => notes::update(e, model),
        // Its work (the notice ended) is done above; the shells draw the rest.
        E::MoveOn => crux_core::render::render(),
        E::NewsSourcesChanged => {
            crux_core::Command::all([news::reload(), news::poll_now(model, crate::announcements::Trigger::Member)])
        }
        e @ (E::PollNews
        | E::NewsPolled
        | E::NewsLoaded(_)
        | E::ShowNews { .. }
        | E::OpenAnnouncement { .. }
        | E::CloseAnnouncement
        | E::MarkAllNewsRead
        | E::AddFeed { .. }
        | E::FindNewsFeeds
        | E::RemoveFeed { .. }
        | E::AddAnnouncementToAgenda { .. }) => news::update(e, model),
    }
}

/// An instant from ms since the epoch (the store's and the clock's unit).
pub fn instant(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// The kind of the collection an item lives in (for its sentences).
pub fn kind_of(collections: &[Collection], href: &str) -> Option<ItemKind> {
    collections.iter().find(|c| c.href == href).map(|c| c.kind)
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod notice_tests {
    use super::test_support::*;
    use crate::agenda::view::{AgendaRange, AgendaSpan};
    use crate::dav::client::RemoteError;
    use crate::i18n::Text;
    use crate::sync::{Progress, SyncReport};

    fn with_notice() -> Model {
        Model { notice: Some(Text::EventSaved), ..signed_in_model("en") }
    }

    fn moving_on() -> Vec<Event> {
        let range = AgendaRange { span: AgendaSpan::Month, date: Some("2027-03-01".into()), until: None };
        vec![
            Event::Search { query: "jan".into() },
            Event::SearchNotes { query: "courses".into() },
            Event::ShowAgenda { range },
            Event::ShowNews { unread_only: true, language: None },
            Event::OpenContact { id: 1 },
            Event::CloseContact,
            Event::OpenEvent { id: 2, occurrence: None },
            Event::CloseEvent,
            Event::OpenNote { id: 3 },
            Event::CloseNote,
            Event::OpenAnnouncement { id: 4 },
            Event::CloseAnnouncement,
            Event::MoveOn,
        ]
    }

    #[test]
    fn a_notice_ends_when_the_member_moves_on() {
        for event in moving_on() {
            let mut d = Driver::new(with_notice());
            assert_eq!(d.view().notice.as_deref(), Some("Event saved; it will be sent at the next sync."));
            d.send(event.clone());
            assert_eq!(d.view().notice, None, "after {event:?}");
        }
    }

    #[test]
    fn a_background_sync_poll_or_store_answer_leaves_the_notice() {
        let mut d = Driver::new(with_notice());
        let said = d.view().notice.clone();
        assert!(said.is_some());
        // A shell's scheduled sync starts, runs and ends; the news are polled.
        d.send(Event::Sync);
        assert_eq!(d.view().notice, said, "a sync starting");
        let mut d = Driver::new(with_notice());
        d.send(Event::SyncProgress(Progress::Listing { collection: "Perso".into() }));
        d.send(Event::SyncFinished(Ok(SyncReport::default())));
        answer_reloads(&mut d, vec![book(Some("t1"))]);
        d.settle();
        assert!(matches!(d.model.sync, SyncState::Done(_)));
        d.send(Event::PollNews);
        d.send(Event::NewsPolled);
        d.send(Event::ContactsLoaded(Ok((Default::default(), vec![]))));
        d.send(Event::NotesLoaded(Ok(Default::default())));
        d.send(Event::NewsLoaded(Ok((vec![], vec![]))));
        assert_eq!(d.view().notice, said);
    }

    #[test]
    fn a_failure_stays_when_the_member_moves_on_and_a_refusal_ends_with_its_item() {
        for event in moving_on() {
            let failed = Model { error: Some(RemoteError::Unauthorized.into()), ..with_notice() };
            let mut d = Driver::new(failed);
            d.send(event.clone());
            assert_eq!(d.view().error.as_deref(), Some("Wrong address or password."), "after {event:?}");

            let refused = Model { refusal: Some(Text::NoNotesFolder), ..with_notice() };
            let mut d = Driver::new(refused);
            let said = d.view().error;
            assert!(said.is_some());
            d.send(event.clone());
            // Leaving the item the refused change was about makes it moot;
            // a search or another span beside the open form does not.
            let item = !matches!(
                event,
                Event::Search { .. }
                    | Event::SearchNotes { .. }
                    | Event::ShowAgenda { .. }
                    | Event::ShowNews { .. }
                    | Event::MoveOn
            );
            assert_eq!(d.view().error, if item { None } else { said }, "after {event:?}");
        }
    }
}
