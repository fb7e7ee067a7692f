//! Server-rendered pages (maud: every interpolated value is HTML-escaped).
//! Each page works without JavaScript; `assets/app.js` only adds dragging
//! on the histogram, sort on change and copying citations.

mod article;
mod browse;
mod cable;
mod cited;
mod collection;
mod concerns;
mod highlight;
mod reported;
mod search;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::State;
use crate::assets::{SCRIPT_URL, STYLE_URL};
use crate::error::ApiError;

/// The page routes.
pub fn routes() -> Router<State> {
    Router::new()
        .route("/", get(search::page))
        .route("/search", get(search::page))
        .route("/cable/{id}", get(cable::page))
        .route("/cable/{id}/raw", get(cable::raw))
        .route("/article/{id}", get(article::page))
        .route("/articles", get(article::list))
        .route("/collection", get(collection::page))
        .route("/browse", get(browse::overview))
        .route("/browse/origins", get(browse::origins))
        .route("/browse/tags", get(browse::tags))
        .fallback(not_found)
}

/// Characters left as they are in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// A path segment, percent-encoded.
pub fn seg(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// The page of a document.
pub fn doc_href(id: &str, kind: &str) -> String {
    if kind == "article" {
        format!("/article/{}", seg(id))
    } else {
        format!("/cable/{}", seg(id))
    }
}

/// Which section of the masthead is current.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Browse,
    Articles,
    None,
}

/// The page frame: masthead, main, footer.
pub fn layout(title: &str, nav: Nav, q: &str, body: Markup) -> Markup {
    let here = |n: Nav| if n == nav { "here" } else { "" };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · cablescope" }
                link rel="stylesheet" href=(STYLE_URL);
                link rel="icon" href="/static/icon.svg" type="image/svg+xml";
                script src=(SCRIPT_URL) defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.masthead {
                    div.inner {
                        a.brand href="/" { "cablescope" small { "reading room" } }
                        nav {
                            a class=(here(Nav::Search)) href="/" { "Search" }
                            a class=(here(Nav::Browse)) href="/browse" { "Browse" }
                            a class=(here(Nav::Articles)) href="/articles" { "Articles" }
                            a href="/api/openapi.json" { "API" }
                            a #collection-link href="/collection" hidden { "Collection" }
                        }
                        @if nav != Nav::Search {
                            form action="/" method="get" role="search" {
                                input type="search" name="q" value=(q) placeholder="Search the cables" aria-label="Search";
                                button type="submit" { "Search" }
                            }
                        }
                    }
                }
                main #main { (body) }
                footer {
                    "cablescope — every claim traceable to the text. Cable and article text is shown as received; markings and decodings come from the parser and its reference tables."
                }
            }
        }
    }
}

/// A rendered page.
pub fn page(status: StatusCode, m: Markup) -> Response {
    (
        status,
        [(axum::http::header::CACHE_CONTROL, "no-cache")],
        Html(m.into_string()),
    )
        .into_response()
}

/// An error as a page.
pub fn error_page(e: &ApiError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => "Not found",
        s if s.is_client_error() => "Cannot do that",
        _ => "Something went wrong",
    };
    page(
        e.status,
        layout(
            title,
            Nav::None,
            "",
            html! {
                h1 { (title) }
                div.error-box { (e.message) }
                p { a href="/" { "Back to search" } }
            },
        ),
    )
}

/// A page handler's result: errors become error pages.
pub struct PageResult(pub Result<Response, ApiError>);

impl IntoResponse for PageResult {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(r) => r,
            Err(e) => error_page(&e),
        }
    }
}

impl From<Result<Response, ApiError>> for PageResult {
    fn from(r: Result<Response, ApiError>) -> Self {
        PageResult(r)
    }
}

async fn not_found() -> Response {
    error_page(&ApiError::not_found("there is no page at this address"))
}

/// Classification badge.
pub fn class_badge(label: Option<&str>) -> Markup {
    let lvl = crate::decode::level(label);
    html! {
        span class=(format!("badge lvl-{lvl}")) title="classification" { (label.unwrap_or("UNMARKED")) }
    }
}

/// A date-time (ISO) shown as its date.
pub fn date_of(iso: Option<&str>) -> String {
    iso.map(|s| s.get(..10).unwrap_or(s).to_string())
        .unwrap_or_else(|| "undated".into())
}

/// A date (`YYYY-MM-DD...`) written out: `16 July 2007`.
pub fn long_date(iso: Option<&str>) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(s) = iso else {
        return "undated".into();
    };
    let parts: Vec<&str> = s.get(..10).unwrap_or(s).split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) if (1..=12).contains(&m) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => s.to_string(),
        },
        _ => s.to_string(),
    }
}
