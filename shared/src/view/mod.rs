//! What every shell draws: the [`ViewModel`], built from the [`Model`]
//! screen by screen. Sentences are already in the member's language.

pub mod agenda;
pub mod contacts;
pub mod news;
pub mod notes;
pub mod sync;

use serde::{Deserialize, Serialize};

use crate::dav::client::RemoteError;
use crate::effects::store::ContactInitial;
use crate::kinds::{ContactKind, EventKind};
use crate::model::Model;

pub use agenda::{AgendaDayView, AgendaEntryView, AgendaView, CalendarView, EventView};
pub use contacts::{BookView, ConflictView, ContactRow, ContactView};
pub use news::{AnnouncementRow, AnnouncementView, NewsSourceView, NewsView};
pub use notes::{CategoryView, NoteRow, NoteView, NotesView};
pub use sync::SyncView;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewModel {
    pub locale: String,
    /// False until the store has said whether an account exists: the
    /// shells show a blank screen meanwhile, not the sign-in.
    #[serde(default)]
    pub loaded: bool,
    pub signed_in: bool,
    pub account_email: Option<String>,
    pub signing_in: bool,
    pub sign_in_error: Option<String>,
    /// Sign-in led to this other server (named in `sign_in_error`): the
    /// shell offers to trust it, then sends `SignIn` again with `accept_host`.
    pub host_to_accept: Option<String>,
    /// Signing in through the server's own page: the page the member opens
    /// (in a browser tab) to let the app in; the app waits meanwhile.
    #[serde(default)]
    pub sign_in_page: Option<String>,
    pub sync: SyncView,
    pub address_books: Vec<BookView>,
    pub calendars: Vec<CalendarView>,
    pub query: String,
    pub contacts: Vec<ContactRow>,
    /// A search found more than `contacts` lists: how many more, and that
    /// typing more narrows it (a sentence, shown above the list).
    #[serde(default)]
    pub contacts_more: Option<String>,
    /// More contacts than `contacts` lists: the words of a row at the end
    /// of the list, whose coming into view asks for them
    /// (`Event::ShowMoreContacts`).
    #[serde(default)]
    pub contacts_coming: Option<String>,
    /// The runs of one initial in the whole list, in order, each with the
    /// position of its first contact, listed yet or not: the list's
    /// headings, and an index down the side (`ShowMoreContacts { through }`
    /// lists a letter not reached yet). A letter may recur ("#").
    #[serde(default)]
    pub contact_initials: Vec<ContactInitial>,
    pub selected: Option<ContactView>,
    pub conflicts: Vec<ConflictView>,
    pub pending_changes: usize,
    pub agenda: AgendaView,
    /// The open event, ready for the edit form.
    pub event: Option<EventView>,
    pub notes: NotesView,
    /// The open note.
    pub note: Option<NoteView>,
    pub news: NewsView,
    /// The open announcement.
    pub announcement: Option<AnnouncementView>,
    /// A one-line message for the member (saved, deleted, an error).
    pub notice: Option<String>,
    pub error: Option<String>,
    /// The technical detail (English) behind `error` or `sign_in_error`,
    /// never inside them: for a "details" disclosure or `--verbose`.
    pub error_detail: Option<String>,
}

impl From<&Model> for ViewModel {
    fn from(model: &Model) -> Self {
        let l = model.locale;
        ViewModel {
            locale: l.tag().to_string(),
            loaded: model.account_looked_up || model.account.is_some(),
            signed_in: model.account.is_some(),
            account_email: model.account.as_ref().map(|a| a.email.clone()),
            signing_in: model.signing_in,
            sign_in_error: model.sign_in_error.as_ref().map(|e| e.sign_in_text().in_locale(l)),
            host_to_accept: match &model.sign_in_error {
                Some(RemoteError::HostNeedsApproval { host }) => Some(host.clone()),
                _ => None,
            },
            sign_in_page: model.browser_sign_in.as_ref().and_then(|s| s.flow.as_ref()).map(|f| f.login_url.clone()),
            sync: SyncView::from(model),
            address_books: model.collections_of::<ContactKind>().map(BookView::from).collect(),
            calendars: model.collections_of::<EventKind>().map(CalendarView::from).collect(),
            query: model.query.clone(),
            contacts: contacts::rows(model),
            contacts_more: contacts::more(model),
            contacts_coming: contacts::coming(model),
            contact_initials: model.contact_initials.clone(),
            selected: model.selected.as_ref().map(|record| ContactView::new(model, record)),
            conflicts: contacts::conflicts(model),
            pending_changes: model.contacts_pending + model.notes_pending + model.agenda.pending_events,
            agenda: AgendaView::from(model),
            event: model
                .event
                .as_ref()
                .and_then(|(record, occurrence)| EventView::new(model, record, occurrence.as_deref())),
            notes: NotesView::new(model),
            note: model.note.as_ref().map(|record| NoteView::new(model, record)),
            news: NewsView::new(model),
            announcement: model
                .news_open
                .and_then(|id| model.news.iter().find(|e| e.id() == id))
                .map(|e| AnnouncementView::new(model, e)),
            notice: model.notice.as_ref().map(|t| t.in_locale(l)),
            error: model
                .refusal
                .as_ref()
                .map(|t| t.in_locale(l))
                .or_else(|| model.error.as_ref().map(|e| e.text().in_locale(l))),
            error_detail: match (&model.refusal, &model.error) {
                (Some(t), _) => t.detail(),
                (None, Some(e)) => e.text().detail(),
                (None, None) => model.sign_in_error.as_ref().and_then(|e| e.sign_in_text().detail()),
            },
        }
    }
}

/// Nextcloud appends an alpha byte the shells do not need.
fn rgb(color: &Option<String>) -> Option<String> {
    color.as_ref().map(|c| c.chars().take(7).collect())
}
