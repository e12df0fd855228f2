//! The simulated authorization server that runs inside the page.
//!
//! It receives the very bytes the client would send, parses them as a strict HTTP/1.1 server
//! would ([`HttpRequest::parse`]), and answers per RFC 6749: a token response (§5.1) or an error
//! response (§5.2). Around the token endpoint it serves what a real deployment has: metadata
//! (RFC 8414), a JWKS (RFC 7517), introspection (RFC 7662), revocation (RFC 7009) and a
//! protected resource that checks bearer tokens (RFC 6750). It is pure: time comes in as
//! `now_ms`, randomness from a seed, and the asymmetric signatures it cannot compute itself come
//! from the app (see [`pending_signature`] and [`Simulator::signature_check`]).

mod client_assertion;
mod client_auth;
mod config;
mod dpop;
mod endpoints;
mod error;
mod token;

pub use config::{
    EXAMPLE_SCOPES, Fault, Profile, RegisteredClient, SimulatorConfig, example_audiences,
};
pub use dpop::{DPOP_IAT_WINDOW_SECS, DPOP_NONCE_ROTATION_SECS, MAX_DPOP_JTIS, Verdicts};
pub use token::MAX_LIVE_TOKENS;

use client_assertion::choose_client_key;
use error::{OAuthError, entra_error_members, json_response, oauth_error};

use super::assertion::{ASSERTION_TYPE, decode};
use super::encoding::{base64url_encode, form_parse};
use super::http::{Header, HttpRequest, HttpResponse};
use super::token::format_http_date;
use serde_json::{Value, json};

/// The origin the simulated endpoints live under (a reserved `.example` name, RFC 2606 §3).
pub const SIMULATED_ORIGIN: &str = "https://authorization-server.example";
/// The host of the simulated authorization server.
pub const SIMULATED_HOST: &str = "authorization-server.example";
/// The path of the simulated token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/token";
/// The path of the simulated introspection endpoint (RFC 7662 §2).
pub const INTROSPECTION_PATH: &str = "/oauth2/introspect";
/// The path of the simulated revocation endpoint (RFC 7009 §2).
pub const REVOCATION_PATH: &str = "/oauth2/revoke";
/// The path of the simulated JWKS (RFC 7517 §5).
pub const JWKS_PATH: &str = "/jwks";
/// The path of the simulated protected resource (RFC 6750), which needs `orders:read`.
pub const RESOURCE_PATH: &str = "/api/orders";
/// The scope the protected resource requires.
pub const RESOURCE_SCOPE: &str = "orders:read";
/// Stands in a JWT access token for the signature the app has yet to add.
pub const SIGNATURE_PLACEHOLDER: &str = "SIMULATOR-SIGNATURE-PENDING";

/// Tolerated clock difference for `iat`, in seconds.
const CLOCK_SKEW_SECS: u64 = 60;

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

/// One step the server took while answering, for the "server log" panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// False for the step that decided a refusal.
    pub ok: bool,
    /// What the server checked or did.
    pub text: String,
    /// The rule it applied (an RFC section), if any.
    pub rule: &'static str,
}

/// A client assertion signed with an asymmetric key (RFC 7523 §2.2, `private_key_jwt`) that the
/// app must verify with WebCrypto before the simulator judges the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The compact JWS.
    pub jws: String,
    /// Its `alg` (`RS256` or `ES256`).
    pub alg: String,
    /// The client's registered public JWK chosen for it (by `kid`, else by key type).
    pub jwk: Value,
}

