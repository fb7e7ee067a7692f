//! The store: every copy of every document, and which cable each belongs to.
//!
//! An embedded ACID database (redb) in `DATA/store.redb`. Tables:
//! `copies` (content hash -> [`CopyRow`]: the text as read, zstd-compressed,
//! its source path, form and the metadata the source carried; see [`codec`]),
//! `docs` (document id -> [`DocRow`]: its copies and the reading copy),
//! `dirty` (ids of documents the search index does not hold yet) and `meta`.
//! Records are not stored: they are re-derived from the text by the
//! (deterministic, fast) parser when needed.
//!
//! Ingest reads through a [`Lookup`] (one read transaction per batch) and
//! writes each batch in one transaction; marking documents clean deletes their
//! ids from `dirty` and leaves their rows alone.

use std::path::Path;
use std::sync::Arc;

use cablescope_format::{Form, Kind, SourceMeta};
use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};

pub mod codec;

use crate::db::{Access, Db, guard};
use crate::error::{ArchiveError, Result};

const COPIES: TableDefinition<&str, &[u8]> = TableDefinition::new("copies");
const DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("docs");
const DIRTY: TableDefinition<&str, ()> = TableDefinition::new("dirty");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");

/// The store format this version writes (`meta` key `store_format`). Format 1
/// kept copies as JSON and the dirty mark inside each document row.
const STORE_FORMAT: &str = "2";

/// Page cache of the database: enough for a batch's pages and the lookups of
/// an ingest, small beside the index writer's memory.
const CACHE_BYTES: usize = 128 << 20;

/// One copy of a document, as it arrived.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CopyRow {
    /// BLAKE3 hash (hex) of `text`.
    pub hash: String,
    /// Where it came from (`file`, `archive.tar.xz!member`, `cables.csv:line 17`).
    pub path: String,
    /// Its form.
    pub form: Form,
    /// Its kind as parsed.
    pub kind: Kind,
    /// The document id it belongs to.
    pub doc_id: String,
    /// The text as read (cable text: header and body; article text).
    pub text: String,
    /// Metadata the source carried beside the text.
    pub source: Option<SourceMeta>,
    /// Size in bytes of `text`.
    pub size: usize,
    /// The parsed record, kept only where it cannot be re-derived from `text`
    /// alone (articles, web pages, PDF and JSON forms); cables from teletype
    /// text, WikiLeaks pages and csv rows are re-parsed on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<cablescope_format::Record>,
}

/// One document (a cable, an article, another document) and its copies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct DocRow {
    /// Canonical id (`07KUALALUMPUR1145`, `article-<hash>`, `doc-<hash>`).
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Hashes of its copies, in order of arrival.
    pub copies: Vec<String>,
    /// Hash of the copy used as reading text.
    pub reading: String,
    /// How complete the reading copy is (see `ingest::completeness`).
    pub reading_score: i64,
    /// True until the search index holds the current state (kept in the
    /// `dirty` table; read from a format-1 row once, when upgrading).
    #[serde(default, skip_serializing)]
    pub dirty: bool,
}

/// The store.
pub struct Store {
    db: Db,
    /// Copies' texts recently read for snippets and link reasons, by hash
    /// (a copy's text never changes under its hash).
    texts: TextCache,
}

/// Bytes of copies' texts kept decompressed for reading again.
const TEXT_CACHE_BYTES: u64 = 32 << 20;

/// Weighs a cached text by its length.
#[derive(Clone)]
struct TextWeight;

impl quick_cache::Weighter<String, Arc<str>> for TextWeight {
    fn weight(&self, key: &String, text: &Arc<str>) -> u64 {
        (key.len() + text.len()) as u64
    }
}

type TextCache = quick_cache::sync::Cache<String, Arc<str>, TextWeight>;

fn bad<E: std::fmt::Display>(e: E) -> ArchiveError {
    ArchiveError::Store(e.to_string())
}

fn decode_doc(bytes: &[u8]) -> Result<DocRow> {
    Ok(serde_json::from_slice(bytes)?)
}

/// Decode the row stored under `id`, checking that it is that document's.
fn decode_doc_at(id: &str, bytes: &[u8]) -> Result<DocRow> {
    let damaged = |what: String| ArchiveError::Damaged {
        path: "store.redb".into(),
        message: format!("the row of document {id} is damaged: {what}"),
    };
    let row = decode_doc(bytes).map_err(|e| damaged(e.to_string()))?;
    if row.id != id {
        return Err(damaged(format!("it names document {}", row.id)));
    }
    Ok(row)
}

/// Read access for the duration of one batch: one read transaction.
pub struct Lookup {
    copies: redb::ReadOnlyTable<&'static str, &'static [u8]>,
    docs: redb::ReadOnlyTable<&'static str, &'static [u8]>,
}

