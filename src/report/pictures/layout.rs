//! Force-directed layout of our own: ForceAtlas2 (Jacomy, Venturini,
//! Heymann and Bastian 2014, as in Gephi's `ForceAtlas2.java`) in LinLog
//! mode, with Barnes-Hut repulsion over a quadtree, and the composition of a
//! whole graph's positions from per-community layouts.
//!
//! Forces: linear-log attraction along links (`w · ln(1 + d)`), repulsion
//! `k_r · m_i · m_j / d` between all pairs with masses `degree + 1` (far
//! groups of accounts approximated by their centre of mass), gravity
//! `k_g · m_i` towards the origin; the step size adapts per account
//! (swinging) and globally (traction against swinging).
//!
//! Deterministic at any thread count: the quadtree is built serially, each
//! account's force is computed serially by one task (parallel over fixed
//! blocks of accounts), and the global sums are added block by block in
//! order. The start positions come from the run's seed.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::graph::Csr;
use crate::par::BLOCK;
use crate::rng::Rng;

/// The layout's graph from links `(a, b, weight)` among `n` nodes: a
/// symmetric [`Csr`], directions merged, weights of the same pair summed
/// (in input order), self-links and links without a positive finite
/// weight dropped (they would pull with no meaning).
pub fn layout_graph(n: usize, links: &[(u32, u32, f64)]) -> Csr {
    let kept: Vec<(u32, u32, f64)> = links.iter().copied().filter(|&(_, _, w)| pulls(w)).collect();
    Csr::symmetric(n, &kept)
}

/// Whether a link of weight `w` pulls in a layout: positive and finite.
fn pulls(w: f64) -> bool {
    w > 0.0 && w.is_finite()
}

/// ForceAtlas2 parameters; the defaults suit LinLog mode.
#[derive(Clone, Copy, Debug)]
pub struct Fa2Settings {
    pub iterations: u32,
    /// Repulsion strength `k_r`.
    pub scaling: f64,
    /// Gravity strength `k_g`.
    pub gravity: f64,
    /// Barnes-Hut accuracy: a cell is one body when its side is below
    /// `theta` times its distance (Gephi's default 1.2).
    pub theta: f64,
    /// How much speed may oscillate (Gephi's jitter tolerance).
    pub jitter_tolerance: f64,
}

impl Default for Fa2Settings {
    fn default() -> Self {
        Fa2Settings { iterations: 200, scaling: 2.0, gravity: 1.0, theta: 1.2, jitter_tolerance: 1.0 }
    }
}

/// Iterations for `n` nodes when about `budget` node-iterations may be
/// spent: more for small graphs, at least a few for huge ones.
pub fn iterations_for(n: usize, budget: usize) -> u32 {
    (budget / n.max(1)).clamp(8, 400) as u32
}

