//! Format detection on every file the repository holds (data/ and
//! tests/data/) and on the real files in ../shared: each input is detected
//! as it was before detection asked edge lists for evidence (issue 25), and
//! each file that is no input is refused. A new file must be added to the
//! table, so that its detection is decided, not found out.

use std::path::Path;

use dolgraph::ingest::detect;
use dolgraph::ingest::limits::DEFAULT_MAX_RECORD;
use dolgraph::ingest::source::Source;

use crate::util::{files_under, root, shared};

/// Detects `path` as `analyze` does: the head its source reads, then
/// detection. The format's name, or the reason it was refused.
fn detected(path: &Path) -> Result<&'static str, String> {
    let mut src = Source::open(path, indicatif::ProgressBar::hidden()).map_err(|e| e.to_string())?;
    let (head, _) = src.first_record(DEFAULT_MAX_RECORD).map_err(|e| e.to_string())?;
    detect::detect(&head).map(|d| d.format.name()).map_err(|u| u.reason)
}

/// What each file is: an input of this format, or refused (`None`), with
/// why for the files that are inputs of the bad-input corpus yet refused.
const REPOSITORY: &[(&str, Option<&str>)] = &[
    ("data/README.md", None),
    ("data/make_disease_topics.py", None),
    ("data/make_sample.py", None),
    ("data/pictures/community-1.png", None),
    ("data/pictures/explore.png", None),
    ("data/pictures/overview.png", None),
    ("data/pictures/report.png", None),
    ("data/roster.csv", None),
    ("data/sample/listening-export.csv", Some("csv")),
    ("data/sample/mastodon.jsonl", Some("mastodon")),
    ("data/sample/x-v2.jsonl", Some("x-v2")),
    ("data/topics.toml", None),
    ("tests/data/bad/README.md", None),
    ("tests/data/bad/bluesky-bad.jsonl", Some("bluesky")),
    ("tests/data/bad/bluesky-feed-bad.json", Some("bluesky")),
    ("tests/data/bad/csv-bad-rows.csv", Some("csv")),
    ("tests/data/bad/csv-broken-quote.csv", Some("csv")),
    ("tests/data/bad/csv-hostile-names.csv", Some("csv")),
    // Bad lines among its first 20 are no evidence of an edge list: read
    // with --format edge-csv / edge-list (tests/bad_input.rs).
    ("tests/data/bad/edges-bad.csv", None),
    ("tests/data/bad/edges-bad.txt", None),
    ("tests/data/bad/empty.jsonl", None),
    ("tests/data/bad/feed.xml", None),
    ("tests/data/bad/mastodon-array-cut.json", Some("mastodon")),
    ("tests/data/bad/mastodon-bad.jsonl", Some("mastodon")),
    ("tests/data/bad/notes.md", None),
    ("tests/data/bad/page.html", None),
    ("tests/data/bad/picture.png", None),
    ("tests/data/bad/readme-like.md", None),
    ("tests/data/bad/report.pdf", None),
    ("tests/data/bad/sessions.tsv", None),
    ("tests/data/bad/x-v1-bad.jsonl", Some("x-v1")),
    ("tests/data/bad/x-v2-invalid-utf8.jsonl", Some("x-v2")),
    ("tests/data/bad/x-v2-missing-author.jsonl", Some("x-v2")),
    ("tests/data/bad/x-v2-truncated.jsonl", Some("x-v2")),
    ("tests/data/bad/x-v2-truncated.jsonl.gz", Some("x-v2")),
    ("tests/data/bad/x-v2-unknown-refs.jsonl", Some("x-v2")),
    ("tests/data/bad/x-v2-wrong-types.jsonl", Some("x-v2")),
    ("tests/data/crossformat/README.md", None),
    ("tests/data/crossformat/bsky-appview.jsonl", Some("bluesky")),
    ("tests/data/crossformat/bsky-jetstream.jsonl", Some("bluesky")),
    ("tests/data/crossformat/edges.csv", Some("edge-csv")),
    ("tests/data/crossformat/edges.txt", Some("edge-list")),
    ("tests/data/crossformat/expected-edges.csv", Some("edge-csv")),
    ("tests/data/crossformat/make_fixtures.py", None),
    ("tests/data/crossformat/mastodon.jsonl", Some("mastodon")),
    ("tests/data/crossformat/posts.csv", Some("csv")),
    ("tests/data/crossformat/twarc.csv", Some("twarc-csv")),
    ("tests/data/crossformat/x-v1.jsonl", Some("x-v1")),
    ("tests/data/crossformat/x-v2-flat.jsonl", Some("x-v2")),
    ("tests/data/crossformat/x-v2-pages.jsonl", Some("x-v2")),
    ("tests/data/explore/check_page.py", None),
    ("tests/data/explore/requirements.txt", None),
    ("tests/data/exports/bluesky-feed.json", Some("bluesky")),
    ("tests/data/exports/bluesky-search.jsonl", Some("bluesky")),
    ("tests/data/exports/bluesky-thread.json", Some("bluesky")),
    ("tests/data/exports/conversation-flat.jsonl", Some("x-v2")),
    ("tests/data/exports/conversation-page.jsonl", Some("x-v2")),
    ("tests/data/exports/make_fixtures.py", None),
    ("tests/data/exports/mastodon-timeline.json", Some("mastodon")),
    ("tests/data/exports/twarc-default.csv", Some("twarc-csv")),
    ("tests/data/exports/twarc-json-encode-all.csv", Some("twarc-csv")),
    ("tests/data/exports/twarc-no-process-entities.csv", Some("twarc-csv")),
    ("tests/data/exports/x-v1-search.jsonl", Some("x-v1")),
    ("tests/data/graphfiles/read_back.py", None),
    ("tests/data/graphfiles/requirements.txt", None),
    ("tests/data/lfr/lfr-1000-mu01.csv", Some("edge-csv")),
    ("tests/data/lfr/lfr-1000-mu01.json", None),
    ("tests/data/lfr/lfr-1000-mu03.csv", Some("edge-csv")),
    ("tests/data/lfr/lfr-1000-mu03.json", None),
    ("tests/data/lfr/lfr-5000-mu03.csv", Some("edge-csv")),
    ("tests/data/lfr/lfr-5000-mu03.json", None),
    ("tests/data/lfr/make_lfr.py", None),
    ("tests/data/lfr/requirements.txt", None),
    ("tests/data/oracle/heavytail.csv", Some("edge-csv")),
    ("tests/data/oracle/heavytail.json", None),
    ("tests/data/oracle/karate.csv", Some("edge-csv")),
    ("tests/data/oracle/karate.json", None),
    ("tests/data/oracle/lesmis.csv", Some("edge-csv")),
    ("tests/data/oracle/lesmis.json", None),
    ("tests/data/oracle/make_oracle.py", None),
    ("tests/data/oracle/requirements.txt", None),
    ("tests/data/personalised/make_reference.py", None),
    ("tests/data/personalised/reference.json", None),
    ("tests/data/personalised/requirements.txt", None),
    ("tests/data/personas/healthcare-hashtags-2014.csv", Some("csv")),
    ("tests/data/roster/make_fixtures.py", None),
    ("tests/data/roster/mastodon.jsonl", Some("mastodon")),
    ("tests/data/roster/roster.csv", None),
    ("tests/data/roster/topics.toml", None),
    ("tests/data/roster/x-v2.jsonl", Some("x-v2")),
];

