//! GraphML (<http://graphml.graphdrawing.org>), which networkx, igraph,
//! yEd and Cytoscape read, written row by row: one typed `<key>` per table
//! column (`attr.type` int, long, double or string), a directed graph, one
//! `<edge>` per edges.csv row (parallel edges of different kinds stay
//! apart, told by their `kind` data).
//!
//! Knows the GraphML vocabulary, not where rows come from ([`super::graph_files`]).

use std::io::{self, Write};

use super::folder::Row;
use super::graph_schema::{Column, EdgeEnds, GraphWriter, NodeLook, Schema, value};
use super::markup::escape;

pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

pub struct Writer<W: Write> {
    w: W,
}

impl<W: Write> Writer<W> {
    pub fn new(w: W) -> Self {
        Writer { w }
    }

    pub fn into_inner(self) -> W {
        self.w
    }
}

impl<W: Write> GraphWriter for Writer<W> {
    /// The header and the keys: `n<i>` for the i-th node attribute, `e<i>`
    /// for the i-th edge attribute.
    fn start(&mut self, nodes: &Schema, edges: &Schema) -> io::Result<()> {
        let w = &mut self.w;
        writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            w,
            r#"<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">"#
        )?;
        keys(w, "node", 'n', &nodes.columns)?;
        keys(w, "edge", 'e', &edges.columns)?;
        writeln!(w, r#"  <graph id="dolgraph" edgedefault="directed">"#)
    }

    /// GraphML has no look: colour, size and position are GEXF's.
    fn node(&mut self, id: &str, row: &Row, schema: &Schema, _look: &NodeLook) -> io::Result<()> {
        write!(self.w, r#"    <node id="{}">"#, escape(id))?;
        data(&mut self.w, b"<data key=\"n", row, &schema.columns)?;
        writeln!(self.w, "</node>")
    }

    fn edge(&mut self, ends: &EdgeEnds, row: &Row, schema: &Schema) -> io::Result<()> {
        let (index, source, target) = (ends.index, escape(ends.source), escape(ends.target));
        write!(self.w, r#"    <edge id="e{index}" source="{source}" target="{target}">"#)?;
        data(&mut self.w, b"<data key=\"e", row, &schema.columns)?;
        writeln!(self.w, "</edge>")
    }

    fn finish(&mut self) -> io::Result<()> {
        writeln!(self.w, "  </graph>\n</graphml>")
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
