//! The endpoints around the token endpoint: the protected resource (RFC 6750), token
//! introspection (RFC 7662) and revocation (RFC 7009).

use super::super::http::{Header, HttpRequest, HttpResponse};
use super::{
    Issued, OAuthError, RESOURCE_PATH, RESOURCE_SCOPE, SIMULATED_ORIGIN, Simulator, find_param,
    json_response, oauth_error,
};
use serde_json::{Value, json};

/// Why the resource refuses a request: the status and the RFC 6750 §3.1 error, if any.
pub(super) type Refusal = (u16, Option<(&'static str, String)>);

/// How a presented token matched the registry.
enum Lookup<'a> {
    Found(&'a Issued),
    /// A JWT whose header and claims are ours but whose signature is not.
    Tampered,
    Unknown,
}

impl Simulator {
    /// Finds a presented token by its whole value: a token cut short, extended or re-signed is
    /// not the token that was issued (RFC 6750 §3.1 `invalid_token`; RFC 7662 §2.2
    /// `active: false`). A JWT with our signing input and another signature is told apart
    /// as tampered, for a clearer message.
    fn lookup(&self, token: &str) -> Lookup<'_> {
        if let Some(issued) = self.tokens.iter().find(|t| t.token == token) {
            return Lookup::Found(issued);
        }
        let input = token.rsplit_once('.').map(|(input, _)| input);
        let tampered = input.is_some_and(|input| {
            self.tokens.iter().any(|t| {
                t.token
                    .rsplit_once('.')
                    .is_some_and(|(ours, _)| ours == input && ours.contains('.'))
            })
        });
        if tampered {
            Lookup::Tampered
        } else {
            Lookup::Unknown
        }
    }

    /// The protected resource: checks the bearer token (RFC 6750 §2.1, §3.1) — known and
    /// untampered, not revoked or expired, meant for this API (`aud`, RFC 9068 §4), with the
    /// scope it needs.
    pub(super) fn protected_resource(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
    ) -> HttpResponse {
        if request.method != "GET" {
            self.note(
                false,
                format!("{} is not allowed on the API", request.method),
                "RFC 9110 §15.5.6",
            );
            let mut r = json_response(
                405,
                vec![Header::new("Allow", "GET")],
                &json!({"error": "method_not_allowed"}),
            );
            r.reason = "Method Not Allowed".into();
            return r;
        }
        if let Some(response) = self.dpop_resource(request, now_ms) {
            return response;
        }
        match self.bearer_verdict(request, now_ms) {
            Ok(client) => self.resource_ok(
                client,
                &format!("Bearer token valid for this API, scope {RESOURCE_SCOPE} present"),
            ),
            Err((status, error)) => self.bearer_refusal(status, error),
        }
    }

    /// The protected resource's answer to `client` once its token passed: the orders.
    pub(super) fn resource_ok(&mut self, client: String, text: &str) -> HttpResponse {
        self.note(true, text, "RFC 6750 §2.1");
        json_response(
            200,
            vec![],
            &json!({"client_id": client, "orders": [{"id": 1, "item": "widget", "quantity": 3}]}),
        )
    }

    /// Checks the bearer token of a request to the protected resource (RFC 6750 §2.1, §3.1):
    /// the client it was issued to, or the refusal.
    fn bearer_verdict(&self, request: &HttpRequest, now_ms: u64) -> Result<String, Refusal> {
        let auth = request.header("authorization").ok_or((401, None))?;
        let (scheme, token) = auth.split_once(' ').unwrap_or((auth, ""));
        if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err((
                400,
                Some((
                    "invalid_request",
                    "The Authorization header is not a Bearer token".to_string(),
                )),
            ));
        }
        self.token_verdict(token.trim(), now_ms)
            .map(|issued| issued.client.clone())
    }

    /// Checks a presented access token (RFC 6750 §3.1): known and untampered, not revoked or
    /// expired, meant for this API, with the scope it needs.
    pub(super) fn token_verdict(&self, token: &str, now_ms: u64) -> Result<&Issued, Refusal> {
        let resource = format!("{SIMULATED_ORIGIN}{RESOURCE_PATH}");
        let issued = match self.lookup(token) {
            Lookup::Found(issued) => issued,
            Lookup::Tampered => {
                return Err((
                    401,
                    Some((
                        "invalid_token",
                        "The token's signature does not verify".to_string(),
                    )),
                ));
            }
            Lookup::Unknown => {
                return Err((
                    401,
                    Some((
                        "invalid_token",
                        "The token is unknown to this server".to_string(),
                    )),
                ));
            }
        };
        if issued.revoked {
            return Err((
                401,
                Some(("invalid_token", "The token was revoked".to_string())),
            ));
        }
        if issued.exp_ms <= now_ms {
            return Err((
                401,
                Some(("invalid_token", "The token has expired".to_string())),
            ));
        }
        if !issued.audiences.contains(&resource) {
            return Err((
                401,
                Some((
                    "invalid_token",
                    format!(
                        "The token's audience ({}) is not this API",
                        issued.audiences.join(", ")
                    ),
                )),
            ));
        }
        if !issued.scopes.iter().any(|s| s == RESOURCE_SCOPE) {
            return Err((
                403,
                Some((
                    "insufficient_scope",
                    format!("The token lacks the scope {RESOURCE_SCOPE}"),
                )),
            ));
        }
        Ok(issued)
    }

    /// A refusal with its `WWW-Authenticate: Bearer` challenge (RFC 6750 §3, §3.1).
    fn bearer_refusal(
        &mut self,
        status: u16,
        error: Option<(&'static str, String)>,
    ) -> HttpResponse {
        let mut value = String::from("Bearer realm=\"orders\"");
        match &error {
            Some((code, description)) => {
                self.note(false, format!("{code}: {description}"), "RFC 6750 §3.1");
                value.push_str(&format!(
                    ", error=\"{code}\", error_description=\"{description}\""
                ));
                if *code == "insufficient_scope" {
                    value.push_str(&format!(", scope=\"{RESOURCE_SCOPE}\""));
                }
            }
            None => self.note(
                false,
                "No access token: answered with a challenge",
                "RFC 6750 §3",
            ),
        }
        let body = json!({"error": error.as_ref().map(|e| e.0).unwrap_or("unauthorized")});
        json_response(status, vec![Header::new("WWW-Authenticate", value)], &body)
    }

    /// Token introspection (RFC 7662 §2): the caller authenticates like at the token endpoint;
    /// the answer is `active: false` for anything not valid now, else the token's claims.
    pub(super) fn introspection(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<HttpResponse, OAuthError> {
        let params = self.form_params(request, "introspection endpoint")?;
        self.authenticate(request, &params, now_ms, verified)?;
        let Some(token) = find_param(&params, "token") else {
            return Err(oauth_error(
                400,
                "invalid_request",
                "RFC 7662 §2.1",
                "The token parameter is missing (RFC 7662 §2.1).",
            ));
        };
        let body = match self.lookup(token) {
            Lookup::Found(t) if !t.revoked && t.exp_ms > now_ms => {
                let aud: Value = match t.audiences.as_slice() {
                    [one] => one.as_str().into(),
                    many => many.to_vec().into(),
                };
                let mut body = json!({
                    "active": true,
                    "scope": t.scopes.join(" "),
                    "client_id": t.client,
                    "sub": t.client,
                    "token_type": "Bearer",
                    "exp": t.exp_ms / 1000,
                    "iat": t.iat,
                    "iss": SIMULATED_ORIGIN,
                    "aud": aud,
                    "jti": t.jti,
                });
                // A DPoP-bound token's key thumbprint (RFC 9449 §6.2).
                if let Some(jkt) = &t.jkt {
                    body["token_type"] = "DPoP".into();
                    body["cnf"] = json!({ "jkt": jkt });
                }
                body
            }
            _ => json!({"active": false}),
        };
        self.note(
            true,
            format!("Introspected the token: active = {}", body["active"]),
            "RFC 7662 §2.2",
        );
        Ok(json_response(200, vec![], &body))
    }

    /// Token revocation (RFC 7009 §2): the caller authenticates; its own token is revoked;
    /// an unknown token still gets 200 (§2.2), another client's token is refused (§2.1).
    pub(super) fn revocation(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<HttpResponse, OAuthError> {
        let params = self.form_params(request, "revocation endpoint")?;
        let (client, _) = self.authenticate(request, &params, now_ms, verified)?;
        let Some(token) = find_param(&params, "token") else {
            return Err(oauth_error(
                400,
                "invalid_request",
                "RFC 7009 §2.1",
                "The token parameter is missing (RFC 7009 §2.1).",
            ));
        };
        let found = match self.lookup(token) {
            Lookup::Found(t) => Some((t.client.clone(), t.jti.clone())),
            _ => None,
        };
        match found {
            Some((owner, _)) if owner != client.id => Err(oauth_error(
                400,
                "unauthorized_client",
                "RFC 7009 §2.1",
                "The token was issued to another client; a client may revoke only its own tokens (RFC 7009 §2.1).",
            )),
            Some((_, jti)) => {
                // Each issued token has its own jti, so it names the registry entry `lookup` found.
                if let Some(t) = self.tokens.iter_mut().find(|t| t.jti == jti) {
                    t.revoked = true;
                }
                self.note(true, "Revoked the token", "RFC 7009 §2.2");
                Ok(json_response(200, vec![], &json!({})))
            }
            None => {
                self.note(
                    true,
                    "Unknown token: nothing to revoke, answered 200 anyway",
                    "RFC 7009 §2.2",
                );
                Ok(json_response(200, vec![], &json!({})))
            }
        }
    }
}
