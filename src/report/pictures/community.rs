//! The picture of one community: its members laid out on their own links
//! (the top members by score, up to a cap, for context as small dots), the
//! top accounts drawn larger and labelled, and a legend listing them.

use super::labels::{self, Box2, Line, Request};
use super::layout::{Fa2Settings, force_atlas2, iterations_for, layout_graph, normalise};
use super::svg::{Anchor, Scene, Shape};
use super::text;
use super::{HEIGHT, PictureInput, PictureSettings, WIDTH, draw_labels, fit, separate, tint};
use crate::report::palette::community_color;

/// Node-iterations of one community picture's layout.
const BUDGET: usize = 150_000;
/// Context links drawn at most (the heaviest).
const CONTEXT_LINKS: usize = 6000;
/// The plot area (left part) and the legend column (right part).
const PLOT: Box2 = [30.0, 120.0, 1440.0, 1050.0];
const LEGEND_X: f32 = 1480.0;
/// The legend's list of accounts ends here, above the key.
const LEGEND_END: f32 = 960.0;
const INK: [u8; 3] = [0x22, 0x22, 0x22];
const MUTED: [u8; 3] = [0x66, 0x66, 0x66];

/// What the pictures of some communities read of them, found in one pass
/// over the accounts and one over the links: a pass over every account and
/// link per picture (72 of each on the Higgs graph, with the overview's
/// and the DOT files') was a fifth of the pictures' time.
pub struct Index {
    /// Position in `members` by community label; `usize::MAX`: not indexed.
    slot: Vec<usize>,
    members: Vec<Members>,
}

/// One community, as [`Index`] holds it.
#[derive(Default)]
pub struct Members {
    /// In the order pictures show them: the leaders of the community's
    /// topic by their rank there, then the others by score, highest first;
    /// ties by account id.
    pub by_score: Vec<u32>,
    /// The links among them, in the input's order.
    pub links: Vec<(u32, u32, f64)>,
    /// Links from them to other communities.
    pub outside: usize,
}

impl Index {
    /// The index of communities `ks`.
    pub fn new(input: &PictureInput, ks: &[u32]) -> Index {
        let mut slot = vec![usize::MAX; input.communities.len()];
        let mut members: Vec<Members> = Vec::new();
        for &k in ks {
            if let Some(s) = slot.get_mut(k as usize)
                && *s == usize::MAX
            {
                *s = members.len();
                members.push(Members::default());
            }
        }
        let slot_of = |a: u32| slot.get(input.accounts[a as usize].community as usize).copied().unwrap_or(usize::MAX);
        for a in 0..input.accounts.len() as u32 {
            if let Some(m) = members.get_mut(slot_of(a)) {
                m.by_score.push(a);
            }
        }
        let acc = |a: u32| &input.accounts[a as usize];
        for m in &mut members {
            m.by_score.sort_by(|&a, &b| {
                acc(a).lead.cmp(&acc(b).lead).then(acc(b).score.total_cmp(&acc(a).score)).then(a.cmp(&b))
            });
        }
        for &(a, b, w) in &input.links {
            let (x, y) = (slot_of(a), slot_of(b));
            if x == y {
                if let Some(m) = members.get_mut(x) {
                    m.links.push((a, b, w));
                }
                continue;
            }
            for z in [x, y] {
                if let Some(m) = members.get_mut(z) {
                    m.outside += 1;
                }
            }
        }
        Index { slot, members }
    }

    /// Community `k`, empty when it is not indexed.
    pub fn of(&self, k: u32) -> &Members {
        static NONE: Members = Members { by_score: Vec::new(), links: Vec::new(), outside: 0 };
        self.slot.get(k as usize).and_then(|&s| self.members.get(s)).unwrap_or(&NONE)
    }
}

/// Accounts labelled in a picture of a community of `members`: the
/// setting, but no more than half the members (at least 8), so a small
/// community is not all labels.
pub fn labelled(setting: usize, members: usize) -> usize {
    setting.min(members.div_ceil(2).max(8)).min(members)
}

/// How an account is named beside its dot: its display name where it has
/// one, then its handle in short (a Mastodon `user@host` as `@user`; the
/// legend gives the instance) where the name does not fit.
fn plot_forms(acc: &super::input::PictureAccount) -> Vec<String> {
    let handle = short_handle(&acc.label);
    let name = text::clean(&acc.name);
    if name.is_empty() || name == acc.label { vec![handle] } else { vec![text::shorten(&name, 26), handle] }
}

/// `user@host` as `@user`; other handles with an `@` in front, ids as they are.
pub(crate) fn short_handle(label: &str) -> String {
    let label = text::clean(label);
    match label.split_once('@') {
        Some((user, host)) if !user.is_empty() && host.contains('.') => format!("@{user}"),
        _ if label.chars().all(|c| c.is_ascii_digit()) || label.starts_with("did:") => label,
        _ => format!("@{}", label.trim_start_matches('@')),
    }
}

/// The legend's second line for an account with a name: its handle, and a
/// Mastodon account's instance.
fn legend_handle(label: &str) -> String {
    let label = text::clean(label);
    match label.split_once('@') {
        Some((user, host)) if !user.is_empty() && host.contains('.') => format!("@{user} · {host}"),
        _ => short_handle(&label),
    }
}

