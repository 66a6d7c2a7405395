//! Shared links (issue 21): every platform's links reach links.csv in one
//! canonical form per paper, trial or page; a quote's own link to the post
//! it quotes, mentions and hashtags are not links; a DOL's `why` names the
//! paper it spread; `--pseudonymize` drops the links that name accounts.
//! The records are written here in each API's and exporter's real shapes.

use std::collections::BTreeMap;

use crate::util::{TestDir, assert_ok, check_accounting, dolgraph, read_csv};

/// An X v2 search page. DrAnaRana (10) shares the paper from the
/// journal's site (`unwound_url` after a tracking redirect) on #rwe;
/// BenKoh (11) retweets it (the retweet's entities repeat the link) and
/// quotes it (the quote's link is to tweet 101: the quote itself); Ana
/// links Ben's profile and an unexpanded bit.ly link.
const X_V2: &str = r#"{"data":[{"id":"101","author_id":"10","text":"Our trial emulation is out https://t.co/aaa #rwe","lang":"en","created_at":"2026-03-01T09:00:00.000Z","entities":{"hashtags":[{"start":44,"end":48,"tag":"rwe"}],"urls":[{"start":27,"end":43,"url":"https://t.co/aaa","expanded_url":"https://bit.ly/3xyz","display_url":"bit.ly/3xyz","unwound_url":"https://journals.example/doi/full/10.5555/RWE.2026.01?utm_source=twitter"}]}},{"id":"102","author_id":"11","text":"RT @DrAnaRana: Our trial emulation is out https://t.co/aaa #rwe","created_at":"2026-03-01T10:00:00.000Z","referenced_tweets":[{"type":"retweeted","id":"101"}],"entities":{"mentions":[{"start":3,"end":13,"username":"DrAnaRana","id":"10"}],"urls":[{"start":42,"end":58,"url":"https://t.co/aaa","expanded_url":"https://bit.ly/3xyz","display_url":"bit.ly/3xyz","unwound_url":"https://journals.example/doi/full/10.5555/RWE.2026.01?utm_source=twitter"}]}},{"id":"103","author_id":"11","text":"Must read #rwe https://t.co/qqq","created_at":"2026-03-01T11:00:00.000Z","referenced_tweets":[{"type":"quoted","id":"101"}],"entities":{"urls":[{"start":15,"end":31,"url":"https://t.co/qqq","expanded_url":"https://twitter.com/DrAnaRana/status/101","display_url":"twitter.com/DrAnaRana/sta…"}]}},{"id":"104","author_id":"10","text":"Follow https://t.co/bbb and https://t.co/ccc","created_at":"2026-03-02T09:00:00.000Z","entities":{"urls":[{"start":7,"end":23,"url":"https://t.co/bbb","expanded_url":"https://x.com/BenKoh","display_url":"x.com/BenKoh"},{"start":28,"end":44,"url":"https://t.co/ccc","expanded_url":"https://bit.ly/4abc","display_url":"bit.ly/4abc"}]}}],"includes":{"users":[{"id":"10","username":"DrAnaRana","name":"Ana Rana"},{"id":"11","username":"BenKoh","name":"Ben Koh"}],"tweets":[]},"meta":{"result_count":4}}"#;

/// An X v1.1 status (`tweet_mode=extended`) with the DOI as a resolver link.
const X_V1: &str = r#"{"created_at":"Sun Mar 01 12:00:00 +0000 2026","id_str":"201","full_text":"Target trial emulation done right https://t.co/ddd #rwe","truncated":false,"user":{"id_str":"20","screen_name":"ClaraMSL","name":"Clara"},"entities":{"hashtags":[{"text":"rwe","indices":[51,55]}],"user_mentions":[],"urls":[{"url":"https://t.co/ddd","expanded_url":"http://dx.doi.org/10.5555/rwe.2026.01","display_url":"dx.doi.org/10.5555/rwe.2…","indices":[34,50]}]}}"#;

/// A Bluesky AppView post view with a link facet (the DOI again, upper
/// case) and a link card to a trial; a Jetstream post whose
/// recordWithMedia embed carries a PubMed card beside a quoted post.
const BLUESKY: &str = concat!(
    r#"{"uri":"at://did:plc:dd/app.bsky.feed.post/3l1","cid":"c1","author":{"did":"did:plc:dd","handle":"dee.bsky.social","displayName":"Dee"},"record":{"$type":"app.bsky.feed.post","text":"Read doi.org/10.5555/RWE… #rwe","createdAt":"2026-03-01T13:00:00Z","facets":[{"index":{"byteStart":5,"byteEnd":27},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://doi.org/10.5555/RWE.2026.01"}]},{"index":{"byteStart":28,"byteEnd":32},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"rwe"}]}],"embed":{"$type":"app.bsky.embed.external","external":{"uri":"https://clinicaltrials.gov/ct2/show/NCT09000001?term=emulation","title":"A trial","description":""}}},"replyCount":0,"repostCount":0,"likeCount":1,"indexedAt":"2026-03-01T13:00:01Z"}"#,
    "\n",
    r#"{"did":"did:plc:ee","time_us":1772370000000000,"kind":"commit","commit":{"rev":"r1","operation":"create","collection":"app.bsky.feed.post","rkey":"3l2","record":{"$type":"app.bsky.feed.post","text":"This, and the abstract #rwe","createdAt":"2026-03-01T14:00:00Z","facets":[{"index":{"byteStart":23,"byteEnd":27},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"rwe"}]}],"embed":{"$type":"app.bsky.embed.recordWithMedia","record":{"$type":"app.bsky.embed.record","record":{"uri":"at://did:plc:dd/app.bsky.feed.post/3l1","cid":"c1"}},"media":{"$type":"app.bsky.embed.external","external":{"uri":"https://pubmed.ncbi.nlm.nih.gov/99000001/","title":"Abstract","description":""}}}},"cid":"c2"}}"#,
    "\n",
);

