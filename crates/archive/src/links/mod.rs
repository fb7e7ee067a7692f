//! Links between the press and the cables, with their evidence (`names`,
//! `quotes`, `republishes`, `concerns`; see `cablescope-press`), computed at
//! ingest and kept up to date as either side arrives.
//!
//! - [`Archive::links`]: the links of an article (the cables it names,
//!   quotes or concerns) or of a cable (the articles that do, and the web
//!   pages that republish it), ranked.
//! - [`Archive::link_record`]: the links of a parsed document that is not
//!   stored (`cablescope links FILE`).
//! - [`update_after_ingest`]: called once at the end of an ingest. New
//!   articles are linked; when cables arrived, every article is linked again
//!   (articles are few beside cables), so a cable that arrives after the
//!   article naming or quoting it gets its link.
//! - [`Archive::linked_cables`]: cables reported (any link) or quoted, the
//!   search filters `reported` and `quoted`.
//!
//! Links live in `DATA/links.redb` ([`table::LinkTable`]).

mod concerns;
pub mod filter;
mod quotes;
pub mod table;
mod terms;

use std::collections::{BTreeMap, HashMap, HashSet};

use cablescope_format::{Form, Kind, Record};
use cablescope_press::link::rank;
use cablescope_press::mentions::{find_mentions, resolve};
use cablescope_press::profile::profile;
use cablescope_press::{Evidence, Link};
use rayon::prelude::*;
use tantivy::{Searcher, Term};

use crate::Archive;
use crate::error::Result;
use crate::ingest::Summary;
use table::LinkTable;

pub use cablescope_press::align::Passage;

/// An article's id and its links.
type ArticleLinks = (String, Vec<Link>);

/// Articles linked per transaction when relinking.
const CHUNK: usize = 256;

impl Archive {
    /// The links table (`DATA/links.redb`), opened with the archive; `None`
    /// only for an archive opened read-only that has never been linked.
    pub fn link_table(&self) -> Option<&LinkTable> {
        self.links.as_ref()
    }

    /// The links table, for writing.
    fn writable_links(&self) -> Result<&LinkTable> {
        self.links
            .as_ref()
            .ok_or_else(|| crate::ArchiveError::ReadOnly(self.dir().join("links.redb")))
    }

    /// Build the `press` flags of an archive written before they were kept
    /// (once, on its first writable open): from every article's links, and
    /// from the cables' web-page copies.
    pub(crate) fn build_press_sets(&mut self) -> Result<()> {
        let mut notice = None;
        let Some(table) = self.links.as_ref() else {
            return Ok(());
        };
        if self.access != crate::Access::ReadWrite || table.meta(table::PRESS_BUILT)?.is_some() {
            return Ok(());
        }
        if table.meta(table::RELINK)?.is_some() {
            // An ingest was cut short before it linked: link every article
            // again (which also sets their press flags).
            let all = self.article_ids()?;
            self.relink_articles(&all)?;
            notice = Some(format!(
                "the links of {} articles were brought up to date (an ingest was interrupted)",
                all.len()
            ));
        }
        let articles: Vec<String> = table.articles()?.into_iter().collect();
        for chunk in articles.chunks(CHUNK) {
            let mut batch = Vec::new();
            for a in chunk {
                if let Some(links) = table.article(a)? {
                    batch.push((a.clone(), links));
                }
            }
            table.put(&batch)?;
        }
        let mut republished = Vec::new();
        self.store.for_each_doc(|row| {
            if row.kind == Kind::Cable && row.copies.len() > 1 {
                for h in &row.copies {
                    if self.store.copy(h)?.is_some_and(|c| c.form == Form::WebPage) {
                        republished.push(row.id.clone());
                        break;
                    }
                }
            }
            Ok(())
        })?;
        table.mark_republished(&republished, true)?;
        self.notices.extend(notice);
        Ok(())
    }

    /// The record of a stored cable's reading copy, if the cable is stored.
    pub fn cable_record(&self, id: &str) -> Result<Option<Record>> {
        match self.store.doc(id)? {
            Some(row) => Ok(Some(self.reading_record(&row)?)),
            None => Ok(None),
        }
    }

    /// Whether the index holds a document with this id.
    fn holds(&self, searcher: &Searcher, id: &str) -> bool {
        searcher
            .doc_freq(&Term::from_field_text(self.index.fields.id, id))
            .map(|n| n > 0)
            .unwrap_or(false)
    }

    /// Ids of every article in the archive.
    pub fn article_ids(&self) -> Result<Vec<String>> {
        self.ids_with_term(self.index.fields.kind, "article")
    }

