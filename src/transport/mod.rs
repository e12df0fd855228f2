//! The only code that performs network IO. Two paths with one shape: the simulated path hands
//! the request's exact bytes to the in-page [`Simulator`]; the live path sends the same request
//! with `fetch` (through gloo-net).

use crate::oauth::http::{Header, HttpRequest, HttpResponse};
use crate::oauth::simulator::Simulator;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use std::fmt;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

/// Where a request goes.
/// Where Send goes: the simulated server or the real endpoint (the URL contract's `mode`).
pub use crate::oauth::prefill::Mode;

/// Why a live request produced no HTTP response the page can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// `fetch` rejected: the browser gives no reason, on purpose. Typical causes are worked out
    /// from the request by `oauth::cors::diagnose`.
    Network(String),
    /// The request did not finish within the timeout and was aborted.
    Timeout(u32),
    /// The endpoint answered with a redirect, which a token endpoint should not do; not followed.
    Redirected,
    /// The request could not even be built (e.g. a header value the browser rejects).
    Build(String),
    /// A newer send started, so this one was aborted.
    Superseded,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(detail) => write!(f, "The request failed before any response could be read ({detail})."),
            Self::Timeout(secs) => write!(f, "No response within {secs} s; the request was aborted."),
            Self::Redirected => f.write_str("The token endpoint answered with a redirect (3xx). It was not followed: token requests carry credentials and must go to the token endpoint itself."),
            Self::Build(detail) => write!(f, "The browser refused to build the request: {detail}"),
            Self::Superseded => f.write_str("A newer request replaced this one, so it was aborted."),
        }
    }
}

impl TransportError {
    /// What usually causes this failure, most likely first, each with what to do.
    /// (Network failures are diagnosed from the request by `oauth::cors::diagnose`.)
    pub fn likely_causes(&self) -> &'static [&'static str] {
        match self {
            Self::Network(_) | Self::Superseded => &[],
            Self::Timeout(_) => {
                &["The server is slow or unreachable; check the URL and the network."]
            }
            Self::Redirected => {
                &["Use the final URL of the token endpoint (see the server's metadata)."]
            }
            Self::Build(_) => {
                &["Check the header names and values for characters browsers refuse."]
            }
        }
    }
}

/// Delivers the request's exact wire bytes to the simulated server and returns its answer;
/// `verified` is the app's verdict on an asymmetric client assertion, if there is one.
pub fn simulate(
    simulator: &mut Simulator,
    bytes: &[u8],
    now_ms: u64,
    verified: Option<bool>,
) -> HttpResponse {
    simulator.handle_bytes_with(bytes, now_ms, verified)
}

/// Headers a page may not set (the browser sets them itself), Fetch standard §2.2.2.
fn browser_controlled(name: &str) -> bool {
    ["host", "content-length", "connection"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// The timeout typed, when it is a whole number of seconds from 1 to 300.
pub fn parse_timeout(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|n| (1..=300).contains(n))
}

/// A handle to abort an in-flight live request.
pub fn abort_controller() -> Option<AbortController> {
    AbortController::new().ok()
}

/// Sends the request with `fetch`: no cookies (`credentials: "omit"`), no cache, redirects not
/// followed, aborted after `timeout_secs` or when `controller` is aborted by a newer send.
pub async fn fetch(
    request: &HttpRequest,
    timeout_secs: u32,
    controller: AbortController,
) -> Result<HttpResponse, TransportError> {
    let signal = controller.signal();
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let method = if request.method == "GET" {
        Method::GET
    } else {
        Method::POST
    };
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&signal));
    for Header { name, value, .. } in &request.headers {
        if !browser_controlled(name) {
            builder = builder.header(name, value);
        }
    }
    let built = if request.body.is_empty() {
        builder.build()
    } else {
        builder.body(String::from_utf8_lossy(&request.body).into_owned())
    }
    .map_err(|e| TransportError::Build(e.to_string()))?;
    let built = with_exact_url(built, request)?;
    let abort = controller.clone();
    let flag = timed_out.clone();
    let timer = set_timeout_with_handle(
        move || {
            flag.set(true);
            abort.abort();
        },
        Duration::from_secs(u64::from(timeout_secs)),
    )
    .ok();
    let result = built.send().await;
    if let Some(timer) = timer {
        timer.clear();
    }
    let response = match result {
        Ok(r) => r,
        Err(_) if timed_out.get() => return Err(TransportError::Timeout(timeout_secs)),
        Err(_) if signal.aborted() => return Err(TransportError::Superseded),
        Err(e) => return Err(TransportError::Network(e.to_string())),
    };
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(TransportError::Redirected);
    }
    let headers = read_headers(&response);
    let body = response
        .binary()
        .await
        .map_err(|e| TransportError::Network(e.to_string()))?;
    Ok(HttpResponse {
        status: response.status(),
        reason: response.status_text(),
        headers,
        body,
    })
}

/// Reads the response headers the browser exposes (CORS hides the others) by converting the
/// iterable `Headers` object into Rust pairs with serde-wasm-bindgen.
fn read_headers(response: &gloo_net::http::Response) -> Vec<Header> {
    let raw = response.headers().into_raw();
    let pairs = js_sys::Array::from(raw.unchecked_ref::<wasm_bindgen::JsValue>());
    serde_wasm_bindgen::from_value::<Vec<(String, String)>>(pairs.into())
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| Header::new(name, value))
        .collect()
}

/// The built request again, sent to `request.url` exactly. gloo-net 0.6 rebuilds the URL when
/// it builds a request and appends `&` to one that has a query (`?a=1` is sent as `?a=1&`), so
/// the target on the wire would differ from the raw view's (issue 14 #8, pinned by
/// tests/e2e/specs/raw-exact.spec.mjs). The new request takes the built one's method, headers,
/// credentials, cache and redirect modes and abort signal, and the request's body.
fn with_exact_url(
    built: gloo_net::http::Request,
    request: &HttpRequest,
) -> Result<gloo_net::http::Request, TransportError> {
    let built: web_sys::Request = built.into();
    let init = web_sys::RequestInit::new();
    init.set_method(&built.method());
    init.set_headers(&built.headers());
    init.set_credentials(built.credentials());
    init.set_cache(built.cache());
    init.set_redirect(built.redirect());
    init.set_signal(Some(&built.signal()));
    if !request.body.is_empty() {
        init.set_body(&wasm_bindgen::JsValue::from_str(&String::from_utf8_lossy(
            &request.body,
        )));
    }
    web_sys::Request::new_with_str_and_init(&request.url, &init)
        .map(gloo_net::http::Request::from)
        .map_err(|e| TransportError::Build(format!("{e:?}")))
}
