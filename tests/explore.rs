//! explore.html (issue 19): the page's data against the tables, its
//! policy, `render` writing the same bytes, the budget on a graph larger
//! than it; and, in real headless Chromium driven by Selenium
//! (tests/data/explore/check_page.py), that it loads with no request and no
//! console error, draws, searches, filters by topic, stays quick on 20,000
//! accounts, and shows hostile names as text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use base64::Engine as _;
use sha2::Digest as _;

use crate::generate;
use crate::util::{TestDir, assert_ok, read_csv, root};

fn sample(t: &TestDir, out: &str) -> PathBuf {
    let mut args: Vec<String> = ["analyze", "--out", out, "-q", "--topics"].iter().map(|s| s.to_string()).collect();
    args.push(root().join("data/topics.toml").display().to_string());
    for f in ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"] {
        args.push(root().join("data/sample").join(f).display().to_string());
    }
    assert_ok(&t.run(&args.iter().map(String::as_str).collect::<Vec<_>>()));
    t.path(out)
}

/// The same hostile records as the graph-file tests: markup, quotes and
/// entities in handles and names.
const HOSTILE: &str = "post_id,author,created_at,text,mentions,hashtags,author_name\n\
1,<script>alert(1)</script>,2026-01-01T00:00:00Z,\"hi @bob\",bob,\"<b>x</b>\",\"Dr \"\"Q\"\" &amp; <i>co</i> ]]> evil\"\n\
2,bob,2026-01-01T00:01:00Z,\"hi\",<script>alert(1)</script>,rwe,\"Bob\"\n\
3,\"a'b\"\"&c\",2026-01-01T00:02:00Z,\"hi\",bob,,\"</script><script>alert(2)</script>\"\n\
4,evil,2026-01-01T00:03:00Z,\"hi @<script>alert(1)</script>\",bob,\"]]>\",\"<img src=x onerror=alert(1)>\"\n";

/// A graph of 23,760 accounts and about 100,000 links (benches' generator,
/// heavy-tailed targets), analyzed with sampled betweenness and no
/// pictures, so it takes a few seconds.
fn large(t: &TestDir) -> PathBuf {
    let mut edges = Vec::new();
    generate::edge_list(&mut edges, 24_000, 100_000, 7).expect("generate");
    t.write("edges.txt", edges);
    let args = [
        "analyze",
        "edges.txt",
        "--out",
        "big",
        "-q",
        "--exact-betweenness-max",
        "1000",
        "--betweenness-epsilon",
        "0.1",
        "--max-pictures",
        "0",
    ];
    assert_ok(&t.run(&args));
    t.path("big")
}

/// The page's inline script, its data block (parsed) and its policy.
struct Page {
    html: String,
    data: serde_json::Value,
    script: String,
    policy: String,
}

fn read_page(out: &Path) -> Page {
    let html = std::fs::read_to_string(out.join("explore.html")).expect("explore.html");
    let between = |open: &str, close: &str| -> String {
        let at = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
        let len = html[at..].find(close).unwrap_or_else(|| panic!("no {close} after {open}"));
        html[at..at + len].to_string()
    };
    let json = between("<script type=\"application/json\" id=\"data\">", "</script>");
    let script = between("</script>\n<script>", "</script>");
    let policy = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    let data = serde_json::from_str(&json).expect("the data block is JSON");
    Page { html, data, script, policy }
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|x| x.as_str().expect("string").to_string()).collect()
}

