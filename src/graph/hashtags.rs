//! Which hashtags travel together: per hashtag the posts and accounts
//! using it, per pair of hashtags the posts using both, and per hashtag
//! and topic the posts on the topic (by the topics file's hashtags or
//! keywords) using it. hashtags.csv,
//! hashtag_pairs.csv and `dolgraph suggest-topics` are made from these.
//!
//! Only an account's own posts, replies and quotes count, never reposts: a
//! repost repeats the original's hashtags, and counting it would make a
//! much-reposted post's tags look as if they travelled together in many
//! posts (the rule of [`super::engagement`]). A post read twice counts
//! once: the builder calls [`HashtagTracker::post`] for new posts only.
//!
//! Memory grows with distinct hashtags, distinct pairs, distinct
//! (hashtag, author) and (hashtag, topic) pairs, never with posts. A post
//! with hundreds of hashtags would add tens of thousands of pairs on its
//! own: pairs are counted among its first [`MAX_PAIRED_TAGS`] distinct
//! hashtags only (its posts and accounts counts take all of them).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::topics::TopicSet;

/// Pairs are counted among this many distinct hashtags of a post, the
/// first ones in the post's order: at most 300 pairs per post.
pub const MAX_PAIRED_TAGS: usize = 25;

/// Pairs used together in fewer posts are not kept after the build (nor
/// written to hashtag_pairs.csv): one post together says nothing of a
/// habit, and single co-occurrences are most of the pairs.
pub const MIN_PAIR_POSTS: u32 = 2;

/// Two hashtags (ids into [`super::Hashtags::names`], `a` before `b` by
/// name) and the posts using both.
#[derive(Clone, Debug, PartialEq)]
pub struct TagPair {
    pub a: u32,
    pub b: u32,
    pub posts: u32,
}

/// What [`HashtagTracker`] counted, indexed by hashtag id. A hashtag seen
/// only in reposts has 0 posts and 0 accounts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagCounts {
    /// Distinct posts using each hashtag.
    pub posts: Vec<u32>,
    /// Distinct authors of those posts.
    pub accounts: Vec<u32>,
    /// The topic (index in the topics file) whose on-topic posts use the
    /// hashtag most, the first in the file on a tie; `None` without topics
    /// or when no on-topic post uses it.
    pub top_topic: Vec<Option<u16>>,
    /// Pairs used together in at least [`MIN_PAIR_POSTS`] posts, sorted by
    /// posts descending, lift descending, then the names of `a` and `b`.
    pub pairs: Vec<TagPair>,
    /// N of the lift: the posts counted (own posts, replies and quotes,
    /// not reposts, each once) that have at least one hashtag.
    pub tagged_posts: u64,
    /// Per topic: posts counted (with a hashtag) on the topic, by its
    /// hashtags or its keywords.
    pub topic_posts: Vec<u32>,
    /// (hashtag, topic, posts): the posts on the topic using the hashtag,
    /// sorted by hashtag id, then topic.
    pub on_topic: Vec<(u32, u16, u32)>,
}

impl TagCounts {
    /// Lift of a pair: how much more often the two are used together than
    /// if they were used independently, posts(a,b) x N / (posts(a) x
    /// posts(b)), N = [`Self::tagged_posts`].
    pub fn lift(&self, a: u32, b: u32, together: u32) -> f64 {
        let (pa, pb) = (self.posts[a as usize], self.posts[b as usize]);
        lift(together, pa, pb, self.tagged_posts)
    }
}

/// posts(a,b) x N / (posts(a) x posts(b)); 0 when either is unused.
pub fn lift(together: u32, a: u32, b: u32, n: u64) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    f64::from(together) * n as f64 / (f64::from(a) * f64::from(b))
}

/// Counts hashtags while the graph is built. The builder hands over a
/// post's hashtag ids with [`Self::tag`] as it interns them, then calls
/// [`Self::post`] once per new post.
#[derive(Default)]
pub(super) struct HashtagTracker {
    /// The ids of the post being added (cleared by `post`).
    current: Vec<u32>,
    /// Scratch: its distinct ids, sorted.
    distinct: Vec<u32>,
    /// Scratch: its first distinct ids in post order, for pairs.
    paired: Vec<u32>,
    posts: Vec<u32>,
    accounts: Vec<u32>,
    authors: FxHashSet<(u32, u32)>,
    pairs: FxHashMap<(u32, u32), u32>,
    /// (hashtag, topic) -> on-topic posts using it.
    on_topic: FxHashMap<(u32, u16), u32>,
    tagged_posts: u64,
    topic_posts: Vec<u32>,
}

/// The topic indices (bits) of a set, in file order: one step per topic
/// in the set, none for a post on no topic (most posts).
fn bits(mut set: TopicSet) -> impl Iterator<Item = u16> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let i = set.trailing_zeros() as u16;
            set &= set - 1;
            i
        })
    })
}

impl HashtagTracker {
    /// One hashtag (its id) of the post being added.
    pub(super) fn tag(&mut self, id: u32) {
        self.current.push(id);
    }

