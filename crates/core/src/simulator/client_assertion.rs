//! JWT client authentication at the simulated token endpoint (RFC 7523 §2.2, §3; RFC 7521
//! §4.2): the assertion's claims, its audience, replay (`jti`) and signature, with the key
//! chosen from the client's registered JWKS (RFC 7517 §5).

use super::super::assertion::{ASSERTION_TYPE, decode};
use super::super::encoding::base64url_decode;
use super::super::http::HttpRequest;
use super::super::sha256::hmac_sha256_verify;
use super::super::types::AuthMethod;
use super::{CLOCK_SKEW_SECS, OAuthError, RegisteredClient, Simulator, find_param, oauth_error};
use serde_json::Value;

impl Simulator {
    /// JWT client authentication (RFC 7523 §2.2, §3; RFC 7521 §4.2): exactly one method, the
    /// assertion type, the claims (iss = sub = client, aud = this token endpoint, exp in the
    /// future, a jti never seen before), and the signature: HS256 keyed by the client secret
    /// (`client_secret_jwt`) or RS256/ES256 with the client's registered public key
    /// (`private_key_jwt`, verified by the app with WebCrypto: `verified`).
    pub(super) fn authenticate_assertion(
        &mut self,
        request: &HttpRequest,
        params: &[(String, String)],
        assertion: &str,
        now_ms: u64,
        verified: Option<bool>,
    ) -> Result<(RegisteredClient, AuthMethod), OAuthError> {
        check_assertion_params(request, params)?;
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
        self.check_assertion_aud(request, &jwt.claims)?;
        let (exp, jti) = self.check_assertion_times(&jwt.claims, now_ms / 1000)?;
        self.note(true, "Assertion claims valid: iss = sub = client, aud = this endpoint, not expired, jti unused", "RFC 7523 §3");
        let (alg, method) = assertion_method(&client, &jwt.header, assertion, verified)?;
        self.note(true, format!("{alg} signature verified"), "RFC 7515 §5.2");
        self.seen_jti.push((jti, exp));
        Ok((client, method))
    }

    /// The assertion's `aud` names this token endpoint (RFC 7523 §3 item 3).
    fn check_assertion_aud(
        &mut self,
        request: &HttpRequest,
        claims: &Value,
    ) -> Result<(), OAuthError> {
        let claim = |name: &str| claims.get(name);
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
        Ok(())
    }

    /// `exp` in the future, `iat` not in the future, a `jti` never seen before (RFC 7523 §3
    /// items 4, 6, 7); gives back `exp` and `jti`.
    fn check_assertion_times(
        &mut self,
        claims: &Value,
        now: u64,
    ) -> Result<(u64, String), OAuthError> {
        let claim = |name: &str| claims.get(name);
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
        Ok((exp, jti.to_string()))
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

/// The registered key that can verify an assertion: the one whose `kid` the header names, else
/// the only key of the right type (RFC 7515 §4.1.4).
pub(super) fn choose_client_key<'a>(
    client: &'a RegisteredClient,
    header: &Value,
    alg: &str,
) -> Option<&'a Value> {
    let kty = match alg {
        "RS256" => "RSA",
        "ES256" => "EC",
        _ => return None,
    };
    let of_type = client
        .jwks
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some(kty));
    match header.get("kid").and_then(Value::as_str) {
        Some(kid) => {
            let mut candidates = of_type.clone();
            candidates
                .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
                .or_else(|| {
                    // A key registered without a kid still verifies a header that names one.
                    let mut plain = of_type.filter(|k| k.get("kid").is_none());
                    plain.next()
                })
        }
        None => of_type.clone().next(),
    }
}

/// `invalid_client` for a client assertion that does not hold (RFC 7523 §3).
fn invalid(why: String) -> OAuthError {
    oauth_error(401, "invalid_client", "RFC 7523 §3", why)
}

/// Exactly one authentication method, and the assertion type (RFC 6749 §2.3; RFC 7521 §4.2;
/// RFC 7523 §2.2).
fn check_assertion_params(
    request: &HttpRequest,
    params: &[(String, String)],
) -> Result<(), OAuthError> {
    if request.header("authorization").is_some() || find_param(params, "client_secret").is_some() {
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
    Ok(())
}

/// The signature: HS256 keyed by the client secret (`client_secret_jwt`), or RS256/ES256 with
/// a registered public key, verified by the app (`private_key_jwt`); never `none` (RFC 7523 §3
/// item 9). Gives back the algorithm and the method it means.
fn assertion_method<'a>(
    client: &RegisteredClient,
    header: &'a Value,
    assertion: &str,
    verified: Option<bool>,
) -> Result<(&'a str, AuthMethod), OAuthError> {
    let iss = &client.id;
    let alg = header
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
            if choose_client_key(client, header, alg).is_none() {
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
    Ok((alg, method))
}
