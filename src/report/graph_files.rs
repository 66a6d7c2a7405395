//! `graph.gexf` and `graph.graphml`, for Gephi and other graph tools, made
//! from `accounts.csv` and `edges.csv` as written (read through
//! [`super::folder::Table`], so cells are the values, not their
//! spreadsheet-safe form: a handle `=cmd` is labelled `=cmd`). The columns a graph
//! tool is used with become typed attributes ([`NODE_ATTRIBUTES`],
//! [`EDGE_ATTRIBUTES`], and every topic's affinity); the others (weights,
//! hub and authority, coreness, bio, dates) stay in the tables, joinable
//! by id: on the Higgs graph the files were 348 and 236 MB with every
//! column, more than the inputs, the tables and the analysis together.
//! A large graph (from [`GZIP_FROM`] accounts and edges) gets
//! `graph.gexf.gz` and `graph.graphml.gz`, which Gephi and networkx open
//! as they are.
//!
//! Both files are streamed: one pass over the tables finds each column's
//! type and the largest score, then each file is written row by row, the
//! two side by side on two threads, so a graph of millions of accounts
//! never sits in memory as XML. The bytes depend only on the tables (and
//! positions).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::folder::Table;
use super::graph_schema::{Column, ColumnType, EdgeEnds, GraphWriter, NodeLook, Schema};
use super::palette::{self, community_color};
use super::{gexf, graphml};
use crate::error::{Error, Result};

/// The columns whose value sizes the nodes, in order of preference: the
/// DOL score once accounts.csv has it, PageRank before.
pub const SIZE_COLUMNS: &[&str] = &["dol_score", "pagerank"];

/// The accounts.csv columns the graph files carry (when present): what a
/// Gephi user labels, filters, colours and sizes by. Topic affinities
/// (`affinity_<topic>`) are carried too.
pub const NODE_ATTRIBUTES: &[&str] = &[
    "handle",
    "name",
    "platform",
    "persona",
    "community",
    "dol_score",
    "pagerank",
    "betweenness",
    "in_degree",
    "out_degree",
    "posts",
    "followers",
];

/// The edges.csv columns the graph files carry; `first_at` and `last_at`
/// are for the tables (Gephi reads dates only as its own time intervals).
pub const EDGE_ATTRIBUTES: &[&str] = &["kind", "count", "weight"];

/// From this many accounts plus edges the graph files are written
/// gzip-compressed (`graph.gexf.gz`, `graph.graphml.gz`): the sample's
/// files stay plain, the Higgs graph's shrink about tenfold.
pub const GZIP_FROM: usize = 100_000;

/// Whether the graph files carry `column` of accounts.csv.
fn node_attribute(column: &str) -> bool {
    NODE_ATTRIBUTES.contains(&column) || column.starts_with("affinity_")
}

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

/// Reads every row of `table` once: the types of the columns to `keep` as
/// attributes, the row count, and `watch`'s largest value.
fn scan(mut table: Table, keep: impl Fn(&str) -> bool, watch: Option<usize>) -> Result<(Schema, f64)> {
    let mut infer: Vec<Infer> = table.header().map(|h| Infer { ty: hinted(h) }).collect();
    let mut rows = 0;
    let mut largest: f64 = 0.0;
    while let Some(row) = table.next_row()? {
        for (i, infer) in infer.iter_mut().enumerate() {
            infer.see(row.get(i));
        }
        if let Some(v) = watch.and_then(|w| row.get(w).parse::<f64>().ok())
            && v.is_finite()
        {
            largest = largest.max(v);
        }
        rows += 1;
    }
    let columns = table
        .header()
        .enumerate()
        .filter(|(_, name)| keep(name))
        .map(|(index, name)| Column { name: name.to_string(), index, ty: infer[index].ty })
        .collect();
    Ok((Schema { columns, rows }, largest))
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

/// Where a graph file goes: a buffered file, gzip-compressed or not.
enum Sink {
    Plain(BufWriter<File>),
    /// Buffered before the encoder: deflate is called on 64 KiB, not on
    /// each attribute.
    Gzip(BufWriter<flate2::write::GzEncoder<File>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.write_all(buf),
            Sink::Gzip(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
        }
    }
}

impl Sink {
    fn create(path: &Path, gzip: bool) -> io::Result<Sink> {
        let file = File::create(path)?;
        // Level 1: the XML is repetitive enough that the fastest level
        // already shrinks it about tenfold.
        Ok(if gzip {
            let encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            Sink::Gzip(BufWriter::with_capacity(1 << 16, encoder))
        } else {
            Sink::Plain(BufWriter::with_capacity(1 << 16, file))
        })
    }

    /// Writes what is buffered, and gzip's trailer: an error here is a
    /// write error, not something to lose in a drop.
    fn close(self) -> io::Result<()> {
        match self {
            Sink::Plain(mut w) => w.flush(),
            Sink::Gzip(w) => w.into_inner().map_err(io::IntoInnerError::into_error)?.finish().map(drop),
        }
    }
}

/// Where the columns the files are drawn from are, in accounts.csv and
/// edges.csv.
struct Columns {
    id: usize,
    size_by: Option<usize>,
    community: Option<usize>,
    handle: Option<usize>,
    source: usize,
    target: usize,
    kind: Option<usize>,
    weight: Option<usize>,
}

/// What both files are made from: the two tables' attribute columns, and
/// each node's look.
struct Tables<'a> {
    dir: &'a Path,
    columns: Columns,
    nodes: Schema,
    edges: Schema,
    positions: Option<&'a [[f32; 2]]>,
    largest: f64,
}

