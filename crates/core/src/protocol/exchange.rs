//! The pure decisions around one send of the token request: whether it may go out, what the
//! answer means for the client (the issued token, the history line), and what automatic
//! renewal remembers between sends. The app's send action only does the IO around these.

use super::draft::FieldError;
use super::http::HttpResponse;
use super::jwt;
use super::renewal::{self, Renewal, RenewalInput};
use super::response::TokenOutcome;
use super::token::{IssuedToken, RenewAt};
use super::url::is_bad_port;
use std::fmt::Display;

/// How many history entries are kept.
pub const HISTORY_LIMIT: usize = 50;

/// Why a request that does not validate is not sent: every field error, in order.
pub fn not_sent(errors: &[FieldError]) -> String {
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!("Not sent: {}.", list.join("; "))
}

/// Why a live request to `port` is not sent: browsers refuse the Fetch standard's "bad ports"
/// (§2.9) without a request, so the playground says so instead. `None` when it may go out
/// (the simulated server has no ports).
pub fn bad_port(port: Option<u16>, live: bool) -> Option<String> {
    let port = port.filter(|p| live && is_bad_port(*p))?;
    Some(format!(
        "Not sent: browsers refuse to connect to port {port} (a \"bad port\" in the Fetch standard §2.9); use another port."
    ))
}

/// The token a successful answer issued (RFC 6749 §5.1), received at `received_at_ms`; its
/// JWT `exp`, when the access token is a JWT with one, stands in for a missing `expires_in`.
pub fn issued_token(outcome: Option<&TokenOutcome>, received_at_ms: u64) -> Option<IssuedToken> {
    let Some(TokenOutcome::Token(t)) = outcome else {
        return None;
    };
    Some(IssuedToken {
        response: t.clone(),
        received_at_ms,
        jwt_exp_ms: jwt::decode_access_token(t.access_token.expose())
            .and_then(Result::ok)
            .and_then(|d| jwt::time_claim(&d.claims, "exp"))
            // RFC 7519 §2: a NumericDate may be fractional or negative; before 1970 clamps to 0
            // and the milliseconds saturate.
            .map(|exp| u64::try_from(exp).unwrap_or(0).saturating_mul(1000)),
    })
}

/// The history line of one send (never the token itself): "token, expires_in 3600 s",
/// "invalid_client (401)", "unexpected response (500)" or "no response: …".
pub fn outcome_line<E: Display>(
    result: &Result<HttpResponse, E>,
    outcome: Option<&TokenOutcome>,
) -> String {
    match (result, outcome) {
        (Err(e), _) => format!("no response: {e}"),
        (Ok(_), Some(TokenOutcome::Token(t))) => match t.expires_in {
            Some(s) => format!("token, expires_in {s} s"),
            None => "token, lifetime unknown".to_string(),
        },
        (Ok(r), Some(TokenOutcome::Error(e))) => format!("{} ({})", e.error, r.status),
        (Ok(r), _) => format!("unexpected response ({})", r.status),
    }
}

/// Puts `entry` first in `history` and keeps at most [`HISTORY_LIMIT`] entries.
pub fn push_history<T>(history: &mut Vec<T>, entry: T) {
    history.insert(0, entry);
    history.truncate(HISTORY_LIMIT);
}

/// What automatic renewal remembers between ticks: the current token's times (kept when a
/// renewal fails, as the client still holds that token) and its own attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenewalTrack {
    /// The latest exchange already taken into account.
    seen_attempt: u64,
    /// The current token: when it arrived and when it expires (ms since the epoch).
    token: Option<(u64, Option<u64>)>,
    /// When the latest automatic renewal was sent (any token).
    last_attempt_ms: Option<u64>,
    /// Automatic renewals sent for the current token.
    attempts: u32,
    /// Of those, failed in a row.
    errors: u32,
}

impl RenewalTrack {
    /// Takes exchange `attempt` into account once: a new token starts afresh; an answer
    /// without a token while a renewal is pending is that renewal failing.
    pub fn follow(&mut self, attempt: u64, issued: Option<&IssuedToken>) {
        if attempt == self.seen_attempt {
            return;
        }
        self.seen_attempt = attempt;
        match issued {
            Some(token) => {
                self.token = Some((token.received_at_ms, token.expires_at_ms()));
                self.attempts = 0;
                self.errors = 0;
            }
            None if self.attempts > self.errors => self.errors = self.errors.saturating_add(1),
            None => {}
        }
    }

    /// Records an automatic renewal sent at `now_ms`; one that cannot be sent (the form does
    /// not validate) counts as failed at once.
    pub fn renewing(&mut self, now_ms: u64, sendable: bool) {
        self.last_attempt_ms = Some(now_ms);
        self.attempts = self.attempts.saturating_add(1);
        if !sendable {
            self.errors = self.errors.saturating_add(1);
        }
    }

    /// The decision for the current token, if there is one ([`renewal::decide`]).
    pub fn decide(&self, policy: RenewAt, now_ms: u64) -> Option<Renewal> {
        let (issued_at_ms, expires_at_ms) = self.token?;
        Some(renewal::decide(&RenewalInput {
            issued_at_ms,
            expires_at_ms,
            policy,
            now_ms,
            last_attempt_ms: self.last_attempt_ms,
            attempts: self.attempts,
            errors: self.errors,
        }))
    }
}
