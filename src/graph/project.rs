//! The undirected projection of the interaction graph, for the algorithms
//! that are defined on undirected graphs: Leiden and modularity
//! (design.md, "What each number means": "Leiden on the undirected
//! projection (weight of u-v is w(u->v) + w(v->u))"). Who talks to whom
//! matters for a community, not who spoke first; modularity's null model
//! (k_u k_v / 2m) is the undirected configuration model, as in networkx's
//! `modularity(G.to_undirected())` on a graph whose reciprocal edge weights
//! were added.
//!
//! ```text
//! forward (directed, kinds summed)      undirected projection (symmetric CSR)
//!   a -> b  2.0                           a: [b 3.0, c 1.0]
//!   b -> a  1.0            ==>            b: [a 3.0]
//!   c -> a  1.0                           c: [a 1.0]
//! ```
//!
//! Guarantees: every link appears in both rows (u in v's row and v in u's,
//! with the same weight, bit for bit: `x + y == y + x` in IEEE arithmetic);
//! no self-loops (the builder drops self-interactions, and any left are
//! skipped here); neighbours strictly increasing by id, as in every [`Csr`].

use super::{Csr, InteractionGraph};
use crate::par;

/// The undirected projection of `g` as a symmetric weighted [`Csr`]: the
/// weight of u-v is w(u->v) + w(v->u), each the sum over interaction kinds
/// (from `g.forward`); no self-loops; neighbours sorted by id. An account
/// without links keeps its row, empty.
///
/// # Complexity
/// O(V + E) time and space; rows are merged in parallel blocks of
/// accounts and concatenated in order, so the result does not depend on
/// the thread count.
pub fn undirected(g: &InteractionGraph) -> Csr {
    project(&g.forward, &g.reverse)
}

impl InteractionGraph {
    /// The undirected projection: see [`undirected`].
    pub fn undirected(&self) -> Csr {
        undirected(self)
    }

    /// The undirected projection, freeing the directed links (`forward`
    /// and `reverse` are left empty). For `analyze`: after the directed
    /// analyses, its stages (communities, topics, trends) and the report
    /// read accounts, edges, the projection and the results, never the
    /// directed links, and the communities stage is where a large run's
    /// memory peaks. On the 10M-interaction graph the two are 250 MB of
    /// the 1,000 held.
    pub fn undirected_freeing_links(&mut self) -> Csr {
        let projection = undirected(self);
        self.forward = Csr::default();
        self.reverse = Csr::default();
        projection
    }
}

/// Merges each account's out-row (forward) and in-row (reverse), both
/// sorted by id, into one sorted row with the weights of a pair summed.
fn project(forward: &Csr, reverse: &Csr) -> Csr {
    let n = forward.node_count();
    debug_assert_eq!(n, reverse.node_count());
    let bound = |u| forward.degree(u) + reverse.degree(u);
    let (offsets, targets, weights) = par::rows(n, bound, || (), |_, u, t, w| merge_row(u, forward, reverse, t, w));
    Csr::from_parts(offsets, targets, weights)
}

/// Row u of the projection: u's out-row and in-row merged, pushed to
/// `targets` and `weights` (a neighbour is in each row at most once, so
/// nothing needs summing after).
fn merge_row(u: usize, forward: &Csr, reverse: &Csr, targets: &mut Vec<u32>, weights: &mut Vec<f64>) {
    let (ft, fw) = (forward.targets(u), forward.weights(u));
    let (rt, rw) = (reverse.targets(u), reverse.weights(u));
    let (mut i, mut j) = (0, 0);
    let uu = u as u32;
    while i < ft.len() || j < rt.len() {
        let (v, w) = if j == rt.len() || (i < ft.len() && ft[i] < rt[j]) {
            i += 1;
            (ft[i - 1], fw[i - 1])
        } else if i == ft.len() || rt[j] < ft[i] {
            j += 1;
            (rt[j - 1], rw[j - 1])
        } else {
            // Both directions: w(u->v) + w(v->u). Row v adds the same two
            // numbers in the other order, which IEEE addition makes equal.
            i += 1;
            j += 1;
            (ft[i - 1], fw[i - 1] + rw[j - 1])
        };
        if v != uu {
            targets.push(v);
            weights.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr(n: usize, mut links: Vec<(u32, u32, f64)>) -> (Csr, Csr) {
        links.sort_by_key(|l| (l.0, l.1));
        let f = Csr::from_sorted(n, links);
        let r = f.transpose();
        (f, r)
    }

    #[test]
    fn sums_both_directions_and_is_symmetric() {
        let (f, r) = csr(4, vec![(0, 1, 2.0), (1, 0, 1.0), (2, 0, 1.0), (2, 2, 5.0), (0, 3, 0.5)]);
        let p = project(&f, &r);
        assert_eq!(p.targets(0), &[1, 2, 3]);
        assert_eq!(p.weights(0), &[3.0, 1.0, 0.5]);
        assert_eq!(p.targets(1), &[0]);
        assert_eq!(p.weights(1), &[3.0]);
        assert_eq!(p.targets(2), &[0], "self-loop dropped");
        assert_eq!(p.targets(3), &[0]);
        assert_eq!(p, p.transpose(), "symmetric");
    }

    #[test]
    fn empty_and_linkless_graphs() {
        let (f, r) = csr(0, vec![]);
        assert_eq!(project(&f, &r).node_count(), 0);
        let (f, r) = csr(3, vec![]);
        let p = project(&f, &r);
        assert_eq!((p.node_count(), p.edge_count()), (3, 0));
    }
}
