//! The composition root: creates the state slices, wires keyboard shortcuts, lays out the
//! panels, and hands each component the slice or signals it uses.

use crate::components::{
    ApiCall, AssertionView, CodeExport, DemoPanel, DiscoveryField, DpopBinding, DpopNonceRound,
    DpopProofView, Findings, HostTokenConsent, JwtInspector, ModeSwitch, MoreParameters, Notices,
    OpenApiImport, RawRequest, RelaySettings, RequestForm, ResponseView, ScenarioBanner, ServerLog,
    SharePanel, SimulatorSettings, ThemeSwitch, TokenHistory, TokenView, example_url_notice,
};
use crate::hooks::{now_ms, use_now};
use crate::oauth::demo::Scenario;
use crate::oauth::dpop::DPOP_HEADER;
use crate::oauth::lint::{lint, lint_dpop};
use crate::oauth::prefill::{LockField, ShareOptions, stripped};
use crate::oauth::request::DPOP_PENDING_VALUE;
use crate::oauth::response::scope_difference;
use crate::oauth::token::clock_skew_secs;
use crate::state::{AppState, Discovery, FieldContext, HostConsent, startup};
use crate::transport::Mode;
use leptos::ev;
use leptos::prelude::*;

/// Client Credentials Playground.
#[component]
pub fn App() -> impl IntoView {
    let seed = now_ms() ^ (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    // The URL (the stable prefill contract) wins over the saved configuration.
    let startup = startup();
    let state = AppState::new(startup.draft.clone(), startup.mode, seed);
    state.apply_startup(&startup);
    let fields = FieldContext {
        errors: state.form.errors(),
        locked: state.shell.locked,
    };
    provide_context(fields);
    state.form.sign_assertions();
    state.dpop.start(state.form.validated);
    state.sim.start_signing();
    state.sim.apply_settings();
    state.shell.apply_to_root();
    state.persist();
    state.api.clear_on_new_token(state.exchange.exchange);
    state.listen_to_host();
    let now = use_now(500);
    state
        .exchange
        .renew_when_due(now.into(), state.send_context());
    let host_consent = state.post_events_to_host(now.into());
    state.post_height_to_host(now.into());
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

    let location = window().location();
    let page_origin = location.origin().unwrap_or_default();
    let page_url = format!("{page_origin}{}", location.pathname().unwrap_or_default());
    let full_link = {
        let page_url = page_url.clone();
        move || crate::oauth::prefill::share_link(&page_url, &state.share_query(false))
    };
    let (net, shell) = (state.net, state.shell);

    view! {
        <header class="topbar">
            <div class="topbar__title">
                <h1>"Client Credentials Playground"</h1>
                <p class="muted">"OAuth 2.0 client credentials grant — RFC 6749 §4.4"</p>
            </div>
            <a class="embed-only button button--quiet" href=full_link target="_blank" rel="noopener noreferrer">"Open full playground"</a>
            <ThemeSwitch theme=shell.theme />
            <ModeSwitch mode=net.mode timeout=net.timeout locked=Signal::derive(move || fields.is_locked(LockField::Mode)) />
        </header>
        <Notices notices=shell.notices />
        <DemoPanel
            form=state.form
            exchange=state.exchange
            api=state.api
            presenter=shell.presenter
            active=Signal::derive(move || state.sim.scenario.with(|o| o.as_ref().and_then(|o| Scenario::find(o.id))))
            now=now
            on_send=move || state.send()
            on_call_api=move |without_key| if without_key { state.call_api_without_key() } else { state.call_api() }
            on_scenario=move |s| state.apply_scenario(s)
            on_end_scenario=move || state.end_scenario()
        />
        <main class="layout">
            {compose_panel(state, fields, host_consent, page_url)}
            {request_column(state, fields)}
            {response_column(state, now, page_origin)}
        </main>
    }
}

/// The "Compose" panel: discovery, the form, Send, and the settings disclosures.
fn compose_panel(
    state: AppState,
    fields: FieldContext,
    host_consent: HostConsent,
    page_url: String,
) -> impl IntoView {
    let AppState {
        form,
        exchange,
        net,
        shell,
        openapi,
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
            {example_url_notice(mode, form.token_url)}
            <RequestForm form=form presenting=shell.presenter on_generate_key=move |()| form.generate_demo_key() dpop=state.dpop />
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
            <ScenarioBanner
                scenario=state.sim.scenario
                current=Signal::derive(move || state.sim.current_settings())
                auto_renew=exchange.auto_renew
                on_end=Callback::new(move |()| state.end_scenario())
            />
            <HostTokenConsent offers=host_consent.offers confirmed=host_consent.confirmed />
            <MoreParameters form=form />
            <OpenApiImport
                import=openapi
                token_url=form.token_url
                scope=form.scope
                on_load=move || openapi.load(net.timeout_secs())
            />
            <SharePanel
                page_url=page_url
                options=move |embed| state.share_options(embed)
                query=move |o: &ShareOptions| state.share_query_with(o)
                left_out=Memo::new(move |_| form.draft.with(stripped))
                remember_secret=shell.remember_secret
                on_clear=move || state.clear_secrets()
                on_reset=move || state.reset_config()
            />
            <div hidden=move || mode.get() != Mode::Simulated>
                <SimulatorSettings sim=state.sim />
            </div>
            <div hidden=move || mode.get() != Mode::Live>
                <RelaySettings relay=net.relay keep_origin=net.keep_origin invalid=Signal::derive(move || net.route().err()) />
            </div>
        </section>
    }
}

/// The middle column: the request on the wire, the client assertion, findings, code export.
fn request_column(state: AppState, fields: FieldContext) -> impl IntoView {
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
    let record = state.dpop.record;
    let findings = Memo::new(move |_| {
        let mut all = form
            .draft
            .with(|d| form.validated.with(|v| lint(d, v.as_ref().ok())));
        all.extend(record.with(lint_dpop));
        all
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
            <section class="panel" aria-labelledby="dpop-proof-title" hidden=move || proof.with(Option::is_none)>
                <header class="panel__header">
                    <h2 id="dpop-proof-title">"DPoP proof (decoded)"</h2>
                    <span class="muted">"a fresh jti and iat are signed for every send"</span>
                </header>
                <DpopProofView proof=proof label="Decoded DPoP proof" />
            </section>
            <AssertionView assertion=form.assertion shown=Signal::derive(move || form.auth.get().uses_assertion()) />
            <Findings findings=findings />
            <CodeExport request=wire_request />
        </div>
    }
}

/// The right column: the response, the server log, the token, its history, the inspector and
/// the API call.
fn response_column(state: AppState, now: ReadSignal<u64>, page_origin: String) -> impl IntoView {
    let AppState {
        form,
        exchange: sends,
        net,
        api,
        ..
    } = state;
    let (reveal, mode, exchange) = (form.reveal, net.mode, sends.exchange);
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
            <ServerLog lines=Signal::derive(move || if mode.get() == Mode::Simulated { state.sim.server_log.get() } else { Vec::new() }) />
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
            <TokenHistory entries=sends.history />
            {inspector_panel(state, now)}
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

/// The JWT inspector of the latest access token: claims, signature check against the JWKS, and
/// introspection (RFC 7662) when discovery found an endpoint.
fn inspector_panel(state: AppState, now: ReadSignal<u64>) -> impl IntoView {
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
