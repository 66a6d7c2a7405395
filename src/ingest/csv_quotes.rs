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
pub struct QuoteTracker<R> {
    inner: R,
    state: State,
}

impl<R> QuoteTracker<R> {
    pub fn new(inner: R) -> Self {
        QuoteTracker { inner, state: State::FieldStart }
    }

    /// Whether the bytes read so far end inside a quoted field: at the end
    /// of the input, a quote was opened and never closed.
    pub fn in_open_quote(&self) -> bool {
        self.state == State::Quoted
    }

    fn track(&mut self, mut bytes: &[u8]) {
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
                        self.state = State::FieldStart;
                        bytes = &bytes[i + 1..];
                        continue;
                    }
                    None => return,
                },
                State::FieldStart => {
                    self.state = match b {
                        b'"' => State::Quoted,
                        b',' | b'\n' | b'\r' => State::FieldStart,
                        _ => State::Unquoted,
                    }
                }
                State::QuoteInQuoted => {
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
