//! The Nubo companion core: a pure Crux app. It owns the member-facing logic
//! (account set-up, sync, contacts, agenda) and asks for every side effect
//! through [`effects::Effect`]; it never touches sockets, files or the clock.

pub mod account;
pub mod agenda;
pub mod announcements;
pub mod app;
pub mod contacts;
pub mod dav;
pub mod document;
pub mod effects;
pub mod failure;
pub mod formats;
pub mod i18n;
pub mod kinds;
pub mod model;
pub mod sync;
pub mod view;

pub use app::NuboApp;
pub use effects::Effect;
pub use model::{Event, Model};
pub use view::ViewModel;
