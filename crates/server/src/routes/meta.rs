//! Health and the OpenAPI document.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use rehearsalhub_core::{Error, UserId};

use super::AppState;
use crate::error::{ApiResult, Errors};

/// 200 when the database answers.
#[utoipa::path(get, path = "/health", tag = "meta",
    responses((status = 200, description = "The database answers"), Errors))]
pub async fn health(State(s): State<AppState>) -> ApiResult<StatusCode> {
    let mut tx = s.hub.store().read().await.map_err(Error::internal)?;
    // Any query proves the connection; user 0 never exists.
    tx.user(UserId(0)).await.map_err(Error::internal)?;
    Ok(StatusCode::OK)
}

/// The document, built and serialized once at start-up from the routes' annotations.
pub async fn openapi(State(doc): State<Arc<str>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.to_string(),
    )
}
