//! What the diagram is derived from: the request the form would send, the latest token exchange
//! (RFC 6749 §5.1, §5.2) and the latest API call (RFC 6750 §3), each reduced to plain data.

use crate::bearer::{parse_challenge, parse_dpop_challenge};
use crate::http::{HttpRequest, HttpResponse};
use crate::request::TokenRequest;
use crate::response::TokenOutcome;
use crate::types::AccessToken;

/// The request the form would send now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// e.g. `POST /oauth2/token HTTP/1.1` (credentials in the target masked).
    pub request_line: String,
    /// e.g. `client_secret_basic`.
    pub auth_method: String,
}

impl Prepared {
    /// What the diagram shows of a validated request.
    pub fn from_request(request: &TokenRequest) -> Self {
        Self {
            request_line: request_line(&request.to_http()),
            auth_method: request.auth.method().as_str().to_string(),
        }
    }
}

/// The request line of a request, with credentials in the target masked (teaching mode's GET).
pub fn request_line(request: &HttpRequest) -> String {
    let target = request.masked_target.as_ref().unwrap_or(&request.target);
    format!("{} {target} HTTP/1.1", request.method)
}

/// What came back from the token endpoint, reduced to what the diagram shows.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenAnswer {
    /// No HTTP response: timeout, network or CORS failure.
    NoResponse(String),
    /// A token (RFC 6749 §5.1).
    Token {
        /// HTTP status.
        status: u16,
        /// `token_type`.
        token_type: String,
        /// `expires_in`, when usable.
        expires_in: Option<u64>,
        /// `scope` as granted, when returned.
        scope: Option<String>,
        /// The token (shown masked unless revealed).
        access_token: AccessToken,
    },
    /// An error response (RFC 6749 §5.2).
    Refused {
        /// HTTP status.
        status: u16,
        /// `error`.
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
    },
    /// Neither a token nor an error response.
    Unusable {
        /// HTTP status.
        status: u16,
        /// What is wrong with it.
        problem: String,
    },
}

/// The meaning of a token endpoint response, for the diagram.
pub fn token_answer(status: u16, outcome: &TokenOutcome) -> TokenAnswer {
    match outcome {
        TokenOutcome::Token(t) => TokenAnswer::Token {
            status,
            token_type: t.token_type.clone(),
            expires_in: t.expires_in,
            scope: t.scope.clone(),
            access_token: t.access_token.clone(),
        },
        TokenOutcome::Error(e) => TokenAnswer::Refused {
            status,
            error: e.error.clone(),
            description: e.error_description.clone(),
        },
        TokenOutcome::Problem(p) => TokenAnswer::Unusable {
            status,
            problem: p.to_string(),
        },
    }
}

/// The latest token exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenExchange {
    /// The request line as sent.
    pub request_line: String,
    /// The client authentication method used.
    pub auth_method: String,
    /// The scope requested (space-separated; empty when none).
    pub requested_scope: String,
    /// Milliseconds from send to answer.
    pub elapsed_ms: u64,
    /// What came back.
    pub answer: TokenAnswer,
}

/// What came back from the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiAnswer {
    /// No HTTP response.
    NoResponse(String),
    /// An HTTP response.
    Answered {
        /// HTTP status.
        status: u16,
        /// The `error` of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3), if any.
        error: Option<String>,
        /// Its `error_description`, if any.
        description: Option<String>,
    },
}

/// The meaning of an API response, for the diagram.
pub fn api_answer(response: &HttpResponse) -> ApiAnswer {
    let challenge = response
        .header("www-authenticate")
        .and_then(|h| parse_challenge(h).or_else(|| parse_dpop_challenge(h)));
    ApiAnswer::Answered {
        status: response.status,
        error: challenge.as_ref().and_then(|c| c.error.clone()),
        description: challenge.and_then(|c| c.error_description),
    }
}

/// Whether an API request carried `token` (`Authorization: Bearer`, RFC 6750 §2.1, or `DPoP`,
/// RFC 9449 §7.1): an API call made with an earlier token does not belong to the current flow.
pub fn carries_token(request: &HttpRequest, token: &AccessToken) -> bool {
    request
        .header("authorization")
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("DPoP "))
        })
        .is_some_and(|t| t == token.expose())
}

/// The latest API call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiCall {
    /// The request line as sent.
    pub request_line: String,
    /// Whether it carried the token of the latest exchange.
    pub current_token: bool,
    /// What came back.
    pub answer: ApiAnswer,
}

/// Everything the diagram is derived from.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowInput {
    /// The request the form would send, or the problems that stop it.
    pub prepared: Result<Prepared, Vec<String>>,
    /// Whether a token request is in flight.
    pub sending: bool,
    /// The latest token exchange.
    pub exchange: Option<TokenExchange>,
    /// The latest API call.
    pub api: Option<ApiCall>,
    /// Whether secrets are shown in clear.
    pub reveal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_token_same_and_other_token_detected() {
        let request = crate::bearer::api_request(
            "https://authorization-server.example/api/orders",
            "GET",
            "tok-123",
            "",
        )
        .expect("valid URL");
        assert!(carries_token(&request, &AccessToken::new("tok-123")));
        assert!(!carries_token(&request, &AccessToken::new("tok-456")));
    }
}
