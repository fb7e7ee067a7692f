//! The JSON API: everything the pages show, under `/api/`.
//!
//! | endpoint | answer |
//! | --- | --- |
//! | `GET /api/search` | [`crate::query::SearchView`]: hits, facets, histogram |
//! | `GET /api/cable/{id}` | [`CableView`]: record, decoded header, copies, references both ways |
//! | `GET /api/cable/{id}/refs` | references in both directions |
//! | `GET /api/cable/{id}/raw` | the raw text of every copy |
//! | `GET /api/browse/origins`, `/tags`, `/dates`, `/classifications` | counts |
//! | `GET /api/articles` | ingested news articles |
//! | `GET /api/links/{id}` | [`crate::links::LinksView`]: news links of a cable or an article |
//! | `GET /api/stats` | [`Overview`]: what the archive holds |
//! | `GET /api/openapi.json` | the OpenAPI document |
//!
//! Errors are `{"error": {"code", "message"}}` ([`ApiError`]).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use cablescope_archive::Archive;
use cablescope_archive::read::{DocumentView, Refs, Stats};
use cablescope_archive::search::{SearchRequest, Sort};
use serde::Serialize;

use crate::decode::{self, Header};
use crate::error::ApiError;
use crate::params::SearchParams;
use crate::query::{self, MonthCount};
use crate::{State as AppState, blocking};

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/cable/{id}", get(cable))
        .route("/api/cable/{id}/refs", get(refs))
        .route("/api/cable/{id}/raw", get(raw))
        .route("/api/browse/origins", get(browse_origins))
        .route("/api/browse/tags", get(browse_tags))
        .route("/api/browse/dates", get(browse_dates))
        .route("/api/browse/classifications", get(browse_classifications))
        .route("/api/articles", get(articles))
        .route("/api/links/{id}", get(links))
        .route("/api/stats", get(stats))
        .route("/api/collection", get(collection))
        .route("/api/openapi.json", get(openapi))
        .route("/api", get(api_fallback))
        .route("/api/", get(api_fallback))
        .route("/api/{*rest}", get(api_fallback).post(api_fallback))
}

async fn api_fallback() -> ApiError {
    ApiError::not_found("no such API endpoint: see /api/openapi.json")
}

