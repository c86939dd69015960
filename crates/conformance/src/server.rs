//! A `rehearsalhub-server` on a free loopback port, inside the test's runtime.

use rehearsalhub_core::{Bus, Hub};
use rehearsalhub_server::listen::serve_app;
use rehearsalhub_server::{Limits, router, state};

/// A running server.
#[derive(Debug, Clone)]
pub struct Running {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Its live-event bus.
    pub bus: Bus,
}

/// Serves `hub` with rate limits off and the default upload limit, until the runtime ends.
pub async fn start(hub: Hub) -> Running {
    start_with(hub, Limits::per_minute(0), 200).await
}

/// Serves `hub`, which already announces into `bus` (several instances on one PostgreSQL
/// database, each with its own bus bridged through `NOTIFY`).
pub async fn start_on_bus(hub: Hub, bus: Bus) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    let mut config = rehearsalhub_server::Config::new(addr.to_string(), hub.blobs().root());
    config.rate_limit_per_minute = 0;
    let (app, _) = router(
        rehearsalhub_server::state_with_bus(hub, bus.clone(), &config),
        &Limits::per_minute(0),
    );
    tokio::spawn(serve_app(
        listener,
        app,
        config.timeouts(),
        std::future::pending(),
    ));
    Running {
        url: format!("http://{addr}"),
        bus,
    }
}

/// Serves `hub` with `limits` and an upload limit of `max_upload_mb`.
pub async fn start_with(hub: Hub, limits: Limits, max_upload_mb: u64) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    serve_on(listener, hub, limits, max_upload_mb, |_| {})
}

/// Serves `hub` on `listener` (a port chosen beforehand) with rate limits off, and the
/// configuration as `tune` leaves it.
pub fn serve_on(
    listener: tokio::net::TcpListener,
    hub: Hub,
    limits: Limits,
    max_upload_mb: u64,
    tune: impl FnOnce(&mut rehearsalhub_server::Config),
) -> Running {
    let addr = listener.local_addr().expect("address");
    let mut config = rehearsalhub_server::Config::new(addr.to_string(), hub.blobs().root());
    config.max_upload_mb = max_upload_mb;
    config.rate_limit_per_minute = 0;
    config.db_max_connections = 4;
    tune(&mut config);
    let state = state(hub, &config);
    let bus = state.bus.clone();
    let (app, _) = router(state, &limits);
    let timeouts = config.timeouts();
    tokio::spawn(serve_app(listener, app, timeouts, std::future::pending()));
    Running {
        url: format!("http://{addr}"),
        bus,
    }
}
