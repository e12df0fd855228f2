//! What the simulated authorization server is configured with: registered clients (RFC 7591
//! §2 metadata names), the provider profile it imitates, its clock and the faults it injects.

use super::super::draft::{EXAMPLE_CLIENT_ID, EXAMPLE_CLIENT_SECRET};
use super::super::http::{Header, HttpResponse};
use super::super::types::AuthMethod;
use super::{RESOURCE_PATH, SIMULATED_ORIGIN};
use serde_json::Value;

/// A client registered with the simulated server (field names after RFC 7591 §2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredClient {
    /// `client_id`.
    pub id: String,
    /// `client_secret` (simulated, not a real secret); empty for a public client.
    pub secret: String,
    /// Scopes this client may be granted.
    pub allowed_scopes: Vec<String>,
    /// Scopes granted when the request has no `scope` (RFC 6749 §3.3 lets the server pick).
    pub default_scopes: Vec<String>,
    /// `token_endpoint_auth_method`s it may use; empty means any secret- or key-based one.
    pub auth_methods: Vec<AuthMethod>,
    /// `grant_types` it may use (RFC 7591 §2); client credentials needs `client_credentials`.
    pub grant_types: Vec<String>,
    /// Resource/audience values it may ask for (RFC 8707 §2); anything else is `invalid_target`.
    pub audiences: Vec<String>,
    /// Its public keys (`jwks`, RFC 7591 §2) for `private_key_jwt` (RFC 7523 §2.2).
    pub jwks: Vec<Value>,
    /// `dpop_bound_access_tokens` (RFC 9449 §5.2): a token request without a DPoP proof is
    /// refused.
    pub dpop_bound_access_tokens: bool,
}

/// The scopes a registered client of the simulated server may ask for (RFC 6749 §3.3).
pub const EXAMPLE_SCOPES: [&str; 3] = ["orders:read", "orders:write", "inventory:read"];

/// The audiences and resources (RFC 8707) a registered client of the simulated server may ask
/// for: its own API, two example APIs and a URN.
pub fn example_audiences() -> Vec<String> {
    vec![
        format!("{SIMULATED_ORIGIN}{RESOURCE_PATH}"),
        "https://api.example".into(),
        "https://api.example/orders".into(),
        "urn:example:inventory".into(),
    ]
}

impl RegisteredClient {
    /// A confidential client with the usual scopes of the lesson example.
    pub fn confidential(id: &str, secret: &str) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            allowed_scopes: EXAMPLE_SCOPES.map(String::from).to_vec(),
            default_scopes: vec!["orders:read".into()],
            auth_methods: Vec::new(),
            grant_types: vec!["client_credentials".into()],
            audiences: example_audiences(),
            jwks: Vec::new(),
            dpop_bound_access_tokens: false,
        }
    }

    /// Whether the client may authenticate with `method` (RFC 7591 §2
    /// `token_endpoint_auth_method`).
    pub fn allows_method(&self, method: AuthMethod) -> bool {
        if self.auth_methods.is_empty() {
            method != AuthMethod::None
        } else {
            self.auth_methods.contains(&method)
        }
    }
}

/// A real server whose quirks the simulator reproduces on top of the strict RFC rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// RFC 6749 to the letter.
    #[default]
    Strict,
    /// Auth0-like: `audience` is required (403 `access_denied` without it).
    Auth0,
    /// Microsoft Entra ID-like: `scope` must be one `<resource>/.default`; `expires_in` and
    /// `ext_expires_in` are strings (v1 endpoint style); AADSTS codes in errors.
    Entra,
    /// Keycloak-like: bad credentials answer `unauthorized_client` with Keycloak's text.
    Keycloak,
    /// Okta-like: `scope` is required (no default scopes) with Okta's text.
    Okta,
}

impl Profile {
    /// Every profile, in the order the UI offers them.
    pub const ALL: [Profile; 5] = [
        Profile::Strict,
        Profile::Auth0,
        Profile::Entra,
        Profile::Keycloak,
        Profile::Okta,
    ];

    /// A stable id (also the `<option>` value).
    pub fn id(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Auth0 => "auth0",
            Self::Entra => "entra",
            Self::Keycloak => "keycloak",
            Self::Okta => "okta",
        }
    }

    /// Parses an id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::Strict => "Strict RFC 6749",
            Self::Auth0 => "Auth0-like",
            Self::Entra => "Microsoft Entra-like",
            Self::Keycloak => "Keycloak-like",
            Self::Okta => "Okta-like",
        }
    }

    /// Which quirks this profile reproduces (shown under the choice).
    pub fn quirks(self) -> &'static str {
        match self {
            Self::Strict => {
                "Every rule of RFC 6749 §2.3, §3.2, §4.4 and §5, RFC 7523 and RFC 8707, nothing more."
            }
            Self::Auth0 => {
                "Requires the audience parameter (403 access_denied without it); ignores resource."
            }
            Self::Entra => {
                "scope must be exactly one <resource>/.default (AADSTS1002012 otherwise); expires_in and ext_expires_in come as strings; errors carry error_codes, trace_id and correlation_id."
            }
            Self::Keycloak => {
                "A wrong or unknown client answers 401 unauthorized_client \"Invalid client or Invalid client credentials\"."
            }
            Self::Okta => {
                "scope is required (no default scopes): 400 invalid_scope with Okta's message; a wrong secret gets Okta's invalid_client message."
            }
        }
    }
}

