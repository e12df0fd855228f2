use crate::components::Toggle;
use crate::hooks::use_clipboard;
use crate::oauth::prefill::{EMBED_HEIGHT, embed_snippet, share_link};
use leptos::prelude::*;

/// Share, embed and keep: a link with the current configuration (secrets stripped — including
/// secret-bearing parts of the Token URL — and what was stripped listed before copying), the iframe snippet for documentation pages, the
/// opt-in to remember the secret in this tab, "clear all secrets" and "reset".
#[component]
pub fn SharePanel(
    /// The page's URL without query or fragment (where links point).
    #[prop(into)]
    page_url: String,
    /// The share-link query of the current configuration, for a link (`false`) or an embed
    /// (`true`); read reactively.
    share_query: impl Fn(bool) -> String + Copy + Send + Sync + 'static,
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
    let link = Memo::new(move |_| page.with_value(|p| share_link(p, &share_query(false))));
    let snippet = Memo::new(move |_| {
        page.with_value(|p| {
            embed_snippet(
                p,
                &share_query(true),
                "OAuth 2.0 client credentials playground",
                EMBED_HEIGHT,
            )
        })
    });
    let copy_link = use_clipboard();
    let copy_snippet = use_clipboard();
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
                <div class="field">
                    <label for="embed-snippet">"Embed in documentation (iframe)"</label>
                    <textarea id="embed-snippet" rows="5" readonly spellcheck="false" prop:value=move || snippet.get()></textarea>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| copy_snippet.copy.run(snippet.get_untracked())>
                            {copy_snippet.label("Copy snippet")}
                        </button>
                    </div>
                    <p class="field__hint">"Add origin=<your docs origin> to the iframe's URL to receive postMessage events. The access token is only included after the reader ticks \"Send the token to <your docs origin>\" inside the playground; see README, Configuration by URL."</p>
                </div>
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
