//! The linter's rules about a valid token request: its URL (RFC 6749 §3.2, Fetch standard), its
//! parameters (§3.2, §4.4.2), the client authentication (§2.3, RFC 7523, RFC 7518) and extra
//! header fields (Fetch standard §2.2.2). Each adds its findings in a fixed order.

use super::{CREDENTIAL_PARAMS, Finding, Severity, finding};
use crate::assertion::LONG_LIFETIME_SECS;
use crate::draft::Draft;
use crate::encoding::form_urlencode;
use crate::http::is_forbidden_request_header;
use crate::request::{GRANT_TYPE, TokenRequest};
use crate::types::AuthMethod;
use crate::url::{Scheme, is_loopback_host};

/// Every rule about `request` (built from `draft`), in order.
pub(super) fn lint_request(draft: &Draft, request: &TokenRequest, out: &mut Vec<Finding>) {
    token_url(request, out);
    repeated_credentials(request, out);
    grant(request, out);
    client_authentication(draft, request, out);
    extra_headers(request, out);
}

/// The token URL: a port browsers refuse, plain http, credentials in the query.
fn token_url(request: &TokenRequest, out: &mut Vec<Finding>) {
    let url = &request.token_url;
    if let Some(port) = url.port().filter(|p| crate::url::is_bad_port(*p)) {
        out.push(finding(
            Severity::Error,
            "bad-port",
            format!("Browsers refuse to connect to port {port}: it is on the Fetch standard's list of bad ports, so a live send fails before it leaves the browser."),
            "Fetch standard §2.9",
            "Run the server on another port (e.g. 8443), or call it from curl or a backend.",
        ));
    }
    if url.scheme() == Scheme::Http {
        let (severity, fix) = if is_loopback_host(url.host()) {
            (
                Severity::Info,
                "Fine for a local test server; use https:// anywhere else.",
            )
        } else {
            (
                Severity::Error,
                "Use the https:// URL of the token endpoint.",
            )
        };
        out.push(finding(
            severity,
            "token-url-not-https",
            "The token URL is http://: the client secret and the token travel unencrypted.",
            "RFC 6749 §3.2, §2.3.1; RFC 9700 §2",
            fix,
        ));
    }
    let query = url.request_target();
    let query = query.split_once('?').map(|(_, q)| q).unwrap_or_default();
    if query.split('&').any(|kv| {
        let name = kv.split('=').next().unwrap_or_default();
        CREDENTIAL_PARAMS.contains(&name)
    }) {
        out.push(finding(
            Severity::Error,
            "credentials-in-query",
            "The token URL's query string carries client credentials; URLs end up in logs and history.",
            "RFC 6749 §2.3.1",
            "Remove them from the URL and use the client authentication fields.",
        ));
    }
}

/// Credentials sent twice, and parameters sent more than once.
fn repeated_credentials(request: &TokenRequest, out: &mut Vec<Finding>) {
    let method = request.auth.method();
    let extra_names: Vec<&str> = request
        .extra_params
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let body_credentials = extra_names.iter().any(|n| CREDENTIAL_PARAMS.contains(n));
    let header_auth = request
        .extra_headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
    if (method == AuthMethod::ClientSecretBasic && body_credentials)
        || (method != AuthMethod::ClientSecretBasic && header_auth)
    {
        out.push(finding(
            Severity::Error,
            "two-auth-methods",
            "Credentials are sent twice (in the Authorization header and in the body).",
            "RFC 6749 §2.3",
            "Keep exactly one client authentication method; remove the extra parameter or header.",
        ));
    }
    for fixed in [
        "grant_type",
        "scope",
        "audience",
        "client_id",
        "client_secret",
    ] {
        let builtin = match fixed {
            "grant_type" => true,
            "scope" => !request.scope.is_empty(),
            "audience" => request.audience.is_some(),
            "client_id" => method != AuthMethod::ClientSecretBasic,
            _ => method == AuthMethod::ClientSecretPost,
        };
        let count = extra_names.iter().filter(|n| **n == fixed).count() + usize::from(builtin);
        if count > 1 {
            out.push(finding(
                Severity::Error,
                "repeated-parameter",
                format!("The parameter {fixed} is sent {count} times."),
                "RFC 6749 §3.2",
                format!("Request and response parameters MUST NOT be included more than once: remove the extra {fixed}."),
            ));
        }
    }
}

