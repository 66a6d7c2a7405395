//! Topic ranking end to end: the planted DOLs of the sample and of a
//! generated network rank on top; flooders, news outlets and engagement
//! pods do not. Topics-file errors name their line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::util::{TestDir, assert_ok, read_csv, read_json, root, stderr};

fn sample_args(out: &str) -> Vec<String> {
    let s = root().join("data/sample");
    let mut v: Vec<String> = vec!["analyze".into()];
    v.extend(["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"].iter().map(|f| s.join(f).display().to_string()));
    v.extend(["--topics".into(), root().join("data/topics.toml").display().to_string(), "--out".into(), out.into()]);
    v.push("-q".into());
    v
}

/// topic -> handles in rank order.
fn ranked(rows: &[BTreeMap<String, String>]) -> BTreeMap<String, Vec<String>> {
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows {
        let list = by.entry(r["topic"].clone()).or_default();
        assert_eq!(r["rank"], (list.len() + 1).to_string(), "ranks run 1, 2, ... within a topic");
        list.push(r["handle"].clone());
    }
    by
}

#[test]
fn sample_planted_dols_lead_every_topic() {
    let t = TestDir::new();
    let args = sample_args("out");
    let o = t.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_ok(&o);
    let rows = read_csv(&t.path("out/topics.csv"));
    let by = ranked(&rows);
    // The planted DOLs of data/README.md, per topic (RWE: the researchers
    // who draw engagement across communities).
    let planted: BTreeMap<&str, &[&str]> = BTreeMap::from([
        (
            "immuno-oncology",
            &[
                "DrMarenKestholt",
                "QuendaleLab",
                "TamsinOrlwick",
                "owynmere@med.example",
                "pstalbrook@sciences.example",
                "DrTarrvane",
                "SelgardeIO",
                "NilsOncPharmD",
                "InesVellmontRWE",
            ][..],
        ),
        (
            "rwe",
            &[
                "InesVellmontRWE",
                "FarahCalderEpi",
                "rivelgarde@epi.example",
                "NilsOncPharmD",
                "GilstowDF",
                "PellmontRDF",
                "OrlbarrowGI",
            ][..],
        ),
        (
            "t2d-glp1",
            &[
                "DrKenjiMarrow",
                "AmaraZellPharmD",
                "JonahT1D",
                "FarahCalderEpi",
                "mdunridge@med.example",
                "noorcgm@t1d.example",
                "DrTorstow",
                "T2DWithTariq",
                "GilstowDF",
            ][..],
        ),
        (
            "vaccines",
            &[
                "DrIdrisFenholt",
                "NurseLinneaRN",
                "UllmarkPHI",
                "dorlstead@med.example",
                "hollisfieldphs@publichealth.example",
                "DrWanjiruPeds",
                "VaxFactsRowan",
            ][..],
        ),
        (
            "rare-disease",
            &[
                "SorayaRareMom",
                "PellmontRDF",
                "DrAshbarrow",
                "cyarrowby@rare.example",
                "abrinvale@med.example",
                "EsmeRareVoice",
                "OrlbarrowGI",
            ][..],
        ),
    ]);
    for (topic, dols) in &planted {
        let list = &by[*topic];
        for h in list.iter().take(5) {
            assert!(dols.contains(&h.as_str()), "{topic}: {h} in the top 5 is not a planted DOL: {list:?}");
        }
    }
    let spammers = ["ImmunoDeals247", "rarecure_clinic@deals.example", "NaturalImmun4U"];
    let news = ["FerncastleNews", "eveningpost@news.example", "QuenmouthHerald"];
    let pods = [
        "GlowWithGwen",
        "LeanLifeLeo",
        "VitalVeraFit",
        "MacroMaxxed",
        "ShredWithSia",
        "fitfenna@wellness.example",
        "coachcorin@wellness.example",
        "leanlior@wellness.example",
        "vitalvesna@wellness.example",
        "GlowWithGita",
        "FitFinnFuel",
        "LeanLunaLife",
        "MaxMacroMoe",
    ];
    for (topic, list) in &by {
        for s in spammers {
            assert!(!list.iter().any(|h| h == s), "{topic}: flooder {s} is listed");
        }
        for h in list.iter().take(10) {
            assert!(!news.contains(&h.as_str()), "{topic}: news outlet {h} in the top 10");
            assert!(!pods.contains(&h.as_str()), "{topic}: pod member {h} in the top 10");
        }
    }
    // The why column explains the numbers next to it.
    let top = rows.iter().find(|r| r["topic"] == "vaccines" && r["rank"] == "1").expect("a vaccines DOL");
    assert!(top["why"].contains(" on vaccines; ") && top["why"].contains(&format!("{} of ", top["on_topic_posts"])));
    // accounts.csv: dol_score, one affinity column per topic, persona.
    let accounts = read_csv(&t.path("out/accounts.csv"));
    let a = &accounts[0];
    for col in ["dol_score", "affinity_immuno-oncology", "affinity_rare-disease", "persona"] {
        assert!(a.contains_key(col), "accounts.csv lacks {col}");
    }
    let by_handle: BTreeMap<&str, &BTreeMap<String, String>> =
        accounts.iter().map(|r| (r["handle"].as_str(), r)).collect();
    assert_eq!(by_handle["ImmunoDeals247"]["dol_score"], "0");
    assert_eq!(by_handle["ImmunoDeals247"]["affinity_immuno-oncology"], "1");
    assert_eq!(by_handle["NurseLinneaRN"]["persona"], "hcp");
    assert_eq!(by_handle["GilstowDF"]["persona"], "organisation");
    assert_eq!(by_handle["JonahT1D"]["persona"], "patient-advocate");
    let manifest = read_json(&t.path("out/manifest.json"));
    assert_eq!(manifest["topics"]["topics"][0]["name"], "immuno-oncology");
    assert!(manifest["topics"]["topics"][3]["on_topic_posts"].as_u64().unwrap_or(0) > 100);
}

