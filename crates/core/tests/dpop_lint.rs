//! The linter's DPoP rules (RFC 9449): each fires on the mistake it names and stays quiet on a
//! correct record.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::dpop::{ProofClaims, access_token_hash, assemble, signing_input};
use cc_core::draft::Draft;
use cc_core::lint::{DpopRecord, MAX_RECORDED_PROOFS, SentProof, Severity, lint, lint_dpop};
use serde_json::json;

const TOKEN_URL: &str = "https://as.example/token";
const API_URL: &str = "https://api.example/orders?page=2";

fn proof(claims: ProofClaims) -> String {
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": "x", "y": "y"});
    assemble(&signing_input("ES256", &jwk, &claims), &[0; 64])
}

fn claims(jti: &str, htm: &str, htu: &str) -> ProofClaims {
    ProofClaims {
        jti: jti.into(),
        htm: htm.into(),
        htu: htu.into(),
        iat: 1_000,
        ath: None,
        nonce: None,
    }
}

fn token_proof(jti: &str) -> SentProof {
    SentProof {
        proof: proof(claims(jti, "POST", TOKEN_URL)),
        method: "POST".into(),
        url: TOKEN_URL.into(),
        access_token: None,
        server_date: Some(1_010),
    }
}

fn api_proof(jti: &str, ath: Option<String>) -> SentProof {
    SentProof {
        proof: proof(ProofClaims {
            ath,
            ..claims(jti, "GET", "https://api.example/orders")
        }),
        method: "GET".into(),
        url: API_URL.into(),
        access_token: Some("tok".into()),
        server_date: None,
    }
}

fn codes(record: &DpopRecord) -> Vec<&'static str> {
    lint_dpop(record).iter().map(|f| f.code).collect()
}

fn good_record() -> DpopRecord {
    DpopRecord {
        proofs: vec![
            token_proof("a"),
            api_proof("b", Some(access_token_hash("tok"))),
        ],
        token_type: Some("DPoP".into()),
    }
}

#[test]
fn lint_dpop_correct_record_quiet() {
    assert_eq!(codes(&good_record()), Vec::<&str>::new());
    assert_eq!(codes(&DpopRecord::default()), Vec::<&str>::new());
}

#[test]
fn lint_dpop_htu_with_query_flagged() {
    let mut record = good_record();
    record.proofs[0].proof = proof(claims("a", "POST", "https://as.example/token?x=1"));
    assert_eq!(codes(&record), ["dpop-htu-query"]);
    let f = &lint_dpop(&record)[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.citation, "RFC 9449 §4.2");
}

#[test]
fn lint_dpop_htu_and_htm_mismatch_flagged() {
    let mut record = good_record();
    record.proofs[0].proof = proof(claims("a", "GET", "https://other.example/token"));
    assert_eq!(codes(&record), ["dpop-htu-mismatch", "dpop-htm-mismatch"]);
}

#[test]
fn lint_dpop_jti_reused_flagged_once() {
    let mut record = good_record();
    record.proofs.push(token_proof("a"));
    record.proofs.push(token_proof("a"));
    assert_eq!(codes(&record), ["dpop-jti-reused"]);
}

#[test]
fn lint_dpop_ath_missing_and_mismatch_flagged() {
    let mut record = good_record();
    record.proofs[1] = api_proof("b", None);
    assert_eq!(codes(&record), ["dpop-ath-missing"]);
    record.proofs[1] = api_proof("b", Some(access_token_hash("other")));
    assert_eq!(codes(&record), ["dpop-ath-mismatch"]);
}

#[test]
fn lint_dpop_iat_skew_over_60_s_flagged() {
    let mut record = good_record();
    record.proofs[0].server_date = Some(1_060);
    assert_eq!(codes(&record), Vec::<&str>::new());
    record.proofs[0].server_date = Some(1_061);
    let findings = lint_dpop(&record);
    assert_eq!(findings[0].code, "dpop-clock-skew");
    assert!(findings[0].message.contains("61 s behind"));
    record.proofs[0].server_date = Some(900);
    assert!(lint_dpop(&record)[0].message.contains("100 s ahead of"));
}

#[test]
fn lint_dpop_bearer_token_type_flagged() {
    let mut record = good_record();
    record.token_type = Some("Bearer".into());
    assert_eq!(codes(&record), ["dpop-ignored"]);
    record.token_type = Some("dpop".into());
    assert_eq!(codes(&record), Vec::<&str>::new());
}

#[test]
fn lint_dpop_garbage_and_huge_records_bounded() {
    let mut record = DpopRecord::default();
    for i in 0..(MAX_RECORDED_PROOFS * 4) {
        record.proofs.push(SentProof {
            proof: if i % 2 == 0 {
                "garbage".into()
            } else {
                token_proof("same").proof
            },
            ..token_proof("x")
        });
    }
    assert_eq!(codes(&record), ["dpop-jti-reused"]);
}

#[test]
fn lint_request_proof_htu_query_flagged() {
    let draft = Draft {
        dpop: true,
        ..Draft::example()
    };
    let request = draft.validate().unwrap();
    let bad = request.with_dpop_proof(proof(claims(
        "a",
        "POST",
        "https://authorization-server.example/oauth2/token?x",
    )));
    let found: Vec<_> = lint(&draft, Some(&bad)).iter().map(|f| f.code).collect();
    assert!(found.contains(&"dpop-htu-query"), "{found:?}");
    let (htm, htu) = request.dpop_target();
    let good = request.with_dpop_proof(proof(claims("a", htm, &htu)));
    let found: Vec<_> = lint(&draft, Some(&good)).iter().map(|f| f.code).collect();
    assert!(!found.iter().any(|c| c.starts_with("dpop-")), "{found:?}");
}