impl Lookup {
    /// Whether a copy with this hash is stored.
    pub fn has_copy(&self, hash: &str) -> Result<bool> {
        Ok(self.copies.get(hash)?.is_some())
    }

    /// A document by id (its `dirty` flag is not read here).
    pub fn doc(&self, id: &str) -> Result<Option<DocRow>> {
        self.docs
            .get(id)?
            .map(|v| decode_doc_at(id, v.value()))
            .transpose()
    }
}

/// Read access to copies' texts for the duration of one search (one read
/// transaction): the texts that snippets and link reasons are cut from.
/// Texts read recently come from the store's cache.
pub struct Texts<'a> {
    copies: redb::ReadOnlyTable<&'static str, &'static [u8]>,
    cache: &'a TextCache,
}

impl Texts<'_> {
    /// The text of the copy stored under `hash`, if it is stored.
    pub fn text(&self, hash: &str) -> Result<Option<Arc<str>>> {
        if let Some(t) = self.cache.get(hash) {
            return Ok(Some(t));
        }
        guard(std::path::Path::new("store.redb"), || {
            let Some(v) = self.copies.get(hash)? else {
                return Ok(None);
            };
            let text: Arc<str> = codec::decode_text(hash, v.value())?.into();
            self.cache.insert(hash.to_string(), text.clone());
            Ok(Some(text))
        })
    }
}

impl Store {
    /// Open (or create) the store file, upgrading a format-1 store in place
    /// (its dirty marks move to the `dirty` table; its copies stay readable).
    /// Read-only, an existing store is opened under a shared lock and nothing
    /// is upgraded.
    pub fn open(path: &Path, access: Access) -> Result<Self> {
        let db = Db::open(path, access, CACHE_BYTES)?;
        let store = Store {
            db,
            texts: TextCache::with_weighter(4096, TEXT_CACHE_BYTES, TextWeight),
        };
        if access == Access::ReadOnly {
            let format = store.meta("store_format")?;
            if format.as_deref() != Some(STORE_FORMAT) {
                return Err(ArchiveError::Store(format!(
                    "{}: store format {} cannot be read without upgrading it: open the archive \
                     once for writing (cablescope ingest)",
                    path.display(),
                    format.as_deref().unwrap_or("1")
                )));
            }
            return Ok(store);
        }
        guard(path, || store.upgrade(path))?;
        Ok(store)
    }