#[test]
fn communities_are_led_by_their_topic_leaders_in_the_table_and_the_pictures() {
    let t = TestDir::new();
    let args = sample_args("out");
    assert_ok(&t.run(&args.iter().map(String::as_str).collect::<Vec<_>>()));
    let accounts = read_csv(&t.path("out/accounts.csv"));
    let community: BTreeMap<&str, &str> =
        accounts.iter().map(|a| (a["id"].as_str(), a["community"].as_str())).collect();
    let topics = read_csv(&t.path("out/topics.csv"));
    let mut checked = 0;
    for c in read_csv(&t.path("out/communities.csv")) {
        // The community's members ranked on its leading topic, in rank order.
        let leaders: Vec<&str> = topics
            .iter()
            .filter(|r| r["topic"] == c["top_topic"] && community[r["id"].as_str()] == c["community"])
            .map(|r| r["handle"].as_str())
            .collect();
        if leaders.len() < 5 {
            continue;
        }
        let top: Vec<&str> = c["top_handles"].split_whitespace().collect();
        assert_eq!(top, leaders[..5], "community {} ({})", c["community"], c["top_topic"]);
        checked += 1;
    }
    assert!(checked >= 5, "{checked} communities checked");
    // FerncastleNews, a news outlet the t2d-glp1 community cites, posts on
    // vaccines now and then: drawn, but not among that community's leaders.
    let ferncastle =
        community[accounts.iter().find(|a| a["handle"] == "FerncastleNews").expect("outlet")["id"].as_str()];
    let c = read_csv(&t.path("out/communities.csv")).into_iter().find(|c| c["community"] == ferncastle).expect("row");
    assert_eq!(c["top_topic"], "t2d-glp1");
    assert!(!c["top_handles"].contains("FerncastleNews"), "{}", c["top_handles"]);
    let svg = std::fs::read_to_string(t.path(&format!("out/images/community-{ferncastle}.svg"))).expect("picture");
    let legend = &svg[svg.find("Top accounts").expect("legend")..];
    let first = legend.find("AmaraZellPharmD").expect("the topic's leader in the legend");
    assert!(legend.find("FerncastleNews").is_none_or(|i| i > first), "the outlet is listed after the topic's leaders");
}

#[test]
fn persona_filter_keeps_one_persona_with_its_own_ranks() {
    let t = TestDir::new();
    let mut args = sample_args("out");
    args.extend(["--persona".into(), "patient-advocate".into()]);
    assert_ok(&t.run(&args.iter().map(String::as_str).collect::<Vec<_>>()));
    let rows = read_csv(&t.path("out/topics.csv"));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["persona"] == "patient-advocate"));
    let by = ranked(&rows);
    assert_eq!(by["rare-disease"].first().map(String::as_str), Some("cyarrowby@rare.example"), "{by:?}");
}

