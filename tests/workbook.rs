//! dolgraph.xlsx read back with calamine: the same rows and columns as the
//! CSV files, ids as text (a 19-digit X id survives), numbers as numbers,
//! hostile names as plain text, and the same bytes at any thread count.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::util::{TestDir, assert_ok, read_csv, root};

fn sample(t: &TestDir, out: &str, extra: &[&str]) {
    let mut args: Vec<String> = vec!["analyze".into(), "--out".into(), out.into(), "-q".into(), "--topics".into()];
    args.push(root().join("data/topics.toml").display().to_string());
    for f in ["data/sample/x-v2.jsonl", "data/sample/mastodon.jsonl", "data/sample/listening-export.csv"] {
        args.push(root().join(f).display().to_string());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_ok(&t.run(&args));
}

/// A sheet as rows of cells.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn sheets_hold_the_tables_rows_with_ids_as_text_and_numbers_as_numbers() {
    let t = TestDir::new();
    sample(&t, "out", &[]);
    let book = t.path("out/dolgraph.xlsx");
    for (name, file) in [
        ("Topics", "topics.csv"),
        ("Evidence", "evidence.csv"),
        ("Accounts", "accounts.csv"),
        ("Communities", "communities.csv"),
        ("Links", "links.csv"),
        ("Hashtags", "hashtags.csv"),
        ("Hashtag pairs", "hashtag_pairs.csv"),
    ] {
        let rows = sheet(&book, name);
        let csv = read_csv(&t.path("out").join(file));
        assert_eq!(rows.len(), csv.len() + 1, "{name}: a header and every row");
        let header: Vec<String> = rows[0].iter().map(cell_text).collect();
        let mut csv_reader = csv::Reader::from_path(t.path("out").join(file)).expect("csv");
        let csv_header: Vec<String> = csv_reader.headers().expect("header").iter().map(String::from).collect();
        assert_eq!(header, csv_header, "{name}: the CSV's columns");
        for (row, want) in rows[1..].iter().zip(&csv) {
            for (c, col) in header.iter().enumerate() {
                let cell = row.get(c).cloned().unwrap_or(Data::Empty);
                let v = &want[col];
                match col.as_str() {
                    "id" | "handle" | "name" | "url" | "post_id" | "text" | "link" | "communities" | "hashtag"
                    | "a" | "b" => {
                        assert!(matches!(cell, Data::String(_) | Data::Empty), "{name}.{col} = {cell:?}");
                        assert_eq!(&cell_text(&cell), v.trim_start_matches('\''), "{name}.{col}");
                    }
                    "score" | "pagerank" | "dol_score" | "size" | "rank" | "followers" | "engagements" | "posts"
                    | "lift" => {
                        if v.is_empty() {
                            assert_eq!(cell, Data::Empty);
                        } else {
                            let Data::Float(f) = cell else { panic!("{name}.{col} = {cell:?} is not a number") };
                            assert_eq!(f, v.parse::<f64>().expect("number"), "{name}.{col}");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // X ids are 19 digits: a spreadsheet keeps 15 of a number, all of a text.
    let accounts = sheet(&book, "Accounts");
    assert!(
        accounts
            .iter()
            .any(|r| matches!(&r[0], Data::String(s) if s.len() == 19 && s.bytes().all(|b| b.is_ascii_digit()))),
        "a 19-digit id kept as text"
    );
}

#[test]
fn same_bytes_at_any_thread_count_and_hostile_names_stay_text() {
    let t = TestDir::new();
    sample(&t, "one", &["--threads", "1"]);
    sample(&t, "two", &["--threads", "2"]);
    assert_eq!(
        std::fs::read(t.path("one/dolgraph.xlsx")).expect("one"),
        std::fs::read(t.path("two/dolgraph.xlsx")).expect("two")
    );
    t.write("hostile.csv", "post_id,author,author_name,text,mentions\n1,=cmd,\"=HYPERLINK(\"\"x\"\")\",hi @bob,bob\n2,bob,Bob,re @=cmd,=cmd\n");
    assert_ok(&t.run(&["analyze", "hostile.csv", "--out", "h", "-q"]));
    let accounts = sheet(&t.path("h/dolgraph.xlsx"), "Accounts");
    let handles: Vec<String> = accounts[1..].iter().map(|r| cell_text(&r[1])).collect();
    assert!(handles.contains(&"=cmd".to_string()), "{handles:?}: the handle as written, as text");
    let names: Vec<String> = accounts[1..].iter().map(|r| cell_text(&r[2])).collect();
    assert!(names.contains(&"=HYPERLINK(\"x\")".to_string()), "{names:?}");
}
