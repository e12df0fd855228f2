//! The `postMessage` contract with a host page (HTML standard §9.3.3 "Cross-document
//! messaging"): the events the playground posts ([`event_message`], [`post_targets`]: never
//! to `"*"`, token data only to an origin the user confirmed) and the commands it accepts
//! ([`parse_incoming`]).

use super::prefill::{Theme, parse_origin};
use serde_json::{Map, Value, json};
use std::fmt;

/// The `source` field of every message the playground posts (see [`event_message`]).
pub const MESSAGE_SOURCE: &str = "cc-playground";

/// The version of the message shapes; bumped on an incompatible change.
pub const MESSAGE_VERSION: u64 = 1;

/// An event the playground posts to its host page (the `parent` window) with `postMessage`
/// (HTML standard §9.3.3 "Cross-document messaging").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// A token response arrived (RFC 6749 §5.1).
    TokenIssued {
        /// `token_type`, e.g. `Bearer`.
        token_type: String,
        /// `access_token` — posted only to allowed origins the user confirmed.
        access_token: String,
        /// `expires_in` in seconds, when the server gave it.
        expires_in: Option<u64>,
        /// `scope` as granted, when the server gave it.
        scope: Option<String>,
    },
    /// The latest token's lifetime ran out.
    TokenExpired,
    /// The exchange failed: an error response (RFC 6749 §5.2) or a transport failure.
    Error {
        /// `error` code (e.g. `invalid_client`) or a playground code (`network_error`).
        error: String,
        /// `error_description` or an explanation.
        description: Option<String>,
        /// The HTTP status, when there was a response.
        status: Option<u16>,
    },
    /// The playground's content height changed, so the host can size the iframe to it (no
    /// scroll bar inside the frame). Posted once at start and after each change.
    Resize {
        /// The height of the page's content in CSS pixels.
        height: u32,
    },
}

impl HostEvent {
    /// The `type` field: `token-issued`, `token-expired`, `error` or `resize`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TokenIssued { .. } => "token-issued",
            Self::TokenExpired => "token-expired",
            Self::Error { .. } => "error",
            Self::Resize { .. } => "resize",
        }
    }
}

/// The message data of `event` (a JSON object; post it as a structured-clone-able object).
///
/// Every message has `source: "cc-playground"`, `version: 1` and `type`. Shapes:
/// - `token-issued`: `token_type`, `expires_in` (number or null), `scope` (string or null), and
///   `access_token` **only when `token_data_allowed`** (the user confirmed sending tokens to
///   the target origin, see [`post_targets`]);
/// - `token-expired`: nothing more;
/// - `error`: `error`, `error_description` (string or null), `status` (number or null);
/// - `resize`: `height`, the content height in CSS pixels (a number).
///
/// No message ever contains the client secret, private key or client assertion.
pub fn event_message(event: &HostEvent, token_data_allowed: bool) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), MESSAGE_SOURCE.into());
    m.insert("version".into(), MESSAGE_VERSION.into());
    m.insert("type".into(), event.kind().into());
    match event {
        HostEvent::TokenIssued {
            token_type,
            access_token,
            expires_in,
            scope,
        } => {
            m.insert("token_type".into(), token_type.as_str().into());
            m.insert("expires_in".into(), json!(expires_in));
            m.insert("scope".into(), json!(scope));
            if token_data_allowed {
                m.insert("access_token".into(), access_token.as_str().into());
            }
        }
        HostEvent::TokenExpired => {}
        HostEvent::Error {
            error,
            description,
            status,
        } => {
            m.insert("error".into(), error.as_str().into());
            m.insert("error_description".into(), json!(description));
            m.insert("status".into(), json!(status));
        }
        HostEvent::Resize { height } => {
            m.insert("height".into(), (*height).into());
        }
    }
    Value::Object(m)
}

