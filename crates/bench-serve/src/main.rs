//! `bench-serve`: a bounded load test of the reading room's search API on
//! loopback.
//!
//! Either targets a running server (`--url http://127.0.0.1:8080`) or starts
//! one itself over `--data DIR` (on 127.0.0.1, a free port, in this process
//! on its own threads). `--clients` concurrent clients (default 32) issue
//! `GET /api/search` requests with the queries of `--queries FILE`
//! (`CLASS<TAB>QUERY` lines, as `../shared/bench/queries.txt`; a built-in set
//! otherwise) until `--duration` seconds have passed (default 30) or
//! `--max-requests` were sent. Prints requests/s, latency percentiles and
//! errors; the last line is JSON. Exit status 1 when any request failed or
//! (with `--max-p99-ms`) p99 is above the bound.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[derive(Parser)]
#[command(
    name = "bench-serve",
    about = "Load test of cablescope serve's search API on loopback"
)]
struct Args {
    /// A running server's base URL (loopback only).
    #[arg(long, conflicts_with = "data")]
    url: Option<String>,
    /// Start a server over this archive instead.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Seconds to run.
    #[arg(long, default_value_t = 30.0)]
    duration: f64,
    /// Stop after this many requests.
    #[arg(long, default_value_t = 2_000_000)]
    max_requests: u64,
    /// Query file (CLASS<TAB>QUERY lines).
    #[arg(long)]
    queries: Option<PathBuf>,
    /// With --data: start the server without its search cache (every request searches the index).
    #[arg(long)]
    no_cache: bool,
    /// Fail (exit 1) when p99 is above this many milliseconds.
    #[arg(long)]
    max_p99_ms: Option<f64>,
}

const BUILTIN: [&str; 12] = [
    "trafficking",
    "\"tier 3\"",
    "nuclear iran",
    "tag:PREL",
    "elections tag:PGOV",
    "corruption year:2007",
    "class:SECRET",
    "military",
    "ambassador visit",
    "refugee*",
    "oil OR gas",
    "human rights -china",
];

fn load_queries(path: Option<&PathBuf>) -> Result<Vec<String>> {
    let default = PathBuf::from("../shared/bench/queries.txt");
    let path = match path {
        Some(p) => Some(p.clone()),
        None => default.is_file().then_some(default),
    };
    let Some(path) = path else {
        return Ok(BUILTIN.iter().map(|s| s.to_string()).collect());
    };
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let qs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split_once('\t')
                .map(|(_, q)| q)
                .unwrap_or(l)
                .trim()
                .to_string()
        })
        .filter(|q| !q.is_empty())
        .collect();
    if qs.is_empty() {
        bail!("{}: no queries", path.display());
    }
    Ok(qs)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

fn main() -> Result<()> {
    let args = Args::parse();
    let queries = Arc::new(load_queries(args.queries.as_ref())?);
    // The server, when we start it, runs on its own runtime and threads.
    let server_rt;
    let base = match (&args.url, &args.data) {
        (Some(u), _) => {
            let u = u.trim_end_matches('/').to_string();
            if !(u.starts_with("http://127.")
                || u.starts_with("http://localhost")
                || u.starts_with("http://[::1]"))
            {
                bail!("--url must be a loopback address (http://127.0.0.1:PORT)");
            }
            u
        }
        (None, Some(data)) => {
            server_rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let config = cablescope_server::Config {
                addr: "127.0.0.1:0".parse()?,
                data: data.clone(),
                admin_token: None,
                cache_entries: if args.no_cache {
                    0
                } else {
                    cablescope_server::cache::DEFAULT_ENTRIES
                },
                limits: Default::default(),
            };
            let state = cablescope_server::open_state(&config)?;
            let listener = server_rt.block_on(tokio::net::TcpListener::bind(config.addr))?;
            let addr = listener.local_addr()?;
            server_rt.spawn(async move {
                let _ = axum::serve(listener, cablescope_server::router(state)).await;
            });
            format!("http://{addr}")
        }
        (None, None) => bail!("give --url of a running server or --data DIR to start one"),
    };
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = client_rt.block_on(run(&args, &base, queries))?;
    println!("{}", report.0);
    println!("{}", report.1);
    if report.2 > 0 {
        eprintln!("bench-serve: {} requests failed", report.2);
        std::process::exit(1);
    }
    if let (Some(max), Some(p99)) = (args.max_p99_ms, report.3)
        && p99 > max
    {
        eprintln!("bench-serve: p99 {p99:.1} ms is above {max} ms");
        std::process::exit(1);
    }
    Ok(())
}

