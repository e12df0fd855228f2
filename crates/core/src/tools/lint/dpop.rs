//! The linter's DPoP rules (RFC 9449): about one proof against the request it was made for
//! (`htu` without query and fragment, `htm`/`htu` matching, `ath` on an API call, `iat` against
//! the server's `Date`), and about what the app recorded over several exchanges (a `jti` used
//! twice, a server that answered `token_type: Bearer` to a DPoP request).

use super::{Finding, Severity, finding};
use crate::dpop::{access_token_hash, decode_proof, normalize_htu};
use crate::request::TokenRequest;
use serde_json::Value;

/// How far a proof's `iat` may be from the server's `Date` before it is flagged, in seconds
/// (servers accept proofs only within a short window, RFC 9449 §4.3 check 11, §11.1).
pub const IAT_SKEW_SECS: i64 = 60;

/// At most this many recorded proofs are examined (the most recent ones): the record grows
/// with every send, the linter's work must not.
pub const MAX_RECORDED_PROOFS: usize = 256;

/// A proof the app sent, with what it was sent for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentProof {
    /// The compact JWS as sent in the `DPoP` header.
    pub proof: String,
    /// The request's method.
    pub method: String,
    /// The request's URL (query included: the rule checks the proof leaves it out).
    pub url: String,
    /// For an API call, the access token it carried (`ath` must be its hash, RFC 9449 §7.1);
    /// `None` for a token request.
    pub access_token: Option<String>,
    /// The server's `Date` header on the answer, seconds since the epoch, when it sent one.
    pub server_date: Option<i64>,
}

/// What the app recorded while DPoP was on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DpopRecord {
    /// Proofs sent, oldest first.
    pub proofs: Vec<SentProof>,
    /// `token_type` of the last successful token response to a request with a proof.
    pub token_type: Option<String>,
}

/// Every DPoP finding for `record`, each code at most once, in rule order.
pub fn lint_dpop(record: &DpopRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    let start = record.proofs.len().saturating_sub(MAX_RECORDED_PROOFS);
    let recent = &record.proofs[start..];
    // At most MAX_RECORDED_PROOFS entries: a linear search is cheap and brings no hasher.
    let mut jtis: Vec<String> = Vec::with_capacity(recent.len());
    for sent in recent {
        let Ok(decoded) = decode_proof(&sent.proof) else {
            continue;
        };
        let claims = &decoded.claims;
        proof_against(claims, &sent.method, &sent.url, &mut out);
        ath(claims, sent.access_token.as_deref(), &mut out);
        skew(claims, sent.server_date, &mut out);
        let jti = claims.get("jti").and_then(Value::as_str);
        if let Some(jti) = jti
            && jtis.iter().any(|seen| seen == jti)
        {
            push_once(
                &mut out,
                finding(
                    Severity::Error,
                    "dpop-jti-reused",
                    format!(
                        "Two DPoP proofs carry the same jti \"{}\": a server refuses the second as a replay.",
                        shorten(jti)
                    ),
                    "RFC 9449 §4.3, §11.1",
                    "Make a fresh proof, with a new random jti, for every request.",
                ),
            );
        } else if let Some(jti) = jti {
            jtis.push(jti.to_string());
        }
    }
    if let Some(token_type) = &record.token_type
        && !token_type.eq_ignore_ascii_case("DPoP")
    {
        out.push(finding(
            Severity::Warning,
            "dpop-ignored",
            format!("The request carried a DPoP proof, but the server answered token_type \"{}\": it ignored DPoP and issued a token anyone holding it can use.", shorten(token_type)),
            "RFC 9449 §5, §7.1",
            "Enable DPoP for this client at the authorization server (e.g. dpop_bound_access_tokens), or expect a bearer token.",
        ));
    }
    out
}

/// The DPoP rules about the request being composed: its proof, once signed, against its own
/// method and token URL.
pub(super) fn lint_request_proof(request: &TokenRequest, out: &mut Vec<Finding>) {
    let Some(proof) = request.dpop.proof() else {
        return;
    };
    if let Ok(decoded) = decode_proof(proof) {
        let (htm, _) = request.dpop_target();
        proof_against(&decoded.claims, htm, &request.token_url.to_string(), out);
    }
}

