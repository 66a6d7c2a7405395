//! graph.gexf, graph.graphml and report.html: read back with a strict XML
//! parser (roxmltree) and with networkx (tests/data/graphfiles/read_back.py,
//! pinned in requirements.txt beside it), compared with the CSV tables;
//! hostile handles and names stay escaped; the report fetches nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dolgraph::report::graph_files::whole_graph_color;
use dolgraph::report::palette::{OTHER, community_color};

use crate::util::{TestDir, assert_ok, read_csv, root};

const GEXF: &str = "http://gexf.net/1.3";
const VIZ: &str = "http://gexf.net/1.3/viz";
const GRAPHML: &str = "http://graphml.graphdrawing.org/xmlns";

type Row = BTreeMap<String, String>;

fn sample(t: &TestDir) -> PathBuf {
    let inputs: Vec<String> = ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"]
        .iter()
        .map(|f| root().join("data/sample").join(f).display().to_string())
        .collect();
    let mut args = vec!["analyze", "--out", "out", "-q"];
    args.extend(inputs.iter().map(String::as_str));
    assert_ok(&t.run(&args));
    t.path("out")
}

/// Posts whose authors, names and hashtags are attacks on whatever opens
/// the files: markup, entities, quotes, CDATA ends, controls XML forbids,
/// a right-to-left override, a spreadsheet formula.
const HOSTILE: &str = "post_id,author,created_at,text,mentions,hashtags,author_name\n\
1,<script>alert(1)</script>,2026-01-01T00:00:00Z,\"hi @bob\",bob,\"<b>x</b>\",\"Dr \"\"Q\"\" &amp; <i>co</i> ]]> \u{1}\u{1b}\u{202e} evil\"\n\
2,bob,2026-01-01T00:01:00Z,\"hi\",<script>alert(1)</script>,rwe,\"Bob\tTab\r\nNL\"\n\
3,\"a'b\"\"&c\",2026-01-01T00:02:00Z,\"hi\",bob,,\"=HYPERLINK(\"\"http://x\"\")\"\n\
4,\u{202e}evil,2026-01-01T00:03:00Z,\"hi\",bob,\"]]>\",\"<img src=x onerror=alert(1)>\"\n";

fn hostile(t: &TestDir) -> PathBuf {
    t.write("hostile.csv", HOSTILE);
    assert_ok(&t.run(&["analyze", "hostile.csv", "--out", "out", "-q"]));
    t.path("out")
}

/// What a strict XML 1.0 reader sees of a table cell: the value (the
/// spreadsheet guard of a cell like `'=cmd` undone: the graph files carry
/// `=cmd`), the characters XML forbids as U+FFFD, the rest unchanged.
fn as_xml_reads(s: &str) -> String {
    dolgraph::report::escape::csv_text_read(s)
        .chars()
        .map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{FFFD}' } else { c })
        .collect()
}

fn by_id(rows: Vec<Row>) -> BTreeMap<String, Row> {
    rows.into_iter().map(|r| (r["id"].clone(), r)).collect()
}

/// The declared attributes of a GEXF class: id -> (title, type).
fn gexf_attributes(graph: roxmltree::Node, class: &str) -> BTreeMap<String, (String, String)> {
    graph
        .children()
        .filter(|n| n.has_tag_name((GEXF, "attributes")) && n.attribute("class") == Some(class))
        .flat_map(|n| n.children().filter(|a| a.has_tag_name((GEXF, "attribute"))))
        .map(|a| {
            let id = a.attribute("id").expect("attribute id").to_string();
            (id, (a.attribute("title").expect("title").into(), a.attribute("type").expect("type").into()))
        })
        .collect()
}

fn gexf_values(node: roxmltree::Node, attrs: &BTreeMap<String, (String, String)>) -> BTreeMap<String, String> {
    node.descendants()
        .filter(|n| n.has_tag_name((GEXF, "attvalue")))
        .map(|v| (attrs[v.attribute("for").expect("for")].0.clone(), v.attribute("value").expect("value").into()))
        .collect()
}

/// Whether the graph files carry an accounts.csv column.
fn carried(column: &str) -> bool {
    dolgraph::report::graph_files::NODE_ATTRIBUTES.contains(&column) || column.starts_with("affinity_")
}

