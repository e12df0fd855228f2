//! What the scenario in force shows.

use crate::oauth::demo::Scenario;
use leptos::prelude::*;

/// The scenario's title and explanation (a polite live region: read when a scenario starts).
#[component]
pub fn ScenarioExplanation(
    /// The scenario in force, if any.
    active: Signal<Option<&'static Scenario>>,
) -> impl IntoView {
    view! {
        <div class="scenarios__explain" role="status" aria-live="polite">
            {move || active.get().map(|s| view! {
                <p><strong>{s.title}</strong></p>
                <p>{s.explanation}</p>
            })}
        </div>
    }
}
