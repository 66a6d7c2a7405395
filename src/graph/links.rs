//! What the accounts shared: each distinct link (canonical, `crate::link`),
//! how many posts carried it, who shared it and on which topics, and how
//! often their posts of it were reposted.
//!
//! Counted while the graph is built, in memory per distinct link and per
//! (link, sharer) pair, never per post: a link's figures are sums. A post
//! read twice counts once. A repost that carries the reposted post's links
//! (X retweets, Mastodon reblogs, Bluesky feed items; not Jetstream reposts,
//! which carry no content) shares them too, and credits the reposted
//! author with a repost of each.

use rustc_hash::FxHashMap;

use crate::link::{Link, LinkKind};
use crate::topics::TopicSet;

/// One distinct link.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedLink {
    /// The canonical key (`doi:10.1056/...`, `example.org/page`).
    pub key: Box<str>,
    pub kind: LinkKind,
    /// The host it was shared from most (ties by name).
    pub domain: Box<str>,
    /// Posts (and reposts) that carried it.
    pub posts: u32,
}

/// What one account did with one link.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    pub link: u32,
    pub account: u32,
    /// The account's posts and reposts carrying the link.
    pub posts: u32,
    /// Reposts by others of the account's posts carrying it.
    pub reposts: u32,
    /// Topics of the account's posts carrying it.
    pub topics: TopicSet,
}

/// Every link shared, in first-seen order (ids are indices).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    pub links: Vec<SharedLink>,
    /// Sorted by (link, account).
    pub shares: Vec<Share>,
    /// (link, topic, on-topic posts carrying it), sorted.
    pub topic_posts: Vec<(u32, u16, u32)>,
}

impl Links {
    /// The shares of one link (a contiguous run).
    pub fn shares_of(&self, link: u32) -> &[Share] {
        let start = self.shares.partition_point(|s| s.link < link);
        let end = self.shares.partition_point(|s| s.link <= link);
        &self.shares[start..end]
    }

    /// Keeps only the links `keep` accepts (ids renumbered, order kept):
    /// `--pseudonymize` drops the links that may name an account.
    pub fn retain(&mut self, keep: impl Fn(&SharedLink) -> bool) {
        let mut new_id = vec![u32::MAX; self.links.len()];
        let mut next = 0u32;
        for (i, l) in self.links.iter().enumerate() {
            if keep(l) {
                new_id[i] = next;
                next += 1;
            }
        }
        let mut i = 0;
        self.links.retain(|_| {
            i += 1;
            new_id[i - 1] != u32::MAX
        });
        self.shares.retain_mut(|s| {
            s.link = new_id[s.link as usize];
            s.link != u32::MAX
        });
        self.topic_posts.retain_mut(|t| {
            t.0 = new_id[t.0 as usize];
            t.0 != u32::MAX
        });
    }
}

#[derive(Default)]
pub(super) struct LinkTracker {
    ids: FxHashMap<Box<str>, u32>,
    links: Vec<(Box<str>, LinkKind, u32)>,
    host_ids: FxHashMap<Box<str>, u32>,
    hosts: Vec<Box<str>>,
    link_hosts: FxHashMap<(u32, u32), u32>,
    shares: FxHashMap<(u32, u32), (u32, u32, TopicSet)>,
    topic_posts: FxHashMap<(u32, u16), u32>,
}

fn intern(ids: &mut FxHashMap<Box<str>, u32>, names: &mut Vec<Box<str>>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    // Distinct links and hosts are fewer than the posts read, which a u32 counts.
    let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
    ids.insert(name.into(), id);
    names.push(name.into());
    id
}

