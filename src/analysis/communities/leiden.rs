//! The Leiden algorithm (Traag, Waltman and van Eck 2019, "From Louvain to
//! Leiden: guaranteeing well-connected communities", Scientific Reports
//! 9:5233), maximising modularity with a resolution parameter. The steps
//! follow the authors' reference implementation (CWTS `networkanalysis`,
//! `LeidenAlgorithm`, `FastLocalMovingAlgorithm`, `LocalMergingAlgorithm`),
//! which leidenalg also follows:
//!
//! 1. **Fast local moving**: nodes are visited from a queue, first in a
//!    random order; a node moves to the neighbouring community (or an empty
//!    one) with the largest gain, if strictly larger than staying, and its
//!    neighbours outside that community go back on the queue. Ends when
//!    the queue is empty.
//! 2. **Refinement**: within each community, nodes start as singletons and
//!    are visited once in a random order; a singleton that is well
//!    connected to its community joins a well-connected refined
//!    sub-community it links to, chosen at random with probability
//!    proportional to exp(gain / 0.01) over the gains >= 0 (the paper's
//!    randomness θ = 0.01). Refined sub-communities are therefore connected.
//! 3. **Aggregation** on the refined partition, with the aggregate's
//!    initial partition taken from the non-refined one; back to 1 on the
//!    aggregate, until local moving leaves every node on its own. When the
//!    refinement merges nothing (rare) the aggregate is built on the
//!    non-refined partition instead, as leidenalg does, so every level
//!    shrinks the network.
//!
//! One iteration is 1-3 down to the last level; iterations repeat from the
//! partition found until one moves no node at any level (or
//! `max_iterations`). [`connected_parts`] then checks connectivity.
//!
//! Gains are those of CWTS with node weight = strength: moving node v into
//! community C gains w(v, C) - k_v K_C γ / 2m (modularity times m), where
//! w(v, C) is the link weight between v and C, k_v the strength of v, K_C
//! the total strength of C and 2m the total strength of the graph.
//!
//! Determinism: every random choice comes from the crate's SplitMix64
//! generator derived from `(seed, stage, index)` (see [`Rng::derive`];
//! visiting orders by [`Rng::permutation`]): the local
//! moving of (iteration, level), the refinement of (iteration, level,
//! community). Local moving runs in batches of a size set by the network
//! (see [`fast_local_move`]), each batch's nodes deciding in parallel; the
//! refinement of each community and the aggregation of each block of
//! communities run in parallel, each on its own data with results written
//! to fixed places, and float sums
//! always run in a fixed order (members by id, then each member's links in
//! row order). The result is therefore the same bits at any thread count.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::graph::{Csr, group_by_label};
use crate::par;
use crate::rng::Rng;

/// The paper's and CWTS's randomness θ of the refinement.
const THETA: f64 = 0.01;

const STAGE_LOCAL_MOVE: u64 = 1;
const STAGE_REFINE: u64 = 2;

/// A weighted undirected network at one level of aggregation: a symmetric
/// CSR without self-loops or zero weights (rows in a fixed order, sorted
/// at the base level only), and each node's weight (its strength in the
/// original graph; for an aggregate node the sum over its members, so
/// internal links count although they are not stored). The base network
/// borrows the projection's arrays when they hold no link to leave out:
/// on the 10M-interaction graph a copy was 250 MB held through the whole
/// detection, at its memory peak.
pub(super) struct Net<'a> {
    offsets: Cow<'a, [usize]>,
    targets: Cow<'a, [u32]>,
    weights: Cow<'a, [f64]>,
    node_weight: Vec<f64>,
}

