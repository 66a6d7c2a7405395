//! `verify`: checks that an output folder is as its run wrote it, one
//! line per file on stdout (the hashing is [`crate::report::audit`]'s).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes one line per file to `out`, then the summary line; fails (exit
/// 1) when any file changed, went missing or was added.
pub fn verify(dir: &Path, out: &mut dyn Write) -> Result<()> {
    let v = crate::report::audit::verify(dir)?;
    let mut text = String::new();
    for f in &v.findings {
        text.push_str(&format!("{}\n", crate::visible::message(&f.to_string())));
    }
    write(out, &text)?;
    let bad = v.findings.iter().filter(|f| !f.is_intact()).count();
    if bad > 0 {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            reason: format!("{bad} of {} files changed, missing or added since the run wrote them", v.findings.len()),
        });
    }
    write(
        out,
        &format!(
            "intact: {} files match the manifest (manifest.json SHA-256 {})\n",
            v.findings.len(),
            v.manifest_sha256
        ),
    )
}

/// Writes to standard output. A reader that has gone (a closed pipe) is
/// an error here, which `main` takes as a quiet end.
pub fn write(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Read { path: "standard output".into(), source })
}
