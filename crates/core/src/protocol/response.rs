//! Parsing the token endpoint's answer: a successful response (RFC 6749 §5.1), an error
//! response (RFC 6749 §5.2, unknown codes kept), or a precise description of what came instead.

mod success;

use super::http::HttpResponse;
use super::secret::Secret;
use super::types::AccessToken;
use serde_json::{Map, Value};
use std::fmt;
use success::parse_success;

/// A successful access token response (RFC 6749 §5.1).
#[derive(Clone, Debug, PartialEq)]
pub struct TokenResponse {
    /// `access_token` (REQUIRED).
    pub access_token: AccessToken,
    /// `token_type` (REQUIRED), e.g. `Bearer` (case-insensitive, RFC 6749 §7.1).
    pub token_type: String,
    /// `expires_in` in seconds (RECOMMENDED), when usable.
    pub expires_in: Option<u64>,
    /// `scope` as granted; `None` means "as requested" (RFC 6749 §5.1, §3.3).
    pub scope: Option<String>,
    /// Other members, by name, e.g. `refresh_token` (RFC 6749 §1.5, a credential) or
    /// provider extensions, each value a [`Secret`] since any of them may be one: `Debug` shows
    /// the names only.
    pub extra: Vec<(String, Secret<Value>)>,
    /// Remarks about how the response departs from RFC 6749 §5.1 (shown to the user).
    pub notes: Vec<String>,
}

/// An error response (RFC 6749 §5.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    /// The HTTP status it came with.
    pub status: u16,
    /// `error` code, kept even when not one of the registered codes.
    pub error: String,
    /// `error_description`, if any.
    pub error_description: Option<String>,
    /// `error_uri`, if any.
    pub error_uri: Option<String>,
}

impl ErrorResponse {
    /// A plain-language explanation of a registered error code, for the client credentials grant.
    pub fn explanation(&self) -> &'static str {
        match self.error.as_str() {
            "invalid_request" => {
                "The request is malformed: a parameter is missing, repeated, or unsupported (RFC 6749 §5.2)."
            }
            "invalid_client" => {
                "Client authentication failed: unknown client id, wrong secret, or an authentication method the client is not registered for (RFC 6749 §5.2)."
            }
            "invalid_grant" => "The grant is invalid or expired (RFC 6749 §5.2).",
            "unauthorized_client" => {
                "This client is not allowed to use the client credentials grant (RFC 6749 §5.2)."
            }
            "unsupported_grant_type" => {
                "The server does not support this grant_type (RFC 6749 §5.2)."
            }
            "invalid_scope" => {
                "A requested scope is unknown or not allowed for this client (RFC 6749 §5.2)."
            }
            "invalid_target" => "The requested resource is invalid or not allowed (RFC 8707 §2).",
            _ => "Not an error code registered by RFC 6749 §5.2; see the description.",
        }
    }
}

/// What the response was instead of a token or an error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseProblem {
    /// The body is not JSON (e.g. an HTML error page).
    NotJson {
        /// HTTP status.
        status: u16,
        /// The `Content-Type` header, if readable.
        content_type: Option<String>,
        /// The start of the body, for display.
        first_bytes: String,
    },
    /// The body is not UTF-8, which JSON must be (RFC 8259 §8.1).
    NotUtf8 {
        /// HTTP status.
        status: u16,
        /// Offset of the first invalid byte.
        offset: usize,
        /// That byte.
        byte: u8,
    },
    /// No body at all.
    Empty {
        /// HTTP status.
        status: u16,
    },
    /// JSON, but not an object.
    NotObject {
        /// HTTP status.
        status: u16,
        /// What kind of JSON value it was.
        kind: &'static str,
    },
    /// A required member is absent.
    MissingField {
        /// HTTP status.
        status: u16,
        /// The member's name.
        field: &'static str,
    },
    /// A member has the wrong JSON type.
    WrongType {
        /// The member's name.
        field: &'static str,
        /// What RFC 6749 requires.
        expected: &'static str,
        /// What came.
        got: &'static str,
    },
}

impl fmt::Display for ResponseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson {
                status,
                content_type,
                first_bytes,
            } => write!(
                f,
                "Expected a JSON object (RFC 6749 §5.1) but got HTTP {status} with {} starting with {first_bytes:?}",
                content_type
                    .as_deref()
                    .map(|c| format!("Content-Type {c}"))
                    .unwrap_or_else(|| "no Content-Type".into())
            ),
            Self::NotUtf8 {
                status,
                offset,
                byte,
            } => write!(
                f,
                "HTTP {status}: the body is not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); JSON text must be UTF-8 (RFC 8259 §8.1)"
            ),
            Self::Empty { status } => write!(
                f,
                "Expected a JSON object (RFC 6749 §5.1) but got HTTP {status} with an empty body"
            ),
            Self::NotObject { status, kind } => write!(
                f,
                "Expected a JSON object (RFC 6749 §5.1) but got HTTP {status} with {kind} instead"
            ),
            Self::MissingField { status, field } => write!(
                f,
                "HTTP {status}: the JSON object has neither an error code nor the required \"{field}\" member (RFC 6749 §5.1)"
            ),
            Self::WrongType {
                field,
                expected,
                got,
            } => write!(
                f,
                "\"{field}\" must be {expected} but is {got} (RFC 6749 §5.1)"
            ),
        }
    }
}

/// The meaning of a token endpoint response.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenOutcome {
    /// A token was issued (RFC 6749 §5.1).
    Token(TokenResponse),
    /// The server refused (RFC 6749 §5.2).
    Error(ErrorResponse),
    /// Something else came back.
    Problem(ResponseProblem),
}

