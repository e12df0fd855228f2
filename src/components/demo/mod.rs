//! Demo mode: a sequence diagram of the client credentials flow (RFC 6749 §4.4) and of the
//! token's use on an API (RFC 6750 §2.1) that lights up step by step from the latest exchange
//! and API call; presenter mode (larger type, secrets always masked, shortcuts shown); guided
//! scenarios for the simulated server, one click each, with their explanation and the answer
//! (status and countdown) beside the diagram, so that all of it fits one projected screen.
//!
//! Keyboard: Alt+R reveals or masks secrets (never while presenting), Alt+N requests a new
//! token. Ctrl+Enter (send) and Alt+T (theme) are handled by the app.

mod answer_summary;
mod flow_diagram;
mod presenter;
mod scenario_explanation;
mod scenario_picker;

use crate::oauth::demo::{AfterToken, Scenario};
use crate::state::{ApiState, ExchangeState, FormState};
use answer_summary::AnswerSummary;
use flow_diagram::{FlowDiagram, flow};
use leptos::prelude::*;
pub use presenter::HIDDEN_WHILE_PRESENTING;
use presenter::PresenterControls;
use scenario_explanation::ScenarioExplanation;
use scenario_picker::ScenarioPicker;
use std::time::Duration;

/// Demo mode's panel (a disclosure): presenter controls, guided scenarios, the flow diagram,
/// the scenario's explanation and the answer. Closing it ends the scenario in force.
#[component]
pub fn DemoPanel(
    /// The form: the request the diagram shows, and "Show secrets" (masked while presenting).
    form: FormState,
    /// The token request's sends, shown in the diagram and the answer.
    exchange: ExchangeState,
    /// The API call, shown in the diagram and the answer.
    api: ApiState,
    /// Presenter mode.
    presenter: RwSignal<bool>,
    /// The guided scenario in force, if any.
    #[prop(into)]
    active: Signal<Option<&'static Scenario>>,
    /// The current time (ms since the epoch), for the answer's countdown.
    #[prop(into)]
    now: Signal<u64>,
    /// Send the token request (Alt+N, and each scenario).
    on_send: impl Fn() + Copy + Send + Sync + 'static,
    /// Call the API (scenarios that do, once their token arrived); `true`: as a thief who
    /// copied the token but not its DPoP key (Bearer, no proof).
    on_call_api: impl Fn(bool) + Copy + Send + Sync + 'static,
    /// Set up a scenario's form and simulated server.
    on_scenario: impl Fn(&'static Scenario) + Copy + Send + Sync + 'static,
    /// End the scenario in force (its server settings go back).
    on_end_scenario: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // A scenario that calls the API once its token arrives: the attempt id the token must
    // be newer than.
    let call_api_after = RwSignal::new(None::<(u64, bool)>);
    let details = NodeRef::<leptos::html::Details>::new();
    call_api_when_token_lands(call_api_after, exchange, on_call_api);
    let run = move |scenario: &'static Scenario| {
        on_scenario(scenario);
        let latest = exchange.latest_attempt();
        call_api_after.set(match scenario.after {
            AfterToken::Nothing => None,
            AfterToken::CallApi => Some((latest, false)),
            AfterToken::CallApiWithoutKey => Some((latest, true)),
        });
        // Sent on the next task, once the simulator has taken the new settings (an effect).
        set_timeout(
            move || {
                on_send();
                if exchange.send_blocked.with_untracked(Option::is_some) {
                    call_api_after.set(None);
                }
            },
            Duration::ZERO,
        );
    };
    let closed = move |_| {
        if details.get_untracked().is_some_and(|d| !d.open()) {
            on_end_scenario();
        }
    };
    view! {
        <details class="demo" node_ref=details on:toggle=closed>
            <summary>"Demo mode: flow diagram, scenarios, presenter"</summary>
            <div class="demo__body">
                <PresenterControls presenter=presenter details=details reveal=form.reveal on_send=Callback::new(move |()| on_send()) />
                <ScenarioPicker active=active on_run=Callback::new(run) />
                <FlowDiagram steps=flow(form, exchange, api) />
                <ScenarioExplanation active=active />
                <AnswerSummary exchange=exchange api=api now=now />
            </div>
        </details>
    }
}

/// A scenario that calls the API does so once its own token has arrived: `after` holds the
/// attempt id the token must be newer than, and whether the call is made without the key.
fn call_api_when_token_lands(
    call_api_after: RwSignal<Option<(u64, bool)>>,
    exchange: ExchangeState,
    on_call_api: impl Fn(bool) + Copy + Send + Sync + 'static,
) {
    crate::hooks::effect(move || {
        let Some((after, without_key)) = call_api_after.get() else {
            return;
        };
        if exchange.sending.get() {
            return;
        }
        let landed = exchange.exchange.with(|ex| {
            ex.as_ref()
                .filter(|ex| ex.attempt > after)
                .map(|ex| ex.issued.is_some())
        });
        if let Some(issued) = landed {
            call_api_after.set(None);
            if issued {
                on_call_api(without_key);
            }
        }
    });
}
