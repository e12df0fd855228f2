use super::fields::{field_error, field_id, invalid_attr, text_field};
use crate::oauth::assertion::JwtAlg;
use crate::oauth::draft::{Field, FieldError};
use crate::oauth::prefill::LockField;
use crate::oauth::types::AuthMethod;
use crate::state::AppState;
use leptos::prelude::*;

/// The token request form's main fields: Token URL, Client ID, Client secret, Client
/// authentication, Scope. Each field shows its own validation messages beneath it.
#[component]
pub fn RequestForm(
    /// The app state whose form signals the fields read and write.
    state: AppState,
    /// Current validation errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// "Generate demo key" was pressed.
    #[prop(into)]
    on_generate_key: Callback<()>,
) -> impl IntoView {
    let AppState {
        token_url,
        client_id,
        client_secret,
        auth,
        scope,
        reveal,
        private_key,
        jwt_alg,
        assertion_lifetime,
        kid,
        demo_public_jwk,
        ..
    } = state;
    let error_for = move |field: Field| field_error(field, errors);
    let invalid = move |field: Field| invalid_attr(field, errors);
    let text_field = move |field, value, placeholder, hint| {
        text_field(field, value, placeholder, hint, errors, state.locked)
    };
    let secret_id = field_id(Field::ClientSecret);
    view! {
        <form class="form" on:submit=|ev| ev.prevent_default() aria-label="Token request">
            {text_field(Field::TokenUrl, token_url, "https://authorization-server.example/oauth2/token", "The authorization server's token endpoint (RFC 6749 §3.2).")}
            {text_field(Field::ClientId, client_id, "my_client_id_123", "Issued when the client was registered (RFC 6749 §2.2).")}
            <div class="field">
                <label for=secret_id>"Client secret"</label>
                <div class="field__row">
                    <input
                        id=secret_id
                        type=move || if reveal.get() { "text" } else { "password" }
                        disabled=move || !auth.get().uses_secret()
                        spellcheck="false"
                        autocomplete="new-password"
                        aria-invalid=invalid(Field::ClientSecret)
                        aria-describedby=format!("{secret_id}-error")
                        bind:value=client_secret
                    />
                    <button
                        type="button"
                        class="button button--quiet"
                        aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)
                    >
                        {move || if reveal.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                {error_for(Field::ClientSecret)}
            </div>
            <div class="field">
                <label for="client-auth">"Client authentication"</label>
                <select
                    id="client-auth"
                    aria-describedby="client-auth-hint"
                    disabled=move || state.is_locked(LockField::Auth)
                    on:change=move |ev| {
                        if let Some(method) = AuthMethod::parse(&event_target_value(&ev)) {
                            auth.set(method);
                        }
                    }
                >
                    {AuthMethod::ALL
                        .into_iter()
                        .map(|m| {
                            view! {
                                <option value=m.as_str() selected=move || auth.get() == m>
                                    {m.as_str()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="field__hint" id="client-auth-hint">{move || auth.get().describe()}</p>
            </div>
            <div class="jwt" hidden=move || !auth.get().uses_assertion()>
                <div class="field" hidden=move || auth.get() != AuthMethod::PrivateKeyJwt>
                    <label for="jwt-alg">"Signing algorithm"</label>
                    <select
                        id="jwt-alg"
                        on:change=move |ev| {
                            if let Some(alg) = JwtAlg::parse(&event_target_value(&ev)) {
                                jwt_alg.set(alg);
                            }
                        }
                    >
                        {JwtAlg::ASYMMETRIC
                            .into_iter()
                            .map(|a| view! {
                                <option value=a.as_str() selected=move || jwt_alg.get() == a>{a.as_str()}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field" hidden=move || auth.get() != AuthMethod::PrivateKeyJwt>
                    <label for="private-key">"Private key"</label>
                    <textarea
                        id="private-key"
                        rows="4"
                        spellcheck="false"
                        autocomplete="off"
                        class:masked=move || !reveal.get()
                        placeholder="-----BEGIN PRIVATE KEY----- … or a private JWK {\"kty\": …}"
                        aria-invalid=invalid(Field::PrivateKey)
                        aria-describedby="private-key-error private-key-hint"
                        prop:value=move || private_key.get()
                        on:input=move |ev| private_key.set(event_target_value(&ev))
                    ></textarea>
                    <div class="field__row">
                        <button type="button" class="button button--small" on:click=move |_| on_generate_key.run(())>
                            "Generate demo key"
                        </button>
                        <p class="field__hint" id="private-key-hint">"PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) or JWK. Signed in the browser with WebCrypto; never stored."</p>
                    </div>
                    <details class="public-jwk" hidden=move || demo_public_jwk.with(Option::is_none)>
                        <summary>"Public JWK to register with the authorization server"</summary>
                        <pre class="http">{move || demo_public_jwk.get().unwrap_or_default()}</pre>
                    </details>
                </div>
                {error_for(Field::PrivateKey)}
                <div class="field__row">
                    <div class="field">
                        <label for="kid">"Key ID (kid)"</label>
                        <input id="kid" type="text" spellcheck="false" autocomplete="off" placeholder="optional" bind:value=kid />
                    </div>
                    <div class="field">
                        <label for="assertion-lifetime">"Assertion lifetime"</label>
                        <input
                            id="assertion-lifetime"
                            type="text"
                            inputmode="numeric"
                            aria-invalid=invalid(Field::AssertionLifetime)
                            aria-describedby="assertion-lifetime-error"
                            bind:value=assertion_lifetime
                        />
                    </div>
                </div>
                {error_for(Field::AssertionLifetime)}
            </div>
            {text_field(Field::Scope, scope, "orders:read orders:write", "Space-separated; left out of the request when empty (RFC 6749 §3.3).")}
            <ul class="chips" aria-label="Requested scopes" hidden=move || scope.with(|s| s.trim().is_empty())>
                {move || {
                    scope
                        .get()
                        .split_whitespace()
                        .map(|t| view! { <li class="chip">{t.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}
