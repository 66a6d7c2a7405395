//! Input files: opening (gzip detected by its magic bytes, not the name),
//! hashing and counting the raw bytes as they stream past, and cutting the
//! stream into batches of units that readers parse in parallel.
//!
//! Memory stays bounded by the batch size: a batch is parsed (in parallel,
//! order kept) while the previous batch's records are handed to the caller,
//! and then dropped.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::csv_quotes::QuoteTracker;
use super::reject::{Reject, RejectKind};
use super::{Located, UnitReader};

/// Lines of text, after the first record, that the head of an input holds
/// (comments and blank lines not counted): what format detection needs to
/// tell an edge list from text that only starts like one.
pub const HEAD_LINES: usize = 20;

/// Comment lines of a SNAP-style file, which are not records.
pub fn is_comment(line: &[u8]) -> bool {
    line.starts_with(b"#") || line.starts_with(b"%")
}

/// Bytes of input cut into one batch of lines.
const BATCH_BYTES: usize = 8 << 20;
/// CSV rows in one batch.
const BATCH_ROWS: usize = 16_384;

/// Running totals of the raw file bytes read, shared with the progress bar.
#[derive(Default)]
struct Tally {
    sha: Sha256,
    bytes: u64,
}

/// Wraps the raw file: every byte read is hashed and counted.
struct Hashing<R> {
    inner: R,
    tally: Arc<Mutex<Tally>>,
    progress: indicatif::ProgressBar,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            let mut t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            t.sha.update(&buf[..n]);
            t.bytes += n as u64;
            self.progress.inc(n as u64);
        }
        Ok(n)
    }
}

/// The gzip decoder, with its errors said in the user's terms: flate2
/// reports a file cut short as "incomplete deflate stream" or "unexpected
/// end of file".
///
/// Members are decoded one after another (as `gzip -d` does with
/// concatenated files), and bytes after the last member that do not start
/// another one are named as trailing data: the content before them is
/// whole, which "cut short" would wrongly deny.
struct Gunzip<R: BufRead> {
    member: Option<flate2::bufread::GzDecoder<R>>,
    /// Set once trailing data is found: every later read reports it.
    trailing: bool,
}

impl<R: BufRead> Gunzip<R> {
    fn new(inner: R) -> Self {
        Gunzip { member: Some(flate2::bufread::GzDecoder::new(inner)), trailing: false }
    }
}

fn trailing_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "trailing data after the gzip stream: the bytes after its end are not gzip (the content before them was read)",
    )
}

impl<R: BufRead> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.trailing {
            return Err(trailing_error());
        }
        loop {
            let Some(member) = self.member.as_mut() else { return Ok(0) };
            let n = member.read(buf).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("the gzip data is damaged or cut short ({e}); copy or download the file again"),
                )
            })?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This member ended: another may follow.
            let mut inner = self.member.take().map(flate2::bufread::GzDecoder::into_inner).expect("invariant: set");
            let next = inner.fill_buf()?;
            if next.is_empty() {
                return Ok(0);
            }
            if next[0] != 0x1f {
                self.trailing = true;
                return Err(trailing_error());
            }
            self.member = Some(flate2::bufread::GzDecoder::new(inner));
        }
    }
}

/// An open input: a buffered reader over the decompressed content.
pub struct Source {
    pub reader: Box<dyn BufRead + Send>,
    pub gzip: bool,
    tally: Arc<Mutex<Tally>>,
}

impl Source {
    /// Opens `path`; gzip content is decompressed transparently. Files,
    /// pipes and FIFOs alike: nothing assumes a read fills its buffer.
    pub fn open(path: &Path, progress: indicatif::ProgressBar) -> io::Result<Source> {
        let file = File::open(path)?;
        let tally = Arc::new(Mutex::new(Tally::default()));
        let mut hashing = Hashing { inner: file, tally: Arc::clone(&tally), progress };
        let mut magic = Vec::with_capacity(2);
        (&mut hashing).take(2).read_to_end(&mut magic)?;
        let gzip = magic == [0x1f, 0x8b];
        let raw = io::Cursor::new(magic).chain(BufReader::with_capacity(1 << 20, hashing));
        let reader: Box<dyn BufRead + Send> =
            if gzip { Box::new(BufReader::with_capacity(1 << 20, Gunzip::new(raw))) } else { Box::new(raw) };
        Ok(Source { reader, gzip, tally })
    }

