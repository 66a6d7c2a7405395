//! Criterion benches of the hot paths: parsing X v2 pages, building the
//! graph, and each algorithm, on seeded generated data of growing size
//! (throughput in links of the graph the algorithm sees).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dolgraph::analysis::betweenness::{BetweennessSettings, betweenness};
use dolgraph::analysis::communities::{LeidenSettings, detect};
use dolgraph::analysis::coreness::coreness;
use dolgraph::analysis::hits::{HitsSettings, hits};
use dolgraph::analysis::pagerank::{PageRankSettings, pagerank};
use dolgraph::graph::{GraphBuilder, InteractionGraph, KindWeights};
use dolgraph::ingest::edgelist::EdgeListReader;
use dolgraph::ingest::twitter_v2::XV2Reader;
use dolgraph::ingest::{Located, UnitReader};

fn pages(posts: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    common::x_v2_pages(&mut buf, posts, posts / 4, 7).expect("in memory");
    buf
}

fn records(lines: &[u8], reader: &impl UnitReader) -> Vec<Located> {
    let mut out = Vec::new();
    for (i, line) in lines.split(|b| *b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        reader.read_unit(line, i as u64 + 1, &mut out);
    }
    out
}

fn graph(accounts: u64, edges: u64) -> InteractionGraph {
    let mut text = Vec::new();
    common::edge_list(&mut text, accounts, edges, 11).expect("in memory");
    let mut b = GraphBuilder::new(KindWeights::default(), None, None);
    for (_, r) in records(&text, &EdgeListReader) {
        b.add(r);
    }
    b.finish()
}

fn parse_x_v2(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_x_v2_page");
    let data = pages(100);
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("100_tweets", |b| b.iter(|| records(&data, &XV2Reader)));
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build_graph");
    g.sample_size(10);
    for edges in [10_000u64, 100_000, 1_000_000] {
        let mut text = Vec::new();
        common::edge_list(&mut text, edges / 10, edges, 3).expect("in memory");
        let recs = records(&text, &EdgeListReader);
        g.throughput(Throughput::Elements(edges));
        g.bench_with_input(BenchmarkId::from_parameter(edges), &recs, |b, recs| {
            b.iter(|| {
                let mut builder = GraphBuilder::new(KindWeights::default(), None, None);
                for (_, r) in recs.iter().cloned() {
                    builder.add(r);
                }
                builder.finish()
            })
        });
    }
    g.finish();
}

/// Benches `run` on generated graphs of `sizes` interactions (accounts a
/// tenth of that).
fn per_size(c: &mut Criterion, name: &str, sizes: &[u64], run: impl Fn(&InteractionGraph)) {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    for &edges in sizes {
        let graph = graph(edges / 10, edges);
        g.throughput(Throughput::Elements(graph.forward.edge_count() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(edges), &graph, |b, graph| b.iter(|| run(graph)));
    }
    g.finish();
}

fn algorithms(c: &mut Criterion) {
    let sizes = [10_000u64, 100_000, 1_000_000];
    per_size(c, "pagerank", &sizes, |g| drop(pagerank(g, &PageRankSettings::default())));
    per_size(c, "hits", &sizes, |g| drop(hits(g, &HitsSettings::default())));
    per_size(c, "coreness", &sizes, |g| drop(coreness(g)));
    per_size(c, "communities", &sizes, |g| drop(detect(g, &LeidenSettings::default())));
    let exact = BetweennessSettings { exact_max_accounts: usize::MAX, ..Default::default() };
    per_size(c, "betweenness_exact", &[10_000, 30_000], |g| drop(betweenness(g, &exact)));
    let sampled = BetweennessSettings { exact_max_accounts: 0, ..Default::default() };
    per_size(c, "betweenness_sampled", &sizes, |g| drop(betweenness(g, &sampled)));
}

criterion_group!(benches, parse_x_v2, build, algorithms);
criterion_main!(benches);
