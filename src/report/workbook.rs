//! `dolgraph.xlsx`: the tables of the folder as one workbook, for the
//! reader who opens results in a spreadsheet. A CSV opened there loses
//! what it cannot say: a 19-digit X id becomes 1.63386E+18 and then a
//! different number, `=cmd` a formula. Here ids and names are text cells,
//! numbers are numbers, each sheet has a bold frozen header, an autofilter
//! and columns as wide as their contents.
//!
//! Made from the folder's own CSV files after they are written (the one
//! source of the values), with rust_xlsxwriter. Same bytes for the same
//! tables: the document's creation time is fixed, and the zip entries
//! carry none.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};

use super::folder::{Row, Table};
use crate::error::{Error, Result};

/// The file name in the output folder.
pub const FILE: &str = "dolgraph.xlsx";

/// Most account rows in the Accounts sheet: Excel takes 1,048,576 rows,
/// but a reader of a workbook reads the top of it, and the Higgs graph's
/// 200,000 rows made a 17.5 MB workbook that cost more than the analysis
/// (1.3 s on a quiet machine). Above it, the top accounts by dol_score,
/// and a note says so; accounts.csv keeps every account.
pub const MAX_ACCOUNT_ROWS: usize = 20_000;

/// Columns always written as text, whatever they look like: ids (X ids are
/// numbers longer than a spreadsheet keeps), names, handles and words.
const TEXT_COLUMNS: &[&str] = &[
    "id",
    "handle",
    "name",
    "topic",
    "why",
    "persona",
    "platform",
    "url",
    "bio",
    "persona_rule",
    "languages",
    "top_handles",
    "top_hashtags",
    "source",
    "target",
    "kind",
    "post_id",
    "text",
    "period_start",
    "period_end",
    "status",
    "person",
    "on_roster",
    "handles",
    "platforms",
    "candidates",
    "link",
    "domain",
    "top_sharers",
    "topics",
    "communities",
    "hashtag",
    "a",
    "b",
    "top_topic",
];

/// Widest column, in characters: longer cells (a `why`, a bio) wrap in the
/// formula bar, not across the screen.
const MAX_WIDTH: usize = 60;

/// Writes `dir/dolgraph.xlsx` from `topics.csv` (and, with a roster, the
/// sheet "Leading, not on the roster" from it), `roster.csv`, `evidence.csv`,
/// `movers.csv` and `trends.csv` (when present), `accounts.csv`,
/// `communities.csv`, `links.csv`, `hashtags.csv` and `hashtag_pairs.csv` in `dir`.
pub fn write(dir: &Path) -> Result<()> {
    write_capped(dir, MAX_ACCOUNT_ROWS)
}

fn write_capped(dir: &Path, max_accounts: usize) -> Result<()> {
    let path = dir.join(FILE);
    let failed = |e: XlsxError| Error::Write { path: path.clone(), source: std::io::Error::other(e) };
    let mut book = Workbook::new();
    // A fixed creation time: the same tables give the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(failed)?;
    book.set_properties(&DocProperties::new().set_title("dolgraph results").set_creation_datetime(&created));
    // Rows go to temporary files as they are written (the constant-memory
    // mode: no cell map, strings inline), in the folder being written, and
    // deflate at level 3. The Higgs workbook (when it had 200,000 account
    // rows): 4.8 s and 15 MB in the default mode, 1.3 s and 17.5 MB so.
    book.set_tempdir(dir).map_err(failed)?;
    book.set_zip_compression_level(3);
    let header = Format::new().set_bold();
    for (sheet, file) in [
        ("Topics", "topics.csv"),
        ("Roster", "roster.csv"),
        ("Evidence", "evidence.csv"),
        ("Movers", "movers.csv"),
        ("Trends", "trends.csv"),
        ("Accounts", "accounts.csv"),
        ("Communities", "communities.csv"),
        ("Links", "links.csv"),
        ("Hashtags", "hashtags.csv"),
        ("Hashtag pairs", "hashtag_pairs.csv"),
    ] {
        let cap = if matches!(sheet, "Accounts" | "Links" | "Hashtags" | "Hashtag pairs") {
            max_accounts
        } else {
            usize::MAX
        };
        let Some(table) = Sheet::read(dir, file, cap)? else { continue };
        let ws = book.add_worksheet_with_constant_memory().map_err(failed)?;
        ws.set_name(sheet).map_err(failed)?;
        fill(ws, &table, &header).map_err(failed)?;
        if sheet == "Topics"
            && let Some((columns, topics)) = super::not_on_roster::read(dir)?
        {
            let rows: Vec<Row> = topics.into_iter().flat_map(|(_, rows)| rows).collect();
            let table = Sheet { header: columns, total: rows.len(), rows };
            let ws = book.add_worksheet_with_constant_memory().map_err(failed)?;
            ws.set_name(super::not_on_roster::TITLE).map_err(failed)?;
            fill(ws, &table, &header).map_err(failed)?;
        }
    }
    let bytes = book.save_to_buffer().map_err(failed)?;
    std::fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })
}

/// The rows of a CSV table of the folder that go into its sheet.
struct Sheet {
    header: Vec<String>,
    /// In the sheet's order.
    rows: Vec<Row>,
    /// Rows in the table (more than `rows` when capped).
    total: usize,
}

