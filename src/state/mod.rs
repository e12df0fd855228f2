//! Reactive glue, in feature slices: each slice is a small `Copy` struct of the signals of one
//! feature, with the actions of that feature; an action takes the other slices it needs as
//! arguments. Components receive the slice (or the signals) they use, never the whole state.
//!
//! Data flows one way: form fields → [`Draft`](crate::oauth::draft::Draft) → validated
//! request (memo) → raw view; Send → transport → parse → [`Exchange`] → inspector.
//!
//! - [`form`]: the composer's fields, draft and validated memos, "Show secrets".
//! - [`exchange`]: the send action, attempt ids, history, automatic renewal.
//! - [`net`]: simulated or live, the timeout, and `dispatch` (every request goes through it).
//! - [`simulator`]: the simulated server's settings, the server and its signing key.
//! - [`inspector`]: JWKS URL, signature verification, introspection.
//! - [`discovery`]: issuer and metadata discovery.
//! - [`api`]: calling an API with the token.
//! - [`dpop`]: the DPoP key, the previewed proof and the servers' nonces (RFC 9449).
//! - [`shell`]: theme, notices, lock, embed, origins, remember-the-secret.
//! - [`openapi`]: OpenAPI import.
//! - [`config`]: start-up, persistence and sharing; [`host`]: messages with an embedding page.

pub mod api;
mod config;
pub mod discovery;
pub mod dpop;
pub mod exchange;
pub mod form;
mod host;
pub mod inspector;
pub mod net;
pub mod openapi;
mod retry;
mod scenario;
pub mod shell;
pub mod simulator;

pub use api::{ApiExchange, ApiState, DEFAULT_API_URL};
pub use config::{Startup, has_startup_input, startup};
pub use discovery::{Discovery, DiscoveryState};
pub use dpop::DpopState;
pub use exchange::{
    Exchange, ExchangeState, HISTORY_LIMIT, HistoryEntry, RenewalNote, SendContext,
};
pub use form::{FieldContext, FormState};
pub use host::{HostInbox, INBOX_LIMIT};
pub use inspector::{InspectorState, Verification, jwks_fallback};
pub use net::{DEFAULT_TIMEOUT_SECS, NetState};
pub use openapi::{Import, OpenApiState};
pub use shell::ShellState;
pub use simulator::{SimulatorState, parse_latency, parse_lifetime, parse_skew};

use crate::oauth::draft::Draft;
use crate::transport::Mode;
use leptos::prelude::{RwSignal, Set, Signal};

/// All application state: one handle per slice, cheap to copy into closures. Only the
/// composition root ([`crate::App`]) holds it whole.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The composer.
    pub form: FormState,
    /// The token request's sends.
    pub exchange: ExchangeState,
    /// Simulated or live, and the timeout.
    pub net: NetState,
    /// The simulated server.
    pub sim: SimulatorState,
    /// Verification and introspection of the latest token.
    pub inspector: InspectorState,
    /// Metadata discovery.
    pub discovery: DiscoveryState,
    /// The API call.
    pub api: ApiState,
    /// Theme, notices, lock, embed, origins.
    pub shell: ShellState,
    /// OpenAPI import.
    pub openapi: OpenApiState,
    /// DPoP (RFC 9449): the key, the preview proof, the nonces.
    pub dpop: DpopState,
}

impl AppState {
    /// State initialised from `draft` (the built-in example on first open).
    pub fn new(draft: Draft, mode: Mode, seed: u64) -> Self {
        let form = FormState::new(draft);
        let sim = SimulatorState::new(seed);
        Self {
            form,
            exchange: ExchangeState::new(),
            net: NetState::new(mode, sim, form.composer_key()),
            sim,
            inspector: InspectorState::new(),
            discovery: DiscoveryState::new(),
            api: ApiState::new(),
            shell: ShellState::new(),
            openapi: OpenApiState::new(),
            dpop: DpopState::new(form.dpop),
        }
    }

    /// Starts what runs in the background from the first paint on (the `screen` chunk,
    /// [`crate::chunks::background_view`]): signing the client assertion and the DPoP preview
    /// as the form changes, the simulated server's signing key, saving the configuration,
    /// clearing a stale API answer, automatic renewal, and the messages with an embedding page
    /// (events out with the user's `confirmed` origins, `resize`, `set-theme` in). Nothing here
    /// is needed to compose a request or to press Send: a send signs what it sends itself.
    pub fn start_background(
        self,
        now: Signal<u64>,
        confirmed: RwSignal<Vec<String>>,
        inbox: HostInbox,
    ) {
        self.form.sign_assertions();
        self.dpop.start(self.form.validated);
        self.sim.start_signing();
        self.persist();
        self.api.clear_on_new_token(self.exchange.exchange);
        self.listen_to_host(inbox);
        self.exchange.renew_when_due(now, self.send_context());
        self.post_events_to_host(now, confirmed);
        self.post_height_to_host(now);
    }

    /// What a send needs beyond the exchange slice.
    pub fn send_context(self) -> SendContext {
        SendContext {
            form: self.form,
            net: self.net,
            inspector: self.inspector,
            dpop: self.dpop,
        }
    }

    /// Sends the current request ([`ExchangeState::send`]).
    pub fn send(self) {
        self.exchange.send(self.send_context());
    }

    /// Runs metadata discovery for the issuer typed ([`DiscoveryState::discover`]), whose code is
    /// a lazily loaded chunk: a chunk that does not download is a failed discovery that says so.
    pub fn discover(self) {
        let discovery = self.discovery.discovery;
        leptos::task::spawn_local(async move {
            if crate::chunks::discover(self).await.is_err() {
                discovery.set(Discovery::Failed(format!(
                    "The page {}. Press Discover to try again.",
                    crate::lazy::missing_code("discovery")
                )));
            }
        });
    }

    /// Verifies the latest token's signature ([`InspectorState::verify_token`]).
    pub fn verify_token(self) {
        self.inspector.verify_token(self.exchange, self.net);
    }

    /// Introspects the latest token at the discovered endpoint ([`InspectorState::introspect`]).
    pub fn introspect(self) {
        let endpoint = leptos::prelude::untrack(|| self.discovery.introspection_endpoint());
        self.inspector.introspect(endpoint, self.exchange, self.net);
    }

    /// Calls the API with the latest token ([`ApiState::call`]).
    pub fn call_api(self) {
        let token = self
            .exchange
            .latest_token()
            .map(|t| (t, self.exchange.latest_is_dpop()));
        self.api.call(token, self.net, self.dpop);
    }

    /// Calls the API as a thief who copied the latest token but not its DPoP key would:
    /// `Authorization: Bearer`, no proof (the "Stolen DPoP token" scenario, RFC 9449 §7.2).
    pub fn call_api_without_key(self) {
        let token = self.exchange.latest_token().map(|t| (t, false));
        self.api.call(token, self.net, self.dpop);
    }
}
