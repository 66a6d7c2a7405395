//! Graphviz DOT files of the pictures (built with graphviz-rust's DOT
//! structures and printer), for analysts who restyle them, and the
//! optional `--renderer graphviz` that draws the pictures from them with
//! sfdp when Graphviz is installed.
//!
//! Every label goes through [`text::dot_string`]: a handle such as
//! `"]; evil` stays inside its quoted string.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

use graphviz_rust::cmd::{CommandArg, Format, Layout};
use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::community::Index;
use super::overview::shown;
use super::text;
use super::{PictureInput, PictureSettings};
use crate::error::{Error, Result};
use crate::report::palette::{OTHER, community_color, hex};

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(plain(k), v)
}

fn quoted(s: &str) -> Id {
    Id::Escaped(text::dot_string(s))
}

/// A label of several lines: each line escaped, joined by DOT's `\n`.
fn lines(ls: &[String]) -> Id {
    let parts: Vec<String> = ls.iter().map(|l| text::dot_string(l)).map(|q| q[1..q.len() - 1].to_string()).collect();
    Id::Escaped(format!("\"{}\"", parts.join("\\n")))
}

fn node(id: String, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node { id: NodeId(Id::Plain(id), None), attributes })
}

fn edge(a: String, b: String, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(NodeId(Id::Plain(a), None)), Vertex::N(NodeId(Id::Plain(b), None))),
        attributes,
    })
}

/// Graph-wide settings: a slide-sized drawing (1920x1080 at 100 dpi),
/// sfdp seeded with the run's seed, labels in DejaVu Sans.
fn header(title: &str, seed: u64) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("layout", plain("sfdp")),
            attr("overlap", plain("prism")),
            attr("outputorder", plain("edgesfirst")),
            attr("size", quoted("19.2,10.8!")),
            attr("ratio", plain("fill")),
            attr("dpi", plain("100")),
            attr("bgcolor", quoted("#ffffff")),
            attr("start", plain(&(seed % 1_000_000_000).to_string())),
            attr("fontname", quoted("DejaVu Sans")),
            attr("fontsize", plain("28")),
            attr("labelloc", plain("t")),
            attr("forcelabels", plain("true")),
            attr("label", quoted(title)),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", plain("filled")),
            attr("shape", plain("circle")),
            attr("fontname", quoted("DejaVu Sans")),
            attr("fontsize", plain("16")),
            attr("color", quoted("#ffffff")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("color", quoted("#90909080"))])),
    ]
}

