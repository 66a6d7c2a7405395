//! `report.html`: one page an analyst can read, print or mail, drawn only
//! from the files of an output folder (manifest.json, accounts.csv,
//! communities.csv, topics.csv and images/*.svg when present), so the same
//! [`write_report`] redraws it from an existing folder.
//!
//! Self-contained: the CSS is inline, pictures are `data:` URIs inside
//! `<img>` (where an SVG can neither run scripts nor fetch anything), and a
//! Content-Security-Policy forbids every network request, so opening the
//! page never contacts a server. Every value from the files is escaped
//! ([`super::markup::escape`]). Nothing that differs between two runs of
//! the same analysis (timings, the command line) is shown: the page's bytes
//! are the same at any `--threads`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

use super::folder::{Row, Table};
use super::graph_files::{SIZE_COLUMNS, whole_graph_color};
use super::manifest::{InputEntry, Manifest, Period};
use super::markup::escape;
use super::palette::{self, community_color, hex};
use crate::error::{Error, Result};

/// Accounts in the top table.
const TOP_ACCOUNTS: usize = 25;
/// Communities shown as cards (one per palette colour), then listed in a
/// table up to `LISTED_COMMUNITIES`.
const CARDS: usize = palette::COMMUNITY_COLORS.len();
const LISTED_COMMUNITIES: usize = 50;
/// Rows per topic table.
const TOPIC_ROWS: usize = 15;

/// Columns of the top-accounts table after rank, account and community,
/// when accounts.csv has them, with the heading a reader understands.
const ACCOUNT_FIGURES: &[(&str, &str)] =
    &[("dol_score", "DOL score"), ("in_degree", "engaged by (accounts)"), ("posts", "posts")];

/// The network measures, shown in an appendix with what they mean: raw
/// centralities (3.9e-18) say nothing to the page's readers, and
/// accounts.csv keeps every value.
const MEASURES: &[(&str, &str)] = &[
    (
        "pagerank",
        "the share of attention that reaches the account through chains of interactions (PageRank; sums to 1)",
    ),
    ("betweenness", "how often the account lies on the shortest path between two others: a bridge between groups"),
    ("authority", "engaged with by accounts that engage with many authorities (HITS; sums to 1)"),
    ("hub", "engages with many authorities (HITS; sums to 1)"),
    ("coreness", "the largest k such that the account is in a group where everyone interacts with at least k others"),
];

/// Writes `dir/report.html` from the files in `dir`.
pub fn write_report(dir: &Path) -> Result<()> {
    let page = render(dir)?;
    let path = dir.join("report.html");
    fs::write(&path, page).map_err(|source| Error::Write { path, source })
}

/// The page's text.
pub fn render(dir: &Path) -> Result<String> {
    let manifest = Manifest::read(dir)?;
    let accounts = top_accounts(dir)?;
    let communities = read_communities(dir)?;
    let topics = read_topics(dir)?;
    let evidence = read_evidence(dir, &topics)?;
    let papers = read_papers(dir)?;
    let not_on_roster = super::not_on_roster::read(dir)?;
    let mut h = String::with_capacity(1 << 16);
    head(&mut h);
    let tool = format!("{} {}", manifest.tool.name, manifest.tool.version);
    let inputs = manifest.inputs.len();
    let _ = writeln!(
        h,
        "<header><h1>Digital opinion leaders</h1><p class=\"sub\">{} &middot; {} input{}</p></header>",
        escape(&tool),
        inputs,
        if inputs == 1 { "" } else { "s" }
    );
    contents(&mut h, &topics, not_on_roster.is_some(), super::rising::present(dir));
    summary(&mut h, &manifest);
    topics_section(&mut h, &topics, &evidence, &papers);
    not_on_roster_section(&mut h, &manifest, &not_on_roster);
    super::rising::section(&mut h, dir, &manifest, |h, file, caption, alt| picture(h, dir, file, caption, alt))?;
    communities_section(&mut h, dir, &communities);
    top_table(&mut h, &accounts);
    measures(&mut h, &accounts);
    details(&mut h, &manifest_facts(&manifest)?, &manifest.inputs);
    files_section(&mut h, dir)?;
    h.push_str("</main>\n</body>\n</html>\n");
    Ok(h)
}

// ---------------------------------------------------------------- reading

fn read_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Read { path: path.to_path_buf(), source }
}

/// A table read from a CSV file: its header and some of its rows.
struct Sheet {
    header: Vec<String>,
    rows: Vec<Row>,
    /// Rows in the file, kept or not.
    total: usize,
}

impl Sheet {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// A cell as the run computed it (the page escapes for HTML itself).
    fn get<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        row.get_opt(self.col(name))
    }
}

fn open_sheet(dir: &Path, name: &str) -> Result<(Sheet, Table)> {
    let table = Table::open(dir, name)?;
    let header = table.header().map(str::to_string).collect();
    Ok((Sheet { header, rows: Vec::new(), total: 0 }, table))
}