    /// Reads what format detection looks at, without consuming it (the
    /// reader still starts at the beginning): the first non-blank line, or,
    /// when that line opens a JSON value it does not close, the whole
    /// value (a pretty-printed document); for text, also the lines after
    /// it, up to [`HEAD_LINES`] lines that are neither
    /// blank nor comments (an edge list shows itself in its lines, not in
    /// a header). The first record may be `limit` bytes at most; the lines
    /// after it [`DETECT_BYTES`] more; the input may end sooner. Detection
    /// reads this, not whatever the first read happened to return (a pipe
    /// gives 64 KiB at a time). The returned bytes end with the last whole
    /// line read (or the input's end). Also says whether the first record
    /// ran over `limit` (then the bytes are its first `limit + 1`).
    pub fn first_record(&mut self, limit: usize) -> io::Result<(Vec<u8>, bool)> {
        let mut head = Vec::new();
        let mut scan = Scan::default();
        let mut seen = None;
        // Read as the reader gives bytes, and no further than needed: a
        // damaged gzip fails only once the bytes before the damage are used.
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let cap = scan.first_end.map_or(limit + 1, |end| end + DETECT_BYTES);
            let take = chunk.len().min(cap.saturating_sub(head.len()));
            head.extend_from_slice(&chunk[..take]);
            self.reader.consume(take);
            if let Some(end) = first_record_end(&head, &mut scan) {
                seen = Some(end);
                break;
            }
            let cap = scan.first_end.map_or(limit + 1, |end| end + DETECT_BYTES);
            if head.len() >= cap {
                seen = scan.first_end.map(|_| scan.lines_end);
                break;
            }
        }
        let over_limit = scan.first_end.is_none() && seen.is_none() && head.len() > limit;
        let seen = seen.map_or_else(|| head.clone(), |end| head[..end].to_vec());
        let old = std::mem::replace(&mut self.reader, Box::new(io::empty()));
        self.reader = Box::new(io::Cursor::new(head).chain(old));
        Ok((seen, over_limit))
    }

    /// Reads the rest of a compressed input to see whether it decompresses:
    /// when its format cannot be detected, a damaged gzip stream is the
    /// better explanation (the head decompressed so far may be cut mid-line).
    pub fn damaged_gzip(&mut self) -> Option<io::Error> {
        if !self.gzip {
            return None;
        }
        io::copy(&mut self.reader, &mut io::sink()).err()
    }

    /// Size and SHA-256 of the raw bytes read so far: for an input that
    /// failed part-way, what was read of it.
    pub fn tally(&self) -> (u64, String) {
        let t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
        let digest = t.sha.clone().finalize();
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect::<String>();
        (t.bytes, hex)
    }
}

/// How far [`first_record_end`] has looked, so that bytes arriving in
/// small pieces (a pipe gives 64 KiB at a time) are not scanned again and
/// again: line ends are looked for in new bytes only, and the end of a JSON
/// document each time the head has doubled. Offsets are into the head,
/// byte order mark included.
#[derive(Default)]
struct Scan {
    searched: usize,
    /// The end of the first line, once found (it did not parse alone).
    line_end: Option<usize>,
    value_at: usize,
    /// Text: the end of the first line that is neither blank nor a
    /// comment, the number of such lines and the end of the last one.
    first_end: Option<usize>,
    lines: usize,
    lines_end: usize,
}

/// Bytes of text read for detection after the first line.
pub const DETECT_BYTES: usize = 1 << 20;

