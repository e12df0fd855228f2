//! SSRF refusals: literals and special names before any lookup, host names on the addresses
//! they resolve to (the same addresses the connector would use: no DNS-rebinding bypass).

use crate::support::{config, relay, relay_to, upstream, with_dns};

async fn refused_private(targets: &[&str]) {
    let relay = relay(config(&[], &[])).await;
    for target in targets {
        let got = relay_to(&relay, target, &[], b"").await;
        assert_eq!(got.status, 403, "{target}");
        assert_eq!(got.rule().as_deref(), Some("private_address"), "{target}");
    }
    relay.stop().await;
}

#[tokio::test]
async fn ssrf_loopback_literal_is_refused_private_address() {
    refused_private(&[
        "https://127.0.0.1/",
        "https://127.1.2.3:8443/x",
        "https://[::1]/",
    ])
    .await;
}

#[tokio::test]
async fn ssrf_ten_slash_eight_is_refused_private_address() {
    refused_private(&[
        "https://10.0.0.1/token",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
    ])
    .await;
}

#[tokio::test]
async fn ssrf_cloud_metadata_is_refused_private_address() {
    refused_private(&[
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://metadata.google.internal/computeMetadata/v1/",
    ])
    .await;
}

#[tokio::test]
async fn ssrf_ipv6_ula_link_local_and_mapped_are_refused_private_address() {
    refused_private(&[
        "https://[fd00::1]/",
        "https://[fc00::5]/",
        "https://[fe80::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
    ])
    .await;
}

#[tokio::test]
async fn ssrf_trailing_dot_literal_is_refused_private_address() {
    refused_private(&["https://127.0.0.1./", "https://10.0.0.1./"]).await;
}

#[tokio::test]
async fn ssrf_non_canonical_ipv4_forms_are_refused_bad_target() {
    // A browser and getaddrinfo read these as 127.0.0.1; the relay only takes a.b.c.d.
    let relay = relay(config(&[], &[])).await;
    for target in [
        "https://2130706433/",
        "https://0x7f.1/",
        "https://017700000001/",
        "https://127.1/",
    ] {
        let got = relay_to(&relay, target, &[], b"").await;
        assert_eq!(
            (got.status.as_u16(), got.rule().as_deref()),
            (400, Some("bad_target")),
            "{target}"
        );
    }
    relay.stop().await;
}

#[tokio::test]
async fn ssrf_localhost_name_resolving_to_loopback_is_refused_private_address() {
    let up = upstream().await;
    let relay = relay(config(&[], &[])).await;
    let target = format!("https://localhost:{}/echo", up.server.addr.port());
    let got = relay_to(&relay, &target, &[], b"").await;
    assert_eq!(got.rule().as_deref(), Some("private_address"));
    assert!(got.message().contains("resolves to"), "{}", got.message());
    assert!(up.seen().is_empty());
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn ssrf_name_rebinding_to_loopback_is_refused_before_connect() {
    // "rebind.test" stands for a name whose DNS answer now points at the capture server.
    let up = upstream().await;
    let relay = relay(with_dns(config(&[], &[]), "rebind.test", "127.0.0.1")).await;
    let target = format!("https://rebind.test:{}/echo", up.server.addr.port());
    let got = relay_to(&relay, &target, &[], b"").await;
    assert_eq!(got.rule().as_deref(), Some("private_address"));
    assert!(up.seen().is_empty(), "no connection reached the address");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn ssrf_name_resolving_to_loopback_under_public_allow_target_is_refused() {
    // The DNS answer is loopback, not 10/8: even a broken guard would send nothing off-host.
    let cfg = with_dns(config(&["https://idp.test"], &[]), "idp.test", "127.0.0.1");
    let relay = relay(cfg).await;
    let got = relay_to(&relay, "https://idp.test/token", &[], b"").await;
    assert_eq!(got.rule().as_deref(), Some("private_address"));
    relay.stop().await;
}

#[tokio::test]
async fn ssrf_allow_target_naming_localhost_is_forwarded() {
    let up = upstream().await;
    let prefix = format!("http://localhost:{}", up.server.addr.port());
    let relay = relay(config(&[&prefix], &[])).await;
    let got = relay_to(&relay, &format!("{prefix}/echo"), &[], b"").await;
    assert_eq!(got.rule(), None, "{:?}", String::from_utf8_lossy(&got.body));
    assert_eq!(up.seen().len(), 1);
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn ssrf_allow_private_flag_lets_loopback_reach_connect() {
    // https to the plain-http capture server: the guard lets it through, TLS then fails (502).
    let up = upstream().await;
    let mut cfg = config(&[], &[]);
    cfg.policy.allow_private = true;
    let relay = relay(cfg).await;
    let target = format!("https://127.0.0.1:{}/echo", up.server.addr.port());
    let got = relay_to(&relay, &target, &[], b"").await;
    assert_eq!(got.status, 502);
    assert_eq!(got.rule().as_deref(), Some("upstream_unreachable"));
    relay.stop().await;
    up.stop().await;
}
