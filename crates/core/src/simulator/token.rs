//! The token endpoint (RFC 6749 §3.2, §4.4) and client authentication (RFC 6749 §2.3,
//! RFC 7523 §2.2), shared with the introspection and revocation endpoints.

use super::super::assertion::{ASSERTION_TYPE, decode};
use super::super::encoding::{
    base64_decode, base64url_decode, base64url_encode, form_parse, form_urldecode,
};
use super::super::http::{HttpRequest, HttpResponse};
use super::super::request::GRANT_TYPE;
use super::super::sha256::hmac_sha256_verify;
use super::super::types::AuthMethod;
use super::{
    CLOCK_SKEW_SECS, Issued, OAuthError, Profile, RESOURCE_PATH, RegisteredClient,
    SIGNATURE_PLACEHOLDER, SIMULATED_ORIGIN, Simulator, choose_client_key, find_param,
    json_response, oauth_error,
};
use serde_json::{Value, json};

/// Grant types that exist (RFC 6749 §4, RFC 7523 §2.1, RFC 8693) but this server does not offer
/// at its token endpoint for the given client. Not `password`: a current server does not
/// support it at all (RFC 9700 §2.4), so it is `unsupported_grant_type`, as oidc-provider says.
const KNOWN_GRANTS: [&str; 4] = [
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "urn:ietf:params:oauth:grant-type:token-exchange",
];

/// How many unexpired tokens the simulator remembers (for the API, introspection, revocation).
pub const MAX_LIVE_TOKENS: usize = 200;

