//! When to renew a token automatically. Client credentials has no refresh token (RFC 6749
//! §4.4.3): renewing is a new token request, so a client that renews too eagerly floods the
//! token endpoint. The rules: at most one renewal per token, never two automatic renewals
//! closer than [`MIN_INTERVAL_MS`], a growing pause after failures, and no automatic renewal of
//! a token whose whole lifetime fits in the renewal margin (it would be renewed as soon as it
//! arrives, forever). Time is passed in; all arithmetic saturates, so no input can overflow.

use super::token::RenewAt;

/// The shortest time between two automatic renewals (ms).
pub const MIN_INTERVAL_MS: u64 = 10_000;
/// The longest pause after failed renewals (ms).
pub const MAX_BACKOFF_MS: u64 = 5 * 60_000;
/// Failed automatic renewals in a row after which automatic renewal stops.
pub const MAX_ERRORS: u32 = 5;

/// What the decision is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenewalInput {
    /// When the token arrived (ms since the epoch).
    pub issued_at_ms: u64,
    /// When it expires (ms since the epoch), `None` when the lifetime is unknown (RFC 6749
    /// §5.1 `expires_in` absent and no JWT `exp`).
    pub expires_at_ms: Option<u64>,
    /// The chosen renewal margin.
    pub policy: RenewAt,
    /// The current time (ms since the epoch).
    pub now_ms: u64,
    /// When the latest automatic renewal was sent, for any token.
    pub last_attempt_ms: Option<u64>,
    /// Automatic renewals sent for this token.
    pub attempts: u32,
    /// Of those, how many failed, in a row.
    pub errors: u32,
}

/// What automatic renewal does for the current token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renewal {
    /// Send a new token request now.
    Now,
    /// Nothing yet: renew at this time (ms since the epoch).
    WaitUntil {
        /// When.
        at_ms: u64,
        /// Failed renewals of this token so far (0: the margin is what is awaited).
        errors: u32,
    },
    /// This token's renewal was sent; its answer is awaited.
    Requested,
    /// The whole lifetime fits in the margin: the token is not renewed automatically.
    TooShortLived {
        /// The token's lifetime in seconds.
        lifetime_secs: u64,
        /// The margin the policy asks for, in seconds.
        margin_secs: u64,
    },
    /// No known lifetime: nothing to renew before (RFC 6749 §5.1).
    UnknownLifetime,
    /// Too many failures in a row: automatic renewal stopped for this token.
    GaveUp {
        /// Failed renewals in a row.
        errors: u32,
    },
}

/// The margin (seconds before expiry) `policy` asks for a token living `lifetime_secs`,
/// before it is compared with the lifetime.
pub fn margin_secs(policy: RenewAt, lifetime_secs: u64) -> u64 {
    match policy {
        RenewAt::LastTenPercent => (lifetime_secs / 10).clamp(5, 60),
        RenewAt::EightyPercent => lifetime_secs / 5,
        RenewAt::ThirtySecondsBefore => 30,
    }
}

/// The pause after `errors` failures in a row: [`MIN_INTERVAL_MS`] doubled per failure, at
/// most [`MAX_BACKOFF_MS`] (with no failure, the minimum interval).
pub fn backoff_ms(errors: u32) -> u64 {
    MIN_INTERVAL_MS
        .saturating_mul(2u64.saturating_pow(errors))
        .min(MAX_BACKOFF_MS)
}

/// Whether, and when, to renew the token described by `input`.
pub fn decide(input: &RenewalInput) -> Renewal {
    let Some(expires_at) = input.expires_at_ms else {
        return Renewal::UnknownLifetime;
    };
    let lifetime_ms = expires_at.saturating_sub(input.issued_at_ms);
    let margin_secs = margin_secs(input.policy, lifetime_ms / 1000);
    let margin_ms = margin_secs.saturating_mul(1000);
    if lifetime_ms <= margin_ms {
        return Renewal::TooShortLived {
            lifetime_secs: lifetime_ms / 1000,
            margin_secs,
        };
    }
    if input.errors >= MAX_ERRORS {
        return Renewal::GaveUp {
            errors: input.errors,
        };
    }
    if input.attempts > input.errors {
        return Renewal::Requested;
    }
    let due = expires_at.saturating_sub(margin_ms);
    let earliest = input
        .last_attempt_ms
        .map_or(0, |t| t.saturating_add(backoff_ms(input.errors)));
    let at_ms = due.max(earliest);
    if input.now_ms >= at_ms {
        Renewal::Now
    } else {
        Renewal::WaitUntil {
            at_ms,
            errors: input.errors,
        }
    }
}

/// What to tell the user about automatic renewal, when there is something to tell.
pub fn message(decision: &Renewal) -> Option<String> {
    match decision {
        Renewal::TooShortLived {
            lifetime_secs,
            margin_secs,
        } => Some(format!(
            "Too short-lived for automatic renewal: this token lives {lifetime_secs} s and renewal is set for {margin_secs} s before expiry, so it would be renewed as soon as it arrives. It is not renewed automatically: choose a shorter margin, or press Renew now."
        )),
        Renewal::WaitUntil { errors, .. } if *errors > 0 => Some(format!(
            "Automatic renewal failed ({errors} in a row); it is tried again after a pause that doubles each time (at most {} min).",
            MAX_BACKOFF_MS / 60_000
        )),
        Renewal::GaveUp { errors } => Some(format!(
            "Automatic renewal stopped after {errors} failures in a row; press Renew now."
        )),
        _ => None,
    }
}
