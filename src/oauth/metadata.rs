//! Authorization server metadata (RFC 8414; OpenID Connect Discovery 1.0 as a fallback):
//! where to find it, what it says, and how it fits the request being composed.

use super::http::{BodyKind, Header, HttpRequest};
use super::types::AuthMethod;
use super::url::{TokenUrl, UrlError};
use serde_json::Value;
use std::fmt;

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
        }
    }
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

impl Metadata {
    /// Warnings about using this server for the request being composed.
    pub fn warnings(&self, issuer_asked: &str, method: AuthMethod) -> Vec<String> {
        let mut out = Vec::new();
        if self.issuer.trim_end_matches('/') != issuer_asked.trim().trim_end_matches('/') {
            out.push(format!(
                "The metadata's issuer {:?} differs from the issuer asked for {:?}: RFC 8414 §3.3 says not to use it (a possible impersonation).",
                self.issuer,
                issuer_asked.trim()
            ));
        }
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
        let m = parse(br#"{"issuer":"https://evil.example","token_endpoint":"https://as.example/t","grant_types_supported":["authorization_code"],"token_endpoint_auth_methods_supported":["private_key_jwt"]}"#).unwrap();
        let w = m.warnings("https://as.example", AuthMethod::ClientSecretBasic);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("RFC 8414 §3.3"));
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
