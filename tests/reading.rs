//! Reading limits and detection (issue 13, points 8 and 15): the longest
//! line and CSV record (`--max-record-bytes`), settings files checked for
//! size before they are read, detection from a whole first record and
//! from pipes, gzip trailing data named as such; and what a run does
//! around bad files (issue 14): reported, left out, the run goes on.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::util::{TestDir, assert_ok, check_accounting, read_json, stderr};

const TWEET: &str =
    r#"{"id":"1","author_id":"10","text":"@b hi","entities":{"mentions":[{"username":"b","id":"11"}]}}"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// Before, `--format x-v2 /dev/zero` grew past 2.5 GB in 40 s.
#[cfg(unix)]
#[test]
fn a_file_without_line_ends_stops_at_the_limit_with_its_line() {
    let t = TestDir::new();
    t.write("good.jsonl", format!("{TWEET}\n"));
    let start = Instant::now();
    let o = t.run(&[
        "analyze",
        "good.jsonl",
        "/dev/zero",
        "--format",
        "x-v2",
        "--max-record-bytes",
        "4M",
        "--out",
        "out",
        "-q",
    ]);
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        "warning: cannot read /dev/zero: line starting on line 1 is longer than 4 MiB (--max-record-bytes); reading stopped there\n  (the 1 records read before the problem are kept; the run goes on)\n"
    );
    let manifest = read_json(&t.path("out/manifest.json"));
    let counts = check_accounting(&manifest);
    assert_eq!(counts[1]["rejected"], 1, "the over-long line is one reject");
    let rejects = std::fs::read_to_string(t.path("out/rejects.jsonl")).expect("rejects");
    assert_eq!(
        rejects,
        "{\"file\":\"/dev/zero\",\"line\":1,\"reason\":\"line is longer than 4 MiB (--max-record-bytes)\"}\n"
    );
}

/// A gzip of zeros, read as CSV: the csv crate would grow one record
/// without end (before: 4.2 GB, then an abort under a 4 GB limit).
#[test]
fn a_gzip_of_zeros_read_as_csv_stops_at_the_limit() {
    let t = TestDir::new();
    let mut body = b"author,text\nana,hello\n".to_vec();
    body.resize(body.len() + (64 << 20), 0);
    t.write("zeros.csv.gz", gzip(&body));
    drop(body);
    t.write("good.jsonl", format!("{TWEET}\n"));
    let o = t.run(&["analyze", "zeros.csv.gz", "good.jsonl", "--max-record-bytes", "1M", "--out", "out", "-q"]);
    assert_ok(&o);
    assert!(
        stderr(&o).starts_with(
            "warning: cannot read zeros.csv.gz: CSV record starting on line 3 is longer than 1 MiB (--max-record-bytes)"
        ),
        "{}",
        stderr(&o)
    );
    let manifest = read_json(&t.path("out/manifest.json"));
    let zeros = &manifest["inputs"][0];
    assert_eq!(zeros["format"], "csv");
    assert_eq!((zeros["records"]["used"].as_u64(), zeros["records"]["rejected"].as_u64()), (Some(1), Some(1)));
    assert!(zeros["error"].as_str().expect("error").contains("line 3"), "{zeros}");
}

