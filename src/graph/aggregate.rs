//! The graph read from an aggregate (`scale/aggregate.py`'s output)
//! instead of from posts: accounts, edges, on-topic activity and hashtags,
//! already de-duplicated, resolved and summed by Spark or DataFusion from
//! the shard sets `extract` wrote. Memory grows with accounts and edges
//! only; the posts stay on the cluster.
//!
//! The aggregate carries the graph's figures, not the posts: the
//! engagement sums and medians, languages, links and which hashtags travel
//! together are in it, but evidence posts and calendar periods are not
//! (their outputs come out empty and the manifest says how the run was
//! made).

use std::io;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::engagement::Engagement;
use super::hashtags::TagCounts;
use super::links::{Links, Share, SharedLink};
use super::{BuildStats, Csr, Edge, Hashtags, InteractionGraph, KindWeights, NO_TIME, TopicActivity, TopicEdge};
use crate::columnar::{Cell, read};
use crate::ingest::{Counters, Platform};
use crate::kind::Kind;
use crate::link::LinkKind;

/// What an aggregate does not carry: these come out empty from it.
pub const NOT_CARRIED: [&str; 3] = ["evidence posts (evidence.csv)", "calendar periods (--period)", "the posts' texts"];

fn bad(path: &Path, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{}: {what}", path.display()))
}

/// A count or id column: present and in range.
fn uint<T: TryFrom<i64>>(path: &Path, cell: &Cell, column: &str) -> io::Result<T> {
    cell.long().and_then(|v| T::try_from(v).ok()).ok_or_else(|| bad(path, format!("{column} is {cell:?}")))
}

fn kind(path: &Path, cell: &Cell) -> io::Result<Kind> {
    cell.text().and_then(Kind::parse).ok_or_else(|| bad(path, format!("kind is {cell:?}")))
}

fn platform(name: Option<&str>) -> Platform {
    match name {
        Some("x") => Platform::X,
        Some("bluesky") => Platform::Bluesky,
        Some("mastodon") => Platform::Mastodon,
        Some("csv") => Platform::Csv,
        _ => Platform::Edge,
    }
}

