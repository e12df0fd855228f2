//! The playground's side of `cc-relay` (crates/relay/README.md "Request format"): the Relay URL
//! setting, the `POST /relay` request that carries a composed request, and reading the relay's
//! refusals (`{"relay_error", "message"}` with an `X-Relay-Error` header) apart from the
//! upstream's own answers.
//!
//! The relay forwards exactly the request the page composed — method, target, headers, body —
//! and returns the upstream's response byte for byte, so the raw view's request is the one that
//! reaches the token endpoint. What the browser adds (`Origin`, `Cookie`, `Referer`, `Sec-*`,
//! `User-Agent`, …) stays out: `X-Relay-Headers` names the composed headers, and the relay
//! forwards only those (and `Origin` only with `X-Relay-Keep-Origin: 1`).

use crate::http::{BodyKind, Header, HttpRequest, HttpResponse};
use crate::url::{TokenUrl, UrlError};

/// Where `cargo xtask serve` starts a relay, and where the CORS doctor looks for one.
pub const DEFAULT_RELAY: &str = "http://127.0.0.1:8787";
/// The upstream URL, exactly as sent.
pub const X_RELAY_TARGET: &str = "X-Relay-Target";
/// The upstream method (the relay's default is `POST`).
pub const X_RELAY_METHOD: &str = "X-Relay-Method";
/// The composed header names: the relay forwards only these.
pub const X_RELAY_HEADERS: &str = "X-Relay-Headers";
/// `1`: forward this page's `Origin` (SPA clients, Microsoft Entra AADSTS9002327).
pub const X_RELAY_KEEP_ORIGIN: &str = "X-Relay-Keep-Origin";
/// On a response: the rule that refused the request (the relay's own answer, never the
/// upstream's).
pub const X_RELAY_ERROR: &str = "X-Relay-Error";

/// Headers the browser sets itself (Fetch standard §2.2.2): not sent by the page, so not named
/// in `X-Relay-Headers` (the relay recomputes `Host` and `Content-Length`).
const BROWSER_SET: [&str; 3] = ["host", "content-length", "connection"];

/// A relay to send live requests through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relay {
    /// The relay's base URL, normalised, without a trailing `/` (see [`parse_relay_url`]).
    pub base: String,
    /// Forward this page's `Origin` (`X-Relay-Keep-Origin: 1`).
    pub keep_origin: bool,
}

/// Reads a Relay URL as typed or given in `relay=`: an absolute `http` or `https` URL without
/// credentials, query or fragment (WHATWG URL, as [`TokenUrl::parse`] normalises it), returned
/// without a trailing `/`. A URL ending in the endpoint itself (`…/relay`) is taken as its
/// base. `Err` completes the sentence "The Relay URL …".
pub fn parse_relay_url(text: &str) -> Result<String, String> {
    let url = TokenUrl::parse(text).map_err(|e| match e {
        UrlError::UnsupportedScheme(scheme) => {
            format!("uses the scheme \"{scheme}:\"; a relay is reached over http:// or https://")
        }
        other => other.to_string(),
    })?;
    if text.contains('?') {
        return Err("has a query; give the relay's base URL, e.g. http://127.0.0.1:8787".into());
    }
    let path = url.path().trim_end_matches('/');
    let path = path.strip_suffix("/relay").unwrap_or(path);
    Ok(format!("{}{path}", url.origin()))
}

impl Relay {
    /// `POST <base>/relay`, the relay's one endpoint.
    pub fn endpoint(&self) -> String {
        format!("{}/relay", self.base)
    }

    /// `GET <base>/` answers a JSON description naming `cc-relay` (see [`is_relay_description`]).
    pub fn description_url(&self) -> String {
        format!("{}/", self.base)
    }

