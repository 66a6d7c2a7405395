//! Options of the community pictures, shared by `analyze` and `render`,
//! and the `render` subcommand's own arguments.

use std::path::PathBuf;

use clap::Args;

use crate::config::RenderConfig;
use crate::error::{Error, Result};
use crate::report::pictures::{PictureSettings, Renderer};

#[derive(Debug, Args)]
pub struct PictureArgs {
    /// Accounts drawn large and labelled in each community picture (the
    /// community's leaders on its topic, then the top accounts by score);
    /// a small community gets fewer (half its members, at least 8).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub accounts_per_picture: usize,

    /// Communities smaller than this get no picture of their own.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_community_size: usize,

    /// At most this many community pictures, for the largest communities.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub max_pictures: usize,

    /// Who draws images/: `builtin` (our layout, needs nothing installed)
    /// or `graphviz` (sfdp on graphs/*.dot; needs Graphviz's `dot`).
    #[arg(long, value_name = "NAME", default_value = "builtin", value_parser = parse_renderer)]
    pub renderer: Renderer,
}

fn parse_renderer(s: &str) -> std::result::Result<Renderer, String> {
    s.parse()
}

impl PictureArgs {
    pub fn settings(&self, seed: u64) -> Result<PictureSettings> {
        if self.accounts_per_picture == 0 {
            return Err(Error::Usage("invalid --accounts-per-picture: must be at least 1".into()));
        }
        Ok(PictureSettings {
            accounts_per_picture: self.accounts_per_picture,
            min_community_size: self.min_community_size,
            max_pictures: self.max_pictures,
            renderer: self.renderer,
            seed,
            ..PictureSettings::default()
        })
    }
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// An output folder of `dolgraph analyze` (reads accounts.csv,
    /// edges.csv and communities.csv; replaces images/ and graphs/).
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,

    #[command(flatten)]
    pub pictures: PictureArgs,

    /// Seed of the layout [default: the seed of the analyze run, from
    /// manifest.json, so the pictures come out the same].
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Worker threads, 1 to 256 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = crate::par::parse_threads)]
    pub threads: Option<usize>,

    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RenderArgs {
    /// Checks values and builds the run's settings; the seed is the
    /// analyze run's unless `--seed` is given (read by the command).
    pub fn into_config(self) -> Result<RenderConfig> {
        Ok(RenderConfig {
            pictures: self.pictures.settings(self.seed.unwrap_or_default())?,
            seed: self.seed,
            dir: self.from,
            threads: self.threads,
            quiet: self.quiet,
        })
    }
}
