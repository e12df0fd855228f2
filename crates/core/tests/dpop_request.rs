//! DPoP on the request model (RFC 9449 §4.1, §7.1): the `DPoP` header in the raw token request
//! at its stable place, the DPoP API request, the form's check for a second DPoP header, and the
//! `dpop` URL parameter (read, written by share links and so persisted, refused when malformed).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::bearer::api_request_dpop;
use cc_core::draft::{Draft, Field, Row};
use cc_core::prefill::{Severity, ShareOptions, parse, share_query};
use cc_core::request::{DPOP_PENDING_VALUE, DpopProof};
use cc_core::types::AuthMethod;

fn dpop_draft() -> Draft {
    Draft {
        dpop: true,
        ..Draft::example()
    }
}

#[test]
fn validate_dpop_on_request_pending() {
    assert_eq!(dpop_draft().validate().unwrap().dpop, DpopProof::Pending);
    assert_eq!(Draft::example().validate().unwrap().dpop, DpopProof::Off);
}

#[test]
fn to_http_dpop_proof_exact_bytes() {
    let request = dpop_draft()
        .validate()
        .unwrap()
        .with_dpop_proof("h.p.s".into());
    assert_eq!(
        String::from_utf8(request.to_http().to_bytes()).unwrap(),
        "POST /oauth2/token HTTP/1.1\r\n\
         Host: authorization-server.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\n\
         Authorization: Basic bXlfY2xpZW50X2lkXzEyMzpteV9zZWNyZXRfNDU2\r\n\
         DPoP: h.p.s\r\n\
         Content-Length: 49\r\n\
         \r\n\
         grant_type=client_credentials&scope=orders%3Aread"
    );
}

#[test]
fn to_http_dpop_proof_not_masked_and_before_extra_headers() {
    let draft = Draft {
        extra_headers: vec![Row::new(1, "X-Trace", "t")],
        auth: AuthMethod::ClientSecretPost,
        ..dpop_draft()
    };
    let request = draft.validate().unwrap();
    let pending = request.to_http().render(true);
    assert!(pending.contains(&format!("\nDPoP: {DPOP_PENDING_VALUE}\nX-Trace: t\n")));
    let signed = request
        .with_dpop_proof("a.b.c".into())
        .to_http()
        .render(true);
    assert!(signed.contains("\nAccept: application/json\nDPoP: a.b.c\nX-Trace: t\n"));
}

#[test]
fn dpop_target_htm_and_htu_without_query() {
    let draft = Draft {
        token_url: "HTTPS://AS.example:443/t?tenant=a".into(),
        ..dpop_draft()
    };
    let mut request = draft.validate().unwrap();
    assert_eq!(
        request.dpop_target(),
        ("POST", "https://as.example/t".to_string())
    );
    request.mistakes.use_get = true;
    assert_eq!(request.dpop_target().0, "GET");
}

#[test]
fn validate_second_dpop_header_refused_only_when_on() {
    let draft = Draft {
        extra_headers: vec![Row::new(7, "dpop", "x.y.z")],
        ..dpop_draft()
    };
    let errors = draft.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, Field::ExtraHeader(7));
    assert!(errors[0].message.contains("RFC 9449 §4.3"));
    let off = Draft {
        dpop: false,
        ..draft
    };
    assert!(off.validate().is_ok());
}

#[test]
fn api_request_dpop_exact_headers() {
    let request = api_request_dpop(
        "https://api.example/orders?page=2#x",
        "POST",
        "tok",
        "h.p.s",
        "{}",
    );
    // A fragment is refused like any API URL with one.
    assert!(request.is_err());
    let request = api_request_dpop(
        "https://api.example/orders?page=2",
        "POST",
        "tok",
        "h.p.s",
        "{}",
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(request.to_bytes()).unwrap(),
        "POST /orders?page=2 HTTP/1.1\r\n\
         Host: api.example\r\n\
         Accept: application/json\r\n\
         Authorization: DPoP tok\r\n\
         DPoP: h.p.s\r\n\
         Content-Type: application/json\r\n\
         Content-Length: 2\r\n\
         \r\n\
         {}"
    );
}

#[test]
fn prefill_dpop_values_read() {
    for (value, expected) in [("1", true), ("true", true), ("0", false), ("false", false)] {
        let prefill = parse(&format!("dpop={value}"), "");
        assert_eq!(prefill.dpop, Some(expected), "{value}");
        assert!(prefill.sets_form());
        assert_eq!(prefill.to_draft().dpop, expected);
        assert_eq!(prefill.notices, []);
    }
}

#[test]
fn prefill_dpop_bad_value_ignored_with_notice() {
    let prefill = parse("dpop=yes", "");
    assert_eq!(prefill.dpop, None);
    assert_eq!(prefill.notices.len(), 1);
    assert_eq!(prefill.notices[0].parameter, "dpop");
    assert_eq!(prefill.notices[0].severity, Severity::Ignored);
    assert_eq!(
        prefill.notices[0].message,
        "dpop=yes is not understood; use dpop=1 or dpop=0."
    );
    let bare = parse("dpop", "");
    assert_eq!(bare.dpop, None);
    assert!(bare.notices[0].message.contains("has no value"));
    let twice = parse("dpop=1&dpop=0", "");
    assert_eq!(twice.dpop, Some(false));
    assert!(twice.notices[0].message.contains("more than once"));
}

#[test]
fn share_query_dpop_written_only_when_on() {
    let on = share_query(&dpop_draft(), &ShareOptions::default());
    assert!(on.contains("&dpop=1"), "{on}");
    let off = share_query(&Draft::example(), &ShareOptions::default());
    assert!(!off.contains("dpop"), "{off}");
}
