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

fn show(name: &str, value: &Value, now: i64) -> String {
    match (name, value.as_i64()) {
        ("exp" | "nbf" | "iat", Some(t)) => format!("{t} — {} ({})", utc(t), relative(t, now)),
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
                            .then(|| v.as_i64())
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
        other => out.push(check(Verdict::Warn, format!("typ is {other:?}, not at+jwt: RFC 9068 §2.1 uses it to tell access tokens from ID tokens."))),
    }
    match c.get("exp").and_then(Value::as_i64) {
        Some(exp) if exp > now_secs => out.push(check(
            Verdict::Pass,
            format!("Not expired: exp is {}.", relative(exp, now_secs)),
        )),
        Some(exp) => out.push(check(
            Verdict::Fail,
            format!("Expired {}.", relative(exp, now_secs)),
        )),
        None => out.push(check(
            Verdict::Fail,
            "No exp claim (REQUIRED by RFC 9068 §2.2).",
        )),
    }
    if let (Some(exp), Some(iat)) = (
        c.get("exp").and_then(Value::as_i64),
        c.get("iat").and_then(Value::as_i64),
    ) && exp <= iat
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
    if let Some(nbf) = c.get("nbf").and_then(Value::as_i64)
        && nbf > now_secs + 60
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
        None => out.push(check(
            Verdict::Warn,
            "No client_id claim (REQUIRED by RFC 9068 §2.2).",
        )),
    }
    out
}

/// Why no key could be chosen from a JWKS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyChoiceError {
    /// The JWKS is not `{"keys": [...]}`.
    NotJwks(String),
    /// No key has the token's `kid`.
    UnknownKid(String),
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

/// Chooses the JWKS key that verifies `jwt` (by kid, else the only key of the right type).
pub fn choose_key(jwks: &[u8], jwt: &DecodedJwt) -> Result<Value, KeyChoiceError> {
    let alg = jwt
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("none");
    let kty = kty_for(alg).ok_or_else(|| KeyChoiceError::AlgRefused(alg.into()))?;
    let doc: Value =
        serde_json::from_slice(jwks).map_err(|e| KeyChoiceError::NotJwks(e.to_string()))?;
    let keys = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| KeyChoiceError::NotJwks("no \"keys\" array".into()))?;
    let fits = |k: &&Value| {
        k.get("kty").and_then(Value::as_str) == Some(kty)
            && k.get("use")
                .and_then(Value::as_str)
                .is_none_or(|u| u == "sig")
            && k.get("alg")
                .and_then(Value::as_str)
                .is_none_or(|a| a == alg)
    };
    match jwt.header.get("kid").and_then(Value::as_str) {
        Some(kid) => keys
            .iter()
            .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
            .cloned()
            .ok_or_else(|| KeyChoiceError::UnknownKid(kid.into())),
        None => {
            let candidates: Vec<&Value> = keys.iter().filter(fits).collect();
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
    let delta = exp - expires_at_from_response;
    (delta.abs() > tolerance).then(|| {
        format!(
            "exp says the token expires {} than expires_in does ({} s apart): a clock difference between this computer and the server, or a server that reports them inconsistently.",
            if delta > 0 { "later" } else { "earlier" },
            delta.abs()
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
    use crate::oauth::draft::Draft;
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

    #[test]
    fn decode_access_token_opaque_is_none() {
        assert!(decode_access_token("sim_abcdef").is_none());
        assert!(decode_access_token("a.b").unwrap().is_err());
    }
}
