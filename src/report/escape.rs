//! Escaping for outputs other programs open. CSV cells that a spreadsheet
//! would run as a formula are neutralised with a leading apostrophe.

use std::borrow::Cow;

/// A text cell safe to open in a spreadsheet: cells starting with `=`, `+`,
/// `-`, `@`, tab or carriage return get a leading `'`. So that reading
/// back is exact ([`csv_text_read`]), a text that already starts with `'`
/// before such a cell (`'=x`) gets one too.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    if guarded_form(s) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// Whether [`csv_text`] puts a `'` before `s`.
fn guarded_form(s: &str) -> bool {
    let quotes = s.bytes().take_while(|&b| b == b'\'').count();
    matches!(s.as_bytes().get(quotes), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// Undoes [`csv_text`] for a cell read back from our own CSV: the cell's
/// value, whatever it was (`'=x` read back from `''=x`).
pub fn csv_text_read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if guarded_form(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("-1+2"), "'-1+2");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("dr_ana"), "dr_ana");
        assert_eq!(csv_text(""), "");
        assert_eq!(csv_text("'=x"), "''=x");
        assert_eq!(csv_text("'x"), "'x");
        for cell in ["=1", "-x", "plain", "'quoted", "", "'=x", "''-1", "'", "''"] {
            assert_eq!(csv_text_read(&csv_text(cell)), cell);
        }
    }
}
