//! `render`: redraws the pictures of an existing output folder from its
//! tables, with other picture options, without recomputing anything.
//! images/ and graphs/ are written into a staging folder beside them and
//! swapped in at the end, so a failed render leaves the old ones intact.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::report::folder::Folder;
use crate::report::pictures::{self, PictureInput, PictureSettings};

#[derive(Clone, Debug)]
pub struct RenderConfig {
    pub dir: PathBuf,
    pub pictures: PictureSettings,
    pub threads: Option<usize>,
    pub quiet: bool,
}

/// The seed `analyze` used, from the folder's manifest.json (so `render`
/// draws the same pictures by default).
pub fn manifest_seed(dir: &Path) -> Result<u64> {
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

/// Redraws `cfg.dir`'s pictures; returns the image files written.
pub fn render(cfg: &RenderConfig) -> Result<Vec<String>> {
    crate::par::with_pool(cfg.threads, || {
        let input = PictureInput::from_folder(&Folder::read(&cfg.dir)?);
        let staging = cfg.dir.join(format!(".render-staging-{}", std::process::id()));
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(write_err(&staging))?;
        }
        let written = match pictures::write(&input, &cfg.pictures, &staging) {
            Ok(w) => w,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        for name in ["images", "graphs"] {
            let (new, old, live) = (staging.join(name), staging.join(format!("{name}.old")), cfg.dir.join(name));
            if live.exists() {
                fs::rename(&live, &old).map_err(write_err(&live))?;
            }
            fs::rename(&new, &live).map_err(write_err(&live))?;
        }
        fs::remove_dir_all(&staging).map_err(write_err(&staging))?;
        // The report inlines the pictures: redraw it, then hash the folder
        // again into the manifest, which records that a render changed it
        // (so `dolgraph verify` checks the rendered files).
        crate::report::html::write_report(&cfg.dir)?;
        record_render(&cfg.dir)?;
        Ok(written)
    })?
}

/// Rewrites manifest.json's `outputs` with the folder's current files and
/// appends the render's command line to `rendered`.
fn record_render(dir: &Path) -> Result<()> {
    let path = dir.join("manifest.json");
    let bad = |reason: String| Error::Input { path: path.clone(), reason };
    let text = fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let mut m: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let outputs = crate::report::audit::output_entries(dir)?;
    let obj = m.as_object_mut().ok_or_else(|| bad("not a JSON object".into()))?;
    obj.insert("outputs".into(), serde_json::to_value(outputs).map_err(|e| bad(e.to_string()))?);
    let args: Vec<String> = std::env::args().collect();
    let rendered = obj.entry("rendered").or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(list) = rendered.as_array_mut() {
        list.push(serde_json::json!({ "arguments": args }));
    }
    let mut out = serde_json::to_string_pretty(&m).map_err(|e| bad(e.to_string()))?;
    out.push('\n');
    fs::write(&path, out).map_err(|source| Error::Write { path: path.clone(), source })
}
