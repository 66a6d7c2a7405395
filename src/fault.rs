//! Fault injection for the atomicity tests: a kill, or a failed call, at a
//! named point of the output folder's commit, so that tests/atomicity.rs
//! can run the real binary and check what a kill at exactly that point
//! leaves behind.
//!
//! `DOLGRAPH_TEST_FAIL_AT` holds comma-separated point names. At a named
//! point the process kills itself with SIGKILL (no destructor runs, as
//! with `kill -9`); `error:NAME` makes the call at that point fail
//! instead, and `no-exchange` takes the two-rename fallback as on a file
//! system without `RENAME_EXCHANGE`. Unset (always, outside the tests),
//! each point costs one environment lookup.
//!
//! Points: `before-swap`, `after-swap` (the folder is in place, the old
//! copy not yet removed), `after-first-rename` (fallback only: the old
//! results moved aside, the new not yet in place); `error:cleanup`.

const VAR: &str = "DOLGRAPH_TEST_FAIL_AT";

/// Whether `name` is one of the points named in `DOLGRAPH_TEST_FAIL_AT`.
pub fn armed(name: &str) -> bool {
    std::env::var(VAR).is_ok_and(|v| v.split(',').any(|p| p == name))
}

/// Kills the process here when `name` is armed.
pub fn kill_at(name: &str) {
    if armed(name) {
        #[cfg(unix)]
        // SAFETY: kill(2) on our own pid with a valid signal number.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
}

/// An injected error when `error:NAME` is armed.
pub fn error_at(name: &str) -> std::io::Result<()> {
    if armed(&format!("error:{name}")) {
        return Err(std::io::Error::other(format!("injected fault ({VAR}=error:{name})")));
    }
    Ok(())
}
