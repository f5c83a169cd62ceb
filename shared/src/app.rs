//! The Crux app: events in, effects out, a view model for every shell.

use crux_core::{render::render, App, Command};
use serde::{Deserialize, Serialize};

use crate::account::discovery::{discover, Discovered};
use crate::sync::{self, Progress, SyncReport};
use crate::contacts::vcard::{ContactFields, VCardDoc};
use crate::dav::client::{Credentials, DavClient, RemoteError};
use crate::effects::store::{
    Account, AddressBook, Calendar, ConflictChoice, ConflictRecord, ContactSummary, ItemIndex, ItemRecord,
    StoreRequest, StoreResponse,
};
use crate::effects::{Effect, NewUid, NowRequest, SecretRequest, SecretResponse};
use crate::i18n::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    KeepMine,
    KeepServer,
    KeepBoth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    // ---- from the shell
    /// First event after launch: the device locale, then local data loads.
    Start { locale: String },
    SignIn { email: String, password: String, server_url: Option<String> },
    SignOut,
    Sync,
    Search { query: String },
    OpenContact { id: i64 },
    CloseContact,
    /// Create (`id: None`) or edit a contact; queued for the next sync.
    SaveContact { id: Option<i64>, fields: ContactFields },
    DeleteContact { id: i64 },
    ResolveConflict { conflict_id: i64, resolution: Resolution },

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
    /// A one-line message for the member (saved, deleted, an error).
    pub notice: Option<String>,
    pub error: Option<String>,
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

fn store_request(request: StoreRequest) -> crux_core::command::RequestBuilder<Effect, Event, impl std::future::Future<Output = StoreResponse>> {
    Command::request_from_shell(request)
}

impl NuboApp {
    /// Re-reads the list the member is looking at (all contacts or the
    /// current search) and the open conflicts.
    fn reload_contacts(query: &str) -> Cmd {
        let query = query.trim().to_string();
        Command::new(|ctx| async move {
            let request = if query.is_empty() {
                StoreRequest::ListContacts
            } else {
                StoreRequest::SearchContacts { query }
            };
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
            Event::Start { locale } => {
                model.locale = Locale::from_tag(&locale);
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
                    render(),
                ])
            }
            Event::PasswordLoaded(response) => {
                if let (SecretResponse::Value(Some(password)), Some(account)) = (response, &model.account) {
                    model.credentials = Some(Credentials { username: account.username.clone(), password });
                }
                render()
            }
            Event::SignIn { email, password, server_url } => {
                model.signing_in = true;
                model.sign_in_error = None;
                let credentials = Credentials { username: email.trim().to_string(), password };
                let sign_in = Command::new(|ctx| async move {
                    let result = discover(&ctx, &email, credentials.clone(), server_url.as_deref())
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
                                _ => match ctx.request_from_shell(StoreRequest::SaveCalendars(discovered.calendars)).await {
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
                Command::all([books, Self::reload_contacts(&model.query), render()])
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
            Event::OpenContact { id } => {
                store_request(StoreRequest::GetItem { id }).then_send(|r| match r {
                    StoreResponse::Item(c) => Event::ContactLoaded(c),
                    _ => Event::ContactLoaded(None),
                })
            }
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
                Command::new(|ctx| async move {
                    let now = ctx.request_from_shell(NowRequest).await.0;
                    let choice = match resolution {
                        Resolution::KeepMine => ConflictChoice::KeepMine,
                        Resolution::KeepServer => ConflictChoice::KeepServer,
                        Resolution::KeepBoth => {
                            // The member's version was written by this app; should it
                            // not parse, the conflict stays rather than lose it.
                            let Ok(mut doc) = VCardDoc::parse(&conflict.local_data) else {
                                ctx.send_event(Event::LocalChangeDone(Err(RemoteError::BadResponse("unreadable saved version".into()))));
                                return;
                            };
                            let uid = ctx.request_from_shell(NewUid).await;
                            doc.set_uid(&uid);
                            doc.set_rev(now);
                            ConflictChoice::KeepBoth { uid, data: doc.to_vcard_string(), index: ItemIndex::Contact(doc.index()) }
                        }
                    };
                    let result = match ctx.request_from_shell(StoreRequest::ResolveConflict { conflict_id, choice, now }).await {
                        StoreResponse::Error(e) => Err(RemoteError::Store(e)),
                        _ => Ok(Text::ContactSaved),
                    };
                    ctx.send_event(Event::LocalChangeDone(result));
                })
            }
            Event::LocalChangeDone(result) => {
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
                // After the change, so the list shows it.
                Command::all([Self::reload_contacts(&model.query), render()])
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
        ViewModel {
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
                    // Nextcloud appends an alpha byte the shells do not need.
                    color: c.color.as_ref().map(|c| c.chars().take(7).collect()),
                    read_only: c.read_only,
                })
                .collect(),
            query: model.query.clone(),
            contacts,
            selected,
            conflicts,
            pending_changes: model.contacts.iter().filter(|c| c.pending).count(),
            notice: model.notice.as_ref().map(|t| t.in_locale(l)),
            error: model.error.as_ref().map(|e| e.text().in_locale(l)),
        }
    }
}
