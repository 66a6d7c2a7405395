//! `analyze`: wires the stages together, from the inputs to the output
//! folder. It knows nothing of the command line (`cli` builds its
//! [`AnalyzeConfig`]) and writes no format itself: tables, pictures, pages
//! and the manifest are the report layer's.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufWriter};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::analysis::persona::Personas;
use crate::analysis::{betweenness, communities, coreness, degree, hits, pagerank, topics};
use crate::config::AnalyzeConfig;
use crate::error::{Error, Result};
use crate::graph::pseudonymize::pseudonymize;
use crate::graph::{Accounted, GraphBuilder, RecordSink};
use crate::ingest::source::Source;
use crate::ingest::stream::{BadHeader, stream};
use crate::ingest::{Format, Located, detect, limits};
use crate::progress::Progress;
use crate::report::manifest::{EvidenceEntry, InputEntry, Manifest, NotReadAgain, Records, RunRecord, Settings};
use crate::report::output::Staging;
use crate::report::rejects::RejectWriter;
use crate::report::{Results, tables};
use crate::time::format_time;

/// What a finished run reports on stderr.
#[derive(Debug)]
pub struct RunSummary {
    pub inputs: usize,
    /// Each input's path and format as read (detected or forced), or "not
    /// read": a wrong detection shows in the summary line.
    pub formats: Vec<(String, String)>,
    pub records: Records,
    pub accounts: usize,
    pub edges: usize,
    pub out: PathBuf,
    /// What went wrong after the results were in place (the previous
    /// copy not removed): printed, but the run succeeded.
    pub warnings: Vec<String>,
}

/// Runs `analyze` on a thread pool of the configured size. The output
/// folder is checked before any work (see report::output) and replaced
/// in one step at the end.
pub fn analyze(cfg: &AnalyzeConfig) -> Result<RunSummary> {
    crate::par::with_pool(cfg.threads, || {
        let mut read: Vec<PathBuf> = cfg.inputs.clone();
        read.extend(cfg.topics.iter().chain(&cfg.personas).chain(&cfg.roster).chain(&cfg.key_file).cloned());
        let staging = Staging::create(&cfg.out, cfg.force, &read)?;
        match stages(cfg, &staging) {
            Ok(mut summary) => {
                summary.warnings = staging.commit()?;
                Ok(summary)
            }
            Err(e) => {
                staging.abandon();
                Err(e)
            }
        }
    })?
}

