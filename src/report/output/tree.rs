//! What an existing output folder holds, before a run replaces it: which
//! files dolgraph wrote (the manifest's `outputs`), which it did not,
//! whether this user can clear it, and a copy of it made of hard links
//! (for `render`, which changes only some of its files).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::MANIFEST;
use crate::error::{Error, Result};

use super::PICTURE_FOLDERS;

/// Staging folders that `render` made inside the folder before it staged
/// beside it (`.render-staging-PID`): dolgraph's own, never results.
pub fn is_staging_name(name: &str) -> bool {
    name.starts_with(".render-staging-") || name.contains(".dolgraph-staging-")
}

/// The paths the manifest of `dir` lists as outputs; `None` when `dir` is
/// empty. Without a readable manifest that lists them, nothing in `dir`
/// is known to be dolgraph's: an error (`shown` is the path to name).
pub fn listed_outputs(dir: &Path, shown: &Path) -> Result<Option<BTreeSet<String>>> {
    let empty =
        fs::read_dir(dir).map_err(|source| Error::Write { path: shown.to_path_buf(), source })?.next().is_none();
    if empty {
        return Ok(None);
    }
    let manifest = dir.join(MANIFEST);
    if !manifest.is_file() {
        return Err(Error::OutputTaken { path: shown.to_path_buf() });
    }
    let unlisted = |reason: String| Error::OutputUnlisted { path: shown.to_path_buf(), reason };
    let text = fs::read(&manifest).map_err(|e| unlisted(format!("cannot read {MANIFEST}: {e}")))?;
    let listed: Listed =
        serde_json::from_slice(&text).map_err(|e| unlisted(format!("{MANIFEST} is not a dolgraph manifest: {e}")))?;
    let outputs = listed
        .outputs
        .ok_or_else(|| unlisted(format!("{MANIFEST} lists no outputs (written before `verify` existed)")))?;
    Ok(Some(outputs.into_iter().map(|o| o.path).collect()))
}

/// The part of an earlier manifest a run replacing its folder reads: the
/// paths of its `outputs` (their sizes and hashes are `verify`'s business;
/// read here, not through `report::audit`, which itself stands on this
/// module's names).
#[derive(serde::Deserialize)]
struct Listed {
    outputs: Option<Vec<ListedPath>>,
}

#[derive(serde::Deserialize)]
struct ListedPath {
    path: String,
}

/// Everything in `dir` that `listed` does not name, sorted: files as
/// `a/b.txt`, a folder holding no listed file as `a/` (its content is not
/// listed one by one). The manifest, staging folders and the (possibly
/// empty) picture folders are dolgraph's.
pub fn unlisted(dir: &Path, listed: &BTreeSet<String>) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    walk(dir, "", listed, &mut out)?;
    Ok(out)
}

