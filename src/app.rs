//! The composition root: creates the state slices, wires keyboard shortcuts, lays out the
//! panels, and hands each component the slice or signals it uses.

use crate::chunks::{
    api_call_view, code_export_view, demo_view, findings_view, inspector_view, openapi_view,
    preload_api_call, preload_code_export, preload_demo, preload_findings, preload_inspector,
    preload_openapi, preload_relay_settings, preload_server_log, preload_share,
    preload_simulator_settings, preload_token_history, relay_settings_view, server_log_view,
    share_view, simulator_settings_view, token_history_view,
};
use crate::components::{
    DiscoveryField, DpopBinding, DpopNonceRound, ModeSwitch, RawRequest, RequestForm, ResponseView,
    ThemeSwitch, TokenView,
};
use crate::hooks::{now_ms, use_now};
use crate::lazy::{lazy, lazy_optional, lazy_quiet, ready_now};
use crate::oauth::dpop::DPOP_HEADER;
use crate::oauth::prefill::LockField;
use crate::oauth::request::DPOP_PENDING_VALUE;
use crate::oauth::response::scope_difference;
use crate::oauth::token::clock_skew_secs;
use crate::state::{AppState, FieldContext, Startup, startup};
use crate::transport::Mode;
use leptos::ev;
use leptos::prelude::*;

/// Client Credentials Playground, reading what it starts with at once ([`startup`]: the
/// browser tests' entry point). The page itself starts with [`crate::start`], which loads the
/// reader only when there is something to read.
#[component]
pub fn App() -> impl IntoView {
    playground(startup())
}

/// The playground, from what [`startup`] read (the URL, the stable prefill contract, wins over
/// the saved configuration).
pub fn playground(startup: Startup) -> impl IntoView {
    let seed = now_ms() ^ (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let state = AppState::new(startup.draft.clone(), startup.mode, seed);
    state.apply_startup(&startup);
    let fields = FieldContext {
        errors: state.form.errors(),
        locked: state.shell.locked,
    };
    provide_context(fields);
    let net_mode = state.net.mode;
    state.shell.apply_to_root();
    let now = use_now(500);
    state.exchange.provide_renewal_note();
    // The origins the user confirmed a token may go to ("Send the token to …"): empty on
    // every page load, never read from the URL, a host message or storage, never stored.
    let confirmed = RwSignal::new(Vec::<String>::new());
    let inbox = state.open_host_inbox();
    // The chunk of the mode in use, right after the first paint (and the other's on a switch).
    crate::hooks::effect(move || match net_mode.get() {
        Mode::Simulated => crate::lazy::prefetch(crate::chunks::preload_simulator),
        Mode::Live => crate::lazy::prefetch(crate::chunks::preload_live),
    });
    if startup.prefill.issuer.is_some() {
        state.discover();
    }

    // Ctrl+Enter / Cmd+Enter sends from anywhere on the page — not while a send is in flight
    // (the Send button is disabled then too).
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) && !e.repeat() {
            e.prevent_default();
            if !state.exchange.sending.get_untracked() {
                state.send();
            }
        } else if e.alt_key() && e.code() == "KeyT" && !e.repeat() {
            e.prevent_default();
            state.shell.cycle_theme();
        }
    });
    on_cleanup(move || keys.remove());
    // Back online: features whose code did not download try again.
    let online = window_event_listener(ev::online, |_| crate::lazy::retry_failed());
    on_cleanup(move || online.remove());

    let location = window().location();
    let page_origin = location.origin().unwrap_or_default();
    let page_url = format!("{page_origin}{}", location.pathname().unwrap_or_default());
    let (net, shell) = (state.net, state.shell);

    view! {
        <header class="topbar">
            <div class="topbar__title">
                <h1>"Client Credentials Playground"</h1>
                <p class="muted">"OAuth 2.0 client credentials grant — RFC 6749 §4.4"</p>
            </div>
            {
                let page_url = StoredValue::new(page_url.clone());
                lazy_optional("the link to the full playground", crate::chunks::preload_full_link, move || {
                    ready_now(crate::chunks::full_link_view(state, page_url.get_value()))
                })
            }
            <ThemeSwitch theme=shell.theme />
            <ModeSwitch mode=net.mode timeout=net.timeout locked=Signal::derive(move || fields.is_locked(LockField::Mode)) />
        </header>
        {lazy_quiet("the notices", crate::chunks::preload_notices, move || ready_now(crate::chunks::notices_view(shell.notices)))}
        {
            lazy_quiet("saving, renewal and host messages", crate::chunks::preload_background, move || {
                ready_now(crate::chunks::background_view(state, now.into(), confirmed, inbox))
            })
        }
        {lazy("demo mode", preload_demo, move || ready_now(demo_view(state, now)))}
        <main class="layout">
            {compose_panel(state, fields, confirmed, page_url)}
            // The request column from the `screen` chunk, right after the first paint.
            {lazy("the raw request", crate::chunks::preload_request_column, move || ready_now(crate::chunks::request_column_view(state, fields)))}
            {
                let page_origin = StoredValue::new(page_origin);
                lazy("the response panels", crate::chunks::preload_response, move || {
                    ready_now(crate::chunks::response_column_view(state, now, page_origin.get_value()))
                })
            }
        </main>
    }
}