fn stages(cfg: &AnalyzeConfig, staging: &Staging) -> Result<RunSummary> {
    let progress = Progress::new(cfg.quiet);
    let timings = Laps::default();
    let write_err = |path: PathBuf| move |source| Error::Write { path, source };
    let rejects_path = staging.path("rejects.jsonl");
    let mut rejects = RejectWriter::create(&rejects_path).map_err(write_err(rejects_path.clone()))?;
    let topic_defs = crate::topics::load_optional(cfg.topics.as_ref())?;
    let personas = Personas::load(cfg.personas.as_deref())?;
    let mut roster = cfg.roster.as_deref().map(crate::roster::Roster::load).transpose()?;
    if let Some(r) = &roster {
        let display = r.path.display().to_string();
        for x in &r.rejects {
            // Reasons quote handles and names: under --pseudonymize only
            // their class is kept, as for input records.
            let reason = if cfg.pseudonymize.is_some() { x.reason.class() } else { x.reason.message() };
            if cfg.strict {
                return Err(Error::Strict { path: r.path.clone(), line: x.line, reason });
            }
            eprintln!(
                "warning: {}:{}: {} (the row is left out; see rejects.jsonl)",
                display,
                x.line,
                crate::visible::message(&reason)
            );
            rejects.write(&display, x.line, &reason).map_err(write_err(rejects_path.clone()))?;
        }
    }
    let mut builder = GraphBuilder::new(cfg.weights, cfg.since.as_ref().map(|s| s.0), cfg.until.as_ref().map(|u| u.0))
        .with_topics(topic_defs.clone())
        .with_periods(cfg.period)
        .with_languages(cfg.languages.clone());

    let t = Instant::now();
    let (InputsRead { inputs, read_as, records, formats }, mut graph, aggregate) = match &cfg.aggregate {
        None => {
            let read = read_inputs(cfg, &mut builder, &mut rejects, &progress)?;
            let _stage = progress.stage("building the graph");
            (read, builder.finish(), None)
        }
        Some(dir) => {
            drop(builder);
            let _stage = progress.stage("reading the aggregate");
            let (read, graph, entry) = read_aggregate(dir, cfg, topic_defs.as_ref())?;
            (read, graph, Some(entry))
        }
    };
    rejects.finish().map_err(write_err(rejects_path))?;
    let stage = progress.stage("building the graph");
    // Personas read names and bios, which --pseudonymize replaces: first.
    let (persona_of, persona_rules) = personas.classify_all(&graph.accounts);
    // So do roster matches (handles) and candidates (display names).
    let matched = roster.as_ref().map(|r| crate::analysis::roster::match_roster(r, &graph.accounts));
    let pseudonyms = cfg.pseudonymize.as_ref().map(|key| pseudonymize(&mut graph, key));
    let roster_pseudonyms = match (&mut roster, &cfg.pseudonymize) {
        (Some(r), Some(key)) => Some(crate::graph::pseudonymize::pseudonymize_roster(r, key)),
        _ => None,
    };
    stage.finish_and_clear();
    timings.record("read", t);

    let degrees = degree::degrees(&graph);
    let pr_settings = pagerank::PageRankSettings::default();
    let pr = timed(&progress, &timings, "pagerank", || pagerank::pagerank(&graph, &pr_settings));
    let hits_settings = hits::HitsSettings::default();
    let hits = timed(&progress, &timings, "hits", || hits::hits(&graph, &hits_settings));
    let bc = timed(&progress, &timings, "betweenness", || betweenness::betweenness(&graph, &cfg.betweenness));
    let core = timed(&progress, &timings, "coreness", || coreness::coreness(&graph));
    let (comms, shares) = timed(&progress, &timings, "communities", || {
        let projection = graph.undirected_freeing_links();
        let found = communities::detect_projected(&projection, &cfg.leiden);
        let shares = communities::modularity_shares(&projection, &found.membership, cfg.leiden.resolution);
        // The projection and Leiden's networks go back to the system now,
        // before the tables are written (see crate::memory).
        drop(projection);
        crate::memory::give_back();
        (found, shares)
    });

    let topic_scores = timed(&progress, &timings, "topics", || {
        topics::rank(&graph, &comms.membership, matched.as_ref().map_or(&[][..], |m| &m.found))
    });
    // A score that is not a number would print as NaN or inf in every
    // table: stop and name the stage instead. Weights are range-checked on
    // the way in, so this guards the algorithms, not the input.
    for (stage, values) in [
        ("pagerank", &pr.scores),
        ("hits (authority)", &hits.authority),
        ("hits (hub)", &hits.hub),
        ("betweenness", &bc.scores),
        ("communities (modularity share)", &shares),
        ("dol_score", &topic_scores.dol_score),
    ] {
        check_finite(stage, values, &graph)?;
    }
    check_finite("communities (modularity)", &[comms.modularity], &graph)?;
    let trends = timed(&progress, &timings, "trends", || {
        crate::analysis::trends::rank_periods(&graph, |a| cfg.persona.is_none_or(|p| persona_of[a as usize] == p))
    });
    if let Some(t) = &trends {
        for r in &t.rankings {
            let scores: Vec<f64> = r.rows.iter().map(|x| x.1).collect();
            check_finite(&format!("score of {} per period", t.topics[r.topic as usize]), &scores, &graph)?;
        }
    }
    for (ranking, affinity) in topic_scores.rankings.iter().zip(&topic_scores.affinity) {
        let scores: Vec<f64> = ranking.rows.iter().map(|r| r.score).collect();
        check_finite(&format!("topic score of {}", ranking.topic), &scores, &graph)?;
        check_finite(&format!("topic affinity of {}", ranking.topic), affinity, &graph)?;
    }

    let results = Results {
        topics: &topic_scores,
        personas: &persona_of,
        persona_rules: &persona_rules,
        persona_filter: cfg.persona,
        graph: &graph,
        degrees: &degrees,
        pagerank: &pr,
        betweenness: &bc,
        hits: &hits,
        coreness: &core,
        communities: &comms,
        modularity_shares: &shares,
        roster: roster.as_ref().zip(matched.as_ref()),
    };
    let csv_file = |name: &str| -> Result<BufWriter<File>> {
        let p = staging.path(name);
        Ok(BufWriter::new(File::create(&p).map_err(write_err(p))?))
    };
    let csv_err = |name: &str| {
        let p = staging.path(name);
        move |e: csv::Error| Error::Write { path: p, source: io::Error::other(e) }
    };
    let write_tables = || -> Result<()> {
        tables::write_accounts(csv_file("accounts.csv")?, &results).map_err(csv_err("accounts.csv"))?;
        tables::write_edges(csv_file("edges.csv")?, &results).map_err(csv_err("edges.csv"))?;
        tables::write_communities(csv_file("communities.csv")?, &results).map_err(csv_err("communities.csv"))?;
        crate::report::links::write_links(csv_file("links.csv")?, &results).map_err(csv_err("links.csv"))?;
        if topic_defs.is_some() {
            tables::write_topics(csv_file("topics.csv")?, &results).map_err(csv_err("topics.csv"))?;
        }
        let topic_names = &graph.topics.names;
        crate::report::hashtags::write_hashtags(csv_file("hashtags.csv")?, &graph.hashtags, topic_names)
            .map_err(csv_err("hashtags.csv"))?;
        crate::report::hashtags::write_hashtag_pairs(csv_file("hashtag_pairs.csv")?, &graph.hashtags)
            .map_err(csv_err("hashtag_pairs.csv"))?;
        if results.roster.is_some() {
            tables::write_roster(csv_file("roster.csv")?, &results).map_err(csv_err("roster.csv"))?;
        }
        if let Some(t) = &trends {
            use crate::report::trends::{run_mover_lines, write_movers, write_trends};
            write_trends(csv_file("trends.csv")?, t, &graph).map_err(csv_err("trends.csv"))?;
            let movers = t.movers();
            write_movers(csv_file("movers.csv")?, run_mover_lines(&movers, t, &graph))
                .map_err(csv_err("movers.csv"))?;
        }
        Ok(())
    };
    // Gephi opens the graph laid out: community centres from the overview
    // layout, each community's members around its centre.
    let lay_out = || {
        let links = graph.edges.iter().map(|e| (e.source, e.target, e.weight));
        crate::report::pictures::layout::graph_positions(&comms.membership, links, cfg.seed)
    };
    // With topics only: the evidence posts of their leaders.
    let evidence = || -> Result<crate::commands::evidence::Evidence> {
        let reading = crate::commands::evidence::Reading {
            paths: &cfg.inputs,
            entries: &inputs,
            read_as: &read_as,
            columns: &cfg.columns,
            limit: cfg.record_limit(),
        };
        // Beside the pictures, so without its byte bars under the
        // phase's spinner.
        let mut found = crate::commands::evidence::collect(&reading, &results, &Progress::new(true));
        if cfg.pseudonymize.is_some() {
            // Texts, post ids and links would name the accounts.
            for row in &mut found.rows {
                (row.text, row.post_id, row.url) = (String::new(), String::new(), String::new());
                row.created_at = row.created_at.map(|t| t.div_euclid(86_400) * 86_400);
            }
        }
        for (input, why) in &found.not_read_again {
            eprintln!(
                "warning: {}: no evidence posts from this input: {}",
                crate::visible::message(input),
                crate::visible::message(why)
            );
        }
        tables::write_evidence(csv_file("evidence.csv")?, &results, &found.rows).map_err(csv_err("evidence.csv"))?;
        Ok(found)
    };
    // The outputs, in two chains side by side: the tables (and evidence
    // posts) beside the graph layout, then the graph files, the explorer
    // and the workbook (which read the tables); and the pictures (drawn
    // from the results in memory). Most outputs are written by one thread,
    // so beside another they use the core that would wait. Each keeps its
    // own milliseconds (they overlap), and `outputs` is the whole. Higgs:
    // 3.5 s of outputs one after the other (the sum of their stages), 2.5 s
    // so.
    let stage = progress.stage("writing the outputs");
    let all = Instant::now();
    let chain = || -> Result<Option<crate::commands::evidence::Evidence>> {
        let (found, positions) = rayon::join(
            || -> Result<_> {
                timings.time("write", write_tables)?;
                match topic_defs {
                    Some(_) => timings.time("evidence", evidence).map(Some),
                    None => Ok(None),
                }
            },
            || timings.time("graph layout", lay_out),
        );
        let found = found?;
        let graph_files = || {
            timings
                .time("graph files", || crate::report::graph_files::write_graph_files(&staging.dir, Some(&positions)))
        };
        // The explorer is drawn from the tables as written, as `render`
        // draws it, with the positions Gephi gets.
        let explorer = || {
            timings.time("explorer", || {
                let folder = crate::report::folder::Folder::read(&staging.dir)?;
                crate::report::explore::write_explorer(&folder, &positions, cfg.pseudonymize.is_some(), &staging.dir)
            })
        };
        let workbook = || timings.time("workbook", || crate::report::workbook::write(&staging.dir));
        let ((a, b), c) = rayon::join(|| rayon::join(graph_files, explorer), workbook);
        a?;
        b?;
        c?;
        Ok(found)
    };
    let pictures = || {
        timings.time("pictures", || {
            use crate::report::pictures;
            pictures::write(&pictures::PictureInput::from_results(&results), &cfg.pictures, &staging.dir)
        })
    };
    let (evidence, drawn) = rayon::join(chain, pictures);
    timings.record("outputs", all);
    stage.finish_and_clear();
    let evidence = evidence?;
    drawn?;

    let settings = Settings {
        seed: cfg.seed,
        format: cfg.format.map(|f| f.name().to_string()),
        columns: cfg.columns_spec.clone(),
        kind_weights: cfg.weights,
        since: cfg.since.as_ref().map(|s| s.1.clone()),
        until: cfg.until.as_ref().map(|u| u.1.clone()),
        since_at: cfg.since.as_ref().map(|s| format_time(s.0)),
        until_at: cfg.until.as_ref().map(|u| format_time(u.0)),
        languages: cfg.languages.clone(),
        strict: cfg.strict,
        pseudonymized: pseudonyms.map(Into::into),
    };
    let topics_entry = topic_defs.as_ref().map(|defs| {
        let evidence = EvidenceEntry {
            ranks: crate::commands::evidence::RANKS,
            per_account: crate::graph::evidence::PER_ACCOUNT,
            method: crate::commands::evidence::METHOD.into(),
            posts: evidence.as_ref().map_or(0, |e| e.rows.len()),
            texts_dropped: cfg.pseudonymize.is_some(),
            not_read_again: evidence
                .iter()
                .flat_map(|e| &e.not_read_again)
                .map(|(input, reason)| NotReadAgain { input: input.clone(), reason: reason.clone() })
                .collect(),
        };
        let file = cfg.topics.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        (defs, file, evidence)
    });
    let mut manifest = Manifest::of_run(
        RunRecord {
            arguments: cfg.arguments.clone(),
            settings,
            aggregate,
            inputs,
            records: records.clone(),
            pagerank: pr_settings,
            hits: hits_settings,
            leiden: cfg.leiden,
            betweenness: cfg.betweenness,
            topics: topics_entry,
            trends: trends.as_ref().map(crate::report::trends::TrendsEntry::new),
            roster_pseudonyms,
            personas_file: cfg.personas.as_ref().map(|p| p.display().to_string()),
            times_to_the_day: cfg.pseudonymize.is_some(),
            timings_ms: timings.into_map(),
        },
        &results,
    );
    let mp = staging.path("manifest.json");
    let write_manifest = |manifest: &Manifest| -> Result<()> {
        let mut text =
            serde_json::to_string_pretty(manifest).map_err(|e| Error::Write { path: mp.clone(), source: e.into() })?;
        text.push('\n');
        fs::write(&mp, text).map_err(write_err(mp.clone()))
    };
    // The report is drawn from the files above, the manifest's counts
    // included, as `render` would; then every file but the manifest is
    // hashed into it (`dolgraph verify` checks them).
    write_manifest(&manifest)?;
    crate::report::html::write_report(&staging.dir)?;
    manifest.outputs = crate::report::audit::output_entries(&staging.dir)?;
    write_manifest(&manifest)?;
    Ok(RunSummary {
        inputs: cfg.inputs.len(),
        formats,
        records,
        accounts: graph.node_count(),
        edges: graph.edges.len(),
        out: cfg.out.clone(),
        warnings: Vec::new(),
    })
}

