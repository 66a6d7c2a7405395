//! The `dolgraph` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use dolgraph::cli::{Cli, Command};
use dolgraph::commands;

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
            args.into_config(arguments).and_then(|cfg| commands::analyze(&cfg)).map(|s| {
                warn(&s.warnings);
                if !quiet {
                    eprintln!("{}", summary_line(&s));
                }
            })
        }
        Command::Scout(args) => {
            args.into_config().and_then(|cfg| commands::scout::run(&cfg)).and_then(|text| out(&text))
        }
        Command::SuggestTopics(args) => {
            let quiet = args.run.quiet;
            args.into_config().and_then(|cfg| commands::suggest::run(&cfg)).and_then(|s| {
                warn(&s.warnings);
                if !quiet {
                    eprintln!("{}", dolgraph::visible::message(&s.summary));
                }
                out(&s.text)
            })
        }
        Command::Extract(args) => {
            let quiet = args.run.quiet;
            args.into_config().and_then(|cfg| commands::extract::extract(&cfg)).map(|x| {
                warn(&x.warnings);
                if !quiet {
                    let r = &x.records;
                    eprintln!(
                        "dolgraph: {} records from {} input{}: {} rejected, {} skipped -> {} shard set{}",
                        r.read,
                        x.shards.len(),
                        if x.shards.len() == 1 { "" } else { "s" },
                        r.rejected,
                        r.skipped,
                        x.shards.len(),
                        if x.shards.len() == 1 { "" } else { "s" }
                    );
                }
            })
        }
        Command::Verify(args) => commands::verify::verify(&args.dir, &mut std::io::stdout().lock()),
        Command::Compare(args) => {
            let cfg = args.into_config(arguments);
            commands::compare::compare(&cfg).map(|s| {
                warn(&s.warnings);
                if !cfg.quiet {
                    let [new, rising, steady, falling, gone] = s.counts;
                    eprintln!(
                        "dolgraph: {new} new, {rising} rising, {steady} steady, {falling} falling, {gone} gone -> {}",
                        s.out.join("movers.csv").display()
                    );
                }
            })
        }
        Command::Personas => out(dolgraph::analysis::persona::DEFAULT_RULES),
        Command::Render(args) => {
            args.into_config().and_then(|cfg| commands::render::render(&cfg).map(|r| (cfg, r))).map(|(cfg, r)| {
                warn(&r.warnings);
                if !cfg.quiet {
                    eprintln!("dolgraph: {} images -> {}", r.images.len(), cfg.dir.join("images").display());
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of stdout left (`dolgraph verify DIR | head -1`): not a failure.
        Err(dolgraph::Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Messages quote inputs (a first line, a header, a record):
            // control and text-direction characters are shown as escapes.
            eprintln!("error: {}", dolgraph::visible::message(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Prints what went wrong after a run's results were in place (even with
/// --quiet: the exit status is 0 and this is the only sign).
fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {}", dolgraph::visible::message(w));
    }
}

/// Writes to stdout. `print!` panics when the reader has gone (a closed
/// pipe); this returns the error, which `main` takes as a quiet end.
fn out(text: &str) -> dolgraph::Result<()> {
    commands::verify::write(&mut std::io::stdout().lock(), text)
}

/// The one line a finished run prints: what was read, and how. The format
/// of each input is named so that a wrong detection is seen: by file for a
/// few inputs, as counts per format for many.
fn summary_line(s: &dolgraph::RunSummary) -> String {
    let r = &s.records;
    let formats = match s.formats.as_slice() {
        [(_, format)] => format.clone(),
        few if few.len() <= 6 => {
            let name =
                |p: &str| std::path::Path::new(p).file_name().map_or(p.to_string(), |n| n.to_string_lossy().into());
            few.iter().map(|(p, f)| format!("{}: {f}", name(p))).collect::<Vec<_>>().join(", ")
        }
        many => {
            let mut counts = std::collections::BTreeMap::<&str, usize>::new();
            many.iter().for_each(|(_, f)| *counts.entry(f.as_str()).or_default() += 1);
            counts.iter().map(|(f, n)| format!("{n} {f}")).collect::<Vec<_>>().join(", ")
        }
    };
    let mut line = format!(
        "dolgraph: {} records from {} input{} ({}): {} used, {} duplicates, {} skipped, {} rejected",
        r.read,
        s.inputs,
        if s.inputs == 1 { "" } else { "s" },
        dolgraph::visible::message(&formats),
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
