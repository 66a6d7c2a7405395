//! The bad-input corpus (tests/data/bad/): for every file, the exit code,
//! the exact message or every line of rejects.jsonl, and the manifest's
//! record counts, with read = used + rejected + duplicates + skipped.

use std::path::Path;
use std::process::Output;

use crate::util::{TestDir, check_accounting, dolgraph, read_json, root, stderr};

/// Runs `analyze` from the repository root on `tests/data/bad/<file>` (so
/// rejects.jsonl names the file as given), writing into `t`/out.
fn analyze(t: &TestDir, file: &str, extra: &[&str]) -> Output {
    let input = format!("tests/data/bad/{file}");
    let out = t.path("out");
    let mut cmd = dolgraph();
    cmd.current_dir(root()).args(["analyze", &input, "-q", "--out"]).arg(&out).args(extra);
    cmd.output().expect("run dolgraph")
}

/// The (line, reason) pairs of rejects.jsonl for `file`.
fn rejects(dir: &Path, file: &str) -> Vec<(u64, String)> {
    let text = std::fs::read_to_string(dir.join("rejects.jsonl")).expect("rejects.jsonl");
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|v| v["file"] == file)
        .map(|v| (v["line"].as_u64().expect("line"), v["reason"].as_str().expect("reason").to_string()))
        .collect()
}

/// (read, used, rejected, duplicates, skipped) of the only input.
type Counts = (u64, u64, u64, u64, u64);

/// A file that is read with some records rejected: exit 0, the rejects
/// exactly, the counts exactly, and the unresolved references.
fn partly_bad(file: &str, counts: Counts, unresolved: u64, want: &[(u64, &str)]) {
    partly_bad_as(file, &[], counts, unresolved, want);
}

/// [`partly_bad`] with more arguments (a forced `--format`).
fn partly_bad_as(file: &str, extra: &[&str], counts: Counts, unresolved: u64, want: &[(u64, &str)]) {
    let t = TestDir::new();
    let o = analyze(&t, file, extra);
    assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
    assert_eq!(stderr(&o), "", "{file}: -q prints nothing on success");
    let out = t.path("out");
    let got = rejects(&out, &format!("tests/data/bad/{file}"));
    let want: Vec<(u64, String)> = want.iter().map(|(l, r)| (*l, r.to_string())).collect();
    assert_eq!(got, want, "{file}");
    let all = std::fs::read_to_string(out.join("rejects.jsonl")).expect("rejects.jsonl");
    assert_eq!(all.lines().count(), got.len(), "{file}: every reject names the file as given");
    let manifest = read_json(&out.join("manifest.json"));
    let r = &check_accounting(&manifest)[0];
    let n = |k: &str| r[k].as_u64().expect("count");
    assert_eq!((n("read"), n("used"), n("rejected"), n("duplicates"), n("skipped")), counts, "{file}");
    assert_eq!(manifest["totals"]["unresolved_references"], unresolved, "{file}");
    let by_reason: u64 = manifest["inputs"][0]["rejected_by_reason"]
        .as_object()
        .expect("by reason")
        .values()
        .filter_map(|v| v.as_u64())
        .sum();
    assert_eq!(by_reason, counts.2, "{file}: rejected_by_reason adds up");
}

/// A file that stops the run: exit 1, the exact message, no output folder.
fn fails(file: &str, extra: &[&str], message: &str) {
    let t = TestDir::new();
    let o = analyze(&t, file, extra);
    assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
    assert_eq!(stderr(&o), message, "{file}");
    assert!(!t.path("out").exists(), "{file}: a failed run leaves no output folder");
}

/// The stderr of a run whose only input is left out for `problem`.
fn left_out(problem: &str) -> String {
    format!(
        "warning: {problem}\n  (this input is left out; the run goes on with the others)\nerror: no usable records in the inputs (1 input not read, reported above)\n"
    )
}

#[test]
fn x_v2_truncated_line() {
    partly_bad(
        "x-v2-truncated.jsonl",
        (2, 1, 1, 0, 0),
        0,
        &[(2, "invalid JSON: EOF while parsing a string at column 39")],
    );
}

#[test]
fn x_v2_invalid_utf8() {
    partly_bad("x-v2-invalid-utf8.jsonl", (2, 1, 1, 0, 0), 0, &[(2, "line is not valid UTF-8 (byte 48)")]);
}

