//! One typed helper per store request: each answers exactly what its
//! request returns, and a failure stays a failure (never an empty list).

use super::{
    Account, ApplySummary, Collection, ComputedReminders, ConflictChoice, ConflictRecord, ContactList, EditedBase,
    ExpandedOccurrences, ItemIndex, ItemKind, ItemRecord, LocalEtag, MoveOutcome, NewsApply, NewsRecord, NewsSource,
    NoteList, OccurrencePage, OutboxItem, PendingMove, PullBatch, PushOutcome, ReminderPage, StoreError, StoreRequest,
    StoreResponse,
};
use crate::dav::client::Ctx;
use crate::i18n::Text;

type Result<T> = std::result::Result<T, StoreError>;

/// Asks the store and keeps only the answer `$pattern` names.
macro_rules! ask {
    ($ctx:expr, $request:expr, $pattern:pat => $value:expr) => {
        match $ctx.request_from_shell($request).await {
            $pattern => Ok($value),
            StoreResponse::Error(e) => Err(e),
            _ => Err(StoreError::UnexpectedAnswer),
        }
    };
}

pub async fn load_account<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<Option<Account>> {
    ask!(ctx, StoreRequest::LoadAccount, StoreResponse::Account(a) => a)
}

pub async fn save_account<Ev: Send + 'static>(ctx: &Ctx<Ev>, account: Account) -> Result<()> {
    ask!(ctx, StoreRequest::SaveAccount(account), StoreResponse::Done => ())
}

/// When the last sync that reached every collection ended (ms).
pub async fn save_synced_at<Ev: Send + 'static>(ctx: &Ctx<Ev>, at: i64) -> Result<()> {
    ask!(ctx, StoreRequest::SaveSyncedAt { at }, StoreResponse::Done => ())
}

/// Signing out: the account and every local copy.
pub async fn delete_account<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<()> {
    ask!(ctx, StoreRequest::DeleteAccount, StoreResponse::Done => ())
}

pub async fn save_collections<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    kind: ItemKind,
    collections: Vec<Collection>,
) -> Result<()> {
    ask!(ctx, StoreRequest::SaveCollections { kind, collections }, StoreResponse::Done => ())
}

pub async fn list_collections<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<Vec<Collection>> {
    ask!(ctx, StoreRequest::ListCollections, StoreResponse::Collections(c) => c)
}

pub async fn local_etags<Ev: Send + 'static>(ctx: &Ctx<Ev>, collection: &str) -> Result<Vec<LocalEtag>> {
    ask!(ctx, StoreRequest::LocalEtags { collection: collection.to_string() }, StoreResponse::Etags(e) => e)
}

pub async fn apply_pull<Ev: Send + 'static>(ctx: &Ctx<Ev>, batch: PullBatch) -> Result<ApplySummary> {
    ask!(ctx, StoreRequest::ApplyPull(batch), StoreResponse::Applied(s) => s)
}

pub async fn outbox<Ev: Send + 'static>(ctx: &Ctx<Ev>, collection: &str) -> Result<Vec<OutboxItem>> {
    ask!(ctx, StoreRequest::Outbox { collection: collection.to_string() }, StoreResponse::Outbox(o) => o)
}

pub async fn push_sending<Ev: Send + 'static>(ctx: &Ctx<Ev>, item_id: i64, href: &str, data: &str) -> Result<()> {
    let request = StoreRequest::PushSending { item_id, href: href.to_string(), data: data.to_string() };
    ask!(ctx, request, StoreResponse::Done => ())
}

pub async fn push_done<Ev: Send + 'static>(ctx: &Ctx<Ev>, outcome: PushOutcome) -> Result<()> {
    ask!(ctx, StoreRequest::PushDone(outcome), StoreResponse::Done => ())
}

/// The first `shown` contacts, or of those matching `query` when it is
/// not blank, with how many there are in all.
pub async fn contacts<Ev: Send + 'static>(ctx: &Ctx<Ev>, query: &str, shown: usize) -> Result<ContactList> {
    let query = query.trim();
    let request = if query.is_empty() {
        StoreRequest::ListContacts { shown }
    } else {
        StoreRequest::SearchContacts { query: query.to_string(), shown }
    };
    ask!(ctx, request, StoreResponse::Contacts(list) => list)
}

