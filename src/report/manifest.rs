//! `manifest.json`: what was read, with which settings, what came of every
//! record, and how the algorithms converged. For each input,
//! read = used + rejected + duplicates + skipped.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::betweenness::{BetweennessSettings, Method};
use crate::analysis::communities::LeidenSettings;
use crate::analysis::hits::HitsSettings;
use crate::analysis::pagerank::PageRankSettings;
use crate::analysis::persona::Persona;
use crate::graph::pseudonymize::PseudonymEntry;
use crate::graph::{BuildStats, KindWeights};
use crate::report::Results;
use crate::report::audit::OutputEntry;
use crate::time::format_time;
use crate::topics::Topics;

#[derive(Serialize)]
pub struct Manifest {
    pub tool: Tool,
    pub arguments: Vec<String>,
    /// Worker threads of the run (results do not depend on it).
    pub threads: usize,
    pub settings: Settings,
    pub inputs: Vec<InputEntry>,
    pub totals: Totals,
    /// First and last time of the posts and interactions used; null when
    /// none had a time.
    pub period: Option<Period>,
    pub graph: GraphSize,
    pub pagerank: PageRankEntry,
    pub hits: Convergence<HitsSettings>,
    pub betweenness: BetweennessEntry,
    pub communities: CommunitiesEntry,
    /// With `--topics`: the topics, what matched them, how they were ranked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<TopicsEntry>,
    /// With `--period`: the periods ranked, the partial ones, the movers' rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trends: Option<crate::report::trends::TrendsEntry>,
    /// With `--roster`: the file (hashed), its rows and what was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterEntry>,
    pub personas: PersonasEntry,
    /// Every other file of the output folder, hashed at the end of the run
    /// (`dolgraph verify` checks them).
    pub outputs: Vec<OutputEntry>,
    /// Wall-clock milliseconds per stage: the one part that differs between runs.
    pub timings_ms: BTreeMap<&'static str, u64>,
}

/// What an `analyze` run hands the manifest beside its [`Results`]: the
/// settings as recorded, what reading found, and what its side passes
/// (evidence, trends, the roster's pseudonyms) did.
pub struct RunRecord<'d> {
    pub arguments: Vec<String>,
    pub settings: Settings,
    pub inputs: Vec<InputEntry>,
    pub records: Records,
    pub pagerank: PageRankSettings,
    pub hits: HitsSettings,
    pub leiden: LeidenSettings,
    pub betweenness: BetweennessSettings,
    /// With `--topics`: the topics as read, the file's name and the
    /// evidence pass.
    pub topics: Option<(&'d Topics, String, EvidenceEntry)>,
    pub trends: Option<crate::report::trends::TrendsEntry>,
    pub roster_pseudonyms: Option<crate::graph::pseudonymize::RosterPseudonyms>,
    /// `--personas`; the built-in rules when `None`.
    pub personas_file: Option<String>,
    /// Under `--pseudonymize` the period is cut to the day, as the edges'
    /// times are.
    pub times_to_the_day: bool,
    pub timings_ms: BTreeMap<&'static str, u64>,
}

