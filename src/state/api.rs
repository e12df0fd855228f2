//! The API call slice: calling a protected resource with the latest token (RFC 6750 §2.1; a
//! DPoP-bound one with its proof, RFC 9449 §7).

use super::dpop::{DpopState, NONCE_UNREADABLE, NonceAsk, NonceRound, nonce_asked};
use super::net::NetState;
use crate::hooks::now_ms;
use crate::oauth::bearer;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::transport::{Fetched, Mode, TransportError};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The default API to call: the simulated protected resource.
pub const DEFAULT_API_URL: &str = "https://authorization-server.example/api/orders";

/// One call of the API with the token.
#[derive(Clone, Debug)]
pub struct ApiExchange {
    /// The request as sent.
    pub request: HttpRequest,
    /// The response, or why there is none.
    pub result: Result<HttpResponse, TransportError>,
    /// Milliseconds from send to response.
    pub elapsed_ms: u64,
    /// The first call, when the API asked for a DPoP nonce and was called again with it
    /// (RFC 9449 §9).
    pub nonce_round: Option<NonceRound>,
    /// Why a nonce the API asked for could not be followed, if so.
    pub dpop_note: Option<String>,
}

/// "Call an API with the token".
#[derive(Clone, Copy)]
pub struct ApiState {
    /// "API URL" as typed.
    pub url: RwSignal<String>,
    /// "Method" of the API call.
    pub method: RwSignal<String>,
    /// "Body" of the API call.
    pub body: RwSignal<String>,
    /// The latest API call.
    pub exchange: RwSignal<Option<ApiExchange>>,
    /// A message about an API call that could not start.
    pub blocked: RwSignal<Option<String>>,
}

impl ApiState {
    /// `GET` the simulated resource, nothing called yet.
    pub fn new() -> Self {
        Self {
            url: RwSignal::new(DEFAULT_API_URL.to_string()),
            method: RwSignal::new("GET".to_string()),
            body: RwSignal::new(String::new()),
            exchange: RwSignal::new(None),
            blocked: RwSignal::new(None),
        }
    }

    /// Forgets the latest API call's answer and message (a new token or a new scenario makes
    /// them stale: they were about another token).
    pub fn clear(self) {
        self.exchange.set(None);
        self.blocked.set(None);
    }

    /// Clears the API answer whenever a token request completes (a new token, or none): the
    /// answer shown was for the token before.
    pub fn clear_on_new_token(self, exchange: RwSignal<Option<super::Exchange>>) {
        Effect::new(move |previous: Option<Option<u64>>| {
            let attempt = exchange.with(|ex| ex.as_ref().map(|ex| ex.attempt));
            if previous.is_some_and(|p| p != attempt) {
                self.clear();
            }
            attempt
        });
    }

    /// Calls the API with `token` (the latest access token, and whether it is DPoP-bound) on
    /// the current path: `Authorization: Bearer` (RFC 6750 §2.1), or `Authorization: DPoP`
    /// with a fresh proof carrying `ath` (RFC 9449 §7.1), sent once more with the server's
    /// nonce when it asks for one (§9).
    pub fn call(self, token: Option<(String, bool)>, net: NetState, dpop: DpopState) {
        let Some((token, bound)) = token else {
            self.blocked
                .set(Some("Get a token first: press Send.".into()));
            return;
        };
        let (url, method) = (self.url.get_untracked(), self.method.get_untracked());
        let body = self.body.get_untracked();
        if let Err(e) = bearer::api_request(&url, &method, &token, &body) {
            self.blocked.set(Some(format!("API URL {e}.")));
            return;
        }
        self.blocked.set(None);
        let mode = net.mode.get_untracked();
        let call = Call {
            url,
            method,
            body,
            token,
            bound,
            mode,
        };
        spawn_local(async move {
            let started = now_ms();
            let request = match call.request(dpop).await {
                Ok(r) => r,
                Err(e) => {
                    self.blocked.set(Some(format!("Not called: {e}")));
                    return;
                }
            };
            let Some(result) = net.dispatch(&request, Fetched::Api, mode, false).await else {
                return;
            };
            let mut exchange = ApiExchange {
                request,
                result,
                elapsed_ms: 0,
                nonce_round: None,
                dpop_note: None,
            };
            if call.bound && call.follow_nonce(&mut exchange, net, dpop).await.is_none() {
                return; // unmounted
            }
            exchange.elapsed_ms = now_ms().saturating_sub(started);
            self.exchange.set(Some(exchange));
        });
    }
}

/// One API call as asked: where, how, with which token, and whether it is DPoP-bound.
struct Call {
    url: String,
    method: String,
    body: String,
    token: String,
    bound: bool,
    mode: Mode,
}

impl Call {
    /// The request: Bearer, or DPoP with a fresh proof (new jti, iat now, `ath`, the API
    /// server's latest nonce).
    async fn request(&self, dpop: DpopState) -> Result<HttpRequest, String> {
        let (url, method, token, body) = (&self.url, &self.method, &self.token, &self.body);
        if !self.bound {
            return bearer::api_request(url, method, token, body).map_err(|e| e.to_string());
        }
        let proof = dpop.proof(method, url, Some(token)).await?;
        bearer::api_request_dpop(url, method, token, &proof, body).map_err(|e| e.to_string())
    }

    /// Records the proof sent and, when the API asks for a nonce (RFC 9449 §9: `401` with
    /// `WWW-Authenticate: DPoP error="use_dpop_nonce"`), calls once more with it, keeping the
    /// first call in `exchange.nonce_round`. `None` once unmounted.
    async fn follow_nonce(
        &self,
        exchange: &mut ApiExchange,
        net: NetState,
        dpop: DpopState,
    ) -> Option<()> {
        let token = Some(self.token.as_str());
        dpop.record_sent(&exchange.request, token, exchange.result.as_ref().ok());
        let Ok(response) = &exchange.result else {
            return Some(());
        };
        dpop.note_response(&self.url, response);
        match nonce_asked(response, true) {
            NonceAsk::No => {}
            NonceAsk::Unreadable => exchange.dpop_note = Some(NONCE_UNREADABLE.into()),
            NonceAsk::Retry(_) => match self.request(dpop).await {
                Ok(second) => {
                    let result = net
                        .dispatch(&second, Fetched::Api, self.mode, false)
                        .await?;
                    dpop.record_sent(&second, token, result.as_ref().ok());
                    let response = response.clone();
                    exchange.nonce_round = Some(NonceRound {
                        request: std::mem::replace(&mut exchange.request, second),
                        response,
                    });
                    exchange.result = result;
                }
                Err(e) => exchange.dpop_note = Some(e),
            },
        }
        Some(())
    }
}

impl Default for ApiState {
    fn default() -> Self {
        Self::new()
    }
}