/// Reads the graph of the aggregate in `dir`, with these kind weights
/// (applied here, as the builder applies them when it finishes) and these
/// topic names (the aggregate's, from its aggregate.json).
pub fn read_graph(dir: &Path, weights: KindWeights, topics: Vec<String>) -> io::Result<InteractionGraph> {
    let path = dir.join("accounts");
    let mut rows: Vec<(u32, super::AccountInfo)> = Vec::new();
    read(&path, &["ord", "id", "platform", "handle", "name", "bio", "followers", "posts"], |r| {
        let info = super::AccountInfo {
            id: std::mem::replace(&mut r[1], Cell::Null)
                .into_text()
                .ok_or_else(|| bad(&path, "an account without id"))?,
            platform: platform(r[2].text()),
            handle: std::mem::replace(&mut r[3], Cell::Null).into_text(),
            name: std::mem::replace(&mut r[4], Cell::Null).into_text(),
            bio: std::mem::replace(&mut r[5], Cell::Null).into_text(),
            followers: r[6].long().and_then(|f| u64::try_from(f).ok()),
            posts: uint(&path, &r[7], "posts")?,
            pseudonym: false,
        };
        rows.push((uint(&path, &r[0], "ord")?, info));
        Ok(())
    })?;
    rows.sort_unstable_by_key(|(ord, _)| *ord);
    if rows.iter().enumerate().any(|(i, (ord, _))| *ord as usize != i) {
        return Err(bad(&path, "account numbers are not 0..n, each once"));
    }
    let mut accounts: Vec<super::AccountInfo> = rows.into_iter().map(|(_, a)| a).collect();
    for a in &mut accounts {
        a.make_visible();
    }
    let n = accounts.len();
    let account = |path: &Path, cell: &Cell, column: &str| -> io::Result<u32> {
        let v: u32 = uint(path, cell, column)?;
        if (v as usize) < n { Ok(v) } else { Err(bad(path, format!("{column} {v} is not an account"))) }
    };

    let path = dir.join("edges");
    let mut edges = Vec::new();
    read(&path, &["source", "target", "kind", "count", "weight", "first_at", "last_at"], |r| {
        let kind = kind(&path, &r[2])?;
        let raw = r[4].double().ok_or_else(|| bad(&path, "an edge without weight"))?;
        let (first, last) = match (r[5].long(), r[6].long()) {
            (Some(a), Some(b)) => (a, b),
            _ => (NO_TIME, NO_TIME),
        };
        edges.push(Edge {
            source: account(&path, &r[0], "source")?,
            target: account(&path, &r[1], "target")?,
            kind,
            count: uint(&path, &r[3], "count")?,
            weight: raw * weights.get(kind),
            first,
            last,
        });
        Ok(())
    })?;
    edges.sort_unstable_by_key(|e| (e.source, e.target, e.kind));
    if edges.windows(2).any(|w| (w[0].source, w[0].target, w[0].kind) == (w[1].source, w[1].target, w[1].kind)) {
        return Err(bad(&path, "an edge listed twice"));
    }
    let forward = Csr::from_sorted(n, edges.iter().map(|e| (e.source, e.target, e.weight)));
    let reverse = forward.transpose();

    let named = u16::try_from(topics.len()).map_err(|_| bad(dir, "more topics than a topics file can have"))?;
    let topic = |path: &Path, cell: &Cell| -> io::Result<u16> {
        let t: u16 = uint(path, cell, "topic")?;
        if t <= named { Ok(t) } else { Err(bad(path, format!("topic {t} of {named}"))) }
    };
    let path = dir.join("topic_posts");
    let mut posts = Vec::new();
    read(&path, &["account", "topic", "posts"], |r| {
        posts.push((account(&path, &r[0], "account")?, topic(&path, &r[1])?, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    posts.sort_unstable();
    let path = dir.join("topic_edges");
    let mut topic_edges = Vec::new();
    read(&path, &["topic", "source", "target", "kind", "count"], |r| {
        let kind = kind(&path, &r[3])?;
        let count: u32 = uint(&path, &r[4], "count")?;
        topic_edges.push(TopicEdge {
            topic: topic(&path, &r[0])?,
            source: account(&path, &r[1], "source")?,
            target: account(&path, &r[2], "target")?,
            kind,
            count,
            weight: f64::from(count) * weights.get(kind),
        });
        Ok(())
    })?;
    topic_edges.sort_unstable_by_key(|e| (e.topic, e.source, e.target, e.kind));

    let path = dir.join("stats");
    let mut stats = None;
    let mut tagged_posts = 0;
    read(
        &path,
        &["posts", "interactions", "self_interactions", "unresolved_references", "first_at", "last_at", "tagged_posts"],
        |r| {
            stats = Some(BuildStats {
                posts: uint(&path, &r[0], "posts")?,
                interactions: uint(&path, &r[1], "interactions")?,
                self_interactions: uint(&path, &r[2], "self_interactions")?,
                unresolved_references: uint(&path, &r[3], "unresolved_references")?,
                period: r[4].long().zip(r[5].long()),
            });
            tagged_posts = uint(&path, &r[6], "tagged_posts")?;
            Ok(())
        },
    )?;
    let stats = stats.ok_or_else(|| bad(&path, "no row"))?;
    let hashtags = read_hashtags(dir, &account, &topic, topics.len(), tagged_posts)?;

    let engagement = read_engagement(dir, n, &account)?;
    let links = read_links(dir, &account, &topic)?;

    Ok(InteractionGraph {
        accounts,
        edges,
        forward,
        reverse,
        hashtags,
        topics: TopicActivity { names: topics, posts, edges: topic_edges, evidence: Vec::new() },
        periods: None,
        engagement,
        links,
        stats,
    })
}

/// An account number column, checked against the accounts read.
type AccountCol<'a> = dyn Fn(&Path, &Cell, &str) -> io::Result<u32> + 'a;

/// The hashtags: their names in first-use order, who used them, and the
/// counts of which travel together (the builder's [`TagCounts`], finished
/// by the same code).
fn read_hashtags(
    dir: &Path,
    account: &AccountCol<'_>,
    topic: &dyn Fn(&Path, &Cell) -> io::Result<u16>,
    topics: usize,
    tagged_posts: u64,
) -> io::Result<Hashtags> {
    let path = dir.join("tags");
    let mut tags: Vec<(u32, String, u32, u32)> = Vec::new();
    read(&path, &["ord", "tag", "posts", "accounts"], |r| {
        let name =
            std::mem::replace(&mut r[1], Cell::Null).into_text().ok_or_else(|| bad(&path, "a tag without name"))?;
        tags.push((uint(&path, &r[0], "ord")?, name, uint(&path, &r[2], "posts")?, uint(&path, &r[3], "accounts")?));
        Ok(())
    })?;
    tags.sort_unstable_by_key(|t| t.0);
    if tags.iter().enumerate().any(|(i, t)| t.0 as usize != i) {
        return Err(bad(&path, "tag numbers are not 0..n, each once"));
    }
    let tag_ids: FxHashMap<&str, u32> = tags.iter().map(|t| (t.1.as_str(), t.0)).collect();
    let tag = |path: &Path, cell: &Cell| -> io::Result<u32> {
        cell.text()
            .and_then(|t| tag_ids.get(t))
            .copied()
            .ok_or_else(|| bad(path, format!("tag {cell:?} is not in tags")))
    };
    let path = dir.join("tag_uses");
    let mut uses = Vec::new();
    read(&path, &["account", "tag", "posts"], |r| {
        uses.push((account(&path, &r[0], "account")?, tag(&path, &r[1])?, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    uses.sort_unstable();
    let real_topic = |path: &Path, cell: &Cell| -> io::Result<u16> {
        let t = topic(path, cell)?;
        if usize::from(t) < topics { Ok(t) } else { Err(bad(path, format!("topic {t} of {topics}"))) }
    };
    let path = dir.join("tag_topics");
    let mut on_topic = Vec::new();
    read(&path, &["tag", "topic", "posts"], |r| {
        on_topic.push((tag(&path, &r[0])?, real_topic(&path, &r[1])?, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    on_topic.sort_unstable();
    let path = dir.join("tagged_topic_posts");
    let mut topic_posts = vec![0; topics];
    read(&path, &["topic", "posts"], |r| {
        topic_posts[usize::from(real_topic(&path, &r[0])?)] = uint(&path, &r[1], "posts")?;
        Ok(())
    })?;
    let path = dir.join("tag_pairs");
    let mut pairs = Vec::new();
    read(&path, &["a", "b", "posts"], |r| {
        pairs.push(((tag(&path, &r[0])?, tag(&path, &r[1])?), uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    let counts = TagCounts {
        posts: tags.iter().map(|t| t.2).collect(),
        accounts: tags.iter().map(|t| t.3).collect(),
        tagged_posts,
        topic_posts,
        on_topic,
        ..TagCounts::default()
    };
    drop(tag_ids);
    let names: Vec<Box<str>> =
        tags.into_iter().map(|t| crate::visible::apply(t.1, crate::visible::id).into_boxed_str()).collect();
    let counts = counts.finish(&names, topics, pairs);
    Ok(Hashtags { names, uses, counts })
}

fn read_engagement(dir: &Path, n: usize, account: &AccountCol<'_>) -> io::Result<Engagement> {
    let count = |path: &Path, cell: &Cell, column: &str| -> io::Result<Option<u64>> {
        match cell {
            Cell::Null => Ok(None),
            _ => uint(path, cell, column).map(Some),
        }
    };
    let path = dir.join("engagement");
    let mut sums = Vec::new();
    read(&path, &["account", "likes", "reposts", "replies", "impressions", "median"], |r| {
        let counters = Counters {
            likes: count(&path, &r[1], "likes")?,
            reposts: count(&path, &r[2], "reposts")?,
            replies: count(&path, &r[3], "replies")?,
            impressions: count(&path, &r[4], "impressions")?,
        };
        sums.push((account(&path, &r[0], "account")?, counters, r[5].double()));
        Ok(())
    })?;
    let path = dir.join("languages");
    let mut langs = Vec::new();
    read(&path, &["account", "lang", "posts"], |r| {
        let lang =
            std::mem::replace(&mut r[1], Cell::Null).into_text().ok_or_else(|| bad(&path, "a language without tag"))?;
        langs.push((account(&path, &r[0], "account")?, lang, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    Ok(Engagement::from_sums(n, sums, langs))
}

fn read_links(
    dir: &Path,
    account: &AccountCol<'_>,
    topic: &dyn Fn(&Path, &Cell) -> io::Result<u16>,
) -> io::Result<Links> {
    let path = dir.join("links");
    let mut links: Vec<(u32, SharedLink)> = Vec::new();
    read(&path, &["ord", "key", "kind", "domain", "posts"], |r| {
        let kind =
            r[2].text().and_then(LinkKind::from_name).ok_or_else(|| bad(&path, format!("kind is {:?}", r[2])))?;
        let key =
            std::mem::replace(&mut r[1], Cell::Null).into_text().ok_or_else(|| bad(&path, "a link without key"))?;
        let domain = std::mem::replace(&mut r[3], Cell::Null).into_text().unwrap_or_default();
        let link = SharedLink { key: key.into(), kind, domain: domain.into(), posts: uint(&path, &r[4], "posts")? };
        links.push((uint(&path, &r[0], "ord")?, link));
        Ok(())
    })?;
    links.sort_unstable_by_key(|(ord, _)| *ord);
    if links.iter().enumerate().any(|(i, (ord, _))| *ord as usize != i) {
        return Err(bad(&path, "link numbers are not 0..n, each once"));
    }
    let n = links.len();
    let link = |path: &Path, cell: &Cell| -> io::Result<u32> {
        let v: u32 = uint(path, cell, "link")?;
        if (v as usize) < n { Ok(v) } else { Err(bad(path, format!("link {v} is not a link"))) }
    };
    let path = dir.join("link_shares");
    let mut shares = Vec::new();
    read(&path, &["link", "account", "posts", "reposts"], |r| {
        shares.push(Share {
            link: link(&path, &r[0])?,
            account: account(&path, &r[1], "account")?,
            posts: uint(&path, &r[2], "posts")?,
            reposts: uint(&path, &r[3], "reposts")?,
            topics: 0,
        });
        Ok(())
    })?;
    shares.sort_unstable_by_key(|s| (s.link, s.account));
    let path = dir.join("link_share_topics");
    read(&path, &["link", "account", "topic"], |r| {
        let key = (link(&path, &r[0])?, account(&path, &r[1], "account")?);
        let t = topic(&path, &r[2])?;
        let i = shares
            .binary_search_by_key(&key, |s| (s.link, s.account))
            .map_err(|_| bad(&path, format!("link {} of account {} is not in link_shares", key.0, key.1)))?;
        if t >= 64 {
            return Err(bad(&path, format!("topic {t}")));
        }
        shares[i].topics |= 1 << t;
        Ok(())
    })?;
    let path = dir.join("link_topic_posts");
    let mut topic_posts = Vec::new();
    read(&path, &["link", "topic", "posts"], |r| {
        topic_posts.push((link(&path, &r[0])?, topic(&path, &r[1])?, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    topic_posts.sort_unstable();
    Ok(Links { links: links.into_iter().map(|(_, l)| l).collect(), shares, topic_posts })
}
