//! The simulated server's DPoP rules (RFC 9449), one table row per refusal at the token
//! endpoint (§4.3, §5, §8) with its exact status, error and headers, then the bound token
//! (`token_type: DPoP`, `cnf.jkt`, introspection), nonces, replay, the `iat` window and garbage
//! proofs (the API in dpop_simulator_api.rs). Signatures are "verified" as the app
//! would report it (`Verdicts::dpop`), since the core has no ECDSA.
#![cfg(not(target_arch = "wasm32"))]

#[path = "dpop_support/mod.rs"]
mod support;

use support::*;

#[test]
fn token_endpoint_valid_proof_issues_dpop_bound_token() {
    let mut sim = sim(|_| {});
    let r = send(
        &mut sim,
        &token_request(&[&proof(&claims("j1", "POST", TOKEN_URL))]),
        Some(true),
    );
    assert_eq!(r.status, 200);
    let b = body(&r);
    assert_eq!(b["token_type"], "DPoP");
    let token = b["access_token"].as_str().unwrap();
    assert_eq!(jwt_claims(token)["cnf"], json!({"jkt": JKT_A}));
    assert_eq!(jwk_thumbprint(&key_a()).unwrap(), JKT_A);
    assert!(sim.last_log().iter().any(|l| l.rule == "RFC 9449 §6.1"));
    // No nonce demanded, none sent.
    assert_eq!(header(&r, "DPoP-Nonce"), None);
}

#[test]
fn token_endpoint_no_proof_bearer_as_before() {
    let mut sim = sim(|_| {});
    let r = send(&mut sim, &token_request(&[]), None);
    assert_eq!(r.status, 200);
    assert_eq!(body(&r)["token_type"], "Bearer");
    let token = body(&r)["access_token"].as_str().unwrap().to_string();
    assert_eq!(jwt_claims(&token).get("cnf"), None);
}

#[test]
fn introspection_dpop_token_returns_cnf() {
    let mut sim = sim(|_| {});
    let token = bound_token(&mut sim);
    let form = format!("token={token}");
    let bytes = format!(
        "POST /oauth2/introspect HTTP/1.1\r\nHost: authorization-server.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nAuthorization: Basic {}\r\n\
         Content-Length: {}\r\n\r\n{form}",
        base64_encode(format!("{ID}:{SECRET}").as_bytes()),
        form.len()
    );
    let r = send(&mut sim, bytes.as_bytes(), None);
    assert_eq!(r.status, 200);
    let b = body(&r);
    assert_eq!(b["active"], true);
    assert_eq!(b["token_type"], "DPoP");
    assert_eq!(b["cnf"], json!({"jkt": JKT_A}));
}

/// One refusal at the token endpoint: the proof(s), the verdict, the error and a phrase of its
/// description.
struct Refusal {
    name: &'static str,
    proofs: Vec<String>,
    verified: Option<bool>,
    error: &'static str,
    says: &'static str,
}

