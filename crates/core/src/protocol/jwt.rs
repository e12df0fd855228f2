//! JWT access tokens (RFC 9068; JWS RFC 7515; JWT RFC 7519): claims explained, checked against
//! what was requested, and the key to verify them chosen from a JWKS (RFC 7517). Signature
//! verification itself is done by the browser (WebCrypto) in the app.

use super::assertion::{DecodedJwt, decode};
use super::request::TokenRequest;
use super::token::civil_from_days;
use serde_json::Value;

/// One claim, shown with what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    /// Claim name.
    pub name: String,
    /// Its value as displayed (times as the number and UTC; [`ClaimRow::shown`] adds how far
    /// from now).
    pub value: String,
    /// What it means, with the defining section; empty for unregistered claims.
    pub meaning: &'static str,
    /// For time claims (exp, nbf, iat): the instant in seconds since the epoch, so that the
    /// app can also show it in the user's local time.
    pub time: Option<i64>,
}

fn meaning(name: &str) -> &'static str {
    match name {
        "iss" => "Issuer: the authorization server that issued the token (RFC 7519 §4.1.1).",
        "sub" => "Subject: for client credentials, the client itself (RFC 9068 §2.2).",
        "aud" => {
            "Audience: the resource server(s) that must accept the token (RFC 7519 §4.1.3, RFC 8707)."
        }
        "exp" => "Expiration time (RFC 7519 §4.1.4).",
        "nbf" => "Not before (RFC 7519 §4.1.5).",
        "iat" => "Issued at (RFC 7519 §4.1.6).",
        "jti" => "Unique token id (RFC 7519 §4.1.7).",
        "client_id" => "The client the token was issued to (RFC 9068 §2.2, RFC 8693 §4.3).",
        "scope" => "Granted scopes, space-separated (RFC 9068 §2.2.3).",
        "typ" => "Media type: at+jwt for access tokens (RFC 9068 §2.1).",
        "alg" => "Signature algorithm (RFC 7515 §4.1.1).",
        "kid" => "Key id: which JWKS key verifies the signature (RFC 7515 §4.1.4).",
        _ => "",
    }
}