impl Manifest {
    /// The manifest of an `analyze` run, its `outputs` still empty (they
    /// are hashed once every other file is written).
    pub fn of_run(run: RunRecord<'_>, results: &Results<'_>) -> Manifest {
        let graph = results.graph;
        let (pr, hits, comms) = (results.pagerank, results.hits, results.communities);
        let cut = |t: i64| if run.times_to_the_day { t.div_euclid(86_400) * 86_400 } else { t };
        Manifest {
            tool: Tool::default(),
            arguments: run.arguments,
            threads: rayon::current_num_threads(),
            settings: run.settings,
            inputs: run.inputs,
            totals: Totals { records: run.records, build: graph.stats.clone() },
            period: graph
                .stats
                .period
                .map(|(first, last)| Period { first: format_time(cut(first)), last: format_time(cut(last)) }),
            graph: GraphSize {
                accounts: graph.node_count(),
                edges: graph.edges.len(),
                links: graph.forward.edge_count(),
            },
            pagerank: PageRankEntry {
                convergence: Convergence {
                    settings: run.pagerank,
                    iterations: pr.iterations,
                    residual: pr.residual,
                    converged: pr.converged,
                },
                largest_component: pr.largest_component,
            },
            hits: Convergence {
                settings: run.hits,
                iterations: hits.iterations,
                residual: hits.residual,
                converged: hits.converged,
            },
            communities: CommunitiesEntry {
                settings: run.leiden,
                count: comms.count,
                isolated: (0..graph.node_count())
                    .filter(|&a| graph.forward.degree(a) + graph.reverse.degree(a) == 0)
                    .count(),
                modularity: comms.modularity,
                iterations: comms.iterations,
                converged: comms.converged,
            },
            betweenness: BetweennessEntry { settings: run.betweenness, method: results.betweenness.method.clone() },
            topics: run.topics.map(|(defs, file, evidence)| TopicsEntry {
                file,
                method: crate::analysis::topics::METHOD,
                persona_filter: results.persona_filter.map(Persona::name),
                topics: defs
                    .topics
                    .iter()
                    .zip(&results.topics.rankings)
                    .enumerate()
                    .map(|(i, (d, r))| TopicEntry {
                        name: d.name.clone(),
                        hashtags: d.hashtags.clone(),
                        keywords: d.keywords.clone(),
                        on_topic_posts: graph
                            .topics
                            .posts
                            .iter()
                            .filter(|p| p.1 as usize == i)
                            .map(|p| u64::from(p.2))
                            .sum(),
                        on_topic_interactions: graph.topics.edges_of(i as u16).iter().map(|e| u64::from(e.count)).sum(),
                        ranked: r.rows.len(),
                    })
                    .collect(),
                evidence,
            }),
            trends: run.trends,
            roster: results.roster.map(|(r, m)| RosterEntry::new(r, m, run.roster_pseudonyms)),
            personas: PersonasEntry {
                rules: run.personas_file.unwrap_or_else(|| "built-in".into()),
                counts: Persona::ALL
                    .into_iter()
                    .map(|p| (p.name(), results.personas.iter().filter(|&&x| x == p).count()))
                    .collect(),
            },
            outputs: Vec::new(),
            timings_ms: run.timings_ms,
        }
    }
}

/// The span of time the results cover, RFC 3339 UTC (cut to the day under
/// `--pseudonymize`, as the edges' times are).
#[derive(Serialize)]
pub struct Period {
    pub first: String,
    pub last: String,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    /// The git commit the binary was built from, or "unknown" (src/build.rs).
    pub commit: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION"), commit: env!("DOLGRAPH_COMMIT") }
    }
}

#[derive(Serialize)]
pub struct Settings {
    pub seed: u64,
    pub format: Option<String>,
    pub columns: Option<String>,
    pub kind_weights: KindWeights,
    pub since: Option<String>,
    pub until: Option<String>,
    /// `since` and `until` as the instants they were read as (RFC 3339).
    pub since_at: Option<String>,
    pub until_at: Option<String>,
    pub strict: bool,
    /// Present when accounts were pseudonymised: how, and the key's check
    /// value (never the key); null when off.
    pub pseudonymized: Option<PseudonymEntry>,
}

#[derive(Serialize, Default, Clone, Debug, PartialEq)]
pub struct Records {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub skipped: u64,
}

impl Records {
    pub fn add(&mut self, o: &Records) {
        self.read += o.read;
        self.used += o.used;
        self.rejected += o.rejected;
        self.duplicates += o.duplicates;
        self.skipped += o.skipped;
    }
}

#[derive(Serialize)]
pub struct InputEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub format: String,
    /// What detection saw: JSON lines, a response with a list on each
    /// line, a whole document, CSV (absent when `--format` was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    pub gzip: bool,
    pub records: Records,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// Why the input was left out (or read only in part): unreadable,
    /// empty, of no known format, a damaged gzip, a record over the limit.
    /// Its records read before the problem are counted above; `bytes` and
    /// `sha256` cover the bytes read. Absent when the input was read whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct Totals {
    pub records: Records,
    #[serde(flatten)]
    pub build: BuildStats,
}

#[derive(Serialize)]
pub struct GraphSize {
    pub accounts: usize,
    /// Rows of edges.csv: one per (source, target, kind).
    pub edges: usize,
    /// Account pairs linked by any kind: the graph the algorithms see.
    pub links: usize,
}

#[derive(Serialize)]
pub struct PageRankEntry {
    #[serde(flatten)]
    pub convergence: Convergence<PageRankSettings>,
    /// Accounts in the largest strongly connected component (the part
    /// solved iteratively; the rest is solved exactly in one step).
    pub largest_component: usize,
}

