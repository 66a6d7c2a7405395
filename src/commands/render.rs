//! `render`: redraws the pictures of an existing output folder from its
//! tables, with other picture options, without recomputing anything.
//! The folder is replaced as a whole, as `analyze` replaces it (see
//! report::output), so a failed or killed render leaves the old one intact.

use std::path::Path;

use crate::config::RenderConfig;
use crate::error::{Error, Result};
use crate::report::audit::OutputEntry;
use crate::report::folder::Folder;
use crate::report::manifest::{Manifest, RenderEntry};
use crate::report::output::{PICTURE_FOLDERS, REDRAWN_PAGES, Staging};
use crate::report::pictures::{self, PictureInput, PictureSettings};

/// What a render wrote.
#[derive(Debug)]
pub struct Rendered {
    /// The image files written, relative to the folder.
    pub images: Vec<String>,
    /// What went wrong after the new folder was in place (see analyze).
    pub warnings: Vec<String>,
}

/// Redraws `cfg.dir`'s pictures. The folder is staged beside itself (its
/// other files hard-linked), the pictures, report.html and manifest are
/// written there, and the whole folder is swapped in one step, as
/// `analyze` does: a render killed at any point leaves the folder
/// complete and verifiable, the old one or the new.
pub fn render(cfg: &RenderConfig) -> Result<Rendered> {
    // The seed `analyze` used, unless one is given: `render` draws the
    // same pictures by default.
    let manifest = Manifest::read(&cfg.dir)?;
    let seed = cfg.seed.unwrap_or(manifest.settings.seed);
    let pictures = PictureSettings { seed, ..cfg.pictures };
    crate::par::with_pool(cfg.threads, || {
        let folder = Folder::read(&cfg.dir)?;
        let input = PictureInput::from_folder(&folder);
        let staging = Staging::for_render(&cfg.dir)?;
        match draw(manifest, &pictures, &folder, &input, &staging.dir) {
            Ok(images) => Ok(Rendered { images, warnings: staging.commit()? }),
            Err(e) => {
                staging.abandon();
                Err(e)
            }
        }
    })?
}

/// Writes the pictures, explore.html, manifest.json and report.html into
/// `staging`.
fn draw(
    mut manifest: Manifest,
    settings: &PictureSettings,
    folder: &Folder,
    input: &PictureInput,
    staging: &Path,
) -> Result<Vec<String>> {
    let written = pictures::write(input, settings, staging)?;
    // The whole graph's positions as analyze computed them for graph.gexf:
    // the same function on the same tables (edges.csv is the graph's links
    // in order, weights round-trip) and seed.
    let membership: Vec<u32> = folder.accounts.iter().map(|a| a.community).collect();
    let positions = pictures::graph_positions(&membership, folder.edges.iter().copied(), settings.seed);
    let pseudonymized = manifest.settings.pseudonymized.is_some();
    crate::report::explore::write_explorer(folder, &positions, pseudonymized, staging)?;
    // The report inlines the pictures and reads the manifest's counts: the
    // manifest first (with this render recorded), then the report, then
    // the manifest again with the new files hashed.
    manifest.rendered.push(RenderEntry { arguments: std::env::args().collect() });
    manifest.write(staging)?;
    crate::report::html::write_report(staging)?;
    manifest.outputs = rendered_outputs(std::mem::take(&mut manifest.outputs), staging)?;
    manifest.write(staging)?;
    Ok(written)
}

/// The manifest's `outputs` after a render: the previous entries of the
/// files render did not touch, as they were (so `verify` still finds a
/// table edited before the render, and files the run did not write stay
/// unlisted), and the new pictures and report.html, hashed.
fn rendered_outputs(previous: Vec<OutputEntry>, staging: &Path) -> Result<Vec<OutputEntry>> {
    let redrawn = |p: &str| {
        REDRAWN_PAGES.contains(&p)
            || PICTURE_FOLDERS.iter().any(|f| p.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
    };
    let mut outputs: Vec<OutputEntry> = previous.into_iter().filter(|e| !redrawn(&e.path)).collect();
    let err = |source| Error::Write { path: staging.to_path_buf(), source };
    for path in crate::report::audit::list_files(staging).map_err(err)?.into_iter().filter(|p| redrawn(p)) {
        let (bytes, sha256) = crate::report::audit::hash_file(&staging.join(&path)).map_err(err)?;
        outputs.push(OutputEntry { path, bytes, sha256 });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}