impl<'a> Net<'a> {
    /// The network of a symmetric CSR (the undirected projection). Links
    /// with weight 0 (a kind weighted 0) are left out: they change no gain.
    /// Self-loops, which the projection has not, would be kept in the node
    /// weight (twice, as strength counts them) but not as links.
    pub(super) fn from_csr(g: &'a Csr) -> Net<'a> {
        let n = g.node_count();
        let (offsets, targets, weights) = g.raw();
        let mut node_weight = vec![0.0; n];
        let mut clean = true;
        for (u, nw) in node_weight.iter_mut().enumerate() {
            let r = offsets[u]..offsets[u + 1];
            for (&v, &w) in targets[r.clone()].iter().zip(&weights[r]) {
                if v as usize == u {
                    *nw += 2.0 * w;
                    clean = false;
                } else if w > 0.0 {
                    *nw += w;
                } else {
                    clean = false;
                }
            }
        }
        if clean {
            return Net {
                offsets: Cow::Borrowed(offsets),
                targets: Cow::Borrowed(targets),
                weights: Cow::Borrowed(weights),
                node_weight,
            };
        }
        let mut kept_offsets = Vec::with_capacity(n + 1);
        kept_offsets.push(0);
        let mut kept_targets = Vec::with_capacity(targets.len());
        let mut kept_weights = Vec::with_capacity(targets.len());
        for u in 0..n {
            for (v, w) in g.neighbours(u) {
                if v as usize != u && w > 0.0 {
                    kept_targets.push(v);
                    kept_weights.push(w);
                }
            }
            kept_offsets.push(kept_targets.len());
        }
        Net {
            offsets: Cow::Owned(kept_offsets),
            targets: Cow::Owned(kept_targets),
            weights: Cow::Owned(kept_weights),
            node_weight,
        }
    }

    fn len(&self) -> usize {
        self.node_weight.len()
    }

    fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// The links in the rows of `nodes`: a bound on what a pass over
    /// them keeps.
    fn links_of(&self, nodes: &[u32]) -> usize {
        nodes.iter().map(|&v| self.degree(v as usize)).sum()
    }

    fn row(&self, u: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[u]..self.offsets[u + 1];
        (&self.targets[r.clone()], &self.weights[r])
    }

    pub(super) fn is_isolated(&self, u: usize) -> bool {
        self.offsets[u] == self.offsets[u + 1]
    }

    /// Total node weight (2m), summed in node order.
    pub(super) fn total_weight(&self) -> f64 {
        self.node_weight.iter().fold(0.0, |a, w| a + w)
    }
}

/// What a Leiden run found: a label per node (not yet in display order).
pub(super) struct Outcome {
    pub membership: Vec<u32>,
    pub iterations: u32,
    pub converged: bool,
}

/// Runs Leiden on `net` from the singleton partition. `resolution` is γ;
/// gains use γ / 2m. A network without links gives singletons at once.
/// Stops when an iteration changes nothing, or raises the modularity of
/// the partition by less than `min_gain`, or after `max_iterations`.
pub(super) fn leiden(net: &Net, resolution: f64, seed: u64, max_iterations: u32, min_gain: f64) -> Outcome {
    let n = net.len();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let total = net.total_weight();
    if net.targets.is_empty() || total <= 0.0 {
        return Outcome { membership, iterations: 0, converged: true };
    }
    let res = resolution / total;
    let mut iterations = 0;
    let mut converged = false;
    let mut last = f64::NEG_INFINITY;
    while iterations < max_iterations {
        let (changed, q) = one_iteration(net, &mut membership, res, seed, iterations);
        iterations += 1;
        if !changed {
            converged = true;
            break;
        }
        let gain = q - last;
        last = q;
        if gain < min_gain {
            converged = true;
            break;
        }
    }
    Outcome { membership, iterations, converged }
}

/// One Leiden iteration from `membership` (updated in place); whether
/// local moving moved any node at any level, and the modularity of the
/// partition found.
fn one_iteration(base: &Net, membership: &mut [u32], res: f64, seed: u64, iteration: u32) -> (bool, f64) {
    let (mut part, _) = renumber(membership);
    // Level node of each base node.
    let mut level_of: Vec<u32> = (0..base.len() as u32).collect();
    let mut aggregate: Option<Net<'static>> = None;
    let mut changed = false;
    let mut quality = 0.0;
    for level in 0u64.. {
        let net = aggregate.as_ref().unwrap_or(base);
        let mut rng = Rng::derive(seed, STAGE_LOCAL_MOVE, &[iteration as u64, level]);
        changed |= fast_local_move(net, &mut part, res, &mut rng);
        let (p, k) = renumber(&part);
        part = p;
        if k == net.len() {
            quality = level_quality(net, res);
            break;
        }
        let (refined, rk) = refine(net, &part, k, res, seed, &[iteration as u64, level]);
        let (by, bk, init) = if rk < net.len() {
            let mut init = vec![0u32; rk];
            for (v, &r) in refined.iter().enumerate() {
                init[r as usize] = part[v];
            }
            (refined, rk, init)
        } else {
            // The refinement merged nothing: aggregate the communities
            // themselves (leidenalg's rule), so the network still shrinks.
            let init = (0..k as u32).collect();
            (part, k, init)
        };
        for x in level_of.iter_mut() {
            *x = by[*x as usize];
        }
        // A level that still holds most of the base's links (a network
        // with little community structure: on the 10M-interaction graph
        // the first three aggregates keep 18.5M, 15.7M and 11.4M of its
        // 20M) is dropped before the next is built, which is then summed
        // from the base network instead: the peak is the base and one
        // level, not the base and two large ones (a whole `analyze` there
        // peaked at 1471 MiB inside Leiden, now at about 1325). The sums
        // of base links come in another order, so such networks get other
        // rows and partitions (there: Q 0.19524 in 12 iterations against
        // 0.19526 in 11); the others keep theirs (Higgs, the sample).
        let next = if 2 * net.targets.len() > base.targets.len() {
            // (At level 0 there is none; what the level's moves and
            // refinement freed goes back too.)
            drop(aggregate.take());
            crate::memory::give_back();
            aggregate_net(base, &level_of, bk)
        } else {
            aggregate_net(net, &by, bk)
        };
        part = init;
        aggregate = Some(next);
    }
    for (m, &l) in membership.iter_mut().zip(&level_of) {
        *m = part[l as usize];
    }
    (changed, quality)
}

/// The modularity of the partition whose communities are the nodes of
/// `net` (the last level of an iteration, where local moving left every
/// node alone), with `res` = γ / 2m. Each node's weight K is its
/// members' strength; the links it stores are those leaving it (an
/// aggregate keeps no link inside a node), so twice its inside weight is
/// K minus their sum. This level has a few thousand nodes where the base
/// graph has millions of links: measuring modularity on the base graph
/// after each iteration was 4% of Leiden on the 10M-interaction graph and
/// 12% on Higgs. The sums run in node order (same bits at any thread
/// count); they agree with [`super::modularity`] to rounding.
fn level_quality(net: &Net, res: f64) -> f64 {
    let total = net.total_weight();
    (0..net.len()).fold(0.0, |q, v| {
        let k = net.node_weight[v];
        let leaving = net.row(v).1.iter().fold(0.0, |a, w| a + w);
        q + (k - leaving) / total - res * k * k / total
    })
}

/// Relabels to `0..k` in order of first appearance by node id.
fn renumber(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; labels.len()];
    let mut k = 0u32;
    let out = labels
        .iter()
        .map(|&c| {
            let m = &mut map[c as usize];
            if *m == u32::MAX {
                *m = k;
                k += 1;
            }
            *m
        })
        .collect();
    (out, k as usize)
}

