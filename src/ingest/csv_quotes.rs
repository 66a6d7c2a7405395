//! Tells whether a CSV input ends inside a quoted field.
//!
//! The csv crate, like most CSV parsers, closes a quoted field at the end of
//! the input without complaint. A single stray opening quote then swallows
//! every row after it into one field, silently: the rows are neither used
//! nor rejected. [`QuoteTracker`] watches the bytes on their way to the csv
//! parser with the same quoting rules (RFC 4180 with doubled quotes, the
//! csv crate's defaults) so the reader can reject that last row instead.

use std::io::{self, Read};

/// Where the tracker is in the CSV grammar, as far as quotes matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field: a quote here opens a quoted field.
    FieldStart,
    /// Inside an unquoted field: quotes are literal.
    Unquoted,
    /// Inside a quoted field: only a quote matters.
    Quoted,
    /// Just after a quote inside a quoted field: a second quote is an
    /// escaped quote, anything else closes the field.
    QuoteInQuoted,
}

/// A reader that passes bytes through unchanged and follows quoting.
///
/// It also measures the record being read (from the last line end outside
/// quotes): the csv crate grows a record's buffer without bound, so a
/// record longer than the limit stops the read here, with its line, before
/// memory runs out (a gzip of zeros, an unclosed quote in a huge file).
pub struct QuoteTracker<R> {
    inner: R,
    state: State,
    /// Bytes of the record being read, and the line it starts on (1-based).
    open: usize,
    record_line: u64,
    lines: u64,
    limit: usize,
    /// The line of the first record found longer than the limit.
    too_long: Option<u64>,
    ends: Vec<usize>,
}

impl<R> QuoteTracker<R> {
    pub fn new(inner: R) -> Self {
        QuoteTracker::with_limit(inner, usize::MAX)
    }

    /// A tracker that fails the read once one record passes `limit` bytes.
    pub fn with_limit(inner: R, limit: usize) -> Self {
        QuoteTracker {
            inner,
            state: State::FieldStart,
            open: 0,
            record_line: 1,
            lines: 0,
            limit,
            too_long: None,
            ends: Vec::new(),
        }
    }

    /// Whether the bytes read so far end inside a quoted field: at the end
    /// of the input, a quote was opened and never closed.
    pub fn in_open_quote(&self) -> bool {
        self.state == State::Quoted
    }

    fn track(&mut self, chunk: &[u8]) {
        let mut ends = std::mem::take(&mut self.ends);
        ends.clear();
        self.track_quotes(chunk, &mut ends);
        let mut start = 0;
        for &at in &ends {
            let len = self.open + (at - start);
            if len > self.limit && self.too_long.is_none() {
                self.too_long = Some(self.record_line);
            }
            self.record_line = self.lines + memchr::memchr_iter(b'\n', &chunk[..=at]).count() as u64 + 1;
            self.open = 0;
            start = at + 1;
        }
        self.open += chunk.len() - start;
        if self.open > self.limit && self.too_long.is_none() {
            self.too_long = Some(self.record_line);
        }
        self.lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        self.ends = ends;
    }

    /// Follows the quoting through `chunk`, noting the offset of each line
    /// end outside quotes (where a record ends).
    fn track_quotes(&mut self, chunk: &[u8], ends: &mut Vec<usize>) {
        let mut bytes = chunk;
        let at = |rest: &[u8]| chunk.len() - rest.len();
        while let Some((&b, rest)) = bytes.split_first() {
            match self.state {
                State::Quoted => match memchr::memchr(b'"', bytes) {
                    Some(i) => {
                        self.state = State::QuoteInQuoted;
                        bytes = &bytes[i + 1..];
                        continue;
                    }
                    None => return,
                },
                State::Unquoted => match memchr::memchr3(b',', b'\n', b'\r', bytes) {
                    Some(i) => {
                        if bytes[i] == b'\n' {
                            ends.push(at(bytes) + i);
                        }
                        self.state = State::FieldStart;
                        bytes = &bytes[i + 1..];
                        continue;
                    }
                    None => return,
                },
                // After a quote inside a quoted field the byte decides as at
                // a field's start: `""` is a quote in the text, a delimiter
                // ends the field.
                State::FieldStart | State::QuoteInQuoted => {
                    if b == b'\n' {
                        ends.push(at(bytes));
                    }
                    self.state = match b {
                        b'"' => State::Quoted,
                        b',' | b'\n' | b'\r' => State::FieldStart,
                        _ => State::Unquoted,
                    }
                }
            }
            bytes = rest;
        }
    }
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // The bytes that showed a record too long are passed on, so the rows
        // before it in them are still parsed; the next read fails.
        if let Some(line) = self.too_long {
            return Err(super::limits::too_long(line, self.limit, "CSV record"));
        }
        let n = self.inner.read(buf)?;
        self.track(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_at_end(text: &str) -> bool {
        let mut t = QuoteTracker::new(text.as_bytes());
        io::copy(&mut t, &mut io::sink()).expect("read");
        t.in_open_quote()
    }

    #[test]
    fn follows_csv_quoting() {
        assert!(!open_at_end("a,b\n1,\"x, \"\"y\"\"\nz\"\n"));
        assert!(!open_at_end("a,b\n1,5\" tall\n")); // a quote inside an unquoted field is literal
        assert!(!open_at_end("a,b\r\n1,\"\"\r\n"));
        assert!(!open_at_end("a,b\n1,\"closed\"junk\n"));
        assert!(open_at_end("a,b\n1,\"never closed\n2,x\n"));
        assert!(open_at_end("a,b\n1,\"x\"\"\n"));
    }

    #[test]
    fn a_record_longer_than_the_limit_stops_the_read_with_its_line() {
        let text = "a,b\n1,2\n3,\"long\nquoted\nfield that goes on\"\n4,5\n";
        let mut t = QuoteTracker::with_limit(text.as_bytes(), 20);
        let mut sink = Vec::new();
        let e = io::copy(&mut t, &mut sink).expect_err("too long");
        assert!(text.as_bytes().starts_with(&sink) && sink.len() > 20, "the bytes that showed it are passed on");
        assert!(e.to_string().starts_with("CSV record starting on line 3 is longer than"), "{e}");
        let mut t = QuoteTracker::with_limit(text.as_bytes(), 40);
        io::copy(&mut t, &mut io::sink()).expect("within the limit");
    }

    #[test]
    fn state_survives_any_split_of_the_input() {
        let text = b"a,b\n1,\"x\"\"y\n2\",\"open\n3,z\n";
        for cut in 0..text.len() {
            let mut t = QuoteTracker::new(&text[..0]);
            t.track(&text[..cut]);
            t.track(&text[cut..]);
            assert!(t.in_open_quote(), "cut at {cut}");
        }
    }
}
