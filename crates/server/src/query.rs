//! Running a search for the pages and the API: the URL's state becomes one
//! query in the archive's language (facet filters as field terms, exclusions
//! as `NOT`, the month range as `date:`), answered with hits, facets (tags
//! with their descriptions) and the histogram of hits over time.

use cablescope_archive::Archive;
use cablescope_archive::histogram::Histogram;
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

/// The query term for a facet value: exactly the documents the facet counted.
pub fn filter_term(f: &Filter) -> String {
    let field = field_of(&f.facet);
    if matches!(field, "reported" | "quoted") {
        // yes or no, checked by the parameters
        return format!("{field}:{}", f.value);
    }
    if field == "class" && !f.value.contains("//") {
        // `class:SECRET` matches the level (SECRET//NOFORN too); the facet
        // counted the plain label only.
        let v = &f.value;
        return format!(
            "(class:\"{v}\" NOT class:\"{v}//NOFORN\" NOT class:\"{v}//FOR OFFICIAL USE ONLY\")"
        );
    }
    format!("{field}:\"{}\"", f.value)
}

/// The query the archive runs for these parameters.
pub fn effective_query(p: &SearchParams) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !p.q.is_empty() {
        parts.push(format!("({})", p.q));
    }
    for f in &p.include {
        parts.push(filter_term(f));
    }
    match (&p.from, &p.to) {
        (Some(a), Some(b)) => parts.push(format!("date:{a}..{b}")),
        (Some(a), None) => parts.push(format!("date:>={a}")),
        (None, Some(b)) => parts.push(format!("date:<={b}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        parts.push(ALL.to_string());
    }
    for f in &p.exclude {
        parts.push(format!("NOT {}", filter_term(f)));
    }
    parts.join(" ")
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
    let eq = effective_query(p);
    let mut sort = p.sort;
    if sort == SortParam::Relevance && p.q.is_empty() {
        sort = SortParam::Date;
    }
    let req = SearchRequest {
        query: eq.clone(),
        sort: sort.sort(),
        limit: p.per,
        offset: (p.page - 1) * p.per,
        facets: true,
        snippets: true,
    };
    let res = archive.search(&req)?;
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
    fn filters_become_terms() {
        let p = SearchParams::from_query(Some(
            "q=tier&f=tag:PHUM&x=classification:SECRET&from=2007-01",
        ))
        .unwrap();
        let q = effective_query(&p);
        assert!(q.starts_with("(tier) tag:\"PHUM\" date:>=2007-01 NOT (class:\"SECRET\""));
        let empty = SearchParams::from_query(Some("x=tag:PREL")).unwrap();
        assert_eq!(effective_query(&empty), format!("{ALL} NOT tag:\"PREL\""));
    }
}
