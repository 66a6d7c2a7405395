//! `accounts.csv` and `edges.csv`, columns in the order of the output
//! contract (design.md). Rows are ordered by account id (first seen in the
//! input), edges by (source, target, kind). Floats are written in their
//! shortest round-trip form, so equal values give equal bytes, except the
//! scores of topics.csv and communities.csv, which people read: 4
//! significant digits there.

use std::io::Write;

use super::Results;
use super::escape::csv_text;
use crate::time::write_time;

pub const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "handle",
    "name",
    "posts",
    "in_degree",
    "out_degree",
    "in_weight",
    "out_weight",
    "pagerank",
    "betweenness",
    "authority",
    "hub",
    "coreness",
    "community",
    "dol_score",
];

/// The last columns of accounts.csv: reported engagement and languages.
pub const ENGAGEMENT_COLUMNS: [&str; 6] =
    ["likes_received", "reposts_reported", "replies_reported", "impressions", "median_engagement", "languages"];

/// topics.csv, per the output contract; `persona` added after it.
pub const TOPIC_COLUMNS: &[&str] = &[
    "topic",
    "rank",
    "id",
    "handle",
    "score",
    "affinity",
    "on_topic_posts",
    "engagement_in",
    "community",
    "why",
    "persona",
    "name",
    "platform",
    "url",
    "followers",
    "persona_rule",
];

/// Added to topics.csv after [`TOPIC_COLUMNS`] with `--roster`.
pub const TOPIC_ROSTER_COLUMNS: &[&str] = &["person", "on_roster"];

/// roster.csv: these, then `handles`, `platforms`, `candidates`, then the
/// roster's carried columns.
pub const ROSTER_COLUMNS: &[&str] =
    &["person", "name", "found_accounts", "topic", "rank", "score", "handles", "platforms", "candidates"];

/// Candidates listed per name-only person.
pub const CANDIDATES: usize = 5;

pub const COMMUNITY_COLUMNS: &[&str] =
    &["community", "size", "modularity_share", "top_handles", "top_hashtags", "name", "top_topic"];

/// Accounts and hashtags named per community in communities.csv.
const TOP: usize = 5;

pub const EVIDENCE_COLUMNS: &[&str] =
    &["topic", "rank", "id", "handle", "post_id", "url", "created_at", "engagements", "text"];

pub const EDGE_COLUMNS: &[&str] = &["source", "target", "kind", "count", "weight", "first_at", "last_at"];

/// Writes one CSV row from fields formatted into a reused buffer: no
/// allocation per field (the tables of a large graph have millions).
pub(super) struct Rows<W: Write> {
    out: csv::Writer<W>,
    buf: String,
    ends: Vec<usize>,
}

impl<W: Write> Rows<W> {
    pub(super) fn new(w: W, header: &[&str]) -> csv::Result<Self> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(header)?;
        Ok(Rows { out, buf: String::with_capacity(256), ends: Vec::with_capacity(header.len()) })
    }

    /// Appends a text field, neutralised for spreadsheets.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        self.buf.push_str(&csv_text(s));
        self.end()
    }

    /// Appends an integer.
    pub(super) fn int(&mut self, v: impl itoa::Integer) -> &mut Self {
        self.buf.push_str(itoa::Buffer::new().format(v));
        self.end()
    }

    /// Appends a float for a person to read: 4 significant digits, never
    /// an exponent (37.84, 0.1235, 0.000003901), integral values bare.
    /// For topics.csv and communities.csv; accounts.csv keeps full precision.
    pub(super) fn short(&mut self, v: f64) -> &mut Self {
        write_short(&mut self.buf, v);
        self.end()
    }

    /// Appends a float in its shortest round-trip form (ryu: `0.5`,
    /// `1.4579937831263249e-6`); integral values without a fraction (`3`).
    fn float(&mut self, v: f64) -> &mut Self {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            self.buf.push_str(itoa::Buffer::new().format(v as i64));
        } else {
            self.buf.push_str(ryu::Buffer::new().format(v));
        }
        self.end()
    }

    pub(super) fn opt_int(&mut self, v: Option<u64>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => self.text(""),
        }
    }

    fn time(&mut self, t: Option<i64>) -> &mut Self {
        if let Some(t) = t {
            write_time(&mut self.buf, t);
        }
        self.end()
    }

    fn end(&mut self) -> &mut Self {
        self.ends.push(self.buf.len());
        self
    }

    pub(super) fn finish_row(&mut self) -> csv::Result<()> {
        let mut start = 0;
        for &end in &self.ends {
            self.out.write_field(&self.buf[start..end])?;
            start = end;
        }
        self.out.write_record(None::<&[u8]>)?;
        self.buf.clear();
        self.ends.clear();
        Ok(())
    }

    pub(super) fn flush(mut self) -> csv::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// `v` with 4 significant digits in plain decimal notation, trailing zeros
