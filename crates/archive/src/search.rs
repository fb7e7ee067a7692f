//! Searching the archive: ranked or dated hits with snippets, the hit count,
//! and facet counts (origin, country, tag, classification, year, caveat).

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{Field, Value};

use crate::facets::{CachedFacetCounter, FacetTable, top};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyDocument};

use crate::Archive;
use crate::error::Result;
use crate::query;

/// How to order hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    DateDesc,
    /// Oldest first.
    DateAsc,
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text (see [`Archive::search_filtered`] for filters added as
    /// trees).
    pub query: String,
    /// Order of hits.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Count facets.
    pub facets: bool,
    /// Make snippets.
    pub snippets: bool,
}

impl SearchRequest {
    /// A relevance search for the top 10 with facets and snippets.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            facets: true,
            snippets: true,
        }
    }
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// `cable`, `article` or `other`.
    pub kind: String,
    /// Created date-time (ISO).
    pub created: Option<String>,
    /// Origin display name.
    pub origin: Option<String>,
    /// Classification label.
    pub classification: Option<String>,
    /// Subject.
    pub subject: String,
    /// Score (relevance sort).
    pub score: f32,
    /// Snippet with matches in `<b>…</b>` (HTML-escaped text).
    pub snippet: String,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Number of matching documents.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts: facet name -> (value, count), most frequent first.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
}

const FACET_TOP: usize = 20;

impl Archive {
    /// Run a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.search_filtered(req, &[])
    }

    /// Run a search of `req.query` ANDed with `filters` (facet values, date
    /// ranges, exclusions built with [`query::Node::field_value`] and its
    /// kin). The query text is parsed on its own and the filters are joined
    /// to its tree, never to its text, so no query and no value can undo a
    /// filter. With filters, the query text may be empty.
    pub fn search_filtered(
        &self,
        req: &SearchRequest,
        filters: &[query::Node],
    ) -> Result<SearchResults> {
        let node = query::filtered(&req.query, filters)?;
        let idx = &self.index;
        let f = &idx.fields;
        let mut c = self.query_compiler(&req.query, &node)?;
        let q = query::compile(&mut c, &node)?;
        let searcher = idx.reader.searcher();
        let limit = req.limit.clamp(1, 1000);
        let mut facets = BTreeMap::new();
        let facet_counter = CachedFacetCounter {
            cache: &idx.facet_cache,
        };
        let (total, addrs, table): (usize, Vec<(f32, DocAddress)>, Option<FacetTable>) = match req
            .sort
        {
            Sort::Relevance => {
                let top = TopDocs::with_limit(limit).and_offset(req.offset);
                if req.facets {
                    let (hits, count, table) = searcher.search(&q, &(top, Count, facet_counter))?;
                    (count, hits, Some(table))
                } else {
                    let (hits, count) = searcher.search(&q, &(top, Count))?;
                    (count, hits, None)
                }
            }
            Sort::DateDesc | Sort::DateAsc => {
                let order = if req.sort == Sort::DateDesc {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_fast_field::<tantivy::DateTime>("created", order);
                if req.facets {
                    let (hits, count, table) = searcher.search(&q, &(top, Count, facet_counter))?;
                    (
                        count,
                        hits.into_iter().map(|(_, a)| (0.0, a)).collect(),
                        Some(table),
                    )
                } else {
                    let (hits, count) = searcher.search(&q, &(top, Count))?;
                    (
                        count,
                        hits.into_iter().map(|(_, a)| (0.0, a)).collect(),
                        None,
                    )
                }
            }
        };
        if let Some(table) = table {
            for (name, values) in &table {
                facets.insert(name.clone(), top(values, FACET_TOP, name == "year"));
            }
        }
        let words = snippet_words(&node, &mut c.stem);
        let finder = if words.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .ok()
        };
        let snippet_gen = if req.snippets {
            let mut g = SnippetGenerator::create(&searcher, &*q, f.body)?;
            g.set_max_num_chars(220);
            Some(g)
        } else {
            None
        };
        // Opened at the first snippet that needs the store, if any does.
        let mut texts = None;
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let snippet = match &snippet_gen {
                Some(g) => {
                    let body = snippet_body(self, &mut texts, &doc, finder.as_ref())?;
                    let window = snippet_window(&body, finder.as_ref());
                    let s = g.snippet(window);
                    // The text's line breaks and indentation are not the snippet's.
                    let html = if s.is_empty() {
                        escape_html(&body.chars().take(220).collect::<String>())
                    } else {
                        s.to_html()
                    };
                    html.split_whitespace().collect::<Vec<_>>().join(" ")
                }
                None => String::new(),
            };
            hits.push(Hit {
                id: text(f.id).unwrap_or_default(),
                kind: text(f.kind).unwrap_or_default(),
                created: text(f.created_text),
                origin: text(f.origin_name),
                classification: text(f.class),
                subject: text(f.subject).unwrap_or_default(),
                score,
                snippet,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}

/// The stems of the words a query looks for in the text (not in other fields).
fn snippet_words(node: &query::Node, stem: &mut tantivy::tokenizer::TextAnalyzer) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            query::Node::And(v) | query::Node::Or(v) => stack.extend(v.iter()),
            query::Node::Not(_) | query::Node::Range { .. } => {}
            query::Node::Term { field, text, .. } | query::Node::Phrase { field, text, .. } => {
                if field
                    .as_deref()
                    .is_none_or(|f| f == "body" || f == "subject")
                {
                    let mut ts = stem.token_stream(text);
                    while ts.advance() {
                        out.push(ts.token().text.clone());
                    }
                }
            }
        }
    }
    out
}

/// Bytes of a snippet window before the first query word.
const BEFORE: usize = 160;
/// Bytes of a snippet window from the first query word on.
const AFTER: usize = 440;

/// As much of a hit's body as its snippet needs: the head the index keeps
/// when the first query word stands in it a window's length before its end
/// (or it is the whole body), else the whole body from the store (`texts`
/// is opened then, once a search).
fn snippet_body<'a>(
    archive: &'a Archive,
    texts: &mut Option<crate::store::Texts<'a>>,
    doc: &TantivyDocument,
    words: Option<&aho_corasick::AhoCorasick>,
) -> Result<String> {
    let f = &archive.index.fields;
    if let Some(head) = doc.get_first(f.body_head).and_then(|v| v.as_str()) {
        let whole = crate::hit_body::body_range(f, doc)
            .is_some_and(|(start, end)| end.saturating_sub(start) == head.len());
        let enough = whole
            || words.is_none_or(|w| {
                w.find(head)
                    .is_some_and(|m| m.start() + AFTER <= head.len())
            });
        if enough {
            return Ok(head.to_string());
        }
    }
    let texts = match texts {
        Some(t) => t,
        None => texts.insert(archive.store.texts()?),
    };
    crate::hit_body::hit_body(f, texts, doc)
}

/// The part of a body worth highlighting: about 600 bytes around the first
/// place where a query word's stem occurs (stemming a whole long body for
/// every hit would cost more than the search itself).
fn snippet_window<'a>(body: &'a str, words: Option<&aho_corasick::AhoCorasick>) -> &'a str {
    if body.len() <= BEFORE + AFTER {
        return body;
    }
    let pos = words
        .and_then(|ac| ac.find(body))
        .map(|m| m.start())
        .unwrap_or(0);
    let mut start = pos.saturating_sub(BEFORE);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (pos + AFTER).min(body.len());
    while !body.is_char_boundary(end) {
        end += 1;
    }
    &body[start..end]
}

/// Escape text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
