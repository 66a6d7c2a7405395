//! GraphML (<http://graphml.graphdrawing.org>), which networkx, igraph,
//! yEd and Cytoscape read, written row by row: one typed `<key>` per table
//! column (`attr.type` int, long, double or string), a directed graph, one
//! `<edge>` per edges.csv row (parallel edges of different kinds stay
//! apart, told by their `kind` data).
//!
//! Knows the GraphML vocabulary, not where rows come from ([`super::graph_files`]).

use std::io::{self, Write};

use super::folder::Row;
use super::graph_schema::{Column, EdgeEnds, GraphWriter, NodeLook, Schema, prologue, value};
use super::markup::escape;

pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// Writes GraphML into the byte sink it wraps (a file, or a gzip stream).
pub struct Writer<W: Write>(pub W);

impl<W: Write> GraphWriter for Writer<W> {
    /// The header and the keys: `n<i>` for the i-th node attribute, `e<i>`
    /// for the i-th edge attribute.
    fn start(&mut self, nodes: &Schema, edges: &Schema) -> io::Result<()> {
        let w = &mut self.0;
        prologue(
            w,
            format_args!(
                r#"<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">"#
            ),
        )?;
        keys(w, "node", 'n', &nodes.columns)?;
        keys(w, "edge", 'e', &edges.columns)?;
        writeln!(w, r#"  <graph id="dolgraph" edgedefault="directed">"#)
    }

    /// GraphML has no look: colour, size and position are GEXF's.
    fn node(&mut self, id: &str, row: &Row, schema: &Schema, _look: &NodeLook) -> io::Result<()> {
        write!(self.0, r#"    <node id="{}">"#, escape(id))?;
        data(&mut self.0, b"<data key=\"n", row, &schema.columns)?;
        writeln!(self.0, "</node>")
    }

    fn edge(&mut self, ends: &EdgeEnds, row: &Row, schema: &Schema) -> io::Result<()> {
        let (index, source, target) = (ends.index, escape(ends.source), escape(ends.target));
        write!(self.0, r#"    <edge id="e{index}" source="{source}" target="{target}">"#)?;
        data(&mut self.0, b"<data key=\"e", row, &schema.columns)?;
        writeln!(self.0, "</edge>")
    }

    fn finish(&mut self) -> io::Result<()> {
        writeln!(self.0, "  </graph>\n</graphml>")
    }
}

fn keys(w: &mut impl Write, class: &str, prefix: char, columns: &[Column]) -> io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        writeln!(
            w,
            r#"  <key id="{prefix}{i}" for="{class}" attr.name="{}" attr.type="{}"/>"#,
            escape(&c.name),
            c.ty.graphml()
        )?;
    }
    Ok(())
}

/// `prefix` is the start of the element up to the key's number.
fn data(w: &mut impl Write, prefix: &[u8], row: &Row, columns: &[Column]) -> io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if let Some(v) = value(row, c) {
            w.write_all(prefix)?;
            w.write_all(itoa::Buffer::new().format(i).as_bytes())?;
            w.write_all(b"\">")?;
            w.write_all(escape(v).as_bytes())?;
            w.write_all(b"</data>")?;
        }
    }
    Ok(())
}