/// Nodes per batch of local moving on a network of `n` nodes: a fixed
/// function of `n`, never of the thread count. Nodes of a batch decide
/// against the same labels, so two neighbours in one batch do not see each
/// other's move; a batch of b random nodes of n, each with d links, holds
/// about b²d/2n such pairs, a handful at these sizes (1M nodes: 1024; an
/// aggregate of 20,000: 78). Below 512 nodes a batch is one node, which is
/// CWTS's serial algorithm.
fn batch_size(n: usize) -> usize {
    (n / 256).clamp(1, 1024)
}

/// Nodes per parallel task of a batch.
const TASK: usize = 32;

/// A node's best move, decided against the labels at its batch's start:
/// the cluster (or [`TO_EMPTY`]) and the link weights from the node to it
/// and to its own cluster.
#[derive(Clone, Copy, Default)]
struct Choice {
    to: u32,
    w_to: f64,
    w_stay: f64,
}

/// A move to an empty cluster (which one is known only when it is made).
const TO_EMPTY: u32 = u32::MAX;

/// A worker's buffers of local moving: the link weight from the node
/// visited to each cluster (0 for a cluster not seen from it: links weigh
/// more than 0, see `Net`) and the clusters seen.
struct MoveScratch {
    link_weight: Vec<f64>,
    found: Vec<u32>,
}

