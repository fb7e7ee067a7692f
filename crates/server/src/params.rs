//! The state of a search as the URL carries it, read and checked.
//!
//! `q` (query text), `f` (a facet filter `name:value`, repeatable), `x` (an
//! excluded facet value, repeatable), `from`/`to` (months `YYYY-MM`), `sort`
//! (`relevance`, `date`, `date_asc`), `page` (from 1) and `per` (hits a page).
//! Everything a page shows is in these parameters, so a search is a link.

use cablescope_archive::search::Sort;

use crate::error::ApiError;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most facet filters (included plus excluded) in one search.
pub const MAX_FILTERS: usize = 20;
/// Most hits a page.
pub const MAX_PER_PAGE: usize = 100;
/// Deepest hit a search can page to (the result window).
pub const MAX_WINDOW: usize = 10_000;
/// Longest facet value accepted, in bytes.
pub const MAX_FACET_VALUE_BYTES: usize = 200;
/// Hits a page unless `per` says otherwise.
pub const DEFAULT_PER_PAGE: usize = 20;

/// The facets a search can filter by, as (facet name, query field).
/// `reported` and `quoted` (values `yes`, `no`) filter by news links; they
/// are not counted.
pub const FACET_FIELDS: [(&str, &str); 8] = [
    ("origin", "origin"),
    ("country", "country"),
    ("tag", "tag"),
    ("classification", "class"),
    ("caveat", "caveat"),
    ("year", "year"),
    ("reported", "reported"),
    ("quoted", "quoted"),
];

/// A facet filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Facet name (`origin`, `tag`, ...).
    pub facet: String,
    /// The value as the facet lists it.
    pub value: String,
}

impl Filter {
    /// `facet:value`, as the URL writes it.
    pub fn token(&self) -> String {
        format!("{}:{}", self.facet, self.value)
    }
}

/// A search's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    /// Query text.
    pub q: String,
    /// Facet values required.
    pub include: Vec<Filter>,
    /// Facet values excluded.
    pub exclude: Vec<Filter>,
    /// First month (`YYYY-MM`).
    pub from: Option<String>,
    /// Last month (`YYYY-MM`).
    pub to: Option<String>,
    /// Order of hits.
    pub sort: SortParam,
    /// Page, from 1.
    pub page: usize,
    /// Hits a page.
    pub per: usize,
}

/// Order of hits as the URL names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortParam {
    /// Best match first (newest first when there are no words to rank by).
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    DateAsc,
}

impl SortParam {
    /// The URL value.
    pub fn name(self) -> &'static str {
        match self {
            SortParam::Relevance => "relevance",
            SortParam::Date => "date",
            SortParam::DateAsc => "date_asc",
        }
    }
    /// The archive's sort.
    pub fn sort(self) -> Sort {
        match self {
            SortParam::Relevance => Sort::Relevance,
            SortParam::Date => Sort::DateDesc,
            SortParam::DateAsc => Sort::DateAsc,
        }
    }
}

