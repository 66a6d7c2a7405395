//! `explore.html`: the network in a browser, for an analyst who wants to
//! search an account, click it and see why it matters before choosing what
//! goes on a slide, with no install (Gephi and a 300 MB graph.gexf before).
//!
//! Made from the folder's tables (accounts.csv, edges.csv, topics.csv,
//! communities.csv, evidence.csv, manifest.json) and the whole graph's
//! layout positions (the ones graph.gexf carries), so `analyze` and
//! `render` write the same bytes. One self-contained page: the data sits
//! in a `<script type="application/json">` block (never run, read with
//! `JSON.parse`), the script is inline and allowed by its SHA-256 in the
//! Content-Security-Policy, which forbids every request. The script builds
//! the page with `textContent` only, so a handle such as `</script>` or
//! `<img onerror>` is shown, not run; and the JSON escapes `<`, `>`, `&`
//! and U+2028/9, so no value can end the data block early.
//!
//! The drawing is our own small canvas renderer (explore.js): a few
//! hundred lines we can read and test, no licence to carry, a smaller page
//! than sigma.js + graphology inlined, and the layout is already computed.
//! A budget keeps the page light and pan and zoom smooth: every account of
//! the largest communities up to [`MAX_ACCOUNTS`] and the [`MAX_LINKS`]
//! heaviest links among them; the page says what is left out. When the
//! twelve largest communities (those with a colour of their own) hold
//! more than the budget, as on SNAP Higgs (27,156 accounts in the largest
//! alone), each of them is cut to its top accounts by DOL score, the same
//! number for each that does not fit whole (see [`quotas`]): otherwise the
//! largest community would fill the page and the graph's leading account,
//! in the second, would not be drawn.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::folder::{Folder, Table};
use super::graph_files::whole_graph_color;
use super::palette::hex;
use crate::error::{Error, Result};

/// Accounts drawn at most (the largest communities first).
pub const MAX_ACCOUNTS: usize = 20_000;
/// Links drawn at most (the heaviest, both directions and all kinds of a
/// pair summed).
pub const MAX_LINKS: usize = 100_000;
/// The `why` of a topic row is kept for this many ranks of each topic (a
/// why is a sentence; 20,000 accounts times every topic would weigh more
/// than the rest of the page); topics.csv has all.
pub const WHY_RANKS: u32 = 500;
/// Evidence posts per account and topic, and their length in characters.
const POSTS: usize = 3;
const POST_CHARS: usize = 280;

const SCRIPT: &str = include_str!("explore.js");
const STYLE: &str = include_str!("explore.css");

/// The page's data, as the script reads it. Accounts are columns (one
/// array per field, index = the account's place on the page), which keeps
/// 20,000 accounts to about a megabyte.
#[derive(Serialize)]
struct Data {
    pseudonymized: bool,
    accounts: Accounts,
    /// Distinct personas and platforms, referred to by index.
    personas: Vec<String>,
    platforms: Vec<String>,
    communities: Vec<CommunityInfo>,
    /// `[a, b, weight]` flattened, heaviest first.
    links: Vec<f64>,
    topics: Vec<TopicInfo>,
    /// Whether the run wrote evidence.csv (so the panel can say "no posts").
    evidence: bool,
    /// `[account, topic index, text, url, engagements]`.
    posts: Vec<(u32, u32, String, String, String)>,
    left_out: LeftOut,
    why_ranks: u32,
}

#[derive(Serialize, Default)]
struct Accounts {
    handle: Vec<String>,
    name: Vec<String>,
    platform: Vec<u32>,
    url: Vec<String>,
    persona: Vec<u32>,
    community: Vec<u32>,
    score: Vec<f64>,
    x: Vec<f64>,
    y: Vec<f64>,
}

#[derive(Serialize)]
struct CommunityInfo {
    id: u32,
    size: usize,
    shown: usize,
    topic: String,
    hashtags: String,
    color: String,
}

#[derive(Serialize)]
struct TopicInfo {
    name: String,
    /// `[account, rank, score, why]` of the drawn accounts, rank order.
    rows: Vec<(u32, u32, f64, String)>,
}

#[derive(Serialize)]
struct LeftOut {
    accounts: usize,
    total_accounts: usize,
    communities: usize,
    /// Communities drawn with only their top accounts.
    cut_communities: usize,
    total_communities: usize,
    links: usize,
    total_links: usize,
}

/// Writes `out/explore.html` from `folder` (read from its tables) and one
/// layout position per account of accounts.csv. `pseudonymized`: the run
/// had `--pseudonymize` (analyze knows it before its manifest is written;
/// render reads it from the folder's manifest).
pub fn write_explorer(folder: &Folder, positions: &[[f32; 2]], pseudonymized: bool, out: &Path) -> Result<()> {
    let page = render(folder, positions, pseudonymized)?;
    let path = out.join("explore.html");
    fs::write(&path, page).map_err(|source| Error::Write { path, source })
}

