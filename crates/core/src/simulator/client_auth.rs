//! Reading a token-endpoint request and authenticating its client: the form body (RFC 6749
//! §3.2, Appendix B; RFC 7662 §2.1; RFC 7009 §2.1), exactly one authentication method (RFC
//! 6749 §2.3), `client_secret_basic` / `client_secret_post` (§2.3.1) and public clients (§2.1).
//! JWT assertions are checked in [`super::client_assertion`].

use super::super::encoding::{base64_decode, form_parse, form_urldecode};
use super::super::http::HttpRequest;
use super::super::types::AuthMethod;
use super::{OAuthError, Profile, RegisteredClient, Simulator, find_param, oauth_error};

impl Simulator {
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
        no_repeats(&params)?;
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
    pub(super) fn authenticate_secret(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let param = |name: &str| find_param(params, name);
        let basic = self.basic_credentials(request)?;
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
            (None, None) => return self.public_or_unauthenticated(params),
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

    /// The `Authorization: Basic` credentials, if sent (RFC 6749 §2.3.1, [`parse_basic`]).
    fn basic_credentials(
        &mut self,
        request: &HttpRequest,
    ) -> Result<Option<(String, String)>, OAuthError> {
        Ok(match request.header("authorization").map(parse_basic) {
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
        })
    }

    /// No secret anywhere: a public client identified by `client_id` alone (RFC 6749 §2.1,
    /// §3.2.1), else `invalid_client` with a Basic challenge (§5.2).
    fn public_or_unauthenticated(
        &mut self,
        params: &[(String, String)],
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        let param = |name: &str| find_param(params, name);
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
        Err(e)
    }
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

/// No parameter is repeated, except `resource` (RFC 6749 §3.2; RFC 8707 §2).
fn no_repeats(params: &[(String, String)]) -> Result<(), OAuthError> {
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
    Ok(())
}
