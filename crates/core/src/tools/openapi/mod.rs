//! OpenAPI import: the OAuth 2.0 client credentials flows an API description declares.
//!
//! Accepts OpenAPI 3.0, 3.1 and 3.2 documents (Security Scheme Object with `type: oauth2` and an
//! OAuth Flows Object with `clientCredentials`, OpenAPI 3.1 §4.8.27–4.8.29) and Swagger 2.0
//! documents (`securityDefinitions` with `type: oauth2`, `flow: application`, Swagger 2.0
//! "Security Definitions Object"). The client credentials flow is RFC 6749 §4.4.
//!
//! The text may be JSON or YAML. JSON is read by `serde_json`; YAML by a small parser of the
//! YAML subset API descriptions use ([`parse_yaml`]), written here because a YAML crate would
//! cost bundle bytes. What the subset does not support (anchors, aliases, tags, several
//! documents, complex keys) is an error naming the line, never a silent misreading.
//!
//! Scopes and schemes come out sorted by name: `serde_json` maps keep keys sorted.
//!
//! Where things are: the public types and [`parse`] here; [`schemes`] (the extraction of the
//! security schemes) in `schemes.rs`; resolving relative token URLs against the server URL
//! (RFC 3986 §5.2) in `base_url.rs`; the YAML subset reader in `yaml/`.

mod base_url;
mod schemes;
mod yaml;

pub use schemes::schemes;
pub use yaml::{MAX_DEPTH, YamlError, parse_yaml};

use serde_json::Value;
use std::fmt;

/// An OAuth2 security scheme with a client credentials flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientCredentialsScheme {
    /// The scheme's name (its key under `components.securitySchemes`).
    pub name: String,
    /// The absolute token URL (RFC 6749 §3.2), resolved against the server URL when relative.
    pub token_url: String,
    /// `(scope, description)` pairs (RFC 6749 §3.3), sorted by scope.
    pub scopes: Vec<(String, String)>,
    /// `refreshUrl`, resolved like the token URL, when given.
    pub refresh_url: Option<String>,
    /// The scheme's `description` (CommonMark in OpenAPI), when given.
    pub description: Option<String>,
}

/// Why a document gave no client credentials scheme. Every message is precise enough to fix
/// the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenApiError {
    /// The text is empty.
    Empty,
    /// The text starts like JSON but is not valid JSON.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What `serde_json` said.
        message: String,
    },
    /// The text is not YAML this importer understands.
    Yaml(YamlError),
    /// The document is not a mapping/object at the top level.
    NotAnObject,
    /// No `openapi` (or `swagger`) field.
    NoVersion,
    /// An `openapi`/`swagger` version this importer does not read.
    UnsupportedVersion(String),
    /// No `components.securitySchemes` (`securityDefinitions` in Swagger 2.0).
    NoSecuritySchemes {
        /// Where the schemes were looked for.
        location: &'static str,
    },
    /// Security schemes exist, but none is OAuth2 with a client credentials flow.
    NoClientCredentials {
        /// Each scheme that exists, described, e.g. `petstore_auth (oauth2: authorizationCode)`.
        found: Vec<String>,
    },
    /// A client credentials flow that is broken.
    InvalidScheme {
        /// The scheme's name.
        scheme: String,
        /// What is wrong.
        message: String,
    },
    /// A relative `tokenUrl` with no absolute base URL to resolve it against.
    RelativeTokenUrl {
        /// The scheme's name.
        scheme: String,
        /// The URL as written.
        token_url: String,
        /// The base that was available (a relative server URL), if any.
        server: Option<String>,
    },
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("The document is empty: paste an OpenAPI document (JSON or YAML)."),
            Self::Json { line, column, message } => write!(f, "Not valid JSON at line {line}, column {column}: {message}."),
            Self::Yaml(e) => write!(f, "Not YAML this importer can read: {e}."),
            Self::NotAnObject => f.write_str("The document is not an object/mapping at the top level, so it is not an OpenAPI document."),
            Self::NoVersion => f.write_str("The document has no \"openapi\" field (e.g. openapi: 3.1.0), so it is not an OpenAPI document."),
            Self::UnsupportedVersion(v) => write!(f, "OpenAPI version {v} is not supported; use OpenAPI 3.x (or Swagger 2.0)."),
            Self::NoSecuritySchemes { location } => write!(f, "The document declares no security schemes ({location} is missing), so it has no OAuth2 client credentials flow."),
            Self::NoClientCredentials { found } => write!(
                f,
                "No OAuth2 security scheme with a clientCredentials flow was found. The document declares: {}.",
                found.join("; ")
            ),
            Self::InvalidScheme { scheme, message } => write!(f, "Security scheme \"{scheme}\": {message}."),
            Self::RelativeTokenUrl { scheme, token_url, server } => match server {
                Some(s) => write!(f, "Security scheme \"{scheme}\" has the relative tokenUrl \"{token_url}\", and the first server URL \"{s}\" is relative too, so there is no absolute URL to resolve it against (OpenAPI resolves it against the server URL). Load the document by URL, or make tokenUrl or servers[0].url absolute."),
                None => write!(f, "Security scheme \"{scheme}\" has the relative tokenUrl \"{token_url}\" and the document has no servers[].url to resolve it against. Load the document by URL, add an absolute servers[0].url, or make tokenUrl absolute."),
            },
        }
    }
}

impl std::error::Error for OpenApiError {}

/// Parses an OpenAPI (or Swagger 2.0) document and returns its client credentials schemes.
/// Relative URLs are resolved against the first server URL (which must then be absolute).
pub fn parse(text: &str) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    parse_with_base(text, None)
}

/// Like [`parse`], with the URL the document was loaded from as the base for a relative server
/// URL (OpenAPI 3.1 §4.6 "Relative References in API Description URIs").
pub fn parse_with_base(
    text: &str,
    document_url: Option<&str>,
) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    let document = parse_document(text)?;
    schemes(&document, document_url)
}

/// Reads JSON (when the text starts with `{` or `[`) or YAML into a JSON value.
pub fn parse_document(text: &str) -> Result<Value, OpenApiError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(OpenApiError::Empty);
    }
    if trimmed.starts_with(['{', '[']) {
        serde_json::from_str(trimmed).map_err(|e| {
            // serde_json counts lines of `trimmed`; add the blank lines trimmed off the start.
            let skipped = text[..text.find(trimmed).unwrap_or(0)]
                .matches('\n')
                .count();
            let full = e.to_string();
            let mut message = full.split(" at line ").next().unwrap_or(&full).to_string();
            if message == "recursion limit exceeded" {
                message = format!(
                    "arrays and objects are nested more than {MAX_DEPTH} levels deep; this importer reads at most {MAX_DEPTH} levels"
                );
            }
            OpenApiError::Json {
                line: e.line() + skipped,
                column: e.column(),
                message,
            }
        })
    } else {
        parse_yaml(text).map_err(OpenApiError::Yaml)
    }
}
