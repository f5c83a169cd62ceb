//! The view model as text: lists and details on stdout, the sync progress
//! bar on stderr.

use std::io::Write;

use shared::app::{ContactView, EventView};
use shared::ViewModel;

/// `println!` that ends quietly when the reader went away (`nubo … | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}
pub(crate) use say;

pub fn draw_progress(view: &ViewModel) {
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

pub fn print_contacts(view: &ViewModel) {
    for c in &view.contacts {
        let marks = format!("{}{}", if c.pending { "*" } else { " " }, if c.conflict { "!" } else { " " });
        say!("{:>6} {marks} {}  {}", c.id, c.name, c.detail);
    }
    if let Some(more) = &view.contacts_more {
        say!("{more}");
    }
}

pub fn print_contact(c: &ContactView) {
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

pub fn print_agenda(view: &ViewModel) {
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

pub fn print_event(e: &EventView) {
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