/// The page's text.
pub fn render(folder: &Folder, positions: &[[f32; 2]], pseudonymized: bool) -> Result<String> {
    if positions.len() != folder.accounts.len() {
        return Err(Error::Input {
            path: folder.dir.join("accounts.csv"),
            reason: format!("{} layout positions for {} accounts", positions.len(), folder.accounts.len()),
        });
    }
    let data = collect(folder, positions, pseudonymized)?;
    let json = serde_json::to_string(&data).map_err(|e| Error::Input {
        path: folder.dir.clone(),
        reason: format!("cannot write the explorer's data: {e}"),
    })?;
    Ok(page(&json_in_html(&json)))
}

/// JSON that cannot end its `<script>` block or open markup: `<`, `>` and
/// `&` become `\u003c` etc. (only strings can hold them, where the escape
/// means the same), and U+2028/U+2029, which old script parsers read as
/// line ends.
pub fn json_in_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy: no request of any kind; only our script
/// (by its hash) runs; inline style; pictures only as data.
pub fn policy(script: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    format!("default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; img-src data:")
}

fn page(json: &str) -> String {
    let mut h = String::with_capacity(json.len() + SCRIPT.len() + STYLE.len() + 4096);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    h.push_str(&policy(SCRIPT));
    h.push_str("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>dolgraph explorer</title>\n<style>\n");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str(BODY);
    h.push_str("<script type=\"application/json\" id=\"data\">");
    h.push_str(json);
    h.push_str("</script>\n<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// The page's frame; the script fills it from the data.
const BODY: &str = r#"<header>
<h1>Network explorer</h1>
<p id="facts">This page needs JavaScript to draw the network; the tables of the folder hold the same results.</p>
</header>
<div id="bar">
<label class="search">Search <input type="search" id="q" placeholder="handle or name, then Enter" autocomplete="off" spellcheck="false"></label>
<label>Topic <select id="topic"><option value="">DOL score (every interaction)</option></select></label>
<label>Community <select id="community"><option value="">all</option></select></label>
<label>Persona <select id="persona"><option value="">all</option></select></label>
<label>Minimum score <input type="range" id="min" min="0" max="1000" value="0"> <output id="minval">0</output></label>
<button type="button" id="reset">Fit</button>
</div>
<ul id="suggest" hidden></ul>
<div id="main">
<div id="stage"><canvas id="net" aria-label="network drawing"></canvas><p id="hint">Drag to pan, wheel to zoom, click an account.</p></div>
<aside id="side">
<section id="panel" hidden></section>
<section id="top"><h2 id="toptitle">Top 20</h2><ol id="top20"></ol></section>
<section id="legend"><h2>Communities</h2><ul id="communities"></ul></section>
</aside>
</div>
"#;

/// Communities that share the budget evenly when they do not fit whole:
/// those with a colour of their own in the palette.
const SHARING: usize = super::palette::COMMUNITY_COLORS.len();

/// How many accounts of each community (`sizes` by label, 0 the largest)
/// the page draws, `budget` in all. Largest first, whole while they fit;
/// the first that does not fit gets what is left. But when the `SHARING`
/// largest alone exceed the budget, they share it: each gets
/// `min(size, c)` for the largest `c` that fits (the few accounts left
/// over go one each to the largest cut ones), and no other is drawn.
pub fn quotas(sizes: &[usize], budget: usize) -> Vec<usize> {
    let mut q = vec![0usize; sizes.len()];
    let head = &sizes[..sizes.len().min(SHARING)];
    if head.iter().sum::<usize>() > budget {
        let fits = |c: usize| head.iter().map(|&s| s.min(c)).sum::<usize>() <= budget;
        let (mut lo, mut hi) = (0, budget);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid) { lo = mid } else { hi = mid - 1 }
        }
        for (k, &s) in head.iter().enumerate() {
            q[k] = s.min(lo);
        }
        let mut left = budget - q.iter().sum::<usize>();
        for (k, &s) in head.iter().enumerate() {
            if left > 0 && q[k] < s {
                q[k] += 1;
                left -= 1;
            }
        }
        return q;
    }
    let mut left = budget;
    for (k, &s) in sizes.iter().enumerate() {
        q[k] = s.min(left);
        left -= q[k];
    }
    q
}

/// Rounds to `digits` significant digits (a score on the page needs no
/// more, and the page stays small); the same bits on every run.
fn significant(x: f64, digits: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return 0.0;
    }
    format!("{x:.*e}", digits.saturating_sub(1)).parse().unwrap_or(0.0)
}

/// A position rounded to a hundredth of the layout's unit (the layout
/// spans about twice the square root of the accounts, so a hundredth is
/// far below a pixel at any zoom the page allows).
fn coordinate(v: f32) -> f64 {
    let v = f64::from(v);
    if v.is_finite() { (v * 100.0).round() / 100.0 } else { 0.0 }
}

