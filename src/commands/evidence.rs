//! The text of the evidence posts: a second, narrow pass over the inputs.
//!
//! The graph builder chose each (topic, account)'s most engaged own posts
//! and noted where they are (graph::evidence); this reads just those lines
//! again, for the top [`RANKS`] accounts of every topic listed in
//! topics.csv. Every other line is split but not parsed, so the pass costs
//! reading and hashing the bytes, not parsing them. Memory holds the chosen
//! posts only: at most 3 x RANKS per topic.
//!
//! An input is only trusted to be the same as in the first pass when its
//! SHA-256 is: a file changed in between, a pipe (read once), or an input
//! that fails this time gives no evidence, and the run says so.

use std::io::{self, BufRead};
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::evidence::{EvidencePost, post_link};
use crate::ingest::csv_export::ColumnMap;
use crate::ingest::source::Source;
use crate::ingest::stream::{BadHeader, stream};
use crate::ingest::{Format, Record};
use crate::progress::Progress;
use crate::report::Results;
use crate::report::manifest::InputEntry;
use crate::report::tables::EvidenceRow;

/// How the inputs were read the first time, to read them so again.
pub struct Reading<'a> {
    /// The inputs, in the run's order (the posts' `input` indices).
    pub paths: &'a [std::path::PathBuf],
    /// What the first pass found of each: its hash, and whether it failed.
    pub entries: &'a [InputEntry],
    /// The format each was read as (`None`: not read at all).
    pub read_as: &'a [Option<(Format, bool)>],
    pub columns: &'a ColumnMap,
    /// The longest record read (`--max-record-bytes`).
    pub limit: usize,
}

/// Accounts of each topic, from rank 1, whose posts are shown.
pub const RANKS: usize = 100;

/// How the posts are chosen, for the manifest.
pub const METHOD: &str = "an account's own posts on the topic (not reposts), most engaged first: engagements are the \
     replies, quotes and reposts by other accounts that the input holds for the post; ties in input order; empty where \
     the post's input names no post that a reply, quote or repost answers (an export naming only accounts): unknown, not 0";

/// Characters of a post's text kept (an X post's length).
pub const TEXT_CHARS: usize = 280;

/// What the pass found, for the manifest.
#[derive(Debug, Default)]
pub struct Evidence {
    pub rows: Vec<EvidenceRow>,
    /// Inputs whose posts could not be read again, and why.
    pub not_read_again: Vec<(String, String)>,
}

/// Finds the text of the evidence posts of the accounts listed in
/// topics.csv (the first [`RANKS`] of each topic).
pub fn collect(reading: &Reading<'_>, results: &Results<'_>, progress: &Progress) -> Evidence {
    let graph = results.graph;
    let chosen = &graph.topics.evidence;
    let mut rows: Vec<EvidenceRow> = Vec::new();
    let mut chosen_of: Vec<EvidencePost> = Vec::new();
    for (topic, ranking) in results.topics.rankings.iter().enumerate() {
        for (rank, row) in results.listed(ranking).take(RANKS) {
            let key = (topic as u16, row.account);
            let start = chosen.partition_point(|e| (e.topic, e.author) < key);
            for e in chosen[start..].iter().take_while(|e| (e.topic, e.author) == key) {
                rows.push(EvidenceRow {
                    topic,
                    rank,
                    account: row.account,
                    engagements: e.engagements,
                    ..EvidenceRow::default()
                });
                chosen_of.push(*e);
            }
        }
    }
    // Which rows each input's (line, ordinal) fills.
    let mut wanted: FxHashMap<u32, FxHashMap<(u64, u32), Vec<usize>>> = FxHashMap::default();
    for (i, e) in chosen_of.iter().enumerate() {
        wanted.entry(e.at.input).or_default().entry((e.at.line, e.at.ordinal)).or_default().push(i);
    }
    let mut found = vec![false; rows.len()];
    let mut not_read_again = Vec::new();
    let mut order: Vec<u32> = wanted.keys().copied().collect();
    order.sort_unstable();
    for input in order {
        let slots = &wanted[&input];
        let i = input as usize;
        let (Some(path), Some(entry), Some(Some(how))) =
            (reading.paths.get(i), reading.entries.get(i), reading.read_as.get(i))
        else {
            continue;
        };
        let mut texts: FxHashMap<usize, (String, Option<i64>, String)> = FxHashMap::default();
        match read_again(reading, path, entry, *how, slots, progress, &mut texts) {
            Ok(()) => {
                for (slot, (text, time, key)) in texts {
                    let handle = graph.accounts[rows[slot].account as usize].handle.as_deref();
                    let (post_id, url) = post_link(&key, handle);
                    let row = &mut rows[slot];
                    (row.text, row.created_at, row.post_id, row.url) = (text, time, post_id, url.unwrap_or_default());
                    found[slot] = true;
                }
            }
            Err(why) => not_read_again.push((entry.path.clone(), why)),
        }
    }
    let mut kept = found.iter();
    rows.retain(|_| *kept.next().unwrap_or(&false));
    Evidence { rows, not_read_again }
}

