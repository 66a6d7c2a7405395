//! evidence.csv: each listed DOL's own on-topic posts, most engaged first,
//! with engagement counted independently here from what the test wrote.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::util::{TestDir, assert_ok, read_csv, read_json, root, stderr};

/// One generated X v2 tweet.
struct Tweet {
    id: u64,
    author: usize,
    text: String,
    on_topic: bool,
    /// (kind, referenced tweet id) for replies, quotes and retweets.
    refers: Option<(&'static str, u64)>,
}

/// A conversation of 60 accounts: each writes 12 tweets, every other one
/// on #cardiology; then 3,000 replies, quotes and retweets of those
/// tweets, a tenth of them by the tweet's own author, a few written twice
/// (a duplicate is one tweet), and some placed before the tweet they
/// answer (so the builder meets them first).
fn conversation(seed: u64) -> (Vec<Tweet>, String) {
    let mut rng = dolgraph::rng::Rng::for_task(seed, "evidence-test", 0);
    let accounts = 60;
    let mut tweets: Vec<Tweet> = Vec::new();
    let mut next = 1_900_000_000_000_000_000u64;
    for a in 0..accounts {
        for k in 0..12 {
            next += 1;
            let on_topic = k % 2 == 0;
            let text = if on_topic {
                format!("Heart failure note {k} from user{a} #cardiology")
            } else {
                format!("Weekend plans {k} of user{a}")
            };
            tweets.push(Tweet { id: next, author: a, text, on_topic, refers: None });
        }
    }
    let originals = tweets.len() as u64;
    for _ in 0..3000 {
        next += 1;
        // Popular tweets: a skewed choice of the target.
        let target = rng.below(originals).min(rng.below(originals)) as usize;
        let (target_id, target_author) = (tweets[target].id, tweets[target].author);
        let author = if rng.below(10) == 0 { target_author } else { rng.below(accounts as u64) as usize };
        let kind = ["replied_to", "quoted", "retweeted"][rng.below(3) as usize];
        let text = match kind {
            "retweeted" => format!("RT @user{target_author}: {}", tweets[target].text),
            _ => format!("@user{target_author} interesting #cardiology"),
        };
        tweets.push(Tweet { id: next, author, text, on_topic: true, refers: Some((kind, target_id)) });
    }
    let mut order: Vec<usize> = (0..tweets.len()).collect();
    // Some engagements before the originals, some originals twice.
    order.rotate_left(originals as usize / 3);
    let mut lines = String::new();
    for (n, &i) in order.iter().enumerate() {
        let t = &tweets[i];
        let mut refs = String::new();
        if let Some((kind, id)) = t.refers {
            let _ = write!(refs, r#","referenced_tweets":[{{"type":"{kind}","id":"{id}"}}]"#);
        }
        let tags = if t.text.contains("#cardiology") { r#"[{"start":0,"end":11,"tag":"cardiology"}]"# } else { "[]" };
        let line = format!(
            r#"{{"id":"{}","author_id":"{}","author":{{"id":"{}","username":"user{}"}},"created_at":"2026-03-01T10:{:02}:00.000Z","text":"{}"{refs},"entities":{{"hashtags":{tags}}}}}"#,
            t.id,
            1000 + t.author,
            1000 + t.author,
            t.author,
            n % 60,
            t.text
        );
        lines.push_str(&line);
        lines.push('\n');
        if n % 97 == 0 {
            lines.push_str(&line);
            lines.push('\n');
        }
    }
    (tweets, lines)
}

#[test]
fn evidence_posts_are_the_accounts_most_engaged_own_posts_on_the_topic() {
    let (tweets, lines) = conversation(5);
    let t = TestDir::new();
    t.write("posts.jsonl", &lines);
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    assert_ok(&t.run(&["analyze", "posts.jsonl", "--topics", "topics.toml", "--out", "out", "-q"]));

    // The count made here: distinct tweets by another account that reply
    // to, quote or retweet a tweet.
    let by_id: HashMap<u64, &Tweet> = tweets.iter().map(|t| (t.id, t)).collect();
    let mut engaged: HashMap<u64, u32> = HashMap::new();
    for t in &tweets {
        if let Some((_, target)) = t.refers
            && by_id[&target].author != t.author
        {
            *engaged.entry(target).or_default() += 1;
        }
    }
    let evidence = read_csv(&t.path("out/evidence.csv"));
    let topics = read_csv(&t.path("out/topics.csv"));
    assert!(evidence.len() >= 100, "{} rows", evidence.len());
    let mut rows_of: BTreeMap<String, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for row in &evidence {
        let id: u64 = row["post_id"].parse().expect("an X post id");
        let tweet = by_id[&id];
        assert_eq!(row["id"], (1000 + tweet.author).to_string(), "the post is the account's own: {row:?}");
        assert!(tweet.on_topic && !matches!(tweet.refers, Some(("retweeted", _))), "own and on the topic: {row:?}");
        assert_eq!(row["engagements"], engaged.get(&id).copied().unwrap_or(0).to_string(), "{row:?}");
        assert_eq!(row["text"], tweet.text);
        assert_eq!(row["url"], format!("https://x.com/user{}/status/{id}", tweet.author));
        rows_of.entry(row["id"].clone()).or_default().push(row);
    }
    // Every account listed in topics.csv (all are in the top 100 here) has
    // its three most engaged own on-topic posts, most engaged first.
    assert!(topics.len() > 30, "{} listed", topics.len());
    for listed in &topics {
        let author: usize = listed["id"].parse::<usize>().expect("id") - 1000;
        let mut own: Vec<u32> = tweets
            .iter()
            .filter(|t| t.author == author && t.on_topic && !matches!(t.refers, Some(("retweeted", _))))
            .map(|t| engaged.get(&t.id).copied().unwrap_or(0))
            .collect();
        own.sort_unstable_by(|a, b| b.cmp(a));
        own.truncate(3);
        let shown: Vec<u32> = rows_of
            .get(&listed["id"])
            .map(|rows| rows.iter().map(|r| r["engagements"].parse().expect("count")).collect())
            .unwrap_or_default();
        assert_eq!(shown, own, "account {}", listed["id"]);
        assert!(rows_of.get(&listed["id"]).into_iter().flatten().all(|r| r["rank"] == listed["rank"]));
    }
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["topics"]["evidence"]["posts"], evidence.len());
    assert_eq!(m["topics"]["evidence"]["not_read_again"], serde_json::json!([]));
}

/// Handles compared across platforms, as in tests/crossformat.rs.
fn person(handle: &str) -> String {
    handle.trim_start_matches('@').to_lowercase().split(['.', '@']).next().unwrap_or_default().to_string()
}

#[test]
fn one_conversation_gives_the_same_evidence_in_every_format_that_links_posts() {
    let t = TestDir::new();
    t.write(
        "topics.toml",
        "[topics.rwe]\nhashtags = [\"rwe\"]\nkeywords = [\"real-world evidence\", \"real-world data\"]\n\
         [topics.io]\nhashtags = [\"immunooncology\", \"cartcell\"]\nkeywords = [\"checkpoint inhibitors\", \"CAR-T\"]\n",
    );
    let run = |file: &str| -> Vec<(String, String, String)> {
        let input = root().join("tests/data/crossformat").join(file);
        let out = format!("out-{file}");
        assert_ok(&t.run(&["analyze", input.to_str().expect("path"), "--topics", "topics.toml", "--out", &out, "-q"]));
        let mut rows: Vec<(String, String, String)> = read_csv(&t.path(&out).join("evidence.csv"))
            .into_iter()
            .map(|r| {
                assert!(r["url"].starts_with("https://"), "{file}: {r:?}");
                assert!(!r["text"].is_empty(), "{file}: {r:?}");
                (r["topic"].clone(), person(&r["handle"]), r["engagements"].clone())
            })
            .collect();
        rows.sort();
        rows
    };
    // The X v2 count, made here from the fixture: distinct posts by
    // another account that reply to, quote or repost each post.
    let text = std::fs::read_to_string(root().join("tests/data/crossformat/x-v2-flat.jsonl")).expect("fixture");
    let tweets: Vec<serde_json::Value> =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("json")).collect();
    let author: HashMap<&str, &str> =
        tweets.iter().map(|t| (t["id"].as_str().expect("id"), t["author_id"].as_str().expect("author"))).collect();
    let mut seen = std::collections::HashSet::new();
    let mut engaged: HashMap<&str, u32> = HashMap::new();
    for t in &tweets {
        if !seen.insert(t["id"].as_str()) {
            continue;
        }
        for r in t["referenced_tweets"].as_array().into_iter().flatten() {
            let target = r["id"].as_str().expect("id");
            if author.get(target).is_some_and(|a| Some(*a) != t["author_id"].as_str()) {
                *engaged.entry(target).or_default() += 1;
            }
        }
    }
    let x = run("x-v2-flat.jsonl");
    let flat = read_csv(&t.path("out-x-v2-flat.jsonl/evidence.csv"));
    for r in &flat {
        assert_eq!(r["engagements"], engaged.get(r["post_id"].as_str()).copied().unwrap_or(0).to_string(), "{r:?}");
    }
    let drana = flat.iter().find(|r| r["handle"] == "drana").expect("drana's post");
    assert_eq!(drana["engagements"], "5", "2 quotes, 2 reposts and a reply");
    for file in ["x-v2-pages.jsonl", "x-v1.jsonl", "bsky-jetstream.jsonl", "bsky-appview.jsonl", "twarc.csv"] {
        assert_eq!(run(file), x, "{file}");
    }
    // Mastodon ties a reply to its parent by the parent's id on the
    // instance that served both: drana's post has all five.
    let toots = run("mastodon.jsonl");
    assert!(toots.contains(&("rwe".into(), "drana".into(), "5".into())), "{toots:?}");
}

#[test]
fn posts_without_text_ids_or_engagement_and_hostile_texts() {
    let t = TestDir::new();
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    t.write(
        "posts.csv",
        "post_id,author,text,reply_to,reply_to_post,mentions,hashtags\n\
         abc-1,=drcmd,\"=HYPERLINK(\"\"http://evil.example\"\") <script>alert(1)</script> #cardiology\",,,,cardiology\n\
         ,nokey,no id here #cardiology,,,,cardiology\n\
         7,quiet,,,,,cardiology\n\
         8,bob,\"@=drcmd agreed #cardiology\",=drcmd,abc-1,=drcmd,cardiology\n\
         9,carol,\"@=drcmd yes #cardiology\",=drcmd,abc-1,=drcmd,cardiology\n\
         10,=drcmd,\"and more #cardiology\",=drcmd,abc-1,,cardiology\n\
         11,bob,\"@nokey @quiet see this #cardiology\",,,nokey quiet,cardiology\n",
    );
    let o = t.run(&["analyze", "posts.csv", "--topics", "topics.toml", "--out", "out", "-q"]);
    assert_ok(&o);
    let raw = std::fs::read_to_string(t.path("out/evidence.csv")).expect("evidence");
    assert!(raw.contains("'=HYPERLINK"), "a formula is neutralised in the CSV: {raw}");
    let rows = read_csv(&t.path("out/evidence.csv"));
    let drcmd = rows.iter().find(|r| r["id"] == "'=drcmd").expect("=drcmd's post");
    assert_eq!(drcmd["post_id"], "abc-1");
    assert_eq!(drcmd["engagements"], "2", "bob and carol reply to post abc-1; its author's own reply does not count");
    assert_eq!(drcmd["url"], "", "a listening export's post has no link of its own");
    let nokey = rows.iter().find(|r| r["id"] == "nokey").expect("a post without an id is still shown");
    assert_eq!((nokey["post_id"].as_str(), nokey["engagements"].as_str()), ("", "0"));
    let quiet = rows.iter().find(|r| r["id"] == "quiet").expect("a post without text");
    assert_eq!(quiet["text"], "");
    let page = std::fs::read_to_string(t.path("out/report.html")).expect("report");
    assert!(!page.contains("<script>alert"), "the report escapes post texts");
    assert!(page.contains("=HYPERLINK"), "the report shows the text as written, not the spreadsheet guard");
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    // The workbook holds the text as plain text.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(t.path("out/dolgraph.xlsx")).expect("xlsx");
    let range = book.worksheet_range("Evidence").expect("an Evidence sheet");
    let texts: Vec<String> = range.rows().skip(1).map(|r| r[8].to_string()).collect();
    assert!(texts.iter().any(|s| s.starts_with("=HYPERLINK(")), "{texts:?}");

    // An export that names only the accounts answered cannot tie
    // engagement to a post: unknown (empty), not 0.
    t.write("accounts-only.csv", "post_id,author,text,reply_to,hashtags\n1,ana,hi #cardiology,,cardiology\n2,bob,re #cardiology,ana,cardiology\n");
    assert_ok(&t.run(&["analyze", "accounts-only.csv", "--topics", "topics.toml", "--out", "out2", "-q"]));
    let rows = read_csv(&t.path("out2/evidence.csv"));
    let ana = rows.iter().find(|r| r["id"] == "ana").expect("ana's post");
    assert_eq!(ana["engagements"], "", "{rows:?}");
    let page = std::fs::read_to_string(t.path("out2/report.html")).expect("report");
    assert!(page.contains("hi #cardiology") && !page.contains("0 engagements"), "no made-up zero in the report");
}

#[test]
fn a_pipe_read_once_gives_no_evidence_and_says_so() {
    let t = TestDir::new();
    t.write("topics.toml", "[topics.cardio]\nhashtags = [\"cardiology\"]\n");
    let fifo = t.path("posts.pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let content = "post_id,author,text,reply_to,hashtags\n1,ana,hello #cardiology,,cardiology\n2,bob,re #cardiology,ana,cardiology\n";
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, content).expect("write the pipe"))
    };
    let o = t.run(&["analyze", "posts.pipe", "--topics", "topics.toml", "--out", "out", "-q"]);
    writer.join().expect("writer");
    assert_ok(&o);
    assert!(stderr(&o).contains("no evidence posts from this input"), "{}", stderr(&o));
    let m = read_json(&t.path("out/manifest.json"));
    let not = &m["topics"]["evidence"]["not_read_again"];
    assert_eq!(not[0]["input"], "posts.pipe", "{m}");
    assert!(not[0]["reason"].as_str().is_some_and(|r| r.contains("read only once")), "{m}");
    assert_eq!(read_csv(&t.path("out/evidence.csv")).len(), 0);
    assert!(!read_csv(&t.path("out/topics.csv")).is_empty(), "the ranking is whole");
}
