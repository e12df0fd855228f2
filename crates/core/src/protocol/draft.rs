//! The form as the user typed it, and its validation into a [`TokenRequest`].
//! Every error names the field (by its visible label) and the problem; nothing typed is ever
//! rewritten by validation.

use super::assertion::{AssertionPlan, JwtAlg, SigningKey, parse_private_key};
use super::request::{ClientAuth, DpopProof, GRANT_TYPE, Mistakes, TokenRequest};
use super::secret::Secret;
use super::types::{AuthMethod, ClientId, ClientSecret, Scope};
use super::url::TokenUrl;
use std::fmt;

mod checks;

use checks::{check_credential, check_header, check_resource, control_message};

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
    /// "Audience".
    Audience,
    /// "Resource".
    Resource,
    /// A row of "Extra parameters", by row id.
    ExtraParam(u32),
    /// A row of "Extra headers", by row id.
    ExtraHeader(u32),
    /// "grant_type" (teaching mode).
    GrantType,
    /// "Private key" (private_key_jwt).
    PrivateKey,
    /// "Assertion lifetime" (JWT methods).
    AssertionLifetime,
}

impl Field {
    /// The visible label.
    pub fn label(self) -> &'static str {
        match self {
            Self::TokenUrl => "Token URL",
            Self::ClientId => "Client ID",
            Self::ClientSecret => "Client secret",
            Self::Scope => "Scope",
            Self::Audience => "Audience",
            Self::Resource => "Resource",
            Self::ExtraParam(_) => "Extra parameter",
            Self::ExtraHeader(_) => "Extra header",
            Self::GrantType => "grant_type",
            Self::PrivateKey => "Private key",
            Self::AssertionLifetime => "Assertion lifetime",
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

/// One key/value row of the extra parameters or headers editors. A disabled row is kept but
/// not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Stable id (for keyed rendering and for naming the row in errors).
    pub id: u32,
    /// Whether the row is sent.
    pub enabled: bool,
    /// Name as typed.
    pub name: String,
    /// Value as typed.
    pub value: String,
}

impl Row {
    /// A new enabled row.
    pub fn new(id: u32, name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            id,
            enabled: true,
            name: name.into(),
            value: value.into(),
        }
    }

    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.value.is_empty()
    }
}

/// Teaching mode: make the classic mistakes on purpose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Teaching {
    /// Whether teaching mode is on (the options below apply only then).
    pub enabled: bool,
    /// `grant_type` as typed.
    pub grant_type: String,
    /// The deliberate mistakes.
    pub mistakes: Mistakes,
}

/// The client assertion signed for the current form (JWT methods), kept by the app's state:
/// signing is asynchronous (WebCrypto), so the latest result is stored here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AssertionState {
    /// Nothing signed yet.
    #[default]
    Unsigned,
    /// The latest signed assertion (a credential, RFC 7523 §2.2).
    Signed(Secret<String>),
    /// Signing failed: why (e.g. the browser rejected the key).
    Failed(String),
}

/// What [`Draft::assertion_plan`] gives: `None` when the method signs no assertion, else the
/// plan and key to sign a fresh one with (RFC 7523 §3), or why the form cannot give one.
pub type PlannedAssertion = Option<Result<(AssertionPlan, SigningKey), Vec<FieldError>>>;

/// The form exactly as typed. Its secrets are [`Secret`]s, so `Debug` never shows them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Draft {
    /// "Token URL".
    pub token_url: String,
    /// "Client ID".
    pub client_id: String,
    /// "Client secret".
    pub client_secret: Secret<String>,
    /// "Client authentication".
    pub auth: AuthMethod,
    /// "Scope" (space-separated).
    pub scope: String,
    /// "Audience".
    pub audience: String,
    /// "Resource": one absolute URI per line (RFC 8707 §2).
    pub resource: String,
    /// "Extra parameters".
    pub extra_params: Vec<Row>,
    /// "Extra headers".
    pub extra_headers: Vec<Row>,
    /// Teaching mode.
    pub teaching: Teaching,
    /// "Private key": PEM or JWK (private_key_jwt).
    pub private_key: Secret<String>,
    /// "Signing algorithm" for private_key_jwt (client_secret_jwt always uses HS256).
    pub jwt_alg: JwtAlg,
    /// "Assertion lifetime" in seconds, as typed.
    pub assertion_lifetime: String,
    /// "Key ID (kid)", optional.
    pub kid: String,
    /// The latest signed assertion (not typed; filled by the app).
    pub assertion: AssertionState,
    /// "Use DPoP (RFC 9449)": every token request carries a fresh proof in a `DPoP` header,
    /// signed by the app at send time (the request's [`DpopProof::Pending`] until then).
    pub dpop: bool,
}