/// A JSON answer (also used for the OpenAPI document).
fn json<T: Serialize>(v: &T) -> Response {
    let mut r = Json(v).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Check an id from the URL: printable, not too long.
pub fn check_id(id: &str) -> Result<&str, ApiError> {
    let id = id.trim();
    if id.is_empty() || id.len() > 200 || id.chars().any(|c| c.is_control()) {
        return Err(ApiError::bad_parameter(
            "id",
            "empty, too long or not printable",
        ));
    }
    Ok(id)
}

async fn search(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = SearchParams::from_query(q.as_deref())?;
    let view = query::cached(&s, p).await?;
    Ok(json(&*view))
}

/// A cable (or any document) as the API gives it.
#[derive(Debug, Serialize)]
pub struct CableView {
    /// The document and its copies.
    #[serde(flatten)]
    pub document: DocumentView,
    /// The header decoded.
    pub header: Header,
    /// References in both directions.
    pub refs: Refs,
}

/// Read a cable with everything its page shows.
pub fn cable_view(a: &Archive, id: &str) -> Result<CableView, ApiError> {
    let document = a.document(id)?;
    let refs = a.refs(&document.id)?;
    Ok(CableView {
        header: decode::header(&document.record),
        document,
        refs,
    })
}

async fn cable(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = check_id(&id)?.to_string();
    let v = blocking(move || cable_view(&s.archive, &id)).await??;
    Ok(json(&v))
}

async fn refs(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = check_id(&id)?.to_string();
    let v = blocking(move || s.archive.refs(&id)).await??;
    Ok(json(&v))
}

async fn links(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = check_id(&id)?.to_string();
    let v = blocking(move || crate::links::links_by_id(&s.archive, &id)).await??;
    Ok(json(&v))
}

/// One copy's raw text.
#[derive(Debug, Serialize)]
pub struct RawCopy {
    /// Content hash.
    pub hash: String,
    /// Where it came from.
    pub path: String,
    /// Its form.
    pub form: cablescope_format::Form,
    /// The text as stored.
    pub text: String,
}

/// The raw text of a document's copies.
#[derive(Debug, Serialize)]
pub struct RawView {
    /// Document id.
    pub id: String,
    /// Every copy.
    pub copies: Vec<RawCopy>,
}

/// Read the raw copies of a document.
pub fn raw_view(a: &Archive, id: &str) -> Result<RawView, ApiError> {
    let doc = a.document(id)?;
    let copies = a
        .raw(&doc.id)?
        .into_iter()
        .map(|c| RawCopy {
            hash: c.hash,
            path: c.path,
            form: c.form,
            text: c.text,
        })
        .collect();
    Ok(RawView { id: doc.id, copies })
}

async fn raw(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = check_id(&id)?.to_string();
    let v = blocking(move || raw_view(&s.archive, &id)).await??;
    Ok(json(&v))
}

/// A value and its count, with a description where the tables have one.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The value (origin name, tag, classification).
    pub value: String,
    /// Documents.
    pub count: u64,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Counts by year and month.
#[derive(Debug, Clone, Serialize)]
pub struct Dates {
    /// Documents a year, oldest first.
    pub years: Vec<Count>,
    /// Documents a month, oldest first.
    pub months: Vec<MonthCount>,
    /// Documents without a date.
    pub undated: u64,
}

/// What the archive holds: statistics and browse counts.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Counts of documents, copies, kinds and Cablegate coverage.
    pub stats: Stats,
    /// Share of the Cablegate id list present (0 to 1).
    pub cablegate_coverage: f64,
    /// Documents by origin, most first.
    pub origins: Vec<Count>,
    /// Documents by tag, most first, with TAGS descriptions.
    pub tags: Vec<Count>,
    /// Documents by classification.
    pub classifications: Vec<Count>,
    /// Documents by year and month.
    pub dates: Dates,
}

fn counts(v: &[(String, u64)], facet: &str) -> Vec<Count> {
    v.iter()
        .map(|(value, count)| Count {
            description: query::describe(facet, value),
            value: value.clone(),
            count: *count,
        })
        .collect()
}

fn compute_overview(a: &Archive) -> Result<Overview, ApiError> {
    let stats = a.stats()?;
    let hist = a.histogram(query::ALL)?;
    let mut years: Vec<Count> = stats
        .by_year
        .iter()
        .map(|(y, n)| Count {
            value: y.clone(),
            count: *n,
            description: None,
        })
        .collect();
    years.sort_by(|a, b| a.value.cmp(&b.value));
    Ok(Overview {
        cablegate_coverage: if stats.cablegate_total == 0 {
            0.0
        } else {
            stats.cablegate_present as f64 / stats.cablegate_total as f64
        },
        origins: counts(&stats.by_origin, "origin"),
        tags: counts(&stats.by_tag, "tag"),
        classifications: counts(&stats.by_classification, "classification"),
        dates: Dates {
            years,
            months: hist
                .months
                .into_iter()
                .map(|(month, count)| MonthCount { month, count })
                .collect(),
            undated: hist.undated,
        },
        stats,
    })
}

/// The overview of the archive, computed once and kept until an ingest.
pub async fn overview(s: &AppState) -> Result<Arc<Overview>, ApiError> {
    if let Some(o) = s
        .overview
        .lock()
        .map_err(|_| ApiError::internal("lock"))?
        .clone()
    {
        return Ok(o);
    }
    let st = s.clone();
    let o = Arc::new(blocking(move || compute_overview(&st.archive)).await??);
    *s.overview.lock().map_err(|_| ApiError::internal("lock"))? = Some(o.clone());
    Ok(o)
}

async fn stats(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(&*overview(&s).await?))
}

async fn browse_origins(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(&overview(&s).await?.origins))
}

async fn browse_tags(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(&overview(&s).await?.tags))
}

