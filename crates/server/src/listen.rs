//! Accepting connections: HTTP/1.1 over TCP with a deadline for the request
//! headers, so a client that opens a connection and never finishes its
//! headers (a slow-loris attack, a stuck proxy) is disconnected instead of
//! holding a connection open for good; keep-alive connections idle between
//! requests are closed after the same time; a request head larger than
//! [`crate::security::MAX_HEAD_BYTES`] is refused. On shutdown the listener stops
//! accepting and open connections get [`SHUTDOWN_GRACE`] to finish.
//!
//! `axum::serve` has no header deadline, so the connections are served by
//! hyper's HTTP/1 builder with tokio's timer.

use std::future::Future;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::State;

/// How long open connections may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A failed `accept` (out of file descriptors, a connection reset before it
/// was accepted) is retried after this pause instead of stopping the server.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// Serve the application of `state` (see [`crate::router`]) on `listener`
/// until `shutdown` resolves, with the header deadline of
/// `state.limits.header_read_timeout`.
pub async fn serve_listener(
    listener: TcpListener,
    state: State,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let header_timeout = state.limits.header_read_timeout;
    let app = crate::router(state);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .max_header_size(crate::security::MAX_HEAD_BYTES)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away or sends garbage ends its connection only.
            let _ = conn.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {},
    }
    Ok(())
}