/// The item, or `NotFound` when it is gone (deleted meanwhile).
pub async fn get_item<Ev: Send + 'static>(ctx: &Ctx<Ev>, id: i64) -> Result<ItemRecord> {
    ask!(ctx, StoreRequest::GetItem { id }, StoreResponse::Item(item) => item)?.ok_or(StoreError::NotFound)
}

/// A local create (`id: None`) or edit, queued for push; the item's id.
pub async fn save_item<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    id: Option<i64>,
    collection: String,
    data: String,
    index: ItemIndex,
) -> Result<i64> {
    ask!(ctx, StoreRequest::SaveItem { id, collection, data, index }, StoreResponse::Saved { id } => id)
}

/// What became of a member's edit (`StoreRequest::EditItem`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Saved,
    /// Another version arrived while the member edited: it stays, theirs is
    /// kept beside it as a conflict to choose from.
    KeptAsConflict,
}

impl Edited {
    /// What the member is told: `saved`, or that theirs was kept beside
    /// the newer version.
    pub fn said(self, saved: Text) -> Text {
        match self {
            Edited::Saved => saved,
            Edited::KeptAsConflict => Text::EditKeptBesideNewer,
        }
    }
}

/// A member's edit of an item that held `started_from` when they began,
/// made at `now` (ms; the time a conflict is kept with).
pub async fn edit_item<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    id: i64,
    collection: String,
    data: String,
    index: ItemIndex,
    started_from: String,
    now: i64,
) -> Result<Edited> {
    match ctx.request_from_shell(StoreRequest::EditItem { id, collection, data, index, started_from, now }).await {
        StoreResponse::Saved { .. } => Ok(Edited::Saved),
        StoreResponse::KeptAsConflict { .. } => Ok(Edited::KeptAsConflict),
        StoreResponse::Error(e) => Err(e),
        _ => Err(StoreError::UnexpectedAnswer),
    }
}

/// Deletes the item if it is still as the member saw it (`seen`; without
/// it, as it is); false when another version arrived since and nothing
/// was deleted.
pub async fn delete_seen<Ev: Send + 'static>(ctx: &Ctx<Ev>, id: i64, seen: Option<String>) -> Result<bool> {
    let Some(started_from) = seen else { return delete_item(ctx, id).await.map(|()| true) };
    match ctx.request_from_shell(StoreRequest::DeleteSeen { id, started_from }).await {
        StoreResponse::Done => Ok(true),
        StoreResponse::ChangedMeanwhile { .. } => Ok(false),
        StoreResponse::Error(e) => Err(e),
        _ => Err(StoreError::UnexpectedAnswer),
    }
}

pub async fn delete_item<Ev: Send + 'static>(ctx: &Ctx<Ev>, id: i64) -> Result<()> {
    ask!(ctx, StoreRequest::DeleteItem { id }, StoreResponse::Done => ())
}

/// The reminders kept for `[from, to)` in `zone`, or the events with an
/// alarm that may ring in `[from, events_to)` to compute them from.
pub async fn list_reminders<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    (from, to): (i64, i64),
    zone: &str,
    events_to: i64,
) -> Result<ReminderPage> {
    ask!(ctx, StoreRequest::ListReminders { from, to, zone: zone.into(), events_to }, StoreResponse::Reminders(page) => page)
}

pub async fn save_reminders<Ev: Send + 'static>(ctx: &Ctx<Ev>, computed: ComputedReminders) -> Result<()> {
    ask!(ctx, StoreRequest::SaveReminders(Box::new(computed)), StoreResponse::Done => ())
}

/// The kept occurrences of `[from, to)` in `zone`, and what to expand.
pub async fn list_occurrences<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    from: i64,
    to: i64,
    zone: &str,
) -> Result<OccurrencePage> {
    ask!(ctx, StoreRequest::ListOccurrences { from, to, zone: zone.into() }, StoreResponse::Occurrences(page) => page)
}

/// The events to expand so that `[from, to)` is kept too (no rows).
pub async fn occurrences_ahead<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    from: i64,
    to: i64,
    zone: &str,
) -> Result<OccurrencePage> {
    ask!(ctx, StoreRequest::OccurrencesAhead { from, to, zone: zone.into() }, StoreResponse::Occurrences(page) => page)
}

