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
use crate::report::output::MANIFEST;

/// One output file: its path inside the folder ('/'-separated), size and
/// SHA-256 in lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The part of a manifest that `verify` reads: its `outputs`, absent in a
/// manifest older than `verify`. Any folder dolgraph writes has it (a
/// `compare` folder too, whose manifest is not a
/// [`super::manifest::Manifest`]).
#[derive(Deserialize)]
struct Listed {
    outputs: Option<Vec<OutputEntry>>,
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
/// a run). Call it after every other file is written. Staging folders
/// (of a killed `render`) and anything but regular files (links) are
/// never outputs.
pub fn output_entries(dir: &Path) -> Result<Vec<OutputEntry>> {
    let err = |source| Error::Write { path: dir.to_path_buf(), source };
    list_files(dir)
        .map_err(err)?
        .into_iter()
        .filter(|path| !path.split('/').next().is_some_and(crate::report::output::is_staging_name))
        .filter(|path| fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.is_file()))
        .map(|path| {
            let (bytes, sha256) = hash_file(&dir.join(&path)).map_err(err)?;
            Ok(OutputEntry { path, bytes, sha256 })
        })
        .collect()
}

/// Where a manifest path points inside `dir`, or why it is not read: only
/// plain relative paths ('/'-separated names, no `..`, no root) through
/// real folders to a file, no symbolic link on the way (dolgraph writes
/// none), so a manifest cannot make `verify` read outside the folder.
fn inside(dir: &Path, listed: &str) -> Result<PathBuf, String> {
    let rel = Path::new(listed);
    if listed.is_empty() || listed.contains('\\') {
        return Err("not a path inside the folder".into());
    }
    let mut path = dir.to_path_buf();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(name) => path.push(name),
            _ => return Err("points outside the folder (only plain relative paths are outputs)".into()),
        }
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err("is a symbolic link (dolgraph writes none)".into());
        }
    }
    Ok(path)
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
    /// A manifest path `verify` does not follow: outside the folder, or
    /// through a symbolic link.
    Refused {
        path: String,
        why: String,
    },
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
            Finding::Refused { path, why } => write!(f, "REFUSED  {path}: {why}; not read"),
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
        let path = match inside(dir, &entry.path) {
            Ok(p) => p,
            Err(why) => {
                findings.push(Finding::Refused { path: entry.path.clone(), why });
                continue;
            }
        };
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
        assert!(e.iter().all(|o| o.path != "manifest.json"));
        assert_eq!(
            e[0],
            OutputEntry {
                path: "a.csv".into(),
                bytes: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }
        );
    }

    #[test]
    fn outputs_never_include_staging_folders_or_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        for d in [".render-staging-42/images", ".x.dolgraph-staging-7"] {
            fs::create_dir_all(dir.path().join(d)).expect("mkdir");
        }
        for f in ["a.csv", ".render-staging-42/images/o.svg", ".x.dolgraph-staging-7/b.csv"] {
            fs::write(dir.path().join(f), f).expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("a.csv", dir.path().join("link.csv")).expect("symlink");
        let paths: Vec<String> = output_entries(dir.path()).expect("hash").into_iter().map(|e| e.path).collect();
        assert_eq!(paths, ["a.csv"]);
    }
}
