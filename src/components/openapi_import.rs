use crate::oauth::openapi::ClientCredentialsScheme;
use crate::state::openapi::{toggle_scope, use_scheme};
use crate::state::{Import, OpenApiState};
use leptos::prelude::*;

/// Import from an OpenAPI 3.x (or Swagger 2.0) document: paste it or load it by URL, pick one
/// of its OAuth 2.0 client credentials security schemes, and the token URL and scopes follow.
#[component]
pub fn OpenApiImport(
    /// The import's document and result.
    import: OpenApiState,
    /// "Token URL", filled from the chosen scheme.
    token_url: RwSignal<String>,
    /// "Scope", narrowed to the chosen scheme's scopes and edited by its boxes.
    scope: RwSignal<String>,
    /// "Load" was pressed.
    on_load: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<usize>);
    view! {
        <details class="more openapi">
            <summary>"Import from OpenAPI"<span class="muted">" — token URL and scopes from an API description"</span></summary>
            <div class="form">
                {document_fields(import, chosen, on_load)}
                {move || match import.import.get() {
                    Import::Idle => None,
                    Import::Loading => Some(view! { <p class="muted" role="status">"Loading the document…"</p> }.into_any()),
                    Import::Failed(why) => Some(view! { <p class="field__error" role="alert">{why}</p> }.into_any()),
                    Import::Found(list) => Some(view! {
                        <fieldset class="plain" role="radiogroup" aria-label="Client credentials schemes">
                            <legend>{format!("{} client credentials scheme(s) found", list.len())}</legend>
                            {scheme_list(list, chosen, token_url, scope)}
                        </fieldset>
                    }.into_any()),
                }}
                {scope_boxes(import, chosen, scope)}
            </div>
        </details>
    }
}

/// The schemes found, or none.
fn found(import: OpenApiState) -> Vec<ClientCredentialsScheme> {
    match import.import.get() {
        Import::Found(list) => list,
        _ => Vec::new(),
    }
}

/// Where the document comes from: "Document URL" with Load, or the pasted text with "Read
/// document" (which forgets the chosen scheme).
fn document_fields(
    import: OpenApiState,
    chosen: RwSignal<Option<usize>>,
    on_load: impl Fn() + Copy + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="openapi-url">"Document URL"</label>
            <div class="field__row">
                <input id="openapi-url" type="text" spellcheck="false" autocomplete="off" placeholder="https://api.example/openapi.json" bind:value=import.url />
                <button type="button" class="button" on:click=move |_| on_load()
                    disabled=move || import.url.with(|u| u.trim().is_empty()) || import.import.with(|i| *i == Import::Loading)>
                    "Load"
                </button>
            </div>
        </div>
        <div class="field">
            <label for="openapi-text">"OpenAPI document (JSON or YAML)"</label>
            <textarea id="openapi-text" rows="5" spellcheck="false" bind:value=import.text></textarea>
            <div class="actions">
                <button type="button" class="button" on:click=move |_| { chosen.set(None); import.read(); }
                    disabled=move || import.text.with(|t| t.trim().is_empty())>
                    "Read document"
                </button>
            </div>
        </div>
    }
}

/// One radio button per scheme; choosing one fills the token URL and scope.
fn scheme_list(
    list: Vec<ClientCredentialsScheme>,
    chosen: RwSignal<Option<usize>>,
    token_url: RwSignal<String>,
    scope: RwSignal<String>,
) -> impl IntoView {
    list.into_iter()
        .enumerate()
        .map(|(i, scheme)| {
            let for_click = scheme.clone();
            view! {
                <label class="toggle">
                    <input
                        type="radio"
                        name="openapi-scheme"
                        prop:checked=move || chosen.get() == Some(i)
                        on:change=move |_| {
                            chosen.set(Some(i));
                            use_scheme(&for_click, token_url, scope);
                        }
                    />
                    <span><code>{scheme.name.clone()}</code>" — " {scheme.token_url.clone()}</span>
                </label>
            }
        })
        .collect_view()
}

/// One checkbox per scope of the chosen scheme, editing "Scope" (RFC 6749 §3.3).
fn scope_boxes(
    import: OpenApiState,
    chosen: RwSignal<Option<usize>>,
    scope: RwSignal<String>,
) -> impl IntoView {
    move || {
        let scheme = chosen
            .get()
            .and_then(|i| found(import).into_iter().nth(i))?;
        Some(view! {
            <fieldset class="plain openapi-scopes">
                <legend>"Scopes of " {scheme.name.clone()}</legend>
                {scheme.scopes.into_iter().map(|(name, description)| {
                    let check = name.clone();
                    let toggle = name.clone();
                    view! {
                        <label class="toggle">
                            <input
                                type="checkbox"
                                prop:checked=move || scope.with(|s| s.split(' ').any(|t| t == check))
                                on:change=move |ev| toggle_scope(scope, &toggle, event_target_checked(&ev))
                            />
                            <code>{name}</code>
                            {(!description.is_empty()).then(|| view! { " — " {description} })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        })
    }
}
