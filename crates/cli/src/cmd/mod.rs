//! Subcommands.

pub mod demo;
pub mod ingest;
pub mod links;
pub mod parse;
pub mod search;
pub mod serve;
pub mod show;

use std::path::Path;
use std::process::ExitCode;

use cablescope_archive::{Archive, ArchiveError};

/// Open an existing archive, or say why not (exit code 2).
pub(crate) fn open(data: &Path) -> Result<Archive, ExitCode> {
    Archive::open_existing(data).map_err(|e| {
        eprintln!("cablescope: {e}");
        ExitCode::from(2)
    })
}

/// Report an archive error: exit code 2 for an unknown id, 1 otherwise.
pub(crate) fn fail(e: ArchiveError) -> ExitCode {
    eprintln!("cablescope: {e}");
    match e {
        ArchiveError::NotFound(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}
