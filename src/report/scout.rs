//! Prints scout's candidates: aligned columns for a person at a terminal,
//! CSV or JSON for a script.

use std::fmt::Write as _;

use super::escape::csv_text;

/// One candidate, best first.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Candidate {
    pub rank: usize,
    pub handle: String,
    pub id: String,
    pub name: String,
    /// Topic score x closeness (the topic score without `--near`).
    pub score: f64,
    pub topic_score: f64,
    pub topic_rank: u32,
    /// Personalised PageRank from the known accounts, 1 for the closest
    /// candidate; absent without `--near`.
    pub closeness: Option<f64>,
    /// Steps to the nearest known account and its handle (when connected).
    pub hops: Option<u32>,
    pub via: Option<String>,
    pub community: u32,
    pub persona: String,
    pub why: String,
    /// With `--near`: the personalised PageRank's settings, iterations,
    /// last change and whether it converged (the same for every candidate
    /// of a run; here because scout's output is all a script sees). JSON
    /// only, and absent without `--near`, so the list keeps its shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness_convergence: Option<ClosenessConvergence>,
}

/// How scout's closeness converged, in the form the manifest records
/// global PageRank's.
pub type ClosenessConvergence = super::manifest::Convergence<crate::analysis::pagerank::PageRankSettings>;

pub const COLUMNS: &[&str] = &[
    "rank",
    "handle",
    "id",
    "name",
    "score",
    "topic_score",
    "topic_rank",
    "closeness",
    "hops",
    "via",
    "community",
    "persona",
    "why",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn cells(c: &Candidate) -> Vec<String> {
    vec![
        c.rank.to_string(),
        c.handle.clone(),
        c.id.clone(),
        c.name.clone(),
        format!("{:.3}", c.score),
        format!("{:.3}", c.topic_score),
        c.topic_rank.to_string(),
        c.closeness.map(|x| format!("{x:.3}")).unwrap_or_default(),
        opt(&c.hops),
        opt(&c.via),
        c.community.to_string(),
        c.persona.clone(),
        c.why.clone(),
    ]
}

pub fn csv(list: &[Candidate]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut write = || -> csv::Result<()> {
        w.write_record(COLUMNS)?;
        for c in list {
            w.write_record(cells(c).iter().map(|s| csv_text(s).into_owned()))?;
        }
        w.flush()?;
        Ok(())
    };
    // Writing to memory fails only on allocation failure.
    let _ = write();
    String::from_utf8_lossy(w.get_ref()).into_owned()
}

pub fn json(list: &[Candidate]) -> String {
    serde_json::to_string_pretty(list).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// Columns padded to their widest cell; control characters in names are
/// shown as spaces so a hostile name cannot move the cursor.
pub fn table(list: &[Candidate], near: bool) -> String {
    let keep: Vec<usize> = if near { vec![0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12] } else { vec![0, 1, 5, 6, 10, 11, 12] };
    let clean = |s: &str| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>();
    let rows: Vec<Vec<String>> = list.iter().map(|c| keep.iter().map(|&i| clean(&cells(c)[i])).collect()).collect();
    let header: Vec<String> = keep.iter().map(|&i| COLUMNS[i].to_string()).collect();
    let widths: Vec<usize> = (0..keep.len())
        .map(|j| rows.iter().map(|r| r[j].chars().count()).chain([header[j].len()]).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let last = row.len() - 1;
        for (j, cell) in row.iter().enumerate() {
            if j == last {
                let _ = writeln!(out, "{cell}");
            } else {
                let _ = write!(out, "{cell:<w$}  ", w = widths[j]);
            }
        }
    }
    if list.is_empty() {
        out.push_str("(no candidates: nobody matches the filters)\n");
    }
    out
}
