//! Running a search for the pages and the API: the URL's state becomes one
//! query tree (the reader's query parsed on its own, facet filters as exact
//! field values, exclusions as `NOT`, the month range as `date:`), never a
//! string spliced together, so nothing in the query or in a facet value can
//! undo a filter. Answered with hits, facets (tags with their descriptions)
//! and the histogram of hits over time.

use cablescope_archive::Archive;
use cablescope_archive::histogram::Histogram;
use cablescope_archive::query::Node;
use cablescope_archive::search::{Hit, SearchRequest};
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{FACET_FIELDS, Filter, SearchParams, SortParam};

/// Matches every document (the query language has no empty query).
pub const ALL: &str = "(kind:cable OR kind:article OR kind:other)";

/// One facet value with its count.
#[derive(Debug, Clone, Serialize)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// Matching documents.
    pub count: u64,
    /// What it means (TAGS descriptions, captions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One facet.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// Facet name (`origin`, `country`, `tag`, `classification`, `caveat`, `year`).
    pub name: String,
    /// Most frequent values first (years newest first).
    pub values: Vec<FacetValue>,
}

/// One month of the histogram.
#[derive(Debug, Clone, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Hits created that month.
    pub count: u64,
}

/// The histogram of hits over time.
#[derive(Debug, Clone, Serialize)]
pub struct HistogramView {
    /// Months with hits, oldest first.
    pub months: Vec<MonthCount>,
    /// Hits without a date.
    pub undated: u64,
}

/// The answer to a search, as the API returns it and the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// The query text as typed.
    pub query: String,
    /// The query actually run (filters and dates folded in).
    pub effective_query: String,
    /// Matching documents.
    pub total: usize,
    /// Page number, from 1.
    pub page: usize,
    /// Hits a page.
    pub per: usize,
    /// Sort order.
    pub sort: &'static str,
    /// The page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Vec<Facet>,
    /// Hits per month.
    pub histogram: HistogramView,
}

fn field_of(facet: &str) -> &'static str {
    FACET_FIELDS
        .iter()
        .find(|(f, _)| *f == facet)
        .map(|(_, q)| *q)
        .unwrap_or("tag")
}

/// The query tree for a facet value: exactly the documents the facet
/// counted, the value taken whole whatever characters it holds.
pub fn filter_node(f: &Filter) -> Node {
    let field = field_of(&f.facet);
    let v = &f.value;
    if field == "class" && !v.contains("//") {
        // `class:SECRET` matches the level (SECRET//NOFORN too); the facet
        // counted the plain label only.
        return Node::And(vec![
            Node::field_value("class", v.as_str()),
            Node::negate(Node::field_value("class", format!("{v}//NOFORN"))),
            Node::negate(Node::field_value(
                "class",
                format!("{v}//FOR OFFICIAL USE ONLY"),
            )),
        ]);
    }
    Node::field_value(field, v.as_str())
}

/// The filters of `p` as trees: included facet values, the month range,
/// excluded facet values.
pub fn filters(p: &SearchParams) -> Vec<Node> {
    let mut out: Vec<Node> = p.include.iter().map(filter_node).collect();
    if p.from.is_some() || p.to.is_some() {
        out.push(Node::range("date", p.from.clone(), p.to.clone()));
    }
    out.extend(p.exclude.iter().map(|f| Node::negate(filter_node(f))));
    out
}

/// The query text the archive runs for `p` when it has neither words nor
/// filters: every document.
fn query_text(p: &SearchParams) -> &str {
    if p.q.is_empty() && p.include.is_empty() && p.from.is_none() && p.to.is_none() {
        ALL
    } else {
        &p.q
    }
}

/// The whole tree of `p`: the parsed query ANDed with the filters (a query
/// error points into `p.q`).
pub fn tree(p: &SearchParams) -> Result<Node, ApiError> {
    Ok(
        cablescope_archive::query::filtered(query_text(p), &filters(p))
            .map_err(cablescope_archive::ArchiveError::from)?,
    )
}

/// The query the archive runs for these parameters, as text (the tree
/// written back; it reads as the same search).
pub fn effective_query(p: &SearchParams) -> Result<String, ApiError> {
    Ok(tree(p)?.to_string())
}