#[test]
fn sample_page_holds_the_tables_and_render_writes_the_same_bytes() {
    let t = TestDir::new();
    let out = sample(&t, "out");
    let page = read_page(&out);
    // Only our script runs, by its hash; no request of any kind.
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(page.script.as_bytes()));
    assert!(page.policy.starts_with("default-src 'none';"), "{}", page.policy);
    assert!(page.policy.contains(&format!("script-src 'sha256-{hash}'")), "{}", page.policy);
    assert!(!page.policy.contains("unsafe-inline'; script") && !page.policy.contains("script-src 'unsafe"));
    let lower = page.html.to_lowercase();
    for bad in ["src=", "<link", "@import", "fetch(", "xmlhttprequest", "innerhtml", "insertadjacenthtml", "eval("] {
        assert!(!lower.contains(bad), "explore.html has {bad}");
    }
    let style = &lower[lower.find("<style>").expect("style")..lower.find("</style>").expect("style end")];
    assert!(!style.contains("url("), "the style loads something");
    assert_eq!(lower.matches("<script").count(), 2, "the data block and the script");

    // Every account of the sample, with the tables' values.
    let accounts = read_csv(&out.join("accounts.csv"));
    let d = &page.data;
    let handles = strings(&d["accounts"]["handle"]);
    assert_eq!(handles.len(), accounts.len());
    assert_eq!(d["left_out"]["accounts"], 0);
    let names = strings(&d["accounts"]["name"]);
    let urls = strings(&d["accounts"]["url"]);
    let communities = d["accounts"]["community"].as_array().expect("communities");
    let mut page_rows: Vec<(String, String, String, String)> = (0..handles.len())
        .map(|i| (handles[i].clone(), names[i].clone(), urls[i].clone(), communities[i].to_string()))
        .collect();
    let mut table_rows: Vec<(String, String, String, String)> = accounts
        .iter()
        .map(|r| (r["handle"].clone(), r["name"].clone(), r["url"].clone(), r["community"].clone()))
        .collect();
    page_rows.sort();
    table_rows.sort();
    assert_eq!(page_rows, table_rows, "the page's accounts are accounts.csv's");
    // Largest communities first.
    let labels: Vec<u64> = communities.iter().map(|c| c.as_u64().expect("label")).collect();
    assert!(labels.windows(2).all(|w| w[0] <= w[1]));
    // Each topic's rows are topics.csv's, in rank order.
    let topics = read_csv(&out.join("topics.csv"));
    let io: Vec<&BTreeMap<String, String>> = topics.iter().filter(|r| r["topic"] == "immuno-oncology").collect();
    let t0 = d["topics"].as_array().expect("topics").iter().find(|t| t["name"] == "immuno-oncology").expect("topic");
    let rows = t0["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), io.len());
    for (row, want) in rows.iter().zip(&io) {
        assert_eq!(handles[row[0].as_u64().expect("account") as usize], want["handle"]);
        assert_eq!(row[1].as_u64().map(|r| r.to_string()).as_deref(), Some(want["rank"].as_str()));
        assert_eq!(row[3].as_str(), Some(want["why"].as_str()));
    }
    assert!(d["posts"].as_array().is_some_and(|p| p.len() > 100), "evidence posts are in the page");
    // Links: each pair once, no more than edges.csv has rows.
    let links = d["links"].as_array().expect("links");
    assert_eq!(links.len() % 3, 0);
    assert!(links.len() / 3 > 1000 && links.len() / 3 <= read_csv(&out.join("edges.csv")).len());

    // render draws the same page from the folder (positions recomputed
    // from edges.csv with the manifest's seed).
    let before = std::fs::read(out.join("explore.html")).expect("page");
    assert_ok(&t.run(&["render", "--from", "out", "-q"]));
    assert_eq!(
        std::fs::read(out.join("explore.html")).expect("rendered page"),
        before,
        "render's explore.html differs"
    );
    assert_ok(&t.run(&["verify", "out"]));
}

#[test]
fn a_pseudonymised_page_says_so_and_render_keeps_its_bytes() {
    let t = TestDir::new();
    t.write("key", "a key of more than sixteen bytes");
    let sample = root().join("data/sample/x-v2.jsonl").display().to_string();
    assert_ok(&t.run(&["analyze", &sample, "--pseudonymize", "key", "--out", "out", "-q"]));
    let page = read_page(&t.path("out"));
    assert_eq!(page.data["pseudonymized"], true);
    assert!(strings(&page.data["accounts"]["handle"]).iter().all(|h| h.starts_with("user-")));
    assert!(strings(&page.data["accounts"]["url"]).iter().all(String::is_empty));
    let before = std::fs::read(t.path("out/explore.html")).expect("page");
    assert_ok(&t.run(&["render", "--from", "out", "-q"]));
    assert_eq!(std::fs::read(t.path("out/explore.html")).expect("page"), before, "render's page differs");
}

