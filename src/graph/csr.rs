//! Compressed sparse rows: the layout every algorithm walks.
//!
//! ```text
//! offsets: [0, 2, 2, 5]        account u's links are targets[offsets[u]..offsets[u+1]]
//! targets: [1, 3, 0, 1, 2]     sorted by id within each account, no repeats
//! weights: [w, w, w, w, w]     the summed weight of all kinds on that link
//! ```
//!
//! Guarantees: neighbours are contiguous and strictly increasing by id, so
//! a walk over them is in a fixed order and float sums over it are
//! reproducible.

/// One direction of the collapsed, weighted graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Csr {
    /// Builds from (u, v, weight) triples sorted by (u, v); repeated pairs
    /// are summed in order.
    pub fn from_sorted(n: usize, links: impl IntoIterator<Item = (u32, u32, f64)>) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        let mut targets: Vec<u32> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        let mut last: Option<(u32, u32)> = None;
        for (u, v, w) in links {
            if last == Some((u, v)) {
                *weights.last_mut().expect("invariant: a previous link exists") += w;
                continue;
            }
            debug_assert!(last.is_none_or(|l| l < (u, v)), "links must be sorted");
            last = Some((u, v));
            offsets[u as usize + 1] += 1;
            targets.push(v);
            weights.push(w);
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Csr { offsets, targets, weights }
    }

    /// The symmetric CSR of undirected links `(a, b, weight)` among `n`
    /// accounts, listed in any order and either direction: each link in
    /// both rows, the weights of one pair summed in input order, self-links
    /// dropped. For links that come from outside an
    /// [`InteractionGraph`](super::InteractionGraph) (a picture's chosen
    /// links, a finished folder's edges.csv) and so cannot use the
    /// projection of [`undirected`](super::undirected). Summing in input
    /// order (a stable sort) keeps the bits of the per-purpose adjacency
    /// lists the layout and scout built before.
    ///
    /// # Complexity
    /// O(E log E) time (a sort of 2E triples), O(E) space.
    pub fn symmetric(n: usize, links: &[(u32, u32, f64)]) -> Csr {
        let mut both: Vec<(u32, u32, f64)> = Vec::with_capacity(links.len() * 2);
        for &(a, b, w) in links {
            if a != b {
                both.push((a, b, w));
                both.push((b, a, w));
            }
        }
        both.sort_by_key(|&(a, b, _)| (a, b));
        Csr::from_sorted(n, both)
    }

    /// The same links, reversed (v -> u), by a counting sort on target;
    /// sources stay in increasing order within each row.
    pub fn transpose(&self) -> Csr {
        let n = self.node_count();
        let mut offsets = vec![0usize; n + 1];
        for &v in &self.targets {
            offsets[v as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0u32; self.targets.len()];
        let mut weights = vec![0f64; self.targets.len()];
        for u in 0..n {
            for k in self.offsets[u]..self.offsets[u + 1] {
                let v = self.targets[k] as usize;
                targets[next[v]] = u as u32;
                weights[next[v]] = self.weights[k];
                next[v] += 1;
            }
        }
        Csr { offsets, targets, weights }
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn edge_count(&self) -> usize {
        self.targets.len()
    }

    /// A CSR of its three arrays (row offsets, targets, weights), each row's
    /// targets strictly increasing (checked in debug builds).
    pub fn from_parts(offsets: Vec<usize>, targets: Vec<u32>, weights: Vec<f64>) -> Csr {
        debug_assert!(offsets.windows(2).all(|r| targets[r[0]..r[1]].windows(2).all(|t| t[0] < t[1])));
        debug_assert_eq!(targets.len(), weights.len());
        Csr { offsets, targets, weights }
    }

    /// The three arrays (row offsets, targets, weights), for a reader that
    /// walks them without copying (Leiden's base network).
    pub fn raw(&self) -> (&[usize], &[u32], &[f64]) {
        (&self.offsets, &self.targets, &self.weights)
    }

    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// Targets of `u`, increasing.
    pub fn targets(&self, u: usize) -> &[u32] {
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// Weights of `u`'s links, aligned with [`Csr::targets`].
    pub fn weights(&self, u: usize) -> &[f64] {
        &self.weights[self.offsets[u]..self.offsets[u + 1]]
    }

    pub fn neighbours(&self, u: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.targets(u).iter().copied().zip(self.weights(u).iter().copied())
    }

    /// Sum of `u`'s link weights, in link order (0.0, not std's -0.0,
    /// when `u` has no links).
    pub fn weight_sum(&self, u: usize) -> f64 {
        self.weights(u).iter().fold(0.0, |a, w| a + w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_sums_and_transposes() {
        let g = Csr::from_sorted(4, [(0, 1, 1.0), (0, 1, 2.0), (0, 3, 1.0), (2, 0, 0.5), (2, 1, 1.0)]);
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.targets(0), &[1, 3]);
        assert_eq!(g.weights(0), &[3.0, 1.0]);
        assert_eq!(g.degree(1), 0);
        let r = g.transpose();
        assert_eq!(r.targets(1), &[0, 2]);
        assert_eq!(r.weights(1), &[3.0, 1.0]);
        assert_eq!(r.targets(0), &[2]);
        assert_eq!(r.transpose(), g);
    }

    #[test]
    fn symmetric_merges_directions_in_input_order() {
        let g = Csr::symmetric(4, &[(1, 0, 0.1), (2, 2, 9.0), (0, 1, 0.2), (3, 0, 1.0), (1, 0, 0.3)]);
        assert_eq!(g.targets(0), &[1, 3]);
        assert_eq!(g.weights(0), &[0.1 + 0.2 + 0.3, 1.0], "summed left to right");
        assert_eq!(g.targets(2), &[] as &[u32], "self-link dropped");
        assert_eq!(g, g.transpose());
    }
}
