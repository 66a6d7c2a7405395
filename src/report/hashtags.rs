//! `hashtags.csv` and `hashtag_pairs.csv` (what [`crate::graph::hashtags`]
//! counted), and the two texts `dolgraph suggest-topics` prints: a table
//! of suggestions per topic, and a starting topics file (TOML).

use std::fmt::Write as _;
use std::io::Write;

use super::tables::{Rows, write_short};
use crate::analysis::suggest::{SuggestedTopic, TopicSuggestions};
use crate::graph::Hashtags;

pub const HASHTAG_COLUMNS: &[&str] = &["hashtag", "posts", "accounts", "top_topic"];

pub const PAIR_COLUMNS: &[&str] = &["a", "b", "posts", "lift"];

/// hashtags.csv: one row per hashtag used in a counted post (own posts,
/// replies and quotes; a hashtag seen only in reposts is left out), most
/// used first, ties by name. `top_topic` names the topic whose on-topic
/// posts use it most (`topics`: the names in file order).
pub fn write_hashtags(w: impl Write, h: &Hashtags, topics: &[String]) -> csv::Result<()> {
    let c = &h.counts;
    let mut order: Vec<u32> = (0..h.names.len() as u32).filter(|&t| c.posts[t as usize] > 0).collect();
    order.sort_unstable_by(|&a, &b| {
        c.posts[b as usize].cmp(&c.posts[a as usize]).then_with(|| h.names[a as usize].cmp(&h.names[b as usize]))
    });
    let mut rows = Rows::new(w, HASHTAG_COLUMNS)?;
    for t in order {
        let t = t as usize;
        let topic = c.top_topic[t].and_then(|i| topics.get(i as usize)).map_or("", String::as_str);
        rows.text(&h.names[t]).int(c.posts[t]).int(c.accounts[t]).text(topic);
        rows.finish_row()?;
    }
    rows.flush()
}

/// hashtag_pairs.csv: the pairs used together in at least
/// [`MIN_PAIR_POSTS`](crate::graph::hashtags::MIN_PAIR_POSTS) posts, in
/// the order [`TagCounts::pairs`](crate::graph::hashtags::TagCounts) keeps.
pub fn write_hashtag_pairs(w: impl Write, h: &Hashtags) -> csv::Result<()> {
    let c = &h.counts;
    let mut rows = Rows::new(w, PAIR_COLUMNS)?;
    for p in &c.pairs {
        rows.text(&h.names[p.a as usize]).text(&h.names[p.b as usize]).int(p.posts).short(c.lift(p.a, p.b, p.posts));
        rows.finish_row()?;
    }
    rows.flush()
}

/// The suggestions for each topic as aligned columns for a terminal.
pub fn suggestions_table(topics: &[TopicSuggestions]) -> String {
    let mut out = String::new();
    for (i, t) in topics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{} ({} posts on the topic with a hashtag)", t.topic, t.topic_posts);
        if t.suggestions.is_empty() {
            out.push_str("  (no hashtag passes the thresholds)\n");
            continue;
        }
        let width = t.suggestions.iter().map(|s| s.hashtag.chars().count() + 1).max().unwrap_or(0).max(7);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {:>11}  {:>8}  {:>6}",
            "hashtag", "on topic", "tag's posts", "accounts", "lift"
        );
        for s in &t.suggestions {
            let mut lift = String::new();
            write_short(&mut lift, s.lift);
            let tag = format!("#{}", crate::visible::message(&s.hashtag));
            let _ = writeln!(out, "  {tag:<width$}  {:>8}  {:>11}  {:>8}  {lift:>6}", s.together, s.posts, s.accounts);
        }
    }
    out
}

/// A TOML basic string. JSON's string escapes (`\"`, `\\`, `\n`, `\u0007`,
/// ...) are TOML's too; only DEL, which JSON leaves as it is and TOML
/// refuses raw, needs one more.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default().replace('\u{7f}', "\\u007F")
}

/// A starting topics file in the shape of data/topics.toml: one table per
/// suggested topic, a comment with its counts above it.
pub fn topics_toml(topics: &[SuggestedTopic], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for t in topics {
        let tags: Vec<String> = t.hashtags.iter().map(|(h, _)| toml_string(h)).collect();
        let counts: Vec<String> = t.hashtags.iter().map(|(h, n)| format!("#{h} {n}")).collect();
        let more = if t.more > 0 { format!(" (and {} more used less)", t.more) } else { String::new() };
        let _ = writeln!(out, "\n# {} hashtags{more}; posts using each: {}", t.hashtags.len(), counts.join(", "));
        let _ = writeln!(out, "[topics.{}]", toml_string(&t.name));
        let _ = writeln!(out, "hashtags = [{}]", tags.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_what_toml_needs() {
        assert_eq!(toml_string("onc"), "\"onc\"");
        assert_eq!(toml_string("a\"b\\c\u{7}\u{7f}"), "\"a\\\"b\\\\c\\u0007\\u007F\"");
        let parsed: toml::Table = toml::from_str(&format!("x = {}", toml_string("q\"\\\n\u{7}\u{7f}é"))).expect("toml");
        assert_eq!(parsed["x"].as_str(), Some("q\"\\\n\u{7}\u{7f}é"));
    }
}
