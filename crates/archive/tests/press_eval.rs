//! The press evaluation: precision and recall of `names` and `quotes`, and
//! how often a described cable ranks in the top 5 `concerns`, over the
//! articles in `crates/press/tests/eval/` linked against the sample corpus
//! (a real archive on disk). Prints the figures and asserts the acceptance
//! thresholds.

#[path = "press/eval_set.rs"]
mod eval_set;

use std::path::Path;

use cablescope_archive::{Archive, ingest::Quiet};
use cablescope_press::{Evidence, Link};
use eval_set::{eval_dir, evaluate, root};

fn sample_archive(dir: &Path) -> Archive {
    let archive = Archive::open(dir).unwrap();
    let s = archive
        .ingest(&[root().join("samples"), eval_dir().join("cables")], &Quiet)
        .unwrap();
    assert!(s.new_cables >= 60, "{s:?}");
    archive
}

#[test]
fn press_evaluation() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = sample_archive(&tmp.path().join("data"));
    evaluate(&archive, "sample corpus").assert_acceptance();
}

/// Links are stored at ingest and seen from both sides; a cable that arrives
/// after the article quoting it gets its link.
#[test]
fn links_kept_up_to_date_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let archive = Archive::open(&data).unwrap();
    let art = eval_dir().join("articles/b02.txt");
    archive.ingest(std::slice::from_ref(&art), &Quiet).unwrap();
    let article = archive.article_ids().unwrap();
    assert_eq!(article.len(), 1);
    let before = archive.links(&article[0]).unwrap();
    assert!(before.iter().all(|l| l.evidence != Evidence::Quotes));
    // The cables arrive later.
    archive
        .ingest(&[eval_dir().join("cables")], &Quiet)
        .unwrap();
    let after = archive.links(&article[0]).unwrap();
    let q: Vec<&Link> = after
        .iter()
        .filter(|l| l.evidence == Evidence::Quotes)
        .collect();
    assert_eq!(q.len(), 1, "{after:?}");
    assert_eq!(q[0].id, "08DAKAR902");
    assert_eq!(q[0].passages[0].paragraph_n, Some(1));
    // And from the cable's side, with the same passages.
    let back = archive.links("08DAKAR902").unwrap();
    assert_eq!(back[0].id, article[0]);
    assert_eq!(back[0].evidence, Evidence::Quotes);
    assert_eq!(back[0].passages, q[0].passages);
    // The search filters.
    let hits = archive
        .search(&cablescope_archive::search::SearchRequest::new(
            "quoted:yes",
        ))
        .unwrap();
    assert_eq!(hits.hits.len(), 1);
    assert_eq!(hits.hits[0].id, "08DAKAR902");
    let hits = archive
        .search(&cablescope_archive::search::SearchRequest::new(
            "reported:no kind:cable",
        ))
        .unwrap();
    assert!(hits.hits.iter().all(|h| h.id != "08DAKAR902"));
    assert!(
        archive
            .linked_cables(true)
            .unwrap()
            .contains(&"08DAKAR902".to_string())
    );
    // Re-opening keeps them.
    drop(archive);
    let archive = Archive::open(&data).unwrap();
    assert_eq!(archive.links("08DAKAR902").unwrap().len(), back.len());
}
