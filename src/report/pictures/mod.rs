//! Community pictures for slides: `images/overview.{svg,png}` (one node per
//! community) and `images/community-<k>.{svg,png}` for the largest
//! communities (top accounts labelled), plus `graphs/*.dot` for Graphviz,
//! and with `--period` `images/trend-<k>.{svg,png}` per topic ([`trend`]).
//!
//! Drawn from a [`PictureInput`], built from results in memory (`analyze`)
//! or from an output folder (`render`), so both draw the same pictures.
//! Layout ([`layout`]), label placement ([`labels`]) and SVG ([`svg`]) are
//! ours; PNGs are rasterised from the SVG by resvg with a bundled font
//! ([`png`]), or drawn by Graphviz from the DOT files with `--renderer
//! graphviz` ([`dot`]). Same input, settings and seed: same bytes, at any
//! thread count.

pub mod community;
pub mod dot;
pub mod input;
pub mod labels;
pub mod layout;
pub mod overview;
pub mod png;
pub mod svg;
pub mod text;
pub mod trend;

use std::fs;
use std::path::Path;

use rayon::prelude::*;

pub use input::PictureInput;
pub use layout::graph_positions;

use crate::error::{Error, Result};
use labels::{Box2, Placed};
use svg::{Scene, Shape};

/// Picture size in pixels: 16:9, full HD, for slides.
pub const WIDTH: u32 = 1920;
pub const HEIGHT: u32 = 1080;

/// Who draws the pictures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Renderer {
    /// Our layout, SVG and resvg: needs nothing installed.
    #[default]
    Builtin,
    /// Graphviz's sfdp on the DOT files; needs Graphviz's `dot`.
    Graphviz,
}

impl std::str::FromStr for Renderer {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "builtin" => Ok(Renderer::Builtin),
            "graphviz" => Ok(Renderer::Graphviz),
            _ => Err(format!("unknown renderer '{s}' (use builtin or graphviz)")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PictureSettings {
    /// Accounts drawn large and labelled in a community picture (fewer
    /// in a small community: see [`community::labelled`]).
    pub accounts_per_picture: usize,
    /// Communities smaller than this get no picture of their own.
    pub min_community_size: usize,
    /// At most this many community pictures (the largest communities).
    pub max_pictures: usize,
    /// Members drawn in a community picture (top by score), the rest as
    /// context dots; bounds the time of a picture of a huge community.
    pub context_max: usize,
    pub renderer: Renderer,
    pub seed: u64,
}

impl Default for PictureSettings {
    fn default() -> Self {
        PictureSettings {
            accounts_per_picture: 20,
            min_community_size: 10,
            max_pictures: 12,
            context_max: 1000,
            renderer: Renderer::Builtin,
            seed: 1,
        }
    }
}

/// The communities that get a picture: the largest ones of at least
/// `min_community_size` accounts (communities are labelled largest first).
pub fn pictured(input: &PictureInput, s: &PictureSettings) -> Vec<u32> {
    (0..input.communities.len() as u32)
        .filter(|&k| input.communities[k as usize].size >= s.min_community_size.max(1))
        .take(s.max_pictures)
        .collect()
}

/// One picture: its file stem, DOT text and (for the builtin renderer)
/// scene.
struct Picture {
    stem: String,
    dot: String,
    scene: Option<Scene>,
}

/// Writes `images/` and `graphs/` under `dir`; returns the image files
/// written (relative to `dir`), in order.
pub fn write(input: &PictureInput, s: &PictureSettings, dir: &Path) -> Result<Vec<String>> {
    if s.renderer == Renderer::Graphviz {
        dot::check_graphviz()?;
    }
    let images = dir.join("images");
    let graphs = dir.join("graphs");
    for d in [&images, &graphs] {
        fs::create_dir_all(d).map_err(|source| Error::Write { path: d.clone(), source })?;
    }
    let builtin = s.renderer == Renderer::Builtin;
    let ks = pictured(input, s);
    let index = community::Index::new(input, &[&ks[..], &overview::shown(input)].concat());
    let mut jobs: Vec<Option<u32>> = vec![None];
    jobs.extend(ks.into_iter().map(Some));
    let pictures: Vec<Picture> = jobs
        .par_iter()
        .map(|job| match *job {
            None => Picture {
                stem: "overview".into(),
                dot: dot::overview(input, &index, s),
                scene: builtin.then(|| overview::scene(input, &index, s)),
            },
            Some(k) => Picture {
                stem: format!("community-{k}"),
                dot: dot::community(input, k, &index, s),
                scene: builtin.then(|| community::scene(input, k, &index, s)),
            },
        })
        .collect();
    let rendered: Vec<Result<(Vec<u8>, Vec<u8>)>> = pictures
        .par_iter()
        .map(|p| match &p.scene {
            Some(scene) => {
                let svg = scene.to_svg();
                let png = png::render(&svg).map_err(|reason| Error::Input { path: images.join(&p.stem), reason })?;
                Ok((svg.into_bytes(), png))
            }
            None => dot::render(&p.dot, &graphs.join(format!("{}.dot", p.stem))),
        })
        .collect();
    let mut written = Vec::new();
    for (p, r) in pictures.iter().zip(rendered) {
        let (svg, png) = r?;
        let put = |path: std::path::PathBuf, bytes: &[u8]| {
            fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })
        };
        put(graphs.join(format!("{}.dot", p.stem)), p.dot.as_bytes())?;
        put(images.join(format!("{}.svg", p.stem)), &svg)?;
        put(images.join(format!("{}.png", p.stem)), &png)?;
        written.push(format!("images/{}.svg", p.stem));
        written.push(format!("images/{}.png", p.stem));
    }
    written.extend(trend::write(dir)?);
    Ok(written)
}