#[derive(Serialize)]
pub struct CommunitiesEntry {
    pub settings: LeidenSettings,
    pub count: usize,
    /// Communities of one account with no link (they posted, nobody engaged).
    pub isolated: usize,
    pub modularity: f64,
    pub iterations: u32,
    pub converged: bool,
}

#[derive(Serialize)]
pub struct BetweennessEntry {
    pub settings: BetweennessSettings,
    #[serde(flatten)]
    pub method: Method,
}

/// Clone and Debug: scout hands the same record to each candidate.
#[derive(Clone, Debug, Serialize)]
pub struct Convergence<S> {
    pub settings: S,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
}

#[derive(Serialize)]
pub struct TopicsEntry {
    pub file: String,
    pub method: &'static str,
    pub persona_filter: Option<&'static str>,
    pub topics: Vec<TopicEntry>,
    pub evidence: EvidenceEntry,
}

/// evidence.csv: which accounts' posts it shows, how they were chosen, and
/// the inputs whose posts could not be read a second time.
#[derive(Serialize)]
pub struct EvidenceEntry {
    /// Accounts of each topic, from rank 1, whose posts are listed.
    pub ranks: usize,
    /// Posts per account and topic, most engaged first.
    pub per_account: usize,
    pub method: &'static str,
    pub posts: usize,
    /// Under --pseudonymize: post texts, ids and links are left empty.
    pub texts_dropped: bool,
    pub not_read_again: Vec<NotReadAgain>,
}

#[derive(Serialize)]
pub struct NotReadAgain {
    pub input: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct TopicEntry {
    pub name: String,
    pub hashtags: Vec<String>,
    pub keywords: Vec<String>,
    pub on_topic_posts: u64,
    pub on_topic_interactions: u64,
    /// Accounts listed in topics.csv (someone engaged with them on it).
    pub ranked: usize,
}

#[derive(Serialize)]
pub struct PersonasEntry {
    /// "built-in" or the `--personas` file.
    pub rules: String,
    pub counts: BTreeMap<&'static str, usize>,
}

/// The roster of a run: the file as read, every row accounted for
/// (rows = used + rejected), and what was found of it in the posts.
#[derive(Serialize)]
pub struct RosterEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub rows: RosterRows,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub persons: usize,
    /// Persons with at least one account in the posts.
    pub persons_found: usize,
    pub accounts_listed: usize,
    pub accounts_found: usize,
    /// Persons named without an account and found nowhere, and how many of
    /// them have candidates in roster.csv.
    pub name_only: usize,
    pub name_only_with_candidates: usize,
    pub combination: &'static str,
    pub carried_columns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pseudonymized: Option<crate::graph::pseudonymize::RosterPseudonyms>,
}

#[derive(Serialize)]
pub struct RosterRows {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
}

impl RosterEntry {
    pub fn new(
        r: &crate::roster::Roster,
        m: &crate::analysis::roster::Matched,
        pseudonymized: Option<crate::graph::pseudonymize::RosterPseudonyms>,
    ) -> Self {
        let mut by_reason = BTreeMap::new();
        for x in &r.rejects {
            *by_reason.entry(x.reason.class()).or_default() += 1;
        }
        let name_only: Vec<usize> =
            (0..r.persons.len()).filter(|&p| r.persons[p].name_only && m.found[p].is_empty()).collect();
        RosterEntry {
            path: r.path.display().to_string(),
            bytes: r.bytes,
            sha256: r.sha256.clone(),
            rows: RosterRows { read: r.rows, used: r.rows - r.rejects.len() as u64, rejected: r.rejects.len() as u64 },
            rejected_by_reason: by_reason,
            persons: r.persons.len(),
            persons_found: m.found.iter().filter(|f| !f.is_empty()).count(),
            accounts_listed: r.persons.iter().map(|p| p.accounts.len()).sum(),
            accounts_found: m.found.iter().map(Vec::len).sum(),
            name_only_with_candidates: name_only.iter().filter(|&&p| !m.candidates[p].is_empty()).count(),
            name_only: name_only.len(),
            combination: "a person's score on a topic is the sum of their accounts' scores; the graph is not merged",
            carried_columns: r.extra_columns.clone(),
            pseudonymized,
        }
    }
}