/// Where what detection looks at ends in `head`, if `head` holds it whole:
/// after the first non-blank line, or after the JSON value that line opens;
/// for text, after the first [`HEAD_LINES`] lines that
/// are neither blank nor comments.
fn first_record_end(head: &[u8], scan: &mut Scan) -> Option<usize> {
    let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let start = bom + head[bom..].iter().position(|b| !b.is_ascii_whitespace())?;
    if !matches!(head[start], b'{' | b'[') {
        let mut at = start.max(scan.searched);
        loop {
            let Some(end) = memchr::memchr(b'\n', &head[at..]).map(|i| at + i) else {
                // Look again from this line's start once more bytes are in.
                scan.searched = at;
                return None;
            };
            let line = &head[at..end];
            at = end + 1;
            if is_comment(line) || line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            scan.first_end.get_or_insert(end);
            scan.lines += 1;
            scan.lines_end = end;
            if scan.lines > HEAD_LINES {
                return Some(end);
            }
        }
    }
    if scan.line_end.is_none() {
        let from = start.max(scan.searched);
        let Some(line_end) = memchr::memchr(b'\n', &head[from..]).map(|i| from + i) else {
            scan.searched = head.len();
            return None;
        };
        scan.line_end = Some(line_end);
        if serde_json::from_slice::<serde::de::IgnoredAny>(&head[start..line_end]).is_ok() {
            return Some(line_end);
        }
    }
    if head.len() < scan.value_at {
        return None;
    }
    scan.value_at = 2 * head.len();
    super::response::value_end(head, start).ok()
}

/// Streams the lines of `reader` through `unit_reader` in parallel batches,
/// handing each batch's records, in input order, to `sink`. Blank lines are
/// not records. A final line without a newline is still read.
///
/// A line longer than `limit` bytes is rejected; when its end is not found
/// within the limit, reading stops there with a [`super::limits::TooLong`]
/// error, so memory stays bounded by the limit and one batch.
pub fn read_lines<R, S, E>(reader: &mut dyn BufRead, unit_reader: &R, limit: usize, mut sink: S) -> Result<(), E>
where
    R: UnitReader,
    S: FnMut(Vec<Located>) -> Result<(), E> + Send,
    E: Send + From<io::Error>,
{
    let mut carry: Vec<u8> = Vec::new();
    let mut next_line: u64 = 1;
    let mut at_start = true;
    let mut pending: Option<Vec<Vec<Located>>> = None;
    let mut failed: Option<io::Error> = None;
    loop {
        let mut buf = std::mem::take(&mut carry);
        let want = buf.len() + BATCH_BYTES.min(limit.saturating_add(1));
        // A read error (a damaged gzip) ends the input after the lines
        // read before it are parsed: they are records like any other.
        let eof = match fill(reader, &mut buf, want) {
            Ok(eof) => eof,
            Err(e) => {
                failed = Some(e);
                true
            }
        };
        if std::mem::take(&mut at_start) && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3); // a UTF-8 byte-order mark is not part of the first record
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => buf.len(), // one line longer than a batch: keep growing
            }
        };
        if !eof && cut == buf.len() && !buf.ends_with(b"\n") {
            if buf.len() > limit {
                drain(pending.take(), &mut sink)?;
                let why = super::limits::TooLong { line: next_line, limit, what: "line" };
                sink(vec![(next_line, super::Record::Rejected(why.reason()))])?;
                return Err(E::from(super::limits::too_long(next_line, limit, "line")));
            }
            carry = buf;
            continue;
        }
        carry = buf.split_off(cut);
        let first = next_line;
        let lines = split_lines(&buf, first);
        next_line = first + memchr::memchr_iter(b'\n', &buf).count() as u64;
        let (done, parsed) =
            rayon::join(|| drain(pending.take(), &mut sink), || parse_units(&lines, unit_reader, limit));
        done?;
        pending = Some(parsed);
        if eof {
            break;
        }
    }
    drain(pending, &mut sink)?;
    failed.map_or(Ok(()), |e| Err(E::from(e)))
}

