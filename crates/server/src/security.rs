//! Security layers around every answer: a strict Content-Security-Policy
//! (scripts and styles only from this server, no inline code, no framing),
//! `nosniff`, no referrer leaks; limits on URL length, request bodies and
//! request time ([`Limits`]; README "Server limits" lists them all).

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::timeout::TimeoutLayer;

use crate::error::ApiError;

/// The Content-Security-Policy of every answer.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest request head (request line and headers), in bytes: larger ones
/// are answered 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Largest request body outside the upload endpoint.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest a request may take (uploads and ingests excepted).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a client may take to send a request's headers; a kept-alive
/// connection idle for as long is closed too.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest an upload may take (64 MiB at 250 KB/s).
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// The time limits of a server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest a client may take to send a request's headers.
    pub header_read_timeout: Duration,
    /// Longest a reading request may take (pages, API).
    pub request_timeout: Duration,
    /// Longest an upload may take.
    pub upload_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            upload_timeout: UPLOAD_TIMEOUT,
        }
    }
}

/// A time limit on the requests of a router, answered 408.
pub fn timeout(limit: Duration) -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limit)
}

async fn headers(req: Request, next: Next) -> Response {
    let uri_len = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().len())
        .unwrap_or(0);
    if uri_len > MAX_URI_BYTES {
        let mut r = ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request target is longer than {MAX_URI_BYTES} bytes"),
        )
        .into_response();
        set(&mut r);
        return r;
    }
    let api = req.uri().path().starts_with("/api/");
    let mut r = next.run(req).await;
    if api {
        r = json_errors(r);
    }
    set(&mut r);
    r
}

/// API errors raised below the handlers (unknown method, body too large,
/// timeout) answered as JSON like every other API error.
fn json_errors(r: Response) -> Response {
    let status = r.status();
    let is_json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return r;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "this endpoint does not accept that method: see /api/openapi.json",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is too large"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "unsupported content type")
        }
        s if s.is_client_error() => ("bad_request", "the request could not be read"),
        _ => ("internal", "the server failed to answer"),
    };
    ApiError::new(status, code, message).into_response()
}

fn set(r: &mut Response<Body>) {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
}

/// Wrap the application in the security layers (time limits are set on
/// its routes, see [`crate::router`]).
pub fn layers(app: Router) -> Router {
    app.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(headers))
}
