//! Streaming export: JSON Lines (one record per cable), CSV in the
//! `cables.csv` column layout, or Parquet with typed columns
//! ([`parquet::ParquetSink`]).

pub mod parquet;

use std::io::Write;

use cablescope_format::forms::cables_csv::{csv_date, csv_line};
use serde::Serialize;

use crate::Archive;
use crate::error::{ArchiveError, Result};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON record per line.
    Jsonl,
    /// `cables.csv` columns: row, date, id, origin, classification, references, header, body.
    Csv,
    /// Parquet: typed columns (see [`parquet::schema`]), written in batches.
    Parquet,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    copies: usize,
    #[serde(flatten)]
    record: &'a cablescope_format::Record,
}

fn werr(e: std::io::Error) -> ArchiveError {
    ArchiveError::io("<output>", e)
}

impl Archive {
    /// Write every document to `out`, one at a time (bounded memory). Returns the count.
    pub fn export(&self, format: Format, out: &mut (dyn Write + Send)) -> Result<u64> {
        let n = match format {
            Format::Jsonl => self.export_jsonl(out)?,
            Format::Csv => self.export_csv(out)?,
            Format::Parquet => self.export_parquet(out)?,
        };
        out.flush().map_err(werr)?;
        Ok(n)
    }

    fn export_jsonl(&self, out: &mut dyn Write) -> Result<u64> {
        let mut n = 0u64;
        self.store.for_each_doc(|row| {
            let mut rec = self.reading_record(&row)?;
            rec.text.clear();
            n += 1;
            serde_json::to_writer(
                &mut *out,
                &Line {
                    id: &row.id,
                    copies: row.copies.len(),
                    record: &rec,
                },
            )?;
            out.write_all(b"\n").map_err(werr)
        })?;
        Ok(n)
    }

    fn export_parquet(&self, out: &mut (dyn Write + Send)) -> Result<u64> {
        let mut n = 0u64;
        let mut sink = parquet::ParquetSink::new(&mut *out)?;
        self.store.for_each_doc(|row| {
            let rec = self.reading_record(&row)?;
            n += 1;
            sink.push(&row.id, row.copies.len(), &rec, &csv_body(&rec))
        })?;
        sink.finish()?;
        Ok(n)
    }

    fn export_csv(&self, out: &mut dyn Write) -> Result<u64> {
        let mut n = 0u64;
        self.store.for_each_doc(|row| {
            let rec = self.reading_record(&row)?;
            n += 1;
            let date = rec.created.as_deref().map(csv_date).unwrap_or_default();
            let refs: Vec<&str> = rec
                .references
                .iter()
                .filter_map(|r| r.id.as_deref())
                .collect();
            let header = rec
                .envelope
                .as_ref()
                .map(|e| e.raw.join("\n"))
                .unwrap_or_default();
            let origin = rec
                .origin
                .as_ref()
                .and_then(|o| o.name.clone())
                .unwrap_or_default();
            let fields = [
                n.to_string(),
                date,
                row.id.clone(),
                origin,
                rec.classification.clone().unwrap_or_default(),
                refs.join("|"),
                header,
                csv_body(&rec),
            ];
            out.write_all(csv_line(&fields).as_bytes()).map_err(werr)
        })?;
        out.flush().map_err(werr)?;
        Ok(n)
    }
}

/// The body column: first line, preamble, paragraphs and signature, as text.
fn csv_body(rec: &cablescope_format::Record) -> String {
    let mut body = String::new();
    if let Some(c) = &rec.classification_line {
        body.push_str(c);
        body.push_str("\n\n");
    }
    for l in &rec.preamble {
        body.push_str(l);
        body.push('\n');
    }
    for p in &rec.paragraphs {
        body.push('\n');
        if let Some(l) = &p.label {
            body.push_str(l);
            body.push(' ');
        }
        if let Some(m) = &p.marking {
            body.push_str(&format!("({m}) "));
        }
        body.push_str(&p.text);
        body.push('\n');
    }
    for s in &rec.signers {
        body.push('\n');
        body.push_str(s);
    }
    body
}
