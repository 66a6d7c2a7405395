//! Strongly connected components (Tarjan 1972), iteratively (no recursion,
//! so deep graphs cannot overflow the stack), in topological order of the
//! condensation: every link goes from a component to itself or to a later
//! one. PageRank solves components in this order; the betweenness bound
//! walks it.
//!
//! # Complexity
//! O(V + E) time, O(V) space.

use super::Csr;

/// Components in topological order; `members` lists the accounts of
/// component `c` as `members[starts[c]..starts[c + 1]]`, in increasing id.
#[derive(Clone, Debug, PartialEq)]
pub struct Components {
    pub component: Vec<u32>,
    pub members: Vec<u32>,
    pub starts: Vec<usize>,
}

impl Components {
    pub fn count(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn members(&self, c: usize) -> &[u32] {
        &self.members[self.starts[c]..self.starts[c + 1]]
    }

    pub fn largest(&self) -> usize {
        (0..self.count()).map(|c| self.starts[c + 1] - self.starts[c]).max().unwrap_or(0)
    }
}

const NONE: u32 = u32::MAX;

/// Strongly connected components of the graph `fwd`.
pub fn components(fwd: &Csr) -> Components {
    let n = fwd.node_count();
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    // Call stack of (node, next neighbour position).
    let mut calls: Vec<(u32, usize)> = Vec::new();
    let mut next_index = 0u32;
    // Tarjan finds components sinks first; numbered in that order, then reversed.
    let mut found: Vec<u32> = vec![NONE; n];
    let mut found_count = 0u32;
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        calls.push((root as u32, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let v = v as usize;
            let targets = fwd.targets(v);
            if *pos < targets.len() {
                let w = targets[*pos] as usize;
                *pos += 1;
                if index[w] == NONE {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    calls.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                let p = parent as usize;
                low[p] = low[p].min(low[v]);
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().expect("invariant: v is on the stack") as usize;
                    on_stack[w] = false;
                    found[w] = found_count;
                    if w == v {
                        break;
                    }
                }
                found_count += 1;
            }
        }
    }
    // Reverse the numbering: topological order, sources first.
    let count = found_count as usize;
    let component: Vec<u32> = found.iter().map(|&c| (count as u32 - 1) - c).collect();
    let (starts, members) = super::group_by_label(&component, count);
    Components { component, members, starts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components_in_topological_order() {
        // 0 -> 1 <-> 2 -> 3, 4 alone, 3 -> 5 -> 3
        let g = Csr::from_sorted(6, [(0, 1, 1.0), (1, 2, 1.0), (2, 1, 1.0), (2, 3, 1.0), (3, 5, 1.0), (5, 3, 1.0)]);
        let c = components(&g);
        assert_eq!(c.count(), 4);
        assert_eq!(c.component[1], c.component[2]);
        assert_eq!(c.component[3], c.component[5]);
        assert_eq!(c.largest(), 2);
        for u in 0..6 {
            for &v in g.targets(u) {
                assert!(c.component[u] <= c.component[v as usize], "{u} -> {v} goes backwards");
            }
        }
        let mut all: Vec<u32> = (0..c.count()).flat_map(|k| c.members(k).to_vec()).collect();
        all.sort_unstable();
        assert_eq!(all, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_long_path_does_not_overflow_the_stack() {
        let n = 1_000_000u32;
        let g = Csr::from_sorted(n as usize, (0..n - 1).map(|i| (i, i + 1, 1.0)));
        let c = components(&g);
        assert_eq!(c.count(), n as usize);
        assert!((0..n as usize - 1).all(|i| c.component[i] < c.component[i + 1]));
    }
}