#[test]
fn x_v2_wrong_types() {
    partly_bad(
        "x-v2-wrong-types.jsonl",
        (7, 1, 6, 0, 0),
        0,
        &[
            (
                2,
                "unexpected JSON value: invalid type: string \"not a list\", expected a tweet or a list of tweets at column 20",
            ),
            (3, "unexpected JSON value: invalid type: integer `42`, expected a string at column 45"),
            (4, "unexpected JSON value: invalid type: map, expected a string at column 15"),
            (5, "record 1 of the list: not a JSON object"),
            (5, "record 2 of the list: not a JSON object"),
            (5, "record 3 of the list: not a JSON object"),
        ],
    );
}

#[test]
fn x_v2_missing_authors() {
    partly_bad(
        "x-v2-missing-author.jsonl",
        (4, 1, 3, 0, 0),
        0,
        &[(2, "tweet '2' has no author_id"), (3, "tweet '3' has no author_id"), (4, "tweet has no id")],
    );
}

#[test]
fn x_v2_deleted_and_unknown_references_are_counted_not_rejected() {
    // A reply to a deleted tweet and a quote of an unseen one are posts
    // (their authors posted them) with a link that cannot be resolved; an
    // unknown reference type is ignored; the repeated first line is a duplicate.
    partly_bad("x-v2-unknown-refs.jsonl", (5, 4, 0, 1, 0), 2, &[]);
}

#[test]
fn x_v1_bad_lines() {
    partly_bad(
        "x-v1-bad.jsonl",
        (7, 3, 3, 0, 1),
        1,
        &[
            (2, "unexpected JSON value: invalid type: string \"a\", expected a user object at column 42"),
            (3, "status '102' has no user id"),
            (7, "invalid JSON: EOF while parsing a string at column 34"),
        ],
    );
}

#[test]
fn bluesky_bad_lines() {
    partly_bad(
        "bluesky-bad.jsonl",
        (8, 2, 5, 0, 1),
        1,
        &[
            (
                2,
                "unexpected JSON value: invalid type: string \"oops\", expected a Jetstream commit object at column 64",
            ),
            (3, "commit event has no commit"),
            (4, "commit event has no did"),
            (6, "repost 'at://did:plc:aaa/app.bsky.feed.repost/3k3' has no subject uri"),
            (8, "invalid JSON: EOF while parsing a string at column 45"),
        ],
    );
}

#[test]
fn mastodon_bad_lines() {
    partly_bad(
        "mastodon-bad.jsonl",
        (7, 4, 2, 0, 1),
        2,
        &[
            (2, "status '2' has no account"),
            (3, "unexpected JSON value: invalid type: integer `42`, expected an account object at column 83"),
        ],
    );
}

/// A Bluesky feed saved whole (pretty-printed): each bad record is one
/// reject at the line it starts on, with its place in the feed.
#[test]
fn bluesky_feed_document_with_bad_records() {
    partly_bad(
        "bluesky-feed-bad.json",
        (5, 1, 4, 0, 0),
        0,
        &[
            (
                17,
                "record 2 of the feed: unexpected JSON value: invalid type: string \"oops\", expected a sequence at its line 12, column 21",
            ),
            (32, "record 3 of the feed: not a JSON object"),
            (
                33,
                "record 4 of the feed: post view 'at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3k4' has no author did",
            ),
            (39, "record 5 of the feed: repost reason has no 'by' did"),
        ],
    );
}

/// A Mastodon timeline array whose download stopped inside the third
/// status: the two complete statuses are read, the cut one is a reject.
#[test]
fn mastodon_array_cut_short() {
    partly_bad(
        "mastodon-array-cut.json",
        (3, 2, 1, 0, 0),
        0,
        &[(41, "record 3 of the list: the JSON text ends inside a string (cut short?)")],
    );
}

#[test]
fn csv_bad_rows() {
    partly_bad(
        "csv-bad-rows.csv",
        (6, 1, 5, 0, 0),
        0,
        &[
            (3, "row has no author"),
            (4, "created_at 'not a date' is not a date"),
            (5, "CSV row has 2 fields, the header has 4"),
            (6, "column 'text' is not valid UTF-8"),
            (7, "CSV row has 5 fields, the header has 4"),
        ],
    );
}

#[test]
fn csv_quote_never_closed_is_rejected_not_swallowed() {
    // Before the fix, the open quote silently swallowed rows 4 and 5 into
    // row 3's text, and the row was used.
    partly_bad(
        "csv-broken-quote.csv",
        (2, 1, 1, 0, 0),
        0,
        &[(
            3,
            "quoted field never closed: the row starting on line 3 runs to the end of the file (close the quote, or double a quote meant as text)",
        )],
    );
}