fn check(table: &[(&str, Option<&str>)], base: &Path) {
    let mut wrong = Vec::new();
    for (file, want) in table {
        let got = detected(&base.join(file));
        let ok = match want {
            Some(format) => got.as_deref() == Ok(*format),
            None => got.is_err(),
        };
        if !ok {
            wrong.push(format!("{file}: expected {want:?}, detected {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_file_of_the_repository_is_detected_as_before() {
    let root = root();
    check(REPOSITORY, &root);
    let listed: Vec<&str> = REPOSITORY.iter().map(|(f, _)| *f).collect();
    let mut unlisted = Vec::new();
    for dir in ["data", "tests/data"] {
        for (path, _) in files_under(&root.join(dir)) {
            let rel = Path::new(&path).strip_prefix(&root).expect("under the root").display().to_string();
            if !listed.contains(&rel.as_str()) {
                unlisted.push(rel);
            }
        }
    }
    assert!(unlisted.is_empty(), "add these files to REPOSITORY with their format: {unlisted:?}");
}

/// The real files: the SNAP Higgs edge lists (a b time kind, and a b
/// weight), the twarc pages and the CSV exports.
#[test]
#[ignore = "needs ../shared/data"]
fn every_real_file_is_detected_as_before() {
    let base = shared("");
    check(
        &[
            ("snap-higgs-twitter/higgs-activity_time.txt.gz", Some("edge-list")),
            ("snap-higgs-twitter/higgs-mention_network.edgelist.gz", Some("edge-list")),
            ("snap-higgs-twitter/higgs-reply_network.edgelist.gz", Some("edge-list")),
            ("snap-higgs-twitter/higgs-retweet_network.edgelist.gz", Some("edge-list")),
            ("snap-higgs-twitter/SOURCE.txt", None),
            ("twitter-v2-twarc-network/tweets.jsonl", Some("x-v2")),
            ("twitter-v2-twarc-network/SOURCE.txt", None),
            ("healthcare-hashtags-2014/Tweets_BleedingDisorders_usermention.csv", Some("csv")),
            ("healthcare-hashtags-2014/Tweets_CancerChat_full.csv", Some("csv")),
            ("healthcare-hashtags-2014/Tweets_Cholera_full.csv", Some("csv")),
            ("healthcare-hashtags-2014/Tweets_RareDiseaseDay_full.csv", Some("csv")),
            ("healthcare-hashtags-2014/bigtweet_file002.csv", Some("csv")),
            // The disease groups, read as topics (data/make_disease_topics.py).
            ("healthcare-hashtags-2014/DiseaseHashtags.csv", None),
            ("healthcare-hashtags-2014/SOURCE.txt", None),
            ("vaccine-debate-2015/vaccine_debate_data_labeled.csv", Some("csv")),
            // Labels without an author column.
            ("vaccine-debate-2015/labeled_data.csv", None),
            ("vaccine-debate-2015/SOURCE.txt", None),
        ],
        &base,
    );
}