fn print(id: &str, stmts: Vec<Stmt>) -> String {
    let g = Graph::Graph { id: plain(id), strict: false, stmts };
    let mut text = g.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// The top accounts of community `k` and the links among them.
pub fn community(input: &PictureInput, k: u32, index: &Index, s: &PictureSettings) -> String {
    let members = index.of(k);
    let top: Vec<u32> = members.by_score.iter().copied().take(s.accounts_per_picture).collect();
    let size = input.communities.get(k as usize).map_or(0, |c| c.size);
    let mut stmts = header(&format!("Community {k} · {size} accounts · top {}", top.len()), s.seed);
    let max_score = top.iter().map(|&a| input.accounts[a as usize].score).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let mut rank = std::collections::HashMap::with_capacity(top.len());
    for (i, &a) in top.iter().enumerate() {
        rank.insert(a, i);
        let acc = &input.accounts[a as usize];
        let rel = (acc.score / max_score).clamp(0.0, 1.0).sqrt();
        stmts.push(node(
            format!("a{a}"),
            vec![
                attr("label", quoted("")),
                attr("xlabel", quoted(&acc.label)),
                attr("tooltip", quoted(&acc.name)),
                attr("fillcolor", quoted(&hex(community_color(k)))),
                attr("fixedsize", plain("true")),
                attr("width", plain(&format!("{:.2}", 0.15 + 0.45 * rel))),
            ],
        ));
    }
    let links: Vec<(u32, u32, f64)> =
        members.links.iter().copied().filter(|(a, b, _)| rank.contains_key(a) && rank.contains_key(b)).collect();
    let max_w = links.iter().map(|l| l.2).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    for (a, b, w) in links {
        stmts.push(edge(
            format!("a{a}"),
            format!("a{b}"),
            vec![
                attr("penwidth", plain(&format!("{:.2}", 1.0 + 4.0 * (w / max_w).sqrt()))),
                attr("weight", plain(&format!("{w}"))),
            ],
        ));
    }
    print(&format!("community_{k}"), stmts)
}

/// One node per shown community, links by the weight between them.
pub fn overview(input: &PictureInput, index: &Index, s: &PictureSettings) -> String {
    let ks = shown(input);
    let mut stmts = header("Communities: size, top accounts and hashtags", s.seed);
    let max_size = ks.iter().map(|&k| input.communities[k as usize].size).max().unwrap_or(1).max(1) as f64;
    for (i, &k) in ks.iter().enumerate() {
        let c = &input.communities[k as usize];
        let top: Vec<String> =
            index.of(k).by_score.iter().take(3).map(|&a| input.accounts[a as usize].label.clone()).collect();
        let tags: Vec<String> = c.hashtags.iter().take(3).map(|t| format!("#{t}")).collect();
        let colour = if i < 12 { community_color(k) } else { OTHER };
        stmts.push(node(
            format!("c{k}"),
            vec![
                attr("label", lines(&[format!("{k} · {}", c.size), top.join(", "), tags.join(" ")])),
                attr("fillcolor", quoted(&hex(colour))),
                attr("width", plain(&format!("{:.2}", 0.5 + 2.0 * (c.size as f64 / max_size).sqrt()))),
            ],
        ));
    }
    let mut index = vec![None; input.communities.len()];
    for &k in &ks {
        index[k as usize] = Some(k);
    }
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for &(a, b, w) in &input.links {
        let (ca, cb) = (input.accounts[a as usize].community, input.accounts[b as usize].community);
        if let (Some(Some(x)), Some(Some(y))) = (index.get(ca as usize), index.get(cb as usize))
            && x != y
        {
            pairs.push((*x.min(y), *x.max(y), w));
        }
    }
    pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut merged: Vec<(u32, u32, f64)> = Vec::new();
    for (a, b, w) in pairs {
        match merged.last_mut() {
            Some(p) if p.0 == a && p.1 == b => p.2 += w,
            _ => merged.push((a, b, w)),
        }
    }
    let max_w = merged.iter().map(|p| p.2).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    for (a, b, w) in merged {
        stmts.push(edge(
            format!("c{a}"),
            format!("c{b}"),
            vec![attr("penwidth", plain(&format!("{:.2}", 1.0 + 10.0 * (w / max_w).sqrt())))],
        ));
    }
    print("overview", stmts)
}

/// Fails with what to do when Graphviz's `dot` cannot be run.
pub fn check_graphviz() -> Result<()> {
    match Command::new("dot").arg("-V").output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(Error::Graphviz {
            path: "dot".into(),
            reason: format!("`dot -V` failed: {}", String::from_utf8_lossy(&o.stderr).trim()),
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(Error::GraphvizMissing),
        Err(e) => Err(Error::Graphviz { path: "dot".into(), reason: e.to_string() }),
    }
}

/// Draws the DOT file `dot_text` with sfdp into SVG and PNG bytes.
pub fn render(dot_text: &str, path: &Path) -> Result<(Vec<u8>, Vec<u8>)> {
    let run = |format: Format| {
        graphviz_rust::exec_dot(
            dot_text.to_string(),
            vec![CommandArg::Layout(Layout::Sfdp), CommandArg::Format(format)],
        )
        .map_err(|e| Error::Graphviz { path: path.to_path_buf(), reason: e.to_string() })
    };
    Ok((run(Format::Svg)?, run(Format::Png)?))
}
