//! The audit trail: the manifest names the build and lists every output
//! file with its size and SHA-256, and `dolgraph verify` finds any change.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::{TestDir, assert_ok, read_json, root, stderr};

fn sample_run(t: &TestDir, out: &str, threads: &str) {
    let x = root().join("data/sample/x-v2.jsonl");
    let m = root().join("data/sample/mastodon.jsonl");
    let o = t.run(&["analyze", &x.to_string_lossy(), &m.to_string_lossy(), "--out", out, "-q", "--threads", threads]);
    assert_ok(&o);
}

fn verify(t: &TestDir, dir: &str) -> (Option<i32>, String, String) {
    let o = t.run(&["verify", dir]);
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), stderr(&o))
}

fn sha256_hex(p: &Path) -> String {
    Sha256::digest(std::fs::read(p).expect("read")).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn manifest_names_the_build_the_threads_and_every_output_file() {
    let t = TestDir::new();
    sample_run(&t, "out", "2");
    let m = read_json(&t.path("out/manifest.json"));
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let commit = m["tool"]["commit"].as_str().expect("commit");
    assert!(commit == "unknown" || (commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())), "{commit}");
    assert_eq!(m["threads"], 2);
    assert_eq!(m["arguments"][1], "analyze");
    let outputs = m["outputs"].as_array().expect("outputs");
    // Every file in the folder, sub-folders (images/, graphs/) included.
    fn files(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("ls") {
            let e = e.expect("entry");
            let name = format!("{prefix}{}", e.file_name().to_string_lossy());
            if e.path().is_dir() {
                files(&e.path(), &format!("{name}/"), out);
            } else if name != "manifest.json" {
                out.push(name);
            }
        }
    }
    let mut names = Vec::new();
    files(&t.path("out"), "", &mut names);
    names.sort();
    assert!(names.iter().any(|n| n.starts_with("images/")), "pictures are hashed too");
    let listed: Vec<&str> = outputs.iter().map(|o| o["path"].as_str().expect("path")).collect();
    assert_eq!(listed, names);
    for o in outputs {
        let p = t.path("out").join(o["path"].as_str().expect("path"));
        assert_eq!(o["bytes"].as_u64(), Some(std::fs::metadata(&p).expect("meta").len()));
        assert_eq!(o["sha256"].as_str(), Some(sha256_hex(&p).as_str()), "{o}");
    }
}

#[test]
fn verify_passes_on_a_fresh_run() {
    let t = TestDir::new();
    sample_run(&t, "out", "1");
    let (code, out, err) = verify(&t, "out");
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("ok       accounts.csv\n"), "{out}");
    let manifest_sha = sha256_hex(&t.path("out/manifest.json"));
    assert!(out.ends_with(&format!("files match the manifest (manifest.json SHA-256 {manifest_sha})\n")), "{out}");
    assert_eq!(err, "");
}

#[test]
fn verify_finds_an_edited_byte() {
    let t = TestDir::new();
    sample_run(&t, "out", "1");
    let p = t.path("out/accounts.csv");
    let mut bytes = std::fs::read(&p).expect("read");
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'0' { b'1' } else { b'0' };
    std::fs::write(&p, &bytes).expect("write");
    let (code, out, err) = verify(&t, "out");
    assert_eq!(code, Some(1));
    assert!(out.contains("CHANGED  accounts.csv: same size, different content (SHA-256 "), "{out}");
    assert!(out.contains("ok       edges.csv\n"), "{out}");
    assert!(err.starts_with("error: out: 1 of "), "{err}");
    assert!(err.ends_with(" files changed, missing or added since the run wrote them\n"), "{err}");
}

#[test]
fn verify_finds_a_deleted_and_an_added_file() {
    let t = TestDir::new();
    sample_run(&t, "out", "1");
    std::fs::remove_file(t.path("out/edges.csv")).expect("rm");
    let (code, out, _) = verify(&t, "out");
    assert_eq!(code, Some(1));
    assert!(out.contains("MISSING  edges.csv: listed in the manifest, not in the folder\n"), "{out}");

    let t = TestDir::new();
    sample_run(&t, "out", "1");
    t.write("out/images/extra.svg", "<svg/>");
    let (code, out, err) = verify(&t, "out");
    assert_eq!(code, Some(1));
    assert!(out.contains("EXTRA    images/extra.svg: in the folder, not written by the run\n"), "{out}");
    assert!(err.starts_with("error: out: 1 of "), "{err}");
}

#[test]
fn verify_explains_a_folder_that_is_not_an_output() {
    let t = TestDir::new();
    std::fs::create_dir(t.path("empty")).expect("mkdir");
    let (code, _, err) = verify(&t, "empty");
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: empty: cannot read manifest.json: "), "{err}");
    std::fs::create_dir(t.path("old")).expect("mkdir");
    t.write("old/manifest.json", "{\"tool\":{}}");
    let (code, _, err) = verify(&t, "old");
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: old: manifest.json lists no output files (written by a dolgraph before 'verify' existed); re-run analyze\n"
    );
}

/// Issue 13 point 14: a manifest cannot make verify read outside the
/// folder: `..` paths, absolute paths and symbolic links are refused, not
/// hashed, even when the hash they carry is right.
#[cfg(unix)]
#[test]
fn r13_verify_never_follows_manifest_paths_outside_the_folder() {
    let t = TestDir::new();
    sample_run(&t, "out", "1");
    let secret = t.write("secret.txt", "outside the folder");
    let sha = sha256_hex(&secret);
    std::os::unix::fs::symlink(&secret, t.path("out/link.txt")).expect("symlink");
    std::os::unix::fs::symlink("..", t.path("out/up")).expect("symlink");
    let mut m = read_json(&t.path("out/manifest.json"));
    let outputs = m["outputs"].as_array_mut().expect("outputs");
    let abs = secret.to_string_lossy().into_owned();
    for p in ["../secret.txt", abs.as_str(), "link.txt", "up/secret.txt", "./images/../../secret.txt"] {
        outputs.push(serde_json::json!({ "path": p, "bytes": 18, "sha256": sha }));
    }
    std::fs::write(t.path("out/manifest.json"), serde_json::to_string_pretty(&m).expect("json")).expect("write");
    let (code, out, _) = verify(&t, "out");
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "REFUSED  ../secret.txt: points outside the folder (only plain relative paths are outputs); not read\n"
        ),
        "{out}"
    );
    assert!(out.contains(&format!("REFUSED  {abs}: points outside the folder")), "{out}");
    assert!(out.contains("REFUSED  link.txt: is a symbolic link (dolgraph writes none); not read\n"), "{out}");
    assert!(out.contains("REFUSED  up/secret.txt: is a symbolic link"), "{out}");
    assert!(out.contains("REFUSED  ./images/../../secret.txt: points outside"), "{out}");
    assert!(
        !out.contains("ok       ../") && !out.contains("ok       link.txt") && !out.contains("ok       up/"),
        "{out}"
    );
    assert!(out.contains("ok       accounts.csv\n"), "{out}");
}
