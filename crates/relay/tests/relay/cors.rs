//! CORS answers only `--allow-origin` origins (Fetch standard, CORS protocol); any other Origin
//! is refused with `origin_not_allowed`; routing refusals.

use http::Method;

use crate::support::{config, relay, relay_to, send, upstream};

const APP: &str = "http://127.0.0.1:8080";

#[tokio::test]
async fn cors_preflight_from_allowed_origin_is_answered() {
    let relay = relay(config(&[], &[APP])).await;
    let got = send(
        &relay,
        Method::OPTIONS,
        "/relay",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "x-relay-target, content-type, authorization",
            ),
            ("access-control-request-private-network", "true"),
        ],
        b"",
    )
    .await;
    assert!(got.status.is_success());
    assert_eq!(got.header("access-control-allow-origin"), Some(APP));
    let allowed = got.header("access-control-allow-headers").unwrap();
    assert!(allowed.contains("x-relay-target"), "{allowed}");
    assert!(
        got.header("access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );
    assert_eq!(
        got.header("access-control-allow-private-network"),
        Some("true")
    );
    relay.stop().await;
}

#[tokio::test]
async fn cors_preflight_from_other_origin_is_refused_without_cors_headers() {
    let relay = relay(config(&[], &[APP])).await;
    let got = send(
        &relay,
        Method::OPTIONS,
        "/relay",
        &[
            ("origin", "https://evil.test"),
            ("access-control-request-method", "POST"),
        ],
        b"",
    )
    .await;
    assert_eq!(got.status, 403);
    assert_eq!(got.rule().as_deref(), Some("origin_not_allowed"));
    assert_eq!(got.header("access-control-allow-origin"), None);
    relay.stop().await;
}

#[tokio::test]
async fn cors_request_from_other_origin_is_refused_origin_not_allowed() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[APP])).await;
    let got = relay_to(
        &relay,
        &up.url("/echo"),
        &[("origin", "https://evil.test")],
        b"",
    )
    .await;
    assert_eq!(got.status, 403);
    assert_eq!(got.rule().as_deref(), Some("origin_not_allowed"));
    assert!(got.message().contains("--allow-origin"));
    assert_eq!(got.header("access-control-allow-origin"), None);
    assert!(up.seen().is_empty());
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn cors_request_from_allowed_origin_gets_origin_and_exposed_headers() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[APP])).await;
    let got = relay_to(&relay, &up.url("/echo"), &[("origin", APP)], b"").await;
    assert_eq!(got.status, 401);
    assert_eq!(got.header("access-control-allow-origin"), Some(APP));
    assert!(
        got.header("access-control-expose-headers")
            .unwrap()
            .contains("www-authenticate")
    );
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn cors_refusal_for_allowed_origin_is_readable_by_the_page() {
    let relay = relay(config(&[], &[APP])).await;
    let got = relay_to(&relay, "https://10.0.0.1/", &[("origin", APP)], b"").await;
    assert_eq!(got.rule().as_deref(), Some("private_address"));
    assert_eq!(got.header("access-control-allow-origin"), Some(APP));
    assert!(
        got.header("access-control-expose-headers")
            .unwrap()
            .contains("x-relay-error")
    );
    relay.stop().await;
}

#[tokio::test]
async fn routes_other_paths_and_methods_are_refused_with_json() {
    let relay = relay(config(&[], &[])).await;
    let got = send(&relay, Method::GET, "/nope", &[], b"").await;
    assert_eq!(
        (got.status.as_u16(), got.rule().as_deref()),
        (404, Some("not_found"))
    );
    let got = send(&relay, Method::GET, "/relay", &[], b"").await;
    assert_eq!(
        (got.status.as_u16(), got.rule().as_deref()),
        (405, Some("method_not_allowed"))
    );
    let got = send(&relay, Method::GET, "/healthz", &[], b"").await;
    assert_eq!((got.status.as_u16(), &got.body[..]), (200, &b"ok"[..]));
    relay.stop().await;
}
