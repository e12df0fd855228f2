//! The request path's slice: simulated or live, the live timeout, the relay live requests go
//! through (if any), and the one place every action sends a request from
//! ([`NetState::dispatch`]).

use super::simulator::{ComposerKey, SimulatorState};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::relay::{DEFAULT_RELAY, Relay, parse_relay_url};
use crate::transport::{self, Fetched, Mode, RelayError, TransportError, probe};
use leptos::prelude::*;
use web_sys::AbortController;

/// Default live request timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 15;
/// How long the CORS doctor's probes may take, in milliseconds.
const PROBE_MS: u64 = 3_000;

/// Where requests go, and how long a live one may take.
#[derive(Clone, Copy)]
pub struct NetState {
    /// Simulated or live sending.
    pub mode: RwSignal<Mode>,
    /// Live request timeout in seconds, as typed.
    pub timeout: RwSignal<String>,
    /// "Relay URL" as typed (empty: live requests go directly).
    pub relay: RwSignal<String>,
    /// "Keep Origin (SPA client)": the relay forwards this page's `Origin`.
    pub keep_origin: RwSignal<bool>,
    /// A relay found answering at [`DEFAULT_RELAY`] after a direct send failed (for "Retry
    /// through the relay" when no Relay URL is set).
    pub relay_found: RwSignal<Option<String>>,
    /// The relay base URL already identified as a cc-relay ([`transport::relay::identify`]).
    identified: StoredValue<Option<String>>,
    /// The live token request in flight, aborted when a newer send supersedes it.
    in_flight: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// The simulated server (the other path).
    sim: SimulatorState,
    /// The composer's client and key, which the simulated server registers before answering.
    key: ComposerKey,
}

impl NetState {
    /// The path starting in `mode`, over `sim` when simulated.
    pub fn new(mode: Mode, sim: SimulatorState, key: ComposerKey) -> Self {
        Self {
            mode: RwSignal::new(mode),
            timeout: RwSignal::new(DEFAULT_TIMEOUT_SECS.to_string()),
            relay: RwSignal::new(String::new()),
            keep_origin: RwSignal::new(false),
            relay_found: RwSignal::new(None),
            identified: StoredValue::new(None),
            in_flight: StoredValue::new_local(None),
            sim,
            key,
        }
    }

    /// The live request timeout typed ("Timeout (s)"), or the default.
    pub fn timeout_secs(self) -> u32 {
        self.timeout
            .with_untracked(|t| transport::parse_timeout(t))
            .unwrap_or(DEFAULT_TIMEOUT_SECS)
    }

    /// The relay live requests go through: `Ok(None)` when the Relay URL is empty, `Err` (a
    /// sentence's end, "the Relay URL …") when it is not a usable URL. Tracked.
    pub fn route(self) -> Result<Option<Relay>, String> {
        let text = self.relay.get();
        if text.trim().is_empty() {
            return Ok(None);
        }
        parse_relay_url(&text).map(|base| {
            Some(Relay {
                base,
                keep_origin: self.keep_origin.get(),
            })
        })
    }

    /// The raw view's note on the hop, when live requests go through a relay. Tracked.
    pub fn hop_note(self) -> Option<String> {
        let relay = self.route().ok().flatten()?;
        let origin = if relay.keep_origin {
            "with this page's Origin (Keep Origin) but without Cookie"
        } else {
            "without Origin/Cookie"
        };
        Some(format!(
            "Sent through the relay at {}; the relay forwards this request {origin}, Referer, Sec-* or the other headers the browser adds, so the token endpoint receives exactly what is shown.",
            relay.base
        ))
    }

    /// The relay base URL a request sent now in `mode` goes through, if any (untracked).
    pub fn relay_used(self, mode: Mode) -> Option<String> {
        if mode != Mode::Live {
            return None;
        }
        untrack(|| self.route().ok().flatten().map(|r| r.base))
    }

    /// Before "Retry through the relay": with no Relay URL, use the relay found at the default
    /// address.
    pub fn use_found_relay(self) {
        if self.relay.with_untracked(|r| r.trim().is_empty())
            && let Some(found) = self.relay_found.get_untracked()
        {
            self.relay.set(found);
        }
    }

