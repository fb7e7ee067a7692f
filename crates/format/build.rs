//! Build step: the Cablegate release list (`data/cablegate-ids.txt.xz`, the
//! 251,287 reference ids as the release publishes them) is compiled once
//! here into three files of `OUT_DIR` that the parser searches in place,
//! with no start-up work:
//!
//! - `release-posts.txt`: the post names, sorted, one a line (a post's
//!   number is its line);
//! - `release-entries.bin`: one little-endian u64 per cable, sorted:
//!   post number (16 bits), serial (32), two-digit year (8), and a flag (8)
//!   set when the release writes the id otherwise than repaired; every
//!   cable of one post and serial (in any year) sits in adjacent entries;
//! - `release-raw.txt`: `ENTRY (7 digits) \t ID AS RELEASED` for the flagged ones.
//!
//! Each id is taken apart by `src/release/repair.rs` (shared with the
//! parser), after the known malformed ids of `data/malformed_ids.csv`.

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

    // (post, serial, yy, as released) for every id.
    let mut rows: BTreeSet<(String, u64, String, String)> = BTreeSet::new();
    for raw in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts = match malformed.get(raw) {
            Some(fixed) => repair::split_release_id(fixed),
            None => repair::split_release_id(raw),
        };
        match parts {
            Some(p) => {
                let canonical = format!("{}{}{}", p.yy, p.post, p.serial);
                let as_released = if canonical == raw {
                    String::new()
                } else {
                    raw.to_string()
                };
                rows.insert((p.post, p.serial, p.yy, as_released));
            }
            // An id no shape explains (`092OF5`) stays findable as written.
            None => {
                rows.insert(("?".to_string(), 0, "00".to_string(), raw.to_string()));
            }
        }
    }
    let posts: Vec<&str> = {
        let mut v: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        v.dedup();
        v
    };
    let index: HashMap<&str, u64> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, i as u64))
        .collect();
    let mut entries = Vec::with_capacity(rows.len() * 8);
    let mut raws = String::new();
    for (i, (post, serial, yy, raw)) in rows.iter().enumerate() {
        let yy: u64 = yy.parse().expect("two-digit year");
        assert!(*serial < 1 << 32, "serial {serial} too large");
        let flag = u64::from(!raw.is_empty());
        let e = (index[post.as_str()] << 48) | (serial << 16) | (yy << 8) | flag;
        entries.extend_from_slice(&e.to_le_bytes());
        if !raw.is_empty() {
            raws.push_str(&format!("{i:07}\t{raw}\n"));
        }
    }
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes)
            .unwrap_or_else(|e| panic!("write OUT_DIR/{name}: {e}"))
    };
    write("release-posts.txt", (posts.join("\n") + "\n").as_bytes());
    write("release-entries.bin", &entries);
    write("release-raw.txt", raws.as_bytes());
}
