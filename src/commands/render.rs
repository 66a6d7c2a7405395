//! `render`: redraws the pictures of an existing output folder from its
//! tables, with other picture options, without recomputing anything.
//! The folder is replaced as a whole, as `analyze` replaces it (see
//! report::output), so a failed or killed render leaves the old one intact.

use std::fs;
use std::path::Path;

use crate::config::RenderConfig;
use crate::error::{Error, Result};
use crate::report::audit::OutputEntry;
use crate::report::folder::Folder;
use crate::report::output::MANIFEST;
use crate::report::output::{PICTURE_FOLDERS, REDRAWN_PAGES, Staging};
use crate::report::pictures::{self, PictureInput, PictureSettings};

/// The seed `analyze` used, from the folder's manifest.json (so `render`
/// draws the same pictures by default).
fn manifest_seed(dir: &Path) -> Result<u64> {
    let path = dir.join("manifest.json");
    let text = fs::read_to_string(&path).map_err(|e| Error::Input {
        path: path.clone(),
        reason: format!("cannot read it ({e}); --from must be an output folder of `dolgraph analyze`"),
    })?;
    let m: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Input { path: path.clone(), reason: format!("not valid JSON: {e}") })?;
    m["settings"]["seed"]
        .as_u64()
        .ok_or_else(|| Error::Input { path, reason: "no settings.seed; give the seed with --seed".into() })
}

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
    let seed = match cfg.seed {
        Some(s) => s,
        None => manifest_seed(&cfg.dir)?,
    };
    let pictures = PictureSettings { seed, ..cfg.pictures };
    crate::par::with_pool(cfg.threads, || {
        let folder = Folder::read(&cfg.dir)?;
        let input = PictureInput::from_folder(&folder);
        let staging = Staging::for_render(&cfg.dir)?;
        match draw(&cfg.dir, &pictures, &folder, &input, &staging.dir) {
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
    dir: &Path,
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
    let positions = pictures::graph_positions(&membership, &folder.edges, settings.seed);
    let pseudonymized = crate::report::explore::pseudonymized(dir);
    crate::report::explore::write_explorer(folder, &positions, pseudonymized, staging)?;
    // The report inlines the pictures and reads the manifest's counts: the
    // manifest first (with this render recorded), then the report, then
    // the manifest again with the new files hashed.
    let mut manifest = read_manifest(dir)?;
    write_manifest(staging, &manifest)?;
    crate::report::html::write_report(staging)?;
    let outputs = rendered_outputs(&manifest, staging)?;
    if let Some(obj) = manifest.as_object_mut() {
        obj.insert("outputs".into(), serde_json::to_value(outputs).map_err(|e| manifest_err(staging, e))?);
    }
    write_manifest(staging, &manifest)?;
    Ok(written)
}

/// The folder's manifest with this render's command line appended to
/// `rendered`.
fn read_manifest(dir: &Path) -> Result<serde_json::Value> {
    let path = dir.join(MANIFEST);
    let bad = |reason: String| Error::Input { path: path.clone(), reason };
    let text = fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let mut m: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let obj = m.as_object_mut().ok_or_else(|| bad("not a JSON object".into()))?;
    let args: Vec<String> = std::env::args().collect();
    let rendered = obj.entry("rendered").or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(list) = rendered.as_array_mut() {
        list.push(serde_json::json!({ "arguments": args }));
    }
    Ok(m)
}

fn manifest_err(dir: &Path, e: serde_json::Error) -> Error {
    Error::Write { path: dir.join(MANIFEST), source: e.into() }
}

fn write_manifest(dir: &Path, m: &serde_json::Value) -> Result<()> {
    let mut out = serde_json::to_string_pretty(m).map_err(|e| manifest_err(dir, e))?;
    out.push('\n');
    let path = dir.join(MANIFEST);
    fs::write(&path, out).map_err(|source| Error::Write { path, source })
}

/// The manifest's `outputs` after a render: the previous entries of the
/// files render did not touch, as they were (so `verify` still finds a
/// table edited before the render, and files the run did not write stay
/// unlisted), and the new pictures and report.html, hashed.
fn rendered_outputs(manifest: &serde_json::Value, staging: &Path) -> Result<Vec<OutputEntry>> {
    let redrawn = |p: &str| {
        REDRAWN_PAGES.contains(&p)
            || PICTURE_FOLDERS.iter().any(|f| p.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
    };
    let previous: Vec<OutputEntry> = match manifest.get("outputs") {
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| manifest_err(staging, e))?,
        None => Vec::new(),
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
