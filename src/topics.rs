//! Topics: the topics file (TOML, design.md) and the matcher that says
//! which topics a post is on.
//!
//! A post is on a topic when one of its hashtags is one of the topic's
//! hashtags (case-insensitively, without `#`), or when one of the topic's
//! keywords or phrases occurs in its text on word boundaries,
//! case-insensitively and Unicode-aware (`PD-1` matches "pd-1 blockade" but
//! not "pd-10"; `vaccine` does not match "vaccines" unless listed).
//!
//! Matching happens while posts stream through the graph builder, the only
//! time their text is at hand; what it yields is a [`TopicSet`], a bit per
//! topic, so the builder keeps 8 bytes per post at most.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::ingest::{Post, normalize_tag};

/// One bit per topic, in the order of the topics file.
pub type TopicSet = u64;

/// At most this many topics in one run (one bit each in a [`TopicSet`]).
pub const MAX_TOPICS: usize = 64;

/// One topic as the file defines it, normalised: hashtags lower-case
/// without `#`, keywords lower-case.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Topic {
    pub name: String,
    pub hashtags: Vec<String>,
    pub keywords: Vec<String>,
}

/// The topics of a run and the automaton that finds their keywords.
#[derive(Clone, Debug)]
pub struct Topics {
    pub topics: Vec<Topic>,
    /// Hashtag -> topics using it.
    tags: FxHashMap<String, TopicSet>,
    /// Every keyword of every topic, lower-case; `keyword_topics[i]` is the
    /// set of topics listing pattern `i`.
    keywords: Option<AhoCorasick>,
    keyword_topics: Vec<TopicSet>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    topics: BTreeMap<String, TopicEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    #[serde(default)]
    hashtags: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

impl Topics {
    /// Reads and checks a topics file.
    pub fn load(path: &Path) -> Result<Topics> {
        let text =
            crate::ingest::limits::read_capped_text(path, crate::ingest::limits::MAX_SETTINGS_FILE, "topics file")
                .map_err(|reason| Error::Input { path: path.to_path_buf(), reason })?;
        Topics::parse(&text).map_err(|reason| Error::Input { path: path.to_path_buf(), reason })
    }

    /// Parses the text of a topics file. Errors name the line.
    pub fn parse(text: &str) -> std::result::Result<Topics, String> {
        let file: File = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        if file.topics.is_empty() {
            return Err("no topics: define at least one table such as [topics.rwe] with hashtags or keywords".into());
        }
        if file.topics.len() > MAX_TOPICS {
            return Err(format!(
                "{} topics; at most {MAX_TOPICS} fit in one run: split the file and run once per part",
                file.topics.len()
            ));
        }
        // Topics keep the order of the file, not of the map.
        let mut named: Vec<(usize, String, TopicEntry)> =
            file.topics.into_iter().map(|(name, entry)| (header_line(text, &name).unwrap_or(0), name, entry)).collect();
        named.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut topics = Vec::with_capacity(named.len());
        for (line, name, entry) in named {
            let at = if line > 0 { format!("line {line}: ") } else { String::new() };
            if name.trim().is_empty() || name.contains(',') || name.chars().any(crate::visible::is_hidden) {
                return Err(format!("{at}topic name {name:?} must be non-empty, without commas or control characters"));
            }
            // Sets beside the lists: a topic may list 100,000 keywords.
            let mut hashtags = Vec::new();
            let mut seen = rustc_hash::FxHashSet::default();
            for h in &entry.hashtags {
                let t = normalize_tag(h);
                if t.is_empty() || t.chars().any(|c| c.is_whitespace() || crate::visible::is_hidden(c)) {
                    return Err(format!("{at}topic {name}: hashtag {h:?} must be one word (without spaces)"));
                }
                if seen.insert(t.clone()) {
                    hashtags.push(t);
                }
            }
            let mut keywords = Vec::new();
            seen.clear();
            for k in &entry.keywords {
                let t = k.trim().to_lowercase();
                if t.is_empty() {
                    return Err(format!("{at}topic {name}: empty keyword"));
                }
                if t.chars().any(|c| crate::visible::is_hidden(c) && !c.is_whitespace()) {
                    return Err(format!("{at}topic {name}: keyword {k:?} holds a control or text-direction character"));
                }
                if seen.insert(t.clone()) {
                    keywords.push(t);
                }
            }
            if hashtags.is_empty() && keywords.is_empty() {
                return Err(format!("{at}topic {name} has neither hashtags nor keywords"));
            }
            topics.push(Topic { name, hashtags, keywords });
        }
        Ok(Topics::new(topics))
    }

    /// Builds the matcher for already normalised topics.
    pub fn new(topics: Vec<Topic>) -> Topics {
        let mut tags: FxHashMap<String, TopicSet> = FxHashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_topics: Vec<TopicSet> = Vec::new();
        let mut pattern_of: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, topic) in topics.iter().enumerate() {
            let bit = 1u64 << i;
            for h in &topic.hashtags {
                *tags.entry(h.clone()).or_default() |= bit;
            }
            for k in &topic.keywords {
                match pattern_of.get(k.as_str()) {
                    Some(&j) => keyword_topics[j] |= bit,
                    None => {
                        pattern_of.insert(k, patterns.len());
                        patterns.push(k.clone());
                        keyword_topics.push(bit);
                    }
                }
            }
        }
        // Patterns are short, few and valid strings: building cannot fail
        // short of exhausting memory, in which case no topic matches by
        // keyword and hashtags still do.
        let keywords = if patterns.is_empty() { None } else { AhoCorasick::new(&patterns).ok() };
        Topics { topics, tags, keywords, keyword_topics }
    }

