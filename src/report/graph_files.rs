//! `graph.gexf` and `graph.graphml`, for Gephi and other graph tools, made
//! from `accounts.csv` and `edges.csv` as written: every column of the
//! tables becomes a typed attribute, so a column added to the tables (a
//! score, a topic's affinity) reaches Gephi without a change here, and the
//! same function can rewrite the files from an existing output folder (with
//! new positions, say).
//!
//! Both files are streamed: one pass over the tables finds each column's
//! type and the largest score, a second writes the two files side by side,
//! row by row, so a graph of millions of accounts never sits in memory as
//! XML. The bytes depend only on the tables (and positions).

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use super::graph_schema::{Column, ColumnType, NodeLook, Schema};
use super::palette::{self, community_color};
use super::{gexf, graphml};
use crate::error::{Error, Result};

/// The columns whose value sizes the nodes, in order of preference: the
/// DOL score once accounts.csv has it, PageRank before.
pub const SIZE_COLUMNS: &[&str] = &["dol_score", "pagerank"];

/// The smallest and largest node size written (Gephi's units).
const MIN_SIZE: f64 = 4.0;
const MAX_SIZE: f64 = 40.0;

/// The type a column would have by its name; unknown columns are numbers
/// when every value is one.
fn hinted(name: &str) -> ColumnType {
    match name {
        "posts" | "count" => ColumnType::Long,
        "in_degree" | "out_degree" | "coreness" | "community" => ColumnType::Int,
        "id" | "handle" | "name" | "persona" | "kind" | "first_at" | "last_at" | "source" | "target" => {
            ColumnType::Text
        }
        _ => ColumnType::Double,
    }
}

/// The narrowest type every (non-empty) value of a column fits, starting
/// from its hinted type: a hand-edited table with text in a number column
/// still opens, as text.
struct Infer {
    ty: ColumnType,
}

impl Infer {
    fn see(&mut self, v: &str) {
        if v.is_empty() {
            return;
        }
        if matches!(self.ty, ColumnType::Int | ColumnType::Long) {
            let fits = match self.ty {
                ColumnType::Int => v.parse::<i32>().is_ok(),
                _ => v.parse::<i64>().is_ok(),
            };
            if !fits {
                self.ty = ColumnType::Double;
            }
        }
        if self.ty == ColumnType::Double && !is_number(v) {
            self.ty = ColumnType::Text;
        }
    }
}

/// A finite decimal number as Gephi (Java) and networkx (Python) both
/// read it: `inf` or `NaN` would be read by one and not the other.
fn is_number(v: &str) -> bool {
    v.parse::<f64>().is_ok_and(f64::is_finite) && v.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
}

/// A table of the output folder, opened for reading.
struct Table {
    path: PathBuf,
    header: csv::StringRecord,
}

