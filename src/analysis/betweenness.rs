//! Betweenness centrality: how often an account lies on the shortest paths
//! between two others. Directed, on hop distance (weights ignored), and
//! normalised by (n-1)(n-2), as networkx's
//! `betweenness_centrality(G, normalized=True)` on a directed graph.
//!
//! Exact up to `exact_max_accounts` accounts: Brandes (2001), "A faster
//! algorithm for betweenness centrality". Above it, an estimate by
//! Riondato and Kornaropoulos (2016), "Fast approximation of betweenness
//! centrality through sampling": r random pairs (u, v), one uniformly
//! chosen shortest u-v path each, with
//! r = (c / ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ)), c = 0.5, VD an upper bound
//! on the vertex diameter (the most accounts on one shortest path). With
//! probability at least 1 − δ, every account's estimate is within ε of its
//! betweenness normalised by n(n−1), hence within ε·n/(n−2) of the value
//! reported (normalised by (n−1)(n−2)). The bound is written to the manifest.
//!
//! The bound VD for a directed graph: a shortest path crosses the strongly
//! connected components in topological order and, inside each, is a
//! shortest path of that component; so VD is at most the heaviest chain of
//! the condensation, each component weighing min(size, e_in + e_out + 1),
//! e_in/e_out the in/out eccentricity of one of its accounts within it.
//! Pairs (u, v) with v in an earlier component than u have no path and
//! cost no search.
//!
//! The exact count folds leaves: an account u with one out-link, to h, and
//! no in-link (a one-off retweeter, the most common account in
//! interaction graphs) has the shortest paths of h, one step longer, and
//! lies on no path itself. So u's dependencies equal h's everywhere but at
//! h, which lies on u's path to every account h reaches. Such accounts are
//! not searched: h's dependencies count (1 + leaves of h) times, and h gains
//! (reach(h) − 1) per leaf. This is exact (the same sums, grouped).
//!
//! # Complexity
//! Exact: O(V·E) time, O(V) auxiliary space per worker plus one O(V)
//! accumulator per block in flight. Sampled: O(r·E) in the worst case, much
//! less in practice: each pair is searched from both ends until the
//! searches meet (see `PairScratch`); two O(V) scratch arrays per block.
//!
//! # Determinism
//! Sources (or samples) are cut into fixed blocks; each block accumulates
//! serially in its own vector and blocks are added in block order (exact),
//! or counts are integers (sampled). Bit-identical at any thread count.

use rayon::prelude::*;

use crate::graph::scc::{self, Components};
use crate::graph::{Csr, InteractionGraph};
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct BetweennessSettings {
    /// Exact up to this many accounts; sampled above.
    pub exact_max_accounts: usize,
    /// Additive error bound of the sampled estimate (normalised by n(n−1)).
    pub epsilon: f64,
    /// Probability that the bound fails.
    pub delta: f64,
    pub seed: u64,
    /// Most links the sampled searches may scan. Graphs whose strongly
    /// connected core holds most links make each search large; past this
    /// budget sampling stops after the current group of blocks and the
    /// bound reported is the one the samples taken give.
    pub work_budget: u64,
}

/// The smallest ε accepted. Below it the samples needed exceed ten million
/// (0.5/ε² times a factor of 4 to 25), which the work budget cannot pay
/// for on any graph large enough to be sampled: the bound asked for would
/// not be the bound delivered.
pub const MIN_EPSILON: f64 = 1e-3;

impl Default for BetweennessSettings {
    fn default() -> Self {
        BetweennessSettings {
            exact_max_accounts: 50_000,
            epsilon: 0.01,
            delta: 0.1,
            seed: 1,
            work_budget: 1_000_000_000,
        }
    }
}

