//! `extract`'s side of the graph: instead of building the graph, writes
//! each record of one input as rows of flat Parquet tables (a shard set),
//! for an engine that de-duplicates and aggregates many inputs at once
//! (`scale/aggregate.py`). The rules of [`GraphBuilder`](super::GraphBuilder)
//! that need every input (de-duplication, resolving a reference to the
//! post's author, mentions already reached, account order) are applied
//! there; what needs only this input is done here: topic classification,
//! weight checks, and the long-format rows that continue the post just
//! read (one row per mention of a post, as listening tools export).
//!
//! Every row carries `(input, rec)`: the input's place in the run and the
//! record's place in the input. The aggregation orders by them, so the
//! accounts come out in the first-seen order a plain `analyze` of the same
//! inputs in the same order gives, and so do their ids.

use std::io;
use std::path::Path;

use rustc_hash::FxHashSet;

use super::Accounted;
use crate::columnar::{Kind as Col, TableWriter, Value};
use crate::ingest::{AccountRef, Platform, Post, Record};
use crate::topics::Topics;

/// The tables of a shard set and their columns. `scale/aggregate.sql`
/// reads them by these names.
pub const TABLES: [(&str, &[(&str, Col)]); 8] = [
    (
        "posts",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("pkey", Col::Text),
            ("alias_key", Col::Text),
            ("author", Col::Text),
            ("at", Col::Long),
            ("is_repost", Col::Bool),
            // A repeat of a key already read in this input: only `key`
            // and `cont` are set (the aggregation counts it).
            ("is_repeat", Col::Bool),
            // A repeat that continued the post just read with new mentions.
            ("is_cont", Col::Bool),
            // What the platform reported (graph::engagement): summed,
            // with the languages, over each account's own posts.
            ("likes", Col::Long),
            ("reposts", Col::Long),
            ("replies", Col::Long),
            ("impressions", Col::Long),
            ("lang", Col::Text),
        ],
    ),
    ("post_topics", &[("inp", Col::Long), ("rec", Col::Long), ("topic", Col::Long)]),
    (
        "refs",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("slot", Col::Long),
            ("rkind", Col::Text),
            ("tpost", Col::Text),
            ("tauthor", Col::Text),
            ("thandle", Col::Text),
            ("thandle_key", Col::Text),
        ],
    ),
    (
        "mentions",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("slot", Col::Long),
            ("mid", Col::Text),
            ("mhandle", Col::Text),
            ("mhandle_key", Col::Text),
            ("at", Col::Long),
            ("is_cont", Col::Bool),
        ],
    ),
    ("tags", &[("inp", Col::Long), ("rec", Col::Long), ("slot", Col::Long), ("tag", Col::Text)]),
    (
        "accounts",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("arole", Col::Text),
            ("aid", Col::Text),
            ("handle", Col::Text),
            ("handle_key", Col::Text),
            ("name", Col::Text),
            ("bio", Col::Text),
            ("followers", Col::Long),
        ],
    ),
    (
        "interactions",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("source", Col::Text),
            ("source_handle", Col::Text),
            ("source_key", Col::Text),
            ("target", Col::Text),
            ("target_handle", Col::Text),
            ("target_key", Col::Text),
            ("ikind", Col::Text),
            ("at", Col::Long),
            ("weight", Col::Double),
        ],
    ),
    // The links a post shares (canonical, each once, `crate::link`).
    (
        "links",
        &[
            ("inp", Col::Long),
            ("rec", Col::Long),
            ("slot", Col::Long),
            ("lkey", Col::Text),
            ("lkind", Col::Text),
            ("host", Col::Text),
        ],
    ),
];

/// How a handle is compared when a mention names an account by handle
/// only: without `@`, lower-cased (the builder's rule). Computed here, in
/// Rust, so every engine compares the same strings.
pub fn handle_key(handle: &str) -> String {
    handle.trim_start_matches('@').to_lowercase()
}

fn opt_key(handle: Option<&str>) -> Option<String> {
    handle.map(handle_key)
}

/// What was read of one input, beyond the tables.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShardCounts {
    pub posts: u64,
    pub repeats: u64,
    pub interactions: u64,
}

