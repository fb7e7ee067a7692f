//! Ingest: read any pile of documents, parse them in parallel, merge copies of
//! the same cable, store them and index them, in crash-safe batches.
//!
//! A reader thread walks the inputs (decompressing archives, splitting
//! `cables.csv` rows) and hands over batches. Each batch is (1) parsed in
//! parallel by the parsing stage, while the batch before it goes through the
//! next steps, (2) merged with what the store holds (a copy whose content hash
//! is known is *unchanged*), (3) written to the store in one transaction with
//! the changed documents marked dirty (not yet flushed to disk), (4) handed
//! to the index writer, whose threads index it while the next batch is
//! parsed. (5) Every [`COMMIT_BYTES`] of text, and at the end, the store is
//! made durable, then the index is committed and (6) the documents it now
//! holds are marked clean. A crash between (5)'s flush and (6) leaves dirty
//! documents, which [`crate::Archive::open`] re-indexes; a crash before the
//! flush returns the store to its last durable state (neither the store nor
//! the index holds those batches), and re-running the ingest adds them.

pub mod limits;
pub mod sources;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use cablescope_format::forms::parse_parts;
use cablescope_format::{Form, Input, Kind, Record, Severity};
use rayon::prelude::*;
use serde::Serialize;

use crate::Archive;
use crate::error::Result;
use crate::index::body::copy_text;
use crate::index::document::to_document;
use crate::store::{CopyRow, DocRow};
pub use limits::Limits;
use sources::{Item, visit_file};

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
    /// Paths passed over (not regular files, links walked already, the
    /// archive's own data directory), with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Failure>,
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
const BATCH_BYTES: usize = 32 << 20;
/// Text handed to the index writer between two index commits. Commits are few
/// so that the writer's threads index in the background while the next
/// batches are parsed, and the index is not merged over and over (at 250,000
/// cables, committing every 256 MiB doubled the peak memory through merges
/// for no gain in time). A crash leaves at most this much to re-index when the
/// archive is next opened, which [`crate::Archive::open`] does in parallel.
pub const COMMIT_BYTES: u64 = 1 << 30;

