//! Writes benchmark inputs (an example, not a timing bench):
//!
//! ```text
//! cargo run --release --example generate -- x-v2  POSTS ACCOUNTS SEED FILE
//! cargo run --release --example generate -- edges ACCOUNTS EDGES SEED FILE
//! ```
//!
//! Exit codes: 0 written, 1 the file could not be written, 2 bad arguments.

mod common;

use std::io::{BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| -> u64 { args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| usage()) };
    let (kind, a, b, seed) = (args.first().map(String::as_str), num(1), num(2), num(3));
    let path = args.get(4).unwrap_or_else(|| usage());
    let write = |out: &mut BufWriter<std::fs::File>| -> std::io::Result<()> {
        match kind {
            Some("x-v2") => common::x_v2_pages(out, a, b, seed)?,
            Some("edges") => common::edge_list(out, a, b, seed)?,
            _ => usage(),
        }
        out.flush()
    };
    let done = std::fs::File::create(path).and_then(|f| write(&mut BufWriter::with_capacity(1 << 20, f)));
    if let Err(e) = done {
        eprintln!("generate: cannot write {path}: {e}");
        std::process::exit(1);
    }
}

fn usage() -> ! {
    eprintln!("usage: generate x-v2 POSTS ACCOUNTS SEED FILE | generate edges ACCOUNTS EDGES SEED FILE");
    std::process::exit(2)
}
