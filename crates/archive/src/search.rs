//! Searching the archive: ranked or dated hits with snippets, the hit count,
//! and facet counts (origin, country, tag, classification, year, caveat).

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::schema::{Field, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyDocument};

use crate::Archive;
use crate::error::{ArchiveError, Result};
use crate::query::{self, compile::Compiler};

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
    /// The query text.
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
        let node = query::parse(&req.query)?;
        let idx = &self.index;
        let f = &idx.fields;
        let tok = idx.index.tokenizers();
        let mut c = Compiler {
            fields: f,
            stem: tok
                .get("en_stem")
                .ok_or_else(|| ArchiveError::Index("no en_stem tokenizer".into()))?,
            words: tok
                .get("default")
                .ok_or_else(|| ArchiveError::Index("no default tokenizer".into()))?,
            query: &req.query,
        };
        let q = query::compile(&mut c, &node)?;
        let searcher = idx.reader.searcher();
        let limit = req.limit.clamp(1, 1000);
        let facet_fields: [(&str, Field); 6] = [
            ("origin", f.f_origin),
            ("country", f.f_country),
            ("tag", f.f_tag),
            ("classification", f.f_class),
            ("year", f.f_year),
            ("caveat", f.f_caveat),
        ];
        let mut facets = BTreeMap::new();
        let (total, addrs): (usize, Vec<(f32, DocAddress)>) = match req.sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(limit).and_offset(req.offset);
                if req.facets {
                    let mut fcs = Vec::new();
                    for (_, field) in &facet_fields {
                        let mut fc =
                            FacetCollector::for_field(idx.index.schema().get_field_name(*field));
                        fc.add_facet("/");
                        fcs.push(fc);
                    }
                    let [a, b, cc, d, e, g]: [FacetCollector; 6] = fcs
                        .try_into()
                        .map_err(|_| ArchiveError::Index("facets".into()))?;
                    let (hits, count, (fa, fb, fc), (fd, fe, fg)) =
                        searcher.search(&q, &(top, Count, (a, b, cc), (d, e, g)))?;
                    for ((name, _), counts) in facet_fields.iter().zip([fa, fb, fc, fd, fe, fg]) {
                        facets.insert(name.to_string(), top_values(&counts));
                    }
                    (count, hits)
                } else {
                    let (hits, count) = searcher.search(&q, &(top, Count))?;
                    (count, hits)
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
                let (hits, count) = searcher.search(&q, &(top, Count))?;
                if req.facets {
                    for (name, field) in &facet_fields {
                        let mut fc =
                            FacetCollector::for_field(idx.index.schema().get_field_name(*field));
                        fc.add_facet("/");
                        let counts = searcher.search(&q, &fc)?;
                        facets.insert(name.to_string(), top_values(&counts));
                    }
                }
                (count, hits.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let snippet_gen = if req.snippets {
            let mut g = SnippetGenerator::create(&searcher, &*q, f.body)?;
            g.set_max_num_chars(220);
            Some(g)
        } else {
            None
        };
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
                    let s = g.snippet_from_doc(&doc);
                    if s.is_empty() {
                        let body = text(f.body).unwrap_or_default();
                        escape_html(&body.chars().take(220).collect::<String>())
                    } else {
                        s.to_html()
                    }
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

fn top_values(counts: &tantivy::collector::FacetCounts) -> Vec<(String, u64)> {
    counts
        .top_k("/", FACET_TOP)
        .into_iter()
        .map(|(facet, n)| {
            (
                facet
                    .to_path()
                    .last()
                    .map(|s| s.replace('\u{2215}', "/"))
                    .unwrap_or_default(),
                n,
            )
        })
        .collect()
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
