//! An archive written by the first store format (copies as JSON, the dirty
//! mark inside each document row) opens: its copies read, and a document left
//! dirty by a crash is indexed on open.

use cablescope_archive::Archive;
use cablescope_archive::search::SearchRequest;
use redb::{Database, TableDefinition};

const COPIES: TableDefinition<&str, &[u8]> = TableDefinition::new("copies");
const DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("docs");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");

const TEXT: &str = "O 160138Z JUL 07
FM AMEMBASSY KUALA LUMPUR

C O N F I D E N T I A L KUALA LUMPUR 001145

TAGS: PREL MY
SUBJECT: TRAFFICKING IN PERSONS

1. (C) Summary: the tier ranking. End Summary.
";

#[test]
fn format_1_archive_opens_reads_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let hash = blake3::hash(TEXT.as_bytes()).to_hex().to_string();
    {
        let db = Database::create(data.join("store.redb")).unwrap();
        let tx = db.begin_write().unwrap();
        {
            let copy = serde_json::json!({
                "hash": hash, "path": "c.txt", "form": "text", "kind": "cable",
                "doc_id": "07KUALALUMPUR1145", "text": TEXT, "source": null,
                "size": TEXT.len(),
            });
            let doc = serde_json::json!({
                "id": "07KUALALUMPUR1145", "kind": "cable", "copies": [hash],
                "reading": hash, "reading_score": 1, "dirty": true,
            });
            tx.open_table(COPIES)
                .unwrap()
                .insert(hash.as_str(), serde_json::to_vec(&copy).unwrap().as_slice())
                .unwrap();
            tx.open_table(DOCS)
                .unwrap()
                .insert(
                    "07KUALALUMPUR1145",
                    serde_json::to_vec(&doc).unwrap().as_slice(),
                )
                .unwrap();
            tx.open_table(META).unwrap();
        }
        tx.commit().unwrap();
    }
    let a = Archive::open(&data).unwrap();
    let row = a.store.doc("07KUALALUMPUR1145").unwrap().unwrap();
    assert!(!row.dirty, "the dirty document was indexed on open");
    assert_eq!(a.store.copy(&hash).unwrap().unwrap().text, TEXT);
    let r = a.search(&SearchRequest::new("tier tag:PREL")).unwrap();
    assert_eq!(r.hits[0].id, "07KUALALUMPUR1145");
    let v = a.document("07KUALALUMPUR1145").unwrap();
    assert_eq!(v.copies.len(), 1);
    drop(a);
    // Ingesting more into it writes format 2 beside format 1.
    std::fs::write(dir.path().join("c.txt"), TEXT.replace("001145", "001146")).unwrap();
    let a = Archive::open(&data).unwrap();
    let s = a
        .ingest(
            &[dir.path().join("c.txt")],
            &cablescope_archive::ingest::Quiet,
        )
        .unwrap();
    assert_eq!(s.new_cables, 1);
    assert_eq!(a.store.counts().unwrap(), (2, 2));
    assert_eq!(a.document("07KUALALUMPUR1146").unwrap().copies.len(), 1);
}