impl Table {
    fn open(dir: &Path, name: &str) -> Result<(Table, csv::Reader<File>)> {
        let path = dir.join(name);
        let file = File::open(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
        let mut reader = csv::Reader::from_reader(file);
        let header = reader.headers().map_err(|e| csv_err(&path, e))?.clone();
        Ok((Table { path, header }, reader))
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn required(&self, name: &str) -> Result<usize> {
        self.column(name).ok_or_else(|| Error::Input {
            path: self.path.clone(),
            reason: format!("no `{name}` column: is this a dolgraph output folder?"),
        })
    }

    /// Reads every row once: the types of the attribute columns, the row
    /// count, and `watch`'s largest value.
    fn scan(&self, reader: csv::Reader<File>, ids: &[usize], watch: Option<usize>) -> Result<(Schema, f64)> {
        let mut infer: Vec<Infer> = self.header.iter().map(|h| Infer { ty: hinted(h) }).collect();
        let mut rows = 0;
        let mut largest: f64 = 0.0;
        for row in reader.into_records() {
            let row = row.map_err(|e| csv_err(&self.path, e))?;
            for (i, v) in row.iter().enumerate().take(infer.len()) {
                infer[i].see(v);
            }
            if let Some(v) = watch.and_then(|w| row.get(w)).and_then(|v| v.parse::<f64>().ok())
                && v.is_finite()
            {
                largest = largest.max(v);
            }
            rows += 1;
        }
        let columns = self
            .header
            .iter()
            .enumerate()
            .filter(|(i, _)| !ids.contains(i))
            .map(|(index, name)| Column { name: name.to_string(), index, ty: infer[index].ty })
            .collect();
        Ok((Schema { columns, rows }, largest))
    }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Read { path: path.to_path_buf(), source },
        kind => Error::Input { path: path.to_path_buf(), reason: format!("cannot read the table: {kind:?}") },
    }
}

/// The colour of community `k` where every account is shown at once (the
/// whole graph in Gephi, the report's list): its palette colour for the
/// pictured communities, grey past them, as in the overview picture; a
/// cycled colour would make two unrelated communities look like one.
pub fn whole_graph_color(k: u32) -> [u8; 3] {
    if (k as usize) < palette::COMMUNITY_COLORS.len() { community_color(k) } else { palette::OTHER }
}

/// The node size for a score: by square root, so that area follows the
/// score, between `MIN_SIZE` and `MAX_SIZE`.
fn node_size(score: Option<f64>, largest: f64) -> f64 {
    match score {
        Some(s) if largest > 0.0 && s.is_finite() && s > 0.0 => {
            MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (s / largest).min(1.0).sqrt()
        }
        _ => MIN_SIZE,
    }
}

/// Writes `graph.gexf` and `graph.graphml` in `dir` from its accounts.csv
/// and edges.csv. `positions`, one per account in accounts.csv order, are
/// written as `viz:position` in the GEXF file when given.
pub fn write_graph_files(dir: &Path, positions: Option<&[[f32; 2]]>) -> Result<()> {
    let (accounts, reader) = Table::open(dir, "accounts.csv")?;
    let id = accounts.required("id")?;
    let size_by = SIZE_COLUMNS.iter().find_map(|c| accounts.column(c));
    let (nodes, largest) = accounts.scan(reader, &[id], size_by)?;
    if let Some(p) = positions
        && p.len() != nodes.rows
    {
        return Err(Error::Input {
            path: accounts.path.clone(),
            reason: format!("{} layout positions for {} accounts", p.len(), nodes.rows),
        });
    }
    let (edges_table, reader) = Table::open(dir, "edges.csv")?;
    let (source, target) = (edges_table.required("source")?, edges_table.required("target")?);
    let kind = edges_table.column("kind");
    let weight = edges_table.column("weight");
    let (edges, _) = edges_table.scan(reader, &[source, target], None)?;

    let gexf_path = dir.join("graph.gexf");
    let graphml_path = dir.join("graph.graphml");
    let create = |p: &Path| -> Result<BufWriter<File>> {
        let f = File::create(p).map_err(|source| Error::Write { path: p.to_path_buf(), source })?;
        Ok(BufWriter::with_capacity(1 << 16, f))
    };
    let mut gx = gexf::Writer::new(create(&gexf_path)?);
    let mut gm = graphml::Writer::new(create(&graphml_path)?);
    // An error names the file it happened in.
    let werr = |source: io::Error| Error::Write { path: gexf_path.clone(), source };
    let merr = |source: io::Error| Error::Write { path: graphml_path.clone(), source };
    gx.start(&nodes, &edges).map_err(werr)?;
    gm.start(&nodes, &edges).map_err(merr)?;

    let community = accounts.column("community");
    let handle = accounts.column("handle");
    let (_, reader) = Table::open(dir, "accounts.csv")?;
    for (i, row) in reader.into_records().enumerate() {
        let row = row.map_err(|e| csv_err(&accounts.path, e))?;
        let node_id = row.get(id).unwrap_or_default();
        let look = NodeLook {
            label_from: handle.filter(|&h| row.get(h).is_some_and(|v| !v.is_empty())),
            color: community
                .and_then(|c| row.get(c))
                .and_then(|v| v.parse::<u32>().ok())
                .map_or(palette::OTHER, whole_graph_color),
            size: node_size(size_by.and_then(|c| row.get(c)).and_then(|v| v.parse().ok()), largest),
            position: positions.and_then(|p| p.get(i)).copied(),
        };
        gx.node(node_id, &row, &nodes, &look).map_err(werr)?;
        gm.node(node_id, &row, &nodes).map_err(merr)?;
    }
    gx.between().map_err(werr)?;
    let (_, reader) = Table::open(dir, "edges.csv")?;
    for (i, row) in reader.into_records().enumerate() {
        let row = row.map_err(|e| csv_err(&edges_table.path, e))?;
        let (s, t) = (row.get(source).unwrap_or_default(), row.get(target).unwrap_or_default());
        let w = weight.and_then(|c| row.get(c)).filter(|v| is_number(v));
        let k = kind.and_then(|c| row.get(c)).filter(|v| !v.is_empty());
        gx.edge(i, s, t, w, k, &row, &edges).map_err(werr)?;
        gm.edge(i, s, t, &row, &edges).map_err(merr)?;
    }
    gx.finish().map_err(werr)?;
    gm.finish().map_err(merr)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(hint: &str, values: &[&str]) -> ColumnType {
        let mut i = Infer { ty: hinted(hint) };
        values.iter().for_each(|v| i.see(v));
        i.ty
    }

    #[test]
    fn column_types_follow_names_and_values() {
        assert_eq!(infer("community", &["0", "12"]), ColumnType::Int);
        assert_eq!(infer("posts", &["9000000000"]), ColumnType::Long);
        assert_eq!(infer("pagerank", &["0", "1"]), ColumnType::Double);
        assert_eq!(infer("affinity:rwe", &["0.5", "", "3"]), ColumnType::Double);
        assert_eq!(infer("coreness", &["1.5"]), ColumnType::Double);
        assert_eq!(infer("pagerank", &["inf"]), ColumnType::Text);
        assert_eq!(infer("persona", &["1"]), ColumnType::Text);
        assert_eq!(infer("note", &["12", "abc"]), ColumnType::Text);
    }

    #[test]
    fn communities_past_the_palette_are_grey_in_the_whole_graph() {
        assert_eq!(whole_graph_color(0), community_color(0));
        assert_eq!(whole_graph_color(11), community_color(11));
        assert_eq!(whole_graph_color(12), palette::OTHER);
    }

    #[test]
    fn sizes_grow_with_the_square_root_of_the_score() {
        assert_eq!(node_size(Some(1.0), 1.0), MAX_SIZE);
        assert_eq!(node_size(Some(0.0), 1.0), MIN_SIZE);
        assert_eq!(node_size(None, 1.0), MIN_SIZE);
        assert_eq!(node_size(Some(0.25), 1.0), MIN_SIZE + (MAX_SIZE - MIN_SIZE) / 2.0);
    }
}
