//! The contacts screens: address books, the list, the open contact and
//! the conflicts waiting for the member.

use serde::{Deserialize, Serialize};

use crate::contacts::vcard::{ContactFields, VCardDoc};
use crate::effects::store::Collection;
use crate::i18n::{birthday_label, type_label, Locale, Text};
use crate::model::contacts::OpenedContact;
use crate::model::Model;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookView {
    pub href: String,
    pub name: String,
    pub read_only: bool,
}

impl From<&Collection> for BookView {
    fn from(b: &Collection) -> Self {
        BookView { href: b.href.clone(), name: b.display_name.clone(), read_only: b.read_only }
    }
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
    /// The contact's picture as a `data:` URI (JPEG, PNG, GIF or WebP,
    /// checked by its bytes), when the card carries one the app can show;
    /// `fields.has_photo` may still be true without it.
    pub photo: Option<String>,
}

impl ContactView {
    pub fn new(model: &Model, opened: &OpenedContact) -> Self {
        let c = &opened.record;
        ContactView {
            id: c.id,
            fields: shown(opened.fields.clone(), model.locale),
            pending: c.pending,
            read_only: model.read_only(&c.collection),
            book: c.collection.clone(),
            photo: opened.photo.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: i64,
    pub contact_id: i64,
    pub message: String,
    /// What it is: "contact", "event" or "note" (a shell shows each where
    /// that kind is shown).
    pub kind: String,
    /// The member's version, kept (a contact's fields).
    pub mine: ContactFields,
    /// The member's version of a note, kept: its text, to read before
    /// choosing.
    pub mine_text: Option<String>,
}

/// Fields in the member's words: labels ("cell" → "GSM") and the birthday
/// written out. What the shell sends back is read with `type_token`.
fn shown(mut fields: ContactFields, locale: Locale) -> ContactFields {
    for l in fields.emails.iter_mut().chain(fields.phones.iter_mut()).chain(fields.addresses.iter_mut()) {
        l.label = type_label(locale, &l.label);
    }
    fields.birthday = birthday_label(locale, &fields.birthday);
    fields
}

pub fn rows(model: &Model) -> Vec<ContactRow> {
    let no_name = Text::NoName.in_locale(model.locale);
    model
        .contacts
        .iter()
        .map(|c| ContactRow {
            id: c.id,
            name: if c.display_name.trim().is_empty() { no_name.clone() } else { c.display_name.clone() },
            detail: c.email.clone().or_else(|| c.phone.clone()).unwrap_or_else(|| c.org.clone()),
            pending: c.pending,
            conflict: c.has_conflict,
        })
        .collect()
}

/// The words of the row at the end of a list that holds more than it
/// lists yet (whole list or search alike).
pub fn coming(model: &Model) -> Option<String> {
    (model.contacts.len() < model.contacts_found).then(|| Text::MoreContactsComing.in_locale(model.locale))
}

/// What a search found beyond the contacts it lists, said.
pub fn more(model: &Model) -> Option<String> {
    if model.query.trim().is_empty() {
        return None;
    }
    let left_out = model.contacts_found.saturating_sub(model.contacts.len());
    (left_out > 0).then(|| Text::ContactsNotShown(left_out).in_locale(model.locale))
}

pub fn conflicts(model: &Model) -> Vec<ConflictView> {
    model
        .conflicts
        .iter()
        .map(|c| ConflictView {
            id: c.id,
            contact_id: c.item_id,
            message: Text::ConflictExplained(c.local_index.title().to_string()).in_locale(model.locale),
            kind: c.local_index.kind().tag().to_string(),
            mine: shown(VCardDoc::parse(&c.local_data).map(|d| d.fields()).unwrap_or_default(), model.locale),
            mine_text: (c.local_index.kind() == crate::kinds::ItemKind::Note).then(|| c.local_data.clone()),
        })
        .collect()
}
