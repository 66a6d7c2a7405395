//! Graph building: applies records, in input order, to the interned
//! accounts and aggregated edges. Owns the rules of `input-formats.md` that
//! need the whole input: de-duplication by post id, resolving a referenced
//! post to its author, mentions already reached by reply, quote or repost,
//! self-interactions, unresolved references.
//!
//! The only per-post state is 12 bytes for each post id seen (a 64-bit
//! hash and the author), needed for de-duplication and for resolving
//! references; everything else grows with accounts and edges.

use rustc_hash::FxHashMap;

use super::evidence::EvidenceTracker;
use super::intern::Interner;
use super::periods::PeriodCounts;
use super::{Csr, Edge, Hashtags, InteractionGraph, KindWeights, NO_TIME, TopicActivity, TopicEdge};
use crate::ingest::reject::Reject;
use crate::ingest::{Interaction, Post, Record, Target};
use crate::kind::Kind;
use crate::topics::{TopicSet, Topics};

/// What became of one record; the run adds these up per input.
#[derive(Clone, Debug, PartialEq)]
pub enum Accounted {
    Used,
    Duplicate,
    Skipped(&'static str),
    Rejected(Reject),
    /// Account details only: not a record.
    Detail,
}

/// Counts over the whole run, for the manifest.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct BuildStats {
    pub posts: u64,
    pub interactions: u64,
    pub self_interactions: u64,
    pub unresolved_references: u64,
    /// Time of the first and last post or interaction used (seconds,
    /// UTC), when any had a time: the period the results cover. The
    /// manifest writes it as `period`, in RFC 3339.
    #[serde(skip)]
    pub period: Option<(i64, i64)>,
}

impl BuildStats {
    fn saw(&mut self, time: Option<i64>) {
        if let Some(t) = time {
            self.period = Some(self.period.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        }
    }
}

/// Optional time window; records outside it are skipped.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// An edge being aggregated: the weight before kind weights, and the time
/// span (sentinels: `first` i64::MAX and `last` NO_TIME until a time is seen).
struct RawEdge {
    raw: f64,
    first: i64,
    last: i64,
    count: u32,
}

/// The aggregated edges while records are read: one hash map per kind
/// and sixteenth of the (source, target) pairs, keyed by the pair in one
/// word. Against one map keyed by (source, target, kind), an entry takes
/// 40 bytes instead of 48, and a map that grows reallocates a sixteenth of
/// a kind's edges, not all of them: a table doubling holds the old table
/// and the new one at once, which on the 10M-interaction graph was 1.2 GB
/// for one map. `finish` empties the maps one at a time into the edge list.
#[derive(Default)]
struct EdgeMap {
    shards: Vec<FxHashMap<u64, RawEdge>>,
}

/// Maps per kind in [`EdgeMap`].
const EDGE_SHARDS: usize = 16;

impl EdgeMap {
    fn entry(&mut self, s: u32, t: u32, kind: Kind) -> &mut RawEdge {
        if self.shards.is_empty() {
            self.shards.resize_with(Kind::ALL.len() * EDGE_SHARDS, FxHashMap::default);
        }
        // The top bits of a multiplicative hash of the pair pick the map
        // (FxHash uses the low bits within it).
        let key = u64::from(s) << 32 | u64::from(t);
        let shard = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize;
        let map = &mut self.shards[kind as usize * EDGE_SHARDS + shard];
        if map.len() == map.capacity() {
            // The next new pair doubles the table: doubled here, and the
            // old table given back at once (crate::memory), not a second
            // later while other maps double too.
            map.reserve(1);
            crate::memory::give_back();
        }
        map.entry(key).or_insert(RawEdge { raw: 0.0, first: i64::MAX, last: NO_TIME, count: 0 })
    }

    fn len(&self) -> usize {
        self.shards.iter().map(|m| m.len()).sum()
    }

