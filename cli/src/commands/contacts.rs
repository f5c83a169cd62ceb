//! `nubo contacts list|search|show|add|edit|rm`.

use std::process::ExitCode;

use shared::contacts::vcard::{ContactFields, Labeled};
use shared::{Event, ViewModel};

use super::App;
use crate::args::{ContactArgs, ContactsCommand};
use crate::print::{print_contact, print_contacts, say};

pub fn run(app: &App, view: &ViewModel, command: ContactsCommand) -> ExitCode {
    if let Err(code) = app.require_account(view) {
        return code;
    }
    match command {
        ContactsCommand::List => {
            // The core lists a page at a time, as a phone scrolls; a
            // terminal's list is every contact.
            let every;
            let view = if view.contacts_coming.is_some() {
                every = app.send(Event::ShowMoreContacts { through: Some(usize::MAX) });
                &every
            } else {
                view
            };
            if !app.json {
                print_contacts(view);
            }
            app.finish(view)
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
            // Opened first, as an app shows it before the member deletes:
            // the core then deletes only this version, and a newer one
            // that a sync brought in meanwhile stays.
            let view = app.send(Event::OpenContact { id });
            let Some(seen) = view.selected else {
                eprintln!("nubo: no contact {id}");
                return ExitCode::FAILURE;
            };
            let view = app.send(Event::DeleteContact { id });
            if view.selected.as_ref().is_some_and(|now| now.id == id) {
                return app.refused_delete(&view);
            }
            if !app.json && view.error.is_none() {
                print_contact(&seen);
            }
            app.finish(&view)
        }
    }
}

impl ContactArgs {
    /// Only the options given replace the contact's fields.
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
        if let Some(line) = &self.add_to_note {
            crate::args::add_line(&mut fields.note, line);
        }
    }
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
