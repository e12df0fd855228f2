//! The form as the user typed it, and its validation into a [`TokenRequest`].
//! Every error names the field (by its visible label) and the problem.

use super::request::{ClientAuth, TokenRequest};
use super::types::{AuthMethod, ClientId, ClientSecret, Scope};
use super::url::TokenUrl;
use std::fmt;

/// A form field, named by its visible label (a public contract, see ARCHITECTURE.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// "Token URL".
    TokenUrl,
    /// "Client ID".
    ClientId,
    /// "Client secret".
    ClientSecret,
    /// "Scope".
    Scope,
}

impl Field {
    /// The visible label.
    pub fn label(self) -> &'static str {
        match self {
            Self::TokenUrl => "Token URL",
            Self::ClientId => "Client ID",
            Self::ClientSecret => "Client secret",
            Self::Scope => "Scope",
        }
    }
}

/// A problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// What is wrong, phrased to follow the field's label.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field.label(), self.message)
    }
}

/// The form exactly as typed. Nothing here is ever rewritten: validation reads it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// "Token URL".
    pub token_url: String,
    /// "Client ID".
    pub client_id: String,
    /// "Client secret".
    pub client_secret: String,
    /// "Client authentication".
    pub auth: AuthMethod,
    /// "Scope" (space-separated).
    pub scope: String,
}

impl fmt::Debug for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Draft")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("auth", &self.auth)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The token URL of the built-in example (a reserved `.example` domain, RFC 2606 §3).
pub const EXAMPLE_TOKEN_URL: &str = "https://authorization-server.example/oauth2/token";
/// The client id of the built-in example.
pub const EXAMPLE_CLIENT_ID: &str = "my_client_id_123";
/// The client secret of the built-in example.
pub const EXAMPLE_CLIENT_SECRET: &str = "my_secret_456";
/// The scope of the built-in example.
pub const EXAMPLE_SCOPE: &str = "orders:read";

impl Draft {
    /// The example a first-time visitor sees: it works against the simulated server at once.
    pub fn example() -> Self {
        Self {
            token_url: EXAMPLE_TOKEN_URL.into(),
            client_id: EXAMPLE_CLIENT_ID.into(),
            client_secret: EXAMPLE_CLIENT_SECRET.into(),
            auth: AuthMethod::ClientSecretBasic,
            scope: EXAMPLE_SCOPE.into(),
        }
    }

    /// Validates every field; returns all problems at once, in form order.
    pub fn validate(&self) -> Result<TokenRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let token_url = TokenUrl::parse(&self.token_url)
            .map_err(|e| errors.push(error(Field::TokenUrl, e.to_string())))
            .ok();
        let id = check_credential(Field::ClientId, &self.client_id, &mut errors);
        let secret = check_credential(Field::ClientSecret, &self.client_secret, &mut errors);
        let scope = Scope::parse(&self.scope)
            .map_err(|e| errors.push(error(Field::Scope, format!("is invalid: {e}"))))
            .ok();
        match (token_url, id, secret, scope) {
            (Some(token_url), Some(id), Some(secret), Some(scope)) if errors.is_empty() => {
                let id = ClientId::new(id);
                let secret = ClientSecret::new(secret);
                let auth = match self.auth {
                    AuthMethod::ClientSecretBasic => ClientAuth::Basic { id, secret },
                    AuthMethod::ClientSecretPost => ClientAuth::Post { id, secret },
                };
                Ok(TokenRequest {
                    token_url,
                    auth,
                    scope,
                })
            }
            _ => Err(errors),
        }
    }
}

fn error(field: Field, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Client id and secret: required, and free of control characters (RFC 6749 Appendix A.1/A.2
/// allow only visible characters and space; a CR or LF could never be sent safely).
fn check_credential(field: Field, value: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    if value.is_empty() {
        errors.push(error(
            field,
            "is required for client authentication (RFC 6749 §2.3.1)",
        ));
        return None;
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        errors.push(error(
            field,
            format!(
                "contains the control character U+{:04X}; remove it (RFC 6749 Appendix A allows only visible characters and space)",
                u32::from(c)
            ),
        ));
        return None;
    }
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_example_ok() {
        assert!(Draft::example().validate().is_ok());
    }

    #[test]
    fn validate_everything_wrong_reports_each_field() {
        let draft = Draft {
            token_url: "/token".into(),
            client_id: String::new(),
            client_secret: "a\nb".into(),
            auth: AuthMethod::ClientSecretPost,
            scope: "ok bad\"".into(),
        };
        let errors = draft.validate().unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::TokenUrl,
                Field::ClientId,
                Field::ClientSecret,
                Field::Scope
            ]
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("Token URL must be an absolute URL")
        );
        assert!(errors[2].to_string().contains("U+000A"));
    }

    #[test]
    fn draft_debug_secret_redacted() {
        assert!(!format!("{:?}", Draft::example()).contains(EXAMPLE_CLIENT_SECRET));
    }
}
