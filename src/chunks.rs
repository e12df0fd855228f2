//! The split points of the app (issue 17): each feature below is its own wasm chunk in release
//! builds, fetched after first paint or when first shown (see `crate::lazy`). This file is the
//! chunk map: what is not reached from here is in the first load.
//!
//! Chunks: `startup` (reading the URL parameters, the saved configuration and the remembered
//! secret: fetched before the first render, and only when the page has one of them), `screen`
//! (the raw request with its notes; what the first screen hides until something happens, and the
//! work that runs in the background from the first paint on: the JWT fields, the DPoP key, the
//! notices, the token consent, the example-URL notice, the live timeout field, the embedded
//! page's link to the full playground; signing previews, saving, renewal, host messages),
//! `deferred` (everything else the page shows or does: the response and token panels, findings,
//! code export, token history, server log, JWT inspector, API call, more parameters, the client
//! assertion, the decoded DPoP proof, the simulated server, Send's checks and the send flow; the
//! closed disclosures: OpenAPI import, share and embed, simulator and relay settings, discovery;
//! demo mode) and `live` (live requests, the relay, the probes and the CORS doctor). `screen` and
//! `deferred` are fetched right after the first paint; `live` then too in live mode, or on the
//! switch to it. Code two chunks share goes to a shared chunk fetched with either.
//!
//! Why so few chunks: every split module is compressed on its own and links to the others
//! through imports, so each costs bytes; and the features grouped here are all fetched right
//! after the first paint anyway. Separate `settings` and `demo` chunks made 37 files in `dist/`
//! and 632 530 gzip bytes in all (51 files and 640 042 with a separate `background` chunk too);
//! three make 18 files and 608 049, with the same first load (`cargo xtask size`, issue 17).
//!
//! Each split point takes what its view needs by value (the state slices are `Copy` handles) and
//! builds the view inside the chunk, so the component's code and the texts only it uses travel
//! with the chunk.

use crate::components::response_view::Retries;
use crate::components::{
    ApiCall, AssertionView, CodeExport, CorsDoctor, DemoPanel, DpopProofView, Findings,
    HostTokenConsent, JwtInspector, MoreParameters, Notices, OpenApiImport, RelaySettings,
    ScenarioBanner, ServerLog, SharePanel, SimulatorSettings, TokenHistory, assertion_fields,
    discovered_metadata, dpop_key, example_url_notice, request_notes,
};
use crate::lazy::{split_fn, split_view};
use crate::oauth::demo::Scenario;
use crate::oauth::draft::FieldError;
use crate::oauth::http::HttpRequest;
use crate::oauth::http::HttpResponse;
use crate::oauth::lint::{lint, lint_dpop};
use crate::oauth::metadata::Accepted;
use crate::oauth::notices::Counted;
use crate::oauth::prefill::Notice;
use crate::oauth::prefill::{ShareOptions, stripped};
use crate::state::{AppState, Discovery, Exchange, FormState, NetState};
use crate::state::{DpopState, FieldContext, HostInbox};
use crate::transport::Mode;
use crate::transport::{Fetched, TransportError};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

split_view! {
    /// The right column: the response, the token with its countdown, and the panels below
    /// ([`crate::app::response_column`]); fetched after the first paint, before any answer.
    pub fn response_column_view / preload_response in deferred(state: AppState, now: ReadSignal<u64>, page_origin: String) {
        crate::app::response_column(state, now, page_origin)
    }
}

split_fn! {
    /// Reads what the page starts with ([`crate::state::startup`]): the URL parameters, the saved
    /// configuration and the remembered secret. Fetched before the first render, only when there
    /// is something to read ([`crate::state::has_startup_input`]).
    pub fn read_startup / preload_startup in startup() -> crate::state::Startup {
        crate::state::startup()
    }
}

split_view! {
    /// The middle column: the raw request and the panels under it ([`crate::app::request_column`]).
    pub fn request_column_view / preload_request_column in screen(state: AppState, fields: FieldContext) {
        crate::app::request_column(state, fields)
    }
}

split_view! {
    /// "Timeout (s)" beside the mode switch, for live requests.
    pub fn timeout_field_view / preload_timeout_field in screen(mode: RwSignal<Mode>, timeout: RwSignal<String>) {
        crate::components::timeout_field(mode, timeout)
    }
}

