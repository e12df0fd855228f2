use crate::oauth::demo::{
    AfterToken, ApiAnswer, ApiCall, FlowInput, Prepared, SCENARIOS, Scenario, Step, StepId,
    StepState, TokenAnswer, TokenExchange, api_answer, carries_token, flow_steps, request_line,
    token_answer,
};
use crate::state::{ApiState, ExchangeState, FormState};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

/// The class on `<html>` while presenter mode is on (see style/demo.css).
const PRESENTER_CLASS: &str = "presenter";

/// Demo mode: a diagram of the client credentials flow (RFC 6749 §4.4) and of the token's use
/// on an API (RFC 6750 §2.1) that lights up step by step from the latest exchange and API call;
/// presenter mode (larger type, secrets always masked, shortcuts shown); and guided scenarios
/// for the simulated server, one click each.
///
/// Keyboard: Alt+R reveals or masks secrets (never while presenting), Alt+N requests a new
/// token. Ctrl+Enter (send) and Alt+T (theme) are handled by the app.
#[component]
pub fn DemoPanel(
    /// The form: the request the diagram shows, and "Show secrets" (masked while presenting).
    form: FormState,
    /// The token request's sends, shown in the diagram.
    exchange: ExchangeState,
    /// The API call, shown in the diagram.
    api: ApiState,
    /// Send the token request (Alt+N, and each scenario).
    on_send: impl Fn() + Copy + Send + Sync + 'static,
    /// Call the API (scenarios that do, once their token arrived).
    on_call_api: impl Fn() + Copy + Send + Sync + 'static,
    /// Set up a scenario's form and simulated server.
    on_scenario: impl Fn(&'static Scenario) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let presenter = RwSignal::new(false);
    let notice = RwSignal::new(None::<&'static str>);
    let chosen = RwSignal::new(None::<&'static Scenario>);
    // A scenario that calls the API once its token arrives: the attempt id the token must
    // be newer than.
    let call_api_after = RwSignal::new(None::<u64>);
    let details = NodeRef::<leptos::html::Details>::new();
    presenter_mode(presenter, details, form.reveal);
    shortcuts(presenter, notice, form.reveal, on_send);
    call_api_when_token_lands(call_api_after, exchange, on_call_api);

    let run = move |scenario: &'static Scenario| {
        on_scenario(scenario);
        chosen.set(Some(scenario));
        let latest = exchange.latest_attempt();
        call_api_after.set((scenario.after == AfterToken::CallApi).then_some(latest));
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

    let step_items = flow_items(flow(form, exchange, api));
    let scenario_buttons = SCENARIOS
        .iter()
        .map(|s| {
            view! {
                <li>
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || chosen.get().is_some_and(|c| c.id == s.id).to_string()
                        on:click=move |_| run(s)
                    >
                        {s.title}
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <details class="demo" node_ref=details>
            <summary>"Demo mode: flow diagram, scenarios, presenter"</summary>
            <div class="demo__body">
                <div class="demo__presenter">
                    <label class="toggle">
                        <input
                            type="checkbox"
                            prop:checked=move || presenter.get()
                            on:change=move |ev| {
                                presenter.set(event_target_checked(&ev));
                                notice.set(None);
                            }
                        />
                        "Presenter mode"
                    </label>
                    <p class="muted" hidden=move || !presenter.get()>
                        "Larger type, secondary panels hidden, secrets always masked."
                    </p>
                    <ul class="demo__keys" aria-label="Keyboard shortcuts" hidden=move || !presenter.get()>
                        <li><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd>" Send"</li>
                        <li><kbd>"Alt"</kbd>"+"<kbd>"R"</kbd>" Reveal / mask secrets"</li>
                        <li><kbd>"Alt"</kbd>"+"<kbd>"N"</kbd>" New token"</li>
                        <li><kbd>"Alt"</kbd>"+"<kbd>"T"</kbd>" Toggle theme"</li>
                    </ul>
                    <p class="muted" role="status">{move || notice.get()}</p>
                </div>
                <figure class="flow">
                    <figcaption id="flow-title">
                        "Client credentials flow: client → authorization server → resource server"
                    </figcaption>
                    <div class="flow__lanes" aria-hidden="true">
                        <span>"Client"</span>
                        <span>"Authorization server"</span>
                        <span>"Resource server"</span>
                    </div>
                    <ol class="flow__steps" aria-label="Client credentials flow steps">{step_items}</ol>
                </figure>
                <section class="scenarios" aria-labelledby="scenarios-title">
                    <h2 id="scenarios-title">"Guided scenarios (simulated server)"</h2>
                    <ul class="scenarios__list">{scenario_buttons}</ul>
                    <div class="scenarios__explain" role="status" aria-live="polite">
                        {move || chosen.get().map(|s| view! {
                            <p><strong>{s.title}</strong></p>
                            <p>{s.explanation}</p>
                        })}
                    </div>
                </section>
            </div>
        </details>
    }
}

/// Presenter mode: a class on `<html>`, the panel opened, and secrets kept masked.
fn presenter_mode(
    presenter: RwSignal<bool>,
    details: NodeRef<leptos::html::Details>,
    reveal: RwSignal<bool>,
) {
    Effect::new(move |_| {
        let on = presenter.get();
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force(PRESENTER_CLASS, on);
        }
        if on && let Some(d) = details.get() {
            d.set_open(true);
        }
    });
    Effect::new(move |_| {
        if presenter.get() && reveal.get() {
            reveal.set(false);
        }
    });
    on_cleanup(|| {
        if let Some(root) = document().document_element() {
            let _ = root.class_list().remove_1(PRESENTER_CLASS);
        }
    });
}

/// Alt+R reveals or masks secrets (never while presenting); Alt+N requests a new token.
fn shortcuts(
    presenter: RwSignal<bool>,
    notice: RwSignal<Option<&'static str>>,
    reveal: RwSignal<bool>,
    on_send: impl Fn() + Copy + 'static,
) {
    let keys = window_event_listener(ev::keydown, move |e| {
        if !e.alt_key() || e.ctrl_key() || e.meta_key() || e.repeat() {
            return;
        }
        match e.code().as_str() {
            "KeyR" => {
                e.prevent_default();
                if presenter.get_untracked() {
                    notice.set(Some("Secrets stay masked in presenter mode."));
                } else {
                    notice.set(None);
                    reveal.update(|r| *r = !*r);
                }
            }
            "KeyN" => {
                e.prevent_default();
                on_send();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}

/// A scenario that calls the API does so once its own token has arrived: `after` holds the
/// attempt id the token must be newer than.
fn call_api_when_token_lands(
    call_api_after: RwSignal<Option<u64>>,
    exchange: ExchangeState,
    on_call_api: impl Fn() + Copy + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        let Some(after) = call_api_after.get() else {
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
                on_call_api();
            }
        }
    });
}

/// The flow diagram's steps, from the request being composed, the latest exchange and the
/// latest API call (the pure [`flow_steps`]).
fn flow(form: FormState, exchange: ExchangeState, api: ApiState) -> Memo<[Step; 7]> {
    Memo::new(move |_| {
        let prepared = form.validated.with(|v| match v {
            Ok(request) => Ok(Prepared::from_request(request)),
            Err(errors) => Err(errors.iter().map(ToString::to_string).collect()),
        });
        let sends = exchange;
        let (exchange, token) = sends.exchange.with(|ex| {
            let Some(ex) = ex.as_ref() else {
                return (None, None);
            };
            let answer = match (&ex.result, &ex.outcome) {
                (Err(e), _) => TokenAnswer::NoResponse(e.to_string()),
                (Ok(r), Some(outcome)) => token_answer(r.status, outcome),
                (Ok(r), None) => TokenAnswer::Unusable {
                    status: r.status,
                    problem: "not understood".into(),
                },
            };
            let token = ex.issued.as_ref().map(|t| t.response.access_token.clone());
            let exchange = TokenExchange {
                request_line: request_line(&ex.request),
                auth_method: ex.token_request.auth.method().as_str().to_string(),
                requested_scope: ex.token_request.scope.to_wire(),
                elapsed_ms: ex.elapsed_ms,
                answer,
            };
            (Some(exchange), token)
        });
        let api = api.exchange.with(|api| {
            api.as_ref().map(|api| ApiCall {
                request_line: request_line(&api.request),
                current_token: token
                    .as_ref()
                    .is_some_and(|t| carries_token(&api.request, t)),
                answer: match &api.result {
                    Ok(r) => api_answer(r),
                    Err(e) => ApiAnswer::NoResponse(e.to_string()),
                },
            })
        });
        flow_steps(&FlowInput {
            prepared,
            sending: sends.sending.get(),
            exchange,
            api,
            reveal: form.reveal.get(),
        })
    })
}

/// One list item per step of the diagram.
fn flow_items(steps: Memo<[Step; 7]>) -> impl IntoView {
    StepId::ALL
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let state_of = move || steps.with(|s| s[i].state);
            view! {
                <li
                    class="flow__step"
                    data-step=id.id()
                    data-lane=id.lane().id()
                    data-state=move || state_of().id()
                    aria-current=move || (state_of() == StepState::Active).then_some("step")
                >
                    <span class="flow__icon" aria-hidden="true">{move || state_of().icon()}</span>
                    <span class="flow__head">
                        <strong class="flow__title">{id.title()}</strong>
                        <span class="flow__state">{move || state_of().label()}</span>
                    </span>
                    <span class="flow__actor">{id.lane().label()}" · "<cite>{id.rule()}</cite></span>
                    <code class="flow__detail">{move || steps.with(|s| s[i].detail.clone())}</code>
                </li>
            }
        })
        .collect_view()
}
