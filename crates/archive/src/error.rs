//! Errors of the archive.

use std::path::PathBuf;

/// Anything that can go wrong opening, filling or querying an archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The embedded store failed.
    #[error("store: {0}")]
    Store(String),
    /// The search index failed.
    #[error("index: {0}")]
    Index(String),
    /// A query could not be read; `position` is the character offset of the problem.
    #[error("{0}")]
    Query(#[from] crate::query::QueryError),
    /// A file of the archive is damaged: it is not answered from, and
    /// `cablescope check` lists what is affected.
    #[error("{}: {message}", path.display())]
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Another process holds the archive.
    #[error("{}: the archive is in use by another cablescope process{}", path.display(), if *read_only {
        " that writes to it (an ingest, or `cablescope serve --admin-token`): wait for it to end or stop it; \
         beside a read-only `cablescope serve` (no admin token), read commands work"
    } else {
        " (an ingest, or `cablescope serve`): wait for it to end or stop it; read commands (search, show, \
         stats, refs, export) can run beside a `cablescope serve` started without --admin-token"
    })]
    Locked {
        /// The file whose lock is held.
        path: PathBuf,
        /// Whether a read-only open was refused.
        read_only: bool,
    },
    /// A write to an archive opened for reading only.
    #[error("{}: the archive is open for reading only", .0.display())]
    ReadOnly(PathBuf),
    /// No cable or document with this id.
    #[error("no cable or document with id `{0}` in the archive")]
    NotFound(String),
    /// An input could not be read as an archive or document.
    #[error("{path}: {message}")]
    BadInput {
        /// The input.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl ArchiveError {
    /// An I/O error on a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ArchiveError::Io {
            path: path.into(),
            source,
        }
    }
}

macro_rules! from_store {
    ($($t:ty),*) => {$(
        impl From<$t> for ArchiveError {
            fn from(e: $t) -> Self {
                ArchiveError::Store(e.to_string())
            }
        }
    )*};
}
from_store!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    serde_json::Error
);

impl From<tantivy::TantivyError> for ArchiveError {
    fn from(e: tantivy::TantivyError) -> Self {
        ArchiveError::Index(e.to_string())
    }
}

/// Result with an [`ArchiveError`].
pub type Result<T, E = ArchiveError> = std::result::Result<T, E>;