impl Simulator {
    /// The token endpoint (RFC 6749 §3.2, §4.4.2, §4.4.3).
    pub(super) fn token_endpoint(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<HttpResponse, OAuthError> {
        let params = self.form_params(request, "token endpoint")?;
        let param = |name: &str| find_param(&params, name);
        let (client, method) = self.authenticate(request, &params, now_ms, verified)?;
        match param("grant_type") {
            None => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "RFC 6749 §4.4.2",
                    "The grant_type parameter is missing (RFC 6749 §4.4.2).",
                ));
            }
            Some(GRANT_TYPE) => {}
            Some(other)
                if KNOWN_GRANTS.contains(&other)
                    && !client.grant_types.iter().any(|g| g == other) =>
            {
                self.note_unauthorized_client();
                return Err(oauth_error(
                    400,
                    "unauthorized_client",
                    "RFC 6749 §5.2",
                    format!(
                        "The client {} is not authorized to use the {other} grant (registered grant_types: {}).",
                        client.id,
                        client.grant_types.join(", ")
                    ),
                ));
            }
            Some(other) => {
                return Err(oauth_error(
                    400,
                    "unsupported_grant_type",
                    "RFC 6749 §5.2",
                    format!(
                        "This server supports only grant_type=client_credentials, not {other:?}."
                    ),
                ));
            }
        }
        if method == AuthMethod::None {
            self.note_unauthorized_client();
            return Err(oauth_error(
                400,
                "unauthorized_client",
                "RFC 6749 §4.4",
                format!(
                    "{} is a public client: the client credentials grant MUST only be used by confidential clients (RFC 6749 §4.4).",
                    client.id
                ),
            ));
        }
        if !client.grant_types.iter().any(|g| g == GRANT_TYPE) {
            self.note_unauthorized_client();
            return Err(oauth_error(
                400,
                "unauthorized_client",
                "RFC 6749 §5.2",
                format!(
                    "The client {} is not allowed to use client_credentials; it is registered for {} (RFC 7591 §2 grant_types).",
                    client.id,
                    client.grant_types.join(", ")
                ),
            ));
        }
        self.note(
            true,
            "grant_type=client_credentials, allowed for this client",
            "RFC 6749 §4.4.2",
        );
        let profile = self.config.profile;
        let mut audiences: Vec<String> = params
            .iter()
            .filter(|(n, _)| n == "resource")
            .map(|(_, v)| v.clone())
            .collect();
        if audiences.len() > 1 && profile != Profile::Auth0 {
            self.note_departure(
                "Several resource values may be asked for (RFC 8707 §2); oidc-provider issues a client credentials token for one resource only",
                "RFC 8707 §2",
            );
        }
        if let Some(aud) = param("audience") {
            if profile != Profile::Auth0 {
                self.note_departure(
                    "audience is not an RFC 6749 parameter (Auth0 and RFC 8693 §2.1 use it); this server checks it like resource, oidc-provider ignores it",
                    "RFC 8707 §2",
                );
            }
            audiences.push(aud.to_string());
        }
        let granted = match profile {
            Profile::Entra => {
                let resource = entra_resource(param("scope"))?;
                if !client.audiences.contains(&resource) {
                    let mut e = oauth_error(
                        400,
                        "invalid_resource",
                        "RFC 8707 §2",
                        format!(
                            "The resource principal named {resource} was not found in the tenant."
                        ),
                    );
                    e.aadsts = 500_011;
                    return Err(e);
                }
                audiences = vec![resource];
                client.allowed_scopes.clone()
            }
            _ => {
                if profile == Profile::Auth0 {
                    audiences.retain(|a| Some(a.as_str()) == param("audience"));
                    if audiences.is_empty() {
                        return Err(oauth_error(
                            403,
                            "access_denied",
                            "Auth0",
                            "No audience parameter was provided, and no default audience has been configured",
                        ));
                    }
                }
                self.grant_scopes(&client, param("scope"))?
            }
        };
        self.note(
            true,
            format!(
                "Scope granted: {}",
                if granted.is_empty() {
                    "(none)".to_string()
                } else {
                    granted.join(" ")
                }
            ),
            "RFC 6749 §3.3",
        );
        for aud in &audiences {
            if !is_absolute_uri(aud) {
                return Err(oauth_error(
                    400,
                    "invalid_target",
                    "RFC 8707 §2",
                    format!(
                        "The resource {aud:?} must be an absolute URI without a fragment (RFC 8707 §2)."
                    ),
                ));
            }
            if !client.audiences.contains(aud) {
                return Err(oauth_error(
                    400,
                    "invalid_target",
                    "RFC 8707 §2",
                    format!(
                        "The resource {aud:?} is unknown or not allowed for this client; allowed: {}.",
                        client.audiences.join(", ")
                    ),
                ));
            }
        }
        if audiences.is_empty() {
            audiences.push(format!("{SIMULATED_ORIGIN}{RESOURCE_PATH}"));
        }
        self.note(
            true,
            format!("Audience: {}", audiences.join(", ")),
            "RFC 8707 §2",
        );
        Ok(self.issue(&client, granted, audiences, param("scope"), now_ms))
    }

    /// Says in the server log where this server's strict reading of the RFC and a real server
    /// (panva's oidc-provider, the reference of tests/differential.rs) part ways; `text` names
    /// both answers.
    pub(super) fn note_departure(&mut self, text: &str, rule: &'static str) {
        self.note(true, text, rule);
    }

    /// RFC 6749 §5.2 names a client that may not use a grant `unauthorized_client`.
    fn note_unauthorized_client(&mut self) {
        self.note_departure(
            "RFC 6749 §5.2 names this case unauthorized_client; oidc-provider answers 400 invalid_request",
            "RFC 6749 §5.2",
        );
    }

    /// The scopes granted for `requested` (RFC 6749 §3.3), or `invalid_scope`.
    fn grant_scopes(
        &mut self,
        client: &RegisteredClient,
        requested: Option<&str>,
    ) -> Result<Vec<String>, OAuthError> {
        let Some(scope) = requested else {
            if self.config.profile == Profile::Okta {
                return Err(oauth_error(
                    400,
                    "invalid_scope",
                    "Okta",
                    "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
                ));
            }
            return Ok(client.default_scopes.clone());
        };
        let requested: Vec<&str> = scope.split(' ').collect();
        if requested.iter().any(|s| s.is_empty()) {
            self.note_departure(
                "An empty scope token is malformed (scope-token = 1*NQCHAR); oidc-provider skips it",
                "RFC 6749 §3.3",
            );
            return Err(oauth_error(
                400,
                "invalid_scope",
                "RFC 6749 §3.3",
                "The scope parameter has empty entries; separate scopes by single spaces (RFC 6749 §3.3).",
            ));
        }
        if let Some(bad) = requested
            .iter()
            .find(|s| !client.allowed_scopes.iter().any(|a| a == *s))
        {
            self.note_departure(
                "RFC 6749 §3.3 lets a server ignore a scope it does not grant (oidc-provider drops unknown ones); this server names it: invalid_scope",
                "RFC 6749 §3.3",
            );
            return Err(oauth_error(
                400,
                "invalid_scope",
                "RFC 6749 §3.3",
                format!(
                    "The scope {bad:?} is not allowed for this client; allowed: {}.",
                    client.allowed_scopes.join(" ")
                ),
            ));
        }
        Ok(requested.iter().map(|s| s.to_string()).collect())
    }

    /// Issues an access token (RFC 6749 §5.1): a JWT per RFC 9068 when a signing key is set and
    /// opaque tokens are not asked for, else an opaque one. No refresh token (§4.4.3).
    fn issue(
        &mut self,
        client: &RegisteredClient,
        granted: Vec<String>,
        audiences: Vec<String>,
        requested_scope: Option<&str>,
        now_ms: u64,
    ) -> HttpResponse {
        let jti = self.mint();
        let now = now_ms / 1000;
        let lifetime = self.config.token_lifetime_secs;
        let signing_jwk = self
            .signing_jwk
            .as_ref()
            .filter(|_| !self.config.opaque_tokens);
        let token = match signing_jwk {
            Some(jwk) => {
                let header = json!({"alg": "ES256", "typ": "at+jwt", "kid": jwk["kid"]});
                let aud: Value = match audiences.as_slice() {
                    [one] => Value::from(one.as_str()),
                    many => Value::from(many.to_vec()),
                };
                let claims = json!({
                    "iss": SIMULATED_ORIGIN,
                    "sub": client.id,
                    "client_id": client.id,
                    "aud": aud,
                    "scope": granted.join(" "),
                    "iat": now,
                    "exp": now + lifetime,
                    "jti": jti,
                });
                let input = format!(
                    "{}.{}",
                    base64url_encode(header.to_string().as_bytes()),
                    base64url_encode(claims.to_string().as_bytes())
                );
                format!("{input}.{SIGNATURE_PLACEHOLDER}")
            }
            None => jti.clone(),
        };
        self.note(
            true,
            format!(
                "Issued {} access token for {}, valid {lifetime} s",
                if signing_jwk.is_some() {
                    "a JWT (RFC 9068, ES256)"
                } else {
                    "an opaque"
                },
                client.id
            ),
            "RFC 6749 §5.1",
        );
        self.issued += 1;
        self.tokens.retain(|t| t.exp_ms > now_ms);
        // An in-page server keeps a bounded registry: the oldest live tokens are forgotten
        // (and then refused as unknown) rather than letting memory grow with every send.
        if self.tokens.len() >= MAX_LIVE_TOKENS {
            self.tokens.drain(..self.tokens.len() + 1 - MAX_LIVE_TOKENS);
        }
        self.tokens.push(Issued {
            token: token.clone(),
            client: client.id.clone(),
            scopes: granted.clone(),
            audiences,
            iat: now,
            exp_ms: now_ms + lifetime * 1000,
            jti,
            revoked: false,
        });
        let scope = granted.join(" ");
        let body = match self.config.profile {
            Profile::Entra => json!({
                "token_type": "Bearer",
                "expires_in": lifetime.to_string(),
                "ext_expires_in": lifetime.to_string(),
                "access_token": token,
            }),
            _ => {
                let mut body = json!({
                    "access_token": token,
                    "token_type": "Bearer",
                    "expires_in": lifetime,
                });
                // OPTIONAL if identical to the scope requested, otherwise REQUIRED (§5.1).
                if requested_scope != Some(scope.as_str()) || self.config.profile != Profile::Strict
                {
                    body["scope"] = scope.into();
                }
                body
            }
        };
        json_response(200, vec![], &body)
    }

    /// Checks the method, media type and form body of a request to an endpoint that takes
    /// form parameters (RFC 6749 §3.2; RFC 7662 §2.1; RFC 7009 §2.1).
    pub(super) fn form_params(
        &mut self,
        request: &HttpRequest,
        endpoint: &str,
    ) -> Result<Vec<(String, String)>, OAuthError> {
        if request.method != "POST" {
            self.note_departure(
                "The endpoint exists but takes only POST: 405 with Allow: POST (RFC 9110 §15.5.6); oidc-provider answers 404",
                "RFC 9110 §15.5.6",
            );
            return Err(oauth_error(
                405,
                "invalid_request",
                "RFC 6749 §3.2",
                format!(
                    "The {endpoint} accepts only POST (RFC 6749 §3.2), not {}.",
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
                "RFC 6749 §4.4.2",
                format!(
                    "Content-Type must be application/x-www-form-urlencoded (RFC 6749 §4.4.2), not {content_type}."
                ),
            ));
        }
        let body = std::str::from_utf8(&request.body).map_err(|_| {
            oauth_error(
                400,
                "invalid_request",
                "RFC 6749 Appendix B",
                "The body is not UTF-8.",
            )
        })?;
        let params = form_parse(body).map_err(|e| {
            self.note_departure(
                "A malformed form body is refused as a whole; oidc-provider reads a broken %-escape literally",
                "RFC 6749 Appendix B",
            );
            oauth_error(
                400,
                "invalid_request",
                "RFC 6749 Appendix B",
                format!("The body is not valid form data: {e}."),
            )
        })?;
        for (i, (name, _)) in params.iter().enumerate() {
            // `resource` may repeat (RFC 8707 §2); nothing else may (RFC 6749 §3.2).
            if name != "resource" && params[..i].iter().any(|(n, _)| n == name) {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "RFC 6749 §3.2",
                    format!(
                        "The parameter {name} is repeated (RFC 6749 §3.2: parameters MUST NOT be included more than once)."
                    ),
                ));
            }
        }
        let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
        self.note(
            true,
            format!("POST with a form body: {}", names.join(", ")),
            "RFC 6749 §3.2",
        );
        // "Parameters sent without a value MUST be treated as if they were omitted from the
        // request" (RFC 6749 §3.2). Repetition is judged on what was sent, as above.
        let (empty, params): (Vec<_>, Vec<_>) = params.into_iter().partition(|(_, v)| v.is_empty());
        if !empty.is_empty() {
            let names: Vec<&str> = empty.iter().map(|(n, _)| n.as_str()).collect();
            self.note(
                true,
                format!(
                    "Sent without a value, so treated as omitted: {}",
                    names.join(", ")
                ),
                "RFC 6749 §3.2",
            );
        }
        Ok(params)
    }

    /// Client authentication (RFC 6749 §2.3): exactly one method, credentials checked, the
    /// method one the client is registered for; with the profile's wording on failure.
    pub(super) fn authenticate(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let result = match find_param(params, "client_assertion") {
            Some(assertion) => {
                self.authenticate_assertion(request, params, assertion, now_ms, verified)
            }
            None => self.authenticate_secret(request, params),
        };
        let (client, method) = result.map_err(|e| self.profile_auth_error(e))?;
        if self.config.enforce_auth_method && !client.allows_method(method) {
            let registered: Vec<&str> = client.auth_methods.iter().map(|m| m.as_str()).collect();
            let e = OAuthError {
                basic_challenge: method == AuthMethod::ClientSecretBasic,
                ..oauth_error(
                    401,
                    "invalid_client",
                    "RFC 7591 §2",
                    format!(
                        "The client {} is registered for {} (token_endpoint_auth_method) but authenticated with {}.",
                        client.id,
                        if registered.is_empty() {
                            "a secret or key".to_string()
                        } else {
                            registered.join(" or ")
                        },
                        method.as_str()
                    ),
                )
            };
            return Err(self.profile_auth_error(e));
        }
        self.note(
            true,
            format!(
                "Client {} authenticated with {}",
                client.id,
                method.as_str()
            ),
            "RFC 6749 §2.3",
        );
        Ok((client, method))
    }

    /// Rewords an `invalid_client` refusal the way the imitated server does.
    fn profile_auth_error(&self, mut e: OAuthError) -> OAuthError {
        if e.code != "invalid_client" {
            return e;
        }
        match self.config.profile {
            Profile::Keycloak => {
                e.code = "unauthorized_client";
                e.description = "Invalid client or Invalid client credentials".into();
            }
            Profile::Okta if e.description.contains("wrong secret") => {
                e.description =
                    "The client secret supplied for a confidential client is invalid.".into();
            }
            Profile::Entra => e.aadsts = 7_000_215,
            _ => {}
        }
        e
    }

    /// Secret-based (or no) client authentication (RFC 6749 §2.3.1).
    fn authenticate_secret(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let param = |name: &str| find_param(params, name);
        let basic = match request.header("authorization").map(parse_basic) {
            Some(Ok((id, secret, unpadded))) => {
                if unpadded {
                    self.note(
                        true,
                        "The Basic credentials lack their base64 padding; read anyway, as real servers do (RFC 4648 §3.2 asks the sender to pad)",
                        "RFC 4648 §3.2",
                    );
                }
                Some((id, secret))
            }
            Some(Err(e)) => return Err(e),
            None => None,
        };
        let body_secret = param("client_secret");
        let (id, secret, method) = match (basic, body_secret) {
            (Some(_), Some(_)) => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "RFC 6749 §2.3",
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
                        "RFC 6749 §2.3.1",
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
                        "RFC 6749 §2.3.1",
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
                // A public client identifies itself with client_id alone (RFC 6749 §2.1, §3.2.1).
                if let Some(client) = param("client_id")
                    .and_then(|id| self.config.clients.iter().find(|c| c.id == id))
                    .filter(|c| c.secret.is_empty() && c.allows_method(AuthMethod::None))
                {
                    return Ok((client.clone(), AuthMethod::None));
                }
                if param("client_id").is_none() {
                    self.note_departure(
                        "RFC 6749 §5.2 names a request without client authentication invalid_client (401 with a challenge); oidc-provider answers 400 invalid_request",
                        "RFC 6749 §5.2",
                    );
                }
                let mut e = oauth_error(
                    401,
                    "invalid_client",
                    "RFC 6749 §2.3.1",
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
            .filter(|c| !c.secret.is_empty() && c.secret == secret)
            .ok_or_else(|| OAuthError {
                basic_challenge: challenge,
                ..oauth_error(
                    401,
                    "invalid_client",
                    "RFC 6749 §5.2",
                    "Client authentication failed: unknown client or wrong secret.",
                )
            })?;
        Ok((client.clone(), method))
    }

    /// JWT client authentication (RFC 7523 §2.2, §3; RFC 7521 §4.2): exactly one method, the
    /// assertion type, the claims (iss = sub = client, aud = this token endpoint, exp in the
    /// future, a jti never seen before), and the signature: HS256 keyed by the client secret
    /// (`client_secret_jwt`) or RS256/ES256 with the client's registered public key
    /// (`private_key_jwt`, verified by the app with WebCrypto: `verified`).
    fn authenticate_assertion(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
        assertion: &str,
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let invalid = |why: String| oauth_error(401, "invalid_client", "RFC 7523 §3", why);
        if request.header("authorization").is_some()
            || find_param(params, "client_secret").is_some()
        {
            return Err(oauth_error(
                400,
                "invalid_request",
                "RFC 6749 §2.3",
                "The client used more than one authentication method (a client assertion and a secret); RFC 6749 §2.3 forbids this.",
            ));
        }
        match find_param(params, "client_assertion_type") {
            Some(ASSERTION_TYPE) => {}
            Some(other) => {
                // An unsupported parameter value is a malformed request (RFC 6749 §5.2).
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "RFC 7523 §2.2",
                    format!(
                        "Unsupported client_assertion_type {other:?}; expected {ASSERTION_TYPE} (RFC 7523 §2.2)."
                    ),
                ));
            }
            None => {
                return Err(oauth_error(
                    400,
                    "invalid_request",
                    "RFC 7521 §4.2",
                    "client_assertion_type is missing (RFC 7521 §4.2).",
                ));
            }
        }
        let jwt = decode(assertion).map_err(|e| {
            self.note_departure(
                "An assertion that is not a JWT is an invalid client assertion: invalid_client (RFC 7523 §3.2); oidc-provider answers 400 invalid_request",
                "RFC 7523 §3.2",
            );
            invalid(format!("The client assertion {e}."))
        })?;
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
            // An inconsistent request, as with Basic (RFC 6749 §5.2 invalid_request).
            return Err(oauth_error(
                400,
                "invalid_request",
                "RFC 7521 §4.2",
                format!(
                    "client_id {body_id:?} in the body differs from the assertion's iss/sub {iss:?} (RFC 7521 §4.2)."
                ),
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
        let host = request.header("host").unwrap_or_default();
        let token_endpoint = format!("https://{host}{}", request.path());
        let is_us = |a: &str| audience_is_us(a, host, &request.target);
        let aud_ok = match claim("aud") {
            Some(Value::String(a)) => is_us(a),
            Some(Value::Array(list)) => list.iter().any(|a| a.as_str().is_some_and(is_us)),
            _ => false,
        };
        if !aud_ok {
            return Err(invalid(format!(
                "The assertion's aud must be this token endpoint, {token_endpoint} (RFC 7523 §3)."
            )));
        }
        if request.target.contains('?') {
            self.note_departure(
                "The token URL has a query: aud may name the URL with or without it (RFC 6749 §3.2 lets an endpoint URL have one); oidc-provider accepts it only without",
                "RFC 7523 §3",
            );
        }
        let now = now_ms / 1000;
        let Some(exp) = claim("exp").and_then(Value::as_u64) else {
            return Err(invalid(
                "The assertion has no numeric exp (RFC 7523 §3).".into(),
            ));
        };
        if exp.saturating_add(CLOCK_SKEW_SECS) <= now {
            return Err(invalid(format!(
                "The assertion expired {} s ago (RFC 7523 §3).",
                now - exp
            )));
        }
        if let Some(iat) = claim("iat").and_then(Value::as_u64)
            && iat > now.saturating_add(CLOCK_SKEW_SECS)
        {
            return Err(invalid(format!(
                "The assertion's iat is {} s in the future by this server's clock.",
                iat - now
            )));
        }
        let Some(jti) = claim("jti").and_then(Value::as_str) else {
            return Err(invalid(
                "The assertion has no jti (required by OpenID Connect Core §9).".into(),
            ));
        };
        self.seen_jti
            .retain(|(_, e)| e.saturating_add(CLOCK_SKEW_SECS) > now);
        if self.seen_jti.iter().any(|(j, _)| j == jti) {
            return Err(invalid(format!(
                "The assertion's jti {jti:?} was already used: assertions are single-use (RFC 7523 §3)."
            )));
        }
        self.note(true, "Assertion claims valid: iss = sub = client, aud = this endpoint, not expired, jti unused", "RFC 7523 §3");
        let alg = jwt
            .header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let method = match alg {
            "HS256" => {
                let (input, signature) = assertion.rsplit_once('.').unwrap_or_default();
                let given = base64url_decode(signature).unwrap_or_default();
                let key = client.secret.as_bytes();
                if key.is_empty() || !hmac_sha256_verify(key, input.as_bytes(), &given) {
                    return Err(invalid(
                        "The HS256 signature does not verify with this client's secret.".into(),
                    ));
                }
                AuthMethod::ClientSecretJwt
            }
            "none" | "" => {
                return Err(invalid(
                    "Unsigned assertions (alg none) are refused (RFC 7523 §3 item 9).".into(),
                ));
            }
            "RS256" | "ES256" => {
                if choose_client_key(&client, &jwt.header, alg).is_none() {
                    return Err(invalid(format!(
                        "No {alg} public key is registered for {iss:?} (RFC 7591 §2 jwks); register the composer's public key in the simulated server settings."
                    )));
                }
                match verified {
                    Some(true) => {}
                    Some(false) => {
                        return Err(invalid(format!(
                            "The {alg} signature does not verify with the public key registered for {iss:?}."
                        )));
                    }
                    None => {
                        return Err(invalid(format!(
                            "The {alg} signature could not be verified (the browser's WebCrypto did not run)."
                        )));
                    }
                }
                AuthMethod::PrivateKeyJwt
            }
            other => {
                return Err(invalid(format!(
                    "The simulated server accepts HS256, RS256 and ES256 assertions, not {other}."
                )));
            }
        };
        self.note(true, format!("{alg} signature verified"), "RFC 7515 §5.2");
        self.seen_jti.push((jti.to_string(), exp));
        Ok((client, method))
    }
}

/// The resource of an Entra-style `scope=<resource>/.default`.
fn entra_resource(scope: Option<&str>) -> Result<String, OAuthError> {
    let Some(scope) = scope else {
        let mut e = oauth_error(
            400,
            "invalid_request",
            "Entra",
            "The request body must contain the following parameter: 'scope'.",
        );
        e.aadsts = 900_144;
        return Err(e);
    };
    match scope.strip_suffix("/.default") {
        Some(resource) if !resource.is_empty() && !scope.contains(' ') => Ok(resource.to_string()),
        _ => {
            let mut e = oauth_error(
                400,
                "invalid_scope",
                "Entra",
                format!(
                    "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
                ),
            );
            e.aadsts = 1_002_012;
            Err(e)
        }
    }
}

/// Whether an assertion's `aud` names this server (RFC 7523 §3 item 3): its issuer
/// identifier, or the token endpoint URL with or without the query the client put in it (an
/// endpoint URI may have one, RFC 6749 §3.2). The bytes do not say whether they came over TLS:
/// `https` always, `http` too for a loopback host (a local test server).
fn audience_is_us(aud: &str, host: &str, target: &str) -> bool {
    let loopback = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let schemes: &[&str] = if matches!(loopback, "localhost" | "127.0.0.1" | "[::1]") {
        &["https", "http"]
    } else {
        &["https"]
    };
    let path = target.split('?').next().unwrap_or_default();
    schemes.iter().any(|scheme| {
        aud.strip_prefix(scheme)
            .and_then(|rest| rest.strip_prefix("://"))
            .and_then(|rest| rest.strip_prefix(host))
            .is_some_and(|rest| rest.is_empty() || rest == path || rest == target)
    })
}

/// An absolute URI (RFC 3986 §4.3: a scheme, no fragment), as RFC 8707 §2 requires of
/// `resource`.
fn is_absolute_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !value.contains('#')
}

