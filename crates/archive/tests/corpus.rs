//! The archive on the developers' corpus (`../shared/corpus`: WikiLeaks pages,
//! `cables.csv` rows, other forms) and seeds (`../shared/seeds`), ingested
//! straight from the compressed files. The shared material is not shipped:
//! without it the test prints SKIPPED and passes.
//!
//! It checks the acceptance items: the summary adds up; a second run
//! changes nothing; every id that is both a page and a csv row is one cable
//! with both copies; seed 002 is a copy of 08PHNOMPENH416; references are
//! shown both ways and ghost references are found. It prints the figures.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use cablescope_archive::Archive;
use cablescope_archive::ingest::{Quiet, Summary};
use cablescope_archive::read::RefStatus;
use cablescope_format::forms::cables_csv;
use cablescope_format::ids::canonical_id;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn adds_up(s: &Summary) -> bool {
    s.documents == s.new_cables + s.new_copies + s.unchanged + s.articles + s.other
}

/// Ids of the WikiLeaks pages (`cablegate/cable/YYYY/MM/<ID>.html`).
fn page_ids(tar_xz: &Path) -> BTreeSet<String> {
    let f = File::open(tar_xz).unwrap();
    let mut ar = tar::Archive::new(xz2::read::XzDecoder::new_multi_decoder(f));
    let mut ids = BTreeSet::new();
    for e in ar.entries().unwrap() {
        let e = e.unwrap();
        let p = e.path().unwrap().display().to_string();
        if let Some(stem) = p.strip_suffix(".html").and_then(|p| p.rsplit('/').next())
            && let Some(id) = canonical_id(stem)
        {
            ids.insert(id);
        }
    }
    ids
}

/// Ids of the `cables.csv` rows (their reference-id column).
fn csv_ids(csv_xz: &Path) -> BTreeSet<String> {
    let mut raw = Vec::new();
    xz2::read::XzDecoder::new_multi_decoder(File::open(csv_xz).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    cables_csv::rows(raw.as_slice())
        .filter_map(Result::ok)
        .filter_map(|r| r.meta.id.as_deref().and_then(canonical_id))
        .collect()
}

#[test]
fn corpus_ingest_copies_and_references() {
    let corpus = shared().join("corpus");
    let seeds = shared().join("seeds");
    if !corpus.join("cables.csv.xz").exists() || !seeds.is_dir() {
        println!("SKIPPED: {} not present", corpus.display());
        return;
    }
    let inputs = vec![
        corpus.join("cablegate-html.tar.xz"),
        corpus.join("cables.csv.xz"),
        corpus.join("other-forms.tar.xz"),
        seeds.clone(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();

    // 1. The summary adds up.
    let first = a.ingest(&inputs, &Quiet).unwrap();
    println!(
        "first ingest: {} files, {} documents ({:.1} MB): {} new cables, {} new copies of known cables, {} unchanged, {} articles, {} other, {} failures",
        first.files,
        first.documents,
        first.bytes as f64 / 1e6,
        first.new_cables,
        first.new_copies,
        first.unchanged,
        first.articles,
        first.other,
        first.failures.len()
    );
    for f in first.failures.iter().take(10) {
        println!("  failure: {}: {}", f.path, f.message);
    }
    assert!(adds_up(&first), "{first:?}");
    assert!(first.new_cables > 14_000, "{first:?}");
    let (docs, copies) = a.store.counts().unwrap();
    assert_eq!(
        copies,
        first.new_cables + first.new_copies + first.articles + first.other,
        "every new document and new copy is stored once"
    );
    assert_eq!(docs, first.new_cables + first.articles + first.other);

    // 2. A second run changes nothing.
    let second = a.ingest(&inputs, &Quiet).unwrap();
    println!(
        "second ingest: {} documents, {} unchanged",
        second.documents, second.unchanged
    );
    assert!(adds_up(&second), "{second:?}");
    assert_eq!(second.documents, first.documents);
    assert_eq!(second.unchanged, second.documents, "{second:?}");
    assert_eq!(second.failures.len(), first.failures.len());
    assert_eq!(a.store.counts().unwrap(), (docs, copies));

    // 3. An id both a page and a csv row is one cable with both copies.
    let pages = page_ids(&corpus.join("cablegate-html.tar.xz"));
    let rows = csv_ids(&corpus.join("cables.csv.xz"));
    let both: Vec<&String> = pages.intersection(&rows).collect();
    let mut joined = 0;
    let mut apart = Vec::new();
    for id in &both {
        let doc = a.store.doc(id).unwrap();
        let paths: Vec<String> = doc
            .iter()
            .flat_map(|d| d.copies.iter())
            .filter_map(|h| a.store.copy(h).unwrap())
            .map(|c| c.path)
            .collect();
        let page = paths.iter().any(|p| p.contains("cablegate-html.tar.xz!"));
        let row = paths.iter().any(|p| p.contains("cables.csv"));
        if page && row {
            joined += 1;
        } else {
            apart.push(format!("{id}: {paths:?}"));
        }
    }
    println!(
        "ids both a page and a csv row: {}; one cable with both copies: {joined}",
        both.len()
    );
    for x in apart.iter().take(10) {
        println!("  not joined: {x}");
    }
    assert!(both.len() > 100, "{}", both.len());
    assert!(apart.is_empty(), "{} ids not joined", apart.len());

    // 4. Seed 002 (a news-site republication) is a copy of 08PHNOMPENH416.
    let cable = a.store.doc("08PHNOMPENH416").unwrap();
    let in_corpus = pages.contains("08PHNOMPENH416") || rows.contains("08PHNOMPENH416");
    let seed_copy = cable.iter().flat_map(|d| d.copies.iter()).any(|h| {
        a.store
            .copy(h)
            .unwrap()
            .is_some_and(|c| c.path.contains("002_7e2625c9c323301a"))
    });
    println!("08PHNOMPENH416 in the corpus: {in_corpus}; seed 002 one of its copies: {seed_copy}");
    if in_corpus {
        assert!(seed_copy, "seed 002 is not a copy of 08PHNOMPENH416");
        assert!(cable.unwrap().copies.len() >= 2);
    }

    // 5. References both ways, and ghosts.
    let mut both_ways = None;
    let mut ghosts = 0;
    let mut scanned = 0;
    let mut ids = Vec::new();
    a.store
        .for_each_doc(|d| {
            ids.push(d.id);
            Ok(())
        })
        .unwrap();
    for id in ids.iter().filter(|i| !i.starts_with("article-")) {
        scanned += 1;
        let r = a.refs(id).unwrap();
        for c in &r.cites {
            match (c.status, &c.id) {
                (Some(RefStatus::InCablegate), _) => ghosts += 1,
                (Some(RefStatus::InArchive), Some(cited)) if both_ways.is_none() => {
                    let back = a.refs(cited).unwrap();
                    assert!(
                        back.cited_by.contains(id),
                        "{id} cites {cited}, but {cited} is not shown cited by {id}"
                    );
                    both_ways = Some((id.clone(), cited.clone()));
                }
                _ => {}
            }
        }
        if both_ways.is_some() && ghosts >= 10 {
            break;
        }
    }
    println!(
        "references: {both_ways:?} shown both ways; {ghosts} ghost references in the first {scanned} documents"
    );
    assert!(
        both_ways.is_some(),
        "no reference between two archived cables"
    );
    assert!(ghosts > 0, "no ghost reference found");
}
