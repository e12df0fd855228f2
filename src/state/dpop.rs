//! The DPoP slice (RFC 9449): the key this page proves possession of, the previewed proof of
//! the token request, and the nonces servers handed out. What a proof says is the core's
//! ([`crate::oauth::dpop`]); this file holds the key, the clock and the randomness.
//!
//! The private key never leaves the page: a generated one is not extractable, an imported
//! one's text is a secret field (masked, never saved, never in a URL).

use crate::crypto::{DpopKey, DpopKeySource, generate_dpop_key, import_dpop_key, random_jti};
use crate::hooks::now_ms;
use crate::oauth::bearer::parse_dpop_challenge;
use crate::oauth::dpop::{self, DPOP_NONCE_HEADER, ProofClaims};
use crate::oauth::draft::FieldError;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::lint::{DpopRecord, MAX_RECORDED_PROOFS, SentProof};
use crate::oauth::request::TokenRequest;
use crate::oauth::token::parse_http_date;
use crate::oauth::url::TokenUrl;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the page shows of its DPoP key (public only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// "ES256" or "RS256".
    pub alg: &'static str,
    /// The public JWK, as JSON text.
    pub public_jwk: String,
    /// Its RFC 7638 thumbprint (what `cnf.jkt` of a bound token names).
    pub thumbprint: String,
    /// Generated here (non-extractable) or imported.
    pub generated: bool,
}

/// The key, the preview proof and the nonces.
#[derive(Clone, Copy)]
pub struct DpopState {
    /// "Use DPoP (RFC 9449)".
    pub enabled: RwSignal<bool>,
    /// "DPoP private key (JWK)" as typed (empty: the generated key signs).
    pub key_text: RwSignal<String>,
    /// The current key's public half and thumbprint, once ready.
    pub info: RwSignal<Option<KeyInfo>>,
    /// Why the typed key or key generation failed.
    pub key_error: RwSignal<Option<String>>,
    /// The token request's previewed proof (each send signs a fresh one).
    pub preview: RwSignal<Option<String>>,
    /// The proofs sent and what came back, for the linter's DPoP rules (in memory only).
    pub record: RwSignal<DpopRecord>,
    /// The key that signs (imported if one is typed and valid, else the generated one).
    key: StoredValue<Option<DpopKey>, LocalStorage>,
    /// The generated key, kept while an imported one is in use.
    generated: StoredValue<Option<DpopKey>, LocalStorage>,
    /// The latest `DPoP-Nonce` per server origin (RFC 9449 §8, §9); a few origins at most.
    nonces: StoredValue<Vec<(String, String)>>,
    version: StoredValue<u64>,
}

/// `scheme://host[:port]` of `url`, or the URL itself when it does not parse.
pub fn origin_of(url: &str) -> String {
    TokenUrl::parse(url).map_or_else(|_| url.to_string(), |u| u.origin())
}

/// How many servers' nonces are kept (one per origin, the latest): the list grows with each server
/// that answers with a `DPoP-Nonce`, so it is bounded; a forgotten server asks again (RFC 9449 §8).
const MAX_NONCE_ORIGINS: usize = 32;

impl DpopState {
    /// DPoP on or off as `enabled` says; no key yet.
    pub fn new(enabled: RwSignal<bool>) -> Self {
        Self {
            enabled,
            key_text: RwSignal::new(String::new()),
            info: RwSignal::new(None),
            key_error: RwSignal::new(None),
            preview: RwSignal::new(None),
            record: RwSignal::new(DpopRecord::default()),
            key: StoredValue::new_local(None),
            generated: StoredValue::new_local(None),
            nonces: StoredValue::new(Vec::new()),
            version: StoredValue::new(0),
        }
    }

    /// Keeps the key and the previewed proof of `validated` (the token request) up to date
    /// ([`DpopState::follow_key`], [`DpopState::sign_preview`]). Call once, from the app.
    pub fn start(self, validated: Memo<Result<TokenRequest, Vec<FieldError>>>) {
        self.follow_key();
        self.sign_preview(Memo::new(move |_| {
            validated.with(|v| {
                let r = v.as_ref().ok().filter(|r| r.dpop.is_on())?;
                let (htm, htu) = r.dpop_target();
                Some((htm.to_string(), htu))
            })
        }));
    }

    /// Keeps the signing key in step with the form: while DPoP is on, the typed JWK when there
    /// is one, else a key generated in the page (once per page load, or on "New key").
    pub fn follow_key(self) {
        crate::hooks::effect(move || {
            let on = self.enabled.get();
            let text = self.key_text.get();
            if !on {
                return;
            }
            self.use_key(text, false);
        });
    }

    /// "New key": a fresh generated key replaces the current one (and a typed key).
    pub fn new_key(self) {
        self.key_text.set(String::new());
        self.use_key(String::new(), true);
    }

