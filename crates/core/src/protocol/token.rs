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
    /// The JWT's `exp` (ms since the epoch), used when `expires_in` is absent.
    pub jwt_exp_ms: Option<u64>,
}

/// When to request a new token (client credentials has no refresh token, RFC 6749 §4.4.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RenewAt {
    /// In the last 10 % of the lifetime, at least 5 s and at most 60 s before expiry.
    #[default]
    LastTenPercent,
    /// Once 80 % of the lifetime has passed.
    EightyPercent,
    /// 30 seconds before expiry.
    ThirtySecondsBefore,
}

impl RenewAt {
    /// Every choice, in the order the UI offers them.
    pub const ALL: [RenewAt; 3] = [
        RenewAt::LastTenPercent,
        RenewAt::EightyPercent,
        RenewAt::ThirtySecondsBefore,
    ];

    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            Self::LastTenPercent => "last-10",
            Self::EightyPercent => "at-80",
            Self::ThirtySecondsBefore => "30s",
        }
    }

    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::LastTenPercent => "in the last 10 % (5–60 s)",
            Self::EightyPercent => "at 80 % of the lifetime",
            Self::ThirtySecondsBefore => "30 s before expiry",
        }
    }

    /// Parses an id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }
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
            .or(self.jwt_exp_ms)
    }

    /// The lifetime in whole seconds, from arrival to expiry.
    pub fn lifetime_secs(&self) -> Option<u64> {
        self.expires_at_ms()
            .map(|e| e.saturating_sub(self.received_at_ms) / 1000)
    }

    /// The renewal margin for the default policy: 10 % of the lifetime, 5 to 60 s.
    pub fn margin_secs(&self) -> u64 {
        self.margin_secs_for(RenewAt::LastTenPercent)
    }

    /// The renewal margin (seconds before expiry) under `policy`.
    pub fn margin_secs_for(&self, policy: RenewAt) -> u64 {
        let Some(lifetime) = self.lifetime_secs() else {
            return 0;
        };
        // One table of margins: the renewal policy's (the countdown and the renewal agree).
        crate::renewal::margin_secs(policy, lifetime).min(lifetime)
    }

    /// The token's state at `now_ms` under the default renewal policy.
    pub fn state(&self, now_ms: u64) -> TokenState {
        self.state_for(now_ms, RenewAt::LastTenPercent)
    }

    /// The token's state at `now_ms`, "expiring" inside `policy`'s margin. A `now_ms` earlier
    /// than the arrival (a clock sample taken just before the response came) counts as the
    /// arrival time.
    pub fn state_for(&self, now_ms: u64, policy: RenewAt) -> TokenState {
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
        if remaining_secs <= self.margin_secs_for(policy) {
            TokenState::Expiring { remaining_secs }
        } else {
            TokenState::Valid { remaining_secs }
        }
    }

    /// The fraction of the lifetime left, from 1.0 down to 0.0 (`None` when unknown).
    pub fn fraction_left(&self, now_ms: u64) -> Option<f64> {
        let total = self.lifetime_secs()? as f64 * 1000.0;
        if total <= 0.0 {
            return Some(0.0);
        }
        let left = self.expires_at_ms()?.saturating_sub(now_ms) as f64;
        Some((left / total).clamp(0.0, 1.0))
    }
}

