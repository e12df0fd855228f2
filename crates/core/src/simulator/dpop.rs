//! DPoP at the simulated server (RFC 9449): proofs checked as §4.3 lists (one `DPoP` header, a
//! compact JWS, `typ`, an asymmetric `alg`, a public `jwk`, the signature, `htm`, `htu`, `iat`,
//! `jti` replay, the server's nonce when required), DPoP-bound tokens at the token endpoint (§5,
//! §6.1), and the `DPoP` scheme at the protected resource (§7.1, §7.2, §9).
//!
//! The signature over the embedded `jwk` is verified by the app with WebCrypto, as for
//! `private_key_jwt`: [`Simulator::dpop_check`] names the proof, the verdict comes back in
//! [`Verdicts::dpop`]. Without a verdict the proof is taken as signed, and the Server log says so.

use super::super::dpop::{
    DPOP_HEADER, DPOP_JWT_TYPE, DPOP_NONCE_HEADER, PROOF_ALGS, access_token_hash, decode_proof,
    has_private_members, jwk_thumbprint, normalize_htu,
};
use super::super::http::{Header, HttpRequest, HttpResponse};
use super::{OAuthError, RegisteredClient, SignatureCheck, Simulator, oauth_error};
use serde_json::Value;
use std::collections::VecDeque;

/// How far a proof's `iat` may be from the server's clock, in seconds (RFC 9449 §4.3 check 11
/// leaves the window to the server; oidc-provider accepts 300 s).
pub const DPOP_IAT_WINDOW_SECS: u64 = 60;

/// How many proof `jti`s the server remembers for replay detection (RFC 9449 §11.1); the oldest
/// is forgotten first.
pub const MAX_DPOP_JTIS: usize = 1024;

/// How long a server nonce stays current before a new one replaces it, in seconds (RFC 9449
/// §8.2); the one before it is still accepted.
pub const DPOP_NONCE_ROTATION_SECS: u64 = 300;

/// The app's verdicts on the signatures in a request: the client assertion's
/// ([`Simulator::signature_check`]) and the DPoP proof's ([`Simulator::dpop_check`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdicts {
    /// The asymmetric client assertion verified (`None`: not verified or none).
    pub assertion: Option<bool>,
    /// The DPoP proof verified with its embedded `jwk` (`None`: not verified or none).
    pub dpop: Option<bool>,
}

/// What the server keeps for DPoP.
#[derive(Clone, Debug, Default)]
pub(super) struct DpopState {
    /// SHA-256 (base64url) of the `jti`s seen, oldest first, at most [`MAX_DPOP_JTIS`].
    jtis: VecDeque<String>,
    /// The current nonce and when it was minted (seconds).
    nonce: Option<(String, u64)>,
    /// The nonce before it, still accepted.
    previous: Option<String>,
    /// The app's verdict on the proof of the request being handled.
    verdict: Option<bool>,
    /// A nonce to send in `DPoP-Nonce` with the answer being built.
    send_nonce: Option<String>,
}

/// Why a proof is refused.
pub(super) enum ProofError {
    /// `invalid_dpop_proof` (RFC 9449 §5, §7.1).
    Invalid(String),
    /// `use_dpop_nonce`: the server's nonce is missing or stale (RFC 9449 §8, §9).
    UseNonce(String),
}

/// The algorithm list of a DPoP challenge (RFC 9449 §7.1 `algs`).
fn algs() -> String {
    PROOF_ALGS.join(" ")
}

impl Simulator {
    /// The DPoP proof in these request bytes whose signature the app must verify with the
    /// proof's own `jwk` before [`Simulator::handle_bytes_verified`]. `None` when there is no
    /// single, decodable proof with an allowed `alg` and a public `jwk` (the simulator then
    /// refuses it by itself).
    pub fn dpop_check(&self, bytes: &[u8]) -> Option<SignatureCheck> {
        let request = HttpRequest::parse(bytes).ok()?;
        let proof = single_proof(&request).ok()??;
        let decoded = decode_proof(proof).ok()?;
        let alg = decoded.header.get("alg")?.as_str()?;
        let jwk = decoded.header.get("jwk")?;
        (PROOF_ALGS.contains(&alg) && jwk.is_object() && !has_private_members(jwk)).then(|| {
            SignatureCheck {
                jws: proof.to_string(),
                alg: alg.to_string(),
                jwk: jwk.clone(),
            }
        })
    }

    /// Like [`Simulator::handle_bytes_with`], with the app's verdicts on the client assertion
    /// and on the DPoP proof.
    pub fn handle_bytes_verified(
        &mut self,
        bytes: &[u8],
        now_ms: u64,
        verdicts: Verdicts,
    ) -> HttpResponse {
        self.dpop.verdict = verdicts.dpop;
        let response = self.handle_bytes_with(bytes, now_ms, verdicts.assertion);
        self.dpop.verdict = None;
        response
    }

