//! Writes benchmark inputs (not a timing bench itself):
//!
//! ```text
//! cargo bench --bench generate -- x-v2  POSTS ACCOUNTS SEED FILE
//! cargo bench --bench generate -- edges ACCOUNTS EDGES SEED FILE
//! ```

mod common;

use std::io::BufWriter;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let num = |i: usize| -> u64 { args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| usage()) };
    let file = |i: usize| -> BufWriter<std::fs::File> {
        let path = args.get(i).unwrap_or_else(|| usage());
        BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap_or_else(|e| panic!("{path}: {e}")))
    };
    match args.first().map(String::as_str) {
        Some("x-v2") => common::x_v2_pages(&mut file(4), num(1), num(2), num(3)),
        Some("edges") => common::edge_list(&mut file(4), num(1), num(2), num(3)),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: generate x-v2 POSTS ACCOUNTS SEED FILE | generate edges ACCOUNTS EDGES SEED FILE");
    std::process::exit(2)
}
