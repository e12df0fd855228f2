use crate::components::Toggle;
use crate::state::dpop::DpopState;
use leptos::prelude::*;

/// "Use DPoP (RFC 9449)" and, when on, the key its proofs are signed with: generated in the
/// page (non-extractable, a new one on every reload or on "New key") or a private JWK typed
/// in "DPoP private key (JWK)" (a secret: masked unless revealed, never saved). Shows the
/// public key's RFC 7638 thumbprint, which a DPoP-bound token names in `cnf.jkt`.
#[component]
pub fn DpopSettings(
    /// The DPoP slice.
    dpop: DpopState,
    /// "Show secrets" (unmasks the typed private key).
    #[prop(into)]
    reveal: Signal<bool>,
) -> impl IntoView {
    let enabled = dpop.enabled;
    view! {
        <div class="field dpop">
            <Toggle label="Use DPoP (RFC 9449)" checked=enabled />
            <p class="field__hint">"Sender-constrained tokens: every token request and API call carries a fresh proof signed with this page's key (RFC 9449 §4)."</p>
            {crate::lazy::lazy_quiet("the DPoP key", crate::chunks::preload_dpop_key, move || {
                crate::lazy::ready_now(crate::chunks::dpop_key_view(dpop, reveal))
            })}
        </div>
    }
}

/// The DPoP key, shown while DPoP is on: where it comes from, its thumbprint, "New key", the
/// public JWK and "DPoP private key (JWK)" (the `screen` chunk, [`crate::chunks::dpop_key_view`]).
pub(crate) fn dpop_key(dpop: DpopState, reveal: Signal<bool>) -> impl IntoView {
    let DpopState {
        enabled,
        key_text,
        info,
        key_error,
        ..
    } = dpop;
    let source = move || {
        info.with(|i| match i {
            Some(i) if i.generated => format!(
                "{} key generated in this page; its private half cannot be exported and is gone on reload.",
                i.alg
            ),
            Some(i) => format!("{} key imported from the JWK below (never saved).", i.alg),
            None => "Preparing the key…".to_string(),
        })
    };
    view! {
        <div class="dpop__key" hidden=move || !enabled.get()>
            <p class="muted">{source}</p>
            <p class="dpop__thumbprint">
                "Key thumbprint (RFC 7638, jkt): "
                <code data-testid="dpop-thumbprint">{move || info.with(|i| i.as_ref().map(|i| i.thumbprint.clone()).unwrap_or_default())}</code>
            </p>
            <div class="field__row">
                <button type="button" class="button button--small" on:click=move |_| dpop.new_key()>"New key"</button>
            </div>
            <details class="public-jwk">
                <summary>"Public JWK (sent in every proof's header)"</summary>
                <pre class="http">{move || info.with(|i| i.as_ref().map(|i| i.public_jwk.clone()).unwrap_or_default())}</pre>
            </details>
            <label for="dpop-private-key">"DPoP private key (JWK)"</label>
            <textarea
                id="dpop-private-key"
                rows="3"
                spellcheck="false"
                autocomplete="off"
                class:masked=move || !reveal.get()
                placeholder="optional: a private JWK {\"kty\": \"EC\", \"crv\": \"P-256\", …, \"d\": …}; empty uses the generated key"
                aria-invalid=move || key_error.with(Option::is_some).to_string()
                aria-describedby="dpop-private-key-error"
                prop:value=move || key_text.get()
                on:input=move |ev| key_text.set(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id="dpop-private-key-error" role="alert" hidden=move || key_error.with(Option::is_none)>
                {move || key_error.get()}
            </p>
        </div>
    }
}
