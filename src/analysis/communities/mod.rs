//! Communities: who talks with whom. Leiden (Traag, Waltman and van Eck
//! 2019) maximising modularity on the undirected projection of the
//! interaction graph (design.md: weight of u-v is w(u->v) + w(v->u)),
//! seeded, with labels that read well (community 0 is the largest).
//!
//! This module knows the graph and nothing of outputs: [`detect`] returns a
//! label per account with sizes, modularity and iterations; [`modularity`]
//! and [`modularity_shares`] let the report say how much each community
//! contributes.
//!
//! ```
//! use dolgraph::analysis::communities::{self, LeidenSettings};
//! use dolgraph::graph::{GraphBuilder, KindWeights};
//! use dolgraph::ingest::{AccountRef, Interaction, Record};
//! use dolgraph::kind::Kind;
//!
//! let mut b = GraphBuilder::new(KindWeights::default(), None, None);
//! for (s, t) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")] {
//!     let r = |id: &str| AccountRef::new(id, None);
//!     b.add(Record::Interaction(Interaction { source: r(s), target: r(t), kind: Kind::Reply, time: None, weight: 1.0 }));
//! }
//! let g = b.finish();
//! let c = communities::detect(&g, &LeidenSettings::default());
//! assert_eq!(c.membership, vec![0, 0, 0, 1, 1, 1]);
//! assert_eq!((c.count, c.sizes.clone()), (2, vec![3, 3]));
//! let shares = communities::modularity_shares(&g.undirected(), &c.membership, 1.0);
//! assert!((shares[0] + shares[1] - c.modularity).abs() < 1e-15);
//! ```

mod leiden;
mod modularity;

pub use modularity::{modularity, modularity_shares};

use crate::graph::{Csr, InteractionGraph};

/// Leiden's settings. `resolution` γ > 0 (finite): above 1 favours more,
/// smaller communities, below 1 fewer, larger ones. `seed` fixes every
/// random choice. `max_iterations` caps the Leiden iterations (each one a
/// full local moving / refinement / aggregation pass down to the last
/// level); the run stops earlier, converged, at the first iteration that
/// changes nothing, which takes a handful on real graphs.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LeidenSettings {
    pub resolution: f64,
    pub seed: u64,
    pub max_iterations: u32,
    /// Stop once an iteration raises the modularity by less than this.
    /// Running until nothing changes costs ten times as long on large
    /// graphs for the last 0.1% (Higgs, measured with the serial local
    /// moving of 2026-11: 0.7988 after 5 iterations, 0.7997 after 63).
    pub min_gain: f64,
}

impl Default for LeidenSettings {
    fn default() -> Self {
        LeidenSettings { resolution: 1.0, seed: 1, max_iterations: 100, min_gain: 1e-4 }
    }
}

impl LeidenSettings {
    /// Checks the ranges [`detect`] relies on, with a message naming the
    /// flag. The caller validates once, before running anything.
    pub fn validate(&self) -> crate::error::Result<()> {
        if !(self.resolution.is_finite() && self.resolution > 0.0) {
            return Err(crate::error::Error::Usage(format!(
                "--resolution must be a positive number, got {}",
                self.resolution
            )));
        }
        if !(self.min_gain.is_finite() && self.min_gain >= 0.0) {
            return Err(crate::error::Error::Usage(format!(
                "Leiden's minimum gain must be >= 0, got {}",
                self.min_gain
            )));
        }
        if self.max_iterations == 0 {
            return Err(crate::error::Error::Usage("Leiden needs at least one iteration (max_iterations is 0)".into()));
        }
        Ok(())
    }
}

/// The communities found, labelled for display.
#[derive(Clone, Debug, PartialEq)]
pub struct Communities {
    /// Community of each account (indexed by account id), `0..count`.
    pub membership: Vec<u32>,
    pub count: usize,
    /// Modularity of `membership` on the projection, at the resolution used.
    pub modularity: f64,
    /// Leiden iterations run (0 when the graph has no links).
    pub iterations: u32,
    /// Whether the last iteration changed nothing (false: stopped by
    /// `max_iterations`).
    pub converged: bool,
    /// Members per community, indexed by label: non-increasing, except
    /// that isolated accounts' singletons come last.
    pub sizes: Vec<usize>,
}

