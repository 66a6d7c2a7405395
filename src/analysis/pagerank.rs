//! Weighted PageRank (Brin and Page 1998), with the semantics of networkx's
//! `pagerank(G, alpha, weight="weight")`: an account passes rank to the
//! accounts it interacts with in proportion to link weight; accounts with no
//! outgoing weight (dangling) spread their rank uniformly; teleportation is
//! uniform.
//!
//! # Method
//! With uniform teleportation and dangling redistribution, the PageRank
//! vector is the normalised solution of the linear system
//! y = 1 + d·P'ᵀy, P' the row-normalised link weights with zero rows for
//! dangling accounts (Langville and Meyer 2006, "Deeper inside PageRank").
//! The system is solved component by component in topological order of the
//! strongly connected components, as PRPACK does (the solver behind igraph's
//! PageRank): an account alone in its component is solved exactly in one
//! step from the accounts that link to it, already final; a larger
//! component by Gauss-Seidel sweeps until the L1 change of a sweep is below
//! `tolerance` relative to the component's total. Interaction graphs are
//! mostly acyclic around a modest core, so most accounts cost one step.
//!
//! # Arguments
//! `damping` (networkx `alpha`, 0.85 by default), `tolerance`,
//! `max_iterations` (sweeps of one component).
//!
//! # Returns
//! Scores summing to 1; the most sweeps any component took and the largest
//! final relative change. Not converging is reported, not an error.
//!
//! # Complexity
//! O(V + E) for the components and the acyclic part, plus O(sweeps x E_c)
//! for each cyclic component c; O(V) auxiliary space. Serial and in a fixed
//! order: bit-identical at any thread count.

use crate::graph::InteractionGraph;
use crate::graph::scc;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct PageRankSettings {
    pub damping: f64,
    pub tolerance: f64,
    pub max_iterations: u32,
}

impl Default for PageRankSettings {
    fn default() -> Self {
        PageRankSettings { damping: 0.85, tolerance: 1e-12, max_iterations: 10_000 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageRank {
    pub scores: Vec<f64>,
    /// Most Gauss-Seidel sweeps taken by one component.
    pub iterations: u32,
    /// Largest final relative L1 change of a sweep, over components.
    pub residual: f64,
    pub converged: bool,
    /// Size of the largest strongly connected component.
    pub largest_component: usize,
}

/// PageRank of every account. An empty graph gives no scores; a graph
/// without links gives every account 1/n.
pub fn pagerank(g: &InteractionGraph, s: &PageRankSettings) -> PageRank {
    let n = g.node_count();
    if n == 0 {
        return PageRank { scores: Vec::new(), iterations: 0, residual: 0.0, converged: true, largest_component: 0 };
    }
    let inv_out: Vec<f64> = (0..n)
        .map(|u| {
            let w = g.forward.weight_sum(u);
            if w > 0.0 { 1.0 / w } else { 0.0 }
        })
        .collect();
    // d·w(u,v)/W(u) for every in-link, aligned with the reverse CSR: one
    // gather per link in the sweeps.
    let coef: Vec<f64> = (0..n)
        .flat_map(|v| g.reverse.targets(v).iter().zip(g.reverse.weights(v)))
        .map(|(&u, &w)| s.damping * w * inv_out[u as usize])
        .collect();
    let starts: Vec<usize> = std::iter::once(0)
        .chain((0..n).scan(0, |acc, v| {
            *acc += g.reverse.degree(v);
            Some(*acc)
        }))
        .collect();
    let comps = scc::components(&g.forward);
    let mut y = vec![0.0f64; n];
    // y_v = 1 + d Σ_{u -> v} y_u w(u,v) / W(u), with the latest y.
    let update = |y: &[f64], v: usize| -> f64 {
        let mut acc = 0.0;
        for (&u, &c) in g.reverse.targets(v).iter().zip(&coef[starts[v]..starts[v + 1]]) {
            acc += y[u as usize] * c;
        }
        1.0 + acc
    };
    let (mut iterations, mut residual, mut converged) = (0u32, 0.0f64, true);
    for c in 0..comps.count() {
        let members = comps.members(c);
        if let [v] = members {
            let v = *v as usize;
            y[v] = update(&y, v); // no self-links: every in-neighbour is final
            continue;
        }
        let mut sweeps = 0;
        let mut change = f64::INFINITY;
        while sweeps < s.max_iterations {
            sweeps += 1;
            let (mut delta, mut total) = (0.0, 0.0);
            for &v in members {
                let v = v as usize;
                let new = update(&y, v);
                delta += (new - y[v]).abs();
                total += new;
                y[v] = new;
            }
            change = delta / total;
            if change < s.tolerance {
                break;
            }
        }
        iterations = iterations.max(sweeps);
        residual = residual.max(change);
        converged &= change < s.tolerance;
    }
    let total: f64 = y.iter().sum();
    y.iter_mut().for_each(|v| *v /= total);
    PageRank { scores: y, iterations, residual, converged, largest_component: comps.largest() }
}
