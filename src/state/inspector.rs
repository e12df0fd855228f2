//! The token inspector's slice: where the JWKS comes from, the signature check of the latest
//! JWT access token (RFC 7515/7517), and the introspection answer (RFC 7662).

use super::exchange::ExchangeState;
use super::net::NetState;
use crate::oauth::introspection::{self, Introspection};
use crate::oauth::jwt;
use crate::oauth::metadata;
use crate::oauth::simulator::{JWKS_PATH, SIMULATED_ORIGIN};
use crate::transport::{Fetched, Mode};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The result of verifying a JWT access token's signature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Verification {
    /// Not attempted (no JWKS URL yet, or an opaque token).
    #[default]
    NotChecked,
    /// Fetching the JWKS and verifying.
    Checking,
    /// The signature verifies with this key.
    Verified {
        /// The key's `kid`, if it has one.
        kid: Option<String>,
        /// Where the JWKS came from.
        jwks_url: String,
    },
    /// The signature does not verify.
    BadSignature,
    /// Verification could not run: why.
    Problem(String),
}

/// The JWKS used when "JWKS URL" is empty: the simulated server's in simulated mode.
pub fn jwks_fallback(mode: Mode) -> Option<String> {
    (mode == Mode::Simulated).then(|| format!("{SIMULATED_ORIGIN}{JWKS_PATH}"))
}

/// What is known about the latest token beyond its own claims.
#[derive(Clone, Copy)]
pub struct InspectorState {
    /// "JWKS URL" for verifying JWT access tokens (filled by discovery), or a pasted JWKS.
    pub jwks_url: RwSignal<String>,
    /// The signature check of the latest JWT access token.
    pub verification: RwSignal<Verification>,
    /// The latest introspection answer (RFC 7662).
    pub introspection: RwSignal<Option<Result<Introspection, String>>>,
}

impl InspectorState {
    /// Nothing checked yet.
    pub fn new() -> Self {
        Self {
            jwks_url: RwSignal::new(String::new()),
            verification: RwSignal::new(Verification::NotChecked),
            introspection: RwSignal::new(None),
        }
    }

    /// Forgets what was found about the previous token.
    pub fn reset(self) {
        self.verification.set(Verification::NotChecked);
        self.introspection.set(None);
    }

    /// The JWKS to verify with: "JWKS URL" when filled, else in simulated mode the simulated
    /// server's own JWKS (known, so there is nothing to type), else none.
    pub fn jwks_source(self, mode: Mode) -> Option<String> {
        let typed = self.jwks_url.with(|u| u.trim().to_string());
        if !typed.is_empty() {
            return Some(typed);
        }
        jwks_fallback(mode)
    }

    /// Verifies the latest token as soon as there is a JWKS to verify it with: after each token
    /// in simulated mode, and in live mode once discovery has found a `jwks_uri` (RFC 8414 §2).
    pub fn verify_when_known(self, exchange: ExchangeState, net: NetState) {
        let known = untrack(|| self.jwks_source(net.mode.get()).is_some());
        if known && exchange.latest_token().is_some() {
            // The verification's code is in the inspector's chunk.
            leptos::task::spawn_local(async move {
                _ = crate::chunks::verify_token(self, exchange, net).await;
            });
        }
    }

    /// Verifies the latest access token's signature with the JWKS at "JWKS URL" (RFC 7517), or
    /// the simulated server's when the field is empty in simulated mode, fetched on the current
    /// path.
    pub fn verify_token(self, exchange: ExchangeState, net: NetState) {
        let token = exchange.latest_token();
        let Some(Some(Ok(decoded))) = token.as_deref().map(jwt::decode_access_token) else {
            self.verification.set(Verification::NotChecked);
            return;
        };
        let token = token.unwrap_or_default();
        let mode = net.mode.get_untracked();
        let Some(source) = untrack(|| self.jwks_source(mode)) else {
            self.verification.set(Verification::NotChecked);
            return;
        };
        self.verification.set(Verification::Checking);
        spawn_local(async move {
            // A pasted JWKS is used as is; the simulated server's is read from it; otherwise it
            // is fetched on the current path.
            let jwks = if source.trim_start().starts_with('{') {
                Ok(source.clone().into_bytes())
            } else if mode == Mode::Simulated && Some(&source) == jwks_fallback(mode).as_ref() {
                net.simulated_jwks()
                    .ok_or_else(|| "The simulated server is gone.".to_string())
            } else {
                match metadata::request(source.trim()) {
                    Err(e) => Err(format!("JWKS URL {e}.")),
                    Ok(request) => match net.dispatch(&request, Fetched::Jwks, mode, false).await {
                        None => return,
                        Some(Ok(r)) if r.status == 200 => Ok(r.body),
                        Some(Ok(r)) => Err(format!(
                            "The JWKS could not be fetched: {}",
                            r.status_line()
                        )),
                        Some(Err(e)) => Err(format!("The JWKS could not be fetched: {e}")),
                    },
                }
            };
            let outcome = match jwks.map(|body| jwt::choose_key(&body, &decoded)) {
                Ok(Ok(key)) => {
                    let alg = decoded.header["alg"].as_str().unwrap_or_default();
                    match crate::crypto::verify_jws(&token, alg, &key).await {
                        Ok(true) => Verification::Verified {
                            kid: key["kid"].as_str().map(str::to_string),
                            jwks_url: if source.trim_start().starts_with('{') {
                                "the pasted JWKS".into()
                            } else {
                                source
                            },
                        },
                        Ok(false) => Verification::BadSignature,
                        Err(e) => Verification::Problem(e),
                    }
                }
                Ok(Err(e)) => Verification::Problem(e.to_string()),
                Err(e) => Verification::Problem(e),
            };
            self.verification.set(outcome);
        });
    }

    /// Asks the authorization server's introspection `endpoint` about the latest token
    /// (RFC 7662), authenticated like the token request.
    pub fn introspect(self, endpoint: Option<String>, exchange: ExchangeState, net: NetState) {
        let Some(endpoint) = endpoint else {
            return;
        };
        let found = exchange.exchange.with_untracked(|ex| {
            ex.as_ref().and_then(|ex| {
                ex.issued.as_ref().map(|t| {
                    introspection::request(
                        &endpoint,
                        &ex.token_request,
                        t.response.access_token.expose(),
                    )
                })
            })
        });
        let request = match found {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                self.introspection.set(Some(Err(e)));
                return;
            }
            None => return,
        };
        let mode = net.mode.get_untracked();
        spawn_local(async move {
            let Some(result) = net
                .dispatch(&request, Fetched::Introspection, mode, false)
                .await
            else {
                return;
            };
            self.introspection.set(Some(match result {
                Ok(r) => introspection::parse(r.status, &r.body),
                Err(e) => Err(e.to_string()),
            }));
        });
    }
}

impl Default for InspectorState {
    fn default() -> Self {
        Self::new()
    }
}
