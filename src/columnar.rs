//! Parquet tables of flat, nullable columns: what `extract` writes and
//! `analyze --aggregate` reads, so that Spark (or DataFusion) moves and
//! aggregates the records between them. Flat tables only (a post's
//! mentions are rows of their own table, not a list column): plain SQL
//! joins them on every engine, and the writer needs no nesting levels.
//!
//! Files are uncompressed, one row group per 65,536 rows. Spark and
//! DataFusion read them as they are; the aggregate they write back is read
//! here row by row whatever its types' widths (INT32 or INT64).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, ConvertedType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Long,
    Double,
    Bool,
    Text,
}

/// One value of a row, borrowed while it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Long(i64),
    Double(f64),
    Bool(bool),
    Text(&'a str),
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(Value::Null, Value::Text)
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Value::Null, Value::Long)
    }
}

/// A column's values buffered for the next row group, with the
/// definition level of each row (0: null).
enum Column {
    Long(Vec<i64>),
    Double(Vec<f64>),
    Bool(Vec<bool>),
    Text(Vec<ByteArray>),
}

fn err(path: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {e}", path.display()))
}

/// Writes one table, row by row.
pub struct TableWriter {
    path: PathBuf,
    writer: SerializedFileWriter<File>,
    columns: Vec<(Column, Vec<i16>)>,
    rows: usize,
}

impl TableWriter {
    const ROW_GROUP: usize = 65_536;

