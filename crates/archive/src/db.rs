//! One embedded database file (redb), opened for writing or for reading only,
//! with its failures turned into errors that say what to do.
//!
//! The store (`store.redb`) and the links (`links.redb`) are each opened once
//! with the [`crate::Archive`] and shared by every reader of it. A writable open
//! takes the file's exclusive lock; a read-only open takes a shared lock, so
//! any number of read-only processes (`cablescope search` beside a read-only
//! `cablescope serve`) read one archive at once. redb may panic on a damaged
//! file; every call into it that reads the file goes through [`guard`], so a
//! damaged archive is an error naming the file, never a crash.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use redb::{Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, WriteTransaction};

use crate::error::{ArchiveError, Result};

/// How an archive is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading and writing (ingest, repair): one process at a time.
    ReadWrite,
    /// Reading only: many processes at once, nothing repaired or written.
    ReadOnly,
}

/// An open database file.
pub struct Db {
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Rw(Database),
    Ro(ReadOnlyDatabase),
}

thread_local! {
    /// Set while this thread runs inside [`guard`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Install a panic hook that stays silent for panics [`guard`] turns into
/// errors (their message is in the error), and reports any other as before.
/// Programs call it once at start.
pub fn quiet_guarded_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(|g| g.get()) {
            previous(info);
        }
    }));
}

/// Run `f`, turning a panic inside redb (a damaged file) into an error.
pub fn guard<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let outer = GUARDED.with(|g| g.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    match r {
        Ok(r) => r,
        Err(p) => {
            let what = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unreadable".into());
            Err(ArchiveError::Damaged {
                path: path.to_path_buf(),
                message: format!("the database file is damaged ({what})"),
            })
        }
    }
}

fn open_error(path: &Path, e: redb::DatabaseError, access: Access) -> ArchiveError {
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => ArchiveError::Locked {
            path: path.to_path_buf(),
            read_only: access == Access::ReadOnly,
        },
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(m)) => ArchiveError::Damaged {
            path: path.to_path_buf(),
            message: m,
        },
        e => ArchiveError::Store(format!("{}: {e}", path.display())),
    }
}

impl Db {
    /// Open `path` with `cache` bytes of page cache: created when writable,
    /// an existing file when read-only.
    pub fn open(path: &Path, access: Access, cache: usize) -> Result<Self> {
        if let Ok(m) = std::fs::metadata(path)
            && m.len() == 0
        {
            // redb would make a new database in an emptied file; an emptied
            // archive file is damage, not a new archive.
            return Err(ArchiveError::Damaged {
                path: path.to_path_buf(),
                message: "the database file is empty (truncated or replaced): \
                          move it away to start a new one"
                    .into(),
            });
        }
        let inner = guard(path, || {
            let mut b = Database::builder();
            b.set_cache_size(cache);
            Ok(match access {
                Access::ReadWrite => {
                    Inner::Rw(b.create(path).map_err(|e| open_error(path, e, access))?)
                }
                Access::ReadOnly => Inner::Ro(
                    b.open_read_only(path)
                        .map_err(|e| open_error(path, e, access))?,
                ),
            })
        })?;
        Ok(Db {
            path: path.to_path_buf(),
            inner,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether writes are refused.
    pub fn read_only(&self) -> bool {
        matches!(self.inner, Inner::Ro(_))
    }

    /// A read transaction.
    pub fn begin_read(&self) -> Result<ReadTransaction> {
        guard(&self.path, || {
            Ok(match &self.inner {
                Inner::Rw(d) => d.begin_read()?,
                Inner::Ro(d) => d.begin_read()?,
            })
        })
    }

    /// A write transaction; an error on a read-only open.
    pub fn begin_write(&self) -> Result<WriteTransaction> {
        match &self.inner {
            Inner::Rw(d) => guard(&self.path, || Ok(d.begin_write()?)),
            Inner::Ro(_) => Err(ArchiveError::ReadOnly(self.path.clone())),
        }
    }
}
