//! Format detection from content (never from the file name).
//!
//! JSON: the first record decides (its first non-blank line, or the whole
//! JSON value that line opens), and says what it saw: JSON lines, a
//! response with a list of posts on each line, or one whole document. CSV:
//! a header that names known columns. Edge lists have no such mark (any
//! line of two words looks like an edge), so they need evidence: their
//! first [`EVIDENCE_LINES`] lines that are not comments (all of a shorter
//! file) each read as an edge, by the edge-list reader itself, with the
//! same number of fields; an edge CSV's first rows likewise. Anything else
//! is "cannot detect", saying what it looks like: files that are no input
//! at all (a PDF, a workbook, a picture, a web page) are named as such,
//! with what to do instead.

use super::edgelist::{EdgeCsvReader, edge_line};
use super::source::RowReader;
use super::source::is_comment;
use super::{Format, Record};

/// Lines (rows of an edge CSV) that must all read as edges for a text
/// without a known header to be taken as an edge list: as many as the
/// head of an input holds (source.rs reads them).
pub const EVIDENCE_LINES: usize = super::source::HEAD_LINES;

/// What detection found: the format, whether the input is one whole JSON
/// document rather than lines, and the shape it saw (for the manifest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    pub document: bool,
    pub shape: String,
}

/// Why the format of an input cannot be detected: what was seen, and what
/// to do (naming a format with `--format` does not help with a PDF).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undetected {
    pub reason: String,
    pub advice: &'static str,
}

/// The advice when the file may well be an input of a known format.
pub const NAME_ONE: &str = "Name one with --format FORMAT.";
const EDGES_IN_PART: &str = "If it is an edge list, name it with --format edge-list: the lines that do not read as edges \
     are then rejected, with their reason, in rejects.jsonl.";
const EDGE_ROWS_IN_PART: &str = "If it is an edge CSV, name it with --format edge-csv: the rows that do not read as edges \
     are then rejected, with their reason, in rejects.jsonl.";
const OFFICE: &str = "Export the sheet as CSV (in Excel: File > Save As > CSV UTF-8) and give that file.";
const NO_POSTS: &str = "dolgraph reads posts (JSON from a platform's API, or a CSV export) and edge lists: give the \
     file the posts came in.";
const PICTURE: &str = "dolgraph reads posts and edge lists, not pictures.";
const PAGE: &str =
    "Give the posts as JSON from the platform's API or as a CSV export, not a page or feed that shows them.";
const ENCODING: &str = "Save it as UTF-8 text (in Excel: File > Save As > CSV UTF-8) and give that file.";

impl Undetected {
    fn new(reason: impl Into<String>) -> Self {
        Undetected { reason: reason.into(), advice: NAME_ONE }
    }
}

/// The layout of a JSON input whose format is known (forced with
/// `--format`): a whole document when its first value spans lines.
pub fn is_document(head: &[u8]) -> bool {
    first_json(head).is_some_and(|(_, document)| document)
}

fn strip_bom(head: &[u8]) -> &[u8] {
    head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)
}

/// Detects the format of an input from what
/// [`super::source::Source::first_record`] read of it. On failure, says
/// what was seen.
pub fn detect(head: &[u8]) -> Result<Detected, Undetected> {
    if let Some(not) = not_an_input(head) {
        return Err(not);
    }
    let trimmed = strip_bom(head).trim_ascii_start();
    if matches!(trimmed.first(), Some(b'{' | b'[')) {
        return match first_json(head) {
            Some((value, document)) => {
                let (format, shape) = detect_value(&value).map_err(Undetected::new)?;
                let layout = if document { "a whole JSON document" } else { "JSON lines" };
                Ok(Detected { format, document, shape: format!("{layout}, {shape}") })
            }
            None => {
                let line = trimmed.split(|b| *b == b'\n').next().unwrap_or(trimmed);
                Err(Undetected::new(match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
                    Err(e) => format!("the first line is not valid JSON ({e})"),
                    Ok(_) => "the first line is not valid JSON".into(),
                }))
            }
        };
    }
    let format = detect_text(head)?;
    let shape = if format == Format::EdgeList { "edge list lines" } else { "CSV with a header" };
    Ok(Detected { format, document: false, shape: shape.to_string() })
}

