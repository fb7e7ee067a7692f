//! `POST /api/admin/ingest?name=F`: an ingest runs to its end or not at all,
//! whatever the HTTP client does. It runs on a blocking thread of its own
//! that holds the ingest lock and, when the ingest ends (done, failed or
//! panicked), clears the answers it made stale and records its outcome; the
//! request waits for it, with no time limit, and answers the summary. A
//! client that goes away (or a proxy that gives up) leaves the ingest
//! running; `GET /api/admin/ingest` then tells whether one is running and
//! how the last one ended. A second ingest while one runs is refused at
//! once (409 `ingest_running`).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cablescope_archive::ingest::{Quiet, Summary};
use serde::Serialize;

use super::{authorize, check_name, uploads};
use crate::State as AppState;
use crate::error::ApiError;

/// How an ingest ended.
#[derive(Debug, Clone, Serialize)]
pub struct IngestRun {
    /// The upload ingested.
    pub name: String,
    /// How long it took.
    pub seconds: f64,
    /// What it did, when it finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Why it failed, when it did (`{"code", "message"}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
}

#[derive(Default)]
struct Status {
    running: Option<(String, Instant)>,
    last: Option<IngestRun>,
}

/// The server's admin ingests: one at a time.
#[derive(Default)]
pub struct Ingests {
    lock: Arc<tokio::sync::Mutex<()>>,
    status: Mutex<Status>,
}

impl Ingests {
    /// The status answer: `{"running": {"name", "seconds"} | null, "last": IngestRun | null}`.
    pub fn status(&self) -> serde_json::Value {
        let Ok(st) = self.status.lock() else {
            return serde_json::json!({"running": null, "last": null});
        };
        serde_json::json!({
            "running": st.running.as_ref().map(|(name, t)| serde_json::json!({
                "name": name, "seconds": t.elapsed().as_secs_f64()
            })),
            "last": st.last,
        })
    }

    fn running(&self) -> Option<String> {
        self.status
            .lock()
            .ok()?
            .running
            .as_ref()
            .map(|r| r.0.clone())
    }

    fn start(&self, name: &str) {
        if let Ok(mut st) = self.status.lock() {
            st.running = Some((name.to_string(), Instant::now()));
        }
    }

    fn finish(&self, run: IngestRun) {
        if let Ok(mut st) = self.status.lock() {
            st.running = None;
            st.last = Some(run);
        }
    }
}

/// Ingest `DATA/uploads/NAME`.
pub(super) async fn ingest(
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
    let Ok(guard) = s.ingests.lock.clone().try_lock_owned() else {
        let what = s.ingests.running().unwrap_or_else(|| "a file".into());
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "ingest_running",
            format!(
                "an ingest of `{what}` is running: GET /api/admin/ingest tells when it has finished"
            ),
        ));
    };
    s.ingests.start(&name);
    let st = s.clone();
    // Not cancelled when this request is dropped: the thread owns the lock
    // and ends the ingest's business itself.
    let run = tokio::task::spawn_blocking(move || {
        let t = Instant::now();
        let result =
            std::panic::catch_unwind(AssertUnwindSafe(|| st.archive.ingest(&[path], &Quiet)));
        let result: Result<Summary, ApiError> = match result {
            Ok(r) => r.map_err(ApiError::from),
            Err(_) => Err(ApiError::internal("the ingest failed unexpectedly")),
        };
        // Done or failed part-way, the archive may have changed.
        st.archive_changed();
        st.ingests.finish(IngestRun {
            name,
            seconds: t.elapsed().as_secs_f64(),
            summary: result.as_ref().ok().cloned(),
            error: result.as_ref().err().map(|e| e.json()["error"].clone()),
        });
        drop(guard);
        result
    });
    let summary = run
        .await
        .map_err(|e| ApiError::internal(format!("ingest worker: {e}")))??;
    Ok(axum::Json(summary).into_response())
}

/// `GET /api/admin/ingest`: whether an ingest is running, how the last ended.
pub(super) async fn status(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    Ok(axum::Json(s.ingests.status()).into_response())
}
