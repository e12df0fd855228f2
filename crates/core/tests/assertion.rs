//! Client assertions (RFC 7523) built by the core, signed by a host [`Signer`], and judged by
//! the simulated server.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::assertion::{JwtAlg, Signer, SigningKey, decode};
use cc_core::draft::{AssertionState, Draft, Field};
use cc_core::response::{TokenOutcome, parse};
use cc_core::sha256::hmac_sha256;
use cc_core::simulator::{Simulator, SimulatorConfig};
use cc_core::types::AuthMethod;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

const NOW_MS: u64 = 1_800_000_000_000;

/// Runs a future that never waits (our signers complete at once).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the host signer never waits"),
    }
}

/// HS256 with the core's HMAC; other algorithms refused.
struct HostSigner;

impl Signer for HostSigner {
    async fn sign(&self, alg: JwtAlg, key: &SigningKey, input: &[u8]) -> Result<Vec<u8>, String> {
        match (alg, key) {
            (JwtAlg::Hs256, SigningKey::Secret(secret)) => {
                Ok(hmac_sha256(secret.expose(), input).to_vec())
            }
            _ => Err(format!("host signer cannot do {}", alg.as_str())),
        }
    }
}

fn jwt_draft() -> Draft {
    Draft {
        auth: AuthMethod::ClientSecretJwt,
        ..Draft::example()
    }
}

/// Signs the draft's plan at `now_secs` with `jti` and puts it in the draft.
fn signed(mut draft: Draft, now_secs: u64, jti: &str) -> Draft {
    let (plan, key) = draft
        .assertion_plan()
        .expect("a JWT method")
        .expect("a valid plan");
    let jws = block_on(plan.sign(&key, now_secs, jti, &HostSigner)).unwrap();
    draft.assertion = AssertionState::Signed(jws.into());
    draft
}

fn send(sim: &mut Simulator, draft: &Draft) -> TokenOutcome {
    let bytes = draft.validate().unwrap().to_http().to_bytes();
    parse(&sim.handle_bytes(&bytes, NOW_MS))
}

fn error_of(outcome: TokenOutcome) -> String {
    match outcome {
        TokenOutcome::Error(e) => {
            format!("{}: {}", e.error, e.error_description.unwrap_or_default())
        }
        other => panic!("expected an error response, got {other:?}"),
    }
}

#[test]
fn client_secret_jwt_valid_assertion_issues_token_once() {
    let draft = signed(jwt_draft(), NOW_MS / 1000, "jti-1");
    let request = draft.validate().unwrap().to_http();
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert!(body.contains(
        "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=ey"
    ));
    assert!(request.header("Authorization").is_none());
    assert!(request.render(true).ends_with("&client_assertion=••••••••"));

    let claims = match &draft.assertion {
        AssertionState::Signed(jws) => decode(jws.expose()).unwrap().claims,
        other => panic!("{other:?}"),
    };
    assert_eq!(claims["iss"], "my_client_id_123");
    assert_eq!(claims["sub"], "my_client_id_123");
    assert_eq!(
        claims["aud"],
        "https://authorization-server.example/oauth2/token"
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        60
    );

    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    assert!(matches!(send(&mut sim, &draft), TokenOutcome::Token(_)));
    // Replaying the same assertion is refused (single use).
    assert!(error_of(send(&mut sim, &draft)).contains("already used"));
}

#[test]
fn client_secret_jwt_bad_assertions_refused_with_reason() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let now = NOW_MS / 1000;
    let expired = signed(jwt_draft(), now - 120, "j-exp");
    assert!(error_of(send(&mut sim, &expired)).contains("expired"));

    let wrong_secret = signed(
        Draft {
            client_secret: "not-the-secret".into(),
            ..jwt_draft()
        },
        now,
        "j-sec",
    );
    assert!(error_of(send(&mut sim, &wrong_secret)).contains("does not verify"));

    let wrong_aud = Draft {
        token_url: "https://other.example/oauth2/token".into(),
        ..jwt_draft()
    };
    let wrong_aud = signed(wrong_aud, now, "j-aud");
    // Sent to the simulator (which answers for any host) the aud names another server.
    let bytes = wrong_aud.validate().unwrap().to_http().to_bytes();
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("Host: other.example", "Host: authorization-server.example");
    let outcome = parse(&sim.handle_bytes(text.as_bytes(), NOW_MS));
    assert!(error_of(outcome).contains("aud must be this token endpoint"));
}

#[test]
fn assertion_plan_bad_inputs_name_fields() {
    let draft = Draft {
        auth: AuthMethod::PrivateKeyJwt,
        private_key: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----".into(),
        assertion_lifetime: "forever".into(),
        ..Draft::example()
    };
    let errors = draft.assertion_plan().unwrap().unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::PrivateKey, Field::AssertionLifetime]);
    assert!(
        errors[0]
            .to_string()
            .starts_with("Private key is a PEM \"CERTIFICATE\"")
    );
    // Until an assertion is signed the request is not ready.
    let pending = Draft {
        private_key: Default::default(),
        assertion_lifetime: "60".into(),
        ..draft
    };
    let errors = pending.validate().unwrap_err();
    assert!(errors.iter().all(|e| e.field == Field::PrivateKey));
}