/// Parses an HTTP date in IMF-fixdate form (RFC 9110 §5.6.7), e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`, into seconds since the epoch.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as i64
        + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    // The grammar's ranges (day 2DIGIT, year 4DIGIT, hour/minute/second 2DIGIT, second 60 for
    // a leap second), which also keep the arithmetic below from overflowing on hostile input.
    if !(1..=31).contains(&day)
        || !(0..=9999).contains(&year)
        || !(0..24).contains(h)
        || !(0..60).contains(m)
        || !(0..=60).contains(s)
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// The civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Formats seconds since the epoch as an IMF-fixdate (RFC 9110 §5.6.7).
pub fn format_http_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let (year, month, day) = civil_from_days(days);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!(
        "{weekday}, {day:02} {month} {year} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// How far the server's clock is ahead (+) or behind (−) this computer's, in seconds, from the
/// response's `Date` header and the time it arrived; `None` when unreadable.
pub fn clock_skew_secs(date_header: &str, received_at_ms: u64) -> Option<i64> {
    parse_http_date(date_header).map(|server| server - (received_at_ms / 1000) as i64)
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
    use crate::types::AccessToken;

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
            jwt_exp_ms: None,
        }
    }

    /// 24 hours of a ticking countdown, by clock injection: ticks at irregular intervals (as
    /// timers really fire: late by up to 0.9 s) never make the display drift from the true
    /// remaining time, never go up, and expire exactly at the end.
    #[test]
    fn state_day_of_irregular_ticks_no_drift() {
        let day = 86_400;
        let t = issued(Some(day));
        let start = t.received_at_ms;
        let mut now = start;
        let mut last = day + 1;
        let mut jitter = 0u64;
        while now < start + day * 1000 {
            let remaining = match t.state(now) {
                TokenState::Valid { remaining_secs } | TokenState::Expiring { remaining_secs } => {
                    remaining_secs
                }
                other => panic!("expired early at +{} ms: {other:?}", now - start),
            };
            let exact = (start + day * 1000 - now).div_ceil(1000);
            assert_eq!(remaining, exact, "drift at +{} ms", now - start);
            assert!(remaining <= last, "went up at +{} ms", now - start);
            last = remaining;
            jitter = (jitter * 7 + 3) % 900;
            now += 500 + jitter;
        }
        assert_eq!(
            t.state(start + day * 1000),
            TokenState::Expired { since_secs: 0 }
        );
        assert_eq!(t.fraction_left(start + day * 1000), Some(0.0));
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
    fn state_for_policies_margins() {
        let t = issued(Some(1000));
        assert_eq!(t.margin_secs_for(RenewAt::LastTenPercent), 60);
        assert_eq!(t.margin_secs_for(RenewAt::EightyPercent), 200);
        assert_eq!(t.margin_secs_for(RenewAt::ThirtySecondsBefore), 30);
        assert_eq!(
            t.state_for(1_000_000 + 850_000, RenewAt::EightyPercent),
            TokenState::Expiring {
                remaining_secs: 150
            }
        );
        assert_eq!(
            t.state_for(1_000_000 + 850_000, RenewAt::ThirtySecondsBefore),
            TokenState::Valid {
                remaining_secs: 150
            }
        );
    }

    #[test]
    fn expires_at_jwt_exp_used_without_expires_in() {
        let mut t = issued(None);
        t.jwt_exp_ms = Some(1_300_000);
        assert_eq!(t.lifetime_secs(), Some(300));
        assert_eq!(
            t.state(1_000_000),
            TokenState::Valid {
                remaining_secs: 300
            }
        );
    }

    #[test]
    fn parse_http_date_rfc9110_example() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Sun, 22 Nov 2026 19:36:43 GMT"),
            Some(1_795_376_203)
        );
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(
            clock_skew_secs("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_767_500),
            Some(10)
        );
        assert_eq!(
            format_http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            format_http_date(1_795_376_203),
            "Sun, 22 Nov 2026 19:36:43 GMT"
        );
    }

    #[test]
    fn parse_http_date_out_of_range_fields_none() {
        // tests/corpus/misc/crash_date_day_overflow (found by the `misc` fuzz target): a huge
        // day overflowed the day arithmetic; year and hour did the same.
        assert_eq!(
            parse_http_date("Sun, 99999999999999999 Nov 1994 08:49:37 GMT"),
            None
        );
        assert_eq!(
            parse_http_date("Sun, 06 Nov 9223372036854775807 08:49:37 GMT"),
            None
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT"), None);
    }

    #[test]
    fn format_duration_hours_and_minutes() {
        assert_eq!(format_duration(3600), "1:00:00");
        assert_eq!(format_duration(59), "0:59");
        assert_eq!(format_duration(61), "1:01");
    }
}