/// Lays out `g` with ForceAtlas2; `mass` overrides the default
/// `degree + 1`. Start positions are drawn from `Rng::for_task(seed,
/// "layout", task)`.
pub fn force_atlas2(g: &Csr, mass: Option<&[f64]>, s: &Fa2Settings, seed: u64, task: u64) -> Vec<[f64; 2]> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let mass: Vec<f64> = match mass {
        Some(m) => m.to_vec(),
        None => (0..n).map(|u| g.degree(u) as f64 + 1.0).collect(),
    };
    let mut rng = Rng::for_task(seed, "layout", task);
    let side = (n as f64).sqrt() * 10.0;
    let mut pos: Vec<[f64; 2]> = (0..n).map(|_| [(rng.unit() - 0.5) * side, (rng.unit() - 0.5) * side]).collect();
    if n == 1 {
        return vec![[0.0, 0.0]];
    }
    // Attraction weights relative to the mean, so that the balance of
    // forces does not depend on the scale of the weights.
    let mean_w =
        if g.edge_count() == 0 { 1.0 } else { (0..n).flat_map(|u| g.weights(u)).sum::<f64>() / g.edge_count() as f64 };
    let mut old = vec![[0.0f64; 2]; n];
    let mut force = vec![[0.0f64; 2]; n];
    let mut speed = 1.0f64;
    let mut speed_efficiency = 1.0f64;
    for _ in 0..s.iterations {
        let tree = QuadTree::build(&pos, &mass);
        let sums: Vec<(f64, f64)> = force
            .par_chunks_mut(BLOCK)
            .zip(old.par_chunks(BLOCK))
            .enumerate()
            .map(|(b, (chunk, olds))| {
                let (mut swing, mut traction) = (0.0, 0.0);
                for (j, (f, o)) in chunk.iter_mut().zip(olds).enumerate() {
                    let i = b * BLOCK + j;
                    let mut acc = tree.repulsion(i, &pos, &mass, s.scaling, s.theta);
                    let [x, y] = pos[i];
                    for (v, w) in g.neighbours(i) {
                        let v = v as usize;
                        let (dx, dy) = (pos[v][0] - x, pos[v][1] - y);
                        let d = (dx * dx + dy * dy).sqrt();
                        if d > 0.0 {
                            let k = (w / mean_w) * (1.0 + d).ln() / d;
                            acc[0] += dx * k;
                            acc[1] += dy * k;
                        }
                    }
                    let d = (x * x + y * y).sqrt();
                    if d > 0.0 {
                        let k = s.gravity * mass[i] / d;
                        acc[0] -= x * k;
                        acc[1] -= y * k;
                    }
                    *f = acc;
                    let (sx, sy) = (acc[0] - o[0], acc[1] - o[1]);
                    swing += mass[i] * (sx * sx + sy * sy).sqrt();
                    let (tx, ty) = (acc[0] + o[0], acc[1] + o[1]);
                    traction += mass[i] * (tx * tx + ty * ty).sqrt() / 2.0;
                }
                (swing, traction)
            })
            .collect();
        let (mut swinging, mut traction) = (0.0, 0.0);
        for (sw, tr) in sums {
            swinging += sw;
            traction += tr;
        }
        // Gephi's adaptive speed: a jitter tolerance estimated from the
        // graph size, efficiency lowered while nodes oscillate.
        let estimated = 0.05 * (n as f64).sqrt();
        let min_jt = estimated.sqrt();
        let max_jt: f64 = 10.0;
        let mut jt = s.jitter_tolerance * min_jt.max(max_jt.min(estimated * traction / (n as f64 * n as f64)));
        let min_efficiency = 0.05;
        if traction > 0.0 && swinging / traction > 2.0 {
            if speed_efficiency > min_efficiency {
                speed_efficiency *= 0.5;
            }
            jt = jt.max(s.jitter_tolerance);
        }
        let target = if swinging > 0.0 { jt * speed_efficiency * traction / swinging } else { speed };
        if swinging > jt * traction {
            if speed_efficiency > min_efficiency {
                speed_efficiency *= 0.7;
            }
        } else if speed < 1000.0 {
            speed_efficiency *= 1.3;
        }
        speed += (target - speed).min(0.5 * speed);
        let sp = speed;
        pos.par_chunks_mut(BLOCK).zip(force.par_chunks(BLOCK)).zip(old.par_chunks_mut(BLOCK)).enumerate().for_each(
            |(b, ((ps, fs), os))| {
                for (j, ((p, f), o)) in ps.iter_mut().zip(fs).zip(os.iter_mut()).enumerate() {
                    let i = b * BLOCK + j;
                    let (sx, sy) = (f[0] - o[0], f[1] - o[1]);
                    let swinging = mass[i] * (sx * sx + sy * sy).sqrt();
                    let factor = sp / (1.0 + (sp * swinging).sqrt());
                    p[0] += f[0] * factor;
                    p[1] += f[1] * factor;
                    *o = *f;
                }
            },
        );
    }
    pos
}

/// Bodies per quadtree leaf.
const LEAF: usize = 8;
/// Deeper than this, a cell stays a leaf (coincident positions).
const MAX_DEPTH: u32 = 32;

/// A Barnes-Hut quadtree: cells in an arena, each with its total mass and
/// centre of mass; leaves hold a range of `order`.
struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
    /// `(x, y, mass)` of `order[j]` at `j`: a leaf's bodies read in a row,
    /// not through the order at random (the repulsion's leaf loop is most of
    /// the layout's time).
    bodies: Vec<[f64; 3]>,
}

struct Cell {
    /// Centre of mass.
    cx: f64,
    cy: f64,
    mass: f64,
    /// Side of the square.
    side: f64,
    /// First child (four in a row) or 0 for a leaf.
    child: u32,
    /// The leaf's bodies: `order[start..end]`.
    start: u32,
    end: u32,
}