/// Maps normalised positions (within the unit disc) into `area`, keeping
/// proportions.
pub(crate) fn fit(pos: &[[f64; 2]], area: Box2) -> Vec<[f32; 2]> {
    let [x0, y0, x1, y1] = layout::bounds(pos);
    let (w, h) = (f64::from(area[2] - area[0]), f64::from(area[3] - area[1]));
    let scale = (w / (x1 - x0).max(1e-9)).min(h / (y1 - y0).max(1e-9));
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (mx, my) = (f64::from(area[0] + area[2]) / 2.0, f64::from(area[1] + area[3]) / 2.0);
    pos.iter()
        .map(|p| {
            if pos.len() == 1 {
                [mx as f32, my as f32]
            } else {
                [(mx + (p[0] - cx) * scale) as f32, (my + (p[1] - cy) * scale) as f32]
            }
        })
        .collect()
}

/// `c` mixed with white: `amount` 0 keeps it, 1 gives white.
pub(crate) fn tint(c: [u8; 3], amount: f32) -> [u8; 3] {
    c.map(|v| (f32::from(v) + (255.0 - f32::from(v)) * amount).round() as u8)
}

/// Adds the placed labels to the scene, with a white halo.
pub(crate) fn draw_labels(sc: &mut Scene, placed: &[Option<Placed>], color: [u8; 3]) {
    for p in placed.iter().flatten() {
        if let Some([from, to]) = p.leader {
            sc.push(Shape::Line { from, to, color: [0x55, 0x55, 0x55], width: 1.2, opacity: 0.8 });
        }
        for (at, t, size, bold) in &p.lines {
            sc.push(Shape::Text {
                at: *at,
                size: *size,
                anchor: p.anchor,
                bold: *bold,
                color,
                halo: true,
                text: t.clone(),
            });
        }
    }
}

/// Pushes overlapping circles apart (and back inside `area`) in a few
/// sweeps over all pairs (a few dozen nodes: the labelled ones).
pub(crate) fn separate(pos: &mut [[f32; 2]], radius: &[f32], margin: f32, area: Box2) {
    let n = pos.len();
    // Each sweep is quadratic: fewer sweeps when asked for many labels.
    let sweeps = if n <= 100 { 200 } else { (2_000_000 / (n * n)).max(3) };
    for _ in 0..sweeps {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]);
                let d = (dx * dx + dy * dy).sqrt();
                let need = radius[i] + radius[j] + margin;
                if d < need {
                    let (ux, uy) = if d > 1e-3 { (dx / d, dy / d) } else { (1.0, 0.0) };
                    let push = (need - d) / 2.0;
                    pos[i][0] -= ux * push;
                    pos[i][1] -= uy * push;
                    pos[j][0] += ux * push;
                    pos[j][1] += uy * push;
                    moved = true;
                }
            }
        }
        for (p, &r) in pos.iter_mut().zip(radius) {
            p[0] = p[0].clamp(area[0] + r, area[2] - r);
            p[1] = p[1].clamp(area[1] + r, area[3] - r);
        }
        if !moved {
            break;
        }
    }
}
