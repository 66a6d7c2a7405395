//! `--pseudonymize KEYFILE`: no id, handle or name of the input appears in
//! any output file; the same key gives the same pseudonyms, another key
//! others; scores do not change.

use std::path::Path;

use crate::util::{TestDir, assert_ok, files_under, manifest_without_file_names, read_csv, read_json, root, stderr};

const KEY_A: &[u8] = b"correct horse battery staple 1";
const KEY_B: &[u8] = b"correct horse battery staple 2";

fn inputs() -> Vec<String> {
    let mut v: Vec<String> =
        ["data/sample/x-v2.jsonl", "data/sample/mastodon.jsonl", "data/sample/listening-export.csv"]
            .iter()
            .map(|f| root().join(f).display().to_string())
            .collect();
    // Its rejects quote a DID ('at://did:plc:aaa/...').
    v.push(root().join("tests/data/bad/bluesky-bad.jsonl").display().to_string());
    v
}

fn run(t: &TestDir, out: &str, key: Option<&str>) {
    let topics = root().join("data/topics.toml").display().to_string();
    let mut args: Vec<String> =
        vec!["analyze".into(), "--out".into(), out.into(), "-q".into(), "--topics".into(), topics];
    if let Some(k) = key {
        args.extend(["--pseudonymize".into(), k.into()]);
    }
    args.extend(inputs());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_ok(&t.run(&args));
}

/// Whether `needle` occurs in `text` as a whole word: the handle 'ines'
/// inside the hashtag 'vaccines' is not a leak.
fn contains_word(text: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(needle)
        .any(|(i, _)| !is_word(text[..i].chars().next_back()) && !is_word(text[i + needle.len()..].chars().next()))
}

fn column(dir: &Path, name: &str) -> Vec<String> {
    read_csv(&dir.join("accounts.csv")).into_iter().map(|r| r[name].clone()).collect()
}

#[test]
fn no_original_id_handle_or_name_appears_in_any_output() {
    let t = TestDir::new();
    t.write("key", KEY_A);
    run(&t, "plain", None);
    run(&t, "pseudo", Some("key"));

    let mut personal: Vec<String> = Vec::new();
    for row in read_csv(&t.path("plain/accounts.csv")) {
        for col in ["id", "handle", "name"] {
            let v = row[col].trim();
            if v.chars().count() >= 4 {
                personal.push(v.to_string());
                personal.push(v.to_lowercase());
            }
        }
    }
    // Evidence posts: their ids and texts name the accounts too.
    let plain_evidence = read_csv(&t.path("plain/evidence.csv"));
    assert!(plain_evidence.len() > 100, "{}", plain_evidence.len());
    for row in &plain_evidence {
        personal.push(row["post_id"].clone());
        personal.push(row["text"].chars().take(40).collect::<String>().trim().to_string());
    }
    let pseudo_evidence = read_csv(&t.path("pseudo/evidence.csv"));
    assert_eq!(pseudo_evidence.len(), plain_evidence.len(), "the same posts, counted");
    for (p, q) in pseudo_evidence.iter().zip(&plain_evidence) {
        assert!(p["text"].is_empty() && p["post_id"].is_empty() && p["url"].is_empty(), "{p:?}");
        assert_eq!((&p["topic"], &p["rank"], &p["engagements"]), (&q["topic"], &q["rank"], &q["engagements"]));
        assert!(p["created_at"].ends_with("T00:00:00Z"), "times cut to the day: {p:?}");
    }
    personal.retain(|p| p.chars().count() >= 4);
    personal.push("did:plc:aaa".into());
    personal.sort();
    personal.dedup();
    assert!(personal.len() > 300, "{}", personal.len());
    let plain_rejects = std::fs::read_to_string(t.path("plain/rejects.jsonl")).expect("rejects");
    assert!(plain_rejects.contains("did:plc:aaa"), "the plain run's rejects quote the DID");

    for (path, bytes) in files_under(&t.path("pseudo")) {
        let text = String::from_utf8_lossy(&bytes);
        // The manifest's arguments and input paths name files, not accounts;
        // the rest of each input entry (counts, reason classes) is checked.
        let text = if path.ends_with("manifest.json") { manifest_without_file_names(&text) } else { text.into_owned() };
        for p in &personal {
            assert!(!contains_word(&text, p), "{path} contains '{p}'");
        }
    }
    // The workbook is zipped XML: read its cells.
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(t.path("pseudo/dolgraph.xlsx")).expect("xlsx");
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("sheet");
            let text: String = range.cells().map(|(_, _, d)| format!("{d} ")).collect();
            for p in &personal {
                assert!(!contains_word(&text, p), "dolgraph.xlsx sheet {name} contains '{p}'");
            }
        }
    }
    let m = read_json(&t.path("pseudo/manifest.json"));
    assert_eq!(m["settings"]["pseudonymized"]["digits"], 12);
    assert_eq!(m["settings"]["pseudonymized"]["key_check"].as_str().map(str::len), Some(16));
    assert!(read_json(&t.path("plain/manifest.json"))["settings"]["pseudonymized"].is_null());
    let key_text = String::from_utf8_lossy(KEY_A).into_owned();
    for (path, bytes) in files_under(&t.path("pseudo")) {
        assert!(!String::from_utf8_lossy(&bytes).contains(&key_text), "{path} contains the key");
    }
}

