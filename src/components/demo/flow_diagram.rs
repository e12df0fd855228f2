//! The flow diagram: a sequence diagram with three lifelines (client, authorization server,
//! resource server) and one arrow per step, drawn by CSS (style/demo.css) over an ordered list
//! whose items say everything in text: the step, its state, who sends to whom, the rule and the
//! data. The current step is highlighted (`aria-current="step"`).

use crate::oauth::demo::{
    ApiAnswer, ApiCall, FlowInput, Party, Prepared, Step, StepId, TokenAnswer, TokenExchange,
    api_answer, carries_token, current_step, flow_steps, request_line, token_answer,
};
use crate::state::{ApiState, ExchangeState, FormState};
use leptos::prelude::*;

/// The diagram of the client credentials flow and of the token's use, as a figure.
#[component]
pub fn FlowDiagram(
    /// The steps' states and data ([`flow`]).
    steps: Memo<[Step; 7]>,
) -> impl IntoView {
    let current = Memo::new(move |_| steps.with(|s| current_step(s)));
    let items = StepId::ALL
        .into_iter()
        .enumerate()
        .map(|(i, id)| step_item(steps, current, i, id))
        .collect_view();
    let parties = Party::ALL
        .into_iter()
        .map(|p| view! { <span data-party=p.id()>{p.label()}</span> })
        .collect_view();
    view! {
        <figure class="flow">
            <figcaption>"Client credentials flow: client → authorization server → resource server"</figcaption>
            <div class="flow__parties" aria-hidden="true">{parties}</div>
            <ol class="flow__steps" aria-label="Client credentials flow steps">{items}</ol>
        </figure>
    }
}

/// One step: its arrow between the lifelines (decorative, empty), its state icon, and its
/// text.
fn step_item(
    steps: Memo<[Step; 7]>,
    current: Memo<Option<StepId>>,
    i: usize,
    id: StepId,
) -> impl IntoView {
    let state_of = move || steps.with(|s| s[i].state);
    let arrow = id.arrow();
    view! {
        <li
            class="flow__step"
            data-step=id.id()
            data-arrow=arrow.id()
            data-self=arrow.is_self().then_some("true")
            data-state=move || state_of().id()
            aria-current=move || (current.get() == Some(id)).then_some("step")
        >
            <span class="flow__lanes"><span class="flow__arrow"></span></span>
            <span class="flow__icon" aria-hidden="true">{move || state_of().icon()}</span>
            <span class="flow__text">
                <span class="flow__head">
                    <strong class="flow__title">{id.title()}</strong>
                    <span class="flow__state">{move || state_of().label()}</span>
                    <span class="flow__actor"><span class="flow__who">{arrow.text()}" · "</span><cite>{id.rule()}</cite></span>
                </span>
                <code class="flow__detail">{move || steps.with(|s| s[i].detail.clone())}</code>
            </span>
        </li>
    }
}

/// The flow diagram's steps, from the request being composed, the latest exchange and the
/// latest API call (the pure [`flow_steps`]).
pub(super) fn flow(form: FormState, exchange: ExchangeState, api: ApiState) -> Memo<[Step; 7]> {
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