/// Checks graph.gexf against accounts.csv and edges.csv, value by value;
/// nodes have positions exactly when `positioned`.
fn check_gexf(out: &Path, positioned: bool) {
    let text = std::fs::read_to_string(out.join("graph.gexf")).expect("graph.gexf");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("graph.gexf is not XML: {e}"));
    let root = doc.root_element();
    assert!(root.has_tag_name((GEXF, "gexf")));
    assert_eq!(root.attribute("version"), Some("1.3"));
    assert_eq!(root.lookup_namespace_uri(Some("viz")), Some(VIZ));
    let graph = root.children().find(|n| n.has_tag_name((GEXF, "graph"))).expect("<graph>");
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));

    let account_rows = read_csv(&out.join("accounts.csv"));
    let header: Vec<String> = csv::Reader::from_path(out.join("accounts.csv"))
        .expect("accounts.csv")
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let node_attrs = gexf_attributes(graph, "node");
    let titles: Vec<&str> = (0..node_attrs.len()).map(|i| node_attrs[&i.to_string()].0.as_str()).collect();
    let kept: Vec<&str> = header[1..].iter().map(String::as_str).filter(|h| carried(h)).collect();
    assert_eq!(titles, kept, "one node attribute per carried accounts.csv column, in its order");
    assert!(kept.len() >= 10 && !kept.contains(&"bio") && !kept.contains(&"hub"), "{kept:?}");
    let ty = |title: &str| node_attrs.values().find(|(t, _)| t == title).map(|(_, ty)| ty.as_str());
    assert_eq!(ty("handle"), Some("string"));
    assert_eq!(ty("posts"), Some("long"));
    assert_eq!(ty("community"), Some("integer"));
    assert_eq!(ty("pagerank"), Some("double"));

    let accounts = by_id(account_rows.clone());
    let nodes: Vec<roxmltree::Node> = graph.descendants().filter(|n| n.has_tag_name((GEXF, "node"))).collect();
    assert_eq!(nodes.len(), accounts.len());
    let by = if header.iter().any(|h| h == "dol_score") { "dol_score" } else { "pagerank" };
    let score = |r: &Row| r[by].parse::<f64>().expect("score");
    let largest = account_rows.iter().map(score).fold(0.0, f64::max);
    for (node, row) in nodes.iter().zip(&account_rows) {
        let id = node.attribute("id").expect("node id");
        assert_eq!(id, as_xml_reads(&row["id"]), "nodes in accounts.csv order");
        let want_label = if row["handle"].is_empty() { &row["id"] } else { &row["handle"] };
        assert_eq!(node.attribute("label"), Some(as_xml_reads(want_label).as_str()));
        let values = gexf_values(*node, &node_attrs);
        for (column, value) in row.iter().filter(|(c, v)| carried(c) && !v.is_empty()) {
            assert_eq!(values[column], as_xml_reads(value), "{id} {column}");
        }
        let color = node.children().find(|n| n.has_tag_name((VIZ, "color"))).expect("viz:color");
        let rgb = ["r", "g", "b"].map(|c| color.attribute(c).expect("rgb").parse::<u8>().expect("u8"));
        let want = row["community"].parse::<u32>().map_or(OTHER, |k| if k < 12 { community_color(k) } else { OTHER });
        assert_eq!(rgb, want, "{id}: community {} colour", row["community"]);
        let size: f64 = node
            .children()
            .find(|n| n.has_tag_name((VIZ, "size")))
            .and_then(|n| n.attribute("value"))
            .expect("viz:size")
            .parse()
            .expect("size");
        assert!((4.0..=40.0).contains(&size), "{id}: size {size}");
        if score(row) == largest {
            assert_eq!(size, 40.0, "the top account has the largest size");
        }
        let has_position = node.children().any(|n| n.has_tag_name((VIZ, "position")));
        assert_eq!(has_position, positioned, "positions exactly when there is a layout");
    }

    let edge_rows = read_csv(&out.join("edges.csv"));
    let edge_attrs = gexf_attributes(graph, "edge");
    let edges: Vec<roxmltree::Node> = graph.descendants().filter(|n| n.has_tag_name((GEXF, "edge"))).collect();
    assert_eq!(edges.len(), edge_rows.len());
    for (edge, row) in edges.iter().zip(&edge_rows) {
        assert_eq!(edge.attribute("source"), Some(as_xml_reads(&row["source"]).as_str()));
        assert_eq!(edge.attribute("target"), Some(as_xml_reads(&row["target"]).as_str()));
        assert_eq!(edge.attribute("kind"), Some(row["kind"].as_str()));
        assert_eq!(edge.attribute("weight"), Some(row["weight"].as_str()));
        let values = gexf_values(*edge, &edge_attrs);
        for column in ["kind", "count", "weight"] {
            assert_eq!(values.get(column).map(String::as_str).unwrap_or(""), row[column], "{column}");
        }
        assert!(!values.contains_key("first_at") && !values.contains_key("last_at"), "dates stay in edges.csv");
        assert!(accounts.contains_key(&row["source"]) && accounts.contains_key(&row["target"]));
    }
}

