//! "Issuer" with Discover, and what discovery found (`discovery_field/found.rs`).

mod found;

use crate::state::Discovery;
pub(crate) use found::discovered_metadata;
use leptos::prelude::*;

/// "Issuer" with a Discover button: fetches the server's metadata (RFC 8414) and fills the
/// token URL; shows what was found and how it fits the request.
#[component]
pub fn DiscoveryField(
    /// "Issuer" as typed.
    issuer: RwSignal<String>,
    /// The discovery state.
    #[prop(into)]
    discovery: Signal<Discovery>,
    /// Discover was pressed.
    #[prop(into)]
    on_discover: Callback<()>,
    /// Read-only (`lock=issuer`): the issuer cannot be changed, discovery still runs.
    #[prop(into, optional)]
    locked: Signal<bool>,
) -> impl IntoView {
    let status = move || match discovery.get() {
        Discovery::Idle => None,
        Discovery::Running => {
            Some(view! { <p class="muted" role="status">"Fetching metadata…"</p> }.into_any())
        }
        Discovery::Failed(why) => {
            Some(view! { <p class="field__error" role="alert">{why}</p> }.into_any())
        }
        Discovery::Found {
            url,
            metadata,
            warnings,
        } => {
            let found = StoredValue::new(Some((url, *metadata, warnings)));
            Some(
                crate::lazy::lazy(
                    "the discovered metadata",
                    crate::chunks::preload_discovered,
                    move || {
                        let (url, metadata, warnings) =
                            found.try_update_value(Option::take).flatten()?;
                        crate::lazy::ready_now(crate::chunks::discovered_view(
                            url, metadata, warnings,
                        ))
                    },
                )
                .into_any(),
            )
        }
    };
    view! {
        <div class="field">
            <label for="issuer">"Issuer"</label>
            <div class="field__row">
                <input
                    id="issuer"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="https://authorization-server.example"
                    aria-describedby="issuer-hint"
                    readonly=move || locked.get()
                    bind:value=issuer
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.ctrl_key() && !ev.meta_key() {
                            ev.prevent_default();
                            on_discover.run(());
                        }
                    }
                />
                <button
                    type="button"
                    class="button"
                    disabled=move || issuer.with(|i| i.trim().is_empty()) || discovery.with(|d| *d == Discovery::Running)
                    on:click=move |_| on_discover.run(())
                >
                    "Discover"
                </button>
            </div>
            <p class="field__hint" id="issuer-hint">"Optional: fetch the server's metadata (RFC 8414) to fill the token URL."</p>
            {status}
        </div>
    }
}