pub async fn save_occurrences<Ev: Send + 'static>(ctx: &Ctx<Ev>, expanded: ExpandedOccurrences) -> Result<()> {
    ask!(ctx, StoreRequest::SaveOccurrences(Box::new(expanded)), StoreResponse::Done => ())
}

pub async fn list_conflicts<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<Vec<ConflictRecord>> {
    ask!(ctx, StoreRequest::ListConflicts, StoreResponse::Conflicts(c) => c)
}

pub async fn resolve_conflict<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    conflict_id: i64,
    choice: ConflictChoice,
    now: i64,
) -> Result<()> {
    ask!(ctx, StoreRequest::ResolveConflict { conflict_id, choice, now }, StoreResponse::Done => ())
}

/// Notes, newest first, or those matching `query`.
pub async fn notes<Ev: Send + 'static>(ctx: &Ctx<Ev>, query: &str) -> Result<NoteList> {
    ask!(ctx, StoreRequest::ListNotes { query: query.to_string() }, StoreResponse::Notes(n) => n)
}

/// A rename or change of folder, queued for the next sync.
pub async fn move_item<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    id: i64,
    collection: String,
    href: Option<String>,
    index: ItemIndex,
) -> Result<()> {
    ask!(ctx, StoreRequest::MoveItem { id, collection, href, index }, StoreResponse::Done => ())
}

pub async fn pending_moves<Ev: Send + 'static>(ctx: &Ctx<Ev>, kind: ItemKind) -> Result<Vec<PendingMove>> {
    ask!(ctx, StoreRequest::PendingMoves { kind }, StoreResponse::Moves(m) => m)
}

pub async fn move_done<Ev: Send + 'static>(ctx: &Ctx<Ev>, outcome: MoveOutcome) -> Result<()> {
    ask!(ctx, StoreRequest::MoveDone(outcome), StoreResponse::Done => ())
}

pub async fn edited_bases<Ev: Send + 'static>(ctx: &Ctx<Ev>, kind: ItemKind) -> Result<Vec<EditedBase>> {
    ask!(ctx, StoreRequest::EditedBases { kind }, StoreResponse::EditedBases(e) => e)
}

pub async fn renamed_on_server<Ev: Send + 'static>(
    ctx: &Ctx<Ev>,
    item_id: i64,
    href: String,
    collection: String,
    etag: Option<String>,
    index: ItemIndex,
) -> Result<()> {
    ask!(ctx, StoreRequest::RenamedOnServer { item_id, href, collection, etag, index }, StoreResponse::Done => ())
}

pub async fn news_sources<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<Vec<NewsSource>> {
    ask!(ctx, StoreRequest::ListNewsSources, StoreResponse::NewsSources(s) => s)
}

pub async fn save_news_source<Ev: Send + 'static>(ctx: &Ctx<Ev>, source: NewsSource) -> Result<()> {
    ask!(ctx, StoreRequest::SaveNewsSource(Box::new(source)), StoreResponse::Done => ())
}

pub async fn remove_news_source<Ev: Send + 'static>(ctx: &Ctx<Ev>, url: &str) -> Result<()> {
    ask!(ctx, StoreRequest::RemoveNewsSource { url: url.to_string() }, StoreResponse::Done => ())
}

/// Every announcement kept, newest first.
pub async fn news<Ev: Send + 'static>(ctx: &Ctx<Ev>) -> Result<Vec<NewsRecord>> {
    ask!(ctx, StoreRequest::ListNews, StoreResponse::News(n) => n)
}

pub async fn apply_news<Ev: Send + 'static>(ctx: &Ctx<Ev>, apply: NewsApply) -> Result<()> {
    ask!(ctx, StoreRequest::ApplyNews(Box::new(apply)), StoreResponse::Done => ())
}

/// One announcement (`Some(id)`) or all of them.
pub async fn mark_news_read<Ev: Send + 'static>(ctx: &Ctx<Ev>, id: Option<i64>) -> Result<()> {
    ask!(ctx, StoreRequest::MarkNewsRead { id }, StoreResponse::Done => ())
}
