//! Diagnosing a live request that produced no readable response (the "CORS doctor").
//!
//! Browsers do not say why `fetch` failed; they only let a page read a cross-origin response
//! when the server opts in (Fetch standard, "CORS protocol"). From the request and the page's
//! origin we can say what the browser had to do (e.g. a preflight) and what the server must
//! answer, and list the likely causes in order.

use crate::http::HttpRequest;
use crate::url::is_loopback_host;

/// The `OPTIONS` request a browser sends before a non-simple cross-origin request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preflight {
    /// `Access-Control-Request-Method`.
    pub method: String,
    /// `Access-Control-Request-Headers`: non-safelisted header names, lower-case, sorted.
    pub headers: Vec<String>,
}

/// Headers whose values are always CORS-safelisted for our purposes (Fetch §2.2.2).
const SAFELISTED: [&str; 3] = ["accept", "accept-language", "content-language"];
/// `Content-Type` values that keep a request simple (Fetch §2.2.2).
const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];
/// Headers the browser sets itself; they never trigger a preflight.
const BROWSER_SET: [&str; 3] = ["host", "content-length", "connection"];

/// The preflight the browser sends for `request`, or `None` when it is a simple request.
pub fn preflight(request: &HttpRequest) -> Option<Preflight> {
    let mut headers: Vec<String> = request
        .headers
        .iter()
        .map(|h| h.name.to_ascii_lowercase())
        .filter(|name| {
            !BROWSER_SET.contains(&name.as_str()) && !SAFELISTED.contains(&name.as_str())
        })
        .filter(|name| {
            if name != "content-type" {
                return true;
            }
            let media = request
                .header("content-type")
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            !SIMPLE_CONTENT_TYPES.contains(&media.as_str())
        })
        .collect();
    headers.sort();
    headers.dedup();
    let simple_method = matches!(request.method.as_str(), "GET" | "HEAD" | "POST");
    (!headers.is_empty() || !simple_method).then(|| Preflight {
        method: request.method.clone(),
        headers,
    })
}

/// One likely cause of a failed live request, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// Short title, e.g. "CORS: the server does not allow this page's origin".
    pub title: String,
    /// What happened, specific to this request.
    pub detail: String,
    /// What to do.
    pub fix: String,
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    if host.starts_with('[') {
        return host.split(']').next().map(|h| &h[1..]).unwrap_or(host);
    }
    host.split(':').next().unwrap_or(host)
}

/// Facts about well-known providers that explain refusals users hit.
fn provider_fact(host: &str) -> Option<&'static str> {
    let host = host.to_ascii_lowercase();
    if host.ends_with("login.microsoftonline.com") || host.ends_with("login.microsoft.com") {
        Some(
            "Microsoft Entra ID only lets a browser redeem tokens cross-origin for clients registered as \"Single-page application\" (error AADSTS9002326 otherwise); confidential clients with secrets are meant to call the token endpoint from a server.",
        )
    } else if host.ends_with("googleapis.com") || host.ends_with("accounts.google.com") {
        Some(
            "Google's token endpoint does not support the client credentials grant for browser clients; service accounts use a signed JWT assertion from a server (RFC 7523 §2.1).",
        )
    } else if host.ends_with(".okta.com") || host.ends_with(".oktapreview.com") {
        Some(
            "Okta answers CORS requests only from origins listed under Security → API → Trusted Origins (with CORS enabled).",
        )
    } else if host.ends_with(".auth0.com") {
        Some(
            "Auth0 allows cross-origin token requests only from the application's \"Allowed Web Origins\".",
        )
    } else if host.contains("keycloak") {
        Some(
            "Keycloak sends CORS headers only for origins listed in the client's \"Web origins\" setting.",
        )
    } else {
        None
    }
}

/// What a `no-cors` probe of the failed URL found (Fetch standard §3.2: a `no-cors` request
/// gets an opaque response from any server that answers, CORS or not, and fails only when
/// nothing could be fetched at all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    /// No probe was made (or it could not be).
    #[default]
    Unknown,
    /// The server answered the probe: it is up, and the browser hid its answer (CORS).
    Reachable,
    /// The probe failed too: DNS, connection or TLS — the request never reached a server.
    Unreachable,
}

