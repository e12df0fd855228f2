use crate::components::{EmbedBuilder, Toggle};
use crate::hooks::use_clipboard;
use crate::oauth::prefill::{ShareOptions, share_link};
use leptos::prelude::*;

/// Share, embed and keep: a link with the current configuration (secrets stripped — including
/// secret-bearing parts of the Token URL — and what was stripped listed before copying), the
/// iframe snippet for documentation pages with its controls ([`EmbedBuilder`]), the opt-in to remember the secret in this tab, "clear all secrets" and "reset".
#[component]
pub fn SharePanel(
    /// The page's URL without query or fragment (where links point).
    #[prop(into)]
    page_url: String,
    /// The page's current share options, for a link (`false`) or an embed (`true`); read
    /// reactively.
    options: impl Fn(bool) -> ShareOptions + Copy + Send + Sync + 'static,
    /// The share-link query of the form with the given options.
    query: impl Fn(&ShareOptions) -> String + Copy + Send + Sync + 'static,
    /// What is left out of the link (secrets).
    left_out: Memo<Vec<String>>,
    /// "Remember the credential in this tab".
    remember_secret: RwSignal<bool>,
    /// "Clear all secrets" was pressed.
    on_clear: impl Fn() + Copy + 'static,
    /// "Reset to defaults" was pressed.
    on_reset: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let page = StoredValue::new(page_url);
    let link = Memo::new(move |_| page.with_value(|p| share_link(p, &query(&options(false)))));
    let copy_link = use_clipboard();
    view! {
        <details class="more share">
            <summary>"Share, embed, save"<span class="muted">" — link without secrets, iframe snippet, reset"</span></summary>
            <div class="form">
                <div class="field">
                    <label for="share-link">"Share link"</label>
                    <div class="field__row">
                        <input id="share-link" type="text" readonly prop:value=move || link.get() aria-describedby="share-left-out" />
                        <button type="button" class="button" on:click=move |_| copy_link.copy.run(link.get_untracked())>
                            {copy_link.label("Copy link")}
                        </button>
                    </div>
                    <ul class="field__hint" id="share-left-out" aria-label="Left out of the link">
                        {move || {
                            let items = left_out.get();
                            if items.is_empty() {
                                vec![view! { <li>"Nothing secret is in this configuration."</li> }.into_any()]
                            } else {
                                items.into_iter().map(|s| view! { <li>{s}</li> }.into_any()).collect()
                            }
                        }}
                    </ul>
                </div>
                <EmbedBuilder page=page current=move || options(true) query=query />
                <Toggle checked=remember_secret label="Remember the credential in this tab (sessionStorage; gone when the tab closes)" />
                <p class="field__hint">"It is filled in again only for this Token URL and Client ID: a link to another token URL or client opens without it."</p>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| on_clear()>"Clear all secrets"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| on_reset()>"Reset to defaults"</button>
                </div>
                <p class="field__hint">"The configuration (never the secret or key) is saved in this browser's localStorage and restored on reload."</p>
            </div>
        </details>
    }
}
