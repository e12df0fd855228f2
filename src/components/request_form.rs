use crate::oauth::draft::{Field, FieldError};
use crate::oauth::types::AuthMethod;
use leptos::prelude::*;

/// The token request form: Token URL, Client ID, Client secret, Client authentication, Scope.
/// Each field shows its own validation messages beneath it.
#[component]
pub fn RequestForm(
    /// "Token URL".
    token_url: RwSignal<String>,
    /// "Client ID".
    client_id: RwSignal<String>,
    /// "Client secret".
    client_secret: RwSignal<String>,
    /// "Client authentication".
    auth: RwSignal<AuthMethod>,
    /// "Scope".
    scope: RwSignal<String>,
    /// Whether the secret is shown in clear.
    reveal: RwSignal<bool>,
    /// Current validation errors.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let error_for = move |field: Field| {
        let id = format!("{}-error", field_id(field));
        let message = Memo::new(move |_| {
            errors.with(|es| {
                es.iter()
                    .filter(|e| e.field == field)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        });
        view! {
            <p class="field__error" id=id role="alert" hidden=move || message.with(String::is_empty)>
                {message}
            </p>
        }
    };
    let invalid = move |field: Field| {
        move || {
            errors
                .with(|es| es.iter().any(|e| e.field == field))
                .then_some("true")
        }
    };
    let text_field = move |field: Field,
                           value: RwSignal<String>,
                           placeholder: &'static str,
                           hint: &'static str| {
        let id = field_id(field);
        view! {
            <div class="field">
                <label for=id>{field.label()}</label>
                <input
                    id=id
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    placeholder=placeholder
                    aria-invalid=invalid(field)
                    aria-describedby=format!("{id}-error {id}-hint")
                    bind:value=value
                />
                <p class="field__hint" id=format!("{id}-hint")>{hint}</p>
                {error_for(field)}
            </div>
        }
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
                        spellcheck="false"
                        autocomplete="off"
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
            {text_field(Field::Scope, scope, "orders:read orders:write", "Space-separated; left out of the request when empty (RFC 6749 §3.3).")}
        </form>
    }
}

/// The element id of a field's input.
pub fn field_id(field: Field) -> &'static str {
    match field {
        Field::TokenUrl => "token-url",
        Field::ClientId => "client-id",
        Field::ClientSecret => "client-secret",
        Field::Scope => "scope",
        Field::Audience => "audience",
        Field::Resource => "resource",
        Field::ExtraParam(_) => "extra-params",
        Field::ExtraHeader(_) => "extra-headers",
        Field::GrantType => "grant-type",
    }
}
