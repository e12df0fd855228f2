//! Extraction of the client credentials flows from a parsed document: the Security Scheme
//! Object with `type: oauth2` and an OAuth Flows Object with `clientCredentials` (OpenAPI 3.1
//! §4.8.27–4.8.29), or Swagger 2.0 `securityDefinitions` with `flow: application`; local
//! `$ref`s (RFC 6901 JSON Pointers) are followed.

use super::base_url::{BaseUrl, absolute_url, server_base};
use super::{ClientCredentialsScheme, OpenApiError};
use serde_json::Value;

/// The client credentials schemes of a parsed document.
pub fn schemes(
    document: &Value,
    document_url: Option<&str>,
) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    let root = document.as_object().ok_or(OpenApiError::NotAnObject)?;
    let version = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (swagger2, base, defs, location) = if let Some(v) = root.get("openapi") {
        let v = version(v);
        if !v.starts_with("3.") {
            return Err(OpenApiError::UnsupportedVersion(v));
        }
        let base = server_base(root, document_url);
        let defs = document
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        (false, base, defs, "components.securitySchemes")
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
        (
            true,
            base.unwrap_or(BaseUrl::None),
            defs,
            "securityDefinitions",
        )
    } else {
        return Err(OpenApiError::NoVersion);
    };
    let defs = defs.ok_or(OpenApiError::NoSecuritySchemes { location })?;
    let mut out = Vec::new();
    let mut found = Vec::new();
    for (name, scheme) in defs {
        let invalid = |message: String| OpenApiError::InvalidScheme {
            scheme: name.clone(),
            message,
        };
        let scheme_value = resolve_ref(document, scheme).map_err(invalid)?;
        let Some(scheme) = scheme_value.as_object() else {
            return Err(invalid("is not an object".into()));
        };
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let description = scheme
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let flow = match (kind, swagger2) {
            ("oauth2", false) => {
                let flows = scheme
                    .get("flows")
                    .and_then(Value::as_object)
                    .ok_or_else(|| invalid("is type oauth2 but has no \"flows\" object".into()))?;
                match flows.get("clientCredentials") {
                    Some(f) => f,
                    None => {
                        let names: Vec<&str> = flows.keys().map(String::as_str).collect();
                        found.push(format!("{name} (oauth2: {})", list_or_none(&names)));
                        continue;
                    }
                }
            }
            ("oauth2", true) => {
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
                if flow != "application" {
                    found.push(format!("{name} (oauth2: flow {})", or_missing(flow)));
                    continue;
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
                continue;
            }
            (other, _) => {
                let detail = scheme
                    .get("scheme")
                    .and_then(Value::as_str)
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                found.push(format!("{name} ({}{detail})", or_missing(other)));
                continue;
            }
        };
        let flow = flow
            .as_object()
            .ok_or_else(|| invalid("its clientCredentials flow is not an object".into()))?;
        let token_url = flow
            .get("tokenUrl")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("its client credentials flow has no tokenUrl string (REQUIRED, OpenAPI 3.1 §4.8.29)".into()))?;
        let token_url = absolute_url(name, token_url, &base)?;
        let refresh_url = match flow.get("refreshUrl") {
            None | Some(Value::Null) => None,
            Some(Value::String(u)) => Some(absolute_url(name, u.as_str(), &base)?),
            Some(_) => return Err(invalid("refreshUrl is not a string".into())),
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
                    "scopes must be a map of scope name to description".into(),
                ));
            }
        };
        out.push(ClientCredentialsScheme {
            name: name.clone(),
            token_url,
            scopes,
            refresh_url,
            description,
        });
    }
    if out.is_empty() {
        if found.is_empty() {
            found.push("no security schemes".into());
        }
        return Err(OpenApiError::NoClientCredentials { found });
    }
    Ok(out)
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
