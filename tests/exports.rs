//! Real exports as people save them (issue 14): twarc-csv's CSV in each of
//! its encodings gives the graph of the JSON it was made from (where the
//! CSV holds the information), flattened and page forms of X v2 give the
//! same handles, and whole API responses are read record by record. The
//! fixtures are written by tests/data/exports/make_fixtures.py.

use std::collections::BTreeSet;

use crate::util::{TestDir, assert_ok, check_accounting, dolgraph, read_csv, read_json, root};

/// (source, target, kind, count) of edges.csv.
type EdgeSet = BTreeSet<(String, String, String, String)>;

struct Run {
    edges: EdgeSet,
    /// (id, handle, name) of accounts.csv.
    accounts: BTreeSet<(String, String, String)>,
    manifest: serde_json::Value,
    rejects: Vec<(u64, String)>,
}

fn analyze(files: &[&str], extra: &[&str]) -> Run {
    let t = TestDir::new();
    let out = t.path("out");
    let mut cmd = dolgraph();
    cmd.current_dir(root()).arg("analyze");
    for f in files {
        cmd.arg(format!("tests/data/exports/{f}"));
    }
    let o = cmd.args(["-q", "--max-pictures", "0", "--out"]).arg(&out).args(extra).output().expect("run dolgraph");
    assert_ok(&o);
    let edges = read_csv(&out.join("edges.csv"))
        .into_iter()
        .map(|e| (e["source"].clone(), e["target"].clone(), e["kind"].clone(), e["count"].clone()))
        .collect();
    let accounts = read_csv(&out.join("accounts.csv"))
        .into_iter()
        .map(|a| (a["id"].clone(), a["handle"].clone(), a["name"].clone()))
        .collect();
    let manifest = read_json(&out.join("manifest.json"));
    check_accounting(&manifest);
    let rejects = std::fs::read_to_string(out.join("rejects.jsonl"))
        .expect("rejects")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            (v["line"].as_u64().expect("line"), v["reason"].as_str().expect("reason").to_string())
        })
        .collect();
    Run { edges, accounts, manifest, rejects }
}

fn edge(s: &str, t: &str, kind: &str) -> (String, String, String, String) {
    (s.into(), t.into(), kind.into(), "1".into())
}

/// The conversation's edges from its JSON: 10 DrAnaRana, 11 BenKoh,
/// 12 ClaraMSL, 13 DevPatel (mentioned, never posting).
fn json_edges() -> EdgeSet {
    [
        edge("10", "11", "mention"),
        edge("10", "13", "mention"),
        edge("11", "10", "reply"),
        edge("11", "12", "mention"),
        edge("11", "13", "mention"),
        edge("12", "10", "repost"),
        edge("12", "11", "quote"),
    ]
    .into_iter()
    .collect()
}

#[test]
fn flattened_and_page_forms_give_the_same_graph_and_handles() {
    let flat = analyze(&["conversation-flat.jsonl"], &[]);
    let page = analyze(&["conversation-page.jsonl"], &[]);
    assert_eq!(flat.edges, json_edges());
    assert_eq!(page.edges, json_edges());
    let ids_handles = |r: &Run| r.accounts.iter().map(|(i, h, _)| (i.clone(), h.clone())).collect::<BTreeSet<_>>();
    assert_eq!(ids_handles(&flat), ids_handles(&page), "the same handles from either form");
    // The retweeted and quoted authors' names come from the merged entries
    // (13 is only mentioned: a page's includes name it, a flattened line does not).
    let names = |r: &Run| r.accounts.iter().filter(|a| a.0 != "13").cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(&flat), names(&page));
    assert!(flat.accounts.iter().all(|(_, h, _)| !h.is_empty()), "{:?}", flat.accounts);
}

#[test]
fn twarc_csv_without_entity_processing_gives_the_json_graph() {
    let csv = analyze(&["twarc-no-process-entities.csv"], &[]);
    assert_eq!(csv.edges, json_edges());
    assert_eq!(csv.manifest["inputs"][0]["format"], "twarc-csv");
}

