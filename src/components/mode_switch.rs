use crate::components::{LockIcon, LockNote};
use crate::transport::Mode;
use leptos::prelude::*;

/// Chooses where Send goes: the simulated server in the page, or the real token URL.
#[component]
pub fn ModeSwitch(
    /// The current mode; the switch writes to it.
    mode: RwSignal<Mode>,
    /// The live request timeout in seconds, as typed.
    timeout: RwSignal<String>,
    /// Fixed by the embedding page (`lock=mode`).
    #[prop(into, optional)]
    locked: Signal<bool>,
) -> impl IntoView {
    let option = move |value: Mode, label: &'static str, hint: &'static str| {
        view! {
            <label class="segmented__option" title=hint>
                <input
                    type="radio"
                    name="mode"
                    value=value.as_str()
                    prop:checked=move || mode.get() == value
                    disabled=move || locked.get()
                    on:change=move |_| mode.set(value)
                />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <div class="mode">
            // `lock=mode`: the mode as text with a padlock, no radio buttons at all.
            <p class="segmented segmented--locked" hidden=move || !locked.get()>
                <span class="visually-hidden">"Send to: "</span>
                <span>{move || if mode.get() == Mode::Simulated { "Simulated" } else { "Live" }}</span>
                <LockIcon />
                <span class="visually-hidden"><LockNote locked=locked /></span>
            </p>
            <fieldset class="segmented" aria-label="Send to" hidden=move || locked.get()>
                {option(Mode::Simulated, "Simulated", "Send to the authorization server simulated inside this page: no network needed")}
                {option(Mode::Live, "Live", "Send to the real token URL with fetch")}
            </fieldset>
            // Live only: from the `screen` chunk (issue 17), after the first paint. Live requests
            // use the default timeout without it, so if its chunk does not download it is simply
            // absent: the chunk's other parts say so with Retry, not an error in the header.
            {crate::lazy::lazy_optional("the timeout field", crate::chunks::preload_timeout_field, move || {
                crate::lazy::ready_now(crate::chunks::timeout_field_view(mode, timeout))
            })}
        </div>
    }
}

/// "Timeout (s)" for live requests, shown in live mode (the `screen` chunk,
/// [`crate::chunks::timeout_field_view`]).
pub(crate) fn timeout_field(mode: RwSignal<Mode>, timeout: RwSignal<String>) -> impl IntoView {
    let invalid = move || timeout.with(|t| crate::transport::parse_timeout(t).is_none());
    view! {
        <label class="timeout" hidden=move || mode.get() != Mode::Live>
            "Timeout (s)"
            <input
                type="text"
                inputmode="numeric"
                size="3"
                aria-invalid=move || invalid().then_some("true")
                title="Live requests are aborted after this many seconds (1–300)"
                bind:value=timeout
            />
        </label>
    }
}