/// What [`read_inputs`] read: each input's manifest entry, how it was read
/// (for reading it again), the records of all, and each input's format.
pub(crate) struct InputsRead {
    pub inputs: Vec<InputEntry>,
    pub read_as: Vec<Option<(Format, bool)>>,
    pub records: Records,
    pub formats: Vec<(String, String)>,
}

/// Reads every input of `cfg` into `builder`, rejects into `rejects`, and
/// fails when no record is usable. `analyze` and `suggest-topics` read
/// their inputs so, with the same accounting.
pub(crate) fn read_inputs(
    cfg: &AnalyzeConfig,
    builder: &mut (dyn RecordSink + Send),
    rejects: &mut RejectWriter,
    progress: &Progress,
) -> Result<InputsRead> {
    let mut inputs = Vec::with_capacity(cfg.inputs.len());
    let mut first_reject: Option<String> = None;
    let mut reading = InputReader {
        cfg,
        builder,
        rejects,
        first_reject: &mut first_reject,
        progress,
        read_as: Vec::with_capacity(cfg.inputs.len()),
    };
    for path in &cfg.inputs {
        inputs.push(reading.read(path)?);
    }
    let read_as = std::mem::take(&mut reading.read_as);
    let mut records = Records::default();
    inputs.iter().for_each(|i| records.add(&i.records));
    let formats = inputs
        .iter()
        .map(|i| (i.path.clone(), if i.records.read == 0 { "not read".into() } else { i.format.clone() }))
        .collect();
    if records.used == 0 {
        let failed = inputs.iter().filter(|i| i.error.is_some()).count();
        let first = first_reject
            .or_else(|| inputs.iter().find_map(|i| i.error.clone()))
            .unwrap_or_else(|| "none: every record was skipped or a duplicate".into());
        return Err(Error::NothingUsable { rejected: records.rejected, failed, first });
    }
    Ok(InputsRead { inputs, read_as, records, formats })
}