/// Checks graph.graphml against accounts.csv and edges.csv, value by value.
fn check_graphml(out: &Path) {
    let text = std::fs::read_to_string(out.join("graph.graphml")).expect("graph.graphml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("graph.graphml is not XML: {e}"));
    let root = doc.root_element();
    assert!(root.has_tag_name((GRAPHML, "graphml")));
    let keys: BTreeMap<String, (String, String, String)> = root
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "key")))
        .map(|k| {
            let get = |a: &str| k.attribute(a).unwrap_or_else(|| panic!("key without {a}")).to_string();
            (get("id"), (get("for"), get("attr.name"), get("attr.type")))
        })
        .collect();
    let key_type =
        |class: &str, name: &str| keys.values().find(|(f, n, _)| f == class && n == name).map(|(_, _, t)| t.as_str());
    assert_eq!(key_type("node", "handle"), Some("string"));
    assert_eq!(key_type("node", "in_degree"), Some("int"));
    assert_eq!(key_type("node", "posts"), Some("long"));
    assert_eq!(key_type("node", "betweenness"), Some("double"));
    assert_eq!(key_type("edge", "kind"), Some("string"));
    assert_eq!(key_type("edge", "count"), Some("long"));
    assert_eq!(key_type("edge", "weight"), Some("double"));
    assert_eq!(key_type("edge", "last_at"), None, "dates stay in edges.csv");
    assert_eq!(key_type("node", "bio"), None, "bios stay in accounts.csv");
    let graph = root.children().find(|n| n.has_tag_name((GRAPHML, "graph"))).expect("<graph>");
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let data = |n: roxmltree::Node| -> BTreeMap<String, String> {
        n.children()
            .filter(|d| d.has_tag_name((GRAPHML, "data")))
            .map(|d| (keys[d.attribute("key").expect("key")].1.clone(), d.text().unwrap_or_default().to_string()))
            .collect()
    };
    let account_rows = read_csv(&out.join("accounts.csv"));
    let nodes: Vec<roxmltree::Node> = graph.children().filter(|n| n.has_tag_name((GRAPHML, "node"))).collect();
    assert_eq!(nodes.len(), account_rows.len());
    for (node, row) in nodes.iter().zip(&account_rows) {
        assert_eq!(node.attribute("id"), Some(as_xml_reads(&row["id"]).as_str()));
        let values = data(*node);
        for (column, value) in row.iter().filter(|(c, v)| carried(c) && !v.is_empty()) {
            assert_eq!(values[column], as_xml_reads(value), "{column}");
        }
    }
    let edge_rows = read_csv(&out.join("edges.csv"));
    let edges: Vec<roxmltree::Node> = graph.children().filter(|n| n.has_tag_name((GRAPHML, "edge"))).collect();
    assert_eq!(edges.len(), edge_rows.len());
    for (edge, row) in edges.iter().zip(&edge_rows) {
        assert_eq!(edge.attribute("source"), Some(as_xml_reads(&row["source"]).as_str()));
        let values = data(*edge);
        assert_eq!(values["kind"], row["kind"]);
        assert_eq!(values["count"], row["count"]);
        assert_eq!(values["weight"], row["weight"]);
    }
}

