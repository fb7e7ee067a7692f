//! # cablescope-server
//!
//! The reading room: a web app and a JSON API over a cablescope archive.
//!
//! - [`Config`] says where to listen, which data directory to serve and
//!   whether write endpoints are enabled (an admin token).
//! - [`AppState`] holds the opened [`cablescope_archive::Archive`] shared by
//!   every request; [`router`] builds the axum [`axum::Router`]: server-rendered
//!   pages (`pages`), the JSON API under `/api/` (`api`, described by
//!   [`openapi::document`]), embedded static assets (`assets`) and the security
//!   layers (`security`: Content-Security-Policy, size and time limits).
//! - [`serve`] binds and runs until Ctrl-C; [`listen::serve_listener`]
//!   serves a bound listener (deadline on request headers, graceful
//!   shutdown). The request limits are [`security::Limits`].
//!
//! Cable and article text is untrusted input: every page is rendered with
//! maud, which escapes all text it interpolates, and no page carries an inline
//! script or style.
//!
//! ```no_run
//! # async fn run() -> Result<(), cablescope_server::ServeError> {
//! use cablescope_server::{Config, serve};
//! let config = Config::new("cablescope-data".into());
//! serve(config, |url| println!("open {url}")).await?;
//! # Ok(()) }
//! ```

// The OpenAPI document is one large `json!` literal.
#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod cache;
pub mod decode;
pub mod error;
pub mod links;
pub mod listen;
pub mod openapi;
pub mod pages;
pub mod params;
pub mod query;
pub mod security;

pub mod admin;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use cablescope_archive::Archive;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (default 127.0.0.1:8080; port 0 picks a free port).
    pub addr: SocketAddr,
    /// The archive's data directory.
    pub data: PathBuf,
    /// The admin token; `None` makes the server read-only.
    pub admin_token: Option<String>,
    /// Searches whose answers are kept in memory (0: none).
    pub cache_entries: usize,
    /// Time limits of requests and connections.
    pub limits: security::Limits,
}

impl Config {
    /// Serve `data` on 127.0.0.1:8080, read-only.
    pub fn new(data: PathBuf) -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data,
            admin_token: None,
            cache_entries: cache::DEFAULT_ENTRIES,
            limits: security::Limits::default(),
        }
    }
}

/// What every request shares.
pub struct AppState {
    /// The archive.
    pub archive: Archive,
    /// The admin token, if write endpoints are enabled.
    pub admin_token: Option<String>,
    /// Admin ingests: one at a time, run to their end.
    pub ingests: admin::Ingests,
    /// Time limits of requests and connections.
    pub limits: security::Limits,
    /// Statistics and browse counts, computed once per state of the archive.
    pub overview: std::sync::Mutex<Option<Arc<api::Overview>>>,
    /// Recent search answers, until the next ingest.
    pub searches: cache::SearchCache,
    /// Index searches running at once (two per core): the others wait their
    /// turn instead of slowing every search down.
    pub search_slots: tokio::sync::Semaphore,
}

/// Shared state handle.
pub type State = Arc<AppState>;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The archive could not be opened.
    #[error(transparent)]
    Archive(#[from] cablescope_archive::ArchiveError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Open the archive of `config` and build the application state. A server
/// without an admin token never writes, so it opens the archive read-only
/// (repairing it first when it needs it and nothing else holds it): the
/// command line's read commands work beside it. With a token it holds the
/// archive for writing.
pub fn open_state(config: &Config) -> Result<State, ServeError> {
    let writable = config.admin_token.as_ref().is_some_and(|t| !t.is_empty());
    let archive = if writable {
        Archive::open_existing(&config.data)?
    } else {
        Archive::open_for_reading(&config.data)?
    };
    for n in archive.notices() {
        eprintln!("cablescope: note: {n}");
    }
    Ok(Arc::new(AppState {
        archive,
        admin_token: config.admin_token.clone().filter(|t| !t.is_empty()),
        ingests: admin::Ingests::default(),
        limits: config.limits.clone(),
        overview: std::sync::Mutex::new(None),
        searches: cache::SearchCache::new(config.cache_entries),
        search_slots: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
        ),
    }))
}

impl AppState {
    /// Forget what was computed from the archive as it was (statistics,
    /// search answers): called when an ingest ends, done or not.
    pub fn archive_changed(&self) {
        if let Ok(mut o) = self.overview.lock() {
            *o = None;
        }
        self.searches.clear();
    }
}

/// The whole application: pages, API, assets and security layers. Reading
/// requests have the request time limit; the admin routes have their own
/// (see [`admin`]).
pub fn router(state: State) -> Router {
    let limits = state.limits.clone();
    let reading = Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(assets::routes())
        .with_state(state.clone())
        .layer(security::timeout(limits.request_timeout));
    let admin = admin::routes(&limits).with_state(state);
    security::layers(reading.merge(admin))
}

/// Bind `config.addr`, call `ready` with the URL to open, and serve until
/// Ctrl-C (or SIGTERM).
pub async fn serve(config: Config, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let state = tokio::task::spawn_blocking({
        let config = config.clone();
        move || open_state(&config)
    })
    .await
    .map_err(|e| ServeError::Io(std::io::Error::other(e)))??;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let local = listener.local_addr()?;
    ready(&format!("http://{local}/"));
    listen::serve_listener(listener, state, shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Run blocking archive work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, error::ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| error::ApiError::internal(format!("worker failed: {e}")))
}
