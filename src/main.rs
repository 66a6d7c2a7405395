//! The `dolgraph` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use dolgraph::cli::{Cli, Command};

/// Ingest allocates many short-lived strings on several threads at once;
/// glibc's allocator spent a third of the run in malloc and free there.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().collect();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => {
            let quiet = args.quiet;
            args.into_config(arguments).and_then(|cfg| dolgraph::analyze(&cfg)).map(|s| {
                if !quiet {
                    eprintln!("{}", summary_line(&s));
                }
            })
        }
        Command::Render(args) => {
            let quiet = args.quiet;
            args.into_config().and_then(|cfg| dolgraph::render::render(&cfg).map(|w| (cfg, w))).map(|(cfg, w)| {
                if !quiet {
                    eprintln!("dolgraph: {} images -> {}", w.len(), cfg.dir.join("images").display());
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn summary_line(s: &dolgraph::RunSummary) -> String {
    let r = &s.records;
    let mut line = format!(
        "dolgraph: {} records from {} input{}: {} used, {} duplicates, {} skipped, {} rejected",
        r.read,
        s.inputs,
        if s.inputs == 1 { "" } else { "s" },
        r.used,
        r.duplicates,
        r.skipped,
        r.rejected
    );
    if r.rejected > 0 {
        line.push_str(&format!(" (see {})", s.out.join("rejects.jsonl").display()));
    }
    line.push_str(&format!("; {} accounts, {} edges -> {}", s.accounts, s.edges, s.out.display()));
    line
}
