//! Static assets compiled into the binary (no CDN, nothing fetched at run
//! time), served with long cache lifetimes: their URLs carry the version.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::State;

/// The style sheet.
pub const STYLE: &str = include_str!("../assets/style.css");
/// The progressive script.
pub const SCRIPT: &str = include_str!("../assets/app.js");
/// The icon.
pub const ICON: &str = include_str!("../assets/icon.svg");

/// URL of the style sheet.
pub const STYLE_URL: &str = concat!("/static/style.css?v=", env!("CARGO_PKG_VERSION"));
/// URL of the script.
pub const SCRIPT_URL: &str = concat!("/static/app.js?v=", env!("CARGO_PKG_VERSION"));

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The asset routes.
pub fn routes() -> Router<State> {
    Router::new()
        .route(
            "/static/style.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(ICON, "image/svg+xml") }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { asset(ICON, "image/svg+xml") }),
        )
}