/// Reads one input again, keeping the posts at `slots`; fails (with the
/// reason, for the manifest) when the input is not the one first read.
fn read_again(
    reading: &Reading<'_>,
    path: &Path,
    entry: &InputEntry,
    (format, document): (Format, bool),
    slots: &FxHashMap<(u64, u32), Vec<usize>>,
    progress: &Progress,
    texts: &mut FxHashMap<usize, (String, Option<i64>, String)>,
) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it again: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file: it could be read only once".into());
    }
    let bar = progress.bytes(meta.len(), &format!("{} (evidence posts)", entry.path));
    let mut src = Source::open(path, bar.clone()).map_err(|e| format!("cannot read it again: {e}"))?;
    let lines: FxHashSet<u64> = slots.keys().map(|&(line, _)| line).collect();
    let mut last_line = None;
    let mut ordinal = 0u32;
    let sink = |batch: Vec<crate::ingest::Located>| -> Result<(), Again> {
        for (line, rec) in batch {
            if last_line != Some(line) {
                last_line = Some(line);
                ordinal = 0;
            }
            let Record::Post(post) = rec else { continue };
            if let Some(slot) = slots.get(&(line, ordinal)) {
                let post = *post;
                let text = cut(&crate::visible::text(&post.text), TEXT_CHARS);
                for &s in slot {
                    texts.insert(s, (text.clone(), post.time, post.key.clone()));
                }
            }
            ordinal += 1;
        }
        Ok(())
    };
    let reader: &mut dyn BufRead = &mut *src.reader;
    let outcome = stream(reader, format, document, reading.limit, reading.columns, Some(&lines), sink);
    let rest = outcome.map_err(|e| e.0).and_then(|()| io::copy(&mut src.reader, &mut io::sink()).map(drop));
    bar.finish_and_clear();
    if let Err(e) = rest
        && entry.error.is_none()
    {
        return Err(format!("reading it again failed: {e}"));
    }
    let (bytes, sha256) = src.tally();
    if entry.error.is_none() && (bytes != entry.bytes || sha256 != entry.sha256) {
        texts.clear();
        return Err("it changed after it was read (its SHA-256 differs)".into());
    }
    Ok(())
}

/// Why the second pass stopped: read errors and a header that no longer
/// fits are both "the input is not as it was".
struct Again(io::Error);

impl From<io::Error> for Again {
    fn from(e: io::Error) -> Self {
        Again(e)
    }
}

impl From<BadHeader> for Again {
    fn from(e: BadHeader) -> Self {
        Again(io::Error::other(e.0))
    }
}

/// `s` cut to at most `n` characters, the last one an ellipsis when cut.
fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some(_) => {
            let end = s.char_indices().nth(n - 1).map_or(s.len(), |(i, _)| i);
            format!("{}…", &s[..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_on_a_character_boundary() {
        assert_eq!(cut("short", 280), "short");
        assert_eq!(cut("ééééé", 5), "ééééé");
        assert_eq!(cut("éééééé", 5), "éééé…");
        assert_eq!(cut(&"🦠".repeat(300), 280).chars().count(), 280);
    }
}
