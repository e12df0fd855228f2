//! The simulated protected resource with DPoP-bound tokens (RFC 9449 §7.1, §7.2, §9): the
//! `DPoP` scheme with a proof of the token's key (`cnf.jkt`), `ath`, `htm` and `htu` of the call,
//! each refusal with its status, error and `WWW-Authenticate: DPoP … algs` challenge, and nonces.
#![cfg(not(target_arch = "wasm32"))]

#[path = "dpop_support/mod.rs"]
mod support;

use support::*;

#[test]
fn api_dpop_token_with_valid_proof_served() {
    let mut sim = sim(|_| {});
    let token = bound_token(&mut sim);
    let p = proof(&api_proof("a1", &token));
    let r = send(
        &mut sim,
        &api_request(&format!("DPoP {token}"), Some(&p)),
        Some(true),
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    assert_eq!(body(&r)["client_id"], ID);
}

/// One refusal at the API: the status, error and the challenge it carries.
fn assert_challenge(r: &HttpResponse, status: u16, error: &str) {
    assert_eq!(r.status, status, "{}", r.body_text());
    assert_eq!(body(r)["error"], error);
    let challenge = header(r, "WWW-Authenticate").expect("a challenge");
    assert!(
        challenge.starts_with(&format!("DPoP error=\"{error}\", error_description=\"")),
        "{challenge}"
    );
    assert!(
        challenge.ends_with(&format!("algs=\"{ALGS}\"")),
        "{challenge}"
    );
}

#[test]
fn api_dpop_token_refusals_exact() {
    let mut sim = sim(|_| {});
    let token = bound_token(&mut sim);
    let dpop = format!("DPoP {token}");
    // Bearer use of a DPoP-bound token (§7.2).
    assert_challenge(
        &send(
            &mut sim,
            &api_request(&format!("Bearer {token}"), None),
            None,
        ),
        401,
        "invalid_token",
    );
    // A proof from another key: the stolen-token case (§7.1, cnf.jkt).
    let other = assemble(
        &signing_input("EdDSA", &key_b(), &api_proof("a2", &token)),
        &[1; 64],
    );
    let r = send(&mut sim, &api_request(&dpop, Some(&other)), Some(true));
    assert_challenge(&r, 401, "invalid_dpop_proof");
    assert!(
        header(&r, "WWW-Authenticate")
            .unwrap()
            .contains("not the token's key")
    );
    // ath missing, ath of another token (§4.3 check 12).
    let no_ath = proof(&claims("a3", "GET", API_URL));
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, Some(&no_ath)), Some(true)),
        401,
        "invalid_dpop_proof",
    );
    let wrong_ath = proof(&ProofClaims {
        ath: Some(access_token_hash("x")),
        ..claims("a4", "GET", API_URL)
    });
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, Some(&wrong_ath)), Some(true)),
        401,
        "invalid_dpop_proof",
    );
    // htm and htu of the token request, not of this call.
    let wrong_htm = proof(&ProofClaims {
        htm: "POST".into(),
        ..api_proof("a5", &token)
    });
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, Some(&wrong_htm)), Some(true)),
        401,
        "invalid_dpop_proof",
    );
    let wrong_htu = proof(&ProofClaims {
        htu: TOKEN_URL.into(),
        ..api_proof("a6", &token)
    });
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, Some(&wrong_htu)), Some(true)),
        401,
        "invalid_dpop_proof",
    );
    // The DPoP scheme without a proof.
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, None), None),
        400,
        "invalid_request",
    );
    // The same valid proof twice: replay.
    let p = proof(&api_proof("a7", &token));
    assert_eq!(
        send(&mut sim, &api_request(&dpop, Some(&p)), Some(true)).status,
        200
    );
    assert_challenge(
        &send(&mut sim, &api_request(&dpop, Some(&p)), Some(true)),
        401,
        "invalid_dpop_proof",
    );
    // An unknown token under the DPoP scheme.
    let p = proof(&api_proof("a8", "unknown"));
    assert_challenge(
        &send(&mut sim, &api_request("DPoP unknown", Some(&p)), Some(true)),
        401,
        "invalid_token",
    );
}

#[test]
fn api_bearer_token_under_dpop_scheme_refused_bearer_still_works() {
    let mut sim = sim(|_| {});
    let r = send(&mut sim, &token_request(&[]), None);
    let token = body(&r)["access_token"].as_str().unwrap().to_string();
    let p = proof(&api_proof("b1", &token));
    let r = send(
        &mut sim,
        &api_request(&format!("DPoP {token}"), Some(&p)),
        Some(true),
    );
    assert_challenge(&r, 401, "invalid_token");
    assert!(
        header(&r, "WWW-Authenticate")
            .unwrap()
            .contains("not DPoP-bound")
    );
    assert_eq!(
        send(
            &mut sim,
            &api_request(&format!("Bearer {token}"), None),
            None
        )
        .status,
        200
    );
}

#[test]
fn api_nonce_required_use_dpop_nonce_401_then_served() {
    let mut sim = sim(|c| c.require_dpop_nonce = true);
    let r = send(
        &mut sim,
        &token_request(&[&proof(&claims("t0", "POST", TOKEN_URL))]),
        Some(true),
    );
    let nonce = header(&r, "DPoP-Nonce").unwrap().to_string();
    let with_nonce = ProofClaims {
        nonce: Some(nonce.clone()),
        ..claims("t0", "POST", TOKEN_URL)
    };
    let r = send(&mut sim, &token_request(&[&proof(&with_nonce)]), Some(true));
    let token = body(&r)["access_token"].as_str().unwrap().to_string();
    let dpop = format!("DPoP {token}");
    let r = send(
        &mut sim,
        &api_request(&dpop, Some(&proof(&api_proof("c1", &token)))),
        Some(true),
    );
    assert_challenge(&r, 401, "use_dpop_nonce");
    assert_eq!(header(&r, "DPoP-Nonce"), Some(nonce.as_str()));
    let p = ProofClaims {
        nonce: Some(nonce),
        ..api_proof("c1", &token)
    };
    assert_eq!(
        send(&mut sim, &api_request(&dpop, Some(&proof(&p))), Some(true)).status,
        200
    );
}
