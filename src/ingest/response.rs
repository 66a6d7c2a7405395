//! Whole API responses: what a person saves from an API with `curl` or a
//! browser, rather than JSON lines. A Bluesky `{"feed": [...], "cursor"}`
//! (getAuthorFeed, getTimeline), `{"posts": [...]}` (searchPosts) or
//! `{"thread": ...}` (getPostThread), a Mastodon timeline (a JSON array of
//! statuses), an X v1.1 search `{"statuses": [...]}`: one JSON value that
//! holds a list of records, on one line or spread over a whole file.
//!
//! This module only finds where each record of a response starts and
//! ends, with a small structural scan (strings, escapes, nesting), so that
//! each record is parsed on its own by its format's reader and a bad record
//! is one reject with its own line number and index, not the loss of the
//! whole response. It knows no format's fields beyond the names of the
//! lists.

use super::reject::{Reject, RejectKind};

/// Deepest nesting the scan follows; deeper input is refused (serde_json
/// refuses it too, at 128 levels).
const MAX_DEPTH: usize = 512;

/// One record of a response: its byte offset in the scanned text and its
/// bytes.
pub type Item<'a> = (usize, &'a [u8]);

/// A member of a JSON object: its key as written, its value's offset and bytes.
pub type Member<'a> = (&'a [u8], usize, &'a [u8]);

/// Reads one record (its bytes, the line it starts on) into records.
pub type ReadOne<'f> = &'f dyn Fn(&[u8], u64, &mut Vec<super::Located>);

/// Top-level values with their lines, and a structural error's line,
/// offset and reason.
pub type Documents<'a> = (Vec<(u64, &'a [u8])>, Option<(u64, usize, Reject)>);

/// The end (exclusive) of the JSON value that starts at `text[start]`
/// (after any white space), or why it has none: the text ends inside the
/// value, or brackets do not match. Only objects, arrays and strings are
/// followed; a scalar ends at the next delimiter.
pub fn value_end(text: &[u8], start: usize) -> Result<usize, Reject> {
    let mut i = skip_ws(text, start);
    let mut stack: Vec<u8> = Vec::new();
    let scalar_start = i;
    loop {
        let Some(&b) = text.get(i) else {
            if stack.is_empty() && i > scalar_start {
                return Ok(i);
            }
            return Err(json("the JSON text ends inside a value (cut short?)"));
        };
        match b {
            b'"' => {
                i = string_end(text, i)?;
                if stack.is_empty() {
                    return Ok(i);
                }
                continue;
            }
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Reject::with(RejectKind::Json, "JSON nested deeper than {} levels", &[&MAX_DEPTH]));
                }
                stack.push(if b == b'{' { b'}' } else { b']' });
            }
            b'}' | b']' if stack.is_empty() && i > scalar_start => return Ok(i),
            b'}' | b']' => match stack.pop() {
                Some(want) if want == b => {
                    if stack.is_empty() {
                        return Ok(i + 1);
                    }
                }
                _ => {
                    return Err(Reject::with(RejectKind::Json, "unmatched '{}' at byte {}", &[&(b as char), &(i + 1)]));
                }
            },
            b',' | b':' | b' ' | b'\t' | b'\r' | b'\n' if stack.is_empty() => {
                // A value cannot be empty: a ',' or ':' where one starts is misplaced.
                return if i > scalar_start {
                    Ok(i)
                } else {
                    Err(Reject::with(RejectKind::Json, "unexpected '{}' at byte {}", &[&(b as char), &(i + 1)]))
                };
            }
            _ => {}
        }
        i += 1;
    }
}

/// The end (exclusive) of the string whose opening quote is at `text[i]`.
fn string_end(text: &[u8], i: usize) -> Result<usize, Reject> {
    let mut j = i + 1;
    loop {
        match memchr::memchr2(b'"', b'\\', &text[j.min(text.len())..]) {
            None => return Err(json("the JSON text ends inside a string (cut short?)")),
            Some(k) => {
                let at = j + k;
                if text[at] == b'\\' {
                    j = at + 2;
                    continue;
                }
                return Ok(at + 1);
            }
        }
    }
}

