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
    Collection::new(NoteKind::KIND, href, name)
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
        StoreResponse::Notes(n) => n.notes,
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

/// The count of notes waiting to be sent, as a list or a search answers.
fn pending(s: &mut Store, query: &str) -> usize {
    match s.handle(StoreRequest::ListNotes { query: query.into() }) {
        StoreResponse::Notes(n) => n.pending,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_notes_waiting_are_counted_whatever_a_search_lists() {
    let mut s = store_with_notes();
    assert_eq!(pending(&mut s, ""), 0);
    // One deleted (never listed again), one renamed (only a move waits).
    let courses = notes(&mut s, "courses")[0].id;
    assert_eq!(s.handle(StoreRequest::DeleteItem { id: courses }), StoreResponse::Done);
    let plan = notes(&mut s, "plan")[0].id;
    move_to(&mut s, plan, WORK, "Plan de la fête");
    assert_eq!(pending(&mut s, ""), 2);
    assert_eq!(pending(&mut s, "reunion"), 2, "a search that lists neither");
    let done = MoveOutcome::Moved { item_id: plan, etag: Some("\"m1\"".into()), server_changed: false };
    assert_eq!(s.handle(StoreRequest::MoveDone(done)), StoreResponse::Done);
    assert_eq!(pending(&mut s, "reunion"), 1, "the move sent");
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

fn moves(s: &mut Store) -> Vec<PendingMove> {
    match s.handle(StoreRequest::PendingMoves { kind: NoteKind::KIND }) {
        StoreResponse::Moves(m) => m,
        other => panic!("{other:?}"),
    }
}

fn item(s: &mut Store, id: i64) -> ItemRecord {
    match s.handle(StoreRequest::GetItem { id }) {
        StoreResponse::Item(Some(item)) => item,
        other => panic!("{other:?}"),
    }
}

fn move_to(s: &mut Store, id: i64, folder: &str, title: &str) {
    let href = format!("{folder}{}.md", title.replace(' ', "%20"));
    let index = ItemIndex::Note(note_index(title.into(), "", 3));
    let moved = s.handle(StoreRequest::MoveItem { id, collection: folder.into(), href: Some(href), index });
    assert_eq!(moved, StoreResponse::Done);
}

#[test]
fn a_move_shows_at_once_and_waits_where_the_server_has_the_file() {
    let mut s = store_with_notes();
    let id = notes(&mut s, "courses")[0].id;
    move_to(&mut s, id, WORK, "Courses du samedi");
    let listed = notes(&mut s, "samedi");
    assert_eq!((listed[0].collection.as_str(), listed[0].pending), (WORK, true), "in its new folder, waiting");
    // Until the MOVE, the row stays at the server's place: the old folder's
    // listing still matches it, nothing is fetched twice.
    let etags = match s.handle(StoreRequest::LocalEtags { collection: NOTES.into() }) {
        StoreResponse::Etags(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(etags.len(), 1);
    assert_eq!(etags[0].href, format!("{NOTES}Courses.md"));
    let pending = moves(&mut s);
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].from.as_str(), pending[0].to.as_str()),
        (&*format!("{NOTES}Courses.md"), &*format!("{WORK}Courses%20du%20samedi.md"))
    );

    let done = MoveOutcome::Moved { item_id: id, etag: Some("\"m1\"".into()), server_changed: false };
    assert_eq!(s.handle(StoreRequest::MoveDone(done)), StoreResponse::Done);
    let moved = item(&mut s, id);
    assert_eq!(
        (moved.collection.as_str(), moved.href.as_deref(), moved.etag.as_deref(), moved.pending),
        (WORK, Some(&*format!("{WORK}Courses%20du%20samedi.md")), Some("\"m1\""), false)
    );
    assert!(moves(&mut s).is_empty());
}

#[test]
fn a_move_that_carried_the_servers_newer_text_lets_the_next_pull_bring_it() {
    let mut s = store_with_notes();
    let id = notes(&mut s, "courses")[0].id;
    move_to(&mut s, id, NOTES, "Courses du samedi");
    let done = MoveOutcome::Moved { item_id: id, etag: None, server_changed: true };
    assert_eq!(s.handle(StoreRequest::MoveDone(done)), StoreResponse::Done);
    assert_eq!(item(&mut s, id).etag, None, "unknown: the next listing differs and the text is fetched");
}

#[test]
fn a_move_of_a_file_the_server_lost_creates_it_at_its_new_place() {
    let mut s = store_with_notes();
    let id = notes(&mut s, "courses")[0].id;
    move_to(&mut s, id, WORK, "Courses du samedi");
    assert_eq!(s.handle(StoreRequest::MoveDone(MoveOutcome::SourceGone { item_id: id })), StoreResponse::Done);
    let created = item(&mut s, id);
    assert_eq!((created.collection.as_str(), created.href, created.pending), (WORK, None, true));
    assert_eq!(created.uid, "Courses du samedi", "created under its new name");
}
