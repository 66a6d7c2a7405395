//! GEXF 1.3 (<https://gexf.net>), the format Gephi opens natively, written
//! row by row: typed attributes for the table columns, and the `viz`
//! module for what an analyst sees first (colour by community, size by
//! score, position from the layout when there is one). Directed; parallel
//! edges of different kinds (a reply and a mention between the same two
//! accounts) carry GEXF 1.3's edge `kind`, so Gephi keeps them apart
//! instead of merging them.
//!
//! One node or edge per line, without inner indentation: a large graph
//! stays as small as the format allows and a line is still one account.
//!
//! Knows the GEXF vocabulary, not where rows come from ([`super::graph_files`]).

use std::io::{self, Write};

use super::folder::Row;
use super::graph_schema::{Column, EdgeEnds, GraphWriter, NodeLook, Schema, prologue, value, write_size};
use super::markup::escape;

pub const NAMESPACE: &str = "http://gexf.net/1.3";
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";

/// Writes GEXF into the byte sink it wraps (a file, or a gzip stream).
pub struct Writer<W: Write>(pub W);

impl<W: Write> GraphWriter for Writer<W> {
    /// The header and the attribute declarations; attribute ids are the
    /// column's position among the attributes.
    fn start(&mut self, nodes: &Schema, edges: &Schema) -> io::Result<()> {
        let w = &mut self.0;
        prologue(
            w,
            format_args!(
                r#"<gexf xmlns="{NAMESPACE}" xmlns:viz="{VIZ_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">"#
            ),
        )?;
        writeln!(w, "  <meta>")?;
        writeln!(w, "    <creator>{} {}</creator>", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))?;
        writeln!(
            w,
            "    <description>Interaction graph: accounts (accounts.csv) and who engaged with whom (edges.csv); colour by community, size by score</description>"
        )?;
        writeln!(w, "  </meta>")?;
        writeln!(w, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
        declare(w, "node", &nodes.columns)?;
        declare(w, "edge", &edges.columns)?;
        writeln!(w, r#"    <nodes count="{}">"#, nodes.rows)?;
        Ok(())
    }

    fn node(&mut self, id: &str, row: &Row, schema: &Schema, look: &NodeLook) -> io::Result<()> {
        let w = &mut self.0;
        let id = escape(id);
        let label = look.label_from.map(|h| row.get(h)).map_or(id.clone(), escape);
        write!(w, r#"      <node id="{id}" label="{label}">"#)?;
        attvalues(w, row, &schema.columns)?;
        let [r, g, b] = look.color;
        write!(w, r#"<viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        write!(w, r#"<viz:size value=""#)?;
        write_size(w, look.size)?;
        write!(w, r#""/>"#)?;
        if let Some([x, y]) = look.position {
            let mut fx = ryu::Buffer::new();
            let mut fy = ryu::Buffer::new();
            // Finite by construction of the layout; a NaN would not parse.
            let (x, y) = (if x.is_finite() { x } else { 0.0 }, if y.is_finite() { y } else { 0.0 });
            write!(w, r#"<viz:position x="{}" y="{}" z="0.0"/>"#, fx.format(x), fy.format(y))?;
        }
        writeln!(w, "</node>")
    }

    fn between(&mut self) -> io::Result<()> {
        writeln!(self.0, "    </nodes>\n    <edges>")
    }

    fn edge(&mut self, ends: &EdgeEnds, row: &Row, schema: &Schema) -> io::Result<()> {
        let w = &mut self.0;
        write!(
            w,
            r#"      <edge id="{}" source="{}" target="{}""#,
            ends.index,
            escape(ends.source),
            escape(ends.target)
        )?;
        if let Some(k) = ends.kind {
            write!(w, r#" kind="{}""#, escape(k))?;
        }
        if let Some(v) = ends.weight {
            write!(w, r#" weight="{v}""#)?;
        }
        write!(w, ">")?;
        attvalues(w, row, &schema.columns)?;
        writeln!(w, "</edge>")
    }

    fn finish(&mut self) -> io::Result<()> {
        writeln!(self.0, "    </edges>\n  </graph>\n</gexf>")
    }
}

fn declare(w: &mut impl Write, class: &str, columns: &[Column]) -> io::Result<()> {
    writeln!(w, r#"    <attributes class="{class}" mode="static">"#)?;
    for (i, c) in columns.iter().enumerate() {
        writeln!(w, r#"      <attribute id="{i}" title="{}" type="{}"/>"#, escape(&c.name), c.ty.gexf())?;
    }
    writeln!(w, "    </attributes>")
}

/// The row's non-empty values; no `<attvalues>` at all when there are none
/// (the schema wants at least one `<attvalue>` inside).
fn attvalues(w: &mut impl Write, row: &Row, columns: &[Column]) -> io::Result<()> {
    let mut open = false;
    for (i, c) in columns.iter().enumerate() {
        if let Some(v) = value(row, c) {
            if !open {
                write!(w, "<attvalues>")?;
                open = true;
            }
            w.write_all(b"<attvalue for=\"")?;
            w.write_all(itoa::Buffer::new().format(i).as_bytes())?;
            w.write_all(b"\" value=\"")?;
            w.write_all(escape(v).as_bytes())?;
            w.write_all(b"\"/>")?;
        }
    }
    if open {
        write!(w, "</attvalues>")?;
    }
    Ok(())
}
