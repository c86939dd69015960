//! # rehearsalhub-server
//!
//! RehearsalHub's HTTP API (SPEC §8) over the core's [`Hub`]: axum routes that parse a
//! request, call the use case of the same name and map its result, with the error shape
//! `{code, message, detail}`. It runs on PostgreSQL (several stateless instances may share
//! one database and one blob folder) or on a SQLite file for a small self-hosted band.
//!
//! What it owns: routing, authentication headers, rate limits, upload spooling, byte-range
//! streaming, the OpenAPI document and request logs. It must not decide any rule of the
//! product (those live in the core), and must not depend on Tauri or on an audio output.

pub mod cases;
pub mod config;
pub mod error;
pub mod extract;
pub mod listen;
pub mod openapi;
pub mod ratelimit;
pub mod routes;
pub mod stream;
pub mod upload;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use rehearsalhub_audio::DecodingProbe;
use rehearsalhub_core::{BlobStore, Bus, Error, Hub, Store};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use config::Config;
pub use listen::{Stopped, Timeouts};
pub use ratelimit::Limits;
pub use routes::AppState;

use crate::error::ApiError;
use crate::routes::{comments, live, meta, songs};

/// The base path of every route.
pub const BASE: &str = "/api/v1";

/// JSON bodies are small (SPEC §8: 64 KiB).
const JSON_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "RehearsalHub API", description = "Bands, invites, songs, recordings and the comments on them."),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    components(schemas(error::ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The session token from register or login"))
                    .build(),
            ),
        );
    }
}

/// The routes and the OpenAPI document they describe, built together so they cannot drift:
/// the declared use cases' from their declarations (`cases`, `openapi`), the hand-written
/// ones' from their annotations.
pub fn router(state: AppState, limits: &Limits) -> (Router, serde_json::Value) {
    let upload_limit = usize::try_from(state.max_upload_bytes)
        .unwrap_or(usize::MAX)
        // Room for the form's own headers and boundaries; the file part itself is
        // counted exactly while it is spooled.
        .saturating_add(1024 * 1024);
    let (hand_written, base) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(comments::list_comments))
        .routes(routes!(songs::stream_version))
        .routes(routes!(meta::health))
        .routes(routes!(live::events))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(songs::add_version))
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .split_for_parts();
    let doc = openapi::document(&base);
    let api = cases::router(limits).merge(hand_written).with_state(state);

    // Serialized once: the document never changes while the server runs.
    let doc_json: Arc<str> = serde_json::to_string(&doc).unwrap_or_default().into();
    let api = api.route(
        "/openapi.json",
        axum::routing::get(meta::openapi).with_state(doc_json),
    );
    let app = Router::new()
        .nest(BASE, api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .layer(
            // Logs the route's template (`/api/v1/invites/{token}/info`), never the URI, so
            // tokens in paths stay out of the log; headers are not logged at all.
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(no route)", MatchedPath::as_str);
                    tracing::info_span!("request", method = %req.method(), route)
                })
                .on_request(())
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        );
    (app, doc)
}

async fn not_found() -> ApiError {
    ApiError(Error::NotFound(
        "There is no such address in this API.".into(),
    ))
}

async fn method_not_allowed() -> ApiError {
    ApiError(Error::NotFound(
        "This address does not answer that method.".into(),
    ))
}

/// Opens the store the configuration names (migrating it) and the blob folder, and the
/// live-event bus the hub announces into: on PostgreSQL through `NOTIFY`, so every
/// instance on the database hears every change; on SQLite (one instance) in-process.
pub async fn open_hub(config: &Config) -> Result<(Hub, Bus), String> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
    let bus = Bus::default();
    let mut publisher: Arc<dyn rehearsalhub_core::Publish> = Arc::new(bus.clone());
    let store: Arc<dyn Store> = match config.database_url.as_deref() {
        None => Arc::new(
            rehearsalhub_store_sqlite::SqliteStore::open(config.data_dir.join("rehearsalhub.db"))
                .await
                .map_err(|e| format!("cannot open the SQLite database: {e}"))?,
        ),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let store =
                rehearsalhub_store_postgres::PgStore::connect_url(url, config.db_max_connections)
                    .await
                    .map_err(|e| format!("cannot open the PostgreSQL database: {e}"))?;
            publisher = rehearsalhub_store_postgres::notify::bridge(store.pool(), &bus)
                .await
                .map_err(|e| format!("cannot listen for PostgreSQL notifications: {e}"))?;
            Arc::new(store)
        }
        Some(url) if url.starts_with("sqlite:") => Arc::new(
            rehearsalhub_store_sqlite::SqliteStore::open_url(url)
                .await
                .map_err(|e| format!("cannot open the SQLite database: {e}"))?,
        ),
        Some(_) => return Err("DATABASE_URL must start with postgres:// or sqlite:".into()),
    };
    let blobs = BlobStore::open(config.data_dir.join("blobs"))
        .map_err(|e| format!("cannot open the blob folder: {e}"))?;
    let core_config = rehearsalhub_core::Config {
        max_upload_bytes: config.max_upload_bytes(),
        ..rehearsalhub_core::Config::default()
    };
    let hub = Hub::new(store, blobs)
        .with_probe(Arc::new(DecodingProbe))
        .with_config(core_config)
        .with_publisher(publisher);
    bus.start(hub.clone());
    Ok((hub, bus))
}

/// The server's state for `hub` under `config`, with an in-process event bus (one
/// instance; tests).
pub fn state(hub: Hub, config: &Config) -> AppState {
    let bus = Bus::default();
    let hub = hub.with_publisher(Arc::new(bus.clone()));
    bus.start(hub.clone());
    state_with_bus(hub, bus, config)
}

/// The server's state for `hub`, which already announces into `bus`.
pub fn state_with_bus(hub: Hub, bus: Bus, config: &Config) -> AppState {
    AppState {
        bus,
        heartbeat: std::time::Duration::from_secs(config.heartbeat_secs),
        spool_dir: hub.blobs().root().join("tmp"),
        max_upload_bytes: config.max_upload_bytes(),
        uploads: Arc::new(tokio::sync::Semaphore::new(
            config.max_concurrent_uploads as usize,
        )),
        hub,
    }
}

/// Serves `hub` on `listener` until `shutdown` resolves, then gives the requests in flight
/// the configured grace period.
pub async fn serve(
    listener: TcpListener,
    (hub, bus): (Hub, Bus),
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Stopped {
    let limits = Limits::per_minute(config.rate_limit_per_minute);
    limits.spawn_housekeeping();
    let (app, _) = router(state_with_bus(hub, bus.clone(), config), &limits);
    let shutdown = async move {
        shutdown.await;
        // Event streams never end by themselves; ended now, their connections close
        // within the grace period like the others.
        bus.close_all();
    };
    listen::serve_app(listener, app, config.timeouts(), shutdown).await
}
