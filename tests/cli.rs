//! The command line as a user meets it: help, exit codes, messages for bad
//! input, the output folder's rules.

use crate::util::{TestDir, assert_ok, check_accounting, read_json, stderr};

const PAGE_OK: &str = r#"{"data":[{"id":"1","author_id":"10","text":"@b hi #RWE","entities":{"mentions":[{"username":"b","id":"11"}],"hashtags":[{"tag":"RWE"}]}}],"includes":{"users":[{"id":"10","username":"a"},{"id":"11","username":"b"}]}}"#;

#[test]
fn no_arguments_prints_usage_and_exits_2() {
    let o = TestDir::new().run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage"), "{}", stderr(&o));
}

#[test]
fn help_teaches_with_an_example_and_exit_codes() {
    let o = TestDir::new().run(&["analyze", "--help"]);
    assert_ok(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Example:") && out.contains("dolgraph analyze") && out.contains("Exit codes"), "{out}");
}

#[test]
fn missing_input_is_a_clear_error() {
    let t = TestDir::new();
    let o = t.run(&["analyze", "nope.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "no usable record remains");
    assert!(stderr(&o).starts_with("warning: cannot read nope.jsonl:"), "{}", stderr(&o));
    assert!(
        stderr(&o).ends_with("error: no usable records in the inputs (1 input not read, reported above)\n"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path("out").exists(), "a failed run leaves no output folder");
}

#[test]
fn empty_input_is_an_error() {
    let t = TestDir::new();
    t.write("empty.jsonl", "\n  \n");
    let o = t.run(&["analyze", "empty.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "warning: empty.jsonl: the input is empty (no records)\n  (this input is left out; the run goes on with the others)\nerror: no usable records in the inputs (1 input not read, reported above)\n"
    );
}

#[test]
fn undetectable_format_names_the_supported_ones() {
    let t = TestDir::new();
    t.write("notes.txt", "Dear diary, today I read about checkpoint inhibitors.\n");
    let o = t.run(&["analyze", "notes.txt", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("notes.txt: cannot detect the format"), "{err}");
    assert!(err.contains("x-v2, x-v1, bluesky, mastodon, csv, twarc-csv, edge-csv, edge-list"), "{err}");
    assert!(err.contains("--format"), "{err}");
}

#[test]
fn unknown_format_flag_is_a_usage_error() {
    let t = TestDir::new();
    t.write("p.jsonl", PAGE_OK);
    let o = t.run(&["analyze", "p.jsonl", "--out", "out", "--format", "tiktok"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("supported formats: x-v2"), "{}", stderr(&o));
}

#[test]
fn invalid_settings_are_usage_errors() {
    let t = TestDir::new();
    t.write("p.jsonl", PAGE_OK);
    for (flag, value, says) in [
        ("--weights", "like=2", "unknown kind 'like'"),
        ("--columns", "writer=x", "unknown CSV field 'writer'"),
        ("--since", "last tuesday", "is not a date dolgraph reads without guessing"),
        ("--since", "01/03/2026", "01/03/2026 is 1 March in Europe and 3 January in the US"),
        ("--until", "20260301", "write 20260301 as 2026-03-01"),
        ("--until", "250", "use YYYY-MM-DD (2026-03-01), YYYY-MM (2026-03), YYYY-Qn (2026-Q1) or RFC 3339"),
    ] {
        let o = t.run(&["analyze", "p.jsonl", "--out", "out", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
        assert!(stderr(&o).contains(says), "{flag}: {}", stderr(&o));
    }
}

#[test]
fn unwritable_output_is_a_clear_error() {
    let t = TestDir::new();
    t.write("p.jsonl", PAGE_OK);
    t.write("file", "not a folder");
    let o = t.run(&["analyze", "p.jsonl", "--out", "file"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write the output folder file"), "{}", stderr(&o));
    let o = t.run(&["analyze", "p.jsonl", "--out", "file/sub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write the output folder file/sub"), "{}", stderr(&o));
}

#[test]
fn bad_records_are_reported_counted_and_the_run_goes_on() {
    let t = TestDir::new();
    let bad_utf8: &[u8] = b"{\"id\":\"9\",\"author_id\":\"1\",\"text\":\"\xff\xfe\"}";
    let mut content = Vec::new();
    for line in [
        PAGE_OK.as_bytes(),
        b"{\"data\":[{\"id\":\"2\",\"text\":\"no author\"}]}",
        bad_utf8,
        b"{\"data\":[{\"id\":\"3\",\"aut",
    ] {
        content.extend_from_slice(line);
        content.push(b'\n');
    }
    t.write("p.jsonl", &content);
    let o = t.run(&["analyze", "p.jsonl", "--out", "out"]);
    assert_ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains(
            "4 records from 1 input (x-v2): 1 used, 0 duplicates, 0 skipped, 3 rejected (see out/rejects.jsonl)"
        ),
        "{err}"
    );
    let rejects = std::fs::read_to_string(t.path("out/rejects.jsonl")).expect("rejects");
    let lines: Vec<serde_json::Value> = rejects.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], "p.jsonl");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[0]["reason"], "tweet '2' has no author_id");
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["reason"], "line is not valid UTF-8 (byte 35)");
    assert_eq!(lines[2]["line"], 4);
    let manifest = read_json(&t.path("out/manifest.json"));
    let r = &check_accounting(&manifest)[0];
    assert_eq!((r["read"].as_u64(), r["rejected"].as_u64()), (Some(4), Some(3)));
    assert_eq!(manifest["inputs"][0]["rejected_by_reason"]["invalid JSON"], 1);
    assert_eq!(manifest["inputs"][0]["rejected_by_reason"]["line is not valid UTF-8 (byte N)"], 1);
}

/// A bad record inside a whole response is counted by what is wrong with
/// it, not by its place in the list, and under --pseudonymize its reason
/// keeps no value of the record.
#[test]
fn rejects_inside_a_response_are_counted_by_their_reason() {
    let t = TestDir::new();
    let feed = r#"{"feed":[{"post":{"uri":"at://did:plc:aa/app.bsky.feed.post/1","cid":"c1","author":{"did":"did:plc:aa","handle":"ana.bsky.social"},"record":{"$type":"app.bsky.feed.post","text":"hello","createdAt":"2026-03-01T10:00:00Z"}}},{"post":{"uri":"at://did:plc:bb/app.bsky.feed.post/2","record":{"text":"no author"}}},{"post":{"uri":"at://did:plc:cc/app.bsky.feed.post/3","record":{"text":"none either"}}}],"cursor":"x"}"#;
    t.write("feed.json", feed.as_bytes());
    let o = t.run(&["analyze", "feed.json", "--out", "out"]);
    assert_ok(&o);
    let rejects = std::fs::read_to_string(t.path("out/rejects.jsonl")).expect("rejects");
    let first: serde_json::Value = serde_json::from_str(rejects.lines().next().expect("a reject")).expect("json");
    assert_eq!(
        first["reason"],
        "record 2 of the feed: post view 'at://did:plc:bb/app.bsky.feed.post/2' has no author did"
    );
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["rejected_by_reason"], serde_json::json!({"post view '…' has no author did": 2}));
    t.write("key", b"a key of at least sixteen bytes");
    let o = t.run(&["analyze", "feed.json", "--pseudonymize", "key", "--out", "pseudo"]);
    assert_ok(&o);
    let rejects = std::fs::read_to_string(t.path("pseudo/rejects.jsonl")).expect("rejects");
    assert!(!rejects.contains("did:plc:bb") && rejects.contains("post view '…' has no author did"), "{rejects}");
}

#[test]
fn strict_stops_at_the_first_bad_record() {
    let t = TestDir::new();
    t.write("p.jsonl", format!("{PAGE_OK}\nnot json\n{PAGE_OK}\n"));
    let o = t.run(&["analyze", "p.jsonl", "--out", "out", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: p.jsonl:2: invalid JSON"), "{}", stderr(&o));
    assert!(!t.path("out").exists());
}

#[test]
fn only_bad_records_is_an_error_naming_the_first() {
    let t = TestDir::new();
    t.write("p.csv", "author,created_at\nana,someday\n");
    let o = t.run(&["analyze", "p.csv", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "no usable records in the inputs (1 rejected; first: p.csv:2: created_at 'someday' is not a date)"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_folder_is_replaced_only_when_ours_or_forced() {
    let t = TestDir::new();
    t.write("p.jsonl", PAGE_OK);
    std::fs::create_dir(t.path("mine")).expect("mkdir");
    t.write("mine/thesis.docx", "precious");
    let o = t.run(&["analyze", "p.jsonl", "--out", "mine"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("use --force"), "{}", stderr(&o));
    assert!(t.path("mine/thesis.docx").exists());
    assert_ok(&t.run(&["analyze", "p.jsonl", "--out", "res", "-q"]));
    assert_ok(&t.run(&["analyze", "p.jsonl", "--out", "res", "-q"]));
    assert_ok(&t.run(&["analyze", "p.jsonl", "--out", "mine", "-q", "--force"]));
    assert!(!t.path("mine/thesis.docx").exists());
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
}

#[test]
fn since_and_until_skip_posts_outside_the_window() {
    let t = TestDir::new();
    t.write("e.txt", "a b 100 RT\na c 200 RT\na d 300 RT\n");
    let window = ["--since", "1970-01-01T00:02:00Z", "--until", "1970-01-01T00:04:10+00:00"];
    assert_ok(&t.run(&[&["analyze", "e.txt", "--out", "out", "-q"], &window[..]].concat()));
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["inputs"][0]["records"]["used"], 1);
    assert_eq!(m["inputs"][0]["skipped_by_reason"]["outside --since/--until"], 2);
    // The manifest says how the bounds were read and which times were used.
    assert_eq!(m["settings"]["since_at"], "1970-01-01T00:02:00Z");
    assert_eq!(m["settings"]["until_at"], "1970-01-01T00:04:10Z");
    assert_eq!(m["period"]["first"], "1970-01-01T00:03:20Z");
    assert_eq!(m["period"]["last"], "1970-01-01T00:03:20Z");
    // A quarter means its first instant.
    t.write(
        "q.txt",
        "a b 2026-03-31T23:59:59Z RT
a c 2026-04-01T00:00:00Z RT
",
    );
    assert_ok(&t.run(&["analyze", "q.txt", "--out", "out", "-q", "--until", "2026-Q2"]));
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["settings"]["until_at"], "2026-04-01T00:00:00Z");
    assert_eq!(m["period"]["last"], "2026-03-31T23:59:59Z");
    assert_eq!(m["inputs"][0]["records"]["used"], 1);
}

#[test]
fn quiet_runs_print_nothing() {
    let t = TestDir::new();
    t.write("p.jsonl", PAGE_OK);
    let o = t.run(&["analyze", "p.jsonl", "--out", "out", "--quiet"]);
    assert_ok(&o);
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_record() {
    let t = TestDir::new();
    t.write("p.jsonl", format!("\u{FEFF}{PAGE_OK}\n"));
    t.write("p.csv", "\u{FEFF}author,mentions\nana,bob\n");
    assert_ok(&t.run(&["analyze", "p.jsonl", "p.csv", "--out", "out", "-q"]));
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["totals"]["records"]["rejected"], 0, "{m}");
    assert_eq!(m["graph"]["edges"], 2);
}

#[test]
fn manifest_hashes_and_sizes_match_the_files_on_disk() {
    let t = TestDir::new();
    let plain = format!("{PAGE_OK}\n");
    t.write("p.jsonl", &plain);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, plain.as_bytes()).expect("gzip");
    let gz_bytes = gz.finish().expect("gzip");
    t.write("p.jsonl.gz", &gz_bytes);
    assert_ok(&t.run(&["analyze", "p.jsonl", "p.jsonl.gz", "--out", "out", "-q"]));
    let m = read_json(&t.path("out/manifest.json"));
    for (i, (name, len)) in [("p.jsonl", plain.len()), ("p.jsonl.gz", gz_bytes.len())].into_iter().enumerate() {
        let sum = std::process::Command::new("sha256sum").arg(t.path(name)).output().expect("sha256sum");
        let want = String::from_utf8_lossy(&sum.stdout).split_whitespace().next().expect("hash").to_string();
        assert_eq!(m["inputs"][i]["sha256"], want.as_str(), "{name}");
        assert_eq!(m["inputs"][i]["bytes"], len as u64, "{name}");
    }
    assert_eq!(m["inputs"][1]["records"]["duplicates"], 1, "the same tweet in both files counts once");
}

#[test]
fn output_folder_follows_the_contract() {
    let t = TestDir::new();
    let sample = crate::util::root().join("data/sample");
    let inputs: Vec<String> = ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"]
        .iter()
        .map(|f| sample.join(f).display().to_string())
        .collect();
    let mut args = vec!["analyze", "--out", "out", "-q"];
    args.extend(inputs.iter().map(String::as_str));
    assert_ok(&t.run(&args));
    let header = |f: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(t.path(&format!("out/{f}"))).expect(f);
        r.headers().expect("header").iter().map(str::to_string).collect()
    };
    // design.md: column names are fixed, in this order; more may follow.
    let accounts = [
        "id",
        "handle",
        "name",
        "posts",
        "in_degree",
        "out_degree",
        "in_weight",
        "out_weight",
        "pagerank",
        "betweenness",
        "authority",
        "hub",
        "coreness",
        "community",
        "dol_score",
        "persona",
        "followers",
        "platform",
        "url",
        "bio",
        "persona_rule",
        "likes_received",
        "reposts_reported",
        "replies_reported",
        "impressions",
        "median_engagement",
        "languages",
    ];
    // The whole header: the contract's columns, then what this run adds
    // (no topics here, so no affinity_<topic> columns).
    assert_eq!(header("accounts.csv"), accounts);
    assert_eq!(header("edges.csv")[..7], ["source", "target", "kind", "count", "weight", "first_at", "last_at"]);
    assert_eq!(
        header("communities.csv")[..5],
        ["community", "size", "modularity_share", "top_handles", "top_hashtags"]
    );
    assert_eq!(header("hashtags.csv"), ["hashtag", "posts", "accounts", "top_topic"]);
    assert_eq!(header("hashtag_pairs.csv"), ["a", "b", "posts", "lift"]);
    // Community 0 is the largest; shares add up to the modularity.
    let rows = crate::util::read_csv(&t.path("out/communities.csv"));
    let sizes: Vec<u64> = rows.iter().map(|r| r["size"].parse().expect("size")).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let m = read_json(&t.path("out/manifest.json"));
    let total: f64 = rows.iter().map(|r| r["modularity_share"].parse::<f64>().expect("share")).sum();
    let q = m["communities"]["modularity"].as_f64().expect("modularity");
    // Shares are written with 4 significant digits: within half a unit of
    // the fourth digit each.
    let slack: f64 = rows.iter().map(|r| r["modularity_share"].parse::<f64>().expect("share").abs() * 5e-4).sum();
    assert!((total - q).abs() <= slack + 1e-12 && q > 0.5, "{total} vs {q}");
    assert!(rows[0]["top_handles"].split(' ').count() == 5 && !rows[0]["top_hashtags"].is_empty());
}
