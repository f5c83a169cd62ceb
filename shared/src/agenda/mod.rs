//! The agenda: iCalendar events and their recurrence, expanded in the
//! member's time zone; what the store indexes of an event; the agenda the
//! view model shows; the edits a member makes offline.

pub mod edit;
pub mod ical;
pub mod index;
pub mod recurrence;
pub mod view;
pub mod zones;
