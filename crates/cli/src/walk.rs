//! Expanding command-line paths into inputs: `-` is standard input; files
//! and directories are walked by the archive's walker
//! (`cablescope_archive::ingest::walk`: sorted, regular files only, symbolic
//! links followed without loops), so `parse` and `ingest` read the same files.

use std::path::PathBuf;

use cablescope_archive::ingest::walk::{display_path, walk};

/// One input to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// A path that could not be listed, with the reason.
    Unreadable(PathBuf, String),
    /// A path passed over (printed as it may be shown), with the reason.
    Skipped(String, String),
}

/// Expand paths into items, in order; directories recursively, entries sorted by name.
pub fn expand(paths: &[PathBuf]) -> Vec<Item> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Item::Stdin);
            continue;
        }
        match walk(std::slice::from_ref(p), &[]) {
            Ok(w) => {
                out.extend(w.files.into_iter().map(Item::File));
                out.extend(
                    w.skipped
                        .into_iter()
                        .map(|s| Item::Skipped(s.path, s.message)),
                );
            }
            Err(e) => out.push(Item::Unreadable(
                p.clone(),
                e.to_string()
                    .trim_start_matches(&format!("{}: ", display_path(p)))
                    .to_string(),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_recursive() {
        let d = std::env::temp_dir().join(format!("cablescope-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("b")).unwrap();
        std::fs::write(d.join("c.txt"), "x").unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("b").join("z.txt"), "x").unwrap();
        let items = expand(&[d.clone(), PathBuf::from("-")]);
        assert_eq!(
            items,
            [
                Item::File(d.join("a.txt")),
                Item::File(d.join("b").join("z.txt")),
                Item::File(d.join("c.txt")),
                Item::Stdin
            ]
        );
        std::fs::remove_dir_all(&d).unwrap();
    }
}
