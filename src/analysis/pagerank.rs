//! Weighted PageRank (Brin and Page 1998), with the semantics of networkx's
//! `pagerank(G, alpha, weight="weight")`: an account passes rank to the
//! accounts it interacts with in proportion to link weight; accounts with no
//! outgoing weight (dangling) spread their rank uniformly; teleportation is
//! uniform.
//!
//! # Arguments
//! `damping` (networkx `alpha`, 0.85 by default), `tolerance` on the L1
//! change between iterations, `max_iterations`.
//!
//! # Returns
//! Scores summing to 1, with the iterations run and the final L1 residual.
//! Not converging within `max_iterations` is reported, not an error.
//!
//! # Complexity
//! O(iterations x (V + E)) time, O(V) auxiliary space. Pull-based over the
//! reverse CSR: each account sums its in-links in a fixed order, in parallel
//! blocks, so results are bit-identical at any thread count.

use crate::graph::InteractionGraph;
use crate::par;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct PageRankSettings {
    pub damping: f64,
    pub tolerance: f64,
    pub max_iterations: u32,
}

impl Default for PageRankSettings {
    fn default() -> Self {
        PageRankSettings { damping: 0.85, tolerance: 1e-12, max_iterations: 1000 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageRank {
    pub scores: Vec<f64>,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
}

/// PageRank of every account. An empty graph gives no scores; a graph
/// without links gives every account 1/n.
pub fn pagerank(g: &InteractionGraph, s: &PageRankSettings) -> PageRank {
    let n = g.node_count();
    if n == 0 {
        return PageRank { scores: Vec::new(), iterations: 0, residual: 0.0, converged: true };
    }
    let out_weight: Vec<f64> = (0..n).map(|u| g.forward.weight_sum(u)).collect();
    let inv_out: Vec<f64> = out_weight.iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect();
    let dangling: Vec<usize> = (0..n).filter(|&u| out_weight[u] <= 0.0).collect();
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    // share[u] = x[u] / out_weight(u): what u passes along each unit of weight.
    let mut share: Vec<f64> = (0..n).map(|u| x[u] * inv_out[u]).collect();
    let mut next = vec![0.0; n];
    let mut next_share = vec![0.0; n];
    let (mut iterations, mut residual) = (0, f64::INFINITY);
    while iterations < s.max_iterations {
        iterations += 1;
        let dangling_mass = par::ordered_sum(dangling.len(), |i| x[dangling[i]]);
        let base = (1.0 - s.damping) / nf + s.damping * dangling_mass / nf;
        par::fill2(&mut next, &mut next_share, |v| {
            let mut acc = 0.0;
            for (&u, &w) in g.reverse.targets(v).iter().zip(g.reverse.weights(v)) {
                acc += share[u as usize] * w;
            }
            let xv = base + s.damping * acc;
            (xv, xv * inv_out[v])
        });
        residual = par::ordered_sum(n, |i| (next[i] - x[i]).abs());
        std::mem::swap(&mut x, &mut next);
        std::mem::swap(&mut share, &mut next_share);
        if residual < s.tolerance {
            break;
        }
    }
    // Remove the rounding drift so the scores sum to 1.
    let total = par::ordered_sum(n, |i| x[i]);
    if total > 0.0 {
        x.iter_mut().for_each(|v| *v /= total);
    }
    PageRank { scores: x, iterations, residual, converged: residual < s.tolerance }
}
