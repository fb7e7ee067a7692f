//! Ingest: read any pile of documents, parse them in parallel, merge copies of
//! the same cable, store them and index them, in crash-safe batches.
//!
//! Each batch is (1) parsed in parallel, (2) merged with what the store holds
//! (a copy whose content hash is known is *unchanged*), (3) written to the
//! store in one transaction with the changed documents marked dirty, (4)
//! indexed and committed, (5) marked clean. A crash between (3) and (5)
//! leaves dirty documents, which [`crate::Archive::open`] re-indexes; a crash
//! before (3) commits leaves nothing, and re-running the ingest adds it.

pub mod sources;

use std::collections::HashMap;
use std::path::PathBuf;

use cablescope_format::forms::parse_parts;
use cablescope_format::{Form, Input, Kind, Record, Severity};
use rayon::prelude::*;
use serde::Serialize;

use crate::Archive;
use crate::error::Result;
use crate::index::document::to_document;
use crate::store::{CopyRow, DocRow};
use sources::{Item, expand_paths, visit_file};

/// A document that could not be ingested.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    /// File (with member, line or offset where known).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// What an ingest did. `documents = new_cables + new_copies + unchanged + articles + other`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Files read (archives count once).
    pub files: u64,
    /// Documents read (csv rows and archive members count one each).
    pub documents: u64,
    /// Bytes of document text read.
    pub bytes: u64,
    /// Cables not in the archive before.
    pub new_cables: u64,
    /// New copies of cables (or documents) already in the archive.
    pub new_copies: u64,
    /// Copies already ingested (same content).
    pub unchanged: u64,
    /// New articles.
    pub articles: u64,
    /// New other documents.
    pub other: u64,
    /// Inputs that could not be read.
    pub failures: Vec<Failure>,
}

/// Receives progress during an ingest.
pub trait Progress: Sync {
    /// Called after each batch with running totals.
    fn batch(&self, summary: &Summary);
}

/// No progress reporting.
pub struct Quiet;
impl Progress for Quiet {
    fn batch(&self, _: &Summary) {}
}

const BATCH_DOCS: usize = 2048;
const BATCH_BYTES: usize = 48 << 20;

/// Documents per batch: `CABLESCOPE_BATCH_DOCS` overrides the default (tests use small batches).
fn batch_docs() -> usize {
    std::env::var("CABLESCOPE_BATCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(BATCH_DOCS)
}

/// Crash-test hook: `CABLESCOPE_CRASH_AT=stage:batch` aborts the process (no
/// unwinding, no cleanup, as a `kill -9` would) at that stage of that batch.
/// Stages: `parsed`, `stored`, `indexed`, `committed`, `clean`.
fn crash_point(stage: &str, batch: u64) {
    if let Ok(v) = std::env::var("CABLESCOPE_CRASH_AT")
        && v == format!("{stage}:{batch}")
    {
        std::process::abort();
    }
}

/// How complete a copy is: the reading text is the most complete copy.
pub fn completeness(rec: &Record) -> i64 {
    let mut s = 0i64;
    if rec.envelope.is_some() {
        s += 1_000_000;
    }
    if rec.classification_line.is_some() {
        s += 500_000;
    }
    if rec.created.is_some() {
        s += 250_000;
    }
    let body: usize = rec.paragraphs.iter().map(|p| p.text.len()).sum();
    let redacted: usize = rec
        .paragraphs
        .iter()
        .flat_map(|p| p.redactions.iter())
        .map(|r| r.end - r.start)
        .sum();
    s + body as i64
        - 2 * redacted as i64
        - 10 * rec
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Repair)
            .count() as i64
}

/// The id a record is stored under.
pub fn doc_id(rec: &Record, hash: &str) -> String {
    match rec.kind {
        Kind::Cable => {
            let inferred = rec
                .diagnostics
                .iter()
                .any(|d| d.field == "id" && d.message.contains("inferred"));
            let source = rec
                .source
                .as_ref()
                .and_then(|s| s.id.as_deref())
                .and_then(cablescope_format::ids::canonical_id);
            match (&rec.id, source) {
                (Some(id), _) if !inferred => id.clone(),
                (_, Some(s)) => s,
                (Some(id), None) => id.clone(),
                (None, None) => format!("doc-{}", &hash[..16]),
            }
        }
        Kind::Article => format!("article-{}", &hash[..16]),
        Kind::Other => format!("doc-{}", &hash[..16]),
    }
}

/// The text a copy is identified by.
fn copy_text(rec: &Record) -> String {
    if !rec.text.is_empty() {
        rec.text.clone()
    } else {
        rec.article
            .as_ref()
            .map(|a| a.text.clone())
            .unwrap_or_default()
    }
}

enum Parsed {
    Ok(Box<(CopyRow, Record)>),
    Failed(Failure),
}

