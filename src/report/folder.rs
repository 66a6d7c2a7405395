//! Reads an output folder back: the one reader of the contract's tables,
//! for the commands that work on a finished run (`scout` ranks from it,
//! `render` redraws from it, `compare` compares two). Only the contract's files are read, so a
//! folder from another machine, or one a user filtered by hand, works the
//! same. Floats are written in round-trip form, so values read back are the
//! values the run computed, bit for bit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::escape::csv_text_read;
use crate::error::{Error, Result};

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

/// One CSV table of the folder, read row by row with the line each row
/// starts on (a quoted cell may span lines).
struct Table {
    path: PathBuf,
    reader: csv::Reader<std::fs::File>,
    header: csv::StringRecord,
    line: u64,
}

impl Table {
    fn open(dir: &Path, name: &str) -> Result<Table> {
        let path = dir.join(name);
        let file = std::fs::File::open(&path).map_err(|e| Error::Input {
            path: path.clone(),
            reason: format!("{e}; is {} an output folder of `dolgraph analyze`?", dir.display()),
        })?;
        let mut reader = csv::Reader::from_reader(file);
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(Error::Input { path, reason: format!("line 1: {e}") }),
        };
        Ok(Table { path, reader, header, line: 1 })
    }

    fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut out = [0; N];
        for (o, name) in out.iter_mut().zip(names) {
            *o = self.header.iter().position(|h| h == name).ok_or_else(|| {
                self.bad(1, format!("no column {name}; rerun a current `dolgraph analyze` to write the folder anew"))
            })?;
        }
        Ok(out)
    }

    fn next(&mut self) -> Result<Option<csv::StringRecord>> {
        let mut rec = csv::StringRecord::new();
        match self.reader.read_record(&mut rec) {
            Ok(true) => {
                self.line = rec.position().map_or(self.line + 1, |p| p.line());
                if rec.len() < self.header.len() {
                    return Err(self.bad(self.line, "too few fields"));
                }
                Ok(Some(rec))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(self.bad(self.line + 1, e)),
        }
    }

    fn bad(&self, line: u64, what: impl std::fmt::Display) -> Error {
        Error::Input { path: self.path.clone(), reason: format!("line {line}: {what}") }
    }

    fn number<T: std::str::FromStr>(&self, cell: &str, column: &str) -> Result<T> {
        cell.parse().map_err(|_| self.bad(self.line, format!("{column} '{cell}' is not a number")))
    }
}

