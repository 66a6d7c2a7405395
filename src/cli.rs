//! Command-line definitions (clap derive) and their translation into
//! validated settings. No logic beyond parsing and checking values.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::analysis::betweenness::BetweennessSettings;
use crate::analysis::communities::LeidenSettings;
use crate::error::{Error, Result};
use crate::graph::KindWeights;
use crate::ingest::Format;
use crate::ingest::csv_export::parse_column_map;
use crate::ingest::time::parse_time;
use crate::run::AnalyzeConfig;

mod pictures;
pub use pictures::{PictureArgs, RenderArgs};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (rejected records, if any, are listed in OUT/rejects.jsonl)
  1  the run failed: unreadable or empty input, unknown format, output not writable,
     a bad record under --strict
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
    /// Redraw the community pictures of an output folder with other
    /// picture options, without recomputing.
    #[command(after_help = RENDER_HELP)]
    Render(RenderArgs),
}

const RENDER_HELP: &str = "\
Example:
  dolgraph render --from results --accounts-per-picture 25 --min-community-size 50

Reads OUT/accounts.csv, OUT/edges.csv and OUT/communities.csv and replaces
OUT/images/ and OUT/graphs/. With the analyze run's options and seed (read from
OUT/manifest.json) it draws the same pictures as analyze did.

Exit codes: 0 success, 1 failed run, 2 usage error.";

const ANALYZE_HELP: &str = "\
Example:
  dolgraph analyze data/sample/*.jsonl data/sample/*.csv --out results

Writes OUT/accounts.csv, OUT/edges.csv, OUT/manifest.json and OUT/rejects.jsonl,
and community pictures in OUT/images/ (SVG and PNG) with their DOT files in
OUT/graphs/; redraw them with `dolgraph render --from OUT`.
Inputs may be gzip-compressed and of different formats; each format is detected
from the content.

Exit codes: 0 success, 1 failed run, 2 usage error.";

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files of posts or edges (JSON lines, CSV, edge lists; .gz is fine).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output folder; replaced atomically at the end of the run.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Read every input as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// CSV columns under other names, e.g. `author=screen_name,text=body`.
    ///
    /// Fields: post_id, author, created_at, text, reply_to, reply_to_post,
    /// quote_of, repost_of, repost_of_post, mentions, hashtags, author_name,
    /// author_bio, followers.
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub columns: Option<String>,

    /// Weight of each interaction kind, e.g. `mention=0.25,repost=2`.
    ///
    /// Defaults: reply=1, quote=1, repost=1, mention=0.5, interaction=1
    /// (edge-list rows without a kind).
    #[arg(long, value_name = "KIND=WEIGHT,...")]
    pub weights: Option<String>,

    /// Skip posts before this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Skip posts at or after this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

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

    /// Stop at the first bad record instead of reporting it and going on.
    #[arg(long)]
    pub strict: bool,

    /// Replace OUT even if it was not written by dolgraph.
    #[arg(long)]
    pub force: bool,

    /// No progress bars and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub pictures: PictureArgs,
}

fn parse_format(s: &str) -> std::result::Result<Format, String> {
    s.parse()
}

impl AnalyzeArgs {
    /// Checks values and builds the run's settings.
    pub fn into_config(self, arguments: Vec<String>) -> Result<AnalyzeConfig> {
        let usage = |flag: &str, e: String| Error::Usage(format!("invalid --{flag}: {e}"));
        let columns = match &self.columns {
            Some(spec) => parse_column_map(spec).map_err(|e| usage("columns", e))?,
            None => Vec::new(),
        };
        let weights = match &self.weights {
            Some(spec) => KindWeights::parse(spec).map_err(|e| usage("weights", e))?,
            None => KindWeights::default(),
        };
        let time = |flag: &str, v: &Option<String>| -> Result<Option<(i64, String)>> {
            v.as_ref()
                .map(|s| {
                    parse_time(s)
                        .map(|t| (t, s.clone()))
                        .ok_or_else(|| usage(flag, format!("'{s}' is not a time (use RFC 3339 or YYYY-MM-DD)")))
                })
                .transpose()
        };
        let since = time("since", &self.since)?;
        let until = time("until", &self.until)?;
        if let (Some(s), Some(u)) = (&since, &until)
            && s.0 >= u.0
        {
            return Err(Error::Usage("--since must be before --until".into()));
        }
        if !(self.betweenness_epsilon > 0.0 && self.betweenness_epsilon < 1.0) {
            return Err(usage("betweenness-epsilon", format!("{} is not between 0 and 1", self.betweenness_epsilon)));
        }
        let betweenness = BetweennessSettings {
            exact_max_accounts: self.exact_betweenness_max,
            epsilon: self.betweenness_epsilon,
            seed: self.seed,
            ..BetweennessSettings::default()
        };
        let leiden = LeidenSettings { resolution: self.resolution, seed: self.seed, ..LeidenSettings::default() };
        leiden.validate()?;
        let pictures = self.pictures.settings(self.seed)?;
        Ok(AnalyzeConfig {
            inputs: self.inputs,
            out: self.out,
            format: self.format,
            columns,
            columns_spec: self.columns,
            weights,
            since,
            until,
            threads: self.threads.map(NonZeroUsize::get),
            seed: self.seed,
            betweenness,
            leiden,
            strict: self.strict,
            quiet: self.quiet,
            force: self.force,
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
}
