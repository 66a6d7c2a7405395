//! The interaction graph: accounts interned to dense ids in first-seen
//! order, interactions aggregated per (source, target, kind), and a CSR view
//! (forward and reverse) of the weighted account-to-account links that the
//! algorithms run on.
//!
//! The graph knows nothing of formats: it is built from ingest
//! [`Record`](crate::ingest::Record)s by [`GraphBuilder`], which owns the
//! rules that need the whole input (de-duplication, resolving references,
//! dropping self-interactions).

pub mod aggregate;
mod build;
mod csr;
pub mod engagement;
pub mod evidence;
pub mod hashtags;
mod intern;
pub mod links;
pub mod periods;
mod project;
pub mod pseudonymize;
pub mod scc;
pub mod shards;
mod weights;

pub use build::{Accounted, BuildStats, GraphBuilder};
pub use csr::Csr;
pub use intern::AccountInfo;
pub use project::undirected;
pub use weights::KindWeights;

use crate::ingest::{Platform, Record};
use crate::kind::Kind;

/// Where reading the inputs sends their records: the [`GraphBuilder`], or
/// `extract`'s [`shards::ShardWriter`]. Both say what became of each record,
/// so a run's accounting is the same code either way.
pub trait RecordSink {
    /// The platform of the records that follow (of the input being read).
    fn set_platform(&mut self, platform: Platform);
    /// The records added next start on this line of input number `input`.
    fn locate(&mut self, input: u32, line: u64);
    /// Applies one record and says what became of it.
    fn add(&mut self, record: Record) -> Accounted;
}

impl RecordSink for GraphBuilder {
    fn set_platform(&mut self, platform: Platform) {
        GraphBuilder::set_platform(self, platform);
    }

    fn locate(&mut self, input: u32, line: u64) {
        GraphBuilder::locate(self, input, line);
    }

    fn add(&mut self, record: Record) -> Accounted {
        GraphBuilder::add(self, record)
    }
}

/// Accounts grouped by a label in `0..k` (a counting sort): the accounts
/// labelled `c` are `members[start[c]..start[c + 1]]`, in increasing id.
/// Components, communities and Leiden's aggregation all need this layout.
pub fn group_by_label(labels: &[u32], k: usize) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; k + 1];
    for &c in labels {
        start[c as usize + 1] += 1;
    }
    for c in 0..k {
        start[c + 1] += start[c];
    }
    let mut next = start.clone();
    let mut members = vec![0u32; labels.len()];
    for (v, &c) in labels.iter().enumerate() {
        members[next[c as usize]] = v as u32;
        next[c as usize] += 1;
    }
    (start, members)
}

/// Interactions of one kind from one account to another. 40 bytes: a
/// graph holds millions (times are kept as i64 with a sentinel rather
/// than `Option<i64>`, which would take 16 bytes each).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Sum over the interactions of (multiplier x kind weight).
    pub weight: f64,
    first: i64,
    last: i64,
    pub source: u32,
    pub target: u32,
    pub count: u32,
    pub kind: Kind,
}

/// `first`/`last` when no interaction of the edge had a time.
const NO_TIME: i64 = i64::MIN;

impl Edge {
    /// Time of the first interaction, when any had a time.
    pub fn first_at(&self) -> Option<i64> {
        (self.first != NO_TIME).then_some(self.first)
    }

    /// Time of the last interaction, when any had a time.
    pub fn last_at(&self) -> Option<i64> {
        (self.last != NO_TIME).then_some(self.last)
    }
}

/// The built graph. Account ids are indices into `accounts`; `edges` are
/// sorted by (source, target, kind); `forward`/`reverse` hold one link per
/// account pair with the weights of all kinds summed.
#[derive(Debug)]
pub struct InteractionGraph {
    pub accounts: Vec<AccountInfo>,
    pub edges: Vec<Edge>,
    /// Empty after [`InteractionGraph::undirected_freeing_links`].
    pub forward: Csr,
    /// Empty after [`InteractionGraph::undirected_freeing_links`].
    pub reverse: Csr,
    pub hashtags: Hashtags,
    /// What was said and answered on each topic (empty without topics).
    pub topics: TopicActivity,
    /// With `--period`: the on-topic activity per calendar period.
    pub periods: Option<periods::PeriodActivity>,
    /// Reported counters and languages per account (descriptive only).
    pub engagement: engagement::Engagement,
    /// The links shared, by whom and on which topics.
    pub links: links::Links,
    pub stats: BuildStats,
}

