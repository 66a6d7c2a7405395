//! Progress bars on stderr: a byte bar per input while reading and a
//! spinner per stage. Hidden when stderr is not a terminal or with
//! `--quiet`, so logs and pipes stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Clone)]
pub struct Progress {
    shown: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress { shown: !quiet && std::io::stderr().is_terminal() }
    }

    fn bar(&self, len: Option<u64>) -> ProgressBar {
        if !self.shown {
            return ProgressBar::hidden();
        }
        let bar = match len {
            Some(l) => ProgressBar::new(l),
            None => ProgressBar::new_spinner(),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar
    }

    /// A bar over the bytes of one input file.
    pub fn bytes(&self, len: u64, name: &str) -> ProgressBar {
        let bar = self.bar(Some(len));
        bar.set_style(
            ProgressStyle::with_template("{msg:30!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .expect("invariant: template is valid")
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        bar
    }

    /// A spinner for one stage; finish it with `finish_and_clear`.
    pub fn stage(&self, what: &'static str) -> ProgressBar {
        let bar = self.bar(None);
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("invariant: template is valid"));
        bar.set_message(what);
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }
}
