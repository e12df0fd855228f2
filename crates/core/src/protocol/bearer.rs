//! Using the access token: the API request with `Authorization: Bearer` (RFC 6750 §2.1) or, for a
//! DPoP-bound token, `Authorization: DPoP` plus a `DPoP` proof (RFC 9449 §7.1), and the meaning of
//! a `WWW-Authenticate: Bearer` (RFC 6750 §3) or `DPoP` (RFC 9449 §7.1) challenge.

use super::dpop::DPOP_HEADER;
use super::http::{BodyKind, Header, HttpRequest};
use super::url::{TokenUrl, UrlError};

/// The API request carrying the token (RFC 6750 §2.1). `body` is sent as is (with
/// `Content-Type: application/json` when non-empty) for methods other than GET/HEAD.
pub fn api_request(
    url: &str,
    method: &str,
    token: &str,
    body: &str,
) -> Result<HttpRequest, UrlError> {
    build(url, method, &format!("Bearer {token}"), None, body)
}

/// The API request carrying a DPoP-bound token (RFC 9449 §7.1): `Authorization: DPoP <token>`
/// and the proof in a `DPoP` header (made for this method and URL, with `ath`). Otherwise as
/// [`api_request`].
pub fn api_request_dpop(
    url: &str,
    method: &str,
    token: &str,
    proof: &str,
    body: &str,
) -> Result<HttpRequest, UrlError> {
    build(url, method, &format!("DPoP {token}"), Some(proof), body)
}

fn build(
    url: &str,
    method: &str,
    authorization: &str,
    proof: Option<&str>,
    body: &str,
) -> Result<HttpRequest, UrlError> {
    let url = TokenUrl::parse(url)?;
    let mut headers = vec![
        Header::new("Host", url.host_header()),
        Header::new("Accept", "application/json"),
        Header::sensitive("Authorization", authorization),
    ];
    if let Some(proof) = proof {
        headers.push(Header::new(DPOP_HEADER, proof));
    }
    let body = if matches!(method, "GET" | "HEAD") {
        ""
    } else {
        body
    };
    if !body.is_empty() {
        headers.push(Header::new("Content-Type", "application/json"));
        headers.push(Header::new("Content-Length", body.len().to_string()));
    }
    Ok(HttpRequest {
        method: method.to_string(),
        url: url.to_string(),
        target: url.request_target(),
        masked_target: None,
        unsent_headers: Vec::new(),
        headers,
        body: body.as_bytes().to_vec(),
        body_kind: if body.is_empty() {
            BodyKind::Empty
        } else {
            BodyKind::Raw
        },
        params: Vec::new(),
    })
}

/// A parsed `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Challenge {
    /// `realm`.
    pub realm: Option<String>,
    /// `error`: invalid_request, invalid_token or insufficient_scope (RFC 6750 §3.1).
    pub error: Option<String>,
    /// `error_description`.
    pub error_description: Option<String>,
    /// `scope` the resource needs.
    pub scope: Option<String>,
}

/// Parses a Bearer challenge: `Bearer` followed by `name="value"` or `name=token` pairs.
/// Returns `None` when the scheme is not Bearer.
pub fn parse_challenge(header: &str) -> Option<Challenge> {
    parse_scheme_challenge(header, "bearer")
}

/// Parses a DPoP challenge (RFC 9449 §7.1): `DPoP error="use_dpop_nonce", algs="ES256"`; the
/// same parameters as a Bearer one (`algs` is not kept). Returns `None` for another scheme.
pub fn parse_dpop_challenge(header: &str) -> Option<Challenge> {
    parse_scheme_challenge(header, "dpop")
}

fn parse_scheme_challenge(header: &str, wanted: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case(wanted) {
        return None;
    }
    let mut challenge = Challenge::default();
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let name = name
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end.min(quoted.len())..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        match name.as_str() {
            "realm" => challenge.realm = Some(value),
            "error" => challenge.error = Some(value),
            "error_description" => challenge.error_description = Some(value),
            "scope" => challenge.scope = Some(value),
            _ => {}
        }
        rest = remaining.trim_start().trim_start_matches(',').trim_start();
    }
    Some(challenge)
}

impl Challenge {
    /// What the challenge means and what to do (RFC 6750 §3.1).
    pub fn explanation(&self) -> String {
        match self.error.as_deref() {
            None => "The API wants a bearer token and got none it could use (RFC 6750 §3): send the access token in the Authorization header.".into(),
            Some("invalid_request") => "The request is malformed, e.g. the token was sent in more than one way (RFC 6750 §3.1).".into(),
            Some("invalid_token") => "The token is expired, revoked, malformed, or not meant for this API (wrong audience): request a new one, with the right resource or audience (RFC 6750 §3.1).".into(),
            Some("insufficient_scope") => format!(
                "The token lacks the scope this API needs{}: request it in Scope and get a new token (RFC 6750 §3.1).",
                self.scope.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
            ),
            Some(other) => format!("The API answered with the error {other:?}, not one RFC 6750 §3.1 defines."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_challenge_quoted_and_token_values() {
        let c = parse_challenge(r#"Bearer realm="example", error="invalid_token", error_description="The access token \"x\" expired""#).unwrap();
        assert_eq!(c.realm.as_deref(), Some("example"));
        assert_eq!(c.error.as_deref(), Some("invalid_token"));
        assert_eq!(
            c.error_description.as_deref(),
            Some("The access token \"x\" expired")
        );
        let c = parse_challenge("Bearer error=insufficient_scope, scope=\"orders:read\"").unwrap();
        assert_eq!(c.scope.as_deref(), Some("orders:read"));
        assert!(c.explanation().contains("(orders:read)"));
        assert_eq!(parse_challenge("Basic realm=\"x\""), None);
        assert_eq!(parse_challenge("Bearer").unwrap(), Challenge::default());
    }

    #[test]
    fn api_request_bearer_masked_and_get_has_no_body() {
        let r = api_request(
            "https://api.example/orders?x=1",
            "GET",
            "tok123",
            "{\"a\":1}",
        )
        .unwrap();
        let text = r.render(true);
        assert!(text.starts_with("GET /orders?x=1 HTTP/1.1\nHost: api.example\n"));
        assert!(text.contains("Authorization: Bearer ••••••••\n"));
        assert!(!text.contains("tok123"));
        assert!(r.body.is_empty());
        let post = api_request("https://api.example/orders", "POST", "t", "{\"a\":1}").unwrap();
        assert_eq!(post.header("Content-Length"), Some("7"));
    }

    #[test]
    fn api_request_dpop_scheme_and_proof_header() {
        let r = api_request_dpop("https://api.example/o?x=1", "GET", "tok", "a.b.c", "").unwrap();
        let text = r.render(false);
        assert!(
            text.contains("Authorization: DPoP tok\nDPoP: a.b.c\n"),
            "{text}"
        );
        assert!(r.render(true).contains("Authorization: DPoP ••••••••\n"));
        let c = parse_dpop_challenge(r#"DPoP error="use_dpop_nonce", algs="ES256""#).unwrap();
        assert_eq!(c.error.as_deref(), Some("use_dpop_nonce"));
        assert_eq!(parse_dpop_challenge("Bearer error=x"), None);
    }
}