impl Tables<'_> {
    /// Writes one file with `writer`, row by row from the tables.
    fn write<G: GraphWriter>(&self, writer: &mut G, path: &Path) -> Result<()> {
        let err = |source: io::Error| Error::Write { path: path.to_path_buf(), source };
        let c = &self.columns;
        writer.start(&self.nodes, &self.edges).map_err(err)?;
        let mut accounts = Table::open(self.dir, "accounts.csv")?;
        let mut i = 0;
        while let Some(row) = accounts.next_row()? {
            let look = NodeLook {
                label_from: c.handle.filter(|&h| !row.get(h).is_empty()),
                color: c
                    .community
                    .and_then(|k| row.get(k).parse::<u32>().ok())
                    .map_or(palette::OTHER, whole_graph_color),
                size: node_size(c.size_by.and_then(|s| row.get(s).parse().ok()), self.largest),
                position: self.positions.and_then(|p| p.get(i)).copied(),
            };
            writer.node(row.get(c.id), &row, &self.nodes, &look).map_err(err)?;
            i += 1;
        }
        writer.between().map_err(err)?;
        let mut edges = Table::open(self.dir, "edges.csv")?;
        let mut index = 0;
        while let Some(row) = edges.next_row()? {
            let ends = EdgeEnds {
                index,
                source: row.get(c.source),
                target: row.get(c.target),
                weight: c.weight.map(|w| row.get(w)).filter(|v| is_number(v)),
                kind: c.kind.map(|k| row.get(k)).filter(|v| !v.is_empty()),
            };
            writer.edge(&ends, &row, &self.edges).map_err(err)?;
            index += 1;
        }
        writer.finish().map_err(err)
    }
}

/// Writes `graph.gexf` and `graph.graphml` in `dir` (`.gz` when the graph
/// is large: [`GZIP_FROM`]) from its accounts.csv and edges.csv, and
/// returns the two file names. `positions`, one per account in
/// accounts.csv order, are written as `viz:position` in the GEXF file when
/// given.
pub fn write_graph_files(dir: &Path, positions: Option<&[[f32; 2]]>) -> Result<[String; 2]> {
    let accounts = Table::open(dir, "accounts.csv")?;
    let [id] = accounts.columns(["id"])?;
    let size_by = SIZE_COLUMNS.iter().find_map(|c| accounts.column(c));
    let (community, handle) = (accounts.column("community"), accounts.column("handle"));
    let accounts_path = accounts.path().to_path_buf();
    let (nodes, largest) = scan(accounts, node_attribute, size_by)?;
    if let Some(p) = positions
        && p.len() != nodes.rows
    {
        return Err(Error::Input {
            path: accounts_path,
            reason: format!("{} layout positions for {} accounts", p.len(), nodes.rows),
        });
    }
    let edges_table = Table::open(dir, "edges.csv")?;
    let [source, target] = edges_table.columns(["source", "target"])?;
    let (kind, weight) = (edges_table.column("kind"), edges_table.column("weight"));
    let (edges, _) = scan(edges_table, |c| EDGE_ATTRIBUTES.contains(&c), None)?;
    let gzip = nodes.rows + edges.rows >= GZIP_FROM;
    let names = if gzip { ["graph.gexf.gz", "graph.graphml.gz"] } else { ["graph.gexf", "graph.graphml"] };
    let columns = Columns { id, size_by, community, handle, source, target, kind, weight };
    let tables = Tables { dir, columns, nodes, edges, positions, largest };
    let one = |name: &str, gexf: bool| -> Result<()> {
        let path = dir.join(name);
        let err = |source: io::Error| Error::Write { path: path.clone(), source };
        let sink = Sink::create(&path, gzip).map_err(err)?;
        let sink = if gexf {
            let mut w = gexf::Writer(sink);
            tables.write(&mut w, &path)?;
            w.0
        } else {
            let mut w = graphml::Writer(sink);
            tables.write(&mut w, &path)?;
            w.0
        };
        sink.close().map_err(err)
    };
    let (a, b) = rayon::join(|| one(names[0], true), || one(names[1], false));
    a.and(b)?;
    Ok(names.map(str::to_string))
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