fn walk(dir: &Path, rel: &str, listed: &BTreeSet<String>, out: &mut Vec<String>) -> io::Result<()> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir.join(rel))?.collect::<io::Result<_>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let top = rel.is_empty();
        if top && (name == MANIFEST || is_staging_name(&name)) {
            continue;
        }
        let path = if top { name.clone() } else { format!("{rel}/{name}") };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let prefix = format!("{path}/");
            let holds_listed = listed.range(prefix.clone()..).next().is_some_and(|p| p.starts_with(&prefix));
            if holds_listed || (top && PICTURE_FOLDERS.contains(&name.as_str())) {
                walk(dir, &path, listed, out)?;
            } else {
                out.push(prefix);
            }
        } else if !kind.is_file() || !listed.contains(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// The first few of `names`, for a message.
pub fn name_some(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut s = names.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

/// Checks, before any work, that this user can remove everything in
/// `dir` once it has been swapped out: every folder writable and
/// searchable, no file immutable or on a read-only file system. Without
/// it a folder owned by another user would be swapped (its parent is
/// ours) and then fail to be cleared. Unix only; elsewhere the removal's
/// failure is a warning after the swap.
pub fn check_clearable(dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    #[cfg(unix)]
    {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            access(&d, libc::W_OK | libc::X_OK).map_err(|e| (d.clone(), e))?;
            for entry in fs::read_dir(&d).map_err(|e| (d.clone(), e))? {
                let entry = entry.map_err(|e| (d.clone(), e))?;
                let kind = entry.file_type().map_err(|e| (entry.path(), e))?;
                if kind.is_dir() {
                    stack.push(entry.path());
                } else if kind.is_file() {
                    // A file's own mode does not stop its removal; only
                    // the immutable flag (EPERM) or a read-only mount.
                    if let Err(e) = access(&entry.path(), libc::W_OK)
                        && matches!(e.raw_os_error(), Some(libc::EPERM | libc::EROFS))
                    {
                        return Err((entry.path(), e));
                    }
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(unix)]
fn access(path: &Path, mode: libc::c_int) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: a NUL-terminated path that lives across the call.
    if unsafe { libc::access(c.as_ptr(), mode) } == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Fills `to` with `from`'s entries but the top-level names in `skip` and
/// staging folders: folders made anew, files hard-linked (copied where a
/// link fails, e.g. across file systems), links re-made.
pub fn mirror(from: &Path, to: &Path, skip: &[&str]) -> Result<()> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(from.join(&rel)).map_err(err(&from.join(&rel)))? {
            let entry = entry.map_err(err(&from.join(&rel)))?;
            let name = entry.file_name();
            let top = rel.as_os_str().is_empty();
            let shown = name.to_string_lossy();
            if top && (skip.contains(&shown.as_ref()) || is_staging_name(&shown)) {
                continue;
            }
            let (src, dst) = (entry.path(), to.join(&rel).join(&name));
            let kind = entry.file_type().map_err(err(&src))?;
            if kind.is_dir() {
                fs::create_dir(&dst).map_err(err(&dst))?;
                stack.push(rel.join(&name));
            } else if kind.is_symlink() {
                relink(&src, &dst).map_err(err(&dst))?;
            } else if fs::hard_link(&src, &dst).is_err() {
                fs::copy(&src, &dst).map_err(err(&src))?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn relink(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(src)?, dst)
}

#[cfg(not(unix))]
fn relink(src: &Path, dst: &Path) -> io::Result<()> {
    fs::copy(src, dst).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_names_files_and_folders_dolgraph_did_not_write() {
        let t = tempfile::tempdir().expect("tempdir");
        for d in ["images", "graphs", "drafts/deep", ".render-staging-1"] {
            fs::create_dir_all(t.path().join(d)).expect("mkdir");
        }
        for f in
            ["manifest.json", "accounts.csv", "notes.txt", "images/overview.svg", "images/mine.svg", "drafts/deep/a"]
        {
            fs::write(t.path().join(f), f).expect("write");
        }
        let listed: BTreeSet<String> = ["accounts.csv", "images/overview.svg"].iter().map(|s| s.to_string()).collect();
        assert_eq!(unlisted(t.path(), &listed).expect("walk"), ["drafts/", "images/mine.svg", "notes.txt"]);
    }

    #[test]
    fn mirror_links_every_file_but_the_skipped() {
        let t = tempfile::tempdir().expect("tempdir");
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        for d in ["images", "sub"] {
            fs::create_dir_all(a.join(d)).expect("mkdir");
        }
        for f in ["x.csv", "images/p.svg", "sub/n.txt"] {
            fs::write(a.join(f), f).expect("write");
        }
        fs::create_dir(&b).expect("mkdir");
        mirror(&a, &b, &["images"]).expect("mirror");
        assert_eq!(fs::read_to_string(b.join("sub/n.txt")).expect("read"), "sub/n.txt");
        assert!(b.join("x.csv").is_file());
        assert!(!b.join("images").exists());
    }
}
