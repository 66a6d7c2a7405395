//! Escaping for outputs other programs open. CSV cells that a spreadsheet
//! would run as a formula are neutralised with a leading apostrophe.

use std::borrow::Cow;

/// A text cell safe to open in a spreadsheet: cells starting with `=`, `+`,
/// `-`, `@`, tab or carriage return get a leading `'`.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Undoes [`csv_text`] for a cell read back from our own CSV.
pub fn csv_text_read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
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
        for cell in ["=1", "-x", "plain", "'quoted", ""] {
            assert_eq!(csv_text_read(&csv_text(cell)), cell);
        }
    }
}
