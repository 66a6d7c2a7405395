//! `images/trend-<k>.{svg,png}`: for topic k (in the topics file's order),
//! the scores of its leading DOLs in each period, one line per account,
//! drawn from trends.csv (so `render` redraws them as `analyze` drew
//! them). The accounts are the [`SHOWN`] with the highest score summed
//! over the periods; a period where an account is outside trends.csv's
//! top rows has no point, and the line breaks there.

use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::community::short_handle;
use super::svg::{Anchor, Scene, Shape};
use super::text::{shorten, width};
use super::{HEIGHT, WIDTH};
use crate::error::{Error, Result};
use crate::report::folder::{TrendRow, read_trends};
use crate::report::palette::COMMUNITY_COLORS;

/// Accounts drawn per topic.
pub const SHOWN: usize = 8;
const INK: [u8; 3] = [0x22, 0x22, 0x22];
const MUTED: [u8; 3] = [0x66, 0x66, 0x66];
const GRID: [u8; 3] = [0xdd, 0xdd, 0xdd];
/// The plot: left, top, right, bottom.
const PLOT: [f32; 4] = [120.0, 170.0, 1500.0, 960.0];
/// Labels at the lines' ends start here.
const LABEL_X: f32 = 1530.0;
/// The width a label may take, to the picture's right edge.
const LABEL_ROOM: f32 = WIDTH as f32 - LABEL_X - 12.0;

/// The file stem of topic `k`'s picture (`trend-1` for the first topic).
pub fn stem(k: usize) -> String {
    format!("trend-{}", k + 1)
}

/// One topic's picture from its rows of trends.csv.
pub fn scene(topic: &str, rows: &[&TrendRow]) -> Scene {
    let mut periods: Vec<&str> = rows.iter().map(|r| r.period_start.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    // The leading accounts: highest score summed over the periods, ties to
    // the smaller id.
    let mut totals: Vec<(&str, &str, f64)> = Vec::new();
    let mut by_id: Vec<&TrendRow> = rows.to_vec();
    by_id.sort_by(|a, b| a.id.cmp(&b.id).then(a.period_start.cmp(&b.period_start)));
    for r in &by_id {
        match totals.last_mut() {
            Some(t) if t.0 == r.id => t.2 += r.score,
            _ => totals.push((&r.id, &r.handle, r.score)),
        }
    }
    totals.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    totals.truncate(SHOWN);
    let max = rows.iter().filter(|r| totals.iter().any(|t| t.0 == r.id)).map(|r| r.score).fold(0.0f64, f64::max);
    let step = nice_step(max / 4.0);
    let top = (max / step).ceil().max(1.0) * step;

    let mut sc = Scene::new(WIDTH, HEIGHT);
    let text = |sc: &mut Scene, at: [f32; 2], size: f32, anchor: Anchor, bold: bool, color: [u8; 3], t: String| {
        sc.push(Shape::Text { at, size, anchor, bold, color, halo: false, text: t });
    };
    text(
        &mut sc,
        [60.0, 70.0],
        36.0,
        Anchor::Start,
        true,
        INK,
        format!("{}: its leading DOLs over time", shorten(topic, 60)),
    );
    text(
        &mut sc,
        [60.0, 112.0],
        22.0,
        Anchor::Start,
        false,
        MUTED,
        format!(
            "Topic score per period (each ranked on its own) of the {} accounts with the highest total; no point: outside that period's top {}",
            totals.len(),
            crate::report::trends::TREND_ROWS
        ),
    );
    let [x0, y0, x1, y1] = PLOT;
    let y_of = |v: f64| y1 - ((v / top) as f32) * (y1 - y0);
    let n = periods.len();
    let x_of = |i: usize| if n <= 1 { (x0 + x1) / 2.0 } else { x0 + (x1 - x0) * i as f32 / (n - 1) as f32 };
    // Grid and axes.
    let mut v = 0.0;
    while v <= top * (1.0 + 1e-9) {
        let y = y_of(v);
        sc.push(Shape::Line { from: [x0, y], to: [x1, y], color: GRID, width: 1.0, opacity: 1.0 });
        text(&mut sc, [x0 - 14.0, y + 7.0], 20.0, Anchor::End, false, MUTED, format_tick(v, step));
        v += step;
    }
    text(&mut sc, [x0 - 14.0, y0 - 24.0], 20.0, Anchor::End, true, MUTED, "score".into());
    let every = n.div_ceil(12).max(1);
    for (i, p) in periods.iter().enumerate() {
        sc.push(Shape::Line { from: [x_of(i), y1], to: [x_of(i), y1 + 8.0], color: MUTED, width: 1.5, opacity: 1.0 });
        if i % every == 0 || i + 1 == n {
            text(&mut sc, [x_of(i), y1 + 36.0], 20.0, Anchor::Middle, false, MUTED, (*p).to_string());
        }
    }
    text(&mut sc, [(x0 + x1) / 2.0, y1 + 80.0], 20.0, Anchor::Middle, true, MUTED, "period (first day)".into());

    // One line per account; labels at its last point, pushed apart.
    let mut labels: Vec<(f32, [u8; 3], String)> = Vec::new();
    for (k, (id, handle, _)) in totals.iter().enumerate() {
        let color = COMMUNITY_COLORS[k % COMMUNITY_COLORS.len()];
        let points: Vec<(usize, f64)> = periods
            .iter()
            .enumerate()
            .filter_map(|(i, p)| rows.iter().find(|r| r.id == *id && r.period_start == *p).map(|r| (i, r.score)))
            .collect();
        let segments: Vec<[f32; 4]> = points
            .windows(2)
            .filter(|w| w[1].0 == w[0].0 + 1)
            .map(|w| [x_of(w[0].0), y_of(w[0].1), x_of(w[1].0), y_of(w[1].1)])
            .collect();
        sc.push(Shape::Segments { segments, color, width: 4.0, opacity: 0.9 });
        sc.push(Shape::Dots {
            centres: points.iter().map(|&(i, s)| [x_of(i), y_of(s)]).collect(),
            r: 7.0,
            fill: color,
            opacity: 1.0,
        });
        if let Some(&(i, s)) = points.last() {
            // A Mastodon account by its user name, as in the community
            // pictures: the instance would take the room of the line.
            let shown = |room| if handle.is_empty() { shorten(id, room) } else { shorten(&short_handle(handle), room) };
            let mut label = shown(22);
            if i + 1 < n {
                // The line ends before the last period: say where.
                let end = format!(" (to {})", periods[i].get(5..).unwrap_or(periods[i]));
                let mut room = 22;
                while room > 6 && width(&format!("{label}{end}"), 22.0) > LABEL_ROOM {
                    room -= 2;
                    label = shown(room);
                }
                label.push_str(&end);
            }
            labels.push((y_of(s), color, label));
        }
    }
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gap = 28.0;
    for i in 1..labels.len() {
        if labels[i].0 < labels[i - 1].0 + gap {
            labels[i].0 = labels[i - 1].0 + gap;
        }
    }
    // Pushed below the plot: shift the column back up.
    if let Some(last) = labels.last().map(|l| l.0) {
        let over = last - (y1 + 40.0);
        if over > 0.0 {
            for l in &mut labels {
                l.0 -= over;
            }
        }
    }
    for (y, color, label) in labels {
        sc.push(Shape::Rect { at: [LABEL_X - 22.0, y - 14.0], size: [14.0, 14.0], fill: color, stroke: None });
        text(&mut sc, [LABEL_X, y], 22.0, Anchor::Start, false, INK, label);
    }
    sc
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * p).find(|&s| s >= raw).unwrap_or(10.0 * p)
}

