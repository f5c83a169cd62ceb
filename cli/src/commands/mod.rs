//! One module per command group. Each `run` takes the view the core returned
//! for `Start` and ends with the process's exit code.

pub mod account;
pub mod agenda;
pub mod calendars;
pub mod conflicts;
pub mod contacts;
pub mod event;
pub mod news;
pub mod notes;
pub mod sync;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use nubo_runtime::Runtime;
use shared::{Event, ViewModel};

use crate::print::say;

/// What every command needs: the runtime, and how to report back.
pub struct App {
    pub runtime: Arc<Runtime>,
    pub json: bool,
    /// `--verbose`: an error's technical detail follows its sentence.
    pub verbose: bool,
    pub wait: Duration,
    /// A progress bar is drawn on stderr: a sync ends its line.
    pub progress: bool,
}

impl App {
    pub fn send(&self, event: Event) -> ViewModel {
        self.runtime.update(event);
        self.send_nothing()
    }

    /// The view once what is under way has ended (or `wait` has passed).
    pub fn send_nothing(&self) -> ViewModel {
        if !self.runtime.wait_idle(self.wait) {
            eprintln!(
                "nubo: still waiting for the server after {} s; giving up (nothing is lost)",
                self.wait.as_secs()
            );
        }
        self.runtime.view()
    }

    pub fn print_json(&self, view: &ViewModel) {
        use std::io::Write as _;
        // Written as it is serialised: a year of a large agenda is 16 MB
        // of JSON, which a string would hold whole beside the view.
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = serde_json::to_writer_pretty(&mut out, view).is_ok() && writeln!(out).is_ok();
        if !written || out.flush().is_err() {
            // The reader went away (a closed pipe), as `say!` takes it.
            std::process::exit(0);
        }
    }

    pub fn finish(&self, view: &ViewModel) -> ExitCode {
        if self.json {
            self.print_json(view);
        }
        if let Some(error) = &view.error {
            eprintln!("nubo: {error}");
            self.detail(view.error_detail.as_ref().or(view.sync.detail.as_ref()));
            return ExitCode::FAILURE;
        }
        if let Some(notice) = &view.notice {
            if !self.json {
                say!("{notice}");
            }
        }
        ExitCode::SUCCESS
    }

    /// A delete the core did not make, because a sync brought a newer
    /// version after the item was opened: a failure for a script, with
    /// the core's sentence saying so.
    pub fn refused_delete(&self, view: &ViewModel) -> ExitCode {
        if self.json {
            self.print_json(view);
        }
        if let Some(sentence) = view.notice.as_ref().or(view.error.as_ref()) {
            eprintln!("nubo: {sentence}");
        }
        ExitCode::FAILURE
    }

    /// With `--verbose`, the English detail an error's sentence leaves out.
    pub fn detail(&self, detail: Option<&String>) {
        if let (true, Some(detail)) = (self.verbose, detail) {
            eprintln!("nubo: detail: {detail}");
        }
    }

    pub fn require_account(&self, view: &ViewModel) -> Result<(), ExitCode> {
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
