//! WebDAV / CalDAV / CardDAV protocol pieces: request bodies, multistatus
//! parsing, URL handling. Pure functions; the sync engine composes them.

pub mod client;
pub mod url;
pub mod xml;

pub use xml::{parse_error_condition, parse_multistatus, DavError, DavProps, DavResponse, Multistatus};
