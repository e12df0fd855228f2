//! The simulated authorization server that runs inside the page.
//!
//! It receives the very bytes the client would send, parses them as a strict HTTP/1.1 server
//! would ([`HttpRequest::parse`]), and answers per RFC 6749: a token response (§5.1) or an error
//! response (§5.2). It is pure: time comes in as `now_ms`, randomness from a seed.

use super::assertion::{ASSERTION_TYPE, decode};
use super::encoding::{
    base64_decode, base64url_decode, base64url_encode, form_parse, form_urldecode,
};
use super::http::{Header, HttpRequest, HttpResponse};
use super::request::GRANT_TYPE;
use super::sha256::{constant_time_eq, hmac_sha256};
use super::token::format_http_date;
use super::types::AuthMethod;
use serde_json::{Value, json};

/// The origin the simulated endpoints live under (a reserved `.example` name, RFC 2606 §3).
pub const SIMULATED_ORIGIN: &str = "https://authorization-server.example";
/// The path of the simulated JWKS (RFC 7517 §5).
pub const JWKS_PATH: &str = "/jwks";
/// Stands in a JWT access token for the signature the app has yet to add.
pub const SIGNATURE_PLACEHOLDER: &str = "SIMULATOR-SIGNATURE-PENDING";

/// The JWS signing input of a JWT access token in `response` that still waits for its
/// signature (the app signs it with the key given to [`Simulator::set_signing_key`]).
pub fn pending_signature(response: &HttpResponse) -> Option<String> {
    let body: Value = serde_json::from_slice(&response.body).ok()?;
    let token = body.get("access_token")?.as_str()?;
    token
        .strip_suffix(SIGNATURE_PLACEHOLDER)
        .and_then(|t| t.strip_suffix('.'))
        .map(str::to_string)
}

/// Puts the signature into the pending JWT access token and fixes `Content-Length`.
pub fn complete(mut response: HttpResponse, signature: &[u8]) -> HttpResponse {
    let body = response
        .body_text()
        .replace(SIGNATURE_PLACEHOLDER, &base64url_encode(signature));
    for h in &mut response.headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            h.value = body.len().to_string();
        }
    }
    response.body = body.into_bytes();
    response
}

/// The path of the simulated protected resource (RFC 6750), which needs `orders:read`.
pub const RESOURCE_PATH: &str = "/api/orders";
/// The scope the protected resource requires.
pub const RESOURCE_SCOPE: &str = "orders:read";

/// The host of the simulated authorization server.
pub const SIMULATED_HOST: &str = "authorization-server.example";
/// The path of the simulated token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/token";

/// A client registered with the simulated server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredClient {
    /// `client_id`.
    pub id: String,
    /// `client_secret` (simulated, not a real secret).
    pub secret: String,
    /// Scopes this client may be granted.
    pub allowed_scopes: Vec<String>,
    /// Scopes granted when the request has no `scope` (RFC 6749 §3.3 lets the server pick).
    pub default_scopes: Vec<String>,
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
    pub const ALL: [Fault; 7] = [
        Fault::None,
        Fault::Unavailable,
        Fault::TooManyRequests,
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

impl Default for SimulatorConfig {
    /// The example client of the lesson material: `my_client_id_123` / `my_secret_456`.
    fn default() -> Self {
        Self {
            clients: vec![RegisteredClient {
                id: super::draft::EXAMPLE_CLIENT_ID.into(),
                secret: super::draft::EXAMPLE_CLIENT_SECRET.into(),
                allowed_scopes: vec![
                    "orders:read".into(),
                    "orders:write".into(),
                    "inventory:read".into(),
                ],
                default_scopes: vec!["orders:read".into()],
            }],
            token_lifetime_secs: 3600,
            realm: "authorization-server.example".into(),
            opaque_tokens: false,
            fault: Fault::None,
        }
    }
}

/// The in-page authorization server: configuration plus the state a real server keeps.
#[derive(Clone, Debug)]
pub struct Simulator {
    /// Configuration.
    pub config: SimulatorConfig,
    rng: u64,
    /// Number of tokens issued so far.
    pub issued: u64,
    /// The public JWK (with `kid`) of the key that signs JWT access tokens, when the app gave one.
    signing_jwk: Option<Value>,
    /// Tokens issued: (token or JWT signing input, client id, granted scopes, expiry in ms).
    tokens: Vec<(String, String, Vec<String>, u64)>,
    /// Assertion ids already used, with their expiry (seconds), for replay detection.
    seen_jti: Vec<(String, u64)>,
}

/// Tolerated clock difference for `iat`, in seconds.
const CLOCK_SKEW_SECS: u64 = 60;

/// An OAuth error to answer with (RFC 6749 §5.2).
struct OAuthError {
    status: u16,
    code: &'static str,
    description: String,
    basic_challenge: bool,
}

fn oauth_error(status: u16, code: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        status,
        code,
        description: description.into(),
        basic_challenge: false,
    }
}

