//! Scores against networkx on the same graphs. The graphs and reference
//! values are made by tests/data/oracle/make_oracle.py (pinned versions in
//! requirements.txt beside it).

use std::collections::BTreeMap;

use crate::util::{TestDir, assert_ok, read_csv, read_json, root};

type Rows = BTreeMap<String, BTreeMap<String, String>>;

/// Runs analyze on an oracle graph with `extra` flags; returns accounts.csv
/// rows by handle (the node name as written; ids are lower-cased), the
/// manifest and the reference JSON.
fn run_with(name: &str, extra: &[&str]) -> (Rows, serde_json::Value, serde_json::Value) {
    let dir = root().join("tests/data/oracle");
    let t = TestDir::new();
    let input = dir.join(format!("{name}.csv"));
    let mut args = vec!["analyze", input.to_str().expect("utf-8"), "--out", "out", "-q"];
    args.extend_from_slice(extra);
    assert_ok(&t.run(&args));
    let rows = read_csv(&t.path("out/accounts.csv")).into_iter().map(|r| (r["handle"].clone(), r)).collect();
    (rows, read_json(&t.path("out/manifest.json")), read_json(&dir.join(format!("{name}.json"))))
}

fn run(name: &str) -> (Rows, serde_json::Value) {
    let (rows, _, want) = run_with(name, &[]);
    (rows, want)
}

/// The largest relative error of `column` against the reference `key`,
/// over accounts whose reference value is not numerically zero; those must
/// be numerically zero too (networkx's SVD leaves noise of ~1e-18 where
/// the exact value is 0).
fn worst_relative(name: &str, rows: &Rows, want: &serde_json::Value, column: &str, key: &str) -> f64 {
    let mut worst: f64 = 0.0;
    for (node, reference) in want[key].as_object().expect("values") {
        let got: f64 = rows[node][column].parse().expect("float");
        let reference = reference.as_f64().expect("float");
        if reference.abs() <= 1e-15 {
            assert!(got.abs() <= 1e-15, "{name} {node}: {column} {got}, networkx {reference}");
        } else {
            worst = worst.max((got - reference).abs() / reference.abs());
        }
    }
    worst
}

fn check(name: &str) {
    let (rows, want) = run(name);
    assert_eq!(rows.len() as u64, want["nodes"].as_u64().expect("nodes"), "{name}: account count");
    let mut worst: f64 = 0.0;
    for (node, pr) in want["pagerank"].as_object().expect("pagerank") {
        let row = rows.get(node).unwrap_or_else(|| panic!("{name}: {node} missing"));
        let num = |col: &str| -> f64 { row[col].parse().expect("number") };
        let reference = pr.as_f64().expect("float");
        worst = worst.max((num("pagerank") - reference).abs() / reference);
        assert_eq!(num("in_degree"), want["in_degree"][node].as_f64().expect("count"), "{name} {node}");
        let out_weight = want["out_weight"][node].as_f64().expect("float");
        assert!((num("out_weight") - out_weight).abs() <= 1e-12 * out_weight.max(1.0), "{name} {node}: out_weight");
    }
    assert!(worst <= 1e-6, "{name}: PageRank relative error {worst:e} above 1e-6");
    let total: f64 = rows.values().map(|r| r["pagerank"].parse::<f64>().expect("float")).sum();
    assert!((total - 1.0).abs() < 1e-12, "{name}: PageRank sums to {total}");
}

fn check_others(name: &str) {
    let (rows, want) = run(name);
    let hits = ["authority", "hub"].map(|c| worst_relative(name, &rows, &want, c, c));
    assert!(hits.iter().all(|&e| e <= 1e-6), "{name}: HITS relative errors {hits:?} above 1e-6");
    let bc = worst_relative(name, &rows, &want, "betweenness", "betweenness");
    assert!(bc <= 1e-9, "{name}: exact betweenness relative error {bc:e} above 1e-9");
    for (node, core) in want["coreness"].as_object().expect("coreness") {
        assert_eq!(rows[node]["coreness"], core.to_string(), "{name} {node}: coreness");
    }
}

#[test]
fn karate_club() {
    check("karate");
    check_others("karate");
}

#[test]
fn les_miserables_weighted() {
    check("lesmis");
    check_others("lesmis");
}

#[test]
fn heavy_tailed_directed_with_dangling_accounts() {
    check("heavytail");
    check_others("heavytail");
}

#[test]
fn sampled_betweenness_keeps_its_stated_bound() {
    let (rows, manifest, want) = run_with("heavytail", &["--exact-betweenness-max", "0", "--seed", "7"]);
    let method = &manifest["betweenness"];
    assert_eq!(method["method"], "sampled", "{method}");
    let bound = method["error_bound"].as_f64().expect("bound");
    assert!(bound > 0.01 && bound < 0.0101, "{method}");
    let mut worst: f64 = 0.0;
    for (node, exact) in want["betweenness"].as_object().expect("values") {
        let got: f64 = rows[node]["betweenness"].parse().expect("float");
        worst = worst.max((got - exact.as_f64().expect("float")).abs());
    }
    assert!(worst <= bound, "sampled betweenness off by {worst} > stated bound {bound}");
    assert!(worst > 0.0, "an estimate, not the exact values");
    eprintln!("sampled betweenness: worst absolute error {worst:.5} for a stated bound {bound:.5}");
}
