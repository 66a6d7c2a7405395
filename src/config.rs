//! The settings of each subcommand, as plain values: what `cli` makes of
//! the command line (its "high" arguments, as ripgrep's `HiArgs`) and what
//! [`crate::commands`] runs. Nothing here knows clap, so a command can be
//! run from a test or another program with settings built by hand, and a
//! setting added to `analyze` reaches `scout`'s analyze run by the same
//! conversion.

use std::path::PathBuf;

use crate::analysis::persona::Persona;
use crate::analysis::{betweenness, communities};
use crate::graph::KindWeights;
use crate::graph::pseudonymize::PseudonymKey;
use crate::ingest::Format;
use crate::ingest::csv_export::ColumnMap;
use crate::report::pictures::PictureSettings;

/// Validated settings of one `analyze` run.
#[derive(Clone, Debug, Default)]
pub struct AnalyzeConfig {
    pub inputs: Vec<PathBuf>,
    /// `--aggregate`: the graph comes from this aggregate, not `inputs`.
    pub aggregate: Option<PathBuf>,
    pub out: PathBuf,
    /// Forces one format for every input; detected per input when `None`.
    pub format: Option<Format>,
    pub columns: ColumnMap,
    pub columns_spec: Option<String>,
    pub weights: KindWeights,
    pub since: Option<(i64, String)>,
    pub until: Option<(i64, String)>,
    /// With `--lang`: the language tags kept.
    pub languages: Option<Vec<String>>,
    pub threads: Option<usize>,
    pub seed: u64,
    pub betweenness: betweenness::BetweennessSettings,
    pub leiden: communities::LeidenSettings,
    /// `--topics`, `--personas` and the `--persona` filter of topics.csv.
    pub topics: Option<PathBuf>,
    pub personas: Option<PathBuf>,
    /// `--roster`: the team's KOL list.
    pub roster: Option<PathBuf>,
    pub persona: Option<Persona>,
    /// `--period`: rank every topic per calendar period too (trends.csv,
    /// movers.csv).
    pub period: Option<crate::period::PeriodKind>,
    pub strict: bool,
    /// The longest line, CSV record or JSON document read
    /// (`--max-record-bytes`); 0 means the default.
    pub max_record_bytes: usize,
    pub quiet: bool,
    pub force: bool,
    /// Pseudonymise accounts in every output with this key.
    pub pseudonymize: Option<PseudonymKey>,
    /// The key's file, which must not be inside `--out`.
    pub key_file: Option<PathBuf>,
    pub pictures: PictureSettings,
    /// The command line, for the manifest.
    pub arguments: Vec<String>,
}

impl AnalyzeConfig {
    /// The longest record read: `--max-record-bytes`, or the default.
    pub fn record_limit(&self) -> usize {
        if self.max_record_bytes == 0 { crate::ingest::limits::DEFAULT_MAX_RECORD } else { self.max_record_bytes }
    }
}

/// Settings of one `scout` run.
#[derive(Clone, Debug)]
pub struct ScoutConfig {
    pub query: ScoutQuery,
    /// Where the candidates come from.
    pub from: ScoutFrom,
    pub output: ListFormat,
}

/// What `scout` ranks: a finished output folder, or inputs analyzed into
/// a temporary folder first (that run's `out` is set by the command).
#[derive(Clone, Debug)]
pub enum ScoutFrom {
    Folder(PathBuf),
    Inputs(Box<AnalyzeConfig>),
}

/// What to scout for.
#[derive(Clone, Debug, Default)]
pub struct ScoutQuery {
    pub topic: String,
    pub near: Vec<String>,
    pub persona: Option<Persona>,
    pub community: Option<u32>,
    pub limit: usize,
}

/// How scout prints its list on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One row per candidate, for a spreadsheet.
    Csv,
    /// A JSON array, for scripts.
    Json,
}

/// Settings of one `render` run.
#[derive(Clone, Debug)]
pub struct RenderConfig {
    pub dir: PathBuf,
    /// The picture options; their seed is replaced by the analyze run's
    /// (from the folder's manifest) when `seed` is `None`.
    pub pictures: PictureSettings,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    pub quiet: bool,
}

/// Settings of one `compare` run.
#[derive(Clone, Debug)]
pub struct CompareConfig {
    pub old: PathBuf,
    pub new: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub quiet: bool,
    /// The command line, for the manifest.
    pub arguments: Vec<String>,
}

/// Settings of one `extract` run: the inputs are read as the `analyze`
/// run of these settings would read them (its `out` unused).
#[derive(Clone, Debug)]
pub struct ExtractConfig {
    pub read: AnalyzeConfig,
    /// The folder the shard sets go in (one folder per input inside).
    pub out: PathBuf,
    /// The place of the first input in the whole run (`--index`): tasks
    /// that extract parts of one run number their inputs apart.
    pub first_index: u32,
}

/// Settings of one `suggest-topics` run: the inputs are read as the
/// `analyze` run of these settings would read them (its `out` unused).
#[derive(Clone, Debug)]
pub struct SuggestConfig {
    pub read: AnalyzeConfig,
    pub settings: crate::analysis::suggest::SuggestSettings,
}
