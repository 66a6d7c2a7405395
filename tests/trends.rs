//! Topics over time (issue 17): `--period` ranks each topic per calendar
//! period into trends.csv and compares the last period with the one
//! before into movers.csv; `compare` does the same from two runs. A
//! planted riser (engaged only in the second half) must show as new or
//! rising in its topic's top 5, a planted fader (only in the first half)
//! as falling or gone, and flooders and pods, busier in the second half,
//! never as rising.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::util::{TestDir, assert_ok, read_csv, read_json, stderr};

/// A listening-tool export of a cardiology conversation over January and
/// February 2026: 1,000 ordinary accounts who post and engage a little
/// each month, 4 DOLs answered in both months, a riser who posts and is
/// answered by 100 accounts in February only, a fader the same in January
/// only, 2 flooders posting the hashtag and mentioning the DOLs (three
/// times as often in February), and a pod of 6 accounts replying to and
/// reposting one another (three times as often in February).
fn planted_over_time(seed: u64) -> String {
    let mut rng = dolgraph::rng::Rng::for_task(seed, "planted-trends", 0);
    let mut csv = String::from("post_id,author,created_at,text,reply_to,quote_of,repost_of,mentions,hashtags\n");
    let mut id = 0u64;
    let mut row = |csv: &mut String, month: u64, day: u64, author: &str, reply: &str, repost: &str, mention: &str| {
        id += 1;
        let _ = writeln!(
            csv,
            "{id},{author},2026-{month:02}-{:02}T{:02}:00:00Z,\"Heart failure #cardiology\",{reply},,{repost},{mention},cardiology",
            day % 28 + 1,
            day % 24
        );
    };
    let users: Vec<String> = (0..1000).map(|i| format!("user{i}")).collect();
    let dols: Vec<String> = (0..4).map(|i| format!("dol{i}")).collect();
    for month in [1, 2] {
        for (k, d) in dols.iter().enumerate() {
            for day in 0..12 {
                row(&mut csv, month, day + k as u64, d, "", "", "");
            }
        }
        let planted = if month == 1 { "fader" } else { "riser" };
        for day in 0..10 {
            row(&mut csv, month, day * 2, planted, "", "", "");
        }
        for (i, u) in users.iter().enumerate() {
            let day = (i as u64 * 7 + month) % 28;
            row(&mut csv, month, day, u, "", "", "");
            // Half the accounts answer or repost a DOL (Zipf-like choice).
            if rng.below(2) == 0 {
                let d = &dols[rng.below(4).min(rng.below(4)) as usize];
                if rng.below(2) == 0 {
                    row(&mut csv, month, day + 1, u, d, "", d);
                } else {
                    row(&mut csv, month, day + 1, u, "", d, "");
                }
            }
            // A tenth answer the planted account of the month.
            if i % 10 == 3 {
                row(&mut csv, month, day + 2, u, planted, "", planted);
            }
            // A third answer another ordinary account.
            if rng.below(3) == 0 {
                let v = &users[rng.below(1000).min(rng.below(1000)) as usize];
                row(&mut csv, month, day + 3, u, v, "", v);
            }
        }
        let volume = if month == 1 { 1 } else { 3 };
        for f in 0..2 {
            for k in 0..150 * volume {
                row(&mut csv, month, k, &format!("flood{f}"), "", "", &dols[k as usize % 4]);
            }
        }
        let pod: Vec<String> = (0..6).map(|i| format!("pod{i}")).collect();
        for k in 0..200 * volume as usize {
            let (a, b) = (&pod[k % 6], &pod[(k + 1 + k / 6) % 6]);
            if a != b {
                if k % 2 == 0 {
                    row(&mut csv, month, k as u64, a, b, "", b);
                } else {
                    row(&mut csv, month, k as u64, a, "", b, "");
                }
            }
        }
    }
    csv
}