/// The src and href attribute values of an HTML page (quoted with ").
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        let quote = attr.chars().last().expect("quote");
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            found.push(rest[..rest.find(quote).unwrap_or(rest.len())].to_string());
        }
    }
    found
}

fn check_self_contained(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<link"), "report.html has a <link>");
    assert!(!lower.contains("<script"), "report.html has a <script>");
    assert!(!lower.contains("@import") && !lower.contains("url("), "report.html CSS loads something");
    // Pictures are data; links are anchors on the page or profile pages a
    // reader may open, never fetched by the page itself.
    for attr in ["src=\"", "src='"] {
        for (at, _) in lower.match_indices(attr) {
            assert!(lower[at + attr.len()..].starts_with("data:"), "report.html loads {}", &lower[at..at + 60]);
        }
    }
    for link in links(&lower) {
        let ok = link.starts_with("data:") || link.starts_with('#') || link.starts_with("https://");
        assert!(ok && !link.contains("http://") && !link.starts_with("//"), "report.html refers to {link}");
    }
}

#[test]
fn sample_graph_files_match_the_tables() {
    let t = TestDir::new();
    let out = sample(&t);
    check_gexf(&out, true);
    check_graphml(&out);
}

#[test]
fn hostile_names_stay_escaped_and_the_files_parse() {
    let t = TestDir::new();
    let out = hostile(&t);
    let accounts = read_csv(&out.join("accounts.csv"));
    assert!(accounts.iter().any(|r| r["handle"] == "<script>alert(1)</script>"), "{accounts:?}");
    // A control character in a name is shown as an escape, in the tables too.
    assert!(accounts.iter().any(|r| r["name"].contains("\\u{0001}")), "{accounts:?}");
    assert!(accounts.iter().all(|r| !r["name"].contains('\u{1}')), "the raw control character reaches the tables");
    check_gexf(&out, true);
    check_graphml(&out);
    let gexf = std::fs::read_to_string(out.join("graph.gexf")).expect("gexf");
    assert!(!gexf.contains("<script") && !gexf.contains('\u{1}') && gexf.contains("&lt;script&gt;"));

    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    check_self_contained(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile handle is shown, escaped");
    assert!(!html.contains("<img src=x") && !html.contains("<b>x</b>") && !html.contains('\u{1}'));
    assert!(html.contains("#&lt;b&gt;x&lt;/b&gt;"), "hostile hashtags are escaped");
}

/// The Python with networkx: $DOLGRAPH_TEST_PYTHON (set by .ci/run), or a
/// venv under the target folder made on first use from the pinned
/// requirements. `None` only when there is no Python at all.
fn networkx_python() -> Option<PathBuf> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Some(p) = std::env::var_os("DOLGRAPH_TEST_PYTHON") {
                return Some(PathBuf::from(p));
            }
            let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphfiles-venv");
            let python = venv.join("bin/python");
            let ready = || Command::new(&python).args(["-c", "import networkx"]).status().is_ok_and(|s| s.success());
            if ready() {
                return Some(python);
            }
            let Ok(status) = Command::new("python3").arg("-m").arg("venv").arg(&venv).status() else {
                eprintln!("skipped: no python3 on PATH (networkx reads the graph files back when there is one)");
                return None;
            };
            assert!(
                status.success(),
                "python3 -m venv {} failed: install the venv module (python3-venv) or set DOLGRAPH_TEST_PYTHON to a Python with networkx",
                venv.display()
            );
            let requirements = root().join("tests/data/graphfiles/requirements.txt");
            let pip = Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "-r"])
                .arg(&requirements)
                .status()
                .expect("run pip");
            assert!(
                pip.success() && ready(),
                "cannot install networkx into {}: run `{}/bin/pip install -r {}` or set DOLGRAPH_TEST_PYTHON to a Python with networkx",
                venv.display(),
                venv.display(),
                requirements.display()
            );
            Some(python)
        })
        .clone()
}

