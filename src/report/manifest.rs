//! `manifest.json`: what was read, with which settings, what came of every
//! record, and how the algorithms converged. For each input,
//! read = used + rejected + duplicates + skipped.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize};

use crate::analysis::betweenness::{BetweennessSettings, Method};
use crate::analysis::communities::LeidenSettings;
use crate::analysis::hits::HitsSettings;
use crate::analysis::pagerank::PageRankSettings;
use crate::analysis::persona::Persona;
use crate::error::{Error, Result};
use crate::graph::{BuildStats, KindWeights};
use crate::report::Results;
use crate::report::audit::OutputEntry;
use crate::report::output::MANIFEST;
use crate::time::format_time;
use crate::topics::Topics;

/// The manifest as `analyze` writes it and every reader of a finished
/// folder reads it (report.html, explore.html, `render`, `compare`):
/// one typed form both ways. Parts added after the first manifests are
/// optional when read (`serde(default)`), so a folder of an older
/// dolgraph still reads; keys this dolgraph does not know are kept in
/// [`Manifest::unknown`], so `render`'s rewrite loses nothing.
#[derive(Serialize, Deserialize)]
pub struct Manifest {
    pub tool: Tool,
    pub arguments: Vec<String>,
    /// Worker threads of the run (results do not depend on it).
    #[serde(default)]
    pub threads: usize,
    pub settings: Settings,
    /// With `analyze --aggregate`: the aggregate read instead of the inputs
    /// (the inputs below are those its shard sets were extracted from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<AggregateEntry>,
    pub inputs: Vec<InputEntry>,
    pub totals: Totals,
    /// First and last time of the posts and interactions used; null when
    /// none had a time.
    #[serde(default)]
    pub period: Option<Period>,
    pub graph: GraphSize,
    pub pagerank: PageRankEntry,
    pub hits: Convergence<HitsSettings>,
    pub betweenness: BetweennessEntry,
    pub communities: CommunitiesEntry,
    /// With `--topics`: the topics, what matched them, how they were ranked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<TopicsEntry>,
    /// With `--period`: the periods ranked, the partial ones, the movers' rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trends: Option<crate::report::trends::TrendsEntry>,
    /// With `--roster`: the file (hashed), its rows and what was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterEntry>,
    #[serde(default)]
    pub personas: PersonasEntry,
    /// Every other file of the output folder, hashed at the end of the run
    /// (`dolgraph verify` checks them).
    #[serde(default)]
    pub outputs: Vec<OutputEntry>,
    /// Wall-clock milliseconds per stage: the one part that differs between runs.
    #[serde(default)]
    pub timings_ms: BTreeMap<String, u64>,
    /// Each `dolgraph render` of the folder since the run, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rendered: Vec<RenderEntry>,
    /// Keys of a manifest this dolgraph does not know (a newer one wrote
    /// them), written back as they were read; empty for a run of this one.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// What `extract` writes beside the tables of a shard set: the input's
/// manifest entry and its place in the run, so the aggregation can order
/// the inputs and sum the accounting.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ShardInfo {
    /// The dolgraph that wrote the shard set.
    pub dolgraph: String,
    /// The input's place in the run: inputs are read in this order.
    pub index: u32,
    /// The input's platform (accounts first seen in it belong to it);
    /// absent when no format was found for it.
    pub platform: Option<String>,
    /// The topics the posts were classified by, in the topics file's order.
    pub topics: Vec<String>,
    pub input: InputEntry,
    pub counts: crate::graph::shards::ShardCounts,
}

/// How an aggregate was made: its folder, the engine and master that ran
/// scale/aggregate.py, and what it does not carry.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct AggregateEntry {
    pub dir: String,
    pub engine: String,
    #[serde(default)]
    pub master: Option<String>,
    pub shard_sets: usize,
    /// Outputs that come out empty from an aggregate.
    pub not_carried: Vec<String>,
}

/// One `dolgraph render` of the folder: its command line.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RenderEntry {
    pub arguments: Vec<String>,
}

