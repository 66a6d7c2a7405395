//! Scores against networkx on the same graphs. The graphs and reference
//! values are made by tests/data/oracle/make_oracle.py (pinned versions in
//! requirements.txt beside it).

use std::collections::BTreeMap;

use crate::util::{TestDir, assert_ok, read_csv, read_json, root};

/// Runs analyze on an oracle graph; returns accounts.csv rows by handle
/// (the node name as written; ids are lower-cased) and the reference JSON.
fn run(
    name: &str,
) -> (
    BTreeMap<String, BTreeMap<String, String>>,
    serde_json::Value,
) {
    let dir = root().join("tests/data/oracle");
    let t = TestDir::new();
    let input = dir.join(format!("{name}.csv"));
    assert_ok(&t.run(&[
        "analyze",
        input.to_str().expect("utf-8"),
        "--out",
        "out",
        "-q",
    ]));
    let rows = read_csv(&t.path("out/accounts.csv"))
        .into_iter()
        .map(|r| (r["handle"].clone(), r))
        .collect();
    (rows, read_json(&dir.join(format!("{name}.json"))))
}

fn check(name: &str) {
    let (rows, want) = run(name);
    assert_eq!(
        rows.len() as u64,
        want["nodes"].as_u64().expect("nodes"),
        "{name}: account count"
    );
    let mut worst: f64 = 0.0;
    for (node, pr) in want["pagerank"].as_object().expect("pagerank") {
        let row = rows
            .get(node)
            .unwrap_or_else(|| panic!("{name}: {node} missing"));
        let num = |col: &str| -> f64 { row[col].parse().expect("number") };
        let reference = pr.as_f64().expect("float");
        worst = worst.max((num("pagerank") - reference).abs() / reference);
        assert_eq!(
            num("in_degree"),
            want["in_degree"][node].as_f64().expect("count"),
            "{name} {node}"
        );
        let out_weight = want["out_weight"][node].as_f64().expect("float");
        assert!(
            (num("out_weight") - out_weight).abs() <= 1e-12 * out_weight.max(1.0),
            "{name} {node}: out_weight"
        );
    }
    assert!(
        worst <= 1e-6,
        "{name}: PageRank relative error {worst:e} above 1e-6"
    );
    let total: f64 = rows
        .values()
        .map(|r| r["pagerank"].parse::<f64>().expect("float"))
        .sum();
    assert!(
        (total - 1.0).abs() < 1e-12,
        "{name}: PageRank sums to {total}"
    );
}

#[test]
fn karate_club() {
    check("karate");
}

#[test]
fn les_miserables_weighted() {
    check("lesmis");
}

#[test]
fn heavy_tailed_directed_with_dangling_accounts() {
    check("heavytail");
}
