//! `nubo conflicts list|resolve`.

use std::process::ExitCode;

use shared::app::Resolution;
use shared::{Event, ViewModel};

use super::App;
use crate::args::ConflictsCommand;
use crate::print::say;

pub fn run(app: &App, view: &ViewModel, command: ConflictsCommand) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    match command {
        ConflictsCommand::List => {
            if !app.json {
                for c in &view.conflicts {
                    say!("{:>6}  #{}  {}", c.id, c.contact_id, c.message);
                    side_by_side(app, c);
                }
            }
            app.finish(view)
        }
        ConflictsCommand::Resolve { id, choice } => {
            let resolution = match choice.as_str() {
                "mine" => Resolution::KeepMine,
                "server" | "theirs" => Resolution::KeepServer,
                "both" => Resolution::KeepBoth,
                other => {
                    eprintln!("nubo: choose mine, server or both (not {other})");
                    return ExitCode::from(2);
                }
            };
            let view = app.send(Event::ResolveConflict { conflict_id: id, resolution });
            app.finish(&view)
        }
    }
}

/// The member's kept version beside the server's, line by line: what
/// "mine", "server" and "both" would keep.
fn side_by_side(app: &App, conflict: &shared::view::ConflictView) {
    let (mine, server): (Vec<String>, Vec<String>) = match conflict.kind.as_str() {
        "note" => {
            let view = app.send(Event::OpenNote { id: conflict.contact_id });
            let server = view.note.map(|n| n.text).unwrap_or_default();
            let mine = conflict.mine_text.clone().unwrap_or_default();
            (mine.lines().map(str::to_string).collect(), server.lines().map(str::to_string).collect())
        }
        "contact" => {
            let view = app.send(Event::OpenContact { id: conflict.contact_id });
            let server = view.selected.map(|c| c.fields).unwrap_or_default();
            (contact_lines(&conflict.mine), contact_lines(&server))
        }
        _ => return,
    };
    let width = mine.iter().map(|l| l.chars().count()).max().unwrap_or(0).clamp(12, 40);
    say!("          {:<width$}  │ {}", "mine", "server");
    for i in 0..mine.len().max(server.len()).min(12) {
        let left: String = mine.get(i).map(String::as_str).unwrap_or("").chars().take(width).collect();
        let right = server.get(i).map(String::as_str).unwrap_or("");
        let mark = if mine.get(i) == server.get(i) { ' ' } else { '≠' };
        say!("        {mark} {left:<width$}  │ {right}");
    }
}

fn contact_lines(f: &shared::contacts::vcard::ContactFields) -> Vec<String> {
    let mut lines = vec![f.full_name.clone()];
    lines.extend(f.emails.iter().map(|e| e.value.clone()));
    lines.extend(f.phones.iter().map(|p| p.value.clone()));
    for value in [&f.org, &f.title, &f.note, &f.birthday] {
        if !value.is_empty() {
            lines.push(value.clone());
        }
    }
    lines
}