/// CWTS's fast local moving, in batches. `part` holds labels below
/// `net.len()`; returns whether any node moved.
///
/// Nodes are taken from the queue a batch at a time ([`batch_size`]).
/// Each node of the batch decides its move against the labels as they
/// stood when the batch began, in parallel ([`decide`]); the moves are then
/// made one by one in queue order, each checked again against the cluster
/// weights as they are at that point, so that every move made raises the
/// quality, as in the serial algorithm (which is why it ends). A node with
/// a neighbour moved earlier in its batch (the rare case) has stale link
/// weights: it does not move and goes back on the queue. Last, the
/// neighbours of the nodes that moved go back on the queue, in the order of
/// those nodes and their links.
/// Every step is a function of the batch, not of the threads, so the
/// result is the same at any thread count.
fn fast_local_move(net: &Net, part: &mut [u32], res: f64, rng: &mut Rng) -> bool {
    let n = net.len();
    let mut cluster_weight = vec![0.0f64; n];
    let mut cluster_size = vec![0u32; n];
    for v in 0..n {
        cluster_weight[part[v] as usize] += net.node_weight[v];
        cluster_size[part[v] as usize] += 1;
    }
    // Empty clusters, smallest id on top.
    let mut unused: Vec<u32> = (0..n as u32).rev().filter(|&c| cluster_size[c as usize] == 0).collect();
    let mut queue = Queue { ring: rng.permutation(n), head: 0, len: n, queued: vec![true; n] };
    let max_degree = (0..n).map(|v| net.degree(v)).max().unwrap_or(0);
    let scratch = || MoveScratch { link_weight: vec![0.0; n], found: vec![0; max_degree] };
    let pool: std::sync::Mutex<Vec<MoveScratch>> = std::sync::Mutex::new(Vec::new());
    let with_scratch = |f: &mut dyn FnMut(&mut MoveScratch)| {
        let taken = pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
        let mut s = taken.unwrap_or_else(scratch);
        f(&mut s);
        pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(s);
    };
    let batch_len = batch_size(n);
    let mut batch: Vec<u32> = Vec::with_capacity(batch_len);
    let mut choices: Vec<Choice> = Vec::with_capacity(batch_len);
    let mut movers: Vec<u32> = Vec::with_capacity(batch_len);
    // The batch that last moved a neighbour of each node.
    let mut touched = vec![0u32; n];
    let mut stamp = 0u32;
    let mut changed = false;
    while queue.len > 0 {
        batch.clear();
        while batch.len() < batch_len
            && let Some(v) = queue.pop()
        {
            batch.push(v);
        }
        choices.clear();
        choices.resize(batch.len(), Choice::default());
        {
            let (part, cluster_weight) = (&*part, &cluster_weight[..]);
            let decide_all = |vs: &[u32], out: &mut [Choice]| {
                with_scratch(&mut |s| {
                    for (i, (&v, o)) in vs.iter().zip(out.iter_mut()).enumerate() {
                        prefetch_node(net, part, cluster_weight, vs.get(i + 1), vs.get(i + 2));
                        *o = decide(net, part, cluster_weight, res, v as usize, s);
                    }
                })
            };
            if batch.len() <= TASK {
                decide_all(&batch, &mut choices);
            } else {
                batch.par_chunks(TASK).zip(choices.par_chunks_mut(TASK)).for_each(|(vs, out)| decide_all(vs, out));
            }
        }
        movers.clear();
        if stamp == u32::MAX {
            touched.fill(0);
            stamp = 0;
        }
        stamp += 1;
        for (&v, ch) in batch.iter().zip(&choices) {
            let v = v as usize;
            let current = part[v] as usize;
            if ch.to as usize == current {
                continue;
            }
            if touched[v] == stamp {
                // A neighbour moved in this batch: the link weights read are
                // stale. Decided again in a later batch.
                queue.push(v as u32);
                continue;
            }
            let kv = net.node_weight[v];
            let stay = ch.w_stay - kv * (cluster_weight[current] - kv) * res;
            let (to, gain) = if ch.to == TO_EMPTY {
                if cluster_size[current] == 1 {
                    continue; // alone: its own cluster is the empty one
                }
                (*unused.last().expect("invariant: a cluster is free"), 0.0)
            } else {
                (ch.to, ch.w_to - kv * cluster_weight[ch.to as usize] * res)
            };
            if gain <= stay {
                continue;
            }
            if cluster_size[to as usize] == 0 {
                unused.pop();
            }
            cluster_weight[current] -= kv;
            cluster_size[current] -= 1;
            if cluster_size[current] == 0 {
                unused.push(current as u32);
            }
            cluster_weight[to as usize] += kv;
            cluster_size[to as usize] += 1;
            part[v] = to;
            movers.push(v as u32);
            for &u in net.row(v).0 {
                touched[u as usize] = stamp;
            }
        }
        if movers.is_empty() {
            continue;
        }
        changed = true;
        // Neighbours of the nodes moved that are neither queued nor in the
        // cluster their neighbour joined, found in parallel, queued in order
        // (once each).
        let back: Vec<Vec<u32>> = {
            let (part, in_queue) = (&*part, &queue.queued[..]);
            let gather = |vs: &[u32]| {
                let mut out = Vec::new();
                for &v in vs {
                    let to = part[v as usize];
                    for &u in net.row(v as usize).0 {
                        if !in_queue[u as usize] && part[u as usize] != to {
                            out.push(u);
                        }
                    }
                }
                out
            };
            if movers.len() <= TASK { vec![gather(&movers)] } else { movers.par_chunks(TASK).map(gather).collect() }
        };
        for u in back.into_iter().flatten() {
            queue.push(u);
        }
    }
    changed
}

/// Local moving's queue: a ring of n places, as a node is in it at most
/// once (`queued` says whether it is).
struct Queue {
    ring: Vec<u32>,
    head: usize,
    len: usize,
    queued: Vec<bool>,
}

impl Queue {
    fn pop(&mut self) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let v = self.ring[self.head];
        self.head = if self.head + 1 == self.ring.len() { 0 } else { self.head + 1 };
        self.len -= 1;
        self.queued[v as usize] = false;
        Some(v)
    }

    /// Appends `v` unless it is queued already.
    fn push(&mut self, v: u32) {
        if !self.queued[v as usize] {
            self.queued[v as usize] = true;
            let tail = self.head + self.len;
            let n = self.ring.len();
            self.ring[if tail >= n { tail - n } else { tail }] = v;
            self.len += 1;
        }
    }
}

/// Asks for what deciding the next nodes will read first: `next`'s row and
/// its cluster's weight, and the label and row start of `after`.
#[inline(always)]
fn prefetch_node(net: &Net, part: &[u32], cluster_weight: &[f64], next: Option<&u32>, after: Option<&u32>) {
    if let Some(&a) = after {
        prefetch(&part[a as usize]);
        prefetch(&net.offsets[a as usize]);
        prefetch(&net.node_weight[a as usize]);
    }
    if let Some(&v) = next {
        let start = net.offsets[v as usize];
        if start < net.targets.len() {
            prefetch(&net.targets[start]);
            prefetch(&net.weights[start]);
        }
        prefetch(&cluster_weight[part[v as usize] as usize]);
    }
}