/// A Mastodon status linking PMC in its content beside a mention and a
/// hashtag (which are links in the HTML, not shared links), with a card;
/// and a reblog of it by hal, whose links are the reblogged status's.
const MASTODON: &str = concat!(
    r#"{"id":"301","uri":"https://med.example/users/gio/statuses/301","url":"https://med.example/@gio/301","created_at":"2026-03-01T15:00:00.000Z","content":"<p>Full text <a href=\"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900001/\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span class=\"invisible\">https://www.</span><span class=\"ellipsis\">ncbi.nlm.nih.gov/pmc/articles/</span><span class=\"invisible\">PMC9900001/</span></a> via <span class=\"h-card\" translate=\"no\"><a href=\"https://med.example/@hal\" class=\"u-url mention\">@<span>hal</span></a></span> <a href=\"https://med.example/tags/rwe\" class=\"mention hashtag\" rel=\"tag\">#<span>rwe</span></a></p>","language":"en","account":{"id":"1","acct":"gio","url":"https://med.example/@gio","display_name":"Gio"},"tags":[{"name":"rwe"}],"mentions":[{"id":"2","username":"hal","acct":"hal","url":"https://med.example/@hal"}],"card":{"url":"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900001/","title":"PMC","type":"link"},"reblog":null}"#,
    "\n",
    r#"{"id":"302","uri":"https://med.example/users/hal/statuses/302/activity","url":null,"created_at":"2026-03-01T16:00:00.000Z","content":"","account":{"id":"2","acct":"hal","url":"https://med.example/@hal"},"tags":[],"mentions":[],"reblog":{"id":"301","uri":"https://med.example/users/gio/statuses/301","url":"https://med.example/@gio/301","created_at":"2026-03-01T15:00:00.000Z","content":"<p>Full text <a href=\"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900001/\">ncbi.nlm.nih.gov/pmc/articles/PMC9900001/</a> <a href=\"https://med.example/tags/rwe\" class=\"mention hashtag\" rel=\"tag\">#<span>rwe</span></a></p>","account":{"id":"1","acct":"gio","url":"https://med.example/@gio"},"tags":[{"name":"rwe"}],"mentions":[]}}"#,
    "\n",
);

/// A listening-tool export with a `urls` column (two links in a cell),
/// and one without it, whose links are read from the text.
const CSV_URLS: &str = "post_id,author,created_at,text,urls\n\
    1,ivy,2026-03-01T17:00:00Z,New RWE paper #rwe,\"https://www.journals.example/doi/10.5555/rwe.2026.01/abstract; https://news.example/story?id=9&fbclid=Ab1\"\n";
const CSV_TEXT: &str = "post_id,author,created_at,text\n\
    7,jon,2026-03-02T17:00:00Z,\"Enrolling (https://clinicaltrials.gov/study/NCT09000001). #rwe\"\n";

/// twarc-csv's default export: `entities.urls` as a list of strings, and
/// with `--no-process-entities` as the API's objects.
const TWARC: &str = "id,author_id,author.username,created_at,text,entities.hashtags,entities.urls\n\
    401,40,KimEpi,2026-03-03T09:00:00.000Z,Emulation paper #rwe,\"[\"\"#rwe\"\"]\",\"[\"\"https://doi.org/10.5555/rwe.2026.01\"\"]\"\n\
    402,40,KimEpi,2026-03-03T10:00:00.000Z,And the preprint #rwe,\"[\"\"#rwe\"\"]\",\"[{\"\"url\"\":\"\"https://t.co/eee\"\",\"\"expanded_url\"\":\"\"https://www.medrxiv.org/content/10.1101/2026.01.05.26300001v3.full.pdf\"\"}]\"\n";

const TOPICS: &str = "[topics.rwe]\nhashtags = [\"rwe\"]\n";

struct Run {
    /// links.csv rows by link.
    links: BTreeMap<String, BTreeMap<String, String>>,
    /// links.csv's links in its order.
    order: Vec<String>,
    topics: Vec<BTreeMap<String, String>>,
    report: String,
}

