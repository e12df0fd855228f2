//! Metadata discovery: a document is used only when its `issuer` is identical to the issuer
//! asked for (RFC 8414 §3.3; OpenID Connect Discovery 1.0 §4.3 for the fallback URL).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::http::HttpResponse;
use cc_core::metadata::{self, Metadata, MetadataError, accept, read_response};
use cc_core::simulator::{Simulator, SimulatorConfig};
use cc_core::types::AuthMethod;

const ASKED: &str = "https://as.example";

fn document(issuer: &str) -> Metadata {
    Metadata {
        issuer: issuer.into(),
        token_endpoint: Some(format!("{issuer}/token")),
        jwks_uri: Some(format!("{issuer}/jwks")),
        introspection_endpoint: Some(format!("{issuer}/introspect")),
        ..Metadata::default()
    }
}

fn mismatch(asked: &str, got: &str) -> MetadataError {
    MetadataError::IssuerMismatch {
        asked: asked.into(),
        got: got.into(),
    }
}

#[test]
fn accept_identical_issuer_accepted_with_its_endpoints() {
    let accepted = accept(ASKED, document(ASKED)).expect("identical issuers");
    assert_eq!(accepted.issuer, ASKED);
    assert_eq!(
        accepted.token_endpoint.as_deref(),
        Some("https://as.example/token")
    );
    assert_eq!(accepted.metadata(), &document(ASKED));
}

#[test]
fn accept_other_issuer_refused_naming_both() {
    let err = accept(ASKED, document("https://evil.example")).unwrap_err();
    assert_eq!(err, mismatch(ASKED, "https://evil.example"));
    let text = err.to_string();
    assert!(text.contains("\"https://evil.example\""), "{text}");
    assert!(text.contains("\"https://as.example\""), "{text}");
    assert!(text.contains("RFC 8414 §3.3"), "{text}");
}

#[test]
fn accept_trailing_slash_difference_refused_both_ways() {
    // No trailing-slash leniency: RFC 8414 §3.3 says "identical".
    assert_eq!(
        accept(ASKED, document("https://as.example/")).unwrap_err(),
        mismatch(ASKED, "https://as.example/")
    );
    let err = accept("https://as.example/", document(ASKED)).unwrap_err();
    assert_eq!(err, mismatch("https://as.example/", ASKED));
    assert!(
        err.to_string().contains("only by a trailing \"/\""),
        "{err}"
    );
}

#[test]
fn accept_case_port_and_path_differences_refused() {
    for got in [
        "https://AS.example",
        "HTTPS://as.example",
        "https://as.example:443",
        "https://as.example/tenant",
        "http://as.example",
        "https://as.example#",
        "https://as.example?",
        "",
    ] {
        assert_eq!(
            accept(ASKED, document(got)).unwrap_err(),
            mismatch(ASKED, got),
            "{got:?}"
        );
    }
}

#[test]
fn accept_openid_fallback_issuer_with_path_must_be_identical() {
    // OpenID Connect Discovery §4.3: the issuer returned must be identical to the issuer used
    // as the prefix of /.well-known/openid-configuration.
    let asked = "https://as.example/realms/x";
    assert!(accept(asked, document(asked)).is_ok());
    assert_eq!(
        accept(asked, document("https://as.example/realms/x/")).unwrap_err(),
        mismatch(asked, "https://as.example/realms/x/")
    );
    assert_eq!(
        accept(asked, document("https://as.example/realms/y")).unwrap_err(),
        mismatch(asked, "https://as.example/realms/y")
    );
}

#[test]
fn accept_asked_issuer_whitespace_typed_around_it_ignored() {
    assert!(accept("  https://as.example\n", document(ASKED)).is_ok());
}

#[test]
fn accept_hostile_issuer_shown_escaped() {
    let got = "https://evil.example\"\n<script>\u{202e}";
    let err = accept(ASKED, document(got)).unwrap_err();
    let text = err.to_string();
    assert!(!text.contains('\n'), "{text}");
    assert!(text.contains("\\n"), "{text}");
    let huge = "x".repeat(100_000);
    let text = accept(ASKED, document(&huge)).unwrap_err().to_string();
    assert!(text.len() < 1_000, "{}", text.len());
}

#[test]
fn read_response_mismatched_issuer_refused_before_any_member_is_used() {
    let body = br#"{"issuer":"https://evil.example","token_endpoint":"https://evil.example/token","jwks_uri":"https://evil.example/jwks"}"#;
    let response = HttpResponse::new(200, vec![], body.to_vec());
    assert_eq!(
        read_response(ASKED, &response).unwrap_err(),
        mismatch(ASKED, "https://evil.example")
    );
}

#[test]
fn read_response_not_ok_or_not_metadata_refused() {
    let ok = HttpResponse::new(200, vec![], br#"{"issuer":"https://as.example"}"#.to_vec());
    assert_eq!(read_response(ASKED, &ok).unwrap().issuer, ASKED);
    let not_found = HttpResponse::new(404, vec![], br#"{"issuer":"https://as.example"}"#.to_vec());
    assert_eq!(
        read_response(ASKED, &not_found).unwrap_err(),
        MetadataError::Status("HTTP/1.1 404 Not Found".into())
    );
    let html = HttpResponse::new(200, vec![], b"<html>".to_vec());
    assert!(matches!(
        read_response(ASKED, &html),
        Err(MetadataError::NotJsonObject(_))
    ));
}

#[test]
fn warnings_no_longer_judge_the_issuer() {
    let m = metadata::parse(br#"{"issuer":"https://as.example","token_endpoint":"https://as.example/t","grant_types_supported":["client_credentials"]}"#).unwrap();
    assert!(m.warnings(AuthMethod::ClientSecretBasic).is_empty());
}

#[test]
fn simulator_metadata_accepted_for_its_own_issuer_only() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let issuer = "https://authorization-server.example";
    for url in metadata::well_known_urls(issuer).unwrap() {
        let request = metadata::request(&url).unwrap();
        let response = sim.handle_bytes(&request.to_bytes(), 1_800_000_000_000);
        assert!(read_response(issuer, &response).is_ok(), "{url}");
        assert!(
            matches!(
                read_response(&format!("{issuer}/"), &response),
                Err(MetadataError::IssuerMismatch { .. })
            ),
            "{url}"
        );
    }
}