/// Formats seconds since the epoch as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc(secs: i64) -> String {
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// How far `secs` is from `now` (both seconds since the epoch), to the second below two
/// minutes: "now" only when they are equal, then "in 1 s" / "1 s ago" …, "in 4 min",
/// "3 h ago", "2 days ago" (larger units are floored, so a value never reads as nearer than it
/// is). The caller passes the current second, not a rounded one.
pub fn relative(secs: i64, now: i64) -> String {
    // Saturating: `exp`/`nbf`/`iat` come from the token and may be any i64 (RFC 7519 §2).
    let delta = secs.saturating_sub(now);
    let abs = delta.unsigned_abs();
    let amount = match abs {
        0 => return "now".into(),
        1..=119 => format!("{abs} s"),
        120..=7_199 => format!("{} min", abs / 60),
        7_200..=172_799 => format!("{} h", abs / 3600),
        _ => format!("{} days", abs / 86_400),
    };
    if delta > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// Why a time claim is not a NumericDate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotNumericDate;

/// Reads a NumericDate (RFC 7519 §2): a JSON number of seconds since the epoch, which may have
/// a fraction ("non-integer values can be represented"). The fraction is dropped (rounded
/// towards −∞) and values beyond the `i64` range saturate, so that any number a token carries
/// gives an instant without overflow; a string, boolean or other JSON value is not a
/// NumericDate.
pub fn numeric_date(value: &Value) -> Result<i64, NotNumericDate> {
    let Value::Number(n) = value else {
        return Err(NotNumericDate);
    };
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    if n.as_u64().is_some() {
        return Ok(i64::MAX);
    }
    match n.as_f64() {
        // `as` saturates at the i64 bounds (Rust reference, numeric casts).
        Some(f) if f.is_finite() => Ok(f.floor() as i64),
        _ => Err(NotNumericDate),
    }
}

/// The time claim `name` of `claims` as a NumericDate, when present and numeric.
pub fn time_claim(claims: &Value, name: &str) -> Option<i64> {
    claims.get(name).and_then(|v| numeric_date(v).ok())
}

fn show(name: &str, value: &Value) -> String {
    match (name, numeric_date(value)) {
        ("exp" | "nbf" | "iat", Ok(t)) => format!("{value} — {}", utc(t)),
        _ => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

impl ClaimRow {
    /// The value as displayed at `now_secs`: a time claim with how far it is from now
    /// ([`relative`]), so that "iat" of a fresh token reads "(now)", then "(1 s ago)".
    pub fn shown(&self, now_secs: i64) -> String {
        match self.time {
            Some(t) => format!("{} ({})", self.value, relative(t, now_secs)),
            None => self.value.clone(),
        }
    }
}

/// Every header member and claim, in order, with its meaning.
/// A time claim's `value` is its NumericDate and UTC date; [`ClaimRow::shown`] adds how far it is
/// from now, which changes every second while the rest does not.
pub fn explain(jwt: &DecodedJwt) -> (Vec<ClaimRow>, Vec<ClaimRow>) {
    let rows = |v: &Value| -> Vec<ClaimRow> {
        v.as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| ClaimRow {
                        name: k.clone(),
                        value: show(k, v),
                        meaning: meaning(k),
                        time: matches!(k.as_str(), "exp" | "nbf" | "iat")
                            .then(|| numeric_date(v).ok())
                            .flatten(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    (rows(&jwt.header), rows(&jwt.claims))
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// As expected.
    Pass,
    /// Unusual or not what was asked for.
    Warn,
    /// Wrong: the token will likely be refused, or must not be trusted.
    Fail,
}

/// One check of the token against the spec and the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Outcome.
    pub verdict: Verdict,
    /// What was checked and found.
    pub message: String,
}

fn check(verdict: Verdict, message: impl Into<String>) -> Check {
    Check {
        verdict,
        message: message.into(),
    }
}

/// Checks a JWT access token (RFC 9068 §2, §4) against what was requested.
pub fn checks(
    jwt: &DecodedJwt,
    requested: Option<&TokenRequest>,
    issuer: Option<&str>,
    now_secs: i64,
) -> Vec<Check> {
    let mut out = Vec::new();
    header_checks(&jwt.header, &jwt.claims, &mut out);
    claim_checks(&jwt.claims, issuer, now_secs, &mut out);
    if let Some(request) = requested {
        audience_check(&jwt.claims, request, &mut out);
        scope_check(&jwt.claims, request, &mut out);
        client_checks(&jwt.claims, request, &mut out);
    }
    out
}

/// The signature algorithm, the size and `typ` (RFC 9068 §2.1, §4).
fn header_checks(h: &Value, c: &Value, out: &mut Vec<Check>) {
    let alg = h.get("alg").and_then(Value::as_str).unwrap_or("");
    match alg {
        "none" | "" => out.push(check(Verdict::Fail, "alg is none: the token is unsigned and must not be trusted (RFC 9068 §4).")),
        a if a.starts_with("HS") => out.push(check(Verdict::Warn, format!("alg {a} is a shared-secret MAC: a resource server cannot verify it with a public JWKS."))),
        a => out.push(check(Verdict::Pass, format!("Signed with {a}."))),
    }
    for (part, value, usual) in [("header", h, 1024), ("claims", c, 8192)] {
        let size = value.to_string().len();
        if size > usual {
            out.push(check(
                Verdict::Warn,
                format!(
                    "The {part} is {size} bytes of JSON (usually under {usual}): a token this large may be refused, since servers and proxies limit header fields, often to about 8 KB (RFC 9110 §5.4)."
                ),
            ));
        }
    }
    match h.get("typ").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt") => {
            out.push(check(Verdict::Pass, "typ is at+jwt (RFC 9068 §2.1)."));
        }
        other => out.push(check(Verdict::Fail, format!("typ is {other:?}, not at+jwt: a resource server validating an access token MUST reject it (RFC 9068 §4; §2.1 uses typ to tell access tokens from ID tokens)."))),
    }
}

/// Expiry, the REQUIRED claims, `iss` against the discovered issuer and `nbf` (RFC 9068 §2.2,
/// §4; RFC 7519 §4.1).
fn claim_checks(c: &Value, issuer: Option<&str>, now_secs: i64, out: &mut Vec<Check>) {
    match c.get("exp").map(numeric_date) {
        Some(Ok(exp)) if exp > now_secs => out.push(check(
            Verdict::Pass,
            format!("Not expired: exp is {}.", relative(exp, now_secs)),
        )),
        Some(Ok(exp)) => out.push(check(
            Verdict::Fail,
            format!("Expired {}.", relative(exp, now_secs)),
        )),
        Some(Err(NotNumericDate)) | None => {}
    }
    required_claims(c, issuer.is_none(), out);
    if let (Some(exp), Some(iat)) = (time_claim(c, "exp"), time_claim(c, "iat"))
        && exp <= iat
    {
        out.push(check(
            Verdict::Fail,
            format!("exp ({exp}) is not after iat ({iat})."),
        ));
    }
    if let Some(issuer) = issuer {
        match c.get("iss").and_then(Value::as_str) {
            Some(iss) if iss == issuer => {
                out.push(check(Verdict::Pass, "iss is the discovered issuer."))
            }
            Some(iss) => out.push(check(
                Verdict::Fail,
                format!("iss {iss:?} is not the discovered issuer {issuer:?} (RFC 9068 §4)."),
            )),
            None => out.push(check(
                Verdict::Fail,
                "No iss claim (REQUIRED by RFC 9068 §2.2).",
            )),
        }
    }
    if let Some(nbf) = time_claim(c, "nbf")
        && nbf > now_secs.saturating_add(60)
    {
        out.push(check(
            Verdict::Warn,
            format!("Not valid before {}.", relative(nbf, now_secs)),
        ));
    }
}

/// `aud` includes the requested resources and audience (RFC 8707 §2).
fn audience_check(c: &Value, request: &TokenRequest, out: &mut Vec<Check>) {
    let auds: Vec<&str> = match c.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let wanted: Vec<&str> = request
        .resources
        .iter()
        .map(String::as_str)
        .chain(request.audience.as_deref())
        .collect();
    if !wanted.is_empty() {
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|w| !auds.contains(w))
            .collect();
        if missing.is_empty() {
            out.push(check(
                Verdict::Pass,
                format!("aud includes what was requested ({}).", wanted.join(", ")),
            ));
        } else {
            out.push(check(
                Verdict::Warn,
                format!(
                    "aud {:?} does not include the requested {} (RFC 8707 §2).",
                    auds,
                    missing.join(", ")
                ),
            ));
        }
    }
}

/// `scope` contains every requested scope (RFC 9068 §2.2.3).
fn scope_check(c: &Value, request: &TokenRequest, out: &mut Vec<Check>) {
    let granted: Vec<&str> = c
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let asked = request.scope.tokens();
    if !asked.is_empty() {
        let missing: Vec<&str> = asked
            .iter()
            .map(String::as_str)
            .filter(|s| !granted.contains(s))
            .collect();
        if missing.is_empty() {
            out.push(check(
                Verdict::Pass,
                "scope contains every requested scope.",
            ));
        } else {
            out.push(check(
                Verdict::Warn,
                format!(
                    "scope lacks the requested {} (granted: {:?}).",
                    missing.join(" "),
                    granted.join(" ")
                ),
            ));
        }
    }
}

/// `sub` and `client_id` name the client that asked (RFC 9068 §2.2).
fn client_checks(c: &Value, request: &TokenRequest, out: &mut Vec<Check>) {
    let client = match &request.auth {
        super::request::ClientAuth::Basic { id, .. }
        | super::request::ClientAuth::Post { id, .. }
        | super::request::ClientAuth::Jwt { id, .. }
        | super::request::ClientAuth::None { id } => id.as_str(),
    };
    if let Some(sub) = c.get("sub").and_then(Value::as_str)
        && sub != client
    {
        out.push(check(
            Verdict::Warn,
            format!("sub {sub:?} is not the client ({client:?}); for client credentials RFC 9068 §2.2 uses the client as subject."),
        ));
    }
    match c.get("client_id").and_then(Value::as_str) {
        Some(id) if id == client => out.push(check(Verdict::Pass, "client_id is this client.")),
        Some(id) => out.push(check(
            Verdict::Warn,
            format!("client_id {id:?} is not the client that asked ({client:?})."),
        )),
        None => {} // reported by `required_claims`
    }
}

/// RFC 9068 §2.2: `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti` are REQUIRED in a
/// JWT access token; each one missing (or, for the times, not a NumericDate, RFC 7519 §2) is a
/// failure. `iss` is checked here only when no issuer is known (otherwise it is compared with
/// the issuer, which also reports it missing).
fn required_claims(c: &Value, check_iss: bool, out: &mut Vec<Check>) {
    for name in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
        if name == "iss" && !check_iss {
            continue;
        }
        let present = c.get(name).filter(|v| !v.is_null());
        match (name, present) {
            (_, None) => out.push(check(
                Verdict::Fail,
                format!("No {name} claim (REQUIRED by RFC 9068 §2.2)."),
            )),
            ("exp" | "iat", Some(v)) if numeric_date(v).is_err() => out.push(check(
                Verdict::Fail,
                format!(
                    "{name} is {v}, not a NumericDate (a number of seconds, RFC 7519 §2; REQUIRED by RFC 9068 §2.2)."
                ),
            )),
            _ => {}
        }
    }
}

/// Compares the lifetime from `expires_in` with the JWT's `exp` (both in seconds since the
/// epoch): a difference above `tolerance` is worth telling (a clock skew or a server bug).
pub fn expiry_disagreement(
    expires_at_from_response: i64,
    exp: i64,
    tolerance: i64,
) -> Option<String> {
    // Both come from outside (the token and the response): i128 holds any difference.
    let delta = i128::from(exp) - i128::from(expires_at_from_response);
    (delta.unsigned_abs() > u128::from(tolerance.unsigned_abs())).then(|| {
        format!(
            "exp says the token expires {} than expires_in does ({} s apart): a clock difference between this computer and the server, or a server that reports them inconsistently.",
            if delta > 0 { "later" } else { "earlier" },
            delta.unsigned_abs()
        )
    })
}

/// Decodes a token if it is a JWT; `None` for opaque tokens (RFC 6749 §1.4: the format is the
/// server's business).
pub fn decode_access_token(token: &str) -> Option<Result<DecodedJwt, String>> {
    let dots = token.matches('.').count();
    if dots == 0 {
        return None;
    }
    Some(decode(token).map_err(|e| format!("The token {e}")))
}

mod keys;

pub use keys::{KeyChoiceError, choose_key, key_unfit, kty_for};

#[cfg(test)]
mod tests;
