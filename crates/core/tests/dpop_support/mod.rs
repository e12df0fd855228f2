//! Shared by the DPoP simulator tests (dpop_simulator.rs, dpop_simulator_api.rs): keys, proofs
//! made with the core's own signing input, request bytes and the simulator with its verdicts.
#![allow(dead_code, unused_imports)]

pub(crate) use cc_core::dpop::{
    ProofClaims, access_token_hash, assemble, jwk_thumbprint, signing_input,
};
pub(crate) use cc_core::encoding::{base64_encode, base64url_decode, base64url_encode};
pub(crate) use cc_core::http::HttpResponse;
pub(crate) use cc_core::simulator::{
    DPOP_IAT_WINDOW_SECS, DPOP_NONCE_ROTATION_SECS, MAX_DPOP_JTIS, Simulator, SimulatorConfig,
    Verdicts,
};
pub(crate) use serde_json::{Value, json};

pub(crate) const NOW: u64 = 1_800_000_000;
pub(crate) const TOKEN_URL: &str = "https://authorization-server.example/oauth2/token";
pub(crate) const API_URL: &str = "https://authorization-server.example/api/orders";
pub(crate) const ID: &str = "my_client_id_123";
pub(crate) const SECRET: &str = "my_secret_456";
pub(crate) const BODY: &str = "grant_type=client_credentials";
pub(crate) const ALGS: &str = "ES256 RS256 PS256 EdDSA";

/// RFC 9449 §4.1's example key; its thumbprint is §6.1's `jkt`.
pub(crate) fn key_a() -> Value {
    json!({"kty": "EC", "crv": "P-256",
        "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
        "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"})
}

/// Another key: an attacker's.
pub(crate) fn key_b() -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})
}

pub(crate) const JKT_A: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

pub(crate) fn claims(jti: &str, htm: &str, htu: &str) -> ProofClaims {
    ProofClaims {
        jti: jti.into(),
        htm: htm.into(),
        htu: htu.into(),
        iat: NOW,
        ath: None,
        nonce: None,
    }
}

pub(crate) fn proof(claims: &ProofClaims) -> String {
    assemble(&signing_input("ES256", &key_a(), claims), &[7; 64])
}

/// A proof with a hand-made header (for the header rules).
pub(crate) fn proof_with_header(header: Value, claims: &ProofClaims) -> String {
    format!(
        "{}.{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_json().to_string().as_bytes()),
        base64url_encode(&[7; 64])
    )
}

pub(crate) fn token_request(proofs: &[&str]) -> Vec<u8> {
    let mut out = format!(
        "POST /oauth2/token HTTP/1.1\r\nHost: authorization-server.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Basic {}\r\n",
        base64_encode(format!("{ID}:{SECRET}").as_bytes())
    );
    for p in proofs {
        out.push_str(&format!("DPoP: {p}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{BODY}", BODY.len()));
    out.into_bytes()
}

pub(crate) fn api_request(authorization: &str, proof: Option<&str>) -> Vec<u8> {
    let mut out = format!(
        "GET /api/orders HTTP/1.1\r\nHost: authorization-server.example\r\nAuthorization: {authorization}\r\n"
    );
    if let Some(p) = proof {
        out.push_str(&format!("DPoP: {p}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

pub(crate) fn sim(change: impl FnOnce(&mut SimulatorConfig)) -> Simulator {
    let mut config = SimulatorConfig::default();
    change(&mut config);
    let mut sim = Simulator::new(config, 9);
    sim.set_signing_key(json!({"kty": "EC", "kid": "k"}));
    sim
}

pub(crate) fn send(sim: &mut Simulator, bytes: &[u8], verified: Option<bool>) -> HttpResponse {
    let verdicts = Verdicts {
        assertion: None,
        dpop: verified,
    };
    sim.handle_bytes_verified(bytes, NOW * 1000, verdicts)
}

pub(crate) fn body(r: &HttpResponse) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

pub(crate) fn header<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The claims of a JWT access token (its payload).
pub(crate) fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64url_decode(payload).unwrap()).unwrap()
}

/// A DPoP-bound token for key A from a fresh simulator.
pub(crate) fn bound_token(sim: &mut Simulator) -> String {
    let r = send(
        sim,
        &token_request(&[&proof(&claims("t-1", "POST", TOKEN_URL))]),
        Some(true),
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    body(&r)["access_token"].as_str().unwrap().to_string()
}

pub(crate) fn api_proof(jti: &str, token: &str) -> ProofClaims {
    ProofClaims {
        ath: Some(access_token_hash(token)),
        ..claims(jti, "GET", API_URL)
    }
}