impl Sheet {
    /// `dir/file` streamed, `None` when the folder does not have it: every
    /// row when there are at most `cap`, else the top `cap` by `dol_score`
    /// (ties in table order; the first `cap` without the column). Only
    /// about twice `cap` rows are held at once, not the table: holding the
    /// 10M-interaction graph's million account rows took hundreds of MB
    /// while the other outputs were drawn beside the workbook.
    fn read(dir: &Path, file: &str, cap: usize) -> Result<Option<Sheet>> {
        let Some(mut t) = Table::open_if_present(dir, file)? else { return Ok(None) };
        let header: Vec<String> = t.header().map(str::to_string).collect();
        let score = header.iter().position(|h| h == "dol_score");
        // (score, index in the table, row): each score parsed once.
        let mut kept: Vec<(f64, usize, Row)> = Vec::new();
        let by_score = |a: &(f64, usize, Row), b: &(f64, usize, Row)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let top = |kept: &mut Vec<(f64, usize, Row)>| {
            if kept.len() > cap {
                if cap > 0 {
                    kept.select_nth_unstable_by(cap - 1, by_score);
                }
                kept.truncate(cap);
            }
        };
        let mut total = 0;
        while let Some(row) = t.next_row()? {
            total += 1;
            match score {
                Some(col) => {
                    kept.push((row.get(col).parse::<f64>().unwrap_or(0.0), total - 1, row));
                    if kept.len() >= cap.saturating_mul(2).max(1024) {
                        top(&mut kept);
                    }
                }
                None if kept.len() < cap => kept.push((0.0, total - 1, row)),
                None => {}
            }
        }
        if total > cap && score.is_some() {
            top(&mut kept);
            kept.sort_unstable_by(by_score);
        }
        Ok(Some(Sheet { header, rows: kept.into_iter().map(|(_, _, row)| row).collect(), total }))
    }
}

/// Writes `table` into `ws`, its rows in their order, and a note when they
/// are the top of a larger table.
fn fill(ws: &mut Worksheet, table: &Sheet, header: &Format) -> std::result::Result<(), XlsxError> {
    let text: Vec<bool> = table.header.iter().map(|h| TEXT_COLUMNS.contains(&h.as_str())).collect();
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, header)?;
    }
    for (r, cells) in table.rows.iter().enumerate() {
        let row = (r + 1) as u32;
        for c in 0..cells.len().min(table.header.len()) {
            let cell = cells.get(c);
            if cell.is_empty() {
                continue;
            }
            // A guarded cell is text that looks like a number or a formula:
            // a text cell here, never a number.
            let guarded = cells.guarded(c);
            let col = c as u16;
            match cell.parse::<f64>() {
                Ok(v) if !text[c] && !guarded && v.is_finite() => ws.write_number(row, col, v)?,
                _ => ws.write_string(row, col, cell)?,
            };
            if r < 1000 {
                widths[c] = widths[c].max((cell.chars().count() + usize::from(guarded)).min(MAX_WIDTH) + 1);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = table.header.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    if table.rows.len() < table.total {
        let note = format!(
            "{} of {} accounts: the top {} by dol_score (the whole table is accounts.csv)",
            table.rows.len(),
            table.total,
            table.rows.len()
        );
        ws.insert_note(0, 0, &Note::new(note).set_author("dolgraph"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};

    #[test]
    fn a_long_table_streamed_keeps_the_top_rows_with_ties_in_table_order() {
        // Past 1024 rows held, the rows are cut to the cap as they come:
        // the result must be that of sorting the whole table.
        let t = tempfile::tempdir().expect("tempdir");
        let mut csv = String::from("id,dol_score\n");
        for i in 0..5000u32 {
            csv.push_str(&format!("{i},{}\n", (i * 7919) % 13));
        }
        std::fs::write(t.path().join("accounts.csv"), csv).expect("write");
        let sheet = Sheet::read(t.path(), "accounts.csv", 40).expect("read").expect("present");
        let mut want: Vec<u32> = (0..5000).collect();
        want.sort_by_key(|&i| (std::cmp::Reverse((i * 7919) % 13), i));
        let got: Vec<u32> = sheet.rows.iter().map(|r| r.get(0).parse().expect("id")).collect();
        assert_eq!(got, want[..40]);
        assert_eq!(sheet.total, 5000);
    }

    #[test]
    fn above_the_cap_the_accounts_sheet_holds_the_top_by_dol_score() {
        let t = tempfile::tempdir().expect("tempdir");
        let rows = "id,handle,dol_score\n1,a,0.5\n2,b,2\n3,c,0.5\n4,d,7\n5,e,1\n";
        std::fs::write(t.path().join("accounts.csv"), rows).expect("write");
        write_capped(t.path(), 3).expect("workbook");
        let mut book: Xlsx<_> = open_workbook(t.path().join(FILE)).expect("open");
        let sheet = book.worksheet_range("Accounts").expect("sheet");
        let ids: Vec<Data> = sheet.rows().skip(1).map(|r| r[0].clone()).collect();
        let text = |s: &str| Data::String(s.into());
        assert_eq!(ids, [text("4"), text("2"), text("5")]);
        assert!(book.sheet_names().iter().all(|n| n != "Topics"), "no topics.csv, no Topics sheet");
    }
}
