//! The notes screens: categories, the list (newest first, or a search),
//! and the open note as a typed document every shell draws natively.

use chrono::TimeZone;
use serde::{Deserialize, Serialize};

use crate::document::{markdown, Document};
use crate::effects::store::{ItemRecord, NoteSummary};
use crate::i18n::{day_time_label, Text};
use crate::kinds::NoteKind;
use crate::model::Model;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesView {
    /// A Notes folder is known for the account (else the screen says how
    /// to name one).
    pub folder_known: bool,
    pub query: String,
    pub categories: Vec<CategoryView>,
    pub notes: Vec<NoteRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    /// What `SaveNote.category` takes: "" for notes without a category.
    pub path: String,
    /// As the member reads it.
    pub name: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    pub id: i64,
    pub title: String,
    /// Its category as the member reads it.
    pub category: String,
    pub preview: String,
    /// "mardi 5 janvier 2027, 14:30" in the member's zone.
    pub modified: String,
    pub pending: bool,
    pub conflict: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub title: String,
    pub category: String,
    /// The file's text, for the edit form.
    pub text: String,
    /// The text as blocks and spans: no Markdown or HTML for a shell to read.
    pub document: Document,
    pub modified: String,
    pub pending: bool,
    pub read_only: bool,
    /// Why the note cannot be shown as text (not UTF-8), if so.
    pub unreadable: Option<String>,
}

/// A category's name as the member reads it.
fn category_name(model: &Model, folder: &str) -> String {
    match model.collection(folder).map(|c| c.display_name.as_str()) {
        Some("") | None => Text::NotesWithoutCategory.in_locale(model.locale),
        Some(name) => name.to_string(),
    }
}

/// "mardi 5 janvier 2027 à 14:30" in the member's zone (notes, news).
pub(crate) fn when(model: &Model, ms: i64) -> String {
    let Some(at) = chrono_tz::UTC.timestamp_millis_opt(ms).single() else { return String::new() };
    day_time_label(model.locale, at.with_timezone(&model.zone()).naive_local())
}

impl NotesView {
    pub fn new(model: &Model) -> Self {
        NotesView {
            folder_known: model.account.as_ref().is_some_and(|a| a.notes_folder.is_some()),
            query: model.notes_query.clone(),
            categories: model
                .collections_of::<NoteKind>()
                .map(|c| CategoryView {
                    path: c.display_name.clone(),
                    name: category_name(model, &c.href),
                    read_only: c.read_only,
                })
                .collect(),
            notes: model.notes.iter().map(|n| row(model, n)).collect(),
        }
    }
}

/// Why a note cannot be shown as text, in the member's words.
fn unreadable_reason(model: &Model, n: &NoteSummary) -> Option<String> {
    let text = match n.too_large {
        Some(bytes) => Text::NoteTooLarge(bytes),
        None if n.unreadable => Text::NoteUnreadable,
        None => return None,
    };
    Some(text.in_locale(model.locale))
}

fn row(model: &Model, n: &NoteSummary) -> NoteRow {
    NoteRow {
        id: n.id,
        title: n.title.clone(),
        category: category_name(model, &n.collection),
        preview: unreadable_reason(model, n).unwrap_or_else(|| n.preview.clone()),
        modified: when(model, n.modified),
        pending: n.pending,
        conflict: n.has_conflict,
    }
}

impl NoteView {
    pub fn new(model: &Model, record: &ItemRecord) -> Self {
        let summary = model.notes.iter().find(|n| n.id == record.id);
        let unreadable = summary.is_some_and(|n| n.unreadable);
        NoteView {
            id: record.id,
            title: summary.map(|n| n.title.clone()).unwrap_or_else(|| record.uid.clone()),
            // Where the member put it, even before the server knows.
            category: category_name(model, summary.map_or(&record.collection, |n| &n.collection)),
            text: if unreadable { String::new() } else { record.data.clone() },
            document: if unreadable { Document::default() } else { markdown::parse(&record.data) },
            modified: summary.map(|n| when(model, n.modified)).unwrap_or_default(),
            pending: record.pending,
            read_only: unreadable || model.read_only(&record.collection),
            unreadable: summary.and_then(|n| unreadable_reason(model, n)),
        }
    }
}
