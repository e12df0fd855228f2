use crate::oauth::simulator::Fault;
use crate::state::{parse_latency, parse_lifetime};
use leptos::prelude::*;

/// Settings of the simulated authorization server: token lifetime (down to 10 s for countdown
/// demos), token format, latency and a fault to answer with.
#[component]
pub fn SimulatorSettings(
    /// Token lifetime in seconds, as typed.
    lifetime: RwSignal<String>,
    /// Opaque instead of JWT access tokens.
    opaque: RwSignal<bool>,
    /// The fault to answer with.
    fault: RwSignal<Fault>,
    /// Latency in ms, as typed.
    latency: RwSignal<String>,
) -> impl IntoView {
    let bad_lifetime = move || lifetime.with(|l| parse_lifetime(l).is_none());
    let bad_latency = move || latency.with(|l| l.trim() != "0" && parse_latency(l) == 0);
    view! {
        <details class="more sim-settings">
            <summary>"Simulated server settings"<span class="muted">" — lifetime, format, latency, faults"</span></summary>
            <div class="form">
                <div class="field__row">
                    <div class="field">
                        <label for="sim-lifetime">"Token lifetime (s)"</label>
                        <input id="sim-lifetime" type="text" inputmode="numeric" aria-invalid=move || bad_lifetime().then_some("true") aria-describedby="sim-lifetime-error" bind:value=lifetime />
                    </div>
                    <div class="field">
                        <label for="sim-latency">"Latency (ms)"</label>
                        <input id="sim-latency" type="text" inputmode="numeric" aria-invalid=move || bad_latency().then_some("true") bind:value=latency />
                    </div>
                </div>
                <p class="field__error" id="sim-lifetime-error" role="alert" hidden=move || !bad_lifetime()>
                    "Token lifetime must be a whole number of seconds from 10 to 86400; the last valid value is used."
                </p>
                <p class="field__error" role="alert" hidden=move || !bad_latency()>
                    "Latency must be a whole number of milliseconds from 0 to 30000; 0 is used."
                </p>
                <label class="toggle">
                    <input type="checkbox" prop:checked=move || opaque.get() on:change=move |ev| opaque.set(event_target_checked(&ev)) />
                    "Opaque access tokens (instead of JWTs)"
                </label>
                <div class="field">
                    <label for="sim-fault">"Fault"</label>
                    <select id="sim-fault" on:change=move |ev| {
                        if let Some(f) = Fault::from_id(&event_target_value(&ev)) {
                            fault.set(f);
                        }
                    }>
                        {Fault::ALL.into_iter().map(|f| view! {
                            <option value=f.id() selected=move || fault.get() == f>{f.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
        </details>
    }
}
