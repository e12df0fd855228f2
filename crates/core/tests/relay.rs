//! The playground's side of cc-relay (crates/core/src/tools/relay.rs): the `relay=` URL
//! parameter and Relay URL, the `POST /relay` request, refusals told apart from upstream
//! answers; and the CORS doctor's probe-based diagnosis and Entra `Origin` errors
//! (crates/core/src/tools/cors.rs).

use cc_core::cors::{EntraOrigin, Reach, diagnose_with, entra_origin_error};
use cc_core::draft::Draft;
use cc_core::http::{Header, HttpRequest, HttpResponse};
use cc_core::prefill::{Severity, ShareOptions, parse, share_query};
use cc_core::relay::{Relay, is_relay_description, parse_relay_url, refusal, refusal_advice};
use cc_core::types::AuthMethod;

fn token_request(auth: AuthMethod, url: &str) -> HttpRequest {
    Draft {
        auth,
        token_url: url.into(),
        ..Draft::example()
    }
    .validate()
    .unwrap()
    .to_http()
}

fn titles(request: &HttpRequest, reach: Reach) -> Vec<String> {
    diagnose_with(request, "http://127.0.0.1:4173", reach)
        .into_iter()
        .map(|c| c.title)
        .collect()
}

// --- relay= and the Relay URL -----------------------------------------------------------------

#[test]
fn parse_relay_url_valid_normalised_without_trailing_slash() {
    assert_eq!(
        parse_relay_url(" http://127.0.0.1:8787/ ").as_deref(),
        Ok("http://127.0.0.1:8787")
    );
    assert_eq!(
        parse_relay_url("HTTPS://Relay.Example:443/cc/").as_deref(),
        Ok("https://relay.example/cc")
    );
    assert_eq!(
        parse_relay_url("http://localhost:8787/relay").as_deref(),
        Ok("http://localhost:8787")
    );
}

#[test]
fn parse_relay_url_garbage_refused_with_reason() {
    for bad in [
        "",
        "relay",
        "ftp://relay.example",
        "javascript:alert(1)",
        "http://u:p@relay.example",
        "http://relay.example/#x",
        "http://relay.example/?a=1",
        "//relay.example",
    ] {
        let why = parse_relay_url(bad).expect_err(bad);
        assert!(!why.is_empty(), "{bad}");
    }
}

#[test]
fn prefill_relay_valid_read_with_warning_notice() {
    let p = parse("relay=http%3A%2F%2F127.0.0.1%3A8787%2F", "");
    assert_eq!(p.relay.as_deref(), Some("http://127.0.0.1:8787"));
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].parameter, "relay");
    assert_eq!(p.notices[0].severity, Severity::Warning);
    assert!(
        p.notices[0]
            .message
            .contains("client secret and tokens included")
    );
    // The relay alone sets no form field: the example stays.
    assert!(!p.sets_form());
}

#[test]
fn prefill_relay_invalid_ignored_with_notice_never_panics() {
    for bad in ["garbage", "ftp://x", "", "http://", "%FF%FE"] {
        let p = parse(&format!("relay={bad}"), "");
        assert_eq!(p.relay, None, "{bad}");
        assert_eq!(p.notices.len(), 1, "{bad}");
        assert_eq!(p.notices[0].severity, Severity::Ignored, "{bad}");
        assert!(p.notices[0].message.contains("relay"), "{bad}");
    }
    let p = parse("relay=javascript:alert(1)", "");
    assert_eq!(
        p.notices[0].message,
        "relay=javascript:alert(1) was ignored: the Relay URL uses the scheme \"javascript:\"; a relay is reached over http:// or https://."
    );
}

#[test]
fn prefill_relay_repeated_last_wins_with_notice() {
    let p = parse("relay=http://a.example", "relay=http://b.example");
    assert_eq!(p.relay.as_deref(), Some("http://b.example"));
    assert!(
        p.notices
            .iter()
            .any(|n| n.message.contains("more than once"))
    );
}