/// The grant itself: the body's media type, the method, grant_type and scope.
fn grant(request: &TokenRequest, out: &mut Vec<Finding>) {
    if request.mistakes.json_body {
        out.push(finding(
            Severity::Error,
            "json-body",
            "The body is JSON; token requests are application/x-www-form-urlencoded.",
            "RFC 6749 §4.4.2, Appendix B",
            "Send the parameters form-encoded (turn off \"JSON body\").",
        ));
    }
    if request.mistakes.use_get {
        out.push(finding(
            Severity::Error,
            "get-request",
            "The request is a GET with parameters in the query string; the token endpoint requires POST.",
            "RFC 6749 §3.2",
            "Use POST with a form body (turn off \"GET\").",
        ));
    }
    if request.grant_type != GRANT_TYPE {
        out.push(finding(
            Severity::Error,
            "wrong-grant-type",
            format!(
                "grant_type is \"{}\"; the client credentials grant uses \"client_credentials\".",
                request.grant_type
            ),
            "RFC 6749 §4.4.2",
            "Set grant_type=client_credentials.",
        ));
    }
    if request.scope.is_empty() {
        out.push(finding(
            Severity::Info,
            "empty-scope",
            "No scope is requested, so the scope parameter is left out; the server applies its default or refuses.",
            "RFC 6749 §3.3",
            "Add the scopes the API needs, separated by spaces.",
        ));
    }
}

/// The client authentication method and its credentials.
fn client_authentication(draft: &Draft, request: &TokenRequest, out: &mut Vec<Finding>) {
    let method = request.auth.method();
    if method == AuthMethod::None {
        out.push(finding(
            Severity::Warning,
            "public-client",
            "With no client authentication, any one could ask for this client's tokens; the client credentials grant MUST only be used by confidential clients.",
            "RFC 6749 §4.4, §2.1",
            "Use client_secret_basic (or a key-based method) with the client's credentials.",
        ));
    }
    if method == AuthMethod::ClientSecretPost {
        out.push(finding(
            Severity::Info,
            "secret-in-body",
            "client_secret_post puts the secret in the body; the spec prefers HTTP Basic.",
            "RFC 6749 §2.3.1",
            "Use client_secret_basic unless the server supports only this method.",
        ));
    }
    if method == AuthMethod::ClientSecretBasic {
        let encodes = |s: &str| form_urlencode(s) != s;
        if encodes(&draft.client_id) || encodes(draft.client_secret.expose()) {
            out.push(finding(
                Severity::Warning,
                "basic-special-characters",
                "The client id or secret has characters that are form-urlencoded before base64 (RFC 6749 §2.3.1). Servers that skip the decoding will see different credentials.",
                "RFC 6749 §2.3.1, Appendix B",
                "If the server answers invalid_client, try client_secret_post, which has no such ambiguity.",
            ));
        }
    }
    if method.uses_assertion() {
        let lifetime = draft.assertion_lifetime.trim().parse::<u64>().unwrap_or(0);
        if lifetime > LONG_LIFETIME_SECS {
            out.push(finding(
                Severity::Warning,
                "long-assertion-lifetime",
                format!("The client assertion is valid for {lifetime} s; a stolen assertion can be replayed until it expires."),
                "RFC 7523 §3; RFC 9700 §2",
                "Keep the lifetime short (60 s is common) — a fresh assertion is signed for every request anyway.",
            ));
        }
    }
    if method == AuthMethod::ClientSecretJwt && draft.client_secret.expose().len() < 32 {
        out.push(finding(
            Severity::Warning,
            "short-hmac-secret",
            format!(
                "The client secret is {} bytes; HS256 needs a key of at least 32 bytes.",
                draft.client_secret.expose().len()
            ),
            "RFC 7518 §3.2",
            "Use a client secret of 32 bytes or more with client_secret_jwt.",
        ));
    }
}

/// Extra header fields a browser will not send, or that clash with the body's Content-Type.
fn extra_headers(request: &TokenRequest, out: &mut Vec<Finding>) {
    let forbidden: Vec<&str> = request
        .extra_headers
        .iter()
        .filter(|(n, v)| is_forbidden_request_header(n, v))
        .map(|(n, _)| n.as_str())
        .collect();
    if !forbidden.is_empty() {
        out.push(finding(
            Severity::Warning,
            "forbidden-header",
            format!(
                "The browser will not send {}: a page may not set {} (forbidden request-header). The raw request leaves {} out and lists {} as not sent; the simulated server does not receive {} either, as it would not live.",
                forbidden.join(", "),
                if forbidden.len() == 1 { "this header" } else { "these headers" },
                if forbidden.len() == 1 { "it" } else { "them" },
                if forbidden.len() == 1 { "it" } else { "them" },
                if forbidden.len() == 1 { "it" } else { "them" },
            ),
            "Fetch standard §2.2.2",
            "Remove the header; a server that needs it must be called from outside a browser (curl, a backend), where it can be set.",
        ));
    }
    if request
        .extra_headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        out.push(finding(
            Severity::Warning,
            "content-type-override",
            "An extra Content-Type header is sent besides the one the body needs.",
            "RFC 6749 §4.4.2",
            "Remove the extra Content-Type header.",
        ));
    }
}
