use crate::hooks::use_clipboard;
use crate::oauth::cors::diagnose_with;
use crate::oauth::export::{Language, SecretStyle, export};
use crate::state::Exchange;
use crate::transport::TransportError;
use leptos::prelude::*;

/// Why the latest send got no response (the "CORS doctor"): the error, its likely causes told
/// apart by the `no-cors` probe (CORS refusal, nothing listening, DNS, TLS — `oauth::cors`),
/// the same request as curl with a Copy button, and one-click retries: through the relay (when
/// a direct send failed and a relay is set or was found), or with the simulated server.
#[component]
pub fn CorsDoctor(
    /// The latest exchange (its result is an error while this is shown).
    #[prop(into)]
    exchange: Signal<Option<Exchange>>,
    /// This page's origin (for the CORS diagnosis).
    page_origin: String,
    /// A relay is set (Relay URL) or answers at the default address.
    #[prop(into)]
    relay_available: Signal<bool>,
    /// "Retry through the relay" was pressed.
    #[prop(into)]
    on_retry_relay: Callback<()>,
    /// "Retry with the simulated server" was pressed.
    #[prop(into)]
    on_retry_simulated: Callback<()>,
) -> impl IntoView {
    let page_origin = StoredValue::new(page_origin);
    let clipboard = use_clipboard();
    // Stable nodes for what changes between failures (curl, the relay retry): a new send
    // creates and disposes no reactive node (tests/memory.rs).
    let curl = Memo::new(move |_| {
        exchange.with(|ex| {
            let ex = ex.as_ref()?;
            matches!(
                ex.result,
                Err(TransportError::Network { .. } | TransportError::Timeout(_))
            )
            .then(|| export(&ex.request, Language::Curl, SecretStyle::EnvVars))
        })
    });
    let direct_network_failure = Memo::new(move |_| {
        exchange.with(|ex| {
            ex.as_ref().is_some_and(|ex| {
                ex.relay.is_none() && matches!(ex.result, Err(TransportError::Network { .. }))
            })
        })
    });
    // Static for one exchange: no reactive reads inside, so nothing to leave behind.
    let failure = move || {
        exchange.with(|ex| {
            let ex = ex.as_ref()?;
            page_origin.with_value(|origin| failure_view(ex, origin))
        })
    };
    view! {
        <div class="notice notice--error" role="alert">
            {failure}
            <div hidden=move || curl.with(Option::is_none)>
                <p>"The same request outside the browser (no CORS there):"</p>
                <pre class="http" role="region" aria-label="curl equivalent" tabindex="0">{move || curl.get()}</pre>
                <button type="button" class="button button--small" on:click=move |_| {
                    if let Some(text) = curl.get_untracked() {
                        clipboard.copy.run(text);
                    }
                }>
                    {clipboard.label("Copy curl")}
                </button>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="button button--small"
                    hidden=move || !(direct_network_failure.get() && relay_available.get())
                    on:click=move |_| on_retry_relay.run(())
                >
                    "Retry through the relay"
                </button>
                <button type="button" class="button button--small" on:click=move |_| on_retry_simulated.run(())>
                    "Retry with the simulated server"
                </button>
            </div>
        </div>
    }
}

/// The error and its likely causes, most likely first (for a network failure, diagnosed from
/// the request and the probe by `oauth::cors::diagnose_with`).
fn failure_view(ex: &Exchange, page_origin: &str) -> Option<AnyView> {
    let Err(error) = &ex.result else { return None };
    let causes = match error {
        TransportError::Network { reach, .. } => diagnose_with(&ex.request, page_origin, *reach)
            .into_iter()
            .map(|c| {
                view! {
                    <li><strong>{c.title}</strong>" — "{c.detail}<br/><span class="muted">{c.fix}</span></li>
                }
            })
            .collect_view()
            .into_any(),
        other => other
            .likely_causes()
            .into_iter()
            .map(|c| view! { <li>{c}</li> })
            .collect_view()
            .into_any(),
    };
    Some(
        view! {
            <p>{error.to_string()}</p>
            <ol class="causes">{causes}</ol>
        }
        .into_any(),
    )
}
