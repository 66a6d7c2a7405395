//! Analysis: scores computed on the [`InteractionGraph`](crate::graph::InteractionGraph).
//! Algorithms know the graph, never the formats it came from, and never
//! how results are written.

pub mod betweenness;
pub mod communities;
pub mod coreness;
pub mod degree;
pub mod hits;
pub mod movers;
pub mod pagerank;
pub mod persona;
pub mod roster;
pub mod suggest;
pub mod topics;
pub mod trends;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, InteractionGraph, KindWeights};
    use crate::ingest::{Account, AccountRef, Interaction, Post, Record};
    use crate::kind::Kind;

    fn graph(accounts: &[&str], links: &[(&str, &str)]) -> InteractionGraph {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        for (i, a) in accounts.iter().enumerate() {
            let author = Account { id: a.to_string(), ..Account::default() };
            b.add(Record::Post(Box::new(Post { key: format!("p{i}"), author, ..Post::default() })));
        }
        for (s, t) in links {
            let r = |id: &str| AccountRef::new(id, None);
            b.add(Record::Interaction(Interaction {
                source: r(s),
                target: r(t),
                kind: Kind::Reply,
                time: None,
                weight: 1.0,
            }));
        }
        b.finish()
    }

    /// `analyze` frees the directed links before communities; what runs
    /// after (the whole-graph dol_score without topics) gives the same
    /// bits from the edges, and the projection is the same.
    #[test]
    fn freeing_the_directed_links_changes_no_later_result() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        for (s, t, kind, weight) in [
            ("a", "b", Kind::Reply, 1.0),
            ("a", "b", Kind::Mention, 0.3),
            ("b", "a", Kind::Quote, 2.0),
            ("c", "a", Kind::Repost, 1.0),
            ("c", "b", Kind::Mention, 0.7),
            ("d", "c", Kind::Reply, 1.5),
        ] {
            let r = |id: &str| AccountRef::new(id, None);
            b.add(Record::Interaction(Interaction { source: r(s), target: r(t), kind, time: None, weight }));
        }
        let mut g = b.finish();
        let membership = vec![0; g.node_count()];
        let before = topics::rank(&g, &membership, &[]).dol_score;
        let projection = g.undirected();
        assert_eq!(g.undirected_freeing_links(), projection);
        assert_eq!(g.forward.edge_count() + g.reverse.edge_count(), 0);
        let after = topics::rank(&g, &membership, &[]).dol_score;
        assert!(before.iter().any(|&s| s > 0.0), "{before:?}");
        assert_eq!(
            before.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
            after.iter().map(|s| s.to_bits()).collect::<Vec<_>>()
        );
    }

    fn all_scores(g: &InteractionGraph) -> Vec<Vec<f64>> {
        let pr = pagerank::pagerank(g, &pagerank::PageRankSettings::default());
        let h = hits::hits(g, &hits::HitsSettings::default());
        let bc = betweenness::betweenness(g, &betweenness::BetweennessSettings::default());
        let core: Vec<f64> = coreness::coreness(g).into_iter().map(f64::from).collect();
        vec![pr.scores, h.authority, h.hub, bc.scores, core]
    }

    #[test]
    fn degenerate_graphs_give_finite_sensible_scores() {
        let cases = [
            graph(&["solo"], &[]),
            graph(&["a", "b", "c"], &[]),
            graph(&[], &[("a", "b")]),
            graph(&[], &[("a", "b"), ("c", "d")]),
            graph(&[], &[("a", "b"), ("b", "c"), ("c", "a")]),
        ];
        for g in &cases {
            let n = g.node_count();
            let scores = all_scores(g);
            assert!(scores.iter().flatten().all(|x| x.is_finite() && *x >= 0.0), "{scores:?}");
            let pr_sum: f64 = scores[0].iter().sum();
            assert!((pr_sum - 1.0).abs() < 1e-12, "PageRank sums to {pr_sum} on {n} accounts");
            for v in [&scores[1], &scores[2]] {
                let s: f64 = v.iter().sum();
                assert!(s == 0.0 || (s - 1.0).abs() < 1e-12, "HITS sums to {s}");
            }
        }
        // Without links, PageRank is uniform and nothing else is positive.
        let s = all_scores(&cases[1]);
        assert!(s[0].iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-15));
        assert!(s[1..].iter().flatten().all(|&x| x == 0.0));
        // A directed 3-cycle: everyone alike; each is on one of the 6 paths' interiors.
        let s = all_scores(&cases[4]);
        assert!(s[0].iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-12));
        assert!(s[3].iter().all(|&x| (x - 0.5).abs() < 1e-12), "{:?}", s[3]);
        assert!(s[4].iter().all(|&x| x == 2.0));
    }

    #[test]
    fn a_spent_work_budget_stops_sampling_with_an_honest_bound() {
        let names: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let mut rng = crate::rng::Rng::for_task(4, "budget", 0);
        let mut links = Vec::new();
        for _ in 0..20_000 {
            let (s, t) = (rng.below(3000) as usize, rng.below(3000) as usize);
            links.push((names[s].as_str(), names[t].as_str()));
        }
        let g = graph(&[], &links);
        let exact = betweenness::betweenness(
            &g,
            &betweenness::BetweennessSettings { exact_max_accounts: usize::MAX, ..Default::default() },
        );
        let tight = betweenness::BetweennessSettings {
            exact_max_accounts: 0,
            epsilon: 0.005,
            work_budget: 1,
            ..Default::default()
        };
        let run = || betweenness::betweenness(&g, &tight);
        let one = crate::par::with_pool(Some(1), run).expect("pool");
        let two = crate::par::with_pool(Some(2), run).expect("pool");
        assert!(one.scores.iter().zip(&two.scores).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert_eq!(one.method, two.method);
        let betweenness::Method::Sampled { samples, samples_planned, epsilon, error_bound, .. } = one.method else {
            panic!("sampled expected: {:?}", one.method)
        };
        assert!(samples < samples_planned, "{samples} of {samples_planned}");
        assert!(epsilon > 0.01, "a weaker bound is reported: {epsilon}");
        let worst = one.scores.iter().zip(&exact.scores).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(worst <= error_bound, "{worst} > {error_bound}");
    }

    #[test]
    fn every_metric_is_bit_identical_serial_and_parallel() {
        let mut links = Vec::new();
        let names: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let mut rng = crate::rng::Rng::for_task(3, "test", 0);
        for _ in 0..20_000 {
            let s = rng.below(3000) as usize;
            let t = (rng.below(3000) as f64 * rng.unit()) as usize; // skewed to low ids
            links.push((names[s].as_str(), names[t].as_str()));
        }
        let g = graph(&[], &links);
        let sampled = betweenness::BetweennessSettings { exact_max_accounts: 0, epsilon: 0.05, ..Default::default() };
        let run = || {
            let mut v = all_scores(&g);
            v.push(betweenness::betweenness(&g, &sampled).scores);
            v
        };
        let one = crate::par::with_pool(Some(1), run).expect("pool");
        let four = crate::par::with_pool(Some(4), run).expect("pool");
        for (a, b) in one.iter().zip(&four) {
            assert!(a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }
}
