//! PNG from our SVG, rasterised in-process by resvg (pure Rust): no
//! program or system font needed, so a fresh machine draws the same pixels.
//! The font database holds only the bundled DejaVu Sans (regular and bold).

use std::cell::RefCell;
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

thread_local! {
    /// One canvas per thread, kept between pictures: a fresh 1920x1080
    /// canvas is 8 MB of new memory, and the kernel's zeroing of those
    /// pages was a third of the pictures' time.
    static CANVAS: RefCell<Option<tiny_skia::Pixmap>> = const { RefCell::new(None) };
}

/// Rasterises `svg` at its own size into PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options()).map_err(|e| format!("the SVG does not parse: {e}"))?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width(), size.height());
    CANVAS.with_borrow_mut(|canvas| {
        let pixmap = match canvas {
            Some(p) if p.width() == w && p.height() == h => p,
            _ => canvas.insert(tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w}x{h} image"))?),
        };
        pixmap.fill(tiny_skia::Color::TRANSPARENT);
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        encode(pixmap).map_err(|e| format!("cannot encode the PNG: {e}"))
    })
}

/// PNG bytes of an opaque canvas as 8-bit RGB, with deflate level 2 and
/// no filter. On the 22 pictures of the sample and of Higgs (zlib-rs, the
/// deflate flate2 is built with here), per picture: 6.5 ms and 229 KB,
/// against 7.4 ms and 294 KB with the "up" filter; level 1 (zlib-rs's
/// "quick" strategy) 4.6 ms for 328 KB, level 3 7.7 ms for 215 KB. The
/// "sub", "average" and adaptive filters (tiny-skia's choice) were larger
/// or slower, png's fdeflate mode 3 ms for twice the bytes. Mostly flat
/// colour with antialiased edges, the pictures repeat along their rows,
/// which deflate finds unfiltered.
///
/// A canvas with transparency goes through
/// tiny-skia's own RGBA encoder. Our pictures are opaque (a white
/// background), and there a premultiplied pixel is its straight colour, so
/// no copy to un-premultiply is needed.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    // RGB in one pass that also finds whether the canvas is opaque, into
    // a vector made at its size (a collected flat_map grew it by doubling):
    // about 1 ms of a picture's 35-45.
    let data = pixmap.data();
    let mut rgb: Vec<u8> = vec![0; data.len() / 4 * 3];
    let mut opaque = true;
    for (to, from) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(4)) {
        to.copy_from_slice(&from[..3]);
        opaque &= from[3] == u8::MAX;
    }
    if !opaque {
        return pixmap.encode_png();
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