/// The best move of node `v` against `part` and `cluster_weight` (which
/// still count `v` in its own cluster): CWTS's gain w(v, C) - k_v K_C γ/2m,
/// with candidates in CWTS's order (an empty cluster, then the clusters of
/// `v`'s links in the order their first link appears), a candidate taken
/// only when strictly better than the best so far, staying first.
fn decide(net: &Net, part: &[u32], cluster_weight: &[f64], res: f64, v: usize, s: &mut MoveScratch) -> Choice {
    let current = part[v] as usize;
    let kv = net.node_weight[v];
    let (ts, ws) = net.row(v);
    // Branch-free over the links: a branch on what a random read found (a
    // cluster seen or not) is mispredicted often enough to stall the reads
    // of the next links, and these reads are the time of the whole phase
    // (the first iteration on the 10M-interaction graph took 1.8x less time
    // with branch-free loops and prefetches).
    let mut found = 0;
    for (i, (&u, &w)) in ts.iter().zip(ws).enumerate() {
        // Two reads ahead: the label of a link 16 places on, the link
        // weight of the label read for the link 8 places on.
        if let Some(&a) = ts.get(i + 16) {
            prefetch(&part[a as usize]);
        }
        if let Some(&a) = ts.get(i + 8) {
            prefetch(&s.link_weight[part[a as usize] as usize]);
        }
        let c = part[u as usize];
        let lw = &mut s.link_weight[c as usize];
        s.found[found] = c;
        found += usize::from(*lw == 0.0);
        *lw += w;
    }
    let weight_without = |c: usize| if c == current { cluster_weight[c] - kv } else { cluster_weight[c] };
    let w_stay = s.link_weight[current];
    let mut best = Choice { to: current as u32, w_to: w_stay, w_stay };
    let mut best_gain = w_stay - kv * weight_without(current) * res;
    if 0.0 > best_gain {
        best = Choice { to: TO_EMPTY, w_to: 0.0, w_stay };
        best_gain = 0.0;
    }
    for &c in &s.found[..found] {
        let lw = &mut s.link_weight[c as usize];
        let gain = *lw - kv * weight_without(c as usize) * res;
        if gain > best_gain {
            best = Choice { to: c, w_to: *lw, w_stay };
            best_gain = gain;
        }
        *lw = 0.0;
    }
    best
}

/// A hint to the processor to bring `x` into the cache (no effect on what
/// the program computes).
#[inline(always)]
fn prefetch<T>(x: &T) {
    // SAFETY: a prefetch reads and writes nothing the program sees (any
    // address is allowed, and this one is a live reference), and SSE, the
    // feature it needs, is part of every x86_64 processor.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Splits `data` into consecutive mutable pieces at `start`.
fn split_at_starts<'a, T>(mut data: &'a mut [T], start: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(start.len().saturating_sub(1));
    for w in start.windows(2) {
        let (head, tail) = std::mem::take(&mut data).split_at_mut(w[1] - w[0]);
        out.push(head);
        data = tail;
    }
    out
}

/// Per-thread buffers of the refinement, reset after each community.
#[derive(Default)]
struct MergeScratch {
    /// The community's own links, in local indices: a small CSR.
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    cluster: Vec<u32>,
    cluster_weight: Vec<f64>,
    external: Vec<f64>,
    singleton: Vec<bool>,
    edge_weight_to: Vec<f64>,
    touched: Vec<bool>,
    neighbours: Vec<u32>,
    cumulative: Vec<f64>,
    first: Vec<u32>,
}

/// The refinement: each community of `part` (k of them) split into
/// connected sub-communities by CWTS's local merging, communities in
/// parallel. Returns a refined label per node (numbered by community,
/// then by first member) and their count.
fn refine(net: &Net, part: &[u32], k: usize, res: f64, seed: u64, at: &[u64]) -> (Vec<u32>, usize) {
    let n = net.len();
    let (start, members) = group_by_label(part, k);
    // Each node's community (high half) and position within the
    // community's member list (low half), one read per link.
    let mut slot = vec![0u64; n];
    for c in 0..k {
        for (i, &v) in members[start[c]..start[c + 1]].iter().enumerate() {
            slot[v as usize] = (c as u64) << 32 | i as u64;
        }
    }
    let mut local = vec![0u32; n];
    let mut counts = vec![0u32; k];
    split_at_starts(&mut local, &start).into_par_iter().zip(counts.par_iter_mut()).enumerate().for_each_init(
        MergeScratch::default,
        |s, (c, (out, count))| {
            let m = &members[start[c]..start[c + 1]];
            *count = merge_community(net, &slot, c as u32, m, res, seed, at, s, out);
        },
    );
    let mut refined = vec![0u32; n];
    let mut base = 0u32;
    for c in 0..k {
        for (i, &v) in members[start[c]..start[c + 1]].iter().enumerate() {
            refined[v as usize] = base + local[start[c] + i];
        }
        base += counts[c];
    }
    (refined, base as usize)
}