/// An edge CSV whose first rows do not all read as edges is not detected
/// as one (any text with a `source,target` header would be); named with
/// `--format edge-csv`, each bad row is a reject.
#[test]
fn edge_csv_bad_rows() {
    fails(
        "edges-bad.csv",
        &[],
        &cannot_detect(
            "edges-bad.csv",
            "its header names source and target, but line 3 does not read as an edge: edge has an empty source or target",
            "If it is an edge CSV, name it with --format edge-csv: the rows that do not read as edges are then rejected, with their reason, in rejects.jsonl.",
        ),
    );
    partly_bad_as(
        "edges-bad.csv",
        &["--format", "edge-csv"],
        (8, 1, 7, 0, 0),
        0,
        &[
            (3, "edge has an empty source or target"),
            (4, "edge has an empty source or target"),
            (5, "weight 'heavy' is not a non-negative number"),
            (6, "unknown interaction kind 'like' (use reply, quote, repost, mention, or RE, QT, RT, MT)"),
            (7, "weight '-1' is not a non-negative number"),
            // Sums of such weights overflow, or shares divide by a denormal.
            (8, "weight 1e308 is outside the accepted range: 0, or 1e-9 to 1e9"),
            (9, "weight 1e-320 is outside the accepted range: 0, or 1e-9 to 1e9"),
        ],
    );
}

/// Names and ids with control and text-direction characters: every record
/// is used, and the tables show escapes, never the raw characters.
#[test]
fn hostile_names() {
    partly_bad("csv-hostile-names.csv", (3, 3, 0, 0, 0), 0, &[]);
    let t = TestDir::new();
    assert_eq!(analyze(&t, "csv-hostile-names.csv", &[]).status.code(), Some(0));
    let accounts = std::fs::read_to_string(t.path("out/accounts.csv")).expect("accounts.csv");
    assert!(!accounts.contains('\u{1b}') && !accounts.contains('\u{202e}') && !accounts.contains('\u{1}'));
    assert!(accounts.contains("Dr \\u{001B}[2JAna") && accounts.contains("x\\u{0001}"), "{accounts}");
}

/// Lines of different shapes are no evidence of an edge list: refused
/// unless named with `--format edge-list`, which rejects each bad line.
#[test]
fn edge_list_bad_lines() {
    fails(
        "edges-bad.txt",
        &[],
        &cannot_detect(
            "edges-bad.txt",
            "it reads as an edge list only in part: line 2: expected 2 to 4 fields (a b [time] [kind]), found 1",
            EDGES_IN_PART,
        ),
    );
    partly_bad_as(
        "edges-bad.txt",
        &["--format", "edge-list"],
        (7, 2, 5, 0, 0),
        0,
        &[
            (2, "expected 2 to 4 fields (a b [time] [kind]), found 1"),
            (3, "'notatime' is not a time (Unix seconds or RFC 3339)"),
            (4, "line is not valid UTF-8"),
            (6, "unknown interaction kind 'ZZ' (use reply, quote, repost, mention, or RE, QT, RT, MT)"),
            (7, "expected 2 to 4 fields (a b [time] [kind]), found 5"),
        ],
    );
}

const EDGES_IN_PART: &str = "If it is an edge list, name it with --format edge-list: the lines that do not read as edges are then rejected, with their reason, in rejects.jsonl.";
const NAME_ONE: &str = "Name one with --format FORMAT.";
const PAGE: &str =
    "Give the posts as JSON from the platform's API or as a CSV export, not a page or feed that shows them.";
const NO_POSTS: &str = "dolgraph reads posts (JSON from a platform's API, or a CSV export) and edge lists: give the file the posts came in.";

/// The stderr of a run whose only input, `file` of the corpus, is refused
/// by detection for `reason`, with `advice` as the message's last line.
fn cannot_detect(file: &str, reason: &str, advice: &str) -> String {
    left_out(&format!(
        "tests/data/bad/{file}: cannot detect the format: {reason}.\n  Supported formats: x-v2, x-v1, bluesky, mastodon, csv, twarc-csv, edge-csv, edge-list.\n  {advice}"
    ))
}

