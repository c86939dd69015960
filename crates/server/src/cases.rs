//! Every declared use case served at its route: one generic handler, instantiated per use
//! case by walking the core's registry. It reads the caller from the bearer header, merges
//! the path parameters with the query string or the JSON body into the use case's
//! arguments, lets the core parse them (a bad one is `invalid_input` naming its field),
//! runs the use case, and answers its output with the declared status.
//!
//! The use cases served by hand (their route answers more than JSON) are listed in
//! [`HAND_WRITTEN`]; the tests check their routes agree with their declarations.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, RawPathParamsRejection};
use axum::extract::{FromRequestParts, RawPathParams, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, patch, post};
use rehearsalhub_core::case::{self, Method, Visit, wire};
use rehearsalhub_core::{Error, UseCase};

use crate::error::{ApiError, ApiResult};
use crate::extract::Auth;
use crate::ratelimit::{self, Limits};
use crate::routes::AppState;

/// Use cases whose routes are written by hand, and why: the comment list answers 304 for
/// a known revision and serves cached JSON or gzip bytes (`routes::comments`).
pub const HAND_WRITTEN: &[&str] = &["list_comments"];

/// The routes of every declared use case but [`HAND_WRITTEN`]'s.
pub fn router(limits: &Limits) -> Router<AppState> {
    struct Routes<'a> {
        router: Router<AppState>,
        limits: &'a Limits,
    }
    impl Visit for Routes<'_> {
        fn case<U: UseCase>(&mut self) {
            if HAND_WRITTEN.contains(&U::NAME) {
                return;
            }
            let handler = serve::<U>;
            let mut route: MethodRouter<AppState> = match U::ROUTE.method {
                Method::Get => get(handler),
                Method::Post => post(handler),
                Method::Patch => patch(handler),
                Method::Delete => delete(handler),
            };
            if let Some(limit) = self.limits.of(U::NAME) {
                route = route.route_layer(axum::middleware::from_fn_with_state(
                    limit.clone(),
                    ratelimit::enforce,
                ));
            }
            let router = std::mem::take(&mut self.router);
            self.router = router.route(U::ROUTE.path, route);
        }
    }
    let mut routes = Routes {
        router: Router::new(),
        limits,
    };
    case::each(&mut routes);
    routes.router
}

/// The one handler of a declared use case.
async fn serve<U: UseCase>(
    State(s): State<AppState>,
    Auth(caller): Auth,
    path: Result<RawPathParams, RawPathParamsRejection>,
    RawQuery(query): RawQuery,
    JsonBody(is_json): JsonBody,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let path = path.map_err(|r| ApiError(Error::invalid("path", r.body_text())))?;
    let body = body.map_err(|_| {
        ApiError(Error::invalid(
            "body",
            "The body is too large or could not be read (JSON bodies are limited to 64 KiB).",
        ))
    })?;
    if U::ROUTE.method.has_body() && !body.is_empty() && !is_json {
        return Err(ApiError(Error::invalid(
            "body",
            "The body must be JSON (Content-Type: application/json).",
        )));
    }
    let args = wire::args_from_http(U::ROUTE.method, path.iter(), query.as_deref(), &body)?;
    let case: U = wire::parse_args(args)?;
    let output = s.hub.run(&caller, case).await?;
    let status = StatusCode::from_u16(U::ROUTE.status).unwrap_or(StatusCode::OK);
    Ok(if status == StatusCode::NO_CONTENT {
        status.into_response()
    } else {
        (status, axum::Json(output)).into_response()
    })
}

/// Whether the request says its body is JSON; read in place, where taking the `HeaderMap`
/// would copy every header of every request.
struct JsonBody(bool);

impl<S: Send + Sync> FromRequestParts<S> for JsonBody {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(JsonBody(is_json(&parts.headers)))
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("application/json")
                || (m.starts_with("application/") && m.ends_with("+json"))
        })
}
