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