impl LinkTracker {
    /// Counts the links of one new post of `author` with topics `set`.
    pub(super) fn post(&mut self, author: u32, links: &[Link], set: TopicSet) {
        for l in links {
            let id = match self.ids.get(l.key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.links.len()).unwrap_or(u32::MAX);
                    self.ids.insert(l.key.as_str().into(), id);
                    self.links.push((l.key.as_str().into(), l.kind, 0));
                    id
                }
            };
            let entry = &mut self.links[id as usize].2;
            *entry = entry.saturating_add(1);
            let host = intern(&mut self.host_ids, &mut self.hosts, &l.host);
            *self.link_hosts.entry((id, host)).or_default() += 1;
            let s = self.shares.entry((id, author)).or_default();
            s.0 = s.0.saturating_add(1);
            s.2 |= set;
            for t in (0..64u16).filter(|&t| set & (1 << t) != 0) {
                *self.topic_posts.entry((id, t)).or_default() += 1;
            }
        }
    }

    /// A repost (counted by [`Self::post`] already) of a post by `original`
    /// that carries `links`.
    pub(super) fn reposted(&mut self, original: u32, links: &[Link]) {
        for l in links {
            if let Some(&id) = self.ids.get(l.key.as_str()) {
                let s = self.shares.entry((id, original)).or_default();
                s.1 = s.1.saturating_add(1);
            }
        }
    }

    pub(super) fn finish(self) -> Links {
        let mut best: Vec<Option<(u32, u32)>> = vec![None; self.links.len()];
        for (&(link, host), &n) in &self.link_hosts {
            let b = &mut best[link as usize];
            let better = match *b {
                None => true,
                Some((h, m)) => n > m || (n == m && self.hosts[host as usize] < self.hosts[h as usize]),
            };
            if better {
                *b = Some((host, n));
            }
        }
        let links = self
            .links
            .into_iter()
            .zip(best)
            .map(|((key, kind, posts), b)| SharedLink {
                key,
                kind,
                domain: b.map(|(h, _)| self.hosts[h as usize].clone()).unwrap_or_default(),
                posts,
            })
            .collect();
        let mut shares: Vec<Share> = self
            .shares
            .into_iter()
            .map(|((link, account), (posts, reposts, topics))| Share { link, account, posts, reposts, topics })
            .collect();
        shares.sort_unstable_by_key(|s| (s.link, s.account));
        let mut topic_posts: Vec<(u32, u16, u32)> = self.topic_posts.into_iter().map(|((l, t), n)| (l, t, n)).collect();
        topic_posts.sort_unstable();
        Links { links, shares, topic_posts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(raw: &str) -> Link {
        Link::parse(raw).expect("a link")
    }

    #[test]
    fn counts_posts_sharers_topics_reposts_and_domains() {
        let mut t = LinkTracker::default();
        let doi = link("https://www.nejm.org/doi/full/10.1056/NEJMoa1");
        let doi_org = link("https://doi.org/10.1056/nejmoa1");
        let page = link("https://cdc.gov/x");
        t.post(0, &[doi.clone(), page.clone()], 0b01);
        t.post(1, &[doi_org.clone()], 0b10);
        t.post(1, &[doi_org], 0);
        // Account 2 reposts account 0's post twice over (two reposts).
        t.post(2, &[doi.clone()], 0);
        t.reposted(0, &[doi.clone()]);
        t.post(3, &[doi.clone()], 0);
        t.reposted(0, &[doi]);
        let links = t.finish();
        assert_eq!(links.links.len(), 2);
        let d = &links.links[0];
        assert_eq!((&*d.key, d.kind, &*d.domain, d.posts), ("doi:10.1056/nejmoa1", LinkKind::Doi, "nejm.org", 5));
        assert_eq!(&*links.links[1].domain, "cdc.gov");
        let shares: Vec<(u32, u32, u32, TopicSet)> =
            links.shares_of(0).iter().map(|s| (s.account, s.posts, s.reposts, s.topics)).collect();
        assert_eq!(shares, [(0, 1, 2, 0b01), (1, 2, 0, 0b10), (2, 1, 0, 0), (3, 1, 0, 0)]);
        assert_eq!(links.topic_posts, [(0, 0, 1), (0, 1, 1), (1, 0, 1)]);
    }

    #[test]
    fn retain_renumbers() {
        let mut t = LinkTracker::default();
        t.post(0, &[link("https://x.com/ana"), link("https://cdc.gov/x")], 0b1);
        let mut links = t.finish();
        links.retain(|l| !crate::link::may_name_account(&l.key));
        assert_eq!(links.links.len(), 1);
        assert_eq!(&*links.links[0].key, "cdc.gov/x");
        assert_eq!(links.shares.iter().map(|s| s.link).collect::<Vec<_>>(), [0]);
        assert_eq!(links.topic_posts, [(0, 0, 1)]);
    }
}