/// Files that are no input of any format, known by their first bytes:
/// documents, workbooks, archives, pictures, other compressions than gzip
/// (which is read as it is), UTF-16 text, markup.
fn not_an_input(head: &[u8]) -> Option<Undetected> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    let holds = |name: &[u8]| memchr::memmem::find(head, name).is_some();
    let (reason, advice) = if starts(b"%PDF-") {
        ("it is a PDF document", NO_POSTS)
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        // An Office file is a ZIP archive; its first entries' names say which.
        if holds(b"xl/") {
            ("it is an Excel workbook (XLSX)", OFFICE)
        } else if holds(b"opendocument.spreadsheet") {
            ("it is an OpenDocument spreadsheet (ODS)", "Export the sheet as CSV and give that file.")
        } else if holds(b"word/") || holds(b"opendocument.text") {
            ("it is a word-processor document (DOCX or ODT)", NO_POSTS)
        } else {
            (
                "it is a ZIP archive",
                "Unzip it and give the files inside (an Excel workbook is a ZIP archive too: export it as CSV).",
            )
        }
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        ("it is an Excel 97-2003 workbook (XLS) or another old Office file", OFFICE)
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        ("it is a PNG image", PICTURE)
    } else if starts(b"\xFF\xD8\xFF") {
        ("it is a JPEG image", PICTURE)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        ("it is a GIF image", PICTURE)
    } else if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        ("it is a WebP image", PICTURE)
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        ("it is a TIFF image", PICTURE)
    } else if starts(b"BZh") && head.get(4..10) == Some(b"1AY&SY") {
        (
            "it is compressed with bzip2",
            "Decompress it first (bunzip2 FILE): of compressed files only gzip is read as it is.",
        )
    } else if starts(b"\xFD7zXZ\0") {
        (
            "it is compressed with xz",
            "Decompress it first (xz -d FILE): of compressed files only gzip is read as it is.",
        )
    } else if starts(b"\x28\xB5\x2F\xFD") {
        (
            "it is compressed with zstd",
            "Decompress it first (zstd -d FILE): of compressed files only gzip is read as it is.",
        )
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        ("it is a 7-Zip archive", "Unpack it and give the files inside.")
    } else if starts(b"\xFF\xFE") || starts(b"\xFE\xFF") {
        ("it is UTF-16 text (what Excel's \"Unicode Text\" writes)", ENCODING)
    } else if starts(b"{\\rtf") {
        ("it is a Rich Text (RTF) document", NO_POSTS)
    } else {
        return markup(head);
    };
    Some(Undetected { reason: reason.into(), advice })
}

/// XML and HTML, by their first characters (an RSS feed or a saved web
/// page read as an edge list gave accounts named `<rss>`).
fn markup(head: &[u8]) -> Option<Undetected> {
    let body = strip_bom(head).trim_ascii_start();
    if !body.starts_with(b"<") {
        return None;
    }
    let start = body[..body.len().min(4096)].to_ascii_lowercase();
    let holds = |tag: &[u8]| memchr::memmem::find(&start, tag).is_some();
    let what = if start.starts_with(b"<!doctype html") {
        "an HTML page (a web page saved from a browser?)"
    } else if holds(b"<rss") {
        "XML (an RSS feed)"
    } else if holds(b"<feed") {
        "XML (an Atom feed)"
    } else if holds(b"<html") {
        "an HTML page (a web page saved from a browser?)"
    } else if start.starts_with(b"<?xml") {
        "XML"
    } else {
        "XML or HTML markup"
    };
    Some(Undetected { reason: format!("it looks like {what}, which dolgraph does not read"), advice: PAGE })
}

/// The first JSON value of `head` and whether it spans lines (a document):
/// the first line when it parses alone, else the whole value it opens.
fn first_json(head: &[u8]) -> Option<(serde_json::Value, bool)> {
    let body = strip_bom(head);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let line_end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |i| start + i);
    if let Ok(v) = serde_json::from_slice(&body[start..line_end]) {
        return Some((v, false));
    }
    match super::response::value_end(body, start) {
        Ok(end) if end > line_end => serde_json::from_slice(&body[start..end]).ok().map(|v| (v, true)),
        Ok(_) => None,
        // A JSON array cut short (a download that stopped): its complete
        // records still say what it is, and are read.
        Err(_) if body[start] == b'[' => {
            let (items, _) = super::response::array_items(body, start);
            let (_, first) = items.first()?;
            let value: serde_json::Value = serde_json::from_slice(first).ok()?;
            Some((serde_json::Value::Array(vec![value]), true))
        }
        Err(_) => None,
    }
}