/// Documents per batch: `CABLESCOPE_BATCH_DOCS` overrides the default (tests use small batches).
fn batch_docs() -> usize {
    std::env::var("CABLESCOPE_BATCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(BATCH_DOCS)
}

/// Batches between index commits: `CABLESCOPE_COMMIT_EVERY` (tests), else by [`COMMIT_BYTES`].
fn commit_every() -> Option<u64> {
    std::env::var("CABLESCOPE_COMMIT_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
}

/// Crash-test hook: `CABLESCOPE_CRASH_AT=stage:batch` aborts the process (no
/// unwinding, no cleanup, as a `kill -9` would) at that stage of that batch.
/// Stages: `parsed`, `stored`, `indexed`, `committed`, `clean`, and
/// `linking:0` (every batch committed, the links not yet brought up to date).
pub(crate) fn crash_point(stage: &str, batch: u64) {
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

/// The id a record is stored under: the id its source (a WikiLeaks page, a
/// `cables.csv` row) gives when that id is in the Cablegate release, so that
/// copies of one released cable meet under the id the world cites even where
/// the text's serial or date reads otherwise (the disagreement stays in the
/// record's diagnostics); else the id the text gives; else the source's.
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
                (Some(id), Some(s)) if *id != s && crate::cablegate::in_cablegate(&s) => s,
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
            let text = copy_text(&rec).to_string();
            let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
            let id = doc_id(&rec, &hash);
            // Re-derived from the text on demand, so not stored: cables from
            // teletype text, pages and csv rows, and plain texts that are no
            // cable (whose record holds their text twice over).
            let reproducible = (rec.kind == Kind::Cable
                && matches!(rec.form, Form::Text | Form::WikileaksPage | Form::CsvRow))
                || (rec.kind == Kind::Other && rec.form == Form::Text);
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

/// What the reader thread hands over.
enum Msg {
    /// A batch of items.
    Items(Vec<Item>),
    /// One more input file read to its end.
    FileDone,
}

/// What the parsing stage hands over.
enum Stage {
    /// A batch, parsed.
    Parsed(Vec<Parsed>),
    /// One more input file read to its end.
    FileDone,
}

/// The parsing stage: parse each batch in parallel while the previous one is
/// stored and indexed; stops when either side has gone.
fn parse_batches(rx: Receiver<Msg>, tx: SyncSender<Stage>) {
    for msg in rx {
        let out = match msg {
            Msg::Items(items) => {
                Stage::Parsed(items.into_par_iter().flat_map_iter(parse_item).collect())
            }
            Msg::FileDone => Stage::FileDone,
        };
        if tx.send(out).is_err() {
            return;
        }
    }
}

fn item_bytes(item: &Item) -> usize {
    match item {
        Item::Doc { bytes, .. } => bytes.len(),
        Item::CsvRow { row, .. } => row.header.len() + row.body.len(),
        Item::Failed { .. } => 0,
    }
}

/// Read every input file in order and send batches of items; stops early when
/// the receiving side has gone (an error ended the ingest).
fn read_inputs(files: &[PathBuf], limits: &Limits, limit: usize, tx: SyncSender<Msg>) {
    let mut batch = Vec::new();
    let mut bytes = 0usize;
    let mut gone = false;
    for f in files {
        visit_file(f, limits, &mut |item| {
            if gone {
                return;
            }
            bytes += item_bytes(&item);
            batch.push(item);
            if batch.len() >= limit || bytes >= BATCH_BYTES {
                bytes = 0;
                gone = tx.send(Msg::Items(std::mem::take(&mut batch))).is_err();
            }
        });
        if gone || tx.send(Msg::FileDone).is_err() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Msg::Items(batch));
    }
}

struct Pipeline<'a> {
    archive: &'a Archive,
    writer: tantivy::IndexWriter<tantivy::TantivyDocument>,
    summary: Summary,
    batches: u64,
    commit_every: Option<u64>,
    /// Documents handed to the index writer since its last commit.
    uncommitted: Vec<String>,
    /// Cables that arrived inside a web page (republished by it).
    republished: Vec<String>,
    uncommitted_bytes: u64,
    progress: &'a dyn Progress,
}

impl Pipeline<'_> {
    fn run(&mut self, rx: Receiver<Stage>) -> Result<()> {
        for msg in rx {
            match msg {
                Stage::Parsed(parsed) => self.batch(parsed)?,
                Stage::FileDone => self.summary.files += 1,
            }
        }
        self.commit()
    }

    fn batch(&mut self, parsed: Vec<Parsed>) -> Result<()> {
        self.batches += 1;
        let b = self.batches;
        crash_point("parsed", b);
        let store = &self.archive.store;
        let look = store.lookup()?;
        // Sized for the batch up front: growing maps of whole records moved them.
        let n = parsed.len();
        let mut new_copies: Vec<CopyRow> = Vec::with_capacity(n);
        let mut docs: HashMap<String, DocRow> = HashMap::with_capacity(n);
        let mut reading: HashMap<String, Record> = HashMap::with_capacity(n);
        let mut seen: HashSet<String> = HashSet::with_capacity(n);
        // Documents the index may already hold (they were in the store).
        let mut known: HashSet<String> = HashSet::new();
        let mut bytes = 0u64;
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
            if seen.contains(&copy.hash) || look.has_copy(&copy.hash)? {
                self.summary.unchanged += 1;
                continue;
            }
            seen.insert(copy.hash.clone());
            bytes += copy.size as u64;
            let existing = match docs.remove(&copy.doc_id) {
                Some(d) => Some(d),
                None => {
                    let d = look.doc(&copy.doc_id)?;
                    if d.is_some() {
                        known.insert(copy.doc_id.clone());
                    }
                    d
                }
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
            if copy.form == Form::WebPage && rec.kind == Kind::Cable {
                self.republished.push(row.id.clone());
            }
            if score > row.reading_score {
                row.reading = copy.hash.clone();
                row.reading_score = score;
                row.kind = rec.kind;
                reading.insert(row.id.clone(), rec);
            }
            docs.insert(row.id.clone(), row);
            new_copies.push(copy);
        }
        drop(look);
        if !docs.is_empty() {
            // In id order: the same input gives the same index, document for document.
            let mut rows: Vec<DocRow> = docs.into_values().collect();
            rows.sort_unstable_by(|a, b| a.id.cmp(&b.id));
            store.write_batch(&new_copies, &rows)?;
            drop(new_copies);
            crash_point("stored", b);
            let fields = &self.archive.index.fields;
            let archive = self.archive;
            let index_docs: Vec<tantivy::TantivyDocument> = rows
                .par_iter()
                .map(|row| {
                    let n = row.copies.len() as u64;
                    match reading.get(&row.id) {
                        Some(r) => Ok(to_document(fields, &row.id, r, &row.reading, n)),
                        None => Ok(to_document(
                            fields,
                            &row.id,
                            &archive.reading_record(row)?,
                            &row.reading,
                            n,
                        )),
                    }
                })
                .collect::<Result<_>>()?;
            drop(reading);
            for (row, d) in rows.iter().zip(index_docs) {
                if known.contains(&row.id) {
                    self.archive.index.upsert(&self.writer, &row.id, d)?;
                } else {
                    // Not in the store before this batch, so not in the index.
                    self.writer.add_document(d)?;
                }
            }
            crash_point("indexed", b);
            self.uncommitted.extend(rows.into_iter().map(|r| r.id));
            self.uncommitted_bytes += bytes;
        }
        let due = match self.commit_every {
            Some(n) => b.is_multiple_of(n),
            None => self.uncommitted_bytes >= COMMIT_BYTES,
        };
        if due {
            self.commit()?;
        }
        self.progress.batch(&self.summary);
        Ok(())
    }

    /// Commit the index and mark what it now holds clean.
    fn commit(&mut self) -> Result<()> {
        if self.uncommitted.is_empty() {
            return Ok(());
        }
        let b = self.batches;
        // The store is made durable while the index writer flushes its
        // segments; the index commit is published only after both, so the
        // index never holds a document the store could lose.
        let store = &self.archive.store;
        let writer = &mut self.writer;
        let (synced, prepared) = std::thread::scope(|s| {
            let sync = s.spawn(|| store.sync());
            let prepared = writer.prepare_commit();
            let synced = sync.join().unwrap_or_else(|_| {
                Err(crate::error::ArchiveError::Index(
                    "store sync panicked".into(),
                ))
            });
            (synced, prepared)
        });
        let prepared = prepared?;
        if let Err(e) = synced {
            prepared.abort()?;
            return Err(e);
        }
        prepared.commit()?;
        crash_point("committed", b);
        self.archive.store.mark_clean(&self.uncommitted)?;
        self.uncommitted.clear();
        self.uncommitted_bytes = 0;
        crash_point("clean", b);
        Ok(())
    }
}

