//! The "Rising and fading" section of report.html (runs with `--period`):
//! per topic, the picture of its leading DOLs over the periods and who
//! rose and who faded between the last period and the one before, from
//! movers.csv, trends.csv and the manifest's `trends`.

use std::fmt::Write as _;
use std::path::Path;

use super::folder::{MoverRow, read_movers, read_trends};
use super::manifest::Manifest;
use super::markup::escape;
use super::pictures::trend;
use crate::error::Result;

/// Accounts per list (rising and new; falling and gone) and topic.
const LISTED: usize = 10;

/// The section's anchor, for the contents.
pub const ANCHOR: &str = "movers";

/// Whether the folder has the section (movers.csv).
pub fn present(dir: &Path) -> bool {
    dir.join("movers.csv").is_file()
}

/// Appends the section when the folder has movers.csv. `picture` embeds
/// an SVG of images/ (the page's own figure).
pub fn section(
    h: &mut String,
    dir: &Path,
    manifest: &Manifest,
    picture: impl Fn(&mut String, &str, &str, &str),
) -> Result<()> {
    let Some(movers) = read_movers(dir)? else {
        return Ok(());
    };
    let trends = read_trends(dir)?.unwrap_or_default();
    let pictured = trend::by_topic(&trends);
    // A folder whose manifest has no `trends` (made by hand) still shows
    // its movers, with the periods unnamed.
    let t = manifest.trends.as_ref();
    let period = t.map_or("period", |t| t.period.as_str());
    let span = |v: Option<&String>| v.map(|v| v.replace('/', " to ")).unwrap_or_default();
    let partial = t.and_then(|t| t.periods.last()).is_some_and(|p| p.partial);
    let _ = write!(
        h,
        "<section id=\"{ANCHOR}\">\n<h2>Rising and fading</h2>\n<p class=\"note\">Each topic is also ranked within \
         each {period} on that {period}'s engagement alone (trends.csv), with the method of the topic tables. Below, \
         the last {period}, {}{}, is compared with the one before, {}. An account is rising or falling only when its \
         rank moves by at least {} places <i>and</i> its score changes by at least a factor {}, so that accounts \
         of near-equal score swapping places, or a topic that is busier overall, do not count as moves. new: not \
         ranked the {period} before; gone: not ranked in the last {period}. The whole list is movers.csv (and the \
         Movers sheet of dolgraph.xlsx).</p>\n",
        escape(&span(t.map(|t| &t.movers.after))),
        if partial {
            " (partial: the data end before it does, so its scores are lower than a whole one's)"
        } else {
            ""
        },
        escape(&span(t.map(|t| &t.movers.before))),
        crate::analysis::movers::MIN_PLACES,
        crate::analysis::movers::MIN_RATIO,
    );
    let mut topics: Vec<(&str, Vec<&MoverRow>)> = Vec::new();
    for m in &movers {
        match topics.iter_mut().find(|(t, _)| *t == m.topic) {
            Some((_, list)) => list.push(m),
            None => topics.push((&m.topic, vec![m])),
        }
    }
    for (topic, rows) in &topics {
        let _ = writeln!(h, "<h3>{}</h3>", escape(topic));
        if let Some(k) = pictured.iter().position(|(t, _)| t == topic) {
            let file = format!("{}.svg", trend::stem(k));
            picture(
                h,
                &file,
                &format!("{topic}: the leading DOLs' scores per {period}"),
                &format!("{topic} over time"),
            );
        }
        let mut up: Vec<&&MoverRow> = rows.iter().filter(|m| m.status == "rising" || m.status == "new").collect();
        up.sort_by_key(|m| m.rank_after);
        let mut down: Vec<&&MoverRow> = rows.iter().filter(|m| m.status == "falling" || m.status == "gone").collect();
        down.sort_by_key(|m| m.rank_before);
        if up.is_empty() && down.is_empty() {
            h.push_str(
                "<p class=\"note\">Nobody rose or faded by the rule: the leading accounts held their places.</p>\n",
            );
            continue;
        }
        h.push_str("<div style=\"display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:18px\">\n");
        for (title, list) in [("Rising and new", &up), ("Falling and gone", &down)] {
            let _ = write!(
                h,
                "<div style=\"min-width:0\"><b>{title}</b> <span class=\"note\">(before &rarr; now)</span><table><thead><tr><th>account</th><th class=\"n\">rank</th>\
                 <th class=\"n\">score</th><th>status</th></tr></thead><tbody>\n"
            );
            if list.is_empty() {
                h.push_str("<tr><td colspan=\"4\" class=\"note\">none</td></tr>\n");
            }
            for m in list.iter().take(LISTED) {
                let name = if m.handle.is_empty() { m.id.clone() } else { format!("@{}", m.handle) };
                let rank = |r: Option<u32>| r.map_or_else(|| "&ndash;".to_string(), |r| r.to_string());
                let _ = writeln!(
                    h,
                    "<tr><td><span class=\"h\">{}</span></td><td class=\"n\">{} &rarr; {}</td><td class=\"n\">{} &rarr; {}</td>\
                     <td>{}</td></tr>",
                    escape(&name),
                    rank(m.rank_before),
                    rank(m.rank_after),
                    short(m.score_before),
                    short(m.score_after),
                    escape(&m.status)
                );
            }
            if list.len() > LISTED {
                let _ = writeln!(
                    h,
                    "<tr><td colspan=\"4\" class=\"note\">and {} more in movers.csv</td></tr>",
                    list.len() - LISTED
                );
            }
            h.push_str("</tbody></table></div>\n");
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
    Ok(())
}

fn short(v: f64) -> String {
    let mut s = String::new();
    super::tables::write_short(&mut s, v);
    s
}
