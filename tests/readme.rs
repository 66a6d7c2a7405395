//! The README's recipes, run as written: every `dolgraph ...` command in
//! the code blocks of its sections "The two commands", "Recipes",
//! "Scouting collaborators" and "Hashtags that travel together", and in
//! the inline code of "Recipes" (elsewhere
//! inline code names a command in passing), read from README.md itself so
//! that a recipe edited later is still what is tested. They run in README
//! order, in a folder that holds the sample as the recipes expect it:
//! `data/` (the repository's), `posts/*.jsonl` (the sample's JSON lines)
//! and `my-topics.toml` (a copy of data/topics.toml). `cargo run --release
//! --` stands for the installed `dolgraph` (the README says so), which is
//! the binary under test, first on the PATH. The examples of `--help` are
//! run the same way.

use std::path::Path;

use crate::util::{TestDir, root};

/// The sections whose commands are recipes (the synopsis under "Command
/// line" and the benchmark commands are not).
const SECTIONS: [&str; 4] = ["The two commands", "Recipes", "Scouting collaborators", "Hashtags that travel together"];

/// A command of the README: the shell line as written (with `cargo run
/// --release --` made `dolgraph`), and, for a fenced `$ dolgraph ...`
/// example, the output lines it shows.
#[derive(Debug)]
struct Recipe {
    command: String,
    shown: Vec<String>,
}

/// The recipes of `readme`, in order.
fn recipes(readme: &str) -> Vec<Recipe> {
    let mut out = Vec::new();
    let mut section = "";
    let mut prose = String::new();
    let mut lines = readme.lines();
    let flush = |prose: &mut String, out: &mut Vec<Recipe>| {
        // Inline code spans, joined across line breaks.
        for (i, span) in prose.split('`').enumerate() {
            let span = span.split_whitespace().collect::<Vec<_>>().join(" ");
            if i % 2 == 1 && span.starts_with("dolgraph ") {
                out.push(Recipe { command: span, shown: Vec::new() });
            }
        }
        prose.clear();
    };
    while let Some(line) = lines.next() {
        let in_recipes = SECTIONS.contains(&section);
        if let Some(title) = line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
            flush(&mut prose, &mut out);
            section = title.trim();
            continue;
        }
        if !line.starts_with("```") {
            if section == "Recipes" {
                prose.push_str(line);
                prose.push('\n');
            }
            continue;
        }
        flush(&mut prose, &mut out);
        let block: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
        if !in_recipes {
            continue;
        }
        let mut i = 0;
        while i < block.len() {
            let line = block[i].trim();
            i += 1;
            if let Some(rest) = line.strip_prefix("cargo run --release -- ") {
                out.push(Recipe { command: format!("dolgraph {rest}"), shown: Vec::new() });
            } else if let Some(command) = line.strip_prefix("$ ").filter(|c| c.starts_with("dolgraph ")) {
                let shown = block[i..].iter().take_while(|l| !l.starts_with("$ ")).map(|l| l.to_string()).collect();
                out.push(Recipe { command: command.to_string(), shown });
            } else if line.starts_with("dolgraph ") {
                out.push(Recipe { command: line.to_string(), shown: Vec::new() });
            }
        }
    }
    flush(&mut prose, &mut out);
    out
}

/// Field `index` of each line of a table (scout's rank, then handle).
fn column(lines: &[String], index: usize) -> Vec<String> {
    lines.iter().filter_map(|l| l.split_whitespace().nth(index).map(str::to_string)).collect()
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

#[test]
fn every_readme_recipe_runs_as_written_on_the_sample() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let recipes = recipes(&readme);
    // The first command, the therapeutic-area, scout, render and verify
    // recipes, the scout example: a README that lost them fails here.
    assert!(recipes.len() >= 6, "{recipes:#?}");
    assert!(recipes[0].command.starts_with("dolgraph analyze data/sample/"), "{recipes:#?}");

    run_on_the_sample(&recipes[0].command, &recipes[1..]);
}

/// The examples of `dolgraph --help` and of each subcommand's `--help`,
/// run the same way, after the README's first command.
#[test]
fn every_help_example_runs_as_written_on_the_sample() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let first = recipes(&readme).remove(0).command;
    let mut examples = Vec::new();
    for args in [&[][..], &["analyze"], &["scout"], &["render"], &["verify"], &["personas"], &["suggest-topics"]] {
        let o = crate::util::dolgraph().args(args).arg("--help").output().expect("run dolgraph --help");
        let help = String::from_utf8_lossy(&o.stdout).into_owned();
        let mut lines = help.lines().skip_while(|l| !l.starts_with("Example")).skip(1);
        let mut command = String::new();
        for line in lines.by_ref().take_while(|l| !l.trim().is_empty()) {
            command.push_str(line.trim().trim_end_matches('\\'));
            if line.ends_with('\\') {
                continue;
            }
            examples.push(Recipe { command: std::mem::take(&mut command), shown: Vec::new() });
        }
    }
    // analyze, scout (3), render, verify at the top and in each
    // subcommand, and personas.
    assert!(examples.len() >= 9, "{examples:#?}");
    assert!(examples.iter().all(|e| e.command.starts_with("dolgraph ")), "{examples:#?}");
    run_on_the_sample(&first, &examples);
}

/// Runs `first` in a folder that holds the sample as the recipes expect
/// it, then each of `commands` on its own copy of what `first` left
/// (results/ of the whole sample), as a reader following the README from
/// the top would: each exits 0, a scout lists candidates, and an example
/// that shows its output prints those ranks and handles.
fn run_on_the_sample(first: &str, commands: &[Recipe]) {
    let base = TestDir::new();
    std::os::unix::fs::symlink(root().join("data"), base.path("data")).expect("link data/");
    std::fs::create_dir(base.path("posts")).expect("posts/");
    for f in ["x-v2.jsonl", "mastodon.jsonl"] {
        copy(&root().join("data/sample").join(f), &base.path("posts").join(f));
    }
    copy(&root().join("data/topics.toml"), &base.path("my-topics.toml"));
    let bin = Path::new(env!("CARGO_BIN_EXE_dolgraph")).parent().expect("the binary's folder").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let sh = |command: &str, dir: &Path| {
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(dir)
            .env("PATH", &path)
            .output()
            .expect("run sh");
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success(), "{command}\n{stdout}{}", String::from_utf8_lossy(&o.stderr));
        stdout
    };
    sh(first, base.dir.path());
    for r in commands {
        let t = TestDir::new();
        let copied =
            std::process::Command::new("cp").arg("-a").arg(base.dir.path().join(".")).arg(t.dir.path()).status();
        assert!(copied.is_ok_and(|s| s.success()), "cp -a");
        let stdout = sh(&r.command, t.dir.path());
        if r.command.starts_with("dolgraph scout") && !r.command.contains("--output-format") {
            assert!(stdout.starts_with("rank  handle"), "{}: {stdout}", r.command);
        }
        if r.command.starts_with("dolgraph scout") {
            assert!(stdout.lines().count() > 1, "{}: no candidates\n{stdout}", r.command);
        }
        if !r.shown.is_empty() {
            // The example shows the ranks and handles this command prints.
            let printed: Vec<String> = stdout.lines().map(str::to_string).collect();
            assert_eq!(column(&r.shown, 1), column(&printed, 1), "{}\n{stdout}", r.command);
            assert_eq!(column(&r.shown, 0), column(&printed, 0), "{}\n{stdout}", r.command);
        }
    }
}
