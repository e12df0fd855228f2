//! The only code that performs network IO. Two paths with one shape: the simulated path hands
//! the request's exact bytes to the in-page [`Simulator`](crate::oauth::simulator::Simulator) (through its chunk, `crate::chunks::simulate`); the live path sends the same request
//! with `fetch` (through gloo-net), directly or through a cc-relay ([`relay`]). [`probe`] tells
//! a CORS refusal from an unreachable server after a failed live send.

pub mod probe;
pub mod relay;

pub use relay::RelayError;

use crate::oauth::cors::Reach;
use crate::oauth::http::{Header, HttpRequest, HttpResponse};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use std::fmt;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

/// Where a request goes.
/// Where Send goes: the simulated server or the real endpoint (the URL contract's `mode`).
pub use crate::oauth::prefill::Mode;

/// What a request fetches, so that a failure names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// A token request (RFC 6749 §3.2).
    TokenEndpoint,
    /// An authorization server metadata document (RFC 8414 §3, OpenID Connect Discovery §4).
    Discovery,
    /// A JWK Set (RFC 7517 §5), to verify a JWT access token.
    Jwks,
    /// A token introspection request (RFC 7662 §2).
    Introspection,
    /// A call of a protected resource with the token (RFC 6750 §2.1).
    Api,
    /// An OpenAPI document to import.
    OpenApi,
}

impl Fetched {
    /// What answered, as a sentence's subject: "The token endpoint", "The JWKS URL", ….
    pub fn subject(self) -> &'static str {
        match self {
            Self::TokenEndpoint => "The token endpoint",
            Self::Discovery => "The discovery document's URL",
            Self::Jwks => "The JWKS URL",
            Self::Introspection => "The introspection endpoint",
            Self::Api => "The API",
            Self::OpenApi => "The OpenAPI document's URL",
        }
    }
}

/// Why a live request produced no HTTP response the page can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// `fetch` rejected: the browser gives no reason, on purpose. Typical causes are worked out
    /// from the request and `reach` (what a `no-cors` probe found, [`probe::reach`]) by
    /// `oauth::cors::diagnose_with`.
    Network {
        /// The browser's error text (e.g. "TypeError: Failed to fetch").
        detail: String,
        /// Whether the server answered a `no-cors` probe.
        reach: Reach,
    },
    /// The request, or reading its response body, did not finish within the timeout and was
    /// aborted.
    Timeout(u32),
    /// The URL answered with a redirect (3xx), which is not followed; what was fetched.
    Redirected(Fetched),
    /// The request could not even be built (e.g. a header value the browser rejects).
    Build(String),
    /// A newer send started, so this one was aborted.
    Superseded,
    /// The request went through a relay, and the relay (not the server) failed or refused it.
    Relay(RelayError),
    /// The code of a lazily loaded part (e.g. the simulated server) did not download.
    Chunk(&'static str),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network { detail, .. } => write!(
                f,
                "The request failed before any response could be read ({detail})."
            ),
            Self::Timeout(secs) => {
                write!(f, "No response within {secs} s; the request was aborted.")
            }
            Self::Redirected(what) => {
                write!(
                    f,
                    "{} answered with a redirect (3xx). It was not followed: ",
                    what.subject()
                )?;
                f.write_str(match what {
                    Fetched::TokenEndpoint => {
                        "token requests carry credentials and must go to the token endpoint itself."
                    }
                    Fetched::Introspection => {
                        "introspection requests carry credentials and must go to the introspection endpoint itself."
                    }
                    Fetched::Api => {
                        "this request carries the access token and must go to the API itself."
                    }
                    Fetched::Discovery | Fetched::Jwks | Fetched::OpenApi => {
                        "the playground fetches only the URL given."
                    }
                })
            }
            Self::Build(detail) => write!(f, "The browser refused to build the request: {detail}"),
            Self::Superseded => {
                f.write_str("A newer request replaced this one, so it was aborted.")
            }
            Self::Relay(error) => error.fmt(f),
            Self::Chunk(what) => write!(f, "The page {}.", crate::lazy::missing_code(what)),
        }
    }
}

impl TransportError {
    /// What usually causes this failure, most likely first, each with what to do.
    /// (Network failures are diagnosed from the request by `oauth::cors::diagnose`.)
    pub fn likely_causes(&self) -> Vec<&'static str> {
        match self {
            Self::Network { .. } | Self::Superseded => Vec::new(),
            Self::Relay(error) => error.likely_causes(),
            Self::Chunk(_) => vec![
                "Check the connection and press Send again: the download is retried.",
                "If this page was updated meanwhile, reload it.",
            ],
            Self::Timeout(_) => {
                vec!["The server is slow or unreachable; check the URL and the network."]
            }
            Self::Redirected(Fetched::TokenEndpoint) => {
                vec!["Use the final URL of the token endpoint (see the server's metadata)."]
            }
            Self::Redirected(Fetched::Discovery) => vec![
                "Type the issuer exactly as the server names it (RFC 8414 §2); metadata is fetched from the well-known URL built from it.",
            ],
            Self::Redirected(_) => vec!["Use the final URL (where the redirect points)."],
            Self::Build(_) => {
                vec!["Check the header names and values for characters browsers refuse."]
            }
        }
    }
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

/// A timer that is cleared when dropped: the timeout stays armed until the whole response,
/// body included, has been read (or the fetch failed), whichever way [`fetch`] returns.
struct ArmedTimeout(Option<leptos::prelude::TimeoutHandle>);

impl Drop for ArmedTimeout {
    fn drop(&mut self) {
        if let Some(timer) = self.0.take() {
            timer.clear();
        }
    }
}

/// Sends the request with `fetch` using the request's own method (the one the raw view shows):
/// no cookies (`credentials: "omit"`), no cache, redirects not followed. It is aborted when
/// `timeout_secs` pass before the response *and its body* have arrived (a server that sends its
/// headers and then stalls times out too), or when `controller` is aborted by a newer send.
/// `what` names what is fetched, for the error messages.
pub async fn fetch(
    request: &HttpRequest,
    what: Fetched,
    timeout_secs: u32,
    controller: AbortController,
) -> Result<HttpResponse, TransportError> {
    let signal = controller.signal();
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let method = Method::from_bytes(request.method.as_bytes()).map_err(|_| {
        TransportError::Build(format!("{:?} is not an HTTP method", request.method))
    })?;
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
    let _armed = ArmedTimeout(
        set_timeout_with_handle(
            move || {
                flag.set(true);
                abort.abort();
            },
            Duration::from_secs(u64::from(timeout_secs)),
        )
        .ok(),
    );
    // Aborting also errors a body being read (Fetch standard §4.1 "abort fetch"), so one rule
    // names the cause of a failure at either stage.
    let failure = |e: gloo_net::Error| {
        if timed_out.get() {
            TransportError::Timeout(timeout_secs)
        } else if signal.aborted() {
            TransportError::Superseded
        } else {
            TransportError::Network {
                detail: e.to_string(),
                reach: Reach::Unknown,
            }
        }
    };
    let response = built.send().await.map_err(failure)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(TransportError::Redirected(what));
    }
    let headers = read_headers(&response);
    let body = response.binary().await.map_err(failure)?;
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
