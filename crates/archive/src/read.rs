//! Reading the archive back: a document with its copies and their
//! differences, references in both directions, and statistics.

use std::collections::BTreeMap;

use cablescope_format::ids::canonical_id;
use cablescope_format::{Record, RefKind};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::error::{ArchiveError, Result};
use crate::store::{CopyRow, DocRow};
use crate::{Archive, cablegate};

/// One copy of a document, described.
#[derive(Debug, Clone, Serialize)]
pub struct CopyView {
    /// Content hash.
    pub hash: String,
    /// Where it came from.
    pub path: String,
    /// Its form.
    pub form: cablescope_format::Form,
    /// Bytes of text.
    pub size: usize,
    /// Whether it is the reading copy.
    pub reading: bool,
    /// How it differs from the reading copy (empty for the reading copy).
    pub differences: Vec<String>,
    /// Metadata the source carried.
    pub source: Option<cablescope_format::SourceMeta>,
}

/// A document, its reading record and its copies.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Id.
    pub id: String,
    /// The record of the reading copy.
    pub record: Record,
    /// Every copy.
    pub copies: Vec<CopyView>,
}

/// Where a cited id stands.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RefStatus {
    /// In this archive.
    InArchive,
    /// Not here, but in the Cablegate release (a "ghost" reference).
    InCablegate,
    /// Neither (perhaps a cable never released, or a misread reference).
    Unknown,
}

/// A cited reference.
#[derive(Debug, Clone, Serialize)]
pub struct CitedRef {
    /// Canonical id, for cables.
    pub id: Option<String>,
    /// As written.
    pub text: String,
    /// What it is.
    pub kind: RefKind,
    /// Whether we have it.
    pub status: Option<RefStatus>,
}

/// References in both directions.
#[derive(Debug, Clone, Serialize)]
pub struct Refs {
    /// The document.
    pub id: String,
    /// What it cites.
    pub cites: Vec<CitedRef>,
    /// Documents in the archive that cite it.
    pub cited_by: Vec<String>,
}

/// Counts of the archive.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Stats {
    /// Documents (cables, articles, others).
    pub documents: u64,
    /// Copies stored.
    pub copies: u64,
    /// Cables.
    pub cables: u64,
    /// Articles.
    pub articles: u64,
    /// Other documents.
    pub other: u64,
    /// Counts by year.
    pub by_year: BTreeMap<String, u64>,
    /// Counts by origin (most frequent first).
    pub by_origin: Vec<(String, u64)>,
    /// Counts by classification.
    pub by_classification: Vec<(String, u64)>,
    /// Counts by tag (most frequent first).
    pub by_tag: Vec<(String, u64)>,
    /// Cables whose id is in the Cablegate release list.
    pub cablegate_present: u64,
    /// Ids in the Cablegate release list.
    pub cablegate_total: u64,
}

fn normalize_id(id: &str) -> String {
    canonical_id(id).unwrap_or_else(|| id.trim().to_string())
}

impl Archive {
    fn find_row(&self, id: &str) -> Result<DocRow> {
        if let Some(r) = self.store.doc(id.trim())? {
            return Ok(r);
        }
        let c = normalize_id(id);
        if let Some(r) = self.store.doc(&c)? {
            return Ok(r);
        }
        // Not in the store: if the index holds it, the store lost it.
        let searcher = self.index.reader.searcher();
        for key in [id.trim(), c.as_str()] {
            let held = searcher
                .doc_freq(&Term::from_field_text(self.index.fields.id, key))
                .unwrap_or(0);
            if held > 0 {
                return Err(ArchiveError::Damaged {
                    path: self.store.path().to_path_buf(),
                    message: format!(
                        "the index holds {key} but the store has no row for it: the store is \
                         damaged (cablescope check lists what is affected)"
                    ),
                });
            }
        }
        Err(ArchiveError::NotFound(id.to_string()))
    }

    /// A copy a document row names, which must be stored.
    fn stored_copy(&self, row: &DocRow, hash: &str) -> Result<CopyRow> {
        self.store.copy(hash)?.ok_or_else(|| ArchiveError::Damaged {
            path: self.store.path().to_path_buf(),
            message: format!(
                "copy {hash} of {} is missing from the store (cablescope check lists what is affected)",
                row.id
            ),
        })
    }

    /// A document with its copies.
    pub fn document(&self, id: &str) -> Result<DocumentView> {
        let row = self.find_row(id)?;
        let mut copies: Vec<(CopyRow, Record)> = Vec::new();
        for h in &row.copies {
            let c = self.stored_copy(&row, h)?;
            let r = self.copy_record(&c);
            copies.push((c, r));
        }
        let reading = copies
            .iter()
            .find(|(c, _)| c.hash == row.reading)
            .map(|(_, r)| r.clone())
            .ok_or_else(|| ArchiveError::Store(format!("reading copy of {} missing", row.id)))?;
        let views = copies
            .iter()
            .map(|(c, r)| CopyView {
                hash: c.hash.clone(),
                path: c.path.clone(),
                form: c.form,
                size: c.size,
                reading: c.hash == row.reading,
                differences: if c.hash == row.reading {
                    vec![]
                } else {
                    differences(&reading, r)
                },
                source: c.source.clone(),
            })
            .collect();
        Ok(DocumentView {
            id: row.id.clone(),
            record: reading,
            copies: views,
        })
    }