#[test]
fn hostile_names_cannot_leave_the_data_block() {
    let t = TestDir::new();
    t.write("hostile.csv", HOSTILE);
    assert_ok(&t.run(&["analyze", "hostile.csv", "--out", "out", "-q"]));
    let page = read_page(&t.path("out"));
    let at = page.html.find("id=\"data\">").expect("data block");
    let block = &page.html[at..at + page.html[at..].find("</script>").expect("end")];
    assert!(!block[10..].contains('<') && !block.contains("onerror=alert(1)>"), "markup in the data block");
    let handles = strings(&page.data["accounts"]["handle"]);
    let names = strings(&page.data["accounts"]["name"]);
    assert!(handles.iter().any(|h| h == "<script>alert(1)</script>"), "{handles:?}");
    assert!(names.iter().any(|n| n == "<img src=x onerror=alert(1)>"), "{names:?}");
    assert!(names.iter().any(|n| n == "</script><script>alert(2)</script>"), "{names:?}");
}

#[test]
fn a_graph_past_the_budget_is_cut_to_its_largest_communities() {
    let t = TestDir::new();
    let out = large(&t);
    let page = read_page(&out);
    let d = &page.data;
    let accounts = read_csv(&out.join("accounts.csv"));
    let drawn = d["accounts"]["handle"].as_array().expect("handles").len();
    assert_eq!(drawn, 20_000);
    assert_eq!(d["left_out"]["accounts"].as_u64(), Some((accounts.len() - drawn) as u64));
    // Whole communities from the largest; only the last one drawn is cut,
    // to its highest DOL scores.
    let mut size: BTreeMap<u64, u64> = BTreeMap::new();
    for r in &accounts {
        *size.entry(r["community"].parse().expect("label")).or_default() += 1;
    }
    let shown = d["communities"].as_array().expect("communities");
    for (i, c) in shown.iter().enumerate() {
        let k = c["id"].as_u64().expect("id");
        assert_eq!(k, i as u64, "communities in label order, none skipped");
        assert_eq!(c["size"].as_u64(), Some(size[&k]));
        if i + 1 < shown.len() {
            assert_eq!(c["shown"], c["size"], "community {k} is drawn whole");
        }
    }
    let last = shown.last().expect("a community").clone();
    let cut = last["id"].as_u64().expect("id").to_string();
    let mut scores: Vec<f64> =
        accounts.iter().filter(|r| r["community"] == cut).map(|r| r["dol_score"].parse().expect("score")).collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    let shown_scores: Vec<f64> = d["accounts"]["score"].as_array().expect("scores")
        [drawn - last["shown"].as_u64().expect("shown") as usize..]
        .iter()
        .map(|s| s.as_f64().expect("score"))
        .collect();
    let lowest_shown = shown_scores.iter().copied().fold(f64::INFINITY, f64::min);
    let best_left = scores.get(shown_scores.len()).copied().unwrap_or(f64::NEG_INFINITY);
    assert!(lowest_shown >= best_left * 0.999, "the cut community keeps its top scores: {lowest_shown} < {best_left}");
    let bytes = page.html.len();
    eprintln!(
        "explore.html of 23,760 accounts: {bytes} bytes, {} links drawn",
        d["links"].as_array().map_or(0, Vec::len) / 3
    );
    assert!(bytes < 15_000_000, "{bytes} bytes");
}

// ------------------------------------------------------------ in Chromium

/// A Python with Selenium: $DOLGRAPH_EXPLORE_PYTHON (set by .ci/run), or a
/// venv under the target folder made on first use from the pinned
/// requirements.
fn selenium_python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Some(p) = std::env::var_os("DOLGRAPH_EXPLORE_PYTHON") {
                return PathBuf::from(p);
            }
            let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explore-venv");
            let python = venv.join("bin/python");
            let ready = || Command::new(&python).args(["-c", "import selenium"]).status().is_ok_and(|s| s.success());
            if !ready() {
                let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().expect("run python3");
                assert!(made.success(), "python3 -m venv failed: install python3-venv or set DOLGRAPH_EXPLORE_PYTHON");
                let requirements = root().join("tests/data/explore/requirements.txt");
                let pip = Command::new(venv.join("bin/pip"))
                    .args(["install", "-q", "-r"])
                    .arg(&requirements)
                    .status()
                    .expect("run pip");
                assert!(pip.success() && ready(), "cannot install Selenium into {}", venv.display());
            }
            python
        })
        .clone()
}

