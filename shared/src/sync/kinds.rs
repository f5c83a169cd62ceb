//! What differs between syncing an address book and a calendar: media
//! type, multiget report, and how a resource is indexed. Everything else —
//! outbox, listing, batching, conflicts — is the same engine.

use crate::agenda::index::event_index;
use crate::contacts::vcard::VCardDoc;
use crate::dav::xml::{body, DavProps};
use crate::effects::store::{AddressBook, Calendar, ContactIndex, EventIndex, ItemIndex, ItemKind, RemoteItem};

/// One collection as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub kind: ItemKind,
    pub href: String,
    pub display_name: String,
    pub read_only: bool,
    pub supports_sync: bool,
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
}

impl From<&AddressBook> for Collection {
    fn from(b: &AddressBook) -> Self {
        Collection {
            kind: ItemKind::Contact,
            href: b.href.clone(),
            display_name: b.display_name.clone(),
            read_only: b.read_only,
            supports_sync: b.supports_sync,
            sync_token: b.sync_token.clone(),
            ctag: b.ctag.clone(),
        }
    }
}

impl From<&Calendar> for Collection {
    fn from(c: &Calendar) -> Self {
        Collection {
            kind: ItemKind::Event,
            href: c.href.clone(),
            display_name: c.display_name.clone(),
            read_only: c.read_only,
            supports_sync: c.supports_sync,
            sync_token: c.sync_token.clone(),
            ctag: c.ctag.clone(),
        }
    }
}

pub fn media_type(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Contact => "text/vcard; charset=utf-8",
        ItemKind::Event => "text/calendar; charset=utf-8",
    }
}

/// File name suffix of a new resource.
pub fn extension(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Contact => ".vcf",
        ItemKind::Event => ".ics",
    }
}

pub fn multiget_body(kind: ItemKind, paths: &[String]) -> String {
    match kind {
        ItemKind::Contact => body::addressbook_multiget(paths),
        ItemKind::Event => body::calendar_multiget(paths),
    }
}

/// The resource text a multiget response carries for this kind.
pub fn data_of(kind: ItemKind, props: DavProps) -> Option<String> {
    match kind {
        ItemKind::Contact => props.address_data,
        ItemKind::Event => props.calendar_data,
    }
}

/// The resource's last path segment: the name shown for something
/// unreadable.
fn file_name(href: &str) -> String {
    href.trim_end_matches('/').rsplit('/').next().unwrap_or("?").to_string()
}

/// Indexes a server resource; an unreadable one is kept as it is, never
/// dropped (second value `true`): a contact under its file name, an event
/// out of every range (it cannot be placed in time).
pub fn remote_item(kind: ItemKind, href: String, etag: Option<String>, data: String) -> (RemoteItem, bool) {
    let (index, unreadable) = match kind {
        ItemKind::Contact => match VCardDoc::parse(&data) {
            Ok(doc) => (ItemIndex::Contact(doc.index()), false),
            Err(_) => {
                let name = file_name(&href);
                let index = ContactIndex {
                    uid: name.clone(),
                    sort_key: crate::contacts::text::fold(&name),
                    display_name: name,
                    ..Default::default()
                };
                (ItemIndex::Contact(index), true)
            }
        },
        ItemKind::Event => match event_index(&data) {
            Ok(index) => (ItemIndex::Event(index), false),
            Err(_) => {
                let name = file_name(&href);
                let index = EventIndex { uid: name.clone(), summary: name, first_start: 0, last_end: Some(0) };
                (ItemIndex::Event(index), true)
            }
        },
    };
    (RemoteItem { href, etag, data, index }, unreadable)
}

/// Our own earlier push, which a crash kept us from recording: servers
/// re-serialise what they store, so compare meaning, not bytes.
pub fn same_item(kind: ItemKind, server: &str, ours: &str) -> bool {
    if server == ours {
        return true;
    }
    match kind {
        ItemKind::Contact => match (VCardDoc::parse(server), VCardDoc::parse(ours)) {
            (Ok(a), Ok(b)) => a.uid().is_some() && a.uid() == b.uid() && a.fields() == b.fields(),
            _ => false,
        },
        ItemKind::Event => significant_lines(server) == significant_lines(ours),
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
    use super::*;

    #[test]
    fn an_unreadable_server_vcard_is_kept_as_it_is_with_a_name() {
        let junk = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a contact\r\nTEL;TYPE=CELL";
        let (item, unreadable) = remote_item(
            ItemKind::Contact,
            "https://dav.test/book/broken-1.vcf".into(),
            Some("\"e\"".into()),
            junk.into(),
        );
        assert!(unreadable);
        assert_eq!(item.data, junk, "the bytes are kept, nothing dropped");
        assert_eq!(item.index.title(), "broken-1.vcf");
    }

    #[test]
    fn an_unreadable_server_event_is_kept_out_of_every_range() {
        let junk = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (item, unreadable) = remote_item(ItemKind::Event, "https://dav.test/cal/x.ics".into(), None, junk.into());
        assert!(unreadable);
        assert_eq!(item.data, junk);
        assert_eq!(
            item.index,
            ItemIndex::Event(EventIndex {
                uid: "x.ics".into(),
                summary: "x.ics".into(),
                first_start: 0,
                last_end: Some(0)
            })
        );
    }

    #[test]
    fn a_reserialised_copy_of_our_own_push_is_not_a_conflict() {
        let ours = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ilse Peeters\r\nN:Peeters;Ilse;;;\r\nEMAIL;TYPE=WORK:ilse@peeters.be\r\nEND:VCARD\r\n";
        let server = "BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=WORK:ilse@peeters.be\nFN:Ilse Peeters\nN:Peeters;Ilse;;;\nUID:a\nEND:VCARD\n";
        assert!(same_item(ItemKind::Contact, server, ours));
        let edited = server.replace("ilse@peeters.be", "ilse@nubo.coop");
        assert!(!same_item(ItemKind::Contact, &edited, ours));
        let other_uid = server.replace("UID:a", "UID:b");
        assert!(!same_item(ItemKind::Contact, &other_uid, ours));
    }

    #[test]
    fn an_event_restamped_and_refolded_by_the_server_is_the_same_event() {
        let ours = "BEGIN:VCALENDAR\r\nPRODID:-//Nubo//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261124T100000Z\r\nSUMMARY:Assemblée générale\r\nDTSTART:20270508T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let server = "BEGIN:VCALENDAR\nPRODID:-//Radicale//EN\nBEGIN:VEVENT\nUID:a\nSUMMARY:Assemblée gé\n nérale\nDTSTART:20270508T100000Z\nDTSTAMP:20261124T100500Z\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(same_item(ItemKind::Event, server, ours));
        assert!(!same_item(ItemKind::Event, &server.replace("20270508", "20270509"), ours));
    }
}
