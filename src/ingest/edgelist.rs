//! Edge lists: interactions without posts, for graphs made elsewhere.
//! CSV with a `source,target[,weight][,kind][,time]` header, or SNAP-style
//! whitespace-separated lines `a b [time] [kind]` with `#` comments.
//! Accounts are their tokens (lower-cased handles); no topics.
//!
//! An end that holds markup or quoting characters is no account id: such a
//! line is rejected, so a web page or prose read as an edge list (forced
//! with `--format`) is reported line by line instead of becoming accounts.
//! Detection reads a file's first lines with these same readers
//! ([`super::detect`]).

use super::reject::{Reject, RejectKind};
use super::source::{RowReader, is_comment};
use super::{AccountRef, Interaction, Located, Record, UnitReader, handle_ref};
use crate::kind::Kind;
use crate::time::parse_time;

/// The two ends of an edge, checked first (a line of markup is named for
/// its markup, not for a third field that is no time): an error when an
/// end is blank or cannot be an account id (see [`not_an_account`]).
fn ends(source: &str, target: &str, bare: bool) -> Result<(AccountRef, AccountRef), Reject> {
    let (Some(s), Some(t)) = (handle_ref(source), handle_ref(target)) else {
        return Err(Reject::new(RejectKind::Missing, "edge has an empty source or target"));
    };
    match not_an_account(source, bare).or_else(|| not_an_account(target, bare)) {
        Some(why) => Err(why),
        None => Ok((s, t)),
    }
}

/// Characters no account id or handle holds: markup and quoting.
const MARKUP: &[char] = &['<', '>', '=', '"', '{', '}', '[', ']', '`'];
/// Also not in a bare token of a whitespace-separated line, which has no
/// quoting: sentence punctuation. (A CSV cell may hold a label such as
/// `O'Brien (HCP)`.)
const PROSE: &[char] = &['\'', '(', ')', ',', ';', '!', '?', '*'];

/// Why `end` cannot be an account id, if it cannot: it holds markup or
/// quoting characters, or, for a `bare` token of a SNAP-style line,
/// sentence punctuation (or ends a sentence with `.` or `:`).
pub fn not_an_account(end: &str, bare: bool) -> Option<Reject> {
    let end = end.trim();
    let (why, c) = match end.chars().find(|c| MARKUP.contains(c) || (bare && PROSE.contains(c))) {
        Some(c) => ("'{}' is not an account id (it holds '{}')", c),
        None => match end.chars().last() {
            Some(c @ ('.' | ':')) if bare => ("'{}' is not an account id (it ends with '{}')", c),
            _ => return None,
        },
    };
    let shown: String = end.chars().take(40).collect();
    let more = if shown.len() < end.len() { "..." } else { "" };
    Some(Reject::with(RejectKind::BadValue, why, &[&format!("{shown}{more}"), &c]))
}

fn parse_kind(s: &str) -> Result<Kind, Reject> {
    Kind::parse(s.trim()).ok_or_else(|| {
        let why = "unknown interaction kind '{}' (use reply, quote, repost, mention, or RE, QT, RT, MT)";
        Reject::with(RejectKind::BadValue, why, &[&s.trim()])
    })
}

/// Reads SNAP-style lines.
pub struct EdgeListReader;

impl UnitReader for EdgeListReader {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        if is_comment(unit) {
            return; // comment, not a record
        }
        out.push((line, edge_line(unit).map_or_else(Record::Rejected, |(_, r)| r)));
    }
}

/// One SNAP-style line (not a comment): how many fields it has, and its
/// interaction. Detection asks the first lines of a file for both.
pub fn edge_line(unit: &[u8]) -> Result<(usize, Record), Reject> {
    let s = std::str::from_utf8(unit).map_err(|_| Reject::new(RejectKind::Encoding, "line is not valid UTF-8"))?;
    let tokens: Vec<&str> = s.split_ascii_whitespace().collect();
    if !(2..=4).contains(&tokens.len()) {
        return Err(Reject::with(
            RejectKind::Shape,
            "expected 2 to 4 fields (a b [time] [kind]), found {}",
            &[&tokens.len()],
        ));
    }
    let (source, target) = ends(tokens[0], tokens[1], true)?;
    let (time, kind) = match tokens.len() {
        2 => (None, Kind::Interaction),
        3 => match Kind::parse(tokens[2]) {
            Some(k) => (None, k),
            None => (Some(parse_ts(tokens[2])?), Kind::Interaction),
        },
        _ => (Some(parse_ts(tokens[2])?), parse_kind(tokens[3])?),
    };
    Ok((tokens.len(), Record::Interaction(Interaction { source, target, kind, time, weight: 1.0 })))
}

