//! Expanding command-line paths into inputs: `-` is standard input, a
//! directory is walked recursively in sorted order (deterministic output).

use std::path::{Path, PathBuf};

/// One input to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// A path that could not be listed, with the reason.
    Unreadable(PathBuf, String),
}

/// Expand paths into items, in order; directories recursively, entries sorted by name.
pub fn expand(paths: &[PathBuf]) -> Vec<Item> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Item::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, &mut out),
            Ok(_) => out.push(Item::File(p.clone())),
            Err(e) => out.push(Item::Unreadable(p.clone(), e.to_string())),
        }
    }
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<Item>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Item::Unreadable(dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for e in entries {
        match e {
            Ok(e) => children.push(e.path()),
            Err(e) => out.push(Item::Unreadable(dir.to_path_buf(), e.to_string())),
        }
    }
    children.sort();
    for c in children {
        // Symbolic links to directories are not followed (no cycles).
        match std::fs::symlink_metadata(&c) {
            Ok(m) if m.is_dir() => walk_dir(&c, out),
            Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(&c) {
                Ok(t) if t.is_file() => out.push(Item::File(c)),
                Ok(_) => {}
                Err(e) => out.push(Item::Unreadable(c, e.to_string())),
            },
            Ok(_) => out.push(Item::File(c)),
            Err(e) => out.push(Item::Unreadable(c, e.to_string())),
        }
    }
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
