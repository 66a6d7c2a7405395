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

/// Personalised PageRank against networkx's `pagerank(personalization=...)`
/// (tests/data/personalised/make_reference.py): a small directed graph with
/// a dangling and an isolated account and a seed named twice, and the
/// karate club undirected as scout sees it. Tight settings give networkx's
/// values to 1e-9; scout's own settings (tolerance 1e-10) to 1e-6.
#[test]
fn personalised_pagerank_matches_networkx() {
    use dolgraph::analysis::pagerank::{PERSONALISED, PageRankSettings, personalised};
    use dolgraph::graph::Csr;
    let want = read_json(&root().join("tests/data/personalised/reference.json"));
    let cases = want["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 2);
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let n = c["nodes"].as_u64().expect("nodes") as usize;
        let mut links: Vec<(u32, u32, f64)> = c["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| {
                let x = |i: usize| l[i].as_f64().expect("number");
                (x(0) as u32, x(1) as u32, x(2))
            })
            .collect();
        let g = if c["directed"].as_bool().expect("directed") {
            links.sort_by_key(|l| (l.0, l.1));
            Csr::from_sorted(n, links)
        } else {
            Csr::symmetric(n, &links)
        };
        let seeds: Vec<u32> =
            c["seeds"].as_array().expect("seeds").iter().map(|s| s.as_u64().expect("seed") as u32).collect();
        let reference: Vec<f64> =
            c["pagerank"].as_array().expect("scores").iter().map(|x| x.as_f64().expect("float")).collect();
        let tight = PageRankSettings { tolerance: 1e-14, max_iterations: 10_000, ..PERSONALISED };
        for (s, bound) in [(tight, 1e-9), (PERSONALISED, 1e-6)] {
            let p = personalised(&g, &seeds, &s);
            assert!(p.converged && p.residual < s.tolerance && p.iterations > 1, "{name}: {p:?}");
            assert_eq!(p.scores.len(), n);
            let worst = p
                .scores
                .iter()
                .zip(&reference)
                .map(|(got, want)| if *want == 0.0 { got.abs() } else { (got - want).abs() / want })
                .fold(0.0f64, f64::max);
            assert!(worst <= bound, "{name}: relative error {worst:e} above {bound:e} (tolerance {:e})", s.tolerance);
            eprintln!(
                "personalised {name}: tolerance {:e}, {} iterations, worst relative error {worst:.1e}",
                s.tolerance, p.iterations
            );
        }
    }
}
