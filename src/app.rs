//! The composition root: creates the state, wires keyboard shortcuts, lays out the panels.

use crate::components::{
    ApiCall, AssertionView, CodeExport, DemoPanel, DiscoveryField, Findings, HostTokenConsent,
    JwtInspector, ModeSwitch, MoreParameters, Notices, OpenApiImport, RawRequest, RequestForm,
    ResponseView, ServerLog, SharePanel, SimulatorSettings, ThemeSwitch, TokenHistory, TokenView,
};
use crate::hooks::{now_ms, use_now};
use crate::oauth::lint::lint;
use crate::oauth::prefill::LockField;
use crate::oauth::request::TokenRequest;
use crate::oauth::response::scope_difference;
use crate::oauth::token::clock_skew_secs;
use crate::state::{AppState, Discovery, startup};
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
    provide_context(state);
    state.sign_assertions();
    state.start_simulator_signing();
    state.apply_simulator_settings();
    state.apply_theme();
    state.persist();
    state.listen_to_host();
    let now = use_now(500);
    state.renew_when_due(now.into());
    let host_consent = state.post_events_to_host(now.into());
    if startup.prefill.issuer.is_some() {
        state.discover();
    }
    // embed=1: the compact layout for documentation iframes (style/embed.css).
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root
                .class_list()
                .toggle_with_force("embed", state.embed.get());
        }
    });

    // Ctrl+Enter / Cmd+Enter sends from anywhere on the page.
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) && !e.repeat() {
            e.prevent_default();
            state.send();
        } else if e.alt_key() && e.code() == "KeyT" && !e.repeat() {
            e.prevent_default();
            state.cycle_theme();
        }
    });
    on_cleanup(move || keys.remove());

    let reveal = state.reveal;
    let wire_request = Signal::derive(move || {
        state
            .validated
            .with(|v| v.as_ref().ok().map(TokenRequest::to_http))
    });
    let findings = Memo::new(move |_| {
        state
            .draft
            .with(|d| state.validated.with(|v| lint(d, v.as_ref().ok())))
    });
    let exchange = state.exchange;
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
    let errors = state.errors();
    let location = window().location();
    let page_origin = location.origin().unwrap_or_default();
    let page_url = format!("{page_origin}{}", location.pathname().unwrap_or_default());
    let full_link = {
        let page_url = page_url.clone();
        move || crate::oauth::prefill::share_link(&page_url, &state.share_query(false))
    };
    let mode = state.mode;

    view! {
        <header class="topbar">
            <div class="topbar__title">
                <h1>"Client Credentials Playground"</h1>
                <p class="muted">"OAuth 2.0 client credentials grant — RFC 6749 §4.4"</p>
            </div>
            <a class="embed-only button button--quiet" href=full_link target="_blank" rel="noopener noreferrer">"Open full playground"</a>
            <ThemeSwitch theme=state.theme />
            <ModeSwitch mode=mode timeout=state.timeout locked=Signal::derive(move || state.is_locked(LockField::Mode)) />
        </header>
        <Notices notices=state.notices />
        <DemoPanel state=state />
        <main class="layout">
            <section class="panel panel--form" aria-labelledby="form-title">
                <header class="panel__header"><h2 id="form-title">"Compose"</h2></header>
                <DiscoveryField
                    issuer=state.issuer
                    discovery=state.discovery
                    on_discover=move |()| state.discover()
                    locked=Signal::derive(move || state.is_locked(LockField::Issuer))
                />
                <RequestForm state=state errors=errors on_generate_key=move |()| state.generate_demo_key() />
                <div class="actions">
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=move |_| state.send()
                        aria-keyshortcuts="Control+Enter Meta+Enter"
                    >
                        {move || if mode.get() == Mode::Simulated { "Send to simulated server" } else { "Send to token URL" }}
                    </button>
                    <span class="muted"><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd></span>
                </div>
                <p class="notice notice--error" role="alert" hidden=move || state.send_blocked.with(Option::is_none)>
                    {move || state.send_blocked.get()}
                </p>
                <HostTokenConsent offers=host_consent.offers confirmed=host_consent.confirmed />
                <MoreParameters state=state errors=errors />
                <OpenApiImport state=state />
                <SharePanel state=state page_url=page_url />
                <div hidden=move || mode.get() != Mode::Simulated>
                    <SimulatorSettings state=state />
                </div>
            </section>
            <div class="column">
                <RawRequest request=wire_request errors=errors reveal=reveal mode=mode />
                <AssertionView assertion=state.assertion shown=Signal::derive(move || state.auth.get().uses_assertion()) />
                <Findings findings=findings />
                <CodeExport request=wire_request />
            </div>
            <div class="column">
                <ResponseView
                    exchange=exchange
                    sending=state.sending
                    page_origin=page_origin
                    reveal=reveal
                    on_retry_simulated=move |()| {
                        state.mode.set(Mode::Simulated);
                        state.send();
                    }
                />
                <ServerLog lines=Signal::derive(move || if mode.get() == Mode::Simulated { state.server_log.get() } else { Vec::new() }) />
                <TokenView
                    outcome=outcome
                    now=now
                    reveal=reveal
                    auto_renew=state.auto_renew
                    on_renew=move |()| state.send()
                    renew_at=state.renew_at
                    clock_skew=Signal::derive(move || exchange.with(|ex| {
                        let ex = ex.as_ref()?;
                        let response = ex.result.as_ref().ok()?;
                        let received = ex.issued.as_ref()?.received_at_ms;
                        clock_skew_secs(response.header("date")?, received)
                    }))
                />
                <TokenHistory entries=state.history />
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
                    issuer=Signal::derive(move || state.discovery.with(|d| match d {
                        Discovery::Found { metadata, .. } => Some(metadata.issuer.clone()),
                        _ => None,
                    }))
                    jwks_url=state.jwks_url
                    verification=state.verification
                    on_verify=move |()| state.verify_token()
                    introspection_endpoint=Signal::derive(move || state.introspection_endpoint())
                    introspection=state.introspection
                    on_introspect=move |()| state.introspect()
                />
                <ApiCall
                    url=state.api_url
                    method=state.api_method
                    body=state.api_body
                    exchange=state.api_exchange
                    blocked=state.api_blocked
                    has_token=Signal::derive(move || exchange.with(|ex| ex.as_ref().is_some_and(|e| e.issued.is_some())))
                    reveal=reveal
                    on_call=move |()| state.call_api()
                />
            </div>
        </main>
    }
}
