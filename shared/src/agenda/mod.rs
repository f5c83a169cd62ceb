//! The agenda: iCalendar events and their recurrence, expanded in the
//! member's time zone. (Calendar sync and views build on this; see the
//! agenda issue.)

pub mod ical;
pub mod recurrence;
