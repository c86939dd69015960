//! Accepting connections with the limits every public server needs, which `axum::serve`
//! does not set: a deadline for a request's headers, a cap on open connections, and a bounded
//! graceful shutdown: on the signal the listener closes, requests in flight get `grace` to
//! finish, and then the connections still open are dropped so the process can exit.
//! Every request body gets an idle deadline here too.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// The connection-level limits.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From a connection's opening (or a kept-alive connection's previous answer) to the
    /// end of the next request's headers: a connection that sends nothing is closed too.
    pub header_read: Duration,
    /// After the shutdown signal, how long requests in flight may still take.
    pub shutdown_grace: Duration,
    /// Connections open at once; one more is closed as soon as it is accepted.
    pub max_connections: usize,
    /// Longest pause while a request body arrives: a body that stops arriving fails the
    /// request (a stalled upload is cut off and its spool file removed) instead of
    /// holding a task and a file for ever.
    pub body_idle: Duration,
}

/// How the serving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every request in flight finished within the grace period.
    Drained,
    /// The grace period ran out; the connections still open were dropped.
    GraceExpired,
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains within the grace
/// period. Each request carries its peer's address as [`ConnectInfo`], as the rate limits
/// expect.
pub async fn serve_app(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()> + Send,
) -> Stopped {
    // HTTP/1 only, on hyper's own HTTP/1 connection: its header-read deadline then runs
    // from the moment a connection opens, where hyper-util's auto builder first waits
    // for bytes to tell HTTP/1 from HTTP/2 with no deadline at all (and HTTP/2 has none
    // of its own). A TLS proxy in front speaks HTTP/1.1 to the server anyway.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read);
    let connections = Arc::new(Semaphore::new(timeouts.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(open) = connections.clone().try_acquire_owned() else {
                    tracing::warn!(%peer, "too many connections; closing a new one");
                    drop(stream);
                    continue;
                };
                let app = app.clone();
                let body_idle = timeouts.body_idle;
                let service = tower::service_fn(move |mut req: hyper::Request<Incoming>| {
                    req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                    let req = req.map(|body| axum::body::Body::new(TimeoutBody::new(body_idle, body)));
                    app.clone().oneshot(req)
                });
                let conn = builder
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                    drop(open);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    match tokio::time::timeout(timeouts.shutdown_grace, graceful.shutdown()).await {
        Ok(()) => Stopped::Drained,
        Err(_) => {
            tracing::warn!(
                grace_secs = timeouts.shutdown_grace.as_secs(),
                "requests still in flight after the grace period; exiting anyway"
            );
            Stopped::GraceExpired
        }
    }
}
