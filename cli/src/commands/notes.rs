//! `nubo notes list|search|show|add|edit|mv|tick|rm|categories|folder`.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use shared::document::{Block, Document, ListMarker, Span};
use shared::view::{NoteView, NotesView};
use shared::{Event, ViewModel};

use super::App;
use crate::args::NotesCommand;
use crate::print::say;

pub fn run(app: &App, view: &ViewModel, command: NotesCommand) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    match command {
        NotesCommand::List { category } => {
            let view = app.send(Event::SearchNotes { query: String::new() });
            if !app.json {
                print_list(&view.notes, category.as_deref());
            }
            app.finish(&view)
        }
        NotesCommand::Search { query } => {
            let view = app.send(Event::SearchNotes { query: query.join(" ") });
            if !app.json {
                print_list(&view.notes, None);
            }
            app.finish(&view)
        }
        NotesCommand::Show { id } => {
            let view = app.send(Event::OpenNote { id });
            match &view.note {
                Some(note) if !app.json => print_note(note),
                Some(_) => {}
                None => return no_note(id),
            }
            app.finish(&view)
        }
        NotesCommand::Add { title, category, text } => {
            let Some(text) = text_from(text, "") else { return ExitCode::FAILURE };
            let view = app.send(Event::SaveNote { id: None, category, title: title.unwrap_or_default(), text });
            if let (Some(note), false, None) = (&view.note, app.json, &view.error) {
                say!("{}", note.id);
            }
            app.finish(&view)
        }
        NotesCommand::Edit { id, text } => {
            let view = app.send(Event::OpenNote { id });
            let Some(note) = view.note else { return no_note(id) };
            let Some(text) = text_from(text, &note.text) else { return ExitCode::FAILURE };
            let view = app.send(Event::SaveNote { id: Some(id), category: None, title: String::new(), text });
            app.finish(&view)
        }
        NotesCommand::Tick { id, task } => {
            // Numbered from 1 on screen, from 0 in the document.
            let view = app.send(Event::ToggleNoteTask { id, task: task.saturating_sub(1) });
            app.finish(&view)
        }
        NotesCommand::Mv { id, title, category } => {
            let view = app.send(Event::MoveNote { id, title, category });
            app.finish(&view)
        }
        NotesCommand::Rm { id } => {
            let view = app.send(Event::DeleteNote { id });
            app.finish(&view)
        }
        NotesCommand::Categories => {
            if !app.json {
                print_categories(&view.notes);
            }
            app.finish(view)
        }
        NotesCommand::NewCategory { path } => {
            let view = app.send(Event::CreateNoteCategory { path });
            app.finish(&view)
        }
        NotesCommand::Folder { url } => {
            let view = app.send(Event::SetNotesFolder { url });
            app.finish(&view)
        }
    }
}

fn no_note(id: i64) -> ExitCode {
    eprintln!("nubo: no note {id}");
    ExitCode::FAILURE
}

/// The text given, else what is piped in, else what the member writes in
/// `$EDITOR` (starting from `current`). `None` when the editor failed.
fn text_from(given: Option<String>, current: &str) -> Option<String> {
    if let Some(text) = given {
        return Some(text);
    }
    if !std::io::stdin().is_terminal() {
        let mut text = String::new();
        return match std::io::stdin().read_to_string(&mut text) {
            Ok(_) => Some(text),
            Err(e) => {
                eprintln!("nubo: cannot read the note from the input: {e}");
                None
            }
        };
    }
    let editor = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR")).unwrap_or_else(|_| "vi".into());
    let file = std::env::temp_dir().join(format!("nubo-note-{}.md", std::process::id()));
    if let Err(e) = std::fs::write(&file, current) {
        eprintln!("nubo: cannot prepare the note for {editor}: {e}");
        return None;
    }
    // The editor command may carry its own arguments ("code --wait").
    let status =
        std::process::Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(&file).status();
    let text = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&file).ok(),
        _ => None,
    };
    let _ = std::fs::remove_file(&file);
    if text.is_none() {
        eprintln!("nubo: {editor} did not save the note; nothing changed");
    }
    text
}

fn print_list(notes: &NotesView, category: Option<&str>) {
    let wanted = category.map(|c| c.trim_matches('/').to_lowercase());
    let by_path = |row_category: &str| {
        let path = notes.categories.iter().find(|c| c.name == row_category).map(|c| c.path.to_lowercase());
        wanted.is_none() || path == wanted
    };
    for n in notes.notes.iter().filter(|n| by_path(&n.category)) {
        let marks = format!("{}{}", if n.pending { "*" } else { " " }, if n.conflict { "!" } else { " " });
        say!("{:>6} {marks} {}  [{}]  {}", n.id, n.title, n.category, n.modified);
        if !n.preview.is_empty() {
            let first = n.preview.lines().next().unwrap_or("");
            say!("         {first}");
        }
    }
}

fn print_categories(notes: &NotesView) {
    for c in &notes.categories {
        let path = if c.path.is_empty() { String::new() } else { format!("  ({})", c.path) };
        say!("{}{path}{}", c.name, if c.read_only { "  [read-only]" } else { "" });
    }
}

fn print_note(note: &NoteView) {
    say!("{}  [{}]  {}", note.title, note.category, note.modified);
    if let Some(reason) = &note.unreadable {
        say!("{reason}");
        return;
    }
    say!("");
    print_document(&note.document, "");
}

/// The document as a terminal shows it: headings underlined, tasks
/// numbered for `nubo notes tick`.
pub(crate) fn print_document(document: &Document, indent: &str) {
    for block in &document.blocks {
        match block {
            Block::Heading { level, spans } => {
                let text = spans_text(spans);
                say!("{indent}{text}");
                let rule = if *level == 1 { '=' } else { '-' };
                say!("{indent}{}", rule.to_string().repeat(text.chars().count()));
            }
            Block::Paragraph { spans } => say!("{indent}{}\n", spans_text(spans)),
            Block::ListItem { depth, marker, task, spans } => {
                let pad = "  ".repeat(usize::from(*depth));
                let bullet = match marker {
                    ListMarker::Bullet => "•".to_string(),
                    ListMarker::Number(n) => format!("{n}."),
                };
                let check = match task {
                    Some(t) => format!("[{}] ({}) ", if t.checked { "x" } else { " " }, t.index + 1),
                    None => String::new(),
                };
                say!("{indent}{pad}{bullet} {check}{}", spans_text(spans));
            }
            Block::Quote { blocks } => print_document(&Document { blocks: blocks.clone() }, &format!("{indent}> ")),
            Block::Code { text, .. } => {
                for line in text.lines() {
                    say!("{indent}    {line}");
                }
            }
            Block::Rule => say!("{indent}――――――――"),
        }
    }
}

fn spans_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(t) | Span::Code(t) => t.clone(),
            Span::Emphasis(inner) | Span::Strong(inner) => spans_text(inner),
            Span::Link { href, spans } => {
                let text = spans_text(spans);
                if text == *href {
                    text
                } else {
                    format!("{text} <{href}>")
                }
            }
            Span::LineBreak => "\n".into(),
        })
        .collect()
}
