//! Test harness: a fresh folder per test, the real binary, and readers for
//! the output folder's files.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write test file");
        p
    }

    /// Runs `dolgraph args...` in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        dolgraph().current_dir(self.dir.path()).args(args).output().expect("run dolgraph")
    }
}

pub fn dolgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dolgraph"))
}

/// The repository root (for data/ and tests/data/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data/<name>`. A fresh clone has no `../shared`: the tests
/// that read it are `#[ignore = "needs ../shared/data"]`, and CI runs them
/// with `--include-ignored`, where a missing folder fails instead of
/// passing unseen.
pub fn shared(name: &str) -> PathBuf {
    let p = root().join("../shared/data").join(name);
    assert!(p.exists(), "{} is missing: this test needs the real data in ../shared (as CI has)", p.display());
    p
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn assert_ok(o: &Output) {
    assert!(o.status.success(), "dolgraph failed ({:?}):\n{}", o.status.code(), stderr(o));
}

/// Reads a CSV file into rows of column name -> value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Checks read = used + rejected + duplicates + skipped for every input of
/// a manifest, and returns the per-input record counts.
pub fn check_accounting(manifest: &serde_json::Value) -> Vec<serde_json::Value> {
    let inputs = manifest["inputs"].as_array().expect("inputs");
    for i in inputs {
        let r = &i["records"];
        let n = |k: &str| r[k].as_u64().expect("count");
        assert_eq!(n("read"), n("used") + n("rejected") + n("duplicates") + n("skipped"), "{i}");
    }
    inputs.iter().map(|i| i["records"].clone()).collect()
}

/// Every file under `dir` (sub-folders too), with its path and bytes, in
/// path order.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// A manifest's text without what names files rather than records: the
/// command line and each input's path. What is left must hold no personal
/// value under `--pseudonymize`.
pub fn manifest_without_file_names(text: &str) -> String {
    let mut m: serde_json::Value = serde_json::from_str(text).expect("manifest.json is JSON");
    let obj = m.as_object_mut().expect("an object");
    obj.remove("arguments");
    for i in obj["inputs"].as_array_mut().expect("inputs") {
        i.as_object_mut().expect("input").remove("path");
    }
    m.to_string()
}
