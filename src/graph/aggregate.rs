//! The graph read from an aggregate (`scale/aggregate.py`'s output)
//! instead of from posts: accounts, edges, on-topic activity and hashtags,
//! already de-duplicated, resolved and summed by Spark or DataFusion from
//! the shard sets `extract` wrote. Memory grows with accounts and edges
//! only; the posts stay on the cluster.
//!
//! The aggregate carries the graph's figures, not the posts: engagement
//! counters, languages, links, which hashtags travel together, evidence
//! posts and calendar periods are not in it (their outputs come out
//! empty and the manifest says how the run was made).

use std::io;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::{BuildStats, Csr, Edge, Hashtags, InteractionGraph, KindWeights, NO_TIME, TopicActivity, TopicEdge};
use crate::columnar::{Cell, read};
use crate::ingest::Platform;
use crate::kind::Kind;

/// What an aggregate does not carry: these come out empty from it.
pub const NOT_CARRIED: [&str; 6] = [
    "engagement counters and languages (accounts.csv)",
    "links (links.csv, the papers of topics.csv's why)",
    "hashtag counts and pairs (hashtags.csv, hashtag_pairs.csv)",
    "evidence posts (evidence.csv)",
    "calendar periods (--period)",
    "the posts' texts",
];

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
            url: None,
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
        a.url = a.profile_url();
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

    let path = dir.join("tags");
    let mut tags: Vec<(u32, String)> = Vec::new();
    read(&path, &["ord", "tag"], |r| {
        let name =
            std::mem::replace(&mut r[1], Cell::Null).into_text().ok_or_else(|| bad(&path, "a tag without name"))?;
        tags.push((uint(&path, &r[0], "ord")?, name));
        Ok(())
    })?;
    tags.sort_unstable_by_key(|(ord, _)| *ord);
    if tags.iter().enumerate().any(|(i, (ord, _))| *ord as usize != i) {
        return Err(bad(&path, "tag numbers are not 0..n, each once"));
    }
    let tag_ids: FxHashMap<&str, u32> = tags.iter().map(|(ord, t)| (t.as_str(), *ord)).collect();
    let path = dir.join("tag_uses");
    let mut uses = Vec::new();
    read(&path, &["account", "tag", "posts"], |r| {
        let tag = r[1].text().and_then(|t| tag_ids.get(t)).copied().ok_or_else(|| bad(&path, "a tag not in tags"))?;
        uses.push((account(&path, &r[0], "account")?, tag, uint(&path, &r[2], "posts")?));
        Ok(())
    })?;
    uses.sort_unstable();
    let names: Vec<Box<str>> =
        tags.into_iter().map(|(_, t)| crate::visible::apply(t, crate::visible::id).into_boxed_str()).collect();
    let counts = super::hashtags::TagCounts {
        posts: vec![0; names.len()],
        accounts: vec![0; names.len()],
        top_topic: vec![None; names.len()],
        topic_posts: vec![0; topics.len()],
        ..Default::default()
    };

    let path = dir.join("stats");
    let mut stats = None;
    read(
        &path,
        &["posts", "interactions", "self_interactions", "unresolved_references", "first_at", "last_at"],
        |r| {
            stats = Some(BuildStats {
                posts: uint(&path, &r[0], "posts")?,
                interactions: uint(&path, &r[1], "interactions")?,
                self_interactions: uint(&path, &r[2], "self_interactions")?,
                unresolved_references: uint(&path, &r[3], "unresolved_references")?,
                period: r[4].long().zip(r[5].long()),
            });
            Ok(())
        },
    )?;
    let stats = stats.ok_or_else(|| bad(&path, "no row"))?;

    Ok(InteractionGraph {
        accounts,
        edges,
        forward,
        reverse,
        hashtags: Hashtags { names, uses, counts },
        topics: TopicActivity { names: topics, posts, edges: topic_edges, evidence: Vec::new() },
        periods: None,
        engagement: Default::default(),
        links: Default::default(),
        stats,
    })
}
