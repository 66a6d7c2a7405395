//! Engagement as the platforms reported it, and post languages (issue 21):
//! each platform's counters and language fields reach accounts.csv, a
//! repost's never do, and `--lang` keeps only the languages asked for.
//! The records are written here in each API's real field shapes.

use std::collections::BTreeMap;

use crate::util::{TestDir, assert_ok, check_accounting, dolgraph, read_csv, read_json};

/// An X v2 search page: two tweets by DrAnaRana (en, fr), a retweet of
/// the first by BenKoh (whose public_metrics are the original's), one
/// tweet with the `qme` code X gives to posts of media only.
const X_V2: &str = r#"{"data":[{"id":"101","author_id":"10","text":"Phase 3 readout today #rwe","lang":"en","created_at":"2026-03-01T09:00:00.000Z","public_metrics":{"retweet_count":4,"reply_count":2,"like_count":30,"quote_count":1,"bookmark_count":0,"impression_count":900}},{"id":"102","author_id":"10","text":"Les données en vie réelle #rwe","lang":"fr","created_at":"2026-03-02T09:00:00.000Z","public_metrics":{"retweet_count":1,"reply_count":0,"like_count":5,"quote_count":0,"impression_count":100}},{"id":"103","author_id":"11","text":"RT @DrAnaRana: Phase 3 readout today #rwe","lang":"en","created_at":"2026-03-01T10:00:00.000Z","referenced_tweets":[{"type":"retweeted","id":"101"}],"public_metrics":{"retweet_count":4,"reply_count":0,"like_count":0,"quote_count":0}},{"id":"104","author_id":"11","text":"https://t.co/abc","lang":"qme","created_at":"2026-03-01T11:00:00.000Z","public_metrics":{"retweet_count":0,"reply_count":0,"like_count":2,"quote_count":0}}],"includes":{"users":[{"id":"10","username":"DrAnaRana","name":"Ana Rana"},{"id":"11","username":"BenKoh","name":"Ben Koh"}]},"meta":{"result_count":4}}"#;

/// An X v1.1 status (no `reply_count`: standard payloads lack it).
const X_V1: &str = r#"{"created_at":"Sun Mar 01 12:00:00 +0000 2026","id_str":"201","full_text":"Ensayo clínico abierto #rwe","lang":"es","favorite_count":7,"retweet_count":3,"user":{"id_str":"20","screen_name":"ClaraMSL","name":"Clara"},"entities":{"hashtags":[{"text":"rwe"}],"user_mentions":[]}}"#;

/// An AppView post view with counts, and a Jetstream post without any.
const BLUESKY: &str = concat!(
    r#"{"uri":"at://did:plc:dd/app.bsky.feed.post/3l1","cid":"c1","author":{"did":"did:plc:dd","handle":"dee.bsky.social","displayName":"Dee"},"record":{"$type":"app.bsky.feed.post","text":"Neue Daten #rwe","langs":["de-DE"],"createdAt":"2026-03-01T13:00:00Z"},"replyCount":1,"repostCount":2,"likeCount":11,"quoteCount":0,"indexedAt":"2026-03-01T13:00:01Z"}"#,
    "\n",
    r#"{"did":"did:plc:ee","time_us":1772370000000000,"kind":"commit","commit":{"rev":"r1","operation":"create","collection":"app.bsky.feed.post","rkey":"3l2","record":{"$type":"app.bsky.feed.post","text":"Dados novos #rwe","langs":["pt"],"createdAt":"2026-03-01T14:00:00Z"},"cid":"c2"}}"#,
    "\n",
);

/// A Mastodon status in Italian, and a reblog of it (language null, as
/// the API writes the wrapper; its own counters are zero).
const MASTODON: &str = concat!(
    r#"{"id":"301","uri":"https://med.example/users/gio/statuses/301","url":"https://med.example/@gio/301","created_at":"2026-03-01T15:00:00.000Z","content":"<p>Dati reali <a href=\"https://med.example/tags/rwe\" class=\"mention hashtag\" rel=\"tag\">#<span>rwe</span></a></p>","language":"it","replies_count":3,"reblogs_count":6,"favourites_count":12,"account":{"id":"1","acct":"gio","url":"https://med.example/@gio","display_name":"Gio"},"tags":[{"name":"rwe"}],"mentions":[],"reblog":null}"#,
    "\n",
    r#"{"id":"302","uri":"https://med.example/users/hal/statuses/302/activity","url":null,"created_at":"2026-03-01T16:00:00.000Z","content":"","language":null,"replies_count":0,"reblogs_count":0,"favourites_count":0,"account":{"id":"2","acct":"hal","url":"https://med.example/@hal"},"tags":[],"mentions":[],"reblog":{"id":"301","uri":"https://med.example/users/gio/statuses/301","url":"https://med.example/@gio/301","created_at":"2026-03-01T15:00:00.000Z","content":"<p>Dati reali</p>","language":"it","replies_count":3,"reblogs_count":6,"favourites_count":12,"account":{"id":"1","acct":"gio","url":"https://med.example/@gio"},"tags":[],"mentions":[]}}"#,
    "\n",
);

