//! A run killed part-way leaves the previous results untouched, byte for
//! byte, and no half-written file in --out; the next run removes the
//! killed run's staging folder.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{TestDir, assert_ok, dolgraph};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                out.insert(name, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn staging_folders(t: &TestDir) -> Vec<String> {
    std::fs::read_dir(t.dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dolgraph-staging"))
        .collect()
}

/// An edge list large enough that analyze runs for a while (about 40 MB).
fn write_big_edge_list(path: &Path) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (a, b) = (x % 200_000, (x >> 32) % 200_000);
        writeln!(w, "u{a} u{b} 1341100972 RT").expect("write");
    }
    w.flush().expect("flush");
}

#[test]
fn killed_run_leaves_previous_results_intact() {
    let t = TestDir::new();
    t.write("small.txt", "a b 1341100972 RT\nb c 1341100973 MT\nc a 1341100974 RE\n");
    assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
    let before = snapshot(&t.path("out"));
    write_big_edge_list(&t.path("big.txt"));

    let mut child = dolgraph()
        .current_dir(t.dir.path())
        .args(["analyze", "big.txt", "--out", "out", "-q", "--threads", "1"])
        .spawn()
        .expect("spawn");
    let staging = t.path(&format!(".out.dolgraph-staging-{}", child.id()));
    let start = Instant::now();
    // Kill once the run is writing into its staging folder, a little later.
    while !staging.join("rejects.jsonl").exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the run never started writing");
        assert!(child.try_wait().expect("wait").is_none(), "the run ended before it could be killed");
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().expect("wait").is_none(), "the run ended before it could be killed");
    child.kill().expect("kill");
    child.wait().expect("reap");

    assert_eq!(snapshot(&t.path("out")), before, "the previous results are intact, with nothing added");
    assert!(staging.exists(), "a killed run leaves its staging folder behind");

    assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
    assert_eq!(staging_folders(&t), Vec::<String>::new(), "the next run removes the killed run's staging folder");
    assert_ok(&t.run(&["verify", "out"]));
}