/// Issue 25: files that are not posts, each refused with a message naming
/// what it looks like (before, the XML, the HTML page and any text of two
/// or three words a line were read as edge lists).
#[test]
fn files_that_are_not_posts_are_refused_saying_what_they_look_like() {
    let cases = [
        ("feed.xml", "it looks like XML (an RSS feed), which dolgraph does not read", PAGE),
        (
            "page.html",
            "it looks like an HTML page (a web page saved from a browser?), which dolgraph does not read",
            PAGE,
        ),
        (
            "readme-like.md",
            "it looks like prose text, not posts or an edge list: line 3 ('Finds digital opinion leaders in public social-media posts.'): expected 2 to 4 fields (a b [time] [kind]), found 8",
            NAME_ONE,
        ),
        (
            "notes.md",
            "it looks like prose text, not posts or an edge list: line 3 ('We discussed the RWE working group.'): expected 2 to 4 fields (a b [time] [kind]), found 6",
            NAME_ONE,
        ),
        (
            "sessions.tsv",
            "it looks like a table of 5 tab-separated columns (TSV: session, date, speaker, title, summary), not posts or an edge list",
            "dolgraph reads CSV (comma-separated): save the table as CSV, with an author column or one named with --format csv --columns author=COLUMN.",
        ),
        ("report.pdf", "it is a PDF document", NO_POSTS),
        ("picture.png", "it is a PNG image", "dolgraph reads posts and edge lists, not pictures."),
    ];
    for (file, reason, advice) in cases {
        fails(file, &[], &cannot_detect(file, reason, advice));
    }
}

/// The same files forced as a format: every line a reject (or the CSV
/// header unreadable), never a graph.
#[test]
fn files_that_are_not_posts_forced_as_a_format() {
    fails(
        "picture.png",
        &["--format", "x-v2"],
        "error: no usable records in the inputs (3 rejected; first: tests/data/bad/picture.png:1: line is not valid UTF-8 (byte 1))\n",
    );
    fails(
        "picture.png",
        &["--format", "csv"],
        &left_out(
            "tests/data/bad/picture.png: cannot read the CSV header: CSV parse error: record 0 (line 1, field: 0, byte: 0): invalid utf-8: invalid UTF-8 in field 0 near byte index 0",
        ),
    );
    fails(
        "notes.md",
        &["--format", "mastodon"],
        "error: no usable records in the inputs (2 rejected; first: tests/data/bad/notes.md:1: invalid JSON: expected value at column 1)\n",
    );
    fails(
        "notes.md",
        &["--format", "edge-list"],
        "error: no usable records in the inputs (1 rejected; first: tests/data/bad/notes.md:3: expected 2 to 4 fields (a b [time] [kind]), found 6)\n",
    );
}

/// An Excel workbook given by mistake: say to export it as CSV.
#[test]
fn an_excel_workbook_is_refused_saying_to_export_csv() {
    let t = TestDir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in ["author", "text", "created_at"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).expect("cell");
    }
    sheet.write_string(1, 0, "anaruiz").expect("cell");
    sheet.write_string(1, 1, "RWE in oncology @benkoh").expect("cell");
    book.save(t.path("export.xlsx")).expect("save the workbook");
    let o = t.run(&["analyze", "export.xlsx", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        left_out(
            "export.xlsx: cannot detect the format: it is an Excel workbook (XLSX).\n  Supported formats: x-v2, x-v1, bluesky, mastodon, csv, twarc-csv, edge-csv, edge-list.\n  Export the sheet as CSV (in Excel: File > Save As > CSV UTF-8) and give that file."
        )
    );
    assert!(!t.path("out").exists());
}

/// With `--format edge-list` forced, lines of markup are rejected with a
/// reason, not turned into accounts: next to a real edge list, the run
/// succeeds and rejects.jsonl names every line of the feed and the page.
#[test]
fn markup_forced_as_an_edge_list_is_rejected_line_by_line() {
    let t = TestDir::new();
    let out = t.path("out");
    let mut cmd = dolgraph();
    cmd.current_dir(root())
        .args(["analyze", "tests/data/bad/feed.xml", "tests/data/bad/page.html", "tests/data/crossformat/edges.txt"])
        .args(["--format", "edge-list", "-q", "--out"])
        .arg(&out);
    let o = cmd.output().expect("run dolgraph");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest = read_json(&out.join("manifest.json"));
    let counts = check_accounting(&manifest);
    assert_eq!((counts[0]["read"].as_u64(), counts[0]["used"].as_u64()), (Some(7), Some(0)), "feed.xml");
    assert_eq!((counts[1]["read"].as_u64(), counts[1]["used"].as_u64()), (Some(7), Some(0)), "page.html");
    assert_eq!(counts[2]["rejected"], 0, "the real edge list is read whole");
    let feed = rejects(&out, "tests/data/bad/feed.xml");
    assert_eq!(feed.len(), 7);
    assert_eq!(feed[0], (1, "'<?xml' is not an account id (it holds '<')".to_string()));
    assert_eq!(feed[1], (2, "'<rss' is not an account id (it holds '<')".to_string()));
    let page = rejects(&out, "tests/data/bad/page.html");
    assert_eq!(page.iter().map(|(l, _)| *l).collect::<Vec<_>>(), (1..=7).collect::<Vec<u64>>());
    assert!(
        page.iter().all(|(_, r)| r.contains("is not an account id") || r.starts_with("expected 2 to 4")),
        "{page:?}"
    );
}