/// A listening-tool export with counters (one with a thousands separator,
/// one unusable) and no language column.
const CSV: &str = "post_id,author,created_at,text,likes,reposts,replies,views\n\
    1,ivy,2026-03-01T17:00:00Z,RWE matters #rwe,\"1,204\",10,4,5000\n\
    2,ivy,2026-03-02T17:00:00Z,More #rwe,n/a,2,0,\n";

fn write_inputs(t: &TestDir) -> Vec<std::path::PathBuf> {
    vec![
        t.write("x.jsonl", X_V2),
        t.write("v1.jsonl", X_V1),
        t.write("bsky.jsonl", BLUESKY),
        t.write("masto.jsonl", MASTODON),
        t.write("export.csv", CSV),
    ]
}

fn run(extra: &[&str]) -> (BTreeMap<String, BTreeMap<String, String>>, serde_json::Value) {
    let t = TestDir::new();
    let out = t.path("out");
    let o = dolgraph()
        .arg("analyze")
        .args(write_inputs(&t))
        .args(["-q", "--max-pictures", "0", "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("run dolgraph");
    assert_ok(&o);
    let manifest = read_json(&out.join("manifest.json"));
    check_accounting(&manifest);
    let accounts = read_csv(&out.join("accounts.csv"))
        .into_iter()
        .map(|a| (if a["handle"].is_empty() { a["id"].clone() } else { a["handle"].clone() }, a))
        .collect();
    (accounts, manifest)
}

/// likes_received, reposts_reported, replies_reported, impressions,
/// median_engagement, languages.
fn figures(a: &BTreeMap<String, String>) -> [&str; 6] {
    ["likes_received", "reposts_reported", "replies_reported", "impressions", "median_engagement", "languages"]
        .map(|c| a.get(c).map(String::as_str).unwrap_or("<missing column>"))
}

#[test]
fn every_platform_reports_counters_and_languages_to_accounts_csv() {
    let (accounts, _) = run(&[]);
    let get = |h: &str| figures(accounts.get(h).unwrap_or_else(|| panic!("no account {h}: {accounts:?}")));
    // 30+4+2 = 36 and 5+1+0 = 6: the median of two is their mean.
    assert_eq!(get("DrAnaRana"), ["35", "5", "2", "1000", "21", "en 50%; fr 50%"]);
    // The retweet's counters are the original's: only tweet 104 counts,
    // and `qme` (media only) names no language.
    assert_eq!(get("BenKoh"), ["2", "0", "0", "", "2", ""]);
    assert_eq!(get("ClaraMSL"), ["7", "3", "", "", "10", "es 100%"]);
    assert_eq!(get("dee.bsky.social"), ["11", "2", "1", "", "14", "de 100%"]);
    assert_eq!(get("did:plc:ee"), ["", "", "", "", "", "pt 100%"]);
    assert_eq!(get("gio@med.example"), ["12", "6", "3", "", "21", "it 100%"]);
    assert_eq!(get("hal@med.example"), ["", "", "", "", "", ""], "a reblog reports nothing of its own");
    // "n/a" is unknown, not zero, and does not cost the post.
    assert_eq!(get("ivy"), ["1204", "12", "4", "5000", "610", ""]);
    assert_eq!(accounts["ivy"]["posts"], "2");
}

#[test]
fn lang_keeps_the_languages_asked_for_and_posts_that_name_none() {
    let (all, _) = run(&[]);
    let (accounts, manifest) = run(&["--lang", "en,IT"]);
    // Dropped: the fr tweet, the es status, the de and pt posts.
    let skipped: u64 = manifest["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["skipped_by_reason"]["language not in --lang"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(skipped, 4, "{manifest:#}");
    assert_eq!(manifest["settings"]["languages"], serde_json::json!(["en", "it"]));
    assert_eq!(figures(&accounts["DrAnaRana"]), ["30", "4", "2", "900", "36", "en 100%"]);
    assert_eq!(accounts["DrAnaRana"]["posts"], "1");
    // A reblog of an Italian status is Italian; the media-only tweet and
    // the CSV rows name no language and are kept.
    assert_eq!(accounts["hal@med.example"]["posts"], "1");
    assert_eq!(accounts["BenKoh"]["posts"], all["BenKoh"]["posts"]);
    assert_eq!(accounts["ivy"]["posts"], "2");
    assert!(!accounts.contains_key("ClaraMSL") && !accounts.contains_key("did:plc:ee"), "{accounts:?}");
}

#[test]
fn a_lang_that_names_no_language_is_a_usage_error() {
    let t = TestDir::new();
    let o = dolgraph()
        .arg("analyze")
        .arg(t.write("x.jsonl", X_V2))
        .args(["-q", "--lang", "en,und", "--out"])
        .arg(t.path("out"))
        .output()
        .expect("run dolgraph");
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid --lang: 'und' is not a language tag"), "{err}");
}