    /// The request to the relay that makes it send `request` (RFC 9110 §9.3.3 POST): the
    /// relay's controls, then `request`'s headers and body unchanged.
    pub fn wrap(&self, request: &HttpRequest) -> HttpRequest {
        let composed: Vec<&Header> = request
            .headers
            .iter()
            .filter(|h| !BROWSER_SET.contains(&h.name.to_ascii_lowercase().as_str()))
            .collect();
        let names: Vec<String> = composed
            .iter()
            .map(|h| h.name.to_ascii_lowercase())
            .collect();
        let mut headers = vec![
            Header::new(X_RELAY_TARGET, request.url.clone()),
            Header::new(X_RELAY_METHOD, request.method.clone()),
            Header::new(X_RELAY_HEADERS, names.join(", ")),
        ];
        if self.keep_origin {
            headers.push(Header::new(X_RELAY_KEEP_ORIGIN, "1"));
        }
        headers.extend(composed.into_iter().cloned());
        let endpoint = self.endpoint();
        let target = endpoint
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| "/relay".into());
        HttpRequest {
            method: "POST".into(),
            url: endpoint,
            target,
            masked_target: None,
            headers,
            body: request.body.clone(),
            body_kind: if request.body.is_empty() {
                BodyKind::Empty
            } else {
                BodyKind::Raw
            },
            params: Vec::new(),
            unsent_headers: Vec::new(),
        }
    }
}

/// A refusal by the relay itself: which rule, with the relay's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The rule's name, e.g. `target_not_allowed` (crates/relay/README.md "Refusals").
    pub rule: String,
    /// The relay's message (what happened and what to do).
    pub message: String,
    /// The HTTP status the relay answered with.
    pub status: u16,
}

/// The relay's refusal in `response`, when it is one (`X-Relay-Error` present); `None` for an
/// upstream answer, which is shown as it came, whatever its status.
pub fn refusal(response: &HttpResponse) -> Option<Refusal> {
    let rule = response.header(X_RELAY_ERROR)?.trim().to_string();
    let body: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let message = body
        .as_ref()
        .and_then(|b| b.get("message"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("HTTP {} from the relay", response.status));
    Some(Refusal {
        rule,
        message: message.chars().take(500).collect(),
        status: response.status,
    })
}

/// What to do about a refusal by `rule`, beyond the relay's own message.
pub fn refusal_advice(rule: &str) -> &'static str {
    match rule {
        "target_not_allowed" => {
            "The relay was started with --allow-target prefixes and this URL is under none of them: add its prefix (e.g. --allow-target https://login.example.com/) or use a relay without that limit."
        }
        "https_only" => {
            "Without an --allow-target naming it, the relay forwards only https URLs: use the https URL, or restart the relay with --allow-target for this http origin."
        }
        "private_address" => {
            "The relay refuses loopback, private and link-local addresses (SSRF protection): for a local server, restart it with --allow-private or an --allow-target naming that host."
        }
        "bad_target" | "bad_method" => {
            "The relay could not take this URL or method as given; check the URL (no user@, no fragment, no /../)."
        }
        "rate_limited" | "concurrency_limit" => {
            "The relay is busy or this client sent too many requests: wait a moment (Retry-After) and send again."
        }
        "upstream_unreachable" | "upstream_timeout" => {
            "The relay could not reach the server: check the URL's host and port from the relay's machine."
        }
        "request_too_large" | "response_too_large" => {
            "The relay bounds request (256 KiB) and response (4 MiB) sizes."
        }
        "not_found" | "method_not_allowed" => {
            "The Relay URL should be the relay's base URL (e.g. http://127.0.0.1:8787); the playground adds /relay."
        }
        _ => "See crates/relay/README.md \"Refusals\" for this rule.",
    }
}

/// Whether `GET <relay>/` answered as a cc-relay (`{"relay":"cc-relay",…}`), so that a Relay
/// URL pointing at some other server (an HTML page, an API) is named as such instead of its
/// answers being shown as the token endpoint's. `Err` says what answered instead.
pub fn is_relay_description(response: &HttpResponse) -> Result<(), String> {
    let named = serde_json::from_slice::<serde_json::Value>(&response.body)
        .ok()
        .and_then(|v| v.get("relay").and_then(|r| r.as_str().map(str::to_string)));
    if response.status == 200 && named.as_deref() == Some("cc-relay") {
        return Ok(());
    }
    let kind = response
        .header("content-type")
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "no content type".into());
    Err(format!(
        "its base URL answered HTTP {} ({kind}), not cc-relay's description",
        response.status
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_relay_url_endpoint_suffix_and_slash_dropped() {
        assert_eq!(
            parse_relay_url("http://127.0.0.1:8787/relay/").as_deref(),
            Ok("http://127.0.0.1:8787")
        );
    }
}
