//! The simulated server's DPoP rules (RFC 9449), one table row per refusal at the token
//! endpoint (§4.3, §5, §8) with its exact status, error and headers, then the bound token
//! (`token_type: DPoP`, `cnf.jkt`, introspection), nonces, replay, the `iat` window, the
//! protected resource (§7.1, §7.2, §9) and garbage proofs. Signatures are "verified" as the app
//! would report it (`Verdicts::dpop`), since the core has no ECDSA.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::dpop::{ProofClaims, access_token_hash, assemble, jwk_thumbprint, signing_input};
use cc_core::encoding::{base64_encode, base64url_decode, base64url_encode};
use cc_core::http::HttpResponse;
use cc_core::simulator::{
    DPOP_IAT_WINDOW_SECS, DPOP_NONCE_ROTATION_SECS, MAX_DPOP_JTIS, Simulator, SimulatorConfig,
    Verdicts,
};
use serde_json::{Value, json};

const NOW: u64 = 1_800_000_000;
const TOKEN_URL: &str = "https://authorization-server.example/oauth2/token";
const API_URL: &str = "https://authorization-server.example/api/orders";
const ID: &str = "my_client_id_123";
const SECRET: &str = "my_secret_456";
const BODY: &str = "grant_type=client_credentials";
const ALGS: &str = "ES256 RS256 PS256 EdDSA";

/// RFC 9449 §4.1's example key; its thumbprint is §6.1's `jkt`.
fn key_a() -> Value {
    json!({"kty": "EC", "crv": "P-256",
        "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
        "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"})
}

/// Another key: an attacker's.
fn key_b() -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})
}

const JKT_A: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn claims(jti: &str, htm: &str, htu: &str) -> ProofClaims {
    ProofClaims {
        jti: jti.into(),
        htm: htm.into(),
        htu: htu.into(),
        iat: NOW,
        ath: None,
        nonce: None,
    }
}

fn proof(claims: &ProofClaims) -> String {
    assemble(&signing_input("ES256", &key_a(), claims), &[7; 64])
}

/// A proof with a hand-made header (for the header rules).
fn proof_with_header(header: Value, claims: &ProofClaims) -> String {
    format!(
        "{}.{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_json().to_string().as_bytes()),
        base64url_encode(&[7; 64])
    )
}

fn token_request(proofs: &[&str]) -> Vec<u8> {
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

fn api_request(authorization: &str, proof: Option<&str>) -> Vec<u8> {
    let mut out = format!(
        "GET /api/orders HTTP/1.1\r\nHost: authorization-server.example\r\nAuthorization: {authorization}\r\n"
    );
    if let Some(p) = proof {
        out.push_str(&format!("DPoP: {p}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn sim(change: impl FnOnce(&mut SimulatorConfig)) -> Simulator {
    let mut config = SimulatorConfig::default();
    change(&mut config);
    let mut sim = Simulator::new(config, 9);
    sim.set_signing_key(json!({"kty": "EC", "kid": "k"}));
    sim
}

fn send(sim: &mut Simulator, bytes: &[u8], verified: Option<bool>) -> HttpResponse {
    let verdicts = Verdicts {
        assertion: None,
        dpop: verified,
    };
    sim.handle_bytes_verified(bytes, NOW * 1000, verdicts)
}

fn body(r: &HttpResponse) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

fn header<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The claims of a JWT access token (its payload).
fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64url_decode(payload).unwrap()).unwrap()
}

/// A DPoP-bound token for key A from a fresh simulator.
fn bound_token(sim: &mut Simulator) -> String {
    let r = send(
        sim,
        &token_request(&[&proof(&claims("t-1", "POST", TOKEN_URL))]),
        Some(true),
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    body(&r)["access_token"].as_str().unwrap().to_string()
}

fn api_proof(jti: &str, token: &str) -> ProofClaims {
    ProofClaims {
        ath: Some(access_token_hash(token)),
        ..claims(jti, "GET", API_URL)
    }
}

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
