//! "Leading, not on the roster": each topic's strongest entries of
//! topics.csv that are not on the team's roster (`on_roster` false), the
//! new DOLs the team does not know yet. Read from the folder's topics.csv,
//! so report.html and dolgraph.xlsx show the same rows.

use std::path::Path;

use super::folder::{Row, Table};
use crate::error::Result;

/// The section's title, in the report and as the workbook's sheet name.
pub const TITLE: &str = "Leading, not on the roster";

/// Entries listed per topic.
pub const PER_TOPIC: usize = 5;

/// The header of topics.csv and, per topic in the file's order, its first
/// [`PER_TOPIC`] rows off the roster.
pub type Leading = (Vec<String>, Vec<(String, Vec<Row>)>);

/// [`Leading`] of the folder; `None` when the run had no roster (no
/// `on_roster` column) or no topics.
pub fn read(dir: &Path) -> Result<Option<Leading>> {
    let Some(mut t) = Table::open_if_present(dir, "topics.csv")? else { return Ok(None) };
    let (Some(topic), Some(on_roster)) = (t.column("topic"), t.column("on_roster")) else {
        return Ok(None);
    };
    let header: Vec<String> = t.header().map(str::to_string).collect();
    let mut topics: Vec<(String, Vec<Row>)> = Vec::new();
    while let Some(row) = t.next_row()? {
        let name = row.get(topic);
        if topics.last().is_none_or(|(t, _)| t != name) {
            topics.push((name.to_string(), Vec::new()));
        }
        if let Some((_, rows)) = topics.last_mut()
            && rows.len() < PER_TOPIC
            && row.get(on_roster) == "false"
        {
            rows.push(row);
        }
    }
    Ok(Some((header, topics)))
}
