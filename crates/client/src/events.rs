//! The server's live event stream (`GET /events`, SPEC §6a) read as Server-Sent Events,
//! and [`follow`], which keeps one open: it reconnects with backoff, resumes with the last
//! id seen, and says when it is offline.
//!
//! The stream is a server's answer like any other: every event is parsed with the core's
//! types ([`Change`], [`EventId`]) and an event larger than [`MAX_EVENT_BYTES`] ends the
//! stream as an unusable answer.

use std::time::Duration;

use rehearsalhub_core::{Caller, Change, Delivery, Error, ErrorCode, EventId, Result};
use reqwest::Method;

use crate::Client;
use crate::answers::{bad_answer, check};

/// The largest event read: a real one is under 100 bytes.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// Silence longer than this (the server sends a heartbeat every 15 s by default) means the
/// connection is gone even if no error says so.
pub const SILENCE: Duration = Duration::from_secs(45);

/// One item of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// The stream is open; `resync` when the server no longer knows the last id sent, so
    /// everything must be refetched.
    Ready {
        /// Refetch everything.
        resync: bool,
    },
    /// Something changed.
    Change(Delivery),
}

/// An open event stream.
pub struct EventStream {
    body: reqwest::Response,
    buf: Vec<u8>,
    server: url::Url,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("server", &self.server.as_str())
            .finish()
    }
}

impl Client {
    /// Opens the signed-in user's event stream, resuming after `last` when given.
    pub async fn events(&self, caller: &Caller, last: Option<EventId>) -> Result<EventStream> {
        let mut request = self
            .request(Method::GET, "events", caller)?
            .header(reqwest::header::ACCEPT, "text/event-stream");
        if let Some(last) = last {
            request = request.header("Last-Event-ID", last.to_string());
        }
        let response = check(request.send().await, &self.server).await?;
        Ok(EventStream {
            body: response,
            buf: Vec::new(),
            server: self.server.clone(),
        })
    }
}

impl EventStream {
    /// The next item; `Ok(None)` when the server ended the stream.
    pub async fn next(&mut self) -> Result<Option<Feed>> {
        loop {
            while let Some(block) = self.take_block() {
                if let Some(item) = parse_block(&block).map_err(|e| bad_answer(&self.server, e))? {
                    return Ok(Some(item));
                }
            }
            if self.buf.len() > MAX_EVENT_BYTES {
                return Err(bad_answer(&self.server, "an event over 64 KiB"));
            }
            match tokio::time::timeout(SILENCE, self.body.chunk()).await {
                Err(_) => {
                    return Err(Error::Internal(
                        "The server went silent; reconnecting.".into(),
                    ));
                }
                Ok(Ok(None)) => return Ok(None),
                Ok(Err(e)) => {
                    return Err(Error::Internal(format!("The event stream broke: {e}")));
                }
                Ok(Ok(Some(chunk))) => self.buf.extend(chunk.iter().filter(|b| **b != b'\r')),
            }
        }
    }

    /// The next complete block (up to a blank line), without its terminator.
    fn take_block(&mut self) -> Option<Vec<u8>> {
        let end = self.buf.windows(2).position(|w| w == b"\n\n")?;
        let block = self.buf[..end].to_vec();
        self.buf.drain(..end + 2);
        Some(block)
    }
}

/// One SSE block: `None` for comments (heartbeats) and events this version does not know.
fn parse_block(block: &[u8]) -> std::result::Result<Option<Feed>, String> {
    let text = std::str::from_utf8(block).map_err(|_| "an event that is not UTF-8".to_owned())?;
    let (mut event, mut id, mut data) = ("message", None, String::new());
    for line in text.lines() {
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event = value,
            "id" => id = Some(value),
            "data" => {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value);
            }
            _ => {}
        }
    }
    match event {
        "ready" => {
            #[derive(serde::Deserialize)]
            struct Ready {
                resync: bool,
            }
            let r: Ready =
                serde_json::from_str(&data).map_err(|e| format!("a ready event: {e}"))?;
            Ok(Some(Feed::Ready { resync: r.resync }))
        }
        "change" => {
            let id = id
                .and_then(EventId::parse)
                .ok_or_else(|| "a change without a valid id".to_owned())?;
            let change: Change =
                serde_json::from_str(&data).map_err(|e| format!("a change event: {e}"))?;
            Ok(Some(Feed::Change(Delivery { id, change })))
        }
        _ => Ok(None),
    }
}

/// What [`follow`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    /// Connected (again); `resync` when what was missed is not known: refetch everything.
    Online {
        /// Refetch everything.
        resync: bool,
    },
    /// The server cannot be reached; trying again.
    Offline,
    /// Something changed.
    Change(Change),
}

/// Keeps `caller`'s event stream open on `client` for as long as the returned future runs,
/// telling `on` what happens. Reconnects with backoff (0.5 s doubling to 10 s) and resumes
/// after the last id seen. Returns only when the server says the session has ended.
pub async fn follow(client: Client, caller: Caller, mut on: impl FnMut(Live) + Send) -> Error {
    let mut last: Option<EventId> = None;
    let mut backoff = Duration::from_millis(500);
    let mut online = None::<bool>;
    loop {
        let mut stream = match client.events(&caller, last).await {
            Ok(s) => s,
            Err(e) if e.code() == ErrorCode::Unauthenticated => return e,
            Err(e) => {
                tracing::debug!(error = %e, "event stream: cannot connect");
                if online != Some(false) {
                    online = Some(false);
                    on(Live::Offline);
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        loop {
            match stream.next().await {
                Ok(Some(Feed::Ready { resync })) => {
                    backoff = Duration::from_millis(500);
                    online = Some(true);
                    // A first connection has nothing cached to refetch, but a reconnect
                    // without a resumable id must refetch everything.
                    on(Live::Online {
                        resync: resync || last.is_none(),
                    });
                }
                Ok(Some(Feed::Change(d))) => {
                    last = Some(d.id);
                    on(Live::Change(d.change));
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::debug!(error = %e, "event stream ended");
                    break;
                }
            }
        }
        // The stream ended (the server dropped a slow reader, restarted, or the network
        // broke): try again at once, then back off.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_parsed_with_the_core_types() {
        assert_eq!(parse_block(b": heartbeat").unwrap(), None);
        assert_eq!(
            parse_block(b"event: ready\ndata: {\"resync\":true}").unwrap(),
            Some(Feed::Ready { resync: true })
        );
        assert_eq!(
            parse_block(b"event: change\nid: 42\ndata: {\"kind\":\"songs\",\"band_id\":3}")
                .unwrap(),
            Some(Feed::Change(Delivery {
                id: EventId(42),
                change: Change::Songs {
                    band_id: rehearsalhub_core::BandId(3)
                },
            }))
        );
        assert_eq!(parse_block(b"event: later\ndata: {}").unwrap(), None);
        for bad in [
            &b"event: change\ndata: {\"kind\":\"songs\",\"band_id\":3}"[..],
            b"event: change\nid: ../x\ndata: {\"kind\":\"songs\",\"band_id\":3}",
            b"event: change\nid: 1\ndata: {\"kind\":\"songs\",\"band_id\":\"/etc\"}",
            b"event: ready\ndata: nope",
            b"event: change\nid: 1\ndata: \xff",
        ] {
            assert!(
                parse_block(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
