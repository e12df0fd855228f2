//! Refusals: every rule that stops a request answers with its own status and the JSON body
//! `{"relay_error": "<rule>", "message": "…"}`, plus an `X-Relay-Error: <rule>` header so the page
//! can tell a relay refusal from an upstream answer without parsing the body. Both are exposed to
//! the page (Fetch standard, CORS protocol: `Access-Control-Expose-Headers`).

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};

/// The response header naming the rule that refused a request.
pub const X_RELAY_ERROR: &str = "x-relay-error";

/// A refusal by one named rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The rule's stable name (documented in the README), e.g. `private_address`.
    pub rule: &'static str,
    pub status: StatusCode,
    pub message: String,
    /// Seconds for `Retry-After` (RFC 9110 §10.2.3), for 429 and 503.
    pub retry_after: Option<u64>,
}

macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident => $status:ident;)*) => {
        impl Refusal {
            $(
                $(#[$doc])*
                pub fn $name(message: String) -> Refusal {
                    Refusal { rule: stringify!($name), status: StatusCode::$status, message, retry_after: None }
                }
            )*
        }
        /// Every rule name with its status, for the README table and its test.
        pub const RULES: &[(&str, StatusCode)] = &[$((stringify!($name), StatusCode::$status)),*];
    };
}

rules! {
    /// The request's `Origin` is not one of `--allow-origin`.
    origin_not_allowed => FORBIDDEN;
    /// `X-Relay-Target` missing or not an acceptable absolute http(s) URL.
    bad_target => BAD_REQUEST;
    /// `X-Relay-Method` is not a method the relay forwards.
    bad_method => BAD_REQUEST;
    /// The target is not under any `--allow-target` prefix.
    target_not_allowed => FORBIDDEN;
    /// A plain-http target without an `--allow-target` naming it.
    https_only => FORBIDDEN;
    /// The target is, or resolves to, a loopback/private/link-local/metadata/… address.
    private_address => FORBIDDEN;
    /// The request body is larger than the relay accepts.
    request_too_large => PAYLOAD_TOO_LARGE;
    /// The client did not send its request in time.
    request_timeout => REQUEST_TIMEOUT;
    /// The client IP used up its token bucket.
    rate_limited => TOO_MANY_REQUESTS;
    /// Too many requests in flight in this relay.
    concurrency_limit => SERVICE_UNAVAILABLE;
    /// The upstream could not be reached (DNS, TCP or TLS failed).
    upstream_unreachable => BAD_GATEWAY;
    /// The upstream response body is larger than the relay returns.
    response_too_large => BAD_GATEWAY;
    /// The upstream did not answer in time.
    upstream_timeout => GATEWAY_TIMEOUT;
    /// No such endpoint on the relay.
    not_found => NOT_FOUND;
    /// The relay endpoint does not take this method.
    method_not_allowed => METHOD_NOT_ALLOWED;
}

impl Refusal {
    /// Adds a `Retry-After` in seconds.
    pub fn retry_after(mut self, secs: u64) -> Refusal {
        self.retry_after = Some(secs);
        self
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "relay_error": self.rule, "message": self.message });
        let mut res = Response::new(Body::from(body.to_string()));
        *res.status_mut() = self.status;
        let h = res.headers_mut();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(X_RELAY_ERROR, HeaderValue::from_static(self.rule));
        h.insert(
            http::header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-relay-error, retry-after"),
        );
        if let Some(secs) = self.retry_after {
            h.insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_response_carries_rule_status_and_json() {
        let res = Refusal::rate_limited("slow down".into())
            .retry_after(3)
            .into_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[X_RELAY_ERROR], "rate_limited");
        assert_eq!(res.headers()[RETRY_AFTER], "3");
        assert_eq!(res.headers()[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn rules_names_are_unique() {
        let mut names: Vec<_> = RULES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }
}