    /// Creates `path` with these columns, every one nullable.
    pub fn create(path: &Path, columns: &[(&str, Kind)]) -> io::Result<Self> {
        let fields = columns
            .iter()
            .map(|&(name, kind)| {
                let (physical, converted) = match kind {
                    Kind::Long => (Physical::INT64, ConvertedType::NONE),
                    Kind::Double => (Physical::DOUBLE, ConvertedType::NONE),
                    Kind::Bool => (Physical::BOOLEAN, ConvertedType::NONE),
                    Kind::Text => (Physical::BYTE_ARRAY, ConvertedType::UTF8),
                };
                Type::primitive_type_builder(name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_converted_type(converted)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| err(path, e))?;
        let schema = Type::group_type_builder("schema").with_fields(fields).build().map_err(|e| err(path, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .set_created_by(format!("dolgraph {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = File::create(path)?;
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).map_err(|e| err(path, e))?;
        let columns = columns
            .iter()
            .map(|&(_, kind)| {
                let c = match kind {
                    Kind::Long => Column::Long(Vec::new()),
                    Kind::Double => Column::Double(Vec::new()),
                    Kind::Bool => Column::Bool(Vec::new()),
                    Kind::Text => Column::Text(Vec::new()),
                };
                (c, Vec::new())
            })
            .collect();
        Ok(TableWriter { path: path.to_path_buf(), writer, columns, rows: 0 })
    }

    /// Adds a row: one value per column, in the columns' order, each of
    /// its column's kind or null.
    pub fn row(&mut self, values: &[Value]) -> io::Result<()> {
        if values.len() != self.columns.len() {
            return Err(err(
                &self.path,
                format!("a row of {} values for {} columns", values.len(), self.columns.len()),
            ));
        }
        for ((column, levels), value) in self.columns.iter_mut().zip(values) {
            let defined = match (column, *value) {
                (_, Value::Null) => false,
                (Column::Long(v), Value::Long(x)) => {
                    v.push(x);
                    true
                }
                (Column::Double(v), Value::Double(x)) => {
                    v.push(x);
                    true
                }
                (Column::Bool(v), Value::Bool(x)) => {
                    v.push(x);
                    true
                }
                (Column::Text(v), Value::Text(x)) => {
                    v.push(ByteArray::from(x.as_bytes().to_vec()));
                    true
                }
                (_, other) => return Err(err(&self.path, format!("a value {other:?} of the wrong type"))),
            };
            levels.push(i16::from(defined));
        }
        self.rows += 1;
        if self.rows == Self::ROW_GROUP { self.flush() } else { Ok(()) }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let mut group = self.writer.next_row_group().map_err(|e| err(&path, e))?;
        for (column, levels) in &mut self.columns {
            let Some(mut w) = group.next_column().map_err(|e| err(&path, e))? else {
                return Err(err(&path, "fewer columns in the file than in the table"));
            };
            let written = match column {
                Column::Long(v) => w.typed::<Int64Type>().write_batch(v, Some(levels), None),
                Column::Double(v) => w.typed::<DoubleType>().write_batch(v, Some(levels), None),
                Column::Bool(v) => w.typed::<BoolType>().write_batch(v, Some(levels), None),
                Column::Text(v) => w.typed::<ByteArrayType>().write_batch(v, Some(levels), None),
            };
            written.map_err(|e| err(&path, e))?;
            w.close().map_err(|e| err(&path, e))?;
            match column {
                Column::Long(v) => v.clear(),
                Column::Double(v) => v.clear(),
                Column::Bool(v) => v.clear(),
                Column::Text(v) => v.clear(),
            }
            levels.clear();
        }
        group.close().map_err(|e| err(&path, e))?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer.
    pub fn finish(mut self) -> io::Result<()> {
        self.flush()?;
        let path = self.path.clone();
        self.writer.close().map(drop).map_err(|e| err(&path, e))
    }
}

/// A value read back, owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Long(i64),
    Double(f64),
    Bool(bool),
    Text(String),
}

impl Cell {
    pub fn long(&self) -> Option<i64> {
        match self {
            Cell::Long(v) => Some(*v),
            _ => None,
        }
    }

    pub fn double(&self) -> Option<f64> {
        match self {
            Cell::Double(v) => Some(*v),
            Cell::Long(v) => Some(*v as f64),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_text(self) -> Option<String> {
        match self {
            Cell::Text(v) => Some(v),
            _ => None,
        }
    }
}

fn cell(f: &Field) -> Option<Cell> {
    Some(match f {
        Field::Null => Cell::Null,
        Field::Bool(v) => Cell::Bool(*v),
        Field::Byte(v) => Cell::Long(i64::from(*v)),
        Field::Short(v) => Cell::Long(i64::from(*v)),
        Field::Int(v) => Cell::Long(i64::from(*v)),
        Field::Long(v) => Cell::Long(*v),
        Field::UByte(v) => Cell::Long(i64::from(*v)),
        Field::UShort(v) => Cell::Long(i64::from(*v)),
        Field::UInt(v) => Cell::Long(i64::from(*v)),
        Field::ULong(v) => Cell::Long(i64::try_from(*v).ok()?),
        Field::Float(v) => Cell::Double(f64::from(*v)),
        Field::Double(v) => Cell::Double(*v),
        Field::Str(v) => Cell::Text(v.clone()),
        // Spark writes a timestamp or date only if asked; none is.
        _ => return None,
    })
}

/// The Parquet files of a table: the file itself, or the `*.parquet` files
/// of a folder (Spark and DataFusion write a folder of parts), by name.
pub fn table_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "parquet") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Calls `each` with the named columns of every row of the table at `path`
/// (a file or a folder of parts), in file and row order. A column missing
/// from the file, or of a type no column here has, is an error naming the
/// file.
pub fn read(path: &Path, columns: &[&str], mut each: impl FnMut(&mut [Cell]) -> io::Result<()>) -> io::Result<()> {
    let files = table_files(path).map_err(|e| err(path, e))?;
    if files.is_empty() {
        return Err(err(path, "no Parquet file"));
    }
    let mut row: Vec<Cell> = vec![Cell::Null; columns.len()];
    for file in files {
        let reader = SerializedFileReader::new(File::open(&file)?).map_err(|e| err(&file, e))?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let index: Vec<usize> = columns
            .iter()
            .map(|name| {
                (0..schema.num_columns())
                    .find(|&i| schema.column(i).name() == *name)
                    .ok_or_else(|| err(&file, format!("no column {name}")))
            })
            .collect::<io::Result<_>>()?;
        for r in reader.get_row_iter(None).map_err(|e| err(&file, e))? {
            let r = r.map_err(|e| err(&file, e))?;
            let fields: Vec<&Field> = r.get_column_iter().map(|(_, f)| f).collect();
            for ((slot, &i), name) in row.iter_mut().zip(&index).zip(columns) {
                let f = fields.get(i).ok_or_else(|| err(&file, "a row shorter than its schema"))?;
                *slot =
                    cell(f).ok_or_else(|| err(&file, format!("column {name} has a type dolgraph does not read")))?;
            }
            each(&mut row)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_with_its_nulls_across_row_groups() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.parquet");
        let mut w =
            TableWriter::create(&path, &[("n", Kind::Long), ("s", Kind::Text), ("x", Kind::Double)]).expect("create");
        let rows = TableWriter::ROW_GROUP + 3;
        for i in 0..rows as i64 {
            let s = format!("é{i}");
            let text = if i % 3 == 0 { Value::Null } else { Value::Text(&s) };
            w.row(&[Value::Long(i), text, Value::Double(i as f64 / 2.0)]).expect("row");
        }
        assert!(w.row(&[Value::Long(1)]).is_err(), "a row must have every column");
        w.finish().expect("finish");
        let mut seen = 0i64;
        read(&path, &["x", "s", "n"], |r| {
            assert_eq!(r[2].long(), Some(seen));
            assert_eq!(r[0].double(), Some(seen as f64 / 2.0));
            let want = (seen % 3 != 0).then(|| format!("é{seen}"));
            assert_eq!(r[1].text(), want.as_deref());
            seen += 1;
            Ok(())
        })
        .expect("read");
        assert_eq!(seen, rows as i64);
        assert!(read(&path, &["nope"], |_| Ok(())).is_err());
    }
}
