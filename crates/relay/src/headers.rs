//! Which headers cross the relay, in each direction.
//!
//! Hop-by-hop fields belong to one connection and are never forwarded: `Connection` and every field
//! it names, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`,
//! `Proxy-Authenticate`, `Proxy-Authorization` (RFC 9110 §7.6.1; RFC 7230 §6.1). `Host` and
//! `Content-Length` are recomputed for the upstream message (RFC 9110 §7.2, §8.6).
//!
//! Towards the upstream the relay also drops what the *browser* added about the page rather than
//! what the page composed: `Origin` (unless the request sets `X-Relay-Keep-Origin: 1`, for SPA
//! clients that must send it), `Cookie`, `Referer`, every `Sec-*` field (Fetch standard, forbidden
//! request-header names), the relay's own `X-Relay-*` controls, and `Forwarded`/`X-Forwarded-*`.
//!
//! Towards the page it drops the upstream's own CORS fields (`Access-Control-*`, the relay answers
//! CORS itself) and `Set-Cookie` (cookies are never relayed), and exposes every remaining field
//! name with `Access-Control-Expose-Headers` so the playground can show them.

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue};

/// The relay's control headers on a `POST /relay` request.
pub const X_RELAY_TARGET: &str = "x-relay-target";
pub const X_RELAY_METHOD: &str = "x-relay-method";
pub const X_RELAY_KEEP_ORIGIN: &str = "x-relay-keep-origin";
/// Optional: a comma-separated list of the header names the page composed. When present, only
/// those are forwarded (still minus the never-forwarded ones), so browser-added fields such as
/// `User-Agent` or `Accept-Language` do not reach the upstream.
pub const X_RELAY_HEADERS: &str = "x-relay-headers";

/// RFC 9110 §7.6.1 hop-by-hop fields (RFC 7230 §6.1).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "proxy-authenticate",
    "proxy-authorization",
];

/// The field names listed in `Connection` (also hop-by-hop, RFC 9110 §7.6.1).
fn connection_listed(headers: &HeaderMap) -> Vec<String> {
    comma_list(headers.get_all(header::CONNECTION).iter())
}

