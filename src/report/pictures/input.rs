//! What the pictures are drawn from: a plain table of accounts, links and
//! communities, built either from a run's results in memory (`analyze`) or
//! from an output folder's CSV files (`render`). Both give the same values,
//! bit for bit (the tables write floats in round-trip form), so `render`
//! redraws exactly what `analyze` drew.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::report::Results;

/// The score that sizes nodes and picks the accounts to show. One place:
/// switching to another score is this function and [`SCORE_COLUMN`].
fn score_of(r: &Results<'_>, account: usize) -> f64 {
    r.topics.dol_score[account]
}

/// The accounts.csv column holding [`score_of`]'s value.
const SCORE_COLUMN: &str = "dol_score";

/// Hashtags named per community.
const TOP_HASHTAGS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct PictureAccount {
    /// Handle, or the account id when it has none.
    pub label: String,
    pub name: String,
    pub score: f64,
    pub community: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PictureCommunity {
    pub size: usize,
    /// Most used hashtags of its members, most used first.
    pub hashtags: Vec<String>,
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
fn merge_links(rows: impl Iterator<Item = (u32, u32, f64)>) -> Vec<(u32, u32, f64)> {
    let mut links: Vec<(u32, u32, f64)> = Vec::new();
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
            })
            .collect();
        let links = merge_links(r.graph.edges.iter().map(|e| (e.source, e.target, e.weight)));
        let hashtags = crate::report::tables::community_hashtags(r, TOP_HASHTAGS);
        let communities = c
            .sizes
            .iter()
            .zip(hashtags)
            .map(|(&size, tags)| PictureCommunity { size, hashtags: tags.into_iter().map(String::from).collect() })
            .collect();
        PictureInput { accounts, links, communities }
    }

    /// From an output folder's accounts.csv, edges.csv and communities.csv.
    pub fn from_folder(dir: &Path) -> Result<PictureInput> {
        let accounts_path = dir.join("accounts.csv");
        let mut rows = Table::open(&accounts_path)?;
        let [id, handle, name, score, community] = rows.columns(["id", "handle", "name", SCORE_COLUMN, "community"])?;
        let mut accounts = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        while let Some(rec) = rows.next()? {
            let line = rows.line;
            let bad = |what: &str| rows.bad(line, what);
            let handle_text = uncsv(&rec[handle]);
            let id_text = uncsv(&rec[id]);
            let label = if handle_text.is_empty() { id_text.to_string() } else { handle_text.to_string() };
            accounts.push(PictureAccount {
                label,
                name: uncsv(&rec[name]).to_string(),
                score: rec[score].parse().map_err(|_| bad(SCORE_COLUMN))?,
                community: rec[community].parse().map_err(|_| bad("community"))?,
            });
            index.insert(id_text.to_string(), accounts.len() as u32 - 1);
        }
        let edges_path = dir.join("edges.csv");
        let mut rows = Table::open(&edges_path)?;
        let [source, target, weight] = rows.columns(["source", "target", "weight"])?;
        let mut raw = Vec::new();
        while let Some(rec) = rows.next()? {
            let line = rows.line;
            let find = |col: usize, what: &str| {
                index
                    .get(uncsv(&rec[col]))
                    .copied()
                    .ok_or_else(|| rows.bad(line, &format!("{what} (not in accounts.csv)")))
            };
            let w: f64 = rec[weight].parse().map_err(|_| rows.bad(line, "weight"))?;
            raw.push((find(source, "source")?, find(target, "target")?, w));
        }
        let comm_path = dir.join("communities.csv");
        let mut rows = Table::open(&comm_path)?;
        let [label, size, tags] = rows.columns(["community", "size", "top_hashtags"])?;
        let count = accounts.iter().map(|a| a.community as usize + 1).max().unwrap_or(0);
        let mut communities = vec![PictureCommunity { size: 0, hashtags: Vec::new() }; count];
        while let Some(rec) = rows.next()? {
            let line = rows.line;
            let k: usize = rec[label].parse().map_err(|_| rows.bad(line, "community"))?;
            let n: usize = rec[size].parse().map_err(|_| rows.bad(line, "size"))?;
            if k >= communities.len() {
                communities.resize(k + 1, PictureCommunity { size: 0, hashtags: Vec::new() });
            }
            communities[k] = PictureCommunity {
                size: n,
                hashtags: uncsv(&rec[tags]).split_whitespace().take(TOP_HASHTAGS).map(String::from).collect(),
            };
        }
        Ok(PictureInput { accounts, links: merge_links(raw.into_iter()), communities })
    }
}

/// A cell as it was before the tables neutralised it for spreadsheets
/// (`'=x` back to `=x`).
fn uncsv(s: &str) -> &str {
    match s.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r', ..] => &s[1..],
        _ => s,
    }
}

/// One CSV file of the output folder, read row by row with its line
/// numbers for error messages.
struct Table {
    path: std::path::PathBuf,
    reader: csv::Reader<std::fs::File>,
    header: csv::StringRecord,
    line: u64,
}

impl Table {
    fn open(path: &Path) -> Result<Table> {
        let mut reader = csv::Reader::from_path(path).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            reason: format!("cannot read it ({e}); is this an output folder of `dolgraph analyze`?"),
        })?;
        let header = reader
            .headers()
            .map_err(|e| Error::Input { path: path.to_path_buf(), reason: format!("cannot read the header: {e}") })?
            .clone();
        Ok(Table { path: path.to_path_buf(), reader, header, line: 1 })
    }

    fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut out = [0; N];
        for (o, name) in out.iter_mut().zip(names) {
            *o = self.header.iter().position(|h| h == name).ok_or_else(|| Error::Input {
                path: self.path.clone(),
                reason: format!("no column '{name}'; rerun `dolgraph analyze` to write the folder anew"),
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
                    return Err(self.bad(self.line, "row (too few fields)"));
                }
                Ok(Some(rec))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(Error::Input { path: self.path.clone(), reason: format!("line {}: {e}", self.line + 1) }),
        }
    }

    fn bad(&self, line: u64, what: &str) -> Error {
        Error::Input { path: self.path.clone(), reason: format!("line {line}: invalid {what}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_one_pair_are_summed_in_order() {
        let links = merge_links([(0, 1, 1.0), (0, 1, 0.5), (1, 1, 3.0), (1, 0, 2.0)].into_iter());
        assert_eq!(links, vec![(0, 1, 1.5), (1, 0, 2.0)]);
        assert_eq!(uncsv("'=cmd"), "=cmd");
        assert_eq!(uncsv("'quoted"), "'quoted");
    }
}
