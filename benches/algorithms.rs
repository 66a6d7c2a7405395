//! Criterion benches of each algorithm on seeded generated graphs of
//! growing size (throughput in links of the graph the algorithm sees).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dolgraph::analysis::betweenness::{BetweennessSettings, betweenness};
use dolgraph::analysis::communities::{LeidenSettings, detect};
use dolgraph::analysis::coreness::coreness;
use dolgraph::analysis::hits::{HitsSettings, hits};
use dolgraph::analysis::pagerank::{PageRankSettings, pagerank};
use dolgraph::graph::{GraphBuilder, InteractionGraph, KindWeights};
use dolgraph::ingest::Format;

/// A generated heavy-tailed graph of `edges` interactions among `accounts`.
fn graph(accounts: u64, edges: u64) -> InteractionGraph {
    let mut text = Vec::new();
    common::edge_list(&mut text, accounts, edges, 11).expect("in memory");
    let mut b = GraphBuilder::new(KindWeights::default(), None, None);
    for (_, r) in common::records(&text, Format::EdgeList) {
        b.add(r);
    }
    b.finish()
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

criterion_group!(benches, algorithms);
criterion_main!(benches);
