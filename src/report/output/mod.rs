//! The output folder as a transaction. A run writes into a staging folder
//! beside `--out` and puts it in place in one step at the end
//! ([`swap::replace`]), so `--out` holds, at every instant, either the
//! previous results or the new ones, complete; a killed or failed run
//! leaves the previous results untouched.
//!
//! The swap replaces the whole folder, so before any work [`Staging::create`]
//! refuses what it would destroy or cannot finish: files in `--out` that
//! dolgraph did not write (not in the previous manifest's `outputs`; all of
//! them when there is no manifest) unless `--force`, inputs stored inside
//! `--out` (even with `--force`), an `--out` that is or holds the current
//! folder, a folder this user could swap but not clear (another user's,
//! read-only, immutable), and a mount point, which cannot be renamed. A
//! symbolic link `--out` is followed: the folder it points to is replaced
//! and the link kept.
//!
//! Once the new results are in place the run has succeeded: failing to
//! remove the previous copy is a warning, not an error.

pub mod swap;
mod tree;

pub use tree::is_staging_name;

/// The manifest, which lists the others.
pub const MANIFEST: &str = "manifest.json";

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fault;

/// The pictures' folders: `render` replaces them, and an empty one (a run
/// with `--max-pictures 0`) is still dolgraph's.
pub const PICTURE_FOLDERS: [&str; 2] = ["images", "graphs"];

/// The pages `render` writes again beside the pictures.
pub const REDRAWN_PAGES: [&str; 2] = ["report.html", "explore.html"];

/// A staging folder being filled, and the folder it will replace.
pub struct Staging {
    pub dir: PathBuf,
    /// The folder replaced at the end (a link `--out` resolved).
    out: PathBuf,
}

impl Staging {
    /// Checks that `out` may be replaced, without touching it, and creates
    /// the staging folder; `inputs` are the files the run will read.
    pub fn create(out: &Path, force: bool, inputs: &[PathBuf]) -> Result<Staging> {
        let target = resolve(out)?;
        tidy(&target);
        for input in inputs {
            if fs::canonicalize(input).is_ok_and(|p| p.starts_with(&target)) {
                return Err(Error::InputInOutput { input: input.clone(), out: out.to_path_buf() });
            }
        }
        if target.is_dir() {
            let listed = tree::listed_outputs(&target, out);
            let unlisted = match listed {
                Ok(Some(listed)) => tree::unlisted(&target, &listed).map_err(|source| write_err(out, source))?,
                Ok(None) => Vec::new(),
                Err(_) if force => Vec::new(),
                Err(e) => return Err(e),
            };
            if !unlisted.is_empty() && !force {
                return Err(Error::OutputForeign { path: out.to_path_buf(), files: tree::name_some(&unlisted) });
            }
            tree::check_clearable(&target).map_err(|(path, source)| Error::OutputNotWritable { path, source })?;
        }
        Staging::begin(target, out)
    }

    /// For `render`: a staging folder holding `dir`'s files (hard links,
    /// copies where links fail) but for the pictures, report.html and
    /// manifest.json, which render writes again. Refuses, before drawing,
    /// files in images/ or graphs/ that the manifest does not list (they
    /// would be lost); other files dolgraph did not write are kept.
    pub fn for_render(dir: &Path) -> Result<Staging> {
        let target = resolve(dir)?;
        tidy(&target);
        if !target.is_dir() {
            return Err(Error::Input { path: dir.to_path_buf(), reason: "is not a folder".into() });
        }
        if let Some(listed) = tree::listed_outputs(&target, dir)? {
            let lost: Vec<String> = tree::unlisted(&target, &listed)
                .map_err(|source| write_err(dir, source))?
                .into_iter()
                .filter(|p| PICTURE_FOLDERS.iter().any(|f| p.starts_with(&format!("{f}/"))))
                .collect();
            if !lost.is_empty() {
                return Err(Error::PicturesForeign { path: dir.to_path_buf(), files: tree::name_some(&lost) });
            }
        }
        tree::check_clearable(&target).map_err(|(path, source)| Error::OutputNotWritable { path, source })?;
        let staging = Staging::begin(target, dir)?;
        let mut keep: Vec<&str> = PICTURE_FOLDERS.to_vec();
        keep.extend(REDRAWN_PAGES);
        keep.push(MANIFEST);
        if let Err(e) = tree::mirror(&staging.out, &staging.dir, &keep) {
            staging.abandon();
            return Err(e);
        }
        Ok(staging)
    }

    /// Creates this run's staging folder beside `target`.
    fn begin(target: PathBuf, shown: &Path) -> Result<Staging> {
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(write_err(shown, std::io::Error::other("the root folder cannot be an output folder")));
        };
        let name = name.to_string_lossy().into_owned();
        let dir = parent.join(format!("{}{}", staging_prefix(&name), std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|source| write_err(&dir, source))?;
        }
        fs::create_dir(&dir).map_err(|source| write_err(&dir, source))?;
        Ok(Staging { dir, out: target })
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Puts the staging folder in place of the previous results; returns
    /// warnings (the previous copy could not be removed). An error means
    /// nothing was replaced.
    pub fn commit(self) -> Result<Vec<String>> {
        fault::kill_at("before-swap");
        if fs::symlink_metadata(&self.out).is_err() {
            return match fs::rename(&self.dir, &self.out) {
                Ok(()) => Ok(Vec::new()),
                Err(source) => {
                    let e = write_err(&self.out, source);
                    self.abandon();
                    Err(e)
                }
            };
        }
        let old = match swap::replace(&self.dir, &self.out) {
            Ok(swap::Swapped::Exchanged) => self.dir.clone(),
            Ok(swap::Swapped::MovedAside(old)) => old,
            Err(source) => {
                let e = write_err(&self.out, source);
                self.abandon();
                return Err(e);
            }
        };
        fault::kill_at("after-swap");
        Ok(match fault::error_at("cleanup").and_then(|()| fs::remove_dir_all(&old)) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!(
                "the new results are in {}, but the previous ones could not be removed from {}: {e}; remove that folder by hand",
                self.out.display(),
                old.display()
            )],
        })
    }

    /// Removes the staging folder after a failed run.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write { path: path.to_path_buf(), source }
}

