//! The press evaluation: precision and recall of `names` and `quotes`, and
//! how often a described cable ranks in the top 5 `concerns`, over the
//! articles in `crates/press/tests/eval/` linked against the sample corpus
//! (a real archive on disk). Prints the figures and asserts the acceptance
//! thresholds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cablescope_archive::{Archive, ingest::Quiet};
use cablescope_format::{Input, Kind, Record};
use cablescope_press::{Evidence, Link};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn eval_dir() -> PathBuf {
    root().join("crates/press/tests/eval")
}

fn parse_file(path: &Path) -> Record {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    cablescope_format::parse(Input {
        path: &name,
        bytes: &bytes,
    })
    .into_iter()
    .next()
    .unwrap()
}

fn ids(links: &[Link], e: Evidence) -> BTreeSet<String> {
    links
        .iter()
        .filter(|l| l.evidence == e)
        .map(|l| l.id.clone())
        .collect()
}

fn strings(v: &Value, key: &str) -> BTreeSet<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, want: &BTreeSet<String>, got: &BTreeSet<String>) {
        self.tp += want.intersection(got).count();
        self.fp += got.difference(want).count();
        self.fn_ += want.difference(got).count();
    }
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

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
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(eval_dir().join("manifest.json")).unwrap())
            .unwrap();
    let (mut names, mut quotes) = (Counts::default(), Counts::default());
    let (mut described, mut in_top5) = (0usize, 0usize);
    let mut general_quotes = 0usize;
    let mut problems = Vec::new();
    for a in manifest["articles"].as_array().unwrap() {
        let file = a["file"].as_str().unwrap();
        let rec = parse_file(&eval_dir().join("articles").join(file));
        assert_eq!(rec.kind, Kind::Article, "{file} is not read as an article");
        let links = archive.link_record(&rec).unwrap();
        let (want_n, got_n) = (strings(a, "names"), ids(&links, Evidence::Names));
        let (want_q, got_q) = (strings(a, "quotes"), ids(&links, Evidence::Quotes));
        names.add(&want_n, &got_n);
        quotes.add(&want_q, &got_q);
        if want_n != got_n || want_q != got_q {
            problems.push(format!(
                "{file} ({}): names {got_n:?} want {want_n:?}; quotes {got_q:?} want {want_q:?}",
                a["case"]
            ));
        }
        for m in strings(a, "missing") {
            let l = links
                .iter()
                .find(|l| l.id == m && l.evidence == Evidence::Names);
            assert!(
                l.is_some_and(|l| !l.in_archive),
                "{file}: {m} should be named and marked not in the archive"
            );
        }
        for l in links.iter().filter(|l| l.evidence == Evidence::Quotes) {
            assert!(
                !l.passages.is_empty(),
                "{file}: a quote link without passages"
            );
            for p in &l.passages {
                let text = rec.article.as_ref().unwrap().text.as_str();
                assert_eq!(
                    &text[p.article_start..p.article_end],
                    p.article_text,
                    "{file}: article offsets"
                );
            }
        }
        for l in links.iter().filter(|l| l.evidence == Evidence::Concerns) {
            assert!(
                l.passages.is_empty() && !l.reasons.is_empty(),
                "{file}: concerns carry reasons, never passages"
            );
        }
        if a.get("general").and_then(Value::as_bool) == Some(true) {
            general_quotes += got_q.len();
        }
        if let Some(target) = a.get("concerns").and_then(Value::as_str) {
            described += 1;
            let top: Vec<&str> = links
                .iter()
                .filter(|l| l.evidence == Evidence::Concerns)
                .take(5)
                .map(|l| l.id.as_str())
                .collect();
            if top.contains(&target) {
                in_top5 += 1;
            } else {
                problems.push(format!("{file}: {target} not in top 5 concerns {top:?}"));
            }
        }
    }
    let rate = in_top5 as f64 / described.max(1) as f64;
    println!(
        "press evaluation ({} articles):",
        manifest["articles"].as_array().unwrap().len()
    );
    println!(
        "  names    precision {:.3} recall {:.3}  (tp {} fp {} fn {})",
        names.precision(),
        names.recall(),
        names.tp,
        names.fp,
        names.fn_
    );
    println!(
        "  quotes   precision {:.3} recall {:.3}  (tp {} fp {} fn {})",
        quotes.precision(),
        quotes.recall(),
        quotes.tp,
        quotes.fp,
        quotes.fn_
    );
    println!("  concerns described cable in top 5: {in_top5}/{described} = {rate:.3}");
    println!("  quote links on articles about the leak in general: {general_quotes}");
    for p in &problems {
        println!("  MISS {p}");
    }
    assert!(quotes.precision() >= 0.98, "quotes precision");
    assert!(quotes.recall() >= 0.95, "quotes recall");
    assert!(
        (names.precision() - 1.0).abs() < f64::EPSILON,
        "names precision"
    );
    assert!(names.recall() >= 0.98, "names recall");
    assert!(rate >= 0.8, "concerns top-5 rate");
    assert_eq!(
        general_quotes, 0,
        "articles about the leak in general quote nothing"
    );
}

/// Links are stored at ingest and seen from both sides; a cable that arrives
/// after the article quoting it gets its link.
#[test]
fn links_kept_up_to_date_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let archive = Archive::open(&data).unwrap();
    let art = eval_dir().join("articles/b02.txt");
    archive.ingest(&[art.clone()], &Quiet).unwrap();
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
