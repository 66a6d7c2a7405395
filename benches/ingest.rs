//! Criterion benches of reading: parsing X v2 pages and building the graph
//! from edge-list records, on seeded generated data, both through
//! `ingest::stream` as `analyze` reads. The algorithms have their own
//! bench (`benches/algorithms.rs`).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dolgraph::graph::{GraphBuilder, KindWeights};
use dolgraph::ingest::Format;

fn parse_x_v2(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_x_v2_page");
    let mut data = Vec::new();
    common::x_v2_pages(&mut data, 100, 25, 7).expect("in memory");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("100_tweets", |b| b.iter(|| common::records(&data, Format::XV2)));
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build_graph");
    g.sample_size(10);
    for edges in [10_000u64, 100_000, 1_000_000] {
        let mut text = Vec::new();
        common::edge_list(&mut text, edges / 10, edges, 3).expect("in memory");
        let recs = common::records(&text, Format::EdgeList);
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

criterion_group!(benches, parse_x_v2, build);
criterion_main!(benches);
