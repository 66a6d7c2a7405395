//! A run killed part-way leaves the previous results untouched, byte for
//! byte, and no half-written file in --out; the next run removes the
//! killed run's staging folder. Then issue 13's output folder as a
//! transaction (module r13): killed at each step of the swap, analyze and
//! render leave the old or the new results, complete; what the swap would
//! destroy or could not finish is refused before any work.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{TestDir, assert_ok, dolgraph, stderr};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                out.insert(name, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn staging_folders(t: &TestDir) -> Vec<String> {
    std::fs::read_dir(t.dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dolgraph-staging"))
        .collect()
}

/// An edge list large enough that analyze runs for a while (about 40 MB).
fn write_big_edge_list(path: &Path) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (a, b) = (x % 200_000, (x >> 32) % 200_000);
        writeln!(w, "u{a} u{b} 1341100972 RT").expect("write");
    }
    w.flush().expect("flush");
}

#[test]
fn killed_run_leaves_previous_results_intact() {
    let t = TestDir::new();
    t.write("small.txt", "a b 1341100972 RT\nb c 1341100973 MT\nc a 1341100974 RE\n");
    assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
    let before = snapshot(&t.path("out"));
    write_big_edge_list(&t.path("big.txt"));

    let mut child = dolgraph()
        .current_dir(t.dir.path())
        .args(["analyze", "big.txt", "--out", "out", "-q", "--threads", "1"])
        .spawn()
        .expect("spawn");
    let staging = t.path(&format!(".out.dolgraph-staging-{}", child.id()));
    let start = Instant::now();
    // Kill once the run is writing into its staging folder, a little later.
    while !staging.join("rejects.jsonl").exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the run never started writing");
        assert!(child.try_wait().expect("wait").is_none(), "the run ended before it could be killed");
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().expect("wait").is_none(), "the run ended before it could be killed");
    child.kill().expect("kill");
    child.wait().expect("reap");

    assert_eq!(snapshot(&t.path("out")), before, "the previous results are intact, with nothing added");
    assert!(staging.exists(), "a killed run leaves its staging folder behind");

    assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
    assert_eq!(staging_folders(&t), Vec::<String>::new(), "the next run removes the killed run's staging folder");
    assert_ok(&t.run(&["verify", "out"]));
}

// Issue 13, points 1-5: the output folder as a transaction. The kill
// points are reached by fault injection (src/fault.rs): the real binary,
// with DOLGRAPH_TEST_FAIL_AT naming where it kills itself.

#[cfg(unix)]
mod r13 {
    use super::*;

    const SMALL: &str = "a b 1341100972 RT\nb c 1341100973 MT\nc a 1341100974 RE\n";
    const OTHER: &str = "a b 1341100972 RT\nb d 1341100973 MT\nd e 1341100974 RE\n";

    /// Runs dolgraph in `dir` with `DOLGRAPH_TEST_FAIL_AT=fault` (none when
    /// empty).
    fn run_faulty(dir: &Path, fault: &str, args: &[&str]) -> std::process::Output {
        let mut c = dolgraph();
        c.current_dir(dir).args(args);
        if !fault.is_empty() {
            c.env("DOLGRAPH_TEST_FAIL_AT", fault);
        }
        c.output().expect("run dolgraph")
    }

    /// Whether the run died of SIGKILL (the fault hook's kill).
    fn killed(o: &std::process::Output) -> bool {
        use std::os::unix::process::ExitStatusExt;
        o.status.signal() == Some(9)
    }

    /// Two results to swap between: `out` from small.txt, and other.txt beside.
    fn previous_results() -> TestDir {
        let t = TestDir::new();
        t.write("small.txt", SMALL);
        t.write("other.txt", OTHER);
        assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
        t
    }

    /// Staging folders beside `out` and inside it.
    fn all_staging(t: &TestDir) -> Vec<String> {
        let mut found = staging_folders(t);
        if let Ok(entries) = std::fs::read_dir(t.path("out")) {
            found.extend(
                entries
                    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                    .filter(|n| n.contains("staging")),
            );
        }
        found
    }