/// CWTS's local merging inside one community `c` with members `m`
/// (`slot`: every node's community and place among its members, as
/// [`refine`] packs them); writes each member's refined label (0..count,
/// by first member) to `out` and returns the count.
#[allow(clippy::too_many_arguments)]
fn merge_community(
    net: &Net,
    slot: &[u64],
    c: u32,
    m: &[u32],
    res: f64,
    seed: u64,
    at: &[u64],
    s: &mut MergeScratch,
    out: &mut [u32],
) -> u32 {
    let size = m.len();
    if size == 1 {
        out[0] = 0;
        return 1;
    }
    // The links inside the community, once, in local indices; a member's
    // external weight starts as the sum of its links there.
    s.offsets.clear();
    s.targets.clear();
    s.weights.clear();
    s.external.clear();
    s.offsets.push(0);
    // Branch-free, as in local moving: every link is written, and the
    // count moves on past it only when it is inside (its weight added to
    // the positive sum as 0 otherwise, which leaves the sum's bits).
    let most = net.links_of(m);
    s.targets.resize(most, 0);
    s.weights.resize(most, 0.0);
    let mut kept = 0;
    for &v in m {
        let (ts, ws) = net.row(v as usize);
        let mut e = 0.0;
        for (&u, &w) in ts.iter().zip(ws) {
            let place = slot[u as usize];
            let inside = (place >> 32) as u32 == c;
            s.targets[kept] = place as u32;
            s.weights[kept] = w;
            kept += usize::from(inside);
            e += if inside { w } else { 0.0 };
        }
        s.external.push(e);
        s.offsets.push(kept);
    }
    s.targets.truncate(kept);
    s.weights.truncate(kept);
    s.cluster.clear();
    s.cluster.extend(0..size as u32);
    s.cluster_weight.clear();
    s.cluster_weight.extend(m.iter().map(|&v| net.node_weight[v as usize]));
    s.singleton.clear();
    s.singleton.resize(size, true);
    s.edge_weight_to.clear();
    s.edge_weight_to.resize(size, 0.0);
    s.touched.clear();
    s.touched.resize(size, false);
    let total = s.cluster_weight.iter().fold(0.0, |a, w| a + w);
    let mut index = at.to_vec();
    index.push(c as u64);
    let mut rng = Rng::derive(seed, STAGE_REFINE, &index);
    for j in rng.permutation(size) {
        let j = j as usize;
        let kj = net.node_weight[m[j] as usize];
        // Only singletons that are well connected to their community move.
        if !s.singleton[j] || s.external[j] < s.cluster_weight[j] * (total - s.cluster_weight[j]) * res {
            continue;
        }
        s.cluster_weight[j] = 0.0;
        s.external[j] = 0.0;
        s.neighbours.clear();
        s.neighbours.push(j as u32);
        s.touched[j] = true;
        let links = s.offsets[j]..s.offsets[j + 1];
        for (&u, &w) in s.targets[links.clone()].iter().zip(&s.weights[links.clone()]) {
            let l = s.cluster[u as usize] as usize;
            if !s.touched[l] {
                s.touched[l] = true;
                s.neighbours.push(l as u32);
            }
            s.edge_weight_to[l] += w;
        }
        let (mut best, mut best_gain, mut sum) = (j, 0.0, 0.0);
        s.cumulative.clear();
        for &l in &s.neighbours {
            let l = l as usize;
            let cw = s.cluster_weight[l];
            // Only well-connected refined clusters are candidates.
            if s.external[l] >= cw * (total - cw) * res {
                let gain = s.edge_weight_to[l] - kj * cw * res;
                if gain > best_gain {
                    best = l;
                    best_gain = gain;
                }
                if gain >= 0.0 {
                    sum += (gain / THETA).exp();
                }
            }
            s.cumulative.push(sum);
            s.edge_weight_to[l] = 0.0;
            s.touched[l] = false;
        }
        let chosen = if sum.is_finite() {
            let r = sum * rng.unit();
            let i = s.cumulative.partition_point(|&x| x < r);
            s.neighbours[i.min(s.neighbours.len() - 1)] as usize
        } else {
            best
        };
        s.cluster_weight[chosen] += kj;
        for (&u, &w) in s.targets[links.clone()].iter().zip(&s.weights[links]) {
            if s.cluster[u as usize] as usize == chosen {
                s.external[chosen] -= w;
            } else {
                s.external[chosen] += w;
            }
        }
        if chosen != j {
            s.cluster[j] = chosen as u32;
            s.singleton[chosen] = false;
        }
    }
    // Number the refined clusters by first member.
    s.first.clear();
    s.first.resize(size, u32::MAX);
    let mut count = 0u32;
    for (o, &cl) in out.iter_mut().zip(&s.cluster) {
        let f = &mut s.first[cl as usize];
        if *f == u32::MAX {
            *f = count;
            count += 1;
        }
        *o = *f;
    }
    count
}

/// Per-thread buffers of the aggregation.
struct AggScratch {
    stamp: Vec<u32>,
    weight: Vec<f64>,
    touched: Vec<u32>,
}

