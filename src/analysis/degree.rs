//! Degrees and strengths on the collapsed graph (one link per account pair,
//! all kinds summed).

use crate::graph::InteractionGraph;

/// Per-account degree figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Degrees {
    /// Distinct accounts that interact with this one.
    pub in_degree: Vec<u32>,
    /// Distinct accounts this one interacts with.
    pub out_degree: Vec<u32>,
    /// Summed weight of the interactions received.
    pub in_weight: Vec<f64>,
    /// Summed weight of the interactions made.
    pub out_weight: Vec<f64>,
}

/// Degrees of every account. O(V + E).
pub fn degrees(g: &InteractionGraph) -> Degrees {
    let n = g.node_count();
    Degrees {
        in_degree: (0..n).map(|v| g.reverse.degree(v) as u32).collect(),
        out_degree: (0..n).map(|u| g.forward.degree(u) as u32).collect(),
        in_weight: (0..n).map(|v| g.reverse.weight_sum(v)).collect(),
        out_weight: (0..n).map(|u| g.forward.weight_sum(u)).collect(),
    }
}
