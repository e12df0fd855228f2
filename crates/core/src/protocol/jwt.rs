//! JWT access tokens (RFC 9068; JWS RFC 7515; JWT RFC 7519): claims explained, checked against
//! what was requested, and the key to verify them chosen from a JWKS (RFC 7517). Signature
//! verification itself is done by the browser (WebCrypto) in the app.

use super::assertion::{DecodedJwt, decode};
use super::request::TokenRequest;
use super::token::civil_from_days;
use serde_json::Value;
use std::fmt;

/// One claim, shown with what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    /// Claim name.
    pub name: String,
    /// Its value as displayed (times as UTC and relative to now).
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

/// "in 4 min" / "3 h ago" / "now".
pub fn relative(secs: i64, now: i64) -> String {
    // Saturating: `exp`/`nbf`/`iat` come from the token and may be any i64 (RFC 7519 §2).
    let delta = secs.saturating_sub(now);
    let abs = delta.unsigned_abs();
    let amount = match abs {
        0..=4 => return "now".into(),
        5..=119 => format!("{abs} s"),
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

fn show(name: &str, value: &Value, now: i64) -> String {
    match (name, numeric_date(value)) {
        ("exp" | "nbf" | "iat", Ok(t)) => {
            format!("{value} — {} ({})", utc(t), relative(t, now))
        }
        _ => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

/// Every header member and claim, in order, with its meaning.
pub fn explain(jwt: &DecodedJwt, now_secs: i64) -> (Vec<ClaimRow>, Vec<ClaimRow>) {
    let rows = |v: &Value| -> Vec<ClaimRow> {
        v.as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| ClaimRow {
                        name: k.clone(),
                        value: show(k, v, now_secs),
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
    let h = &jwt.header;
    let c = &jwt.claims;
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
    required_claims(c, issuer.is_none(), &mut out);
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
    let Some(request) = requested else {
        return out;
    };
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
    out
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

/// Why no key could be chosen from a JWKS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyChoiceError {
    /// The JWKS is not `{"keys": [...]}`.
    NotJwks(String),
    /// No key has the token's `kid`.
    UnknownKid(String),
    /// Keys have the token's `kid`, but none may verify its signature (RFC 7517 §4).
    KidUnfit {
        /// The token's `kid`.
        kid: String,
        /// Why the (first) key with that kid does not fit.
        reason: String,
    },
    /// The token has no `kid` and several keys could match.
    Ambiguous(usize),
    /// No key fits the algorithm.
    NoKeyForAlg(String),
    /// `alg` none or a MAC: refused for verification with a JWKS.
    AlgRefused(String),
}

impl fmt::Display for KeyChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJwks(why) => write!(f, "The JWKS is not usable: {why} (RFC 7517 §5)"),
            Self::UnknownKid(kid) => write!(
                f,
                "No key in the JWKS has kid {kid:?}: the key may have been rotated; refresh the JWKS"
            ),
            Self::KidUnfit { kid, reason } => write!(
                f,
                "The JWKS key with kid {kid:?} cannot verify this token: {reason}"
            ),
            Self::Ambiguous(n) => write!(f, "The token has no kid and {n} keys could match"),
            Self::NoKeyForAlg(alg) => write!(f, "No key in the JWKS fits {alg}"),
            Self::AlgRefused(alg) => write!(
                f,
                "alg {alg:?} is refused: only public-key signatures can be verified with a JWKS"
            ),
        }
    }
}

/// The key type a JWS algorithm needs (RFC 7518 §3.1, RFC 8037 §3.1).
pub fn kty_for(alg: &str) -> Option<&'static str> {
    match alg {
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => Some("RSA"),
        "ES256" | "ES384" | "ES512" => Some("EC"),
        "EdDSA" | "Ed25519" => Some("OKP"),
        _ => None,
    }
}

/// The curve a JWS algorithm needs (RFC 7518 §3.4; RFC 8037 §3.1 — Ed25519 is the only EdDSA
/// curve WebCrypto verifies here).
fn crv_for(alg: &str) -> Option<&'static str> {
    match alg {
        "ES256" => Some("P-256"),
        "ES384" => Some("P-384"),
        "ES512" => Some("P-521"),
        "EdDSA" | "Ed25519" => Some("Ed25519"),
        _ => None,
    }
}

/// Why `key` may not verify a JWS signed with `alg`, or `None` when it may (RFC 7517 §4): its
/// `kty` must be the algorithm's family (RFC 7518 §3.1), `use` must be `sig` if present (§4.2),
/// `key_ops` must include `verify` if present (§4.3), `alg` must equal the token's if present
/// (§4.4), and an EC/OKP key must be on the algorithm's curve (RFC 7518 §3.4, RFC 8037 §3.1).
pub fn key_unfit(key: &Value, alg: &str) -> Option<String> {
    let Some(kty) = kty_for(alg) else {
        return Some(format!("{alg:?} is not a public-key signature algorithm"));
    };
    let member = |n: &str| key.get(n).and_then(Value::as_str);
    if member("kty") != Some(kty) {
        return Some(format!(
            "its kty is {}, but {alg} needs {kty} (RFC 7517 §4.1, RFC 7518 §3.1)",
            shown(key.get("kty"))
        ));
    }
    if let Some(u) = key.get("use")
        && u.as_str() != Some("sig")
    {
        return Some(format!("its use is {u}, not \"sig\" (RFC 7517 §4.2)"));
    }
    if let Some(ops) = key.get("key_ops")
        && !ops
            .as_array()
            .is_some_and(|l| l.iter().any(|o| o.as_str() == Some("verify")))
    {
        return Some(format!(
            "its key_ops {} do not include \"verify\" (RFC 7517 §4.3)",
            shown(Some(ops))
        ));
    }
    if let Some(a) = key.get("alg")
        && a.as_str() != Some(alg)
    {
        return Some(format!(
            "its alg is {}, but the token's is {alg} (RFC 7517 §4.4)",
            shown(Some(a))
        ));
    }
    if let Some(crv) = crv_for(alg)
        && member("crv") != Some(crv)
    {
        return Some(format!(
            "its crv is {}, but {alg} needs {crv} (RFC 7518 §3.4, RFC 8037 §3.1)",
            shown(key.get("crv"))
        ));
    }
    None
}

/// A JSON member for a message, cut short (it comes from outside).
fn shown(v: Option<&Value>) -> String {
    match v {
        None => "absent".into(),
        Some(v) => super::response::preview(&v.to_string(), 40),
    }
}

/// Chooses the JWKS key that verifies `jwt` (RFC 7517 §4, §5): among the keys with the token's
/// `kid`, the first that fits its `alg` (see [`key_unfit`]; RFC 7517 §4.5 allows one kid on
/// keys of different types); without a `kid`, the only key that fits. The key is returned
/// whole — `alg`, `use` and `key_ops` included — so that verification (WebCrypto's JWK
/// import) enforces them too.
pub fn choose_key(jwks: &[u8], jwt: &DecodedJwt) -> Result<Value, KeyChoiceError> {
    let alg = jwt
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("none");
    if kty_for(alg).is_none() {
        return Err(KeyChoiceError::AlgRefused(alg.into()));
    }
    let doc: Value =
        serde_json::from_slice(jwks).map_err(|e| KeyChoiceError::NotJwks(e.to_string()))?;
    let keys = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| KeyChoiceError::NotJwks("no \"keys\" array".into()))?;
    match jwt.header.get("kid").and_then(Value::as_str) {
        Some(kid) => {
            let with_kid: Vec<&Value> = keys
                .iter()
                .filter(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
                .collect();
            if let Some(key) = with_kid.iter().find(|k| key_unfit(k, alg).is_none()) {
                return Ok((*key).clone());
            }
            match with_kid.first() {
                None => Err(KeyChoiceError::UnknownKid(kid.into())),
                Some(first) => Err(KeyChoiceError::KidUnfit {
                    kid: kid.into(),
                    reason: key_unfit(first, alg).unwrap_or_default(),
                }),
            }
        }
        None => {
            let candidates: Vec<&Value> = keys
                .iter()
                .filter(|k| key_unfit(k, alg).is_none())
                .collect();
            match candidates.as_slice() {
                [only] => Ok((*only).clone()),
                [] => Err(KeyChoiceError::NoKeyForAlg(alg.into())),
                many => Err(KeyChoiceError::Ambiguous(many.len())),
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use serde_json::json;

    fn jwt(header: Value, claims: Value) -> DecodedJwt {
        DecodedJwt { header, claims }
    }

    #[test]
    fn utc_known_instants_formatted() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_800_000_000), "2027-01-15 08:00:00 UTC");
        assert_eq!(relative(1000 + 240, 1000), "in 4 min");
        assert_eq!(relative(1000 - 3 * 3600, 1000), "3 h ago");
    }

    #[test]
    fn relative_extreme_claim_values_no_overflow() {
        // tests/corpus/jwt/exp_min: `"exp": -9223372036854775808` overflowed the subtraction.
        assert!(relative(i64::MIN, 1_750_000_000).ends_with(" days ago"));
        assert!(relative(i64::MAX, -1).starts_with("in "));
    }

    #[test]
    fn checks_flag_mismatches_with_request() {
        let request = Draft {
            scope: "orders:read orders:write".into(),
            resource: "https://api.example/orders".into(),
            ..Draft::example()
        }
        .validate()
        .unwrap();
        let token = jwt(
            json!({"alg": "ES256", "typ": "at+jwt", "kid": "k"}),
            json!({"exp": 2000, "aud": "https://other.example", "scope": "orders:read", "client_id": "my_client_id_123"}),
        );
        let found = checks(&token, Some(&request), None, 1000);
        let warns: Vec<&str> = found
            .iter()
            .filter(|c| c.verdict == Verdict::Warn)
            .map(|c| c.message.as_str())
            .collect();
        assert_eq!(warns.len(), 2, "{found:?}");
        assert!(warns[0].contains("does not include the requested https://api.example/orders"));
        assert!(warns[1].contains("lacks the requested orders:write"));
        let expired = checks(&token, None, None, 3000);
        assert!(
            expired
                .iter()
                .any(|c| c.verdict == Verdict::Fail && c.message.starts_with("Expired"))
        );
        let none = jwt(json!({"alg": "none"}), json!({}));
        assert_eq!(checks(&none, None, None, 0)[0].verdict, Verdict::Fail);
        let odd = jwt(
            json!({"alg": "ES256"}),
            json!({"iss": "https://evil.example", "exp": 10, "iat": 20}),
        );
        let found = checks(&odd, None, Some("https://as.example"), 0);
        let fails: Vec<&str> = found
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| c.message.as_str())
            .collect();
        assert!(
            fails
                .iter()
                .any(|m| m.starts_with("exp (10) is not after iat (20)")),
            "{fails:?}"
        );
        assert!(
            fails
                .iter()
                .any(|m| m.contains("is not the discovered issuer")),
            "{fails:?}"
        );
    }

    #[test]
    fn choose_key_by_kid_or_type() {
        let jwks = br#"{"keys":[{"kty":"EC","kid":"a","crv":"P-256"},{"kty":"RSA","kid":"b"}]}"#;
        let t = |h: Value| jwt(h, json!({}));
        assert_eq!(
            choose_key(jwks, &t(json!({"alg":"ES256","kid":"a"}))).unwrap()["kid"],
            "a"
        );
        assert_eq!(
            choose_key(jwks, &t(json!({"alg":"RS256"}))).unwrap()["kid"],
            "b"
        );
        assert_eq!(
            choose_key(jwks, &t(json!({"alg":"ES256","kid":"zz"}))),
            Err(KeyChoiceError::UnknownKid("zz".into()))
        );
        assert_eq!(
            choose_key(jwks, &t(json!({"alg":"HS256"}))),
            Err(KeyChoiceError::AlgRefused("HS256".into()))
        );
        assert!(matches!(
            choose_key(b"[]", &t(json!({"alg":"ES256"}))),
            Err(KeyChoiceError::NotJwks(_))
        ));
    }

    #[test]
    fn expiry_disagreement_beyond_tolerance_reported() {
        assert_eq!(expiry_disagreement(1000, 1003, 5), None);
        assert!(
            expiry_disagreement(1000, 1100, 5)
                .unwrap()
                .contains("later")
        );
        assert!(
            expiry_disagreement(1000, 900, 5)
                .unwrap()
                .contains("100 s apart")
        );
    }

    /// A token with every claim RFC 9068 §2.2 requires, valid from 1000 to 2000.
    fn complete(header: Value) -> DecodedJwt {
        jwt(
            header,
            json!({"iss": "https://as.example", "exp": 2000, "aud": "https://api.example",
                   "sub": "c", "client_id": "c", "iat": 1000, "jti": "j1"}),
        )
    }

    fn fails(found: &[Check]) -> Vec<&str> {
        found
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| c.message.as_str())
            .collect()
    }

    #[test]
    fn checks_fractional_exp_read_as_numeric_date() {
        let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
        token.claims["exp"] = json!(2000.5);
        token.claims["iat"] = json!(1000.25);
        let found = checks(&token, None, None, 1500);
        assert!(fails(&found).is_empty(), "{found:?}");
        assert!(found.iter().any(|c| c.message.starts_with("Not expired")));
        let (_, claims) = explain(&token, 1500);
        let exp = claims.iter().find(|r| r.name == "exp").unwrap();
        assert_eq!(exp.time, Some(2000));
        assert!(exp.value.contains("UTC"), "{}", exp.value);
    }

    #[test]
    fn checks_exp_not_a_number_says_so() {
        let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
        token.claims["exp"] = json!("2000");
        let found = checks(&token, None, None, 1500);
        assert!(
            fails(&found)
                .iter()
                .any(|m| m.contains("exp") && m.contains("not a NumericDate")),
            "{found:?}"
        );
    }

    #[test]
    fn checks_missing_required_claims_each_fail() {
        let found = checks(
            &complete(json!({"alg": "ES256", "typ": "at+jwt"})),
            None,
            None,
            1500,
        );
        assert!(fails(&found).is_empty(), "{found:?}");
        for claim in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
            let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
            token.claims.as_object_mut().unwrap().remove(claim);
            let found = checks(&token, None, None, 1500);
            assert!(
                fails(&found).iter().any(
                    |m| m.contains(&format!("No {claim} claim")) && m.contains("RFC 9068 §2.2")
                ),
                "{claim}: {found:?}"
            );
        }
    }

    #[test]
    fn checks_wrong_typ_fails() {
        for header in [
            json!({"alg": "ES256", "typ": "JWT"}),
            json!({"alg": "ES256"}),
        ] {
            let found = checks(&complete(header.clone()), None, None, 1500);
            assert!(
                fails(&found)
                    .iter()
                    .any(|m| m.contains("typ") && m.contains("RFC 9068 §4")),
                "{header}: {found:?}"
            );
        }
    }

    #[test]
    fn choose_key_kid_match_must_fit_kty_use_alg() {
        let t = |h: Value| jwt(h, json!({}));
        let es = json!({"alg": "ES256", "kid": "k"});
        let cases = [
            (
                r#"{"keys":[{"kty":"RSA","kid":"k","n":"x","e":"AQAB"}]}"#,
                "kty",
            ),
            (
                r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","use":"enc"}]}"#,
                "use",
            ),
            (
                r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","alg":"ES384"}]}"#,
                "alg",
            ),
            (r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-384"}]}"#, "crv"),
            (
                r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","key_ops":["encrypt"]}]}"#,
                "key_ops",
            ),
        ];
        for (jwks, why) in cases {
            match choose_key(jwks.as_bytes(), &t(es.clone())) {
                Err(KeyChoiceError::KidUnfit { kid, reason }) => {
                    assert_eq!(kid, "k");
                    assert!(reason.contains(why), "{why}: {reason}");
                }
                other => panic!("{why}: {other:?}"),
            }
        }
        // The same kid on two keys of different types (RFC 7517 §4.5): the one that fits.
        let both = br#"{"keys":[{"kty":"RSA","kid":"k","n":"x","e":"AQAB"},{"kty":"EC","kid":"k","crv":"P-256","use":"sig","alg":"ES256"}]}"#;
        let key = choose_key(both, &t(es.clone())).unwrap();
        assert_eq!(key["kty"], "EC");
        // alg and use are kept for verification (WebCrypto checks them on import).
        assert_eq!(key["alg"], "ES256");
        assert_eq!(key["use"], "sig");
    }

    #[test]
    fn expiry_disagreement_extreme_values_no_overflow() {
        // `exp - expires_at` overflowed for a server JWT exp of i64::MIN.
        let note = expiry_disagreement(1_800_000_000, i64::MIN, 5).unwrap();
        assert!(note.contains("earlier"), "{note}");
        assert!(
            expiry_disagreement(i64::MIN, i64::MAX, 5)
                .unwrap()
                .contains("later")
        );
        assert_eq!(expiry_disagreement(i64::MAX, i64::MAX, 5), None);
        let token = jwt(
            json!({"alg":"ES256"}),
            json!({"nbf": i64::MAX, "exp": i64::MIN, "iat": i64::MAX}),
        );
        let _ = checks(&token, None, None, i64::MAX);
        let _ = checks(&token, None, None, i64::MIN);
    }

    #[test]
    fn decode_access_token_opaque_is_none() {
        assert!(decode_access_token("sim_abcdef").is_none());
        assert!(decode_access_token("a.b").unwrap().is_err());
    }
}
