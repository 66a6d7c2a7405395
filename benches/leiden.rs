//! Leiden timings for the notes, not a check (no assertion on time): on
//! SNAP-style edge lists (plain or .gz), on 1 and 2 threads, with the
//! modularity reached. Inputs: `LEIDEN_TIMING_INPUTS` (comma-separated
//! paths), by default the Higgs activity file of ../shared and, when
//! present, /tmp/gen1m.txt from
//! `cargo run --release --example generate -- edges 100000 1000000 1 /tmp/gen1m.txt`.
//!
//! `cargo bench --bench leiden` (a program, not a criterion bench: one run
//! per setting takes seconds to minutes). It was an ignored test until
//! CI came to run ignored tests: timings belong with the benches.
//! `LEIDEN_TIMING_RUNS` sets the runs to convergence per thread count
//! (default 3; 0 for none); `LEIDEN_CAPS`, `LEIDEN_CAP_THREADS` and
//! `LEIDEN_SEEDS` are described where they are read.

mod common;

use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use dolgraph::analysis::communities::{self, LeidenSettings};
use dolgraph::graph::{GraphBuilder, KindWeights};
use dolgraph::ingest::Format;
use dolgraph::par::with_pool;

fn main() {
    let inputs: Vec<PathBuf> = match std::env::var("LEIDEN_TIMING_INPUTS") {
        Ok(v) => v.split(',').map(Into::into).collect(),
        Err(_) => Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/snap-higgs-twitter"))
            .filter(|d| d.exists())
            .map(|d| d.join("higgs-activity_time.txt.gz"))
            .into_iter()
            .chain(Some(PathBuf::from("/tmp/gen1m.txt")).filter(|p| p.exists()))
            .collect(),
    };
    for path in inputs {
        let file = std::fs::File::open(&path).expect("open input");
        let mut reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(std::io::BufReader::new(file))
        };
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        common::each_record(&mut reader, Format::EdgeList, |(_, r)| {
            b.add(r);
        });
        let g = b.finish();
        let t = Instant::now();
        let p = g.undirected();
        let project_s = t.elapsed().as_secs_f64();
        eprintln!(
            "{}: {} accounts, {} directed links, {} undirected pairs; projection {project_s:.3} s",
            path.display(),
            g.node_count(),
            g.forward.edge_count(),
            p.edge_count() / 2
        );
        let s = LeidenSettings::default();
        // Quality against the iteration cap (on LEIDEN_CAP_THREADS threads,
        // default 1); LEIDEN_CAPS lists other caps (comma-separated; empty
        // for none), e.g. `1` to profile the first iteration alone.
        let caps: Vec<u32> = match std::env::var("LEIDEN_CAPS") {
            Ok(v) => v.split(',').filter_map(|c| c.trim().parse().ok()).collect(),
            Err(_) => vec![1, 2, 3, 5, 10, 20],
        };
        let cap_threads: usize = std::env::var("LEIDEN_CAP_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(1);
        for cap in caps {
            let t = Instant::now();
            let capped = LeidenSettings { max_iterations: cap, ..s };
            let c = with_pool(Some(cap_threads), || communities::detect_projected(&p, &capped)).expect("pool");
            eprintln!(
                "  max_iterations {cap}: {:.3} s, modularity {:.6}, {} communities, converged {}",
                t.elapsed().as_secs_f64(),
                c.modularity,
                c.count,
                c.converged
            );
        }
        // Quality against the seed (1 thread, to convergence): LEIDEN_SEEDS
        // lists seeds (comma-separated; none by default).
        let seeds: Vec<u64> = std::env::var("LEIDEN_SEEDS")
            .map(|v| v.split(',').filter_map(|c| c.trim().parse().ok()).collect())
            .unwrap_or_default();
        for seed in seeds {
            let c =
                with_pool(Some(1), || communities::detect_projected(&p, &LeidenSettings { seed, ..s })).expect("pool");
            eprintln!("  seed {seed}: modularity {:.6}, {} iterations", c.modularity, c.iterations);
        }
        let runs: usize = std::env::var("LEIDEN_TIMING_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
        let mut results = Vec::new();
        for threads in [1, 2] {
            for run in 0..runs {
                let t = Instant::now();
                let c = with_pool(Some(threads), || communities::detect_projected(&p, &s)).expect("pool");
                let secs = t.elapsed().as_secs_f64();
                eprintln!(
                    "  to convergence, {threads} thread(s), run {run}: {secs:.3} s, modularity {:.6}, {} communities \
                     (largest {:?}), {} iterations, converged {}",
                    c.modularity,
                    c.count,
                    &c.sizes[..c.sizes.len().min(3)],
                    c.iterations,
                    c.converged
                );
                results.push(c);
            }
        }
        assert!(results.windows(2).all(|w| w[0] == w[1]), "same result at 1 and 2 threads");
    }
}
