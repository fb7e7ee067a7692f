//! The release's own ids and the years it gives (issue #15), through the
//! archive: a cable released under a malformed id is found by either id
//! (`show`, `id:`, `ref:`), and a cable whose text has no date is counted
//! in its year.

use cablescope_archive::Archive;
use cablescope_archive::ingest::Quiet;
use cablescope_archive::search::SearchRequest;

const LONDON: &str = "R 121200Z AUG 08\nFM AMEMBASSY LONDON\nTO SECSTATE WASHDC 1234\n\nUNCLAS E F T O LONDON 002883\n\nE.O. 12958: N/A\nTAGS: PREL, UK\nSUBJECT: LONDON TEST CABLE\n\n1. Text about tea.\n";

const BERLIN: &str = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\nC O N F I D E N T I A L BERLIN 001642\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: BERLIN TEST CABLE\n\nREF: 08 EFTO LONDON 2883\n\n1. (C) Text about beer.\n";

fn archive() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("london.txt"), LONDON).unwrap();
    std::fs::write(inputs.join("berlin.txt"), BERLIN).unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    let s = a.ingest(&[inputs], &Quiet).unwrap();
    assert_eq!(s.new_cables, 2, "{s:?}");
    (dir, a)
}

fn ids(a: &Archive, q: &str) -> Vec<String> {
    let mut r: Vec<String> = a
        .search(&SearchRequest::new(q))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    r.sort();
    r
}

#[test]
fn a_cable_is_found_by_its_id_and_by_the_release_id() {
    let (_d, a) = archive();
    let v = a.document("08LONDON2883").unwrap();
    assert_eq!(v.record.release_id.as_deref(), Some("08EFTOLONDON2883"));
    assert_eq!(a.document("08EFTOLONDON2883").unwrap().id, "08LONDON2883");
    assert_eq!(ids(&a, "id:08EFTOLONDON2883"), ["08LONDON2883"]);
    assert_eq!(ids(&a, "id:08LONDON2883"), ["08LONDON2883"]);
    // The Berlin cable cites it (written with the release's caveat): both forms find the citer.
    assert_eq!(ids(&a, "ref:08EFTOLONDON2883"), ["99BERLIN1642"]);
    assert_eq!(ids(&a, "ref:08LONDON2883"), ["99BERLIN1642"]);
}

#[test]
fn a_cable_without_a_date_counts_in_the_year_the_release_gives_it() {
    let (_d, a) = archive();
    let v = a.document("99BERLIN1642").unwrap();
    assert_eq!(v.record.created, None);
    assert_eq!(v.record.year, Some(1999));
    let mut req = SearchRequest::new("beer");
    req.facets = true;
    let r = a.search(&req).unwrap();
    let years = r.facets.get("year").cloned().unwrap_or_default();
    assert!(
        years.iter().any(|(y, n)| y == "1999" && *n == 1),
        "{years:?}"
    );
    assert_eq!(ids(&a, "year:1999"), ["99BERLIN1642"]);
}