/// How the scores were obtained, for the manifest.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    Exact {
        sources: usize,
    },
    Sampled {
        samples: u64,
        /// Samples (ε, δ) asked for; more than `samples` when the work
        /// budget stopped sampling early.
        samples_planned: u64,
        /// The ε the samples taken guarantee (the setting's when all ran).
        epsilon: f64,
        delta: f64,
        vertex_diameter_bound: usize,
        /// The error bound on the reported (n−1)(n−2)-normalised values.
        error_bound: f64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Betweenness {
    pub scores: Vec<f64>,
    pub method: Method,
}

/// Sources per block (exact) and samples per block (sampled).
const SOURCES_PER_BLOCK: usize = 2048;
const SAMPLES_PER_BLOCK: u64 = 1024;
/// Blocks run at once; bounds memory to this many O(V) accumulators.
const BLOCKS_IN_FLIGHT: usize = 8;

pub fn betweenness(g: &InteractionGraph, s: &BetweennessSettings) -> Betweenness {
    let n = g.node_count();
    if n <= 2 || g.forward.edge_count() == 0 {
        return Betweenness { scores: vec![0.0; n], method: Method::Exact { sources: n } };
    }
    if n <= s.exact_max_accounts { exact(&g.forward, &g.reverse) } else { sampled(&g.forward, &g.reverse, s) }
}

/// One account's search state, packed so a visit touches one cache line:
/// the distance, and `value`: σ (shortest paths from the source) during
/// the search; in Brandes' accumulation, once the account's dependency δ is
/// final, (1 + δ)/σ, all its predecessors need of it.
#[derive(Clone, Copy)]
struct Slot {
    value: f64,
    dist: u32,
}

/// Reusable per-search state; reset only where a search touched it.
struct Scratch {
    slots: Vec<Slot>,
    order: Vec<u32>,
    /// Links scanned by searches so far.
    scanned: u64,
}

const UNSEEN: u32 = u32::MAX;

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch { slots: vec![Slot { value: 0.0, dist: UNSEEN }; n], order: Vec::new(), scanned: 0 }
    }

    fn dist(&self, v: usize) -> u32 {
        self.slots[v].dist
    }

    fn sigma(&self, v: usize) -> f64 {
        self.slots[v].value
    }

    /// Breadth-first search from `s` counting shortest paths. Fills
    /// `order` with the visited accounts in BFS order.
    fn search(&mut self, fwd: &Csr, s: usize) {
        self.start(s);
        let mut head = 0;
        while head < self.order.len() {
            head = self.expand(fwd, head);
        }
    }

    /// Makes `s` the search's root (distance 0, one path).
    fn start(&mut self, s: usize) {
        self.slots[s] = Slot { value: 1.0, dist: 0 };
        self.order.push(s as u32);
    }

    /// Expands the accounts of `order[from..]` (one level, or more when
    /// the loop of [`Self::search`] calls it again on what it added) along
    /// `links`, counting shortest paths; returns where the accounts it
    /// added start.
    fn expand(&mut self, links: &Csr, from: usize) -> usize {
        let end = self.order.len();
        for i in from..end {
            let v = self.order[i] as usize;
            let Slot { value: sv, dist: dv } = self.slots[v];
            self.scanned += links.degree(v) as u64;
            for &w in links.targets(v) {
                let slot = &mut self.slots[w as usize];
                if slot.dist == UNSEEN {
                    slot.dist = dv + 1;
                    self.order.push(w);
                }
                if slot.dist == dv + 1 {
                    slot.value += sv;
                }
            }
        }
        end
    }

    /// Walks from `w` back to this search's root along `links` (the
    /// opposite direction of the search's), choosing each step in
    /// proportion to its number of shortest paths, and counts a hit on
    /// every account passed before the root.
    fn walk_to_root(&self, links: &Csr, mut w: usize, rng: &mut Rng, hits: &mut [u32]) {
        while self.dist(w) > 1 {
            let mut pick = rng.unit() * self.sigma(w);
            let dw = self.dist(w);
            let mut chosen = None;
            for &p in links.targets(w) {
                let p = p as usize;
                if self.dist(p) != UNSEEN && self.dist(p) + 1 == dw {
                    chosen = Some(p);
                    pick -= self.sigma(p);
                    if pick < 0.0 {
                        break;
                    }
                }
            }
            let p = chosen.expect("invariant: a reached node has a predecessor");
            hits[p] += 1;
            w = p;
        }
    }

    fn reset(&mut self) {
        for &v in &self.order {
            self.slots[v as usize] = Slot { value: 0.0, dist: UNSEEN };
        }
        self.order.clear();
    }
}

/// A sampled pair's two searches: forward from the source along
/// out-links and backward from the target along in-links, each a level
/// at a time, the one whose next level scans fewer links first, until
/// they meet (balanced bidirectional BFS, as in Borassi and Natale's
/// KADABRA, 2016). On the small-world graphs of conversations each side
/// sees a few hops of a short path instead of most of the graph: the
/// one-sided search scanned over 122,000 links a sample on the 10M
/// graph, so the work budget stopped it at a fifth of the samples
/// planned (0.09 ms of CPU a sample now, against 24 ms).
struct PairScratch {
    from: Scratch,
    to: Scratch,
    /// Where the searches met: accounts reached by both, all at the same
    /// position on every shortest path.
    meet: Vec<u32>,
}