#[test]
fn same_key_same_pseudonyms_other_key_others_scores_unchanged() {
    let t = TestDir::new();
    t.write("key-a", KEY_A);
    t.write("key-b", KEY_B);
    run(&t, "plain", None);
    run(&t, "a1", Some("key-a"));
    run(&t, "a2", Some("key-a"));
    run(&t, "b", Some("key-b"));
    for f in ["accounts.csv", "edges.csv", "communities.csv", "rejects.jsonl"] {
        assert_eq!(
            std::fs::read(t.path("a1").join(f)).expect("a1"),
            std::fs::read(t.path("a2").join(f)).expect("a2"),
            "{f}: the same key gives the same bytes"
        );
    }
    let ids_a = column(&t.path("a1"), "id");
    let ids_b = column(&t.path("b"), "id");
    assert!(ids_a.iter().all(|i| i.starts_with("acct-") && i.len() == 17), "{:?}", &ids_a[..3]);
    assert!(ids_a.iter().zip(&ids_b).all(|(a, b)| a != b), "another key gives other pseudonyms");
    let mut distinct = ids_a.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids_a.len(), "pseudonyms stay distinct");
    for col in ["posts", "in_degree", "out_weight", "pagerank", "betweenness", "authority", "coreness", "community"] {
        assert_eq!(column(&t.path("plain"), col), column(&t.path("a1"), col), "{col} unchanged");
    }
    // Edges point at the same rows: source ids map one to one.
    let plain_ids = column(&t.path("plain"), "id");
    let map: std::collections::HashMap<&String, &String> = plain_ids.iter().zip(&ids_a).collect();
    let plain_edges = read_csv(&t.path("plain/edges.csv"));
    let pseudo_edges = read_csv(&t.path("a1/edges.csv"));
    assert_eq!(plain_edges.len(), pseudo_edges.len());
    for (p, q) in plain_edges.iter().zip(&pseudo_edges) {
        assert_eq!(map[&p["source"]], &q["source"]);
        assert_eq!(map[&p["target"]], &q["target"]);
        assert_eq!(p["weight"], q["weight"]);
    }
}

#[test]
fn missing_empty_or_short_key_file_is_a_clear_error() {
    let t = TestDir::new();
    let x = root().join("data/sample/x-v2.jsonl").display().to_string();
    t.write("empty", "");
    t.write("short", "12345");
    let how = "make one with: head -c 32 /dev/urandom > KEYFILE (keep it apart from the results)\n";
    for (key, says) in [
        ("empty", "error: empty: the key file is empty; ".to_string()),
        ("short", "error: short: the key is 5 bytes; use at least 16; ".to_string()),
    ] {
        let o = t.run(&["analyze", &x, "--out", "out", "--pseudonymize", key]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(stderr(&o), format!("{says}{how}"));
    }
    let o = t.run(&["analyze", &x, "--out", "out", "--pseudonymize", "nokey"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: nokey: cannot read the --pseudonymize key file ("), "{}", stderr(&o));
    assert!(stderr(&o).ends_with(how), "{}", stderr(&o));
    assert!(!t.path("out").exists());
}

#[test]
fn strict_stops_without_quoting_the_record() {
    let t = TestDir::new();
    t.write("key", KEY_A);
    let bad = root().join("tests/data/bad/bluesky-bad.jsonl").display().to_string();
    let o = t.run(&["analyze", &bad, "--out", "out", "--strict", "--pseudonymize", "key"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with(&format!("error: {bad}:2: unexpected JSON value\n")), "{err}");
    assert!(!err.contains("oops"), "{err}");
}
