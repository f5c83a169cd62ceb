//! Notes in the store: listed newest first with their category, searched
//! over title and text like contacts, their index kept through edits,
//! conflicts and sign-out.

use shared::effects::store::*;
use shared::kinds::note::note_index;
use shared::kinds::{Kind, NoteKind, StaticKind};

use super::super::Store;

const NOTES: &str = "https://dav.test/files/alice/Notes/";
const WORK: &str = "https://dav.test/files/alice/Notes/Travail/";

fn folder(href: &str, name: &str) -> Collection {
    Collection {
        kind: NoteKind::KIND,
        href: href.into(),
        display_name: name.into(),
        color: None,
        read_only: false,
        supports_sync: false,
        sync_token: None,
        ctag: None,
    }
}

fn note(folder: &str, title: &str, text: &str, modified: i64) -> RemoteItem {
    RemoteItem {
        href: format!("{folder}{}.md", title.replace(' ', "%20")),
        etag: Some(format!("\"{modified}\"")),
        data: text.into(),
        index: ItemIndex::Note(note_index(title.into(), text, modified)),
    }
}

fn notes(s: &mut Store, query: &str) -> Vec<NoteSummary> {
    match s.handle(StoreRequest::ListNotes { query: query.into() }) {
        StoreResponse::Notes(n) => n,
        other => panic!("{other:?}"),
    }
}

fn titles(list: &[NoteSummary]) -> Vec<&str> {
    list.iter().map(|n| n.title.as_str()).collect()
}

fn store_with_notes() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let saved = s.handle(StoreRequest::SaveCollections {
        kind: NoteKind::KIND,
        collections: vec![folder(NOTES, ""), folder(WORK, "Travail")],
    });
    assert_eq!(saved, StoreResponse::Done);
    for (collection, item) in [
        (NOTES, note(NOTES, "Courses", "- [ ] lait\n- [ ] café équitable", 3)),
        (WORK, note(WORK, "Réunion du CA", "Ordre du jour : élections, budget", 1)),
        (WORK, note(WORK, "Plan", "Étape 1 : la salle", 2)),
    ] {
        let batch = PullBatch::upserts(collection, vec![item], 0);
        assert!(matches!(s.handle(StoreRequest::ApplyPull(batch)), StoreResponse::Applied(_)));
    }
    s
}

#[test]
fn notes_are_listed_newest_first_with_their_folder() {
    let mut s = store_with_notes();
    let list = notes(&mut s, "");
    assert_eq!(titles(&list), ["Courses", "Plan", "Réunion du CA"]);
    assert_eq!(list[0].collection, NOTES);
    assert_eq!(list[0].preview, "• ☐ lait\n• ☐ café équitable");
    assert_eq!(list[1].collection, WORK);
    assert!(list.iter().all(|n| !n.pending && !n.unreadable));
}

#[test]
fn search_reads_title_and_text_without_accents_or_case() {
    let mut s = store_with_notes();
    assert_eq!(titles(&notes(&mut s, "ELECTION")), ["Réunion du CA"]);
    assert_eq!(titles(&notes(&mut s, "cafe equit")), ["Courses"]);
    assert_eq!(titles(&notes(&mut s, "reunion")), ["Réunion du CA"], "the title is searched too");
    assert!(notes(&mut s, "vacances").is_empty());
}

#[test]
fn an_edit_reindexes_the_text_and_a_delete_hides_the_note() {
    let mut s = store_with_notes();
    let id = notes(&mut s, "courses")[0].id;
    let text = "- [x] lait\n- [ ] chicorée";
    let index = ItemIndex::Note(note_index("Courses".into(), text, 9));
    let saved = s.handle(StoreRequest::SaveItem { id: Some(id), collection: NOTES.into(), data: text.into(), index });
    assert_eq!(saved, StoreResponse::Saved { id });
    assert_eq!(titles(&notes(&mut s, "chicoree")), ["Courses"]);
    assert!(notes(&mut s, "equitable").is_empty(), "the old text is no longer found");
    let first = &notes(&mut s, "")[0];
    assert_eq!((first.title.as_str(), first.pending, first.modified), ("Courses", true, 9));

    assert_eq!(s.handle(StoreRequest::DeleteItem { id }), StoreResponse::Done);
    assert!(notes(&mut s, "chicoree").is_empty());
    assert_eq!(titles(&notes(&mut s, "")), ["Plan", "Réunion du CA"]);
}

#[test]
fn a_note_that_is_not_text_is_listed_but_its_bytes_are_not_searched() {
    let mut s = store_with_notes();
    let mut ancient = note(NOTES, "Ancien", "caf\u{fffd} latin", 5);
    ancient.index = NoteKind.unreadable_index("Ancien.txt");
    let batch = PullBatch::upserts(NOTES, vec![ancient], 0);
    assert!(matches!(s.handle(StoreRequest::ApplyPull(batch)), StoreResponse::Applied(_)));
    let list = notes(&mut s, "ancien");
    assert_eq!(titles(&list), ["Ancien"]);
    assert!(list[0].unreadable);
    assert!(notes(&mut s, "latin").is_empty());
}

#[test]
fn signing_out_forgets_every_note() {
    let mut s = store_with_notes();
    assert_eq!(s.handle(StoreRequest::DeleteAccount), StoreResponse::Done);
    assert!(notes(&mut s, "").is_empty());
    assert!(notes(&mut s, "reunion").is_empty());
}