/// dropped; values below 1e-20 are 0.
pub fn write_short(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if !v.is_finite() || v.abs() < 1e-20 {
        out.push_str(if v.is_finite() { "0" } else { "NaN" });
        return;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (3 - magnitude).clamp(0, 24) as usize;
    let start = out.len();
    let _ = write!(out, "{v:.decimals$}");
    if out[start..].contains('.') {
        let trimmed = out[start..].trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(start + trimmed);
    }
}

/// accounts.csv: the contract's columns, then `affinity_<topic>` per
/// topic, then `persona`, `followers` (empty when the input does not say),
/// `platform`, `url` (the profile page, where one can be made), `bio` and
/// `persona_rule` (what decided the persona: `bio: "MD"`), then what the
/// platforms reported about the account's own posts (descriptive only;
/// see `graph::engagement`): `likes_received`, `reposts_reported`,
/// `replies_reported`, `impressions`, `median_engagement` (empty where no
/// post reported them) and `languages` (`en 92%; fr 8%`).
pub fn write_accounts(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let topic_columns: Vec<String> = r.topics.rankings.iter().map(|t| format!("affinity_{}", t.topic)).collect();
    let mut header: Vec<&str> = ACCOUNT_COLUMNS.to_vec();
    header.extend(topic_columns.iter().map(String::as_str));
    header.extend(["persona", "followers", "platform", "url", "bio", "persona_rule"]);
    header.extend(ENGAGEMENT_COLUMNS);
    let mut rows = Rows::new(w, &header)?;
    let d = r.degrees;
    for (i, a) in r.graph.accounts.iter().enumerate() {
        rows.text(&a.id)
            .text(a.handle.as_deref().unwrap_or_default())
            .text(a.name.as_deref().unwrap_or_default())
            .int(a.posts)
            .int(d.in_degree[i])
            .int(d.out_degree[i])
            .float(d.in_weight[i])
            .float(d.out_weight[i])
            .float(r.pagerank.scores[i])
            .float(r.betweenness.scores[i])
            .float(r.hits.authority[i])
            .float(r.hits.hub[i])
            .int(r.coreness[i])
            .int(r.communities.membership[i])
            .float(r.topics.dol_score[i]);
        for affinity in &r.topics.affinity {
            rows.float(affinity[i]);
        }
        rows.text(r.personas[i].name())
            .opt_int(a.followers)
            .text(a.platform.name())
            .text(&a.url().unwrap_or_default())
            .text(a.bio.as_deref().unwrap_or_default())
            .text(&r.persona_rules[i]);
        let e = r.graph.engagement.of(i);
        rows.opt_int(e.and_then(|e| e.likes))
            .opt_int(e.and_then(|e| e.reposts))
            .opt_int(e.and_then(|e| e.replies))
            .opt_int(e.and_then(|e| e.impressions));
        match e.and_then(|e| e.median) {
            Some(m) => rows.float(m),
            None => rows.text(""),
        };
        rows.text(e.map_or("", |e| e.languages.as_str()));
        rows.finish_row()?;
    }
    rows.flush()
}

pub fn write_edges(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let mut rows = Rows::new(w, EDGE_COLUMNS)?;
    let accounts = &r.graph.accounts;
    for e in &r.graph.edges {
        rows.text(&accounts[e.source as usize].id)
            .text(&accounts[e.target as usize].id)
            .text(e.kind.name())
            .int(e.count)
            .float(e.weight)
            .time(e.first_at())
            .time(e.last_at());
        rows.finish_row()?;
    }
    rows.flush()
}

/// The label of an account in lists: its handle, or its id without one.
pub(super) fn label(a: &crate::graph::AccountInfo) -> &str {
    a.handle.as_deref().unwrap_or(&a.id)
}

/// topics.csv: each topic's DOLs, rank 1 the strongest, with what drove
/// the score. Only accounts someone engaged with on the topic are listed;
/// with `--persona`, only that persona (ranks count within it).
pub fn write_topics(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let mut header = TOPIC_COLUMNS.to_vec();
    if r.roster.is_some() {
        header.extend(TOPIC_ROSTER_COLUMNS);
    }
    let mut rows = Rows::new(w, &header)?;
    let mut joined = String::new();
    let papers = super::papers::SharedPapers::of(&r.graph.links);
    let mut why = String::new();
    for (t, ranking) in r.topics.rankings.iter().enumerate() {
        for (rank, row) in r.listed(ranking) {
            let a = &r.graph.accounts[row.account as usize];
            let accounts = || row.accounts.iter().map(|&x| &r.graph.accounts[x as usize]);
            rows.text(&ranking.topic).int(rank).text(&a.id);
            // A person's handles (platforms, profile links), strongest
            // account on the topic first, space-separated.
            join(&mut joined, accounts().map(label));
            rows.text(&joined)
                .short(row.score)
                .short(row.affinity)
                .int(row.on_topic_posts)
                .int(row.engagement_in)
                .int(r.communities.membership[row.account as usize])
                .text({
                    why.clear();
                    why.push_str(&row.why(&ranking.topic));
                    // What the account spread on the topic: its most reposted paper.
                    if let Some(p) = papers.phrase(row.account, t as u16) {
                        why.push_str("; ");
                        why.push_str(&p);
                    }
                    &why
                })
                .text(r.personas[row.account as usize].name());
            // A person's name as the roster gives it; an account's display name.
            let person = row.person.zip(r.roster).map(|(p, (roster, _))| &roster.persons[p as usize]);
            match person.filter(|p| !p.name.is_empty()) {
                Some(p) => rows.text(&p.name),
                None => rows.text(a.name.as_deref().unwrap_or_default()),
            };
            let mut platforms: Vec<&str> = accounts().map(|x| x.platform.name()).collect();
            dedup_keep_order(&mut platforms);
            join(&mut joined, platforms.into_iter());
            rows.text(&joined);
            let urls: Vec<String> = accounts().filter_map(|x| x.url()).collect();
            join(&mut joined, urls.iter().map(String::as_str));
            rows.text(&joined);
            // Followers of a person: the sum over their accounts.
            let followers = accounts().filter_map(|x| x.followers).reduce(|x, y| x.saturating_add(y));
            rows.opt_int(followers).text(&r.persona_rules[row.account as usize]);
            if r.roster.is_some() {
                let id = person.map(|p| p.id.as_str());
                rows.text(id.unwrap_or_default()).text(if id.is_some() { "true" } else { "false" });
            }
            rows.finish_row()?;
        }
    }
    rows.flush()
}

/// `out` made the items joined by spaces.
fn join<'s>(out: &mut String, items: impl Iterator<Item = &'s str>) {
    out.clear();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(item);
    }
}

