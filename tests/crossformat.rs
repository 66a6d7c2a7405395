//! One conversation written in every input format must give the same
//! edges (input-formats.md). The fixtures and the expected edges are made
//! by tests/data/crossformat/make_fixtures.py.

use std::collections::{BTreeMap, BTreeSet};

use crate::util::{TestDir, assert_ok, check_accounting, read_csv, read_json, root};

/// Handles compared across platforms: lower-cased, cut at the first `.` or
/// `@` (`drana.bsky.social`, `drana@med.example` and `drana` are one person).
fn normalise(handle: &str) -> String {
    let h = handle.trim_start_matches('@').to_lowercase();
    h.split(['.', '@']).next().unwrap_or_default().to_string()
}

type EdgeSet = BTreeSet<(String, String, String, u64)>;

fn expected() -> EdgeSet {
    read_csv(&root().join("tests/data/crossformat/expected-edges.csv"))
        .into_iter()
        .map(|r| (r["source"].clone(), r["target"].clone(), r["kind"].clone(), r["count"].parse().expect("count")))
        .collect()
}

/// Runs analyze on one fixture and returns its edges by normalised handle.
fn edges_of(file: &str) -> (EdgeSet, serde_json::Value) {
    let t = TestDir::new();
    let input = root().join("tests/data/crossformat").join(file);
    let o = t.run(&["analyze", input.to_str().expect("utf-8 path"), "--out", "out", "--quiet"]);
    assert_ok(&o);
    let handles: BTreeMap<String, String> = read_csv(&t.path("out/accounts.csv"))
        .into_iter()
        .map(|a| {
            let label = if a["handle"].is_empty() { a["id"].clone() } else { a["handle"].clone() };
            (a["id"].clone(), normalise(&label))
        })
        .collect();
    let edges = read_csv(&t.path("out/edges.csv"))
        .into_iter()
        .map(|e| {
            (
                handles[&e["source"]].clone(),
                handles[&e["target"]].clone(),
                e["kind"].clone(),
                e["count"].parse().expect("count"),
            )
        })
        .collect();
    (edges, read_json(&t.path("out/manifest.json")))
}

fn check(file: &str, duplicates: u64, self_interactions: u64) {
    let (edges, manifest) = edges_of(file);
    let want = expected();
    let missing: Vec<_> = want.difference(&edges).collect();
    let extra: Vec<_> = edges.difference(&want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{file}: missing {missing:?}\nextra {extra:?}");
    let records = check_accounting(&manifest);
    assert_eq!(records[0]["rejected"], 0, "{file}: {manifest}");
    assert_eq!(records[0]["duplicates"], duplicates, "{file}");
    assert_eq!(manifest["totals"]["self_interactions"], self_interactions, "{file}");
}

#[test]
fn x_v2_pages() {
    check("x-v2-pages.jsonl", 1, 2);
}

#[test]
fn x_v2_flattened() {
    check("x-v2-flat.jsonl", 1, 2);
}

#[test]
fn x_v1() {
    check("x-v1.jsonl", 1, 2);
}

#[test]
fn bluesky_jetstream() {
    check("bsky-jetstream.jsonl", 1, 2);
}

#[test]
fn bluesky_appview() {
    check("bsky-appview.jsonl", 1, 2);
}

#[test]
fn mastodon() {
    check("mastodon.jsonl", 1, 2);
}

#[test]
fn csv_default_columns() {
    check("posts.csv", 1, 2);
}

#[test]
fn twarc_csv() {
    check("twarc.csv", 1, 2);
}

#[test]
fn edge_csv() {
    check("edges.csv", 0, 1);
}

#[test]
fn snap_edge_list() {
    check("edges.txt", 0, 1);
}

#[test]
fn gzip_is_read_transparently() {
    let t = TestDir::new();
    let plain = std::fs::read(root().join("tests/data/crossformat/x-v2-pages.jsonl")).expect("fixture");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &plain).expect("gzip");
    t.write("pages.gz", gz.finish().expect("gzip"));
    assert_ok(&t.run(&["analyze", "pages.gz", "--out", "out", "--quiet"]));
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["inputs"][0]["gzip"], true);
    assert_eq!(manifest["inputs"][0]["format"], "x-v2");
    assert_eq!(read_csv(&t.path("out/edges.csv")).len(), expected().len());
}

#[test]
fn mixed_formats_in_one_run_are_each_detected() {
    let t = TestDir::new();
    let dir = root().join("tests/data/crossformat");
    let files = ["x-v2-pages.jsonl", "mastodon.jsonl", "posts.csv", "edges.txt"];
    let paths: Vec<String> = files.iter().map(|f| dir.join(f).display().to_string()).collect();
    let mut args: Vec<&str> = vec!["analyze", "--out", "out"];
    args.extend(paths.iter().map(String::as_str));
    let o = t.run(&args);
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    let formats: Vec<&str> =
        manifest["inputs"].as_array().expect("inputs").iter().map(|i| i["format"].as_str().expect("format")).collect();
    assert_eq!(formats, vec!["x-v2", "mastodon", "csv", "edge-list"]);
    check_accounting(&manifest);
    // The summary line names each input's format, so a wrong detection shows.
    let summary = crate::util::stderr(&o);
    assert!(
        summary.contains(
            " from 4 inputs (x-v2-pages.jsonl: x-v2, mastodon.jsonl: mastodon, posts.csv: csv, edges.txt: edge-list): "
        ),
        "{summary}"
    );
    // Many inputs: counted per format.
    let more: Vec<String> = ["x-v1.jsonl", "bsky-jetstream.jsonl", "bsky-appview.jsonl", "twarc.csv"]
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect();
    args.extend(more.iter().map(String::as_str));
    args.push("--force");
    let o = t.run(&args);
    assert_ok(&o);
    let summary = crate::util::stderr(&o);
    assert!(
        summary.contains(" from 8 inputs (2 bluesky, 1 csv, 1 edge-list, 1 mastodon, 1 twarc-csv, 1 x-v1, 1 x-v2): "),
        "{summary}"
    );
}
