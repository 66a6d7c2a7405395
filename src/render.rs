//! `render`: redraws the pictures of an existing output folder from its
//! tables, with other picture options, without recomputing anything.
//! images/ and graphs/ are written into a staging folder beside them and
//! swapped in at the end, so a failed render leaves the old ones intact.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
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
        let input = PictureInput::from_folder(&cfg.dir)?;
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
        // report.html: the HTML report is built from the folder's files
        // with the images inlined; rewrite it here, now that the new
        // images are in place.
        Ok(written)
    })?
}
