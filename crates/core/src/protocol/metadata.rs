//! Authorization server metadata (RFC 8414; OpenID Connect Discovery 1.0 as a fallback):
//! where to find it, what it says, and how it fits the request being composed.

use super::http::{BodyKind, Header, HttpRequest, HttpResponse};
use super::types::AuthMethod;
use super::url::{TokenUrl, UrlError};
use serde_json::Value;
use std::fmt;
use std::ops::Deref;

/// The metadata members the playground uses (RFC 8414 §2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `issuer` (REQUIRED).
    pub issuer: String,
    /// `token_endpoint`.
    pub token_endpoint: Option<String>,
    /// `jwks_uri`.
    pub jwks_uri: Option<String>,
    /// `introspection_endpoint` (RFC 7662).
    pub introspection_endpoint: Option<String>,
    /// `revocation_endpoint` (RFC 7009).
    pub revocation_endpoint: Option<String>,
    /// `token_endpoint_auth_methods_supported` (default `client_secret_basic`, RFC 8414 §2).
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// `grant_types_supported` (default authorization_code and implicit, RFC 8414 §2).
    pub grant_types_supported: Option<Vec<String>>,
    /// `scopes_supported`.
    pub scopes_supported: Option<Vec<String>>,
}

/// Why a metadata document is unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataError {
    /// The issuer typed is not an https (or loopback http) URL without query or fragment.
    BadIssuer(String),
    /// The body is not a JSON object.
    NotJsonObject(String),
    /// A member has the wrong type.
    WrongType(&'static str),
    /// `issuer` is missing.
    MissingIssuer,
    /// The document's `issuer` is not identical to the issuer asked for, so nothing in it may
    /// be used (RFC 8414 §3.3; OpenID Connect Discovery 1.0 §4.3).
    IssuerMismatch {
        /// The issuer typed (surrounding whitespace removed).
        asked: String,
        /// The `issuer` the document names.
        got: String,
    },
    /// The well-known URL did not answer `200 OK` (RFC 8414 §3.2): the status line.
    Status(String),
}

/// At most this many characters of a server-supplied value are quoted in a message.
const QUOTE_LIMIT: usize = 200;

/// `text` quoted with Rust's escapes (so line breaks and control characters show as escapes),
/// shortened to [`QUOTE_LIMIT`] characters.
fn quote(text: &str) -> String {
    let mut short: String = text.chars().take(QUOTE_LIMIT).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadIssuer(why) => write!(f, "Issuer {why}"),
            Self::NotJsonObject(start) => write!(
                f,
                "The metadata is not a JSON object (it starts with {start:?})"
            ),
            Self::WrongType(m) => write!(
                f,
                "The metadata member {m} has the wrong type (RFC 8414 §2)"
            ),
            Self::MissingIssuer => {
                f.write_str("The metadata has no issuer (REQUIRED by RFC 8414 §2)")
            }
            Self::IssuerMismatch { asked, got } => {
                write!(
                    f,
                    "The metadata names the issuer {} but the issuer asked for is {}. They must be identical (RFC 8414 §3.3, OpenID Connect Discovery §4.3), so nothing from this document was used: it may come from another server impersonating this one.",
                    quote(got),
                    quote(asked)
                )?;
                if got.trim_end_matches('/') == asked.trim_end_matches('/') {
                    f.write_str(" They differ only by a trailing \"/\": type the issuer exactly as the server names it.")?;
                }
                Ok(())
            }
            Self::Status(line) => {
                write!(f, "The server answered {line}, not 200 OK (RFC 8414 §3.2)")
            }
        }
    }
}