/// The accounts drawn (top members by score, at most `context_max`), their
/// links (local indices) and their laid-out positions in the plot area.
pub struct Drawn {
    pub accounts: Vec<u32>,
    pub links: Vec<(u32, u32, f64)>,
    pub pos: Vec<[f32; 2]>,
}

pub fn lay_out(k: u32, index: &Index, s: &PictureSettings) -> Drawn {
    let members = index.of(k);
    let mut accounts = members.by_score.clone();
    let top = labelled(s.accounts_per_picture, accounts.len());
    accounts.truncate(s.context_max.max(top));
    let index = |accounts: &[u32]| {
        let mut local = std::collections::HashMap::with_capacity(accounts.len());
        for (i, &a) in accounts.iter().enumerate() {
            local.insert(a, i as u32);
        }
        local
    };
    let local = index(&accounts);
    let mut linked = vec![false; accounts.len()];
    for &(a, b, _) in &members.links {
        if let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) {
            linked[x as usize] = true;
            linked[y as usize] = true;
        }
    }
    // Context accounts with no link among the drawn ones would only float
    // around the picture's rim and shrink the rest: leave them out.
    let accounts: Vec<u32> =
        accounts.iter().enumerate().filter(|&(i, _)| i < top || linked[i]).map(|(_, &a)| a).collect();
    let local = index(&accounts);
    let links: Vec<(u32, u32, f64)> =
        members.links.iter().filter_map(|&(a, b, w)| Some((*local.get(&a)?, *local.get(&b)?, w))).collect();
    let g = layout_graph(accounts.len(), &links);
    let settings = Fa2Settings { iterations: iterations_for(accounts.len(), BUDGET), ..Fa2Settings::default() };
    let mut pos = force_atlas2(&g, None, &settings, s.seed, u64::from(k));
    normalise(&mut pos);
    let pos = fit(&pos, [PLOT[0] + 20.0, PLOT[1] + 20.0, PLOT[2] - 20.0, PLOT[3] - 20.0]);
    Drawn { accounts, links, pos }
}