    /// The links of a document: an article's cables, or a cable's articles
    /// and republications, ranked (strongest evidence first).
    pub fn links(&self, id: &str) -> Result<Vec<Link>> {
        let stored_links = match self.link_table() {
            Some(t) => t.article(id)?,
            None => None,
        };
        if stored_links.is_none()
            && let Some(row) = self.store.doc(id)?
            && row.kind == Kind::Article
        {
            // Stored but never linked (an ingest interrupted before linking):
            // linked now, and kept when the archive is writable.
            let rec = self.reading_record(&row)?;
            let searcher = self.index.reader.searcher();
            let mut links = self.compute_links(&searcher, &rec, &mut HashMap::new())?;
            if self.access == crate::Access::ReadWrite {
                self.writable_links()?
                    .put(&[(id.to_string(), links.clone())])?;
            }
            rank(&mut links);
            return Ok(links);
        }
        if let Some(mut links) = stored_links {
            rank(&mut links);
            return Ok(links);
        }
        let mut out = Vec::new();
        let Some(table) = self.link_table() else {
            return Ok(out);
        };
        for article in table.citing(id)? {
            let Some(links) = table.article(&article)? else {
                continue;
            };
            let meta = self
                .store
                .doc(&article)?
                .map(|row| self.reading_record(&row))
                .transpose()?
                .and_then(|r| r.article);
            for l in links.into_iter().filter(|l| l.id == id) {
                out.push(Link {
                    id: article.clone(),
                    in_archive: true,
                    title: meta.as_ref().and_then(|m| m.title.clone()),
                    date: meta.as_ref().and_then(|m| m.date.clone()),
                    ..l
                });
            }
        }
        if let Some(row) = self.store.doc(id)? {
            for hash in &row.copies {
                if let Some(c) = self.store.copy(hash)?
                    && c.form == Form::WebPage
                {
                    out.push(Link {
                        id: c.path.clone(),
                        evidence: Evidence::Republishes,
                        score: 1.0,
                        passages: Vec::new(),
                        mentions: Vec::new(),
                        reasons: vec![format!("the cable's text inside a web page ({})", c.path)],
                        in_archive: true,
                        title: None,
                        date: None,
                    });
                }
            }
        }
        rank(&mut out);
        Ok(out)
    }

    /// The links of a parsed document, computed against the archive without
    /// storing anything: a web page carrying a cable republishes it; an
    /// article names, quotes and concerns cables; a cable's own links are
    /// those stored for it.
    pub fn link_record(&self, rec: &Record) -> Result<Vec<Link>> {
        let searcher = self.index.reader.searcher();
        match rec.kind {
            Kind::Article => {
                let mut cache = HashMap::new();
                self.compute_links(&searcher, rec, &mut cache)
            }
            Kind::Cable => {
                let Some(id) = rec.id.clone() else {
                    return Ok(Vec::new());
                };
                let mut out = Vec::new();
                if rec.form == Form::WebPage {
                    out.push(Link {
                        id: id.clone(),
                        evidence: Evidence::Republishes,
                        score: 1.0,
                        passages: Vec::new(),
                        mentions: Vec::new(),
                        reasons: Vec::new(),
                        in_archive: self.holds(&searcher, &id),
                        title: rec.subject.clone(),
                        date: rec.created.as_ref().map(|d| d.chars().take(10).collect()),
                    });
                }
                out.extend(
                    self.links(&id)?
                        .into_iter()
                        .filter(|l| l.evidence != Evidence::Republishes),
                );
                Ok(out)
            }
            Kind::Other => Ok(Vec::new()),
        }
    }