/// Reads an input that is one whole JSON document (or several, one after
/// another) rather than JSON lines: a response saved from an API,
/// pretty-printed. The input is read whole, up to `limit` bytes (past it,
/// a [`super::limits::TooLong`] error); each top-level value is one unit,
/// at the line it starts on, and the reader splits a response's list into
/// records with their own lines.
pub fn read_document<R, S, E>(reader: &mut dyn BufRead, unit_reader: &R, limit: usize, mut sink: S) -> Result<(), E>
where
    R: UnitReader,
    S: FnMut(Vec<Located>) -> Result<(), E> + Send,
    E: Send + From<io::Error>,
{
    let mut text = Vec::new();
    let eof = fill(reader, &mut text, limit.saturating_add(1))?;
    if !eof || text.len() > limit {
        return Err(E::from(super::limits::too_long(1, limit, "JSON document")));
    }
    let body = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    let (mut units, error) = super::response::documents(body, 1);
    let mut rest = None;
    if let Some((line, at, why)) = error {
        let tail = &body[at..];
        if tail.starts_with(b"[") {
            // A list cut short: the reader takes its records up to the cut.
            units.push((line, tail));
        } else {
            rest = Some((line, why));
        }
    }
    for part in parse_units(&units, unit_reader, limit) {
        sink(part)?;
    }
    if let Some((line, why)) = rest {
        sink(vec![(line, super::Record::Rejected(why))])?;
    }
    Ok(())
}

/// Hands a parsed batch to the sink, part by part, in input order.
fn drain<S, E>(parts: Option<Vec<Vec<Located>>>, sink: &mut S) -> Result<(), E>
where
    S: FnMut(Vec<Located>) -> Result<(), E>,
{
    parts.into_iter().flatten().try_for_each(sink)
}

/// Reads from `reader` until `buf` holds `want` bytes or the input ends;
/// returns whether it ended. The buffer grows as bytes arrive rather than
/// being zero-filled to `want` first, so a small input costs what it is,
/// not a whole batch (`want` is megabytes).
fn fill(reader: &mut dyn BufRead, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let missing = want.saturating_sub(buf.len()) as u64;
    let got = reader.take(missing).read_to_end(buf)?;
    Ok((got as u64) < missing)
}

/// Splits a batch into non-blank lines with their 1-based line numbers,
/// without the line ending.
fn split_lines(buf: &[u8], first_line: u64) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', buf).chain(std::iter::once(buf.len()));
    for (line, end) in (first_line..).zip(ends) {
        if end < start {
            break;
        }
        let mut l = &buf[start..end];
        if let Some(stripped) = l.strip_suffix(b"\r") {
            l = stripped;
        }
        if !l.iter().all(u8::is_ascii_whitespace) {
            out.push((line, l));
        }
        start = end + 1;
    }
    out
}

/// A parallel task takes at most this many lines or bytes: bytes matter
/// for X v2 pages, where one line can hold a hundred tweets.
const TASK_LINES: usize = 256;
const TASK_BYTES: usize = 256 << 10;

/// Cuts units into consecutive task slices by line count and bytes.
fn task_slices<'u, 'b>(units: &'u [(u64, &'b [u8])]) -> Vec<&'u [(u64, &'b [u8])]> {
    let mut slices = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, unit)) in units.iter().enumerate() {
        bytes += unit.len();
        if i + 1 - start >= TASK_LINES || bytes >= TASK_BYTES {
            slices.push(&units[start..=i]);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < units.len() {
        slices.push(&units[start..]);
    }
    slices
}

/// Parses units in parallel, order kept; a unit longer than `limit` is
/// rejected unread.
fn parse_units<R: UnitReader>(units: &[(u64, &[u8])], r: &R, limit: usize) -> Vec<Vec<Located>> {
    task_slices(units)
        .into_par_iter()
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len());
            for (line, unit) in chunk {
                if unit.len() > limit {
                    let why = super::limits::TooLong { line: *line, limit, what: "line" };
                    out.push((*line, super::Record::Rejected(why.reason())));
                } else {
                    r.read_unit(unit, *line, &mut out);
                }
            }
            out
        })
        .collect()
}