/// True for an IP literal host (IPv4 dotted, or IPv6 in brackets or bare): no DNS lookup.
fn is_ip_literal(host: &str) -> bool {
    host.contains(':') || (!host.is_empty() && host.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The port the URL connects to (its explicit port, or the scheme's default).
fn port_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let after_host = authority.rsplit_once(']').map_or(authority, |(_, p)| p);
    match after_host.rsplit_once(':') {
        Some((_, port)) if !port.is_empty() => port.to_string(),
        _ if url.starts_with("https://") => "443".into(),
        _ => "80".into(),
    }
}

/// The likely causes of a request that got no readable response, most likely first, without
/// a probe (see [`diagnose_with`]). `page_origin` is the playground's own origin, e.g.
/// `https://playground.example`.
pub fn diagnose(request: &HttpRequest, page_origin: &str) -> Vec<Cause> {
    diagnose_with(request, page_origin, Reach::Unknown)
}

/// The likely causes of a request that got no readable response, most likely first, told
/// apart by the `no-cors` probe's `reach`: a server that answered the probe refused this page's
/// origin (CORS); one that did not is unreachable (nothing listening, DNS, TLS — DNS only for a
/// host name, TLS only for https).
pub fn diagnose_with(request: &HttpRequest, page_origin: &str, reach: Reach) -> Vec<Cause> {
    let mut causes = Vec::new();
    let host = host_of(&request.url);
    let target_origin = request
        .url
        .split_once("://")
        .map(|(scheme, rest)| {
            format!(
                "{scheme}://{}",
                rest.split(['/', '?', '#']).next().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    if page_origin.starts_with("https://")
        && request.url.starts_with("http://")
        && !is_loopback_host(host)
    {
        causes.push(Cause {
            title: "Mixed content: an http:// endpoint from an https:// page".into(),
            detail: format!(
                "The browser blocks {} before sending it, because this page was loaded over https.",
                request.url
            ),
            fix: "Use the https:// URL of the token endpoint.".into(),
        });
    }
    if target_origin != page_origin && reach != Reach::Unreachable {
        causes.push(cors_cause(
            request,
            page_origin,
            &target_origin,
            host,
            reach,
        ));
    }
    if reach != Reach::Reachable {
        causes.extend(unreachable_causes(request, host, &target_origin, reach));
    }
    causes
}

/// The CORS refusal: what the browser did (preflight or not) and what the server must answer.
fn cors_cause(
    request: &HttpRequest,
    page_origin: &str,
    target_origin: &str,
    host: &str,
    reach: Reach,
) -> Cause {
    let preflight = preflight(request);
    let mut detail = format!(
        "The token URL's origin ({target_origin}) differs from this page's ({page_origin}), so the browser only lets the page read the answer if the server allows it."
    );
    let mut headers = vec![format!("Access-Control-Allow-Origin: {page_origin}")];
    if let Some(p) = &preflight {
        detail.push_str(&format!(
            " This request is not \"simple\", so the browser first sent a preflight: OPTIONS {} with Access-Control-Request-Method: {}{}.",
            request.target,
            p.method,
            if p.headers.is_empty() {
                String::new()
            } else {
                format!(" and Access-Control-Request-Headers: {}", p.headers.join(", "))
            }
        ));
        headers.push(format!("Access-Control-Allow-Methods: {}", p.method));
        if !p.headers.is_empty() {
            headers.push(format!(
                "Access-Control-Allow-Headers: {}",
                p.headers.join(", ")
            ));
        }
    } else {
        detail.push_str(" It is a simple request (no preflight): the server received it, but its answer was not readable.");
    }
    if reach == Reach::Reachable {
        detail.push_str(" A no-cors probe reached the server, so it is up: this is a CORS refusal, not a network failure.");
    }
    let mut fix = format!(
        "Allow this origin on the server (client/CORS settings), so that it answers with: {}. Or send it through a relay (Relay URL): cc-relay sends it from a server, where CORS does not apply.",
        headers.join("; ")
    );
    if let Some(fact) = provider_fact(host) {
        fix.push(' ');
        fix.push_str(fact);
    }
    Cause {
        title: "CORS: the server does not allow this page's origin".into(),
        detail,
        fix,
    }
}

/// Why a request may have reached no server: nothing listening, DNS (host names only), TLS
/// (https only).
fn unreachable_causes(
    request: &HttpRequest,
    host: &str,
    target_origin: &str,
    reach: Reach,
) -> Vec<Cause> {
    let port = port_of(&request.url);
    let probed = if reach == Reach::Unreachable {
        " A no-cors probe could not reach it either."
    } else {
        ""
    };
    let named = !is_ip_literal(host) && !is_loopback_host(host);
    let mut causes = vec![Cause {
        title: format!("Nothing is listening at {host}:{port}"),
        detail: format!(
            "The connection was refused or timed out: no server runs on port {port} of {host}, or a firewall drops the connection.{probed}"
        ),
        fix: "Start the server or check the port; the curl command below prints the exact error."
            .into(),
    }];
    if named {
        causes.insert(
            0,
            Cause {
                title: format!("The name {host} does not resolve (DNS)"),
                detail: format!("The browser could not look up {host}: a typo, or a name only another network knows.{probed}"),
                fix: format!("Check the spelling; `nslookup {host}` or the curl command below names the DNS error."),
            },
        );
    }
    if request.url.starts_with("https://") {
        causes.push(Cause {
            title: "TLS: the server's certificate is not trusted by this browser".into(),
            detail: format!("The TLS handshake with {host} failed: a self-signed or expired certificate, or one for another name."),
            fix: format!("Open {target_origin} in a new tab to see the browser's certificate error."),
        });
    }
    causes
}

/// A Microsoft Entra ID refusal about the `Origin` header, recognised in a token error response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntraOrigin {
    /// AADSTS9002326: a confidential client's token request carried `Origin` (cross-origin
    /// redemption is only for clients registered as "Single-page application").
    ConfidentialWithOrigin,
    /// AADSTS9002327: a "Single-page application" client's token request had no `Origin`.
    SpaWithoutOrigin,
}

impl EntraOrigin {
    /// The AADSTS code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ConfidentialWithOrigin => "AADSTS9002326",
            Self::SpaWithoutOrigin => "AADSTS9002327",
        }
    }

    /// What happened and what to do, in the playground's words.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::ConfidentialWithOrigin => {
                "AADSTS9002326: Microsoft Entra ID refuses a confidential client's token request that carries an Origin header — browsers always send one, and Entra redeems cross-origin only for clients registered as \"Single-page application\". Send it through the relay (Relay URL) with \"Keep Origin (SPA client)\" unticked: cc-relay forwards the request without Origin, as a server would."
            }
            Self::SpaWithoutOrigin => {
                "AADSTS9002327: this client is registered as a \"Single-page application\", and Entra requires its token requests to carry an Origin header, which the relay strips by default. Tick \"Keep Origin (SPA client)\" next to the Relay URL so that the relay forwards this page's Origin."
            }
        }
    }
}

