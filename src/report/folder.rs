//! Reads an output folder back: the one reader of the contract's tables
//! ([`table`] streams each one; here they become typed rows), for the
//! commands that work on a finished run (`scout` ranks from it, `render`
//! redraws from it, `compare` compares two). The manifest is read typed
//! by [`super::manifest::Manifest::read`]. Only the contract's files are read, so a
//! folder from another machine, or one a user filtered by hand, works the
//! same. Floats are written in round-trip form, so values read back are the
//! values the run computed, bit for bit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Result;

pub mod table;

pub use table::{Row, Table};

/// One row of accounts.csv, the columns read back.
#[derive(Clone, Debug, Default)]
pub struct AccountRow {
    pub id: String,
    pub handle: String,
    pub name: String,
    pub community: u32,
    pub persona: String,
    pub dol_score: f64,
    /// `x`, `bluesky`, `mastodon`... and the profile page; empty in a
    /// folder without the columns.
    pub platform: String,
    pub url: String,
}

/// One row of topics.csv.
#[derive(Clone, Debug)]
pub struct TopicRow {
    pub topic: String,
    pub rank: u32,
    pub account: u32,
    pub score: f64,
    pub why: String,
}

/// One roster person of roster.csv: id, name and the accounts found, by
/// account index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RosterPerson {
    pub id: String,
    pub name: String,
    pub accounts: Vec<u32>,
}

/// One row of communities.csv.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommunityRow {
    pub size: usize,
    /// Its members' most used hashtags, most used first.
    pub hashtags: Vec<String>,
    /// Its leading topic (empty without topics, or in an older folder).
    pub top_topic: String,
}

/// What an output folder holds.
pub struct Folder {
    pub dir: PathBuf,
    pub accounts: Vec<AccountRow>,
    /// `(source, target, weight)` per row of edges.csv (one row per kind),
    /// as account indices, in the file's order.
    pub edges: Vec<(u32, u32, f64)>,
    /// Indexed by community label; a label with no row has size 0.
    pub communities: Vec<CommunityRow>,
    /// Empty when the run had no topics file.
    pub topics: Vec<TopicRow>,
    /// Empty when the run had no roster (roster.csv).
    pub roster: Vec<RosterPerson>,
}

impl Folder {
    pub fn read(dir: &Path) -> Result<Folder> {
        let mut t = Table::open(dir, "accounts.csv")?;
        let [id, handle, name, community, persona, dol_score] =
            t.columns(["id", "handle", "name", "community", "persona", "dol_score"])?;
        let (platform, url) = (t.column("platform"), t.column("url"));
        let mut accounts = Vec::new();
        while let Some(row) = t.next_row()? {
            accounts.push(AccountRow {
                id: row.get(id).to_string(),
                handle: row.get(handle).to_string(),
                name: row.get(name).to_string(),
                community: t.number(&row, community)?,
                persona: row.get(persona).to_string(),
                dol_score: t.number(&row, dol_score)?,
                platform: row.get_opt(platform).to_string(),
                url: row.get_opt(url).to_string(),
            });
        }
        let index: HashMap<&str, u32> = accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
        let find = |t: &Table, row: &Row, c: usize| {
            index
                .get(row.get(c))
                .copied()
                .ok_or_else(|| t.bad(row.line(), format!("account {} is not in accounts.csv", row.get(c))))
        };

        let mut t = Table::open(dir, "edges.csv")?;
        let [source, target, weight] = t.columns(["source", "target", "weight"])?;
        let mut edges = Vec::new();
        while let Some(row) = t.next_row()? {
            edges.push((find(&t, &row, source)?, find(&t, &row, target)?, t.number(&row, weight)?));
        }

        let count = accounts.iter().map(|a| a.community as usize + 1).max().unwrap_or(0);
        let mut communities = vec![CommunityRow::default(); count];
        let mut t = Table::open(dir, "communities.csv")?;
        let [label, size, hashtags] = t.columns(["community", "size", "top_hashtags"])?;
        let top_topic = t.column("top_topic");
        while let Some(row) = t.next_row()? {
            let k: usize = t.number(&row, label)?;
            if k >= communities.len() {
                communities.resize(k + 1, CommunityRow::default());
            }
            communities[k] = CommunityRow {
                size: t.number(&row, size)?,
                hashtags: row.get(hashtags).split_whitespace().map(String::from).collect(),
                top_topic: row.get_opt(top_topic).to_string(),
            };
        }

        let mut topics = Vec::new();
        if let Some(mut t) = Table::open_if_present(dir, "topics.csv")? {
            let [topic, rank, id, score, why] = t.columns(["topic", "rank", "id", "score", "why"])?;
            while let Some(row) = t.next_row()? {
                topics.push(TopicRow {
                    topic: row.get(topic).to_string(),
                    rank: t.number(&row, rank)?,
                    account: find(&t, &row, id)?,
                    score: t.number(&row, score)?,
                    why: row.get(why).to_string(),
                });
            }
        }
        let mut roster: Vec<RosterPerson> = Vec::new();
        if let Some(mut t) = Table::open_if_present(dir, "roster.csv")? {
            // Handles are unique within a platform, not across: a person's
            // handle is looked up among the accounts of its platforms.
            let by_handle: HashMap<&str, Vec<u32>> =
                accounts.iter().enumerate().fold(HashMap::new(), |mut m, (i, a)| {
                    let label = if a.handle.is_empty() { a.id.as_str() } else { a.handle.as_str() };
                    m.entry(label).or_insert_with(Vec::new).push(i as u32);
                    m
                });
            let [person, name, handles] = t.columns(["person", "name", "handles"])?;
            while let Some(row) = t.next_row()? {
                let id = row.get(person);
                if roster.last().is_some_and(|p| p.id == id) {
                    continue;
                }
                let mut found = Vec::new();
                for h in row.get(handles).split_whitespace() {
                    match by_handle.get(h).map(Vec::as_slice) {
                        Some([one]) => found.push(*one),
                        Some(many) => found.extend(many),
                        None => return Err(t.bad(row.line(), format!("account {h} is not in accounts.csv"))),
                    }
                }
                roster.push(RosterPerson { id: id.to_string(), name: row.get(name).to_string(), accounts: found });
            }
        }
        drop(index);
        Ok(Folder { dir: dir.to_path_buf(), accounts, edges, communities, topics, roster })
    }
}

