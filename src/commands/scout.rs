//! Collaborator scouting: the MSL question "who should I talk to about this
//! topic, near the people I already know?".
//!
//! Candidates are the topic's ranked DOLs (topics.csv). Without `--near`
//! they keep the topic's order. With `--near`, each candidate's topic score
//! is multiplied by its closeness to the known accounts: personalised
//! PageRank (restarts at the known accounts, damping 0.85) on the
//! undirected interaction graph, scaled so the closest candidate has 1. A
//! strong DOL two steps from a known contact beats an equally strong one
//! in another corner of the network, and a weak DOL next door does not beat
//! a strong one nearby. The hop count and the known account it runs from
//! are reported, so the reason can be checked by hand. The PageRank is
//! [`pagerank::personalised`] on the folder's edges as a symmetric
//! [`Csr`]; how it converged goes with each candidate in the JSON output
//! (scout writes no manifest; the analyze run's, when scouting from
//! inputs, is in a folder removed at the end).
//!
//! Like [`render`](super::render), it works on a finished run: an output
//! folder read back by [`Folder`], never the analysis in memory, so a
//! folder shared by a colleague can be scouted as it is. Scouting from
//! inputs analyzes them into a temporary folder first, with the settings
//! `cli` made of scout's command line as an `analyze` command line.

use std::collections::VecDeque;
use std::fs;
use std::io;
use std::path::PathBuf;

use crate::analysis::pagerank;
use crate::config::{ListFormat, ScoutConfig, ScoutFrom, ScoutQuery};
use crate::error::{Error, Result};
use crate::graph::Csr;
use crate::report::folder::Folder;
use crate::report::scout::{Candidate, ClosenessConvergence};

/// Runs `scout`; returns the text to print on stdout.
pub fn run(cfg: &ScoutConfig) -> Result<String> {
    let list = match &cfg.from {
        ScoutFrom::Folder(dir) => Folder::read(dir).and_then(|f| scout(&f, &cfg.query))?,
        ScoutFrom::Inputs(analyze) => {
            let temp = TempDir::create()?;
            let out = temp.0.join("out");
            super::analyze::analyze(&crate::config::AnalyzeConfig { out: out.clone(), ..(**analyze).clone() })?;
            Folder::read(&out).and_then(|f| scout(&f, &cfg.query))?
        }
    };
    Ok(match cfg.output {
        ListFormat::Table => crate::report::scout::table(&list, !cfg.query.near.is_empty()),
        ListFormat::Csv => crate::report::scout::csv(&list),
        ListFormat::Json => crate::report::scout::json(&list),
    })
}

/// A fresh private folder under the system's temporary folder, removed
/// when dropped (also when the run fails).
struct TempDir(PathBuf);