/// The format of a JSON value, and its shape: a record, a response
/// object holding a list of records, or a JSON array of records.
fn detect_value(value: &serde_json::Value) -> Result<(Format, &'static str), String> {
    if let Some(items) = value.as_array() {
        let Some(first) = items.iter().find(|v| v.is_object()) else {
            return Err(if items.is_empty() {
                "it is an empty JSON array (no records)".into()
            } else {
                "it is a JSON array with no object in it".into()
            });
        };
        return detect_json(first).map(|f| (f, "a JSON array of records"));
    }
    let Some(obj) = value.as_object() else {
        return Err("the first line is JSON but not an object".into());
    };
    let first_of = |key: &str| obj.get(key).and_then(|v| v.as_array()).and_then(|a| a.iter().find(|v| v.is_object()));
    if obj.get("thread").is_some_and(|t| t.get("post").is_some()) {
        return Ok((Format::Bluesky, "a Bluesky thread response {\"thread\"}"));
    }
    for (key, shape) in [
        ("feed", "a response with a \"feed\" list"),
        ("posts", "a response with a \"posts\" list"),
        ("statuses", "a response with a \"statuses\" list"),
    ] {
        if obj.get(key).is_some_and(|v| v.is_array()) && !obj.contains_key("data") {
            return match first_of(key) {
                Some(first) => detect_json(first).map(|f| (f, shape)),
                None => Err(format!("it is a response whose \"{key}\" list holds no record")),
            };
        }
    }
    detect_json(value).map(|f| (f, "one record per line"))
}

/// CSV headers and edge lists. A header naming known columns decides (an
/// edge CSV's rows must also read as edges); otherwise the text must read
/// as an edge list, line after line.
fn detect_text(head: &[u8]) -> Result<Format, Undetected> {
    let body = strip_bom(head);
    // The lines that are not blank, with their line numbers in the file.
    let mut lines = body
        .split(|b| *b == b'\n')
        .zip(1u64..)
        .map(|(l, n)| (n, l.strip_suffix(b"\r").unwrap_or(l)))
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .peekable();
    let Some(&(_, first)) = lines.peek() else {
        return Err(Undetected::new("the input is empty"));
    };
    if std::str::from_utf8(first).is_err() {
        return Err(Undetected {
            reason:
                "its first line is not UTF-8 text (text in another encoding, such as Windows-1252, or no text at all)"
                    .into(),
            advice: ENCODING,
        });
    }
    if let Some(f) = detect_csv(first) {
        if f == Format::EdgeCsv {
            edge_csv_rows(body)?;
        }
        return Ok(f);
    }
    let data: Vec<(u64, &[u8])> = lines.filter(|(_, l)| !is_comment(l)).take(EVIDENCE_LINES).collect();
    if data.is_empty() {
        return Err(Undetected::new("it holds only comment lines"));
    }
    let mut fields: Option<(u64, usize)> = None;
    for &(n, line) in &data {
        let problem = match (edge_line(line), fields) {
            (Err(why), _) => why.message(),
            (Ok((count, _)), None) => {
                fields = Some((n, count));
                continue;
            }
            (Ok((count, _)), Some((_, same))) if count == same => continue,
            (Ok((count, _)), Some((m, other))) => format!("it has {count} fields where line {m} has {other}"),
        };
        if fields.is_some() {
            return Err(Undetected {
                reason: format!("it reads as an edge list only in part: line {n}: {problem}"),
                advice: EDGES_IN_PART,
            });
        }
        return Err(not_edges(&data, (n, line), &problem));
    }
    Ok(Format::EdgeList)
}

