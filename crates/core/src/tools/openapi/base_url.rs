//! The base a relative `tokenUrl` is resolved against: the first server URL with its variables
//! (OpenAPI 3.1 §4.8.5–4.8.6), or Swagger 2.0's `schemes`/`host`/`basePath`; and reference
//! resolution (RFC 3986 §5.2.2, dot-segment removal §5.2.4).

use super::OpenApiError;
use crate::url::TokenUrl;
use serde_json::{Map, Value};

pub(super) enum BaseUrl {
    Absolute(String),
    Relative(String),
    None,
}

/// The first server URL with its variables' defaults substituted (OpenAPI 3.1 §4.8.5–4.8.6),
/// resolved against the document URL when relative.
pub(super) fn server_base(root: &Map<String, Value>, document_url: Option<&str>) -> BaseUrl {
    let server = root.get("servers").and_then(|s| s.get(0));
    let mut url = server
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .unwrap_or("/")
        .to_string();
    if let Some(vars) = server
        .and_then(|s| s.get("variables"))
        .and_then(Value::as_object)
    {
        for (k, v) in vars {
            if let Some(d) = v.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{k}}}"), d);
            }
        }
    }
    if has_http_scheme(&url) {
        return BaseUrl::Absolute(url);
    }
    match document_url.filter(|d| has_http_scheme(d)) {
        Some(doc) => BaseUrl::Absolute(resolve(doc, &url)),
        None if server.is_some() => BaseUrl::Relative(url),
        None => BaseUrl::None,
    }
}

pub(super) fn has_http_scheme(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

pub(super) fn absolute_url(
    scheme: &str,
    url: &str,
    base: &BaseUrl,
) -> Result<String, OpenApiError> {
    let url = url.trim();
    let resolved = if has_http_scheme(url) {
        url.to_string()
    } else if url.contains("://") {
        return Err(OpenApiError::InvalidScheme {
            scheme: scheme.into(),
            message: format!(
                "tokenUrl \"{url}\" is not an http(s) URL (RFC 6749 §3.2 requires TLS)"
            ),
        });
    } else {
        match base {
            BaseUrl::Absolute(b) => resolve(b, url),
            BaseUrl::Relative(s) => {
                return Err(OpenApiError::RelativeTokenUrl {
                    scheme: scheme.into(),
                    token_url: url.into(),
                    server: Some(s.clone()),
                });
            }
            BaseUrl::None => {
                return Err(OpenApiError::RelativeTokenUrl {
                    scheme: scheme.into(),
                    token_url: url.into(),
                    server: None,
                });
            }
        }
    };
    TokenUrl::parse(&resolved).map_err(|e| OpenApiError::InvalidScheme {
        scheme: scheme.into(),
        message: format!("tokenUrl \"{resolved}\" {e}"),
    })?;
    Ok(resolved)
}

/// Resolves a relative reference against an absolute http(s) base (RFC 3986 §5.2.2, with
/// dot-segment removal §5.2.4).
pub(super) fn resolve(base: &str, reference: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(r) = reference.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_query) = rest.split_at(authority_end);
    let base_path = path_query.split('?').next().unwrap_or("");
    let origin = format!("{scheme}://{authority}");
    if reference.is_empty() {
        return format!("{origin}{path_query}");
    }
    if reference.starts_with('?') {
        return format!("{origin}{base_path}{reference}");
    }
    let (ref_path, ref_query) = match reference.find('?') {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let merged = if ref_path.starts_with('/') {
        ref_path.to_string()
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        format!("{dir}{ref_path}")
    };
    format!("{origin}{}{ref_query}", remove_dot_segments(&merged))
}

pub(super) fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}
