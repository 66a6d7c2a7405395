//! "Leading, not on the roster": each topic's strongest entries of
//! topics.csv that are not on the team's roster (`on_roster` false), the
//! new DOLs the team does not know yet. Read from the folder's topics.csv,
//! so report.html and dolgraph.xlsx show the same rows.

use std::path::Path;

use crate::error::{Error, Result};

/// The section's title, in the report and as the workbook's sheet name.
pub const TITLE: &str = "Leading, not on the roster";

/// Entries listed per topic.
pub const PER_TOPIC: usize = 5;

/// The header of topics.csv and, per topic in the file's order, its first
/// [`PER_TOPIC`] rows off the roster.
pub type Leading = (Vec<String>, Vec<(String, Vec<csv::StringRecord>)>);

/// [`Leading`] of the folder; `None` when the run had no roster (no
/// `on_roster` column) or no topics.
pub fn read(dir: &Path) -> Result<Option<Leading>> {
    let path = dir.join("topics.csv");
    if !path.is_file() {
        return Ok(None);
    }
    let bad = |e: csv::Error| Error::Input { path: path.clone(), reason: format!("cannot read the table: {e}") };
    let mut reader = csv::Reader::from_path(&path).map_err(bad)?;
    let header: Vec<String> = reader.headers().map_err(bad)?.iter().map(str::to_string).collect();
    let (Some(topic), Some(on_roster)) =
        (header.iter().position(|h| h == "topic"), header.iter().position(|h| h == "on_roster"))
    else {
        return Ok(None);
    };
    let mut topics: Vec<(String, Vec<csv::StringRecord>)> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(bad)?;
        let name = super::escape::csv_text_read(row.get(topic).unwrap_or_default());
        if topics.last().is_none_or(|(t, _)| t != name) {
            topics.push((name.to_string(), Vec::new()));
        }
        if let Some((_, rows)) = topics.last_mut()
            && rows.len() < PER_TOPIC
            && row.get(on_roster) == Some("false")
        {
            rows.push(row);
        }
    }
    Ok(Some((header, topics)))
}
