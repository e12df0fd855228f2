//! Live requests through a cc-relay (crates/relay/README.md "Request format"): the composed
//! request goes to `POST <relay>/relay` with `X-Relay-Target`, `X-Relay-Method` and
//! `X-Relay-Headers` (built by [`Relay::wrap`]), and the relay's refusals (`X-Relay-Error`) are
//! told apart from the upstream's answers, which come back byte for byte.

use super::{Fetched, TransportError, fetch};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::metadata;
use crate::oauth::relay::{Refusal, Relay, is_relay_description, refusal, refusal_advice};
use std::fmt;
use web_sys::AbortController;

/// Why a request sent through the relay got no answer from the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayError {
    /// The Relay URL is not usable; the text completes "the Relay URL …".
    BadUrl(String),
    /// `fetch` to the relay failed: nothing listening there, or it refused this page's origin
    /// (`origin_not_allowed` is answered without CORS headers, so the browser hides it).
    Unreachable {
        /// The relay's base URL.
        relay: String,
        /// The browser's error text.
        detail: String,
    },
    /// The Relay URL answered, but not as a cc-relay (an HTML page, another server).
    NotARelay {
        /// The relay's base URL.
        relay: String,
        /// What answered instead.
        why: String,
    },
    /// The relay refused the request by one of its rules.
    Refused(Refusal),
}

impl fmt::Display for RelayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadUrl(why) => write!(
                f,
                "Not sent: the Relay URL {why}. Fix it, or clear it to send directly."
            ),
            Self::Unreachable { relay, detail } => {
                write!(f, "The relay at {relay} could not be reached ({detail}).")
            }
            Self::NotARelay { relay, why } => {
                write!(f, "{relay} is not a cc-relay: {why}.")
            }
            Self::Refused(r) => write!(
                f,
                "Relay refused: {} — {} (HTTP {} from the relay, not from the server).",
                r.rule, r.message, r.status
            ),
        }
    }
}

impl RelayError {
    /// What to do about it, most likely first.
    pub fn likely_causes(&self) -> Vec<&'static str> {
        match self {
            Self::BadUrl(_) => vec!["Give the relay's base URL, e.g. http://127.0.0.1:8787."],
            Self::Unreachable { .. } => vec![
                "cc-relay is not running there: `cargo xtask serve` starts one on 127.0.0.1:8787, or run `cc-relay --listen 127.0.0.1:8787 --allow-origin <this page's origin>`.",
                "It runs but does not allow this page's origin (its refusal carries no CORS headers, so the browser hides it): restart it with --allow-origin and this page's origin.",
            ],
            Self::NotARelay { .. } => vec![
                "The Relay URL should be where cc-relay listens (its GET / names \"cc-relay\"), e.g. http://127.0.0.1:8787.",
            ],
            Self::Refused(r) => vec![refusal_advice(&r.rule)],
        }
    }
}

/// Sends `request` through `relay`: the relay's refusal becomes [`RelayError::Refused`], a
/// failure to reach the relay [`RelayError::Unreachable`]; any other answer is the server's.
pub async fn fetch_via(
    request: &HttpRequest,
    relay: &Relay,
    what: Fetched,
    timeout_secs: u32,
    controller: AbortController,
) -> Result<HttpResponse, TransportError> {
    let wrapped = relay.wrap(request);
    match fetch(&wrapped, what, timeout_secs, controller).await {
        Ok(response) => match refusal(&response) {
            Some(r) => Err(TransportError::Relay(RelayError::Refused(r))),
            None => Ok(response),
        },
        Err(TransportError::Network { detail, .. }) => Err(unreachable(relay, detail)),
        Err(other) => Err(other),
    }
}

/// `fetch` to the relay itself failed (`detail`: the browser's text).
fn unreachable(relay: &Relay, detail: String) -> TransportError {
    TransportError::Relay(RelayError::Unreachable {
        relay: relay.base.clone(),
        detail,
    })
}

/// Checks that `relay` is a cc-relay (`GET <relay>/` names it), so that a Relay URL pointing
/// at another server is said to be one instead of its answers being shown as the server's.
pub async fn identify(
    relay: &Relay,
    timeout_secs: u32,
    controller: AbortController,
) -> Result<(), TransportError> {
    let not_a_relay = |why: String| {
        TransportError::Relay(RelayError::NotARelay {
            relay: relay.base.clone(),
            why,
        })
    };
    let request = metadata::request(&relay.description_url())
        .map_err(|e| TransportError::Relay(RelayError::BadUrl(e.to_string())))?;
    match fetch(&request, Fetched::Discovery, timeout_secs, controller).await {
        Ok(response) => is_relay_description(&response).map_err(not_a_relay),
        Err(TransportError::Redirected(_)) => {
            Err(not_a_relay("its base URL answered with a redirect".into()))
        }
        Err(TransportError::Network { detail, .. }) => Err(unreachable(relay, detail)),
        Err(other) => Err(other),
    }
}