impl Manifest {
    /// Reads `dir/manifest.json`; the error says which file and why.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Input {
            path: path.clone(),
            reason: format!("{e}; is {} an output folder of `dolgraph analyze`?", dir.display()),
        })?;
        serde_json::from_str(&text).map_err(|e| Error::Input {
            path,
            reason: format!("not a dolgraph manifest ({e}); rerun `dolgraph analyze`"),
        })
    }

    /// Writes it to `dir/manifest.json`, pretty-printed with a final newline.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST);
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| Error::Write { path: path.clone(), source: e.into() })?;
        text.push('\n');
        std::fs::write(&path, text).map_err(|source| Error::Write { path, source })
    }
}

/// What an `analyze` run hands the manifest beside its [`Results`]: the
/// settings as recorded, what reading found, and what its side passes
/// (evidence, trends, the roster's pseudonyms) did.
pub struct RunRecord<'d> {
    pub arguments: Vec<String>,
    pub settings: Settings,
    pub aggregate: Option<AggregateEntry>,
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
            aggregate: run.aggregate,
            inputs: run.inputs,
            totals: Totals { records: run.records, build: graph.stats.clone() },
            period: graph
                .stats
                .period
                .map(|(first, last)| Period { first: format_time(cut(first)), last: format_time(cut(last)) }),
            graph: GraphSize {
                accounts: graph.node_count(),
                edges: graph.edges.len(),
                // From the degrees: analyze frees the directed links
                // before the report.
                links: results.degrees.out_degree.iter().map(|&d| d as usize).sum(),
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
                isolated: (results.degrees.in_degree.iter().zip(&results.degrees.out_degree))
                    .filter(|&(&i, &o)| i == 0 && o == 0)
                    .count(),
                modularity: comms.modularity,
                iterations: comms.iterations,
                converged: comms.converged,
            },
            betweenness: BetweennessEntry { settings: run.betweenness, method: results.betweenness.method.clone() },
            topics: run.topics.map(|(defs, file, evidence)| TopicsEntry {
                file,
                method: crate::analysis::topics::METHOD.into(),
                persona_filter: results.persona_filter.map(|p| p.name().into()),
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
                    .map(|p| (p.name().to_string(), results.personas.iter().filter(|&&x| x == p).count()))
                    .collect(),
            },
            outputs: Vec::new(),
            timings_ms: run.timings_ms.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            rendered: Vec::new(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The span of time the results cover, RFC 3339 UTC (cut to the day under
/// `--pseudonymize`, as the edges' times are).
#[derive(Serialize, Deserialize)]
pub struct Period {
    pub first: String,
    pub last: String,
}

#[derive(Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    /// The git commit the binary was built from, or "unknown" (src/build.rs).
    #[serde(default)]
    pub commit: String,
}

impl Default for Tool {
    /// This dolgraph.
    fn default() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            commit: env!("DOLGRAPH_COMMIT").into(),
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct Settings {
    pub seed: u64,
    pub format: Option<String>,
    pub columns: Option<String>,
    #[serde(deserialize_with = "Recorded::read")]
    pub kind_weights: KindWeights,
    pub since: Option<String>,
    pub until: Option<String>,
    /// `since` and `until` as the instants they were read as (RFC 3339).
    #[serde(default)]
    pub since_at: Option<String>,
    #[serde(default)]
    pub until_at: Option<String>,
    /// `--lang`: the languages kept; null when every post was.
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    pub strict: bool,
    /// Present when accounts were pseudonymised: how, and the key's check
    /// value (never the key); null when off.
    #[serde(default)]
    pub pseudonymized: Option<Pseudonyms>,
}

/// How the accounts were pseudonymised (the graph's
/// `PseudonymEntry`, as the manifest records it).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Pseudonyms {
    pub method: String,
    pub key_check: String,
    pub digits: usize,
}

impl From<crate::graph::pseudonymize::PseudonymEntry> for Pseudonyms {
    fn from(p: crate::graph::pseudonymize::PseudonymEntry) -> Self {
        Pseudonyms { method: p.method.into(), key_check: p.key_check, digits: p.digits }
    }
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
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

#[derive(Serialize, Deserialize)]
pub struct InputEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub format: String,
    /// What detection saw: JSON lines, a response with a list on each
    /// line, a whole document, CSV (absent when `--format` was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    #[serde(default)]
    pub gzip: bool,
    pub records: Records,
    #[serde(default)]
    pub rejected_by_reason: BTreeMap<String, u64>,
    #[serde(default)]
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// Why the input was left out (or read only in part): unreadable,
    /// empty, of no known format, a damaged gzip, a record over the limit.
    /// Its records read before the problem are counted above; `bytes` and
    /// `sha256` cover the bytes read. Absent when the input was read whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct Totals {
    pub records: Records,
    #[serde(flatten, deserialize_with = "Recorded::read")]
    pub build: BuildStats,
}

#[derive(Serialize, Deserialize)]
pub struct GraphSize {
    pub accounts: usize,
    /// Rows of edges.csv: one per (source, target, kind).
    pub edges: usize,
    /// Account pairs linked by any kind: the graph the algorithms see.
    #[serde(default)]
    pub links: usize,
}

#[derive(Serialize, Deserialize)]
pub struct PageRankEntry {
    #[serde(flatten)]
    pub convergence: Convergence<PageRankSettings>,
    /// Accounts in the largest strongly connected component (the part
    /// solved iteratively; the rest is solved exactly in one step).
    #[serde(default)]
    pub largest_component: usize,
}

#[derive(Serialize, Deserialize)]
pub struct CommunitiesEntry {
    #[serde(deserialize_with = "Recorded::read")]
    pub settings: LeidenSettings,
    pub count: usize,
    /// Communities of one account with no link (they posted, nobody engaged).
    #[serde(default)]
    pub isolated: usize,
    pub modularity: f64,
    pub iterations: u32,
    pub converged: bool,
}

#[derive(Serialize, Deserialize)]
pub struct BetweennessEntry {
    #[serde(deserialize_with = "Recorded::read")]
    pub settings: BetweennessSettings,
    #[serde(flatten, deserialize_with = "Recorded::read")]
    pub method: Method,
}

/// Clone and Debug: scout hands the same record to each candidate.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound(deserialize = "S: Recorded"))]
pub struct Convergence<S> {
    #[serde(deserialize_with = "Recorded::read")]
    pub settings: S,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
}

#[derive(Serialize, Deserialize)]
pub struct TopicsEntry {
    pub file: String,
    pub method: String,
    #[serde(default)]
    pub persona_filter: Option<String>,
    pub topics: Vec<TopicEntry>,
    pub evidence: EvidenceEntry,
}

/// evidence.csv: which accounts' posts it shows, how they were chosen, and
/// the inputs whose posts could not be read a second time.
#[derive(Serialize, Deserialize)]
pub struct EvidenceEntry {
    /// Accounts of each topic, from rank 1, whose posts are listed.
    pub ranks: usize,
    /// Posts per account and topic, most engaged first.
    pub per_account: usize,
    pub method: String,
    pub posts: usize,
    /// Under --pseudonymize: post texts, ids and links are left empty.
    pub texts_dropped: bool,
    pub not_read_again: Vec<NotReadAgain>,
}

#[derive(Serialize, Deserialize)]
pub struct NotReadAgain {
    pub input: String,
    pub reason: String,
}

#[derive(Serialize, Deserialize)]
pub struct TopicEntry {
    pub name: String,
    #[serde(default)]
    pub hashtags: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub on_topic_posts: u64,
    #[serde(default)]
    pub on_topic_interactions: u64,
    /// Accounts listed in topics.csv (someone engaged with them on it).
    #[serde(default)]
    pub ranked: usize,
}

#[derive(Serialize, Deserialize, Default)]
pub struct PersonasEntry {
    /// "built-in" or the `--personas` file.
    pub rules: String,
    pub counts: BTreeMap<String, usize>,
}

/// The roster of a run: the file as read, every row accounted for
/// (rows = used + rejected), and what was found of it in the posts.
#[derive(Serialize, Deserialize)]
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
    pub combination: String,
    pub carried_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonymized: Option<RosterPseudonyms>,
}

/// How a roster's persons were pseudonymised (the graph's
/// `RosterPseudonyms`, as the manifest records it).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RosterPseudonyms {
    pub method: String,
    pub kept_columns: Vec<String>,
    pub emptied_columns: Vec<String>,
}