fn parse_filter(name: &str, raw: &str) -> Result<Filter, ApiError> {
    let (facet, value) = raw
        .split_once(':')
        .ok_or_else(|| ApiError::bad_parameter(name, format!("`{raw}` is not `facet:value`")))?;
    if !FACET_FIELDS.iter().any(|(f, _)| *f == facet) {
        return Err(ApiError::bad_parameter(
            name,
            format!(
                "unknown facet `{facet}` (one of: {})",
                FACET_FIELDS
                    .iter()
                    .map(|(f, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let value = value.trim();
    // Any other character may stand in a value (a TAGS entry of a hostile
    // cable holds quotes and parentheses): the value becomes one exact term
    // of the query tree, never query text.
    if value.is_empty() || value.len() > MAX_FACET_VALUE_BYTES || value.contains(char::is_control) {
        return Err(ApiError::bad_parameter(
            name,
            format!(
                "facet value `{}` is empty, longer than {MAX_FACET_VALUE_BYTES} bytes or holds a control character",
                value.escape_debug()
            ),
        ));
    }
    if facet == "year" && !(value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit())) {
        return Err(ApiError::bad_parameter(
            name,
            format!("year `{value}` is not four digits"),
        ));
    }
    if matches!(facet, "reported" | "quoted") && !matches!(value, "yes" | "no") {
        return Err(ApiError::bad_parameter(
            name,
            format!("`{facet}:{value}`: write {facet}:yes or {facet}:no"),
        ));
    }
    Ok(Filter {
        facet: facet.to_string(),
        value: value.to_string(),
    })
}

fn parse_month(name: &str, v: &str) -> Result<Option<String>, ApiError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let ok = v.len() == 7
        && v.as_bytes()[4] == b'-'
        && v[..4].bytes().all(|b| b.is_ascii_digit())
        && v[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    if !ok {
        return Err(ApiError::bad_parameter(
            name,
            format!("`{v}` is not a month written YYYY-MM"),
        ));
    }
    Ok(Some(v.to_string()))
}

fn parse_number(name: &str, v: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| ApiError::bad_parameter(name, format!("`{v}` is not a whole number")))?;
    if !(min..=max).contains(&n) {
        return Err(ApiError::bad_parameter(
            name,
            format!("{n} is out of range ({min} to {max})"),
        ));
    }
    Ok(n)
}

impl SearchParams {
    /// The address of a search filtered on one facet value (`/?f=tag:PREL`).
    pub fn filter_href(facet: &str, value: &str) -> String {
        let p = SearchParams {
            include: vec![Filter {
                facet: facet.into(),
                value: value.into(),
            }],
            page: 1,
            per: DEFAULT_PER_PAGE,
            ..Default::default()
        };
        format!("/?{}", p.to_query())
    }

    /// Read the parameters of a URL query string.
    pub fn from_query(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut p = SearchParams {
            page: 1,
            per: DEFAULT_PER_PAGE,
            ..Default::default()
        };
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            match &*k {
                "q" => {
                    if v.chars().count() > MAX_QUERY_CHARS {
                        return Err(ApiError::bad_parameter(
                            "q",
                            format!("the query is longer than {MAX_QUERY_CHARS} characters"),
                        ));
                    }
                    p.q = v.trim().to_string();
                }
                "f" => p.include.push(parse_filter("f", &v)?),
                "x" => p.exclude.push(parse_filter("x", &v)?),
                "from" => p.from = parse_month("from", &v)?,
                "to" => p.to = parse_month("to", &v)?,
                "sort" => {
                    p.sort = match v.trim() {
                        "" | "relevance" => SortParam::Relevance,
                        "date" | "date_desc" => SortParam::Date,
                        "date_asc" => SortParam::DateAsc,
                        other => {
                            return Err(ApiError::bad_parameter(
                                "sort",
                                format!("`{other}` is not relevance, date or date_asc"),
                            ));
                        }
                    }
                }
                "page" => p.page = parse_number("page", &v, 1, MAX_WINDOW)?,
                "per" => p.per = parse_number("per", &v, 1, MAX_PER_PAGE)?,
                other => {
                    return Err(ApiError::bad_parameter(
                        other,
                        "unknown parameter (q, f, x, from, to, sort, page, per)",
                    ));
                }
            }
        }
        if p.include.len() + p.exclude.len() > MAX_FILTERS {
            return Err(ApiError::bad_parameter(
                "f",
                format!("more than {MAX_FILTERS} facet filters"),
            ));
        }
        if let (Some(a), Some(b)) = (&p.from, &p.to)
            && a > b
        {
            return Err(ApiError::bad_parameter(
                "from",
                format!("{a} is after `to` ({b})"),
            ));
        }
        if (p.page - 1) * p.per + p.per > MAX_WINDOW {
            return Err(ApiError::bad_parameter(
                "page",
                format!("results are available up to hit {MAX_WINDOW}: narrow the search"),
            ));
        }
        Ok(p)
    }

    /// The parameters as a URL query string (without `?`), leaving out defaults.
    pub fn to_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        for f in &self.include {
            s.append_pair("f", &f.token());
        }
        for f in &self.exclude {
            s.append_pair("x", &f.token());
        }
        if let Some(v) = &self.from {
            s.append_pair("from", v);
        }
        if let Some(v) = &self.to {
            s.append_pair("to", v);
        }
        if self.sort != SortParam::Relevance {
            s.append_pair("sort", self.sort.name());
        }
        if self.page != 1 {
            s.append_pair("page", &self.page.to_string());
        }
        if self.per != DEFAULT_PER_PAGE {
            s.append_pair("per", &self.per.to_string());
        }
        s.finish()
    }

    /// A copy on page 1 (what a changed filter leads to).
    pub fn first_page(&self) -> Self {
        SearchParams {
            page: 1,
            ..self.clone()
        }
    }

    /// Whether the search asks for anything at all.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty()
            && self.include.is_empty()
            && self.exclude.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = SearchParams::from_query(Some(
            "q=tier+3&f=tag%3APHUM&x=origin%3AKuala+Lumpur&from=2007-01&to=2008-12&sort=date&page=2",
        ))
        .unwrap();
        assert_eq!(p.q, "tier 3");
        assert_eq!(p.include[0].value, "PHUM");
        assert_eq!(p.exclude[0].facet, "origin");
        assert_eq!(SearchParams::from_query(Some(&p.to_query())).unwrap(), p);
    }

    #[test]
    fn bad_parameters() {
        for q in [
            "page=0",
            "per=1000",
            "sort=up",
            "from=2007-13",
            "f=nofacet",
            "f=color:red",
            "f=tag:%01",
            "from=2008-01&to=2007-01",
            "page=9999",
            "zzz=1",
        ] {
            let e = SearchParams::from_query(Some(q)).unwrap_err();
            assert_eq!(e.code, "bad_parameter", "{q}");
        }
        let odd = SearchParams::from_query(Some("f=tag:A%22B)%5C")).unwrap();
        assert_eq!(odd.include[0].value, "A\"B)\\");
        assert_eq!(
            SearchParams::from_query(Some(&odd.to_query())).unwrap(),
            odd
        );
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(SearchParams::from_query(Some(&long)).is_err());
    }
}