    /// Adds the `DPoP-Nonce` header a check asked for (RFC 9449 §8.1, §9).
    pub(super) fn dpop_stamp(&mut self, response: &mut HttpResponse) {
        if let Some(nonce) = self.dpop.send_nonce.take() {
            response.headers.push(Header::new(DPOP_NONCE_HEADER, nonce));
        }
    }

    /// The token endpoint's DPoP step (RFC 9449 §5): the thumbprint the token is bound to, or
    /// `None` for a request without a proof (a bearer token, unless the client requires DPoP).
    pub(super) fn token_dpop(
        &mut self,
        request: &HttpRequest,
        client: &RegisteredClient,
        now_ms: u64,
    ) -> Result<Option<String>, OAuthError> {
        match self.check_proof(request, now_ms / 1000, None) {
            Ok(Some(jkt)) => {
                self.note(
                    true,
                    format!("DPoP proof valid: the token is bound to the key with thumbprint {jkt} (cnf.jkt)"),
                    "RFC 9449 §6.1",
                );
                Ok(Some(jkt))
            }
            Ok(None) if client.dpop_bound_access_tokens => {
                self.note_departure(
                    "This client is registered with dpop_bound_access_tokens, so a request without a proof is invalid_dpop_proof; oidc-provider answers 400 invalid_grant",
                    "RFC 9449 §5.2",
                );
                Err(oauth_error(
                    400,
                    "invalid_dpop_proof",
                    "RFC 9449 §5.2",
                    format!(
                        "The client {} requires DPoP (dpop_bound_access_tokens): send a DPoP proof (RFC 9449 §5).",
                        client.id
                    ),
                ))
            }
            Ok(None) => Ok(None),
            Err(ProofError::Invalid(why)) => {
                Err(oauth_error(400, "invalid_dpop_proof", "RFC 9449 §4.3", why))
            }
            Err(ProofError::UseNonce(why)) => {
                Err(oauth_error(400, "use_dpop_nonce", "RFC 9449 §8", why))
            }
        }
    }

    /// Checks the request's proof (RFC 9449 §4.3; with `ath` for `access_token`, §7.1): the
    /// key's thumbprint, `None` without a `DPoP` header, or why it is refused. A valid proof's
    /// `jti` is remembered.
    pub(super) fn check_proof(
        &mut self,
        request: &HttpRequest,
        now: u64,
        access_token: Option<&str>,
    ) -> Result<Option<String>, ProofError> {
        let Some(proof) = single_proof(request).map_err(ProofError::Invalid)? else {
            return Ok(None);
        };
        let decoded = decode_proof(proof).map_err(ProofError::Invalid)?;
        let jkt = self.check_header(&decoded.header)?;
        let claims = &decoded.claims;
        let text = |name: &str| claims.get(name).and_then(Value::as_str);
        let (Some(jti), Some(htm), Some(htu), Some(iat)) = (
            text("jti").filter(|j| !j.is_empty()),
            text("htm"),
            text("htu"),
            claims.get("iat").and_then(Value::as_u64),
        ) else {
            return Err(invalid(
                "The proof must have jti, htm and htu strings and a numeric iat (RFC 9449 §4.2).",
            ));
        };
        if htm != request.method {
            return Err(invalid(format!(
                "The proof's htm {htm:?} is not the request's method {} (RFC 9449 §4.3 check 8).",
                request.method
            )));
        }
        self.check_htu(request, htu)?;
        self.check_times_and_nonce(iat, text("nonce"), now)?;
        if let Some(token) = access_token
            && text("ath") != Some(access_token_hash(token).as_str())
        {
            return Err(invalid(
                "The proof's ath is missing or is not the hash of this access token (RFC 9449 §4.3 check 12, §7.1).",
            ));
        }
        self.remember_jti(jti)?;
        Ok(Some(jkt))
    }

