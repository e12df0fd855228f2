use super::fields::{field_error, field_id, invalid_attr, options};
use crate::components::{DpopSettings, HIDDEN_WHILE_PRESENTING, TextField};
use crate::oauth::assertion::JwtAlg;
use crate::oauth::draft::Field;
use crate::oauth::prefill::LockField;
use crate::oauth::types::AuthMethod;
use crate::state::{DpopState, FieldContext, FormState};
use leptos::prelude::*;

/// The token request form's main fields: Token URL, Client ID, Client secret, Client
/// authentication, DPoP, Scope. Each field shows its own validation messages beneath it.
#[component]
pub fn RequestForm(
    /// The form whose signals the fields read and write (errors and locks come from the
    /// [`FieldContext`] context).
    form: FormState,
    /// Presenter mode: "Show" is off, with the reason as its title.
    #[prop(into, optional)]
    presenting: Signal<bool>,
    /// "Use DPoP (RFC 9449)" and its key.
    dpop: DpopState,
) -> impl IntoView {
    let fields = use_context::<FieldContext>().expect("FieldContext");
    let FormState { auth, scope, .. } = form;
    view! {
        <form class="form" on:submit=|ev| ev.prevent_default() aria-label="Token request">
            <TextField field=Field::TokenUrl value=form.token_url placeholder="https://authorization-server.example/oauth2/token" hint="The authorization server's token endpoint (RFC 6749 §3.2)." />
            <TextField field=Field::ClientId value=form.client_id placeholder="my_client_id_123" hint="Issued when the client was registered (RFC 6749 §2.2)." />
            {client_secret(form, fields, presenting)}
            <div class="field">
                <label for="client-auth">"Client authentication"</label>
                <select
                    id="client-auth"
                    aria-describedby="client-auth-hint"
                    disabled=move || fields.is_locked(LockField::Auth)
                    on:change=move |ev| {
                        if let Some(method) = AuthMethod::parse(&event_target_value(&ev)) {
                            auth.set(method);
                        }
                    }
                >
                    {options(AuthMethod::ALL, AuthMethod::as_str, AuthMethod::as_str, move |m| auth.get() == m)}
                </select>
                <p class="field__hint" id="client-auth-hint">{move || auth.get().describe()}</p>
            </div>
            {crate::lazy::lazy_quiet("the JWT client authentication fields", crate::chunks::preload_assertion_fields, move || {
                crate::lazy::ready_now(crate::chunks::assertion_fields_view(form, fields))
            })}
            <DpopSettings dpop=dpop reveal=form.reveal />
            <TextField field=Field::Scope value=scope placeholder="orders:read orders:write" hint="Space-separated; left out of the request when empty (RFC 6749 §3.3)." />
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

/// "Client secret" with its Show/Hide button (disabled for methods without a secret, and
/// while presenting, saying why).
fn client_secret(form: FormState, fields: FieldContext, presenting: Signal<bool>) -> impl IntoView {
    let FormState {
        client_secret,
        auth,
        reveal,
        ..
    } = form;
    let secret_id = field_id(Field::ClientSecret);
    view! {
        <div class="field">
            <label for=secret_id>"Client secret"</label>
            <div class="field__row">
                <input
                    id=secret_id
                    type=move || if reveal.get() { "text" } else { "password" }
                    disabled=move || !auth.get().uses_secret()
                    spellcheck="false"
                    autocomplete="new-password"
                    aria-invalid=invalid_attr(Field::ClientSecret, fields.errors)
                    aria-describedby=format!("{secret_id}-error")
                    bind:value=client_secret
                />
                <button
                    type="button"
                    class="button button--quiet"
                    aria-pressed=move || reveal.get().to_string()
                    disabled=move || presenting.get()
                    title=move || presenting.get().then_some(HIDDEN_WHILE_PRESENTING)
                    on:click=move |_| reveal.update(|r| *r = !*r)
                >
                    {move || if reveal.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            {field_error(Field::ClientSecret, fields.errors)}
        </div>
    }
}

/// The JWT client authentication fields (RFC 7523): algorithm, private key, kid, lifetime
/// (hidden for the other methods; the `screen` chunk, [`crate::chunks::assertion_fields_view`]).
pub(crate) fn assertion_fields(
    form: FormState,
    fields: FieldContext,
    on_generate_key: Callback<()>,
) -> impl IntoView {
    let FormState {
        auth,
        reveal,
        private_key,
        jwt_alg,
        assertion_lifetime,
        kid,
        demo_public_jwk,
        ..
    } = form;
    let errors = fields.errors;
    view! {
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
                    {options(JwtAlg::ASYMMETRIC, JwtAlg::as_str, JwtAlg::as_str, move |a| jwt_alg.get() == a)}
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
                    aria-invalid=invalid_attr(Field::PrivateKey, errors)
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
            {field_error(Field::PrivateKey, errors)}
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
                        aria-invalid=invalid_attr(Field::AssertionLifetime, errors)
                        aria-describedby="assertion-lifetime-error"
                        bind:value=assertion_lifetime
                    />
                </div>
            </div>
            {field_error(Field::AssertionLifetime, errors)}
        </div>
    }
}
