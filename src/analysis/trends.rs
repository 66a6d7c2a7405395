//! Topic rankings per calendar period (`--period`): each topic ranked in
//! each period with the method of topics.csv ([`super::topics`]), on the
//! period's own on-topic interactions, posts and voice. The spam and pod
//! resistance of the ranking therefore holds inside every period: volume
//! buys nothing, and a pod can only pass its members a few units of
//! attention, whatever the period.

use rayon::prelude::*;

use super::movers::{self, Mover, Ranked};
use super::topics::{engagement, stronger_first, view_scores};
use crate::graph::InteractionGraph;
use crate::graph::periods::{PeriodActivity, View};
use crate::period::PeriodKind;

/// One topic's ranking in one period: (account, score), strongest first,
/// accounts with a score above zero only.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRanking {
    pub topic: u16,
    pub period: i32,
    pub rows: Vec<(u32, f64)>,
}

/// One calendar period of the run: its number, and whether the posts used
/// began after its first day or ended before its last (cut by
/// `--since/--until` or by the data).
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodSpan {
    pub period: i32,
    pub partial: bool,
}

/// Every topic's ranking in every period with on-topic engagement, ordered
/// by (topic, period).
#[derive(Clone, Debug, PartialEq)]
pub struct Trends {
    pub kind: PeriodKind,
    /// The topics ranked, by index: the topics file's, or without topics
    /// the one view of every interaction, [`ALL`].
    pub topics: Vec<String>,
    /// The calendar periods from the first post used to the last.
    pub periods: Vec<PeriodSpan>,
    pub rankings: Vec<PeriodRanking>,
    pub undated_posts: u64,
}

impl Trends {
    /// The rankings of one topic, in period order.
    pub fn of_topic(&self, topic: u16) -> &[PeriodRanking] {
        let start = self.rankings.partition_point(|r| r.topic < topic);
        let end = self.rankings.partition_point(|r| r.topic <= topic);
        &self.rankings[start..end]
    }

    /// The last period of the run and the calendar period before it.
    pub fn last_two(&self) -> Option<(i32, i32)> {
        self.periods.last().map(|p| (p.period - 1, p.period))
    }

    /// Each topic compared between the last period and the one before
    /// (topics with no engagement in either: none).
    pub fn movers(&self) -> Vec<(u16, Vec<Mover<u32>>)> {
        let Some((before, after)) = self.last_two() else { return Vec::new() };
        let ranked = |topic: u16, period: i32| -> Vec<Ranked<u32>> {
            self.of_topic(topic)
                .iter()
                .find(|r| r.period == period)
                .map(|r| r.rows.iter().map(|&(key, score)| Ranked { key, score }).collect())
                .unwrap_or_default()
        };
        (0..self.topics.len() as u16)
            .map(|t| (t, movers::compare(&ranked(t, before), &ranked(t, after))))
            .filter(|(_, m)| !m.is_empty())
            .collect()
    }
}

/// The topic column of trends.csv and movers.csv without topics: the
/// global score's view, every interaction.
pub const ALL: &str = "all";