    /// Ends the post whose hashtags were just given: counts them unless it
    /// is a repost. `set` is the post's topics.
    pub(super) fn post(&mut self, author: u32, set: TopicSet, repost: bool) {
        if repost || self.current.is_empty() {
            self.current.clear();
            return;
        }
        self.distinct.clear();
        self.distinct.extend_from_slice(&self.current);
        self.distinct.sort_unstable();
        self.distinct.dedup();
        self.paired.clear();
        for &id in &self.current {
            if self.paired.len() == MAX_PAIRED_TAGS {
                break;
            }
            if !self.paired.contains(&id) {
                self.paired.push(id);
            }
        }
        self.current.clear();
        self.tagged_posts += 1;
        for topic in bits(set) {
            let t = topic as usize;
            if self.topic_posts.len() <= t {
                self.topic_posts.resize(t + 1, 0);
            }
            self.topic_posts[t] += 1;
        }
        for &id in &self.distinct {
            let t = id as usize;
            if self.posts.len() <= t {
                self.posts.resize(t + 1, 0);
                self.accounts.resize(t + 1, 0);
            }
            self.posts[t] = self.posts[t].saturating_add(1);
            if self.authors.insert((id, author)) {
                self.accounts[t] += 1;
            }
            for topic in bits(set) {
                *self.on_topic.entry((id, topic)).or_default() += 1;
            }
        }
        for (i, &x) in self.paired.iter().enumerate() {
            for &y in &self.paired[i + 1..] {
                let key = if x < y { (x, y) } else { (y, x) };
                *self.pairs.entry(key).or_default() += 1;
            }
        }
    }

    /// The counts, for hashtags named `names` (by id) and `topics` topics.
    pub(super) fn finish(self, names: &[Box<str>], topics: usize) -> TagCounts {
        let mut on_topic: Vec<(u32, u16, u32)> = self.on_topic.into_iter().map(|((c, t), k)| (c, t, k)).collect();
        on_topic.sort_unstable();
        let counts = TagCounts {
            posts: self.posts,
            accounts: self.accounts,
            tagged_posts: self.tagged_posts,
            topic_posts: self.topic_posts,
            on_topic,
            ..TagCounts::default()
        };
        counts.finish(names, topics, self.pairs)
    }
}