fn dedup_keep_order(v: &mut Vec<&str>) {
    let mut seen: Vec<&str> = Vec::with_capacity(v.len());
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(x);
        new
    });
}

/// roster.csv: one row per roster person and topic, in roster order then
/// topic order: the person's rank and score in topics.csv (empty when the
/// person is not ranked on the topic), with `found_accounts` the number of
/// their accounts seen in the posts. A person with no account found has
/// one row, its topic empty; when named without an account, `candidates`
/// proposes accounts whose display name is the person's name (titles and
/// credentials removed; same words in order first, then by DOL score):
/// `handle (platform)`, separated by `; `. The roster's carried columns
/// follow.
pub fn write_roster(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let Some((roster, matched)) = r.roster else {
        return Ok(());
    };
    let mut header = ROSTER_COLUMNS.to_vec();
    header.extend(roster.extra_columns.iter().map(String::as_str));
    let mut rows = Rows::new(w, &header)?;
    // (rank, score) of each person on each topic.
    let mut placed: Vec<Vec<Option<(u64, f64)>>> = vec![vec![None; r.topics.rankings.len()]; roster.persons.len()];
    for (t, ranking) in r.topics.rankings.iter().enumerate() {
        for (rank, row) in r.listed(ranking) {
            if let Some(p) = row.person {
                placed[p as usize][t] = Some((rank, row.score));
            }
        }
    }
    let mut joined = String::new();
    for (p, person) in roster.persons.iter().enumerate() {
        let found = &matched.found[p];
        let mut candidates = matched.candidates[p].clone();
        let dol = &r.topics.dol_score;
        candidates
            .sort_by(|x, y| x.1.cmp(&y.1).then(dol[y.0 as usize].total_cmp(&dol[x.0 as usize])).then(x.0.cmp(&y.0)));
        let candidates: Vec<String> = candidates
            .iter()
            .take(CANDIDATES)
            .map(|&(a, _)| {
                let a = &r.graph.accounts[a as usize];
                format!("{} ({})", label(a), a.platform.name())
            })
            .collect();
        let topics: Vec<Option<usize>> = if found.is_empty() || r.topics.rankings.is_empty() {
            vec![None]
        } else {
            (0..r.topics.rankings.len()).map(Some).collect()
        };
        for t in topics {
            rows.text(&person.id).text(&person.name).int(found.len());
            rows.text(t.map_or("", |t| r.topics.rankings[t].topic.as_str()));
            match t.and_then(|t| placed[p][t]) {
                Some((rank, score)) => rows.int(rank).short(score),
                None => rows.text("").text(""),
            };
            join(&mut joined, found.iter().map(|&a| label(&r.graph.accounts[a as usize])));
            rows.text(&joined);
            let mut platforms: Vec<&str> =
                found.iter().map(|&a| r.graph.accounts[a as usize].platform.name()).collect();
            dedup_keep_order(&mut platforms);
            join(&mut joined, platforms.into_iter());
            rows.text(&joined).text(&candidates.join("; "));
            for cell in &person.extras {
                rows.text(cell);
            }
            rows.finish_row()?;
        }
    }
    rows.flush()
}

