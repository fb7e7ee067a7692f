//! Build step: the Cablegate release list (`data/cablegate-ids.txt.xz`, the
//! 251,287 reference ids as the release publishes them) is compiled once
//! here into `OUT_DIR/release.txt`, a table the parser searches by binary
//! search with no start-up work:
//!
//! ```text
//! POST \t SERIAL (7 digits) \t YY \t ID AS RELEASED (when it differs)
//! ```
//!
//! sorted, so that every cable of one post and serial (in any year) sits on
//! adjacent lines. Each id is taken apart by `src/release/repair.rs` (shared
//! with the parser), after the known malformed ids of `data/malformed_ids.csv`.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::PathBuf;

#[path = "src/release/repair.rs"]
#[allow(dead_code)]
mod repair;

fn main() {
    let ids_path = PathBuf::from("data/cablegate-ids.txt.xz");
    let malformed_path = PathBuf::from("data/malformed_ids.csv");
    println!("cargo::rerun-if-changed={}", ids_path.display());
    println!("cargo::rerun-if-changed={}", malformed_path.display());
    println!("cargo::rerun-if-changed=src/release/repair.rs");

    let malformed: HashMap<String, String> = std::fs::read_to_string(&malformed_path)
        .expect("data/malformed_ids.csv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.trim().to_string(), f.next()?.trim().to_string()))
        })
        .collect();

    let file = std::fs::File::open(&ids_path).expect("data/cablegate-ids.txt.xz");
    let mut text = String::new();
    xz2::read::XzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("data/cablegate-ids.txt.xz: not xz text");

    let mut lines = BTreeSet::new();
    let mut unreadable = Vec::new();
    for raw in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts = match malformed.get(raw) {
            Some(fixed) => repair::split_release_id(fixed),
            None => repair::split_release_id(raw),
        };
        let Some(p) = parts else {
            unreadable.push(raw.to_string());
            continue;
        };
        let canonical = format!("{}{}{}", p.yy, p.post, p.serial);
        let as_released = if canonical == raw { "" } else { raw };
        lines.insert(format!(
            "{}\t{:07}\t{}\t{}\n",
            p.post, p.serial, p.yy, as_released
        ));
    }
    // An id no shape explains (`092OF5`) stays findable as written.
    for raw in &unreadable {
        lines.insert(format!("?\t0000000\t00\t{raw}\n"));
    }
    let out: String = lines.into_iter().collect();
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(dir.join("release.txt"), out).expect("write OUT_DIR/release.txt");
}