impl TempDir {
    fn create() -> Result<TempDir> {
        let base = std::env::temp_dir();
        for i in 0..100u32 {
            let p = base.join(format!("dolgraph-scout-{}-{i}", std::process::id()));
            match fs::create_dir(&p) {
                Ok(()) => return Ok(TempDir(p)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(Error::Write { path: p, source }),
            }
        }
        Err(Error::Write { path: base, source: io::Error::other("no free temporary folder name") })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Ranks collaborator candidates in an output folder.
pub fn scout(f: &Folder, q: &ScoutQuery) -> Result<Vec<Candidate>> {
    let mut topics: Vec<&str> = f.topics.iter().map(|t| t.topic.as_str()).collect();
    topics.dedup();
    if topics.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no topic rankings (topics.csv); run `dolgraph analyze ... --topics FILE` first",
            f.dir.display()
        )));
    }
    // Topics are matched in any case, as personas are (`--topic RWE`).
    let Some(topic) = topics.iter().copied().find(|t| *t == q.topic).or_else(|| {
        let mut folded = topics.iter().copied().filter(|t| t.eq_ignore_ascii_case(&q.topic));
        folded.next().filter(|_| folded.next().is_none())
    }) else {
        return Err(Error::Usage(format!(
            "unknown topic '{}'{}; topics in {}: {}",
            q.topic,
            suggest(&q.topic, topics.iter().copied()),
            f.dir.display(),
            topics.join(", ")
        )));
    };
    if let Some(c) = q.community {
        let count = f.communities.len();
        if c as usize >= count || f.communities[c as usize].size == 0 {
            return Err(Error::Usage(format!(
                "no community {c} in {}: its communities are 0 to {} (communities.csv)",
                f.dir.display(),
                count.saturating_sub(1)
            )));
        }
    }
    let mut near: Vec<u32> = Vec::new();
    for h in &q.near {
        near.extend(find_near(f, h)?);
    }
    let n = f.accounts.len();
    let graph = Csr::symmetric(n, &f.edges);
    let (ppr, hops) = if near.is_empty() {
        (None, None)
    } else {
        (Some(pagerank::personalised(&graph, &near, &pagerank::PERSONALISED)), Some(hops_from(&graph, &near)))
    };
    // Recorded with each candidate (JSON) and warned about when it did not
    // converge: scout writes no manifest of its own.
    let convergence = ppr.as_ref().map(|p| ClosenessConvergence {
        settings: pagerank::PERSONALISED,
        iterations: p.iterations,
        residual: p.residual,
        converged: p.converged,
    });
    if let Some(c) = convergence.as_ref().filter(|c| !c.converged) {
        eprintln!(
            "warning: closeness (personalised PageRank) did not converge in {} iterations: last change {:e}, \
             tolerance {:e}; the order of close candidates may be uncertain",
            c.iterations, c.residual, c.settings.tolerance
        );
    }
    let closeness = ppr.map(|p| p.scores);

    let mut rows: Vec<&crate::report::folder::TopicRow> = f
        .topics
        .iter()
        .filter(|t| t.topic == topic)
        .filter(|t| !near.contains(&t.account))
        .filter(|t| q.persona.is_none_or(|p| f.accounts[t.account as usize].persona == p.name()))
        .filter(|t| q.community.is_none_or(|c| f.accounts[t.account as usize].community == c))
        .collect();
    let best_closeness = closeness.as_ref().map(|c| rows.iter().map(|t| c[t.account as usize]).fold(0.0f64, f64::max));
    let close = |a: u32| -> Option<f64> {
        let c = closeness.as_ref()?;
        let best = best_closeness.unwrap_or(0.0);
        Some(if best > 0.0 { c[a as usize] / best } else { 0.0 })
    };
    let score = |t: &crate::report::folder::TopicRow| t.score * close(t.account).unwrap_or(1.0);
    rows.sort_by(|a, b| score(b).total_cmp(&score(a)).then(a.rank.cmp(&b.rank)));
    Ok(rows
        .into_iter()
        .take(q.limit)
        .enumerate()
        .map(|(i, t)| {
            let a = &f.accounts[t.account as usize];
            let (hop, via) = match hops.as_ref().map(|h| h[t.account as usize]) {
                Some((d, from)) if d != u32::MAX => (Some(d), Some(f.accounts[from as usize].handle.clone())),
                _ => (None, None),
            };
            Candidate {
                rank: i + 1,
                handle: a.handle.clone(),
                id: a.id.clone(),
                name: a.name.clone(),
                score: score(t),
                topic_score: t.score,
                topic_rank: t.rank,
                closeness: close(t.account),
                hops: hop,
                via,
                community: a.community,
                persona: a.persona.clone(),
                why: t.why.clone(),
                closeness_convergence: convergence.clone(),
            }
        })
        .collect())
}

/// The account a `--near` value names: a handle (with or without `@`, any
/// case) or an id; otherwise an error suggesting the nearest handles.
/// The accounts `--near` names: an account (handle or id), or a roster
/// person (id, or name in any case) and all their accounts found.
fn find_near(f: &Folder, name: &str) -> Result<Vec<u32>> {
    let want = name.trim();
    let person = f
        .roster
        .iter()
        .find(|p| p.id == want)
        .or_else(|| f.roster.iter().find(|p| !p.name.is_empty() && p.name.eq_ignore_ascii_case(want)));
    match person {
        Some(p) if p.accounts.is_empty() => Err(Error::Usage(format!(
            "roster person '{name}' ({}) has no account in {}: nothing to scout near",
            p.id,
            f.dir.display()
        ))),
        Some(p) => Ok(p.accounts.clone()),
        None => find_account(f, name).map(|a| vec![a]),
    }
}

fn find_account(f: &Folder, name: &str) -> Result<u32> {
    let want = name.trim().trim_start_matches('@');
    let hit = f
        .accounts
        .iter()
        .position(|a| a.handle.eq_ignore_ascii_case(want) || a.id == want)
        .or_else(|| f.accounts.iter().position(|a| a.id.eq_ignore_ascii_case(want)));
    hit.map(|i| i as u32).ok_or_else(|| {
        Error::Usage(format!(
            "no account '{name}' in {}{}",
            f.dir.display(),
            suggest(want, f.accounts.iter().map(|a| a.handle.as_str()))
        ))
    })
}

