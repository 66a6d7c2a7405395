//! Feeds one fuzz input through a reader and the graph builder (and the
//! algorithms, on the small graphs fuzz inputs make): shared by the fuzz
//! targets (tests/fuzz/fuzz_targets/) and the corpus replay in the normal
//! test suite (tests/fuzz_corpus.rs), so CI replays exactly what the
//! fuzzer ran.

use std::io::BufRead;

use dolgraph::analysis::{betweenness, communities, coreness, hits, pagerank};
use dolgraph::graph::{GraphBuilder, KindWeights};
use dolgraph::ingest::csv_export::{ColumnMap, CsvReader, TwarcCsvReader};
use dolgraph::ingest::csv_quotes::QuoteTracker;
use dolgraph::ingest::edgelist::{EdgeCsvReader, EdgeListReader};
use dolgraph::ingest::limits::DEFAULT_MAX_RECORD;
use dolgraph::ingest::source::{RowReader, read_document, read_lines, read_rows};
use dolgraph::ingest::{Located, UnitReader, bluesky, detect, mastodon, twitter_v1, twitter_v2};

/// The fuzz targets, named as the corpus folders (the replay test walks
/// them; each fuzz target names its own).
#[allow(dead_code)]
pub const TARGETS: [&str; 7] = ["x_v2", "x_v1", "bluesky", "mastodon", "csv", "edge_list", "topics"];

/// Runs `data` through format detection and the reader of `target`, then
/// builds the graph and runs every algorithm on it. Panics only on a bug.
pub fn feed(target: &str, data: &[u8]) {
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
            lines(rest, &twitter_v2::XV2Reader, &mut records);
        }
        "x_v2" => lines(data, &twitter_v2::XV2Reader, &mut records),
        "x_v1" => lines(data, &twitter_v1::XV1Reader, &mut records),
        "bluesky" => lines(data, &bluesky::BlueskyReader, &mut records),
        "mastodon" => lines(data, &mastodon::MastodonReader, &mut records),
        "edge_list" => lines(data, &EdgeListReader, &mut records),
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
        let scores = dolgraph::analysis::topics::rank(&g, &found.membership);
        assert!(scores.dol_score.iter().all(|s| s.is_finite() && *s >= 0.0), "dol_score is finite and not negative");
    }
}

/// Line-based formats, split into lines and batches as `analyze` does, or
/// read as one whole JSON document when the first value spans lines.
fn lines<R: UnitReader>(data: &[u8], r: &R, out: &mut Vec<Located>) {
    let mut slice: &[u8] = data;
    let sink = |batch: Vec<Located>| -> Result<(), std::io::Error> {
        out.extend(batch);
        Ok(())
    };
    if detect::is_document(data) {
        let _ = read_document(&mut slice, r, DEFAULT_MAX_RECORD, sink);
    } else {
        let _ = read_lines(&mut slice, r, DEFAULT_MAX_RECORD, sink);
    }
}

/// CSV: the first byte picks the reader (posts with default columns, an
/// edge CSV, or a twarc-csv export), the rest is the file, read as
/// `analyze` reads it.
fn csv(data: &[u8], out: &mut Vec<Located>) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let mut slice: &[u8] = body;
    let reader: &mut dyn BufRead = &mut slice;
    let mut csv = csv::ReaderBuilder::new().from_reader(QuoteTracker::with_limit(reader, DEFAULT_MAX_RECORD));
    let Ok(header) = csv.headers().cloned() else {
        return;
    };
    match pick % 3 {
        0 => {
            if let Ok(r) = CsvReader::new(&header, &ColumnMap::default()) {
                rows(&mut csv, &r, out);
            }
        }
        1 => {
            if let Ok(r) = EdgeCsvReader::new(&header) {
                rows(&mut csv, &r, out);
            }
        }
        _ => {
            if let Ok(r) = TwarcCsvReader::new(&header) {
                rows(&mut csv, &r, out);
            }
        }
    }
}

fn rows<R: RowReader>(csv: &mut csv::Reader<QuoteTracker<&mut dyn BufRead>>, r: &R, out: &mut Vec<Located>) {
    let sink = |batch: Vec<Located>| -> Result<(), std::io::Error> {
        out.extend(batch);
        Ok(())
    };
    let _ = read_rows(csv, r, sink);
}
