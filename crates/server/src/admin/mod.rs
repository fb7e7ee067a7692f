//! Write endpoints, enabled only when the server was started with an admin
//! token: `POST /api/admin/upload?name=F` stores the request body as
//! `DATA/uploads/F` (`upload`), `POST /api/admin/ingest?name=F` ingests that
//! file and `GET /api/admin/ingest` tells how the last ingest went
//! (`ingest`).
//!
//! Requests need `Authorization: Bearer TOKEN`; without a configured token
//! the endpoints answer 403. The token is checked from the headers alone,
//! before a byte of the body is read, so refused requests cost nothing
//! whatever they send. Names are plain file names, so no path leaves the
//! data directory.

mod ingest;
mod upload;

use std::path::PathBuf;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use tower_http::timeout::TimeoutLayer;

use crate::State as AppState;
use crate::error::ApiError;
use crate::security::Limits;

pub use ingest::{IngestRun, Ingests};
pub use upload::MAX_UPLOAD_BYTES;

/// The write routes. Uploads have their own time limit; an ingest has none
/// (it runs to its end whatever the client does, see `ingest`).
pub(crate) fn routes(limits: &Limits) -> Router<AppState> {
    Router::new()
        .route(
            "/api/admin/upload",
            post(upload::upload).layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                limits.upload_timeout,
            )),
        )
        .route(
            "/api/admin/ingest",
            post(ingest::ingest).get(ingest::status),
        )
}

/// Check the request's token, from its headers only.
fn authorize(s: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &s.admin_token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only: start it with --admin-token-file to enable uploads and ingest",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "an `Authorization: Bearer TOKEN` header is required",
        ));
    };
    // Compare without stopping at the first difference.
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= (a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0)) as usize;
    }
    if diff != 0 {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the admin token is wrong",
        ));
    }
    Ok(())
}

/// Check an upload name: a plain file name, no directories, no leading dot.
pub fn check_name(raw: Option<&str>) -> Result<String, ApiError> {
    let name = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| ApiError::bad_parameter("name", "required"))?;
    let ok = !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        && name.as_bytes()[0].is_ascii_alphanumeric();
    if !ok {
        return Err(ApiError::bad_parameter(
            "name",
            "a plain file name of letters, digits, '.', '_' and '-' (at most 100, starting with a letter or digit)",
        ));
    }
    Ok(name)
}

/// Where uploads are kept: `DATA/uploads/`.
fn uploads(s: &AppState) -> PathBuf {
    s.archive.dir().join("uploads")
}