impl QuadTree {
    fn build(pos: &[[f64; 2]], mass: &[f64]) -> QuadTree {
        let [x0, y0, x1, y1] = bounds(pos);
        let side = (x1 - x0).max(y1 - y0).max(1e-9);
        let mut t = QuadTree {
            cells: Vec::with_capacity(pos.len() / 2 + 1),
            order: (0..pos.len() as u32).collect(),
            bodies: Vec::new(),
        };
        t.cells.push(Cell { cx: 0.0, cy: 0.0, mass: 0.0, side, child: 0, start: 0, end: pos.len() as u32 });
        t.split(0, x0, y0, 0, pos, mass);
        t.bodies = t.order.iter().map(|&b| [pos[b as usize][0], pos[b as usize][1], mass[b as usize]]).collect();
        t
    }

    /// Fills cell `c` (square at `x0, y0` of its side) from its bodies,
    /// splitting it into four while it holds more than a leaf's worth.
    fn split(&mut self, c: usize, x0: f64, y0: f64, depth: u32, pos: &[[f64; 2]], mass: &[f64]) {
        let (start, end, side) = (self.cells[c].start as usize, self.cells[c].end as usize, self.cells[c].side);
        if end - start <= LEAF || depth >= MAX_DEPTH {
            let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
            for &b in &self.order[start..end] {
                let b = b as usize;
                m += mass[b];
                sx += mass[b] * pos[b][0];
                sy += mass[b] * pos[b][1];
            }
            let cell = &mut self.cells[c];
            cell.mass = m;
            (cell.cx, cell.cy) = if m > 0.0 { (sx / m, sy / m) } else { (x0 + side / 2.0, y0 + side / 2.0) };
            return;
        }
        let half = side / 2.0;
        let (mx, my) = (x0 + half, y0 + half);
        let bodies = &mut self.order[start..end];
        // Partition into the four quadrants: by y, then each half by x.
        let lower = partition(bodies, |b| pos[b as usize][1] < my);
        let left_low = partition(&mut bodies[..lower], |b| pos[b as usize][0] < mx);
        let left_high = partition(&mut bodies[lower..], |b| pos[b as usize][0] < mx);
        let bounds = [start, start + left_low, start + lower, start + lower + left_high, end];
        let first = self.cells.len();
        self.cells[c].child = first as u32;
        for q in 0..4 {
            self.cells.push(Cell {
                cx: 0.0,
                cy: 0.0,
                mass: 0.0,
                side: half,
                child: 0,
                start: bounds[q] as u32,
                end: bounds[q + 1] as u32,
            });
        }
        let corners = [(x0, y0), (mx, y0), (x0, my), (mx, my)];
        let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for (q, &(qx, qy)) in corners.iter().enumerate() {
            self.split(first + q, qx, qy, depth + 1, pos, mass);
            let ch = &self.cells[first + q];
            m += ch.mass;
            sx += ch.mass * ch.cx;
            sy += ch.mass * ch.cy;
        }
        let cell = &mut self.cells[c];
        cell.mass = m;
        (cell.cx, cell.cy) = if m > 0.0 { (sx / m, sy / m) } else { (mx, my) };
    }

    /// The repulsion on body `i`: `k_r m_i m_j / d` away from every other
    /// body, far cells taken as one body.
    fn repulsion(&self, i: usize, pos: &[[f64; 2]], mass: &[f64], k: f64, theta: f64) -> [f64; 2] {
        let [x, y] = pos[i];
        let mi = mass[i];
        let mut f = [0.0f64; 2];
        let mut push = |dx: f64, dy: f64, mj: f64| {
            let d2 = dx * dx + dy * dy;
            if d2 > 0.0 {
                let c = k * mi * mj / d2;
                f[0] += dx * c;
                f[1] += dy * c;
            }
        };
        // Cells to visit, on the stack (not a Vec allocated per body and
        // iteration): an inner cell is replaced by its four children, so at
        // most three wait per level of depth, and four at the deepest.
        let mut stack = [0u32; 3 * MAX_DEPTH as usize + 8];
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let cell = &self.cells[stack[top] as usize];
            if cell.mass == 0.0 {
                continue;
            }
            if cell.child == 0 {
                let (start, end) = (cell.start as usize, cell.end as usize);
                for (&b, body) in self.order[start..end].iter().zip(&self.bodies[start..end]) {
                    if b as usize != i {
                        push(x - body[0], y - body[1], body[2]);
                    }
                }
                continue;
            }
            let (dx, dy) = (x - cell.cx, y - cell.cy);
            if cell.side * cell.side < theta * theta * (dx * dx + dy * dy) {
                push(dx, dy, cell.mass);
            } else {
                for q in 0..4 {
                    stack[top] = cell.child + q;
                    top += 1;
                }
            }
        }
        f
    }
}

