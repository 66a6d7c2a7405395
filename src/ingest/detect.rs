//! Format detection from content (never from the file name): the first
//! record of the decompressed input decides (its first non-blank line, or
//! the whole JSON value that line opens), and says what it saw: JSON lines,
//! a response with a list of posts on each line, or one whole document.

use super::Format;

/// What detection found: the format, whether the input is one whole JSON
/// document rather than lines, and the shape it saw (for the manifest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    pub document: bool,
    pub shape: String,
}

/// The layout of a JSON input whose format is known (forced with
/// `--format`): a whole document when its first value spans lines.
pub fn is_document(head: &[u8]) -> bool {
    first_json(head).is_some_and(|(_, document)| document)
}

/// Detects the format of an input from its first record (see
/// [`super::source::Source::first_record`]). On failure, says what was seen.
pub fn detect(head: &[u8]) -> Result<Detected, String> {
    let plain = |format: Format, shape: &str| Detected { format, document: false, shape: shape.to_string() };
    let trimmed = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).trim_ascii_start();
    if matches!(trimmed.first(), Some(b'{' | b'[')) {
        return match first_json(head) {
            Some((value, document)) => {
                let (format, shape) = detect_value(&value)?;
                let layout = if document { "a whole JSON document" } else { "JSON lines" };
                Ok(Detected { format, document, shape: format!("{layout}, {shape}") })
            }
            None => {
                let line = trimmed.split(|b| *b == b'\n').next().unwrap_or(trimmed);
                match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
                    Err(e) => Err(format!("the first line is not valid JSON ({e})")),
                    Ok(_) => Err("the first line is not valid JSON".into()),
                }
            }
        };
    }
    detect_text(head).map(|f| plain(f, if f == Format::EdgeList { "edge list lines" } else { "CSV with a header" }))
}

/// The first JSON value of `head` and whether it spans lines (a document):
/// the first line when it parses alone, else the whole value it opens.
fn first_json(head: &[u8]) -> Option<(serde_json::Value, bool)> {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
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

/// CSV headers and edge lists: the first non-blank line, and for edge
/// lists the first line that is not a comment.
fn detect_text(head: &[u8]) -> Result<Format, String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut lines = head
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = lines.next() else {
        return Err("the input is empty".into());
    };
    if std::str::from_utf8(first).is_err() {
        return Err("the first line is not UTF-8 text".into());
    }
    if let Some(f) = detect_csv(first) {
        return Ok(f);
    }
    let is_comment = |l: &[u8]| l.starts_with(b"#") || l.starts_with(b"%");
    let Some(data_line) = std::iter::once(first).chain(lines).find(|l| !is_comment(l)) else {
        return Err("it holds only comment lines".into());
    };
    if looks_like_edge_line(data_line) {
        return Ok(Format::EdgeList);
    }
    let shown: String = String::from_utf8_lossy(&first[..first.len().min(60)]).into();
    Err(format!("the first line ('{shown}') is neither JSON, a known CSV header nor an edge list"))
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

fn looks_like_edge_line(line: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(line) else {
        return false;
    };
    let tokens: Vec<&str> = s.split_ascii_whitespace().collect();
    (2..=4).contains(&tokens.len()) && !s.contains(',') && !s.contains('"')
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
            let d = detect(head.as_bytes()).unwrap_or_else(|e| panic!("{head}: {e}"));
            assert_eq!((d.format, d.document), (format, document), "{head}");
            assert!(d.shape.contains(shape), "{head}: {}", d.shape);
        }
    }

    #[test]
    fn explains_failures() {
        assert!(detect(b"").unwrap_err().contains("empty"));
        assert!(detect(b"[1,2]").unwrap_err().contains("JSON array"));
        assert!(detect(b"[]").unwrap_err().contains("empty JSON array"));
        assert!(detect(b"{\"feed\":[]}").unwrap_err().contains("holds no record"));
        assert!(detect(b"{\"data\":[{\"id\":").unwrap_err().starts_with("the first line is not valid JSON (EOF"));
        assert!(detect(b"{\"foo\":1}").unwrap_err().contains("foo"));
        assert!(detect(b"hello there, world, this is prose").unwrap_err().contains("neither"));
    }
}
