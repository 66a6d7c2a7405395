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
        let dir = parent.join(format!(".{name}.dolgraph-staging-{}", std::process::id()));
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
            let old = self.dir.with_extension("old");
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
