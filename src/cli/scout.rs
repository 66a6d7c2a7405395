//! `scout`'s arguments to its settings. Scouting from inputs runs
//! `analyze` with the settings its own command line would give (the
//! arguments are parsed as an `analyze` command line), so a default or a
//! check added to analyze applies here too.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{OutputFormat, ScoutArgs};
use crate::config::{AnalyzeConfig, ListFormat, ScoutConfig, ScoutFrom, ScoutQuery};
use crate::error::{Error, Result};

impl ScoutArgs {
    /// Checks values and builds the run's settings.
    pub fn into_config(self) -> Result<ScoutConfig> {
        let from = match &self.from {
            Some(dir) => ScoutFrom::Folder(dir.clone()),
            None => ScoutFrom::Inputs(Box::new(analyze_config(&self)?)),
        };
        Ok(ScoutConfig {
            query: ScoutQuery {
                topic: self.topic,
                near: self.near,
                persona: self.persona,
                community: self.community,
                limit: self.limit,
            },
            from,
            output: match self.output_format {
                OutputFormat::Table => ListFormat::Table,
                OutputFormat::Csv => ListFormat::Csv,
                OutputFormat::Json => ListFormat::Json,
            },
        })
    }
}

/// The `analyze` run of `dolgraph analyze INPUT... --topics FILE --out OUT`
/// (with `--roster`, `--format` and `--quiet` when scout has them); its
/// `out` is a placeholder, which the command replaces by a temporary folder.
fn analyze_config(args: &ScoutArgs) -> Result<AnalyzeConfig> {
    let Some(topics) = &args.topics else {
        return Err(Error::Usage("scouting from inputs needs --topics FILE (or use --from DIR)".into()));
    };
    let mut argv: Vec<OsString> = ["dolgraph", "analyze", "--out"].map(OsString::from).to_vec();
    argv.extend([PathBuf::from("out").into_os_string(), "--topics".into(), topics.clone().into_os_string()]);
    if let Some(r) = &args.roster {
        argv.extend(["--roster".into(), r.clone().into_os_string()]);
    }
    if let Some(f) = args.format {
        argv.extend(["--format".into(), f.name().into()]);
    }
    if args.quiet {
        argv.push("--quiet".into());
    }
    argv.push("--".into());
    argv.extend(args.inputs.iter().map(|p| p.clone().into_os_string()));
    super::analyze_args(argv, "scout")?.into_config(std::env::args().collect())
}
