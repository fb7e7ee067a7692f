//! Subcommands.

pub mod check;
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

/// Exit status when another process holds the archive (EX_TEMPFAIL: try
/// again later), distinct from usage errors (2).
pub(crate) const LOCKED: u8 = 75;

/// Open an existing archive for reading (read-only when nothing needs
/// repairing, so it works beside a read-only `cablescope serve`), printing
/// what the open found; or say why not.
pub(crate) fn open(data: &Path) -> Result<Archive, ExitCode> {
    match Archive::open_for_reading(data) {
        Ok(a) => {
            print_notices(&a);
            Ok(a)
        }
        Err(e) => Err(fail(e)),
    }
}

/// Print, on standard error, what opening the archive found or repaired.
pub(crate) fn print_notices(a: &Archive) {
    for n in a.notices() {
        eprintln!("cablescope: note: {n}");
    }
}

/// Report an archive error: exit code 2 for an unknown id or a missing
/// archive, 75 when another process holds it, 1 otherwise.
pub(crate) fn fail(e: ArchiveError) -> ExitCode {
    eprintln!("cablescope: {e}");
    match e {
        ArchiveError::NotFound(_) | ArchiveError::BadInput { .. } => ExitCode::from(2),
        ArchiveError::Locked { .. } => ExitCode::from(LOCKED),
        _ => ExitCode::from(1),
    }
}
