//! Parquet export: every document, typed columns, read back with the
//! parquet crate's own reader.

use std::path::Path;

use arrow_array::{Array, ListArray, StringArray, TimestampSecondArray};
use cablescope_archive::{Archive, export::Format, ingest::Quiet};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

#[test]
fn parquet_export_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/seeds");
    a.ingest(&[samples], &Quiet).unwrap();
    let mut jsonl = Vec::new();
    let n = a.export(Format::Jsonl, &mut jsonl).unwrap();
    let mut out = Vec::new();
    let m = a.export(Format::Parquet, &mut out).unwrap();
    assert_eq!(n, m);
    assert_eq!(&out[..4], b"PAR1");

    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(out))
        .unwrap()
        .build()
        .unwrap();
    let mut rows = 0;
    let mut found = false;
    for batch in reader {
        let batch = batch.unwrap();
        rows += batch.num_rows();
        let col = |name: &str| batch.column(batch.schema().index_of(name).unwrap()).clone();
        let ids = col("id");
        let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
        let created = col("created");
        let created = created
            .as_any()
            .downcast_ref::<TimestampSecondArray>()
            .unwrap();
        let tags = col("tags");
        let tags = tags.as_any().downcast_ref::<ListArray>().unwrap();
        for i in 0..batch.num_rows() {
            if ids.value(i) == "07KUALALUMPUR1145" {
                found = true;
                // 2007-07-16T01:38:00Z
                assert_eq!(created.value(i), 1_184_549_880);
                let t = tags.value(i);
                let t = t.as_any().downcast_ref::<StringArray>().unwrap();
                let t: Vec<&str> = (0..t.len()).map(|k| t.value(k)).collect();
                assert_eq!(t, ["PREL", "PHUM", "PGOV", "ELAB", "KCRM", "KWMN", "MY"]);
            }
        }
    }
    assert_eq!(rows as u64, m);
    assert!(found, "07KUALALUMPUR1145 in the export");
}
