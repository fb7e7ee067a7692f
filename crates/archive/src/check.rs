//! `cablescope check`: read every row of the archive back and say what is
//! damaged.
//!
//! Each copy is decoded and checked against its row checksum and its content
//! hash; each document row must decode, name itself, and point at copies that
//! are there; the index must hold exactly the store's documents. Nothing is
//! answered from a damaged row (reading one is an error naming it), so this
//! is where a user learns what a damaged file took away.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::Term;

use crate::Archive;
use crate::error::Result;

/// One damaged thing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Damage {
    /// The document concerned, where known.
    pub document: Option<String>,
    /// The copy concerned (its content hash), where known.
    pub copy: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// What a check found.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CheckReport {
    /// Document rows read.
    pub documents: u64,
    /// Copies read.
    pub copies: u64,
    /// Documents in the index.
    pub indexed: u64,
    /// Everything damaged; empty when the archive is sound.
    pub damage: Vec<Damage>,
}

impl CheckReport {
    /// Whether nothing is damaged.
    pub fn sound(&self) -> bool {
        self.damage.is_empty()
    }
}

impl Archive {
    /// Read every row back and report what is damaged.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut good_copies: HashSet<String> = HashSet::new();
        let mut owner_of_bad = Vec::new();
        self.store.for_each_copy(|hash, row| {
            report.copies += 1;
            match row {
                Ok(_) => {
                    good_copies.insert(hash.to_string());
                }
                Err(e) => owner_of_bad.push((hash.to_string(), e.to_string())),
            }
        })?;
        let mut bad_copies: std::collections::HashMap<String, String> =
            owner_of_bad.into_iter().collect();
        let searcher = self.index.reader.searcher();
        report.indexed = searcher.num_docs();
        let walked = self.store.for_each_doc(|row| {
            report.documents += 1;
            for h in &row.copies {
                if let Some(m) = bad_copies.remove(h) {
                    report.damage.push(Damage {
                        document: Some(row.id.clone()),
                        copy: Some(h.clone()),
                        message: m,
                    });
                } else if !good_copies.contains(h) {
                    report.damage.push(Damage {
                        document: Some(row.id.clone()),
                        copy: Some(h.clone()),
                        message: "the copy is missing from the store".into(),
                    });
                }
            }
            if !row.copies.contains(&row.reading) {
                report.damage.push(Damage {
                    document: Some(row.id.clone()),
                    copy: Some(row.reading.clone()),
                    message: "its reading copy is not one of its copies".into(),
                });
            }
            let held = searcher
                .doc_freq(&Term::from_field_text(self.index.fields.id, &row.id))
                .unwrap_or(0);
            if held == 0 && !row.dirty {
                report.damage.push(Damage {
                    document: Some(row.id.clone()),
                    copy: None,
                    message:
                        "stored but not in the index (open the archive for writing to rebuild it)"
                            .into(),
                });
            }
            Ok(())
        });
        if let Err(e) = walked {
            report.damage.push(Damage {
                document: None,
                copy: None,
                message: format!("the document table cannot be read to its end: {e}"),
            });
        }
        for (hash, m) in bad_copies {
            report.damage.push(Damage {
                document: None,
                copy: Some(hash),
                message: m,
            });
        }
        if report.indexed != report.documents {
            report.damage.push(Damage {
                document: None,
                copy: None,
                message: format!(
                    "the index holds {} documents and the store {}",
                    report.indexed, report.documents
                ),
            });
        }
        report.damage.sort_by(|a, b| {
            (&a.document, &a.copy, &a.message).cmp(&(&b.document, &b.copy, &b.message))
        });
        Ok(report)
    }
}