    /// `typ`, `alg`, a public `jwk` and the app's verdict on the signature (RFC 9449 §4.3
    /// checks 4–7): the key's thumbprint.
    fn check_header(&mut self, header: &Value) -> Result<String, ProofError> {
        if header.get("typ").and_then(Value::as_str) != Some(DPOP_JWT_TYPE) {
            return Err(invalid(
                "The proof's typ must be dpop+jwt (RFC 9449 §4.3 check 4).",
            ));
        }
        let alg = header.get("alg").and_then(Value::as_str).unwrap_or("none");
        if !PROOF_ALGS.contains(&alg) {
            return Err(invalid(format!(
                "The proof's alg {alg:?} is not accepted; use one of {} (RFC 9449 §4.3 check 5: asymmetric, never none or a MAC).",
                algs()
            )));
        }
        let jwk = header
            .get("jwk")
            .filter(|j| j.is_object())
            .ok_or_else(|| invalid("The proof's header has no jwk object (RFC 9449 §4.2)."))?;
        if has_private_members(jwk) {
            return Err(invalid(
                "The proof's jwk contains a private key; it must be the public key only (RFC 9449 §4.3 check 7).",
            ));
        }
        let jkt = jwk_thumbprint(jwk).map_err(ProofError::Invalid)?;
        match self.dpop.verdict {
            Some(true) => self.note(
                true,
                format!("DPoP proof: {alg} signature verified with the embedded jwk"),
                "RFC 9449 §4.3",
            ),
            Some(false) => {
                return Err(invalid(format!(
                    "The proof's {alg} signature does not verify with its jwk (RFC 9449 §4.3 check 6)."
                )));
            }
            None => self.note(
                true,
                "DPoP proof signature not verified here (the browser's WebCrypto gave no verdict); a real server refuses a proof it cannot verify",
                "RFC 9449 §4.3",
            ),
        }
        Ok(jkt)
    }

    /// `htu` names this request's URL, query and fragment ignored (RFC 9449 §4.3 check 9).
    fn check_htu(&mut self, request: &HttpRequest, htu: &str) -> Result<(), ProofError> {
        let host = request.header("host").unwrap_or_default();
        let target = format!("https://{host}{}", request.path());
        let ours = normalize_htu(&target).unwrap_or(target);
        match normalize_htu(htu) {
            Ok(theirs) if theirs == ours => {
                if htu.contains(['?', '#']) {
                    self.note(
                        true,
                        "The proof's htu has a query or fragment, which RFC 9449 §4.2 leaves out; compared without it, as §4.3 says",
                        "RFC 9449 §4.3",
                    );
                }
                Ok(())
            }
            _ => Err(invalid(format!(
                "The proof's htu {htu:?} is not this request's URL {ours} (RFC 9449 §4.3 check 9)."
            ))),
        }
    }

    /// `iat` within [`DPOP_IAT_WINDOW_SECS`] (check 11) and, when the setting requires one, the
    /// current or previous server nonce (check 10, §8).
    fn check_times_and_nonce(
        &mut self,
        iat: u64,
        nonce: Option<&str>,
        now: u64,
    ) -> Result<(), ProofError> {
        let off = now.abs_diff(iat);
        if off > DPOP_IAT_WINDOW_SECS {
            if off <= 300 {
                self.note_departure(
                    "The proof's iat is outside this server's ±60 s window; oidc-provider accepts proofs up to 300 s old or early",
                    "RFC 9449 §4.3",
                );
            }
            return Err(invalid(format!(
                "The proof's iat is {off} s from the server's clock; this server accepts ±{DPOP_IAT_WINDOW_SECS} s (RFC 9449 §4.3 check 11)."
            )));
        }
        if !self.config.require_dpop_nonce {
            return Ok(());
        }
        let current = self.current_nonce(now);
        let known = |n: &str| n == current || self.dpop.previous.as_deref() == Some(n);
        match nonce {
            Some(n) if known(n) => {
                if n != current {
                    self.dpop.send_nonce = Some(current);
                }
                Ok(())
            }
            given => {
                self.dpop.send_nonce = Some(current);
                Err(ProofError::UseNonce(match given {
                    None => "This server requires a nonce in the DPoP proof: retry with the one in the DPoP-Nonce header (RFC 9449 §8).".into(),
                    Some(_) => "The DPoP proof's nonce is not a current one: retry with the one in the DPoP-Nonce header (RFC 9449 §8).".into(),
                }))
            }
        }
    }

    /// The current server nonce, rotated every [`DPOP_NONCE_ROTATION_SECS`] (RFC 9449 §8.2).
    fn current_nonce(&mut self, now: u64) -> String {
        match &self.dpop.nonce {
            Some((nonce, minted)) if now.saturating_sub(*minted) < DPOP_NONCE_ROTATION_SECS => {
                nonce.clone()
            }
            _ => {
                let fresh = self.mint();
                self.dpop.previous = self.dpop.nonce.take().map(|(n, _)| n);
                self.dpop.nonce = Some((fresh.clone(), now));
                fresh
            }
        }
    }

    /// Refuses a `jti` seen before, else remembers it (RFC 9449 §11.1), forgetting the oldest
    /// beyond [`MAX_DPOP_JTIS`].
    fn remember_jti(&mut self, jti: &str) -> Result<(), ProofError> {
        let key = access_token_hash(jti);
        if self.dpop.jtis.contains(&key) {
            self.note_departure(
                "A replayed DPoP proof is invalid_dpop_proof (RFC 9449 §11.1); oidc-provider answers 400 invalid_grant",
                "RFC 9449 §11.1",
            );
            return Err(invalid(format!(
                "The proof's jti {:?} was used before: a proof is single-use (RFC 9449 §11.1).",
                shorten(jti)
            )));
        }
        if self.dpop.jtis.len() >= MAX_DPOP_JTIS {
            self.dpop.jtis.pop_front();
        }
        self.dpop.jtis.push_back(key);
        Ok(())
    }

