//! The HTTPS client that calls upstreams: hyper-util's connection-pooling client over hyper-rustls
//! (rustls with the `ring` provider and the webpki root store), HTTP/1.1.
//!
//! Why hyper-util + hyper-rustls rather than reqwest: axum already builds on hyper and hyper-util,
//! so the client adds only hyper-rustls and rustls to the build; and this client does nothing
//! behind the relay's back — it follows no redirect (RFC 9110 §15.4: a 3xx is returned as is),
//! reads no proxy variables from the environment, decompresses nothing (the body stays
//! byte-for-byte) — while its resolver hook (`HttpConnector::new_with_resolver`) is exactly where
//! the SSRF guard must sit: on the addresses the connector will connect to ([`crate::guard`]).

use std::collections::HashMap;
use std::error::Error as StdError;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::Refusal;
use crate::guard::{GuardedConnector, GuardedResolver, find_address_refusal};
use crate::policy::Policy;

/// The pooled upstream client.
pub type UpstreamClient = Client<HttpsConnector<GuardedConnector>, Full<Bytes>>;

/// Builds the client: guarded resolver, connect timeout, TLS with the webpki roots, http and https
/// (plain http only ever reaches targets an `--allow-target` names; the policy checks that first).
pub fn client(
    policy: &Policy,
    overrides: HashMap<String, Vec<IpAddr>>,
    connect_timeout: Duration,
) -> UpstreamClient {
    let mut http = HttpConnector::new_with_resolver(GuardedResolver::new(policy, overrides));
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("the ring provider supports the default TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(GuardedConnector::new(policy, http));
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .pool_timer(TokioTimer::new())
        .build(https)
}

/// The upstream's answer, its body read in full.
pub struct Answer {
    pub head: http::response::Parts,
    pub body: Bytes,
}

/// Sends `req`, reads at most `max_body` bytes of the answer, all within `timeout`.
///
/// Refusals: `private_address` (the guarded resolver refused the name), `upstream_unreachable`,
/// `response_too_large`, `upstream_timeout`.
pub async fn call(
    client: &UpstreamClient,
    req: Request<Full<Bytes>>,
    max_body: usize,
    timeout: Duration,
) -> Result<Answer, Refusal> {
    let exchange = async {
        let res: Response<_> = client.request(req).await.map_err(|e| connect_refusal(&e))?;
        let (head, incoming) = res.into_parts();
        let too_large = || {
            Refusal::response_too_large(format!(
                "the upstream response body is larger than this relay returns ({max_body} bytes)"
            ))
        };
        let body = Limited::new(incoming, max_body)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    too_large()
                } else {
                    Refusal::upstream_unreachable(format!(
                        "the upstream connection failed while reading the body: {}",
                        chain(e.as_ref())
                    ))
                }
            })?;
        Ok(Answer {
            head,
            body: body.to_bytes(),
        })
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .unwrap_or_else(|_| {
            Err(Refusal::upstream_timeout(format!(
                "the upstream did not answer within {} s",
                timeout.as_secs_f64()
            )))
        })
}

fn connect_refusal(err: &hyper_util::client::legacy::Error) -> Refusal {
    if let Some(refused) = find_address_refusal(err) {
        return refused.0.clone();
    }
    Refusal::upstream_unreachable(format!("could not reach the upstream: {}", chain(err)))
}

/// An error and its sources as one line (no URL is ever part of these errors).
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut line = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        let part = e.to_string();
        if !line.contains(&part) {
            line = format!("{line}: {part}");
        }
        cur = e.source();
    }
    line
}
