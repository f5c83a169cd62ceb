//! `nubo account add|show|remove`.

use std::process::ExitCode;

use std::time::{Duration, Instant};

use shared::i18n::{Locale, Text};
use shared::model::session::{MAX_POLLS, POLL_EVERY_MS};
use shared::{Event, ViewModel};

use super::App;
use crate::args::AccountCommand;
use crate::print::say;

/// Prints the server's page as soon as the server opened it, then waits
/// for the member to allow the app there (or for the flow to end).
fn sign_in_with_browser(app: &App, event: Event) -> ViewModel {
    app.runtime.update(event);
    let deadline = Instant::now() + app.wait;
    loop {
        let view = app.runtime.view();
        if let Some(page) = &view.sign_in_page {
            let open = Text::OpenSignInPage(page.clone()).in_locale(Locale::from_tag(&view.locale));
            // With --json, stdout is the view's alone.
            if app.json {
                eprintln!("{open}");
            } else {
                say!("{open}");
            }
            break;
        }
        if !view.signing_in || Instant::now() > deadline {
            return app.send_nothing();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // As long as the server lets the member take to approve, and a little more.
    let approval = Duration::from_millis(POLL_EVERY_MS * u64::from(MAX_POLLS)) + app.wait;
    app.runtime.wait_idle(approval);
    app.send_nothing()
}

pub fn run(app: &App, view: &ViewModel, command: AccountCommand) -> ExitCode {
    match command {
        AccountCommand::Add { email, password, browser, server, accept_host, user } => {
            let view = if browser {
                sign_in_with_browser(app, Event::SignInWithBrowser { email, server_url: server, accept_host })
            } else {
                let password = password.unwrap_or_default();
                app.send(Event::SignIn { email, password, server_url: server, accept_host, username: user })
            };
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