/// What a folder's manifest.json says about the run, for `compare`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunInfo {
    /// The topics as the run read them, in the topics file's order;
    /// `None` when the run had no `--topics`.
    pub topics: Option<Vec<crate::topics::Topic>>,
    /// First and last time of the posts used (RFC 3339), when any had one.
    pub period: Option<(String, String)>,
}

impl RunInfo {
    pub fn read(dir: &Path) -> Result<RunInfo> {
        let m = super::manifest::Manifest::read(dir)?;
        let topics = m.topics.map(|t| {
            t.topics
                .into_iter()
                .map(|t| crate::topics::Topic { name: t.name, hashtags: t.hashtags, keywords: t.keywords })
                .collect()
        });
        Ok(RunInfo { topics, period: m.period.map(|p| (p.first, p.last)) })
    }
}

/// One row of trends.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub topic: String,
    pub period_start: String,
    pub period_end: String,
    pub rank: u32,
    pub id: String,
    pub handle: String,
    pub score: f64,
}

/// One row of movers.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct MoverRow {
    pub topic: String,
    pub id: String,
    pub handle: String,
    pub rank_before: Option<u32>,
    pub rank_after: Option<u32>,
    pub score_before: f64,
    pub score_after: f64,
    pub status: String,
}

/// trends.csv of a run with `--period`; `None` without it.
pub fn read_trends(dir: &Path) -> Result<Option<Vec<TrendRow>>> {
    let Some(mut t) = Table::open_if_present(dir, "trends.csv")? else { return Ok(None) };
    let [topic, start, end, rank, id, handle, score] =
        t.columns(["topic", "period_start", "period_end", "rank", "id", "handle", "score"])?;
    let mut rows = Vec::new();
    while let Some(row) = t.next_row()? {
        rows.push(TrendRow {
            topic: row.get(topic).to_string(),
            period_start: row.get(start).to_string(),
            period_end: row.get(end).to_string(),
            rank: t.number(&row, rank)?,
            id: row.get(id).to_string(),
            handle: row.get(handle).to_string(),
            score: t.number(&row, score)?,
        });
    }
    Ok(Some(rows))
}

/// movers.csv of a run with `--period` (or of `compare`); `None` without it.
pub fn read_movers(dir: &Path) -> Result<Option<Vec<MoverRow>>> {
    let Some(mut t) = Table::open_if_present(dir, "movers.csv")? else { return Ok(None) };
    let [topic, id, handle, rank_before, rank_after, score_before, score_after, status] =
        t.columns(["topic", "id", "handle", "rank_before", "rank_after", "score_before", "score_after", "status"])?;
    let mut rows = Vec::new();
    while let Some(row) = t.next_row()? {
        rows.push(MoverRow {
            topic: row.get(topic).to_string(),
            id: row.get(id).to_string(),
            handle: row.get(handle).to_string(),
            rank_before: t.optional_number(&row, rank_before)?,
            rank_after: t.optional_number(&row, rank_after)?,
            score_before: t.number(&row, score_before)?,
            score_after: t.number(&row, score_after)?,
            status: row.get(status).to_string(),
        });
    }
    Ok(Some(rows))
}