impl From<crate::graph::pseudonymize::RosterPseudonyms> for RosterPseudonyms {
    fn from(p: crate::graph::pseudonymize::RosterPseudonyms) -> Self {
        RosterPseudonyms { method: p.method.into(), kept_columns: p.kept_columns, emptied_columns: p.emptied_columns }
    }
}

#[derive(Serialize, Deserialize)]
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
            combination: "a person's score on a topic is the sum of their accounts' scores; the graph is not merged"
                .into(),
            carried_columns: r.extra_columns.clone(),
            pseudonymized: pseudonymized.map(Into::into),
        }
    }
}

/// A type of the graph or analysis layer the manifest records: written with
/// its own `Serialize`, read back through a mirror of its fields in
/// [`remote`] (serde's remote derive, which the compiler checks against the
/// type), so those layers know nothing of reading manifests.
pub trait Recorded: Sized {
    fn read<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error>;
}

macro_rules! recorded {
    ($($ty:ty => $mirror:ident),* $(,)?) => {$(
        impl Recorded for $ty {
            fn read<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                remote::$mirror::deserialize(d)
            }
        }
    )*};
}

recorded! {
    KindWeights => KindWeightsDef,
    BuildStats => BuildStatsDef,
    PageRankSettings => PageRankSettingsDef,
    HitsSettings => HitsSettingsDef,
    LeidenSettings => LeidenSettingsDef,
    BetweennessSettings => BetweennessSettingsDef,
    Method => MethodDef,
}