/// One `postMessage` call to make for an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostTarget {
    /// The `targetOrigin` argument.
    pub target_origin: String,
    /// Whether this message may carry token data ([`event_message`]'s second argument).
    pub token_data: bool,
}

/// The `postMessage` calls for an event (HTML standard §9.3.3, `postMessage(message,
/// targetOrigin)`), given the `origin=` values (`allowed`) and the origins the **user**
/// confirmed in the page (`confirmed`: "Send the token to …", off by default, never read from
/// the URL nor stored).
///
/// - Without allowed origins nothing is posted: never to `"*"`, which would hand the event to
///   whatever page frames the playground.
/// - Otherwise one message per allowed origin, `targetOrigin` set to it, so the browser
///   delivers it only when the parent's origin matches (the window post message steps).
/// - Token data goes only to an allowed origin the user confirmed. `origin=` alone is not
///   enough: it is written by the embedding page itself, so any page could name its own origin.
///
/// An `allowed` value that is not a normalised origin ([`parse_origin`]), such as `"*"`, is
/// skipped: this function never returns a wildcard target.
pub fn post_targets(allowed: &[String], confirmed: &[String]) -> Vec<PostTarget> {
    allowed
        .iter()
        .filter(|o| parse_origin(o).as_ref() == Ok(*o))
        .map(|o| PostTarget {
            target_origin: o.clone(),
            token_data: confirmed.contains(o),
        })
        .collect()
}

/// The origins the page offers to send tokens to ("Send the token to …"): the allowed
/// `origin=` values, without repeats, and none when the playground is not in a frame (then
/// there is no host page to post to).
pub fn token_offers(allowed: &[String], framed: bool) -> Vec<String> {
    if !framed {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for o in post_targets(allowed, &[])
        .into_iter()
        .map(|t| t.target_origin)
    {
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// A message from the host page the playground acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostCommand {
    /// `{ "type": "set-theme", "theme": "light" | "dark" | "auto" }`.
    SetTheme(Theme),
}

/// Why an incoming message was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IncomingError {
    /// `event.origin` is not one of the `origin=` values (or none were given).
    OriginNotAllowed(String),
    /// The data is not an object with a string `type`.
    NoType,
    /// A `type` this version does not know.
    UnknownType(String),
    /// `set-theme` with a missing or unknown `theme`.
    BadTheme(String),
}

impl fmt::Display for IncomingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OriginNotAllowed(o) => write!(
                f,
                "a message from {o} was ignored: that origin is not listed in the origin= parameter"
            ),
            Self::NoType => f.write_str("a message without a string \"type\" was ignored"),
            Self::UnknownType(t) => write!(
                f,
                "a message of type \"{t}\" was ignored; known types: set-theme"
            ),
            Self::BadTheme(t) => write!(
                f,
                "set-theme with theme {t} was ignored; use \"light\", \"dark\" or \"auto\""
            ),
        }
    }
}

/// Validates a `message` event from the host page: `origin` is the event's `origin`
/// (HTML standard §9.3.3: the only trustworthy statement of who sent it) and must equal one of
/// `allowed_origins` exactly; `data` must be a known command.
pub fn parse_incoming(
    origin: &str,
    data: &Value,
    allowed_origins: &[String],
) -> Result<HostCommand, IncomingError> {
    if !allowed_origins.iter().any(|o| o == origin) {
        return Err(IncomingError::OriginNotAllowed(origin.to_string()));
    }
    let kind = data
        .get("type")
        .and_then(Value::as_str)
        .ok_or(IncomingError::NoType)?;
    match kind {
        "set-theme" => {
            let theme = data.get("theme");
            theme
                .and_then(Value::as_str)
                .and_then(Theme::parse)
                .map(HostCommand::SetTheme)
                .ok_or_else(|| {
                    IncomingError::BadTheme(theme.map_or("(missing)".into(), Value::to_string))
                })
        }
        other => Err(IncomingError::UnknownType(other.to_string())),
    }
}
