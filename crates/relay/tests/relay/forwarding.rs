//! Forwarding: the composed request arrives exactly; the answer returns byte for byte; no
//! redirect is followed; browser and hop-by-hop headers are stripped (checked at the upstream).

use crate::support::{ECHO_BODY, config, relay, relay_to, upstream};

const FORM: &[u8] = b"grant_type=client_credentials&scope=a%20b";

#[tokio::test]
async fn forward_method_target_headers_body_arrive_exactly() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let target = up.url("/echo?tenant=t1&x=%2B");
    let headers = [
        ("authorization", "Basic Y2xpZW50OnNlY3JldA=="),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
        ("x-relay-method", "PUT"),
    ];
    relay_to(&relay, &target, &headers, FORM).await;
    let seen = up.seen();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.method, "PUT");
    assert_eq!(req.path_and_query, "/echo?tenant=t1&x=%2B");
    assert_eq!(&req.body[..], FORM);
    assert_eq!(req.headers["authorization"], "Basic Y2xpZW50OnNlY3JldA==");
    assert_eq!(
        req.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(req.headers["accept"], "application/json");
    assert_eq!(
        req.headers["content-length"],
        FORM.len().to_string().as_str()
    );
    assert_eq!(req.headers["host"], up.server.addr.to_string().as_str());
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn forward_response_status_headers_body_return_byte_exact() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let got = relay_to(&relay, &up.url("/echo"), &[], FORM).await;
    assert_eq!(got.status, 401);
    assert_eq!(&got.body[..], ECHO_BODY);
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(got.header("www-authenticate"), Some("Basic realm=\"t\""));
    let custom: Vec<_> = got.headers.get_all("x-custom").iter().collect();
    assert_eq!(custom, ["one", "two"]);
    assert_eq!(got.header("set-cookie"), None, "cookies are never relayed");
    assert_eq!(
        got.header("access-control-allow-origin"),
        None,
        "no upstream CORS field"
    );
    let exposed = got.header("access-control-expose-headers").unwrap();
    assert!(
        exposed.contains("www-authenticate") && exposed.contains("x-custom"),
        "{exposed}"
    );
    assert_eq!(got.header("x-relay-error"), None);
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn forward_redirect_is_returned_not_followed() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let got = relay_to(&relay, &up.url("/redirect"), &[], b"").await;
    assert_eq!(got.status, 302);
    assert_eq!(got.header("location"), Some("/echo"));
    let seen = up.seen();
    assert_eq!(seen.len(), 1, "only the first request reached the upstream");
    assert_eq!(seen[0].path_and_query, "/redirect");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn forward_browser_and_hop_by_hop_headers_are_stripped_at_upstream() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &["http://app.test"])).await;
    let headers = [
        ("origin", "http://app.test"),
        ("cookie", "sid=secret"),
        ("referer", "http://app.test/?client_secret=leak"),
        ("sec-fetch-mode", "cors"),
        ("sec-ch-ua", "\"Chromium\""),
        ("connection", "x-hop"),
        ("x-hop", "1"),
        ("te", "trailers"),
        ("proxy-authorization", "Basic cHJveHk="),
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("dpop", "proof"),
    ];
    relay_to(&relay, &up.url("/echo"), &headers, b"").await;
    let seen = up.seen();
    let names: Vec<&str> = seen[0].headers.keys().map(|k| k.as_str()).collect();
    for stripped in [
        "origin",
        "cookie",
        "referer",
        "sec-fetch-mode",
        "sec-ch-ua",
        "x-hop",
        "te",
        "proxy-authorization",
        "x-forwarded-for",
        "forwarded",
        "x-relay-target",
    ] {
        assert!(
            !names.contains(&stripped),
            "{stripped} reached the upstream: {names:?}"
        );
    }
    assert_eq!(seen[0].headers["dpop"], "proof", "composed headers pass");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn forward_keep_origin_flag_forwards_origin() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &["http://app.test"])).await;
    let headers = [("origin", "http://app.test"), ("x-relay-keep-origin", "1")];
    relay_to(&relay, &up.url("/echo"), &headers, b"").await;
    assert_eq!(up.seen()[0].headers["origin"], "http://app.test");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn forward_x_relay_headers_forwards_only_listed() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let headers = [
        ("x-relay-headers", "content-type, authorization"),
        ("content-type", "application/json"),
        ("authorization", "Bearer t"),
        ("user-agent", "Mozilla/5.0"),
        ("accept-language", "en"),
        ("x-relay-method", "GET"),
    ];
    relay_to(&relay, &up.url("/echo"), &headers, b"").await;
    let seen = up.seen();
    assert_eq!(seen[0].method, "GET");
    assert!(seen[0].headers.get("user-agent").is_none());
    assert!(seen[0].headers.get("accept-language").is_none());
    assert_eq!(seen[0].headers["authorization"], "Bearer t");
    relay.stop().await;
    up.stop().await;
}