/// Writes the shard set of one input.
pub struct ShardWriter {
    input: i64,
    rec: i64,
    tables: Vec<TableWriter>,
    topics: Option<Topics>,
    /// Keys read in this input (hashes): a repeat writes one row only.
    seen: FxHashSet<u64>,
    /// The post just read, when a repeat of it may add its mentions: its
    /// key, record, the ids it reached, and its next mention slot.
    last: Option<(String, i64, FxHashSet<String>, i64)>,
    pub counts: ShardCounts,
    error: Option<io::Error>,
}

fn hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

impl ShardWriter {
    /// Creates the tables in `dir` for input number `input` of the run.
    pub fn create(dir: &Path, input: u32, topics: Option<Topics>) -> io::Result<Self> {
        let tables = TABLES
            .iter()
            .map(|(name, cols)| TableWriter::create(&dir.join(format!("{name}.parquet")), cols))
            .collect::<io::Result<_>>()?;
        Ok(ShardWriter {
            input: i64::from(input),
            rec: 0,
            tables,
            topics,
            seen: FxHashSet::default(),
            last: None,
            counts: ShardCounts::default(),
            error: None,
        })
    }

    /// Closes every table; the first write error, if any, is returned.
    pub fn finish(self) -> io::Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.tables.into_iter().try_for_each(TableWriter::finish)
    }

    fn row(&mut self, table: usize, values: &[Value]) {
        if self.error.is_none()
            && let Err(e) = self.tables[table].row(values)
        {
            self.error = Some(e);
        }
    }

    fn account(&mut self, role: &str, a: &crate::ingest::Account) {
        let key = opt_key(a.handle.as_deref());
        let followers = a.followers.and_then(|f| i64::try_from(f).ok());
        let (input, rec) = (self.input, self.rec);
        self.row(
            5,
            &[
                Value::Long(input),
                Value::Long(rec),
                Value::Text(role),
                Value::Text(&a.id),
                a.handle.as_deref().into(),
                key.as_deref().into(),
                a.name.as_deref().into(),
                a.bio.as_deref().into(),
                followers.into(),
            ],
        );
    }

    fn mention(&mut self, slot: i64, rec: i64, m: &AccountRef, time: Option<i64>, cont: bool) {
        let id = (!m.id.is_empty()).then_some(m.id.as_str());
        // A mention by handle only is matched by the trimmed handle.
        let key = match id {
            Some(_) => opt_key(m.handle.as_deref()),
            None => m.handle.as_deref().map(str::trim).filter(|h| !h.is_empty()).map(handle_key),
        };
        let input = self.input;
        self.row(
            3,
            &[
                Value::Long(input),
                Value::Long(rec),
                Value::Long(slot),
                id.into(),
                m.handle.as_deref().into(),
                key.as_deref().into(),
                time.into(),
                Value::Bool(cont),
            ],
        );
    }

    fn post(&mut self, post: Post) -> Accounted {
        let (input, rec) = (self.input, self.rec);
        let has_key = !post.key.is_empty();
        if has_key && !self.seen.insert(hash(&post.key)) {
            return self.repeat(post);
        }
        if let Some(a) = post.alias.as_deref() {
            self.seen.insert(hash(a));
        }
        self.counts.posts += 1;
        let key = has_key.then_some(post.key.as_str());
        let count = |v: Option<u64>| v.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
        let c = &post.counters;
        self.row(
            0,
            &[
                Value::Long(input),
                Value::Long(rec),
                key.into(),
                post.alias.as_deref().into(),
                Value::Text(&post.author.id),
                post.time.into(),
                Value::Bool(post.repost_of.is_some()),
                Value::Bool(false),
                Value::Bool(false),
                count(c.likes).into(),
                count(c.reposts).into(),
                count(c.replies).into(),
                count(c.impressions).into(),
                post.lang.as_deref().into(),
            ],
        );
        for (slot, l) in post.links.iter().enumerate() {
            self.row(
                7,
                &[
                    Value::Long(input),
                    Value::Long(rec),
                    Value::Long(slot as i64),
                    Value::Text(&l.key),
                    Value::Text(l.kind.name()),
                    Value::Text(&l.host),
                ],
            );
        }
        self.account("author", &post.author);
        let set = self.topics.as_ref().map_or(0, |t| t.classify(&post));
        for topic in (0..64i64).filter(|&i| set & (1 << i) != 0) {
            self.row(1, &[Value::Long(input), Value::Long(rec), Value::Long(topic)]);
        }
        let mut reached: FxHashSet<String> = FxHashSet::default();
        let mut waits = false;
        for (slot, kind, target) in
            [(1, "reply", &post.reply_to), (2, "quote", &post.quote_of), (3, "repost", &post.repost_of)]
        {
            let Some(t) = target else { continue };
            let author = t.author.as_ref().filter(|a| !a.id.is_empty());
            if let Some(a) = author {
                reached.insert(a.id.clone());
            } else if t.post.as_deref().is_some_and(|k| !self.seen.contains(&hash(k))) {
                waits = true;
            }
            let handle = author.and_then(|a| a.handle.as_deref());
            let key = opt_key(handle);
            self.row(
                2,
                &[
                    Value::Long(input),
                    Value::Long(rec),
                    Value::Long(slot),
                    Value::Text(kind),
                    t.post.as_deref().into(),
                    author.map(|a| a.id.as_str()).into(),
                    handle.into(),
                    key.as_deref().into(),
                ],
            );
        }
        let mut slot = 4;
        for m in &post.mentions {
            self.mention(slot, rec, m, post.time, false);
            if !m.id.is_empty() {
                reached.insert(m.id.clone());
            }
            slot += 1;
        }
        for (i, tag) in post.hashtags.iter().enumerate() {
            self.row(4, &[Value::Long(input), Value::Long(rec), Value::Long(i as i64), Value::Text(tag)]);
        }
        // As the builder: a post waiting for the post it references is not
        // one that the next rows can continue.
        if !waits {
            self.last = has_key.then(|| (post.key.clone(), rec, reached, slot));
        }
        Accounted::Used
    }

    /// A key read before in this input: the next row of a long-format
    /// export adds its new mentions to the post just read; any other
    /// repeat is a duplicate (counted by the aggregation).
    fn repeat(&mut self, post: Post) -> Accounted {
        self.counts.repeats += 1;
        let mut added = false;
        if let Some((key, orig, mut reached, mut slot)) = self.last.take() {
            if key == post.key && post.repost_of.is_none() {
                for m in post.mentions.iter().filter(|m| !m.id.is_empty()) {
                    if reached.insert(m.id.clone()) {
                        self.mention(slot, orig, m, post.time, true);
                        slot += 1;
                        added = true;
                    }
                }
            }
            self.last = Some((key, orig, reached, slot));
        }
        let (input, rec) = (self.input, self.rec);
        self.row(
            0,
            &[
                Value::Long(input),
                Value::Long(rec),
                Value::Text(&post.key),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Bool(true),
                Value::Bool(added),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
            ],
        );
        Accounted::Used
    }

    fn interaction(&mut self, i: crate::ingest::Interaction) -> Accounted {
        if let Err(e) = super::weights::check_weight(i.weight) {
            return Accounted::Rejected(e);
        }
        self.counts.interactions += 1;
        let (sk, tk) = (opt_key(i.source.handle.as_deref()), opt_key(i.target.handle.as_deref()));
        let (input, rec) = (self.input, self.rec);
        self.row(
            6,
            &[
                Value::Long(input),
                Value::Long(rec),
                Value::Text(&i.source.id),
                i.source.handle.as_deref().into(),
                sk.as_deref().into(),
                Value::Text(&i.target.id),
                i.target.handle.as_deref().into(),
                tk.as_deref().into(),
                Value::Text(i.kind.name()),
                i.time.into(),
                Value::Double(i.weight),
            ],
        );
        Accounted::Used
    }
}

impl super::RecordSink for ShardWriter {
    fn set_platform(&mut self, _: Platform) {}

    fn locate(&mut self, _: u32, _: u64) {}

    fn add(&mut self, record: Record) -> Accounted {
        self.rec += 1;
        match record {
            Record::Post(p) => self.post(*p),
            Record::Interaction(i) => self.interaction(i),
            Record::Account(a) => {
                self.account("detail", &a);
                Accounted::Detail
            }
            Record::Skipped(why) => Accounted::Skipped(why),
            Record::Rejected(why) => Accounted::Rejected(why),
        }
    }
}
