//! Topic suggestions from which hashtags travel together, for
//! `dolgraph suggest-topics`: writing a topics file is the hardest first
//! step, and the inputs already say which hashtags go with which.
//!
//! - With a topics file ([`for_topics`]): for each topic, the hashtags that
//!   no topic lists but that are used in posts on the topic (posts the
//!   file puts on it, by its hashtags or its keywords), in at least
//!   `min_posts` of them and more often than chance (lift > 1: together x
//!   N / (hashtag's posts x posts on the topic with a hashtag)), ranked by
//!   those posts together, then lift, then name. Posts on the topic, not
//!   only posts with its hashtags: on the sample, #OncTwitter goes with
//!   the oncology community's posts that name immunotherapy in words, and
//!   with #ImmunoOncology in too few posts to be seen.
//! - Without ([`clusters`]): the hashtags used in at least `min_posts`
//!   posts, linked by the posts using both (pairs of
//!   [`TagCounts::pairs`](crate::graph::hashtags::TagCounts)), clustered by
//!   Leiden with its default settings (seed 1, so the same inputs give the
//!   same file); each cluster of two or more hashtags is a topic.
//!
//! Both take only hashtags that at least [`MIN_ACCOUNTS`] accounts use: on
//! the sample one account posts #cancer, #oncology and #cancercure 16
//! times each, a habit of its own, not the community's.
//!
//! Counts are [`crate::graph::hashtags`]'s: own posts, replies and quotes,
//! never reposts, each post once.

use crate::analysis::communities::{LeidenSettings, detect_projected};
use crate::graph::hashtags::lift;
use crate::graph::{Csr, Hashtags};
use crate::topics::{MAX_TOPICS, Topics};

/// A hashtag is suggested only when this many accounts use it.
pub const MIN_ACCOUNTS: u32 = 2;

/// Thresholds of the suggestions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SuggestSettings {
    /// The fewest posts: together with a topic's hashtags (with topics),
    /// or using the hashtag (clusters).
    pub min_posts: u32,
    /// The most hashtags listed per topic.
    pub limit: usize,
}

impl Default for SuggestSettings {
    fn default() -> Self {
        SuggestSettings { min_posts: 3, limit: 10 }
    }
}

/// One suggested hashtag for a topic.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub hashtag: String,
    /// Posts on the topic using it.
    pub together: u32,
    /// Posts using it, and the accounts that wrote them.
    pub posts: u32,
    pub accounts: u32,
    pub lift: f64,
}

/// A topic of the file and its suggestions, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicSuggestions {
    pub topic: String,
    /// Posts on the topic with a hashtag.
    pub topic_posts: u32,
    pub suggestions: Vec<Suggestion>,
}

/// A topic made of a cluster of hashtags: its name (its most used hashtag)
/// and its hashtags with their posts, most used first.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestedTopic {
    pub name: String,
    pub hashtags: Vec<(String, u32)>,
    /// Hashtags of the cluster past `limit`, not listed.
    pub more: usize,
}

/// Whether a topics file takes this hashtag: one word, nothing hidden
/// (the checks of [`Topics::parse`]).
fn usable(tag: &str) -> bool {
    !tag.is_empty() && !tag.chars().any(|c| c.is_whitespace() || crate::visible::is_hidden(c))
}

/// Each topic's suggestions, in the order of the topics file.
pub fn for_topics(h: &Hashtags, topics: &Topics, s: &SuggestSettings) -> Vec<TopicSuggestions> {
    let c = &h.counts;
    let mut out: Vec<TopicSuggestions> = topics
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| TopicSuggestions {
            topic: t.name.clone(),
            topic_posts: c.topic_posts.get(i).copied().unwrap_or(0),
            suggestions: Vec::new(),
        })
        .collect();
    for &(tag, topic, together) in &c.on_topic {
        let Some(t) = out.get_mut(topic as usize) else { continue };
        let name = &h.names[tag as usize];
        if topics.hashtag_topics(name) != 0 {
            continue; // in the file already
        }
        let posts = c.posts[tag as usize];
        let l = lift(together, posts, t.topic_posts, c.tagged_posts);
        let accounts = c.accounts[tag as usize];
        if together >= s.min_posts && accounts >= MIN_ACCOUNTS && l > 1.0 && usable(name) {
            t.suggestions.push(Suggestion { hashtag: name.to_string(), together, posts, accounts, lift: l });
        }
    }
    for t in &mut out {
        t.suggestions.sort_by(|a, b| {
            b.together.cmp(&a.together).then(b.lift.total_cmp(&a.lift)).then_with(|| a.hashtag.cmp(&b.hashtag))
        });
        t.suggestions.truncate(s.limit);
    }
    out
}

