//! The command line: what `nubo` accepts, as clap reads it. Doc comments on
//! fields and variants are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use shared::model::Screen;

#[derive(Parser)]
#[command(name = "nubo", about = "Your Nubo agenda, contacts, notes and news, offline.", args_override_self = true)]
pub struct Cli {
    /// Where the local store and the secret file live.
    #[arg(long, env = "NUBO_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// fr, nl or en; defaults to the system locale.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Print the view model as JSON (for scripts and tests).
    #[arg(long, global = true)]
    pub json: bool,
    /// IANA time zone for the agenda ("Europe/Brussels"); defaults to TZ,
    /// then the system's.
    #[arg(long, global = true)]
    pub tz: Option<String>,
    /// After an error, print its technical detail too (in English: the
    /// server's status, the network library's words).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Seconds to wait for one server answer.
    #[arg(long, global = true, default_value_t = 30)]
    pub timeout: u64,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Your notes (the files of your Nextcloud Notes folder).
    #[command(subcommand)]
    Notes(NotesCommand),
    /// The cooperative's announcements: in your language (`--lang`), newest first.
    News(NewsArgs),
}

impl Command {
    /// The lists the start reads for this command: none for those that
    /// ask for their own (a search, a month, one item), so a command
    /// reads no more than it prints; every list for the others.
    pub fn screens_read_at_start(&self) -> Option<Vec<Screen>> {
        match self {
            Command::Contacts(ContactsCommand::List) => Some(vec![Screen::Contacts]),
            Command::Contacts(_) | Command::Calendars | Command::Agenda(_) | Command::Event(_) => Some(vec![]),
            Command::Account(_) | Command::Sync | Command::Conflicts(_) | Command::Notes(_) | Command::News(_) => None,
        }
    }
}

#[derive(Args)]
pub struct NewsArgs {
    #[command(subcommand)]
    pub command: Option<NewsCommand>,
    /// Only the announcements you have not read.
    #[arg(long)]
    pub unread: bool,
    /// Every language, yours first (else only yours: see `--lang`).
    #[arg(long)]
    pub all_languages: bool,
}

