//! Code export: the composed request as a snippet for curl, Python, Node and other tools.
use super::fields::options;
use crate::hooks::use_clipboard;
use crate::oauth::export::{EnvVar, Language, SecretStyle, env_vars, export, holds_secrets};
use crate::oauth::http::HttpRequest;
use leptos::prelude::*;

/// The composed request as code in other tools and languages (the same method, URL, headers
/// and body bytes as the raw view): a language picker, where the secrets come from
/// (environment variables by default, or inline), the snippet, and a Copy button.
#[component]
pub fn CodeExport(
    /// The request exactly as it will be sent (secrets in clear), or `None` while invalid.
    #[prop(into)]
    request: Signal<Option<HttpRequest>>,
) -> impl IntoView {
    let language = RwSignal::new(Language::Curl);
    let secrets = RwSignal::new(SecretStyle::default());
    let snippet = Memo::new(move |_| {
        request.with(|r| r.as_ref().map(|r| export(r, language.get(), secrets.get())))
    });
    let vars = Memo::new(move |_| request.with(|r| r.as_ref().map(env_vars).unwrap_or_default()));
    let has_secret = Memo::new(move |_| request.with(|r| r.as_ref().is_some_and(holds_secrets)));
    let clipboard = use_clipboard();

    view! {
        <section class="panel panel--export" aria-labelledby="code-export-title">
            <header class="panel__header">
                <h2 id="code-export-title">"Code export"</h2>
                <button
                    type="button"
                    class="button button--small"
                    title="Copy the snippet"
                    disabled=move || snippet.with(Option::is_none)
                    on:click=move |_| {
                        if let Some(text) = snippet.get_untracked() {
                            clipboard.copy.run(text);
                        }
                    }
                >
                    {clipboard.label("Copy")}
                </button>
            </header>
            {export_controls(language, secrets)}
            {env_hint(secrets, vars)}
            <p
                class="export__warning"
                hidden=move || secrets.get() != SecretStyle::Inline || !has_secret.get()
            >
                "The snippet contains the secret in clear: do not commit or share it."
            </p>
            <pre
                class="http export__code"
                aria-label="Code snippet"
                tabindex="0"
                hidden=move || snippet.with(Option::is_none)
            >
                {move || snippet.get().unwrap_or_default()}
            </pre>
            <p class="placeholder" hidden=move || snippet.with(Option::is_some)>
                "Fix the form errors to export the request."
            </p>
        </section>
    }
}

/// The language picker and where the snippet's secrets come from.
fn export_controls(language: RwSignal<Language>, secrets: RwSignal<SecretStyle>) -> impl IntoView {
    let secrets_option = move |style: SecretStyle| {
        view! {
            <label class="toggle">
                <input
                    type="radio"
                    name="export-secrets"
                    value=style.id()
                    prop:checked=move || secrets.get() == style
                    on:change=move |_| secrets.set(style)
                />
                {style.label()}
            </label>
        }
    };

    view! {
        <div class="export__controls">
            <div class="field">
                <label for="export-language">"Language"</label>
                <select
                    id="export-language"
                    on:change=move |ev| {
                        if let Some(l) = Language::from_id(&event_target_value(&ev)) {
                            language.set(l);
                        }
                    }
                >
                    {options(Language::ALL, Language::id, Language::label, move |l| language.get() == l)}
                </select>
            </div>
            <fieldset class="export__secrets">
                <legend>"Secrets"</legend>
                {SecretStyle::ALL.into_iter().map(secrets_option).collect_view()}
            </fieldset>
        </div>
    }
}

/// Which environment variables to set before running the snippet (environment-variable style).
fn env_hint(secrets: RwSignal<SecretStyle>, vars: Memo<Vec<EnvVar>>) -> impl IntoView {
    view! {
        <p
            class="export__hint"
            hidden=move || secrets.get() != SecretStyle::EnvVars || vars.with(Vec::is_empty)
        >
            "Set "
            {move || {
                vars.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        view! {
                            {(i > 0).then_some(", ")}
                            <code>{v.name}</code>
                            " ("
                            {v.holds}
                            ")"
                        }
                    })
                    .collect_view()
            }}
            " in the environment before running it; the snippet encodes it exactly as the raw view shows."
        </p>
    }
}