fn collect(folder: &Folder, positions: &[[f32; 2]], pseudonymized: bool) -> Result<Data> {
    let rows = &folder.accounts;
    // Largest communities first (label 0 is the largest), each one's
    // accounts by DOL score, so a cut community keeps its leaders.
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
        ra.community.cmp(&rb.community).then(rb.dol_score.total_cmp(&ra.dol_score)).then(a.cmp(&b))
    });
    let mut sizes = vec![0usize; rows.iter().map(|r| r.community as usize + 1).max().unwrap_or(0)];
    for r in rows {
        sizes[r.community as usize] += 1;
    }
    let mut left = quotas(&sizes, MAX_ACCOUNTS);
    order.retain(|&a| {
        let q = &mut left[rows[a as usize].community as usize];
        let keep = *q > 0;
        *q = q.saturating_sub(1);
        keep
    });
    let mut page_of: Vec<Option<u32>> = vec![None; rows.len()];
    for (i, &a) in order.iter().enumerate() {
        page_of[a as usize] = Some(i as u32);
    }

    let mut personas: Vec<String> = Vec::new();
    let mut platforms: Vec<String> = Vec::new();
    let index_of = |list: &mut Vec<String>, v: &str| -> u32 {
        match list.iter().position(|p| p == v) {
            Some(i) => i as u32,
            None => {
                list.push(v.to_string());
                list.len() as u32 - 1
            }
        }
    };
    let mut accounts = Accounts::default();
    let mut shown_in: HashMap<u32, usize> = HashMap::new();
    for &a in &order {
        let r = &rows[a as usize];
        accounts.handle.push(r.handle.clone());
        accounts.name.push(r.name.clone());
        accounts.platform.push(index_of(&mut platforms, &r.platform));
        accounts.url.push(r.url.clone());
        accounts.persona.push(index_of(&mut personas, &r.persona));
        accounts.community.push(r.community);
        accounts.score.push(significant(r.dol_score, 4));
        accounts.x.push(coordinate(positions[a as usize][0]));
        accounts.y.push(coordinate(positions[a as usize][1]));
        *shown_in.entry(r.community).or_default() += 1;
    }

    let mut shown_labels: Vec<u32> = shown_in.keys().copied().collect();
    shown_labels.sort_unstable();
    let communities = shown_labels
        .iter()
        .map(|&k| {
            let row = folder.communities.get(k as usize);
            CommunityInfo {
                id: k,
                size: row.map_or(0, |c| c.size),
                shown: shown_in[&k],
                topic: row.map(|c| c.top_topic.clone()).unwrap_or_default(),
                hashtags: row
                    .map(|c| c.hashtags.iter().take(5).cloned().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default(),
                color: hex(whole_graph_color(k)),
            }
        })
        .collect();
    let total_communities = folder.communities.iter().filter(|c| c.size > 0).count();

    let (links, total_links) = links(folder, &page_of);
    let topics = topics(folder, &page_of);
    let evidence = folder.dir.join("evidence.csv");
    let posts = if evidence.is_file() { posts(folder, &page_of, &topics)? } else { Vec::new() };

    Ok(Data {
        pseudonymized,
        left_out: LeftOut {
            accounts: rows.len() - order.len(),
            total_accounts: rows.len(),
            communities: total_communities.saturating_sub(shown_labels.len()),
            cut_communities: shown_labels.iter().filter(|&&k| shown_in[&k] < sizes[k as usize]).count(),
            total_communities,
            links: total_links - links.len() / 3,
            total_links,
        },
        accounts,
        personas,
        platforms,
        communities,
        links,
        topics,
        evidence: evidence.is_file(),
        posts,
        why_ranks: WHY_RANKS,
    })
}

/// The links among drawn accounts, each pair once (both directions and
/// every kind summed, in the file's order), the `MAX_LINKS` heaviest,
/// heaviest first; and how many pairs there were among them.
fn links(folder: &Folder, page_of: &[Option<u32>]) -> (Vec<f64>, usize) {
    let mut pairs: Vec<(u32, u32, f64)> = folder
        .edges
        .iter()
        .filter_map(|&(s, t, w)| {
            let (a, b) = (page_of[s as usize]?, page_of[t as usize]?);
            (a != b && w.is_finite() && w > 0.0).then_some((a.min(b), a.max(b), w))
        })
        .collect();
    // Stable: within a pair the weights add in file order, the same bits
    // on every run.
    pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
    for (a, b, w) in pairs {
        match merged.last_mut() {
            Some(last) if (last.0, last.1) == (a, b) => last.2 += w,
            _ => merged.push((a, b, w)),
        }
    }
    let total = merged.len();
    merged.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    merged.truncate(MAX_LINKS);
    let flat = merged.iter().flat_map(|&(a, b, w)| [f64::from(a), f64::from(b), significant(w, 4)]).collect();
    (flat, total)
}