    #[test]
    fn r13_rerun_refuses_files_dolgraph_did_not_write_and_keeps_them() {
        let t = previous_results();
        t.write("out/notes.txt", "my notes");
        std::fs::create_dir(t.path("out/drafts")).expect("mkdir");
        t.write("out/drafts/plan.md", "plan");
        t.write("out/images/mine.svg", "<svg/>");
        let before = snapshot(&t.path("out"));
        let o = t.run(&["analyze", "other.txt", "--out", "out", "-q"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: out holds files dolgraph did not write (not in its manifest.json's outputs): drafts/, images/mine.svg, notes.txt.\n  The run replaces the whole folder: move them elsewhere first (or use --force to delete them with the previous results).\n"
        );
        assert_eq!(snapshot(&t.path("out")), before, "nothing changed");
        assert_eq!(all_staging(&t), Vec::<String>::new(), "refused before any work");
        for f in ["notes.txt", "drafts/plan.md", "images/mine.svg"] {
            std::fs::remove_file(t.path("out").join(f)).expect("rm");
        }
        std::fs::remove_dir(t.path("out/drafts")).expect("rmdir");
        assert_ok(&t.run(&["analyze", "other.txt", "--out", "out", "-q"]));
        assert_ok(&t.run(&["verify", "out"]));
    }

    #[test]
    fn r13_input_inside_out_is_refused_even_with_force() {
        let t = previous_results();
        t.write("out/my.txt", OTHER);
        for extra in [&[][..], &["--force"][..]] {
            let mut args = vec!["analyze", "out/my.txt", "--out", "out", "-q"];
            args.extend(extra);
            let o = t.run(&args);
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            assert_eq!(
                stderr(&o),
                "error: out/my.txt is inside the output folder out, which the run replaces: move it elsewhere or choose another --out\n"
            );
            assert_eq!(std::fs::read_to_string(t.path("out/my.txt")).expect("kept"), OTHER);
        }
        // The pseudonym key too: --force would delete it with the folder.
        t.write("out/key", "0123456789abcdef0123456789abcdef");
        let o = t.run(&["analyze", "other.txt", "--out", "out", "-q", "--force", "--pseudonymize", "out/key"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).starts_with("error: out/key is inside the output folder out"), "{}", stderr(&o));
        assert!(t.path("out/key").is_file());
        assert_eq!(all_staging(&t), Vec::<String>::new());
    }

    #[test]
    fn r13_out_dot_from_inside_a_previous_result_is_refused_up_front() {
        let t = previous_results();
        let before = snapshot(&t.path("out"));
        let o = run_faulty(&t.path("out"), "", &["analyze", "../other.txt", "--out", ".", "-q"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: . is, or holds, the current folder; the run replaces that folder, which would leave this shell in a removed folder: run dolgraph from outside it\n"
        );
        assert_eq!(snapshot(&t.path("out")), before);
        assert_eq!(all_staging(&t), Vec::<String>::new(), "no staging folder inside or beside");
    }

    #[test]
    fn r13_a_kill_at_any_step_of_the_swap_leaves_old_or_new_results() {
        // after-first-rename is a step of the two-rename swap only: with the
        // exchange the run never reaches it and ends with the new results.
        for (fault, new) in [
            ("before-swap", false),
            ("after-first-rename", true),
            ("after-swap", true),
            ("no-exchange,after-swap", true),
        ] {
            let t = previous_results();
            let old = std::fs::read(t.path("out/edges.csv")).expect("read");
            let o = run_faulty(t.dir.path(), fault, &["analyze", "other.txt", "--out", "out", "-q"]);
            let not_a_step = fault == "after-first-rename" && o.status.success();
            assert!(killed(&o) || not_a_step, "{fault}: {:?} {}", o.status, stderr(&o));
            assert_ok(&t.run(&["verify", "out"]));
            assert_ok(&t.run(&["analyze", "other.txt", "--out", "ref", "-q"]));
            let want = if new { std::fs::read(t.path("ref/edges.csv")).expect("read") } else { old.clone() };
            assert_ne!(std::fs::read(t.path("ref/edges.csv")).expect("read"), old, "two different results");
            assert_eq!(std::fs::read(t.path("out/edges.csv")).expect("results at --out"), want, "{fault}");
            assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
            assert_eq!(std::fs::read(t.path("out/edges.csv")).expect("read"), old, "{fault}");
            assert_eq!(all_staging(&t), Vec::<String>::new(), "{fault}: the next run tidies up");
        }
    }

    /// Without RENAME_EXCHANGE the swap is two renames; a kill between them
    /// leaves no --out until the next run, which puts the previous results
    /// back first, even if it then fails.
    #[test]
    fn r13_fallback_swap_killed_between_its_renames_is_undone_by_the_next_run() {
        let t = previous_results();
        let before = snapshot(&t.path("out"));
        let o =
            run_faulty(t.dir.path(), "no-exchange,after-first-rename", &["analyze", "other.txt", "--out", "out", "-q"]);
        assert!(killed(&o), "{:?} {}", o.status, stderr(&o));
        assert!(!t.path("out").exists(), "the documented window of the fallback");
        let o = t.run(&["analyze", "missing.txt", "--out", "out", "-q"]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(snapshot(&t.path("out")), before, "the previous results are back");
        assert_eq!(all_staging(&t), Vec::<String>::new());
    }

    #[test]
    fn r13_symlinked_out_is_followed_and_the_link_kept() {
        let t = TestDir::new();
        t.write("small.txt", SMALL);
        t.write("other.txt", OTHER);
        std::fs::create_dir(t.path("real")).expect("mkdir");
        std::os::unix::fs::symlink("real", t.path("link")).expect("symlink");
        assert_ok(&t.run(&["analyze", "small.txt", "--out", "link", "-q"]));
        assert_ok(&t.run(&["analyze", "other.txt", "--out", "link", "-q"]));
        assert!(std::fs::symlink_metadata(t.path("link")).expect("link").file_type().is_symlink(), "the link is kept");
        assert!(t.path("real/manifest.json").is_file(), "the results are where it points");
        assert_ok(&t.run(&["verify", "link"]));
        assert_eq!(staging_folders(&t), Vec::<String>::new());
    }

    /// Makes `out` impossible for this user to clear: an immutable file as
    /// root (chattr +i), a read-only folder otherwise. Returns the undo, or
    /// None when neither can be arranged here.
    fn make_unclearable(t: &TestDir) -> Option<Box<dyn Fn()>> {
        use std::os::unix::fs::PermissionsExt;
        let file = t.path("out/accounts.csv");
        let as_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
        if as_root {
            let ok = std::process::Command::new("chattr").arg("+i").arg(&file).status().is_ok_and(|s| s.success());
            if !ok {
                eprintln!("skipped: running as root and chattr +i is not available here");
                return None;
            }
            return Some(Box::new(move || {
                let _ = std::process::Command::new("chattr").arg("-i").arg(&file).status();
            }));
        }
        let dir = t.path("out");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        Some(Box::new(move || {
            let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755));
        }))
    }

    #[test]
    fn r13_an_output_this_user_cannot_clear_is_refused_before_anything_changes() {
        let t = previous_results();
        let Some(undo) = make_unclearable(&t) else { return };
        let before = snapshot(&t.path("out"));
        let o = t.run(&["analyze", "other.txt", "--out", "out", "-q"]);
        let after = snapshot(&t.path("out"));
        let staging = all_staging(&t);
        undo();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(after, before, "nothing changed");
        assert_eq!(staging, Vec::<String>::new());
        let err = stderr(&o);
        assert!(err.starts_with("error: cannot replace the output folder: "), "{err}");
        assert!(err.contains("out") && err.contains("is not writable by this user ("), "{err}");
        assert!(err.ends_with("); nothing was changed\n"), "{err}");
    }

    /// The campaign's case: `--out` owned by another user, in a folder this
    /// user may write. Run as root, the other user is root and the run is
    /// `nobody`'s (runuser); skipped when that cannot be arranged.
    #[test]
    fn r13_another_users_output_is_refused_before_anything_changes() {
        use std::os::unix::fs::PermissionsExt;
        let t = previous_results();
        let as_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
        let runuser = std::process::Command::new("runuser").args(["-u", "nobody", "--", "true"]).status();
        if !as_root || !runuser.is_ok_and(|s| s.success()) {
            eprintln!("skipped: needs root and runuser to act as another user");
            return;
        }
        std::fs::set_permissions(t.dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let before = snapshot(&t.path("out"));
        let o = std::process::Command::new("runuser")
            .current_dir(t.dir.path())
            .args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_dolgraph"), "analyze", "other.txt", "--out", "out", "-q"])
            .output()
            .expect("runuser");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(snapshot(&t.path("out")), before, "nothing changed");
        assert_eq!(all_staging(&t), Vec::<String>::new(), "nothing left aside");
        assert!(
            stderr(&o).contains("is not writable by this user (Permission denied (os error 13)); nothing was changed"),
            "{}",
            stderr(&o)
        );
    }

    /// Unmounts on drop, so a failed assertion leaves no mount behind.
    struct Mounted(std::path::PathBuf);

    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }

    /// A mounted volume as --out (docker -v) cannot be renamed: refused
    /// before any work, not after it at the swap. Needs mount (root).
    #[test]
    fn r13_a_mount_point_out_is_refused_up_front() {
        let t = previous_results();
        std::fs::create_dir(t.path("vol")).expect("mkdir");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "none"])
            .arg(t.path("vol"))
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here");
            return;
        }
        let _guard = Mounted(t.path("vol"));
        let o = t.run(&["analyze", "other.txt", "--out", "vol", "-q"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: vol is a mount point, which cannot be replaced (the run replaces the output folder as a whole): give a folder inside it, e.g. --out vol/results\n"
        );
        assert_eq!(all_staging(&t), Vec::<String>::new(), "refused before any work");
        assert_ok(&t.run(&["analyze", "other.txt", "--out", "vol/results", "-q"]));
        assert_ok(&t.run(&["analyze", "other.txt", "--out", "vol/results", "-q"]));
        assert_ok(&t.run(&["verify", "vol/results"]));
    }

