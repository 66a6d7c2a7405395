//! Command-line definitions (clap derive) and their translation into
//! validated settings ([`crate::config`]), as ripgrep's low and high
//! arguments. No logic beyond parsing and checking values: the commands
//! run in [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::analysis::betweenness::BetweennessSettings;
use crate::analysis::communities::LeidenSettings;
use crate::analysis::persona::Persona;
use crate::config::{AnalyzeConfig, CompareConfig};
use crate::error::{Error, Result};
use crate::graph::KindWeights;
use crate::graph::pseudonymize::PseudonymKey;
use crate::ingest::Format;
use crate::ingest::csv_export::parse_column_map;
use crate::time::parse_bound;

mod pictures;
pub mod scout;
mod suggest;
pub use pictures::{PictureArgs, RenderArgs};

const EXIT_CODES: &str = "\
Examples:
  dolgraph analyze data/sample/*.jsonl data/sample/*.csv --topics data/topics.toml --out results
  dolgraph scout --from results --topic rwe --near DrKenjiMarrow
  dolgraph render --from results --accounts-per-picture 20
  dolgraph verify results
  dolgraph suggest-topics data/sample/*.jsonl data/sample/*.csv > my-topics.toml

Exit codes:
  0  success (rejected records, if any, are listed in OUT/rejects.jsonl; an input
     that cannot be read, is empty or of no known format is reported on stderr and
     in OUT/manifest.json, and left out)
  1  the run failed: no usable record in any input, output not writable,
     a bad record or a bad input under --strict
  2  usage error: unknown flag or invalid value";

/// Find digital opinion leaders in public social-media conversation.
///
/// dolgraph reads posts (X/Twitter API v2 and v1.1, Bluesky, Mastodon, CSV
/// exports, edge lists), builds the interaction graph between accounts
/// (reply, quote, repost, mention) and ranks accounts by how others engage
/// with them.
#[derive(Debug, Parser)]
#[command(name = "dolgraph", version, after_help = EXIT_CODES, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the interaction graph from posts and write the output folder.
    #[command(after_help = ANALYZE_HELP)]
    Analyze(AnalyzeArgs),
    /// Find collaborators on a topic, near the accounts you already know.
    #[command(after_help = SCOUT_HELP)]
    Scout(ScoutArgs),
    /// Check that an output folder is as its run wrote it.
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Redraw the community pictures of an output folder with other
    /// picture options, without recomputing.
    #[command(after_help = RENDER_HELP)]
    Render(RenderArgs),
    /// Compare two output folders: who rose and who faded on each topic (movers.csv).
    #[command(after_help = COMPARE_HELP)]
    Compare(CompareArgs),
    /// Suggest topics from the hashtags that travel together: hashtags to
    /// add to each topic of a topics file, or a starting topics file.
    #[command(after_help = SUGGEST_HELP)]
    SuggestTopics(SuggestArgs),
    /// Write each input's records as Parquet tables, for aggregating many
    /// inputs on Spark (scale/aggregate.py) and `analyze --aggregate`.
    #[command(after_help = EXTRACT_HELP)]
    Extract(ExtractArgs),
    /// Print the built-in persona rules (TOML), a starting point for
    /// `analyze --personas FILE`.
    #[command(after_help = PERSONAS_HELP)]
    Personas,
}

const EXTRACT_HELP: &str = "\
Examples:
  dolgraph extract data/sample/*.jsonl data/sample/*.csv --topics data/topics.toml --out shards
  python3 scale/aggregate.py shards aggregate
  dolgraph analyze --aggregate aggregate --topics data/topics.toml --out results

Writes OUT/<SHA-256 of the input>/ per input: posts, post_topics, refs, mentions, tags,
accounts, interactions and links (.parquet), input.json (the input's manifest entry, its
--index, platform and topics) and rejects.jsonl. The same file gives the same folder,
so a task run again replaces its own output. Inputs are numbered from --index in the
order given; the aggregation reads them in that order, as analyze reads its inputs.

Exit codes: 0 success, 1 failed run (no usable record in any input, output not
writable), 2 usage error.";

const SUGGEST_HELP: &str = "\
Examples:
  dolgraph suggest-topics data/sample/*.jsonl data/sample/*.csv --topics data/topics.toml
  dolgraph suggest-topics data/sample/*.jsonl data/sample/*.csv > my-topics.toml
  dolgraph analyze data/sample/*.jsonl data/sample/*.csv --topics my-topics.toml --out results

Counts own posts, replies and quotes (never reposts), each post once.
With --topics: for each topic, the hashtags no topic lists that are used in at least
--min-posts posts on the topic (by its hashtags or keywords), more often than chance
(lift > 1: together x N / (hashtag's posts x the topic's posts with a hashtag), N the
posts with a hashtag), most posts together first, then lift.
Only hashtags that 2 accounts or more use are suggested.
Without --topics: the hashtags used in at least --min-posts posts, clustered (Leiden,
seed 1) by the posts using both, printed as a topics file for analyze --topics.

Exit codes: 0 success, 1 failed run (no usable record in any input), 2 usage error.";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files of posts or edges (JSON lines, CSV, edge lists; .gz is fine).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Folder for the shard sets (created if missing; one folder per input).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Topics file (TOML): posts are classified at extraction.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// The place of the first input in the whole run, when tasks extract
    /// parts of one run (the second task of 10 files each: --index 10).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub index: u32,

    /// Read every input as this format instead of detecting it (as analyze --format).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// CSV columns under other names (as analyze --columns).
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub columns: Option<String>,

    #[command(flatten)]
    pub run: RunArgs,
}

impl ExtractArgs {
    /// Checks values and builds the run's settings, through analyze's
    /// own checks (as suggest-topics does).
    pub fn into_config(self) -> Result<crate::config::ExtractConfig> {
        let mut analyze = self.run.into_analyze(&self.inputs, "extract")?;
        analyze.reading.format = self.format;
        analyze.reading.columns = self.columns;
        analyze.topics = self.topics;
        let read = analyze.into_config(std::env::args().collect())?;
        Ok(crate::config::ExtractConfig { read, out: self.out, first_index: self.index })
    }
}

/// How a command that reads inputs as `analyze` does runs: the flags that
/// `extract` and `suggest-topics` share (analyze's own have longer help).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Worker threads, 1 to 256 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = crate::par::parse_threads)]
    pub threads: Option<usize>,

    /// Stop at the first bad record or bad input file.
    #[arg(long)]
    pub strict: bool,

    /// The longest record read, in bytes (as analyze --max-record-bytes).
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::ingest::limits::parse_size)]
    pub max_record_bytes: usize,

    /// No progress bars and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RunArgs {
    /// An `analyze` command line of these inputs, through analyze's own
    /// parser (its defaults and checks), with these run flags set; `who`
    /// names the command in messages.
    fn into_analyze(self, inputs: &[PathBuf], who: &str) -> Result<AnalyzeArgs> {
        let mut argv: Vec<std::ffi::OsString> =
            ["dolgraph", "analyze", "--out", "out", "--"].map(std::ffi::OsString::from).to_vec();
        argv.extend(inputs.iter().map(|p| p.clone().into_os_string()));
        let mut analyze = analyze_args(argv, who)?;
        analyze.threads = self.threads;
        analyze.strict = self.strict;
        analyze.max_record_bytes = self.max_record_bytes;
        analyze.quiet = self.quiet;
        Ok(analyze)
    }
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Files of posts (JSON lines, CSV; .gz is fine).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Topics file (TOML) to suggest hashtags for; without it, a topics
    /// file is suggested.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    #[command(flatten)]
    pub reading: ReadingArgs,

    /// The fewest posts a suggestion needs: on the topic (with --topics),
    /// or using the hashtag (without).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_posts: u32,

    /// The most hashtags listed per topic.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    #[command(flatten)]
    pub run: RunArgs,
}

const PERSONAS_HELP: &str = "\
Example:
  dolgraph personas > personas.toml && dolgraph analyze data/sample/x-v2.jsonl \\
    --personas personas.toml --out my-personas

The rules are the ones analyze uses without --personas; the file explains its
own format in comments.";

const COMPARE_HELP: &str = "\
Example:
  dolgraph analyze q1/*.jsonl --topics topics.toml --out results-q1
  dolgraph analyze q2/*.jsonl --topics topics.toml --out results-q2
  dolgraph compare results-q1 results-q2 --out q1-to-q2

Writes OUT/movers.csv (topic, id, handle, rank_before, rank_after, score_before,
score_after, status) from the two runs' topics.csv, accounts matched by id, and
OUT/manifest.json. Status: new (not ranked before), gone (not ranked now),
rising (up at least 3 places and score at least x1.5), falling (down at least 3
places and score at most /1.5), steady; accounts in the top 50 of either run.

Exit codes: 0 success, 1 a folder cannot be read or OUT cannot be written,
2 usage error (the runs' topics differ, a run without --topics).";

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier run's output folder.
    #[arg(value_name = "OLD_DIR")]
    pub old: PathBuf,

    /// The later run's output folder.
    #[arg(value_name = "NEW_DIR")]
    pub new: PathBuf,

    /// Folder to write movers.csv and manifest.json into (replaced whole).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace OUT even if it holds files dolgraph did not write.
    #[arg(long)]
    pub force: bool,

    /// No summary line on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

const SCOUT_HELP: &str = "\
Examples:
  dolgraph scout --from results --topic rwe
  dolgraph scout --from results --topic vaccines --near NurseLinneaRN --persona hcp --limit 10
  dolgraph scout data/sample/*.jsonl data/sample/*.csv --topics data/topics.toml \\
      --topic rwe --output-format csv

Candidates are the topic's DOLs (topics.csv), ranked by topic score, times their
closeness to the --near accounts (personalised PageRank) when any are given.

Exit codes: 0 success, 1 failed run, 2 usage error (unknown topic or account).";

/// How scout prints its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One row per candidate, for a spreadsheet.
    Csv,
    /// A JSON array, for scripts.
    Json,
}

#[derive(Debug, Args)]
pub struct ScoutArgs {
    /// Posts to analyze first, when there is no output folder (needs --topics).
    #[arg(value_name = "INPUT", conflicts_with = "from")]
    pub inputs: Vec<PathBuf>,

    /// An output folder of `dolgraph analyze --topics ...`.
    #[arg(long, value_name = "DIR", required_unless_present = "inputs")]
    pub from: Option<PathBuf>,

    /// Topics file, when scouting straight from inputs.
    #[arg(long, value_name = "FILE", requires = "inputs")]
    pub topics: Option<PathBuf>,

    /// Roster (KOL list) file, when scouting straight from inputs: lets
    /// --near name a roster person.
    #[arg(long, value_name = "FILE", requires = "inputs")]
    pub roster: Option<PathBuf>,

    /// Read every input as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// The topic, as named in the topics file.
    #[arg(long, value_name = "TOPIC")]
    pub topic: String,

    /// An account you already know (handle or id), or a roster person
    /// (id or name, with a folder analyzed with --roster: all their
    /// accounts); repeat for several.
    #[arg(long, value_name = "HANDLE")]
    pub near: Vec<String>,

    /// Only this persona: hcp, organisation, patient-advocate or other.
    #[arg(long, value_name = "PERSONA", value_enum, ignore_case = true)]
    pub persona: Option<Persona>,

    /// Only this community (a number from communities.csv).
    #[arg(long, value_name = "N")]
    pub community: Option<u32>,

    /// How many candidates to list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// table (default), csv or json, on stdout.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = OutputFormat::Table)]
    pub output_format: OutputFormat,

    /// No progress bars when analyzing inputs.
    #[arg(short, long)]
    pub quiet: bool,
}

const VERIFY_HELP: &str = "\
Re-hashes every file that DIR/manifest.json lists (size and SHA-256) and
reports each file as ok, CHANGED, MISSING, or EXTRA (added after the run).

Exit codes: 0 every file is intact, 1 anything changed (or DIR is not an
output folder), 2 usage error.";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The --out folder of a dolgraph analyze run.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

const RENDER_HELP: &str = "\
Example:
  dolgraph render --from results --accounts-per-picture 25 --min-community-size 50

Reads DIR/accounts.csv, DIR/edges.csv and DIR/communities.csv, replaces
DIR/images/ and DIR/graphs/, redraws DIR/report.html and DIR/explore.html and records the render in
DIR/manifest.json, so that `dolgraph verify DIR` checks the new files. With the
options and seed of the analyze run (read from DIR/manifest.json) it draws the
same pictures as analyze did.

Exit codes: 0 success, 1 failed run, 2 usage error.";

const ANALYZE_HELP: &str = "\
Example:
  dolgraph analyze data/sample/*.jsonl data/sample/*.csv --out results

  dolgraph analyze data/sample/*.jsonl data/sample/*.csv --topics data/topics.toml --out results

Writes OUT/accounts.csv, OUT/edges.csv, OUT/communities.csv, OUT/graph.gexf (Gephi),
OUT/graph.graphml (both .gz from 100,000 accounts plus edges), OUT/report.html (one
self-contained page), OUT/explore.html (the network to search and filter in a browser),
OUT/manifest.json and OUT/rejects.jsonl, with --topics OUT/topics.csv (the DOLs of each
topic), and community pictures in OUT/images/ (SVG and PNG) with their DOT files in
OUT/graphs/; redraw them with `dolgraph render --from OUT`.
Inputs may be gzip-compressed and of different formats; each format is detected
from the content.

Exit codes: 0 success, 1 failed run, 2 usage error.";

/// How inputs are read: the flags of `analyze` that `suggest-topics`
/// takes too (one definition, so their help and checks are the same).
#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// Read every input as this format instead of detecting it.
    ///
    /// An edge list is detected only when its first 20 lines all read as
    /// edges; name `edge-list` (or `edge-csv`) to read one with bad lines
    /// among them: each such line is then a reject in rejects.jsonl.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// CSV columns under other names, e.g. `author=screen_name,text=body`.
    ///
    /// Fields: post_id, author, created_at, text, reply_to, reply_to_post,
    /// quote_of, repost_of, repost_of_post, mentions, hashtags, author_name,
    /// author_bio, followers.
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub columns: Option<String>,

    /// Skip posts before this time: YYYY-MM-DD, YYYY-MM, YYYY-Qn (the
    /// start of that day, month or quarter, UTC) or RFC 3339 with its zone.
    /// Dates such as 01/03/2026 are refused: their order differs by country.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Skip posts at or after this time (the forms of --since): `--since
    /// 2026-Q1 --until 2026-Q2` is the first quarter.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Keep only posts in these languages, e.g. `en,fr` (the language the
    /// platform tagged: X `lang`, Bluesky `langs`, Mastodon `language`, a
    /// CSV `lang` column; `en-US` is `en`). Others are skipped, counted by
    /// reason in the manifest. Posts whose input gives no language (or
    /// `und`) are kept.
    #[arg(long, value_name = "LANG,...")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files of posts or edges (JSON lines, CSV, edge lists; .gz is fine).
    #[arg(required_unless_present = "aggregate", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Read the graph from this aggregate (scale/aggregate.py's output,
    /// from `dolgraph extract`'s shard sets) instead of from inputs.
    ///
    /// The aggregate holds the accounts, interactions, on-topic activity,
    /// hashtags and their pairs, engagement counters, languages and links;
    /// evidence posts and --period are not in it. Give the --topics file
    /// the shards were extracted with.
    #[arg(long, value_name = "DIR", conflicts_with = "inputs")]
    pub aggregate: Option<PathBuf>,

    /// Output folder; replaced atomically at the end of the run.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub reading: ReadingArgs,

    /// Weight of each interaction kind, e.g. `mention=0.25,repost=2`.
    ///
    /// Defaults: reply=1, quote=1, repost=1, mention=0.5, interaction=1
    /// (edge-list rows without a kind).
    #[arg(long, value_name = "KIND=WEIGHT,...")]
    pub weights: Option<String>,

    /// Worker threads, 1 to 256 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = crate::par::parse_threads)]
    pub threads: Option<usize>,

    /// Seed of every random choice (sampled betweenness, communities).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Leiden resolution: above 1 finds more, smaller communities; below 1
    /// fewer, larger ones.
    #[arg(long, value_name = "R", default_value_t = 1.0)]
    pub resolution: f64,

    /// Exact betweenness up to this many accounts; above, a sampled
    /// estimate with the error bound of --betweenness-epsilon.
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub exact_betweenness_max: usize,

    /// Error bound of sampled betweenness: every account's estimate is
    /// within it (times n/(n-2)) with probability 0.9.
    #[arg(long, value_name = "E", default_value_t = 0.01)]
    pub betweenness_epsilon: f64,

    /// Topics file (TOML): ranks DOLs per topic into topics.csv.
    ///
    /// One table per topic: `[topics.rwe]` with `hashtags = ["rwe"]`
    /// (without `#`, any case) and `keywords = ["real-world data"]` (any
    /// case, on word boundaries). See data/topics.toml.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// Persona rules (TOML) instead of the built-in ones; `dolgraph
    /// personas` prints the built-in rules to start from.
    #[arg(long, value_name = "FILE")]
    pub personas: Option<PathBuf>,

    /// Your KOL list (CSV: person,name,platform,account; more columns are
    /// carried through): writes roster.csv, ranks each person's accounts
    /// as one entry per topic (topics.csv `person`, `on_roster`) and lists
    /// the leaders not on it.
    ///
    /// One row per known account of a person; `platform` is x, bluesky,
    /// mastodon, csv or edge; `account` a handle or id (any case, `@`
    /// optional, Mastodon `user@host`, Bluesky handle or DID). A row with
    /// an empty `account` names a person whose accounts are not known:
    /// roster.csv proposes `candidates` by display name. See data/roster.csv.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,

    /// List only accounts of this persona in topics.csv:
    /// hcp, organisation, patient-advocate or other.
    #[arg(long, value_name = "PERSONA", value_enum, ignore_case = true)]
    pub persona: Option<Persona>,

    /// Also rank every topic in each calendar period (UTC day, week
    /// starting on Monday, month or quarter): writes trends.csv (each period's DOLs) and movers.csv (the
    /// last period against the one before: new, rising, steady, falling,
    /// gone). Without --topics, the DOL score's ranking of every
    /// interaction, as topic "all".
    #[arg(long, value_name = "PERIOD", value_enum)]
    pub period: Option<crate::period::PeriodKind>,

    /// Stop at the first bad record or bad input file instead of reporting
    /// it and going on.
    #[arg(long)]
    pub strict: bool,

    /// The longest line, CSV record or whole JSON document read, in bytes
    /// (K, M, G suffixes: powers of 1024).
    ///
    /// A longer record is rejected; when its end is not found within the
    /// limit (a file with no line ends), its input stops there with an
    /// error naming the line. Memory stays within a few times this.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::ingest::limits::parse_size)]
    pub max_record_bytes: usize,

    /// Replace account ids, handles and names in every output by keyed
    /// hashes (HMAC-SHA256 with this file's bytes); bios are dropped and
    /// rejects.jsonl keeps only the class of each reason.
    ///
    /// The same key gives the same pseudonyms in every run. Make a key with
    /// `head -c 32 /dev/urandom > KEYFILE` and keep it apart from the results.
    #[arg(long, value_name = "KEYFILE")]
    pub pseudonymize: Option<PathBuf>,

    /// Replace OUT even if it holds files dolgraph did not write (they are
    /// deleted with the previous results). Inputs inside OUT are refused
    /// even so.
    #[arg(long)]
    pub force: bool,

    /// No progress bars and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub pictures: PictureArgs,
}

/// Parses `argv` (an `analyze` command line that a command builds from
/// its own flags) as analyze's arguments, so that its defaults and checks
/// apply; `who` names the command in the message of a failure that
/// cannot happen.
fn analyze_args(argv: Vec<std::ffi::OsString>, who: &str) -> Result<AnalyzeArgs> {
    let cli = Cli::try_parse_from(argv).map_err(|e| Error::Usage(e.to_string()))?;
    match cli.command {
        Command::Analyze(analyze) => Ok(analyze),
        _ => Err(Error::Usage(format!("internal: {who}'s analyze command line did not parse as analyze"))),
    }
}

impl CompareArgs {
    /// The run's settings (`arguments`: the command line, for the manifest).
    pub fn into_config(self, arguments: Vec<String>) -> CompareConfig {
        CompareConfig { old: self.old, new: self.new, out: self.out, force: self.force, quiet: self.quiet, arguments }
    }
}

fn parse_format(s: &str) -> std::result::Result<Format, String> {
    s.parse()
}

/// `--persona` values are the personas' names, any case. Implemented here,
/// not derived in `analysis`, so the analysis does not depend on clap.
impl clap::ValueEnum for Persona {
    fn value_variants<'a>() -> &'a [Self] {
        &Persona::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// `en,fr` as language tags; each must name a language (`und` does not).
fn parse_languages(spec: &str) -> std::result::Result<Vec<String>, String> {
    let mut tags = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let tag = crate::ingest::lang_tag(part)
            .ok_or_else(|| format!("'{part}' is not a language tag (two or three letters, such as en or fra)"))?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.is_empty() {
        return Err("no language given".into());
    }
    Ok(tags)
}

impl AnalyzeArgs {
    /// Checks values and builds the run's settings.
    pub fn into_config(self, arguments: Vec<String>) -> Result<AnalyzeConfig> {
        let usage = |flag: &str, e: String| Error::Usage(format!("invalid --{flag}: {e}"));
        let columns = match &self.reading.columns {
            Some(spec) => parse_column_map(spec).map_err(|e| usage("columns", e))?,
            None => Vec::new(),
        };
        let weights = match &self.weights {
            Some(spec) => KindWeights::parse(spec).map_err(|e| usage("weights", e))?,
            None => KindWeights::default(),
        };
        let time = |flag: &str, v: &Option<String>| -> Result<Option<(i64, String)>> {
            v.as_ref().map(|s| parse_bound(s).map(|t| (t, s.clone())).map_err(|e| usage(flag, e))).transpose()
        };
        let since = time("since", &self.reading.since)?;
        let until = time("until", &self.reading.until)?;
        if let (Some(s), Some(u)) = (&since, &until)
            && s.0 >= u.0
        {
            return Err(Error::Usage("--since must be before --until".into()));
        }
        let languages = self.reading.lang.as_deref().map(parse_languages).transpose().map_err(|e| usage("lang", e))?;
        let min_epsilon = crate::analysis::betweenness::MIN_EPSILON;
        if !(self.betweenness_epsilon >= min_epsilon && self.betweenness_epsilon < 1.0) {
            return Err(usage(
                "betweenness-epsilon",
                format!(
                    "{} is not between {min_epsilon} and 1 (smaller bounds need more samples than a run can take; \
                     for exact values raise --exact-betweenness-max)",
                    self.betweenness_epsilon
                ),
            ));
        }
        let betweenness = BetweennessSettings {
            exact_max_accounts: self.exact_betweenness_max,
            epsilon: self.betweenness_epsilon,
            seed: self.seed,
            ..BetweennessSettings::default()
        };
        let leiden = LeidenSettings { resolution: self.resolution, seed: self.seed, ..LeidenSettings::default() };
        leiden.validate()?;
        let pseudonymize = self.pseudonymize.as_deref().map(PseudonymKey::from_file).transpose()?;
        let pictures = self.pictures.settings(self.seed)?;
        if self.aggregate.is_some() {
            let r = &self.reading;
            let given = [
                ("--format", r.format.is_some()),
                ("--columns", r.columns.is_some()),
                ("--since", r.since.is_some()),
                ("--until", r.until.is_some()),
                ("--lang", r.lang.is_some()),
                ("--period", self.period.is_some()),
            ];
            if let Some((flag, _)) = given.iter().find(|(_, on)| *on) {
                return Err(Error::Usage(format!(
                    "{flag} cannot be used with --aggregate: the aggregate was read from the inputs already"
                )));
            }
        }
        Ok(AnalyzeConfig {
            aggregate: self.aggregate,
            inputs: self.inputs,
            out: self.out,
            format: self.reading.format,
            columns,
            columns_spec: self.reading.columns,
            weights,
            since,
            until,
            languages,
            threads: self.threads,
            seed: self.seed,
            betweenness,
            leiden,
            topics: self.topics,
            personas: self.personas,
            roster: self.roster,
            persona: self.persona,
            period: self.period,
            strict: self.strict,
            max_record_bytes: self.max_record_bytes,
            quiet: self.quiet,
            force: self.force,
            pseudonymize,
            key_file: self.pseudonymize,
            pictures,
            arguments,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Clap wraps a help text wider than the terminal (100 columns when it
    /// cannot tell) where the width runs out, and then the text's own line
    /// break follows: `render --help` broke a sentence in two that way.
    #[test]
    fn help_texts_break_their_lines_where_they_were_written() {
        for text in [EXIT_CODES, ANALYZE_HELP, SCOUT_HELP, VERIFY_HELP, RENDER_HELP, SUGGEST_HELP] {
            for line in text.lines() {
                assert!(line.chars().count() <= 100, "{} columns: {line}", line.chars().count());
            }
        }
    }
}