async fn browse_classifications(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(&overview(&s).await?.classifications))
}

async fn browse_dates(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(json(&overview(&s).await?.dates))
}

/// An ingested article, listed.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleItem {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date (ISO), when known.
    pub date: Option<String>,
}

/// Every article, newest first (at most 1000).
pub fn list_articles(a: &Archive) -> Result<Vec<ArticleItem>, ApiError> {
    let res = a.search(&SearchRequest {
        query: "kind:article".into(),
        sort: Sort::DateDesc,
        limit: 1000,
        offset: 0,
        facets: false,
        snippets: false,
    })?;
    Ok(res
        .hits
        .into_iter()
        .map(|h| ArticleItem {
            id: h.id,
            title: h.subject,
            date: h.created,
        })
        .collect())
}

async fn articles(State(s): State<AppState>) -> Result<Response, ApiError> {
    let v = blocking(move || list_articles(&s.archive)).await??;
    Ok(json(&v))
}

/// Most documents in a collection.
pub const MAX_COLLECTION: usize = 200;

/// One document of a collection.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionItem {
    /// The id as given (canonical when found).
    pub id: String,
    /// Whether the archive holds it.
    pub found: bool,
    /// `cable`, `article` or `other`.
    pub kind: String,
    /// Created (ISO).
    pub created: Option<String>,
    /// Origin name.
    pub origin: Option<String>,
    /// Classification.
    pub classification: Option<String>,
    /// Subject or title.
    pub subject: String,
}

/// A collection.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionView {
    /// Its title, if given.
    pub title: Option<String>,
    /// Its documents, in the order given.
    pub items: Vec<CollectionItem>,
}

/// Read `ids` (comma-separated, repeatable) and `title` of a collection URL.
pub fn collection_params(raw: Option<&str>) -> Result<(Option<String>, Vec<String>), ApiError> {
    let mut ids: Vec<String> = Vec::new();
    let mut title = None;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match &*k {
            "ids" => {
                for id in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let id = check_id(id)?.to_string();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            "title" => {
                let t = v.trim();
                if t.chars().count() > 200 {
                    return Err(ApiError::bad_parameter(
                        "title",
                        "longer than 200 characters",
                    ));
                }
                title = Some(t.to_string()).filter(|t| !t.is_empty());
            }
            other => {
                return Err(ApiError::bad_parameter(
                    other,
                    "unknown parameter (ids, title)",
                ));
            }
        }
    }
    if ids.len() > MAX_COLLECTION {
        return Err(ApiError::bad_parameter(
            "ids",
            format!("more than {MAX_COLLECTION} documents"),
        ));
    }
    Ok((title, ids))
}

/// Look up the documents of a collection.
pub fn collection_view(
    a: &Archive,
    title: Option<String>,
    ids: &[String],
) -> Result<CollectionView, ApiError> {
    let mut items = Vec::new();
    for id in ids {
        match a.document(id) {
            Ok(d) => {
                let r = &d.record;
                items.push(CollectionItem {
                    id: d.id.clone(),
                    found: true,
                    kind: format!("{:?}", r.kind).to_lowercase(),
                    created: r.created.clone(),
                    origin: r.origin.as_ref().and_then(|o| o.name.clone()),
                    classification: r.classification.clone(),
                    subject: r
                        .subject
                        .clone()
                        .or_else(|| r.article.as_ref().and_then(|x| x.title.clone()))
                        .unwrap_or_else(|| "(no subject)".into()),
                });
            }
            Err(cablescope_archive::ArchiveError::NotFound(_)) => items.push(CollectionItem {
                id: id.clone(),
                found: false,
                kind: String::new(),
                created: None,
                origin: None,
                classification: None,
                subject: String::new(),
            }),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(CollectionView { title, items })
}

async fn collection(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let (title, ids) = collection_params(q.as_deref())?;
    let v = blocking(move || collection_view(&s.archive, title, &ids)).await??;
    Ok(json(&v))
}

async fn openapi() -> Response {
    json(crate::openapi::document())
}
