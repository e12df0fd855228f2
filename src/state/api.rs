//! The API call slice: calling a protected resource with the latest token (RFC 6750 §2.1).

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

    /// Calls the API with `token` (the latest access token) on the current path.
    pub fn call(self, token: Option<String>, net: NetState) {
        let Some(token) = token else {
            self.blocked
                .set(Some("Get a token first: press Send.".into()));
            return;
        };
        let request = match bearer::api_request(
            &self.url.get_untracked(),
            &self.method.get_untracked(),
            &token,
            &self.body.get_untracked(),
        ) {
            Ok(r) => r,
            Err(e) => {
                self.blocked.set(Some(format!("API URL {e}.")));
                return;
            }
        };
        self.blocked.set(None);
        let mode = net.mode.get_untracked();
        spawn_local(async move {
            let started = now_ms();
            let Some(result) = net.dispatch(&request, Fetched::Api, mode, false).await else {
                return;
            };
            self.exchange.set(Some(ApiExchange {
                request,
                result,
                elapsed_ms: now_ms().saturating_sub(started),
            }));
        });
    }
}

impl Default for ApiState {
    fn default() -> Self {
        Self::new()
    }
}
