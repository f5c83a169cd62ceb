//! `nubo sync`.

use std::process::ExitCode;

use shared::{Event, ViewModel};

use super::App;
use crate::print::say;

pub fn run(app: &App, view: &ViewModel) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    let view = app.send(Event::Sync);
    if app.progress {
        eprintln!();
    }
    if app.json {
        app.print_json(&view);
    } else {
        say!("{}", view.sync.status);
        if !view.conflicts.is_empty() {
            for c in &view.conflicts {
                say!("! {}", c.message);
            }
        }
    }
    if view.sync.failed {
        eprintln!("nubo: {}", view.sync.status);
        app.detail(view.sync.detail.as_ref());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
