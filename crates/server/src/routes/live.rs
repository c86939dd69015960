//! The live event stream (SPEC §6a, `GET /events`): the signed-in user's changes as
//! Server-Sent Events. The core's [`Bus`](rehearsalhub_core::Bus) decides who hears what;
//! this only frames it.
//!
//! The stream opens with `event: ready` (`data: {"resync":false}`, or `true` when the
//! `Last-Event-ID` named an event no longer known, so the client refetches everything),
//! then the missed changes, then live ones: `event: change`, `id: <event id>`,
//! `data: {"kind":…,"band_id"|"user_id":…}`. A comment line every heartbeat keeps proxies
//! and the client's read deadline from closing a quiet stream. When the reader falls too
//! far behind, the stream ends; the client reconnects with the last id it saw.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::stream::{self, StreamExt};
use rehearsalhub_core::{Delivery, EventId, Start, Subscription};

use super::AppState;

/// An open stream's session is checked again every this many heartbeats (a minute by
/// default).
const HEARTBEATS_PER_SESSION_CHECK: u32 = 4;
use crate::error::{ApiResult, Errors};
use crate::extract::Auth;

/// The signed-in user's live changes, as Server-Sent Events. `Last-Event-ID` resumes.
#[utoipa::path(get, path = "/events", tag = "live",
    params(("Last-Event-ID" = Option<String>, Header, description = "The id of the last event received")),
    responses((status = 200, description = "`text/event-stream`: `ready`, then `change` events",
        content_type = "text/event-stream", body = String), Errors),
    security(("bearer" = [])))]
pub async fn events(
    State(s): State<AppState>,
    Auth(caller): Auth,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| EventId::parse(v).unwrap_or(EventId(u64::MAX)));
    let mut sub = s.bus.subscribe(&s.hub, &caller, last).await?;
    let start = std::mem::replace(&mut sub.start, Start::Fresh);
    let (resync, missed) = match start {
        Start::Fresh => (false, Vec::new()),
        Start::Replay(missed) => (false, missed),
        Start::Resync => (true, Vec::new()),
    };
    let ready = Event::default().event("ready").data(if resync {
        r#"{"resync":true}"#
    } else {
        r#"{"resync":false}"#
    });
    let head = stream::iter(
        std::iter::once(ready)
            .chain(missed.into_iter().map(change))
            .map(Ok),
    );
    let hub = s.hub.clone();
    let every = s.heartbeat * HEARTBEATS_PER_SESSION_CHECK;
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let live = stream::unfold(
        (sub, recheck, caller),
        move |(mut sub, mut recheck, caller): (Subscription, tokio::time::Interval, _)| {
            let hub = hub.clone();
            async move {
                loop {
                    tokio::select! {
                        d = sub.next() => return Some((Ok(change(d?)), (sub, recheck, caller))),
                        _ = recheck.tick() => {
                            // A session signed out or expired elsewhere ends its stream.
                            if hub.run(&caller, rehearsalhub_core::Me {}).await.is_err() {
                                return None;
                            }
                        }
                    }
                }
            }
        },
    );
    Ok(Sse::new(head.chain(live)).keep_alive(KeepAlive::new().interval(s.heartbeat).text("")))
}

fn change(d: Delivery) -> Event {
    // A `Change` is ids and a kind; it cannot fail to serialize.
    let data = serde_json::to_string(&d.change).unwrap_or_default();
    Event::default()
        .event("change")
        .id(d.id.to_string())
        .data(data)
}