/// The network whose nodes are the groups of `by` (k of them): node weights
/// summed, links between groups summed, links inside a group dropped (the
/// node weight keeps them). Rows in parallel blocks, appended in order
/// ([`par::rows`]); each row's sums run over members then neighbours in
/// row order, and a row lists its neighbours in the order first reached
/// that way (a fixed order, not sorted: sorting cost more than the rest).
fn aggregate_net(net: &Net, by: &[u32], k: usize) -> Net<'static> {
    let (start, members) = group_by_label(by, k);
    let scratch = || AggScratch { stamp: vec![u32::MAX; k], weight: vec![0.0; k], touched: Vec::new() };
    // A row has at most its members' links.
    let bound = |g: usize| net.links_of(&members[start[g]..start[g + 1]]);
    // Branch-free over the links, as in local moving: a link inside the
    // group is summed as if to another group (its place is skipped when
    // the row is written), and each group reached takes a place in
    // `touched`, kept only the first time (the stamp says whether it was).
    let (offsets, targets, weights) = par::rows(k, bound, scratch, |s, g, targets, weights| {
        let most = bound(g);
        if s.touched.len() < most {
            s.touched.resize(most, 0);
        }
        let mut found = 0;
        for &v in &members[start[g]..start[g + 1]] {
            let (ts, ws) = net.row(v as usize);
            for (&u, &w) in ts.iter().zip(ws) {
                let t = by[u as usize] as usize;
                let fresh = s.stamp[t] != g as u32;
                s.stamp[t] = g as u32;
                s.touched[found] = t as u32;
                found += usize::from(fresh);
                let old = s.weight[t];
                s.weight[t] = (if fresh { 0.0 } else { old }) + w;
            }
        }
        for &t in &s.touched[..found] {
            if t as usize != g {
                targets.push(t);
                weights.push(s.weight[t as usize]);
            }
        }
    });
    let node_weight = (0..k)
        .map(|g| members[start[g]..start[g + 1]].iter().fold(0.0, |nw, &v| nw + net.node_weight[v as usize]))
        .collect();
    Net { offsets: Cow::Owned(offsets), targets: Cow::Owned(targets), weights: Cow::Owned(weights), node_weight }
}