/// The `TOP_ACCOUNTS` accounts with the highest score (the DOL score when
/// accounts.csv has it, PageRank before), ties to the earlier row;
/// streamed, so a large table is never held whole.
fn top_accounts(dir: &Path) -> Result<Sheet> {
    let (mut sheet, mut table) = open_sheet(dir, "accounts.csv")?;
    let by = SIZE_COLUMNS.iter().find_map(|c| sheet.col(c));
    let mut best: Vec<(f64, usize, Row)> = Vec::new();
    let order = |a: &(f64, usize, Row), b: &(f64, usize, Row)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let mut i = 0;
    while let Some(row) = table.next_row()? {
        let score = by.and_then(|c| row.get(c).parse::<f64>().ok()).filter(|v| v.is_finite());
        best.push((score.unwrap_or(f64::NEG_INFINITY), i, row));
        if best.len() >= 4 * TOP_ACCOUNTS {
            best.sort_by(order);
            best.truncate(TOP_ACCOUNTS);
        }
        sheet.total += 1;
        i += 1;
    }
    best.sort_by(order);
    best.truncate(TOP_ACCOUNTS);
    sheet.rows = best.into_iter().map(|(_, _, r)| r).collect();
    Ok(sheet)
}

/// communities.csv as the page shows it.
struct CommunitySheet {
    /// The first `LISTED_COMMUNITIES` rows (the largest) with two accounts
    /// or more.
    sheet: Sheet,
    /// Accounts in the rows not listed.
    rest: u64,
    /// Rows of a single account: not a community to a reader (the
    /// overview's title counts them apart too).
    single: u64,
}

fn read_communities(dir: &Path) -> Result<CommunitySheet> {
    let (mut sheet, mut table) = open_sheet(dir, "communities.csv")?;
    let size = sheet.col("size");
    let (mut rest, mut single) = (0u64, 0u64);
    while let Some(row) = table.next_row()? {
        let members = size.and_then(|c| row.get(c).parse::<u64>().ok());
        single += u64::from(members == Some(1));
        if sheet.rows.len() < LISTED_COMMUNITIES && members.is_none_or(|n| n >= 2) {
            sheet.rows.push(row);
        } else {
            rest += members.unwrap_or(0);
        }
        sheet.total += 1;
    }
    Ok(CommunitySheet { sheet, rest, single })
}

/// topics.csv's header, and each topic's rows.
type Topics = (Sheet, Vec<(String, Vec<Row>)>);

/// topics.csv when the run had topics: each topic's first `TOPIC_ROWS`
/// rows, topics in the order of the file.
fn read_topics(dir: &Path) -> Result<Option<Topics>> {
    if !dir.join("topics.csv").is_file() {
        return Ok(None);
    }
    let (sheet, mut table) = open_sheet(dir, "topics.csv")?;
    let topic = sheet.col("topic");
    let mut topics: Vec<(String, Vec<Row>)> = Vec::new();
    while let Some(row) = table.next_row()? {
        let name = row.get_opt(topic);
        match topics.iter_mut().find(|(t, _)| t == name) {
            Some((_, rows)) if rows.len() < TOPIC_ROWS => rows.push(row),
            Some(_) => {}
            None => topics.push((name.to_string(), vec![row])),
        }
    }
    Ok(Some((sheet, topics)))
}

/// The most engaged post of each (topic, account id) the page lists, from
/// evidence.csv (whose rows come most engaged first): its text, link and
/// engagements.
type TopPosts = HashMap<(String, String), (String, String, String)>;

fn read_evidence(dir: &Path, topics: &Option<Topics>) -> Result<TopPosts> {
    let mut top = TopPosts::new();
    let Some((ts, topics)) = topics else { return Ok(top) };
    if !dir.join("evidence.csv").is_file() {
        return Ok(top);
    }
    let listed: std::collections::HashSet<(&str, &str)> =
        topics.iter().flat_map(|(t, rows)| rows.iter().map(move |r| (t.as_str(), ts.get(r, "id")))).collect();
    let (sheet, mut table) = open_sheet(dir, "evidence.csv")?;
    while let Some(row) = table.next_row()? {
        let key = (sheet.get(&row, "topic"), sheet.get(&row, "id"));
        if listed.contains(&key) && !top.contains_key(&(key.0.to_string(), key.1.to_string())) {
            let post = (
                sheet.get(&row, "text").to_string(),
                sheet.get(&row, "url").to_string(),
                sheet.get(&row, "engagements").to_string(),
            );
            top.insert((key.0.to_string(), key.1.to_string()), post);
        }
    }
    Ok(top)
}

/// Papers listed per topic.
const TOP_PAPERS: usize = 5;

/// One paper of links.csv: link, kind, its posts on the topic, sharers
/// (over every topic), top sharers.
type Paper = [String; 5];

/// Each topic's most shared papers (DOIs, PubMed, PMC, trials, preprints)
/// from links.csv: most posts on the topic first, then as links.csv
/// orders them (most sharers first); streamed, keeping the best few.
fn read_papers(dir: &Path) -> Result<HashMap<String, Vec<Paper>>> {
    let mut papers: HashMap<String, Vec<(u64, usize, Paper)>> = HashMap::new();
    if dir.join("links.csv").is_file() {
        let (sheet, mut table) = open_sheet(dir, "links.csv")?;
        let mut n = 0usize;
        while let Some(row) = table.next_row()? {
            n += 1;
            if matches!(sheet.get(&row, "kind"), "url" | "") {
                continue;
            }
            // `rwe (15); vaccines (2)`: each topic with its posts.
            for part in sheet.get(&row, "topics").split("; ") {
                let Some((topic, posts)) = part.strip_suffix(')').and_then(|p| p.rsplit_once(" (")) else { continue };
                let posts: u64 = posts.parse().unwrap_or(0);
                let cell = |c: &str| sheet.get(&row, c).to_string();
                let paper = [cell("link"), cell("kind"), posts.to_string(), cell("sharers"), cell("top_sharers")];
                let list = papers.entry(topic.to_string()).or_default();
                list.push((posts, n, paper));
                if list.len() > 4 * TOP_PAPERS {
                    list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    list.truncate(TOP_PAPERS);
                }
            }
        }
    }
    Ok(papers
        .into_iter()
        .map(|(topic, mut list)| {
            list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            (topic, list.into_iter().take(TOP_PAPERS).map(|(_, _, p)| p).collect())
        })
        .collect())
}

