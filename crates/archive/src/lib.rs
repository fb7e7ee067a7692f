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
//! - [`Archive::open`] holds the archive for writing (one process) and
//!   repairs what disagrees; [`Archive::open_read_only`] reads it under a
//!   shared lock ([`db`]), beside other readers. [`Archive::check`] reads
//!   every row back and lists what is damaged ([`check::CheckReport`]).
//! - [`ingest::Limits`] bound what one input may cost, checked while reading.
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
pub mod check;
pub mod db;
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

pub use db::Access;
pub use error::{ArchiveError, Result};
use index::SearchIndex;
use links::table::LinkTable;
use store::{DocRow, Store};

/// An archive in a data directory.
///
/// Its three files are opened once, here, and shared by every reader: the
/// store, the index and the links. Opened for writing ([`Archive::open`]),
/// it finishes an interrupted ingest and repairs an index that disagrees
/// with the store, saying so in [`Archive::notices`]; opened for reading only
/// ([`Archive::open_read_only`]), many processes may read it at once.
pub struct Archive {
    dir: PathBuf,
    access: Access,
    /// Every copy of every document.
    pub store: Store,
    /// The search index.
    pub index: SearchIndex,
    links: Option<LinkTable>,
    notices: Vec<String>,
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
    /// Open the archive in `dir` (created if needed) for reading and writing,
    /// finishing any ingest a crash interrupted (documents stored but not yet
    /// indexed) and rebuilding an index that disagrees with the store.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
        let store = Store::open(&dir.join("store.redb"), Access::ReadWrite)?;
        let mut notices = Vec::new();
        let index = SearchIndex::open(&dir.join("index"), || {
            notices
                .push("the index was made by another version: rebuilding it from the store".into());
            store.mark_all_dirty().map(drop)
        })?;
        let links = LinkTable::open(dir, Access::ReadWrite)?;
        let mut a = Archive {
            dir: dir.to_path_buf(),
            access: Access::ReadWrite,
            store,
            index,
            links,
            notices,
        };
        a.recover()?;
        a.index.reload()?;
        a.reconcile()?;
        a.build_press_sets()?;
        Ok(a)
    }

    /// Open an existing archive for reading only, under shared locks: any
    /// number of processes may do so at once (beside a read-only server), and
    /// nothing is repaired or written. Documents an interrupted ingest left
    /// unindexed, or an index that disagrees with the store, are named in
    /// [`Archive::notices`].
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        Self::must_exist(dir)?;
        let store = Store::open(&dir.join("store.redb"), Access::ReadOnly)?;
        let index = SearchIndex::open_read_only(&dir.join("index"))?;
        let links = LinkTable::open(dir, Access::ReadOnly)?;
        let mut a = Archive {
            dir: dir.to_path_buf(),
            access: Access::ReadOnly,
            store,
            index,
            links,
            notices: Vec::new(),
        };
        if let Some(problem) = a.disagreement()? {
            a.notices.push(format!(
                "{problem}; opened read-only, so not repaired: open it for writing \
                 (`cablescope check --repair`) when nothing else uses it"
            ));
        }
        Ok(a)
    }

    /// Open an existing archive for reading: read-only when that is enough,
    /// for writing when it needs a repair (and nothing else holds it), and
    /// read-only with a notice when it needs one but another process writes.
    pub fn open_for_reading(dir: &Path) -> Result<Self> {
        Self::must_exist(dir)?;
        match Self::open_read_only(dir) {
            Ok(a) if a.notices.is_empty() => Ok(a),
            first => {
                let first_err = first.err();
                match Self::open(dir) {
                    Ok(a) => Ok(a),
                    Err(ArchiveError::Locked { .. }) if first_err.is_none() => {
                        Self::open_read_only(dir)
                    }
                    Err(e) => Err(first_err.unwrap_or(e)),
                }
            }
        }
    }

    fn must_exist(dir: &Path) -> Result<()> {
        if !dir.join("store.redb").exists() {
            return Err(ArchiveError::BadInput {
                path: dir.display().to_string(),
                message: "no archive here: run `cablescope ingest` (or `cablescope demo`) first, or pass --data".into(),
            });
        }
        Ok(())
    }

    /// Open an existing archive for reading and writing, without creating one.
    pub fn open_existing(dir: &Path) -> Result<Self> {
        Self::must_exist(dir)?;
        Self::open(dir)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How the archive was opened.
    pub fn access(&self) -> Access {
        self.access
    }

    /// What opening the archive found and repaired (or, read-only, found and
    /// left), in words for the user.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Why the index does not answer for the store, if it does not.
    fn disagreement(&self) -> Result<Option<String>> {
        let dirty = self.store.dirty_docs()?.len();
        if dirty > 0 {
            return Ok(Some(format!(
                "{dirty} documents stored by an interrupted ingest are not in the index yet"
            )));
        }
        let (stored, _) = self.store.counts()?;
        let indexed = self.index.reader.searcher().num_docs();
        if stored != indexed {
            return Ok(Some(format!(
                "the index holds {indexed} documents and the store {stored}"
            )));
        }
        let built = match &self.links {
            Some(t) => t.meta(links::table::PRESS_BUILT)?.is_some(),
            None => stored == 0,
        };
        if !built {
            return Ok(Some(
                "the search filters reported: and quoted: are not built for this archive yet"
                    .into(),
            ));
        }
        Ok(None)
    }

    /// Rebuild the index from the store where their counts disagree (an index
    /// deleted or damaged, a store replaced), saying so.
    fn reconcile(&mut self) -> Result<()> {
        let (stored, _) = self.store.counts()?;
        let indexed = self.index.reader.searcher().num_docs();
        if stored == indexed {
            return Ok(());
        }
        self.notices.push(if stored == 0 {
            format!(
                "the store holds no documents but the index held {indexed}: the store was \
                 emptied or replaced, so the index was cleared to match it (ingest the sources \
                 again to restore them)"
            )
        } else {
            format!(
                "the index held {indexed} documents and the store {stored}: the index was \
                 rebuilt from the store"
            )
        });
        self.store.mark_all_dirty()?;
        let mut w = self.index.writer()?;
        w.delete_all_documents()?;
        w.commit()?;
        w.wait_merging_threads()?;
        self.recover()?;
        self.index.reload()?;
        Ok(())
    }

    /// Re-index documents left dirty by an interrupted ingest (parsed in
    /// parallel, a few thousand at a time).
    fn recover(&mut self) -> Result<()> {
        use rayon::prelude::*;
        let dirty = self.store.dirty_docs()?;
        if dirty.is_empty() {
            return Ok(());
        }
        if !self.notices.iter().any(|n| n.contains("rebuil")) {
            self.notices.push(format!(
                "{} documents stored by an interrupted ingest were indexed",
                dirty.len()
            ));
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
