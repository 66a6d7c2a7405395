//! The community colours, in one place: community k has the same colour in
//! every picture, in the GEXF file and in the HTML report, so an analyst can
//! match a community across them.
//!
//! Twelve qualitative colours chosen to stay apart from one another on a
//! white slide (hue steps of about 30 degrees, two lightness levels); labels
//! beyond the twelfth cycle, and the small communities past them are grey
//! in pictures that show many at once.

/// Colours as RGB, community 0 (the largest) first.
pub const COMMUNITY_COLORS: [[u8; 3]; 12] = [
    [0x1f, 0x77, 0xb4], // blue
    [0xd6, 0x27, 0x28], // red
    [0x2c, 0xa0, 0x2c], // green
    [0xff, 0x7f, 0x0e], // orange
    [0x94, 0x67, 0xbd], // purple
    [0x17, 0xbe, 0xcf], // cyan
    [0xe3, 0x77, 0xc2], // pink
    [0x8c, 0x56, 0x4b], // brown
    [0xbc, 0xbd, 0x22], // olive
    [0x39, 0x3b, 0x79], // indigo
    [0xad, 0x49, 0x4a], // brick
    [0x63, 0x79, 0x39], // moss
];

/// The colour for accounts outside the pictured communities.
pub const OTHER: [u8; 3] = [0x9e, 0x9e, 0x9e];

/// The colour of community `k`.
pub fn community_color(k: u32) -> [u8; 3] {
    COMMUNITY_COLORS[k as usize % COMMUNITY_COLORS.len()]
}

/// `#rrggbb`, for SVG and HTML.
pub fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_distinct_and_cycle() {
        let mut seen: Vec<[u8; 3]> = COMMUNITY_COLORS.to_vec();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), COMMUNITY_COLORS.len());
        assert_eq!(community_color(12), community_color(0));
        assert_eq!(hex([0x1f, 0x77, 0xb4]), "#1f77b4");
    }
}
