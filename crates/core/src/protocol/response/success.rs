//! A successful access token response (RFC 6749 §5.1): the members read one by one, with a
//! note for every departure from the RFC that still leaves a usable token.

use super::{ResponseProblem, TokenResponse, kind, preview};
use crate::secret::Secret;
use crate::types::AccessToken;
use serde_json::{Map, Value};

/// The token response in `map` (already known to have no `error` member), with its notes.
pub(super) fn parse_success(
    map: Map<String, Value>,
    status: u16,
) -> Result<TokenResponse, ResponseProblem> {
    let mut notes = Vec::new();
    if !(200..300).contains(&status) {
        notes.push(format!(
            "The token came with HTTP {status}; RFC 6749 §5.1 uses 200 OK."
        ));
    }
    let access_token = access_token(&map, status)?;
    let token_type = token_type(&map, &mut notes)?;
    let expires_in = match map.get("expires_in") {
        None => {
            notes.push(
                "expires_in is absent: the lifetime is unknown (RFC 6749 §5.1 RECOMMENDS it)."
                    .into(),
            );
            None
        }
        Some(value) => expires_in(value, &mut notes),
    };
    let scope = match map.get("scope") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            notes.push(format!("scope should be a string but is {}.", kind(other)));
            None
        }
        None => None,
    };
    if map.contains_key("refresh_token") {
        notes.push(
            "A refresh_token was issued; RFC 6749 §4.4.3 says one SHOULD NOT be included for client credentials."
                .into(),
        );
    }
    let known = ["access_token", "token_type", "expires_in", "scope"];
    let extra = map
        .into_iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k, Secret::new(v)))
        .collect();
    Ok(TokenResponse {
        access_token,
        token_type,
        expires_in,
        scope,
        extra,
        notes,
    })
}

// The two readers below are `#[inline(always)]`: one caller each, and inlined they keep the
// split from adding wasm bytes.

/// `access_token`: REQUIRED, a string (RFC 6749 §5.1).
#[inline(always)]
fn access_token(map: &Map<String, Value>, status: u16) -> Result<AccessToken, ResponseProblem> {
    match map.get("access_token") {
        Some(Value::String(s)) => Ok(AccessToken::new(s.clone())),
        Some(other) => Err(ResponseProblem::WrongType {
            field: "access_token",
            expected: "a string",
            got: kind(other),
        }),
        None => Err(ResponseProblem::MissingField {
            status,
            field: "access_token",
        }),
    }
}

/// `token_type`: REQUIRED, a string, case-insensitive (RFC 6749 §5.1, §7.1); a missing one or
/// one other than Bearer (RFC 6750) is a note, a non-string a problem.
#[inline(always)]
fn token_type(
    map: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> Result<String, ResponseProblem> {
    match map.get("token_type") {
        Some(Value::String(s)) => {
            if !s.eq_ignore_ascii_case("bearer") {
                notes.push(format!(
                    "token_type \"{s}\" is not Bearer (RFC 6750); the client must know how to use it."
                ));
            }
            Ok(s.clone())
        }
        Some(other) => Err(ResponseProblem::WrongType {
            field: "token_type",
            expected: "a string",
            got: kind(other),
        }),
        None => {
            notes.push("token_type is missing; it is REQUIRED (RFC 6749 §5.1).".into());
            Ok(String::new())
        }
    }
}

/// Ten years: beyond this an `expires_in` is treated as a mistake rather than a lifetime.
const ABSURD_SECONDS: f64 = 315_576_000.0;

fn expires_in(value: &Value, notes: &mut Vec<String>) -> Option<u64> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            // Rust's float syntax also reads "NaN", "inf" and "1e400" (∞): not seconds.
            let Some(parsed) = s.trim().parse::<f64>().ok().filter(|n| n.is_finite()) else {
                notes.push(format!(
                    "expires_in is the string \"{}\", not a number of seconds (RFC 6749 §5.1); the lifetime is unknown.",
                    preview(s, 40)
                ));
                return None;
            };
            notes.push(format!(
                "expires_in is the string \"{s}\"; RFC 6749 §5.1 says a number. Accepted."
            ));
            Some(parsed)
        }
        _ => None,
    };
    let Some(seconds) = number.filter(|n| n.is_finite()) else {
        notes.push(format!(
            "expires_in is {}, not a number of seconds; the lifetime is unknown.",
            kind(value)
        ));
        return None;
    };
    if seconds <= 0.0 {
        notes.push(format!(
            "expires_in is {seconds}: the token is already expired when it arrives."
        ));
        return Some(0);
    }
    if seconds > ABSURD_SECONDS {
        notes.push(format!(
            "expires_in is {value} seconds (more than ten years); treated as unknown."
        ));
        return None;
    }
    if seconds.fract() != 0.0 {
        notes.push(format!(
            "expires_in {seconds} is not a whole number of seconds; rounded down."
        ));
    }
    Some(seconds as u64)
}