#[test]
fn share_query_relay_round_trips() {
    let options = ShareOptions {
        relay: Some("http://127.0.0.1:8787".into()),
        ..ShareOptions::default()
    };
    let q = share_query(&Draft::example(), &options);
    assert!(q.ends_with("&relay=http%3A%2F%2F127.0.0.1%3A8787"), "{q}");
    assert_eq!(parse(&q, "").relay, options.relay);
}

// --- POST /relay --------------------------------------------------------------------------------

#[test]
fn wrap_basic_request_controls_then_composed_headers_body_unchanged() {
    let request = token_request(AuthMethod::ClientSecretBasic, "https://as.example/t?x=1");
    let relay = Relay {
        base: "http://127.0.0.1:8787".into(),
        keep_origin: false,
    };
    let wrapped = relay.wrap(&request);
    assert_eq!(wrapped.method, "POST");
    assert_eq!(wrapped.url, "http://127.0.0.1:8787/relay");
    assert_eq!(wrapped.target, "/relay");
    assert_eq!(wrapped.body, request.body);
    let pairs: Vec<(&str, &str)> = wrapped
        .headers
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_str()))
        .collect();
    assert_eq!(pairs[0], ("X-Relay-Target", "https://as.example/t?x=1"));
    assert_eq!(pairs[1], ("X-Relay-Method", "POST"));
    assert_eq!(
        pairs[2],
        ("X-Relay-Headers", "content-type, accept, authorization")
    );
    assert_eq!(
        wrapped.header("authorization"),
        request.header("authorization")
    );
    // Host and Content-Length are the browser's (and the relay recomputes them).
    assert!(wrapped.header("host").is_none() && wrapped.header("content-length").is_none());
    assert!(wrapped.header("x-relay-keep-origin").is_none());
}

#[test]
fn wrap_keep_origin_and_base_path_endpoint() {
    let request = token_request(AuthMethod::ClientSecretPost, "https://as.example/t");
    let relay = Relay {
        base: "https://docs.example/cc".into(),
        keep_origin: true,
    };
    let wrapped = relay.wrap(&request);
    assert_eq!(wrapped.url, "https://docs.example/cc/relay");
    assert_eq!(wrapped.target, "/cc/relay");
    assert_eq!(wrapped.header("x-relay-keep-origin"), Some("1"));
    assert_eq!(
        wrapped.header("x-relay-headers"),
        Some("content-type, accept")
    );
}

#[test]
fn refusal_with_x_relay_error_reads_rule_and_message() {
    let response = HttpResponse::new(
        403,
        vec![
            Header::new("X-Relay-Error", "target_not_allowed"),
            Header::new("Content-Type", "application/json"),
        ],
        r#"{"relay_error":"target_not_allowed","message":"target http://x/ is under no --allow-target prefix"}"#,
    );
    let r = refusal(&response).unwrap();
    assert_eq!(r.rule, "target_not_allowed");
    assert_eq!(r.status, 403);
    assert!(r.message.contains("--allow-target"));
    assert!(refusal_advice(&r.rule).contains("--allow-target"));
}

#[test]
fn refusal_upstream_error_response_is_not_one() {
    let response = HttpResponse::new(
        403,
        vec![Header::new("Content-Type", "application/json")],
        r#"{"relay_error":"x","message":"spoof"}"#,
    );
    assert_eq!(refusal(&response), None);
}

#[test]
fn refusal_malformed_body_still_names_rule() {
    let response = HttpResponse::new(
        502,
        vec![Header::new("x-relay-error", "upstream_unreachable")],
        "<html>",
    );
    let r = refusal(&response).unwrap();
    assert_eq!(r.rule, "upstream_unreachable");
    assert_eq!(r.message, "HTTP 502 from the relay");
}

