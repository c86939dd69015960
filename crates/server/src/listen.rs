//! Accepting connections with the limits every public server needs, which `axum::serve`
//! does not set: a deadline for a request's headers (HTTP/1 and HTTP/2), and a bounded
//! graceful shutdown: on the signal the listener closes, requests in flight get `grace` to
//! finish, and then the connections still open are dropped so the process can exit.
//! (The body-idle timeout is a layer of the router, see [`crate::router`].)

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// The connection-level limits.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From a connection's first byte (or a kept-alive connection's next request) to the
    /// end of the request's headers.
    pub header_read: Duration,
    /// After the shutdown signal, how long requests in flight may still take.
    pub shutdown_grace: Duration,
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
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read);
    builder
        .http2()
        .timer(TokioTimer::new())
        // An HTTP/2 peer that stops answering pings is dropped too.
        .keep_alive_interval(Some(timeouts.header_read))
        .keep_alive_timeout(timeouts.header_read);
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
                let app = app.clone();
                let service = tower::service_fn(move |mut req: hyper::Request<Incoming>| {
                    req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                    app.clone().oneshot(req.map(axum::body::Body::new))
                });
                let conn = builder
                    .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
                    .into_owned();
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
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