/// The "Compose" panel: discovery, the form, Send, and the settings disclosures.
fn compose_panel(
    state: AppState,
    fields: FieldContext,
    confirmed: RwSignal<Vec<String>>,
    page_url: String,
) -> impl IntoView {
    let AppState {
        form,
        exchange,
        net,
        shell,
        ..
    } = state;
    let mode = net.mode;
    view! {
        <section class="panel panel--form" aria-labelledby="form-title">
            <header class="panel__header"><h2 id="form-title">"Compose"</h2></header>
            <DiscoveryField
                issuer=state.discovery.issuer
                discovery=state.discovery.discovery
                on_discover=move |()| state.discover()
                locked=Signal::derive(move || fields.is_locked(LockField::Issuer))
            />
            {lazy_quiet("the example URL notice", crate::chunks::preload_example_url_notice, move || ready_now(crate::chunks::example_url_notice_view(mode, form.token_url)))}
            <RequestForm form=form presenting=shell.presenter dpop=state.dpop />
            <div class="actions">
                // Busy while a send is in flight (a slow or simulated-latency server): disabled,
                // `aria-busy`, and says so.
                <button
                    type="button"
                    class="button button--primary"
                    on:click=move |_| state.send()
                    aria-keyshortcuts="Control+Enter Meta+Enter"
                    disabled=move || exchange.sending.get()
                    aria-busy=move || exchange.sending.get().to_string()
                >
                    {move || match (exchange.sending.get(), mode.get()) {
                        (true, _) => "Sending…",
                        (false, Mode::Simulated) => "Send to simulated server",
                        (false, Mode::Live) => "Send to token URL",
                    }}
                </button>
                <span class="muted"><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd></span>
            </div>
            <p class="notice notice--error" role="alert" hidden=move || exchange.send_blocked.with(Option::is_none)>
                {move || exchange.send_blocked.get()}
            </p>
            {lazy("the scenario banner", crate::chunks::preload_scenario_banner, move || ready_now(crate::chunks::scenario_banner_view(state)))}
            {
                lazy_quiet("the token consent", crate::chunks::preload_host_consent, move || ready_now(crate::chunks::host_consent_view(state, confirmed)))
            }
            {lazy("more parameters", crate::chunks::preload_more_parameters, move || ready_now(crate::chunks::more_parameters_view(form)))}
            {lazy("OpenAPI import", preload_openapi, move || ready_now(openapi_view(state)))}
            {
                let page_url = StoredValue::new(page_url);
                lazy("share links", preload_share, move || ready_now(share_view(state, page_url.get_value())))
            }
            <div hidden=move || mode.get() != Mode::Simulated>
                {lazy("simulator settings", preload_simulator_settings, move || ready_now(simulator_settings_view(state)))}
            </div>
            <div hidden=move || mode.get() != Mode::Live>
                {lazy("relay settings", preload_relay_settings, move || ready_now(relay_settings_view(state)))}
            </div>
        </section>
    }
}

