//! Community pictures: valid PNGs of slide size, SVGs that parse as XML,
//! hostile names escaped in SVG and DOT, the same bytes at any thread
//! count, `render --from` redrawing analyze's pictures, and the Graphviz
//! renderer (a clear error when Graphviz is missing).

use std::path::{Path, PathBuf};

use crate::util::{TestDir, assert_ok, root, shared, stderr};

fn sample_inputs() -> Vec<String> {
    ["x-v2.jsonl", "mastodon.jsonl", "listening-export.csv"]
        .iter()
        .map(|f| root().join("data/sample").join(f).display().to_string())
        .collect()
}

fn analyze(t: &TestDir, out: &str, inputs: &[String], extra: &[&str]) {
    let mut args: Vec<&str> = vec!["analyze", "--out", out, "-q"];
    args.extend(extra);
    args.extend(inputs.iter().map(String::as_str));
    assert_ok(&t.run(&args));
}

/// Every file under `dir/sub`, sorted, with its bytes.
fn files(dir: &Path, sub: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join(sub))
        .unwrap_or_else(|e| panic!("{}/{sub}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    out.sort();
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a decodable PNG frame");
    // Not a blank image: some pixels are far from white.
    let channels = info.color_type.samples();
    assert!(buf.chunks(channels).filter(|px| px[0] < 128).count() > 1000, "the picture is (nearly) blank");
    (info.width, info.height)
}

#[test]
fn sample_pictures_are_valid_slide_images() {
    let t = TestDir::new();
    analyze(&t, "out", &sample_inputs(), &[]);
    let out = t.path("out");
    let images = files(&out, "images");
    let names: Vec<&str> = images.iter().map(|f| f.0.as_str()).collect();
    assert!(names.contains(&"overview.png") && names.contains(&"overview.svg"), "{names:?}");
    assert!(names.contains(&"community-0.png") && names.contains(&"community-0.svg"), "{names:?}");
    let communities = crate::util::read_csv(&out.join("communities.csv"));
    let large = communities.iter().filter(|c| c["size"].parse::<usize>().expect("size") >= 10).count().min(12);
    assert_eq!(names.iter().filter(|n| n.starts_with("community-") && n.ends_with(".png")).count(), large);
    for (name, bytes) in &images {
        if name.ends_with(".png") {
            assert_eq!(png_size(bytes), (1920, 1080), "{name}");
        } else {
            let text = std::str::from_utf8(bytes).expect("UTF-8 SVG");
            let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(doc.descendants().filter(|n| n.has_tag_name("text")).count() >= 5, "{name} has few labels");
        }
    }
    // The top account of community 0 is labelled in its picture.
    let top = communities[0]["top_handles"].split(' ').next().expect("a top handle").to_string();
    let svg =
        String::from_utf8(images.iter().find(|f| f.0 == "community-0.svg").expect("svg").1.clone()).expect("utf8");
    // Named by display name beside the dot, by handle in the legend (a
    // Mastodon account as @user, its instance after it).
    let accounts = crate::util::read_csv(&out.join("accounts.csv"));
    let name = &accounts.iter().find(|a| a["handle"] == top).expect("top account")["name"];
    assert!(svg.contains(&format!(">{name}</text>")), "{name} not labelled");
    let user = top.split('@').next().expect("user");
    assert!(svg.contains(&format!(">@{user}")), "@{user} not in the legend");
    let dots = files(&out, "graphs");
    assert!(dots.iter().any(|f| f.0 == "community-0.dot") && dots.iter().any(|f| f.0 == "overview.dot"));
    let manifest = crate::util::read_json(&out.join("manifest.json"));
    assert!(manifest["timings_ms"]["pictures"].is_u64(), "pictures stage timed");
}

/// Posts among accounts with hostile handles and names.
fn hostile_csv(t: &TestDir) -> PathBuf {
    let evil = [
        ("<script>alert(1)</script>", "Bobby <b>Tables</b>"),
        ("a&b", "Q & \"A\""),
        ("\"]; evil", "name\"]; node [label=\"x"),
        ("rtl\u{202e}cod.exe", "\u{200f}mark\u{202b}ed"),
        ("quote'd", "back\\slash\\N"),
    ];
    let mut csv = String::from("post_id,author,created_at,text,reply_to,mentions,author_name\n");
    let mut id = 1;
    for (i, (a, an)) in evil.iter().enumerate() {
        for (j, (b, _)) in evil.iter().enumerate() {
            if i != j {
                let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                csv.push_str(&format!("{id},{},2024-01-01T00:00:00Z,hi #tag,{},,{}\n", q(a), q(b), q(an)));
                id += 1;
            }
        }
    }
    t.write("evil.csv", csv)
}

#[test]
fn hostile_names_are_escaped_in_svg_and_dot() {
    let t = TestDir::new();
    let input = hostile_csv(&t).display().to_string();
    analyze(&t, "out", &[input], &["--min-community-size", "2"]);
    let out = t.path("out");
    let accounts = crate::util::read_csv(&out.join("accounts.csv"));
    assert_eq!(accounts.len(), 5, "every hostile account is read");
    for (name, bytes) in files(&out, "images").iter().chain(files(&out, "graphs").iter()) {
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        if name.ends_with(".svg") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
            assert!(!text.contains("<script"), "{name}");
            if name.starts_with("community") {
                // Every account of the one community is labelled here.
                assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{name} lacks the escaped handle");
                assert!(text.contains("a&amp;b") && text.contains("&quot;]; evil"), "{name}");
            }
            assert!(!text.contains('\u{202e}') && !text.contains('\u{200f}'), "{name} keeps a direction mark");
        }
        if name.ends_with(".dot") {
            assert!(!text.contains('\u{202e}'), "{name} keeps a direction mark");
            if name.starts_with("community") {
                assert!(text.contains(r#"xlabel="\"]; evil""#), "{name}:\n{text}");
                assert!(text.contains(r#"xlabel="quote'd""#), "{name}");
                assert!(text.contains(r#"tooltip="back\\slash\\N""#), "{name}");
                assert!(text.contains(r#"tooltip="name\"]; node [label=\"x""#), "{name}");
            }
            // Every quote in the file is an escaped one or opens/closes a
            // string: an even number of unescaped quotes per line.
            for line in text.lines() {
                let unescaped = line.match_indices('"').filter(|(i, _)| !line[..*i].ends_with('\\')).count();
                assert_eq!(unescaped % 2, 0, "{name}: {line}");
            }
        }
    }
}

/// Graphviz's `dot -V` runs; `.ci/run` installs Graphviz.
fn assert_graphviz() {
    let o = std::process::Command::new("dot").arg("-V").output();
    assert!(
        o.is_ok_and(|o| o.status.success()),
        "this test needs Graphviz's dot on the PATH (apt-get install graphviz)"
    );
}

#[test]
#[ignore = "needs Graphviz (dot)"]
fn graphviz_reads_every_hostile_dot_file() {
    assert_graphviz();
    let t = TestDir::new();
    let input = hostile_csv(&t).display().to_string();
    analyze(&t, "out", &[input], &["--min-community-size", "2"]);
    let out = t.path("out");
    let dots = files(&out, "graphs");
    assert!(dots.len() >= 2);
    for (name, _) in dots {
        let o = std::process::Command::new("dot")
            .args(["-Tcanon", "-o", "/dev/null"])
            .arg(out.join("graphs").join(&name))
            .output()
            .expect("dot");
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn images_are_byte_identical_across_thread_counts() {
    let t = TestDir::new();
    analyze(&t, "one", &sample_inputs(), &["--threads", "1"]);
    analyze(&t, "two", &sample_inputs(), &["--threads", "2"]);
    for sub in ["images", "graphs"] {
        let (a, b) = (files(&t.path("one"), sub), files(&t.path("two"), sub));
        assert_eq!(a.len(), b.len());
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{sub}/{name} differs between --threads 1 and 2");
        }
    }
}

#[test]
fn render_redraws_analyze_pictures_and_takes_other_options() {
    let t = TestDir::new();
    analyze(&t, "out", &sample_inputs(), &["--seed", "7"]);
    let before = files(&t.path("out"), "images");
    // Same options (the seed comes from the manifest): the same bytes.
    let o = t.run(&["render", "--from", "out", "--threads", "2"]);
    assert_ok(&o);
    assert!(stderr(&o).contains("images"), "{}", stderr(&o));
    assert!(before == files(&t.path("out"), "images"), "render drew other pictures than analyze");
    // Other options: fewer, other pictures; no staging left behind.
    assert_ok(&t.run(&["render", "--from", "out", "-q", "--max-pictures", "2", "--accounts-per-picture", "5"]));
    let after = files(&t.path("out"), "images");
    assert_eq!(after.len(), 6, "{:?}", after.iter().map(|f| &f.0).collect::<Vec<_>>());
    let svg = String::from_utf8(after.iter().find(|f| f.0 == "community-0.svg").expect("svg").1.clone()).expect("utf8");
    assert!(svg.contains("top 5 accounts"));
    let left: Vec<String> = std::fs::read_dir(t.path("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn render_needs_an_output_folder() {
    let t = TestDir::new();
    std::fs::create_dir(t.path("empty")).expect("mkdir");
    let o = t.run(&["render", "--from", "empty"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("output folder of `dolgraph analyze`"), "{}", stderr(&o));
    let o = t.run(&["render", "--from", "empty", "--renderer", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use builtin or graphviz"), "{}", stderr(&o));
}

#[test]
fn graphviz_renderer_missing_is_a_clear_error() {
    let t = TestDir::new();
    let inputs = sample_inputs();
    // Without Graphviz on the PATH: exit 1, saying what to do.
    let empty = t.path("no-bin");
    std::fs::create_dir(&empty).expect("mkdir");
    let mut args: Vec<&str> = vec!["analyze", "--out", "gv", "-q", "--renderer", "graphviz"];
    args.extend(inputs.iter().map(String::as_str));
    let o = crate::util::dolgraph().current_dir(t.dir.path()).env("PATH", &empty).args(&args).output().expect("run");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("apt-get install graphviz") && err.contains("--renderer builtin"), "{err}");
    assert!(!t.path("gv").exists(), "a failed run leaves no output folder");
}

#[test]
#[ignore = "needs Graphviz (dot)"]
fn graphviz_renderer_draws_pictures_with_sfdp() {
    assert_graphviz();
    let t = TestDir::new();
    let inputs = sample_inputs();
    analyze(&t, "out", &inputs, &["--max-pictures", "2"]);
    assert_ok(&t.run(&["render", "--from", "out", "-q", "--renderer", "graphviz"]));
    for (name, bytes) in files(&t.path("out"), "images") {
        if name.ends_with(".png") {
            let (w, h) = png_size(&bytes);
            assert!(w >= 1000 && h >= 500, "{name}: {w}x{h}");
        } else {
            // Graphviz's SVG starts with a DOCTYPE.
            let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
            roxmltree::Document::parse_with_options(std::str::from_utf8(&bytes).expect("utf8"), opts)
                .expect("Graphviz SVG parses");
        }
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn vaccine_debate_pictures() {
    let dir = shared("vaccine-debate-2015");
    let t = TestDir::new();
    analyze(&t, "out", &[dir.join("vaccine_debate_data_labeled.csv").display().to_string()], &[]);
    let images = files(&t.path("out"), "images");
    assert!(images.len() >= 6, "{:?}", images.iter().map(|f| &f.0).collect::<Vec<_>>());
    for (name, bytes) in &images {
        if name.ends_with(".png") {
            assert_eq!(png_size(bytes), (1920, 1080), "{name}");
        }
    }
}

/// Boxes of what a picture draws in its plot area (left of the legend,
/// below the title): each text line, and each dot or circle.
fn plot_boxes(scene: &dolgraph::report::pictures::svg::Scene) -> (Vec<([f32; 4], String)>, Vec<[f32; 4]>) {
    use dolgraph::report::pictures::svg::{Anchor, Shape};
    use dolgraph::report::pictures::text;
    let inside = |x: f32, y: f32| x < 1460.0 && y > 110.0;
    let (mut texts, mut dots) = (Vec::new(), Vec::new());
    for shape in &scene.shapes {
        match shape {
            Shape::Text { at: [x, y], size, anchor, bold, text: t, .. } if inside(*x, *y) => {
                let w = text::width(t, *size) * if *bold { 1.08 } else { 1.0 };
                let x0 = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - w / 2.0,
                    Anchor::End => x - w,
                };
                texts.push(([x0, y - size * 0.93, x0 + w, y + size * 0.27], t.clone()));
            }
            Shape::Circle { centre: [x, y], r, .. } if inside(*x, *y) => dots.push([x - r, y - r, x + r, y + r]),
            Shape::Dots { centres, r, .. } => {
                dots.extend(centres.iter().filter(|c| inside(c[0], c[1])).map(|[x, y]| [x - r, y - r, x + r, y + r]))
            }
            _ => {}
        }
    }
    (texts, dots)
}

/// Labels overlap no other label and no dot (a label's own dot included:
/// it sits beside it, or at the end of a leader line).
fn assert_no_overlap(dir: &Path) {
    use dolgraph::report::folder::Folder;
    use dolgraph::report::pictures::{PictureInput, PictureSettings, community, pictured};
    let folder = Folder::read(dir).expect("an output folder");
    let input = PictureInput::from_folder(&folder);
    let settings = PictureSettings::default();
    let cut =
        |a: &[f32; 4], b: &[f32; 4]| a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
    let ks = pictured(&input, &settings);
    assert!(!ks.is_empty());
    let index = community::Index::new(&input, &ks);
    for k in ks {
        let scene = community::scene(&input, k, &index, &settings);
        let (texts, dots) = plot_boxes(&scene);
        assert!(texts.len() >= 8.min(input.communities[k as usize].size), "community {k}: {} labels", texts.len());
        for (i, (a, ta)) in texts.iter().enumerate() {
            for (b, tb) in &texts[i + 1..] {
                assert!(!cut(a, b), "community {k}: '{ta}' {a:?} overlaps '{tb}' {b:?}");
            }
            for d in &dots {
                // The circle, not its box: the point of the label's box
                // nearest the centre lies inside it.
                let (cx, cy, r) = ((d[0] + d[2]) / 2.0, (d[1] + d[3]) / 2.0, (d[2] - d[0]) / 2.0);
                let (nx, ny) = (cx.clamp(a[0], a[2]), cy.clamp(a[1], a[3]));
                let inside = (nx - cx).powi(2) + (ny - cy).powi(2) < (r - 0.5).max(0.0).powi(2);
                assert!(!inside, "community {k}: '{ta}' {a:?} covers a dot {d:?}");
            }
        }
    }
}

#[test]
fn sample_labels_overlap_no_label_and_no_dot() {
    let t = TestDir::new();
    let mut inputs = sample_inputs();
    inputs.extend(["--topics".into(), root().join("data/topics.toml").display().to_string()]);
    analyze(&t, "out", &inputs, &[]);
    assert_no_overlap(&t.path("out"));
}

#[test]
#[ignore = "needs ../shared/data"]
fn higgs_labels_overlap_no_label_and_no_dot() {
    let t = TestDir::new();
    let higgs = shared("snap-higgs-twitter").join("higgs-activity_time.txt.gz").display().to_string();
    analyze(&t, "out", &[higgs], &["--max-pictures", "4"]);
    assert_no_overlap(&t.path("out"));
}
