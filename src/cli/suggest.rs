//! `suggest-topics`' arguments to its settings. Its inputs are read as
//! `analyze` reads them: the reading flags are parsed as an `analyze`
//! command line (as scout does), so a check added to analyze applies here.

use std::ffi::OsString;

use clap::Parser;

use super::{Cli, Command, SuggestArgs};
use crate::analysis::suggest::SuggestSettings;
use crate::config::SuggestConfig;
use crate::error::{Error, Result};

impl SuggestArgs {
    /// Checks values and builds the run's settings.
    pub fn into_config(self) -> Result<SuggestConfig> {
        let mut argv: Vec<OsString> = ["dolgraph", "analyze", "--out", "out"].map(OsString::from).to_vec();
        let mut flag = |name: &str, value: Option<OsString>| {
            if let Some(v) = value {
                argv.extend([OsString::from(name), v]);
            }
        };
        flag("--topics", self.topics.clone().map(Into::into));
        flag("--format", self.format.map(|f| f.name().into()));
        flag("--columns", self.columns.clone().map(Into::into));
        flag("--since", self.since.clone().map(Into::into));
        flag("--until", self.until.clone().map(Into::into));
        flag("--lang", self.lang.clone().map(Into::into));
        flag("--threads", self.threads.map(|n| n.to_string().into()));
        flag("--max-record-bytes", Some(self.max_record_bytes.to_string().into()));
        if self.strict {
            argv.push("--strict".into());
        }
        if self.quiet {
            argv.push("--quiet".into());
        }
        argv.push("--".into());
        argv.extend(self.inputs.iter().map(|p| p.clone().into_os_string()));
        let cli = Cli::try_parse_from(argv).map_err(|e| Error::Usage(e.to_string()))?;
        let Command::Analyze(analyze) = cli.command else {
            return Err(Error::Usage("internal: suggest-topics' reading flags did not parse as analyze".into()));
        };
        let read = analyze.into_config(std::env::args().collect())?;
        let settings = SuggestSettings { min_posts: self.min_posts, limit: self.limit as usize };
        Ok(SuggestConfig { read, settings })
    }
}