    fn upgrade(&self, path: &Path) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            tx.open_table(COPIES)?;
            let mut docs = tx.open_table(DOCS)?;
            let mut dirty = tx.open_table(DIRTY)?;
            let mut meta = tx.open_table(META)?;
            let format = meta.get("store_format")?.map(|v| v.value().to_string());
            match format.as_deref() {
                Some(STORE_FORMAT) => {}
                None => {
                    // Format 1 (or a new store): carry the dirty marks over.
                    let mut marked = Vec::new();
                    for item in docs.iter()? {
                        let (k, v) = item?;
                        if decode_doc(v.value())?.dirty {
                            marked.push(k.value().to_string());
                        }
                    }
                    for id in &marked {
                        dirty.insert(id.as_str(), ())?;
                        let row = docs.get(id.as_str())?.map(|v| decode_doc(v.value()));
                        if let Some(row) = row.transpose()? {
                            docs.insert(id.as_str(), serde_json::to_vec(&row)?.as_slice())?;
                        }
                    }
                    meta.insert("store_format", STORE_FORMAT)?;
                }
                Some(other) => {
                    return Err(ArchiveError::Store(format!(
                        "{}: store format {other} was written by a newer cablescope (this one reads formats 1 and {STORE_FORMAT})",
                        path.display()
                    )));
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// Whether the store was opened for reading only.
    pub fn read_only(&self) -> bool {
        self.db.read_only()
    }

    /// Read access for a batch of lookups.
    pub fn lookup(&self) -> Result<Lookup> {
        let tx = self.db.begin_read()?;
        Ok(Lookup {
            copies: tx.open_table(COPIES)?,
            docs: tx.open_table(DOCS)?,
        })
    }

    /// Read access to copies' texts (one read transaction).
    pub fn texts(&self) -> Result<Texts<'_>> {
        let tx = self.db.begin_read()?;
        Ok(Texts {
            copies: tx.open_table(COPIES)?,
            cache: &self.texts,
        })
    }

    /// Mark every document dirty (the search index is rebuilt from the store
    /// when its layout changed), in one durable transaction.
    pub fn mark_all_dirty(&self) -> Result<u64> {
        let tx = self.db.begin_write()?;
        let mut n = 0;
        {
            let docs = tx.open_table(DOCS)?;
            let mut dirty = tx.open_table(DIRTY)?;
            for item in docs.iter()? {
                let (k, _) = item?;
                dirty.insert(k.value(), ())?;
                n += 1;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// A copy by hash.
    pub fn copy(&self, hash: &str) -> Result<Option<CopyRow>> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let t = tx.open_table(COPIES)?;
            t.get(hash)?
                .map(|v| codec::decode_copy(hash, v.value()))
                .transpose()
        })
    }

    /// Whether a copy with this hash is stored.
    pub fn has_copy(&self, hash: &str) -> Result<bool> {
        self.lookup()?.has_copy(hash)
    }

    /// A document by id.
    pub fn doc(&self, id: &str) -> Result<Option<DocRow>> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let t = tx.open_table(DOCS)?;
            let dirty = tx.open_table(DIRTY)?;
            match t.get(id)? {
                Some(v) => {
                    let mut row = decode_doc_at(id, v.value())?;
                    row.dirty = dirty.get(id)?.is_some();
                    Ok(Some(row))
                }
                None => Ok(None),
            }
        })
    }

    /// All documents, in id order.
    pub fn docs(&self) -> Result<Vec<DocRow>> {
        let mut out = Vec::new();
        self.for_each_doc(|d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// Visit every document without holding them all in memory.
    pub fn for_each_doc(&self, f: impl FnMut(DocRow) -> Result<()>) -> Result<()> {
        guard(self.db.path(), || self.each_doc(f))
    }

    fn each_doc(&self, mut f: impl FnMut(DocRow) -> Result<()>) -> Result<()> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(DOCS)?;
        let dirty = tx.open_table(DIRTY)?;
        let any_dirty = !dirty.is_empty()?;
        for item in t.iter()? {
            let (k, v) = item?;
            let mut row = decode_doc_at(k.value(), v.value())?;
            row.dirty = any_dirty && dirty.get(k.value())?.is_some();
            f(row)?;
        }
        Ok(())
    }

    /// Documents whose index entry is not up to date (after a crash).
    pub fn dirty_docs(&self) -> Result<Vec<DocRow>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(DOCS)?;
        let dirty = tx.open_table(DIRTY)?;
        let mut out = Vec::new();
        for item in dirty.iter()? {
            let (k, _) = item?;
            if let Some(v) = t.get(k.value())? {
                let mut row = decode_doc_at(k.value(), v.value())?;
                row.dirty = true;
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Number of documents and copies.
    pub fn counts(&self) -> Result<(u64, u64)> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let d = tx.open_table(DOCS)?.len()?;
            let c = tx.open_table(COPIES)?.len()?;
            Ok((d, c))
        })
    }

    /// Visit every copy (hash and decoded row, or the error that reading it
    /// gave), in hash order: `cablescope check`.
    pub fn for_each_copy(&self, mut f: impl FnMut(&str, Result<CopyRow>)) -> Result<()> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let t = tx.open_table(COPIES)?;
            for item in t.iter()? {
                let (k, v) = item?;
                let hash = k.value();
                f(hash, codec::decode_copy(hash, v.value()));
            }
            Ok(())
        })
    }

    /// Write a batch atomically: new copies, and the documents they changed
    /// (marked dirty). Either all of it is stored or none.
    ///
    /// The commit is not flushed to disk (no fsync): a crash returns the store
    /// to its last durable state, as if the batch had never been read, and
    /// re-running the ingest reads it again. [`Store::sync`] makes every batch
    /// written so far durable; the ingest calls it before the search index
    /// commits documents, so the index never holds a document the store lost.
    pub fn write_batch(&self, copies: &[CopyRow], docs: &[DocRow]) -> Result<()> {
        let encoded: Vec<Vec<u8>> = {
            use rayon::prelude::*;
            copies
                .par_iter()
                .map(codec::encode_copy)
                .collect::<Result<_>>()?
        };
        let mut tx = self.db.begin_write()?;
        tx.set_durability(redb::Durability::None).map_err(bad)?;
        {
            let mut ct = tx.open_table(COPIES)?;
            for (c, v) in copies.iter().zip(&encoded) {
                ct.insert(c.hash.as_str(), v.as_slice())?;
            }
            let mut dt = tx.open_table(DOCS)?;
            let mut dirty = tx.open_table(DIRTY)?;
            for d in docs {
                let v = serde_json::to_vec(d)?;
                dt.insert(d.id.as_str(), v.as_slice())?;
                dirty.insert(d.id.as_str(), ())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Make every batch written so far durable (one fsync).
    pub fn sync(&self) -> Result<()> {
        let tx = self.db.begin_write()?;
        tx.commit()?;
        Ok(())
    }

    /// Mark documents clean once the index holds them.
    pub fn mark_clean(&self, ids: &[String]) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut dirty = tx.open_table(DIRTY)?;
            for id in ids {
                dirty.remove(id.as_str())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A metadata value.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(META)?;
        Ok(t.get(key)?.map(|v| v.value().to_string()))
    }

    /// Set a metadata value.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            tx.open_table(META)?.insert(key, value)?;
        }
        tx.commit().map_err(bad)?;
        Ok(())
    }
}