fn comma_list<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Vec<String> {
    values
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_hop_by_hop(name: &str, listed: &[String]) -> bool {
    HOP_BY_HOP.contains(&name) || listed.iter().any(|l| l == name)
}

/// True for fields the relay never sends upstream, whatever the page asked.
fn never_forwarded(name: &str, keep_origin: bool) -> bool {
    matches!(
        name,
        "host" | "content-length" | "cookie" | "referer" | "forwarded"
    ) || (name == "origin" && !keep_origin)
        || name.starts_with("sec-")
        || name.starts_with("x-relay-")
        || name.starts_with("x-forwarded-")
        || name.starts_with("access-control-request-")
}

/// The headers to send upstream, from the headers of the page's request to the relay.
pub fn upstream_request_headers(incoming: &HeaderMap, keep_origin: bool) -> HeaderMap {
    let listed = connection_listed(incoming);
    let only: Option<Vec<String>> = incoming
        .contains_key(X_RELAY_HEADERS)
        .then(|| comma_list(incoming.get_all(X_RELAY_HEADERS).iter()));
    let mut out = HeaderMap::new();
    for (name, value) in incoming {
        let n = name.as_str();
        if is_hop_by_hop(n, &listed) || never_forwarded(n, keep_origin) {
            continue;
        }
        let listed_by_page = |only: &Vec<String>| only.iter().any(|o| o == n);
        if only
            .as_ref()
            .is_some_and(|o| !(listed_by_page(o) || n == "origin" && keep_origin))
        {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

/// The headers to return to the page, from the upstream response, plus
/// `Access-Control-Expose-Headers` listing them.
pub fn page_response_headers(upstream: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(upstream);
    let mut out = HeaderMap::new();
    let mut exposed: Vec<&str> = Vec::new();
    for (name, value) in upstream {
        let n = name.as_str();
        if is_hop_by_hop(n, &listed)
            || n == "content-length"
            || n.starts_with("access-control-")
            || n == "set-cookie"
            || n == "set-cookie2"
        {
            continue;
        }
        if !exposed.contains(&n) {
            exposed.push(n);
        }
        out.append(name.clone(), value.clone());
    }
    if let (false, Ok(v)) = (
        exposed.is_empty(),
        HeaderValue::from_str(&exposed.join(", ")),
    ) {
        out.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
    out
}

/// The `X-Relay-Keep-Origin` flag: `1` or `true` (case-insensitive).
pub fn keep_origin(incoming: &HeaderMap) -> bool {
    incoming
        .get(X_RELAY_KEEP_ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Reads one control header as text.
pub fn control<'a>(incoming: &'a HeaderMap, name: &str) -> Option<&'a str> {
    incoming
        .get(HeaderName::from_bytes(name.as_bytes()).ok()?)?
        .to_str()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        m
    }

    fn names(m: &HeaderMap) -> Vec<&str> {
        m.keys().map(HeaderName::as_str).collect()
    }

    #[test]
    fn upstream_headers_browser_and_hop_fields_are_dropped() {
        let incoming = map(&[
            ("host", "relay.local"),
            ("origin", "http://app.local"),
            ("cookie", "a=b"),
            ("referer", "http://app.local/x"),
            ("sec-fetch-mode", "cors"),
            ("sec-ch-ua", "x"),
            ("connection", "keep-alive, x-private"),
            ("x-private", "1"),
            ("keep-alive", "timeout=5"),
            ("te", "trailers"),
            ("x-relay-target", "https://a.example/"),
            ("x-forwarded-for", "1.2.3.4"),
            ("content-length", "3"),
            ("authorization", "Basic abc"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "application/json"),
        ]);
        let out = upstream_request_headers(&incoming, false);
        assert_eq!(names(&out), vec!["authorization", "content-type", "accept"]);
    }

    #[test]
    fn upstream_headers_keep_origin_forwards_origin() {
        let incoming = map(&[("origin", "http://app.local"), ("accept", "*/*")]);
        let out = upstream_request_headers(&incoming, true);
        assert_eq!(out["origin"], "http://app.local");
    }

    #[test]
    fn upstream_headers_x_relay_headers_limits_to_listed() {
        let incoming = map(&[
            ("x-relay-headers", "Content-Type, authorization"),
            ("content-type", "application/json"),
            ("authorization", "Bearer t"),
            ("user-agent", "Mozilla"),
            ("accept-language", "en"),
            ("cookie", "a=b"),
        ]);
        let out = upstream_request_headers(&incoming, false);
        assert_eq!(names(&out), vec!["content-type", "authorization"]);
    }

    #[test]
    fn page_headers_cors_cookies_and_hop_fields_are_dropped_rest_exposed() {
        let upstream = map(&[
            ("content-type", "application/json"),
            ("cache-control", "no-store"),
            ("transfer-encoding", "chunked"),
            ("content-length", "12"),
            ("access-control-allow-origin", "*"),
            ("set-cookie", "s=1"),
            ("www-authenticate", "Bearer"),
            ("x-custom", "a"),
            ("x-custom", "b"),
        ]);
        let out = page_response_headers(&upstream);
        assert_eq!(
            out[header::ACCESS_CONTROL_EXPOSE_HEADERS],
            "content-type, cache-control, www-authenticate, x-custom"
        );
        assert_eq!(out.get_all("x-custom").iter().count(), 2);
        assert!(out.get("set-cookie").is_none());
        assert!(out.get("access-control-allow-origin").is_none());
        assert!(out.get("transfer-encoding").is_none());
    }

    #[test]
    fn keep_origin_flag_accepts_one_or_true_only() {
        assert!(keep_origin(&map(&[("x-relay-keep-origin", "1")])));
        assert!(keep_origin(&map(&[("x-relay-keep-origin", "TRUE")])));
        assert!(!keep_origin(&map(&[("x-relay-keep-origin", "0")])));
        assert!(!keep_origin(&HeaderMap::new()));
    }
}
