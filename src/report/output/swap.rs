//! Putting a finished folder in place of the previous one in one step.
//!
//! On Linux, `renameat2(RENAME_EXCHANGE)` swaps the two names atomically:
//! at every instant `--out` is either the old or the new folder, complete.
//! Where the call does not exist (other systems) or the file system lacks
//! it (`EINVAL`, e.g. some network file systems), the fallback is two
//! renames: the old folder moved aside to `<staging>.old`, then the new
//! one into place. A kill between those two leaves no `--out`; the next
//! run (Staging::create) moves `<staging>.old` back before anything else.

use std::io;
use std::path::{Path, PathBuf};

use crate::fault;

/// How the previous results were moved out of the way.
#[derive(Debug, PartialEq, Eq)]
pub enum Swapped {
    /// Exchanged: the previous results are now at the staging path.
    Exchanged,
    /// Fallback: the previous results are at this path.
    MovedAside(PathBuf),
}

/// Puts `new` at `live`, which exists; returns where the previous folder
/// went. On an error nothing was replaced: `live` holds the old results.
pub fn replace(new: &Path, live: &Path) -> io::Result<Swapped> {
    if !fault::armed("no-exchange") {
        match exchange(new, live) {
            Ok(()) => return Ok(Swapped::Exchanged),
            Err(e) if !unsupported(&e) => return Err(e),
            Err(_) => {}
        }
    }
    let mut aside = new.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(live, &aside)?;
    fault::kill_at("after-first-rename");
    if let Err(e) = std::fs::rename(new, live) {
        // Best effort: put the previous results back; if even that fails,
        // the next run does (Staging::create).
        let _ = std::fs::rename(&aside, live);
        return Err(e);
    }
    Ok(Swapped::MovedAside(aside))
}

/// Whether `e` says the system or file system cannot exchange names (as
/// opposed to a real failure, such as a permission, to report).
fn unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP))
    }
    #[cfg(not(target_os = "linux"))]
    {
        e.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two NUL-terminated paths that live across the call; AT_FDCWD
    // resolves them as open(2) would.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_folders() {
        let t = tempfile::tempdir().expect("tempdir");
        let (new, live) = (t.path().join("new"), t.path().join("live"));
        for (d, f) in [(&new, "new.txt"), (&live, "old.txt")] {
            std::fs::create_dir(d).expect("mkdir");
            std::fs::write(d.join(f), f).expect("write");
        }
        let how = replace(&new, &live).expect("replace");
        assert!(live.join("new.txt").is_file());
        match how {
            Swapped::Exchanged => assert!(new.join("old.txt").is_file()),
            Swapped::MovedAside(p) => assert!(p.join("old.txt").is_file()),
        }
    }
}
