//! The store: every copy of every document, and which cable each belongs to.
//!
//! An embedded ACID database (redb) in `DATA/store.redb`. Two tables:
//! `copies` (content hash -> [`CopyRow`]: the text as read, its source path,
//! form and the metadata the source carried) and `docs` (document id ->
//! [`DocRow`]: its copies, the reading copy, and whether the search index still
//! has to be updated). Records are not stored: they are re-derived from the
//! text by the (deterministic, fast) parser when needed.

use std::path::Path;

use cablescope_format::{Form, Kind, SourceMeta};
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::error::{ArchiveError, Result};

const COPIES: TableDefinition<&str, &[u8]> = TableDefinition::new("copies");
const DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("docs");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");

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
    /// True until the search index holds the current state.
    pub dirty: bool,
}

/// The store.
pub struct Store {
    db: Database,
}

fn bad<E: std::fmt::Display>(e: E) -> ArchiveError {
    ArchiveError::Store(e.to_string())
}

impl Store {
    /// Open (or create) the store file.
    pub fn open(path: &Path) -> Result<Self> {
        let db = Database::create(path)
            .map_err(|e| ArchiveError::Store(format!("{}: {e}", path.display())))?;
        let tx = db.begin_write()?;
        {
            tx.open_table(COPIES)?;
            tx.open_table(DOCS)?;
            tx.open_table(META)?;
        }
        tx.commit()?;
        Ok(Store { db })
    }

    /// A copy by hash.
    pub fn copy(&self, hash: &str) -> Result<Option<CopyRow>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(COPIES)?;
        match t.get(hash)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value())?)),
            None => Ok(None),
        }
    }

    /// Whether a copy with this hash is stored.
    pub fn has_copy(&self, hash: &str) -> Result<bool> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(COPIES)?;
        Ok(t.get(hash)?.is_some())
    }

    /// A document by id.
    pub fn doc(&self, id: &str) -> Result<Option<DocRow>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(DOCS)?;
        match t.get(id)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value())?)),
            None => Ok(None),
        }
    }

    /// All documents, in id order.
    pub fn docs(&self) -> Result<Vec<DocRow>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(DOCS)?;
        let mut out = Vec::new();
        for item in t.iter()? {
            let (_, v) = item?;
            out.push(serde_json::from_slice(v.value())?);
        }
        Ok(out)
    }

    /// Visit every document without holding them all in memory.
    pub fn for_each_doc(&self, mut f: impl FnMut(DocRow) -> Result<()>) -> Result<()> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(DOCS)?;
        for item in t.iter()? {
            let (_, v) = item?;
            f(serde_json::from_slice(v.value())?)?;
        }
        Ok(())
    }

    /// Documents whose index entry is not up to date (after a crash).
    pub fn dirty_docs(&self) -> Result<Vec<DocRow>> {
        Ok(self.docs()?.into_iter().filter(|d| d.dirty).collect())
    }

    /// Number of documents and copies.
    pub fn counts(&self) -> Result<(u64, u64)> {
        let tx = self.db.begin_read()?;
        let d = tx.open_table(DOCS)?.len()?;
        let c = tx.open_table(COPIES)?.len()?;
        Ok((d, c))
    }

    /// Write a batch atomically: new copies, and the documents they changed
    /// (marked dirty). Either all of it is stored or none.
    pub fn write_batch(&self, copies: &[CopyRow], docs: &[DocRow]) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut ct = tx.open_table(COPIES)?;
            for c in copies {
                let v = serde_json::to_vec(c)?;
                ct.insert(c.hash.as_str(), v.as_slice())?;
            }
            let mut dt = tx.open_table(DOCS)?;
            for d in docs {
                let v = serde_json::to_vec(d)?;
                dt.insert(d.id.as_str(), v.as_slice())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Mark documents clean once the index holds them.
    pub fn mark_clean(&self, ids: &[String]) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut dt = tx.open_table(DOCS)?;
            for id in ids {
                let row: Option<DocRow> = dt
                    .get(id.as_str())?
                    .map(|v| serde_json::from_slice(v.value()))
                    .transpose()?;
                if let Some(mut row) = row
                    && row.dirty
                {
                    row.dirty = false;
                    let v = serde_json::to_vec(&row)?;
                    dt.insert(id.as_str(), v.as_slice())?;
                }
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
