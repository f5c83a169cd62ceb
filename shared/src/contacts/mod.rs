//! Contacts: the vCard model and text folding for sort and search. Their
//! sync is the shared engine in `crate::sync`.

pub mod text;
pub mod vcard;
