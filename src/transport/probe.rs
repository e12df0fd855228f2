//! Probes the CORS doctor uses after a live request failed without a response: a `no-cors`
//! request to the same URL (Fetch standard §3.2: it gets an opaque response from any server
//! that answers, CORS or not, and fails only when nothing could be fetched — DNS, connection,
//! TLS), and `GET /healthz` of a relay at the default address.

use crate::oauth::cors::Reach;
use gloo_net::http::RequestBuilder;
use leptos::prelude::set_timeout_with_handle;
use std::time::Duration;
use web_sys::{RequestCache, RequestCredentials, RequestMode};

/// Aborts a probe after `ms` milliseconds.
async fn bounded(
    builder: RequestBuilder,
    ms: u64,
) -> Option<Result<gloo_net::http::Response, gloo_net::Error>> {
    let controller = super::abort_controller()?;
    let signal = controller.signal();
    let request = builder
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&signal))
        .build()
        .ok()?;
    let timer = set_timeout_with_handle(move || controller.abort(), Duration::from_millis(ms)).ok();
    let result = request.send().await;
    if let Some(timer) = timer {
        timer.clear();
    }
    Some(result)
}

/// Whether the server at `url` answers at all: a `GET` with `mode: "no-cors"` (no headers, no
/// body, no credentials: nothing secret leaves the page), within `ms` milliseconds.
pub async fn reach(url: &str, ms: u64) -> Reach {
    let builder = RequestBuilder::new(url).mode(RequestMode::NoCors);
    match bounded(builder, ms).await {
        Some(Ok(_)) => Reach::Reachable,
        Some(Err(_)) => Reach::Unreachable,
        None => Reach::Unknown,
    }
}

/// Whether a relay answers `GET <base>/healthz` with `ok` to this page (its CORS allows this
/// origin), within `ms` milliseconds.
pub async fn relay_healthy(base: &str, ms: u64) -> bool {
    let builder = RequestBuilder::new(&format!("{base}/healthz"));
    let Some(Ok(response)) = bounded(builder, ms).await else {
        return false;
    };
    response.ok()
        && response
            .binary()
            .await
            .is_ok_and(|body| body.trim_ascii() == b"ok")
}