/// How the granted scope differs from the requested one (RFC 6749 §3.3: the server may grant
/// less or more, and then MUST return `scope`). `None` when they agree or scope was absent.
pub fn scope_difference(requested: &[String], granted: Option<&str>) -> Option<String> {
    let granted: Vec<&str> = granted?.split_whitespace().collect();
    let missing: Vec<&str> = requested
        .iter()
        .map(String::as_str)
        .filter(|r| !granted.contains(r))
        .collect();
    let extra: Vec<&str> = granted
        .iter()
        .copied()
        .filter(|g| !requested.iter().any(|r| r == g))
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("not granted: {}", missing.join(" ")));
    }
    if !extra.is_empty() && !requested.is_empty() {
        parts.push(format!("granted without being asked: {}", extra.join(" ")));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "Scope differs from the request — {} (RFC 6749 §3.3).",
            parts.join("; ")
        )
    })
}

/// The credential values in a token response body (access, refresh and ID tokens), so that a
/// display can mask them like the request's secrets.
pub fn secret_values(body: &[u8]) -> Vec<String> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    ["access_token", "refresh_token", "id_token"]
        .iter()
        .filter_map(|k| map.get(*k).and_then(Value::as_str))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// `text` (a response body) with every secret value replaced by the mask, compared by the
/// *decoded* value of each JSON string literal (RFC 8259 §7: `\/`, `\u0041`, surrogate pairs
/// spell the same token differently), and with the values of credential members
/// (`access_token`, `refresh_token`, `id_token` …) masked even when `secrets` misses them (a
/// body serde cannot parse). See [`super::mask::mask_json_text`].
pub fn mask_secrets(text: &str, secrets: &[String]) -> String {
    super::mask::mask_json_text(text, secrets)
}

/// How many characters of an unexpected body are shown.
const PREVIEW_CHARS: usize = 200;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `text` cut to `max_chars` characters for display, saying how long it really is.
pub fn preview(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_string();
    }
    let head: String = text.chars().take(max_chars).collect();
    format!("{head}… ({count} characters in all)")
}

/// Interprets a token endpoint response (RFC 6749 §5.1 / §5.2). Never panics.
pub fn parse(response: &HttpResponse) -> TokenOutcome {
    let status = response.status;
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return TokenOutcome::Problem(ResponseProblem::Empty { status });
    }
    if let Err(e) = std::str::from_utf8(&response.body) {
        let offset = e.valid_up_to();
        return TokenOutcome::Problem(ResponseProblem::NotUtf8 {
            status,
            offset,
            byte: response.body[offset],
        });
    }
    let duplicates = duplicate_members(&response.body);
    let value: Value = match serde_json::from_slice(&response.body) {
        Ok(v) => v,
        Err(_) => {
            return TokenOutcome::Problem(ResponseProblem::NotJson {
                status,
                content_type: response.header("content-type").map(str::to_string),
                first_bytes: response.body_text().chars().take(PREVIEW_CHARS).collect(),
            });
        }
    };
    let Value::Object(map) = value else {
        return TokenOutcome::Problem(ResponseProblem::NotObject {
            status,
            kind: kind(&value),
        });
    };
    if let Some(error) = map.get("error") {
        return match error {
            Value::String(code) => TokenOutcome::Error(ErrorResponse {
                status,
                error: code.clone(),
                error_description: string_member(&map, "error_description"),
                error_uri: string_member(&map, "error_uri"),
            }),
            other => TokenOutcome::Problem(ResponseProblem::WrongType {
                field: "error",
                expected: "a string",
                got: kind(other),
            }),
        };
    }
    match parse_success(map, status) {
        Ok(mut token) => {
            if !has_no_store(response) {
                token.notes.push(
                    "The response has no Cache-Control: no-store; the server MUST send it with every response carrying a token (RFC 6749 §5.1), so that no cache keeps the token.".into(),
                );
            }
            for name in duplicates {
                token.notes.push(format!(
                    "The member \"{name}\" appears more than once; names SHOULD be unique (RFC 8259 §4). This playground used the last one, as most parsers do, but others take the first: fix the server."
                ));
            }
            TokenOutcome::Token(token)
        }
        Err(problem) => TokenOutcome::Problem(problem),
    }
}

/// Whether a `Cache-Control` field of the response has the `no-store` directive (RFC 9111
/// §5.2: comma-separated directives, names case-insensitive, possibly `name=value`).
fn has_no_store(response: &HttpResponse) -> bool {
    response
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("cache-control"))
        .flat_map(|h| h.value.split(','))
        .any(|d| {
            d.split('=')
                .next()
                .unwrap_or_default()
                .trim()
                .eq_ignore_ascii_case("no-store")
        })
}

/// The names of members that appear twice in the top-level JSON object of `body` (serde_json
/// keeps the last silently). Empty when the body is not such an object.
pub fn duplicate_members(body: &[u8]) -> Vec<String> {
    use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Names(Vec<String>);
    impl<'de> Deserialize<'de> for Names {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Names;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
                    let mut seen: Vec<String> = Vec::new();
                    let mut twice = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        map.next_value::<IgnoredAny>()?;
                        if seen.contains(&key) {
                            if !twice.contains(&key) {
                                twice.push(key);
                            }
                        } else {
                            seen.push(key);
                        }
                    }
                    Ok(Names(twice))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_slice::<Names>(body)
        .map(|n| n.0)
        .unwrap_or_default()
}

fn string_member(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Pins for the notes on token responses (RFC 6749 §5.1), kept apart from the masking tests.
#[cfg(test)]
mod notes_tests;

#[cfg(test)]
mod tests;
