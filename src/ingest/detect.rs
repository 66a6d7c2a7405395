//! Format detection from content (never from the file name): the first
//! non-blank line of the decompressed input decides.

use super::Format;

/// Detects the format of an input from its first bytes (at least the first
/// complete line when the input has one). On failure, says what was seen.
pub fn detect(head: &[u8]) -> Result<Format, String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut lines = head
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = lines.next() else {
        return Err("the input is empty".into());
    };
    let trimmed = first.trim_ascii_start();
    match trimmed.first() {
        Some(b'{') => detect_json(first),
        Some(b'[') => Err("it is a JSON array; dolgraph reads JSON lines (one object per line)".into()),
        _ => {
            if std::str::from_utf8(first).is_err() {
                return Err("the first line is not UTF-8 text".into());
            }
            if let Some(f) = detect_csv(first) {
                return Ok(f);
            }
            let mut candidates = std::iter::once(first).chain(lines);
            if candidates.all(|l| l.starts_with(b"#") || l.starts_with(b"%")) {
                return Err("it holds only comment lines".into());
            }
            let data_line = std::iter::once(first)
                .chain(head.split(|b| *b == b'\n'))
                .find(|l| !l.starts_with(b"#") && !l.starts_with(b"%") && !l.iter().all(u8::is_ascii_whitespace))
                .unwrap_or(first);
            if looks_like_edge_line(data_line) {
                return Ok(Format::EdgeList);
            }
            let shown: String = String::from_utf8_lossy(&first[..first.len().min(60)]).into();
            Err(format!("the first line ('{shown}') is neither JSON, a known CSV header nor an edge list"))
        }
    }
}

fn detect_json(line: &[u8]) -> Result<Format, String> {
    let value: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| format!("the first line is not valid JSON ({e})"))?;
    let Some(obj) = value.as_object() else {
        return Err("the first line is JSON but not an object".into());
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
            assert_eq!(detect(head.as_bytes()), Ok(want), "{head}");
        }
    }

    #[test]
    fn explains_failures() {
        assert!(detect(b"").unwrap_err().contains("empty"));
        assert!(detect(b"[1,2]").unwrap_err().contains("JSON array"));
        assert!(detect(b"{\"foo\":1}").unwrap_err().contains("foo"));
        assert!(detect(b"hello there, world, this is prose").unwrap_err().contains("neither"));
    }
}