impl PairScratch {
    fn new(n: usize) -> PairScratch {
        PairScratch { from: Scratch::new(n), to: Scratch::new(n), meet: Vec::new() }
    }

    fn scanned(&self) -> u64 {
        self.from.scanned + self.to.scanned
    }

    /// Searches from `u` and towards `v` until they meet; whether they did
    /// (a path exists). Then `meet` holds the accounts of the level where
    /// they met, each with complete path counts on both sides: every
    /// shortest u-v path passes exactly one of them, and σ_from · σ_to of
    /// each is the number of shortest paths through it.
    ///
    /// Why one level: before a level is expanded no account is on both
    /// sides, so a shortest path is longer than the two depths; an account
    /// of the new level that the other side has seen lies on one of
    /// length depth + 1 + other depth (one the other side saw earlier
    /// would have met the searches a level before), which is the least.
    fn search(&mut self, fwd: &Csr, rev: &Csr, u: usize, v: usize) -> bool {
        self.meet.clear();
        self.from.start(u);
        self.to.start(v);
        let (mut head_from, mut head_to) = (0, 0);
        // Links the next level of each side scans; re-summed only for the
        // side just expanded.
        let cost = |side: &Scratch, head: usize, csr: &Csr| -> usize {
            side.order[head..].iter().map(|&x| csr.degree(x as usize)).sum()
        };
        let (mut cost_from, mut cost_to) = (fwd.degree(u), rev.degree(v));
        loop {
            let (side, other, csr, head, side_cost) = if cost_from <= cost_to {
                (&mut self.from, &self.to, fwd, &mut head_from, &mut cost_from)
            } else {
                (&mut self.to, &self.from, rev, &mut head_to, &mut cost_to)
            };
            *head = side.expand(csr, *head);
            if *head == side.order.len() {
                return false; // the side ran out of accounts: no path
            }
            self.meet.extend(side.order[*head..].iter().filter(|&&x| other.dist(x as usize) != UNSEEN));
            if !self.meet.is_empty() {
                return true;
            }
            *side_cost = cost(side, *head, csr);
        }
    }

    /// One shortest u-v path chosen uniformly, after a search that met:
    /// the meeting account in proportion to the paths through it, then
    /// each side's steps in proportion to theirs. Counts a hit on every
    /// account of the path but its ends.
    fn sample_path(&self, fwd: &Csr, rev: &Csr, u: usize, v: usize, rng: &mut Rng, hits: &mut [u32]) {
        let through = |m: u32| self.from.sigma(m as usize) * self.to.sigma(m as usize);
        let total: f64 = self.meet.iter().map(|&m| through(m)).sum();
        let mut pick = rng.unit() * total;
        let mut m = self.meet[0];
        for &x in &self.meet {
            m = x;
            pick -= through(x);
            if pick < 0.0 {
                break;
            }
        }
        let m = m as usize;
        if m != u && m != v {
            hits[m] += 1;
        }
        self.from.walk_to_root(rev, m, rng, hits);
        self.to.walk_to_root(fwd, m, rng, hits);
    }

    fn reset(&mut self) {
        self.from.reset();
        self.to.reset();
    }
}

fn exact(fwd: &Csr, rev: &Csr) -> Betweenness {
    let n = fwd.node_count();
    // Leaves folded into the account they point at (see the module notes).
    let is_leaf = |u: usize| fwd.degree(u) == 1 && rev.degree(u) == 0;
    let mut leaves = vec![0u32; n];
    for u in 0..n {
        if is_leaf(u) {
            leaves[fwd.targets(u)[0] as usize] += 1;
        }
    }
    let blocks: Vec<std::ops::Range<usize>> = (0..n.div_ceil(SOURCES_PER_BLOCK))
        .map(|b| b * SOURCES_PER_BLOCK..((b + 1) * SOURCES_PER_BLOCK).min(n))
        .collect();
    let mut total = vec![0.0; n];
    for group in blocks.chunks(BLOCKS_IN_FLIGHT) {
        let parts: Vec<Vec<f64>> = group
            .par_iter()
            .map(|sources| {
                let mut acc = vec![0.0; n];
                let mut st = Scratch::new(n);
                for src in sources.clone() {
                    if fwd.degree(src) == 0 || is_leaf(src) {
                        continue; // reaches nobody, or counted with the account it points at
                    }
                    let weight = 1.0 + f64::from(leaves[src]);
                    st.search(fwd, src);
                    // Dependencies in reverse BFS order (Brandes' accumulation),
                    // successors found by distance instead of predecessor lists:
                    // δ(v) = σ(v) Σ_{w successor} (1 + δ(w))/σ(w).
                    for &v in st.order.iter().rev() {
                        let v = v as usize;
                        let Slot { value: sv, dist: dv } = st.slots[v];
                        let mut sum = 0.0;
                        for &w in fwd.targets(v) {
                            let slot = st.slots[w as usize];
                            if slot.dist == dv + 1 {
                                sum += slot.value;
                            }
                        }
                        let dep = sv * sum;
                        st.slots[v].value = (1.0 + dep) / sv;
                        if v != src {
                            acc[v] += weight * dep;
                        }
                    }
                    acc[src] += f64::from(leaves[src]) * (st.order.len() - 1) as f64;
                    st.reset();
                }
                acc
            })
            .collect();
        for part in parts {
            for (t, p) in total.iter_mut().zip(part) {
                *t += p;
            }
        }
    }
    let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
    total.iter_mut().for_each(|b| *b *= scale);
    Betweenness { scores: total, method: Method::Exact { sources: n } }
}

