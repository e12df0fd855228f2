use super::meta::{badge, meta};
use crate::oauth::cors::diagnose;
use crate::oauth::draft::EXAMPLE_CLIENT_ID;
use crate::oauth::export::{Language, SecretStyle, export};
use crate::state::Exchange;
use crate::transport::TransportError;
use leptos::prelude::*;

/// No response: why, the likely causes (the CORS doctor for a network error), the same request
/// as curl, and a retry with the simulated server — offering the example client when the
/// simulated server does not know the one typed (it would answer `invalid_client`).
/// `page_origin`: this page's origin (for the CORS diagnosis); `client_known`: whether the
/// simulated server knows the client typed (id and secret).
pub(super) fn no_response(
    exchange: Signal<Option<Exchange>>,
    page_origin: StoredValue<String>,
    client_known: Signal<bool>,
    on_retry_simulated: Callback<()>,
    on_retry_example: Callback<()>,
) -> impl IntoView {
    // Static for one exchange: no reactive reads inside, so nothing to leave behind.
    let failure = move || {
        exchange.with(|ex| {
            let ex = ex.as_ref()?;
            let Err(error) = &ex.result else { return None };
            let causes = match error {
                TransportError::Network(_) => page_origin.with_value(|origin| diagnose(&ex.request, origin))
                    .into_iter()
                    .map(|c| view! {
                        <li><strong>{c.title}</strong>" — "{c.detail}<br/><span class="muted">{c.fix}</span></li>
                    })
                    .collect_view()
                    .into_any(),
                other => other
                    .likely_causes()
                    .iter()
                    .map(|c| view! { <li>{*c}</li> })
                    .collect_view()
                    .into_any(),
            };
            let curl = matches!(error, TransportError::Network(_) | TransportError::Timeout(_))
                .then(|| export(&ex.request, Language::Curl, SecretStyle::EnvVars));
            Some(view! {
                <p>{error.to_string()}</p>
                <ol class="causes">{causes}</ol>
                {curl.map(|c| view! {
                    <p>"The same request outside the browser (no CORS there):"</p>
                    <pre class="http" role="region" aria-label="curl equivalent" tabindex="0">{c}</pre>
                })}
            })
        })
    };
    view! {
        <p class="response__meta">{badge(exchange)}<span class="status status--error">"No response"</span><span class="muted">{meta(exchange)}</span></p>
        <div class="notice notice--error" role="alert">
            {failure}
            <p class="retry">
                <button type="button" class="button button--small" on:click=move |_| on_retry_simulated.run(())>
                    "Retry with the simulated server"
                </button>
                <span class="retry__example" hidden=move || client_known.get()>
                    <span class="muted">{format!("The simulated server knows one client, {EXAMPLE_CLIENT_ID}: this one would get invalid_client. ")}</span>
                    <button type="button" class="button button--small" on:click=move |_| on_retry_example.run(())>
                        "Use the example client and retry"
                    </button>
                </span>
            </p>
        </div>
    }
}