/// The token URL of the built-in example (a reserved `.example` domain, RFC 2606 §3).
pub const EXAMPLE_TOKEN_URL: &str = "https://authorization-server.example/oauth2/token";
/// The client id of the built-in example.
pub const EXAMPLE_CLIENT_ID: &str = "my_client_id_123";
/// The client secret of the built-in example.
pub const EXAMPLE_CLIENT_SECRET: &str = "my_secret_456";
/// The scope of the built-in example.
pub const EXAMPLE_SCOPE: &str = "orders:read";

/// Default lifetime of a client assertion, in seconds.
pub const DEFAULT_ASSERTION_LIFETIME: &str = "60";

impl Draft {
    /// The example a first-time visitor sees: it works against the simulated server at once.
    pub fn example() -> Self {
        Self {
            token_url: EXAMPLE_TOKEN_URL.into(),
            client_id: EXAMPLE_CLIENT_ID.into(),
            client_secret: EXAMPLE_CLIENT_SECRET.into(),
            auth: AuthMethod::ClientSecretBasic,
            scope: EXAMPLE_SCOPE.into(),
            teaching: Teaching {
                grant_type: GRANT_TYPE.into(),
                ..Teaching::default()
            },
            assertion_lifetime: DEFAULT_ASSERTION_LIFETIME.into(),
            ..Self::default()
        }
    }

    /// The resource lines that will be sent (trimmed, non-empty).
    pub fn resource_lines(&self) -> impl Iterator<Item = &str> {
        self.resource
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }

    /// What to sign for a JWT method, and the key to sign it with (RFC 7523 §3). Errors name
    /// the field. `None` when the method is not a JWT method.
    pub fn assertion_plan(&self) -> PlannedAssertion {
        if !self.auth.uses_assertion() {
            return None;
        }
        let mut errors = Vec::new();
        let audience = TokenUrl::parse(&self.token_url).ok().map(|u| u.to_string());
        let alg = if self.auth == AuthMethod::ClientSecretJwt {
            JwtAlg::Hs256
        } else {
            self.jwt_alg
        };
        let key = if alg == JwtAlg::Hs256 {
            let secret = self.client_secret.expose();
            (!secret.is_empty()).then(|| SigningKey::Secret(secret.as_bytes().to_vec().into()))
        } else {
            parse_private_key(self.private_key.expose(), alg)
                .map_err(|e| errors.push(error(Field::PrivateKey, e.to_string())))
                .ok()
        };
        let lifetime = match self.assertion_lifetime.trim().parse::<u64>() {
            Ok(n) if (1..=86_400).contains(&n) => Some(n),
            _ => {
                errors.push(error(
                    Field::AssertionLifetime,
                    format!(
                        "\"{}\" is not a number of seconds from 1 to 86400",
                        self.assertion_lifetime
                    ),
                ));
                None
            }
        };
        let kid = self.kid.trim();
        Some(match (audience, key, lifetime) {
            (Some(audience), Some(key), Some(lifetime_secs))
                if errors.is_empty() && !self.client_id.is_empty() =>
            {
                Ok((
                    AssertionPlan {
                        alg,
                        kid: (!kid.is_empty()).then(|| kid.to_string()),
                        client_id: self.client_id.clone(),
                        audience,
                        lifetime_secs,
                    },
                    key,
                ))
            }
            _ => Err(errors),
        })
    }

