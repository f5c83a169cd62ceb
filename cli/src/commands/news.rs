//! `nubo news [--unread] [--all-languages]`, `news show|read|poll|feeds|add-feed|rm-feed|agenda`.

use std::process::ExitCode;

use shared::view::{AnnouncementView, NewsView};
use shared::{Event, ViewModel};

use super::notes::print_document;
use super::App;
use crate::args::{NewsArgs, NewsCommand};
use crate::print::say;

pub fn run(app: &App, view: &ViewModel, args: NewsArgs) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    let language = args.all_languages.then(|| "all".to_string());
    match args.command {
        None => {
            let view = app.send(Event::ShowNews { unread_only: args.unread, language });
            if !app.json {
                print_list(&view.news);
            }
            app.finish(&view)
        }
        Some(NewsCommand::Show { id }) => {
            let view = app.send(Event::ShowNews { unread_only: false, language: Some("all".into()) });
            if !view.news.announcements.iter().any(|a| a.id == id) {
                eprintln!("nubo: no announcement {id}");
                return ExitCode::FAILURE;
            }
            let view = app.send(Event::OpenAnnouncement { id });
            match &view.announcement {
                Some(a) if !app.json => print_announcement(a),
                Some(_) => {}
                None => {
                    eprintln!("nubo: no announcement {id}");
                    return ExitCode::FAILURE;
                }
            }
            app.finish(&view)
        }
        Some(NewsCommand::Read { all: _ }) => {
            let view = app.send(Event::MarkAllNewsRead);
            app.finish(&view)
        }
        Some(NewsCommand::Poll) => {
            let view = app.send(Event::PollNews);
            if !app.json {
                print_failing(&view.news);
            }
            app.finish(&view)
        }
        Some(NewsCommand::Feeds) => {
            if !app.json {
                print_sources(&view.news);
            }
            app.finish(view)
        }
        Some(NewsCommand::AddFeed { url }) => {
            let view = app.send(Event::AddFeed { url });
            let code = app.finish(&view);
            if !app.json && view.error.is_none() {
                print_failing(&view.news);
            }
            code
        }
        Some(NewsCommand::Discover) => {
            let view = app.send(Event::FindNewsFeeds);
            let code = app.finish(&view);
            if !app.json && view.error.is_none() {
                print_sources(&view.news);
            }
            code
        }
        Some(NewsCommand::RmFeed { url }) => {
            let view = app.send(Event::RemoveFeed { url });
            app.finish(&view)
        }
        Some(NewsCommand::Agenda { id, calendar }) => {
            let view = app.send(Event::ShowNews { unread_only: false, language: Some("all".into()) });
            if !view.news.announcements.iter().any(|a| a.id == id) {
                eprintln!("nubo: no announcement {id}");
                return ExitCode::FAILURE;
            }
            let view = app.send(Event::AddAnnouncementToAgenda { id, calendar });
            app.finish(&view)
        }
    }
}

fn print_list(news: &NewsView) {
    for a in &news.announcements {
        let mark = if a.read { ' ' } else { '•' };
        let event = if a.has_event { "  📅" } else { "" };
        let language = a.language.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
        say!("{:>5} {mark} {}  {}{language}  [{}]{event}", a.id, a.date, a.title, a.source);
        if !a.preview.is_empty() {
            say!("          {}", a.preview.lines().next().unwrap_or(""));
        }
    }
    if let Some(note) = &news.other_languages_note {
        say!("{note}");
    }
    print_failing(news);
}

/// Sources that fail, on stderr: what they gave is still listed.
fn print_failing(news: &NewsView) {
    for s in news.sources.iter().filter_map(|s| s.failing.as_ref()) {
        eprintln!("⚠ {s}");
    }
}

fn print_sources(news: &NewsView) {
    for s in &news.sources {
        let language = s.language.as_deref().map(|l| format!(" [{l}]")).unwrap_or_default();
        let by = if s.added_by_member { "  (+)" } else { "" };
        say!("{}{language}{by}\n    {}", s.name, s.url);
        if let Some(failing) = &s.failing {
            say!("    ⚠ {failing}");
        }
    }
}

fn print_announcement(a: &AnnouncementView) {
    let language = a.language.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
    say!("{}\n{}  [{}]{language}", a.title, a.date, a.source);
    if let Some(author) = &a.author {
        say!("{author}");
    }
    if let Some(link) = &a.link {
        say!("{link}");
    }
    say!("");
    print_document(&a.document, "");
    if let Some(url) = &a.event_url {
        let title = a.event_title.as_deref().unwrap_or("");
        say!("📅 {title} {url}\n   nubo news agenda {}", a.id);
    }
}
