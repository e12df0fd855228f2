//! Size, time, concurrency and rate limits, each refused with its own rule and status.

use std::time::Duration;

use cc_relay::Limits;

use crate::support::{config, relay, relay_to, upstream};

/// One request through a relay with `tweak`ed limits to `path` on the capture upstream: refused
/// with `status` and `rule`.
async fn refused_for(path: &str, tweak: impl FnOnce(&mut Limits), status: u16, rule: &str) {
    let up = upstream().await;
    let mut cfg = config(&[&up.origin()], &[]);
    tweak(&mut cfg.limits);
    let relay = relay(cfg).await;
    let got = relay_to(&relay, &up.url(path), &[], b"").await;
    assert_eq!(got.status, status);
    assert_eq!(got.rule().as_deref(), Some(rule));
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn limit_request_body_over_max_is_refused_413() {
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let got = relay_to(&relay, &up.url("/echo"), &[], &[b'a'; 2048]).await;
    assert_eq!(got.status, 413);
    assert_eq!(got.rule().as_deref(), Some("request_too_large"));
    assert!(up.seen().is_empty());
    let got = relay_to(&relay, &up.url("/echo"), &[], &[b'a'; 1024]).await;
    assert_eq!(got.rule(), None, "exactly the limit passes");
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn limit_response_over_max_is_refused_502_response_too_large() {
    refused_for("/big", |_| {}, 502, "response_too_large").await;
}

#[tokio::test]
async fn limit_upstream_slower_than_timeout_is_refused_504() {
    let tweak = |l: &mut Limits| l.upstream_timeout = Duration::from_millis(300);
    refused_for("/slow", tweak, 504, "upstream_timeout").await;
}

#[tokio::test]
async fn limit_unreachable_upstream_is_refused_502() {
    // A port on 127.0.0.1 with nothing listening (bound, then closed).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let target = format!("http://127.0.0.1:{port}");
    let relay = relay(config(&[&target], &[])).await;
    let got = relay_to(&relay, &format!("{target}/token"), &[], b"").await;
    assert_eq!(got.status, 502);
    assert_eq!(got.rule().as_deref(), Some("upstream_unreachable"));
    relay.stop().await;
}

#[tokio::test]
async fn limit_concurrency_over_max_is_refused_503() {
    let up = upstream().await;
    let mut cfg = config(&[&up.origin()], &[]);
    cfg.limits.max_in_flight = 1;
    let relay = relay(cfg).await;
    let slow_target = up.url("/slow");
    let slow = relay_to(&relay, &slow_target, &[], b"");
    let second = async {
        // Wait until the slow request holds the only permit (the upstream has seen it).
        for _ in 0..500 {
            if !up.seen().is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        relay_to(&relay, &up.url("/echo"), &[], b"").await
    };
    let (slow, second) = tokio::join!(slow, second);
    assert_eq!(slow.status, 200);
    assert_eq!(second.status, 503);
    assert_eq!(second.rule().as_deref(), Some("concurrency_limit"));
    assert_eq!(second.header("retry-after"), Some("1"));
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn limit_rate_over_burst_is_refused_429_with_retry_after() {
    let up = upstream().await;
    let mut cfg = config(&[&up.origin()], &[]);
    cfg.limits.rate_per_second = 0.5;
    cfg.limits.rate_burst = 2;
    let relay = relay(cfg).await;
    for _ in 0..2 {
        assert_eq!(
            relay_to(&relay, &up.url("/echo"), &[], b"").await.rule(),
            None
        );
    }
    let got = relay_to(&relay, &up.url("/echo"), &[], b"").await;
    assert_eq!(got.status, 429);
    assert_eq!(got.rule().as_deref(), Some("rate_limited"));
    let retry: u64 = got.header("retry-after").unwrap().parse().unwrap();
    assert!(
        (1..=2).contains(&retry),
        "about 2 s at 0.5 token/s: {retry}"
    );
    assert_eq!(up.seen().len(), 2);
    relay.stop().await;
    up.stop().await;
}

#[tokio::test]
async fn limit_whole_request_over_request_timeout_is_refused_408() {
    let tweak = |l: &mut Limits| l.request_timeout = Duration::from_millis(300);
    refused_for("/slow", tweak, 408, "request_timeout").await;
}

#[tokio::test]
async fn limit_chunked_request_body_over_max_is_refused_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let up = upstream().await;
    let relay = relay(config(&[&up.origin()], &[])).await;
    let mut tcp = tokio::net::TcpStream::connect(relay.addr).await.unwrap();
    let head = format!(
        "POST /relay HTTP/1.1\r\nhost: {}\r\nx-relay-target: {}\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        relay.addr,
        up.url("/echo")
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..3 {
        // 3 × 512 bytes, no Content-Length: only counting the streamed body can catch it.
        tcp.write_all(b"200\r\n").await.unwrap();
        tcp.write_all(&[b'a'; 512]).await.unwrap();
        tcp.write_all(b"\r\n").await.unwrap();
    }
    tcp.write_all(b"0\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let read = tcp.read_to_end(&mut answer);
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("\"relay_error\":\"request_too_large\""),
        "{answer}"
    );
    assert!(up.seen().is_empty());
    relay.stop().await;
    up.stop().await;
}
