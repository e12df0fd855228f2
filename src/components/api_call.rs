//! "Call the API with the token"; the call's result is in `api_call/result.rs`.

mod result;

use crate::state::ApiExchange;
use leptos::prelude::*;
use result::api_result;

/// Calls an API with the access token (`Authorization: Bearer`, RFC 6750 §2.1) and explains a
/// `WWW-Authenticate: Bearer` refusal (RFC 6750 §3).
#[component]
pub fn ApiCall(
    /// "API URL".
    url: RwSignal<String>,
    /// "Method".
    method: RwSignal<String>,
    /// "Body" (sent for methods other than GET).
    body: RwSignal<String>,
    /// The latest call.
    #[prop(into)]
    exchange: Signal<Option<ApiExchange>>,
    /// Why a call could not start.
    #[prop(into)]
    blocked: Signal<Option<String>>,
    /// Whether a token is available.
    #[prop(into)]
    has_token: Signal<bool>,
    /// Whether secrets (the token) are shown in clear.
    #[prop(into)]
    reveal: Signal<bool>,
    /// "Call API" was pressed.
    #[prop(into)]
    on_call: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="api-title">
            <header class="panel__header"><h2 id="api-title">"Call the API with the token"</h2></header>
            <div class="field__row">
                <div class="field field--narrow">
                    <label for="api-method">"Method"</label>
                    <select id="api-method" on:change=move |ev| method.set(event_target_value(&ev))>
                        {["GET", "POST", "PUT", "PATCH", "DELETE"].into_iter().map(|m| view! {
                            <option value=m selected=move || method.get() == m>{m}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field--grow">
                    <label for="api-url">"API URL"</label>
                    <input id="api-url" type="text" spellcheck="false" autocomplete="off" bind:value=url />
                </div>
            </div>
            <div class="field" hidden=move || method.with(|m| m == "GET")>
                <label for="api-body">"Body"</label>
                <textarea id="api-body" rows="3" spellcheck="false" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" class="button" disabled=move || !has_token.get() on:click=move |_| on_call.run(())>
                    "Call API"
                </button>
                <span class="muted" hidden=move || has_token.get()>"Get a token first."</span>
            </div>
            <p class="notice notice--error" role="alert" hidden=move || blocked.with(Option::is_none)>{move || blocked.get()}</p>
            {api_result(exchange, reveal)}
        </section>
    }
}
