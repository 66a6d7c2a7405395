//! Escaping for XML (GEXF, GraphML) and HTML. Handles, display names and
//! hashtags come from strangers: they may hold `<`, `&`, quotes, `]]>`, or
//! control characters that XML 1.0 does not allow at all (not even as
//! character references). One escaper serves element text and attribute
//! values of both languages, so no caller has to know which characters
//! matter where.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether XML 1.0 allows `c` in a document (the `Char` production). Rust
/// strings hold no surrogates, so only controls and two non-characters fail.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` safe inside XML or HTML element text and quoted attribute values:
/// `& < > " '` become entities; tab, newline and carriage return become
/// character references (a parser would turn them into spaces inside an
/// attribute); characters XML 1.0 forbids become U+FFFD, so the reader sees
/// that something was there. Borrowed when nothing needs escaping, as for
/// most values.
pub fn escape(s: &str) -> Cow<'_, str> {
    // Byte scan first (this runs for every value of a large graph): in
    // UTF-8 the only forbidden characters above ASCII, U+FFFE and U+FFFF,
    // start with 0xEF, which then takes the careful path.
    let suspect = |b: &u8| *b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF);
    if !s.as_bytes().iter().any(suspect) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if !xml_allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_entities() {
        assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(escape("a &amp; \"b\" ]]>"), "a &amp;amp; &quot;b&quot; ]]&gt;");
        assert_eq!(escape("tab\there\nnl\r"), "tab&#9;here&#10;nl&#13;");
    }

    #[test]
    fn forbidden_characters_are_replaced_and_the_rest_kept() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFE}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        // Right-to-left marks and emoji are allowed XML and stay.
        assert_eq!(escape("\u{202E}dr 🩺"), "\u{202E}dr 🩺");
        assert!(matches!(escape("dr_ana"), Cow::Borrowed(_)));
    }
}
