//! `.7z` archives are ingested member by member; a corrupt one is a failure
//! that names it, and nothing else is lost.

use std::path::Path;

use cablescope_archive::{Archive, ingest::Quiet};

#[test]
fn seven_zip_members_are_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/seeds");
    let archive_path = dir.path().join("seeds.7z");
    sevenz_rust2::compress_to_path(&seeds, &archive_path).unwrap();

    let a = Archive::open(&dir.path().join("data")).unwrap();
    let s = a
        .ingest(std::slice::from_ref(&archive_path), &Quiet)
        .unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    assert!(a.document("07KUALALUMPUR1145").is_ok());
    assert!(a.document("08KUALALUMPUR224").is_ok());
    // A second run changes nothing.
    let again = a.ingest(&[archive_path], &Quiet).unwrap();
    assert_eq!(again.new_cables, 0);

    // A corrupt 7z: a failure naming it.
    let bad = dir.path().join("bad.7z");
    std::fs::write(&bad, b"7z\xBC\xAF\x27\x1C not really").unwrap();
    let s = a.ingest(&[bad], &Quiet).unwrap();
    assert_eq!(s.failures.len(), 1);
    assert!(s.failures[0].path.contains("bad.7z"), "{:?}", s.failures);
    assert!(a.document("07KUALALUMPUR1145").is_ok());
}
