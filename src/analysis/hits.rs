//! HITS hubs and authorities (Kleinberg 1999) on the weighted graph, with
//! the semantics of networkx's `hits(G)`: with A the weighted adjacency
//! matrix (A[u][v] = weight of u -> v), authorities are the principal
//! eigenvector of AᵀA and hubs of AAᵀ, each scaled to sum to 1. An account
//! others link to from good hubs is an authority; one that links to good
//! authorities is a hub.
//!
//! # Arguments
//! `tolerance` on the L1 change of the authority vector between
//! iterations, `max_iterations`.
//!
//! # Returns
//! Authority and hub scores (each summing to 1; all 0 when the graph has no
//! links), iterations run and the final residual.
//!
//! # Complexity
//! O(iterations x (V + E)) time, O(V) auxiliary space. Power iteration from
//! a uniform start; each step pulls over the reverse CSR (authorities) and
//! the forward CSR (hubs) in fixed-size blocks, so results are bit-identical
//! at any thread count. Converges at the rate (σ₂/σ₁)², σ the singular
//! values of A.

use crate::graph::{Csr, InteractionGraph};
use crate::par;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct HitsSettings {
    pub tolerance: f64,
    pub max_iterations: u32,
}

impl Default for HitsSettings {
    fn default() -> Self {
        HitsSettings { tolerance: 1e-12, max_iterations: 10_000 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hits {
    pub authority: Vec<f64>,
    pub hub: Vec<f64>,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
}

/// `out[v] = Σ w · x[u]` over the links of `v` in `csr`.
fn pull(csr: &Csr, x: &[f64], out: &mut [f64]) {
    par::fill(out, |v| {
        let mut acc = 0.0;
        for (&u, &w) in csr.targets(v).iter().zip(csr.weights(v)) {
            acc += x[u as usize] * w;
        }
        acc
    });
}

/// Scales `x` to sum to 1; returns false when it sums to 0.
fn normalise(x: &mut [f64]) -> bool {
    let total = par::ordered_sum(x.len(), |i| x[i]);
    if total > 0.0 {
        x.iter_mut().for_each(|v| *v /= total);
        true
    } else {
        false
    }
}

/// HITS scores of every account.
pub fn hits(g: &InteractionGraph, s: &HitsSettings) -> Hits {
    let n = g.node_count();
    if g.forward.edge_count() == 0 {
        return Hits { authority: vec![0.0; n], hub: vec![0.0; n], iterations: 0, residual: 0.0, converged: true };
    }
    let mut auth = vec![1.0 / n as f64; n];
    let mut hub = vec![0.0; n];
    let mut next = vec![0.0; n];
    let (mut iterations, mut residual) = (0, f64::INFINITY);
    while iterations < s.max_iterations {
        iterations += 1;
        pull(&g.forward, &auth, &mut hub); // hub[u] = Σ_{u->v} w a[v]
        normalise(&mut hub);
        pull(&g.reverse, &hub, &mut next); // a[v] = Σ_{u->v} w h[u]
        normalise(&mut next);
        residual = par::ordered_sum(n, |i| (next[i] - auth[i]).abs());
        std::mem::swap(&mut auth, &mut next);
        if residual < s.tolerance {
            break;
        }
    }
    pull(&g.forward, &auth, &mut hub);
    normalise(&mut hub);
    Hits { authority: auth, hub, iterations, residual, converged: residual < s.tolerance }
}