/// The message when no well-known URL gave usable metadata (RFC 8414 §3, OpenID Connect
/// Discovery §4): each reason once, after the URLs that gave it, so that two documents refused
/// for the same issuer mismatch read as one sentence rather than the same paragraph twice.
/// `tried` is `(url, reason)` in the order tried; at most a handful (two well-known URLs).
pub fn failure_summary(tried: &[(String, String)]) -> String {
    let mut groups: Vec<(Vec<&str>, &str)> = Vec::new();
    for (url, why) in tried {
        match groups.iter_mut().find(|(_, w)| *w == why.as_str()) {
            Some((urls, _)) => urls.push(url),
            None => groups.push((vec![url.as_str()], why.as_str())),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(urls, why)| format!("{}: {why}", urls.join(" and ")))
        .collect();
    format!(
        "No usable metadata; nothing was filled in. Tried {}",
        parts.join(" — ")
    )
}

/// A `GET` for a metadata document, as it goes on the wire.
pub fn request(url: &str) -> Result<HttpRequest, UrlError> {
    let url = TokenUrl::parse(url)?;
    Ok(HttpRequest {
        method: "GET".into(),
        url: url.to_string(),
        target: url.request_target(),
        masked_target: None,
        unsent_headers: Vec::new(),
        headers: vec![
            Header::new("Host", url.host_header()),
            Header::new("Accept", "application/json"),
        ],
        body: Vec::new(),
        body_kind: BodyKind::Empty,
        params: Vec::new(),
    })
}

/// The URLs to try, in order: RFC 8414 §3.1 (well-known suffix inserted between host and
/// path), then OpenID Connect Discovery §4 (suffix appended to the issuer).
pub fn well_known_urls(issuer: &str) -> Result<Vec<String>, MetadataError> {
    let issuer = issuer.trim().trim_end_matches('/');
    let Some((scheme, rest)) = issuer.split_once("://") else {
        return Err(MetadataError::BadIssuer(
            "must be an absolute https:// URL".into(),
        ));
    };
    if scheme != "https" && scheme != "http" {
        return Err(MetadataError::BadIssuer(format!(
            "uses the scheme {scheme}:, not https:"
        )));
    }
    if rest.contains(['?', '#']) || rest.is_empty() {
        return Err(MetadataError::BadIssuer(
            "must have no query or fragment (RFC 8414 §2)".into(),
        ));
    }
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    Ok(vec![
        format!("{scheme}://{host}/.well-known/oauth-authorization-server{path}"),
        format!("{issuer}/.well-known/openid-configuration"),
    ])
}

fn string_list(v: &Value, name: &'static str) -> Result<Option<Vec<String>>, MetadataError> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or(MetadataError::WrongType(name))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(MetadataError::WrongType(name)),
    }
}

fn string(v: &Value, name: &'static str) -> Result<Option<String>, MetadataError> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(MetadataError::WrongType(name)),
    }
}

/// Parses a metadata document.
pub fn parse(body: &[u8]) -> Result<Metadata, MetadataError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| {
        MetadataError::NotJsonObject(String::from_utf8_lossy(&body[..body.len().min(60)]).into())
    })?;
    if !value.is_object() {
        return Err(MetadataError::NotJsonObject(
            value.to_string().chars().take(60).collect(),
        ));
    }
    Ok(Metadata {
        issuer: string(&value, "issuer")?.ok_or(MetadataError::MissingIssuer)?,
        token_endpoint: string(&value, "token_endpoint")?,
        jwks_uri: string(&value, "jwks_uri")?,
        introspection_endpoint: string(&value, "introspection_endpoint")?,
        revocation_endpoint: string(&value, "revocation_endpoint")?,
        token_endpoint_auth_methods_supported: string_list(
            &value,
            "token_endpoint_auth_methods_supported",
        )?,
        grant_types_supported: string_list(&value, "grant_types_supported")?,
        scopes_supported: string_list(&value, "scopes_supported")?,
    })
}

/// A metadata document whose `issuer` is identical to the issuer asked for: the only form in
/// which the app uses discovered metadata (its endpoints, its issuer for checking a token's
/// `iss`). Made only by [`accept`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted(Metadata);

impl Accepted {
    /// The document.
    pub fn metadata(&self) -> &Metadata {
        &self.0
    }

    /// The document, owned.
    pub fn into_metadata(self) -> Metadata {
        self.0
    }
}

impl Deref for Accepted {
    type Target = Metadata;

    fn deref(&self) -> &Metadata {
        &self.0
    }
}

/// Accepts `metadata` only when its `issuer` is identical to the issuer asked for (RFC 8414
/// §3.3: "If these values are not identical, the data contained in the response MUST NOT be
/// used"; OpenID Connect Discovery 1.0 §4.3 says the same of `/.well-known/openid-configuration`).
/// The comparison is exact, character for character: no case folding, no trailing-slash or
/// default-port leniency. Only whitespace typed around the asked issuer is ignored.
pub fn accept(asked: &str, metadata: Metadata) -> Result<Accepted, MetadataError> {
    let asked = asked.trim();
    if metadata.issuer == asked {
        Ok(Accepted(metadata))
    } else {
        Err(MetadataError::IssuerMismatch {
            asked: asked.to_string(),
            got: metadata.issuer,
        })
    }
}

