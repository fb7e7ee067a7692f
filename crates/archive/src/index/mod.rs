//! The search index (tantivy) in `DATA/index/`.

pub mod body;
pub mod document;
pub mod memo;
pub mod schema;
pub mod stem;

use std::path::Path;

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::error::{ArchiveError, Result};
use schema::Fields;

/// The search index: schema, writer on demand, reader.
pub struct SearchIndex {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// A reader, reloaded after each commit.
    pub reader: IndexReader,
    /// Facet layouts of the segments searched.
    pub facet_cache: crate::facets::FacetCache,
}

/// Settings of a new index. The doc store (subject, body for snippets, the
/// few display fields) is LZ4-compressed. Measured on the shared corpus,
/// leaving it uncompressed made the index 40% larger (1.21 against 0.86 MB
/// per MB of text) for an ingest faster by less than the run-to-run noise.
/// (An index made with other settings keeps them: tantivy records them in its
/// `meta.json`.)
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Lz4,
        ..Default::default()
    }
}

impl SearchIndex {
    /// Open the index in `dir`, creating it if needed.
    ///
    /// The index is derived from the store. One that an earlier version made
    /// with another layout (schema) cannot be read with this one: it is
    /// replaced by an empty index after `before_replace` has run, in which the
    /// archive marks every stored document for indexing, so that a rebuild
    /// cut short is finished by the next open.
    pub fn open(dir: &Path, before_replace: impl FnOnce() -> Result<()>) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
        let (schema, fields) = schema::build();
        let index = match Self::open_with(dir, &schema) {
            Err(tantivy::TantivyError::SchemaError(_)) => {
                before_replace()?;
                std::fs::remove_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
                std::fs::create_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
                Self::open_with(dir, &schema)
            }
            r => r,
        }
        .map_err(|e| ArchiveError::Index(format!("{}: {e}", dir.display())))?;
        Self::with_reader(index, fields)
    }

    /// Open the index in `dir` for reading only: nothing is created or
    /// replaced. A missing index reads as an empty one (the archive's open
    /// names the disagreement with the store); one of another layout is an
    /// error that says how to rebuild it.
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        let (schema, fields) = schema::build();
        let index = if dir.join("meta.json").exists() {
            let index = Index::open_in_dir(dir)
                .map_err(|e| ArchiveError::Index(format!("{}: {e}", dir.display())))?;
            if index.schema() != schema {
                return Err(ArchiveError::Index(format!(
                    "{}: made by another version of cablescope: open the archive for writing \
                     once (cablescope check --repair) to rebuild it",
                    dir.display()
                )));
            }
            index
        } else {
            Index::builder()
                .schema(schema)
                .settings(settings())
                .create_in_ram()?
        };
        Self::with_reader(index, fields)
    }

    /// The index with its analyzer registered and a reader.
    fn with_reader(index: Index, fields: Fields) -> Result<Self> {
        index.tokenizers().register(stem::NAME, stem::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            fields,
            reader,
            facet_cache: Default::default(),
        })
    }

    fn open_with(dir: &Path, schema: &tantivy::schema::Schema) -> tantivy::Result<Index> {
        let mmap = MmapDirectory::open(dir)?;
        Index::builder()
            .schema(schema.clone())
            .settings(settings())
            .open_or_create(mmap)
    }

    /// A writer (one at a time; holds the index lock).
    pub fn writer(&self) -> Result<IndexWriter<TantivyDocument>> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        Ok(self
            .index
            .writer_with_num_threads(threads, 256 * 1024 * 1024)?)
    }

    /// Replace the document of `id` (delete then add).
    pub fn upsert(
        &self,
        w: &IndexWriter<TantivyDocument>,
        id: &str,
        doc: TantivyDocument,
    ) -> Result<()> {
        w.delete_term(Term::from_field_text(self.fields.id, id));
        w.add_document(doc)?;
        Ok(())
    }

    /// Reload the reader after a commit.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        let live: Vec<_> = self
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        self.facet_cache.retain(&live);
        Ok(())
    }
}
