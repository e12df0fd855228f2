use crate::oauth::prefill::{Notice, Severity};
use leptos::prelude::*;

/// Messages about the page's URL parameters, the saved configuration and host-page messages,
/// each dismissible. Shown at the top; never blocks the form.
#[component]
pub fn Notices(
    /// The current notices; dismissing removes one.
    notices: RwSignal<Vec<Notice>>,
) -> impl IntoView {
    view! {
        <section class="notices" aria-label="Notices" hidden=move || notices.with(Vec::is_empty)>
            <ul role="status">
                {move || notices.get().into_iter().enumerate().map(|(i, n)| {
                    let kind = match n.severity {
                        Severity::Warning => "notice notice--warn",
                        Severity::Ignored => "notice",
                    };
                    view! {
                        <li class=kind>
                            <span><code>{n.parameter.clone()}</code>": " {n.message.clone()}</span>
                            <button
                                type="button"
                                class="button button--quiet button--small"
                                aria-label=format!("Dismiss the notice about {}", n.parameter)
                                on:click=move |_| notices.update(|list| {
                                    if i < list.len() {
                                        list.remove(i);
                                    }
                                })
                            >
                                "Dismiss"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
