//! Criterion bench of one community picture: our layout of a generated
//! community (heavy-tailed links, as in the edge-list generator) plus the
//! SVG and its PNG, and the whole-graph positions for Gephi.

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dolgraph::report::pictures::input::{PictureAccount, PictureCommunity, PictureInput};
use dolgraph::report::pictures::{PictureSettings, community, graph_positions, png};

/// One community of `n` accounts with about three links each, popular
/// accounts linked more (common::Rng::popular).
fn community_input(n: u64) -> PictureInput {
    let mut rng = common::Rng::new(5);
    let mut links: Vec<(u32, u32, f64)> = (0..n * 3)
        .map(|_| (rng.below(n) as u32, rng.popular(n) as u32, 1.0 + rng.below(3) as f64))
        .filter(|(a, b, _)| a != b)
        .collect();
    links.sort_by_key(|&(a, b, _)| (a, b));
    let accounts = (0..n)
        .map(|i| PictureAccount {
            label: format!("account_{i}"),
            name: format!("Account {i}"),
            score: 1.0 / (i as f64 + 1.0),
            community: 0,
            lead: u32::MAX,
        })
        .collect();
    let communities = vec![PictureCommunity {
        size: n as usize,
        hashtags: vec!["rwe".into(), "oncology".into()],
        topic: String::new(),
    }];
    PictureInput { accounts, links, communities }
}

fn pictures(c: &mut Criterion) {
    let mut g = c.benchmark_group("community_picture");
    g.sample_size(10);
    for n in [1_000u64, 10_000] {
        let input = community_input(n);
        let s = PictureSettings { context_max: n as usize, ..PictureSettings::default() };
        g.throughput(Throughput::Elements(n));
        g.bench_with_input(BenchmarkId::new("layout_svg_png", n), &input, |b, input| {
            b.iter(|| {
                let index = community::Index::new(input, &[0]);
                png::render(&community::scene(input, 0, &index, &s).to_svg()).expect("png")
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("graph_positions");
    g.sample_size(10);
    let n = 100_000u64;
    let input = community_input(n);
    // Ten communities of 10k accounts by id range.
    let membership: Vec<u32> = (0..n).map(|a| (a / 10_000) as u32).collect();
    g.throughput(Throughput::Elements(n));
    g.bench_function(BenchmarkId::new("accounts", n), |b| {
        b.iter(|| graph_positions(&membership, input.links.iter().copied(), 1))
    });
    g.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
