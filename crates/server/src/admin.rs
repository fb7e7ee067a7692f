//! Write endpoints, enabled only when the server was started with an admin
//! token: `POST /api/admin/upload?name=F` stores the request body as
//! `DATA/uploads/F`, `POST /api/admin/ingest?name=F` ingests that file.
//! Requests need `Authorization: Bearer TOKEN`; without a configured token
//! the endpoints answer 403. Names are plain file names, so no path leaves
//! the data directory.

use std::path::PathBuf;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use cablescope_archive::ingest::Quiet;

use crate::error::ApiError;
use crate::{State as AppState, blocking};

/// Largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/admin/upload",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/admin/ingest", post(ingest))
}

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

fn uploads(s: &AppState) -> PathBuf {
    s.archive.dir().join("uploads")
}

async fn upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    let name = check_name(q.as_deref())?;
    let dir = uploads(&s);
    let len = body.len();
    let path = dir.join(&name);
    let shown = name.clone();
    blocking(move || -> Result<(), ApiError> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| ApiError::internal(format!("{}: {e}", dir.display())))?;
        let tmp = dir.join(format!(".{name}.part"));
        std::fs::write(&tmp, &body)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))
    })
    .await??;
    Ok(axum::Json(serde_json::json!({"name": shown, "bytes": len})).into_response())
}

async fn ingest(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    let name = check_name(q.as_deref())?;
    let path = uploads(&s).join(&name);
    if !path.is_file() {
        return Err(ApiError::not_found(format!(
            "no upload named `{name}`: POST it to /api/admin/upload first"
        )));
    }
    let _guard = s.ingest_lock.lock().await;
    let st = s.clone();
    let summary = blocking(move || st.archive.ingest(&[path], &Quiet)).await??;
    if let Ok(mut o) = s.overview.lock() {
        *o = None;
    }
    s.searches.clear();
    Ok(axum::Json(summary).into_response())
}
