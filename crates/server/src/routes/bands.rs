//! Bands, members and the activity log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rehearsalhub_core::wire::{ChangeRoleRequest, CreateBandRequest, NonMemberQuery};
use rehearsalhub_core::{
    ActivityEntry, Band, BandId, BandName, Member, NonMember, Role, SearchQuery, UserId,
};

use super::AppState;
use crate::error::{ApiResult, Errors};
use crate::extract::{Auth, Body, Params, Segments};

/// Creates a band; the caller becomes its admin.
#[utoipa::path(post, path = "/bands", tag = "bands", security(("bearer" = [])),
    request_body = CreateBandRequest,
    responses((status = 201, description = "The new band", body = Band), Errors))]
pub async fn create_band(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Body(req): Body<CreateBandRequest>,
) -> ApiResult<(StatusCode, Json<Band>)> {
    let name = BandName::parse(&req.name)?;
    Ok((
        StatusCode::CREATED,
        Json(s.hub.create_band(&caller, name).await?),
    ))
}

/// The caller's bands.
#[utoipa::path(get, path = "/bands", tag = "bands", security(("bearer" = [])),
    responses((status = 200, description = "My bands", body = Vec<Band>), Errors))]
pub async fn list_my_bands(
    State(s): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<Vec<Band>>> {
    Ok(Json(s.hub.list_my_bands(&caller).await?))
}

/// One band, for its members.
#[utoipa::path(get, path = "/bands/{band_id}", tag = "bands", security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band")),
    responses((status = 200, description = "The band", body = Band), Errors))]
pub async fn view_band(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
) -> ApiResult<Json<Band>> {
    let band = BandId::parse("band_id", &band)?;
    Ok(Json(s.hub.view_band(&caller, band).await?))
}

/// The band's members.
#[utoipa::path(get, path = "/bands/{band_id}/members", tag = "bands", security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band")),
    responses((status = 200, description = "The members", body = Vec<Member>), Errors))]
pub async fn list_members(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
) -> ApiResult<Json<Vec<Member>>> {
    let band = BandId::parse("band_id", &band)?;
    Ok(Json(s.hub.list_members(&caller, band).await?))
}

/// Changes a member's role (admins).
#[utoipa::path(patch, path = "/bands/{band_id}/members/{member_id}", tag = "bands",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band"),
           ("member_id" = i64, Path, description = "The member's user id")),
    request_body = ChangeRoleRequest,
    responses((status = 200, description = "The member", body = Member), Errors))]
pub async fn change_role(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments((band, member)): Segments<(String, String)>,
    Body(req): Body<ChangeRoleRequest>,
) -> ApiResult<Json<Member>> {
    let band = BandId::parse("band_id", &band)?;
    let member = UserId::parse("member_id", &member)?;
    let role = Role::parse(&req.role)?;
    Ok(Json(s.hub.change_role(&caller, band, member, role).await?))
}

/// Removes a member (admins), or the caller themself (leaving).
#[utoipa::path(delete, path = "/bands/{band_id}/members/{member_id}", tag = "bands",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band"),
           ("member_id" = i64, Path, description = "The member's user id")),
    responses((status = 204, description = "Removed"), Errors))]
pub async fn remove_member(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments((band, member)): Segments<(String, String)>,
) -> ApiResult<StatusCode> {
    let band = BandId::parse("band_id", &band)?;
    let member = UserId::parse("member_id", &member)?;
    s.hub.remove_member(&caller, band, member).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registered users who are not in the band, for a direct invite (admins).
#[utoipa::path(get, path = "/bands/{band_id}/non-members", tag = "bands",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band"), NonMemberQuery),
    responses((status = 200, description = "At most 20 users", body = Vec<NonMember>), Errors))]
pub async fn search_non_members(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
    Params(query): Params<NonMemberQuery>,
) -> ApiResult<Json<Vec<NonMember>>> {
    let band = BandId::parse("band_id", &band)?;
    let q = SearchQuery::parse(query.q.as_deref().unwrap_or(""))?;
    Ok(Json(s.hub.search_non_members(&caller, band, q).await?))
}

/// The band's activity log, newest first (admins).
#[utoipa::path(get, path = "/bands/{band_id}/activity", tag = "bands",
    security(("bearer" = [])),
    params(("band_id" = i64, Path, description = "The band")),
    responses((status = 200, description = "Entries", body = Vec<ActivityEntry>), Errors))]
pub async fn list_activity(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(band): Segments<String>,
) -> ApiResult<Json<Vec<ActivityEntry>>> {
    let band = BandId::parse("band_id", &band)?;
    Ok(Json(s.hub.list_activity(&caller, band).await?))
}
