//! The overview picture: one node per community (area by members), links
//! by the interaction weight between communities, each labelled with its
//! number and size, its top accounts and its top hashtags.

use super::community::{Index, fit_width, text_line};
use super::labels::{self, Box2, Line, Request};
use super::layout::{Fa2Settings, force_atlas2, layout_graph, normalise};
use super::svg::{Anchor, Scene, Shape};
use super::{HEIGHT, PictureInput, PictureSettings, WIDTH, draw_labels, fit, separate};
use crate::report::palette::{OTHER, community_color};

/// Communities shown: the largest ones (of at least two accounts).
pub const SHOWN: usize = 24;
/// Communities that get a colour of their own and a label.
const COLOURED: usize = 12;
const PLOT: Box2 = [30.0, 110.0, 1440.0, 1050.0];
const LEGEND_X: f32 = 1480.0;
const INK: [u8; 3] = [0x22, 0x22, 0x22];
const MUTED: [u8; 3] = [0x66, 0x66, 0x66];

/// The labels of the communities shown in the overview, in order.
pub fn shown(input: &PictureInput) -> Vec<u32> {
    (0..input.communities.len() as u32).filter(|&k| input.communities[k as usize].size >= 2).take(SHOWN).collect()
}

pub fn scene(input: &PictureInput, members: &Index, s: &PictureSettings) -> Scene {
    let ks = shown(input);
    let mut index = vec![u32::MAX; input.communities.len()];
    for (i, &k) in ks.iter().enumerate() {
        index[k as usize] = i as u32;
    }
    let mut between: Vec<(u32, u32, f64)> = Vec::new();
    for &(a, b, w) in &input.links {
        let (ca, cb) = (input.accounts[a as usize].community as usize, input.accounts[b as usize].community as usize);
        let (ia, ib) = (index.get(ca).copied().unwrap_or(u32::MAX), index.get(cb).copied().unwrap_or(u32::MAX));
        if ia != ib && ia != u32::MAX && ib != u32::MAX {
            between.push((ia.min(ib), ia.max(ib), w));
        }
    }
    between.sort_by_key(|&(a, b, _)| (a, b));
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for (a, b, w) in between {
        match pairs.last_mut() {
            Some(p) if p.0 == a && p.1 == b => p.2 += w,
            _ => pairs.push((a, b, w)),
        }
    }
    let n = ks.len();
    let sizes: Vec<f64> = ks.iter().map(|&k| input.communities[k as usize].size as f64).collect();
    let max_size = sizes.iter().copied().fold(1.0, f64::max);
    let radius: Vec<f32> = sizes.iter().map(|&z| 14.0 + 70.0 * (z / max_size).sqrt() as f32).collect();
    let g = layout_graph(n, &pairs);
    let mass: Vec<f64> = sizes.iter().map(|z| 1.0 + z.sqrt()).collect();
    let mut pos =
        force_atlas2(&g, Some(&mass), &Fa2Settings { iterations: 400, ..Fa2Settings::default() }, s.seed, u64::MAX - 1);
    normalise(&mut pos);
    let inner = [PLOT[0] + 160.0, PLOT[1] + 90.0, PLOT[2] - 160.0, PLOT[3] - 90.0];
    let mut pos = fit(&pos, inner);
    separate(&mut pos, &radius, 70.0, inner);

    let mut sc = Scene::new(WIDTH, HEIGHT);
    let max_w = pairs.iter().map(|p| p.2).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    for &(a, b, w) in &pairs {
        let width = 1.0 + 14.0 * (w / max_w).sqrt() as f32;
        sc.push(Shape::Line {
            from: pos[a as usize],
            to: pos[b as usize],
            color: [0x90, 0x90, 0x90],
            width,
            opacity: 0.45,
        });
    }
    let colour = |i: usize| if i < COLOURED { community_color(ks[i]) } else { OTHER };
    for i in (0..n).rev() {
        sc.push(Shape::Circle {
            centre: pos[i],
            r: radius[i],
            fill: colour(i),
            stroke: Some([0xff, 0xff, 0xff]),
            // Opaque: the links between other communities pass under it.
            opacity: 1.0,
        });
    }
    // The community's number inside its circle, so it can be matched with
    // the legend even where the label had to give way.
    for i in 0..n {
        let size = (radius[i] * 0.75).min(30.0);
        sc.push(Shape::Text {
            at: [pos[i][0], pos[i][1] + size * 0.36],
            size,
            anchor: Anchor::Middle,
            bold: true,
            color: [0xff, 0xff, 0xff],
            halo: false,
            text: ks[i].to_string(),
        });
    }
    let obstacles: Vec<Box2> = (0..n)
        .map(|i| {
            let ([x, y], r) = (pos[i], radius[i]);
            [x - r, y - r, x + r, y + r]
        })
        .collect();
    let tops: Vec<Vec<String>> = ks
        .iter()
        .map(|&k| {
            members
                .of(k)
                .by_score
                .iter()
                .take(3)
                .map(|&a| super::community::short_handle(&input.accounts[a as usize].label))
                .collect()
        })
        .collect();
    let requests: Vec<Request> = (0..n)
        .map(|i| {
            let k = ks[i] as usize;
            let mut lines = vec![Line::new(
                format!("{k} · {} accounts", input.communities[k].size),
                if i < COLOURED { 20.0 } else { 15.0 },
                true,
            )];
            if i < COLOURED {
                // Three names or tags, then two, then one, where space is short.
                let shorter = |items: &[String], sep: &str| -> Vec<String> {
                    (1..=items.len()).rev().map(|n| items[..n].join(sep)).collect()
                };
                lines.push(Line::new("", 17.0, false).forms(shorter(&tops[i], ", ")));
                let tags: Vec<String> = input.communities[k].hashtags.iter().take(3).map(|t| format!("#{t}")).collect();
                if !tags.is_empty() {
                    lines.push(Line::new("", 16.0, false).forms(shorter(&tags, " ")));
                }
            }
            Request { centre: pos[i], radius: radius[i], lines }
        })
        .collect();
    draw_labels(&mut sc, &labels::place(&requests, &obstacles, PLOT), INK);

    let accounts = input.accounts.len();
    // A single account nobody engaged with is not a community: counted apart.
    let communities = input.communities.iter().filter(|c| c.size > 1).count();
    let single = input.communities.iter().filter(|c| c.size == 1).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let title = match single {
        0 => format!("{} among {accounts} accounts", plural(communities, "community", "communities")),
        _ => format!(
            "{} of 2 or more among {accounts} accounts ({} apart)",
            plural(communities, "community", "communities"),
            plural(single, "single account", "single accounts")
        ),
    };
    sc.push(text_line([30.0, 52.0], 34.0, true, INK, title));
    sc.push(text_line(
        [30.0, 90.0],
        20.0,
        false,
        MUTED,
        format!("the {n} largest shown · circle area: accounts · line width: interactions between communities"),
    ));
    let mut y = 150.0;
    // The labels name each community's top accounts and hashtags; the key
    // gives what they are about (the leading topic where topics are given).
    let with_topics = ks.iter().any(|&k| !input.communities[k as usize].topic.is_empty());
    sc.push(text_line(
        [LEGEND_X, y],
        22.0,
        true,
        INK,
        if with_topics { "Community: topic" } else { "Community" }.into(),
    ));
    y += 10.0;
    for i in 0..n.min(COLOURED) {
        y += 32.0;
        sc.push(Shape::Circle {
            centre: [LEGEND_X + 10.0, y - 6.0],
            r: 10.0,
            fill: colour(i),
            stroke: None,
            opacity: 1.0,
        });
        let c = &input.communities[ks[i] as usize];
        let about = if c.topic.is_empty() { format!("{} accounts", c.size) } else { c.topic.clone() };
        let line = format!("{}: {about}", ks[i]);
        sc.push(text_line(
            [LEGEND_X + 30.0, y],
            18.0,
            false,
            INK,
            fit_width(&line, 18.0, WIDTH as f32 - LEGEND_X - 50.0),
        ));
    }
    if n > COLOURED {
        y += 32.0;
        sc.push(Shape::Circle { centre: [LEGEND_X + 10.0, y - 6.0], r: 10.0, fill: OTHER, stroke: None, opacity: 1.0 });
        sc.push(text_line([LEGEND_X + 30.0, y], 18.0, false, INK, "smaller communities".into()));
    }
    sc
}