    /// The simulated server's JWKS, read directly ([`SimulatorState::jwks_document`]).
    pub fn simulated_jwks(self) -> Option<Vec<u8>> {
        self.sim.jwks_document()
    }

    /// Sends one request on the chosen path; `what` names what is fetched (for messages). With
    /// `supersede`, a live request in flight from an earlier send is aborted first (only the
    /// latest send counts). Live requests go through the relay when a Relay URL is set. `None`
    /// once unmounted.
    pub async fn dispatch(
        self,
        request: &HttpRequest,
        what: Fetched,
        mode: Mode,
        supersede: bool,
    ) -> Option<Result<HttpResponse, TransportError>> {
        // Each path's code is its own chunk (prefetched after the first paint for the mode in
        // use): loaded here at the latest. A chunk that does not download is a transport error
        // that says so; Send again retries it.
        let request = request.clone();
        match mode {
            Mode::Simulated => match crate::chunks::simulated_dispatch(self, request).await {
                Ok(answer) => answer.await,
                Err(_) => Some(Err(TransportError::Chunk("the simulated server"))),
            },
            Mode::Live => {
                match crate::chunks::live_dispatch(self, request, what, supersede).await {
                    Ok(answer) => answer.await,
                    Err(_) => Some(Err(TransportError::Chunk("live requests"))),
                }
            }
        }
    }

    /// The simulated path of [`NetState::dispatch`] (in the `simulator` chunk).
    pub async fn dispatch_simulated(
        self,
        request: &HttpRequest,
    ) -> Option<Result<HttpResponse, TransportError>> {
        self.sim
            .answer(request, self.key, move || self.timeout_secs())
            .await
    }

    /// The live path of [`NetState::dispatch`] (in the `live` chunk): directly, or through the
    /// relay when a Relay URL is set.
    pub async fn dispatch_live(
        self,
        request: &HttpRequest,
        what: Fetched,
        supersede: bool,
    ) -> Option<Result<HttpResponse, TransportError>> {
        let route = untrack(|| self.route());
        let controller = transport::abort_controller()?;
        if supersede
            && let Some(Some(previous)) = self
                .in_flight
                .try_update_value(|c| c.replace(controller.clone()))
        {
            previous.abort();
        }
        let timeout = self.timeout_secs();
        Some(match route {
            Err(why) => Err(TransportError::Relay(RelayError::BadUrl(why))),
            Ok(Some(relay)) => self.through(&relay, request, what, controller).await,
            Ok(None) => {
                let result = transport::fetch(request, what, timeout, controller).await;
                self.diagnosed(result, request, what).await
            }
        })
    }

    /// Sends through `relay`, identifying it first the first time it is used.
    async fn through(
        self,
        relay: &Relay,
        request: &HttpRequest,
        what: Fetched,
        controller: AbortController,
    ) -> Result<HttpResponse, TransportError> {
        let timeout = self.timeout_secs();
        let known = self
            .identified
            .try_with_value(|i| i.as_deref() == Some(relay.base.as_str()))
            .unwrap_or(false);
        if !known {
            transport::relay::identify(relay, timeout, controller.clone()).await?;
            self.identified.try_set_value(Some(relay.base.clone()));
        }
        transport::relay::fetch_via(request, relay, what, timeout, controller).await
    }

    /// A direct token request that got no response: probes whether the server answers at all
    /// (CORS refusal or unreachable), and whether a relay answers at the default address.
    async fn diagnosed(
        self,
        result: Result<HttpResponse, TransportError>,
        request: &HttpRequest,
        what: Fetched,
    ) -> Result<HttpResponse, TransportError> {
        let detail = match result {
            Err(TransportError::Network { detail, .. }) if what == Fetched::TokenEndpoint => detail,
            other => return other,
        };
        // Origin and path only: a teaching-mode GET may carry credentials in its query.
        let url = request.url.split(['?', '#']).next().unwrap_or_default();
        let reach = probe::reach(url, PROBE_MS).await;
        let found = if probe::relay_healthy(DEFAULT_RELAY, PROBE_MS).await {
            Some(DEFAULT_RELAY.to_string())
        } else {
            None
        };
        self.relay_found.try_set(found);
        Err(TransportError::Network { detail, reach })
    }
}
