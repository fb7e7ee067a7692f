//! # cablescope-archive
//!
//! The archive: ingest any pile of cables, keep every copy, search it.
//!
//! - [`Archive`] is an archive in a data directory: a [`store::Store`] (every
//!   copy of every document, which cable it belongs to, crash-safe) and a
//!   [`index::SearchIndex`] (tantivy: one document per cable, with the fields
//!   users search and facet by; it is derived from the store, keeps no second
//!   copy of the text, and is rebuilt from the store when its layout changes).
//! - [`Archive::ingest`] reads files, directories and archives, parses them in
//!   parallel with `cablescope-format`, merges copies of the same cable, and
//!   returns a [`ingest::Summary`] whose numbers add up.
//! - [`Archive::search`] runs a [`search::SearchRequest`] written in the
//!   [`query`] language and returns hits, the hit count and facet counts.
//! - [`Archive::document`], [`Archive::refs`], [`Archive::stats`] and
//!   [`export`] read it back.
//! - [`Archive::links`] gives the links between news articles and cables
//!   (`names`, `quotes` with aligned passages, `republishes`, `concerns`),
//!   computed at ingest by [`links`] with `cablescope-press`.
//!
//! ```
//! use cablescope_archive::{Archive, ingest::Quiet, search::SearchRequest};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("c.txt"), "\
//! O 160138Z JUL 07
//! FM AMEMBASSY KUALA LUMPUR
//!
//! C O N F I D E N T I A L KUALA LUMPUR 001145
//!
//! TAGS: PREL MY
//! SUBJECT: TRAFFICKING IN PERSONS
//!
//! 1. (C) Summary: the tier ranking. End Summary.
//! ").unwrap();
//! let archive = Archive::open(&dir.path().join("data")).unwrap();
//! let summary = archive.ingest(&[dir.path().join("c.txt")], &Quiet).unwrap();
//! assert_eq!(summary.new_cables, 1);
//! let hits = archive.search(&SearchRequest::new("tier tag:PREL")).unwrap();
//! assert_eq!(hits.hits[0].id, "07KUALALUMPUR1145");
//! ```
#![warn(missing_docs)]

pub mod cablegate;
pub mod error;
pub mod export;
pub mod facets;
pub mod histogram;
pub mod hit_body;
pub mod index;
pub mod ingest;
pub mod links;
pub mod query;
pub mod read;
pub mod search;
pub mod store;

use std::path::{Path, PathBuf};

use cablescope_format::{Form, Record};

pub use error::{ArchiveError, Result};
use index::SearchIndex;
use store::{DocRow, Store};

/// An archive in a data directory.
pub struct Archive {
    dir: PathBuf,
    /// Every copy of every document.
    pub store: Store,
    /// The search index.
    pub index: SearchIndex,
}

/// The default data directory: `$CABLESCOPE_DATA`, else `~/.local/share/cablescope`
/// (`$XDG_DATA_HOME/cablescope`), else `./cablescope-data`.
pub fn default_data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CABLESCOPE_DATA").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(x).join("cablescope");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(h).join(".local/share/cablescope");
    }
    PathBuf::from("cablescope-data")
}

impl Archive {
    /// Open the archive in `dir` (created if needed), finishing any ingest a
    /// crash interrupted (documents stored but not yet indexed).
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
        let store = Store::open(&dir.join("store.redb"))?;
        let index = SearchIndex::open(&dir.join("index"), || store.mark_all_dirty().map(drop))?;
        let a = Archive {
            dir: dir.to_path_buf(),
            store,
            index,
        };
        a.recover()?;
        a.index.reload()?;
        Ok(a)
    }

    /// Open an existing archive without creating one.
    pub fn open_existing(dir: &Path) -> Result<Self> {
        if !dir.join("store.redb").exists() {
            return Err(ArchiveError::BadInput {
                path: dir.display().to_string(),
                message: "no archive here: run `cablescope ingest` (or `cablescope demo`) first, or pass --data".into(),
            });
        }
        Self::open(dir)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Re-index documents left dirty by an interrupted ingest (parsed in
    /// parallel, a few thousand at a time).
    fn recover(&self) -> Result<()> {
        use rayon::prelude::*;
        let dirty = self.store.dirty_docs()?;
        if dirty.is_empty() {
            return Ok(());
        }
        let mut w = self.index.writer()?;
        for chunk in dirty.chunks(2048) {
            let docs: Vec<tantivy::TantivyDocument> = chunk
                .par_iter()
                .map(|row| {
                    let rec = self.reading_record(row)?;
                    Ok(index::document::to_document(
                        &self.index.fields,
                        &row.id,
                        &rec,
                        &row.reading,
                        row.copies.len() as u64,
                    ))
                })
                .collect::<Result<_>>()?;
            for (row, d) in chunk.iter().zip(docs) {
                self.index.upsert(&w, &row.id, d)?;
            }
        }
        w.commit()?;
        w.wait_merging_threads()?;
        let ids: Vec<String> = dirty.into_iter().map(|d| d.id).collect();
        self.store.mark_clean(&ids)?;
        Ok(())
    }

    /// Parse a stored copy back into its record.
    pub fn copy_record(&self, copy: &store::CopyRow) -> Record {
        if let Some(r) = &copy.record {
            let mut r = r.clone();
            r.text = copy.text.clone();
            return r;
        }
        match copy.form {
            Form::Text => cablescope_format::parse_text(&copy.path, &copy.text),
            _ => {
                let meta = copy.source.clone().unwrap_or_default();
                cablescope_format::forms::parse_parts(&copy.path, copy.form, None, &copy.text, meta)
            }
        }
    }

    /// The record of a document's reading copy.
    pub fn reading_record(&self, row: &DocRow) -> Result<Record> {
        let copy = self.store.copy(&row.reading)?.ok_or_else(|| {
            ArchiveError::Store(format!("copy {} of {} missing", row.reading, row.id))
        })?;
        Ok(self.copy_record(&copy))
    }
}
