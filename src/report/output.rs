//! The output folder's life: a staging folder beside `--out`, filled during
//! the run and moved into place at the end. An existing `--out` is replaced
//! only if dolgraph wrote it (it holds a manifest.json) or with `--force`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
}

impl Staging {
    /// Checks that `out` may be (re)written and creates the staging folder.
    pub fn create(out: &Path, force: bool) -> Result<Staging> {
        let write_err = |source| Error::Write { path: out.to_path_buf(), source };
        if out.exists() {
            if !out.is_dir() {
                return Err(write_err(std::io::Error::other("it exists and is not a folder")));
            }
            let empty = fs::read_dir(out).map_err(write_err)?.next().is_none();
            if !empty && !force && !out.join("manifest.json").is_file() {
                return Err(Error::OutputTaken { path: out.to_path_buf() });
            }
        }
        let name = out.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        clean_stale(&parent, &name, out);
        let dir = parent.join(format!("{}{}", staging_prefix(&name), std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(write_err)?;
        }
        fs::create_dir_all(&dir).map_err(write_err)?;
        Ok(Staging { dir, out: out.to_path_buf() })
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Moves the staging folder into place, replacing the previous results.
    pub fn commit(self) -> Result<()> {
        let write_err = |source| Error::Write { path: self.out.clone(), source };
        if self.out.exists() {
            // Not with_extension: ".out.dolgraph-staging-PID" has no extension
            // in the Path sense beyond "dolgraph-staging-PID".
            let mut old = self.dir.clone().into_os_string();
            old.push(".old");
            let old = PathBuf::from(old);
            fs::rename(&self.out, &old).map_err(write_err)?;
            fs::rename(&self.dir, &self.out).map_err(write_err)?;
            fs::remove_dir_all(&old).map_err(write_err)?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(write_err)?;
        }
        Ok(())
    }

    /// Removes the staging folder after a failed run.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Staging folders of `--out NAME` are `.NAME.dolgraph-staging-PID`; the
/// previous results, while being replaced, `...-PID.old`.
fn staging_prefix(name: &str) -> String {
    format!(".{name}.dolgraph-staging-")
}

/// Whether process `pid` has ended. Known only where /proc lists processes
/// (Linux); elsewhere every process counts as alive, so nothing is removed.
fn process_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Tidies up after runs that were killed: removes their staging folders,
/// and when a run died between moving the previous results aside and
/// moving its own into place (`out` is missing), puts the previous results
/// back. Folders of runs still alive are left alone. Best effort: a folder
/// that cannot be removed is left for the next run.
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
        if old && !out.exists() && fs::rename(&dir, out).is_ok() {
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
        let stale = t.path().join(format!(".out.dolgraph-staging-{DEAD}"));
        fs::create_dir(&stale).expect("mkdir");
        fs::write(stale.join("accounts.csv"), "half").expect("write");
        let alive = t.path().join(format!(".out.dolgraph-staging-{}", std::process::id()));
        let other = t.path().join(format!(".other.dolgraph-staging-{DEAD}"));
        fs::create_dir(&other).expect("mkdir");
        let s = Staging::create(&t.path().join("out"), false).expect("staging");
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
        fs::write(old.join("manifest.json"), "{}").expect("write");
        let out = t.path().join("out");
        let s = Staging::create(&out, false).expect("staging");
        assert_eq!(fs::read_to_string(out.join("manifest.json")).expect("restored"), "{}");
        assert!(!old.exists());
        s.abandon();
    }
}