/// Each topic's rows of the drawn accounts, in topics.csv's order (rank
/// order), topics in the order they first appear.
fn topics(folder: &Folder, page_of: &[Option<u32>]) -> Vec<TopicInfo> {
    let mut topics: Vec<TopicInfo> = Vec::new();
    for row in &folder.topics {
        let i = match topics.iter().position(|t| t.name == row.topic) {
            Some(i) => i,
            None => {
                topics.push(TopicInfo { name: row.topic.clone(), rows: Vec::new() });
                topics.len() - 1
            }
        };
        if let Some(a) = page_of[row.account as usize] {
            let why = if row.rank <= WHY_RANKS { row.why.clone() } else { String::new() };
            topics[i].rows.push((a, row.rank, significant(row.score, 4), why));
        }
    }
    topics
}

/// The drawn accounts' most engaged posts per topic from evidence.csv
/// (its rows come most engaged first), `POSTS` each, texts cut to
/// `POST_CHARS` characters.
fn posts(
    folder: &Folder,
    page_of: &[Option<u32>],
    topics: &[TopicInfo],
) -> Result<Vec<(u32, u32, String, String, String)>> {
    let mut t = Table::open(&folder.dir, "evidence.csv")?;
    let [topic, id, url, engagements, text] = t.columns(["topic", "id", "url", "engagements", "text"])?;
    let index: HashMap<&str, u32> =
        folder.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
    let mut count: HashMap<(u32, u32), usize> = HashMap::new();
    let mut out = Vec::new();
    while let Some(row) = t.next_row()? {
        let account = *index
            .get(row.get(id))
            .ok_or_else(|| t.bad(row.line(), format!("account {} is not in accounts.csv", row.get(id))))?;
        let Some(a) = page_of[account as usize] else { continue };
        let Some(k) = topics.iter().position(|t| t.name == row.get(topic)) else { continue };
        let n = count.entry((a, k as u32)).or_default();
        if *n >= POSTS {
            continue;
        }
        *n += 1;
        let mut body: String = row.get(text).chars().take(POST_CHARS + 1).collect();
        if body.chars().count() > POST_CHARS {
            body = body.chars().take(POST_CHARS - 1).collect::<String>() + "…";
        }
        out.push((a, k as u32, body, row.get(url).to_string(), row.get(engagements).to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_block() {
        let json = serde_json::to_string(&"</script><img src=x onerror=alert(1)> & \u{2028}").expect("json");
        let safe = json_in_html(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&') && !safe.contains('\u{2028}'));
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, "</script><img src=x onerror=alert(1)> & \u{2028}");
    }

    #[test]
    fn the_policy_allows_only_this_script() {
        let p = policy("x");
        assert!(p.starts_with("default-src 'none'; script-src 'sha256-"));
        assert_ne!(policy("y"), p);
        let page = page("{}");
        assert!(page.contains(&policy(SCRIPT)));
        assert_eq!(page.matches("<script").count(), 2, "the data block and the script");
    }

    #[test]
    fn the_budget_goes_to_the_largest_communities() {
        // Whole while they fit, the next cut to what is left.
        let mut want = vec![10; 12];
        want.extend([5, 0]);
        assert_eq!(quotas(&[10; 14], 125), want);
        assert_eq!(quotas(&[5, 3, 1], 20), vec![5, 3, 1]);
        // Fewer than twelve, too large together: they share.
        assert_eq!(quotas(&[500, 300, 200, 100], 900), vec![300, 300, 200, 100]);
        // The largest alone exceed the budget (SNAP Higgs): the twelve
        // share it, the small ones whole, and no other is drawn.
        let mut higgs = vec![27_156, 18_833, 14_227, 13_586, 12_355, 12_186, 8_207, 7_000, 6_000, 5_000, 4_000, 900];
        higgs.extend([800, 700, 1, 1]);
        let q = quotas(&higgs, 20_000);
        assert_eq!(q.iter().sum::<usize>(), 20_000);
        assert_eq!(q[11], 900, "a small one of the twelve is drawn whole");
        assert!(q[..11].iter().all(|&n| (1_736..=1_737).contains(&n)), "{q:?}");
        assert!(q[12..].iter().all(|&n| n == 0));
        assert_eq!(quotas(&[], 10), Vec::<usize>::new());
    }

    #[test]
    fn scores_keep_four_digits() {
        assert_eq!(significant(0.000123456, 4), 0.0001235);
        assert_eq!(significant(45.93, 4), 45.93);
        assert_eq!(significant(f64::NAN, 4), 0.0);
        assert_eq!(coordinate(1.23456), 1.23);
    }
}
