//! Feeds one fuzz input through a reader and the graph builder (and the
//! algorithms, on the small graphs fuzz inputs make): shared by the fuzz
//! targets (tests/fuzz/fuzz_targets/) and the corpus replay in the normal
//! test suite (tests/fuzz_corpus.rs), so CI replays exactly what the
//! fuzzer ran.

use dolgraph::analysis::{betweenness, communities, coreness, hits, pagerank};
use dolgraph::graph::{GraphBuilder, KindWeights};
use dolgraph::ingest::csv_export::ColumnMap;
use dolgraph::ingest::limits::DEFAULT_MAX_RECORD;
use dolgraph::ingest::stream::{BadHeader, stream};
use dolgraph::ingest::{Format, Located, detect};

/// The fuzz targets, named as the corpus folders (the replay test walks
/// them; each fuzz target names its own).
#[allow(dead_code)]
pub const TARGETS: [&str; 8] = ["x_v2", "x_v1", "bluesky", "mastodon", "csv", "edge_list", "topics", "values"];

/// Makes the calling thread rayon's only worker, for the fuzz targets'
/// init. With worker threads, libFuzzer counts the scheduler's races
/// (work stealing, latches, sleeping) as new coverage: a campaign found
/// such edges for as long as it ran and never reached its plateau. The
/// outputs do not depend on the thread count, so one thread loses no
/// finding. Not for the corpus replay: there the test harness's threads
/// would all wait on the one worker.
#[allow(dead_code)]
pub fn one_thread() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build_global()
        .expect("invariant: the fuzz target builds rayon's pool first");
}

/// Runs `data` through format detection and the reader of `target`, then
/// builds the graph and runs every algorithm on it. Panics only on a bug.
pub fn feed(target: &str, data: &[u8]) {
    if target == "values" {
        return values(data);
    }
    // `analyze` sniffs every input's head before choosing a reader.
    let _ = detect::detect(data);
    let mut builder = GraphBuilder::new(KindWeights::default(), None, None);
    let mut records: Vec<Located> = Vec::new();
    // "topics": a topics file, a NUL byte, then X v2 lines classified by
    // those topics; the topic ranking runs on the graph.
    let mut topics = false;
    match target {
        "topics" => {
            let (file, rest) = match data.iter().position(|&b| b == 0) {
                Some(i) => (&data[..i], &data[i + 1..]),
                None => (data, &[][..]),
            };
            let Ok(parsed) = dolgraph::topics::Topics::parse(&String::from_utf8_lossy(file)) else { return };
            builder = builder.with_topics(Some(parsed));
            topics = true;
            lines(rest, Format::XV2, &mut records);
        }
        "x_v2" => lines(data, Format::XV2, &mut records),
        "x_v1" => lines(data, Format::XV1, &mut records),
        "bluesky" => lines(data, Format::Bluesky, &mut records),
        "mastodon" => lines(data, Format::Mastodon, &mut records),
        "edge_list" => lines(data, Format::EdgeList, &mut records),
        "csv" => csv(data, &mut records),
        other => panic!("unknown fuzz target {other}"),
    }
    for (_, r) in records {
        builder.add(r);
    }
    let g = builder.finish();
    let pr = pagerank::pagerank(&g, &pagerank::PageRankSettings::default());
    let sum: f64 = pr.scores.iter().sum();
    assert!(g.node_count() == 0 || (sum - 1.0).abs() < 1e-9, "PageRank sums to {sum}");
    hits::hits(&g, &hits::HitsSettings::default());
    betweenness::betweenness(&g, &betweenness::BetweennessSettings::default());
    coreness::coreness(&g);
    let found = communities::detect(&g, &communities::LeidenSettings::default());
    if topics {
        let scores = dolgraph::analysis::topics::rank(&g, &found.membership, &[]);
        assert!(scores.dol_score.iter().all(|s| s.is_finite() && *s >= 0.0), "dol_score is finite and not negative");
    }
}

/// Line-based formats, split into lines and batches as `analyze` does, or
/// read as one whole JSON document when the first value spans lines.
fn lines(data: &[u8], format: Format, out: &mut Vec<Located>) {
    read(data, format, detect::is_document(data), out);
}

/// CSV: the first byte picks the reader (posts with default columns, an
/// edge CSV, or a twarc-csv export), the rest is the file.
fn csv(data: &[u8], out: &mut Vec<Located>) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let format = [Format::Csv, Format::EdgeCsv, Format::TwarcCsv][usize::from(pick % 3)];
    read(body, format, false, out);
}

