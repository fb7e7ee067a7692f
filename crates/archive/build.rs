//! Build step: the Cablegate id list (`data/cablegate-ids.txt.xz`, the
//! 251,287 ids of the release as published) is canonicalised once here, with
//! the same `cablescope_format::ids::canonical_id` the parser uses, sorted and
//! deduplicated into `OUT_DIR/cablegate-canonical.txt` (one id a line). The
//! archive embeds that file and looks ids up by binary search, so that no run
//! spends time canonicalising a quarter of a million ids before it can answer.

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let src = PathBuf::from("data/cablegate-ids.txt.xz");
    println!("cargo::rerun-if-changed={}", src.display());
    let file = std::fs::File::open(&src).expect("data/cablegate-ids.txt.xz");
    let mut text = String::new();
    xz2::read::XzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("data/cablegate-ids.txt.xz: not xz text");
    let mut ids: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| cablescope_format::ids::canonical_id(l).unwrap_or_else(|| l.to_string()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = ids.join("\n");
    out.push('\n');
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(dir.join("cablegate-canonical.txt"), out).expect("write OUT_DIR");
}