/// Finds communities of accounts with Leiden on the undirected projection
/// of `g` ([`InteractionGraph::undirected`]), maximising modularity at
/// `s.resolution`.
///
/// Leiden (Traag, Waltman and van Eck 2019, "From Louvain to Leiden:
/// guaranteeing well-connected communities") is Louvain with a refinement
/// step: communities are always connected, and at convergence locally
/// optimal. The steps follow the authors' reference implementation (CWTS
/// networkanalysis) and so leidenalg's `ModularityVertexPartition` and
/// igraph's `community_leiden(objective_function="modularity")`, run until
/// an iteration changes nothing; modularity is networkx's
/// `community.modularity(G, communities, weight="weight", resolution=γ)`.
/// Partitions equal those tools' only in quality, not label for label:
/// the random choices differ.
///
/// # Arguments
/// `g`: the interaction graph; `s`: resolution (1.0), seed (1) and
/// iteration cap (100), see [`LeidenSettings`].
///
/// # Returns
/// A community per account, labelled so that community 0 is the largest;
/// equal sizes are ordered by smallest account id. Every community is
/// connected in the projection. Small communities are kept as found (a
/// pair talking only to each other is a community of 2; the report may
/// hide small ones). An account with no link in the projection (it posted
/// but interacted with nobody, or only through links weighted 0) is a
/// singleton community of its own; these are labelled after all others, by
/// account id, so the first labels are the real communities. An empty
/// graph gives no communities; a graph without links gives singletons and
/// modularity 0 (never NaN).
///
/// The same graph, settings and seed give the same result, bit for bit,
/// whatever the number of threads.
///
/// # Panics
/// If `s` is invalid: the caller checks with [`LeidenSettings::validate`].
///
/// # Complexity
/// Time O(I x L x (V + E)) for I iterations of L levels (L is a handful,
/// each level smaller): local moving visits every node once plus the
/// neighbours of nodes that moved (a hub may come back often), refinement
/// and aggregation are linear. Auxiliary space O(V + E): the aggregate
/// networks (the projection is read in place; at most one level holding
/// more than half its links is kept at a time). Local moving runs in batches
/// whose nodes decide their moves in parallel against the labels at the
/// batch's start (the batch size is set by the network, not the threads);
/// the refinement (per community), the aggregation (per block of
/// communities), the projection and modularity are parallel, with
/// fixed-order sums.
///
/// On the SNAP Higgs activity graph (304,691 accounts, 452,202 linked
/// pairs) one iteration takes 0.2 s (Q 0.7904), two 0.3-0.4 s (0.7982),
/// five 0.7 s (0.7992); the default stops after 7 iterations at Q 0.79947
/// in 0.5-0.55 s on 2 threads (igraph 1.0's Leiden to convergence on the
/// same projection: 16 s for Q 0.79884). On the generated 1M-account,
/// 10M-interaction graph (`cargo run --release --example generate -- edges
/// 1000000 10000000 1 FILE`) the default takes 11 iterations, 24 s on 2
/// threads and 34 s on one, for Q 0.1953. Measured on 2 shared cores;
/// `max_iterations` trades one for the other (`cargo bench --bench leiden`
/// prints the curve).
pub fn detect(g: &InteractionGraph, s: &LeidenSettings) -> Communities {
    detect_projected(&g.undirected(), s)
}