/// Number of samples for (ε, δ) with vertex-diameter bound `vd`.
pub fn sample_size(epsilon: f64, delta: f64, vd: usize) -> u64 {
    let log2 = if vd > 3 { ((vd - 2) as f64).log2().floor() } else { 0.0 };
    (0.5 / (epsilon * epsilon) * (log2 + 1.0 + (1.0 / delta).ln())).ceil() as u64
}

/// Eccentricity of `root` within its component, along `csr`.
fn eccentricity(csr: &Csr, comps: &Components, root: usize, dist: &mut [u32], queue: &mut Vec<u32>) -> u32 {
    let c = comps.component[root];
    dist[root] = 0;
    queue.clear();
    queue.push(root as u32);
    let (mut head, mut far) = (0, 0);
    while head < queue.len() {
        let v = queue[head] as usize;
        head += 1;
        for &w in csr.targets(v) {
            let w = w as usize;
            if comps.component[w] == c && dist[w] == UNSEEN {
                dist[w] = dist[v] + 1;
                far = far.max(dist[w]);
                queue.push(w as u32);
            }
        }
    }
    for &v in queue.iter() {
        dist[v as usize] = UNSEEN;
    }
    far
}

/// An upper bound on the vertex diameter (see the module notes).
pub fn vertex_diameter_bound(fwd: &Csr, rev: &Csr, comps: &Components) -> usize {
    let n = fwd.node_count();
    let mut dist = vec![UNSEEN; n];
    let mut queue = Vec::new();
    let mut longest_in = vec![0usize; comps.count()];
    let mut best = 0;
    for c in 0..comps.count() {
        let members = comps.members(c);
        let weight = if members.len() == 1 {
            1
        } else {
            let root = members[0] as usize;
            let e = eccentricity(fwd, comps, root, &mut dist, &mut queue)
                + eccentricity(rev, comps, root, &mut dist, &mut queue);
            members.len().min(e as usize + 1)
        };
        let here = longest_in[c] + weight;
        best = best.max(here);
        for &u in members {
            for &v in fwd.targets(u as usize) {
                let cv = comps.component[v as usize] as usize;
                if cv != c {
                    longest_in[cv] = longest_in[cv].max(here);
                }
            }
        }
    }
    best
}

/// The ε that `r` samples guarantee: the sample-size formula solved for ε.
fn achieved_epsilon(delta: f64, vd: usize, r: u64) -> f64 {
    let log2 = if vd > 3 { ((vd - 2) as f64).log2().floor() } else { 0.0 };
    (0.5 * (log2 + 1.0 + (1.0 / delta).ln()) / r as f64).sqrt()
}