/// Moves the items for which `left` holds to the front (in a fixed way, so
/// the tree is the same on every run); returns how many there are.
fn partition(items: &mut [u32], left: impl Fn(u32) -> bool) -> usize {
    let mut k = 0;
    for i in 0..items.len() {
        if left(items[i]) {
            items.swap(i, k);
            k += 1;
        }
    }
    k
}

/// Centres positions on their centroid and scales them so that the
/// farthest lies at distance 1. A single position goes to the origin.
pub fn normalise(pos: &mut [[f64; 2]]) {
    if pos.is_empty() {
        return;
    }
    let n = pos.len() as f64;
    let (cx, cy) = pos.iter().fold((0.0, 0.0), |(a, b), p| (a + p[0], b + p[1]));
    let (cx, cy) = (cx / n, cy / n);
    let mut r: f64 = 0.0;
    for p in pos.iter_mut() {
        p[0] -= cx;
        p[1] -= cy;
        r = r.max((p[0] * p[0] + p[1] * p[1]).sqrt());
    }
    if r > 0.0 {
        for p in pos.iter_mut() {
            p[0] /= r;
            p[1] /= r;
        }
    }
}

/// Node-iterations spent on the whole graph's positions (about 2 s on
/// 2 shared cores for 100k accounts): large graphs get fewer iterations
/// per community, down to a few; these are start positions for Gephi,
/// where the analyst runs the layout on.
const GRAPH_BUDGET: usize = 2_000_000;

/// Positions for every account of a graph, for Gephi and other viewers:
/// the communities laid out as nodes (mass: members), then each community
/// laid out on its own links inside a disc of area proportional to its
/// size around its centre. Communities of one or two accounts are placed
/// directly. Iterations are capped by size, so a graph of half a million
/// accounts takes a few seconds.
///
/// `membership[a]` is account `a`'s community (0 the largest, dense ids);
/// `links` are `(a, b, weight)` between accounts. Deterministic for a seed
/// at any thread count.
pub fn graph_positions(
    membership: &[u32],
    links: impl IntoIterator<Item = (u32, u32, f64)>,
    seed: u64,
) -> Vec<[f32; 2]> {
    let n = membership.len();
    let k = membership.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let (start, members) = crate::graph::group_by_label(membership, k);
    // Local index of each account inside its community.
    let mut local = vec![0u32; n];
    for c in 0..k {
        for (j, &a) in members[start[c]..start[c + 1]].iter().enumerate() {
            local[a as usize] = j as u32;
        }
    }
    let mut inner_links: Vec<Vec<(u32, u32, f64)>> = vec![Vec::new(); k];
    // Links between communities summed per pair as they come: the same
    // sums, in the same order, as layout_graph's of the links one by one,
    // without holding them (most of a loosely knit graph's links: 160 MB
    // on the 10M-interaction graph).
    let mut between: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for (a, b, w) in links {
        let (ca, cb) = (membership[a as usize], membership[b as usize]);
        if ca == cb {
            inner_links[ca as usize].push((local[a as usize], local[b as usize], w));
        } else if pulls(w) {
            *between.entry((ca.min(cb), ca.max(cb))).or_insert(0.0) += w;
        }
    }
    let between: Vec<(u32, u32, f64)> = between.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    let sizes: Vec<f64> = (0..k).map(|c| (start[c + 1] - start[c]) as f64).collect();
    let overview = Csr::symmetric(k, &between);
    let settings = Fa2Settings { iterations: iterations_for(k, GRAPH_BUDGET / 4), ..Fa2Settings::default() };
    let mut centres = force_atlas2(&overview, Some(&sizes), &settings, seed, u64::MAX);
    normalise(&mut centres);
    // Disc radius sqrt(size) in units where the layout spans about
    // sqrt(total accounts): the discs then cover a fair share of the plane.
    let total = n.max(1) as f64;
    let span = total.sqrt() * 2.0;
    let inner_budget = GRAPH_BUDGET - GRAPH_BUDGET / 4;
    let per_account = (inner_budget as f64 / total).max(3.0);
    let placed: Vec<Vec<[f64; 2]>> = (0..k)
        .into_par_iter()
        .map(|c| {
            let m = start[c + 1] - start[c];
            let mut pos = match m {
                0 => Vec::new(),
                1 => vec![[0.0, 0.0]],
                2 => vec![[-0.5, 0.0], [0.5, 0.0]],
                _ => {
                    let g = layout_graph(m, &inner_links[c]);
                    let iterations = (per_account as u32).clamp(3, 300);
                    force_atlas2(&g, None, &Fa2Settings { iterations, ..Fa2Settings::default() }, seed, c as u64)
                }
            };
            normalise(&mut pos);
            pos
        })
        .collect();
    let mut out = vec![[0.0f32; 2]; n];
    for c in 0..k {
        let r = sizes[c].sqrt();
        let [cx, cy] = centres[c];
        for (j, &a) in members[start[c]..start[c + 1]].iter().enumerate() {
            let p = placed[c][j];
            out[a as usize] = [(cx * span + p[0] * r) as f32, (cy * span + p[1] * r) as f32];
        }
    }
    out
}

