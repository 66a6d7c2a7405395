//! A picture as a list of shapes (a [`Scene`]) and its SVG text, written
//! by us: coordinates rounded to a tenth of a pixel (stable bytes, small
//! files) and every text escaped through [`text::xml`].

use std::fmt::Write;

use super::text::{self, FAMILY};
use crate::report::palette::hex;

/// Where a text's `x` is: its start, middle or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Clone, Debug)]
pub enum Shape {
    Line {
        from: [f32; 2],
        to: [f32; 2],
        color: [u8; 3],
        width: f32,
        opacity: f32,
    },
    Circle {
        centre: [f32; 2],
        r: f32,
        fill: [u8; 3],
        stroke: Option<[u8; 3]>,
        opacity: f32,
    },
    /// Many thin lines of one style as one path: thousands of context
    /// links parse and rasterise far faster than as separate elements.
    Segments {
        segments: Vec<[f32; 4]>,
        color: [u8; 3],
        width: f32,
        opacity: f32,
    },
    /// Many dots of one radius and colour as one path.
    Dots {
        centres: Vec<[f32; 2]>,
        r: f32,
        fill: [u8; 3],
        opacity: f32,
    },
    Rect {
        at: [f32; 2],
        size: [f32; 2],
        fill: [u8; 3],
        stroke: Option<[u8; 3]>,
    },
    /// One line of text at baseline `at`; `halo` draws a white outline
    /// under it so it stays readable over lines and nodes.
    Text {
        at: [f32; 2],
        size: f32,
        anchor: Anchor,
        bold: bool,
        color: [u8; 3],
        halo: bool,
        text: String,
    },
}

/// A picture of `width` x `height` pixels on a white background.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub shapes: Vec<Shape>,
}

/// A number with at most one decimal, without `-0`.
fn num(out: &mut String, v: f32) {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

impl Scene {
    pub fn new(width: u32, height: u32) -> Scene {
        Scene { width, height, shapes: Vec::new() }
    }

    pub fn push(&mut self, s: Shape) {
        self.shapes.push(s);
    }

    pub fn to_svg(&self) -> String {
        let mut o = String::with_capacity(256 + self.shapes.len() * 96);
        let _ = write!(
            o,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FAMILY}\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = self.width,
            h = self.height
        );
        for s in &self.shapes {
            match s {
                Shape::Line { from, to, color, width, opacity } => {
                    o.push_str("<line x1=\"");
                    num(&mut o, from[0]);
                    o.push_str("\" y1=\"");
                    num(&mut o, from[1]);
                    o.push_str("\" x2=\"");
                    num(&mut o, to[0]);
                    o.push_str("\" y2=\"");
                    num(&mut o, to[1]);
                    let _ = write!(o, "\" stroke=\"{}\" stroke-width=\"", hex(*color));
                    num(&mut o, *width);
                    let _ = writeln!(o, "\" stroke-opacity=\"{:.2}\" stroke-linecap=\"round\"/>", opacity);
                }
                Shape::Circle { centre, r, fill, stroke, opacity } => {
                    o.push_str("<circle cx=\"");
                    num(&mut o, centre[0]);
                    o.push_str("\" cy=\"");
                    num(&mut o, centre[1]);
                    o.push_str("\" r=\"");
                    num(&mut o, *r);
                    let _ = write!(o, "\" fill=\"{}\"", hex(*fill));
                    if *opacity < 1.0 {
                        let _ = write!(o, " fill-opacity=\"{opacity:.2}\"");
                    }
                    if let Some(c) = stroke {
                        let _ = write!(o, " stroke=\"{}\" stroke-width=\"1.5\"", hex(*c));
                    }
                    o.push_str("/>\n");
                }
                Shape::Rect { at, size, fill, stroke } => {
                    o.push_str("<rect x=\"");
                    num(&mut o, at[0]);
                    o.push_str("\" y=\"");
                    num(&mut o, at[1]);
                    o.push_str("\" width=\"");
                    num(&mut o, size[0]);
                    o.push_str("\" height=\"");
                    num(&mut o, size[1]);
                    let _ = write!(o, "\" fill=\"{}\"", hex(*fill));
                    if let Some(c) = stroke {
                        let _ = write!(o, " stroke=\"{}\" stroke-width=\"1\"", hex(*c));
                    }
                    o.push_str("/>\n");
                }
                Shape::Segments { segments, color, width, opacity } => {
                    if segments.is_empty() {
                        continue;
                    }
                    o.push_str("<path d=\"");
                    for [x1, y1, x2, y2] in segments {
                        o.push('M');
                        num(&mut o, *x1);
                        o.push(' ');
                        num(&mut o, *y1);
                        o.push('L');
                        num(&mut o, *x2);
                        o.push(' ');
                        num(&mut o, *y2);
                    }
                    let _ = write!(o, "\" fill=\"none\" stroke=\"{}\" stroke-width=\"", hex(*color));
                    num(&mut o, *width);
                    let _ = writeln!(o, "\" stroke-opacity=\"{opacity:.2}\"/>");
                }
                Shape::Dots { centres, r, fill, opacity } => {
                    if centres.is_empty() {
                        continue;
                    }
                    o.push_str("<path d=\"");
                    for [x, y] in centres {
                        // A circle as two half arcs.
                        o.push('M');
                        num(&mut o, x - r);
                        o.push(' ');
                        num(&mut o, *y);
                        o.push('a');
                        num(&mut o, *r);
                        o.push(' ');
                        num(&mut o, *r);
                        o.push_str(" 0 1 0 ");
                        num(&mut o, 2.0 * r);
                        o.push_str(" 0a");
                        num(&mut o, *r);
                        o.push(' ');
                        num(&mut o, *r);
                        o.push_str(" 0 1 0 ");
                        num(&mut o, -2.0 * r);
                        o.push_str(" 0");
                    }
                    let _ = writeln!(o, "\" fill=\"{}\" fill-opacity=\"{opacity:.2}\"/>", hex(*fill));
                }
                Shape::Text { at, size, anchor, bold, color, halo, text: t } => {
                    o.push_str("<text x=\"");
                    num(&mut o, at[0]);
                    o.push_str("\" y=\"");
                    num(&mut o, at[1]);
                    o.push_str("\" font-size=\"");
                    num(&mut o, *size);
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let _ = write!(o, "\" text-anchor=\"{anchor}\" fill=\"{}\"", hex(*color));
                    if *bold {
                        o.push_str(" font-weight=\"bold\"");
                    }
                    if *halo {
                        o.push_str(
                            " stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                        );
                    }
                    let _ = writeln!(o, ">{}</text>", text::xml(t));
                }
            }
        }
        o.push_str("</svg>\n");
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_escapes_text_and_rounds_numbers() {
        let mut s = Scene::new(100, 50);
        s.push(Shape::Text {
            at: [10.04, -0.01],
            size: 12.0,
            anchor: Anchor::Start,
            bold: false,
            color: [0, 0, 0],
            halo: true,
            text: "<b>&\"x\"".into(),
        });
        let svg = s.to_svg();
        assert!(svg.contains("x=\"10\" y=\"0\""), "{svg}");
        assert!(svg.contains(">&lt;b&gt;&amp;&quot;x&quot;</text>"), "{svg}");
        assert!(!svg.contains("<b>"));
    }
}
