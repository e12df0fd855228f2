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

/// The likely causes of a request that got no readable response, most likely first.
/// `page_origin` is the playground's own origin, e.g. `https://playground.example`.
pub fn diagnose(request: &HttpRequest, page_origin: &str) -> Vec<Cause> {
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
    if target_origin != page_origin {
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
        let mut fix = format!(
            "Allow this origin on the server (client/CORS settings), so that it answers with: {}.",
            headers.join("; ")
        );
        if let Some(fact) = provider_fact(host) {
            fix.push(' ');
            fix.push_str(fact);
        }
        causes.push(Cause {
            title: "CORS: the server does not allow this page's origin".into(),
            detail,
            fix,
        });
    }
    causes.push(Cause {
        title: "The server could not be reached".into(),
        detail: format!("The name {host} may not resolve, the connection may be refused (nothing listening), or the TLS certificate may not be trusted by this browser."),
        fix: "Open the token URL's origin in a browser tab, or run the curl command below outside the browser.".into(),
    });
    causes
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