/// (topic, period_start) -> handles in rank order, checking that ranks
/// run 1, 2, ... within each period.
fn trends_by_period(rows: &[BTreeMap<String, String>]) -> BTreeMap<(String, String), Vec<String>> {
    let mut by: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in rows {
        let list = by.entry((r["topic"].clone(), r["period_start"].clone())).or_default();
        assert_eq!(r["rank"], (list.len() + 1).to_string(), "ranks run 1, 2, ... within a period");
        list.push(r["handle"].clone());
    }
    by
}

/// handle -> (rank_after, status).
fn movers(rows: &[BTreeMap<String, String>]) -> BTreeMap<String, (Option<u32>, String)> {
    rows.iter().map(|r| (r["handle"].clone(), (r["rank_after"].parse().ok(), r["status"].clone()))).collect()
}

/// The planted riser is new or rising in the top 5, the fader falling or
/// gone, no flooder or pod member rising (and no flooder listed at all).
fn check_movers(m: &BTreeMap<String, (Option<u32>, String)>, what: &str) {
    let (rank, status) = &m["riser"];
    assert!(matches!(status.as_str(), "new" | "rising"), "{what}: riser is {status}");
    assert!(rank.is_some_and(|r| r <= 5), "{what}: riser ranks {rank:?}");
    let (_, status) = &m["fader"];
    assert!(matches!(status.as_str(), "falling" | "gone"), "{what}: fader is {status}");
    for (h, (_, status)) in m {
        assert!(!h.starts_with("flood"), "{what}: flooder {h} is listed");
        if h.starts_with("pod") {
            assert!(status != "rising" && status != "new", "{what}: {h} is {status}");
        }
    }
}

#[test]
fn periods_name_the_riser_and_the_fader_and_not_the_spam() {
    for seed in [1u64, 2] {
        let t = TestDir::new();
        t.write("posts.csv", planted_over_time(seed));
        t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
        let o = t.run(&["analyze", "posts.csv", "--topics", "topics.toml", "--period", "month", "--out", "out", "-q"]);
        assert_ok(&o);

        let trends = read_csv(&t.path("out/trends.csv"));
        let header: Vec<&str> = trends[0].keys().map(String::as_str).collect();
        for c in ["topic", "period_start", "period_end", "rank", "id", "handle", "score"] {
            assert!(header.contains(&c), "trends.csv has {c}");
        }
        let by = trends_by_period(&trends);
        let periods: Vec<(&str, &str)> = by.keys().map(|(t, p)| (t.as_str(), p.as_str())).collect();
        assert_eq!(periods, [("cardio", "2026-01-01"), ("cardio", "2026-02-01")]);
        assert!(trends.iter().any(|r| r["period_start"] == "2026-02-01" && r["period_end"] == "2026-02-28"));
        let (jan, feb) = (&by[&("cardio".into(), "2026-01-01".into())], &by[&("cardio".into(), "2026-02-01".into())]);
        assert!(jan.len() >= 50 && feb.len() >= 50, "at least the top 50 of each period");
        assert!(jan.iter().take(5).any(|h| h == "fader") && !jan.contains(&"riser".to_string()), "{:?}", &jan[..8]);
        assert!(feb.iter().take(5).any(|h| h == "riser") && !feb.contains(&"fader".to_string()), "{:?}", &feb[..8]);
        for list in [jan, feb] {
            assert!(list.iter().take(5).all(|h| !h.starts_with("pod") && !h.starts_with("flood")), "{:?}", &list[..8]);
            assert!(!list.iter().any(|h| h.starts_with("flood")), "nobody engages a flooder");
        }

        let m = movers(&read_csv(&t.path("out/movers.csv")));
        check_movers(&m, &format!("seed {seed}, --period month"));
        assert_eq!(m["dol0"].1, "steady", "a DOL engaged in both months");

        let manifest = read_json(&t.path("out/manifest.json"));
        let tr = &manifest["trends"];
        assert_eq!(tr["period"], "month");
        assert_eq!(tr["movers"]["before"], "2026-01-01/2026-01-31");
        assert_eq!(tr["movers"]["after"], "2026-02-01/2026-02-28");
        assert!(tr["movers"]["rule"].as_str().is_some_and(|r| r.contains("3 places") && r.contains("x1.5")));
        // Data from 1 January to 28 February: neither month is cut.
        let partial: Vec<bool> =
            tr["periods"].as_array().expect("periods").iter().map(|p| p["partial"] == true).collect();
        assert_eq!(partial, [false, false]);
    }
}