fn refusals() -> Vec<Refusal> {
    let ok = claims("r", "POST", TOKEN_URL);
    let header = |h: Value| proof_with_header(h, &ok);
    let mut private = key_a();
    private["d"] = json!("private");
    let at = |iat: u64| ProofClaims { iat, ..ok.clone() };
    let row = |name, proofs: Vec<String>, verified, error, says| Refusal {
        name,
        proofs,
        verified,
        error,
        says,
    };
    vec![
        row(
            "two DPoP headers (§4.3 check 1)",
            vec![proof(&ok), proof(&ok)],
            Some(true),
            "invalid_dpop_proof",
            "more than one DPoP header",
        ),
        row(
            "not a JWS (§4.3 check 2)",
            vec!["not-a-jwt".into()],
            None,
            "invalid_dpop_proof",
            "segment(s)",
        ),
        row(
            "typ JWT (§4.3 check 4)",
            vec![header(
                json!({"typ": "JWT", "alg": "ES256", "jwk": key_a()}),
            )],
            Some(true),
            "invalid_dpop_proof",
            "typ must be dpop+jwt",
        ),
        row(
            "alg none (§4.3 check 5)",
            vec![header(
                json!({"typ": "dpop+jwt", "alg": "none", "jwk": key_a()}),
            )],
            None,
            "invalid_dpop_proof",
            "\"none\" is not accepted",
        ),
        row(
            "alg HS256 (§4.3 check 5)",
            vec![header(
                json!({"typ": "dpop+jwt", "alg": "HS256", "jwk": key_a()}),
            )],
            None,
            "invalid_dpop_proof",
            "\"HS256\" is not accepted",
        ),
        row(
            "no jwk (§4.2)",
            vec![header(json!({"typ": "dpop+jwt", "alg": "ES256"}))],
            None,
            "invalid_dpop_proof",
            "no jwk object",
        ),
        row(
            "private jwk (§4.3 check 7)",
            vec![header(
                json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": private}),
            )],
            Some(true),
            "invalid_dpop_proof",
            "contains a private key",
        ),
        row(
            "signature does not verify (§4.3 check 6)",
            vec![proof(&ok)],
            Some(false),
            "invalid_dpop_proof",
            "does not verify with its jwk",
        ),
        row(
            "htm GET (§4.3 check 8)",
            vec![proof(&claims("r", "GET", TOKEN_URL))],
            Some(true),
            "invalid_dpop_proof",
            "htm \"GET\"",
        ),
        row(
            "htu of another server (§4.3 check 9)",
            vec![proof(&claims(
                "r",
                "POST",
                "https://other.example/oauth2/token",
            ))],
            Some(true),
            "invalid_dpop_proof",
            "is not this request's URL",
        ),
        row(
            "iat 61 s old (§4.3 check 11)",
            vec![proof(&at(NOW - DPOP_IAT_WINDOW_SECS - 1))],
            Some(true),
            "invalid_dpop_proof",
            "61 s from the server's clock",
        ),
        row(
            "iat 61 s ahead (§4.3 check 11)",
            vec![proof(&at(NOW + DPOP_IAT_WINDOW_SECS + 1))],
            Some(true),
            "invalid_dpop_proof",
            "61 s from the server's clock",
        ),
        row(
            "no jti (§4.2)",
            vec![
                header(json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": key_a()})).replace(
                    &base64url_encode(ok.to_json().to_string().as_bytes()),
                    &base64url_encode(br#"{"htm":"POST","htu":"x","iat":1}"#),
                ),
            ],
            Some(true),
            "invalid_dpop_proof",
            "must have jti, htm and htu",
        ),
        row(
            "over 8 KiB",
            vec![format!("e30.{}.", "A".repeat(9000))],
            None,
            "invalid_dpop_proof",
            "refused unread",
        ),
    ]
}

#[test]
fn token_endpoint_each_proof_rule_refuses_with_invalid_dpop_proof() {
    for row in refusals() {
        let mut sim = sim(|_| {});
        let proofs: Vec<&str> = row.proofs.iter().map(String::as_str).collect();
        let r = send(&mut sim, &token_request(&proofs), row.verified);
        assert_eq!(r.status, 400, "{}: {}", row.name, r.body_text());
        let b = body(&r);
        assert_eq!(b["error"], row.error, "{}", row.name);
        let description = b["error_description"].as_str().unwrap();
        assert!(
            description.contains(row.says),
            "{}: {description}",
            row.name
        );
        assert_eq!(
            header(&r, "Content-Type"),
            Some("application/json;charset=UTF-8")
        );
        assert_eq!(header(&r, "DPoP-Nonce"), None, "{}", row.name);
    }
}

#[test]
fn token_endpoint_iat_within_window_and_htu_query_accepted() {
    for iat in [NOW - DPOP_IAT_WINDOW_SECS, NOW + DPOP_IAT_WINDOW_SECS] {
        let mut sim = sim(|_| {});
        let c = ProofClaims {
            iat,
            ..claims("w", "POST", TOKEN_URL)
        };
        assert_eq!(
            send(&mut sim, &token_request(&[&proof(&c)]), Some(true)).status,
            200
        );
    }
    // RFC 9449 §4.3 check 9 compares "ignoring any query and fragment parts".
    let mut sim = sim(|_| {});
    let c = claims(
        "q",
        "POST",
        "https://authorization-server.example/oauth2/token?x=1",
    );
    assert_eq!(
        send(&mut sim, &token_request(&[&proof(&c)]), Some(true)).status,
        200
    );
}

#[test]
fn token_endpoint_unverified_proof_accepted_with_log_note() {
    let mut sim = sim(|_| {});
    let r = send(
        &mut sim,
        &token_request(&[&proof(&claims("u", "POST", TOKEN_URL))]),
        None,
    );
    assert_eq!(r.status, 200);
    assert!(
        sim.last_log()
            .iter()
            .any(|l| l.text.contains("not verified here"))
    );
}

#[test]
fn token_endpoint_replayed_proof_refused() {
    let mut sim = sim(|_| {});
    let p = proof(&claims("once", "POST", TOKEN_URL));
    assert_eq!(
        send(&mut sim, &token_request(&[&p]), Some(true)).status,
        200
    );
    let r = send(&mut sim, &token_request(&[&p]), Some(true));
    assert_eq!(r.status, 400);
    assert_eq!(body(&r)["error"], "invalid_dpop_proof");
    assert!(
        body(&r)["error_description"]
            .as_str()
            .unwrap()
            .contains("single-use")
    );
    assert!(
        sim.last_log()
            .iter()
            .any(|l| l.text.contains("oidc-provider answers 400 invalid_grant"))
    );
}

#[test]
fn token_endpoint_jti_memory_bounded_fifo() {
    let mut sim = sim(|c| c.token_lifetime_secs = 60);
    for i in 0..=MAX_DPOP_JTIS {
        let p = proof(&claims(&format!("jti-{i}"), "POST", TOKEN_URL));
        assert_eq!(
            send(&mut sim, &token_request(&[&p]), Some(true)).status,
            200,
            "{i}"
        );
    }
    // jti-0 was forgotten (the oldest, FIFO); the newest is still remembered.
    let first = proof(&claims("jti-0", "POST", TOKEN_URL));
    assert_eq!(
        send(&mut sim, &token_request(&[&first]), Some(true)).status,
        200
    );
    let last = proof(&claims(&format!("jti-{MAX_DPOP_JTIS}"), "POST", TOKEN_URL));
    assert_eq!(
        send(&mut sim, &token_request(&[&last]), Some(true)).status,
        400
    );
}

#[test]
fn token_endpoint_client_requiring_dpop_refuses_bearer_request() {
    let mut sim = sim(|c| c.clients[0].dpop_bound_access_tokens = true);
    let r = send(&mut sim, &token_request(&[]), None);
    assert_eq!(r.status, 400);
    assert_eq!(body(&r)["error"], "invalid_dpop_proof");
    assert!(
        body(&r)["error_description"]
            .as_str()
            .unwrap()
            .contains("requires DPoP")
    );
    let p = proof(&claims("req", "POST", TOKEN_URL));
    assert_eq!(
        send(&mut sim, &token_request(&[&p]), Some(true)).status,
        200
    );
}

#[test]
fn token_endpoint_nonce_round_trip_and_rotation() {
    let mut sim = sim(|c| c.require_dpop_nonce = true);
    let r = send(
        &mut sim,
        &token_request(&[&proof(&claims("n1", "POST", TOKEN_URL))]),
        Some(true),
    );
    assert_eq!(r.status, 400);
    assert_eq!(body(&r)["error"], "use_dpop_nonce");
    let nonce = header(&r, "DPoP-Nonce").expect("a nonce").to_string();
    // The retry with the nonce (and, as the proof was refused, the same jti is still unused).
    let with = |jti: &str, n: &str| ProofClaims {
        nonce: Some(n.into()),
        ..claims(jti, "POST", TOKEN_URL)
    };
    let r = send(
        &mut sim,
        &token_request(&[&proof(&with("n1", &nonce))]),
        Some(true),
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    assert_eq!(body(&r)["token_type"], "DPoP");
    assert_eq!(header(&r, "DPoP-Nonce"), None);
    // A nonce that is not the server's.
    let r = send(
        &mut sim,
        &token_request(&[&proof(&with("n2", "made-up"))]),
        Some(true),
    );
    assert_eq!(body(&r)["error"], "use_dpop_nonce");
    assert_eq!(header(&r, "DPoP-Nonce"), Some(nonce.as_str()));
    // After a rotation the previous nonce still works, and the answer hands out the new one.
    let later = (NOW + DPOP_NONCE_ROTATION_SECS) * 1000;
    let p = ProofClaims {
        iat: NOW + DPOP_NONCE_ROTATION_SECS,
        ..with("n3", &nonce)
    };
    let r = sim.handle_bytes_verified(
        &token_request(&[&proof(&p)]),
        later,
        Verdicts {
            assertion: None,
            dpop: Some(true),
        },
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    let fresh = header(&r, "DPoP-Nonce").expect("the new nonce");
    assert_ne!(fresh, nonce);
}

#[test]
fn dpop_check_names_proof_for_the_app() {
    let sim = sim(|_| {});
    let p = proof(&claims("k", "POST", TOKEN_URL));
    let check = sim.dpop_check(&token_request(&[&p])).unwrap();
    assert_eq!(check.jws, p);
    assert_eq!(check.alg, "ES256");
    assert_eq!(check.jwk, key_a());
    assert_eq!(sim.dpop_check(&token_request(&[])), None);
    assert_eq!(sim.dpop_check(&token_request(&[&p, &p])), None);
    assert_eq!(sim.dpop_check(&token_request(&["x.y.z"])), None);
    let none = proof_with_header(
        json!({"typ": "dpop+jwt", "alg": "none", "jwk": key_a()}),
        &claims("k", "POST", TOKEN_URL),
    );
    assert_eq!(sim.dpop_check(&token_request(&[&none])), None);
}

#[test]
fn metadata_lists_dpop_algs() {
    let sim = sim(|_| {});
    assert_eq!(
        sim.metadata()["dpop_signing_alg_values_supported"],
        json!(["ES256", "RS256", "PS256", "EdDSA"])
    );
}

#[test]
fn simulator_garbage_proofs_never_panic() {
    let mut sim = sim(|c| c.require_dpop_nonce = true);
    let pieces = [
        "",
        ".",
        "..",
        "e30",
        "e30.e30.",
        "eyJ0eXAiOiJkcG9wK2p3dCJ9",
        "{}",
        "é",
        "\u{0}",
    ];
    let mut seed: u32 = 7;
    for i in 0..600 {
        let mut p = String::new();
        for _ in 0..(i % 9) {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            p.push_str(pieces[(seed >> 24) as usize % pieces.len()]);
        }
        let p = p.replace(['\r', '\n', '\u{0}'], "");
        for verified in [None, Some(true), Some(false)] {
            let r = send(&mut sim, &token_request(&[&p]), verified);
            assert!(r.status == 400, "{p:?}: {}", r.status);
            let r = send(&mut sim, &api_request("DPoP x", Some(&p)), verified);
            assert!(r.status >= 400, "{p:?}");
            let _ = sim.dpop_check(&token_request(&[&p]));
        }
    }
}
