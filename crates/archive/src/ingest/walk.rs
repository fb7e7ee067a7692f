//! Walking the paths a user names into the files to read: directories
//! recursively in sorted order (deterministic), hidden entries left out.
//!
//! Only regular files are read: a FIFO, socket or device (`/dev/zero`) is
//! skipped with a message, since opening or reading one may block or never
//! end. Symbolic links are followed, each directory at most once (by its
//! canonical path), so links into a parent never loop. The archive's own
//! files (its store, links and index), when they lie inside what is walked,
//! are skipped: an archive is never ingested into itself (files uploaded to
//! its `uploads/` are sources like any other).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Failure;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular files to read, in order.
    pub files: Vec<PathBuf>,
    /// Paths passed over, each with the reason.
    pub skipped: Vec<Failure>,
}

/// Walk `paths`. `exclude` are files and directories never read (the
/// archive's own). A named path that does not exist is an error.
pub fn walk(paths: &[PathBuf], exclude: &[PathBuf]) -> std::io::Result<Walk> {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|d| d.canonicalize().ok())
        .collect();
    let mut w = Walker {
        out: Walk::default(),
        seen: HashSet::new(),
        exclude,
    };
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", display_path(p))))?;
        w.entry(p, &meta);
    }
    Ok(w.out)
}

/// A path as printed to a terminal: control characters (escape sequences,
/// newlines) written as `\u{..}` escapes, so a file name cannot rewrite the
/// screen or forge a line of output.
pub fn display_path(p: &Path) -> String {
    escape_controls(&p.display().to_string())
}

/// `s` with its control characters escaped.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

struct Walker {
    out: Walk,
    seen: HashSet<PathBuf>,
    exclude: Vec<PathBuf>,
}

impl Walker {
    fn excluded(&self, p: &Path) -> bool {
        !self.exclude.is_empty()
            && p.canonicalize()
                .is_ok_and(|c| self.exclude.iter().any(|x| c.starts_with(x)))
    }

    fn skip(&mut self, p: &Path, why: &str) {
        self.out.skipped.push(Failure {
            path: display_path(p),
            message: why.to_string(),
        });
    }

    fn entry(&mut self, p: &Path, meta: &std::fs::Metadata) {
        let ft = meta.file_type();
        if ft.is_dir() {
            self.dir(p);
        } else if ft.is_file() {
            if self.excluded(p) {
                return self.skip(p, "one of the archive's own files: not ingested");
            }
            self.out.files.push(p.to_path_buf());
        } else {
            self.skip(
                p,
                "not a regular file (a FIFO, socket or device): skipped, as reading it may never end",
            );
        }
    }

    fn dir(&mut self, dir: &Path) {
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => return self.skip(dir, &format!("cannot be read: {e}")),
        };
        if self.exclude.iter().any(|x| canonical.starts_with(x)) {
            return self.skip(dir, "the archive's own index: not ingested");
        }
        if !self.seen.insert(canonical) {
            return self.skip(
                dir,
                "a directory already walked (a symbolic link loop or a second link to it)",
            );
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => return self.skip(dir, &format!("cannot be listed: {e}")),
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            let hidden = c
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            // Follows symbolic links (the directory set stops loops).
            match std::fs::metadata(&c) {
                Ok(m) => self.entry(&c, &m),
                Err(e) => self.skip(&c, &format!("cannot be read: {e}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_recursive_hidden_left_out() {
        let d = tempfile::tempdir().unwrap();
        let d = d.path();
        std::fs::create_dir_all(d.join("b")).unwrap();
        std::fs::write(d.join("c.txt"), "x").unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join(".hidden"), "x").unwrap();
        std::fs::write(d.join("b").join("z.txt"), "x").unwrap();
        let w = walk(&[d.to_path_buf()], &[]).unwrap();
        assert_eq!(
            w.files,
            [d.join("a.txt"), d.join("b").join("z.txt"), d.join("c.txt")]
        );
        assert!(w.skipped.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_to_parents_do_not_loop_and_fifos_are_skipped() {
        let d = tempfile::tempdir().unwrap();
        let d = d.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/x.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d, d.join("a/b/up")).unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("a/b/up2")).unwrap();
        let fifo = d.join("a/pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let w = walk(&[d.to_path_buf()], &[]).unwrap();
        assert_eq!(w.files, [d.join("a/b/x.txt")]);
        assert!(
            w.skipped
                .iter()
                .filter(|s| s.message.contains("already walked"))
                .count()
                >= 2
        );
        if made.is_ok_and(|s| s.success()) {
            assert!(
                w.skipped
                    .iter()
                    .any(|s| s.message.contains("not a regular file"))
            );
        }
        let dev = walk(&[PathBuf::from("/dev/zero")], &[]).unwrap();
        assert!(dev.files.is_empty());
        assert_eq!(dev.skipped.len(), 1);
    }

    #[test]
    fn the_archive_s_own_files_are_not_walked() {
        let d = tempfile::tempdir().unwrap();
        let d = d.path();
        std::fs::create_dir_all(d.join("data/index")).unwrap();
        std::fs::create_dir_all(d.join("data/uploads")).unwrap();
        std::fs::write(d.join("data/store.redb"), "x").unwrap();
        std::fs::write(d.join("data/index/meta.json"), "x").unwrap();
        std::fs::write(d.join("data/uploads/up.txt"), "x").unwrap();
        std::fs::write(d.join("cable.txt"), "x").unwrap();
        let own = [d.join("data/store.redb"), d.join("data/index")];
        let w = walk(&[d.to_path_buf()], &own).unwrap();
        assert_eq!(
            w.files,
            [d.join("cable.txt"), d.join("data/uploads/up.txt")]
        );
        assert_eq!(w.skipped.len(), 2);
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(escape_controls("plain é"), "plain é");
    }
}
