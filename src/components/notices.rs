use crate::oauth::notices::Counted;
use crate::oauth::prefill::{Notice, Severity};
use leptos::prelude::*;

/// Messages about the page's URL parameters, the saved configuration and host-page messages,
/// each dismissible, and all at once with "Dismiss all" (shown when there is more than one).
/// Shown at the top; never blocks the form. A repeated notice shows its count
/// ("×3") instead of another line, and the list is capped
/// ([`crate::oauth::notices::NOTICE_LIMIT`]), so a host page posting message after message
/// cannot grow it.
#[component]
pub fn Notices(
    /// The current notices with how often each came; dismissing removes one.
    notices: RwSignal<Vec<Counted<Notice>>>,
) -> impl IntoView {
    // Keyed rows: a new notice adds one row, a repeat re-renders only its own row.
    let key = |c: &Counted<Notice>| (c.item.parameter.clone(), c.item.message.clone(), c.count);
    view! {
        <section class="notices" aria-label="Notices" hidden=move || notices.with(Vec::is_empty)>
            <ul aria-live="polite">
                <For each=move || notices.get() key=key let(c)>
                    {
                        let kind = match c.item.severity {
                            Severity::Warning => "notice notice--warn",
                            Severity::Ignored => "notice",
                        };
                        let repeats = c.repeat_label();
                        let label = format!("Dismiss the notice about {}", c.item.parameter);
                        let Notice { parameter, message, .. } = c.item;
                        let dismissed = (parameter.clone(), message.clone());
                        view! {
                            <li class=kind>
                                <span>
                                    <code>{parameter}</code>": " {message}
                                    {(!repeats.is_empty()).then(|| view! {
                                        " " <span class="badge" title="How many times this notice came">{repeats}</span>
                                    })}
                                </span>
                                <button
                                    type="button"
                                    class="button button--quiet button--small"
                                    aria-label=label
                                    on:click=move |_| notices.update(|list| {
                                        list.retain(|c| (&c.item.parameter, &c.item.message) != (&dismissed.0, &dismissed.1));
                                    })
                                >
                                    "Dismiss"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <button
                type="button"
                class="button button--quiet button--small notices__all"
                hidden=move || notices.with(|l| l.len() < 2)
                on:click=move |_| notices.set(Vec::new())
            >
                "Dismiss all"
            </button>
        </section>
    }
}
