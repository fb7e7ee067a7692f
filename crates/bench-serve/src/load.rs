//! One bounded run of concurrent clients over a rotation of addresses, and
//! what it measured.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The HTTP client every run shares.
pub type HttpClient = Client<HttpConnector, Empty<Bytes>>;

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Requests answered or failed.
    pub requests: u64,
    /// Seconds the run took.
    pub seconds: f64,
    /// Requests that failed (not a 2xx, or no answer).
    pub errors: u64,
    /// Latency percentiles and maximum, in milliseconds.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// The first failure, for the report.
    pub first_error: Option<String>,
}

impl Stats {
    /// Requests a second.
    pub fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.requests as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The figures as JSON.
    pub fn json(&self) -> serde_json::Value {
        json!({
            "requests": self.requests, "seconds": self.seconds,
            "requests_per_second": self.rate(), "errors": self.errors,
            "p50_ms": self.p50, "p95_ms": self.p95, "p99_ms": self.p99, "max_ms": self.max,
        })
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

/// GET `uri`; `Err` with what went wrong unless the answer is a 2xx.
pub async fn fetch(client: &HttpClient, uri: &str) -> Result<(), String> {
    let parsed = uri.parse().map_err(|e| format!("{uri}: {e}"))?;
    let r = client
        .get(parsed)
        .await
        .map_err(|e| format!("request {uri}: {e}"))?;
    let status = r.status();
    let body = r
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body of {uri}: {e}"))?;
    if status.is_success() {
        Ok(())
    } else {
        let text = String::from_utf8_lossy(&body.to_bytes()).into_owned();
        Err(format!(
            "{status} for {uri}: {}",
            text.chars().take(300).collect::<String>()
        ))
    }
}

/// `clients` concurrent clients GET `base` + the paths of `rotation` in
/// turn (client `c` starting at `c * 7`, so they do not move in step),
/// until `duration` has passed or `max_requests` were sent.
pub async fn run(
    client: &HttpClient,
    base: &str,
    rotation: Arc<Vec<String>>,
    clients: usize,
    duration: Duration,
    max_requests: u64,
) -> Stats {
    let sent = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, rotation, sent, errors) = (
            client.clone(),
            rotation.clone(),
            sent.clone(),
            errors.clone(),
        );
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut lat: Vec<u64> = Vec::new();
            let mut first_error: Option<String> = None;
            let mut i = c * 7;
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max_requests {
                let uri = format!("{base}{}", rotation[i % rotation.len()]);
                i += 1;
                let t = Instant::now();
                let outcome = fetch(&client, &uri).await;
                lat.push(t.elapsed().as_micros() as u64);
                if let Err(e) = outcome {
                    errors.fetch_add(1, Ordering::Relaxed);
                    first_error.get_or_insert(e);
                }
            }
            (lat, first_error)
        }));
    }
    let mut all = Vec::new();
    let mut first_error = None;
    for t in tasks {
        match t.await {
            Ok((lat, e)) => {
                all.extend(lat);
                if first_error.is_none() {
                    first_error = e;
                }
            }
            Err(e) => {
                errors.fetch_add(1, Ordering::Relaxed);
                first_error.get_or_insert(format!("client task: {e}"));
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    all.sort_unstable();
    Stats {
        requests: all.len() as u64,
        seconds,
        errors: errors.load(Ordering::Relaxed),
        p50: percentile(&all, 50.0),
        p95: percentile(&all, 95.0),
        p99: percentile(&all, 99.0),
        max: all.last().map_or(0.0, |m| *m as f64 / 1000.0),
        first_error,
    }
}
