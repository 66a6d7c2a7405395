//! The audit trail of an output folder: every file's size and SHA-256,
//! recorded in the manifest at the end of a run, and checked again by
//! `dolgraph verify`, so a team can show months later that the results
//! they cite are the ones the run wrote.
//!
//! Every file under the folder is listed (recursively, so files that later
//! stages add, such as pictures in `images/`, are covered without being
//! named here), except the top-level manifest.json, which cannot hold its
//! own hash.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The manifest, which lists the others.
pub const MANIFEST: &str = "manifest.json";

/// One output file: its path inside the folder ('/'-separated), size and
/// SHA-256 in lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// SHA-256 (hex) and size of a file, streamed.
pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        sha.update(&buf[..n]);
        bytes += n as u64;
    }
    let hex = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((bytes, hex))
}

/// Every file under `dir` but the top-level manifest, as '/'-separated
/// relative paths, sorted (so the list is the same on every run).
pub fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let rel = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(rel);
            } else {
                let parts: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                let name = parts.join("/");
                if name != MANIFEST {
                    out.push(name);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Hashes every output file of `dir` (the staging folder, at the end of
/// a run). Call it after every other file is written.
pub fn output_entries(dir: &Path) -> Result<Vec<OutputEntry>> {
    let err = |source| Error::Write { path: dir.to_path_buf(), source };
    list_files(dir)
        .map_err(err)?
        .into_iter()
        .map(|path| {
            let (bytes, sha256) = hash_file(&dir.join(&path)).map_err(err)?;
            Ok(OutputEntry { path, bytes, sha256 })
        })
        .collect()
}

/// What `verify` found for one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Finding {
    Intact(String),
    Changed {
        path: String,
        why: String,
    },
    Missing(String),
    /// In the folder, not in the manifest: added after the run.
    Extra(String),
}

impl Finding {
    pub fn is_intact(&self) -> bool {
        matches!(self, Finding::Intact(_))
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Intact(p) => write!(f, "ok       {p}"),
            Finding::Changed { path, why } => write!(f, "CHANGED  {path}: {why}"),
            Finding::Missing(p) => write!(f, "MISSING  {p}: listed in the manifest, not in the folder"),
            Finding::Extra(p) => write!(f, "EXTRA    {p}: in the folder, not written by the run"),
        }
    }
}

/// The result of checking a folder against its manifest.
#[derive(Debug)]
pub struct Verification {
    pub findings: Vec<Finding>,
    /// SHA-256 of manifest.json: keep it to detect changes to the manifest.
    pub manifest_sha256: String,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.findings.iter().all(Finding::is_intact)
    }
}

/// The part of the manifest `verify` reads.
#[derive(Deserialize)]
struct Listed {
    outputs: Option<Vec<OutputEntry>>,
}

/// Re-hashes every file the manifest of `dir` lists, and looks for files
/// it does not list.
pub fn verify(dir: &Path) -> Result<Verification> {
    let manifest = dir.join(MANIFEST);
    let input_err = |reason: String| Error::Input { path: dir.to_path_buf(), reason };
    if !dir.is_dir() {
        return Err(input_err("is not a folder (give the --out folder of a dolgraph run)".into()));
    }
    let text = fs::read(&manifest).map_err(|e| input_err(format!("cannot read {MANIFEST}: {e}")))?;
    let listed: Listed =
        serde_json::from_slice(&text).map_err(|e| input_err(format!("{MANIFEST} is not a dolgraph manifest: {e}")))?;
    let Some(outputs) = listed.outputs else {
        return Err(input_err(format!(
            "{MANIFEST} lists no output files (written by a dolgraph before 'verify' existed); re-run analyze"
        )));
    };
    let (_, manifest_sha256) = hash_file(&manifest).map_err(|e| input_err(format!("cannot read {MANIFEST}: {e}")))?;
    let present = list_files(dir).map_err(|e| input_err(format!("cannot list the folder: {e}")))?;
    let mut findings = Vec::with_capacity(outputs.len());
    for entry in &outputs {
        let path = dir.join(&entry.path);
        if !path.is_file() {
            findings.push(Finding::Missing(entry.path.clone()));
            continue;
        }
        let finding = match hash_file(&path) {
            Err(e) => Finding::Changed { path: entry.path.clone(), why: format!("cannot read it: {e}") },
            Ok((bytes, _)) if bytes != entry.bytes => Finding::Changed {
                path: entry.path.clone(),
                why: format!("{bytes} bytes, the manifest says {}", entry.bytes),
            },
            Ok((_, sha)) if sha != entry.sha256 => Finding::Changed {
                path: entry.path.clone(),
                why: format!("same size, different content (SHA-256 {sha}, the manifest says {})", entry.sha256),
            },
            Ok(_) => Finding::Intact(entry.path.clone()),
        };
        findings.push(finding);
    }
    for p in present {
        if !outputs.iter().any(|e| e.path == p) {
            findings.push(Finding::Extra(p));
        }
    }
    Ok(Verification { findings, manifest_sha256 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_nested_files_sorted_without_the_manifest() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("images")).expect("mkdir");
        for f in ["b.csv", "a.csv", "manifest.json", "images/x.svg", "images/manifest.json"] {
            fs::write(dir.path().join(f), f).expect("write");
        }
        assert_eq!(list_files(dir.path()).expect("list"), ["a.csv", "b.csv", "images/manifest.json", "images/x.svg"]);
        fs::write(dir.path().join("a.csv"), "abc").expect("write");
        let e = output_entries(dir.path()).expect("hash");
        assert_eq!(
            e[0],
            OutputEntry {
                path: "a.csv".into(),
                bytes: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }
        );
    }
}