/// One row of evidence.csv, in its order: topic, then rank, then the
/// account's posts most engaged first.
#[derive(Clone, Debug, Default)]
pub struct EvidenceRow {
    /// Index of the topic in the rankings.
    pub topic: usize,
    pub rank: u64,
    pub account: u32,
    pub post_id: String,
    pub url: String,
    pub created_at: Option<i64>,
    /// `None`: the input does not tie engagement to posts.
    pub engagements: Option<u32>,
    pub text: String,
}

/// evidence.csv: the posts that earned the ranks of topics.csv.
pub fn write_evidence(w: impl Write, r: &Results<'_>, evidence: &[EvidenceRow]) -> csv::Result<()> {
    let mut rows = Rows::new(w, EVIDENCE_COLUMNS)?;
    for e in evidence {
        let a = &r.graph.accounts[e.account as usize];
        rows.text(&r.topics.rankings[e.topic].topic)
            .int(e.rank)
            .text(&a.id)
            .text(label(a))
            .text(&e.post_id)
            .text(&e.url)
            .time(e.created_at)
            .opt_int(e.engagements.map(u64::from))
            .text(&e.text);
        rows.finish_row()?;
    }
    rows.flush()
}

/// One row per community, 0 the largest: its size, its share of the
/// modularity, its top accounts (by rank on the community's leading topic,
/// see [`topic_leads`], then DOL score, then PageRank) and its most
/// used hashtags (posts by members), space-separated. Ties go to the
/// smaller id / name.
pub fn write_communities(w: impl Write, r: &Results<'_>) -> csv::Result<()> {
    let c = r.communities;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); c.count];
    for (a, &m) in c.membership.iter().enumerate() {
        members[m as usize].push(a as u32);
    }
    let hashtags = community_hashtags(r, TOP);
    let top_topic = community_topics(r);
    let leads = topic_leads(r, &top_topic);
    let (dol, pagerank) = (&r.topics.dol_score, &r.pagerank.scores);
    let mut rows = Rows::new(w, COMMUNITY_COLUMNS)?;
    let mut text = String::new();
    for k in 0..c.count {
        let mut top = members[k].clone();
        top.sort_by(|&a, &b| {
            let (a_, b_) = (a as usize, b as usize);
            leads[a_]
                .cmp(&leads[b_])
                .then(dol[b_].total_cmp(&dol[a_]))
                .then(pagerank[b_].total_cmp(&pagerank[a_]))
                .then(a.cmp(&b))
        });
        text.clear();
        for &a in top.iter().take(TOP) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(label(&r.graph.accounts[a as usize]));
        }
        let handles = text.clone();
        let topic = top_topic[k].map(|t| r.topics.rankings[t].topic.as_str());
        let lead = top.first().map(|&a| label(&r.graph.accounts[a as usize]));
        rows.int(k as u64)
            .int(c.sizes[k] as u64)
            .short(r.modularity_shares[k])
            .text(&handles)
            .text(&hashtags[k].join(" "))
            .text(&community_name(topic, &hashtags[k], lead))
            .text(topic.unwrap_or_default());
        rows.finish_row()?;
    }
    rows.flush()
}

