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
                warn(&s.warnings);
                if !quiet {
                    eprintln!("{}", summary_line(&s));
                }
            })
        }
        Command::Scout(args) => dolgraph::scout(args).map(|text| print!("{text}")),
        Command::Verify(args) => verify(&args.dir),
        Command::Render(args) => {
            let quiet = args.quiet;
            args.into_config().and_then(|cfg| dolgraph::render::render(&cfg).map(|r| (cfg, r))).map(|(cfg, r)| {
                warn(&r.warnings);
                if !quiet {
                    eprintln!("dolgraph: {} images -> {}", r.images.len(), cfg.dir.join("images").display());
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

/// `dolgraph verify DIR`: one line per file on stdout; exit 1 when any
/// file changed, went missing or was added.
fn verify(dir: &std::path::Path) -> dolgraph::Result<()> {
    let v = dolgraph::report::audit::verify(dir)?;
    for f in &v.findings {
        println!("{}", dolgraph::visible::message(&f.to_string()));
    }
    let bad = v.findings.iter().filter(|f| !f.is_intact()).count();
    if bad > 0 {
        return Err(dolgraph::Error::Input {
            path: dir.to_path_buf(),
            reason: format!("{bad} of {} files changed, missing or added since the run wrote them", v.findings.len()),
        });
    }
    println!("intact: {} files match the manifest (manifest.json SHA-256 {})", v.findings.len(), v.manifest_sha256);
    Ok(())
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
