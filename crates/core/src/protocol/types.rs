//! Newtypes for the protocol strings of the client credentials grant (RFC 6749 §4.4).
//!
//! Secrets have their own types (declared with [`secret_type!`](super::secret), over
//! [`Secret`](super::secret::Secret)) whose `Debug` output is `Name([redacted])`, so that a
//! stray `{:?}` in a log can never print them.

use super::secret::secret_type;
use std::fmt;

/// A client identifier (RFC 6749 §2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Wraps a client identifier.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The identifier as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

secret_type!(
    /// A client secret (RFC 6749 §2.3.1). `Debug` never shows it.
    ClientSecret
);

secret_type!(
    /// An access token (RFC 6749 §1.4). `Debug` never shows it.
    AccessToken
);

/// A scope: an ordered list of distinct scope tokens (RFC 6749 §3.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope(Vec<String>);

/// A character that RFC 6749 §3.3 does not allow in a scope token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError {
    /// The offending token.
    pub token: String,
    /// The first character not allowed by `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
    pub bad_char: char,
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = match self.bad_char {
            '"' => "the double quote \"".to_string(),
            '\\' => "the backslash \\".to_string(),
            c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
            c => format!("\"{c}\" (U+{:04X})", u32::from(c)),
        };
        write!(
            f,
            "scope \"{}\" contains {shown}; scope tokens may only use printable ASCII except \" and \\ (RFC 6749 §3.3)",
            self.token
        )
    }
}

impl Scope {
    /// Parses a space-separated scope string: any run of whitespace separates tokens,
    /// duplicates are dropped (order kept), every token is checked against RFC 6749 §3.3.
    pub fn parse(input: &str) -> Result<Self, ScopeError> {
        let mut tokens: Vec<String> = Vec::new();
        for token in input.split_whitespace() {
            if let Some(bad_char) = token
                .chars()
                .find(|&c| !matches!(c, '\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e'))
            {
                return Err(ScopeError {
                    token: token.to_string(),
                    bad_char,
                });
            }
            if !tokens.iter().any(|t| t == token) {
                tokens.push(token.to_string());
            }
        }
        Ok(Self(tokens))
    }

    /// The individual scope tokens.
    pub fn tokens(&self) -> &[String] {
        &self.0
    }

    /// True when no scope is requested: the `scope` parameter is then omitted (never `scope=`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The wire form: tokens joined by single spaces.
    pub fn to_wire(&self) -> String {
        self.0.join(" ")
    }
}

/// How the client authenticates to the token endpoint (RFC 6749 §2.3; names from the OAuth
/// Token Endpoint Authentication Methods registry, RFC 7591 §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthMethod {
    /// HTTP Basic with form-urlencoded id and secret (RFC 6749 §2.3.1).
    #[default]
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the request body (RFC 6749 §2.3.1).
    ClientSecretPost,
    /// A JWT signed with the client's private key (RFC 7523 §2.2; OpenID Connect Core §9).
    PrivateKeyJwt,
    /// A JWT signed with HMAC keyed by the client secret (RFC 7523 §2.2; OpenID Connect Core §9).
    ClientSecretJwt,
    /// A public client: `client_id` in the body and no secret (RFC 6749 §2.1; RFC 7591 §2).
    None,
}

impl AuthMethod {
    /// Every method, in the order the UI offers them.
    pub const ALL: [AuthMethod; 5] = [
        AuthMethod::ClientSecretBasic,
        AuthMethod::ClientSecretPost,
        AuthMethod::PrivateKeyJwt,
        AuthMethod::ClientSecretJwt,
        AuthMethod::None,
    ];

    /// The registered name, as used in metadata and URL parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientSecretBasic => "client_secret_basic",
            Self::ClientSecretPost => "client_secret_post",
            Self::PrivateKeyJwt => "private_key_jwt",
            Self::ClientSecretJwt => "client_secret_jwt",
            Self::None => "none",
        }
    }

    /// Parses a registered name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// True when the method needs a client secret.
    pub fn uses_secret(self) -> bool {
        matches!(
            self,
            Self::ClientSecretBasic | Self::ClientSecretPost | Self::ClientSecretJwt
        )
    }

    /// True for the JWT assertion methods.
    pub fn uses_assertion(self) -> bool {
        matches!(self, Self::PrivateKeyJwt | Self::ClientSecretJwt)
    }

    /// A one-line description for the UI.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ClientSecretBasic => {
                "HTTP Basic: Authorization header with base64(urlencode(id):urlencode(secret)) — RFC 6749 §2.3.1"
            }
            Self::ClientSecretPost => {
                "client_id and client_secret in the form body — RFC 6749 §2.3.1 (NOT RECOMMENDED by the spec)"
            }
            Self::PrivateKeyJwt => {
                "client_assertion: a JWT signed with the client's private key (RS256/ES256) — RFC 7523 §2.2"
            }
            Self::ClientSecretJwt => {
                "client_assertion: a JWT signed with HMAC-SHA256 keyed by the client secret — RFC 7523 §2.2"
            }
            Self::None => {
                "Public client: client_id in the body, no secret — RFC 6749 §2.1 (client credentials needs a confidential client, §4.4)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_parse_collapses_whitespace_and_duplicates() {
        let s = Scope::parse("  read\twrite  read ").unwrap();
        assert_eq!(s.to_wire(), "read write");
    }

    #[test]
    fn scope_parse_quote_rejected() {
        let err = Scope::parse("read wr\"ite").unwrap_err();
        assert_eq!(err.bad_char, '"');
        assert!(err.to_string().contains("wr\"ite"));
    }

    #[test]
    fn secret_debug_redacted() {
        let s = ClientSecret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(
            format!("{:?}", AccessToken::new("t0k")),
            "AccessToken([redacted])"
        );
    }
}