/// The middle column: the request on the wire, the client assertion, findings, code export.
pub(crate) fn request_column(state: AppState, fields: FieldContext) -> impl IntoView {
    let (form, preview) = (state.form, state.dpop.preview);
    // With DPoP on, the previewed proof (re-signed when the URL or method changes).
    let wire_request = Signal::derive(move || {
        form.validated.with(|v| {
            let r = v.as_ref().ok()?;
            Some(match preview.get().filter(|_| r.dpop.is_on()) {
                Some(proof) => r.with_dpop_proof(proof).to_http(),
                None => r.to_http(),
            })
        })
    });
    let proof = Signal::derive(move || {
        wire_request.with(|r| {
            r.as_ref()?
                .header(DPOP_HEADER)
                .filter(|p| *p != DPOP_PENDING_VALUE)
                .map(str::to_string)
        })
    });
    let errors = fields.errors;
    view! {
        <div class="column">
            <RawRequest
                request=wire_request
                errors=errors
                reveal=form.reveal
                presenting=state.shell.presenter
                mode=state.net.mode
                relay=Signal::derive(move || state.net.hop_note())
            />
            {lazy("the decoded DPoP proof", crate::chunks::preload_dpop_proof, move || ready_now(crate::chunks::dpop_proof_view(proof)))}
            {lazy("the client assertion", crate::chunks::preload_assertion, move || ready_now(crate::chunks::assertion_view(form)))}
            {lazy("findings", preload_findings, move || ready_now(findings_view(state)))}
            {lazy("code export", preload_code_export, move || ready_now(code_export_view(wire_request)))}
        </div>
    }
}

/// The right column: the response, the server log, the token, its history, the inspector and
/// the API call (the `response` chunk: [`crate::chunks::response_column_view`]).
pub(crate) fn response_column(
    state: AppState,
    now: ReadSignal<u64>,
    page_origin: String,
) -> impl IntoView {
    let AppState {
        form,
        exchange: sends,
        ..
    } = state;
    let (reveal, exchange) = (form.reveal, sends.exchange);
    let outcome = Memo::new(move |_| {
        exchange.with(|ex| {
            ex.as_ref().and_then(|ex| {
                let scope_note = ex.issued.as_ref().and_then(|t| {
                    scope_difference(ex.token_request.scope.tokens(), t.response.scope.as_deref())
                });
                Some((ex.outcome.clone()?, ex.issued.clone(), scope_note))
            })
        })
    });
    view! {
        <div class="column">
            <DpopNonceRound
                round=Signal::derive(move || exchange.with(|ex| ex.as_ref().and_then(|ex| ex.nonce_round.clone())))
                note=Signal::derive(move || exchange.with(|ex| ex.as_ref().and_then(|ex| ex.dpop_note.clone())))
                reveal=reveal
                what="token request"
            />
            {response_view(state, page_origin)}
            {lazy("server log", preload_server_log, move || ready_now(server_log_view(state)))}
            <TokenView
                outcome=outcome
                now=now
                reveal=reveal
                auto_renew=sends.auto_renew
                on_renew=move |()| state.send()
                renew_at=sends.renew_at
                clock_skew=Signal::derive(move || exchange.with(|ex| {
                    let ex = ex.as_ref()?;
                    let response = ex.result.as_ref().ok()?;
                    let received = ex.issued.as_ref()?.received_at_ms;
                    clock_skew_secs(response.header("date")?, received)
                }))
            />
            <DpopBinding
                token=Signal::derive(move || exchange.with(|ex| {
                    let t = ex.as_ref()?.issued.as_ref()?;
                    Some((t.response.access_token.expose().to_string(), t.response.token_type.clone()))
                }))
                introspection=state.inspector.introspection
                thumbprint=Signal::derive(move || state.dpop.info.with(|i| i.as_ref().map(|i| i.thumbprint.clone())))
            />
            {lazy("token history", preload_token_history, move || ready_now(token_history_view(state)))}
            {lazy("JWT inspector", preload_inspector, move || ready_now(inspector_view(state, now)))}
            {lazy("API call", preload_api_call, move || ready_now(api_call_view(state)))}
        </div>
    }
}

/// The response panel, with its retries: with the simulated server, and through the relay.
fn response_view(state: AppState, page_origin: String) -> impl IntoView {
    let (net, sends) = (state.net, state.exchange);
    view! {
        <ResponseView
            exchange=sends.exchange
            sending=sends.sending
            page_origin=page_origin
            reveal=state.form.reveal
            client_known=Signal::derive(move || state.simulator_knows_client())
            on_retry_simulated=move |()| state.retry_simulated()
            on_retry_example=move |()| state.retry_with_example_client()
            relay_available=Signal::derive(move || {
                matches!(net.route(), Ok(Some(_))) || net.relay_found.with(Option::is_some)
            })
            on_retry_relay=move |()| {
                net.use_found_relay();
                state.send();
            }
        />
    }
}
