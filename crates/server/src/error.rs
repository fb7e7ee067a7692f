//! Errors as the API answers them: `{"error": {"code", "message"}}` with a
//! 4xx status for the client's mistakes and 5xx for ours.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cablescope_archive::ArchiveError;
use serde::Serialize;

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code (`bad_parameter`, `bad_query`, `not_found`, ...).
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    /// A bad parameter (400).
    pub fn bad_parameter(name: &str, message: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            format!("parameter `{name}`: {message}"),
        )
    }
    /// Nothing here (404).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    /// Our fault (500).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
    /// The JSON body.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(Body {
            error: Inner {
                code: self.code,
                message: &self.message,
            },
        })
        .unwrap_or_default()
    }
}

impl From<ArchiveError> for ApiError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::Query(q) => Self::new(
                StatusCode::BAD_REQUEST,
                "bad_query",
                format!("{} (at character {})", q.message, q.position),
            ),
            ArchiveError::NotFound(id) => Self::not_found(format!(
                "no cable or document with id `{id}` in the archive"
            )),
            ArchiveError::BadInput { path, message } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_input",
                format!("{path}: {message}"),
            ),
            other => Self::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.json())).into_response()
    }
}
