//! hashtags.csv, hashtag_pairs.csv and `dolgraph suggest-topics`: which
//! hashtags travel together, counted over own posts (never reposts), each
//! post once; suggestions for a topics file, or a starting one.

use std::collections::BTreeMap;

use crate::util::{TestDir, assert_ok, read_csv, root, stderr};

fn sample_inputs() -> Vec<String> {
    ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"]
        .iter()
        .map(|f| root().join("data/sample").join(f).display().to_string())
        .collect()
}

fn run(t: &TestDir, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    t.run(&args)
}

/// suggest-topics' table: each topic's lines `#tag on_topic posts lift`.
fn suggestions(table: &str) -> BTreeMap<String, Vec<(String, u32, f64)>> {
    let mut out: BTreeMap<String, Vec<(String, u32, f64)>> = BTreeMap::new();
    let mut topic = String::new();
    for line in table.lines() {
        if line.is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            topic = line.split(' ').next().expect("topic").to_string();
            out.entry(topic.clone()).or_default();
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if let Some(tag) = f[0].strip_prefix('#') {
            let n: u32 = f[1].parse().expect("posts on the topic");
            let accounts: u32 = f[3].parse().expect("accounts");
            assert!(accounts >= 2, "{line}");
            let lift: f64 = f[4].parse().expect("lift");
            out.get_mut(&topic).expect("a topic first").push((tag.to_string(), n, lift));
        }
    }
    out
}

/// Every hashtag of data/topics.toml.
fn topic_hashtags() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("data/topics.toml")).expect("topics.toml");
    let v: toml::Table = toml::from_str(&text).expect("toml");
    let mut tags = Vec::new();
    for (_, t) in v["topics"].as_table().expect("topics") {
        for h in t["hashtags"].as_array().expect("hashtags") {
            tags.push(h.as_str().expect("a string").to_lowercase());
        }
    }
    tags
}

#[test]
fn suggestions_for_the_sample_topics_find_the_planted_community_hashtags() {
    let t = TestDir::new();
    let mut args: Vec<String> = vec!["suggest-topics".into()];
    args.extend(sample_inputs());
    args.extend(["--topics".into(), root().join("data/topics.toml").display().to_string()]);
    let o = run(&t, &args);
    assert_ok(&o);
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    let s = suggestions(&table);
    let names: Vec<&str> = s.keys().map(String::as_str).collect();
    assert_eq!(names, ["immuno-oncology", "rare-disease", "rwe", "t2d-glp1", "vaccines"], "{table}");
    let tags = |topic: &str| s[topic].iter().map(|x| x.0.as_str()).collect::<Vec<_>>();
    // data/make_sample.py's EXTRA_TAGS, planted with each community.
    for (topic, planted) in [
        ("immuno-oncology", ["onctwitter", "bcsm", "lcsm"]),
        ("t2d-glp1", ["insulin4all", "doc", "pharmd"]),
        ("rare-disease", ["rareismany", "caregiver", "genetics"]),
    ] {
        for tag in planted {
            assert!(tags(topic).contains(&tag), "#{tag} for {topic}:\n{table}");
        }
    }
    let listed = topic_hashtags();
    for (topic, rows) in &s {
        for (tag, n, lift) in rows {
            assert!(!listed.contains(tag), "#{tag} is in topics.toml already ({topic})");
            assert!(*n >= 3 && *lift > 1.0, "{topic} #{tag}: {n} posts, lift {lift}");
        }
        // Best first: most posts on the topic, then lift.
        assert!(rows.windows(2).all(|w| (w[0].1, w[0].2) >= (w[1].1, w[1].2)), "{topic}: {rows:?}");
    }
    assert!(stderr(&o).contains("3000 used, 100 duplicates"), "{}", stderr(&o));
    // --min-posts raises the bar.
    args.extend(["--min-posts".into(), "10".into(), "-q".into()]);
    let o = run(&t, &args);
    assert_ok(&o);
    assert!(o.stderr.is_empty(), "quiet: {}", stderr(&o));
    let strict = suggestions(&String::from_utf8_lossy(&o.stdout));
    assert!(strict.values().flatten().all(|x| x.1 >= 10) && strict["immuno-oncology"].len() >= 2);
}