fn parse_ts(s: &str) -> Result<i64, Reject> {
    parse_time(s)
        .ok_or_else(|| Reject::with(RejectKind::BadValue, "'{}' is not a time (Unix seconds or RFC 3339)", &[&s]))
}

/// Reads CSV edge lists; built from the header.
pub struct EdgeCsvReader {
    source: usize,
    target: usize,
    weight: Option<usize>,
    kind: Option<usize>,
    time: Option<usize>,
}

impl EdgeCsvReader {
    pub fn new(header: &csv::StringRecord) -> Result<Self, String> {
        let find = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        Ok(EdgeCsvReader {
            source: find(&["source"]).ok_or("the header has no 'source' column")?,
            target: find(&["target"]).ok_or("the header has no 'target' column")?,
            weight: find(&["weight"]),
            kind: find(&["kind", "type"]),
            time: find(&["time", "timestamp", "created_at"]),
        })
    }
}

impl RowReader for EdgeCsvReader {
    fn read_row(&self, row: &csv::ByteRecord, line: u64, out: &mut Vec<Located>) {
        let field = |i: usize| -> Result<&str, Reject> {
            std::str::from_utf8(row.get(i).unwrap_or_default())
                .map_err(|_| Reject::new(RejectKind::Encoding, "field is not valid UTF-8"))
        };
        let rec = (|| {
            let (source, target) = ends(field(self.source)?, field(self.target)?, false)?;
            let weight = match self.weight.map(field).transpose()?.map(str::trim).filter(|s| !s.is_empty()) {
                None => 1.0,
                Some(w) => w.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| {
                    Reject::with(RejectKind::BadValue, "weight '{}' is not a non-negative number", &[&w])
                })?,
            };
            let kind = match self.kind.map(field).transpose()?.map(str::trim).filter(|s| !s.is_empty()) {
                None => Kind::Interaction,
                Some(k) => parse_kind(k)?,
            };
            let time = match self.time.map(field).transpose()?.map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(t) => Some(parse_ts(t)?),
            };
            Ok(Record::Interaction(Interaction { source, target, kind, time, weight }))
        })();
        out.push((line, rec.unwrap_or_else(Record::Rejected)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(line: &str) -> Record {
        let mut out = Vec::new();
        EdgeListReader.read_unit(line.as_bytes(), 7, &mut out);
        out.pop().map(|(_, r)| r).expect("a record")
    }

    #[test]
    fn snap_lines() {
        let Record::Interaction(i) = snap("223789 213163 1341100972 RT") else { panic!() };
        assert_eq!(
            (i.source.id.as_str(), i.target.id.as_str(), i.kind, i.time),
            ("223789", "213163", Kind::Repost, Some(1_341_100_972))
        );
        let Record::Interaction(i) = snap("a\tB") else { panic!() };
        assert_eq!((i.target.id.as_str(), i.kind), ("b", Kind::Interaction));
        assert!(matches!(snap("a b c d e"), Record::Rejected(_)));
        assert!(matches!(snap("a b 12 XX"), Record::Rejected(r) if r.message().contains("XX")));
        // Markup and prose are no accounts (a web page read with --format edge-list).
        let Record::Rejected(markup) = snap("<p>Hello</p> there") else { panic!("markup is rejected") };
        assert_eq!(markup.message(), "'<p>Hello</p>' is not an account id (it holds '<')");
        assert_eq!(markup.class(), "'…' is not an account id (it holds '…')");
        let Record::Rejected(prose) = snap("see you.") else { panic!("prose is rejected") };
        assert_eq!(prose.message(), "'you.' is not an account id (it ends with '.')");
        assert!(matches!(snap("did:plc:abc ana@mastodon.social"), Record::Interaction(_)));
        let mut out = Vec::new();
        EdgeListReader.read_unit(b"# comment", 1, &mut out);
        assert!(out.is_empty());
    }
}
