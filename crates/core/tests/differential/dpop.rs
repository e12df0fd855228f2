//! The DPoP rows of the differential test (RFC 9449): token requests with proofs signed by node
//! with the fixture key (its public JWK in the proof header), sent to the simulator and to
//! oidc-provider with its `dPoP` feature on. `dpop_client` is registered on both sides with
//! `dpop_bound_access_tokens` (RFC 9449 §5.2).

use super::{Case, GRANT, ID, SECRET, TOKEN_URL, basic, case, es256_signatures, now_secs, token};
use cc_core::encoding::base64url_encode;
use serde_json::{Value, json};

/// The client that must use DPoP (differential-server.mjs registers its twin).
pub(super) const DPOP_ID: &str = "dpop_client";
/// Its secret (client_secret_basic).
pub(super) const DPOP_SECRET: &str = "dpop_secret_321";
/// How many cases [`cases`] makes.
pub(super) const DPOP_CASES: usize = 17;

fn encode(value: &Value) -> String {
    base64url_encode(value.to_string().as_bytes())
}

/// The DPoP cases, proofs signed by node: (name, proof header, claims, signed with another key).
pub(super) fn cases() -> Vec<Case> {
    let (_, jwk) = es256_signatures(&[("probe", false)]);
    let now = now_secs();
    let claims = |jti: &str| json!({"jti": jti, "htm": "POST", "htu": TOKEN_URL, "iat": now});
    let with = |jti: &str, name: &str, value: Value| {
        let mut c = claims(jti);
        c[name] = value;
        c
    };
    let header = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk});
    let plans: Vec<(&'static str, Value, Value, bool)> = vec![
        ("DPoP, ES256 proof", header.clone(), claims("dpop-1"), false),
        (
            "DPoP, typ JWT",
            json!({"typ": "JWT", "alg": "ES256", "jwk": jwk}),
            claims("dpop-2"),
            false,
        ),
        (
            "DPoP, no jwk in the header",
            json!({"typ": "dpop+jwt", "alg": "ES256"}),
            claims("dpop-3"),
            false,
        ),
        (
            "DPoP, htm GET",
            header.clone(),
            with("dpop-4", "htm", "GET".into()),
            false,
        ),
        (
            "DPoP, htu of another server",
            header.clone(),
            with("dpop-5", "htu", "https://other.example/oauth2/token".into()),
            false,
        ),
        (
            "DPoP, htu with a query",
            header.clone(),
            with("dpop-6", "htu", format!("{TOKEN_URL}?x=1").into()),
            false,
        ),
        (
            "DPoP, iat an hour ago",
            header.clone(),
            with("dpop-7", "iat", (now - 3600).into()),
            false,
        ),
        (
            "DPoP, iat two minutes ago",
            header.clone(),
            with("dpop-8", "iat", (now - 120).into()),
            false,
        ),
        (
            "DPoP, no jti",
            header.clone(),
            json!({"htm": "POST", "htu": TOKEN_URL, "iat": now}),
            false,
        ),
        (
            "DPoP, signed with another key",
            header.clone(),
            claims("dpop-9"),
            true,
        ),
        (
            "DPoP, first use",
            header.clone(),
            claims("dpop-replayed"),
            false,
        ),
        (
            "DPoP-bound client, with a proof",
            header.clone(),
            claims("dpop-bound"),
            false,
        ),
        (
            "DPoP, two DPoP headers",
            header,
            claims("dpop-twice"),
            false,
        ),
    ];
    let inputs: Vec<String> = plans
        .iter()
        .map(|(_, h, c, _)| format!("{}.{}", encode(h), encode(c)))
        .collect();
    let pairs: Vec<(&str, bool)> = inputs
        .iter()
        .map(String::as_str)
        .zip(plans.iter().map(|p| p.3))
        .collect();
    let (signatures, _) = es256_signatures(&pairs);
    let auth = basic(ID, SECRET);
    let bound_auth = basic(DPOP_ID, DPOP_SECRET);
    let mut out = Vec::new();
    let mut first_use = String::new();
    for ((name, ..), (input, signature)) in plans.iter().zip(inputs.iter().zip(signatures)) {
        let proof = format!("{input}.{signature}");
        let bytes = match *name {
            "DPoP-bound client, with a proof" => {
                token(&[("Authorization", &bound_auth), ("DPoP", &proof)], GRANT)
            }
            "DPoP, two DPoP headers" => token(
                &[("Authorization", &auth), ("DPoP", &proof), ("DPoP", &proof)],
                GRANT,
            ),
            _ => token(&[("Authorization", &auth), ("DPoP", &proof)], GRANT),
        };
        if *name == "DPoP, first use" {
            first_use = proof;
        }
        out.push(case(name, bytes));
    }
    let unsigned = format!(
        "{}.{}.",
        encode(&json!({"typ": "dpop+jwt", "alg": "none", "jwk": jwk})),
        encode(&claims("dpop-none"))
    );
    out.extend([
        case(
            "DPoP, replayed",
            token(&[("Authorization", &auth), ("DPoP", &first_use)], GRANT),
        ),
        case(
            "DPoP, alg none",
            token(&[("Authorization", &auth), ("DPoP", &unsigned)], GRANT),
        ),
        case(
            "DPoP, not a JWT",
            token(&[("Authorization", &auth), ("DPoP", "not-a-jwt")], GRANT),
        ),
        case(
            "DPoP-bound client, no proof",
            token(&[("Authorization", &bound_auth)], GRANT),
        ),
    ]);
    out
}