/// What `analyze --aggregate` reads: the aggregate's graph, and the
/// inputs its shard sets were extracted from with their records counted
/// across all of them (duplicates found by the aggregation).
fn read_aggregate(
    dir: &Path,
    cfg: &AnalyzeConfig,
    topics: Option<&crate::topics::Topics>,
) -> Result<(InputsRead, crate::graph::InteractionGraph, crate::report::manifest::AggregateEntry)> {
    let bad = |reason: String| Error::Input { path: dir.to_path_buf(), reason };
    let meta_path = dir.join("aggregate.json");
    let text = fs::read_to_string(&meta_path)
        .map_err(|e| bad(format!("{e}: no aggregate.json; is this the output folder of scale/aggregate.py?")))?;
    let meta: AggregateMeta =
        serde_json::from_str(&text).map_err(|e| bad(format!("aggregate.json is not an aggregate's ({e})")))?;
    let given = topics.map(|t| t.names()).unwrap_or_default();
    if given != meta.topics {
        let list = |t: &[String]| if t.is_empty() { "none".to_string() } else { t.join(", ") };
        return Err(Error::Usage(format!(
            "the shards were extracted with the topics {}, and --topics gives {}: give the same topics file",
            list(&meta.topics),
            list(&given)
        )));
    }
    let io_err = |e: io::Error| Error::Input { path: dir.to_path_buf(), reason: e.to_string() };
    let graph = crate::graph::aggregate::read_graph(dir, cfg.weights, meta.topics.clone()).map_err(io_err)?;
    let mut counts: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    let counts_path = dir.join("input_counts");
    crate::columnar::read(&counts_path, &["inp", "used", "duplicates"], |r| {
        let n = |c: &crate::columnar::Cell| c.long().and_then(|v| u64::try_from(v).ok());
        match (r[0].long().and_then(|v| u32::try_from(v).ok()), n(&r[1]), n(&r[2])) {
            (Some(i), Some(u), Some(d)) => {
                counts.insert(i, (u, d));
                Ok(())
            }
            _ => Err(io::Error::other(format!("{}: a row of bad counts", counts_path.display()))),
        }
    })
    .map_err(io_err)?;
    let mut inputs = Vec::with_capacity(meta.inputs.len());
    let mut records = Records::default();
    for shard in meta.inputs {
        let mut entry = shard.input;
        if let Some(&(used, duplicates)) = counts.get(&shard.index) {
            (entry.records.used, entry.records.duplicates) = (used, duplicates);
        }
        records.add(&entry.records);
        inputs.push(entry);
    }
    let formats = inputs.iter().map(|i| (i.path.clone(), i.format.clone())).collect();
    let read_as = vec![None; inputs.len()];
    let entry = crate::report::manifest::AggregateEntry {
        dir: dir.display().to_string(),
        engine: meta.engine,
        master: meta.master,
        shard_sets: inputs.len(),
        not_carried: crate::graph::aggregate::NOT_CARRIED.iter().map(|s| s.to_string()).collect(),
    };
    Ok((InputsRead { inputs, read_as, records, formats }, graph, entry))
}