    /// The raw text of a document's copies.
    pub fn raw(&self, id: &str) -> Result<Vec<CopyRow>> {
        let row = self.find_row(id)?;
        let mut out = Vec::new();
        for h in &row.copies {
            out.push(self.stored_copy(&row, h)?);
        }
        Ok(out)
    }

    /// Ids of documents citing `id`.
    pub fn cited_by(&self, id: &str) -> Result<Vec<String>> {
        self.ids_with_term(self.index.fields.refs, id)
    }

    /// Ids of every indexed document whose exact-term `field` holds `value`,
    /// sorted and without repeats.
    pub(crate) fn ids_with_term(
        &self,
        field: tantivy::schema::Field,
        value: &str,
    ) -> Result<Vec<String>> {
        let f = &self.index.fields;
        let q = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let searcher = self.index.reader.searcher();
        let n = searcher.search(&q, &Count)?;
        let top = searcher.search(&q, &TopDocs::with_limit(n.max(1)))?;
        let mut out = Vec::new();
        for (_, a) in top {
            let d: TantivyDocument = searcher.doc(a)?;
            if let Some(v) = d.get_first(f.id).and_then(|v| v.as_str()) {
                out.push(v.to_string());
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// References in both directions.
    pub fn refs(&self, id: &str) -> Result<Refs> {
        let row = self.find_row(id)?;
        let rec = self.reading_record(&row)?;
        let mut cites = Vec::new();
        for r in &rec.references {
            let status = match &r.id {
                Some(rid) if self.store.doc(rid)?.is_some() => Some(RefStatus::InArchive),
                Some(rid) if cablegate::in_cablegate(rid) => Some(RefStatus::InCablegate),
                Some(_) => Some(RefStatus::Unknown),
                None => None,
            };
            cites.push(CitedRef {
                id: r.id.clone(),
                text: r.text.clone(),
                kind: r.kind,
                status,
            });
        }
        Ok(Refs {
            id: row.id.clone(),
            cites,
            cited_by: self.cited_by(&row.id)?,
        })
    }

    /// Statistics.
    pub fn stats(&self) -> Result<Stats> {
        let mut s = Stats::default();
        let (_, copies) = self.store.counts()?;
        s.copies = copies;
        self.store.for_each_doc(|d| {
            s.documents += 1;
            match d.kind {
                cablescope_format::Kind::Cable => {
                    s.cables += 1;
                    if cablegate::in_cablegate(&d.id) {
                        s.cablegate_present += 1;
                    }
                }
                cablescope_format::Kind::Article => s.articles += 1,
                cablescope_format::Kind::Other => s.other += 1,
            }
            Ok(())
        })?;
        s.cablegate_total = cablegate::count() as u64;
        let searcher = self.index.reader.searcher();
        let table = searcher.search(&AllQuery, &crate::facets::FacetCounter)?;
        let all = |name: &str| {
            table
                .get(name)
                .map(|v| crate::facets::top(v, usize::MAX, name == "year"))
                .unwrap_or_default()
        };
        s.by_year = all("year").into_iter().collect();
        s.by_origin = all("origin");
        s.by_classification = all("classification");
        s.by_tag = all("tag");
        Ok(s)
    }
}

/// How a copy differs from the reading copy.
pub fn differences(reading: &Record, other: &Record) -> Vec<String> {
    let mut d = Vec::new();
    let mut cmp = |name: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            d.push(format!(
                "{name}: `{}` here, `{}` in the reading copy",
                b.unwrap_or_else(|| "-".into()),
                a.unwrap_or_else(|| "-".into())
            ));
        }
    };
    cmp("created", reading.created.clone(), other.created.clone());
    cmp(
        "classification",
        reading.classification.clone(),
        other.classification.clone(),
    );
    cmp("subject", reading.subject.clone(), other.subject.clone());
    cmp(
        "origin",
        reading.origin.as_ref().and_then(|o| o.name.clone()),
        other.origin.as_ref().and_then(|o| o.name.clone()),
    );
    let plen = |r: &Record| r.paragraphs.iter().map(|p| p.text.len()).sum::<usize>();
    let red = |r: &Record| {
        r.paragraphs
            .iter()
            .map(|p| p.redactions.len())
            .sum::<usize>()
    };
    if reading.paragraphs.len() != other.paragraphs.len() {
        d.push(format!(
            "{} paragraphs here, {} in the reading copy",
            other.paragraphs.len(),
            reading.paragraphs.len()
        ));
    }
    let (a, b) = (plen(reading), plen(other));
    if b + 200 < a {
        d.push(format!(
            "truncated: {b} bytes of body text here, {a} in the reading copy"
        ));
    }
    let (ra, rb) = (red(reading), red(other));
    if ra != rb {
        d.push(format!(
            "{rb} redaction runs here, {ra} in the reading copy"
        ));
    }
    if reading.envelope.is_some() && other.envelope.is_none() {
        d.push("no transmission header here".into());
    }
    d
}