    pub fn len(&self) -> usize {
        self.topics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    pub fn names(&self) -> Vec<String> {
        self.topics.iter().map(|t| t.name.clone()).collect()
    }

    /// The topics listing this hashtag (lower-case, without `#`).
    pub fn hashtag_topics(&self, tag: &str) -> TopicSet {
        self.tags.get(tag).copied().unwrap_or(0)
    }

    /// The topics a post is on, from its hashtags and its text.
    pub fn classify(&self, post: &Post) -> TopicSet {
        let mut set = 0;
        for h in &post.hashtags {
            if let Some(&s) = self.tags.get(h.as_str()) {
                set |= s;
            }
        }
        set | self.classify_text(&post.text)
    }

    /// The topics whose keywords occur in `text` on word boundaries.
    pub fn classify_text(&self, text: &str) -> TopicSet {
        let Some(ac) = &self.keywords else { return 0 };
        let lower = text.to_lowercase();
        let mut set = 0;
        for m in ac.find_overlapping_iter(&lower) {
            let before = lower[..m.start()].chars().next_back();
            let after = lower[m.end()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                set |= self.keyword_topics[m.pattern().as_usize()];
            }
        }
        set
    }
}

/// Letters, digits and `_` make words; `#`, `@`, `-` and spaces end them.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The 1-based line of `[topics.NAME]` (bare or quoted), for messages.
fn header_line(text: &str, name: &str) -> Option<usize> {
    let forms = [format!("[topics.{name}]"), format!("[topics.\"{name}\"]"), format!("[topics.'{name}']")];
    text.lines().position(|l| forms.iter().any(|f| l.trim() == f)).map(|i| i + 1)
}

/// A TOML error as "line N: what", from the error's byte span.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let what = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {what}")
        }
        None => what,
    }
}

/// Reads `--topics` when given.
pub fn load_optional(path: Option<&PathBuf>) -> Result<Option<Topics>> {
    path.map(|p| Topics::load(p)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r##"
# comment
[topics."immuno-oncology"]
hashtags = ["#ImmunoOncology", "cartcell"]
keywords = ["checkpoint blockade", "PD-1"]

[topics.rwe]
hashtags = ["rwe"]
keywords = ["real-world data", "rwe", "Ärztin"]
"##;

    fn post(text: &str, tags: &[&str]) -> Post {
        Post { text: text.into(), hashtags: tags.iter().map(|t| t.to_string()).collect(), ..Post::default() }
    }

    #[test]
    fn parses_in_file_order_and_normalises() {
        let t = Topics::parse(FILE).expect("valid file");
        assert_eq!(t.names(), vec!["immuno-oncology", "rwe"]);
        assert_eq!(t.topics[0].hashtags, vec!["immunooncology", "cartcell"]);
        assert_eq!(t.topics[1].keywords, vec!["real-world data", "rwe", "ärztin"]);
    }

    #[test]
    fn matches_hashtags_and_keywords_on_word_boundaries() {
        let t = Topics::parse(FILE).expect("valid file");
        assert_eq!(t.classify(&post("nothing here", &["immunooncology"])), 0b01);
        assert_eq!(t.classify(&post("New PD-1 data", &[])), 0b01);
        assert_eq!(t.classify(&post("pd-10 is another gene", &[])), 0);
        assert_eq!(t.classify(&post("Checkpoint Blockade and REAL-WORLD DATA", &[])), 0b11);
        assert_eq!(t.classify(&post("#RWE rocks", &[])), 0b10, "keyword inside a hashtag in text");
        assert_eq!(t.classify(&post("rwex and xrwe and rwe_2", &[])), 0);
        assert_eq!(t.classify(&post("Die ÄRZTIN sagt", &[])), 0b10, "Unicode case folding");
        assert_eq!(t.classify(&post("Ärztinnen", &[])), 0, "Unicode word boundary");
    }

    #[test]
    fn a_topic_of_a_hundred_thousand_keywords_loads_and_matches() {
        // De-duplicated with sets, not pairwise (it took 29 s in a run).
        let words: Vec<String> = (0..100_000).map(|i| format!("\"term{i} x\"")).collect();
        let text = format!("[topics.big]\nkeywords = [{}, \"term7 x\"]\n", words.join(", "));
        let t = Topics::parse(&text).expect("valid");
        assert_eq!(t.topics[0].keywords.len(), 100_000, "the repeated keyword counts once");
        assert_eq!(t.classify_text("about TERM99999 x today"), 1);
        assert_eq!(t.classify_text("about term99999x"), 0);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "[topics.rwe]\nhashtags = [\"rwe\"\nkeywords = []\n";
        let e = Topics::parse(bad).unwrap_err();
        assert!(e.starts_with("line 2:") || e.starts_with("line 3:"), "{e}");
        let e = Topics::parse("[topics.rwe]\nhashtag = [\"x\"]\n").unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("hashtag"), "{e}");
        let e = Topics::parse("[topics.a]\nhashtags=[\"a\"]\n\n[topics.empty]\n").unwrap_err();
        assert_eq!(e, "line 4: topic empty has neither hashtags nor keywords");
        let e = Topics::parse("[topics.a]\nhashtags=[\"two words\"]\n").unwrap_err();
        assert!(e.contains("one word"), "{e}");
        let e = Topics::parse("").unwrap_err();
        assert!(e.contains("missing field `topics`"), "an empty file names what is missing: {e}");
    }
}
