//! The answer, beside the diagram: what the token endpoint said (status, error code) with the
//! token's countdown, and what the API said — so that a projected screen shows the diagram,
//! the explanation and the answer at once.

use crate::oauth::http::reason_phrase;
use crate::oauth::response::TokenOutcome;
use crate::oauth::token::{TokenState, format_duration};
use crate::state::{ApiState, Exchange, ExchangeState};
use leptos::prelude::*;

/// "Answer": the token endpoint's status and the token's time left, and the API's status.
#[component]
pub fn AnswerSummary(
    /// The token request's sends.
    exchange: ExchangeState,
    /// The API call.
    api: ApiState,
    /// The current time (ms since the epoch).
    now: Signal<u64>,
) -> impl IntoView {
    let token = move || {
        if exchange.sending.get() {
            return "Sending…".to_string();
        }
        exchange.exchange.with(|ex| {
            ex.as_ref()
                .map_or_else(|| "Not sent yet".into(), token_line)
        })
    };
    let countdown = move || {
        exchange.exchange.with(|ex| {
            let issued = ex.as_ref()?.issued.as_ref()?;
            Some(time_left(
                issued.state_for(now.get(), exchange.renew_at.get()),
            ))
        })
    };
    let api_line = move || {
        api.exchange
            .with(|call| match call.as_ref().map(|c| &c.result) {
                None => "Not called".to_string(),
                Some(Ok(r)) => status_text(r.status),
                Some(Err(e)) => format!("no answer: {e}"),
            })
    };
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"Answer"</h2>
            <dl class="answer__lines">
                <dt>"Token endpoint"</dt>
                <dd>
                    <span class="answer__status">{token}</span>
                    <span class="answer__countdown" hidden=move || countdown().is_none()>{countdown}</span>
                </dd>
                <dt>"API"</dt>
                <dd><span class="answer__status">{api_line}</span></dd>
            </dl>
        </section>
    }
}

fn status_text(status: u16) -> String {
    format!("{status} {}", reason_phrase(status))
}

/// The token endpoint's status, with the error code of a refusal (RFC 6749 §5.2).
fn token_line(ex: &Exchange) -> String {
    match (&ex.result, &ex.outcome) {
        (Err(e), _) => format!("no answer: {e}"),
        (Ok(r), Some(TokenOutcome::Error(e))) => format!("{} · {}", status_text(r.status), e.error),
        (Ok(r), _) => status_text(r.status),
    }
}

/// The token's time left, as the countdown says it.
fn time_left(state: TokenState) -> String {
    match state {
        TokenState::Valid { remaining_secs } | TokenState::Expiring { remaining_secs } => {
            format!("Expires in {}", format_duration(remaining_secs))
        }
        TokenState::Expired { since_secs } => {
            format!("Expired {} ago", format_duration(since_secs))
        }
        TokenState::Unknown => "Lifetime unknown (no expires_in)".to_string(),
    }
}