/// What a text whose first line is no edge looks like: a table, a CSV file
/// with a header dolgraph does not know, prose, or none of these.
fn not_edges(data: &[(u64, &[u8])], (n, line): (u64, &[u8]), problem: &str) -> Undetected {
    let text = |l: &[u8]| String::from_utf8_lossy(l).into_owned();
    let shown = |l: &[u8]| {
        let t = text(l);
        let cut: String = t.chars().take(60).collect();
        if cut.len() < t.len() { format!("{cut}...") } else { cut }
    };
    let first = data[0].1;
    let at = format!("line {n} ('{}'): {problem}", shown(line));
    let columns = |sep: u8| {
        let counts: Vec<usize> = data.iter().map(|(_, l)| l.split(|b| *b == sep).count()).collect();
        (counts[0] >= 2 && counts.iter().all(|c| *c == counts[0])).then_some(counts[0])
    };
    if let Some(k) = columns(b'\t').filter(|k| *k >= 3) {
        let names: Vec<String> = first.split(|b| *b == b'\t').map(|c| shown(c.trim_ascii())).collect();
        return Undetected {
            reason: format!(
                "it looks like a table of {k} tab-separated columns (TSV: {}), not posts or an edge list",
                names.join(", ")
            ),
            advice: "dolgraph reads CSV (comma-separated): save the table as CSV, with an author column or one \
                     named with --format csv --columns author=COLUMN.",
        };
    }
    if columns(b',').is_some() {
        return Undetected {
            reason: format!(
                "it looks like a CSV file whose header ('{}') names no column dolgraph knows (an author: {}; or source and target, for an edge CSV)",
                shown(first),
                super::csv_export::AUTHOR_ALIASES.join(", ")
            ),
            advice: "Name the author column with --format csv --columns author=COLUMN.",
        };
    }
    let words = |l: &[u8]| text(l).split_whitespace().count();
    if data.iter().any(|(_, l)| words(l) >= 5) || problem.contains("is not an account id") {
        return Undetected::new(format!("it looks like prose text, not posts or an edge list: {at}"));
    }
    Undetected::new(format!("it is neither JSON, a known CSV header nor an edge list: {at}"))
}

/// An edge CSV's first rows (after the header) each read as an edge.
fn edge_csv_rows(body: &[u8]) -> Result<(), Undetected> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let header = r.headers().map_err(|e| Undetected::new(format!("cannot read the CSV header: {e}")))?.clone();
    let reader = EdgeCsvReader::new(&header).map_err(Undetected::new)?;
    let mut out = Vec::new();
    for row in r.byte_records().take(EVIDENCE_LINES) {
        let (line, problem) = match row {
            Err(e) => (e.position().map_or(0, |p| p.line()), format!("unreadable CSV row: {e}")),
            Ok(row) if row.len() != header.len() => (
                row.position().map_or(0, |p| p.line()),
                format!("CSV row has {} fields, the header has {}", row.len(), header.len()),
            ),
            Ok(row) => {
                let line = row.position().map_or(0, |p| p.line());
                reader.read_row(&row, line, &mut out);
                match out.pop() {
                    Some((_, Record::Rejected(why))) => (line, why.message()),
                    _ => continue,
                }
            }
        };
        return Err(Undetected {
            reason: format!("its header names source and target, but line {line} does not read as an edge: {problem}"),
            advice: EDGE_ROWS_IN_PART,
        });
    }
    Ok(())
}

fn detect_json(value: &serde_json::Value) -> Result<Format, String> {
    let Some(obj) = value.as_object() else {
        return Err("the first record is JSON but not an object".into());
    };
    let has = |k: &str| obj.contains_key(k);
    let f = if has("data") || has("includes") {
        Format::XV2
    } else if (has("did") && (has("commit") || has("kind") || has("identity") || has("time_us")))
        || (has("uri") && (has("author") || has("record")))
        || obj.get("post").is_some_and(|p| p.get("uri").is_some())
    {
        Format::Bluesky
    } else if has("account") && (has("content") || has("reblog")) {
        Format::Mastodon
    } else if has("id_str") || has("retweeted_status") || has("full_text") || (has("user") && has("text")) {
        Format::XV1
    } else if has("author_id") || has("edit_history_tweet_ids") || (has("id") && has("text")) {
        Format::XV2
    } else {
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.truncate(8);
        return Err(format!("a JSON object with keys {keys:?} matches no supported post format"));
    };
    Ok(f)
}

