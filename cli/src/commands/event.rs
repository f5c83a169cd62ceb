//! `nubo event show|add|edit|rm`, on a whole series or, with `--occurrence`,
//! one occurrence (and, with `--and-following`, every later one).

use std::process::ExitCode;

use shared::agenda::edit::{EditScope, EventFields};
use shared::{Event, ViewModel};

use super::App;
use crate::args::{EventArgs, EventCommand};
use crate::print::{print_event, say};

pub fn run(app: &App, view: &ViewModel, command: EventCommand) -> ExitCode {
    if let Err(code) = app.require_account(view) {
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
            let view = app.send(Event::SaveEvent {
                id: None,
                calendar,
                occurrence: None,
                fields,
                scope: EditScope::default(),
            });
            if let (Some(event), false, None) = (&view.event, app.json, &view.error) {
                say!("{}", event.id);
            }
            app.finish(&view)
        }
        EventCommand::Edit { id, occurrence, and_following, fields: args } => {
            let view = app.send(Event::OpenEvent { id, occurrence: occurrence.clone() });
            let Some(current) = view.event else {
                eprintln!("nubo: no event {id}");
                return ExitCode::FAILURE;
            };
            let mut fields = current.fields.clone();
            args.apply(&mut fields);
            let scope = if and_following { EditScope::AndFollowing } else { EditScope::Occurrence };
            let view = app.send(Event::SaveEvent { id: Some(id), calendar: None, occurrence, fields, scope });
            app.finish(&view)
        }
        EventCommand::Rm { id, occurrence } => {
            // Opened first, so that a whole event is deleted only as shown
            // here (see `contacts rm`).
            let view = app.send(Event::OpenEvent { id, occurrence: occurrence.clone() });
            let Some(seen) = view.event else {
                eprintln!("nubo: no event {id}");
                return ExitCode::FAILURE;
            };
            let whole = occurrence.is_none();
            let view = app.send(Event::DeleteEvent { id, occurrence });
            if whole && view.event.as_ref().is_some_and(|now| now.id == id) {
                return app.refused_delete(&view);
            }
            if !app.json && view.error.is_none() {
                print_event(&seen);
            }
            app.finish(&view)
        }
    }
}

impl EventArgs {
    /// Only the options given replace the event's fields.
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
        if let Some(line) = &self.add_to_description {
            crate::args::add_line(&mut fields.description, line);
        }
    }
}