/// The simulated server's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulatorConfig {
    /// Registered clients.
    pub clients: Vec<RegisteredClient>,
    /// Lifetime of issued tokens, in seconds (`expires_in`).
    pub token_lifetime_secs: u64,
    /// Realm in `WWW-Authenticate: Basic realm="…"` (RFC 7617 §2).
    pub realm: String,
    /// JWT access tokens (RFC 9068, when a signing key is set) or opaque ones.
    pub opaque_tokens: bool,
    /// A failure the token endpoint answers with instead of judging the request.
    pub fault: Fault,
    /// Refuse a client that authenticates with a method it is not registered for.
    pub enforce_auth_method: bool,
    /// How far the server's clock is ahead (positive) or behind (negative), in seconds.
    pub clock_skew_secs: i64,
    /// The real server whose quirks are reproduced.
    pub profile: Profile,
    /// "Require DPoP nonce": a DPoP proof must carry the server's current nonce, which a
    /// `400 use_dpop_nonce` (token endpoint) or `401` (API) hands out in `DPoP-Nonce` (RFC 9449
    /// §8, §9).
    pub require_dpop_nonce: bool,
}

impl Default for SimulatorConfig {
    /// The example client of the lesson material (`my_client_id_123` / `my_secret_456`), a web
    /// application that may not use client credentials, and a public client.
    fn default() -> Self {
        let mut web_app = RegisteredClient::confidential("web_app_client", "web_secret_789");
        web_app.grant_types = vec!["authorization_code".into(), "refresh_token".into()];
        let mut public = RegisteredClient::confidential("public_spa_client", "");
        public.auth_methods = vec![AuthMethod::None];
        public.grant_types = vec!["authorization_code".into()];
        Self {
            clients: vec![
                RegisteredClient::confidential(EXAMPLE_CLIENT_ID, EXAMPLE_CLIENT_SECRET),
                web_app,
                public,
            ],
            token_lifetime_secs: 3600,
            realm: "authorization-server.example".into(),
            opaque_tokens: false,
            fault: Fault::None,
            enforce_auth_method: true,
            clock_skew_secs: 0,
            profile: Profile::Strict,
            require_dpop_nonce: false,
        }
    }
}

/// Failures the simulated token endpoint can produce on purpose, for demos and for testing
/// how a client copes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fault {
    /// No fault: the request is judged by the rules.
    #[default]
    None,
    /// `503 Service Unavailable` with `Retry-After: 30` (RFC 9110 §15.6.4, §10.2.3).
    Unavailable,
    /// `429 Too Many Requests` with `Retry-After: 10` (RFC 6585 §4).
    TooManyRequests,
    /// `500` with a JSON `server_error` body (RFC 6749 §4.1.2.1 names the code).
    ServerError,
    /// `502 Bad Gateway` from a proxy in front of the server, as plain text.
    BadGateway,
    /// `500` with an HTML error page instead of JSON.
    HtmlError,
    /// `200` with a body that is not valid JSON.
    MalformedJson,
    /// `200` with an empty body.
    EmptyBody,
    /// No answer at all (the app lets the request time out).
    NeverAnswers,
}

impl Fault {
    /// Every fault, in the order the UI offers them.
    pub const ALL: [Fault; 9] = [
        Fault::None,
        Fault::Unavailable,
        Fault::TooManyRequests,
        Fault::ServerError,
        Fault::BadGateway,
        Fault::HtmlError,
        Fault::MalformedJson,
        Fault::EmptyBody,
        Fault::NeverAnswers,
    ];

    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Unavailable => "503",
            Self::TooManyRequests => "429",
            Self::ServerError => "500",
            Self::BadGateway => "502",
            Self::HtmlError => "500-html",
            Self::MalformedJson => "bad-json",
            Self::EmptyBody => "empty",
            Self::NeverAnswers => "hang",
        }
    }

    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Unavailable => "503 with Retry-After",
            Self::TooManyRequests => "429 with Retry-After",
            Self::ServerError => "500 server_error (JSON)",
            Self::BadGateway => "502 Bad Gateway (proxy)",
            Self::HtmlError => "500 HTML error page",
            Self::MalformedJson => "malformed JSON",
            Self::EmptyBody => "empty body",
            Self::NeverAnswers => "never answers",
        }
    }

    /// Parses an id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The response for this fault (`None` for no fault and for never answering).
    pub fn response(self) -> Option<HttpResponse> {
        let text = |status: u16, headers: Vec<Header>, content_type: &str, body: &str| {
            let mut all = vec![
                Header::new("Content-Type", content_type),
                Header::new("Content-Length", body.len().to_string()),
            ];
            all.extend(headers);
            Some(HttpResponse::new(status, all, body))
        };
        match self {
            Self::None | Self::NeverAnswers => None,
            Self::Unavailable => text(
                503,
                vec![Header::new("Retry-After", "30")],
                "text/plain",
                "Service Unavailable",
            ),
            Self::TooManyRequests => text(
                429,
                vec![Header::new("Retry-After", "10")],
                "application/json",
                r#"{"error":"too_many_requests"}"#,
            ),
            Self::ServerError => text(
                500,
                vec![Header::new("Cache-Control", "no-store")],
                "application/json",
                r#"{"error":"server_error","error_description":"The authorization server encountered an unexpected condition."}"#,
            ),
            Self::BadGateway => text(502, vec![], "text/plain", "502 Bad Gateway"),
            Self::HtmlError => text(
                500,
                vec![],
                "text/html",
                "<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>",
            ),
            Self::MalformedJson => text(
                200,
                vec![],
                "application/json",
                r#"{"access_token":"abc","token_type":"Bearer","#,
            ),
            Self::EmptyBody => text(200, vec![], "application/json", ""),
        }
    }
}
