//! The typed token request of the client credentials grant (RFC 6749 §4.4.2) and its exact
//! HTTP rendering.

use super::encoding::{base64_encode, form_serialize, form_urlencode};
use super::http::{Header, HttpRequest, MASK};
use super::types::{AuthMethod, ClientId, ClientSecret, Scope};
use super::url::TokenUrl;

/// `grant_type` value of the client credentials grant (RFC 6749 §4.4.2).
pub const GRANT_TYPE: &str = "client_credentials";

/// How the client proves its identity; exactly one method per request (RFC 6749 §2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic` with form-urlencoded id and secret (RFC 6749 §2.3.1).
    Basic {
        /// The client identifier.
        id: ClientId,
        /// The client secret.
        secret: ClientSecret,
    },
    /// `client_id` and `client_secret` in the body (RFC 6749 §2.3.1).
    Post {
        /// The client identifier.
        id: ClientId,
        /// The client secret.
        secret: ClientSecret,
    },
}

impl ClientAuth {
    /// The registered method name.
    pub fn method(&self) -> AuthMethod {
        match self {
            Self::Basic { .. } => AuthMethod::ClientSecretBasic,
            Self::Post { .. } => AuthMethod::ClientSecretPost,
        }
    }
}

/// A valid client credentials token request, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    /// The token endpoint (RFC 6749 §3.2).
    pub token_url: TokenUrl,
    /// Client authentication (RFC 6749 §2.3).
    pub auth: ClientAuth,
    /// Requested scope; omitted from the body when empty (RFC 6749 §4.4.2, §3.3).
    pub scope: Scope,
}

/// The `Authorization` header value for HTTP Basic client authentication: the client id and
/// secret are each `application/x-www-form-urlencoded` first, then joined by `:` and base64
/// encoded (RFC 6749 §2.3.1, RFC 7617 §2).
pub fn basic_authorization(id: &ClientId, secret: &ClientSecret) -> String {
    let pair = format!(
        "{}:{}",
        form_urlencode(id.as_str()),
        form_urlencode(secret.expose())
    );
    format!("Basic {}", base64_encode(pair.as_bytes()))
}

impl TokenRequest {
    /// Renders the request exactly as it goes on the wire (RFC 6749 §4.4.2): `POST` to the
    /// token endpoint, `Host`, a form-urlencoded body, `Accept: application/json`, the client
    /// authentication, and a `Content-Length` equal to the body's byte length.
    pub fn to_http(&self) -> HttpRequest {
        let scope = self.scope.to_wire();
        let mut params: Vec<(&str, &str)> = vec![("grant_type", GRANT_TYPE)];
        if !self.scope.is_empty() {
            params.push(("scope", &scope));
        }
        let mut headers = vec![
            Header::new("Host", self.token_url.host_header()),
            Header::new("Content-Type", "application/x-www-form-urlencoded"),
            Header::new("Accept", "application/json"),
        ];
        let (body, masked_body) = match &self.auth {
            ClientAuth::Basic { id, secret } => {
                headers.push(Header::sensitive(
                    "Authorization",
                    basic_authorization(id, secret),
                ));
                (form_serialize(params), None)
            }
            ClientAuth::Post { id, secret } => {
                params.push(("client_id", id.as_str()));
                let mut masked = form_serialize(params.iter().copied());
                masked.push_str("&client_secret=");
                masked.push_str(MASK);
                params.push(("client_secret", secret.expose()));
                (form_serialize(params), Some(masked))
            }
        };
        headers.push(Header::new("Content-Length", body.len().to_string()));
        HttpRequest {
            method: "POST".to_string(),
            url: self.token_url.to_string(),
            target: self.token_url.request_target(),
            headers,
            body: body.into_bytes(),
            masked_body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_authorization_rfc6749_example_encodes() {
        // RFC 6749 §2.3.1 example credentials.
        let value = basic_authorization(
            &ClientId::new("s6BhdRkqt3"),
            &ClientSecret::new("gX1fBat3bV"),
        );
        assert_eq!(value, "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
    }

    #[test]
    fn basic_authorization_special_characters_urlencoded_before_base64() {
        let value = basic_authorization(&ClientId::new("id:1"), &ClientSecret::new("a b+c"));
        // base64("id%3A1:a+b%2Bc")
        assert_eq!(value, format!("Basic {}", base64_encode(b"id%3A1:a+b%2Bc")));
    }
}
