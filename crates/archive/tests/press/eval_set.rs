//! The press evaluation set (`crates/press/tests/eval/`): link each article
//! against an archive and measure precision and recall of `names` and
//! `quotes`, the top-5 rate of `concerns` for articles that describe a cable,
//! and quote links on articles about the leak in general.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cablescope_archive::Archive;
use cablescope_format::{Input, Kind, Record};
use cablescope_press::{Evidence, Link};
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The evaluation set's directory.
pub fn eval_dir() -> PathBuf {
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

/// The figures of one evaluation.
pub struct Figures {
    /// `names` counts.
    pub names: Counts,
    /// `quotes` counts.
    pub quotes: Counts,
    /// Share of describing articles whose cable is in the top 5 concerns.
    pub concerns_top5: f64,
    /// Quote links on articles about the leak in general.
    pub general_quotes: usize,
}

#[derive(Default)]
/// True and false positives and false negatives.
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, want: &BTreeSet<String>, got: &BTreeSet<String>) {
        self.tp += want.intersection(got).count();
        self.fp += got.difference(want).count();
        self.fn_ += want.difference(got).count();
    }
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Link every article of the evaluation set against `archive`, print the
/// figures (prefixed with `label`) and return them.
pub fn evaluate(archive: &Archive, label: &str) -> Figures {
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
        // A named cable is marked when the archive does not hold it
        // (`missing` lists those absent from the sample corpus).
        for l in links.iter().filter(|l| l.evidence == Evidence::Names) {
            let held = archive.store.doc(&l.id).unwrap().is_some();
            assert_eq!(l.in_archive, held, "{file}: {} in_archive", l.id);
        }
        for m in strings(a, "missing") {
            assert!(
                links
                    .iter()
                    .any(|l| l.id == m && l.evidence == Evidence::Names),
                "{file}: {m} should be named"
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
    let n_articles = manifest["articles"].as_array().unwrap().len();
    println!("press evaluation, {label} ({n_articles} articles):");
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
    Figures {
        names,
        quotes,
        concerns_top5: rate,
        general_quotes,
    }
}

impl Figures {
    /// Assert the acceptance thresholds.
    pub fn assert_acceptance(&self) {
        assert!(self.quotes.precision() >= 0.98, "quotes precision");
        assert!(self.quotes.recall() >= 0.95, "quotes recall");
        assert!(
            (self.names.precision() - 1.0).abs() < f64::EPSILON,
            "names precision"
        );
        assert!(self.names.recall() >= 0.98, "names recall");
        assert!(self.concerns_top5 >= 0.8, "concerns top-5 rate");
        assert_eq!(
            self.general_quotes, 0,
            "articles about the leak in general quote nothing"
        );
    }
}