/// Ranks every named topic (not "any") in every period, or without topics
/// every interaction as `dol_score` does. `keep` says which accounts are
/// listed (the `--persona` filter of topics.csv; ranks count within it).
/// `None` when the graph was built without periods.
pub fn rank_periods(g: &InteractionGraph, keep: impl Fn(u32) -> bool + Sync) -> Option<Trends> {
    let activity = g.periods.as_ref()?;
    let topics = if activity.whole { vec![ALL.to_string()] } else { g.topics.names.clone() };
    let named = topics.len() as u16;
    let views: Vec<&View> = activity.views.iter().filter(|v| v.topic < named).collect();
    let rankings = views
        .par_iter()
        .map(|v| PeriodRanking { topic: v.topic, period: v.period, rows: rank_view(activity, v, &keep) })
        .filter(|r| !r.rows.is_empty())
        .collect();
    let kind = activity.kind;
    let periods = match g.stats.period {
        Some((first, last)) => match (kind.of(first), kind.of(last)) {
            (Some(a), Some(b)) => (a..=b)
                .map(|p| PeriodSpan {
                    period: p,
                    partial: first.div_euclid(86_400) > kind.first_day(p)
                        || last.div_euclid(86_400) < kind.first_day(p + 1) - 1,
                })
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    Some(Trends { kind, topics, periods, rankings, undated_posts: activity.undated_posts })
}

/// One view ranked on the accounts it involves only (renumbered densely in
/// id order, which keeps the edges' order), so that a period costs what
/// happened in it, not the size of the whole graph.
fn rank_view(activity: &PeriodActivity, v: &View, keep: &impl Fn(u32) -> bool) -> Vec<(u32, f64)> {
    let edges = activity.edges_of(v);
    let mut ids: Vec<u32> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
    ids.sort_unstable();
    ids.dedup();
    let local = |a: u32| ids.binary_search(&a).ok();
    let renumbered: Vec<_> = edges
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.source = local(e.source).expect("invariant: every endpoint is listed") as u32;
            e.target = local(e.target).expect("invariant: every endpoint is listed") as u32;
            e
        })
        .collect();
    let scores: Vec<f64> = if activity.whole {
        engagement(ids.len(), &renumbered)
    } else {
        let mut on_posts = vec![0u32; ids.len()];
        for &(_, _, a, n) in activity.topic_posts_of(v.topic, v.period) {
            if let Some(i) = local(a) {
                on_posts[i] = n;
            }
        }
        let mut voice = vec![0u64; ids.len()];
        for &(_, a, n) in activity.voice_of(v.period) {
            if let Some(i) = local(a) {
                voice[i] = n;
            }
        }
        let (affinity, endorsed) = view_scores(ids.len(), &renumbered, &on_posts, &voice);
        endorsed.iter().zip(&affinity).map(|(e, a)| e * a).collect()
    };
    let mut rows: Vec<(u32, f64)> =
        ids.iter().zip(scores).map(|(&a, score)| (a, score)).filter(|&(a, score)| score > 0.0 && keep(a)).collect();
    rows.sort_by(|x, y| stronger_first((x.1, x.0), (y.1, y.0)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, KindWeights};
    use crate::ingest::{Account, AccountRef, Post, Record, Target};
    use crate::topics::{Topic, Topics};

    fn post(b: &mut GraphBuilder, key: &str, author: &str, reply_to: Option<&str>, day: &str) {
        let p = Post {
            key: key.into(),
            author: Account { id: author.into(), handle: Some(author.into()), ..Account::default() },
            hashtags: vec!["rwe".into()],
            reply_to: reply_to.map(|r| Target::author(AccountRef::new(r, Some(r.into())))),
            time: Some(crate::time::parse_bound(day).expect("day")),
            ..Post::default()
        };
        b.add(Record::Post(Box::new(p)));
    }

    #[test]
    fn each_period_is_ranked_on_its_own_activity() {
        let topics = Topics::new(vec![Topic { name: "rwe".into(), hashtags: vec!["rwe".into()], keywords: vec![] }]);
        let mut b = GraphBuilder::new(KindWeights::default(), None, None)
            .with_topics(Some(topics))
            .with_periods(Some(PeriodKind::Month));
        // March: a and b are answered; April: only c, by three accounts.
        post(&mut b, "1", "a", None, "2026-03-02");
        post(&mut b, "2", "b", None, "2026-03-03");
        for (i, (who, whom)) in [("x", "a"), ("y", "a"), ("z", "b")].iter().enumerate() {
            post(&mut b, &format!("r{i}"), who, Some(whom), "2026-03-10");
        }
        post(&mut b, "3", "c", None, "2026-04-01");
        for (i, who) in ["x", "y", "z"].iter().enumerate() {
            post(&mut b, &format!("s{i}"), who, Some("c"), "2026-04-20");
        }
        let g = b.finish();
        let t = rank_periods(&g, |_| true).expect("periods");
        let name = |a: u32| g.accounts[a as usize].id.clone();
        assert_eq!(t.rankings.len(), 2);
        let march: Vec<String> = t.rankings[0].rows.iter().map(|r| name(r.0)).collect();
        let april: Vec<String> = t.rankings[1].rows.iter().map(|r| name(r.0)).collect();
        assert_eq!((march, april), (vec!["a".to_string(), "b".into()], vec!["c".to_string()]));
        assert_eq!(PeriodKind::Month.dates(t.rankings[1].period).0, "2026-04-01");
        // Both months are cut by the data (2 March to 20 April).
        assert_eq!(t.periods.iter().map(|p| p.partial).collect::<Vec<_>>(), [true, true]);
        // In April alone each of x, y, z gives c its whole attention.
        assert_eq!(t.rankings[1].rows[0].1, 3.0 * (1.0 + 0.0f64.ln_1p()), "three engagers of standing 1, affinity 1");
    }

    #[test]
    fn a_single_period_ranks_as_topics_csv_does() {
        let topics = Topics::new(vec![Topic { name: "rwe".into(), hashtags: vec!["rwe".into()], keywords: vec![] }]);
        let mut b = GraphBuilder::new(KindWeights::default(), None, None)
            .with_topics(Some(topics))
            .with_periods(Some(PeriodKind::Quarter));
        let people = ["a", "b", "c", "d", "e", "f"];
        for (i, who) in people.iter().enumerate() {
            post(&mut b, &format!("p{i}"), who, None, "2026-04-02");
            for (j, whom) in people.iter().enumerate().filter(|&(j, _)| j != i && (i * j) % 4 != 1) {
                post(&mut b, &format!("r{i}-{j}"), who, Some(whom), &format!("2026-05-{:02}", 1 + i + j));
            }
        }
        let g = b.finish();
        let t = rank_periods(&g, |_| true).expect("periods");
        let whole = crate::analysis::topics::rank(&g, &vec![0; g.node_count()], &[]);
        let expect: Vec<(u32, f64)> = whole.rankings[0].rows.iter().map(|r| (r.account, r.score)).collect();
        assert!(expect.len() > 3);
        assert_eq!(t.rankings.len(), 1);
        assert_eq!(t.rankings[0].rows, expect, "same accounts, same order, same scores to the bit");
    }

    #[test]
    fn without_topics_a_period_ranks_as_dol_score_does() {
        use crate::ingest::Interaction;
        use crate::kind::Kind;
        let mut b = GraphBuilder::new(KindWeights::default(), None, None).with_periods(Some(PeriodKind::Week));
        let day = |d: &str| Some(crate::time::parse_bound(d).expect("day"));
        let links =
            [("a", "b", Kind::Reply), ("c", "b", Kind::Repost), ("b", "a", Kind::Mention), ("d", "a", Kind::Quote)];
        for (i, &(s, t, kind)) in links.iter().cycle().take(11).enumerate() {
            let time = day(if i < 8 { "2026-03-03" } else { "2026-03-10" });
            let r = |id: &str| AccountRef::new(id, None);
            b.add(Record::Interaction(Interaction { source: r(s), target: r(t), kind, time, weight: 1.0 + i as f64 }));
        }
        let g = b.finish();
        let t = rank_periods(&g, |_| true).expect("periods");
        assert_eq!(t.topics, [ALL]);
        assert_eq!(t.rankings.len(), 2, "two weeks");
        // The first week alone is the graph of its 8 interactions.
        let mut first = GraphBuilder::new(KindWeights::default(), None, day("2026-03-09"));
        for (i, &(s, t, kind)) in links.iter().cycle().take(8).enumerate() {
            let r = |id: &str| AccountRef::new(id, None);
            first.add(Record::Interaction(Interaction {
                source: r(s),
                target: r(t),
                kind,
                time: day("2026-03-03"),
                weight: 1.0 + i as f64,
            }));
        }
        let first = first.finish();
        let dol = crate::analysis::topics::rank(&first, &vec![0; first.node_count()], &[]).dol_score;
        let mut expect: Vec<(u32, f64)> =
            dol.iter().enumerate().map(|(a, &s)| (a as u32, s)).filter(|r| r.1 > 0.0).collect();
        expect.sort_by(|x, y| stronger_first((x.1, x.0), (y.1, y.0)));
        assert_eq!(t.rankings[0].rows, expect, "the week ranks as dol_score does on it alone");
    }
}