/// The scene of community `k`, from an [`Index`] that holds it.
pub fn scene(input: &PictureInput, k: u32, index: &Index, s: &PictureSettings) -> Scene {
    let mut d = lay_out(k, index, s);
    let color = community_color(k);
    let light = tint(color, 0.55);
    let members = input.communities.get(k as usize).map_or(d.accounts.len(), |c| c.size);
    let top = labelled(s.accounts_per_picture, members).min(d.accounts.len());
    let max_score = d
        .accounts
        .iter()
        .take(top)
        .map(|&a| input.accounts[a as usize].score)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let radius = |i: usize| -> f32 {
        if i < top {
            let rel = (input.accounts[d.accounts[i] as usize].score / max_score).clamp(0.0, 1.0);
            6.0 + 22.0 * rel.sqrt() as f32
        } else {
            2.5
        }
    };
    // Hubs pile up in the middle of a layout: spread the top accounts so
    // that none hides another and their labels have room.
    let radii: Vec<f32> = (0..top).map(radius).collect();
    separate(&mut d.pos[..top], &radii, 8.0, [PLOT[0] + 10.0, PLOT[1] + 10.0, PLOT[2] - 10.0, PLOT[3] - 10.0]);
    let mut sc = Scene::new(WIDTH, HEIGHT);
    let max_w = d.links.iter().map(|l| l.2).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    // Context links first (faint, one path), then the links among the top
    // accounts, then the context dots (one path).
    // At most CONTEXT_LINKS of them, the heaviest: beyond that they only
    // grey the picture (and slow the rasteriser).
    let mut context: Vec<(u32, u32, f64)> =
        d.links.iter().copied().filter(|&(a, b, _)| (a as usize) >= top || (b as usize) >= top).collect();
    if context.len() > CONTEXT_LINKS {
        context.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        context.truncate(CONTEXT_LINKS);
    }
    let context: Vec<[f32; 4]> = context
        .iter()
        .map(|&(a, b, _)| {
            let (p, q) = (d.pos[a as usize], d.pos[b as usize]);
            [p[0], p[1], q[0], q[1]]
        })
        .collect();
    sc.push(Shape::Segments { segments: context, color: [0x80, 0x80, 0x80], width: 0.6, opacity: 0.2 });
    for &(a, b, w) in &d.links {
        if (a as usize) < top && (b as usize) < top {
            let width = 1.0 + 4.0 * (w / max_w).sqrt() as f32;
            sc.push(Shape::Line { from: d.pos[a as usize], to: d.pos[b as usize], color, width, opacity: 0.45 });
        }
    }
    sc.push(Shape::Dots { centres: d.pos[top..].to_vec(), r: 2.5, fill: light, opacity: 0.8 });
    // Top accounts last, the highest score on top.
    for i in (0..top).rev() {
        sc.push(Shape::Circle {
            centre: d.pos[i],
            r: radius(i),
            fill: color,
            stroke: Some([0xff, 0xff, 0xff]),
            opacity: 1.0,
        });
    }
    // Every dot is an obstacle, the context dots too: a label covers no
    // dot but its own.
    let obstacles: Vec<Box2> = (0..d.accounts.len())
        .map(|i| {
            let ([x, y], r) = (d.pos[i], radius(i));
            [x - r, y - r, x + r, y + r]
        })
        .collect();
    // A label's weight follows its dot: large and bold for the large dots,
    // whatever the account's place in the list.
    let requests: Vec<Request> = (0..top)
        .map(|i| {
            let acc = &input.accounts[d.accounts[i] as usize];
            let rel = (acc.score / max_score).clamp(0.0, 1.0).sqrt() as f32;
            let line = Line::new("", 15.0 + 7.0 * rel, rel >= 0.5).forms(plot_forms(acc));
            Request { centre: d.pos[i], radius: radius(i), lines: vec![line] }
        })
        .collect();
    draw_labels(&mut sc, &labels::place(&requests, &obstacles, PLOT), INK);

    // Title and legend.
    let comm = &input.communities.get(k as usize);
    let size = comm.map_or(0, |c| c.size);
    sc.push(text_line([30.0, 52.0], 34.0, true, INK, format!("Community {k} · {size} accounts")));
    let tags: Vec<String> = comm.map(|c| c.hashtags.iter().map(|t| format!("#{t}")).collect()).unwrap_or_default();
    let topic = comm.map_or("", |c| c.topic.as_str());
    let sub = match (topic.is_empty(), tags.is_empty()) {
        (false, false) => format!("{topic} · {}", tags.join("  ")),
        (false, true) => topic.to_string(),
        (true, false) => tags.join("  "),
        // An edge list has no hashtags: say how the community holds together.
        (true, true) => {
            let m = index.of(k);
            let (inside, outside) = (m.links.len(), m.outside);
            format!("no hashtags in the input · {inside} links inside the community, {outside} to others")
        }
    };
    sc.push(text_line([30.0, 92.0], 22.0, false, MUTED, text::shorten(&text::clean(&sub), 110)));
    let mut y = 150.0;
    sc.push(text_line([LEGEND_X, y], 22.0, true, INK, "Top accounts".into()));
    y += 14.0;
    // Two lines for an account with a name (the name, then the handle and
    // instance), one without; as many as fit above the key.
    let room = WIDTH as f32 - LEGEND_X - 20.0;
    for (i, &a) in d.accounts.iter().take(top).enumerate() {
        let acc = &input.accounts[a as usize];
        let name = text::clean(&acc.name);
        let named = !name.is_empty() && name != acc.label;
        if y + if named { 44.0 } else { 26.0 } > LEGEND_END {
            y += 26.0;
            sc.push(text_line([LEGEND_X, y], 16.0, false, MUTED, format!("{} more labelled in the picture", top - i)));
            break;
        }
        y += 26.0;
        let first = if named { name } else { short_handle(&acc.label) };
        sc.push(text_line([LEGEND_X, y], 18.0, false, INK, fit_width(&format!("{}. {first}", i + 1), 18.0, room)));
        if named {
            y += 19.0;
            sc.push(text_line(
                [LEGEND_X + 24.0, y],
                15.0,
                false,
                MUTED,
                fit_width(&legend_handle(&acc.label), 15.0, room - 24.0),
            ));
        }
    }
    y += 50.0;
    sc.push(Shape::Circle { centre: [LEGEND_X + 12.0, y - 6.0], r: 12.0, fill: color, stroke: None, opacity: 1.0 });
    sc.push(text_line([LEGEND_X + 34.0, y], 18.0, false, INK, format!("top {top} accounts, size by score")));
    y += 34.0;
    let others = d.accounts.len() - top;
    if others > 0 {
        sc.push(Shape::Circle { centre: [LEGEND_X + 12.0, y - 6.0], r: 4.0, fill: light, stroke: None, opacity: 1.0 });
        sc.push(text_line([LEGEND_X + 34.0, y], 18.0, false, INK, format!("{others} more members shown")));
    } else {
        // Not "0 more members shown": every member is labelled above.
        sc.push(text_line([LEGEND_X + 34.0, y], 18.0, false, MUTED, "every member is shown".into()));
    }
    if size > d.accounts.len() {
        y += 28.0;
        sc.push(text_line(
            [LEGEND_X + 34.0, y],
            16.0,
            false,
            MUTED,
            format!("({} not shown)", size - d.accounts.len()),
        ));
    }
    sc
}

pub fn text_line(at: [f32; 2], size: f32, bold: bool, color: [u8; 3], t: String) -> Shape {
    Shape::Text { at, size, anchor: Anchor::Start, bold, color, halo: false, text: t }
}

/// `s` shortened until it fits `max` pixels at `size`.
pub fn fit_width(s: &str, size: f32, max: f32) -> String {
    let s = text::clean(s);
    let mut n = s.chars().count();
    let mut t = s.clone();
    while n > 4 && text::width(&t, size) > max {
        n -= 1;
        t = text::shorten(&s, n);
    }
    t
}
