//! `rejects.jsonl`: one line per rejected record, written as records are
//! read (so memory does not grow with bad input), with file, line and reason.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

#[derive(serde::Serialize)]
struct RejectLine<'a> {
    file: &'a str,
    line: u64,
    reason: &'a str,
}

pub struct RejectWriter {
    out: BufWriter<File>,
}

impl RejectWriter {
    pub fn create(path: &Path) -> std::io::Result<RejectWriter> {
        Ok(RejectWriter { out: BufWriter::new(File::create(path)?) })
    }

    pub fn write(&mut self, file: &str, line: u64, reason: &str) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, &RejectLine { file, line, reason })?;
        self.out.write_all(b"\n")
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The class of a reject reason for the manifest's counts: the text before
/// the first `:` (so "invalid JSON: EOF at column 40" counts as
/// "invalid JSON"), with quoted values and numbers blanked.
pub fn reason_class(reason: &str) -> String {
    let head = reason.split(": ").next().unwrap_or(reason);
    let mut out = String::with_capacity(head.len());
    let mut in_quote = false;
    for c in head.chars() {
        match c {
            '\'' => {
                in_quote = !in_quote;
                out.push_str(if in_quote { "'…" } else { "'" });
            }
            _ if in_quote => {}
            // Digits that end a word ("UTF-8") are part of the class.
            '0'..='9' if out.ends_with('-') || out.ends_with(|p: char| p.is_ascii_digit()) => out.push(c),
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_group_details() {
        assert_eq!(reason_class("invalid JSON: EOF while parsing at line 1 column 40"), "invalid JSON");
        assert_eq!(reason_class("created_at 'yesterday' is not a date"), "created_at '…' is not a date");
        assert_eq!(reason_class("CSV row has 3 fields, the header has 12"), "CSV row has N fields, the header has N");
        assert_eq!(reason_class("line is not valid UTF-8 (byte 35)"), "line is not valid UTF-8 (byte N)");
    }
}
