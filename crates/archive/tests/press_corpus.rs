//! The press on the shared corpus (`../shared/corpus`, about 15,000 real
//! cables, and `../shared/seeds`): seed 001 is an article dated 2015-08-05
//! whose top 5 `concerns` include 07KUALALUMPUR1145 with the reasons shown;
//! seed 002 is a copy of 08PHNOMPENH416 that republishes it. Prints SKIPPED
//! when the shared material is absent.

#[path = "press/eval_set.rs"]
mod eval_set;

use std::path::{Path, PathBuf};

use cablescope_archive::{Archive, ingest::Quiet};
use cablescope_format::{Form, Input, Kind};
use cablescope_press::Evidence;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

#[test]
fn seeds_against_the_corpus() {
    let corpus = shared().join("corpus");
    let seeds = shared().join("seeds");
    if !corpus.join("cables.csv.xz").exists() || !seeds.is_dir() {
        println!("SKIPPED: {} not present", corpus.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let archive = Archive::open(&tmp.path().join("data")).unwrap();
    let inputs: Vec<PathBuf> = [
        "cablegate-html.tar.xz",
        "cables.csv.xz",
        "other-forms.tar.xz",
    ]
    .iter()
    .map(|n| corpus.join(n))
    .chain([seeds.clone()])
    .collect();
    let s = archive.ingest(&inputs, &Quiet).unwrap();
    assert!(s.new_cables > 10_000, "{s:?}");

    // Seed 001: an article, dated, concerning the 2007 cable, for reasons.
    let seed1 = seeds.join("001_e3296b0ebb0cb90d.txt");
    let bytes = std::fs::read(&seed1).unwrap();
    let rec = cablescope_format::parse(Input {
        path: "001",
        bytes: &bytes,
    })
    .remove(0);
    assert_eq!(rec.kind, Kind::Article);
    let meta = rec.article.as_ref().unwrap();
    assert_eq!(meta.date.as_deref(), Some("2015-08-05"));
    let stored = archive
        .article_ids()
        .unwrap()
        .into_iter()
        .find(|id| {
            archive
                .store
                .doc(id)
                .unwrap()
                .map(|row| archive.reading_record(&row).unwrap())
                .and_then(|r| r.article)
                .is_some_and(|a| a.title == meta.title)
        })
        .expect("seed 001 stored as an article");
    let links = archive.links(&stored).unwrap();
    let concerns: Vec<_> = links
        .iter()
        .filter(|l| l.evidence == Evidence::Concerns)
        .take(5)
        .collect();
    for l in &concerns {
        println!("seed 001 concerns {} {:.2} {:?}", l.id, l.score, l.reasons);
    }
    let kl = concerns
        .iter()
        .find(|l| l.id == "07KUALALUMPUR1145")
        .expect("07KUALALUMPUR1145 in the top 5 concerns of seed 001");
    let reasons = kl.reasons.join("; ").to_lowercase();
    assert!(reasons.contains("malaysia"), "{reasons}");
    assert!(reasons.contains("trafficking"), "{reasons}");
    assert!(reasons.contains("rank"), "{reasons}");
    // Nothing in seed 001 quotes a cable.
    assert!(
        links.iter().all(|l| l.evidence != Evidence::Quotes),
        "{links:?}"
    );
    // The same links from the cable's side.
    assert!(
        archive
            .links("07KUALALUMPUR1145")
            .unwrap()
            .iter()
            .any(|l| l.id == stored && l.evidence == Evidence::Concerns)
    );

    // Seed 002: a copy of 08PHNOMPENH416 inside a news page.
    let row = archive
        .store
        .doc("08PHNOMPENH416")
        .unwrap()
        .expect("08PHNOMPENH416");
    let mut web = false;
    for h in &row.copies {
        let c = archive.store.copy(h).unwrap().unwrap();
        web |= c.form == Form::WebPage && c.path.contains("002_7e2625c9c323301a");
    }
    assert!(web, "seed 002 is a copy of 08PHNOMPENH416");
    let back = archive.links("08PHNOMPENH416").unwrap();
    assert!(
        back.iter()
            .any(|l| l.evidence == Evidence::Republishes && l.id.contains("002_7e2625c9c323301a"))
    );
    let bytes = std::fs::read(seeds.join("002_7e2625c9c323301a.txt")).unwrap();
    let rec = cablescope_format::parse(Input {
        path: "002",
        bytes: &bytes,
    })
    .remove(0);
    let l = archive.link_record(&rec).unwrap();
    assert_eq!(l[0].id, "08PHNOMPENH416");
    assert_eq!(l[0].evidence, Evidence::Republishes);

    // The evaluation set against the corpus (with the sample corpus and the
    // evaluation's cables added): the same thresholds, among 15,000 cables.
    archive
        .ingest(
            &[
                eval_set::root().join("samples"),
                eval_set::eval_dir().join("cables"),
            ],
            &Quiet,
        )
        .unwrap();
    eval_set::evaluate(&archive, "shared corpus").assert_acceptance();
}
