//! The token endpoint (RFC 6749 §3.2, §4.4): the grant, the scopes granted (§3.3), resource
//! indicators (RFC 8707 §2) and the issued token (§5.1; a JWT per RFC 9068). Reading the
//! request and authenticating the client ([`super::client_auth`], [`super::client_assertion`])
//! is shared with the introspection and revocation endpoints.

use super::super::encoding::base64url_encode;
use super::super::http::{HttpRequest, HttpResponse};
use super::super::request::GRANT_TYPE;
use super::super::types::AuthMethod;
use super::{
    Issued, OAuthError, Profile, RESOURCE_PATH, RegisteredClient, SIGNATURE_PLACEHOLDER,
    SIMULATED_ORIGIN, Simulator, find_param, json_response, oauth_error,
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
        self.check_grant(&client, method, param("grant_type"))?;
        let jkt = self.token_dpop(request, &client, now_ms)?;
        let mut audiences = self.requested_audiences(&params);
        let granted = self.grant(&client, &params, &mut audiences)?;
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
        self.check_audiences(&client, &mut audiences)?;
        let requested_scope = param("scope");
        Ok(self.issue(&client, (granted, audiences), requested_scope, now_ms, jkt))
    }

    /// The grant: `client_credentials`, for a confidential client registered for it (RFC 6749
    /// §4.4, §4.4.2, §5.2 `unsupported_grant_type` / `unauthorized_client`).
    fn check_grant(
        &mut self,
        client: &RegisteredClient,
        method: AuthMethod,
        grant_type: Option<&str>,
    ) -> Result<(), OAuthError> {
        match grant_type {
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
        Ok(())
    }

    /// The `resource` values and `audience` asked for (RFC 8707 §2), in order.
    fn requested_audiences(&mut self, params: &[(String, String)]) -> Vec<String> {
        let param = |name: &str| find_param(params, name);
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
        audiences
    }

    /// The scopes granted (RFC 6749 §3.3), and the audiences as the profile reads them.
    fn grant(
        &mut self,
        client: &RegisteredClient,
        params: &[(String, String)],
        audiences: &mut Vec<String>,
    ) -> Result<Vec<String>, OAuthError> {
        let param = |name: &str| find_param(params, name);
        let profile = self.config.profile;
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
                *audiences = vec![resource];
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
                self.grant_scopes(client, param("scope"))?
            }
        };
        Ok(granted)
    }

    /// Every audience is an absolute URI allowed for the client (RFC 8707 §2); none means
    /// the protected resource.
    fn check_audiences(
        &mut self,
        client: &RegisteredClient,
        audiences: &mut Vec<String>,
    ) -> Result<(), OAuthError> {
        for aud in audiences.iter() {
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
        Ok(())
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
    /// opaque tokens are not asked for, else an opaque one; bound to the DPoP key `jkt` when
    /// given (`cnf`, `token_type: DPoP`, RFC 9449 §5, §6.1). No refresh token (§4.4.3).
    fn issue(
        &mut self,
        client: &RegisteredClient,
        (granted, audiences): (Vec<String>, Vec<String>),
        requested_scope: Option<&str>,
        now_ms: u64,
        jkt: Option<String>,
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
                let mut claims = json!({
                    "iss": SIMULATED_ORIGIN,
                    "sub": client.id,
                    "client_id": client.id,
                    "aud": aud,
                    "scope": granted.join(" "),
                    "iat": now,
                    "exp": now + lifetime,
                    "jti": jti,
                });
                if let Some(jkt) = &jkt {
                    claims["cnf"] = json!({ "jkt": jkt });
                }
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
            jkt: jkt.clone(),
        });
        let mut body = self.token_body(token, lifetime, &granted, requested_scope);
        if jkt.is_some() {
            body["token_type"] = "DPoP".into();
        }
        json_response(200, vec![], &body)
    }

    /// The token response body (RFC 6749 §5.1), as the imitated server words it.
    fn token_body(
        &self,
        token: String,
        lifetime: u64,
        granted: &[String],
        requested_scope: Option<&str>,
    ) -> Value {
        let scope = granted.join(" ");
        match self.config.profile {
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
        }
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
