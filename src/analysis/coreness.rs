//! Coreness: the k-core number of each account on the undirected simple
//! graph (direction, weights and repeated links ignored), as networkx's
//! `core_number(G.to_undirected())`. An account has coreness k when it
//! belongs to a group in which everyone interacts with at least k others
//! of the group, and to no such group for k + 1.
//!
//! # Returns
//! The core number per account (0 for accounts without links).
//!
//! # Complexity
//! O(V + E) time and space: the bucket algorithm of Batagelj and
//! Zaversnik (2003), "An O(m) algorithm for cores decomposition of
//! networks". Serial: it is a small fraction of a run.

use crate::graph::InteractionGraph;

/// Undirected simple neighbours of every account: forward and reverse
/// links merged (both sorted), without repeats. CSR layout.
fn undirected(g: &InteractionGraph) -> (Vec<usize>, Vec<u32>) {
    let n = g.node_count();
    let mut offsets = Vec::with_capacity(n + 1);
    let mut adj = Vec::with_capacity(g.forward.edge_count() * 2);
    offsets.push(0);
    for u in 0..n {
        let (a, b) = (g.forward.targets(u), g.reverse.targets(u));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let next = match (a.get(i), b.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => unreachable!("loop condition"),
            };
            if next as usize != u {
                adj.push(next);
            }
        }
        offsets.push(adj.len());
    }
    (offsets, adj)
}

/// Core number of every account.
pub fn coreness(g: &InteractionGraph) -> Vec<u32> {
    let n = g.node_count();
    let (off, adj) = undirected(g);
    let mut deg: Vec<usize> = (0..n).map(|u| off[u + 1] - off[u]).collect();
    let max_deg = deg.iter().copied().max().unwrap_or(0);
    // Bucket sort accounts by degree: vert in order, pos[v] its place, bin[d] first of degree d.
    let mut bin = vec![0usize; max_deg + 2];
    for &d in &deg {
        bin[d + 1] += 1;
    }
    for d in 0..=max_deg {
        bin[d + 1] += bin[d];
    }
    let mut pos = vec![0usize; n];
    let mut vert = vec![0u32; n];
    let mut next = bin.clone();
    for v in 0..n {
        pos[v] = next[deg[v]];
        vert[pos[v]] = v as u32;
        next[deg[v]] += 1;
    }
    for i in 0..n {
        let v = vert[i] as usize;
        for &u in &adj[off[v]..off[v + 1]] {
            let u = u as usize;
            if deg[u] > deg[v] {
                // Move u to the front of its bucket, then lower its degree.
                let du = deg[u];
                let pu = pos[u];
                let pw = bin[du];
                let w = vert[pw] as usize;
                if u != w {
                    vert.swap(pu, pw);
                    pos[u] = pw;
                    pos[w] = pu;
                }
                bin[du] += 1;
                deg[u] -= 1;
            }
        }
    }
    deg.into_iter().map(|d| d as u32).collect()
}
