//! `analyze --roster` (issue 18): one RWE conversation held on X and on
//! Mastodon at once (tests/data/roster/, made by its make_fixtures.py),
//! with a roster that files two opinion leaders' accounts on both
//! platforms under one person each, names a third person without an
//! account, and leaves the X-only leader Chloe Lee off the list.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use sha2::Digest as _;

use crate::util::{TestDir, assert_ok, read_csv, read_json, root, stderr};

fn fixture(name: &str) -> String {
    root().join("tests/data/roster").join(name).display().to_string()
}

/// `analyze` on both fixture files, with `extra` arguments.
fn analyze(t: &TestDir, out: &str, extra: &[&str]) -> std::process::Output {
    let (x, m, topics) = (fixture("x-v2.jsonl"), fixture("mastodon.jsonl"), fixture("topics.toml"));
    let mut args = vec!["analyze", &x, &m, "--topics", &topics, "--out", out, "-q"];
    args.extend(extra);
    t.run(&args)
}

fn by_handle(rows: &[BTreeMap<String, String>]) -> BTreeMap<String, f64> {
    rows.iter().map(|r| (r["handle"].clone(), r["score"].parse().expect("score"))).collect()
}

#[test]
fn a_persons_accounts_on_two_platforms_rank_as_one_entry() {
    let t = TestDir::new();
    assert_ok(&analyze(&t, "alone", &[]));
    let roster = fixture("roster.csv");
    assert_ok(&analyze(&t, "out", &["--roster", &roster]));
    let alone = by_handle(&read_csv(&t.path("alone/topics.csv")));
    assert_eq!(alone.keys().next_back().map(String::as_str), Some("dmorel@med.example"));
    let first = read_csv(&t.path("alone/topics.csv"));
    assert_eq!(first[0]["handle"], "chloelee_rwe", "alone, each of Ana's accounts ranks below Chloe's");

    let rows = read_csv(&t.path("out/topics.csv"));
    // One row per person and topic, with both handles.
    let ana: Vec<_> = rows.iter().filter(|r| r["person"] == "p1").collect();
    let ben: Vec<_> = rows.iter().filter(|r| r["person"] == "p2").collect();
    assert_eq!((ana.len(), ben.len()), (1, 1), "{rows:?}");
    let mut handles: Vec<&str> = ana[0]["handle"].split(' ').collect();
    handles.sort_unstable();
    assert_eq!(handles, ["anaruiz@med.example", "anaruiz_md"]);
    assert_eq!(ana[0]["platform"], "mastodon x", "strongest account first");
    assert_eq!(ana[0]["name"], "Dr. Ana Ruiz", "the roster's name");
    assert_eq!(ben[0]["handle"], "bokafor@med.example BenOkafor");
    for (person, accounts) in
        [(&ana[0], ["anaruiz_md", "anaruiz@med.example"]), (&ben[0], ["BenOkafor", "bokafor@med.example"])]
    {
        let score: f64 = person["score"].parse().expect("score");
        for a in accounts {
            assert!(score >= alone[a], "{} scores {score}, below its account {a} ({})", person["person"], alone[a]);
        }
        // The sum of the accounts' scores (4 significant digits each).
        let sum: f64 = accounts.iter().map(|a| alone[*a]).sum();
        assert!((score - sum).abs() <= 0.002 * sum, "{score} vs {sum}");
    }
    assert_eq!(rows[0]["person"], "p1", "together, Ana leads the topic");
    assert_eq!(rows.len(), first.len() - 2, "two persons' four accounts are two rows");
    // on_roster is true exactly for the roster's persons.
    for r in &rows {
        let listed = ["p1", "p2"].contains(&r["person"].as_str());
        assert_eq!(r["on_roster"], if listed { "true" } else { "false" }, "{r:?}");
        assert!(listed || r["person"].is_empty());
    }
    // Edges are the accounts' own: nothing joins the platforms.
    let edges = read_csv(&t.path("out/edges.csv"));
    assert_eq!(edges, read_csv(&t.path("alone/edges.csv")));
    let accounts = read_csv(&t.path("out/accounts.csv"));
    let platform: BTreeMap<&str, &str> = accounts.iter().map(|a| (a["id"].as_str(), a["platform"].as_str())).collect();
    assert!(edges.iter().all(|e| platform[e["source"].as_str()] == platform[e["target"].as_str()]));

    // roster.csv: persons in roster order, ranks, and the name-only
    // person's candidate (Dana Morel, PhD; not Dana Morales).
    let roster_rows = read_csv(&t.path("out/roster.csv"));
    let line = |p: &str| roster_rows.iter().find(|r| r["person"] == p).expect(p).clone();
    assert_eq!(roster_rows.iter().map(|r| r["person"].as_str()).collect::<Vec<_>>(), ["p1", "p2", "p3", "p4"]);
    assert_eq!((line("p1")["found_accounts"].as_str(), line("p1")["rank"].as_str()), ("2", "1"));
    assert_eq!(line("p1")["score"], ana[0]["score"]);
    assert_eq!(line("p2")["rank"], ben[0]["rank"]);
    assert_eq!(line("p3")["found_accounts"], "0");
    assert_eq!(line("p3")["candidates"], "dmorel@med.example (mastodon)");
    assert_eq!((line("p4")["found_accounts"].as_str(), line("p4")["candidates"].as_str()), ("0", ""));
    assert_eq!((line("p1")["tier"].as_str(), line("p1")["institution"].as_str()), ("1", "Ruiz Oncology Centre"));
    let p3 = rows.iter().find(|r| r["handle"] == "dmorel@med.example").expect("dmorel ranked");
    assert_eq!(p3["on_roster"], "false", "a candidate is never merged on its own");

    // Leading, not on the roster: Chloe, in the report and the workbook.
    let page = std::fs::read_to_string(t.path("out/report.html")).expect("report");
    let section =
        page.split("<section id=\"not-on-roster\">").nth(1).expect("section").split("</section>").next().expect("end");
    assert!(section.contains("Leading, not on the roster") && section.contains("@chloelee_rwe"), "{section}");
    assert!(!section.contains("anaruiz"), "Ana is on the roster");
    let mut book: Xlsx<_> = open_workbook(t.path("out/dolgraph.xlsx")).expect("workbook");
    let sheet = book.worksheet_range("Leading, not on the roster").expect("sheet");
    let header: Vec<String> = sheet.rows().next().expect("header").iter().map(|d| d.to_string()).collect();
    let handle = header.iter().position(|h| h == "handle").expect("handle column");
    let listed: Vec<Data> = sheet.rows().skip(1).map(|r| r[handle].clone()).collect();
    assert_eq!(listed[0], Data::String("chloelee_rwe".into()));
    assert!(book.worksheet_range("Roster").is_ok());

    // Manifest: the roster hashed, rows accounted.
    let m = read_json(&t.path("out/manifest.json"));
    let bytes = std::fs::read(fixture("roster.csv")).expect("roster");
    let sha: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(m["roster"]["sha256"], sha.as_str());
    assert_eq!(m["roster"]["rows"], serde_json::json!({"read": 6, "used": 6, "rejected": 0}));
    assert_eq!((m["roster"]["persons_found"].as_u64(), m["roster"]["accounts_found"].as_u64()), (Some(2), Some(4)));

    // Scout near a roster person: by name, all their accounts are known.
    let o = t.run(&["scout", "--from", "out", "--topic", "rwe", "--near", "dr. ana ruiz", "--output-format", "csv"]);
    assert_ok(&o);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let found: Vec<(String, String)> =
        r.records().map(|x| x.expect("csv")).map(|x| (x[1].to_string(), x[9].to_string())).collect();
    assert!(found.iter().all(|(h, _)| !h.contains("anaruiz")), "the person is not their own candidate: {text}");
    assert_eq!(found[0].0, "chloelee_rwe", "{text}");
    for account in ["anaruiz_md", "anaruiz@med.example"] {
        assert!(found.iter().any(|(_, via)| via == account), "both accounts are known: {text}");
    }
    let o = t.run(&["scout", "--from", "out", "--topic", "rwe", "--near", "p3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("roster person 'p3'"), "{}", stderr(&o));
}

fn rejects(dir: &Path) -> Vec<(String, u64, String)> {
    std::fs::read_to_string(dir.join("rejects.jsonl"))
        .expect("rejects")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            (
                v["file"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or(0),
                v["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn bad_roster_rows_are_rejected_with_their_line_and_a_bad_file_stops() {
    let t = TestDir::new();
    let bad = t.write(
        "bad.csv",
        "person,name,platform,account\n\
         p1,Ana Ruiz,x,anaruiz_md\n\
         p1,Ana Ruiz,myspace,ana\n\
         p2,Ben Okafor,x,@AnaRuiz_MD\n\
         p1,Ana Ruiz,x,anaruiz_md\n\
         p2,Ben Okafor,mastodon,bokafor@med.example\n",
    );
    let o = analyze(&t, "out", &["--roster", bad.to_str().expect("utf-8")]);
    assert_ok(&o);
    assert!(stderr(&o).contains("bad.csv:3: unknown platform 'myspace'"), "{}", stderr(&o));
    let got: Vec<(u64, String)> =
        rejects(&t.path("out")).into_iter().filter(|r| r.0.ends_with("bad.csv")).map(|r| (r.1, r.2)).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, 3);
    assert!(got[1].1.contains("already person 'p1''s (line 2)") && got[1].0 == 4, "{got:?}");
    assert_eq!(got[2], (5, "duplicate of line 2".to_string()));
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["roster"]["rows"], serde_json::json!({"read": 5, "used": 2, "rejected": 3}));
    assert_eq!(
        m["roster"]["rejected_by_reason"].as_object().map(|o| o.values().filter_map(|v| v.as_u64()).sum::<u64>()),
        Some(3)
    );
    assert_eq!(read_csv(&t.path("out/roster.csv")).iter().filter(|r| r["person"] == "p2").count(), 1);

    for (name, text, message) in [
        ("nocol.csv", "person,name,account\np1,A,a\n", "nocol.csv: line 1: no column 'platform'"),
        ("none.csv", "person,name,platform,account\np1,A,orkut,a\n", "line 2: unknown platform 'orkut'"),
        ("empty.csv", "", "the roster is empty"),
    ] {
        let p = t.write(name, text);
        let o = analyze(&t, "never", &["--roster", p.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{name}: {}", stderr(&o));
        assert!(!t.path("never").exists(), "{name}: no output folder");
    }
    let o = analyze(&t, "never", &["--roster", "missing.csv"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing.csv"), "{}", stderr(&o));
}

#[test]
fn pseudonymize_covers_person_ids_names_and_carried_columns() {
    let t = TestDir::new();
    let key = t.write("key", "0123456789abcdef0123456789abcdef");
    let roster = fixture("roster.csv");
    assert_ok(&analyze(&t, "out", &["--roster", &roster, "--pseudonymize", key.to_str().expect("utf-8")]));
    let rows = read_csv(&t.path("out/roster.csv"));
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert!(r["person"].starts_with("person-") && r["name"].starts_with("name-"), "{r:?}");
        assert!(r["institution"].is_empty(), "institution is emptied: {r:?}");
        assert!(!r["tier"].is_empty(), "tier is kept: {r:?}");
    }
    let candidate = &rows[2]["candidates"];
    assert!(candidate.starts_with("user-") && candidate.ends_with("(mastodon)"), "{candidate}");
    let topics = read_csv(&t.path("out/topics.csv"));
    assert_eq!(topics.iter().filter(|r| r["on_roster"] == "true").count(), 2);
    assert!(
        topics.iter().filter(|r| r["on_roster"] == "true").all(|r| rows.iter().any(|p| p["person"] == r["person"]))
    );
    for file in ["roster.csv", "topics.csv", "report.html", "manifest.json", "rejects.jsonl"] {
        let text = std::fs::read_to_string(t.path("out").join(file)).expect(file);
        for secret in ["Ana Ruiz", "anaruiz", "Okafor", "Morel", "Ruiz Oncology", "Eli Absent", ",p1,"] {
            assert!(!text.contains(secret), "{file} shows {secret}");
        }
    }
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["roster"]["pseudonymized"]["kept_columns"], serde_json::json!(["tier"]));
    assert_eq!(m["roster"]["pseudonymized"]["emptied_columns"], serde_json::json!(["institution"]));
}