/// Splits every community of `labels` into its connected parts (links of
/// `net` inside the community) and numbers the parts by smallest member.
/// Leiden's communities are connected already (the paper's guarantee, kept
/// by the refinement); this pass makes it hold whatever happens, including
/// after leidenalg's fallback aggregation above, and can only raise
/// modularity (parts with no link between them lose only a penalty term).
pub(super) fn connected_parts(net: &Net, labels: &[u32]) -> Vec<u32> {
    let n = net.len();
    let mut out = vec![u32::MAX; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut next = 0u32;
    for s in 0..n {
        if out[s] != u32::MAX {
            continue;
        }
        out[s] = next;
        stack.push(s as u32);
        while let Some(v) = stack.pop() {
            for &u in net.row(v as usize).0 {
                let u = u as usize;
                if out[u] == u32::MAX && labels[u] == labels[s] {
                    out[u] = next;
                    stack.push(u as u32);
                }
            }
        }
        next += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The symmetric CSR of undirected links.
    fn symmetric(n: usize, edges: &[(u32, u32, f64)]) -> Csr {
        let mut links: Vec<(u32, u32, f64)> = edges.iter().flat_map(|&(u, v, w)| [(u, v, w), (v, u, w)]).collect();
        links.sort_by_key(|l| (l.0, l.1));
        Csr::from_sorted(n, links)
    }

    fn net(n: usize, edges: &[(u32, u32, f64)]) -> Net<'static> {
        // A test's few links: leaked, so the network can borrow them.
        Net::from_csr(Box::leak(Box::new(symmetric(n, edges))))
    }

    /// `cliques` cliques of `size` nodes in a ring: link i-j of clique c
    /// weighs `inside(c, i, j)`, each clique's first node links to the
    /// next clique's second with weight `bridge`.
    fn ring_of_cliques(
        cliques: u32,
        size: u32,
        inside: impl Fn(u32, u32, u32) -> f64,
        bridge: f64,
    ) -> Vec<(u32, u32, f64)> {
        let mut edges = Vec::new();
        for c in 0..cliques {
            let first = c * size;
            for i in 0..size {
                for j in i + 1..size {
                    edges.push((first + i, first + j, inside(c, i, j)));
                }
            }
            edges.push((first, ((c + 1) % cliques) * size + 1, bridge));
        }
        edges
    }

    #[test]
    fn links_of_weight_0_and_self_loops_are_left_out_of_the_copy() {
        let clean = net(3, &[(0, 1, 1.0), (1, 2, 2.0)]);
        assert!(matches!(clean.targets, Cow::Borrowed(_)), "nothing to leave out: the projection is borrowed");
        let g = net(4, &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 0.0), (3, 3, 0.5)]);
        assert!(matches!(g.targets, Cow::Owned(_)));
        assert_eq!(g.row(1), (&[0u32, 2][..], &[1.0, 2.0][..]));
        assert_eq!(g.row(2), (&[1u32][..], &[2.0][..]));
        assert!(g.row(3).0.is_empty());
        // The self-loop stays in the node weight, counted twice as strength
        // counts it (the helper lists it both ways: one entry of 1.0).
        assert_eq!(g.node_weight, vec![1.0, 3.0, 2.0, 2.0]);
    }

    #[test]
    fn aggregation_sums_links_and_weights() {
        // Path 0-1-2-3 with weights 1, 2, 3; groups {0,1}, {2,3}.
        let g = net(4, &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 3.0)]);
        let a = aggregate_net(&g, &[0, 0, 1, 1], 2);
        assert_eq!(a.node_weight, vec![1.0 + 3.0, 5.0 + 3.0]);
        assert_eq!(a.row(0), (&[1u32][..], &[2.0][..]));
        assert_eq!(a.row(1), (&[0u32][..], &[2.0][..]));
        assert_eq!(a.total_weight(), g.total_weight());
    }

    /// A level summed from the base network (what one_iteration does when
    /// the level before holds most of the links) is the level summed from
    /// the level before: the same links and node weights, up to the order
    /// of rows' links and the rounding of sums in another order.
    #[test]
    fn aggregating_from_the_base_gives_the_level_built_step_by_step() {
        let mut rng = crate::rng::Rng::for_task(3, "aggregation test", 0);
        let n = 400;
        let mut edges = Vec::new();
        for u in 0..n as u32 {
            for v in u + 1..n as u32 {
                if rng.unit() < 0.03 {
                    edges.push((u, v, 0.1 + rng.unit()));
                }
            }
        }
        let g = net(n, &edges);
        // 400 nodes into 90 groups, those into 12.
        let first: Vec<u32> = (0..n).map(|_| rng.below(90) as u32).collect();
        let (first, k1) = renumber(&first);
        let second: Vec<u32> = (0..k1).map(|_| rng.below(12) as u32).collect();
        let (second, k2) = renumber(&second);
        let step = aggregate_net(&aggregate_net(&g, &first, k1), &second, k2);
        let composed: Vec<u32> = first.iter().map(|&f| second[f as usize]).collect();
        let direct = aggregate_net(&g, &composed, k2);
        assert_eq!(step.len(), direct.len());
        let sorted = |a: &Net, u: usize| {
            let mut row: Vec<(u32, f64)> = a.row(u).0.iter().copied().zip(a.row(u).1.iter().copied()).collect();
            row.sort_by_key(|l| l.0);
            row
        };
        let mut links = 0;
        for u in 0..k2 {
            assert!((step.node_weight[u] - direct.node_weight[u]).abs() < 1e-9, "node {u}");
            let (a, b) = (sorted(&step, u), sorted(&direct, u));
            assert_eq!(a.iter().map(|l| l.0).collect::<Vec<_>>(), b.iter().map(|l| l.0).collect::<Vec<_>>(), "row {u}");
            for (x, y) in a.iter().zip(&b) {
                assert!((x.1 - y.1).abs() < 1e-9, "row {u}: {} against {}", x.1, y.1);
            }
            links += a.len();
        }
        assert!(links > 100, "{links} links between the 12 groups");
    }

    #[test]
    fn two_triangles_joined_by_one_link() {
        let g = net(6, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)]);
        let o = leiden(&g, 1.0, 1, 100, 0.0);
        assert!(o.converged);
        assert_eq!(o.membership[..3], [o.membership[0]; 3]);
        assert_eq!(o.membership[3..], [o.membership[3]; 3]);
        assert_ne!(o.membership[0], o.membership[3]);
    }

    #[test]
    fn batched_local_moving_keeps_cliques_whole_at_any_thread_count() {
        // A ring of 2,000 cliques of 10: 20,000 nodes, so local moving takes
        // batches of 78 and decides them in parallel tasks. Modularity's
        // resolution limit joins neighbouring cliques, but splits none.
        let (cliques, size) = (2000u32, 10u32);
        let g = net((cliques * size) as usize, &ring_of_cliques(cliques, size, |_, _, _| 1.0, 1.0));
        assert!(batch_size(g.len()) > TASK, "the batches run in parallel");
        let run =
            |threads| crate::par::with_pool(Some(threads), || leiden(&g, 1.0, 7, 100, 0.0)).expect("pool").membership;
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        for c in 0..cliques as usize {
            let members = &one[c * size as usize..(c + 1) * size as usize];
            assert!(members.iter().all(|&m| m == members[0]), "clique {c} split: {members:?}");
        }
        // Groups of k neighbouring cliques have modularity
        // 1 - 1/46k - k/2000 (46 links a clique), best at k = 6.6: about
        // 300 communities.
        let count = one.iter().collect::<std::collections::BTreeSet<_>>().len();
        assert!((2000 / 10..=2000 / 4).contains(&count), "{count} communities");
    }

    #[test]
    fn the_quality_of_the_last_level_is_the_modularity_of_the_partition() {
        // 300 cliques of 6 in a ring, the links weighted 1 to 3.
        let (cliques, size) = (300u32, 6u32);
        let edges = ring_of_cliques(cliques, size, |c, i, j| 1.0 + ((i + j + c) % 3) as f64, 0.5);
        let csr = symmetric((cliques * size) as usize, &edges);
        let g = Net::from_csr(&csr);
        for resolution in [0.5, 1.0, 2.0] {
            let mut membership: Vec<u32> = (0..g.len() as u32).collect();
            let res = resolution / g.total_weight();
            for iteration in 0..3 {
                let (_, q) = one_iteration(&g, &mut membership, res, 5, iteration);
                let want = crate::analysis::communities::modularity(&csr, &membership, resolution);
                assert!((q - want).abs() < 1e-12, "γ {resolution}, iteration {iteration}: {q} against {want}");
            }
        }
    }

    #[test]
    fn connected_parts_split_disconnected_communities() {
        let g = net(5, &[(0, 1, 1.0), (2, 3, 1.0)]);
        assert_eq!(connected_parts(&g, &[0, 0, 0, 0, 0]), vec![0, 0, 1, 1, 2]);
        assert_eq!(connected_parts(&g, &[0, 1, 1, 1, 1]), vec![0, 1, 2, 2, 3]);
    }
}
