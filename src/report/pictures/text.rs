//! Text in pictures: handles, names and hashtags are hostile input, so
//! every label is cleaned (control and bidirectional-override characters
//! removed: they are invalid in XML or reorder what follows) and escaped for
//! the format it goes into. Widths are measured on the bundled font, so
//! label placement knows how much room a label takes.

use std::sync::OnceLock;

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// DejaVu Sans (Bitstream Vera licence, fonts/DejaVuSans-LICENSE.txt):
/// bundled so that pictures render the same on a machine without fonts.
pub static FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// The family name the SVG asks for; the only font the renderer knows.
pub const FAMILY: &str = "DejaVu Sans";

/// `s` without characters that are invalid in XML 1.0 or that change the
/// direction of the text around them (U+200E/F, U+202A-E, U+2066-9), with
/// runs of whitespace made one space.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let bidi = matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        let bad = ch.is_control() || bidi || matches!(ch, '\u{fffe}' | '\u{ffff}');
        if ch.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !bad {
            out.push(ch);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Cleaned and escaped for XML text and attribute values.
pub fn xml(s: &str) -> String {
    crate::report::markup::escape(&clean(s)).into_owned()
}

/// Cleaned and quoted as a DOT string: `"` and `\` escaped, so nothing in
/// a name can close the string or start an escape such as `\N`.
pub fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in clean(s).chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

/// At most `max` characters of `s`, with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Advance widths of the bundled font's glyphs per character, in em.
struct Metrics {
    ascii: [f32; 128],
    fallback: f32,
    font: skrifa::FontRef<'static>,
}

fn metrics() -> Option<&'static Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| {
        let font = skrifa::FontRef::new(FONT).ok()?;
        let gm = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let cmap = font.charmap();
        let width = |ch: char| cmap.map(ch).and_then(|g| gm.advance_width(g));
        let fallback = width('n').unwrap_or(0.6);
        let mut ascii = [fallback; 128];
        for (i, a) in ascii.iter_mut().enumerate() {
            if let Some(w) = width(char::from(i as u8)) {
                *a = w;
            }
        }
        Some(Metrics { ascii, fallback, font })
    })
    .as_ref()
}

/// The width of `s` (already cleaned) at `size` pixels in the bundled font.
pub fn width(s: &str, size: f32) -> f32 {
    let Some(m) = metrics() else {
        return s.chars().count() as f32 * 0.6 * size;
    };
    let gm = m.font.glyph_metrics(Size::new(1.0), LocationRef::default());
    let cmap = m.font.charmap();
    let em: f32 = s
        .chars()
        .map(|ch| match ch as usize {
            c if c < 128 => m.ascii[c],
            // Glyphs the font lacks are drawn from no font at all (usvg
            // skips them); count them as a wide character to be safe.
            _ => cmap.map(ch).and_then(|g| gm.advance_width(g)).unwrap_or(m.fallback * 1.6),
        })
        .sum();
    em * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped() {
        assert_eq!(xml("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(xml("a & \"b\""), "a &amp; &quot;b&quot;");
        assert_eq!(xml("\u{202e}evil\u{200f}\u{0}\u{7}"), "evil");
        assert_eq!(dot_string("\"]; evil"), "\"\\\"]; evil\"");
        assert_eq!(dot_string("a\\Nb\nc"), "\"a\\\\Nb c\"");
        assert_eq!(clean("  two \t words \r\n"), "two words");
    }

    #[test]
    fn widths_follow_the_font() {
        assert!(width("WWWW", 20.0) > width("iiii", 20.0));
        let w = width("dr_ana", 20.0);
        assert!((40.0..120.0).contains(&w), "{w}");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
