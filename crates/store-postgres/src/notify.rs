//! Live events between server instances on one database: each instance publishes the
//! changes it makes with `pg_notify` and feeds its own [`Bus`] from `LISTEN`, so a change
//! made through one instance reaches the clients of every instance (its own included, by
//! the same path, so every instance sees one order).
//!
//! PostgreSQL delivers a notification to the listeners that are connected when it is sent.
//! When the listening connection breaks, what was sent meanwhile is lost: the bus then
//! forgets its history and drops its subscriptions, so every client resyncs.

use std::sync::Arc;
use std::time::Duration;

use rehearsalhub_core::{Bus, Change, Delivery, Publish};
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::mpsc;

/// The channel all instances on one database share (one per schema, so deployments or
/// test runs in separate schemas of one database do not hear each other).
pub const CHANNEL: &str = "rehearsalhub_events";

async fn channel_of(pool: &PgPool) -> Result<String, sqlx::Error> {
    let schema: Option<String> = sqlx::query_scalar("SELECT current_schema()")
        .fetch_one(pool)
        .await?;
    Ok(match schema.as_deref() {
        None | Some("public") => CHANNEL.to_owned(),
        // Channel names are identifiers: at most 63 bytes.
        Some(s) => format!("{CHANNEL}_{}", s.chars().take(40).collect::<String>()),
    })
}

/// How long a change waits for others to go out with it.
const GATHER: Duration = Duration::from_millis(5);

/// At most this many queued changes are sent at once.
const COALESCE: usize = 1000;

/// PostgreSQL refuses payloads of 8000 bytes or more; a change is under 60.
const MAX_PAYLOAD: usize = 7000;

/// Publishes through PostgreSQL: stamps the changes with this instance's ids and sends
/// them, in order, from one task (a use case never waits for it).
#[derive(Debug)]
pub struct PgPublisher {
    bus: Bus,
    outbox: mpsc::UnboundedSender<Vec<Delivery>>,
}

impl Publish for PgPublisher {
    fn publish(&self, changes: Vec<Change>) {
        let _ = self.outbox.send(self.bus.stamp(changes));
    }
}

/// Connects `bus` to the other instances on `pool`'s database: starts listening (before
/// returning, so nothing published after this is missed) and returns the publisher the
/// hub should announce through.
pub async fn bridge(pool: &PgPool, bus: &Bus) -> Result<Arc<PgPublisher>, sqlx::Error> {
    let channel = channel_of(pool).await?;
    // Its own connection, not one of the pool's: a listener holds its connection for good,
    // which would leave the requests one fewer.
    let own = PgPoolOptions::new()
        .max_connections(1)
        .connect_with((*pool.connect_options()).clone())
        .await?;
    let mut listener = PgListener::connect_with(&own).await?;
    listener.listen(&channel).await?;
    let feed = bus.clone();
    tokio::spawn(async move {
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => match serde_json::from_str::<Vec<Delivery>>(n.payload()) {
                    Ok(batch) => feed.feed(batch),
                    Err(e) => tracing::warn!(error = %e, "ignored a malformed event notification"),
                },
                Ok(None) => {
                    tracing::warn!("lost the event listener's connection; clients will resync");
                    feed.forget_history();
                }
                Err(e) => {
                    tracing::warn!(error = %e, "event listener failed; retrying");
                    feed.forget_history();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    let (outbox, mut pending) = mpsc::unbounded_channel::<Vec<Delivery>>();
    // The notifications go out on a connection of their own too, so they never wait for
    // (or hold up) the requests' connections; and without waiting for the disk: a
    // notification is not kept anyway, so its commit need not be durable (each would
    // otherwise cost a WAL flush of its own).
    let pool = PgPoolOptions::new().max_connections(1).connect_lazy_with(
        (*pool.connect_options())
            .clone()
            .options([("synchronous_commit", "off")]),
    );
    tokio::spawn(async move {
        while let Some(mut batch) = pending.recv().await {
            // What the next few milliseconds add goes out together: under load, a few
            // notifications instead of a transaction (and a wake-up of every instance's
            // listener) per use case.
            tokio::time::sleep(GATHER).await;
            while batch.len() < COALESCE {
                match pending.try_recv() {
                    Ok(more) => batch.extend(more),
                    Err(_) => break,
                }
            }
            for payload in payloads(&batch) {
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(&channel)
                    .bind(&payload)
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(error = %e, "could not announce a change");
                }
            }
        }
    });
    Ok(Arc::new(PgPublisher {
        bus: bus.clone(),
        outbox,
    }))
}

/// The batch as JSON arrays each under PostgreSQL's payload limit.
fn payloads(batch: &[Delivery]) -> Vec<String> {
    let mut out = Vec::new();
    let mut part: Vec<Delivery> = Vec::new();
    for d in batch {
        part.push(*d);
        let json = serde_json::to_string(&part).unwrap_or_default();
        if json.len() > MAX_PAYLOAD && part.len() > 1 {
            part.pop();
            out.push(serde_json::to_string(&part).unwrap_or_default());
            part = vec![*d];
        }
    }
    if !part.is_empty() {
        out.push(serde_json::to_string(&part).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use rehearsalhub_core::{BandId, EventId};

    use super::*;

    #[test]
    fn a_large_batch_is_split_under_the_payload_limit_in_order() {
        let batch: Vec<Delivery> = (0..500)
            .map(|n| Delivery {
                id: EventId(u64::MAX - n),
                change: Change::Songs {
                    band_id: BandId(i64::MAX - n as i64),
                },
            })
            .collect();
        let parts = payloads(&batch);
        assert!(parts.len() > 1);
        let mut back = Vec::new();
        for p in &parts {
            assert!(p.len() <= MAX_PAYLOAD);
            back.extend(serde_json::from_str::<Vec<Delivery>>(p).unwrap());
        }
        assert_eq!(back, batch);
    }
}
