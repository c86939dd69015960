//! Live changes for the webview (SPEC §6a): the signed-in user's [`Change`]s, from the
//! embedded hub's bus or from the server's event stream, as the [`CHANGE_EVENT`] Tauri
//! event, with [`LIVE_EVENT`] saying whether the stream is up and when everything must be
//! refetched. The UI maps each change to the queries it invalidates (a table generated
//! from [`Change::invalidates`]); a change that may end what the user can hear calls the
//! `recheck` it was given, so the player stops at once (this module knows nothing of the
//! app's state).

use std::time::Duration;

use rehearsalhub_client::Client;
use rehearsalhub_client::events::{Live, follow};
use rehearsalhub_core::{Bus, Caller, Change, ErrorCode, EventId, Hub, Start};
use serde::Serialize;
use tauri::Emitter;

/// The event carrying each [`Change`].
pub const CHANGE_EVENT: &str = "change";

/// The event carrying each [`LiveStatus`].
pub const LIVE_EVENT: &str = "live";

/// Whether changes are arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct LiveStatus {
    /// The stream is open.
    pub online: bool,
    /// What was missed is not known: refetch everything.
    pub resync: bool,
}

/// Where the changes come from.
pub enum Source {
    /// The embedded hub's bus.
    Here(Hub, Bus),
    /// A server's event stream.
    Server(Client),
}

/// Follows `caller`'s changes from `source` until the task is aborted or the session ends;
/// `recheck` is called when a change may have ended the user's right to what plays.
pub async fn run(
    app: tauri::AppHandle,
    source: Source,
    caller: Caller,
    recheck: impl Fn() + Send + Sync + 'static,
) {
    match source {
        Source::Server(client) => {
            let on = app.clone();
            let end = follow(client, caller, move |live| match live {
                Live::Online { resync } => status(&on, true, resync),
                Live::Offline => status(&on, false, false),
                Live::Change(c) => change(&on, c, &recheck),
            })
            .await;
            tracing::info!(error = %end, "the server ended the session's event stream");
        }
        Source::Here(hub, bus) => {
            let mut last: Option<EventId> = None;
            loop {
                let mut sub = match bus.subscribe(&hub, &caller, last).await {
                    Ok(s) => s,
                    Err(e) if e.code() == ErrorCode::Unauthenticated => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot follow this computer's changes");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                match std::mem::replace(&mut sub.start, Start::Fresh) {
                    Start::Fresh => status(&app, true, last.is_some()),
                    Start::Resync => status(&app, true, true),
                    Start::Replay(missed) => {
                        status(&app, true, false);
                        for d in missed {
                            last = Some(d.id);
                            change(&app, d.change, &recheck);
                        }
                    }
                }
                while let Some(d) = sub.next().await {
                    last = Some(d.id);
                    change(&app, d.change, &recheck);
                }
            }
        }
    }
}

fn status(app: &tauri::AppHandle, online: bool, resync: bool) {
    let _ = app.emit(LIVE_EVENT, LiveStatus { online, resync });
}

fn change(app: &tauri::AppHandle, c: Change, recheck: &impl Fn()) {
    let _ = app.emit(CHANGE_EVENT, c);
    // Removed from a band, or a version deleted: stop what may no longer be heard now,
    // not at the next periodic check.
    if matches!(c, Change::MyBands { .. } | Change::Songs { .. }) {
        recheck();
    }
}