/// Opens `out/explore.html` in headless Chromium, searches `search`, picks
/// the topic at `topic` in the topic list; what the browser saw.
fn in_chromium(t: &TestDir, out: &Path, search: &str, topic: Option<usize>) -> serde_json::Value {
    let shots = t.path("shots");
    std::fs::create_dir_all(&shots).expect("shots");
    let mut cmd = Command::new(selenium_python());
    cmd.arg(root().join("tests/data/explore/check_page.py")).arg(out.join("explore.html")).arg(&shots).arg(search);
    if let Some(i) = topic {
        cmd.arg(i.to_string());
    }
    let run = cmd.output().expect("run check_page.py");
    assert!(run.status.success(), "check_page.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&run.stdout).expect("check_page.py prints JSON");
    // No console error (our own pixel readback may warn), no request.
    let errors: Vec<&serde_json::Value> =
        seen["console"].as_array().expect("console").iter().filter(|e| e["level"] == "SEVERE").collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let requests: Vec<String> = strings(&seen["requests"])
        .into_iter()
        // Chromium's own pages before the navigation, and in-memory data:
        // URIs (no network), are not the page's requests.
        .filter(|u| !u.starts_with("chrome://") && !u.starts_with("chrome-untrusted://") && !u.starts_with("data:"))
        .filter(|u| !(u.starts_with("file://") && u.ends_with("/explore.html")))
        .collect();
    assert!(requests.is_empty(), "the page made requests: {requests:?}");
    assert_eq!(seen["dialogs"], serde_json::json!([]), "a dialog opened");
    assert_eq!(seen["elements"], serde_json::json!({"img": 0, "script": 2, "iframe": 0}));
    seen
}

/// Share of the screenshot's canvas area (left of the side panel, below
/// the bar) that is not white.
fn ink_in_screenshot(path: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).expect("screenshot")));
    let mut reader = decoder.read_info().expect("png");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("frame");
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let (mut ink, mut all) = (0usize, 0usize);
    for y in h / 5..h * 9 / 10 {
        for x in 0..w * 2 / 3 {
            let p = &buf[(y * w + x) * channels..][..3];
            all += 1;
            ink += usize::from(p.iter().any(|&c| c < 235));
        }
    }
    ink as f64 / all as f64
}

