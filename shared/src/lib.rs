//! The Nubo companion core: a pure Crux app. It owns the member-facing logic
//! (account set-up, sync, contacts) and asks for every side effect through
//! [`effects::Effect`]; it never touches sockets, files or the clock.

pub mod account;
pub mod agenda;
pub mod app;
pub mod contacts;
pub mod dav;
pub mod effects;
pub mod formats;
pub mod i18n;
pub mod sync;

pub use app::{Event, Model, NuboApp, ViewModel};
pub use effects::Effect;