#[test]
fn a_complete_line_over_the_limit_is_one_reject_and_reading_goes_on() {
    let t = TestDir::new();
    let long = format!(r#"{{"id":"2","author_id":"10","text":"{}"}}"#, "x".repeat(5000));
    t.write("posts.jsonl", format!("{TWEET}\n{long}\n{}\n", TWEET.replace("\"1\"", "\"3\"")));
    let o = t.run(&["analyze", "posts.jsonl", "--max-record-bytes", "4K", "--out", "out", "-q"]);
    assert_ok(&o);
    assert_eq!(stderr(&o), "");
    let rejects = std::fs::read_to_string(t.path("out/rejects.jsonl")).expect("rejects");
    assert_eq!(
        rejects,
        "{\"file\":\"posts.jsonl\",\"line\":2,\"reason\":\"line is longer than 4 KiB (--max-record-bytes)\"}\n"
    );
    let o = t.run(&["analyze", "posts.jsonl", "--max-record-bytes", "12", "--out", "out2"]);
    assert_eq!(o.status.code(), Some(2), "a limit below 1 KiB is a usage error: {}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn settings_files_are_size_checked_before_reading() {
    let t = TestDir::new();
    t.write("posts.jsonl", format!("{TWEET}\n"));
    for (flag, what) in
        [("--topics", "topics file"), ("--pseudonymize", "--pseudonymize key file"), ("--personas", "personas file")]
    {
        let start = Instant::now();
        let o = t.run(&["analyze", "posts.jsonl", flag, "/dev/zero", "--out", "out", "-q"]);
        assert!(start.elapsed() < Duration::from_secs(10), "{flag}: {:?}", start.elapsed());
        assert_eq!(o.status.code(), Some(1), "{flag}");
        let err = stderr(&o);
        assert!(err.starts_with(&format!("error: /dev/zero: the {what} is more than ")), "{flag}: {err}");
        assert!(err.contains("(is it the right file?)"), "{flag}: {err}");
    }
}

/// Before, a first line longer than the first read (64 KiB through a
/// pipe, 1 MiB from a file) was "not valid JSON (EOF ...)".
#[test]
fn detection_reads_the_whole_first_record() {
    let t = TestDir::new();
    let long = format!(
        r#"{{"id":"2","author_id":"10","text":"{}","entities":{{"mentions":[{{"username":"b","id":"11"}}]}}}}"#,
        "y".repeat(2_200_000)
    );
    t.write("long-first.jsonl", format!("{long}\n{TWEET}\n"));
    let o = t.run(&["analyze", "long-first.jsonl", "--out", "out", "-q"]);
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["format"], "x-v2");
    assert_eq!(manifest["inputs"][0]["records"]["used"], 2);
}

/// An edge list is detected from its first lines, not its first line
/// alone, and the lines read for that may together pass a small
/// `--max-record-bytes` (each line is within it).
#[test]
fn an_edge_list_is_detected_from_its_first_lines_under_a_small_record_limit() {
    let t = TestDir::new();
    let lines: String = (0..2000).map(|i| format!("u{i} u{} 1341100972 RT\n", (i * 7 + 1) % 2000)).collect();
    t.write("edges.txt", &lines);
    let o = t.run(&["analyze", "edges.txt", "--out", "out", "-q", "--max-record-bytes", "1K"]);
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["format"], "edge-list");
    assert_eq!(manifest["inputs"][0]["records"]["used"], 2000);
}

#[cfg(unix)]
#[test]
fn detection_works_through_a_fifo() {
    let t = TestDir::new();
    let fifo = t.path("posts.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let long = format!(r#"{{"id":"2","author_id":"10","text":"{}"}}"#, "z".repeat(300_000));
    let content = format!("{long}\n{TWEET}\n");
    let writer = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new().write(true).open(&fifo).expect("open fifo");
        // Small writes: the reader sees the first line in pieces.
        for chunk in content.as_bytes().chunks(1000) {
            f.write_all(chunk).expect("write fifo");
        }
    });
    let o = t.run(&["analyze", "posts.fifo", "--out", "out", "-q"]);
    writer.join().expect("writer");
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["format"], "x-v2");
    assert_eq!(manifest["inputs"][0]["records"]["used"], 2);
}

/// Before, a whole gzip followed by other bytes was "damaged or cut short".
#[test]
fn gzip_trailing_data_is_named_and_the_content_before_it_kept() {
    let t = TestDir::new();
    let mut bytes = gzip(format!("{TWEET}\n").as_bytes());
    bytes.extend_from_slice(gzip(format!("{}\n", TWEET.replace("\"1\"", "\"2\"")).as_bytes()).as_slice());
    bytes.extend_from_slice(b"\0\0\0 padding written by a download tool");
    t.write("padded.jsonl.gz", &bytes);
    let o = t.run(&["analyze", "padded.jsonl.gz", "--out", "out", "-q"]);
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        "warning: cannot read padded.jsonl.gz: trailing data after the gzip stream: the bytes after its end are not gzip (the content before them was read)\n  (the 2 records read before the problem are kept; the run goes on)\n"
    );
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["records"]["used"], 2, "both gzip members are read");
    assert_eq!(manifest["inputs"][0]["bytes"], bytes.len(), "the whole file was read and hashed");
}