/// [`detect`] on an undirected projection already built (a symmetric
/// [`Csr`]): callers that also want [`modularity_shares`] project once.
pub fn detect_projected(graph: &Csr, s: &LeidenSettings) -> Communities {
    if let Err(e) = s.validate() {
        panic!("invalid Leiden settings (validate them first): {e}");
    }
    let net = leiden::Net::from_csr(graph);
    let found = leiden::leiden(&net, s.resolution, s.seed, s.max_iterations, s.min_gain);
    let parts = leiden::connected_parts(&net, &found.membership);
    let (membership, sizes) = label(&parts, |v| net.is_isolated(v));
    Communities {
        modularity: modularity(graph, &membership, s.resolution),
        count: sizes.len(),
        membership,
        iterations: found.iterations,
        converged: found.converged,
        sizes,
    }
}

/// Display labels from raw ones numbered by smallest member (as
/// `connected_parts` numbers them): communities with links by size,
/// largest first, ties by smallest member; then isolated accounts by id.
fn label(raw: &[u32], isolated: impl Fn(usize) -> bool) -> (Vec<u32>, Vec<usize>) {
    let k = raw.iter().max().map_or(0, |&c| c as usize + 1);
    let mut size = vec![0usize; k];
    let mut lonely = vec![true; k];
    for (v, &c) in raw.iter().enumerate() {
        size[c as usize] += 1;
        if !isolated(v) {
            lonely[c as usize] = false;
        }
    }
    // Raw labels follow smallest members, so sorting by (isolated, size
    // descending, raw label) breaks ties by smallest member id.
    let mut order: Vec<u32> = (0..k as u32).collect();
    order.sort_by_key(|&c| (lonely[c as usize], std::cmp::Reverse(size[c as usize]), c));
    let mut rank = vec![0u32; k];
    for (r, &c) in order.iter().enumerate() {
        rank[c as usize] = r as u32;
    }
    let membership = raw.iter().map(|&c| rank[c as usize]).collect();
    let sizes = order.iter().map(|&c| size[c as usize]).collect();
    (membership, sizes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, KindWeights};
    use crate::ingest::{AccountRef, Interaction, Record};
    use crate::kind::Kind;
    use crate::par::with_pool;

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> InteractionGraph {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        // Intern accounts 0..n in order, so account i is node i.
        for i in 0..n {
            let mut p = crate::ingest::Post { key: format!("p{i}"), ..Default::default() };
            p.author.id = format!("{i}");
            b.add(Record::Post(Box::new(p)));
        }
        for &(s, t, w) in edges {
            let r = |i: usize| AccountRef::new(format!("{i}"), None);
            b.add(Record::Interaction(Interaction {
                source: r(s),
                target: r(t),
                kind: Kind::Interaction,
                time: None,
                weight: w,
            }));
        }
        b.finish()
    }

    /// A seeded planted-partition graph: `k` groups of `size`, dense inside,
    /// sparse between.
    fn planted(k: usize, size: usize, seed: u64) -> InteractionGraph {
        let mut rng = crate::rng::Rng::derive(seed, 99, &[]);
        let n = k * size;
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                let p = if u / size == v / size { 0.3 } else { 0.01 };
                let x = rng.unit();
                if x < p {
                    edges.push((u, v, 1.0 + (x * 100.0).floor() % 3.0));
                }
            }
        }
        graph(n, &edges)
    }

    #[test]
    fn empty_single_and_linkless_graphs() {
        let s = LeidenSettings::default();
        let c = detect(&graph(0, &[]), &s);
        assert_eq!((c.count, c.iterations, c.modularity), (0, 0, 0.0));
        assert!(c.membership.is_empty() && c.sizes.is_empty());
        let c = detect(&graph(1, &[]), &s);
        assert_eq!((c.membership, c.sizes, c.modularity), (vec![0], vec![1], 0.0));
        let c = detect(&graph(3, &[]), &s);
        assert_eq!(c.membership, vec![0, 1, 2]);
        assert_eq!(c.modularity, 0.0);
        // One link: a community of two (Q = 1/2 - 1/2 = 0), then the loner.
        let c = detect(&graph(3, &[(2, 1, 1.0)]), &s);
        assert_eq!(c.membership, vec![1, 0, 0]);
        assert_eq!(c.sizes, vec![2, 1]);
        assert!(c.modularity.abs() < 1e-15 && !c.modularity.is_nan());
    }

    #[test]
    fn disconnected_parts_and_isolated_accounts_are_labelled_in_order() {
        // Accounts 0 and 5 isolated; a pair (1, 2); a triangle (3, 4, 6);
        // another pair (7, 8).
        let g = graph(9, &[(1, 2, 1.0), (3, 4, 1.0), (4, 6, 1.0), (6, 3, 1.0), (8, 7, 1.0)]);
        let c = detect(&g, &LeidenSettings::default());
        assert_eq!(c.membership, vec![3, 1, 1, 0, 0, 4, 0, 2, 2]);
        assert_eq!(c.sizes, vec![3, 2, 2, 1, 1]);
        assert_eq!(c.count, 5);
        // m = 5; triangle L = 3, K = 6; pairs L = 1, K = 2: Q = 0.56.
        let q = 3.0 / 5.0 - 0.36 + 2.0 * (1.0 / 5.0 - 0.04);
        assert!((c.modularity - q).abs() < 1e-12, "{}", c.modularity);
    }

    #[test]
    fn finds_planted_groups_with_connected_communities() {
        let g = planted(4, 30, 7);
        let c = detect(&g, &LeidenSettings::default());
        assert!(c.converged);
        assert_eq!(c.sizes, vec![30; 4]);
        for grp in 0..4 {
            let m = &c.membership[grp * 30..(grp + 1) * 30];
            assert!(m.iter().all(|&x| x == m[0]), "group {grp}: {m:?}");
        }
        let p = g.undirected();
        let shares = modularity_shares(&p, &c.membership, 1.0);
        let total: f64 = shares.iter().sum();
        assert!((total - c.modularity).abs() < 1e-12);
        assert!(c.modularity > 0.6, "{}", c.modularity);
    }

    #[test]
    fn same_bits_at_any_thread_count_and_seed_matters_only_by_seed() {
        let g = planted(12, 40, 3);
        let s = LeidenSettings { resolution: 1.3, ..LeidenSettings::default() };
        let one = with_pool(Some(1), || detect(&g, &s)).expect("pool");
        let four = with_pool(Some(4), || detect(&g, &s)).expect("pool");
        assert_eq!(one.membership, four.membership);
        assert_eq!(one.modularity.to_bits(), four.modularity.to_bits());
        assert_eq!(one, detect(&g, &s));
        let other = detect(&g, &LeidenSettings { seed: 2, ..s });
        assert!((other.modularity - one.modularity).abs() < 0.05);
    }

    #[test]
    fn resolution_changes_the_grain() {
        let g = planted(6, 20, 11);
        let coarse = detect(&g, &LeidenSettings { resolution: 0.05, ..Default::default() });
        let fine = detect(&g, &LeidenSettings { resolution: 5.0, ..Default::default() });
        assert!(coarse.count < 6 && fine.count > 6, "{} {}", coarse.count, fine.count);
    }

    #[test]
    fn settings_are_validated() {
        let ok = LeidenSettings::default();
        assert!(ok.validate().is_ok());
        for r in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = LeidenSettings { resolution: r, ..ok }.validate().expect_err("invalid");
            assert!(e.to_string().contains("--resolution"), "{e}");
        }
        assert!(LeidenSettings { max_iterations: 0, ..ok }.validate().is_err());
    }

    #[test]
    fn labels_order_by_size_then_smallest_member_then_isolated() {
        // Raw labels by smallest member: 0 = {0}, isolated; 1 = {1, 3};
        // 2 = {2, 4}; 3 = {5, 6, 7}.
        let raw = [0, 1, 2, 1, 2, 3, 3, 3];
        let (m, sizes) = label(&raw, |v| v == 0);
        assert_eq!(m, vec![3, 1, 2, 1, 2, 0, 0, 0]);
        assert_eq!(sizes, vec![3, 2, 2, 1]);
    }
}
