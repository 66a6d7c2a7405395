//! Hostile values and settings (issue 13): ids that differ only in a
//! control character stay distinct in every output; control and
//! text-direction characters never reach an output or the terminal raw;
//! weights that would overflow, sample counts that cannot be paid for and
//! absurd thread counts are refused with exit 2; pseudonymised runs keep
//! no record text, no exact follower count and no exact time.

use std::collections::BTreeSet;

use crate::util::{
    TestDir, assert_ok, check_accounting, files_under, manifest_without_file_names, read_csv, read_json, root, stderr,
};

/// The characters no output may hold raw: C0 controls but tab, newline and
/// carriage return (CSV and XML quote those), DEL, C1, and the Trojan
/// Source text-direction characters.
fn raw_hidden(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn ids_differing_in_a_control_character_stay_distinct_everywhere() {
    let t = TestDir::new();
    // Three accounts, x\u1, x\u2 and b: before, GEXF and GraphML wrote both
    // x ids as x\uFFFD (one node with self-loops).
    t.write("ctl.txt", "x\u{1} b\nx\u{2} b\nb x\u{1}\nx\u{2} x\u{1}\n");
    assert_ok(&t.run(&["analyze", "ctl.txt", "--out", "out", "-q"]));
    let ids: Vec<String> = read_csv(&t.path("out/accounts.csv")).into_iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, ["x\\u{0001}", "b", "x\\u{0002}"]);
    let gexf = std::fs::read_to_string(t.path("out/graph.gexf")).expect("gexf");
    let doc = roxmltree::Document::parse(&gexf).expect("gexf is XML");
    let nodes: BTreeSet<&str> =
        doc.descendants().filter(|n| n.has_tag_name("node")).filter_map(|n| n.attribute("id")).collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    let self_loops = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .filter(|n| n.attribute("source") == n.attribute("target"))
        .count();
    assert_eq!(self_loops, 0);
    let graphml = std::fs::read_to_string(t.path("out/graph.graphml")).expect("graphml");
    let doc = roxmltree::Document::parse(&graphml).expect("graphml is XML");
    let nodes: BTreeSet<&str> =
        doc.descendants().filter(|n| n.has_tag_name("node")).filter_map(|n| n.attribute("id")).collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    let edges = read_csv(&t.path("out/edges.csv"));
    assert_eq!(edges.len(), 4);
    assert!(edges.iter().all(|e| e["source"] != e["target"]));
}

#[test]
fn control_and_direction_characters_never_reach_an_output_or_the_terminal() {
    let t = TestDir::new();
    // A listening-tool export with hostile names, handles and hashtags,
    // and a first line that no format matches (its text is echoed).
    t.write(
        "hostile.csv",
        "post_id,author,author_name,text,mentions,hashtags\n\
         1,ana,\"Dr \u{1b}[31mAna\u{7}\",hello @bob,bob,\"rwe\u{202E}\"\n\
         2,bob,\"evil\u{202E}gnp.exe\",reply @ana,ana,\n\
         3,\"c\u{1}\",\"Carl\u{85}\",hi,ana,\n",
    );
    let o = t.run(&["analyze", "hostile.csv", "--out", "out", "-q"]);
    assert_ok(&o);
    for (path, bytes) in files_under(&t.path("out")) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".png") || path.ends_with(".xlsx") {
            continue; // compressed: its cells are read below
        }
        assert_eq!(raw_hidden(&text), None, "{path}");
    }
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(t.path("out/dolgraph.xlsx")).expect("xlsx");
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("sheet");
            let cells: String = range.cells().map(|(_, _, d)| format!("{d}\n")).collect();
            assert_eq!(raw_hidden(&cells), None, "dolgraph.xlsx sheet {name}");
            assert!(name != "Accounts" || cells.contains("evil\\u{202E}gnp.exe"), "{cells}");
        }
    }
    let accounts = read_csv(&t.path("out/accounts.csv"));
    let names: BTreeSet<&str> = accounts.iter().map(|r| r["name"].as_str()).collect();
    assert!(names.contains("Dr \\u{001B}[31mAna\\u{0007}"), "{names:?}");
    assert!(names.contains("evil\\u{202E}gnp.exe"), "{names:?}");
    // An undetectable input's first line is quoted in the error: escaped.
    t.write("junk.txt", "\u{1b}]0;owned\u{7} this is, not a format\n");
    let o = t.run(&["analyze", "junk.txt", "--out", "out2"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("\\u{001B}]0;owned\\u{0007}"), "{err}");
    assert_eq!(raw_hidden(&err), None, "{err:?}");
}

