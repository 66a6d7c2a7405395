//! The `scout` command: ranks collaborator candidates from an output
//! folder, or from inputs analyzed into a temporary folder first, and
//! prints them as the user asked.
//!
//! Scouting from inputs runs `analyze` with the settings its own command
//! line would give (the arguments are parsed as an `analyze` command), so
//! a default or a check added to analyze applies here too.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::PathBuf;

use clap::Parser;

use super::{Cli, Command, OutputFormat, ScoutArgs};
use crate::analysis::persona::PERSONAS;
use crate::error::{Error, Result};
use crate::report::folder::Folder;
use crate::scout::{ScoutQuery, scout};

/// Runs `scout`; returns the text to print on stdout.
pub fn run(args: ScoutArgs) -> Result<String> {
    let query = ScoutQuery {
        topic: args.topic.clone(),
        near: args.near.clone(),
        persona: args.persona.map(|p| PERSONAS[p as usize].to_string()),
        community: args.community,
        limit: args.limit,
    };
    let list = match &args.from {
        Some(dir) => Folder::read(dir).and_then(|f| scout(&f, &query))?,
        None => {
            let temp = TempDir::create()?;
            let out = temp.0.join("out");
            crate::analyze(&analyze_config(&args, out.clone())?)?;
            Folder::read(&out).and_then(|f| scout(&f, &query))?
        }
    };
    Ok(match args.output_format {
        OutputFormat::Table => crate::report::scout::table(&list, !args.near.is_empty()),
        OutputFormat::Csv => crate::report::scout::csv(&list),
        OutputFormat::Json => crate::report::scout::json(&list),
    })
}

/// The `analyze` run of `dolgraph analyze INPUT... --topics FILE --out OUT`
/// (with `--format` and `--quiet` when scout has them).
fn analyze_config(args: &ScoutArgs, out: PathBuf) -> Result<crate::AnalyzeConfig> {
    let Some(topics) = &args.topics else {
        return Err(Error::Usage("scouting from inputs needs --topics FILE (or use --from DIR)".into()));
    };
    let mut argv: Vec<OsString> = ["dolgraph", "analyze", "--out"].map(OsString::from).to_vec();
    argv.extend([out.into_os_string(), "--topics".into(), topics.clone().into_os_string()]);
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
    let cli = Cli::try_parse_from(argv).map_err(|e| Error::Usage(e.to_string()))?;
    let Command::Analyze(analyze) = cli.command else {
        return Err(Error::Usage("internal: scout's analyze command line did not parse as analyze".into()));
    };
    analyze.into_config(std::env::args().collect())
}

/// A fresh private folder under the system's temporary folder, removed
/// when dropped (also when the run fails).
struct TempDir(PathBuf);

impl TempDir {
    fn create() -> Result<TempDir> {
        let base = std::env::temp_dir();
        for i in 0..100u32 {
            let p = base.join(format!("dolgraph-scout-{}-{i}", std::process::id()));
            match fs::create_dir(&p) {
                Ok(()) => return Ok(TempDir(p)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(Error::Write { path: p, source }),
            }
        }
        Err(Error::Write { path: base, source: io::Error::other("no free temporary folder name") })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