#[test]
#[ignore = "needs Chromium and chromedriver"]
fn in_chromium_the_sample_loads_searches_and_filters() {
    let t = TestDir::new();
    let out = sample(&t, "out");
    // The planted DOL: immuno-oncology's first rank in topics.csv, searched
    // by a lower-cased prefix of its handle.
    let topics = read_csv(&out.join("topics.csv"));
    let dol = topics.iter().find(|r| r["topic"] == "immuno-oncology" && r["rank"] == "1").expect("rank 1").clone();
    let prefix: String = dol["handle"].to_lowercase().chars().take(8).collect();
    let seen = in_chromium(&t, &out, &prefix, Some(1));
    eprintln!("sample: ready {} ms after navigation, search {} ms", seen["ready_ms"], seen["search_ms"]);

    let panel = &seen["panel"];
    assert_eq!(panel["handle"].as_str(), Some(format!("@{}", dol["handle"]).as_str()));
    assert_eq!(panel["name"].as_str(), Some(dol["name"].as_str()));
    let ranks: Vec<(String, String)> = panel["topics"]
        .as_array()
        .expect("topic rows")
        .iter()
        .map(|r| (r[0].as_str().expect("topic").to_string(), r[1].as_str().expect("rank").to_string()))
        .collect();
    let names: Vec<String> = topics.iter().map(|r| r["topic"].clone()).fold(Vec::new(), |mut v, n| {
        if !v.contains(&n) {
            v.push(n)
        }
        v
    });
    for name in &names {
        let want = topics
            .iter()
            .find(|r| &r["topic"] == name && r["id"] == dol["id"])
            .map_or("not ranked".to_string(), |r| r["rank"].clone());
        assert!(ranks.contains(&(name.clone(), want.clone())), "{name}: rank {want} not in {ranks:?}");
    }
    let text = panel["text"].as_str().expect("panel text");
    assert!(text.contains(dol["why"].as_str()), "the why is shown");
    assert!(strings(&panel["links"]).contains(&dol["url"]), "the profile link");
    let evidence = read_csv(&out.join("evidence.csv"));
    let first_post = evidence.iter().find(|r| r["id"] == dol["id"]).expect("an evidence post");
    assert!(strings(&panel["links"]).contains(&first_post["url"]), "the top post's link");

    // The drawing is not blank, on the canvas and in the screenshot.
    let ink = seen["ink"].as_array().expect("ink");
    assert!(ink[0].as_f64().expect("n") > 0.02 * ink[1].as_f64().expect("all"), "canvas nearly blank: {ink:?}");
    let shot = ink_in_screenshot(&t.path("shots/loaded.png"));
    assert!(shot > 0.02, "screenshot nearly blank: {shot}");

    // The topic filter lists that topic's top 20, as topics.csv ranks them.
    assert_eq!(seen["topic"], names[0].as_str());
    let before = strings(&seen["top_before"]);
    let after = strings(&seen["top_after"]);
    assert_ne!(before, after, "the topic filter changed nothing");
    assert_eq!(after.len(), 20);
    let first20: Vec<&BTreeMap<String, String>> = topics.iter().filter(|r| r["topic"] == names[0]).take(20).collect();
    for (line, row) in after.iter().zip(&first20) {
        assert!(
            line.contains(&format!("(@{})", row["handle"])) && line.contains(&format!("#{}", row["rank"])),
            "{line}"
        );
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver"]
fn in_chromium_20000_accounts_are_interactive_within_seconds() {
    let t = TestDir::new();
    let out = large(&t);
    // The account with the highest DOL score, by its id-like handle.
    let accounts = read_csv(&out.join("accounts.csv"));
    let top = accounts
        .iter()
        .max_by(|a, b| a["dol_score"].parse::<f64>().expect("s").total_cmp(&b["dol_score"].parse().expect("s")))
        .expect("accounts");
    let seen = in_chromium(&t, &out, &top["handle"], None);
    let (ready, search) = (seen["ready_ms"].as_u64().expect("ready"), seen["search_ms"].as_u64().expect("search"));
    eprintln!(
        "20,000 of {} accounts: first drawing {ready} ms after navigation (wall {} ms), full frame {} ms, frame while zooming {} ms, at rest {} ms, search to panel {search} ms",
        accounts.len(),
        seen["wall_ms"],
        seen["frame_ms"],
        seen["moving_frame_ms"],
        seen["rest_frame_ms"]
    );
    let moving = seen["moving_frame_ms"].as_i64().expect("moving frame");
    assert!((0..1000).contains(&moving), "a frame while zooming took {moving} ms");
    assert_eq!(seen["panel"]["handle"].as_str(), Some(format!("@{}", top["handle"]).as_str()));
    assert!(
        seen["facts"].as_str().is_some_and(|f| f.starts_with("20,000 of 23,760 accounts drawn")),
        "{}",
        seen["facts"]
    );
    // Loose bounds (the issue asks for 3 s on a desktop; CI shares 2 cores
    // with other builds).
    assert!(ready < 10_000, "first drawing after {ready} ms");
    assert!(search < 5_000, "search took {search} ms");
    assert!(ink_in_screenshot(&t.path("shots/loaded.png")) > 0.02);
}

#[test]
#[ignore = "needs Chromium and chromedriver"]
fn in_chromium_hostile_names_show_as_text_and_run_nothing() {
    let t = TestDir::new();
    t.write("hostile.csv", HOSTILE);
    assert_ok(&t.run(&["analyze", "hostile.csv", "--out", "out", "-q"]));
    // in_chromium asserts no dialog, no <img>, no third script.
    let seen = in_chromium(&t, &t.path("out"), "<script", None);
    assert_eq!(seen["panel"]["handle"], "@<script>alert(1)</script>");
    assert!(seen["panel"]["name"].as_str().is_some_and(|n| n.contains("<i>co</i>")), "{}", seen["panel"]);
    let listed = strings(&seen["top_before"]).join("\n");
    assert!(listed.contains("<img src=x onerror=alert(1)>"), "{listed}");
    assert!(listed.contains("</script><script>alert(2)</script>"), "{listed}");
}