    /// Moves every edge to `out` (in no particular order), freeing each
    /// map once it is empty.
    fn drain_into(self, out: &mut Vec<Edge>, weights: &KindWeights) {
        for (i, map) in self.shards.into_iter().enumerate() {
            let kind = Kind::ALL[i / EDGE_SHARDS];
            out.extend(map.into_iter().map(|(key, e)| Edge {
                source: (key >> 32) as u32,
                target: key as u32,
                kind,
                count: e.count,
                weight: e.raw * weights.get(kind),
                first: if e.last == NO_TIME { NO_TIME } else { e.first },
                last: e.last,
            }));
            // The map is dropped: its memory serves the edge list's next pages.
            crate::memory::give_back();
        }
    }
}

/// A post's mentions known only by handle, waiting for `finish`.
struct HandleMention {
    /// The input's platform: a handle names an account on that platform
    /// only (an X @drana is not a Mastodon drana).
    platform: crate::ingest::Platform,
    author: u32,
    time: Option<i64>,
    set: TopicSet,
    handles: Vec<String>,
    /// Accounts the post already reached (no second edge to them).
    reached: Reached,
}

/// Builds an [`InteractionGraph`] from records applied in input order.
pub struct GraphBuilder {
    interner: Interner,
    /// Post id hash -> (author, index of the post's topic set in `sets`).
    posts: FxHashMap<u64, (u32, u32)>,
    /// Aggregated edges; ordered by (source, target, kind) only in `finish`.
    edges: EdgeMap,
    deferred: Vec<(Post, TopicSet)>,
    /// Mentions known only by handle (twarc-csv's default export, an X
    /// mention without id): matched in `finish` to the account read with
    /// that handle, so the mention joins the account's id.
    by_handle: Vec<HandleMention>,
    /// The topics file, when given, and what was said on each topic:
    /// on-topic posts per (account, topic) and on-topic interactions per
    /// (source, target, kind, topic). Topic sets are interned (`sets[0]`
    /// is the empty set) so a post costs 4 bytes for them, not 8.
    topics: Option<Topics>,
    sets: Vec<TopicSet>,
    set_ids: FxHashMap<TopicSet, u32>,
    topic_posts: FxHashMap<(u32, u16), u32>,
    topic_edges: FxHashMap<(u32, u32, Kind, u16), u32>,
    /// Interactions with a post not read yet (a newest-first file answers
    /// posts before it shows them): their topics wait for `finish`, so the
    /// result does not depend on the order of the input.
    pending_topics: Vec<(u32, u32, Kind, TopicSet, u64, Option<i64>)>,
    /// With `--period`: the on-topic activity again, per calendar period.
    periods: Option<PeriodCounts>,
    /// Hashtags interned in first-seen order, and posts per (account, tag):
    /// what communities and topics are about. Grows with distinct
    /// (account, hashtag) pairs, not with posts.
    tag_ids: FxHashMap<Box<str>, u32>,
    tags: Vec<Box<str>>,
    account_tags: FxHashMap<(u32, u32), u32>,
    /// Which hashtags travel together (hashtags.rs).
    hashtag_counts: super::hashtags::HashtagTracker,
    /// The last post linked: its id hash, author, topics and the accounts it reached.
    last: Option<(u64, u32, TopicSet, Reached)>,
    /// Engagement per post and where own on-topic posts are (evidence.rs).
    evidence: EvidenceTracker,
    /// Counters and languages of each account's own posts.
    engagement: super::engagement::EngagementTracker,
    /// The links posts shared.
    links: super::links::LinkTracker,
    /// With `--lang`: the languages kept (tags as `ingest::lang_tag` gives).
    languages: Option<Vec<String>>,
    stats: BuildStats,
    weights: KindWeights,
    window: Window,
}

/// The accounts one post has reached so far: a mention of one of them is
/// not a second interaction. A short list while it is short (most posts
/// reach a handful); a hash set beside it once it grows, so a post with a
/// million mentions costs linear time, not quadratic.
#[derive(Clone, Default)]
struct Reached {
    list: Vec<u32>,
    set: rustc_hash::FxHashSet<u32>,
}

impl Reached {
    /// Scanning a list this long costs about one hash lookup.
    const LIST_MAX: usize = 16;

