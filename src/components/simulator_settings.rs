use super::fields::options;
use crate::components::Toggle;
use crate::oauth::simulator::{
    Fault, INTROSPECTION_PATH, JWKS_PATH, Profile, RESOURCE_PATH, REVOCATION_PATH,
    SIMULATED_ORIGIN, SimulatorConfig, TOKEN_PATH,
};
use crate::oauth::types::AuthMethod;
use crate::state::{SimulatorState, parse_latency, parse_lifetime, parse_skew};
use leptos::prelude::*;

/// Settings of the simulated authorization server: token lifetime (down to 10 s for countdown
/// demos), token format, latency, a fault to answer with, the provider profile it imitates,
/// its clock skew, how the example client is registered, and what it serves.
#[component]
pub fn SimulatorSettings(
    /// The simulated server's settings.
    sim: SimulatorState,
) -> impl IntoView {
    let SimulatorState {
        lifetime,
        latency,
        skew,
        opaque,
        fault,
        profile,
        method,
        register_key,
        require_dpop_nonce,
        ..
    } = sim;
    view! {
        <details class="more sim-settings">
            <summary>"Simulated server settings"<span class="muted">" — profile, lifetime, format, latency, faults, clients"</span></summary>
            <div class="form">
                <div class="field">
                    <label for="sim-profile">"Provider profile"</label>
                    <select id="sim-profile" aria-describedby="sim-profile-quirks" on:change=move |ev| {
                        if let Some(p) = Profile::from_id(&event_target_value(&ev)) {
                            profile.set(p);
                        }
                    }>
                        {options(Profile::ALL, Profile::id, Profile::label, move |p| profile.get() == p)}
                    </select>
                    <p class="field__hint" id="sim-profile-quirks">{move || profile.get().quirks()}</p>
                </div>
                {timing_fields(lifetime, latency, skew)}
                <Toggle checked=opaque label="Opaque access tokens (instead of JWTs)" />
                <Toggle checked=require_dpop_nonce label="Require DPoP nonce" />
                <div class="field">
                    <label for="sim-fault">"Fault"</label>
                    <select id="sim-fault" on:change=move |ev| {
                        if let Some(f) = Fault::from_id(&event_target_value(&ev)) {
                            fault.set(f);
                        }
                    }>
                        {options(Fault::ALL, Fault::id, Fault::label, move |f| fault.get() == f)}
                    </select>
                </div>
                <div class="field">
                    <label for="sim-method">"Registered authentication method of my_client_id_123"</label>
                    <select id="sim-method" on:change=move |ev| {
                        method.set(AuthMethod::parse(&event_target_value(&ev)));
                    }>
                        <option value="any" selected=move || method.get().is_none()>"any secret- or key-based method"</option>
                        {AuthMethod::ALL.into_iter().filter(|m| *m != AuthMethod::None).map(|m| view! {
                            <option value=m.as_str() selected=move || method.get() == Some(m)>{m.as_str()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {example_client(sim)}
                <Toggle checked=register_key label="Register the composer's public key for private_key_jwt (untick to see a key the server does not know)" />
                {registered_clients()}
            </div>
        </details>
    }
}

/// Token lifetime, latency and clock skew as typed, each with its error when unusable.
fn timing_fields(
    lifetime: RwSignal<String>,
    latency: RwSignal<String>,
    skew: RwSignal<String>,
) -> impl IntoView {
    let bad_lifetime = move || lifetime.with(|l| parse_lifetime(l).is_none());
    let bad_latency = move || latency.with(|l| parse_latency(l).is_none());
    let bad_skew = move || skew.with(|s| parse_skew(s).is_none());
    view! {
        <div class="field__row">
            <div class="field">
                <label for="sim-lifetime">"Token lifetime (s)"</label>
                <input id="sim-lifetime" type="text" inputmode="numeric" aria-invalid=move || bad_lifetime().then_some("true") aria-describedby="sim-lifetime-error" bind:value=lifetime />
            </div>
            <div class="field">
                <label for="sim-latency">"Latency (ms)"</label>
                <input id="sim-latency" type="text" inputmode="numeric" placeholder="0 or 100-800" aria-invalid=move || bad_latency().then_some("true") bind:value=latency />
            </div>
            <div class="field">
                <label for="sim-skew">"Server clock skew (s)"</label>
                <input id="sim-skew" type="text" inputmode="numeric" aria-invalid=move || bad_skew().then_some("true") aria-describedby="sim-skew-error" bind:value=skew />
            </div>
        </div>
        <p class="field__error" id="sim-lifetime-error" role="alert" hidden=move || !bad_lifetime()>
            "Token lifetime must be a whole number of seconds from 10 to 86400; the last valid value is used."
        </p>
        <p class="field__error" role="alert" hidden=move || !bad_latency()>
            "Latency must be milliseconds from 0 to 30000, fixed (300) or a random range (100-800); 0 is used."
        </p>
        <p class="field__error" id="sim-skew-error" role="alert" hidden=move || !bad_skew()>
            "Clock skew must be a whole number of seconds from -86400 (behind) to 86400 (ahead); 0 is used."
        </p>
    }
}

/// The example client's registration: its credential, scopes and permitted targets.
fn example_client(sim: SimulatorState) -> impl IntoView {
    view! {
        <fieldset class="plain">
            <legend>"The example client my_client_id_123"</legend>
            <div class="field__row">
                <div class="field">
                    <label for="sim-client-secret">"Its registered credential"</label>
                    <input id="sim-client-secret" type="text" spellcheck="false" autocomplete="off" bind:value=sim.client_secret />
                </div>
                <div class="field">
                    <label for="sim-client-scopes">"May be granted (space-separated)"</label>
                    <input id="sim-client-scopes" type="text" spellcheck="false" autocomplete="off" bind:value=sim.client_scopes />
                </div>
            </div>
            <div class="field">
                <label for="sim-client-audiences">"Permitted targets (RFC 8707), one per line"</label>
                <textarea id="sim-client-audiences" rows="2" spellcheck="false" bind:value=sim.client_audiences></textarea>
            </div>
        </fieldset>
    }
}

/// The registered clients and the endpoints the simulated server serves.
fn registered_clients() -> impl IntoView {
    let clients = SimulatorConfig::default().clients;
    view! {
        <table class="sim-clients">
            <caption>"Registered clients"</caption>
            <thead><tr><th scope="col">"client_id"</th><th scope="col">"grant_types"</th><th scope="col">"scopes"</th></tr></thead>
            <tbody>
                {clients.into_iter().map(|c| view! {
                    <tr>
                        <td><code>{c.id}</code>{(!c.secret.is_empty()).then(|| view! { " / " <code>{c.secret}</code> })}</td>
                        <td>{c.grant_types.join(", ")}</td>
                        <td>{c.allowed_scopes.join(" ")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="muted">"Endpoints: token " <code>{format!("POST {SIMULATED_ORIGIN}{TOKEN_PATH}")}</code>
            ", introspection " <code>{format!("POST {INTROSPECTION_PATH}")}</code>
            ", revocation " <code>{format!("POST {REVOCATION_PATH}")}</code>
            ", JWKS " <code>{format!("GET {JWKS_PATH}")}</code>
            ", metadata " <code>"GET /.well-known/oauth-authorization-server"</code>
            ", API " <code>{format!("GET {RESOURCE_PATH}")}</code>"."
        </p>
    }
}
