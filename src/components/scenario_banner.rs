//! The banner that says a guided scenario's simulated server settings are in force.

use crate::oauth::demo::{Scenario, ScenarioOverride};
use leptos::prelude::*;

/// Shown under Send while a guided scenario changes the simulated server (e.g. "Server down"
/// answers 503): what it changes, and one click to restore the settings from before. Nothing
/// of it is saved: a reload starts without it.
#[component]
pub fn ScenarioBanner(
    /// The scenario in force, with what it replaced.
    scenario: RwSignal<Option<ScenarioOverride>>,
    /// The simulated server's settings now, a scenario's included.
    #[prop(into)]
    current: Signal<crate::oauth::persist::SimulatorSettings>,
    /// "Renew automatically" now.
    #[prop(into)]
    auto_renew: Signal<bool>,
    /// "Restore server settings" was pressed.
    on_end: Callback<()>,
) -> impl IntoView {
    let message = Memo::new(move |_| {
        scenario.with(|o| {
            let o = o.as_ref()?;
            let changes = current.with(|c| o.changes(c, auto_renew.get()));
            let title = Scenario::find(o.id).map_or(o.id, |s| s.title);
            (!changes.is_empty()).then(|| {
                format!(
                    "Scenario “{title}” is changing the simulated server: {}.",
                    changes.join(", ")
                )
            })
        })
    });
    view! {
        <div class="notice notice--warn scenario-banner" role="status" hidden=move || message.with(Option::is_none)>
            <p>{move || message.get().unwrap_or_default()}</p>
            <button type="button" class="button button--small" on:click=move |_| on_end.run(())>
                "Restore server settings"
            </button>
        </div>
    }
}
