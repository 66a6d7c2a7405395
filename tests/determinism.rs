//! The same inputs and settings give the same bytes in every output file,
//! whatever --threads is (the manifest's timings and command line aside).

use std::path::Path;

use sha2::Digest as _;

use crate::generate;
use crate::util::{TestDir, assert_ok, root, shared};

/// Every output file's bytes (as a SHA-256), the manifest with the fields that say how
/// the run was started (arguments, timings) removed.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    // Files of the folder and of its subfolders (images/, graphs/).
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for p in std::fs::read_dir(dir).expect("output folder").map(|e| e.expect("entry").path()) {
        if p.is_dir() {
            paths.extend(std::fs::read_dir(&p).expect("subfolder").map(|e| e.expect("entry").path()));
        } else {
            paths.push(p);
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            let mut bytes = std::fs::read(&p).expect("read");
            if name == "manifest.json" {
                let mut m: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
                let obj = m.as_object_mut().expect("object");
                obj.remove("timings_ms");
                obj.remove("arguments");
                obj.remove("threads");
                bytes = serde_json::to_vec_pretty(&m).expect("json");
            }
            // A digest stands for the bytes: the graph files of a large
            // graph are hundreds of megabytes, three runs of them at once.
            (name, sha2::Sha256::digest(&bytes).to_vec())
        })
        .collect();
    files.sort();
    files
}

fn same_bytes_at_any_thread_count(inputs: &[String]) {
    let t = TestDir::new();
    let mut runs = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = format!("out{threads}");
        let mut args: Vec<&str> = vec!["analyze", "--out", &out, "-q", "--threads", threads];
        args.extend(inputs.iter().map(String::as_str));
        assert_ok(&t.run(&args));
        runs.push(outputs(&t.path(&out)));
    }
    assert!(runs[0].len() >= 4, "{:?}", runs[0].iter().map(|f| &f.0).collect::<Vec<_>>());
    for name in ["graph.gexf", "graph.graphml", "report.html", "explore.html", "hashtags.csv", "hashtag_pairs.csv"] {
        // graph.gexf.gz and graph.graphml.gz for a large graph.
        assert!(runs[0].iter().any(|f| f.0.trim_end_matches(".gz") == name), "{name} is compared too");
    }
    assert!(runs[0].iter().any(|f| f.0.ends_with(".png")), "pictures are compared too");
    for other in &runs[1..] {
        let names = |r: &[(String, Vec<u8>)]| r.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&runs[0]), names(other), "the same files at every thread count");
        for ((name, a), (_, b)) in runs[0].iter().zip(other) {
            assert!(a == b, "{name} differs between --threads 1 and another thread count");
        }
    }
}

#[test]
fn sample_is_byte_identical_across_thread_counts() {
    let files = ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"];
    let mut inputs: Vec<String> =
        files.iter().map(|f| root().join("data/sample").join(f).display().to_string()).collect();
    inputs.extend(["--topics".into(), root().join("data/topics.toml").display().to_string()]);
    same_bytes_at_any_thread_count(&inputs);
}

/// With a roster: topics.csv's persons, roster.csv, the workbook's sheet
/// "Leading, not on the roster".
#[test]
fn sample_with_a_roster_is_byte_identical_across_thread_counts() {
    let files = ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"];
    let mut inputs: Vec<String> =
        files.iter().map(|f| root().join("data/sample").join(f).display().to_string()).collect();
    inputs.extend(["--topics".into(), root().join("data/topics.toml").display().to_string()]);
    inputs.extend(["--roster".into(), root().join("data/roster.csv").display().to_string()]);
    same_bytes_at_any_thread_count(&inputs);
}

#[test]
#[ignore = "needs ../shared/data"]
fn higgs_is_byte_identical_across_thread_counts() {
    let dir = shared("snap-higgs-twitter");
    same_bytes_at_any_thread_count(&[dir.join("higgs-activity_time.txt.gz").display().to_string()]);
}

#[test]
fn generated_100k_posts_are_byte_identical_across_thread_counts() {
    let t = TestDir::new();
    let path = t.path("posts.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    generate::x_v2_pages(&mut file, 100_000, 20_000, 7).expect("generate");
    std::io::Write::flush(&mut file).expect("flush");
    drop(file);
    same_bytes_at_any_thread_count(&[
        path.display().to_string(),
        "--topics".into(),
        root().join("data/topics.toml").display().to_string(),
    ]);
}