fn parse_item(item: Item) -> Vec<Parsed> {
    let recs: Vec<Record> = match item {
        Item::Failed { path, message } => return vec![Parsed::Failed(Failure { path, message })],
        Item::Doc { path, bytes } => cablescope_format::parse(Input {
            path: &path,
            bytes: &bytes,
        }),
        Item::CsvRow { path, row } => {
            let name = format!("{path}:line {}", row.line);
            vec![parse_parts(
                &name,
                Form::CsvRow,
                Some(&row.header),
                &row.body,
                row.meta,
            )]
        }
    };
    recs.into_iter()
        .map(|rec| {
            if let Some(message) = rec.failure() {
                return Parsed::Failed(Failure {
                    path: rec.path.clone(),
                    message: message.to_string(),
                });
            }
            let text = copy_text(&rec);
            let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
            let id = doc_id(&rec, &hash);
            let reproducible = rec.kind == Kind::Cable
                && matches!(rec.form, Form::Text | Form::WikileaksPage | Form::CsvRow);
            let record = if reproducible {
                None
            } else {
                let mut r = rec.clone();
                r.text = String::new();
                Some(r)
            };
            let copy = CopyRow {
                hash,
                path: rec.path.clone(),
                form: rec.form,
                kind: rec.kind,
                doc_id: id,
                size: text.len(),
                text,
                source: rec.source.clone(),
                record,
            };
            Parsed::Ok(Box::new((copy, rec)))
        })
        .collect()
}

struct Pipeline<'a> {
    archive: &'a Archive,
    writer: tantivy::IndexWriter<tantivy::TantivyDocument>,
    summary: Summary,
    batch: Vec<Item>,
    batch_bytes: usize,
    batches: u64,
    batch_limit: usize,
    progress: &'a dyn Progress,
}

impl Pipeline<'_> {
    fn push(&mut self, item: Item) -> Result<()> {
        let n = match &item {
            Item::Doc { bytes, .. } => bytes.len(),
            Item::CsvRow { row, .. } => row.header.len() + row.body.len(),
            Item::Failed { .. } => 0,
        };
        self.batch_bytes += n;
        self.batch.push(item);
        if self.batch.len() >= self.batch_limit || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let items = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let parsed: Vec<Parsed> = items.into_par_iter().flat_map_iter(parse_item).collect();
        self.batches += 1;
        let b = self.batches;
        crash_point("parsed", b);
        let store = &self.archive.store;
        let mut new_copies: Vec<CopyRow> = Vec::new();
        let mut docs: HashMap<String, DocRow> = HashMap::new();
        let mut reading: HashMap<String, Record> = HashMap::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for p in parsed {
            let (copy, rec) = match p {
                Parsed::Failed(f) => {
                    self.summary.failures.push(f);
                    continue;
                }
                Parsed::Ok(b) => *b,
            };
            self.summary.documents += 1;
            self.summary.bytes += copy.size as u64;
            if seen.contains(&copy.hash) || store.has_copy(&copy.hash)? {
                self.summary.unchanged += 1;
                continue;
            }
            seen.insert(copy.hash.clone());
            let existing = match docs.remove(&copy.doc_id) {
                Some(d) => Some(d),
                None => store.doc(&copy.doc_id)?,
            };
            let score = completeness(&rec);
            let mut row = match existing {
                Some(d) => {
                    self.summary.new_copies += 1;
                    d
                }
                None => {
                    match rec.kind {
                        Kind::Cable => self.summary.new_cables += 1,
                        Kind::Article => self.summary.articles += 1,
                        Kind::Other => self.summary.other += 1,
                    }
                    DocRow {
                        id: copy.doc_id.clone(),
                        kind: rec.kind,
                        copies: vec![],
                        reading: String::new(),
                        reading_score: i64::MIN,
                        dirty: true,
                    }
                }
            };
            row.copies.push(copy.hash.clone());
            row.dirty = true;
            if score > row.reading_score {
                row.reading = copy.hash.clone();
                row.reading_score = score;
                row.kind = rec.kind;
                reading.insert(row.id.clone(), rec);
            }
            docs.insert(row.id.clone(), row);
            new_copies.push(copy);
        }
        if !docs.is_empty() {
            let rows: Vec<DocRow> = docs.values().cloned().collect();
            store.write_batch(&new_copies, &rows)?;
            crash_point("stored", b);
            for row in &rows {
                let rec = match reading.remove(&row.id) {
                    Some(r) => r,
                    None => self.archive.reading_record(row)?,
                };
                let d = to_document(
                    &self.archive.index.fields,
                    &row.id,
                    &rec,
                    row.copies.len() as u64,
                );
                self.archive.index.upsert(&self.writer, &row.id, d)?;
            }
            crash_point("indexed", b);
            self.writer.commit()?;
            crash_point("committed", b);
            let ids: Vec<String> = rows.into_iter().map(|r| r.id).collect();
            store.mark_clean(&ids)?;
            crash_point("clean", b);
        }
        self.progress.batch(&self.summary);
        Ok(())
    }
}

impl Archive {
    /// Ingest files, directories and archives.
    pub fn ingest(&self, paths: &[PathBuf], progress: &dyn Progress) -> Result<Summary> {
        let files = expand_paths(paths)?;
        let writer = self.index.writer()?;
        let mut p = Pipeline {
            archive: self,
            writer,
            summary: Summary::default(),
            batch: Vec::new(),
            batch_bytes: 0,
            batches: 0,
            batch_limit: batch_docs(),
            progress,
        };
        let mut err: Option<crate::error::ArchiveError> = None;
        for f in &files {
            p.summary.files += 1;
            visit_file(f, &mut |item| {
                if err.is_none()
                    && let Err(e) = p.push(item)
                {
                    err = Some(e);
                }
            });
            if let Some(e) = err.take() {
                return Err(e);
            }
        }
        p.flush()?;
        p.writer.wait_merging_threads()?;
        self.index.reload()?;
        crate::links::update_after_ingest(self, &p.summary)?;
        Ok(p.summary)
    }
}