/// aggregate.json, as scale/aggregate.py writes it.
#[derive(serde::Deserialize)]
struct AggregateMeta {
    engine: String,
    #[serde(default)]
    master: Option<String>,
    topics: Vec<String>,
    inputs: Vec<crate::report::manifest::ShardInfo>,
}

/// Reads one input into `sink` as [`read_inputs`] does, without the
/// run's check that some record was usable: `extract` writes each input
/// on its own and checks the run afterwards.
pub(crate) fn read_input(
    cfg: &AnalyzeConfig,
    sink: &mut (dyn RecordSink + Send),
    rejects: &mut RejectWriter,
    progress: &Progress,
    path: &Path,
) -> Result<InputEntry> {
    let mut first_reject = None;
    let mut reading =
        InputReader { cfg, builder: sink, rejects, first_reject: &mut first_reject, progress, read_as: Vec::new() };
    reading.read(path)
}

/// Fails with [`Error::NotFinite`] at the first value of `values` that is
/// NaN or infinite, naming the stage and, where `values` are per account,
/// the account.
fn check_finite(stage: &str, values: &[f64], graph: &crate::graph::InteractionGraph) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(Error::NotFinite {
            stage: stage.to_string(),
            value: values[i],
            account: (values.len() == graph.node_count()).then(|| graph.accounts[i].id.clone()),
        }),
    }
}

