//! Choosing the JWKS key that verifies a JWT (RFC 7517 §4, §5; algorithms and key types from
//! RFC 7518 §3.1, §6.1): by `kid`, then by key type, curve, `use` and `key_ops`.

use super::super::assertion::DecodedJwt;
use serde_json::Value;
use std::fmt;

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
        Some(v) => super::super::response::preview(&v.to_string(), 40),
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