// ---------------------------------------------------------------- values

/// A JSON scalar as text (strings without quotes); empty for anything else.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        _ => String::new(),
    }
}

/// An integer with thin separators between thousands: 1 234 567.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 8);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str("&#8201;");
        }
        out.push(c);
    }
    out
}

/// A JSON number for reading: integers grouped, fractions to four
/// significant digits.
fn figure(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_u64() {
            Some(u) => grouped(u),
            None => n.as_f64().map_or_else(|| escape(&n.to_string()).into_owned(), short),
        },
        other => escape(&text(other)).into_owned(),
    }
}

/// A table cell's number for reading; text stays as it is.
fn cell(v: &str) -> String {
    if let Ok(u) = v.parse::<u64>() {
        return grouped(u);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() && v.bytes().any(|b| b == b'.' || b == b'e') => short(f),
        _ => escape(v).into_owned(),
    }
}

/// Four significant digits at most (no trailing zeros), never an
/// exponent: 0.0000123, not 1.23e-5.
fn short(f: f64) -> String {
    if f.abs() >= 1000.0 {
        return format!("{f:.0}");
    }
    let mut s = String::new();
    super::tables::write_short(&mut s, f);
    s
}

/// An account as a reader names it: the display name in bold, and the
/// handle (never broken across lines) linked to the profile page where the
/// folder has one. Without a handle, the id.
///
/// A roster person's row lists several handles and links (space-separated,
/// in the same order when every account has a link): each is shown.
fn account(h: &mut String, handle: &str, name: &str, url: &str, id: &str) {
    if !name.is_empty() {
        let _ = write!(h, "<b>{}</b> ", escape(name));
    }
    let handles: Vec<&str> = if handle.is_empty() { vec![id] } else { handle.split(' ').collect() };
    let urls: Vec<&str> = url.split(' ').collect();
    for (i, one) in handles.iter().enumerate() {
        let label = if handle.is_empty() { one.to_string() } else { format!("@{one}") };
        let url = if urls.len() == handles.len() { urls[i] } else { "" };
        if i > 0 {
            h.push(' ');
        }
        if url.starts_with("https://") {
            let _ =
                write!(h, "<a class=\"h\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>", escape(url), escape(&label));
        } else {
            let _ = write!(h, "<span class=\"h\">{}</span>", escape(&label));
        }
    }
}

fn swatch(h: &mut String, community: &str) {
    let color = community.parse::<u32>().map_or(palette::OTHER, whole_graph_color);
    let _ = write!(h, "<span class=\"sw\" style=\"background:{}\"></span>{}", hex(color), escape(community));
}

// ---------------------------------------------------------------- sections

fn head(h: &mut String) {
    h.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>dolgraph report</title>\n<style>\n",
    );
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");
}

const CSS: &str = "\
:root { --ink: #1d2430; --muted: #5b6575; --rule: #d9dde3; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 20px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 18px 0 8px; }
.sub, .note { color: var(--muted); margin: 4px 0 12px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.tile { background: var(--band); border-radius: 6px; padding: 10px 12px; }
.tile b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
.tile span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 14px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top;
  unicode-bidi: isolate; overflow-wrap: anywhere; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid rgba(0,0,0,.15); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--rule); border-top: 5px solid var(--c); border-radius: 6px; padding: 10px 14px; }
