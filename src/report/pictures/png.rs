//! PNG from our SVG, rasterised in-process by resvg (pure Rust): no
//! program or system font needed, so a fresh machine draws the same pixels.
//! The font database holds only the bundled DejaVu Sans (regular and bold).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::text::FAMILY;

/// DejaVu Sans Bold, for titles and the top labels (same licence).
static FONT_BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(super::text::FONT.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        usvg::Options { font_family: FAMILY.to_string(), fontdb: Arc::new(db), ..usvg::Options::default() }
    })
}

/// Rasterises `svg` at its own size into PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options()).map_err(|e| format!("the SVG does not parse: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("cannot make a {}x{} image", size.width(), size.height()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))
}
