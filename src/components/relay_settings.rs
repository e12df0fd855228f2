use crate::components::Toggle;
use leptos::prelude::*;

/// Live mode's relay: "Relay URL" (a cc-relay that sends live requests from a server, where
/// CORS does not apply and the browser's `Origin` is not forwarded) and "Keep Origin (SPA
/// client)" (the relay forwards this page's `Origin`, which Microsoft Entra requires of SPA
/// clients, AADSTS9002327).
#[component]
pub fn RelaySettings(
    /// "Relay URL" as typed (empty: live requests go directly).
    relay: RwSignal<String>,
    /// "Keep Origin (SPA client)".
    keep_origin: RwSignal<bool>,
    /// Why the Relay URL cannot be used (completes "The Relay URL …"), if it cannot.
    #[prop(into)]
    invalid: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <details class="more relay-settings" open>
            <summary>"Relay for servers without CORS"<span class="muted">" — cc-relay, Keep Origin"</span></summary>
            <div class="form">
                <div class="field">
                    <label for="relay-url">"Relay URL"</label>
                    <input
                        id="relay-url"
                        type="text"
                        inputmode="url"
                        placeholder="http://127.0.0.1:8787"
                        spellcheck="false"
                        autocomplete="off"
                        aria-describedby="relay-url-hint"
                        aria-invalid=move || invalid.with(Option::is_some).then_some("true")
                        bind:value=relay
                    />
                    <p class="field__hint" id="relay-url-hint">
                        "Optional: live requests (token, discovery, JWKS, introspection, API) go through this cc-relay, which sees them whole. `cargo xtask serve` starts one at http://127.0.0.1:8787."
                    </p>
                    <p class="field__error" role="alert" hidden=move || invalid.with(Option::is_none)>
                        {move || invalid.get().map(|why| format!("The Relay URL {why}; live requests are not sent until it is fixed or cleared."))}
                    </p>
                </div>
                <Toggle checked=keep_origin label="Keep Origin (SPA client)" />
            </div>
        </details>
    }
}
