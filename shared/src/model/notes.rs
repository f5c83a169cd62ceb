//! Notes: the list or search the member looks at, the open note, offline
//! edits (new notes, text, ticked tasks, deletions) queued for the next
//! sync, and where the account's Notes folder is.

use crux_core::render::render;
use crux_core::Command;

use super::{Cmd, Ctx, Event, Model};
use crate::dav::client::{check_status, DavClient};
use crate::dav::url::{as_collection, resolve, same_origin};
use crate::document::markdown;
use crate::effects::store::{command as store, Collection, ItemIndex, NoteSummary};
use crate::effects::HttpRequest;
use crate::effects::NowRequest;
use crate::failure::{Failure, LocalError};
use crate::i18n::Text;
use crate::kinds::note::{moved_url, note_index, safe_title, unique_title};
use crate::kinds::{NoteIndex, NoteKind, StaticKind};

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::SearchNotes { query } => {
            model.notes_query = query;
            Command::all([reload(&model.notes_query), render()])
        }
        Event::NotesLoaded(Ok(list)) => {
            model.notes = list.notes;
            model.notes_pending = list.pending;
            render()
        }
        Event::NotesLoaded(Err(e)) => {
            model.error = Some(e.into());
            render()
        }
        Event::OpenNote { id } => open(id),
        Event::NoteLoaded(record) => {
            model.note = record;
            render()
        }
        Event::CloseNote => {
            model.note = None;
            render()
        }
        Event::SaveNote { id, category, title, text } => {
            let folders: Vec<Collection> = model.collections_of::<NoteKind>().cloned().collect();
            let new_title = Text::NewNoteTitle.in_locale(model.locale);
            // The note as the member opened it: what their text started from.
            let opened = model.note.as_ref().filter(|n| Some(n.id) == id).map(|n| n.data.clone());
            Command::new(|ctx| async move {
                let edit = NoteEdit { id, category, title, text, opened };
                let result = save(&ctx, edit, &folders, &new_title).await;
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        Event::ToggleNoteTask { id, task } => Command::new(move |ctx| async move {
            let result = toggle(&ctx, id, task).await;
            ctx.send_event(Event::LocalChangeDone(result));
        }),
        Event::DeleteNote { id } => {
            // The note as the member saw it when they chose to delete it.
            let seen = model.note.take_if(|n| n.id == id).map(|n| n.data);
            Command::new(move |ctx| async move {
                let result = match store::delete_seen(&ctx, id, seen).await {
                    Ok(true) => Ok(Text::NoteDeleted),
                    // Changed on another device since: it stays, shown as it is now.
                    Ok(false) => {
                        ctx.send_event(Event::NoteLoaded(store::get_item(&ctx, id).await.ok()));
                        Ok(Text::ChangedBeforeDelete)
                    }
                    Err(e) => Err(Failure::from(e)),
                };
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        Event::MoveNote { id, title, category } => {
            let folders: Vec<Collection> = model.collections_of::<NoteKind>().cloned().collect();
            Command::new(move |ctx| async move {
                let result = move_note(&ctx, id, title, category, &folders).await;
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        Event::CreateNoteCategory { path } => create_category(model, &path),
        Event::SetNotesFolder { url } => set_folder(model, &url),
        _ => Command::done(),
    }
}

fn open(id: i64) -> Cmd {
    Command::new(move |ctx| async move {
        ctx.send_event(Event::NoteLoaded(store::get_item(&ctx, id).await.ok()));
    })
}

/// Re-reads the open note (after a change or a sync).
pub fn reopen(model: &Model) -> Cmd {
    match &model.note {
        Some(note) => open(note.id),
        None => Command::done(),
    }
}

/// Re-reads the notes the member looks at (all, or the current search).
pub fn reload(query: &str) -> Cmd {
    let query = query.to_string();
    Command::new(|ctx| async move {
        ctx.send_event(Event::NotesLoaded(store::notes(&ctx, &query).await));
    })
}

struct NoteEdit {
    id: Option<i64>,
    category: Option<String>,
    title: String,
    text: String,
    opened: Option<String>,
}

/// Creates (`id: None`) or edits a note. A new note's file is named after
/// its title, made safe and unique in its category; an edit keeps its
/// file name (its title).
///
/// When a sync brought another version while the member edited, theirs is
/// kept beside it as a conflict, never written over it.
async fn save(ctx: &Ctx, edit: NoteEdit, folders: &[Collection], new_title: &str) -> Result<Text, Failure> {
    let now = ctx.request_from_shell(NowRequest).await.0;
    let (folder, title, started_from) = match edit.id {
        Some(id) => {
            let record = store::get_item(ctx, id).await?;
            let started_from = edit.opened.clone().unwrap_or_else(|| record.data.clone());
            let notes = store::notes(ctx, "").await?.notes;
            let current = notes.iter().find(|n| n.id == id);
            if current.is_some_and(|n| n.unreadable) {
                return Err(LocalError::Refused(Text::NoteUnreadable).into());
            }
            let title = current.map(|n| n.title.clone()).unwrap_or(record.uid);
            (folders.iter().find(|f| f.href == record.collection).cloned(), title, Some((id, started_from)))
        }
        None => {
            let folder = category_folder(folders, edit.category.as_deref())?;
            let title = safe_title(&edit.title)
                .or_else(|| markdown::title_from_first_line(&edit.text).and_then(|t| safe_title(&t)))
                .unwrap_or_else(|| new_title.to_string());
            let notes = store::notes(ctx, "").await?.notes;
            let taken: Vec<String> = notes
                .into_iter()
                .filter(|n| folder.as_ref().is_some_and(|f| f.href == n.collection))
                .map(|n| n.title)
                .collect();
            (folder, unique_title(&title, &taken), None)
        }
    };
    let folder = folder.filter(|f| !f.read_only).ok_or(LocalError::ReadOnly(NoteKind::KIND))?;
    let index = ItemIndex::Note(note_index(title, &edit.text, now));
    let (id, said) = match started_from {
        Some((id, from)) => {
            let edited = store::edit_item(ctx, id, folder.href, edit.text, index, from, now).await?;
            (id, edited.said(Text::NoteSaved))
        }
        None => (store::save_item(ctx, None, folder.href, edit.text, index).await?, Text::NoteSaved),
    };
    if let Ok(record) = store::get_item(ctx, id).await {
        ctx.send_event(Event::NoteLoaded(Some(record)));
    }
    Ok(said)
}

/// Renames a note or moves it to another category; the MOVE waits for
/// the next sync. The new name is made safe and unique in its folder.
async fn move_note(
    ctx: &Ctx,
    id: i64,
    title: Option<String>,
    category: Option<String>,
    folders: &[Collection],
) -> Result<Text, Failure> {
    let record = store::get_item(ctx, id).await?;
    let notes = store::notes(ctx, "").await?.notes;
    let Some(note) = notes.iter().find(|n| n.id == id).cloned() else { return Err(LocalError::NotFound.into()) };
    let folder = match category {
        Some(category) => category_folder(folders, Some(&category))?,
        None => folders.iter().find(|f| f.href == note.collection).cloned(),
    };
    let folder = folder.filter(|f| !f.read_only).ok_or(LocalError::ReadOnly(NoteKind::KIND))?;
    let wanted = match title {
        Some(title) => safe_title(&title).unwrap_or_else(|| note.title.clone()),
        None => note.title.clone(),
    };
    let taken: Vec<String> =
        notes.into_iter().filter(|n| n.collection == folder.href && n.id != id).map(|n| n.title).collect();
    let title = unique_title(&wanted, &taken);
    let href = record.href.as_deref().map(|current| moved_url(&folder.href, &title, current));
    // A move changes neither the text nor its date.
    let index = NoteIndex {
        title,
        preview: note.preview,
        modified: note.modified,
        unreadable: note.unreadable,
        too_large: note.too_large,
    };
    store::move_item(ctx, id, folder.href, href, ItemIndex::Note(index)).await?;
    if let Ok(record) = store::get_item(ctx, id).await {
        ctx.send_event(Event::NoteLoaded(Some(record)));
    }
    Ok(Text::NoteSaved)
}

/// The folder of a category: its path below the Notes folder ("" or none:
/// the Notes folder itself), matched as the member may type it.
fn category_folder(folders: &[Collection], category: Option<&str>) -> Result<Option<Collection>, Failure> {
    let wanted = category.unwrap_or("").trim().trim_matches('/');
    if folders.is_empty() {
        return Err(LocalError::Refused(Text::NoNotesFolder).into());
    }
    let found = folders
        .iter()
        .find(|f| f.display_name == wanted)
        .or_else(|| folders.iter().find(|f| f.display_name.to_lowercase() == wanted.to_lowercase()));
    match found {
        Some(folder) => Ok(Some(folder.clone())),
        None => Err(LocalError::Refused(Text::NoSuchCategory(wanted.to_string())).into()),
    }
}

/// Ticks or unticks a task in the stored text: the rest of the file is
/// left byte for byte.
async fn toggle(ctx: &Ctx, id: i64, task: usize) -> Result<Text, Failure> {
    let record = store::get_item(ctx, id).await?;
    let notes: Vec<NoteSummary> = store::notes(ctx, "").await?.notes;
    let Some(note) = notes.into_iter().find(|n| n.id == id) else { return Err(LocalError::NotFound.into()) };
    if note.unreadable {
        return Err(LocalError::Refused(Text::NoteUnreadable).into());
    }
    let Some(text) = markdown::toggle_task(&record.data, task) else { return Err(LocalError::NotFound.into()) };
    let now = ctx.request_from_shell(NowRequest).await.0;
    let index = ItemIndex::Note(note_index(note.title, &text, now));
    let said = store::edit_item(ctx, id, record.collection, text, index, record.data, now).await?.said(Text::NoteSaved);
    if let Ok(record) = store::get_item(ctx, id).await {
        ctx.send_event(Event::NoteLoaded(Some(record)));
    }
    Ok(said)
}

/// Makes a category's folders on the server (each missing level, inside
/// the Notes folder only), then lists the folders again.
fn create_category(model: &mut Model, path: &str) -> Cmd {
    let (Some(account), Some(credentials)) = (model.account.clone(), model.credentials.clone()) else {
        model.refusal = Some(Text::NotSignedIn);
        return render();
    };
    let Some(home) = account.notes_folder.clone() else {
        model.refusal = Some(Text::NoNotesFolder);
        return render();
    };
    let levels: Vec<String> = path.split('/').filter_map(safe_title).collect();
    if levels.is_empty() {
        model.refusal = Some(Text::NoSuchCategory(path.to_string()));
        return render();
    }
    Command::new(|ctx| async move {
        let client = DavClient::for_account(credentials, &account);
        let result = make_folders(&ctx, &client, &home, &levels).await;
        if result.is_ok() {
            if let Ok(folders) =
                crate::sync::collections::list(&ctx, &client, &home, NoteKind::KIND, &mut Default::default()).await
            {
                let _ = store::save_collections(&ctx, NoteKind::KIND, folders).await;
            }
            ctx.send_event(Event::CollectionsLoaded(store::list_collections(&ctx).await));
        }
        ctx.send_event(Event::LocalChangeDone(result.map(|()| Text::CategoryCreated(levels.join("/")))));
    })
}

async fn make_folders(ctx: &Ctx, client: &DavClient, home: &str, levels: &[String]) -> Result<(), Failure> {
    let mut folder = as_collection(home);
    for level in levels {
        let name: String = percent_encoding::utf8_percent_encode(level, percent_encoding::NON_ALPHANUMERIC).collect();
        folder = format!("{folder}{name}/");
        let (response, _) = client.send(ctx, HttpRequest::new("MKCOL", &folder)).await?;
        // 405: the folder is already there.
        if !matches!(response.status, 201 | 405) {
            check_status(response)?;
        }
    }
    Ok(())
}

/// The member names the Notes folder (any WebDAV folder on the account's
/// server); the next sync lists it.
fn set_folder(model: &mut Model, url: &str) -> Cmd {
    let Some(account) = model.account.clone() else {
        model.refusal = Some(Text::NotSignedIn);
        return render();
    };
    let Some(folder) = resolve(&account.server_url, url.trim()).map(|u| as_collection(&u)) else {
        model.refusal = Some(Text::NotesFolderElsewhere);
        return render();
    };
    if !same_origin(&folder, &account.server_url) {
        model.refusal = Some(Text::NotesFolderElsewhere);
        return render();
    }
    let account = crate::effects::store::Account { notes_folder: Some(folder), ..account };
    model.account = Some(account.clone());
    Command::new(|ctx| async move {
        let result = store::save_account(&ctx, account).await.map(|()| Text::NotesFolderSaved).map_err(Failure::from);
        ctx.send_event(Event::LocalChangeDone(result));
    })
}

#[cfg(test)]
mod tests {
    use crate::effects::store::{Collection, ItemRecord, NoteList, NoteSummary};
    use crate::kinds::{NoteKind, StaticKind};
    use crate::model::test_support::*;

    const NOTES: &str = "https://dav.test/files/alice/Notes/";
    const WORK: &str = "https://dav.test/files/alice/Notes/Travail/";

    fn folder(href: &str, name: &str) -> Collection {
        Collection::new(NoteKind::KIND, href, name)
    }

    fn summary(id: i64, folder: &str, title: &str) -> NoteSummary {
        NoteSummary {
            id,
            collection: folder.into(),
            title: title.into(),
            preview: String::new(),
            modified: 0,
            pending: false,
            has_conflict: false,
            unreadable: false,
            too_large: None,
        }
    }

    fn notes_model() -> Model {
        let mut model = signed_in_model("fr-BE");
        model.collections = vec![folder(NOTES, ""), folder(WORK, "Travail")];
        model
    }

    #[test]
    fn a_new_note_is_named_safely_and_apart_from_its_category_s_others() {
        let mut d = Driver::new(notes_model());
        d.send(Event::SaveNote {
            id: None,
            category: Some("travail".into()),
            title: "Idées: café?".into(),
            text: "# Idées\n".into(),
        });
        d.answer_time();
        let mut list = d.store();
        assert_eq!(list.operation, StoreRequest::ListNotes { query: String::new() });
        // "idées café" is taken in Travail (whatever its case), not elsewhere.
        let notes = vec![summary(1, WORK, "idées café"), summary(2, NOTES, "Idées café (2)")];
        list.resolve(StoreResponse::Notes(NoteList { notes, pending: 0 })).unwrap();
        let mut save = d.store();
        let StoreRequest::SaveItem { id: None, collection, data, index: ItemIndex::Note(index) } = &save.operation
        else {
            panic!("{:?}", save.operation)
        };
        assert_eq!((collection.as_str(), data.as_str(), index.title.as_str()), (WORK, "# Idées\n", "Idées café (2)"));
        save.resolve(StoreResponse::Saved { id: 3 }).unwrap();
        d.store().resolve(StoreResponse::Item(None)).unwrap();
        // Then the lists are read again; the notice says it waits for a sync.
        answer_reads_after_a_change(&mut d);
        assert_eq!(
            d.view().notice.as_deref(),
            Some("Note enregistrée\u{202f}; elle sera envoyée à la prochaine synchronisation.")
        );
    }

    #[test]
    fn a_note_for_a_category_that_does_not_exist_is_refused_and_nothing_is_written() {
        let mut d = Driver::new(notes_model());
        d.send(Event::SaveNote {
            id: None,
            category: Some("Vacances".into()),
            title: "Valise".into(),
            text: "x".into(),
        });
        d.answer_time();
        // Only the reads after a change: nothing is written.
        answer_reads_after_a_change(&mut d);
        assert_eq!(
            d.view().error.as_deref(),
            Some("La catégorie «\u{202f}Vacances\u{202f}» n’existe pas sur le serveur.")
        );
    }

    #[test]
    fn ticking_a_task_changes_only_its_box_in_the_stored_text() {
        let mut d = Driver::new(notes_model());
        d.send(Event::ToggleNoteTask { id: 7, task: 1 });
        let text = "# Courses\r\n\r\n- [ ] lait\r\n- [ ] pain *complet*\r\n";
        d.store()
            .resolve(StoreResponse::Item(Some(ItemRecord {
                id: 7,
                collection: NOTES.into(),
                href: Some(format!("{NOTES}Courses.md")),
                etag: Some("\"1\"".into()),
                uid: "Courses".into(),
                data: text.into(),
                pending: false,
            })))
            .unwrap();
        d.store()
            .resolve(StoreResponse::Notes(NoteList { notes: vec![summary(7, NOTES, "Courses")], pending: 0 }))
            .unwrap();
        d.answer_time();
        let save = d.store();
        let StoreRequest::EditItem { id: 7, data, started_from, .. } = &save.operation else {
            panic!("{:?}", save.operation)
        };
        assert_eq!(started_from, text, "the tick applies to the text it was made on");
        assert_eq!(data, "# Courses\r\n\r\n- [ ] lait\r\n- [x] pain *complet*\r\n");
    }

    #[test]
    fn a_notes_folder_on_another_server_is_refused() {
        let mut d = Driver::new(notes_model());
        d.send(Event::SetNotesFolder { url: "https://elsewhere.test/files/alice/Notes/".into() });
        d.settle();
        assert_eq!(
            d.view().error.as_deref(),
            Some("Le dossier de notes doit se trouver sur le serveur de votre compte.")
        );
        d.send(Event::SetNotesFolder { url: "/files/alice/Mes notes".into() });
        let save = d.store();
        let StoreRequest::SaveAccount(account) = &save.operation else { panic!("{:?}", save.operation) };
        assert_eq!(account.notes_folder.as_deref(), Some(&*format!("{SERVER}/files/alice/Mes%20notes/")));
    }
}
