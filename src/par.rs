//! Parallelism with reproducible results: the one place that picks block
//! sizes. Work is split into blocks of a fixed size (never derived from the
//! thread count) and float results are combined serially in block order, so
//! every output is bit-identical whatever `--threads` is.

use rayon::prelude::*;

/// The most worker threads a run accepts. Results do not depend on the
/// count, and past the cores more workers only add start-up and wake-up
/// cost: the sample took 0.66 s with 2 threads, 0.84 s with 256 and 5.0 s
/// with 1,000 (and 100,000 ran for minutes). 256 is the largest hardware
/// thread count of common two-socket servers.
pub const MAX_THREADS: usize = 256;

/// `--threads N`, for clap: 1 to [`MAX_THREADS`].
pub fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} threads: use 1 to {MAX_THREADS} (more workers than cores only slow a run down)")),
        Err(_) => Err(format!("'{s}' is not a number of threads (1 to {MAX_THREADS})")),
    }
}

/// Elements per block for parallel loops over accounts.
pub const BLOCK: usize = 4096;

/// Runs `f` on a pool of `threads` threads (all cores when `None`), built
/// for this call rather than the global pool, so tests can compare thread
/// counts in one process.
pub fn with_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, rayon::ThreadPoolBuildError> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n);
    }
    Ok(b.build()?.install(f))
}

/// Sum of `f(i)` for `i` in `0..n`: blocks summed in parallel, block sums
/// added in block order. Same bits at any thread count.
pub fn ordered_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    let blocks: Vec<f64> =
        (0..n.div_ceil(BLOCK)).into_par_iter().map(|b| (b * BLOCK..((b + 1) * BLOCK).min(n)).map(&f).sum()).collect();
    blocks.into_iter().sum()
}

/// Fills `out[i] = f(i)` in parallel blocks.
pub fn fill(out: &mut [f64], f: impl Fn(usize) -> f64 + Sync) {
    out.par_chunks_mut(BLOCK).enumerate().for_each(|(b, chunk)| {
        for (j, x) in chunk.iter_mut().enumerate() {
            *x = f(b * BLOCK + j);
        }
    });
}

/// [`rows`] builds its result in about this many waves.
pub const WAVES: usize = 16;

/// Rows per block of [`rows`]: smaller than [`BLOCK`], so that a wave of a
/// sixteenth of the links still has blocks for every thread (an aggregate
/// of 29,000 groups is 7 blocks of [`BLOCK`]).
pub const ROW_BLOCK: usize = 256;

/// Weighted adjacency rows `0..n` as (offsets, targets, weights): `row(s,
/// u, targets, weights)` pushes row u's links, at most `bound(u)` of them,
/// with `s` a scratch of the worker thread's own (made by `init`; `row`
/// must not run parallel work itself, or its thread could take another
/// block and wait for its own scratch). Blocks of [`ROW_BLOCK`] rows run
/// in parallel, a wave of blocks at a time, appended in row order, so the
/// result does not depend on the thread count (a wave's size does, a
/// little: at least two blocks a thread).
///
/// Waves, because holding every block's rows and the whole result at once
/// doubled the memory peak of the networks built this way, the undirected
/// projection and Leiden's aggregates (10M-interaction graph: about 230 MB
/// each). A wave holds about 1/[`WAVES`] of the bound, however few rows
/// hold it (an aggregate of 75,000 groups still has 15M links). The
/// result and each block are reserved to their bound, so nothing regrows;
/// the result is shrunk to fit at the end (pages of the reservation past
/// the total are never written).
pub fn rows<S: Send>(
    n: usize,
    bound: impl Fn(usize) -> usize,
    init: impl Fn() -> S,
    row: impl Fn(&mut S, usize, &mut Vec<u32>, &mut Vec<f64>) + Sync,
) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
    let block_rows = |b: usize| b * ROW_BLOCK..((b + 1) * ROW_BLOCK).min(n);
    let block_bound: Vec<usize> = (0..n.div_ceil(ROW_BLOCK)).map(|b| block_rows(b).map(&bound).sum()).collect();
    let total: usize = block_bound.iter().sum();
    let threads = rayon::current_num_threads();
    let scratch: Vec<std::sync::Mutex<S>> = (0..threads).map(|_| std::sync::Mutex::new(init())).collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut targets = Vec::with_capacity(total);
    let mut weights = Vec::with_capacity(total);
    let mut first = 0;
    while first < block_bound.len() {
        let mut end = first;
        let mut held = 0;
        while end < block_bound.len() && (end < first + 2 * threads || held + block_bound[end] <= total.div_ceil(WAVES))
        {
            held += block_bound[end];
            end += 1;
        }
        let done: Vec<(Vec<usize>, Vec<u32>, Vec<f64>)> = (first..end)
            .into_par_iter()
            .map(|b| {
                let slot = rayon::current_thread_index().unwrap_or(0) % scratch.len();
                let mut s = scratch[slot].lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let mut ends = Vec::with_capacity(ROW_BLOCK);
                let (mut ts, mut ws) = (Vec::with_capacity(block_bound[b]), Vec::with_capacity(block_bound[b]));
                for u in block_rows(b) {
                    row(&mut s, u, &mut ts, &mut ws);
                    ends.push(ts.len());
                }
                (ends, ts, ws)
            })
            .collect();
        for (ends, ts, ws) in done {
            let base = targets.len();
            offsets.extend(ends.into_iter().map(|e| base + e));
            targets.extend(ts);
            weights.extend(ws);
        }
        first = end;
    }
    targets.shrink_to_fit();
    weights.shrink_to_fit();
    (offsets, targets, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_sum_is_the_same_bits_at_any_thread_count() {
        let f = |i: usize| 1.0 / (i as f64 + 1.0).powf(1.3);
        let one = with_pool(Some(1), || ordered_sum(100_000, f)).expect("pool");
        let four = with_pool(Some(4), || ordered_sum(100_000, f)).expect("pool");
        assert_eq!(one.to_bits(), four.to_bits());
    }

    #[test]
    fn rows_are_appended_in_order_across_blocks_and_waves() {
        // Row u links to u+1 and u+2 (those below n), weight u: enough rows
        // for several waves, and rows of varying length.
        let n = ROW_BLOCK * WAVES * 8 + 7;
        let build = || {
            rows(
                n,
                |_| 2,
                || (),
                |_, u, t, w| {
                    for v in [u + 1, u + 2].into_iter().filter(|&v| v < n) {
                        t.push(v as u32);
                        w.push(u as f64);
                    }
                },
            )
        };
        let (offsets, targets, weights) = with_pool(Some(3), build).expect("pool");
        assert_eq!(offsets.len(), n + 1);
        assert_eq!(targets.len(), 2 * n - 3);
        assert_eq!(&targets[offsets[n - 2]..offsets[n - 1]], &[(n - 1) as u32]);
        for u in [0, ROW_BLOCK - 1, ROW_BLOCK, ROW_BLOCK * WAVES, n - 3] {
            assert_eq!(&targets[offsets[u]..offsets[u + 1]], &[u as u32 + 1, u as u32 + 2], "row {u}");
            assert_eq!(&weights[offsets[u]..offsets[u + 1]], &[u as f64; 2]);
        }
        assert_eq!(with_pool(Some(1), build).expect("pool"), (offsets, targets, weights));
    }
}