#[test]
fn weights_that_overflow_underflow_or_count_nothing_are_refused() {
    let t = TestDir::new();
    let x = root().join("data/sample/x-v2.jsonl").display().to_string();
    for (spec, says) in [
        ("reply=1e308", "outside the accepted range"),
        ("mention=1e-320", "outside the accepted range"),
        ("reply=0,quote=0,repost=0,mention=0,interaction=0", "every kind weight is 0"),
    ] {
        let o = t.run(&["analyze", &x, "--out", "out", "--weights", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{spec}: {}", stderr(&o));
        assert!(!t.path("out").exists());
    }
    // Edge-list weights outside the range are rejected rows; 0 is a weight.
    t.write("edges.csv", "source,target,weight\na,b,1e308\nb,c,2\nc,a,1e-320\nc,d,0\n");
    assert_ok(&t.run(&["analyze", "edges.csv", "--out", "out", "-q"]));
    let m = read_json(&t.path("out/manifest.json"));
    let r = &check_accounting(&m)[0];
    assert_eq!((r["used"].as_u64(), r["rejected"].as_u64()), (Some(2), Some(2)), "{r}");
    let rejects = std::fs::read_to_string(t.path("out/rejects.jsonl")).expect("rejects");
    assert_eq!(rejects.lines().count(), 2);
    assert!(rejects.contains("outside the accepted range"), "{rejects}");
    for (path, bytes) in files_under(&t.path("out")) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        if path.ends_with(".csv") || path.ends_with(".gexf") || path.ends_with(".graphml") {
            assert!(!text.contains("nan") && !text.contains("inf,"), "{path}");
        }
    }
}

#[test]
fn all_zero_link_weights_give_numbers_not_nan() {
    let t = TestDir::new();
    t.write("zero.csv", "source,target,weight\na,b,0\nb,c,0\nc,a,0\nc,d,0\n");
    assert_ok(&t.run(&["analyze", "zero.csv", "--out", "out", "-q"]));
    for row in read_csv(&t.path("out/accounts.csv")) {
        for col in ["pagerank", "betweenness", "authority", "hub", "dol_score"] {
            let v: f64 = row[col].parse().unwrap_or_else(|_| panic!("{col} = {}", row[col]));
            assert!(v.is_finite(), "{col} = {v}");
        }
    }
}

#[test]
fn betweenness_bounds_that_cannot_be_met_and_absurd_thread_counts_are_refused() {
    let t = TestDir::new();
    let x = root().join("data/sample/x-v2.jsonl").display().to_string();
    // Before: an allocation abort (exit 134) for 1e-9, 23.5 GB for 1e-6.
    for eps in ["1e-9", "1e-6", "0.0009"] {
        let o = t.run(&["analyze", &x, "--out", "out", "--exact-betweenness-max", "0", "--betweenness-epsilon", eps]);
        assert_eq!(o.status.code(), Some(2), "{eps}: {}", stderr(&o));
        assert!(stderr(&o).contains("--exact-betweenness-max"), "{}", stderr(&o));
    }
    for n in ["0", "257", "100000", "many"] {
        let o = t.run(&["analyze", &x, "--out", "out", "--threads", n]);
        assert_eq!(o.status.code(), Some(2), "--threads {n}: {}", stderr(&o));
        assert!(stderr(&o).contains("1 to 256"), "{}", stderr(&o));
    }
    assert!(!t.path("out").exists());
    assert_ok(&t.run(&["analyze", &x, "--out", "out", "-q", "--threads", "256", "--max-pictures", "0"]));
}

#[test]
fn a_post_mentioning_a_hundred_thousand_accounts_gives_each_one_edge() {
    let t = TestDir::new();
    let n = 100_000;
    let mut mentions: Vec<String> = (0..n).map(|i| format!("@u{i}")).collect();
    // Repeats, in another case, are the same mention.
    mentions.extend((0..1000).map(|i| format!("@U{i}")));
    let text = mentions.join(" ");
    t.write("one.csv", format!("post_id,author,text\n1,alice,\"{text}\"\n"));
    assert_ok(&t.run(&["analyze", "one.csv", "--out", "out", "-q", "--max-pictures", "0"]));
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["graph"]["edges"], n);
    assert_eq!(m["graph"]["accounts"], n + 1);
}

const KEY: &[u8] = b"correct horse battery staple 1";

