//! Contacts: the list or search the member looks at, the open contact,
//! and offline edits queued for the next sync.

use crux_core::render::render;
use crux_core::Command;

use super::{Cmd, Ctx, Event, Model};
use crate::contacts::vcard::{ContactFields, Labeled, VCardDoc};
use crate::effects::store::{command as store, Collection, ItemRecord};
use crate::effects::{NewUid, NowRequest};
use crate::failure::{Failure, LocalError};
use crate::i18n::{Locale, Text};
use crate::kinds::{ContactKind, StaticKind};

/// The open contact: its record as stored, and what the detail shows of it,
/// read once when it opens. Views are computed on every render (sync
/// progress included); re-parsing the card and base64-encoding its picture
/// (up to 256 KiB) each time belonged here instead.
#[derive(Debug)]
pub struct OpenedContact {
    pub record: ItemRecord,
    /// The card's fields as written (the view puts labels in the member's words).
    pub fields: ContactFields,
    pub photo: Option<String>,
}

impl OpenedContact {
    pub fn new(record: ItemRecord) -> Self {
        let doc = VCardDoc::parse(&record.data).ok();
        OpenedContact {
            fields: doc.as_ref().map(|d| d.fields()).unwrap_or_default(),
            photo: doc.and_then(|d| d.photo()),
            record,
        }
    }
}

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::Search { query } => {
            model.query = query;
            model.contacts_wanted = CONTACTS_PAGE;
            Command::all([reload(model), render()])
        }
        Event::ShowMoreContacts { through } => {
            let wanted = through.map_or(model.contacts.len(), |i| i.saturating_add(1)).saturating_add(CONTACTS_PAGE);
            // In whole pages. Nothing to read when every contact is listed,
            // when the one asked for is, or when as many were asked already
            // (the end seen twice before the answer).
            let wanted = wanted.div_ceil(CONTACTS_PAGE).saturating_mul(CONTACTS_PAGE);
            let listed_all = model.contacts.len() >= model.contacts_found;
            let listed_already = through.is_some_and(|i| i < model.contacts.len());
            if listed_all || listed_already || wanted <= model.contacts_wanted.max(model.contacts.len()) {
                return Command::done();
            }
            model.contacts_wanted = wanted;
            reload(model)
        }
        Event::ContactsLoaded(Ok((list, conflicts))) => {
            model.contacts = list.shown;
            model.contacts_found = list.found;
            model.contacts_pending = list.pending;
            model.contact_initials = list.initials;
            model.conflicts = conflicts;
            render()
        }
        // The list stays as it was; the member is told.
        Event::ContactsLoaded(Err(e)) => {
            model.error = Some(e.into());
            render()
        }
        Event::OpenContact { id } => open(id),
        Event::ContactLoaded(record) => {
            model.selected = record.map(OpenedContact::new);
            render()
        }
        Event::CloseContact => {
            model.selected = None;
            render()
        }
        Event::SaveContact { id, fields } => {
            let books: Vec<Collection> = model.collections_of::<ContactKind>().cloned().collect();
            // The contact as the member opened it: what their form started from.
            let opened =
                model.selected.as_ref().map(|c| &c.record).filter(|c| Some(c.id) == id).map(|c| c.data.clone());
            Command::new(|ctx| async move {
                let result = save(&ctx, id, fields, &books, opened).await;
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        Event::DeleteContact { id } => {
            // The contact as the member saw it when they chose to delete it.
            let seen = model.selected.take_if(|c| c.record.id == id).map(|c| c.record.data);
            Command::new(|ctx| async move {
                let result = delete(&ctx, id, seen).await;
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        _ => Command::done(),
    }
}

/// Deletes a contact; one that another device changed after the member
/// looked at it stays, shown again as it is now.
async fn delete(ctx: &Ctx, id: i64, seen: Option<String>) -> Result<Text, Failure> {
    if store::delete_seen(ctx, id, seen).await? {
        return Ok(Text::ContactDeleted);
    }
    ctx.send_event(Event::ContactLoaded(store::get_item(ctx, id).await.ok()));
    Ok(Text::ChangedBeforeDelete)
}

fn open(id: i64) -> Cmd {
    Command::new(|ctx| async move {
        ctx.send_event(Event::ContactLoaded(store::get_item(&ctx, id).await.ok()));
    })
}

/// How many contacts are listed at first, by name, and how many more each
/// time the member scrolls to the end (`Event::ShowMoreContacts`). Reading,
/// holding, sending and drawing all of 50,000 contacts (or every match of
/// "ma") after each sync and edit cost what they cost; a screen shows
/// twenty. A search that finds more also says how many, to type more.
pub const CONTACTS_PAGE: usize = 100;

/// Re-reads the list the member is looking at (all contacts or the
/// current search, as far as they scrolled) and the open conflicts.
pub fn reload(model: &Model) -> Cmd {
    let query = model.query.clone();
    let shown = model.contacts_wanted.max(CONTACTS_PAGE);
    Command::new(move |ctx| async move {
        let loaded = match store::contacts(&ctx, &query, shown).await {
            Ok(contacts) => store::list_conflicts(&ctx).await.map(|conflicts| (contacts, conflicts)),
            Err(e) => Err(e),
        };
        ctx.send_event(Event::ContactsLoaded(loaded));
    })
}

/// Creates (`id: None`) or edits a contact. An edit starts from the stored
/// vCard, never from a blank one, so fields the app does not show survive.
///
/// `opened`: the vCard the member's form started from. When a sync brought
/// another version meanwhile, the member's changes go on top of it if they
/// touch other fields; otherwise their edit of what they saw is kept
/// beside it as a conflict, never written over it.
async fn save(
    ctx: &Ctx,
    id: Option<i64>,
    fields: ContactFields,
    books: &[Collection],
    opened: Option<String>,
) -> Result<Text, Failure> {
    let (book, mut doc, started_from) = match id {
        Some(id) => {
            let record = store::get_item(ctx, id).await?;
            let book = books.iter().find(|b| b.href == record.collection).cloned();
            // Only an unreadable server vCard fails here: it is kept as it
            // is rather than rewritten from what little could be read.
            let parse = |data: &str| {
                VCardDoc::parse(data).map_err(|e| crate::dav::client::RemoteError::BadResponse(e.to_string()))
            };
            let started_from = opened.unwrap_or_else(|| record.data.clone());
            let mut doc = parse(&started_from)?;
            let base = doc.fields();
            let fields = labels_back(fields, Some(&base));
            let newer = if started_from == record.data { None } else { parse(&record.data).ok() };
            let merged = newer.and_then(|mut theirs| {
                let merged = merge_fields(&base, &fields, &theirs.fields())?;
                theirs.apply(&merged);
                Some(theirs)
            });
            match merged {
                // Changes elsewhere to other fields: the member's go on top.
                Some(theirs) => (book, theirs, Some((id, record.data))),
                None => {
                    doc.apply(&fields);
                    (book, doc, Some((id, started_from)))
                }
            }
        }
        None => {
            let book = books.iter().find(|b| !b.read_only).cloned();
            let uid = ctx.request_from_shell(NewUid).await;
            (book, VCardDoc::new_contact(&uid, &labels_back(fields, None)), None)
        }
    };
    let book = book.filter(|b| !b.read_only).ok_or(LocalError::ReadOnly(ContactKind::KIND))?;
    let now = ctx.request_from_shell(NowRequest).await.0;
    doc.set_rev(now);
    let (data, index) = (doc.to_vcard_string(), doc_index(&doc));
    let (id, said) = match started_from {
        Some((id, from)) => {
            let edited = store::edit_item(ctx, id, book.href, data, index, from, now).await?;
            (id, edited.said(Text::ContactSaved))
        }
        None => (store::save_item(ctx, None, book.href, data, index).await?, Text::ContactSaved),
    };
    if let Ok(record) = store::get_item(ctx, id).await {
        ctx.send_event(Event::ContactLoaded(Some(record)));
    }
    Ok(said)
}

/// The member's changes (from `base` to `mine`) on top of `theirs`, field
/// by field; `None` when one field was changed on both sides, differently:
/// then the member chooses.
fn merge_fields(base: &ContactFields, mine: &ContactFields, theirs: &ContactFields) -> Option<ContactFields> {
    let mut merged = theirs.clone();
    // The field list is written once; the destructuring stops compiling
    // when a field is added to ContactFields and not merged here.
    macro_rules! each {
        ($($field:ident),*) => {
            let ContactFields { $($field: _),* } = mine;
            $(
                if mine.$field != base.$field {
                    if theirs.$field != base.$field && theirs.$field != mine.$field {
                        return None;
                    }
                    merged.$field = mine.$field.clone();
                }
            )*
        };
    }
    each!(full_name, given_name, family_name, emails, phones, org, title, note, addresses, birthday, has_photo);
    Some(merged)
}

/// The labels a shell sends back are the translated ones ("GSM", "werk"):
/// each goes back to the vCard's own value, the stored one first (Apple's
/// "mobile" stays "mobile"), so an unchanged label changes nothing.
fn labels_back(mut fields: ContactFields, stored: Option<&ContactFields>) -> ContactFields {
    let token = |label: &str, stored: &[Labeled]| -> String {
        let Some(token) = crate::i18n::type_token(label) else { return label.to_string() };
        stored
            .iter()
            .map(|s| s.label.as_str())
            .find(|raw| crate::i18n::type_token(&crate::i18n::type_label(Locale::En, raw)) == Some(token))
            .unwrap_or(token)
            .to_string()
    };
    let empty = ContactFields::default();
    let stored = stored.unwrap_or(&empty);
    for l in &mut fields.emails {
        l.label = token(&l.label, &stored.emails);
    }
    for l in &mut fields.phones {
        l.label = token(&l.label, &stored.phones);
    }
    fields
}

fn doc_index(doc: &VCardDoc) -> crate::kinds::ItemIndex {
    crate::kinds::ItemIndex::Contact(doc.index())
}

#[cfg(test)]
mod tests {
    use super::CONTACTS_PAGE;
    use crate::contacts::vcard::{ContactFields, Labeled};
    use crate::effects::store::{ContactInitial, ContactList, ContactSummary};
    use crate::model::test_support::*;

    /// Contact 7, Hélène, holding `data`.
    fn helene(data: &str) -> crate::effects::store::ItemRecord {
        crate::effects::store::ItemRecord {
            id: 7,
            collection: BOOK.into(),
            href: Some(format!("{BOOK}helene.vcf")),
            etag: Some("\"e1\"".into()),
            uid: "helene".into(),
            data: data.into(),
            pending: false,
        }
    }

    #[test]
    fn translated_labels_go_back_to_the_vcards_own_values() {
        let l = |label: &str| Labeled { label: label.into(), value: "x".into() };
        let stored = ContactFields { phones: vec![l("mobile")], emails: vec![l("home")], ..Default::default() };
        let sent = ContactFields {
            phones: vec![l("GSM"), l("werk")],
            emails: vec![l("domicile"), l("Club")],
            ..Default::default()
        };
        let back = super::labels_back(sent, Some(&stored));
        // Apple's "mobile" stays "mobile"; a new "werk" is "work"; the member's own label stays.
        let labels = |v: &[Labeled]| v.iter().map(|l| l.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(&back.phones), ["mobile", "work"]);
        assert_eq!(labels(&back.emails), ["home", "Club"]);
        let new = super::labels_back(ContactFields { phones: vec![l("gsm")], ..Default::default() }, None);
        assert_eq!(new.phones[0].label, "cell");
    }

    #[test]
    fn an_edit_starts_from_the_stored_vcard_and_the_list_reloads_after_it() {
        let mut model = signed_in_model("en");
        model.collections = vec![book(Some("t1"))];
        let mut d = Driver::new(model);
        let fields = crate::contacts::vcard::ContactFields {
            full_name: "Hélène Dubœuf".into(),
            // The label as a French shell shows it and sends it back.
            phones: vec![crate::contacts::vcard::Labeled { label: "GSM".into(), value: "+32 470 99 99 99".into() }],
            ..Default::default()
        };
        // No contact is open: the core must read it from the store first.
        d.send(Event::SaveContact { id: Some(7), fields });
        let mut get = d.store();
        assert_eq!(get.operation, StoreRequest::GetItem { id: 7 });
        let stored = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL;TYPE=CELL:+32 470 12 34 56\r\nX-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\nEND:VCARD\r\n";
        get.resolve(StoreResponse::Item(Some(helene(stored)))).unwrap();
        d.answer_time();
        let mut save = d.store();
        let StoreRequest::EditItem { id: 7, data: vcard, index: ItemIndex::Contact(index), started_from, .. } =
            &save.operation
        else {
            panic!("{:?}", save.operation)
        };
        assert!(vcard.contains("X-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\n"), "{vcard}");
        assert!(vcard.contains("TEL;TYPE=CELL:+32 470 99 99 99\r\n"), "{vcard}");
        assert_eq!(index.phones, vec!["+32 470 99 99 99".to_string()]);
        // Nothing was open: the edit started from what the store held.
        assert_eq!(started_from, stored);
        save.resolve(StoreResponse::Saved { id: 7 }).unwrap();
        d.store().resolve(StoreResponse::Item(None)).unwrap();
        // Only now is the list read again.
        let list = d.store();
        assert_eq!(list.operation, StoreRequest::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE });
    }

    #[test]
    fn a_broad_search_lists_its_first_page_and_says_how_many_more_it_found() {
        let mut d = Driver::new(signed_in_model("fr"));
        let row = |id: i64| ContactSummary {
            id,
            book: "b".into(),
            display_name: format!("Membre {id:03}"),
            email: None,
            phone: None,
            org: "Nubo".into(),
            pending: false,
            has_conflict: false,
        };
        let search = |d: &mut Driver, found: usize| {
            d.send(Event::Search { query: "membre".into() });
            let mut ask = d.store();
            assert_eq!(ask.operation, StoreRequest::SearchContacts { query: "membre".into(), shown: CONTACTS_PAGE });
            let first = (0..CONTACTS_PAGE.min(found) as i64).map(row).collect();
            ask.resolve(StoreResponse::Contacts(ContactList { shown: first, found, pending: 3, ..Default::default() }))
                .unwrap();
            d.store().resolve(StoreResponse::Conflicts(vec![])).unwrap();
            d.settle();
            d.view()
        };
        let view = search(&mut d, 1_234);
        assert_eq!(view.contacts.len(), 100);
        // The changes waiting are the store's count, not those listed.
        assert_eq!(view.pending_changes, 3);
        assert_eq!(
            view.contacts_more.as_deref(),
            Some("1\u{202f}134 autres contacts trouvés ne sont pas affichés\u{202f}: précisez votre recherche.")
        );
        // Every match listed: nothing more to say.
        assert_eq!(search(&mut d, 100).contacts_more, None);
        assert!(search(&mut d, 101).contacts_more.is_some_and(|s| s.starts_with("1 autre contact trouvé n’est pas")));
    }

    #[test]
    fn the_list_grows_a_page_at_a_time_as_the_member_scrolls_and_keeps_its_length_through_a_sync() {
        let mut d = Driver::new(signed_in_model("fr"));
        let row = |id: usize| ContactSummary {
            id: id as i64,
            book: "b".into(),
            display_name: format!("{} {id:03}", if id < 150 { "Anna" } else { "Bart" }),
            email: None,
            phone: None,
            org: String::new(),
            pending: false,
            has_conflict: false,
        };
        let initials =
            vec![ContactInitial { letter: "A".into(), first: 0 }, ContactInitial { letter: "B".into(), first: 150 }];
        // The store holds 250 contacts; it answers the first `shown`.
        let answer = |d: &mut Driver, shown: usize| {
            let ask = d.store();
            assert_eq!(ask.operation, StoreRequest::ListContacts { shown });
            let list = ContactList {
                shown: (0..shown.min(250)).map(row).collect(),
                found: 250,
                pending: 0,
                initials: initials.clone(),
            };
            let mut ask = ask;
            ask.resolve(StoreResponse::Contacts(list)).unwrap();
            d.store().resolve(StoreResponse::Conflicts(vec![])).unwrap();
            d.settle();
            d.view()
        };
        d.send(Event::Search { query: String::new() });
        let view = answer(&mut d, CONTACTS_PAGE);
        assert_eq!(view.contacts.len(), 100);
        assert_eq!(view.contacts_coming.as_deref(), Some("Chargement d’autres contacts…"));
        // The whole list is not a search: nothing to narrow.
        assert_eq!(view.contacts_more, None);
        assert_eq!(view.contact_initials, initials);

        // The end of the list comes into view: a page more. Asked again
        // before the answer, nothing more is read.
        d.send(Event::ShowMoreContacts { through: None });
        d.send(Event::ShowMoreContacts { through: None });
        assert_eq!(answer(&mut d, 200).contacts.len(), 200);

        // A sync ends: the list is read again as far as the member scrolled.
        d.send(Event::SyncFinished(Ok(Default::default())));
        let mut asked = Vec::new();
        while let Some(effect) = d.try_next_effect() {
            if let crate::Effect::Store(mut request) = effect {
                asked.push(request.operation.clone());
                let answer = match &request.operation {
                    StoreRequest::ListContacts { .. } => StoreResponse::Contacts(ContactList::default()),
                    StoreRequest::ListConflicts => StoreResponse::Conflicts(vec![]),
                    _ => continue,
                };
                request.resolve(answer).unwrap();
            }
        }
        assert!(asked.contains(&StoreRequest::ListContacts { shown: 200 }), "{asked:?}");

        // "B" at 150 is listed already; a letter further on lists through it
        // and a page more, in whole pages.
        d.model.contacts = (0..200).map(row).collect();
        d.model.contacts_found = 250;
        d.send(Event::ShowMoreContacts { through: Some(150) });
        assert!(d.try_next_effect().is_none());
        // The first one not listed yet: through it and a page more.
        d.send(Event::ShowMoreContacts { through: Some(200) });
        let view = answer(&mut d, 400);
        assert_eq!(view.contacts.len(), 250);
        assert_eq!(view.contacts_coming, None);
        // Everything listed: the end asks for nothing.
        d.send(Event::ShowMoreContacts { through: None });
        assert!(d.try_next_effect().is_none());

        // A new search starts again from the first page.
        d.send(Event::Search { query: "anna".into() });
        let ask = d.store();
        assert_eq!(ask.operation, StoreRequest::SearchContacts { query: "anna".into(), shown: CONTACTS_PAGE });
    }

    #[test]
    fn a_list_that_cannot_be_read_stays_as_it_was_and_says_so_and_a_contact_closes() {
        let mut model = signed_in_model("en");
        model.contacts = vec![ContactSummary {
            id: 7,
            book: BOOK.into(),
            display_name: "Hélène Dubœuf".into(),
            email: None,
            phone: None,
            org: String::new(),
            pending: false,
            has_conflict: false,
        }];
        model.selected =
            Some(super::OpenedContact::new(helene("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène\r\nEND:VCARD\r\n")));
        let mut d = Driver::new(model);
        d.send(Event::ContactsLoaded(Err(crate::effects::store::StoreError::NotFound)));
        d.settle();
        let view = d.view();
        assert_eq!(view.contacts.len(), 1);
        assert!(view.error.is_some());
        assert!(view.selected.is_some());
        d.send(Event::CloseContact);
        d.settle();
        assert!(d.view().selected.is_none());
    }

    #[test]
    fn a_terminal_lists_every_contact_at_once() {
        let mut model = signed_in_model("en");
        model.contacts_found = 50_000;
        let mut d = Driver::new(model);
        d.send(Event::ShowMoreContacts { through: Some(usize::MAX) });
        assert_eq!(d.store().operation, StoreRequest::ListContacts { shown: usize::MAX });
    }

    /// The member opened `opened` and writes "à rappeler" in its note;
    /// meanwhile a sync stored `newer`. Returns the store's write request.
    fn note_edited_over(locale: &str, opened: &str, newer: &str) -> (Driver, crux_core::Request<StoreRequest>) {
        let mut model = signed_in_model(locale);
        model.collections = vec![book(Some("t1"))];
        model.selected = Some(super::OpenedContact::new(helene(opened)));
        let mut d = Driver::new(model);
        let mut fields = crate::contacts::vcard::VCardDoc::parse(opened).unwrap().fields();
        fields.note = "AG\nà rappeler".into();
        d.send(Event::SaveContact { id: Some(7), fields });
        d.store().resolve(StoreResponse::Item(Some(helene(newer)))).unwrap();
        d.answer_time();
        let save = d.store();
        (d, save)
    }

    #[test]
    fn an_edit_of_a_contact_a_sync_changed_since_it_was_opened_is_kept_beside_it() {
        let opened = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nNOTE:AG\r\nEND:VCARD\r\n";
        let newer =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nNOTE:AG\\nvue au marché\r\nEND:VCARD\r\n";
        // The member opened the contact as it was; then a sync brought the
        // note another device wrote.
        let (mut d, mut save) = note_edited_over("fr", opened, newer);
        let StoreRequest::EditItem { id: 7, data, started_from, .. } = &save.operation else {
            panic!("{:?}", save.operation)
        };
        // Their edit of what they saw, against what they saw: the store
        // decides, in the same transaction as the write.
        assert_eq!(started_from, opened);
        assert!(data.contains("NOTE:AG\\nà rappeler\r\n") && !data.contains("marché"), "{data}");
        save.resolve(StoreResponse::KeptAsConflict { id: 7 }).unwrap();
        // The contact shows what the store now holds (the newer version).
        d.store().resolve(StoreResponse::Item(Some(helene(newer)))).unwrap();
        answer_reads_after_a_change(&mut d);
        d.settle();
        assert!(d.view().selected.is_some_and(|c| c.fields.note.contains("marché")));
        assert_eq!(
            d.view().notice.as_deref(),
            Some("Une version plus récente est arrivée d’un autre appareil pendant que vous modifiiez. Les deux versions sont gardées\u{202f}: choisissez.")
        );
    }

    #[test]
    fn an_edit_of_other_fields_than_a_sync_changed_goes_on_top_of_the_newer_version() {
        let opened = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL:+32 470 12 34 56\r\nNOTE:AG\r\nEND:VCARD\r\n";
        // Another device changed her number; the member changes the note.
        let newer = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nTEL:+32 470 99 99 99\r\nNOTE:AG\r\nEND:VCARD\r\n";
        let (_, save) = note_edited_over("en", opened, newer);
        let StoreRequest::EditItem { data, started_from, .. } = &save.operation else { panic!("{:?}", save.operation) };
        assert_eq!(started_from, newer, "merged onto the newer version, which the store checks is still there");
        assert!(
            data.contains("+32 470 99 99 99") && data.contains("à rappeler") && !data.contains("12 34 56"),
            "{data}"
        );

        // Both changed the note: nothing to merge, the member chooses.
        let both = newer.replace("NOTE:AG", "NOTE:AG\\nvue au marché");
        let (_, save) = note_edited_over("en", opened, &both);
        let StoreRequest::EditItem { started_from, .. } = &save.operation else { panic!("{:?}", save.operation) };
        assert_eq!(started_from, opened);
    }

    #[test]
    fn a_delete_of_a_contact_another_device_changed_since_shows_it_again_and_deletes_nothing() {
        let mut model = signed_in_model("en");
        model.collections = vec![book(Some("t1"))];
        let seen = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nEND:VCARD\r\n";
        let newer = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\nNOTE:new number\r\nEND:VCARD\r\n";
        model.selected = Some(super::OpenedContact::new(helene(seen)));
        let mut d = Driver::new(model);
        d.send(Event::DeleteContact { id: 7 });
        let mut delete = d.store();
        assert_eq!(delete.operation, StoreRequest::DeleteSeen { id: 7, started_from: seen.into() });
        delete.resolve(StoreResponse::ChangedMeanwhile { id: 7 }).unwrap();
        let mut get = d.store();
        assert_eq!(get.operation, StoreRequest::GetItem { id: 7 });
        get.resolve(StoreResponse::Item(Some(helene(newer)))).unwrap();
        answer_reads_after_a_change(&mut d);
        d.settle();
        let view = d.view();
        assert_eq!(
            view.notice.as_deref(),
            Some("This was changed on another device meanwhile: nothing was deleted. Here is the new version; delete again if you still want to.")
        );
        assert_eq!(view.selected.map(|c| c.fields.note), Some("new number".to_string()));
    }

    #[test]
    fn a_read_only_address_book_refuses_edits_with_a_clear_message() {
        let mut model = signed_in_model("nl");
        let mut shared_book = book(None);
        shared_book.read_only = true;
        model.collections = vec![shared_book];
        let mut d = Driver::new(model);
        d.send(Event::SaveContact { id: None, fields: Default::default() });
        match d.next_effect() {
            Effect::Uid(mut r) => r.resolve("new-uid".into()).unwrap(),
            other => panic!("{other:?}"),
        }
        // Nothing is written; the list is reloaded and the reason shown.
        let list = d.store();
        assert_eq!(list.operation, StoreRequest::ListContacts { shown: crate::model::contacts::CONTACTS_PAGE });
        assert_eq!(d.view().error.as_deref(), Some("Dit adresboek kun je alleen bekijken, niet wijzigen."));
    }
}
