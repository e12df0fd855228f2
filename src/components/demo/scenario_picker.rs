//! The guided scenarios' buttons.

use crate::oauth::demo::{SCENARIOS, Scenario};
use leptos::prelude::*;

/// One button per guided scenario; the one in force is pressed.
#[component]
pub fn ScenarioPicker(
    /// The scenario in force, if any.
    active: Signal<Option<&'static Scenario>>,
    /// A scenario's button was pressed.
    on_run: Callback<&'static Scenario>,
) -> impl IntoView {
    let buttons = SCENARIOS
        .iter()
        .map(|s| {
            view! {
                <li>
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || active.get().is_some_and(|a| a.id == s.id).to_string()
                        on:click=move |_| on_run.run(s)
                    >
                        {s.title}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="scenarios" aria-labelledby="scenarios-title">
            <h2 id="scenarios-title">"Guided scenarios (simulated server)"</h2>
            <ul class="scenarios__list">{buttons}</ul>
        </section>
    }
}