/// Milliseconds of each stage of the run for the manifest. Stages may run
/// side by side (rayon::join): each records its own, so their times then
/// overlap.
#[derive(Default)]
struct Laps(std::sync::Mutex<BTreeMap<&'static str, u64>>);

impl Laps {
    /// Runs `f` and records its milliseconds as `name`.
    fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.record(name, t);
        out
    }

    /// Records the milliseconds since `t` as `name`.
    fn record(&self, name: &'static str, t: Instant) {
        let ms = t.elapsed().as_millis() as u64;
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(name, ms);
    }

    fn into_map(self) -> BTreeMap<&'static str, u64> {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Runs one analysis stage under a spinner and records its milliseconds.
fn timed<T>(progress: &Progress, timings: &Laps, name: &'static str, f: impl FnOnce() -> T) -> T {
    let stage = progress.stage(name);
    let out = timings.time(name, f);
    stage.finish_and_clear();
    out
}

/// Why reading an input stopped early.
enum Stop {
    Io(io::Error),
    Run(Error),
    Header(BadHeader),
}

impl From<BadHeader> for Stop {
    fn from(e: BadHeader) -> Self {
        Stop::Header(e)
    }
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Io(e)
    }
}

/// Reads the inputs of a run into the builder, one after another,
/// accounting for every record.
struct InputReader<'r> {
    cfg: &'r AnalyzeConfig,
    builder: &'r mut (dyn RecordSink + Send),
    rejects: &'r mut RejectWriter,
    /// The first reject of the run, for the message when nothing is usable.
    first_reject: &'r mut Option<String>,
    progress: &'r Progress,
    /// How each input read so far was read (`None`: not at all), so that
    /// it can be read again for its evidence posts.
    read_as: Vec<Option<(Format, bool)>>,
}