    /// The protected resource's DPoP step (RFC 9449 §7): the answer when the request uses the
    /// `DPoP` scheme, or presents a DPoP-bound token as a bearer token; `None` for the bearer path.
    pub(super) fn dpop_resource(
        &mut self,
        request: &HttpRequest,
        now_ms: u64,
    ) -> Option<HttpResponse> {
        let auth = request.header("authorization")?;
        let (scheme, token) = auth.split_once(' ').unwrap_or((auth, ""));
        let token = token.trim();
        let bound = |sim: &Self| {
            sim.token_verdict(token, now_ms)
                .ok()
                .and_then(|issued| issued.jkt.clone())
        };
        if scheme.eq_ignore_ascii_case("bearer") {
            bound(self)?;
            return Some(self.dpop_refusal(
                401,
                "invalid_token",
                "This token is DPoP-bound: present it with Authorization: DPoP and a proof of its key (RFC 9449 §7.2).".into(),
            ));
        }
        if !scheme.eq_ignore_ascii_case("dpop") {
            return None;
        }
        Some(match self.dpop_verdict(request, token, now_ms) {
            Ok(client) => self.resource_ok(client, "DPoP-bound token and proof valid for this API"),
            Err((status, code, why)) => self.dpop_refusal(status, code, why),
        })
    }

    /// The `DPoP` scheme's checks: the token as for a bearer token, then a proof of its key
    /// (`cnf.jkt`) with `ath`, `htm` and `htu` of this call (RFC 9449 §7.1).
    fn dpop_verdict(
        &mut self,
        request: &HttpRequest,
        token: &str,
        now_ms: u64,
    ) -> Result<String, (u16, &'static str, String)> {
        let issued = match self.token_verdict(token, now_ms) {
            Ok(issued) => issued,
            Err((status, error)) => {
                let (code, why) = error.unwrap_or(("invalid_token", "No access token".to_string()));
                return Err((status, code, why));
            }
        };
        let (client, jkt) = (issued.client.clone(), issued.jkt.clone());
        let Some(jkt) = jkt else {
            return Err((
                401,
                "invalid_token",
                "This token is not DPoP-bound: send it with Authorization: Bearer (RFC 9449 §7.1)."
                    .into(),
            ));
        };
        match self.check_proof(request, now_ms / 1000, Some(token)) {
            Ok(Some(key)) if key == jkt => Ok(client),
            Ok(Some(key)) => Err((
                401,
                "invalid_dpop_proof",
                format!(
                    "The proof is signed by the key {key}, not the token's key {jkt} (cnf.jkt, RFC 9449 §7.1)."
                ),
            )),
            Ok(None) => Err((
                400,
                "invalid_request",
                "Authorization: DPoP needs a DPoP header with a proof (RFC 9449 §7.1).".into(),
            )),
            Err(ProofError::Invalid(why)) => Err((401, "invalid_dpop_proof", why)),
            Err(ProofError::UseNonce(why)) => Err((401, "use_dpop_nonce", why)),
        }
    }

    /// A refusal with its `WWW-Authenticate: DPoP` challenge and `algs` (RFC 9449 §7.1).
    fn dpop_refusal(&mut self, status: u16, code: &'static str, why: String) -> HttpResponse {
        self.note(false, format!("{code}: {why}"), "RFC 9449 §7.1");
        let description = why.replace(['"', '\\'], "'");
        let challenge = format!(
            "DPoP error=\"{code}\", error_description=\"{description}\", algs=\"{}\"",
            algs()
        );
        super::json_response(
            status,
            vec![Header::new("WWW-Authenticate", challenge)],
            &serde_json::json!({"error": code}),
        )
    }
}

/// The request's one proof: `Ok(None)` without a `DPoP` header, `Err` for more than one
/// (RFC 9449 §4.3 check 1).
fn single_proof(request: &HttpRequest) -> Result<Option<&str>, String> {
    let mut proofs = request
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(DPOP_HEADER));
    match (proofs.next(), proofs.next()) {
        (None, _) => Ok(None),
        (Some(one), None) => Ok(Some(one.value.as_str())),
        (Some(_), Some(_)) => Err(
            "The request has more than one DPoP header; exactly one proof is allowed (RFC 9449 §4.3 check 1).".into(),
        ),
    }
}

fn invalid(why: impl Into<String>) -> ProofError {
    ProofError::Invalid(why.into())
}

/// A client-chosen value as shown in a message: at most 40 characters.
fn shorten(value: &str) -> String {
    value.chars().take(40).collect()
}
