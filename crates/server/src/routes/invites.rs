//! Token and direct invites.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rehearsalhub_core::wire::{CreateInviteRequest, InviteListQuery};
use rehearsalhub_core::{
    BandId, CreatedInvite, Error, ExpiresIn, InviteId, InviteList, InvitePage, InvitePreview,
    InviteToken, Member, MyInvite, Role, UserId,
};

use super::AppState;
use crate::error::{ApiResult, Errors, Limited};
use crate::extract::{Auth, Body, Params, Segments};

/// Creates a token invite, or a direct one when `invitee_id` is given (admins). The token
/// is in this response only.
#[utoipa::path(post, path = "/bands/{band_id}/invites", tag = "invites",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band")),
    request_body = CreateInviteRequest,
    responses((status = 201, description = "The invite, and its token (null for a direct invite)",
        body = CreatedInvite), Errors))]
pub async fn create_invite(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
    Body(req): Body<CreateInviteRequest>,
) -> ApiResult<(StatusCode, Json<CreatedInvite>)> {
    let band = BandId::parse("band_id", &band)?;
    let role = req.role.as_deref().map_or(Ok(Role::Member), Role::parse)?;
    let expires_in = req
        .expires_in_hours
        .map_or(Ok(ExpiresIn::default()), ExpiresIn::hours)?;
    let invitee = req
        .invitee_id
        .map(|id| UserId::parse("invitee_id", &id.to_string()))
        .transpose()?;
    let created = match invitee {
        None => {
            s.hub
                .create_token_invite(&caller, band, role, expires_in)
                .await?
        }
        Some(invitee) => {
            s.hub
                .create_direct_invite(&caller, band, invitee, role, expires_in)
                .await?
        }
    };
    Ok((StatusCode::CREATED, Json(created)))
}

/// The band's invites, newest first, never with tokens (members).
#[utoipa::path(get, path = "/bands/{band_id}/invites", tag = "invites",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band"), InviteListQuery),
    responses((status = 200, description = "Invites with counts", body = InviteList), Errors))]
pub async fn list_invites(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
    Params(query): Params<InviteListQuery>,
) -> ApiResult<Json<InviteList>> {
    let band = BandId::parse("band_id", &band)?;
    let number = |field: &'static str, raw: &Option<String>, default: i64| match raw {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid(field, format!("{field} must be a whole number."))),
    };
    let page = InvitePage::new(
        number("limit", &query.limit, 100)?,
        number("offset", &query.offset, 0)?,
    )?;
    Ok(Json(s.hub.list_invites(&caller, band, page).await?))
}

/// Revokes an invite (admins of its band).
#[utoipa::path(delete, path = "/invites/{invite_id}", tag = "invites",
    security(("bearer" = [])),
    params(("invite_id" = i64, Path, description = "The invite")),
    responses((status = 204, description = "Revoked"), Errors))]
pub async fn revoke_invite(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(invite): Segments<String>,
) -> ApiResult<StatusCode> {
    let invite = InviteId::parse("invite_id", &invite)?;
    s.hub.revoke_invite(&caller, invite).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a token invite offers, for anyone holding the token. Rate-limited per address.
#[utoipa::path(get, path = "/invites/{token}/info", tag = "invites",
    params(("token" = String, Path, description = "The invite token")),
    responses((status = 200, description = "The preview", body = InvitePreview), Errors, Limited))]
pub async fn preview_invite(
    State(s): State<AppState>,
    Segments(token): Segments<String>,
) -> ApiResult<Json<InvitePreview>> {
    let token = InviteToken::parse(&token)?;
    Ok(Json(s.hub.preview_invite(&token).await?))
}

/// Joins the band of a token invite. Rate-limited per address.
#[utoipa::path(post, path = "/invites/{token}/accept", tag = "invites",
    security(("bearer" = [])),
    params(("token" = String, Path, description = "The invite token")),
    responses((status = 200, description = "The new membership", body = Member), Errors, Limited))]
pub async fn redeem_invite(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(token): Segments<String>,
) -> ApiResult<Json<Member>> {
    let token = InviteToken::parse(&token)?;
    Ok(Json(s.hub.redeem_invite(&caller, &token).await?))
}

/// The caller's pending direct invites.
#[utoipa::path(get, path = "/me/invites", tag = "invites", security(("bearer" = [])),
    responses((status = 200, description = "My pending direct invites", body = Vec<MyInvite>),
        Errors))]
pub async fn list_my_invites(
    State(s): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<Vec<MyInvite>>> {
    Ok(Json(s.hub.list_my_invites(&caller).await?))
}

/// Accepts a direct invite (its invitee).
#[utoipa::path(post, path = "/me/invites/{invite_id}/accept", tag = "invites",
    security(("bearer" = [])),
    params(("invite_id" = i64, Path, description = "The invite")),
    responses((status = 200, description = "The new membership", body = Member), Errors))]
pub async fn accept_invite(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(invite): Segments<String>,
) -> ApiResult<Json<Member>> {
    let invite = InviteId::parse("invite_id", &invite)?;
    Ok(Json(s.hub.accept_invite(&caller, invite).await?))
}

/// Declines a direct invite (its invitee).
#[utoipa::path(post, path = "/me/invites/{invite_id}/decline", tag = "invites",
    security(("bearer" = [])),
    params(("invite_id" = i64, Path, description = "The invite")),
    responses((status = 204, description = "Declined"), Errors))]
pub async fn decline_invite(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(invite): Segments<String>,
) -> ApiResult<StatusCode> {
    let invite = InviteId::parse("invite_id", &invite)?;
    s.hub.decline_invite(&caller, invite).await?;
    Ok(StatusCode::NO_CONTENT)
}
