//! Modularity (Newman and Girvan 2004; with a resolution γ as in Reichardt
//! and Bornholdt 2006) of a partition of an undirected weighted graph, with
//! the semantics of networkx's
//! `community.modularity(G, communities, weight="weight", resolution=γ)`:
//!
//! ```text
//! Q = Σ_c [ L_c / m  -  γ (K_c / 2m)^2 ]
//! ```
//!
//! where m is the total link weight (each undirected link once), L_c the
//! weight of the links inside community c and K_c the total strength of its
//! members. A self-loop counts once in L_c and twice in the strength, as in
//! networkx (the projection has none).
//!
//! # Arguments
//! `graph`: a symmetric CSR (the undirected projection, see
//! [`crate::graph::undirected`]); `membership`: a community label per node,
//! labels `0..count` (gaps allowed: an empty label has share 0);
//! `resolution`: γ.
//!
//! # Returns
//! [`modularity`]: Q. [`modularity_shares`]: each community's term of the
//! sum, indexed by label; [`modularity`] is their sum in label order. A
//! graph without links (m = 0) has Q = 0 and every share 0, where networkx
//! divides by zero.
//!
//! # Panics
//! If `membership.len()` is not the node count (the caller's duty: a
//! membership belongs to one graph).
//!
//! # Complexity
//! O(V + E) time, O(V) auxiliary space. Communities are summed in parallel,
//! each over its members in id order and their links in id order, then the
//! terms are added in label order: same bits at any thread count.

use rayon::prelude::*;

use crate::graph::Csr;

/// Modularity of `membership` on the undirected `graph`: see the module doc.
pub fn modularity(graph: &Csr, membership: &[u32], resolution: f64) -> f64 {
    modularity_shares(graph, membership, resolution).iter().fold(0.0, |a, s| a + s)
}

/// Each community's share of the modularity: its term L_c / m - γ (K_c / 2m)^2
/// of the sum (the shares sum to [`modularity`]).
pub fn modularity_shares(graph: &Csr, membership: &[u32], resolution: f64) -> Vec<f64> {
    let n = graph.node_count();
    assert_eq!(membership.len(), n, "a community label per node of the graph");
    let count = membership.iter().max().map_or(0, |&c| c as usize + 1);
    let (start, members) = crate::graph::group_by_label(membership, count);
    // (2 L_c, K_c) per community.
    let sums: Vec<(f64, f64)> = (0..count)
        .into_par_iter()
        .map(|c| {
            let (mut inside, mut strength) = (0.0, 0.0);
            for &u in &members[start[c]..start[c + 1]] {
                for (v, w) in graph.neighbours(u as usize) {
                    let self_loop = if v == u { 2.0 } else { 1.0 };
                    strength += self_loop * w;
                    // A select, not a branch (see leiden's local moving);
                    // adding 0 to the positive sum leaves its bits.
                    let here = self_loop * w;
                    inside += if membership[v as usize] as usize == c { here } else { 0.0 };
                }
            }
            (inside, strength)
        })
        .collect();
    let two_m = sums.iter().fold(0.0, |a, s| a + s.1);
    if two_m <= 0.0 {
        return vec![0.0; count];
    }
    sums.iter().map(|&(inside, k)| inside / two_m - resolution * (k / two_m) * (k / two_m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A symmetric CSR from undirected links.
    fn undirected(n: usize, edges: &[(u32, u32, f64)]) -> Csr {
        let mut links: Vec<(u32, u32, f64)> = edges
            .iter()
            .flat_map(|&(u, v, w)| if u == v { vec![(u, v, w)] } else { vec![(u, v, w), (v, u, w)] })
            .collect();
        links.sort_by_key(|l| (l.0, l.1));
        Csr::from_sorted(n, links)
    }

    #[test]
    fn matches_networkx_on_karate_club() {
        // Zachary's karate club, unweighted, split by the "club" attribute.
        #[rustfmt::skip]
        let edges: [(u32, u32); 78] = [
            (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12),
            (0, 13), (0, 17), (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19),
            (1, 21), (1, 30), (2, 3), (2, 7), (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32), (3, 7),
            (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10), (5, 16), (6, 16), (8, 30), (8, 32), (8, 33),
            (9, 33), (13, 33), (14, 32), (14, 33), (15, 32), (15, 33), (18, 32), (18, 33), (19, 33), (20, 32),
            (20, 33), (22, 32), (22, 33), (23, 25), (23, 27), (23, 29), (23, 32), (23, 33), (24, 25),
            (24, 27), (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32),
            (29, 33), (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
        ];
        let e: Vec<(u32, u32, f64)> = edges.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        let g = undirected(34, &e);
        // The "club" attribute: Mr. Hi = 0, Officer = 1.
        let officer = [9, 14, 15, 18, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33];
        let m: Vec<u32> = (0..34).map(|v| officer.contains(&v) as u32).collect();
        // networkx 3.4.2: nx.community.modularity(G, [hi, officer], weight=None),
        // and with resolution=0.5.
        let q = modularity(&g, &m, 1.0);
        assert!((q - 0.3582347140039448).abs() < 1e-12, "{q}");
        let q_half = modularity(&g, &m, 0.5);
        assert!((q_half - 0.6086045364891519).abs() < 1e-12, "{q_half}");
        let shares = modularity_shares(&g, &m, 1.0);
        assert_eq!(shares.len(), 2);
        assert_eq!(q, shares[0] + shares[1]);
    }

    #[test]
    fn resolution_self_loops_and_degenerate_graphs() {
        // Triangle plus a self-loop on 0: networkx counts the loop once in
        // L_c and twice in the degree.
        let g = undirected(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (0, 0, 2.0)]);
        // m = 5; one community: L = 5, K = 10: 1 - γ.
        assert!((modularity(&g, &[0, 0, 0], 1.0) - 0.0).abs() < 1e-15);
        assert!((modularity(&g, &[0, 0, 0], 0.5) - 0.5).abs() < 1e-15);
        // Singletons: L_0 = 2, K = (6, 2, 2).
        let q = modularity(&g, &[0, 1, 2], 1.0);
        assert!((q - (2.0 / 5.0 - (36.0 + 4.0 + 4.0) / 100.0)).abs() < 1e-15, "{q}");
        let empty = Csr::from_sorted(0, []);
        assert_eq!(modularity(&empty, &[], 1.0), 0.0);
        assert!(modularity_shares(&empty, &[], 1.0).is_empty());
        let linkless = Csr::from_sorted(3, []);
        assert_eq!(modularity(&linkless, &[0, 1, 1], 1.0), 0.0);
        assert_eq!(modularity_shares(&linkless, &[0, 2, 2], 1.0), vec![0.0; 3]);
    }
}