    fn use_key(self, text: String, fresh: bool) {
        let mine = self.version.get_value() + 1;
        self.version.set_value(mine);
        // Generating or importing the key is in the `deferred` chunk (DPoP is off by default).
        spawn_local(async move {
            match crate::chunks::dpop_use_key(self, text, fresh, mine).await {
                Ok(chosen) => chosen.await,
                Err(_) => self.key_error.set(Some(format!(
                    "The page {}: untick and tick Use DPoP to try again.",
                    crate::lazy::missing_code("DPoP keys")
                ))),
            }
        });
    }

    /// Generates (or reuses) or imports the key chosen, unless a newer choice was made meanwhile
    /// (`mine` is this choice's version); shows its thumbprint or what is wrong with it.
    pub async fn choose_key(self, text: String, fresh: bool, mine: u64) {
        let result = if text.trim().is_empty() {
            match self.generated.get_value().filter(|_| !fresh) {
                Some(key) => Ok(key),
                None => generate_dpop_key()
                    .await
                    .map_err(|e| format!("The browser could not generate a DPoP key: {e}")),
            }
        } else {
            import_dpop_key(&text)
                .await
                .map_err(|e| format!("DPoP private key (JWK) {e}."))
        };
        if self.version.try_get_value() != Some(mine) {
            return; // a newer key choice won
        }
        match result {
            Ok(key) => {
                if key.source == DpopKeySource::Generated {
                    self.generated.set_value(Some(key.clone()));
                }
                self.info.set(Some(KeyInfo {
                    alg: key.alg.as_str(),
                    public_jwk: key.public_jwk.to_string(),
                    thumbprint: dpop::jwk_thumbprint(&key.public_jwk).unwrap_or_default(),
                    generated: key.source == DpopKeySource::Generated,
                }));
                self.key.set_value(Some(key));
                self.key_error.set(None);
            }
            Err(e) => {
                self.key.set_value(None);
                self.info.set(None);
                self.key_error.set(Some(e));
            }
        }
    }

    /// The key, waiting up to 2 s for one being generated or imported.
    async fn ready_key(self) -> Result<DpopKey, String> {
        for _ in 0..200 {
            if let Some(key) = self.key.try_get_value().flatten() {
                return Ok(key);
            }
            if let Some(Some(e)) = self.key_error.try_get_untracked() {
                return Err(e);
            }
            crate::crypto::pause(10).await;
        }
        Err("no DPoP key is ready".into())
    }

    /// The latest nonce `origin`'s server gave, if any.
    pub fn nonce_for(self, url: &str) -> Option<String> {
        let origin = origin_of(url);
        self.nonces
            .try_with_value(|n| n.iter().find(|(o, _)| *o == origin).map(|(_, v)| v.clone()))
            .flatten()
    }

    /// Remembers a server's `DPoP-Nonce` for the following proofs to it (RFC 9449 §8.2).
    pub fn remember_nonce(self, url: &str, nonce: &str) {
        let origin = origin_of(url);
        self.nonces.try_update_value(|n| {
            n.retain(|(o, _)| *o != origin);
            if n.len() >= MAX_NONCE_ORIGINS {
                n.remove(0); // the server heard from longest ago
            }
            n.push((origin, nonce.to_string()));
        });
    }

    /// Signs a fresh proof (RFC 9449 §4.2) for `htm` `url`: a new `jti`, `iat` now, the
    /// server's latest nonce, and `ath` when `access_token` is given (§4.3 item 10 / §7).
    pub async fn proof(
        self,
        htm: &str,
        url: &str,
        access_token: Option<&str>,
    ) -> Result<String, String> {
        let key = self.ready_key().await?;
        let htu = dpop::normalize_htu(url)?;
        let claims = ProofClaims {
            jti: random_jti(),
            htm: htm.to_string(),
            htu,
            iat: now_ms() / 1000,
            ath: access_token.map(dpop::access_token_hash),
            nonce: self.nonce_for(url),
        };
        let input = dpop::signing_input(key.alg.as_str(), &key.public_jwk, &claims);
        let signature = key.sign(input.as_bytes()).await?;
        Ok(dpop::assemble(&input, &signature))
    }

    /// Keeps the previewed proof signed for the token URL and method (`target` gives
    /// `(method, url)` or `None`), re-signed 300 ms after they stop changing.
    pub fn sign_preview(self, target: Memo<Option<(String, String)>>) {
        let round = StoredValue::new(0u64);
        crate::hooks::effect(move || {
            let on = self.enabled.get();
            let key = self.info.get();
            let Some((method, url)) = target.get().filter(|_| on && key.is_some()) else {
                if self.preview.with_untracked(Option::is_some) {
                    self.preview.set(None);
                }
                return;
            };
            let mine = round.get_value() + 1;
            round.set_value(mine);
            spawn_local(async move {
                crate::crypto::pause(300).await;
                if round.try_get_value() != Some(mine) {
                    return;
                }
                // Signing is in the `deferred` chunk, with the rest of DPoP.
                let proof = match crate::chunks::dpop_preview_proof(self, method, url).await {
                    Ok(signing) => signing.await,
                    Err(_) => None,
                };
                if round.try_get_value() == Some(mine) {
                    self.preview.set(proof);
                }
            });
        });
    }