impl Simulator {
    /// A simulator with `config`, its token generator seeded with `seed`.
    pub fn new(config: SimulatorConfig, seed: u64) -> Self {
        Self {
            config,
            rng: seed ^ 0x9e37_79b9_7f4a_7c15,
            issued: 0,
            seen_jti: Vec::new(),
            tokens: Vec::new(),
            signing_jwk: None,
        }
    }

    /// Makes the server issue JWT access tokens (RFC 9068) signed with ES256 by the key whose
    /// public JWK (with a `kid`) is given; it is served at [`JWKS_PATH`].
    pub fn set_signing_key(&mut self, public_jwk: Value) {
        self.signing_jwk = Some(public_jwk);
    }

    /// Receives raw request bytes, as a server socket would, and answers.
    pub fn handle_bytes(&mut self, bytes: &[u8], now_ms: u64) -> HttpResponse {
        match HttpRequest::parse(bytes) {
            Ok(request) => self.handle(&request, now_ms),
            Err(e) => json_response(
                400,
                vec![],
                &json!({"error": "invalid_request", "error_description": format!("Malformed HTTP request: {e}")}),
            ),
        }
    }

    /// Answers a parsed request, with a `Date` header as real servers send (RFC 9110 §6.6.1).
    pub fn handle(&mut self, request: &HttpRequest, now_ms: u64) -> HttpResponse {
        let mut response = self.route(request, now_ms);
        response.headers.push(Header::new(
            "Date",
            format_http_date((now_ms / 1000) as i64),
        ));
        response
    }

    /// Routes a request to the endpoint that answers it.
    fn route(&mut self, request: &HttpRequest, now_ms: u64) -> HttpResponse {
        // On its own host the simulator has one token endpoint; asked under another host (a
        // retry of a live request), it plays that server's token endpoint at the given path.
        let own_host = request.header("host") == Some(SIMULATED_HOST);
        if own_host
            && request.method == "GET"
            && matches!(
                request.path(),
                "/.well-known/oauth-authorization-server" | "/.well-known/openid-configuration"
            )
        {
            return json_response(200, vec![], &self.metadata());
        }
        if own_host && request.method == "GET" && request.path() == JWKS_PATH {
            let keys: Vec<Value> = self.signing_jwk.iter().cloned().collect();
            return json_response(200, vec![], &json!({ "keys": keys }));
        }
        if own_host && request.path() == RESOURCE_PATH {
            return self.protected_resource(request, now_ms);
        }
        if own_host && request.path() != TOKEN_PATH {
            return json_response(
                404,
                vec![],
                &json!({
                    "error": "not_found",
                    "error_description": format!("The simulated server has no endpoint at {}. Its token endpoint is POST {SIMULATED_ORIGIN}{TOKEN_PATH}.", request.path()),
                }),
            );
        }
        if let Some(response) = self.config.fault.response() {
            return response;
        }
        match self.token_endpoint(request, now_ms) {
            Ok(response) => response,
            Err(e) => {
                let mut headers = vec![];
                if e.basic_challenge {
                    headers.push(Header::new(
                        "WWW-Authenticate",
                        format!("Basic realm=\"{}\"", self.config.realm),
                    ));
                }
                if e.status == 405 {
                    headers.push(Header::new("Allow", "POST"));
                }
                json_response(
                    e.status,
                    headers,
                    &json!({"error": e.code, "error_description": e.description}),
                )
            }
        }
    }

