//! `--allow-target`: prefixes compared by component; https-only without it.

use crate::support::{config, relay, relay_to, upstream};

#[tokio::test]
async fn allow_list_target_under_prefix_is_forwarded() {
    let up = upstream().await;
    let prefix = format!("{}/tenant", up.origin());
    let relay = relay(config(&[&prefix], &[])).await;
    let got = relay_to(&relay, &up.url("/tenant/token"), &[], b"").await;
    assert_eq!(got.status, 401, "the upstream's own status");
    assert_eq!(got.rule(), None);
    assert_eq!(up.seen().len(), 1);
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn allow_list_target_outside_prefix_is_refused_target_not_allowed() {
    let up = upstream().await;
    let prefix = format!("{}/tenant", up.origin());
    let relay = relay(config(&[&prefix], &[])).await;
    for path in ["/other", "/tenant2/token", "/"] {
        let got = relay_to(&relay, &up.url(path), &[], b"").await;
        assert_eq!(got.status, 403, "{path}");
        assert_eq!(got.rule().as_deref(), Some("target_not_allowed"), "{path}");
    }
    assert!(up.seen().is_empty(), "nothing reached the upstream");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn allow_list_host_superstring_or_other_port_is_refused_target_not_allowed() {
    let relay = relay(config(&["https://a.example", "http://127.0.0.1:9"], &[])).await;
    for target in [
        "https://a.example.evil.com/token",
        "https://evila.example/token",
        "https://a.example:8443/token",
        "http://a.example/token",
        "http://127.0.0.1:10/",
    ] {
        let got = relay_to(&relay, target, &[], b"").await;
        assert_eq!(
            got.rule().as_deref(),
            Some("target_not_allowed"),
            "{target}"
        );
    }
    relay.stop().await;
}

#[tokio::test]
async fn open_relay_plain_http_is_refused_https_only() {
    let relay = relay(config(&[], &[])).await;
    let got = relay_to(&relay, "http://login.example/token", &[], b"").await;
    assert_eq!(got.status, 403);
    assert_eq!(got.rule().as_deref(), Some("https_only"));
    relay.stop().await;
}

#[tokio::test]
async fn bad_target_missing_or_malformed_is_refused_400() {
    let relay = relay(config(&[], &[])).await;
    let got = crate::support::send(&relay, http::Method::POST, "/relay", &[], b"").await;
    assert_eq!(
        (got.status.as_u16(), got.rule().as_deref()),
        (400, Some("bad_target"))
    );
    for target in [
        "login.example/token",
        "ftp://login.example/",
        "https://user:pw@login.example/",
        "https://login.example/a/../admin",
    ] {
        let got = relay_to(&relay, target, &[], b"").await;
        assert_eq!(
            (got.status.as_u16(), got.rule().as_deref()),
            (400, Some("bad_target")),
            "{target}"
        );
    }
    let got = relay_to(
        &relay,
        "https://login.example/",
        &[("x-relay-method", "CONNECT")],
        b"",
    )
    .await;
    assert_eq!(
        (got.status.as_u16(), got.rule().as_deref()),
        (400, Some("bad_method"))
    );
    relay.stop().await;
}
