//! On-topic activity per calendar period (`--period`), gathered in the same
//! pass as the whole-input counts: the builder hands every post and
//! on-topic interaction to [`PeriodCounts`] with its time, and the counts
//! are keyed by period, so memory grows with (account pairs x periods
//! they were active in), never with posts.
//!
//! What is kept is what the topic ranking reads (analysis::topics), per
//! period: on-topic interactions, on-topic posts, and each account's voice
//! (posts and reposts received), so each period is ranked with the same
//! method as the whole input. Without topics, every interaction counts
//! (the global `dol_score`'s view: all interactions, affinity 1), as one
//! topic, index 0, so an edge list such as SNAP Higgs has trends too.

use rustc_hash::FxHashMap;

use super::TopicEdge;
use crate::kind::Kind;
use crate::period::PeriodKind;

/// Counts per period while the input streams through the builder.
pub(super) struct PeriodCounts {
    kind: PeriodKind,
    /// Topic indices below this are named topics; "any" is not counted
    /// per period (the global score has no trend).
    named: u16,
    /// Without topics: (period, source, target, kind) -> (interactions,
    /// summed multipliers), for every interaction.
    all: FxHashMap<(i32, u32, u32, Kind), (u32, f64)>,
    /// (period, topic, source, target, kind) -> interactions.
    edges: FxHashMap<(i32, u16, u32, u32, Kind), u32>,
    /// (period, topic, account) -> on-topic posts.
    topic_posts: FxHashMap<(i32, u16, u32), u32>,
    /// (period, account) -> posts authored plus reposts received.
    voice: FxHashMap<(i32, u32), u64>,
    undated: u64,
}

impl PeriodCounts {
    pub(super) fn new(kind: PeriodKind, named: u16) -> Self {
        PeriodCounts {
            kind,
            named,
            all: FxHashMap::default(),
            edges: FxHashMap::default(),
            topic_posts: FxHashMap::default(),
            voice: FxHashMap::default(),
            undated: 0,
        }
    }

    /// A post used, with the topic indices it counts on ("any" included).
    pub(super) fn post(&mut self, author: u32, time: Option<i64>, topics: impl Iterator<Item = u16>) {
        let Some(p) = time.and_then(|t| self.kind.of(t)) else {
            self.undated += 1;
            return;
        };
        *self.voice.entry((p, author)).or_default() += 1;
        for topic in topics.filter(|&t| t < self.named) {
            *self.topic_posts.entry((p, topic, author)).or_default() += 1;
        }
    }

    /// Any interaction (after self-interactions are dropped): a repost is
    /// part of `target`'s voice in the period; without topics, every
    /// interaction is counted.
    pub(super) fn interaction(&mut self, s: u32, t: u32, kind: Kind, time: Option<i64>, weight: f64) {
        let Some(p) = time.and_then(|t| self.kind.of(t)) else { return };
        if kind == Kind::Repost {
            *self.voice.entry((p, t)).or_default() += 1;
        }
        if self.named == 0 {
            let e = self.all.entry((p, s, t, kind)).or_default();
            e.0 = e.0.saturating_add(1);
            e.1 += weight;
        }
    }

    /// An on-topic interaction, on each of `topics`.
    pub(super) fn edge(&mut self, s: u32, t: u32, kind: Kind, time: Option<i64>, topics: impl Iterator<Item = u16>) {
        let Some(p) = time.and_then(|t| self.kind.of(t)) else { return };
        for topic in topics.filter(|&t| t < self.named) {
            *self.edges.entry((p, topic, s, t, kind)).or_default() += 1;
        }
    }

    /// Freezes the counts, sorted, with the kind weights applied.
    pub(super) fn finish(self, weights: &super::KindWeights) -> PeriodActivity {
        let mut edges: Vec<(i32, TopicEdge)> = self
            .edges
            .into_iter()
            .map(|((p, topic, source, target, kind), count)| {
                (p, TopicEdge { topic, source, target, kind, count, weight: f64::from(count) * weights.get(kind) })
            })
            .collect();
        edges.extend(self.all.into_iter().map(|((p, source, target, kind), (count, raw))| {
            (p, TopicEdge { topic: 0, source, target, kind, count, weight: raw * weights.get(kind) })
        }));
        edges.sort_unstable_by_key(|(p, e)| (e.topic, *p, e.source, e.target, e.kind));
        let mut views: Vec<View> = Vec::new();
        for (i, (p, e)) in edges.iter().enumerate() {
            match views.last_mut() {
                Some(v) if v.topic == e.topic && v.period == *p => v.end = i + 1,
                _ => views.push(View { topic: e.topic, period: *p, start: i, end: i + 1 }),
            }
        }
        let mut topic_posts: Vec<(i32, u16, u32, u32)> =
            self.topic_posts.into_iter().map(|((p, t, a), n)| (p, t, a, n)).collect();
        topic_posts.sort_unstable();
        let mut voice: Vec<(i32, u32, u64)> = self.voice.into_iter().map(|((p, a), n)| (p, a, n)).collect();
        voice.sort_unstable();
        PeriodActivity {
            kind: self.kind,
            whole: self.named == 0,
            edges: edges.into_iter().map(|(_, e)| e).collect(),
            views,
            topic_posts,
            voice,
            undated_posts: self.undated,
        }
    }
}

/// The on-topic interactions of one topic in one period:
/// `edges[start..end]` of [`PeriodActivity`].
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub topic: u16,
    pub period: i32,
    pub start: usize,
    pub end: usize,
}

/// On-topic activity per period, for ranking each topic in each period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodActivity {
    pub kind: PeriodKind,
    /// No topics: topic 0 is every interaction, ranked with affinity 1.
    pub whole: bool,
    /// On-topic interactions, sorted by (topic, period, source, target,
    /// kind); `topic` is the index of a named topic (0 for every
    /// interaction without topics); `weight` is count (without topics:
    /// summed multipliers) x kind weight.
    pub edges: Vec<TopicEdge>,
    /// One per (topic, period) with on-topic interactions, in that order.
    pub views: Vec<View>,
    /// (period, topic, account, on-topic posts), sorted.
    pub topic_posts: Vec<(i32, u16, u32, u32)>,
    /// (period, account, posts + reposts received), sorted.
    pub voice: Vec<(i32, u32, u64)>,
    /// Posts used that had no time (or a time outside years 0 to 9999):
    /// they count in the whole-input ranking, in no period.
    pub undated_posts: u64,
}

impl PeriodActivity {
    pub fn edges_of(&self, v: &View) -> &[TopicEdge] {
        &self.edges[v.start..v.end]
    }

    /// The on-topic posts of one topic in one period, by account (sorted).
    pub fn topic_posts_of(&self, topic: u16, period: i32) -> &[(i32, u16, u32, u32)] {
        let start = self.topic_posts.partition_point(|r| (r.0, r.1) < (period, topic));
        let end = self.topic_posts.partition_point(|r| (r.0, r.1) <= (period, topic));
        &self.topic_posts[start..end]
    }

    /// The voice of the accounts in one period, by account (sorted).
    pub fn voice_of(&self, period: i32) -> &[(i32, u32, u64)] {
        let start = self.voice.partition_point(|r| r.0 < period);
        let end = self.voice.partition_point(|r| r.0 <= period);
        &self.voice[start..end]
    }
}
