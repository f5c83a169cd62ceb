//! Contacts: vCards in CardDAV address books.

use chrono_tz::Tz;

use super::{ContactIndex, Fetch, ItemIndex, ItemKind, Kind, Rewritten, StaticKind};
use crate::contacts::text::fold;
use crate::contacts::vcard::VCardDoc;
use crate::dav::xml::{body, DavResponse};
use crate::effects::store::Account;
use crate::i18n::Text;

pub const CARDDAV_ADDRESSBOOK: &str = "urn:ietf:params:xml:ns:carddav:addressbook";

#[derive(Debug, Default, Clone, Copy)]
pub struct ContactKind;

impl StaticKind for ContactKind {
    const KIND: ItemKind = ItemKind::Contact;
}

impl Kind for ContactKind {
    fn item_kind(&self) -> ItemKind {
        Self::KIND
    }

    fn media_type(&self) -> &'static str {
        "text/vcard; charset=utf-8"
    }

    fn extension(&self) -> &'static str {
        ".vcf"
    }

    fn home<'a>(&self, account: &'a Account) -> Option<&'a str> {
        account.addressbook_home.as_deref()
    }

    fn is_collection(&self, entry: &DavResponse) -> bool {
        entry.props.resource_types.iter().any(|t| t == CARDDAV_ADDRESSBOOK)
    }

    fn fetch(&self) -> Fetch {
        Fetch::Multiget {
            body: body::addressbook_multiget,
            query_all: body::addressbook_query_all,
            data: |props| props.address_data,
        }
    }

    fn index(&self, _href: &str, data: &str) -> Option<ItemIndex> {
        VCardDoc::parse(data).ok().map(|doc| ItemIndex::Contact(doc.index()))
    }

    fn unreadable_index(&self, file_name: &str) -> ItemIndex {
        ItemIndex::Contact(ContactIndex {
            uid: file_name.to_string(),
            sort_key: fold(file_name),
            display_name: file_name.to_string(),
            ..Default::default()
        })
    }

    fn same_item(&self, server: &str, ours: &str) -> bool {
        if server == ours {
            return true;
        }
        match (VCardDoc::parse(server), VCardDoc::parse(ours)) {
            (Ok(a), Ok(b)) => a.uid().is_some() && a.uid() == b.uid() && a.fields() == b.fields(),
            _ => false,
        }
    }

    fn with_new_uid(&self, data: &str, _index: &ItemIndex, uid: &str, now: i64, _zone: Tz) -> Option<Rewritten> {
        let mut doc = VCardDoc::parse(data).ok()?;
        doc.set_uid(uid);
        doc.set_rev(now);
        Some((doc.to_vcard_string(), ItemIndex::Contact(doc.index())))
    }

    fn saved(&self) -> Text {
        Text::ContactSaved
    }

    fn read_only(&self) -> Text {
        Text::ReadOnlyBook
    }
}

#[cfg(test)]
mod tests {
    use super::super::index_remote;
    use super::*;

    #[test]
    fn an_unreadable_server_vcard_is_kept_as_it_is_with_a_name() {
        let junk = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a contact\r\nTEL;TYPE=CELL";
        let (index, unreadable) = index_remote(&ContactKind, "https://dav.test/book/broken-1.vcf", junk);
        assert!(unreadable);
        assert_eq!(index.title(), "broken-1.vcf");
    }

    #[test]
    fn a_reserialised_copy_of_our_own_push_is_not_a_conflict() {
        let ours = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ilse Peeters\r\nN:Peeters;Ilse;;;\r\nEMAIL;TYPE=WORK:ilse@peeters.be\r\nEND:VCARD\r\n";
        let server = "BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=WORK:ilse@peeters.be\nFN:Ilse Peeters\nN:Peeters;Ilse;;;\nUID:a\nEND:VCARD\n";
        assert!(ContactKind.same_item(server, ours));
        let edited = server.replace("ilse@peeters.be", "ilse@nubo.coop");
        assert!(!ContactKind.same_item(&edited, ours));
        let other_uid = server.replace("UID:a", "UID:b");
        assert!(!ContactKind.same_item(&other_uid, ours));
    }

    #[test]
    fn a_copy_under_a_new_uid_keeps_the_fields() {
        let ours = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ilse Peeters\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n";
        let (data, index) =
            ContactKind.with_new_uid(ours, &ContactKind.unreadable_index("a"), "b", 0, chrono_tz::UTC).unwrap();
        assert_eq!(index.uid(), "b");
        assert!(data.contains("UID:b") && data.contains("X-CUSTOM:kept"));
    }
}
