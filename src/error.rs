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

    #[error("{path}: cannot detect the format: {reason}.\n  Supported formats: {supported}.\n  {advice}")]
    Detect { path: PathBuf, reason: String, supported: String, advice: &'static str },

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

    #[error(
        "{path} holds files dolgraph did not write (not in its manifest.json's outputs): {files}.\n  The run replaces the whole folder: move them elsewhere first (or use --force to delete them with the previous results)."
    )]
    OutputForeign { path: PathBuf, files: String },

    #[error(
        "{path}: images/ or graphs/ hold files dolgraph did not write (not in manifest.json's outputs): {files}.\n  render replaces those folders: move them elsewhere first."
    )]
    PicturesForeign { path: PathBuf, files: String },

    #[error(
        "{path}: cannot tell which files dolgraph wrote ({reason}); move the folder's files elsewhere, or use --force to replace it"
    )]
    OutputUnlisted { path: PathBuf, reason: String },

    #[error(
        "{input} is inside the output folder {out}, which the run replaces: move it elsewhere or choose another --out"
    )]
    InputInOutput { input: PathBuf, out: PathBuf },

    #[error(
        "{path} is, or holds, the current folder; the run replaces that folder, which would leave this shell in a removed folder: run dolgraph from outside it"
    )]
    OutputIsCurrent { path: PathBuf },

    #[error(
        "{path} is a mount point, which cannot be replaced (the run replaces the output folder as a whole): give a folder inside it, e.g. --out {path}/results"
    )]
    OutputMount { path: PathBuf },

    #[error("cannot replace the output folder: {path} is not writable by this user ({source}); nothing was changed")]
    OutputNotWritable { path: PathBuf, source: std::io::Error },

    #[error("{0}")]
    Usage(String),

    #[error(
        "{stage} gave {value}{} instead of a number; no results were written.\n  Check --weights and the inputs' weights (this is a bug if they are ordinary)",
        account.as_ref().map(|a| format!(" for account {a}")).unwrap_or_default()
    )]
    NotFinite { stage: String, value: f64, account: Option<String> },

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