/// Decodes `Authorization: Basic …` per RFC 6749 §2.3.1: base64, split at the first `:`,
/// then form-urldecode each part. A header that cannot be read this way is a malformed
/// request, `400 invalid_request` (RFC 6749 §5.2), as oidc-provider answers; base64 without
/// its padding is read (the second value is true), as real servers do, although RFC 4648
/// §3.2 asks the sender to pad.
fn parse_basic(value: &str) -> Result<(String, String, bool), OAuthError> {
    let bad = |why: &str| {
        oauth_error(
            400,
            "invalid_request",
            "RFC 6749 §2.3.1",
            format!("Malformed Authorization header: {why} (RFC 6749 §2.3.1, §5.2)."),
        )
    };
    let (scheme, encoded) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(bad(&format!(
            "the scheme is {scheme:?}, but client credentials are sent with Basic"
        )));
    }
    let encoded = encoded.trim();
    let unpadded = encoded.len() % 4 != 0 && !encoded.ends_with('=');
    let padded = if unpadded {
        format!("{encoded}{}", &"==="[..(4 - encoded.len() % 4) % 4])
    } else {
        encoded.to_string()
    };
    let decoded =
        base64_decode(&padded).map_err(|_| bad("the credentials are not valid base64"))?;
    let text = String::from_utf8(decoded).map_err(|_| bad("the credentials are not UTF-8"))?;
    let (id, secret) = text
        .split_once(':')
        .ok_or_else(|| bad("no ':' between client id and secret"))?;
    let id = form_urldecode(id).map_err(|e| bad(&format!("the client id {e}")))?;
    let secret = form_urldecode(secret).map_err(|e| bad(&format!("the secret {e}")))?;
    Ok((id, secret, unpadded))
}
