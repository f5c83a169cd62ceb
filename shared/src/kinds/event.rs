//! Events: iCalendar resources (a series with its overrides) in CalDAV
//! calendars.

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;

use super::{EventIndex, Fetch, ItemIndex, ItemKind, Kind, Rewritten, StaticKind};
use crate::agenda::edit::with_uid;
use crate::agenda::index::event_index;
use crate::dav::xml::{body, DavResponse};
use crate::effects::store::Account;
use crate::i18n::Text;

pub const CALDAV_CALENDAR: &str = "urn:ietf:params:xml:ns:caldav:calendar";

#[derive(Debug, Default, Clone, Copy)]
pub struct EventKind;

impl StaticKind for EventKind {
    const KIND: ItemKind = ItemKind::Event;
}

impl Kind for EventKind {
    fn item_kind(&self) -> ItemKind {
        Self::KIND
    }

    fn media_type(&self) -> &'static str {
        "text/calendar; charset=utf-8"
    }

    fn extension(&self) -> &'static str {
        ".ics"
    }

    fn home<'a>(&self, account: &'a Account) -> Option<&'a str> {
        account.calendar_home.as_deref()
    }

    /// Calendars holding events; task-only lists are left out, and so are
    /// the scheduling inbox and outbox (RFC 6638) some servers also type
    /// as calendars: nothing the member keeps is there, and an event
    /// written there is an invitation sent or received.
    fn is_collection(&self, entry: &DavResponse) -> bool {
        let props = &entry.props;
        let scheduling = props.resource_types.iter().any(|t| {
            t == "urn:ietf:params:xml:ns:caldav:schedule-inbox" || t == "urn:ietf:params:xml:ns:caldav:schedule-outbox"
        });
        props.resource_types.iter().any(|t| t == CALDAV_CALENDAR)
            && !scheduling
            && (props.supported_components.is_empty() || props.supported_components.iter().any(|c| c == "VEVENT"))
    }

    fn fetch(&self) -> Fetch {
        Fetch::Multiget {
            body: body::calendar_multiget,
            query_all: body::calendar_query_all,
            data: |props| props.calendar_data,
        }
    }

    fn index(&self, _href: &str, data: &str) -> Option<ItemIndex> {
        event_index(data).ok().map(ItemIndex::Event)
    }

    /// Out of every range: it cannot be placed in time.
    fn unreadable_index(&self, file_name: &str) -> ItemIndex {
        ItemIndex::Event(EventIndex {
            uid: file_name.to_string(),
            summary: file_name.to_string(),
            first_start: 0,
            last_end: Some(0),
            alarms: false,
        })
    }

    fn same_item(&self, server: &str, ours: &str) -> bool {
        server == ours || significant_lines(server) == significant_lines(ours)
    }

    fn with_new_uid(&self, data: &str, _index: &ItemIndex, uid: &str, now: i64, zone: Tz) -> Option<Rewritten> {
        let now = Utc.timestamp_millis_opt(now).single()?;
        let data = with_uid(data, uid, zone, now);
        let index = event_index(&data).ok()?;
        Some((data, ItemIndex::Event(index)))
    }

    fn saved(&self) -> Text {
        Text::EventSaved
    }

    fn read_only(&self) -> Text {
        Text::ReadOnlyCalendar
    }
}

/// An iCalendar resource as a sorted set of unfolded lines, without what
/// servers rewrite on their own (DTSTAMP, PRODID) and blank lines.
fn significant_lines(text: &str) -> Vec<String> {
    // Bare LF line ends are common on the wire; fold either way.
    let unfolded = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "");
    let mut lines: Vec<String> = unfolded
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let name = l.split([':', ';']).next().unwrap_or("").to_ascii_uppercase();
            name != "DTSTAMP" && name != "PRODID"
        })
        .collect();
    lines.sort();
    lines
}

#[cfg(test)]
mod tests {
    use super::super::index_remote;
    use super::*;

    #[test]
    fn an_unreadable_server_event_is_kept_out_of_every_range() {
        let junk = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (index, unreadable) = index_remote(&EventKind, "https://dav.test/cal/x.ics", junk);
        assert!(unreadable);
        assert_eq!(
            index,
            ItemIndex::Event(EventIndex {
                uid: "x.ics".into(),
                summary: "x.ics".into(),
                first_start: 0,
                last_end: Some(0),
                alarms: false
            })
        );
    }

    #[test]
    fn the_scheduling_inbox_and_outbox_are_not_calendars_even_typed_as_ones() {
        let entry = |types: &[&str]| DavResponse {
            href: "/cal/x/".into(),
            status: None,
            props: crate::dav::xml::DavProps {
                resource_types: types.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            },
        };
        let calendar = "urn:ietf:params:xml:ns:caldav:calendar";
        assert!(EventKind.is_collection(&entry(&["DAV:collection", calendar])));
        for box_ in ["urn:ietf:params:xml:ns:caldav:schedule-inbox", "urn:ietf:params:xml:ns:caldav:schedule-outbox"] {
            assert!(!EventKind.is_collection(&entry(&["DAV:collection", calendar, box_])), "{box_}");
            assert!(!EventKind.is_collection(&entry(&["DAV:collection", box_])), "{box_}");
        }
    }

    #[test]
    fn an_event_restamped_and_refolded_by_the_server_is_the_same_event() {
        let ours = "BEGIN:VCALENDAR\r\nPRODID:-//Nubo//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261124T100000Z\r\nSUMMARY:Assemblée générale\r\nDTSTART:20270508T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let server = "BEGIN:VCALENDAR\nPRODID:-//Radicale//EN\nBEGIN:VEVENT\nUID:a\nSUMMARY:Assemblée gé\n nérale\nDTSTART:20270508T100000Z\nDTSTAMP:20261124T100500Z\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(EventKind.same_item(server, ours));
        assert!(!EventKind.same_item(&server.replace("20270508", "20270509"), ours));
    }
}