impl InputReader<'_> {
    /// Reads one input into the builder, accounting for every record.
    ///
    /// A bad file (unreadable, empty, of no known format, a damaged gzip, a
    /// record over the limit) does not stop the run: it is reported on stderr
    /// and in its manifest entry (`error`), the records read from it before
    /// the problem are kept and counted, and the next input is read. Under
    /// `--strict` it stops the run, as a bad record does.
    fn read(&mut self, path: &Path) -> Result<InputEntry> {
        let cfg = self.cfg;
        let mut entry = InputEntry {
            path: path.display().to_string(),
            bytes: 0,
            sha256: String::new(),
            format: cfg.format.map_or("unknown", Format::name).to_string(),
            shape: None,
            gzip: false,
            records: Records::default(),
            rejected_by_reason: BTreeMap::new(),
            skipped_by_reason: BTreeMap::new(),
            error: None,
        };
        self.read_as.push(None);
        match self.records(path, &mut entry) {
            Ok(()) => Ok(entry),
            Err(e) if cfg.strict || !e.is_input_problem() => Err(e),
            Err(e) => {
                let message = e.to_string();
                let note = match entry.records.read {
                    0 => "this input is left out; the run goes on with the others".to_string(),
                    n => format!("the {n} records read before the problem are kept; the run goes on"),
                };
                eprintln!("warning: {}\n  ({note})", crate::visible::message(&message));
                entry.error = Some(message);
                Ok(entry)
            }
        }
    }

    /// [`Self::read`]'s work: fills `entry` as it goes, so that what was read
    /// before a problem is in it when the problem stops the input.
    fn records(&mut self, path: &Path, entry: &mut InputEntry) -> Result<()> {
        let cfg = self.cfg;
        let read_err = |source| Error::Read { path: path.to_path_buf(), source };
        let meta = fs::metadata(path).map_err(read_err)?;
        if meta.is_dir() {
            return Err(Error::Input { path: path.to_path_buf(), reason: "is a folder, not a file of posts".into() });
        }
        let display = entry.path.clone();
        let bar = self.progress.bytes(meta.len(), &display);
        let mut src = Source::open(path, bar.clone()).map_err(read_err)?;
        entry.gzip = src.gzip;
        let limit = cfg.record_limit();
        let outcome = self.source(&mut src, path, entry, limit);
        bar.finish_and_clear();
        let outcome = outcome.and_then(|()| {
            // Read to the end, so that the hash covers the whole file.
            io::copy(&mut src.reader, &mut io::sink()).map(drop).map_err(read_err)
        });
        (entry.bytes, entry.sha256) = src.tally();
        outcome?;
        if entry.records.read == 0 {
            return Err(Error::Empty { path: path.to_path_buf() });
        }
        Ok(())
    }

    /// Detects the format (unless forced) and streams the records of an open
    /// input into the builder.
    fn source(&mut self, src: &mut Source, path: &Path, entry: &mut InputEntry, limit: usize) -> Result<()> {
        let cfg = self.cfg;
        let (builder, rejects, first_reject) = (&mut *self.builder, &mut *self.rejects, &mut *self.first_reject);
        let read_err = |source| Error::Read { path: path.to_path_buf(), source };
        let (head, over_limit) = src.first_record(limit).map_err(read_err)?;
        if head.iter().all(u8::is_ascii_whitespace) {
            if let Some(e) = src.damaged_gzip() {
                return Err(read_err(e));
            }
            return Err(Error::Empty { path: path.to_path_buf() });
        }
        let (format, document) = match cfg.format {
            Some(f) => (f, f.is_line_based() && detect::is_document(&head)),
            None => match detect::detect(&head) {
                Ok(d) => {
                    entry.shape = Some(d.shape);
                    (d.format, d.document)
                }
                Err(detect::Undetected { reason, advice }) => {
                    if let Some(e) = src.damaged_gzip() {
                        return Err(read_err(e));
                    }
                    if over_limit {
                        return Err(read_err(limits::too_long(1, limit, "first record")));
                    }
                    return Err(Error::Detect {
                        path: path.to_path_buf(),
                        reason,
                        supported: Format::supported_list(),
                        advice,
                    });
                }
            },
        };
        drop(head);
        entry.format = format.name().to_string();
        if let Some(last) = self.read_as.last_mut() {
            *last = Some((format, document));
        }
        let input = u32::try_from(self.read_as.len() - 1).unwrap_or(u32::MAX);

        builder.set_platform(format.platform());
        let display = entry.path.clone();
        let records = &mut entry.records;
        let rejected_by_reason = &mut entry.rejected_by_reason;
        let skipped_by_reason = &mut entry.skipped_by_reason;
        let sink = |batch: Vec<Located>| -> Result<(), Stop> {
            for (line, rec) in batch {
                builder.locate(input, line);
                match builder.add(rec) {
                    Accounted::Detail => continue,
                    Accounted::Used => records.used += 1,
                    Accounted::Duplicate => records.duplicates += 1,
                    Accounted::Skipped(why) => {
                        records.skipped += 1;
                        *skipped_by_reason.entry(why.to_string()).or_default() += 1;
                    }
                    Accounted::Rejected(why) => {
                        // Reasons quote the record (handles, texts): under
                        // --pseudonymize only their class is kept. They are
                        // shown in rejects.jsonl, the manifest, the report
                        // and on a terminal, never acted on.
                        let class = why.class();
                        let reason = if cfg.pseudonymize.is_some() {
                            class.clone()
                        } else {
                            crate::visible::apply(why.message(), crate::visible::message)
                        };
                        if cfg.strict {
                            return Err(Stop::Run(Error::Strict { path: path.to_path_buf(), line, reason }));
                        }
                        records.rejected += 1;
                        *rejected_by_reason.entry(class).or_default() += 1;
                        if first_reject.is_none() {
                            *first_reject = Some(format!("{display}:{line}: {reason}"));
                        }
                        rejects
                            .write(&display, line, &reason)
                            .map_err(|source| Stop::Run(Error::Write { path: "rejects.jsonl".into(), source }))?;
                    }
                }
                records.read += 1;
            }
            Ok(())
        };
        let reader: &mut dyn BufRead = &mut *src.reader;
        let outcome = stream(reader, format, document, limit, &cfg.columns, None, sink);
        match outcome {
            Ok(()) => Ok(()),
            Err(Stop::Io(e)) => Err(read_err(e)),
            Err(Stop::Run(e)) => Err(e),
            Err(Stop::Header(BadHeader(reason))) => Err(Error::Input { path: path.to_path_buf(), reason }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KindWeights;

    #[test]
    fn a_score_that_is_not_a_number_stops_the_run_naming_the_stage() {
        let graph = GraphBuilder::new(KindWeights::default(), None, None).finish();
        assert!(check_finite("pagerank", &[0.5, 0.5], &graph).is_ok());
        let e = check_finite("hits (hub)", &[0.5, f64::NAN], &graph).expect_err("NaN");
        assert!(e.to_string().starts_with("hits (hub) gave NaN instead of a number"), "{e}");
        let e = check_finite("dol_score", &[f64::INFINITY], &graph).expect_err("inf");
        assert!(e.to_string().contains("dol_score gave inf"), "{e}");
    }
}
