//! The live linter: findings about a token request, each with a severity, the RFC/BCP section
//! it rests on, and a one-line fix. It explains; it never blocks sending.

//!
//! The rules about the request itself are in `request.rs`; the DPoP ones (RFC 9449), about a
//! proof and about the proofs the app recorded ([`lint_dpop`]), in `dpop.rs`; the ones about the
//! draft as typed (placeholders, non-ASCII or identical credentials) here.

mod dpop;
mod request;

pub use dpop::{DpopRecord, IAT_SKEW_SECS, MAX_RECORDED_PROOFS, SentProof, lint_dpop};

use crate::draft::Draft;
use crate::request::TokenRequest;
use request::lint_request;

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
        dpop::lint_request_proof(request, &mut out);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Row;
    use crate::types::AuthMethod;

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
