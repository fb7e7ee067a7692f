//! `bench-serve`: a bounded load test of the reading room on loopback.
//!
//! Either targets a running server (`--url http://127.0.0.1:8080`) or starts
//! one itself over `--data DIR` (on 127.0.0.1, a free port, in this process
//! on its own threads). Two modes (`--mix`, default both, one after the
//! other, side by side in the report):
//!
//! - `search`: `GET /api/search` with the queries of `--queries FILE`
//!   (`CLASS<TAB>QUERY` lines, as `../shared/bench/queries.txt`; a built-in
//!   set otherwise), each asked once beforehand, so answers come from the
//!   server's cache unless it was started with `--no-cache`;
//! - `pages`: what readers load besides (`pages`): cable pages, article
//!   pages, news links and search pages with varied queries, press filters,
//!   months and page sizes, almost never cached.
//!
//! `--clients` concurrent clients (default 32) load until `--duration`
//! seconds have passed (default 30, per mode) or `--max-requests` were sent.
//! Prints requests/s, latency percentiles and errors per mode; the last line
//! is JSON. Exit status 1 when any request failed or (with `--max-p99-ms`)
//! a mode's p99 is above the bound.

mod load;
mod pages;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use load::{HttpClient, Stats};

#[derive(Parser)]
#[command(
    name = "bench-serve",
    about = "Load test of cablescope serve on loopback: searches, and cable, article, link and search pages"
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
    /// Fail (exit 1) when a mode's p99 is above this many milliseconds.
    #[arg(long)]
    max_p99_ms: Option<f64>,
    /// What the clients load.
    #[arg(long, value_enum, default_value_t = Mix::Both)]
    mix: Mix,
}

/// The modes of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mix {
    /// Searches only (`/api/search`, cached answers).
    Search,
    /// Cable, article, news-link and search pages (uncached).
    Pages,
    /// Both, one after the other.
    Both,
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

fn main() -> Result<()> {
    let args = Args::parse();
    let queries = load_queries(args.queries.as_ref())?;
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
                admin_token: None,
                cache_entries: if args.no_cache {
                    0
                } else {
                    cablescope_server::cache::DEFAULT_ENTRIES
                },
                ..cablescope_server::Config::new(data.clone())
            };
            let state = cablescope_server::open_state(&config)?;
            let listener = server_rt.block_on(tokio::net::TcpListener::bind(config.addr))?;
            let addr = listener.local_addr()?;
            server_rt.spawn(cablescope_server::listen::serve_listener(
                listener,
                state,
                std::future::pending(),
            ));
            format!("http://{addr}")
        }
        (None, None) => bail!("give --url of a running server or --data DIR to start one"),
    };
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let modes = client_rt.block_on(run(&args, &base, queries))?;
    let mut failed = false;
    for (name, what, stats) in &modes {
        println!("{}", text(name, what, stats));
        if stats.errors > 0 {
            eprintln!("bench-serve: {name}: {} requests failed", stats.errors);
            failed = true;
        }
        if let Some(max) = args.max_p99_ms
            && stats.requests > 0
            && stats.p99 > max
        {
            eprintln!(
                "bench-serve: {name}: p99 {:.1} ms is above {max} ms",
                stats.p99
            );
            failed = true;
        }
    }
    let json = serde_json::json!({
        "clients": args.clients,
        "url": base,
        "modes": modes
            .iter()
            .map(|(name, _, s)| (name.to_string(), s.json()))
            .collect::<serde_json::Map<_, _>>(),
    });
    println!("{json}");
    if failed {
        std::process::exit(1);
    }
    Ok(())
}

/// One mode's lines of the report.
fn text(name: &str, what: &str, s: &Stats) -> String {
    let mut t = format!(
        "  {name:<7} {what}\n          requests {}  ({:.0}/s)  errors {}\n          latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        s.requests,
        s.rate(),
        s.errors,
        s.p50,
        s.p95,
        s.p99,
        s.max
    );
    if let Some(e) = &s.first_error {
        t.push_str(&format!("\n          first error: {e}"));
    }
    t
}

/// Run the modes of `args.mix`, one after the other.
async fn run(
    args: &Args,
    base: &str,
    queries: Vec<String>,
) -> Result<Vec<(&'static str, String, Stats)>> {
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(args.clients)
        .build_http();
    let duration = Duration::from_secs_f64(args.duration);
    println!(
        "bench-serve: {} clients, {:.0} s a mode, against {base}",
        args.clients, args.duration
    );
    let mut out = Vec::new();
    if matches!(args.mix, Mix::Search | Mix::Both) {
        // Every query once (at most 50), so the clients do not pay for cold caches alone.
        for q in queries.iter().take(50) {
            let _ = load::fetch(&client, &format!("{base}/api/search?q={}", enc(q))).await;
        }
        let rotation: Vec<String> = queries
            .iter()
            .map(|q| format!("/api/search?q={}", enc(q)))
            .collect();
        let what = format!(
            "/api/search, {} queries in rotation{}",
            queries.len(),
            if args.no_cache {
                ", no cache"
            } else {
                ", cached"
            }
        );
        let stats = load::run(
            &client,
            base,
            Arc::new(rotation),
            args.clients,
            duration,
            args.max_requests,
        )
        .await;
        out.push(("search", what, stats));
    }
    if matches!(args.mix, Mix::Pages | Mix::Both) {
        let mix = pages::mix(&client, base, &queries)
            .await
            .context("building the page mix")?;
        let what = format!(
            "cable 30 %, article 15 %, /api/links 20 %, search pages 35 % ({} cables, {} articles, {} addresses, uncached)",
            mix.cables,
            mix.articles,
            mix.rotation.len()
        );
        let stats = load::run(
            &client,
            base,
            Arc::new(mix.rotation),
            args.clients,
            duration,
            args.max_requests,
        )
        .await;
        out.push(("pages", what, stats));
    }
    Ok(out)
}

fn enc(q: &str) -> String {
    percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC).to_string()
}