fn format_tick(v: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{v:.0}")
    } else {
        let decimals = (-step.log10().floor()) as usize;
        format!("{v:.decimals$}")
    }
}

/// The rows of trends.csv by topic, topics in the file's order (the
/// topics file's): topic k of this list is drawn as [`stem`]`(k)`.
pub fn by_topic(rows: &[TrendRow]) -> Vec<(&str, Vec<&TrendRow>)> {
    let mut topics: Vec<(&str, Vec<&TrendRow>)> = Vec::new();
    for r in rows {
        match topics.iter_mut().find(|(t, _)| *t == r.topic) {
            Some((_, list)) => list.push(r),
            None => topics.push((&r.topic, vec![r])),
        }
    }
    topics
}

/// Draws one picture per topic of `dir/trends.csv` into `dir/images/`;
/// returns the files written (nothing without trends.csv).
pub fn write(dir: &Path) -> Result<Vec<String>> {
    let Some(rows) = read_trends(dir)? else {
        return Ok(Vec::new());
    };
    let topics = by_topic(&rows);
    let images = dir.join("images");
    fs::create_dir_all(&images).map_err(|source| Error::Write { path: images.clone(), source })?;
    let drawn: Vec<Result<(String, String, Vec<u8>)>> = topics
        .par_iter()
        .enumerate()
        .map(|(k, (topic, list))| {
            let svg = scene(topic, list).to_svg();
            let png = super::png::render(&svg).map_err(|reason| Error::Input { path: images.join(stem(k)), reason })?;
            Ok((stem(k), svg, png))
        })
        .collect();
    let mut written = Vec::new();
    for d in drawn {
        let (stem, svg, png) = d?;
        for (ext, bytes) in [("svg", svg.as_bytes()), ("png", &png[..])] {
            let path = images.join(format!("{stem}.{ext}"));
            fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })?;
            written.push(format!("images/{stem}.{ext}"));
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(12.5), 20.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(format_tick(0.5, 0.5), "0.5");
        assert_eq!(format_tick(40.0, 20.0), "40");
    }
}
