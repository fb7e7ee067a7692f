//! The archive on the real index on disk, with the repository's sample corpus.

use std::path::{Path, PathBuf};

use cablescope_archive::ingest::Quiet;
use cablescope_archive::read::RefStatus;
use cablescope_archive::search::{SearchRequest, Sort};
use cablescope_archive::{Archive, ArchiveError};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn ingested() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    let s = a.ingest(&[samples()], &Quiet).unwrap();
    assert!(s.new_cables > 20, "{s:?}");
    (dir, a)
}

#[test]
fn summary_adds_up_and_second_ingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    let s = a.ingest(&[samples()], &Quiet).unwrap();
    assert_eq!(
        s.documents,
        s.new_cables + s.new_copies + s.unchanged + s.articles + s.other,
        "{s:?}"
    );
    assert!(s.articles >= 1, "seed 001 is an article: {s:?}");
    let before = a.store.counts().unwrap();
    let again = a.ingest(&[samples()], &Quiet).unwrap();
    assert_eq!(again.unchanged, again.documents, "{again:?}");
    assert_eq!(
        again.new_cables + again.new_copies + again.articles + again.other,
        0
    );
    assert_eq!(a.store.counts().unwrap(), before);
    drop(a);
    // Reopening finds the same archive.
    let b = Archive::open(&dir.path().join("data")).unwrap();
    assert_eq!(b.store.counts().unwrap(), before);
}

#[test]
fn seeds_are_found_and_shown() {
    let (_d, a) = ingested();
    let v = a.document("07KUALALUMPUR1145").unwrap();
    assert_eq!(v.record.classification.as_deref(), Some("CONFIDENTIAL"));
    assert_eq!(
        a.document("07 kuala lumpur 1145").unwrap().id,
        "07KUALALUMPUR1145"
    );
    let r = a
        .search(&SearchRequest::new("trafficking origin:KUALALUMPUR"))
        .unwrap();
    assert!(
        r.hits.iter().any(|h| h.id == "07KUALALUMPUR1145"),
        "{:?}",
        r.hits
    );
    assert!(r.hits[0].snippet.contains("<b>"), "{}", r.hits[0].snippet);
    assert!(
        r.facets["origin"]
            .iter()
            .any(|(o, _)| o == "Embassy Kuala Lumpur")
    );
    assert!(matches!(
        a.document("99NOWHERE1"),
        Err(ArchiveError::NotFound(_))
    ));
}

#[test]
fn refs_both_directions_and_ghosts() {
    let (_d, a) = ingested();
    let r = a.refs("08KUALALUMPUR224").unwrap();
    let ids: Vec<_> = r.cites.iter().filter_map(|c| c.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "08STATE30452",
            "08KUALALUMPUR142",
            "08KUALALUMPUR121",
            "08KUALALUMPUR111"
        ]
    );
    for c in &r.cites {
        assert!(c.status.is_some());
    }
    assert!(
        r.cites
            .iter()
            .any(|c| c.status == Some(RefStatus::InCablegate)
                || c.status == Some(RefStatus::Unknown))
    );
}

#[test]
fn query_language() {
    let (_d, a) = ingested();
    let total = |q: &str| a.search(&SearchRequest::new(q)).unwrap().total;
    let all = total("-zzzzqqq");
    assert!(all > 20);
    assert!(total("\"trafficking in persons\"") >= 1);
    assert!(total("traffick*") >= total("trafficking"));
    assert!(total("trafficing~1") >= 1);
    assert!(
        total("class:SECRET") + total("class:CONFIDENTIAL") + total("class:UNCLASSIFIED") <= all
    );
    assert_eq!(
        total("tag:PREL OR tag:PGOV"),
        total("tag:PREL") + total("tag:PGOV") - total("tag:PREL tag:PGOV")
    );
    assert_eq!(total("year:2007"), total("date:2007-01-01..2007-12-31"));
    assert_eq!(total("year:2000..2010"), total("date:2000..2010"));
    assert!(total("ref:08STATE30452") >= 1);
    assert!(total("signer:KEITH") >= 1);
    assert!(total("caveat:SIPDIS") >= 1);
    let dated = a
        .search(&SearchRequest {
            sort: Sort::DateDesc,
            limit: 5,
            ..SearchRequest::new("-zzzzqqq")
        })
        .unwrap();
    let dates: Vec<_> = dated
        .hits
        .iter()
        .map(|h| h.created.clone().unwrap_or_default())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|x, y| y.cmp(x));
    assert_eq!(dates, sorted);
}

#[test]
fn malformed_queries_point_at_the_problem() {
    let (_d, a) = ingested();
    for (q, pos) in [
        ("(nuclear OR iran", 0),
        ("iran )", 5),
        ("bogus:x", 0),
        ("year:abc", 5),
        ("\"open", 0),
    ] {
        match a.search(&SearchRequest::new(q)) {
            Err(ArchiveError::Query(e)) => assert_eq!(e.position, pos, "{q}: {e}"),
            other => panic!(
                "{q}: expected a query error, got {:?}",
                other.map(|r| r.total)
            ),
        }
    }
}

#[test]
fn bad_inputs_are_reported_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    a.ingest(&[samples().join("seeds")], &Quiet).unwrap();
    let before = a.store.counts().unwrap();
    let bad_tar = dir.path().join("broken.tar.xz");
    std::fs::write(&bad_tar, b"this is not xz").unwrap();
    let bad_zip = dir.path().join("broken.zip");
    std::fs::write(&bad_zip, b"PK not a zip").unwrap();
    let s = a.ingest(&[bad_tar.clone(), bad_zip], &Quiet).unwrap();
    assert_eq!(s.failures.len(), 2, "{s:?}");
    assert!(s.failures[0].path.contains("broken.tar.xz"));
    assert_eq!(a.store.counts().unwrap(), before);
    assert!(a.ingest(&[dir.path().join("missing")], &Quiet).is_err());
}

#[test]
fn export_streams_every_document() {
    let (_d, a) = ingested();
    let mut out = Vec::new();
    let n = a
        .export(cablescope_archive::export::Format::Jsonl, &mut out)
        .unwrap();
    assert_eq!(n as usize, String::from_utf8(out).unwrap().lines().count());
    let mut csv = Vec::new();
    let m = a
        .export(cablescope_archive::export::Format::Csv, &mut csv)
        .unwrap();
    assert_eq!(n, m);
    let rows = cablescope_format::forms::cables_csv::rows(csv.as_slice())
        .filter(|r| r.is_ok())
        .count();
    assert_eq!(rows as u64, m);
}