#[test]
fn a_suggested_topics_file_is_deterministic_and_analyze_takes_it() {
    let t = TestDir::new();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let mut args: Vec<String> = vec!["suggest-topics".into(), "-q".into(), "--threads".into(), threads.into()];
        args.extend(sample_inputs());
        let o = run(&t, &args);
        assert_ok(&o);
        outs.push(o.stdout);
    }
    assert_eq!(outs[0], outs[1], "the same file at any thread count");
    let text = String::from_utf8(outs.remove(0)).expect("utf-8");
    // The shape of data/topics.toml: [topics."name"], hashtags = [...],
    // a comment with the counts above each.
    let v: toml::Table = toml::from_str(&text).expect("the output is TOML");
    let topics = v["topics"].as_table().expect("[topics.*]");
    assert!(topics.len() >= 4, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("[topics.")) {
        assert!(l.starts_with("[topics.\"") && l.ends_with("\"]"), "{l}");
        assert!(lines[i - 1].starts_with("# ") && lines[i - 1].contains("posts using each"), "{}", lines[i - 1]);
        assert!(lines[i + 1].starts_with("hashtags = [\""), "{}", lines[i + 1]);
    }
    let members = |with: &str| -> Vec<String> {
        let t =
            topics.values().find(|t| t["hashtags"].as_array().expect("list").iter().any(|h| h.as_str() == Some(with)));
        let t = t.unwrap_or_else(|| panic!("no topic with #{with}:\n{text}"));
        t["hashtags"].as_array().expect("list").iter().map(|h| h.as_str().expect("str").to_string()).collect()
    };
    // The communities' own hashtags cluster with their topic's.
    for (anchor, planted) in
        [("immunooncology", "bcsm"), ("immunooncology", "lcsm"), ("glp1", "insulin4all"), ("raredisease", "rareismany")]
    {
        assert!(members(anchor).contains(&planted.to_string()), "#{planted} with #{anchor}:\n{text}");
    }
    assert!(!members("vaccines").contains(&"immunooncology".to_string()));
    // analyze takes it, and ranks DOLs on each suggested topic.
    std::fs::write(t.path("suggested.toml"), &text).expect("write");
    let mut args: Vec<String> =
        vec!["analyze".into(), "-q".into(), "--topics".into(), "suggested.toml".into(), "--out".into(), "out".into()];
    args.extend(sample_inputs());
    assert_ok(&run(&t, &args));
    let ranked: std::collections::BTreeSet<String> =
        read_csv(&t.path("out/topics.csv")).into_iter().map(|r| r["topic"].clone()).collect();
    let suggested: std::collections::BTreeSet<String> = topics.keys().cloned().collect();
    assert_eq!(ranked, suggested);
}

#[test]
fn hashtags_count_own_posts_once_and_pairs_with_lift() {
    let t = TestDir::new();
    // ana's post 1 is read twice; dee reposts it (its hashtags are ana's).
    t.write(
        "posts.csv",
        "post_id,author,text,repost_of,repost_of_post\n\
         1,ana,#RWE and #BCSM today,,\n\
         2,bob,#rwe #bcsm again #rwe,,\n\
         3,ana,#rwe alone,,\n\
         4,dee,#RWE and #BCSM today,ana,1\n\
         1,ana,#RWE and #BCSM today,,\n\
         5,cy,#solo,,\n\
         6,cy,no tags here,,\n",
    );
    let o = t.run(&["analyze", "posts.csv", "--out", "out", "-q"]);
    assert_ok(&o);
    let tags: Vec<Vec<String>> = read_csv(&t.path("out/hashtags.csv"))
        .into_iter()
        .map(|r| ["hashtag", "posts", "accounts", "top_topic"].iter().map(|c| r[*c].clone()).collect())
        .collect();
    let row = |v: [&str; 4]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(tags, [row(["rwe", "3", "2", ""]), row(["bcsm", "2", "2", ""]), row(["solo", "1", "1", ""])]);
    let raw = std::fs::read_to_string(t.path("out/hashtag_pairs.csv")).expect("pairs");
    // lift = 2 x N / (2 x 3), N = 4 posts with a hashtag (the repost, the
    // second read and the post without hashtags are not counted).
    assert_eq!(raw, "a,b,posts,lift\nbcsm,rwe,2,1.333\n");
}