/// `htu` without query and fragment, and `htm`/`htu` equal to the request's (RFC 9449 §4.2,
/// §4.3 checks 9–10).
fn proof_against(claims: &Value, method: &str, url: &str, out: &mut Vec<Finding>) {
    let htu = claims
        .get("htu")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if htu.contains(['?', '#']) {
        push_once(
            out,
            finding(
                Severity::Error,
                "dpop-htu-query",
                format!(
                    "The DPoP proof's htu \"{}\" has a query or fragment; htu is the target URI without them, and servers compare it exactly.",
                    shorten(htu)
                ),
                "RFC 9449 §4.2",
                "Put the URL without ?query and #fragment in htu.",
            ),
        );
    } else if let Ok(expected) = normalize_htu(url)
        && htu != expected
    {
        push_once(
            out,
            finding(
                Severity::Error,
                "dpop-htu-mismatch",
                format!(
                    "The DPoP proof's htu \"{}\" is not the request's URL \"{}\".",
                    shorten(htu),
                    shorten(&expected)
                ),
                "RFC 9449 §4.3",
                "Make the proof for the URL the request goes to.",
            ),
        );
    }
    let htm = claims
        .get("htm")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if htm != method {
        push_once(
            out,
            finding(
                Severity::Error,
                "dpop-htm-mismatch",
                format!(
                    "The DPoP proof's htm \"{}\" is not the request's method {method}.",
                    shorten(htm)
                ),
                "RFC 9449 §4.3",
                "Make the proof for the method the request uses.",
            ),
        );
    }
}

/// `ath` on a resource request: present and the hash of the token sent (RFC 9449 §7.1).
fn ath(claims: &Value, access_token: Option<&str>, out: &mut Vec<Finding>) {
    let Some(token) = access_token else {
        return;
    };
    match claims.get("ath").and_then(Value::as_str) {
        None => push_once(
            out,
            finding(
                Severity::Error,
                "dpop-ath-missing",
                "The DPoP proof of an API call has no ath: a resource server requires the hash of the access token in it.",
                "RFC 9449 §4.2, §7.1",
                "Add ath = base64url(SHA-256(access token)) to the proof of every API call.",
            ),
        ),
        Some(ath) if ath != access_token_hash(token) => push_once(
            out,
            finding(
                Severity::Error,
                "dpop-ath-mismatch",
                "The DPoP proof's ath is not the hash of the access token the call carries.",
                "RFC 9449 §4.3, §7.1",
                "Compute ath from the exact access token sent in Authorization: DPoP.",
            ),
        ),
        Some(_) => {}
    }
}

/// `iat` within [`IAT_SKEW_SECS`] of the server's `Date` (RFC 9449 §4.3 check 11, §11.1).
fn skew(claims: &Value, server_date: Option<i64>, out: &mut Vec<Finding>) {
    let (Some(date), Some(iat)) = (server_date, claims.get("iat").and_then(Value::as_i64)) else {
        return;
    };
    let off = iat.saturating_sub(date);
    if off.unsigned_abs() > IAT_SKEW_SECS.unsigned_abs() {
        let direction = if off > 0 { "ahead of" } else { "behind" };
        push_once(
            out,
            finding(
                Severity::Warning,
                "dpop-clock-skew",
                format!(
                    "The DPoP proof's iat is {} s {direction} the server's Date: servers accept proofs only within a short window, so this clock difference makes proofs fail.",
                    off.unsigned_abs()
                ),
                "RFC 9449 §4.3, §11.1",
                "Set this computer's clock right (or, when the server sends one, use its DPoP-Nonce).",
            ),
        );
    }
}

fn push_once(out: &mut Vec<Finding>, f: Finding) {
    if !out.iter().any(|o| o.code == f.code) {
        out.push(f);
    }
}

/// A value from a proof as shown in a message: at most 80 characters.
fn shorten(value: &str) -> String {
    if value.chars().count() <= 80 {
        value.to_string()
    } else {
        format!("{}…", value.chars().take(80).collect::<String>())
    }
}