    /// The protected resource: checks the bearer token (RFC 6750 §2.1, §3.1).
    fn protected_resource(&self, request: &HttpRequest, now_ms: u64) -> HttpResponse {
        let challenge = |status: u16, error: Option<(&str, &str)>| {
            let mut value = String::from("Bearer realm=\"orders\"");
            if let Some((code, description)) = error {
                value.push_str(&format!(
                    ", error=\"{code}\", error_description=\"{description}\""
                ));
                if code == "insufficient_scope" {
                    value.push_str(&format!(", scope=\"{RESOURCE_SCOPE}\""));
                }
            }
            let body = json!({"error": error.map(|e| e.0).unwrap_or("unauthorized")});
            json_response(status, vec![Header::new("WWW-Authenticate", value)], &body)
        };
        if request.method != "GET" {
            let mut r = json_response(
                405,
                vec![Header::new("Allow", "GET")],
                &json!({"error": "method_not_allowed"}),
            );
            r.reason = "Method Not Allowed".into();
            return r;
        }
        let Some(auth) = request.header("authorization") else {
            return challenge(401, None);
        };
        let Some(token) = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
        else {
            return challenge(
                400,
                Some((
                    "invalid_request",
                    "The Authorization header is not a Bearer token",
                )),
            );
        };
        let Some((_, client, scopes, exp)) = self.tokens.iter().find(|t| {
            let token = token.trim();
            token == t.0
                || token
                    .strip_prefix(t.0.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        }) else {
            return challenge(
                401,
                Some(("invalid_token", "The token is unknown to this server")),
            );
        };
        if *exp <= now_ms {
            return challenge(401, Some(("invalid_token", "The token has expired")));
        }
        if !scopes.iter().any(|s| s == RESOURCE_SCOPE) {
            return challenge(
                403,
                Some((
                    "insufficient_scope",
                    "The token lacks the scope orders:read",
                )),
            );
        }
        json_response(
            200,
            vec![],
            &json!({"client_id": client, "orders": [{"id": 1, "item": "widget", "quantity": 3}]}),
        )
    }

    /// Authorization server metadata (RFC 8414 §2) listing what this server does.
    pub fn metadata(&self) -> Value {
        let mut scopes: Vec<&str> = self
            .config
            .clients
            .iter()
            .flat_map(|c| c.allowed_scopes.iter().map(String::as_str))
            .collect();
        scopes.sort_unstable();
        scopes.dedup();
        let mut metadata = json!({
            "issuer": SIMULATED_ORIGIN,
            "token_endpoint": format!("{SIMULATED_ORIGIN}{TOKEN_PATH}"),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "client_secret_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["HS256"],
            "scopes_supported": scopes,
            "response_types_supported": [],
        });
        if self.signing_jwk.is_some() {
            metadata["jwks_uri"] = Value::from(format!("{SIMULATED_ORIGIN}{JWKS_PATH}"));
        }
        metadata
    }

    /// The token endpoint (RFC 6749 §3.2, §4.4.2, §4.4.3).
    fn token_endpoint(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
    ) -> Result<HttpResponse, OAuthError> {
        if request.method != "POST" {
            return Err(oauth_error(
                405,
                "invalid_request",
                format!(
                    "The token endpoint accepts only POST (RFC 6749 §3.2), not {}.",
                    request.method
                ),
            ));
        }
        let content_type = request.header("content-type").unwrap_or("(none)");
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        if !media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return Err(oauth_error(
                400,
                "invalid_request",
                format!(
                    "Content-Type must be application/x-www-form-urlencoded (RFC 6749 §4.4.2), not {content_type}."
                ),
            ));
        }
        let body = std::str::from_utf8(&request.body)
            .map_err(|_| oauth_error(400, "invalid_request", "The body is not UTF-8."))?;
        let params = form_parse(body).map_err(|e| {
            oauth_error(
                400,
                "invalid_request",
                format!("The body is not valid form data: {e}."),
            )
        })?;
        for (i, (name, _)) in params.iter().enumerate() {
            // `resource` may repeat (RFC 8707 §2); nothing else may (RFC 6749 §3.2).
            if name != "resource" && params[..i].iter().any(|(n, _)| n == name) {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    format!(
                        "The parameter {name} is repeated (RFC 6749 §3.2: parameters MUST NOT be included more than once)."
                    ),
                ));
            }
        }
        let param = |name: &str| find_param(&params, name);
        let (client, _method) = match param("client_assertion") {
            Some(assertion) => self.authenticate_assertion(request, &params, assertion, now_ms)?,
            None => self.authenticate(request, &params)?,
        };
        match param("grant_type") {
            None => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "The grant_type parameter is missing (RFC 6749 §4.4.2).",
                ));
            }
            Some(GRANT_TYPE) => {}
            Some(other) => {
                return Err(oauth_error(
                    400,
                    "unsupported_grant_type",
                    format!(
                        "This server supports only grant_type=client_credentials, not {other:?}."
                    ),
                ));
            }
        }
        let granted = match param("scope") {
            None => client.default_scopes.clone(),
            Some(scope) => {
                let requested: Vec<&str> = scope.split(' ').collect();
                if requested.iter().any(|s| s.is_empty()) {
                    return Err(oauth_error(
                        400,
                        "invalid_scope",
                        "The scope parameter has empty entries; separate scopes by single spaces (RFC 6749 §3.3).",
                    ));
                }
                if let Some(bad) = requested
                    .iter()
                    .find(|s| !client.allowed_scopes.iter().any(|a| a == *s))
                {
                    return Err(oauth_error(
                        400,
                        "invalid_scope",
                        format!(
                            "The scope {bad:?} is not allowed for this client; allowed: {}.",
                            client.allowed_scopes.join(" ")
                        ),
                    ));
                }
                requested.iter().map(|s| s.to_string()).collect()
            }
        };
        let jti = self.mint();
        let resources: Vec<&str> = params
            .iter()
            .filter(|(n, _)| n == "resource")
            .map(|(_, v)| v.as_str())
            .chain(param("audience"))
            .collect();
        // With a signing key the token is a JWT (RFC 9068) whose signature the app adds
        // (see `pending_signature`); the registry keeps its signing input.
        let signing_jwk = self
            .signing_jwk
            .as_ref()
            .filter(|_| !self.config.opaque_tokens);
        let (token, registered) = match signing_jwk {
            Some(jwk) => {
                let header = json!({"alg": "ES256", "typ": "at+jwt", "kid": jwk["kid"]});
                let now = now_ms / 1000;
                let aud: Value = match resources.as_slice() {
                    [] => Value::from(format!("{SIMULATED_ORIGIN}{RESOURCE_PATH}")),
                    [one] => Value::from(*one),
                    many => Value::from(many.to_vec()),
                };
                let claims = json!({
                    "iss": SIMULATED_ORIGIN,
                    "sub": client.id,
                    "client_id": client.id,
                    "aud": aud,
                    "scope": granted.join(" "),
                    "iat": now,
                    "exp": now + self.config.token_lifetime_secs,
                    "jti": jti,
                });
                let input = format!(
                    "{}.{}",
                    base64url_encode(header.to_string().as_bytes()),
                    base64url_encode(claims.to_string().as_bytes())
                );
                (format!("{input}.{SIGNATURE_PLACEHOLDER}"), input)
            }
            None => (jti.clone(), jti),
        };
        self.issued += 1;
        self.tokens.retain(|t| t.3 > now_ms);
        self.tokens.push((
            registered,
            client.id.clone(),
            granted.clone(),
            now_ms + self.config.token_lifetime_secs * 1000,
        ));
        let body = json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.config.token_lifetime_secs,
            "scope": granted.join(" "),
        });
        Ok(json_response(200, vec![], &body))
    }

    /// Client authentication (RFC 6749 §2.3): exactly one method, credentials checked.
    fn authenticate(
        &self,
        request: &HttpRequest,
        params: &[(String, String)],
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let param = |name: &str| find_param(params, name);
        let basic = request
            .header("authorization")
            .map(parse_basic)
            .transpose()?;
        let body_secret = param("client_secret");
        let (id, secret, method) = match (basic, body_secret) {
            (Some(_), Some(_)) => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "The client used more than one authentication method (Authorization header and client_secret in the body); RFC 6749 §2.3 forbids this.",
                ));
            }
            (Some((id, secret)), None) => {
                if let Some(body_id) = param("client_id")
                    && body_id != id
                {
                    return Err(oauth_error(
                        400,
                        "invalid_request",
                        "client_id in the body differs from the one in the Authorization header.",
                    ));
                }
                (id, secret, AuthMethod::ClientSecretBasic)
            }
            (None, Some(secret)) => {
                let Some(id) = param("client_id") else {
                    return Err(oauth_error(
                        400,
                        "invalid_request",
                        "client_secret was sent without client_id.",
                    ));
                };
                (
                    id.to_string(),
                    secret.to_string(),
                    AuthMethod::ClientSecretPost,
                )
            }
            (None, None) => {
                let mut e = oauth_error(
                    401,
                    "invalid_client",
                    "No client authentication: send HTTP Basic credentials or client_id and client_secret (RFC 6749 §2.3.1).",
                );
                e.basic_challenge = true;
                return Err(e);
            }
        };
        let challenge = method == AuthMethod::ClientSecretBasic;
        let client = self
            .config
            .clients
            .iter()
            .find(|c| c.id == id)
            .filter(|c| c.secret == secret)
            .ok_or_else(|| OAuthError {
                basic_challenge: challenge,
                ..oauth_error(
                    401,
                    "invalid_client",
                    "Client authentication failed: unknown client or wrong secret.",
                )
            })?;
        Ok((client.clone(), method))
    }

    /// JWT client authentication (RFC 7523 §2.2, §3; RFC 7521 §4.2): exactly one method, the
    /// assertion type, the claims (iss = sub = client, aud = this token endpoint, exp in the
    /// future, a jti never seen before), and the HS256 signature keyed by the client secret.
    fn authenticate_assertion(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
        assertion: &str,
        now_ms: u64,
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let invalid = |why: String| oauth_error(401, "invalid_client", why);
        if request.header("authorization").is_some()
            || find_param(params, "client_secret").is_some()
        {
            return Err(oauth_error(
                400,
                "invalid_request",
                "The client used more than one authentication method (a client assertion and a secret); RFC 6749 §2.3 forbids this.",
            ));
        }
        match find_param(params, "client_assertion_type") {
            Some(ASSERTION_TYPE) => {}
            Some(other) => {
                return Err(invalid(format!(
                    "Unsupported client_assertion_type {other:?}; expected {ASSERTION_TYPE} (RFC 7523 §2.2)."
                )));
            }
            None => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "client_assertion_type is missing (RFC 7521 §4.2).",
                ));
            }
        }
        let jwt = decode(assertion).map_err(|e| invalid(format!("The client assertion {e}.")))?;
        let claim = |name: &str| jwt.claims.get(name);
        let iss = claim("iss").and_then(Value::as_str).unwrap_or_default();
        let sub = claim("sub").and_then(Value::as_str).unwrap_or_default();
        if iss != sub {
            return Err(invalid(format!(
                "The assertion's iss {iss:?} and sub {sub:?} must both be the client id (RFC 7523 §3)."
            )));
        }
        if let Some(body_id) = find_param(params, "client_id")
            && body_id != iss
        {
            return Err(invalid(
                "client_id differs from the assertion's iss/sub.".into(),
            ));
        }
        let client = self
            .config
            .clients
            .iter()
            .find(|c| c.id == iss)
            .cloned()
            .ok_or_else(|| {
                invalid(format!(
                    "Unknown client {iss:?} in the assertion's iss/sub."
                ))
            })?;
        let token_endpoint = format!(
            "https://{}{}",
            request.header("host").unwrap_or_default(),
            request.path()
        );
        let aud_ok = match claim("aud") {
            Some(Value::String(a)) => *a == token_endpoint,
            Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(&token_endpoint)),
            _ => false,
        };
        if !aud_ok {
            return Err(invalid(format!(
                "The assertion's aud must be this token endpoint, {token_endpoint} (RFC 7523 §3)."
            )));
        }
        let now = now_ms / 1000;
        let Some(exp) = claim("exp").and_then(Value::as_u64) else {
            return Err(invalid(
                "The assertion has no numeric exp (RFC 7523 §3).".into(),
            ));
        };
        if exp <= now {
            return Err(invalid(format!(
                "The assertion expired {} s ago (RFC 7523 §3).",
                now - exp
            )));
        }
        if let Some(iat) = claim("iat").and_then(Value::as_u64)
            && iat > now + CLOCK_SKEW_SECS
        {
            return Err(invalid(format!(
                "The assertion's iat is {} s in the future.",
                iat - now
            )));
        }
        let Some(jti) = claim("jti").and_then(Value::as_str) else {
            return Err(invalid(
                "The assertion has no jti (required by OpenID Connect Core §9).".into(),
            ));
        };
        self.seen_jti.retain(|(_, e)| *e > now);
        if self.seen_jti.iter().any(|(j, _)| j == jti) {
            return Err(invalid(format!(
                "The assertion's jti {jti:?} was already used: assertions are single-use (RFC 7523 §3)."
            )));
        }
        let alg = jwt
            .header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match alg {
            "HS256" => {
                let (input, signature) = assertion.rsplit_once('.').unwrap_or_default();
                let expected = hmac_sha256(client.secret.as_bytes(), input.as_bytes());
                let given = base64url_decode(signature).unwrap_or_default();
                if !constant_time_eq(&expected, &given) {
                    return Err(invalid(
                        "The HS256 signature does not verify with this client's secret.".into(),
                    ));
                }
            }
            "none" | "" => {
                return Err(invalid(
                    "Unsigned assertions (alg none) are refused (RFC 7523 §3 item 9).".into(),
                ));
            }
            other => {
                return Err(invalid(format!(
                    "The simulated server has no public key registered for {iss:?}, so it cannot verify an {other} signature; use client_secret_jwt (HS256) here, or a live server with the client's JWKS."
                )));
            }
        }
        self.seen_jti.push((jti.to_string(), exp));
        Ok((client, AuthMethod::ClientSecretJwt))
    }

    /// A fresh opaque access token (splitmix64 from the seed).
    fn mint(&mut self) -> String {
        let mut out = String::from("sim_");
        for _ in 0..2 {
            self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            out.push_str(&format!("{z:016x}"));
        }
        out
    }
}