    #[test]
    fn r13_failing_to_remove_the_previous_copy_after_the_swap_is_a_warning() {
        let t = previous_results();
        let o = run_faulty(t.dir.path(), "error:cleanup", &["analyze", "other.txt", "--out", "out", "-q"]);
        assert_eq!(o.status.code(), Some(0), "the results were replaced: success\n{}", stderr(&o));
        assert!(stderr(&o).starts_with("warning: the new results are in "), "{}", stderr(&o));
        assert!(stderr(&o).contains("injected fault"), "{}", stderr(&o));
        assert!(std::fs::read_to_string(t.path("out/edges.csv")).expect("read").contains("d"), "new results in place");
        assert_ok(&t.run(&["verify", "out"]));
        assert_ok(&t.run(&["analyze", "small.txt", "--out", "out", "-q"]));
        assert_eq!(staging_folders(&t), Vec::<String>::new(), "the next run removes the left copy");
    }

    #[test]
    fn r13_a_killed_render_leaves_the_folder_complete_and_verifiable() {
        for fault in ["before-swap", "after-swap"] {
            let t = previous_results();
            let o = run_faulty(t.dir.path(), fault, &["render", "--from", "out", "-q", "--seed", "7"]);
            assert!(killed(&o), "{fault}: {:?} {}", o.status, stderr(&o));
            let v = t.run(&["verify", "out"]);
            assert_ok(&v);
            assert!(t.path("out/images/overview.svg").is_file(), "{fault}");
            assert_ok(&t.run(&["render", "--from", "out", "-q"]));
            assert_ok(&t.run(&["verify", "out"]));
            assert_eq!(all_staging(&t), Vec::<String>::new(), "{fault}");
        }
    }