/// Issue 14: an empty file, an undetectable one, an unreadable one and a
/// cut gzip among good inputs: the run succeeds and reports each.
#[test]
fn bad_files_among_good_ones_are_reported_and_the_run_goes_on() {
    let t = TestDir::new();
    t.write("good.jsonl", format!("{TWEET}\n"));
    t.write("empty.jsonl", "");
    t.write("notes.txt", "Dear diary, today I read about checkpoint inhibitors.\n");
    let whole = gzip(format!("{TWEET}\n").repeat(200).as_bytes());
    t.write("cut.jsonl.gz", &whole[..whole.len() / 2]);
    let args =
        ["analyze", "good.jsonl", "empty.jsonl", "notes.txt", "missing.jsonl", "cut.jsonl.gz", "--out", "out", "-q"];
    let o = t.run(&args);
    assert_ok(&o);
    let err = stderr(&o);
    for what in [
        "warning: empty.jsonl: the input is empty (no records)",
        "warning: notes.txt: cannot detect the format",
        "warning: cannot read missing.jsonl: No such file",
        "warning: cannot read cut.jsonl.gz: the gzip data is damaged or cut short",
    ] {
        assert!(err.contains(what), "{what}: {err}");
    }
    let manifest = read_json(&t.path("out/manifest.json"));
    check_accounting(&manifest);
    let inputs = manifest["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 5);
    assert!(inputs[0].get("error").is_none());
    for i in &inputs[1..] {
        assert!(i["error"].is_string(), "{i}");
    }
    // --strict stops at the first bad file.
    let mut strict = args.to_vec();
    strict.push("--strict");
    let o = t.run(&strict);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: empty.jsonl: the input is empty (no records)\n");
}

/// Issue 14: records that do not parse as the forced format are rejected;
/// records that are valid but not posts are skipped with their reason.
#[test]
fn a_forced_wrong_format_rejects_and_non_posts_are_skipped() {
    let t = TestDir::new();
    let page =
        r#"{"data":[{"id":"1","author_id":"10","text":"hi"}],"includes":{"users":[{"id":"10","username":"ana"}]}}"#;
    t.write("page.jsonl", format!("{page}\n"));
    t.write("good.jsonl", format!("{TWEET}\n"));
    let o = t.run(&["analyze", "page.jsonl", "--format", "x-v1", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: no usable records in the inputs (1 rejected; first: page.jsonl:1: not an X v1.1 status (no id_str, no user))\n"
    );
    t.write("users.jsonl", "{\"id\":\"10\",\"username\":\"ana\",\"name\":\"Ana\"}\n");
    let o = t.run(&["analyze", "users.jsonl", "good.jsonl", "--format", "x-v2", "--out", "out", "-q"]);
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["skipped_by_reason"]["user object"], 1);
}

#[test]
fn an_empty_column_mapping_is_a_usage_error() {
    let t = TestDir::new();
    t.write("posts.csv", "author,text\nana,hi\n");
    let o = t.run(&["analyze", "posts.csv", "--columns", "author=", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o), "error: invalid --columns: 'author=' names no column after '='\n");
}

/// `dolgraph verify DIR | head -1`: the reader leaves; dolgraph ends
/// quietly with 0 (before: a panic on the broken pipe, exit 101).
#[test]
fn verify_into_a_closed_pipe_ends_quietly() {
    let t = TestDir::new();
    t.write("posts.jsonl", format!("{TWEET}\n"));
    assert_ok(&t.run(&["analyze", "posts.jsonl", "--out", "out", "-q"]));
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let o = crate::util::dolgraph()
        .current_dir(t.dir.path())
        .args(["verify", "out"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run dolgraph");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}