#[test]
fn is_relay_description_cc_relay_ok_html_refused() {
    let ok = HttpResponse::new(
        200,
        vec![Header::new("Content-Type", "application/json")],
        r#"{"relay":"cc-relay","version":"0.1.0"}"#,
    );
    assert_eq!(is_relay_description(&ok), Ok(()));
    let html = HttpResponse::new(
        200,
        vec![Header::new("Content-Type", "text/html; charset=utf-8")],
        "<!doctype html>",
    );
    assert_eq!(
        is_relay_description(&html),
        Err("its base URL answered HTTP 200 (text/html), not cc-relay's description".into())
    );
    let other = HttpResponse::new(404, vec![], r#"{"relay":"cc-relay"}"#);
    assert!(is_relay_description(&other).is_err());
}

// --- CORS doctor: probe outcomes ------------------------------------------------------------

#[test]
fn diagnose_reachable_cors_only_no_network_causes() {
    let r = token_request(AuthMethod::ClientSecretPost, "http://127.0.0.1:4181/token");
    assert_eq!(
        titles(&r, Reach::Reachable),
        ["CORS: the server does not allow this page's origin"]
    );
    let cause = &diagnose_with(&r, "http://127.0.0.1:4173", Reach::Reachable)[0];
    assert!(cause.detail.contains("A no-cors probe reached the server"));
    assert!(cause.fix.contains("relay"));
}

#[test]
fn diagnose_unreachable_ip_literal_http_no_dns_no_tls_no_cors() {
    let r = token_request(AuthMethod::ClientSecretPost, "http://127.0.0.1:4999/token");
    assert_eq!(
        titles(&r, Reach::Unreachable),
        ["Nothing is listening at 127.0.0.1:4999"]
    );
    let all = format!(
        "{:?}",
        diagnose_with(&r, "http://127.0.0.1:4173", Reach::Unreachable)
    );
    assert!(
        !all.contains("resolve") && !all.contains("DNS") && !all.contains("TLS"),
        "{all}"
    );
}

#[test]
fn diagnose_unreachable_https_name_dns_listening_tls() {
    let r = token_request(
        AuthMethod::ClientSecretPost,
        "https://login.example.com/token",
    );
    assert_eq!(
        titles(&r, Reach::Unreachable),
        [
            "The name login.example.com does not resolve (DNS)",
            "Nothing is listening at login.example.com:443",
            "TLS: the server's certificate is not trusted by this browser",
        ]
    );
}

#[test]
fn diagnose_unknown_ipv6_literal_no_dns_advice() {
    let r = token_request(AuthMethod::ClientSecretPost, "https://[::2]:8443/token");
    let t = titles(&r, Reach::Unknown);
    assert_eq!(t[0], "CORS: the server does not allow this page's origin");
    assert!(
        t.contains(&"Nothing is listening at ::2:8443".to_string()),
        "{t:?}"
    );
    assert!(!t.iter().any(|t| t.contains("DNS")), "{t:?}");
}

// --- Entra Origin errors ----------------------------------------------------------------------

#[test]
fn entra_origin_error_9002326_confidential_with_origin() {
    let body = br#"{"error":"invalid_request","error_description":"AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://127.0.0.1:8080'.","error_codes":[9002326]}"#;
    let e = entra_origin_error(body).unwrap();
    assert_eq!(e, EntraOrigin::ConfidentialWithOrigin);
    assert!(e.explanation().contains("relay") && e.explanation().contains("without Origin"));
}

#[test]
fn entra_origin_error_9002327_spa_needs_origin_by_code_array() {
    let body = br#"{"error":"invalid_request","error_description":"Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.","error_codes":[9002327]}"#;
    let e = entra_origin_error(body).unwrap();
    assert_eq!(e, EntraOrigin::SpaWithoutOrigin);
    assert_eq!(e.code(), "AADSTS9002327");
    assert!(e.explanation().contains("Keep Origin (SPA client)"));
}

#[test]
fn entra_origin_error_other_errors_none() {
    assert_eq!(entra_origin_error(br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret"}"#), None);
    assert_eq!(entra_origin_error(b"AADSTS9002326 not json"), None);
    assert_eq!(entra_origin_error(b""), None);
}