/// Clusters of hashtags that travel together, as topics: the largest
/// first (by the posts of their most used hashtag, then name), at most
/// [`MAX_TOPICS`] (what one run takes).
pub fn clusters(h: &Hashtags, s: &SuggestSettings) -> Vec<SuggestedTopic> {
    let c = &h.counts;
    // Nodes: the eligible hashtags, most used first, ties by name.
    let mut tags: Vec<u32> = (0..h.names.len() as u32)
        .filter(|&t| {
            let i = t as usize;
            c.posts[i] >= s.min_posts && c.accounts[i] >= MIN_ACCOUNTS && usable(&h.names[i])
        })
        .collect();
    tags.sort_unstable_by(|&a, &b| {
        c.posts[b as usize].cmp(&c.posts[a as usize]).then_with(|| h.names[a as usize].cmp(&h.names[b as usize]))
    });
    let mut node = vec![u32::MAX; h.names.len()];
    for (i, &t) in tags.iter().enumerate() {
        node[t as usize] = i as u32;
    }
    let links: Vec<(u32, u32, f64)> = c
        .pairs
        .iter()
        .filter_map(|p| {
            let (a, b) = (node[p.a as usize], node[p.b as usize]);
            (a != u32::MAX && b != u32::MAX).then_some((a, b, f64::from(p.posts)))
        })
        .collect();
    let graph = Csr::symmetric(tags.len(), &links);
    let found = detect_projected(&graph, &LeidenSettings::default());
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); found.count];
    // Nodes in order: each group is most used first.
    for (v, &k) in found.membership.iter().enumerate() {
        groups[k as usize].push(tags[v]);
    }
    let mut topics: Vec<SuggestedTopic> = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .filter_map(|g| {
            let name = g.iter().map(|&t| &h.names[t as usize]).find(|n| !n.contains(','))?.to_string();
            let hashtags: Vec<(String, u32)> =
                g.iter().take(s.limit).map(|&t| (h.names[t as usize].to_string(), c.posts[t as usize])).collect();
            Some(SuggestedTopic { name, more: g.len().saturating_sub(s.limit), hashtags })
        })
        .collect();
    topics.sort_by(|a, b| b.hashtags[0].1.cmp(&a.hashtags[0].1).then_with(|| a.name.cmp(&b.name)));
    topics.truncate(MAX_TOPICS);
    topics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::hashtags::{TagCounts, TagPair};

    fn hashtags(names: &[&str], posts: &[u32], pairs: &[(u32, u32, u32)], n: u64) -> Hashtags {
        Hashtags {
            names: names.iter().map(|s| Box::<str>::from(*s)).collect(),
            uses: Vec::new(),
            counts: TagCounts {
                posts: posts.to_vec(),
                accounts: posts.to_vec(),
                top_topic: vec![None; names.len()],
                pairs: pairs.iter().map(|&(a, b, posts)| TagPair { a, b, posts }).collect(),
                tagged_posts: n,
                ..TagCounts::default()
            },
        }
    }

    #[test]
    fn two_groups_of_hashtags_make_two_topics() {
        // a-b-c often together, x-y-z often together, one weak a-x link.
        let h = hashtags(
            &["a", "b", "c", "x", "y", "z", "rare"],
            &[10, 8, 6, 9, 7, 5, 2],
            &[(0, 1, 6), (0, 2, 5), (1, 2, 4), (3, 4, 6), (3, 5, 5), (4, 5, 4), (0, 3, 2), (0, 6, 2)],
            40,
        );
        let t = clusters(&h, &SuggestSettings::default());
        let names: Vec<(&str, Vec<&str>)> =
            t.iter().map(|t| (t.name.as_str(), t.hashtags.iter().map(|h| h.0.as_str()).collect())).collect();
        assert_eq!(names, [("a", vec!["a", "b", "c"]), ("x", vec!["x", "y", "z"])], "rare has 2 posts: left out");
    }

    #[test]
    fn suggestions_need_support_and_lift() {
        let topics =
            Topics::parse("[topics.onc]\nhashtags = [\"io\"]\n[topics.dm]\nhashtags = [\"t2d\"]\n").expect("topics");
        let mut h = hashtags(&["io", "t2d", "bcsm", "medtwitter", "few", "mine"], &[10, 10, 6, 50, 2, 5], &[], 100);
        h.counts.accounts[5] = 1;
        h.counts.topic_posts = vec![10, 10];
        // bcsm: 5 of its 6 posts on onc (lift 5x100/(6x10) = 8.3);
        // medtwitter: 5 of 50 (lift 1: not above chance); few: 2 posts;
        // io is onc's own hashtag; mine: 5 posts on onc, all by one account.
        h.counts.on_topic = vec![(0, 0, 10), (2, 0, 5), (3, 0, 5), (3, 1, 4), (4, 0, 2), (5, 0, 5)];
        let s = for_topics(&h, &topics, &SuggestSettings::default());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].suggestions.iter().map(|x| x.hashtag.as_str()).collect::<Vec<_>>(), ["bcsm"]);
        assert!((s[0].suggestions[0].lift - 500.0 / 60.0).abs() < 1e-12);
        assert!(s[1].suggestions.is_empty(), "medtwitter with #t2d: 4 x 100 / (50 x 10) = 0.8");
    }
}
