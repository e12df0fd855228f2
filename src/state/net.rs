//! The request path's slice: simulated or live, the live timeout, and the one place every
//! action sends a request from ([`NetState::dispatch`]).

use super::simulator::{ComposerKey, SimulatorState};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::transport::{self, Fetched, Mode, TransportError};
use leptos::prelude::*;

/// Default live request timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 15;

/// Where requests go, and how long a live one may take.
#[derive(Clone, Copy)]
pub struct NetState {
    /// Simulated or live sending.
    pub mode: RwSignal<Mode>,
    /// Live request timeout in seconds, as typed.
    pub timeout: RwSignal<String>,
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

    /// The simulated server's JWKS, read directly ([`SimulatorState::jwks_document`]).
    pub fn simulated_jwks(self) -> Option<Vec<u8>> {
        self.sim.jwks_document()
    }

    /// Sends one request on the chosen path; `what` names what is fetched (for messages). With
    /// `supersede`, a live request in flight from an earlier send is aborted first (only the
    /// latest send counts). `None` once unmounted.
    pub async fn dispatch(
        self,
        request: &HttpRequest,
        what: Fetched,
        mode: Mode,
        supersede: bool,
    ) -> Option<Result<HttpResponse, TransportError>> {
        match mode {
            Mode::Simulated => {
                self.sim
                    .answer(request, self.key, move || self.timeout_secs())
                    .await
            }
            Mode::Live => {
                let controller = transport::abort_controller()?;
                if supersede
                    && let Some(Some(previous)) = self
                        .in_flight
                        .try_update_value(|c| c.replace(controller.clone()))
                {
                    previous.abort();
                }
                Some(transport::fetch(request, what, self.timeout_secs(), controller).await)
            }
        }
    }
}