    /// Forgets the typed private key and the recorded proofs (they name access tokens), with
    /// the other secrets.
    pub fn forget_secrets(self) {
        self.key_text.set(String::new());
        self.record.set(DpopRecord::default());
    }
}

/// What a response says about DPoP nonces (RFC 9449 §8 for the token endpoint, §9 for a
/// resource server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NonceAsk {
    /// The server did not ask for a nonce.
    No,
    /// It asked (`use_dpop_nonce`) and gave this `DPoP-Nonce`.
    Retry(String),
    /// It asked, but the page cannot read its `DPoP-Nonce` header (not exposed by CORS).
    Unreadable,
}

/// Whether `response` asks for a nonce: a token endpoint's `400` with error `use_dpop_nonce`
/// (RFC 9449 §8), or, when `api`, a `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"`
/// (§9).
pub fn nonce_asked(response: &HttpResponse, api: bool) -> NonceAsk {
    let asked = if api {
        response.status == 401
            && response
                .header("www-authenticate")
                .and_then(parse_dpop_challenge)
                .is_some_and(|c| c.error.as_deref() == Some(USE_DPOP_NONCE))
    } else {
        response.status == 400
            && serde_json::from_slice::<serde_json::Value>(&response.body)
                .ok()
                .is_some_and(|v| v["error"] == USE_DPOP_NONCE)
    };
    match (asked, response.header(DPOP_NONCE_HEADER)) {
        (false, _) => NonceAsk::No,
        (true, Some(nonce)) => NonceAsk::Retry(nonce.to_string()),
        (true, None) => NonceAsk::Unreadable,
    }
}

/// The error code a server asks for a nonce with (RFC 9449 §8, §9).
pub const USE_DPOP_NONCE: &str = "use_dpop_nonce";

/// The note when a server asks for a nonce the page cannot read.
pub const NONCE_UNREADABLE: &str = "The server asked for a DPoP nonce (use_dpop_nonce), but the server did not expose DPoP-Nonce to the page (Access-Control-Expose-Headers), so the request cannot be retried with it.";

/// The first of two exchanges when a server asked for a nonce and the request was sent again
/// with it (RFC 9449 §8.1, §9).
#[derive(Clone, Debug)]
pub struct NonceRound {
    /// The first request, as sent (without a nonce, or with a stale one).
    pub request: HttpRequest,
    /// The server's `use_dpop_nonce` answer.
    pub response: HttpResponse,
}

impl NonceRound {
    /// "1st attempt: 400 use_dpop_nonce → retried with the server's nonce".
    pub fn line(&self) -> String {
        format!(
            "1st attempt: {} {USE_DPOP_NONCE} → retried with the server's nonce",
            self.response.status
        )
    }
}

impl DpopState {
    /// Remembers the nonce in any response that carries one (RFC 9449 §8.2: a server may
    /// hand out a new nonce with any response), when DPoP is in use.
    pub fn note_response(self, url: &str, response: &HttpResponse) {
        if let Some(nonce) = response.header(DPOP_NONCE_HEADER) {
            self.remember_nonce(url, nonce);
        }
    }

    /// Records a sent proof for the linter (`access_token` for an API call), with the
    /// server's `Date`, and for a token response its `token_type`.
    pub fn record_sent(
        self,
        request: &HttpRequest,
        access_token: Option<&str>,
        response: Option<&HttpResponse>,
    ) {
        let Some(proof) = request.header(dpop::DPOP_HEADER) else {
            return;
        };
        let sent = SentProof {
            proof: proof.to_string(),
            method: request.method.clone(),
            url: request.url.clone(),
            access_token: access_token.map(str::to_string),
            server_date: response
                .and_then(|r| r.header("date"))
                .and_then(parse_http_date),
        };
        let token_type = response
            .filter(|r| access_token.is_none() && r.status == 200)
            .and_then(|r| serde_json::from_slice::<serde_json::Value>(&r.body).ok())
            .and_then(|v| v["token_type"].as_str().map(str::to_string));
        self.record.update(|record| {
            record.proofs.push(sent);
            let excess = record.proofs.len().saturating_sub(MAX_RECORDED_PROOFS);
            record.proofs.drain(..excess);
            if token_type.is_some() {
                record.token_type = token_type;
            }
        });
    }
}
