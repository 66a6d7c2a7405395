//! Beyond one machine: `extract` -> `scale/aggregate.py` (DataFusion, Spark
//! `local[2]`, a standalone Spark cluster of two workers on 127.0.0.1) ->
//! `analyze --aggregate` gives the tables of a plain `analyze` of the same
//! inputs, byte for byte, on the sample and on the cross-format fixtures
//! (one conversation in every input format, read as one run: the same
//! posts in several inputs are de-duplicated across them).
//!
//! The engine tests need Java 17 and a Python with scale/requirements.txt
//! (`DOLGRAPH_SCALE_PYTHON`, set by .ci/run); they are ignored in a plain
//! `cargo test` and run by CI with `--include-ignored`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::util::{self, TestDir, assert_ok, dolgraph, root, stderr};

/// The tables an aggregate run must give exactly as plain analyze does.
const SAME: [&str; 7] =
    ["edges.csv", "accounts.csv", "topics.csv", "communities.csv", "links.csv", "hashtags.csv", "hashtag_pairs.csv"];

/// One Spark job at a time: the machine has two cores.
static SPARK: Mutex<()> = Mutex::new(());

struct Case {
    name: &'static str,
    /// Where the inputs are (the runs' working folder).
    dir: PathBuf,
    inputs: Vec<&'static str>,
}

fn sample() -> Case {
    Case {
        name: "sample",
        dir: root().join("data/sample"),
        inputs: vec!["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"],
    }
}

fn crossformat() -> Case {
    Case {
        name: "crossformat",
        dir: root().join("tests/data/crossformat"),
        inputs: vec![
            "x-v2-pages.jsonl",
            "x-v2-flat.jsonl",
            "x-v1.jsonl",
            "bsky-jetstream.jsonl",
            "bsky-appview.jsonl",
            "mastodon.jsonl",
            "posts.csv",
            "twarc.csv",
            "edges.csv",
            "edges.txt",
        ],
    }
}

fn topics() -> PathBuf {
    root().join("data/topics.toml")
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    dolgraph().current_dir(dir).args(args).output().expect("run dolgraph")
}

fn path_arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// Plain analyze of the case, into `out`.
fn plain(case: &Case, out: &Path) {
    let t = topics();
    let mut args = vec!["analyze"];
    args.extend(&case.inputs);
    args.extend(["--topics", path_arg(&t), "--out", path_arg(out), "--quiet", "--max-pictures", "0"]);
    assert_ok(&run_in(&case.dir, &args));
}

fn extract(case: &Case, shards: &Path) {
    let t = topics();
    let mut args = vec!["extract"];
    args.extend(&case.inputs);
    args.extend(["--topics", path_arg(&t), "--out", path_arg(shards), "--quiet"]);
    assert_ok(&run_in(&case.dir, &args));
}

fn from_aggregate(aggregate: &Path, out: &Path) {
    let t = topics();
    let args =
        ["analyze", "--aggregate", path_arg(aggregate), "--topics", path_arg(&t), "--out", path_arg(out), "--quiet"];
    assert_ok(&run_in(&root(), &[&args[..], &["--max-pictures", "0"]].concat()));
}

fn assert_same_tables(case: &Case, plain: &Path, other: &Path, how: &str) {
    for table in SAME {
        let a = std::fs::read(plain.join(table)).expect("plain table");
        let b = std::fs::read(other.join(table)).expect("aggregate table");
        assert!(a == b, "{}: {table} from {how} differs from plain analyze's", case.name);
    }
    let manifest = util::read_json(&other.join("manifest.json"));
    assert!(manifest["aggregate"]["dir"].is_string(), "the manifest says the run read an aggregate");
}

/// The Python with scale/requirements.txt installed.
fn python() -> PathBuf {
    let p = std::env::var_os("DOLGRAPH_SCALE_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "set DOLGRAPH_SCALE_PYTHON to a Python with scale/requirements.txt installed \
             (python3 -m venv V && V/bin/pip install -r scale/requirements.txt), as .ci/run does"
        )
    });
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "Spark needs Java 17 on PATH (Debian: apt-get install openjdk-17-jre-headless)"
    );
    p
}