impl TagCounts {
    /// The last step, shared by the builder's counts and an aggregate's
    /// (`super::aggregate`): sizes the tables to `names` and `topics`,
    /// picks each hashtag's top topic from `on_topic` (sorted), and keeps
    /// and sorts the `pairs` ((x, y) -> posts together, x and y in any
    /// order).
    pub(super) fn finish(
        mut self,
        names: &[Box<str>],
        topics: usize,
        pairs: impl IntoIterator<Item = ((u32, u32), u32)>,
    ) -> TagCounts {
        let n = names.len();
        self.posts.resize(n, 0);
        self.accounts.resize(n, 0);
        self.topic_posts.resize(topics, 0);
        let mut top_topic: Vec<Option<(u16, u32)>> = vec![None; n];
        for &(tag, topic, k) in &self.on_topic {
            let best = &mut top_topic[tag as usize];
            // Topics come in file order per hashtag: only more posts wins.
            if best.is_none_or(|(_, b)| k > b) {
                *best = Some((topic, k));
            }
        }
        self.top_topic = top_topic.into_iter().map(|t| t.map(|(topic, _)| topic)).collect();
        let mut pairs: Vec<(TagPair, f64)> = pairs
            .into_iter()
            .filter(|&(_, k)| k >= MIN_PAIR_POSTS)
            .map(|((x, y), k)| {
                let (a, b) = if names[x as usize] <= names[y as usize] { (x, y) } else { (y, x) };
                let l = self.lift(a, b, k);
                (TagPair { a, b, posts: k }, l)
            })
            .collect();
        pairs.sort_unstable_by(|(p, lp), (q, lq)| {
            q.posts
                .cmp(&p.posts)
                .then(lq.total_cmp(lp))
                .then_with(|| names[p.a as usize].cmp(&names[q.a as usize]))
                .then_with(|| names[p.b as usize].cmp(&names[q.b as usize]))
        });
        self.pairs = pairs.into_iter().map(|(p, _)| p).collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<Box<str>> {
        n.iter().map(|s| Box::<str>::from(*s)).collect()
    }

    fn post(t: &mut HashtagTracker, author: u32, tags: &[u32], set: TopicSet, repost: bool) {
        for &id in tags {
            t.tag(id);
        }
        t.post(author, set, repost);
    }

    #[test]
    fn bits_are_the_topics_in_file_order() {
        assert_eq!(bits(0).count(), 0);
        assert_eq!(bits(0b1010_0001).collect::<Vec<_>>(), [0, 5, 7]);
        assert_eq!(bits(1 << 63).collect::<Vec<_>>(), [63]);
    }

    #[test]
    fn pairs_posts_accounts_and_lift() {
        let mut t = HashtagTracker::default();
        // Tags: 0 "rwe", 1 "bcsm", 2 "alpha".
        post(&mut t, 0, &[0, 1], 0, false);
        post(&mut t, 1, &[1, 0, 1], 0, false);
        post(&mut t, 1, &[0, 2], 0, false);
        post(&mut t, 0, &[2], 0, false);
        post(&mut t, 0, &[], 0, false);
        let c = t.finish(&names(&["rwe", "bcsm", "alpha"]), 0);
        assert_eq!(c.posts, [3, 2, 2]);
        assert_eq!(c.accounts, [2, 2, 2]);
        assert_eq!(c.tagged_posts, 4, "the post without hashtags is not in N");
        // bcsm+rwe twice (a repeated tag once); alpha+rwe once: not kept.
        assert_eq!(c.pairs, [TagPair { a: 1, b: 0, posts: 2 }], "a < b by name: bcsm before rwe");
        let l = c.lift(1, 0, 2);
        assert!((l - 2.0 * 4.0 / (2.0 * 3.0)).abs() < 1e-12, "{l}");
        assert_eq!(c.top_topic, [None, None, None]);
    }

    #[test]
    fn reposts_are_not_counted() {
        let mut t = HashtagTracker::default();
        post(&mut t, 0, &[0, 1], 0, false);
        for _ in 0..5 {
            post(&mut t, 1, &[0, 1], 0, true);
        }
        let c = t.finish(&names(&["a", "b"]), 0);
        assert_eq!((c.posts.clone(), c.accounts.clone(), c.tagged_posts), (vec![1, 1], vec![1, 1], 1));
        assert!(c.pairs.is_empty(), "one own post together; the reposts repeat it");
    }

    #[test]
    fn a_post_pairs_only_its_first_25_distinct_tags() {
        let mut t = HashtagTracker::default();
        // 30 distinct tags (0 repeated up front), twice.
        let tags: Vec<u32> = std::iter::once(0).chain(0..30).collect();
        post(&mut t, 0, &tags, 0, false);
        post(&mut t, 1, &tags, 0, false);
        let all: Vec<String> = (0..30).map(|i| format!("t{i:02}")).collect();
        let n: Vec<Box<str>> = all.iter().map(|s| Box::<str>::from(s.as_str())).collect();
        let c = t.finish(&n, 0);
        assert_eq!(c.posts, vec![2; 30], "every tag counts for posts");
        assert_eq!(c.pairs.len(), 25 * 24 / 2);
        assert!(c.pairs.iter().all(|p| p.a < 25 && p.b < 25), "tags 25..30 are past the cap");
        assert!(c.pairs.iter().all(|p| p.posts == 2));
        let sorted: Vec<(u32, u32)> = c.pairs.iter().map(|p| (p.a, p.b)).collect();
        let mut want = sorted.clone();
        want.sort_unstable();
        assert_eq!(sorted, want, "equal posts and lift: by names");
    }

    #[test]
    fn the_builder_counts_a_post_read_twice_once_and_no_repost() {
        use crate::graph::{GraphBuilder, KindWeights};
        use crate::ingest::{Account, Post, Record, Target};
        let p = |key: &str, author: &str, tags: &[&str]| Post {
            key: key.into(),
            author: Account { id: author.into(), ..Account::default() },
            hashtags: tags.iter().map(|t| t.to_string()).collect(),
            ..Post::default()
        };
        let mut b = GraphBuilder::new(KindWeights::default(), None, None);
        b.add(Record::Post(Box::new(p("1", "a", &["rwe", "bcsm"]))));
        b.add(Record::Post(Box::new(p("1", "a", &["rwe", "bcsm"]))));
        let mut repost = p("2", "b", &["rwe", "bcsm"]);
        repost.repost_of = Some(Target::post("1".into()));
        b.add(Record::Post(Box::new(repost)));
        b.add(Record::Post(Box::new(p("3", "b", &["bcsm", "rwe"]))));
        let g = b.finish();
        let c = &g.hashtags.counts;
        assert_eq!((c.posts.clone(), c.accounts.clone(), c.tagged_posts), (vec![2, 2], vec![2, 2], 2));
        assert_eq!(c.pairs, [TagPair { a: 1, b: 0, posts: 2 }]);
        assert_eq!(g.hashtags.uses.len(), 4, "uses (communities' hashtags) still count the repost");
    }

    #[test]
    fn top_topic_and_on_topic_posts() {
        let mut t = HashtagTracker::default();
        post(&mut t, 0, &[0, 1], 0b10, false);
        post(&mut t, 0, &[0, 1, 2], 0b10, false);
        post(&mut t, 1, &[1], 0b01, false);
        post(&mut t, 1, &[2], 0b01, false);
        post(&mut t, 1, &[2], 0b11, false);
        let c = t.finish(&names(&["io", "onc", "x"]), 2);
        // onc: 2 posts on topic 1, 1 on topic 0. x: 2 on topic 0, 2 on 1: the first wins.
        assert_eq!(c.top_topic, [Some(1), Some(1), Some(0)]);
        assert_eq!(c.topic_posts, [3, 3]);
        assert_eq!(c.on_topic, [(0, 1, 2), (1, 0, 1), (1, 1, 2), (2, 0, 2), (2, 1, 2)]);
    }
}
