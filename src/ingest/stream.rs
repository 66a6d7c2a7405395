//! One way to read an open input of a known format: the reader of each
//! format, chosen in one place, streaming batches of records to a sink.
//! `analyze` reads every input through it once for the graph, and again,
//! restricted to a few lines, for the text of the evidence posts.

use std::io::{self, BufRead};

use rustc_hash::FxHashSet;

use super::csv_export::{ColumnMap, CsvReader, TwarcCsvReader};
use super::csv_quotes::QuoteTracker;
use super::edgelist::{EdgeCsvReader, EdgeListReader};
use super::source::{RowReader, read_document, read_lines, read_rows};
use super::{Format, Located, UnitReader, bluesky, mastodon, twitter_v1, twitter_v2};

/// A CSV input whose header does not fit its format (no author column,
/// say): the input cannot be read at all.
#[derive(Debug)]
pub struct BadHeader(pub String);

/// Streams `reader`, an input of `format` (`document`: one whole JSON
/// document rather than JSON lines), through the format's reader into
/// `sink`, in input order.
///
/// With `only`, just the units (lines, CSV records) starting on those lines
/// are parsed; the others are still read and split, not parsed, which is
/// what makes a second pass for a few posts cheap. A JSON document is
/// parsed whole either way (its records carry their own lines; it is bounded
/// by the record limit), and `sink` should check the lines it is given.
pub fn stream<S, E>(
    reader: &mut dyn BufRead,
    format: Format,
    document: bool,
    limit: usize,
    columns: &ColumnMap,
    only: Option<&FxHashSet<u64>>,
    sink: S,
) -> Result<(), E>
where
    S: FnMut(Vec<Located>) -> Result<(), E> + Send,
    E: Send + From<io::Error> + From<BadHeader>,
{
    match (format, document) {
        (Format::XV2, false) => read_lines(reader, &Only::new(only, &twitter_v2::XV2Reader), limit, sink),
        (Format::XV1, false) => read_lines(reader, &Only::new(only, &twitter_v1::XV1Reader), limit, sink),
        (Format::Bluesky, false) => read_lines(reader, &Only::new(only, &bluesky::BlueskyReader), limit, sink),
        (Format::Mastodon, false) => read_lines(reader, &Only::new(only, &mastodon::MastodonReader), limit, sink),
        (Format::XV2, true) => read_document(reader, &Only::new(None, &twitter_v2::XV2Reader), limit, sink),
        (Format::XV1, true) => read_document(reader, &Only::new(None, &twitter_v1::XV1Reader), limit, sink),
        (Format::Bluesky, true) => read_document(reader, &Only::new(None, &bluesky::BlueskyReader), limit, sink),
        (Format::Mastodon, true) => read_document(reader, &Only::new(None, &mastodon::MastodonReader), limit, sink),
        (Format::EdgeList, _) => read_lines(reader, &Only::new(only, &EdgeListReader), limit, sink),
        (Format::Csv | Format::TwarcCsv | Format::EdgeCsv, _) => {
            let mut csv = csv::ReaderBuilder::new().from_reader(QuoteTracker::with_limit(reader, limit));
            let header = match csv.headers() {
                Ok(h) => h.clone(),
                Err(e) => return Err(E::from(BadHeader(format!("cannot read the CSV header: {e}")))),
            };
            let bad = |why: String| E::from(BadHeader(why));
            match format {
                Format::Csv => {
                    read_rows(&mut csv, &Only::new(only, &CsvReader::new(&header, columns).map_err(bad)?), sink)
                }
                Format::TwarcCsv => {
                    read_rows(&mut csv, &Only::new(only, &TwarcCsvReader::new(&header).map_err(bad)?), sink)
                }
                _ => read_rows(&mut csv, &Only::new(only, &EdgeCsvReader::new(&header).map_err(bad)?), sink),
            }
        }
    }
}

/// A reader that parses only the units starting on some lines (all of
/// them without a set).
struct Only<'a, R> {
    inner: &'a R,
    lines: Option<&'a FxHashSet<u64>>,
}

impl<'a, R> Only<'a, R> {
    fn new(lines: Option<&'a FxHashSet<u64>>, inner: &'a R) -> Self {
        Only { inner, lines }
    }

    fn wants(&self, line: u64) -> bool {
        self.lines.is_none_or(|l| l.contains(&line))
    }
}

impl<R: UnitReader> UnitReader for Only<'_, R> {
    fn read_unit(&self, unit: &[u8], line: u64, out: &mut Vec<Located>) {
        if self.wants(line) {
            self.inner.read_unit(unit, line, out);
        }
    }
}

impl<R: RowReader> RowReader for Only<'_, R> {
    fn read_row(&self, row: &csv::ByteRecord, line: u64, out: &mut Vec<Located>) {
        if self.wants(line) {
            self.inner.read_row(row, line, out);
        }
    }
}