/// networkx reads both files into a directed multigraph with the tables'
/// counts and values.
fn check_with_networkx(out: &Path, ids: &[&str]) {
    let python = networkx_python().expect("this test needs python3 with networkx (.ci/run installs it)");
    let script = root().join("tests/data/graphfiles/read_back.py");
    let run = Command::new(&python).arg(&script).arg(out).args(ids).output().expect("run python");
    assert!(run.status.success(), "read_back.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let got: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON from read_back.py");
    let accounts = by_id(read_csv(&out.join("accounts.csv")));
    let edges = read_csv(&out.join("edges.csv"));
    let count_sum: u64 = edges.iter().map(|e| e["count"].parse::<u64>().expect("count")).sum();
    let weight_sum: f64 = edges.iter().map(|e| e["weight"].parse::<f64>().expect("weight")).sum();
    for format in ["gexf", "graphml"] {
        let g = &got[format];
        assert_eq!(g["nodes"], accounts.len(), "{format}");
        assert_eq!(g["edges"], edges.len(), "{format}");
        assert_eq!(g["directed"], true, "{format}");
        assert_eq!(g["count_sum"], count_sum, "{format}");
        assert!((g["weight_sum"].as_f64().expect("sum") - weight_sum).abs() < 1e-9, "{format}");
        for id in ids {
            let row = &accounts[*id];
            let node = &g["accounts"][*id];
            assert_eq!(node["handle"], as_xml_reads(&row["handle"]), "{format} {id}");
            // An empty cell is no attribute at all.
            let name = node["name"].as_str().unwrap_or_default();
            assert_eq!(name, as_xml_reads(&row["name"]), "{format} {id}");
            assert!(node["community"].is_u64() && node["in_degree"].is_u64(), "{format}: integers stay integers");
            assert_eq!(node["community"].to_string(), row["community"], "{format} {id}");
            let pr: f64 = row["pagerank"].parse().expect("pagerank");
            // Within an ulp or two: serde_json parses Python's JSON floats
            // without its float_roundtrip feature.
            let got = node["pagerank"].as_f64().expect("pagerank is a number");
            assert!((got - pr).abs() <= 4.0 * f64::EPSILON * pr.abs(), "{format} {id}: pagerank {got}, table {pr}");
            let mut want: Vec<(String, String)> =
                edges.iter().filter(|e| e["source"] == *id).map(|e| (e["target"].clone(), e["kind"].clone())).collect();
            want.sort();
            let have: Vec<(String, String)> = g["out_edges"][*id]
                .as_array()
                .expect("out edges")
                .iter()
                .map(|p| (p[0].as_str().expect("t").to_string(), p[1].as_str().expect("k").to_string()))
                .collect();
            assert_eq!(have, want, "{format} {id}: edges out");
        }
        if format == "gexf" {
            let id = ids[0];
            let color = &g["accounts"][id]["viz"]["color"];
            let want = accounts[id]["community"].parse::<u32>().map_or(OTHER, whole_graph_color);
            let rgb = ["r", "g", "b"].map(|c| color[c].as_u64().expect("colour"));
            assert_eq!(rgb, want.map(u64::from), "networkx sees the community colour");
        }
    }
}

/// An output folder of a generated graph of 60,000 accounts and 120,000
/// edges (each account links to two others picked by two fixed
/// permutations: a small world), past the size from which the graph files
/// are compressed; betweenness sampled coarsely to keep the test short.
fn large(t: &TestDir) -> PathBuf {
    use std::fmt::Write;
    let n = 60_000u32;
    let mut text = String::new();
    for i in 0..n {
        let _ = writeln!(text, "a{i} a{}", (i * 7919 + 13) % n);
        let _ = writeln!(text, "a{i} a{}", (i * 104_729 + 7) % n);
    }
    t.write("big.txt", &text);
    let args = ["analyze", "big.txt", "--out", "big", "-q", "--max-pictures", "0", "--betweenness-epsilon", "0.1"];
    assert_ok(&t.run(&args));
    t.path("big")
}

