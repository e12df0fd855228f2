//! Extraction of the client credentials flows from a parsed document: the Security Scheme
//! Object with `type: oauth2` and an OAuth Flows Object with `clientCredentials` (OpenAPI 3.1
//! §4.8.27–4.8.29), or Swagger 2.0 `securityDefinitions` with `flow: application`; local
//! `$ref`s (RFC 6901 JSON Pointers) are followed.

use super::base_url::{BaseUrl, absolute_url, server_base};
use super::{ClientCredentialsScheme, OpenApiError};
use serde_json::{Map, Value};

/// The client credentials schemes of a parsed document.
pub fn schemes(
    document: &Value,
    document_url: Option<&str>,
) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    let root = document.as_object().ok_or(OpenApiError::NotAnObject)?;
    let (swagger2, base, defs, location) = definitions(document, root, document_url)?;
    let defs = defs.ok_or(OpenApiError::NoSecuritySchemes { location })?;
    let mut out = Vec::new();
    let mut found = Vec::new();
    for (name, scheme) in defs {
        let scheme_value = resolve_ref(document, scheme).map_err(|m| invalid(name, m))?;
        let Some(scheme) = scheme_value.as_object() else {
            return Err(invalid(name, "is not an object".into()));
        };
        if let Some(flow) =
            client_credentials_flow(name, scheme, scheme_value, swagger2, &mut found)?
        {
            out.push(scheme_from_flow(name, scheme, flow, &base)?);
        }
    }
    if out.is_empty() {
        if found.is_empty() {
            found.push("no security schemes".into());
        }
        return Err(OpenApiError::NoClientCredentials { found });
    }
    Ok(out)
}

// `definitions`, `client_credentials_flow` and `scheme_from_flow` are `#[inline(always)]`: each
// has one caller, and as separate functions they cost ~300 B gzip of wasm (measured with
// `cargo xtask size`); inlined, the split costs ~100 B.

/// What the version field says: whether the document is Swagger 2.0, its base URL, its
/// security scheme definitions and where they were looked for.
type Definitions<'a> = (bool, BaseUrl, Option<&'a Map<String, Value>>, &'static str);

/// Reads the `openapi` (3.x) or `swagger` (2.0) version and finds the scheme definitions.
#[inline(always)]
fn definitions<'a>(
    document: &'a Value,
    root: &'a Map<String, Value>,
    document_url: Option<&str>,
) -> Result<Definitions<'a>, OpenApiError> {
    let version = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(v) = root.get("openapi") {
        let v = version(v);
        if !v.starts_with("3.") {
            return Err(OpenApiError::UnsupportedVersion(v));
        }
        let base = server_base(root, document_url);
        let defs = document
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        Ok((false, base, defs, "components.securitySchemes"))
    } else if let Some(v) = root.get("swagger") {
        let v = version(v);
        if v != "2.0" && v != "2" {
            return Err(OpenApiError::UnsupportedVersion(format!("swagger {v}")));
        }
        let base = root.get("host").and_then(Value::as_str).map(|host| {
            let scheme = root
                .get("schemes")
                .and_then(|s| s.get(0))
                .and_then(Value::as_str)
                .unwrap_or("https");
            let path = root.get("basePath").and_then(Value::as_str).unwrap_or("/");
            BaseUrl::Absolute(format!("{scheme}://{host}{path}"))
        });
        let defs = root.get("securityDefinitions").and_then(Value::as_object);
        Ok((
            true,
            base.unwrap_or(BaseUrl::None),
            defs,
            "securityDefinitions",
        ))
    } else {
        Err(OpenApiError::NoVersion)
    }
}

fn invalid(scheme: &str, message: String) -> OpenApiError {
    OpenApiError::InvalidScheme {
        scheme: scheme.to_string(),
        message,
    }
}

/// The scheme's client credentials flow object (OpenAPI 3.x `flows.clientCredentials`,
/// Swagger 2.0 `flow: application`); `None`, with what the scheme is instead added to `found`,
/// when it has none.
#[inline(always)]
fn client_credentials_flow<'a>(
    name: &str,
    scheme: &'a Map<String, Value>,
    scheme_value: &'a Value,
    swagger2: bool,
    found: &mut Vec<String>,
) -> Result<Option<&'a Value>, OpenApiError> {
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
    Ok(Some(match (kind, swagger2) {
        ("oauth2", false) => {
            let flows = scheme
                .get("flows")
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    invalid(name, "is type oauth2 but has no \"flows\" object".into())
                })?;
            match flows.get("clientCredentials") {
                Some(f) => f,
                None => {
                    let names: Vec<&str> = flows.keys().map(String::as_str).collect();
                    found.push(format!("{name} (oauth2: {})", list_or_none(&names)));
                    return Ok(None);
                }
            }
        }
        ("oauth2", true) => {
            let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
            if flow != "application" {
                found.push(format!("{name} (oauth2: flow {})", or_missing(flow)));
                return Ok(None);
            }
            scheme_value
        }
        ("openIdConnect", _) => {
            let url = scheme
                .get("openIdConnectUrl")
                .and_then(Value::as_str)
                .unwrap_or("");
            found.push(format!(
                "{name} (openIdConnect {url}; use it as the Issuer to discover the token URL)"
            ));
            return Ok(None);
        }
        (other, _) => {
            let detail = scheme
                .get("scheme")
                .and_then(Value::as_str)
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            found.push(format!("{name} ({}{detail})", or_missing(other)));
            return Ok(None);
        }
    }))
}

/// The scheme from its client credentials flow: the token URL (REQUIRED, OpenAPI 3.1
/// §4.8.29) and refresh URL made absolute, the scopes as `(name, description)` pairs.
#[inline(always)]
fn scheme_from_flow(
    name: &str,
    scheme: &Map<String, Value>,
    flow: &Value,
    base: &BaseUrl,
) -> Result<ClientCredentialsScheme, OpenApiError> {
    let description = scheme
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string);
    let flow = flow
        .as_object()
        .ok_or_else(|| invalid(name, "its clientCredentials flow is not an object".into()))?;
    let token_url = flow
        .get("tokenUrl")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(name, "its client credentials flow has no tokenUrl string (REQUIRED, OpenAPI 3.1 §4.8.29)".into()))?;
    let token_url = absolute_url(name, token_url, base)?;
    let refresh_url = match flow.get("refreshUrl") {
        None | Some(Value::Null) => None,
        Some(Value::String(u)) => Some(absolute_url(name, u.as_str(), base)?),
        Some(_) => return Err(invalid(name, "refreshUrl is not a string".into())),
    };
    let scopes = match flow.get("scopes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect(),
        Some(_) => {
            return Err(invalid(
                name,
                "scopes must be a map of scope name to description".into(),
            ));
        }
    };
    Ok(ClientCredentialsScheme {
        name: name.to_string(),
        token_url,
        scopes,
        refresh_url,
        description,
    })
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "no flows".into()
    } else {
        names.join(", ")
    }
}

fn or_missing(s: &str) -> &str {
    if s.is_empty() { "no type" } else { s }
}

/// Follows a local `$ref` (`#/components/...`, a JSON Pointer, RFC 6901) up to a few times.
fn resolve_ref<'a>(document: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..8 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(format!(
                "$ref \"{reference}\" points to another document; only local references (#/…) are supported"
            ));
        };
        value = document
            .pointer(pointer)
            .ok_or_else(|| format!("$ref \"{reference}\" points to nothing in this document"))?;
    }
    Err("$ref chain is too long or circular".into())
}