    /// Compute an article's links.
    fn compute_links(
        &self,
        searcher: &Searcher,
        rec: &Record,
        cache: &mut HashMap<String, Option<Record>>,
    ) -> Result<Vec<Link>> {
        let Some(meta) = rec.article.as_ref() else {
            return Ok(Vec::new());
        };
        let text = meta.text.as_str();
        let title = meta.title.clone().unwrap_or_default();
        let prof = profile(text);
        let mut out: Vec<Link> = Vec::new();

        // names
        let mentions = resolve(find_mentions(text), &prof.years, &|id| {
            self.holds(searcher, id)
        });
        let mut named: BTreeMap<String, Vec<cablescope_press::mentions::Mention>> = BTreeMap::new();
        for m in mentions {
            if let Some(id) = m.id.clone() {
                named.entry(id).or_default().push(m);
            }
        }
        let mut strong: HashSet<String> = HashSet::new();
        for (id, ms) in named {
            let rec = cache_record(self, cache, &id)?;
            strong.insert(id.clone());
            out.push(Link {
                in_archive: rec.is_some(),
                title: rec.as_ref().and_then(|r| r.subject.clone()),
                date: rec
                    .as_ref()
                    .and_then(|r| r.created.as_ref().map(|d| d.chars().take(10).collect())),
                id,
                evidence: Evidence::Names,
                score: ms.len() as f64,
                passages: Vec::new(),
                mentions: ms,
                reasons: Vec::new(),
            });
        }

        // quotes
        let mut analyzer = self
            .index
            .index
            .tokenizer_for_field(self.index.fields.body)?;
        let terms = terms::Terms::read(&mut analyzer, searcher, self.index.fields.body, text)?;
        for (id, passages, score) in
            quotes::quotes(self, searcher, &mut analyzer, &terms, text, cache)?
        {
            let rec = cache_record(self, cache, &id)?;
            strong.insert(id.clone());
            out.push(Link {
                in_archive: true,
                title: rec.as_ref().and_then(|r| r.subject.clone()),
                date: rec
                    .as_ref()
                    .and_then(|r| r.created.as_ref().map(|d| d.chars().take(10).collect())),
                id,
                evidence: Evidence::Quotes,
                score,
                passages,
                mentions: Vec::new(),
                reasons: Vec::new(),
            });
        }

        // concerns
        for c in concerns::concerns(
            self,
            searcher,
            &mut analyzer,
            &terms,
            &title,
            &prof,
            meta.date.as_deref(),
            &strong,
        )? {
            out.push(Link {
                id: c.id,
                evidence: Evidence::Concerns,
                score: c.score,
                passages: Vec::new(),
                mentions: Vec::new(),
                reasons: c.reasons,
                in_archive: true,
                title: c.subject,
                date: c.date,
            });
        }
        rank(&mut out);
        Ok(out)
    }

    /// Link (again) the given articles and store their links. Returns how
    /// many were linked.
    pub fn relink_articles(&self, ids: &[String]) -> Result<usize> {
        let table = self.writable_links()?;
        let searcher = self.index.reader.searcher();
        let mut done = 0;
        for chunk in ids.chunks(CHUNK) {
            let batch: Vec<Result<Option<ArticleLinks>>> = chunk
                .par_iter()
                .map_init(HashMap::new, |cache, id| {
                    let Some(row) = self.store.doc(id)? else {
                        return Ok(None);
                    };
                    if row.kind != Kind::Article {
                        return Ok(None);
                    }
                    let rec = self.reading_record(&row)?;
                    Ok(Some((
                        id.clone(),
                        self.compute_links(&searcher, &rec, cache)?,
                    )))
                })
                .collect();
            let mut put = Vec::new();
            for r in batch {
                if let Some(x) = r? {
                    put.push(x);
                }
            }
            done += put.len();
            table.put(&put)?;
        }
        Ok(done)
    }

    /// Cables that the press reports or quotes: `quoted_only` keeps those
    /// quoted (the search filter `quoted`), else those named, quoted or
    /// republished by a web page (`reported`). Read from the `press` flags
    /// kept with the links, never by scanning links or store.
    pub fn linked_cables(&self, quoted_only: bool) -> Result<Vec<String>> {
        let Some(table) = self.link_table() else {
            return Ok(Vec::new());
        };
        table.press_ids(if quoted_only {
            table::Press::quoted
        } else {
            table::Press::reported
        })
    }
}

fn cache_record(
    archive: &Archive,
    cache: &mut HashMap<String, Option<Record>>,
    id: &str,
) -> Result<Option<Record>> {
    if let Some(r) = cache.get(id) {
        return Ok(r.clone());
    }
    let r = archive.cable_record(id)?;
    cache.insert(id.to_string(), r.clone());
    Ok(r)
}

/// Keep links up to date after an ingest: cables that arrived inside web
/// pages are marked republished; articles never linked (new ones, and any an
/// interrupted ingest stored without linking) are linked; when cables
/// arrived, all articles are linked again.
pub fn update_after_ingest(
    archive: &Archive,
    summary: &Summary,
    republished: &[String],
) -> Result<()> {
    let table = archive.writable_links()?;
    let all = archive.article_ids()?;
    if all.is_empty() {
        return table.mark_republished(republished, true);
    }
    let ids: Vec<String> = if summary.new_cables > 0 || summary.new_copies > 0 {
        all
    } else {
        let known = table.articles()?;
        all.into_iter().filter(|a| !known.contains(a)).collect()
    };
    if !ids.is_empty() {
        archive.relink_articles(&ids)?;
    }
    table.mark_republished(republished, true)
}
