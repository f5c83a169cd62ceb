//! `nubo agenda`.

use std::process::ExitCode;

use shared::agenda::view::{AgendaRange, AgendaSpan};
use shared::{Event, ViewModel};

use super::App;
use crate::args::AgendaArgs;
use crate::print::print_agenda;

pub fn run(app: &App, view: &ViewModel, args: AgendaArgs) -> ExitCode {
    if let Err(code) = app.require_account(view) {
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