#[test]
fn a_large_graph_gets_gzip_compressed_graph_files_that_match_the_tables() {
    use std::io::Read;
    let t = TestDir::new();
    let out = large(&t);
    let (accounts, edges) = (read_csv(&out.join("accounts.csv")), read_csv(&out.join("edges.csv")));
    assert!(accounts.len() + edges.len() >= dolgraph::report::graph_files::GZIP_FROM);
    for (name, node, edge) in
        [("graph.gexf", (GEXF, "node"), (GEXF, "edge")), ("graph.graphml", (GRAPHML, "node"), (GRAPHML, "edge"))]
    {
        assert!(!out.join(name).exists(), "{name} is written compressed only");
        let file = std::fs::File::open(out.join(format!("{name}.gz"))).expect("the .gz file");
        let mut text = String::new();
        flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("gzip, whole");
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}.gz is not XML: {e}"));
        let ids: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name(node)).filter_map(|n| n.attribute("id")).collect();
        let want: Vec<&str> = accounts.iter().map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, want, "{name}: one node per account, in order");
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name(edge)).count(), edges.len(), "{name}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    let listed = manifest["outputs"].to_string();
    assert!(listed.contains("graph.gexf.gz") && listed.contains("graph.graphml.gz"), "{listed}");
}

#[test]
#[ignore = "needs python3 and networkx from PyPI"]
fn networkx_reads_compressed_graph_files() {
    let t = TestDir::new();
    let out = large(&t);
    check_with_networkx(&out, &["a0", "a13", "a59999"]);
}

#[test]
#[ignore = "needs python3 and networkx from PyPI"]
fn networkx_reads_the_sample_graph_files() {
    let t = TestDir::new();
    let out = sample(&t);
    // The account with most edges out and the top account by PageRank.
    let rows = read_csv(&out.join("accounts.csv"));
    let busiest = rows.iter().max_by_key(|r| r["out_degree"].parse::<u64>().expect("n")).expect("rows");
    let pagerank = |r: &Row| r["pagerank"].parse::<f64>().expect("pagerank");
    let top = rows.iter().max_by(|a, b| pagerank(a).total_cmp(&pagerank(b))).expect("rows");
    check_with_networkx(&out, &[&busiest["id"], &top["id"]]);
}

#[test]
#[ignore = "needs python3 and networkx from PyPI"]
fn networkx_reads_hostile_names() {
    let t = TestDir::new();
    let out = hostile(&t);
    check_with_networkx(&out, &["<script>alert(1)</script>", "bob", "a'b\"&c"]);
}

#[test]
fn report_shows_the_run_and_fetches_nothing() {
    let t = TestDir::new();
    let out = sample(&t);
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    check_self_contained(&html);
    let accounts = read_csv(&out.join("accounts.csv"));
    let top = accounts
        .iter()
        .max_by(|a, b| {
            let (x, y) = (a["pagerank"].parse::<f64>().expect("f"), b["pagerank"].parse::<f64>().expect("f"));
            x.total_cmp(&y)
        })
        .expect("accounts");
    assert!(html.contains(&format!(">@{}</a>", top["handle"])), "the top account is in the table, linked");
    assert!(html.contains(&format!("href=\"{}\"", top["url"])), "to its profile page");
    for heading in ["Summary", "Top accounts", "Communities", "Inputs"] {
        assert!(html.contains(&format!(">{heading}</h")), "section {heading}");
    }
    assert!(html.contains("x-v2.jsonl") && html.contains("listening-export.csv"), "inputs are listed");
    let communities = read_csv(&out.join("communities.csv"));
    let cards = html.matches("<article class=\"card\"").count();
    let shared = communities.iter().filter(|c| c["size"].parse::<u64>().expect("size") >= 2).count();
    assert_eq!(cards, shared.min(12), "a card per community of two or more, at most one per colour");
    let rest = communities.len() - shared.min(50);
    assert!(html.contains(&format!("And {rest} smaller communities")), "the rest is counted");
    assert!(html.contains(&format!("--c:{}", dolgraph::report::palette::hex(community_color(0)))));
}