/// "; did you mean X, Y?" for the names closest to `want` (edit distance,
/// case-insensitive), or nothing when none is close.
fn suggest<'a>(want: &str, names: impl Iterator<Item = &'a str>) -> String {
    let w = want.to_lowercase();
    let mut scored: Vec<(usize, &str)> =
        names.filter(|n| !n.is_empty()).map(|n| (edit_distance(&w, &n.to_lowercase()), n)).collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.1 == b.1);
    let limit = (w.chars().count() / 2).max(2);
    let close: Vec<&str> = scored.iter().filter(|(d, _)| *d <= limit).take(3).map(|(_, n)| *n).collect();
    if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) }
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Hops from the nearest seed, and which seed (u32::MAX when unreachable).
fn hops_from(g: &Csr, seeds: &[u32]) -> Vec<(u32, u32)> {
    let mut out = vec![(u32::MAX, u32::MAX); g.node_count()];
    let mut queue = VecDeque::new();
    for &s in seeds {
        if out[s as usize].0 == u32::MAX {
            out[s as usize] = (0, s);
            queue.push_back(s);
        }
    }
    while let Some(u) = queue.pop_front() {
        let (d, from) = out[u as usize];
        for &v in g.targets(u as usize) {
            if out[v as usize].0 == u32::MAX {
                out[v as usize] = (d + 1, from);
                queue.push_back(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::folder::{AccountRow, TopicRow};

    fn folder() -> Folder {
        // A path a-b-c-d and a far island e-f; DOLs c (near a) and f (far),
        // f slightly stronger on the topic.
        let names = ["a", "b", "c", "d", "e", "f"];
        let accounts = names
            .iter()
            .map(|n| AccountRow {
                id: n.to_string(),
                handle: format!("H{n}"),
                persona: "hcp".into(),
                ..AccountRow::default()
            })
            .collect();
        let t = |account: u32, rank: u32, score: f64| TopicRow {
            topic: "rwe".into(),
            rank,
            account,
            score,
            why: String::new(),
        };
        Folder {
            dir: "out".into(),
            accounts,
            edges: vec![(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (4, 5, 1.0)],
            communities: Vec::new(),
            topics: vec![t(5, 1, 10.0), t(2, 2, 9.0), t(0, 3, 1.0)],
            roster: Vec::new(),
        }
    }

    fn q(near: &[&str]) -> ScoutQuery {
        ScoutQuery {
            topic: "rwe".into(),
            near: near.iter().map(|s| s.to_string()).collect(),
            limit: 10,
            ..ScoutQuery::default()
        }
    }

    #[test]
    fn closeness_reorders_and_known_accounts_are_left_out() {
        let f = folder();
        let plain = scout(&f, &q(&[])).expect("scout");
        assert_eq!(plain.iter().map(|c| c.handle.as_str()).collect::<Vec<_>>(), ["Hf", "Hc", "Ha"]);
        let near = scout(&f, &q(&["@ha"])).expect("scout");
        assert_eq!(near.iter().map(|c| c.handle.as_str()).collect::<Vec<_>>(), ["Hc", "Hf"]);
        assert_eq!((near[0].hops, near[0].via.as_deref(), near[0].closeness), (Some(2), Some("Ha"), Some(1.0)));
        assert_eq!((near[1].hops, near[1].score), (None, 0.0), "unreachable: no closeness");
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let f = folder();
        let e =
            scout(&f, &ScoutQuery { topic: "rwd".into(), limit: 5, ..ScoutQuery::default() }).unwrap_err().to_string();
        assert!(e.contains("unknown topic 'rwd'; did you mean rwe?"), "{e}");
        let e = scout(&f, &q(&["Hx"])).unwrap_err().to_string();
        assert!(e.contains("no account 'Hx' in out; did you mean Ha, Hb, Hc?"), "{e}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn personalised_pagerank_sums_to_one() {
        let f = folder();
        let g = Csr::symmetric(6, &f.edges);
        let p = pagerank::personalised(&g, &[0, 4], &pagerank::PERSONALISED);
        assert!(p.converged && p.iterations > 1, "{p:?}");
        assert!((p.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p.scores[1] > p.scores[2] && p.scores[2] > p.scores[3]);
        assert_eq!(hops_from(&g, &[0])[3], (3, 0));
    }

    #[test]
    fn convergence_goes_with_candidates_near_only() {
        let f = folder();
        let near = scout(&f, &q(&["@ha"])).expect("scout");
        let c = near[0].closeness_convergence.as_ref().expect("recorded");
        assert!(c.converged && c.residual < 1e-10 && c.iterations > 1);
        assert!(scout(&f, &q(&[])).expect("scout").iter().all(|c| c.closeness_convergence.is_none()));
    }
}
