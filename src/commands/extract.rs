//! `extract`: reads each input as `analyze` does (the same readers, the
//! same accounting, the same topic classification) and writes its records
//! as a shard set of Parquet tables (see [`crate::graph::shards`]) instead
//! of building the graph. `scale/aggregate.py` then de-duplicates and
//! aggregates any number of shard sets on Spark or DataFusion, and
//! `analyze --aggregate` reads the result.
//!
//! One shard set per input, in a folder named by the input's SHA-256, so
//! a task run again on the same file writes the same folder: it is
//! written beside it first and moved into place in one step.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::ExtractConfig;
use crate::error::{Error, Result};
use crate::graph::shards::ShardWriter;
use crate::progress::Progress;
use crate::report::manifest::{Records, ShardInfo};
use crate::report::rejects::RejectWriter;

/// What a run wrote.
#[derive(Debug)]
pub struct Extracted {
    pub shards: Vec<PathBuf>,
    pub records: Records,
    pub warnings: Vec<String>,
}

/// Runs `extract` on a thread pool of the configured size.
pub fn extract(cfg: &ExtractConfig) -> Result<Extracted> {
    crate::par::with_pool(cfg.read.threads, || run(cfg))?
}

fn run(cfg: &ExtractConfig) -> Result<Extracted> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    fs::create_dir_all(&cfg.out).map_err(write_err(&cfg.out))?;
    let topics = crate::topics::load_optional(cfg.read.topics.as_ref())?;
    let names = topics.as_ref().map(|t| t.names()).unwrap_or_default();
    let progress = Progress::new(cfg.read.quiet);
    let mut done = Extracted { shards: Vec::new(), records: Records::default(), warnings: Vec::new() };
    for (i, path) in cfg.read.inputs.iter().enumerate() {
        let index = cfg.first_index.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        let partial = cfg.out.join(format!(".partial-{index}-{}", std::process::id()));
        if partial.exists() {
            fs::remove_dir_all(&partial).map_err(write_err(&partial))?;
        }
        fs::create_dir_all(&partial).map_err(write_err(&partial))?;
        let mut shard = ShardWriter::create(&partial, index, topics.clone()).map_err(write_err(&partial))?;
        let rejects_path = partial.join("rejects.jsonl");
        let mut rejects = RejectWriter::create(&rejects_path).map_err(write_err(&rejects_path))?;
        let entry = super::analyze::read_input(&cfg.read, &mut shard, &mut rejects, &progress, path)?;
        rejects.finish().map_err(write_err(&rejects_path))?;
        let counts = shard.counts.clone();
        shard.finish().map_err(write_err(&partial))?;
        if let Some(e) = &entry.error {
            done.warnings.push(e.clone());
        }
        done.records.add(&entry.records);
        let platform = crate::ingest::Format::ALL
            .into_iter()
            .find(|f| f.name() == entry.format && entry.records.read > 0)
            .map(|f| f.platform().name().to_string());
        let name = if entry.sha256.is_empty() { format!("unread-{index}") } else { entry.sha256.clone() };
        let info = ShardInfo {
            dolgraph: env!("CARGO_PKG_VERSION").into(),
            index,
            platform,
            topics: names.clone(),
            input: entry,
            counts,
        };
        let info_path = partial.join("input.json");
        let json = serde_json::to_vec_pretty(&info)
            .map_err(|e| Error::Write { path: info_path.clone(), source: std::io::Error::other(e) })?;
        fs::write(&info_path, json).map_err(write_err(&info_path))?;
        let dest = cfg.out.join(name);
        if dest.exists() {
            fs::remove_dir_all(&dest).map_err(write_err(&dest))?;
        }
        fs::rename(&partial, &dest).map_err(write_err(&dest))?;
        done.shards.push(dest);
    }
    if done.records.used == 0 {
        return Err(Error::NothingUsable {
            rejected: done.records.rejected,
            failed: done.warnings.len(),
            first: done.warnings.first().cloned().unwrap_or_else(|| "none: every record was skipped".into()),
        });
    }
    Ok(done)
}
