//! The Crux app: events in, effects out, a view model for every shell.

use crux_core::{render::render, App, Command};
use serde::{Deserialize, Serialize};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::account::discovery::{discover, Discovered};
use crate::agenda::edit::{self as event_edit, parse_occurrence_key, EventFields, Target};
use crate::agenda::ical::parse_resource;
use crate::agenda::index::event_index;
use crate::agenda::recurrence::reminders;
use crate::agenda::view::{self as agenda_view, Agenda, AgendaRange, AgendaSpan};
use crate::contacts::vcard::{ContactFields, VCardDoc};
use crate::dav::client::{Credentials, DavClient, RemoteError};
use crate::effects::store::{
    Account, AddressBook, Calendar, ConflictChoice, ConflictRecord, ContactSummary, ItemIndex, ItemRecord,
    StoreRequest, StoreResponse,
};
use crate::effects::{Effect, NewUid, NotifyRequest, NowRequest, SecretRequest, SecretResponse};
use crate::i18n::{day_label, month_label, Locale, Text};
use crate::sync::{self, Progress, SyncReport};

/// The zone shown when the shell gives none or an unknown one: the
/// cooperative's own.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Brussels;

/// Reminders are scheduled this far ahead at each start and sync.
const REMINDER_HORIZON_HOURS: i64 = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    KeepMine,
    KeepServer,
    KeepBoth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    // ---- from the shell
    /// First event after launch: the device locale and IANA time zone
    /// ("Europe/Brussels"), then local data loads.
    Start {
        locale: String,
        #[serde(default)]
        time_zone: Option<String>,
    },
    SignIn {
        email: String,
        password: String,
        server_url: Option<String>,
        /// A host the member accepted after `HostNeedsApproval` named it.
        #[serde(default)]
        accept_host: Option<String>,
    },
    SignOut,
    Sync,
    Search {
        query: String,
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
    /// `occurrence` names it. Queued for the next sync.
    SaveEvent {
        id: Option<i64>,
        calendar: Option<String>,
        occurrence: Option<String>,
        fields: EventFields,
    },
    /// Delete an event or whole series, or cancel one occurrence.
    DeleteEvent {
        id: i64,
        occurrence: Option<String>,
    },

    // ---- from effects (never sent by a shell)
    #[serde(skip)]
    AccountLoaded(Option<Account>, Vec<AddressBook>, Vec<Calendar>),
    #[serde(skip)]
    PasswordLoaded(SecretResponse),
    #[serde(skip)]
    SignedIn(Result<(Discovered, Credentials), RemoteError>),
    #[serde(skip)]
    SyncProgress(Progress),
    #[serde(skip)]
    SyncFinished(Result<SyncReport, RemoteError>),
    #[serde(skip)]
    ContactsLoaded(Vec<ContactSummary>, Vec<ConflictRecord>),
    #[serde(skip)]
    ContactLoaded(Option<ItemRecord>),
    #[serde(skip)]
    LocalChangeDone(Result<Text, RemoteError>),
    /// A change the core refused before storing anything (bad input).
    #[serde(skip)]
    LocalChangeRefused(Text),
    #[serde(skip)]
    AgendaLoaded {
        from: i64,
        to: i64,
        items: Vec<ItemRecord>,
    },
    #[serde(skip)]
    EventLoaded(Option<ItemRecord>, Option<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SyncState {
    #[default]
    Idle,
    Running(Option<Progress>),
    Done(SyncReport),
    Failed(RemoteError),
}

#[derive(Debug, Default)]
pub struct Model {
    pub locale: Locale,
    pub account: Option<Account>,
    /// In memory only; at rest it lives in the platform's secure storage.
    pub credentials: Option<Credentials>,
    pub books: Vec<AddressBook>,
    pub calendars: Vec<Calendar>,
    pub signing_in: bool,
    pub sign_in_error: Option<RemoteError>,
    pub sync: SyncState,
    pub query: String,
    pub contacts: Vec<ContactSummary>,
    pub conflicts: Vec<ConflictRecord>,
    pub selected: Option<ItemRecord>,
    pub notice: Option<Text>,
    pub error: Option<RemoteError>,
    pub refusal: Option<Text>,
    /// The device's zone; `None` until the shell says (then Brussels).
    pub time_zone: Option<Tz>,
    pub agenda_range: AgendaRange,
    pub agenda_window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub agenda: Agenda,
    /// The open event and, for one occurrence of a series, its key.
    pub event: Option<(ItemRecord, Option<String>)>,
}

impl Model {
    pub fn zone(&self) -> Tz {
        self.time_zone.unwrap_or(DEFAULT_ZONE)
    }
}

// ------------------------------------------------------------ view model

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewModel {
    pub locale: String,
    pub signed_in: bool,
    pub account_email: Option<String>,
    pub signing_in: bool,
    pub sign_in_error: Option<String>,
    pub sync: SyncView,
    pub address_books: Vec<BookView>,
    pub calendars: Vec<CalendarView>,
    pub query: String,
    pub contacts: Vec<ContactRow>,
    pub selected: Option<ContactView>,
    pub conflicts: Vec<ConflictView>,
    pub pending_changes: usize,
    pub agenda: AgendaView,
    /// The open event, ready for the edit form.
    pub event: Option<EventView>,
    /// A one-line message for the member (saved, deleted, an error).
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgendaView {
    pub span: AgendaSpan,
    /// First and last day shown, "2027-05-01" and "2027-05-31".
    pub from: String,
    pub to: String,
    /// "mai 2027", "mardi 4 mai 2027", "4 – 10 mai 2027"…
    pub title: String,
    /// Only the days that hold something, in order.
    pub days: Vec<AgendaDayView>,
    /// Unreadable or truncated series, said plainly.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDayView {
    pub date: String,
    pub label: String,
    pub entries: Vec<AgendaEntryView>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntryView {
    pub event_id: i64,
    /// Names this occurrence of a series for OpenEvent / SaveEvent / DeleteEvent.
    pub occurrence: Option<String>,
    pub title: String,
    pub location: String,
    /// "19:00 – 21:00", "All day", "… – 02:00" for an event begun the day before.
    pub time: String,
    pub all_day: bool,
    pub calendar: String,
    pub color: Option<String>,
    pub recurring: bool,
    pub pending: bool,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub occurrence: Option<String>,
    pub fields: EventFields,
    pub calendar: String,
    pub calendar_name: String,
    pub recurring: bool,
    pub read_only: bool,
    pub pending: bool,
    /// Shown, never edited: the app sends no invitations.
    pub organizer: Option<String>,
    pub attendees: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncView {
    pub running: bool,
    /// 0.0 to 1.0 when known.
    pub progress: Option<f32>,
    pub status: String,
    pub failed: bool,
    /// Seconds the server asked us to wait (503 Retry-After).
    pub retry_after_s: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookView {
    pub href: String,
    pub name: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub href: String,
    pub name: String,
    /// "#RRGGBB", or `None` to let the shell pick one.
    pub color: Option<String>,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub pending: bool,
    pub conflict: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: i64,
    pub fields: ContactFields,
    pub pending: bool,
    pub read_only: bool,
    pub book: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: i64,
    pub contact_id: i64,
    pub message: String,
    /// The member's version, kept.
    pub mine: ContactFields,
}

#[derive(Default)]
pub struct NuboApp;

type Cmd = Command<Effect, Event>;

fn store_request(
    request: StoreRequest,
) -> crux_core::command::RequestBuilder<Effect, Event, impl std::future::Future<Output = StoreResponse>> {
    Command::request_from_shell(request)
}

impl NuboApp {
    /// Re-reads the list the member is looking at (all contacts or the
    /// current search) and the open conflicts.
    fn reload_contacts(query: &str) -> Cmd {
        let query = query.trim().to_string();
        Command::new(|ctx| async move {
            let request =
                if query.is_empty() { StoreRequest::ListContacts } else { StoreRequest::SearchContacts { query } };
            let contacts = match ctx.request_from_shell(request).await {
                StoreResponse::Contacts(c) => c,
                _ => Vec::new(),
            };
            let conflicts = match ctx.request_from_shell(StoreRequest::ListConflicts).await {
                StoreResponse::Conflicts(c) => c,
                _ => Vec::new(),
            };
            ctx.send_event(Event::ContactsLoaded(contacts, conflicts));
        })
    }

    /// The address books and calendars as stored.
    async fn collections(ctx: &crate::dav::client::Ctx<Event>) -> (Vec<AddressBook>, Vec<Calendar>) {
        let books = match ctx.request_from_shell(StoreRequest::ListAddressBooks).await {
            StoreResponse::AddressBooks(b) => b,
            _ => Vec::new(),
        };
        let calendars = match ctx.request_from_shell(StoreRequest::ListCalendars).await {
            StoreResponse::Calendars(c) => c,
            _ => Vec::new(),
        };
        (books, calendars)
    }

    /// Reads the events of the range the member looks at; the core expands
    /// them when they arrive.
    fn reload_agenda(model: &Model) -> Cmd {
        let range = model.agenda_range.clone();
        let zone = model.zone();
        Command::new(|ctx| async move {
            let now = instant(ctx.request_from_shell(NowRequest).await.0);
            let Some((from, to)) = agenda_view::window(&range, now, zone) else {
                ctx.send_event(Event::LocalChangeRefused(Text::BadEvent(range.date.unwrap_or_default())));
                return;
            };
            let (from, to) = (from.timestamp_millis(), to.timestamp_millis());
            let items = match ctx.request_from_shell(StoreRequest::ListEvents { from, to }).await {
                StoreResponse::Items(items) => items,
                _ => Vec::new(),
            };
            ctx.send_event(Event::AgendaLoaded { from, to, items });
        })
    }

    /// Hands the shell every reminder due in the next hours; ids are stable
    /// so a shell replaces what it scheduled before.
    fn schedule_reminders(model: &Model) -> Cmd {
        let zone = model.zone();
        let locale = model.locale;
        Command::new(|ctx| async move {
            let now = instant(ctx.request_from_shell(NowRequest).await.0);
            let horizon = now + chrono::Duration::hours(REMINDER_HORIZON_HOURS);
            // Alarms fire up to a week before their event.
            let reach = horizon + chrono::Duration::days(8);
            let items = match ctx
                .request_from_shell(StoreRequest::ListEvents {
                    from: now.timestamp_millis(),
                    to: reach.timestamp_millis(),
                })
                .await
            {
                StoreResponse::Items(items) => items,
                _ => return,
            };
            for item in items {
                let Ok(all) = parse_resource(&item.data, zone) else { continue };
                for series in &all {
                    for r in reminders(series, now, horizon, zone).unwrap_or_default() {
                        let request = NotifyRequest {
                            id: format!("{}@{}", r.uid, r.at.timestamp()),
                            title: r.summary.clone(),
                            body: Text::StartsAt(format!(
                                "{}, {}",
                                day_label(locale, r.starts.date_naive()),
                                r.starts.format("%H:%M")
                            ))
                            .in_locale(locale),
                            at: Some(r.at.timestamp_millis()),
                        };
                        ctx.request_from_shell(request).await;
                    }
                }
            }
        })
    }

    fn start_sync(model: &mut Model) -> Cmd {
        let (Some(account), Some(credentials)) = (&model.account, &model.credentials) else {
            model.error = Some(RemoteError::Unauthorized);
            model.notice = Some(Text::NotSignedIn);
            return render();
        };
        if matches!(model.sync, SyncState::Running(_)) {
            return Command::done();
        }
        model.sync = SyncState::Running(None);
        model.error = None;
        let client = DavClient::new(credentials.clone(), account.server_url.clone());
        let home = account.addressbook_home.clone();
        let calendar_home = account.calendar_home.clone();
        let sync = Command::new(|ctx| async move {
            let result = sync::sync_account(&ctx, &client, &home, calendar_home.as_deref()).await;
            ctx.send_event(Event::SyncFinished(result));
        });
        Command::all([sync, render()])
    }
}

fn instant(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Creates or edits an event, a whole series or one occurrence, from the
/// stored resource so that nothing the app does not show is lost.
async fn save_event(
    ctx: &crate::dav::client::Ctx<Event>,
    id: Option<i64>,
    calendar: Option<String>,
    occurrence: Option<String>,
    fields: EventFields,
    calendars: &[Calendar],
    zone: Tz,
) -> Result<Result<Text, Text>, RemoteError> {
    let now = instant(ctx.request_from_shell(NowRequest).await.0);
    let (calendar, data) = match id {
        Some(id) => {
            let StoreResponse::Item(Some(record)) = ctx.request_from_shell(StoreRequest::GetItem { id }).await else {
                return Err(RemoteError::Store(format!("no event {id}")));
            };
            let target = match occurrence.as_deref().map(parse_occurrence_key) {
                None => Target::Series,
                Some(Some(when)) => Target::Occurrence(when),
                Some(None) => return Ok(Err(Text::BadEvent(occurrence.unwrap_or_default()))),
            };
            let calendar = calendars.iter().find(|c| c.href == record.collection).cloned();
            match event_edit::edit(&record.data, &target, &fields, zone, now) {
                Ok(data) => (calendar, data),
                Err(e) => return Ok(Err(Text::BadEvent(e.to_string()))),
            }
        }
        None => {
            let calendar = match &calendar {
                Some(href) => calendars.iter().find(|c| &c.href == href).cloned(),
                None => calendars.iter().find(|c| !c.read_only).cloned(),
            };
            let uid = ctx.request_from_shell(NewUid).await;
            match event_edit::new_event(&uid, &fields, zone, now) {
                Ok(data) => (calendar, data),
                Err(e) => return Ok(Err(Text::BadEvent(e.to_string()))),
            }
        }
    };
    let Some(calendar) = calendar else { return Ok(Err(Text::NoCalendar)) };
    if calendar.read_only {
        return Ok(Err(Text::ReadOnlyCalendar));
    }
    let index = event_index(&data).map_err(|e| RemoteError::Store(e.to_string()))?;
    let request = StoreRequest::SaveItem { id, collection: calendar.href, data, index: ItemIndex::Event(index) };
    match ctx.request_from_shell(request).await {
        StoreResponse::Saved { .. } => Ok(Ok(Text::EventSaved)),
        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
        _ => Err(RemoteError::Store("unexpected answer".into())),
    }
}

/// Deletes an event or whole series, or cancels one occurrence (an
/// EXDATE, so the rest of the series stays).
async fn delete_event(
    ctx: &crate::dav::client::Ctx<Event>,
    id: i64,
    occurrence: Option<String>,
    calendars: &[Calendar],
    zone: Tz,
) -> Result<Result<Text, Text>, RemoteError> {
    let StoreResponse::Item(Some(record)) = ctx.request_from_shell(StoreRequest::GetItem { id }).await else {
        return Err(RemoteError::Store(format!("no event {id}")));
    };
    if calendars.iter().any(|c| c.href == record.collection && c.read_only) {
        return Ok(Err(Text::ReadOnlyCalendar));
    }
    let Some(key) = occurrence else {
        return match ctx.request_from_shell(StoreRequest::DeleteItem { id }).await {
            StoreResponse::Error(e) => Err(RemoteError::Store(e)),
            _ => Ok(Ok(Text::EventDeleted)),
        };
    };
    let Some(when) = parse_occurrence_key(&key) else { return Ok(Err(Text::BadEvent(key))) };
    let now = instant(ctx.request_from_shell(NowRequest).await.0);
    let data = match event_edit::cancel_occurrence(&record.data, &when, zone, now) {
        Ok(data) => data,
        Err(e) => return Ok(Err(Text::BadEvent(e.to_string()))),
    };
    let index = event_index(&data).map_err(|e| RemoteError::Store(e.to_string()))?;
    let request =
        StoreRequest::SaveItem { id: Some(id), collection: record.collection, data, index: ItemIndex::Event(index) };
    match ctx.request_from_shell(request).await {
        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
        _ => Ok(Ok(Text::OccurrenceCancelled)),
    }
}

/// A local change's outcome, as the event that reports it.
fn change_done(result: Result<Result<Text, Text>, RemoteError>) -> Event {
    match result {
        Ok(Ok(text)) => Event::LocalChangeDone(Ok(text)),
        Ok(Err(refused)) => Event::LocalChangeRefused(refused),
        Err(e) => Event::LocalChangeDone(Err(e)),
    }
}

/// Creates (`id: None`) or edits a contact. An edit starts from the stored
/// vCard, never from a blank one, so fields the app does not show survive.
async fn save_contact(
    ctx: &crate::dav::client::Ctx<Event>,
    id: Option<i64>,
    fields: ContactFields,
    books: &[AddressBook],
) -> Result<Text, RemoteError> {
    let (book, doc) = match id {
        Some(id) => {
            let StoreResponse::Item(Some(record)) = ctx.request_from_shell(StoreRequest::GetItem { id }).await else {
                return Err(RemoteError::Store(format!("no contact {id}")));
            };
            let book = books.iter().find(|b| b.href == record.collection).cloned();
            let mut doc = VCardDoc::parse(&record.data).map_err(|e| RemoteError::BadResponse(e.to_string()))?;
            doc.apply(&fields);
            (book, doc)
        }
        None => {
            let book = books.iter().find(|b| !b.read_only).cloned();
            let uid = ctx.request_from_shell(NewUid).await;
            (book, VCardDoc::new_contact(&uid, &fields))
        }
    };
    let book = book.filter(|b| !b.read_only).ok_or(RemoteError::ReadOnly)?;
    let mut doc = doc;
    doc.set_rev(ctx.request_from_shell(NowRequest).await.0);
    let request = StoreRequest::SaveItem {
        id,
        collection: book.href,
        data: doc.to_vcard_string(),
        index: ItemIndex::Contact(doc.index()),
    };
    match ctx.request_from_shell(request).await {
        StoreResponse::Saved { id } => {
            if let StoreResponse::Item(c) = ctx.request_from_shell(StoreRequest::GetItem { id }).await {
                ctx.send_event(Event::ContactLoaded(c));
            }
            Ok(Text::ContactSaved)
        }
        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
        _ => Err(RemoteError::Store("unexpected answer".into())),
    }
}

impl App for NuboApp {
    type Event = Event;
    type Model = Model;
    type ViewModel = ViewModel;
    type Effect = Effect;

    fn update(&self, event: Event, model: &mut Model) -> Cmd {
        match event {
            Event::Start { locale, time_zone } => {
                model.locale = Locale::from_tag(&locale);
                model.time_zone = time_zone.and_then(|z| z.trim().parse().ok());
                Command::new(|ctx| async move {
                    let account = match ctx.request_from_shell(StoreRequest::LoadAccount).await {
                        StoreResponse::Account(a) => a,
                        _ => None,
                    };
                    let (books, calendars) = Self::collections(&ctx).await;
                    ctx.send_event(Event::AccountLoaded(account, books, calendars));
                })
            }
            Event::AccountLoaded(account, books, calendars) => {
                model.books = books;
                model.calendars = calendars;
                let Some(account) = account else { return render() };
                let key = account.secret_key();
                model.account = Some(account);
                Command::all([
                    Command::request_from_shell(SecretRequest::Get { key }).then_send(Event::PasswordLoaded),
                    Self::reload_contacts(&model.query),
                    Self::reload_agenda(model),
                    Self::schedule_reminders(model),
                    render(),
                ])
            }
            Event::PasswordLoaded(response) => {
                if let (SecretResponse::Value(Some(password)), Some(account)) = (response, &model.account) {
                    model.credentials = Some(Credentials { username: account.username.clone(), password });
                }
                render()
            }
            Event::SignIn { email, password, server_url, accept_host: host } => {
                model.signing_in = true;
                model.sign_in_error = None;
                let credentials = Credentials { username: email.trim().to_string(), password };
                let sign_in = Command::new(|ctx| async move {
                    let result = discover(&ctx, &email, credentials.clone(), server_url.as_deref(), host.as_deref())
                        .await
                        .and_then(|d| if d.books.is_empty() { Err(RemoteError::NotDav) } else { Ok(d) })
                        .map(|d| (d, credentials));
                    ctx.send_event(Event::SignedIn(result));
                });
                Command::all([sign_in, render()])
            }
            Event::SignedIn(Ok((discovered, credentials))) => {
                model.signing_in = false;
                let account = discovered.account.clone();
                let key = account.secret_key();
                let password = credentials.password.clone();
                let email = account.email.clone();
                model.account = Some(account.clone());
                model.credentials = Some(credentials);
                model.books = discovered.books.clone();
                model.calendars = discovered.calendars.clone();
                let save = Command::new(|ctx| async move {
                    // The password goes to secure storage, never the database.
                    let saved = ctx.request_from_shell(SecretRequest::Set { key, value: password }).await;
                    let result = match saved {
                        SecretResponse::Error(e) => Err(RemoteError::Store(e)),
                        _ => match ctx.request_from_shell(StoreRequest::SaveAccount(account)).await {
                            StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                            _ => match ctx.request_from_shell(StoreRequest::SaveAddressBooks(discovered.books)).await {
                                StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                                _ => match ctx
                                    .request_from_shell(StoreRequest::SaveCalendars(discovered.calendars))
                                    .await
                                {
                                    StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                                    _ => Ok(Text::SignedIn(email)),
                                },
                            },
                        },
                    };
                    ctx.send_event(Event::LocalChangeDone(result));
                    ctx.send_event(Event::Sync);
                });
                Command::all([save, render()])
            }
            Event::SignedIn(Err(e)) => {
                model.signing_in = false;
                model.sign_in_error = Some(e);
                render()
            }
            Event::SignOut => {
                let key = model.account.as_ref().map(Account::secret_key);
                *model = Model { locale: model.locale, ..Model::default() };
                Command::new(|ctx| async move {
                    if let Some(key) = key {
                        ctx.request_from_shell(SecretRequest::Delete { key }).await;
                    }
                    ctx.request_from_shell(StoreRequest::DeleteAccount).await;
                })
                .and(render())
            }
            Event::Sync => Self::start_sync(model),
            Event::SyncProgress(progress) => {
                model.sync = SyncState::Running(Some(progress));
                render()
            }
            Event::SyncFinished(result) => {
                model.sync = match result {
                    Ok(report) => SyncState::Done(report),
                    Err(e) => SyncState::Failed(e),
                };
                let books = Command::new(|ctx| async move {
                    let (books, calendars) = Self::collections(&ctx).await;
                    ctx.send_event(Event::AccountLoaded(None, books, calendars));
                });
                Command::all([
                    books,
                    Self::reload_contacts(&model.query),
                    Self::reload_agenda(model),
                    Self::schedule_reminders(model),
                    render(),
                ])
            }
            Event::Search { query } => {
                model.query = query;
                Command::all([Self::reload_contacts(&model.query), render()])
            }
            Event::ContactsLoaded(contacts, conflicts) => {
                model.contacts = contacts;
                model.conflicts = conflicts;
                render()
            }
            Event::OpenContact { id } => store_request(StoreRequest::GetItem { id }).then_send(|r| match r {
                StoreResponse::Item(c) => Event::ContactLoaded(c),
                _ => Event::ContactLoaded(None),
            }),
            Event::ContactLoaded(record) => {
                model.selected = record;
                render()
            }
            Event::CloseContact => {
                model.selected = None;
                render()
            }
            Event::SaveContact { id, fields } => {
                let books = model.books.clone();
                Command::new(|ctx| async move {
                    let result = save_contact(&ctx, id, fields, &books).await;
                    ctx.send_event(Event::LocalChangeDone(result));
                })
            }
            Event::DeleteContact { id } => {
                if model.selected.as_ref().is_some_and(|c| c.id == id) {
                    model.selected = None;
                }
                Command::new(|ctx| async move {
                    let result = match ctx.request_from_shell(StoreRequest::DeleteItem { id }).await {
                        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                        _ => Ok(Text::ContactDeleted),
                    };
                    ctx.send_event(Event::LocalChangeDone(result));
                })
            }
            Event::ResolveConflict { conflict_id, resolution } => {
                let Some(conflict) = model.conflicts.iter().find(|c| c.id == conflict_id).cloned() else {
                    return Command::done();
                };
                let zone = model.zone();
                Command::new(|ctx| async move {
                    let now = ctx.request_from_shell(NowRequest).await.0;
                    let choice = match resolution {
                        Resolution::KeepMine => ConflictChoice::KeepMine,
                        Resolution::KeepServer => ConflictChoice::KeepServer,
                        Resolution::KeepBoth => {
                            let uid = ctx.request_from_shell(NewUid).await;
                            // The member's version was written by this app; should it
                            // not parse, the conflict stays rather than lose it.
                            let copy = match conflict.local_index {
                                ItemIndex::Contact(_) => VCardDoc::parse(&conflict.local_data).ok().map(|mut doc| {
                                    doc.set_uid(&uid);
                                    doc.set_rev(now);
                                    (doc.to_vcard_string(), ItemIndex::Contact(doc.index()))
                                }),
                                ItemIndex::Event(_) => {
                                    let data = event_edit::with_uid(&conflict.local_data, &uid, zone, instant(now));
                                    event_index(&data).ok().map(|index| (data, ItemIndex::Event(index)))
                                }
                            };
                            let Some((data, index)) = copy else {
                                ctx.send_event(Event::LocalChangeDone(Err(RemoteError::BadResponse(
                                    "unreadable saved version".into(),
                                ))));
                                return;
                            };
                            ConflictChoice::KeepBoth { uid, data, index }
                        }
                    };
                    let saved = match conflict.local_index {
                        ItemIndex::Contact(_) => Text::ContactSaved,
                        ItemIndex::Event(_) => Text::EventSaved,
                    };
                    let result = match ctx
                        .request_from_shell(StoreRequest::ResolveConflict { conflict_id, choice, now })
                        .await
                    {
                        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                        _ => Ok(saved),
                    };
                    ctx.send_event(Event::LocalChangeDone(result));
                })
            }
            Event::LocalChangeDone(result) => {
                model.refusal = None;
                match result {
                    Ok(text) => {
                        model.notice = Some(text);
                        model.error = None;
                    }
                    Err(e) => {
                        model.notice = None;
                        model.error = Some(e);
                    }
                }
                // After the change, so the lists show it.
                let reopen = match &model.event {
                    Some((record, occurrence)) => {
                        let (id, occurrence) = (record.id, occurrence.clone());
                        store_request(StoreRequest::GetItem { id }).then_send(move |r| match r {
                            StoreResponse::Item(item) => Event::EventLoaded(item, occurrence),
                            _ => Event::EventLoaded(None, None),
                        })
                    }
                    None => Command::done(),
                };
                Command::all([Self::reload_contacts(&model.query), Self::reload_agenda(model), reopen, render()])
            }
            Event::LocalChangeRefused(text) => {
                model.notice = None;
                model.refusal = Some(text);
                render()
            }
            Event::ShowAgenda { range } => {
                model.agenda_range = range;
                Command::all([Self::reload_agenda(model), render()])
            }
            Event::AgendaLoaded { from, to, items } => {
                let (from, to) = (instant(from), instant(to));
                model.agenda = agenda_view::build(&items, from, to, model.zone());
                model.agenda_window = Some((from, to));
                render()
            }
            Event::OpenEvent { id, occurrence } => {
                store_request(StoreRequest::GetItem { id }).then_send(move |r| match r {
                    StoreResponse::Item(item) => Event::EventLoaded(item, occurrence),
                    _ => Event::EventLoaded(None, None),
                })
            }
            Event::EventLoaded(record, occurrence) => {
                model.event = record.map(|r| (r, occurrence));
                render()
            }
            Event::CloseEvent => {
                model.event = None;
                render()
            }
            Event::SaveEvent { id, calendar, occurrence, fields } => {
                let calendars = model.calendars.clone();
                let zone = model.zone();
                Command::new(|ctx| async move {
                    let result = save_event(&ctx, id, calendar, occurrence, fields, &calendars, zone).await;
                    ctx.send_event(change_done(result));
                })
            }
            Event::DeleteEvent { id, occurrence } => {
                if occurrence.is_none() && model.event.as_ref().is_some_and(|(r, _)| r.id == id) {
                    model.event = None;
                }
                let calendars = model.calendars.clone();
                let zone = model.zone();
                Command::new(|ctx| async move {
                    let result = delete_event(&ctx, id, occurrence, &calendars, zone).await;
                    ctx.send_event(change_done(result));
                })
            }
        }
    }

    fn view(&self, model: &Model) -> ViewModel {
        let l = model.locale;
        let sync = match &model.sync {
            SyncState::Idle => SyncView { status: Text::SyncNeverRan.in_locale(l), ..Default::default() },
            SyncState::Running(progress) => {
                let (status, fraction) = match progress {
                    None => (Text::SyncRunning, None),
                    Some(Progress::Pushing { done, total }) => (Text::SyncPushing { done: *done, total: *total }, None),
                    Some(Progress::Listing { collection }) => (Text::SyncListing(collection.clone()), None),
                    Some(Progress::Fetching { done, total }) => (
                        Text::SyncFetching { done: *done, total: *total },
                        (*total > 0).then(|| *done as f32 / *total as f32),
                    ),
                };
                SyncView { running: true, progress: fraction, status: status.in_locale(l), ..Default::default() }
            }
            SyncState::Done(report) => {
                let mut status = Text::SyncDone {
                    added: report.applied.added,
                    updated: report.applied.updated,
                    deleted: report.applied.deleted,
                    pushed: report.pushed,
                }
                .in_locale(l);
                if report.unreadable > 0 {
                    status = format!("{status} {}", Text::UnreadableContacts(report.unreadable as usize).in_locale(l));
                }
                SyncView { status, progress: Some(1.0), ..Default::default() }
            }
            SyncState::Failed(e) => SyncView {
                status: e.text().in_locale(l),
                failed: true,
                retry_after_s: match e {
                    RemoteError::Server { retry_after_s, .. } => *retry_after_s,
                    _ => None,
                },
                ..Default::default()
            },
        };
        let no_name = Text::NoName.in_locale(l);
        let contacts = model
            .contacts
            .iter()
            .map(|c| ContactRow {
                id: c.id,
                name: if c.display_name.trim().is_empty() { no_name.clone() } else { c.display_name.clone() },
                detail: c.email.clone().or_else(|| c.phone.clone()).unwrap_or_else(|| c.org.clone()),
                pending: c.pending,
                conflict: c.has_conflict,
            })
            .collect();
        let selected = model.selected.as_ref().map(|c| ContactView {
            id: c.id,
            fields: VCardDoc::parse(&c.data).map(|d| d.fields()).unwrap_or_default(),
            pending: c.pending,
            read_only: model.books.iter().any(|b| b.href == c.collection && b.read_only),
            book: c.collection.clone(),
        });
        let conflicts = model
            .conflicts
            .iter()
            .map(|c| ConflictView {
                id: c.id,
                contact_id: c.item_id,
                message: Text::ConflictExplained(c.local_index.title().to_string()).in_locale(l),
                mine: VCardDoc::parse(&c.local_data).map(|d| d.fields()).unwrap_or_default(),
            })
            .collect();
        let agenda = agenda_view_model(model);
        let event =
            model.event.as_ref().and_then(|(record, occurrence)| event_view(model, record, occurrence.as_deref()));
        ViewModel {
            agenda,
            event,
            locale: l.tag().to_string(),
            signed_in: model.account.is_some(),
            account_email: model.account.as_ref().map(|a| a.email.clone()),
            signing_in: model.signing_in,
            sign_in_error: model.sign_in_error.as_ref().map(|e| e.text().in_locale(l)),
            sync,
            address_books: model
                .books
                .iter()
                .map(|b| BookView { href: b.href.clone(), name: b.display_name.clone(), read_only: b.read_only })
                .collect(),
            calendars: model
                .calendars
                .iter()
                .map(|c| CalendarView {
                    href: c.href.clone(),
                    name: c.display_name.clone(),
                    color: rgb(&c.color),
                    read_only: c.read_only,
                })
                .collect(),
            query: model.query.clone(),
            contacts,
            selected,
            conflicts,
            pending_changes: model.contacts.iter().filter(|c| c.pending).count(),
            notice: model.notice.as_ref().map(|t| t.in_locale(l)),
            error: model
                .refusal
                .as_ref()
                .map(|t| t.in_locale(l))
                .or_else(|| model.error.as_ref().map(|e| e.text().in_locale(l))),
        }
    }
}

/// Nextcloud appends an alpha byte the shells do not need.
fn rgb(color: &Option<String>) -> Option<String> {
    color.as_ref().map(|c| c.chars().take(7).collect())
}

fn agenda_view_model(model: &Model) -> AgendaView {
    let l = model.locale;
    let zone = model.zone();
    let Some((from, to)) = model.agenda_window else {
        return AgendaView { span: model.agenda_range.span, ..Default::default() };
    };
    let first = from.with_timezone(&zone).date_naive();
    let last = (to - chrono::Duration::seconds(1)).with_timezone(&zone).date_naive();
    let title = match model.agenda_range.span {
        AgendaSpan::Month => month_label(l, first),
        AgendaSpan::Day => day_label(l, first),
        _ => format!("{} – {}", day_label(l, first), day_label(l, last)),
    };
    let days = agenda_view::by_day(&model.agenda, from, to, zone)
        .into_iter()
        .map(|(date, entries)| AgendaDayView {
            date: date.format("%Y-%m-%d").to_string(),
            label: day_label(l, date),
            entries: entries
                .into_iter()
                .map(|e| {
                    let calendar = model.calendars.iter().find(|c| c.href == e.placed.calendar);
                    let time = if e.all_day {
                        Text::AllDay.in_locale(l)
                    } else {
                        format!("{} – {}", e.starts.as_deref().unwrap_or("…"), e.ends.as_deref().unwrap_or("…"))
                    };
                    AgendaEntryView {
                        event_id: e.placed.item_id,
                        occurrence: e.placed.occurrence.clone(),
                        title: if e.placed.summary.trim().is_empty() {
                            Text::NoName.in_locale(l)
                        } else {
                            e.placed.summary.clone()
                        },
                        location: e.placed.location.clone(),
                        time,
                        all_day: e.all_day,
                        calendar: e.placed.calendar.clone(),
                        color: calendar.and_then(|c| rgb(&c.color)),
                        recurring: e.placed.recurring,
                        pending: e.placed.pending,
                        read_only: calendar.is_some_and(|c| c.read_only),
                    }
                })
                .collect(),
        })
        .collect();
    let mut notes = Vec::new();
    if model.agenda.unreadable > 0 {
        notes.push(Text::UnreadableEvents(model.agenda.unreadable).in_locale(l));
    }
    if model.agenda.truncated {
        notes.push(Text::AgendaTruncated.in_locale(l));
    }
    AgendaView {
        span: model.agenda_range.span,
        from: first.format("%Y-%m-%d").to_string(),
        to: last.format("%Y-%m-%d").to_string(),
        title,
        days,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// The event or occurrence as the edit form shows it.
fn event_view(model: &Model, record: &ItemRecord, occurrence: Option<&str>) -> Option<EventView> {
    use crate::agenda::ical::When;
    let zone = model.zone();
    let series = parse_resource(&record.data, zone).ok()?.into_iter().next()?;
    let master = series.master.as_ref().or(series.overrides.first())?;
    let id = occurrence.and_then(parse_occurrence_key);
    let overridden = id.as_ref().and_then(|id| {
        series.overrides.iter().find(|o| o.recurrence_id.is_some_and(|r| r.instant(zone) == id.instant(zone)))
    });
    let fields = match (overridden, id) {
        (Some(o), _) => event_edit::fields_of(o, &o.start, &o.end, zone),
        (None, Some(id)) => {
            // Not overridden yet: the series' fields at this instance's time.
            let end = match (id, master.start, master.end) {
                (When::Date(d), When::Date(a), When::Date(b)) => When::Date(d + (b - a)),
                (When::Date(d), _, _) => When::Date(d + chrono::Duration::days(1)),
                (other, _, _) => When::Zoned(other.instant(zone) + master.duration(zone)),
            };
            event_edit::fields_of(master, &id, &end, zone)
        }
        (None, None) => event_edit::fields_of(master, &master.start, &master.end, zone),
    };
    let calendar = model.calendars.iter().find(|c| c.href == record.collection);
    let person = |p: &crate::agenda::ical::Person| {
        if p.name.is_empty() {
            p.email.clone()
        } else {
            format!("{} <{}>", p.name, p.email)
        }
    };
    Some(EventView {
        id: record.id,
        occurrence: occurrence.map(str::to_string),
        fields,
        calendar: record.collection.clone(),
        calendar_name: calendar.map(|c| c.display_name.clone()).unwrap_or_default(),
        recurring: master.recurs() || !series.overrides.is_empty(),
        read_only: calendar.is_some_and(|c| c.read_only),
        pending: record.pending,
        organizer: master.organizer.as_ref().map(person),
        attendees: master.attendees.iter().map(person).collect(),
    })
}