    /// Validates every field; returns all problems at once, in form order.
    pub fn validate(&self) -> Result<TokenRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let token_url = TokenUrl::parse(&self.token_url)
            .map_err(|e| errors.push(error(Field::TokenUrl, e.to_string())))
            .ok();
        let id = check_credential(Field::ClientId, &self.client_id, &mut errors);
        let secret = if self.auth.uses_secret() {
            check_credential(
                Field::ClientSecret,
                self.client_secret.expose(),
                &mut errors,
            )
        } else {
            Some(String::new())
        };
        let scope = Scope::parse(&self.scope)
            .map_err(|e| errors.push(error(Field::Scope, format!("is invalid: {e}"))))
            .ok();
        let audience = self.audience.trim();
        if let Some(c) = audience.chars().find(|c| c.is_control()) {
            errors.push(error(Field::Audience, control_message(c)));
        }
        for (n, line) in self.resource_lines().enumerate() {
            if let Err(why) = check_resource(line) {
                errors.push(error(
                    Field::Resource,
                    format!("line {} \"{line}\" {why}", n + 1),
                ));
            }
        }
        let extra_params = self.extra_rows(&self.extra_params, &mut errors, |row, errors| {
            if row.name.trim().is_empty() {
                errors.push(error(Field::ExtraParam(row.id), "has a value but no name"));
            }
        });
        let extra_headers = self.extra_rows(&self.extra_headers, &mut errors, |row, errors| {
            check_header(row, self.auth, self.dpop, errors)
        });
        if let Some(Err(plan_errors)) = self.assertion_plan() {
            errors.extend(plan_errors);
        }
        let signed = self.signed_assertion(&mut errors);
        let grant_type = self.grant_type(&mut errors);
        match (token_url, id, secret, scope) {
            (Some(token_url), Some(id), Some(secret), Some(scope)) if errors.is_empty() => {
                let auth = self.client_auth(ClientId::new(id), ClientSecret::new(secret), signed);
                Ok(TokenRequest {
                    grant_type,
                    audience: (!audience.is_empty()).then(|| audience.to_string()),
                    resources: self.resource_lines().map(str::to_string).collect(),
                    extra_params,
                    extra_headers,
                    mistakes: if self.teaching.enabled {
                        self.teaching.mistakes
                    } else {
                        Mistakes::default()
                    },
                    dpop: if self.dpop {
                        DpopProof::Pending
                    } else {
                        DpopProof::Off
                    },
                    ..TokenRequest::new(token_url, auth, scope)
                })
            }
            _ => Err(errors),
        }
    }

    /// The signed client assertion for a JWT method (RFC 7523 §2.2), or why there is none.
    fn signed_assertion(&self, errors: &mut Vec<FieldError>) -> Option<Secret<String>> {
        match (&self.assertion, self.auth.uses_assertion()) {
            (_, false) => None,
            (AssertionState::Signed(jws), true) => Some(jws.clone()),
            (AssertionState::Failed(why), true) => {
                errors.push(error(
                    Field::PrivateKey,
                    format!("could not sign the client assertion: {why}"),
                ));
                None
            }
            (AssertionState::Unsigned, true) => {
                errors.push(error(
                    Field::PrivateKey,
                    "is being used to sign the client assertion…",
                ));
                None
            }
        }
    }

    /// `grant_type`: `client_credentials`, or as typed in teaching mode (RFC 6749 §4.4.2).
    fn grant_type(&self, errors: &mut Vec<FieldError>) -> String {
        if self.teaching.enabled {
            let g = self.teaching.grant_type.trim();
            if g.is_empty() {
                errors.push(error(Field::GrantType, "is required (RFC 6749 §4.4.2)"));
            }
            g.to_string()
        } else {
            GRANT_TYPE.to_string()
        }
    }

    /// The client authentication of the chosen method (RFC 6749 §2.3).
    fn client_auth(
        &self,
        id: ClientId,
        secret: ClientSecret,
        signed: Option<Secret<String>>,
    ) -> ClientAuth {
        match self.auth {
            AuthMethod::ClientSecretBasic => ClientAuth::Basic { id, secret },
            AuthMethod::ClientSecretPost => ClientAuth::Post { id, secret },
            AuthMethod::None => ClientAuth::None { id },
            method @ (AuthMethod::PrivateKeyJwt | AuthMethod::ClientSecretJwt) => ClientAuth::Jwt {
                id,
                method,
                assertion: signed.unwrap_or_default(),
            },
        }
    }

    /// The enabled, non-blank rows as (name, value), each checked by `check`.
    fn extra_rows(
        &self,
        rows: &[Row],
        errors: &mut Vec<FieldError>,
        check: impl Fn(&Row, &mut Vec<FieldError>),
    ) -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r.enabled && !r.is_blank())
            .map(|r| {
                check(r, errors);
                (r.name.trim().to_string(), r.value.clone())
            })
            .collect()
    }
}

fn error(field: Field, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests;
