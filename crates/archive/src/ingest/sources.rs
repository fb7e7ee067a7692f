//! Reading what to ingest: files, archives (`.tar`, `.tar.gz`, `.tgz`,
//! `.tar.xz`, `.txz`, `.zip`, `.7z`), compressed files, and `cables.csv`
//! files of any size (streamed row by row), each bounded by the ingest's
//! [`Limits`] while it is read.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use cablescope_format::forms::cables_csv::{self, CsvRow};

use super::limits::{Bounded, Counted, Expansion, Limits, limit_message, too_large};
use super::walk::display_path;

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

/// How one input is read: its limits, and the expansion of its compressed
/// bytes where it is compressed.
#[derive(Clone)]
struct Reading {
    limits: Limits,
    expansion: Option<Expansion>,
}

impl Reading {
    fn bounded<R: Read>(&self, r: R) -> Bounded<R> {
        Bounded::new(r, self.limits.max_document, self.expansion.clone())
    }

    /// The expansion limit's message, once the input went past it.
    fn exceeded(&self) -> Option<String> {
        self.expansion.as_ref().and_then(Expansion::exceeded)
    }
}

/// Visit every item of one file, handing them to `f` in order. Large csv files
/// are streamed; archive members are read one at a time.
pub fn visit_file(path: &Path, limits: &Limits, f: &mut dyn FnMut(Item)) {
    let name = display_path(path);
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            return f(Item::Failed {
                path: name,
                message: e.to_string(),
            });
        }
    };
    let plain = Reading {
        limits: *limits,
        expansion: None,
    };
    let compressed = Rc::new(Cell::new(0u64));
    let packed = Reading {
        limits: *limits,
        expansion: Some(Expansion::new(compressed.clone(), limits.max_expansion)),
    };
    match container_of(&name) {
        Container::Tar => visit_tar(&name, file, &plain, f),
        Container::TarGz => visit_tar(
            &name,
            flate2::read::MultiGzDecoder::new(Counted::new(file, compressed.clone())),
            &packed,
            f,
        ),
        Container::TarXz => visit_tar(
            &name,
            xz2::read::XzDecoder::new_multi_decoder(Counted::new(file, compressed.clone())),
            &packed,
            f,
        ),
        Container::Zip => visit_zip(&name, file, limits, f),
        Container::SevenZ => visit_7z(&name, file, limits, f),
        Container::Gz => visit_labelled(
            &name,
            &name,
            flate2::read::MultiGzDecoder::new(Counted::new(file, compressed.clone())),
            &packed,
            None,
            f,
        ),
        Container::Xz => visit_labelled(
            &name,
            &name,
            xz2::read::XzDecoder::new_multi_decoder(Counted::new(file, compressed.clone())),
            &packed,
            None,
            f,
        ),
        Container::None => {
            let size = file.metadata().map(|m| m.len()).ok();
            visit_labelled(&name, &name, file, &plain, size, f)
        }
    }
}

fn failure(label: &str, e: &std::io::Error, what: &str) -> Item {
    Item::Failed {
        path: label.to_string(),
        message: limit_message(e).unwrap_or_else(|| format!("{what}: {e}")),
    }
}

/// A single document or a csv stream. `label` names the input in failures
/// (a member's archive offset, say), `name` in the items; `size`, where the
/// file system knows it, refuses a document over the limit before reading it.
fn visit_labelled<R: Read>(
    name: &str,
    label: &str,
    reader: R,
    how: &Reading,
    size: Option<u64>,
    f: &mut dyn FnMut(Item),
) {
    let mut br = BufReader::with_capacity(1 << 16, reader);
    let head = match br.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return f(failure(label, &e, "unreadable")),
    };
    if cables_csv::looks_like_cables_csv(&head) {
        // Streamed: the document limit applies to each row, not the file.
        let rows = cables_csv::rows(Bounded::new(br, u64::MAX, how.expansion.clone()));
        for row in rows {
            match row {
                Ok(row) if (row.header.len() + row.body.len()) as u64 > how.limits.max_document => {
                    f(Item::Failed {
                        path: format!("{name}:line {}", row.line),
                        message: too_large(how.limits.max_document),
                    })
                }
                Ok(row) => f(Item::CsvRow {
                    path: name.to_string(),
                    row: Box::new(row),
                }),
                Err(e) => f(Item::Failed {
                    path: format!("{name}:line {}", e.line),
                    message: how.exceeded().unwrap_or(e.message),
                }),
            }
        }
        return;
    }
    if size.is_some_and(|s| s > how.limits.max_document) {
        return f(Item::Failed {
            path: label.to_string(),
            message: too_large(how.limits.max_document),
        });
    }
    let mut bytes = Vec::new();
    match how.bounded(br).read_to_end(&mut bytes) {
        Ok(_) => f(Item::Doc {
            path: name.to_string(),
            bytes,
        }),
        Err(e) => f(failure(label, &e, "unreadable")),
    }
}

fn visit_tar<R: Read>(name: &str, reader: R, how: &Reading, f: &mut dyn FnMut(Item)) {
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
                    message: how
                        .exceeded()
                        .unwrap_or_else(|| format!("corrupt archive: {e}")),
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
        let size = Some(entry.size());
        visit_labelled(
            &full,
            &format!("{full} (offset {offset})"),
            &mut entry,
            how,
            size,
            f,
        );
        if let Some(m) = how.exceeded() {
            // A bomb: the rest of the archive is not read.
            return f(Item::Failed {
                path: name.to_string(),
                message: m,
            });
        }
    }
}

fn visit_7z(name: &str, file: File, limits: &Limits, f: &mut dyn FnMut(Item)) {
    let compressed = Rc::new(Cell::new(file.metadata().map(|m| m.len()).unwrap_or(0)));
    let how = Reading {
        limits: *limits,
        expansion: Some(Expansion::new(compressed, limits.max_expansion)),
    };
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
        let size = Some(entry.size);
        visit_labelled(&full, &format!("{name} (entry {i})"), reader, &how, size, f);
        Ok(how.exceeded().is_none())
    });
    if let Some(m) = how.exceeded() {
        return f(Item::Failed {
            path: name.to_string(),
            message: m,
        });
    }
    if let Err(e) = result {
        f(Item::Failed {
            path: format!("{name} (after entry {i})"),
            message: format!("corrupt 7z archive: {e}"),
        });
    }
}

fn visit_zip(name: &str, file: File, limits: &Limits, f: &mut dyn FnMut(Item)) {
    let compressed = Rc::new(Cell::new(0u64));
    let how = Reading {
        limits: *limits,
        expansion: Some(Expansion::new(compressed.clone(), limits.max_expansion)),
    };
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
        compressed.set(compressed.get() + entry.compressed_size());
        let full = format!("{name}!{}", entry.name());
        let size = Some(entry.size());
        visit_labelled(
            &full,
            &format!("{name} (entry {i})"),
            &mut entry,
            &how,
            size,
            f,
        );
        if let Some(m) = how.exceeded() {
            return f(Item::Failed {
                path: name.to_string(),
                message: m,
            });
        }
    }
}