fn sampled(fwd: &Csr, rev: &Csr, s: &BetweennessSettings) -> Betweenness {
    let n = fwd.node_count();
    let comps = scc::components(fwd);
    let vd = vertex_diameter_bound(fwd, rev, &comps);
    let r = sample_size(s.epsilon, s.delta, vd);
    let blocks = r.div_ceil(SAMPLES_PER_BLOCK);
    let mut counts = vec![0u64; n];
    let (mut taken, mut work) = (0u64, 0u64);
    // Groups of block numbers made as they are needed: r can be huge for a
    // tiny ε, and the work budget usually stops long before the last one.
    let groups = (0..blocks).step_by(BLOCKS_IN_FLIGHT).map(|g| g..(g + BLOCKS_IN_FLIGHT as u64).min(blocks));
    for group in groups {
        if work > s.work_budget {
            break; // checked between groups only: the same stop at any thread count
        }
        let parts: Vec<(Vec<u32>, u64, u64)> = group
            .into_par_iter()
            .map(|b| {
                let mut hits = vec![0u32; n];
                let mut st = PairScratch::new(n);
                let mut rng = Rng::for_task(s.seed, "betweenness", b);
                let samples = SAMPLES_PER_BLOCK.min(r - b * SAMPLES_PER_BLOCK);
                for _ in 0..samples {
                    let u = rng.below(n as u64) as usize;
                    let v = loop {
                        let v = rng.below(n as u64) as usize;
                        if v != u {
                            break v;
                        }
                    };
                    let reachable = fwd.degree(u) > 0 && rev.degree(v) > 0 && comps.component[u] <= comps.component[v];
                    if reachable {
                        if st.search(fwd, rev, u, v) {
                            st.sample_path(fwd, rev, u, v, &mut rng, &mut hits);
                        }
                        st.reset();
                    }
                }
                (hits, samples, st.scanned())
            })
            .collect();
        for (part, samples, scanned) in parts {
            for (c, h) in counts.iter_mut().zip(part) {
                *c += u64::from(h);
            }
            taken += samples;
            work += scanned;
        }
    }
    // count / r estimates betweenness normalised by n(n−1); rescale to (n−1)(n−2).
    let scale = n as f64 / (n - 2) as f64 / taken as f64;
    let scores = counts.into_iter().map(|c| c as f64 * scale).collect();
    let epsilon = if taken == r { s.epsilon } else { achieved_epsilon(s.delta, vd, taken) };
    Betweenness {
        scores,
        method: Method::Sampled {
            samples: taken,
            samples_planned: r,
            epsilon,
            delta: s.delta,
            vertex_diameter_bound: vd,
            error_bound: epsilon * n as f64 / (n - 2) as f64,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vertex_diameter_bound_holds_on_small_graphs() {
        // A path 0 -> 1 -> 2 -> 3 (4 accounts on it), plus a 3-cycle 4 -> 5 -> 6 -> 4 fed by 3.
        let links = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 4)];
        let fwd = Csr::from_sorted(7, links.iter().map(|&(u, v)| (u, v, 1.0)));
        let rev = fwd.transpose();
        let comps = scc::components(&fwd);
        let vd = vertex_diameter_bound(&fwd, &rev, &comps);
        // True vertex diameter: 0 -> 1 -> 2 -> 3 -> 4 -> 5 -> 6, 7 accounts.
        assert!(vd >= 7, "{vd}");
        assert!(vd <= 7, "the cycle weighs min(3, e_in + e_out + 1) = 3: {vd}");
    }

    /// Betweenness straight from its definition: for every pair (s, t) and
    /// account v, σ_sv·σ_vt/σ_st when v lies on a shortest s-t path.
    fn by_definition(fwd: &Csr) -> Vec<f64> {
        let n = fwd.node_count();
        let bfs = |s: usize| {
            let (mut d, mut sigma) = (vec![u32::MAX; n], vec![0.0f64; n]);
            let mut q = std::collections::VecDeque::from([s]);
            d[s] = 0;
            sigma[s] = 1.0;
            while let Some(v) = q.pop_front() {
                for &w in fwd.targets(v) {
                    let w = w as usize;
                    if d[w] == u32::MAX {
                        d[w] = d[v] + 1;
                        q.push_back(w);
                    }
                    if d[w] == d[v] + 1 {
                        sigma[w] += sigma[v];
                    }
                }
            }
            (d, sigma)
        };
        let all: Vec<_> = (0..n).map(bfs).collect();
        let mut bc = vec![0.0; n];
        for s in 0..n {
            for t in 0..n {
                let (ds, ss) = &all[s];
                if s == t || ds[t] == u32::MAX {
                    continue;
                }
                for v in (0..n).filter(|&v| v != s && v != t) {
                    let (dv, sv) = &all[v];
                    if ds[v] != u32::MAX && dv[t] != u32::MAX && ds[v] + dv[t] == ds[t] {
                        bc[v] += ss[v] * sv[t] / ss[t];
                    }
                }
            }
        }
        bc.iter().map(|b| b / ((n - 1) * (n - 2)) as f64).collect()
    }

    #[test]
    fn exact_with_folded_leaves_matches_the_definition() {
        let mut rng = crate::rng::Rng::for_task(5, "leafy", 0);
        for round in 0..20 {
            let n = 40;
            let mut links = Vec::new();
            for u in 0..n as u32 {
                // a third of the accounts are leaves: one out-link, and nobody links to them
                let leaf = u % 3 == 0;
                let outs = if leaf { 1 } else { rng.below(4) };
                for _ in 0..outs {
                    let v = rng.below(n as u64) as u32;
                    if v != u && !v.is_multiple_of(3) {
                        links.push((u, v, 1.0));
                    }
                }
            }
            links.sort_by_key(|l| (l.0, l.1));
            links.dedup_by_key(|l| (l.0, l.1));
            let fwd = Csr::from_sorted(n, links);
            let rev = fwd.transpose();
            let got = exact(&fwd, &rev).scores;
            let want = by_definition(&fwd);
            for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!((g - w).abs() <= 1e-12 * w.max(1.0), "round {round}, account {v}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn a_tiny_epsilon_allocates_nothing_for_samples_it_never_takes() {
        // ε = 1e-9 plans about 10^19 samples; the blocks were once listed
        // up front (a 2.8e16-byte allocation that aborted the process).
        let links: Vec<(u32, u32, f64)> = (0..50u32).map(|u| (u, (u + 1) % 50, 1.0)).collect();
        let fwd = Csr::from_sorted(50, links);
        let rev = fwd.transpose();
        let s = BetweennessSettings { epsilon: 1e-9, work_budget: 10_000, ..BetweennessSettings::default() };
        let b = sampled(&fwd, &rev, &s);
        let Method::Sampled { samples, samples_planned, epsilon, .. } = b.method else { panic!("sampled") };
        assert!(samples_planned > 1_000_000_000_000_000, "{samples_planned}");
        assert!(samples > 0 && samples < 100_000, "the work budget stopped sampling: {samples}");
        assert!(epsilon > 1e-9 && epsilon.is_finite(), "the bound reported is the one delivered: {epsilon}");
        assert!(b.scores.iter().all(|x| x.is_finite()));
    }

    /// The bidirectional search picks each shortest path with the same
    /// probability: four paths from u to v, three through a and y1 (the
    /// level where the sides meet: picking a meeting account uniformly
    /// would give y1 a half).
    #[test]
    fn pair_sampling_is_uniform_over_shortest_paths() {
        let (u, a, b, x1, x2, x3, x4, y1, y2, v) = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        let mut links = vec![(u, a), (u, b), (a, x1), (a, x2), (a, x3), (b, x4), (x1, y1), (x2, y1), (x3, y1)];
        links.extend([(x4, y2), (y1, v), (y2, v), (v, u)]);
        links.sort();
        let fwd = Csr::from_sorted(10, links.iter().map(|&(s, t)| (s, t, 1.0)));
        let rev = fwd.transpose();
        let mut st = PairScratch::new(10);
        let mut rng = Rng::for_task(3, "test", 0);
        let mut hits = vec![0u32; 10];
        let runs = 40_000;
        for _ in 0..runs {
            assert!(st.search(&fwd, &rev, u as usize, v as usize));
            st.sample_path(&fwd, &rev, u as usize, v as usize, &mut rng, &mut hits);
            st.reset();
        }
        let share = |x: u32| f64::from(hits[x as usize]) / f64::from(runs);
        for (x, want) in [(a, 0.75), (b, 0.25), (x1, 0.25), (x2, 0.25), (x3, 0.25), (x4, 0.25), (y1, 0.75), (y2, 0.25)]
        {
            assert!((share(x) - want).abs() < 0.015, "account {x}: {} vs {want}", share(x));
        }
        assert_eq!(hits[u as usize] + hits[v as usize], 0, "the ends are not on their own path");
        // No path: v reaches u, u's side runs out first.
        let lone = Csr::from_sorted(3, [(1, 0, 1.0), (1, 2, 1.0)]);
        let lone_rev = lone.transpose();
        let mut st = PairScratch::new(3);
        assert!(!st.search(&lone, &lone_rev, 0, 2));
    }

    #[test]
    fn sample_size_follows_the_formula() {
        // (0.5 / 0.01²)(⌊log₂ 30⌋ + 1 + ln 10) = 5000 × (4 + 1 + 2.302585…)
        assert_eq!(sample_size(0.01, 0.1, 32), 36_513);
        assert_eq!(sample_size(0.1, 0.1, 2), 166);
    }
}