/// Rewrites accounts.csv's dol_score and persona columns with
/// `f(row index, rows)`; returns the number of rows.
fn set_scores(out: &std::path::Path, f: impl Fn(usize, usize) -> (f64, &'static str)) -> usize {
    let path = out.join("accounts.csv");
    let mut r = csv::Reader::from_path(&path).expect("accounts.csv");
    let header = r.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (score, persona) = (col("dol_score"), col("persona"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let mut w = csv::Writer::from_path(&path).expect("write accounts.csv");
    w.write_record(&header).expect("header");
    for (i, row) in rows.iter().enumerate() {
        let (s, p) = f(i, rows.len());
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if j == score {
                    s.to_string()
                } else if j == persona {
                    p.to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        w.write_record(&cells).expect("row");
    }
    w.flush().expect("flush");
    rows.len()
}

/// The report drawn again from a folder that has what other stages add:
/// dol_score and persona columns, topics.csv, pictures in images/.
#[test]
fn report_redraws_from_a_folder_with_topics_and_pictures() {
    let t = TestDir::new();
    let out = sample(&t);
    // The last account gets the highest DOL score.
    let n = set_scores(&out, |i, _| (i as f64, if i % 2 == 0 { "clinician" } else { "<patient>" }));
    let last = read_csv(&out.join("accounts.csv"))[n - 1]["handle"].clone();
    std::fs::write(
        out.join("topics.csv"),
        "topic,rank,id,handle,score,affinity,on_topic_posts,engagement_in,community,why\n\
         rwe,1,a,dr_rwe,0.9,0.5,12,30,0,replies from 3 communities\n\
         <onc>,1,b,onc_lead,0.8,0.25,4,9,1,\"quoted by <i>many</i>\"\n",
    )
    .expect("write");
    // Only the two pictures below: the run's own are removed.
    std::fs::remove_dir_all(out.join("images")).expect("rm images");
    std::fs::create_dir_all(out.join("images")).expect("images");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle r=\"4\"/></svg>";
    std::fs::write(out.join("images/overview.svg"), svg).expect("write");
    std::fs::write(out.join("images/community-0.svg"), svg).expect("write");

    dolgraph::report::html::write_report(&out).expect("report");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    check_self_contained(&html);
    assert!(html.contains("<th class=\"n\">DOL score</th>") && html.contains("<th>persona</th>"));
    let top_table = html.split("<section id=\"accounts\">").nth(1).expect("top table");
    let first_row = top_table.split("<tbody>").nth(1).expect("rows").split("</tr>").next().expect("row");
    assert!(first_row.contains(&format!("@{last}<")), "ranked by dol_score: {first_row}");
    assert!(html.contains("&lt;patient&gt;"));
    assert!(html.contains(">rwe</h3>") && html.contains(">&lt;onc&gt;</h3>"));
    // Raw centralities are in the appendix only, with what they mean.
    let main_view = html.split("<section id=\"measures\">").next().expect("before the appendix");
    assert!(!main_view.contains("<th class=\"n\">pagerank</th>"), "no raw PageRank in the main view");
    assert!(html.contains("<dt>pagerank</dt>"));
    assert!(html.contains("replies from 3 communities") && html.contains("quoted by &lt;i&gt;many&lt;/i&gt;"));
    assert_eq!(html.matches("src=\"data:image/svg+xml;base64,").count(), 2, "overview and community 0");
    assert!(!html.contains("http://www.w3.org/2000/svg"), "pictures are embedded as data, not markup");
}

/// The graph files rewritten from a folder as later stages leave it: with
/// layout positions, and with dol_score and persona columns in
/// accounts.csv, which become attributes and size the nodes.
#[test]
fn graph_files_take_positions_and_new_columns() {
    let t = TestDir::new();
    let out = sample(&t);
    // The first account gets the highest DOL score.
    let n = set_scores(&out, |i, n| ((n - i) as f64 / 4.0, if i == 0 { "<kol>" } else { "" }));

    let wrong: Vec<[f32; 2]> = vec![[0.0, 0.0]; n - 1];
    let err = dolgraph::report::graph_files::write_graph_files(&out, Some(&wrong)).expect_err("too few positions");
    assert!(err.to_string().contains(&format!("{} layout positions for {n} accounts", n - 1)), "{err}");

    let positions: Vec<[f32; 2]> = (0..n).map(|i| [i as f32 * 1.5, -(i as f32) / 3.0]).collect();
    dolgraph::report::graph_files::write_graph_files(&out, Some(&positions)).expect("graph files");
    check_gexf(&out, true);
    check_graphml(&out);
    let text = std::fs::read_to_string(out.join("graph.gexf")).expect("gexf");
    let doc = roxmltree::Document::parse(&text).expect("xml");
    let graph = doc.root_element().children().find(|n| n.has_tag_name((GEXF, "graph"))).expect("graph");
    let attrs = gexf_attributes(graph, "node");
    assert!(attrs.values().any(|(t, ty)| t == "dol_score" && ty == "double"));
    assert!(attrs.values().any(|(t, ty)| t == "persona" && ty == "string"));
    let nodes: Vec<roxmltree::Node> = graph.descendants().filter(|n| n.has_tag_name((GEXF, "node"))).collect();
    for (i, node) in nodes.iter().enumerate() {
        let pos = node.children().find(|n| n.has_tag_name((VIZ, "position"))).expect("viz:position");
        let xy = ["x", "y"].map(|a| pos.attribute(a).expect("x, y").parse::<f32>().expect("f32"));
        assert_eq!(xy, positions[i], "node {i}");
        let size = node.children().find(|n| n.has_tag_name((VIZ, "size"))).and_then(|s| s.attribute("value"));
        if i == 0 {
            assert_eq!(size, Some("40.00"), "the highest dol_score is the largest node");
            assert_eq!(gexf_values(*node, &attrs)["persona"], "<kol>");
        }
    }
}

/// A handle that a spreadsheet would run as a formula: the tables keep it
/// guarded (`'=cmd`), every other file shows the handle itself (issue 15:
/// graph.gexf labels, graph.graphml ids and report.html showed `'=cmd`).
#[test]
fn a_formula_handle_is_guarded_in_the_tables_and_itself_elsewhere() {
    let t = TestDir::new();
    t.write(
        "formula.csv",
        "post_id,author,created_at,text,mentions,hashtags,author_name\n\
         1,ana,2026-01-01T00:00:00Z,\"hi @=cmd on #rwe\",=cmd,rwe,Ana\n\
         2,bob,2026-01-01T00:01:00Z,\"hi @=cmd on #rwe\",=cmd,rwe,Bob\n\
         3,=cmd,2026-01-01T00:02:00Z,\"thanks @ana #rwe\",ana,rwe,=cmd\n",
    );
    t.write("topics.toml", "[topics.rwe]\nhashtags = [\"rwe\"]\n");
    assert_ok(&t.run(&["analyze", "formula.csv", "--topics", "topics.toml", "--out", "out", "-q"]));
    let out = t.path("out");
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));

    let accounts = read_csv(&out.join("accounts.csv"));
    assert!(accounts.iter().any(|r| r["handle"] == "'=cmd"), "accounts.csv keeps the guard: {accounts:?}");
    let topics = read_csv(&out.join("topics.csv"));
    assert!(topics.iter().any(|r| r["handle"] == "'=cmd"), "topics.csv keeps the guard: {topics:?}");

    let gexf = read("graph.gexf");
    let doc = roxmltree::Document::parse(&gexf).expect("graph.gexf is XML");
    let labels: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name((GEXF, "node"))).filter_map(|n| n.attribute("label")).collect();
    assert!(labels.contains(&"=cmd"), "{labels:?}");
    let graphml = read("graph.graphml");
    let doc = roxmltree::Document::parse(&graphml).expect("graph.graphml is XML");
    let ids: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name((GRAPHML, "node"))).filter_map(|n| n.attribute("id")).collect();
    let handle_id = accounts.iter().find(|r| r["handle"] == "'=cmd").map(|r| r["id"].clone()).expect("the account");
    let want_id = dolgraph::report::escape::csv_text_read(&handle_id);
    assert!(ids.contains(&want_id), "{want_id} in {ids:?}");
    assert!(graphml.contains(">=cmd</data>"), "the handle as a value");

    let html = read("report.html");
    assert!(html.contains("@=cmd"), "report.html shows the handle");
    let explore = read("explore.html");
    assert!(explore.contains("\"=cmd\""), "explore.html's data holds the handle");
    for (name, text) in
        [("graph.gexf", &gexf), ("graph.graphml", &graphml), ("report.html", &html), ("explore.html", &explore)]
    {
        assert!(
            !text.contains("'=cmd") && !text.contains("&#39;=cmd") && !text.contains("&apos;=cmd"),
            "{name} shows the guard"
        );
    }
}