impl Archive {
    /// The archive's own files, never ingested (its `uploads/` are sources).
    pub fn own_files(&self) -> Vec<PathBuf> {
        ["store.redb", "links.redb", "index"]
            .iter()
            .map(|f| self.dir().join(f))
            .collect()
    }

    /// Ingest files, directories and archives with the default [`Limits`].
    pub fn ingest(&self, paths: &[PathBuf], progress: &dyn Progress) -> Result<Summary> {
        self.ingest_with(paths, &Limits::default(), progress)
    }

    /// Ingest files, directories and archives, each input bounded by `limits`.
    pub fn ingest_with(
        &self,
        paths: &[PathBuf],
        limits: &Limits,
        progress: &dyn Progress,
    ) -> Result<Summary> {
        if self.access() == crate::Access::ReadOnly {
            return Err(crate::ArchiveError::ReadOnly(self.dir().to_path_buf()));
        }
        let walked =
            walk::walk(paths, &self.own_files()).map_err(|e| crate::ArchiveError::BadInput {
                path: String::new(),
                message: e.to_string(),
            })?;
        let files = walked.files;
        if let Some(t) = self.link_table() {
            // Until the links are brought up to date at the end; an ingest
            // cut short has them rebuilt on the next open.
            t.begin_update()?;
        }
        let writer = self.index.writer()?;
        let mut p = Pipeline {
            archive: self,
            writer,
            summary: Summary {
                skipped: walked.skipped,
                ..Summary::default()
            },
            batches: 0,
            commit_every: commit_every(),
            uncommitted: Vec::new(),
            republished: Vec::new(),
            uncommitted_bytes: 0,
            progress,
        };
        let limit = batch_docs();
        std::thread::scope(|s| {
            let (tx, rx) = sync_channel(2);
            let (parsed_tx, parsed_rx) = sync_channel(1);
            let files = &files;
            s.spawn(move || read_inputs(files, limits, limit, tx));
            s.spawn(move || parse_batches(rx, parsed_tx));
            // On an error `parsed_rx` is dropped here, which stops the parsing
            // stage, whose end stops the reader.
            p.run(parsed_rx)
        })?;
        p.writer.wait_merging_threads()?;
        self.index.reload()?;
        p.republished.sort();
        p.republished.dedup();
        crash_point("linking", 0);
        crate::links::update_after_ingest(self, &p.summary, &p.republished)?;
        Ok(p.summary)
    }
}