fn run(extra: &[&str]) -> Run {
    let t = TestDir::new();
    let out = t.path("out");
    let inputs = [
        t.write("x.jsonl", X_V2),
        t.write("v1.jsonl", X_V1),
        t.write("bsky.jsonl", BLUESKY),
        t.write("masto.jsonl", MASTODON),
        t.write("urls.csv", CSV_URLS),
        t.write("text.csv", CSV_TEXT),
        t.write("twarc.csv", TWARC),
    ];
    let o = dolgraph()
        .arg("analyze")
        .args(&inputs)
        .arg("--topics")
        .arg(t.write("topics.toml", TOPICS))
        .args(["-q", "--max-pictures", "0", "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("run dolgraph");
    assert_ok(&o);
    check_accounting(&crate::util::read_json(&out.join("manifest.json")));
    let rows = read_csv(&out.join("links.csv"));
    let order = rows.iter().map(|r| r["link"].clone()).collect();
    let links = rows.into_iter().map(|r| (r["link"].clone(), r)).collect();
    let topics = read_csv(&out.join("topics.csv"));
    let report = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    Run { links, order, topics, report }
}

#[test]
fn every_platform_shares_links_in_one_canonical_form() {
    let r = run(&[]);
    let keys: Vec<&str> = r.links.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "https://bit.ly/4abc",
            "https://clinicaltrials.gov/study/NCT09000001",
            "https://doi.org/10.1101/2026.01.05.26300001",
            "https://doi.org/10.5555/rwe.2026.01",
            "https://news.example/story?id=9",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC9900001/",
            "https://pubmed.ncbi.nlm.nih.gov/99000001/",
            "https://x.com/BenKoh",
        ],
        "no quote link (twitter.com/.../status/101), mention, hashtag or tracking parameter"
    );
    let row = |k: &str| -> [&str; 7] {
        let x = &r.links[k];
        ["kind", "domain", "posts", "sharers", "top_sharers", "topics", "communities"].map(|c| x[c].as_str())
    };
    // The DOI: Ana's tweet and Ben's retweet (X v2), Clara (v1.1), Dee
    // (Bluesky facet), Ivy (CSV column), Kim (twarc-csv strings).
    let doi = row("https://doi.org/10.5555/rwe.2026.01");
    assert_eq!(&doi[..4], ["doi", "journals.example", "6", "6"], "{doi:?}");
    // Ben's retweet names no hashtag of its own: 5 of the 6 posts are on rwe.
    assert_eq!(doi[5], "rwe (5)", "the topics of its posts, with the posts on each");
    assert_eq!(row("https://clinicaltrials.gov/study/NCT09000001")[..4], ["nct", "clinicaltrials.gov", "2", "2"]);
    assert_eq!(row("https://pmc.ncbi.nlm.nih.gov/articles/PMC9900001/")[..4], ["pmc", "ncbi.nlm.nih.gov", "2", "2"]);
    assert_eq!(row("https://pubmed.ncbi.nlm.nih.gov/99000001/")[..4], ["pmid", "pubmed.ncbi.nlm.nih.gov", "1", "1"]);
    assert_eq!(row("https://doi.org/10.1101/2026.01.05.26300001")[..4], ["preprint", "medrxiv.org", "1", "1"]);
    assert_eq!(row("https://news.example/story?id=9")[..3], ["url", "news.example", "1"]);
    // Most sharers first.
    assert_eq!(r.order[0], "https://doi.org/10.5555/rwe.2026.01");
}

#[test]
fn the_why_names_the_paper_a_dol_spread_and_the_report_lists_the_topic_papers() {
    let r = run(&[]);
    let ana = r.topics.iter().find(|x| x["handle"] == "DrAnaRana").expect("DrAnaRana is ranked on rwe");
    assert!(ana["why"].ends_with("; shared doi:10.5555/rwe.2026.01 (1 repost)"), "{}", ana["why"]);
    let gio = r.topics.iter().find(|x| x["handle"] == "gio@med.example").expect("gio is ranked on rwe");
    assert!(gio["why"].ends_with("; shared PMC9900001 (1 repost)"), "{}", gio["why"]);
    assert!(r.report.contains("Most shared papers"), "report.html lists the topic's papers");
    assert!(r.report.contains("https://doi.org/10.5555/rwe.2026.01"), "with their links");
}

#[test]
fn pseudonymize_keeps_papers_and_sites_and_drops_links_that_name_accounts() {
    let t = TestDir::new();
    let key = t.write("key", "0123456789abcdef0123456789abcdef");
    let r = run(&["--pseudonymize", key.to_str().expect("utf-8 path")]);
    let keys: Vec<&str> = r.links.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "https://clinicaltrials.gov/study/NCT09000001",
            "https://doi.org/10.1101/2026.01.05.26300001",
            "https://doi.org/10.5555/rwe.2026.01",
            "https://news.example/story?id=9",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC9900001/",
            "https://pubmed.ncbi.nlm.nih.gov/99000001/",
        ],
        "the profile link and the shortened link are gone"
    );
    let doi = &r.links["https://doi.org/10.5555/rwe.2026.01"];
    assert!(doi["top_sharers"].split(' ').all(|h| h.starts_with("user-")), "{doi:?}");
}