    /// Adds `t`; false when it was reached already.
    fn insert(&mut self, t: u32) -> bool {
        if !self.set.is_empty() {
            return self.set.insert(t);
        }
        if self.list.contains(&t) {
            return false;
        }
        self.list.push(t);
        if self.list.len() > Self::LIST_MAX {
            self.set.extend(self.list.drain(..));
        }
        true
    }
}

fn post_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

impl GraphBuilder {
    pub fn new(weights: KindWeights, since: Option<i64>, until: Option<i64>) -> Self {
        GraphBuilder {
            interner: Interner::default(),
            posts: FxHashMap::default(),
            edges: EdgeMap::default(),
            deferred: Vec::new(),
            by_handle: Vec::new(),
            topics: None,
            sets: vec![0],
            set_ids: FxHashMap::default(),
            topic_posts: FxHashMap::default(),
            topic_edges: FxHashMap::default(),
            pending_topics: Vec::new(),
            periods: None,
            last: None,
            tag_ids: FxHashMap::default(),
            tags: Vec::new(),
            account_tags: FxHashMap::default(),
            hashtag_counts: Default::default(),
            evidence: EvidenceTracker::default(),
            engagement: Default::default(),
            links: Default::default(),
            languages: None,
            stats: BuildStats::default(),
            weights,
            window: Window { since, until },
        }
    }

    /// The platform of the records that follow (of the input being read):
    /// accounts first seen in them belong to it.
    pub fn set_platform(&mut self, platform: crate::ingest::Platform) {
        self.interner.platform = platform;
    }

    /// The records added next start on this line of input number `input`
    /// (in the run's order): where evidence posts are found again.
    pub fn locate(&mut self, input: u32, line: u64) {
        self.evidence.locate(input, line);
    }

    /// Classifies every post by these topics.
    pub fn with_topics(mut self, topics: Option<Topics>) -> Self {
        self.topics = topics;
        self
    }

    /// Keeps only posts in these languages (`--lang`). A post whose input
    /// gives no language (a CSV without a language column, an X `und`, a
    /// Jetstream repost) is kept: dropping it would drop whole inputs that
    /// never say, which the manifest's accounting could not show apart.
    pub fn with_languages(mut self, languages: Option<Vec<String>>) -> Self {
        self.languages = languages;
        self
    }

    fn outside(&self, time: Option<i64>) -> bool {
        match time {
            None => false,
            Some(t) => self.window.since.is_some_and(|s| t < s) || self.window.until.is_some_and(|u| t >= u),
        }
    }

    /// Also counts the on-topic activity per calendar period of this kind
    /// (after [`Self::with_topics`]: the topics are what is counted;
    /// without topics, every interaction).
    pub fn with_periods(mut self, kind: Option<crate::period::PeriodKind>) -> Self {
        let named = self.topics.as_ref().map_or(0, |t| t.len() as u16);
        self.periods = kind.map(|k| PeriodCounts::new(k, named));
        self
    }

    /// Applies one record and says what became of it.
    pub fn add(&mut self, record: Record) -> Accounted {
        match record {
            Record::Post(p) => {
                let at = self.evidence.next_post();
                self.add_post(p, at)
            }
            Record::Interaction(i) => self.add_interaction(i),
            Record::Account(a) => {
                self.interner.describe(a);
                Accounted::Detail
            }
            Record::Skipped(why) => Accounted::Skipped(why),
            Record::Rejected(why) => Accounted::Rejected(why),
        }
    }

