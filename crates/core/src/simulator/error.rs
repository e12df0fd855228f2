//! What the simulated server answers with when it refuses: an OAuth error (RFC 6749 §5.2),
//! the members Microsoft Entra adds to it, and the JSON response every endpoint sends.

use crate::http::{Header, HttpResponse};
use serde_json::{Value, json};

/// An OAuth error to answer with (RFC 6749 §5.2).
pub(super) struct OAuthError {
    pub(super) status: u16,
    pub(super) code: &'static str,
    pub(super) description: String,
    pub(super) basic_challenge: bool,
    /// The RFC section of the rule that decided it (for the server log).
    pub(super) rule: &'static str,
    /// The Microsoft Entra error code the Entra-like profile reports.
    pub(super) aadsts: u32,
}

pub(super) fn oauth_error(
    status: u16,
    code: &'static str,
    rule: &'static str,
    description: impl Into<String>,
) -> OAuthError {
    OAuthError {
        status,
        code,
        description: description.into(),
        basic_challenge: false,
        rule,
        aadsts: 0,
    }
}

/// Adds what Microsoft Entra puts in every error body (`error_codes`, `timestamp`, `trace_id`,
/// `correlation_id`) and prefixes the description with the AADSTS code.
pub(super) fn entra_error_members(body: &mut Value, aadsts: u32, now_ms: u64) {
    let code = if aadsts == 0 { 7_000_215 } else { aadsts };
    if let Some(description) = body.get("error_description").and_then(Value::as_str) {
        body["error_description"] = format!("AADSTS{code}: {description}").into();
    }
    let secs = (now_ms / 1000) as i64;
    let (y, m, d) = crate::token::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    body["error_codes"] = json!([code]);
    body["timestamp"] = format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
    .into();
    body["trace_id"] = "00000000-0000-0000-0000-simulated000".into();
    body["correlation_id"] = "00000000-0000-0000-0000-simulated001".into();
}

/// A JSON response with the caching headers RFC 6749 §5.1 requires.
pub(super) fn json_response(status: u16, mut headers: Vec<Header>, body: &Value) -> HttpResponse {
    let body = body.to_string();
    headers.splice(
        0..0,
        [
            Header::new("Content-Type", "application/json;charset=UTF-8"),
            Header::new("Cache-Control", "no-store"),
            Header::new("Pragma", "no-cache"),
            Header::new("Content-Length", body.len().to_string()),
        ],
    );
    HttpResponse::new(status, headers, body)
}