.card h3 { margin: 2px 0 6px; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; font-size: 13.5px; }
.card dt { color: var(--muted); }
.card dd { margin: 0; unicode-bidi: isolate; overflow-wrap: anywhere; }
figure { margin: 10px 0 16px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.facts-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 0 28px; }
table.facts { width: 100%; }
code { font-size: 12.5px; white-space: nowrap; }
.h { white-space: nowrap; overflow-wrap: normal; }
a.h { color: #1a56a8; text-decoration: none; }
a.h:hover { text-decoration: underline; }
nav.toc { background: var(--band); border-radius: 6px; padding: 8px 16px; margin: 0 0 8px; font-size: 14px; }
nav.toc ol { margin: 4px 0; padding-left: 20px; columns: 2; }
nav.toc a { color: var(--ink); }
.persona { border-bottom: 1px dotted var(--muted); cursor: help; }
td.k { white-space: nowrap; overflow-wrap: normal; }
.tag { font-size: 11.5px; color: #1f6b3a; background: #e3f3e8; border-radius: 3px; padding: 0 5px; white-space: nowrap; }
td.why { color: var(--muted); font-size: 13px; }
div.post { color: var(--ink); font-size: 13px; margin-top: 4px; max-width: 46em; }
div.post span { color: var(--muted); white-space: nowrap; }
.zoom { display: none; }
.zoom + label img { cursor: zoom-in; }
.zoom:checked + label { position: fixed; inset: 0; z-index: 10; background: rgba(255,255,255,.97);
  display: flex; align-items: center; justify-content: center; padding: 12px; cursor: zoom-out; }
.zoom:checked + label img { max-width: 100%; max-height: 100%; width: auto; height: auto; cursor: zoom-out; }
dl.measures { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13.5px; }
dl.measures dt { font-weight: 600; }
dl.measures dd { margin: 0; color: var(--muted); }
ul.files { columns: 3; font-size: 13.5px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .card, figure, table, .tile { break-inside: avoid; }
  nav.toc { display: none; }
  tbody tr:nth-child(even) { background: none; }
}
";

fn tile(h: &mut String, value: String, label: &str) {
    let _ = write!(h, "<div class=\"tile\"><b>{value}</b><span>{}</span></div>", escape(label));
}

fn summary(h: &mut String, m: &Manifest) {
    let r = &m.totals.records;
    h.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    // The period first: a reader must know which dates the answer covers.
    if let Some(Period { first, last }) = &m.period {
        let day = |t: &str| t.get(..10).unwrap_or(t).to_string();
        let _ = writeln!(
            h,
            "<p>Posts and interactions from <b>{}</b> to <b>{}</b> (UTC; first <code>{}</code>, last <code>{}</code>).</p>",
            escape(&day(first)),
            escape(&day(last)),
            escape(first),
            escape(last)
        );
    }
    h.push_str("<div class=\"tiles\">");
    tile(h, grouped(r.read), "records read");
    tile(h, grouped(r.used), "records used");
    tile(h, grouped(r.rejected), "rejected (rejects.jsonl)");
    tile(h, grouped(m.graph.accounts as u64), "accounts");
    tile(h, grouped(m.graph.edges as u64), "interactions (edges.csv rows)");
    tile(h, grouped(m.communities.count as u64), "communities");
    tile(h, short(m.communities.modularity), "modularity");
    h.push_str("</div>\n");
    h.push_str("<h3>Inputs</h3>\n<table><thead><tr><th>file</th><th>format</th><th class=\"n\">bytes</th>");
    h.push_str("<th class=\"n\">read</th><th class=\"n\">used</th><th class=\"n\">rejected</th>");
    h.push_str("<th class=\"n\">duplicates</th><th class=\"n\">skipped</th><th>SHA-256</th></tr></thead><tbody>\n");
    for input in &m.inputs {
        let r = &input.records;
        let sha = &input.sha256;
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}{}</td><td class=\"n\">{}</td>",
            escape(&input.path),
            escape(&input.format),
            if input.gzip { " (gzip)" } else { "" },
            grouped(input.bytes),
        );
        for n in [r.read, r.used, r.rejected, r.duplicates, r.skipped] {
            let _ = write!(h, "<td class=\"n\">{}</td>", grouped(n));
        }
        let _ = writeln!(
            h,
            "<td><code title=\"{}\">{}&hellip;</code></td></tr>",
            escape(sha),
            escape(sha.get(..12).unwrap_or(sha))
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// An SVG of images/ as a figure, when the file is there. A click shows it
/// filling the window (a checkbox and CSS: the page runs no script), so a
/// picture in a card can be read in full.
fn picture(h: &mut String, dir: &Path, file: &str, caption: &str, alt: &str) {
    let Ok(svg) = fs::read(dir.join("images").join(file)) else {
        return;
    };
    let id = format!("zoom-{}", file.trim_end_matches(".svg"));
    let _ = writeln!(
        h,
        "<figure><input type=\"checkbox\" class=\"zoom\" id=\"{id}\"><label for=\"{id}\" title=\"click to enlarge\"><img alt=\"{}\" src=\"data:image/svg+xml;base64,{}\"></label><figcaption>{} (images/{}; click to enlarge)</figcaption></figure>",
        escape(alt),
        base64::engine::general_purpose::STANDARD.encode(svg),
        escape(caption),
        escape(file)
    );
}

/// The anchor of the section "Leading, not on the roster".
const ROSTER_ANCHOR: &str = "not-on-roster";

/// Each topic's leaders that are not on the team's roster: who to get to
/// know. Present when the run had `--roster`.
fn not_on_roster_section(h: &mut String, m: &Manifest, found: &Option<super::not_on_roster::Leading>) {
    let Some((header, topics)) = found else {
        return;
    };
    let s = Sheet { header: header.clone(), rows: Vec::new(), total: 0 };
    // Blank where the manifest has no roster (a hand-made folder).
    let r = m.roster.as_ref();
    let n = |f: fn(&super::manifest::RosterEntry) -> usize| r.map(|r| f(r).to_string()).unwrap_or_default();
    let _ = write!(
        h,
        "<section id=\"{ROSTER_ANCHOR}\">\n<h2>{}</h2>\n<p class=\"note\">Each topic's strongest opinion leaders \
         that are not on your roster ({}: {} of its {} persons found in the posts, {} of {} accounts): the people \
         leading the conversation whom the list does not know yet. Your roster's persons are in roster.csv, \
         with their rank on every topic.</p>\n",
        super::not_on_roster::TITLE,
        escape(r.map_or("", |r| r.path.as_str())),
        n(|r| r.persons_found),
        n(|r| r.persons),
        n(|r| r.accounts_found),
        n(|r| r.accounts_listed),
    );
    for (topic, rows) in topics {
        let _ = writeln!(h, "<h3>{}</h3>", escape(topic));
        if rows.is_empty() {
            h.push_str("<p class=\"note\">Every ranked leader of this topic is on the roster.</p>\n");
            continue;
        }
        h.push_str(
            "<table><thead><tr><th class=\"n\">rank</th><th>opinion leader</th><th>platform</th><th>persona</th><th class=\"n\">score</th><th>why</th><th>community</th></tr></thead><tbody>\n",
        );
        for row in rows {
            leader_row(h, &s, row, None);
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");
}

/// The anchor of a topic's section.
fn topic_anchor(i: usize) -> String {
    format!("topic-{}", i + 1)
}

fn contents(h: &mut String, topics: &Option<Topics>, roster: bool, movers: bool) {
    h.push_str(
        "<nav class=\"toc\"><b>Contents</b><ol>\n<li><a href=\"#summary\">Summary: what was read, and when</a></li>\n",
    );
    if let Some((_, topics)) = topics {
        h.push_str("<li><a href=\"#topics\">Opinion leaders by topic</a>");
        if !topics.is_empty() {
            h.push_str(": ");
            for (i, (topic, _)) in topics.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let _ = write!(h, "{sep}<a href=\"#{}\">{}</a>", topic_anchor(i), escape(topic));
            }
        }
        h.push_str("</li>\n");
    }
    if roster {
        let _ = writeln!(h, "<li><a href=\"#{ROSTER_ANCHOR}\">{}</a></li>", super::not_on_roster::TITLE);
    }
    if movers {
        let _ = writeln!(h, "<li><a href=\"#{}\">Rising and fading</a></li>", super::rising::ANCHOR);
    }
    h.push_str(
        "<li><a href=\"#communities\">Communities</a></li>\n<li><a href=\"#accounts\">Top accounts</a></li>\n\
         <li><a href=\"#measures\">Network measures (appendix)</a></li>\n<li><a href=\"#details\">How the numbers were made</a></li>\n\
         <li><a href=\"#files\">Files in this folder</a></li>\n</ol></nav>\n",
    );
}

/// A persona, with the rule that decided it on hover.
fn persona(h: &mut String, persona: &str, rule: &str) {
    if rule.is_empty() {
        let _ = write!(h, "{}", escape(persona));
    } else {
        let _ = write!(h, "<span class=\"persona\" title=\"{}\">{}</span>", escape(rule), escape(persona));
    }
}

fn top_table(h: &mut String, s: &Sheet) {
    let by = SIZE_COLUMNS.iter().find(|c| s.col(c).is_some()).copied().unwrap_or("pagerank");
    let figures: Vec<(&str, &str)> = ACCOUNT_FIGURES.iter().copied().filter(|(c, _)| s.col(c).is_some()).collect();
    let _ = write!(
        h,
        "<section id=\"accounts\">\n<h2>Top accounts</h2>\n<p class=\"note\">The {} of {} accounts with the highest {} over every topic; every account is in accounts.csv and dolgraph.xlsx.</p>\n",
        s.rows.len(),
        grouped(s.total as u64),
        escape(if by == "dol_score" { "DOL score" } else { by })
    );
    h.push_str("<table><thead><tr><th class=\"n\">#</th><th>account</th><th>community</th><th>persona</th>");
    for (_, title) in &figures {
        let _ = write!(h, "<th class=\"n\">{}</th>", escape(title));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, row) in s.rows.iter().enumerate() {
        let _ = write!(h, "<tr><td class=\"n\">{}</td><td>", i + 1);
        account(h, s.get(row, "handle"), s.get(row, "name"), s.get(row, "url"), s.get(row, "id"));
        h.push_str("</td><td>");
        swatch(h, s.get(row, "community"));
        h.push_str("</td><td class=\"k\">");
        persona(h, s.get(row, "persona"), s.get(row, "persona_rule"));
        h.push_str("</td>");
        for (f, _) in &figures {
            let _ = write!(h, "<td class=\"n\">{}</td>", cell(s.get(row, f)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// The appendix: the network measures of the top accounts, with what each
/// means.
fn measures(h: &mut String, s: &Sheet) {
    let shown: Vec<(&str, &str)> = MEASURES.iter().copied().filter(|(c, _)| s.col(c).is_some()).collect();
    h.push_str("<section id=\"measures\">\n<h2>Network measures (appendix)</h2>\n<dl class=\"measures\">");
    for (name, meaning) in &shown {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", escape(name), escape(meaning));
    }
    h.push_str("</dl>\n<table><thead><tr><th class=\"n\">#</th><th>account</th>");
    for (name, _) in &shown {
        let _ = write!(h, "<th class=\"n\">{}</th>", escape(name));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, row) in s.rows.iter().enumerate() {
        let _ = write!(h, "<tr><td class=\"n\">{}</td><td>", i + 1);
        account(h, s.get(row, "handle"), "", s.get(row, "url"), s.get(row, "id"));
        h.push_str("</td>");
        for (name, _) in &shown {
            let _ = write!(h, "<td class=\"n\">{}</td>", cell(s.get(row, name)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// Characters of a post shown in the report (the whole text is in evidence.csv).
const POST_CHARS: usize = 140;

/// The top post of a listed account: an excerpt linked to the post, and
/// how many engaged with it. Nothing without a text (none on the topic,
/// or dropped by --pseudonymize).
fn top_post(h: &mut String, post: Option<&(String, String, String)>) {
    let Some((text, url, engagements)) = post.filter(|p| !p.0.is_empty()) else { return };
    let excerpt: String = match text.char_indices().nth(POST_CHARS) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.clone(),
    };
    let excerpt = escape(&excerpt);
    // Empty: the input names no post that others answer (engagement unknown).
    let count = match engagements.parse::<u64>() {
        Ok(n) => format!("{} engagement{}", grouped(n), if n == 1 { "" } else { "s" }),
        Err(_) => String::new(),
    };
    if url.starts_with("https://") {
        let _ = write!(
            h,
            "<div class=\"post\">&ldquo;<a href=\"{}\" rel=\"noopener noreferrer\">{excerpt}</a>&rdquo; <span>{count}</span></div>",
            escape(url)
        );
    } else {
        let _ = write!(h, "<div class=\"post\">&ldquo;{excerpt}&rdquo; <span>{count}</span></div>");
    }
}

/// One row of topics.csv as a leader of the topic: rank, account (tagged
/// when on the roster), platform, persona, score, why with the most
/// engaged `post` when there is one, community. The topic tables and the
/// "not on the roster" tables show leaders alike.
fn leader_row(h: &mut String, s: &Sheet, row: &Row, post: Option<&(String, String, String)>) {
    let _ = write!(h, "<tr><td class=\"n\">{}</td><td>", cell(s.get(row, "rank")));
    account(h, s.get(row, "handle"), s.get(row, "name"), s.get(row, "url"), s.get(row, "id"));
    if s.get(row, "on_roster") == "true" {
        let _ =
            write!(h, " <span class=\"tag\" title=\"roster person {}\">on roster</span>", escape(s.get(row, "person")));
    }
    let _ = write!(h, "</td><td class=\"k\">{}</td><td class=\"k\">", escape(s.get(row, "platform")));
    persona(h, s.get(row, "persona"), s.get(row, "persona_rule"));
    let _ = write!(
        h,
        "</td><td class=\"n\">{}</td><td class=\"why\">{}",
        cell(s.get(row, "score")),
        escape(s.get(row, "why"))
    );
    top_post(h, post);
    h.push_str("</td><td>");
    swatch(h, s.get(row, "community"));
    h.push_str("</td></tr>\n");
}

fn topics_section(h: &mut String, topics: &Option<Topics>, evidence: &TopPosts, papers: &HashMap<String, Vec<Paper>>) {
    let Some((s, topics)) = topics else {
        return;
    };
    h.push_str("<section id=\"topics\">\n<h2>Opinion leaders by topic</h2>\n");
    h.push_str(
        "<p class=\"note\">Each topic's digital opinion leaders, strongest first: the accounts others engage with on \
         the topic, weighted by how much those engagers are engaged with themselves, and by how much the leader \
         posts on the topic. The whole list is topics.csv (and the Topics sheet of dolgraph.xlsx).</p>\n",
    );
    if topics.is_empty() {
        h.push_str("<p class=\"note\">topics.csv has no rows: no account engaged with on the topics.</p>\n");
    }
    for (i, (topic, rows)) in topics.iter().enumerate() {
        let _ = write!(
            h,
            "<h3 id=\"{}\">{}</h3>\n<table><thead><tr><th class=\"n\">rank</th><th>opinion leader</th><th>platform</th><th>persona</th><th class=\"n\">score</th><th>why, and the most engaged post</th><th>community</th></tr></thead><tbody>\n",
            topic_anchor(i),
            escape(topic)
        );
        for row in rows {
            leader_row(h, s, row, evidence.get(&(topic.clone(), s.get(row, "id").to_string())));
        }
        h.push_str("</tbody></table>\n");
        papers_table(h, topic, papers.get(topic));
    }
    h.push_str("</section>\n");
}

/// A topic's most shared papers, from links.csv.
fn papers_table(h: &mut String, topic: &str, papers: Option<&Vec<Paper>>) {
    let Some(papers) = papers.filter(|p| !p.is_empty()) else { return };
    let _ = write!(
        h,
        "<h4>Most shared papers on {}</h4>\n<table><thead><tr><th>paper or trial</th><th>kind</th><th class=\"n\">posts on the topic</th><th class=\"n\">sharers (all topics)</th><th>top sharers</th></tr></thead><tbody>\n",
        escape(topic)
    );
    for [link, kind, posts, sharers, top] in papers {
        // `NCT09100101`, `PMID 99100101`, `doi:10.5555/x`: the ids people cite.
        let kind_of = crate::link::LinkKind::from_name(kind).unwrap_or(crate::link::LinkKind::Url);
        let shown = crate::link::label(&crate::link::key_of_url(link, kind_of));
        let _ = writeln!(
            h,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"k\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(link),
            escape(&shown),
            escape(kind),
            escape(posts),
            escape(sharers),
            escape(top)
        );
    }
    h.push_str("</tbody></table>\n<p class=\"note\">Papers, preprints and trials the posts on the topic linked, most posts first; every link is in links.csv.</p>\n");
}

fn communities_section(h: &mut String, dir: &Path, c: &CommunitySheet) {
    let (s, rest) = (&c.sheet, &c.rest);
    let singles = match c.single {
        0 => String::new(),
        1 => " and 1 single account".to_string(),
        n => format!(" and {} single accounts", grouped(n)),
    };
    let _ = write!(
        h,
        "<section id=\"communities\">\n<h2>Communities</h2>\n<p class=\"note\">{} communities of two or more accounts (Leiden){singles}, largest first: groups of accounts that interact more with one another than with the rest; the colour of each is the same in the pictures and in graph.gexf.</p>\n",
        grouped(s.total as u64 - c.single)
    );
    picture(h, dir, "overview.svg", "Communities of the interaction graph", "overview");
    h.push_str("<div class=\"cards\">\n");
    for row in s.rows.iter().take(CARDS) {
        let k = s.get(row, "community");
        let color = k.parse::<u32>().map_or(palette::OTHER, community_color);
        let _ = write!(
            h,
            "<article class=\"card\" style=\"--c:{}\"><h3>Community {}{}</h3><dl><dt>accounts</dt><dd>{}</dd><dt>modularity share</dt><dd>{}</dd><dt>top accounts</dt><dd>{}</dd><dt>top hashtags</dt><dd>{}</dd></dl>",
            hex(color),
            escape(k),
            match s.get(row, "name") {
                "" => String::new(),
                name => format!(": {}", escape(name)),
            },
            cell(s.get(row, "size")),
            cell(s.get(row, "modularity_share")),
            escape(s.get(row, "top_handles")),
            hashtags(s.get(row, "top_hashtags")),
        );
        picture(h, dir, &format!("community-{k}.svg"), &format!("Community {k}"), &format!("community {k}"));
        h.push_str("</article>\n");
    }
    h.push_str("</div>\n");
    if s.rows.len() > CARDS {
        h.push_str("<h3>Smaller communities</h3>\n<table><thead><tr><th>community</th><th class=\"n\">accounts</th><th class=\"n\">modularity share</th><th>top accounts</th><th>top hashtags</th></tr></thead><tbody>\n");
        for row in &s.rows[CARDS..] {
            h.push_str("<tr><td>");
            swatch(h, s.get(row, "community"));
            let _ = writeln!(
                h,
                "</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                cell(s.get(row, "size")),
                cell(s.get(row, "modularity_share")),
                escape(s.get(row, "top_handles")),
                hashtags(s.get(row, "top_hashtags"))
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if s.total > s.rows.len() {
        let _ = writeln!(
            h,
            "<p class=\"note\">And {} smaller communities with {} accounts in all, most of them one account that nobody engaged with (communities.csv lists every one).</p>",
            grouped((s.total - s.rows.len()) as u64),
            grouped(*rest)
        );
    }
    h.push_str("</section>\n");
}

/// Space-separated hashtags shown with their `#`; a dash for none (edge
/// lists have no hashtags).
fn hashtags(list: &str) -> String {
    if list.trim().is_empty() {
        return "&ndash;".into();
    }
    list.split_whitespace().map(|t| format!("#{}", escape(t))).collect::<Vec<_>>().join(" ")
}

/// Scalars of a JSON object as `dotted.key -> value`, nested objects
/// flattened, in the manifest's order of keys (serde_json sorts them).
fn facts(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                facts(&key, v, out);
            }
        }
        Value::Array(_) | Value::Null => {}
        scalar => out.push((prefix.to_string(), figure(scalar))),
    }
}

fn fact_table(h: &mut String, title: &str, rows: &[(String, String)]) {
    if rows.is_empty() {
        return;
    }
    let _ = write!(h, "<div><h3>{}</h3>\n<table class=\"facts\"><tbody>\n", escape(title));
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{}</th><td class=\"n\">{v}</td></tr>", escape(k));
    }
    h.push_str("</tbody></table></div>\n");
}

/// The Counts table's rows, in reading order and in words. Under their
/// manifest keys, `interactions 0` (edge-list rows, which a run of posts
/// has none of) sat beside `graph.edges 1 749` as if they counted the same
/// thing. Keys not listed keep their name and come last.
const COUNTS: &[(&str, &str)] = &[
    ("records.read", "records read"),
    ("records.used", "records used"),
    ("records.duplicates", "duplicates"),
    ("records.skipped", "skipped (not posts)"),
    ("records.rejected", "rejected (rejects.jsonl)"),
    ("posts", "posts used"),
    ("interactions", "edge-list rows used"),
    ("self_interactions", "self-interactions left out"),
    ("unresolved_references", "unresolved references"),
    ("graph.accounts", "accounts"),
    ("graph.edges", "edges (edges.csv rows)"),
    ("graph.links", "linked account pairs"),
];

fn counts_in_words(rows: Vec<(String, String)>) -> Vec<(String, String)> {
    let place = |key: &str| COUNTS.iter().position(|(k, _)| *k == key).unwrap_or(COUNTS.len());
    let mut rows: Vec<(usize, String, String)> = rows
        .into_iter()
        .map(|(k, v)| {
            let at = place(&k);
            (at, COUNTS.get(at).map_or(k, |(_, label)| label.to_string()), v)
        })
        .collect();
    rows.sort_by_key(|(at, _, _)| *at);
    rows.into_iter().map(|(_, k, v)| (k, v)).collect()
}

/// The manifest as a JSON tree, for the fact tables that list every
/// number of a part (settings, convergence) without naming each.
fn manifest_facts(m: &Manifest) -> Result<Value> {
    serde_json::to_value(m).map_err(|e| Error::Input {
        path: PathBuf::from(super::output::MANIFEST),
        reason: format!("cannot list the manifest's facts: {e}"),
    })
}

/// `m` is the manifest as a JSON tree ([`manifest_facts`]), `inputs` its
/// inputs.
fn details(h: &mut String, m: &Value, inputs: &[InputEntry]) {
    h.push_str("<section id=\"details\">\n<h2>How the numbers were made</h2>\n");
    h.push_str("<p class=\"note\">From manifest.json, which also holds the stage timings and the command line.</p>\n");
    h.push_str("<div class=\"facts-grid\">\n");
    let mut totals = Vec::new();
    facts("", &m["totals"], &mut totals);
    facts("graph", &m["graph"], &mut totals);
    fact_table(h, "Counts", &counts_in_words(totals));
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    let mut skipped: BTreeMap<String, u64> = BTreeMap::new();
    for input in inputs {
        for (into, from) in [(&mut reasons, &input.rejected_by_reason), (&mut skipped, &input.skipped_by_reason)] {
            for (reason, n) in from {
                *into.entry(reason.clone()).or_default() += n;
            }
        }
    }
    let listed = |map: BTreeMap<String, u64>| -> Vec<(String, String)> {
        map.into_iter().map(|(k, n)| (k, grouped(n))).collect()
    };
    fact_table(h, "Rejected records by reason", &listed(reasons));
    fact_table(h, "Skipped records by reason", &listed(skipped));
    let mut settings = Vec::new();
    facts("", &m["settings"], &mut settings);
    fact_table(h, "Settings", &settings);
    for (key, title) in [
        ("pagerank", "PageRank"),
        ("hits", "HITS (authority, hub)"),
        ("betweenness", "Betweenness"),
        ("communities", "Communities (Leiden)"),
    ] {
        let mut rows = Vec::new();
        facts("", &m[key], &mut rows);
        if key == "communities" {
            // The manifest's count is every label, single accounts too; the
            // page's other counts put them apart.
            for (k, _) in &mut rows {
                match k.as_str() {
                    "count" => *k = "count (single accounts included)".into(),
                    "isolated" => *k = "accounts with no interaction".into(),
                    _ => {}
                }
            }
        }
        fact_table(h, title, &rows);
    }
    h.push_str("</div>\n</section>\n");
}

/// The folder's files, for the reader who wants more than this page.
fn files_section(h: &mut String, dir: &Path) -> Result<()> {
    let mut names: Vec<String> = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "report.html" {
            continue;
        }
        if entry.file_type().map_err(read_err(dir))?.is_dir() {
            let mut inner: Vec<String> = fs::read_dir(entry.path())
                .map_err(read_err(dir))?
                .filter_map(|e| e.ok())
                .map(|e| format!("{name}/{}", e.file_name().to_string_lossy()))
                .collect();
            names.append(&mut inner);
        } else {
            names.push(name);
        }
    }
    names.sort();
    h.push_str("<section id=\"files\">\n<h2>Files in this folder</h2>\n<ul class=\"files\">");
    for n in names {
        let _ = write!(h, "<li><code>{}</code></li>", escape(&n));
    }
    h.push_str("</ul>\n</section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(1234567), "1&#8201;234&#8201;567");
        assert_eq!(grouped(999), "999");
        assert_eq!(short(0.123456), "0.1235");
        assert_eq!(short(12.3456), "12.35");
        assert_eq!(short(0.79), "0.79");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(0.0000123), "0.0000123");
        assert_eq!(short(3.9e-18), "0.0000000000000000039");
        assert_eq!(cell("0.5"), "0.5");
        assert_eq!(cell("75.5"), "75.5");
        assert_eq!(cell("12"), "12");
        assert_eq!(cell("<b>"), "&lt;b&gt;");
    }

    #[test]
    fn counts_are_named_in_words() {
        let m: Value = serde_json::json!({
            "totals": {"records": {"read": 3100, "used": 3000}, "posts": 3000, "interactions": 0},
            "graph": {"accounts": 754, "edges": 1749, "links": 1504},
        });
        let mut h = String::new();
        details(&mut h, &m, &[]);
        let row = |label: &str, n: &str| format!("<tr><th>{label}</th><td class=\"n\">{n}</td></tr>");
        let at = |label: &str, n: &str| h.find(&row(label, n)).unwrap_or_else(|| panic!("{label}: {h}"));
        assert!(at("records read", "3&#8201;100") < at("records used", "3&#8201;000"), "reading order: {h}");
        assert!(at("edge-list rows used", "0") < at("edges (edges.csv rows)", "1&#8201;749"), "{h}");
        assert!(!h.contains("graph.edges") && !h.contains("<th>interactions</th>"), "{h}");
    }

    #[test]
    fn hashtags_are_escaped() {
        assert_eq!(hashtags("rwe <x>"), "#rwe #&lt;x&gt;");
        assert_eq!(hashtags(""), "&ndash;");
    }
}