    #[test]
    fn r13_render_never_records_a_stale_staging_folder_and_removes_it() {
        let t = previous_results();
        let stale = t.path("out/.render-staging-999999999");
        std::fs::create_dir_all(stale.join("images")).expect("mkdir");
        t.write("out/.render-staging-999999999/images/overview.svg", "<svg/>");
        assert_ok(&t.run(&["render", "--from", "out", "-q"]));
        let m = crate::util::read_json(&t.path("out/manifest.json"));
        let listed: Vec<&str> =
            m["outputs"].as_array().expect("outputs").iter().filter_map(|o| o["path"].as_str()).collect();
        assert!(listed.iter().all(|p| !p.contains("staging")), "{listed:?}");
        assert!(listed.contains(&"images/overview.svg"), "{listed:?}");
        assert!(!stale.exists(), "the dead render's staging folder is removed");
        assert_ok(&t.run(&["verify", "out"]));
    }

    #[test]
    fn r13_render_keeps_files_it_did_not_write_and_refuses_foreign_pictures() {
        let t = previous_results();
        t.write("out/notes.txt", "mine");
        assert_ok(&t.run(&["render", "--from", "out", "-q"]));
        assert_eq!(std::fs::read_to_string(t.path("out/notes.txt")).expect("kept"), "mine");
        let v = t.run(&["verify", "out"]);
        assert!(String::from_utf8_lossy(&v.stdout).contains("EXTRA    notes.txt"), "still not an output");
        t.write("out/images/mine.svg", "<svg/>");
        let o = t.run(&["render", "--from", "out", "-q"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
        stderr(&o).contains(
            "images/ or graphs/ hold files dolgraph did not write (not in manifest.json's outputs): images/mine.svg."
        ),
        "{}",
        stderr(&o)
    );
        assert!(t.path("out/images/mine.svg").is_file());
    }
}