/// Recognises Entra's `Origin` refusals in a token error response body (RFC 6749 §5.2
/// `error_description`, where Entra writes `AADSTSnnnnnnn: …`; also its `error_codes` array).
pub fn entra_origin_error(body: &[u8]) -> Option<EntraOrigin> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let description = value
        .get("error_description")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let has = |code: u64, text: &str| {
        description.contains(text)
            || value
                .get("error_codes")
                .and_then(serde_json::Value::as_array)
                .is_some_and(|codes| codes.iter().any(|c| c.as_u64() == Some(code)))
    };
    if has(9_002_326, "AADSTS9002326") {
        Some(EntraOrigin::ConfidentialWithOrigin)
    } else if has(9_002_327, "AADSTS9002327") {
        Some(EntraOrigin::SpaWithoutOrigin)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::types::AuthMethod;

    fn request(auth: AuthMethod, url: &str) -> HttpRequest {
        Draft {
            auth,
            token_url: url.into(),
            ..Draft::example()
        }
        .validate()
        .unwrap()
        .to_http()
    }

    #[test]
    fn preflight_basic_needs_authorization_header() {
        let p = preflight(&request(
            AuthMethod::ClientSecretBasic,
            "https://as.example/t",
        ))
        .unwrap();
        assert_eq!(p.method, "POST");
        assert_eq!(p.headers, ["authorization"]);
    }

    #[test]
    fn preflight_post_form_is_simple() {
        assert_eq!(
            preflight(&request(
                AuthMethod::ClientSecretPost,
                "https://as.example/t"
            )),
            None
        );
    }

    #[test]
    fn diagnose_mixed_content_and_cors_with_provider_fact() {
        let r = request(
            AuthMethod::ClientSecretBasic,
            "http://login.microsoftonline.com/t/oauth2/v2.0/token",
        );
        let causes = diagnose(&r, "https://playground.example");
        assert!(causes[0].title.starts_with("Mixed content"));
        assert!(causes[1].title.starts_with("CORS"));
        assert!(
            causes[1]
                .detail
                .contains("Access-Control-Request-Headers: authorization")
        );
        assert!(
            causes[1]
                .fix
                .contains("Access-Control-Allow-Origin: https://playground.example")
        );
        assert!(causes[1].fix.contains("AADSTS9002326"));
    }

    #[test]
    fn diagnose_same_origin_loopback_only_reachability() {
        let r = request(AuthMethod::ClientSecretPost, "http://127.0.0.1:8080/token");
        let causes = diagnose(&r, "http://127.0.0.1:8080");
        assert_eq!(causes.len(), 1);
        assert!(causes[0].detail.contains("127.0.0.1"));
    }
}