#[test]
fn cut_periods_keep_their_calendar_bounds_and_are_partial() {
    let t = TestDir::new();
    t.write("posts.csv", planted_over_time(1));
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    let o = t.run(&[
        "analyze",
        "posts.csv",
        "--topics",
        "topics.toml",
        "--period",
        "week",
        "--since",
        "2026-01-14",
        "--out",
        "out",
        "-q",
    ]);
    assert_ok(&o);
    let manifest = read_json(&t.path("out/manifest.json"));
    let periods = manifest["trends"]["periods"].as_array().expect("periods").clone();
    // 14 January 2026 is a Wednesday: its week began on Monday the 12th.
    assert_eq!((periods[0]["start"].as_str(), periods[0]["end"].as_str()), (Some("2026-01-12"), Some("2026-01-18")));
    assert_eq!(periods[0]["partial"], true, "cut by --since");
    assert_eq!(periods[1]["start"], "2026-01-19");
    assert_eq!(periods[1]["partial"], false);
    let trends = read_csv(&t.path("out/trends.csv"));
    assert_eq!(trends[0]["period_start"], "2026-01-12", "labelled by the calendar, not by --since");
    assert!(trends.iter().all(|r| r["period_start"].as_str() >= "2026-01-12"));

    // Without --topics, every interaction is ranked per period, as
    // dol_score ranks the whole input: topic "all".
    assert_ok(&t.run(&["analyze", "posts.csv", "--period", "month", "--out", "all", "-q"]));
    let by = trends_by_period(&read_csv(&t.path("all/trends.csv")));
    assert_eq!(by.keys().map(|k| k.0.as_str()).collect::<Vec<_>>(), ["all", "all"]);
    check_movers(&movers(&read_csv(&t.path("all/movers.csv"))), "without topics");
    let o = t.run(&["analyze", "posts.csv", "--topics", "topics.toml", "--period", "year", "--out", "out2"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn compare_two_runs_names_the_same_movers() {
    let t = TestDir::new();
    t.write("posts.csv", planted_over_time(3));
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    let base = ["analyze", "posts.csv", "--topics", "topics.toml", "-q", "--out"];
    let run = |out: &str, bound: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.push(out);
        args.extend(bound);
        assert_ok(&t.run(&args));
    };
    run("january", &["--until", "2026-02-01"]);
    run("february", &["--since", "2026-02-01"]);
    let o = t.run(&["compare", "january", "february", "--out", "cmp"]);
    assert_ok(&o);
    assert!(stderr(&o).contains("rising") && stderr(&o).contains("cmp"), "{}", stderr(&o));
    let rows = read_csv(&t.path("cmp/movers.csv"));
    let header: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    for c in ["topic", "id", "handle", "rank_before", "rank_after", "score_before", "score_after", "status"] {
        assert!(header.contains(&c), "movers.csv has {c}");
    }
    check_movers(&movers(&rows), "compare");
    // The folder is an output folder: verify checks it, compare replaces it.
    assert_ok(&t.run(&["verify", "cmp"]));
    assert_ok(&t.run(&["compare", "january", "february", "--out", "cmp", "-q"]));

    // Runs on other topics are refused, naming the difference.
    t.write(
        "other.toml",
        "[topics.cardio]\nhashtags = [\"cardiology\", \"heart\"]\n[topics.rwe]\nhashtags = [\"rwe\"]\n",
    );
    assert_ok(&t.run(&["analyze", "posts.csv", "--topics", "other.toml", "-q", "--out", "other"]));
    let o = t.run(&["compare", "january", "other", "--out", "cmp2"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("only in other: rwe") && e.contains("cardio has other hashtags"), "{e}");
    assert!(!t.path("cmp2").exists(), "nothing written");
    // A folder that is not a run: exit 1.
    let o = t.run(&["compare", "january", "nowhere", "--out", "cmp2"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn trends_and_movers_are_the_same_at_any_thread_count() {
    let t = TestDir::new();
    t.write("posts.csv", planted_over_time(4));
    t.write(
        "topics.toml",
        "[topics.cardio]\nhashtags = [\"cardiology\"]\n[topics.hf]\nkeywords = [\"heart failure\"]\n",
    );
    let mut seen: Option<(Vec<u8>, Vec<u8>)> = None;
    for threads in ["1", "2", "4"] {
        let out = format!("out{threads}");
        let args = [
            "analyze",
            "posts.csv",
            "--topics",
            "topics.toml",
            "--period",
            "week",
            "--threads",
            threads,
            "--out",
            &out,
            "-q",
        ];
        assert_ok(&t.run(&args));
        let read = |f: &str| std::fs::read(t.path(&format!("{out}/{f}"))).expect("output file");
        let now = (read("trends.csv"), read("movers.csv"));
        assert!(now.0.len() > 1000 && now.1.len() > 100, "the tables have rows");
        if let Some(first) = &seen {
            assert!(first == &now, "--threads {threads} changed trends.csv or movers.csv");
        }
        seen = Some(now);
    }
}

#[test]
fn the_report_workbook_and_pictures_show_the_movers_and_render_keeps_them() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let t = TestDir::new();
    t.write("posts.csv", planted_over_time(5));
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    assert_ok(&t.run(&["analyze", "posts.csv", "--topics", "topics.toml", "--period", "month", "--out", "out", "-q"]));
    let page = std::fs::read_to_string(t.path("out/report.html")).expect("report");
    let section = &page[page.find("<section id=\"movers\">").expect("a Rising and fading section")..];
    let section = &section[..section.find("</section>").expect("section end")];
    assert!(section.contains("<h2>Rising and fading</h2>") && section.contains("2026-02-01 to 2026-02-28"));
    let rising = &section
        [section.find("Rising and new").expect("rising list")..section.find("Falling and gone").expect("falling list")];
    assert!(rising.contains("@riser"), "the riser is listed as rising or new");
    assert!(section[section.find("Falling and gone").expect("falling")..].contains("@fader"));
    assert!(section.contains("data:image/svg+xml;base64,"), "the trend picture is on the page");
    assert!(page.contains("<a href=\"#movers\">Rising and fading</a>"), "and in the contents");
    for f in ["images/trend-1.svg", "images/trend-1.png"] {
        assert!(std::fs::metadata(t.path(&format!("out/{f}"))).is_ok_and(|m| m.len() > 1000), "{f}");
    }
    let svg = std::fs::read_to_string(t.path("out/images/trend-1.svg")).expect("svg");
    assert!(
        svg.contains("@riser") && svg.contains("@fader") && svg.contains("2026-01-01"),
        "labelled lines and periods"
    );

    let mut book: Xlsx<_> = open_workbook(t.path("out/dolgraph.xlsx")).expect("workbook");
    assert!(book.sheet_names().iter().any(|s| s == "Movers") && book.sheet_names().iter().any(|s| s == "Trends"));
    let movers = book.worksheet_range("Movers").expect("Movers sheet");
    let rows = read_csv(&t.path("out/movers.csv"));
    assert_eq!(movers.height(), rows.len() + 1, "every row of movers.csv");
    assert!(movers.rows().any(|r| r.get(2) == Some(&Data::String("riser".into()))));

    // render redraws the pictures and the section from the folder's files.
    let before = std::fs::read(t.path("out/images/trend-1.svg")).expect("svg");
    assert_ok(&t.run(&["render", "--from", "out", "-q"]));
    assert_eq!(std::fs::read(t.path("out/images/trend-1.svg")).expect("svg after render"), before);
    assert!(std::fs::read_to_string(t.path("out/report.html")).expect("report").contains("Rising and fading"));
    assert_ok(&t.run(&["verify", "out"]));
}
