//! `nubo calendars`.

use std::process::ExitCode;

use shared::ViewModel;

use super::App;
use crate::print::say;

pub fn run(app: &App, view: &ViewModel) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    if !app.json {
        for c in &view.calendars {
            say!(
                "{}  {}{}",
                c.color.as_deref().unwrap_or("       "),
                c.name,
                if c.read_only { " (read-only)" } else { "" }
            );
        }
    }
    app.finish(view)
}