/// On-topic activity gathered while reading, for topic ranking. Topic
/// index `names.len()` is "any topic": a post or interaction on at least
/// one topic counts there once, so the union needs no second pass.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicActivity {
    pub names: Vec<String>,
    /// (account, topic, on-topic posts authored), sorted.
    pub posts: Vec<(u32, u16, u32)>,
    /// On-topic interactions: the interacting post is on the topic, or the
    /// post it answers, quotes or reposts is. Sorted by (topic, source,
    /// target, kind); `weight` is count x kind weight.
    pub edges: Vec<TopicEdge>,
    /// Each account's most engaged own posts per named topic, located in
    /// the inputs (their text is read later): see [`evidence`].
    pub evidence: Vec<evidence::EvidencePost>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopicEdge {
    pub topic: u16,
    pub source: u32,
    pub target: u32,
    pub kind: Kind,
    pub count: u32,
    pub weight: f64,
}

impl TopicActivity {
    /// The topic index of "any topic".
    pub fn any(&self) -> u16 {
        self.names.len() as u16
    }

    /// The on-topic interactions of one topic (a contiguous run).
    pub fn edges_of(&self, topic: u16) -> &[TopicEdge] {
        let start = self.edges.partition_point(|e| e.topic < topic);
        let end = self.edges.partition_point(|e| e.topic <= topic);
        &self.edges[start..end]
    }
}

/// Hashtags the accounts posted: names (lower-cased, without `#`) by id,
/// and (account, hashtag, posts) sorted by account then hashtag id (every
/// post, reposts included: what each account spreads), and what
/// [`hashtags`] counted over own posts (which hashtags travel together).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hashtags {
    pub names: Vec<Box<str>>,
    pub uses: Vec<(u32, u32, u32)>,
    pub counts: hashtags::TagCounts,
}

impl InteractionGraph {
    pub fn node_count(&self) -> usize {
        self.accounts.len()
    }

    /// A petgraph copy of the collapsed weighted graph, for callers who want
    /// petgraph's algorithms. Node `i` is account `i`.
    pub fn to_petgraph(&self) -> petgraph::Graph<u32, f64> {
        let mut g = petgraph::Graph::with_capacity(self.node_count(), self.forward.edge_count());
        for i in 0..self.node_count() as u32 {
            g.add_node(i);
        }
        for u in 0..self.node_count() {
            for (v, w) in self.forward.neighbours(u) {
                g.add_edge(petgraph::graph::NodeIndex::new(u), petgraph::graph::NodeIndex::new(v as usize), w);
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{AccountRef, Interaction, Record};

    #[test]
    fn an_edge_takes_40_bytes() {
        assert_eq!(std::mem::size_of::<Edge>(), 40);
    }

    #[test]
    fn petgraph_copy_has_the_collapsed_links() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        for (s, t, kind) in
            [("a", "b", Kind::Reply), ("a", "b", Kind::Mention), ("b", "c", Kind::Repost), ("c", "a", Kind::Quote)]
        {
            let r = |id: &str| AccountRef::new(id, None);
            b.add(Record::Interaction(Interaction { source: r(s), target: r(t), kind, time: None, weight: 1.0 }));
        }
        let g = b.finish();
        let p = g.to_petgraph();
        assert_eq!((p.node_count(), p.edge_count()), (3, 3));
        let ab = p.find_edge(0.into(), 1.into()).expect("a -> b");
        assert_eq!(p[ab], 1.5, "reply 1 + mention 0.5");
        assert!(petgraph::algo::is_cyclic_directed(&p));
    }
}
