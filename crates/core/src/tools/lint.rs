//! The live linter: findings about a token request, each with a severity, the RFC/BCP section
//! it rests on, and a one-line fix. It explains; it never blocks sending.

use crate::assertion::LONG_LIFETIME_SECS;
use crate::draft::Draft;
use crate::encoding::form_urlencode;
use crate::http::is_forbidden_request_header;
use crate::request::{GRANT_TYPE, TokenRequest};
use crate::types::AuthMethod;
use crate::url::{Scheme, is_loopback_host};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A spec violation a conforming server rejects.
    Error,
    /// Likely to fail or unsafe, though some servers accept it.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Lower-case name for display and CSS.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Stable identifier (for tests and docs), e.g. `token-url-not-https`.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// The section it rests on, e.g. "RFC 6749 §3.2".
    pub citation: &'static str,
    /// What to do about it.
    pub fix: String,
}

fn finding(
    severity: Severity,
    code: &'static str,
    message: impl Into<String>,
    citation: &'static str,
    fix: impl Into<String>,
) -> Finding {
    Finding {
        severity,
        code,
        message: message.into(),
        citation,
        fix: fix.into(),
    }
}

/// Parameters that identify or authenticate the client.
const CREDENTIAL_PARAMS: [&str; 4] = [
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
];

/// Values that are obviously placeholders copied from documentation.
fn looks_like_placeholder(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    let trimmed =
        lower.trim_matches(|c: char| matches!(c, '<' | '>' | '{' | '}' | '[' | ']' | '$'));
    [
        "your_client_secret",
        "your-client-secret",
        "client_secret",
        "secret",
        "changeme",
        "change_me",
        "xxx",
        "xxxx",
        "xxxxxx",
        "password",
        "replace_me",
        "todo",
    ]
    .contains(&trimmed)
        || lower.starts_with("your_")
        || lower.starts_with("<your")
        || lower.starts_with("{{")
        || (lower.len() >= 3 && lower.chars().all(|c| c == 'x' || c == '*'))
}

/// Lints the draft as typed and, when it is valid, the request it produces.
pub fn lint(draft: &Draft, request: Option<&TokenRequest>) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(request) = request {
        lint_request(draft, request, &mut out);
    }
    if draft.auth.uses_secret() && looks_like_placeholder(draft.client_secret.expose()) {
        out.push(finding(
            Severity::Warning,
            "secret-placeholder",
            format!(
                "The client secret \"{}\" looks like a placeholder from documentation.",
                draft.client_secret.expose()
            ),
            "RFC 6749 §2.3.1",
            "Paste the secret issued when the client was registered.",
        ));
    }
    let not_vschar = |s: &str| s.chars().any(|c| !(' '..='~').contains(&c));
    if not_vschar(&draft.client_id)
        || (draft.auth.uses_secret() && not_vschar(draft.client_secret.expose()))
    {
        out.push(finding(
            Severity::Warning,
            "non-ascii-credentials",
            "The client id or secret has characters outside printable ASCII; RFC 6749 allows only VSCHAR (%x20-7E), and strict servers (e.g. oidc-provider) refuse them.",
            "RFC 6749 Appendix A.1, A.2",
            "Check that the credentials were copied correctly; registered credentials are normally ASCII.",
        ));
    }
    if !draft.client_id.is_empty() && draft.client_id == *draft.client_secret.expose() {
        out.push(finding(
            Severity::Warning,
            "id-equals-secret",
            "Client ID and Client secret are identical: one of them is probably in the wrong field.",
            "RFC 6749 §2.2, §2.3.1",
            "The client id is public; the secret is the private value issued with it.",
        ));
    }
    out.sort_by_key(|f| f.severity);
    out
}

fn lint_request(draft: &Draft, request: &TokenRequest, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Row;

    fn codes(draft: &Draft) -> Vec<&'static str> {
        let request = draft.validate().ok();
        lint(draft, request.as_ref())
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn lint_example_has_no_warnings() {
        let findings = lint(&Draft::example(), Draft::example().validate().ok().as_ref());
        assert!(
            findings.iter().all(|f| f.severity == Severity::Info),
            "{findings:?}"
        );
    }

    #[test]
    fn lint_each_rule_fires() {
        let ex = Draft::example;
        let cases: Vec<(Draft, &str)> = vec![
            (
                Draft {
                    token_url: "http://auth.example/token".into(),
                    ..ex()
                },
                "token-url-not-https",
            ),
            (
                Draft {
                    token_url: "https://a.example/t?client_secret=x".into(),
                    ..ex()
                },
                "credentials-in-query",
            ),
            (
                Draft {
                    extra_params: vec![Row::new(1, "client_id", "x")],
                    ..ex()
                },
                "two-auth-methods",
            ),
            (
                Draft {
                    extra_params: vec![Row::new(1, "scope", "x")],
                    ..ex()
                },
                "repeated-parameter",
            ),
            (
                Draft {
                    scope: String::new(),
                    ..ex()
                },
                "empty-scope",
            ),
            (
                Draft {
                    auth: AuthMethod::None,
                    ..ex()
                },
                "public-client",
            ),
            (
                Draft {
                    client_secret: "YOUR_CLIENT_SECRET".into(),
                    ..ex()
                },
                "secret-placeholder",
            ),
            (
                Draft {
                    client_secret: "p@ss w/rd+&:%=".into(),
                    ..ex()
                },
                "basic-special-characters",
            ),
            (
                Draft {
                    client_secret: "my_client_id_123".into(),
                    ..ex()
                },
                "id-equals-secret",
            ),
        ];
        for (draft, code) in cases {
            assert!(
                codes(&draft).contains(&code),
                "{code} not in {:?}",
                codes(&draft)
            );
        }
    }

    #[test]
    fn lint_teaching_mistakes_flagged() {
        let mut draft = Draft::example();
        draft.teaching.enabled = true;
        draft.teaching.grant_type = "password".into();
        draft.teaching.mistakes.use_get = true;
        draft.teaching.mistakes.json_body = true;
        let found = codes(&draft);
        for code in ["wrong-grant-type", "get-request", "json-body"] {
            assert!(found.contains(&code), "{code} not in {found:?}");
        }
    }

    #[test]
    fn lint_jwt_rules_fire() {
        use crate::draft::AssertionState;
        let draft = Draft {
            auth: AuthMethod::ClientSecretJwt,
            assertion_lifetime: "3600".into(),
            assertion: AssertionState::Signed("a.b.c".into()),
            ..Draft::example()
        };
        let found = codes(&draft);
        assert!(found.contains(&"long-assertion-lifetime"), "{found:?}");
        assert!(found.contains(&"short-hmac-secret"), "{found:?}");
    }

    #[test]
    fn lint_loopback_http_is_info_only() {
        let draft = Draft {
            token_url: "http://127.0.0.1:3000/token".into(),
            ..Draft::example()
        };
        let findings = lint(&draft, draft.validate().ok().as_ref());
        let f = findings
            .iter()
            .find(|f| f.code == "token-url-not-https")
            .unwrap();
        assert_eq!(f.severity, Severity::Info);
    }
}
