//! Errors that stop a run, each with the context a user needs to act
//! (the file, the line, the flag to change). A bad record is not an error:
//! it is rejected, reported in `rejects.jsonl` and counted (unless
//! `--strict`).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },

    #[error(
        "{path}: cannot detect the format: {reason}.\n  Supported formats: {supported}.\n  Name one with --format FORMAT."
    )]
    Detect { path: PathBuf, reason: String, supported: String },

    #[error("{path}: {reason}")]
    Input { path: PathBuf, reason: String },

    #[error("{path}: the input is empty (no records)")]
    Empty { path: PathBuf },

    #[error(
        "{path}:{line}: {reason}\n  (--strict stops at the first bad record; without it the record is reported in rejects.jsonl and the run goes on)"
    )]
    Strict { path: PathBuf, line: u64, reason: String },

    #[error("no usable records in the inputs ({})", nothing_usable(*rejected, *failed, first))]
    NothingUsable { rejected: u64, failed: usize, first: String },

    #[error("cannot write the output folder {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },

    #[error(
        "{path} exists, is not empty and was not written by dolgraph (no manifest.json); use --force to replace it"
    )]
    OutputTaken { path: PathBuf },

    #[error("{0}")]
    Usage(String),

    #[error(
        "--renderer graphviz needs Graphviz, and its `dot` program was not found.\n  Install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; Windows: winget install graphviz)\n  or draw with the built-in renderer: --renderer builtin (the default)."
    )]
    GraphvizMissing,

    #[error("Graphviz failed on {path}: {reason}\n  (--renderer builtin draws without Graphviz)")]
    Graphviz { path: PathBuf, reason: String },

    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

impl Error {
    /// Whether the error is about one input (it cannot be read, is empty,
    /// of no known format, damaged): such an input is left out and the run
    /// goes on, unless `--strict`.
    pub fn is_input_problem(&self) -> bool {
        matches!(self, Error::Read { .. } | Error::Detect { .. } | Error::Input { .. } | Error::Empty { .. })
    }

    /// The process exit status: 2 for usage errors (as clap), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// The parenthesis of [`Error::NothingUsable`]: the rejects and the first
/// of them, and the inputs left out (each was reported as it was met).
fn nothing_usable(rejected: u64, failed: usize, first: &str) -> String {
    let inputs = match failed {
        0 => String::new(),
        1 => "1 input not read, reported above".to_string(),
        n => format!("{n} inputs not read, reported above"),
    };
    match (rejected, failed) {
        (0, 0) => format!("0 rejected; first: {first}"),
        (0, _) => inputs,
        (_, 0) => format!("{rejected} rejected; first: {first}"),
        _ => format!("{rejected} rejected; first: {first}; {inputs}"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
