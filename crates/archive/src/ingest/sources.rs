//! Enumerating what to ingest: files, directories (recursively), archives
//! (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.txz`, `.zip`, `.7z`), and `cables.csv`
//! files of any size (streamed row by row).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use cablescope_format::forms::cables_csv::{self, CsvRow};

use crate::error::ArchiveError;

/// One unit of input.
pub enum Item {
    /// A whole document: its name and bytes.
    Doc {
        /// Path (archive members as `archive!member`).
        path: String,
        /// Bytes.
        bytes: Vec<u8>,
    },
    /// One row of a `cables.csv` file.
    CsvRow {
        /// Path of the csv file.
        path: String,
        /// The row.
        row: Box<CsvRow>,
    },
    /// Something that could not be read; ingest goes on.
    Failed {
        /// Path (and offset or line where known).
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// Collect the files below the given paths (sorted, deterministic).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ArchiveError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ArchiveError::io(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ArchiveError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ArchiveError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        let name = e
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if e.is_dir() {
            walk(&e, out)?;
        } else {
            out.push(e);
        }
    }
    Ok(())
}

/// The kind of container a file name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Plain tar.
    Tar,
    /// Gzip-compressed tar.
    TarGz,
    /// Xz-compressed tar.
    TarXz,
    /// Zip.
    Zip,
    /// A 7z archive (read with sevenz-rust2: LZMA, LZMA2, deflate, copy).
    SevenZ,
    /// A single compressed file.
    Gz,
    /// A single xz-compressed file.
    Xz,
    /// Not a container.
    None,
}

/// Which container a path is, by its name.
pub fn container_of(path: &str) -> Container {
    let p = path.to_ascii_lowercase();
    if p.ends_with(".tar") {
        Container::Tar
    } else if p.ends_with(".tar.gz") || p.ends_with(".tgz") {
        Container::TarGz
    } else if p.ends_with(".tar.xz") || p.ends_with(".txz") {
        Container::TarXz
    } else if p.ends_with(".zip") {
        Container::Zip
    } else if p.ends_with(".7z") {
        Container::SevenZ
    } else if p.ends_with(".gz") {
        Container::Gz
    } else if p.ends_with(".xz") {
        Container::Xz
    } else {
        Container::None
    }
}

/// Visit every item of one file, handing them to `f` in order. Large csv files
/// are streamed; archive members are read one at a time.
pub fn visit_file(path: &Path, f: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            return f(Item::Failed {
                path: name,
                message: e.to_string(),
            });
        }
    };
    match container_of(&name) {
        Container::Tar => visit_tar(&name, file, f),
        Container::TarGz => visit_tar(&name, flate2::read::MultiGzDecoder::new(file), f),
        Container::TarXz => visit_tar(&name, xz2::read::XzDecoder::new_multi_decoder(file), f),
        Container::Zip => visit_zip(&name, file, f),
        Container::SevenZ => visit_7z(&name, file, f),
        Container::Gz => visit_stream(&name, flate2::read::MultiGzDecoder::new(file), f),
        Container::Xz => visit_stream(&name, xz2::read::XzDecoder::new_multi_decoder(file), f),
        Container::None => visit_stream(&name, file, f),
    }
}

/// A single document or a csv stream. `label` names the input in failures
/// (a member's archive offset, say), `name` in the items.
fn visit_stream<R: Read>(name: &str, reader: R, f: &mut dyn FnMut(Item)) {
    visit_labelled(name, name, reader, f)
}

fn visit_labelled<R: Read>(name: &str, label: &str, reader: R, f: &mut dyn FnMut(Item)) {
    let mut br = BufReader::with_capacity(1 << 16, reader);
    let head = match br.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            return f(Item::Failed {
                path: label.to_string(),
                message: e.to_string(),
            });
        }
    };
    if cables_csv::looks_like_cables_csv(&head) {
        for row in cables_csv::rows(br) {
            match row {
                Ok(row) => f(Item::CsvRow {
                    path: name.to_string(),
                    row: Box::new(row),
                }),
                Err(e) => f(Item::Failed {
                    path: format!("{name}:line {}", e.line),
                    message: e.message,
                }),
            }
        }
        return;
    }
    let mut bytes = Vec::new();
    match br.read_to_end(&mut bytes) {
        Ok(_) => f(Item::Doc {
            path: name.to_string(),
            bytes,
        }),
        Err(e) => f(Item::Failed {
            path: label.to_string(),
            message: format!("unreadable: {e}"),
        }),
    }
}

fn visit_tar<R: Read>(name: &str, reader: R, f: &mut dyn FnMut(Item)) {
    let mut ar = tar::Archive::new(reader);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(e) => {
            return f(Item::Failed {
                path: name.to_string(),
                message: format!("not a readable tar archive: {e}"),
            });
        }
    };
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                f(Item::Failed {
                    path: name.to_string(),
                    message: format!("corrupt archive: {e}"),
                });
                return;
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let member = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let offset = entry.raw_header_position();
        let full = format!("{name}!{member}");
        if container_of(&member) != Container::None {
            f(Item::Failed {
                path: full,
                message: "nested archives are not read: unpack the outer archive first".into(),
            });
            continue;
        }
        visit_labelled(&full, &format!("{full} (offset {offset})"), &mut entry, f);
    }
}

fn visit_7z(name: &str, file: File, f: &mut dyn FnMut(Item)) {
    let mut z = match sevenz_rust2::ArchiveReader::new(file, sevenz_rust2::Password::empty()) {
        Ok(z) => z,
        Err(e) => {
            return f(Item::Failed {
                path: name.to_string(),
                message: format!("not a readable 7z archive: {e}"),
            });
        }
    };
    let mut i = 0usize;
    let result = z.for_each_entries(|entry, reader| {
        if entry.is_directory || !entry.has_stream {
            return Ok(true);
        }
        i += 1;
        let full = format!("{name}!{}", entry.name);
        visit_labelled(&full, &format!("{name} (entry {i})"), reader, f);
        Ok(true)
    });
    if let Err(e) = result {
        f(Item::Failed {
            path: format!("{name} (after entry {i})"),
            message: format!("corrupt 7z archive: {e}"),
        });
    }
}

fn visit_zip(name: &str, file: File, f: &mut dyn FnMut(Item)) {
    let mut z = match zip::ZipArchive::new(file) {
        Ok(z) => z,
        Err(e) => {
            return f(Item::Failed {
                path: name.to_string(),
                message: format!("not a readable zip archive: {e}"),
            });
        }
    };
    for i in 0..z.len() {
        let mut entry = match z.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                f(Item::Failed {
                    path: format!("{name} (entry {i})"),
                    message: format!("corrupt archive: {e}"),
                });
                continue;
            }
        };
        if !entry.is_file() {
            continue;
        }
        let full = format!("{name}!{}", entry.name());
        visit_labelled(&full, &format!("{name} (entry {i})"), &mut entry, f);
    }
}