#[test]
fn private_key_jwt_in_simulator_refused_without_registered_key() {
    // An RS256-looking assertion (signature bytes arbitrary): the simulator must not accept it.
    let mut draft = Draft {
        auth: AuthMethod::PrivateKeyJwt,
        ..Draft::example()
    };
    let plan = cc_core::assertion::AssertionPlan {
        alg: JwtAlg::Rs256,
        kid: None,
        client_id: "my_client_id_123".into(),
        audience: "https://authorization-server.example/oauth2/token".into(),
        lifetime_secs: 60,
    };
    let jws = cc_core::assertion::assemble(&plan.signing_input(NOW_MS / 1000, "j"), &[0; 256]);
    draft.assertion = AssertionState::Signed(jws.into());
    draft.private_key = r#"{"kty":"RSA","n":"x","e":"AQAB","d":"y"}"#.into();
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    assert!(error_of(send(&mut sim, &draft)).contains("No RS256 public key is registered"));
}

/// An RS256 assertion for the example client, with arbitrary signature bytes (the verdict on
/// the signature is the app's WebCrypto's, passed in by the caller).
fn rs256_request(jti: &str, kid: Option<&str>) -> Vec<u8> {
    let plan = cc_core::assertion::AssertionPlan {
        alg: JwtAlg::Rs256,
        kid: kid.map(str::to_string),
        client_id: "my_client_id_123".into(),
        audience: "https://authorization-server.example/oauth2/token".into(),
        lifetime_secs: 60,
    };
    let jws = cc_core::assertion::assemble(&plan.signing_input(NOW_MS / 1000, jti), &[7; 256]);
    let draft = Draft {
        auth: AuthMethod::PrivateKeyJwt,
        assertion: AssertionState::Signed(jws.into()),
        private_key: r#"{"kty":"RSA","n":"x","e":"AQAB","d":"y"}"#.into(),
        ..Draft::example()
    };
    draft.validate().unwrap().to_http().to_bytes()
}

#[test]
fn private_key_jwt_registered_key_verdict_decides() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let jwk = serde_json::json!({"kty": "RSA", "n": "abc", "e": "AQAB", "kid": "k1"});
    assert!(sim.register_client_key("my_client_id_123", jwk.clone()));
    assert!(!sim.register_client_key("nobody", jwk.clone()));

    let bytes = rs256_request("a", Some("k1"));
    let check = sim
        .signature_check(&bytes)
        .expect("an RS256 assertion to verify");
    assert_eq!((check.alg.as_str(), &check.jwk), ("RS256", &jwk));

    let bad = sim.handle_bytes_with(&bytes, NOW_MS, Some(false));
    assert_eq!(bad.status, 401);
    assert!(error_of(parse(&bad)).contains("does not verify with the public key registered"));

    let unverified = sim.handle_bytes_with(&rs256_request("b", Some("k1")), NOW_MS, None);
    assert!(error_of(parse(&unverified)).contains("could not be verified"));

    let ok = sim.handle_bytes_with(&rs256_request("c", Some("k1")), NOW_MS, Some(true));
    assert_eq!(ok.status, 200, "{}", ok.body_text());
    // The same assertion (jti) again: replay refused even with a good signature.
    let replay = sim.handle_bytes_with(&rs256_request("c", Some("k1")), NOW_MS, Some(true));
    assert!(error_of(parse(&replay)).contains("already used"));
}

#[test]
fn private_key_jwt_unknown_kid_no_check_and_refused() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    sim.register_client_key(
        "my_client_id_123",
        serde_json::json!({"kty": "RSA", "n": "abc", "e": "AQAB", "kid": "k1"}),
    );
    let bytes = rs256_request("a", Some("rotated"));
    assert!(sim.signature_check(&bytes).is_none());
    assert!(
        error_of(parse(&sim.handle_bytes_with(&bytes, NOW_MS, Some(true))))
            .contains("No RS256 public key")
    );
}

/// A client_secret_jwt assertion with hand-picked claims, signed with the example secret.
fn with_claims(claims: serde_json::Value) -> Draft {
    use cc_core::assertion::assemble;
    use cc_core::encoding::base64url_encode;
    let header = serde_json::json!({"alg": "HS256", "typ": "JWT"});
    let input = format!(
        "{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_string().as_bytes())
    );
    let signature = hmac_sha256(
        Draft::example().client_secret.expose().as_bytes(),
        input.as_bytes(),
    );
    Draft {
        assertion: AssertionState::Signed(assemble(&input, &signature).into()),
        ..jwt_draft()
    }
}

/// Issue 14 #9: `exp + 60` overflowed for `"exp": 18446744073709551615` (a panic in a debug
/// build, a wrong verdict in release); the remembered jti's expiry overflowed the same way.
#[test]
fn simulator_assertion_extreme_exp_answered_without_overflow() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let now = NOW_MS / 1000;
    let id = Draft::example().client_id;
    let aud = "https://authorization-server.example/oauth2/token";
    for (i, exp) in [u64::MAX, u64::MAX - 59, i64::MAX as u64, now + 30]
        .into_iter()
        .enumerate()
    {
        let claims = serde_json::json!({
            "iss": id, "sub": id, "aud": aud, "exp": exp, "iat": now, "jti": format!("x-{i}")
        });
        match send(&mut sim, &with_claims(claims)) {
            TokenOutcome::Token(_) => {}
            other => panic!("exp {exp}: {other:?}"),
        }
    }
    let claims = serde_json::json!({
        "iss": id, "sub": id, "aud": aud, "exp": now + 30, "iat": u64::MAX, "jti": "x-iat"
    });
    assert!(error_of(send(&mut sim, &with_claims(claims))).contains("in the future"));
}
