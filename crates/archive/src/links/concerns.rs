//! `concerns`: the cables an article is about without quoting or naming
//! them. A query of the article's salient terms (weighed by rarity), the
//! countries and people it names, then a re-ranking whose parts are the
//! reasons shown: shared country, people and organisations, subject terms,
//! and the years the article names.

use std::collections::{HashMap, HashSet};

use cablescope_format::tables::{origins, tag};
use cablescope_press::profile::Profile;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use super::terms::{Terms, analyze};
use crate::Archive;
use crate::error::Result;

/// Salient terms in the query.
const SALIENT: usize = 24;
/// Salient terms looked for in a candidate when giving reasons.
const REASON_TERMS: usize = 160;
/// Candidates re-ranked.
const CANDIDATES: usize = 40;
/// Concerns kept per article.
pub const KEEP: usize = 10;

/// A ranked cable with its reasons.
pub struct Concern {
    /// Cable id.
    pub id: String,
    /// Relevance 0-1.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Date (`YYYY-MM-DD`).
    pub date: Option<String>,
}

/// The article's salient terms: frequent in it, rare in the archive.
fn salient(terms: &Terms, title: &[String]) -> Vec<(String, String, f64)> {
    let mut tf: HashMap<&str, (usize, &str)> = HashMap::new();
    for t in &terms.toks {
        if t.term.len() < 3 || t.term.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let e = tf.entry(t.term.as_str()).or_insert((0, t.surface.as_str()));
        e.0 += 1;
    }
    let mut v: Vec<(String, String, f64)> = tf
        .into_iter()
        .filter(|(t, _)| {
            let d = terms.df.get(*t).copied().unwrap_or(0);
            d >= 2 && (d as f64) < terms.n as f64 * 0.25
        })
        .map(|(t, (n, s))| {
            let boost = if title.iter().any(|x| x == t) {
                2.0
            } else {
                1.0
            };
            let w = (1.0 + (n as f64).ln()) * terms.idf(t) * boost;
            (t.to_string(), s.to_string(), w)
        })
        .collect();
    v.sort_by(|a, b| {
        b.2.partial_cmp(&a.2)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    v.truncate(REASON_TERMS);
    v
}

/// Rank the cables an article concerns.
#[allow(clippy::too_many_arguments)]
pub fn concerns(
    archive: &Archive,
    searcher: &Searcher,
    analyzer: &mut TextAnalyzer,
    terms: &Terms,
    title: &str,
    profile: &Profile,
    article_date: Option<&str>,
    exclude: &HashSet<String>,
) -> Result<Vec<Concern>> {
    let f = &archive.index.fields;
    let title_terms: Vec<String> = analyze(analyzer, title)
        .into_iter()
        .map(|t| t.term)
        .collect();
    let sal = salient(terms, &title_terms);
    if sal.is_empty() {
        return Ok(Vec::new());
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (t, _, w) in sal.iter().take(SALIENT) {
        for (field, k) in [(f.body, 1.0), (f.subject, 1.5)] {
            let q = TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), (*w * k) as f32)),
            ));
        }
    }
    for c in profile.countries.iter().take(3) {
        let q = TermQuery::new(
            Term::from_field_text(f.country, &c.name.to_lowercase()),
            IndexRecordOption::Basic,
        );
        clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 4.0))));
    }
    let mut name_terms: Vec<(String, Vec<String>)> = Vec::new();
    for n in profile.names.iter().take(12) {
        let toks: Vec<String> = analyze(analyzer, n).into_iter().map(|t| t.term).collect();
        if toks.len() >= 2 {
            let q = PhraseQuery::new(
                toks.iter()
                    .map(|t| Term::from_field_text(f.body, t))
                    .collect(),
            );
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 3.0))));
            name_terms.push((n.clone(), toks));
        }
    }
    let top = searcher.search(
        &super::quotes::only_cables(archive, BooleanQuery::new(clauses)),
        &TopDocs::with_limit(CANDIDATES),
    )?;
    let best = top.first().map(|t| t.0).unwrap_or(1.0).max(1e-6) as f64;
    let total_w: f64 = sal.iter().map(|s| s.2).sum();
    let countries: Vec<String> = profile.countries.iter().map(|c| c.name.clone()).collect();
    let texts = archive.store.texts()?;
    let mut out = Vec::new();
    for (score, addr) in top {
        let d: TantivyDocument = searcher.doc(addr)?;
        let text = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        if text(f.kind).as_deref() != Some("cable") {
            continue;
        }
        let Some(id) = text(f.id) else { continue };
        if exclude.contains(&id) {
            continue;
        }
        let subject = text(f.subject).filter(|s| !s.is_empty());
        let body = crate::hit_body::hit_body(f, &texts, &d)?;
        let date = text(f.created_text).map(|s| s.chars().take(10).collect::<String>());
        let mut cable_tf: HashMap<String, usize> = HashMap::new();
        for t in analyze(
            analyzer,
            &format!("{} {}", subject.as_deref().unwrap_or(""), body),
        ) {
            *cable_tf.entry(t.term).or_default() += 1;
        }
        let cable_terms: HashSet<&String> = cable_tf.keys().collect();
        let mut reasons = Vec::new();
        let mut s = 0.35 * (score as f64 / best);
        // Country of the sending post.
        let entry = text(f.origin).and_then(|o| origins().by_id(&o));
        let country = entry.map(|e| e.country.clone());
        let origin_name = entry.map(|e| e.header_name.clone()).unwrap_or_default();
        if let Some(c) = country.as_ref().filter(|c| countries.contains(c)) {
            s += if countries.first() == Some(c) {
                0.2
            } else {
                0.1
            };
            reasons.push(format!("country: {c}"));
        } else if let Some(c) = countries
            .iter()
            .find(|c| cable_terms.contains(&c.to_lowercase()))
        {
            s += 0.05;
            reasons.push(format!("country named: {c}"));
        }
        let shared_names: Vec<&str> = name_terms
            .iter()
            .filter(|(_, toks)| toks.iter().all(|t| cable_terms.contains(t)))
            .map(|(n, _)| n.as_str())
            .take(5)
            .collect();
        if !shared_names.is_empty() {
            s += 0.15 * (shared_names.len() as f64 / 3.0).min(1.0);
            reasons.push(format!(
                "people and organisations: {}",
                shared_names.join(", ")
            ));
        }
        let shared: Vec<&(String, String, f64)> = sal
            .iter()
            .filter(|(t, _, _)| cable_terms.contains(t))
            .collect();
        if !shared.is_empty() {
            let w: f64 = shared.iter().map(|x| x.2).sum();
            s += 0.25 * (w / total_w);
            // Place words are the country reason's, not subject terms.
            let place = |w: &str| {
                countries.iter().any(|c| w.starts_with(&c.to_lowercase()))
                    || origin_name
                        .split_whitespace()
                        .any(|o| o.eq_ignore_ascii_case(w))
            };
            // Shown in order of weight on both sides: salient in the
            // article, repeated in the cable.
            let mut shown: Vec<(f64, &str)> = shared
                .iter()
                .filter(|x| !place(&x.1))
                .map(|x| {
                    let tf = cable_tf.get(&x.0).copied().unwrap_or(1) as f64;
                    (x.2 * (1.0 + tf.ln()), x.1.as_str())
                })
                .collect();
            shown.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            let words: Vec<&str> = shown.iter().take(10).map(|x| x.1).collect();
            if !words.is_empty() {
                reasons.push(format!("subject terms: {}", words.join(", ")));
            }
        }
        // TAGS whose meaning the article's terms share (`KTIP`: trafficking in persons).
        let sal_terms: HashSet<&str> = sal.iter().map(|x| x.0.as_str()).collect();
        let tags: Vec<String> = d
            .get_all(f.tag)
            .filter_map(|v| v.as_str())
            .filter_map(|t| tag(t).map(|e| (t, e)))
            .filter(|(_, e)| e.kind != "geographic")
            .filter(|(_, e)| {
                analyze(analyzer, &e.description)
                    .iter()
                    .any(|x| x.term.len() > 3 && sal_terms.contains(x.term.as_str()))
            })
            .map(|(t, e)| format!("{t} ({})", e.description.to_lowercase()))
            .collect();
        if !tags.is_empty() {
            s += 0.05;
            reasons.push(format!("tags: {}", tags.join(", ")));
        }
        if let Some(y) = date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<u16>().ok())
        {
            if profile.years.contains(&y) {
                s += 0.05;
                reasons.push(format!("time: cable of {y}, a year the article names"));
            }
            if let Some(ad) = article_date
                && date.as_deref().is_some_and(|cd| cd > ad)
            {
                s -= 0.1;
            }
        }
        // A cable shown as a concern always says why.
        if reasons.is_empty() {
            continue;
        }
        out.push(Concern {
            id,
            score: s.clamp(0.0, 1.0),
            reasons,
            subject,
            date,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.id.cmp(&b.id))
    });
    out.truncate(KEEP);
    Ok(out)
}