/// A CSV row reader: maps one parsed row to records. Rows are parsed by the
/// csv crate serially (quoted fields may span lines), then mapped in parallel.
pub trait RowReader: Sync {
    fn read_row(&self, row: &csv::ByteRecord, line: u64, out: &mut Vec<Located>);
}

/// Streams the rows of a CSV input (after its header, which the caller has
/// read) through `row_reader` in parallel batches. A row the csv crate
/// cannot parse becomes a rejected record with its line, and so does a last
/// row whose quoted field is never closed (it swallowed the rows after it).
pub fn read_rows<R, S, E>(
    csv: &mut csv::Reader<QuoteTracker<&mut dyn BufRead>>,
    row_reader: &R,
    mut sink: S,
) -> Result<(), E>
where
    R: RowReader,
    S: FnMut(Vec<Located>) -> Result<(), E> + Send,
    E: Send + From<io::Error>,
{
    let mut pending: Option<Vec<Vec<Located>>> = None;
    // The last row read is held back until the next one is read, so the
    // final row is still at hand when the input turns out to end in an
    // open quote.
    let mut held: Option<(u64, Result<csv::ByteRecord, Reject>)> = None;
    loop {
        let mut rows: Vec<(u64, Result<csv::ByteRecord, Reject>)> = Vec::with_capacity(BATCH_ROWS + 1);
        rows.extend(held.take());
        let mut eof = false;
        while rows.len() <= BATCH_ROWS {
            let mut rec = csv::ByteRecord::new();
            match csv.read_byte_record(&mut rec) {
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| p.line());
                    rows.push((line, Ok(rec)));
                }
                Ok(false) => {
                    eof = true;
                    break;
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    if let csv::ErrorKind::Io(io_err) = e.kind() {
                        // A record over the limit is rejected, and reading stops.
                        let Some(t) = super::limits::as_too_long(io_err) else {
                            return Err(E::from(io::Error::other(e.to_string())));
                        };
                        let (line, stop) = (t.line, super::limits::too_long(t.line, t.limit, t.what));
                        rows.push((line, Err(t.reason())));
                        drain(pending.take(), &mut sink)?;
                        drain(Some(map_rows(&rows, row_reader)), &mut sink)?;
                        return Err(E::from(stop));
                    }
                    rows.push((line, Err(csv_reason(&e))));
                }
            }
        }
        if eof {
            if csv.get_ref().in_open_quote()
                && let Some((line, row)) = rows.last_mut()
            {
                let why = "quoted field never closed: the row starting on line {} runs to the end of the file \
                     (close the quote, or double a quote meant as text)";
                *row = Err(Reject::with(RejectKind::Shape, why, &[line]));
            }
        } else {
            held = rows.pop();
        }
        let (done, parsed) = rayon::join(|| drain(pending.take(), &mut sink), || map_rows(&rows, row_reader));
        done?;
        pending = Some(parsed);
        if eof {
            break;
        }
    }
    drain(pending, &mut sink)
}

/// Maps parsed rows to records in parallel, order kept.
fn map_rows<R: RowReader>(rows: &[(u64, Result<csv::ByteRecord, Reject>)], row_reader: &R) -> Vec<Vec<Located>> {
    rows.par_chunks(256)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len());
            for (line, row) in chunk {
                match row {
                    Ok(r) => row_reader.read_row(r, *line, &mut out),
                    Err(reason) => out.push((*line, super::Record::Rejected(reason.clone()))),
                }
            }
            out
        })
        .collect()
}

/// A short reason for a CSV row the csv crate rejects.
fn csv_reason(e: &csv::Error) -> Reject {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            Reject::with(RejectKind::Shape, "CSV row has {} fields, the header has {}", &[len, expected_len])
        }
        csv::ErrorKind::Utf8 { .. } => Reject::new(RejectKind::Encoding, "CSV row is not valid UTF-8"),
        _ => Reject::new(RejectKind::Shape, "unreadable CSV row").detail(e),
    }
}
