//! `compare`: who rose and who faded between two finished runs (this
//! quarter's folder against last quarter's), from their topics.csv, with
//! the rule of movers.csv ([`crate::analysis::movers`]). Accounts are
//! matched by id. Two runs whose topics differ rank different things, so
//! they are refused, naming the difference.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::analysis::movers::{self, Mover, Ranked, Status};
use crate::config::CompareConfig;
use crate::error::{Error, Result};
use crate::report::audit::OutputEntry;
use crate::report::folder::{Folder, RunInfo};
use crate::report::output::Staging;
use crate::report::trends::{MoverLine, write_movers};
use crate::topics::Topic;

/// What `compare` wrote, for the line on stderr.
#[derive(Debug)]
pub struct CompareSummary {
    pub out: PathBuf,
    /// Accounts listed per status, in [`Status`] order.
    pub counts: [usize; 5],
    pub warnings: Vec<String>,
}

/// The manifest of a compare folder: what was compared and with which rule.
#[derive(Serialize)]
struct CompareManifest<'a> {
    tool: crate::report::manifest::Tool,
    arguments: &'a [String],
    command: &'static str,
    old: Side,
    new: Side,
    topics: Vec<&'a str>,
    rule: String,
    outputs: Vec<OutputEntry>,
}

#[derive(Serialize)]
struct Side {
    dir: String,
    /// First and last time of the posts the run used.
    period: Option<[String; 2]>,
}

/// Compares the runs in `old` and `new` into `out` (movers.csv and a
/// manifest.json), replaced in one step as `analyze` replaces its folder.
pub fn compare(cfg: &CompareConfig) -> Result<CompareSummary> {
    let (old, new, out, arguments) = (cfg.old.as_path(), cfg.new.as_path(), cfg.out.as_path(), &cfg.arguments);
    let (old_info, new_info) = (RunInfo::read(old)?, RunInfo::read(new)?);
    let topics = same_topics(old, &old_info, new, &new_info)?;
    let (before, after) = (Folder::read(old)?, Folder::read(new)?);
    let staging = Staging::create(out, cfg.force, &[old.to_path_buf(), new.to_path_buf()])?;
    let result = write(&staging, &topics, &before, &after, arguments, [(old, &old_info), (new, &new_info)]);
    match result {
        Ok(counts) => Ok(CompareSummary { out: out.to_path_buf(), counts, warnings: staging.commit()? }),
        Err(e) => {
            staging.abandon();
            Err(e)
        }
    }
}

fn write(
    staging: &Staging,
    topics: &[Topic],
    before: &Folder,
    after: &Folder,
    arguments: &[String],
    sides: [(&Path, &RunInfo); 2],
) -> Result<[usize; 5]> {
    // Accounts are matched by id; each gets a number for the comparison,
    // and its handle from the newer run where it is in both.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<(&str, &str)> = Vec::new();
    for folder in [after, before] {
        for a in &folder.accounts {
            ids.entry(&a.id).or_insert_with(|| {
                names.push((&a.id, if a.handle.is_empty() { &a.id } else { &a.handle }));
                names.len() as u32 - 1
            });
        }
    }
    let ranking = |f: &Folder, topic: &str| -> Vec<Ranked<u32>> {
        let mut rows: Vec<_> = f.topics.iter().filter(|r| r.topic == topic).collect();
        rows.sort_by_key(|r| r.rank);
        rows.iter().map(|r| Ranked { key: ids[f.accounts[r.account as usize].id.as_str()], score: r.score }).collect()
    };
    let movers: Vec<(&str, Vec<Mover<u32>>)> = topics
        .iter()
        .map(|t| (t.name.as_str(), movers::compare(&ranking(before, &t.name), &ranking(after, &t.name))))
        .collect();
    let mut counts = [0usize; 5];
    let statuses = [Status::New, Status::Rising, Status::Steady, Status::Falling, Status::Gone];
    for m in movers.iter().flat_map(|(_, list)| list) {
        counts[statuses.iter().position(|&s| s == m.status).unwrap_or(2)] += 1;
    }
    let lines = movers.iter().flat_map(|(topic, list)| {
        list.iter().map(|m| {
            let (id, handle) = names[m.key as usize];
            MoverLine { topic, id, handle, mover: m }
        })
    });
    let path = staging.path("movers.csv");
    let file = fs::File::create(&path).map_err(|source| Error::Write { path: path.clone(), source })?;
    write_movers(std::io::BufWriter::new(file), lines)
        .map_err(|e| Error::Write { path: path.clone(), source: std::io::Error::other(e) })?;
    let side = |(dir, info): (&Path, &RunInfo)| Side {
        dir: dir.display().to_string(),
        period: info.period.clone().map(|(a, b)| [a, b]),
    };
    let mut manifest = CompareManifest {
        tool: crate::report::manifest::Tool::default(),
        arguments,
        command: "compare",
        old: side(sides[0]),
        new: side(sides[1]),
        topics: topics.iter().map(|t| t.name.as_str()).collect(),
        rule: movers::rule(),
        outputs: Vec::new(),
    };
    manifest.outputs = crate::report::audit::output_entries(&staging.dir)?;
    let mp = staging.path("manifest.json");
    let mut text =
        serde_json::to_string_pretty(&manifest).map_err(|e| Error::Write { path: mp.clone(), source: e.into() })?;
    text.push('\n');
    fs::write(&mp, text).map_err(|source| Error::Write { path: mp, source })?;
    Ok(counts)
}

/// The topics both runs ranked, or a usage error naming how they differ.
fn same_topics(old: &Path, o: &RunInfo, new: &Path, n: &RunInfo) -> Result<Vec<Topic>> {
    let none = |dir: &Path| {
        Error::Usage(format!(
            "{} has no topics: compare needs two runs of `dolgraph analyze --topics FILE` with the same topics",
            dir.display()
        ))
    };
    let a = o.topics.as_ref().ok_or_else(|| none(old))?;
    let b = n.topics.as_ref().ok_or_else(|| none(new))?;
    let names = |l: &[Topic], other: &[Topic]| -> Vec<String> {
        l.iter().filter(|t| !other.iter().any(|u| u.name == t.name)).map(|t| t.name.clone()).collect()
    };
    let mut differences = Vec::new();
    for (side, only) in [(old, names(a, b)), (new, names(b, a))] {
        if !only.is_empty() {
            differences.push(format!("only in {}: {}", side.display(), only.join(", ")));
        }
    }
    for t in a {
        if let Some(u) = b.iter().find(|u| u.name == t.name) {
            let sorted = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v
            };
            for (what, x, y) in [("hashtags", &t.hashtags, &u.hashtags), ("keywords", &t.keywords, &u.keywords)] {
                if sorted(x) != sorted(y) {
                    differences.push(format!(
                        "{} has other {what} ({}: {}; {}: {})",
                        t.name,
                        old.display(),
                        x.join(", "),
                        new.display(),
                        y.join(", ")
                    ));
                }
            }
        }
    }
    if differences.is_empty() {
        Ok(a.clone())
    } else {
        Err(Error::Usage(format!(
            "the two runs ranked different topics, so their ranks do not compare: {}; rerun them with the same topics file",
            differences.join("; ")
        )))
    }
}
