//! `accounts.csv` and `edges.csv`, columns in the order of the output
//! contract (design.md). Rows are ordered by account id (first seen in the
//! input), edges by (source, target, kind). Floats are written in Rust's
//! shortest round-trip form, so equal values give equal bytes.

use std::io::Write;

use super::Results;
use super::escape::csv_text;
use crate::ingest::time::format_time;

pub const ACCOUNT_COLUMNS: &[&str] =
    &["id", "handle", "name", "posts", "in_degree", "out_degree", "in_weight", "out_weight", "pagerank"];

pub const EDGE_COLUMNS: &[&str] = &["source", "target", "kind", "count", "weight", "first_at", "last_at"];

pub fn write_accounts(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(ACCOUNT_COLUMNS)?;
    let d = r.degrees;
    for (i, a) in r.graph.accounts.iter().enumerate() {
        out.write_record([
            csv_text(&a.id).as_ref(),
            csv_text(a.handle.as_deref().unwrap_or_default()).as_ref(),
            csv_text(a.name.as_deref().unwrap_or_default()).as_ref(),
            &a.posts.to_string(),
            &d.in_degree[i].to_string(),
            &d.out_degree[i].to_string(),
            &d.in_weight[i].to_string(),
            &d.out_weight[i].to_string(),
            &r.pagerank.scores[i].to_string(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

pub fn write_edges(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(EDGE_COLUMNS)?;
    let accounts = &r.graph.accounts;
    for e in &r.graph.edges {
        out.write_record([
            csv_text(&accounts[e.source as usize].id).as_ref(),
            csv_text(&accounts[e.target as usize].id).as_ref(),
            e.kind.name(),
            &e.count.to_string(),
            &e.weight.to_string(),
            &e.first_at.map(format_time).unwrap_or_default(),
            &e.last_at.map(format_time).unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(())
}
