//! `links.csv`: what the accounts spread, in the reader's terms (a paper's
//! DOI, PubMed or trial id; a page's link), from `graph::links`.

use std::io::Write;

use rustc_hash::FxHashMap;

use super::Results;
use super::tables::{Rows, label};
use crate::graph::links::{Links, Share};
use crate::link::url_of;

pub const LINK_COLUMNS: &[&str] =
    &["link", "kind", "domain", "posts", "sharers", "top_sharers", "topics", "communities"];

/// Accounts named per link in `top_sharers`, and communities in `communities`.
const TOP_SHARERS: usize = 5;

/// The links by reach: most sharers first, then most posts, then key.
fn by_reach(links: &Links) -> Vec<(u32, usize)> {
    let mut order: Vec<(u32, usize)> = (0..links.links.len() as u32).map(|l| (l, links.shares_of(l).len())).collect();
    order.sort_by(|a, b| {
        let (x, y) = (&links.links[a.0 as usize], &links.links[b.0 as usize]);
        b.1.cmp(&a.1).then(y.posts.cmp(&x.posts)).then_with(|| x.key.cmp(&y.key))
    });
    order
}

/// Items and their counts, most first, ties in the items' order, as
/// `a; b; c`.
fn most_first<T: Ord + Copy>(counts: &mut [(T, u32)], top: usize, name: impl Fn(T, u32) -> String) -> String {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.iter().take(top).map(|&(t, n)| name(t, n)).collect::<Vec<_>>().join("; ")
}

/// links.csv: one row per distinct link, by reach. `link` is the link to
/// open (a DOI, PubMed, PMC or trial id through its resolver); `domain`
/// the site it was shared from most; `posts` the posts and reposts that
/// carried it; `sharers` the accounts that posted or reposted it, or whose
/// post of it someone reposted; `top_sharers` the five of them with the
/// highest dol_score; `topics` the topics of those posts with the posts
/// on each, most first (`rwe (15); vaccines (2)`), and `communities` the
/// five communities with most sharers.
pub fn write_links(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let links = &r.graph.links;
    let dol = &r.topics.dol_score;
    let names = &r.graph.topics.names;
    let mut rows = Rows::new(w, LINK_COLUMNS)?;
    let mut topic_counts: Vec<(u16, u32)> = Vec::new();
    for (l, sharers) in by_reach(links) {
        let link = &links.links[l as usize];
        let shares = links.shares_of(l);
        let mut top: Vec<&Share> = shares.iter().collect();
        top.sort_by(|a, b| {
            let (x, y) = (a.account as usize, b.account as usize);
            dol[y].total_cmp(&dol[x]).then(b.reposts.cmp(&a.reposts)).then(a.account.cmp(&b.account))
        });
        let top: Vec<&str> =
            top.iter().take(TOP_SHARERS).map(|s| label(&r.graph.accounts[s.account as usize])).collect();
        topic_counts.clear();
        let start = links.topic_posts.partition_point(|t| t.0 < l);
        topic_counts.extend(links.topic_posts[start..].iter().take_while(|t| t.0 == l).map(|t| (t.1, t.2)));
        let topics = most_first(&mut topic_counts, usize::MAX, |t, n| {
            format!("{} ({n})", names.get(t as usize).map(String::as_str).unwrap_or_default())
        });
        let mut communities: FxHashMap<u32, u32> = FxHashMap::default();
        for s in shares {
            *communities.entry(r.communities.membership[s.account as usize]).or_default() += 1;
        }
        let mut communities: Vec<(u32, u32)> = communities.into_iter().collect();
        let communities = most_first(&mut communities, TOP_SHARERS, |c, _| c.to_string());
        rows.text(&url_of(&link.key))
            .text(link.kind.name())
            .text(&link.domain)
            .int(link.posts)
            .int(sharers as u64)
            .text(&top.join(" "))
            .text(&topics)
            .text(&communities);
        rows.finish_row()?;
    }
    rows.flush()
}
