//! Build script: records the git commit the binary is built from, for the
//! manifest's audit trail (`tool.commit`). Outside a git checkout (a
//! source tarball, a vendored crate) or without git, the commit is
//! "unknown" and the build goes on.
//!
//! Lives in src/ (named by `package.build`) because the repository's top
//! level is fixed.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    let commit = git(&["rev-parse", "HEAD"]).filter(|c| c.len() == 40 && c.bytes().all(|b| b.is_ascii_hexdigit()));
    if commit.is_some() {
        // Rebuild when HEAD moves: HEAD itself (a branch switch), the
        // branch's ref (a commit) and packed-refs (after gc).
        let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(branch);
        }
        for name in watched {
            // Only files that exist: cargo treats a missing one as changed
            // and would rebuild the crate on every build.
            if let Some(path) = git(&["rev-parse", "--git-path", &name]).filter(|p| std::path::Path::new(p).exists()) {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    println!("cargo:rustc-env=DOLGRAPH_COMMIT={}", commit.as_deref().unwrap_or("unknown"));
}