/// twarc-csv's default export writes mentions as `["@BenKoh"]`: a
/// mention of an account the file shows (an author, a replied, retweeted
/// or quoted user) joins its id; DevPatel, known only by handle, is
/// counted unresolved (two mentions), never guessed. Before, the strings
/// were read as objects without username and every mention was lost.
#[test]
fn twarc_csv_default_and_json_encode_all_exports_give_the_json_graph_where_the_csv_holds_it() {
    let known_only_by_handle = |e: &(String, String, String, String)| e.1 == "13";
    let want: EdgeSet = json_edges().into_iter().filter(|e| !known_only_by_handle(e)).collect();
    for file in ["twarc-default.csv", "twarc-json-encode-all.csv"] {
        let csv = analyze(&[file], &[]);
        assert_eq!(csv.edges, want, "{file}");
        assert_eq!(csv.manifest["totals"]["unresolved_references"], 2, "{file}");
        assert!(csv.rejects.is_empty(), "{file}: {:?}", csv.rejects);
        let handles: BTreeSet<&str> = csv.accounts.iter().map(|(_, h, _)| h.as_str()).collect();
        assert_eq!(handles, BTreeSet::from(["BenKoh", "ClaraMSL", "DrAnaRana"]), "{file}");
        let names: BTreeSet<&str> = csv.accounts.iter().map(|(_, _, n)| n.as_str()).collect();
        assert!(names.contains("Clara, MSL"), "{file}: --json-encode-all cells are decoded: {names:?}");
    }
    // With the JSON beside it, DevPatel is known and every edge is there once.
    let both = analyze(&["conversation-flat.jsonl", "twarc-default.csv"], &[]);
    assert_eq!(both.edges, json_edges());
}

#[test]
fn bluesky_feed_saved_as_one_indented_document() {
    let r = analyze(&["bluesky-feed.json"], &[]);
    let (ana, ben, clara) =
        ("did:plc:anaanaanaanaanaanaanaana", "did:plc:benbenbenbenbenbenbenben", "did:plc:claraclaraclaraclaraclar");
    let want: EdgeSet =
        [edge(ana, ben, "mention"), edge(ben, ana, "reply"), edge(clara, ana, "repost")].into_iter().collect();
    assert_eq!(r.edges, want, "the 2023 reason type is a repost by clara, not a post of ana");
    assert_eq!(
        r.rejects,
        [(
            195,
            "record 4 of the feed: post view 'at://did:plc:claraclaraclaraclaraclar/app.bsky.feed.post/3lbad' has no author did"
                .to_string()
        )],
        "the record's own line in the document, and its index"
    );
    let input = &r.manifest["inputs"][0];
    assert_eq!(input["shape"], "a whole JSON document, a response with a \"feed\" list");
    assert_eq!(input["records"]["read"], 4);
}

#[test]
fn bluesky_search_and_thread_responses() {
    let (ana, ben, clara) =
        ("did:plc:anaanaanaanaanaanaanaana", "did:plc:benbenbenbenbenbenbenben", "did:plc:claraclaraclaraclaraclar");
    let search = analyze(&["bluesky-search.jsonl"], &[]);
    assert_eq!(search.edges, [edge(ana, ben, "mention"), edge(ben, ana, "reply")].into_iter().collect());
    let thread = analyze(&["bluesky-thread.json"], &[]);
    assert_eq!(thread.edges, [edge(ben, ana, "reply"), edge(clara, ben, "reply")].into_iter().collect());
    let input = &thread.manifest["inputs"][0];
    assert_eq!(input["records"]["skipped"], 1);
    assert_eq!(input["skipped_by_reason"]["thread entry not found or blocked"], 1);
}

#[test]
fn mastodon_timeline_array_and_x_v1_search_pages() {
    let m = analyze(&["mastodon-timeline.json"], &[]);
    assert_eq!(
        m.edges,
        [edge("ana@med.example", "ben@med.example", "mention"), edge("clara@med.example", "ana@med.example", "repost")]
            .into_iter()
            .collect()
    );
    assert_eq!(m.rejects, [(97, "record 3 of the list: status '113' has no account".to_string())]);
    assert_eq!(m.manifest["inputs"][0]["shape"], "a whole JSON document, a JSON array of records");
    let x = analyze(&["x-v1-search.jsonl"], &[]);
    assert_eq!(x.edges, [edge("11", "10", "reply"), edge("12", "10", "repost")].into_iter().collect());
    assert_eq!(x.manifest["inputs"][0]["records"]["read"], 3);
}
