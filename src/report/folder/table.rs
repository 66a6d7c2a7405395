//! One CSV table of a finished output folder, streamed row by row: the
//! one place a table of the folder is opened and its cells read, by the
//! typed reader ([`super::Folder`]) and by the files made from the tables
//! (graph files, report.html, dolgraph.xlsx, explore.html).
//!
//! Each row knows the line it starts on (a quoted cell may span lines), so
//! every error names the file and the line. Cells come back as the run
//! computed them: the spreadsheet guard that [`crate::report::escape`]
//! puts before `=`, `+`, `-`, `@`... is undone here, once, so no reader
//! shows `'=cmd` for the handle `=cmd`; [`Row::guarded`] tells a reader
//! that copies cells into another spreadsheet form that the guard was
//! there.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::report::escape::csv_text_read;

/// A table of the folder, opened, its header read.
pub struct Table {
    path: PathBuf,
    /// csv's own iterator: it reads into one record and copies out only
    /// the bytes used (a new record per row grew its buffers several times
    /// a row; a plain clone of a reused one copies its spare capacity too:
    /// each made the Higgs graph files or workbook 15-35% slower).
    records: csv::StringRecordsIntoIter<File>,
    header: csv::StringRecord,
    /// The line the last row read starts on (1: the header).
    line: u64,
}

/// One row of a [`Table`].
#[derive(Clone, Debug)]
pub struct Row {
    record: csv::StringRecord,
    line: u64,
}

impl Table {
    /// Opens `dir/name`; the error asks whether `dir` is an output folder.
    pub fn open(dir: &Path, name: &str) -> Result<Table> {
        let path = dir.join(name);
        let file = File::open(&path).map_err(|e| Error::Input {
            path: path.clone(),
            reason: format!("{e}; is {} an output folder of `dolgraph analyze`?", dir.display()),
        })?;
        let mut reader = csv::Reader::from_reader(file);
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(Error::Input { path, reason: format!("line 1: {e}") }),
        };
        Ok(Table { path, records: reader.into_records(), header, line: 1 })
    }

    /// [`Table::open`] when the folder has the file (a table that only
    /// some runs write: topics.csv, roster.csv, trends.csv...).
    pub fn open_if_present(dir: &Path, name: &str) -> Result<Option<Table>> {
        if dir.join(name).is_file() { Table::open(dir, name).map(Some) } else { Ok(None) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The column names, in the file's order.
    pub fn header(&self) -> impl Iterator<Item = &str> {
        self.header.iter()
    }

    pub fn width(&self) -> usize {
        self.header.len()
    }

    /// Where column `name` is, if the table has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Where each of `names` is; an error naming the first one missing.
    pub fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut out = [0; N];
        for (o, name) in out.iter_mut().zip(names) {
            *o = self.column(name).ok_or_else(|| {
                self.bad(1, format!("no column {name}; rerun a current `dolgraph analyze` to write the folder anew"))
            })?;
        }
        Ok(out)
    }

    /// The next row, `None` after the last one.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        match self.records.next() {
            Some(Ok(record)) => {
                self.line = record.position().map_or(self.line + 1, |p| p.line());
                if record.len() < self.header.len() {
                    return Err(self.bad(self.line, "too few fields"));
                }
                Ok(Some(Row { record, line: self.line }))
            }
            None => Ok(None),
            Some(Err(e)) if e.is_io_error() => match e.into_kind() {
                csv::ErrorKind::Io(source) => Err(Error::Read { path: self.path.clone(), source }),
                kind => Err(self.bad(self.line + 1, format!("{kind:?}"))),
            },
            Some(Err(e)) => Err(self.bad(e.position().map_or(self.line + 1, |p| p.line()), e)),
        }
    }

    /// The error for `line` of this table.
    pub fn bad(&self, line: u64, what: impl std::fmt::Display) -> Error {
        Error::Input { path: self.path.clone(), reason: format!("line {line}: {what}") }
    }

    /// Cell `column` of `row` as a number; the error names the column,
    /// the file and the line.
    pub fn number<T: std::str::FromStr>(&self, row: &Row, column: usize) -> Result<T> {
        let cell = row.get(column);
        cell.parse().map_err(|_| {
            let name = self.header.get(column).unwrap_or_default();
            self.bad(row.line, format!("{name} '{cell}' is not a number"))
        })
    }

    /// [`Table::number`], `None` for an empty cell (a rank the account did
    /// not have).
    pub fn optional_number<T: std::str::FromStr>(&self, row: &Row, column: usize) -> Result<Option<T>> {
        if row.get(column).is_empty() { Ok(None) } else { self.number(row, column).map(Some) }
    }
}

impl Row {
    /// Cell `column` as the run computed it (the spreadsheet guard undone);
    /// empty past the row's end.
    pub fn get(&self, column: usize) -> &str {
        csv_text_read(self.record.get(column).unwrap_or_default())
    }

    /// [`Row::get`] of a column the table may not have: empty without it.
    pub fn get_opt(&self, column: Option<usize>) -> &str {
        column.map_or("", |c| self.get(c))
    }

    /// Whether cell `column` was written with the spreadsheet guard (a text
    /// that a spreadsheet would otherwise run or read as a number).
    pub fn guarded(&self, column: usize) -> bool {
        self.record.get(column).is_some_and(|raw| raw.len() != csv_text_read(raw).len())
    }

    /// The line of the file the row starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Cells in the row.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_come_back_unguarded_with_their_lines() {
        let t = tempfile::tempdir().expect("tempdir");
        std::fs::write(t.path().join("t.csv"), "id,handle,n\n1,'=cmd,2\n2,\"a\nb\",x\n").expect("write");
        let mut table = Table::open(t.path(), "t.csv").expect("open");
        let [handle, n] = table.columns(["handle", "n"]).expect("columns");
        let row = table.next_row().expect("row").expect("a row");
        assert_eq!((row.get(handle), row.guarded(handle), row.line()), ("=cmd", true, 2));
        assert_eq!(table.number::<u32>(&row, n).expect("number"), 2);
        let row = table.next_row().expect("row").expect("a row");
        assert_eq!((row.get(handle), row.guarded(handle), row.line()), ("a\nb", false, 3));
        let e = table.number::<u32>(&row, n).expect_err("not a number").to_string();
        assert!(e.contains("t.csv") && e.contains("line 3: n 'x' is not a number"), "{e}");
        assert!(table.next_row().expect("end").is_none());
        let e = table.columns(["missing"]).expect_err("no such column").to_string();
        assert!(e.contains("line 1: no column missing"), "{e}");
    }
}