fn aggregate_cmd(shards: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(python());
    cmd.arg(root().join("scale/aggregate.py")).arg(shards).arg(out).args(extra);
    // Spark binds to the loopback address, not to whatever the host name resolves to.
    cmd.env("SPARK_LOCAL_IP", "127.0.0.1").env("DOLGRAPH_SPARK_DRIVER_MEMORY", "2g");
    cmd
}

fn aggregate(shards: &Path, out: &Path, extra: &[&str]) {
    let o = aggregate_cmd(shards, out, extra).output().expect("run scale/aggregate.py");
    assert!(o.status.success(), "aggregate.py {extra:?} failed:\n{}", stderr(&o));
}

/// scale/compare.py: the two aggregates hold the same rows in every table.
fn assert_same_aggregate(a: &Path, b: &Path) {
    let o = Command::new(python())
        .arg(root().join("scale/compare.py"))
        .args([a, b])
        .output()
        .expect("run scale/compare.py");
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
}

#[test]
fn extract_names_each_shard_set_by_its_input_and_a_rerun_replaces_it() {
    let t = TestDir::new();
    let case = sample();
    let shards = t.path("shards");
    extract(&case, &shards);
    let mut sets: Vec<String> = std::fs::read_dir(&shards)
        .expect("shards")
        .map(|e| e.expect("entry").file_name().into_string().unwrap())
        .collect();
    sets.sort();
    let mut expected: Vec<String> = case
        .inputs
        .iter()
        .map(|f| {
            use sha2::Digest;
            hex(&sha2::Sha256::digest(std::fs::read(case.dir.join(f)).expect("input")))
        })
        .collect();
    expected.sort();
    assert_eq!(sets, expected, "one folder per input, named by its SHA-256");
    let first = util::files_under(&shards);
    for (name, _) in &first {
        assert!(!name.contains(".partial"), "no partial folder is left: {name}");
    }
    let info = util::read_json(&shards.join(&sets[0]).join("input.json"));
    assert!(info["counts"]["posts"].as_u64().is_some_and(|n| n > 0), "input.json counts the posts: {info}");
    extract(&case, &shards);
    assert_eq!(util::files_under(&shards), first, "extracting again gives the same files");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn analyze_aggregate_refuses_what_needs_the_posts() {
    let t = TestDir::new();
    let o = t.run(&["analyze", "--aggregate", "agg", "--since", "2025-01-01", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--since"), "the message names the option: {}", stderr(&o));
    let o = t.run(&["analyze", "--aggregate", "missing", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "a missing aggregate is a failed run: {}", stderr(&o));
    assert!(stderr(&o).contains("missing"), "the message names the folder: {}", stderr(&o));
}

#[test]
#[ignore = "needs Java 17 and scale/requirements.txt (DOLGRAPH_SCALE_PYTHON)"]
fn datafusion_and_spark_local_give_plain_analyze_tables() {
    for case in [sample(), crossformat()] {
        let t = TestDir::new();
        plain(&case, &t.path("plain"));
        extract(&case, &t.path("shards"));
        aggregate(&t.path("shards"), &t.path("agg-datafusion"), &["--engine", "datafusion"]);
        from_aggregate(&t.path("agg-datafusion"), &t.path("from-datafusion"));
        assert_same_tables(&case, &t.path("plain"), &t.path("from-datafusion"), "DataFusion");
        {
            let _one = SPARK.lock().unwrap_or_else(|e| e.into_inner());
            aggregate(&t.path("shards"), &t.path("agg-spark"), &["--master", "local[2]"]);
        }
        assert_same_aggregate(&t.path("agg-datafusion"), &t.path("agg-spark"));
        from_aggregate(&t.path("agg-spark"), &t.path("from-spark"));
        assert_same_tables(&case, &t.path("plain"), &t.path("from-spark"), "Spark local[2]");
        let info = util::read_json(&t.path("agg-spark/aggregate.json"));
        assert_eq!(info["engine"], "spark");
        assert_eq!(info["inputs"].as_array().map(Vec::len), Some(case.inputs.len()));
    }
}

/// X v2 pages whose hashtags test the pair rules: three accounts post the
/// same 31 distinct hashtags (one repeated), past the 25 that pairs count;
/// reposts repeat them (never counted) and one page repeats a tweet (read
/// once); a topic's hashtags in another case put posts on two topics.
fn tagged_pages(dir: &Path) -> Case {
    let tweet = |id: u32, author: u32, tags: &[String], repost_of: Option<u32>| {
        let entities: Vec<String> = tags.iter().map(|t| format!(r#"{{"tag":"{t}"}}"#)).collect();
        let text: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
        let refs =
            repost_of.map_or(String::new(), |r| format!(r#","referenced_tweets":[{{"type":"retweeted","id":"{r}"}}]"#));
        format!(
            r#"{{"id":"{id}","author_id":"{author}","text":"{}","created_at":"2026-03-0{}T10:00:00.000Z","entities":{{"hashtags":[{}]}}{refs}}}"#,
            text.join(" "),
            1 + id % 9,
            entities.join(",")
        )
    };
    let users = r#""includes":{"users":[{"id":"1","username":"ana"},{"id":"2","username":"ben"},{"id":"3","username":"cho"},{"id":"4","username":"dee"}]}"#;
    let many: Vec<String> =
        ["RWE".to_string(), "t00".to_string()].into_iter().chain((0..30).map(|i| format!("t{i:02}"))).collect();
    let few = |v: &[&str]| -> Vec<String> { v.iter().map(|s| s.to_string()).collect() };
    let pages = [
        vec![tweet(10, 1, &many, None), tweet(11, 2, &many, None), tweet(12, 3, &many[..20], None)],
        vec![tweet(20, 4, &many, Some(10)), tweet(21, 4, &many, Some(11)), tweet(22, 2, &many, Some(10))],
        vec![
            tweet(10, 1, &many, None),
            tweet(30, 1, &few(&["Vaccines", "hpv", "t05"]), None),
            tweet(31, 2, &few(&["vaccines", "HPV", "t05", "rwe"]), None),
            tweet(32, 3, &few(&["t05", "t06"]), None),
        ],
    ];
    let lines: Vec<String> = pages.iter().map(|p| format!(r#"{{"data":[{}],{users}}}"#, p.join(","))).collect();
    std::fs::create_dir_all(dir).expect("input folder");
    std::fs::write(dir.join("tags.jsonl"), lines.join("\n") + "\n").expect("write the pages");
    Case { name: "hashtags", dir: dir.to_path_buf(), inputs: vec!["tags.jsonl"] }
}

#[test]
#[ignore = "needs scale/requirements.txt (DOLGRAPH_SCALE_PYTHON)"]
fn datafusion_counts_hashtags_and_pairs_as_plain_analyze() {
    let t = TestDir::new();
    let case = tagged_pages(&t.path("in"));
    plain(&case, &t.path("plain"));
    let pairs = std::fs::read_to_string(t.path("plain/hashtag_pairs.csv")).expect("hashtag_pairs.csv");
    assert!(pairs.lines().count() > 25 * 24 / 2, "the pairs of the first 25 tags, and the vaccine tags:\n{pairs}");
    for past in ["t24", "t29"] {
        assert!(!pairs.contains(past), "{past} is past the 25th distinct tag of every post using it:\n{pairs}");
    }
    extract(&case, &t.path("shards"));
    aggregate(&t.path("shards"), &t.path("agg"), &["--engine", "datafusion"]);
    from_aggregate(&t.path("agg"), &t.path("from-agg"));
    assert_same_tables(&case, &t.path("plain"), &t.path("from-agg"), "DataFusion");
}

/// A Spark standalone master and two one-core workers on 127.0.0.1,
/// stopped when dropped.
struct Cluster {
    master: String,
    work: PathBuf,
    processes: Vec<Child>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Cluster {
    fn start(dir: &Path) -> Cluster {
        let o = Command::new(python())
            .args(["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"])
            .output()
            .expect("find pyspark");
        assert!(o.status.success(), "{}", stderr(&o));
        let home = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
        let class = home.join("bin/spark-class");
        let work = dir.join("spark-work");
        std::fs::create_dir_all(&work).expect("work dir");
        let port = free_port();
        let master = format!("spark://127.0.0.1:{port}");
        let spawn = |log: &str, args: &[String]| -> Child {
            let log = std::fs::File::create(dir.join(log)).expect("log file");
            Command::new(&class)
                .args(args)
                .env("SPARK_HOME", &home)
                .env("SPARK_LOCAL_IP", "127.0.0.1")
                .env("SPARK_WORKER_DIR", &work)
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("start a Spark daemon")
        };
        let mut cluster = Cluster { master: master.clone(), work: work.clone(), processes: Vec::new() };
        let p = |n: u16| n.to_string();
        cluster.processes.push(spawn(
            "master.log",
            &[
                "org.apache.spark.deploy.master.Master".into(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                p(port),
                "--webui-port".into(),
                p(free_port()),
            ],
        ));
        wait_for("the Spark master listens", Duration::from_secs(120), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        for w in 0..2 {
            cluster.processes.push(spawn(
                &format!("worker-{w}.log"),
                &[
                    "org.apache.spark.deploy.worker.Worker".into(),
                    "--host".into(),
                    "127.0.0.1".into(),
                    "--cores".into(),
                    "1".into(),
                    "--memory".into(),
                    "1g".into(),
                    "--webui-port".into(),
                    p(free_port()),
                    master.clone(),
                ],
            ));
        }
        wait_for("both workers register with the master", Duration::from_secs(120), || {
            (0..2).all(|w| {
                std::fs::read_to_string(dir.join(format!("worker-{w}.log")))
                    .is_ok_and(|l| l.contains("Successfully registered with master"))
            })
        });
        cluster
    }

    /// The executors the workers run now (their working folders are
    /// under the cluster's work folder).
    fn executors(&self) -> Vec<u32> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cwd = std::fs::read_link(entry.path().join("cwd")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains("CoarseGrainedExecutorBackend") && cwd.starts_with(&self.work)
            {
                found.push(pid);
            }
        }
        found
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for p in &mut self.processes {
            let _ = p.kill();
            let _ = p.wait();
        }
        // Executors the workers started end with their workers; any left
        // (a worker killed before it could stop them) are stopped here.
        for pid in self.executors() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }
}

#[test]
#[ignore = "needs Java 17 and scale/requirements.txt (DOLGRAPH_SCALE_PYTHON)"]
fn a_standalone_cluster_gives_the_same_result_with_an_executor_killed_mid_job() {
    let _one = SPARK.lock().unwrap_or_else(|e| e.into_inner());
    let t = TestDir::new();
    let cluster = Cluster::start(t.dir.path());
    for (case, kill) in [(sample(), true), (crossformat(), false)] {
        let base = t.path(case.name);
        std::fs::create_dir_all(&base).expect("case dir");
        let (shards, agg) = (base.join("shards"), base.join("agg-cluster"));
        plain(&case, &base.join("plain"));
        extract(&case, &shards);
        aggregate(&shards, &base.join("agg-datafusion"), &["--engine", "datafusion"]);
        let mut job = aggregate_cmd(&shards, &agg, &["--master", &cluster.master])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(base.join("aggregate.log")).expect("log"))
            .spawn()
            .expect("run scale/aggregate.py");
        if kill {
            // Once the job has written its first views (several jobs in),
            // one executor is killed; the worker starts another and Spark
            // runs the lost tasks again.
            let views = PathBuf::from(format!("{}.partial/_views", agg.display()));
            wait_for("the job writes its first views", Duration::from_secs(240), || {
                std::fs::read_dir(&views).is_ok_and(|d| d.count() >= 3) || job.try_wait().ok().flatten().is_some()
            });
            assert!(job.try_wait().expect("job").is_none(), "the job ended before an executor could be killed");
            let executors = cluster.executors();
            assert_eq!(executors.len(), 2, "two executors run the job: {executors:?}");
            let killed = Command::new("kill").args(["-9", &executors[0].to_string()]).status().expect("kill");
            assert!(killed.success(), "executor {} killed", executors[0]);
        }
        let status = job.wait().expect("aggregate.py");
        let log = std::fs::read_to_string(base.join("aggregate.log")).unwrap_or_default();
        assert!(status.success(), "aggregate.py on the cluster failed:\n{log}");
        assert_same_aggregate(&base.join("agg-datafusion"), &agg);
        from_aggregate(&agg, &base.join("from-cluster"));
        assert_same_tables(&case, &base.join("plain"), &base.join("from-cluster"), "the standalone cluster");
        if kill {
            // Each executor a worker starts has its own folder under the
            // application's: a third one is the replacement.
            let executors_started = std::fs::read_dir(&cluster.work)
                .expect("work dir")
                .flatten()
                .flat_map(|app| std::fs::read_dir(app.path()).into_iter().flatten().flatten())
                .count();
            assert!(executors_started > 2, "a worker started an executor in place of the killed one");
        }
    }
    drop(cluster);
}