    fn add_post(&mut self, post: Box<Post>, at: Option<super::evidence::PostAt>) -> Accounted {
        if self.outside(post.time) {
            return Accounted::Skipped("outside --since/--until");
        }
        if let (Some(keep), Some(lang)) = (&self.languages, &post.lang)
            && !keep.contains(lang)
        {
            return Accounted::Skipped("language not in --lang");
        }
        let hash = (!post.key.is_empty()).then(|| post_hash(&post.key));
        if let Some(h) = hash
            && self.posts.contains_key(&h)
        {
            return self.continue_post(h, &post);
        }
        let author = self.interner.intern_account(&post.author);
        self.interner.accounts[author as usize].posts += 1;
        self.engagement.post(author, &post);
        let set = self.topics.as_ref().map_or(0, |t| t.classify(&post));
        for topic in self.topic_indices(set) {
            *self.topic_posts.entry((author, topic)).or_default() += 1;
        }
        let topics = self.topic_indices(set);
        if let Some(periods) = &mut self.periods {
            periods.post(author, post.time, topics);
        }
        let set_id = self.set_id(set);
        if !post.links.is_empty() {
            self.links.post(author, &post.links, set);
        }
        for tag in &post.hashtags {
            let id = match self.tag_ids.get(tag.as_str()) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.tags.len()).expect("invariant: fewer than 2^32 hashtags");
                    self.tag_ids.insert(tag.as_str().into(), id);
                    self.tags.push(tag.as_str().into());
                    id
                }
            };
            *self.account_tags.entry((author, id)).or_default() += 1;
            self.hashtag_counts.tag(id);
        }
        self.hashtag_counts.post(author, set, post.repost_of.is_some());
        self.stats.posts += 1;
        self.stats.saw(post.time);
        if let Some(h) = hash {
            self.posts.insert(h, (author, set_id));
        }
        let alias = post.alias.as_deref().map(post_hash);
        if let Some(a) = alias {
            self.posts.entry(a).or_insert((author, set_id));
        }
        if post.repost_of.is_none() {
            self.evidence.note(at, [hash, alias], author, set);
        }
        let targets = [&post.reply_to, &post.quote_of, &post.repost_of];
        if targets.into_iter().flatten().any(|t| t.post.is_some()) {
            self.evidence.links_posts();
        }
        let waits = targets.into_iter().flatten().any(|t| {
            t.author.as_ref().is_none_or(|a| a.id.is_empty())
                && t.post.as_deref().is_some_and(|k| !self.posts.contains_key(&post_hash(k)))
        });
        if waits {
            // The referenced post may come later in the input: finish() links it.
            self.deferred.push((*post, set));
        } else {
            let reached = self.link_post(author, &post, set);
            self.last = hash.map(|h| (h, author, set, reached));
        }
        Accounted::Used
    }

    /// A post id seen before. Long-format exports write one row per
    /// mention of a post, one after another: a repeat of the post just read
    /// that mentions accounts it has not reached yet adds those mentions
    /// (and counts as used). Any other repeat is a duplicate.
    fn continue_post(&mut self, hash: u64, post: &Post) -> Accounted {
        let Some((h, author, set, mut reached)) = self.last.take() else {
            return Accounted::Duplicate;
        };
        let mut added = false;
        if h == hash && post.repost_of.is_none() {
            for m in post.mentions.iter().filter(|m| !m.id.is_empty()) {
                let t = self.interner.intern_ref(m);
                if reached.insert(t) {
                    self.edge(author, t, Kind::Mention, post.time, 1.0);
                    self.topic_edge(author, t, Kind::Mention, set, post.time);
                    added = true;
                }
            }
        }
        self.last = Some((h, author, set, reached));
        if added { Accounted::Used } else { Accounted::Duplicate }
    }

    /// Adds the edges of a post whose author is interned as `author` and
    /// whose topics are `set`; returns the accounts it reached.
    fn link_post(&mut self, author: u32, post: &Post, set: TopicSet) -> Reached {
        let mut reached = Reached::default();
        for (target, kind) in
            [(&post.reply_to, Kind::Reply), (&post.quote_of, Kind::Quote), (&post.repost_of, Kind::Repost)]
        {
            let Some(target) = target else { continue };
            match self.resolve(target) {
                Some((t, target_set)) => {
                    self.edge(author, t, kind, post.time, 1.0);
                    let h = target.post.as_deref().map(post_hash);
                    // Engagement is counted for evidence posts, which
                    // exist only with topics.
                    if let Some(h) = h
                        && author != t
                        && self.topics.is_some()
                    {
                        self.evidence.engaged(h);
                    }
                    match h {
                        Some(h) if self.topics.is_some() && !self.posts.contains_key(&h) && author != t => {
                            self.pending_topics.push((author, t, kind, set, h, post.time));
                        }
                        _ => self.topic_edge(author, t, kind, set | target_set, post.time),
                    }
                    if kind == Kind::Repost && author != t && !post.links.is_empty() {
                        self.links.reposted(t, &post.links);
                    }
                    reached.insert(t);
                }
                None => self.stats.unresolved_references += 1,
            }
        }
        if post.repost_of.is_some() {
            return reached; // mentions in a reposted text belong to the original post
        }
        let mut by_handle: Vec<String> = Vec::new();
        for m in &post.mentions {
            if m.id.is_empty() {
                match m.handle.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
                    Some(h) => by_handle.push(h.trim_start_matches('@').to_lowercase()),
                    None => self.stats.unresolved_references += 1,
                }
                continue;
            }
            let t = self.interner.intern_ref(m);
            if reached.insert(t) {
                // Drops (and counts) a self-mention, once per post.
                self.edge(author, t, Kind::Mention, post.time, 1.0);
                self.topic_edge(author, t, Kind::Mention, set, post.time);
            }
        }
        if !by_handle.is_empty() {
            self.by_handle.push(HandleMention {
                platform: self.interner.platform,
                author,
                time: post.time,
                set,
                handles: by_handle,
                reached: reached.clone(),
            });
        }
        reached
    }

    /// Links the mentions known only by handle, now that every account is
    /// read: to the first account (in id order) of the same platform with
    /// that handle, any case; a handle no account has is an unresolved
    /// reference, never a guess. Holds the handles of such mentions until
    /// then: memory grows with them (twarc-csv's default export).
    fn link_by_handle(&mut self) {
        let pending = std::mem::take(&mut self.by_handle);
        if pending.is_empty() {
            return;
        }
        let mut ids: FxHashMap<(crate::ingest::Platform, String), u32> = FxHashMap::default();
        for (i, a) in self.interner.accounts.iter().enumerate() {
            if let Some(h) = &a.handle {
                ids.entry((a.platform, h.trim_start_matches('@').to_lowercase())).or_insert(i as u32);
            }
        }
        for mut m in pending {
            for h in &m.handles {
                match ids.get(&(m.platform, h.clone())) {
                    Some(&t) => {
                        if m.reached.insert(t) {
                            self.edge(m.author, t, Kind::Mention, m.time, 1.0);
                            self.topic_edge(m.author, t, Kind::Mention, m.set, m.time);
                        }
                    }
                    None => self.stats.unresolved_references += 1,
                }
            }
        }
    }

    /// The author of a referenced post, and the post's topics when it was read.
    fn resolve(&mut self, target: &Target) -> Option<(u32, TopicSet)> {
        let known = target.post.as_deref().and_then(|k| self.posts.get(&post_hash(k)).copied());
        let set = known.map_or(0, |(_, s)| self.sets[s as usize]);
        match &target.author {
            Some(a) if !a.id.is_empty() => Some((self.interner.intern_ref(a), set)),
            _ => known.map(|(author, _)| (author, set)),
        }
    }

    /// The topic indices of a set: each topic's bit, then "any topic".
    fn topic_indices(&self, set: TopicSet) -> impl Iterator<Item = u16> + use<> {
        let any = self.topics.as_ref().map_or(0, |t| t.len() as u16);
        (0..64u16).filter(move |&i| set & (1 << i) != 0).chain((set != 0).then_some(any))
    }

    fn set_id(&mut self, set: TopicSet) -> u32 {
        if set == 0 {
            return 0;
        }
        if let Some(&id) = self.set_ids.get(&set) {
            return id;
        }
        let id = self.sets.len() as u32;
        self.sets.push(set);
        self.set_ids.insert(set, id);
        id
    }

    /// Counts an interaction on each of the topics in `set` (and in its
    /// period, by the time of the interacting post).
    fn topic_edge(&mut self, s: u32, t: u32, kind: Kind, set: TopicSet, time: Option<i64>) {
        if s == t || set == 0 {
            return;
        }
        for topic in self.topic_indices(set) {
            *self.topic_edges.entry((s, t, kind, topic)).or_default() += 1;
        }
        let topics = self.topic_indices(set);
        if let Some(periods) = &mut self.periods {
            periods.edge(s, t, kind, time, topics);
        }
    }

    fn add_interaction(&mut self, i: Interaction) -> Accounted {
        if self.outside(i.time) {
            return Accounted::Skipped("outside --since/--until");
        }
        if let Err(e) = super::weights::check_weight(i.weight) {
            return Accounted::Rejected(e);
        }
        let s = self.interner.intern_ref(&i.source);
        let t = self.interner.intern_ref(&i.target);
        self.stats.interactions += 1;
        self.stats.saw(i.time);
        self.edge(s, t, i.kind, i.time, i.weight);
        Accounted::Used
    }

    fn edge(&mut self, s: u32, t: u32, kind: Kind, time: Option<i64>, weight: f64) {
        if s == t {
            self.stats.self_interactions += 1;
            return;
        }
        let e = self.edges.entry(s, t, kind);
        e.count = e.count.saturating_add(1);
        e.raw += weight;
        if let Some(t) = time {
            e.first = e.first.min(t);
            e.last = e.last.max(t);
        }
        if let Some(periods) = &mut self.periods {
            periods.interaction(s, t, kind, time, weight);
        }
    }

    /// Links the posts that waited for a referenced post, then freezes the
    /// graph: edges sorted by (source, target, kind), CSR both ways.
    pub fn finish(mut self) -> InteractionGraph {
        for (post, set) in std::mem::take(&mut self.deferred) {
            let author = self.interner.lookup(&post.author.id).expect("invariant: deferred authors are interned");
            self.link_post(author, &post, set);
        }
        self.link_by_handle();
        for (s, t, kind, set, h, time) in std::mem::take(&mut self.pending_topics) {
            let target_set = self.posts.get(&h).map_or(0, |&(_, id)| self.sets[id as usize]);
            self.topic_edge(s, t, kind, set | target_set, time);
        }
        let weights = self.weights;
        let periods = self.periods.take().map(|p| p.finish(&weights));
        let mut edges: Vec<Edge> = Vec::with_capacity(self.edges.len());
        self.edges.drain_into(&mut edges, &weights);
        edges.sort_unstable_by_key(|e| (e.source, e.target, e.kind));
        let n = self.interner.accounts.len();
        let forward = Csr::from_sorted(n, edges.iter().map(|e| (e.source, e.target, e.weight)));
        let reverse = forward.transpose();
        let mut account_tags: Vec<(u32, u32, u32)> =
            self.account_tags.into_iter().map(|((a, t), n)| (a, t, n)).collect();
        account_tags.sort_unstable();
        let names: Vec<Box<str>> = self
            .tags
            .into_iter()
            .map(|t| crate::visible::apply(t.into(), crate::visible::id).into_boxed_str())
            .collect();
        let counts = self.hashtag_counts.finish(&names, self.topics.as_ref().map_or(0, |t| t.len()));
        let hashtags = Hashtags { names, uses: account_tags, counts };
        let mut topic_posts: Vec<(u32, u16, u32)> = self.topic_posts.into_iter().map(|((a, t), n)| (a, t, n)).collect();
        topic_posts.sort_unstable();
        let mut topic_edges: Vec<TopicEdge> = self
            .topic_edges
            .into_iter()
            .map(|((source, target, kind, topic), count)| TopicEdge {
                topic,
                source,
                target,
                kind,
                count,
                weight: f64::from(count) * weights.get(kind),
            })
            .collect();
        topic_edges.sort_unstable_by_key(|e| (e.topic, e.source, e.target, e.kind));
        let evidence = self.evidence.finish(self.topics.as_ref().map_or(0, |t| t.len()));
        let topics = TopicActivity {
            evidence,
            names: self.topics.map(|t| t.names()).unwrap_or_default(),
            posts: topic_posts,
            edges: topic_edges,
        };
        let mut accounts = self.interner.accounts;
        for a in &mut accounts {
            a.make_visible();
        }
        let engagement = self.engagement.finish();
        let links = self.links.finish();
        InteractionGraph {
            accounts,
            edges,
            forward,
            reverse,
            hashtags,
            topics,
            periods,
            engagement,
            links,
            stats: self.stats,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Account, AccountRef};

    fn acc(id: &str) -> Account {
        Account { id: id.into(), handle: Some(id.into()), ..Account::default() }
    }
    fn r(id: &str) -> AccountRef {
        AccountRef::new(id, Some(id.into()))
    }
    fn post(key: &str, author: &str) -> Post {
        Post { key: key.into(), author: acc(author), ..Post::default() }
    }

    #[test]
    fn reply_mention_of_parent_is_not_a_second_edge() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        let mut p = post("x:1", "a");
        p.reply_to = Some(Target::author(r("b")));
        p.mentions = vec![r("b"), r("c"), r("a")];
        assert_eq!(b.add(Record::Post(Box::new(p.clone()))), Accounted::Used);
        assert_eq!(b.add(Record::Post(Box::new(p))), Accounted::Duplicate);
        let g = b.finish();
        let kinds: Vec<(u32, u32, Kind)> = g.edges.iter().map(|e| (e.source, e.target, e.kind)).collect();
        assert_eq!(kinds, vec![(0, 1, Kind::Reply), (0, 2, Kind::Mention)]);
        assert_eq!(g.stats.self_interactions, 1);
        assert_eq!(g.accounts[0].posts, 1);
    }

    #[test]
    fn a_mention_known_by_handle_joins_an_account_of_its_own_platform_only() {
        use crate::ingest::Platform;
        let by_handle = |h: &str| AccountRef { id: String::new(), handle: Some(h.into()) };
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        // A listening export's account 'drana' (platform csv) ...
        b.set_platform(Platform::Csv);
        b.add(Record::Post(Box::new(post("csv:1", "drana"))));
        // ... is not the X account an X post mentions as @DrAna.
        b.set_platform(Platform::X);
        let mut p = post("x:1", "10");
        p.mentions = vec![by_handle("@DrAna"), by_handle("bob")];
        b.add(Record::Post(Box::new(p)));
        let mut bob = post("x:2", "11");
        bob.author.handle = Some("Bob".into());
        b.add(Record::Post(Box::new(bob)));
        let g = b.finish();
        let edges: Vec<(&str, &str)> = g
            .edges
            .iter()
            .map(|e| (g.accounts[e.source as usize].id.as_str(), g.accounts[e.target as usize].id.as_str()))
            .collect();
        assert_eq!(edges, [("10", "11")], "@bob joins the X account read later with that handle");
        assert_eq!(g.stats.unresolved_references, 1, "@DrAna has no X account in the input");
    }

    #[test]
    fn references_resolve_forward_or_count_as_unresolved() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        let mut reply = post("x:2", "a");
        reply.reply_to = Some(Target::post("x:1".into()));
        let mut lost = post("x:3", "a");
        lost.quote_of = Some(Target::post("x:99".into()));
        b.add(Record::Post(Box::new(reply)));
        b.add(Record::Post(Box::new(lost)));
        b.add(Record::Post(Box::new(post("x:1", "b"))));
        let g = b.finish();
        assert_eq!(g.edges.len(), 1);
        assert_eq!((g.edges[0].source, g.edges[0].target, g.edges[0].kind), (0, 1, Kind::Reply));
        assert_eq!(g.stats.unresolved_references, 1);
        assert_eq!(g.stats.posts, 3);
    }

    #[test]
    fn details_join_only_accounts_that_interact() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        b.add(Record::Account(Account { name: Some("Bee".into()), ..acc("b") }));
        b.add(Record::Account(acc("nobody")));
        let mut p = post("k", "a");
        p.mentions = vec![AccountRef::new("b", None)];
        b.add(Record::Post(Box::new(p)));
        let g = b.finish();
        assert_eq!(g.accounts.len(), 2);
        assert_eq!(g.accounts[1].name.as_deref(), Some("Bee"));
        assert_eq!(g.edges[0].weight, 0.5);
    }

    #[test]
    fn adjacent_rows_of_one_post_add_their_mentions() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        let row = |m: &str| {
            let mut p = post("csv:1", "a");
            p.mentions = vec![r(m)];
            Record::Post(Box::new(p))
        };
        assert_eq!(b.add(row("b")), Accounted::Used);
        assert_eq!(b.add(row("c")), Accounted::Used);
        assert_eq!(b.add(row("c")), Accounted::Duplicate);
        b.add(Record::Post(Box::new(post("csv:2", "z"))));
        assert_eq!(b.add(row("d")), Accounted::Duplicate, "only adjacent rows continue a post");
        let g = b.finish();
        assert_eq!(g.edges.len(), 2);
        assert!(g.edges.iter().all(|e| e.count == 1));
        assert_eq!(g.stats.posts, 2);
    }

    #[test]
    fn aggregates_counts_times_and_weights() {
        let mut b = GraphBuilder::new(KindWeights::default(), None, Some(100));
        for (t, w) in [(Some(50), 2.0), (Some(10), 1.0), (None, 1.0), (Some(100), 1.0)] {
            b.add(Record::Interaction(Interaction {
                source: r("a"),
                target: r("b"),
                kind: Kind::Repost,
                time: t,
                weight: w,
            }));
        }
        let g = b.finish();
        let e = &g.edges[0];
        assert_eq!((e.count, e.weight, e.first_at(), e.last_at()), (3, 4.0, Some(10), Some(50)));
    }
}