impl Folder {
    pub fn read(dir: &Path) -> Result<Folder> {
        let mut t = Table::open(dir, "accounts.csv")?;
        let [id, handle, name, community, persona, dol_score] =
            t.columns(["id", "handle", "name", "community", "persona", "dol_score"])?;
        let platform = t.header.iter().position(|h| h == "platform");
        let url = t.header.iter().position(|h| h == "url");
        let optional = |rec: &csv::StringRecord, c: Option<usize>| {
            c.and_then(|c| rec.get(c)).map(|v| csv_text_read(v).to_string()).unwrap_or_default()
        };
        let mut accounts = Vec::new();
        while let Some(rec) = t.next()? {
            accounts.push(AccountRow {
                id: csv_text_read(&rec[id]).to_string(),
                handle: csv_text_read(&rec[handle]).to_string(),
                name: csv_text_read(&rec[name]).to_string(),
                community: t.number(&rec[community], "community")?,
                persona: rec[persona].to_string(),
                dol_score: t.number(&rec[dol_score], "dol_score")?,
                platform: optional(&rec, platform),
                url: optional(&rec, url),
            });
        }
        let index: HashMap<&str, u32> = accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
        let find = |t: &Table, cell: &str| {
            index
                .get(csv_text_read(cell))
                .copied()
                .ok_or_else(|| t.bad(t.line, format!("account {cell} is not in accounts.csv")))
        };

        let mut t = Table::open(dir, "edges.csv")?;
        let [source, target, weight] = t.columns(["source", "target", "weight"])?;
        let mut edges = Vec::new();
        while let Some(rec) = t.next()? {
            edges.push((find(&t, &rec[source])?, find(&t, &rec[target])?, t.number(&rec[weight], "weight")?));
        }

        let count = accounts.iter().map(|a| a.community as usize + 1).max().unwrap_or(0);
        let mut communities = vec![CommunityRow::default(); count];
        let mut t = Table::open(dir, "communities.csv")?;
        let [label, size, hashtags] = t.columns(["community", "size", "top_hashtags"])?;
        let top_topic = t.header.iter().position(|h| h == "top_topic");
        while let Some(rec) = t.next()? {
            let k: usize = t.number(&rec[label], "community")?;
            if k >= communities.len() {
                communities.resize(k + 1, CommunityRow::default());
            }
            communities[k] = CommunityRow {
                size: t.number(&rec[size], "size")?,
                hashtags: csv_text_read(&rec[hashtags]).split_whitespace().map(String::from).collect(),
                top_topic: top_topic.map(|c| csv_text_read(&rec[c]).to_string()).unwrap_or_default(),
            };
        }

        let mut topics = Vec::new();
        if dir.join("topics.csv").exists() {
            let mut t = Table::open(dir, "topics.csv")?;
            let [topic, rank, id, score, why] = t.columns(["topic", "rank", "id", "score", "why"])?;
            while let Some(rec) = t.next()? {
                topics.push(TopicRow {
                    topic: csv_text_read(&rec[topic]).to_string(),
                    rank: t.number(&rec[rank], "rank")?,
                    account: find(&t, &rec[id])?,
                    score: t.number(&rec[score], "score")?,
                    why: csv_text_read(&rec[why]).to_string(),
                });
            }
        }
        let mut roster: Vec<RosterPerson> = Vec::new();
        if dir.join("roster.csv").exists() {
            // Handles are unique within a platform, not across: a person's
            // handle is looked up among the accounts of its platforms.
            let by_handle: HashMap<&str, Vec<u32>> =
                accounts.iter().enumerate().fold(HashMap::new(), |mut m, (i, a)| {
                    let label = if a.handle.is_empty() { a.id.as_str() } else { a.handle.as_str() };
                    m.entry(label).or_insert_with(Vec::new).push(i as u32);
                    m
                });
            let mut t = Table::open(dir, "roster.csv")?;
            let [person, name, handles] = t.columns(["person", "name", "handles"])?;
            while let Some(rec) = t.next()? {
                let id = csv_text_read(&rec[person]);
                if roster.last().is_some_and(|p| p.id == id) {
                    continue;
                }
                let mut found = Vec::new();
                for h in csv_text_read(&rec[handles]).split_whitespace() {
                    match by_handle.get(h).map(Vec::as_slice) {
                        Some([one]) => found.push(*one),
                        Some(many) => found.extend(many),
                        None => return Err(t.bad(t.line, format!("account {h} is not in accounts.csv"))),
                    }
                }
                roster.push(RosterPerson {
                    id: id.to_string(),
                    name: csv_text_read(&rec[name]).to_string(),
                    accounts: found,
                });
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
    if !dir.join("trends.csv").is_file() {
        return Ok(None);
    }
    let mut t = Table::open(dir, "trends.csv")?;
    let [topic, start, end, rank, id, handle, score] =
        t.columns(["topic", "period_start", "period_end", "rank", "id", "handle", "score"])?;
    let mut rows = Vec::new();
    while let Some(rec) = t.next()? {
        rows.push(TrendRow {
            topic: csv_text_read(&rec[topic]).to_string(),
            period_start: rec[start].to_string(),
            period_end: rec[end].to_string(),
            rank: t.number(&rec[rank], "rank")?,
            id: csv_text_read(&rec[id]).to_string(),
            handle: csv_text_read(&rec[handle]).to_string(),
            score: t.number(&rec[score], "score")?,
        });
    }
    Ok(Some(rows))
}

/// movers.csv of a run with `--period` (or of `compare`); `None` without it.
pub fn read_movers(dir: &Path) -> Result<Option<Vec<MoverRow>>> {
    if !dir.join("movers.csv").is_file() {
        return Ok(None);
    }
    let mut t = Table::open(dir, "movers.csv")?;
    let [topic, id, handle, rank_before, rank_after, score_before, score_after, status] =
        t.columns(["topic", "id", "handle", "rank_before", "rank_after", "score_before", "score_after", "status"])?;
    let mut rows = Vec::new();
    while let Some(rec) = t.next()? {
        let rank = |cell: &str, column: &str| -> Result<Option<u32>> {
            if cell.is_empty() { Ok(None) } else { t.number(cell, column).map(Some) }
        };
        rows.push(MoverRow {
            topic: csv_text_read(&rec[topic]).to_string(),
            id: csv_text_read(&rec[id]).to_string(),
            handle: csv_text_read(&rec[handle]).to_string(),
            rank_before: rank(&rec[rank_before], "rank_before")?,
            rank_after: rank(&rec[rank_after], "rank_after")?,
            score_before: t.number(&rec[score_before], "score_before")?,
            score_after: t.number(&rec[score_after], "score_after")?,
            status: rec[status].to_string(),
        });
    }
    Ok(Some(rows))
}