/// The mirrors [`Recorded`] reads through, field for field.
mod remote {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(remote = "crate::graph::KindWeights")]
    pub struct KindWeightsDef {
        pub reply: f64,
        pub quote: f64,
        pub repost: f64,
        pub mention: f64,
        pub interaction: f64,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::graph::BuildStats")]
    pub struct BuildStatsDef {
        #[serde(default)]
        pub posts: u64,
        #[serde(default)]
        pub interactions: u64,
        #[serde(default)]
        pub self_interactions: u64,
        #[serde(default)]
        pub unresolved_references: u64,
        #[serde(skip)]
        pub period: Option<(i64, i64)>,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::analysis::pagerank::PageRankSettings")]
    pub struct PageRankSettingsDef {
        pub damping: f64,
        pub tolerance: f64,
        pub max_iterations: u32,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::analysis::hits::HitsSettings")]
    pub struct HitsSettingsDef {
        pub tolerance: f64,
        pub max_iterations: u32,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::analysis::communities::LeidenSettings")]
    pub struct LeidenSettingsDef {
        pub resolution: f64,
        pub seed: u64,
        pub max_iterations: u32,
        #[serde(default)]
        pub min_gain: f64,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::analysis::betweenness::BetweennessSettings")]
    pub struct BetweennessSettingsDef {
        pub exact_max_accounts: usize,
        pub epsilon: f64,
        pub delta: f64,
        pub seed: u64,
        #[serde(default)]
        pub work_budget: u64,
    }

    #[derive(Deserialize)]
    #[serde(remote = "crate::analysis::betweenness::Method", tag = "method", rename_all = "snake_case")]
    pub enum MethodDef {
        Exact {
            sources: usize,
        },
        Sampled {
            samples: u64,
            #[serde(default)]
            samples_planned: u64,
            epsilon: f64,
            delta: f64,
            vertex_diameter_bound: usize,
            error_bound: f64,
        },
    }
}