#[test]
fn topics_file_errors_name_the_file_and_line() {
    let t = TestDir::new();
    let input = t.write("in.csv", "source,target\na,b\n");
    let bad = t.write("topics.toml", "[topics.rwe]\nhashtags = [\"rwe\"]\nkeyword = [\"x\"]\n");
    let o = t.run(&["analyze", input.to_str().unwrap_or_default(), "--topics", "topics.toml", "--out", "o"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("topics.toml: line 3: unknown field `keyword`"), "{e}");
    assert!(!t.path("o").exists(), "nothing written");
    drop(bad);
    let o = t.run(&["analyze", input.to_str().unwrap_or_default(), "--topics", "missing.toml", "--out", "o"]);
    assert!(stderr(&o).contains("missing.toml: cannot read the topics file (No such file"), "{}", stderr(&o));
    let o = t.run(&["analyze", input.to_str().unwrap_or_default(), "--persona", "doctor", "--out", "o"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'doctor' for '--persona <PERSONA>'")
            && stderr(&o).contains("[possible values: hcp, organisation, patient-advocate, other]"),
        "{}",
        stderr(&o)
    );
}

/// A listening-tool export of a generated cardiology conversation: 1,500
/// ordinary accounts who post a little and engage a little (with a
/// heavy-tailed choice of whom), 6 DOLs whom many distinct accounts
/// answer and repost, 3 flooders posting the hashtag 300 times each and
/// mentioning the DOLs, 2 news outlets that 250 accounts cite in on-topic
/// posts but that post off topic, and 2 pods of 6 accounts that reply to
/// and repost one another 400 times each.
fn planted_network(seed: u64) -> String {
    let mut rng = dolgraph::rng::Rng::for_task(seed, "planted-topics", 0);
    let mut csv = String::from("post_id,author,created_at,text,reply_to,quote_of,repost_of,mentions,hashtags\n");
    let mut id = 0u64;
    let mut row =
        |csv: &mut String, author: &str, text: &str, reply: &str, repost: &str, mentions: &str, tags: &str| {
            id += 1;
            let _ = writeln!(csv, "{id},{author},2026-03-01T00:00:00Z,\"{text}\",{reply},,{repost},{mentions},{tags}");
        };
    let users: Vec<String> = (0..1500).map(|i| format!("user{i}")).collect();
    let dols: Vec<String> = (0..6).map(|i| format!("dol{i}")).collect();
    for d in &dols {
        for _ in 0..15 {
            row(&mut csv, d, "New heart failure data #cardiology", "", "", "", "cardiology");
        }
        row(&mut csv, d, "Lunch was good", "", "", "", "");
    }
    for f in 0..3 {
        for k in 0..300 {
            let target = &dols[k % dols.len()];
            row(&mut csv, &format!("flood{f}"), "Buy cheap statins #cardiology", "", "", target, "cardiology");
        }
    }
    for n in 0..2 {
        for _ in 0..10 {
            row(&mut csv, &format!("news{n}"), "Sports results tonight", "", "", "", "");
        }
    }
    for p in 0..2 {
        let pod: Vec<String> = (0..6).map(|i| format!("pod{p}_{i}")).collect();
        for k in 0..400 {
            let (a, b) = (&pod[k % 6], &pod[(k + 1 + k / 6) % 6]);
            if a == b {
                continue;
            }
            if k % 2 == 0 {
                row(&mut csv, a, "So true!! #cardiology", b, "", b, "cardiology");
            } else {
                row(&mut csv, a, "RT #cardiology", "", b, "", "cardiology");
            }
        }
    }
    for u in &users {
        // Everyone posts once on topic and once off topic ...
        row(&mut csv, u, "My blood pressure story #cardiology", "", "", "", "cardiology");
        row(&mut csv, u, "Weekend plans", "", "", "", "");
        // ... engages with a DOL with probability 0.2 (Zipf-like choice) ...
        if rng.below(5) == 0 {
            let d = &dols[rng.below(dols.len() as u64).min(rng.below(dols.len() as u64)) as usize];
            if rng.below(2) == 0 {
                row(&mut csv, u, "Great thread #cardiology", d, "", d, "cardiology");
            } else {
                row(&mut csv, u, "RT #cardiology", "", d, "", "cardiology");
            }
        }
        // ... cites a news outlet with probability 1/6 ...
        if rng.below(6) == 0 {
            let n = format!("news{}", rng.below(2));
            row(&mut csv, u, "Heart study in the news #cardiology", "", "", &n, "cardiology");
        }
        // ... and answers another ordinary account with probability 1/3.
        if rng.below(3) == 0 {
            let v = &users[rng.below(users.len() as u64).min(rng.below(users.len() as u64)) as usize];
            row(&mut csv, u, "Agreed #cardiology", v, "", v, "cardiology");
        }
    }
    csv
}

#[test]
fn generated_network_ranks_planted_dols_over_flooders_pods_and_news() {
    for seed in [1u64, 2, 3] {
        let t = TestDir::new();
        t.write("posts.csv", planted_network(seed));
        t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
        assert_ok(&t.run(&["analyze", "posts.csv", "--topics", "topics.toml", "--out", "out", "-q"]));
        let by = ranked(&read_csv(&t.path("out/topics.csv")));
        let list = &by["cardio"];
        let mut top6: Vec<&str> = list.iter().take(6).map(String::as_str).collect();
        top6.sort_unstable();
        assert_eq!(top6, ["dol0", "dol1", "dol2", "dol3", "dol4", "dol5"], "seed {seed}: {:?}", &list[..12]);
        assert!(!list.iter().any(|h| h.starts_with("flood")), "seed {seed}: a flooder is listed");
        for (rank, h) in list.iter().enumerate().take(12) {
            assert!(!h.starts_with("pod") && !h.starts_with("news"), "seed {seed}: {h} ranks {}", rank + 1);
        }
        // The global score agrees: the DOLs lead dol_score too.
        let accounts = read_csv(&t.path("out/accounts.csv"));
        let mut by_score: Vec<(f64, &str)> = accounts
            .iter()
            .map(|r| (r["dol_score"].parse::<f64>().unwrap_or(f64::NAN), r["handle"].as_str()))
            .collect();
        by_score.sort_by(|a, b| b.0.total_cmp(&a.0));
        assert!(by_score.iter().take(6).all(|(_, h)| h.starts_with("dol")), "seed {seed}: {:?}", &by_score[..8]);
    }
}

#[test]
fn scout_from_a_folder_and_from_inputs() {
    let t = TestDir::new();
    let args = sample_args("out");
    assert_ok(&t.run(&args.iter().map(String::as_str).collect::<Vec<_>>()));
    // Near a known vaccine nurse: her platform's vaccine DOL first, with the path.
    let o =
        t.run(&["scout", "--from", "out", "--topic", "vaccines", "--near", "@nurselinnearn", "--output-format", "csv"]);
    assert_ok(&o);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("csv row")).collect();
    assert_eq!(&rows[0][1], "DrIdrisFenholt");
    assert_eq!((&rows[0][8], &rows[0][9]), ("1", "NurseLinneaRN"), "one hop from the nurse");
    assert!(rows.iter().all(|x| &x[1] != "NurseLinneaRN"), "the known account is not a candidate");
    assert_eq!(rows.len(), 20, "default limit");
    // Filters and JSON.
    let o = t.run(&[
        "scout",
        "--from",
        "out",
        "--topic",
        "rare-disease",
        "--persona",
        "patient-advocate",
        "--output-format",
        "json",
        "--limit",
        "3",
    ]);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|c| c["persona"] == "patient-advocate"));
    // A table straight from inputs gives the same first candidate as the folder.
    let s = root().join("data/sample");
    let o = t.run(&[
        "scout",
        s.join("x-v2.jsonl").to_str().unwrap_or_default(),
        s.join("mastodon.jsonl").to_str().unwrap_or_default(),
        s.join("listening-export.csv").to_str().unwrap_or_default(),
        "--topics",
        root().join("data/topics.toml").to_str().unwrap_or_default(),
        "--topic",
        "rwe",
        "-q",
    ]);
    assert_ok(&o);
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    let first = table.lines().nth(1).unwrap_or_default();
    assert!(first.starts_with("1     FarahCalderEpi"), "{table}");
    // Errors suggest the nearest names and exit 2.
    let o = t.run(&["scout", "--from", "out", "--topic", "vacines"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown topic 'vacines'; did you mean vaccines?"), "{}", stderr(&o));
    let o = t.run(&["scout", "--from", "out", "--topic", "rwe", "--near", "FarahCalder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean FarahCalderEpi"), "{}", stderr(&o));
    // Topics in any case, as personas; a community that does not exist is
    // said so, not answered with an empty list.
    let o = t.run(&["scout", "--from", "out", "--topic", "RWE", "--persona", "HCP", "--near", "@DrKenjiMarrow"]);
    assert_ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).lines().nth(1).is_some_and(|l| l.starts_with("1 ")), "a candidate");
    let o = t.run(&["scout", "--from", "out", "--topic", "rwe", "--community", "99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no community 99 in out: its communities are 0 to"), "{}", stderr(&o));
    let o = t.run(&["scout", "--from", "nowhere", "--topic", "rwe"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is nowhere an output folder of `dolgraph analyze`?"), "{}", stderr(&o));
}
