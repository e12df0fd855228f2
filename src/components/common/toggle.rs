use leptos::prelude::*;

/// A checkbox with its text inside the label (`<label class="toggle">`), two-way bound to a
/// `bool` signal: the box shows the signal, and ticking it sets the signal on `change`.
///
/// The label text is the box's accessible name; keep it stable, tests and readers use it.
/// Use it only where a change does nothing but set the signal: a box whose change also saves or
/// runs a callback stays hand-written.
#[component]
pub fn Toggle(
    /// The visible text, which is also the accessible name of the checkbox.
    label: &'static str,
    /// The state shown by the box and set when it is ticked or cleared.
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="toggle">
            <input type="checkbox" bind:checked=checked />
            {label}
        </label>
    }
}