#[test]
fn empty_file() {
    let msg = left_out("tests/data/bad/empty.jsonl: the input is empty (no records)");
    fails("empty.jsonl", &[], &msg);
    fails("empty.jsonl", &["--format", "bluesky"], &msg);
}

/// A gzip cut in half: the lines before the cut are read (the cut line is
/// one reject), the damage is reported on stderr and in the manifest, and
/// the run succeeds (before, it failed with no output).
#[test]
fn truncated_gzip() {
    let problem = "cannot read tests/data/bad/x-v2-truncated.jsonl.gz: the gzip data is damaged or cut short (incomplete deflate stream); copy or download the file again";
    for extra in [&[][..], &["--format", "x-v2"][..]] {
        let t = TestDir::new();
        let o = analyze(&t, "x-v2-truncated.jsonl.gz", extra);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!("warning: {problem}\n  (the 126 records read before the problem are kept; the run goes on)\n")
        );
        let manifest = read_json(&t.path("out/manifest.json"));
        let r = &check_accounting(&manifest)[0];
        assert_eq!((r["read"].as_u64(), r["used"].as_u64(), r["rejected"].as_u64()), (Some(126), Some(125), Some(1)));
        assert_eq!(manifest["inputs"][0]["error"], problem);
        let got = rejects(&t.path("out"), "tests/data/bad/x-v2-truncated.jsonl.gz");
        assert_eq!(got, vec![(126, "invalid JSON: EOF while parsing a string at column 17".to_string())]);
        // --strict still stops at it.
        let t = TestDir::new();
        let mut strict = extra.to_vec();
        strict.push("--strict");
        let o = analyze(&t, "x-v2-truncated.jsonl.gz", &strict);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).starts_with("error: tests/data/bad/x-v2-truncated.jsonl.gz:126: invalid JSON"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn gzip_cut_inside_the_first_line_says_so_rather_than_blaming_the_format() {
    let t = TestDir::new();
    let whole = std::fs::read(root().join("tests/data/bad/x-v2-truncated.jsonl.gz")).expect("corpus file");
    t.write("cut.jsonl.gz", &whole[..20]);
    let o = t.run(&["analyze", "cut.jsonl.gz", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("warning: cannot read cut.jsonl.gz: the gzip data is damaged or cut short"),
        "{}",
        stderr(&o)
    );
}

/// A line larger than a read batch (8 MiB): a long valid post is read
/// whole, a long broken line is one reject, and the lines after both keep
/// their numbers.
#[test]
fn huge_lines() {
    let t = TestDir::new();
    let big = "x".repeat(12 << 20);
    let mut text = String::new();
    text.push_str(
        r#"{"id":"1","author_id":"10","text":"@b first","entities":{"mentions":[{"username":"b","id":"11"}]}}"#,
    );
    text.push('\n');
    text.push_str(&format!(
        r#"{{"id":"2","author_id":"11","text":"{big} @c","entities":{{"mentions":[{{"username":"c","id":"12"}}]}}}}"#
    ));
    text.push('\n');
    text.push_str(&format!(r#"{{"id":"3","author_id":"12","text":"{big}"#));
    text.push('\n');
    text.push_str(
        r#"{"id":"4","author_id":"12","text":"@a last","entities":{"mentions":[{"username":"a","id":"10"}]}}"#,
    );
    text.push('\n');
    t.write("huge.jsonl", &text);
    drop(text);
    let o = t.run(&["analyze", "huge.jsonl", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = rejects(&t.path("out"), "huge.jsonl");
    assert_eq!(got, vec![(3, "invalid JSON: EOF while parsing a string at column 12582947".to_string())]);
    let manifest = read_json(&t.path("out/manifest.json"));
    let r = &check_accounting(&manifest)[0];
    assert_eq!((r["read"].as_u64(), r["used"].as_u64(), r["rejected"].as_u64()), (Some(4), Some(3), Some(1)));
    assert_eq!(manifest["graph"]["edges"], 3, "10->11, 11->12 (from the huge post), 12->10");
}
