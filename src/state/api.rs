//! The API call slice: calling a protected resource with the latest token (RFC 6750 §2.1; a
//! DPoP-bound one with its proof, RFC 9449 §7).

use super::dpop::{DpopState, NONCE_UNREADABLE, NonceAsk, NonceRound, nonce_asked};
use super::net::NetState;
use crate::hooks::now_ms;
use crate::oauth::bearer;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::transport::{Fetched, TransportError};
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
        spawn_local(async move {
            let started = now_ms();
            let build = async || -> Result<HttpRequest, String> {
                if !bound {
                    return bearer::api_request(&url, &method, &token, &body)
                        .map_err(|e| e.to_string());
                }
                let proof = dpop.proof(&method, &url, Some(&token)).await?;
                bearer::api_request_dpop(&url, &method, &token, &proof, &body)
                    .map_err(|e| e.to_string())
            };
            let request = match build().await {
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
            if bound {
                dpop.record_sent(
                    &exchange.request,
                    Some(&token),
                    exchange.result.as_ref().ok(),
                );
            }
            if bound && let Ok(response) = &exchange.result {
                dpop.note_response(&url, response);
                match nonce_asked(response, true) {
                    NonceAsk::No => {}
                    NonceAsk::Unreadable => exchange.dpop_note = Some(NONCE_UNREADABLE.into()),
                    NonceAsk::Retry(_) => match build().await {
                        Ok(second) => {
                            let Some(result) =
                                net.dispatch(&second, Fetched::Api, mode, false).await
                            else {
                                return;
                            };
                            dpop.record_sent(&second, Some(&token), result.as_ref().ok());
                            exchange.nonce_round = Some(NonceRound {
                                request: std::mem::replace(&mut exchange.request, second),
                                response: response.clone(),
                            });
                            exchange.result = result;
                        }
                        Err(e) => exchange.dpop_note = Some(e),
                    },
                }
            }
            exchange.elapsed_ms = now_ms().saturating_sub(started);
            self.exchange.set(Some(exchange));
        });
    }
}

impl Default for ApiState {
    fn default() -> Self {
        Self::new()
    }
}
