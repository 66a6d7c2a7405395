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
    out: BufWriter<Box<dyn Write + Send>>,
}

impl RejectWriter {
    pub fn create(path: &Path) -> std::io::Result<RejectWriter> {
        Ok(RejectWriter { out: BufWriter::new(Box::new(File::create(path)?)) })
    }

    /// Writes nowhere: for commands that read inputs but write no folder
    /// (`suggest-topics` counts the rejects and says how many).
    pub fn discard() -> RejectWriter {
        RejectWriter { out: BufWriter::new(Box::new(std::io::sink())) }
    }

    pub fn write(&mut self, file: &str, line: u64, reason: &str) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, &RejectLine { file, line, reason })?;
        self.out.write_all(b"\n")
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
