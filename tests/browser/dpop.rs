//! DPoP keys and proofs in the browser (`cc_playground::crypto::dpop`): a generated key's
//! private half is not extractable, a proof signed in the page verifies with the `jwk` in its
//! own header (as a server checks it, RFC 9449 §4.3), and the RFC 7638 thumbprint the core
//! computes equals one computed here with WebCrypto's SHA-256.

use cc_playground::crypto::{
    generate_demo_key, generate_dpop_key, import_dpop_key, random_jti, verify_jws,
};
use cc_playground::oauth::assertion::JwtAlg;
use cc_playground::oauth::dpop::{self, ProofClaims};
use cc_playground::oauth::encoding::base64url_encode;
use cc_playground::oauth::http::{Header, HttpResponse};
use cc_playground::state::dpop::{NonceAsk, nonce_asked};
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn claims(ath: Option<String>) -> ProofClaims {
    ProofClaims {
        jti: random_jti(),
        htm: "POST".into(),
        htu: "https://authorization-server.example/oauth2/token".into(),
        iat: (js_sys::Date::now() / 1000.0) as u64,
        ath,
        nonce: None,
    }
}

#[wasm_bindgen_test]
async fn dpop_generated_key_private_half_not_extractable() {
    let key = generate_dpop_key().await.expect("a key");
    assert!(!key.extractable());
    assert_eq!(key.alg.as_str(), "ES256");
    assert_eq!(key.public_jwk["kty"], "EC");
    assert_eq!(key.public_jwk["crv"], "P-256");
    assert!(key.public_jwk.get("d").is_none(), "{}", key.public_jwk);
}

#[wasm_bindgen_test]
async fn dpop_proof_signed_in_page_verifies_with_its_header_jwk() {
    let key = generate_dpop_key().await.unwrap();
    let input = dpop::signing_input(
        "ES256",
        &key.public_jwk,
        &claims(Some(dpop::access_token_hash("tok"))),
    );
    let signature = key.sign(input.as_bytes()).await.unwrap();
    let proof = dpop::assemble(&input, &signature);
    let decoded = dpop::decode_proof(&proof).unwrap();
    assert_eq!(decoded.header["typ"], dpop::DPOP_JWT_TYPE);
    assert_eq!(decoded.claims["ath"], dpop::access_token_hash("tok"));
    assert!(
        verify_jws(&proof, "ES256", &decoded.header["jwk"])
            .await
            .unwrap()
    );
    // Another key's signature over the same input does not verify.
    let other = generate_dpop_key().await.unwrap();
    let forged = dpop::assemble(&input, &other.sign(input.as_bytes()).await.unwrap());
    assert!(
        !verify_jws(&forged, "ES256", &decoded.header["jwk"])
            .await
            .unwrap()
    );
}

#[wasm_bindgen_test]
async fn dpop_thumbprint_of_generated_key_equals_webcrypto_sha256() {
    let key = generate_dpop_key().await.unwrap();
    let jwk = &key.public_jwk;
    // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
    let canonical = format!(
        r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
        jwk["crv"].as_str().unwrap(),
        jwk["x"].as_str().unwrap(),
        jwk["y"].as_str().unwrap()
    );
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let digest = JsFuture::from(
        subtle
            .digest_with_str_and_u8_array("SHA-256", canonical.as_bytes())
            .unwrap(),
    )
    .await
    .unwrap();
    let expected = base64url_encode(&Uint8Array::new(&digest).to_vec());
    assert_eq!(dpop::jwk_thumbprint(jwk).unwrap(), expected);
}

#[wasm_bindgen_test]
async fn dpop_import_private_jwk_non_extractable_and_bad_input_explained() {
    let err = import_dpop_key("not json").await.unwrap_err();
    assert!(err.contains("not a JWK"), "{err}");
    let err = import_dpop_key(r#"{"kty":"EC","crv":"P-256","x":"a","y":"b"}"#)
        .await
        .unwrap_err();
    assert!(err.contains("public JWK"), "{err}");
    let demo = generate_demo_key(JwtAlg::Es256).await.unwrap();
    let key = import_dpop_key(&demo.private_jwk).await.unwrap();
    assert!(!key.extractable());
    assert!(key.public_jwk.get("d").is_none());
    let public: serde_json::Value = serde_json::from_str(&demo.public_jwk).unwrap();
    assert_eq!(
        dpop::jwk_thumbprint(&key.public_jwk),
        dpop::jwk_thumbprint(&public)
    );
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        reason: String::new(),
        headers: headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
        body: body.as_bytes().to_vec(),
    }
}

#[wasm_bindgen_test]
fn dpop_nonce_asked_token_400_api_401_and_unexposed_header() {
    let token = response(
        400,
        &[("DPoP-Nonce", "n-1")],
        r#"{"error":"use_dpop_nonce"}"#,
    );
    assert_eq!(nonce_asked(&token, false), NonceAsk::Retry("n-1".into()));
    // The same answer from an API is not how an API asks (RFC 9449 §9 uses 401).
    assert_eq!(nonce_asked(&token, true), NonceAsk::No);
    let hidden = response(400, &[], r#"{"error":"use_dpop_nonce"}"#);
    assert_eq!(nonce_asked(&hidden, false), NonceAsk::Unreadable);
    let other = response(
        400,
        &[("DPoP-Nonce", "n")],
        r#"{"error":"invalid_dpop_proof"}"#,
    );
    assert_eq!(nonce_asked(&other, false), NonceAsk::No);
    let api = response(
        401,
        &[
            (
                "WWW-Authenticate",
                r#"DPoP error="use_dpop_nonce", algs="ES256""#,
            ),
            ("DPoP-Nonce", "n-2"),
        ],
        "",
    );
    assert_eq!(nonce_asked(&api, true), NonceAsk::Retry("n-2".into()));
    assert_eq!(nonce_asked(&api, false), NonceAsk::No);
}

/// The servers' nonces are kept per origin, the latest only, for a bounded number of servers:
/// the one heard from longest ago is forgotten first (it asks again, RFC 9449 §8).
#[wasm_bindgen_test]
fn dpop_nonces_per_origin_bounded_oldest_forgotten() {
    use cc_playground::state::DpopState;
    use leptos::prelude::RwSignal;
    let dpop = DpopState::new(RwSignal::new(true));
    dpop.remember_nonce("https://as0.example/token", "old");
    dpop.remember_nonce("https://as0.example/token", "n-0");
    assert_eq!(
        dpop.nonce_for("https://as0.example/other").as_deref(),
        Some("n-0")
    );
    for i in 1..100 {
        dpop.remember_nonce(&format!("https://as{i}.example/token"), &format!("n-{i}"));
    }
    assert_eq!(dpop.nonce_for("https://as0.example/token"), None);
    assert_eq!(dpop.nonce_for("https://as67.example/token"), None);
    assert_eq!(
        dpop.nonce_for("https://as68.example/token").as_deref(),
        Some("n-68")
    );
    assert_eq!(
        dpop.nonce_for("https://as99.example/token").as_deref(),
        Some("n-99")
    );
}
