//! Text from strangers made visible: control characters (C0, DEL, C1)
//! and the bidirectional embeddings, overrides and isolates (the "Trojan
//! Source" characters, which reorder the text around them on screen) are
//! written as `\u{XXXX}` escapes, so a terminal, a spreadsheet or a
//! browser shows what is there instead of acting on it.
//!
//! Two forms. [`id`] is for values that identify something (account ids,
//! handles, hashtags): it also doubles every backslash, so it is
//! injective and two ids that differ only in a control character stay two
//! ids in every output. [`text`] is for prose (names, bios, messages): it
//! keeps backslashes, tabs and newlines as they are.
//!
//! Leaf module: used by the graph builder (once, on every account) and by
//! the places that print messages or reasons.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown as an escape: controls, the XML non-characters
/// U+FFFE and U+FFFF (which no XML output may hold), and the bidirectional
/// formatting characters LRE, RLE, PDF, LRO, RLO (U+202A-U+202E) and LRI,
/// RLI, FSI, PDI (U+2066-U+2069).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// An identifier with hidden characters escaped and `\` doubled: distinct
/// inputs give distinct outputs. Borrowed when there is nothing to do.
pub fn id(s: &str) -> Cow<'_, str> {
    escape(s, true, |_| false)
}

/// Prose with hidden characters escaped, tab, newline and carriage return
/// kept (a bio's line breaks are not an attack).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, false, |c| matches!(c, '\t' | '\n' | '\r'))
}

/// A one-line message: like [`text`], but only newlines are kept.
pub fn message(s: &str) -> Cow<'_, str> {
    escape(s, false, |c| c == '\n')
}

/// One of the forms above.
pub type Form = fn(&str) -> Cow<'_, str>;

/// `s` in `form`, reusing its allocation when nothing needed escaping (as
/// for almost every value).
pub fn apply(s: String, form: Form) -> String {
    match form(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(v) => v,
    }
}

fn escape(s: &str, double_backslash: bool, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    // Byte scan first: every hidden character is below 0x20, is 0x7F, or
    // starts with 0xC2 (C1), 0xE2 (U+202A.., U+2066..) or 0xEF (U+FFFE/F).
    let suspect = |b: &u8| *b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF) || (double_backslash && *b == b'\\');
    if !s.as_bytes().iter().any(suspect) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut changed = false;
    for c in s.chars() {
        if c == '\\' && double_backslash {
            out.push_str("\\\\");
            changed = true;
        } else if is_hidden(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
            changed = true;
        } else {
            out.push(c);
        }
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_escapes() {
        assert_eq!(id("x\u{1}"), "x\\u{0001}");
        assert_eq!(text("Dr \u{1b}[31mRed\u{7}"), "Dr \\u{001B}[31mRed\\u{0007}");
        assert_eq!(text("evil\u{202E}gnp.exe"), "evil\\u{202E}gnp.exe");
        assert_eq!(text("a\u{2066}b\u{85}c"), "a\\u{2066}b\\u{0085}c");
        assert_eq!(id("x\u{FFFF}"), "x\\u{FFFF}");
    }

    #[test]
    fn plain_values_are_borrowed_and_text_keeps_line_breaks() {
        for s in ["dr_ana", "Ángela Ruiz 🩺", "مرحبا", "did:plc:abc", "C:\\notes"] {
            assert!(matches!(text(s), Cow::Borrowed(_)), "{s}");
        }
        assert!(matches!(id("dr_ana"), Cow::Borrowed(_)));
        assert_eq!(text("line one\nline\ttwo\r\n"), "line one\nline\ttwo\r\n");
        assert_eq!(message("one\ttwo\nthree"), "one\\u{0009}two\nthree");
        // An en dash (0xE2 0x80 0x93) is not hidden.
        assert!(matches!(text("a – b"), Cow::Borrowed(_)));
    }

    #[test]
    fn ids_stay_distinct() {
        let ids = ["x\u{1}", "x\u{2}", "x\\u{0001}", "x\\", "x\\\\", "x", "x\u{FFFD}"];
        let mut shown: Vec<String> = ids.iter().map(|s| id(s).into_owned()).collect();
        shown.sort();
        shown.dedup();
        assert_eq!(shown.len(), ids.len(), "{shown:?}");
    }
}