fn detect_csv(first: &[u8]) -> Option<Format> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(first);
    let header = r.records().next()?.ok()?;
    if header.len() < 2 {
        return None;
    }
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let has = |k: &str| names.iter().any(|n| n == k);
    if has("source") && has("target") {
        Some(Format::EdgeCsv)
    } else if has("author_id") && (has("author.username") || has("entities.mentions")) {
        Some(Format::TwarcCsv)
    } else if super::csv_export::AUTHOR_ALIASES.iter().any(|a| has(a)) {
        Some(Format::Csv)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        let cases: [(&str, Format); 10] = [
            (r#"{"data":[],"includes":{}}"#, Format::XV2),
            (r#"{"id":"1","author_id":"2","text":"x"}"#, Format::XV2),
            (r#"{"id_str":"1","user":{},"text":"x"}"#, Format::XV1),
            (r#"{"did":"did:plc:x","time_us":1,"kind":"commit"}"#, Format::Bluesky),
            (r#"{"post":{"uri":"at://x"},"reason":{}}"#, Format::Bluesky),
            (r#"{"id":"1","account":{},"content":"<p>x</p>"}"#, Format::Mastodon),
            ("post_id,author,text\n1,a,b", Format::Csv),
            ("id,author_id,author.username,text\n", Format::TwarcCsv),
            ("Source,Target,Weight\na,b,1", Format::EdgeCsv),
            ("# comment\n1 2 1341100972 RT\n", Format::EdgeList),
        ];
        for (head, want) in cases {
            assert_eq!(detect(head.as_bytes()).map(|d| d.format), Ok(want), "{head}");
        }
    }

    #[test]
    fn whole_responses_and_documents_say_their_shape() {
        let cases: [(&str, Format, bool, &str); 7] = [
            (r#"{"feed":[{"post":{"uri":"at://x","author":{}}}],"cursor":"c"}"#, Format::Bluesky, false, "\"feed\""),
            (r#"{"posts":[{"uri":"at://x","record":{}}]}"#, Format::Bluesky, false, "\"posts\""),
            (r#"{"thread":{"post":{"uri":"at://x"}}}"#, Format::Bluesky, false, "thread"),
            (r#"[{"id":"1","account":{},"content":""}]"#, Format::Mastodon, false, "JSON array"),
            (
                r#"{"statuses":[{"id_str":"1","user":{},"text":""}],"search_metadata":{}}"#,
                Format::XV1,
                false,
                "\"statuses\"",
            ),
            (
                "[\n  {\n    \"id\": \"1\",\n    \"account\": {},\n    \"content\": \"\"\n  }\n]\n",
                Format::Mastodon,
                true,
                "whole JSON document",
            ),
            (
                "{\n \"data\": [{\"id\":\"1\",\"author_id\":\"2\",\"text\":\"x\"}]\n}",
                Format::XV2,
                true,
                "whole JSON document",
            ),
        ];
        for (head, format, document, shape) in cases {
            let d = detect(head.as_bytes()).unwrap_or_else(|e| panic!("{head}: {e:?}"));
            assert_eq!((d.format, d.document), (format, document), "{head}");
            assert!(d.shape.contains(shape), "{head}: {}", d.shape);
        }
    }

    #[test]
    fn explains_failures() {
        let reason = |head: &[u8]| detect(head).expect_err("not detected").reason;
        assert!(reason(b"").contains("empty"));
        assert!(reason(b"[1,2]").contains("JSON array"));
        assert!(reason(b"[]").contains("empty JSON array"));
        assert!(reason(b"{\"feed\":[]}").contains("holds no record"));
        assert!(reason(b"{\"data\":[{\"id\":").starts_with("the first line is not valid JSON (EOF"));
        assert!(reason(b"{\"foo\":1}").contains("foo"));
        assert!(reason(b"hello there world, this is prose\nand more of it here\n").contains("prose"));
        assert!(reason(b"id,date,text\n1,2026-01-01,hi\n").contains("header ('id,date,text') names no column"));
    }

    /// The three-line RSS file of issue 25 was an edge list of one
    /// interaction; so was any text of two or three words a line.
    #[test]
    fn markup_and_short_prose_are_not_edge_lists() {
        let rss = detect(b"<?xml version='1.0'?><rss><item/></rss>\n").expect_err("RSS");
        assert_eq!(rss.reason, "it looks like XML (an RSS feed), which dolgraph does not read");
        assert_eq!(rss.advice, PAGE);
        let html = detect(b"\n  <HTML><body>a b</body></HTML>").expect_err("HTML");
        assert!(html.reason.contains("an HTML page"), "{html:?}");
        let words = detect(b"Dear team\nsee below\nthanks a lot\n").expect_err("words");
        assert_eq!(
            words.reason,
            "it reads as an edge list only in part: line 3: 'lot' is not a time (Unix seconds or RFC 3339)"
        );
        assert!(detect(b"Hello world.\n").expect_err("a sentence").reason.contains("'world.' is not an account id"));
    }

    #[test]
    fn an_edge_list_needs_its_first_lines_alike() {
        let lines = |n: usize, line: &str| line.repeat(n);
        for ok in [lines(30, "a b\n"), lines(3, "1 2 1341100972 RT\n"), lines(20, "did:plc:x ana@mastodon.social 1\n")]
        {
            assert_eq!(detect(ok.as_bytes()).map(|d| d.format), Ok(Format::EdgeList), "{ok}");
        }
        // A line that differs after the first 20 is not looked at (the
        // reader rejects it); one among them stops detection, naming it.
        let late = format!("{}a b c d e\n", lines(20, "a b\n"));
        assert_eq!(detect(late.as_bytes()).map(|d| d.format), Ok(Format::EdgeList));
        let early = format!("# SNAP\n{}a b RT\n", lines(5, "a b\n"));
        let e = detect(early.as_bytes()).expect_err("field counts differ");
        assert_eq!(e.reason, "it reads as an edge list only in part: line 7: it has 3 fields where line 2 has 2");
        assert_eq!(e.advice, EDGES_IN_PART);
        let quoted = detect(b"a b\n\"a\" b\n").expect_err("a quote");
        assert!(quoted.reason.ends_with("line 2: '\"a\"' is not an account id (it holds '\"')"), "{quoted:?}");
        let edge_csv = detect(b"source,target\na,b\n<td>,b\n").expect_err("markup in a cell");
        assert_eq!(
            edge_csv.reason,
            "its header names source and target, but line 3 does not read as an edge: '<td>' is not an account id (it holds '<')"
        );
        assert_eq!(edge_csv.advice, EDGE_ROWS_IN_PART);
        let labels = "source,target,weight\nJean Valjean,O'Brien (HCP),2\n";
        assert_eq!(detect(labels.as_bytes()).map(|d| d.format), Ok(Format::EdgeCsv));
    }

    #[test]
    fn files_that_are_no_input_are_named() {
        let cases: [(&[u8], &str, &str); 11] = [
            (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "PDF document", NO_POSTS),
            (b"PK\x03\x04\x14\0\0\0[Content_Types].xml...xl/workbook.xml", "Excel workbook (XLSX)", OFFICE),
            (b"PK\x03\x04\x14\0\0\0posts.jsonl", "ZIP archive", "Unzip it"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", "Excel 97-2003 workbook (XLS)", OFFICE),
            (b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", "PNG image", PICTURE),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "JPEG image", PICTURE),
            (b"GIF89a\x01\0", "GIF image", PICTURE),
            (b"\xFD7zXZ\0\0", "compressed with xz", "xz -d"),
            (b"\xFF\xFEa\0u\0t\0h\0o\0r\0", "UTF-16 text", ENCODING),
            (b"{\\rtf1\\ansi Notes}", "Rich Text (RTF)", NO_POSTS),
            (b"\xEF\xBB\xBF<!DOCTYPE html>\n<html>", "an HTML page", PAGE),
        ];
        for (head, what, advice) in cases {
            let e = detect(head).expect_err(what);
            assert!(e.reason.contains(what), "{what}: {e:?}");
            assert!(e.advice.contains(advice), "{what}: {e:?}");
        }
        let latin1 = detect(b"author,text\n").map(|d| d.format);
        assert_eq!(latin1, Ok(Format::Csv), "a plain header is still a header");
        let e = detect(b"aut\xf6r,text\n").expect_err("Latin-1");
        assert!(e.reason.starts_with("its first line is not UTF-8 text"), "{e:?}");
    }
}
