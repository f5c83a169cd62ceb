//! The Crux app: events in, effects out, a view model for every shell.
//! The logic lives by feature in [`crate::model`] and [`crate::view`].

use crux_core::App;

use crate::effects::Effect;
use crate::model::{self, Cmd, Event, Model};
use crate::view::ViewModel;

pub use crate::model::{Resolution, SyncState, DEFAULT_ZONE};
pub use crate::view::{
    AgendaDayView, AgendaEntryView, AgendaView, BookView, CalendarView, ConflictView, ContactRow, ContactView,
    EventView, SyncView,
};

#[derive(Default)]
pub struct NuboApp;

impl App for NuboApp {
    type Event = Event;
    type Model = Model;
    type ViewModel = ViewModel;
    type Effect = Effect;

    fn update(&self, event: Event, model: &mut Model) -> Cmd {
        model::update(event, model)
    }

    fn view(&self, model: &Model) -> ViewModel {
        ViewModel::from(model)
    }
}
