//! vCard 3.0 / 4.0 on `calcard`. (INTERFACE STUB — being implemented.)

use crate::effects::store::ContactIndex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VCardVersion {
    V3,
    V4,
}

/// A value with its kind as the member sees it ("work", "home", "cell", or a
/// custom label). Empty label when the vCard gives none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labeled {
    pub label: String,
    pub value: String,
}

/// The fields the app shows and edits. Everything else in the vCard is kept
/// untouched when these are written back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub full_name: String,
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub org: String,
    pub title: String,
    pub note: String,
    /// Postal addresses, one formatted line each (read-only in the app).
    pub addresses: Vec<Labeled>,
    /// As written in the vCard (e.g. "1984-05-21").
    pub birthday: String,
    pub has_photo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VCardError {
    #[error("not a vCard: {0}")]
    Invalid(String),
}

/// A parsed vCard that remembers everything it was given.
#[derive(Debug, Clone)]
pub struct VCardDoc {
    _private: (),
}

impl VCardDoc {
    pub fn parse(_text: &str) -> Result<Self, VCardError> { unimplemented!() }
    /// A new contact (vCard 3.0, the version every CardDAV server accepts).
    pub fn new_contact(_uid: &str, _fields: &ContactFields) -> Self { unimplemented!() }
    pub fn version(&self) -> VCardVersion { unimplemented!() }
    pub fn uid(&self) -> Option<String> { unimplemented!() }
    pub fn fields(&self) -> ContactFields { unimplemented!() }
    /// What the store indexes; `display_name` falls back from FN to N, ORG,
    /// e-mail; never empty.
    pub fn index(&self) -> ContactIndex { unimplemented!() }
    /// Writes the edited fields back; properties unchanged by the edit keep
    /// their parameters and groups; all other properties are kept.
    pub fn apply(&mut self, _fields: &ContactFields) { unimplemented!() }
    pub fn set_uid(&mut self, _uid: &str) { unimplemented!() }
    /// REV, as a UTC timestamp (ms since the epoch).
    pub fn set_rev(&mut self, _millis: i64) { unimplemented!() }
    /// Serialised in the vCard's own version.
    pub fn to_vcard_string(&self) -> String { unimplemented!() }
}
