//! The shared vocabulary of graph.gexf and graph.graphml: each table
//! column as a typed attribute, and what a node carries besides. The two
//! writers (gexf.rs, graphml.rs) and their driver (graph_files.rs) use
//! it; it uses none of them.

use std::io::{self, Write};

use super::folder::Row;

/// The type of an attribute, as each format names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Int,
    Long,
    Double,
    Text,
}

impl ColumnType {
    pub fn gexf(self) -> &'static str {
        match self {
            ColumnType::Int => "integer",
            ColumnType::Long => "long",
            ColumnType::Double => "double",
            ColumnType::Text => "string",
        }
    }

    pub fn graphml(self) -> &'static str {
        match self {
            ColumnType::Int => "int",
            ColumnType::Long => "long",
            ColumnType::Double => "double",
            ColumnType::Text => "string",
        }
    }
}

/// One attribute: a column of a table other than the ids, which the files
/// carry as node ids and edge ends.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    /// Position in the CSV row.
    pub index: usize,
    pub ty: ColumnType,
}

/// What the writers need to know about one table before its first row.
#[derive(Debug)]
pub struct Schema {
    pub columns: Vec<Column>,
    pub rows: usize,
}

/// What each node carries besides its attributes.
pub struct NodeLook {
    pub label_from: Option<usize>,
    pub color: [u8; 3],
    pub size: f64,
    pub position: Option<[f32; 2]>,
}

/// The ends of one edges.csv row, and what GEXF carries natively.
pub struct EdgeEnds<'r> {
    /// The row's position in edges.csv: the edge's id.
    pub index: usize,
    pub source: &'r str,
    pub target: &'r str,
    /// A number, or absent.
    pub weight: Option<&'r str>,
    pub kind: Option<&'r str>,
}

/// One graph file format, written row by row by [`super::graph_files`]:
/// the header, each node, each edge, the end. Writers know their
/// vocabulary, not where rows come from.
pub trait GraphWriter {
    fn start(&mut self, nodes: &Schema, edges: &Schema) -> io::Result<()>;
    fn node(&mut self, id: &str, row: &Row, schema: &Schema, look: &NodeLook) -> io::Result<()>;
    /// After the last node, before the first edge.
    fn between(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn edge(&mut self, ends: &EdgeEnds, row: &Row, schema: &Schema) -> io::Result<()>;
    /// The closing tags.
    fn finish(&mut self) -> io::Result<()>;
}

/// The XML declaration and the root element's opening tag, on lines of
/// their own: how both formats begin.
pub fn prologue(w: &mut impl Write, root: std::fmt::Arguments<'_>) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    w.write_fmt(root)?;
    writeln!(w)
}

/// The value of `column` in `row` when the files should carry it: empty
/// cells are left out (the attribute is absent, not an empty number).
pub fn value<'r>(row: &'r Row, column: &Column) -> Option<&'r str> {
    Some(row.get(column.index)).filter(|v| !v.is_empty())
}

/// Writes a float in a fixed short form (two decimals are plenty for a
/// node size), the same bytes on every machine.
pub fn write_size(w: &mut impl Write, v: f64) -> io::Result<()> {
    write!(w, "{v:.2}")
}