/// A token the server issued, as its registry keeps it.
#[derive(Clone, Debug)]
struct Issued {
    /// The whole token as the client received it: opaque, or a JWT (with
    /// [`SIGNATURE_PLACEHOLDER`] as its signature until the app signs it, see
    /// [`Simulator::complete`]). Presented tokens are compared with all of it (RFC 6750 §3.1).
    token: String,
    client: String,
    scopes: Vec<String>,
    audiences: Vec<String>,
    iat: u64,
    exp_ms: u64,
    jti: String,
    revoked: bool,
    /// For a DPoP-bound token, the thumbprint of its key (`cnf.jkt`, RFC 9449 §6).
    jkt: Option<String>,
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
    tokens: Vec<Issued>,
    /// Assertion ids already used, with their expiry (seconds), for replay detection.
    seen_jti: Vec<(String, u64)>,
    /// The steps of the last request handled.
    log: Vec<LogLine>,
    /// DPoP proofs seen, nonces (RFC 9449 §8, §11.1).
    dpop: dpop::DpopState,
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
            log: Vec::new(),
            dpop: dpop::DpopState::default(),
        }
    }

    /// Makes the server issue JWT access tokens (RFC 9068) signed with ES256 by the key whose
    /// public JWK (with a `kid`) is given; it is served at [`JWKS_PATH`].
    pub fn set_signing_key(&mut self, public_jwk: Value) {
        self.signing_jwk = Some(public_jwk);
    }

    /// Registers `public_jwk` as `client_id`'s key for `private_key_jwt` (as an administrator
    /// uploads a client's JWKS, RFC 7591 §2 `jwks`), replacing earlier ones. False when no such
    /// client is registered.
    pub fn register_client_key(&mut self, client_id: &str, public_jwk: Value) -> bool {
        match self.config.clients.iter_mut().find(|c| c.id == client_id) {
            Some(client) => {
                client.jwks = vec![public_jwk];
                true
            }
            None => false,
        }
    }

    /// The steps the server took for the last request it handled.
    pub fn last_log(&self) -> &[LogLine] {
        &self.log
    }

    fn note(&mut self, ok: bool, text: impl Into<String>, rule: &'static str) {
        self.log.push(LogLine {
            ok,
            text: text.into(),
            rule,
        });
    }

    /// The asymmetric client assertion in these request bytes that needs verifying before
    /// [`Simulator::handle_bytes_with`], with the registered key to verify it with. `None` when
    /// there is none, or the client has no usable key (the simulator then explains why).
    pub fn signature_check(&self, bytes: &[u8]) -> Option<SignatureCheck> {
        let request = HttpRequest::parse(bytes).ok()?;
        let params = form_parse(std::str::from_utf8(&request.body).ok()?).ok()?;
        let jws = find_param(&params, "client_assertion")?;
        if find_param(&params, "client_assertion_type") != Some(ASSERTION_TYPE) {
            return None;
        }
        let jwt = decode(jws).ok()?;
        let alg = jwt.header.get("alg")?.as_str()?;
        let iss = jwt.claims.get("iss")?.as_str()?;
        let client = self.config.clients.iter().find(|c| c.id == iss)?;
        let jwk = choose_client_key(client, &jwt.header, alg)?;
        Some(SignatureCheck {
            jws: jws.to_string(),
            alg: alg.to_string(),
            jwk: jwk.clone(),
        })
    }

    /// Receives raw request bytes, as a server socket would, and answers.
    pub fn handle_bytes(&mut self, bytes: &[u8], now_ms: u64) -> HttpResponse {
        self.handle_bytes_with(bytes, now_ms, None)
    }

    /// Like [`Simulator::handle_bytes`], with the app's verdict on the signature named by
    /// [`Simulator::signature_check`] (`None`: not verified).
    pub fn handle_bytes_with(
        &mut self,
        bytes: &[u8],
        now_ms: u64,
        verified: Option<bool>,
    ) -> HttpResponse {
        self.log.clear();
        match HttpRequest::parse(bytes) {
            Ok(request) => {
                self.note(
                    true,
                    format!(
                        "Parsed the request: {} {} ({} bytes of body)",
                        request.method,
                        request.target,
                        request.body.len()
                    ),
                    "RFC 9112 §2",
                );
                self.answer(&request, now_ms, verified)
            }
            Err(e) => {
                self.note(
                    false,
                    format!("The bytes are not a valid HTTP/1.1 request: {e}"),
                    "RFC 9112 §2",
                );
                let mut response = json_response(
                    400,
                    vec![],
                    &json!({"error": "invalid_request", "error_description": format!("Malformed HTTP request: {e}")}),
                );
                self.stamp(&mut response, now_ms);
                response
            }
        }
    }

    /// Answers a parsed request, with a `Date` header as real servers send (RFC 9110 §6.6.1).
    pub fn handle(&mut self, request: &HttpRequest, now_ms: u64) -> HttpResponse {
        self.log.clear();
        self.answer(request, now_ms, None)
    }

    fn answer(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
    ) -> HttpResponse {
        let now_ms = self.server_time(now_ms);
        let mut response = self.route(request, now_ms, verified);
        self.dpop_stamp(&mut response);
        self.note(
            response.status < 400,
            format!("Answered {}", response.status_line()),
            "",
        );
        self.stamp(&mut response, now_ms);
        response
    }

    /// The server's own clock: the app's clock moved by the configured skew.
    fn server_time(&self, now_ms: u64) -> u64 {
        let skew_ms = self.config.clock_skew_secs.saturating_mul(1000);
        now_ms.saturating_add_signed(skew_ms)
    }

    fn stamp(&self, response: &mut HttpResponse, server_now_ms: u64) {
        response.headers.push(Header::new(
            "Date",
            format_http_date((server_now_ms / 1000) as i64),
        ));
    }

    /// Records the signed JWT access token the app completed, so the protected resource can
    /// tell a tampered signature from a genuine one; returns the completed response.
    pub fn complete(&mut self, response: HttpResponse, signature: &[u8]) -> HttpResponse {
        let response = complete(response, signature);
        let token = serde_json::from_slice::<Value>(&response.body)
            .ok()
            .and_then(|b| b.get("access_token")?.as_str().map(str::to_string));
        if let Some(token) = token
            && let Some((input, _)) = token.rsplit_once('.')
        {
            let pending = format!("{input}.{SIGNATURE_PLACEHOLDER}");
            if let Some(issued) = self.tokens.iter_mut().find(|t| t.token == pending) {
                issued.token = token;
            }
        }
        response
    }

    /// The public signing keys as its JWKS endpoint serves them (RFC 7517 §5): a read, with no
    /// request, server-log line, latency or fault.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self.signing_jwk.iter().cloned().collect();
        json!({ "keys": keys })
    }

    /// Routes a request to the endpoint that answers it.
    fn route(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
    ) -> HttpResponse {
        // On its own host the simulator has several endpoints; asked under another host (a
        // retry of a live request), it plays that server's token endpoint at the given path.
        let own_host = request.header("host") == Some(SIMULATED_HOST);
        let path = request.path();
        if own_host && request.method == "GET" {
            match path {
                "/.well-known/oauth-authorization-server" | "/.well-known/openid-configuration" => {
                    self.note(
                        true,
                        "Served the authorization server metadata",
                        "RFC 8414 §3",
                    );
                    return json_response(200, vec![], &self.metadata());
                }
                JWKS_PATH => {
                    self.note(true, "Served the public signing keys", "RFC 7517 §5");
                    return json_response(200, vec![], &self.jwks());
                }
                _ => {}
            }
        }
        if own_host && path == RESOURCE_PATH {
            return self.protected_resource(request, now_ms);
        }
        if own_host && path == INTROSPECTION_PATH {
            return self.guarded(request, now_ms, verified, Self::introspection);
        }
        if own_host && path == REVOCATION_PATH {
            return self.guarded(request, now_ms, verified, Self::revocation);
        }
        if own_host && path != TOKEN_PATH {
            self.note(false, format!("No endpoint at {path}"), "RFC 9110 §15.5.5");
            return json_response(
                404,
                vec![],
                &json!({
                    "error": "not_found",
                    "error_description": format!("The simulated server has no endpoint at {path}. Its token endpoint is POST {SIMULATED_ORIGIN}{TOKEN_PATH}."),
                }),
            );
        }
        if let Some(response) = self.config.fault.response() {
            self.note(
                false,
                format!("Fault injected: {}", self.config.fault.label()),
                "",
            );
            return response;
        }
        self.guarded(request, now_ms, verified, Self::token_endpoint)
    }

    /// Runs an endpoint and renders its OAuth error, if any, as RFC 6749 §5.2 says.
    fn guarded(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
        verified: Option<bool>,
        endpoint: fn(
            &mut Self,
            &HttpRequest,
            u64,
            Option<bool>,
        ) -> Result<HttpResponse, OAuthError>,
    ) -> HttpResponse {
        match endpoint(self, request, now_ms, verified) {
            Ok(response) => response,
            Err(e) => {
                self.note(false, format!("{}: {}", e.code, e.description), e.rule);
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
                let mut body = json!({"error": e.code, "error_description": e.description});
                if self.config.profile == Profile::Entra {
                    entra_error_members(&mut body, e.aadsts, now_ms);
                }
                json_response(e.status, headers, &body)
            }
        }
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
        let methods = [
            "client_secret_basic",
            "client_secret_post",
            "client_secret_jwt",
            "private_key_jwt",
        ];
        let mut metadata = json!({
            "issuer": SIMULATED_ORIGIN,
            "token_endpoint": format!("{SIMULATED_ORIGIN}{TOKEN_PATH}"),
            "introspection_endpoint": format!("{SIMULATED_ORIGIN}{INTROSPECTION_PATH}"),
            "revocation_endpoint": format!("{SIMULATED_ORIGIN}{REVOCATION_PATH}"),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": methods,
            "token_endpoint_auth_signing_alg_values_supported": ["HS256", "RS256", "ES256"],
            "introspection_endpoint_auth_methods_supported": methods,
            "revocation_endpoint_auth_methods_supported": methods,
            "scopes_supported": scopes,
            "dpop_signing_alg_values_supported": super::dpop::PROOF_ALGS,
            "response_types_supported": [],
        });
        if self.signing_jwk.is_some() {
            metadata["jwks_uri"] = Value::from(format!("{SIMULATED_ORIGIN}{JWKS_PATH}"));
        }
        metadata
    }

    /// A fresh random identifier (splitmix64 from the seed).
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