/// The folder that `out` names, absolute and without links: a link `--out`
/// is followed (and kept); a missing `out` gets its parent folders made.
/// Refuses an `out` that is or holds the current folder: the swap would
/// leave the shell that started the run in a removed folder.
fn resolve(out: &Path) -> Result<PathBuf> {
    let target = match fs::canonicalize(out) {
        Ok(p) => p,
        Err(_) if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) => {
            let to = fs::read_link(out).map_or_else(|_| "?".into(), |p| p.display().to_string());
            return Err(write_err(
                out,
                std::io::Error::other(format!("it is a symbolic link to {to}, which does not exist")),
            ));
        }
        Err(_) => {
            let name = out.file_name().ok_or_else(|| write_err(out, std::io::Error::other("not a folder name")))?;
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            fs::create_dir_all(parent).map_err(|source| write_err(out, source))?;
            fs::canonicalize(parent).map_err(|source| write_err(out, source))?.join(name)
        }
    };
    if fs::metadata(&target).is_ok_and(|m| !m.is_dir()) {
        return Err(write_err(out, std::io::Error::other("it exists and is not a folder")));
    }
    if std::env::current_dir().and_then(fs::canonicalize).is_ok_and(|cwd| cwd.starts_with(&target)) {
        return Err(Error::OutputIsCurrent { path: out.to_path_buf() });
    }
    if is_mount_point(&target) {
        return Err(Error::OutputMount { path: out.to_path_buf() });
    }
    Ok(target)
}

/// Whether `dir` is on another file system than its parent (a mounted
/// volume, as `docker run -v results:/results`): it cannot be renamed, so
/// a run would fail at the swap, after all its work. A bind mount within
/// one file system is not seen here; its swap fails and nothing is
/// replaced.
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let dev = |p: &Path| fs::metadata(p).ok().filter(|m| m.is_dir()).map(|m| m.dev());
        matches!((dev(dir), dir.parent().and_then(dev)), (Some(a), Some(b)) if a != b)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Tidies up after killed runs of `target` (see [`clean_stale`]), first,
/// so that the checks see the previous results put back.
fn tidy(target: &Path) {
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name()) {
        clean_stale(parent, &name.to_string_lossy(), target);
    }
}

/// Staging folders of `--out NAME` are `.NAME.dolgraph-staging-PID`, beside
/// it; in the fallback swap, the previous results while being replaced
/// are `...-PID.old`.
fn staging_prefix(name: &str) -> String {
    format!(".{name}.dolgraph-staging-")
}

/// Whether process `pid` has ended. Known only where /proc lists processes
/// (Linux); elsewhere every process counts as alive, so nothing is removed.
pub(crate) fn process_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Tidies up after runs that were killed: removes their staging folders
/// (or, after an exchange, the previous results they had not yet removed),
/// and when a fallback swap died between its two renames (`out` is
/// missing), puts the previous results back. Folders of runs still alive
/// are left alone. Best effort: a folder that cannot be removed is left
/// for the next run.
fn clean_stale(parent: &Path, name: &str, out: &Path) {
    let prefix = staging_prefix(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let (pid, old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && process_gone(pid) {
            stale.push((entry.path(), old));
        }
    }
    stale.sort();
    for (dir, old) in stale {
        if old && fs::symlink_metadata(out).is_err() && fs::rename(&dir, out).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Above Linux's largest pid (2^22), so never a live process.
    const DEAD: u32 = 999_999_999;

    #[test]
    fn stale_staging_of_a_killed_run_is_removed() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let t = tempfile::tempdir().expect("tempdir");
        let base = fs::canonicalize(t.path()).expect("canonical");
        let stale = base.join(format!(".out.dolgraph-staging-{DEAD}"));
        fs::create_dir(&stale).expect("mkdir");
        fs::write(stale.join("accounts.csv"), "half").expect("write");
        let alive = base.join(format!(".out.dolgraph-staging-{}", std::process::id()));
        let other = base.join(format!(".other.dolgraph-staging-{DEAD}"));
        fs::create_dir(&other).expect("mkdir");
        let s = Staging::create(&base.join("out"), false, &[]).expect("staging");
        assert!(!stale.exists(), "the killed run's staging folder is removed");
        assert!(other.exists(), "another output's staging folder is not ours to remove");
        assert_eq!(s.dir, alive);
        s.abandon();
    }

    #[test]
    fn previous_results_moved_aside_by_a_killed_run_are_put_back() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let t = tempfile::tempdir().expect("tempdir");
        let old = t.path().join(format!(".out.dolgraph-staging-{DEAD}.old"));
        fs::create_dir(&old).expect("mkdir");
        fs::write(old.join("manifest.json"), r#"{"outputs":[]}"#).expect("write");
        let out = t.path().join("out");
        let s = Staging::create(&out, false, &[]).expect("staging");
        assert_eq!(fs::read_to_string(out.join("manifest.json")).expect("restored"), r#"{"outputs":[]}"#);
        assert!(!old.exists());
        s.abandon();
    }
}