fn skip_ws(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The elements of the JSON array that starts at `text[start]`. On a
/// structural error, the elements found before it and the error.
pub fn array_items(text: &[u8], start: usize) -> (Vec<Item<'_>>, Option<Reject>) {
    let mut items = Vec::new();
    let mut i = skip_ws(text, start);
    if text.get(i) != Some(&b'[') {
        return (items, Some(json("not a JSON array")));
    }
    i = skip_ws(text, i + 1);
    if text.get(i) == Some(&b']') {
        return (items, None);
    }
    loop {
        let begin = skip_ws(text, i);
        match value_end(text, begin) {
            Ok(end) => items.push((begin, &text[begin..end])),
            Err(e) => return (items, Some(e)),
        }
        let after = skip_ws(text, items.last().map_or(begin, |(o, v)| o + v.len()));
        match text.get(after) {
            Some(b',') => i = after + 1,
            Some(b']') => return (items, None),
            Some(c) => {
                let why = "expected ',' or ']' after a list entry, found '{}'";
                return (items, Some(Reject::with(RejectKind::Json, why, &[&(*c as char)])));
            }
            None => return (items, Some(json("the JSON text ends inside a list (cut short?)"))),
        }
    }
}

/// The members of the JSON object that starts at `text[start]`: each key
/// (raw, as written between its quotes) with the offset and bytes of its
/// value. Stops at the first structural error.
pub fn object_members(text: &[u8], start: usize) -> Result<Vec<Member<'_>>, Reject> {
    let mut members = Vec::new();
    let mut i = skip_ws(text, start);
    if text.get(i) != Some(&b'{') {
        return Err(json("not a JSON object"));
    }
    i = skip_ws(text, i + 1);
    if text.get(i) == Some(&b'}') {
        return Ok(members);
    }
    loop {
        i = skip_ws(text, i);
        if text.get(i) != Some(&b'"') {
            return Err(json("expected a key in a JSON object"));
        }
        let key_end = string_end(text, i)?;
        let key = &text[i + 1..key_end - 1];
        i = skip_ws(text, key_end);
        if text.get(i) != Some(&b':') {
            return Err(json("expected ':' after a key"));
        }
        let begin = skip_ws(text, i + 1);
        let end = value_end(text, begin)?;
        members.push((key, begin, &text[begin..end]));
        i = skip_ws(text, end);
        match text.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => return Ok(members),
            _ => return Err(json("expected ',' or '}' in a JSON object")),
        }
    }
}

/// The value of the top-level member `key` of the object `text`, with its
/// offset, when the object has that member.
pub fn member<'t>(text: &'t [u8], key: &str) -> Option<(usize, &'t [u8])> {
    object_members(text, 0).ok()?.into_iter().find(|(k, _, _)| *k == key.as_bytes()).map(|(_, o, v)| (o, v))
}

/// The line a byte offset of `unit` is on, when the unit starts on `line`.
pub fn line_at(unit: &[u8], line: u64, offset: usize) -> u64 {
    line + memchr::memchr_iter(b'\n', &unit[..offset.min(unit.len())]).count() as u64
}

/// A structural problem of the JSON text, in fixed words.
fn json(why: &'static str) -> Reject {
    Reject::new(RejectKind::Json, why)
}

