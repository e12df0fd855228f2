use crate::state::Verification;
use leptos::prelude::*;

/// "JWKS URL" with Verify, and the outcome of the signature check (RFC 7515 §5.2 with a key of
/// the issuer's JWKS, RFC 7517).
/// `jwks_url`: "JWKS URL" (or a pasted JWKS); `fallback`: the JWKS used when it is empty (the
/// simulated server's, in simulated mode); `on_verify`: "Verify" was pressed.
pub(super) fn signature_check(
    jwks_url: RwSignal<String>,
    fallback: Signal<Option<String>>,
    verification: Signal<Verification>,
    on_verify: Callback<()>,
) -> impl IntoView {
    let status = move || {
        match verification.get() {
        Verification::NotChecked => view! { <span class="muted">"Not verified yet."</span> }.into_any(),
        Verification::Checking => view! { <span class="muted">"Verifying…"</span> }.into_any(),
        Verification::Verified { kid, jwks_url } => {
            let kid = kid.map(|k| format!("{k:?}")).unwrap_or_else(|| "(no kid)".into());
            view! { <span class="check check--pass">{format!("✓ Signature verified with key {kid} from {jwks_url}")}</span> }.into_any()
        }
        Verification::BadSignature => view! {
            <span class="check check--fail" role="alert">"✗ Bad signature: the token was altered or signed with another key."</span>
        }
        .into_any(),
        Verification::Problem(why) => view! { <span class="check check--warn" role="alert">{format!("! {why}")}</span> }.into_any(),
    }
    };
    let hint = move || match fallback.get() {
        Some(url) => format!(
            "From discovery, typed, or paste the JWKS JSON itself. Empty: the simulated server's JWKS ({url})."
        ),
        None => "From discovery, typed, or paste the JWKS JSON itself.".to_string(),
    };
    let nothing_to_use =
        move || jwks_url.with(|u| u.trim().is_empty()) && fallback.with(Option::is_none);
    view! {
        <label for="jwks-url">"JWKS URL"</label>
        <p class="field__hint" id="jwks-url-hint">{hint}</p>
        <div class="field__row">
            <input
                id="jwks-url"
                type="text"
                spellcheck="false"
                autocomplete="off"
                aria-describedby="jwks-url-hint"
                placeholder=move || fallback.get().unwrap_or_else(|| "https://authorization-server.example/jwks".into())
                bind:value=jwks_url
            />
            <button type="button" class="button" disabled=nothing_to_use on:click=move |_| on_verify.run(())>"Verify"</button>
        </div>
        <p aria-live="polite" class="signature">{status}</p>
    }
}
