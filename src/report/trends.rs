//! `trends.csv` (each topic's DOLs per calendar period) and `movers.csv`
//! (who rose and who faded between two rankings), and their manifest
//! entry. Scores are written for people, 4 significant digits, as in
//! topics.csv.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::tables::{Rows, label};
use crate::analysis::movers::{self, Mover};
use crate::analysis::trends::Trends;
use crate::graph::InteractionGraph;

pub const TREND_COLUMNS: &[&str] = &["topic", "period_start", "period_end", "rank", "id", "handle", "score"];
pub const MOVER_COLUMNS: &[&str] =
    &["topic", "id", "handle", "rank_before", "rank_after", "score_before", "score_after", "status"];

/// Accounts per topic and period in trends.csv (the contract asks for at
/// least 50).
pub const TREND_ROWS: usize = 100;

/// trends.csv: per topic (in the topics file's order), per period with
/// on-topic engagement (in time order), its top [`TREND_ROWS`].
pub fn write_trends(w: impl Write, trends: &Trends, g: &InteractionGraph) -> csv::Result<()> {
    let mut rows = Rows::new(w, TREND_COLUMNS)?;
    for r in &trends.rankings {
        let (start, end) = trends.kind.dates(r.period);
        let topic = &trends.topics[r.topic as usize];
        for (rank, &(account, score)) in r.rows.iter().take(TREND_ROWS).enumerate() {
            let a = &g.accounts[account as usize];
            rows.text(topic).text(&start).text(&end).int(rank as u64 + 1).text(&a.id).text(label(a)).short(score);
            rows.finish_row()?;
        }
    }
    rows.flush()
}

/// One account of movers.csv, by name.
pub struct MoverLine<'a> {
    pub topic: &'a str,
    pub id: &'a str,
    pub handle: &'a str,
    pub mover: &'a Mover<u32>,
}

/// movers.csv, rows in the order given (topic by topic, see
/// [`movers::compare`]).
pub fn write_movers<'a>(w: impl Write, lines: impl IntoIterator<Item = MoverLine<'a>>) -> csv::Result<()> {
    let mut rows = Rows::new(w, MOVER_COLUMNS)?;
    for l in lines {
        let m = l.mover;
        rows.text(l.topic)
            .text(l.id)
            .text(l.handle)
            .opt_int(m.rank_before.map(u64::from))
            .opt_int(m.rank_after.map(u64::from))
            .short(m.score_before)
            .short(m.score_after)
            .text(m.status.name());
        rows.finish_row()?;
    }
    rows.flush()
}

/// The movers of a run, named from the graph.
pub fn run_mover_lines<'a>(
    movers: &'a [(u16, Vec<Mover<u32>>)],
    trends: &'a Trends,
    g: &'a InteractionGraph,
) -> impl Iterator<Item = MoverLine<'a>> + 'a {
    movers.iter().flat_map(move |(t, list)| {
        list.iter().map(move |m| {
            let a = &g.accounts[m.key as usize];
            MoverLine { topic: &trends.topics[*t as usize], id: &a.id, handle: label(a), mover: m }
        })
    })
}

/// The manifest's `trends`: the periods, which are partial, and the
/// movers' rule.
#[derive(Serialize, Deserialize)]
pub struct TrendsEntry {
    pub period: String,
    pub periods: Vec<PeriodEntry>,
    /// Posts used that had no time: in the whole-input ranking, in no period.
    pub undated_posts: u64,
    pub rows_per_topic_and_period: usize,
    pub movers: MoversEntry,
}

#[derive(Serialize, Deserialize)]
pub struct PeriodEntry {
    pub start: String,
    pub end: String,
    /// The posts used begin after its first day or end before its last
    /// (cut by --since/--until or by the data): fewer days than its label.
    pub partial: bool,
}

#[derive(Serialize, Deserialize)]
pub struct MoversEntry {
    /// `YYYY-MM-DD/YYYY-MM-DD`, first and last day.
    pub before: String,
    pub after: String,
    pub rule: String,
}

impl TrendsEntry {
    pub fn new(t: &Trends) -> TrendsEntry {
        let span = |p: i32| {
            let (a, b) = t.kind.dates(p);
            format!("{a}/{b}")
        };
        let (before, after) = t.last_two().map_or((String::new(), String::new()), |(b, a)| (span(b), span(a)));
        TrendsEntry {
            period: t.kind.name().to_string(),
            periods: t
                .periods
                .iter()
                .map(|p| {
                    let (start, end) = t.kind.dates(p.period);
                    PeriodEntry { start, end, partial: p.partial }
                })
                .collect(),
            undated_posts: t.undated_posts,
            rows_per_topic_and_period: TREND_ROWS,
            movers: MoversEntry { before, after, rule: movers::rule() },
        }
    }
}