split_view! {
    /// What runs in the background from the first paint on ([`AppState::start_background`]):
    /// assertion and DPoP preview signing, the simulator's key, saving, renewal, host messages.
    pub fn background_view / preload_background in screen(state: AppState, now: Signal<u64>, confirmed: RwSignal<Vec<String>>, inbox: HostInbox) {
        state.start_background(now, confirmed, inbox);
    }
}

split_view! {
    /// "Open full playground" (shown only when embedded): this configuration in a new tab, no
    /// secrets ([`AppState::share_query`]).
    pub fn full_link_view / preload_full_link in screen(state: AppState, page_url: String) {
        let href = move || crate::oauth::prefill::share_link(&page_url, &state.share_query(false));
        view! {
            <a class="embed-only button button--quiet" href=href target="_blank" rel="noopener noreferrer">"Open full playground"</a>
        }
    }
}

split_view! {
    /// The notices about URL parameters, the saved configuration and host messages (shown only
    /// when there are some).
    pub fn notices_view / preload_notices in screen(notices: RwSignal<Vec<Counted<Notice>>>) {
        view! { <Notices notices=notices /> }
    }
}

split_view! {
    /// "Send the token to <origin>" (in a frame whose URL allows origins only).
    pub fn host_consent_view / preload_host_consent in screen(state: AppState, confirmed: RwSignal<Vec<String>>) {
        view! { <HostTokenConsent offers=state.token_offers() confirmed=confirmed /> }
    }
}

split_view! {
    /// In live mode, the notice that Token URL is still the example's.
    pub fn example_url_notice_view / preload_example_url_notice in screen(mode: RwSignal<Mode>, token_url: RwSignal<String>) {
        example_url_notice(mode, token_url)
    }
}

split_view! {
    /// The JWT client authentication fields (RFC 7523; private_key_jwt and client_secret_jwt).
    pub fn assertion_fields_view / preload_assertion_fields in screen(form: FormState, fields: FieldContext) {
        assertion_fields(form, fields, Callback::new(move |()| form.generate_demo_key()))
    }
}

split_view! {
    /// The DPoP key's details (while "Use DPoP" is on).
    pub fn dpop_key_view / preload_dpop_key in screen(dpop: DpopState, reveal: Signal<bool>) {
        dpop_key(dpop, reveal)
    }
}

split_view! {
    /// Under the raw request: headers the browser will not send, what live sending adds, and the
    /// errors that keep the request from rendering.
    pub fn request_notes_view / preload_request_notes in screen(
        unsent: Memo<Vec<String>>,
        mode: Signal<Mode>,
        relay: Signal<Option<String>>,
        errors: Signal<Vec<FieldError>>,
    ) {
        request_notes(unsent, mode, relay, errors)
    }
}

split_view! {
    /// What discovery found (RFC 8414 §2), under "Issuer".
    pub fn discovered_view / preload_discovered in deferred(url: String, metadata: Accepted, warnings: Vec<String>) {
        discovered_metadata(url, metadata, warnings)
    }
}

split_view! {
    /// "More parameters": audience, resource, extra parameters and headers, teaching mode.
    pub fn more_parameters_view / preload_more_parameters in deferred(form: FormState) {
        view! { <MoreParameters form=form /> }
    }
}

split_view! {
    /// The signed client assertion (JWT client authentication methods only).
    pub fn assertion_view / preload_assertion in deferred(form: FormState) {
        view! { <AssertionView assertion=form.assertion shown=Signal::derive(move || form.auth.get().uses_assertion()) /> }
    }
}

split_view! {
    /// The banner under Send while a guided scenario's server settings are in force.
    pub fn scenario_banner_view / preload_scenario_banner in deferred(state: AppState) {
        view! {
            <ScenarioBanner
                scenario=state.sim.scenario
                current=Signal::derive(move || state.sim.current_settings())
                auto_renew=state.exchange.auto_renew
                on_end=Callback::new(move |()| state.end_scenario())
            />
        }
    }
}

split_view! {
    /// The decoded DPoP proof of the previewed request (RFC 9449 §4.2), each claim explained.
    pub fn dpop_proof_view / preload_dpop_proof in deferred(proof: Signal<Option<String>>) {
        view! {
            <section class="panel" aria-labelledby="dpop-proof-title" hidden=move || proof.with(Option::is_none)>
                <header class="panel__header">
                    <h2 id="dpop-proof-title">"DPoP proof (decoded)"</h2>
                    <span class="muted">"a fresh jti and iat are signed for every send"</span>
                </header>
                <DpopProofView proof=proof label="Decoded DPoP proof" />
            </section>
        }
    }
}

