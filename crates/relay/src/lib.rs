//! `cc-relay`: a small, self-hostable relay that lets the Client Credentials Playground (a browser
//! page) reach real token endpoints, discovery documents, JWKS, introspection and APIs that send no
//! CORS headers, or that refuse a request carrying `Origin`.
//!
//! The page sends `POST /relay` with `X-Relay-Target: <absolute URL>` (and optionally
//! `X-Relay-Method`, `X-Relay-Keep-Origin`, `X-Relay-Headers`); the relay forwards the composed
//! request and returns the upstream answer byte-for-byte. See `README.md` beside this crate for the
//! request format and the security model, and [`error::RULES`] for every refusal rule.
//!
//! The server stack: tokio, axum, tower (load shedding and the concurrency limit), tower-http
//! (CORS per the Fetch standard's CORS protocol, request body limit, request timeout), and
//! hyper-util + hyper-rustls for upstream calls ([`upstream`]).

pub mod addr;
pub mod cli;
pub mod error;
pub mod guard;
pub mod headers;
pub mod policy;
pub mod ratelimit;
mod relay;
pub mod target;
pub mod upstream;

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

pub use error::Refusal;
pub use policy::Policy;
pub use relay::router;

/// Sizes, times and rates the relay enforces. The command line uses [`Limits::default`]; tests
/// and embedders (a benchmark, `cargo xtask serve`) may choose others through [`Config`].
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body forwarded (`request_too_large`, 413).
    pub max_request_bytes: usize,
    /// Largest upstream response body returned (`response_too_large`, 502).
    pub max_response_bytes: usize,
    /// Upstream exchange: connect, send, read the whole answer (`upstream_timeout`, 504).
    pub upstream_timeout: Duration,
    /// TCP connect to the upstream (part of `upstream_timeout`; a failure is `upstream_unreachable`).
    pub connect_timeout: Duration,
    /// The whole relay request, including reading the page's body (`request_timeout`, 408).
    pub request_timeout: Duration,
    /// Relay requests in flight at once (`concurrency_limit`, 503).
    pub max_in_flight: usize,
    /// Token bucket per client: refill rate per second (`rate_limited`, 429).
    pub rate_per_second: f64,
    /// Token bucket per client: burst size.
    pub rate_burst: u32,
    /// Clients tracked by the rate limiter at most (the map stays bounded).
    pub max_clients: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_request_bytes: 256 * 1024,
            max_response_bytes: 4 * 1024 * 1024,
            upstream_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(45),
            max_in_flight: 256,
            rate_per_second: 10.0,
            rate_burst: 60,
            max_clients: 10_000,
        }
    }
}

/// Everything the relay is configured with.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `--allow-target` and `--allow-private`.
    pub policy: Policy,
    /// `--allow-origin` values, normalised (`scheme://host[:port]`, lower case, no default port).
    pub allow_origins: Vec<String>,
    pub limits: Limits,
    /// Fixed name → addresses answers used before the system resolver, still checked by the SSRF
    /// guard (tests use this to stand for a DNS answer, e.g. a rebinding name → `127.0.0.1`).
    pub dns_overrides: HashMap<String, Vec<IpAddr>>,
}

/// Serves the relay on `listener` until `shutdown` completes (graceful: in-flight requests finish).
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
