//! Reads an output folder back: the accounts, links and topic rankings that
//! `scout` needs, from the contract's files only (so a folder from another
//! machine, or one a user filtered by hand, works the same).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::escape::csv_text_read;
use crate::error::{Error, Result};

/// One row of accounts.csv, the columns scout uses.
#[derive(Clone, Debug, Default)]
pub struct AccountRow {
    pub id: String,
    pub handle: String,
    pub name: String,
    pub community: u32,
    pub persona: String,
    pub dol_score: f64,
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

/// What an output folder holds for scouting.
pub struct Folder {
    pub dir: PathBuf,
    pub accounts: Vec<AccountRow>,
    /// Links (account index pairs, weight), as edges.csv lists them.
    pub links: Vec<(u32, u32, f64)>,
    pub topics: Vec<TopicRow>,
}

fn bad(path: &Path, line: u64, what: impl std::fmt::Display) -> Error {
    Error::Input { path: path.to_path_buf(), reason: format!("line {line}: {what}") }
}

/// Opens `dir/name` as CSV with a header, or says what to run to make it.
fn open(dir: &Path, name: &str, hint: &str) -> Result<(PathBuf, csv::Reader<std::fs::File>, csv::StringRecord)> {
    let path = dir.join(name);
    let file = std::fs::File::open(&path).map_err(|e| Error::Input {
        path: path.clone(),
        reason: format!("{e}; is {} an output folder of `dolgraph analyze`?{hint}", dir.display()),
    })?;
    let mut r = csv::Reader::from_reader(file);
    let header = r.headers().map_err(|e| bad(&path, 1, e))?.clone();
    Ok((path, r, header))
}

fn column(path: &Path, header: &csv::StringRecord, name: &str) -> Result<usize> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| bad(path, 1, format!("no column {name}; it is written by a current `dolgraph analyze`")))
}

impl Folder {
    pub fn read(dir: &Path) -> Result<Folder> {
        let (path, mut r, h) = open(dir, "accounts.csv", "")?;
        let cols = ["id", "handle", "name", "community", "persona", "dol_score"]
            .iter()
            .map(|c| column(&path, &h, c))
            .collect::<Result<Vec<_>>>()?;
        let mut accounts = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let line = i as u64 + 2;
            let rec = rec.map_err(|e| bad(&path, line, e))?;
            let get = |c: usize| rec.get(cols[c]).unwrap_or_default();
            accounts.push(AccountRow {
                id: csv_text_read(get(0)).to_string(),
                handle: csv_text_read(get(1)).to_string(),
                name: csv_text_read(get(2)).to_string(),
                community: get(3).parse().map_err(|_| bad(&path, line, "community is not a number"))?,
                persona: get(4).to_string(),
                dol_score: get(5).parse().map_err(|_| bad(&path, line, "dol_score is not a number"))?,
            });
        }
        let index: HashMap<&str, u32> = accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
        let find = |path: &Path, line: u64, id: &str| {
            index
                .get(csv_text_read(id))
                .copied()
                .ok_or_else(|| bad(path, line, format!("account {id} is not in accounts.csv")))
        };

        let (path, mut r, h) = open(dir, "edges.csv", "")?;
        let (s, t, w) = (column(&path, &h, "source")?, column(&path, &h, "target")?, column(&path, &h, "weight")?);
        let mut links = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let line = i as u64 + 2;
            let rec = rec.map_err(|e| bad(&path, line, e))?;
            let weight: f64 =
                rec.get(w).unwrap_or_default().parse().map_err(|_| bad(&path, line, "weight is not a number"))?;
            links.push((
                find(&path, line, rec.get(s).unwrap_or_default())?,
                find(&path, line, rec.get(t).unwrap_or_default())?,
                weight,
            ));
        }

        let mut topics = Vec::new();
        if dir.join("topics.csv").exists() {
            let (path, mut r, h) = open(dir, "topics.csv", "")?;
            let cols = ["topic", "rank", "id", "score", "why"]
                .iter()
                .map(|c| column(&path, &h, c))
                .collect::<Result<Vec<_>>>()?;
            for (i, rec) in r.records().enumerate() {
                let line = i as u64 + 2;
                let rec = rec.map_err(|e| bad(&path, line, e))?;
                let get = |c: usize| rec.get(cols[c]).unwrap_or_default();
                topics.push(TopicRow {
                    topic: csv_text_read(get(0)).to_string(),
                    rank: get(1).parse().map_err(|_| bad(&path, line, "rank is not a number"))?,
                    account: find(&path, line, get(2))?,
                    score: get(3).parse().map_err(|_| bad(&path, line, "score is not a number"))?,
                    why: csv_text_read(get(4)).to_string(),
                });
            }
        }
        drop(index);
        Ok(Folder { dir: dir.to_path_buf(), accounts, links, topics })
    }
}
