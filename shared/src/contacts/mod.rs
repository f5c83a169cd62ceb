//! Contacts: the vCard model, text folding for sort and search, and the
//! CardDAV sync engine.

pub mod sync;
pub mod text;
pub mod vcard;