/// Each account's rank in topics.csv on its community's leading topic
/// (`u32::MAX` when not listed there, or without topics): who leads a
/// community is who leads its conversation, so an off-topic broadcaster
/// that everyone cites is drawn but listed after the members ranked on
/// the topic. The ranks are topics.csv's, so `render` finds the same
/// order in the folder.
pub fn topic_leads(r: &Results<'_>, top_topic: &[Option<usize>]) -> Vec<u32> {
    let mut leads = vec![u32::MAX; r.graph.node_count()];
    for (t, ranking) in r.topics.rankings.iter().enumerate() {
        for (rank, row) in r.listed(ranking) {
            let a = row.account as usize;
            if top_topic[r.communities.membership[a] as usize] == Some(t) {
                leads[a] = u32::try_from(rank).unwrap_or(u32::MAX);
            }
        }
    }
    leads
}

/// Each community's leading topic: the one whose ranked members' scores
/// add up highest; `None` without topics or when no member is ranked.
pub fn community_topics(r: &Results<'_>) -> Vec<Option<usize>> {
    let c = r.communities;
    let mut totals = vec![vec![0.0f64; r.topics.rankings.len()]; c.count];
    for (t, ranking) in r.topics.rankings.iter().enumerate() {
        for row in &ranking.rows {
            totals[c.membership[row.account as usize] as usize][t] += row.score;
        }
    }
    totals
        .iter()
        .map(|sums| {
            // The first topic wins a tie: topics keep the order of the file.
            let best = sums.iter().enumerate().fold(None, |best: Option<(usize, f64)>, (t, &v)| match best {
                Some((_, b)) if b >= v => best,
                _ if v > 0.0 => Some((t, v)),
                _ => best,
            });
            best.map(|(t, _)| t)
        })
        .collect()
}

/// A community's name for people: its leading topic and first two
/// hashtags (`vaccines · #vaccineswork #hpv`), its first three hashtags
/// without a topic, or `around <leading account>` without either.
pub fn community_name(topic: Option<&str>, hashtags: &[&str], lead: Option<&str>) -> String {
    let tags = |n: usize| hashtags.iter().take(n).map(|h| format!("#{h}")).collect::<Vec<_>>().join(" ");
    match (topic, hashtags.is_empty()) {
        (Some(t), true) => t.to_string(),
        (Some(t), false) => format!("{t} · {}", tags(2)),
        (None, false) => tags(3),
        (None, true) => lead.map_or_else(String::new, |l| format!("around {l}")),
    }
}

/// The `top` most used hashtags of each community (posts by members), most
/// used first, ties by name: the top_hashtags column, and the pictures'
/// labels.
pub fn community_hashtags<'r>(r: &Results<'r>, top: usize) -> Vec<Vec<&'r str>> {
    let c = r.communities;
    let mut tag_posts: Vec<Vec<(u32, u32)>> = vec![Vec::new(); c.count];
    for &(account, tag, posts) in &r.graph.hashtags.uses {
        tag_posts[c.membership[account as usize] as usize].push((tag, posts));
    }
    let names = &r.graph.hashtags.names;
    tag_posts
        .into_iter()
        .map(|mut tags| {
            tags.sort_unstable_by_key(|&(tag, _)| tag);
            let mut totals: Vec<(u32, u64)> = Vec::new();
            for &(tag, posts) in tags.iter() {
                match totals.last_mut() {
                    Some((t, n)) if *t == tag => *n += u64::from(posts),
                    _ => totals.push((tag, u64::from(posts))),
                }
            }
            totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize])));
            totals.iter().take(top).map(|&(t, _)| &*names[t as usize]).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communities_are_named_by_topic_hashtags_or_leader() {
        assert_eq!(
            community_name(Some("vaccines"), &["vaccineswork", "hpv", "mmr"], Some("a")),
            "vaccines · #vaccineswork #hpv"
        );
        assert_eq!(community_name(Some("rwe"), &[], Some("a")), "rwe");
        assert_eq!(community_name(None, &["glp1", "t2d", "obesity", "x"], None), "#glp1 #t2d #obesity");
        assert_eq!(community_name(None, &[], Some("DrAna")), "around DrAna");
        assert_eq!(community_name(None, &[], None), "");
    }

    #[test]
    fn short_numbers_have_four_significant_digits_and_no_exponent() {
        let cases = [
            (37.8123, "37.81"),
            (0.123456, "0.1235"),
            (3.9e-18, "0.0000000000000000039"),
            (0.5, "0.5"),
            (1234.56, "1235"),
            (98765.4, "98765"),
            (2.0, "2"),
            (0.0, "0"),
            (-0.012344, "-0.01234"),
            (1e-25, "0"),
        ];
        for (v, want) in cases {
            let mut s = String::new();
            write_short(&mut s, v);
            assert_eq!(s, want, "{v}");
        }
    }
}