split_view! {
    /// Code export in 11 languages .
    pub fn code_export_view / preload_code_export in deferred(request: Signal<Option<HttpRequest>>) {
        view! { <CodeExport request=request /> }
    }
}

split_view! {
    /// The linter's findings on the composed request .
    pub fn findings_view / preload_findings in deferred(state: AppState) {
        let (form, record) = (state.form, state.dpop.record);
        let findings = Memo::new(move |_| {
            let mut all = form
                .draft
                .with(|d| form.validated.with(|v| lint(d, v.as_ref().ok())));
            all.extend(record.with(lint_dpop));
            all
        });
        view! { <Findings findings=findings /> }
    }
}

split_view! {
    /// Demo mode: guided scenarios, presenter mode, the sequence diagram .
    pub fn demo_view / preload_demo in deferred(state: AppState, now: ReadSignal<u64>) {
        view! {
            <DemoPanel
                form=state.form
                exchange=state.exchange
                api=state.api
                presenter=state.shell.presenter
                active=Signal::derive(move || state.sim.scenario.with(|o| o.as_ref().and_then(|o| Scenario::find(o.id))))
                now=now
                on_send=move || state.send()
                on_call_api=move |without_key| if without_key { state.call_api_without_key() } else { state.call_api() }
                on_scenario=move |s| state.apply_scenario(s)
                on_end_scenario=move || state.end_scenario()
            />
        }
    }
}

split_view! {
    /// OpenAPI import with its YAML reader .
    pub fn openapi_view / preload_openapi in deferred(state: AppState) {
        let (openapi, form, net) = (state.openapi, state.form, state.net);
        view! {
            <OpenApiImport
                import=openapi
                token_url=form.token_url
                scope=form.scope
                on_load=move || openapi.load(net.timeout_secs())
            />
        }
    }
}

split_view! {
    /// Share links and the embed builder .
    pub fn share_view / preload_share in deferred(state: AppState, page_url: String) {
        let form = state.form;
        view! {
            <SharePanel
                page_url=page_url
                options=move |embed| state.share_options(embed)
                query=move |o: &ShareOptions| state.share_query_with(o)
                left_out=Memo::new(move |_| form.draft.with(stripped))
                remember_secret=state.shell.remember_secret
                on_clear=move || state.clear_secrets()
                on_reset=move || state.reset_config()
            />
        }
    }
}

split_view! {
    /// The simulated server's settings .
    pub fn simulator_settings_view / preload_simulator_settings in deferred(state: AppState) {
        view! { <SimulatorSettings sim=state.sim /> }
    }
}

split_view! {
    /// The simulated server's log .
    pub fn server_log_view / preload_server_log in deferred(state: AppState) {
        let mode = state.net.mode;
        view! {
            <ServerLog lines=Signal::derive(move || if mode.get() == Mode::Simulated { state.sim.server_log.get() } else { Vec::new() }) />
        }
    }
}

split_view! {
    /// The relay settings, live mode .
    pub fn relay_settings_view / preload_relay_settings in deferred(state: AppState) {
        let net = state.net;
        view! {
            <RelaySettings relay=net.relay keep_origin=net.keep_origin invalid=Signal::derive(move || net.route().err()) />
        }
    }
}

split_view! {
    /// The CORS doctor, when a live request got no response .
    pub(crate) fn cors_doctor_view / preload_cors_doctor in live(exchange: Signal<Option<Exchange>>, page_origin: String, retries: Retries) {
        view! {
            <CorsDoctor
                exchange=exchange
                page_origin=page_origin
                relay_available=retries.relay_available
                on_retry_relay=retries.on_retry_relay
                on_retry_simulated=retries.on_retry_simulated
            />
        }
    }
}

split_view! {
    /// The token history .
    pub fn token_history_view / preload_token_history in deferred(state: AppState) {
        view! { <TokenHistory entries=state.exchange.history /> }
    }
}

split_view! {
    /// The API call with the token .
    pub fn api_call_view / preload_api_call in deferred(state: AppState) {
        let (api, exchange, reveal) = (state.api, state.exchange.exchange, state.form.reveal);
        view! {
            <ApiCall
                url=api.url
                method=api.method
                body=api.body
                exchange=api.exchange
                blocked=api.blocked
                has_token=Signal::derive(move || exchange.with(|ex| ex.as_ref().is_some_and(|e| e.issued.is_some())))
                reveal=reveal
                on_call=move |()| state.call_api()
            />
        }
    }
}

