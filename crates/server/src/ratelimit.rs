//! Per-client-address rate limits (SPEC §8: sign-up, sign-in, invite preview, invite
//! redemption),
//! answered with the core's `rate_limited` error and a `Retry-After` header.
//!
//! The counters live in this process: each instance of a multi-instance deployment limits
//! on its own, so a client spread over `n` instances gets at most `n` times the quota.
//! The address is the TCP peer's (an IPv6 peer's /64); behind a reverse proxy every client shares the proxy's
//! address, so such a deployment should limit at the proxy instead.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rehearsalhub_core::case::{self, Visit};
use rehearsalhub_core::{Error, UseCase};

use crate::error::ApiError;

/// One limit: `per_minute` requests per address, replenished evenly over the minute, with
/// the whole minute's worth usable as a burst. `None` turns it off.
#[derive(Clone)]
pub struct Limit(Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>);

impl std::fmt::Debug for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Limit(on)"
        } else {
            "Limit(off)"
        })
    }
}

impl Limit {
    /// A limit of `per_minute` per address; 0 means none.
    pub fn per_minute(per_minute: u32) -> Self {
        Limit(
            NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))),
        )
    }

    /// Counts one request from `ip`: `Ok` or the seconds to wait.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let Some(limiter) = &self.0 else {
            return Ok(());
        };
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            // Round up: a client that waits what it is told must get through.
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Forgets addresses whose quota is full again (keeps memory bounded).
    pub fn shrink(&self) {
        if let Some(limiter) = &self.0 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// The limits of one server: one per use case its declaration marks as throttled
/// (SPEC §8: sign-up, sign-in, invite preview, invite redemption), each its own bucket.
#[derive(Debug, Clone, Default)]
pub struct Limits(HashMap<&'static str, Limit>);

impl Limits {
    /// Every throttled use case at `per_minute` per address (0: off).
    pub fn per_minute(per_minute: u32) -> Self {
        struct Throttled(u32, HashMap<&'static str, Limit>);
        impl Visit for Throttled {
            fn case<U: UseCase>(&mut self) {
                if U::THROTTLED {
                    self.1.insert(U::NAME, Limit::per_minute(self.0));
                }
            }
        }
        let mut throttled = Throttled(per_minute, HashMap::new());
        case::each(&mut throttled);
        Limits(throttled.1)
    }

    /// The limit of the use case `name`, if it has one.
    pub fn of(&self, name: &str) -> Option<&Limit> {
        self.0.get(name)
    }

    /// Shrinks the counters every minute while the server runs.
    pub fn spawn_housekeeping(&self) {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                for limit in limits.0.values() {
                    limit.shrink();
                }
            }
        });
    }
}

/// The address a client is counted under: an IPv4 address, or an IPv6 address's /64
/// (one subscriber gets a whole /64, so single IPv6 addresses are free to change).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(std::net::Ipv6Addr::from(prefix))
            }
        },
        v4 => v4,
    }
}

/// Middleware applying `limit` to the routes it wraps.
pub async fn enforce(State(limit): State<Limit>, request: Request, next: Next) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| client_key(c.0.ip()));
    match limit.check(ip) {
        Ok(()) => next.run(request).await,
        Err(retry_after_secs) => ApiError(Error::RateLimited {
            message: format!(
                "Too many attempts from this address. Try again in {retry_after_secs} s."
            ),
            retry_after_secs,
        })
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(client_key(mapped), IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
        let v4 = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(client_key(v4), v4);
    }

    #[test]
    fn the_declared_use_cases_are_throttled_each_in_its_own_bucket() {
        let limits = Limits::per_minute(1);
        let names: Vec<_> = {
            let mut n: Vec<_> = limits.0.keys().copied().collect();
            n.sort_unstable();
            n
        };
        assert_eq!(
            names,
            ["preview_invite", "redeem_invite", "register", "sign_in"]
        );
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(limits.of("sign_in").map(|l| l.check(a)), Some(Ok(())));
        assert_eq!(limits.of("register").map(|l| l.check(a)), Some(Ok(())));
        assert!(limits.of("sign_in").is_some_and(|l| l.check(a).is_err()));
        assert!(limits.of("me").is_none());
    }

    #[test]
    fn refuses_past_the_quota_per_address_and_says_how_long_to_wait() {
        let limit = Limit::per_minute(3);
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        for _ in 0..3 {
            assert_eq!(limit.check(a), Ok(()));
        }
        let wait = limit.check(a).expect_err("fourth is refused");
        assert!((1..=20).contains(&wait), "{wait}");
        assert_eq!(limit.check(b), Ok(()), "another address has its own quota");
        let off = Limit::per_minute(0);
        for _ in 0..1000 {
            assert_eq!(off.check(a), Ok(()));
        }
    }
}