async fn run(
    args: &Args,
    base: &str,
    queries: Arc<Vec<String>>,
) -> Result<(String, String, u64, Option<f64>)> {
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(args.clients)
        .build_http();
    // Warm up: every query once, so the first client requests do not pay for cold caches alone.
    let warm = queries.len().min(50);
    for q in queries.iter().take(warm) {
        let uri = format!("{base}/api/search?q={}", enc(q));
        let _ = client
            .get(uri.parse()?)
            .await
            .map(|r| r.into_body().collect());
    }
    let sent = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(args.duration);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        let client = client.clone();
        let queries = queries.clone();
        let sent = sent.clone();
        let errors = errors.clone();
        let base = base.to_string();
        let max = args.max_requests;
        tasks.push(tokio::spawn(async move {
            let mut lat: Vec<u64> = Vec::new();
            let mut first_error: Option<String> = None;
            let mut i = c * 7;
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max {
                let q = &queries[i % queries.len()];
                i += 1;
                let uri = format!("{base}/api/search?q={}", enc(q));
                let t = Instant::now();
                let ok = match client.get(uri.parse().expect("uri")).await {
                    Ok(r) => {
                        let status = r.status();
                        match r.into_body().collect().await {
                            Ok(_) if status.is_success() => true,
                            Ok(b) => {
                                first_error.get_or_insert_with(|| {
                                    format!(
                                        "{status} for {q}: {}",
                                        String::from_utf8_lossy(&b.to_bytes())
                                    )
                                });
                                false
                            }
                            Err(e) => {
                                first_error.get_or_insert_with(|| format!("body for {q}: {e}"));
                                false
                            }
                        }
                    }
                    Err(e) => {
                        first_error.get_or_insert_with(|| format!("request for {q}: {e}"));
                        false
                    }
                };
                lat.push(t.elapsed().as_micros() as u64);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            (lat, first_error)
        }));
    }
    let mut all = Vec::new();
    let mut first_error = None;
    for t in tasks {
        let (lat, e) = t.await?;
        all.extend(lat);
        if first_error.is_none() {
            first_error = e;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let n = all.len() as u64;
    let errors = errors.load(Ordering::Relaxed);
    let (p50, p95, p99, max) = (
        percentile(&all, 50.0),
        percentile(&all, 95.0),
        percentile(&all, 99.0),
        all.last().map(|m| *m as f64 / 1000.0).unwrap_or(0.0),
    );
    let rps = n as f64 / elapsed;
    let mut text = format!(
        "bench-serve: {} clients, {:.1} s, {} queries in rotation against {base}\n  requests {n}  ({rps:.0}/s)  errors {errors}\n  latency ms: p50 {p50:.2}  p95 {p95:.2}  p99 {p99:.2}  max {max:.2}",
        args.clients,
        elapsed,
        queries.len()
    );
    if let Some(e) = &first_error {
        text.push_str(&format!("\n  first error: {e}"));
    }
    let json = serde_json::json!({
        "clients": args.clients, "seconds": elapsed, "queries": queries.len(),
        "requests": n, "requests_per_second": rps, "errors": errors,
        "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "max_ms": max,
    });
    Ok((text, json.to_string(), errors, (n > 0).then_some(p99)))
}

fn enc(q: &str) -> String {
    percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC).to_string()
}
