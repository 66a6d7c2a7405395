//! Why a record was rejected: a kind (what went wrong), the reason in
//! words, and where inside a whole API response the record sat.
//!
//! A reason is written as a template whose `{}` are filled with the
//! record's values (`tweet '{}' has no author_id`). The manifest counts
//! rejects by the template with the values left out (`tweet '…' has no
//! author_id`), so its classes never hold a record's data (which matters
//! under `--pseudonymize`) and are known where the reason is made, not
//! recovered afterwards by rewriting its text. As rust-csv's `ErrorKind`
//! and `Position`: the kind for programs, the text for people.

use std::borrow::Cow;
use std::fmt;

/// What went wrong with a record, coarsely, for programs and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RejectKind {
    /// Not JSON, or JSON of the wrong shape for the format.
    Json,
    /// Bytes that are not UTF-8 text.
    Encoding,
    /// Longer than `--max-record-bytes`.
    TooLong,
    /// Well-formed, but not a record of this format (another format, or
    /// an object of another kind).
    NotThisFormat,
    /// A field the record needs is missing or empty.
    Missing,
    /// A field holds a value that cannot be read (a date, a number, an id).
    BadValue,
    /// A CSV row or an edge-list line of the wrong shape.
    Shape,
}

/// Where a rejected record sat inside a whole response: the list's name
/// (`feed`, `statuses`, `list` for a bare JSON array) and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub list: &'static str,
    /// From 0; shown from 1 ("record 3 of the feed").
    pub index: usize,
}

/// Why one record was rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct Reject {
    pub kind: RejectKind,
    template: Cow<'static, str>,
    values: Vec<String>,
    /// A parser's own words after the reason (`invalid JSON: EOF while
    /// parsing...`): in the message, not in the class.
    detail: Option<String>,
    pub item: Option<Item>,
}

impl Reject {
    /// A reason without values.
    pub fn new(kind: RejectKind, template: impl Into<Cow<'static, str>>) -> Reject {
        Reject { kind, template: template.into(), values: Vec::new(), detail: None, item: None }
    }

    /// A reason whose `{}` are filled with `values`, in order.
    pub fn with(kind: RejectKind, template: impl Into<Cow<'static, str>>, values: &[&dyn fmt::Display]) -> Reject {
        Reject { values: values.iter().map(|v| v.to_string()).collect(), ..Reject::new(kind, template) }
    }

    /// The reason followed by `: detail`.
    pub fn detail(self, detail: impl fmt::Display) -> Reject {
        Reject { detail: Some(detail.to_string()), ..self }
    }

    /// The reason of the record at `index` of the response's `list`.
    pub fn in_list(self, list: &'static str, index: usize) -> Reject {
        Reject { item: Some(Item { list, index }), ..self }
    }

    /// The class the manifest counts: the template with a quoted value
    /// shown as `'…'` and a bare one (a count, a size) as `N`; without the
    /// detail and the position.
    pub fn class(&self) -> String {
        let mut out = String::with_capacity(self.template.len());
        let _ = self.fill(&mut out, |_, quoted| if quoted { "…" } else { "N" });
        out
    }

    /// Writes the template with each `{}` replaced by `value(index,
    /// quoted)`: the one scan of a template, for the class and the message.
    fn fill<'s>(&'s self, out: &mut impl fmt::Write, mut value: impl FnMut(usize, bool) -> &'s str) -> fmt::Result {
        let mut rest: &str = &self.template;
        let mut index = 0;
        while let Some(at) = rest.find("{}") {
            let (head, tail) = rest.split_at(at);
            out.write_str(head)?;
            let quoted = head.ends_with(['\'', '"']) && tail[2..].starts_with(['\'', '"']);
            out.write_str(value(index, quoted))?;
            index += 1;
            rest = &tail[2..];
        }
        out.write_str(rest)
    }

    /// The reason as rejects.jsonl writes it: its position, its words
    /// with the values, and the detail.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(item) = self.item {
            write!(f, "record {} of the {}: ", item.index + 1, item.list)?;
        }
        self.fill(f, |i, _| self.values.get(i).map_or("?", String::as_str))?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_fills_values_and_class_leaves_them_out() {
        let r = Reject::with(RejectKind::Missing, "tweet '{}' has no author_id", &[&"123"]);
        assert_eq!(r.message(), "tweet '123' has no author_id");
        assert_eq!(r.class(), "tweet '…' has no author_id");
        let r = Reject::with(RejectKind::Shape, "CSV row has {} fields, the header has {}", &[&3, &12]);
        assert_eq!(r.message(), "CSV row has 3 fields, the header has 12");
        assert_eq!(r.class(), "CSV row has N fields, the header has N");
        let r = Reject::new(RejectKind::Json, "invalid JSON").detail("EOF while parsing at column 40");
        assert_eq!(r.message(), "invalid JSON: EOF while parsing at column 40");
        assert_eq!(r.class(), "invalid JSON");
        let r = Reject::with(RejectKind::Missing, "the \"{}\" list cannot be read", &[&"thread"]);
        assert_eq!(r.class(), "the \"…\" list cannot be read");
    }

    #[test]
    fn position_is_in_the_message_not_the_class() {
        let r = Reject::with(RejectKind::Missing, "post view '{}' has no author did", &[&"at://x"]).in_list("feed", 2);
        assert_eq!(r.message(), "record 3 of the feed: post view 'at://x' has no author did");
        assert_eq!(r.class(), "post view '…' has no author did");
        assert_eq!(r.item, Some(Item { list: "feed", index: 2 }));
    }

    #[test]
    fn braces_in_values_are_not_placeholders() {
        let r = Reject::with(RejectKind::Json, "unmatched '{}' at byte {}", &[&"{}", &7]);
        assert_eq!(r.message(), "unmatched '{}' at byte 7");
        assert_eq!(r.class(), "unmatched '…' at byte N");
    }
}