/// A facet value's description, where the tables have one.
pub fn describe(facet: &str, value: &str) -> Option<String> {
    match facet {
        "tag" => cablescope_format::tables::tag(value).map(|t| t.description.clone()),
        "caveat" | "classification" => cablescope_format::tables::markings()
            .iter()
            .find(|m| m.marking.eq_ignore_ascii_case(value))
            .map(|m| m.meaning.clone()),
        _ => None,
    }
}

/// The answer to `p`, from the cache when an earlier request asked the same.
pub async fn cached(
    s: &crate::State,
    p: SearchParams,
) -> Result<std::sync::Arc<SearchView>, ApiError> {
    let key = p.to_query();
    if let Some(v) = s.searches.get(&key) {
        return Ok(v);
    }
    let _slot = s
        .search_slots
        .acquire()
        .await
        .map_err(|_| ApiError::internal("search slots closed"))?;
    if let Some(v) = s.searches.get(&key) {
        return Ok(v);
    }
    let st = s.clone();
    let v = std::sync::Arc::new(crate::blocking(move || run(&st.archive, &p)).await??);
    s.searches.put(key, v.clone());
    Ok(v)
}

/// Run the search of `p`.
pub fn run(archive: &Archive, p: &SearchParams) -> Result<SearchView, ApiError> {
    let eq = effective_query(p)?;
    let mut sort = p.sort;
    if sort == SortParam::Relevance && p.q.is_empty() {
        sort = SortParam::Date;
    }
    let req = SearchRequest {
        query: query_text(p).to_string(),
        sort: sort.sort(),
        limit: p.per,
        offset: (p.page - 1) * p.per,
        facets: true,
        snippets: true,
    };
    let res = archive.search_filtered(&req, &filters(p))?;
    // `Archive::histogram` reads query text: it gets the tree written back,
    // which reads as the same tree (values escaped, groups in parentheses).
    let hist: Histogram = archive.histogram(&eq)?;
    let order = [
        "origin",
        "country",
        "tag",
        "classification",
        "caveat",
        "year",
    ];
    let mut facets = Vec::new();
    for name in order {
        let values = res
            .facets
            .get(name)
            .map(|v| {
                v.iter()
                    .map(|(value, count)| FacetValue {
                        description: describe(name, value),
                        value: value.clone(),
                        count: *count,
                    })
                    .collect()
            })
            .unwrap_or_default();
        facets.push(Facet {
            name: name.to_string(),
            values,
        });
    }
    Ok(SearchView {
        query: p.q.clone(),
        effective_query: eq,
        total: res.total,
        page: p.page,
        per: p.per,
        sort: p.sort.name(),
        hits: res.hits,
        facets,
        histogram: HistogramView {
            months: hist
                .months
                .into_iter()
                .map(|(month, count)| MonthCount { month, count })
                .collect(),
            undated: hist.undated,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_trees() {
        let p = SearchParams::from_query(Some(
            "q=tier&f=tag:PHUM&x=classification:SECRET&from=2007-01",
        ))
        .unwrap();
        let q = effective_query(&p).unwrap();
        assert_eq!(
            q,
            "tier tag:\"PHUM\" date:2007-01.. NOT (class:\"SECRET\" NOT class:\"SECRET//NOFORN\" NOT class:\"SECRET//FOR OFFICIAL USE ONLY\")"
        );
        let empty = SearchParams::from_query(Some("x=tag:PREL")).unwrap();
        assert_eq!(
            effective_query(&empty).unwrap(),
            "(kind:cable OR kind:article OR kind:other) NOT tag:\"PREL\""
        );
    }

    #[test]
    fn the_query_cannot_reach_the_filters() {
        let p = SearchParams::from_query(Some("q=iran)+OR+(iran&f=origin:Tehran")).unwrap();
        assert_eq!(tree(&p).unwrap_err().code, "bad_query");
        let p = SearchParams::from_query(Some("q=iran+OR+iraq&f=tag:A%22B)")).unwrap();
        let Node::And(items) = tree(&p).unwrap() else {
            panic!("not an AND")
        };
        assert!(matches!(&items[0], Node::Or(_)));
        assert!(matches!(&items[1], Node::Phrase { text, .. } if text == "A\"B)"));
        assert_eq!(
            effective_query(&p).unwrap(),
            "(iran OR iraq) tag:\"A\\\"B)\""
        );
    }
}
