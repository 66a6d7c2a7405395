//! Reading limits: how long one record (a line, a CSV record, a whole JSON
//! document) may be, and how large a settings file (topics, personas, a
//! pseudonym key) may be. Without them a file with no line end (a gzip of
//! zeros, `/dev/zero`) is read into memory until the process dies.
//!
//! A record over the limit stops the reading of its input with an error
//! that names the line: past a record whose end was never found, where the
//! next one starts is unknown.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Default `--max-record-bytes`: 64 MiB, a hundred times the largest real
/// record seen (an X v2 page of 500 tweets with expansions).
pub const DEFAULT_MAX_RECORD: usize = 64 << 20;

/// The largest topics or personas file read (TOML of hand-written lists).
pub const MAX_SETTINGS_FILE: u64 = 16 << 20;

/// The largest `--pseudonymize` key file (a key is 32 bytes).
pub const MAX_KEY_FILE: u64 = 1 << 20;

/// A record longer than the limit: the error inside the `io::Error` that
/// stops the input, so callers can tell it from a failing disk.
#[derive(Debug)]
pub struct TooLong {
    pub line: u64,
    pub limit: usize,
    pub what: &'static str,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} starting on line {} is longer than {} (--max-record-bytes); reading stopped there",
            self.what,
            self.line,
            size(self.limit as u64)
        )
    }
}

impl std::error::Error for TooLong {}

impl TooLong {
    /// The reason in rejects.jsonl, for the record itself.
    pub fn reason(&self) -> super::reject::Reject {
        let why = format!("{} is longer than {{}} (--max-record-bytes)", self.what);
        super::reject::Reject::with(super::reject::RejectKind::TooLong, why, &[&size(self.limit as u64)])
    }
}

pub fn too_long(line: u64, limit: usize, what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, TooLong { line, limit, what })
}

/// The record-limit error inside `e`, if that is what it is.
pub fn as_too_long(e: &io::Error) -> Option<&TooLong> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>())
}

/// A byte count as a person reads it: `64 MiB`, `1.5 KiB`, `300 bytes`.
pub fn size(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if n >= scale {
            let v = n as f64 / scale as f64;
            return if n.is_multiple_of(scale) { format!("{} {unit}", n / scale) } else { format!("{v:.1} {unit}") };
        }
    }
    format!("{n} bytes")
}

/// Parses a byte count with an optional K, M or G suffix (powers of 1024).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, scale) = match t.char_indices().last() {
        Some((i, c)) if c.eq_ignore_ascii_case(&'k') => (&t[..i], 1u64 << 10),
        Some((i, c)) if c.eq_ignore_ascii_case(&'m') => (&t[..i], 1 << 20),
        Some((i, c)) if c.eq_ignore_ascii_case(&'g') => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    let n: u64 =
        digits.trim().parse().map_err(|_| format!("'{s}' is not a byte count (such as 1048576, 512K, 64M)"))?;
    let bytes =
        n.checked_mul(scale).and_then(|b| usize::try_from(b).ok()).ok_or_else(|| format!("'{s}' is too large"))?;
    if bytes < 1024 {
        return Err(format!("'{s}' is below 1 KiB: no real record is that short"));
    }
    Ok(bytes)
}

/// Reads a small file (settings, a key) whole, refusing one larger than
/// `limit` before reading it: the size is checked first, and a file whose
/// size the system does not say (a device such as /dev/zero, a pipe) is
/// read only up to the limit.
pub fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the {what} ({e})"))?;
    if meta.is_dir() {
        return Err(format!("the {what} is a folder"));
    }
    let refuse =
        |seen: String| format!("the {what} is {seen}; a {what} can be at most {} (is it the right file?)", size(limit));
    if meta.len() > limit {
        return Err(refuse(size(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the {what} ({e})"))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read the {what} ({e})"))?;
    if bytes.len() as u64 > limit {
        return Err(refuse(format!("more than {}", size(limit))));
    }
    Ok(bytes)
}

/// [`read_capped`] for a text file: its bytes must be UTF-8.
pub fn read_capped_text(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    String::from_utf8(read_capped(path, limit, what)?).map_err(|_| format!("the {what} is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert!(parse_size("12").is_err() && parse_size("x").is_err() && parse_size("99999999999G").is_err());
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(10), "10 bytes");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_read_only_up_to_the_limit() {
        let e = read_capped(Path::new("/dev/zero"), 4096, "topics file").expect_err("refused");
        assert_eq!(e, "the topics file is more than 4 KiB; a topics file can be at most 4 KiB (is it the right file?)");
    }
}
