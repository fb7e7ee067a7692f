//! Parquet export: one row per document, typed columns (timestamps, dates,
//! lists of TAGS, references and signers) that pandas, DuckDB, Polars or
//! Spark read directly. Rows are written in batches, so memory stays bounded
//! whatever the size of the archive.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Int32Builder, ListBuilder, StringBuilder, TimestampSecondBuilder, UInt32Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use cablescope_format::{Record, RefKind};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::error::{ArchiveError, Result};
use crate::index::document::{days_from_civil, kind_name};

/// Rows per record batch (and so per row group page).
const BATCH: usize = 4096;

fn list_of_strings() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

/// The export's columns.
pub fn schema() -> Arc<Schema> {
    let s = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        s("id", false),
        // The id the Cablegate release gives the cable, where it differs from `id`.
        s("release_id", true),
        s("kind", false),
        Field::new(
            "created",
            DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
            true,
        ),
        // The created year, or the year inferred for a text without a date (`Record::year`).
        Field::new("year", DataType::Int32, true),
        s("origin_id", true),
        s("origin", true),
        s("country", true),
        s("classification", true),
        s("subject", true),
        Field::new("tags", list_of_strings(), false),
        Field::new("references", list_of_strings(), false),
        Field::new("signers", list_of_strings(), false),
        s("classified_by", true),
        Field::new("declassify_on", DataType::Date32, true),
        Field::new("copies", DataType::UInt32, false),
        s("body", false),
    ]))
}

/// Column builders for one batch.
struct Columns {
    id: StringBuilder,
    release_id: StringBuilder,
    kind: StringBuilder,
    created: TimestampSecondBuilder,
    year: Int32Builder,
    origin_id: StringBuilder,
    origin: StringBuilder,
    country: StringBuilder,
    classification: StringBuilder,
    subject: StringBuilder,
    tags: ListBuilder<StringBuilder>,
    references: ListBuilder<StringBuilder>,
    signers: ListBuilder<StringBuilder>,
    classified_by: StringBuilder,
    declassify_on: Date32Builder,
    copies: UInt32Builder,
    body: StringBuilder,
    rows: usize,
}

impl Columns {
    fn new() -> Self {
        Columns {
            id: StringBuilder::new(),
            release_id: StringBuilder::new(),
            kind: StringBuilder::new(),
            created: TimestampSecondBuilder::new().with_timezone("UTC"),
            year: Int32Builder::new(),
            origin_id: StringBuilder::new(),
            origin: StringBuilder::new(),
            country: StringBuilder::new(),
            classification: StringBuilder::new(),
            subject: StringBuilder::new(),
            tags: ListBuilder::new(StringBuilder::new()),
            references: ListBuilder::new(StringBuilder::new()),
            signers: ListBuilder::new(StringBuilder::new()),
            classified_by: StringBuilder::new(),
            declassify_on: Date32Builder::new(),
            copies: UInt32Builder::new(),
            body: StringBuilder::new(),
            rows: 0,
        }
    }

    fn push(&mut self, id: &str, copies: usize, rec: &Record, body: &str) {
        self.id.append_value(id);
        self.release_id.append_option(rec.release_id.as_deref());
        self.kind.append_value(kind_name(rec.kind));
        self.created
            .append_option(rec.created.as_deref().and_then(epoch_seconds));
        let created_year = rec
            .created
            .as_deref()
            .and_then(|c| c.get(..4)?.parse::<i32>().ok());
        self.year.append_option(created_year.or(rec.year));
        let origin = rec.origin.as_ref();
        self.origin_id.append_option(origin.map(|o| o.id.as_str()));
        self.origin
            .append_option(origin.and_then(|o| o.name.as_deref()));
        self.country
            .append_option(origin.and_then(|o| o.country.as_deref()));
        self.classification
            .append_option(rec.classification.as_deref());
        self.subject.append_option(rec.subject.as_deref());
        for t in &rec.tags {
            self.tags.values().append_value(t);
        }
        self.tags.append(true);
        for r in rec.references.iter().filter(|r| r.kind == RefKind::Cable) {
            if let Some(id) = &r.id {
                self.references.values().append_value(id);
            }
        }
        self.references.append(true);
        for s in &rec.signers {
            self.signers.values().append_value(s);
        }
        self.signers.append(true);
        self.classified_by
            .append_option(rec.classified_by.as_ref().and_then(|c| c.name.as_deref()));
        self.declassify_on
            .append_option(rec.declassify_on.as_deref().and_then(epoch_days));
        self.copies
            .append_value(u32::try_from(copies).unwrap_or(u32::MAX));
        self.body.append_value(body);
        self.rows += 1;
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        self.rows = 0;
        vec![
            Arc::new(self.id.finish()),
            Arc::new(self.release_id.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.created.finish()),
            Arc::new(self.year.finish()),
            Arc::new(self.origin_id.finish()),
            Arc::new(self.origin.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.classification.finish()),
            Arc::new(self.subject.finish()),
            Arc::new(self.tags.finish()),
            Arc::new(self.references.finish()),
            Arc::new(self.signers.finish()),
            Arc::new(self.classified_by.finish()),
            Arc::new(self.declassify_on.finish()),
            Arc::new(self.copies.finish()),
            Arc::new(self.body.finish()),
        ]
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD`.
fn epoch_days(d: &str) -> Option<i32> {
    let y = d.get(0..4)?.parse().ok()?;
    let m = d.get(5..7)?.parse().ok()?;
    let day = d.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    i32::try_from(days_from_civil(y, m, day)).ok()
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`.
fn epoch_seconds(t: &str) -> Option<i64> {
    let days = i64::from(epoch_days(t)?);
    let h: i64 = t.get(11..13).and_then(|x| x.parse().ok()).unwrap_or(0);
    let mi: i64 = t.get(14..16).and_then(|x| x.parse().ok()).unwrap_or(0);
    let s: i64 = t.get(17..19).and_then(|x| x.parse().ok()).unwrap_or(0);
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

fn perr(e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::Store(format!("parquet export: {e}"))
}

/// Writes documents as Parquet, a batch at a time.
pub struct ParquetSink<W: Write + Send> {
    writer: ArrowWriter<W>,
    columns: Columns,
    schema: Arc<Schema>,
}

impl<W: Write + Send> ParquetSink<W> {
    /// A sink writing to `out` (Snappy-compressed column chunks).
    pub fn new(out: W) -> Result<Self> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("cablescope {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(perr)?;
        Ok(ParquetSink {
            writer,
            columns: Columns::new(),
            schema,
        })
    }

    /// Add one document.
    pub fn push(&mut self, id: &str, copies: usize, rec: &Record, body: &str) -> Result<()> {
        self.columns.push(id, copies, rec, body);
        if self.columns.rows >= BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.columns.rows == 0 {
            return Ok(());
        }
        let batch =
            RecordBatch::try_new(self.schema.clone(), self.columns.finish()).map_err(perr)?;
        self.writer.write(&batch).map_err(perr)
    }

    /// Write what is left and the file footer.
    pub fn finish(mut self) -> Result<()> {
        self.flush_batch()?;
        self.writer.close().map_err(perr)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(epoch_days("1970-01-02"), Some(1));
        assert_eq!(epoch_seconds("2007-07-16T01:38:00Z"), Some(1_184_549_880));
        assert_eq!(epoch_days("2017-13-01"), None);
        assert_eq!(epoch_days("garbage"), None);
    }
}
