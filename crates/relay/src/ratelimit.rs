//! Per-client rate limit: one token bucket per client address, in a bounded map.
//!
//! A client is its peer IP address; IPv6 clients are grouped by their /64 (one subscriber's
//! allocation, RFC 6177), IPv4-mapped IPv6 peers count as their IPv4 address. The map holds at most
//! `max_clients` buckets: when full, buckets that have refilled completely (indistinguishable from
//! a new client) are dropped first, then the least recently seen one.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets keyed by client.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    max_clients: usize,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// The client key of a peer address (see the module docs).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl RateLimiter {
    /// `per_second` tokens refill continuously up to `burst`; each request takes one.
    pub fn new(per_second: f64, burst: u32, max_clients: usize) -> Self {
        RateLimiter {
            per_second,
            burst: f64::from(burst.max(1)),
            max_clients: max_clients.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refilled(&self, b: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        (b.tokens + elapsed * self.per_second).min(self.burst)
    }

    /// Takes a token for `ip` at `now`; `Err(wait)` says how long until one is available.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = client_key(ip);
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !map.contains_key(&key) && map.len() >= self.max_clients {
            map.retain(|_, b| self.refilled(b, now) < self.burst);
            let oldest = map.iter().min_by_key(|(_, b)| b.last).map(|(k, _)| *k);
            if let (true, Some(oldest)) = (map.len() >= self.max_clients, oldest) {
                map.remove(&oldest);
            }
        }
        let bucket = map.entry(key).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let tokens = self.refilled(bucket, now);
        bucket.last = now;
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            Ok(())
        } else {
            bucket.tokens = tokens;
            let wait = if self.per_second > 0.0 {
                (1.0 - tokens) / self.per_second
            } else {
                60.0
            };
            Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::from_secs(3600)))
        }
    }

    /// How many clients are tracked (for tests and the bound).
    pub fn tracked(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn bucket_burst_then_refusal_then_refill() {
        let rl = RateLimiter::new(2.0, 3, 10);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.check(ip("1.2.3.4"), t0).is_ok());
        }
        let wait = rl.check(ip("1.2.3.4"), t0).unwrap_err();
        assert!(wait <= Duration::from_millis(500) && wait > Duration::ZERO);
        assert!(
            rl.check(ip("1.2.3.4"), t0 + Duration::from_millis(500))
                .is_ok()
        );
        assert!(
            rl.check(ip("1.2.3.4"), t0 + Duration::from_millis(500))
                .is_err()
        );
    }

    #[test]
    fn bucket_other_client_is_independent() {
        let rl = RateLimiter::new(1.0, 1, 10);
        let t0 = Instant::now();
        assert!(rl.check(ip("1.2.3.4"), t0).is_ok());
        assert!(rl.check(ip("1.2.3.4"), t0).is_err());
        assert!(rl.check(ip("5.6.7.8"), t0).is_ok());
    }

    #[test]
    fn client_key_ipv6_same_64_shares_bucket() {
        let rl = RateLimiter::new(1.0, 1, 10);
        let t0 = Instant::now();
        assert!(rl.check(ip("2001:4860::1"), t0).is_ok());
        assert!(rl.check(ip("2001:4860::ffff:1"), t0).is_err());
        assert_eq!(client_key(ip("::ffff:1.2.3.4")), ip("1.2.3.4"));
    }

    #[test]
    fn map_full_evicts_and_stays_bounded() {
        let rl = RateLimiter::new(1.0, 5, 3);
        let t0 = Instant::now();
        for (i, c) in ["1.0.0.1", "1.0.0.2", "1.0.0.3", "1.0.0.4", "1.0.0.5"]
            .iter()
            .enumerate()
        {
            assert!(
                rl.check(ip(c), t0 + Duration::from_millis(i as u64))
                    .is_ok()
            );
            assert!(rl.tracked() <= 3);
        }
        assert_eq!(rl.tracked(), 3);
    }
}