/// Streams `data` through `analyze`'s one format dispatch.
fn read(data: &[u8], format: Format, document: bool, out: &mut Vec<Located>) {
    struct Stop;
    impl From<std::io::Error> for Stop {
        fn from(_: std::io::Error) -> Self {
            Stop
        }
    }
    impl From<BadHeader> for Stop {
        fn from(_: BadHeader) -> Self {
            Stop
        }
    }
    let mut slice: &[u8] = data;
    let sink = |batch: Vec<Located>| -> Result<(), Stop> {
        out.extend(batch);
        Ok(())
    };
    let _ = stream(&mut slice, format, document, DEFAULT_MAX_RECORD, &ColumnMap::default(), None, sink);
}

/// The "values" target: the parsers every reader shares (timestamps, links,
/// language tags, hashtags and handles, interaction kinds, hidden
/// characters, the structural scan of whole responses), fed one input
/// each. A reader target reaches them only through the right string in the
/// right field of a valid record (about 100 CPU s a new line in a
/// campaign); here they saturate in minutes. Besides not panicking, each
/// keeps the promise its doc comment makes.
fn values(data: &[u8]) {
    use dolgraph::ingest::{handle_id, handle_ref, lang_tag, normalize_tag, response};
    use dolgraph::link::{self, Link};
    use dolgraph::time::{format_time, parse_bound, parse_time};

    let text = String::from_utf8_lossy(data);
    let s = text.as_ref();
    // A time read back from what the outputs write is the same second
    // (years of four digits: the outputs' form).
    let four_digit_year = |t: i64| (-62_167_219_200..253_402_300_800).contains(&t);
    if let Some(t) = parse_time(s).filter(|&t| four_digit_year(t)) {
        assert_eq!(parse_time(&format_time(t)), Some(t), "{s:?} -> {t} -> {}", format_time(t));
    }
    match parse_bound(s) {
        Ok(t) if four_digit_year(t) => assert_eq!(parse_bound(&format_time(t)), Ok(t), "{s:?}"),
        Ok(_) => {}
        Err(why) => assert!(why.contains(s), "{s:?}: {why}"),
    }
    // A canonical link is a fixed point: its key shows no hidden
    // character, the address links.csv writes for it reads back as it.
    let mut links: Vec<Link> = Link::parse(s).into_iter().collect();
    links.extend(link::in_text(s));
    for l in &links {
        assert!(!l.key.is_empty() && !l.host.is_empty(), "{s:?} -> {l:?}");
        assert!(!l.key.chars().any(dolgraph::visible::is_hidden), "{s:?} -> {l:?}");
        let url = link::url_of(&l.key);
        assert_eq!(link::key_of_url(&url, l.kind), l.key, "{s:?} -> {url}");
        let _ = (l.x_status(), link::may_name_account(&l.key), link::label(&l.key));
    }
    if let Some(lang) = lang_tag(s) {
        assert!((2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()), "{s:?} -> {lang}");
    }
    let _ = (normalize_tag(s), handle_id(s), handle_ref(s));
    if let Some(k) = dolgraph::kind::Kind::parse(s) {
        assert_eq!(dolgraph::kind::Kind::parse(k.name()), Some(k));
    }
    for form in [dolgraph::visible::id, dolgraph::visible::text, dolgraph::visible::message] {
        let shown = form(s);
        assert!(!shown.chars().any(|c| dolgraph::visible::is_hidden(c) && !matches!(c, '\t' | '\n' | '\r')), "{s:?}");
    }
    // The structural scan agrees with serde_json on valid JSON: the value
    // ends where serde_json's does, and an object's members and a list's
    // entries are the ones serde_json reads.
    let _ = (response::documents(data, 1), detect::is_document(data), detect::detect(data));
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let end = response::value_end(data, 0).unwrap_or_else(|e| panic!("valid JSON {s:?}: {e:?}"));
        assert!(data[end..].iter().all(u8::is_ascii_whitespace), "{s:?}: value ends at {end}");
        match &value {
            serde_json::Value::Object(map) => {
                let members = response::object_members(data, 0).unwrap_or_else(|e| panic!("{s:?}: {e:?}"));
                assert!(members.len() >= map.len(), "{s:?}");
                for (_, _, v) in members {
                    assert!(serde_json::from_slice::<serde_json::Value>(v).is_ok(), "{s:?}");
                }
            }
            serde_json::Value::Array(list) => {
                let (items, err) = response::array_items(data, 0);
                assert!(err.is_none() && items.len() == list.len(), "{s:?}");
            }
            _ => {}
        }
    }
}
