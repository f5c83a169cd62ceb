//! `nubo account add|show|remove`.

use std::process::ExitCode;

use shared::{Event, ViewModel};

use super::App;
use crate::args::AccountCommand;
use crate::print::say;

pub fn run(app: &App, view: &ViewModel, command: AccountCommand) -> ExitCode {
    match command {
        AccountCommand::Add { email, password, server, accept_host, user } => {
            let view = app.send(Event::SignIn { email, password, server_url: server, accept_host, username: user });
            if app.progress {
                eprintln!();
            }
            if let Some(error) = &view.sign_in_error {
                if app.json {
                    app.print_json(&view);
                }
                eprintln!("nubo: {error}");
                app.detail(view.error_detail.as_ref());
                if let Some(host) = &view.host_to_accept {
                    // The terminal's "trust this server" button.
                    eprintln!("nubo: to trust it, run the same command with --accept-host {host}");
                }
                return ExitCode::FAILURE;
            }
            if !app.json {
                say!("{}", view.account_email.clone().unwrap_or_default());
                for b in &view.address_books {
                    say!("  {}{}", b.name, if b.read_only { " (read-only)" } else { "" });
                }
                say!("{}", view.sync.status);
            }
            if view.sync.failed {
                return app.finish(&ViewModel { error: Some(view.sync.status.clone()), ..view });
            }
            app.finish(&view)
        }
        AccountCommand::Show => {
            if let Err(code) = app.require_account(view) {
                return code;
            }
            if !app.json {
                say!("{}", view.account_email.clone().unwrap_or_default());
                for b in &view.address_books {
                    say!("  {}{}  {}", b.name, if b.read_only { " (read-only)" } else { "" }, b.href);
                }
            }
            app.finish(view)
        }
        AccountCommand::Remove => {
            let view = app.send(Event::SignOut);
            app.finish(&view)
        }
    }
}