split_view! {
    /// The JWT inspector of the latest access token: claims, signature check against the JWKS,
    /// and introspection (RFC 7662) when discovery found an endpoint .
    pub fn inspector_view / preload_inspector in deferred(state: AppState, now: ReadSignal<u64>) {
        let (exchange, inspector) = (state.exchange.exchange, state.inspector);
        view! {
            <JwtInspector
                token=Signal::derive(move || exchange.with(|ex| {
                    ex.as_ref().and_then(|ex| {
                        ex.issued.as_ref().map(|t| {
                            (
                                t.response.access_token.expose().to_string(),
                                ex.token_request.clone(),
                                t.expires_at_ms().map(|ms| (ms / 1000) as i64),
                            )
                        })
                    })
                }))
                now=now
                issuer=Signal::derive(move || state.discovery.discovery.with(|d| match d {
                    Discovery::Found { metadata, .. } => Some(metadata.issuer.clone()),
                    _ => None,
                }))
                jwks_url=inspector.jwks_url
                jwks_fallback=Signal::derive(move || crate::state::jwks_fallback(state.net.mode.get()))
                verification=inspector.verification
                on_verify=move |()| state.verify_token()
                introspection_endpoint=Signal::derive(move || state.discovery.introspection_endpoint())
                introspection=inspector.introspection
                on_introspect=move |()| state.introspect()
            />
        }
    }
}

/// A future made in a chunk (its code stays there), awaited by the caller.
pub type ChunkFuture<T> = Pin<Box<dyn Future<Output = T>>>;

split_fn! {
    /// The simulated authorization server: its HTTP parser, endpoints, client authentication,
    /// token issuance and signing ([`NetState::dispatch_simulated`]). Prefetched after the first
    /// paint, so the first Send does not wait.
    pub fn simulated_dispatch / preload_simulator in deferred(
        net: NetState,
        request: HttpRequest,
    ) -> ChunkFuture<Option<Result<HttpResponse, TransportError>>> {
        Box::pin(async move { net.dispatch_simulated(&request).await })
    }
}

split_fn! {
    /// Live requests: fetch, the relay, and the probes after a failure
    /// ([`NetState::dispatch_live`]). Prefetched after the first paint in live mode.
    pub fn live_dispatch / preload_live in live(
        net: NetState,
        request: HttpRequest,
        what: Fetched,
        supersede: bool,
    ) -> ChunkFuture<Option<Result<HttpResponse, TransportError>>> {
        Box::pin(async move { net.dispatch_live(&request, what, supersede).await })
    }
}

split_fn! {
    /// A send ([`crate::state::ExchangeState::send`]): its checks, then signing (client
    /// assertion, DPoP proof), the path, the nonce retry, reading and recording the answer
    /// ([`crate::state::ExchangeState::checked_send`]).
    pub fn send / preload_send in deferred(
        exchange: crate::state::ExchangeState,
        cx: crate::state::SendContext,
    ) -> () {
        exchange.checked_send(cx)
    }
}

split_fn! {
    /// DPoP: generates (or imports) the key chosen ([`crate::state::DpopState::choose_key`]).
    pub fn dpop_use_key / preload_dpop_use_key in deferred(
        dpop: crate::state::DpopState,
        text: String,
        fresh: bool,
        mine: u64,
    ) -> ChunkFuture<()> {
        Box::pin(dpop.choose_key(text, fresh, mine))
    }
}

split_fn! {
    /// DPoP: signs the previewed proof for the raw view (RFC 9449 §4.2), `None` when it cannot.
    pub fn dpop_preview_proof / preload_dpop_preview_proof in deferred(
        dpop: crate::state::DpopState,
        method: String,
        url: String,
    ) -> ChunkFuture<Option<String>> {
        Box::pin(async move { dpop.proof(&method, &url, None).await.ok() })
    }
}

split_fn! {
    /// Metadata discovery (RFC 8414, OpenID Connect Discovery): fetching, the issuer check and
    /// filling the form ([`crate::state::DiscoveryState::discover`]).
    pub fn discover / preload_discover in deferred(state: AppState) -> () {
        state
            .discovery
            .discover(state.form, state.inspector, state.exchange, state.net)
    }
}

split_fn! {
    /// Verifies the latest access token's signature against the JWKS
    /// ([`crate::state::InspectorState::verify_token`]).
    pub fn verify_token / preload_verify_token in deferred(
        inspector: crate::state::InspectorState,
        exchange: crate::state::ExchangeState,
        net: crate::state::NetState,
    ) -> () {
        inspector.verify_token(exchange, net)
    }
}
