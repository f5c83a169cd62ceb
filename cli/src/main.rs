//! `nubo`: the terminal shell of the Nubo companion. It renders the core's
//! view model as text; all logic is in the core and the runtime.

mod args;
mod commands;
mod print;
mod secrets;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use clap::Parser;
use nubo_runtime::{Runtime, RuntimeConfig, Shell, ShellEffect};
use shared::effects::NotifyRequest;
use shared::Event;

use args::{Cli, Command};
use commands::App;
use print::draw_progress;

/// The data folder, readable by the member alone: it holds their address
/// book, agenda and password file. An existing folder is tightened too.
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    if let Err(e) = private_dir(&data_dir) {
        eprintln!("nubo: cannot create {}: {e}", data_dir.display());
        return ExitCode::FAILURE;
    }
    let progress = !cli.json && std::io::stderr().is_terminal();
    let shell =
        Arc::new(TerminalShell { runtime: OnceLock::new(), secrets: secrets::SecretFile::new(&data_dir), progress });
    let config = RuntimeConfig {
        database: Some(data_dir.join("nubo.sqlite3")),
        http_timeout: Duration::from_secs(cli.timeout),
        platform_dns: false,
    };
    let runtime = match Runtime::new(config, shell.clone()) {
        Ok(r) => Arc::new(r),
        Err(e) => {
            eprintln!("nubo: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = shell.runtime.set(Arc::downgrade(&runtime));
    // Generous: a first sync of a large address book takes a while.
    let app = App {
        runtime,
        json: cli.json,
        verbose: cli.verbose,
        wait: Duration::from_secs(cli.timeout.max(1) * 20),
        progress,
    };
    let locale = cli.lang.clone().unwrap_or_else(system_locale);
    let time_zone = cli.tz.clone().or_else(system_zone);
    let screens = cli.command.screens_read_at_start();
    let view = app.send(Event::Start { locale, time_zone, screens });

    let code = match cli.command {
        Command::Account(command) => commands::account::run(&app, &view, command),
        Command::Sync => commands::sync::run(&app, &view),
        Command::Contacts(command) => commands::contacts::run(&app, &view, command),
        Command::Calendars => commands::calendars::run(&app, &view),
        Command::Agenda(args) => commands::agenda::run(&app, &view, args),
        Command::Event(command) => commands::event::run(&app, &view, command),
        Command::Conflicts(command) => commands::conflicts::run(&app, &view, command),
        Command::Notes(command) => commands::notes::run(&app, &view, command),
        Command::News(args) => commands::news::run(&app, &view, args),
    };
    app.runtime.close();
    code
}

/// Renders progress and answers secret requests.
struct TerminalShell {
    runtime: OnceLock<Weak<Runtime>>,
    secrets: secrets::SecretFile,
    progress: bool,
}

impl Shell for TerminalShell {
    fn effect(&self, effect: ShellEffect) {
        let Some(runtime) = self.runtime.get().and_then(Weak::upgrade) else { return };
        match effect {
            ShellEffect::Render(_) => {
                if self.progress {
                    let view = runtime.view();
                    if view.sync.running {
                        draw_progress(&view);
                    }
                }
            }
            ShellEffect::Secret(request) => {
                let output = self.secrets.handle(request.operation.clone());
                // Resolved off the routing thread, as the router expects.
                std::thread::spawn(move || runtime.resolve_secret(request, output));
            }
            ShellEffect::Notify(request) => {
                // A terminal cannot schedule: an announcement is shown now,
                // and of the reminders' complete set only what is due now.
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                match &request.operation {
                    NotifyRequest::Show(n) => eprintln!("🔔 {}: {}", n.title, n.body),
                    NotifyRequest::Reminders(set) => {
                        for r in set.iter().filter(|r| r.at <= now) {
                            eprintln!("🔔 {}: {}", r.title, r.body);
                        }
                    }
                }
                std::thread::spawn(move || runtime.resolve_notify(request));
            }
            // The terminal reads the system's resolver configuration itself.
            ShellEffect::Dns(_) => unreachable!("asked only with RuntimeConfig::platform_dns"),
        }
    }
}

fn default_data_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("nubo")
}

/// TZ, then the system's zone file; `None` lets the core use Brussels.
fn system_zone() -> Option<String> {
    if let Some(tz) = std::env::var("TZ").ok().map(|t| t.trim_start_matches(':').to_string()).filter(|t| !t.is_empty())
    {
        return Some(tz);
    }
    if let Ok(zone) = std::fs::read_to_string("/etc/timezone") {
        return Some(zone.trim().to_string());
    }
    std::fs::read_link("/etc/localtime")
        .ok()
        .and_then(|p| p.to_str().and_then(|p| p.split_once("zoneinfo/").map(|(_, z)| z.to_string())))
}

fn system_locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "en".into())
}