#[derive(Subcommand)]
pub enum NewsCommand {
    /// One announcement, in full; marks it read.
    Show {
        /// Its number, as `nubo news` lists it.
        id: i64,
    },
    /// Mark every announcement read.
    Read {
        /// Every announcement (the only choice for now; `show` marks one).
        #[arg(long, required = true)]
        all: bool,
    },
    /// Ask the sources for news now (what a background schedule does).
    Poll,
    /// The sources of announcements, and whether they answer.
    Feeds,
    /// Follow a feed (Atom, RSS, JSON Feed) by its address.
    AddFeed {
        /// The feed's https:// address.
        url: String,
    },
    /// Look again for the cooperative's feeds on your address's domain (as at sign-in).
    Discover,
    /// Stop following a feed; its announcements go with it.
    RmFeed {
        /// The address, as `nubo news feeds` lists it.
        url: String,
    },
    /// Put the event an announcement carries into your agenda.
    Agenda {
        /// The announcement's number.
        id: i64,
        /// The calendar (its name); else the first you may write to.
        #[arg(long)]
        calendar: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum NotesCommand {
    /// Every note, newest first.
    List {
        /// Only the notes of this category.
        #[arg(long)]
        category: Option<String>,
    },
    /// Notes whose title or text hold every word.
    Search {
        /// The words to look for.
        query: Vec<String>,
    },
    /// A note's text, as it reads.
    Show {
        /// Its number, as `nubo notes list` shows it.
        id: i64,
    },
    /// A new note. Its text: --text, else what is piped in, else $EDITOR.
    Add {
        /// Its title (also its file name).
        #[arg(long)]
        title: Option<String>,
        /// A category (folder) that exists; none: without category.
        #[arg(long)]
        category: Option<String>,
        /// The text (Markdown).
        #[arg(long)]
        text: Option<String>,
    },
    /// New text for a note: --text, else what is piped in, else $EDITOR.
    Edit {
        /// The note's number.
        id: i64,
        /// The new text (Markdown).
        #[arg(long)]
        text: Option<String>,
    },
    /// Rename a note, or put it in another category ("" for none).
    Mv {
        /// The note's number.
        id: i64,
        /// Its new title.
        #[arg(long)]
        title: Option<String>,
        /// Its new category.
        #[arg(long)]
        category: Option<String>,
    },
    /// Tick or untick a note's task (its number in `notes show`).
    Tick {
        /// The note's number.
        id: i64,
        /// The task's number.
        task: usize,
    },
    /// Delete a note, here and at the next sync on the server.
    Rm {
        /// The note's number.
        id: i64,
    },
    /// The categories (folders) of your notes.
    Categories,
    /// Make a category ("Travail/Projets") on the server; needs a connection.
    NewCategory {
        /// Its path, sub-categories separated by "/".
        path: String,
    },
    /// Name the WebDAV folder of your notes, on your account's server.
    Folder {
        /// The folder's address on your server.
        url: String,
    },
}

#[derive(Args)]
pub struct AgendaArgs {
    /// First day (YYYY-MM-DD); with --to, a range of days.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day shown (YYYY-MM-DD), included.
    #[arg(long)]
    pub to: Option<String>,
    /// The day of --from (or today).
    #[arg(long, conflicts_with_all = ["week", "month", "to"])]
    pub day: bool,
    /// The week (Monday to Sunday) of --from (or today).
    #[arg(long, conflicts_with_all = ["day", "month", "to"])]
    pub week: bool,
    /// The month of --from (or today).
    #[arg(long, conflicts_with_all = ["day", "week", "to"])]
    pub month: bool,
}

#[derive(Subcommand)]
pub enum EventCommand {
    /// One event, in full.
    Show {
        /// Its number, as `nubo agenda` lists it.
        id: i64,
        /// One occurrence of a series, as `nubo agenda` lists it (after @).
        #[arg(long)]
        occurrence: Option<String>,
    },
    /// A new event (in your agenda at the next sync).
    Add {
        /// Calendar name (or URL); defaults to the first you may edit.
        #[arg(long)]
        calendar: Option<String>,
        #[command(flatten)]
        fields: EventArgs,
    },
    /// Change an event, a whole series, or with --occurrence only that one
    /// (with --and-following, it and every later one: a new series from it).
    Edit {
        /// The event's number.
        id: i64,
        /// One date of a series, as `nubo agenda` lists it (after @).
        #[arg(long)]
        occurrence: Option<String>,
        /// With --occurrence: that one and every later one.
        #[arg(long, requires = "occurrence")]
        and_following: bool,
        #[command(flatten)]
        fields: EventArgs,
    },
    /// Delete an event or a whole series, or with --occurrence cancel only that one.
    Rm {
        /// The event's number.
        id: i64,
        /// One date of a series, as `nubo agenda` lists it (after @).
        #[arg(long)]
        occurrence: Option<String>,
    },
}

#[derive(Args, Default)]
pub struct EventArgs {
    /// The title.
    #[arg(long)]
    pub summary: Option<String>,
    /// "2027-05-08T10:00", or "2027-05-08" for all day; in your time zone.
    #[arg(long)]
    pub start: Option<String>,
    /// "2027-05-08T12:00"; for all day, the last day.
    #[arg(long)]
    pub end: Option<String>,
    /// Where it takes place.
    #[arg(long)]
    pub location: Option<String>,
    /// A longer text.
    #[arg(long)]
    pub description: Option<String>,
    /// A line added at the end of the description (what is there stays).
    #[arg(long, value_name = "LINE")]
    pub add_to_description: Option<String>,
}

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Find the servers from the address (RFC 6764) and sign in.
    Add {
        /// Your Nubo address.
        #[arg(long)]
        email: String,
        /// Prefer the NUBO_PASSWORD environment variable: arguments show in `ps`.
        #[arg(long, env = "NUBO_PASSWORD", hide_env_values = true, required_unless_present = "browser")]
        password: Option<String>,
        /// Sign in on your server's own page instead (Nextcloud): open the
        /// page printed, allow the app; no password is typed here.
        #[arg(long, conflicts_with_all = ["password", "user"])]
        browser: bool,
        /// Server URL when discovery from the address is not possible.
        #[arg(long)]
        server: Option<String>,
        /// Another host discovery leads to, accepted once the error named it.
        #[arg(long)]
        accept_host: Option<String>,
        /// Your user name, when the server does not know you by your address.
        #[arg(long)]
        user: Option<String>,
    },
    /// The account this device is signed in to.
    Show,
    /// Sign out and forget every local copy.
    Remove,
}

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// Every contact, by name.
    List,
    /// Contacts that hold the words you give.
    Search {
        /// The words to look for (accents and case aside).
        query: Vec<String>,
    },
    /// One contact, in full.
    Show {
        /// Its number, as `nubo contacts list` shows it.
        id: i64,
    },
    /// A new contact (on the server at the next sync).
    Add(ContactArgs),
    /// Change a contact; fields not given stay as they are.
    Edit {
        /// The contact's number.
        id: i64,
        #[command(flatten)]
        fields: ContactArgs,
    },
    /// Delete a contact, here and at the next sync on the server.
    Rm {
        /// The contact's number.
        id: i64,
    },
}

#[derive(Args, Default)]
pub struct ContactArgs {
    /// Full name as shown.
    #[arg(long)]
    pub name: Option<String>,
    /// Given name.
    #[arg(long)]
    pub given: Option<String>,
    /// Family name.
    #[arg(long)]
    pub family: Option<String>,
    /// E-mail as `value` or `label:value`; repeat for several (replaces the list).
    #[arg(long)]
    pub email: Vec<String>,
    /// Phone as `value` or `label:value`; repeat for several (replaces the list).
    #[arg(long)]
    pub phone: Vec<String>,
    /// Organisation.
    #[arg(long)]
    pub org: Option<String>,
    /// Job title.
    #[arg(long)]
    pub title: Option<String>,
    /// A note about the contact.
    #[arg(long)]
    pub note: Option<String>,
    /// A line added at the end of the note (what is there stays).
    #[arg(long, value_name = "LINE")]
    pub add_to_note: Option<String>,
}

/// `text` with `line` added as its last line.
pub fn add_line(text: &mut String, line: &str) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
}

#[derive(Subcommand)]
pub enum ConflictsCommand {
    /// Every conflict: your version and the server's.
    List,
    /// Keep your version, the server's, or both.
    Resolve {
        /// The conflict's number, as `nubo conflicts list` shows it.
        id: i64,
        /// mine, server or both
        choice: String,
    },
}
