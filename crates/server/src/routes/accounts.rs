//! Accounts and sessions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rehearsalhub_core::wire::{LoginRequest, RegisterRequest};
use rehearsalhub_core::{DisplayName, Password, SignedIn, User, Username};

use super::AppState;
use crate::error::{ApiResult, Errors, Limited};
use crate::extract::{Auth, Body};

/// Creates an account and signs it in. Rate-limited per client address.
#[utoipa::path(post, path = "/auth/register", tag = "accounts",
    request_body = RegisterRequest,
    responses((status = 201, description = "Registered and signed in", body = SignedIn), Errors, Limited))]
pub async fn register(
    State(s): State<AppState>,
    Body(req): Body<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<SignedIn>)> {
    let username = Username::parse(&req.username)?;
    let password = Password::parse(&req.password)?;
    let display_name = req
        .display_name
        .as_deref()
        .map(DisplayName::parse)
        .transpose()?;
    let signed = s.hub.register(username, password, display_name).await?;
    Ok((StatusCode::CREATED, Json(signed)))
}

/// Signs in. Rate-limited per client address.
#[utoipa::path(post, path = "/auth/login", tag = "accounts",
    request_body = LoginRequest,
    responses((status = 200, description = "Signed in", body = SignedIn), Errors, Limited))]
pub async fn sign_in(
    State(s): State<AppState>,
    Body(req): Body<LoginRequest>,
) -> ApiResult<Json<SignedIn>> {
    let username = Username::parse(&req.username)?;
    let password = Password::parse(&req.password)?;
    Ok(Json(s.hub.sign_in(username, password).await?))
}

/// Ends the caller's session.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts", security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), Errors))]
pub async fn sign_out(State(s): State<AppState>, Auth(caller): Auth) -> ApiResult<StatusCode> {
    s.hub.sign_out(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = User), Errors))]
pub async fn me(State(s): State<AppState>, Auth(caller): Auth) -> ApiResult<Json<User>> {
    Ok(Json(s.hub.me(&caller).await?))
}
