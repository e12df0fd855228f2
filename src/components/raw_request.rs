use crate::oauth::draft::FieldError;
use leptos::prelude::*;

/// The exact HTTP request that Send will transmit, re-rendered on every keystroke.
/// Secrets are masked unless `reveal` is on.
#[component]
pub fn RawRequest(
    /// The rendered request (already masked or revealed), or `None` while the form is invalid.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// The field errors that prevent rendering.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// Whether secrets are revealed; the toggle writes to it.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <section class="panel panel--request" aria-labelledby="raw-request-title">
            <header class="panel__header">
                <h2 id="raw-request-title">"Request"</h2>
                <label class="toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || reveal.get()
                        on:change=move |ev| reveal.set(event_target_checked(&ev))
                    />
                    "Reveal secrets"
                </label>
            </header>
            <pre class="http" aria-label="Raw HTTP request" tabindex="0">
                {move || text.get().unwrap_or_default()}
            </pre>
            <ul class="notice notice--error" hidden=move || errors.with(Vec::is_empty)>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|e| view! { <li>{e.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