/// Reads the answer to a discovery request (RFC 8414 §3.2): `200 OK` with a metadata document
/// whose issuer is the one asked for ([`accept`]).
pub fn read_response(asked: &str, response: &HttpResponse) -> Result<Accepted, MetadataError> {
    if response.status != 200 {
        return Err(MetadataError::Status(response.status_line()));
    }
    accept(asked, parse(&response.body)?)
}

impl Metadata {
    /// Warnings about using this server for the request being composed. (Whether the document
    /// may be used at all is [`accept`]'s decision.)
    pub fn warnings(&self, method: AuthMethod) -> Vec<String> {
        let mut out = Vec::new();
        if self.token_endpoint.is_none() {
            out.push("The metadata has no token_endpoint.".into());
        }
        let grants = self
            .grant_types_supported
            .clone()
            .unwrap_or_else(|| vec!["authorization_code".into(), "implicit".into()]);
        if !grants.iter().any(|g| g == "client_credentials") {
            out.push(format!(
                "grant_types_supported ({}) does not include client_credentials.",
                grants.join(", ")
            ));
        }
        let methods = self
            .token_endpoint_auth_methods_supported
            .clone()
            .unwrap_or_else(|| vec!["client_secret_basic".into()]);
        if !methods.iter().any(|m| m == method.as_str()) {
            out.push(format!(
                "The chosen client authentication {} is not in token_endpoint_auth_methods_supported ({}).",
                method.as_str(),
                methods.join(", ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn failure_summary_same_reason_twice_said_once() {
        let why = "The metadata names the issuer \"a\" but the issuer asked for is \"b\".";
        let text = failure_summary(&[
            (
                "https://b/.well-known/oauth-authorization-server".into(),
                why.into(),
            ),
            (
                "https://b/.well-known/openid-configuration".into(),
                why.into(),
            ),
        ]);
        assert_eq!(text.matches(why).count(), 1, "{text}");
        assert!(text.contains(
            "oauth-authorization-server and https://b/.well-known/openid-configuration: "
        ));
    }

    #[test]
    fn failure_summary_different_reasons_each_named_with_its_url() {
        let text = failure_summary(&[
            (
                "https://b/1".into(),
                "The server answered 404 Not Found".into(),
            ),
            ("https://b/2".into(), "The metadata has no issuer".into()),
        ]);
        assert_eq!(
            text,
            "No usable metadata; nothing was filled in. Tried https://b/1: The server answered 404 Not Found — https://b/2: The metadata has no issuer"
        );
    }
    use super::*;

    #[test]
    fn well_known_urls_path_issuer_inserted_then_appended() {
        assert_eq!(
            well_known_urls("https://as.example/tenant1/").unwrap(),
            [
                "https://as.example/.well-known/oauth-authorization-server/tenant1",
                "https://as.example/tenant1/.well-known/openid-configuration"
            ]
        );
        assert_eq!(
            well_known_urls("https://as.example").unwrap()[0],
            "https://as.example/.well-known/oauth-authorization-server"
        );
        assert!(well_known_urls("as.example").is_err());
        assert!(well_known_urls("https://as.example/?x=1").is_err());
    }

    #[test]
    fn parse_and_warnings_flag_mismatches() {
        let m = parse(br#"{"issuer":"https://as.example","grant_types_supported":["authorization_code"],"token_endpoint_auth_methods_supported":["private_key_jwt"]}"#).unwrap();
        let w = m.warnings(AuthMethod::ClientSecretBasic);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("no token_endpoint"), "{w:?}");
    }

    #[test]
    fn parse_bad_documents_named() {
        assert_eq!(
            parse(b"[1]"),
            Err(MetadataError::NotJsonObject("[1]".into()))
        );
        assert_eq!(parse(b"{}"), Err(MetadataError::MissingIssuer));
        assert_eq!(
            parse(br#"{"issuer":"x","jwks_uri":5}"#),
            Err(MetadataError::WrongType("jwks_uri"))
        );
        assert!(matches!(
            parse(b"<html>"),
            Err(MetadataError::NotJsonObject(_))
        ));
    }
}