fn find_param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Decodes `Authorization: Basic …` per RFC 6749 §2.3.1: base64, split at the first `:`,
/// then form-urldecode each part.
fn parse_basic(value: &str) -> Result<(String, String), OAuthError> {
    let bad = |why: &str| {
        let mut e = oauth_error(
            401,
            "invalid_client",
            format!("Malformed Basic credentials: {why}."),
        );
        e.basic_challenge = true;
        e
    };
    let (scheme, encoded) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(bad("the Authorization scheme is not Basic"));
    }
    let decoded = base64_decode(encoded.trim()).map_err(|_| bad("not valid base64"))?;
    let text = String::from_utf8(decoded).map_err(|_| bad("not UTF-8"))?;
    let (id, secret) = text
        .split_once(':')
        .ok_or_else(|| bad("no ':' between client id and secret"))?;
    let id = form_urldecode(id).map_err(|e| bad(&format!("client id {e}")))?;
    let secret = form_urldecode(secret).map_err(|e| bad(&format!("secret {e}")))?;
    Ok((id, secret))
}

/// A JSON response with the caching headers RFC 6749 §5.1 requires.
fn json_response(status: u16, mut headers: Vec<Header>, body: &Value) -> HttpResponse {
    let body = body.to_string();
    headers.splice(
        0..0,
        [
            Header::new("Content-Type", "application/json;charset=UTF-8"),
            Header::new("Cache-Control", "no-store"),
            Header::new("Pragma", "no-cache"),
            Header::new("Content-Length", body.len().to_string()),
        ],
    );
    HttpResponse::new(status, headers, body)
}
