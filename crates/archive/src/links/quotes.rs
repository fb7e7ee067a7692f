//! `quotes`: candidate cables from the index (phrase queries on the
//! article's rarest word runs), then alignment against each candidate's
//! paragraphs, then the boilerplate check (how many cables hold each passage).

use std::collections::HashMap;

use cablescope_format::Record;
use cablescope_press::align::{CablePara, Passage, QuoteRule, align};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use super::terms::{Terms, analyze};
use crate::Archive;
use crate::error::Result;

/// Word runs per phrase query.
const RUN: usize = 4;
/// Phrase queries per article.
const MAX_RUNS: usize = 48;
/// Candidate cables aligned per article.
const MAX_CANDIDATES: usize = 12;
/// Terms of a passage used to count the cables holding it.
const HOLD_TERMS: usize = 14;
/// Shortest passage the aligner reports.
pub const MIN_PASSAGE: usize = 6;

/// The article's rarest runs of [`RUN`] terms, as phrase queries.
fn runs(terms: &Terms, body: tantivy::schema::Field) -> Vec<Box<dyn Query>> {
    let t = &terms.toks;
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for i in 0..t.len().saturating_sub(RUN - 1) {
        let w = &t[i..i + RUN];
        if w.iter()
            .any(|x| terms.df.get(&x.term).copied().unwrap_or(0) == 0)
        {
            continue;
        }
        let s: f64 = w.iter().map(|x| terms.idf(&x.term)).sum();
        scored.push((s, i));
    }
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut used = vec![false; t.len()];
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for (_, i) in scored {
        if out.len() >= MAX_RUNS {
            break;
        }
        if used[i..i + RUN].iter().any(|u| *u) {
            continue;
        }
        used[i..i + RUN].iter_mut().for_each(|u| *u = true);
        let q = PhraseQuery::new(
            t[i..i + RUN]
                .iter()
                .map(|x| Term::from_field_text(body, &x.term))
                .collect(),
        );
        out.push(Box::new(q));
    }
    out
}

/// `q` restricted to cables (articles quoting the same words must not crowd
/// the cables out of the candidates).
pub fn only_cables(archive: &Archive, q: BooleanQuery) -> BooleanQuery {
    let kind = TermQuery::new(
        Term::from_field_text(archive.index.fields.kind, "cable"),
        IndexRecordOption::Basic,
    );
    BooleanQuery::new(vec![
        (Occur::Must, Box::new(q) as Box<dyn Query>),
        (Occur::Must, Box::new(BoostQuery::new(Box::new(kind), 0.0))),
    ])
}

/// The paragraphs of a cable record to align against.
pub fn paragraphs(rec: &Record) -> Vec<CablePara<'_>> {
    if rec.paragraphs.is_empty() {
        return vec![CablePara {
            n: None,
            text: &rec.text,
        }];
    }
    rec.paragraphs
        .iter()
        .map(|p| CablePara {
            n: p.n,
            text: &p.text,
        })
        .collect()
}

/// Cables (not articles) holding a passage's words in order.
fn holders(
    searcher: &Searcher,
    archive: &Archive,
    analyzer: &mut TextAnalyzer,
    p: &Passage,
) -> Result<usize> {
    let f = &archive.index.fields;
    let toks = analyze(analyzer, &p.cable_text);
    let terms: Vec<Term> = toks
        .iter()
        .take(HOLD_TERMS)
        .map(|t| Term::from_field_text(f.body, &t.term))
        .collect();
    if terms.len() < 2 {
        return Ok(usize::MAX);
    }
    let q = BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
        ),
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, "cable"),
                IndexRecordOption::Basic,
            )),
        ),
    ]);
    Ok(searcher.search(&q, &Count)?)
}

/// The cables an article quotes, with the quoting passages (those that pass
/// [`QuoteRule`]), best first.
pub fn quotes(
    archive: &Archive,
    searcher: &Searcher,
    analyzer: &mut TextAnalyzer,
    terms: &Terms,
    text: &str,
    records: &mut HashMap<String, Option<Record>>,
) -> Result<Vec<(String, Vec<Passage>, f64)>> {
    let f = &archive.index.fields;
    let clauses: Vec<(Occur, Box<dyn Query>)> = runs(terms, f.body)
        .into_iter()
        .map(|q| (Occur::Should, q))
        .collect();
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    let q = only_cables(archive, BooleanQuery::new(clauses));
    let top = searcher.search(&q, &TopDocs::with_limit(MAX_CANDIDATES * 2))?;
    let rule = QuoteRule::default();
    let mut out = Vec::new();
    let mut tried = 0;
    for (_, addr) in top {
        let d: TantivyDocument = searcher.doc(addr)?;
        if d.get_first(f.kind).and_then(|v| v.as_str()) != Some("cable") {
            continue;
        }
        let Some(id) = d
            .get_first(f.id)
            .and_then(|v| v.as_str())
            .map(str::to_string)
        else {
            continue;
        };
        tried += 1;
        if tried > MAX_CANDIDATES {
            break;
        }
        let rec = match records.get(&id) {
            Some(r) => r.clone(),
            None => {
                let r = archive.cable_record(&id)?;
                records.insert(id.clone(), r.clone());
                r
            }
        };
        let Some(rec) = rec else { continue };
        let mut passages = align(text, &paragraphs(&rec), MIN_PASSAGE);
        passages.retain(|p| p.matched >= rule.min_words && p.content >= rule.min_content);
        for p in &mut passages {
            p.cables_holding = holders(searcher, archive, analyzer, p)?.max(1);
        }

        passages.retain(|p| rule.is_quote(p));
        if !passages.is_empty() {
            let score = rule.score(&passages);
            out.push((id, passages, score));
        }
    }
    drop_unidentified_copies(&mut out);
    Ok(out)
}

/// A document without a cable id (`doc-…`, a damaged or merged copy) that
/// holds only passages an identified cable also holds is that cable's text
/// seen again: the identified cable keeps the link.
fn drop_unidentified_copies(out: &mut Vec<(String, Vec<Passage>, f64)>) {
    let covered = |p: &Passage, out: &[(String, Vec<Passage>, f64)]| {
        out.iter().any(|(id, ps, _)| {
            !id.starts_with("doc-")
                && ps
                    .iter()
                    .any(|q| q.article_start <= p.article_start && q.article_end >= p.article_end)
        })
    };
    let keep: Vec<bool> = out
        .iter()
        .map(|(id, ps, _)| !id.starts_with("doc-") || !ps.iter().all(|p| covered(p, out)))
        .collect();
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}
