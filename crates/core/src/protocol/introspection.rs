//! Token introspection (RFC 7662): asking the authorization server what a token means.

use super::encoding::form_serialize;
use super::http::{BodyKind, FormParam, Header, HttpRequest};
use super::request::{ClientAuth, TokenRequest, basic_authorization};
use super::url::TokenUrl;
use serde_json::Value;

/// The introspection request for `token` (RFC 7662 §2.1), authenticated like the token
/// request was (RFC 7662 §2.1: the endpoint requires authorization). JWT client assertions are
/// not reused (they are single-use and bound to the token endpoint), so those methods get an
/// error.
pub fn request(endpoint: &str, auth: &TokenRequest, token: &str) -> Result<HttpRequest, String> {
    let url = TokenUrl::parse(endpoint).map_err(|e| format!("The introspection endpoint {e}"))?;
    let mut headers = vec![
        Header::new("Host", url.host_header()),
        Header::new("Content-Type", "application/x-www-form-urlencoded"),
        Header::new("Accept", "application/json"),
    ];
    let mut params = vec![
        FormParam::sensitive("token", token),
        FormParam::new("token_type_hint", "access_token"),
    ];
    match &auth.auth {
        ClientAuth::Basic { id, secret } => {
            headers.push(Header::sensitive(
                "Authorization",
                basic_authorization(id, secret),
            ));
        }
        ClientAuth::Post { id, secret } => {
            params.push(FormParam::new("client_id", id.as_str()));
            params.push(FormParam::sensitive("client_secret", secret.expose()));
        }
        ClientAuth::None { id } => params.push(FormParam::new("client_id", id.as_str())),
        ClientAuth::Jwt { .. } => {
            return Err(
                "Introspection with a JWT client assertion is not offered: an assertion is single-use and its aud is the token endpoint (RFC 7523 §3)."
                    .into(),
            );
        }
    }
    let body = form_serialize(params.iter().map(|p| (p.name.as_str(), p.value.as_str())));
    headers.push(Header::new("Content-Length", body.len().to_string()));
    Ok(HttpRequest {
        method: "POST".into(),
        url: url.to_string(),
        target: url.request_target(),
        masked_target: None,
        unsent_headers: Vec::new(),
        headers,
        body: body.into_bytes(),
        body_kind: BodyKind::Form,
        params,
    })
}

/// What the server said about the token (RFC 7662 §2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Introspection {
    /// `"active": true`, with the other members as (name, value) text.
    Active(Vec<(String, String)>),
    /// `"active": false`: expired, revoked, or unknown to this server.
    Inactive,
}

/// Parses an introspection response body.
pub fn parse(status: u16, body: &[u8]) -> Result<Introspection, String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| {
        format!(
            "HTTP {status}: the introspection response is not JSON (it starts with {:?})",
            String::from_utf8_lossy(&body[..body.len().min(60)])
        )
    })?;
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(format!("HTTP {status}: the server refused: {error}"));
    }
    match value.get("active") {
        Some(Value::Bool(true)) => Ok(Introspection::Active(
            value
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| *k != "active")
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect(),
        )),
        Some(Value::Bool(false)) => Ok(Introspection::Inactive),
        _ => Err(format!(
            "HTTP {status}: the response has no boolean \"active\" (REQUIRED by RFC 7662 §2.2)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::types::AuthMethod;

    #[test]
    fn request_reuses_client_authentication_and_masks_token() {
        let post = Draft {
            auth: AuthMethod::ClientSecretPost,
            ..Draft::example()
        }
        .validate()
        .unwrap();
        let r = request("https://as.example/introspect", &post, "tok").unwrap();
        assert_eq!(
            String::from_utf8(r.body.clone()).unwrap(),
            "token=tok&token_type_hint=access_token&client_id=my_client_id_123&client_secret=my_secret_456"
        );
        assert!(
            r.render(true)
                .contains("token=••••••••&token_type_hint=access_token")
        );
        let basic = Draft::example().validate().unwrap();
        assert!(
            request("https://as.example/i", &basic, "t")
                .unwrap()
                .header("Authorization")
                .is_some()
        );
        assert!(request("/relative", &basic, "t").is_err());
    }

    #[test]
    fn parse_active_inactive_and_garbage() {
        assert_eq!(
            parse(200, br#"{"active":false}"#),
            Ok(Introspection::Inactive)
        );
        let Ok(Introspection::Active(members)) =
            parse(200, br#"{"active":true,"scope":"a b","exp":5}"#)
        else {
            panic!()
        };
        assert_eq!(
            members,
            [
                ("exp".to_string(), "5".to_string()),
                ("scope".to_string(), "a b".to_string())
            ]
        );
        assert!(parse(200, b"<html>").unwrap_err().contains("not JSON"));
        assert!(
            parse(401, br#"{"error":"invalid_client"}"#)
                .unwrap_err()
                .contains("invalid_client")
        );
        assert!(parse(200, b"{}").unwrap_err().contains("RFC 7662"));
    }
}
