//! Analysis: scores computed on the [`InteractionGraph`](crate::graph::InteractionGraph).
//! Algorithms know the graph, never the formats it came from, and never
//! how results are written.

pub mod degree;
pub mod pagerank;
