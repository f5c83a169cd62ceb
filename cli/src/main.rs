//! `nubo`: the terminal shell of the Nubo companion. It renders the core's
//! view model as text; all logic is in the core and the runtime.

mod secrets;

/// `println!` that ends quietly when the reader went away (`nubo … | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use nubo_runtime::{Runtime, RuntimeConfig, Shell, ShellEffect};
use shared::agenda::edit::EventFields;
use shared::agenda::view::{AgendaRange, AgendaSpan};
use shared::app::{ContactView, EventView, Resolution};
use shared::contacts::vcard::{ContactFields, Labeled};
use shared::{Event, ViewModel};

#[derive(Parser)]
#[command(name = "nubo", about = "Your Nubo agenda, contacts and notes, offline.", args_override_self = true)]
struct Cli {
    /// Where the local store and the secret file live.
    #[arg(long, env = "NUBO_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// fr, nl or en; defaults to the system locale.
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Print the view model as JSON (for scripts and tests).
    #[arg(long, global = true)]
    json: bool,
    /// IANA time zone for the agenda ("Europe/Brussels"); defaults to TZ,
    /// then the system's.
    #[arg(long, global = true)]
    tz: Option<String>,
    /// Seconds to wait for one server answer.
    #[arg(long, global = true, default_value_t = 30)]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign in, or sign out.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Send local changes and receive the server's.
    Sync,
    /// Address book.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Contacts changed both here and on the server.
    #[command(subcommand)]
    Conflicts(ConflictsCommand),
    /// The account's calendars.
    Calendars,
    /// Your agenda: the next 30 days, or a day, week, month or range.
    Agenda(AgendaArgs),
    /// One event: show, add, edit, delete (a whole series or one occurrence).
    #[command(subcommand)]
    Event(EventCommand),
}

#[derive(Args)]
struct AgendaArgs {
    /// First day (YYYY-MM-DD); with --to, a range of days.
    #[arg(long)]
    from: Option<String>,
    /// Last day shown (YYYY-MM-DD), included.
    #[arg(long)]
    to: Option<String>,
    /// The day of --from (or today).
    #[arg(long, conflicts_with_all = ["week", "month", "to"])]
    day: bool,
    /// The week (Monday to Sunday) of --from (or today).
    #[arg(long, conflicts_with_all = ["day", "month", "to"])]
    week: bool,
    /// The month of --from (or today).
    #[arg(long, conflicts_with_all = ["day", "week", "to"])]
    month: bool,
}

#[derive(Subcommand)]
enum EventCommand {
    Show {
        id: i64,
        /// One occurrence of a series, as `nubo agenda` lists it (after @).
        #[arg(long)]
        occurrence: Option<String>,
    },
    Add {
        /// Calendar name (or URL); defaults to the first you may edit.
        #[arg(long)]
        calendar: Option<String>,
        #[command(flatten)]
        fields: EventArgs,
    },
    /// Change an event, a whole series, or with --occurrence only that one.
    Edit {
        id: i64,
        #[arg(long)]
        occurrence: Option<String>,
        #[command(flatten)]
        fields: EventArgs,
    },
    /// Delete an event or a whole series, or with --occurrence cancel only that one.
    Rm {
        id: i64,
        #[arg(long)]
        occurrence: Option<String>,
    },
}

#[derive(Args, Default)]
struct EventArgs {
    #[arg(long)]
    summary: Option<String>,
    /// "2027-05-08T10:00", or "2027-05-08" for all day; in your time zone.
    #[arg(long)]
    start: Option<String>,
    /// "2027-05-08T12:00"; for all day, the last day.
    #[arg(long)]
    end: Option<String>,
    #[arg(long)]
    location: Option<String>,
    #[arg(long)]
    description: Option<String>,
}

impl EventArgs {
    fn apply(&self, fields: &mut EventFields) {
        let set = |target: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *target = v.clone();
            }
        };
        set(&mut fields.summary, &self.summary);
        set(&mut fields.start, &self.start);
        set(&mut fields.end, &self.end);
        set(&mut fields.location, &self.location);
        set(&mut fields.description, &self.description);
    }
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Find the servers from the address (RFC 6764) and sign in.
    Add {
        #[arg(long)]
        email: String,
        /// Prefer the NUBO_PASSWORD environment variable: arguments show in `ps`.
        #[arg(long, env = "NUBO_PASSWORD", hide_env_values = true)]
        password: String,
        /// Server URL when discovery from the address is not possible.
        #[arg(long)]
        server: Option<String>,
        /// Another host discovery leads to, accepted once the error named it.
        #[arg(long)]
        accept_host: Option<String>,
    },
    Show,
    /// Sign out and forget every local copy.
    Remove,
}