/// Inputs whose rejected records carry secrets where the readers quote
/// them: post ids, status ids, account names.
fn secret_inputs(t: &TestDir) -> Vec<&'static str> {
    t.write(
        "x.jsonl",
        concat!(
            r#"{"data":[{"id":"SecretTweetAlice","text":"no author"},{"id":"1","author_id":"10","text":"hi @bob","entities":{"mentions":[{"username":"bob","id":"11"}]}}],"includes":{"users":[{"id":"10","username":"ana"}]}}"#,
            "\n"
        ),
    );
    t.write(
        "m.jsonl",
        concat!(
            r#"{"id":"7","url":"https://med.example/@dee/7","account":{"id":"4","acct":"dee","url":"https://med.example/@dee"},"content":"<p>hi</p>"}"#,
            "\n",
            r#"{"id":"HeidiSecret@example.org","content":"<p>no account</p>"}"#,
            "\n",
            r#"{"id":"SecretStatusBob","account":{"id":"2","display_name":"no acct"}}"#,
            "\n",
            r#"{"id":"SecretLocalCarol","account":{"id":"3","acct":"carol"},"content":"<p>x</p>"}"#,
            "\n"
        ),
    );
    t.write(
        "v1.jsonl",
        concat!(
            r#"{"id_str":"SecretStatusDave","full_text":"no user","created_at":"Wed Oct 10 20:19:24 +0000 2018"}"#,
            "\n"
        ),
    );
    t.write(
        "posts.csv",
        "post_id,author,created_at,text,followers\n1,erin,SecretDateEve,hello,12\n2,erin,2026-01-01,x,SecretCountFay\n",
    );
    vec!["x.jsonl", "m.jsonl", "v1.jsonl", "posts.csv"]
}

#[test]
fn pseudonymised_rejects_manifest_and_report_keep_no_record_text() {
    let t = TestDir::new();
    t.write("key", KEY);
    let inputs = secret_inputs(&t);
    let run = |out: &str, pseudo: bool| {
        let mut args = vec!["analyze", "--out", out, "-q"];
        if pseudo {
            args.extend(["--pseudonymize", "key"]);
        }
        args.extend(&inputs);
        let o = t.run(&args);
        assert_ok(&o);
        o
    };
    run("plain", false);
    let plain = std::fs::read_to_string(t.path("plain/rejects.jsonl")).expect("rejects");
    let secrets = ["SecretTweetAlice", "HeidiSecret", "SecretStatusBob", "SecretLocalCarol", "SecretStatusDave"];
    for s in secrets.iter().chain(&["SecretDateEve", "SecretCountFay"]) {
        assert!(plain.contains(s), "the plain run's rejects quote {s}: {plain}");
    }
    let o = run("pseudo", true);
    for (path, bytes) in files_under(&t.path("pseudo")) {
        let text = String::from_utf8_lossy(&bytes);
        let text = if path.ends_with("manifest.json") { manifest_without_file_names(&text) } else { text.into_owned() };
        assert!(!text.to_lowercase().contains("secret"), "{path} keeps record text");
    }
    assert!(!stderr(&o).to_lowercase().contains("secret"));
}

#[test]
fn pseudonymised_follower_counts_are_buckets_and_times_are_days() {
    let t = TestDir::new();
    t.write("key", KEY);
    let x = root().join("data/sample/x-v2.jsonl").display().to_string();
    assert_ok(&t.run(&["analyze", &x, "--out", "plain", "-q", "--max-pictures", "0"]));
    assert_ok(&t.run(&["analyze", &x, "--out", "pseudo", "-q", "--max-pictures", "0", "--pseudonymize", "key"]));
    let exact: Vec<String> =
        read_csv(&t.path("plain/accounts.csv")).into_iter().map(|r| r["followers"].clone()).collect();
    let pseudo: Vec<String> =
        read_csv(&t.path("pseudo/accounts.csv")).into_iter().map(|r| r["followers"].clone()).collect();
    assert_eq!(exact.len(), pseudo.len());
    let is_bucket = |v: &str| {
        let d = v.trim_end_matches('0');
        v == "0" || matches!(d, "1" | "2" | "5")
    };
    let mut coarser = 0;
    for (e, p) in exact.iter().zip(&pseudo) {
        if e.is_empty() {
            assert!(p.is_empty());
            continue;
        }
        let (e, p): (u64, u64) = (e.parse().expect("count"), p.parse().expect("bucket"));
        assert!(is_bucket(&p.to_string()) && p <= e && e < p * 5 / 2 + 1, "{e} -> {p}");
        coarser += usize::from(e != p);
    }
    assert!(coarser > 100, "{coarser}");
    let distinct: BTreeSet<&String> = pseudo.iter().collect();
    assert!(distinct.len() < 40, "{} distinct follower values", distinct.len());
    let plain_edges = read_csv(&t.path("plain/edges.csv"));
    let edges = read_csv(&t.path("pseudo/edges.csv"));
    assert_eq!(plain_edges.len(), edges.len());
    for (p, e) in plain_edges.iter().zip(&edges) {
        for col in ["first_at", "last_at"] {
            if p[col].is_empty() {
                continue;
            }
            assert!(e[col].ends_with("T00:00:00Z"), "{}", e[col]);
            assert_eq!(e[col][..10], p[col][..10], "the day is kept");
        }
    }
}
