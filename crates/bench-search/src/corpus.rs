//! Unpacking the shared corpus into plain files (not timed).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Unpack the corpus into `dir`; returns the paths to ingest.
pub fn unpack(corpus: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for name in ["cablegate-html.tar.xz", "other-forms.tar.xz"] {
        let p = corpus.join(name);
        let f = File::open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let target = dir.join(name.trim_end_matches(".tar.xz"));
        tar::Archive::new(xz2::read::XzDecoder::new_multi_decoder(f))
            .unpack(&target)
            .map_err(|e| format!("{}: {e}", p.display()))?;
        out.push(target);
    }
    let csv = corpus.join("cables.csv.xz");
    let f = File::open(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    let target = dir.join("cables.csv");
    let mut w = BufWriter::new(File::create(&target).map_err(|e| e.to_string())?);
    let mut r = xz2::read::XzDecoder::new_multi_decoder(f);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        w.write_all(&buf[..n]).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    out.push(target);
    let seeds = corpus.join("../seeds");
    if seeds.is_dir() {
        out.push(seeds);
    }
    Ok(out)
}