#[derive(Subcommand)]
enum ContactsCommand {
    List,
    Search {
        query: Vec<String>,
    },
    Show {
        id: i64,
    },
    Add(ContactArgs),
    Edit {
        id: i64,
        #[command(flatten)]
        fields: ContactArgs,
    },
    Rm {
        id: i64,
    },
}

#[derive(Args, Default)]
struct ContactArgs {
    /// Full name as shown.
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    given: Option<String>,
    #[arg(long)]
    family: Option<String>,
    /// E-mail as `value` or `label:value`; repeat for several (replaces the list).
    #[arg(long)]
    email: Vec<String>,
    /// Phone as `value` or `label:value`; repeat for several (replaces the list).
    #[arg(long)]
    phone: Vec<String>,
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
enum ConflictsCommand {
    List,
    Resolve {
        id: i64,
        /// mine, server or both
        choice: String,
    },
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
                // A terminal cannot schedule: only what is due now is shown.
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                if request.operation.at.is_none_or(|at| at <= now) {
                    eprintln!("🔔 {}: {}", request.operation.title, request.operation.body);
                }
                std::thread::spawn(move || runtime.resolve_notify(request));
            }
        }
    }
}

fn draw_progress(view: &ViewModel) {
    let width = 30;
    let bar = match view.sync.progress {
        Some(p) => {
            let filled = ((p.clamp(0.0, 1.0)) * width as f32) as usize;
            format!("[{}{}] {:>3}%", "#".repeat(filled), "-".repeat(width - filled), (p * 100.0) as u32)
        }
        None => format!("[{}]     ", "~".repeat(width)),
    };
    let mut err = std::io::stderr();
    let _ = write!(err, "\r\x1b[2K{bar} {}", view.sync.status);
    let _ = err.flush();
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

fn parse_labeled(items: &[String]) -> Vec<Labeled> {
    items
        .iter()
        .map(|item| match item.split_once(':') {
            // "label:value", but not "tel:+32…" URIs or bare values with ':'.
            Some((label, value))
                if !label.is_empty()
                    && label.chars().all(|c| c.is_ascii_alphabetic())
                    && label != "tel"
                    && label != "mailto" =>
            {
                Labeled { label: label.to_ascii_lowercase(), value: value.trim().to_string() }
            }
            _ => Labeled { label: String::new(), value: item.trim().to_string() },
        })
        .collect()
}

impl ContactArgs {
    fn apply(&self, fields: &mut ContactFields) {
        if let Some(v) = &self.name {
            fields.full_name = v.clone();
        }
        if let Some(v) = &self.given {
            fields.given_name = v.clone();
        }
        if let Some(v) = &self.family {
            fields.family_name = v.clone();
        }
        if !self.email.is_empty() {
            fields.emails = parse_labeled(&self.email);
        }
        if !self.phone.is_empty() {
            fields.phones = parse_labeled(&self.phone);
        }
        if let Some(v) = &self.org {
            fields.org = v.clone();
        }
        if let Some(v) = &self.title {
            fields.title = v.clone();
        }
        if let Some(v) = &self.note {
            fields.note = v.clone();
        }
    }
}

struct App {
    runtime: Arc<Runtime>,
    json: bool,
    wait: Duration,
}

impl App {
    fn send(&self, event: Event) -> ViewModel {
        self.runtime.update(event);
        if !self.runtime.wait_idle(self.wait) {
            eprintln!(
                "nubo: still waiting for the server after {} s; giving up (nothing is lost)",
                self.wait.as_secs()
            );
        }
        self.runtime.view()
    }

    fn print_json(&self, view: &ViewModel) {
        say!("{}", serde_json::to_string_pretty(view).unwrap_or_default());
    }

    fn finish(&self, view: &ViewModel) -> ExitCode {
        if self.json {
            self.print_json(view);
        }
        if let Some(error) = &view.error {
            eprintln!("nubo: {error}");
            return ExitCode::FAILURE;
        }
        if let Some(notice) = &view.notice {
            if !self.json {
                say!("{notice}");
            }
        }
        ExitCode::SUCCESS
    }

    fn require_account(&self, view: &ViewModel) -> Result<(), ExitCode> {
        if view.signed_in {
            Ok(())
        } else {
            eprintln!(
                "nubo: {}",
                shared::i18n::Text::NotSignedIn.in_locale(shared::i18n::Locale::from_tag(&view.locale))
            );
            Err(ExitCode::from(2))
        }
    }
}

fn print_contacts(view: &ViewModel) {
    for c in &view.contacts {
        let marks = format!("{}{}", if c.pending { "*" } else { " " }, if c.conflict { "!" } else { " " });
        say!("{:>6} {marks} {}  {}", c.id, c.name, c.detail);
    }
}

fn print_contact(c: &ContactView) {
    let f = &c.fields;
    say!("{}", f.full_name);
    let rows: [(&str, &str); 5] = [
        ("given", &f.given_name),
        ("family", &f.family_name),
        ("org", &f.org),
        ("title", &f.title),
        ("birthday", &f.birthday),
    ];
    for (label, value) in rows {
        if !value.is_empty() {
            say!("  {label:<9} {value}");
        }
    }
    for e in &f.emails {
        say!("  email     {}{}", e.value, if e.label.is_empty() { String::new() } else { format!(" ({})", e.label) });
    }
    for p in &f.phones {
        say!("  phone     {}{}", p.value, if p.label.is_empty() { String::new() } else { format!(" ({})", p.label) });
    }
    for a in &f.addresses {
        say!("  address   {}", a.value);
    }
    if !f.note.is_empty() {
        say!("  note      {}", f.note.replace('\n', "\n            "));
    }
    if c.pending {
        say!("  (changes waiting to be sent)");
    }
}

fn print_agenda(view: &ViewModel) {
    let a = &view.agenda;
    say!("{}", a.title);
    for day in &a.days {
        say!("");
        say!("{}", day.label);
        for e in &day.entries {
            let marks = format!("{}{}", if e.pending { "*" } else { " " }, if e.recurring { "↻" } else { " " });
            let place = if e.location.is_empty() { String::new() } else { format!("  ({})", e.location) };
            let calendar = view.calendars.iter().find(|c| c.href == e.calendar).map(|c| c.name.as_str()).unwrap_or("");
            let key = e.occurrence.as_deref().map(|o| format!(" @{o}")).unwrap_or_default();
            say!("  {:<15} {marks} {}{place}  [{calendar}]  #{}{key}", e.time, e.title, e.event_id);
        }
    }
    if let Some(note) = &a.note {
        say!("");
        say!("{note}");
    }
}

fn print_event(e: &EventView) {
    let f = &e.fields;
    say!("{}", f.summary);
    say!("  start     {}", f.start);
    say!("  end       {}", f.end);
    for (label, value) in [("location", &f.location), ("notes", &f.description)] {
        if !value.is_empty() {
            say!("  {label:<9} {}", value.replace('\n', "\n            "));
        }
    }
    say!("  calendar  {}{}", e.calendar_name, if e.read_only { " (read-only)" } else { "" });
    if e.recurring {
        say!("  repeats   {}", if e.occurrence.is_some() { "(this occurrence)" } else { "(whole series)" });
    }
    if let Some(o) = &e.organizer {
        say!("  organizer {o}");
    }
    for a in &e.attendees {
        say!("  attendee  {a}");
    }
    if e.pending {
        say!("  (changes waiting to be sent)");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    if let Err(e) = std::fs::create_dir_all(&data_dir) {
        eprintln!("nubo: cannot create {}: {e}", data_dir.display());
        return ExitCode::FAILURE;
    }
    let shell = Arc::new(TerminalShell {
        runtime: OnceLock::new(),
        secrets: secrets::SecretFile::new(&data_dir),
        progress: !cli.json && std::io::stderr().is_terminal(),
    });
    let config =
        RuntimeConfig { database: Some(data_dir.join("nubo.sqlite3")), http_timeout: Duration::from_secs(cli.timeout) };
    let runtime = match Runtime::new(config, shell.clone()) {
        Ok(r) => Arc::new(r),
        Err(e) => {
            eprintln!("nubo: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = shell.runtime.set(Arc::downgrade(&runtime));
    // Generous: a first sync of a large address book takes a while.
    let app = App { runtime, json: cli.json, wait: Duration::from_secs(cli.timeout.max(1) * 20) };
    let locale = cli.lang.clone().unwrap_or_else(system_locale);
    let time_zone = cli.tz.clone().or_else(system_zone);
    let view = app.send(Event::Start { locale, time_zone });

    match cli.command {
        Command::Account(AccountCommand::Add { email, password, server, accept_host }) => {
            let view = app.send(Event::SignIn { email, password, server_url: server, accept_host });
            if shell.progress {
                eprintln!();
            }
            if let Some(error) = &view.sign_in_error {
                if app.json {
                    app.print_json(&view);
                }
                eprintln!("nubo: {error}");
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
        Command::Account(AccountCommand::Show) => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            if !app.json {
                say!("{}", view.account_email.clone().unwrap_or_default());
                for b in &view.address_books {
                    say!("  {}{}  {}", b.name, if b.read_only { " (read-only)" } else { "" }, b.href);
                }
            }
            app.finish(&view)
        }
        Command::Account(AccountCommand::Remove) => {
            let view = app.send(Event::SignOut);
            app.finish(&view)
        }
        Command::Sync => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            let view = app.send(Event::Sync);
            if shell.progress {
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
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Command::Contacts(command) => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            match command {
                ContactsCommand::List => {
                    if !app.json {
                        print_contacts(&view);
                    }
                    app.finish(&view)
                }
                ContactsCommand::Search { query } => {
                    let view = app.send(Event::Search { query: query.join(" ") });
                    if !app.json {
                        print_contacts(&view);
                    }
                    app.finish(&view)
                }
                ContactsCommand::Show { id } => {
                    let view = app.send(Event::OpenContact { id });
                    match &view.selected {
                        Some(c) if !app.json => print_contact(c),
                        Some(_) => {}
                        None => {
                            eprintln!("nubo: no contact {id}");
                            return ExitCode::FAILURE;
                        }
                    }
                    app.finish(&view)
                }
                ContactsCommand::Add(args) => {
                    let mut fields = ContactFields::default();
                    args.apply(&mut fields);
                    let view = app.send(Event::SaveContact { id: None, fields });
                    if let (Some(c), false) = (&view.selected, app.json) {
                        say!("{}", c.id);
                    }
                    app.finish(&view)
                }
                ContactsCommand::Edit { id, fields: args } => {
                    let view = app.send(Event::OpenContact { id });
                    let Some(current) = view.selected else {
                        eprintln!("nubo: no contact {id}");
                        return ExitCode::FAILURE;
                    };
                    let mut fields = current.fields.clone();
                    args.apply(&mut fields);
                    let view = app.send(Event::SaveContact { id: Some(id), fields });
                    app.finish(&view)
                }
                ContactsCommand::Rm { id } => {
                    let view = app.send(Event::DeleteContact { id });
                    app.finish(&view)
                }
            }
        }
        Command::Calendars => {
            if let Err(code) = app.require_account(&view) {
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
            app.finish(&view)
        }
        Command::Agenda(args) => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            let span = match (args.day, args.week, args.month, &args.to) {
                (true, ..) => AgendaSpan::Day,
                (_, true, ..) => AgendaSpan::Week,
                (_, _, true, _) => AgendaSpan::Month,
                (_, _, _, Some(_)) => AgendaSpan::Range,
                _ if args.from.is_some() => AgendaSpan::Range,
                _ => AgendaSpan::Upcoming,
            };
            let view = app.send(Event::ShowAgenda { range: AgendaRange { span, date: args.from, until: args.to } });
            if !app.json {
                print_agenda(&view);
            }
            app.finish(&view)
        }
        Command::Event(command) => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            match command {
                EventCommand::Show { id, occurrence } => {
                    let view = app.send(Event::OpenEvent { id, occurrence });
                    match &view.event {
                        Some(e) if !app.json => print_event(e),
                        Some(_) => {}
                        None => {
                            eprintln!("nubo: no event {id}");
                            return ExitCode::FAILURE;
                        }
                    }
                    app.finish(&view)
                }
                EventCommand::Add { calendar, fields: args } => {
                    let mut fields = EventFields::default();
                    args.apply(&mut fields);
                    let calendar = calendar.map(|c| {
                        view.calendars.iter().find(|k| k.name == c || k.href == c).map(|k| k.href.clone()).unwrap_or(c)
                    });
                    let view = app.send(Event::SaveEvent { id: None, calendar, occurrence: None, fields });
                    app.finish(&view)
                }
                EventCommand::Edit { id, occurrence, fields: args } => {
                    let view = app.send(Event::OpenEvent { id, occurrence: occurrence.clone() });
                    let Some(current) = view.event else {
                        eprintln!("nubo: no event {id}");
                        return ExitCode::FAILURE;
                    };
                    let mut fields = current.fields.clone();
                    args.apply(&mut fields);
                    let view = app.send(Event::SaveEvent { id: Some(id), calendar: None, occurrence, fields });
                    app.finish(&view)
                }
                EventCommand::Rm { id, occurrence } => {
                    let view = app.send(Event::DeleteEvent { id, occurrence });
                    app.finish(&view)
                }
            }
        }
        Command::Conflicts(command) => {
            if let Err(code) = app.require_account(&view) {
                return code;
            }
            match command {
                ConflictsCommand::List => {
                    if !app.json {
                        for c in &view.conflicts {
                            say!("{:>6}  #{}  {}", c.id, c.contact_id, c.message);
                        }
                    }
                    app.finish(&view)
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
    }
}
