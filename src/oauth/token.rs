//! Expiry arithmetic for an issued token. Time is always passed in (`now`, milliseconds since
//! the Unix epoch); this module never reads the clock.

use super::response::TokenResponse;

/// A token endpoint success, stamped with when it arrived.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuedToken {
    /// The parsed response.
    pub response: TokenResponse,
    /// When the response was received (ms since the Unix epoch).
    pub received_at_ms: u64,
}

/// Where a token is in its lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenState {
    /// More than the renewal margin remains.
    Valid {
        /// Whole seconds remaining (rounded up, so 0 only when expired).
        remaining_secs: u64,
    },
    /// Inside the renewal margin: time to request a new one.
    Expiring {
        /// Whole seconds remaining.
        remaining_secs: u64,
    },
    /// Past its lifetime.
    Expired {
        /// Whole seconds since expiry.
        since_secs: u64,
    },
    /// No usable `expires_in`: the lifetime is unknown (RFC 6749 §5.1).
    Unknown,
}

impl IssuedToken {
    /// When the token expires (ms since the epoch): `received_at + expires_in` (RFC 6749 §5.1
    /// counts the lifetime from when the response was generated; arrival is our best estimate).
    pub fn expires_at_ms(&self) -> Option<u64> {
        self.response
            .expires_in
            .map(|s| self.received_at_ms.saturating_add(s.saturating_mul(1000)))
    }

    /// The renewal margin: 10 % of the lifetime, at least 5 s and at most 60 s.
    pub fn margin_secs(&self) -> u64 {
        self.response
            .expires_in
            .map(|s| (s / 10).clamp(5, 60))
            .unwrap_or(0)
    }

    /// The token's state at `now_ms`. A `now_ms` earlier than the arrival (a clock sample
    /// taken just before the response came) counts as the arrival time.
    pub fn state(&self, now_ms: u64) -> TokenState {
        let now_ms = now_ms.max(self.received_at_ms);
        let Some(expires_at) = self.expires_at_ms() else {
            return TokenState::Unknown;
        };
        if now_ms >= expires_at {
            return TokenState::Expired {
                since_secs: (now_ms - expires_at) / 1000,
            };
        }
        let remaining_secs = (expires_at - now_ms).div_ceil(1000);
        if remaining_secs <= self.margin_secs() {
            TokenState::Expiring { remaining_secs }
        } else {
            TokenState::Valid { remaining_secs }
        }
    }

    /// The fraction of the lifetime left, from 1.0 down to 0.0 (`None` when unknown).
    pub fn fraction_left(&self, now_ms: u64) -> Option<f64> {
        let total = self.response.expires_in? as f64 * 1000.0;
        if total <= 0.0 {
            return Some(0.0);
        }
        let left = self.expires_at_ms()?.saturating_sub(now_ms) as f64;
        Some((left / total).clamp(0.0, 1.0))
    }
}

/// Formats seconds as `h:mm:ss` or `m:ss`.
pub fn format_duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::types::AccessToken;

    fn issued(expires_in: Option<u64>) -> IssuedToken {
        IssuedToken {
            response: TokenResponse {
                access_token: AccessToken::new("t"),
                token_type: "Bearer".into(),
                expires_in,
                scope: None,
                extra: vec![],
                notes: vec![],
            },
            received_at_ms: 1_000_000,
        }
    }

    #[test]
    fn state_over_lifetime_transitions() {
        let t = issued(Some(3600));
        assert_eq!(
            t.state(1_000_000),
            TokenState::Valid {
                remaining_secs: 3600
            }
        );
        assert_eq!(
            t.state(1_000_001),
            TokenState::Valid {
                remaining_secs: 3600
            }
        );
        assert_eq!(
            t.state(1_000_000 + 3_550_000),
            TokenState::Expiring { remaining_secs: 50 }
        );
        assert_eq!(
            t.state(1_000_000 + 3_602_000),
            TokenState::Expired { since_secs: 2 }
        );
        assert_eq!(issued(None).state(5), TokenState::Unknown);
    }

    #[test]
    fn state_clock_sample_before_arrival_counts_from_arrival() {
        let t = issued(Some(3600));
        assert_eq!(
            t.state(999_600),
            TokenState::Valid {
                remaining_secs: 3600
            }
        );
    }

    #[test]
    fn format_duration_hours_and_minutes() {
        assert_eq!(format_duration(3600), "1:00:00");
        assert_eq!(format_duration(59), "0:59");
        assert_eq!(format_duration(61), "1:01");
    }
}
