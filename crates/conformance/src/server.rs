//! A `rehearsalhub-server` on a free loopback port, inside the test's runtime.

use std::net::SocketAddr;

use rehearsalhub_core::Hub;
use rehearsalhub_server::{Limits, router, state};

/// A running server.
#[derive(Debug, Clone)]
pub struct Running {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// Serves `hub` with rate limits off and the default upload limit, until the runtime ends.
pub async fn start(hub: Hub) -> Running {
    start_with(hub, Limits::per_minute(0), 200).await
}

/// Serves `hub` with `limits` and an upload limit of `max_upload_mb`.
pub async fn start_with(hub: Hub, limits: Limits, max_upload_mb: u64) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    let config = rehearsalhub_server::Config {
        listen: addr.to_string(),
        data_dir: hub.blobs().root().to_path_buf(),
        database_url: None,
        max_upload_mb,
        rate_limit_per_minute: 0,
        db_max_connections: 4,
    };
    let (app, _) = router(state(hub, &config), &limits);
    tokio::spawn(async move {
        let _ = axum_serve(listener, app).await;
    });
    Running {
        url: format!("http://{addr}"),
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
