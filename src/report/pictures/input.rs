//! What the pictures are drawn from: a plain table of accounts, links and
//! communities, built either from a run's results in memory (`analyze`) or
//! from an output folder read back (`render`). Both give the same values,
//! bit for bit (the tables write floats in round-trip form), so `render`
//! redraws exactly what `analyze` drew.

use crate::report::Results;
use crate::report::folder::Folder;

/// The score that sizes nodes and picks the accounts to show. Switching to
/// another score is this function and the score [`PictureInput::from_folder`]
/// takes from the folder.
fn score_of(r: &Results<'_>, account: usize) -> f64 {
    r.topics.dol_score[account]
}

/// Hashtags named per community.
const TOP_HASHTAGS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct PictureAccount {
    /// Handle, or the account id when it has none.
    pub label: String,
    pub name: String,
    pub score: f64,
    pub community: u32,
    /// Rank on its community's leading topic (`u32::MAX`: not ranked
    /// there): the pictures feature the topic's leaders first.
    pub lead: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PictureCommunity {
    pub size: usize,
    /// Most used hashtags of its members, most used first.
    pub hashtags: Vec<String>,
    /// Its leading topic (communities.csv's `top_topic`), empty without.
    pub topic: String,
}

/// Everything a picture needs, nothing about how it was computed.
#[derive(Clone, Debug, PartialEq)]
pub struct PictureInput {
    /// Indexed by account id.
    pub accounts: Vec<PictureAccount>,
    /// `(source, target, weight)` per linked pair, the weights of every
    /// kind summed, in (source, target) order; no self-links.
    pub links: Vec<(u32, u32, f64)>,
    /// Indexed by community label (0 the largest).
    pub communities: Vec<PictureCommunity>,
}

/// Sums the weights of consecutive rows of the same pair (the edges are
/// sorted by source, target, kind): in the same order on both paths.
/// Reserved to the rows' count at once: grown by doubling, the copies and
/// the buffers left behind made the peak of a whole `analyze` of the
/// 10M-interaction graph (pages past the pairs found are never written).
fn merge_links(rows: impl ExactSizeIterator<Item = (u32, u32, f64)>) -> Vec<(u32, u32, f64)> {
    let mut links: Vec<(u32, u32, f64)> = Vec::with_capacity(rows.len());
    for (s, t, w) in rows {
        if s == t {
            continue;
        }
        match links.last_mut() {
            Some(last) if last.0 == s && last.1 == t => last.2 += w,
            _ => links.push((s, t, w)),
        }
    }
    links
}

impl PictureInput {
    /// From a run's results.
    pub fn from_results(r: &Results<'_>) -> PictureInput {
        let c = r.communities;
        let top_topic = crate::report::tables::community_topics(r);
        let leads = crate::report::tables::topic_leads(r, &top_topic);
        let accounts = r
            .graph
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| PictureAccount {
                label: match a.handle.as_deref() {
                    Some(h) if !h.is_empty() => h.to_string(),
                    _ => a.id.to_string(),
                },
                name: a.name.clone().unwrap_or_default(),
                score: score_of(r, i),
                community: c.membership[i],
                lead: leads[i],
            })
            .collect();
        let links = merge_links(r.graph.edges.iter().map(|e| (e.source, e.target, e.weight)));
        let hashtags = crate::report::tables::community_hashtags(r, TOP_HASHTAGS);
        let communities = c
            .sizes
            .iter()
            .zip(hashtags)
            .zip(top_topic)
            .map(|((&size, tags), topic)| PictureCommunity {
                size,
                hashtags: tags.into_iter().map(String::from).collect(),
                topic: topic.map(|t| r.topics.rankings[t].topic.clone()).unwrap_or_default(),
            })
            .collect();
        PictureInput { accounts, links, communities }
    }

    /// From an output folder read back (`render`).
    pub fn from_folder(f: &Folder) -> PictureInput {
        let mut leads = vec![u32::MAX; f.accounts.len()];
        for row in &f.topics {
            let a = row.account as usize;
            let community = f.accounts[a].community as usize;
            if f.communities.get(community).is_some_and(|c| c.top_topic == row.topic) {
                leads[a] = row.rank;
            }
        }
        let accounts = f
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| PictureAccount {
                label: if a.handle.is_empty() { a.id.clone() } else { a.handle.clone() },
                name: a.name.clone(),
                score: a.dol_score,
                community: a.community,
                lead: leads[i],
            })
            .collect();
        let communities = f
            .communities
            .iter()
            .map(|c| PictureCommunity {
                size: c.size,
                hashtags: c.hashtags.iter().take(TOP_HASHTAGS).cloned().collect(),
                topic: c.top_topic.clone(),
            })
            .collect();
        PictureInput { accounts, links: merge_links(f.edges.iter().copied()), communities }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_one_pair_are_summed_in_order() {
        let links = merge_links([(0, 1, 1.0), (0, 1, 0.5), (1, 1, 3.0), (1, 0, 2.0)].into_iter());
        assert_eq!(links, vec![(0, 1, 1.5), (1, 0, 2.0)]);
    }
}