/// Reads every record of a list: `one` reads each record (at its own
/// line), and the reasons of its rejects get the record's index. A
/// structural error after the last good record is one more reject.
pub fn read_list(
    unit: &[u8],
    line: u64,
    list: &'static str,
    offset: usize,
    out: &mut Vec<super::Located>,
    one: ReadOne<'_>,
) {
    let (items, error) = array_items(unit, offset);
    let count = items.len();
    // Lines are counted from one record to the next, not from the start
    // each time (a document of 60,000 records would scan 10^12 bytes).
    let (mut counted, mut counted_line) = (0, line);
    for (index, (at, item)) in items.into_iter().enumerate() {
        counted_line = line_at(&unit[counted..], counted_line, at - counted);
        counted = at;
        let item_line = counted_line;
        if !matches!(item.first(), Some(b'{' | b'[')) {
            out.push((item_line, super::Record::Rejected(json("not a JSON object").in_list(list, index))));
            continue;
        }
        let start = out.len();
        one(item, item_line, out);
        for (_, rec) in &mut out[start..] {
            if let super::Record::Rejected(why) = rec {
                why.item = Some(super::reject::Item { list, index });
            }
        }
    }
    if let Some(e) = error {
        let at_end = line_at(&unit[counted..], counted_line, unit.len() - counted);
        out.push((at_end, super::Record::Rejected(e.in_list(list, count))));
    }
}

/// Reads a unit that is a JSON array (a Mastodon timeline, X v1.1
/// `user_timeline`) record by record; false when the unit is not an array.
pub fn read_array(unit: &[u8], line: u64, out: &mut Vec<super::Located>, one: ReadOne<'_>) -> bool {
    let body = unit.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(unit);
    if body.trim_ascii_start().first() != Some(&b'[') {
        return false;
    }
    read_list(body, line, "list", 0, out, one);
    true
}

/// Reads the list under `key` of a response object record by record.
pub fn read_member_list(unit: &[u8], line: u64, key: &'static str, out: &mut Vec<super::Located>, one: ReadOne<'_>) {
    match member(unit, key) {
        Some((offset, _)) => read_list(unit, line, key, offset, out, one),
        None => {
            let why = Reject::with(RejectKind::Json, "the \"{}\" list cannot be read", &[&key]);
            out.push((line, super::Record::Rejected(why)))
        }
    }
}

/// The top-level JSON values of a whole document (pretty-printed JSON, or
/// several documents one after another), with the line each starts on. A
/// structural error ends the list with the line and offset of the value
/// that has it.
pub fn documents(text: &[u8], first_line: u64) -> Documents<'_> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = first_line;
    let mut counted = 0;
    loop {
        i = skip_ws(text, i);
        if i >= text.len() {
            return (out, None);
        }
        line += memchr::memchr_iter(b'\n', &text[counted..i]).count() as u64;
        counted = i;
        match value_end(text, i) {
            Ok(end) => {
                out.push((line, &text[i..end]));
                i = end;
            }
            Err(e) => return (out, Some((line, i, e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_items_and_members() {
        let t = br#" {"a": [1, "x\"]", {"b": [2]}], "c": "}"} tail"#;
        assert_eq!(value_end(t, 0), Ok(t.len() - 5));
        let (_, list) = member(&t[..t.len() - 5], "a").expect("member a");
        let (items, err) = array_items(list, 0);
        assert_eq!(items.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [&b"1"[..], br#""x\"]""#, br#"{"b": [2]}"#]);
        assert_eq!(err, None);
        assert_eq!(array_items(b"[]", 0), (vec![], None));
        let (items, err) = array_items(b"[{\"a\":1},\n{\"a\":", 0);
        assert_eq!(items.len(), 1);
        assert!(err.expect("cut").message().contains("cut short"));
        assert!(value_end(b"[1,2}", 0).expect_err("mismatch").message().contains("unmatched"));
        assert!(value_end(&vec![b'['; 600], 0).expect_err("deep").message().contains("deeper"));
        // A misplaced delimiter is an error, never an empty value (the fuzzer
        // found `documents` looping on one).
        assert!(value_end(b",1", 0).expect_err("comma").message().contains("unexpected ','"));
        let (docs, err) = documents(b"{}\n:", 1);
        assert_eq!((docs.len(), err.map(|(l, _, _)| l)), (1, Some(2)));
    }

    #[test]
    fn documents_keep_their_lines() {
        let text = b"{\n  \"a\": 1\n}\n\n[\n 2\n]\n{\"cut\":";
        let (docs, err) = documents(text, 1);
        assert_eq!(docs.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(err.map(|(l, at, _)| (l, at)), Some((8, text.len() - 7)));
    }
}
