//! `POST /api/admin/upload?name=F`: the body streamed to a temporary file of
//! its own in `DATA/uploads/`, synced, then renamed to `F` in one step. The
//! body is never held in memory; concurrent uploads under one name each
//! write their own file and the last to finish is `F`, whole; an upload cut
//! short or too large leaves nothing behind.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;

use super::{authorize, check_name, uploads};
use crate::error::ApiError;
use crate::{State as AppState, blocking};

/// Largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("an upload may hold at most {MAX_UPLOAD_BYTES} bytes"),
    )
}

fn io_error(what: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("{what}: {e}"))
}

/// Store the body as `DATA/uploads/NAME`. Authorization, the name and the
/// declared length are checked before the body is read.
pub(super) async fn upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    let name = check_name(q.as_deref())?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES as u64) {
        return Err(too_large());
    }
    let dir = uploads(&s);
    let shown = dir.display().to_string();
    let tmp = {
        let dir = dir.clone();
        blocking(move || {
            std::fs::create_dir_all(&dir)?;
            tempfile::Builder::new()
                .prefix(".upload-")
                .suffix(".part")
                .tempfile_in(&dir)
        })
        .await?
        .map_err(|e| io_error(&shown, e))?
    };
    // From here on, returning early (or the client going away) drops `tmp`,
    // which removes the partial file.
    let part = tmp.path().display().to_string();
    let mut file =
        tokio::fs::File::from_std(tmp.as_file().try_clone().map_err(|e| io_error(&part, e))?);
    let mut body = body;
    let mut len = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                format!("the upload could not be read to its end: {e}"),
            )
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        len += data.len();
        if len > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        file.write_all(&data)
            .await
            .map_err(|e| io_error(&part, e))?;
    }
    file.flush().await.map_err(|e| io_error(&part, e))?;
    file.sync_all().await.map_err(|e| io_error(&part, e))?;
    drop(file);
    let path = dir.join(&name);
    let shown = path.display().to_string();
    blocking(move || tmp.persist(&path).map(drop))
        .await?
        .map_err(|e| io_error(&shown, e.error))?;
    Ok(axum::Json(serde_json::json!({"name": name, "bytes": len})).into_response())
}