/// The bounding box `[x0, y0, x1, y1]` of positions (inverted when empty).
pub(crate) fn bounds(pos: &[[f64; 2]]) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in pos {
        b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques joined by one link.
    fn two_cliques(m: u32) -> Vec<(u32, u32, f64)> {
        let mut links = Vec::new();
        for base in [0, m] {
            for a in 0..m {
                for b in a + 1..m {
                    links.push((base + a, base + b, 1.0));
                }
            }
        }
        links.push((0, m, 1.0));
        links
    }

    fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn clusters_come_out_apart() {
        let m = 12;
        let g = layout_graph(2 * m as usize, &two_cliques(m));
        let pos = force_atlas2(&g, None, &Fa2Settings::default(), 1, 0);
        let centre = |r: std::ops::Range<u32>| {
            let n = r.len() as f64;
            let s = r.fold([0.0, 0.0], |s, i| [s[0] + pos[i as usize][0], s[1] + pos[i as usize][1]]);
            [s[0] / n, s[1] / n]
        };
        let (a, b) = (centre(0..m), centre(m..2 * m));
        let spread = (0..m).map(|i| dist(pos[i as usize], a)).fold(0.0, f64::max);
        assert!(dist(a, b) > 1.5 * spread, "centres {a:?} {b:?}, spread {spread}");
        assert!(pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }

    #[test]
    fn same_bits_at_any_thread_count() {
        // More nodes than a block, so the blocks run on different threads.
        let n = 3 * BLOCK as u32 + 17;
        let links: Vec<(u32, u32, f64)> = (0..n).map(|i| (i, (i * 7 + 3) % n, 1.0 + (i % 3) as f64)).collect();
        let g = layout_graph(n as usize, &links);
        let s = Fa2Settings { iterations: 5, ..Fa2Settings::default() };
        let one = crate::par::with_pool(Some(1), || force_atlas2(&g, None, &s, 3, 0)).expect("pool");
        let four = crate::par::with_pool(Some(4), || force_atlas2(&g, None, &s, 3, 0)).expect("pool");
        assert!(
            one.iter().zip(&four).all(|(a, b)| a[0].to_bits() == b[0].to_bits() && a[1].to_bits() == b[1].to_bits())
        );
        assert_ne!(force_atlas2(&g, None, &s, 4, 0)[0], one[0], "the seed moves the start");
    }

    #[test]
    fn graph_positions_keep_communities_together() {
        let m = 10u32;
        let membership: Vec<u32> = (0..2 * m).map(|a| a / m).collect();
        let pos = crate::par::with_pool(Some(2), || graph_positions(&membership, two_cliques(m), 1)).expect("pool");
        assert_eq!(pos.len(), 20);
        let p = |i: u32| [f64::from(pos[i as usize][0]), f64::from(pos[i as usize][1])];
        let within = (1..m).map(|i| dist(p(0), p(i))).fold(0.0, f64::max);
        let across = (m..2 * m).map(|i| dist(p(0), p(i))).fold(f64::MAX, f64::min);
        assert!(across > within, "within {within}, across {across}");
        let again = crate::par::with_pool(Some(1), || graph_positions(&membership, two_cliques(m), 1)).expect("pool");
        assert_eq!(pos, again);
    }

    #[test]
    fn degenerate_graphs() {
        assert!(force_atlas2(&layout_graph(0, &[]), None, &Fa2Settings::default(), 1, 0).is_empty());
        assert_eq!(graph_positions(&[0], [], 1), vec![[0.0, 0.0]]);
        assert!(graph_positions(&[], [], 1).is_empty());
        // No links at all: gravity and repulsion alone, still finite.
        let pos = force_atlas2(&layout_graph(50, &[]), None, &Fa2Settings::default(), 1, 0);
        assert!(pos.iter().all(|p| p[0].is_finite()));
    }
}
